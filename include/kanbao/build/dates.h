/* dates: dates as newspaper text writes them, and the year a dateline
 * without one belongs to.
 *
 * A date is written with Arabic digits (half- or full-width, with the
 * spaces extraction leaves: "2015 年 4 月 30 日") or Chinese numerals
 * ("二○○○年十二月三十一日", "十二月三十一日"), and a year of the
 * Republic of China's era, as Taiwan papers write it, with 民國 before it
 * ("中華民國114年10月20日", "民國一一四年": N + 1911, 2025; a bare
 * "114年" is no year).  Which year a dateline
 * "12月31日电" means is decided from evidence, never guessed: the issue's
 * date (a December dateline in a January issue is the year before), else
 * dates written with a year that name the dateline's month (and, where
 * they name a day, its day).  See dates_year. */
#ifndef KANBAO_DATES_H
#define KANBAO_DATES_H

#include <stddef.h>
#include <stdint.h>

/* A date as the text gives it; a part the text leaves out is 0. */
struct date {
	int year; /* 1000..2999, or 0 */
	int month; /* 1..12, or 0 */
	int day; /* 1..31, or 0 */
};

/* The value of a Chinese numeral digit (零 〇 ○ 一 … 九), else -1. */
int dates_chinese_digit(uint32_t uc);

/* The value of an Arabic digit, half- or full-width (0, ０), else -1. */
int dates_digit(uint32_t uc);

/* Match a date at the start of `n` bytes of `s`: YEAR年MONTH月[DAY日],
 * MONTH月[DAY日] or YEAR年 alone is not one (a month is needed).  Spaces
 * may stand between the parts.  Returns the bytes it spans and fills `d`,
 * or 0 (and `d` zeroed). */
size_t dates_parse(const char *s, size_t n, struct date *d);

/* The same for ISO forms a file name or a running head may use:
 * YYYY-MM-DD, YYYY.MM.DD, YYYY/MM/DD, YYYY_MM_DD and YYYYMMDD (8 digits not
 * inside a longer run of digits).  Returns the bytes or 0. */
size_t dates_parse_iso(const char *s, size_t n, struct date *d);

/* The first whole date (year, month and day) in `n` bytes of `s`, in any
 * form above, its offset in `*at` and its length in `*len`.  Returns 1 or
 * 0. */
int dates_find_full(const char *s, size_t n, struct date *d, size_t *at,
		    size_t *len);

/* The issue date a file's name gives ("rmrb_20010101.txt", "2001-01-01.txt",
 * "20010101-04.txt"; only its last path component is read), or 0 when it
 * gives none.  Returns 1 and fills `d`. */
int dates_from_name(const char *path, struct date *d);

/* Is (y, m, d) a day of the calendar? */
int dates_valid(int y, int m, int d);

/* The day of the week of a valid date: 0 Sunday .. 6 Saturday. */
int dates_weekday(int y, int m, int d);

/* The weekday a text names right at `s` ("星期一", "周日", "礼拜天"): 0..6,
 * with its length in `*len`; -1 when none. */
int dates_weekday_name(const char *s, size_t n, size_t *len);

/* A date written with a year and a month, found by dates_scan. */
struct dated {
	struct date date;
	size_t at; /* byte offset in the text scanned */
};

/* Every date written with a year and a month in `n` bytes of `s`, in
 * order, appended to `*v` (a malloc'd array of `*nv`, grown as needed).
 * Returns 0, or -1 when out of memory. */
int dates_scan(const char *s, size_t n, struct dated **v, size_t *nv);

/* The year of a dateline that gives month `m` and day `d` but no year, in
 * an issue dated `issue` (a full date): the issue's year, or the year
 * before when (m, d) falls after the issue's day (a December dateline in a
 * January issue).  A dateline the day after the issue (a 零时电 near
 * midnight) keeps the issue's year; 0 when `issue` is not a full date. */
int dates_year_in_issue(int m, int d, struct date issue);

/* The full date of a dateline that gives only day `d` (中央社台北7日电) in
 * an issue dated `issue` (a full date): the issue's month, or the month
 * before when the day falls after the issue's (a 31st in a 1st's issue),
 * the day after the issue's keeping its month.  Returns the date, all 0
 * when `issue` is not a full date or no such day is in that month. */
struct date dates_in_issue_month(int d, struct date issue);

/* Evidence for the year of a dateline of month `m` and day `d`: among
 * `n` dates, those with a year that name month `m` and, when they name a
 * day, day `d`; returns the latest such year, or 0. */
int dates_year_from(const struct dated *v, size_t n, int m, int d);

#endif
