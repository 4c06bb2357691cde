/* prompt: the search bar's line editor (see include/kanbao/reader/prompt.h).
 *
 * The unit of every cursor move and deletion is a character together with
 * the zero-width characters that follow it (combining marks, joiners): the
 * terminal draws them in one cell, so a cursor between them would be
 * invisible and a Backspace there would change a letter the reader cannot
 * see change. */
#include "kanbao/reader/prompt.h"

#include <stdlib.h>
#include <string.h>

#include "kanbao/base/array.h"
#include "kanbao/ui/keys.h"
#include "kanbao/base/utf8.h"
#include "kanbao/base/width.h"

/* The control characters the editor acts on, as the terminal sends them. */
enum {
	CTRL_A = 0x01,
	CTRL_E = 0x05,
	CTRL_H = 0x08, /* Backspace on some terminals */
	CTRL_U = 0x15,
	CTRL_W = 0x17,
	DEL = 0x7F, /* Backspace on most terminals */
};

void prompt_init(struct prompt *b)
{
	memset(b, 0, sizeof *b);
}

static void entry_free(struct prompt_entry *e)
{
	free(e->ch);
	e->ch = NULL;
	e->len = 0;
}

/* Copy `len` characters into a new entry; -1 when out of memory. */
static int entry_copy(struct prompt_entry *e, const uint32_t *ch, size_t len)
{
	uint32_t *p = NULL;

	if (len) {
		p = malloc(len * sizeof *p);
		if (!p)
			return -1;
		memcpy(p, ch, len * sizeof *p);
	}
	e->ch = p;
	e->len = len;
	return 0;
}

static int entry_equal(const struct prompt_entry *e, const uint32_t *ch,
		       size_t len)
{
	return e->len == len &&
	       (len == 0 || memcmp(e->ch, ch, len * sizeof *ch) == 0);
}

void prompt_free(struct prompt *b)
{
	free(b->ch);
	for (size_t i = 0; i < b->nhist; i++)
		entry_free(&b->hist[i]);
	free(b->hist);
	entry_free(&b->draft);
	prompt_init(b);
}

/* Leave the history: what is shown is now simply the text being typed. */
static void stop_browsing(struct prompt *b)
{
	entry_free(&b->draft);
	b->hist_pos = b->nhist;
}

void prompt_clear(struct prompt *b)
{
	b->len = 0;
	b->cursor = 0;
	b->scroll = 0;
	stop_browsing(b);
}

/* Room for `n` characters (n <= PROMPT_MAX); -1 when out of memory.  The
 * room doubles, so typing a long query does not realloc per key. */
static int reserve(struct prompt *b, size_t n)
{
	return array_grow(&b->ch, &b->cap, n, sizeof *b->ch);
}

/* A character that may be typed into the bar: a Unicode scalar value that
 * is drawn as itself.  Controls would be drawn as pictures, format
 * characters not at all; neither belongs in a query. */
static int insertable(uint32_t uc)
{
	if (uc > 0x10FFFF || (uc >= 0xD800 && uc <= 0xDFFF))
		return 0;
	return utf8_classify(uc) == UTF8_KEEP;
}

/* Where the character before `pos` starts, with its zero-width marks. */
static size_t prev_unit(const struct prompt *b, size_t pos)
{
	if (pos == 0)
		return 0;
	pos--;
	while (pos > 0 && width_char(b->ch[pos]) == 0)
		pos--;
	return pos;
}

/* Where the character at `pos` ends, with its zero-width marks. */
static size_t next_unit(const struct prompt *b, size_t pos)
{
	if (pos >= b->len)
		return b->len;
	pos++;
	while (pos < b->len && width_char(b->ch[pos]) == 0)
		pos++;
	return pos;
}

static enum prompt_result move_to(struct prompt *b, size_t pos)
{
	if (pos == b->cursor)
		return PROMPT_UNCHANGED;
	b->cursor = pos;
	return PROMPT_MOVED;
}

/* Delete [from, cursor) and leave the cursor at `from`. */
static enum prompt_result delete_back(struct prompt *b, size_t from)
{
	size_t to = b->cursor;
	if (from >= to)
		return PROMPT_UNCHANGED;
	memmove(b->ch + from, b->ch + to, (b->len - to) * sizeof *b->ch);
	b->len -= to - from;
	b->cursor = from;
	return PROMPT_CHANGED;
}

static enum prompt_result insert(struct prompt *b, uint32_t uc)
{
	/* A mark at the start would have no character to ride on. */
	if (b->cursor == 0 && width_char(uc) == 0)
		return PROMPT_UNCHANGED;
	if (b->len >= PROMPT_MAX || reserve(b, b->len + 1) < 0)
		return PROMPT_UNCHANGED;
	memmove(b->ch + b->cursor + 1, b->ch + b->cursor,
		(b->len - b->cursor) * sizeof *b->ch);
	b->ch[b->cursor++] = uc;
	b->len++;
	return PROMPT_CHANGED;
}

/* Ctrl-W: in Chinese a "word" has no spaces around it, so one Han
 * character is the unit; a Latin word or a number goes as a whole. */
static enum prompt_result delete_word(struct prompt *b)
{
	size_t from = b->cursor;

	while (from > 0 && utf8_is_space(b->ch[prev_unit(b, from)]))
		from = prev_unit(b, from);
	if (from > 0 && utf8_is_cjk(b->ch[prev_unit(b, from)])) {
		from = prev_unit(b, from);
	} else {
		while (from > 0) {
			uint32_t c = b->ch[prev_unit(b, from)];
			if (utf8_is_space(c) || utf8_is_cjk(c))
				break;
			from = prev_unit(b, from);
		}
	}
	return delete_back(b, from);
}

/* Show `e` (a history entry or the draft), cursor at its end.  The caller
 * has reserved room for it. */
static enum prompt_result show(struct prompt *b, const struct prompt_entry *e)
{
	size_t cursor = b->cursor;
	int same = entry_equal(e, b->ch, b->len);
	if (e->len)
		memcpy(b->ch, e->ch, e->len * sizeof *e->ch);
	b->len = e->len;
	b->cursor = e->len;
	if (!same)
		return PROMPT_CHANGED;
	return cursor == b->cursor ? PROMPT_UNCHANGED : PROMPT_MOVED;
}

static enum prompt_result history_up(struct prompt *b)
{
	/* Also true with an empty history, where hist_pos == nhist == 0. */
	if (b->hist_pos == 0)
		return PROMPT_UNCHANGED;
	const struct prompt_entry *e = &b->hist[b->hist_pos - 1];
	if (reserve(b, e->len) < 0)
		return PROMPT_UNCHANGED;
	if (b->hist_pos == b->nhist && entry_copy(&b->draft, b->ch, b->len) < 0)
		return PROMPT_UNCHANGED;
	b->hist_pos--;
	return show(b, e);
}

static enum prompt_result history_down(struct prompt *b)
{
	if (b->hist_pos >= b->nhist)
		return PROMPT_UNCHANGED;
	if (b->hist_pos + 1 < b->nhist) {
		const struct prompt_entry *e = &b->hist[b->hist_pos + 1];
		if (reserve(b, e->len) < 0)
			return PROMPT_UNCHANGED;
		b->hist_pos++;
		return show(b, e);
	}
	if (reserve(b, b->draft.len) < 0)
		return PROMPT_UNCHANGED;
	enum prompt_result r = show(b, &b->draft);
	stop_browsing(b);
	return r;
}

enum prompt_result prompt_key(struct prompt *b, uint32_t code)
{
	enum prompt_result r;

	switch (code) {
	case KB_LEFT:
		return move_to(b, prev_unit(b, b->cursor));
	case KB_RIGHT:
		return move_to(b, next_unit(b, b->cursor));
	case KB_HOME:
	case CTRL_A:
		return move_to(b, 0);
	case KB_END:
	case CTRL_E:
		return move_to(b, b->len);
	case KB_UP:
		return history_up(b);
	case KB_DOWN:
		return history_down(b);
	case KB_BACKSPACE:
	case DEL:
	case CTRL_H:
		r = delete_back(b, prev_unit(b, b->cursor));
		break;
	case CTRL_U:
		/* The issue asks for "Ctrl-U clears": all of it, not only
		 * what is before the cursor as in readline. */
		b->cursor = b->len;
		r = delete_back(b, 0);
		break;
	case CTRL_W:
		r = delete_word(b);
		break;
	default:
		if (code >= KEY_BASE || !insertable(code))
			return PROMPT_IGNORED;
		r = insert(b, code);
		break;
	}
	/* Editing an entry of the history makes it the text being typed. */
	if (r == PROMPT_CHANGED)
		stop_browsing(b);
	return r;
}

int prompt_set(struct prompt *b, const char *utf8, size_t len)
{
	size_t n = 0;

	/* Count first, so a refused text leaves the bar as it was. */
	for (int pass = 0; pass < 2; pass++) {
		n = 0;
		for (size_t i = 0; i < len;) {
			uint32_t uc;
			i += utf8_next(utf8 + i, len - i, &uc);
			if (utf8_classify(uc) == UTF8_SPACE)
				uc = ' ';
			if (!insertable(uc) || (n == 0 && width_char(uc) == 0))
				continue;
			if (pass == 1)
				b->ch[n] = uc;
			n++;
		}
		if (pass == 0 && (n > PROMPT_MAX || reserve(b, n) < 0))
			return -1;
	}
	b->len = n;
	b->cursor = n;
	stop_browsing(b);
	return 0;
}

void prompt_commit(struct prompt *b)
{
	if (b->len == 0 ||
	    (b->nhist && entry_equal(&b->hist[b->nhist - 1], b->ch, b->len)))
		goto out;
	if (!b->hist) {
		b->hist = calloc(PROMPT_HISTORY, sizeof *b->hist);
		if (!b->hist)
			goto out;
	}
	if (b->nhist == PROMPT_HISTORY) {
		entry_free(&b->hist[0]);
		memmove(b->hist, b->hist + 1,
			(PROMPT_HISTORY - 1) * sizeof *b->hist);
		b->nhist--;
	}
	if (entry_copy(&b->hist[b->nhist], b->ch, b->len) == 0)
		b->nhist++;
out:
	stop_browsing(b);
}

char *prompt_text(const struct prompt *b, size_t *len)
{
	char *s = malloc(b->len * 4 + 1);
	size_t n = 0;

	if (!s)
		return NULL;
	for (size_t i = 0; i < b->len; i++)
		n += utf8_put(b->ch[i], s + n);
	s[n] = '\0';
	if (len)
		*len = n;
	return s;
}

int prompt_draw(struct prompt *b, struct screen *s, int row, int col, int width,
	     enum attr a)
{
	/* Every character of a full bar, at most 4 bytes each. */
	char text[PROMPT_MAX * 4];
	size_t total = 0, cur = 0, cols, i, x, n = 0;

	if (col < 0 || width > s->w - col)
		width = col < 0 ? 0 : s->w - col;
	if (width <= 0)
		return col;
	cols = (size_t)width;

	for (i = 0; i < b->len; i++) {
		if (i == b->cursor)
			cur = total;
		total += (size_t)width_char(b->ch[i]);
	}
	if (b->cursor >= b->len)
		cur = total;

	/* The text end with the cursor after it needs total + 1 columns;
	 * scrolling further would hide text on the left for nothing (after
	 * a deletion at the end, say). */
	if (total + 1 <= cols)
		b->scroll = 0;
	else if (b->scroll > total + 1 - cols)
		b->scroll = total + 1 - cols;
	/* Then move as little as keeps the cursor's cell in the bar. */
	if (cur < b->scroll)
		b->scroll = cur;
	else if (cur - b->scroll >= cols)
		b->scroll = cur - cols + 1;
	/* A wide character cut by the left edge is left out: start at the
	 * next character.  The cursor is at a character boundary at or after
	 * the old offset, so it stays in the bar, one column further left. */
	for (i = 0, x = 0; i < b->len && x < b->scroll; i = next_unit(b, i))
		x += (size_t)width_char(b->ch[i]);
	b->scroll = x;

	/* screen_text() stops before a character that would cross the right
	 * edge; only what can show there is encoded. */
	for (; i < b->len && x <= b->scroll + cols; i++) {
		x += (size_t)width_char(b->ch[i]);
		n += utf8_put(b->ch[i], text + n);
	}
	screen_fill(s, row, col, width, ' ', a);
	screen_text(s, row, col, col + width, text, n, a);
	return col + (int)(cur - b->scroll);
}
