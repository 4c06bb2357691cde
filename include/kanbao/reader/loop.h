/* loop: what the reader does between one key and the next, without the
 * terminal.
 *
 * The program's loop (src/reader/main.c) reads a key from the terminal,
 * gives it to loop_key, and before each frame calls loop_frame; the
 * script driver of the screen tests (tests/reader/kbscript.c) does the
 * same with keys from a script.  Both go through these functions, so a
 * golden screen shows what the program draws after the same keys.
 *
 * What the loop asks of the terminal (its size, the clipboard, a suspend)
 * goes through struct loop_term, which has two implementations: the real
 * terminal's in main.c (term.h) and the script's. */
#ifndef KANBAO_LOOP_H
#define KANBAO_LOOP_H

#include <stddef.h>

#include "kanbao/base/err.h"
#include "kanbao/reader/model.h"
#include "kanbao/reader/searcher.h"
#include "kanbao/ui/keys.h"
#include "kanbao/ui/screen.h"

/* The terminal, as the loop needs it. */
struct loop_term {
	/* The terminal's size now: after a resize, or after a suspend. */
	void (*size)(void *ctx, int *w, int *h);
	/* y: `n` bytes of text to the clipboard.  0, or -1 when out of
	 * memory. */
	int (*copy)(void *ctx, const char *text, size_t n);
	/* Ctrl-Z: give the terminal back and stop; returns when continued. */
	void (*suspend)(void *ctx);
	void *ctx; /* passed to each */
};

struct loop {
	struct model *m; /* not owned */
	struct screen *s; /* not owned: the model's size */
	const struct loop_term *t; /* not owned */
	struct searcher *job; /* the search thread (not owned), or NULL:
				 searches run on the caller's thread */
	unsigned long started; /* the last query given to the thread */
	int full; /* the next frame goes out whole, not only what changed
		     (Ctrl-L; after a suspend) */
};

/* A key to the model, then what the model asks of the program: the
 * clipboard (a failure is the model's message), a suspend, a whole frame
 * (l->full), to quit.  A resize, and a suspend (the size may differ
 * after it), lay the model and the screen out again at t->size.  1 to
 * quit, 0 to go on, -1 when out of memory (`e` says so). */
int loop_key(struct loop *l, struct key k, struct err *e);

/* The query the model awaits, given to the thread if it was not yet:
 * 1 when given now, 0 when there is none or it was given before.  Without
 * a thread (or when the thread cannot take it, out of memory) it is
 * searched here at once (model_search_now), and -1 says so. */
int loop_search_give(struct loop *l);

/* The hits of the query given, if they come within `ms` milliseconds (0:
 * only if they are there; -1: however long it takes), handed to the
 * model: 1.  0 when they have not come (or none are awaited): the caller
 * then shows the hits near the reader (model_search_preview), as
 * loop_frame does. */
int loop_search_take(struct loop *l, int ms);

/* Before each frame: the query awaited given to the thread; its hits
 * taken, waited for up to `ms` milliseconds when it was given now, else
 * only if they are there; when they are not, the hits near the reader
 * shown meanwhile (model_search_preview).  Then the frame drawn into
 * l->s (view_render). */
void loop_frame(struct loop *l, int ms);

#endif
