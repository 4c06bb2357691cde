/* panel: a window over a list (see include/kanbao/reader/panel.h). */
#include "kanbao/reader/panel.h"

void panel_select(struct panel *p, size_t n, size_t rows, long to)
{
	if (to >= (long)n)
		to = (long)n - 1;
	if (to < 0)
		to = 0;
	if (!rows)
		rows = 1;
	p->sel = (size_t)to;
	if (p->sel < p->top)
		p->top = p->sel;
	if (p->sel >= p->top + rows)
		p->top = p->sel - rows + 1;
	if (n <= rows)
		p->top = 0;
	else if (p->top > n - rows)
		p->top = n - rows;
}

int panel_move(struct panel *p, size_t n, size_t rows, enum action a)
{
	long to = (long)p->sel, page = (long)rows;
	switch (a) {
	case ACT_LINE_DOWN: to++; break;
	case ACT_LINE_UP: to--; break;
	case ACT_PAGE_DOWN: to += page; break;
	case ACT_PAGE_UP: to -= page; break;
	case ACT_HALF_DOWN: to += page / 2; break;
	case ACT_HALF_UP: to -= page / 2; break;
	case ACT_TOP: to = 0; break;
	case ACT_BOTTOM: to = (long)n - 1; break;
	default: return 0;
	}
	panel_select(p, n, rows, to);
	return 1;
}

int panel_click(struct panel *p, size_t n, size_t rows, int row)
{
	if (row < 0 || (size_t)row >= rows || p->top + (size_t)row >= n)
		return 0;
	panel_select(p, n, rows, (long)(p->top + (size_t)row));
	return 1;
}

int panel_scroll(struct panel *p, size_t n, size_t rows, long by)
{
	size_t last = n > rows ? n - rows : 0;
	if (by > 0) {
		if (p->top >= last)
			return 0;
		p->top = last - p->top > (size_t)by ? p->top + (size_t)by
						     : last;
		return 1;
	}
	if (by < 0) {
		if (p->top == 0)
			return 0;
		p->top = p->top > (size_t)-by ? p->top - (size_t)-by : 0;
		return 1;
	}
	return 0;
}

void panel_fit(struct panel *p, size_t n, size_t rows)
{
	size_t last = n > rows ? n - rows : 0;
	if (p->top > last)
		p->top = last;
}
