/* search: queries over the index (see include/kanbao/search/search.h). */
#include "kanbao/search/search.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "kanbao/base/array.h"
#include "kanbao/base/le.h"
#include "kanbao/base/utf8.h"
#include "kanbao/format/index.h"

/* ---- queries ------------------------------------------------------------*/

static void map_free(struct search_map *m);

void search_result_free(struct search_result *r)
{
	free(r->pos);
	free(r->per_article);
	map_free(r->map);
	memset(r, 0, sizeof *r);
}

/* The bytes at `s` (n of them) that match the folded query `fq` (fqn code
 * points), the text folded through `v`; 0 when they do not. */
static size_t match_folded(const struct index_variants *v, const char *s,
			   size_t n, const uint32_t *fq, size_t fqn)
{
	size_t i = 0;
	for (size_t k = 0; k < fqn; k++) {
		if (i >= n)
			return 0;
		uint32_t uc;
		i += utf8_next(s + i, n - i, &uc);
		if (index_fold(v, uc) != fq[k])
			return 0;
	}
	return i;
}

size_t search_match(const struct search_query *q, const char *s, size_t n)
{
	return match_folded(q->fold, s, n, q->fq, q->len);
}

size_t search_find(const struct search_query *q, const char *s, size_t n,
		   size_t from, size_t *len)
{
	*len = 0;
	if (!q->len)
		return n;
	for (size_t i = from; i < n;) {
		uint32_t uc;
		size_t step = utf8_next(s + i, n - i, &uc);
		/* the first character decides most places at once */
		if (index_fold(q->fold, uc) == q->fq[0] &&
		    (*len = search_match(q, s + i, n - i)))
			return i;
		i += step;
	}
	return n;
}

/* ---- the query ----------------------------------------------------------*/

int search_query_make(const struct index_variants *fold, const char *q,
		      size_t qlen, struct search_query *out)
{
	memset(out, 0, sizeof *out);
	long n = index_fold_str(fold, q, qlen, &out->fq);
	if (n < 0)
		return -1;
	out->len = (size_t)n;
	out->fold = fold;
	return 0;
}

void search_query_free(struct search_query *q)
{
	free(q->fq);
	memset(q, 0, sizeof *q);
}

/* The index, read through the corpus so every byte is checked. */
struct index {
	struct corpus *c;
	const struct index_variants *fold; /* the corpus's variants */
	uint64_t size; /* bytes of INDEX */
	uint64_t keys; /* entries */
	uint64_t post; /* offset of the postings */
	uint64_t post_bytes; /* their bytes */
	uint64_t text; /* bytes of TEXT */
	uint64_t units; /* units of TEXT (format/index.h): positions lie
			   below */
	uint64_t map; /* offset of the MAP's group entries */
	uint64_t groups; /* groups of the MAP (entries: one more) */
	uint64_t runs, runs_bytes; /* offset and bytes of the MAP's runs */
	uint64_t han; /* three-byte characters of TEXT: (text - units) / 2 */
	uint64_t starts; /* offset of the articles' starts in units */
	uint64_t narticles; /* their count, as the head says */
	const atomic_int *stop; /* set: give up (search_run_until) */
};

/* How many items between two looks at the stop flag: a few milliseconds'
 * work at most. */
enum { STOP_EVERY = 1 << 16 };

static int stopped(const atomic_int *stop, struct err *e)
{
	if (!stop || !atomic_load_explicit(stop, memory_order_relaxed))
		return 0;
	err_set(e, ERR_CANCELLED, "search cancelled");
	return 1;
}

static enum err_code map_corrupt(const struct index *x, const char *what,
				 struct err *e)
{
	return err_set(e, ERR_CORRUPT, "%s: the search index's map %s",
		       corpus_name(x->c), what);
}

/* The MAP's place, from the head's sizes, and its first and last group
 * entries checked: O(1) in the text.  Each group's entries and runs are
 * checked when they are used (struct walk), all of them by
 * search_verify. */
static enum err_code open_map(struct index *x, struct err *e)
{
	uint64_t left = x->size - x->post;
	if (x->units > x->text || (x->text - x->units) % 2)
		return map_corrupt(x, "counts more units than the text has", e);
	x->han = (x->text - x->units) / 2;
	x->groups = (x->units + INDEX_MAP_UNITS - 1) / INDEX_MAP_UNITS;
	uint64_t heads = (x->groups + 1) * INDEX_MAP_ENTRY;
	uint64_t na = corpus_article_count(x->c);
	if (x->post_bytes > left || heads > left - x->post_bytes ||
	    x->runs_bytes > left - x->post_bytes - heads ||
	    x->narticles != na ||
	    left - x->post_bytes - heads - x->runs_bytes != na * 8)
		return map_corrupt(x, "is not where the head says", e);
	x->map = x->post + x->post_bytes;
	x->runs = x->map + heads;
	x->starts = x->runs + x->runs_bytes;
	const uint8_t *first, *last;
	enum err_code rc = corpus_index(x->c, x->map, INDEX_MAP_ENTRY, &first,
					e);
	if (!rc)
		rc = corpus_index(x->c, x->map + heads - INDEX_MAP_ENTRY,
				  INDEX_MAP_ENTRY, &last, e);
	if (rc)
		return rc;
	if (le_get64(first) || le_get64(first + 8) ||
	    le_get64(last + 8) != x->runs_bytes ||
	    le_get64(last) != x->han)
		return map_corrupt(x, "does not span the text", e);
	return ERR_OK;
}

static enum err_code open_index(struct corpus *c, struct index *x,
				struct err *e)
{
	const uint8_t *p;
	x->c = c;
	x->fold = NULL; /* once the index is read: a file of a set is mapped
			   then, and a failure said (corpus_variants) */
	x->stop = NULL;
	x->size = corpus_index_size(c);
	x->text = corpus_text_size(c);
	if (x->size < INDEX_HEAD_SIZE)
		return err_set(e, ERR_CORRUPT, "%s: the search index is "
			       "missing (rebuild the corpus)", corpus_name(c));
	enum err_code rc = corpus_index(c, 0, INDEX_HEAD_SIZE, &p, e);
	if (rc)
		return rc;
	x->fold = corpus_variants(c);
	if (memcmp(p, index_magic, 8))
		return err_set(e, ERR_CORRUPT, "%s: the search index has a bad "
			       "magic", corpus_name(c));
	x->keys = le_get64(p + 8);
	x->units = le_get64(p + 16);
	x->post_bytes = le_get64(p + 24);
	x->runs_bytes = le_get64(p + 32);
	x->narticles = le_get64(p + 40);
	if (x->keys > (x->size - INDEX_HEAD_SIZE) / INDEX_ENTRY_SIZE)
		return err_set(e, ERR_CORRUPT, "%s: the search index claims "
			       "%llu keys, more than fit", corpus_name(c),
			       (unsigned long long)x->keys);
	x->post = INDEX_HEAD_SIZE + x->keys * INDEX_ENTRY_SIZE;
	return open_map(x, e);
}

static enum err_code get_entry(struct index *x, uint64_t i,
			       struct index_entry *out, struct err *e)
{
	const uint8_t *p;
	enum err_code rc = corpus_index(x->c, INDEX_HEAD_SIZE + i * INDEX_ENTRY_SIZE,
					INDEX_ENTRY_SIZE, &p, e);
	if (rc)
		return rc;
	if (index_entry_get(p, out) < 0)
		return err_set(e, ERR_CORRUPT, "%s: search index entry %llu: "
			       "a key no pair of characters makes",
			       corpus_name(x->c), (unsigned long long)i);
	return ERR_OK;
}

/* The first entry whose key is >= k (keys are sorted).  Not through
 * array_lower_bound: reading an entry can fail (a corrupt entry), and its
 * predicate could neither stop the search nor say why. */
static enum err_code lower_bound(struct index *x, uint64_t k, uint64_t *at,
				 struct err *e)
{
	uint64_t lo = 0, hi = x->keys;
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;
		struct index_entry en;
		enum err_code rc = get_entry(x, mid, &en, e);
		if (rc)
			return rc;
		if (en.key < k)
			lo = mid + 1;
		else
			hi = mid;
	}
	*at = lo;
	return ERR_OK;
}

/* An entry's Elias-Fano list of positions, its shape checked. */
struct list {
	struct index *x; /* the index, for errors */
	const uint8_t *low; /* every position's low bits, l each */
	const uint8_t *high; /* the high parts, in unary */
	uint64_t lowb, highb; /* bytes of each; highb is at least 1 */
	uint64_t count; /* positions in the list */
	uint64_t mask; /* of the low bits */
	unsigned l; /* low bits a position */
};

/* Open an entry's list, checking what can be checked before reading it:
 * its count against TEXT, its bytes where its entry says and inside the
 * postings (its low bits follow from its count and TEXT). */
static enum err_code list_open(struct index *x, const struct index_entry *en,
			       struct list *s, struct err *e)
{
	uint64_t avail = x->post_bytes, count = en->count, u = x->units;
	/* Every position starts a character of TEXT: a count beyond it is
	 * a lie, and no memory is spent on it. */
	if (count > u)
		return err_set(e, ERR_CORRUPT, "%s: a search index key claims "
			       "%llu positions, more than fit",
			       corpus_name(x->c), (unsigned long long)count);
	unsigned l = index_ef_low_bits(count, u);
	uint64_t lowb = (count * l + 7) / 8, bytes = index_ef_bytes(count, u, l);
	if (en->off > avail || bytes > avail - en->off)
		return err_set(e, ERR_CORRUPT, "%s: search index postings "
			       "outside the index", corpus_name(x->c));
	const uint8_t *p;
	enum err_code rc = corpus_index(x->c, x->post + en->off, bytes, &p, e);
	if (rc)
		return rc;
	*s = (struct list){
		.x = x,
		.low = p,
		.high = p + lowb,
		.lowb = lowb,
		.highb = bytes - lowb,
		.count = count,
		.mask = l ? (1ull << l) - 1 : 0,
		.l = l,
	};
	return ERR_OK;
}

static enum err_code list_corrupt(const struct list *s, const char *what,
				  struct err *e)
{
	return err_set(e, ERR_CORRUPT, "%s: a search index list %s",
		       corpus_name(s->x->c), what);
}

/* The set bits of v.  Not __builtin_popcountll: without a -march that
 * has the popcnt instruction it is a call into libgcc. */
static inline unsigned popcount64(uint64_t v)
{
	v -= v >> 1 & 0x5555555555555555ull;
	v = (v & 0x3333333333333333ull) + (v >> 2 & 0x3333333333333333ull);
	v = (v + (v >> 4)) & 0x0F0F0F0F0F0F0F0Full;
	return (unsigned)((v * 0x0101010101010101ull) >> 56);
}

/* Where the r-th set bit (from 0) of v is, v having more than r: without
 * a branch, the byte first, then the bit in it, each as the count of the
 * lanes (bytes, then bits spread a byte each) that end with at most r set
 * bits, from a byte-wise prefix count (broadword selection, after
 * Vigna). */
static inline unsigned select64(uint64_t v, uint64_t r)
{
	const uint64_t ones = 0x0101010101010101ull;
	const uint64_t highs = 0x8080808080808080ull;
	uint64_t s = v - (v >> 1 & 0x5555555555555555ull);
	s = (s & 0x3333333333333333ull) + (s >> 2 & 0x3333333333333333ull);
	s = ((s + (s >> 4)) & 0x0F0F0F0F0F0F0F0Full) * ones;
	/* byte j of s: the set bits of bytes 0 to j, at most 64 */
	unsigned shift = (unsigned)(((((r * ones | highs) - s) & highs) >> 7) *
				    ones >> 56) * 8;
	r -= (s << 8) >> shift & 0xFF;
	/* the byte's bit j in byte j, as 0 or 1, then counted up */
	uint64_t b = (v >> shift & 0xFF) * ones & 0x8040201008040201ull;
	b = ((((b + 0x7F7F7F7F7F7F7F7Full) | b) & highs) >> 7) * ones;
	return shift + (unsigned)(((((r * ones | highs) - b) & highs) >> 7) *
				   ones >> 56);
}

/* Where a list is being looked into, without decoding it: a position's
 * high part t >> l names its bucket, the run of set bits after that many
 * zeros of the high bits, and position i's bit is its high part + i.  The
 * zeros are counted a word at a time, up to the word that holds the zero
 * opening the bucket wanted; select64 finds it there, from the word and
 * the bucket alone, so that no lookup waits on the one before. */
struct probe {
	const struct list *s; /* the list */
	uint64_t w; /* the byte of s->high where `raw` starts */
	uint64_t raw; /* the high bits' word there */
	uint64_t before; /* zeros before that word */
	uint64_t zeros; /* zeros up to its end */
};

static void probe_start(struct probe *p, const struct list *s)
{
	p->s = s;
	p->w = 0;
	p->raw = le_get_upto(s->high, s->highb);
	p->before = 0;
	p->zeros = 64 - popcount64(p->raw);
}

/* Bring p forward to the word holding the zero that opens bucket b > 0:
 * 0, or 1 when the high bits end before it, so that the list holds no
 * position in bucket b or after. */
static inline int probe_to(struct probe *p, uint64_t b)
{
	while (p->zeros < b) {
		p->w += 8;
		if (p->w >= p->s->highb)
			return 1;
		p->raw = le_get_upto(p->s->high + p->w, p->s->highb - p->w);
		p->before = p->zeros;
		p->zeros += 64 - popcount64(p->raw);
	}
	return 0;
}

/* Whether the list holds position t, p being at the word holding the zero
 * that opens t's bucket (anywhere for bucket 0): 1 or 0, or -1 for a list
 * with more positions than its count.  Most buckets hold no more than two
 * positions: both are looked at without a branch, the rest one by one. */
static inline int probe_holds(const struct probe *p, uint64_t t)
{
	const struct list *s = p->s;
	const uint8_t *low = s->low, *high = s->high;
	const uint64_t lowb = s->lowb, highb = s->highb, mask = s->mask;
	const unsigned l = s->l;
	uint64_t bucket = t >> l, want = t & mask, bit = 0;
	if (bucket)
		bit = p->w * 8 + select64(~p->raw, bucket - p->before - 1) + 1;
	if (bit / 8 >= highb)
		return 0;
	uint64_t run = le_get_upto(high + bit / 8, highb - bit / 8) >> bit % 8;
	uint64_t i = bit - bucket;
	if (i + 2 <= s->count) {
		uint64_t a = i * l, b = a + l;
		uint64_t v0 = le_get_upto(low + a / 8, lowb - a / 8) >> a % 8 &
			      mask;
		uint64_t v1 = le_get_upto(low + b / 8, lowb - b / 8) >> b % 8 &
			      mask;
		uint64_t p0 = run & 1, p1 = p0 & run >> 1;
		if (!(p1 & run >> 2 & (v1 < want)))
			return (int)((p0 & (v0 == want)) | (p1 & (v1 == want)));
		bit += 2; /* the bucket goes on */
	}
	for (;; bit++) {
		if (bit / 8 >= highb || !(high[bit / 8] >> bit % 8 & 1))
			return 0; /* the bucket ends */
		if (bit - bucket >= s->count)
			return -1;
		uint64_t at = (bit - bucket) * l;
		uint64_t v = le_get_upto(low + at / 8, lowb - at / 8) >> at % 8 &
			     mask;
		if (v >= want)
			return v == want;
	}
}

/* Keep, of the ascending hit starts h[0..*m), those where `off` bytes on a
 * position of list `s` stands; *m becomes their count.  The targets
 * ascend: the high bits are read once, from start to end. */
static enum err_code list_filter(struct index *x, const struct list *s,
				 uint64_t *h, size_t *m, uint64_t off,
				 struct err *e)
{
	struct probe p;
	size_t kept = 0, n = *m;
	probe_start(&p, s);
	for (size_t k = 0; k < n; k++) {
		if (k % STOP_EVERY == STOP_EVERY - 1 && stopped(x->stop, e))
			return ERR_CANCELLED;
		uint64_t t = h[k] + off;
		if (t >> s->l && probe_to(&p, t >> s->l))
			break; /* no position so far on */
		int has = probe_holds(&p, t);
		if (has < 0)
			return list_corrupt(s, "has more positions than its "
					    "count", e);
		h[kept] = h[k];
		kept += (size_t)has;
	}
	*m = kept;
	return ERR_OK;
}

/* ---- units to bytes ----------------------------------------------------*/

/* A walk over the MAP turning ascending units into TEXT byte offsets: a
 * unit of the part of a group at hand is found by reading on from the
 * run before it, of another part from that part's place in its group's
 * table; so ascending positions read each run of the parts they fall in
 * once, and a few far apart only a few runs of their own parts (some 7
 * runs a part of 256 units in Chinese news).  Everything read is checked
 * first: a damaged map gives ERR_CORRUPT, never a read outside it. */
struct walk {
	struct index *x;
	uint64_t g; /* the group whose table is at hand (UINT64_MAX: none) */
	const uint8_t *tab; /* its table of parts */
	const uint8_t *runs; /* its runs, after the table */
	uint64_t glen; /* their bytes */
	uint64_t ghan, ghend; /* three-byte characters before it, before its
				 end */
	uint64_t grp_end; /* its end, in units */
	uint64_t part; /* the part at hand, u / INDEX_MAP_PART (UINT64_MAX:
			  none) */
	uint64_t gend; /* its end, in units */
	uint64_t han; /* three-byte characters before `start` */
	uint64_t hend; /* ... before the part's end, as its table says */
	uint64_t start, end; /* the run at hand: units [start, end); the
				part's end for none left */
	uint64_t last; /* the unit asked before (ascending, or the part is
			  read again) */
	const uint8_t *p, *pend; /* the part's runs not read yet */
};

static void walk_start(struct walk *w, struct index *x)
{
	*w = (struct walk){ .x = x, .g = UINT64_MAX, .part = UINT64_MAX };
}

/* LEB128 from *p, before `end`: 0, or -1 when it runs past it or
 * beyond 2^56. */
static inline int walk_leb(const uint8_t **p, const uint8_t *end,
			   uint64_t *v)
{
	const uint8_t *q = *p;
	*v = 0;
	for (unsigned shift = 0; q < end && shift < 56; shift += 7) {
		uint8_t b = *q++;
		*v |= (uint64_t)(b & 0x7f) << shift;
		if (b < 0x80) {
			*p = q;
			return 0;
		}
	}
	return -1;
}

/* Group g's entries, table and runs in hand. */
static enum err_code walk_group(struct walk *w, uint64_t g, struct err *e)
{
	struct index *x = w->x;
	const uint8_t *h, *r;
	enum err_code rc = corpus_index(x->c, x->map + g * INDEX_MAP_ENTRY,
					2 * INDEX_MAP_ENTRY, &h, e);
	if (rc)
		return rc;
	uint64_t han = le_get64(h), off = le_get64(h + 8);
	uint64_t hend = le_get64(h + 16), oend = le_get64(h + 24);
	uint64_t from = g * INDEX_MAP_UNITS;
	w->grp_end = x->units - from < INDEX_MAP_UNITS ? x->units
							: from + INDEX_MAP_UNITS;
	/* with han at most TEXT's, no unit turns into a byte past TEXT */
	if (off > oend || oend > x->runs_bytes || han > hend ||
	    hend > x->han || hend - han > w->grp_end - from ||
	    oend - off < INDEX_MAP_TABLE)
		return map_corrupt(x, "has a group out of order", e);
	if ((rc = corpus_index(x->c, x->runs + off, oend - off, &r, e)))
		return rc;
	w->g = g;
	w->tab = r;
	w->runs = r + INDEX_MAP_TABLE;
	w->glen = oend - off - INDEX_MAP_TABLE;
	w->ghan = han;
	w->ghend = hend;
	return ERR_OK;
}

/* Part k of the group at hand in hand, from its table. */
static enum err_code walk_part(struct walk *w, unsigned k, struct err *e)
{
	uint64_t h0 = 0, o0 = 0, h1 = w->ghend - w->ghan, o1 = w->glen;
	if (k > 0)
		h0 = le_get16(w->tab + 4 * (k - 1)),
		o0 = le_get16(w->tab + 4 * (k - 1) + 2);
	if (k + 1 < INDEX_MAP_PARTS)
		h1 = le_get16(w->tab + 4 * k), o1 = le_get16(w->tab + 4 * k + 2);
	uint64_t from = w->g * INDEX_MAP_UNITS + k * INDEX_MAP_PART;
	w->gend = w->grp_end - from < INDEX_MAP_PART ? w->grp_end
						      : from + INDEX_MAP_PART;
	if (from >= w->grp_end || h0 > h1 || h1 > w->ghend - w->ghan ||
	    h1 - h0 > w->gend - from || o0 > o1 || o1 > w->glen)
		return map_corrupt(w->x, "has a group out of order", e);
	w->part = from / INDEX_MAP_PART;
	w->han = w->ghan + h0;
	w->hend = w->ghan + h1;
	w->start = w->end = from;
	w->p = w->runs + o0;
	w->pend = w->runs + o1;
	return ERR_OK;
}

/* On to the part's next run, the one at hand passed. */
static enum err_code walk_run(struct walk *w, struct err *e)
{
	uint64_t gap, len;
	w->han += w->end - w->start;
	if (w->p == w->pend) {
		if (w->han != w->hend)
			return map_corrupt(w->x, "has a part whose runs do "
					   "not add up", e);
		w->start = w->end = w->gend;
		return ERR_OK;
	}
	if (walk_leb(&w->p, w->pend, &gap) < 0 ||
	    walk_leb(&w->p, w->pend, &len) < 0 || len == 0 ||
	    gap > w->gend - w->end || len > w->gend - w->end - gap ||
	    len > w->hend - w->han)
		return map_corrupt(w->x, "has a run outside its part", e);
	w->start = w->end + gap;
	w->end = w->start + len;
	return ERR_OK;
}

/* The TEXT byte offset of unit u (below x->units) into *b. */
static inline enum err_code walk_to(struct walk *w, uint64_t u, uint64_t *b,
				    struct err *e)
{
	enum err_code rc;
	uint64_t g = u / INDEX_MAP_UNITS;
	if (u >= w->x->units)
		return map_corrupt(w->x, "is asked for a unit past the text",
				   e);
	if (u / INDEX_MAP_PART != w->part || u < w->last) {
		if (g != w->g && (rc = walk_group(w, g, e)))
			return rc;
		if ((rc = walk_part(w, u % INDEX_MAP_UNITS / INDEX_MAP_PART,
				    e)))
			return rc;
	}
	w->last = u;
	while (u >= w->end)
		if ((rc = walk_run(w, e)))
			return rc;
	*b = u < w->start ? u + 2 * w->han : u + 2 * (w->han + (u - w->start));
	return ERR_OK;
}

/* Ascending units pos[0..n) turned into TEXT byte offsets in place.  The
 * runs of a part are read in a loop of their own, with the walk in
 * locals (a store into pos could be a store into *w, to the compiler). */
static enum err_code to_bytes(struct walk *w, uint64_t *pos, size_t n,
			      struct err *e)
{
	enum err_code rc;
	for (size_t i = 0; i < n;) {
		if ((rc = walk_to(w, pos[i], &pos[i], e)))
			return rc;
		uint64_t gend = w->gend, han = w->han, hend = w->hend;
		uint64_t start = w->start, end = w->end, last = w->last, u;
		const uint8_t *p = w->p, *pend = w->pend;
		for (i++; i < n && (u = pos[i]) < gend && u >= last; i++) {
			while (u >= end) {
				uint64_t len = end - start;
				if (pend - p < 2 || (p[0] | p[1]) >= 0x80 ||
				    !p[1] || han + len + p[1] > hend ||
				    end + p[0] + p[1] > gend)
					break; /* the end, or a long number */
				han += len;
				start = end + p[0];
				end = start + p[1];
				p += 2;
			}
			if (u >= end) {
				/* by walk_to, which reads and checks it */
				w->han = han, w->start = start, w->end = end;
				w->p = p;
				if ((rc = walk_to(w, u, &pos[i], e)))
					return rc;
				han = w->han, start = w->start, end = w->end;
				p = w->p;
				last = u;
				continue;
			}
			pos[i] = u < start ? u + 2 * han
					   : u + 2 * (han + (u - start));
			last = u;
		}
		w->han = han, w->start = start, w->end = end, w->p = p;
		w->last = last;
	}
	return ERR_OK;
}

/* The table of every article's start in units, for counting hits in
 * units: na + 1 entries (the last: the units of TEXT), each checked to
 * ascend and to lie inside TEXT (search_verify checks each is its
 * article's), made on the first query that needs it and kept with the
 * corpus file (corpus_keep): 8 bytes an article, 3.6 MB at 1 GB, which
 * every query of a common pair copied and checked again. */
static enum err_code unit_starts(struct index *x, const uint64_t **out,
				 struct err *e)
{
	if ((*out = corpus_kept(x->c)) != NULL)
		return ERR_OK;
	size_t na = corpus_article_count(x->c);
	const uint8_t *p;
	enum err_code rc = corpus_index(x->c, x->starts, (uint64_t)na * 8, &p,
					e);
	if (rc)
		return rc;
	uint64_t *t = array_new_large(na + 1, sizeof *t, 0), prev = 0;
	if (!t)
		return err_set(e, ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < na; i++) {
		t[i] = le_get64(p + 8 * i);
		if (t[i] < prev || t[i] > x->units) {
			free(t);
			return err_set(e, ERR_CORRUPT, "%s: the search index's "
				       "article starts are out of order or "
				       "outside the text", corpus_name(x->c));
		}
		prev = t[i];
	}
	t[na] = x->units;
	*out = corpus_keep(x->c, t);
	return ERR_OK;
}

/* ---- both cores --------------------------------------------------------*/

/* Work of this many positions or more is split between this thread and
 * one more: below it, making the thread costs about what it saves (tens
 * of microseconds). */
enum { HALVES_MIN = 1 << 16 };

/* f(a) on a thread of its own and f(b) on this one, both done on return;
 * f(a) here after f(b) when no thread can be made.  Each half has its own
 * struct err, so that nothing is written by both. */
static void in_halves(void *(*f)(void *), void *a, void *b)
{
	pthread_t t;
	int made = !pthread_create(&t, NULL, f, a);
	f(b);
	if (made)
		pthread_join(t, NULL);
	else
		f(a);
}

/* The error of the half that failed, the first half's first: what one
 * thread would have met first. */
static enum err_code halves_err(const struct err *a, const struct err *b,
				struct err *e)
{
	const struct err *bad = a->code ? a : b;
	if (!bad->code)
		return ERR_OK;
	if (e)
		*e = *bad;
	return bad->code;
}

/* A stretch of a list's high bits decoded: bytes [w0, w1) of s->high
 * (multiples of 8 but for the end), which hold positions i0 on, into
 * out[0..), how many in `got`. */
struct decoding {
	const struct list *s;
	const atomic_int *stop;
	uint64_t w0, w1, i0, got;
	uint64_t *out;
	struct err err;
};

/* Decode a stretch.  Every rule of the encoding but one is checked here:
 * no more positions than the count, each inside TEXT and above the one
 * before; the caller checks that the first is above the stretch before's
 * last, and that the count is reached. */
static void *decode_words(void *arg)
{
	struct decoding *d = arg;
	const struct list *s = d->s;
	/* a tight loop of its own: a common character's lists hold
	 * millions of positions */
	const uint8_t *low = s->low, *high = s->high;
	uint64_t lowb = s->lowb, highb = s->highb, count = s->count;
	uint64_t mask = s->mask, u = s->x->units, i = d->i0, prev = 0;
	unsigned l = s->l;
	for (uint64_t w = d->w0; w < d->w1; w += 8) {
		uint64_t word = le_get_upto(high + w, highb - w);
		for (; word; word &= word - 1) {
			if (i == count) {
				list_corrupt(s, "has more positions than its "
					     "count", &d->err);
				goto out;
			}
			uint64_t bit = w * 8 + (uint64_t)__builtin_ctzll(word);
			uint64_t at = i * l;
			uint64_t v = (bit - i) << l |
				     (le_get_upto(low + at / 8, lowb - at / 8) >>
				      at % 8 & mask);
			if ((i > d->i0 && v <= prev) || v >= u) {
				list_corrupt(s, "has positions out of order "
					     "or outside the text", &d->err);
				goto out;
			}
			d->out[i - d->i0] = prev = v;
			if (i++ % STOP_EVERY == STOP_EVERY - 1 &&
			    stopped(d->stop, &d->err))
				goto out;
		}
	}
out:
	d->got = i - d->i0;
	return NULL;
}

/* Decode an entry's positions, appending them to `pos` (room grown as
 * needed).  Every rule of the encoding is checked: the list where its
 * entry says and inside the postings, exactly `count` positions, each
 * inside TEXT and above the one before, no stray bit.  A long list is
 * decoded in two halves at once, split at a word of its high bits: the
 * positions before the second half are that word's set bits before it,
 * counted a word at a time. */
static enum err_code decode(struct index *x, const struct index_entry *en,
			    uint64_t **pos, size_t *n, size_t *cap,
			    struct err *e)
{
	struct list s;
	enum err_code rc = list_open(x, en, &s, e);
	if (rc)
		return rc;
	uint64_t count = s.count;
	if (count > SIZE_MAX - *n ||
	    array_grow(pos, cap, *n + (size_t)count, sizeof **pos) < 0)
		return err_set(e, ERR_NOMEM, "out of memory");
	/* (an empty list may leave *pos NULL: nothing is written then) */
	struct decoding d[2] = {
		{ .s = &s, .stop = x->stop, .w1 = s.highb,
		  .out = *pos ? *pos + *n : NULL },
		{ .s = &s, .stop = x->stop, .w1 = s.highb },
	};
	if (count >= HALVES_MIN) {
		uint64_t mid = s.highb / 16 * 8, before = 0;
		for (uint64_t w = 0; w < mid; w += 8)
			before += popcount64(le_get64(s.high + w));
		if (before <= count) {
			d[0].w1 = d[1].w0 = mid;
			d[1].i0 = before;
			d[1].out = d[0].out + before;
		}
	}
	if (d[1].w0) {
		in_halves(decode_words, &d[1], &d[0]);
		if (!d[0].err.code && d[1].got && d[1].i0 &&
		    d[1].out[0] <= d[0].out[d[1].i0 - 1])
			list_corrupt(&s, "has positions out of order or "
				     "outside the text", &d[1].err);
	} else {
		decode_words(&d[0]);
		d[1].i0 = d[0].got; /* nothing after the first */
	}
	if ((rc = halves_err(&d[0].err, &d[1].err, e)))
		return rc;
	if (d[1].i0 + d[1].got < count)
		return list_corrupt(&s, "is cut short", e);
	*n += (size_t)count;
	return ERR_OK;
}

/* Sort n positions, all below `limit`: a least-significant-digit radix
 * sort, 11 bits a pass, as many passes as `limit` needs (3 up to 8 GB of
 * text); unsorted when `*stop` is set on the way.  qsort took a second for the ten million hits of a common
 * character in 1 GB; this takes a few passes over them.  0, or -1 when out
 * of memory. */
static int sort_positions(uint64_t *v, size_t n, uint64_t limit,
			  const atomic_int *stop)
{
	enum { BITS = 11, BUCKETS = 1 << BITS };
	if (n < 2)
		return 0;
	uint64_t *tmp = malloc(n * sizeof *tmp);
	size_t *count = malloc(BUCKETS * sizeof *count);
	if (!tmp || !count) {
		free(tmp);
		free(count);
		return -1;
	}
	uint64_t *from = v, *to = tmp;
	for (int shift = 0; shift < 64 && limit >> shift; shift += BITS) {
		if (stop && atomic_load_explicit(stop, memory_order_relaxed))
			break; /* the caller sees the flag too */
		memset(count, 0, BUCKETS * sizeof *count);
		for (size_t i = 0; i < n; i++)
			count[from[i] >> shift & (BUCKETS - 1)]++;
		size_t sum = 0;
		for (size_t d = 0; d < BUCKETS; d++) {
			size_t c = count[d];
			count[d] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			to[count[from[i] >> shift & (BUCKETS - 1)]++] = from[i];
		uint64_t *t = from;
		from = to, to = t;
	}
	if (from != v)
		memcpy(v, from, n * sizeof *v);
	free(tmp);
	free(count);
	return 0;
}

/* One step of a merge of hits with article starts (count_articles): on
 * to the next article when it starts at or before hit p, else p counted
 * in article *art; 1 when p was counted.  No branch: whether a hit is in
 * the article of the one before is a coin toss when there are about as
 * many hits as articles. */
static inline size_t count_step(const uint64_t *starts, uint64_t p,
				size_t *art, uint32_t *per, size_t *articles)
{
	size_t on = starts[*art + 1] <= p, hit = !on;
	*art += on;
	*articles += hit & (per[*art] == 0);
	per[*art] += (uint32_t)hit;
	return hit;
}

/* The rest of a merge: hits i to end from article *art on. */
static enum err_code count_rest(const uint64_t *starts, const uint64_t *pos,
				size_t i, size_t end, size_t *art,
				uint32_t *per, size_t *articles,
				const atomic_int *stop, struct err *e)
{
	for (size_t step = 1; i < end; step++) {
		if (step % STOP_EVERY == 0 && stopped(stop, e))
			return ERR_CANCELLED;
		i += count_step(starts, pos[i], art, per, articles);
	}
	return ERR_OK;
}

/* Where article i starts (i = the article count: the end of TEXT), from
 * its record. */
static enum err_code start_of(struct corpus *c, size_t i, uint64_t *at,
			      struct err *e)
{
	if (i == corpus_article_count(c)) {
		*at = corpus_text_size(c);
		return ERR_OK;
	}
	return corpus_article_start(c, i, at, e);
}

/* Counts for few hits (sorted) in many articles: each hit's article found
 * from the article records, galloping from the hit before's, not from
 * the table of every article's start (corpus_article_starts), which reads
 * every record: a rare word in 1 GB would read 500,000 articles' records
 * for a handful of hits.  ERR_OK; ERR_CORRUPT when the starts do not
 * ascend; else the corpus's error. */
static enum err_code count_by_records(struct corpus *c,
				      struct search_result *r, struct err *e)
{
	size_t n = r->narticles, art = 0;
	uint64_t next, at;
	enum err_code rc = start_of(c, 1 < n ? 1 : n, &next, e);
	for (size_t i = 0; i < r->n && !rc; i++) {
		uint64_t p = r->pos[i];
		if (p >= next) {
			/* the last article a with start(a) <= p: galloping
			 * to a bracket [lo, hi), then bisecting it */
			size_t lo = art + 1, step = 1, hi;
			while (!rc && lo + step < n &&
			       !(rc = start_of(c, lo + step, &at, e)) && at <= p)
				lo += step, step *= 2;
			hi = lo + step < n ? lo + step : n;
			while (!rc && hi - lo > 1) {
				size_t mid = lo + (hi - lo) / 2;
				if (!(rc = start_of(c, mid, &at, e)))
					*(at <= p ? &lo : &hi) = mid;
			}
			art = lo;
			if (!rc && !(rc = start_of(c, art + 1, &next, e)) &&
			    next <= p)
				rc = err_set(e, ERR_CORRUPT, "%s: article %zu "
					     "starts before the one before it",
					     corpus_name(c), art + 1);
		}
		if (!rc && r->per_article[art]++ == 0)
			r->articles++;
	}
	return rc;
}

/* The article holding position `p`, the last of the `na` whose start (at
 * `starts`, ascending) is <= p, where p lies past article `art`'s end
 * (p >= starts[art + 1], art + 1 < na): galloping from art, as hits are
 * usually a few articles on, to a bracket [lo, hi) holding it, which
 * array_upper_u64 then splits. */
static size_t article_after(const uint64_t *starts, size_t na, size_t art,
			    uint64_t p)
{
	size_t lo = art + 1, step = 1, hi;
	while (lo + step < na && starts[lo + step] <= p)
		lo += step, step *= 2;
	hi = lo + step < na ? lo + step : na;
	return lo + array_upper_u64(starts + lo + 1, hi - lo - 1, p);
}

/* Add positions pos[0..n), ascending, to the counts `per` of the `na`
 * articles that start at `starts` (`*articles`: those with hits). */
static enum err_code count_run(struct corpus *c, const uint64_t *starts,
			       size_t na, const uint64_t *pos, size_t n,
			       uint32_t *per, size_t *articles,
			       const atomic_int *stop, struct err *e)
{
	size_t art = 0;
	for (size_t i = 0; i < n; i++) {
		if (i % STOP_EVERY == STOP_EVERY - 1 && stopped(stop, e))
			return ERR_CANCELLED;
		if (pos[i] >= starts[art + 1]) {
			uint64_t p = pos[i];
			if (p >= starts[na])
				return err_set(e, ERR_CORRUPT, "%s: a hit past "
					       "the last article",
					       corpus_name(c));
			art = article_after(starts, na, art, p);
		}
		*articles += per[art]++ == 0;
	}
	return ERR_OK;
}

/* A stretch of sorted hits, pos[0..n), counted into the articles they
 * are in (per, `articles` of them with hits), the `na` articles starting
 * at `starts`. */
struct counting {
	struct corpus *c;
	const uint64_t *starts, *pos;
	size_t na, n, articles;
	uint32_t *per;
	int interleave; /* hits about as many as articles */
	const atomic_int *stop;
	struct err err;
};

/* Count a stretch, merged with the table of starts. */
static void *count_stretch(void *arg)
{
	struct counting *k = arg;
	const uint64_t *starts = k->starts, *pos = k->pos;
	uint32_t *per = k->per;
	size_t n = k->n, art = 0;
	struct err *e = &k->err;
	if (!k->interleave) {
		count_run(k->c, starts, k->na, pos, n, per, &k->articles,
			  k->stop, e);
		return NULL;
	}
	/* Hits about as many as articles: merged with the starts, the two
	 * halves of the hits at once (the second from its article, found
	 * by a binary search), so that the steps of one need not wait on
	 * the other's. */
	size_t i = 0, half = n / 2, j = half, art2;
	if (pos[n - 1] >= starts[k->na]) {
		err_set(e, ERR_CORRUPT, "%s: a hit past the last article",
			corpus_name(k->c));
		return NULL;
	}
	/* each half from its first hit's article: count_step writes the
	 * count of every article it passes, which must be this stretch's
	 * own */
	size_t after = array_upper_u64(starts, k->na, pos[0]);
	art = after ? after - 1 : 0;
	after = array_upper_u64(starts, k->na, pos[j]);
	art2 = after ? after - 1 : 0;
	for (size_t step = 1; i < half && j < n; step++) {
		if (step % STOP_EVERY == 0 && stopped(k->stop, e))
			return NULL;
		i += count_step(starts, pos[i], &art, per, &k->articles);
		j += count_step(starts, pos[j], &art2, per, &k->articles);
	}
	if (!count_rest(starts, pos, i, half, &art, per, &k->articles,
			k->stop, e))
		count_rest(starts, pos, j, n, &art2, per, &k->articles,
			   k->stop, e);
	return NULL;
}

/* Per-article counts of sorted positions, merged with the table of
 * starts; many hits in two stretches at once, cut where an article
 * starts, so that no article is counted by both. */
static enum err_code count_sorted(struct corpus *c, struct search_result *r,
				  const uint64_t *starts,
				  const atomic_int *stop, struct err *e)
{
	size_t na = r->narticles, n = r->n;
	struct counting k[2] = { {
		.c = c,
		.starts = starts,
		.pos = r->pos,
		.na = na,
		.n = n,
		.per = r->per_article,
		.interleave = n >= na / 4 && n < na * 2,
		.stop = stop,
	} };
	k[1] = k[0];
	k[1].n = 0;
	if (n >= HALVES_MIN) {
		/* the article after the middle hit's, and its first hit */
		size_t next = array_upper_u64(starts, na, r->pos[n / 2]);
		if (next < na) {
			size_t cut = n / 2 + array_lower_u64(r->pos + n / 2,
							     n - n / 2,
							     starts[next]);
			k[0].n = cut;
			k[1].pos = r->pos + cut;
			k[1].n = n - cut;
		}
	}
	if (k[1].n)
		in_halves(count_stretch, &k[1], &k[0]);
	else
		count_stretch(&k[0]);
	r->articles = k[0].articles + k[1].articles;
	return halves_err(&k[0].err, &k[1].err, e);
}

/* Fill per-article counts for the sorted positions: few hits from the
 * article records, many from the table of every article's start. */
static enum err_code count_articles(struct corpus *c, struct search_result *r,
				    const atomic_int *stop, struct err *e)
{
	r->narticles = corpus_article_count(c);
	r->per_article = array_new_large(r->narticles, sizeof *r->per_article,
					 1);
	if (!r->per_article)
		return err_set(e, ERR_NOMEM, "out of memory");
	if (!r->n)
		return ERR_OK;
	if (r->n < r->narticles / 32)
		return count_by_records(c, r, e);
	const uint64_t *starts;
	enum err_code rc;
	if ((rc = corpus_article_starts(c, &starts, e)))
		return rc;
	return count_sorted(c, r, starts, stop, e);
}

/* Whether the index finds the folded query `fq` (n > 0 code points): its
 * first character, or for a longer one a character before its last,
 * starts pairs.  A query of punctuation and symbols alone ("——", "……") is
 * found by reading the text. */
static int by_index(const uint32_t *fq, size_t n)
{
	for (size_t i = 0; i == 0 || i + 1 < n; i++)
		if (index_starts_pair(fq[i]))
			return 1;
	return 0;
}

/* How many units (format/index.h) every character of the text that
 * folds to the folded character `c` takes: ASCII is one unit, and so are
 * the three-byte forms that fold to it (full-width forms, U+3000,
 * typographic quotes: index_fold); every other character folds from
 * itself, or from its variants in the corpus's table, which are as long
 * in UTF-8 (the table's rule, index.h). */
static unsigned fold_units(uint32_t c)
{
	return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 1 : 4;
}

/* One pair of a query: characters k and k + 1. */
struct pair {
	struct index_entry en; /* its entry in the index, when `indexed` */
	int indexed; /* character k starts pairs (and this one occurs) */
};

/* Pairs that hold every character of a query of n characters, pair `with`
 * among them: for each character in none yet, the pair it starts, or else
 * the one it ends.  Into `use`, the rarest first, the others by count;
 * their number, or 0 when some character has no indexed pair to be in.
 * `in` is room for n flags. */
static size_t pick_pairs(size_t n, const struct pair *pr, size_t with,
			 size_t *use, unsigned char *in)
{
	size_t nu = 0;
	memset(in, 0, n);
	in[with] = 1;
	for (size_t k = 0; k < n; k++) {
		if ((k + 1 < n && in[k]) || (k > 0 && in[k - 1]))
			continue; /* character k is in a pair already */
		if (k + 1 < n && pr[k].indexed)
			in[k] = 1;
		else if (k > 0 && pr[k - 1].indexed)
			in[k - 1] = 1;
		else
			return 0;
	}
	for (size_t k = 0; k + 1 < n; k++) {
		if (!in[k])
			continue;
		size_t j = nu++; /* by count: insertion, the pairs are few */
		for (; j > 0 && pr[use[j - 1]].en.count > pr[k].en.count; j--)
			use[j] = use[j - 1];
		use[j] = k;
	}
	return nu;
}

/* Candidates h[0..m) kept where every list ls[1..nl) holds them shifted
 * by its offset; m becomes their count. */
struct filtering {
	struct index *x;
	const struct list *ls;
	const uint64_t *off;
	size_t nl;
	uint64_t *h;
	size_t m;
	struct err err;
};

static void *filter_all(void *arg)
{
	struct filtering *f = arg;
	for (size_t j = 1; j < f->nl && f->m; j++)
		if (list_filter(f->x, &f->ls[j], f->h, &f->m, f->off[j],
				&f->err))
			break;
	return NULL;
}

/* The hits of a form from the index alone, in units: every character
 * has one length in units (fold_units), so pair k of a hit at h
 * starts at h plus the units of the characters before k, so the hits are
 * where the lists of pairs holding every character (`use`, pick_pairs)
 * agree, each shifted by its offset.  The rarest list's positions are the
 * candidates; each other list keeps those it holds (list_filter), many
 * candidates in two halves at once. */
static enum err_code run_shifted(struct index *x, const uint32_t *fq,
				 size_t n, const struct pair *pr,
				 const size_t *use, size_t nu,
				 struct search_result *r, struct err *e)
{
	size_t cap = 0;
	uint64_t *off = malloc(n * sizeof *off), *at = malloc(nu * sizeof *at);
	struct list *ls = malloc(nu * sizeof *ls);
	enum err_code rc = ERR_OK;
	if (!off || !at || !ls) {
		rc = err_set(e, ERR_NOMEM, "out of memory");
		goto out;
	}
	off[0] = 0;
	for (size_t k = 0; k + 2 < n; k++)
		off[k + 1] = off[k] + fold_units(fq[k]);
	for (size_t j = 0; j < nu; j++)
		at[j] = off[use[j]];
	for (size_t j = 1; j < nu && !rc; j++)
		rc = list_open(x, &pr[use[j]].en, &ls[j], e);
	if (!rc)
		rc = decode(x, &pr[use[0]].en, &r->pos, &r->n, &cap, e);
	if (rc)
		goto out;
	/* the candidates, where their hit would start */
	size_t m = 0;
	for (size_t i = 0; i < r->n; i++)
		if (r->pos[i] >= at[0])
			r->pos[m++] = r->pos[i] - at[0];
	struct filtering f[2] = {
		{ .x = x, .ls = ls, .off = at, .nl = nu, .h = r->pos, .m = m },
	};
	f[1] = f[0];
	f[1].m = 0;
	if (m >= HALVES_MIN && nu > 1) {
		f[0].m = m / 2;
		f[1].h = r->pos + m / 2;
		f[1].m = m - m / 2;
		in_halves(filter_all, &f[1], &f[0]);
		memmove(r->pos + f[0].m, f[1].h, f[1].m * sizeof *r->pos);
	} else {
		filter_all(&f[0]);
	}
	r->n = f[0].m + f[1].m;
	rc = halves_err(&f[0].err, &f[1].err, e);
out:
	free(off);
	free(at);
	free(ls);
	return rc;
}

/* The hits of a form whose pairs do not pin a hit down (a character in
 * no indexed pair): each position of its rarest pair (`best`, pair
 * `best_i`), in bytes, checked against the text. */
static enum err_code run_checked(struct index *x, const uint32_t *fq,
				 size_t n, const struct index_entry *best,
				 size_t best_i, struct search_result *r,
				 struct err *e)
{
	size_t cap = 0;
	struct walk w;
	walk_start(&w, x);
	enum err_code rc = decode(x, best, &r->pos, &r->n, &cap, e);
	if (!rc)
		rc = to_bytes(&w, r->pos, r->n, e);
	if (rc)
		return rc;
	size_t kept = 0;
	for (size_t j = 0; j < r->n; j++) {
		if (j % 4096 == 4095 && stopped(x->stop, e))
			return ERR_CANCELLED;
		/* back `best_i` characters to where the hit starts, then
		 * compare the whole query */
		uint64_t at = r->pos[j];
		const uint8_t *t;
		/* a character is at most 4 bytes */
		uint64_t from = at > (uint64_t)best_i * 4 ?
					at - (uint64_t)best_i * 4 : 0;
		uint64_t len = x->text - from;
		if (len > ((uint64_t)best_i + (uint64_t)n) * 4)
			len = ((uint64_t)best_i + (uint64_t)n) * 4;
		if ((rc = corpus_text(x->c, from, len, &t, e)))
			return rc;
		const uint8_t *s = t + (at - from);
		for (size_t b = 0; b < best_i && s > t; b++) {
			do
				s--;
			while (s > t && (*s & 0xC0) == 0x80);
		}
		uint64_t start = from + (uint64_t)(s - t);
		if (match_folded(x->fold, (const char *)s,
				 (size_t)(len - (start - from)), fq, n) &&
		    (kept == 0 || r->pos[kept - 1] != start))
			r->pos[kept++] = start;
	}
	r->n = kept;
	return ERR_OK;
}

/* The hits of a one-character form `c`: the positions of every pair it
 * starts, in units, sorted (run_form's contract). */
static enum err_code run_one(struct index *x, uint32_t c,
			     struct search_result *r, struct err *e)
{
	const atomic_int *stop = x->stop;
	enum err_code rc;
	size_t cap = 0;
	uint64_t at;
	if ((rc = lower_bound(x, index_pair_key(c, 0), &at, e)))
		return rc;
	for (; at < x->keys; at++) {
		struct index_entry en;
		if (stopped(stop, e))
			return ERR_CANCELLED;
		if ((rc = get_entry(x, at, &en, e)))
			return rc;
		if (en.key >> 21 != c)
			break;
		if ((rc = decode(x, &en, &r->pos, &r->n, &cap, e)))
			return rc;
	}
	if (sort_positions(r->pos, r->n, x->units, stop) < 0)
		return err_set(e, ERR_NOMEM, "out of memory");
	return stopped(stop, e) ? ERR_CANCELLED : ERR_OK;
}

/* The article each position (in units) of TEXT is in, found in a step or
 * two: the article at every 2^shift-th unit (as many entries as articles
 * at most, made once), then the starts after it.  Galloping from the hit
 * before took 40% of a common character's count at 100 MB, its lists'
 * hits being far apart. */
struct article_map {
	const uint64_t *starts; /* unit_starts' table */
	unsigned shift;
	uint32_t *at; /* (text >> shift) + 1 entries (malloc'd) */
};

static int map_make(struct article_map *m, const uint64_t *starts, size_t na)
{
	uint64_t text = starts[na];
	m->starts = starts;
	m->shift = 0;
	while (text >> m->shift > na)
		m->shift++;
	size_t nb = (size_t)(text >> m->shift) + 1, a = 0;
	if (!(m->at = malloc(nb * sizeof *m->at)))
		return -1;
	for (size_t b = 0; b < nb; b++) {
		while (a + 1 < na && starts[a + 1] <= (uint64_t)b << m->shift)
			a++;
		m->at[b] = (uint32_t)a;
	}
	return 0;
}

/* The article position p (below the end of TEXT) is in. */
static inline size_t map_find(const struct article_map *m, uint64_t p)
{
	size_t a = m->at[p >> m->shift];
	while (m->starts[a + 1] <= p)
		a++;
	return a;
}

/* The counts per article of a one-character form `c` alone
 * (search_count): each list of a pair it starts decoded into one buffer
 * and counted as it comes, the hits neither gathered nor sorted: a common
 * character's are millions.  ERR_NOTFOUND when they are few (under one an
 * article in 32), which run_one gathers and count_units counts. */
static enum err_code count_one(struct index *x, uint32_t c,
			       struct search_result *r, struct err *e)
{
	enum err_code rc;
	uint64_t first, at, total = 0;
	struct index_entry en;
	if ((rc = lower_bound(x, index_pair_key(c, 0), &first, e)))
		return rc;
	for (at = first; at < x->keys; at++) {
		if ((rc = get_entry(x, at, &en, e)))
			return rc;
		if (en.key >> 21 != c)
			break;
		total += en.count;
	}
	size_t na = corpus_article_count(x->c);
	const uint64_t *starts;
	if (total < na / 32)
		return ERR_NOTFOUND;
	struct article_map m = { 0 };
	if ((rc = unit_starts(x, &starts, e)))
		return rc;
	r->narticles = na;
	r->per_article = array_new_large(na, sizeof *r->per_article, 1);
	if (!r->per_article || map_make(&m, starts, na) < 0) {
		return err_set(e, ERR_NOMEM, "out of memory");
	}
	uint64_t *buf = NULL;
	size_t cap = 0;
	uint32_t *per = r->per_article;
	for (uint64_t k = first; k < at && !rc; k++) {
		size_t n = 0;
		if ((rc = get_entry(x, k, &en, e)) ||
		    (rc = decode(x, &en, &buf, &n, &cap, e)))
			break;
		/* decode keeps every position below the end of TEXT, in
		 * units as the starts are */
		for (size_t i = 0; i < n; i++) {
			size_t a = map_find(&m, buf[i]);
			r->articles += per[a]++ == 0;
		}
		r->n += n;
		if (stopped(x->stop, e))
			rc = ERR_CANCELLED;
	}
	free(buf);
	free(m.at);
	return rc;
}

/* The index's entry of every pair the form's letters and digits start,
 * into pr[k], and the rarest of them into `*best` (n when none).
 * `*absent` is set, and the search may stop there, when one of them
 * never occurs: the form has no hits. */
static enum err_code find_pairs(struct index *x, const uint32_t *fq,
				size_t n, struct pair *pr, size_t *best,
				int *absent, struct err *e)
{
	enum err_code rc;
	*best = n, *absent = 0;
	for (size_t k = 0; k + 1 < n; k++) {
		if (!index_starts_pair(fq[k]))
			continue;
		uint64_t key = index_pair_key(fq[k], fq[k + 1]), at;
		if ((rc = lower_bound(x, key, &at, e)))
			return rc;
		if (at >= x->keys) {
			*absent = 1;
			return ERR_OK;
		}
		if ((rc = get_entry(x, at, &pr[k].en, e)))
			return rc;
		if (pr[k].en.key != key) {
			*absent = 1;
			return ERR_OK;
		}
		pr[k].indexed = 1;
		if (*best == n || pr[k].en.count < pr[*best].en.count)
			*best = k;
	}
	return ERR_OK;
}

/* High bits' words a piece of a list is decoded in before its positions
 * are counted (count_pair): 2^15 positions at most, 256 KiB, which stay
 * in the cache. */
enum { PIECE_WORDS = 512 };

/* A stretch of a list decoded a piece at a time and counted into the
 * articles as it goes, its positions never gathered: bytes [w0, w1) of
 * the high bits, positions i0 on.  The second of two stretches holds back
 * the count of its first article, which the first stretch may count
 * too. */
struct streaming {
	const struct list *s;
	uint64_t w0, w1, i0;
	const uint64_t *starts; /* the table of article starts, in units */
	size_t na; /* articles */
	uint32_t *per; /* counts per article */
	size_t art; /* the article of the last position counted */
	size_t articles; /* articles it made non-zero */
	int hold; /* hold back its first article's count */
	size_t held_art; /* that article */
	uint32_t held; /* its count held back */
	uint64_t got; /* positions decoded */
	uint64_t first, last; /* the first and last of them, once got */
	struct err err;
};

/* Count positions pos[0..n), ascending, from article k->art on. */
static void count_piece(struct streaming *k, const uint64_t *pos, size_t n)
{
	const uint64_t *starts = k->starts;
	size_t na = k->na, art = k->art;
	for (size_t i = 0; i < n; i++) {
		uint64_t p = pos[i]; /* below TEXT's units, decode_words says */
		if (p >= starts[art + 1])
			art = article_after(starts, na, art, p);
		if (k->hold && art == k->held_art)
			k->held++;
		else
			k->articles += k->per[art]++ == 0;
	}
	k->art = art;
}

static void *stream_stretch(void *arg)
{
	struct streaming *k = arg;
	uint64_t *buf = malloc(PIECE_WORDS * 64 * sizeof *buf);
	if (!buf) {
		err_set(&k->err, ERR_NOMEM, "out of memory");
		return NULL;
	}
	for (uint64_t w = k->w0; w < k->w1; w += PIECE_WORDS * 8) {
		struct decoding d = {
			.s = k->s, .stop = k->s->x->stop, .w0 = w,
			.w1 = k->w1 - w > PIECE_WORDS * 8 ? w + PIECE_WORDS * 8
							 : k->w1,
			.i0 = k->i0 + k->got, .out = buf,
		};
		decode_words(&d);
		if (d.err.code) {
			k->err = d.err;
			break;
		}
		if (!d.got)
			continue;
		if (k->got && buf[0] <= k->last) {
			list_corrupt(k->s, "has positions out of order or "
				     "outside the text", &k->err);
			break;
		}
		if (!k->got) { /* the article of the first */
			size_t after = array_upper_u64(k->starts, k->na, buf[0]);
			k->art = k->held_art = after ? after - 1 : 0;
			k->first = buf[0];
		}
		k->last = buf[d.got - 1];
		count_piece(k, buf, (size_t)d.got);
		k->got += d.got;
	}
	free(buf);
	return NULL;
}

/* count_pair's list `s` counted into r, the articles starting at
 * `starts` (in units). */
static enum err_code stream_count(const struct list *s,
				  const uint64_t *starts,
				  struct search_result *r, struct err *e)
{
	size_t na = r->narticles;
	enum err_code rc;
	struct streaming k[2] = { {
		.s = s, .w1 = s->highb, .starts = starts, .na = na,
		.per = r->per_article,
	} };
	k[1] = k[0];
	k[1].w0 = k[1].w1; /* nothing, unless the list is long */
	if (s->count >= HALVES_MIN) {
		/* split as decode splits */
		uint64_t mid = s->highb / 16 * 8, before = 0;
		for (uint64_t w = 0; w < mid; w += 8)
			before += popcount64(le_get64(s->high + w));
		if (before <= s->count) {
			k[0].w1 = k[1].w0 = mid;
			k[1].i0 = before;
			k[1].hold = 1;
		}
	}
	if (k[1].w0 < k[1].w1)
		in_halves(stream_stretch, &k[1], &k[0]);
	else
		stream_stretch(&k[0]);
	if ((rc = halves_err(&k[0].err, &k[1].err, e)))
		return rc;
	if (k[1].got && k[0].got && k[1].first <= k[0].last)
		return list_corrupt(s, "has positions out of order or "
				    "outside the text", e);
	if (k[0].got + k[1].got < s->count)
		return list_corrupt(s, "is cut short", e);
	if (k[1].held) {
		r->articles += r->per_article[k[1].held_art] == 0;
		r->per_article[k[1].held_art] += k[1].held;
	}
	r->n = (size_t)s->count;
	r->articles += k[0].articles + k[1].articles;
	return ERR_OK;
}

/* The counts per article of a two-character form `fq` alone
 * (search_count): its pair's list decoded a piece at a time and counted
 * as it comes, in two halves at once for a long list, the positions
 * neither gathered nor kept: 16 bytes a hit of memory written and read
 * again, 2 million hits for 发展 in 1 GB.  ERR_NOTFOUND when the hits are
 * few (under one an article in 32: gathered and counted by run_form and
 * count_units, less work than decoding in pieces) or the
 * form is not a pair's (a '\n'), which run_form answers. */
static enum err_code count_pair(struct index *x, const uint32_t *fq,
				struct search_result *r, struct err *e)
{
	struct pair pr[2] = { 0 };
	size_t best, na = corpus_article_count(x->c);
	int absent;
	enum err_code rc;
	if (fq[0] == '\n' || fq[1] == '\n')
		return ERR_NOTFOUND;
	if ((rc = find_pairs(x, fq, 2, pr, &best, &absent, e)))
		return rc;
	if (absent || best != 0 || pr[0].en.count < na / 32)
		return ERR_NOTFOUND;
	struct list s;
	const uint64_t *starts;
	if ((rc = list_open(x, &pr[0].en, &s, e)) ||
	    (rc = unit_starts(x, &starts, e)))
		return rc;
	r->narticles = na;
	r->per_article = array_new_large(na, sizeof *r->per_article, 1);
	if (r->per_article)
		rc = stream_count(&s, starts, r, e);
	else
		rc = err_set(e, ERR_NOMEM, "out of memory");
	return rc;
}


/* For run_shifted: the pairs to read (into `use`, pick_pairs), chosen
 * by the candidates they give times the lists they are filtered through,
 * the least; returns how many, 0 when no pairs hold every character (the
 * hits are then found by run_checked). */
static size_t plan_shifted(size_t n, const struct pair *pr, size_t best,
			   size_t *use, unsigned char *in)
{
	size_t with = n;
	uint64_t least = UINT64_MAX;
	for (size_t k = 0; k + 1 < n; k++) {
		if (!pr[k].indexed || (n > 64 && k != best))
			continue; /* a long query: the rarest only */
		size_t m = pick_pairs(n, pr, k, use, in);
		if (m && pr[use[0]].en.count * m < least)
			least = pr[use[0]].en.count * m, with = k;
	}
	return with < n ? pick_pairs(n, pr, with, use, in) : 0;
}

/* The hits of a folded form `fq` of n > 1 code points (by_index) through
 * the index, ascending, into r->pos and r->n, in units, or in bytes
 * (*bytes set) when they were checked against the text; the caller frees
 * r->pos, on error too. */
static enum err_code run_units(struct index *x, const uint32_t *fq,
			       size_t n, struct search_result *r, int *bytes,
			       struct err *e)
{
	enum err_code rc;
	size_t cap = 0;
	if (stopped(x->stop, e))
		return ERR_CANCELLED; /* not wanted before it started */
	/* No block holds a '\n', so no query with one has a hit; the pairs
	 * would find one, at the '\n' that ends every block in TEXT. */
	for (size_t k = 0; k < n; k++)
		if (fq[k] == '\n')
			return ERR_OK;
	struct pair *pr = calloc(n, sizeof *pr); /* n - 1 used */
	size_t *use = malloc(n * sizeof *use);
	unsigned char *in = malloc(n);
	if (!pr || !use || !in) {
		rc = err_set(e, ERR_NOMEM, "out of memory");
		goto out;
	}
	size_t best;
	int absent;
	if ((rc = find_pairs(x, fq, n, pr, &best, &absent, e)) || absent)
		goto out; /* an error, or a pair that never occurs: no hits */
	if (n == 2) {
		/* a pair's positions are its hits */
		rc = decode(x, &pr[best].en, &r->pos, &r->n, &cap, e);
		goto out;
	}
	/* From the index alone when its pairs hold every character, the
	 * pairs read chosen by the candidates they give and the lists they
	 * are filtered through; else from the text. */
	size_t nu = plan_shifted(n, pr, best, use, in);
	if (nu)
		rc = run_shifted(x, fq, n, pr, use, nu, r, e);
	else
		rc = run_checked(x, fq, n, &pr[best].en, best, r, e);
	*bytes = !nu;
out:
	free(pr);
	free(use);
	free(in);
	return rc;
}

/* Half of to_bytes_all's work. */
struct converting {
	struct index *x;
	uint64_t *pos;
	size_t n;
	struct err err;
};

static void *convert(void *arg)
{
	struct converting *k = arg;
	struct walk w;
	walk_start(&w, k->x);
	to_bytes(&w, k->pos, k->n, &k->err);
	return NULL;
}

/* Hits from which to_bytes_all works in two halves: spread over the
 * text, 4096 hits read some 200,000 runs of the map (about 55 each, half
 * a group's), half a millisecond, which a thread more is well worth. */
enum { CONVERT_HALVES_MIN = 1 << 12 };

/* Ascending units pos[0..n) into TEXT byte offsets, many in two halves
 * at once. */
static enum err_code to_bytes_all(struct index *x, uint64_t *pos, size_t n,
				  struct err *e)
{
	struct converting k[2] = { { x, pos, n, { 0 } } };
	if (n < CONVERT_HALVES_MIN) {
		convert(&k[0]);
		return halves_err(&k[0].err, &k[1].err, e);
	}
	k[0].n = n / 2;
	k[1] = (struct converting){ x, pos + n / 2, n - n / 2, { 0 } };
	in_halves(convert, &k[1], &k[0]);
	return halves_err(&k[0].err, &k[1].err, e);
}

/* ---- hits kept in units ------------------------------------------------*/

/* A file's stretch of a result's units: its index (the map's place in
 * it), its first unit in the result's numbering and its first byte in
 * TEXT's (both 0 for one file; a set's files follow each other). */
struct map_part {
	struct index x;
	uint64_t units, text;
};

/* Hits search_hit keeps turned into bytes, by hit: the reader asks for
 * the same few (the open article's, for every line drawn) again and
 * again.  A power of two. */
enum { MAP_CACHE = 256 };

/* How a result's units turn into bytes: one part a file, ascending. */
struct search_map {
	struct map_part *part;
	size_t n, cap;
	struct err err; /* the first search_hit that failed */
	struct {
		size_t h; /* SIZE_MAX: none */
		uint64_t at;
	} cache[MAP_CACHE];
};

static void map_free(struct search_map *m)
{
	if (m) {
		free(m->part);
		free(m);
	}
}

/* A part added to r->map (made when NULL): units from `units` on are
 * x's, from byte `text`.  ERR_OK or ERR_NOMEM. */
static enum err_code map_add(struct search_result *r, const struct index *x,
			     uint64_t units, uint64_t text, struct err *e)
{
	if (!r->map) {
		if (!(r->map = calloc(1, sizeof *r->map)))
			return err_set(e, ERR_NOMEM, "out of memory");
		for (size_t i = 0; i < MAP_CACHE; i++)
			r->map->cache[i].h = SIZE_MAX;
	}
	struct search_map *m = r->map;
	if (array_grow(&m->part, &m->cap, m->n + 1, sizeof *m->part) < 0)
		return err_set(e, ERR_NOMEM, "out of memory");
	m->part[m->n] = (struct map_part){ *x, units, text };
	m->part[m->n].x.stop = NULL; /* a hit asked for is not cancelled */
	m->n++;
	return ERR_OK;
}

/* The part holding unit u: the last that starts at or before it. */
static const struct map_part *map_part_of(const struct search_map *m,
					  uint64_t u)
{
	size_t lo = 1, hi = m->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->part[mid].units <= u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return &m->part[lo - 1];
}

uint64_t search_hit(const struct search_result *r, size_t h)
{
	if (!r->map)
		return r->pos[h];
	struct search_map *m = r->map;
	if (m->cache[h % MAP_CACHE].h == h)
		return m->cache[h % MAP_CACHE].at;
	const struct map_part *p = map_part_of(m, r->pos[h]);
	struct index x = p->x; /* the walk's; the part's stays as it is */
	struct walk w;
	struct err e = { 0 };
	uint64_t b = 0;
	walk_start(&w, &x);
	if (walk_to(&w, r->pos[h] - p->units, &b, &e)) {
		if (!m->err.code)
			m->err = e;
		return UINT64_MAX;
	}
	m->cache[h % MAP_CACHE].h = h;
	m->cache[h % MAP_CACHE].at = p->text + b;
	return p->text + b;
}

size_t search_hit_lower(const struct search_result *r, uint64_t at)
{
	size_t lo = 0, hi = r->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (search_hit(r, mid) < at)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct err *search_hit_error(const struct search_result *r)
{
	return r->map && r->map->err.code ? &r->map->err : NULL;
}

enum err_code search_result_bytes(struct search_result *r, struct err *e)
{
	struct search_map *m = r->map;
	if (!m)
		return ERR_OK;
	/* into a copy, so that `r` is as it was when the map fails */
	uint64_t *pos = array_new_large(r->n ? r->n : 1, sizeof *pos, 0);
	if (!pos)
		return err_set(e, ERR_NOMEM, "out of memory");
	memcpy(pos, r->pos, r->n * sizeof *pos);
	size_t h = 0;
	for (size_t k = 0; k < m->n; k++) {
		const struct map_part *p = &m->part[k];
		uint64_t end = k + 1 < m->n ? m->part[k + 1].units : UINT64_MAX;
		size_t from = h;
		for (; h < r->n && pos[h] < end; h++)
			pos[h] -= p->units;
		struct index x = p->x;
		enum err_code rc = to_bytes_all(&x, pos + from, h - from, e);
		if (rc) {
			free(pos);
			return rc;
		}
		for (size_t i = from; i < h; i++)
			pos[i] += p->text;
	}
	free(r->pos);
	r->pos = pos;
	map_free(m);
	r->map = NULL;
	return ERR_OK;
}

/* The hits of one folded form `fq` (n code points, by_index) through the
 * index, ascending, into r->pos and r->n: in units, or in bytes (*bytes
 * set) when they were checked against the text; the caller frees r->pos,
 * on error too. */
static enum err_code run_form(struct index *x, const uint32_t *fq, size_t n,
			      struct search_result *r, int *bytes,
			      struct err *e)
{
	*bytes = 0;
	return n == 1 ? run_one(x, fq[0], r, e)
		      : run_units(x, fq, n, r, bytes, e);
}

/* Counts per article of the hits run_form found in units, against the
 * articles' starts in units (made once per file, unit_starts), none turned
 * into bytes: r->map is set, for search_hit.  Turning even a rare
 * character's 10,000 hits at 1 GB into bytes at once took 18 ms, each in
 * a group of the map of its own. */
static enum err_code count_units(struct index *x, struct search_result *r,
				 const atomic_int *stop, struct err *e)
{
	size_t na = corpus_article_count(x->c);
	enum err_code rc;
	const uint64_t *starts;
	if (r->n == 0)
		return count_articles(x->c, r, stop, e);
	if ((rc = map_add(r, x, 0, 0, e)))
		return rc;
	r->narticles = na;
	r->per_article = array_new_large(na, sizeof *r->per_article, 1);
	if (!r->per_article)
		return err_set(e, ERR_NOMEM, "out of memory");
	if ((rc = unit_starts(x, &starts, e)))
		return rc;
	return count_sorted(x->c, r, starts, stop, e);
}

/* How a query is searched: through the index for its hits in order, or
 * for its counts alone (search_count: a common character's positions
 * need not be sorted), or by reading every block (search_scan). */
enum how { HITS, COUNTS, SCAN };

static enum err_code scan(struct corpus *c, const struct search_query *q,
			  struct search_result *r, const atomic_int *stop,
			  struct err *e);

/* The hits of the query `q` through the index, counted per article. */
static enum err_code run_query(struct corpus *c, const struct search_query *q,
			       enum how how, struct search_result *r,
			       const atomic_int *stop, struct err *e)
{
	struct index x;
	enum err_code rc;
	if (!q->len)
		return count_articles(c, r, stop, e);
	if ((rc = open_index(c, &x, e)))
		return rc;
	x.stop = stop;
	if (!by_index(q->fq, q->len))
		return scan(c, q, r, stop, e);
	if (how == COUNTS && q->len == 1 &&
	    (rc = count_one(&x, q->fq[0], r, e)) != ERR_NOTFOUND)
		return rc;
	if (how == COUNTS && q->len == 2 &&
	    (rc = count_pair(&x, q->fq, r, e)) != ERR_NOTFOUND)
		return rc;
	int bytes;
	if ((rc = run_form(&x, q->fq, q->len, r, &bytes, e)))
		return rc;
	if (!bytes)
		return count_units(&x, r, stop, e);
	return count_articles(c, r, stop, e);
}

enum err_code search_run(struct corpus *c, const char *q, size_t qlen,
			 struct search_result *r, struct err *e)
{
	return search_run_until(c, q, qlen, r, NULL, e);
}

/* The query folded as corpus `c` folds, searched as `how` says into a
 * fresh `r`, and freed; `r` is empty again on an error. */
static enum err_code with_query(struct corpus *c, const char *q, size_t qlen,
				enum how how, struct search_result *r,
				const atomic_int *stop, struct err *e)
{
	memset(r, 0, sizeof *r);
	struct search_query f;
	if (search_query_make(corpus_variants(c), q, qlen, &f) < 0)
		return err_set(e, ERR_NOMEM, "out of memory");
	enum err_code rc = how == SCAN ? scan(c, &f, r, stop, e)
				       : run_query(c, &f, how, r, stop, e);
	search_query_free(&f);
	if (how == COUNTS) {
		free(r->pos);
		r->pos = NULL;
		map_free(r->map);
		r->map = NULL;
	}
	if (rc)
		search_result_free(r);
	return rc;
}

/* File k's hits `one` (in its own numbering) put after r's, whose next
 * file's text starts at `at` (bytes) and `units`.  While every file's hits
 * so far are units, r's stay units, in the set's numbering (a file's
 * units moved by the units of the files before it), and its map gains the
 * file's part; a file's hits in bytes (checked against the text) turn r's
 * into bytes, and every later file's (as does `units_known` clear: a file
 * before had no index to count its units).  ERR_OK, or ERR_NOMEM, or a
 * damaged map's ERR_CORRUPT. */
static enum err_code put_part(struct search_result *r, size_t *cap,
			      struct search_result *one, uint64_t at,
			      uint64_t units, int units_known, struct err *e)
{
	enum err_code rc;
	int in_units = units_known && (r->map || !r->n) &&
		       (one->map || !one->n);
	if (!in_units && r->map) {
		if ((rc = search_result_bytes(r, e)))
			return rc;
		*cap = r->n; /* a new array, as long as its hits */
	}
	if (!in_units && (rc = search_result_bytes(one, e)))
		return rc;
	if (one->n > SIZE_MAX - r->n ||
	    array_grow(&r->pos, cap, r->n + one->n, sizeof *r->pos) < 0)
		return err_set(e, ERR_NOMEM, "out of memory");
	uint64_t shift = in_units ? units : at;
	for (size_t i = 0; i < one->n; i++)
		r->pos[r->n++] = one->pos[i] + shift;
	if (one->map)
		return map_add(r, &one->map->part[0].x, units, at, e);
	return ERR_OK;
}

/* A query asked `how` (HITS or COUNTS) of a set of files: each file asked
 * as search_run_until or search_count asks one (its hits moved by its
 * place in TEXT, or in the set's units while every file's are units; or
 * only counted, a common pair's as its list is decoded, no hit gathered),
 * its counts put at its place among the articles; the files follow each
 * other, so the hits stay ascending.  `r` is empty again on an error. */
static enum err_code in_parts(struct corpus *c, const char *q, size_t qlen,
			      enum how how, struct search_result *r,
			      const atomic_int *stop, struct err *e)
{
	enum err_code rc = ERR_OK;
	size_t cap = 0;
	uint64_t units = 0; /* of the files before */
	int units_known = 1; /* every file before had an index to say */
	memset(r, 0, sizeof *r);
	r->narticles = corpus_article_count(c);
	r->per_article = array_new_large(r->narticles, sizeof *r->per_article,
					 1);
	if (!r->per_article)
		return err_set(e, ERR_NOMEM, "out of memory");
	for (size_t k = 0; k < corpus_parts(c) && !rc; k++) {
		struct corpus_base at;
		struct corpus *p = corpus_part(c, k, &at);
		struct search_result one;
		if ((rc = with_query(p, q, qlen, how, &one, stop, e)))
			break;
		if (how == COUNTS) {
			r->n += one.n;
		} else if (!(rc = put_part(r, &cap, &one, at.text, units,
					   units_known, e)) &&
			   units_known && (r->map || !r->n)) {
			/* the next file's units start after this one's (a
			 * query of marks alone never opened the index: one
			 * without one ends the units, not the search) */
			struct index x;
			struct err ignored = { 0 };
			if (open_index(p, &x, &ignored) == ERR_OK)
				units += x.units;
			else
				units_known = 0;
		}
		if (!rc && one.narticles)
			memcpy(r->per_article + at.article, one.per_article,
			       one.narticles * sizeof *one.per_article);
		r->articles += one.articles;
		search_result_free(&one);
	}
	if (rc)
		search_result_free(r);
	return rc;
}

enum err_code search_run_until(struct corpus *c, const char *q, size_t qlen,
			       struct search_result *r, const atomic_int *stop,
			       struct err *e)
{
	if (corpus_parts(c) > 1)
		return in_parts(c, q, qlen, HITS, r, stop, e);
	return with_query(c, q, qlen, HITS, r, stop, e);
}

enum err_code search_count(struct corpus *c, const char *q, size_t qlen,
			   struct search_result *r, struct err *e)
{
	if (corpus_parts(c) > 1)
		return in_parts(c, q, qlen, COUNTS, r, NULL, e);
	return with_query(c, q, qlen, COUNTS, r, NULL, e);
}

int search_block_hits(const struct corpus_block *b,
		      const struct search_query *q, struct search_result *r,
		      size_t *cap)
{
	size_t i = 0, len = b->text.len, hit;
	while ((i = search_find(q, b->text.s, len, i, &hit)) < len) {
		if (array_grow(&r->pos, cap, r->n + 1, sizeof *r->pos) < 0)
			return -1;
		r->pos[r->n++] = b->offset + i;
		uint32_t uc;
		i += utf8_next(b->text.s + i, len - i, &uc);
	}
	return 0;
}

/* Every hit of the query, by reading every block, then counted per
 * article: what the index must agree with, and the search of a query that
 * starts no indexed pair. */
static enum err_code scan(struct corpus *c, const struct search_query *q,
			  struct search_result *r, const atomic_int *stop,
			  struct err *e)
{
	enum err_code rc = ERR_OK;
	size_t cap = 0;
	for (size_t j = 0; q->len > 0 && j < corpus_block_count(c); j++) {
		struct corpus_block b;
		if (j % 1024 == 1023 && stopped(stop, e))
			return ERR_CANCELLED;
		if ((rc = corpus_block(c, j, &b, e)))
			return rc;
		if (search_block_hits(&b, q, r, &cap) < 0)
			return err_set(e, ERR_NOMEM, "out of memory");
	}
	return count_articles(c, r, stop, e);
}

enum err_code search_scan(struct corpus *c, const char *q, size_t qlen,
			  struct search_result *r, struct err *e)
{
	return with_query(c, q, qlen, SCAN, r, NULL, e);
}

/* A bisection of its own, not array_lower_bound: reading a record can
 * fail (a bad checksum), and the search stops at the block holding pos.
 * The records alone: the text of the blocks passed on the way is not
 * read (the caller reads the one it is in). */
enum err_code search_locate(struct corpus *c, uint64_t pos, size_t *block,
			    size_t *off, struct err *e)
{
	size_t lo = 0, hi = corpus_block_count(c);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint64_t at;
		uint32_t len;
		enum err_code rc = corpus_block_span(c, mid, &at, &len, e);
		if (rc)
			return rc;
		if (pos < at)
			hi = mid;
		else if (pos > at + len)
			lo = mid + 1;
		else {
			*block = mid;
			*off = (size_t)(pos - at);
			return ERR_OK;
		}
	}
	return err_set(e, ERR_CORRUPT, "%s: text offset %llu is in no block",
		       corpus_name(c), (unsigned long long)pos);
}

enum err_code search_verify(struct corpus *c, struct err *e)
{
	return search_verify_counted(c, NULL, e);
}

/* Whether the MAP is, byte for byte, `m`: the map of TEXT (the lists'
 * bytes were checked as they were decoded). */
static enum err_code verify_map(struct index *x, struct index_map_maker *m,
				struct err *e)
{
	if (index_map_finish(m) < 0)
		return err_set(e, ERR_NOMEM, "out of memory");
	const uint8_t *p;
	uint64_t heads = (x->groups + 1) * INDEX_MAP_ENTRY;
	if (m->units != x->units || m->nheads * INDEX_MAP_ENTRY != heads ||
	    m->nruns != x->runs_bytes)
		return map_corrupt(x, "is not the text's", e);
	enum err_code rc = corpus_index(x->c, x->map, heads + x->runs_bytes,
					&p, e);
	if (rc)
		return rc;
	if (memcmp(p, m->heads, heads) ||
	    (m->nruns && memcmp(p + heads, m->runs, m->nruns)))
		return map_corrupt(x, "is not the text's", e);
	return ERR_OK;
}

/* What search_verify makes from TEXT, block by block, to compare with
 * the MAP and the articles' starts in units. */
struct units_check {
	struct index *x;
	struct index_map_maker map; /* the map of the blocks so far */
	const uint64_t *bytes; /* every article's start, from its record */
	uint64_t *units; /* ... in units, as far as the blocks go */
	size_t na, k; /* articles; those whose start is passed */
	int off; /* an article starts inside a block */
};

static enum err_code units_check_start(struct index *x,
				       struct units_check *u, struct err *e)
{
	*u = (struct units_check){ .x = x, .na = corpus_article_count(x->c) };
	index_map_init(&u->map);
	enum err_code rc = corpus_article_starts(x->c, &u->bytes, e);
	if (rc)
		return rc;
	if (!(u->units = malloc((u->na + 1) * sizeof *u->units)))
		return err_set(e, ERR_NOMEM, "out of memory");
	return ERR_OK;
}

static void units_check_free(struct units_check *u)
{
	index_map_free(&u->map);
	free(u->units);
}

/* The articles that start at or before `at`, the map having reached it:
 * each at it, or else u->off is set. */
static void units_check_starts(struct units_check *u, uint64_t at)
{
	for (; u->k < u->na && u->bytes[u->k] <= at; u->k++) {
		u->off |= u->bytes[u->k] != at;
		u->units[u->k] = u->map.units;
	}
}

static enum err_code units_check_add(struct units_check *u,
				     const struct corpus_block *b,
				     struct err *e)
{
	units_check_starts(u, b->offset);
	if (index_map_add(&u->map, b->text.s, b->text.len) < 0 ||
	    index_map_add(&u->map, "\n", 1) < 0)
		return err_set(e, ERR_NOMEM, "out of memory");
	return ERR_OK;
}

/* The map and the starts in units compared with the index's. */
static enum err_code units_check_end(struct units_check *u, struct err *e)
{
	units_check_starts(u, u->x->text);
	enum err_code rc = verify_map(u->x, &u->map, e);
	const uint64_t *have = NULL;
	if (!rc)
		rc = unit_starts(u->x, &have, e);
	if (!rc && (u->off || u->k != u->na ||
		    memcmp(have, u->units, u->na * sizeof *have)))
		rc = err_set(e, ERR_CORRUPT, "%s: the search index's article "
			     "starts are not the text's",
			     corpus_name(u->x->c));
	return rc;
}

enum err_code search_verify_counted(struct corpus *c, struct progress *p,
				    struct err *e)
{
	if (corpus_parts(c) > 1) {
		/* an index per file, over the file's own TEXT */
		for (size_t k = 0; k < corpus_parts(c); k++) {
			struct corpus_base at;
			enum err_code rc = search_verify_counted(
				corpus_part(c, k, &at), p, e);
			if (rc)
				return rc;
		}
		return ERR_OK;
	}
	struct index x;
	enum err_code rc = open_index(c, &x, e);
	if (rc)
		return rc;
	uint64_t *pos = NULL, total = 0, prev_key = 0, counted = 0;
	size_t cap = 0;
	for (uint64_t i = 0; i < x.keys; i++) {
		struct index_entry en;
		size_t n = 0;
		if ((rc = get_entry(&x, i, &en, e)))
			break;
		if (i && en.key <= prev_key) {
			rc = err_set(e, ERR_CORRUPT, "%s: search index keys out "
				     "of order at entry %llu", corpus_name(c),
				     (unsigned long long)i);
			break;
		}
		prev_key = en.key;
		if ((rc = decode(&x, &en, &pos, &n, &cap, e)))
			break;
		total += n;
		/* the index's bytes spread over its entries (a product far
		 * from overflowing: bytes and keys of a 10 GB corpus) */
		uint64_t upto = corpus_index_size(c) * (i + 1) / x.keys;
		progress_add(p, 0, upto - counted, 0);
		counted = upto;
	}
	free(pos);
	if (rc)
		return rc;
	/* every indexed character of TEXT starts one pair; the map and the
	 * articles' starts in units are the ones its text makes */
	uint64_t chars = 0;
	struct units_check u;
	if ((rc = units_check_start(&x, &u, e)))
		return rc;
	for (size_t j = 0; j < corpus_block_count(c); j++) {
		struct corpus_block b;
		if ((rc = corpus_block(c, j, &b, e)) ||
		    (rc = units_check_add(&u, &b, e))) {
			units_check_free(&u);
			return rc;
		}
		for (size_t i = 0; i < b.text.len;) {
			uint32_t uc;
			i += utf8_next(b.text.s + i, b.text.len - i, &uc);
			chars += index_starts_pair(index_fold(x.fold, uc)) != 0;
		}
		progress_add(p, 0, b.text.len + 1, 0);
	}
	rc = units_check_end(&u, e);
	units_check_free(&u);
	if (rc)
		return rc;
	if (chars != total)
		return err_set(e, ERR_CORRUPT, "%s: the search index holds %llu "
			       "positions for %llu characters", corpus_name(c),
			       (unsigned long long)total,
			       (unsigned long long)chars);
	return ERR_OK;
}
