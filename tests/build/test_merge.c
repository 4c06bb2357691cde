/* Tests for merge: corpus files joined into one are the bytes corpus_write
 * makes of all their articles at once, however the articles are cut into
 * files (one file, an empty one, a file an article, a merged file merged
 * again); a damaged input is named and nothing is written. */
#include "test.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "kanbao/base/le.h"
#include "kanbao/build/corpus_write.h"
#include "kanbao/build/merge.h"
#include "kanbao/format/article.h"
#include "kanbao/format/corpus_file.h"
#include "kanbao/format/index.h"

enum { NA = 40 };

static struct article art[NA];
static void *whole;
static size_t whole_size;
static char dir[64];

/* A deterministic generator (xorshift), so runs repeat. */
static uint64_t rng = 2463534242ull;
static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static const char *const words[] = {
	"残疾人", "事业", "发展", "新时代", "协同", "２０２３年", "2023年", "，",
	"。", "“关怀”", "GDP", "ｇｄｐ", "北京", "的", "了", "经济", "人民",
	"记者", "abc", "Ｘ光",
};

static char *sentence(size_t most)
{
	char buf[1024] = "";
	size_t n = 1 + next_rand() % most;
	for (size_t k = 0; k < n; k++)
		strcat(buf, words[next_rand() % (sizeof words / sizeof *words)]);
	return strdup(buf);
}

static const char *path(const char *name)
{
	static char buf[2][512];
	static int which;
	which ^= 1;
	snprintf(buf[which], sizeof buf[which], "%s/%s", dir, name);
	return buf[which];
}

static void write_file(const char *p, const void *data, size_t n)
{
	FILE *f = fopen(p, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

static int setup(void **state)
{
	(void)state;
	struct err e = { 0 };
	for (size_t i = 0; i < NA; i++) {
		/* titles and sources met again, so strings are shared
		 * across files */
		art[i].title = i % 7 == 3 ? strdup("短评") : sentence(6);
		art[i].source = strdup(i % 3 ? "新华社" : "本报");
		if (i % 4 == 1)
			art[i].byline = strdup("记者 李明");
		if (i % 5 == 2)
			art[i].page = strdup(i % 2 ? "4" : "A3");
		art[i].date = i % 6 ? 20240101 + (uint32_t)(i / 3) : 0;
		size_t np = next_rand() % 8; /* some with no body at all */
		for (size_t k = 0; k < np; k++)
			assert_int_equal(article_add_block(&art[i], BLOCK_PARA,
							   sentence(30)),
					 0);
	}
	assert_int_equal(corpus_write_mem(art, NA, NULL, &whole, &whole_size, &e),
			 ERR_OK);
	strcpy(dir, "/tmp/test_merge.XXXXXX");
	assert_non_null(mkdtemp(dir));
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (size_t i = 0; i < NA; i++)
		article_free(&art[i]);
	free(whole);
	DIR *d = opendir(dir);
	struct dirent *de;
	while (d && (de = readdir(d)))
		if (de->d_name[0] != '.')
			unlink(path(de->d_name));
	if (d)
		closedir(d);
	rmdir(dir);
	return 0;
}

/* Articles [from, to) written as the corpus file `name`. */
static void write_part(const char *name, size_t from, size_t to)
{
	struct err e = { 0 };
	void *p;
	size_t n;
	assert_int_equal(corpus_write_mem(art + from, to - from, NULL, &p, &n, &e),
			 ERR_OK);
	write_file(path(name), p, n);
	free(p);
}

/* The file at `p` is the one corpus_write makes of all the articles. */
static void assert_whole(const char *p)
{
	size_t n;
	char *got = test_read_file(p, &n);
	assert_int_equal(n, whole_size);
	assert_memory_equal(got, whole, n);
	free(got);
}

/* Merge, and the summary says `files` files and `articles` articles. */
static void merge_ok(const char *out, const char *const *in, size_t n,
		     size_t files, size_t articles)
{
	struct merge_stats st;
	struct err e = { 0 };
	if (merge_files(out, in, n, &st, &e) != ERR_OK)
		fail_msg("%s", e.msg);
	assert_int_equal(st.files, files);
	assert_int_equal(st.articles, articles);
	if (articles == NA)
		assert_int_equal(st.bytes, whole_size);
}

/* Cut at every place in turn into two files, and into three with an
 * empty one between: always the one file. */
static void test_any_cut(void **state)
{
	(void)state;
	const char *out = "out.kb";
	for (size_t cut = 0; cut <= NA; cut += 3) {
		write_part("a.kb", 0, cut);
		write_part("b.kb", cut, cut);
		write_part("c.kb", cut, NA);
		char a[128], b[128], c[128], o[128];
		snprintf(a, sizeof a, "%s", path("a.kb"));
		snprintf(b, sizeof b, "%s", path("b.kb"));
		snprintf(c, sizeof c, "%s", path("c.kb"));
		snprintf(o, sizeof o, "%s", path(out));
		const char *two[] = { a, c }, *three[] = { a, b, c };
		merge_ok(o, two, 2, 2, NA);
		assert_whole(o);
		merge_ok(o, three, 3, 3, NA);
		assert_whole(o);
	}
}

/* An article a file, in a directory: the files in name order. */
static void test_file_an_article(void **state)
{
	(void)state;
	char sub[128], o[128];
	snprintf(sub, sizeof sub, "%s", path("days"));
	assert_int_equal(mkdir(sub, 0700), 0);
	for (size_t i = 0; i < NA; i++) {
		char name[32];
		snprintf(name, sizeof name, "days/%03zu.kb", i);
		write_part(name, i, i + 1);
	}
	snprintf(o, sizeof o, "%s", path("all.kb"));
	const char *in[] = { sub };
	merge_ok(o, in, 1, NA, NA);
	assert_whole(o);
	/* a merged file merged again with the rest: the same bytes */
	write_part("head.kb", 0, 10);
	write_part("tail.kb", 10, NA);
	char h[128], t[128];
	snprintf(h, sizeof h, "%s", path("head.kb"));
	snprintf(t, sizeof t, "%s", path("tail.kb"));
	const char *one[] = { h }, *again[] = { h, t };
	merge_ok(path("h2.kb"), one, 1, 1, 10);
	snprintf(h, sizeof h, "%s", path("h2.kb"));
	merge_ok(o, again, 2, 2, NA);
	assert_whole(o);
	for (size_t i = 0; i < NA; i++) {
		char name[32];
		snprintf(name, sizeof name, "days/%03zu.kb", i);
		unlink(path(name));
	}
	rmdir(sub);
}

/* Recompute every checksum of a corpus file after an edit. */
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

/* A merge of a.kb and a copy of b.kb with `edit` made to its index (and
 * the file resealed, so that only the index's own checks can see it)
 * fails naming the copy and saying `why`; nothing is written. */
static void expect_bad_index(void (*edit)(uint8_t *index), const char *why)
{
	size_t n;
	write_part("a.kb", 0, 20);
	write_part("b.kb", 20, NA);
	uint8_t *f = (uint8_t *)test_read_file(path("b.kb"), &n);
	edit(f + le_get64(f + H_SECTIONS + 16 * SEC_INDEX));
	reseal(f);
	write_file(path("bad.kb"), f, n);
	free(f);
	char a[128], b[128];
	snprintf(a, sizeof a, "%s", path("a.kb"));
	snprintf(b, sizeof b, "%s", path("bad.kb"));
	const char *in[] = { a, b };
	struct merge_stats st;
	struct err e = { 0 };
	assert_int_equal(merge_files(path("never.kb"), in, 2, &st, &e),
			 ERR_CORRUPT);
	if (!strstr(e.msg, "bad.kb") || !strstr(e.msg, why))
		fail_msg("'%s' does not say '%s'", e.msg, why);
	assert_int_equal(access(path("never.kb"), F_OK), -1);
}

static void swap_keys(uint8_t *x)
{
	uint8_t t[6]; /* a key is a u48 */
	memcpy(t, x + INDEX_HEAD_SIZE, 6);
	memcpy(x + INDEX_HEAD_SIZE, x + INDEX_HEAD_SIZE + INDEX_ENTRY_SIZE, 6);
	memcpy(x + INDEX_HEAD_SIZE + INDEX_ENTRY_SIZE, t, 6);
}

static void more_positions(uint8_t *x)
{
	/* the first key claims one position more than its list holds */
	uint8_t *count = x + INDEX_HEAD_SIZE + INDEX_ENTRY_COUNT;
	le_put32(count, le_get32(count) + 1);
}

static void bad_magic(uint8_t *x)
{
	x[0] = 'X';
}

static void long_key(uint8_t *x)
{
	x[INDEX_HEAD_SIZE + 5] |= 1 << 2; /* bit 42 of the first key */
}

static void test_bad_index(void **state)
{
	(void)state;
	expect_bad_index(swap_keys, "keys out of order");
	expect_bad_index(more_positions, "search index");
	expect_bad_index(bad_magic, "bad magic");
	expect_bad_index(long_key, "no pair of characters makes");
}

/* A chunk damaged: its checksum names the file; the output may be an
 * input, and a failed merge leaves it as it was. */
static void test_damaged_input(void **state)
{
	(void)state;
	size_t n;
	write_part("a.kb", 0, 20);
	write_part("b.kb", 20, NA);
	char *f = test_read_file(path("b.kb"), &n);
	f[n - 200] ^= 1; /* in the index, before SUMS */
	write_file(path("b.kb"), f, n);
	free(f);
	char a[128], b[128];
	snprintf(a, sizeof a, "%s", path("a.kb"));
	snprintf(b, sizeof b, "%s", path("b.kb"));
	size_t before;
	char *was = test_read_file(a, &before);
	const char *in[] = { a, b };
	struct merge_stats st;
	struct err e = { 0 };
	enum err_code rc = merge_files(a, in, 2, &st, &e);
	assert_true(rc == ERR_CHECKSUM || rc == ERR_CORRUPT);
	assert_non_null(strstr(e.msg, "b.kb"));
	size_t after;
	char *now = test_read_file(a, &after);
	assert_int_equal(before, after);
	assert_memory_equal(was, now, before);
	free(was);
	free(now);
	/* no temporary file left beside it */
	DIR *d = opendir(dir);
	struct dirent *de;
	while ((de = readdir(d)))
		assert_null(strstr(de->d_name, "a.kb."));
	closedir(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_any_cut),
		cmocka_unit_test(test_file_an_article),
		cmocka_unit_test(test_bad_index),
		cmocka_unit_test(test_damaged_input),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
