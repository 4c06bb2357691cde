/* Tests for model: every action, the scroll anchor, resize, lazy layout. */
#include "test.h"

#include "kanbao/format/article.h"
#include "kanbao/format/corpus.h"
#include "kanbao/build/corpus_write.h"
#include "kanbao/reader/model.h"
#include "kanbao/base/utf8.h"
#include "kanbao/base/width.h"

static struct corpus *bundled;
static struct corpus *many; /* 100 short articles and one very long one */
static void *many_data;

static int setup(void **state)
{
	(void)state;
	struct err e = { 0 };
	assert_int_equal(corpus_open(getenv("KANBAO_BUNDLED"), &bundled, &e),
			 ERR_OK);
	struct article a[101];
	memset(a, 0, sizeof a);
	for (int i = 0; i < 100; i++) {
		char t[64];
		snprintf(t, sizeof t, "第%d篇", i + 1);
		a[i].title = strdup(t);
		a[i].date = 20230500 + (uint32_t)(i % 28 + 1);
		article_add_block(&a[i], BLOCK_PARA,
				  strdup("一段不长的文字，两行以内。"));
	}
	/* 1000 paragraphs of 100 Han: 100,000 characters */
	a[100].title = strdup("很长的文章");
	for (int p = 0; p < 1000; p++) {
		char *t = malloc(301);
		for (int k = 0; k < 100; k++)
			memcpy(t + 3 * k, k % 10 == 9 ? "。" : "字", 3);
		t[300] = '\0';
		article_add_block(&a[100], BLOCK_PARA, t);
	}
	size_t size;
	assert_int_equal(corpus_write_mem(a, 101, NULL, &many_data, &size, &e),
			 ERR_OK);
	assert_int_equal(corpus_open_mem(many_data, size, "many", &many, &e),
			 ERR_OK);
	for (int i = 0; i < 101; i++)
		article_free(&a[i]);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	corpus_close(bundled);
	corpus_close(many);
	free(many_data);
	return 0;
}

/* A key, and the search it asks for done; what the program must do. */
static unsigned press(struct model *m, uint32_t code)
{
	unsigned todo = model_key(m, (struct key){ code, 0, 0 });
	model_search_now(m); /* what the program's search thread does */
	return todo;
}

static void type(struct model *m, const char *keys)
{
	for (; *keys; keys++)
		press(m, (unsigned char)*keys);
}

static int same(struct pos a, struct pos b)
{
	return a.piece == b.piece && a.line == b.line;
}

static void test_start(void **state)
{
	(void)state;
	struct model m;
	model_init(&m, bundled, 80, 24, 1);
	assert_int_equal(m.n, 10);
	assert_int_equal(m.focus, PANE_LIST);
	assert_int_equal(m.sel, 0);
	struct geometry g;
	model_geometry(&m, &g);
	assert_false(g.split);
	assert_int_equal(g.rows, 22);
	assert_int_equal(g.list_w, 80);
	assert_int_equal(g.body_w, 0);
	assert_int_equal(g.text_w, 78);
	model_free(&m);
}

static void test_list_moves(void **state)
{
	(void)state;
	struct model m;
	model_init(&m, many, 60, 10, 1); /* 8 rows */
	type(&m, "j");
	assert_int_equal(m.sel, 1);
	press(&m, KB_DOWN);
	assert_int_equal(m.sel, 2);
	type(&m, "k");
	press(&m, KB_UP);
	assert_int_equal(m.sel, 0);
	press(&m, KB_UP);
	assert_int_equal(m.sel, 0); /* stays at the first */
	type(&m, " ");
	assert_int_equal(m.sel, 8);
	assert_int_equal(m.list_top, 1); /* the selection stays visible */
	press(&m, KB_PGDN); /* f in the list filters: see test_filter */
	assert_int_equal(m.sel, 16);
	press(&m, KB_PGDN);
	assert_int_equal(m.sel, 24);
	type(&m, "b");
	press(&m, KB_PGUP);
	assert_int_equal(m.sel, 8);
	type(&m, "d");
	assert_int_equal(m.sel, 12);
	type(&m, "u"); /* in the list: unread, or read */
	assert_int_equal(m.sel, 12);
	assert_true(model_is_read(&m, 12));
	type(&m, "u");
	assert_false(model_is_read(&m, 12));
	type(&m, "G");
	assert_int_equal(m.sel, 100);
	assert_int_equal(m.list_top, 93);
	type(&m, "g");
	assert_int_equal(m.sel, 0);
	assert_int_equal(m.list_top, 0);
	press(&m, KB_END);
	assert_int_equal(m.sel, 100);
	press(&m, KB_HOME);
	assert_int_equal(m.sel, 0);
	model_free(&m);
}

static void test_open_and_back(void **state)
{
	(void)state;
	struct model m;
	model_init(&m, bundled, 80, 24, 1);
	type(&m, "jj");
	press(&m, '\r');
	assert_int_equal(m.focus, PANE_BODY);
	assert_true(m.body.open);
	assert_int_equal(m.body.article, 2);
	struct pos top = model_top(&m);
	assert_int_equal(top.piece, 0); /* the title */
	assert_int_equal(top.line, 0);
	press(&m, 0x1B);
	assert_int_equal(m.focus, PANE_LIST);
	press(&m, KB_RIGHT);
	assert_int_equal(m.focus, PANE_BODY);
	press(&m, KB_LEFT);
	type(&m, "l");
	assert_int_equal(m.focus, PANE_BODY);
	type(&m, "h");
	assert_int_equal(m.focus, PANE_LIST);
	press(&m, KB_ENTER);
	assert_int_equal(m.focus, PANE_BODY);
	type(&m, "\t");
	assert_int_equal(m.focus, PANE_LIST);
	type(&m, "\t");
	assert_int_equal(m.focus, PANE_BODY);
	model_free(&m);
}

static void test_body_scrolls(void **state)
{
	(void)state;
	struct model m;
	model_init(&m, bundled, 80, 24, 1);
	press(&m, '\r');
	struct pos p0 = model_top(&m), p = p0;
	type(&m, "j");
	assert_true(model_next(&m, &p));
	assert_true(same(model_top(&m), p));
	press(&m, KB_DOWN);
	type(&m, "k");
	assert_true(same(model_top(&m), p));
	press(&m, KB_UP);
	assert_true(same(model_top(&m), p0));
	press(&m, KB_UP); /* nothing above the title */
	assert_true(same(model_top(&m), p0));
	/* a page is 22 lines */
	type(&m, " ");
	p = p0;
	for (int i = 0; i < 22; i++)
		model_next(&m, &p);
	assert_true(same(model_top(&m), p));
	type(&m, "b");
	assert_true(same(model_top(&m), p0));
	type(&m, "d");
	p = p0;
	for (int i = 0; i < 11; i++)
		model_next(&m, &p);
	assert_true(same(model_top(&m), p));
	type(&m, "u");
	assert_true(same(model_top(&m), p0));
	assert_true(model_percent(&m) < 20);
	/* to the end: the last line at the bottom, and no further */
	type(&m, "G");
	assert_int_equal(model_percent(&m), 100);
	struct pos end = model_top(&m), last = end;
	int below = 0;
	while (model_next(&m, &last))
		below++;
	assert_int_equal(below, 21);
	type(&m, " ");
	assert_true(same(model_top(&m), end));
	type(&m, "g");
	assert_true(same(model_top(&m), p0));
	press(&m, KB_END);
	assert_true(same(model_top(&m), end));
	press(&m, KB_HOME);
	assert_true(same(model_top(&m), p0));
	/* paging down until 100% reaches the same end */
	for (int i = 0; i < 100 && model_percent(&m) < 100; i++)
		press(&m, KB_PGDN);
	assert_true(same(model_top(&m), end));
	model_free(&m);
}

static void test_short_article_does_not_scroll(void **state)
{
	(void)state;
	struct model m;
	model_init(&m, many, 80, 24, 1);
	press(&m, '\r');
	struct pos p0 = model_top(&m);
	type(&m, "j G ");
	assert_true(same(model_top(&m), p0));
	assert_int_equal(model_percent(&m), 100);
	assert_int_equal(m.body.article, 0); /* Space again: the next */
	model_free(&m);
}

static void test_articles_and_digits(void **state)
{
	(void)state;
	struct model m;
	model_init(&m, bundled, 80, 24, 1);
	press(&m, '\r');
	type(&m, "]");
	assert_int_equal(m.body.article, 1);
	assert_int_equal(m.sel, 1);
	type(&m, "J");
	assert_int_equal(m.body.article, 2);
	type(&m, "[");
	type(&m, "K");
	assert_int_equal(m.body.article, 0);
	type(&m, "[");
	assert_int_equal(m.body.article, 0);
	assert_non_null(strstr(m.msg, "first article"));
	type(&m, "9");
	assert_string_equal(m.digits, "9");
	press(&m, '\r');
	assert_int_equal(m.body.article, 8);
	assert_int_equal(m.focus, PANE_BODY);
	assert_int_equal(m.ndigits, 0);
	type(&m, "10\r");
	assert_int_equal(m.body.article, 9);
	type(&m, "]");
	assert_non_null(strstr(m.msg, "last article"));
	type(&m, "99\r");
	assert_true(m.msg_error);
	assert_non_null(strstr(m.msg, "No article 99"));
	assert_int_equal(m.body.article, 9);
	/* Esc cancels typing; another key drops it */
	type(&m, "3");
	press(&m, 0x1B);
	assert_int_equal(m.ndigits, 0);
	assert_int_equal(m.focus, PANE_BODY);
	type(&m, "3j");
	assert_int_equal(m.ndigits, 0);
	/* from the list too */
	press(&m, 0x1B);
	type(&m, "4\r");
	assert_int_equal(m.body.article, 3);
	assert_int_equal(m.focus, PANE_BODY);
	model_free(&m);
}

static void test_help_and_flags(void **state)
{
	(void)state;
	struct model m;
	model_init(&m, bundled, 80, 50, 1); /* the help fits */
	type(&m, "?");
	assert_true(model_showing(&m, MODE_HELP));
	type(&m, "j"); /* closes the help, does nothing else */
	assert_false(model_showing(&m, MODE_HELP));
	assert_int_equal(m.sel, 0);
	press(&m, KB_F1);
	assert_true(model_showing(&m, MODE_HELP));
	/* closes the help, does not quit */
	assert_int_equal(press(&m, 'q'), 0);
	assert_false(model_showing(&m, MODE_HELP));
	/* what the program must do comes back from model_key */
	assert_int_equal(press(&m, 0x0C), MODEL_DO_REDRAW);
	assert_int_equal(press(&m, 0x1A), MODEL_DO_SUSPEND);
	assert_int_equal(press(&m, 'q'), MODEL_DO_QUIT);
	assert_int_equal(press(&m, 'Q'), MODEL_DO_QUIT);
	assert_int_equal(press(&m, 0x03), MODEL_DO_QUIT);
	assert_int_equal(press(&m, 0x2603), 0); /* an unbound key: nothing */
	assert_int_equal(press(&m, 'j'), 0);
	type(&m, "/"); /* in the bar, q is typed */
	assert_int_equal(press(&m, 'q'), 0);
	assert_true(model_showing(&m, MODE_SEARCH));
	model_free(&m);
}

static void test_help_scrolls_when_short(void **state)
{
	(void)state;
	struct model m;
	model_init(&m, bundled, 40, 12, 1);
	size_t rows = model_help_rows(&m);
	assert_int_equal(rows, 9); /* the box stays off the last row */
	type(&m, "?");
	type(&m, "j");
	assert_true(model_showing(&m, MODE_HELP));
	assert_int_equal(m.help.top, 1);
	struct help_box box;
	model_help_layout(&m, &box);
	assert_true(box.n > ACT_COUNT - 1); /* long texts wrapped at 40 */
	assert_int_equal(box.w, 40);
	for (size_t i = 0; i < box.n; i++)
		assert_true(box.line[i].text_col + (int)box.line[i].len <= 36 ||
			    box.line[i].len == 0 || box.line[i].keys);
	type(&m, " "); /* a page */
	assert_int_equal(m.help.top, 1 + rows);
	for (int i = 0; i < 10 && m.help.top < box.n - rows; i++)
		type(&m, " "); /* clamped to the last window */
	assert_int_equal(m.help.top, box.n - rows);
	assert_true(model_showing(&m, MODE_HELP));
	type(&m, "j"); /* nothing more below: stays */
	assert_true(model_showing(&m, MODE_HELP));
	assert_int_equal(m.help.top, box.n - rows);
	type(&m, "x"); /* any other key closes */
	assert_false(model_showing(&m, MODE_HELP));
	type(&m, "?k"); /* nothing above: stays */
	assert_true(model_showing(&m, MODE_HELP));
	type(&m, "jbx");
	assert_false(model_showing(&m, MODE_HELP));
	assert_int_equal(m.sel, 0); /* none of it moved the list */
	model_free(&m);
	model_init(&m, bundled, 120, 50, 1);
	/* an action a line, and a line more for each with long keys */
	size_t long_keys = 0;
	for (int a = ACT_NONE + 1; a < ACT_COUNT; a++)
		long_keys += strlen(keys_help_keys((enum action)a)) > 18;
	assert_int_equal(model_help_rows(&m), ACT_COUNT - 1 + long_keys);
	type(&m, "?j"); /* all fits: j closes */
	assert_false(model_showing(&m, MODE_HELP));
	model_free(&m);
}

/* The help is a pager (issue 12, item 9): where it does not fit, the
 * moving keys scroll it and never close it, g and G go to its ends; Esc,
 * q and F1 close it; a resize that makes room shows it from its top. */
static void test_help_pager(void **state)
{
	(void)state;
	struct model m;
	struct help_box box;
	model_init(&m, bundled, 80, 24, 1);
	type(&m, "?jj");
	assert_int_equal(m.help.top, 2);
	model_resize(&m, 200, 50);
	model_help_layout(&m, &box);
	assert_true(box.n <= model_help_rows(&m)); /* all fits now */
	assert_int_equal(m.help.top, 0);
	model_resize(&m, 80, 24);
	model_help_layout(&m, &box);
	size_t rows = model_help_rows(&m), last = box.n - rows;
	assert_true(box.n > rows);
	type(&m, "G");
	assert_int_equal(m.help.top, last);
	type(&m, "j ");
	press(&m, KB_PGDN);
	press(&m, KB_END);
	assert_true(model_showing(&m, MODE_HELP)); /* at the end: stays */
	assert_int_equal(m.help.top, last);
	type(&m, "g");
	assert_int_equal(m.help.top, 0);
	type(&m, "kb");
	press(&m, KB_PGUP);
	assert_true(model_showing(&m, MODE_HELP)); /* at the top: stays */
	size_t page = rows < last ? rows : last;
	type(&m, " ");
	assert_int_equal(m.help.top, page);
	press(&m, KB_PGUP);
	assert_int_equal(m.help.top, 0);
	press(&m, KB_PGDN);
	assert_int_equal(m.help.top, page);
	press(&m, KB_HOME);
	assert_int_equal(m.help.top, 0);
	press(&m, 0x1B);
	assert_false(model_showing(&m, MODE_HELP));
	assert_int_equal(m.focus, PANE_LIST);
	assert_int_equal(m.sel, 0); /* none of it moved the list */
	type(&m, "?");
	assert_int_equal(press(&m, 'q'), 0); /* closes, does not quit */
	assert_false(model_showing(&m, MODE_HELP));
	press(&m, KB_F1);
	assert_true(model_showing(&m, MODE_HELP));
	press(&m, KB_F1);
	assert_false(model_showing(&m, MODE_HELP));
	model_free(&m);
}

/* Every text of the help in one column, whatever wraps (issue 12, item
 * 9), and no line wider than the box. */
static void test_help_one_column(void **state)
{
	(void)state;
	static const int widths[] = { 20, 30, 40, 60, 80, 100, 200 };
	for (size_t k = 0; k < sizeof widths / sizeof widths[0]; k++) {
		struct model m;
		struct help_box box;
		model_init(&m, bundled, widths[k], 50, 1);
		model_help_layout(&m, &box);
		int col = -1, keys[ACT_COUNT] = { 0 };
		for (size_t i = 0; i < box.n; i++)
			keys[box.line[i].action] += box.line[i].keys;
		for (int a = ACT_NONE + 1; a < ACT_COUNT; a++)
			if (keys[a] != 1) /* every action, once */
				fail_msg("at %d columns, %d lines of keys for "
					 "%s", widths[k], keys[a],
					 keys_help_keys((enum action)a));
		for (size_t i = 0; i < box.n; i++) {
			const struct help_line *l = &box.line[i];
			const char *t = keys_help_text((enum action)l->action);
			if (!l->len)
				continue;
			if (col < 0)
				col = l->text_col;
			if (l->text_col != col)
				fail_msg("at %d columns, \"%.*s\" at column "
					 "%d, others at %d", widths[k],
					 (int)l->len, t + l->off, l->text_col,
					 col);
			assert_true(l->text_col +
					    (int)width_str(t + l->off, l->len) <=
				    box.w - 4);
		}
		model_free(&m);
	}
}

/* Type a UTF-8 string into the model, one character a key. */
static void type_utf8(struct model *m, const char *s)
{
	for (size_t i = 0; s[i];) {
		uint32_t uc;
		i += utf8_next(s + i, strlen(s + i), &uc);
		press(m, uc);
	}
}

static void test_search_as_you_type(void **state)
{
	(void)state;
	struct model m;
	model_init(&m, bundled, 80, 24, 1);
	type(&m, "jj"); /* reading from article 3 */
	type(&m, "/");
	assert_true(model_showing(&m, MODE_SEARCH));
	type_utf8(&m, "残");
	assert_true(m.search.now.on);
	size_t one = m.search.now.r.n;
	type_utf8(&m, "疾");
	assert_true(m.search.now.r.n > 100 && m.search.now.r.n < one);
	assert_int_equal(m.search.now.r.articles, 2);
	/* the first hit after the reading position: in article 10 */
	assert_int_equal(model_hit_article(&m, m.search.now.cur), 9);
	assert_int_equal(m.body.article, 9);
	assert_int_equal(m.sel, 9);
	/* Backspace searches again for the shorter query */
	press(&m, KB_BACKSPACE);
	assert_int_equal(m.search.now.r.n, one);
	type_utf8(&m, "疾");
	/* Enter keeps it and reads at the hit */
	press(&m, '\r');
	assert_false(model_showing(&m, MODE_SEARCH));
	assert_true(m.search.now.on);
	assert_int_equal(m.focus, PANE_BODY);
	size_t cur = m.search.now.cur, n = m.search.now.r.n;
	type(&m, "n");
	assert_int_equal(m.search.now.cur, cur + 1);
	type(&m, "N");
	assert_int_equal(m.search.now.cur, cur);
	/* past the last hit: back to the first, with a message */
	for (size_t i = cur; i + 1 < n; i++)
		type(&m, "n");
	assert_int_equal(m.search.now.cur, n - 1);
	type(&m, "n");
	assert_int_equal(m.search.now.cur, 0);
	assert_non_null(strstr(m.msg, "wrapped"));
	assert_int_equal(m.body.article, 0);
	type(&m, "N");
	assert_int_equal(m.search.now.cur, n - 1);
	assert_non_null(strstr(m.msg, "wrapped"));
	model_free(&m);
}

static void test_search_esc_restores(void **state)
{
	(void)state;
	struct model m;
	model_init(&m, bundled, 80, 24, 1);
	type(&m, "6\rjjjj");
	struct pos top = model_top(&m);
	size_t piece = m.body.top_piece, off = m.body.top_off;
	type(&m, "/");
	type_utf8(&m, "残疾");
	assert_int_equal(m.body.article, 9); /* moved to a hit */
	press(&m, 0x1B);
	assert_false(model_showing(&m, MODE_SEARCH));
	assert_false(m.search.now.on);
	assert_int_equal(m.body.article, 5);
	assert_int_equal(m.focus, PANE_BODY);
	assert_int_equal(m.body.top_piece, piece);
	assert_int_equal(m.body.top_off, off);
	assert_true(same(model_top(&m), top));
	/* Esc brings back the search that was in effect */
	type(&m, "/");
	type_utf8(&m, "残疾");
	press(&m, '\r');
	type(&m, "nn");
	size_t cur = m.search.now.cur, n = m.search.now.r.n;
	type(&m, "/");
	type_utf8(&m, "北京");
	assert_int_not_equal(m.search.now.r.n, n);
	press(&m, 0x1B);
	assert_true(m.search.now.on);
	assert_int_equal(m.search.now.r.n, n);
	assert_int_equal(m.search.now.cur, cur);
	/* an empty query repeats it (see test_repeat_and_clear); c clears
	 * it */
	type(&m, "c");
	assert_false(m.search.now.on);
	size_t here = m.body.article;
	type(&m, "/");
	type_utf8(&m, "没有这样的词");
	assert_true(m.search.now.on);
	assert_int_equal(m.search.now.r.n, 0);
	assert_non_null(strstr(m.msg, "Not found"));
	assert_int_equal(m.body.article, here); /* nowhere to go */
	press(&m, '\r');
	type(&m, "n");
	assert_non_null(strstr(m.msg, "Not found"));
	model_free(&m);
}

/* A key without the search done: what the program does between a key
 * and the hits coming from the search thread. */
static void press_only(struct model *m, uint32_t code)
{
	model_key(m, (struct key){ code, 0, 0 });
}

/* The hits of the query the model awaits, searched here (as the thread
 * would), not yet handed over. */
static unsigned long search_wanted(struct model *m, struct search_result *r)
{
	const char *q;
	size_t len;
	struct err e = { 0 };
	unsigned long id = model_search_wanted(m, &q, &len);
	assert_true(id != 0);
	assert_int_equal(search_run(m->c, q, len, r, &e), ERR_OK);
	return id;
}

/* Hits come after the keys: stale hits are dropped, Enter before them
 * means go there, a move after Enter means stay, Esc cancels. */
static void test_search_hits_come_later(void **state)
{
	(void)state;
	struct model m;
	struct err ok = { 0 };
	struct search_result r1, r2;
	model_init(&m, bundled, 80, 24, 1);
	type(&m, "jj/");
	press_only(&m, 0x6B8B); /* 残 */
	unsigned long id1 = search_wanted(&m, &r1);
	assert_false(m.search.now.on);
	press_only(&m, 'n' /* typed into the bar */);
	unsigned long id2 = search_wanted(&m, &r2);
	assert_true(id2 > id1);
	/* the hits of "残" come late: dropped, still awaiting "残n" */
	model_search_done(&m, id1, &r1, &ok);
	assert_null(r1.pos);
	assert_false(m.search.now.on);
	assert_int_equal(model_search_wanted(&m, &(const char *){ 0 },
					     &(size_t){ 0 }), id2);
	model_search_done(&m, id2, &r2, &ok);
	assert_true(m.search.now.on);
	assert_int_equal(m.search.now.r.n, 0); /* "残n" is nowhere */
	press(&m, KB_BACKSPACE);
	assert_true(m.search.now.r.n > 0);
	press(&m, 0x1B);

	/* Enter before the hits: when they come, the reader goes there */
	type(&m, "/");
	press_only(&m, 0x6B8B); /* 残 */
	press_only(&m, 0x75BE); /* 疾 */
	press_only(&m, '\r');
	assert_false(model_showing(&m, MODE_SEARCH));
	assert_int_equal(m.focus, PANE_LIST);
	unsigned long id = search_wanted(&m, &r1);
	model_search_done(&m, id, &r1, &ok);
	assert_true(m.search.now.on);
	assert_int_equal(m.focus, PANE_BODY);
	assert_int_equal(m.body.article, 9);
	assert_int_equal(m.search.now.cur, m.search.now.first_hit[9]);

	/* Enter, then a move before the hits: they stay where the reader
	 * went */
	type(&m, "h"); /* back to the list */
	assert_int_equal(m.focus, PANE_LIST);
	type(&m, "g/");
	press_only(&m, 0x6B8B);
	press_only(&m, '\r');
	press_only(&m, 'j');
	size_t sel = m.sel;
	id = search_wanted(&m, &r1);
	model_search_done(&m, id, &r1, &ok);
	assert_true(m.search.now.on);
	assert_int_equal(m.sel, sel);
	assert_int_equal(m.focus, PANE_LIST);
	/* n goes to a hit as ever */
	type(&m, "n");
	assert_int_equal(m.focus, PANE_BODY);
	assert_true(m.search.now.cur != MODEL_NO_HIT);

	/* n while the hits are coming says so; Esc cancels the search */
	size_t n = m.search.now.r.n, cur = m.search.now.cur;
	type(&m, "/");
	press_only(&m, 0x5317); /* 北 */
	id = search_wanted(&m, &r1);
	press_only(&m, 0x1B);
	assert_int_equal(model_search_wanted(&m, &(const char *){ 0 },
					     &(size_t){ 0 }), 0);
	assert_true(m.search.now.on);
	assert_int_equal(m.search.now.r.n, n);
	assert_int_equal(m.search.now.cur, cur);
	model_search_done(&m, id, &r1, &ok); /* too late: dropped */
	assert_int_equal(m.search.now.r.n, n);
	type(&m, "/");
	press_only(&m, 0x5317);
	press_only(&m, '\r');
	press_only(&m, 'n');
	assert_non_null(strstr(m.msg, "Searching"));
	assert_non_null(strstr(m.msg, "…"));
	/* a failed search: its message, no hits */
	id = search_wanted(&m, &r1);
	search_result_free(&r1);
	struct err bad = { ERR_CORRUPT, "x.kb: a search index posting is "
					"cut short" };
	model_search_done(&m, id, &r1, &bad);
	assert_false(m.search.now.on);
	assert_true(m.msg_error);
	assert_non_null(strstr(m.msg, "cut short"));
	model_free(&m);
}

/* Before the hits come: the text near is looked at, the reader goes to
 * the first hit there and sees that article's hits; when the hits come,
 * that hit is the current one, as if they had come at once. */
static void test_search_preview(void **state)
{
	(void)state;
	struct model m, ref;
	struct err ok = { 0 };
	struct search_result r;
	model_init(&m, bundled, 80, 24, 1);
	model_init(&ref, bundled, 80, 24, 1);
	type(&m, "jj/");
	type(&ref, "jj/");
	press_only(&m, 0x6B8B); /* 残 */
	press(&ref, 0x6B8B);
	model_search_preview(&m);
	/* there already, its article's hits shown, the rest awaited */
	assert_int_equal(m.body.article, ref.body.article);
	assert_int_equal(m.body.top_piece, ref.body.top_piece);
	assert_int_equal(m.body.top_off, ref.body.top_off);
	size_t a = ref.body.article, from, to, rfrom, rto;
	model_article_hits(&m, &from, &to);
	model_article_hits(&ref, &rfrom, &rto);
	assert_int_equal(to - from, rto - rfrom);
	for (size_t h = 0; h < to - from; h++)
		assert_int_equal(search_hit(&m.search.now.r, from + h),
				 search_hit(&ref.search.now.r, rfrom + h));
	assert_int_equal(m.search.now.r.articles, 1);
	assert_true(m.search.want != 0);
	/* once per query */
	model_search_preview(&m);
	assert_int_equal(m.search.now.r.articles, 1);
	unsigned long id = search_wanted(&m, &r);
	model_search_done(&m, id, &r, &ok);
	assert_int_equal(m.search.want, 0);
	assert_int_equal(m.search.now.r.n, ref.search.now.r.n);
	assert_int_equal(m.search.now.cur, ref.search.now.cur);
	assert_int_equal(m.body.article, a);
	/* ? (backward, in the article): the last hit before the place */
	model_free(&m);
	model_free(&ref);
	model_init(&m, bundled, 80, 24, 1);
	model_init(&ref, bundled, 80, 24, 1);
	type(&m, "10\rG?");
	type(&ref, "10\rG?");
	press_only(&m, 0x6B8B);
	press(&ref, 0x6B8B);
	model_search_preview(&m);
	id = search_wanted(&m, &r);
	model_search_done(&m, id, &r, &ok);
	assert_int_equal(m.search.now.cur, ref.search.now.cur);
	assert_int_equal(m.body.top_piece, ref.body.top_piece);
	assert_int_equal(m.body.top_off, ref.body.top_off);
	/* a query with no hit near: nothing moves until the hits come */
	press(&m, 0x1B);
	type(&m, "g/");
	size_t here = m.sel;
	press_only(&m, 0x4E0D); /* 不 ... */
	press_only(&m, 0x5B58); /* ...存 */
	model_search_preview(&m);
	assert_int_equal(m.sel, here);
	assert_false(m.search.now.on);
	model_free(&m);
	model_free(&ref);
}

static void test_search_backward(void **state)
{
	(void)state;
	struct model m;
	model_init(&m, bundled, 80, 24, 1);
	type(&m, "9\r"); /* article 9 has no 残疾 */
	type(&m, "?"); /* in an article: backwards, in that article */
	assert_true(model_showing(&m, MODE_SEARCH));
	assert_true(m.search.now.backward);
	type_utf8(&m, "残疾");
	assert_non_null(strstr(m.msg, "Not found in this article"));
	assert_int_equal(m.body.article, 8);
	press(&m, 0x1B);
	type(&m, "1\rG"); /* the end of article 1 */
	type(&m, "?");
	type_utf8(&m, "残疾");
	size_t last = m.search.now.r.per_article[0] - 1;
	assert_int_equal(m.body.article, 0);
	assert_true(m.search.now.cur <= last);
	assert_true(m.search.now.cur > last / 2); /* above the last screen */
	press(&m, '\r');
	size_t cur = m.search.now.cur;
	type(&m, "n"); /* n keeps the direction: backwards */
	assert_int_equal(m.search.now.cur, cur - 1);
	type(&m, "N");
	assert_int_equal(m.search.now.cur, cur);
	/* and stays in the article: past its first hit, to its last */
	type(&m, "g");
	type(&m, "n");
	assert_int_equal(m.search.now.cur, last);
	assert_non_null(strstr(m.msg, "in the article"));
	assert_int_equal(m.body.article, 0);
	model_free(&m);
}

/* One article with hits is "the article", not "the 1 articles" (issue
 * 12, item 17). */
static void test_search_narrow_one(void **state)
{
	(void)state;
	struct model m;
	model_init(&m, bundled, 80, 24, 1);
	type(&m, "/");
	type_utf8(&m, "玉麦");
	press(&m, '\r');
	press(&m, 0x1B);
	type(&m, "&");
	assert_int_equal(model_list_rows(&m), 1);
	assert_string_equal(m.msg, "Listing the 1 article with hits (& for "
				   "all)");
	model_free(&m);
}

/* A message longer than the model holds ends with "…", cut at a
 * character's start (issue 12, item 22). */
static void test_say_cut(void **state)
{
	(void)state;
	struct model m;
	model_init(&m, bundled, 80, 24, 1);
	char big[2048];
	size_t n = 0;
	while (n + 3 < sizeof big - 1) {
		memcpy(big + n, "长", 3);
		n += 3;
	}
	big[n] = '\0';
	model_say(&m, 1, "%s", big);
	size_t len = strlen(m.msg);
	assert_true(len < sizeof m.msg && len > 3);
	assert_string_equal(m.msg + len - 3, "…");
	assert_true(utf8_valid(m.msg, len));
	model_free(&m);
}

static void test_search_narrow_and_results(void **state)
{
	(void)state;
	struct model m;
	model_init(&m, bundled, 80, 24, 1);
	type(&m, "&"); /* no search yet */
	assert_true(m.msg_error);
	type(&m, "/");
	type_utf8(&m, "残疾");
	press(&m, '\r');
	press(&m, 0x1B); /* back to the list */
	type(&m, "&");
	assert_true(m.search.now.narrow);
	assert_string_equal(m.msg, "Listing the 2 articles with hits (& for "
				   "all)");
	assert_int_equal(model_list_rows(&m), 2);
	assert_int_equal(model_list_at(&m, 0), 0);
	assert_int_equal(model_list_at(&m, 1), 9);
	type(&m, "g");
	assert_int_equal(m.sel, 0);
	type(&m, "j"); /* the next row is article 10 */
	assert_int_equal(m.sel, 9);
	type(&m, "j");
	assert_int_equal(m.sel, 9);
	type(&m, "&");
	assert_false(m.search.now.narrow);
	assert_string_equal(m.msg, "Listing all 10 articles");
	assert_int_equal(model_list_rows(&m), 10);
	/* every hit in context: j, then Enter opens there */
	press(&m, 0x12);
	assert_true(model_showing(&m, MODE_RESULTS));
	type(&m, "G");
	assert_int_equal(m.search.res.sel, m.search.now.r.n - 1);
	type(&m, "g");
	type(&m, "jj");
	assert_int_equal(m.search.res.sel, 2);
	press(&m, '\r');
	assert_false(model_showing(&m, MODE_RESULTS));
	assert_int_equal(m.search.now.cur, 2);
	assert_int_equal(m.focus, PANE_BODY);
	/* Esc leaves the results as they were */
	press(&m, 0x12);
	press(&m, 0x1B);
	assert_false(model_showing(&m, MODE_RESULTS));
	assert_int_equal(m.search.now.cur, 2);
	/* a smaller screen keeps the selection in view */
	press(&m, 0x12);
	type(&m, "G");
	size_t last = m.search.now.r.n - 1;
	assert_int_equal(m.search.res.top, last - 21);
	model_resize(&m, 80, 10);
	assert_int_equal(m.search.res.sel, last);
	assert_int_equal(m.search.res.top, last - 7);
	model_resize(&m, 80, 24);
	assert_int_equal(m.search.res.top, last - 21);
	press(&m, 0x1B);
	/* Tab from the bar opens them too */
	type(&m, "/");
	type_utf8(&m, "人");
	press(&m, '\t');
	assert_true(model_showing(&m, MODE_RESULTS));
	model_free(&m);
}

static void test_split_and_wheel(void **state)
{
	(void)state;
	struct model m;
	model_init(&m, bundled, 200, 50, 1);
	struct geometry g;
	model_geometry(&m, &g);
	assert_true(g.split);
	assert_int_equal(g.list_w, 117);
	assert_int_equal(g.body_x, 118);
	assert_int_equal(g.text_w, MODEL_MEASURE); /* capped, centred */
	assert_int_equal(g.text_x, 118 + (82 - 80) / 2);
	/* the body follows the selection */
	type(&m, "j");
	assert_int_equal(m.body.article, 1);
	/* the wheel over the list moves it; over the body scrolls that */
	model_key(&m, (struct key){ KB_WHEEL_DOWN, 5, 10 });
	assert_int_equal(m.sel, 1 + MODEL_WHEEL);
	type(&m, "g"); /* article 1 is long enough to scroll at 50 rows */
	struct pos p0 = model_top(&m);
	model_key(&m, (struct key){ KB_WHEEL_DOWN, 5, 150 });
	struct pos p = p0;
	for (int i = 0; i < MODEL_WHEEL; i++)
		model_next(&m, &p);
	assert_true(same(model_top(&m), p));
	assert_int_equal(m.focus, PANE_LIST); /* focus stays */
	model_key(&m, (struct key){ KB_WHEEL_UP, 5, 150 });
	assert_true(same(model_top(&m), p0));
	/* no cap: the text fills the pane, 3/5 of the screen */
	model_free(&m);
	model_init(&m, bundled, 200, 50, 0);
	model_geometry(&m, &g);
	assert_int_equal(g.list_w, 80);
	assert_int_equal(g.text_w, 117);
	model_free(&m);
}

/* Side by side the list's share grows with the terminal: half the screen
 * at 100 to 165 columns (15 Han of each title at 100, where 2/5 gave 9),
 * then all but the article's text column and its margins (117 columns
 * at 200, where it stopped at 60); the article keeps its 40 Han from 166
 * columns (issue 12, the habits). */
static void test_split_share(void **state)
{
	(void)state;
	int last = 0;
	for (int w = MODEL_SPLIT_W; w <= 300; w++) {
		struct model m;
		struct geometry g;
		model_init(&m, bundled, w, 30, 1);
		model_geometry(&m, &g);
		assert_true(g.split);
		if (g.list_w < last || g.list_w < w / 2)
			fail_msg("%d columns: a list of %d (%d at one less)", w,
				 g.list_w, last);
		/* the title's room: less the N, the ID, the date, a margin */
		if (g.list_w - 3 - 4 - 12 - 1 < 30)
			fail_msg("%d columns: %d columns of title", w,
				 g.list_w - 20);
		assert_int_equal(g.list_w + 1 + g.body_w, w);
		if (w >= 166)
			assert_int_equal(g.body_w, MODEL_MEASURE + 2);
		assert_true(g.text_w <= MODEL_MEASURE);
		last = g.list_w;
		model_free(&m);
	}
}

/* The wheel goes to the mode on top: in the results view it moves the
 * results, not the list hidden behind them; with the help shown it scrolls
 * the help and leaves the list behind it alone. */
static void test_wheel_to_mode_on_top(void **state)
{
	(void)state;
	struct model m;
	model_init(&m, bundled, 40, 12, 1); /* the help does not fit */
	type(&m, "/");
	type_utf8(&m, "残疾");
	press(&m, '\r');
	press(&m, 0x1B); /* back to the list */
	size_t sel = m.sel, top = m.list_top;
	press(&m, 0x12);
	assert_true(model_showing(&m, MODE_RESULTS));
	assert_int_equal(m.search.res.sel, 0);
	model_key(&m, (struct key){ KB_WHEEL_DOWN, 3, 5 });
	assert_int_equal(m.search.res.sel, MODEL_WHEEL);
	assert_int_equal(m.sel, sel);
	model_key(&m, (struct key){ KB_WHEEL_UP, 3, 5 });
	assert_int_equal(m.search.res.sel, 0);
	assert_true(model_showing(&m, MODE_RESULTS));
	press(&m, 0x1B);
	type(&m, "g");
	sel = m.sel, top = m.list_top;
	type(&m, "?");
	model_key(&m, (struct key){ KB_WHEEL_DOWN, 3, 5 });
	assert_true(model_showing(&m, MODE_HELP)); /* the wheel does not close it */
	assert_int_equal(m.help.top, MODEL_WHEEL);
	assert_int_equal(m.sel, sel);
	assert_int_equal(m.list_top, top);
	model_key(&m, (struct key){ KB_WHEEL_UP, 3, 5 });
	assert_int_equal(m.help.top, 0);
	assert_true(model_showing(&m, MODE_HELP));
	/* the bars have no use for it: the list behind the filter bar
	 * moves, and what is typed stays */
	type(&m, "xf"); /* x closes the help */
	type(&m, "2"); /* the dated ones */
	size_t rows = model_list_rows(&m), row = 0;
	assert_true(rows > MODEL_WHEEL);
	while (model_list_at(&m, row) != m.sel)
		row++;
	model_key(&m, (struct key){ KB_WHEEL_DOWN, 3, 5 });
	assert_true(model_showing(&m, MODE_FILTER));
	assert_int_equal(m.sel, model_list_at(&m, row + MODEL_WHEEL));
	assert_int_equal(m.filter.edit.len, 1);
	model_free(&m);
}

/* A click of the mouse's first button at (row, col), or a double click. */
static unsigned click(struct model *m, int row, int col, int twice)
{
	unsigned todo = model_key(m, (struct key){
		twice ? KB_DOUBLE_CLICK : KB_CLICK, row, col });
	model_search_now(m);
	return todo;
}

/* A click selects a row of the list, a double click opens it (issue 12's
 * habit, as in mutt and newsboat); beside the list a click in the body
 * gives it the focus; in the results and the bookmarks a click selects, a
 * double click goes there. */
static void test_mouse_click(void **state)
{
	(void)state;
	struct model m;
	model_init(&m, bundled, 80, 24, 1);
	assert_int_equal(click(&m, 3, 10, 0), 0);
	assert_int_equal(m.sel, 3);
	assert_int_equal(m.focus, PANE_LIST);
	click(&m, 22, 10, 0); /* the status line: nothing */
	click(&m, 15, 10, 0); /* below the last row: nothing */
	assert_int_equal(m.sel, 3);
	click(&m, 5, 10, 1);
	assert_int_equal(m.focus, PANE_BODY);
	assert_int_equal(m.body.article, 5);
	struct pos top = model_top(&m);
	click(&m, 3, 10, 1); /* in the article alone: nothing */
	assert_true(same(model_top(&m), top));
	assert_int_equal(m.body.article, 5);
	model_free(&m);

	model_init(&m, bundled, 200, 50, 1); /* side by side */
	click(&m, 2, 10, 0);
	assert_int_equal(m.sel, 2);
	assert_int_equal(m.body.article, 2); /* the body follows */
	assert_int_equal(m.focus, PANE_LIST);
	click(&m, 5, 120, 0); /* in the body: the focus */
	assert_int_equal(m.focus, PANE_BODY);
	assert_int_equal(m.body.article, 2);
	click(&m, 4, 10, 0); /* in the list: the focus back, 4 selected */
	assert_int_equal(m.focus, PANE_LIST);
	assert_int_equal(m.body.article, 4);
	click(&m, 6, 10, 1);
	assert_int_equal(m.focus, PANE_BODY);
	assert_int_equal(m.body.article, 6);

	/* the results: a click selects a hit, a double click opens it */
	type(&m, "/");
	type_utf8(&m, "残疾");
	press(&m, '\r');
	press(&m, 0x12);
	assert_true(model_showing(&m, MODE_RESULTS));
	size_t top_hit = m.search.res.top;
	click(&m, 3, 50, 0);
	assert_int_equal(m.search.res.sel, top_hit + 3);
	assert_true(model_showing(&m, MODE_RESULTS));
	click(&m, 4, 50, 1);
	assert_false(model_showing(&m, MODE_RESULTS));
	assert_int_equal(m.search.now.cur, top_hit + 4);
	assert_int_equal(m.focus, PANE_BODY);

	/* the bookmarks likewise */
	type(&m, "1\rm3\rm'");
	assert_true(model_showing(&m, MODE_MARKS));
	click(&m, 1, 50, 0);
	assert_int_equal(m.marks_list.sel, 1);
	click(&m, 7, 50, 0); /* below the last: nothing */
	assert_int_equal(m.marks_list.sel, 1);
	click(&m, 0, 50, 1);
	assert_false(model_showing(&m, MODE_MARKS));
	assert_int_equal(m.body.article, 0);
	model_free(&m);
}

static void test_resize_keeps_anchor(void **state)
{
	(void)state;
	struct model m;
	model_init(&m, bundled, 120, 40, 1);
	type(&m, "6\r"); /* article 6 */
	type(&m, "\r7\r"); /* the feature on 京津冀 */
	assert_int_equal(m.body.article, 6);
	for (int i = 0; i < 30; i++)
		type(&m, "j");
	struct pos before = model_top(&m);
	size_t piece = m.body.top_piece, off = m.body.top_off;
	model_resize(&m, 50, 20);
	struct pos narrow = model_top(&m);
	assert_int_equal(narrow.piece, before.piece);
	assert_int_equal(m.body.top_off, off);
	/* the top line now holds the anchor byte */
	enum doc_kind kind;
	const char *t;
	size_t len, indent;
	model_line(&m, narrow, &kind, &t, &len, &indent);
	const char *piece_text = m.body.doc.p[piece].text;
	assert_true((size_t)(t - piece_text) <= off);
	assert_true((size_t)(t - piece_text) + len > off);
	model_resize(&m, 120, 40);
	assert_true(same(model_top(&m), before));
	/* too small and back: nothing lost */
	model_resize(&m, 1, 1);
	struct geometry g;
	model_geometry(&m, &g);
	assert_true(g.too_small);
	type(&m, "jkG g]");
	model_resize(&m, 120, 40);
	model_free(&m);
}

static void test_lazy_layout(void **state)
{
	(void)state;
	struct model m;
	model_init(&m, many, 80, 24, 1);
	type(&m, "G\r"); /* the 100,000-character article */
	assert_int_equal(m.body.article, 100);
	struct pos p = model_top(&m);
	for (int r = 0; r < 22 && model_next(&m, &p); r++)
		;
	size_t wrapped = 0;
	for (size_t i = 0; i < m.body.doc.n; i++)
		wrapped += m.body.pl[i].n >= 0;
	assert_true(wrapped < 12); /* a screenful, not 1000 paragraphs */
	type(&m, "G"); /* the end wraps the last pieces only */
	wrapped = 0;
	for (size_t i = 0; i < m.body.doc.n; i++)
		wrapped += m.body.pl[i].n >= 0;
	assert_true(wrapped < 24);
	assert_int_equal(model_percent(&m), 100);
	model_free(&m);
}

static void test_empty_corpus(void **state)
{
	(void)state;
	void *data;
	size_t size;
	struct corpus *c;
	struct err e = { 0 };
	assert_int_equal(corpus_write_mem(NULL, 0, NULL, &data, &size, &e), ERR_OK);
	assert_int_equal(corpus_open_mem(data, size, "empty", &c, &e), ERR_OK);
	struct model m;
	model_init(&m, c, 80, 24, 1);
	type(&m, "jkG g\r\t]1\r?x");
	press(&m, KB_PGDN);
	assert_int_equal(m.n, 0);
	assert_false(m.body.open);
	model_free(&m);
	corpus_close(c);
	free(data);
}

/* ---- issue 7: filter, sort, read marks, bookmarks, state, copying ------*/

static void test_filter_bar(void **state)
{
	(void)state;
	struct model m;
	model_init(&m, many, 80, 24, 1);
	type(&m, "jjjf"); /* f in the list: the filter bar */
	assert_true(model_showing(&m, MODE_FILTER));
	type(&m, "2023-05-0"); /* the list follows each key */
	assert_int_equal(model_list_rows(&m), 36);
	assert_int_equal(m.sel, 3); /* dated the 4th: still listed */
	type(&m, "9");
	assert_int_equal(model_list_rows(&m), 4);
	assert_int_equal(m.sel, 8); /* not listed: the nearest row */
	press(&m, '\r');
	assert_false(model_showing(&m, MODE_FILTER));
	assert_int_equal(model_list_rows(&m), 4); /* Enter keeps it */
	type(&m, "j");
	assert_int_equal(m.sel, 36); /* j and ] go by the list */
	type(&m, "]");
	assert_int_equal(m.body.article, 64);
	type(&m, "hf"); /* f again: the filter to edit, Esc clears it */
	assert_true(model_showing(&m, MODE_FILTER));
	press(&m, 0x1B);
	assert_false(model_showing(&m, MODE_FILTER));
	assert_null(m.filter.text);
	assert_int_equal(model_list_rows(&m), 101);
	type(&m, "f");
	type_utf8(&m, "第10");
	assert_int_equal(model_list_rows(&m), 2); /* 第10篇 and 第100篇 */
	type(&m, "x");
	assert_int_equal(model_list_rows(&m), 0);
	assert_string_equal(m.msg, "No article matches");
	press(&m, KB_BACKSPACE);
	assert_int_equal(model_list_rows(&m), 2);
	press(&m, '\r');
	press(&m, '\r'); /* opens the selected, listed article */
	assert_int_equal(m.body.article, 99); /* the nearest to where it was */
	type(&m, "f"); /* in the article, f pages down (see test_keys) */
	assert_false(model_showing(&m, MODE_FILTER));
	assert_int_equal(m.focus, PANE_BODY);
	model_free(&m);
}

static void test_sort_by_date(void **state)
{
	(void)state;
	struct model m;
	model_init(&m, many, 80, 24, 1);
	type(&m, "o");
	assert_int_equal(m.sort, LIST_DATE);
	assert_int_equal(model_list_at(&m, 0), 27); /* the 28th, first */
	assert_int_equal(model_list_at(&m, 100), 100); /* no date: last */
	assert_int_equal(m.sel, 0); /* the selection stays on its article */
	type(&m, "g");
	assert_int_equal(m.sel, 27);
	type(&m, "j");
	assert_int_equal(m.sel, 55);
	type(&m, "o");
	assert_int_equal(model_list_at(&m, 27), 27);
	assert_int_equal(m.sel, 55);
	model_free(&m);
}

static void test_read_marks(void **state)
{
	(void)state;
	struct model m;
	model_init(&m, bundled, 200, 50, 1); /* split: the body follows */
	assert_int_equal(m.nread, 0);
	type(&m, "jj"); /* selecting is not reading */
	assert_int_equal(m.nread, 0);
	press(&m, '\r'); /* opening is */
	assert_true(model_is_read(&m, 2));
	assert_int_equal(m.nread, 1);
	type(&m, "u"); /* in the article: half a page up, no mark */
	assert_true(model_is_read(&m, 2));
	type(&m, "hu"); /* in the list: unread */
	assert_false(model_is_read(&m, 2));
	assert_int_equal(m.nread, 0);
	type(&m, "u");
	assert_true(model_is_read(&m, 2));
	type(&m, "]"); /* the next article read in the body: read */
	assert_int_equal(m.nread, 1); /* the list has the focus */
	type(&m, "\t");
	assert_true(model_is_read(&m, 3));
	model_free(&m);
}

static void test_bookmarks(void **state)
{
	(void)state;
	struct model m;
	model_init(&m, many, 80, 24, 1);
	type(&m, "101\r"); /* the long article */
	type(&m, "    ");
	size_t piece = m.body.top_piece, off = m.body.top_off;
	type(&m, "m");
	assert_int_equal(m.nmarks, 1);
	assert_int_equal(m.marks[0].article, 100);
	assert_int_equal(m.marks[0].piece, piece);
	assert_int_equal(m.marks[0].off, off == MODEL_GAP ? 0 : off);
	type(&m, "m"); /* on the top line: m removes it */
	assert_int_equal(m.nmarks, 0);
	type(&m, "m     m"); /* two places, a page and more apart */
	assert_int_equal(m.nmarks, 2);
	type(&m, "h3\rm"); /* in the list: the article's start */
	assert_int_equal(m.nmarks, 3);
	assert_int_equal(m.marks[0].article, 2); /* in reading order */
	assert_int_equal(m.marks[0].piece, 0);
	type(&m, "'");
	assert_true(model_showing(&m, MODE_MARKS));
	assert_int_equal(m.marks_list.sel, 0);
	type(&m, "jj\r"); /* the last: where it was made */
	assert_false(model_showing(&m, MODE_MARKS));
	assert_int_equal(m.focus, PANE_BODY);
	assert_int_equal(m.body.article, 100);
	assert_int_equal(m.body.top_piece, m.marks[2].piece);
	assert_int_equal(m.body.top_off, m.marks[2].off);
	type(&m, "'d"); /* d deletes the selected one */
	assert_int_equal(m.nmarks, 2);
	assert_true(model_showing(&m, MODE_MARKS));
	press(&m, 0x1B);
	assert_false(model_showing(&m, MODE_MARKS));
	assert_int_equal(m.body.article, 100); /* Esc: nothing moved */
	type(&m, "'dd");
	assert_int_equal(m.nmarks, 0);
	assert_false(model_showing(&m, MODE_MARKS)); /* none left: the view closes */
	type(&m, "'");
	assert_false(model_showing(&m, MODE_MARKS));
	assert_non_null(strstr(m.msg, "No bookmarks"));
	model_free(&m);
}

/* m bookmarks the top line unless a bookmark is there already (issue 12,
 * item 6): two bookmarks on one screen, and m removes only the one at the
 * top; model_mark_on says which line holds one, for the margin. */
static void test_bookmark_top_line(void **state)
{
	(void)state;
	struct model m;
	model_init(&m, bundled, 80, 24, 1);
	type(&m, "\rdm");
	assert_int_equal(m.nmarks, 1);
	struct pos half = model_top(&m), p = half;
	assert_true(model_mark_on(&m, p));
	assert_true(model_next(&m, &p));
	assert_false(model_mark_on(&m, p));
	type(&m, "gm"); /* the first one on the screen, not on the top line */
	assert_int_equal(m.nmarks, 2);
	assert_non_null(strstr(m.msg, "Bookmarked (2 in all"));
	assert_true(model_mark_on(&m, model_top(&m)));
	assert_true(model_mark_on(&m, half));
	type(&m, "m"); /* the one at the top: removed */
	assert_int_equal(m.nmarks, 1);
	assert_non_null(strstr(m.msg, "Bookmark removed: 1 left"));
	assert_false(model_mark_on(&m, model_top(&m)));
	assert_true(model_mark_on(&m, half));
	type(&m, "jm"); /* a line down: another top line */
	assert_int_equal(m.nmarks, 2);
	type(&m, "km");
	assert_int_equal(m.nmarks, 3);
	type(&m, "dm"); /* the first one again: removed */
	assert_int_equal(m.nmarks, 2);
	assert_false(model_mark_on(&m, half));
	/* in the list: the selected article's start */
	type(&m, "hjm");
	assert_int_equal(m.nmarks, 3);
	assert_int_equal(m.marks[2].article, 1);
	assert_int_equal(m.marks[2].piece, 0);
	assert_int_equal(m.marks[2].off, 0);
	type(&m, "m");
	assert_int_equal(m.nmarks, 2);
	model_free(&m);
}

static void test_state_round_trip(void **state)
{
	(void)state;
	struct model m;
	model_init(&m, many, 80, 24, 1);
	type(&m, "o5\rjjjjjm");
	type(&m, "101\r          ");
	struct model_place was;
	model_where(&m, &was);
	struct state st = { 0 };
	assert_int_equal(model_save_state(&m, &st), 0);
	assert_int_equal(st.sort, STATE_SORT_DATE);
	assert_int_equal(st.nread, 2); /* 5 and 101: two ranges */
	assert_int_equal(st.read[0].first, 4);
	assert_int_equal(st.nmarks, 1);
	assert_true(st.in_article);
	model_free(&m);

	/* at another size, the same place */
	model_init(&m, many, 60, 30, 1);
	model_load_state(&m, &st, 1);
	assert_int_equal(m.focus, PANE_BODY);
	assert_int_equal(m.body.article, 100);
	assert_int_equal(m.body.top_piece, was.piece);
	assert_int_equal(m.body.top_off, was.off);
	assert_int_equal(m.sort, LIST_DATE);
	assert_int_equal(model_list_at(&m, 0), 27);
	assert_true(model_is_read(&m, 4) && model_is_read(&m, 100));
	assert_int_equal(m.nread, 2);
	assert_int_equal(m.nmarks, 1);
	model_free(&m);

	/* without resuming: the list, the rest kept */
	model_init(&m, many, 60, 30, 1);
	model_load_state(&m, &st, 0);
	assert_int_equal(m.focus, PANE_LIST);
	assert_int_equal(m.nread, 2);
	assert_int_equal(m.nmarks, 1);
	model_free(&m);

	/* what lies outside the corpus is dropped */
	st.article = 5000;
	st.read[1].last = 1u << 30;
	st.marks[0].article = 777;
	model_init(&m, many, 60, 30, 1);
	model_load_state(&m, &st, 1);
	assert_int_equal(m.focus, PANE_LIST);
	assert_int_equal(m.nread, 2); /* 4 and 100, no further */
	assert_int_equal(m.nmarks, 0);
	model_free(&m);
	st.article = 100;
	st.piece = 1u << 20; /* no such piece: where the article was left */
	model_init(&m, many, 60, 30, 1);
	model_load_state(&m, &st, 1);
	assert_int_equal(m.body.article, 100);
	assert_int_equal(m.body.top_piece, was.piece);
	model_free(&m);
	st.nleft = 0; /* and when it was left nowhere: its start */
	model_init(&m, many, 60, 30, 1);
	model_load_state(&m, &st, 1);
	assert_int_equal(m.body.article, 100);
	assert_int_equal(m.body.top_piece, 0);
	model_free(&m);
	state_free(&st);
}

/* Each article remembers where the reader left it, as less does for :n
 * and :p (issue 12's habit): ] and [, opening it from the list, and the
 * body beside the list return there; at its start it has no place; the
 * places go into the state and come back from it. */
static void test_article_places(void **state)
{
	(void)state;
	struct model m;
	struct state none = { 0 }; /* a first run: no state file */
	model_init(&m, bundled, 80, 24, 1);
	model_load_state(&m, &none, 1);
	type(&m, "\r  j");
	size_t piece = m.body.top_piece, off = m.body.top_off;
	assert_true(piece > 0);
	type(&m, "]"); /* article 2, at its start */
	assert_int_equal(m.body.article, 1);
	assert_int_equal(m.body.top_piece, 0);
	type(&m, "d");
	size_t piece2 = m.body.top_piece, off2 = m.body.top_off;
	type(&m, "["); /* back to 1: where it was left */
	assert_int_equal(m.body.article, 0);
	assert_int_equal(m.body.top_piece, piece);
	assert_int_equal(m.body.top_off, off);
	type(&m, "hj\r"); /* 2 from the list */
	assert_int_equal(m.body.article, 1);
	assert_int_equal(m.body.top_piece, piece2);
	assert_int_equal(m.body.top_off, off2);
	type(&m, "g[]"); /* left at its start: nothing to remember */
	assert_int_equal(m.body.top_piece, 0);
	assert_int_equal(m.body.top_off, 0);
	type(&m, "3\r"); /* by its ID too: 3 at its start, then 1 */
	assert_int_equal(m.body.top_piece, 0);
	type(&m, "1\r");
	assert_int_equal(m.body.top_piece, piece);
	assert_int_equal(m.body.top_off, off);

	/* kept between runs: in the state, and back from it */
	struct state st = { 0 };
	assert_int_equal(model_save_state(&m, &st), 0);
	assert_int_equal(st.nleft, 1); /* 1; 2 and 3 at their starts */
	assert_int_equal(st.left[0].article, 0);
	assert_int_equal(st.left[0].piece, piece);
	assert_int_equal(st.left[0].off, off);
	model_free(&m);
	model_init(&m, bundled, 80, 24, 1);
	model_load_state(&m, &st, 0); /* not resumed: the list */
	assert_int_equal(m.focus, PANE_LIST);
	type(&m, "\r");
	assert_int_equal(m.body.article, 0);
	assert_int_equal(m.body.top_piece, piece);
	assert_int_equal(m.body.top_off, off);
	model_free(&m);
	state_free(&st);

	/* side by side: the body follows the selection to each place */
	model_init(&m, bundled, 200, 50, 1);
	type(&m, "\t  \t");
	piece = m.body.top_piece, off = m.body.top_off;
	assert_true(piece > 0);
	type(&m, "jk");
	assert_int_equal(m.body.article, 0);
	assert_int_equal(m.body.top_piece, piece);
	assert_int_equal(m.body.top_off, off);
	model_free(&m);
}

/* The places of the most recent STATE_LEFT_MAX articles are kept. */
static void test_article_places_bounded(void **state)
{
	(void)state;
	enum { N = STATE_LEFT_MAX + 200 };
	struct article *a = calloc(N, sizeof *a);
	assert_non_null(a);
	for (int i = 0; i < N; i++) {
		a[i].title = strdup("标题");
		for (int k = 0; k < 3; k++)
			article_add_block(&a[i], BLOCK_PARA,
					  strdup("一段文字。又一段文字。"));
	}
	void *data;
	size_t size;
	struct corpus *c;
	struct err e = { 0 };
	assert_int_equal(corpus_write_mem(a, N, NULL, &data, &size, &e),
			 ERR_OK);
	for (int i = 0; i < N; i++)
		article_free(&a[i]);
	free(a);
	assert_int_equal(corpus_open_mem(data, size, "many", &c, &e), ERR_OK);
	struct state st = { 0 };
	st.left = malloc(N * sizeof *st.left);
	assert_non_null(st.left);
	for (size_t i = 0; i < N; i++) /* left one a second, in order */
		st.left[st.nleft++] = (struct state_left){ i, 1, 3,
							   (int64_t)i };
	struct model m;
	model_init(&m, c, 40, 5, 1); /* three rows: G moves */
	model_load_state(&m, &st, 0);
	state_free(&st);
	type(&m, "\rG"); /* article 1 left at its end: the most recent */
	assert_true(m.body.top_piece > 0);
	type(&m, "h");
	assert_int_equal(model_save_state(&m, &st), 0);
	assert_int_equal(st.nleft, STATE_LEFT_MAX);
	assert_int_equal(st.left[0].article, 0); /* just now */
	assert_int_equal(st.left[1].article, 201); /* 1-200 the oldest */
	assert_int_equal(st.left[STATE_LEFT_MAX - 1].article, N - 1);
	state_free(&st);
	model_free(&m);
	corpus_close(c);
	free(data);
}

static void test_copy(void **state)
{
	(void)state;
	struct model m;
	size_t len;
	model_init(&m, many, 80, 24, 1);
	assert_int_equal(press(&m, 'y'), 0); /* the list: nothing to copy */
	assert_null(model_take_copy(&m, &len));
	type(&m, "101\r   ");
	assert_int_equal(press(&m, 'y'), MODEL_DO_COPY);
	char *t = model_take_copy(&m, &len);
	assert_non_null(t);
	const struct doc_piece *p = &m.body.doc.p[model_current_piece(&m)];
	assert_int_equal(len, p->len);
	assert_memory_equal(t, p->text, len);
	assert_null(model_take_copy(&m, &len)); /* handed over once */
	free(t);
	/* during a search: the hit's sentence, its 。 included */
	type(&m, "/");
	type_utf8(&m, "字字。字");
	press(&m, '\r');
	assert_true(m.search.now.on);
	type(&m, "y");
	t = model_take_copy(&m, &len);
	assert_non_null(t);
	assert_int_equal(len, 10 * 3); /* 字 x9 and 。 */
	assert_memory_equal(t + len - 3, "。", 3);
	free(t);
	m.clipboard = 0; /* --no-clipboard */
	assert_int_equal(press(&m, 'y'), 0);
	assert_null(model_take_copy(&m, &len));
	assert_non_null(strstr(m.msg, "--no-clipboard"));
	model_free(&m);
}

/* The closers after a sentence's end are its own, as base/punct.h has
 * them: 】 too, and an ASCII full stop inside a number ends nothing. */
static void test_copy_sentence_closers(void **state)
{
	(void)state;
	struct article a;
	memset(&a, 0, sizeof a);
	a.title = strdup("标题");
	article_add_block(&a, BLOCK_PARA,
			  strdup("【甲说：“增长3.5个百分点。”】乙丙丁。"));
	void *data;
	size_t size, len;
	struct corpus *c;
	struct err e = { 0 };
	assert_int_equal(corpus_write_mem(&a, 1, NULL, &data, &size, &e),
			 ERR_OK);
	article_free(&a);
	assert_int_equal(corpus_open_mem(data, size, "one", &c, &e), ERR_OK);
	struct model m;
	model_init(&m, c, 80, 24, 1);
	type(&m, "\r/");
	type_utf8(&m, "百分点");
	press(&m, '\r');
	type(&m, "y");
	char *t = model_take_copy(&m, &len);
	const char *want = "【甲说：“增长3.5个百分点。”】";
	assert_non_null(t);
	assert_int_equal(len, strlen(want));
	assert_memory_equal(t, want, len);
	free(t);
	model_free(&m);
	corpus_close(c);
	free(data);
}

/* One article: the filter's messages say "article", not "articles"
 * (issue 12, item 17). */
static void test_filter_one_article(void **state)
{
	(void)state;
	struct article a;
	memset(&a, 0, sizeof a);
	a.title = strdup("标题");
	article_add_block(&a, BLOCK_PARA, strdup("正文。"));
	void *data;
	size_t size;
	struct corpus *c;
	struct err e = { 0 };
	assert_int_equal(corpus_write_mem(&a, 1, NULL, &data, &size, &e),
			 ERR_OK);
	article_free(&a);
	assert_int_equal(corpus_open_mem(data, size, "one", &c, &e), ERR_OK);
	struct model m;
	model_init(&m, c, 80, 24, 1);
	type(&m, "f");
	type_utf8(&m, "标题");
	press(&m, '\r');
	assert_string_equal(m.msg, "1 of 1 article listed (f, then Esc: all)");
	type(&m, "f");
	press(&m, 0x1B);
	assert_string_equal(m.msg, "Listing all 1 article");
	model_free(&m);
	corpus_close(c);
	free(data);
}

/* y during a search copies the hit's sentence with its quotation marks
 * balanced (issue 12, item 10): a sentence inside a quotation takes the
 * opening mark from before it, one that opens a quotation runs on to the
 * mark that closes it. */
static char *copy_hit(struct corpus *c, const char *query, size_t *len)
{
	struct model m;
	model_init(&m, c, 80, 24, 1);
	type(&m, "\r/");
	type_utf8(&m, query);
	press(&m, '\r');
	type(&m, "y");
	char *t = model_take_copy(&m, len);
	model_free(&m);
	assert_non_null(t);
	return t;
}

static void test_copy_sentence_quotes(void **state)
{
	(void)state;
	size_t len;
	/* the bundled article 1: "“妈妈！好，和你握握手。”" */
	char *t = copy_hit(bundled, "握握手", &len);
	const char *want = "“妈妈！好，和你握握手。”";
	assert_int_equal(len, strlen(want));
	assert_memory_equal(t, want, len);
	free(t);
	static const struct {
		const char *para, *query, *want;
	} cases[] = {
		/* the quotation opened before the sentence, a book title in
		 * it balanced already */
		{ "前文。他说：“走吧！《人民日报》写了。”后文。", "写了",
		  "“走吧！《人民日报》写了。”" },
		/* the sentence opens a quotation that goes on */
		{ "他说：“我们要努力。明天再来。”他走了。", "努力",
		  "他说：“我们要努力。明天再来。”" },
		/* nested: the inner quotation is the sentence's */
		{ "“甲说「乙！丙。」丁。”戊。", "丙", "「乙！丙。」" },
		/* no quotation: the sentence alone */
		{ "一二。三四。五六。", "三四", "三四。" },
		/* a mark without its pair in the paragraph: as it is */
		{ "甲乙。丙丁。”戊己。", "丙丁", "丙丁。”" },
	};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		struct article a;
		memset(&a, 0, sizeof a);
		a.title = strdup("标题");
		article_add_block(&a, BLOCK_PARA, strdup(cases[k].para));
		void *data;
		size_t size;
		struct corpus *c;
		struct err e = { 0 };
		assert_int_equal(corpus_write_mem(&a, 1, NULL, &data, &size, &e),
				 ERR_OK);
		article_free(&a);
		assert_int_equal(corpus_open_mem(data, size, "one", &c, &e),
				 ERR_OK);
		t = copy_hit(c, cases[k].query, &len);
		if (len != strlen(cases[k].want) ||
		    memcmp(t, cases[k].want, len))
			fail_msg("%s: copied %.*s, not %s", cases[k].para,
				 (int)len, t, cases[k].want);
		free(t);
		corpus_close(c);
		free(data);
	}
}

static void test_ruler_and_measure(void **state)
{
	(void)state;
	struct model m;
	struct geometry g;
	model_init(&m, many, 90, 24, 1);
	type(&m, "101\r");
	model_geometry(&m, &g);
	assert_int_equal(g.text_w, MODEL_MEASURE);
	type(&m, "w");
	model_geometry(&m, &g);
	assert_int_equal(g.text_w, 88);
	type(&m, "w");
	model_geometry(&m, &g);
	assert_int_equal(g.text_w, MODEL_MEASURE);
	type(&m, "r");
	assert_true(m.ruler);
	type(&m, "jjjj");
	assert_int_equal(model_current_piece(&m), m.body.top_piece);
	type(&m, "r");
	assert_false(m.ruler);
	model_free(&m);
}


/* ---- issue 12: defects found in long use, and readers' habits --------*/

/* The line above p (p itself at the first line). */
static struct pos line_above(struct model *m, struct pos p)
{
	model_prev(m, &p);
	return p;
}

/* The top shown is `end`, the last top that fills the pane: j stays
 * there, k goes up one line (nothing jumps), and j comes back. */
static void at_bound(struct model *m, struct pos end)
{
	assert_true(same(model_top(m), end));
	assert_int_equal(model_percent(m), 100);
	type(m, "j");
	assert_true(same(model_top(m), end));
	type(m, "k");
	assert_true(same(model_top(m), line_above(m, end)));
	type(m, "j");
	assert_true(same(model_top(m), end));
}

/* The top G gives article `id` (1-based) at w x h. */
static struct pos end_at(int w, int h, const char *id)
{
	struct model ref;
	model_init(&ref, bundled, w, h, 1);
	type(&ref, id);
	type(&ref, "\rG");
	struct pos end = model_top(&ref);
	model_free(&ref);
	return end;
}

/* Item 1: every way of placing the view obeys the bound G and Space obey;
 * j and k from there never jump. */
static void test_view_bound(void **state)
{
	(void)state;
	struct model m;
	struct pos end = end_at(80, 24, "1");
	/* a hit in the last lines, shown two lines from the top */
	model_init(&m, bundled, 80, 24, 1);
	type(&m, "\r/");
	type_utf8(&m, "向阳而生");
	press(&m, '\r');
	assert_int_equal(m.body.article, 0);
	at_bound(&m, end);
	/* backwards to the last hit of the article, round its start */
	type(&m, "g?");
	type_utf8(&m, "残疾");
	press(&m, '\r');
	at_bound(&m, end);
	type(&m, "gn"); /* n goes on backwards: round the start again */
	assert_non_null(strstr(m.msg, "wrapped"));
	at_bound(&m, end);
	model_free(&m);

	/* the end at 40x12, the screen grown to 120x50: the end there */
	model_init(&m, bundled, 40, 12, 1);
	type(&m, "1\rG");
	struct pos small = model_top(&m);
	model_resize(&m, 120, 50);
	at_bound(&m, end_at(120, 50, "1"));
	model_free(&m);
	/* the anchor itself is kept: back at 40x12, the same end */
	model_init(&m, bundled, 40, 12, 1);
	type(&m, "1\rG");
	model_resize(&m, 120, 50);
	model_resize(&m, 40, 12);
	assert_true(same(model_top(&m), small));
	struct state st = { 0 };
	assert_int_equal(model_save_state(&m, &st), 0);
	model_free(&m);

	/* resumed at a bigger size */
	model_init(&m, bundled, 120, 50, 1);
	model_load_state(&m, &st, 1);
	assert_int_equal(m.focus, PANE_BODY);
	at_bound(&m, end_at(120, 50, "1"));
	model_free(&m);
	state_free(&st);
}


/* Item 2: after a resize to side by side, the body shows the article the
 * list selects, and Tab reads that one. */
static void test_resize_body_follows(void **state)
{
	(void)state;
	struct model m;
	model_init(&m, bundled, 80, 24, 1);
	type(&m, "7\r");
	press(&m, 0x1B);
	type(&m, "jj");
	assert_int_equal(m.sel, 8);
	model_resize(&m, 100, 30);
	assert_int_equal(m.body.article, 8);
	type(&m, "\t");
	assert_int_equal(m.focus, PANE_BODY);
	assert_int_equal(m.body.article, 8);
	model_free(&m);
	/* narrow: Tab reads the one selected, and back where it was left */
	model_init(&m, bundled, 80, 24, 1);
	type(&m, "7\rjjj");
	struct pos at = model_top(&m);
	press(&m, 0x1B);
	type(&m, "jk\t");
	assert_int_equal(m.body.article, 6);
	assert_true(same(model_top(&m), at));
	model_free(&m);
}

/* Item 19: at the start, Tab reads the article selected, not the first,
 * and marks that one read. */
static void test_tab_at_start(void **state)
{
	(void)state;
	struct model m;
	model_init(&m, bundled, 80, 24, 1);
	type(&m, "jj\t");
	assert_int_equal(m.focus, PANE_BODY);
	assert_int_equal(m.body.article, 2);
	assert_true(model_is_read(&m, 2));
	assert_false(model_is_read(&m, 0));
	assert_int_equal(m.nread, 1);
	model_free(&m);
}


/* Ctrl-Z and Ctrl-L in mode `md`: what the program must do, and the mode
 * still there. */
static void program_keys_in(struct model *m, enum mode md)
{
	assert_true(model_showing(m, md));
	assert_int_equal(press(m, 0x1A), MODEL_DO_SUSPEND);
	assert_true(model_showing(m, md));
	assert_int_equal(press(m, 0x0C), MODEL_DO_REDRAW);
	assert_true(model_showing(m, md));
}

/* Item 5: Ctrl-Z suspends and Ctrl-L redraws from every mode, which
 * stays as it was (what was typed in a bar too). */
static void test_program_keys_everywhere(void **state)
{
	(void)state;
	struct model m;
	model_init(&m, bundled, 40, 12, 1); /* the help does not fit */
	type(&m, "/");
	type_utf8(&m, "残疾");
	program_keys_in(&m, MODE_SEARCH);
	assert_int_equal(m.search.edit.len, 2);
	press(&m, 0x12); /* the results view */
	program_keys_in(&m, MODE_RESULTS);
	press(&m, 0x1B);
	press(&m, 0x1B);
	press(&m, 0x1B);
	type(&m, "f2023");
	program_keys_in(&m, MODE_FILTER);
	assert_int_equal(m.filter.edit.len, 4);
	press(&m, '\r');
	type(&m, "?j");
	program_keys_in(&m, MODE_HELP);
	assert_int_equal(m.help.top, 1);
	type(&m, "x");
	type(&m, "12");
	program_keys_in(&m, MODE_GOTO);
	assert_string_equal(m.digits, "12");
	press(&m, 0x1B);
	type(&m, "m'");
	program_keys_in(&m, MODE_MARKS);
	model_free(&m);
}


/* Item 8: Backspace in the go-to prompt erases the last digit; the last
 * one erased closes the prompt. */
static void test_goto_backspace(void **state)
{
	(void)state;
	struct model m;
	model_init(&m, bundled, 80, 24, 1);
	type(&m, "12");
	press(&m, KB_BACKSPACE);
	assert_true(model_showing(&m, MODE_GOTO));
	assert_string_equal(m.digits, "1");
	type(&m, "0");
	press(&m, 0x7F); /* DEL: Backspace on most terminals */
	press(&m, 0x08); /* Ctrl-H: on some */
	assert_false(model_showing(&m, MODE_GOTO));
	assert_int_equal(m.ndigits, 0);
	type(&m, "12");
	press(&m, KB_BACKSPACE);
	press(&m, '\r');
	assert_int_equal(m.body.article, 0);
	assert_int_equal(m.focus, PANE_BODY);
	model_free(&m);
}


/* Item 7: n and N go through the hits in the list's order, as ] and [
 * go through the articles: sorted by date, filtered. */
static void test_hits_in_list_order(void **state)
{
	(void)state;
	struct model m;
	model_init(&m, many, 80, 24, 1);
	type(&m, "og"); /* newest first: 27, 55, 83, 26... */
	size_t first = model_list_at(&m, 0), second = model_list_at(&m, 1);
	/* the last row is article 101's, which has none */
	size_t last = model_list_at(&m, model_list_rows(&m) - 2);
	press(&m, '\r');
	assert_int_equal(m.body.article, first);
	type(&m, "/");
	type_utf8(&m, "文字");
	press(&m, '\r');
	assert_int_equal(m.body.article, first);
	type(&m, "n");
	assert_int_equal(m.body.article, second); /* not first + 1 */
	type(&m, "N");
	assert_int_equal(m.body.article, first);
	type(&m, "N"); /* round the list's start: its last article with hits */
	assert_int_equal(m.body.article, last);
	assert_non_null(strstr(m.msg, "wrapped"));
	type(&m, "n");
	assert_int_equal(m.body.article, first);
	/* ] and [ agree */
	type(&m, "]");
	assert_int_equal(m.body.article, second);
	model_free(&m);

	/* in corpus order, filtered: the articles not listed are skipped */
	model_init(&m, many, 80, 24, 1);
	type(&m, "f2023-05-09\r"); /* articles 8, 36, 64, 92 */
	assert_int_equal(model_list_rows(&m), 4);
	press(&m, '\r');
	assert_int_equal(m.body.article, 8);
	type(&m, "/");
	type_utf8(&m, "文字");
	press(&m, '\r');
	type(&m, "n");
	assert_int_equal(m.body.article, 36);
	type(&m, "nn");
	assert_int_equal(m.body.article, 92);
	type(&m, "n");
	assert_int_equal(m.body.article, 8);
	assert_non_null(strstr(m.msg, "wrapped"));
	type(&m, "N");
	assert_int_equal(m.body.article, 92);
	model_free(&m);
}


/* Keys with the search not done: "/京津冀" and Enter in the bar of m. */
static void query_jjj_entered(struct model *m)
{
	type(m, "/");
	press_only(m, 0x4EAC); /* 京 */
	press_only(m, 0x6D25); /* 津 */
	press_only(m, 0x5180); /* 冀 */
	press_only(m, '\r');
}

/* Item 12: n and N typed while a search runs are kept, and done when the
 * hits come (after the first hit Enter asked for); "Searching…" goes. */
static void test_n_while_searching(void **state)
{
	(void)state;
	struct model m, ref;
	struct err ok = { 0 };
	struct search_result r;
	model_init(&ref, bundled, 80, 24, 1);
	type(&ref, "\r/");
	type_utf8(&ref, "京津冀");
	press(&ref, '\r');
	size_t first = ref.search.now.cur;
	type(&ref, "n");
	assert_int_equal(ref.search.now.cur, first + 1);

	model_init(&m, bundled, 80, 24, 1);
	type(&m, "\r");
	query_jjj_entered(&m);
	press_only(&m, 'n');
	assert_non_null(strstr(m.msg, "Searching"));
	unsigned long id = search_wanted(&m, &r);
	model_search_done(&m, id, &r, &ok);
	assert_null(strstr(m.msg, "Searching"));
	assert_int_equal(m.search.now.cur, first + 1);
	assert_int_equal(m.focus, PANE_BODY);
	assert_int_equal(m.body.article, ref.body.article);
	assert_true(same(model_top(&m), model_top(&ref)));

	/* n, N, N: one N from the first hit, round to the last */
	press(&m, 0x1B);
	type(&m, "1\r");
	query_jjj_entered(&m);
	press_only(&m, 'n');
	press_only(&m, 'N');
	press_only(&m, 'N');
	id = search_wanted(&m, &r);
	model_search_done(&m, id, &r, &ok);
	assert_int_equal(m.search.now.cur, m.search.now.r.n - 1);
	assert_non_null(strstr(m.msg, "wrapped"));

	/* n, then a move: the reader moved on, the n is dropped */
	press(&m, 0x1B);
	type(&m, "1\r");
	query_jjj_entered(&m);
	press_only(&m, 'n');
	press_only(&m, 'j');
	struct pos top = model_top(&m);
	id = search_wanted(&m, &r);
	model_search_done(&m, id, &r, &ok);
	assert_int_equal(m.body.article, 0);
	assert_true(same(model_top(&m), top));
	assert_int_equal(m.search.now.cur, MODEL_NO_HIT);
	model_free(&m);
	model_free(&ref);
}


/* Habit: Space at the end of an article says so first, (END), then reads
 * the next one in the list's order, as mutt and newsboat do. */
static void test_space_at_end(void **state)
{
	(void)state;
	struct model m;
	model_init(&m, bundled, 80, 24, 1);
	type(&m, "1\r");
	int pages = 0;
	while (!model_showing(&m, MODE_END) && pages++ < 100)
		type(&m, " ");
	assert_int_equal(m.body.article, 0);
	assert_true(model_at_end(&m));
	assert_non_null(strstr(m.msg, "(END)"));
	assert_true(same(model_top(&m), end_at(80, 24, "1")));
	/* the program's keys and a resize leave the end as it is */
	assert_int_equal(press(&m, 0x0C), MODEL_DO_REDRAW);
	model_key(&m, (struct key){ KB_RESIZE, 0, 0 });
	assert_true(model_showing(&m, MODE_END));
	assert_non_null(strstr(m.msg, "(END)"));
	type(&m, " ");
	assert_int_equal(m.body.article, 1);
	assert_true(same(model_top(&m), (struct pos){ 0, 0 }));
	assert_false(model_showing(&m, MODE_END));
	assert_true(model_is_read(&m, 1));
	/* any other key at the end is the article's */
	type(&m, "G ");
	assert_true(model_showing(&m, MODE_END));
	type(&m, "k");
	assert_false(model_showing(&m, MODE_END));
	assert_int_equal(m.body.article, 1);
	assert_false(model_at_end(&m));
	/* the last article of the list says so; Space stays */
	type(&m, "10\rG ");
	assert_non_null(strstr(m.msg, "last article"));
	type(&m, " ");
	assert_int_equal(m.body.article, 9);
	assert_non_null(strstr(m.msg, "last article"));
	model_free(&m);
	/* sorted: the next in the list */
	model_init(&m, many, 80, 24, 1);
	type(&m, "og\r  ");
	assert_int_equal(m.body.article, model_list_at(&m, 1));
	model_free(&m);
}

/* Habit: U reads (or in the list selects) the next unread article in the
 * list's order, round its end. */
static void test_next_unread(void **state)
{
	(void)state;
	struct model m;
	model_init(&m, bundled, 80, 24, 1);
	type(&m, "U");
	assert_int_equal(m.sel, 1);
	assert_int_equal(m.focus, PANE_LIST);
	assert_int_equal(m.nread, 0); /* selecting is not reading */
	type(&m, "\rU");
	assert_int_equal(m.body.article, 2);
	assert_int_equal(m.focus, PANE_BODY);
	assert_true(model_is_read(&m, 1) && model_is_read(&m, 2));
	for (size_t i = 3; i < 10; i++)
		model_set_read(&m, i, 1);
	type(&m, "U"); /* 3 to 10 read: round to 1 */
	assert_int_equal(m.body.article, 0);
	assert_non_null(strstr(m.msg, "Wrapped"));
	type(&m, "U");
	assert_int_equal(m.body.article, 0);
	assert_non_null(strstr(m.msg, "No unread article"));
	type(&m, "hu"); /* the selected, 1, unread again */
	type(&m, "U");
	assert_int_equal(m.sel, 0);
	assert_non_null(strstr(m.msg, "No other unread article"));
	model_free(&m);
}

/* Habit: A marks every article listed read, once asked: y does, any other
 * key does not. */
static void test_mark_all_read(void **state)
{
	(void)state;
	struct model m;
	model_init(&m, bundled, 80, 24, 1);
	type(&m, "3\rhA");
	assert_true(model_showing(&m, MODE_MARK_ALL));
	assert_non_null(
		strstr(m.msg, "Mark the 9 unread articles listed read?"));
	type(&m, "j"); /* no, and nothing else */
	assert_false(model_showing(&m, MODE_MARK_ALL));
	assert_int_equal(m.nread, 1);
	assert_int_equal(m.sel, 2);
	assert_non_null(strstr(m.msg, "Nothing marked"));
	type(&m, "A");
	assert_int_equal(press(&m, 0x1A), MODEL_DO_SUSPEND);
	assert_true(model_showing(&m, MODE_MARK_ALL));
	assert_non_null(strstr(m.msg, "Mark the 9"));
	type(&m, "y");
	assert_false(model_showing(&m, MODE_MARK_ALL));
	assert_int_equal(m.nread, 10);
	assert_null(m.copy); /* y answered; it copied nothing */
	type(&m, "A");
	assert_false(model_showing(&m, MODE_MARK_ALL));
	assert_non_null(strstr(m.msg, "Every article listed is read"));
	model_free(&m);
	/* only the articles listed */
	model_init(&m, many, 80, 24, 1);
	type(&m, "f2023-05-09\rAY");
	assert_int_equal(m.nread, 4);
	assert_true(model_is_read(&m, 36) && !model_is_read(&m, 37));
	model_free(&m);
}

/* Habit: / then Enter on an empty bar repeats the last search, as less
 * and vim do; c clears the search. */
static void test_repeat_and_clear(void **state)
{
	(void)state;
	struct model m;
	model_init(&m, bundled, 80, 24, 1);
	type(&m, "/\r"); /* none yet */
	assert_false(model_showing(&m, MODE_SEARCH));
	assert_non_null(strstr(m.msg, "No search to repeat"));
	type(&m, "/");
	type_utf8(&m, "残疾");
	press(&m, '\r');
	size_t cur = m.search.now.cur, n = m.search.now.r.n;
	type(&m, "/\r"); /* as n */
	assert_false(model_showing(&m, MODE_SEARCH));
	assert_true(m.search.now.on);
	assert_int_equal(m.search.now.r.n, n);
	assert_int_equal(m.search.now.cur, cur + 1);
	type(&m, "?\r"); /* back, in the article */
	assert_int_equal(m.search.now.cur, cur);
	assert_true(m.search.now.backward);
	type(&m, "&c"); /* narrowed, then cleared */
	assert_false(m.search.now.on);
	assert_int_equal(model_list_rows(&m), 10);
	assert_non_null(strstr(m.msg, "cleared"));
	size_t from, to;
	model_article_hits(&m, &from, &to);
	assert_int_equal(to - from, 0); /* no highlights */
	type(&m, "c");
	assert_non_null(strstr(m.msg, "No search"));
	/* cleared: / Enter searches the last query anew */
	type(&m, "g/\r");
	assert_true(m.search.now.on);
	assert_int_equal(m.search.now.r.n, n);
	assert_int_equal(m.search.now.cur, 0);
	assert_int_equal(m.focus, PANE_BODY);
	type(&m, "n");
	assert_int_equal(m.search.now.cur, 1);
	model_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_start),
		cmocka_unit_test(test_list_moves),
		cmocka_unit_test(test_open_and_back),
		cmocka_unit_test(test_body_scrolls),
		cmocka_unit_test(test_short_article_does_not_scroll),
		cmocka_unit_test(test_articles_and_digits),
		cmocka_unit_test(test_help_and_flags),
		cmocka_unit_test(test_help_scrolls_when_short),
		cmocka_unit_test(test_help_pager),
		cmocka_unit_test(test_help_one_column),
		cmocka_unit_test(test_search_as_you_type),
		cmocka_unit_test(test_search_esc_restores),
		cmocka_unit_test(test_search_hits_come_later),
		cmocka_unit_test(test_search_preview),
		cmocka_unit_test(test_search_backward),
		cmocka_unit_test(test_say_cut),
		cmocka_unit_test(test_search_narrow_one),
		cmocka_unit_test(test_search_narrow_and_results),
		cmocka_unit_test(test_split_and_wheel),
		cmocka_unit_test(test_split_share),
		cmocka_unit_test(test_wheel_to_mode_on_top),
		cmocka_unit_test(test_mouse_click),
		cmocka_unit_test(test_resize_keeps_anchor),
		cmocka_unit_test(test_lazy_layout),
		cmocka_unit_test(test_empty_corpus),
		cmocka_unit_test(test_filter_bar),
		cmocka_unit_test(test_sort_by_date),
		cmocka_unit_test(test_read_marks),
		cmocka_unit_test(test_bookmarks),
		cmocka_unit_test(test_bookmark_top_line),
		cmocka_unit_test(test_state_round_trip),
		cmocka_unit_test(test_article_places),
		cmocka_unit_test(test_article_places_bounded),
		cmocka_unit_test(test_copy),
		cmocka_unit_test(test_copy_sentence_closers),
		cmocka_unit_test(test_filter_one_article),
		cmocka_unit_test(test_copy_sentence_quotes),
		cmocka_unit_test(test_ruler_and_measure),
		cmocka_unit_test(test_view_bound),
		cmocka_unit_test(test_resize_body_follows),
		cmocka_unit_test(test_tab_at_start),
		cmocka_unit_test(test_program_keys_everywhere),
		cmocka_unit_test(test_goto_backspace),
		cmocka_unit_test(test_hits_in_list_order),
		cmocka_unit_test(test_n_while_searching),
		cmocka_unit_test(test_space_at_end),
		cmocka_unit_test(test_next_unread),
		cmocka_unit_test(test_mark_all_read),
		cmocka_unit_test(test_repeat_and_clear),
	};
	return cmocka_run_group_tests_name("model", tests, setup, teardown);
}
