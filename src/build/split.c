/* split: where a large raw text is cut (see include/kanbao/build/split.h). */
#include "kanbao/build/split.h"

#include <string.h>

#include "kanbao/base/utf8.h"
#include "kanbao/build/cues.h"

enum {
	BOX_LINE = 3 * 13, /* bytes of a box of a running head at most */
	BOX_LINES = 8, /* its boxes at most, blank lines between not counted */
	HEAD_LINE = 3 * 24, /* bytes of a headline split_forced cuts before */
};

/* The end of the line starting at i: its '\n' or '\f', or len. */
static size_t line_end(const char *s, size_t len, size_t i)
{
	while (i < len && s[i] != '\n' && s[i] != '\f')
		i++;
	return i;
}

/* Whether the line holds only spaces (ASCII or U+3000). */
static int blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\r') {
			i++;
		} else if (n - i >= 3 && !memcmp(s + i, "\u3000", 3)) {
			i += 3;
		} else {
			return 0;
		}
	}
	return 1;
}

static int same_date(struct date a, struct date b)
{
	return a.year == b.year && a.month == b.month && a.day == b.day;
}

/* The page a head names, as a number: "01" is 1; 0 when it is not only
 * digits (A3, 三). */
static long page_number(const char *s, struct cue_span sp)
{
	long v = 0;
	for (size_t i = 0; i < sp.len; i++) {
		if (s[sp.at + i] < '0' || s[sp.at + i] > '9' || v > 100000)
			return 0;
		v = v * 10 + (s[sp.at + i] - '0');
	}
	return v;
}

/* An issue line as a page's head sets it: with a weekday that agrees
 * with its date, or with the paper's name and the page (a dateline ending
 * in 记者某某报 is neither). */
static int head(const struct issue *is)
{
	return is->weekday || (is->paper.len && is->page.len);
}

/* Whether the line is a whole date and nothing else. */
static int only_date(const char *s, size_t n)
{
	struct date d;
	size_t at, dlen;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\r'))
		n--;
	while (n && *s == ' ')
		s++, n--;
	return dates_find_full(s, n, &d, &at, &dlen) && at == 0 && dlen == n;
}

/* A running head a box a line from the line at i: short lines (blank ones
 * between skipped, no page break), one of them the date alone and none an
 * issue line alone, that read as an issue line together.  Returns 1 with
 * its date, or 0. */
static int boxed_head(const char *s, size_t len, size_t i, struct date *d,
		      long *page)
{
	char joined[BOX_LINES * (BOX_LINE + 1)];
	size_t n = 0;
	int date_box = 0;
	for (int boxes = 0; i < len && boxes < BOX_LINES;) {
		size_t end = line_end(s, len, i);
		if (!blank(s + i, end - i)) {
			struct issue alone;
			if (end - i > BOX_LINE ||
			    cues_issue(s + i, end - i, &alone))
				return 0;
			date_box |= only_date(s + i, end - i);
			if (n)
				joined[n++] = ' ';
			memcpy(joined + n, s + i, end - i);
			n += end - i;
			struct issue is;
			if (++boxes > 1 && date_box &&
			    cues_issue(joined, n, &is) && head(&is)) {
				*d = is.date;
				*page = page_number(joined, is.page);
				return 1;
			}
		}
		if (end >= len || s[end] == '\f')
			return 0;
		i = end + 1;
	}
	return 0;
}

size_t split_find(const char *text, size_t len, int more,
		  struct split_state *st)
{
	size_t stop = !more ? len : len > SPLIT_LOOKAHEAD ? len - SPLIT_LOOKAHEAD
							  : 0;
	int top = 1, after_blank = 1; /* of a page; after a blank line */
	for (size_t i = 0; i < stop;) {
		size_t end = line_end(text, len, i), n = end - i;
		int is_blank = blank(text + i, n), mark = 0;
		struct issue is;
		struct cue_span sp;
		struct date d = { 0, 0, 0 };
		long page = 0;
		if (is_blank) {
			/* nothing */
		} else if (cues_issue(text + i, n, &is) && head(&is) &&
			   (!is.source || top)) {
			mark = 1;
			d = is.date;
			page = page_number(text + i, is.page);
		} else if (!top && !after_blank) {
			/* the heads below stand at a page's top or after a
			 * gap */
		} else if (n <= BOX_LINE && boxed_head(text, len, i, &d, &page)) {
			mark = 1;
		} else if (cues_running_head(text + i, n, &sp)) {
			mark = 1; /* no date */
			page = page_number(text + i, sp);
		}
		/* a new issue: another date than the one in force, or
		 * (no date known) a page before the last one named */
		int other = d.year && st->in_force.year
				    ? !same_date(d, st->in_force)
				    : page && page < st->page;
		if (mark && other && i > 0) {
			st->in_force = d;
			st->page = page;
			return i;
		}
		if (mark && d.year)
			st->in_force = d;
		if (mark && page)
			st->page = page;
		if (end >= len)
			break;
		top = text[end] == '\f' || (top && is_blank);
		after_blank = is_blank;
		i = end + 1;
	}
	return 0;
}

/* Whether the line ends a sentence: its last character is 。！？ or a
 * closing quote or bracket after one (。” ！」). */
static int ends_sentence(const char *s, size_t n)
{
	static const char *const ends[] = { "。", "！", "？", "”", "」", "』",
					    "）", "…" };
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\r'))
		n--;
	if (n && strchr(".!?", s[n - 1]))
		return 1;
	for (size_t k = 0; k < sizeof ends / sizeof *ends; k++)
		if (n >= 3 && !memcmp(s + n - 3, ends[k], 3))
			return 1;
	return 0;
}

size_t split_forced(const char *text, size_t len)
{
	/* the lines' starts, from the end back to a quarter: a short line
	 * after blank lines after a line that ends a sentence */
	size_t last_end = 0; /* after the last line end before len */
	for (size_t i = len; i > 0; i--)
		if (text[i - 1] == '\n' || text[i - 1] == '\f') {
			if (i < len) {
				last_end = i;
				break;
			}
		}
	size_t head = last_end;
	while (head > len / 4) {
		size_t hend = line_end(text, len, head);
		size_t b = head; /* back over the blank lines before it */
		int blanks = 0;
		while (b > 0) {
			size_t s = b - 1;
			while (s > 0 && text[s - 1] != '\n' && text[s - 1] != '\f')
				s--;
			if (!blank(text + s, b - 1 - s))
				break;
			blanks++;
			b = s;
		}
		if (b > 0 && blanks && !blank(text + head, hend - head) &&
		    hend - head <= HEAD_LINE &&
		    !ends_sentence(text + head, hend - head)) {
			size_t s = b - 1;
			while (s > 0 && text[s - 1] != '\n' && text[s - 1] != '\f')
				s--;
			if (ends_sentence(text + s, b - 1 - s))
				return head;
		}
		/* the line before */
		size_t p = head - 1;
		while (p > 0 && text[p - 1] != '\n' && text[p - 1] != '\f')
			p--;
		if (p == head)
			break;
		head = p;
	}
	return last_end;
}
