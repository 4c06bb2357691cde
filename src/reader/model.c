/* model: the reader's state and transitions (see include/kanbao/reader/model.h). */
#include "kanbao/reader/model.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
		/* The list's share grows with the terminal: half of it, and
		 * beyond what the article's capped text column and its
		 * margins need, all the rest (more of each title); an
		 * uncapped text column takes 3/5. */
		int body = m->w - 1 - m->w / 2;
		if (!m->cap)
			body = m->w - 1 - m->w * 2 / 5;
		else if (body > MODEL_MEASURE + 2)
			body = MODEL_MEASURE + 2;
		g->list_w = m->w - 1 - body;
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

void model_say(struct model *m, int error, const char *fmt, ...)
{
	static const char ellipsis[] = "\xE2\x80\xA6";
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(m->msg, sizeof m->msg, fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof m->msg) {
		/* cut short: at a character's start, and "…" says so */
		size_t k = sizeof m->msg - sizeof ellipsis;
		while (k > 0 && ((unsigned char)m->msg[k] & 0xC0) == 0x80)
			k--;
		memcpy(m->msg + k, ellipsis, sizeof ellipsis);
	}
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
	free(b->piece_start);
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
			model_say(m, 1, "out of memory laying out the article");
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
	if (m->body.open && m->body.article == i)
		return;
	model_marks_leave(m);
	close_body(&m->body);
	struct body *b = &m->body;
	if (doc_open(m->c, i, &b->doc, &e) != ERR_OK) {
		model_say(m, 1, "%s", e.msg);
		return;
	}
	b->pl = malloc((b->doc.n ? b->doc.n : 1) * sizeof *b->pl);
	b->piece_start = malloc((b->doc.n + 1) * sizeof *b->piece_start);
	if (!b->pl || !b->piece_start) {
		close_body(b);
		model_say(m, 1, "out of memory opening article %zu", i + 1);
		return;
	}
	b->total = 0;
	for (size_t k = 0; k < b->doc.n; k++) {
		b->pl[k] = (struct piece_lines){ -1, NULL };
		b->piece_start[k] = b->total;
		b->total += b->doc.p[k].len;
	}
	b->piece_start[b->doc.n] = b->total;
	b->open = 1;
	b->article = i;
	struct geometry g;
	model_geometry(m, &g);
	b->width = (size_t)(g.text_w > 0 ? g.text_w : 1);
	model_marks_return(m);
}

/* ---- positions ----------------------------------------------------------*/

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

/* The one bound on the first line shown: line p, or the last top that
 * fills the pane when p stands nearer the end than a pane's height.
 * Walking on from p lays out only what is on screen anyway; only when
 * the end comes within a pane is it walked back from. */
static struct pos bound(struct model *m, struct pos p)
{
	struct geometry g;
	model_geometry(m, &g);
	if (!m->body.open || g.rows < 1)
		return p;
	struct pos q = p;
	int i = 1;
	while (i < g.rows && model_next(m, &q))
		i++;
	return i < g.rows ? max_top(m, g.rows) : p;
}

/* The display line holding the anchor's byte. */
static struct pos anchor_line(struct model *m)
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

struct pos model_top(struct model *m)
{
	return bound(m, anchor_line(m));
}

/* The anchor at the start of display line p, whatever the bound. */
static void anchor_at(struct model *m, struct pos p)
{
	struct body *b = &m->body;
	b->top_piece = p.piece;
	b->top_off = p.line < 0 ? MODEL_GAP : lines(m, p.piece)->v[p.line].start;
}

void model_set_top(struct model *m, struct pos p)
{
	anchor_at(m, bound(m, p));
}

void model_show(struct model *m, size_t piece, size_t off, int above)
{
	struct body *b = &m->body;
	if (!b->open || piece >= b->doc.n)
		return;
	b->top_piece = piece;
	b->top_off = off;
	struct pos p = anchor_line(m);
	for (int k = 0; k < above && model_prev(m, &p); k++)
		;
	struct pos q = bound(m, p);
	/* Where the bound leaves it, the byte itself stays the anchor: at
	 * another width the same text comes to the top again. */
	if (above || q.piece != p.piece || q.line != p.line)
		anchor_at(m, q);
}

/* by lines down (up when negative), never past the bound. */
void model_scroll(struct model *m, long by)
{
	struct pos p = model_top(m);
	for (; by > 0 && model_next(m, &p); by--)
		;
	for (; by < 0 && model_prev(m, &p); by++)
		;
	model_set_top(m, p);
}

void model_scroll_end(struct model *m)
{
	struct geometry g;
	model_geometry(m, &g);
	if (m->body.open)
		model_set_top(m, max_top(m, g.rows));
}

long model_wheel(enum action a)
{
	return a == ACT_WHEEL_UP ? -MODEL_WHEEL
	       : a == ACT_WHEEL_DOWN ? MODEL_WHEEL : 0;
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

/* The line at the bottom of the pane, and whether it is the last. */
static int bottom(struct model *m, struct pos *p)
{
	struct geometry g;
	model_geometry(m, &g);
	*p = model_top(m);
	for (int i = 1; i < g.rows && model_next(m, p); i++)
		;
	struct pos q = *p;
	return !model_next(m, &q);
}

int model_at_end(struct model *m)
{
	struct pos p;
	return m->body.open && bottom(m, &p);
}

int model_percent(struct model *m)
{
	struct body *b = &m->body;
	if (!b->open || !b->total)
		return 100;
	struct pos p;
	if (bottom(m, &p))
		return 100;
	size_t at = b->piece_start[p.piece];
	if (p.line >= 0) {
		const struct wrap_line *l = &lines(m, p.piece)->v[p.line];
		at += l->start + l->len;
	}
	return (int)(at * 100 / b->total);
}

/* ---- the list -----------------------------------------------------------*/

size_t model_list_rows(const struct model *m)
{
	return list_rows(&m->list);
}

size_t model_list_at(const struct model *m, size_t row)
{
	return list_at(&m->list, row);
}

/* The row of article i, or the row nearest it when the list does not show
 * it (0 when the list is empty). */
static size_t row_of(const struct model *m, size_t i)
{
	size_t r = list_row_near(&m->list, i);
	return r == LIST_NONE ? 0 : r;
}

void model_keep_visible(struct model *m)
{
	struct geometry g;
	model_geometry(m, &g);
	size_t rows = g.rows > 0 ? (size_t)g.rows : 1, n = model_list_rows(m);
	if (!n) {
		m->list_top = 0;
		return;
	}
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
void model_select(struct model *m, long by)
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
	model_keep_visible(m);
	struct geometry g;
	model_geometry(m, &g);
	if (g.split)
		model_open(m, m->sel);
}

/* ---- the list: filter, sort, read marks ---------------------------------*/

/* Make the list again when what it shows has changed (the sort, the
 * filter, the search's narrowing).  The selection stays on its article
 * when the list shows it, else moves to the nearest row. */
void model_relist(struct model *m)
{
	if (m->listed_gen == m->list_gen)
		return;
	m->listed_gen = m->list_gen;
	const struct model_query *s = &m->search.now;
	struct list_query q = { m->sort, m->filter.text, m->filter.len,
				s->on && s->narrow ? s->r.per_article : NULL };
	struct err e = { 0 };
	if (list_make(&m->list, m->c, &q, &e) != ERR_OK)
		model_say(m, 1, "%s", e.msg);
	if (model_list_rows(m) &&
	    list_row_of(&m->list, m->sel) == LIST_NONE) {
		m->sel = model_list_at(m, row_of(m, m->sel));
		struct geometry g;
		model_geometry(m, &g);
		if (g.split)
			model_open(m, m->sel);
	}
	model_keep_visible(m);
}

void model_settle(struct model *m)
{
	model_relist(m);
	if (m->focus == PANE_BODY && m->body.open)
		model_set_read(m, m->body.article, 1);
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
	model_search_init(&m->search);
	prompt_init(&m->filter.edit);
	list_init(&m->list, m->n);
	m->read = calloc(m->n / 8 + 1, 1); /* NULL: read marks are not kept */
	m->clipboard = 1;
	if (m->n)
		model_open(m, 0);
}

void model_free(struct model *m)
{
	close_body(&m->body);
	model_search_free(&m->search);
	prompt_free(&m->filter.edit);
	free(m->filter.text);
	list_free(&m->list);
	free(m->read);
	free(m->marks);
	free(m->left);
	free(m->copy);
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
	/* Beside the list, the body shows the article selected there, as
	 * it does when the selection moves: the screen may have just
	 * become wide enough for both. */
	if (g.split && m->focus == PANE_LIST && m->n &&
	    (!m->body.open || m->body.article != m->sel))
		model_open(m, m->sel);
	model_keep_visible(m);
	/* the full-screen lists keep their selection in view */
	size_t page = model_page(m);
	panel_select(&m->search.res, m->search.now.r.n, page,
		     (long)m->search.res.sel);
	panel_select(&m->marks_list, m->nmarks, page, (long)m->marks_list.sel);
	if (model_showing(m, MODE_HELP)) {
		/* a taller box shows more, from higher up */
		struct help_box box;
		model_help_layout(m, &box);
		panel_fit(&m->help, box.n, (size_t)box.h - 2);
	}
}

size_t model_list_step(const struct model *m, size_t a, long by)
{
	size_t row = row_of(m, a), n = model_list_rows(m);
	if (list_row_of(&m->list, a) == LIST_NONE && by > 0 && n)
		row--; /* the nearest row is already the next one */
	if (!n || (by < 0 && row == 0) || (by > 0 && row + 1 >= n))
		return LIST_NONE;
	return model_list_at(m, row + (size_t)by);
}

void model_next_article(struct model *m, long by)
{
	size_t to = model_list_step(m, m->sel, by);
	if (to == LIST_NONE) {
		model_say(m, 0, by < 0 ? "This is the first article"
				       : "This is the last article");
		return;
	}
	model_open(m, to);
	model_keep_visible(m);
}

