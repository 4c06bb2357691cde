/* kanbao-bench: the reader's own figures on one corpus, measured inside
 * the process through the code the reader runs (corpus, model, view,
 * search).  Not a test: it prints what it measured, one figure a line,
 *
 *	NAME<TAB>VALUE<TAB>UNIT
 *
 * for tests/bench/scale.sh to put in its table.  Times are medians of
 * --runs runs (default 7) on a warm page cache.
 *
 * usage: kanbao-bench [--runs N] [--open-only] CORPUS
 * CORPUS is a corpus file, or a directory of them read as one (as kanbao
 * opens it); --open-only: the first figure alone. */
#define _GNU_SOURCE 1
#include <getopt.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kanbao/format/corpus.h"
#include "kanbao/format/corpus_set.h"
#include "kanbao/base/err.h"
#include "kanbao/ui/keys.h"
#include "kanbao/reader/model.h"
#include "kanbao/ui/screen.h"
#include "kanbao/search/search.h"
#include "kanbao/base/utf8.h"
#include "kanbao/reader/view.h"

enum { W = 80, H = 24, MAX_RUNS = 1000 };

/* The query classes README's targets ("At scale") name, in text the
 * generator writes (tests/bench/gen.c mixes the bundled articles'
 * sentences). */
static const struct {
	const char *name, *q;
} queries[] = {
	{ "1 Han", "的" },
	{ "2 Han", "发展" },
	{ "3 Han", "新时代" },
	{ "4 Han", "协同发展" },
	{ "digits", "2020" },
	{ "no hit", "鲲鹏鳄鱼" },
};
enum { NQUERIES = sizeof queries / sizeof queries[0] };

static double now_ms(clockid_t clock)
{
	struct timespec t;
	clock_gettime(clock, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void say(const char *name, double value, const char *unit)
{
	printf("%s\t%.3f\t%s\n", name, value, unit);
}

/* Resident and peak resident memory (kB), and the malloc heap in use. */
static void memory(const char *when)
{
	char line[256], name[160];
	FILE *f = fopen("/proc/self/status", "r");
	while (f && fgets(line, sizeof line, f)) {
		long kb;
		if (sscanf(line, "VmRSS: %ld", &kb) == 1) {
			snprintf(name, sizeof name, "rss %s", when);
			say(name, (double)kb / 1024, "MB");
		} else if (sscanf(line, "VmHWM: %ld", &kb) == 1) {
			snprintf(name, sizeof name, "peak rss %s", when);
			say(name, (double)kb / 1024, "MB");
		}
	}
	if (f)
		fclose(f);
	struct mallinfo2 mi = mallinfo2();
	snprintf(name, sizeof name, "heap %s", when);
	say(name, (double)(mi.uordblks + mi.hblkhd) / (1024 * 1024), "MB");
}

static void die(const struct err *e)
{
	fprintf(stderr, "kanbao-bench: %s\n", e->msg);
	exit(2);
}

static void key(struct model *m, uint32_t code)
{
	model_key(m, (struct key){ code, 0, 0 });
}

/* CPU per keystroke and frame: `count` presses of `code`, each followed
 * by a render, from the state `m` is in. */
static void keystrokes(struct model *m, struct screen *s, const char *name,
		       uint32_t code, int count, int runs)
{
	double t[MAX_RUNS];
	for (int r = 0; r < runs; r++) {
		double t0 = now_ms(CLOCK_PROCESS_CPUTIME_ID);
		for (int i = 0; i < count; i++) {
			key(m, code);
			view_render(m, s);
		}
		t[r] = (now_ms(CLOCK_PROCESS_CPUTIME_ID) - t0) / count;
		key(m, 'g');
		view_render(m, s);
	}
	say(name, median(t, runs), "ms cpu");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "runs", required_argument, NULL, 'r' },
		{ "open-only", no_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int runs = 7, c, open_only = 0;
	while ((c = getopt_long(argc, argv, "r:h", longopts, NULL)) != -1) {
		if (c == 'r' && (runs = atoi(optarg)) >= 1 && runs <= MAX_RUNS)
			continue;
		if (c == 'o') {
			open_only = 1;
			continue;
		}
		fputs("usage: kanbao-bench [--runs N (1-1000)] [--open-only] "
		      "CORPUS\n", c == 'h' ? stdout : stderr);
		return c == 'h' ? 0 : 2;
	}
	if (optind != argc - 1) {
		fputs("usage: kanbao-bench [--runs N] [--open-only] CORPUS\n",
		      stderr);
		return 2;
	}
	const char *path = argv[optind];
	struct err e = { 0 };
	struct corpus *corpus;
	struct model m;
	struct screen s = { 0 };
	double t[MAX_RUNS];
	if (screen_resize(&s, W, H) < 0)
		return 2;

	/* Open to the first full frame (the list), as the reader does. */
	for (int r = 0; r < runs; r++) {
		double t0 = now_ms(CLOCK_MONOTONIC);
		if (corpus_open_set(&path, 1, &corpus, &e) != ERR_OK)
			die(&e);
		model_init(&m, corpus, W, H, 1);
		view_render(&m, &s);
		t[r] = now_ms(CLOCK_MONOTONIC) - t0;
		if (r < runs - 1) {
			model_free(&m);
			corpus_close(corpus);
		}
	}
	say("open to first frame", median(t, runs), "ms");
	if (open_only) {
		model_free(&m);
		corpus_close(corpus);
		screen_free(&s);
		return 0;
	}
	say("articles", (double)corpus_article_count(corpus), "");
	say("text", (double)corpus_text_size(corpus) / (1024 * 1024), "MB");
	say("index", (double)corpus_index_size(corpus) / (1024 * 1024), "MB");
	memory("after open");

	/* Each query through search_run, the call the bar makes. */
	for (int q = 0; q < NQUERIES; q++) {
		struct search_result res = { 0 };
		for (int r = 0; r < runs; r++) {
			search_result_free(&res);
			memset(&res, 0, sizeof res);
			double t0 = now_ms(CLOCK_MONOTONIC);
			if (search_run(corpus, queries[q].q,
				       strlen(queries[q].q), &res,
				       &e) != ERR_OK)
				die(&e);
			t[r] = now_ms(CLOCK_MONOTONIC) - t0;
		}
		char name[96];
		snprintf(name, sizeof name, "search %s (%s)", queries[q].name,
			 queries[q].q);
		say(name, median(t, runs), "ms");
		snprintf(name, sizeof name, "hits %s", queries[q].name);
		say(name, (double)res.n, "");
		search_result_free(&res);
	}

	/* Typing each query in the bar, the worst keystroke of each: what the
	 * reader's thread does (the key, a frame saying "searching…"), the
	 * look at the text near for the first hits (and their frame), and
	 * the query to all its hits on screen (the search, done here as the
	 * search thread would, the hits taken, a frame). */
	for (int q = 0; q < NQUERIES; q++) {
		double worst_key = 0, worst_near = 0, worst_hits = 0;
		key(&m, '/');
		view_render(&m, &s);
		const char *p = queries[q].q, *end = p + strlen(p);
		while (p < end) {
			uint32_t cp;
			p += utf8_next(p, (size_t)(end - p), &cp);
			double t0 = now_ms(CLOCK_MONOTONIC);
			key(&m, cp);
			view_render(&m, &s);
			double t1 = now_ms(CLOCK_MONOTONIC);
			model_search_preview(&m);
			view_render(&m, &s);
			double t2 = now_ms(CLOCK_MONOTONIC);
			model_search_now(&m);
			view_render(&m, &s);
			double t3 = now_ms(CLOCK_MONOTONIC);
			if (t1 - t0 > worst_key)
				worst_key = t1 - t0;
			if (t2 - t1 > worst_near)
				worst_near = t2 - t1;
			if (t3 - t2 > worst_hits)
				worst_hits = t3 - t2;
		}
		key(&m, 0x1B); /* Esc */
		view_render(&m, &s);
		char name[96];
		snprintf(name, sizeof name, "bar keystroke %s", queries[q].name);
		say(name, worst_key, "ms worst");
		snprintf(name, sizeof name, "bar near hits %s", queries[q].name);
		say(name, worst_near, "ms worst");
		snprintf(name, sizeof name, "bar hits %s", queries[q].name);
		say(name, worst_hits, "ms worst");
	}

	/* A hundred searches more, then the memory again. */
	for (int i = 0; i < 100; i++) {
		struct search_result res = { 0 };
		const char *q = queries[i % NQUERIES].q;
		if (search_run(corpus, q, strlen(q), &res, &e) != ERR_OK)
			die(&e);
		search_result_free(&res);
	}
	memory("after 100 searches");

	/* Reading: the list, then the first article. */
	keystrokes(&m, &s, "key j in the list", 'j', 200, runs);
	key(&m, 'g');
	key(&m, KB_ENTER);
	view_render(&m, &s);
	keystrokes(&m, &s, "key j in an article", 'j', 200, runs);
	keystrokes(&m, &s, "key Space in an article", ' ', 50, runs);
	keystrokes(&m, &s, "key ] (next article)", ']', 50, runs);

	model_free(&m);
	corpus_close(corpus);
	screen_free(&s);
	return 0;
}
