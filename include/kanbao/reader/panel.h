/* panel: a window of rows over a longer list, for what the reader shows
 * over its panes: the results view and the bookmarks (a list with a
 * selected row the window keeps in view) and the help box (a window
 * only).  It knows nothing of what the rows hold; the model says how many
 * there are and how many fit, the view draws rows top to top + rows. */
#ifndef KANBAO_PANEL_H
#define KANBAO_PANEL_H

#include <stddef.h>

#include "kanbao/ui/keys.h"

struct panel {
	size_t sel; /* the selected row (0 in the help, which has none) */
	size_t top; /* the first row shown */
};

/* Select row `to` of n, clamped to [0, n) (0 when n is 0), and move the
 * window of `rows` rows (1 when 0) the least that shows it, never so far
 * down that it would show less than `rows` rows when there are more (all
 * from the first when they fit). */
void panel_select(struct panel *p, size_t n, size_t rows, long to);

/* A moving action in a list of n rows, `rows` to a page: the selection
 * moves a line (j, k), a page (Space, b), half a page (d, u) or to an end
 * (g, G), as panel_select does.  1 when `a` is one of these, else 0 and
 * nothing changes. */
int panel_move(struct panel *p, size_t n, size_t rows, enum action a);

/* Move a window of `rows` rows over n (the help's, which has no
 * selection) by `by` rows, no further than [0, n - rows].  0 when it
 * stands at that end already (or `by` is 0): nothing changes. */
int panel_scroll(struct panel *p, size_t n, size_t rows, long by);

/* A click (ACT_CLICK, ACT_DOUBLE_CLICK) on screen row `row` of a list of
 * n rows drawn from the screen's first row, `rows` to a page: the row
 * under it selected.  1 when a row is there; 0 when none is (below the
 * last, or the page: the status line) and nothing changes. */
int panel_click(struct panel *p, size_t n, size_t rows, int row);

/* The window of `rows` rows over n moved up the least that leaves no
 * empty row below it while rows above are hidden (after a resize, or
 * fewer rows): its top no further than n - rows, 0 when all fit. */
void panel_fit(struct panel *p, size_t n, size_t rows);

#endif
