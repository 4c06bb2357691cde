/* Tests for term: ncurses measures every character kanbao draws as the
 * layout does, with the Ambiguous characters narrow and wide.
 *
 * This suite links src/ui/term.c as the program does (meson.build), so
 * libncursesw's calls to wcwidth() go where the program's go.  For every
 * code point, what screen_text() puts in a cell for it (itself, its
 * picture, a space, or nothing) is given to ncurses, and the column ncurses
 * leaves its cursor at must be width_char()'s.  Without term.c's wcwidth()
 * ncurses counts “ as one column on a wide terminal, and a row of text
 * ends where the layout did not put it. */
#define _XOPEN_SOURCE_EXTENDED 1
#include "test.h"

#include <curses.h>
#include <locale.h>
#include <wchar.h>

#include "kanbao/base/err.h"
#include "kanbao/base/utf8.h"
#include "kanbao/base/width.h"
#include "kanbao/ui/screen.h"
#include "kanbao/ui/term.h"

static SCREEN *sp; /* ncurses on /dev/null: nothing is shown */
static FILE *out, *in;
static WINDOW *pad; /* where characters are placed and measured */

static int setup(void **state)
{
	(void)state;
	if (!setlocale(LC_ALL, "C.UTF-8"))
		return -1;
	out = fopen("/dev/null", "w");
	in = fopen("/dev/null", "r");
	if (!out || !in)
		return -1;
	sp = newterm("xterm-256color", out, in);
	if (!sp)
		return -1;
	set_term(sp);
	pad = newpad(1, 16);
	return pad ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	width_set_ambiguous(0);
	delwin(pad);
	endwin();
	delscreen(sp);
	fclose(out);
	fclose(in);
	setlocale(LC_ALL, "C");
	return 0;
}

/* The column ncurses leaves the cursor at after `n` wide characters from
 * column 0, as term.c's draw_row gives them (addnwstr). */
static int placed(const wchar_t *wc, int n)
{
	wmove(pad, 0, 0);
	wclrtoeol(pad);
	waddnwstr(pad, wc, n);
	return getcurx(pad);
}

/* Every code point, as it is drawn: ncurses's column after it is the
 * layout's.  Returns how many were drawn. */
static size_t every_character(void)
{
	struct screen s = { 0 };
	size_t drawn = 0, differ = 0;
	assert_int_equal(screen_resize(&s, 4, 1), 0);
	for (uint32_t uc = 0; uc <= 0x10FFFF; uc++) {
		char b[4];
		if (uc >= 0xD800 && uc <= 0xDFFF)
			continue;
		size_t n = utf8_put(uc, b);
		screen_clear(&s);
		int end = screen_text(&s, 0, 0, 4, b, n, ATTR_NORMAL);
		if (end == 0)
			continue; /* dropped, or a mark without its base */
		uint32_t ch = screen_cell(&s, 0, 0)->ch;
		int w = width_char(ch);
		assert_int_equal(end, w);
		wchar_t wc = (wchar_t)ch;
		int x = placed(&wc, 1);
		drawn++;
		if (x != w && differ++ < 10)
			print_message("U+%04X (drawn as U+%04X): layout %d "
				      "columns, ncurses %d\n", (unsigned)uc,
				      (unsigned)ch, w, x);
	}
	screen_free(&s);
	if (differ)
		fail_msg("%zu of %zu characters placed differently", differ,
			 drawn);
	return drawn;
}

static void test_every_character_narrow(void **state)
{
	(void)state;
	width_set_ambiguous(0);
	size_t n = every_character();
	print_message("narrow: %zu characters, ncurses agrees on each\n", n);
	assert_true(n > 1000000);
}

static void test_every_character_wide(void **state)
{
	(void)state;
	width_set_ambiguous(1);
	size_t n = every_character();
	width_set_ambiguous(0);
	print_message("wide: %zu characters, ncurses agrees on each\n", n);
	assert_true(n > 1000000);
}

/* A line of news text, with marks riding on their bases: ncurses's
 * cursor ends where width_str() says, and wcswidth() agrees. */
static void test_line(void **state)
{
	static const char line[] = "“残疾人也可以活出精彩的人生”——8500万"
				   "……阿卜杜勒·阿齐兹‘e\xCC\x81’";
	wchar_t wc[64];
	(void)state;
	for (int wide = 0; wide <= 1; wide++) {
		width_set_ambiguous(wide);
		int n = 0;
		for (size_t i = 0; i < sizeof line - 1 && n < 63;) {
			uint32_t uc;
			i += utf8_next(line + i, sizeof line - 1 - i, &uc);
			wc[n++] = (wchar_t)uc;
		}
		wc[n] = 0;
		int cols = (int)width_str(line, sizeof line - 1);
		assert_int_equal(cols, wide ? 65 : 56);
		/* a pad as wide as the line */
		WINDOW *p = newpad(1, cols + 1);
		assert_non_null(p);
		wmove(p, 0, 0);
		waddnwstr(p, wc, n);
		assert_int_equal(getcurx(p), cols);
		delwin(p);
		assert_int_equal(wcswidth(wc, (size_t)n), cols);
		assert_int_equal(wcswidth(wc, 1), wide ? 2 : 1);
	}
	width_set_ambiguous(0);
	/* what kanbao never draws is the C library's: a control */
	assert_int_equal(wcwidth(0x1B), -1);
	assert_int_equal(wcswidth(L"a\x1b", 2), -1);
	assert_int_equal(wcwidth(0), 0);
}

/* The program's own wcwidth() is the one the dynamic linker gives
 * ncurses: term_check_locale says so (the test links as the program). */
static void test_check_locale(void **state)
{
	struct err e = { 0 };
	(void)state;
	assert_int_equal(term_check_locale(&e), ERR_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_character_narrow),
		cmocka_unit_test(test_every_character_wide),
		cmocka_unit_test(test_line),
		cmocka_unit_test(test_check_locale),
	};
	return cmocka_run_group_tests_name("term", tests, setup, teardown);
}
