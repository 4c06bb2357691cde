/* dates: dates as newspaper text writes them (see include/kanbao/build/dates.h). */
#include "kanbao/build/dates.h"

#include <stdlib.h>
#include <string.h>

#include "kanbao/base/array.h"
#include "kanbao/base/utf8.h"

enum { YEAR_MIN = 1000, YEAR_MAX = 2999 };

static uint32_t char_at(const char *s, size_t n, size_t i, size_t *len)
{
	uint32_t uc = 0;
	*len = i < n ? utf8_next(s + i, n - i, &uc) : 0;
	return i < n ? uc : 0;
}

static size_t skip_spaces(const char *s, size_t n, size_t i)
{
	size_t len;
	uint32_t uc;
	while (i < n && ((uc = char_at(s, n, i, &len)) == '\n' ||
			 utf8_is_space(uc)))
		i += len;
	return i;
}

int dates_digit(uint32_t uc)
{
	if (uc >= '0' && uc <= '9')
		return (int)(uc - '0');
	if (uc >= 0xFF10 && uc <= 0xFF19)
		return (int)(uc - 0xFF10);
	return -1;
}

int dates_chinese_digit(uint32_t uc)
{
	static const uint32_t digits[10] = { 0x96F6, 0x4E00, 0x4E8C, 0x4E09,
					     0x56DB, 0x4E94, 0x516D, 0x4E03,
					     0x516B, 0x4E5D };
	if (uc == 0x3007 || uc == 0x25CB || uc == 0x039F /* Ο */ ||
	    uc == 0xFF2F /* Ｏ */)
		return 0;
	for (int v = 0; v < 10; v++)
		if (digits[v] == uc)
			return v;
	return -1;
}

/* Arabic digits at s[*i], spaces between them allowed ("202 3" does not
 * happen; "2 0 2 3" neither: no spaces).  At most `most` digits; returns
 * how many were read, the value in `*v`. */
static int arabic_run(const char *s, size_t n, size_t *i, int most, int *v)
{
	int k = 0, d;
	size_t len;
	*v = 0;
	while (k < most + 1 && (d = dates_digit(char_at(s, n, *i, &len))) >= 0) {
		*v = *v * 10 + d;
		*i += len;
		k++;
	}
	return k;
}

/* A Chinese number from 1 to 39 at s[*i] (一 … 九, 十, 十一, 二十, 二十一,
 * 廿一, 卅): returns 1 and its value, or 0 with *i unchanged. */
static int chinese_small(const char *s, size_t n, size_t *i, int *v)
{
	size_t at = *i, len;
	uint32_t uc = char_at(s, n, at, &len);
	int tens = 0, units = 0, d;
	if (uc == 0x5EFF /* 廿 */ || uc == 0x5345 /* 卅 */) {
		tens = uc == 0x5EFF ? 2 : 3;
		at += len;
	} else if (uc == 0x5341 /* 十 */) {
		tens = 1;
		at += len;
	} else if ((d = dates_chinese_digit(uc)) > 0) {
		at += len;
		if (char_at(s, n, at, &len) == 0x5341) {
			tens = d;
			at += len;
		} else {
			units = d;
			*i = at;
			*v = units;
			return 1;
		}
	} else {
		return 0;
	}
	if ((d = dates_chinese_digit(char_at(s, n, at, &len))) > 0) {
		units = d;
		at += len;
	}
	*i = at;
	*v = tens * 10 + units;
	return 1;
}

/* The character `want` at s[*i] (after spaces): moves past it. */
static int expect(const char *s, size_t n, size_t *i, uint32_t want)
{
	size_t at = skip_spaces(s, n, *i), len;
	if (char_at(s, n, at, &len) != want)
		return 0;
	*i = at + len;
	return 1;
}

/* 民國 or 民国 at s[i]: the bytes it spans, or 0. */
static size_t roc_era(const char *s, size_t n, size_t i)
{
	size_t len, l2;
	if (char_at(s, n, i, &len) != 0x6C11 /* 民 */)
		return 0;
	uint32_t uc = char_at(s, n, i + len, &l2);
	return uc == 0x570B /* 國 */ || uc == 0x56FD /* 国 */ ? len + l2 : 0;
}

/* The year of the Republic of China's era at s[*i], from 1 to 199: one
 * to three Arabic digits, Chinese digits one by one (一一四) or counted
 * (一百一十四, 九十九, 十), or 元 (the first year).  Returns 1 and moves
 * past it, or 0. */
static int roc_number(const char *s, size_t n, size_t *i, int *v)
{
	size_t at = *i, len;
	uint32_t uc = char_at(s, n, at, &len);
	int d;
	if (uc == 0x5143 /* 元 */) {
		*i = at + len, *v = 1;
		return 1;
	}
	if (dates_digit(uc) >= 0) {
		int k = arabic_run(s, n, &at, 3, v);
		if (k > 3 || *v < 1)
			return 0;
		*i = at;
		return 1;
	}
	/* one by one: no 百 or 十 among them */
	int k = 0, w = 0;
	size_t p = at;
	while (k < 4 && (d = dates_chinese_digit(char_at(s, n, p, &len))) >= 0)
		w = w * 10 + d, p += len, k++;
	uint32_t next = char_at(s, n, p, &len);
	if (k >= 2 && k <= 3 && next != 0x767E /* 百 */ &&
	    next != 0x5341 /* 十 */) {
		if (w < 1)
			return 0;
		*i = p, *v = w;
		return 1;
	}
	/* counted: [一]百 [零] [N]十 [N], at most 199 */
	int total = 0, any = 0;
	p = at;
	d = dates_chinese_digit(char_at(s, n, p, &len));
	size_t dl = len;
	if (d == 1 && char_at(s, n, p + dl, &len) == 0x767E) {
		p += dl + len, total = 100, any = 1;
		if (char_at(s, n, p, &len) == 0x96F6 /* 零 */ ||
		    dates_chinese_digit(char_at(s, n, p, &len)) == 0)
			p += len;
	} else if (char_at(s, n, p, &len) == 0x767E) {
		p += len, total = 100, any = 1;
	}
	d = dates_chinese_digit(char_at(s, n, p, &dl));
	if (d > 0 && char_at(s, n, p + dl, &len) == 0x5341) {
		p += dl + len, total += d * 10, any = 1;
	} else if (char_at(s, n, p, &len) == 0x5341) {
		p += len, total += 10, any = 1;
	}
	if ((d = dates_chinese_digit(char_at(s, n, p, &len))) > 0)
		p += len, total += d, any = 1;
	if (!any || total < 1)
		return 0;
	*i = p, *v = total;
	return 1;
}

/* A year of the Republic of China's era, as Taiwan papers date their
 * issues and write dates (中華民國114年10月20日): 民國 N 年 is the year
 * N + 1911.  Only with 民國 written: a bare 114年 is no year here. */
static int roc_year(const char *s, size_t n, size_t *i, int *y)
{
	size_t era = roc_era(s, n, *i), at;
	int v;
	if (!era)
		return 0;
	at = skip_spaces(s, n, *i + era);
	if (!roc_number(s, n, &at, &v) || v + 1911 > YEAR_MAX ||
	    !expect(s, n, &at, 0x5E74 /* 年 */))
		return 0;
	*i = at;
	*y = v + 1911;
	return 1;
}

/* A year of four digits, all Arabic or all Chinese, then 年; or a year
 * of the Republic of China's era (roc_year). */
static int year_part(const char *s, size_t n, size_t *i, int *y)
{
	size_t at = *i, len;
	int v = 0, k;
	if (roc_year(s, n, i, y))
		return 1;
	if (dates_digit(char_at(s, n, at, &len)) >= 0) {
		if (arabic_run(s, n, &at, 4, &v) != 4)
			return 0;
	} else {
		int d;
		for (k = 0; k < 4 && (d = dates_chinese_digit(char_at(s, n, at, &len))) >= 0;
		     k++) {
			v = v * 10 + d;
			at += len;
		}
		if (k != 4)
			return 0;
	}
	if (v < YEAR_MIN || v > YEAR_MAX || !expect(s, n, &at, 0x5E74 /* 年 */))
		return 0;
	*i = at;
	*y = v;
	return 1;
}

/* A number of 1 or 2 Arabic digits or a small Chinese number, then `unit`
 * (月 or 日), in [1, most]. */
static int small_part(const char *s, size_t n, size_t *i, uint32_t unit,
		      int most, int *out)
{
	size_t at = skip_spaces(s, n, *i), len;
	int v;
	if (dates_digit(char_at(s, n, at, &len)) >= 0) {
		if (arabic_run(s, n, &at, 2, &v) > 2)
			return 0;
	} else if (!chinese_small(s, n, &at, &v)) {
		return 0;
	}
	if (v < 1 || v > most || !expect(s, n, &at, unit))
		return 0;
	*i = at;
	*out = v;
	return 1;
}

size_t dates_parse(const char *s, size_t n, struct date *d)
{
	memset(d, 0, sizeof *d);
	size_t i = 0;
	struct date t = { 0 };
	if (year_part(s, n, &i, &t.year))
		i = skip_spaces(s, n, i);
	if (!small_part(s, n, &i, 0x6708 /* 月 */, 12, &t.month))
		return 0;
	size_t before_day = i;
	if (!small_part(s, n, &i, 0x65E5 /* 日 */, 31, &t.day))
		i = before_day;
	if (t.year && t.day && !dates_valid(t.year, t.month, t.day))
		return 0;
	*d = t;
	return i;
}

size_t dates_parse_iso(const char *s, size_t n, struct date *d)
{
	memset(d, 0, sizeof *d);
	size_t i = 0;
	int y, m, day;
	int k = arabic_run(s, n, &i, 8, &y);
	if (k == 8) {
		if (i < n && dates_digit(char_at(s, n, i, &(size_t){ 0 })) >= 0)
			return 0;
		day = y % 100, m = y / 100 % 100, y /= 10000;
	} else if (k == 4 && i < n && strchr("-./_", s[i])) {
		char sep = s[i++];
		if (arabic_run(s, n, &i, 2, &m) > 2 || m < 1 || i >= n ||
		    s[i++] != sep || arabic_run(s, n, &i, 2, &day) > 2)
			return 0;
		if (i < n && dates_digit(char_at(s, n, i, &(size_t){ 0 })) >= 0)
			return 0;
	} else {
		return 0;
	}
	if (y < YEAR_MIN || y > YEAR_MAX || !dates_valid(y, m, day))
		return 0;
	d->year = y, d->month = m, d->day = day;
	return i;
}

/* Is the character before s[i] an Arabic digit (so no number starts at
 * i)? */
static int digit_before(const char *s, size_t i)
{
	uint32_t before;
	return i && utf8_prev(s + i, s, &before) && dates_digit(before) >= 0;
}

/* Can a date start at s[i]: a digit not right after another digit, or
 * the 民 of 民國? */
static int may_start(const char *s, size_t i, uint32_t uc)
{
	return (dates_digit(uc) >= 0 || dates_chinese_digit(uc) >= 0 ||
		uc == 0x6C11 /* 民 */) && !digit_before(s, i);
}

int dates_find_full(const char *s, size_t n, struct date *d, size_t *at,
		    size_t *len)
{
	for (size_t i = 0; i < n;) {
		size_t l;
		uint32_t uc = char_at(s, n, i, &l);
		if (may_start(s, i, uc)) {
			size_t m = dates_parse(s + i, n - i, d);
			if (m && d->year && d->day) {
				*at = i, *len = m;
				return 1;
			}
			if (dates_digit(uc) >= 0 &&
			    (m = dates_parse_iso(s + i, n - i, d))) {
				*at = i, *len = m;
				return 1;
			}
		}
		i += l;
	}
	memset(d, 0, sizeof *d);
	return 0;
}

int dates_from_name(const char *path, struct date *d)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t n = strlen(base);
	for (size_t i = 0; i < n; i++) {
		if (!may_start(base, i, (unsigned char)base[i]) ||
		    !dates_parse_iso(base + i, n - i, d))
			continue;
		return 1;
	}
	memset(d, 0, sizeof *d);
	return 0;
}

int dates_valid(int y, int m, int d)
{
	static const int days[] = { 31, 29, 31, 30, 31, 30,
				    31, 31, 30, 31, 30, 31 };
	if (m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return 0;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return !(m == 2 && d == 29 && y && !leap);
}

int dates_weekday(int y, int m, int d)
{
	/* Sakamoto's method. */
	static const int t[] = { 0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4 };
	if (m < 3)
		y--;
	return (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
}

int dates_weekday_name(const char *s, size_t n, size_t *len)
{
	static const char *const lead[] = { "星期", "礼拜", "禮拜", "周", "週",
					    NULL };
	for (const char *const *p = lead; *p; p++) {
		size_t l = strlen(*p), cl;
		if (n < l || memcmp(s, *p, l))
			continue;
		uint32_t uc = char_at(s, n, l, &cl);
		int v = -1;
		if (uc == 0x65E5 /* 日 */ || uc == 0x5929 /* 天 */)
			v = 0;
		else if (dates_chinese_digit(uc) >= 1 && dates_chinese_digit(uc) <= 6)
			v = dates_chinese_digit(uc);
		if (v >= 0) {
			*len = l + cl;
			return v;
		}
	}
	return -1;
}

/* Where the year written just before s[nian] (the 年 at that offset)
 * starts: four digits, all Arabic or all Chinese, then maybe spaces; or
 * (size_t)-1. */
static size_t year_start(const char *s, size_t nian)
{
	const char *p = s + nian;
	uint32_t uc;
	const char *q;
	while ((q = utf8_prev(p, s, &uc)) && (utf8_is_space(uc) || uc == '\n'))
		p = q;
	int kind = -1; /* 0 Arabic, 1 Chinese */
	for (int k = 0; k < 4; k++) {
		if (!(q = utf8_prev(p, s, &uc)))
			return (size_t)-1;
		int a = dates_digit(uc) >= 0, c = dates_chinese_digit(uc) >= 0;
		if ((!a && !c) || (kind >= 0 && kind != (a ? 0 : 1)))
			return (size_t)-1;
		kind = a ? 0 : 1;
		p = q;
	}
	return (size_t)(p - s);
}

/* Where 民國 starts before the year of that era written just before
 * s[nian] (民國114年, 民國一百一十四年), or (size_t)-1: roc_year reads it
 * from there. */
static size_t roc_start(const char *s, size_t nian)
{
	const char *p = s + nian, *q;
	uint32_t uc;
	int k = 0;
	while ((q = utf8_prev(p, s, &uc)) && (utf8_is_space(uc) || uc == '\n'))
		p = q;
	while (k < 6 && (q = utf8_prev(p, s, &uc)) &&
	       (dates_digit(uc) >= 0 || dates_chinese_digit(uc) >= 0 ||
		uc == 0x767E /* 百 */ || uc == 0x5341 /* 十 */ ||
		uc == 0x5143 /* 元 */))
		p = q, k++;
	if (!k)
		return (size_t)-1;
	while ((q = utf8_prev(p, s, &uc)) && utf8_is_space(uc))
		p = q;
	if (!(q = utf8_prev(p, s, &uc)) || (uc != 0x570B && uc != 0x56FD))
		return (size_t)-1;
	if (!(q = utf8_prev(q, s, &uc)) || uc != 0x6C11)
		return (size_t)-1;
	return (size_t)(q - s);
}

int dates_scan(const char *s, size_t n, struct dated **v, size_t *nv)
{
	static const char nian[] = "\xE5\xB9\xB4"; /* 年 */
	size_t cap = *nv;
	for (size_t i = 0; i < n;) {
		const char *hit = memmem(s + i, n - i, nian, 3);
		if (!hit)
			break;
		size_t at = (size_t)(hit - s);
		size_t from = year_start(s, at);
		if (from == (size_t)-1)
			from = roc_start(s, at);
		struct date d;
		size_t m;
		if (from != (size_t)-1 && from >= i && !digit_before(s, from) &&
		    (m = dates_parse(s + from, n - from, &d)) && d.year) {
			if (array_grow(v, &cap, *nv + 1, sizeof **v) < 0)
				return -1;
			(*v)[(*nv)++] = (struct dated){ d, from };
			i = from + m;
			continue;
		}
		i = at + 3;
	}
	return 0;
}

int dates_year_in_issue(int m, int d, struct date issue)
{
	if (!issue.year || !issue.month || !issue.day)
		return 0;
	/* The day after the issue's keeps its year; later ones are last
	 * year's. */
	int dl = m * 100 + d, is = issue.month * 100 + issue.day;
	int next = is + 1;
	if (issue.day >= 28 && !dates_valid(issue.year, issue.month,
					    issue.day + 1))
		next = issue.month == 12 ? 101 : (issue.month + 1) * 100 + 1;
	if (dl <= is || dl == next)
		return dl == next && next == 101 ? issue.year + 1 : issue.year;
	return issue.year - 1;
}

struct date dates_in_issue_month(int d, struct date issue)
{
	struct date none = { 0 };
	if (!issue.year || !issue.month || !issue.day || d < 1 || d > 31)
		return none;
	struct date r = { issue.year, issue.month, d };
	if (d > issue.day + 1) { /* the month before */
		r.month = issue.month == 1 ? 12 : issue.month - 1;
		r.year = issue.month == 1 ? issue.year - 1 : issue.year;
	}
	return dates_valid(r.year, r.month, r.day) ? r : none;
}

int dates_year_from(const struct dated *v, size_t n, int m, int d)
{
	int best = 0;
	for (size_t i = 0; i < n; i++)
		if (v[i].date.year && v[i].date.month == m &&
		    (!v[i].date.day || !d || v[i].date.day == d) &&
		    v[i].date.year > best)
			best = v[i].date.year;
	return best;
}
