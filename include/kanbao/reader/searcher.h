/* searcher: the reader's search thread.
 *
 * A query typed in the search bar is searched here, off the thread that
 * reads keys and draws, so typing never waits for a search: each new
 * query cancels the one running (search_run_until) and only the latest
 * one's hits are handed back.  The model stays a pure state machine: the
 * program asks it what it awaits (model_search_wanted), starts that here,
 * and hands the hits back with model_search_done. */
#ifndef KANBAO_SEARCHER_H
#define KANBAO_SEARCHER_H

#include <stddef.h>

#include "kanbao/format/corpus.h"
#include "kanbao/base/err.h"
#include "kanbao/search/search.h"

struct searcher;

/* A search thread for corpus `c` (which must outlive it).  NULL when no
 * thread can be made: the caller then searches on its own thread.
 * KANBAO_SEARCH_DELAY=MS in the environment makes every search MS
 * milliseconds slower, for tests of what the reader shows meanwhile. */
struct searcher *searcher_new(struct corpus *c);

/* Cancel what runs, stop the thread, free what it holds. */
void searcher_free(struct searcher *j);

/* Search `q` (`len` bytes, copied) as request number `id`: the search
 * running is cancelled and hits not yet taken are dropped.  0, or -1 when
 * out of memory. */
int searcher_search(struct searcher *j, const char *q, size_t len, unsigned long id);

/* The hits of the latest request, waiting up to `ms` milliseconds for them
 * (0: not at all; -1: as long as it takes, while a request is being
 * searched).  1 when they are there: `*id` is the request's number,
 * the hits are moved into `*r` and `e->code` is ERR_OK, or `*r` is empty
 * and `e` says why the search failed.  0 when they are not there yet. */
int searcher_take(struct searcher *j, int ms, unsigned long *id,
	     struct search_result *r, struct err *e);

/* Whether a request is being searched or its hits wait to be taken. */
int searcher_busy(struct searcher *j);

#endif
