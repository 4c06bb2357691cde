/* width: the one display-width function (see include/kanbao/base/width.h).
 *
 * Every column count in kanbao comes from width_char(), so the layout, the
 * view and the terminal agree.  ncurses places characters with the C
 * library's wcwidth(); in a UTF-8 locale glibc counts East Asian Ambiguous
 * characters (“ ” ‘ ’ … — ·) as one column, and so does libunistring's
 * uc_width() when told the charset is "UTF-8".  A CJK charset name would
 * make them two columns and every line with a quotation mark would be
 * measured one column short per quote. */
#include "kanbao/base/width.h"

#include <uniwidth.h>

#include "kanbao/base/utf8.h"

/* The charset uc_width() resolves East Asian Ambiguous characters for:
 * "UTF-8" means narrow, as wcwidth() in a UTF-8 locale. */
static const char width_charset[] = "UTF-8";

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
