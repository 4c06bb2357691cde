/* view: the model drawn into a screen (see include/kanbao/view.h). */
#include "kanbao/view.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "kanbao/width.h"

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

static void list_row(struct model *m, struct screen *s,
		     const struct geometry *g, int row, size_t i)
{
	struct corpus_article a;
	struct err e = { 0 };
	int x = g->list_x, end = g->list_x + g->list_w;
	enum attr base = ATTR_NORMAL, dim = ATTR_LIST_ID;
	if (i == m->sel) {
		base = dim = m->focus == PANE_LIST ? ATTR_SELECTED
						   : ATTR_SELECTED_DIM;
		screen_fill(s, row, x, g->list_w, ' ', base);
	}
	char id[48], date[11];
	snprintf(id, sizeof id, "%*zu", digits(m->n) & 31, i + 1);
	x = text(s, row, x + 1, end, id, dim) + 2;
	if (corpus_article(m->c, i, &a, &e) != ERR_OK) {
		text(s, row, x, end, "(unreadable)", ATTR_ERROR);
		return;
	}
	x = text(s, row, x, end, *doc_date(a.date, date) ? date
							 : "          ", dim) + 2;
	const struct model_search *q = &m->search;
	if (q->on && q->r.per_article[i]) {
		/* how many hits the article has */
		char count[24];
		snprintf(count, sizeof count, "%" PRIu32 " ",
			 q->r.per_article[i]);
		x = text(s, row, x, end, count,
			 i == m->sel ? base : ATTR_COUNT_MARK);
	}
	if (a.flags & ARTICLE_TITLE_DERIVED) {
		/* the opening words, not a headline: "…" says so */
		char t[512];
		size_t n = a.title.len < sizeof t - 4 ? a.title.len
						      : sizeof t - 4;
		memcpy(t, a.title.s, n);
		memcpy(t + n, ellipsis, 3);
		screen_text_clip(s, row, x, end - 1, t, n + 3, base);
	} else {
		screen_text_clip(s, row, x, end - 1, a.title.s, a.title.len,
				 base);
	}
}

static void draw_list(struct model *m, struct screen *s,
		      const struct geometry *g)
{
	size_t n = model_list_rows(m);
	for (int r = 0; r < g->rows; r++) {
		size_t row = m->list_top + (size_t)r;
		if (row >= n)
			break;
		list_row(m, s, g, r, model_list_at(m, row));
	}
	if (!m->n)
		text(s, 0, g->list_x + 1, g->list_x + g->list_w,
		     "The corpus has no articles.", ATTR_MESSAGE);
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
		uint64_t pos = m->search.r.pos[h];
		if (pos < piece->offset || pos > piece->offset + piece->len)
			continue;
		size_t off = (size_t)(pos - piece->offset);
		size_t n = search_match(piece->text + off, piece->len - off,
					m->search.fq, m->search.fqn);
		/* the part of the hit on this line */
		size_t a = off > line ? off : line;
		size_t b = off + n < line + len ? off + n : line + len;
		if (a >= b)
			continue;
		int col = x + (int)width_str(t, a - line);
		screen_text(s, row, col, end, piece->text + a, b - a,
			    h == m->search.cur ? ATTR_HIT_CURRENT : ATTR_HIT);
	}
}

static void draw_body(struct model *m, struct screen *s,
		      const struct geometry *g)
{
	if (!m->body.open)
		return;
	struct pos p = model_top(m);
	int end = g->text_x + g->text_w;
	for (int r = 0; r < g->rows; r++) {
		enum doc_kind kind;
		const char *t;
		size_t len, indent;
		model_line(m, p, &kind, &t, &len, &indent);
		int x = g->text_x;
		if (indent)
			x = text(s, r, x, end, DOC_INDENT_TEXT, ATTR_NORMAL);
		screen_text(s, r, x, end, t, len, attr_of(kind));
		if (len && p.line >= 0)
			highlight(m, s, r, x, end, &m->body.doc.p[p.piece], t,
				  len);
		if (!model_next(m, &p))
			break;
	}
}

static void draw_status(struct model *m, struct screen *s,
			const struct geometry *g)
{
	char left[256], right[64], brief[32], date[11];
	int row = g->status_row;
	screen_fill(s, row, 0, s->w, ' ', ATTR_STATUS);
	int body = m->focus == PANE_BODY || g->split;
	const struct model_search *q = &m->search;
	char hits[96] = "";
	if (q->want)
		snprintf(hits, sizeof hits, "searching…");
	else if (q->on && q->cur != MODEL_NO_HIT)
		snprintf(hits, sizeof hits, "hit %zu of %zu in %zu article%s",
			 q->cur + 1, q->r.n, q->r.articles,
			 q->r.articles == 1 ? "" : "s");
	else if (q->on)
		snprintf(hits, sizeof hits, "%zu hit%s in %zu article%s",
			 q->r.n, q->r.n == 1 ? "" : "s", q->r.articles,
			 q->r.articles == 1 ? "" : "s");
	if (body && m->body.open) {
		const struct corpus_article *a = &m->body.doc.a;
		int pct = model_percent(m);
		if (*hits)
			snprintf(left, sizeof left, "%zu/%zu  %s  %s",
				 m->body.article + 1, m->n,
				 doc_date(a->date, date), hits);
		else
			snprintf(left, sizeof left, "%zu/%zu  %s  %.*s%s%.*s",
				 m->body.article + 1, m->n,
				 doc_date(a->date, date), (int)a->source.len,
				 a->source.s, a->place.len ? " " : "",
				 (int)a->place.len, a->place.s);
		snprintf(right, sizeof right, "%d%%  ? help  q quit", pct);
		snprintf(brief, sizeof brief, "%d%%", pct);
	} else if (*hits) {
		snprintf(left, sizeof left, "%zu/%zu  %s",
			 m->n ? m->sel + 1 : 0, m->n, hits);
		snprintf(right, sizeof right, "Enter open  ? help  q quit");
		snprintf(brief, sizeof brief, "? help");
	} else {
		snprintf(left, sizeof left, "%zu/%zu articles",
			 m->n ? m->sel + 1 : 0, m->n);
		snprintf(right, sizeof right, "Enter open  ? help  q quit");
		snprintf(brief, sizeof brief, "? help");
	}
	/* Where you are comes first, then the position, then key hints:
	 * on a narrow screen the hints go, then the left part is clipped to
	 * keep the position; a hint alone gives way to the left part. */
	int lw = (int)width_str(left, strlen(left));
	const char *r = right;
	if (1 + lw + 2 + (int)width_str(r, strlen(r)) + 1 > s->w)
		r = brief;
	int rw = (int)width_str(r, strlen(r));
	if (1 + lw + 2 + rw + 1 > s->w && (!body || !m->body.open))
		r = "", rw = 0;
	int limit = *r ? s->w - 1 - rw - 2 : s->w - 1;
	if (limit < 1 + 4) /* no room for both: where you are wins */
		limit = s->w - 1, r = "";
	screen_text_clip(s, row, 1, limit, left, strlen(left), ATTR_STATUS);
	if (*r)
		text(s, row, s->w - rw - 1, s->w, r, ATTR_STATUS);
}

static void draw_message(struct model *m, struct screen *s,
			 const struct geometry *g)
{
	char line[64];
	if (m->search.bar && !m->search.results) {
		/* the search bar: its prompt, the query, the cursor in it */
		int row = g->message_row;
		text(s, row, 0, s->w, m->search.backward ? "?" : "/",
		     ATTR_HELP_KEY);
		int col = bar_draw(&m->search.edit, s, row, 1, s->w - 1,
				   ATTR_MESSAGE);
		s->cursor_row = row;
		s->cursor_col = col < s->w ? col : s->w - 1;
		if (m->msg[0] && m->msg_error) {
			/* "Not found" after the query, where there is room */
			size_t qw = width_str(m->msg, strlen(m->msg));
			if ((size_t)col + 3 + qw < (size_t)s->w)
				text(s, row, s->w - (int)qw - 1, s->w, m->msg,
				     ATTR_ERROR);
		}
	} else if (m->ndigits) {
		snprintf(line, sizeof line, "Go to article %s", m->digits);
		static const char hint[] = "  (Enter: go, Esc: cancel)";
		int x = text(s, g->message_row, 0, s->w, line, ATTR_MESSAGE);
		screen_text_clip(s, g->message_row, x, s->w, hint,
				 sizeof hint - 1, ATTR_LIST_ID);
	} else if (m->msg[0]) {
		screen_text_clip(s, g->message_row, 0, s->w, m->msg,
				 strlen(m->msg),
				 m->msg_error ? ATTR_ERROR : ATTR_MESSAGE);
	}
}

/* The help: every action of the key table, in a box; on a short screen a
 * window of it, which j/k and the page keys scroll. */
static void draw_help(struct model *m, struct screen *s)
{
	struct help_box box;
	model_help_layout(m, &box);
	size_t rows = (size_t)box.h - 2;
	int bw = box.w, bh = box.h;
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
	for (size_t i = 0; i < rows && m->help_top + i < box.n; i++) {
		const struct help_line *l = &box.line[m->help_top + i];
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
	if (m->help_top + rows < box.n)
		foot = m->help_top ? " j/k more, any other key closes "
				   : " j: more, any other key closes ";
	else if (m->help_top)
		foot = " k: back, any other key closes ";
	screen_text_clip(s, y0 + bh - 1, x0 + 2, right, foot, strlen(foot),
			 ATTR_BORDER);
}

/* One row of the results view: the hit in its context, centred. */
static void result_row(struct model *m, struct screen *s, int row, size_t h,
		       int width)
{
	struct err e = { 0 };
	size_t block, off;
	struct corpus_block b;
	int selected = h == m->search.res_sel;
	enum attr base = selected ? ATTR_SELECTED : ATTR_NORMAL;
	if (selected)
		screen_fill(s, row, 0, width, ' ', base);
	if (search_locate(m->c, m->search.r.pos[h], &block, &off, &e) ||
	    corpus_block(m->c, block, &b, &e)) {
		text(s, row, 1, width, "(unreadable)", ATTR_ERROR);
		return;
	}
	char id[48];
	snprintf(id, sizeof id, "%*zu", digits(m->n) & 31,
		 model_hit_article(m, h) + 1);
	int x = text(s, row, 1, width, id, selected ? base : ATTR_LIST_ID) + 2;
	const char *t = b.text.s;
	size_t n = search_match(t + off, b.text.len - off, m->search.fq,
				m->search.fqn);
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
	struct model_search *q = &m->search;
	size_t rows = (size_t)g->rows;
	if (q->res_sel >= q->res_top + rows)
		q->res_top = q->res_sel - rows + 1;
	for (size_t r = 0; r < rows && q->res_top + r < q->r.n; r++)
		result_row(m, s, (int)r, q->res_top + r, s->w);
	char left[128];
	snprintf(left, sizeof left, "hit %zu of %zu in %zu article%s",
		 q->res_sel + 1, q->r.n, q->r.articles,
		 q->r.articles == 1 ? "" : "s");
	screen_fill(s, g->status_row, 0, s->w, ' ', ATTR_STATUS);
	int x = screen_text_clip(s, g->status_row, 1, s->w - 1, left,
				 strlen(left), ATTR_STATUS);
	static const char hint[] = "Enter open  Esc back";
	int hw = (int)width_str(hint, sizeof hint - 1);
	if (x + 2 + hw <= s->w - 1)
		text(s, g->status_row, s->w - hw - 1, s->w, hint, ATTR_STATUS);
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
	if (m->search.results) {
		draw_results(m, s, &g);
		draw_message(m, s, &g);
		if (m->help)
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
	if (m->help)
		draw_help(m, s);
}
