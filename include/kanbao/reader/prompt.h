/* prompt: the one-line editor of the reader's search bar.
 *
 * The query is held as code points, so every edit is by character and can
 * never leave half a UTF-8 sequence behind; it is measured with width.h
 * only, so the cursor lands where the terminal draws it.  The editor knows
 * nothing of the terminal: keys arrive as struct key codes (keys.h), the
 * text is drawn into a screen (screen.h), and keys that are not editing
 * (Enter, Esc, Tab, Ctrl-R) are handed back to the caller.
 *
 * Two invariants keep combining marks with their base: the text never
 * starts with a zero-width character, and the cursor never sits between a
 * character and the zero-width characters that follow it. */
#ifndef KANBAO_PROMPT_H
#define KANBAO_PROMPT_H

#include <stddef.h>
#include <stdint.h>

#include "kanbao/ui/screen.h"

/* The longest query, in characters.  A query is a few words; the limit
 * keeps a stuck key or a runaway paste from growing the bar without end. */
#define PROMPT_MAX 1024

/* Past queries kept for Up and Down; beyond it the oldest is dropped. */
#define PROMPT_HISTORY 100

/* What prompt_key() did with a key, so the caller knows whether to search
 * again, only move the cursor, or handle the key itself. */
enum prompt_result {
	PROMPT_UNCHANGED, /* handled, nothing to do (Backspace at the start,
			  Right at the end, typing into a full bar) */
	PROMPT_MOVED, /* only the cursor moved */
	PROMPT_CHANGED, /* the text changed */
	PROMPT_IGNORED, /* not an editing key (Enter, Esc, Tab, Ctrl-R, PgUp,
			other controls): the caller's to handle */
};

/* One past query, or the text typed before browsing the history. */
struct prompt_entry {
	uint32_t *ch; /* its characters, owned; NULL when empty */
	size_t len; /* characters in ch */
};

struct prompt {
	uint32_t *ch; /* the text as code points, owned, no terminator */
	size_t len; /* characters in ch, at most PROMPT_MAX */
	size_t cap; /* characters allocated in ch */
	size_t cursor; /* 0..len: the cursor is before ch[cursor] */
	size_t scroll; /* columns of text hidden left of the bar, always at
			  a character boundary; kept by prompt_draw() */
	struct prompt_entry *hist; /* past queries, oldest first, owned; NULL
				   until the first commit */
	size_t nhist; /* entries in hist, at most PROMPT_HISTORY */
	size_t hist_pos; /* the entry shown while browsing with Up and
			    Down; nhist when not browsing */
	struct prompt_entry draft; /* while browsing: the text typed before
				   the first Up, given back by Down */
};

/* An empty bar with no history.  Nothing is allocated until it is used. */
void prompt_init(struct prompt *b);

/* Free the text and the history; the bar is then as after prompt_init(). */
void prompt_free(struct prompt *b);

/* Empty the text (cursor 0, no scroll) and stop browsing the history.  The
 * history is kept. */
void prompt_clear(struct prompt *b);

/* Replace the text with `len` bytes of UTF-8, cursor at the end, and stop
 * browsing the history.  Invalid bytes become U+FFFD, tabs and line
 * separators become spaces, and what prompt_key() would not insert (controls,
 * invisible format characters, a zero-width character at the start) is
 * left out.  0, or -1 when out of memory or when more than PROMPT_MAX
 * characters would remain; the bar is then unchanged. */
int prompt_set(struct prompt *b, const char *utf8, size_t len);

/* Apply one key: a Unicode character or a KB_* code (keys.h).
 *   printable characters (utf8_classify() says UTF8_KEEP) are inserted at
 *     the cursor; a zero-width one joins the character before it;
 *   Backspace (KB_BACKSPACE, DEL, Ctrl-H) deletes the character before the
 *     cursor, with its combining marks;
 *   Ctrl-U empties the text;
 *   Ctrl-W deletes the spaces before the cursor, then one CJK character or
 *     a run of other non-space characters (a Latin word, a number);
 *   Left and Right move by a character, Home and Ctrl-A to the start, End
 *     and Ctrl-E to the end;
 *   Up shows the previous query of the history, Down the next one and,
 *     past the newest, the text typed before browsing began.
 * An edit while browsing makes the shown entry the text being typed: the
 * earlier draft is dropped.  Control characters, codes prompt_key() does not
 * know, surrogates and invisible format characters give PROMPT_IGNORED and
 * change nothing.  A character that would make the text longer than
 * PROMPT_MAX, or that cannot be stored for lack of memory, gives
 * PROMPT_UNCHANGED. */
enum prompt_result prompt_key(struct prompt *b, uint32_t code);

/* Add the text to the history, unless it is empty or equal to the newest
 * entry, dropping the oldest entry when PROMPT_HISTORY are kept; then stop
 * browsing.  The text itself is left as it is.  Out of memory, the query
 * is simply not remembered. */
void prompt_commit(struct prompt *b);

/* The text as a malloc'd, NUL-terminated UTF-8 string (the caller frees
 * it); its length in bytes goes to `*len` when `len` is not NULL.  NULL
 * when out of memory. */
char *prompt_text(const struct prompt *b, size_t *len);

/* Draw the text into columns [col, col + width) of `row` (clipped to the
 * screen), blanking the rest of them with attribute `a`.  When the text is
 * wider than that, it is scrolled as little as keeps the cursor in the bar,
 * and never further than needed to show the end of the text with the
 * cursor after it; a double-width character that would be cut at either
 * edge is left out.  Updates b->scroll.  Returns the screen column for the
 * terminal cursor: the column after the character before the cursor
 * (col + 4 after "中文"); `col` when there is no room at all. */
int prompt_draw(struct prompt *b, struct screen *s, int row, int col, int width,
	     enum attr a);

#endif
