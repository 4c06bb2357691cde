/* Tests for view: frames of the bundled corpus rendered into a screen and
 * compared with golden screens (tests/golden/screen-*.txt), and properties
 * every frame must have.  KANBAO_GOLDEN_WRITE=1 rewrites the golden files
 * (then read them before committing). */
#include "test.h"

#include "kanbao/format/corpus.h"
#include "kanbao/reader/model.h"
#include "kanbao/reader/view.h"
#include "kanbao/base/utf8.h"
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

/* Keys as typed: UTF-8 text, each character a key. */
static void type_utf8(struct model *m, const char *t)
{
	for (size_t i = 0; t[i];) {
		uint32_t uc;
		i += utf8_next(t + i, strlen(t + i), &uc);
		model_key(m, (struct key){ uc, 0, 0 });
		model_search_now(m);
	}
}

/* The frame as rows of text: rows[r] malloc'd, freed by free_rows. */
static char **render_rows(struct model *m, struct screen *s)
{
	view_render(m, s);
	char **rows = calloc((size_t)s->h, sizeof *rows);
	for (int r = 0; r < s->h; r++)
		rows[r] = screen_row(s, r);
	return rows;
}

static void free_rows(char **rows, int h)
{
	for (int r = 0; r < h; r++)
		free(rows[r]);
	free(rows);
}

/* The column where the first `chars` characters of article i's title
 * stand on a row, or -1 when they are not on it. */
static int title_col(const char *row, size_t i, size_t chars)
{
	struct corpus_article a;
	struct err e = { 0 };
	assert_int_equal(corpus_article(c, i, &a, &e), ERR_OK);
	size_t n = 0;
	for (size_t k = 0; k < chars && n < a.title.len; k++) {
		uint32_t uc;
		n += utf8_next(a.title.s + n, a.title.len - n, &uc);
	}
	char want[64];
	snprintf(want, sizeof want, "%.*s", (int)n, a.title.s);
	const char *p = strstr(row, want);
	return p ? (int)width_str(row, (size_t)(p - row)) : -1;
}

/* No text cut short ends on an opening quote or bracket: "…" after one,
 * at the end of the row or of the list's column (issue 12, item 15). */
static void check_cuts(const char *row, int r)
{
	static const char *opener[] = { "《", "“", "‘", "（", "「", "『", "【",
					"〔", "(", "[" };
	for (size_t k = 0; k < sizeof opener / sizeof opener[0]; k++) {
		char bad[16];
		snprintf(bad, sizeof bad, "%s…", opener[k]);
		for (const char *p = strstr(row, bad); p;
		     p = strstr(p + 1, bad)) {
			const char *after = p + strlen(bad);
			if (!*after || *after == ' ' ||
			    !strncmp(after, "│", strlen("│")))
				fail_msg("row %d cut after %s: %s", r,
					 opener[k], row);
		}
	}
}

/* No row wider than the screen, no text cut after an opening mark, and
 * no row of the text column starting with punctuation a line must not
 * start with. */
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
		check_cuts(t, r);
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
 * way first, then the source, then the date, each whole, never cut short
 * ("2022-03…" at 20 columns before issue 12, item 13). */
static void test_status_narrow(void **state)
{
	(void)state;
	static const struct {
		int w;
		const char *list, *body;
	} want[] = {
		{ 20, " 1/10 articles", " 1/10            0%" },
		{ 30, " 1/10 articles         ? help",
		  " 1/10  2022-03-01          0%" },
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

/* The list's titles at every width from 20 to 200 columns, with and
 * without the article beside them: none is cut after an opening mark
 * (article 8 at 200 columns was "重要文章《…"). */
static void test_titles_cut(void **state)
{
	(void)state;
	for (int w = 20; w <= 200; w++) {
		struct model m;
		struct screen s = { 0 };
		model_init(&m, c, w, 14, 1);
		screen_resize(&s, w, 14);
		view_render(&m, &s);
		check_frame(&m, &s);
		screen_free(&s);
		model_free(&m);
	}
}

/* The hit counts in the list are padded: every title starts in one
 * column, with or without hits (issue 12, item 16). */
static void test_list_counts_aligned(void **state)
{
	(void)state;
	struct model m;
	struct screen s = { 0 };
	model_init(&m, c, 80, 14, 1);
	screen_resize(&s, 80, 14);
	type(&m, "/");
	type_utf8(&m, "习近平"); /* 26, 10, 3, 1, 44 and 2 hits; none */
	type(&m, "\r");
	model_key(&m, (struct key){ 0x1B, 0, 0 });
	char **rows = render_rows(&m, &s);
	int col = title_col(rows[0], 0, 3);
	assert_true(col > 0);
	for (int r = 0; r < 10; r++)
		if (title_col(rows[r], (size_t)r, 3) != col)
			fail_msg("row %d: title not in column %d: %s", r, col,
				 rows[r]);
	assert_non_null(strstr(rows[2], "  3 总书记"));
	assert_non_null(strstr(rows[6], " 44 规划"));
	free_rows(rows, s.h);
	screen_free(&s);
	model_free(&m);
}

/* On a narrow list the date gives way, then the ID, never the title: at
 * 20 to 22 columns a row showed its ID and date and no title (issue 12,
 * item 13).  Every row shows its title's first characters at any width,
 * and the date wherever the title keeps room beside it. */
static void test_list_narrow(void **state)
{
	(void)state;
	for (int w = 20; w <= 120; w++) {
		struct model m;
		struct screen s = { 0 };
		model_init(&m, c, w, 14, 1);
		screen_resize(&s, w, 14);
		char **rows = render_rows(&m, &s);
		for (int r = 0; r < 10; r++)
			if (title_col(rows[r], (size_t)r, 2) < 0)
				fail_msg("%d columns, row %d: no title: %s", w,
					 r, rows[r]);
		if (w >= 40 && !strstr(rows[0], "2022-03-01"))
			fail_msg("%d columns: no date: %s", w, rows[0]);
		if (w <= 22 && strstr(rows[0], "2022"))
			fail_msg("%d columns: a date before the title: %s", w,
				 rows[0]);
		free_rows(rows, s.h);
		screen_free(&s);
		model_free(&m);
	}
}

/* The status line of the frame (malloc'd). */
static char *status_of(struct model *m, struct screen *s)
{
	struct geometry g;
	view_render(m, s);
	model_geometry(m, &g);
	return screen_row(s, g.status_row);
}

static void assert_has(const char *t, const char *want)
{
	if (!strstr(t, want))
		fail_msg("no \"%s\" in \"%s\"", want, t);
}

static void assert_lacks(const char *t, const char *bad)
{
	if (strstr(t, bad))
		fail_msg("\"%s\" in \"%s\"", bad, t);
}

/* The status line names the key that opens the help where the reader
 * is: ? in the list, F1 in an article, where ? searches backwards (issue
 * 12, item 4). */
static void test_status_help_key(void **state)
{
	(void)state;
	struct model m;
	struct screen s = { 0 };
	model_init(&m, c, 80, 24, 1);
	screen_resize(&s, 80, 24);
	char *t = status_of(&m, &s);
	assert_has(t, "? help");
	assert_int_equal(keys_action_in('?', KEYS_LIST), ACT_HELP);
	free(t);
	type(&m, "\r");
	t = status_of(&m, &s);
	assert_has(t, "F1 help");
	assert_lacks(t, "? help");
	assert_int_equal(keys_action_in(KB_F1, KEYS_ARTICLE), ACT_HELP);
	free(t);
	/* side by side: where the focus is */
	model_resize(&m, 120, 30);
	screen_resize(&s, 120, 30);
	t = status_of(&m, &s);
	assert_has(t, "F1 help");
	free(t);
	type(&m, "\t");
	t = status_of(&m, &s);
	assert_has(t, "? help");
	free(t);
	screen_free(&s);
	model_free(&m);
}

/* The status line: the list's position with a search as without one;
 * "hit k of n" only for a hit in the article shown; the unread count side
 * by side too (issue 12, item 11). */
static void test_status_position_and_hits(void **state)
{
	(void)state;
	struct model m;
	struct screen s = { 0 };
	model_init(&m, c, 80, 24, 1);
	screen_resize(&s, 80, 24);
	/* newest first, article 1 is on row 5 */
	type(&m, "o");
	for (int k = 0; k < 10 && m.sel != 0; k++)
		type(&m, "j");
	assert_int_equal(m.sel, 0);
	char *t = status_of(&m, &s);
	assert_has(t, " 5/10 articles");
	free(t);
	type(&m, "/");
	type_utf8(&m, "残疾人");
	type(&m, "\r");
	assert_int_equal(m.body.article, 0);
	t = status_of(&m, &s);
	assert_has(t, "hit 1 of 98 in 2 articles");
	free(t);
	model_key(&m, (struct key){ 0x1B, 0, 0 });
	t = status_of(&m, &s);
	assert_has(t, " 5/10 articles");
	assert_has(t, "hit 1 of 98 in 2 articles");
	free(t);
	/* article 10, opened by its ID: the current hit is article 1's */
	type(&m, "10\r");
	assert_int_equal(m.body.article, 9);
	t = status_of(&m, &s);
	assert_lacks(t, "hit 1 of");
	assert_has(t, "98 hits in 2 articles");
	free(t);
	type(&m, "n");
	t = status_of(&m, &s);
	assert_has(t, "hit 80 of 98");
	free(t);
	/* side by side: the unread count too */
	model_resize(&m, 120, 30);
	screen_resize(&s, 120, 30);
	t = status_of(&m, &s);
	assert_has(t, "8 unread");
	free(t);
	screen_free(&s);
	model_free(&m);
}

/* A date or a position cut short, or a hit count cut: never.  At every
 * width the status line of a search keeps the hit count whole, and of an
 * article scrolled past its title the title; the date and then the ID
 * give way first (issue 12, item 13). */
static void test_status_gives_way(void **state)
{
	(void)state;
	for (int w = 20; w <= 160; w++) {
		struct model m;
		struct screen s = { 0 };
		model_init(&m, c, w, 12, 1);
		screen_resize(&s, w, 12);
		type(&m, "/");
		type_utf8(&m, "残疾人");
		type(&m, "\r");
		char *t = status_of(&m, &s);
		if (!strstr(t, "hit 1 of 98") && !strstr(t, "hit 1/98"))
			fail_msg("%d columns, an article: no hit count: %s", w,
				 t);
		if (strstr(t, "-…") || strstr(t, "0…") || strstr(t, "1…") ||
		    strstr(t, "2…"))
			fail_msg("%d columns: a field cut short: %s", w, t);
		if (w >= 80)
			assert_has(t, "2022-03-01");
		free(t);
		type(&m, "jjjjjjjjjjjj");
		t = status_of(&m, &s);
		if (!strstr(t, "残疾") && !strstr(t, "“残…"))
			fail_msg("%d columns, title scrolled away: not in the "
				 "status: %s", w, t);
		if (!strstr(t, "hit ") && !strstr(t, " hits"))
			fail_msg("%d columns: no hit count: %s", w, t);
		free(t);
		model_key(&m, (struct key){ 0x1B, 0, 0 });
		t = status_of(&m, &s);
		if (!strstr(t, "hit 1 of 98") && !strstr(t, "hit 1/98") &&
		    !strstr(t, "98 hits"))
			fail_msg("%d columns, the list: no hit count: %s", w, t);
		free(t);
		screen_free(&s);
		model_free(&m);
	}
}

/* When the title has scrolled away, the status line shows it, cut to
 * fit; at the top, the source (issue 12, the habits). */
static void test_status_title(void **state)
{
	(void)state;
	struct model m;
	struct screen s = { 0 };
	model_init(&m, c, 80, 24, 1);
	screen_resize(&s, 80, 24);
	type(&m, "8\r");
	char *t = status_of(&m, &s);
	assert_has(t, "新华社");
	assert_lacks(t, "《求是》");
	free(t);
	type(&m, "j");
	t = status_of(&m, &s);
	assert_has(t, " 8/10  2023-05-15  《求是》杂志发表");
	assert_has(t, "…");
	assert_lacks(t, "《…");
	free(t);
	type(&m, "g");
	t = status_of(&m, &s);
	assert_lacks(t, "《求是》");
	free(t);
	/* side by side, at 200 columns: the whole title */
	model_resize(&m, 200, 50);
	screen_resize(&s, 200, 50);
	type(&m, "1\rG");
	t = status_of(&m, &s);
	assert_has(t, " 1/10  2022-03-01  “残疾人也可以活出精彩的人生”  ");
	free(t);
	screen_free(&s);
	model_free(&m);
}

/* A long message is not cut where the terminal cannot show the "…" (the
 * bottom-right cell is never written): it wraps onto rows above the
 * message row, the status line above it, so the corrupt state's new name
 * shows at 80 columns (issue 12, item 22). */
static void test_long_message(void **state)
{
	(void)state;
	static const char warn[] =
		"Reading state set aside, starting afresh: /home/reader/"
		".local/state/kanbao/80f2ba0c31705dda66f9228ab784847f.state: "
		"line 1: not a kanbao state file; set aside as "
		"80f2ba0c31705dda66f9228ab784847f.state.corrupt";
	struct model m;
	struct screen s = { 0 };
	model_init(&m, c, 80, 24, 1);
	screen_resize(&s, 80, 24);
	model_say(&m, 1, "%s", warn);
	char **rows = render_rows(&m, &s);
	/* the whole message on the last rows (spaces go at the breaks) */
	char joined[1024] = "", want[1024] = "";
	int first = 24;
	for (int r = 20; r < 24; r++)
		if (*rows[r] && strstr(warn, rows[r]) && r < first)
			first = r;
	size_t nj = 0, nw = 0;
	for (int r = first; r < 24; r++)
		for (const char *p = rows[r]; *p && nj + 1 < sizeof joined; p++)
			if (*p != ' ')
				joined[nj++] = *p;
	for (const char *p = warn; *p && nw + 1 < sizeof want; p++)
		if (*p != ' ')
			want[nw++] = *p;
	joined[nj] = want[nw] = '\0';
	assert_string_equal(joined, want);
	assert_true(first < 23);
	/* the status line just above, the bottom-right cell blank */
	assert_true(!strncmp(rows[first - 1], " 1/10 articles", 14));
	assert_int_equal(screen_cell(&s, first - 1, 0)->attr, ATTR_STATUS);
	assert_int_equal(screen_cell(&s, 23, 79)->ch, ' ');
	free_rows(rows, s.h);
	/* a key clears it: the status line is back in its row */
	type(&m, "j");
	rows = render_rows(&m, &s);
	assert_true(!strncmp(rows[22], " 2/10 articles", 14));
	assert_string_equal(rows[23], "");
	free_rows(rows, s.h);
	/* five rows: one row for it, cut with "…" before the last column */
	model_resize(&m, 80, 5);
	screen_resize(&s, 80, 5);
	model_say(&m, 1, "%s", warn);
	rows = render_rows(&m, &s);
	assert_true(!strncmp(rows[3], " 2/10 articles", 14));
	assert_int_equal(screen_cell(&s, 4, 78)->ch, 0x2026);
	assert_int_equal(screen_cell(&s, 4, 79)->ch, ' ');
	free_rows(rows, s.h);
	screen_free(&s);
	model_free(&m);
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
		cmocka_unit_test(test_titles_cut),
		cmocka_unit_test(test_list_counts_aligned),
		cmocka_unit_test(test_list_narrow),
		cmocka_unit_test(test_status_help_key),
		cmocka_unit_test(test_status_position_and_hits),
		cmocka_unit_test(test_status_gives_way),
		cmocka_unit_test(test_status_title),
		cmocka_unit_test(test_long_message),
		cmocka_unit_test(test_every_size),
	};
	return cmocka_run_group_tests_name("view", tests, setup, teardown);
}
