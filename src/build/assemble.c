/* assemble: units with roles into articles, and their dates (see
 * include/kanbao/build/assemble.h). */
#include "kanbao/build/assemble.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kanbao/base/array.h"
#include "kanbao/base/buf.h"
#include "kanbao/build/norm.h"
#include "kanbao/base/punct.h"
#include "kanbao/base/utf8.h"

/* A derived title: cut at a clause end between these many characters. */
enum { TITLE_MIN_CHARS = 8, TITLE_MAX_CHARS = 24 };
/* How far, in articles, a dateline's year is looked for around it. */
enum { EVIDENCE_REACH = 8 };

/* U+3000 between a dateline and the text after it, as print sets it. */
static const char IDEO_SPACE[] = "\xE3\x80\x80";

struct para {
	enum block_kind kind;
	struct buf lead; /* a dateline that opens it, normalised apart */
	struct buf text;
	struct cue_span lead_names; /* a byline's names in `lead`, */
	struct cue_span text_names; /* and in `text`: kept apart by spaces */
};

/* An article being put together, before its text is normalised. */
struct draft {
	size_t first; /* its first block: the article's place in the file */
	size_t line; /* its first line, for warnings */
	unsigned page; /* the page it starts on */
	struct buf title, subtitle, kicker, byline;
	struct buf agency, place; /* from its dateline */
	struct date dl; /* the dateline's date; month 0 when none */
	int has_dl; /* a dateline was taken (本报讯 has no date) */
	int has_source; /* its own source line gave the issue */
	struct date issue; /* its issue's date, when known */
	struct buf paper, pageno;
	struct buf pending; /* a dateline alone, for the next paragraph */
	struct para *p;
	size_t np, cap;
	struct dated *ev; /* dates with a year in its text */
	size_t nev;
	int started; /* anything was put in */
};

struct drafts {
	struct draft *v;
	size_t n, cap;
	int failed;
};

static void free_draft(struct draft *d)
{
	buf_free(&d->title), buf_free(&d->subtitle), buf_free(&d->kicker);
	buf_free(&d->byline), buf_free(&d->agency), buf_free(&d->place);
	buf_free(&d->paper), buf_free(&d->pageno), buf_free(&d->pending);
	for (size_t i = 0; i < d->np; i++) {
		buf_free(&d->p[i].lead);
		buf_free(&d->p[i].text);
	}
	free(d->p);
	free(d->ev);
	memset(d, 0, sizeof *d);
}

static int failed(const struct draft *d)
{
	int f = d->title.failed || d->subtitle.failed || d->kicker.failed ||
		d->byline.failed || d->agency.failed || d->place.failed ||
		d->paper.failed || d->pageno.failed || d->pending.failed;
	for (size_t i = 0; i < d->np; i++)
		f |= d->p[i].lead.failed || d->p[i].text.failed;
	return f;
}

/* Move a draft with anything in it to the list. */
static void close_draft(struct drafts *ds, struct draft *d)
{
	if (d->pending.len && !ds->failed) {
		/* a dateline and nothing after it: a paragraph of its own */
		if (array_grow(&d->p, &d->cap, d->np + 1, sizeof *d->p) < 0)
			ds->failed = 1;
		if (!ds->failed) {
			struct para *p = &d->p[d->np++];
			memset(p, 0, sizeof *p);
			p->kind = BLOCK_PARA;
			p->lead = d->pending;
			memset(&d->pending, 0, sizeof d->pending);
		}
	}
	ds->failed |= failed(d);
	if (!d->started || ds->failed) {
		free_draft(d);
		return;
	}
	if (array_grow(&ds->v, &ds->cap, ds->n + 1, sizeof *ds->v) < 0) {
		ds->failed = 1;
		free_draft(d);
		return;
	}
	ds->v[ds->n++] = *d;
	memset(d, 0, sizeof *d);
}

static void append(struct buf *b, const char *s, size_t n)
{
	if (b->len)
		buf_putc(b, '\n');
	buf_put(b, s, n);
}

/* Take a dateline's date, agency and place (the first one an article
 * has wins), and its byline when the article has none. */
static void take_dateline(struct draft *d, const char *s,
			  const struct dateline *dl)
{
	if (!d->has_dl) {
		d->has_dl = 1;
		d->dl = dl->date;
		buf_put(&d->agency, s + dl->agency.at, dl->agency.len);
		buf_put(&d->place, s + dl->place.at, dl->place.len);
	}
	if (dl->byline.len && !d->byline.len)
		buf_put(&d->byline, s + dl->byline.at, dl->byline.len);
}

static void add_para(struct drafts *ds, struct draft *d, enum block_kind kind,
		     const char *s, size_t n)
{
	if (array_grow(&d->p, &d->cap, d->np + 1, sizeof *d->p) < 0) {
		ds->failed = 1;
		return;
	}
	struct para *p = &d->p[d->np++];
	memset(p, 0, sizeof *p);
	p->kind = kind;
	if (d->pending.len && kind == BLOCK_PARA) {
		p->lead = d->pending;
		memset(&d->pending, 0, sizeof d->pending);
		struct dateline dl;
		if (cues_dateline(p->lead.p, p->lead.len, &dl))
			p->lead_names = dl.byline;
	}
	if (kind == BLOCK_PARA) {
		/* a dateline opening the paragraph: the article's, and kept
		 * apart from the text after it */
		struct opening op;
		struct dateline cl;
		if (!p->lead.len && cues_opening(s, n, &op) && op.rest < n) {
			take_dateline(d, s, &op.dl);
			buf_put(&p->lead, s, op.dl.len);
			p->lead_names = op.dl.byline;
			s += op.rest, n -= op.rest;
		} else if (!p->lead.len && cues_opening(s, n, &op)) {
			take_dateline(d, s, &op.dl);
		}
		size_t at = cues_closing(s, n, &cl);
		if (at != (size_t)-1) {
			size_t open = at + (s[at] == '(' ? 1 : 3);
			take_dateline(d, s + open, &cl);
			if (cl.byline.len)
				p->text_names = (struct cue_span){
					open + cl.byline.at, cl.byline.len
				};
		}
	}
	buf_put(&p->text, s, n);
}

/* The span inside a byline's parentheses, or the whole text. */
static void take_byline(struct draft *d, const char *s, size_t n)
{
	struct cue_span in = { 0, n };
	if (!cues_byline(s, n, &in))
		in = (struct cue_span){ 0, n };
	append(&d->byline, s + in.at, in.len);
}

static void take_issue(struct draft *d, const char *s, size_t n)
{
	struct issue is;
	if (!cues_issue(s, n, &is) || d->has_source)
		return;
	d->has_source = 1;
	d->issue = is.date;
	buf_put(&d->paper, s + is.paper.at, is.paper.len);
	buf_put(&d->pageno, s + is.page.at, is.page.len);
}

/* A headline that stands on its dateline's line: "新华社北京3月1日电
 * 关于召开…的决定（…通过）". */
static int opening_head(struct draft *d, const char *s, size_t n)
{
	struct opening op;
	if (!cues_opening(s, n, &op) || !op.headline || op.rest >= n)
		return 0;
	take_dateline(d, s, &op.dl);
	buf_put(&d->pending, s, op.dl.len);
	append(&d->title, s + op.rest, op.head - op.rest);
	if (op.head < n)
		append(&d->subtitle, s + op.head, n - op.head);
	return 1;
}

static void put_unit(struct drafts *ds, struct draft *d, enum role prev,
		     enum role r, const struct unit *u)
{
	const char *s = u->s;
	size_t n = u->len;
	switch (r) {
	case ROLE_KICKER:
		append(&d->kicker, s, n);
		break;
	case ROLE_HEAD:
		if (opening_head(d, s, n))
			break;
		if (!d->title.len || prev == ROLE_HEAD)
			append(&d->title, s, n);
		else
			append(&d->subtitle, s, n);
		break;
	case ROLE_SUBHEAD:
		/* a photo item's mark on a line of its own ends the
		 * headline, as it does on the headline's line */
		if (d->title.len && !d->subtitle.len && cues_photo_mark(s, n))
			append(&d->title, s, n);
		else
			append(&d->subtitle, s, n);
		break;
	case ROLE_SOURCE:
		take_issue(d, s, n);
		break;
	case ROLE_DATELINE: {
		struct dateline dl;
		if (cues_dateline(s, n, &dl))
			take_dateline(d, s, &dl);
		if (d->pending.len)
			buf_putc(&d->pending, ' ');
		buf_put(&d->pending, s, n);
		break;
	}
	case ROLE_BYLINE_PRE:
	case ROLE_BYLINE:
	case ROLE_CREDIT:
		take_byline(d, s, n);
		break;
	case ROLE_CROSS:
		add_para(ds, d, BLOCK_HEAD, s, n);
		break;
	case ROLE_NOTE:
	case ROLE_NOTE_TEXT:
	case ROLE_LEAD:
	case ROLE_BODY:
	case ROLE_END:
	case ROLE_COUNT:
		add_para(ds, d, BLOCK_PARA, s, n);
		break;
	}
	d->started = 1;
}

/* ---- dates --------------------------------------------------------------*/

static int full(struct date d)
{
	return d.year && d.month && d.day;
}

/* Where an article starts, for array_lower_bound over the marks. */
struct mark_key {
	const struct issue_mark *m; /* the marks, in line order */
	size_t line; /* the article's first line */
	unsigned page; /* and its page */
};

static int mark_on_earlier_page(const void *ctx, size_t i)
{
	const struct mark_key *k = ctx;
	return k->m[i].page < k->page;
}

static int mark_at_or_before_line(const void *ctx, size_t i)
{
	const struct mark_key *k = ctx;
	return k->m[i].line <= k->line;
}

/* The issue mark that dates an article starting at `line` on `page`:
 * the first mark on its page (a running head or a footer dates its page),
 * else the last one before it.  Marks are in line order. */
static const struct issue_mark *mark_for(const struct assembly *a,
					 size_t line, unsigned page)
{
	size_t n = a->nmarks, i;
	const struct issue_mark *m = a->marks;
	struct mark_key k = { m, line, page };
	if (a->paged) {
		/* the first mark on a page at or after `page` */
		i = array_lower_bound(0, n, mark_on_earlier_page, &k);
		if (i < n && m[i].page == page)
			return &m[i];
		return i ? &m[i - 1] : NULL;
	}
	/* the last mark at or before `line` */
	i = array_lower_bound(0, n, mark_at_or_before_line, &k);
	return i ? &m[i - 1] : NULL;
}

static void evidence(struct drafts *ds, struct draft *d)
{
	if (dates_scan(d->title.p, d->title.len, &d->ev, &d->nev) < 0 ||
	    dates_scan(d->subtitle.p, d->subtitle.len, &d->ev, &d->nev) < 0 ||
	    dates_scan(d->kicker.p, d->kicker.len, &d->ev, &d->nev) < 0)
		ds->failed = 1;
	for (size_t i = 0; i < d->np && !ds->failed; i++)
		if (dates_scan(d->p[i].lead.p, d->p[i].lead.len, &d->ev,
			       &d->nev) < 0 ||
		    dates_scan(d->p[i].text.p, d->p[i].text.len, &d->ev,
			       &d->nev) < 0)
			ds->failed = 1;
}

/* Evidence in draft k for a dateline of month m, day d: the latest year
 * of a date naming that month and day (`exact`), or naming that month
 * and no day. */
static int year_in(const struct draft *k, int m, int d, int exact)
{
	int best = 0;
	for (size_t i = 0; i < k->nev; i++) {
		const struct date *e = &k->ev[i].date;
		if (e->month == m && (exact ? e->day == d : !e->day) &&
		    e->year > best)
			best = e->year;
	}
	return best;
}

/* The year of draft i's dateline from dates in the text: a date with a
 * year that names the dateline's month and day, in the article or the
 * articles nearest it, the latest year at the nearest distance that has
 * any; else one that names its month and no day, the same way.  A date
 * naming another month, or another day, is no evidence. */
static int year_from_text(const struct drafts *ds, size_t i)
{
	const struct draft *d = &ds->v[i];
	for (int exact = d->dl.day ? 1 : 0; exact >= 0; exact--) {
		for (size_t k = 0; k <= EVIDENCE_REACH; k++) {
			int a = 0, b = 0;
			if (i >= k)
				a = year_in(&ds->v[i - k], d->dl.month,
					    d->dl.day, exact);
			if (i + k < ds->n)
				b = year_in(&ds->v[i + k], d->dl.month,
					    d->dl.day, exact);
			if (a || b)
				return a > b ? a : b;
		}
	}
	return 0;
}

/* ---- articles -----------------------------------------------------------*/

static int cmp_draft(const void *a, const void *b)
{
	size_t x = ((const struct draft *)a)->first;
	size_t y = ((const struct draft *)b)->first;
	return (x > y) - (x < y);
}

/* norm_text of a buffer, "" for an empty one; NULL only when out of
 * memory. */
static char *norm_buf(const struct buf *b)
{
	return norm_text(b->p ? b->p : "", b->len);
}

/* The title's bytes in `s` from `i` on: openers and spaces passed (with
 * `pass`), up to the first clause end after TITLE_MIN_CHARS, at most
 * TITLE_MAX_CHARS; [*from, returned) */
static size_t title_span(const char *s, size_t n, size_t i, int pass,
			 size_t *from)
{
	size_t chars = 0;
	uint32_t uc;
	while (pass && i < n) {
		utf8_next(s + i, n - i, &uc);
		if (!punct_is_opener(uc) && !utf8_is_space(uc))
			break;
		i += utf8_next(s + i, n - i, &uc);
	}
	*from = i;
	while (i < n && chars < TITLE_MAX_CHARS) {
		size_t len = utf8_next(s + i, n - i, &uc);
		if ((punct_is_clause(uc) || punct_is_stop(uc)) &&
		    chars >= TITLE_MIN_CHARS)
			break;
		i += len;
		chars++;
	}
	return i;
}

char *assemble_derive_title(const char *s)
{
	size_t n = strlen(s), skip = 0, from;
	struct dateline dl;
	size_t mark = cues_note(s, n);
	if (cues_dateline(s, n, &dl))
		skip = dl.len;
	else if (mark && mark < n)
		skip = mark;
	size_t cut = title_span(s, n, skip, 1, &from);
	/* a paragraph that is a dateline or a mark alone is the title; one
	 * of openers alone ("[") is too */
	if (cut == from && skip)
		cut = title_span(s, n, 0, 1, &from);
	if (cut == from)
		cut = title_span(s, n, 0, 0, &from);
	struct buf b = { 0 };
	buf_put(&b, s + from, cut - from);
	return buf_take(&b);
}

/* norm_text of a buffer, but the byline names at `names` normalised as
 * names (one space between them, a padded name joined: norm_names), set
 * apart from the dateline before them by U+3000.  NULL when out of
 * memory. */
static char *norm_names_in(const struct buf *b, struct cue_span names)
{
	if (!names.len || names.at + names.len > b->len)
		return norm_buf(b);
	char *x = norm_text(b->p, names.at);
	char *y = norm_names(b->p + names.at, names.len);
	char *z = norm_text(b->p + names.at + names.len,
			    b->len - names.at - names.len);
	struct buf o = { 0 };
	if (x && y && z) {
		buf_puts(&o, x);
		uint32_t last = 0;
		if (*x)
			utf8_prev(x + strlen(x), x, &last);
		if (*x && *y && !punct_is_opener(last))
			buf_puts(&o, IDEO_SPACE);
		buf_puts(&o, y);
		buf_puts(&o, z);
	}
	free(x);
	free(y);
	free(z);
	return x && y && z ? buf_take(&o) : (buf_free(&o), NULL);
}

/* `a` and `b` (malloc'd, and freed) as one string, U+3000 between them
 * when both hold text; NULL when either is NULL or memory runs out. */
static char *join_ideo(char *a, char *b)
{
	struct buf o = { 0 };
	int ok = a && b;
	if (ok) {
		buf_puts(&o, a);
		if (*a && *b)
			buf_puts(&o, IDEO_SPACE);
		buf_puts(&o, b);
	}
	free(a);
	free(b);
	return ok ? buf_take(&o) : NULL;
}

/* norm of a paragraph: its dateline and its text apart, U+3000 between. */
static char *norm_para(const struct para *p)
{
	char *lead = norm_names_in(&p->lead, p->lead_names);
	char *text = norm_names_in(&p->text, p->text_names);
	return join_ideo(lead, text);
}

/* The source the meta line names: the paper (from its source line or
 * masthead), and the dateline's agency when that is another one. */
static char *source_of(const struct draft *d, const struct buf *paper)
{
	struct buf b = { 0 };
	int own = d->agency.len == 6 && !memcmp(d->agency.p, "本报", 6);
	if (paper->len)
		buf_put(&b, paper->p, paper->len);
	if (d->agency.len && !(own && paper->len) &&
	    !(paper->len == d->agency.len &&
	      !memcmp(paper->p, d->agency.p, paper->len))) {
		if (b.len)
			buf_putc(&b, ' ');
		buf_put(&b, d->agency.p, d->agency.len);
	}
	if (!b.len)
		return NULL;
	char *raw = buf_take(&b);
	char *out = raw ? norm_names(raw, strlen(raw)) : NULL;
	free(raw);
	return out;
}

/* A page as numbered, without leading zeros ("01" -> "1"). */
static char *page_of(const struct buf *p)
{
	struct buf b = { 0 };
	size_t i = 0;
	char *norm = norm_buf(p);
	if (!norm)
		return NULL;
	while (norm[i] == '0' && norm[i + 1])
		i++;
	buf_puts(&b, norm + i);
	free(norm);
	return buf_take(&b);
}

/* The text of draft d into article a: its paragraphs as blocks (one
 * that normalises to nothing is left out), its title (the headline, else
 * its opening words, with a warning: an article is found by its title),
 * its subtitle (the kicker and the subheadline, U+3000 between). */
static enum err_code finish_text(const struct assembly *as,
				 const struct draft *d, struct article *a)
{
	for (size_t k = 0; k < d->np; k++) {
		char *t = norm_para(&d->p[k]);
		if (!t)
			return ERR_NOMEM;
		if (!*t) {
			free(t);
			continue;
		}
		if (article_add_block(a, d->p[k].kind, t) < 0)
			return ERR_NOMEM;
	}
	if (d->title.len) {
		a->title = norm_title(d->title.p, d->title.len);
	} else {
		const char *from = "";
		for (size_t k = 0; k < a->nblocks && !*from; k++)
			from = a->blocks[k].text;
		a->title = assemble_derive_title(from);
		a->flags |= ARTICLE_TITLE_DERIVED;
		diag_warn(as->diag, "%s:%zu: no headline for the article that "
			  "starts here; its title is taken from its opening "
			  "words", as->name, d->line);
	}
	if (!a->title)
		return ERR_NOMEM;
	if (d->kicker.len || d->subtitle.len) {
		char *k = norm_title(d->kicker.p ? d->kicker.p : "",
				     d->kicker.len);
		char *s = norm_title(d->subtitle.p ? d->subtitle.p : "",
				     d->subtitle.len);
		if (!(a->subtitle = join_ideo(k, s)))
			return ERR_NOMEM;
	}
	return ERR_OK;
}

/* The date of draft i, in the issue `issue` (when full): its dateline's,
 * the year taken from the issue (a December dateline in a January issue
 * is the year before), else --year, else dates in the text near it; with
 * none of them no date, and a warning, as a date is never guessed.
 * Without a dated dateline, the issue's date. */
static struct date date_of(const struct assembly *as,
			   const struct drafts *ds, size_t i,
			   struct date issue)
{
	const struct draft *d = &ds->v[i];
	struct date date = { 0 };
	if (d->has_dl && d->dl.month) {
		date = d->dl;
		if (!date.year && full(issue))
			date.year = dates_year_in_issue(d->dl.month, d->dl.day,
							issue);
		if (!date.year)
			date.year = as->year;
		if (!date.year)
			date.year = year_from_text(ds, i);
		if (!date.year)
			diag_warn(as->diag, "%s:%zu: the dateline says %d月%d日 "
				  "and nothing gives its year; date left "
				  "empty (give --date or --year)", as->name,
				  d->line, d->dl.month, d->dl.day);
	} else if (d->has_dl && d->dl.day) {
		/* 中央社台北7日电: the day alone, its month the issue's */
		date = dates_in_issue_month(d->dl.day, issue);
		if (!date.year)
			diag_warn(as->diag, "%s:%zu: the dateline says %d日 and "
				  "nothing gives its month; date left empty "
				  "(give --date)", as->name, d->line,
				  d->dl.day);
	} else if (full(issue)) {
		date = issue;
	}
	return date;
}

/* Draft i made article a: its text, then what the meta line shows (the
 * source, the place, the page, the byline) and its date, from its own
 * source line or the issue mark that dates it. */
static enum err_code finish(const struct assembly *as, struct drafts *ds,
			    size_t i, struct article *a)
{
	const struct draft *d = &ds->v[i];
	enum err_code rc = finish_text(as, d, a);
	if (rc != ERR_OK)
		return rc;
	/* The issue: its own source line, the masthead of its page or
	 * before it, the file's name, --date. */
	struct date issue = d->issue;
	const struct buf *paper = &d->paper, *pageno = &d->pageno;
	struct buf mpaper = { 0 }, mpage = { 0 };
	const struct issue_mark *m = mark_for(as, d->line, d->page);
	if (!d->has_source && m) {
		issue = m->date;
		buf_put(&mpaper, m->paper, m->paper_len);
		buf_put(&mpage, m->pageno, m->pageno_len);
		paper = &mpaper, pageno = &mpage;
	}
	if (!full(issue))
		issue = full(as->named) ? as->named : as->given;
	rc = ERR_NOMEM;
	if (!(a->source = source_of(d, paper)) && (paper->len ||
						   d->agency.len))
		goto out;
	if (d->place.len && !(a->place = norm_buf(&d->place)))
		goto out;
	if (pageno->len && !(a->page = page_of(pageno)))
		goto out;
	if (d->byline.len && !(a->byline = norm_names(d->byline.p,
						       d->byline.len)))
		goto out;
	struct date date = date_of(as, ds, i, issue);
	if (date.year && dates_valid(date.year, date.month, date.day))
		a->date = (uint32_t)(date.year * 10000 + date.month * 100 +
				     date.day);
	rc = ERR_OK;
out:
	buf_free(&mpaper);
	buf_free(&mpage);
	return rc;
}

static void say(const struct assembly *a, const struct draft *d)
{
	if (!a->debug)
		return;
	char line[200];
	snprintf(line, sizeof line, "article at line %zu: %zu paragraphs, "
		 "dateline %d-%d-%d%s, title %.*s", d->line, d->np, d->dl.year,
		 d->dl.month, d->dl.day, d->has_source ? ", source line" : "",
		 (int)(d->title.len < 90 ? d->title.len : 90),
		 d->title.p ? d->title.p : "");
	/* a title cut mid-character is only a debug line's loss */
	a->debug(line);
}

enum err_code assemble_articles(const struct assembly *a,
				struct article_list *out)
{
	struct drafts ds = { 0 };
	struct draft d = { 0 };
	enum err_code rc = ERR_NOMEM;
	for (size_t k = 0; k < a->nchains && !ds.failed; k++) {
		enum role prev = ROLE_COUNT;
		for (size_t i = a->chain[k]; i < a->chain[k + 1]; i++) {
			enum role r = a->role[i];
			if (d.started &&
			    roles_starts_article(prev, r, a->after[i]))
				close_draft(&ds, &d);
			if (!d.started) {
				d.first = a->u[i].first;
				d.line = a->u[i].line;
				d.page = a->u[i].page;
			}
			put_unit(&ds, &d, prev, r, &a->u[i]);
			prev = r;
		}
		close_draft(&ds, &d);
	}
	if (ds.failed)
		goto out;
	if (ds.n)
		qsort(ds.v, ds.n, sizeof *ds.v, cmp_draft);
	for (size_t i = 0; i < ds.n && !ds.failed; i++) {
		evidence(&ds, &ds.v[i]);
		say(a, &ds.v[i]);
	}
	if (ds.failed)
		goto out;
	for (size_t i = 0; i < ds.n; i++) {
		struct article *art = article_list_push(out);
		if (!art || finish(a, &ds, i, art) != ERR_OK)
			goto out;
	}
	rc = ERR_OK;
out:
	free_draft(&d);
	for (size_t i = 0; i < ds.n; i++)
		free_draft(&ds.v[i]);
	free(ds.v);
	return rc;
}
