/* view: the model drawn into a screen (see include/kanbao/reader/view.h). */
#include "kanbao/reader/view.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kanbao/ui/statusline.h"
#include "kanbao/base/width.h"

static const char ellipsis[] = "\xE2\x80\xA6";

static int text(struct screen *s, int row, int col, int limit, const char *t,
		enum attr a)
{
	return screen_text(s, row, col, limit, t, strlen(t), a);
}

static int digits(size_t n)
{
	int d = 1;
	while (n >= 10 && d < 20)
		n /= 10, d++;
	return d;
}

/* Columns a list row's title keeps before the date, then the ID, give way
 * to it: 8 Han, enough to tell one article from another. */
enum { LIST_TITLE_MIN = 16 };

/* Where the fields of the list's rows stand, the same on every row so
 * titles line up; a field left out for want of room is at -1. */
struct list_cols {
	int id, id_w; /* the article ID, right-aligned in id_w columns */
	int date; /* YYYY-MM-DD */
	int count, count_w; /* the search's hits, right-aligned; -1: none */
	int title; /* the title, to end - 1 */
	int x, end; /* the pane's edges (N stands at x + 1) */
};

static void list_cols(const struct model *m, const struct geometry *g,
		      struct list_cols *lc)
{
	const struct model_query *q = &m->search.now;
	lc->x = g->list_x;
	lc->end = g->list_x + g->list_w;
	lc->id_w = digits(m->n);
	lc->count_w = q->on && q->most ? digits(q->most) : 0;
	int n_w = 3; /* " N " */
	int count = lc->count_w ? lc->count_w + 1 : 0;
	int title_w = lc->end - 1 - g->list_x; /* with nothing but the title */
	int id = lc->id_w + 2, date = 10 + 2;
	int rest = title_w - n_w - count; /* the title's, and ID's, date's */
	int keep_date = rest - id - date >= LIST_TITLE_MIN;
	int keep_id = keep_date || rest - id >= LIST_TITLE_MIN;
	int x = g->list_x + n_w;
	lc->id = keep_id ? x : -1;
	x += keep_id ? id : 0;
	lc->date = keep_date ? x : -1;
	x += keep_date ? date : 0;
	lc->count = lc->count_w ? x : -1;
	lc->title = x + count;
}

static void list_row(struct model *m, struct screen *s,
		     const struct list_cols *lc, int row, size_t i)
{
	struct corpus_article a;
	struct err e = { 0 };
	int x = lc->x, end = lc->end;
	enum attr base = ATTR_NORMAL, dim = ATTR_LIST_ID;
	if (i == m->sel) {
		base = dim = m->focus == PANE_LIST ? ATTR_SELECTED
						   : ATTR_SELECTED_DIM;
		screen_fill(s, row, x, end - x, ' ', base);
	}
	char id[48], date[11];
	/* N: not read yet, as in mail readers; it holds in monochrome */
	int unread = !model_is_read(m, i);
	if (unread)
		text(s, row, x + 1, end, "N", i == m->sel ? base : ATTR_UNREAD);
	if (lc->id >= 0) {
		snprintf(id, sizeof id, "%*zu", lc->id_w & 31, i + 1);
		text(s, row, lc->id, end, id, dim);
	}
	if (unread && i != m->sel)
		base = ATTR_UNREAD;
	if (corpus_article(m->c, i, &a, &e) != ERR_OK) {
		text(s, row, lc->title, end, "(unreadable)", ATTR_ERROR);
		return;
	}
	if (lc->date >= 0)
		text(s, row, lc->date, end, doc_date(a.date, date), dim);
	const struct model_query *q = &m->search.now;
	if (lc->count >= 0 && q->r.per_article[i]) {
		/* how many hits the article has, padded so titles line up */
		char count[24];
		snprintf(count, sizeof count, "%*" PRIu32, lc->count_w & 15,
			 q->r.per_article[i]);
		text(s, row, lc->count, end, count,
		     i == m->sel ? base : ATTR_COUNT_MARK);
	}
	if (a.flags & ARTICLE_TITLE_DERIVED) {
		/* the opening words, not a headline: "…" says so */
		char t[512];
		size_t n = a.title.len < sizeof t - 4 ? a.title.len
						      : sizeof t - 4;
		memcpy(t, a.title.s, n);
		memcpy(t + n, ellipsis, 3);
		screen_text_clip(s, row, lc->title, end - 1, t, n + 3, base);
	} else {
		screen_text_clip(s, row, lc->title, end - 1, a.title.s,
				 a.title.len, base);
	}
}

static void draw_list(struct model *m, struct screen *s,
		      const struct geometry *g)
{
	size_t n = model_list_rows(m);
	struct list_cols lc;
	list_cols(m, g, &lc);
	for (int r = 0; r < g->rows; r++) {
		size_t row = m->list_top + (size_t)r;
		if (row >= n)
			break;
		list_row(m, s, &lc, r, model_list_at(m, row));
	}
	if (!m->n)
		text(s, 0, g->list_x + 1, g->list_x + g->list_w,
		     "The corpus has no articles.", ATTR_MESSAGE);
	else if (!n)
		text(s, 0, g->list_x + 1, g->list_x + g->list_w,
		     "No article matches the filter.", ATTR_MESSAGE);
}

static enum attr attr_of(enum doc_kind k)
{
	switch (k) {
	case DOC_TITLE:
		return ATTR_TITLE;
	case DOC_SUBTITLE:
		return ATTR_SUBTITLE;
	case DOC_META:
		return ATTR_META;
	case DOC_HEAD:
		return ATTR_HEAD;
	case DOC_PARA:
		break;
	}
	return ATTR_NORMAL;
}

/* Draw the search hits on a body line again, highlighted: the line is
 * `len` bytes at `t` of `piece`, drawn from column x. */
static void highlight(struct model *m, struct screen *s, int row, int x,
		      int end, const struct doc_piece *piece, const char *t,
		      size_t len)
{
	size_t from, to;
	model_article_hits(m, &from, &to);
	size_t line = (size_t)(t - piece->text);
	for (size_t h = from; h < to; h++) {
		uint64_t pos = search_hit(&m->search.now.r, h);
		if (pos < piece->offset || pos > piece->offset + piece->len)
			continue;
		size_t off = (size_t)(pos - piece->offset);
		size_t n = search_match(&m->search.now.folded,
					piece->text + off, piece->len - off);
		/* the part of the hit on this line */
		size_t a = off > line ? off : line;
		size_t b = off + n < line + len ? off + n : line + len;
		if (a >= b)
			continue;
		int col = x + (int)width_str(t, a - line);
		screen_text(s, row, col, end, piece->text + a, b - a,
			    h == m->search.now.cur ? ATTR_HIT_CURRENT
						   : ATTR_HIT);
	}
}

static void draw_body(struct model *m, struct screen *s,
		      const struct geometry *g)
{
	if (!m->body.open)
		return;
	struct pos p = model_top(m);
	int end = g->text_x + g->text_w;
	size_t bright = model_current_piece(m);
	/* the column left of the text, where a bookmarked line is marked */
	int margin = g->text_x > (g->split ? g->body_x : 0) ? g->text_x - 1
							     : -1;
	for (int r = 0; r < g->rows; r++) {
		enum doc_kind kind;
		const char *t;
		size_t len, indent;
		model_line(m, p, &kind, &t, &len, &indent);
		int x = g->text_x;
		enum attr a = attr_of(kind);
		if (m->ruler && p.piece != bright)
			a = ATTR_RULER;
		if (indent)
			x = text(s, r, x, end, DOC_INDENT_TEXT, ATTR_NORMAL);
		screen_text(s, r, x, end, t, len, a);
		if (len && p.line >= 0)
			highlight(m, s, r, x, end, &m->body.doc.p[p.piece], t,
				  len);
		if (margin >= 0 && model_mark_on(m, p))
			text(s, r, margin, g->text_x, "\xC2\xBB" /* » */,
			     ATTR_BOOKMARK);
		if (!model_next(m, &p))
			break;
	}
}

/* ---- the status line ----------------------------------------------------
 *
 * Fields (statusline.h): where you are on the left, how far and the key
 * hints on the right.  When they do not fit, they give way in steps, the
 * least useful first.  The title and the hit count never go: the title
 * (or a filter) is cut to the room left, with "…". */

/* The steps, in the order fields give way. */
enum {
	GIVE_HINTS_BRIEF = 1, /* the key hints: the help key alone */
	GIVE_HINTS, /* no key hints */
	GIVE_MORE, /* the unread count beside the list; the list's order */
	GIVE_SOURCE, /* the source; the list's unread count */
	GIVE_DATE,
	GIVE_ID, /* the article's ID; "articles" after the list's position */
	GIVE_HITS_BRIEF, /* "hit 3/41", "41 hits" */
	GIVE_LAST, /* how far through the article; the filter */
};

/* The key that opens the help where the reader is: ? in the list, F1 in
 * an article, where ? searches backwards. */
static const char *help_hint(const struct model *m)
{
	unsigned where = m->focus == PANE_BODY ? KEYS_ARTICLE : KEYS_LIST;
	return keys_action_in('?', where) == ACT_HELP ? "? help" : "F1 help";
}

/* The search's part: "hit k of n in m articles" when the current hit is
 * in article `shown` (the one the status line is about), else how many
 * there are; brief: "hit k/n", "n hits". */
static void hits_field(const struct model *m, struct statusline *st,
		       size_t shown)
{
	const struct model_query *q = &m->search.now;
	const char *s = q->r.articles == 1 ? "" : "s";
	struct statusline_field *f;
	if (m->search.want) {
		f = statusline_add(st, 0, "searching…");
	} else if (q->on && q->cur != MODEL_NO_HIT &&
		   model_hit_article(m, q->cur) == shown) {
		f = statusline_add(st, 0, "");
		snprintf(f->text, sizeof f->text,
			 "hit %zu of %zu in %zu article%s", q->cur + 1, q->r.n,
			 q->r.articles, s);
		snprintf(f->brief, sizeof f->brief, "hit %zu/%zu", q->cur + 1,
			 q->r.n);
	} else if (q->on) {
		f = statusline_add(st, 0, "");
		snprintf(f->text, sizeof f->text, "%zu hit%s in %zu article%s",
			 q->r.n, q->r.n == 1 ? "" : "s", q->r.articles, s);
		snprintf(f->brief, sizeof f->brief, "%zu hit%s", q->r.n,
			 q->r.n == 1 ? "" : "s");
	} else {
		return;
	}
	if (*f->brief)
		f->brief_at = GIVE_HITS_BRIEF;
}

/* "n unread" once something is read. */
static void unread_field(const struct model *m, struct statusline *st,
			 int right, int drop_at)
{
	if (!m->nread)
		return;
	char t[48];
	snprintf(t, sizeof t, "%zu unread", m->n - m->nread);
	statusline_add(st, right, t)->drop_at = drop_at;
}

/* Whether the open article's title has scrolled away: the first line
 * drawn is past its first line. */
static int title_gone(struct model *m)
{
	const struct doc *d = &m->body.doc;
	if (!d->title)
		return 0;
	size_t t = 0;
	while (t < d->n && d->p[t].kind != DOC_TITLE)
		t++;
	struct pos top = model_top(m);
	return top.piece > t || (top.piece == t && top.line > 0);
}

/* About the open article: its ID, date, title once scrolled away (else
 * its source), the search; how far, the unread count beside the list. */
static void article_status(struct model *m, const struct geometry *g,
			   struct statusline *st)
{
	const struct corpus_article *a = &m->body.doc.a;
	char t[192], date[11];
	snprintf(t, sizeof t, "%zu/%zu", m->body.article + 1, m->n);
	statusline_add(st, 0, t)->drop_at = GIVE_ID;
	if (*doc_date(a->date, date))
		statusline_add(st, 0, date)->drop_at = GIVE_DATE;
	int searching = m->search.want || m->search.now.on;
	if (title_gone(m)) {
		/* the others give way to up to 20 Han of it, or half the
		 * line */
		int keep = (m->w - 2) / 2;
		struct statusline_field *f;
		f = statusline_add(st, 0, m->body.doc.title);
		f->cut = keep < 40 ? keep : 40;
	} else if (!searching && a->source.len) {
		snprintf(t, sizeof t, "%.*s%s%.*s", (int)a->source.len,
			 a->source.s, a->place.len ? " " : "",
			 (int)a->place.len, a->place.s);
		/* whole or not at all */
		statusline_add(st, 0, t)->drop_at = GIVE_SOURCE;
	}
	hits_field(m, st, m->body.article);
	if (g->split)
		unread_field(m, st, 1, GIVE_MORE);
	snprintf(t, sizeof t, "%d%%", model_percent(m));
	statusline_add(st, 1, t)->drop_at = GIVE_LAST;
	snprintf(t, sizeof t, "%s  q quit", help_hint(m));
	struct statusline_field *f = statusline_add(st, 1, t);
	snprintf(f->brief, sizeof f->brief, "%s", help_hint(m));
	f->brief_at = GIVE_HINTS_BRIEF;
	f->drop_at = GIVE_HINTS;
}

/* About the list: the selected row of how many (of all the articles,
 * when filtered or narrowed), the order, the filter, the unread count,
 * the search. */
static void list_status(struct model *m, struct statusline *st)
{
	size_t rows = model_list_rows(m);
	size_t row = list_row_of(&m->list, m->sel);
	char t[192], of[32] = "";
	if (rows != m->n)
		snprintf(of, sizeof of, " of %zu", m->n);
	row = row == LIST_NONE || !rows ? 0 : row + 1;
	snprintf(t, sizeof t, "%zu/%zu%s articles", row, rows, of);
	struct statusline_field *f = statusline_add(st, 0, t);
	snprintf(f->brief, sizeof f->brief, "%zu/%zu", row, rows);
	f->brief_at = GIVE_ID;
	if (m->sort == LIST_DATE)
		statusline_add(st, 0, "newest first")->drop_at = GIVE_MORE;
	if (m->filter.text) {
		snprintf(t, sizeof t, "filter %.*s", (int)m->filter.len,
			 m->filter.text);
		f = statusline_add(st, 0, t);
		f->cut = 9;
		f->drop_at = GIVE_LAST;
	}
	unread_field(m, st, 0, GIVE_SOURCE);
	hits_field(m, st, m->sel);
	snprintf(t, sizeof t, "Enter open  %s  q quit", help_hint(m));
	f = statusline_add(st, 1, t);
	snprintf(f->brief, sizeof f->brief, "%s", help_hint(m));
	f->brief_at = GIVE_HINTS_BRIEF;
	f->drop_at = GIVE_HINTS;
}

static void draw_status(struct model *m, struct screen *s,
			const struct geometry *g)
{
	struct statusline st = { .n = 0 };
	if ((m->focus == PANE_BODY || g->split) && m->body.open)
		article_status(m, g, &st);
	else
		list_status(m, &st);
	statusline_draw(&st, s, g->status_row, ATTR_STATUS);
}

/* A bar being typed in on the message row: its prompt, the text with the
 * cursor in it, a mark at the right end (or NULL), and a problem the
 * model reports ("Not found") between them where there is room. */
static void edit_bar(struct model *m, struct screen *s,
		     const struct geometry *g, const char *prompt,
		     struct prompt *b, const char *mark)
{
	int row = g->message_row;
	int right = s->w - (mark ? (int)width_str(mark, strlen(mark)) + 1 : 0);
	int x = text(s, row, 0, s->w, prompt, ATTR_HELP_KEY);
	int col = prompt_draw(b, s, row, x, right - 1, ATTR_MESSAGE);
	if (mark)
		text(s, row, right, s->w, mark, ATTR_LIST_ID);
	s->cursor_row = row;
	s->cursor_col = col < s->w ? col : s->w - 1;
	if (m->msg[0] && m->msg_error) {
		size_t qw = width_str(m->msg, strlen(m->msg));
		if ((size_t)col + 3 + qw < (size_t)right)
			text(s, row, right - (int)qw - 1, right, m->msg,
			     ATTR_ERROR);
	}
}

/* Whether the message row shows a bar or the ID being typed, rather than
 * the model's message. */
static int bar_shown(const struct model *m)
{
	return (model_showing(m, MODE_SEARCH) &&
		!model_showing(m, MODE_RESULTS)) ||
	       model_showing(m, MODE_FILTER) || m->ndigits;
}

/* The message's lines at the width of the message row less its last
 * column (the terminal's bottom-right cell, which is never written): in
 * `*lines` (malloc'd, or NULL), how many there are (0: no message shown;
 * -1: out of memory, the message is shown cut on one row). */
static long message_lines(const struct model *m, const struct screen *s,
			  struct wrap_line **lines)
{
	*lines = NULL;
	if (!m->msg[0] || bar_shown(m))
		return 0;
	size_t w = s->w > 1 ? (size_t)s->w - 1 : 1;
	return wrap_paragraph(m->msg, strlen(m->msg), w, 0, lines);
}

/* At most the rows a message takes: a third of the screen. */
static int message_max(const struct screen *s)
{
	return s->h / 3 > 1 ? s->h / 3 : 1;
}

/* The rows a long message takes from the panes, above the message row:
 * the status line moves up by as many. */
static int message_lift(const struct model *m, const struct screen *s)
{
	struct wrap_line *l;
	long n = message_lines(m, s, &l);
	free(l);
	if (n > message_max(s))
		n = message_max(s);
	return n > 1 ? (int)n - 1 : 0;
}

/* The model's message, wrapped onto the rows above the message row when
 * it is longer than one (the corrupt-state warning names a long path); a
 * line that is still too long, or the last when the rows run out, is cut
 * with "…". */
static void draw_say(struct model *m, struct screen *s,
		     const struct geometry *g)
{
	enum attr a = m->msg_error ? ATTR_ERROR : ATTR_MESSAGE;
	struct wrap_line *l;
	long n = message_lines(m, s, &l);
	if (n < 0) {
		screen_text_clip(s, g->message_row, 0, s->w - 1, m->msg,
				 strlen(m->msg), a);
		return;
	}
	long shown = n < message_max(s) ? n : message_max(s);
	int row = g->message_row - (shown > 1 ? (int)shown - 1 : 0);
	for (long i = 0; i < shown; i++, row++) {
		const char *t = m->msg + l[i].start;
		size_t len = i + 1 < shown || shown == n ? l[i].len : strlen(t);
		screen_fill(s, row, 0, s->w, ' ', ATTR_NORMAL);
		screen_text_clip(s, row, 0, s->w - 1, t, len, a);
	}
	free(l);
}

static void draw_message(struct model *m, struct screen *s,
			 const struct geometry *g)
{
	char line[64];
	if (model_showing(m, MODE_SEARCH) &&
	    !model_showing(m, MODE_RESULTS)) {
		/* 简繁: simplified and traditional characters find each
		 * other (the corpus's variants table) */
		int fold = corpus_variants(m->c) && s->w >= 40;
		edit_bar(m, s, g, m->search.now.backward ? "?" : "/",
			 &m->search.edit, fold ? "简繁" : NULL);
	} else if (model_showing(m, MODE_FILTER)) {
		const char *prompt = "Filter (title or 2023-05): ";
		if ((int)width_str(prompt, strlen(prompt)) > s->w / 2)
			prompt = "f: ";
		edit_bar(m, s, g, prompt, &m->filter.edit, NULL);
	} else if (m->ndigits) {
		snprintf(line, sizeof line, "Go to article %s", m->digits);
		static const char hint[] = "  (Enter: go, Esc: cancel)";
		int x = text(s, g->message_row, 0, s->w - 1, line,
			     ATTR_MESSAGE);
		screen_text_clip(s, g->message_row, x, s->w - 1, hint,
				 sizeof hint - 1, ATTR_LIST_ID);
	} else if (m->msg[0]) {
		draw_say(m, s, g);
	}
}

/* The help: every action of the key table, in a box; on a short screen a
 * window of it, which the moving keys scroll.  It stands alone: what would
 * show at its edges is rows of the panes cut by it. */
static void draw_help(struct model *m, struct screen *s)
{
	struct help_box box;
	model_help_layout(m, &box);
	size_t rows = (size_t)box.h - 2;
	int bw = box.w, bh = box.h;
	screen_clear(s);
	int x0 = (s->w - bw) / 2, y0 = (s->h - bh) / 2, right = x0 + bw - 1;
	for (int r = 0; r < bh; r++) {
		screen_fill(s, y0 + r, x0, bw, ' ', ATTR_NORMAL);
		screen_fill(s, y0 + r, x0, 1, 0x2502, ATTR_BORDER);
		screen_fill(s, y0 + r, right, 1, 0x2502, ATTR_BORDER);
	}
	screen_fill(s, y0, x0, bw, 0x2500, ATTR_BORDER);
	screen_fill(s, y0 + bh - 1, x0, bw, 0x2500, ATTR_BORDER);
	screen_fill(s, y0, x0, 1, 0x250C, ATTR_BORDER);
	screen_fill(s, y0, right, 1, 0x2510, ATTR_BORDER);
	screen_fill(s, y0 + bh - 1, x0, 1, 0x2514, ATTR_BORDER);
	screen_fill(s, y0 + bh - 1, right, 1, 0x2518, ATTR_BORDER);
	text(s, y0, x0 + 2, right, " kanbao keys ", ATTR_HELP_KEY);
	for (size_t i = 0; i < rows && m->help.top + i < box.n; i++) {
		const struct help_line *l = &box.line[m->help.top + i];
		int row = y0 + 1 + (int)i;
		if (l->keys)
			text(s, row, x0 + 2, right,
			     keys_help_keys((enum action)l->action),
			     ATTR_HELP_KEY);
		screen_text(s, row, x0 + 2 + l->text_col, right,
			    keys_help_text((enum action)l->action) + l->off,
			    l->len, ATTR_NORMAL);
	}
	const char *foot = " any key closes ";
	if (m->help.top + rows < box.n)
		foot = m->help.top ? " j/k Space/b g/G: more, q closes "
				   : " j Space G: more, q closes ";
	else if (m->help.top)
		foot = " k b g: back, q closes ";
	screen_text_clip(s, y0 + bh - 1, x0 + 2, right, foot, strlen(foot),
			 ATTR_BORDER);
}

/* The status line of a full-screen list (results, bookmarks): where the
 * selection is on the left, the keys on the right where they fit. */
static void view_status(struct screen *s, const struct geometry *g,
			const char *left, const char *hint)
{
	screen_fill(s, g->status_row, 0, s->w, ' ', ATTR_STATUS);
	int x = screen_text_clip(s, g->status_row, 1, s->w - 1, left,
				 strlen(left), ATTR_STATUS);
	int hw = (int)width_str(hint, strlen(hint));
	if (x + 2 + hw <= s->w - 1)
		text(s, g->status_row, s->w - hw - 1, s->w, hint, ATTR_STATUS);
}

/* One row of the results view: the hit in its context, centred. */
static void result_row(struct model *m, struct screen *s, int row, size_t h,
		       int width)
{
	struct err e = { 0 };
	size_t block, off;
	struct corpus_block b;
	int selected = h == m->search.res.sel;
	enum attr base = selected ? ATTR_SELECTED : ATTR_NORMAL;
	if (selected)
		screen_fill(s, row, 0, width, ' ', base);
	if (search_locate(m->c, search_hit(&m->search.now.r, h), &block, &off,
			  &e) ||
	    corpus_block(m->c, block, &b, &e)) {
		text(s, row, 1, width, "(unreadable)", ATTR_ERROR);
		return;
	}
	char id[48];
	snprintf(id, sizeof id, "%*zu", digits(m->n) & 31,
		 model_hit_article(m, h) + 1);
	int x = text(s, row, 1, width, id, selected ? base : ATTR_LIST_ID) + 2;
	const char *t = b.text.s;
	size_t n = search_match(&m->search.now.folded, t + off,
				b.text.len - off);
	int room = width - 1 - x;
	int hw = (int)width_str(t + off, n);
	if (room <= 0)
		return;
	/* as much context before the hit as leaves it in the middle */
	int want = hw < room ? (room - hw) / 2 : 0;
	size_t from = off;
	int used = 0;
	while (from > 0) {
		size_t prev = from;
		do
			prev--;
		while (prev > 0 && ((unsigned char)t[prev] & 0xC0) == 0x80);
		int cw = (int)width_str(t + prev, from - prev);
		if (used + cw > want)
			break;
		used += cw;
		from = prev;
	}
	x += want - used; /* a short left context still centres the hit */
	x = screen_text(s, row, x, width - 1, t + from, off - from, base);
	x = screen_text(s, row, x, width - 1, t + off, n,
			selected ? ATTR_HIT_CURRENT : ATTR_HIT);
	screen_text(s, row, x, width - 1, t + off + n, b.text.len - off - n,
		    base);
}

static void draw_results(struct model *m, struct screen *s,
			 const struct geometry *g)
{
	const struct model_query *q = &m->search.now;
	const struct panel *p = &m->search.res;
	size_t rows = (size_t)g->rows;
	for (size_t r = 0; r < rows && p->top + r < q->r.n; r++)
		result_row(m, s, (int)r, p->top + r, s->w);
	char left[128];
	snprintf(left, sizeof left, "hit %zu of %zu in %zu article%s",
		 p->sel + 1, q->r.n, q->r.articles,
		 q->r.articles == 1 ? "" : "s");
	view_status(s, g, left, "Enter open  Esc back");
}

/* One row of the bookmarks: the article, its date and title (at most
 * half the room left, cut with …), the words at the mark. */
static void mark_row(struct model *m, struct screen *s, int row, size_t k,
		     int width)
{
	const struct model_mark *mk = &m->marks[k];
	int selected = k == m->marks_list.sel;
	enum attr base = selected ? ATTR_SELECTED : ATTR_NORMAL;
	enum attr dim = selected ? ATTR_SELECTED : ATTR_LIST_ID;
	if (selected)
		screen_fill(s, row, 0, width, ' ', base);
	char id[48], date[11];
	snprintf(id, sizeof id, "%*zu", digits(m->n) & 31, mk->article + 1);
	int x = text(s, row, 1, width, id, dim) + 2;
	struct doc d;
	struct err e = { 0 };
	if (doc_open(m->c, mk->article, &d, &e) != ERR_OK) {
		text(s, row, x, width, "(unreadable)", ATTR_ERROR);
		return;
	}
	x = text(s, row, x, width, *doc_date(d.a.date, date) ? date
							   : "          ",
		 dim) + 2;
	/* the title as the article shows it ("…" after a derived one) */
	size_t tn = d.title ? strlen(d.title) : 0;
	int room = width - 1 - x, tw = (int)width_str(d.title, tn);
	if (tw > room / 2)
		tw = room / 2;
	if (tw > 0)
		x = screen_text_clip(s, row, x, x + tw, d.title, tn,
				     selected ? base : ATTR_TITLE) + 2;
	/* a mark at the title's start: the title says it all */
	int at_title = mk->piece == 0 && mk->off == 0 && d.n &&
		       d.p[0].kind == DOC_TITLE && tw > 0;
	if (mk->piece < d.n && !at_title) {
		const struct doc_piece *p = &d.p[mk->piece];
		size_t off = mk->off <= p->len ? mk->off : 0;
		while (off < p->len && ((unsigned char)p->text[off] & 0xC0) ==
					       0x80)
			off++; /* a character's start */
		screen_text_clip(s, row, x, width - 1, p->text + off,
				 p->len - off, base);
	}
	doc_free(&d);
}

static void draw_marks(struct model *m, struct screen *s,
		       const struct geometry *g)
{
	const struct panel *p = &m->marks_list;
	size_t rows = (size_t)g->rows;
	for (size_t r = 0; r < rows && p->top + r < m->nmarks; r++)
		mark_row(m, s, (int)r, p->top + r, s->w);
	char left[96];
	snprintf(left, sizeof left, "bookmark %zu of %zu", p->sel + 1,
		 m->nmarks);
	view_status(s, g, left, "Enter go  d delete  Esc back");
}

void view_render(struct model *m, struct screen *s)
{
	struct geometry g;
	screen_clear(s);
	model_geometry(m, &g);
	if (g.too_small) {
		char msg[64];
		snprintf(msg, sizeof msg, "terminal too small (%dx%d)", m->w,
			 m->h);
		screen_text_clip(s, 0, 0, s->w, msg, strlen(msg), ATTR_ERROR);
		return;
	}
	/* a long message takes rows from the panes, the status line above
	 * it */
	g.status_row -= message_lift(m, s);
	if (model_showing(m, MODE_MARKS) && m->nmarks) {
		draw_marks(m, s, &g);
		draw_message(m, s, &g);
		if (model_showing(m, MODE_HELP))
			draw_help(m, s);
		return;
	}
	if (model_showing(m, MODE_RESULTS)) {
		draw_results(m, s, &g);
		draw_message(m, s, &g);
		if (model_showing(m, MODE_HELP))
			draw_help(m, s);
		return;
	}
	if (g.list_w)
		draw_list(m, s, &g);
	if (g.split)
		for (int r = 0; r < g.rows; r++)
			screen_fill(s, r, g.list_w, 1, 0x2502, ATTR_BORDER);
	if (g.split || m->focus == PANE_BODY)
		draw_body(m, s, &g);
	draw_status(m, s, &g);
	draw_message(m, s, &g);
	if (model_showing(m, MODE_HELP))
		draw_help(m, s);
}
