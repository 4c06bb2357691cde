/* Tests for statusline: fields that give way in steps, come back where
 * the room allows, and a cut field that takes the room left. */
#include "test.h"

#include "kanbao/ui/statusline.h"

/* The line drawn at w columns, as text. */
static char *line_at(struct statusline *st, int w)
{
	static char buf[512];
	struct screen s = { 0 };
	assert_int_equal(screen_resize(&s, w, 1), 0);
	statusline_draw(st, &s, 0, ATTR_STATUS);
	char *t = screen_row(&s, 0);
	snprintf(buf, sizeof buf, "%s", t);
	free(t);
	assert_int_equal(screen_cell(&s, 0, 0)->attr, ATTR_STATUS);
	assert_int_equal(screen_cell(&s, 0, w - 1)->attr, ATTR_STATUS);
	screen_free(&s);
	return buf;
}

/* id (goes at 3), date (at 2), hits (brief at 4), 9% (at 5), hints (brief
 * at 1, gone at 2). */
static void article_like(struct statusline *st, const char *brief)
{
	memset(st, 0, sizeof *st);
	statusline_add(st, 0, "7/10")->drop_at = 3;
	statusline_add(st, 0, "2023-05-14")->drop_at = 2;
	struct statusline_field *f = statusline_add(st, 0, "hit 3 of 41");
	snprintf(f->brief, sizeof f->brief, "%s", brief);
	f->brief_at = 4;
	statusline_add(st, 1, "9%")->drop_at = 5;
	f = statusline_add(st, 1, "? help  q quit");
	snprintf(f->brief, sizeof f->brief, "? help");
	f->brief_at = 1;
	f->drop_at = 2;
}

static const char *article_at(int w, const char *brief)
{
	struct statusline st;
	article_like(&st, brief);
	return line_at(&st, w);
}

static void test_give_way_in_steps(void **state)
{
	(void)state;
	struct statusline st;
	article_like(&st, "hit 3/41");
	assert_int_equal(statusline_width(&st), 2 + 4 + 10 + 11 + 2 + 14 +
						   4 * 2);
	assert_string_equal(article_at(60, "hit 3/41"),
			    " 7/10  2023-05-14  hit 3 of 41           9%  "
			    "? help  q quit");
	/* the hints turn brief, then go with the date... */
	assert_string_equal(article_at(43, "hit 3/41"),
			    " 7/10  2023-05-14  hit 3 of 41  9%  ? help");
	assert_string_equal(article_at(35, "hit 3/41"),
			    " 7/10  2023-05-14  hit 3 of 41  9%");
	assert_string_equal(article_at(33, "hit 3/41"),
			    " 7/10  hit 3 of 41            9%");
	/* ...then the ID, then the hits turn brief, then 9% goes */
	assert_string_equal(article_at(22, "hit 3/41"),
			    " hit 3 of 41       9%");
	assert_string_equal(article_at(16, "hit 3/41"), " hit 3/41    9%");
	assert_string_equal(article_at(12, "hit 3/41"), " hit 3/41");
	/* narrower than what never goes: cut, with "…" */
	assert_string_equal(article_at(8, "hit 3/41"), " hit 3…");
}

/* What an earlier step took comes back where a later one left room: the
 * ID once the hits are brief; but not a field less useful than one that
 * cannot come back. */
static void test_come_back(void **state)
{
	(void)state;
	struct statusline st;
	article_like(&st, "3/41");
	statusline_fit(&st, 16);
	assert_int_equal(st.f[0].step, 2); /* the ID is back */
	assert_int_equal(st.f[1].step, 4); /* the date is not, */
	assert_int_equal(st.f[4].step, 4); /* so nor are the hints */
	assert_string_equal(article_at(16, "3/41"), " 7/10  3/41  9%");
	/* with the hits whole, the ID stays away */
	assert_string_equal(article_at(17, "3/41"), " hit 3 of 41  9%");
	/* "? help" alone would fit 33 columns: not where the date is
	 * not */
	assert_string_equal(article_at(33, "3/41"),
			    " 7/10  hit 3 of 41            9%");
}

/* A cut field keeps its columns while the others go, then takes what
 * they leave, and is cut where a line may end. */
static const char *title_at(int w)
{
	struct statusline st = { .n = 0 };
	statusline_add(&st, 0, "8/10")->drop_at = 1;
	statusline_add(&st, 0, "《求是》杂志发表重要文章《在二十届中央》")
		->cut = 12;
	statusline_add(&st, 1, "19%");
	return line_at(&st, w);
}

static void test_cut_field(void **state)
{
	(void)state;
	assert_string_equal(title_at(60),
			    " 8/10  《求是》杂志发表重要文章《在二十届中央》"
			    "         19%");
	/* what is left over goes to the title, cut before the 《 that
	 * would end it */
	assert_string_equal(title_at(40),
			    " 8/10  《求是》杂志发表重要文章…    19%");
	assert_string_equal(title_at(25), " 8/10  《求是》杂…   19%");
	/* too narrow for 12 columns and the ID: the ID goes; then the title
	 * gives what it must */
	assert_string_equal(title_at(20), " 《求是》杂志…  19%");
	assert_string_equal(title_at(12), " 《求…  19%");
	assert_string_equal(title_at(9), " …   19%");
}

static void test_fields_full(void **state)
{
	(void)state;
	struct statusline st = { .n = 0 };
	for (int i = 0; i < STATUSLINE_FIELDS + 3; i++) {
		char t[8];
		snprintf(t, sizeof t, "f%d", i);
		statusline_add(&st, 0, t);
	}
	assert_int_equal(st.n, STATUSLINE_FIELDS);
	assert_string_equal(st.f[STATUSLINE_FIELDS - 1].text, "f10");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_give_way_in_steps),
		cmocka_unit_test(test_come_back),
		cmocka_unit_test(test_cut_field),
		cmocka_unit_test(test_fields_full),
	};
	return cmocka_run_group_tests_name("statusline", tests, NULL, NULL);
}
