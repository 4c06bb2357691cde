/* keys: every action of the reader, the keys bound to it and its help text,
 * in one table (an X-macro, after tig's request table), so the bindings,
 * the `?` screen and `kanbao --keys` cannot drift apart. */
#ifndef KANBAO_KEYS_H
#define KANBAO_KEYS_H

#include <stddef.h>
#include <stdint.h>

/* X(NAME, keys as shown in help, what it does) */
#define KEY_ACTIONS(X)                                                        \
	X(LINE_DOWN, "j  Down", "scroll down a line; next article in the list") \
	X(LINE_UP, "k  Up", "scroll up a line; previous article in the list")  \
	X(PAGE_DOWN, "Space  f (in an article)  PgDn", "page down")           \
	X(PAGE_UP, "b  PgUp", "page up")                                      \
	X(HALF_DOWN, "d", "half a page down")                                 \
	X(HALF_UP, "u (in an article)", "half a page up")                     \
	X(TOP, "g  Home", "go to the start")                                  \
	X(BOTTOM, "G  End", "go to the end")                                  \
	X(OPEN, "Enter  Right  l", "open the article (or the ID typed)")      \
	X(BACK, "Esc  Left  h", "back to the list")                           \
	X(SWITCH, "Tab", "switch between the list and the article")           \
	X(NEXT_ARTICLE, "]  J", "next article")                               \
	X(PREV_ARTICLE, "[  K", "previous article")                           \
	X(DIGIT, "0-9 Enter", "type an article ID, Enter goes there")         \
	X(SEARCH, "/", "search the whole corpus as you type")                 \
	X(SEARCH_BACK, "? (in an article)", "search this article backwards")  \
	X(NEXT_HIT, "n", "next hit (in the search's direction)")              \
	X(PREV_HIT, "N", "previous hit")                                      \
	X(NARROW, "&", "list only the articles with hits, or all")            \
	X(RESULTS, "Ctrl-R", "every hit in its context (also Tab in the bar)") \
	X(FILTER, "f (in the list)",                                          \
	  "filter the list by title, or by date: 2023-05; Esc clears it")     \
	X(SORT, "o", "sort the list newest first, or back to corpus order")   \
	X(UNREAD, "u (in the list)", "mark the article unread (or read)")     \
	X(MARK, "m", "bookmark this place, or remove the bookmark shown")     \
	X(MARKS, "'", "the bookmarks: Enter goes there, d deletes one")       \
	X(COPY, "y",                                                          \
	  "copy the paragraph (in a search, the hit's sentence) to the "      \
	  "clipboard")                                                        \
	X(RULER, "r", "reading ruler: dim all but the paragraph at the top")  \
	X(MEASURE, "w", "text column as wide as the pane, or 40 Han")         \
	X(HELP, "F1  ? (in the list)", "show or hide this help")              \
	X(REDRAW, "Ctrl-L", "redraw the screen")                              \
	X(SUSPEND, "Ctrl-Z", "suspend (fg to come back)")                     \
	X(QUIT, "q  Q  Ctrl-C", "quit")

enum action {
	ACT_NONE,
#define KEYS_ENUM(name, keys, help) ACT_##name,
	KEY_ACTIONS(KEYS_ENUM)
#undef KEYS_ENUM
	ACT_COUNT
};

/* Keys that are not characters, above the Unicode range.  term.c maps the
 * terminal's codes to these; nothing else knows about curses. */
enum {
	KEY_BASE = 0x110000,
	KB_UP = KEY_BASE,
	KB_DOWN,
	KB_LEFT,
	KB_RIGHT,
	KB_PGUP,
	KB_PGDN,
	KB_HOME,
	KB_END,
	KB_ENTER,
	KB_BACKSPACE,
	KB_F1,
	KB_RESIZE, /* the terminal changed size */
	KB_WHEEL_UP, /* mouse wheel, at struct key's row and col */
	KB_WHEEL_DOWN,
};

/* A key press: a Unicode character or a KB_* code. */
struct key {
	uint32_t code;
	int row, col; /* where the pointer was, for the wheel */
};

/* The action bound to `code` (ACT_NONE when none); a few keys mean one
 * thing in the article and another in the list (`?`: search backwards in
 * an article, as in less; the help in the list). */
enum action keys_action(uint32_t code, int in_article);

/* The help text of an action: which keys, and what it does. */
const char *keys_help_keys(enum action a);
const char *keys_help_text(enum action a);

#endif
