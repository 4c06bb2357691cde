/* Tests for screen: cells, wide characters at edges, pictures, clipping. */
#include "test.h"

#include "kanbao/base/width.h"
#include "kanbao/ui/screen.h"

static char *row(const struct screen *s, int r)
{
	static char buf[1024];
	char *t = screen_row(s, r);
	snprintf(buf, sizeof buf, "%s", t);
	free(t);
	return buf;
}

static void test_text_and_edges(void **state)
{
	(void)state;
	struct screen s = { 0 };
	assert_int_equal(screen_resize(&s, 5, 2), 0);
	/* 中文 is 4 columns; the third character would straddle column 5 */
	assert_int_equal(screen_text(&s, 0, 0, 5, "中文字", 9, ATTR_NORMAL),
			 4);
	assert_string_equal(row(&s, 0), "中文");
	assert_int_equal(screen_cell(&s, 0, 4)->ch, ' ');
	/* a limit inside the screen is kept the same way */
	screen_clear(&s);
	assert_int_equal(screen_text(&s, 1, 1, 4, "ab中", 5, ATTR_TITLE), 3);
	assert_string_equal(row(&s, 1), " ab");
	assert_null(screen_cell(&s, 2, 0));
	assert_null(screen_cell(&s, 0, 5));
	screen_free(&s);
}

static void test_overwrite_halves(void **state)
{
	(void)state;
	struct screen s = { 0 };
	screen_resize(&s, 6, 1);
	screen_text(&s, 0, 0, 6, "中文字", 9, ATTR_NORMAL);
	/* writing over the right half of 中 clears its left half */
	screen_text(&s, 0, 1, 6, "x", 1, ATTR_NORMAL);
	assert_string_equal(row(&s, 0), " x文字");
	/* filling over the left half of 文 clears its right half */
	screen_fill(&s, 0, 2, 1, '-', ATTR_BORDER);
	assert_string_equal(row(&s, 0), " x- 字");
	screen_free(&s);
}

static void test_pictures_and_clip(void **state)
{
	(void)state;
	struct screen s = { 0 };
	screen_resize(&s, 20, 1);
	const char *hostile = "a\x1b[2Jb\x07\xe2\x80\xae" "c";
	screen_text(&s, 0, 0, 20, hostile, strlen(hostile), ATTR_NORMAL);
	assert_string_equal(row(&s, 0), "a\xe2\x90\x9b[2Jb\xe2\x90\x87" "c");
	screen_clear(&s);
	assert_int_equal(screen_text_clip(&s, 0, 0, 7, "汪洋出席全国政协", 24,
					  ATTR_NORMAL),
			 7);
	assert_string_equal(row(&s, 0), "汪洋出…");
	screen_clear(&s);
	assert_int_equal(screen_text_clip(&s, 0, 0, 8, "汪洋出席", 12,
					  ATTR_NORMAL),
			 8);
	assert_string_equal(row(&s, 0), "汪洋出席"); /* fits: no … */
	screen_free(&s);
}

/* A clipped text ends where a line of the body may end: never on an
 * opening quote or bracket before the "…" (issue 12, item 15). */
static void test_clip_line_end(void **state)
{
	(void)state;
	struct screen s = { 0 };
	screen_resize(&s, 20, 1);
	const char *t = "重要文章《在二十届中央政治局》";
	screen_text_clip(&s, 0, 0, 11, t, strlen(t), ATTR_NORMAL);
	assert_string_equal(row(&s, 0), "重要文章…");
	screen_clear(&s);
	t = "2023年“最美家庭”先进事迹";
	screen_text_clip(&s, 0, 0, 8, t, strlen(t), ATTR_NORMAL);
	assert_string_equal(row(&s, 0), "2023年…");
	screen_clear(&s);
	t = "关于（草案）的说明";
	screen_text_clip(&s, 0, 0, 7, t, strlen(t), ATTR_NORMAL);
	assert_string_equal(row(&s, 0), "关于…");
	screen_clear(&s);
	/* nothing before the opener: the "…" alone */
	t = "《求是》杂志";
	screen_text_clip(&s, 0, 0, 3, t, strlen(t), ATTR_NORMAL);
	assert_string_equal(row(&s, 0), "…");
	screen_free(&s);
}

/* On a terminal that draws … two columns wide, a clipped text leaves it
 * two columns: the "…" is drawn, and within the limit. */
static void test_clip_wide_ellipsis(void **state)
{
	(void)state;
	struct screen s = { 0 };
	screen_resize(&s, 20, 1);
	width_set_ambiguous(1);
	assert_int_equal(screen_text_clip(&s, 0, 0, 7, "汪洋出席全国政协", 24,
					  ATTR_NORMAL),
			 6);
	assert_string_equal(row(&s, 0), "汪洋…");
	screen_clear(&s);
	const char *t = "“最美家庭”先进事迹";
	assert_int_equal(screen_text_clip(&s, 0, 0, 12, t, strlen(t),
					  ATTR_NORMAL),
			 12);
	assert_string_equal(row(&s, 0), "“最美家庭…");
	screen_clear(&s);
	/* room for the "…" alone, then not even for it */
	screen_text_clip(&s, 0, 0, 2, "中文", 6, ATTR_NORMAL);
	assert_string_equal(row(&s, 0), "…");
	screen_clear(&s);
	assert_int_equal(screen_text_clip(&s, 0, 0, 1, "中文", 6, ATTR_NORMAL),
			 0);
	assert_string_equal(row(&s, 0), "");
	screen_free(&s);
}

/* Box drawing is Ambiguous too: where it is two columns wide a border is
 * drawn with ASCII, a cell a character, so it keeps its columns. */
static void test_fill_wide_box(void **state)
{
	(void)state;
	struct screen s = { 0 };
	screen_resize(&s, 6, 1);
	screen_fill(&s, 0, 0, 6, 0x2500, ATTR_BORDER);
	screen_fill(&s, 0, 0, 1, 0x250C, ATTR_BORDER);
	screen_fill(&s, 0, 5, 1, 0x2502, ATTR_BORDER);
	assert_string_equal(row(&s, 0), "┌────│");
	width_set_ambiguous(1);
	screen_fill(&s, 0, 0, 6, 0x2500, ATTR_BORDER);
	screen_fill(&s, 0, 0, 1, 0x250C, ATTR_BORDER);
	screen_fill(&s, 0, 5, 1, 0x2502, ATTR_BORDER);
	assert_string_equal(row(&s, 0), "+----|");
	for (int col = 0; col < 6; col++)
		assert_int_equal(width_char(screen_cell(&s, 0, col)->ch), 1);
	screen_free(&s);
}

/* The narrow measure again, even after a failed check. */
static int narrow_again(void **state)
{
	(void)state;
	width_set_ambiguous(0);
	return 0;
}

static void test_tiny_and_empty(void **state)
{
	(void)state;
	struct screen s = { 0 };
	assert_int_equal(screen_resize(&s, 1, 1), 0);
	screen_text(&s, 0, 0, 1, "中", 3, ATTR_NORMAL);
	assert_string_equal(row(&s, 0), "");
	screen_text_clip(&s, 0, 0, 1, "中文", 6, ATTR_NORMAL);
	assert_string_equal(row(&s, 0), "…");
	assert_int_equal(screen_resize(&s, 0, 0), 0);
	screen_text(&s, 0, 0, 10, "x", 1, ATTR_NORMAL);
	screen_fill(&s, 0, 0, 3, 'x', ATTR_NORMAL);
	screen_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_and_edges),
		cmocka_unit_test(test_overwrite_halves),
		cmocka_unit_test(test_pictures_and_clip),
		cmocka_unit_test(test_clip_line_end),
		cmocka_unit_test_teardown(test_clip_wide_ellipsis,
					  narrow_again),
		cmocka_unit_test_teardown(test_fill_wide_box, narrow_again),
		cmocka_unit_test(test_tiny_and_empty),
	};
	return cmocka_run_group_tests_name("screen", tests, NULL, NULL);
}
