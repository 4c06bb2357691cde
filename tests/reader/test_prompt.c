/* Tests for prompt: the search bar's line editor.
 *
 * Keys go in as the terminal backend delivers them (Unicode characters,
 * control characters, KB_* codes) and the text comes back out as UTF-8, so
 * the tests see what the search will see; drawing is read back from a
 * screen, as a terminal would show it. */
#include "test.h"

#include "kanbao/reader/prompt.h"
#include "kanbao/ui/keys.h"
#include "kanbao/base/utf8.h"
#include "kanbao/base/width.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Type a UTF-8 string key by key; every character must be inserted. */
static void type(struct prompt *b, const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t uc;
		i += utf8_next(s + i, n - i, &uc);
		assert_int_equal(prompt_key(b, uc), PROMPT_CHANGED);
	}
}

/* The bar's text must be `want`. */
static void check_text(const struct prompt *b, const char *want)
{
	size_t len;
	char *t = prompt_text(b, &len);
	assert_non_null(t);
	assert_string_equal(t, want);
	assert_int_equal(len, strlen(want));
	free(t);
}

/* A bar holding `s` with the cursor `k` characters from the start, put
 * there with Home and Right as a reader would. */
static void setup_at(struct prompt *b, const char *s, size_t k)
{
	prompt_init(b);
	assert_int_equal(prompt_set(b, s, strlen(s)), 0);
	prompt_key(b, KB_HOME);
	for (size_t i = 0; i < k; i++)
		assert_int_equal(prompt_key(b, KB_RIGHT), PROMPT_MOVED);
	assert_int_equal(b->cursor, k);
}

static char *row(const struct screen *s, int r)
{
	static char buf[1024];
	char *t = screen_row(s, r);
	assert_non_null(t);
	snprintf(buf, sizeof buf, "%s", t);
	free(t);
	return buf;
}

/* No half of a wide character in columns [col, col + width) of `r`: a
 * right half (0) only after a left half, never a left half in the last
 * column. */
static void check_no_halves(struct screen *s, int r, int col, int width)
{
	for (int c = col; c < col + width; c++) {
		const struct cell *cell = screen_cell(s, r, c);
		if (cell->ch == 0) {
			assert_true(c > col);
			uint32_t left = screen_cell(s, r, c - 1)->ch;
			assert_int_equal(width_char(left), 2);
		} else if (width_char(cell->ch) == 2) {
			assert_true(c + 1 < col + width);
			assert_int_equal(screen_cell(s, r, c + 1)->ch, 0);
		}
	}
}

static void test_typing(void **state)
{
	(void)state;
	struct prompt b;
	prompt_init(&b);
	check_text(&b, "");
	type(&b, "abc 残疾人");
	type(&b, "ＡＢ１２，");
	type(&b, "éß");
	check_text(&b, "abc 残疾人ＡＢ１２，éß");
	assert_int_equal(b.len, 14);
	assert_int_equal(b.cursor, 14);
	/* in the middle */
	prompt_key(&b, KB_HOME);
	prompt_key(&b, KB_RIGHT);
	type(&b, "中");
	check_text(&b, "a中bc 残疾人ＡＢ１２，éß");
	assert_int_equal(b.cursor, 2);
	/* supplementary plane: CJK extension B */
	prompt_key(&b, KB_END);
	type(&b, "\xF0\xA0\x80\x80");
	check_text(&b, "a中bc 残疾人ＡＢ１２，éß\xF0\xA0\x80\x80");
	prompt_free(&b);
}

static void test_long_text(void **state)
{
	(void)state;
	struct prompt b;
	prompt_init(&b);
	for (int i = 0; i < PROMPT_MAX; i++)
		assert_int_equal(prompt_key(&b, i % 2 ? 0x4E2D : 'x'),
				 PROMPT_CHANGED);
	assert_int_equal(b.len, PROMPT_MAX);
	/* full: refused, nothing changes */
	assert_int_equal(prompt_key(&b, 'y'), PROMPT_UNCHANGED);
	assert_int_equal(b.len, PROMPT_MAX);
	size_t len;
	char *t = prompt_text(&b, &len);
	assert_int_equal(len, PROMPT_MAX / 2 * 4);
	free(t);
	/* prompt_set refuses more than PROMPT_MAX and leaves the text alone */
	char *big = malloc(PROMPT_MAX + 2);
	memset(big, 'z', PROMPT_MAX + 1);
	assert_int_equal(prompt_set(&b, big, PROMPT_MAX + 1), -1);
	assert_int_equal(b.len, PROMPT_MAX);
	assert_int_equal(b.ch[0], 'x');
	assert_int_equal(prompt_set(&b, big, PROMPT_MAX), 0);
	assert_int_equal(b.len, PROMPT_MAX);
	assert_int_equal(b.cursor, PROMPT_MAX);
	free(big);
	prompt_free(&b);
}

static void test_set(void **state)
{
	(void)state;
	struct prompt b;
	prompt_init(&b);
	assert_int_equal(prompt_set(&b, "新华社", strlen("新华社")), 0);
	check_text(&b, "新华社");
	assert_int_equal(b.cursor, 3);
	/* invalid bytes become U+FFFD; a tab a space; an escape sequence
	 * loses its ESC; a bidi override is dropped */
	const char in[] = "a\xFF\tb\x1b[1m\xE2\x80\xAE" "c";
	assert_int_equal(prompt_set(&b, in, sizeof in - 1), 0);
	check_text(&b, "a\xEF\xBF\xBD b[1mc");
	/* a combining mark with nothing before it is dropped */
	assert_int_equal(prompt_set(&b, "\xCC\x81" "e\xCC\x81", 5), 0);
	check_text(&b, "e\xCC\x81");
	assert_int_equal(prompt_set(&b, "", 0), 0);
	check_text(&b, "");
	assert_int_equal(b.cursor, 0);
	prompt_free(&b);
}

static void test_backspace_every_position(void **state)
{
	(void)state;
	static const char *const want[] = {
		"a中b文c", "中b文c", "ab文c", "a中文c", "a中bc", "a中b文",
	};
	for (size_t k = 0; k <= 5; k++) {
		struct prompt b;
		setup_at(&b, "a中b文c", k);
		assert_int_equal(prompt_key(&b, KB_BACKSPACE),
				 k ? PROMPT_CHANGED : PROMPT_UNCHANGED);
		check_text(&b, want[k]);
		assert_int_equal(b.cursor, k ? k - 1 : 0);
		prompt_free(&b);
	}
}

static void test_backspace_keys(void **state)
{
	(void)state;
	struct prompt b;
	prompt_init(&b);
	type(&b, "abc");
	assert_int_equal(prompt_key(&b, 0x7F), PROMPT_CHANGED); /* DEL */
	assert_int_equal(prompt_key(&b, 0x08), PROMPT_CHANGED); /* Ctrl-H */
	check_text(&b, "a");
	assert_int_equal(prompt_key(&b, KB_BACKSPACE), PROMPT_CHANGED);
	assert_int_equal(prompt_key(&b, KB_BACKSPACE), PROMPT_UNCHANGED);
	check_text(&b, "");
	prompt_free(&b);
}

static void test_combining_marks(void **state)
{
	(void)state;
	struct prompt b;
	prompt_init(&b);
	/* a mark with nothing to ride on is refused */
	assert_int_equal(prompt_key(&b, 0x0301), PROMPT_UNCHANGED);
	check_text(&b, "");
	type(&b, "xe\xCC\x81\xCC\xA3y"); /* x, e + two marks, y */
	assert_int_equal(b.len, 5);
	/* Left steps over y, then over e and both its marks */
	prompt_key(&b, KB_LEFT);
	assert_int_equal(b.cursor, 4);
	prompt_key(&b, KB_LEFT);
	assert_int_equal(b.cursor, 1);
	prompt_key(&b, KB_RIGHT);
	assert_int_equal(b.cursor, 4);
	/* Backspace takes the letter with its marks */
	assert_int_equal(prompt_key(&b, KB_BACKSPACE), PROMPT_CHANGED);
	check_text(&b, "xy");
	assert_int_equal(b.cursor, 1);
	/* Home then a character before a marked letter keeps the marks on
	 * their letter */
	assert_int_equal(prompt_set(&b, "e\xCC\x81", 3), 0);
	prompt_key(&b, KB_HOME);
	type(&b, "a");
	check_text(&b, "ae\xCC\x81");
	assert_int_equal(b.cursor, 1);
	prompt_key(&b, KB_END);
	assert_int_equal(prompt_key(&b, 0x17), PROMPT_CHANGED); /* Ctrl-W */
	check_text(&b, "");
	prompt_free(&b);
}

static void test_ctrl_u(void **state)
{
	(void)state;
	struct prompt b;
	setup_at(&b, "hello 世界", 3);
	assert_int_equal(prompt_key(&b, 0x15), PROMPT_CHANGED);
	check_text(&b, "");
	assert_int_equal(b.cursor, 0);
	assert_int_equal(prompt_key(&b, 0x15), PROMPT_UNCHANGED);
	prompt_free(&b);
}

/* Ctrl-W at the end of `in` must leave `out`. */
static void check_ctrl_w(const char *in, const char *out)
{
	struct prompt b;
	prompt_init(&b);
	assert_int_equal(prompt_set(&b, in, strlen(in)), 0);
	assert_int_equal(prompt_key(&b, 0x17), PROMPT_CHANGED);
	check_text(&b, out);
	assert_int_equal(b.cursor, b.len);
	prompt_free(&b);
}

static void test_ctrl_w(void **state)
{
	(void)state;
	check_ctrl_w("hello world", "hello ");
	check_ctrl_w("新华社", "新华");
	check_ctrl_w("abc 新华", "abc 新");
	check_ctrl_w("2022年", "2022");
	check_ctrl_w("新华社2022", "新华社");
	check_ctrl_w("单独", "单");
	check_ctrl_w("word", "");
}

static void test_ctrl_w_trailing_spaces(void **state)
{
	(void)state;
	check_ctrl_w("hello world  ", "hello ");
	check_ctrl_w("新华社  ", "新华");
	/* the ideographic space is a space too */
	check_ctrl_w("新华社\xE3\x80\x80", "新华");
	check_ctrl_w("   ", "");
}

static void test_ctrl_w_position(void **state)
{
	(void)state;
	struct prompt b;
	/* at the start: nothing to delete */
	setup_at(&b, "hello world", 0);
	assert_int_equal(prompt_key(&b, 0x17), PROMPT_UNCHANGED);
	check_text(&b, "hello world");
	prompt_free(&b);
	/* in the middle: only what is before the cursor goes */
	setup_at(&b, "hello world", 8);
	assert_int_equal(prompt_key(&b, 0x17), PROMPT_CHANGED);
	check_text(&b, "hello rld");
	assert_int_equal(b.cursor, 6);
	prompt_free(&b);
}

static void test_moves(void **state)
{
	(void)state;
	struct prompt b;
	prompt_init(&b);
	type(&b, "a中b");
	assert_int_equal(prompt_key(&b, KB_RIGHT), PROMPT_UNCHANGED); /* clamped */
	assert_int_equal(b.cursor, 3);
	assert_int_equal(prompt_key(&b, KB_LEFT), PROMPT_MOVED);
	assert_int_equal(b.cursor, 2);
	assert_int_equal(prompt_key(&b, KB_HOME), PROMPT_MOVED);
	assert_int_equal(b.cursor, 0);
	assert_int_equal(prompt_key(&b, KB_LEFT), PROMPT_UNCHANGED); /* clamped */
	assert_int_equal(prompt_key(&b, KB_HOME), PROMPT_UNCHANGED);
	assert_int_equal(b.cursor, 0);
	assert_int_equal(prompt_key(&b, KB_END), PROMPT_MOVED);
	assert_int_equal(b.cursor, 3);
	assert_int_equal(prompt_key(&b, KB_END), PROMPT_UNCHANGED);
	assert_int_equal(prompt_key(&b, 0x01), PROMPT_MOVED); /* Ctrl-A */
	assert_int_equal(b.cursor, 0);
	assert_int_equal(prompt_key(&b, 0x01), PROMPT_UNCHANGED);
	assert_int_equal(prompt_key(&b, 0x05), PROMPT_MOVED); /* Ctrl-E */
	assert_int_equal(b.cursor, 3);
	assert_int_equal(prompt_key(&b, 0x05), PROMPT_UNCHANGED);
	check_text(&b, "a中b");
	prompt_free(&b);
	/* an empty bar: every move is a no-op */
	prompt_init(&b);
	assert_int_equal(prompt_key(&b, KB_LEFT), PROMPT_UNCHANGED);
	assert_int_equal(prompt_key(&b, KB_RIGHT), PROMPT_UNCHANGED);
	assert_int_equal(prompt_key(&b, KB_END), PROMPT_UNCHANGED);
	prompt_free(&b);
}

static void test_draw_cursor_column(void **state)
{
	(void)state;
	struct screen s = { 0 };
	struct prompt b;
	assert_int_equal(screen_resize(&s, 20, 2), 0);
	prompt_init(&b);
	/* an empty bar: the cursor at its first column */
	assert_int_equal(prompt_draw(&b, &s, 1, 3, 10, ATTR_STATUS), 3);
	type(&b, "中文");
	assert_int_equal(prompt_draw(&b, &s, 1, 3, 10, ATTR_STATUS), 3 + 4);
	assert_string_equal(row(&s, 1), "   中文");
	assert_int_equal(screen_cell(&s, 1, 3)->attr, ATTR_STATUS);
	assert_int_equal(screen_cell(&s, 1, 12)->attr, ATTR_STATUS);
	assert_int_equal(screen_cell(&s, 1, 13)->attr, ATTR_NORMAL);
	type(&b, "ab");
	assert_int_equal(prompt_draw(&b, &s, 1, 3, 10, ATTR_STATUS), 3 + 6);
	prompt_key(&b, KB_LEFT);
	prompt_key(&b, KB_LEFT);
	prompt_key(&b, KB_LEFT);
	assert_int_equal(prompt_draw(&b, &s, 1, 3, 10, ATTR_STATUS), 3 + 2);
	/* a shorter text blanks what the longer one left */
	prompt_clear(&b);
	type(&b, "x");
	assert_int_equal(prompt_draw(&b, &s, 1, 3, 10, ATTR_STATUS), 4);
	assert_string_equal(row(&s, 1), "   x");
	/* combining marks take no column */
	type(&b, "e\xCC\x81");
	assert_int_equal(prompt_draw(&b, &s, 1, 3, 10, ATTR_STATUS), 5);
	prompt_free(&b);
	screen_free(&s);
}

static void test_draw_scrolls(void **state)
{
	(void)state;
	struct screen s = { 0 };
	struct prompt b;
	assert_int_equal(screen_resize(&s, 10, 1), 0);
	prompt_init(&b);
	type(&b, "一二三四五六七八");
	/* 16 columns in 6: the end shows, the cursor after it in the bar */
	int c = prompt_draw(&b, &s, 0, 2, 6, ATTR_NORMAL);
	assert_true(c >= 2 && c < 2 + 6);
	assert_int_equal(c, 2 + 4);
	assert_string_equal(row(&s, 0), "  七八");
	check_no_halves(&s, 0, 2, 6);
	/* drawing again without a key changes nothing */
	assert_int_equal(prompt_draw(&b, &s, 0, 2, 6, ATTR_NORMAL), c);
	assert_string_equal(row(&s, 0), "  七八");
	/* moving left inside the bar does not scroll */
	prompt_key(&b, KB_LEFT);
	assert_int_equal(prompt_draw(&b, &s, 0, 2, 6, ATTR_NORMAL), 2 + 2);
	assert_string_equal(row(&s, 0), "  七八");
	prompt_key(&b, KB_LEFT);
	assert_int_equal(prompt_draw(&b, &s, 0, 2, 6, ATTR_NORMAL), 2);
	assert_string_equal(row(&s, 0), "  七八");
	/* past the left edge: one character more comes in */
	prompt_key(&b, KB_LEFT);
	assert_int_equal(prompt_draw(&b, &s, 0, 2, 6, ATTR_NORMAL), 2);
	assert_string_equal(row(&s, 0), "  六七八");
	/* to the start: scrolled back */
	prompt_key(&b, KB_HOME);
	assert_int_equal(prompt_draw(&b, &s, 0, 2, 6, ATTR_NORMAL), 2);
	assert_int_equal(b.scroll, 0);
	assert_string_equal(row(&s, 0), "  一二三");
	check_no_halves(&s, 0, 2, 6);
	/* End, then deleting from the end never leaves the bar blank while
	 * text is hidden to the left */
	prompt_key(&b, KB_END);
	prompt_draw(&b, &s, 0, 2, 6, ATTR_NORMAL);
	for (int i = 0; i < 5; i++)
		prompt_key(&b, KB_BACKSPACE);
	assert_int_equal(prompt_draw(&b, &s, 0, 2, 6, ATTR_NORMAL), 2 + 4);
	assert_string_equal(row(&s, 0), "  二三");
	prompt_free(&b);
	screen_free(&s);
}

static void test_draw_odd_width(void **state)
{
	(void)state;
	struct screen s = { 0 };
	struct prompt b;
	assert_int_equal(screen_resize(&s, 12, 1), 0);
	prompt_init(&b);
	type(&b, "一二三四五六七八");
	/* width 5 at the end: the last two characters and the cursor */
	int c = prompt_draw(&b, &s, 0, 1, 5, ATTR_NORMAL);
	assert_int_equal(c, 1 + 4);
	assert_string_equal(row(&s, 0), " 七八");
	check_no_halves(&s, 0, 1, 5);
	/* at the start: 三 would be cut by the right edge and is left out */
	prompt_key(&b, KB_HOME);
	assert_int_equal(prompt_draw(&b, &s, 0, 1, 5, ATTR_NORMAL), 1);
	assert_string_equal(row(&s, 0), " 一二");
	check_no_halves(&s, 0, 1, 5);
	/* walking right through the text, the cursor stays in the bar and
	 * no edge shows half a character */
	for (size_t k = 1; k <= b.len; k++) {
		prompt_key(&b, KB_RIGHT);
		c = prompt_draw(&b, &s, 0, 1, 5, ATTR_NORMAL);
		assert_true(c >= 1 && c < 1 + 5);
		assert_int_equal(b.scroll % 2, 0);
		check_no_halves(&s, 0, 1, 5);
	}
	/* width 4, cursor at the end: an offset of 7 would cut 四 at the left
	 * edge, so the text starts at 五 */
	assert_int_equal(prompt_set(&b, "一二三四五", strlen("一二三四五")), 0);
	assert_int_equal(prompt_draw(&b, &s, 0, 0, 4, ATTR_NORMAL), 2);
	assert_int_equal(b.scroll, 8);
	assert_string_equal(row(&s, 0), "五");
	check_no_halves(&s, 0, 0, 4);
	/* mixed widths: a narrow character keeps the offsets odd */
	assert_int_equal(prompt_set(&b, "a一二三四", strlen("a一二三四")), 0);
	c = prompt_draw(&b, &s, 0, 0, 5, ATTR_NORMAL);
	assert_int_equal(b.scroll, 5);
	assert_int_equal(c, 4);
	assert_string_equal(row(&s, 0), "三四");
	check_no_halves(&s, 0, 0, 5);
	prompt_free(&b);
	screen_free(&s);
}

static void test_draw_no_room(void **state)
{
	(void)state;
	struct screen s = { 0 };
	struct prompt b;
	assert_int_equal(screen_resize(&s, 4, 1), 0);
	prompt_init(&b);
	type(&b, "中文");
	assert_int_equal(prompt_draw(&b, &s, 0, 2, 0, ATTR_NORMAL), 2);
	/* one column: no wide character fits, the cursor does */
	assert_int_equal(prompt_draw(&b, &s, 0, 0, 1, ATTR_NORMAL), 0);
	check_no_halves(&s, 0, 0, 1);
	/* wider than the screen: clipped to it */
	prompt_key(&b, KB_HOME);
	assert_int_equal(prompt_draw(&b, &s, 0, 1, 50, ATTR_NORMAL), 1);
	assert_string_equal(row(&s, 0), " 中");
	prompt_key(&b, KB_END);
	assert_int_equal(prompt_draw(&b, &s, 0, 1, 50, ATTR_NORMAL), 3);
	assert_string_equal(row(&s, 0), " 文");
	prompt_free(&b);
	screen_free(&s);
}

static void test_history(void **state)
{
	(void)state;
	struct prompt b;
	prompt_init(&b);
	/* no history yet */
	assert_int_equal(prompt_key(&b, KB_UP), PROMPT_UNCHANGED);
	assert_int_equal(prompt_key(&b, KB_DOWN), PROMPT_UNCHANGED);
	type(&b, "残疾");
	prompt_commit(&b);
	prompt_clear(&b);
	type(&b, "新华社");
	prompt_commit(&b);
	prompt_clear(&b);
	type(&b, "草稿");
	assert_int_equal(prompt_key(&b, KB_UP), PROMPT_CHANGED);
	check_text(&b, "新华社");
	assert_int_equal(b.cursor, 3);
	assert_int_equal(prompt_key(&b, KB_UP), PROMPT_CHANGED);
	check_text(&b, "残疾");
	assert_int_equal(prompt_key(&b, KB_UP), PROMPT_UNCHANGED);
	check_text(&b, "残疾");
	/* cursor moves do not stop browsing */
	prompt_key(&b, KB_HOME);
	assert_int_equal(prompt_key(&b, KB_DOWN), PROMPT_CHANGED);
	check_text(&b, "新华社");
	assert_int_equal(prompt_key(&b, KB_DOWN), PROMPT_CHANGED);
	check_text(&b, "草稿");
	assert_int_equal(b.cursor, 2);
	assert_int_equal(prompt_key(&b, KB_DOWN), PROMPT_UNCHANGED);
	check_text(&b, "草稿");
	/* an empty draft comes back empty */
	prompt_clear(&b);
	assert_int_equal(prompt_key(&b, KB_UP), PROMPT_CHANGED);
	assert_int_equal(prompt_key(&b, KB_DOWN), PROMPT_CHANGED);
	check_text(&b, "");
	prompt_free(&b);
}

static void test_history_duplicates(void **state)
{
	(void)state;
	struct prompt b;
	prompt_init(&b);
	type(&b, "残疾");
	prompt_commit(&b);
	prompt_commit(&b);
	prompt_set(&b, "新华社", strlen("新华社"));
	prompt_commit(&b);
	prompt_commit(&b);
	prompt_set(&b, "残疾", strlen("残疾"));
	prompt_commit(&b); /* not a duplicate of the newest: kept */
	prompt_clear(&b);
	prompt_commit(&b); /* empty: not kept */
	assert_int_equal(b.nhist, 3);
	assert_int_equal(prompt_key(&b, KB_UP), PROMPT_CHANGED);
	check_text(&b, "残疾");
	assert_int_equal(prompt_key(&b, KB_UP), PROMPT_CHANGED);
	check_text(&b, "新华社");
	assert_int_equal(prompt_key(&b, KB_UP), PROMPT_CHANGED);
	check_text(&b, "残疾");
	assert_int_equal(prompt_key(&b, KB_UP), PROMPT_UNCHANGED);
	prompt_free(&b);
}

static void test_history_edit_and_cap(void **state)
{
	(void)state;
	struct prompt b;
	prompt_init(&b);
	for (int i = 0; i < PROMPT_HISTORY + 5; i++) {
		char q[16];
		snprintf(q, sizeof q, "q%d", i);
		assert_int_equal(prompt_set(&b, q, strlen(q)), 0);
		prompt_commit(&b);
	}
	assert_int_equal(b.nhist, PROMPT_HISTORY);
	prompt_clear(&b);
	type(&b, "draft");
	for (int i = 0; i < PROMPT_HISTORY; i++)
		assert_int_equal(prompt_key(&b, KB_UP), PROMPT_CHANGED);
	check_text(&b, "q5"); /* the oldest five were dropped */
	assert_int_equal(prompt_key(&b, KB_UP), PROMPT_UNCHANGED);
	/* editing an entry makes it the text being typed */
	type(&b, "!");
	check_text(&b, "q5!");
	assert_int_equal(prompt_key(&b, KB_DOWN), PROMPT_UNCHANGED);
	check_text(&b, "q5!");
	assert_int_equal(prompt_key(&b, KB_UP), PROMPT_CHANGED);
	check_text(&b, "q104");
	assert_int_equal(prompt_key(&b, KB_DOWN), PROMPT_CHANGED);
	check_text(&b, "q5!");
	/* committing while browsing remembers the entry shown, as newest */
	prompt_key(&b, KB_UP);
	prompt_key(&b, KB_UP);
	check_text(&b, "q103");
	prompt_commit(&b);
	prompt_clear(&b);
	prompt_key(&b, KB_UP);
	check_text(&b, "q103");
	prompt_free(&b);
	/* prompt_free leaves a bar that can be used again */
	type(&b, "x");
	prompt_free(&b);
}

static void test_ignored_controls(void **state)
{
	(void)state;
	static const uint32_t keys[] = {
		'\t', 0x0D, '\n', 0x1B, 0x12, 0x00, 0x03, 0x1F, 0x9B,
		KB_ENTER, KB_PGUP, KB_PGDN, KB_F1, KB_RESIZE, KB_WHEEL_UP,
	};
	struct prompt b;
	prompt_init(&b);
	type(&b, "新华");
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		assert_int_equal(prompt_key(&b, keys[i]), PROMPT_IGNORED);
		check_text(&b, "新华");
		assert_int_equal(b.cursor, 2);
	}
	prompt_free(&b);
}

static void test_invalid_code_points(void **state)
{
	(void)state;
	static const uint32_t bad[] = {
		0xD800, 0xDBFF, 0xDC00, 0xDFFF, /* surrogates */
		0x200000, 0x7FFFFFFF, 0xFFFFFFFF, /* beyond Unicode */
		0x202E, 0x2066, 0xFEFF, 0x200B, /* invisible formats */
	};
	struct prompt b;
	prompt_init(&b);
	type(&b, "a");
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(prompt_key(&b, bad[i]), PROMPT_IGNORED);
		check_text(&b, "a");
	}
	prompt_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_typing),
		cmocka_unit_test(test_long_text),
		cmocka_unit_test(test_set),
		cmocka_unit_test(test_backspace_every_position),
		cmocka_unit_test(test_backspace_keys),
		cmocka_unit_test(test_combining_marks),
		cmocka_unit_test(test_ctrl_u),
		cmocka_unit_test(test_ctrl_w),
		cmocka_unit_test(test_ctrl_w_trailing_spaces),
		cmocka_unit_test(test_ctrl_w_position),
		cmocka_unit_test(test_moves),
		cmocka_unit_test(test_draw_cursor_column),
		cmocka_unit_test(test_draw_scrolls),
		cmocka_unit_test(test_draw_odd_width),
		cmocka_unit_test(test_draw_no_room),
		cmocka_unit_test(test_history),
		cmocka_unit_test(test_history_duplicates),
		cmocka_unit_test(test_history_edit_and_cap),
		cmocka_unit_test(test_ignored_controls),
		cmocka_unit_test(test_invalid_code_points),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
