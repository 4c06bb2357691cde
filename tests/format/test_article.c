/* Tests for article and buf: the builder's growable containers, and the
 * meta line. */
#include "test.h"

#include "kanbao/format/article.h"
#include "kanbao/base/buf.h"

static void test_blocks_grow(void **state)
{
	(void)state;
	struct article a = { 0 };
	a.page = strdup("A3"); /* article_free frees it (ASan sees a leak) */
	for (int i = 0; i < 1000; i++) {
		char *t = malloc(16);
		snprintf(t, 16, "p%d", i);
		assert_int_equal(article_add_block(&a, i % 7 ? BLOCK_PARA
							      : BLOCK_HEAD, t),
				 0);
	}
	assert_int_equal(a.nblocks, 1000);
	assert_string_equal(a.blocks[999].text, "p999");
	assert_int_equal(a.blocks[7].kind, BLOCK_HEAD);
	article_free(&a);
	assert_int_equal(a.nblocks, 0);
	assert_null(a.blocks);
	assert_null(a.page);
}

static void test_list(void **state)
{
	(void)state;
	struct article_list l = { 0 };
	for (int i = 0; i < 100; i++) {
		struct article *a = article_list_push(&l);
		assert_non_null(a);
		assert_null(a->title);
		a->title = strdup("t");
		a->date = (uint32_t)i;
	}
	assert_int_equal(l.n, 100);
	assert_int_equal(l.v[99].date, 99);
	article_list_free(&l);
	assert_int_equal(l.n, 0);
}

/* article_meta of the parts given (NULL: not known), compared with `want`. */
static void expect_meta(uint32_t date, const char *page, const char *source,
			const char *place, const char *byline, const char *want)
{
	char *m = article_meta(date, page, page ? strlen(page) : 0, source,
			       source ? strlen(source) : 0, place,
			       place ? strlen(place) : 0, byline,
			       byline ? strlen(byline) : 0);
	assert_non_null(m);
	assert_string_equal(m, want);
	free(m);
}

static void test_meta(void **state)
{
	(void)state;
	expect_meta(20251020, "4", "新华社", "北京", "记者 邹伟",
		    "2025-10-20 · 第4版 · 新华社 北京 · 记者 邹伟");
	expect_meta(20251020, NULL, "新华社", "北京", "记者 邹伟",
		    "2025-10-20 · 新华社 北京 · 记者 邹伟");
	expect_meta(20251020, "A3", NULL, NULL, NULL, "2025-10-20 · 第A3版");
	expect_meta(0, "4", NULL, NULL, "记者 邹伟", "第4版 · 记者 邹伟");
	expect_meta(0, "12", NULL, "北京", NULL, "第12版 · 北京");
	expect_meta(0, "4", NULL, NULL, NULL, "第4版");
	expect_meta(0, NULL, NULL, NULL, NULL, "");
	/* Lengths, not NULs, end the strings; length 0 is not known. */
	char *m = article_meta(20240515, "123", 2, "新华社北京", 9, "x", 0,
			       "", 0);
	assert_string_equal(m, "2024-05-15 · 第12版 · 新华社");
	free(m);
	m = article_meta(0, "4", 0, NULL, 0, NULL, 0, NULL, 0);
	assert_string_equal(m, "");
	free(m);
}

static void test_buf(void **state)
{
	(void)state;
	struct buf b = { 0 };
	char *empty = buf_take(&b);
	assert_string_equal(empty, "");
	free(empty);
	for (int i = 0; i < 1000; i++)
		buf_putc(&b, 'x');
	buf_puts(&b, "中");
	buf_putuc(&b, 0x6587);
	buf_printf(&b, "%d-%s", 42, "ok");
	assert_int_equal(b.len, 1000 + 3 + 3 + 5);
	assert_string_equal(b.p + 1000, "中文42-ok");
	char *s = buf_take(&b);
	assert_null(b.p);
	assert_int_equal(b.len, 0);
	assert_int_equal(strlen(s), 1011);
	free(s);
	buf_put(&b, "abc", 0);
	assert_string_equal(b.p, "");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blocks_grow),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_meta),
		cmocka_unit_test(test_buf),
	};
	return cmocka_run_group_tests_name("article", tests, NULL, NULL);
}
