/* Tests for corpus_set: several corpus files read as one read as the one
 * file the same articles make, record for record, offset for offset, and
 * (through search, which asks each file's index) hit for hit; opening
 * files and directories; a set's identity; errors naming the file; a
 * file of a set mapped only when first read, once, and checked then. */
#include "test.h"

#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kanbao/build/corpus_write.h"
#include "kanbao/format/article.h"
#include "kanbao/format/corpus.h"
#include "kanbao/format/corpus_set.h"
#include "kanbao/search/search.h"

/* The articles, cut into parts: part k holds articles cut[k] to
 * cut[k + 1]; one part holds none (a day with nothing in it). */
enum { NA = 60, NPARTS = 4 };
static const size_t cut[NPARTS + 1] = { 0, 17, 17, 41, NA };

static struct article art[NA];
static void *whole_data, *part_data[NPARTS];
static size_t whole_size, part_size[NPARTS];
static char dir[64];

/* A deterministic generator (xorshift), so runs repeat. */
static uint64_t rng = 88172645463325252ull;
static uint64_t next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static const char *const words[] = {
	"残疾人", "事业", "发展", "新时代", "协同发展", "２０２３年", "2023年",
	"，", "。", "“关怀”", "GDP", "ｇｄｐ", "习近平", "北京", "的", "了",
	"和", "——", "……", "国务院", "经济", "人民", "记者",
};

static char *sentence(void)
{
	char buf[512] = "";
	size_t n = 3 + next_rand() % 12;
	for (size_t k = 0; k < n; k++)
		strcat(buf, words[next_rand() % (sizeof words / sizeof *words)]);
	return strdup(buf);
}

static void write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(p, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

static const char *in_dir(const char *name)
{
	static char buf[128];
	snprintf(buf, sizeof buf, "%s/%s", dir, name);
	return buf;
}

static int setup(void **state)
{
	(void)state;
	struct err e = { 0 };
	for (size_t i = 0; i < NA; i++) {
		art[i].title = sentence();
		if (i % 3 == 0)
			art[i].subtitle = sentence();
		art[i].source = strdup(i % 2 ? "新华社" : "人民日报");
		art[i].date = 20240101 + (uint32_t)(i % 28);
		size_t np = 1 + next_rand() % 6;
		for (size_t k = 0; k < np; k++)
			assert_int_equal(article_add_block(&art[i], k == 2 ?
							   BLOCK_HEAD :
							   BLOCK_PARA,
							   sentence()),
					 0);
	}
	assert_int_equal(corpus_write_mem(art, NA, NULL, &whole_data, &whole_size,
					  &e),
			 ERR_OK);
	strcpy(dir, "/tmp/test_corpus_set.XXXXXX");
	assert_non_null(mkdtemp(dir));
	for (size_t k = 0; k < NPARTS; k++) {
		assert_int_equal(corpus_write_mem(art + cut[k],
						  cut[k + 1] - cut[k], NULL,
						  &part_data[k], &part_size[k],
						  &e),
				 ERR_OK);
		char name[16];
		snprintf(name, sizeof name, "day%zu.kb", k + 1);
		write_file(in_dir(name), part_data[k], part_size[k]);
	}
	/* what a directory holds besides its corpus files */
	write_file(in_dir("notes.txt"), "x", 1);
	write_file(in_dir(".hidden.kb"), "x", 1);
	assert_int_equal(mkdir(in_dir("sub.kb"), 0700), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	for (size_t i = 0; i < NA; i++)
		article_free(&art[i]);
	free(whole_data);
	for (size_t k = 0; k < NPARTS; k++) {
		char name[16];
		snprintf(name, sizeof name, "day%zu.kb", k + 1);
		unlink(in_dir(name));
		free(part_data[k]);
	}
	unlink(in_dir("lazy1.kb")); /* test_lazy_changed's, should it fail */
	unlink(in_dir("lazy4.kb"));
	unlink(in_dir("notes.txt"));
	unlink(in_dir(".hidden.kb"));
	rmdir(in_dir("sub.kb"));
	rmdir(dir);
	return 0;
}

/* The parts opened from memory and joined, in the order `order`. */
static struct corpus *joined(const size_t order[NPARTS])
{
	struct corpus *parts[NPARTS], *c = NULL;
	struct err e = { 0 };
	for (size_t k = 0; k < NPARTS; k++) {
		char name[16];
		snprintf(name, sizeof name, "day%zu.kb", order[k] + 1);
		assert_int_equal(corpus_open_mem(part_data[order[k]],
						 part_size[order[k]], name,
						 &parts[k], &e),
				 ERR_OK);
	}
	assert_int_equal(corpus_join(parts, NPARTS, "days", &c, &e), ERR_OK);
	return c;
}

static const size_t in_order[NPARTS] = { 0, 1, 2, 3 };

static void assert_same_str(struct corpus_str a, struct corpus_str b)
{
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.s, b.s, a.len);
}

/* Every article and block of the set is the one file's. */
static void test_reads_as_one(void **state)
{
	(void)state;
	struct err e = { 0 };
	struct corpus *w, *s = joined(in_order);
	assert_int_equal(corpus_open_mem(whole_data, whole_size, "whole", &w,
					 &e),
			 ERR_OK);
	assert_int_equal(corpus_parts(s), NPARTS);
	assert_string_equal(corpus_name(s), "days");
	assert_int_equal(corpus_article_count(s), corpus_article_count(w));
	assert_int_equal(corpus_block_count(s), corpus_block_count(w));
	assert_int_equal(corpus_text_size(s), corpus_text_size(w));
	for (size_t i = 0; i < NA; i++) {
		struct corpus_article a, b;
		assert_int_equal(corpus_article(s, i, &a, &e), ERR_OK);
		assert_int_equal(corpus_article(w, i, &b, &e), ERR_OK);
		assert_same_str(a.title, b.title);
		assert_same_str(a.subtitle, b.subtitle);
		assert_same_str(a.source, b.source);
		assert_same_str(a.page, b.page);
		assert_int_equal(a.date, b.date);
		assert_int_equal(a.flags, b.flags);
		assert_int_equal(a.first_block, b.first_block);
		assert_int_equal(a.nblocks, b.nblocks);
	}
	for (size_t j = 0; j < corpus_block_count(w); j++) {
		struct corpus_block a, b;
		assert_int_equal(corpus_block(s, j, &a, &e), ERR_OK);
		assert_int_equal(corpus_block(w, j, &b, &e), ERR_OK);
		assert_int_equal(a.kind, b.kind);
		assert_int_equal(a.offset, b.offset);
		assert_same_str(a.text, b.text);
		/* the text by its offset, the '\n' after it */
		const uint8_t *t;
		assert_int_equal(corpus_text(s, a.offset, a.text.len + 1, &t,
					     &e),
				 ERR_OK);
		assert_memory_equal(t, a.text.s, a.text.len);
		assert_int_equal(t[a.text.len], '\n');
	}
	const uint64_t *sa, *sb;
	assert_int_equal(corpus_article_starts(s, &sa, &e), ERR_OK);
	assert_int_equal(corpus_article_starts(w, &sb, &e), ERR_OK);
	assert_memory_equal(sa, sb, (NA + 1) * sizeof *sa);
	/* made once */
	assert_int_equal(corpus_article_starts(s, &sb, &e), ERR_OK);
	assert_ptr_equal(sa, sb);
	assert_int_equal(corpus_verify(s, &e), ERR_OK);
	assert_int_equal(search_verify(s, &e), ERR_OK);
	corpus_close(w);
	corpus_close(s);
}

/* Each file's place in the set, and what lies across a boundary. */
static void test_parts_and_bounds(void **state)
{
	(void)state;
	struct err e = { 0 };
	struct corpus *s = joined(in_order);
	uint64_t text = 0;
	size_t blocks = 0;
	for (size_t k = 0; k < NPARTS; k++) {
		struct corpus_base at;
		struct corpus *p = corpus_part(s, k, &at);
		assert_int_equal(at.article, cut[k]);
		assert_int_equal(at.block, blocks);
		assert_int_equal(at.text, text);
		assert_int_equal(corpus_parts(p), 1);
		assert_int_equal(corpus_article_count(p), cut[k + 1] - cut[k]);
		blocks += corpus_block_count(p);
		text += corpus_text_size(p);
	}
	/* titles many at a time: a file's, not a set's */
	struct corpus_titles ts;
	assert_int_equal(corpus_titles(s, 0, 1, &ts, &e), ERR_USAGE);
	struct corpus_base b0;
	assert_int_equal(corpus_titles(corpus_part(s, 0, &b0), 0, 1, &ts, &e),
			 ERR_OK);
	/* the last byte of file 1 and the first of file 3 (2 is empty) */
	struct corpus_base b3;
	corpus_part(s, 2, &b3);
	const uint8_t *t;
	assert_int_equal(corpus_text(s, b3.text - 1, 1, &t, &e), ERR_OK);
	assert_int_equal(*t, '\n');
	assert_int_equal(corpus_text(s, b3.text - 1, 2, &t, &e), ERR_CORRUPT);
	assert_non_null(strstr(e.msg, "from one file into the next"));
	assert_int_equal(corpus_text(s, text, 0, &t, &e), ERR_OK);
	assert_int_equal(corpus_text(s, text, 1, &t, &e), ERR_CORRUPT);
	/* no article or block past the end; a set has no one index */
	struct corpus_article a;
	struct corpus_block b;
	assert_int_equal(corpus_article(s, NA, &a, &e), ERR_USAGE);
	assert_string_equal(e.msg, "days: no article 60 (there are 60)");
	assert_int_equal(corpus_block(s, blocks, &b, &e), ERR_USAGE);
	assert_int_equal(corpus_index(s, 0, 8, &t, &e), ERR_USAGE);
	assert_int_equal(corpus_index_size(s), corpus_index_size(
		corpus_part(s, 0, &b3)) + corpus_index_size(
		corpus_part(s, 1, &b3)) + corpus_index_size(
		corpus_part(s, 2, &b3)) + corpus_index_size(
		corpus_part(s, 3, &b3)));
	corpus_close(s);
}

/* Two searches' results are the same, hit for hit and count for count. */
static void assert_same_hits(const struct search_result *a,
			     const struct search_result *b, const char *q)
{
	if (a->n != b->n)
		fail_msg("'%s': %zu hits and %zu", q, a->n, b->n);
	for (size_t h = 0; h < a->n; h++)
		assert_int_equal(search_hit(a, h), search_hit(b, h));
	assert_int_equal(a->narticles, b->narticles);
	assert_int_equal(a->articles, b->articles);
	assert_memory_equal(a->per_article, b->per_article,
			    a->narticles * sizeof *a->per_article);
}

/* Search over the set finds what it finds in the one file, each file
 * through its own index: every query of one to four characters taken from
 * the text, and some that fold, have no hit, or index nothing. */
static void test_search_as_one(void **state)
{
	(void)state;
	struct err e = { 0 };
	struct corpus *w, *s = joined(in_order);
	assert_int_equal(corpus_open_mem(whole_data, whole_size, "whole", &w,
					 &e),
			 ERR_OK);
	static const char *const fixed[] = {
		"", "残疾", "发展", "新时代", "协同发展", "2023", "２０２３年",
		"gdp", "\"关怀\"", "，", "——", "没有的词", "的", "了和",
	};
	for (size_t k = 0; k < sizeof fixed / sizeof *fixed; k++) {
		struct search_result a, b;
		const char *q = fixed[k];
		assert_int_equal(search_run(s, q, strlen(q), &a, &e), ERR_OK);
		assert_int_equal(search_run(w, q, strlen(q), &b, &e), ERR_OK);
		assert_same_hits(&a, &b, q);
		search_result_free(&a);
		/* and a scan of the set's text agrees */
		assert_int_equal(search_scan(s, q, strlen(q), &a, &e), ERR_OK);
		assert_same_hits(&a, &b, q);
		search_result_free(&a);
		/* and the counts alone (--count), each file's counted as
		 * search_count counts one file's */
		assert_int_equal(search_count(s, q, strlen(q), &a, &e), ERR_OK);
		assert_null(a.pos);
		assert_int_equal(a.n, b.n);
		assert_int_equal(a.narticles, b.narticles);
		assert_int_equal(a.articles, b.articles);
		assert_memory_equal(a.per_article, b.per_article,
				    a.narticles * sizeof *a.per_article);
		search_result_free(&a);
		search_result_free(&b);
	}
	for (size_t j = 0; j < corpus_block_count(w); j += 7) {
		struct corpus_block blk;
		assert_int_equal(corpus_block(w, j, &blk, &e), ERR_OK);
		for (size_t len = 1; len <= 12 && len <= blk.text.len; len += 3) {
			char q[16];
			memcpy(q, blk.text.s, len);
			q[len] = '\0';
			struct search_result a, b;
			/* a query cut mid-character still searches */
			assert_int_equal(search_run(s, q, len, &a, &e), ERR_OK);
			assert_int_equal(search_run(w, q, len, &b, &e), ERR_OK);
			assert_same_hits(&a, &b, q);
			search_result_free(&a);
			search_result_free(&b);
		}
	}
	/* where a hit is, by its offset in the set */
	struct search_result a;
	assert_int_equal(search_run(s, "协同发展", strlen("协同发展"), &a, &e),
			 ERR_OK);
	assert_true(a.n > 0);
	for (size_t h = 0; h < a.n; h++) {
		size_t block, off;
		struct corpus_block blk;
		assert_int_equal(search_locate(s, search_hit(&a, h), &block,
					       &off, &e),
				 ERR_OK);
		assert_int_equal(corpus_block(s, block, &blk, &e), ERR_OK);
		assert_memory_equal(blk.text.s + off, "协同发展",
				    strlen("协同发展"));
	}
	search_result_free(&a);
	corpus_close(w);
	corpus_close(s);
}

/* A cancelled search over a set says so and leaves nothing. */
/* A corpus of `n` articles, article i saying 鲲鹏 when want(i). */
static void *rare_corpus(size_t n, int (*want)(size_t), size_t *size)
{
	struct article *a = calloc(n, sizeof *a);
	assert_non_null(a);
	for (size_t i = 0; i < n; i++) {
		a[i].title = strdup("标题");
		a[i].date = 20240101;
		assert_int_equal(article_add_block(&a[i], BLOCK_PARA,
						   strdup(want(i) ?
							  "北京的鲲鹏。鲲鹏北飞。" :
							  "北京的人民。人民北上。")),
				 0);
	}
	void *data;
	struct err e = { 0 };
	assert_int_equal(corpus_write_mem(a, n, NULL, &data, size, &e), ERR_OK);
	for (size_t i = 0; i < n; i++)
		article_free(&a[i]);
	free(a);
	return data;
}

static int every(size_t i)
{
	(void)i;
	return 1;
}

static int one_in_100(size_t i)
{
	return i == 50;
}

static int none(size_t i)
{
	(void)i;
	return 0;
}

/* A set's hits stay units in the set's numbering while its files' are
 * units (a file's after the units of the files before it, files without
 * hits among them), and are bytes when its files' are (a query checked
 * against the text: 。鲲鹏, whose 。 starts no pair): right either way,
 * found by their bytes and turned all at once, in every order of files
 * with many hits, with one, and with none. */
static void test_search_units_and_bytes(void **state)
{
	(void)state;
	size_t sz[3];
	void *data[3] = { rare_corpus(3, every, &sz[0]),
			  rare_corpus(100, one_in_100, &sz[1]),
			  rare_corpus(7, none, &sz[2]) };
	static const int orders[][3] = { { 0, 1, 2 }, { 2, 0, 1 },
					 { 1, 2, 0 }, { 2, 2, 1 } };
	static const char *const queries[] = { "鲲鹏", "。鲲鹏" };
	for (size_t o = 0; o < sizeof orders / sizeof *orders; o++) {
		struct corpus *parts[3], *c;
		struct err e = { 0 };
		for (size_t k = 0; k < 3; k++)
			assert_int_equal(corpus_open_mem(data[orders[o][k]],
							 sz[orders[o][k]], "f",
							 &parts[k], &e),
					 ERR_OK);
		assert_int_equal(corpus_join(parts, 3, "set", &c, &e), ERR_OK);
		for (size_t q = 0; q < 2; q++) {
			const char *s = queries[q];
			struct search_result r, scan;
			assert_int_equal(search_run(c, s, strlen(s), &r, &e),
					 ERR_OK);
			assert_int_equal(search_scan(c, s, strlen(s), &scan,
						     &e),
					 ERR_OK);
			assert_true(r.n > 0);
			assert_int_equal(r.map != NULL, q == 0);
			assert_int_equal(r.n, scan.n);
			for (size_t h = 0; h < r.n; h++) {
				assert_int_equal(search_hit(&r, h),
						 scan.pos[h]);
				assert_int_equal(search_hit_lower(&r,
								  scan.pos[h]),
						 h);
			}
			assert_int_equal(search_hit_lower(&r, UINT64_MAX - 1),
					 r.n);
			assert_null(search_hit_error(&r));
			assert_memory_equal(r.per_article, scan.per_article,
					    r.narticles *
						    sizeof *r.per_article);
			assert_int_equal(search_result_bytes(&r, &e), ERR_OK);
			assert_memory_equal(r.pos, scan.pos,
					    r.n * sizeof *r.pos);
			search_result_free(&r);
			search_result_free(&scan);
		}
		corpus_close(c);
	}
	for (size_t k = 0; k < 3; k++)
		free(data[k]);
}

static void test_search_cancelled(void **state)
{
	(void)state;
	struct err e = { 0 };
	struct corpus *s = joined(in_order);
	atomic_int stop = 1;
	struct search_result r;
	assert_int_equal(search_run_until(s, "发展", strlen("发展"), &r, &stop,
					  &e),
			 ERR_CANCELLED);
	assert_null(r.pos);
	assert_null(r.per_article);
	corpus_close(s);
}

/* A set's identity: the same files in the same order give the same one,
 * whatever they are named; another order, another. */
static void test_identity(void **state)
{
	(void)state;
	struct err e = { 0 };
	static const size_t swapped[NPARTS] = { 1, 0, 2, 3 };
	struct corpus *a = joined(in_order), *b = joined(in_order),
		      *c = joined(swapped), *w;
	char ia[33], ib[33], ic[33], iw[33], i0[33];
	assert_int_equal(corpus_identity(a, ia, &e), ERR_OK);
	assert_int_equal(corpus_identity(b, ib, &e), ERR_OK);
	assert_int_equal(corpus_identity(c, ic, &e), ERR_OK);
	struct corpus_base at;
	assert_int_equal(corpus_identity(corpus_part(a, 0, &at), i0, &e),
			 ERR_OK);
	assert_int_equal(corpus_open_mem(whole_data, whole_size, "whole", &w,
					 &e),
			 ERR_OK);
	assert_int_equal(corpus_identity(w, iw, &e), ERR_OK);
	assert_int_equal(strlen(ia), 32);
	assert_string_equal(ia, ib);
	/* day 2 is empty: swapping it with day 1 changes no article, yet
	 * the files are in another order */
	assert_string_not_equal(ia, ic);
	assert_string_not_equal(ia, iw);
	assert_string_not_equal(ia, i0);
	corpus_close(a);
	corpus_close(b);
	corpus_close(c);
	corpus_close(w);
}

/* Opening: a directory's *.kb files in name order; files and directories
 * mixed; one file alone as corpus_open opens it; and the errors. */
static void test_open(void **state)
{
	(void)state;
	struct err e = { 0 };
	struct corpus *s, *j = joined(in_order);
	char ij[33], is[33];
	assert_int_equal(corpus_identity(j, ij, &e), ERR_OK);
	corpus_close(j);

	const char *one[] = { dir };
	assert_int_equal(corpus_open_set(one, 1, &s, &e), ERR_OK);
	assert_int_equal(corpus_parts(s), NPARTS);
	assert_string_equal(corpus_name(s), dir);
	assert_int_equal(corpus_identity(s, is, &e), ERR_OK);
	assert_string_equal(is, ij);
	corpus_close(s);

	char a[128], b[128], c[128];
	snprintf(a, sizeof a, "%s", in_dir("day1.kb"));
	snprintf(b, sizeof b, "%s", in_dir("day2.kb"));
	snprintf(c, sizeof c, "%s", in_dir("day3.kb"));
	const char *mixed[] = { a, b, c, in_dir("day4.kb") };
	assert_int_equal(corpus_open_set(mixed, 4, &s, &e), ERR_OK);
	assert_int_equal(corpus_identity(s, is, &e), ERR_OK);
	assert_string_equal(is, ij);
	char want[200];
	snprintf(want, sizeof want, "%s + 3 more", a);
	assert_string_equal(corpus_name(s), want);
	corpus_close(s);

	const char *single[] = { a };
	assert_int_equal(corpus_open_set(single, 1, &s, &e), ERR_OK);
	assert_int_equal(corpus_parts(s), 1);
	assert_string_equal(corpus_name(s), a);
	assert_int_equal(corpus_article_count(s), cut[1]);
	corpus_close(s);

	/* the same file twice, through the directory */
	const char *twice[] = { c, dir };
	assert_int_equal(corpus_open_set(twice, 2, &s, &e), ERR_USAGE);
	assert_non_null(strstr(e.msg, "the same file as"));
	/* a missing file among others is named */
	const char *missing[] = { a, in_dir("nope.kb") };
	assert_int_equal(corpus_open_set(missing, 2, &s, &e), ERR_NOENT);
	assert_non_null(strstr(e.msg, "nope.kb"));
	/* a directory without corpus files; a file that is no corpus */
	const char *empty[] = { in_dir("sub.kb") };
	assert_int_equal(corpus_open_set(empty, 1, &s, &e), ERR_NOENT);
	assert_non_null(strstr(e.msg, "no corpus file"));
	const char *notes[] = { a, in_dir("notes.txt") };
	assert_int_equal(corpus_open_set(notes, 2, &s, &e), ERR_FORMAT);
	assert_non_null(strstr(e.msg, "notes.txt"));
	assert_int_equal(corpus_open_set(NULL, 0, &s, &e), ERR_USAGE);
}

/* A damaged file of a set is named, with the article's number in it. */
static void test_damage_named(void **state)
{
	(void)state;
	struct err e = { 0 };
	struct corpus *parts[2], *s;
	uint8_t *bad = malloc(part_size[3]);
	assert_non_null(bad);
	memcpy(bad, part_data[3], part_size[3]);
	/* a byte of the article table (first article's title length) */
	bad[160 + 16 + 4] ^= 0x40;
	assert_int_equal(corpus_open_mem(part_data[0], part_size[0], "day1.kb",
					 &parts[0], &e),
			 ERR_OK);
	assert_int_equal(corpus_open_mem(bad, part_size[3], "day4.kb",
					 &parts[1], &e),
			 ERR_OK);
	assert_int_equal(corpus_join(parts, 2, "days", &s, &e), ERR_OK);
	struct corpus_article a;
	assert_int_equal(corpus_article(s, cut[1] - 1, &a, &e), ERR_OK);
	assert_int_equal(corpus_article(s, cut[1], &a, &e), ERR_CHECKSUM);
	assert_non_null(strstr(e.msg, "day4.kb"));
	assert_int_equal(corpus_verify(s, &e), ERR_CHECKSUM);
	assert_non_null(strstr(e.msg, "day4.kb"));
	corpus_close(s);
	free(bad);
	/* a set is not a part */
	struct corpus *inner = joined(in_order), *outer;
	assert_int_equal(corpus_join(&inner, 1, "x", &outer, &e), ERR_USAGE);
}

/* How many of this process's mappings are of the file `path` (absolute),
 * as the kernel lists them. */
static int mappings_of(const char *path)
{
	FILE *f = fopen("/proc/self/maps", "r");
	assert_non_null(f);
	char line[512];
	int n = 0;
	size_t len = strlen(path);
	while (fgets(line, sizeof line, f)) {
		char *p = strstr(line, path);
		n += p && (p[len] == '\n' || p[len] == '\0');
	}
	fclose(f);
	return n;
}

/* Opening a set maps none of its files: the counts, where each file
 * begins and the identity come from the headers and SUMS read.  Reading
 * an article maps its file, and that file alone. */
static void test_lazy_counts(void **state)
{
	(void)state;
	struct err e = { 0 };
	struct corpus *s, *j = joined(in_order);
	char ij[33], is[33];
	const char *one[] = { dir };
	assert_int_equal(corpus_open_set(one, 1, &s, &e), ERR_OK);
	assert_int_equal(corpus_article_count(s), corpus_article_count(j));
	assert_int_equal(corpus_block_count(s), corpus_block_count(j));
	assert_int_equal(corpus_text_size(s), corpus_text_size(j));
	assert_int_equal(corpus_index_size(s), corpus_index_size(j));
	for (size_t k = 0; k < NPARTS; k++) {
		struct corpus_base a, b;
		corpus_part(s, k, &a);
		corpus_part(j, k, &b);
		assert_int_equal(a.article, b.article);
		assert_int_equal(a.block, b.block);
		assert_int_equal(a.text, b.text);
	}
	assert_int_equal(corpus_identity(s, is, &e), ERR_OK);
	assert_int_equal(corpus_identity(j, ij, &e), ERR_OK);
	assert_string_equal(is, ij);
	char day[NPARTS][128];
	for (size_t k = 0; k < NPARTS; k++) {
		snprintf(day[k], sizeof day[k], "%s/day%zu.kb", dir, k + 1);
		assert_int_equal(mappings_of(day[k]), 0);
	}
	/* the first article of day 3, read through the set */
	struct corpus_article a, b;
	assert_int_equal(corpus_article(s, cut[2], &a, &e), ERR_OK);
	assert_int_equal(corpus_article(j, cut[2], &b, &e), ERR_OK);
	assert_int_equal(a.first_block, b.first_block);
	assert_int_equal(a.title.len, b.title.len);
	assert_memory_equal(a.title.s, b.title.s, a.title.len);
	for (size_t k = 0; k < NPARTS; k++)
		assert_int_equal(mappings_of(day[k]), k == 2);
	/* its FOLD, read when it was mapped */
	struct corpus_base at;
	assert_int_equal(index_variants_count(corpus_variants(
				 corpus_part(s, 2, &at))),
			 index_variants_count(corpus_variants(
				 corpus_part(j, 2, &at))));
	corpus_close(s);
	corpus_close(j);
	assert_int_equal(mappings_of(day[2]), 0);
}

/* A file of a set that changed after the set was opened is named, with
 * what changed, when it is first read; the other files read on. */
static void test_lazy_changed(void **state)
{
	(void)state;
	struct err e = { 0 };
	char first[128], last[128];
	snprintf(first, sizeof first, "%s", in_dir("lazy1.kb"));
	snprintf(last, sizeof last, "%s", in_dir("lazy4.kb"));
	const char *paths[] = { first, last };
	size_t n1 = cut[1], n4 = cut[4] - cut[3];
	struct corpus *s;
	struct corpus_article a;
	/* truncated; one byte of its SUMS changed, its size kept; gone */
	for (int how = 0; how < 3; how++) {
		write_file(first, part_data[0], part_size[0]);
		write_file(last, part_data[3], part_size[3]);
		assert_int_equal(corpus_open_set(paths, 2, &s, &e), ERR_OK);
		assert_int_equal(corpus_article_count(s), n1 + n4);
		if (how == 0) {
			assert_int_equal(truncate(last, (off_t)part_size[3] / 2),
					 0);
		} else if (how == 1) {
			uint8_t *p = malloc(part_size[3]);
			assert_non_null(p);
			memcpy(p, part_data[3], part_size[3]);
			p[part_size[3] - 1] ^= 1;
			write_file(last, p, part_size[3]);
			free(p);
		} else {
			assert_int_equal(unlink(last), 0);
		}
		assert_int_equal(corpus_article(s, 0, &a, &e), ERR_OK);
		enum err_code want = how < 2 ? ERR_CORRUPT : ERR_NOENT;
		assert_int_equal(corpus_article(s, n1, &a, &e), want);
		assert_non_null(strstr(e.msg, last));
		if (how < 2)
			assert_non_null(strstr(e.msg, "changed since it was "
						      "opened"));
		/* asked again, the same answer; the other file reads on */
		assert_int_equal(corpus_article(s, n1 + n4 - 1, &a, &e), want);
		assert_int_equal(corpus_verify(s, &e), want);
		assert_int_equal(corpus_article(s, n1 - 1, &a, &e), ERR_OK);
		assert_int_equal(mappings_of(last), 0);
		corpus_close(s);
	}
	unlink(first);
	unlink(last);
}

/* Two threads reading one file of a set for the first time at once: both
 * read it right, and it is mapped once. */
struct reading {
	struct corpus *s, *whole;
	pthread_barrier_t *go;
	int bad; /* articles read wrong */
};

static void *read_day3(void *arg)
{
	struct reading *r = arg;
	struct err e = { 0 };
	pthread_barrier_wait(r->go);
	for (size_t i = cut[2]; i < cut[3]; i++) {
		struct corpus_article a, b;
		struct corpus_block x, y;
		if (corpus_article(r->s, i, &a, &e) ||
		    corpus_article(r->whole, i, &b, &e) ||
		    a.first_block != b.first_block ||
		    corpus_block(r->s, a.first_block, &x, &e) ||
		    corpus_block(r->whole, b.first_block, &y, &e) ||
		    x.offset != y.offset || x.text.len != y.text.len ||
		    memcmp(x.text.s, y.text.s, x.text.len))
			r->bad++;
	}
	return NULL;
}

static void test_lazy_two_threads(void **state)
{
	(void)state;
	struct err e = { 0 };
	struct corpus *whole;
	assert_int_equal(corpus_open_mem(whole_data, whole_size, "whole",
					 &whole, &e),
			 ERR_OK);
	char day3[128];
	snprintf(day3, sizeof day3, "%s", in_dir("day3.kb"));
	const char *one[] = { dir };
	for (int round = 0; round < 20; round++) {
		struct corpus *s;
		assert_int_equal(corpus_open_set(one, 1, &s, &e), ERR_OK);
		pthread_barrier_t go;
		assert_int_equal(pthread_barrier_init(&go, NULL, 2), 0);
		struct reading r[2] = { { s, whole, &go, 0 },
					{ s, whole, &go, 0 } };
		pthread_t t;
		assert_int_equal(pthread_create(&t, NULL, read_day3, &r[0]), 0);
		read_day3(&r[1]);
		assert_int_equal(pthread_join(t, NULL), 0);
		pthread_barrier_destroy(&go);
		assert_int_equal(r[0].bad + r[1].bad, 0);
		assert_int_equal(mappings_of(day3), 1);
		corpus_close(s);
	}
	corpus_close(whole);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reads_as_one),
		cmocka_unit_test(test_parts_and_bounds),
		cmocka_unit_test(test_search_as_one),
		cmocka_unit_test(test_search_units_and_bytes),
		cmocka_unit_test(test_search_cancelled),
		cmocka_unit_test(test_identity),
		cmocka_unit_test(test_open),
		cmocka_unit_test(test_damage_named),
		cmocka_unit_test(test_lazy_counts),
		cmocka_unit_test(test_lazy_changed),
		cmocka_unit_test(test_lazy_two_threads),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
