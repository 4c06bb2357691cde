/* Tests for search: folding, the index against a plain scan, and queries
 * that fold. */
#include "test.h"

#include <fcntl.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kanbao/format/article.h"
#include "kanbao/format/corpus.h"
#include "kanbao/build/corpus_write.h"
#include "kanbao/build/hanzi.h"
#include "kanbao/search/search.h"
#include "kanbao/base/progress.h"
#include "kanbao/base/le.h"
#include "kanbao/base/utf8.h"
#include "kanbao/format/corpus_file.h"

#include <xxhash.h>

static struct corpus *bundled;

/* Variants of the characters the small corpora below hold in both scripts
 * (as OpenCC's dictionaries have them), for their FOLD table. */
static const uint32_t both_scripts[][2] = {
	{ 0x6B98, 0x6B8B }, /* 殘 残 */
	{ 0x7FD2, 0x4E60 }, /* 習 习 */
	{ 0x7E3D, 0x603B }, /* 總 总 */
	{ 0x66F8, 0x4E66 }, /* 書 书 */
	{ 0x8A18, 0x8BB0 }, /* 記 记 */
	{ 0x767C, 0x53D1 }, /* 發 发 */
	{ 0x9AEE, 0x53D1 }, /* 髮 发 */
	{ 0x8207, 0x4E0E }, /* 與 与 */
	{ 0x984C, 0x9898 }, /* 題 题 */
};
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
	assert_int_equal(corpus_write_mem(v, NA, NULL, &big_data, &size, &e), ERR_OK);
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
	assert_int_equal(index_fold(NULL, 0xFF12), '2'); /* ２ */
	assert_int_equal(index_fold(NULL, 0xFF21), 'a'); /* Ａ */
	assert_int_equal(index_fold(NULL, 0xFF41), 'a'); /* ａ */
	assert_int_equal(index_fold(NULL, 'Q'), 'q');
	assert_int_equal(index_fold(NULL, 0x3000), ' ');
	assert_int_equal(index_fold(NULL, 0x201C), '"');
	assert_int_equal(index_fold(NULL, 0x201D), '"');
	assert_int_equal(index_fold(NULL, 0xFF02), '"');
	assert_int_equal(index_fold(NULL, 0x2018), '\'');
	assert_int_equal(index_fold(NULL, 0x2019), '\'');
	assert_int_equal(index_fold(NULL, 0x4E2D), 0x4E2D); /* 中 as it is */
	assert_int_equal(index_fold(NULL, 0x3002), 0x3002); /* 。 as it is */
	assert_int_equal(index_fold(NULL, 0xFF0C), ','); /* ， is full-width , */
}

/* The index and a plain scan agree on `q`. */
/* The counts per article of hits `r`, made here from the table of
 * article starts, one hit at a time: what search's ways of counting
 * (from the records for a few hits, from the table for many, unsorted
 * for a character's) must all give. */
static void counted_right(struct corpus *c, const struct search_result *r,
			  const struct search_result *counts)
{
	const uint64_t *starts;
	struct err e = { 0 };
	size_t na = corpus_article_count(c), articles = 0;
	assert_int_equal(counts->narticles, na);
	assert_int_equal(counts->n, r->n);
	assert_int_equal(corpus_article_starts(c, &starts, &e), ERR_OK);
	uint32_t *want = test_calloc(na + 1, sizeof *want);
	for (size_t i = 0, a = 0; i < r->n; i++) {
		assert_true(i == 0 || r->pos[i] > r->pos[i - 1]);
		while (a + 1 < na && starts[a + 1] <= r->pos[i])
			a++;
		articles += want[a]++ == 0;
	}
	assert_int_equal(counts->articles, articles);
	assert_memory_equal(counts->per_article, want, na * sizeof *want);
	test_free(want);
}

static void agree(struct corpus *c, const char *q, size_t len)
{
	struct search_result a, b, k;
	struct err e = { 0 };
	assert_int_equal(search_run(c, q, len, &a, &e), ERR_OK);
	assert_int_equal(search_scan(c, q, len, &b, &e), ERR_OK);
	assert_int_equal(search_count(c, q, len, &k, &e), ERR_OK);
	if (a.n != b.n)
		fail_msg("'%.*s': index %zu hits, scan %zu", (int)len, q, a.n,
			 b.n);
	/* hits asked for one by one (kept in units or not), found by
	 * their bytes, and all turned into bytes at once */
	for (size_t i = 0; i < a.n; i++) {
		assert_int_equal(search_hit(&a, i), b.pos[i]);
		assert_int_equal(search_hit_lower(&a, b.pos[i]), i);
		assert_int_equal(search_hit_lower(&a, b.pos[i] + 1), i + 1);
	}
	assert_null(search_hit_error(&a));
	assert_int_equal(search_result_bytes(&a, &e), ERR_OK);
	assert_null(a.map);
	assert_memory_equal(a.pos, b.pos, a.n * sizeof *a.pos);
	assert_int_equal(a.articles, b.articles);
	for (size_t i = 0; i < a.narticles; i++)
		if (a.per_article[i] != b.per_article[i])
			fail_msg("'%.*s': article %zu: index %u hits, scan %u",
				 (int)len, q, i, a.per_article[i],
				 b.per_article[i]);
	assert_null(k.pos);
	counted_right(c, &a, &a);
	counted_right(c, &a, &k);
	search_result_free(&a);
	search_result_free(&b);
	search_result_free(&k);
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

/* Up to `want` Han characters from a random place of c's text into q (room
 * for want * 4 bytes): their length in bytes; *chars, how many. */
static size_t han_run(struct corpus *c, size_t want, char *q, size_t *chars)
{
	struct err e = { 0 };
	struct corpus_block b;
	assert_int_equal(corpus_block(c, next_rand() % corpus_block_count(c),
				      &b, &e),
			 ERR_OK);
	*chars = 0;
	if (!b.text.len)
		return 0;
	size_t at = next_rand() % b.text.len, end;
	while (at > 0 && ((unsigned char)b.text.s[at] & 0xC0) == 0x80)
		at--;
	for (end = at; *chars < want && end < b.text.len; ++*chars) {
		uint32_t uc;
		size_t len = utf8_next(b.text.s + end, b.text.len - end, &uc);
		if (!utf8_is_han(uc))
			break;
		end += len;
	}
	memcpy(q, b.text.s + at, end - at);
	return end - at;
}

/* What the index finds from its lists alone (every character one length in
 * bytes): runs of 3 to 8 Han characters of the text; two or three
 * two-character words of it end to end, every pair common and the whole
 * often nowhere; the same with a character that never occurs. */
static void han_queries(struct corpus *c, int count)
{
	for (int k = 0; k < count; k++) {
		char q[64];
		size_t chars, len = han_run(c, 3 + next_rand() % 6, q, &chars);
		if (chars >= 3)
			agree(c, q, len);
		size_t words = 2 + next_rand() % 2, n = 0;
		for (size_t w = 0; w < words; w++) {
			size_t got = han_run(c, 2, q + n, &chars);
			if (chars == 2)
				n += got;
		}
		if (n >= 9) /* three characters or more */
			agree(c, q, n);
		memcpy(q + n, "\xE2\x98\x83", 3); /* a snowman */
		if (n >= 6)
			agree(c, q, n + 3);
	}
}

static void test_han_queries(void **state)
{
	(void)state;
	han_queries(bundled, 400);
	han_queries(big, 150);
}

/* A corpus of the given texts, an article each, titled `title` (the first
 * one `first`, when not NULL), its variants table made by `h` (NULL:
 * none). */
static struct corpus *small_corpus(const char *const *texts, size_t nt,
				   const char *title, const char *first,
				   struct hanzi *h, void **data)
{
	struct article *v = calloc(nt, sizeof *v);
	assert_non_null(v);
	for (size_t i = 0; i < nt; i++) {
		v[i].title = strdup(i == 0 && first ? first : title);
		article_add_block(&v[i], BLOCK_PARA, strdup(texts[i]));
	}
	size_t size;
	struct err e = { 0 };
	struct corpus *c;
	assert_int_equal(corpus_write_mem(v, nt, h, data, &size, &e), ERR_OK);
	assert_int_equal(corpus_open_mem(*data, size, "small", &c, &e),
			 ERR_OK);
	assert_int_equal(search_verify(c, &e), ERR_OK);
	for (size_t i = 0; i < nt; i++)
		article_free(&v[i]);
	free(v);
	return c;
}

static size_t hits(struct corpus *c, const char *q)
{
	struct search_result r;
	struct err e = { 0 };
	assert_int_equal(search_run(c, q, strlen(q), &r, &e), ERR_OK);
	size_t n = r.n;
	search_result_free(&r);
	return n;
}

/* U+20000 U+20001 U+20002: three 4-byte characters (CJK extension B). */
#define EXT_B3 "\xF0\xA0\x80\x80\xF0\xA0\x80\x81\xF0\xA0\x80\x82"

/* Every character and pair of every block of c, and random substrings,
 * found as reading the text finds them (agree): each hit's unit turned
 * back into its byte, and counted per article in units. */
static void agree_everywhere(struct corpus *c)
{
	struct err e = { 0 };
	for (size_t j = 0; j < corpus_block_count(c); j++) {
		struct corpus_block b;
		assert_int_equal(corpus_block(c, j, &b, &e), ERR_OK);
		for (size_t i = 0; i < b.text.len;) {
			uint32_t uc;
			size_t one = utf8_next(b.text.s + i, b.text.len - i, &uc);
			size_t two = i + one < b.text.len ?
					     utf8_next(b.text.s + i + one,
						       b.text.len - i - one,
						       &uc) : 0;
			agree(c, b.text.s + i, one);
			if (two)
				agree(c, b.text.s + i, one + two);
			i += one;
		}
	}
	random_queries(c, 60);
}

/* The index's units and the map back to bytes (format/index.h), at their
 * edges: text of ASCII alone (no run: the map is its group entries), of
 * Han alone (one run a block), characters of two and four bytes (as many
 * units as bytes) among Han, Han on both sides of a block's end and of
 * an article's, and a text long enough for runs to be cut at the end of
 * a group of INDEX_MAP_UNITS units. */
static void test_units(void **state)
{
	(void)state;
	static const char *const ascii[] = { "abc 123 xyz abc", "Abc xyz 123" };
	static const char *const han[] = { "报纸报纸新闻报纸", "新闻报纸新闻" };
	static const char *const mixed[] = {
		"café résumé · naïve 报纸 naïve", /* two bytes */
		"看" EXT_B3 "报" EXT_B3 EXT_B3 "报纸", /* four bytes */
		"报纸，新闻。" EXT_B3 "é报", "报é" EXT_B3 "纸",
	};
	static const char *const *sets[] = { ascii, han, mixed };
	static const size_t counts[] = { 2, 2, 4 };
	for (size_t k = 0; k < 3; k++) {
		void *data;
		/* titles of ASCII, then of Han: a run across the title's end */
		struct corpus *c = small_corpus(sets[k], counts[k],
						k ? "报纸" : "Title", NULL,
						NULL, &data);
		agree_everywhere(c);
		/* 纸 ends each title and 报 starts blocks: the '\n' between
		 * is in no hit */
		agree(c, "纸报", strlen("纸报"));
		assert_int_equal(hits(c, "纸报"), k == 1 ? 1 : 0);
		corpus_close(c);
		free(data);
	}
	/* runs cut at a group's end, and groups with no run at all */
	enum { LONG = 3 * INDEX_MAP_UNITS };
	char *text = test_malloc(LONG * 3 + 1), *p = text;
	for (size_t i = 0; i < LONG; i++) {
		const char *piece = i % 1000 == 999 ? "7" :
				    i / 2000 == 3 ? "x" : i % 2 ? "报" : "纸";
		p = stpcpy(p, piece);
	}
	const char *longs[] = { text, "报纸7" };
	void *data;
	struct corpus *c = small_corpus(longs, 2, "报纸", NULL, NULL, &data);
	agree(c, "报纸", strlen("报纸"));
	agree(c, "纸报纸", strlen("纸报纸"));
	agree(c, "7纸", strlen("7纸"));
	agree(c, "xx", strlen("xx"));
	agree(c, "x报", strlen("x报"));
	agree(c, "报", strlen("报"));
	random_queries(c, 100);
	corpus_close(c);
	free(data);
	test_free(text);
}

/* Where the index tells a hit's characters apart by their places alone:
 * hits that overlap; ASCII that is one byte or three (full-width) in the
 * text, the index telling which where it can and the text where it
 * cannot (20x020: the pairs of 2020 stand where a full-width 2 would put
 * them); characters of two and four bytes; a hit at TEXT's start; a
 * '\n', which ends every block and is in none. */
static void test_shifted_queries(void **state)
{
	(void)state;
	static const char *const texts[] = {
		"哈哈哈哈",
		"哈哈哈哈哈，啊哈哈哈",
		"２０２０年和2020年，２0２0年",
		"20x020年，2a02020",
		"ＧＤＰ增长和GDP增长，Gdp增长",
		"年２０２０，年2020",
		"协同发展，协同 发展，协同发",
		EXT_B3 EXT_B3, /* 4-byte characters */
		"ñandú año ñandú, ÑANDÚ",
		"ａａａａ aaaa ａaａa",
	};
	enum { NT = sizeof texts / sizeof texts[0] };
	void *data;
	struct corpus *c = small_corpus(texts, NT, "题", NULL, NULL, &data);
	static const char *const queries[] = {
		"哈哈哈", "哈哈哈哈", "哈哈哈哈哈", "哈哈哈哈哈哈", "啊哈哈",
		"题哈哈", "2020年", "２０２０年", "2020", "020年", "年2020",
		"0年", "和2020", "20２0", "2020年，２", "20x0", "x020年",
		"gdp增长", "ＧＤＰ增长", "dp增长", "增长和gdp", "p增长",
		"协同发展", "同发展", "协同发", "协同 发展", " 发展", "展，协同",
		"\xF0\xA0\x80\x80\xF0\xA0\x80\x81\xF0\xA0\x80\x82",
		"\xF0\xA0\x80\x81\xF0\xA0\x80\x82\xF0\xA0\x80\x80",
		"ñandú", "año", "ño ñ", "andú", "aaa", "aaaa", "a a", "ａａａ",
		"aa aa", "题ñand", "哈\n题", "哈哈\n", "\n题哈",
	};
	for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++)
		agree(c, queries[q], strlen(queries[q]));
	assert_int_equal(hits(c, "哈哈哈"), 6); /* 2 + 3 + 1 */
	assert_int_equal(hits(c, "2020"), 6);
	assert_int_equal(hits(c, "gdp增长"), 3);
	assert_int_equal(hits(c, "ＧＤＰ增长"), 3);
	assert_int_equal(hits(c, "aaa"), 6); /* 2 full-width, 2, 2 mixed */
	assert_int_equal(hits(c, "ñandú"), 2); /* only ASCII has cases */
	corpus_close(c);
	free(data);
}

/* Lists longer than a word of high bits many times over, of every
 * density: a run of one Han character and one of one ASCII letter. */
static void test_long_runs(void **state)
{
	(void)state;
	enum { RUN = 70000 };
	char *han = malloc(RUN * 3 + 1), *latin = malloc(RUN + 1);
	for (size_t i = 0; i < RUN; i++)
		memcpy(han + 3 * i, "哈", 3);
	han[RUN * 3] = '\0';
	memset(latin, 'a', RUN);
	latin[RUN] = '\0';
	const char *texts[] = { "哈哈一哈", han, latin, "aaa 哈哈哈" };
	void *data;
	struct corpus *c = small_corpus(texts, 4, "题", NULL, NULL, &data);
	assert_int_equal(hits(c, "哈哈哈"), RUN - 2 + 1);
	assert_int_equal(hits(c, "aaa"), RUN - 2 + 1);
	static const char *const queries[] = {
		"哈哈哈", "哈哈哈哈哈哈哈哈", "一哈", "哈一哈", "aaa",
		"aaaaaaaa", "a 哈哈", "aa 哈哈哈",
	};
	for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++)
		agree(c, queries[q], strlen(queries[q]));
	corpus_close(c);
	free(data);
	free(han);
	free(latin);
}

/* Lists long enough to be decoded, counted and filtered on both cores
 * (search.c, HALVES_MIN), their hits spread over many articles: as many
 * hits as articles (鲲鹏, counted in interleaved halves), three an article
 * and more (发展), and candidates filtered through a second list (新发展,
 * 展的新), each agreeing with a plain scan, counts and all. */
static void test_lists_in_halves(void **state)
{
	(void)state;
	enum { NA = 70000 };
	const char **texts = malloc(NA * sizeof *texts);
	for (size_t i = 0; i < NA; i++)
		texts[i] = i % 2 ? "鲲鹏新发展的发展，新发展。" :
			   i % 5 ? "新发展和鲲鹏。" : "鲲鹏展的新";
	void *data;
	struct corpus *c = small_corpus(texts, NA, "题", NULL, NULL, &data);
	assert_int_equal(hits(c, "鲲鹏"), NA);
	assert_int_equal(hits(c, "新发展"), NA / 2 * 2 + NA / 2 * 4 / 5);
	static const char *const queries[] = {
		"鲲鹏", "发展", "新发展", "展的新", "发展的发展", "新发展。",
	};
	for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++)
		agree(c, queries[q], strlen(queries[q]));
	corpus_close(c);
	free(data);
	free(texts);
}

/* search_count of a pair whose list is long enough to be counted in two
 * halves as it is decoded (search.c, count_pair): an article's hits on
 * both sides of the split (each article holds 40 of them, so the split
 * falls inside one) are counted once, as search_run counts them. */
static void test_pair_counted_in_halves(void **state)
{
	(void)state;
	enum { NA = 3000 };
	char text[40 * 9 + 1] = ""; /* 40 pieces of three characters */
	for (int k = 0; k < 40; k++)
		strcat(text, k % 3 ? "发展，" : "发展发");
	const char **texts = malloc(NA * sizeof *texts);
	for (size_t i = 0; i < NA; i++)
		texts[i] = i % 7 == 3 ? "鲲鹏" : text;
	void *data;
	struct corpus *c = small_corpus(texts, NA, "题", NULL, NULL, &data);
	assert_true(hits(c, "发展") >= 65536);
	agree(c, "发展", strlen("发展"));
	agree(c, "展发", strlen("展发"));
	agree(c, "展，", strlen("展，"));
	corpus_close(c);
	free(data);
	free(texts);
}

/* A search asked to stop gives up with nothing, on every way the index
 * answers; not asked, it finds what search_run finds. */
static void test_run_until_stops(void **state)
{
	(void)state;
	static const char *const queries[] = {
		"习近平总书记", "残疾人", "2023年", "gdp按年", "的", "发展",
	};
	for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++) {
		atomic_int stop;
		atomic_init(&stop, 1);
		struct search_result r, s;
		struct err e = { 0 };
		size_t len = strlen(queries[q]);
		assert_int_equal(search_run_until(big, queries[q], len, &r,
						  &stop, &e),
				 ERR_CANCELLED);
		assert_null(r.pos);
		assert_int_equal(r.n, 0);
		atomic_store(&stop, 0);
		assert_int_equal(search_run_until(big, queries[q], len, &r,
						  &stop, &e),
				 ERR_OK);
		assert_int_equal(search_run(big, queries[q], len, &s, &e),
				 ERR_OK);
		assert_true(r.n > 0);
		assert_int_equal(r.n, s.n);
		for (size_t h = 0; h < r.n; h++)
			assert_int_equal(search_hit(&r, h), search_hit(&s, h));
		search_result_free(&r);
		search_result_free(&s);
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
	/* the byline in the meta line, and the closing dateline that names
	 * the reporters at the end of the body */
	assert_int_equal(r.n, 2);
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
	assert_int_equal(search_locate(bundled, search_hit(&r, 0), &block,
				       &off, &e),
			 ERR_OK);
	struct corpus_block b;
	assert_int_equal(corpus_block(bundled, block, &b, &e), ERR_OK);
	assert_memory_equal(b.text.s + off, q, strlen(q));
	struct search_query f;
	assert_int_equal(search_query_make(NULL, q, strlen(q), &f), 0);
	assert_int_equal(search_match(&f, b.text.s + off, b.text.len - off),
			 strlen(q));
	search_query_free(&f);
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
	void *data;
	struct err e = { 0 };
	struct corpus *c = small_corpus(texts, NT, "题", "题目", NULL, &data);
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
}

/* The reader's matching of a query in a block's text, folded through the
 * corpus's variants (or none): a hit of any form, its length the text's
 * own in bytes, which is the query's. */
static void test_find_query(void **state)
{
	(void)state;
	struct hanzi *h = hanzi_given(both_scripts, sizeof both_scripts /
						    sizeof both_scripts[0]);
	static const char *texts[] = { "习近平" };
	void *data;
	struct corpus *c = small_corpus(texts, 1, "题", NULL, h, &data);
	const struct index_variants *v = corpus_variants(c);
	assert_non_null(v);
	struct search_query f;
	const char *t = "他说习近平和習近平，ＧＤＰ";
	size_t n = strlen(t), len;
	assert_int_equal(search_query_make(v, "習近平", strlen("習近平"), &f),
			 0);
	assert_int_equal(f.len, 3);
	size_t at = search_find(&f, t, n, 0, &len);
	assert_int_equal(at, strlen("他说"));
	assert_int_equal(len, strlen("习近平"));
	assert_int_equal(search_match(&f, t + at, n - at), len);
	at = search_find(&f, t, n, at + 3, &len);
	assert_int_equal(at, strlen("他说习近平和"));
	assert_int_equal(len, strlen("習近平"));
	assert_int_equal(search_find(&f, t, n, at + 3, &len), n);
	assert_int_equal(len, 0);
	search_query_free(&f);
	/* no variants: the query's own characters only */
	assert_int_equal(search_query_make(NULL, "習近平", strlen("習近平"),
					   &f),
			 0);
	at = search_find(&f, t, n, 0, &len);
	assert_int_equal(at, strlen("他说习近平和"));
	assert_int_equal(search_match(&f, t + strlen("他说"),
				      n - strlen("他说")),
			 0);
	search_query_free(&f);
	/* the rest of the folding applies with the variants */
	assert_int_equal(search_query_make(v, "，gdp", strlen("，gdp"), &f), 0);
	assert_int_equal(search_find(&f, t, n, 0, &len),
			 strlen("他说习近平和習近平"));
	assert_int_equal(len, strlen("，ＧＤＰ"));
	search_query_free(&f);
	/* empty: never a hit */
	assert_int_equal(search_query_make(v, "", 0, &f), 0);
	assert_int_equal(f.len, 0);
	assert_int_equal(search_find(&f, t, n, 0, &len), n);
	search_query_free(&f);
	corpus_close(c);
	free(data);
	hanzi_free(h);
}

/* A traditional query of words the bundled corpus has in simplified form:
 * exactly the simplified query's hits, each of them the simplified text;
 * without OpenCC (which kanbao-build made the corpus's variants table
 * with), none. */
static void test_traditional_queries(void **state)
{
	(void)state;
	static const char *words[][2] = {
		{ "殘疾", "残疾" },
		{ "發展", "发展" },
		{ "會議", "会议" },
		{ "發", "发" },
		{ "運動員", "运动员" },
		{ "習近平總書記", "习近平总书记" },
		{ "殘疾人事業", "残疾人事业" },
	};
	struct err e = { 0 };
#if KANBAO_OPENCC
	assert_non_null(corpus_variants(bundled));
#else
	assert_null(corpus_variants(bundled));
#endif
	for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
		const char *t = words[w][0], *s = words[w][1];
		struct search_result a, b;
		assert_int_equal(search_run(bundled, t, strlen(t), &a, &e),
				 ERR_OK);
		assert_int_equal(search_run(bundled, s, strlen(s), &b, &e),
				 ERR_OK);
		assert_true(b.n > 0);
#if KANBAO_OPENCC
		if (a.n != b.n)
			fail_msg("'%s': %zu hits, '%s' %zu", t, a.n, s, b.n);
		for (size_t i = 0; i < a.n; i++)
			assert_int_equal(search_hit(&a, i), search_hit(&b, i));
		assert_int_equal(a.articles, b.articles);
		assert_memory_equal(a.per_article, b.per_article,
				    a.narticles * sizeof *a.per_article);
		for (size_t i = 0; i < a.n; i++) {
			size_t block, off;
			struct corpus_block cb;
			assert_int_equal(search_locate(bundled,
						       search_hit(&a, i),
						       &block, &off, &e),
					 ERR_OK);
			assert_int_equal(corpus_block(bundled, block, &cb, &e),
					 ERR_OK);
			assert_true(cb.text.len - off >= strlen(s));
			assert_memory_equal(cb.text.s + off, s, strlen(s));
		}
#else
		assert_int_equal(a.n, 0);
		assert_int_equal(a.articles, 0);
#endif
		search_result_free(&a);
		search_result_free(&b);
		agree(bundled, t, strlen(t));
	}
}

/* Text in both scripts: a query finds both, in order, each hit once, and
 * the index agrees with the scan; 残 alone and 殘 alone (every pair they
 * start), longer queries, and a mixed one; with the variants table and
 * without. */
static void both_scripts_in(struct hanzi *h)
{
	static const char *texts[] = {
		"残疾人和殘疾人，残疾殘疾",
		"习近平总书记、習近平總書記、習近平总书记",
		"残殘残殘。发展與發展",
	};
	enum { NT = sizeof texts / sizeof texts[0] };
	void *data;
	struct err e = { 0 };
	struct corpus *c = small_corpus(texts, NT, "題目", NULL, h, &data);
	static const char *queries[] = {
		"残疾", "殘疾", "残", "殘", "疾", "残疾人", "殘疾人", "疾，残",
		"习近平总书记", "習近平總書記", "習近平总书记", "总书记",
		"发展", "發展", "與", "题目", "題", "残殘", "。发",
	};
	for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++)
		agree(c, queries[q], strlen(queries[q]));
	static const struct {
		const char *q;
		size_t hits, folded; /* without folding, with */
	} want[] = {
		{ "残疾", 2, 4 }, { "殘疾", 2, 4 }, { "残", 4, 8 },
		{ "殘", 4, 8 }, { "残疾人", 1, 2 }, { "習近平總書記", 1, 3 },
		/* character for character: a mixed query finds every mix */
		{ "習近平总书记", 1, 3 }, { "题目", 0, 3 }, { "残殘", 2, 3 },
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		struct search_result r;
		assert_int_equal(search_run(c, want[i].q, strlen(want[i].q), &r,
					    &e),
				 ERR_OK);
		size_t n = h ? want[i].folded : want[i].hits;
		if (r.n != n)
			fail_msg("'%s': %zu hits, not %zu", want[i].q, r.n, n);
		for (size_t k = 1; k < r.n; k++)
			assert_true(search_hit(&r, k - 1) < search_hit(&r, k));
		search_result_free(&r);
	}
	corpus_close(c);
	free(data);
}

static void test_both_scripts(void **state)
{
	(void)state;
	both_scripts_in(NULL);
	struct hanzi *h = hanzi_given(both_scripts, sizeof both_scripts /
						    sizeof both_scripts[0]);
	both_scripts_in(h);
	hanzi_free(h);
}

/* Every chunk sum, the SUMS hash and the header hash made again after an
 * edit (corpus_file.h's offsets). */
static void reseal(uint8_t *f)
{
	uint64_t sums = le_get64(f + H_SECTIONS + 16 * SEC_SUMS);
	uint32_t n = le_get32(f + H_NCHUNKS);
	for (uint32_t i = 0; i < n; i++) {
		uint64_t a = CORPUS_HEADER_SIZE + (uint64_t)i * CORPUS_CHUNK_SIZE;
		uint64_t b = a + CORPUS_CHUNK_SIZE < sums ? a + CORPUS_CHUNK_SIZE
							  : sums;
		le_put64(f + sums + 8 * i, XXH3_64bits(f + a, b - a));
	}
	le_put64(f + H_SUMS_HASH, XXH3_64bits(f + sums, 8 * (uint64_t)n));
	le_put64(f + H_HASH, XXH3_64bits(f, H_HASH));
}

/* Few hits among many articles are counted from the article records, not
 * from the table of starts; an article without blocks (which no writer
 * makes, but a file may hold) sends the count back to the table, which
 * knows where such an article is. */
static void test_counts_few_hits(void **state)
{
	(void)state;
	enum { NT = 200 };
	static char text[NT][64];
	const char *texts[NT];
	for (size_t i = 0; i < NT; i++) {
		snprintf(text[i], sizeof text[i], "第%zu段%s", i,
			 i == 5 || i == 77 || i == 150 || i == 199 ? "鲲鹏"
								   : "文字");
		texts[i] = text[i];
	}
	void *data;
	struct corpus *c = small_corpus(texts, NT, "题", NULL, NULL, &data);
	agree(c, "鲲鹏", strlen("鲲鹏"));
	agree(c, "鲲", strlen("鲲"));
	struct search_result r;
	struct err e = { 0 };
	assert_int_equal(search_count(c, "鲲鹏", strlen("鲲鹏"), &r, &e),
			 ERR_OK);
	assert_int_equal(r.n, 4);
	assert_int_equal(r.articles, 4);
	assert_int_equal(r.per_article[77], 1);
	assert_int_equal(r.per_article[199], 1);
	search_result_free(&r);
	corpus_close(c);
	/* article 77's blocks given to article 76: 77 has none, and
	 * starts where 78 does */
	uint8_t *f = data;
	uint8_t *art = f + le_get64(f + H_SECTIONS + 16 * SEC_ARTICLES);
	uint8_t *a76 = art + 76 * ARTICLE_SIZE, *a77 = art + 77 * ARTICLE_SIZE;
	le_put32(a76 + A_NBLOCKS,
		 le_get32(a76 + A_NBLOCKS) + le_get32(a77 + A_NBLOCKS));
	le_put32(a77 + A_FIRST, 0);
	le_put32(a77 + A_NBLOCKS, 0);
	le_put64(a77 + A_START, le_get64(a77 + ARTICLE_SIZE + A_START));
	/* and so the index's starts in units, its last 8 bytes an article,
	 * which hits are counted against */
	uint8_t *x = f + le_get64(f + H_SECTIONS + 16 * SEC_INDEX);
	uint8_t *st = x + le_get64(f + H_SECTIONS + 16 * SEC_INDEX + 8) -
		      (uint64_t)NT * 8;
	le_put64(st + 77 * 8, le_get64(st + 78 * 8));
	reseal(f);
	size_t size = le_get64(f + H_FSIZE);
	assert_int_equal(corpus_open_mem(f, size, "forged", &c, &e), ERR_OK);
	agree(c, "鲲鹏", strlen("鲲鹏"));
	assert_int_equal(search_count(c, "鲲鹏", strlen("鲲鹏"), &r, &e),
			 ERR_OK);
	assert_int_equal(r.per_article[76], 1);
	assert_int_equal(r.per_article[77], 0);
	assert_int_equal(r.articles, 4);
	search_result_free(&r);
	corpus_close(c);
	free(data);
}

static void test_verify(void **state)
{
	(void)state;
	struct err e = { 0 };
	assert_int_equal(search_verify(bundled, &e), ERR_OK);
	assert_int_equal(search_verify(big, &e), ERR_OK);
}

/* What kanbao --verify's progress line counts on (src/reader/main.c):
 * corpus_verify_counted counts the file's size and TEXT's, then
 * search_verify_counted INDEX's and TEXT's again, to the byte. */
static void test_verify_counted(void **state)
{
	(void)state;
	struct err e = { 0 };
	struct stat st;
	assert_int_equal(stat(getenv("KANBAO_BUNDLED"), &st), 0);
	uint64_t file = (uint64_t)st.st_size;
	uint64_t text = corpus_text_size(bundled);
	int null = open("/dev/null", O_WRONLY);
	assert_true(null >= 0);
	struct progress_spec s = { "verify", 0, 0, NULL, 0, NULL };
	struct progress *p = progress_new(null, &s);
	assert_non_null(p);
	struct progress_counts c;
	assert_int_equal(corpus_verify_counted(bundled, p, &e), ERR_OK);
	progress_counts(p, &c);
	assert_int_equal(c.bytes, file + text);
	assert_int_equal(search_verify_counted(bundled, p, &e), ERR_OK);
	progress_counts(p, &c);
	assert_int_equal(c.bytes, file + 2 * text + corpus_index_size(bundled));
	progress_end(p);
	close(null);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_known_queries),
		cmocka_unit_test(test_folded_queries),
		cmocka_unit_test(test_locate_and_match),
		cmocka_unit_test(test_verify),
		cmocka_unit_test(test_verify_counted),
		cmocka_unit_test(test_index_corners),
		cmocka_unit_test(test_find_query),
		cmocka_unit_test(test_counts_few_hits),
		cmocka_unit_test(test_traditional_queries),
		cmocka_unit_test(test_both_scripts),
		cmocka_unit_test(test_han_queries),
		cmocka_unit_test(test_shifted_queries),
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_long_runs),
		cmocka_unit_test(test_lists_in_halves),
		cmocka_unit_test(test_pair_counted_in_halves),
		cmocka_unit_test(test_run_until_stops),
		cmocka_unit_test(test_bundled_agrees_with_scan),
		cmocka_unit_test(test_big_agrees_with_scan),
	};
	/* KANBAO_TEST_ONLY=PATTERN: those tests alone (the ThreadSanitizer run
	 * of tests/meson.build's search-halves) */
	if (getenv("KANBAO_TEST_ONLY"))
		cmocka_set_test_filter(getenv("KANBAO_TEST_ONLY"));
	return cmocka_run_group_tests_name("search", tests, setup, teardown);
}
