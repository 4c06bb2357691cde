/* Tests for view: frames of the bundled corpus rendered into a screen and
 * compared with golden screens (tests/golden/screen-*.txt), and properties
 * every frame must have.  KANBAO_GOLDEN_WRITE=1 rewrites the golden files
 * (then read them before committing). */
#include "test.h"

#include "kanbao/format/corpus.h"
#include "kanbao/reader/model.h"
#include "kanbao/reader/view.h"
#include "kanbao/base/width.h"

static struct corpus *c;

static int setup(void **state)
{
	(void)state;
	struct err e = { 0 };
	assert_int_equal(corpus_open(getenv("KANBAO_BUNDLED"), &c, &e), ERR_OK);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	corpus_close(c);
	return 0;
}

static void type(struct model *m, const char *keys)
{
	for (; *keys; keys++) {
		model_key(m, (struct key){ (unsigned char)*keys, 0, 0 });
		model_search_now(m);
	}
}

/* No row wider than the screen, and no row of the text column starting
 * with punctuation a line must not start with. */
static void check_frame(struct model *m, struct screen *s)
{
	static const char *no_start[] = { "。", "，", "、", "；", "：", "？",
					  "！", "）", "》", "」", "』", "】",
					  "〕", "”", "’", "％", "…", "·" };
	struct geometry g;
	model_geometry(m, &g);
	for (int r = 0; r < s->h; r++) {
		char *t = screen_row(s, r);
		assert_true(width_str(t, strlen(t)) <= (size_t)s->w);
		free(t);
		if (g.too_small || r >= g.rows || !m->body.open ||
		    (!g.split && m->focus != PANE_BODY))
			continue;
		char line[1024] = "";
		size_t n = 0;
		for (int x = g.text_x; x < g.text_x + g.text_w; x++) {
			struct cell *cell = screen_cell(s, r, x);
			if (cell && cell->ch && n < sizeof line - 5) {
				char tmp[5] = { 0 };
				/* UTF-8 of the cell */
				uint32_t ch = cell->ch;
				if (ch < 0x80)
					tmp[0] = (char)ch;
				else if (ch < 0x800)
					tmp[0] = (char)(0xC0 | ch >> 6),
					tmp[1] = (char)(0x80 | (ch & 63));
				else
					tmp[0] = (char)(0xE0 | ch >> 12),
					tmp[1] = (char)(0x80 | (ch >> 6 & 63)),
					tmp[2] = (char)(0x80 | (ch & 63));
				memcpy(line + n, tmp, strlen(tmp));
				n += strlen(tmp);
				line[n] = '\0';
			}
		}
		for (size_t k = 0; k < sizeof no_start / sizeof no_start[0];
		     k++)
			if (!strncmp(line, no_start[k], strlen(no_start[k])))
				fail_msg("row %d starts with %s: %s", r,
					 no_start[k], line);
	}
}

static void golden(struct model *m, const char *name)
{
	struct screen s = { 0 };
	assert_int_equal(screen_resize(&s, m->w, m->h), 0);
	view_render(m, &s);
	check_frame(m, &s);
	size_t cap = 1 << 16, len = 0;
	char *got = malloc(cap);
	for (int r = 0; r < s.h; r++) {
		char *t = screen_row(&s, r);
		len += (size_t)snprintf(got + len, cap - len, "%s\n", t);
		free(t);
	}
	char file[256];
	snprintf(file, sizeof file, "screen-%s.txt", name);
	const char *path = test_path("KANBAO_GOLDEN", file);
	if (getenv("KANBAO_GOLDEN_WRITE")) {
		FILE *f = fopen(path, "w");
		assert_non_null(f);
		fputs(got, f);
		fclose(f);
	}
	char *want = test_read_file(path, NULL);
	if (strcmp(want, got))
		fail_msg("screen %s differs from %s:\n%s", name, path, got);
	free(want);
	free(got);
	screen_free(&s);
}

static void test_list_80x24(void **state)
{
	(void)state;
	struct model m;
	model_init(&m, c, 80, 24, 1);
	golden(&m, "80x24-list");
	struct screen s = { 0 };
	screen_resize(&s, 80, 24);
	view_render(&m, &s);
	assert_int_equal(screen_cell(&s, 0, 0)->attr, ATTR_SELECTED);
	assert_int_equal(screen_cell(&s, 0, 79)->attr, ATTR_SELECTED);
	/* unread: N, and the title bold; read: neither */
	assert_int_equal(screen_cell(&s, 1, 1)->ch, 'N');
	assert_int_equal(screen_cell(&s, 1, 20)->attr, ATTR_UNREAD);
	assert_int_equal(screen_cell(&s, 22, 40)->attr, ATTR_STATUS);
	model_set_read(&m, 1, 1);
	view_render(&m, &s);
	assert_int_equal(screen_cell(&s, 1, 1)->ch, ' ');
	assert_int_equal(screen_cell(&s, 1, 20)->attr, ATTR_NORMAL);
	screen_free(&s);
	model_free(&m);
}

static void test_article_80x24(void **state)
{
	(void)state;
	struct model m;
	model_init(&m, c, 80, 24, 1);
	type(&m, "\r");
	golden(&m, "80x24-article1");
	struct screen s = { 0 };
	screen_resize(&s, 80, 24);
	view_render(&m, &s);
	assert_int_equal(screen_cell(&s, 0, 1)->attr, ATTR_TITLE);
	assert_int_equal(screen_cell(&s, 1, 1)->attr, ATTR_SUBTITLE);
	assert_int_equal(screen_cell(&s, 2, 1)->attr, ATTR_META);
	assert_int_equal(screen_cell(&s, 14, 1)->attr, ATTR_HEAD);
	screen_free(&s);
	type(&m, "G");
	golden(&m, "80x24-article1-end");
	model_free(&m);
}

static void test_article_40x12(void **state)
{
	(void)state;
	struct model m;
	model_init(&m, c, 40, 12, 1);
	type(&m, "7\r  ");
	golden(&m, "40x12-article7");
	model_free(&m);
}

static void test_split_200x50(void **state)
{
	(void)state;
	struct model m;
	model_init(&m, c, 200, 50, 1);
	type(&m, "jjj");
	golden(&m, "200x50-split");
	model_free(&m);
}

static void test_help_and_small(void **state)
{
	(void)state;
	struct model m;
	model_init(&m, c, 80, 24, 1);
	type(&m, "?");
	golden(&m, "80x24-help");
	model_resize(&m, 15, 4);
	golden(&m, "15x4-small");
	type(&m, "?"); /* closes the help */
	type(&m, "12");
	model_resize(&m, 80, 24);
	golden(&m, "80x24-digits");
	model_free(&m);
}

/* The help box (issue 12, item 9): all four corners drawn, the last one
 * never in the screen's bottom-right cell (which the terminal backend
 * never writes, so the terminal does not scroll), and nothing of the
 * screen behind at its edges. */
static void test_help_box(void **state)
{
	(void)state;
	static const int sizes[][2] = { { 80, 24 }, { 40, 12 }, { 100, 30 },
					{ 200, 50 }, { 20, 5 } };
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		int w = sizes[k][0], h = sizes[k][1];
		struct model m;
		struct screen s = { 0 };
		model_init(&m, c, w, h, 1);
		screen_resize(&s, w, h);
		type(&m, "\t"); /* the article behind, or both panes */
		model_key(&m, (struct key){ KB_F1, 0, 0 });
		view_render(&m, &s);
		int top = -1, left = -1, bottom = -1, right = -1;
		for (int r = 0; r < h; r++)
			for (int x = 0; x < w; x++) {
				uint32_t ch = screen_cell(&s, r, x)->ch;
				if (ch == 0x250C)
					top = r, left = x;
				if (ch == 0x2518)
					bottom = r, right = x;
			}
		if (top < 0 || bottom < 0)
			fail_msg("%dx%d: a corner is missing", w, h);
		assert_int_equal(screen_cell(&s, top, right)->ch, 0x2510);
		assert_int_equal(screen_cell(&s, bottom, left)->ch, 0x2514);
		assert_false(bottom == h - 1 && right == w - 1);
		for (int r = 0; r < h; r++)
			for (int x = 0; x < w; x++) {
				if (r >= top && r <= bottom && x >= left &&
				    x <= right)
					continue;
				if (screen_cell(&s, r, x)->ch != ' ')
					fail_msg("%dx%d: row %d column %d "
						 "shows U+%04X behind the "
						 "help", w, h, r, x,
						 screen_cell(&s, r, x)->ch);
			}
		screen_free(&s);
		model_free(&m);
	}
}

/* A bookmarked line shows » in the margin left of the text (issue 12,
 * item 6), alone and beside the list. */
static void test_bookmark_margin(void **state)
{
	(void)state;
	static const int sizes[][2] = { { 80, 24 }, { 200, 50 }, { 40, 12 } };
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		int w = sizes[k][0], h = sizes[k][1];
		struct model m;
		struct screen s = { 0 };
		struct geometry g;
		model_init(&m, c, w, h, 1);
		screen_resize(&s, w, h);
		type(&m, "\rdm");
		size_t half = m.body.top_off;
		type(&m, "g");
		view_render(&m, &s);
		model_geometry(&m, &g);
		int rows = 0;
		for (int r = 0; r < g.rows; r++) {
			struct cell *cell = screen_cell(&s, r, g.text_x - 1);
			if (cell->ch == 0xBB) {
				assert_int_equal(cell->attr, ATTR_BOOKMARK);
				/* half a page down, or the line after
				 * when a blank line was at the top */
				assert_in_range(r, g.rows / 2, g.rows / 2 + 1);
				rows++;
			} else {
				assert_int_equal(cell->ch, ' ');
			}
		}
		if (rows != 1)
			fail_msg("%dx%d: %d rows marked, not 1 (half a page "
				 "down, at byte %zu)", w, h, rows, half);
		screen_free(&s);
		model_free(&m);
	}
}

/* The bookmarks list: each row the article's ID, date and title, then
 * the words at the mark (the bookmarks' titles are issue 12's habit). */
static void test_bookmarks_titles(void **state)
{
	(void)state;
	static const struct {
		int w;
		const char *title; /* as the row shows it */
	} sizes[] = {
		{ 200, "“残疾人也可以活出精彩的人生”  " },
		{ 80, "“残疾人也可以活出精彩的人生”  " },
		{ 50, "“残疾人也可以活…  " }, /* half the room */
	};
	for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
		struct model m;
		struct screen s = { 0 };
		model_init(&m, c, sizes[k].w, 24, 1);
		screen_resize(&s, sizes[k].w, 24);
		type(&m, "\r");
		type(&m, "jjjjm'"); /* the first paragraph's start */
		view_render(&m, &s);
		char *row = screen_row(&s, 0), want[256];
		snprintf(want, sizeof want, "  1  2022-03-01  %s他们不幸",
			 sizes[k].title);
		if (strncmp(row, want, strlen(want)))
			fail_msg("at %d columns the row is \"%s\", not \"%s"
				 "…\"", sizes[k].w, row, want);
		assert_true(width_str(row, strlen(row)) <= (size_t)sizes[k].w);
		free(row);
		screen_free(&s);
		model_free(&m);
	}
}

/* The status line says where you are at any width: the key hints give
 * way first, then the position's details. */
static void test_status_narrow(void **state)
{
	(void)state;
	static const struct {
		int w;
		const char *list, *body;
	} want[] = {
		{ 20, " 1/10 articles", " 1/10  2022-03…  0%" },
		{ 30, " 1/10 articles         ? help",
		  " 1/10  2022-03-01  新华…   0%" },
		{ 40, " 1/10 articles                   ? help",
		  " 1/10  2022-03-01  新华社 北京       0%" },
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		struct model m;
		struct screen s = { 0 };
		model_init(&m, c, want[i].w, 5, 1);
		screen_resize(&s, want[i].w, 5);
		view_render(&m, &s);
		char *t = screen_row(&s, 3);
		assert_string_equal(t, want[i].list);
		free(t);
		type(&m, "\r");
		view_render(&m, &s);
		t = screen_row(&s, 3);
		assert_string_equal(t, want[i].body);
		free(t);
		screen_free(&s);
		model_free(&m);
	}
}

/* Every size from 1x1 to 120x40 in steps, every state: frames stay within
 * the screen and the layout rules hold. */
static void test_every_size(void **state)
{
	(void)state;
	static const char *steps[] = { "", "\r", "  ", "G", "]", "?", "x" };
	for (int w = 1; w <= 120; w += 7) {
		for (int h = 1; h <= 40; h += 5) {
			struct model m;
			struct screen s = { 0 };
			model_init(&m, c, w, h, 1);
			screen_resize(&s, w, h);
			for (size_t k = 0; k < sizeof steps / sizeof steps[0];
			     k++) {
				type(&m, steps[k]);
				view_render(&m, &s);
				check_frame(&m, &s);
			}
			screen_free(&s);
			model_free(&m);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_80x24),
		cmocka_unit_test(test_article_80x24),
		cmocka_unit_test(test_article_40x12),
		cmocka_unit_test(test_split_200x50),
		cmocka_unit_test(test_help_and_small),
		cmocka_unit_test(test_help_box),
		cmocka_unit_test(test_bookmark_margin),
		cmocka_unit_test(test_bookmarks_titles),
		cmocka_unit_test(test_status_narrow),
		cmocka_unit_test(test_every_size),
	};
	return cmocka_run_group_tests_name("view", tests, setup, teardown);
}
