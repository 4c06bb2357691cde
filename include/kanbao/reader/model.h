/* model: the reader's state and every transition, without a terminal.
 *
 * Panes, focus, the selected article, the open article laid out at the
 * current width, the scroll anchor, and the modes open over them.
 * model_key() applies one key; the view draws what the model says; nothing
 * here knows about curses, so every action is tested in
 * tests/reader/test_model.c.
 *
 * One model, in files by concern: model.c (this header's functions: the
 * geometry, the open article, the list), model_mode.c (the modes and the
 * table that gives them keys: model_key, the help), model_search.c (the
 * search), model_marks.c (read marks, bookmarks, resuming) and
 * model_copy.c (y), each with its header, which this one includes.
 *
 * The body's scroll position is an anchor in the text: a piece of the
 * article and the byte where the top line starts.  A resize wraps the text
 * anew and keeps the line holding that byte at the top.  Only the pieces
 * that are looked at are wrapped, so a 100,000-character article opens and
 * pages at once. */
#ifndef KANBAO_MODEL_H
#define KANBAO_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "kanbao/reader/model_copy.h"
#include "kanbao/reader/model_marks.h"
#include "kanbao/reader/model_mode.h"
#include "kanbao/reader/model_search.h"
#include "kanbao/reader/panel.h"
#include "kanbao/reader/prompt.h"
#include "kanbao/format/corpus.h"
#include "kanbao/reader/doc.h"
#include "kanbao/ui/keys.h"
#include "kanbao/reader/list.h"
#include "kanbao/reader/state.h"
#include "kanbao/search/search.h"
#include "kanbao/base/err.h"
#include "kanbao/base/wrap.h"

enum {
	MODEL_MEASURE = 80, /* the body's text column, capped: 40 Han */
	MODEL_MIN_W = 20, /* below this size: "terminal too small" */
	MODEL_MIN_H = 5,
	MODEL_SPLIT_W = 100, /* from this width, list and body side by side */
	MODEL_WHEEL = 3, /* lines a mouse wheel step scrolls */
	MODEL_COPY_MAX = 1 << 16, /* bytes y copies at the most */
};

enum pane { PANE_LIST, PANE_BODY };

/* Where things are on a screen of the model's size. */
struct geometry {
	int too_small; /* nothing but a one-line message fits */
	int split; /* list and body side by side */
	int rows; /* text rows of the panes */
	int list_x, list_w; /* the list pane; list_w 0 when hidden */
	int body_x, body_w; /* the body pane; body_w 0 when hidden */
	int text_x, text_w; /* the body's text column */
	int status_row; /* the status line */
	int message_row; /* messages, the search and filter bars, the ID
			    being typed */
};

/* A display line of the open article: line `line` of piece `piece`, or the
 * blank line before it when line is -1. */
struct pos {
	size_t piece;
	long line;
};

struct piece_lines {
	long n; /* lines at the body's width; -1 until wrapped */
	struct wrap_line *v; /* owned */
};

struct body {
	int open; /* an article is laid out */
	size_t article; /* which one */
	struct doc doc; /* its pieces */
	size_t width; /* the width its pieces are wrapped at */
	struct piece_lines *pl; /* per piece, wrapped on demand */
	size_t *piece_start; /* where piece i starts in the article's text:
				the bytes of the pieces before it */
	size_t total; /* bytes of all pieces */
	size_t top_piece; /* the anchor: the top line is in this piece, */
	size_t top_off; /* the one holding this byte (MODEL_GAP: the blank
			   line before the piece) */
};

#define MODEL_GAP ((size_t)-1)

struct model {
	struct corpus *c; /* not owned */
	size_t n; /* articles */
	int w, h; /* screen size */
	int cap; /* cap the text column at MODEL_MEASURE */
	enum pane focus;
	size_t sel; /* selected article */
	size_t list_top; /* first row shown in the list */
	struct body body;
	enum mode modes[MODEL_MODES]; /* the modes open over the pane, the
					 one on top last (model_mode.h) */
	size_t nmodes;
	struct panel help; /* the help's first line shown */
	char digits[10]; /* an article ID being typed */
	size_t ndigits;
	char msg[ERR_MSG_MAX + 64]; /* a message for the message row, or "":
				       room for an error's message and what
				       it means */
	int msg_error; /* the message reports a problem */
	struct model_search search;
	struct list list; /* the list's rows: filtered, sorted, narrowed */
	enum list_sort sort; /* o: corpus order or newest first */
	struct { /* f: the filter */
		struct prompt edit; /* as typed in the filter bar */
		char *text; /* in effect: owned UTF-8, NULL when none */
		size_t len;
	} filter;
	unsigned long list_gen; /* bumped when what the list shows changes */
	unsigned long listed_gen; /* the list_gen the list was made for */
	uint8_t *read; /* a bit per article: it was read (owned) */
	size_t nread; /* bits set */
	struct model_mark *marks; /* bookmarks, in reading order (owned) */
	size_t nmarks;
	struct state_left *left; /* where articles were left, to open them
				    there again: ascending by article, the
				    STATE_LEFT_MAX most recent (owned) */
	size_t nleft;
	struct panel marks_list; /* the bookmarks view: selected, first
				    shown */
	int ruler; /* r: all but the current paragraph dimmed */
	int clipboard; /* y copies (not --no-clipboard) */
	char *copy; /* y: the text the program is to copy (owned) */
	size_t copy_len;
};

/* Start on corpus `c` (not owned), list focused, first article selected,
 * for a screen of w x h.  `cap`: cap the text column. */
void model_init(struct model *m, struct corpus *c, int w, int h, int cap);

void model_free(struct model *m);

/* The screen is now w x h: re-lay out, keeping the anchor. */
void model_resize(struct model *m, int w, int h);

void model_geometry(const struct model *m, struct geometry *g);

/* Open article `i` in the body (the selection follows): where the reader
 * left it (model_marks.h), else at its start.  The article read until now
 * is left where it is; when it is `i`, nothing moves. */
void model_open(struct model *m, size_t i);

/* The open article's first line shown: the anchor's line, but never
 * below the last top that fills the pane (the one bound every way of
 * placing the view obeys: G, Space, a hit shown, a place resumed; after a
 * resize to a bigger pane the anchor itself may lie below it, and is kept
 * for a resize back).  Moving starts from here, so nothing jumps.
 * model_next/model_prev step through the lines and return 0 at the
 * last/first line. */
struct pos model_top(struct model *m);
int model_next(struct model *m, struct pos *p);
int model_prev(struct model *m, struct pos *p);

/* The text of a display line: piece kind, bytes and the indent the view
 * draws before them.  A blank line has len 0. */
void model_line(struct model *m, struct pos p, enum doc_kind *kind,
		const char **text, size_t *len, size_t *indent);

/* The list's rows: every article, or those the filter lets through (f),
 * newest first (o), only those with hits when the search narrows it (&).
 * model_list_at: the article on row i. */
size_t model_list_rows(const struct model *m);
size_t model_list_at(const struct model *m, size_t row);

/* How far through the article the bottom of the pane is, in percent of its
 * text; 100 when its last line is shown. */
int model_percent(struct model *m);

/* Whether an article is open and its last line is shown. */
int model_at_end(struct model *m);

/* ---- for the model's own files (model_*.c) ---- */

/* A message for the message row (`error`: it reports a problem); one
 * longer than m->msg holds is cut and ends with "…". */
void model_say(struct model *m, int error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The list's window moved the least that shows the selected article. */
void model_keep_visible(struct model *m);

/* The list made again when what it shows has changed (the sort, the
 * filter, the search's narrowing): the selection stays on its article
 * when the list shows it, else moves to the nearest row. */
void model_relist(struct model *m);

/* After a change: the list made again (model_relist), and the article
 * read in the body marked read. */
void model_settle(struct model *m);

/* The rows a page of the panes holds (at least 1): what the page keys
 * move by. */
size_t model_page(const struct model *m);

/* The open article's anchor at display line p, or at the bound's line
 * when p lies below it (model_top). */
void model_set_top(struct model *m, struct pos p);

/* Show byte `off` of piece `piece` of the open article `above` lines
 * below the top, as near as the bound allows.  With `above` 0 and the
 * bound not in the way the byte itself is the anchor (not its line's
 * start), so the same text comes back at any width. */
void model_show(struct model *m, size_t piece, size_t off, int above);

/* Move the list's selection by `by` rows (clamped to the list); with the
 * body beside the list, it shows the article selected. */
void model_select(struct model *m, long by);

/* Scroll the open article by `by` lines from the top shown, never past
 * the bound (model_top); model_scroll_end: to the last top that fills the
 * pane. */
void model_scroll(struct model *m, long by);
void model_scroll_end(struct model *m);

/* The article after article `a` (by 1) or before it (by -1) in the
 * list's order, from the row it would have when the list does not show
 * it; LIST_NONE past either end. */
size_t model_list_step(const struct model *m, size_t a, long by);

/* ] and [ (by 1 or -1): the next or previous article in the list's order,
 * opened; a message at either end. */
void model_next_article(struct model *m, long by);

/* The lines a wheel action moves: MODEL_WHEEL down, -MODEL_WHEEL up, 0
 * for any other action. */
long model_wheel(enum action a);

#endif
