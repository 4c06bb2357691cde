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
	X(PAGE_DOWN, "Space  f (in an article)  PgDn",                        \
	  "page down; at an article's end, the next article")                 \
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
	X(NEXT_UNREAD, "U", "next unread article in the list")                \
	X(DIGIT, "0-9 Enter", "type an article ID, Enter goes there")         \
	X(SEARCH, "/", "search the whole corpus as you type (/ Enter: again)") \
	X(SEARCH_BACK, "? (in an article)", "search this article backwards")  \
	X(NEXT_HIT, "n", "next hit (in the search's direction)")              \
	X(PREV_HIT, "N", "previous hit")                                      \
	X(NARROW, "&", "list only the articles with hits, or all")            \
	X(CLEAR, "c", "clear the search and its highlights")                  \
	X(RESULTS, "Ctrl-R", "every hit in its context (also Tab in the bar)") \
	X(FILTER, "f (in the list)",                                          \
	  "filter the list by title, or by date: 2023-05; Esc clears it")     \
	X(SORT, "o", "sort the list newest first, or back to corpus order")   \
	X(UNREAD, "u (in the list)", "mark the article unread (or read)")     \
	X(MARK_ALL, "A", "mark every article listed read (asks first)")       \
	X(MARK, "m", "bookmark the top line (» in the margin), or unmark it") \
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
	ACT_COUNT, /* the actions above, each with a line of help */
	/* Actions whose keys the help tells under another's line, or not at
	 * all: */
	ACT_DELETE, /* d in the bookmarks (under MARKS) */
	ACT_ERASE, /* Backspace: the last digit of an ID typed (under
		      DIGIT); the bars' editor takes it first */
	ACT_YES, /* y to a question (under MARK_ALL) */
	ACT_WHEEL_UP, /* the mouse wheel: the view under the pointer */
	ACT_WHEEL_DOWN,
	ACT_CLICK, /* the mouse's first button: the row under the pointer */
	ACT_DOUBLE_CLICK,
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
	KB_CLICK, /* the first button clicked, at row and col */
	KB_DOUBLE_CLICK, /* and clicked twice */
};

/* A key press: a Unicode character or a KB_* code. */
struct key {
	uint32_t code;
	int row, col; /* where the pointer was, for the wheel and clicks */
};

/* Where a key is pressed, as bits: a few keys mean one thing in one place
 * and another elsewhere.  The reader reads a key where its pane with the
 * focus is and, over it, where its mode is. */
enum keys_where {
	KEYS_LIST = 1 << 0, /* the list has the focus */
	KEYS_ARTICLE = 1 << 1, /* the article has the focus */
	KEYS_BAR = 1 << 2, /* a bar is being typed in (the keys its editor
			      leaves: Enter, Esc, Tab...) */
	KEYS_RESULTS = 1 << 3, /* the search's results view */
	KEYS_MARKS = 1 << 4, /* the bookmarks */
	KEYS_QUESTION = 1 << 5, /* a question awaits y (or any other key) */
};

/* The action bound to `code` where `where` (bits of enum keys_where)
 * says the key is pressed (ACT_NONE when none): `?` searches backwards in
 * an article, as in less, and is the help in the list; Tab in the search
 * bar and the results view is the results (the panes' switch elsewhere);
 * d in the bookmarks deletes one (half a page down elsewhere); y to a
 * question is yes (a copy elsewhere). */
enum action keys_action_in(uint32_t code, unsigned where);

/* keys_action_in(code, KEYS_ARTICLE) when `in_article`, else
 * keys_action_in(code, KEYS_LIST). */
enum action keys_action(uint32_t code, int in_article);

/* The help text of an action: which keys, and what it does. */
const char *keys_help_keys(enum action a);
const char *keys_help_text(enum action a);

#endif
