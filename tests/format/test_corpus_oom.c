/* Out of memory in the corpus reader: opening a corpus (a file, bytes in
 * memory, or a directory of files read as one), reading every article and
 * block, the table of article starts, the identity and the full check,
 * with the nth allocation failing for every n the operation reaches
 * (tests/oom.h); a corpus with a variants table (FOLD, made at open)
 * among them.
 *
 * A run that fails must say ERR_NOMEM, "out of memory", and leave nothing
 * allocated; a handle it opened before the failure must still work once
 * memory is back: a search or a save that runs out must not take the open
 * corpus with it. */
#include "test.h"

#include "kanbao/build/corpus_write.h"
#include "kanbao/build/hanzi.h"
#include "kanbao/format/corpus.h"
#include "kanbao/format/corpus_set.h"
#include "oom.h"

#include <sys/stat.h>
#include <unistd.h>

/* What a corpus gives when nothing fails, to compare runs with. */
struct expect {
	size_t articles, blocks;
	uint64_t *starts; /* corpus_article_starts' table, a copy */
	char id[33]; /* corpus_identity */
};

/* One corpus and the operation on it. */
struct open_ctx {
	const char *set; /* corpus_open_set this path, */
	const char *path; /* or corpus_open this, */
	const void *data; /* or else corpus_open_mem these bytes */
	size_t size;
	const struct expect *want;
	struct corpus *c; /* what the run opened, if it got that far */
	char id[33]; /* its identity, when the run got that far */
	struct err e;
};

static struct expect bundled_want, empty_want, set_want, folded_want;
/* a directory of three files: the bundled corpus, the empty one, the
 * bundled one again (another file with the same bytes) */
static char set_dir[64];
static const char *const set_files[] = { "a.kb", "b.kb", "c.kb" };

static void set_file(char *buf, size_t n, size_t k)
{
	snprintf(buf, n, "%s/%s", set_dir, set_files[k]);
}
static char *bundled_bytes;
static size_t bundled_size;
static void *empty_bytes, *folded_bytes;
static size_t empty_size, folded_size;

static void expect_of(struct corpus *c, struct expect *w)
{
	struct err e = { 0 };
	const uint64_t *starts;
	w->articles = corpus_article_count(c);
	w->blocks = corpus_block_count(c);
	assert_int_equal(corpus_article_starts(c, &starts, &e), ERR_OK);
	w->starts = malloc((w->articles + 1) * sizeof *w->starts);
	assert_non_null(w->starts);
	memcpy(w->starts, starts, (w->articles + 1) * sizeof *w->starts);
	assert_int_equal(corpus_identity(c, w->id, &e), ERR_OK);
	assert_int_equal(corpus_verify(c, &e), ERR_OK);
}

static int setup(void **state)
{
	(void)state;
	struct err e = { 0 };
	struct corpus *c;
	const char *path = getenv("KANBAO_BUNDLED");
	assert_non_null(path);
	bundled_bytes = test_read_file(path, &bundled_size);
	assert_int_equal(corpus_open(path, &c, &e), ERR_OK);
	expect_of(c, &bundled_want);
	corpus_close(c);
	/* No articles, no text: the smallest tables there are. */
	assert_int_equal(corpus_write_mem(NULL, 0, NULL, &empty_bytes, &empty_size,
					  &e),
			 ERR_OK);
	assert_int_equal(corpus_open_mem(empty_bytes, empty_size, "empty", &c,
					 &e),
			 ERR_OK);
	expect_of(c, &empty_want);
	corpus_close(c);
	strcpy(set_dir, "/tmp/test_corpus_oom.XXXXXX");
	assert_non_null(mkdtemp(set_dir));
	for (size_t k = 0; k < 3; k++) {
		char p[128];
		set_file(p, sizeof p, k);
		FILE *f = fopen(p, "wb");
		assert_non_null(f);
		if (k == 1)
			fwrite(empty_bytes, 1, empty_size, f);
		else
			fwrite(bundled_bytes, 1, bundled_size, f);
		assert_int_equal(fclose(f), 0);
	}
	const char *dirs[] = { set_dir };
	assert_int_equal(corpus_open_set(dirs, 1, &c, &e), ERR_OK);
	assert_int_equal(corpus_parts(c), 3);
	expect_of(c, &set_want);
	corpus_close(c);
	/* Text in both scripts, its variants table of entries on two pages
	 * (發 U+767C, 習 U+7FD2: folded to 发 习) */
	static const uint32_t pairs[][2] = { { 0x767C, 0x53D1 },
					     { 0x7FD2, 0x4E60 } };
	struct hanzi *h = hanzi_given(pairs, 2);
	struct article_block b = { BLOCK_PARA, "习近平谈發展，習近平谈发展" };
	struct article a = { .title = "发展", .blocks = &b, .nblocks = 1 };
	assert_int_equal(corpus_write_mem(&a, 1, h, &folded_bytes,
					  &folded_size, &e),
			 ERR_OK);
	hanzi_free(h);
	assert_int_equal(corpus_open_mem(folded_bytes, folded_size, "folded",
					 &c, &e),
			 ERR_OK);
	assert_int_equal(index_variants_count(corpus_variants(c)), 2);
	expect_of(c, &folded_want);
	corpus_close(c);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(bundled_want.starts);
	free(empty_want.starts);
	free(set_want.starts);
	for (size_t k = 0; k < 3; k++) {
		char p[128];
		set_file(p, sizeof p, k);
		unlink(p);
	}
	rmdir(set_dir);
	free(folded_want.starts);
	free(bundled_bytes);
	free(empty_bytes);
	free(folded_bytes);
	return 0;
}

/* Everything the reader asks of a corpus, in the order it asks. */
static int open_run(void *p)
{
	struct open_ctx *x = p;
	struct corpus *c = NULL;
	x->c = NULL;
	x->id[0] = '\0';
	memset(&x->e, 0, sizeof x->e);
	enum err_code rc = x->set ? corpus_open_set(&x->set, 1, &c, &x->e)
			   : x->path ? corpus_open(x->path, &c, &x->e)
				     : corpus_open_mem(x->data, x->size, "mem",
						       &c, &x->e);
	if (rc)
		return rc;
	x->c = c;
	for (size_t i = 0; i < corpus_article_count(c) && !rc; i++) {
		struct corpus_article a;
		rc = corpus_article(c, i, &a, &x->e);
		for (uint32_t j = 0; !rc && j < a.nblocks; j++) {
			struct corpus_block b;
			rc = corpus_block(c, a.first_block + j, &b, &x->e);
		}
	}
	const uint64_t *starts;
	if (!rc)
		rc = corpus_article_starts(c, &starts, &x->e);
	if (!rc)
		rc = corpus_verify(c, &x->e);
	if (!rc)
		rc = corpus_identity(c, x->id, &x->e);
	return rc;
}

/* What a handle must give, whatever happened to it before. */
static void assert_sound(struct corpus *c, const struct expect *w)
{
	struct err e = { 0 };
	const uint64_t *starts;
	char id[33];
	assert_int_equal(corpus_article_count(c), w->articles);
	assert_int_equal(corpus_block_count(c), w->blocks);
	assert_int_equal(corpus_article_starts(c, &starts, &e), ERR_OK);
	assert_memory_equal(starts, w->starts,
			    (w->articles + 1) * sizeof *starts);
	assert_int_equal(corpus_identity(c, id, &e), ERR_OK);
	assert_string_equal(id, w->id);
	assert_int_equal(corpus_verify(c, &e), ERR_OK);
}

static void open_check(void *p, int rc, const struct oom_run *how)
{
	struct open_ctx *x = p;
	if (how->failures) {
		if (rc != ERR_NOMEM)
			fail_msg("call %lu failing: error %d (%s), not "
				 "ERR_NOMEM", how->n, rc, x->e.msg);
		assert_int_equal(x->e.code, ERR_NOMEM);
		assert_non_null(strstr(x->e.msg, "out of memory"));
	} else {
		assert_int_equal(rc, ERR_OK);
		assert_string_equal(x->id, x->want->id);
	}
	/* A handle opened before the failure works with memory back. */
	if (x->c) {
		assert_sound(x->c, x->want);
		corpus_close(x->c);
		x->c = NULL;
	}
}

static void test_open_file(void **state)
{
	(void)state;
	struct open_ctx x = { .path = getenv("KANBAO_BUNDLED"),
			      .want = &bundled_want };
	oom_test(&(struct oom_case){
		.name = "corpus_open, every article and block, "
			"starts, verify, identity",
		.run = open_run,
		.check = open_check,
		.ctx = &x,
	});
}

static void test_open_mem(void **state)
{
	(void)state;
	struct open_ctx x = { .data = bundled_bytes, .size = bundled_size,
			      .want = &bundled_want };
	oom_test(&(struct oom_case){
		.name = "corpus_open_mem, every article and "
			"block, starts, verify, identity",
		.run = open_run,
		.check = open_check,
		.ctx = &x,
	});
}

static void test_open_empty(void **state)
{
	(void)state;
	struct open_ctx x = { .data = empty_bytes, .size = empty_size,
			      .want = &empty_want };
	oom_test(&(struct oom_case){
		.name = "an empty corpus: open, starts, verify, identity",
		.run = open_run,
		.check = open_check,
		.ctx = &x,
	});
}

static void test_open_set(void **state)
{
	(void)state;
	struct open_ctx x = { .set = set_dir, .want = &set_want };
	oom_test(&(struct oom_case){
		.name = "corpus_open_set of a directory of 3 files, every "
			"article and block, starts, verify, identity",
		.run = open_run,
		.check = open_check,
		.ctx = &x,
	});
}

static void test_open_folded(void **state)
{
	(void)state;
	struct open_ctx x = { .data = folded_bytes, .size = folded_size,
			      .want = &folded_want };
	oom_test(&(struct oom_case){
		.name = "a corpus with a variants table: open, starts, "
			"verify, identity",
		.run = open_run,
		.check = open_check,
		.ctx = &x,
	});
}

/* corpus_article_starts alone, on a corpus opened before: the first call
 * makes the table; one that fails leaves none behind, and the next call
 * makes it. */
struct starts_ctx {
	struct corpus *c; /* opened by prepare */
	const uint64_t *starts; /* what the run got */
	struct err e;
};

static void starts_prepare(void *p)
{
	struct starts_ctx *x = p;
	struct err e = { 0 };
	assert_int_equal(corpus_open_mem(bundled_bytes, bundled_size, "mem",
					 &x->c, &e),
			 ERR_OK);
}

static int starts_run(void *p)
{
	struct starts_ctx *x = p;
	x->starts = NULL;
	return corpus_article_starts(x->c, &x->starts, &x->e);
}

static void starts_check(void *p, int rc, const struct oom_run *how)
{
	struct starts_ctx *x = p;
	if (how->failures) {
		assert_int_equal(rc, ERR_NOMEM);
		assert_null(x->starts);
		assert_non_null(strstr(x->e.msg, "out of memory"));
	} else {
		assert_memory_equal(x->starts, bundled_want.starts,
				    (bundled_want.articles + 1) *
					    sizeof *x->starts);
	}
	assert_sound(x->c, &bundled_want);
	corpus_close(x->c);
}

static void test_article_starts(void **state)
{
	(void)state;
	struct starts_ctx x = { 0 };
	oom_test(&(struct oom_case){
		.name = "corpus_article_starts",
		.prepare = starts_prepare,
		.run = starts_run,
		.check = starts_check,
		.ctx = &x,
	});
}

/* The suite's figure for the note: every call site reached. */
static void test_sites(void **state)
{
	(void)state;
	print_message("all of the corpus reader: %zu distinct call sites "
		      "reached\n", oom_sites_ever());
	assert_true(oom_sites_ever() > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_file),
		cmocka_unit_test(test_open_mem),
		cmocka_unit_test(test_open_empty),
		cmocka_unit_test(test_open_set),
		cmocka_unit_test(test_open_folded),
		cmocka_unit_test(test_article_starts),
		cmocka_unit_test(test_sites),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
