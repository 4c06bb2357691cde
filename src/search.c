/* search: folding, the index and queries (see include/kanbao/search.h). */
#include "kanbao/search.h"

#include <stdlib.h>
#include <string.h>
#include <unictype.h>

#include "kanbao/u64map.h"
#include "kanbao/utf8.h"

static const uint8_t index_magic[8] = { 'K', 'B', 'I', 'N',
					'D', 'E', 'X', '2' };
enum { ENTRY_SIZE = 24, HEAD_SIZE = 16 };

/* ---- folding ------------------------------------------------------------*/

uint32_t search_fold(uint32_t uc)
{
	if (uc >= 0xFF01 && uc <= 0xFF5E)
		uc -= 0xFEE0; /* full-width ASCII */
	else if (uc == 0x3000)
		uc = ' ';
	switch (uc) {
	case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033:
		return '"';
	case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
		return '\'';
	}
	if (uc >= 'A' && uc <= 'Z')
		uc += 'a' - 'A';
	return uc;
}

long search_fold_str(const char *s, size_t n, uint32_t **out)
{
	uint32_t *v = malloc((n ? n : 1) * sizeof *v);
	if (!v)
		return -1;
	long k = 0;
	for (size_t i = 0; i < n;) {
		uint32_t uc;
		i += utf8_next(s + i, n - i, &uc);
		v[k++] = search_fold(uc);
	}
	*out = v;
	return k;
}

static uint64_t pair_key(uint32_t a, uint32_t b)
{
	return (uint64_t)a << 21 | b;
}

/* Whether a (folded) character starts indexed pairs: letters and digits of
 * any script (Han, kana, Latin...).  Punctuation, spaces and symbols do
 * not: they are a ninth of the characters of Chinese news and seldom what
 * a query starts with; a query of them alone is found by reading the text,
 * a longer one through the pairs its letters start. */
static int indexed(uint32_t folded)
{
	return uc_is_general_category(folded, UC_CATEGORY_L) ||
	       uc_is_general_category(folded, UC_CATEGORY_N);
}

/* The shape of an Elias-Fano list of n positions below u: each position
 * split into L low bits, stored as they are (n * L bits), and the rest in
 * unary in a bit vector of n + (u >> L) + 1 bits; L = floor(log2(u / n)).
 * About 2 + log2(u / n) bits a position, where LEB128 deltas took 2.5
 * bytes on a 100 MB corpus. */
static unsigned ef_low_bits(uint64_t n, uint64_t u)
{
	unsigned l = 0;
	while (n && l < 56 && u >> (l + 1) >= n)
		l++;
	return l;
}

static uint64_t ef_bytes(uint64_t n, uint64_t u, unsigned l)
{
	return (n * l + 7) / 8 + (n + (u >> l) + 1 + 7) / 8;
}

/* ---- building -----------------------------------------------------------*/

struct search_builder {
	struct u64map count; /* pair key -> positions it starts */
	uint64_t total; /* positions in all */
	uint64_t *fill; /* after layout, per slot: next free position */
	uint64_t *pos; /* after layout: every position, grouped by key */
	size_t *order; /* after layout: the slots sorted by key */
	uint64_t text; /* after placing: the size of TEXT */
};

struct search_builder *search_builder_new(void)
{
	return calloc(1, sizeof(struct search_builder));
}

void search_builder_free(struct search_builder *b)
{
	if (!b)
		return;
	u64map_free(&b->count);
	free(b->fill);
	free(b->pos);
	free(b->order);
	free(b);
}

/* Call `fn` for every indexed character of a block with the pair it
 * starts (with the next character, or with '\n' for the last) and its byte
 * offset.
 * Stops at the first non-zero return and returns it. */
static int each_pair(const char *text, size_t len,
		     int (*fn)(void *ctx, uint64_t key, size_t at), void *ctx)
{
	uint32_t prev = 0;
	size_t at = 0;
	for (size_t i = 0; i <= len;) {
		uint32_t uc = '\n';
		size_t step = 1;
		if (i < len)
			step = utf8_next(text + i, len - i, &uc);
		uc = search_fold(uc);
		if (i > 0 && indexed(prev)) {
			int rc = fn(ctx, pair_key(prev, uc), at);
			if (rc)
				return rc;
		}
		prev = uc;
		at = i;
		i += step;
	}
	return 0;
}

static int count_pair(void *ctx, uint64_t key, size_t at)
{
	struct search_builder *b = ctx;
	uint64_t *n = u64map_ref(&b->count, key);
	(void)at;
	if (!n)
		return -1;
	++*n;
	b->total++;
	return 0;
}

int search_builder_count(struct search_builder *b, const char *text,
			 size_t len)
{
	return each_pair(text, len, count_pair, b);
}

static const struct u64map *sort_keys;

static int by_key(const void *x, const void *y)
{
	uint64_t a = sort_keys->keys[*(const size_t *)x];
	uint64_t b = sort_keys->keys[*(const size_t *)y];
	return (a > b) - (a < b);
}

int search_builder_layout(struct search_builder *b)
{
	const struct u64map *m = &b->count;
	b->order = malloc((m->used ? m->used : 1) * sizeof *b->order);
	b->fill = calloc(m->cap ? m->cap : 1, sizeof *b->fill);
	b->pos = malloc((b->total ? b->total : 1) * sizeof *b->pos);
	if (!b->order || !b->fill || !b->pos)
		return -1;
	size_t k = 0;
	for (size_t i = 0; i < m->cap; i++)
		if (m->keys[i])
			b->order[k++] = i;
	sort_keys = m;
	qsort(b->order, k, sizeof *b->order, by_key);
	uint64_t at = 0;
	for (size_t i = 0; i < k; i++) {
		b->fill[b->order[i]] = at;
		at += m->vals[b->order[i]];
	}
	return 0;
}

struct placing {
	struct search_builder *b;
	uint64_t offset; /* of the block in TEXT */
};

static int place_pair(void *ctx, uint64_t key, size_t at)
{
	struct placing *p = ctx;
	size_t s = u64map_slot(&p->b->count, key);
	p->b->pos[p->b->fill[s]++] = p->offset + at;
	return 0;
}

int search_builder_place(struct search_builder *b, const char *text,
			 size_t len, uint64_t offset)
{
	struct placing p = { b, offset };
	if (offset + len + 1 > b->text)
		b->text = offset + len + 1;
	return each_pair(text, len, place_pair, &p);
}

static void put64le(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get64le(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* Set the low `n` (<= 56) bits of `v` at bit `at` of `p` (zeroed before):
 * they lie in the 8 bytes from at / 8. */
static void put_bits(uint8_t *p, uint64_t at, uint64_t v, unsigned n)
{
	v = (v & ((1ull << n) - 1)) << at % 8;
	for (unsigned k = 0; k < (at % 8 + n + 7) / 8; k++)
		p[at / 8 + k] |= (uint8_t)(v >> 8 * k);
}

int search_builder_encode(struct search_builder *b, uint8_t **out,
			  size_t *size)
{
	size_t keys = b->count.used;
	uint64_t u = b->text, bytes = 0;
	for (size_t i = 0; i < keys; i++) {
		uint64_t n = b->count.vals[b->order[i]];
		bytes += ef_bytes(n, u, ef_low_bits(n, u));
	}
	*size = HEAD_SIZE + keys * ENTRY_SIZE + bytes;
	uint8_t *p = calloc(*size ? *size : 1, 1);
	if (!p)
		return -1;
	memcpy(p, index_magic, 8);
	put64le(p + 8, keys);
	uint8_t *post = p + HEAD_SIZE + keys * ENTRY_SIZE;
	uint64_t used = 0;
	uint64_t at = 0; /* the key's first position in `pos` */
	for (size_t i = 0; i < keys; i++) {
		size_t s = b->order[i];
		uint8_t *e = p + HEAD_SIZE + i * ENTRY_SIZE;
		uint64_t n = b->count.vals[s];
		unsigned l = ef_low_bits(n, u);
		put64le(e, b->count.keys[s]);
		put64le(e + 8, used);
		for (int k = 0; k < 4; k++)
			e[16 + k] = (uint8_t)(n >> (8 * k));
		e[20] = (uint8_t)l;
		/* positions were placed in TEXT order: ascending */
		uint8_t *low = post + used, *high = low + (n * l + 7) / 8;
		for (uint64_t j = 0; j < n; j++) {
			uint64_t v = b->pos[at + j];
			put_bits(low, j * l, v, l);
			uint64_t bit = (v >> l) + j;
			high[bit / 8] |= (uint8_t)(1u << bit % 8);
		}
		used += ef_bytes(n, u, l);
		at += n;
	}
	*out = p;
	return 0;
}

/* ---- queries ------------------------------------------------------------*/

void search_result_free(struct search_result *r)
{
	free(r->pos);
	free(r->per_article);
	memset(r, 0, sizeof *r);
}

size_t search_match(const char *s, size_t n, const uint32_t *fq, size_t fqn)
{
	size_t i = 0;
	for (size_t k = 0; k < fqn; k++) {
		if (i >= n)
			return 0;
		uint32_t uc;
		i += utf8_next(s + i, n - i, &uc);
		if (search_fold(uc) != fq[k])
			return 0;
	}
	return i;
}

size_t search_find(const char *s, size_t n, size_t from, const uint32_t *fq,
		   size_t fqn)
{
	if (!fqn)
		return n;
	for (size_t i = from; i < n;) {
		uint32_t uc;
		size_t len = utf8_next(s + i, n - i, &uc);
		/* the first character decides most places at once */
		if (search_fold(uc) == fq[0] &&
		    search_match(s + i, n - i, fq, fqn))
			return i;
		i += len;
	}
	return n;
}

/* The index, read through the corpus so every byte is checked. */
struct index {
	struct corpus *c;
	uint64_t size; /* bytes of INDEX */
	uint64_t keys; /* entries */
	uint64_t post; /* offset of the postings */
	uint64_t text; /* bytes of TEXT: positions lie below */
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

static enum err_code open_index(struct corpus *c, struct index *x,
				struct err *e)
{
	const uint8_t *p;
	x->c = c;
	x->stop = NULL;
	x->size = corpus_index_size(c);
	x->text = corpus_text_size(c);
	if (x->size < HEAD_SIZE)
		return err_set(e, ERR_CORRUPT, "%s: the search index is "
			       "missing (rebuild the corpus)", corpus_name(c));
	enum err_code rc = corpus_index(c, 0, HEAD_SIZE, &p, e);
	if (rc)
		return rc;
	if (memcmp(p, index_magic, 8))
		return err_set(e, ERR_CORRUPT, "%s: the search index has a bad "
			       "magic", corpus_name(c));
	x->keys = get64le(p + 8);
	if (x->keys > (x->size - HEAD_SIZE) / ENTRY_SIZE)
		return err_set(e, ERR_CORRUPT, "%s: the search index claims "
			       "%llu keys, more than fit", corpus_name(c),
			       (unsigned long long)x->keys);
	x->post = HEAD_SIZE + x->keys * ENTRY_SIZE;
	return ERR_OK;
}

struct entry {
	uint64_t key, off, count;
	unsigned low; /* the Elias-Fano low bits */
};

static enum err_code get_entry(struct index *x, uint64_t i, struct entry *out,
			       struct err *e)
{
	const uint8_t *p;
	enum err_code rc = corpus_index(x->c, HEAD_SIZE + i * ENTRY_SIZE,
					ENTRY_SIZE, &p, e);
	if (rc)
		return rc;
	out->key = get64le(p);
	out->off = get64le(p + 8);
	out->count = (uint64_t)p[16] | (uint64_t)p[17] << 8 |
		     (uint64_t)p[18] << 16 | (uint64_t)p[19] << 24;
	out->low = p[20];
	if (p[21] || p[22] || p[23])
		return err_set(e, ERR_CORRUPT, "%s: search index entry %llu: "
			       "reserved bytes are not zero",
			       corpus_name(x->c), (unsigned long long)i);
	return ERR_OK;
}

/* The first entry whose key is >= k (keys are sorted). */
static enum err_code lower_bound(struct index *x, uint64_t k, uint64_t *at,
				 struct err *e)
{
	uint64_t lo = 0, hi = x->keys;
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2;
		struct entry en;
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

/* Up to 8 bytes at `p` (of which `avail` may be read), little-endian. */
static inline uint64_t load_le(const uint8_t *p, uint64_t avail)
{
	uint64_t v = 0;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (avail >= 8) {
		memcpy(&v, p, 8);
		return v;
	}
#endif
	for (uint64_t k = avail < 8 ? avail : 8; k-- > 0;)
		v = v << 8 | p[k];
	return v;
}

/* Decode an entry's positions, appending them to `pos` (room grown as
 * needed).  Every rule of the encoding is checked: the list where its
 * entry says and inside the postings, exactly `count` positions, each
 * inside TEXT and above the one before, no stray bit. */
static enum err_code decode(struct index *x, const struct entry *en,
			    uint64_t **pos, size_t *n, size_t *cap,
			    struct err *e)
{
	uint64_t avail = x->size - x->post, count = en->count, u = x->text;
	unsigned l = en->low;
	/* Every position starts a character of TEXT: a count beyond it is
	 * a lie, and no memory is spent on it. */
	if (count > u)
		return err_set(e, ERR_CORRUPT, "%s: a search index key claims "
			       "%llu positions, more than fit",
			       corpus_name(x->c), (unsigned long long)count);
	if (l != ef_low_bits(count, u))
		return err_set(e, ERR_CORRUPT, "%s: a search index list has "
			       "%u low bits, not %u", corpus_name(x->c), l,
			       ef_low_bits(count, u));
	uint64_t lowb = (count * l + 7) / 8, bytes = ef_bytes(count, u, l);
	if (en->off > avail || bytes > avail - en->off)
		return err_set(e, ERR_CORRUPT, "%s: search index postings "
			       "outside the index", corpus_name(x->c));
	const uint8_t *p;
	enum err_code rc = corpus_index(x->c, x->post + en->off, bytes, &p, e);
	if (rc)
		return rc;
	if (*n + count > *cap) {
		size_t c2 = *cap ? *cap : 64;
		while (c2 < *n + count)
			c2 *= 2;
		uint64_t *v = realloc(*pos, c2 * sizeof *v);
		if (!v)
			return err_set(e, ERR_NOMEM, "out of memory");
		*pos = v;
		*cap = c2;
	}
	const uint8_t *low = p, *high = p + lowb;
	uint64_t highb = bytes - lowb, i = 0, prev = 0;
	uint64_t mask = l ? (1ull << l) - 1 : 0;
	for (uint64_t w = 0; w < highb; w += 8) {
		uint64_t word = load_le(high + w, highb - w);
		for (; word; word &= word - 1) {
			if (i == count)
				return err_set(e, ERR_CORRUPT, "%s: a search "
					       "index list has more positions "
					       "than its count",
					       corpus_name(x->c));
			uint64_t bit = w * 8 + (uint64_t)__builtin_ctzll(word);
			uint64_t at = i * l;
			uint64_t v = (bit - i) << l |
				     (load_le(low + at / 8, lowb - at / 8) >>
				      at % 8 & mask);
			if ((i && v <= prev) || v >= u)
				return err_set(e, ERR_CORRUPT, "%s: search "
					       "index positions out of order "
					       "or outside the text",
					       corpus_name(x->c));
			(*pos)[(*n)++] = prev = v;
			if (i++ % STOP_EVERY == STOP_EVERY - 1 &&
			    stopped(x->stop, e))
				return ERR_CANCELLED;
		}
	}
	if (i < count)
		return err_set(e, ERR_CORRUPT, "%s: a search index list is cut "
			       "short", corpus_name(x->c));
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

/* Fill per-article counts for the sorted positions. */
static enum err_code count_articles(struct corpus *c, struct search_result *r,
				    const atomic_int *stop, struct err *e)
{
	r->narticles = corpus_article_count(c);
	r->per_article = calloc(r->narticles ? r->narticles : 1,
				sizeof *r->per_article);
	if (!r->per_article)
		return err_set(e, ERR_NOMEM, "out of memory");
	if (!r->n)
		return ERR_OK;
	const uint64_t *starts;
	enum err_code rc = corpus_article_starts(c, &starts, e);
	if (rc)
		return rc;
	size_t art = 0;
	for (size_t i = 0; i < r->n; i++) {
		if (i % STOP_EVERY == STOP_EVERY - 1 && stopped(stop, e))
			return ERR_CANCELLED;
		if (r->pos[i] >= starts[art + 1]) {
			/* the article holding it, the last start <= it:
			 * galloping, as hits are usually a few articles on */
			uint64_t p = r->pos[i];
			if (p >= starts[r->narticles])
				return err_set(e, ERR_CORRUPT, "%s: a hit past "
					       "the last article",
					       corpus_name(c));
			size_t lo = art + 1, step = 1, hi;
			while (lo + step < r->narticles &&
			       starts[lo + step] <= p)
				lo += step, step *= 2;
			hi = lo + step < r->narticles ? lo + step
						       : r->narticles;
			while (hi - lo > 1) {
				size_t mid = lo + (hi - lo) / 2;
				if (starts[mid] <= r->pos[i])
					lo = mid;
				else
					hi = mid;
			}
			art = lo;
		}
		if (r->per_article[art]++ == 0)
			r->articles++;
	}
	return ERR_OK;
}

enum err_code search_run(struct corpus *c, const char *q, size_t qlen,
			 struct search_result *r, struct err *e)
{
	return search_run_until(c, q, qlen, r, NULL, e);
}

static enum err_code scan(struct corpus *c, const uint32_t *fq, size_t n,
			  struct search_result *r, const atomic_int *stop,
			  struct err *e);

enum err_code search_run_until(struct corpus *c, const char *q, size_t qlen,
			       struct search_result *r, const atomic_int *stop,
			       struct err *e)
{
	memset(r, 0, sizeof *r);
	uint32_t *fq;
	long n = search_fold_str(q, qlen, &fq);
	if (n < 0)
		return err_set(e, ERR_NOMEM, "out of memory");
	struct index x;
	enum err_code rc = ERR_OK;
	size_t cap = 0;
	if (n == 0)
		goto count;
	if ((rc = open_index(c, &x, e)))
		goto done;
	x.stop = stop;
	if (n == 1 && !indexed(fq[0])) {
		/* punctuation, a space, a symbol: no pairs of its own */
		rc = scan(c, fq, (size_t)n, r, stop, e);
		goto done;
	}
	if (n == 1) {
		/* every pair the character starts */
		uint64_t at;
		if ((rc = lower_bound(&x, pair_key(fq[0], 0), &at, e)))
			goto done;
		for (; at < x.keys; at++) {
			struct entry en;
			if (stopped(stop, e)) {
				rc = ERR_CANCELLED;
				goto done;
			}
			if ((rc = get_entry(&x, at, &en, e)))
				goto done;
			if (en.key >> 21 != fq[0])
				break;
			if ((rc = decode(&x, &en, &r->pos, &r->n, &cap, e)))
				goto done;
		}
		if (sort_positions(r->pos, r->n, x.text, stop) < 0) {
			rc = err_set(e, ERR_NOMEM, "out of memory");
			goto done;
		}
		if (stopped(stop, e)) {
			rc = ERR_CANCELLED;
			goto done;
		}
	} else {
		/* the rarest pair of the query, then each candidate checked */
		struct entry best = { 0, 0, UINT64_MAX, 0 };
		long best_i = -1;
		for (long i = 0; i + 1 < n; i++) {
			if (!indexed(fq[i]))
				continue;
			uint64_t k = pair_key(fq[i], fq[i + 1]), at;
			struct entry en;
			if ((rc = lower_bound(&x, k, &at, e)))
				goto done;
			if (at >= x.keys)
				goto count; /* a pair that never occurs */
			if ((rc = get_entry(&x, at, &en, e)))
				goto done;
			if (en.key != k)
				goto count;
			if (en.count < best.count)
				best = en, best_i = i;
		}
		if (best_i < 0) {
			/* punctuation and symbols only ("——", "……") */
			rc = scan(c, fq, (size_t)n, r, stop, e);
			goto done;
		}
		if ((rc = decode(&x, &best, &r->pos, &r->n, &cap, e)))
			goto done;
		if (n == 2)
			goto count; /* a pair's positions are its hits */
		size_t kept = 0;
		for (size_t j = 0; j < r->n; j++) {
			if (j % 4096 == 4095 && stopped(stop, e)) {
				rc = ERR_CANCELLED;
				goto done;
			}
			/* back `best_i` characters to where the hit starts,
			 * then compare the whole query */
			uint64_t at = r->pos[j];
			const uint8_t *t;
			uint64_t from = at > (uint64_t)best_i * 4 ?
						at - (uint64_t)best_i * 4 : 0;
			/* a character is at most 4 bytes */
			uint64_t len = x.text - from;
			if (len > ((uint64_t)best_i + (uint64_t)n) * 4)
				len = ((uint64_t)best_i + (uint64_t)n) * 4;
			if ((rc = corpus_text(c, from, len, &t, e)))
				goto done;
			const uint8_t *s = t + (at - from);
			for (long b = 0; b < best_i && s > t; b++) {
				do
					s--;
				while (s > t && (*s & 0xC0) == 0x80);
			}
			uint64_t start = from + (uint64_t)(s - t);
			if ((n == 2 || search_match((const char *)s,
						    (size_t)(len - (start -
								    from)),
						    fq, (size_t)n)) &&
			    (kept == 0 || r->pos[kept - 1] != start))
				r->pos[kept++] = start;
		}
		r->n = kept;
	}
count:
	rc = count_articles(c, r, stop, e);
done:
	free(fq);
	if (rc)
		search_result_free(r);
	return rc;
}

/* Every hit of the folded query, by reading every block, then counted per
 * article: what the index must agree with, and the search of a query that
 * starts no indexed pair. */
static enum err_code scan(struct corpus *c, const uint32_t *fq, size_t n,
			  struct search_result *r, const atomic_int *stop,
			  struct err *e)
{
	enum err_code rc = ERR_OK;
	size_t cap = 0;
	for (size_t j = 0; n > 0 && j < corpus_block_count(c); j++) {
		struct corpus_block b;
		if (j % 1024 == 1023 && stopped(stop, e))
			return ERR_CANCELLED;
		if ((rc = corpus_block(c, j, &b, e)))
			return rc;
		size_t i = 0, len = b.text.len;
		while ((i = search_find(b.text.s, len, i, fq, n)) < len) {
			if (r->n == cap) {
				cap = cap ? cap * 2 : 64;
				uint64_t *v = realloc(r->pos, cap * sizeof *v);
				if (!v)
					return err_set(e, ERR_NOMEM,
						       "out of memory");
				r->pos = v;
			}
			r->pos[r->n++] = b.offset + i;
			uint32_t uc;
			i += utf8_next(b.text.s + i, len - i, &uc);
		}
	}
	return count_articles(c, r, stop, e);
}

enum err_code search_scan(struct corpus *c, const char *q, size_t qlen,
			  struct search_result *r, struct err *e)
{
	memset(r, 0, sizeof *r);
	uint32_t *fq;
	long n = search_fold_str(q, qlen, &fq);
	if (n < 0)
		return err_set(e, ERR_NOMEM, "out of memory");
	enum err_code rc = scan(c, fq, (size_t)n, r, NULL, e);
	free(fq);
	if (rc)
		search_result_free(r);
	return rc;
}

enum err_code search_locate(struct corpus *c, uint64_t pos, size_t *block,
			    size_t *off, struct err *e)
{
	size_t lo = 0, hi = corpus_block_count(c);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		struct corpus_block b;
		enum err_code rc = corpus_block(c, mid, &b, e);
		if (rc)
			return rc;
		if (pos < b.offset)
			hi = mid;
		else if (pos > b.offset + b.text.len)
			lo = mid + 1;
		else {
			*block = mid;
			*off = (size_t)(pos - b.offset);
			return ERR_OK;
		}
	}
	return err_set(e, ERR_CORRUPT, "%s: text offset %llu is in no block",
		       corpus_name(c), (unsigned long long)pos);
}

enum err_code search_verify(struct corpus *c, struct err *e)
{
	struct index x;
	enum err_code rc = open_index(c, &x, e);
	if (rc)
		return rc;
	uint64_t *pos = NULL, total = 0, prev_key = 0;
	size_t cap = 0;
	for (uint64_t i = 0; i < x.keys; i++) {
		struct entry en;
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
	}
	free(pos);
	if (rc)
		return rc;
	/* every indexed character of TEXT starts one pair */
	uint64_t chars = 0;
	for (size_t j = 0; j < corpus_block_count(c); j++) {
		struct corpus_block b;
		if ((rc = corpus_block(c, j, &b, e)))
			return rc;
		for (size_t i = 0; i < b.text.len;) {
			uint32_t uc;
			i += utf8_next(b.text.s + i, b.text.len - i, &uc);
			chars += indexed(search_fold(uc)) != 0;
		}
	}
	if (chars != total)
		return err_set(e, ERR_CORRUPT, "%s: the search index holds %llu "
			       "positions for %llu characters", corpus_name(c),
			       (unsigned long long)total,
			       (unsigned long long)chars);
	return ERR_OK;
}
