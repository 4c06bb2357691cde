/* Tests for answer: the fields and titles of a line for a script, and the
 * --count answer written in pieces on two threads the same as line by line. */
#include "test.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

#include "kanbao/build/corpus_write.h"
#include "kanbao/format/article.h"
#include "kanbao/format/corpus.h"
#include "kanbao/reader/answer.h"

/* Articles enough that the answer is made in pieces on two threads
 * (answer.c's HALVES_MIN is 4096 articles with hits), nine pieces of
 * PIECE_MIN, 1024 articles, through its four buffers. */
enum { MANY = 9000 };

static struct corpus *many;
static void *many_data;

/* Article i's title: plain, with a control character, with a character
 * that is dropped, or made from its opening words. */
static void title_of(struct article *a, size_t i)
{
	char t[64];
	static const char *const kinds[] = { "标题%zu", "标\x1b题%zu",
					     "标\xE2\x80\x8B题%zu",
					     "“引号”—%zu" };
	snprintf(t, sizeof t, kinds[i % 4], i);
	a->title = strdup(t);
	if (i % 7 == 3)
		a->flags |= ARTICLE_TITLE_DERIVED;
}

static int setup(void **state)
{
	(void)state;
	struct article *a = calloc(MANY, sizeof *a);
	for (size_t i = 0; i < MANY; i++) {
		title_of(&a[i], i);
		article_add_block(&a[i], BLOCK_PARA, strdup("正文。"));
	}
	struct err e = { 0 };
	size_t size;
	assert_int_equal(corpus_write_mem(a, MANY, NULL, &many_data, &size, &e),
			 ERR_OK);
	assert_int_equal(corpus_open_mem(many_data, size, "many", &many, &e),
			 ERR_OK);
	for (size_t i = 0; i < MANY; i++)
		article_free(&a[i]);
	free(a);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	corpus_close(many);
	free(many_data);
	return 0;
}

static void test_field(void **state)
{
	(void)state;
	struct buf b = { 0 };
	answer_field(&b, 0);
	answer_field(&b, 7);
	answer_field(&b, 1234567890);
	answer_field(&b, UINT64_MAX);
	assert_string_equal(b.p, "0\t7\t1234567890\t18446744073709551615\t");
	buf_free(&b);
}

static void test_clean_and_title(void **state)
{
	(void)state;
	struct buf b = { 0 };
	answer_clean(&b, "a\x1b[31mb", 7);
	/* ESC as its picture, never an escape sequence */
	assert_string_equal(b.p, "a\xE2\x90\x9B[31mb");
	buf_clear(&b);
	assert_int_equal(b.len, 0);
	answer_title(&b, many, 0);
	assert_string_equal(b.p, "标题0");
	buf_clear(&b);
	answer_title(&b, many, 2); /* U+200B dropped */
	assert_string_equal(b.p, "标题2");
	buf_clear(&b);
	answer_title(&b, many, 3); /* quotes and dash kept, then "…" */
	assert_string_equal(b.p, "“引号”—3…");
	buf_clear(&b);
	answer_title(&b, many, MANY); /* no such article: nothing */
	assert_int_equal(b.len, 0);
	buf_free(&b);
}

/* The answer for per-article counts `per` as answer_counts writes it to a
 * file, and as it is made line by line. */
static void same_as_lines(const uint32_t *per)
{
	struct search_result r = { .per_article = (uint32_t *)per,
				   .narticles = MANY };
	struct buf want = { 0 };
	for (size_t i = 0; i < MANY; i++) {
		if (!per[i])
			continue;
		r.articles++;
		r.n += per[i];
		answer_field(&want, i + 1);
		answer_field(&want, per[i]);
		answer_title(&want, many, i);
		buf_put(&want, "\n", 1);
	}
	FILE *f = tmpfile();
	assert_non_null(f);
	assert_int_equal(answer_counts(many, &r, fileno(f)), 0);
	long size = lseek(fileno(f), 0, SEEK_END);
	assert_int_equal(size, (long)want.len);
	char *got = malloc(want.len + 1);
	assert_int_equal(pread(fileno(f), got, want.len, 0), (ssize_t)want.len);
	assert_memory_equal(got, want.p ? want.p : "", want.len);
	free(got);
	fclose(f);
	buf_free(&want);
}

static void test_counts(void **state)
{
	(void)state;
	uint32_t *per = calloc(MANY, sizeof *per);
	/* none: nothing written */
	same_as_lines(per);
	/* a few, on one core */
	per[0] = 1, per[17] = 300, per[MANY - 1] = 2;
	same_as_lines(per);
	/* most articles, in pieces on two threads */
	unsigned x = 7;
	for (size_t i = 0; i < MANY; i++) {
		x = x * 1103515245 + 12345;
		per[i] = (x >> 16) % 5 ? (x >> 8) % 1000 : 0;
	}
	same_as_lines(per);
	free(per);
}

/* What a pipe's reader got (drain). */
struct drained {
	int fd;
	struct buf got;
};

static void *drain(void *arg)
{
	struct drained *d = arg;
	char b[1 << 16];
	ssize_t n;
	while ((n = read(d->fd, b, sizeof b)) > 0)
		buf_put(&d->got, b, (size_t)n);
	return NULL;
}

/* Into a pipe: the same bytes, and the pipe made to hold 1 MiB where the
 * system allows it (/proc/sys/fs/pipe-max-size, the user's pipe pages). */
static void test_into_pipe(void **state)
{
	(void)state;
	uint32_t *per = calloc(MANY, sizeof *per);
	struct buf want = { 0 };
	size_t articles = 0;
	for (size_t i = 0; i < MANY; i++) {
		per[i] = i % 3 ? (uint32_t)(i % 17 + 1) : 0;
		if (!per[i])
			continue;
		articles++;
		answer_field(&want, i + 1);
		answer_field(&want, per[i]);
		answer_title(&want, many, i);
		buf_put(&want, "\n", 1);
	}
	struct search_result r = { .per_article = per, .narticles = MANY,
				   .articles = articles, .n = articles };
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	struct drained d = { .fd = fds[0] };
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, drain, &d), 0);
	assert_int_equal(answer_counts(many, &r, fds[1]), 0);
	int size = fcntl(fds[1], F_GETPIPE_SZ);
	close(fds[1]);
	pthread_join(t, NULL);
	close(fds[0]);
	assert_int_equal(d.got.len, want.len);
	assert_memory_equal(d.got.p, want.p, want.len);
	/* where a fresh pipe may be made that large */
	assert_int_equal(pipe(fds), 0);
	if (fcntl(fds[1], F_SETPIPE_SZ, 1 << 20) >= 0)
		assert_int_equal(size, 1 << 20);
	close(fds[0]);
	close(fds[1]);
	buf_free(&d.got);
	buf_free(&want);
	free(per);
}

static void test_write_fails(void **state)
{
	(void)state;
	uint32_t *per = calloc(MANY, sizeof *per);
	for (size_t i = 0; i < MANY; i++)
		per[i] = 1;
	struct search_result r = { .per_article = per, .narticles = MANY,
				   .articles = MANY, .n = MANY };
	errno = 0;
	assert_int_equal(answer_counts(many, &r, -1), -1);
	assert_int_equal(errno, EBADF);
	r.articles = 3; /* on one core */
	errno = 0;
	assert_int_equal(answer_counts(many, &r, -1), -1);
	assert_int_equal(errno, EBADF);
	free(per);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_field),
		cmocka_unit_test(test_clean_and_title),
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_into_pipe),
		cmocka_unit_test(test_write_fails),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
