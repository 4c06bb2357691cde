/* model: the reader's state and transitions (see include/kanbao/model.h). */
#include "kanbao/model.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kanbao/utf8.h"
#include "kanbao/width.h"

/* ---- geometry -----------------------------------------------------------*/

void model_geometry(const struct model *m, struct geometry *g)
{
	memset(g, 0, sizeof *g);
	if (m->w < MODEL_MIN_W || m->h < MODEL_MIN_H) {
		g->too_small = 1;
		return;
	}
	g->rows = m->h - 2;
	g->status_row = m->h - 2;
	g->message_row = m->h - 1;
	g->split = m->w >= MODEL_SPLIT_W;
	if (g->split) {
		g->list_w = m->w * 2 / 5;
		if (g->list_w > 60)
			g->list_w = 60;
		g->body_x = g->list_w + 1; /* a column for the separator */
		g->body_w = m->w - g->body_x;
	} else if (m->focus == PANE_LIST) {
		g->list_w = m->w;
	} else {
		g->body_w = m->w;
	}
	/* The text column: a margin each side, capped at a comfortable
	 * measure and centred in the pane.  It is the same whether or not
	 * a narrow screen shows the body now, so the article is laid out
	 * once. */
	int bx = g->split ? g->body_x : 0, bw = g->split ? g->body_w : m->w;
	g->text_w = bw > 2 ? bw - 2 : bw;
	if (m->cap && g->text_w > MODEL_MEASURE)
		g->text_w = MODEL_MEASURE;
	g->text_x = bx + (bw - g->text_w) / 2;
}

/* ---- the open article ---------------------------------------------------*/

static void say(struct model *m, int error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void say(struct model *m, int error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(m->msg, sizeof m->msg, fmt, ap);
	va_end(ap);
	m->msg_error = error;
}

static void unwrap(struct body *b)
{
	for (size_t i = 0; b->pl && i < b->doc.n; i++) {
		free(b->pl[i].v);
		b->pl[i] = (struct piece_lines){ -1, NULL };
	}
}

static void close_body(struct body *b)
{
	unwrap(b);
	free(b->pl);
	free(b->before);
	doc_free(&b->doc);
	memset(b, 0, sizeof *b);
}

/* The lines of piece i at the body's width, wrapped the first time. */
static const struct piece_lines *lines(struct model *m, size_t i)
{
	struct body *b = &m->body;
	static const struct piece_lines none = { 0, NULL };
	if (i >= b->doc.n)
		return &none;
	struct piece_lines *pl = &b->pl[i];
	if (pl->n < 0) {
		pl->n = doc_wrap(&b->doc.p[i], b->width, &pl->v);
		if (pl->n < 0) {
			pl->n = 0;
			say(m, 1, "out of memory laying out the article");
		}
	}
	return pl;
}

static int gap(const struct model *m, size_t i)
{
	return doc_gap_before(&m->body.doc, i);
}

void model_open(struct model *m, size_t i)
{
	struct err e = { 0 };
	if (i >= m->n)
		return;
	m->sel = i;
	if (m->body.open && m->body.article == i) {
		m->body.top_piece = 0;
		m->body.top_off = 0;
		return;
	}
	close_body(&m->body);
	struct body *b = &m->body;
	if (doc_open(m->c, i, &b->doc, &e) != ERR_OK) {
		say(m, 1, "%s", e.msg);
		return;
	}
	b->pl = malloc((b->doc.n ? b->doc.n : 1) * sizeof *b->pl);
	b->before = malloc((b->doc.n + 1) * sizeof *b->before);
	if (!b->pl || !b->before) {
		close_body(b);
		say(m, 1, "out of memory opening article %zu", i + 1);
		return;
	}
	b->total = 0;
	for (size_t k = 0; k < b->doc.n; k++) {
		b->pl[k] = (struct piece_lines){ -1, NULL };
		b->before[k] = b->total;
		b->total += b->doc.p[k].len;
	}
	b->before[b->doc.n] = b->total;
	b->open = 1;
	b->article = i;
	struct geometry g;
	model_geometry(m, &g);
	b->width = (size_t)(g.text_w > 0 ? g.text_w : 1);
}

/* ---- positions ----------------------------------------------------------*/

static int before(struct pos a, struct pos b)
{
	return a.piece < b.piece || (a.piece == b.piece && a.line < b.line);
}

/* The first line of piece i or, if it has none, of a later one. */
static int first_of(struct model *m, size_t i, struct pos *p)
{
	for (; i < m->body.doc.n; i++) {
		if (gap(m, i)) {
			*p = (struct pos){ i, -1 };
			return 1;
		}
		if (lines(m, i)->n > 0) {
			*p = (struct pos){ i, 0 };
			return 1;
		}
	}
	return 0;
}

/* The last line of piece i or, if it has none, of an earlier one. */
static int last_of(struct model *m, size_t i, struct pos *p)
{
	for (; i < m->body.doc.n; i--) {
		long n = lines(m, i)->n;
		if (n > 0 || gap(m, i)) {
			*p = (struct pos){ i, n - 1 };
			return 1;
		}
	}
	return 0;
}

int model_next(struct model *m, struct pos *p)
{
	if (!m->body.open)
		return 0;
	if (p->line + 1 < lines(m, p->piece)->n) {
		p->line++;
		return 1;
	}
	struct pos q;
	if (!first_of(m, p->piece + 1, &q))
		return 0;
	*p = q;
	return 1;
}

int model_prev(struct model *m, struct pos *p)
{
	if (!m->body.open)
		return 0;
	if (p->line > 0 || (p->line == 0 && gap(m, p->piece))) {
		p->line--;
		return 1;
	}
	struct pos q;
	if (p->piece == 0 || !last_of(m, p->piece - 1, &q))
		return 0;
	*p = q;
	return 1;
}

/* The display line the anchor points at. */
struct pos model_top(struct model *m)
{
	struct body *b = &m->body;
	struct pos p = { 0, 0 };
	if (!b->open)
		return p;
	if (b->top_piece >= b->doc.n || !first_of(m, b->top_piece, &p)) {
		if (!last_of(m, b->doc.n - 1, &p))
			p = (struct pos){ 0, 0 };
		return p;
	}
	if (p.piece != b->top_piece || b->top_off == MODEL_GAP)
		return p;
	const struct piece_lines *pl = lines(m, p.piece);
	if (pl->n == 0)
		return p;
	long k = 0;
	while (k + 1 < pl->n && pl->v[k + 1].start <= b->top_off)
		k++;
	return (struct pos){ p.piece, k };
}

static void set_top(struct model *m, struct pos p)
{
	struct body *b = &m->body;
	b->top_piece = p.piece;
	b->top_off = p.line < 0 ? MODEL_GAP : lines(m, p.piece)->v[p.line].start;
}

/* The last top that still fills the pane: `rows` lines before the end. */
static struct pos max_top(struct model *m, int rows)
{
	struct pos p;
	if (!last_of(m, m->body.doc.n - 1, &p))
		return (struct pos){ 0, 0 };
	for (int i = 1; i < rows && model_prev(m, &p); i++)
		;
	return p;
}

static void scroll(struct model *m, long by)
{
	struct geometry g;
	model_geometry(m, &g);
	struct pos p = model_top(m);
	for (; by > 0 && model_next(m, &p); by--)
		;
	for (; by < 0 && model_prev(m, &p); by++)
		;
	struct pos end = max_top(m, g.rows);
	if (before(end, p))
		p = end;
	set_top(m, p);
}

void model_line(struct model *m, struct pos p, enum doc_kind *kind,
		const char **text, size_t *len, size_t *indent)
{
	const struct doc_piece *piece = &m->body.doc.p[p.piece];
	*kind = piece->kind;
	*text = piece->text;
	*len = 0;
	*indent = 0;
	if (p.line < 0)
		return;
	const struct wrap_line *l = &lines(m, p.piece)->v[p.line];
	*text = piece->text + l->start;
	*len = l->len;
	if (p.line == 0)
		*indent = doc_indent(piece, m->body.width);
}

int model_percent(struct model *m)
{
	struct body *b = &m->body;
	struct geometry g;
	model_geometry(m, &g);
	if (!b->open || !b->total)
		return 100;
	struct pos p = model_top(m);
	for (int i = 1; i < g.rows && model_next(m, &p); i++)
		;
	struct pos q = p;
	if (!model_next(m, &q))
		return 100;
	size_t at = b->before[p.piece];
	if (p.line >= 0) {
		const struct wrap_line *l = &lines(m, p.piece)->v[p.line];
		at += l->start + l->len;
	}
	return (int)(at * 100 / b->total);
}

void model_help_layout(const struct model *m, struct help_box *box)
{
	int keys_w = 0, help_w = 0;
	memset(box, 0, sizeof *box);
	for (int a = ACT_NONE + 1; a < ACT_COUNT; a++) {
		const char *k = keys_help_keys((enum action)a);
		const char *h = keys_help_text((enum action)a);
		int kw = (int)width_str(k, strlen(k));
		int hw = (int)width_str(h, strlen(h));
		keys_w = kw > keys_w ? kw : keys_w;
		help_w = hw > help_w ? hw : help_w;
	}
	/* a frame, a space each side, two spaces between keys and text */
	box->w = keys_w + help_w + 6;
	if (box->w > m->w)
		box->w = m->w;
	int inner = box->w - 4;
	for (int a = ACT_NONE + 1; a < ACT_COUNT; a++) {
		const char *h = keys_help_text((enum action)a);
		size_t hl = strlen(h);
		int hw = (int)width_str(h, hl);
		if (box->n >= MODEL_HELP_MAX)
			break;
		if (keys_w + 2 + hw <= inner) {
			box->line[box->n++] = (struct help_line){
				a, 1, 0, hl, keys_w + 2 };
			continue;
		}
		/* the keys alone, then the text wrapped and indented */
		box->line[box->n++] = (struct help_line){ a, 1, 0, 0, 0 };
		struct wrap_line *wl;
		long nl = wrap_paragraph(h, hl, inner > 3 ? (size_t)inner - 2
							  : 1, 0, &wl);
		for (long i = 0; i < nl && box->n < MODEL_HELP_MAX; i++)
			box->line[box->n++] = (struct help_line){
				a, 0, wl[i].start, wl[i].len, 2 };
		free(nl >= 0 ? wl : NULL);
	}
	size_t room = m->h > 3 ? (size_t)m->h - 2 : 1;
	box->h = (int)(box->n < room ? box->n : room) + 2;
}

size_t model_help_rows(const struct model *m)
{
	struct help_box box;
	model_help_layout(m, &box);
	return (size_t)box.h - 2;
}

/* ---- the list -----------------------------------------------------------*/

size_t model_list_rows(const struct model *m)
{
	return m->search.narrow ? m->search.nshown : m->n;
}

size_t model_list_at(const struct model *m, size_t row)
{
	return m->search.narrow ? m->search.shown[row] : row;
}

/* The row of article i, or the row of the first article after it (the
 * rows' count when none). */
static size_t row_of(const struct model *m, size_t i)
{
	if (!m->search.narrow)
		return i;
	size_t lo = 0, hi = m->search.nshown;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->search.shown[mid] < i)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void keep_visible(struct model *m)
{
	struct geometry g;
	model_geometry(m, &g);
	size_t rows = g.rows > 0 ? (size_t)g.rows : 1, n = model_list_rows(m);
	size_t sel = row_of(m, m->sel);
	if (sel < m->list_top)
		m->list_top = sel;
	if (sel >= m->list_top + rows)
		m->list_top = sel - rows + 1;
	if (n > rows && m->list_top > n - rows)
		m->list_top = n - rows;
	if (n <= rows)
		m->list_top = 0;
}

/* Move the selection by rows; with the body beside the list it follows. */
static void select_article(struct model *m, long by)
{
	size_t n = model_list_rows(m);
	if (!n)
		return;
	long to = (long)row_of(m, m->sel) + by;
	if (to < 0)
		to = 0;
	if (to >= (long)n)
		to = (long)n - 1;
	m->sel = model_list_at(m, (size_t)to);
	keep_visible(m);
	struct geometry g;
	model_geometry(m, &g);
	if (g.split)
		model_open(m, m->sel);
}

/* ---- search -------------------------------------------------------------*/

static void search_clear(struct model *m)
{
	struct model_search *s = &m->search;
	search_result_free(&s->r);
	free(s->before);
	free(s->fq);
	free(s->shown);
	s->before = NULL, s->fq = NULL, s->shown = NULL;
	s->fqn = s->nshown = 0;
	s->cur = MODEL_NO_HIT;
	s->on = s->narrow = s->results = 0;
}

/* The search kept for Esc, dropped. */
static void prev_free(struct model *m)
{
	struct model_search *s = &m->search;
	free(s->prev.query);
	search_result_free(&s->prev.r);
	free(s->prev.before);
	free(s->prev.shown);
	free(s->prev.fq);
	memset(&s->prev, 0, sizeof s->prev);
}

/* The search in effect, moved aside whole for Esc (the bar opens). */
static void stash(struct model *m)
{
	struct model_search *s = &m->search;
	prev_free(m);
	if (s->on) {
		s->prev.query = bar_text(&s->edit, &s->prev.len);
		s->prev.r = s->r;
		s->prev.before = s->before;
		s->prev.shown = s->shown;
		s->prev.nshown = s->nshown;
		s->prev.fq = s->fq;
		s->prev.fqn = s->fqn;
		memset(&s->r, 0, sizeof s->r);
		s->before = s->shown = NULL;
		s->fq = NULL;
	}
	s->prev.cur = s->cur;
	s->prev.narrow = s->narrow;
	s->prev.backward = s->backward;
	s->prev.scope = s->scope;
	search_clear(m);
}

/* ... and back (Esc): no search runs again. */
static void unstash(struct model *m)
{
	struct model_search *s = &m->search;
	search_clear(m);
	if (s->prev.query) {
		bar_set(&s->edit, s->prev.query, s->prev.len);
		s->r = s->prev.r;
		s->before = s->prev.before;
		s->shown = s->prev.shown;
		s->nshown = s->prev.nshown;
		s->fq = s->prev.fq;
		s->fqn = s->prev.fqn;
		s->on = 1;
		s->cur = s->prev.cur;
		s->narrow = s->prev.narrow;
		s->backward = s->prev.backward;
		s->scope = s->prev.scope;
		memset(&s->prev.r, 0, sizeof s->prev.r);
		s->prev.before = s->prev.shown = NULL;
		s->prev.fq = NULL;
	}
	prev_free(m);
}

size_t model_hit_article(const struct model *m, size_t h)
{
	const struct model_search *s = &m->search;
	size_t lo = 0, hi = m->n;
	while (lo + 1 < hi) { /* the last i with before[i] <= h */
		size_t mid = lo + (hi - lo) / 2;
		if (s->before[mid] <= h)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

void model_article_hits(const struct model *m, size_t *from, size_t *to)
{
	const struct model_search *s = &m->search;
	*from = *to = 0;
	if (!s->on || !m->body.open || !s->r.n)
		return;
	size_t a = m->body.article;
	*from = s->before[a];
	*to = a + 1 < m->n ? s->before[a + 1] : s->r.n;
}

/* The TEXT offset of the reading position: the body's top line, or the
 * start of the selected article. */
static uint64_t reading_pos(struct model *m)
{
	struct body *b = &m->body;
	if (m->focus == PANE_LIST && !(b->open && b->article == m->sel)) {
		/* the start of the selected article */
		struct corpus_article a;
		struct corpus_block blk;
		if (corpus_article(m->c, m->sel, &a, NULL) == ERR_OK &&
		    a.nblocks &&
		    corpus_block(m->c, a.first_block, &blk, NULL) == ERR_OK)
			return blk.offset;
		return 0;
	}
	if (b->open && b->top_piece < b->doc.n)
		return b->doc.p[b->top_piece].offset +
		       (b->top_off == MODEL_GAP ? 0 : b->top_off);
	if (b->open && b->doc.n)
		return b->doc.p[0].offset;
	return 0;
}

/* Show TEXT offset `pos` of article `article`: open it, the line holding
 * it two lines from the top of the pane.  show_hit: the same for hit h. */
static void show_at(struct model *m, size_t article, uint64_t pos)
{
	model_open(m, article);
	keep_visible(m);
	struct body *b = &m->body;
	if (!b->open)
		return;
	for (size_t i = 0; i < b->doc.n; i++) {
		const struct doc_piece *p = &b->doc.p[i];
		if (pos < p->offset || pos > p->offset + p->len)
			continue;
		b->top_piece = i;
		b->top_off = (size_t)(pos - p->offset);
		struct pos top = model_top(m);
		for (int k = 0; k < 2 && model_prev(m, &top); k++)
			;
		set_top(m, top);
		return;
	}
}

static void show_hit(struct model *m, size_t h)
{
	show_at(m, model_hit_article(m, h), m->search.r.pos[h]);
	if (m->body.open)
		m->search.cur = h;
}

/* The hits the search moves through: all, or with ? only the article it
 * started in: indices [*lo, *hi) of r.pos. */
static void hit_range(const struct model *m, size_t *lo, size_t *hi)
{
	const struct model_search *s = &m->search;
	*lo = 0;
	*hi = s->r.n;
	if (s->scope != MODEL_NO_HIT && s->before && s->scope < m->n) {
		*lo = s->before[s->scope];
		*hi = s->before[s->scope + 1];
	}
}

/* The first hit at or after TEXT offset `pos` (or, backward, the last one
 * before it), wrapping around; MODEL_NO_HIT when there are none. */
static size_t hit_from(const struct model *m, uint64_t pos, int backward,
		       int *wrapped)
{
	const struct search_result *r = &m->search.r;
	size_t first, end;
	hit_range(m, &first, &end);
	*wrapped = 0;
	if (first >= end)
		return MODEL_NO_HIT;
	size_t lo = first, hi = end; /* the first hit >= pos */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->pos[mid] < pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!backward) {
		if (lo == end)
			*wrapped = 1, lo = first;
		return lo;
	}
	if (lo == first) {
		*wrapped = 1;
		return end - 1;
	}
	return lo - 1;
}

static const char *wrap_message(const struct model *m, int backward)
{
	if (m->search.scope != MODEL_NO_HIT)
		return backward ? "Search wrapped to the last hit in the article"
				: "Search wrapped to the first hit in the "
				  "article";
	return backward ? "Search wrapped to the last hit"
			: "Search wrapped to the first hit";
}

static void restore(struct model *m)
{
	struct model_search *s = &m->search;
	m->focus = s->saved.focus;
	m->sel = s->saved.sel;
	if (s->saved.open) {
		model_open(m, s->saved.article);
		m->body.top_piece = s->saved.top_piece;
		m->body.top_off = s->saved.top_off;
	}
	m->sel = s->saved.sel;
	m->list_top = s->saved.list_top;
	keep_visible(m);
}

/* Make the hits `r` of the awaited query (moved in) the search in effect,
 * with the list's counts; no move.  0, or -1 with a message. */
static int install(struct model *m);

static int take_hits(struct model *m, struct search_result *r)
{
	search_clear(m);
	m->search.r = *r;
	memset(r, 0, sizeof *r);
	return install(m);
}

/* The rest of the search in effect from its hits: the query folded, the
 * list's counts.  0, or -1 with a message. */
static int install(struct model *m)
{
	struct model_search *s = &m->search;
	long fqn = search_fold_str(s->want_q, s->want_len, &s->fq);
	s->before = malloc((m->n + 1) * sizeof *s->before);
	s->shown = malloc((s->r.articles + 1) * sizeof *s->shown);
	if (fqn < 0 || !s->before || !s->shown) {
		search_clear(m);
		say(m, 1, "out of memory");
		return -1;
	}
	s->fqn = (size_t)fqn;
	size_t sum = 0;
	for (size_t i = 0; i < m->n; i++) {
		s->before[i] = sum;
		sum += s->r.per_article[i];
		if (s->r.per_article[i])
			s->shown[s->nshown++] = i;
	}
	s->before[m->n] = sum;
	s->on = 1;
	s->narrow = s->want_narrow && s->nshown;
	return 0;
}

/* The query in the bar changed: back to where the reader was, and await
 * its hits (model_search_done shows the first after that place). */
static void ask(struct model *m)
{
	struct model_search *s = &m->search;
	s->want_narrow = s->narrow;
	restore(m);
	search_clear(m);
	free(s->want_q);
	s->want_q = bar_text(&s->edit, &s->want_len);
	s->want = 0;
	if (!s->want_q)
		say(m, 1, "out of memory");
	else if (s->want_len)
		s->want = ++s->seq;
	s->jump = 1;
}

unsigned long model_search_wanted(const struct model *m, const char **q,
				  size_t *len)
{
	*q = m->search.want_q;
	*len = m->search.want_len;
	return m->search.want;
}

void model_search_done(struct model *m, unsigned long id,
		       struct search_result *r, const struct err *e)
{
	struct model_search *s = &m->search;
	if (!id || id != s->want) {
		search_result_free(r);
		return;
	}
	s->want = 0;
	if (e->code != ERR_OK) {
		search_result_free(r);
		say(m, 1, "%s", e->msg);
		return;
	}
	int previewed = s->previewed == id && s->preview_at != UINT64_MAX;
	if (take_hits(m, r) < 0 || !s->jump)
		return;
	if (previewed) {
		/* the reader is at the hit the preview found: it is this */
		size_t lo = 0, hi = s->r.n;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (s->r.pos[mid] < s->preview_at)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < s->r.n && s->r.pos[lo] == s->preview_at) {
			s->cur = lo;
			if (!s->bar) {
				m->focus = PANE_BODY;
				keep_visible(m);
			}
			return;
		}
	}
	int wrapped;
	size_t h = hit_from(m, reading_pos(m), s->backward, &wrapped);
	if (h == MODEL_NO_HIT) {
		say(m, 1, s->r.n ? "Not found in this article" : "Not found");
		return;
	}
	show_hit(m, h);
	if (!s->bar) {
		/* Enter came before the hits: it meant go there */
		m->focus = PANE_BODY;
		keep_visible(m);
	}
}

/* The hits of folded query `fq` in article `a`, appended to r->pos; the
 * bytes read added to *spent.  0, or -1 when out of memory or the corpus
 * is damaged (the search proper will say so). */
static int article_hits(struct model *m, size_t a, const uint32_t *fq,
			size_t fqn, struct search_result *r, size_t *cap,
			uint64_t *spent)
{
	struct corpus_article art;
	if (corpus_article(m->c, a, &art, NULL) != ERR_OK)
		return -1;
	for (size_t j = art.first_block; j < art.first_block + art.nblocks;
	     j++) {
		struct corpus_block b;
		if (corpus_block(m->c, j, &b, NULL) != ERR_OK)
			return -1;
		*spent += b.text.len;
		size_t i = 0, len = b.text.len;
		while ((i = search_find(b.text.s, len, i, fq, fqn)) < len) {
			if (r->n == *cap) {
				size_t c2 = *cap ? *cap * 2 : 64;
				uint64_t *v = realloc(r->pos, c2 * sizeof *v);
				if (!v)
					return -1;
				r->pos = v;
				*cap = c2;
			}
			r->pos[r->n++] = b.offset + i;
			uint32_t uc; /* hits may overlap, as the index's do */
			i += utf8_next(b.text.s + i, len - i, &uc);
		}
	}
	return 0;
}

void model_search_preview(struct model *m)
{
	enum { BUDGET = 1 << 19 }; /* bytes of text: 3 ms at the most */
	struct model_search *s = &m->search;
	if (!s->want || s->previewed == s->want || !s->jump || !m->n)
		return;
	s->previewed = s->want;
	s->preview_at = UINT64_MAX;
	uint32_t *fq;
	long fqn = search_fold_str(s->want_q, s->want_len, &fq);
	if (fqn <= 0) {
		free(fq);
		return;
	}
	uint64_t at = reading_pos(m), spent = 0;
	size_t first = m->body.open && (m->focus == PANE_BODY ||
					m->body.article == m->sel)
			       ? m->body.article
			       : m->sel;
	if (s->scope != MODEL_NO_HIT)
		first = s->scope;
	struct search_result r = { 0 };
	size_t cap = 0;
	for (size_t a = first; a < m->n && spent < BUDGET; a++) {
		r.n = 0;
		if (article_hits(m, a, fq, (size_t)fqn, &r, &cap, &spent) < 0)
			break;
		/* forward: the first hit at or after the reading place (in a
		 * later article, its first); ? backward in its article: the
		 * last one before */
		size_t h = r.n;
		for (size_t i = 0; i < r.n; i++) {
			if (s->backward ? r.pos[i] < at
					: a > first || r.pos[i] >= at)
				h = i;
			if (!s->backward && h < r.n)
				break;
		}
		if (h < r.n) {
			r.per_article = calloc(m->n, sizeof *r.per_article);
			if (!r.per_article)
				break;
			r.per_article[a] = (uint32_t)r.n;
			r.articles = 1;
			r.narticles = m->n;
			s->preview_at = r.pos[h];
			/* shown, highlighted, the rest still awaited */
			search_clear(m);
			s->r = r;
			memset(&r, 0, sizeof r);
			if (install(m) == 0) {
				s->narrow = 0;
				show_at(m, a, s->preview_at);
				s->cur = h;
			}
			break;
		}
		if (s->scope != MODEL_NO_HIT)
			break;
	}
	search_result_free(&r);
	free(fq);
}

void model_search_now(struct model *m)
{
	const char *q;
	size_t len;
	unsigned long id = model_search_wanted(m, &q, &len);
	if (!id)
		return;
	struct search_result r;
	struct err e = { 0 };
	search_run(m->c, q, len, &r, &e);
	model_search_done(m, id, &r, &e);
}

/* Whether TEXT offset `pos` is on the body's lines on screen. */
static int on_screen(struct model *m, uint64_t pos)
{
	struct geometry g;
	model_geometry(m, &g);
	if (!m->body.open || m->focus != PANE_BODY)
		return 0;
	struct pos p = model_top(m);
	for (int r = 0; r < g.rows; r++) {
		const struct doc_piece *piece = &m->body.doc.p[p.piece];
		if (p.line >= 0) {
			const struct wrap_line *l = &lines(m, p.piece)->v[p.line];
			uint64_t a = piece->offset + l->start;
			if (pos >= a && pos < a + l->len)
				return 1;
		}
		if (!model_next(m, &p))
			break;
	}
	return 0;
}

/* n and N: the next hit in the search's direction, or against it. */
static void next_hit(struct model *m, int against)
{
	struct model_search *s = &m->search;
	if (s->want) {
		say(m, 0, "Searching…");
		return;
	}
	if (!s->on || !s->r.n) {
		say(m, 1, s->on ? "Not found" : "No search: type / and a query");
		return;
	}
	int backward = s->backward != against, wrapped = 0;
	size_t h, lo, hi;
	hit_range(m, &lo, &hi);
	if (lo >= hi) {
		say(m, 1, "Not found in this article");
		return;
	}
	if (s->cur == MODEL_NO_HIT || s->cur < lo || s->cur >= hi ||
	    !on_screen(m, s->r.pos[s->cur])) {
		/* from where the reader is now, as less does */
		h = hit_from(m, reading_pos(m), backward, &wrapped);
	} else if (!backward) {
		h = s->cur + 1;
		if (h == hi)
			h = lo, wrapped = 1;
	} else {
		wrapped = s->cur == lo;
		h = wrapped ? hi - 1 : s->cur - 1;
	}
	show_hit(m, h);
	m->focus = PANE_BODY;
	keep_visible(m);
	if (wrapped)
		say(m, 0, "%s", wrap_message(m, backward));
}

static void open_bar(struct model *m, int backward)
{
	struct model_search *s = &m->search;
	/* The search in effect comes back if this one is cancelled. */
	stash(m);
	s->want = 0;
	s->saved.focus = m->focus;
	s->saved.sel = m->sel;
	s->saved.list_top = m->list_top;
	s->saved.open = m->body.open;
	s->saved.article = m->body.article;
	s->saved.top_piece = m->body.top_piece;
	s->saved.top_off = m->body.top_off;
	bar_clear(&s->edit);
	s->bar = 1;
	s->backward = backward;
	/* ? searches the open article, as less searches its file */
	s->scope = backward && m->body.open && m->focus == PANE_BODY ?
			   m->body.article : MODEL_NO_HIT;
}

/* Keys while the bar is open: editing, Enter keeps the search, Esc goes
 * back to exactly where the reader was, Tab or Ctrl-R shows every hit. */
static void bar_keys(struct model *m, struct key k)
{
	struct model_search *s = &m->search;
	switch (bar_key(&s->edit, k.code)) {
	case BAR_CHANGED:
		ask(m);
		return;
	case BAR_MOVED:
	case BAR_UNCHANGED:
		return;
	case BAR_IGNORED:
		break;
	}
	switch (k.code) {
	case '\r':
	case '\n':
	case KB_ENTER:
		s->bar = 0;
		bar_commit(&s->edit);
		prev_free(m);
		if (s->on && s->cur != MODEL_NO_HIT)
			m->focus = PANE_BODY;
		keep_visible(m);
		break;
	case 0x1B:
		s->bar = 0;
		s->want = 0;
		restore(m);
		unstash(m);
		break;
	case '\t':
	case 0x12:
		if (s->on && s->r.n) {
			s->results = 1;
			s->res_sel = s->cur != MODEL_NO_HIT ? s->cur : 0;
		}
		break;
	}
}

/* Keys in the results view. */
static void results_keys(struct model *m, enum action a, long page)
{
	struct model_search *s = &m->search;
	long to = (long)s->res_sel;
	switch (a) {
	case ACT_LINE_DOWN: to++; break;
	case ACT_LINE_UP: to--; break;
	case ACT_PAGE_DOWN: to += page; break;
	case ACT_PAGE_UP: to -= page; break;
	case ACT_HALF_DOWN: to += page / 2; break;
	case ACT_HALF_UP: to -= page / 2; break;
	case ACT_TOP: to = 0; break;
	case ACT_BOTTOM: to = (long)s->r.n - 1; break;
	case ACT_OPEN:
		s->results = 0;
		s->bar = 0;
		bar_commit(&s->edit);
		prev_free(m);
		show_hit(m, s->res_sel);
		m->focus = PANE_BODY;
		keep_visible(m);
		return;
	case ACT_BACK:
	case ACT_RESULTS:
	case ACT_QUIT:
		s->results = 0;
		return;
	default:
		return;
	}
	if (to >= (long)s->r.n)
		to = (long)s->r.n - 1;
	if (to < 0)
		to = 0;
	s->res_sel = (size_t)to;
	size_t rows = page > 0 ? (size_t)page : 1;
	if (s->res_sel < s->res_top)
		s->res_top = s->res_sel;
	if (s->res_sel >= s->res_top + rows)
		s->res_top = s->res_sel - rows + 1;
}

static void toggle_narrow(struct model *m)
{
	struct model_search *s = &m->search;
	if (!s->on || !s->nshown) {
		say(m, 1, "No hits to narrow the list to: type / and a query");
		return;
	}
	s->narrow = !s->narrow;
	if (s->narrow && !m->search.r.per_article[m->sel]) {
		m->sel = s->shown[row_of(m, m->sel) < s->nshown ?
					  row_of(m, m->sel) : 0];
		struct geometry g;
		model_geometry(m, &g);
		if (g.split)
			model_open(m, m->sel);
	}
	m->list_top = 0;
	keep_visible(m);
	say(m, 0, s->narrow ? "Listing the %zu articles with hits (& for all)"
			    : "Listing all %zu articles",
	    s->narrow ? s->nshown : m->n);
}

/* ---- keys ---------------------------------------------------------------*/

void model_init(struct model *m, struct corpus *c, int w, int h, int cap)
{
	memset(m, 0, sizeof *m);
	m->c = c;
	m->n = corpus_article_count(c);
	m->w = w;
	m->h = h;
	m->cap = cap;
	m->focus = PANE_LIST;
	bar_init(&m->search.edit);
	m->search.cur = MODEL_NO_HIT;
	m->search.scope = MODEL_NO_HIT;
	if (m->n)
		model_open(m, 0);
}

void model_free(struct model *m)
{
	close_body(&m->body);
	search_clear(m);
	prev_free(m);
	free(m->search.want_q);
	bar_free(&m->search.edit);
}

void model_resize(struct model *m, int w, int h)
{
	m->w = w;
	m->h = h;
	struct geometry g;
	model_geometry(m, &g);
	size_t width = (size_t)(g.text_w > 0 ? g.text_w : 1);
	if (m->body.open && width != m->body.width) {
		/* The anchor (piece, byte) stays; the lines are new. */
		unwrap(&m->body);
		m->body.width = width;
	}
	keep_visible(m);
}

static void go_to_typed(struct model *m)
{
	char *end;
	unsigned long id = strtoul(m->digits, &end, 10);
	m->ndigits = 0;
	m->digits[0] = '\0';
	if (id < 1 || id > m->n) {
		say(m, 1, "No article %lu: the corpus has 1 to %zu", id, m->n);
		return;
	}
	model_open(m, id - 1);
	keep_visible(m);
	m->focus = PANE_BODY;
}

/* A step in the focused pane: lines in the body, articles in the list. */
static void step(struct model *m, enum pane pane, long by)
{
	if (pane == PANE_LIST)
		select_article(m, by);
	else if (m->body.open)
		scroll(m, by);
}

static void next_article(struct model *m, long by)
{
	if ((by < 0 && m->sel == 0) || (by > 0 && m->sel + 1 >= m->n)) {
		say(m, 0, by < 0 ? "This is the first article"
				 : "This is the last article");
		return;
	}
	model_open(m, m->sel + (size_t)by);
	keep_visible(m);
}

void model_key(struct model *m, struct key k)
{
	struct geometry g;
	model_geometry(m, &g);
	long page = g.rows > 1 ? g.rows : 1;
	m->msg[0] = '\0';
	m->msg_error = 0;

	if (k.code == KB_RESIZE)
		return;
	/* A key outside the bar while hits are coming: the reader moved on,
	 * and the hits will not move the reader when they come. */
	if (!m->search.bar || m->search.results || m->help)
		m->search.jump = 0;
	if (k.code == KB_WHEEL_UP || k.code == KB_WHEEL_DOWN) {
		enum pane under = m->focus;
		if (g.split)
			under = k.col < g.list_w ? PANE_LIST : PANE_BODY;
		step(m, under, k.code == KB_WHEEL_UP ? -MODEL_WHEEL
						      : MODEL_WHEEL);
		return;
	}
	if (m->search.bar && !m->search.results && !m->help) {
		bar_keys(m, k);
		model_resize(m, m->w, m->h);
		return;
	}
	enum action a = keys_action(k.code, m->focus == PANE_BODY);
	if (m->search.results) {
		if (k.code == '\t')
			a = ACT_RESULTS;
		results_keys(m, a, page);
		model_resize(m, m->w, m->h);
		return;
	}
	if (m->help) {
		/* The scrolling keys scroll the help when it does not fit;
		 * any other key closes it and does nothing else. */
		struct help_box box;
		model_help_layout(m, &box);
		size_t all = box.n, rows = (size_t)box.h - 2;
		size_t last = all > rows ? all - rows : 0;
		switch (a) {
		case ACT_LINE_DOWN: case ACT_PAGE_DOWN: case ACT_HALF_DOWN:
			if (m->help_top < last) {
				m->help_top += a == ACT_LINE_DOWN ? 1 : rows;
				if (m->help_top > last)
					m->help_top = last;
				return;
			}
			break;
		case ACT_LINE_UP: case ACT_PAGE_UP: case ACT_HALF_UP:
			if (m->help_top > 0) {
				size_t by = a == ACT_LINE_UP ? 1 : rows;
				m->help_top = m->help_top > by ?
						      m->help_top - by : 0;
				return;
			}
			break;
		default:
			break;
		}
		m->help = 0;
		return;
	}
	if (a != ACT_DIGIT && a != ACT_OPEN && a != ACT_BACK && m->ndigits) {
		m->ndigits = 0;
		m->digits[0] = '\0';
	}
	switch (a) {
	case ACT_NONE:
		break;
	case ACT_LINE_DOWN:
		step(m, m->focus, 1);
		break;
	case ACT_LINE_UP:
		step(m, m->focus, -1);
		break;
	case ACT_PAGE_DOWN:
		step(m, m->focus, page);
		break;
	case ACT_PAGE_UP:
		step(m, m->focus, -page);
		break;
	case ACT_HALF_DOWN:
		step(m, m->focus, page / 2 ? page / 2 : 1);
		break;
	case ACT_HALF_UP:
		step(m, m->focus, -(page / 2 ? page / 2 : 1));
		break;
	case ACT_TOP:
		if (m->focus == PANE_LIST)
			select_article(m, -(long)m->n);
		else if (m->body.open)
			m->body.top_piece = 0, m->body.top_off = 0;
		break;
	case ACT_BOTTOM:
		if (m->focus == PANE_LIST)
			select_article(m, (long)m->n);
		else if (m->body.open)
			set_top(m, max_top(m, g.rows));
		break;
	case ACT_OPEN:
		if (m->ndigits)
			go_to_typed(m);
		else if (m->focus == PANE_LIST && m->n) {
			if (!m->body.open || m->body.article != m->sel)
				model_open(m, m->sel);
			m->focus = PANE_BODY;
		}
		break;
	case ACT_BACK:
		if (m->ndigits) {
			m->ndigits = 0;
			m->digits[0] = '\0';
		} else {
			m->focus = PANE_LIST;
		}
		keep_visible(m);
		break;
	case ACT_SWITCH:
		if (m->focus == PANE_BODY) {
			m->focus = PANE_LIST;
		} else if (m->n) {
			if (!m->body.open)
				model_open(m, m->sel);
			m->focus = PANE_BODY;
		}
		keep_visible(m);
		break;
	case ACT_NEXT_ARTICLE:
		next_article(m, 1);
		break;
	case ACT_PREV_ARTICLE:
		next_article(m, -1);
		break;
	case ACT_DIGIT:
		if (m->ndigits + 1 < sizeof m->digits) {
			m->digits[m->ndigits++] = (char)k.code;
			m->digits[m->ndigits] = '\0';
		}
		break;
	case ACT_SEARCH:
	case ACT_SEARCH_BACK:
		open_bar(m, a == ACT_SEARCH_BACK);
		break;
	case ACT_NEXT_HIT:
	case ACT_PREV_HIT:
		next_hit(m, a == ACT_PREV_HIT);
		break;
	case ACT_NARROW:
		toggle_narrow(m);
		break;
	case ACT_RESULTS:
		if (m->search.on && m->search.r.n) {
			m->search.results = 1;
			m->search.res_sel = m->search.cur != MODEL_NO_HIT ?
						    m->search.cur : 0;
		} else {
			say(m, 1, "No hits to show: type / and a query");
		}
		break;
	case ACT_HELP:
		m->help = 1;
		m->help_top = 0;
		break;
	case ACT_REDRAW:
		m->redraw = 1;
		break;
	case ACT_SUSPEND:
		m->suspend = 1;
		break;
	case ACT_QUIT:
		m->quit = 1;
		break;
	case ACT_COUNT:
		break;
	}
	/* A resize or a narrow screen may have changed the text column. */
	model_resize(m, m->w, m->h);
}
