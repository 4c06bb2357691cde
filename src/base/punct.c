/* punct: punctuation classes (see include/kanbao/base/punct.h). */
#include "kanbao/base/punct.h"

#include <stddef.h>

#include "kanbao/base/utf8.h"

/* Is `uc` in the 0-terminated `set`?  The sets are short; most characters
 * asked about are Han, which none holds, and the callers ask the cheap
 * range test below first. */
static int in(uint32_t uc, const uint32_t *set)
{
	for (; *set; set++)
		if (*set == uc)
			return 1;
	return 0;
}

/* Every character of the sets below is ASCII, general punctuation
 * (U+2000..U+206F), CJK punctuation (U+3000..U+303F) or a full-width form
 * (U+FF00..U+FF64): nothing else needs looking at. */
static int maybe(uint32_t uc)
{
	return uc < 0x80 || (uc >= 0x2000 && uc <= 0x206F) ||
	       (uc >= 0x3000 && uc <= 0x303F) || (uc >= 0xFF00 && uc <= 0xFF64);
}

int punct_is_stop(uint32_t uc)
{
	static const uint32_t set[] = { 0x3002, 0xFF01, 0xFF1F, 0xFF0E, 0x2026,
					'!', '?', '.', 0 };
	return maybe(uc) && in(uc, set);
}

int punct_is_clause(uint32_t uc)
{
	static const uint32_t set[] = { 0xFF0C, 0x3001, 0xFF1B, 0xFF1A, ',', ';',
					':', 0 };
	return maybe(uc) && in(uc, set);
}

int punct_is_closer(uint32_t uc)
{
	static const uint32_t set[] = { 0x201D, 0x2019, 0xFF09, 0x300D, 0x300F,
					0x300B, 0x3009, 0x3015, 0x3011, 0x3017,
					')', ']', '"', '\'', 0 };
	return maybe(uc) && in(uc, set);
}

int punct_is_opener(uint32_t uc)
{
	static const uint32_t set[] = { 0x201C, 0x2018, 0xFF08, 0x300C, 0x300E,
					0x300A, 0x3008, 0x3014, 0x3010, 0x3016,
					'(', '[', 0 };
	return maybe(uc) && in(uc, set);
}

uint32_t punct_small_form(uint32_t uc)
{
	/* U+FE10..U+FE19: vertical forms of ，、。：；！？〖〗… */
	static const uint32_t vertical[] = { 0xFF0C, 0x3001, 0x3002, 0xFF1A,
					     0xFF1B, 0xFF01, 0xFF1F, 0x3016,
					     0x3017, 0x2026 };
	/* U+FE30..U+FE44: ︰ and the vertical brackets */
	static const uint32_t brackets[] = {
		0xFF1A, 0, 0, 0, 0, 0xFF08, 0xFF09, 0xFF5B, 0xFF5D, 0x3014,
		0x3015, 0x3010, 0x3011, 0x300A, 0x300B, 0x3008, 0x3009, 0x300C,
		0x300D, 0x300E, 0x300F
	};
	/* U+FE50..U+FE5E: the small forms */
	static const uint32_t small[] = { 0xFF0C, 0x3001, 0x3002, 0, 0xFF1B,
					  0xFF1A, 0xFF1F, 0xFF01, 0, 0xFF08,
					  0xFF09, 0xFF5B, 0xFF5D, 0x3014,
					  0x3015 };
	if (uc >= 0xFE10 && uc <= 0xFE19)
		return vertical[uc - 0xFE10];
	if (uc >= 0xFE30 && uc <= 0xFE44)
		return brackets[uc - 0xFE30];
	if (uc >= 0xFE50 && uc <= 0xFE5E)
		return small[uc - 0xFE50];
	return 0;
}

uint32_t punct_last(const char *s, size_t n, int *closed)
{
	uint32_t uc = 0;
	const char *p = s + n;
	int c = 0;
	while ((p = utf8_prev(p, s, &uc))) {
		if (punct_is_closer(uc))
			c = 1;
		else if (!utf8_is_space(uc) && uc != '\n')
			break;
	}
	if (closed)
		*closed = c;
	return p ? uc : 0;
}

/* One parenthesis from start to end: "（…）". */
static int parenthesised(const char *s, size_t n)
{
	uint32_t first = 0, last = 0;
	if (!n)
		return 0;
	utf8_next(s, n, &first);
	utf8_prev(s + n, s, &last);
	return (first == 0xFF08 && last == 0xFF09) ||
	       (first == '(' && last == ')');
}

int punct_ends_stop(const char *s, size_t n)
{
	return punct_is_stop(punct_last(s, n, NULL)) || parenthesised(s, n);
}

int punct_has_stop(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t uc;
		i += utf8_next(s + i, n - i, &uc);
		if (uc == 0x3002 || uc == 0xFF01 || uc == 0xFF1F || uc == '!' ||
		    uc == '?')
			return 1;
	}
	return 0;
}

int punct_ends_final(const char *s, size_t n)
{
	uint32_t uc = punct_last(s, n, NULL);
	return punct_is_stop(uc) || uc == 0xFF1B || uc == 0xFF1A || uc == ';' ||
	       uc == ':' || uc == 0x2014 || parenthesised(s, n);
}
