/* screen: the grid of cells (see include/kanbao/ui/screen.h). */
#include "kanbao/ui/screen.h"

#include <stdlib.h>
#include <string.h>

#include "kanbao/base/buf.h"
#include "kanbao/base/utf8.h"
#include "kanbao/base/width.h"
#include "kanbao/base/wrap.h"

static const char ellipsis[] = "\xE2\x80\xA6"; /* … */

int screen_resize(struct screen *s, int w, int h)
{
	if (w < 0)
		w = 0;
	if (h < 0)
		h = 0;
	struct cell *c = calloc((size_t)w * (size_t)h + 1, sizeof *c);
	if (!c) {
		screen_free(s);
		return -1;
	}
	free(s->cells);
	s->cells = c;
	s->w = w;
	s->h = h;
	screen_clear(s);
	return 0;
}

void screen_free(struct screen *s)
{
	free(s->cells);
	memset(s, 0, sizeof *s);
}

void screen_clear(struct screen *s)
{
	for (int i = 0; i < s->w * s->h; i++)
		s->cells[i] = (struct cell){ ' ', ATTR_NORMAL };
	s->cursor_row = s->cursor_col = -1;
}

struct cell *screen_cell(struct screen *s, int row, int col)
{
	if (row < 0 || row >= s->h || col < 0 || col >= s->w)
		return NULL;
	return &s->cells[row * s->w + col];
}

/* Clear a cell, and the other half of a wide character it is part of, so
 * the grid never holds half of one. */
static void erase(struct screen *s, int row, int col)
{
	struct cell *c = screen_cell(s, row, col);
	if (!c)
		return;
	if (c->ch == 0) { /* right half: clear the left one too */
		struct cell *l = screen_cell(s, row, col - 1);
		if (l)
			l->ch = ' ';
	} else if (width_char(c->ch) == 2) {
		struct cell *r = screen_cell(s, row, col + 1);
		if (r && r->ch == 0)
			r->ch = ' ';
	}
	c->ch = ' ';
}

/* A box-drawing character is East Asian Ambiguous: on a terminal that
 * draws those two columns wide it cannot take one cell, so a border is
 * drawn with the ASCII stand-in for it, one column on every terminal. */
static uint32_t one_column(uint32_t ch)
{
	if (ch < 0x2500 || ch > 0x257F || width_char(ch) != 2)
		return ch;
	switch (ch) {
	case 0x2500: case 0x2501: case 0x2504: case 0x2505: case 0x2508:
	case 0x2509: case 0x254C: case 0x254D: case 0x2550:
		return '-';
	case 0x2502: case 0x2503: case 0x2506: case 0x2507: case 0x250A:
	case 0x250B: case 0x254E: case 0x254F: case 0x2551:
		return '|';
	}
	return '+';
}

void screen_fill(struct screen *s, int row, int col, int n, uint32_t ch,
		 enum attr a)
{
	ch = one_column(ch);
	for (int i = 0; i < n; i++) {
		struct cell *c = screen_cell(s, row, col + i);
		if (!c)
			continue;
		erase(s, row, col + i);
		*c = (struct cell){ ch, (uint8_t)a };
	}
}

int screen_text(struct screen *s, int row, int col, int limit,
		const char *text, size_t len, enum attr a)
{
	if (limit > s->w)
		limit = s->w;
	if (row < 0 || row >= s->h)
		return col;
	for (size_t i = 0; i < len && col < limit;) {
		uint32_t uc;
		i += utf8_next(text + i, len - i, &uc);
		switch (utf8_classify(uc)) {
		case UTF8_DROP:
			continue;
		case UTF8_SPACE:
			uc = ' ';
			break;
		case UTF8_PICTURE:
			uc = utf8_picture(uc);
			break;
		case UTF8_KEEP:
			break;
		}
		int w = width_char(uc);
		if (w == 0) {
			/* A combining mark rides on the character before;
			 * the backend draws it with that cell.  Keep it only
			 * when that cell is ours. */
			continue;
		}
		if (col + w > limit)
			break;
		erase(s, row, col);
		if (w == 2)
			erase(s, row, col + 1);
		s->cells[row * s->w + col] = (struct cell){ uc, (uint8_t)a };
		if (w == 2)
			s->cells[row * s->w + col + 1] =
				(struct cell){ 0, (uint8_t)a };
		col += w;
	}
	return col;
}

int screen_text_clip(struct screen *s, int row, int col, int limit,
		     const char *text, size_t len, enum attr a)
{
	if (limit > s->w)
		limit = s->w;
	if (col >= limit)
		return col;
	size_t room = (size_t)(limit - col);
	if (width_str(text, len) <= room)
		return screen_text(s, row, col, limit, text, len, a);
	/* the "…" is two columns where Ambiguous characters are wide */
	size_t dots = width_str(ellipsis, sizeof ellipsis - 1);
	size_t used;
	size_t cut = width_fit(text, len, room > dots ? room - dots : 0,
			       &used);
	/* before the "…" as at the end of a line of the body: never an
	 * opening quote or bracket (重要文章《…), even when only the "…"
	 * is left */
	cut = wrap_cut_end(text, len, cut);
	int end = screen_text(s, row, col, limit, text, cut, a);
	return screen_text(s, row, end, limit, ellipsis, sizeof ellipsis - 1,
			   a);
}

char *screen_row(const struct screen *s, int row)
{
	struct buf b = { 0 };
	size_t keep = 0;
	for (int col = 0; row >= 0 && row < s->h && col < s->w; col++) {
		uint32_t ch = s->cells[row * s->w + col].ch;
		if (ch == 0)
			continue;
		buf_putuc(&b, ch);
		if (ch != ' ')
			keep = b.len;
	}
	if (b.p)
		b.p[keep] = '\0';
	b.len = keep;
	return buf_take(&b);
}
