/* Tests for list: the filter by title and date, sorting by date, the
 * search's narrowing, and rows found again. */
#include "test.h"

#include "kanbao/format/article.h"
#include "kanbao/format/corpus.h"
#include "kanbao/build/corpus_write.h"
#include "kanbao/base/le.h"
#include "kanbao/format/index.h"
#include "kanbao/reader/list.h"

static struct corpus *c; /* 100 dated articles and one without a date */
static void *data;
static struct corpus *bundled;

static int setup(void **state)
{
	(void)state;
	struct article a[101];
	struct err e = { 0 };
	memset(a, 0, sizeof a);
	for (int i = 0; i < 100; i++) {
		char t[64];
		/* 第1篇 ... 第100篇, full-width "Ａ" in every tenth */
		snprintf(t, sizeof t, "第%d篇%s", i + 1, i % 10 ? "" : "ａ");
		a[i].title = strdup(t);
		a[i].date = 20230500 + (uint32_t)(i % 28 + 1);
		article_add_block(&a[i], BLOCK_PARA, strdup("一段文字。"));
	}
	a[100].title = strdup("没有日期");
	article_add_block(&a[100], BLOCK_PARA, strdup("一段文字。"));
	size_t size;
	assert_int_equal(corpus_write_mem(a, 101, NULL, &data, &size, &e), ERR_OK);
	assert_int_equal(corpus_open_mem(data, size, "list", &c, &e), ERR_OK);
	for (int i = 0; i < 101; i++)
		article_free(&a[i]);
	assert_int_equal(corpus_open(getenv("KANBAO_BUNDLED"), &bundled, &e),
			 ERR_OK);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	corpus_close(c);
	corpus_close(bundled);
	free(data);
	return 0;
}

static void make(struct list *l, enum list_sort sort, const char *filter,
		 const uint32_t *hits)
{
	struct list_query q = { sort, filter, filter ? strlen(filter) : 0,
				hits };
	struct err e = { 0 };
	assert_int_equal(list_make(l, c, &q, &e), ERR_OK);
	/* every row's article has that row, and no other article one */
	size_t listed = 0;
	for (size_t i = 0; i < l->narticles; i++)
		if (list_row_of(l, i) != LIST_NONE) {
			assert_int_equal(list_at(l, list_row_of(l, i)), i);
			listed++;
		}
	assert_int_equal(listed, list_rows(l));
}

static void test_all_in_order(void **state)
{
	(void)state;
	struct list l;
	list_init(&l, 101);
	make(&l, LIST_CORPUS, NULL, NULL);
	assert_null(l.row); /* no arrays for the whole corpus */
	assert_int_equal(list_rows(&l), 101);
	assert_int_equal(list_at(&l, 57), 57);
	assert_int_equal(list_row_of(&l, 100), 100);
	assert_int_equal(list_row_of(&l, 101), LIST_NONE);
	list_free(&l);
}

static void test_date_filter(void **state)
{
	(void)state;
	struct list l;
	list_init(&l, 101);
	make(&l, LIST_CORPUS, "2023-05-0", NULL); /* the 1st to the 9th */
	assert_int_equal(list_rows(&l), 36);
	for (size_t r = 0; r < list_rows(&l); r++) {
		assert_true(list_at(&l, r) % 28 < 9);
		assert_true(!r || list_at(&l, r) > list_at(&l, r - 1));
	}
	make(&l, LIST_CORPUS, "2023-05-28", NULL);
	assert_int_equal(list_rows(&l), 3); /* 28, 56, 84 */
	assert_int_equal(list_at(&l, 0), 27);
	make(&l, LIST_CORPUS, "2023", NULL);
	assert_int_equal(list_rows(&l), 100); /* not the one without */
	make(&l, LIST_CORPUS, "2", NULL); /* typing a date: the list follows */
	assert_int_equal(list_rows(&l), 100);
	make(&l, LIST_CORPUS, "2022", NULL);
	assert_int_equal(list_rows(&l), 0);
	/* full-width digits are a date too (issue 12, item 14) */
	make(&l, LIST_CORPUS, "２０２３－０５－２８", NULL);
	assert_int_equal(list_rows(&l), 3);
	make(&l, LIST_CORPUS, "２０２３", NULL);
	assert_int_equal(list_rows(&l), 100);
	list_free(&l);
	assert_true(list_filter_is_date("２０２３", 12));
	assert_false(list_filter_is_date("2023-05-28-1", 12));
	assert_true(list_filter_is_date("2023-05", 7));
	assert_true(list_filter_is_date("2", 1));
	assert_false(list_filter_is_date("-05", 3));
	assert_false(list_filter_is_date("2023年", 7));
	assert_false(list_filter_is_date("", 0));
}

static void test_title_filter(void **state)
{
	(void)state;
	struct list l;
	list_init(&l, 101);
	make(&l, LIST_CORPUS, "第1", NULL); /* 1, 10-19, 100 */
	assert_int_equal(list_rows(&l), 12);
	make(&l, LIST_CORPUS, "第１", NULL); /* full-width folds */
	assert_int_equal(list_rows(&l), 12);
	make(&l, LIST_CORPUS, "篇A", NULL); /* ａ = A: every tenth */
	assert_int_equal(list_rows(&l), 10);
	assert_int_equal(list_at(&l, 1), 10);
	make(&l, LIST_CORPUS, "日期", NULL);
	assert_int_equal(list_rows(&l), 1);
	assert_int_equal(list_at(&l, 0), 100);
	make(&l, LIST_CORPUS, "报纸", NULL);
	assert_int_equal(list_rows(&l), 0);
	assert_int_equal(list_row_near(&l, 5), LIST_NONE);
	list_free(&l);
}

static void test_newest_first(void **state)
{
	(void)state;
	struct list l;
	list_init(&l, 101);
	make(&l, LIST_DATE, NULL, NULL);
	assert_int_equal(list_rows(&l), 101);
	/* the 28th first, corpus order among them; no date last */
	assert_int_equal(list_at(&l, 0), 27);
	assert_int_equal(list_at(&l, 1), 55);
	assert_int_equal(list_at(&l, 2), 83);
	assert_int_equal(list_at(&l, 100), 100);
	uint32_t prev = UINT32_MAX;
	for (size_t r = 0; r < 100; r++) {
		struct corpus_article a;
		assert_int_equal(corpus_article(c, list_at(&l, r), &a, NULL),
				 ERR_OK);
		assert_true(a.date <= prev);
		prev = a.date;
	}
	make(&l, LIST_DATE, "2023-05-0", NULL); /* both at once */
	assert_int_equal(list_rows(&l), 36);
	assert_int_equal(list_at(&l, 0), 8); /* the 9th */
	assert_int_equal(list_row_near(&l, 20), 0); /* not listed: the top */
	make(&l, LIST_CORPUS, NULL, NULL); /* and back */
	assert_null(l.row);
	list_free(&l);
}

static void test_narrowed(void **state)
{
	(void)state;
	struct list l;
	uint32_t hits[101] = { 0 };
	hits[3] = 2, hits[40] = 1, hits[99] = 7, hits[100] = 1;
	list_init(&l, 101);
	make(&l, LIST_CORPUS, NULL, hits);
	assert_int_equal(list_rows(&l), 4);
	assert_int_equal(list_at(&l, 1), 40);
	/* an article not listed: the first listed after it, else the last */
	assert_int_equal(list_row_near(&l, 5), 1);
	assert_int_equal(list_row_near(&l, 0), 0);
	assert_int_equal(list_row_near(&l, 40), 1);
	make(&l, LIST_CORPUS, "第", hits); /* and filtered */
	assert_int_equal(list_rows(&l), 3);
	assert_int_equal(list_row_near(&l, 100), 2);
	list_free(&l);
}

/* The filter folds simplified and traditional characters as search does,
 * through the corpus's variants: the bundled corpus has them when
 * kanbao-build had OpenCC; and with variants given. */
static void test_filter_folds_scripts(void **state)
{
	(void)state;
	struct list l;
	struct err e = { 0 };
	list_init(&l, corpus_article_count(bundled));
	struct list_query q = { LIST_CORPUS, "會議", strlen("會議"), NULL };
	assert_int_equal(list_make(&l, bundled, &q, &e), ERR_OK);
	size_t traditional = list_rows(&l);
	q.filter = "会议", q.flen = strlen("会议");
	assert_int_equal(list_make(&l, bundled, &q, &e), ERR_OK);
	assert_true(list_rows(&l) > 0);
	assert_int_equal(traditional,
			 corpus_variants(bundled) ? list_rows(&l) : 0);
	list_free(&l);

	/* 會 -> 会, 議 -> 议 */
	uint8_t fold[2 * INDEX_VARIANT_SIZE];
	le_put32(fold, 0x6703), le_put32(fold + 4, 0x4F1A);
	le_put32(fold + 8, 0x8B70), le_put32(fold + 12, 0x8BAE);
	struct index_variants *v;
	size_t bad;
	const char *why;
	assert_int_equal(index_variants_make(fold, 2, &v, &bad, &why), 0);
	struct corpus_article a = { .title = { "全国会议", strlen("全国会议") } };
	assert_int_equal(list_passes(v, &a, "會議", strlen("會議")), 1);
	assert_int_equal(list_passes(NULL, &a, "會議", strlen("會議")), 0);
	assert_int_equal(list_passes(v, &a, "会议", strlen("会议")), 1);
	assert_int_equal(list_passes(v, &a, "會談", strlen("會談")), 0);
	index_variants_free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_in_order),
		cmocka_unit_test(test_date_filter),
		cmocka_unit_test(test_title_filter),
		cmocka_unit_test(test_newest_first),
		cmocka_unit_test(test_narrowed),
		cmocka_unit_test(test_filter_folds_scripts),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
