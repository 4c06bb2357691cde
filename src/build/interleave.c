/* interleave: putting back text that column extraction interleaved
 * (see include/kanbao/build/interleave.h for the rules). */
#include "kanbao/build/interleave.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kanbao/base/array.h"
#include "kanbao/base/u64map.h"
#include "kanbao/base/utf8.h"

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

/* Features are Han characters and Han bigrams, numbered in the order the
 * file first uses them: a character's number is found in a table indexed
 * by the character (every Han character is below HAN_END, see utf8_is_han),
 * a bigram's in a hash map by this key. */
enum { HAN_END = 0x40000 };

static uint64_t key_bi(uint32_t a, uint32_t b)
{
	return (1ull << 63) | ((uint64_t)a << 21) | b;
}

/* A character of a block as the similarity sees it: the feature ids (+1,
 * 0 for none) of the Han character and of the Han bigram it starts with
 * the next character of its block. */
struct feat {
	uint32_t uni, bi;
};

/* Where a block's features are kept: a window reads only the first WINDOW
 * characters of a block (reading on) or its last WINDOW (reading back), so
 * that is all count_features keeps, and the text is decoded once. */
struct span {
	size_t off; /* into ctx.feats */
	size_t n; /* characters: at most WINDOW */
};

/* A window of text as a unit vector of weighted features, in the order the
 * window first has them: the order the sums below run in. */
enum { VEC_MAX = 2 * WINDOW }; /* a window's features are fewer */

struct vec {
	size_t block; /* the block (+1) it was made for; 0 = none yet */
	size_t n; /* features */
	uint32_t id[VEC_MAX]; /* feature ids */
	double w[VEC_MAX]; /* their weights */
};

/* Feature id -> entry (+1) in one vector, so that looking a feature up is
 * an array read: at[id] = stamp << 8 | entry + 1.  A new map takes a new
 * stamp instead of clearing the array: entries with another stamp read
 * as absent. */
struct fmap {
	uint32_t *at; /* one per feature id */
	uint32_t stamp; /* the current map's */
};

/* Vectors are kept for the blocks in use: from BACK before the open block
 * to AHEAD after it.  A slot is reused for block i + RING, by then out of
 * that range; were one needed again it would be made again, the same. */
enum { RING = 128 };
_Static_assert(RING > AHEAD + BACK + 2, "RING covers the blocks in use");
_Static_assert(VEC_MAX <= 0xFF, "vec entries and term counts fit a byte");

struct ctx {
	const struct interleave_block *b;
	size_t n;
	uint32_t *uni; /* Han character -> feature id + 1 (HAN_END of them) */
	struct u64map bi; /* Han bigram key -> feature id + 1 */
	uint32_t *df; /* per feature id: the blocks it occurs in */
	uint32_t *last; /* per feature id: the last block (+1) counted */
	double *idf; /* per feature id: log((n + 1) / (df + 1)) */
	size_t nfeat, featcap;
	struct feat *feats; /* the kept characters of every block */
	size_t nfeats, featscap;
	struct span *head, *tail; /* per block: its first and last chars */
	double tflog[WINDOW + 1]; /* 1 + log(term count) */
	struct fmap count; /* make_vec's, for the vector it makes */
	struct fmap map; /* link's, for `laid` */
	const struct vec *laid; /* the vector `map` is of, if any */
	struct vec *fwd; /* RING vectors of the text from a block's start on */
	struct vec *back; /* RING vectors of the text up to a block's end */
	double *shift; /* shift[i]: link(i - 1, i), or -1 until computed */
	void (*debug)(const char *line);
};

/* The features of up to WINDOW characters from block i on (dir > 0) or back
 * from its end (dir < 0), in reading order, an empty one between blocks. */
static size_t gather(const struct ctx *c, size_t i, int dir, struct feat *out)
{
	static const struct feat gap = { 0, 0 };
	size_t got = 0;
	if (dir > 0) {
		for (size_t k = i; k < c->n && got < WINDOW; k++) {
			const struct span *h = &c->head[k];
			size_t take = h->n < WINDOW - got ? h->n : WINDOW - got;
			memcpy(out + got, c->feats + h->off, take * sizeof *out);
			got += take;
			if (got < WINDOW)
				out[got++] = gap;
		}
		return got;
	}
	/* Backwards: fill out[at..WINDOW) from its end, then move it down. */
	size_t at = WINDOW;
	for (size_t k = i;; k--) {
		const struct span *t = &c->tail[k];
		size_t take = t->n < at ? t->n : at;
		at -= take;
		memcpy(out + at, c->feats + t->off + t->n - take,
		       take * sizeof *out);
		if (at > 0)
			out[--at] = gap;
		if (at == 0 || k == 0)
			break;
	}
	memmove(out, out + at, (WINDOW - at) * sizeof *out);
	return WINDOW - at;
}

/* Start a new map in `m` (of `nfeat` ids); returns its stamp.  The loops
 * keep the array and the stamp in locals: through a store to a uint32_t,
 * the compiler would read them again. */
static uint32_t fmap_clear(struct fmap *m, size_t nfeat)
{
	if (++m->stamp == 1u << 24) {
		memset(m->at, 0, nfeat * sizeof *m->at);
		m->stamp = 1;
	}
	return m->stamp;
}

static uint32_t fmap_mark(uint32_t stamp, unsigned entry)
{
	return stamp << 8 | entry;
}

/* The entry + 1 that `e` (a value of fmap.at) gives under `stamp`, or 0.
 * Without a branch: whether a feature is shared is anybody's guess. */
static unsigned fmap_entry(uint32_t e, uint32_t stamp)
{
	return (e & 0xFF) & -(unsigned)(e >> 8 == stamp);
}

/* The vector of the window from block i on (dir > 0) or back from its end.
 * A weight is (1 + log(term count)) * log((n + 1) / (df + 1)): tflog and
 * idf hold those logarithms, computed once, so the weights and the norm
 * (summed in the same order) are the same to the last bit. */
static void make_vec(struct ctx *c, size_t i, int dir, struct vec *v)
{
	struct feat win[WINDOW];
	uint8_t tf[VEC_MAX]; /* term counts: one at most per character */
	size_t n = gather(c, i, dir, win), nv = 0;
	uint32_t *at = c->count.at, stamp = fmap_clear(&c->count, c->nfeat);
	for (size_t j = 0; j < n; j++) {
		uint32_t f[2] = { win[j].uni, j + 1 < n ? win[j].bi : 0 };
		for (int t = 0; t < 2 && f[0]; t++) {
			if (!f[t])
				continue;
			uint32_t id = f[t] - 1;
			unsigned k = fmap_entry(at[id], stamp);
			if (!k) {
				v->id[nv] = id;
				tf[nv] = 0;
				k = (unsigned)++nv;
				at[id] = fmap_mark(stamp, k);
			}
			tf[k - 1]++;
		}
	}
	double norm = 0;
	for (size_t j = 0; j < nv; j++) {
		v->w[j] = c->tflog[tf[j]] * c->idf[v->id[j]];
		norm += v->w[j] * v->w[j];
	}
	norm = sqrt(norm);
	for (size_t j = 0; j < nv && norm > 0; j++)
		v->w[j] /= norm;
	v->n = nv;
	v->block = i + 1;
}

static const struct vec *get(struct ctx *c, size_t i, int dir)
{
	struct vec *v = dir > 0 ? &c->fwd[i % RING] : &c->back[i % RING];
	if (v->block != i + 1) {
		if (c->laid == v) /* ctx.map is of the block it held */
			c->laid = NULL;
		make_vec(c, i, dir, v);
	}
	return v;
}

/* Cosine similarity of the text up to the end of block `a` and the text from
 * the start of block `b`: how well b reads on from a.
 *
 * The sum runs over the smaller vector, x, in its order: the same sum
 * however the vectors are stored.  One of the two is mapped (ctx.map) and
 * the features of the other looked up in it.  The loops compare one block
 * with many, so the map is kept for the next link: if it is x's, the
 * shared features come in y's order and are put back in x's. */
static double link(struct ctx *c, size_t a, size_t b)
{
	const struct vec *x = get(c, a, -1), *y = get(c, b, 1);
	if (x->n > y->n) {
		const struct vec *t = x;
		x = y, y = t;
	}
	uint32_t *at = c->map.at, stamp = c->map.stamp;
	if (c->laid != x && c->laid != y) {
		stamp = fmap_clear(&c->map, c->nfeat);
		for (size_t k = 0, n = y->n; k < n; k++)
			at[y->id[k]] = fmap_mark(stamp, (unsigned)k + 1);
		c->laid = y;
	}
	const struct vec *o = c->laid == y ? x : y; /* the one looked up */
	uint8_t oj[VEC_MAX]; /* the shared features' entries in o */
	size_t m = 0;
	for (size_t j = 0, n = o->n; j < n; j++) {
		oj[m] = (uint8_t)j;
		m += fmap_entry(at[o->id[j]], stamp) != 0;
	}
	double dot = 0;
	if (o == x) {
		for (size_t t = 0; t < m; t++) {
			unsigned k = fmap_entry(at[x->id[oj[t]]], stamp) - 1;
			dot += x->w[oj[t]] * y->w[k];
		}
	} else {
		uint64_t in[(VEC_MAX + 63) / 64] = { 0 }; /* x's shared ones */
		uint8_t yj[VEC_MAX]; /* their entries in y */
		for (size_t t = 0; t < m; t++) {
			unsigned k = fmap_entry(at[y->id[oj[t]]], stamp) - 1;
			in[k / 64] |= 1ull << (k % 64);
			yj[k] = oj[t];
		}
		for (size_t w = 0; w < sizeof in / sizeof in[0]; w++)
			for (uint64_t bits = in[w]; bits; bits &= bits - 1) {
				size_t k = w * 64 +
					   (size_t)__builtin_ctzll(bits);
				dot += x->w[k] * y->w[yj[k]];
			}
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

/* Can a link `l` pass the test l >= RATIO * max3(adj, shift, FLOOR)?  Not
 * when it fails it for shift = 0: a shift is never negative, and
 * RATIO * max3(...) only grows with it.  Asking this first spares
 * computing most shifts (rounding is monotonic: the answer is exact). */
static int may_pass(double l, double adj)
{
	return l >= RATIO * max3(adj, 0, FLOOR);
}

/* The blocks a feature occurs in; 0 for one the file never uses. */
static uint32_t df_of(const struct ctx *c, uint64_t key)
{
	uint64_t id = u64map_get(&c->bi, key);
	return id ? c->df[id - 1] : 0;
}

/* The last character of block a and the first of block b, when both are
 * Han: does the file use that bigram inside any block? */
static int attested(const struct ctx *c, size_t a, size_t b)
{
	const struct interleave_block *x = &c->b[a], *y = &c->b[b];
	uint32_t last, first;
	if (!x->len || !y->len)
		return 0;
	if (!utf8_prev(x->text + x->len, x->text, &last))
		return 0;
	utf8_next(y->text, y->len, &first);
	return utf8_is_han(last) && utf8_is_han(first) &&
	       df_of(c, key_bi(last, first)) > 0;
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

/* Number a new feature into `*f`; 0, or -1 when out of memory.  Apart
 * from feature(), which is asked for every character and is inlined. */
static __attribute__((noinline)) int new_feature(struct ctx *c, uint32_t *f)
{
	/* df and last hold featcap each: both grow from it, and it moves
	 * on only when both have */
	size_t dfcap = c->featcap, lastcap = c->featcap;
	size_t need = c->nfeat + 1;
	if (array_grow(&c->df, &dfcap, need, sizeof *c->df) < 0 ||
	    array_grow(&c->last, &lastcap, need, sizeof *c->last) < 0)
		return -1;
	c->featcap = dfcap;
	c->df[c->nfeat] = c->last[c->nfeat] = 0;
	*f = (uint32_t)++c->nfeat;
	return 0;
}

/* The id (+1) of a feature at `*f` (0 there when new: it is numbered),
 * counted once for block i; 0 when out of memory. */
static inline uint32_t feature(struct ctx *c, uint32_t *f, size_t i)
{
	if (!*f && new_feature(c, f) < 0)
		return 0;
	uint32_t id = *f - 1;
	if (c->last[id] != i + 1) {
		c->last[id] = (uint32_t)i + 1;
		c->df[id]++;
	}
	return id + 1;
}

/* The id (+1) of the bigram `key` as feature() gives it. */
static uint32_t bigram(struct ctx *c, uint64_t key, size_t i)
{
	uint64_t *v = u64map_ref(&c->bi, key);
	if (!v)
		return 0;
	uint32_t f = (uint32_t)*v, id = feature(c, &f, i);
	*v = f;
	return id;
}

/* Room for `k` more kept characters; -1 when out of memory. */
static int feats_reserve(struct ctx *c, size_t k)
{
	if (k > SIZE_MAX - c->nfeats)
		return -1;
	return array_grow(&c->feats, &c->featscap, c->nfeats + k,
			  sizeof *c->feats);
}

/* One pass over every block: how many blocks use each feature, and each
 * block's first and last WINDOW characters as features.  The text is valid
 * UTF-8 (interleave.h), so its last characters read forwards are those a
 * window reads backwards. */
static int count_features(struct ctx *c)
{
	struct feat ring[WINDOW]; /* the last WINDOW characters seen */
	/* room for all that is kept, at once: a block keeps at most 2 *
	 * WINDOW characters, and no more characters than bytes (and the
	 * loop asks for WINDOW more than it keeps) */
	size_t most = WINDOW;
	for (size_t i = 0; i < c->n; i++)
		most += c->b[i].len < 2 * WINDOW ? c->b[i].len : 2 * WINDOW;
	if (feats_reserve(c, most) < 0)
		return -1;
	for (size_t i = 0; i < c->n; i++) {
		const char *s = c->b[i].text;
		size_t len = c->b[i].len, m = 0;
		if (feats_reserve(c, WINDOW) < 0)
			return -1;
		struct feat *head = c->feats + c->nfeats;
		uint32_t prev = 0;
		for (size_t o = 0; o < len; m++) {
			uint32_t uc;
			struct feat f = { 0, 0 };
			o += utf8_next(s + o, len - o, &uc);
			if (utf8_is_han(uc) && uc < HAN_END) {
				if (!(f.uni = feature(c, &c->uni[uc], i)))
					return -1;
				uint32_t bi = 0;
				if (prev && !(bi = bigram(c, key_bi(prev, uc), i)))
					return -1;
				/* the bigram belongs to the character before */
				if (bi && m - 1 < WINDOW)
					head[m - 1].bi = bi;
				if (bi)
					ring[(m - 1) % WINDOW].bi = bi;
				prev = uc;
			} else {
				prev = 0;
			}
			if (m < WINDOW)
				head[m] = f;
			ring[m % WINDOW] = f;
		}
		size_t kept = m < WINDOW ? m : WINDOW;
		c->head[i] = (struct span){ c->nfeats, kept };
		c->nfeats += kept;
		c->tail[i] = c->head[i];
		if (m > WINDOW) {
			if (feats_reserve(c, WINDOW) < 0)
				return -1;
			for (size_t k = 0; k < WINDOW; k++)
				c->feats[c->nfeats + k] =
					ring[(m - WINDOW + k) % WINDOW];
			c->tail[i] = (struct span){ c->nfeats, WINDOW };
			c->nfeats += WINDOW;
		}
	}
	c->idf = malloc((c->nfeat ? c->nfeat : 1) * sizeof *c->idf);
	c->count.at = calloc(c->nfeat ? c->nfeat : 1, sizeof *c->count.at);
	c->map.at = calloc(c->nfeat ? c->nfeat : 1, sizeof *c->map.at);
	if (!c->idf || !c->count.at || !c->map.at)
		return -1;
	for (size_t k = 0; k < c->nfeat; k++)
		c->idf[k] = log((double)(c->n + 1) / (double)(c->df[k] + 1));
	for (size_t t = 1; t <= WINDOW; t++)
		c->tflog[t] = 1 + log((double)t);
	return 0;
}

/* The block before the open block's run that the skipped text resumes:
 * the p in [e - BACK, e) that reads on into `a` clearly better than into
 * its own next block and than e does.  INTERLEAVE_END when there is none. */
static size_t find_split(struct ctx *c, const size_t *next, size_t e,
			 size_t a, double adj)
{
	size_t split = INTERLEAVE_END;
	double margin = 0;
	for (size_t p = e > BACK ? e - BACK : 0; p < e; p++) {
		if (c->b[p].flags & INTERLEAVE_OPEN || next[p] != p + 1)
			continue;
		double l = link(c, p, a);
		if (!may_pass(l, adj))
			continue;
		double d = max3(adj, shift(c, p + 1), FLOOR);
		if (l >= RATIO * d && l - d > margin)
			split = p, margin = l - d;
	}
	return split;
}

/* Free what ctx_init made. */
static void ctx_free(struct ctx *c)
{
	free(c->fwd), free(c->back), free(c->shift);
	free(c->head), free(c->tail), free(c->feats);
	free(c->df), free(c->last), free(c->idf);
	free(c->count.at), free(c->map.at);
	free(c->uni);
	u64map_free(&c->bi);
	memset(c, 0, sizeof *c);
}

/* Count the features of `n` blocks and make room for their vectors.
 * Returns 0, or -1 when out of memory (free with ctx_free either way). */
static int ctx_init(struct ctx *c, const struct interleave_block *b, size_t n,
		    void (*debug)(const char *line))
{
	memset(c, 0, sizeof *c);
	c->b = b, c->n = n, c->debug = debug;
	c->uni = calloc(HAN_END, sizeof *c->uni);
	c->head = malloc((n ? n : 1) * sizeof *c->head);
	c->tail = malloc((n ? n : 1) * sizeof *c->tail);
	c->fwd = calloc(RING, sizeof *c->fwd);
	c->back = calloc(RING, sizeof *c->back);
	c->shift = malloc((n ? n : 1) * sizeof *c->shift);
	if (!c->uni || !c->head || !c->tail || !c->fwd || !c->back ||
	    !c->shift || count_features(c) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		c->shift[i] = -1;
	return 0;
}

struct interleave_sim {
	struct ctx c;
	uint32_t *ta, *tb; /* term counts of the two sides of a range
			      comparison, one per feature id; all 0 between
			      calls */
	uint32_t *touched; /* the ids counted on side a */
};

struct interleave_sim *interleave_sim_new(const struct interleave_block *b, size_t n)
{
	struct interleave_sim *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	if (ctx_init(&s->c, b, n, NULL) < 0) {
		ctx_free(&s->c);
		free(s);
		return NULL;
	}
	return s;
}

/* Count the kept features of blocks [from, to) into `t`; the ids seen for
 * the first time go to `touched` (when not NULL).  Returns how many went
 * there. */
static size_t count_range(const struct ctx *c, size_t from, size_t to,
			  uint32_t *t, uint32_t *touched)
{
	size_t nt = 0;
	for (size_t i = from; i < to; i++) {
		const struct span *sp[2] = { &c->head[i], &c->tail[i] };
		int spans = c->tail[i].off != c->head[i].off ? 2 : 1;
		for (int k = 0; k < spans; k++)
			for (size_t j = 0; j < sp[k]->n; j++) {
				const struct feat *f = &c->feats[sp[k]->off + j];
				uint32_t ids[2] = { f->uni, f->bi };
				for (int m = 0; m < 2; m++) {
					if (!ids[m])
						continue;
					uint32_t id = ids[m] - 1;
					if (!t[id]++ && touched)
						touched[nt++] = id;
				}
			}
	}
	return nt;
}

/* The weight of a feature counted `tf` times, as make_vec weighs it. */
static double weight(const struct ctx *c, uint32_t tf, uint32_t id)
{
	return (tf <= WINDOW ? c->tflog[tf] : 1 + log((double)tf)) * c->idf[id];
}

double interleave_sim_range(struct interleave_sim *s, size_t a0, size_t a1,
			size_t b0, size_t b1)
{
	const struct ctx *c = &s->c;
	if (!s->ta) {
		size_t n = c->nfeat ? c->nfeat : 1;
		s->ta = calloc(n, sizeof *s->ta);
		s->tb = calloc(n, sizeof *s->tb);
		s->touched = malloc(2 * n * sizeof *s->touched);
		if (!s->ta || !s->tb || !s->touched)
			return -1;
	}
	size_t na = count_range(c, a0, a1, s->ta, s->touched);
	size_t nb = count_range(c, b0, b1, s->tb, s->touched + na);
	double dot = 0, aa = 0, bb = 0;
	for (size_t k = 0; k < na; k++) {
		uint32_t id = s->touched[k];
		double w = weight(c, s->ta[id], id);
		aa += w * w;
		if (s->tb[id])
			dot += w * weight(c, s->tb[id], id);
	}
	for (size_t k = na; k < na + nb; k++) {
		uint32_t id = s->touched[k];
		double w = weight(c, s->tb[id], id);
		bb += w * w;
	}
	for (size_t k = 0; k < na + nb; k++)
		s->ta[s->touched[k]] = s->tb[s->touched[k]] = 0;
	return aa > 0 && bb > 0 ? dot / sqrt(aa * bb) : 0;
}

void interleave_sim_free(struct interleave_sim *s)
{
	if (!s)
		return;
	ctx_free(&s->c);
	free(s->ta);
	free(s->tb);
	free(s->touched);
	free(s);
}

int interleave_link(const struct interleave_block *b, size_t n, size_t *next,
		unsigned char *join, void (*debug)(const char *line))
{
	struct interleave_sim *s = interleave_sim_new(b, n);
	if (!s)
		return -1;
	int rc = interleave_link_sim(s, next, join, debug);
	interleave_sim_free(s);
	return rc;
}

int interleave_link_sim(struct interleave_sim *sim, size_t *next, unsigned char *join,
		    void (*debug)(const char *line))
{
	struct ctx *cp = &sim->c;
	const struct interleave_block *b = cp->b;
	size_t n = cp->n;
	unsigned char *claimed = calloc(n ? n : 1, 1);
	int rc = -1;
	cp->debug = debug;
	if (!claimed)
		goto out;
	for (size_t i = 0; i < n; i++) {
		next[i] = i + 1 < n ? i + 1 : INTERLEAVE_END;
		join[i] = 0;
	}
	for (size_t e = 0; e + 1 < n; e++) {
		if (!(b[e].flags & INTERLEAVE_OPEN))
			continue;
		size_t a = e + 1;
		int a_ok = !(b[a].flags & INTERLEAVE_FIXED) && !claimed[a];
		if (a_ok && attested(cp, e, a)) {
			next[e] = a, join[e] = 1, claimed[a] = 1;
			continue;
		}
		double adj = a_ok ? link(cp, e, a) : 0;
		/* A later block must read on RATIO times better than the next
		 * one, and the text it skips must be explained: its first
		 * block continues an earlier open block, or it resumes the
		 * text from before the open block's run (and then breaks off
		 * itself before that later block, where it goes on). */
		size_t best = INTERLEAVE_END, split = INTERLEAVE_END;
		double best_l = 0, best_margin = 0;
		int explained = claimed[a];
		if (!explained && RATIO * max3(adj, FLOOR, 0) <= 1) {
			split = find_split(cp, next, e, a, adj);
			explained = split != INTERLEAVE_END;
		}
		for (size_t k = e + 2; explained && k < n && k <= e + 1 + AHEAD;
		     k++) {
			if (b[k].flags & INTERLEAVE_FIXED || claimed[k])
				continue;
			double l = link(cp, e, k);
			if (!may_pass(l, adj))
				continue;
			double d = max3(adj, shift(cp, k), FLOOR);
			if (l >= RATIO * d && l - d > best_margin)
				best = k, best_l = l, best_margin = l - d;
		}
		if (best != INTERLEAVE_END &&
		    (claimed[a] || b[best - 1].flags & INTERLEAVE_OPEN)) {
			say(cp, "block %zu continues at %zu (%.3f vs next %.3f)"
				"%s%zu", e, best, best_l, adj,
			    split != INTERLEAVE_END ? "; interrupted text resumes "
						  "after block " : "; skipped "
						  "text continues block ",
			    split != INTERLEAVE_END ? split : a);
			next[e] = best, join[e] = 1, claimed[best] = 1;
			if (best - 1 != e)
				next[best - 1] = INTERLEAVE_END;
			if (!claimed[a] && split != INTERLEAVE_END)
				next[split] = a;
			continue;
		}
		if (a_ok)
			next[e] = a, join[e] = 1, claimed[a] = 1;
		else if (claimed[a])
			next[e] = INTERLEAVE_END;
	}
	cp->debug = NULL;
	rc = 0;
out:
	free(claimed);
	return rc;
}
