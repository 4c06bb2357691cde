/* Tests for doc: an article as pieces and lines. */
#include "test.h"

#include "kanbao/format/corpus.h"
#include "kanbao/build/corpus_write.h"
#include "kanbao/reader/doc.h"

static void *data;
static size_t size;
static struct corpus *c;

static int setup(void **state)
{
	(void)state;
	struct article a[2] = { 0 };
	a[0].title = strdup("标题");
	a[0].subtitle = strdup("——副题");
	a[0].source = strdup("新华社");
	a[0].place = strdup("北京");
	a[0].byline = strdup("记者 高蕾");
	a[0].date = 20230515;
	article_add_block(&a[0], BLOCK_PARA, strdup("第一段。"));
	article_add_block(&a[0], BLOCK_HEAD, strdup("小标题"));
	article_add_block(&a[0], BLOCK_PARA,
			  strdup("第二段很长很长很长很长很长很长。"));
	a[1].title = strdup("开头的话");
	a[1].flags = ARTICLE_TITLE_DERIVED;
	article_add_block(&a[1], BLOCK_PARA, strdup("开头的话，后面。"));
	struct err e = { 0 };
	assert_int_equal(corpus_write_mem(a, 2, NULL, &data, &size, &e), ERR_OK);
	assert_int_equal(corpus_open_mem(data, size, "mem", &c, &e), ERR_OK);
	article_free(&a[0]);
	article_free(&a[1]);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	corpus_close(c);
	free(data);
	return 0;
}

static void test_pieces(void **state)
{
	(void)state;
	struct doc d;
	struct err e = { 0 };
	assert_int_equal(doc_open(c, 0, &d, &e), ERR_OK);
	assert_int_equal(d.n, 6);
	assert_int_equal(d.body, 3);
	assert_int_equal(d.p[0].kind, DOC_TITLE);
	assert_int_equal(d.p[1].kind, DOC_SUBTITLE);
	assert_int_equal(d.p[2].kind, DOC_META);
	assert_memory_equal(d.p[2].text, "2023-05-15 · 新华社 北京 · 记者 高蕾",
			    d.p[2].len);
	assert_int_equal(d.p[2].len, strlen("2023-05-15 · 新华社 北京 · 记者 高蕾"));
	assert_int_equal(d.p[3].kind, DOC_PARA);
	assert_int_equal(d.p[4].kind, DOC_HEAD);
	assert_memory_equal(d.p[4].text, "小标题", d.p[4].len);
	assert_int_equal(doc_indent(&d.p[3], 0), DOC_INDENT);
	assert_int_equal(doc_indent(&d.p[3], 6), DOC_INDENT);
	assert_int_equal(doc_indent(&d.p[3], 5), 0); /* too narrow */
	assert_int_equal(doc_indent(&d.p[4], 80), 0);
	doc_free(&d);

	assert_int_equal(doc_open(c, 1, &d, &e), ERR_OK);
	assert_string_equal(d.title, "开头的话…"); /* derived: marked */
	assert_int_equal(d.n, 2); /* no subtitle, no meta */
	doc_free(&d);
}

static void test_wrap_with_indent(void **state)
{
	(void)state;
	struct doc d;
	struct err e = { 0 };
	assert_int_equal(doc_open(c, 0, &d, &e), ERR_OK);
	struct wrap_line *lines;
	/* 16 Han: the first line has 20 - 4 columns = 8 Han */
	long n = doc_wrap(&d.p[5], 20, &lines);
	assert_int_equal(n, 2);
	assert_int_equal(lines[0].width, 16);
	assert_int_equal(lines[1].width, 16);
	free(lines);
	n = doc_wrap(&d.p[5], 0, &lines);
	assert_int_equal(n, 1);
	free(lines);
	doc_free(&d);
}

static void test_date(void **state)
{
	(void)state;
	char buf[11];
	assert_string_equal(doc_date(20220301, buf), "2022-03-01");
	assert_string_equal(doc_date(0, buf), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pieces),
		cmocka_unit_test(test_wrap_with_indent),
		cmocka_unit_test(test_date),
	};
	return cmocka_run_group_tests_name("doc", tests, setup, teardown);
}
