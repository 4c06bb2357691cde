/* model_search: the reader's search: the bar a query is typed in, the
 * hits of the query in effect, moving through them (n, N), narrowing the
 * list to their articles (&) and the results view (every hit in its
 * context).
 *
 * The hits come from elsewhere: the model says which query it awaits
 * (model_search_wanted), the program searches it on a thread of its own
 * and hands the hits back (model_search_done); meanwhile
 * model_search_preview looks at the text near the reader for the first
 * ones.  Part of the model (model.h): these functions take the whole
 * model, whose list and article the search moves. */
#ifndef KANBAO_MODEL_SEARCH_H
#define KANBAO_MODEL_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "kanbao/base/err.h"
#include "kanbao/reader/model_mode.h"
#include "kanbao/reader/panel.h"
#include "kanbao/reader/prompt.h"
#include "kanbao/search/search.h"
#include "kanbao/ui/keys.h"

struct model;

#define MODEL_NO_HIT ((size_t)-1)

/* A search in effect: its query, its hits and what is made of them.  When
 * the bar opens, the one in effect is set aside whole, to come back
 * unchanged if the new one is cancelled (Esc). */
struct model_query {
	int on; /* a query with its hits is in effect */
	char *text; /* the query, owned UTF-8; NULL when not on */
	size_t len; /* its bytes */
	struct search_result r; /* its hits */
	size_t *first_hit; /* first_hit[i]: the hits in the articles before
			      article i, so the index in r.pos of its first;
			      articles + 1 entries */
	struct search_query folded; /* the query folded as the corpus
				       folds: where hits are, how long */
	uint32_t most; /* the most hits one article has (the list pads the
			  counts to its digits) */
	size_t cur; /* the current hit (index into r.pos) or MODEL_NO_HIT */
	int narrow; /* the list shows only the articles with hits */
	int backward; /* started with ?: n goes backwards */
	size_t scope; /* with ?: the article searched (n/N stay in it), else
			 MODEL_NO_HIT: the whole corpus */
};

struct model_search {
	struct panel res; /* the results view: the hit selected, the first
			     shown */
	struct prompt edit; /* the query as typed */
	struct model_query now; /* the search in effect */
	struct model_query kept; /* the one in effect when the bar opened */
	/* The query whose hits are awaited: the program searches it (on a
	 * thread of its own, or at once with model_search_now) and hands the
	 * hits to model_search_done. */
	unsigned long want; /* its number, 0 when none is awaited */
	unsigned long seq; /* the last number given out */
	char *want_q; /* owned UTF-8 */
	size_t want_len;
	int want_narrow; /* keep the list narrowed when they come */
	int jump; /* when they come, show the first hit: nothing moved */
	long queued; /* n (+1 each) and N (-1 each) typed meanwhile: gone
			through when they come */
	unsigned long previewed; /* the query model_search_preview saw */
	uint64_t preview_at; /* the hit it went to, or UINT64_MAX */
	struct { /* where the reader was when the bar opened */
		int focus; /* enum pane */
		size_t sel, list_top;
		int open;
		size_t article, top_piece, top_off;
	} saved;
};

/* No search, nothing awaited; model_search_free frees what the search
 * holds. */
void model_search_init(struct model_search *s);
void model_search_free(struct model_search *s);

/* The query the model awaits hits for: its number (0 when none) and its
 * text (`*q`, `*len` bytes, valid until the next model call). */
unsigned long model_search_wanted(const struct model *m, const char **q,
				  size_t *len);

/* The hits of query number `id` (moved out of `*r`, which is left empty),
 * or its error (`e->code` not ERR_OK; `*r` empty): the model takes them
 * if it still awaits that query and frees them otherwise. */
void model_search_done(struct model *m, unsigned long id,
		       struct search_result *r, const struct err *e);

/* Search the awaited query here and now (for tests, benchmarks and a
 * program without threads). */
void model_search_now(struct model *m);

/* While the hits are awaited: look at the text from the reading place on
 * (at most half a megabyte of it) for the first hit, go there, and
 * highlight the hits of that article, as the index's hits would.  When
 * they come, that hit is the current one.  Once per query. */
void model_search_preview(struct model *m);

/* The hits in the open article: indices [*from, *to) of now.r (search_hit). */
void model_article_hits(const struct model *m, size_t *from, size_t *to);

/* The article hit h is in. */
size_t model_hit_article(const struct model *m, size_t h);

/* / and ?: open the bar (MODE_SEARCH); ? searches the open article
 * backwards.  The search in effect is set aside, and the place the reader
 * is at kept. */
void model_search_open(struct model *m, int backward);

/* MODE_SEARCH's keys: editing searches again (from the place the bar
 * opened at), Enter keeps the search, Esc goes back to exactly where the
 * reader was, Tab or Ctrl-R shows every hit; the wheel is the pane's,
 * the program's keys (Ctrl-Z, Ctrl-L) the program's.  Enter on an empty
 * bar repeats the last search: the one in effect when the bar opened, to
 * its next hit in the bar's direction, else the newest query of the
 * history. */
mode_key_fn model_search_bar_key;

/* Ctrl-R: the results view (MODE_RESULTS), the current hit selected; 0
 * when there are no hits to show (nothing changes). */
int model_search_show_results(struct model *m);

/* MODE_RESULTS's keys: the moving keys and the wheel move the selection,
 * Enter reads at the hit, Esc goes back; the rest go on to the
 * program's keys. */
mode_key_fn model_search_results_key;

/* n and N: the next hit in the search's direction, or against it.
 * While hits are awaited it is kept, and done when they come (after the
 * first hit, when Enter asked for it). */
void model_search_next(struct model *m, int against);

/* A key that moves the reader (any but n, N and the program's keys)
 * outside the search bar while hits are awaited: when they come they
 * move nothing, and the n and N kept are dropped. */
void model_search_moved_on(struct model *m, enum action a);

/* c: no search in effect (nor awaited): no highlights, counts or
 * narrowing; / then Enter brings it back. */
void model_search_clear(struct model *m);

/* &: the list narrowed to the articles with hits, or all of them. */
void model_search_narrow(struct model *m);

#endif
