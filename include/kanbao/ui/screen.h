/* screen: a grid of cells the view draws into and the terminal backend (or
 * a test) reads out.  Everything drawn goes through screen_text(), which
 * measures with width.h, shows control characters as pictures, and never
 * lets a double-width character straddle the limit it is given: the screen
 * can hold only what the terminal will show. */
#ifndef KANBAO_SCREEN_H
#define KANBAO_SCREEN_H

#include <stddef.h>
#include <stdint.h>

/* How a cell is drawn.  The backend maps these to colours and attributes
 * (bold, dim, reverse work in monochrome). */
enum attr {
	ATTR_NORMAL,
	ATTR_TITLE, /* article title: bold */
	ATTR_SUBTITLE, /* bold */
	ATTR_META, /* the meta line (date · 第N版 · source · byline): dim */
	ATTR_HEAD, /* section head: bold */
	ATTR_LIST_ID, /* article IDs and dates in the list: dim */
	ATTR_SELECTED, /* the selected article: reverse */
	ATTR_SELECTED_DIM, /* the selection when the list has no focus */
	ATTR_STATUS, /* the status line: reverse */
	ATTR_MESSAGE, /* the message row */
	ATTR_ERROR, /* a message that reports a problem: bold */
	ATTR_BORDER, /* pane separator, help box frame: dim */
	ATTR_HELP_KEY, /* key names in the help: bold */
	ATTR_HIT, /* a search hit: reverse (or a background colour) */
	ATTR_HIT_CURRENT, /* the current hit: reverse and bold */
	ATTR_COUNT_MARK, /* hits per article in the list: bold */
	ATTR_UNREAD, /* an unread article's title in the list: bold */
	ATTR_RULER, /* the text the reading ruler dims: dim */
	ATTR_BOOKMARK, /* a bookmarked line's mark in the margin: bold */
	ATTR_COUNT
};

struct cell {
	uint32_t ch; /* a character; 0 in the right half of a wide one */
	uint8_t attr; /* enum attr */
};

struct screen {
	int w, h; /* columns and rows */
	struct cell *cells; /* h rows of w cells */
	int cursor_row, cursor_col; /* where the terminal's cursor shows (the
				       search bar), or -1: hidden */
};

/* Make the screen w x h (either may be 0), blank.  0, or -1 when out of
 * memory (the screen is then 0 x 0). */
int screen_resize(struct screen *s, int w, int h);

void screen_free(struct screen *s);

/* Blank every cell and hide the cursor. */
void screen_clear(struct screen *s);

/* The cell at (row, col), or NULL outside the screen. */
struct cell *screen_cell(struct screen *s, int row, int col);

/* Fill `n` cells from (row, col) with `ch` (a narrow character; a
 * box-drawing one is drawn as its ASCII stand-in, - | or +, where
 * width_char() counts it two columns: the Ambiguous characters wide). */
void screen_fill(struct screen *s, int row, int col, int n, uint32_t ch,
		 enum attr a);

/* Draw `len` bytes of UTF-8 from (row, col), stopping before column
 * `limit` (exclusive; clipped to the screen).  A character that would cross
 * the limit is not drawn.  Returns the column after the last character. */
int screen_text(struct screen *s, int row, int col, int limit,
		const char *text, size_t len, enum attr a);

/* The same, but text wider than [col, limit) is cut and ends with "…":
 * cut where a line may end (wrap_cut_end: not after an opening quote or
 * bracket), so the "…" stands at the limit or a few columns before it,
 * or alone (the "…" is measured too: two columns where the Ambiguous
 * characters are wide; a range too narrow for it is left blank). */
int screen_text_clip(struct screen *s, int row, int col, int limit,
		     const char *text, size_t len, enum attr a);

/* Row `row` as UTF-8 (for tests and for copying to the terminal), without
 * trailing blanks; returns a malloc'd string or NULL. */
char *screen_row(const struct screen *s, int row);

#endif
