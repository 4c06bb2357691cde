/* Out of memory in search: search_run (through the index), search_scan
 * (reading every block), search_query_make and search_verify, with the
 * nth allocation failing for every n the query reaches (tests/oom.h), on
 * queries that take each way through the index: one Han character, two,
 * three and more, ASCII and full-width digits and letters, a space that
 * starts no pair, punctuation alone, traditional characters and a query
 * in both scripts; and search_run over a set of two files read as one.
 *
 * A search that fails says ERR_NOMEM, "out of memory", leaves nothing
 * allocated, and the corpus still searches as before once memory is back:
 * the reader's session goes on after a search that ran out.
 *
 * Each run opens the corpus afresh (not counted), so that the table of
 * article starts, made by the first search and kept, is made in the run.
 * The mixed corpus has a variants table (FOLD), so queries are folded
 * through it as the reader's are; search reads no dictionary. */
#include "test.h"

#include "kanbao/build/corpus_write.h"
#include "kanbao/build/hanzi.h"
#include "kanbao/format/corpus.h"
#include "kanbao/format/corpus_set.h"
#include "kanbao/search/search.h"
#include "oom.h"

/* A corpus's bytes. */
struct bytes {
	const char *name;
	void *data;
	size_t size;
};

static struct bytes bundled, mixed;
/* the two read as one (open_bytes) */
static const struct bytes both = { "bundled + mixed", NULL, 0 };

/* Text in both scripts, ASCII one byte and three, a space inside a
 * query, punctuation, so every way through the index is taken. */
static const char *const mixed_texts[] = {
	"残疾人和殘疾人，残疾殘疾",
	"习近平总书记、習近平總書記、習近平总书记",
	"残殘残殘。发展與發展，发展",
	"２０２０年和2020年，２0２0年",
	"ＧＤＰ增长和GDP增长，Gdp增长",
	"协同发展，协同 发展，协同发",
	"他说——好的……再说——",
	/* bba: one hit found from two of its rarest pair's places, so
	 * the chain's hits are sorted and made unique */
	"aｂbbabａbｂ",
};
enum { NMIXED = sizeof mixed_texts / sizeof mixed_texts[0] };

static int setup(void **state)
{
	(void)state;
	struct err e = { 0 };
	const char *path = getenv("KANBAO_BUNDLED");
	assert_non_null(path);
	bundled.name = "bundled";
	bundled.data = test_read_file(path, &bundled.size);
	struct article v[NMIXED];
	memset(v, 0, sizeof v);
	for (size_t i = 0; i < NMIXED; i++) {
		v[i].title = strdup("题目");
		assert_int_equal(article_add_block(&v[i], BLOCK_PARA,
						   strdup(mixed_texts[i])),
				 0);
	}
	/* the variants of the characters in both scripts */
	static const uint32_t pairs[][2] = {
		{ 0x6B98, 0x6B8B }, { 0x7FD2, 0x4E60 }, { 0x7E3D, 0x603B },
		{ 0x66F8, 0x4E66 }, { 0x8A18, 0x8BB0 }, { 0x767C, 0x53D1 },
		{ 0x8207, 0x4E0E }, { 0x984C, 0x9898 },
	};
	struct hanzi *h = hanzi_given(pairs, sizeof pairs / sizeof pairs[0]);
	assert_non_null(h);
	mixed.name = "mixed";
	assert_int_equal(corpus_write_mem(v, NMIXED, h, &mixed.data,
					  &mixed.size, &e),
			 ERR_OK);
	hanzi_free(h);
	for (size_t i = 0; i < NMIXED; i++)
		article_free(&v[i]);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(bundled.data);
	free(mixed.data);
	return 0;
}

static struct corpus *open_bytes(const struct bytes *b)
{
	struct err e = { 0 };
	struct corpus *c;
	if (b == &both) {
		struct corpus *parts[2] = { open_bytes(&bundled),
					    open_bytes(&mixed) };
		assert_int_equal(corpus_join(parts, 2, b->name, &c, &e),
				 ERR_OK);
		return c;
	}
	assert_int_equal(corpus_open_mem(b->data, b->size, b->name, &c, &e),
			 ERR_OK);
	return c;
}

/* ---- search_run and search_scan ---- */

struct search_ctx {
	const struct bytes *b; /* the corpus */
	const char *q; /* the query */
	int scan; /* search_scan, else search_run */
	struct search_result want; /* what it finds with memory enough */
	struct corpus *c; /* opened by prepare */
	struct search_result r; /* what the run found */
	struct err e;
};

static enum err_code search(struct search_ctx *x, struct search_result *r)
{
	return (x->scan ? search_scan : search_run)(x->c, x->q, strlen(x->q),
						    r, &x->e);
}

static void search_prepare(void *p)
{
	struct search_ctx *x = p;
	x->c = open_bytes(x->b);
	memset(&x->e, 0, sizeof x->e);
}

static int search_op(void *p)
{
	struct search_ctx *x = p;
	return search(x, &x->r);
}

static void assert_same(const struct search_result *a,
			const struct search_result *b, const char *q)
{
	if (a->n != b->n)
		fail_msg("'%s': %zu hits, not %zu", q, a->n, b->n);
	if (a->n)
		assert_memory_equal(a->pos, b->pos, a->n * sizeof *a->pos);
	assert_int_equal(a->articles, b->articles);
	assert_int_equal(a->narticles, b->narticles);
	assert_memory_equal(a->per_article, b->per_article,
			    a->narticles * sizeof *a->per_article);
}

static void search_check(void *p, int rc, const struct oom_run *how)
{
	struct search_ctx *x = p;
	if (how->failures) {
		if (rc != ERR_NOMEM)
			fail_msg("'%s' with call %lu failing: error %d (%s), "
				 "not ERR_NOMEM", x->q, how->n, rc, x->e.msg);
		assert_non_null(strstr(x->e.msg, "out of memory"));
		/* nothing to free, and safe to free */
		assert_int_equal(x->r.n, 0);
		assert_null(x->r.pos);
		assert_null(x->r.per_article);
	} else {
		assert_same(&x->r, &x->want, x->q);
	}
	search_result_free(&x->r);
	/* The corpus searches as before. */
	struct search_result again;
	assert_int_equal(search(x, &again), ERR_OK);
	assert_same(&again, &x->want, x->q);
	search_result_free(&again);
	corpus_close(x->c);
	x->c = NULL;
}

/* One query on one corpus, through the index or by reading, under every
 * failure it reaches. */
static void try_search(const struct bytes *b, const char *q, int scan)
{
	struct search_ctx x = { .b = b, .q = q, .scan = scan };
	char name[160];
	snprintf(name, sizeof name, "%s '%s' on %s",
		 scan ? "search_scan" : "search_run", q, b->name);
	x.c = open_bytes(b);
	assert_int_equal(search(&x, &x.want), ERR_OK);
	corpus_close(x.c);
	oom_test(&(struct oom_case){
		.name = name,
		.prepare = search_prepare,
		.run = search_op,
		.check = search_check,
		.ctx = &x,
	});
	search_result_free(&x.want);
}

/* Each query with the way it takes through the index. */
static const char *const bundled_queries[] = {
	"残", /* one Han character: every pair it starts, sorted */
	"发展", /* two: one pair's positions */
	"残疾人", /* three: pairs filtered through each other */
	"习近平总书记", /* six */
	"2023", /* ASCII digits: the chain, the text where it cannot tell */
	"殘疾人", /* traditional: its own form and the simplified one */
	"——", /* punctuation only: read from the text */
	"", /* empty: no hits */
};

static const char *const mixed_queries[] = {
	"残", "殘疾", "残疾人", "習近平總書記", "習近平总书记", "发展",
	"發", "2020年", "gdp增长", "ＧＤＰ增长", "协同 发展", "——", "。发",
	"bba",
};

static void test_run_bundled(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bundled_queries / sizeof *bundled_queries;
	     i++)
		try_search(&bundled, bundled_queries[i], 0);
}

static void test_run_mixed(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof mixed_queries / sizeof *mixed_queries;
	     i++)
		try_search(&mixed, mixed_queries[i], 0);
}

/* A set: each file's hits, moved and gathered. */
static void test_run_set(void **state)
{
	(void)state;
	static const char *const queries[] = { "残", "发展", "殘疾人",
					       "——", "" };
	for (size_t i = 0; i < sizeof queries / sizeof *queries; i++)
		try_search(&both, queries[i], 0);
}

static void test_scan(void **state)
{
	(void)state;
	try_search(&bundled, "发展", 1);
	try_search(&bundled, "殘疾人", 1);
	for (size_t i = 0; i < sizeof mixed_queries / sizeof *mixed_queries;
	     i++)
		try_search(&mixed, mixed_queries[i], 1);
}

/* ---- search_query_make ---- */

struct query_ctx {
	const char *q;
	const struct index_variants *v; /* the mixed corpus's */
	struct search_query want; /* with memory enough */
	struct search_query f; /* what the run made */
};

static int query_op(void *p)
{
	struct query_ctx *x = p;
	return search_query_make(x->v, x->q, strlen(x->q), &x->f);
}

static void query_check(void *p, int rc, const struct oom_run *how)
{
	struct query_ctx *x = p;
	if (how->failures) {
		/* -1 and nothing to free */
		assert_int_equal(rc, -1);
		return;
	}
	assert_int_equal(rc, 0);
	assert_int_equal(x->f.len, x->want.len);
	assert_memory_equal(x->f.fq, x->want.fq, x->f.len * sizeof *x->f.fq);
	search_query_free(&x->f);
}

static void test_query(void **state)
{
	(void)state;
	static const char *const queries[] = {
		"残", "发展", "殘疾人", "習近平总书记", "GDP", "——", "",
	};
	struct corpus *c = open_bytes(&mixed);
	assert_non_null(corpus_variants(c));
	for (size_t i = 0; i < sizeof queries / sizeof *queries; i++) {
		struct query_ctx x = { .q = queries[i],
				       .v = corpus_variants(c) };
		char name[96];
		snprintf(name, sizeof name, "search_query_make '%s'", x.q);
		assert_int_equal(search_query_make(x.v, x.q, strlen(x.q),
						   &x.want),
				 0);
		oom_test(&(struct oom_case){
			.name = name,
			.run = query_op,
			.check = query_check,
			.ctx = &x,
		});
		search_query_free(&x.want);
	}
	corpus_close(c);
}

/* ---- search_verify ---- */

struct verify_ctx {
	struct corpus *c; /* opened by prepare */
	struct err e;
};

static void verify_prepare(void *p)
{
	struct verify_ctx *x = p;
	x->c = open_bytes(&mixed);
	memset(&x->e, 0, sizeof x->e);
}

static int verify_op(void *p)
{
	struct verify_ctx *x = p;
	return search_verify(x->c, &x->e);
}

static void verify_check(void *p, int rc, const struct oom_run *how)
{
	struct verify_ctx *x = p;
	struct err e = { 0 };
	if (how->failures) {
		assert_int_equal(rc, ERR_NOMEM);
		assert_non_null(strstr(x->e.msg, "out of memory"));
	}
	assert_int_equal(search_verify(x->c, &e), ERR_OK);
	corpus_close(x->c);
}

static void test_verify(void **state)
{
	(void)state;
	struct verify_ctx x = { 0 };
	oom_test(&(struct oom_case){
		.name = "search_verify on mixed",
		.prepare = verify_prepare,
		.run = verify_op,
		.check = verify_check,
		.ctx = &x,
	});
}

/* The suite's figure for the note: every call site reached. */
static void test_sites(void **state)
{
	(void)state;
	print_message("all of search: %zu distinct call sites reached\n",
		      oom_sites_ever());
	assert_true(oom_sites_ever() > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_query),
		cmocka_unit_test(test_run_bundled),
		cmocka_unit_test(test_run_mixed),
		cmocka_unit_test(test_run_set),
		cmocka_unit_test(test_scan),
		cmocka_unit_test(test_verify),
		cmocka_unit_test(test_sites),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
