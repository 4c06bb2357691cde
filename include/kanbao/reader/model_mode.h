/* model_mode: the reader's modes and the table that gives each key to the
 * one on top.
 *
 * Under everything is the pane with the focus: the list or the article.
 * Over it the reader opens other modes (a bar, the results, the help...),
 * each over the one it was opened from.  A key is read (keys.h) where the
 * pane with the focus is and where the mode on top is, and goes to that
 * mode's handler; a handler that does not take it passes it to the mode's
 * parent, as vis's modes do (vis-core.h, Mode { Mode *parent; ... }).  So
 * precedence is the table in model_mode.c, not an order of ifs, and the
 * mouse wheel goes where the keys go: to the mode on top. */
#ifndef KANBAO_MODEL_MODE_H
#define KANBAO_MODEL_MODE_H

#include <stddef.h>

#include "kanbao/ui/keys.h"

struct model;

enum mode {
	MODE_LIST, /* the list has the focus: moves go by article */
	MODE_ARTICLE, /* the article has the focus: moves scroll it */
	MODE_READ, /* never on top: what the list and the article share,
		      their parent (search, bookmarks, quit...) */
	MODE_PROGRAM, /* never on top: the program's keys (Ctrl-Z, Ctrl-L),
			 which every mode passes on to it */
	MODE_GOTO, /* an article ID being typed: 0-9, then Enter */
	MODE_SEARCH, /* the search bar */
	MODE_RESULTS, /* every hit in its context */
	MODE_FILTER, /* the filter bar */
	MODE_MARKS, /* the bookmarks */
	MODE_HELP, /* the help box */
	MODE_END, /* over the article, its last line shown by a page key:
		     the message row says so, and a page key more reads the
		     next article */
	MODE_MARK_ALL, /* the question before every article listed is marked
			  read: y marks them, any other key does not */
	MODE_COUNT
};

/* At most this many modes stand over the pane at once (the results over
 * the search bar: two). */
enum { MODEL_MODES = 4 };

/* What the program must do after a key: model_key's result, bits. */
enum model_do {
	MODEL_DO_QUIT = 1 << 0, /* leave the reader */
	MODEL_DO_SUSPEND = 1 << 1, /* give the terminal back and stop
				      (Ctrl-Z); the size may differ after */
	MODEL_DO_REDRAW = 1 << 2, /* send the whole screen, not only what
				     changed (Ctrl-L) */
	MODEL_DO_COPY = 1 << 3, /* model_take_copy has text for the
				   clipboard (y) */
};

/* A key as a mode's handler gets it. */
struct mode_key {
	struct key k; /* the key */
	enum action a; /* its action where the mode on top reads keys */
	size_t page; /* the rows a page key moves (model_page) */
	unsigned todo; /* out: what the program must do (enum model_do) */
};

/* A mode's handler: 1 when it took the key, 0 when the key goes on to
 * the mode's parent. */
typedef int mode_key_fn(struct model *m, struct mode_key *in);

/* Whether action `a` is the program's (suspend, redraw): every mode
 * passes it on, even one that takes every other key, so it works from
 * every mode and leaves the mode as it was. */
int model_program_action(enum action a);

/* The mode on top: the last one opened, else the pane with the focus. */
enum mode model_mode(const struct model *m);

/* Whether mode `md` is shown: on top, or under the one on top. */
int model_showing(const struct model *m, enum mode md);

/* Open mode `md` over the one on top (nothing when it is shown already:
 * a mode is open once). */
void model_enter(struct model *m, enum mode md);

/* Close mode `md`, and the modes opened over it; nothing when it is not
 * shown. */
void model_leave(struct model *m, enum mode md);

/* Apply one key; returns what the program must do then (enum model_do
 * bits, 0 for nothing but drawing the frame again). */
unsigned model_key(struct model *m, struct key k);

/* The help box: every action of the key table as display lines at the
 * screen's width: keys and text on one line where they fit, else the keys
 * on a line and the text wrapped below them. */
enum { MODEL_HELP_MAX = 256 }; /* 121 lines at 20 columns now */

struct help_line {
	int action; /* enum action */
	int keys; /* this line starts with the action's keys */
	size_t off, len; /* the slice of the action's help text on it */
	int text_col; /* column of the text inside the box */
};

struct help_box {
	int w, h; /* the box, frame included */
	size_t n; /* display lines */
	struct help_line line[MODEL_HELP_MAX];
};

/* Lay the help out for the model's screen size. */
void model_help_layout(const struct model *m, struct help_box *box);

/* How many lines the box shows at once (fewer than there are on a short
 * screen: then j/k and the page keys scroll it). */
size_t model_help_rows(const struct model *m);

#endif
