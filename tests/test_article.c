/* Tests for article and buf: the builder's growable containers. */
#include "test.h"

#include "kanbao/article.h"
#include "kanbao/buf.h"

static void test_blocks_grow(void **state)
{
	(void)state;
	struct article a = { 0 };
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
		cmocka_unit_test(test_buf),
	};
	return cmocka_run_group_tests_name("article", tests, NULL, NULL);
}
