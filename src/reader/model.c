/* model: the reader's state and transitions (see include/kanbao/reader/model.h). */
#include "kanbao/reader/model.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kanbao/base/utf8.h"
#include "kanbao/base/width.h"

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

void model_say(struct model *m, int error, const char *fmt, ...)
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
	if (m->body.open && m->body.article == i) {
		m->body.top_piece = 0;
		m->body.top_off = 0;
		return;
	}
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
}

/* ---- positions ----------------------------------------------------------*/

/* Whether line a is above line b. */
static int above(struct pos a, struct pos b)
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

static struct pos max_top(struct model *m, int rows);

/* The first line drawn: the anchor's, but never past the last top that
 * fills the pane (after a resize to a taller or wider pane the anchor may
 * stand nearer the end than a pane's height). */
struct pos model_view_top(struct model *m)
{
	struct pos p = model_top(m);
	if (!m->body.open)
		return p;
	struct geometry g;
	model_geometry(m, &g);
	/* Walking on from the anchor lays out only what is on screen
	 * anyway; only when the end comes within a pane is it walked back
	 * from. */
	struct pos q = p;
	int i = 1;
	while (i < g.rows && model_next(m, &q))
		i++;
	return i < g.rows ? max_top(m, g.rows) : p;
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

void model_set_top(struct model *m, struct pos p)
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
	if (above(end, p))
		p = end;
	model_set_top(m, p);
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
	size_t at = b->piece_start[p.piece];
	if (p.line >= 0) {
		const struct wrap_line *l = &lines(m, p.piece)->v[p.line];
		at += l->start + l->len;
	}
	return (int)(at * 100 / b->total);
}

/* Keys wider than this get a line of their own above their text, so the
 * column of texts stays near the keys of most actions. */
enum { HELP_KEYS_MAX = 18 };

void model_help_layout(const struct model *m, struct help_box *box)
{
	int keys_w = 0, help_w = 0;
	memset(box, 0, sizeof *box);
	for (int a = ACT_NONE + 1; a < ACT_COUNT; a++) {
		const char *k = keys_help_keys((enum action)a);
		const char *h = keys_help_text((enum action)a);
		int kw = (int)width_str(k, strlen(k));
		int hw = (int)width_str(h, strlen(h));
		if (kw <= HELP_KEYS_MAX)
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
		const char *k = keys_help_keys((enum action)a);
		int kw = (int)width_str(k, strlen(k));
		if (keys_w + 2 + hw <= inner && kw <= keys_w) {
			box->line[box->n++] = (struct help_line){
				a, 1, 0, hl, keys_w + 2 };
			continue;
		}
		if (keys_w + 2 + hw <= inner && box->n + 1 < MODEL_HELP_MAX) {
			/* long keys: alone, the text below in its column */
			box->line[box->n++] = (struct help_line){ a, 1, 0, 0, 0 };
			box->line[box->n++] = (struct help_line){
				a, 0, 0, hl, keys_w + 2 };
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

size_t model_page(const struct model *m)
{
	struct geometry g;
	model_geometry(m, &g);
	return g.rows > 1 ? (size_t)g.rows : 1;
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

/* o: newest first, or corpus order. */
static void toggle_sort(struct model *m)
{
	m->sort = m->sort == LIST_DATE ? LIST_CORPUS : LIST_DATE;
	m->list_gen++;
	model_relist(m);
	model_say(m, 0, m->sort == LIST_DATE ? "Sorted by date, newest first"
				       : "In corpus order");
}

/* An editing key for bar `b`: 1 when its text changed, 0 when the key
 * was taken otherwise (the cursor moved, or nothing to do), -1 when it is
 * not an editing key (Enter, Esc...): the caller's. */
static int edit(struct prompt *b, uint32_t code)
{
	switch (prompt_key(b, code)) {
	case PROMPT_CHANGED:
		return 1;
	case PROMPT_MOVED:
	case PROMPT_UNCHANGED:
		return 0;
	case PROMPT_IGNORED:
		break;
	}
	return -1;
}

/* The filter in effect is the bar's text now. */
static void filter_from_bar(struct model *m)
{
	free(m->filter.text);
	m->filter.text = prompt_text(&m->filter.edit, &m->filter.len);
	if (m->filter.text && !m->filter.len) {
		free(m->filter.text);
		m->filter.text = NULL;
	}
	m->list_gen++;
	model_relist(m);
}

/* f in the list: the filter bar, with the filter in effect to edit. */
static void open_filter(struct model *m)
{
	m->filter.bar = 1;
	if (m->filter.text)
		prompt_set(&m->filter.edit, m->filter.text, m->filter.len);
	else
		prompt_clear(&m->filter.edit);
	m->focus = PANE_LIST;
}

/* Keys in the filter bar: the list follows as you type; Enter keeps the
 * filter, Esc clears it. */
static void filter_keys(struct model *m, struct key k)
{
	int edited = edit(&m->filter.edit, k.code);
	if (edited > 0) {
		filter_from_bar(m);
		if (!model_list_rows(m))
			model_say(m, 1, "No article matches");
	}
	if (edited >= 0)
		return;
	switch (k.code) {
	case '\r':
	case '\n':
	case KB_ENTER:
		m->filter.bar = 0;
		prompt_commit(&m->filter.edit);
		if (m->filter.text)
			model_say(m, 0, "%zu of %zu articles listed (f, then Esc: "
				  "all)", model_list_rows(m), m->n);
		break;
	case 0x1B:
		m->filter.bar = 0;
		prompt_clear(&m->filter.edit);
		filter_from_bar(m);
		model_say(m, 0, "Listing all %zu articles", model_list_rows(m));
		break;
	}
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
	model_keep_visible(m);
	/* the full-screen lists keep their selection in view */
	size_t page = model_page(m);
	panel_select(&m->search.res, m->search.now.r.n, page,
		     (long)m->search.res.sel);
	panel_select(&m->marks_list, m->nmarks, page, (long)m->marks_list.sel);
}

static void go_to_typed(struct model *m)
{
	char *end;
	unsigned long id = strtoul(m->digits, &end, 10);
	m->ndigits = 0;
	m->digits[0] = '\0';
	if (id < 1 || id > m->n) {
		model_say(m, 1, "No article %lu: the corpus has 1 to %zu", id, m->n);
		return;
	}
	model_open(m, id - 1);
	model_keep_visible(m);
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

/* ] and [: the next article in the list's order. */
static void next_article(struct model *m, long by)
{
	size_t row = row_of(m, m->sel), n = model_list_rows(m);
	if (list_row_of(&m->list, m->sel) == LIST_NONE && by > 0 && n)
		row--; /* the nearest row is already the next one */
	if (!n || (by < 0 && row == 0) || (by > 0 && row + 1 >= n)) {
		model_say(m, 0, by < 0 ? "This is the first article"
				 : "This is the last article");
		return;
	}
	model_open(m, model_list_at(m, row + (size_t)by));
	model_keep_visible(m);
}

static void key(struct model *m, struct key k);

void model_key(struct model *m, struct key k)
{
	key(m, k);
	model_settle(m);
}

static void key(struct model *m, struct key k)
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
		model_search_bar_key(m, k);
		model_resize(m, m->w, m->h);
		return;
	}
	if (m->filter.bar && !m->help) {
		filter_keys(m, k);
		return;
	}
	enum action a = keys_action(k.code, m->focus == PANE_BODY);
	if (m->marks_view && !m->help) {
		model_marks_key(m, k, a, page);
		model_resize(m, m->w, m->h);
		return;
	}
	if (m->search.results) {
		if (k.code == '\t')
			a = ACT_RESULTS;
		model_search_results_key(m, a, page);
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
			model_set_top(m, max_top(m, g.rows));
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
		model_keep_visible(m);
		break;
	case ACT_SWITCH:
		if (m->focus == PANE_BODY) {
			m->focus = PANE_LIST;
		} else if (m->n) {
			if (!m->body.open)
				model_open(m, m->sel);
			m->focus = PANE_BODY;
		}
		model_keep_visible(m);
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
		model_search_open(m, a == ACT_SEARCH_BACK);
		break;
	case ACT_NEXT_HIT:
	case ACT_PREV_HIT:
		model_search_next(m, a == ACT_PREV_HIT);
		break;
	case ACT_NARROW:
		model_search_narrow(m);
		break;
	case ACT_RESULTS:
		if (!model_search_show_results(m))
			model_say(m, 1, "No hits to show: type / and a query");
		break;
	case ACT_HELP:
		m->help = 1;
		m->help_top = 0;
		break;
	case ACT_UNREAD:
		model_marks_toggle_read(m);
		break;
	case ACT_FILTER:
		open_filter(m);
		break;
	case ACT_SORT:
		toggle_sort(m);
		break;
	case ACT_MARK:
		model_marks_toggle(m);
		break;
	case ACT_MARKS:
		model_marks_open(m);
		break;
	case ACT_COPY:
		model_copy(m);
		break;
	case ACT_RULER:
		m->ruler = !m->ruler;
		model_say(m, 0, m->ruler ? "Reading ruler on: the paragraph at the "
				     "top stays bright (r: off)"
				   : "Reading ruler off");
		break;
	case ACT_MEASURE:
		m->cap = !m->cap;
		model_say(m, 0, m->cap ? "Text column 40 Han wide"
				 : "Text column as wide as the pane");
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
