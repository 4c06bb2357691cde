/* Tests for searcher: the search thread hands back the hits of the latest
 * request only, the same hits search_run finds, and stops cleanly. */
#include "test.h"

#include "kanbao/format/article.h"
#include "kanbao/format/corpus.h"
#include "kanbao/build/corpus_write.h"
#include "kanbao/reader/searcher.h"
#include "kanbao/search/search.h"

static struct corpus *big; /* enough text that a search takes a while */
static void *big_data;
static size_t big_size;

static int setup(void **state)
{
	(void)state;
	enum { ARTICLES = 400, PARAS = 20 };
	static const char *words[] = { "发展", "经济", "协同", "的", "人民",
				       "北京", "残疾", "代表", "会议", "改革" };
	struct article *a = calloc(ARTICLES, sizeof *a);
	unsigned x = 1;
	for (int i = 0; i < ARTICLES; i++) {
		a[i].title = strdup("标题");
		for (int p = 0; p < PARAS; p++) {
			char t[1024] = "";
			for (int w = 0; w < 100; w++) {
				x = x * 1103515245 + 12345;
				strcat(t, words[(x >> 16) % 10]);
			}
			article_add_block(&a[i], BLOCK_PARA, strdup(t));
		}
	}
	struct err e = { 0 };
	assert_int_equal(corpus_write_mem(a, ARTICLES, NULL, &big_data, &big_size,
					  &e),
			 ERR_OK);
	assert_int_equal(corpus_open_mem(big_data, big_size, "big", &big, &e),
			 ERR_OK);
	for (int i = 0; i < ARTICLES; i++)
		article_free(&a[i]);
	free(a);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	corpus_close(big);
	free(big_data);
	return 0;
}

static void same_hits(const struct search_result *a,
		      const struct search_result *b)
{
	assert_int_equal(a->n, b->n);
	assert_int_equal(a->articles, b->articles);
	assert_memory_equal(a->pos, b->pos, a->n * sizeof *a->pos);
}

static void test_hits_as_search_run(void **state)
{
	(void)state;
	struct searcher *j = searcher_new(big);
	assert_non_null(j);
	static const char *q[] = { "的", "发展", "协同发展", "没有" };
	for (size_t i = 0; i < sizeof q / sizeof q[0]; i++) {
		struct search_result want, got;
		struct err e = { 0 };
		assert_int_equal(search_run(big, q[i], strlen(q[i]), &want,
					    &e),
				 ERR_OK);
		assert_int_equal(searcher_search(j, q[i], strlen(q[i]), i + 1), 0);
		unsigned long id = 0;
		while (!searcher_take(j, 1000, &id, &got, &e))
			;
		assert_int_equal(id, i + 1);
		assert_int_equal(e.code, ERR_OK);
		same_hits(&want, &got);
		search_result_free(&want);
		search_result_free(&got);
		assert_false(searcher_busy(j));
	}
	searcher_free(j);
}

/* Requests faster than searches: only the last one's hits come back. */
static void test_latest_wins(void **state)
{
	(void)state;
	struct searcher *j = searcher_new(big);
	assert_non_null(j);
	for (unsigned long id = 1; id <= 200; id++) {
		const char *q = id % 2 ? "的" : "经济";
		assert_int_equal(searcher_search(j, q, strlen(q), id), 0);
	}
	struct search_result got, want;
	struct err e = { 0 };
	unsigned long id = 0;
	while (!searcher_take(j, 1000, &id, &got, &e))
		;
	assert_int_equal(id, 200);
	assert_int_equal(search_run(big, "经济", strlen("经济"), &want, &e),
			 ERR_OK);
	same_hits(&want, &got);
	search_result_free(&want);
	search_result_free(&got);
	/* nothing more comes */
	assert_int_equal(searcher_take(j, 50, &id, &got, &e), 0);
	assert_false(searcher_busy(j));
	searcher_free(j);
}

/* searcher_take with -1 waits for the hits, however long, even past
 * requests the next one cancelled; with nothing asked it returns at once. */
static void test_take_waits(void **state)
{
	(void)state;
	struct searcher *j = searcher_new(big);
	assert_non_null(j);
	struct search_result got, want;
	struct err e = { 0 };
	unsigned long id = 0;
	assert_int_equal(searcher_take(j, -1, &id, &got, &e), 0);
	for (unsigned long n = 1; n <= 20; n++)
		assert_int_equal(searcher_search(j, "的", strlen("的"), n), 0);
	assert_int_equal(searcher_take(j, -1, &id, &got, &e), 1);
	assert_int_equal(id, 20);
	assert_int_equal(search_run(big, "的", strlen("的"), &want, &e),
			 ERR_OK);
	same_hits(&want, &got);
	search_result_free(&want);
	search_result_free(&got);
	assert_int_equal(searcher_take(j, -1, &id, &got, &e), 0);
	searcher_free(j);
}

/* Not taking the hits, or stopping in the middle of a search, leaks
 * nothing and does not hang (the sanitizer build checks the leaks). */
static void test_free_while_busy(void **state)
{
	(void)state;
	for (int i = 0; i < 20; i++) {
		struct searcher *j = searcher_new(big);
		assert_non_null(j);
		assert_int_equal(searcher_search(j, "的", strlen("的"), 1), 0);
		if (i % 2) {
			struct search_result r;
			struct err e;
			unsigned long id;
			while (!searcher_take(j, 1000, &id, &r, &e))
				;
			assert_int_equal(searcher_search(j, "的", strlen("的"), 2),
					 0);
			search_result_free(&r);
		}
		searcher_free(j);
	}
}

/* The reader's thread reads the corpus while the search thread does:
 * blocks checked against their sums by both, the article starts made by
 * either (a thread sanitizer build finds any race). */
static void test_reads_beside_a_search(void **state)
{
	(void)state;
	struct corpus *c;
	struct err e = { 0 };
	struct search_result r;
	unsigned long id;
	for (int round = 0; round < 3; round++) {
		/* a fresh handle on the same bytes: nothing checked yet */
		assert_int_equal(corpus_open_mem(big_data, big_size, "again",
						 &c, &e),
				 ERR_OK);
		struct searcher *j = searcher_new(c);
		assert_non_null(j);
		assert_int_equal(searcher_search(j, "的", strlen("的"), 1), 0);
		for (size_t b = 0; b < corpus_block_count(c); b++) {
			struct corpus_block blk;
			assert_int_equal(corpus_block(c, b, &blk, &e), ERR_OK);
		}
		const uint64_t *starts;
		assert_int_equal(corpus_article_starts(c, &starts, &e), ERR_OK);
		while (!searcher_take(j, 1000, &id, &r, &e))
			;
		assert_int_equal(e.code, ERR_OK);
		assert_true(r.n > 0);
		search_result_free(&r);
		searcher_free(j);
		corpus_close(c);
	}
}

/* search_run_until stops when asked, with ERR_CANCELLED and no hits. */
static void test_run_until_stops(void **state)
{
	(void)state;
	atomic_int stop;
	atomic_init(&stop, 1);
	struct search_result r;
	struct err e = { 0 };
	assert_int_equal(search_run_until(big, "的", strlen("的"), &r, &stop,
					  &e),
			 ERR_CANCELLED);
	assert_null(r.pos);
	assert_int_equal(r.n, 0);
	atomic_store(&stop, 0);
	assert_int_equal(search_run_until(big, "的", strlen("的"), &r, &stop,
					  &e),
			 ERR_OK);
	assert_true(r.n > 0);
	search_result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hits_as_search_run),
		cmocka_unit_test(test_latest_wins),
		cmocka_unit_test(test_take_waits),
		cmocka_unit_test(test_free_while_busy),
		cmocka_unit_test(test_reads_beside_a_search),
		cmocka_unit_test(test_run_until_stops),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
