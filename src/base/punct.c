/* punct: punctuation classes (see include/kanbao/base/punct.h). */
#include "kanbao/base/punct.h"

#include <stddef.h>
#include <unictype.h>

#include "kanbao/base/array.h"
#include "kanbao/base/utf8.h"

/* The blocks Chinese text takes its punctuation from: ASCII, CJK Symbols
 * and Punctuation, and the full-width forms (U+FF01..U+FF60; not the
 * half-width ｡｢｣､ after them, nor the small and vertical forms, which
 * punct_small_form maps to full width first). */
static int cjk_block(uint32_t uc)
{
	return uc < 0x80 || (uc >= 0x3000 && uc <= 0x303F) ||
	       (uc >= 0xFF01 && uc <= 0xFF60);
}

enum { STOP = 1, CLOSER = 2, OPENER = 4 };

/* What Unicode's properties do not say, one table for every class.  All
 * the closers and openers: in the blocks above and General Punctuation,
 * Pe and Pf hold ten marks the builder has never counted as closers
 * (} ］ ｝ 〙 〛 〞 〟 › ⁆ ｠), Ps and Pi thirteen it has never counted as
 * openers ({ ［ ｛ 〘 〚 〝 ‹ ⁅ ｟ ‚ „ ‛ ‟), and neither holds the ASCII
 * quotes (Po).  Of the stops, … (Po, and no Sentence_Terminal).  ASCII
 * apart, as an array: the builder asks about every character of the
 * text, and much of it is digits and Latin; the rest sorted by code
 * point. */
static const uint8_t ASCII_TABLE[0x80] = {
	['"'] = CLOSER, ['\''] = CLOSER, ['('] = OPENER, [')'] = CLOSER,
	['['] = OPENER, [']'] = CLOSER,
};
static const struct {
	uint32_t uc;
	uint8_t cls;
} TABLE[] = {
	{ 0x2018, OPENER }, /* ‘ */ { 0x2019, CLOSER }, /* ’ */
	{ 0x201C, OPENER }, /* “ */ { 0x201D, CLOSER }, /* ” */
	{ 0x2026, STOP }, /* … */
	{ 0x3008, OPENER }, /* 〈 */ { 0x3009, CLOSER }, /* 〉 */
	{ 0x300A, OPENER }, /* 《 */ { 0x300B, CLOSER }, /* 》 */
	{ 0x300C, OPENER }, /* 「 */ { 0x300D, CLOSER }, /* 」 */
	{ 0x300E, OPENER }, /* 『 */ { 0x300F, CLOSER }, /* 』 */
	{ 0x3010, OPENER }, /* 【 */ { 0x3011, CLOSER }, /* 】 */
	{ 0x3014, OPENER }, /* 〔 */ { 0x3015, CLOSER }, /* 〕 */
	{ 0x3016, OPENER }, /* 〖 */ { 0x3017, CLOSER }, /* 〗 */
	{ 0xFF08, OPENER }, /* （ */ { 0xFF09, CLOSER }, /* ） */
};
enum { NTABLE = sizeof TABLE / sizeof TABLE[0] };

static int table_below(const void *ctx, size_t i)
{
	return TABLE[i].uc < *(const uint32_t *)ctx;
}

/* The classes TABLE gives `uc` (0 when it is not there). */
static unsigned table_class(uint32_t uc)
{
	if (uc < 0x80)
		return ASCII_TABLE[uc];
	/* Every other character of it is in these three runs; most
	 * characters asked about are Han, in none. */
	if (!(uc >= 0x2018 && uc <= 0x2026) && !(uc >= 0x3008 && uc <= 0x3017) &&
	    !(uc >= 0xFF08 && uc <= 0xFF09))
		return 0;
	size_t i = array_lower_bound(0, NTABLE, table_below, &uc);
	return i < NTABLE && TABLE[i].uc == uc ? TABLE[i].cls : 0;
}

int punct_is_stop(uint32_t uc)
{
	/* 。！？． and ASCII ! ? .; not General Punctuation's ‼ ⁇ ⁈ ⁉ ‽ */
	if (cjk_block(uc) && uc_is_property_sentence_terminal(uc))
		return 1;
	return (table_class(uc) & STOP) != 0;
}

int punct_is_clause(uint32_t uc)
{
	/* ，、；： and ASCII , ; : are exactly these */
	return cjk_block(uc) && uc_is_property_terminal_punctuation(uc) &&
	       !uc_is_property_sentence_terminal(uc);
}

int punct_is_closer(uint32_t uc)
{
	return (table_class(uc) & CLOSER) != 0;
}

int punct_is_opener(uint32_t uc)
{
	return (table_class(uc) & OPENER) != 0;
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

int punct_parenthesised(const char *s, size_t n)
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
	return punct_is_stop(punct_last(s, n, NULL)) || punct_parenthesised(s, n);
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
	       uc == ':' || uc == 0x2014 || punct_parenthesised(s, n);
}
