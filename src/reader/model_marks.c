/* model_marks: read marks, bookmarks, the place to come back to (see
 * include/kanbao/reader/model_marks.h). */
#include "kanbao/reader/model.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kanbao/base/array.h"

int model_is_read(const struct model *m, size_t i)
{
	return m->read && i < m->n && (m->read[i / 8] >> (i % 8) & 1);
}

void model_set_read(struct model *m, size_t i, int read)
{
	if (!m->read || i >= m->n || model_is_read(m, i) == !!read)
		return;
	m->read[i / 8] ^= (uint8_t)(1u << (i % 8));
	m->nread += read ? 1 : (size_t)-1;
}

void model_marks_toggle_read(struct model *m)
{
	if (!m->n)
		return;
	int read = !model_is_read(m, m->sel);
	model_set_read(m, m->sel, read);
	model_say(m, 0, "Article %zu marked %s: %zu unread", m->sel + 1,
		  read ? "read" : "unread", m->n - m->nread);
}

void model_next_unread(struct model *m)
{
	size_t n = model_list_rows(m);
	size_t from = m->focus == PANE_BODY && m->body.open ? m->body.article
							    : m->sel;
	size_t a = from;
	int wrapped = 0;
	/* the rows after it, then from the list's start round to it */
	for (size_t k = 0; k < n; k++) {
		a = model_list_step(m, a, 1);
		if (a == LIST_NONE) {
			a = model_list_at(m, 0);
			wrapped = 1;
		}
		if (a == from || !model_is_read(m, a))
			break;
	}
	if (!n || a == from || model_is_read(m, a)) {
		model_say(m, 0, n && !model_is_read(m, from) &&
					list_row_of(&m->list, from) != LIST_NONE
				       ? "No other unread article listed"
				       : "No unread article listed");
		return;
	}
	if (m->focus == PANE_BODY) {
		model_open(m, a);
	} else {
		m->sel = a;
		struct geometry g;
		model_geometry(m, &g);
		if (g.split)
			model_open(m, a);
	}
	model_keep_visible(m);
	if (wrapped)
		model_say(m, 0, "Wrapped to the first unread article listed");
}

size_t model_unread_listed(const struct model *m)
{
	size_t unread = 0, n = model_list_rows(m);
	for (size_t r = 0; r < n; r++)
		unread += !model_is_read(m, model_list_at(m, r));
	return unread;
}

void model_mark_listed_read(struct model *m)
{
	size_t n = model_list_rows(m), was = m->nread;
	for (size_t r = 0; r < n; r++)
		model_set_read(m, model_list_at(m, r), 1);
	model_say(m, 0, "%zu article%s marked read: %zu unread", m->nread - was,
		  m->nread - was == 1 ? "" : "s", m->n - m->nread);
}

/* Open article `article` at anchor (piece, off), or at its start when the
 * anchor is not in it; the list follows. */
static void show_place(struct model *m, size_t article, size_t piece,
		       size_t off)
{
	if (article >= m->n)
		return;
	model_open(m, article);
	struct body *b = &m->body;
	if (b->open && b->article == article && piece < b->doc.n &&
	    off <= b->doc.p[piece].len)
		model_show(m, piece, off, 0);
	model_keep_visible(m);
}

/* The place m marks: the body's top line when reading, else the selected
 * article's start. */
static struct model_mark here(struct model *m)
{
	struct model_mark mk = { m->sel, 0, 0, (int64_t)time(NULL) };
	if (m->focus == PANE_BODY && m->body.open) {
		mk.article = m->body.article;
		mk.piece = m->body.top_piece;
		mk.off = m->body.top_off == MODEL_GAP ? 0 : m->body.top_off;
	}
	return mk;
}

/* Whether bookmark a comes before b in reading order. */
static int mark_before(const struct model_mark *a,
		       const struct model_mark *b)
{
	if (a->article != b->article)
		return a->article < b->article;
	if (a->piece != b->piece)
		return a->piece < b->piece;
	return a->off < b->off;
}

struct marks_key {
	const struct model_mark *v, *key;
};

/* Whether bookmark i comes before the key. */
static int mark_below(const void *ctx, size_t i)
{
	const struct marks_key *k = ctx;
	return mark_before(&k->v[i], k->key);
}

int model_add_mark(struct model *m, const struct model_mark *mk)
{
	if (mk->article >= m->n)
		return -1;
	struct marks_key k = { m->marks, mk };
	size_t at = array_lower_bound(0, m->nmarks, mark_below, &k);
	if (at < m->nmarks && !mark_before(mk, &m->marks[at]))
		return 0; /* there already */
	struct model_mark *v = realloc(m->marks, (m->nmarks + 1) * sizeof *v);
	if (!v)
		return -1;
	m->marks = v;
	memmove(v + at + 1, v + at, (m->nmarks - at) * sizeof *v);
	v[at] = *mk;
	m->nmarks++;
	return 0;
}

static void delete_mark(struct model *m, size_t k)
{
	memmove(m->marks + k, m->marks + k + 1,
		(m->nmarks - k - 1) * sizeof *m->marks);
	m->nmarks--;
}

/* The bytes of its piece display line p holds, [*from, *to): from its
 * start to the next line's; the last line of a piece to its end, which is
 * included (a place may stand there).  A blank line holds none. */
static void line_span(struct model *m, struct pos p, size_t *from,
		      size_t *to)
{
	enum doc_kind kind;
	const char *t;
	size_t len, indent;
	const struct doc_piece *piece = &m->body.doc.p[p.piece];
	*from = *to = 0;
	if (p.line < 0)
		return;
	model_line(m, p, &kind, &t, &len, &indent);
	*from = (size_t)(t - piece->text);
	struct pos q = p;
	if (model_next(m, &q) && q.piece == p.piece && q.line >= 0) {
		model_line(m, q, &kind, &t, &len, &indent);
		*to = (size_t)(t - piece->text);
	} else {
		*to = piece->len + 1;
	}
}

/* The first bookmark of the open article on display line p, or
 * MODEL_NO_HIT. */
static size_t mark_on_line(struct model *m, struct pos p)
{
	size_t from, to;
	if (!m->body.open || p.piece >= m->body.doc.n)
		return MODEL_NO_HIT;
	line_span(m, p, &from, &to);
	struct model_mark key = { m->body.article, p.piece, from, 0 };
	struct marks_key k = { m->marks, &key };
	size_t at = array_lower_bound(0, m->nmarks, mark_below, &k);
	if (at < m->nmarks && m->marks[at].article == key.article &&
	    m->marks[at].piece == key.piece && m->marks[at].off < to)
		return at;
	return MODEL_NO_HIT;
}

int model_mark_on(struct model *m, struct pos p)
{
	return mark_on_line(m, p) != MODEL_NO_HIT;
}

/* The place m marks in the article being read: its top line (the first
 * line of text when a blank line is at the top), at the anchor's byte when
 * the anchor is on it (so the place comes back at another width as the
 * reader left it), else at the line's start. */
static struct pos top_line(struct model *m, struct model_mark *mk)
{
	struct body *b = &m->body;
	struct pos p = model_top(m);
	if (p.line < 0)
		model_next(m, &p);
	size_t from, to;
	line_span(m, p, &from, &to);
	*mk = (struct model_mark){ b->article, p.piece, from,
				   (int64_t)time(NULL) };
	if (b->top_piece == p.piece && b->top_off != MODEL_GAP &&
	    b->top_off >= from && b->top_off < to)
		mk->off = b->top_off;
	return p;
}

void model_marks_toggle(struct model *m)
{
	if (!m->n)
		return;
	struct model_mark mk = here(m);
	size_t k;
	int removed = 0;
	if (m->focus == PANE_BODY && m->body.open) {
		/* every bookmark the margin shows on the top line */
		struct pos p = top_line(m, &mk);
		for (; (k = mark_on_line(m, p)) != MODEL_NO_HIT; removed = 1)
			delete_mark(m, k);
	} else {
		/* the list: the one at the selected article's start */
		struct marks_key key = { m->marks, &mk };
		k = array_lower_bound(0, m->nmarks, mark_below, &key);
		if (k < m->nmarks && !mark_before(&mk, &m->marks[k]))
			delete_mark(m, k), removed = 1;
	}
	if (removed) {
		model_say(m, 0, "Bookmark removed: %zu left", m->nmarks);
	} else if (model_add_mark(m, &mk) < 0) {
		model_say(m, 1, "out of memory");
	} else {
		model_say(m, 0, "Bookmarked (%zu in all; ' lists them)",
			  m->nmarks);
	}
}

int model_marks_key(struct model *m, struct mode_key *in)
{
	struct panel *p = &m->marks_list;
	long wheel = model_wheel(in->a);
	if (wheel) {
		panel_select(p, m->nmarks, in->page, (long)p->sel + wheel);
		return 1;
	}
	if (panel_move(p, m->nmarks, in->page, in->a))
		return 1;
	if (in->a == ACT_CLICK || in->a == ACT_DOUBLE_CLICK) {
		/* a click selects the bookmark, a double click goes there */
		if (!panel_click(p, m->nmarks, in->page, in->k.row) ||
		    in->a == ACT_CLICK)
			return 1;
		in->a = ACT_OPEN;
	}
	switch (in->a) {
	case ACT_DELETE:
		delete_mark(m, p->sel);
		model_say(m, 0, "Bookmark deleted: %zu left", m->nmarks);
		if (!m->nmarks)
			model_leave(m, MODE_MARKS);
		else
			panel_select(p, m->nmarks, in->page, (long)p->sel);
		break;
	case ACT_OPEN: {
		const struct model_mark *mk = &m->marks[p->sel];
		model_leave(m, MODE_MARKS);
		show_place(m, mk->article, mk->piece, mk->off);
		m->focus = PANE_BODY;
		model_keep_visible(m);
		break;
	}
	case ACT_BACK:
	case ACT_MARKS:
	case ACT_QUIT:
		model_leave(m, MODE_MARKS);
		break;
	default:
		return 0; /* the program's, or nothing */
	}
	return 1;
}

int model_marks_open(struct model *m)
{
	if (!m->nmarks) {
		model_say(m, 1, "No bookmarks: m marks the place you are "
				"reading");
		return 0;
	}
	struct model_mark mk = here(m);
	size_t k = 0;
	while (k + 1 < m->nmarks && mark_before(&m->marks[k], &mk))
		k++;
	m->marks_list = (struct panel){ 0, 0 };
	panel_select(&m->marks_list, m->nmarks, model_page(m), (long)k);
	model_enter(m, MODE_MARKS);
	return 1;
}

void model_marks_leave(struct model *m)
{
	const struct body *b = &m->body;
	if (!b->open)
		return;
	struct state_left l = { b->article, b->top_piece,
				b->top_off == MODEL_GAP ? 0 : b->top_off,
				(int64_t)time(NULL) };
	size_t k = state_left_find(m->left, m->nleft, l.article);
	int have = k < m->nleft && m->left[k].article == l.article;
	if (!l.piece && !l.off) { /* at the start: no place to come back to */
		if (have)
			memmove(m->left + k, m->left + k + 1,
				(--m->nleft - k) * sizeof *m->left);
		return;
	}
	if (have && m->left[k].piece == l.piece && m->left[k].off == l.off)
		return; /* not moved: still left when it was */
	if (have) {
		m->left[k] = l;
		return;
	}
	struct state_left *v = realloc(m->left, (m->nleft + 1) * sizeof *v);
	if (!v)
		return;
	m->left = v;
	memmove(v + k + 1, v + k, (m->nleft - k) * sizeof *v);
	v[k] = l;
	m->nleft = state_left_trim(v, m->nleft + 1);
}

void model_marks_return(struct model *m)
{
	struct body *b = &m->body;
	size_t k = state_left_find(m->left, m->nleft, b->article);
	if (!b->open || k == m->nleft || m->left[k].article != b->article)
		return;
	const struct state_left *l = &m->left[k];
	if (l->piece < b->doc.n && l->off <= b->doc.p[l->piece].len) {
		b->top_piece = l->piece;
		b->top_off = l->off;
	}
}

void model_where(struct model *m, struct model_place *p)
{
	memset(p, 0, sizeof *p);
	p->sel = m->sel;
	if (m->focus == PANE_BODY && m->body.open) {
		p->in_article = 1;
		p->article = m->body.article;
		p->piece = m->body.top_piece;
		p->off = m->body.top_off == MODEL_GAP ? 0 : m->body.top_off;
	}
}

void model_resume(struct model *m, const struct model_place *p)
{
	model_relist(m);
	if (!m->n)
		return;
	if (p->in_article && p->article < m->n) {
		show_place(m, p->article, p->piece, p->off);
		m->focus = PANE_BODY;
		model_set_read(m, p->article, 1);
	} else if (p->sel < m->n) {
		m->sel = p->sel;
		struct geometry g;
		model_geometry(m, &g);
		if (g.split)
			model_open(m, m->sel);
	}
	model_keep_visible(m);
}

void model_load_state(struct model *m, const struct state *st, int resume)
{
	m->sort = st->sort == STATE_SORT_DATE ? LIST_DATE : LIST_CORPUS;
	m->list_gen++;
	for (size_t r = 0; r < st->nread; r++)
		for (size_t i = st->read[r].first;
		     i <= st->read[r].last && i < m->n; i++)
			model_set_read(m, i, 1);
	for (size_t k = 0; k < st->nmarks; k++) {
		const struct state_bookmark *b = &st->marks[k];
		struct model_mark mk = { b->article, b->piece, b->off,
					 b->created };
		model_add_mark(m, &mk); /* not in the corpus: dropped */
	}
	/* the places of articles in the corpus, most recent first kept */
	size_t nleft = state_left_find(st->left, st->nleft, m->n);
	struct state_left *left = malloc((nleft ? nleft : 1) * sizeof *left);
	if (left) { /* else no place is remembered */
		if (nleft) /* st->left may be NULL then */
			memcpy(left, st->left, nleft * sizeof *left);
		free(m->left);
		m->left = left;
		m->nleft = state_left_trim(left, nleft);
	}
	model_marks_return(m); /* the article open from the start */
	model_relist(m);
	struct model_place p = { 0, 0, 0, 0, 0 };
	if (resume)
		p = (struct model_place){ st->in_article, st->selected,
					  st->article, st->piece, st->off };
	model_resume(m, &p);
	model_relist(m);
}

int model_save_state(struct model *m, struct state *st)
{
	model_marks_leave(m); /* the article being read is left now */
	struct model_place p;
	model_where(m, &p);
	st->in_article = p.in_article;
	st->article = p.article;
	st->piece = p.piece;
	st->off = p.off;
	st->selected = p.sel;
	st->sort = m->sort == LIST_DATE ? STATE_SORT_DATE : STATE_SORT_CORPUS;
	/* the read marks as ranges of articles */
	size_t runs = 0;
	for (size_t i = 0; i < m->n; i++)
		runs += model_is_read(m, i) && (!i || !model_is_read(m, i - 1));
	st->read = malloc((runs ? runs : 1) * sizeof *st->read);
	st->marks = malloc((m->nmarks ? m->nmarks : 1) * sizeof *st->marks);
	st->left = malloc((m->nleft ? m->nleft : 1) * sizeof *st->left);
	if (!st->read || !st->marks || !st->left) {
		state_free(st);
		return -1;
	}
	if (m->nleft) /* m->left may be NULL then */
		memcpy(st->left, m->left, m->nleft * sizeof *st->left);
	st->nleft = m->nleft;
	for (size_t i = 0; i < m->n; i++) {
		if (!model_is_read(m, i))
			continue;
		if (i && model_is_read(m, i - 1))
			st->read[st->nread - 1].last = i;
		else
			st->read[st->nread++] = (struct state_range){ i, i };
	}
	for (size_t k = 0; k < m->nmarks; k++) {
		const struct model_mark *mk = &m->marks[k];
		st->marks[st->nmarks++] = (struct state_bookmark){
			mk->article, mk->piece, mk->off, mk->when
		};
	}
	return 0;
}
