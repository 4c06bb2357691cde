/* width: the one display-width function (see include/kanbao/base/width.h).
 *
 * Every column count in kanbao comes from width_char(), so the layout, the
 * view and the terminal agree.  In a UTF-8 locale glibc's wcwidth() counts
 * East Asian Ambiguous characters (“ ” ‘ ’ … — ·) as one column, and so
 * does libunistring's uc_width() when told the charset is "UTF-8"; that is
 * the narrow measure.  Terminals set to draw them two columns wide (PuTTY's
 * "treat CJK ambiguous characters as wide", xterm -cjk_width...) make them
 * two columns each, and for those width_set_ambiguous(1) counts exactly the
 * characters Unicode's EastAsianWidth.txt calls Ambiguous as two.  (A CJK
 * charset name given to uc_width() would not do: it makes every character
 * from U+00A1 to U+FF60 wide, Cyrillic and box drawing included, which no
 * terminal does.)  The reader's ncurses measures with the same function:
 * src/ui/term.c provides the wcwidth() it calls. */
#include "kanbao/base/width.h"

#include <uniwidth.h>

#include "kanbao/base/utf8.h"

/* The charset uc_width() resolves East Asian Ambiguous characters for:
 * "UTF-8" means narrow, as wcwidth() in a UTF-8 locale. */
static const char width_charset[] = "UTF-8";

/* Whether East Asian Ambiguous characters take two columns: set once at
 * start-up, before any other thread runs, and only read after. */
static int ambiguous_wide;

/* The East Asian Ambiguous ranges: the lines marked A in Unicode 15.0's
 * EastAsianWidth.txt (Debian's unicode-data), neighbours merged, sorted;
 * tests/base/test_width.c checks them against that file. */
static const struct range {
	uint32_t lo, hi;
} ambiguous[] = {
	{ 0x00A1, 0x00A1 }, { 0x00A4, 0x00A4 }, { 0x00A7, 0x00A8 },
	{ 0x00AA, 0x00AA }, { 0x00AD, 0x00AE }, { 0x00B0, 0x00B4 },
	{ 0x00B6, 0x00BA }, { 0x00BC, 0x00BF }, { 0x00C6, 0x00C6 },
	{ 0x00D0, 0x00D0 }, { 0x00D7, 0x00D8 }, { 0x00DE, 0x00E1 },
	{ 0x00E6, 0x00E6 }, { 0x00E8, 0x00EA }, { 0x00EC, 0x00ED },
	{ 0x00F0, 0x00F0 }, { 0x00F2, 0x00F3 }, { 0x00F7, 0x00FA },
	{ 0x00FC, 0x00FC }, { 0x00FE, 0x00FE }, { 0x0101, 0x0101 },
	{ 0x0111, 0x0111 }, { 0x0113, 0x0113 }, { 0x011B, 0x011B },
	{ 0x0126, 0x0127 }, { 0x012B, 0x012B }, { 0x0131, 0x0133 },
	{ 0x0138, 0x0138 }, { 0x013F, 0x0142 }, { 0x0144, 0x0144 },
	{ 0x0148, 0x014B }, { 0x014D, 0x014D }, { 0x0152, 0x0153 },
	{ 0x0166, 0x0167 }, { 0x016B, 0x016B }, { 0x01CE, 0x01CE },
	{ 0x01D0, 0x01D0 }, { 0x01D2, 0x01D2 }, { 0x01D4, 0x01D4 },
	{ 0x01D6, 0x01D6 }, { 0x01D8, 0x01D8 }, { 0x01DA, 0x01DA },
	{ 0x01DC, 0x01DC }, { 0x0251, 0x0251 }, { 0x0261, 0x0261 },
	{ 0x02C4, 0x02C4 }, { 0x02C7, 0x02C7 }, { 0x02C9, 0x02CB },
	{ 0x02CD, 0x02CD }, { 0x02D0, 0x02D0 }, { 0x02D8, 0x02DB },
	{ 0x02DD, 0x02DD }, { 0x02DF, 0x02DF }, { 0x0300, 0x036F },
	{ 0x0391, 0x03A1 }, { 0x03A3, 0x03A9 }, { 0x03B1, 0x03C1 },
	{ 0x03C3, 0x03C9 }, { 0x0401, 0x0401 }, { 0x0410, 0x044F },
	{ 0x0451, 0x0451 }, { 0x2010, 0x2010 }, { 0x2013, 0x2016 },
	{ 0x2018, 0x2019 }, { 0x201C, 0x201D }, { 0x2020, 0x2022 },
	{ 0x2024, 0x2027 }, { 0x2030, 0x2030 }, { 0x2032, 0x2033 },
	{ 0x2035, 0x2035 }, { 0x203B, 0x203B }, { 0x203E, 0x203E },
	{ 0x2074, 0x2074 }, { 0x207F, 0x207F }, { 0x2081, 0x2084 },
	{ 0x20AC, 0x20AC }, { 0x2103, 0x2103 }, { 0x2105, 0x2105 },
	{ 0x2109, 0x2109 }, { 0x2113, 0x2113 }, { 0x2116, 0x2116 },
	{ 0x2121, 0x2122 }, { 0x2126, 0x2126 }, { 0x212B, 0x212B },
	{ 0x2153, 0x2154 }, { 0x215B, 0x215E }, { 0x2160, 0x216B },
	{ 0x2170, 0x2179 }, { 0x2189, 0x2189 }, { 0x2190, 0x2199 },
	{ 0x21B8, 0x21B9 }, { 0x21D2, 0x21D2 }, { 0x21D4, 0x21D4 },
	{ 0x21E7, 0x21E7 }, { 0x2200, 0x2200 }, { 0x2202, 0x2203 },
	{ 0x2207, 0x2208 }, { 0x220B, 0x220B }, { 0x220F, 0x220F },
	{ 0x2211, 0x2211 }, { 0x2215, 0x2215 }, { 0x221A, 0x221A },
	{ 0x221D, 0x2220 }, { 0x2223, 0x2223 }, { 0x2225, 0x2225 },
	{ 0x2227, 0x222C }, { 0x222E, 0x222E }, { 0x2234, 0x2237 },
	{ 0x223C, 0x223D }, { 0x2248, 0x2248 }, { 0x224C, 0x224C },
	{ 0x2252, 0x2252 }, { 0x2260, 0x2261 }, { 0x2264, 0x2267 },
	{ 0x226A, 0x226B }, { 0x226E, 0x226F }, { 0x2282, 0x2283 },
	{ 0x2286, 0x2287 }, { 0x2295, 0x2295 }, { 0x2299, 0x2299 },
	{ 0x22A5, 0x22A5 }, { 0x22BF, 0x22BF }, { 0x2312, 0x2312 },
	{ 0x2460, 0x24E9 }, { 0x24EB, 0x254B }, { 0x2550, 0x2573 },
	{ 0x2580, 0x258F }, { 0x2592, 0x2595 }, { 0x25A0, 0x25A1 },
	{ 0x25A3, 0x25A9 }, { 0x25B2, 0x25B3 }, { 0x25B6, 0x25B7 },
	{ 0x25BC, 0x25BD }, { 0x25C0, 0x25C1 }, { 0x25C6, 0x25C8 },
	{ 0x25CB, 0x25CB }, { 0x25CE, 0x25D1 }, { 0x25E2, 0x25E5 },
	{ 0x25EF, 0x25EF }, { 0x2605, 0x2606 }, { 0x2609, 0x2609 },
	{ 0x260E, 0x260F }, { 0x261C, 0x261C }, { 0x261E, 0x261E },
	{ 0x2640, 0x2640 }, { 0x2642, 0x2642 }, { 0x2660, 0x2661 },
	{ 0x2663, 0x2665 }, { 0x2667, 0x266A }, { 0x266C, 0x266D },
	{ 0x266F, 0x266F }, { 0x269E, 0x269F }, { 0x26BF, 0x26BF },
	{ 0x26C6, 0x26CD }, { 0x26CF, 0x26D3 }, { 0x26D5, 0x26E1 },
	{ 0x26E3, 0x26E3 }, { 0x26E8, 0x26E9 }, { 0x26EB, 0x26F1 },
	{ 0x26F4, 0x26F4 }, { 0x26F6, 0x26F9 }, { 0x26FB, 0x26FC },
	{ 0x26FE, 0x26FF }, { 0x273D, 0x273D }, { 0x2776, 0x277F },
	{ 0x2B56, 0x2B59 }, { 0x3248, 0x324F }, { 0xE000, 0xF8FF },
	{ 0xFE00, 0xFE0F }, { 0xFFFD, 0xFFFD }, { 0x1F100, 0x1F10A },
	{ 0x1F110, 0x1F12D }, { 0x1F130, 0x1F169 }, { 0x1F170, 0x1F18D },
	{ 0x1F18F, 0x1F190 }, { 0x1F19B, 0x1F1AC }, { 0xE0100, 0xE01EF },
	{ 0xF0000, 0xFFFFD }, { 0x100000, 0x10FFFD },
};

void width_set_ambiguous(int wide)
{
	ambiguous_wide = wide != 0;
}

int width_ambiguous(void)
{
	return ambiguous_wide;
}

int width_is_ambiguous(uint32_t uc)
{
	size_t lo = 0, hi = sizeof ambiguous / sizeof ambiguous[0];

	if (uc < ambiguous[0].lo)
		return 0; /* ASCII and the C1 block: the common case */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (uc > ambiguous[mid].hi)
			lo = mid + 1;
		else if (uc < ambiguous[mid].lo)
			hi = mid;
		else
			return 1;
	}
	return 0;
}

int width_char(uint32_t uc)
{
	int w;

	/* Only scalar values can reach the screen; anything else is drawn
	 * as the replacement character. */
	if (uc > 0x10FFFF || (uc >= 0xD800 && uc <= 0xDFFF))
		uc = 0xFFFD;

	/* Measure what is drawn, not what is stored: utf8_clean() and the
	 * view apply the same classification. */
	switch (utf8_classify(uc)) {
	case UTF8_DROP:
		return 0;
	case UTF8_SPACE:
		return 1;
	case UTF8_PICTURE:
		uc = utf8_picture(uc);
		break;
	case UTF8_KEEP:
		break;
	}

	/* Two CJK blocks where libunistring 1.0 (Unicode 14 tables) and glibc's
	 * wcwidth() disagree: circled numbers on black squares and the Yijing
	 * hexagrams are wide on the terminal, so they are wide here. */
	if ((uc >= 0x3248 && uc <= 0x324F) || (uc >= 0x4DC0 && uc <= 0x4DFF))
		return 2;

	w = uc_width(uc, width_charset);
	/* uc_width() says -1 only for controls, which were turned into
	 * pictures above; never let a negative width into a sum. */
	if (w < 0)
		return 1;
	/* Only a character that takes one column widens: the combining
	 * marks among the Ambiguous ones stay on their base. */
	if (w == 1 && ambiguous_wide && width_is_ambiguous(uc))
		return 2;
	return w > 2 ? 2 : w;
}

size_t width_str(const char *s, size_t n)
{
	size_t cols = 0;

	for (size_t i = 0; i < n;) {
		uint32_t uc;

		i += utf8_next(s + i, n - i, &uc);
		cols += (size_t)width_char(uc);
	}
	return cols;
}

size_t width_fit(const char *s, size_t n, size_t cols, size_t *used)
{
	size_t i = 0, w = 0;

	/* Zero-width characters after the last one that fits still fit:
	 * the prefix is the longest, and a combining mark stays with its
	 * base. */
	while (i < n) {
		uint32_t uc;
		size_t len = utf8_next(s + i, n - i, &uc);
		size_t cw = (size_t)width_char(uc);

		if (w + cw > cols)
			break;
		w += cw;
		i += len;
	}
	if (used)
		*used = w;
	return i;
}
