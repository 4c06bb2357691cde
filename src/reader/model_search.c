/* model_search: the search bar, its hits and the results view (see
 * include/kanbao/reader/model_search.h). */
#include "kanbao/reader/model.h"

#include <stdlib.h>
#include <string.h>

#include "kanbao/base/array.h"

void model_search_init(struct model_search *s)
{
	memset(s, 0, sizeof *s);
	prompt_init(&s->edit);
	s->now.cur = s->kept.cur = MODEL_NO_HIT;
	s->now.scope = s->kept.scope = MODEL_NO_HIT;
}

/* Free what query q holds; it is then empty, its direction and scope
 * (how the bar was opened) kept. */
static void query_free(struct model_query *q)
{
	free(q->text);
	search_result_free(&q->r);
	free(q->first_hit);
	search_query_free(&q->folded);
	*q = (struct model_query){ .cur = MODEL_NO_HIT, .backward = q->backward,
				   .scope = q->scope };
}

void model_search_free(struct model_search *s)
{
	query_free(&s->now);
	query_free(&s->kept);
	free(s->want_q);
	prompt_free(&s->edit);
}

/* No hits in effect: the list shows every article again, and the results
 * view, showing hits no more, closes. */
static void hits_clear(struct model *m)
{
	query_free(&m->search.now);
	model_leave(m, MODE_RESULTS);
	m->list_gen++;
}

/* The search in effect, set aside whole for Esc (the bar opens)... */
static void set_aside(struct model *m)
{
	struct model_search *s = &m->search;
	query_free(&s->kept);
	s->kept = s->now;
	s->now = (struct model_query){ .cur = MODEL_NO_HIT,
				       .scope = MODEL_NO_HIT };
	model_leave(m, MODE_RESULTS);
	m->list_gen++;
}

/* ... and back (Esc): no search runs again. */
static void take_back(struct model *m)
{
	struct model_search *s = &m->search;
	hits_clear(m);
	s->now = s->kept;
	s->kept = (struct model_query){ .cur = MODEL_NO_HIT,
					.scope = MODEL_NO_HIT };
	if (s->now.on)
		prompt_set(&s->edit, s->now.text, s->now.len);
}

struct first_hits {
	const size_t *first_hit;
	size_t h;
};

/* Whether article i's hits start at or before hit h. */
static int starts_by(const void *ctx, size_t i)
{
	const struct first_hits *f = ctx;
	return f->first_hit[i] <= f->h;
}

size_t model_hit_article(const struct model *m, size_t h)
{
	struct first_hits f = { m->search.now.first_hit, h };
	if (m->n < 2)
		return 0;
	/* the last article whose hits start at or before h */
	return array_lower_bound(1, m->n, starts_by, &f) - 1;
}

void model_article_hits(const struct model *m, size_t *from, size_t *to)
{
	const struct model_query *q = &m->search.now;
	*from = *to = 0;
	if (!q->on || !m->body.open || !q->r.n)
		return;
	size_t a = m->body.article;
	*from = q->first_hit[a];
	*to = a + 1 < m->n ? q->first_hit[a + 1] : q->r.n;
}

/* The TEXT offset of the reading position: the start of the body's top
 * line shown, or the start of the selected article. */
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
	if (!b->open || !b->doc.n)
		return 0;
	enum doc_kind kind;
	const char *t;
	size_t len, indent;
	struct pos p = model_top(m);
	model_line(m, p, &kind, &t, &len, &indent);
	const struct doc_piece *piece = &b->doc.p[p.piece];
	return piece->offset + (uint64_t)(t - piece->text);
}

/* Show TEXT offset `pos` of article `article`: open it, the line holding
 * it two lines from the top of the pane.  show_hit: the same for hit h. */
static void show_at(struct model *m, size_t article, uint64_t pos)
{
	model_open(m, article);
	model_keep_visible(m);
	struct body *b = &m->body;
	if (!b->open)
		return;
	for (size_t i = 0; i < b->doc.n; i++) {
		const struct doc_piece *p = &b->doc.p[i];
		if (pos < p->offset || pos > p->offset + p->len)
			continue;
		model_show(m, i, (size_t)(pos - p->offset), 2);
		return;
	}
}

static void show_hit(struct model *m, size_t h)
{
	const struct search_result *r = &m->search.now.r;
	uint64_t at = search_hit(r, h);
	show_at(m, model_hit_article(m, h), at);
	if (at == UINT64_MAX) /* a damaged index: the article, not the hit */
		model_say(m, 1, "%s", search_hit_error(r)->msg);
	else if (m->body.open)
		m->search.now.cur = h;
}

/* The hits the search moves through: all, or with ? only the article it
 * started in: indices [*lo, *hi) of the hits. */
static void hit_range(const struct model *m, size_t *lo, size_t *hi)
{
	const struct model_query *q = &m->search.now;
	*lo = 0;
	*hi = q->r.n;
	if (q->scope != MODEL_NO_HIT && q->first_hit && q->scope < m->n) {
		*lo = q->first_hit[q->scope];
		*hi = q->first_hit[q->scope + 1];
	}
}

/* The article after article a (before it, `back`) in the list's order
 * that has hits, or from a LIST_NONE the first (last) such one;
 * LIST_NONE when there is none. */
static size_t article_with_hits(const struct model *m, size_t a, int back)
{
	const struct model_query *q = &m->search.now;
	long by = back ? -1 : 1;
	if (m->list.sort == LIST_CORPUS) {
		/* The rows go in corpus order, as the hits do: from one
		 * article with hits to the next, skipping those not listed. */
		size_t h = a == LIST_NONE ? (back ? q->r.n : 0)
					  : q->first_hit[back ? a : a + 1];
		while (back ? h > 0 : h < q->r.n) {
			size_t b = model_hit_article(m, back ? h - 1 : h);
			if (list_row_of(&m->list, b) != LIST_NONE)
				return b;
			h = q->first_hit[back ? b : b + 1];
		}
		return LIST_NONE;
	}
	/* sorted: row by row */
	size_t n = model_list_rows(m), b;
	if (a != LIST_NONE)
		b = model_list_step(m, a, by);
	else
		b = n ? model_list_at(m, back ? n - 1 : 0) : LIST_NONE;
	for (; b != LIST_NONE; b = model_list_step(m, b, by))
		if (q->r.per_article[b])
			return b;
	return LIST_NONE;
}

/* The hit the search goes to from article a, at index `at` of its hits
 * (forward: `at` itself or the next one; back: the one before it), and
 * past a's hits on from the next article with hits in the list's order,
 * round the list's end (`*wrapped`); with ?, round a's hits only.
 * MODEL_NO_HIT when there is none to go to. */
static size_t hit_after(const struct model *m, size_t a, size_t at, int back,
			int *wrapped)
{
	const struct model_query *q = &m->search.now;
	size_t lo = q->first_hit[a], hi = q->first_hit[a + 1];
	*wrapped = 0;
	if (!back && at < hi)
		return at < lo ? lo : at;
	if (back && at > lo && lo < hi)
		return (at < hi ? at : hi) - 1;
	size_t b = q->scope == MODEL_NO_HIT ? article_with_hits(m, a, back)
					    : LIST_NONE;
	if (b == LIST_NONE) {
		*wrapped = 1;
		b = q->scope == MODEL_NO_HIT
			    ? article_with_hits(m, LIST_NONE, back)
			    : a;
	}
	if (b == LIST_NONE || q->first_hit[b] == q->first_hit[b + 1])
		return MODEL_NO_HIT;
	return back ? q->first_hit[b + 1] - 1 : q->first_hit[b];
}

/* The article the reader is at: the one read, or the one selected in the
 * list when the body does not show it (reading_pos's). */
static size_t reading_article(const struct model *m)
{
	const struct body *b = &m->body;
	if (!b->open || (m->focus == PANE_LIST && b->article != m->sel))
		return m->sel;
	return b->article;
}

/* The first hit from the reading position on (or, backward, the last one
 * before it) in the list's order, as hit_after goes. */
static size_t hit_from_reading(struct model *m, int backward, int *wrapped)
{
	const struct model_query *q = &m->search.now;
	*wrapped = 0;
	if (!q->on || !q->r.n)
		return MODEL_NO_HIT;
	size_t a = q->scope != MODEL_NO_HIT ? q->scope : reading_article(m);
	size_t at = search_hit_lower(&q->r, reading_pos(m));
	return hit_after(m, a, at, backward, wrapped);
}

/* What to say when there is no hit to go to. */
static const char *no_hit_message(const struct model *m)
{
	const struct model_query *q = &m->search.now;
	if (!q->r.n)
		return "Not found";
	return q->scope != MODEL_NO_HIT ? "Not found in this article"
					: "No hits in the articles listed";
}

static const char *wrap_message(const struct model *m, int backward)
{
	if (m->search.now.scope != MODEL_NO_HIT)
		return backward ? "Search wrapped to the last hit in the article"
				: "Search wrapped to the first hit in the "
				  "article";
	return backward ? "Search wrapped to the last hit"
			: "Search wrapped to the first hit";
}

/* Back to where the reader was when the bar opened. */
static void restore(struct model *m)
{
	struct model_search *s = &m->search;
	m->focus = (enum pane)s->saved.focus;
	m->sel = s->saved.sel;
	if (s->saved.open) {
		model_open(m, s->saved.article);
		model_show(m, s->saved.top_piece, s->saved.top_off, 0);
	}
	m->sel = s->saved.sel;
	m->list_top = s->saved.list_top;
	model_keep_visible(m);
}

/* The rest of the search in effect from its hits (in now.r): the query
 * folded, where each article's hits start.  0, or -1 with a
 * message and no search in effect. */
static int install(struct model *m)
{
	struct model_search *s = &m->search;
	struct model_query *q = &s->now;
	int rc = search_query_make(corpus_variants(m->c), s->want_q,
				   s->want_len, &q->folded);
	q->text = malloc(s->want_len + 1);
	q->first_hit = malloc((m->n + 1) * sizeof *q->first_hit);
	if (rc < 0 || !q->text || !q->first_hit) {
		hits_clear(m);
		model_say(m, 1, "out of memory");
		return -1;
	}
	memcpy(q->text, s->want_q, s->want_len + 1);
	q->len = s->want_len;
	size_t sum = 0;
	q->most = 0;
	for (size_t i = 0; i < m->n; i++) {
		q->first_hit[i] = sum;
		sum += q->r.per_article[i];
		if (q->r.per_article[i] > q->most)
			q->most = q->r.per_article[i];
	}
	q->first_hit[m->n] = sum;
	q->on = 1;
	q->narrow = s->want_narrow && q->r.articles;
	m->list_gen++;
	return 0;
}

/* The hits `r` of the awaited query (moved in) the search in effect; no
 * move.  0, or -1 with a message. */
static int take_hits(struct model *m, struct search_result *r)
{
	hits_clear(m);
	m->search.now.r = *r;
	memset(r, 0, sizeof *r);
	return install(m);
}

/* The query in the bar changed: back to where the reader was, and await
 * its hits (model_search_done shows the first after that place). */
static void ask(struct model *m)
{
	struct model_search *s = &m->search;
	s->want_narrow = s->now.narrow;
	restore(m);
	hits_clear(m);
	free(s->want_q);
	s->want_q = prompt_text(&s->edit, &s->want_len);
	s->want = 0;
	if (!s->want_q)
		model_say(m, 1, "out of memory");
	else if (s->want_len)
		s->want = ++s->seq;
	s->jump = 1;
	s->queued = 0;
}

unsigned long model_search_wanted(const struct model *m, const char **q,
				  size_t *len)
{
	*q = m->search.want_q;
	*len = m->search.want_len;
	return m->search.want;
}

/* The reader is at the hit the preview found (TEXT offset `at`): when it
 * is one of the hits that came, it is the current one.  0 when not. */
static int keep_preview(struct model *m, uint64_t at)
{
	struct model_query *q = &m->search.now;
	size_t h = search_hit_lower(&q->r, at);
	if (h == q->r.n || search_hit(&q->r, h) != at)
		return 0;
	q->cur = h;
	if (!model_showing(m, MODE_SEARCH)) {
		m->focus = PANE_BODY;
		model_keep_visible(m);
	}
	return 1;
}

/* The hits have come and the reader had not moved on: the first hit
 * from the reading place (or the one the preview went to) shown. */
static void show_first(struct model *m, int previewed)
{
	struct model_search *s = &m->search;
	if (previewed && keep_preview(m, s->preview_at))
		return;
	int wrapped;
	size_t h = hit_from_reading(m, s->now.backward, &wrapped);
	if (h == MODEL_NO_HIT) {
		model_say(m, 1, "%s", no_hit_message(m));
		return;
	}
	show_hit(m, h);
	if (!model_showing(m, MODE_SEARCH)) {
		/* Enter came before the hits: it meant go there */
		m->focus = PANE_BODY;
		model_keep_visible(m);
	}
}

static void take_done(struct model *m, unsigned long id,
		      struct search_result *r, const struct err *e)
{
	struct model_search *s = &m->search;
	if (!id || id != s->want) {
		search_result_free(r);
		return;
	}
	s->want = 0;
	long queued = s->queued;
	s->queued = 0;
	if (e->code != ERR_OK) {
		search_result_free(r);
		model_say(m, 1, "%s", e->msg);
		return;
	}
	int previewed = s->previewed == id && s->preview_at != UINT64_MAX;
	if (take_hits(m, r) < 0)
		return;
	if (queued)
		m->msg[0] = '\0'; /* "Searching…" said, searched */
	if (s->jump)
		show_first(m, previewed);
	/* the n and N typed meanwhile, in turn, as if the hits had been
	 * there */
	for (; queued > 0; queued--)
		model_search_next(m, 0);
	for (; queued < 0; queued++)
		model_search_next(m, 1);
}

void model_search_done(struct model *m, unsigned long id,
		       struct search_result *r, const struct err *e)
{
	take_done(m, id, r, e);
	model_settle(m);
}

/* The hits of query `f` in article `a`, in r->pos (room for *cap); the
 * bytes read added to *spent.  0, or -1 when out of memory or the corpus
 * is damaged (the search proper will say so). */
static int article_hits(struct model *m, size_t a,
			const struct search_query *f, struct search_result *r,
			size_t *cap, uint64_t *spent)
{
	struct corpus_article art;
	r->n = 0;
	if (corpus_article(m->c, a, &art, NULL) != ERR_OK)
		return -1;
	for (size_t j = art.first_block; j < art.first_block + art.nblocks;
	     j++) {
		struct corpus_block b;
		if (corpus_block(m->c, j, &b, NULL) != ERR_OK ||
		    search_block_hits(&b, f, r, cap) < 0)
			return -1;
		*spent += b.text.len;
	}
	return 0;
}

/* The hit of `r` (article a's, a being `first` or after it in the
 * list) the search goes to from TEXT offset `at`: forward, the first at or
 * after it (in a later article, its first); ? backward in its article,
 * the last before it.  r->n when none. */
static size_t preview_hit(const struct model *m, const struct search_result *r,
			  size_t a, size_t first, uint64_t at)
{
	size_t h = r->n;
	for (size_t i = 0; i < r->n; i++) {
		if (m->search.now.backward ? r->pos[i] < at
					   : a != first || r->pos[i] >= at)
			h = i;
		if (!m->search.now.backward && h < r->n)
			break;
	}
	return h;
}

/* Hits `r` of article a, hit h of them at TEXT offset `at`: shown,
 * highlighted, the rest still awaited.  `r` is moved in. */
static void show_preview(struct model *m, struct search_result *r, size_t a,
			 size_t h)
{
	struct model_search *s = &m->search;
	r->per_article = calloc(m->n, sizeof *r->per_article);
	if (!r->per_article)
		return;
	r->per_article[a] = (uint32_t)r->n;
	r->articles = 1;
	r->narticles = m->n;
	s->preview_at = r->pos[h];
	hits_clear(m);
	s->now.r = *r;
	memset(r, 0, sizeof *r);
	if (install(m) == 0) {
		s->now.narrow = 0;
		show_at(m, a, s->preview_at);
		s->now.cur = h;
	}
}

void model_search_preview(struct model *m)
{
	enum { BUDGET = 1 << 19 }; /* bytes of text: 3 ms at the most */
	struct model_search *s = &m->search;
	if (!s->want || s->previewed == s->want || !s->jump || !m->n)
		return;
	s->previewed = s->want;
	s->preview_at = UINT64_MAX;
	struct search_query f;
	if (search_query_make(corpus_variants(m->c), s->want_q, s->want_len,
			      &f) < 0)
		return;
	if (!f.len) {
		search_query_free(&f);
		return;
	}
	uint64_t at = reading_pos(m), spent = 0;
	size_t first = m->body.open && (m->focus == PANE_BODY ||
					m->body.article == m->sel)
			       ? m->body.article
			       : m->sel;
	if (s->now.scope != MODEL_NO_HIT)
		first = s->now.scope;
	struct search_result r = { 0 };
	size_t cap = 0;
	/* in the list's order, as n goes */
	for (size_t a = first; a != LIST_NONE && spent < BUDGET;
	     a = model_list_step(m, a, 1)) {
		if (article_hits(m, a, &f, &r, &cap, &spent) < 0)
			break;
		size_t h = preview_hit(m, &r, a, first, at);
		if (h < r.n) {
			show_preview(m, &r, a, h);
			break;
		}
		if (s->now.scope != MODEL_NO_HIT)
			break;
	}
	search_result_free(&r);
	search_query_free(&f);
	model_relist(m);
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
		enum doc_kind kind;
		const char *t;
		size_t len, indent;
		model_line(m, p, &kind, &t, &len, &indent);
		const struct doc_piece *piece = &m->body.doc.p[p.piece];
		uint64_t a = piece->offset + (uint64_t)(t - piece->text);
		if (len && pos >= a && pos < a + len)
			return 1;
		if (!model_next(m, &p))
			break;
	}
	return 0;
}

/* The hit n or N goes to: in direction `backward`, from the current hit
 * when it is on the screen, else from where the reader is now, as less
 * does, in the list's order, as ] and [ go; `*wrapped` when it went round
 * the end.  MODEL_NO_HIT when there is none. */
static size_t next_from(struct model *m, int backward, size_t lo, size_t hi,
			int *wrapped)
{
	struct model_query *q = &m->search.now;
	*wrapped = 0;
	if (q->cur == MODEL_NO_HIT || q->cur < lo || q->cur >= hi ||
	    !on_screen(m, search_hit(&q->r, q->cur)))
		return hit_from_reading(m, backward, wrapped);
	return hit_after(m, model_hit_article(m, q->cur),
			 backward ? q->cur : q->cur + 1, backward, wrapped);
}

void model_search_next(struct model *m, int against)
{
	struct model_search *s = &m->search;
	if (s->want) {
		/* kept for when the hits come */
		s->queued += against ? -1 : 1;
		model_say(m, 0, "Searching…");
		return;
	}
	if (!s->now.on || !s->now.r.n) {
		model_say(m, 1, s->now.on ? "Not found"
					  : "No search: type / and a query");
		return;
	}
	int backward = s->now.backward != against, wrapped;
	size_t lo, hi;
	hit_range(m, &lo, &hi);
	if (lo >= hi) {
		model_say(m, 1, "Not found in this article");
		return;
	}
	size_t h = next_from(m, backward, lo, hi, &wrapped);
	if (h == MODEL_NO_HIT) {
		model_say(m, 1, "%s", no_hit_message(m));
		return;
	}
	show_hit(m, h);
	m->focus = PANE_BODY;
	model_keep_visible(m);
	if (wrapped)
		model_say(m, 0, "%s", wrap_message(m, backward));
}

void model_search_moved_on(struct model *m, enum action a)
{
	if (model_mode(m) == MODE_SEARCH || a == ACT_NEXT_HIT ||
	    a == ACT_PREV_HIT || model_program_action(a))
		return;
	m->search.jump = 0;
	m->search.queued = 0;
}

void model_search_open(struct model *m, int backward)
{
	struct model_search *s = &m->search;
	/* The search in effect comes back if this one is cancelled. */
	set_aside(m);
	s->want = 0;
	s->queued = 0;
	s->saved.focus = (int)m->focus;
	s->saved.sel = m->sel;
	s->saved.list_top = m->list_top;
	s->saved.open = m->body.open;
	s->saved.article = m->body.article;
	s->saved.top_piece = m->body.top_piece;
	s->saved.top_off = m->body.top_off;
	prompt_clear(&s->edit);
	model_enter(m, MODE_SEARCH);
	s->now.backward = backward;
	/* ? searches the open article, as less searches its file */
	s->now.scope = backward && m->body.open && m->focus == PANE_BODY ?
			       m->body.article : MODEL_NO_HIT;
}

/* The search as it is now is the one in effect: the bar (if open) and
 * the results view close, the query goes to the history. */
static void keep(struct model *m)
{
	struct model_search *s = &m->search;
	model_leave(m, MODE_RESULTS);
	model_leave(m, MODE_SEARCH);
	prompt_commit(&s->edit);
	query_free(&s->kept);
}

/* Enter on an empty bar: the last search again, as in less and vim.  The
 * search in effect when the bar opened comes back, and the reader goes to
 * its next hit in the bar's direction (with ?, in the article), as n
 * goes; with none in effect, the newest query of the history is searched
 * anew. */
static void repeat(struct model *m)
{
	struct model_search *s = &m->search;
	int backward = s->now.backward;
	size_t scope = s->now.scope;
	s->want = 0;
	restore(m);
	if (s->kept.on) {
		take_back(m);
		keep(m);
		s->now.backward = backward;
		s->now.scope = scope;
		model_search_next(m, 0);
		return;
	}
	if (prompt_key(&s->edit, KB_UP) != PROMPT_CHANGED) {
		model_leave(m, MODE_SEARCH);
		model_say(m, 1, "No search to repeat: type a query after %s",
			  backward ? "?" : "/");
		return;
	}
	ask(m);
	keep(m);
}

void model_search_clear(struct model *m)
{
	struct model_search *s = &m->search;
	if (!s->now.on && !s->want) {
		model_say(m, 1, "No search to clear");
		return;
	}
	s->want = 0;
	s->queued = 0;
	hits_clear(m);
	model_say(m, 0, "Search cleared (/ Enter: again)");
}

int model_search_bar_key(struct model *m, struct mode_key *in)
{
	struct model_search *s = &m->search;
	if (model_wheel(in->a))
		return 0; /* the pane behind the bar scrolls */
	enum prompt_result edited = prompt_key(&s->edit, in->k.code);
	if (edited == PROMPT_CHANGED)
		ask(m);
	if (edited != PROMPT_IGNORED)
		return 1;
	switch (in->a) {
	case ACT_OPEN:
		if (!s->edit.len) {
			repeat(m);
			break;
		}
		keep(m);
		if (s->now.on && s->now.cur != MODEL_NO_HIT)
			m->focus = PANE_BODY;
		model_keep_visible(m);
		break;
	case ACT_BACK:
		model_leave(m, MODE_SEARCH);
		s->want = 0;
		restore(m);
		take_back(m);
		break;
	case ACT_RESULTS:
		model_search_show_results(m);
		break;
	default:
		return !model_program_action(in->a);
	}
	return 1;
}

int model_search_show_results(struct model *m)
{
	struct model_search *s = &m->search;
	if (!s->now.on || !s->now.r.n)
		return 0;
	model_enter(m, MODE_RESULTS);
	panel_select(&s->res, s->now.r.n, model_page(m),
		     s->now.cur != MODEL_NO_HIT ? (long)s->now.cur : 0);
	return 1;
}

int model_search_results_key(struct model *m, struct mode_key *in)
{
	struct model_search *s = &m->search;
	long wheel = model_wheel(in->a);
	if (wheel) {
		panel_select(&s->res, s->now.r.n, in->page,
			     (long)s->res.sel + wheel);
		return 1;
	}
	if (panel_move(&s->res, s->now.r.n, in->page, in->a))
		return 1;
	if (in->a == ACT_CLICK || in->a == ACT_DOUBLE_CLICK) {
		/* a click selects the hit, a double click opens it */
		if (!panel_click(&s->res, s->now.r.n, in->page, in->k.row) ||
		    in->a == ACT_CLICK)
			return 1;
		in->a = ACT_OPEN;
	}
	switch (in->a) {
	case ACT_OPEN:
		keep(m);
		show_hit(m, s->res.sel);
		m->focus = PANE_BODY;
		model_keep_visible(m);
		break;
	case ACT_BACK:
	case ACT_RESULTS:
	case ACT_QUIT:
		model_leave(m, MODE_RESULTS);
		break;
	default:
		return 0; /* the program's, or nothing */
	}
	return 1;
}

void model_search_narrow(struct model *m)
{
	struct model_query *q = &m->search.now;
	if (!q->on || !q->r.articles) {
		model_say(m, 1, "No hits to narrow the list to: type / and a "
				"query");
		return;
	}
	q->narrow = !q->narrow;
	m->list_gen++;
	model_relist(m);
	m->list_top = 0;
	model_keep_visible(m);
	size_t rows = model_list_rows(m);
	const char *s = rows == 1 ? "" : "s";
	if (q->narrow)
		model_say(m, 0, "Listing the %zu article%s with hits (& for "
				"all)", rows, s);
	else
		model_say(m, 0, "Listing all %zu article%s", rows, s);
}
