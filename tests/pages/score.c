/* kanbao-score: how well kanbao-build cut composed pages into articles.
 *
 * For each page DIR/LAYOUT/NAME it reads NAME.expect (what the page should
 * give: TITLE<TAB>FIRST<TAB>LAST<TAB>DATE[<TAB>OPTIONS] per article), the
 * raw page NAME.txt, the built corpus NAME.kb (through corpus.h; missing
 * when the build failed) and the builder's warnings NAME.err, and counts,
 * per layout (the definitions are in tests/pages/README.md):
 *
 *   expected and built articles; whole and alone; headlines as titles;
 *   dates right, wrong and missing; spurious articles; Han characters of
 *   the page lost (in no article and no furniture warning) and doubled
 *   (more in the articles than on the page).
 *
 * It prints one table, a row per layout and a total; with -v, every
 * article that failed and what was built instead; with -t FILE, checks the
 * figures against the thresholds there and exits 1 when any is worse. */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kanbao/base/buf.h"
#include "kanbao/build/labelled.h"
#include "kanbao/format/corpus.h"
#include "kanbao/base/err.h"
#include "kanbao/base/utf8.h"
#include "common.h"

static const char usage[] =
	"usage: kanbao-score [-v] [-t THRESHOLDS] [--print-thresholds] DIR\n"
	"Score built pages: DIR/LAYOUT/NAME.txt (raw), NAME.expect, NAME.kb\n"
	"(built) and NAME.err (the builder's warnings).\n"
	"\n"
	"  -v, --verbose           every failing article, what was built\n"
	"  -t, --thresholds FILE   fail (status 1) below these figures\n"
	"  -p, --print-thresholds  print today's figures as a thresholds "
	"file\n"
	"  -h, --help              show this help\n";

/* ---- small helpers ------------------------------------------------------*/

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q) {
		fputs("kanbao-score: out of memory\n", stderr);
		exit(2);
	}
	return q;
}

static char *xstrdup(const char *s)
{
	size_t n = strlen(s);
	char *p = xrealloc(NULL, n + 1);
	memcpy(p, s, n + 1);
	return p;
}

/* base + ext, malloc'd. */
static char *path_of(const char *base, const char *ext)
{
	size_t a = strlen(base), b = strlen(ext);
	char *p = xrealloc(NULL, a + b + 1);
	memcpy(p, base, a);
	memcpy(p + a, ext, b + 1);
	return p;
}

/* Raw page bytes as UTF-8: as they are when valid, else read as
 * `charset` (a Big5 page's NAME.charset) or GB18030 (the GBK pages). */
static char *as_utf8(char *raw, size_t n, const char *charset,
		     size_t *outn)
{
	if (utf8_valid(raw, n)) {
		*outn = n;
		return raw;
	}
	iconv_t cd = iconv_open("UTF-8", charset ? charset : "GB18030");
	size_t cap = n * 2 + 16, left = n, oleft = cap;
	char *out = xrealloc(NULL, cap + 1), *in = raw, *op = out;
	if (cd == (iconv_t)-1 ||
	    iconv(cd, &in, &left, &op, &oleft) == (size_t)-1) {
		/* keep what decoded */
	}
	if (cd != (iconv_t)-1)
		iconv_close(cd);
	*op = '\0';
	*outn = (size_t)(op - out);
	free(raw);
	return out;
}

/* Text as the scorer compares it: no whitespace; Big5 small forms as the
 * full-width marks they stand for; full-width ASCII as ASCII. */
static void fold_into(struct buf *b, const char *s, size_t n)
{
	static const uint32_t small[] = { 0xFE50, 0xFE51, 0xFE52, 0xFE54,
					  0xFE55, 0xFE56, 0xFE57, 0xFE30, 0 };
	static const uint32_t full[] = { 0xFF0C, 0x3001, 0x3002, 0xFF1B,
					 0xFF1A, 0xFF1F, 0xFF01, 0xFF1A, 0 };
	for (size_t i = 0; i < n;) {
		uint32_t uc;
		i += utf8_next(s + i, n - i, &uc);
		if (utf8_is_space(uc) || uc == '\n' || uc == '\r' ||
		    uc == '\f' || uc == '\v')
			continue;
		for (size_t k = 0; small[k]; k++)
			if (uc == small[k])
				uc = full[k];
		if (uc >= 0xFF01 && uc <= 0xFF5E)
			uc -= 0xFEE0;
		buf_putuc(b, uc);
	}
}

static char *fold(const char *s, size_t n)
{
	struct buf b = { 0 };
	fold_into(&b, s, n);
	if (b.failed) {
		fputs("kanbao-score: out of memory\n", stderr);
		exit(2);
	}
	return b.p ? buf_take(&b) : xstrdup("");
}

/* At most `chars` characters of s (never half of one) into out (room for
 * 4 * chars + 4 bytes), with "…" when cut. */
static char *clip(const char *s, size_t chars, char *out)
{
	size_t n = strlen(s), i = 0, k = 0;
	while (i < n && k < chars) {
		uint32_t uc;
		i += utf8_next(s + i, n - i, &uc);
		k++;
	}
	memcpy(out, s, i);
	strcpy(out + i, i < n ? "…" : "");
	return out;
}

static size_t count_chars(const char *s)
{
	size_t k = 0;
	for (; *s; s++)
		k += ((unsigned char)*s & 0xC0) != 0x80;
	return k;
}

/* ---- a page's expectations and what was built ---------------------------*/

struct expected {
	char *title, *first, *last; /* folded; title "" when none */
	char *title_shown; /* as the .expect writes it */
	uint32_t date; /* YYYYMMDD or 0 */
};

struct built {
	char *title; /* as built */
	char *key; /* folded title and body: what snippets are found in */
	uint32_t date; /* YYYYMMDD or 0 */
	uint32_t flags; /* enum article_flag */
	size_t chars; /* characters of its body */
};

struct page {
	char name[512]; /* LAYOUT/NAME */
	struct expected *e; /* `ne` of them */
	size_t ne;
	struct built *a; /* `na` of them */
	size_t na;
	int build_failed; /* no corpus: the build refused the page */
	char *build_error; /* the first line of its warnings then */
	long lost, doubled; /* Han characters */
	char lost_sample[256]; /* some of the lost characters */
	char doubled_sample[256]; /* some of the doubled characters */
};

static void page_free(struct page *p)
{
	for (size_t i = 0; i < p->ne; i++) {
		free(p->e[i].title);
		free(p->e[i].first);
		free(p->e[i].last);
		free(p->e[i].title_shown);
	}
	for (size_t i = 0; i < p->na; i++) {
		free(p->a[i].title);
		free(p->a[i].key);
	}
	free(p->e);
	free(p->a);
	free(p->build_error);
}

static uint32_t parse_ymd(const char *s)
{
	int y, m, d;
	if (sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return 0;
	return (uint32_t)(y * 10000 + m * 100 + d);
}

/* Read PATH.expect into p->e.  0, or -1 with a message. */
static int read_expect(const char *path, struct page *p)
{
	size_t n;
	char *text = read_whole_file(path, &n);
	if (!text) {
		fprintf(stderr, "kanbao-score: %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	size_t line = 0;
	for (char *s = text, *nl; *s; s = nl + 1) {
		nl = strchr(s, '\n');
		if (!nl)
			nl = s + strlen(s);
		line++;
		int more = *nl != '\0';
		*nl = '\0';
		int blank = !*s;
		char *f[5] = { 0 };
		size_t nf = 0;
		for (char *t = s; nf < 5; nf++) {
			f[nf] = t;
			char *tab = strchr(t, '\t');
			if (!tab) {
				nf++;
				break;
			}
			*tab = '\0';
			t = tab + 1;
		}
		if (!blank && nf < 4) {
			fprintf(stderr, "kanbao-score: %s:%zu: want TITLE, "
				"FIRST, LAST, DATE\n", path, line);
			free(text);
			return -1;
		}
		if (!blank) {
			p->e = xrealloc(p->e, (p->ne + 1) * sizeof *p->e);
			struct expected *e = &p->e[p->ne++];
			e->title = fold(f[0], strlen(f[0]));
			e->title_shown = xstrdup(f[0]);
			e->first = fold(f[1], strlen(f[1]));
			e->last = fold(f[2], strlen(f[2]));
			e->date = parse_ymd(f[3]);
		}
		if (!more)
			break;
	}
	free(text);
	return 0;
}

/* Han characters counted by code point (年月日 left out: the meta line
 * writes dates in digits; and the label 来源： of a source line, whose
 * source the meta line names). */
enum { HAN_MAX = 0x40000 };

static void count_han(int32_t *c, const char *s, size_t n, int32_t times)
{
	static const char label[] = "来源：", half[] = "来源:";
	for (size_t i = 0; i < n;) {
		uint32_t uc;
		if ((n - i >= sizeof label - 1 &&
		     !memcmp(s + i, label, sizeof label - 1)) ||
		    (n - i >= sizeof half - 1 &&
		     !memcmp(s + i, half, sizeof half - 1))) {
			i += 6; /* 来源 */
			continue;
		}
		i += utf8_next(s + i, n - i, &uc);
		if (utf8_is_han(uc) && uc < HAN_MAX && uc != 0x5E74 &&
		    uc != 0x6708 && uc != 0x65E5)
			c[uc] += times;
	}
}

/* What the furniture warnings name: "…: page furniture left out: TEXT" and
 * "…: page furniture left out N times: TEXT". */
static void count_warnings(int32_t *c, const char *err)
{
	static const char key[] = "page furniture left out";
	for (const char *s = err; (s = strstr(s, key)); s += sizeof key) {
		const char *t = s + sizeof key - 1, *end = strchr(t, '\n');
		long times = 1;
		if (*t == ' ') {
			char *after;
			times = strtol(t + 1, &after, 10);
			if (times < 1 || strncmp(after, " times", 6))
				continue;
			t = after + 6;
		}
		if (strncmp(t, ": ", 2))
			continue;
		t += 2;
		if (!end)
			end = t + strlen(t);
		count_han(c, t, (size_t)(end - t), (int32_t)times);
	}
}

/* Some characters of a count difference, for -v. */
static void sample(char *out, size_t cap, uint32_t uc, long k)
{
	size_t len = strlen(out);
	if (len + 16 >= cap)
		return;
	char u[4];
	size_t n = utf8_put(uc, u);
	memcpy(out + len, u, n);
	len += n;
	if (k > 1)
		len += (size_t)snprintf(out + len, cap - len, "×%ld", k);
	out[len] = '\0';
}

/* Read the built corpus (if any), the raw page and the warnings. */
static int read_page(const char *base, struct page *p, int32_t *raw,
		     int32_t *kept, int32_t *shown)
{
	struct err e = { 0 };
	struct corpus *c = NULL;
	size_t n;
	char *path = path_of(base, ".err");
	char *err = read_whole_file(path, &n);
	if (!err)
		err = xstrdup("");
	free(path);
	path = path_of(base, ".kb");
	int opened = corpus_open(path, &c, &e) == ERR_OK;
	free(path);
	if (!opened) {
		p->build_failed = 1;
		char *nl = strchr(err, '\n');
		p->build_error = nl ? strndup(err, (size_t)(nl - err)) :
				      xstrdup(err);
		c = NULL;
	}
	memset(raw, 0, HAN_MAX * sizeof *raw);
	memset(kept, 0, HAN_MAX * sizeof *kept);
	memset(shown, 0, HAN_MAX * sizeof *shown);
	path = path_of(base, ".txt");
	char *text = read_whole_file(path, &n);
	if (!text) {
		fprintf(stderr, "kanbao-score: %s: %s\n", path,
			strerror(errno));
		free(path);
		free(err);
		if (c)
			corpus_close(c);
		return -1;
	}
	free(path);
	path = path_of(base, ".charset");
	size_t csn;
	char *charset = read_whole_file(path, &csn);
	free(path);
	text = as_utf8(text, n, charset, &n);
	free(charset);
	if (labelled_is(text, n)) {
		/* a dump's labels (【标题】, 正文：) are its structure, not
		 * text a builder keeps */
		for (size_t i = 0; i < n;) {
			const char *nl = memchr(text + i, '\n', n - i);
			size_t len = nl ? (size_t)(nl - text) - i : n - i;
			size_t v = labelled_label(text + i, len);
			count_han(raw, text + i + v, len - v, 1);
			i += len + 1;
		}
	} else {
		count_han(raw, text, n, 1);
	}
	free(text);
	count_warnings(kept, err);
	free(err);
	size_t na = c ? corpus_article_count(c) : 0;
	p->a = xrealloc(NULL, (na + 1) * sizeof *p->a);
	for (size_t i = 0; i < na; i++) {
		struct corpus_article a;
		struct built *b = &p->a[p->na];
		if (corpus_article(c, i, &a, &e) != ERR_OK) {
			fprintf(stderr, "kanbao-score: %s\n", e.msg);
			break;
		}
		struct buf key = { 0 };
		b->title = strndup(a.title.s ? a.title.s : "", a.title.len);
		b->date = a.date;
		b->flags = a.flags;
		b->chars = 0;
		for (uint32_t j = 0; j < a.nblocks; j++) {
			struct corpus_block blk;
			if (corpus_block(c, a.first_block + j, &blk, &e) !=
			    ERR_OK) {
				fprintf(stderr, "kanbao-score: %s\n", e.msg);
				break;
			}
			const char *s = blk.text.s;
			size_t len = blk.text.len;
			count_han(kept, s, len, 1);
			if (blk.kind == BLOCK_META)
				continue;
			if (blk.kind != BLOCK_TITLE ||
			    !(a.flags & ARTICLE_TITLE_DERIVED))
				count_han(shown, s, len, 1);
			if (blk.kind == BLOCK_SUBTITLE)
				continue;
			fold_into(&key, s, len);
			if (blk.kind == BLOCK_PARA || blk.kind == BLOCK_HEAD)
				b->chars += len;
		}
		b->key = key.p ? buf_take(&key) : xstrdup("");
		p->na++;
	}
	if (c)
		corpus_close(c);
	p->lost_sample[0] = p->doubled_sample[0] = '\0';
	for (uint32_t uc = 0; uc < HAN_MAX; uc++) {
		if (raw[uc] > kept[uc]) {
			p->lost += raw[uc] - kept[uc];
			sample(p->lost_sample, sizeof p->lost_sample, uc,
			       raw[uc] - kept[uc]);
		}
		if (shown[uc] > raw[uc]) {
			p->doubled += shown[uc] - raw[uc];
			sample(p->doubled_sample, sizeof p->doubled_sample,
			       uc, shown[uc] - raw[uc]);
		}
	}
	return 0;
}

/* ---- scoring ------------------------------------------------------------*/

struct tally {
	long pages, expected, built, whole, titled, titles, dated, right,
		wrong, missing, spurious, lost, doubled;
};

/* The first built article holding `s`, or -1. */
static long holder(const struct page *p, const char *s)
{
	for (size_t i = 0; i < p->na; i++)
		if (strstr(p->a[i].key, s))
			return (long)i;
	return -1;
}

/* Does built article `a` hold a marker of an expected article other than
 * `k`?  Writes which to `why` (room for 160 bytes). */
static int holds_other(const struct page *p, size_t a, size_t k, char *why)
{
	const char *key = p->a[a].key;
	for (size_t j = 0; j < p->ne; j++) {
		const struct expected *o = &p->e[j];
		if (j == k)
			continue;
		const char *what = strstr(key, o->first) ? "FIRST" :
				   strstr(key, o->last)	 ? "LAST" :
				   count_chars(o->title) >= 4 &&
						   strstr(key, o->title) ?
							 "TITLE" :
							 NULL;
		if (what) {
			char c[128];
			snprintf(why, 160, "%s of “%s”", what,
				 clip(o->title_shown[0] ? o->title_shown :
							  o->first,
				      24, c));
			return 1;
		}
	}
	return 0;
}

static void put_ymd(char *out, uint32_t d)
{
	if (d)
		sprintf(out, "%04u-%02u-%02u", d / 10000, d / 100 % 100,
			d % 100);
	else
		strcpy(out, "none");
}

/* A short view of built article `a` for -v. */
static void show_built(const struct page *p, long a)
{
	if (a < 0) {
		printf("nowhere");
		return;
	}
	char d[16], c[160];
	put_ymd(d, p->a[a].date);
	printf("#%ld “%s”%s %s", a + 1, clip(p->a[a].title, 36, c),
	       p->a[a].flags & ARTICLE_TITLE_DERIVED ? " (derived)" : "", d);
}

static void score_page(const struct page *p, struct tally *t, int verbose)
{
	t->pages++;
	t->expected += (long)p->ne;
	t->built += (long)p->na;
	t->lost += p->lost;
	t->doubled += p->doubled;
	int header = 0;
#define HEADER()                                                              \
	do {                                                                  \
		if (verbose && !header++)                                     \
			printf("\n== %s: %zu expected, %zu built\n", p->name, \
			       p->ne, p->na);                                 \
	} while (0)
	if (verbose && p->build_failed) {
		HEADER();
		printf("  the build failed: %s\n", p->build_error);
	}
	for (size_t k = 0; k < p->ne; k++) {
		const struct expected *e = &p->e[k];
		long af = holder(p, e->first), al = holder(p, e->last);
		int whole = 0;
		char why[160] = "";
		for (size_t a = 0; a < p->na && !whole; a++)
			if (strstr(p->a[a].key, e->first) &&
			    strstr(p->a[a].key, e->last) &&
			    !holds_other(p, a, k, why))
				whole = 1;
		if (!whole && af >= 0 && af == al)
			holds_other(p, (size_t)af, k, why);
		int titled = e->title[0] != '\0', title_ok = 0;
		if (titled && af >= 0) {
			char *bt = fold(p->a[af].title, strlen(p->a[af].title));
			title_ok = !strcmp(bt, e->title);
			free(bt);
		}
		uint32_t got = af >= 0 ? p->a[af].date : 0;
		int right = e->date && got == e->date;
		int wrong = got && got != e->date;
		int missing = e->date && !got;
		t->whole += whole;
		t->titled += titled;
		t->titles += title_ok;
		t->dated += e->date != 0;
		t->right += right;
		t->wrong += wrong;
		t->missing += missing;
		if (!verbose || (whole && (!titled || title_ok) && !wrong &&
				 !missing))
			continue;
		HEADER();
		char want[16], gotd[16];
		put_ymd(want, e->date);
		put_ymd(gotd, got);
		printf("  - “%s” %s\n", e->title_shown[0] ? e->title_shown :
							   "(no headline)",
		       want);
		printf("      FIRST %s in ", e->first);
		show_built(p, af);
		printf("\n      LAST  %s in ", e->last);
		show_built(p, al);
		printf("\n");
		if (!whole && (af < 0 || al < 0))
			printf("      not whole: %s not found\n",
			       af < 0 && al < 0 ? "FIRST and LAST" :
			       af < 0		? "FIRST" :
						  "LAST");
		else if (!whole && af != al)
			printf("      not whole: split\n");
		else if (!whole)
			printf("      not alone: also holds %s\n", why);
		if (titled && !title_ok && af >= 0)
			printf("      title wrong\n");
		if (wrong)
			printf("      date wrong: %s, want %s\n", gotd, want);
		if (missing)
			printf("      date missing\n");
	}
	for (size_t a = 0; a < p->na; a++) {
		int any = 0;
		for (size_t k = 0; k < p->ne && !any; k++)
			any = strstr(p->a[a].key, p->e[k].first) != NULL;
		if (any)
			continue;
		t->spurious++;
		if (verbose) {
			HEADER();
			printf("  + spurious ");
			show_built(p, (long)a);
			printf(", %zu bytes of body\n", p->a[a].chars);
		}
	}
	if (verbose && (p->lost || p->doubled)) {
		HEADER();
		if (p->lost)
			printf("  Han lost %ld: %s\n", p->lost, p->lost_sample);
		if (p->doubled)
			printf("  Han doubled %ld: %s\n", p->doubled,
			       p->doubled_sample);
	}
#undef HEADER
}

/* ---- the table and the thresholds ---------------------------------------*/

static void pct(char *out, long n, long of)
{
	if (of)
		sprintf(out, "%ld (%.0f%%)", n, 100.0 * (double)n / (double)of);
	else
		sprintf(out, "%ld", n);
}

static void row(const char *name, const struct tally *t)
{
	char w[32], ti[32], r[32];
	pct(w, t->whole, t->expected);
	pct(ti, t->titles, t->titled);
	pct(r, t->right, t->dated);
	printf("%-15s %5ld %8ld %6ld  %-11s %-11s %-11s %6ld %7ld %8ld %7ld "
	       "%7ld\n",
	       name, t->pages, t->expected, t->built, w, ti, r, t->wrong,
	       t->missing, t->spurious, t->lost, t->doubled);
}

struct threshold {
	char layout[64];
	long whole, titles, right; /* at least */
	long wrong, spurious, lost, doubled; /* at most */
};

static const char THRESHOLD_HEAD[] =
	"# layout        whole titles right  wrong spurious   lost doubled\n";

static void print_threshold(const char *name, const struct tally *t)
{
	printf("%-15s %5ld %6ld %5ld %6ld %8ld %6ld %7ld\n", name, t->whole,
	       t->titles, t->right, t->wrong, t->spurious, t->lost,
	       t->doubled);
}

static int read_thresholds(const char *path, struct threshold **out,
			   size_t *n)
{
	size_t len;
	char *text = read_whole_file(path, &len);
	if (!text) {
		fprintf(stderr, "kanbao-score: %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	char *save = NULL;
	size_t line = 0;
	for (char *l = strtok_r(text, "\n", &save); l;
	     l = strtok_r(NULL, "\n", &save)) {
		line++;
		while (*l == ' ' || *l == '\t')
			l++;
		if (!*l || *l == '#')
			continue;
		struct threshold t;
		if (sscanf(l, "%63s %ld %ld %ld %ld %ld %ld %ld", t.layout,
			   &t.whole, &t.titles, &t.right, &t.wrong,
			   &t.spurious, &t.lost, &t.doubled) != 8) {
			fprintf(stderr, "kanbao-score: %s: a line is not "
				"LAYOUT and 7 numbers: %s\n", path, l);
			free(text);
			return -1;
		}
		*out = xrealloc(*out, (*n + 1) * sizeof **out);
		(*out)[(*n)++] = t;
	}
	free(text);
	return 0;
}

/* Check a layout's figures; returns how many are worse. */
static int check(const struct threshold *th, const struct tally *t)
{
	struct {
		const char *what;
		long got, limit;
		int at_most;
	} f[] = {
		{ "whole and alone", t->whole, th->whole, 0 },
		{ "titles", t->titles, th->titles, 0 },
		{ "dates right", t->right, th->right, 0 },
		{ "dates wrong", t->wrong, th->wrong, 1 },
		{ "spurious", t->spurious, th->spurious, 1 },
		{ "Han lost", t->lost, th->lost, 1 },
		{ "Han doubled", t->doubled, th->doubled, 1 },
	};
	int worse = 0;
	for (size_t i = 0; i < sizeof f / sizeof *f; i++) {
		int bad = f[i].at_most ? f[i].got > f[i].limit :
					 f[i].got < f[i].limit;
		int better = f[i].at_most ? f[i].got < f[i].limit :
					    f[i].got > f[i].limit;
		if (bad) {
			printf("FAIL: %s: %s %ld, threshold %ld\n", th->layout,
			       f[i].what, f[i].got, f[i].limit);
			worse++;
		} else if (better) {
			printf("better: %s: %s %ld, threshold %ld (raise "
			       "the threshold)\n",
			       th->layout, f[i].what, f[i].got, f[i].limit);
		}
	}
	return worse;
}

/* The layouts in the order of the table; other directories follow. */
static const char *const ORDER[] = { "lines",	   "lines-gbk", "wrapped",
				     "pdf",	   "pdf-layout", "sentences",
				     "clauses",	   "concat" };

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* DIR's entries ending in `ext` (or directories when ext is NULL), sorted,
 * without the ending. */
static char **list_dir(const char *dir, const char *ext, size_t *n)
{
	DIR *d = opendir(dir);
	char **v = NULL;
	*n = 0;
	if (!d)
		return NULL;
	struct dirent *de;
	while ((de = readdir(d))) {
		const char *nm = de->d_name;
		size_t len = strlen(nm), el = ext ? strlen(ext) : 0;
		if (nm[0] == '.')
			continue;
		if (ext) {
			if (len <= el || strcmp(nm + len - el, ext))
				continue;
		} else {
			char *slash = path_of(dir, "/");
			char *path = path_of(slash, nm);
			struct stat st;
			int isdir = !stat(path, &st) && S_ISDIR(st.st_mode);
			free(slash);
			free(path);
			if (!isdir)
				continue;
		}
		v = xrealloc(v, (*n + 1) * sizeof *v);
		v[(*n)++] = strndup(nm, len - el);
	}
	closedir(d);
	qsort(v, *n, sizeof *v, cmp_str);
	return v;
}

static long order_of(const char *name)
{
	for (size_t i = 0; i < sizeof ORDER / sizeof *ORDER; i++)
		if (!strcmp(name, ORDER[i]))
			return (long)i;
	return 100;
}

static int cmp_layout(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	long ox = order_of(x), oy = order_of(y);
	if (ox != oy)
		return ox < oy ? -1 : 1;
	return strcmp(x, y);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "verbose", no_argument, NULL, 'v' },
		{ "thresholds", required_argument, NULL, 't' },
		{ "print-thresholds", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int verbose = 0, print = 0, c;
	const char *thresholds = NULL;
	while ((c = getopt_long(argc, argv, "vt:ph", longopts, NULL)) != -1) {
		switch (c) {
		case 'v':
			verbose = 1;
			break;
		case 't':
			thresholds = optarg;
			break;
		case 'p':
			print = 1;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	if (optind + 1 != argc) {
		fputs(usage, stderr);
		return 2;
	}
	const char *dir = argv[optind];
	struct threshold *th = NULL;
	size_t nth = 0;
	if (thresholds && read_thresholds(thresholds, &th, &nth) < 0)
		return 2;
	size_t nl;
	char **layouts = list_dir(dir, NULL, &nl);
	if (!layouts) {
		fprintf(stderr, "kanbao-score: %s: %s\n", dir, strerror(errno));
		return 2;
	}
	qsort(layouts, nl, sizeof *layouts, cmp_layout);
	int32_t *raw = xrealloc(NULL, HAN_MAX * sizeof *raw);
	int32_t *kept = xrealloc(NULL, HAN_MAX * sizeof *kept);
	int32_t *shown = xrealloc(NULL, HAN_MAX * sizeof *shown);
	struct tally *tallies = xrealloc(NULL, (nl + 1) * sizeof *tallies);
	struct tally total = { 0 };
	int rc = 0;
	for (size_t l = 0; l < nl && !rc; l++) {
		char *ldir = path_of(dir, "/");
		char *t0 = path_of(ldir, layouts[l]);
		free(ldir);
		ldir = t0;
		size_t np;
		char **names = list_dir(ldir, ".expect", &np);
		struct tally *t = &tallies[l];
		*t = (struct tally){ 0 };
		for (size_t i = 0; i < np; i++) {
			struct page p = { 0 };
			char *slash = path_of(ldir, "/");
			char *base = path_of(slash, names[i]);
			char *path = path_of(base, ".expect");
			free(slash);
			snprintf(p.name, sizeof p.name, "%.200s/%.200s",
				 layouts[l], names[i]);
			if (!rc && (read_expect(path, &p) < 0 ||
				    read_page(base, &p, raw, kept, shown) < 0))
				rc = 2;
			if (!rc)
				score_page(&p, t, verbose);
			page_free(&p);
			free(path);
			free(base);
			free(names[i]);
		}
		free(names);
		free(ldir);
		total.pages += t->pages;
		total.expected += t->expected;
		total.built += t->built;
		total.whole += t->whole;
		total.titled += t->titled;
		total.titles += t->titles;
		total.dated += t->dated;
		total.right += t->right;
		total.wrong += t->wrong;
		total.missing += t->missing;
		total.spurious += t->spurious;
		total.lost += t->lost;
		total.doubled += t->doubled;
	}
	if (!rc && print) {
		fputs(THRESHOLD_HEAD, stdout);
		for (size_t l = 0; l < nl; l++)
			print_threshold(layouts[l], &tallies[l]);
	} else if (!rc) {
		if (verbose)
			putchar('\n');
		printf("%-15s %5s %8s %6s  %-11s %-11s %-11s %6s %7s %8s %7s "
		       "%7s\n",
		       "layout", "pages", "expected", "built", "whole&alone",
		       "titles", "dates right", "wrong", "missing",
		       "spurious", "Han lost", "doubled");
		for (size_t l = 0; l < nl; l++)
			row(layouts[l], &tallies[l]);
		row("total", &total);
		int worse = 0;
		for (size_t i = 0; i < nth; i++) {
			size_t l = 0;
			while (l < nl && strcmp(layouts[l], th[i].layout))
				l++;
			if (l == nl) {
				printf("FAIL: %s: in the thresholds, not "
				       "among the pages\n", th[i].layout);
				worse++;
				continue;
			}
			worse += check(&th[i], &tallies[l]);
		}
		for (size_t l = 0; l < nl && thresholds; l++) {
			size_t i = 0;
			while (i < nth && strcmp(layouts[l], th[i].layout))
				i++;
			if (i == nth) {
				printf("FAIL: %s: no thresholds for it\n",
				       layouts[l]);
				worse++;
			}
		}
		if (worse)
			rc = 1;
	}
	for (size_t l = 0; l < nl; l++)
		free(layouts[l]);
	free(layouts);
	free(tallies);
	free(raw);
	free(kept);
	free(shown);
	free(th);
	return rc;
}
