/* Tests for progress: the line's text, how often it is drawn (a clock of
 * the test's own), pausing for a warning, abandoning it from a signal, and
 * counting from many threads while its own thread draws. */
#include "test.h"

#include <pthread.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include "kanbao/base/progress.h"

#define MS 1000000ull
#define S 1000000000ull

static const struct progress_spec build = {
	.label = "kanbao-build", .files = 365, .bytes = 1024000000,
	.items = "articles",
};

/* The line of `s` after `elapsed` ns with the counts given, the work
 * going at `rate` bytes a second lately. */
static const char *text_at(const struct progress_spec *s, uint64_t files,
			   uint64_t bytes, uint64_t items, const char *note,
			   uint64_t elapsed, double rate, size_t cols)
{
	static char out[PROGRESS_LINE_MAX + 1];
	struct progress_state st = { { files, bytes, items }, elapsed, rate,
				     note };
	size_t n = progress_text(s, &st, cols, out, sizeof out);
	assert_int_equal(n, strlen(out));
	assert_true(cols == 0 || n <= cols - 1);
	return out;
}

/* The same at the rate since the start. */
static const char *text(const struct progress_spec *s, uint64_t files,
			uint64_t bytes, uint64_t items, const char *note,
			uint64_t elapsed, size_t cols)
{
	double rate = elapsed ? (double)bytes * S / (double)elapsed : 0;
	return text_at(s, files, bytes, items, note, elapsed, rate, cols);
}

static void test_text(void **state)
{
	(void)state;
	/* 45 MB in 3 s: 15 MB/s; 979 MB to go at that rate: 65 s */
	assert_string_equal(text(&build, 12, 45000000, 10234, NULL, 3 * S,
				 200),
			    "kanbao-build: 12/365 files, 45/1,024 MB, 10,234 "
			    "articles, 15.0 MB/s, 1:05 left");
	/* under a second, or nothing done yet: no rate, the time so far */
	assert_string_equal(text(&build, 1, 2000000, 9, NULL, 900 * MS, 200),
			    "kanbao-build: 1/365 files, 2/1,024 MB, 9 "
			    "articles, 0:00 elapsed");
	assert_string_equal(text(&build, 0, 0, 0, NULL, 75 * S, 200),
			    "kanbao-build: 0/365 files, 0/1,024 MB, 0 "
			    "articles, 1:15 elapsed");
	/* all done but a step after: the step and the time so far */
	assert_string_equal(text(&build, 365, 1024000000, 496000,
				 "writing the corpus", 70 * S, 200),
			    "kanbao-build: 365/365 files, 1,024/1,024 MB, "
			    "496,000 articles, writing the corpus, 1:10 "
			    "elapsed");
	/* the time left at the rate of late, not since the start: 979 MB at
	 * 5 MB/s, 195.8 s to the nearest second; none when nothing moved
	 * lately */
	assert_string_equal(text_at(&build, 12, 45000000, 10234, NULL, 3 * S,
				    5e6, 200),
			    "kanbao-build: 12/365 files, 45/1,024 MB, 10,234 "
			    "articles, 5.0 MB/s, 3:16 left");
	assert_string_equal(text_at(&build, 12, 45000000, 10234, NULL, 9 * S,
				    0, 200),
			    "kanbao-build: 12/365 files, 45/1,024 MB, 10,234 "
			    "articles, 0.0 MB/s, 0:09 elapsed");
	/* under 10 MB, tenths; from 100 MB/s, whole MB/s (124 MB left at
	 * 150 MB/s: 0.8 s, to the nearest second); hours */
	struct progress_spec small = { "b", 2, 3200000, NULL, 0, NULL };
	assert_string_equal(text(&small, 1, 400000, 0, NULL, 2 * S, 200),
			    "b: 1/2 files, 0.4/3.2 MB, 0.2 MB/s, 0:14 left");
	assert_string_equal(text(&build, 0, 1000, 0, NULL, 10 * S, 200),
			    "kanbao-build: 0/365 files, 0/1,024 MB, 0 "
			    "articles, 0.0 MB/s, 99:59:59 left");
	assert_string_equal(text(&build, 300, 900000000, 0, NULL, 6 * S, 200),
			    "kanbao-build: 300/365 files, 900/1,024 MB, 0 "
			    "articles, 150 MB/s, 0:01 left");
	/* 16 MB a minute: 1,008 MB in 63 minutes */
	assert_string_equal(text(&build, 5, 16000000, 0, NULL, 60 * S, 200),
			    "kanbao-build: 5/365 files, 16/1,024 MB, 0 "
			    "articles, 0.3 MB/s, 1:03:00 left");
}

static void test_text_no_total(void **state)
{
	(void)state;
	/* standard input among the files: a size so far, the time so far */
	struct progress_spec in = { "kanbao-build", 1, 0, "articles", 0,
				    NULL };
	assert_string_equal(text(&in, 0, 45600000, 12, NULL, 3 * S, 200),
			    "kanbao-build: 0/1 files, 46 MB, 12 articles, "
			    "15.2 MB/s, 0:03 elapsed");
	/* no files counted */
	struct progress_spec bare = { "x", 0, 0, NULL, 0, NULL };
	assert_string_equal(text(&bare, 0, 3000000, 0, NULL, 0, 200),
			    "x: 3.0 MB, 0:00 elapsed");
}

static void test_text_share(void **state)
{
	(void)state;
	/* passes over a 1,848 MB file: 3,000 MB of work, 1,110 done: 37%;
	 * passes go at unlike speeds: no rate, no time left */
	struct progress_spec v = { "kanbao --verify", 0, 3000000000ull, NULL,
				   1848000000ull, NULL };
	assert_string_equal(text(&v, 0, 1110000000, 0, NULL, 4 * S, 200),
			    "kanbao --verify: 37% of 1,848 MB, 0:04 elapsed");
	assert_string_equal(text(&v, 0, 3000000000ull, 0, NULL, 8 * S, 200),
			    "kanbao --verify: 100% of 1,848 MB, 0:08 elapsed");
	struct progress_spec tiny = { "v", 0, 100, NULL, 5000000, NULL };
	assert_string_equal(text(&tiny, 0, 50, 0, NULL, 0, 200),
			    "v: 50% of 5.0 MB, 0:00 elapsed");
}

static void test_text_narrow(void **state)
{
	(void)state;
	/* the articles give way first, then the rate, the files, the time,
	 * the size; the label is cut last; never the last column */
	const char *full = text(&build, 12, 45000000, 10234, NULL, 3 * S, 79);
	assert_string_equal(full, "kanbao-build: 12/365 files, 45/1,024 MB, "
				  "10,234 articles, 15.0 MB/s, 1:05 left");
	assert_string_equal(text(&build, 12, 45000000, 10234, NULL, 3 * S, 78),
			    "kanbao-build: 12/365 files, 45/1,024 MB, 15.0 "
			    "MB/s, 1:05 left");
	assert_string_equal(text(&build, 12, 45000000, 10234, NULL, 3 * S, 60),
			    "kanbao-build: 12/365 files, 45/1,024 MB, 1:05 "
			    "left");
	assert_string_equal(text(&build, 12, 45000000, 10234, NULL, 3 * S, 40),
			    "kanbao-build: 45/1,024 MB, 1:05 left");
	assert_string_equal(text(&build, 12, 45000000, 10234, NULL, 3 * S, 30),
			    "kanbao-build: 45/1,024 MB");
	assert_string_equal(text(&build, 12, 45000000, 10234, NULL, 3 * S, 20),
			    "kanbao-build");
	assert_string_equal(text(&build, 12, 45000000, 10234, NULL, 3 * S, 8),
			    "kanbao-");
	assert_string_equal(text(&build, 12, 45000000, 10234, NULL, 3 * S, 1),
			    "");
	assert_string_equal(text(&build, 12, 45000000, 10234, NULL, 3 * S, 0),
			    "");
	/* never more than PROGRESS_LINE_MAX, however wide the terminal: the
	 * fields give way to it as to a narrow terminal */
	struct progress_spec lots = { "kanbao-build, with a label of some "
				      "fifty letters", 365, 1024000000,
				      "articles and then some more words to "
				      "make this field long enough", 0, NULL };
	const char *l = text(&lots, 1, 1000000, 1, "a note that is long, "
			     "too long to leave room for", S, 1000);
	assert_true(strlen(l) <= PROGRESS_LINE_MAX);
	assert_non_null(strstr(l, "0:01 elapsed"));
}

static void test_text_ascii(void **state)
{
	(void)state;
	/* what a progress is given cannot reach the terminal raw */
	struct progress_spec s = { "k\033[2Jb", 0, 0, "文章", 0, NULL };
	assert_string_equal(text(&s, 0, 0, 3, "w\x01\n", 0, 200),
			    "k?[2Jb: 0.0 MB, 3 ??????, w??, 0:00 elapsed");
}

/* ---- drawing, timed by the test's clock -----------------------------------*/

static uint64_t fake_ns;
static uint64_t fake_clock(void)
{
	return fake_ns;
}

static FILE *out;
static long seen; /* bytes of `out` already looked at */

/* What was written to `out` since the last call. */
static const char *written(void)
{
	static char buf[1 << 16];
	fflush(out);
	long end = ftell(out);
	assert_true(end - seen < (long)sizeof buf);
	size_t n = (size_t)(end - seen);
	assert_int_equal(pread(fileno(out), buf, n, seen), (ssize_t)n);
	buf[n] = '\0';
	seen = end;
	return buf;
}

static int setup(void **state)
{
	(void)state;
	out = tmpfile();
	seen = 0;
	fake_ns = 5 * S; /* not 0: the clock need not start there */
	return out ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	fclose(out);
	return 0;
}

/* `p` ticked at `ms` milliseconds after the start. */
static void tick_at(struct progress *p, uint64_t ms)
{
	fake_ns = 5 * S + ms * MS;
	progress_tick(p);
}

static void test_rate_limit(void **state)
{
	(void)state;
	struct progress_spec s = { "kanbao-build", 2, 2000000, "articles", 0,
				   fake_clock };
	struct progress *p = progress_new(fileno(out), &s);
	assert_non_null(p);
	assert_string_equal(written(), "");
	/* drawn at the first tick */
	tick_at(p, 0);
	assert_string_equal(written(), "\rkanbao-build: 0/2 files, 0.0/2.0 MB, "
				       "0 articles, 0:00 elapsed\033[K");
	/* then not again within the interval, whatever changed */
	progress_add(p, 1, 1000000, 5);
	tick_at(p, 100);
	tick_at(p, PROGRESS_INTERVAL_MS - 1);
	assert_string_equal(written(), "");
	tick_at(p, PROGRESS_INTERVAL_MS);
	assert_string_equal(written(), "\rkanbao-build: 1/2 files, 1.0/2.0 MB, "
				       "5 articles, 0:00 elapsed\033[K");
	/* due, but the same text: nothing */
	tick_at(p, 2 * PROGRESS_INTERVAL_MS);
	assert_string_equal(written(), "");

	/* ticks every millisecond for 3 s, the count changing each time:
	 * drawn once an interval */
	int draws = 0;
	for (uint64_t ms = 1000; ms < 4000; ms++) {
		progress_add(p, 0, 1, 1);
		tick_at(p, ms);
		for (const char *w = written(); *w; w++)
			draws += *w == '\r';
	}
	assert_int_equal(draws, 3000 / PROGRESS_INTERVAL_MS);
	progress_end(p);
	assert_string_equal(written(), "\r\033[K");
}

/* The rate, and the time left, follow the work of the last seconds: a
 * fast step, then a slow one, reads at the slow one's pace. */
static void test_rate_window(void **state)
{
	(void)state;
	struct progress_spec s = { "w", 0, 1000000000, NULL, 0, fake_clock };
	struct progress *p = progress_new(fileno(out), &s);
	assert_non_null(p);
	tick_at(p, 0);
	/* 40 MB/s for 4 s, then 4 MB/s for 4 s */
	for (uint64_t ms = 250; ms <= 8000; ms += 250) {
		progress_add(p, 0, ms <= 4000 ? 10000000 : 1000000, 0);
		tick_at(p, ms);
	}
	/* 176 MB done, 824 MB left at 4 MB/s (22 MB/s since the start) */
	const char *w = written();
	const char *last = strrchr(w, '\r');
	assert_non_null(last);
	assert_string_equal(last, "\rw: 176/1,000 MB, 4.0 MB/s, 3:26 "
				  "left\033[K");
	progress_end(p);
}

static void test_pause(void **state)
{
	(void)state;
	struct progress_spec s = { "b", 0, 0, NULL, 0, fake_clock };
	struct progress *p = progress_new(fileno(out), &s);
	assert_non_null(p);
	tick_at(p, 0);
	assert_string_equal(written(), "\rb: 0.0 MB, 0:00 elapsed\033[K");
	/* a warning: the line cleared first, and not drawn over it */
	progress_pause(p);
	assert_string_equal(written(), "\r\033[K");
	fputs("b: warning: odd\n", out);
	assert_string_equal(written(), "b: warning: odd\n");
	tick_at(p, 1000);
	assert_string_equal(written(), "");
	/* after it, drawn again at once when the interval has passed */
	progress_resume(p);
	assert_string_equal(written(), "\rb: 0.0 MB, 0:01 elapsed\033[K");
	/* else at the next tick due */
	progress_pause(p);
	progress_resume(p);
	assert_string_equal(written(), "\r\033[K");
	tick_at(p, 1000 + PROGRESS_INTERVAL_MS - 1);
	assert_string_equal(written(), "");
	tick_at(p, 1000 + PROGRESS_INTERVAL_MS);
	assert_string_equal(written(), "\rb: 0.0 MB, 0:01 elapsed\033[K");
	/* pauses nest */
	progress_pause(p);
	progress_pause(p);
	progress_resume(p);
	tick_at(p, 3000);
	assert_string_equal(written(), "\r\033[K");
	progress_resume(p);
	assert_string_equal(written(), "\rb: 0.0 MB, 0:03 elapsed\033[K");
	/* a note, then the end: cleared */
	progress_note(p, "writing");
	tick_at(p, 4000);
	assert_string_equal(written(), "\rb: 0.0 MB, writing, 0:04 "
				       "elapsed\033[K");
	progress_end(p);
	assert_string_equal(written(), "\r\033[K");
	/* not drawn: nothing to clear */
	p = progress_new(fileno(out), &s);
	progress_end(p);
	assert_string_equal(written(), "");
}

static void test_abandon(void **state)
{
	(void)state;
	struct progress_spec s = { "b", 0, 0, NULL, 0, fake_clock };
	/* none: nothing */
	progress_abandon();
	struct progress *p = progress_new(fileno(out), &s);
	assert_non_null(p);
	/* one line per process */
	assert_null(progress_new(fileno(out), &s));
	progress_abandon(); /* not drawn yet: nothing to clear */
	assert_string_equal(written(), "");
	progress_end(p);

	p = progress_new(fileno(out), &s);
	tick_at(p, 0);
	assert_string_equal(written(), "\rb: 0.0 MB, 0:00 elapsed\033[K");
	/* as a signal handler would: cleared, and never drawn again */
	progress_abandon();
	assert_string_equal(written(), "\r\033[K");
	progress_abandon();
	tick_at(p, 1000);
	progress_pause(p);
	progress_resume(p);
	progress_end(p);
	assert_string_equal(written(), "");
	/* and the next one draws */
	fake_ns = 5 * S;
	p = progress_new(fileno(out), &s);
	tick_at(p, 0);
	assert_string_equal(written(), "\rb: 0.0 MB, 0:00 elapsed\033[K");
	progress_end(p);
	assert_string_equal(written(), "\r\033[K");
}

static void test_none(void **state)
{
	(void)state;
	/* NULL is a progress that shows nothing */
	progress_add(NULL, 1, 2, 3);
	progress_note(NULL, "x");
	progress_tick(NULL);
	progress_pause(NULL);
	progress_resume(NULL);
	progress_end(NULL);
	/* a file is no terminal */
	assert_false(progress_wanted(fileno(out)));
	/* the thread needs the system's clock */
	struct progress_spec s = { "b", 0, 0, NULL, 0, fake_clock };
	assert_null(progress_start(fileno(out), &s));
	assert_null(progress_new(-1, &s));
}

/* ---- many threads counting while the line's own thread draws -------------*/

enum { WORKERS = 4, ADDS = 200 };

static void *worker(void *arg)
{
	struct progress *p = arg;
	for (int i = 0; i < ADDS; i++) {
		progress_add(p, 1, 1000, 2);
		/* 200 adds over 0.6 s: the ticks see them come */
		nanosleep(&(struct timespec){ 0, 3000000 }, NULL);
	}
	return NULL;
}

static void test_threads(void **state)
{
	(void)state;
	struct progress_spec s = { "t", WORKERS * ADDS, WORKERS * ADDS * 1000,
				   "items", 0, NULL };
	struct progress *p = progress_start(fileno(out), &s);
	assert_non_null(p);
	pthread_t t[WORKERS];
	for (int i = 0; i < WORKERS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, worker, p), 0);
	/* warnings from this thread meanwhile */
	for (int i = 0; i < 20; i++) {
		progress_pause(p);
		fprintf(out, "t: warning %d\n", i);
		fflush(out);
		progress_resume(p);
		nanosleep(&(struct timespec){ 0, 20000000 }, NULL);
	}
	for (int i = 0; i < WORKERS; i++)
		pthread_join(t[i], NULL);
	struct progress_counts c;
	progress_counts(p, &c);
	assert_int_equal(c.files, WORKERS * ADDS);
	assert_int_equal(c.bytes, WORKERS * ADDS * 1000);
	assert_int_equal(c.items, WORKERS * ADDS * 2);
	progress_end(p);
	/* drawn at once and every interval or so (more than once in 0.6 s),
	 * each warning on a line of its own, and cleared at the end */
	const char *w = written();
	int draws = 0;
	for (const char *q = w; (q = strstr(q, "\rt: ")); q++)
		draws++;
	assert_true(draws >= 2);
	for (int i = 0; i < 20; i++) {
		char line[32];
		snprintf(line, sizeof line, "\r\033[Kt: warning %d\n", i);
		const char *at = strstr(w, line + 4);
		assert_non_null(at);
		/* the line before it cleared, unless it was not drawn */
		assert_true(at == w || at[-1] == '\n' || at[-1] == 'K');
	}
	size_t n = strlen(w);
	assert_true(n >= 4);
	assert_string_equal(w + n - 4, "\r\033[K");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_text_no_total),
		cmocka_unit_test(test_text_share),
		cmocka_unit_test(test_text_narrow),
		cmocka_unit_test(test_text_ascii),
		cmocka_unit_test_setup_teardown(test_rate_limit, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_rate_window, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_pause, setup, teardown),
		cmocka_unit_test_setup_teardown(test_abandon, setup, teardown),
		cmocka_unit_test_setup_teardown(test_none, setup, teardown),
		cmocka_unit_test_setup_teardown(test_threads, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
