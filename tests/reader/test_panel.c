/* Tests for panel: the window over the results, the bookmarks, the help. */
#include "test.h"

#include "kanbao/reader/panel.h"

/* The selection stays in the window, which moves the least it must and
 * never shows rows past the end when there are more than fit. */
static void test_select(void **state)
{
	(void)state;
	struct panel p = { 0, 0 };
	panel_select(&p, 30, 10, 12);
	assert_int_equal(p.sel, 12);
	assert_int_equal(p.top, 3); /* the selection on the last row */
	panel_select(&p, 30, 10, 5);
	assert_int_equal(p.top, 3); /* in view: the window stays */
	panel_select(&p, 30, 10, 1);
	assert_int_equal(p.top, 1); /* above: on the first row */
	panel_select(&p, 30, 10, 99);
	assert_int_equal(p.sel, 29); /* clamped */
	assert_int_equal(p.top, 20);
	panel_select(&p, 30, 10, -4);
	assert_int_equal(p.sel, 0);
	assert_int_equal(p.top, 0);
	/* fewer rows than before (a row deleted, a taller screen): the window
	 * comes up to show a full page */
	p = (struct panel){ 25, 20 };
	panel_select(&p, 29, 10, 25);
	assert_int_equal(p.top, 19);
	p = (struct panel){ 5, 3 };
	panel_select(&p, 8, 10, 5);
	assert_int_equal(p.top, 0); /* all fit */
	p = (struct panel){ 4, 4 };
	panel_select(&p, 0, 0, 3); /* nothing to show, no room */
	assert_int_equal(p.sel, 0);
	assert_int_equal(p.top, 0);
}

static void test_move(void **state)
{
	(void)state;
	struct panel p = { 0, 0 };
	assert_true(panel_move(&p, 30, 10, ACT_LINE_DOWN));
	assert_int_equal(p.sel, 1);
	assert_true(panel_move(&p, 30, 10, ACT_PAGE_DOWN));
	assert_int_equal(p.sel, 11);
	assert_int_equal(p.top, 2);
	assert_true(panel_move(&p, 30, 10, ACT_HALF_UP));
	assert_int_equal(p.sel, 6);
	assert_true(panel_move(&p, 30, 10, ACT_HALF_DOWN));
	assert_int_equal(p.sel, 11);
	assert_true(panel_move(&p, 30, 10, ACT_BOTTOM));
	assert_int_equal(p.sel, 29);
	assert_int_equal(p.top, 20);
	assert_true(panel_move(&p, 30, 10, ACT_LINE_DOWN));
	assert_int_equal(p.sel, 29); /* at the end: stays, still taken */
	assert_true(panel_move(&p, 30, 10, ACT_PAGE_UP));
	assert_int_equal(p.sel, 19);
	assert_int_equal(p.top, 19);
	assert_true(panel_move(&p, 30, 10, ACT_TOP));
	assert_int_equal(p.sel, 0);
	assert_int_equal(p.top, 0);
	assert_true(panel_move(&p, 30, 10, ACT_LINE_UP));
	assert_int_equal(p.sel, 0);
	/* not a move: nothing changes */
	p = (struct panel){ 7, 3 };
	assert_false(panel_move(&p, 30, 10, ACT_OPEN));
	assert_false(panel_move(&p, 30, 10, ACT_QUIT));
	assert_int_equal(p.sel, 7);
	assert_int_equal(p.top, 3);
}

/* The help: a window without a selection, which says when it cannot move
 * (the help then closes on that key). */
static void test_scroll(void **state)
{
	(void)state;
	struct panel p = { 0, 0 };
	assert_false(panel_scroll(&p, 25, 10, -1)); /* at the top */
	assert_true(panel_scroll(&p, 25, 10, 1));
	assert_int_equal(p.top, 1);
	assert_true(panel_scroll(&p, 25, 10, 10));
	assert_int_equal(p.top, 11);
	assert_true(panel_scroll(&p, 25, 10, 10));
	assert_int_equal(p.top, 15); /* the last window */
	assert_false(panel_scroll(&p, 25, 10, 1));
	assert_int_equal(p.top, 15);
	assert_true(panel_scroll(&p, 25, 10, -3));
	assert_int_equal(p.top, 12);
	assert_true(panel_scroll(&p, 25, 10, -30));
	assert_int_equal(p.top, 0);
	assert_false(panel_scroll(&p, 25, 10, 0));
	assert_false(panel_scroll(&p, 8, 10, 1)); /* all fits */
	assert_int_equal(p.top, 0);
}

/* After a resize the help's window comes up to fill the box, and shows
 * all from the top when all fits (issue 12, item 9). */
static void test_fit(void **state)
{
	(void)state;
	struct panel p = { 0, 12 };
	panel_fit(&p, 25, 10);
	assert_int_equal(p.top, 12); /* fills the box already */
	panel_fit(&p, 25, 20);
	assert_int_equal(p.top, 5);
	panel_fit(&p, 25, 40);
	assert_int_equal(p.top, 0);
	panel_fit(&p, 0, 0);
	assert_int_equal(p.top, 0);
}

/* A click selects the row under it, when there is one (issue 12's
 * mouse habit). */
static void test_click(void **state)
{
	(void)state;
	struct panel p = { 0, 10 };
	assert_true(panel_click(&p, 30, 10, 3));
	assert_int_equal(p.sel, 13);
	assert_int_equal(p.top, 10);
	assert_false(panel_click(&p, 30, 10, 10)); /* below the page */
	assert_false(panel_click(&p, 30, 10, -1));
	assert_int_equal(p.sel, 13);
	p = (struct panel){ 0, 0 };
	assert_false(panel_click(&p, 4, 10, 4)); /* below the last row */
	assert_true(panel_click(&p, 4, 10, 3));
	assert_int_equal(p.sel, 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_select),
		cmocka_unit_test(test_move),
		cmocka_unit_test(test_scroll),
		cmocka_unit_test(test_fit),
		cmocka_unit_test(test_click),
	};
	return cmocka_run_group_tests_name("panel", tests, NULL, NULL);
}
