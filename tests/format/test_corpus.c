/* Tests for corpus: the writer's bytes, the reader's round trip, and every
 * kind of bad file the reader must refuse with a clean error.
 *
 * Damaged files are made by editing a good one.  Where a test wants a
 * structural check to catch something, it reseals the file (recomputes the
 * chunk sums and header checksum) so the checksums cannot catch it first. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "kanbao/base/le.h"
#include "kanbao/base/utf8.h"
#include "kanbao/format/corpus.h"
#include "kanbao/format/corpus_set.h"
#include "kanbao/build/corpus_write.h"
#include "kanbao/build/hanzi.h"
#include "kanbao/search/search.h"

/* Header offsets from corpus.h, for editing files. */
enum {
	HDR = CORPUS_HEADER_SIZE,
	H_VERSION = 8,
	H_FSIZE = 16,
	H_NCHUNKS = 36,
	H_SECTIONS = 40,
	H_SUMS_HASH = 152,
	H_HASH = 168,
};

/* An article record's size, where its first block and count are, its
 * page's { u32 offset, u32 length } and its u64 start in TEXT. */
enum {
	ARTICLE_RECORD = 72,
	A_FIRST = 8,
	A_NBLOCKS = 12,
	A_PAGE = 56,
	A_START = 64,
};

/* Block record j's u64 offset in TEXT. */
enum { BLOCK_RECORD = 16 };

static uint64_t sec_off(const uint8_t *f, int s)
{
	return le_get64(f + H_SECTIONS + 16 * s);
}

static uint64_t sec_len(const uint8_t *f, int s)
{
	return le_get64(f + H_SECTIONS + 16 * s + 8);
}

/* Recompute every chunk sum, the SUMS checksum and the header checksum
 * after an edit, trusting the (possibly edited) SUMS offset. */
static void reseal(uint8_t *f)
{
	uint64_t sums = sec_off(f, SEC_SUMS);
	uint32_t n = le_get32(f + H_NCHUNKS);
	for (uint32_t i = 0; i < n; i++) {
		uint64_t a = HDR + (uint64_t)i * CORPUS_CHUNK_SIZE;
		uint64_t b = a + CORPUS_CHUNK_SIZE;
		if (b > sums)
			b = sums;
		le_put64(f + sums + 8 * i, XXH3_64bits(f + a, b - a));
	}
	le_put64(f + H_SUMS_HASH, XXH3_64bits(f + sums, 8 * (uint64_t)n));
	le_put64(f + H_HASH, XXH3_64bits(f, H_HASH));
}

/* The fixture: shared strings, an empty subtitle and NULL fields, an
 * article with no blocks, an empty paragraph, pages on two of the three. */
static struct article_block b0[] = {
	{ BLOCK_HEAD, "关怀，始终如一" },
	{ BLOCK_PARA, "新华社北京5月15日电 第一段。" },
	{ BLOCK_PARA, "" },
};
static struct article_block b2[] = {
	{ BLOCK_PARA, "Latin and 汉字, mixed." },
};
static struct article fixture[] = {
	{ .title = "习近平在江苏考察", .subtitle = "", .source = "新华社",
	  .place = "北京", .page = "4", .date = 20240515, .blocks = b0,
	  .nblocks = 3 },
	{ .title = "无标题", .flags = ARTICLE_TITLE_DERIVED },
	{ .title = "习近平在江苏考察", .source = "新华社",
	  .byline = "邹伟 张三", .page = "A3", .blocks = b2, .nblocks = 1 },
};
enum { NFIXTURE = sizeof fixture / sizeof fixture[0] };

/* The fixture's bytes, malloc'd by the library (free with free()). */
static uint8_t *fixture_bytes(size_t *size)
{
	void *data;
	struct err e;
	assert_int_equal(corpus_write_mem(fixture, NFIXTURE, NULL, &data, size, &e),
			 ERR_OK);
	return data;
}

/* A fresh temporary directory for each test that uses files. */
static char dir[64];

static const char *tmp_path(const char *base)
{
	static char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, base);
	return path;
}

static int make_dir(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/test_corpus.XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int remove_dir(void **state)
{
	(void)state;
	DIR *d = opendir(dir);
	struct dirent *de;
	while (d && (de = readdir(d))) {
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
			const char *p = tmp_path(de->d_name);
			if (rmdir(p) != 0)
				unlink(p);
		}
	}
	if (d)
		closedir(d);
	return rmdir(dir);
}

/* Files in the temporary directory: temporary files left behind show. */
static int count_entries(void)
{
	int n = 0;
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *de;
	while ((de = readdir(d)))
		n += de->d_name[0] != '.';
	closedir(d);
	return n;
}

static void save(const char *path, const void *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, size, f), size);
	assert_int_equal(fclose(f), 0);
}

static void *load(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	*size = (size_t)ftell(f);
	rewind(f);
	void *p = test_malloc(*size + 1);
	assert_int_equal(fread(p, 1, *size, f), *size);
	fclose(f);
	return p;
}

static int starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Open `path`, expect `code` and a message that names the path. */
static void expect_open_fails(const char *path, enum err_code code)
{
	struct corpus *c = NULL;
	struct err e;
	assert_int_equal(corpus_open(path, &c, &e), code);
	assert_null(c);
	assert_true(starts_with(e.msg, path));
}

static void expect_open_mem_fails(const void *p, size_t n, enum err_code code)
{
	struct corpus *c = NULL;
	struct err e;
	assert_int_equal(corpus_open_mem(p, n, "x.kb", &c, &e), code);
	assert_null(c);
	assert_true(starts_with(e.msg, "x.kb: "));
}

static struct corpus *open_ok(const void *p, size_t n)
{
	struct corpus *c = NULL;
	struct err e;
	enum err_code rc = corpus_open_mem(p, n, "x.kb", &c, &e);
	if (rc)
		fail_msg("%s", e.msg);
	return c;
}

static void assert_str(struct corpus_str s, const char *want)
{
	size_t n = want ? strlen(want) : 0;
	assert_non_null(s.s);
	assert_int_equal(s.len, n);
	assert_memory_equal(s.s, n ? want : "", n);
}

static void test_round_trip(void **state)
{
	(void)state;
	size_t size;
	uint8_t *f = fixture_bytes(&size);
	struct corpus *c = open_ok(f, size);
	struct err e;
	assert_int_equal(corpus_article_count(c), NFIXTURE);
	uint32_t next = 0;
	for (size_t i = 0; i < NFIXTURE; i++) {
		const struct article *w = &fixture[i];
		struct corpus_article a;
		assert_int_equal(corpus_article(c, i, &a, &e), ERR_OK);
		assert_str(a.title, w->title);
		assert_str(a.subtitle, w->subtitle);
		assert_str(a.source, w->source);
		assert_str(a.place, w->place);
		assert_str(a.byline, w->byline);
		assert_str(a.page, w->page);
		assert_int_equal(a.date, w->date);
		assert_int_equal(a.flags, w->flags);
		assert_int_equal(a.first_block, next);
		/* The writer puts the title, the subtitle and the meta line
		 * (when there are any) before the body. */
		char *meta = article_meta(w->date, w->page,
					  w->page ? strlen(w->page) : 0,
					  w->source,
					  w->source ? strlen(w->source) : 0,
					  w->place,
					  w->place ? strlen(w->place) : 0,
					  w->byline,
					  w->byline ? strlen(w->byline) : 0);
		struct article_block head[3];
		size_t nhead = 0;
		head[nhead++] = (struct article_block){ BLOCK_TITLE, w->title };
		if (w->subtitle && *w->subtitle)
			head[nhead++] = (struct article_block){ BLOCK_SUBTITLE,
								w->subtitle };
		if (*meta)
			head[nhead++] = (struct article_block){ BLOCK_META,
								meta };
		assert_int_equal(a.nblocks, nhead + w->nblocks);
		for (size_t j = 0; j < a.nblocks; j++) {
			const struct article_block *want =
				j < nhead ? &head[j] : &w->blocks[j - nhead];
			struct corpus_block b;
			assert_int_equal(corpus_block(c, next + j, &b, &e),
					 ERR_OK);
			assert_int_equal(b.kind, want->kind);
			assert_str(b.text, want->text);
		}
		free(meta);
		next += a.nblocks;
	}
	assert_int_equal(corpus_verify(c, &e), ERR_OK);
	struct corpus_article none;
	assert_int_equal(corpus_article(c, NFIXTURE, &none, &e), ERR_USAGE);
	corpus_close(c);
	free(f);
}

/* The meta block the writer puts under the title: the page as 第N版 after
 * the date; an article without a page has none. */
static void test_page_in_meta_line(void **state)
{
	(void)state;
	size_t size;
	uint8_t *f = fixture_bytes(&size);
	struct corpus *c = open_ok(f, size);
	static const char *const want[NFIXTURE] = {
		"2024-05-15 · 第4版 · 新华社 北京",
		NULL, /* no date, page, source, place or byline: no meta line */
		"第A3版 · 新华社 · 邹伟 张三",
	};
	for (size_t i = 0; i < NFIXTURE; i++) {
		struct corpus_article a;
		struct err e;
		assert_int_equal(corpus_article(c, i, &a, &e), ERR_OK);
		const char *meta = NULL;
		size_t len = 0;
		for (uint32_t j = 0; j < a.nblocks; j++) {
			struct corpus_block b;
			assert_int_equal(corpus_block(c, a.first_block + j, &b,
						      &e), ERR_OK);
			if (b.kind == BLOCK_META) {
				meta = b.text.s;
				len = b.text.len;
			}
		}
		if (!want[i]) {
			assert_null(meta);
			continue;
		}
		assert_non_null(meta);
		assert_int_equal(len, strlen(want[i]));
		assert_memory_equal(meta, want[i], len);
	}
	corpus_close(c);
	free(f);
}

/* Versions 3 and 4 (before FOLD, with a header of 160 bytes) and 5 (its
 * article records without their starts) are refused, with what to do
 * about it: the version is read before the header's size, so even a file
 * cut short of 176 bytes is told so. */
static void test_old_versions(void **state)
{
	(void)state;
	size_t size;
	uint8_t *f = fixture_bytes(&size);
	for (uint32_t v = 3; v <= 5; v++) {
		le_put32(f + H_VERSION, v);
		reseal(f);
		for (size_t n = 12; n <= size; n += size - 12) {
			struct corpus *c = NULL;
			struct err e;
			assert_int_equal(corpus_open_mem(f, n, "old.kb", &c, &e),
					 ERR_VERSION);
			assert_null(c);
			char want[128];
			snprintf(want, sizeof want, "old.kb: corpus version %u, "
				 "older than this program reads (%d): rebuild "
				 "it with kanbao-build", (unsigned)v,
				 CORPUS_VERSION);
			assert_string_equal(e.msg, want);
		}
	}
	free(f);
}

static void test_empty_corpus(void **state)
{
	(void)state;
	void *f;
	size_t size;
	struct err e;
	assert_int_equal(corpus_write_mem(NULL, 0, NULL, &f, &size, &e), ERR_OK);
	struct corpus *c = open_ok(f, size);
	assert_int_equal(corpus_article_count(c), 0);
	assert_int_equal(corpus_block_count(c), 0);
	assert_int_equal(corpus_text_size(c), 0);
	assert_int_equal(corpus_verify(c, &e), ERR_OK);
	corpus_close(c);
	free(f);
}

/* 300 articles drawing on 3 titles, 1 source and 1 page: STRINGS holds 5
 * strings, and equal strings come back as the same bytes of the file. */
static void test_shared_strings_stored_once(void **state)
{
	(void)state;
	static char *titles[] = { "头条", "要闻：两会", "国际新闻" };
	enum { N = 300 };
	struct article *v = test_calloc(N, sizeof *v);
	for (size_t i = 0; i < N; i++) {
		v[i].title = titles[i % 3];
		v[i].source = "新华社";
		v[i].page = "A3";
	}
	void *f;
	size_t size;
	struct err e;
	assert_int_equal(corpus_write_mem(v, N, NULL, &f, &size, &e), ERR_OK);
	size_t want = strlen("新华社") + strlen("A3");
	for (size_t k = 0; k < 3; k++)
		want += strlen(titles[k]);
	assert_int_equal(sec_len(f, SEC_STRINGS), want);

	struct corpus *c = open_ok(f, size);
	struct corpus_article a, b;
	assert_int_equal(corpus_article(c, 1, &a, &e), ERR_OK);
	assert_int_equal(corpus_article(c, N - 2, &b, &e), ERR_OK);
	assert_ptr_equal(a.title.s, b.title.s);
	assert_ptr_equal(a.source.s, b.source.s);
	assert_ptr_equal(a.page.s, b.page.s);
	assert_int_equal(corpus_verify(c, &e), ERR_OK);
	corpus_close(c);
	free(f);
	test_free(v);
}

static void test_deterministic_mem(void **state)
{
	(void)state;
	size_t n1, n2;
	uint8_t *a = fixture_bytes(&n1), *b = fixture_bytes(&n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(a, b, n1);
	free(a);
	free(b);
}

/* Two corpus_write runs give the bytes of corpus_write_mem, and leave
 * nothing but the target behind. */
static void test_deterministic_file(void **state)
{
	(void)state;
	struct err e;
	const char *path = tmp_path("a.kb");
	size_t mem_size, n1, n2;
	uint8_t *mem = fixture_bytes(&mem_size);
	assert_int_equal(corpus_write(path, fixture, NFIXTURE, NULL, &e), ERR_OK);
	void *first = load(path, &n1);
	assert_int_equal(corpus_write(path, fixture, NFIXTURE, NULL, &e), ERR_OK);
	void *second = load(path, &n2);
	assert_int_equal(n1, mem_size);
	assert_int_equal(n2, mem_size);
	assert_memory_equal(first, mem, mem_size);
	assert_memory_equal(second, mem, mem_size);

	assert_int_equal(count_entries(), 1);

	struct corpus *c;
	assert_int_equal(corpus_open(path, &c, &e), ERR_OK);
	assert_int_equal(corpus_verify(c, &e), ERR_OK);
	corpus_close(c);
	test_free(first);
	test_free(second);
	free(mem);
}

/* A failed write reports the target and leaves no temporary file. */
static void test_write_failure_cleans_up(void **state)
{
	(void)state;
	struct err e;
	const char *missing = "/nonexistent-kanbao-dir/x.kb";
	assert_int_equal(corpus_write(missing, fixture, NFIXTURE, NULL, &e),
			 ERR_NOENT);
	assert_true(starts_with(e.msg, missing));

	const char *sub = tmp_path("sub");
	assert_int_equal(mkdir(sub, 0755), 0);
	assert_int_equal(corpus_write(sub, fixture, NFIXTURE, NULL, &e), ERR_ISDIR);
	assert_true(starts_with(e.msg, sub));
	assert_int_equal(count_entries(), 1); /* just "sub" */
}

static void test_write_rejects_newline(void **state)
{
	(void)state;
	struct article_block b = { BLOCK_PARA, "一行\n两行" };
	struct article a = { .title = "t", .blocks = &b, .nblocks = 1 };
	void *f = NULL;
	size_t size;
	struct err e;
	assert_int_equal(corpus_write_mem(&a, 1, NULL, &f, &size, &e), ERR_USAGE);
	assert_null(f);
	assert_non_null(strstr(e.msg, "newline"));
}

/* Counts that do not fit the u32 fields are refused before anything is
 * read through them (so the fake article needs no blocks). */
static void test_write_rejects_too_big(void **state)
{
	(void)state;
	if (SIZE_MAX <= UINT32_MAX)
		skip();
	struct article a = { .title = "t",
			     .nblocks = (size_t)UINT32_MAX + 1 };
	void *f = NULL;
	size_t size;
	struct err e;
	assert_int_equal(corpus_write_mem(&a, 1, NULL, &f, &size, &e), ERR_TOOBIG);
	assert_int_equal(corpus_write_mem(&a, (size_t)UINT32_MAX + 1, NULL, &f, &size,
					  &e), ERR_TOOBIG);
	assert_null(f);
}

static void test_open_missing(void **state)
{
	(void)state;
	expect_open_fails(tmp_path("no-such.kb"), ERR_NOENT);
}

static void test_open_directory(void **state)
{
	(void)state;
	expect_open_fails(dir, ERR_ISDIR);
}

static void test_open_no_permission(void **state)
{
	(void)state;
	if (geteuid() == 0) {
		print_message("running as root, who can read any file: "
			      "the permission test cannot fail, skipped\n");
		skip();
	}
	size_t size;
	uint8_t *f = fixture_bytes(&size);
	const char *path = tmp_path("locked.kb");
	save(path, f, size);
	assert_int_equal(chmod(path, 0), 0);
	expect_open_fails(path, ERR_ACCESS);
	free(f);
}

static void test_open_empty(void **state)
{
	(void)state;
	const char *path = tmp_path("empty.kb");
	save(path, "", 0);
	expect_open_fails(path, ERR_EMPTY);
	expect_open_mem_fails(NULL, 0, ERR_EMPTY);
}

/* A FIFO with no writer must be refused at once, not waited on. */
static void test_open_fifo(void **state)
{
	(void)state;
	const char *path = tmp_path("fifo");
	assert_int_equal(mkfifo(path, 0600), 0);
	expect_open_fails(path, ERR_FORMAT);
}

/* Every prefix of a good file is refused cleanly.  The copies are exactly
 * the prefix's size (plain malloc, no guard bytes) so a sanitizer catches
 * any read past the end. */
static void test_truncated_every_prefix(void **state)
{
	(void)state;
	size_t size;
	uint8_t *f = fixture_bytes(&size);
	for (size_t n = 0; n < size; n++) {
		uint8_t *p = malloc(n ? n : 1);
		assert_non_null(p);
		memcpy(p, f, n);
		expect_open_mem_fails(p, n, n ? ERR_TRUNCATED : ERR_EMPTY);
		free(p);
	}
	const char *path = tmp_path("short.kb");
	save(path, f, size - 8);
	expect_open_fails(path, ERR_TRUNCATED);
	struct corpus *c;
	struct err e;
	corpus_open(path, &c, &e);
	char want[128];
	snprintf(want, sizeof want, "truncated: file is %zu bytes, header "
		 "says %zu", size - 8, size);
	assert_non_null(strstr(e.msg, want));
	free(f);
}

static void test_trailing_bytes(void **state)
{
	(void)state;
	size_t size;
	uint8_t *f = fixture_bytes(&size);
	uint8_t *longer = test_calloc(1, size + 8);
	memcpy(longer, f, size);
	expect_open_mem_fails(longer, size + 8, ERR_CORRUPT);
	test_free(longer);
	free(f);
}

static void test_bad_magic(void **state)
{
	(void)state;
	size_t size;
	uint8_t *f = fixture_bytes(&size);
	f[1] = 'B';
	expect_open_mem_fails(f, size, ERR_FORMAT);
	expect_open_mem_fails("PK\3\4 not a corpus", 18, ERR_FORMAT);
	free(f);
}

/* FOLD entries (index.h): a table that keeps every rule is made, and folds
 * what it holds and nothing else; each broken rule is refused, naming the
 * entry. */
static uint8_t *variant_bytes(const uint32_t (*e)[2], size_t n)
{
	uint8_t *p = test_malloc(n * INDEX_VARIANT_SIZE + 1);
	for (size_t i = 0; i < n; i++) {
		le_put32(p + i * INDEX_VARIANT_SIZE, e[i][0]);
		le_put32(p + i * INDEX_VARIANT_SIZE + 4, e[i][1]);
	}
	return p;
}

static void expect_variants_refused(const uint32_t (*e)[2], size_t n,
				    size_t bad_want, const char *why_want)
{
	uint8_t *p = variant_bytes(e, n);
	struct index_variants *v = (struct index_variants *)p;
	size_t bad = SIZE_MAX;
	const char *why = NULL;
	assert_int_equal(index_variants_make(p, n, &v, &bad, &why), -2);
	assert_null(v);
	assert_int_equal(bad, bad_want);
	assert_string_equal(why, why_want);
	test_free(p);
}

static void test_variants_rules(void **state)
{
	(void)state;
	/* 習 -> 习, 發 -> 发, 髮 -> 发, and two Ext B characters */
	static const uint32_t good[][2] = {
		{ 0x767C, 0x53D1 }, { 0x7FD2, 0x4E60 }, { 0x9AEE, 0x53D1 },
		{ 0x2A6D6, 0x20000 },
	};
	uint8_t *p = variant_bytes(good, 4);
	struct index_variants *v = NULL;
	size_t bad = 0;
	const char *why = NULL;
	assert_int_equal(index_variants_make(p, 4, &v, &bad, &why), 0);
	assert_non_null(v);
	assert_int_equal(index_variants_count(v), 4);
	assert_int_equal(index_fold(v, 0x7FD2), 0x4E60);
	assert_int_equal(index_fold(v, 0x4E60), 0x4E60);
	assert_int_equal(index_fold(v, 0x9AEE), 0x53D1);
	assert_int_equal(index_fold(v, 0x2A6D6), 0x20000);
	assert_int_equal(index_fold(v, 0x767D), 0x767D); /* a neighbour */
	assert_int_equal(index_fold(v, 0x4E00), 0x4E00); /* below them all */
	assert_int_equal(index_fold(v, 0x10FFFF), 0x10FFFF); /* above */
	assert_int_equal(index_fold(v, 'A'), 'a'); /* the base folding too */
	uint32_t *f;
	const char *s = "習發";
	assert_int_equal(index_fold_str(v, s, strlen(s), &f), 2);
	assert_int_equal(f[0], 0x4E60);
	assert_int_equal(f[1], 0x53D1);
	free(f);
	index_variants_free(v);
	test_free(p);
	/* none: no table */
	v = (struct index_variants *)&bad;
	assert_int_equal(index_variants_make(NULL, 0, &v, &bad, &why), 0);
	assert_null(v);
	assert_int_equal(index_variants_count(NULL), 0);
	assert_int_equal(index_fold(NULL, 0x7FD2), 0x7FD2);

	static const uint32_t order[][2] = { { 0x7FD2, 0x4E60 },
					     { 0x767C, 0x53D1 } };
	expect_variants_refused(order, 2, 1, "not in ascending order");
	static const uint32_t twice[][2] = { { 0x767C, 0x53D1 },
					     { 0x767C, 0x53D2 } };
	expect_variants_refused(twice, 2, 1, "not in ascending order");
	static const uint32_t ascii[][2] = { { 0xFF21, 'a' } };
	expect_variants_refused(ascii, 1, 0, "an ASCII character");
	static const uint32_t self[][2] = { { 0x4E60, 0x4E60 } };
	expect_variants_refused(self, 1, 0, "a character folded to itself");
	static const uint32_t lengths[][2] = { { 0x346E, 0x2B748 } };
	expect_variants_refused(lengths, 1, 0,
				"characters of different lengths in UTF-8");
	static const uint32_t surrogate[][2] = { { 0x4E60, 0xD800 } };
	expect_variants_refused(surrogate, 1, 0, "not a Unicode character");
	static const uint32_t huge[][2] = { { 0x110000, 0x4E60 } };
	expect_variants_refused(huge, 1, 0, "not a Unicode character");
	/* 髮 -> 發 -> 发: 髮 would fold twice */
	static const uint32_t again[][2] = { { 0x767C, 0x53D1 },
					     { 0x9AEE, 0x767C } };
	expect_variants_refused(again, 2, 1,
				"folded to a character that folds again");
}

/* FOLD in a file: the writer stores the table of the classes the text
 * touches; the reader checks it at open (its chunk against SUMS, then
 * every entry), so a damaged table never opens. */
static void test_fold_section(void **state)
{
	(void)state;
	/* 習 -> 习 (the fixture holds 习), 殘 -> 残 (it holds neither) */
	static const uint32_t pairs[][2] = { { 0x7FD2, 0x4E60 },
					     { 0x6B98, 0x6B8B } };
	struct hanzi *h = hanzi_given(pairs, 2);
	void *data;
	size_t size;
	struct err e;
	assert_int_equal(corpus_write_mem(fixture, NFIXTURE, h, &data, &size,
					  &e),
			 ERR_OK);
	hanzi_free(h);
	uint8_t *f = data;
	assert_int_equal(sec_len(f, SEC_FOLD), INDEX_VARIANT_SIZE);
	uint8_t *x = f + sec_off(f, SEC_FOLD);
	assert_int_equal(le_get32(x), 0x7FD2);
	assert_int_equal(le_get32(x + 4), 0x4E60);
	struct corpus *c = open_ok(f, size);
	assert_int_equal(index_variants_count(corpus_variants(c)), 1);
	assert_int_equal(index_fold(corpus_variants(c), 0x7FD2), 0x4E60);
	assert_int_equal(corpus_verify(c, &e), ERR_OK);
	assert_int_equal(search_verify(c, &e), ERR_OK);
	struct search_result r;
	assert_int_equal(search_run(c, "習近平", strlen("習近平"), &r, &e),
			 ERR_OK);
	assert_int_equal(r.n, 2); /* the two titles */
	search_result_free(&r);
	corpus_close(c);
	/* a byte of it flipped: its chunk's sum, at open */
	x[6] ^= 1;
	expect_open_mem_fails(f, size, ERR_CHECKSUM);
	/* resealed: the entry's rules */
	reseal(f);
	c = NULL;
	assert_int_equal(corpus_open_mem(f, size, "x.kb", &c, &e),
			 ERR_CORRUPT);
	assert_string_equal(e.msg, "x.kb: FOLD entry 0: characters of "
				   "different lengths in UTF-8");
	x[6] ^= 1;
	/* not a whole number of entries */
	le_put64(f + H_SECTIONS + 16 * SEC_FOLD + 8, 4);
	reseal(f);
	assert_int_equal(corpus_open_mem(f, size, "x.kb", &c, &e),
			 ERR_CORRUPT);
	assert_string_equal(e.msg, "x.kb: FOLD section is 4 bytes, not a "
				   "multiple of 8");
	free(data);
}

/* The fixture many times over, with the variants test_fold_section uses,
 * written with the index in runs of at most `run` bytes of text
 * (KANBAO_INDEX_RUN_BYTES, as set for tests; NULL: the default, one run
 * here). */
enum { NREPEAT = 40 };
static void *write_in_runs(const char *run, size_t *size)
{
	static const uint32_t pairs[][2] = { { 0x7FD2, 0x4E60 },
					     { 0x6B98, 0x6B8B } };
	struct article v[NREPEAT * NFIXTURE];
	for (size_t i = 0; i < NREPEAT * NFIXTURE; i++)
		v[i] = fixture[i % NFIXTURE];
	v[7].title = "習近平在江苏考察"; /* was 无标题: a character to fold */
	struct hanzi *h = hanzi_given(pairs, 2);
	if (run)
		setenv("KANBAO_INDEX_RUN_BYTES", run, 1);
	void *data;
	struct err e;
	assert_int_equal(corpus_write_mem(v, NREPEAT * NFIXTURE, h, &data,
					  size, &e), ERR_OK);
	unsetenv("KANBAO_INDEX_RUN_BYTES");
	hanzi_free(h);
	return data;
}

/* An index built in many small runs, merged, is the bytes of the one
 * built in a single run, a corpus that opens and checks. */
static void test_small_runs_same_bytes(void **state)
{
	(void)state;
	size_t n1;
	uint8_t *one = write_in_runs(NULL, &n1);
	static const char *const runs[] = { "1", "40", "300", "1000" };
	for (size_t k = 0; k < sizeof runs / sizeof runs[0]; k++) {
		size_t n;
		uint8_t *f = write_in_runs(runs[k], &n);
		assert_int_equal(n, n1);
		assert_memory_equal(f, one, n1);
		free(f);
	}
	struct corpus *c = open_ok(one, n1);
	struct err e;
	assert_int_equal(corpus_verify(c, &e), ERR_OK);
	assert_int_equal(search_verify(c, &e), ERR_OK);
	struct search_result r;
	assert_int_equal(search_run(c, "习近平", strlen("习近平"), &r, &e),
			 ERR_OK);
	/* every title: 40 times two, and the one with 習, folded */
	assert_int_equal(r.n, 2 * NREPEAT + 1);
	search_result_free(&r);
	corpus_close(c);
	free(one);
}

/* Temporary files where none can be made: the error names the corpus
 * and the directory, and nothing is written. */
static void test_write_no_temporary_dir(void **state)
{
	(void)state;
	char out[128], missing[128], want[512];
	snprintf(out, sizeof out, "%s/a.kb", dir);
	snprintf(missing, sizeof missing, "%s/missing", dir);
	setenv("TMPDIR", missing, 1);
	struct err e;
	assert_int_equal(corpus_write(out, fixture, NFIXTURE, NULL, &e),
			 ERR_NOENT);
	unsetenv("TMPDIR");
	snprintf(want, sizeof want, "%s: cannot make a temporary file in %s: "
		 "No such file or directory", out, missing);
	assert_string_equal(e.msg, want);
	struct stat st;
	assert_int_equal(stat(out, &st), -1);
}

static void test_bad_version(void **state)
{
	(void)state;
	size_t size;
	uint8_t *f = fixture_bytes(&size);
	le_put32(f + H_VERSION, 0);
	expect_open_mem_fails(f, size, ERR_VERSION);
	le_put32(f + H_VERSION, CORPUS_VERSION + 1);
	expect_open_mem_fails(f, size, ERR_VERSION);
	struct corpus *c = NULL;
	struct err e;
	assert_int_equal(corpus_open_mem(f, size, "x.kb", &c, &e), ERR_VERSION);
	char want[96];
	snprintf(want, sizeof want, "x.kb: corpus version %d, this program "
		 "reads version %d", CORPUS_VERSION + 1, CORPUS_VERSION);
	assert_string_equal(e.msg, want);
	free(f);
}

static void test_header_checksum(void **state)
{
	(void)state;
	size_t size;
	uint8_t *f = fixture_bytes(&size);
	f[H_HASH] ^= 1;
	expect_open_mem_fails(f, size, ERR_CHECKSUM);
	f[H_HASH] ^= 1;
	f[H_SECTIONS + 16 * SEC_TEXT] ^= 8; /* a field, not the checksum */
	expect_open_mem_fails(f, size, ERR_CHECKSUM);
	free(f);
}

/* A flipped byte anywhere in a section is found: at open for SUMS, else by
 * the first accessor (the fixture is one chunk) and by corpus_verify. */
static void test_flipped_byte_each_section(void **state)
{
	(void)state;
	size_t size;
	uint8_t *good = fixture_bytes(&size);
	for (int s = 0; s < NSEC; s++) {
		uint64_t len = sec_len(good, s);
		if (len == 0)
			continue;
		uint8_t *f = test_malloc(size);
		memcpy(f, good, size);
		f[sec_off(f, s) + len / 2] ^= 0x20;
		if (s == SEC_SUMS) {
			expect_open_mem_fails(f, size, ERR_CHECKSUM);
			test_free(f);
			continue;
		}
		struct corpus *c = open_ok(f, size);
		struct corpus_article a;
		struct err e;
		assert_int_equal(corpus_article(c, 0, &a, &e), ERR_CHECKSUM);
		assert_non_null(strstr(e.msg, "x.kb: checksum mismatch in "
					      "bytes 176-"));
		/* titles many at a time: the chunk under them all */
		struct corpus_titles t;
		assert_int_equal(corpus_titles(c, 0, 1, &t, &e), ERR_CHECKSUM);
		assert_int_equal(corpus_verify(c, &e), ERR_CHECKSUM);
		corpus_close(c);
		test_free(f);
	}
	free(good);
}

/* Text in chunks is checked lazily: a flipped byte in the last chunk does
 * not stop the first blocks from being read, but is caught by the block
 * that lies on it and by corpus_verify.  (1000-byte blocks: 4 chunks.) */
static void test_lazy_chunks(void **state)
{
	(void)state;
	enum { NB = 200, LEN = 999 };
	struct article_block *b = test_calloc(NB, sizeof *b);
	char *text = test_malloc(LEN + 1);
	memset(text, 'x', LEN);
	text[LEN] = '\0';
	for (size_t j = 0; j < NB; j++)
		b[j] = (struct article_block){ BLOCK_PARA, text };
	struct article a = { .title = "长文", .blocks = b, .nblocks = NB };
	void *data;
	size_t size;
	struct err e;
	assert_int_equal(corpus_write_mem(&a, 1, NULL, &data, &size, &e), ERR_OK);
	uint8_t *f = data;
	assert_true(le_get32(f + H_NCHUNKS) >= 4);
	/* The writer's streamed sums match one hash per chunk. */
	uint8_t *copy = test_malloc(size);
	memcpy(copy, f, size);
	reseal(copy);
	assert_memory_equal(copy, f, size);
	test_free(copy);
	/* The last block (the title comes first: NB + 1 blocks) ends TEXT;
	 * flip a byte in it. */
	uint64_t text_end = sec_off(f, SEC_TEXT) + sec_len(f, SEC_TEXT);
	uint64_t flip = text_end - 100;
	f[flip] ^= 1;

	struct corpus *c = open_ok(f, size);
	struct corpus_block blk;
	assert_int_equal(corpus_block(c, 0, &blk, &e), ERR_OK);
	assert_int_equal(corpus_block(c, 1, &blk, &e), ERR_OK);
	assert_int_equal(corpus_block(c, NB, &blk, &e), ERR_CHECKSUM);
	uint64_t chunk = (flip - HDR) / CORPUS_CHUNK_SIZE;
	uint64_t end = HDR + (chunk + 1) * CORPUS_CHUNK_SIZE;
	if (end > sec_off(f, SEC_SUMS)) /* the last chunk ends at SUMS */
		end = sec_off(f, SEC_SUMS);
	char want[96];
	snprintf(want, sizeof want, "x.kb: checksum mismatch in bytes %d-%d",
		 (int)(HDR + chunk * CORPUS_CHUNK_SIZE), (int)(end - 1));
	assert_string_equal(e.msg, want);
	assert_int_equal(corpus_verify(c, &e), ERR_CHECKSUM);
	corpus_close(c);
	free(data);
	test_free(text);
	test_free(b);
}

/* Whether the page under `p` is in this process's memory: bit 63 of its
 * entry in /proc/self/pagemap (readable without privileges). */
static int resident(const void *p)
{
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE), ent = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(pread(fd, &ent, sizeof ent,
			       (off_t)((uintptr_t)p / page * sizeof ent)),
			 (ssize_t)sizeof ent);
	close(fd);
	return (int)(ent >> 63);
}

/* corpus_release lets go of the mapped pages behind a reader, the page it
 * is in kept, and the text reads the same after; a corpus in memory (the
 * caller's) and a set are left as they are. */
static void test_release(void **state)
{
	(void)state;
	enum { NB = 200, LEN = 999 };
	struct article_block *b = test_calloc(NB, sizeof *b);
	char *text = test_malloc(LEN + 1);
	memset(text, 'x', LEN);
	text[LEN] = '\0';
	for (size_t j = 0; j < NB; j++)
		b[j] = (struct article_block){ BLOCK_PARA, text };
	struct article a = { .title = "长文", .blocks = b, .nblocks = NB };
	struct err e;
	const char *path = tmp_path("long.kb");
	assert_int_equal(corpus_write(path, &a, 1, NULL, &e), ERR_OK);
	struct corpus *c;
	assert_int_equal(corpus_open(path, &c, &e), ERR_OK);
	uint64_t n = corpus_text_size(c);
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	assert_true(n > 8 * page);
	const uint8_t *t;
	assert_int_equal(corpus_text(c, 0, n, &t, &e), ERR_OK);
	uint8_t *was = test_malloc(n);
	memcpy(was, t, n); /* every page read */
	uintptr_t from = (uintptr_t)t / page * page, to = (uintptr_t)(t + n / 2);
	assert_true(resident((const void *)from));
	assert_true(resident((const void *)to));

	corpus_release(c, SEC_TEXT, 0, n / 2);
	for (uintptr_t q = from; q < to / page * page; q += page)
		assert_false(resident((const void *)q));
	assert_true(resident((const void *)to)); /* the reader's page */
	assert_true(resident(t + n - 1));
	/* backwards, empty, or of another section: nothing more */
	corpus_release(c, SEC_TEXT, n / 2, n / 4);
	corpus_release(c, SEC_TEXT, n, n);
	assert_true(resident((const void *)to));
	/* read again: from the file */
	assert_int_equal(corpus_text(c, 0, n, &t, &e), ERR_OK);
	assert_memory_equal(t, was, n);
	assert_true(resident((const void *)from));
	/* past the section's end: cut at it, the text let go, not SUMS's */
	corpus_release(c, SEC_TEXT, 0, UINT64_MAX);
	assert_false(resident(t + n / 2));
	assert_int_equal(corpus_verify(c, &e), ERR_OK);
	corpus_close(c);

	/* A set of this file and another: nothing let go but through the
	 * file. */
	char paths_at[2][512]; /* tmp_path's buffer is one */
	snprintf(paths_at[0], sizeof paths_at[0], "%s", path);
	snprintf(paths_at[1], sizeof paths_at[1], "%s", tmp_path("short.kb"));
	assert_int_equal(corpus_write(paths_at[1], fixture, NFIXTURE, NULL, &e),
			 ERR_OK);
	const char *paths[] = { paths_at[0], paths_at[1] };
	struct corpus *set;
	assert_int_equal(corpus_open_set(paths, 2, &set, &e), ERR_OK);
	struct corpus_base at;
	struct corpus *part = corpus_part(set, 0, &at);
	assert_int_equal(corpus_text(part, 0, n, &t, &e), ERR_OK);
	assert_true(resident(t));
	corpus_release(set, SEC_TEXT, 0, n);
	assert_true(resident(t));
	corpus_release(part, SEC_TEXT, 0, n);
	assert_false(resident(t));
	corpus_close(set);

	/* In memory: the caller's bytes stay.  In anonymous pages, as a
	 * mapping's, which let go would read back as zeros. */
	size_t size;
	uint8_t *bytes = load(paths_at[0], &size);
	uint8_t *mem = mmap(NULL, size, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(mem != MAP_FAILED);
	memcpy(mem, bytes, size);
	assert_int_equal(corpus_open_mem(mem, size, "long.kb", &c, &e), ERR_OK);
	corpus_release(c, SEC_TEXT, 0, n);
	assert_int_equal(corpus_text(c, 0, n, &t, &e), ERR_OK);
	assert_memory_equal(t, was, n);
	corpus_close(c);
	munmap(mem, size);
	test_free(bytes);
	test_free(was);
	test_free(text);
	test_free(b);
}

/* Block 0 of the fixture, as a record in `f`. */
static uint8_t *block0(uint8_t *f)
{
	return f + sec_off(f, SEC_BLOCKS);
}

/* Edits that pass every checksum but break a block's rules. */
static void test_bad_block_records(void **state)
{
	(void)state;
	size_t size;
	uint8_t *good = fixture_bytes(&size);
	uint64_t text_len = sec_len(good, SEC_TEXT);
	for (int k = 0; k < 6; k++) {
		uint8_t *f = test_malloc(size);
		memcpy(f, good, size);
		uint8_t *r = block0(f), *t = f + sec_off(f, SEC_TEXT);
		switch (k) {
		case 0: /* points outside TEXT */
			le_put64(r, text_len);
			break;
		case 1: /* offset + length overflows */
			le_put64(r, UINT64_MAX - 2);
			break;
		case 2: /* kind */
			r[12] = 7;
			break;
		case 3: /* the '\n' after the text (block 0: the title) */
			t[strlen(fixture[0].title)] = ' ';
			break;
		case 4: /* a '\n' inside the text */
			t[0] = '\n';
			break;
		case 5: /* invalid UTF-8 */
			t[0] = (uint8_t)0xff;
			break;
		}
		reseal(f);
		struct corpus *c = open_ok(f, size);
		struct corpus_block b;
		struct err e;
		assert_int_equal(corpus_block(c, 0, &b, &e), ERR_CORRUPT);
		assert_true(starts_with(e.msg, "x.kb: block 0: "));
		assert_int_equal(corpus_verify(c, &e), ERR_CORRUPT);
		corpus_close(c);
		test_free(f);
	}
	free(good);
}

/* Edits to article 0 that pass every checksum but break its rules. */
static void test_bad_article_records(void **state)
{
	(void)state;
	size_t size;
	uint8_t *good = fixture_bytes(&size);
	static const char *const says[] = {
		"x.kb: article 0: title (",
		"x.kb: article 0: blocks ",
		"x.kb: article 0: title is not valid UTF-8",
		"x.kb: article 0: page (1 bytes at",
		"x.kb: article 0: page (",
		"x.kb: article 0: page is not valid UTF-8",
	};
	for (int k = 0; k < 6; k++) {
		uint8_t *f = test_malloc(size);
		memcpy(f, good, size);
		uint8_t *r = f + sec_off(f, SEC_ARTICLES);
		switch (k) {
		case 0: /* title offset + length overflows a u32 */
			le_put32(r + 16, UINT32_MAX);
			break;
		case 1: /* first block + count overflows a u32 */
			le_put32(r + 8, UINT32_MAX);
			break;
		case 2: /* title is not UTF-8: cut a Han character */
			le_put32(r + 20, 2);
			break;
		case 3: /* page just past the end of STRINGS */
			le_put32(r + A_PAGE, (uint32_t)sec_len(f, SEC_STRINGS));
			break;
		case 4: /* page offset + length overflows a u32 */
			le_put32(r + A_PAGE, UINT32_MAX);
			break;
		case 5: /* page is not UTF-8: the title's first character's
			   second byte (STRINGS starts with the title) */
			le_put32(r + A_PAGE, 1);
			break;
		}
		reseal(f);
		struct corpus *c = open_ok(f, size);
		struct corpus_article a;
		struct err e;
		assert_int_equal(corpus_article(c, 0, &a, &e), ERR_CORRUPT);
		if (!starts_with(e.msg, says[k]))
			fail_msg("case %d: '%s' does not start '%s'", k, e.msg,
				 says[k]);
		/* the title alone: refused as the record or the title is,
		 * read when only the page is bad */
		struct corpus_str title;
		uint32_t flags;
		corpus_prefetch_title(c, 0); /* a hint: harmless here too */
		assert_int_equal(corpus_title(c, 0, &title, &flags, NULL, &e),
				 k < 3 ? ERR_CORRUPT : ERR_OK);
		if (k < 3)
			assert_true(starts_with(e.msg, says[k]));
		/* and the same many at a time */
		struct corpus_titles t;
		int plain;
		assert_int_equal(corpus_titles(c, 0, 1, &t, &e), ERR_OK);
		assert_int_equal(corpus_titles_get(&t, 0, &title, &flags,
						   &plain, &e),
				 k < 3 ? ERR_CORRUPT : ERR_OK);
		if (k < 3)
			assert_true(starts_with(e.msg, says[k]));
		assert_int_equal(corpus_verify(c, &e), ERR_CORRUPT);
		corpus_close(c);
		test_free(f);
	}
	free(good);
}

/* Article records that are each sound but do not cover the blocks once,
 * in order: only corpus_verify sees it. */
static void test_verify_block_order(void **state)
{
	(void)state;
	size_t size;
	uint8_t *f = fixture_bytes(&size);
	/* article 0 starts at block 1, and in TEXT where block 1 does */
	uint8_t *r = f + sec_off(f, SEC_ARTICLES);
	le_put32(r + A_FIRST, 1);
	le_put64(r + A_START, le_get64(f + sec_off(f, SEC_BLOCKS) +
				       BLOCK_RECORD));
	reseal(f);
	struct corpus *c = open_ok(f, size);
	struct corpus_article a;
	struct err e;
	assert_int_equal(corpus_article(c, 0, &a, &e), ERR_OK);
	assert_int_equal(corpus_verify(c, &e), ERR_CORRUPT);
	assert_non_null(strstr(e.msg, "article 0 starts at block 1"));
	corpus_close(c);
	free(f);
}

/* corpus_article_starts: each article's first block's offset, the text's
 * size at the end; made once; articles out of order are refused. */
static void test_article_starts(void **state)
{
	(void)state;
	size_t size;
	uint8_t *f = fixture_bytes(&size);
	struct corpus *c = open_ok(f, size);
	struct err e;
	const uint64_t *starts, *again;
	assert_int_equal(corpus_article_starts(c, &starts, &e), ERR_OK);
	for (size_t i = 0; i < NFIXTURE; i++) {
		struct corpus_article a;
		struct corpus_block b;
		assert_int_equal(corpus_article(c, i, &a, &e), ERR_OK);
		assert_int_equal(corpus_block(c, a.first_block, &b, &e), ERR_OK);
		assert_int_equal(starts[i], b.offset);
		/* the title alone, as corpus_article gives it */
		struct corpus_str title;
		uint32_t flags;
		int plain = -1;
		assert_int_equal(corpus_title(c, i, &title, &flags, &plain,
					      &e),
				 ERR_OK);
		assert_ptr_equal(title.s, a.title.s);
		assert_int_equal(title.len, a.title.len);
		assert_int_equal(flags, a.flags);
		/* and whether it goes out as it is, as utf8_needs_clean says */
		assert_int_equal(plain, !utf8_needs_clean(title.s, title.len));
		/* the same many at a time */
		struct corpus_titles t;
		struct corpus_str got;
		uint32_t got_flags;
		int got_plain = -1;
		assert_int_equal(corpus_titles(c, i, NFIXTURE, &t, &e), ERR_OK);
		assert_int_equal(corpus_titles_get(&t, i, &got, &got_flags,
						   &got_plain, &e),
				 ERR_OK);
		assert_ptr_equal(got.s, title.s);
		assert_int_equal(got.len, title.len);
		assert_int_equal(got_flags, flags);
		assert_int_equal(got_plain, plain);
		/* an article outside them */
		assert_int_equal(corpus_titles_get(&t, NFIXTURE, &got,
						   &got_flags, NULL, &e),
				 ERR_USAGE);
		if (i > 0)
			assert_int_equal(corpus_titles_get(&t, i - 1, &got,
							   &got_flags, NULL,
							   &e),
					 ERR_USAGE);
		/* the same from the records alone, without the table */
		uint64_t at = 0;
		uint32_t len = 0;
		assert_int_equal(corpus_article_start(c, i, &at, &e), ERR_OK);
		assert_int_equal(at, b.offset);
		assert_int_equal(corpus_block_span(c, a.first_block, &at, &len,
						   &e),
				 ERR_OK);
		assert_int_equal(at, b.offset);
		assert_int_equal(len, b.text.len);
	}
	uint64_t at;
	uint32_t len;
	assert_int_equal(corpus_article_start(c, NFIXTURE, &at, &e), ERR_USAGE);
	struct corpus_str title;
	uint32_t flags;
	/* a hint, asked anywhere, does nothing wrong */
	for (size_t i = 0; i <= NFIXTURE + 1; i++)
		corpus_prefetch_title(c, i);
	assert_int_equal(corpus_title(c, NFIXTURE, &title, &flags, NULL, &e),
			 ERR_USAGE);
	struct corpus_titles t;
	assert_int_equal(corpus_titles(c, 0, NFIXTURE + 1, &t, &e), ERR_USAGE);
	assert_int_equal(corpus_titles(c, 2, 1, &t, &e), ERR_USAGE);
	assert_int_equal(corpus_titles(c, NFIXTURE, NFIXTURE, &t, &e), ERR_OK);
	assert_int_equal(corpus_block_span(c, corpus_block_count(c), &at, &len,
					   &e),
			 ERR_USAGE);
	assert_int_equal(starts[NFIXTURE], corpus_text_size(c));
	assert_int_equal(corpus_article_starts(c, &again, &e), ERR_OK);
	assert_ptr_equal(again, starts);
	corpus_close(c);

	/* the last article without blocks (its blocks given to the one
	 * before): it starts where the next one would, at TEXT's end */
	uint8_t *r = f + sec_off(f, SEC_ARTICLES);
	uint8_t *r1 = r + ARTICLE_RECORD, *r2 = r + 2 * ARTICLE_RECORD;
	uint32_t had1 = le_get32(r1 + A_NBLOCKS), had2 = le_get32(r2 + A_NBLOCKS);
	uint64_t start2 = le_get64(r2 + A_START);
	le_put32(r1 + A_NBLOCKS, had1 + had2);
	uint32_t first2 = le_get32(r2 + A_FIRST);
	le_put32(r2 + A_NBLOCKS, 0);
	le_put32(r2 + A_FIRST, first2 + had2);
	le_put64(r2 + A_START, sec_len(f, SEC_TEXT));
	reseal(f);
	c = open_ok(f, size);
	struct corpus_article a;
	assert_int_equal(corpus_article_start(c, 2, &at, &e), ERR_OK);
	assert_int_equal(at, sec_len(f, SEC_TEXT));
	assert_int_equal(corpus_article(c, 2, &a, &e), ERR_OK);
	assert_int_equal(a.start, at);
	assert_int_equal(corpus_article_starts(c, &starts, &e), ERR_OK);
	assert_int_equal(starts[2], starts[3]);
	assert_int_equal(corpus_verify(c, &e), ERR_OK);
	corpus_close(c);
	/* ... and not elsewhere */
	le_put64(r2 + A_START, start2);
	reseal(f);
	c = open_ok(f, size);
	assert_int_equal(corpus_article(c, 2, &a, &e), ERR_OK);
	assert_int_equal(corpus_verify(c, &e), ERR_CORRUPT);
	assert_non_null(strstr(e.msg, "article 2 has no blocks and starts "
				      "at "));
	corpus_close(c);
	le_put32(r2 + A_FIRST, first2);
	le_put32(r1 + A_NBLOCKS, had1);
	le_put32(r2 + A_NBLOCKS, had2);
	le_put64(r2 + A_START, start2);

	/* article 1's start one byte past its first block's: the records
	 * alone cannot tell, the article read whole can */
	uint64_t start1 = le_get64(r1 + A_START);
	le_put64(r1 + A_START, start1 + 1);
	reseal(f);
	c = open_ok(f, size);
	assert_int_equal(corpus_article_starts(c, &starts, &e), ERR_OK);
	assert_int_equal(corpus_article(c, 1, &a, &e), ERR_CORRUPT);
	assert_non_null(strstr(e.msg, "article 1 starts at "));
	assert_non_null(strstr(e.msg, ", its first block at "));
	assert_int_equal(corpus_verify(c, &e), ERR_CORRUPT);
	corpus_close(c);
	le_put64(r1 + A_START, start1);

	/* article 1 made to start past TEXT */
	le_put64(r1 + A_START, sec_len(f, SEC_TEXT) + 1);
	reseal(f);
	c = open_ok(f, size);
	assert_int_equal(corpus_article_start(c, 1, &at, &e), ERR_CORRUPT);
	assert_non_null(strstr(e.msg, "article 1 starts at "));
	assert_non_null(strstr(e.msg, "past TEXT"));
	assert_int_equal(corpus_article_starts(c, &starts, &e), ERR_CORRUPT);
	corpus_close(c);

	/* article 1 made to start where article 2 does: still in order,
	 * accepted by the table */
	le_put64(r1 + A_START, start2);
	reseal(f);
	c = open_ok(f, size);
	assert_int_equal(corpus_article_starts(c, &starts, &e), ERR_OK);
	assert_int_equal(starts[1], starts[2]);
	corpus_close(c);
	/* article 0 made to start after article 1 */
	le_put64(r1 + A_START, start1);
	le_put64(r + A_START, start2);
	reseal(f);
	c = open_ok(f, size);
	assert_int_equal(corpus_article_starts(c, &starts, &e), ERR_CORRUPT);
	assert_non_null(strstr(e.msg, "article 0 starts after the next one"));
	corpus_close(c);
	free(f);
}

/* A table of starts large enough to be read in two halves at once
 * (corpus.c's STARTS_HALVES_MIN, 65536 records): the same as from each
 * record, and a start out of order refused at the cut between the halves,
 * where neither half alone sees it, and in the second half. */
static void test_article_starts_halves(void **state)
{
	(void)state;
	enum { N = 70000 };
	struct article *a = calloc(N, sizeof *a);
	assert_non_null(a);
	for (size_t i = 0; i < N; i++) {
		a[i].title = strdup("题");
		article_add_block(&a[i], BLOCK_PARA, strdup("文。"));
	}
	void *data;
	size_t size;
	struct err e;
	assert_int_equal(corpus_write_mem(a, N, NULL, &data, &size, &e),
			 ERR_OK);
	for (size_t i = 0; i < N; i++)
		article_free(&a[i]);
	free(a);
	uint8_t *f = data;
	struct corpus *c = open_ok(f, size);
	const uint64_t *starts;
	assert_int_equal(corpus_article_starts(c, &starts, &e), ERR_OK);
	for (size_t i = 0; i < N; i++) {
		uint64_t at;
		assert_int_equal(corpus_article_start(c, i, &at, &e), ERR_OK);
		assert_int_equal(starts[i], at);
	}
	assert_int_equal(starts[N], corpus_text_size(c));
	corpus_close(c);
	/* the cut: the record that holds the start of the 64 KiB chunk under
	 * record N / 2, as read_starts makes it */
	uint64_t off = sec_off(f, SEC_ARTICLES);
	uint64_t at = off + (uint64_t)(N / 2) * ARTICLE_RECORD;
	at -= (at - CORPUS_HEADER_SIZE) % CORPUS_CHUNK_SIZE;
	size_t cut = (size_t)((at - off) / ARTICLE_RECORD);
	size_t bad[] = { cut, N - 10 };
	for (size_t k = 0; k < 2; k++) {
		uint8_t *r = f + off + bad[k] * ARTICLE_RECORD;
		uint64_t was = le_get64(r + A_START);
		/* before the one before it, which is shorter than that */
		le_put64(r + A_START, le_get64(r - ARTICLE_RECORD + A_START) - 1);
		reseal(f);
		c = open_ok(f, size);
		assert_int_equal(corpus_article_starts(c, &starts, &e),
				 ERR_CORRUPT);
		char want[64];
		snprintf(want, sizeof want, "article %zu starts after the next "
			 "one", bad[k] - 1);
		assert_non_null(strstr(e.msg, want));
		corpus_close(c);
		le_put64(r + A_START, was);
	}
	/* both: the cut's reported, as reading in order meets it first */
	uint8_t *r0 = f + off + cut * ARTICLE_RECORD;
	uint8_t *r1 = f + off + (N - 10) * ARTICLE_RECORD;
	le_put64(r0 + A_START, le_get64(r0 - ARTICLE_RECORD + A_START) - 1);
	le_put64(r1 + A_START, le_get64(r1 - ARTICLE_RECORD + A_START) - 1);
	reseal(f);
	c = open_ok(f, size);
	assert_int_equal(corpus_article_starts(c, &starts, &e), ERR_CORRUPT);
	char want[64];
	snprintf(want, sizeof want, "article %zu starts after the next one",
		 cut - 1);
	assert_non_null(strstr(e.msg, want));
	corpus_close(c);
	free(f);
}

/* Elias-Fano's low bits for n positions in the units of TEXT of `f`, as
 * its index's head says (format/index.h). */
static uint8_t ef_l(uint64_t n, const uint8_t *f)
{
	uint64_t u = le_get64(f + sec_off(f, SEC_INDEX) + 16);
	uint8_t l = 0;
	while (l < 56 && u >> (l + 1) >= n)
		l++;
	return l;
}

/* The search index's rules, each broken in a file that passes every
 * checksum: search_verify names what is wrong (format/index.h has the layout:
 * INDEX_HEAD_SIZE bytes of head, then 16-byte entries, then the postings,
 * the MAP and the articles' starts in units). */
/* Where the INDEX section `x` (of `len` bytes) holds its map's group
 * entries, its runs and its articles' starts. */
static void index_parts(const uint8_t *x, uint64_t len, uint64_t *map,
			uint64_t *runs, uint64_t *starts)
{
	uint64_t keys = le_get64(x + 8), u = le_get64(x + 16);
	uint64_t groups = (u + INDEX_MAP_UNITS - 1) / INDEX_MAP_UNITS;
	*map = INDEX_HEAD_SIZE + keys * INDEX_ENTRY_SIZE + le_get64(x + 24);
	/* the first group's runs, after its table of parts */
	*runs = *map + (groups + 1) * INDEX_MAP_ENTRY + INDEX_MAP_TABLE;
	*starts = *runs - INDEX_MAP_TABLE + le_get64(x + 32);
	assert_int_equal(*starts + le_get64(x + 40) * 8, len);
}

static void test_index_rules(void **state)
{
	(void)state;
	size_t size;
	uint8_t *good = fixture_bytes(&size);
	static const struct {
		int what;
		const char *says;
	} cases[] = {
		{ 1, "no pair of characters makes" }, /* a key of 43 bits */
		{ 2, "more positions than its count" }, /* a stray bit */
		{ 3, "" }, /* count one more: the lists mean nothing then */
		{ 4, "outside the index" }, /* offset past the postings */
		{ 5, "keys out of order" },
		{ 6, "bad magic" },
		{ 7, "map is not the text's" }, /* a run one longer */
		{ 8, "map does not span the text" }, /* U two less */
		{ 9, "article starts are not the text's" },
		{ 10, "map is not where the head says" }, /* A one more */
	};
	enum { E = INDEX_ENTRY_SIZE, H = INDEX_HEAD_SIZE };
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		uint8_t *f = test_malloc(size);
		memcpy(f, good, size);
		uint8_t *x = f + sec_off(f, SEC_INDEX), *en = x + H;
		uint64_t keys = le_get64(x + 8), map, runs, starts;
		index_parts(x, sec_len(f, SEC_INDEX), &map, &runs, &starts);
		(void)map;
		/* an entry with a few positions, not the last */
		uint64_t i = 0;
		while (i + 1 < keys &&
		       le_get32(x + H + E * i + INDEX_ENTRY_COUNT) < 3)
			i++;
		assert_true(i + 1 < keys);
		en = x + H + E * i;
		uint32_t n = le_get32(en + INDEX_ENTRY_COUNT);
		switch (cases[k].what) {
		case 1: en[5] |= 1 << 2; break; /* bit 42 of the key */
		case 2: { /* the high part's last bit, never a position's */
			uint64_t u = le_get64(x + 16), l = ef_l(n, f);
			uint64_t bit = n + (u >> l);
			uint8_t *post = x + H + E * keys;
			uint8_t *high = post + le_get48(en + INDEX_ENTRY_OFFSET) +
					(n * l + 7) / 8;
			high[bit / 8] |= (uint8_t)(1u << bit % 8);
			break;
		}
		case 3: le_put32(en + INDEX_ENTRY_COUNT, n + 1); break;
		case 4:
			le_put48(en + INDEX_ENTRY_OFFSET,
				 sec_len(f, SEC_INDEX));
			break;
		case 5: le_put48(en, le_get48(en + E) + 1); break;
		case 6: x[7] = '9'; break;
		case 7: x[runs + 1]++; break; /* the first run's length */
		case 8: le_put64(x + 16, le_get64(x + 16) - 2); break;
		case 9: x[starts + 8]++; break; /* article 1's */
		case 10: le_put64(x + 40, le_get64(x + 40) + 1); break;
		}
		reseal(f);
		struct corpus *c = open_ok(f, size);
		struct err e;
		assert_int_equal(search_verify(c, &e), ERR_CORRUPT);
		if (!strstr(e.msg, cases[k].says))
			fail_msg("case %d: '%s' does not say '%s'",
				 cases[k].what, e.msg, cases[k].says);
		/* and a query meets it as an error, never a crash */
		struct search_result r;
		if (search_run(c, "的", strlen("的"), &r, &e) == ERR_OK)
			search_result_free(&r);
		corpus_close(c);
		test_free(f);
	}
	free(good);
}

/* A damaged map met by a query, not by search_verify: turning hits into
 * bytes reads only the groups they fall in, checking each as it goes, and
 * fails with ERR_CORRUPT, never reading outside the map: a hit asked for
 * (search_hit) is UINT64_MAX with the error kept, all of them at once
 * (search_result_bytes, kanbao --search) an error; --count, which counts
 * in units, needs no runs of it. */
static void test_map_met_by_query(void **state)
{
	(void)state;
	size_t size;
	uint8_t *good = fixture_bytes(&size);
	for (int what = 0; what < 3; what++) {
		uint8_t *f = test_malloc(size);
		memcpy(f, good, size);
		uint8_t *x = f + sec_off(f, SEC_INDEX);
		uint64_t map, runs, starts;
		index_parts(x, sec_len(f, SEC_INDEX), &map, &runs, &starts);
		(void)starts;
		if (what == 0)
			x[runs + 1] = 0; /* a run of no characters */
		else if (what == 1)
			x[runs + 1] |= 0x80; /* a number running on */
		else /* group 0's runs start past the runs: the first entry
		      * is checked whenever the index is opened */
			le_put64(x + map + 8, le_get64(x + 32) + 1);
		reseal(f);
		struct corpus *c = open_ok(f, size);
		struct search_result r;
		struct err e;
		enum err_code rc = search_run(c, "习近平", strlen("习近平"), &r,
					      &e);
		if (what < 2) {
			/* its many hits stay units until asked for */
			assert_int_equal(rc, ERR_OK);
			assert_non_null(r.map);
			size_t bad = 0;
			for (size_t h = 0; h < r.n; h++)
				bad += search_hit(&r, h) == UINT64_MAX;
			assert_true(bad > 0);
			assert_non_null(search_hit_error(&r));
			if (!strstr(search_hit_error(&r)->msg,
				    "search index's map"))
				fail_msg("case %d: '%s'", what,
					 search_hit_error(&r)->msg);
			rc = search_result_bytes(&r, &e);
			assert_non_null(r.map); /* as it was */
			search_result_free(&r);
		}
		assert_int_equal(rc, ERR_CORRUPT);
		if (!strstr(e.msg, "search index's map"))
			fail_msg("case %d: '%s'", what, e.msg);
		assert_int_equal(search_count(c, "习近平", strlen("习近平"), &r,
					      &e), what < 2 ? ERR_OK : ERR_CORRUPT);
		if (what < 2)
			search_result_free(&r);
		corpus_close(c);
		test_free(f);
	}
	free(good);
}

/* Section tables that pass the header checksum but not the layout rules,
 * offsets that would overflow among them. */
static void test_bad_section_table(void **state)
{
	(void)state;
	size_t size;
	uint8_t *good = fixture_bytes(&size);
	const struct {
		int sec, field; /* field 0: offset, 1: length */
		uint64_t value;
	} edits[] = {
		{ SEC_TEXT, 0, UINT64_MAX - 7 }, /* offset + length wraps */
		{ SEC_TEXT, 1, UINT64_MAX }, /* length past the end */
		{ SEC_TEXT, 0, 8 }, /* out of order, over the header */
		{ SEC_STRINGS, 0, sec_off(good, SEC_STRINGS) + 4 }, /* unaligned */
		{ SEC_ARTICLES, 1, 64 }, /* not article count x 64 */
		{ SEC_SUMS, 1, 0 }, /* not chunk count x 8 */
		{ SEC_INDEX, 1, sec_off(good, SEC_SUMS) - sec_off(good, SEC_INDEX) +
				       8 }, /* overlaps SUMS */
	};
	for (size_t k = 0; k < sizeof edits / sizeof edits[0]; k++) {
		uint8_t *f = test_malloc(size);
		memcpy(f, good, size);
		le_put64(f + H_SECTIONS + 16 * edits[k].sec + 8 * edits[k].field,
		     edits[k].value);
		le_put64(f + H_HASH, XXH3_64bits(f, H_HASH));
		expect_open_mem_fails(f, size, ERR_CORRUPT);
		test_free(f);
	}
	uint8_t *f = test_malloc(size);
	memcpy(f, good, size);
	le_put64(f + H_FSIZE, UINT64_MAX);
	le_put64(f + H_HASH, XXH3_64bits(f, H_HASH));
	expect_open_mem_fails(f, size, ERR_TRUNCATED);
	test_free(f);
	free(good);
}

static void identity_of(const char *path, char id[33])
{
	struct corpus *c;
	struct err e;
	assert_int_equal(corpus_open(path, &c, &e), ERR_OK);
	assert_int_equal(corpus_identity(c, id, &e), ERR_OK);
	corpus_close(c);
	assert_int_equal(strlen(id), 32);
	assert_int_equal(strspn(id, "0123456789abcdef"), 32);
}

/* The identity follows the bytes, not the path: a copy elsewhere has it, a
 * rebuild of the same text has it, other text has another. */
static void test_identity(void **state)
{
	(void)state;
	struct err e;
	char a[33], b[33], c[33], d[33], m[33];
	assert_int_equal(corpus_write(tmp_path("a.kb"), fixture, NFIXTURE, NULL, &e),
			 ERR_OK);
	identity_of(tmp_path("a.kb"), a);
	size_t size;
	void *bytes = load(tmp_path("a.kb"), &size);
	assert_int_equal(mkdir(tmp_path("moved"), 0755), 0);
	save(tmp_path("moved/b.kb"), bytes, size);
	identity_of(tmp_path("moved/b.kb"), b);
	assert_string_equal(a, b);
	assert_int_equal(unlink(tmp_path("moved/b.kb")), 0);

	struct corpus *mc;
	assert_int_equal(corpus_open_mem(bytes, size, "mem", &mc, &e), ERR_OK);
	assert_int_equal(corpus_identity(mc, m, &e), ERR_OK);
	corpus_close(mc);
	assert_string_equal(a, m);
	test_free(bytes);

	assert_int_equal(corpus_write(tmp_path("again.kb"), fixture, NFIXTURE,
				      NULL, &e), ERR_OK);
	identity_of(tmp_path("again.kb"), c);
	assert_string_equal(a, c);

	/* One character of one paragraph different. */
	struct article_block other_blocks[] = {
		{ BLOCK_PARA, "Latin and 汉字, mixed!" },
	};
	struct article other[NFIXTURE];
	memcpy(other, fixture, sizeof other);
	other[2].blocks = other_blocks;
	assert_int_equal(corpus_write(tmp_path("d.kb"), other, NFIXTURE, NULL, &e),
			 ERR_OK);
	identity_of(tmp_path("d.kb"), d);
	assert_string_not_equal(a, d);
}

/* A test that gets a fresh temporary directory. */
#define FILE_TEST(t) cmocka_unit_test_setup_teardown(t, make_dir, remove_dir)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_page_in_meta_line),
		cmocka_unit_test(test_old_versions),
		cmocka_unit_test(test_empty_corpus),
		cmocka_unit_test(test_shared_strings_stored_once),
		cmocka_unit_test(test_deterministic_mem),
		FILE_TEST(test_deterministic_file),
		FILE_TEST(test_write_failure_cleans_up),
		cmocka_unit_test(test_write_rejects_newline),
		cmocka_unit_test(test_write_rejects_too_big),
		FILE_TEST(test_open_missing),
		FILE_TEST(test_open_directory),
		FILE_TEST(test_open_no_permission),
		FILE_TEST(test_open_empty),
		FILE_TEST(test_open_fifo),
		FILE_TEST(test_identity),
		FILE_TEST(test_truncated_every_prefix),
		cmocka_unit_test(test_trailing_bytes),
		cmocka_unit_test(test_bad_magic),
		cmocka_unit_test(test_variants_rules),
		cmocka_unit_test(test_fold_section),
		cmocka_unit_test(test_small_runs_same_bytes),
		FILE_TEST(test_write_no_temporary_dir),
		cmocka_unit_test(test_bad_version),
		cmocka_unit_test(test_header_checksum),
		cmocka_unit_test(test_flipped_byte_each_section),
		cmocka_unit_test(test_lazy_chunks),
		FILE_TEST(test_release),
		cmocka_unit_test(test_bad_block_records),
		cmocka_unit_test(test_bad_article_records),
		cmocka_unit_test(test_verify_block_order),
		cmocka_unit_test(test_article_starts),
		cmocka_unit_test(test_article_starts_halves),
		cmocka_unit_test(test_index_rules),
		cmocka_unit_test(test_map_met_by_query),
		cmocka_unit_test(test_bad_section_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
