/* statusline: fields that give way (see include/kanbao/ui/statusline.h). */
#include "kanbao/ui/statusline.h"

#include <stdio.h>
#include <string.h>

#include "kanbao/base/width.h"

struct statusline_field *statusline_add(struct statusline *st, int right,
					const char *t)
{
	int i = st->n < STATUSLINE_FIELDS ? st->n++ : STATUSLINE_FIELDS - 1;
	struct statusline_field *f = &st->f[i];
	memset(f, 0, sizeof *f);
	f->right = right;
	snprintf(f->text, sizeof f->text, "%s", t);
	return f;
}

/* The field as the steps it took leave it: its text, or NULL: gone. */
static const char *field_text(const struct statusline_field *f)
{
	if (f->drop_at && f->step >= f->drop_at)
		return NULL;
	if (f->brief_at && f->step >= f->brief_at)
		return *f->brief ? f->brief : NULL;
	return f->text;
}

/* Columns of a field (-1: gone): a cut one counts what it keeps. */
static int field_w(const struct statusline_field *f)
{
	const char *t = field_text(f);
	if (!t)
		return -1;
	int w = (int)width_str(t, strlen(t));
	return f->cut && w > f->cut ? f->cut : w;
}

int statusline_width(const struct statusline *st)
{
	int w = 2, shown = 0;
	for (int i = 0; i < st->n; i++) {
		int fw = field_w(&st->f[i]);
		if (fw >= 0)
			w += fw + (shown++ ? 2 : 0);
	}
	return w;
}

void statusline_fit(struct statusline *st, int w)
{
	int last = 0; /* the last step a field takes */
	for (int i = 0; i < st->n; i++) {
		st->f[i].step = 0;
		if (st->f[i].brief_at > last)
			last = st->f[i].brief_at;
		if (st->f[i].drop_at > last)
			last = st->f[i].drop_at;
	}
	int step = 0;
	while (statusline_width(st) > w && step < last) {
		step++;
		for (int i = 0; i < st->n; i++)
			st->f[i].step = step;
	}
	/* back, the most useful first: a brief hit count may leave room
	 * for an ID dropped before it; a field that stays away keeps the
	 * less useful ones away (no key hint where the date is not) */
	for (int k = step; k > 0; k--)
		for (int i = 0; i < st->n; i++) {
			struct statusline_field *f = &st->f[i];
			int was = f->step;
			if ((f->brief_at != k && f->drop_at != k) || was < k)
				continue;
			f->step = k - 1;
			if (statusline_width(st) <= w)
				continue;
			f->step = was;
			if (f->drop_at == k)
				return;
		}
}

/* The right end's fields, ending a column before the edge; returns the
 * column they start at (s->w - 1 when there are none). */
static int draw_right(const struct statusline *st, struct screen *s, int row,
		      enum attr a)
{
	int rw = 0, n = 0;
	for (int i = 0; i < st->n; i++)
		if (st->f[i].right && field_w(&st->f[i]) >= 0)
			rw += field_w(&st->f[i]) + (n++ ? 2 : 0);
	int x0 = s->w - 1 - rw > 1 ? s->w - 1 - rw : 1, x = x0;
	for (int i = 0, k = 0; i < st->n; i++) {
		const struct statusline_field *f = &st->f[i];
		const char *t = field_text(f);
		if (!t || !f->right)
			continue;
		if (k++)
			x += 2;
		x = screen_text_clip(s, row, x, s->w - 1, t, strlen(t), a);
	}
	return x0;
}

void statusline_draw(struct statusline *st, struct screen *s, int row,
		     enum attr a)
{
	screen_fill(s, row, 0, s->w, ' ', a);
	statusline_fit(st, s->w);
	int spare = s->w - statusline_width(st); /* for the cut field */
	int end = draw_right(st, s, row, a);
	if (end < s->w - 1)
		end -= 2;
	for (int i = 0, x = 1; i < st->n; i++) {
		const struct statusline_field *f = &st->f[i];
		const char *t = field_text(f);
		if (!t || f->right)
			continue;
		int w = field_w(f);
		if (f->cut && spare > 0) {
			int full = (int)width_str(t, strlen(t));
			int more = full - w < spare ? full - w : spare;
			w += more;
			spare -= more;
		} else if (f->cut && spare < 0) {
			/* too narrow even so: it gives what it must, down
			 * to its "…" */
			w = w + spare > 1 ? w + spare : 1;
			spare = 0;
		}
		if (x > 1)
			x += 2;
		x = screen_text_clip(s, row, x, x + w < end ? x + w : end, t,
				     strlen(t), a);
	}
}
