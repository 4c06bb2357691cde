/* thread: putting back text that column extraction interleaved
 * (see include/kanbao/thread.h for the rules). */
#include "kanbao/thread.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "kanbao/u64map.h"
#include "kanbao/utf8.h"

/* How much text stands for "the thread's recent text" and "the candidate's
 * opening text": about two sentences.  Measured on the seeds, shorter
 * windows are too sparse and longer ones blur a block into its neighbours. */
enum { WINDOW = 100 };
/* How far ahead a continuation is looked for, and how far back the text that
 * an inserted block interrupted, in blocks. */
enum { AHEAD = 60, BACK = 40 };
/* A later block must share RATIO times more with the open text than the
 * alternatives do.  On the seeds, true continuations score 3.1x and 5.0x,
 * the best false candidates at most 2.4x (and then fail the other tests). */
static const double RATIO = 2.5;
/* Similarities below this are noise: never divide by less. */
static const double FLOOR = 0.02;

/* Features are Han characters and Han bigrams, as 64-bit keys (0 = none). */
static uint64_t key_uni(uint32_t a)
{
	return (uint64_t)a + 1;
}

static uint64_t key_bi(uint32_t a, uint32_t b)
{
	return (1ull << 63) | ((uint64_t)a << 21) | b;
}

/* Feature -> the blocks it occurs in: the count in the high 32 bits, the
 * last block (+1) that counted it in the low ones. */
static int fmap_count(struct u64map *m, uint64_t k, uint32_t block)
{
	uint64_t *v = u64map_ref(m, k);
	if (!v)
		return -1;
	if ((uint32_t)*v != block + 1)
		*v = ((*v >> 32) + 1) << 32 | (block + 1);
	return 0;
}

static uint32_t fmap_df(const struct u64map *m, uint64_t k)
{
	return (uint32_t)(u64map_get(m, k) >> 32);
}

/* A window of text as a unit vector of weighted features: a small open
 * addressing table (one window has at most 2 * WINDOW keys), so building
 * one needs no sort and a dot product one probe per feature. */
enum { VEC_SLOTS = 512 }; /* a power of two, over twice 2 * WINDOW */

struct vec {
	uint64_t *keys; /* VEC_SLOTS slots, 0 = empty */
	double *w; /* weight of each slot's feature */
	uint16_t *used; /* indices of the filled slots */
	size_t n; /* how many are filled */
	int ready;
};

struct ctx {
	const struct thread_block *b;
	size_t n;
	struct u64map df; /* feature -> blocks (see fmap_count) */
	struct vec *fwd; /* fwd[i]: the text from the start of block i on */
	struct vec *back; /* back[i]: the text up to the end of block i */
	double *shift; /* shift[i]: link(i - 1, i), or -1 until computed */
	void (*debug)(const char *line);
};

/* Collect up to WINDOW characters from block i on (dir > 0) or back from
 * its end (dir < 0), in reading order, 0 between blocks. */
static size_t gather(const struct ctx *c, size_t i, int dir, uint32_t *out)
{
	uint32_t tmp[WINDOW + 64];
	size_t got = 0;
	for (size_t k = i; k < c->n && got < WINDOW;) {
		const uint8_t *s = (const uint8_t *)c->b[k].text;
		size_t len = c->b[k].len;
		if (dir > 0) {
			for (size_t o = 0; o < len && got < WINDOW;) {
				ucs4_t uc;
				int l = u8_mbtouc(&uc, s + o, len - o);
				tmp[got++] = uc;
				o += l > 0 ? (size_t)l : 1;
			}
		} else {
			const uint8_t *p = s + len;
			ucs4_t uc;
			while (got < WINDOW && (p = u8_prev(&uc, p, s)))
				tmp[got++] = uc;
		}
		if (got < WINDOW)
			tmp[got++] = 0;
		if (dir > 0)
			k++;
		else if (k-- == 0)
			break;
	}
	for (size_t j = 0; j < got; j++)
		out[j] = dir > 0 ? tmp[j] : tmp[got - 1 - j];
	return got;
}

static size_t vec_slot(const struct vec *v, uint64_t k)
{
	uint64_t h = k * 0x9E3779B97F4A7C15ull;
	size_t i = (size_t)(h >> 40) & (VEC_SLOTS - 1);
	while (v->keys[i] && v->keys[i] != k)
		i = (i + 1) & (VEC_SLOTS - 1);
	return i;
}

static void vec_add(struct vec *v, uint64_t k)
{
	size_t i = vec_slot(v, k);
	if (!v->keys[i]) {
		v->keys[i] = k;
		v->w[i] = 0;
		v->used[v->n++] = (uint16_t)i;
	}
	v->w[i] += 1; /* the term count, for now */
}

static int make_vec(const struct ctx *c, size_t i, int dir, struct vec *v)
{
	uint32_t chars[WINDOW + 64];
	size_t n = gather(c, i, dir, chars);
	v->keys = calloc(VEC_SLOTS, sizeof *v->keys);
	v->w = malloc(VEC_SLOTS * sizeof *v->w);
	v->used = malloc(VEC_SLOTS * sizeof *v->used);
	if (!v->keys || !v->w || !v->used)
		return -1;
	v->n = 0;
	for (size_t j = 0; j < n; j++) {
		if (!utf8_is_han(chars[j]))
			continue;
		vec_add(v, key_uni(chars[j]));
		if (j + 1 < n && utf8_is_han(chars[j + 1]))
			vec_add(v, key_bi(chars[j], chars[j + 1]));
	}
	double norm = 0;
	for (size_t j = 0; j < v->n; j++) {
		size_t k = v->used[j];
		double idf = log((double)(c->n + 1) /
				 (double)(fmap_df(&c->df, v->keys[k]) + 1));
		v->w[k] = (1 + log(v->w[k])) * idf;
		norm += v->w[k] * v->w[k];
	}
	norm = sqrt(norm);
	for (size_t j = 0; j < v->n && norm > 0; j++)
		v->w[v->used[j]] /= norm;
	v->ready = 1;
	return 0;
}

static void vec_free(struct vec *v)
{
	free(v->keys);
	free(v->w);
	free(v->used);
	memset(v, 0, sizeof *v);
}

static struct vec *get(struct ctx *c, size_t i, int dir)
{
	struct vec *v = dir > 0 ? &c->fwd[i] : &c->back[i];
	if (!v->ready && make_vec(c, i, dir, v) < 0) {
		vec_free(v);
		return NULL;
	}
	return v;
}

/* Cosine similarity of the text up to the end of block `a` and the text from
 * the start of block `b`: how well b reads on from a.  -1 when out of
 * memory. */
static double link(struct ctx *c, size_t a, size_t b)
{
	struct vec *x = get(c, a, -1), *y = get(c, b, 1);
	if (!x || !y)
		return -1;
	if (x->n > y->n) {
		struct vec *t = x;
		x = y, y = t;
	}
	double dot = 0;
	for (size_t j = 0; j < x->n; j++) {
		size_t i = x->used[j], k = vec_slot(y, x->keys[i]);
		if (y->keys[k])
			dot += x->w[i] * y->w[k];
	}
	return dot;
}

/* link(i - 1, i), computed once per block. */
static double shift(struct ctx *c, size_t i)
{
	if (c->shift[i] < 0)
		c->shift[i] = link(c, i - 1, i);
	return c->shift[i];
}

static double max3(double a, double b, double c)
{
	double m = a > b ? a : b;
	return m > c ? m : c;
}

/* The last character of block a and the first of block b, when both are
 * Han: does the file use that bigram inside any block? */
static int attested(const struct ctx *c, size_t a, size_t b)
{
	const struct thread_block *x = &c->b[a], *y = &c->b[b];
	ucs4_t last, first;
	if (!x->len || !y->len)
		return 0;
	const uint8_t *end = (const uint8_t *)x->text + x->len;
	if (!u8_prev(&last, end, (const uint8_t *)x->text))
		return 0;
	u8_mbtouc(&first, (const uint8_t *)y->text, y->len);
	return utf8_is_han(last) && utf8_is_han(first) &&
	       fmap_df(&c->df, key_bi(last, first)) > 0;
}

static void say(const struct ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void say(const struct ctx *c, const char *fmt, ...)
{
	if (!c->debug)
		return;
	char line[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	c->debug(line);
}

static int count_features(struct ctx *c)
{
	for (size_t i = 0; i < c->n; i++) {
		const uint8_t *s = (const uint8_t *)c->b[i].text;
		size_t len = c->b[i].len;
		ucs4_t prev = 0;
		for (size_t o = 0; o < len;) {
			ucs4_t uc;
			int l = u8_mbtouc(&uc, s + o, len - o);
			o += l > 0 ? (size_t)l : 1;
			if (!utf8_is_han(uc)) {
				prev = 0;
				continue;
			}
			if (fmap_count(&c->df, key_uni(uc), (uint32_t)i) < 0 ||
			    (prev && fmap_count(&c->df, key_bi(prev, uc),
						(uint32_t)i) < 0))
				return -1;
			prev = uc;
		}
	}
	return 0;
}

/* The block before the open block's run that the skipped text resumes:
 * the p in [e - BACK, e) that reads on into `a` clearly better than into
 * its own next block and than e does.  THREAD_END when there is none, -1
 * (as a size_t: out of memory) on failure. */
static size_t find_split(struct ctx *c, const size_t *next, size_t e,
			 size_t a, double adj, int *failed)
{
	size_t split = THREAD_END;
	double margin = 0;
	for (size_t p = e > BACK ? e - BACK : 0; p < e; p++) {
		if (c->b[p].flags & THREAD_OPEN || next[p] != p + 1)
			continue;
		double l = link(c, p, a), sh = shift(c, p + 1);
		if (l < 0 || sh < 0) {
			*failed = 1;
			return THREAD_END;
		}
		double d = max3(adj, sh, FLOOR);
		if (l >= RATIO * d && l - d > margin)
			split = p, margin = l - d;
	}
	return split;
}

int thread_link(const struct thread_block *b, size_t n, size_t *next,
		unsigned char *join, void (*debug)(const char *line))
{
	struct ctx c = { .b = b, .n = n, .debug = debug };
	unsigned char *claimed = calloc(n ? n : 1, 1);
	c.fwd = calloc(n ? n : 1, sizeof *c.fwd);
	c.back = calloc(n ? n : 1, sizeof *c.back);
	c.shift = malloc((n ? n : 1) * sizeof *c.shift);
	int rc = -1, failed = 0;
	if (!claimed || !c.fwd || !c.back || !c.shift || count_features(&c) < 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		next[i] = i + 1 < n ? i + 1 : THREAD_END;
		join[i] = 0;
		c.shift[i] = -1;
	}
	for (size_t e = 0; e + 1 < n; e++) {
		/* Vectors of blocks this far back are not needed again. */
		if (e > BACK + 2) {
			vec_free(&c.fwd[e - BACK - 2]);
			vec_free(&c.back[e - BACK - 2]);
		}
		if (!(b[e].flags & THREAD_OPEN))
			continue;
		size_t a = e + 1;
		int a_ok = !(b[a].flags & THREAD_FIXED) && !claimed[a];
		if (a_ok && attested(&c, e, a)) {
			next[e] = a, join[e] = 1, claimed[a] = 1;
			continue;
		}
		double adj = a_ok ? link(&c, e, a) : 0;
		if (adj < 0)
			goto out;
		/* A later block must read on RATIO times better than the next
		 * one, and the text it skips must be explained: its first
		 * block continues an earlier open block, or it resumes the
		 * text from before the open block's run (and then breaks off
		 * itself before that later block, where it goes on). */
		size_t best = THREAD_END, split = THREAD_END;
		double best_l = 0, best_margin = 0;
		int explained = claimed[a];
		if (!explained && RATIO * max3(adj, FLOOR, 0) <= 1) {
			split = find_split(&c, next, e, a, adj, &failed);
			if (failed)
				goto out;
			explained = split != THREAD_END;
		}
		for (size_t k = e + 2; explained && k < n && k <= e + 1 + AHEAD;
		     k++) {
			if (b[k].flags & THREAD_FIXED || claimed[k])
				continue;
			double l = link(&c, e, k), sh = shift(&c, k);
			if (l < 0 || sh < 0)
				goto out;
			double d = max3(adj, sh, FLOOR);
			if (l >= RATIO * d && l - d > best_margin)
				best = k, best_l = l, best_margin = l - d;
		}
		if (best != THREAD_END &&
		    (claimed[a] || b[best - 1].flags & THREAD_OPEN)) {
			say(&c, "block %zu continues at %zu (%.3f vs next %.3f)"
				"%s%zu", e, best, best_l, adj,
			    split != THREAD_END ? "; interrupted text resumes "
						  "after block " : "; skipped "
						  "text continues block ",
			    split != THREAD_END ? split : a);
			next[e] = best, join[e] = 1, claimed[best] = 1;
			if (best - 1 != e)
				next[best - 1] = THREAD_END;
			if (!claimed[a] && split != THREAD_END)
				next[split] = a;
			continue;
		}
		if (a_ok)
			next[e] = a, join[e] = 1, claimed[a] = 1;
		else if (claimed[a])
			next[e] = THREAD_END;
	}
	rc = 0;
out:
	for (size_t i = 0; c.fwd && c.back && i < n; i++) {
		vec_free(&c.fwd[i]);
		vec_free(&c.back[i]);
	}
	free(c.fwd), free(c.back), free(c.shift), free(claimed);
	u64map_free(&c.df);
	return rc;
}
