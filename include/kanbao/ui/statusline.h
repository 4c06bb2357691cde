/* statusline: a line of fields (a status line) that gives way on a narrow
 * screen, the least useful field first, rather than being cut at its end.
 *
 * The caller adds the fields in the order they are shown, each on the
 * left or at the right end, and says for each at which step it turns
 * brief and at which it goes (step 1 is taken first).  The line takes the
 * steps until it fits; then what the last steps took away comes back
 * where the room allows, the most useful first, and a field that cannot
 * come back keeps the less useful ones away.  One field may be cut (a
 * title): it keeps a number of columns while the others give way, then
 * takes the room they leave, and is cut with "…" (screen_text_clip). */
#ifndef KANBAO_STATUSLINE_H
#define KANBAO_STATUSLINE_H

#include "kanbao/ui/screen.h"

enum { STATUSLINE_FIELDS = 8 };

struct statusline_field {
	char text[192]; /* as shown when there is room */
	char brief[48]; /* from step brief_at on ("": the field goes then) */
	int brief_at, drop_at; /* the steps it turns brief and goes at (0:
				  never) */
	int cut; /* columns it keeps while the others give way (0: never
		    cut); it takes the room they leave */
	int right; /* at the right end of the line */
	int step; /* the steps it has taken (statusline_draw's) */
};

struct statusline {
	struct statusline_field f[STATUSLINE_FIELDS];
	int n;
};

/* Add a field showing `t` (cut to its array) on the left, or at the
 * right end when `right`; it is returned for the caller to set its brief
 * form, steps and cut.  Past STATUSLINE_FIELDS the last field is reused. */
struct statusline_field *statusline_add(struct statusline *st, int right,
					const char *t);

/* Columns the line takes now: a margin each side, two spaces between
 * fields, a cut field counted at what it keeps. */
int statusline_width(const struct statusline *st);

/* Take the steps the line needs to fit `w` columns, and give back what
 * fits again (see the top). */
void statusline_fit(struct statusline *st, int w);

/* Fit the line to the screen's width and draw it on row `row`, the whole
 * row in attribute `a`: the left fields from column 1, the right ones
 * ending a column before the edge, two spaces apart. */
void statusline_draw(struct statusline *st, struct screen *s, int row,
		     enum attr a);

#endif
