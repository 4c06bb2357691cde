/* Tests for search: folding, the index against a plain scan, and queries
 * that fold. */
#include "test.h"

#include "kanbao/article.h"
#include "kanbao/corpus.h"
#include "kanbao/search.h"
#include "kanbao/utf8.h"

static struct corpus *bundled;
static struct corpus *big; /* generated: the seeds' paragraphs shuffled */
static void *big_data;

/* A deterministic generator (xorshift), so runs repeat. */
static uint64_t rng = 88172645463325252ull;
static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static int setup(void **state)
{
	(void)state;
	struct err e = { 0 };
	assert_int_equal(corpus_open(getenv("KANBAO_BUNDLED"), &bundled, &e),
			 ERR_OK);
	/* 300 articles of 20 paragraphs drawn from the bundled ones, with
	 * some text in other scripts and widths mixed in. */
	size_t np = 0;
	struct corpus_block *paras = malloc(2000 * sizeof *paras);
	for (size_t j = 0; j < corpus_block_count(bundled) && np < 2000; j++) {
		struct corpus_block b;
		assert_int_equal(corpus_block(bundled, j, &b, &e), ERR_OK);
		if (b.kind == BLOCK_PARA && b.text.len)
			paras[np++] = b;
	}
	static const char *extra[] = {
		"ＧＤＰ增长２０２３年达到５．２％，GDP按年计算。",
		"He said “hello”, she said ‘bye’ and \"ok\".",
		"ＡＢＣ abc Abc ａｂｃ　全角空格",
	};
	enum { NA = 300, PER = 20 };
	struct article *v = calloc(NA, sizeof *v);
	for (size_t i = 0; i < NA; i++) {
		char t[32];
		snprintf(t, sizeof t, "第%zu篇文章", i + 1);
		v[i].title = strdup(t);
		v[i].source = strdup("新华社");
		v[i].date = 20230101 + (uint32_t)(i % 28);
		for (size_t k = 0; k < PER; k++) {
			const char *src;
			size_t len;
			if (next_rand() % 10 == 0) {
				src = extra[next_rand() % 3];
				len = strlen(src);
			} else {
				struct corpus_block *b =
					&paras[next_rand() % np];
				src = b->text.s;
				len = b->text.len;
			}
			article_add_block(&v[i], BLOCK_PARA, strndup(src, len));
		}
	}
	size_t size;
	assert_int_equal(corpus_write_mem(v, NA, &big_data, &size, &e), ERR_OK);
	assert_int_equal(corpus_open_mem(big_data, size, "big", &big, &e),
			 ERR_OK);
	for (size_t i = 0; i < NA; i++)
		article_free(&v[i]);
	free(v);
	free(paras);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	corpus_close(bundled);
	corpus_close(big);
	free(big_data);
	return 0;
}

static void test_fold(void **state)
{
	(void)state;
	assert_int_equal(search_fold(0xFF12), '2'); /* ２ */
	assert_int_equal(search_fold(0xFF21), 'a'); /* Ａ */
	assert_int_equal(search_fold(0xFF41), 'a'); /* ａ */
	assert_int_equal(search_fold('Q'), 'q');
	assert_int_equal(search_fold(0x3000), ' ');
	assert_int_equal(search_fold(0x201C), '"');
	assert_int_equal(search_fold(0x201D), '"');
	assert_int_equal(search_fold(0xFF02), '"');
	assert_int_equal(search_fold(0x2018), '\'');
	assert_int_equal(search_fold(0x2019), '\'');
	assert_int_equal(search_fold(0x4E2D), 0x4E2D); /* 中 as it is */
	assert_int_equal(search_fold(0x3002), 0x3002); /* 。 as it is */
	assert_int_equal(search_fold(0xFF0C), ','); /* ， is full-width , */
}

/* The index and a plain scan agree on `q`. */
static void agree(struct corpus *c, const char *q, size_t len)
{
	struct search_result a, b;
	struct err e = { 0 };
	assert_int_equal(search_run(c, q, len, &a, &e), ERR_OK);
	assert_int_equal(search_scan(c, q, len, &b, &e), ERR_OK);
	if (a.n != b.n)
		fail_msg("'%.*s': index %zu hits, scan %zu", (int)len, q, a.n,
			 b.n);
	for (size_t i = 0; i < a.n; i++)
		assert_int_equal(a.pos[i], b.pos[i]);
	assert_int_equal(a.articles, b.articles);
	for (size_t i = 0; i < a.narticles; i++)
		assert_int_equal(a.per_article[i], b.per_article[i]);
	search_result_free(&a);
	search_result_free(&b);
}

/* Random substrings of the corpus's own text, 1 to 8 characters, and
 * strings that do not occur. */
static void random_queries(struct corpus *c, int count)
{
	struct err e = { 0 };
	size_t nblocks = corpus_block_count(c);
	for (int k = 0; k < count; k++) {
		struct corpus_block b;
		assert_int_equal(corpus_block(c, next_rand() % nblocks, &b, &e),
				 ERR_OK);
		if (!b.text.len)
			continue;
		/* a start at a character boundary */
		size_t at = next_rand() % b.text.len;
		while (at > 0 && ((unsigned char)b.text.s[at] & 0xC0) == 0x80)
			at--;
		size_t end = at, chars = 1 + next_rand() % 8;
		for (size_t i = 0; i < chars && end < b.text.len; i++) {
			uint32_t uc;
			end += utf8_next(b.text.s + end, b.text.len - end, &uc);
		}
		agree(c, b.text.s + at, end - at);
		/* the same with a character that is never in the text */
		char miss[64];
		int n = snprintf(miss, sizeof miss, "%.*s\xE2\x98\x83",
				 (int)(end - at < 40 ? end - at : 40),
				 b.text.s + at);
		if (n > 0 && (size_t)n < sizeof miss)
			agree(c, miss, (size_t)n);
	}
}

static void test_bundled_agrees_with_scan(void **state)
{
	(void)state;
	random_queries(bundled, 600);
}

static void test_big_agrees_with_scan(void **state)
{
	(void)state;
	random_queries(big, 150);
}

static void test_known_queries(void **state)
{
	(void)state;
	struct search_result r;
	struct err e = { 0 };
	assert_int_equal(search_run(bundled, "残疾", strlen("残疾"), &r, &e),
			 ERR_OK);
	assert_true(r.n > 100);
	assert_true(r.per_article[0] > 50); /* the feature on disability */
	assert_int_equal(r.per_article[1], 0); /* the speech: none */
	assert_true(r.per_article[9] > 10); /* 全国助残日 */
	search_result_free(&r);
	/* titles and meta lines are searched too */
	assert_int_equal(search_run(bundled, "汪洋出席", strlen("汪洋出席"),
				    &r, &e),
			 ERR_OK);
	assert_int_equal(r.n, 2); /* the title, and the body */
	search_result_free(&r);
	assert_int_equal(search_run(bundled, "邹伟", strlen("邹伟"), &r, &e),
			 ERR_OK);
	assert_int_equal(r.n, 1); /* the byline in the meta line */
	search_result_free(&r);
	/* empty: nothing, no error */
	assert_int_equal(search_run(bundled, "", 0, &r, &e), ERR_OK);
	assert_int_equal(r.n, 0);
	search_result_free(&r);
	agree(bundled, "残疾", strlen("残疾"));
	agree(bundled, "的", strlen("的"));
	agree(bundled, "。", strlen("。"));
	agree(bundled, "习近平总书记", strlen("习近平总书记"));
}

static void test_folded_queries(void **state)
{
	(void)state;
	struct search_result a, b;
	struct err e = { 0 };
	/* full-width and half-width digits and letters are one */
	assert_int_equal(search_run(big, "2023", 4, &a, &e), ERR_OK);
	assert_int_equal(search_run(big, "２０２３", strlen("２０２３"), &b, &e),
			 ERR_OK);
	assert_true(a.n > 0);
	assert_int_equal(a.n, b.n);
	search_result_free(&a);
	search_result_free(&b);
	/* case */
	assert_int_equal(search_run(big, "gdp", 3, &a, &e), ERR_OK);
	assert_int_equal(search_run(big, "GDP", 3, &b, &e), ERR_OK);
	assert_int_equal(a.n, b.n);
	assert_true(a.n > 0);
	search_result_free(&b);
	assert_int_equal(search_run(big, "ＧＤＰ", strlen("ＧＤＰ"), &b, &e),
			 ERR_OK);
	assert_int_equal(a.n, b.n);
	search_result_free(&a);
	search_result_free(&b);
	/* typographic and plain quotes */
	assert_int_equal(search_run(big, "\"hello\"", 7, &a, &e), ERR_OK);
	assert_int_equal(search_run(big, "“hello”", strlen("“hello”"), &b,
				    &e),
			 ERR_OK);
	assert_true(a.n > 0);
	assert_int_equal(a.n, b.n);
	search_result_free(&a);
	search_result_free(&b);
	agree(big, "ａｂｃ", strlen("ａｂｃ"));
	agree(big, "'bye'", 5);
	agree(big, "Abc", 3);
	agree(big, " ", 1);
}

static void test_locate_and_match(void **state)
{
	(void)state;
	struct search_result r;
	struct err e = { 0 };
	const char *q = "狭路相逢";
	assert_int_equal(search_run(bundled, q, strlen(q), &r, &e), ERR_OK);
	assert_int_equal(r.n, 1);
	size_t block, off;
	assert_int_equal(search_locate(bundled, r.pos[0], &block, &off, &e),
			 ERR_OK);
	struct corpus_block b;
	assert_int_equal(corpus_block(bundled, block, &b, &e), ERR_OK);
	assert_memory_equal(b.text.s + off, q, strlen(q));
	uint32_t *fq;
	long n = search_fold_str(q, strlen(q), &fq);
	assert_int_equal(search_match(b.text.s + off, b.text.len - off, fq,
				      (size_t)n),
			 strlen(q));
	free(fq);
	search_result_free(&r);
	assert_int_equal(search_locate(bundled, corpus_text_size(bundled) + 5,
				       &block, &off, &e),
			 ERR_CORRUPT);
}

/* The index's corners: punctuation, spaces and symbols start no pair, so
 * queries of them alone are found by reading the text; runs of one ASCII
 * letter (lists denser than one a byte: no low bits); a pair at the very
 * start and the very end of TEXT; a position past 4 GB is not needed to
 * test the 56-bit limit, the shape is checked by verify. */
static void test_index_corners(void **state)
{
	(void)state;
	static const char *texts[] = {
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		"——“引号”……，。！？、；：（）《》「」",
		"x",
		"起头的字，和结尾的字",
		"   空格　全角空格\t跳格",
		"1234567890１２３４５６７８９０",
	};
	enum { NT = sizeof texts / sizeof texts[0] };
	struct article v[NT];
	memset(v, 0, sizeof v);
	for (size_t i = 0; i < NT; i++) {
		v[i].title = strdup(i ? "题" : "题目");
		article_add_block(&v[i], BLOCK_PARA, strdup(texts[i]));
	}
	void *data;
	size_t size;
	struct err e = { 0 };
	struct corpus *c;
	assert_int_equal(corpus_write_mem(v, NT, &data, &size, &e), ERR_OK);
	assert_int_equal(corpus_open_mem(data, size, "corners", &c, &e),
			 ERR_OK);
	assert_int_equal(search_verify(c, &e), ERR_OK);
	static const char *queries[] = {
		"a", "aa", "aaaa", "——", "…", "……", "，", "。！", "”……，",
		"（）《", "」", " ", "  ", "　", "\t", "x", "题", "题目", "起头",
		"字", "尾的字", "0", "90", "１２", "字，和", "，和",
	};
	for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++)
		agree(c, queries[q], strlen(queries[q]));
	struct search_result r;
	assert_int_equal(search_run(c, "……", strlen("……"), &r, &e), ERR_OK);
	assert_int_equal(r.n, 1);
	search_result_free(&r);
	assert_int_equal(search_run(c, "aa", 2, &r, &e), ERR_OK);
	assert_int_equal(r.n, 31); /* overlapping: every start */
	search_result_free(&r);
	corpus_close(c);
	free(data);
	for (size_t i = 0; i < NT; i++)
		article_free(&v[i]);
}

static void test_verify(void **state)
{
	(void)state;
	struct err e = { 0 };
	assert_int_equal(search_verify(bundled, &e), ERR_OK);
	assert_int_equal(search_verify(big, &e), ERR_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_known_queries),
		cmocka_unit_test(test_folded_queries),
		cmocka_unit_test(test_locate_and_match),
		cmocka_unit_test(test_verify),
		cmocka_unit_test(test_index_corners),
		cmocka_unit_test(test_bundled_agrees_with_scan),
		cmocka_unit_test(test_big_agrees_with_scan),
	};
	return cmocka_run_group_tests_name("search", tests, setup, teardown);
}
