/* Tests for width: the one display-width function.
 *
 * Besides the cases Chinese news text is made of, the suite compares
 * width_char() with the C library's wcwidth() over the Basic Multilingual
 * Plane and the CJK extension planes: ncurses places characters with
 * wcwidth(), so any disagreement is a line the view measures differently
 * from the terminal. */
#include <locale.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <cmocka.h>

#include "kanbao/base/utf8.h"
#include "kanbao/base/width.h"

static size_t w(const char *s)
{
	return width_str(s, strlen(s));
}

static void test_ascii(void **state)
{
	(void)state;
	for (uint32_t uc = 0x20; uc < 0x7F; uc++)
		assert_int_equal(width_char(uc), 1);
	assert_int_equal(w(""), 0);
	assert_int_equal(w("hello, world"), 12);
}

static void test_han(void **state)
{
	(void)state;
	assert_int_equal(width_char(0x4E2D), 2); /* 中 */
	assert_int_equal(width_char(0x3007), 2); /* 〇 */
	assert_int_equal(width_char(0x20000), 2); /* 𠀀, extension B */
	assert_int_equal(width_char(0x3000), 2); /* ideographic space */
	assert_int_equal(w("中文"), 4);
	assert_int_equal(w("。，、；：？！（）《》「」【】"), 30);
	assert_int_equal(w("ＡＢＣ１２３"), 12); /* full-width forms */
	assert_int_equal(w("ｶﾅ"), 2); /* half-width forms */
	assert_int_equal(w("8500万残疾人"), 12);
}

/* East Asian Ambiguous punctuation is narrow, as wcwidth() in a UTF-8
 * locale and the terminals kanbao runs in draw it. */
static void test_ambiguous(void **state)
{
	static const uint32_t narrow[] = {
		0x201C, 0x201D, 0x2018, 0x2019, /* “ ” ‘ ’ */
		0x2026, 0x2014, 0x00B7, /* … — · */
		0x00B0, 0x2030, 0x2103, /* ° ‰ ℃ */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(narrow) / sizeof(narrow[0]); i++)
		assert_int_equal(width_char(narrow[i]), 1);
	assert_int_equal(w("“中”"), 4);
	assert_int_equal(w("——……"), 4);
	assert_int_equal(w("阿卜杜勒·阿齐兹"), 15);
}

/* With width_set_ambiguous(1), as on a terminal that draws them wide:
 * the same characters are two columns, and nothing else changes. */
static void test_ambiguous_wide(void **state)
{
	static const uint32_t amb[] = {
		0x201C, 0x201D, 0x2018, 0x2019, /* “ ” ‘ ’ */
		0x2026, 0x2014, 0x00B7, /* … — · */
		0x00B0, 0x2030, 0x2103, 0xFFFD, /* ° ‰ ℃, the replacement */
	};

	(void)state;
	assert_int_equal(width_ambiguous(), 0);
	width_set_ambiguous(1);
	assert_int_equal(width_ambiguous(), 1);
	for (size_t i = 0; i < sizeof(amb) / sizeof(amb[0]); i++)
		assert_int_equal(width_char(amb[i]), 2);
	assert_int_equal(w("“中”"), 6);
	assert_int_equal(w("——……"), 8);
	assert_int_equal(w("阿卜杜勒·阿齐兹"), 16);
	assert_int_equal(w("hello, world"), 12);
	assert_int_equal(w("中文。，"), 8);
	/* a combining mark among the Ambiguous ones stays on its base */
	assert_true(width_is_ambiguous(0x0301));
	assert_int_equal(width_char(0x0301), 0);
	/* invalid bytes are U+FFFD, which is Ambiguous */
	assert_int_equal(width_str("a\xFF", 2), 3);
	assert_int_equal(width_fit("“中”", 9, 3, NULL), 3); /* “ alone */
	width_set_ambiguous(0);
	assert_int_equal(width_ambiguous(), 0);
	assert_int_equal(w("“中”"), 4);
}

/* The table of Ambiguous ranges is EastAsianWidth.txt's class A, every
 * code point of it: in the wide measure each one-column character of the
 * class is two columns and every other character measures as before. */
static void test_ambiguous_table(void **state)
{
	static const char path[] = "/usr/share/unicode/EastAsianWidth.txt";
	static unsigned char is_a[0x110000 / 8];
	FILE *f = fopen(path, "r");
	char line[512];
	size_t listed = 0, widened = 0;

	(void)state;
	if (!f)
		fail_msg("%s is missing: install Debian's unicode-data", path);
	memset(is_a, 0, sizeof(is_a));
	while (fgets(line, sizeof(line), f)) {
		unsigned int lo, hi;
		char *semi = strchr(line, ';');

		if (line[0] == '#' || !semi || semi[1] != 'A' ||
		    (semi[2] != ' ' && semi[2] != '\n' && semi[2] != '#'))
			continue;
		if (sscanf(line, "%x..%x", &lo, &hi) != 2) {
			if (sscanf(line, "%x", &lo) != 1)
				continue;
			hi = lo;
		}
		for (unsigned int uc = lo; uc <= hi && uc < 0x110000; uc++) {
			is_a[uc / 8] |= (unsigned char)(1u << (uc % 8));
			listed++;
		}
	}
	fclose(f);
	assert_true(listed > 100000); /* the private use planes are A */

	for (uint32_t uc = 0; uc < 0x110000; uc++) {
		int a = (is_a[uc / 8] >> (uc % 8)) & 1, narrow, wide;

		if (width_is_ambiguous(uc) != a)
			fail_msg("U+%04X: width_is_ambiguous %d, the file %d",
				 (unsigned)uc, width_is_ambiguous(uc), a);
		narrow = width_char(uc);
		width_set_ambiguous(1);
		wide = width_char(uc);
		width_set_ambiguous(0);
		/* what is measured is what is drawn: a control's picture,
		 * U+FFFD for what is not a character */
		if (utf8_classify(uc) != UTF8_KEEP ||
		    (uc >= 0xD800 && uc <= 0xDFFF))
			continue;
		if (wide != (a && narrow == 1 ? 2 : narrow))
			fail_msg("U+%04X: narrow %d, wide %d", (unsigned)uc,
				 narrow, wide);
		widened += wide != narrow;
	}
	print_message("ambiguous: %zu code points listed, %zu widened\n",
		      listed, widened);
}

static void test_combining(void **state)
{
	(void)state;
	assert_int_equal(width_char(0x0301), 0); /* combining acute */
	assert_int_equal(width_char(0x20DD), 0); /* enclosing circle */
	assert_int_equal(width_char(0x200D), 0); /* zero width joiner */
	assert_int_equal(width_char(0xFE0F), 0); /* variation selector */
	assert_int_equal(width_char(0x302A), 0); /* ideographic tone mark */
	assert_int_equal(w("e\xCC\x81"), 1);
	assert_int_equal(w("中\xCC\x81"), 2);
}

/* Controls are drawn as pictures and measured as them; format characters
 * utf8_clean() drops take no room; nothing is ever negative. */
static void test_controls(void **state)
{
	(void)state;
	assert_int_equal(width_char('\t'), 1);
	assert_int_equal(width_char(0x2028), 1); /* shown as a space */
	for (uint32_t uc = 0; uc < 0x20; uc++) {
		if (uc == '\t')
			continue;
		assert_int_equal(utf8_classify(uc), UTF8_PICTURE);
		assert_int_equal(width_char(uc),
				 width_char(utf8_picture(uc)));
		assert_int_equal(width_char(uc), 1);
	}
	assert_int_equal(width_char(0x7F), 1); /* ␡ */
	assert_int_equal(width_char(0x1B), 1); /* ␛ */
	assert_int_equal(width_char(0x85), 1); /* C1: U+FFFD */
	assert_int_equal(width_char(0x9B), 1); /* CSI */
	assert_int_equal(width_char(0x202E), 0); /* bidi override */
	assert_int_equal(width_char(0x2066), 0); /* bidi isolate */
	assert_int_equal(width_char(0xFEFF), 0); /* BOM */
	assert_int_equal(width_char(0x00AD), 0); /* soft hyphen */
	assert_int_equal(w("a\x1b[31mb"), 7);

	for (uint32_t uc = 0; uc <= 0x10FFFF; uc++) {
		int cw = width_char(uc);

		if (cw < 0 || cw > 2)
			fail_msg("width_char(U+%04X) = %d", (unsigned)uc, cw);
	}
	/* Not scalar values: drawn as U+FFFD. */
	assert_int_equal(width_char(0xD800), 1);
	assert_int_equal(width_char(0x110000), 1);
	assert_int_equal(width_char(UINT32_MAX), 1);
}

/* Invalid bytes count as U+FFFD, one column per replacement utf8_next()
 * makes. */
static void test_invalid(void **state)
{
	static const char *const bad[] = {
		"\xFF", "\xC0\xAF", "\xE4\xB8", "\xED\xA0\x80", "\x80\x80",
		"\xF4\x90\x80\x80", "a\xE4\xB8z",
	};

	(void)state;
	assert_int_equal(width_str("\xFF", 1), 1);
	assert_int_equal(width_str("a\xFF" "b", 3), 3);
	assert_int_equal(width_str("\xE4\xB8\xAD", 2), 1); /* cut 中 */
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		const char *s = bad[k];
		size_t n = strlen(s), reps = 0, other = 0;

		for (size_t i = 0; i < n;) {
			uint32_t uc;

			i += utf8_next(s + i, n - i, &uc);
			if (uc == 0xFFFD)
				reps++;
			else
				other += (size_t)width_char(uc);
		}
		assert_true(reps > 0);
		assert_int_equal(width_str(s, n), reps + other);
	}
}

/* Checks width_fit(s, n, cols) against its contract: a character boundary,
 * the width of the prefix, at most cols, and the longest such prefix. */
static void check_fit(const char *s, size_t n, size_t cols)
{
	size_t used = SIZE_MAX, len = width_fit(s, n, cols, &used);
	size_t i = 0;

	assert_int_equal(width_fit(s, n, cols, NULL), len);
	assert_true(len <= n);
	/* len must be reached by whole characters. */
	while (i < len) {
		uint32_t uc;

		i += utf8_next(s + i, n - i, &uc);
	}
	assert_int_equal(i, len);
	assert_int_equal(used, width_str(s, len));
	assert_true(used <= cols);
	if (len < n) {
		uint32_t uc;

		utf8_next(s + len, n - len, &uc);
		assert_true(used + (size_t)width_char(uc) > cols);
	}
}

static void test_fit(void **state)
{
	static const char s[] = "中文“English”——1.23万\xCC\x81…·\xFF" "a\x1b"
				"𠀀\xE2\x80\xAE" "b";
	size_t n = sizeof(s) - 1, total = width_str(s, n);

	(void)state;
	for (size_t cols = 0; cols <= total + 2; cols++)
		check_fit(s, n, cols);
	/* Every cut of the byte string, including those inside a character:
	 * the truncated tail is then invalid bytes, never a split. */
	for (size_t cut = 0; cut <= n; cut++)
		for (size_t cols = 0; cols <= total + 2; cols++)
			check_fit(s, cut, cols);

	/* A wide character does not fit one column; marks stay with their
	 * base. */
	assert_int_equal(width_fit("中", 3, 1, NULL), 0);
	assert_int_equal(width_fit("e\xCC\x81x", 4, 1, NULL), 3);
	assert_int_equal(width_fit("", 0, 5, NULL), 0);
}

/* The ranges Chinese news text is set in: general punctuation, CJK
 * symbols and punctuation, enclosed CJK letters, extension A and the
 * Yijing hexagrams, the unified ideographs, half- and full-width forms. */
static int chinese_range(uint32_t uc)
{
	return (uc >= 0x2000 && uc <= 0x206F) ||
	       (uc >= 0x3000 && uc <= 0x303F) ||
	       (uc >= 0x3200 && uc <= 0x4DFF) || /* enclosed, ext A, Yijing */
	       (uc >= 0x4E00 && uc <= 0x9FFF) ||
	       (uc >= 0xFF00 && uc <= 0xFFEF);
}

static void test_wcwidth(void **state)
{
	size_t compared = 0, differ = 0, differ_chinese = 0;

	(void)state;
	if (!setlocale(LC_ALL, "C.UTF-8"))
		fail_msg("the C.UTF-8 locale is needed for wcwidth()");

	for (uint32_t uc = 0x20; uc <= 0x2FFFF; uc++) {
		int ours, libc;

		if (uc == 0x10000)
			uc = 0x20000;
		if (uc >= 0xD800 && uc <= 0xDFFF)
			continue;
		/* Printable for both: kept as it is by utf8_classify(), and
		 * not -1 for wcwidth(). */
		libc = wcwidth((wchar_t)uc);
		if (libc < 0 || utf8_classify(uc) != UTF8_KEEP)
			continue;
		ours = width_char(uc);
		compared++;
		if (ours == libc)
			continue;
		differ++;
		if (chinese_range(uc))
			differ_chinese++;
		print_message("wcwidth disagrees: U+%04X width_char %d, "
			      "wcwidth %d\n", (unsigned)uc, ours, libc);
	}
	print_message("wcwidth: %zu code points compared, %zu disagree, %zu of "
		      "them in the Chinese ranges\n", compared, differ,
		      differ_chinese);
	setlocale(LC_ALL, "C");
	assert_true(compared > 50000);
	assert_int_equal(differ_chinese, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ascii),
		cmocka_unit_test(test_han),
		cmocka_unit_test(test_ambiguous),
		cmocka_unit_test(test_ambiguous_wide),
		cmocka_unit_test(test_ambiguous_table),
		cmocka_unit_test(test_combining),
		cmocka_unit_test(test_controls),
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_fit),
		cmocka_unit_test(test_wcwidth),
	};

	return cmocka_run_group_tests_name("width", tests, NULL, NULL);
}
