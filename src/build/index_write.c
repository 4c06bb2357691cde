/* index_write: the search index's writer (see
 * include/kanbao/build/index_write.h; the format is format/index.h). */
#include "kanbao/build/index_write.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "kanbao/base/array.h"
#include "kanbao/base/le.h"
#include "kanbao/base/u64map.h"
#include "kanbao/format/index.h"

/* The text is counted and placed in parts, each on a thread of its own:
 * part k is a stretch of TEXT after part k - 1's, with a map of its own,
 * so the threads share nothing while they count, and while they place
 * each writes its own stretch of every key's positions. */
struct index_part {
	struct u64map count; /* pair key -> positions it starts here; after
				layout, where this part's next position of
				the key goes in `pos` (beside the key: placing
				reads one cache line) */
	uint64_t text; /* after placing: the end of its last block + 1, in
			  units */
};

struct index_builder {
	struct index_part *part;
	size_t nparts;
	struct u64map keys; /* after layout: every pair key -> its count */
	uint64_t total; /* after layout: positions in all */
	uint64_t *pos; /* after layout: every position, grouped by key */
	size_t *order; /* after layout: the slots of `keys` sorted by key */
	uint64_t pos_cap; /* entries of room at `pos` */
	size_t order_cap; /* entries of room at `order` */
	const struct index_variants *fold; /* what placing folds through */
};

struct index_builder *index_builder_new(size_t parts)
{
	struct index_builder *b = calloc(1, sizeof *b);
	if (!b)
		return NULL;
	b->nparts = parts ? parts : 1;
	b->part = calloc(b->nparts, sizeof *b->part);
	if (!b->part) {
		free(b);
		return NULL;
	}
	return b;
}

void index_builder_free(struct index_builder *b)
{
	if (!b)
		return;
	for (size_t k = 0; k < b->nparts; k++) {
		u64map_free(&b->part[k].count);
	}
	free(b->part);
	u64map_free(&b->keys);
	free(b->pos);
	free(b->order);
	free(b);
}

void index_builder_reset(struct index_builder *b)
{
	for (size_t k = 0; k < b->nparts; k++) {
		u64map_clear(&b->part[k].count);
		b->part[k].text = 0;
	}
	u64map_clear(&b->keys);
	b->total = 0;
}

enum { HUGE_PAGE = 2 << 20 };

/* `p` if its room, `*cap` entries of `size` bytes, holds `n` of them;
 * else new room for `n` (p freed: what it held is not kept), `*cap` set.
 * NULL when out of memory. */
static void *room(void *p, uint64_t *cap, uint64_t n, size_t size)
{
	if (n <= *cap && p)
		return p;
	free(p);
	*cap = 0;
	if (n < 1)
		n = 1;
	if (n > SIZE_MAX / size)
		return NULL;
	/* placing writes all over it: in huge pages, the TLB holds it */
	size_t bytes = (size_t)n * size;
	void *q = NULL;
	if (bytes >= HUGE_PAGE && !posix_memalign(&q, HUGE_PAGE, bytes))
		madvise(q, bytes, MADV_HUGEPAGE);
	else if (bytes < HUGE_PAGE)
		q = malloc(bytes);
	*cap = q ? n : 0;
	return q;
}

static int count_pair(void *ctx, uint64_t key, size_t at)
{
	uint64_t *n = u64map_ref(ctx, key);
	(void)at;
	if (!n)
		return -1;
	++*n;
	return 0;
}

int index_builder_count(struct index_builder *b, size_t part,
			const char *text, size_t len, uint64_t *units)
{
	/* through the variants when index_builder_fold came first (runs);
	 * else none yet, and index_builder_fold folds the counts after */
	return index_each_pair(b->fold, text, len, count_pair,
			       &b->part[part].count, units);
}

int index_builder_fold(struct index_builder *b,
		       const struct index_variants *v)
{
	b->fold = v;
	if (!v)
		return 0;
	for (size_t k = 0; k < b->nparts; k++) {
		struct u64map *m = &b->part[k].count, folded = { 0 };
		for (size_t i = 0; i < m->cap; i++) {
			if (!m->slot[i].key)
				continue;
			uint64_t key = m->slot[i].key;
			uint32_t a = (uint32_t)(key >> 21);
			uint32_t c = (uint32_t)(key & ((1u << 21) - 1));
			uint64_t *n = u64map_ref(&folded, index_pair_key(
				index_fold(v, a), index_fold(v, c)));
			if (!n) {
				u64map_free(&folded);
				return -1;
			}
			*n += m->slot[i].val;
		}
		u64map_free(m);
		*m = folded;
	}
	return 0;
}

static const struct u64map *sort_keys;

static int by_key(const void *x, const void *y)
{
	uint64_t a = sort_keys->slot[*(const size_t *)x].key;
	uint64_t b = sort_keys->slot[*(const size_t *)y].key;
	return (a > b) - (a < b);
}

/* Every part's counts summed into `keys`. */
static int merge_counts(struct index_builder *b)
{
	for (size_t k = 0; k < b->nparts; k++) {
		const struct u64map *m = &b->part[k].count;
		for (size_t i = 0; i < m->cap; i++) {
			if (!m->slot[i].key)
				continue;
			uint64_t *n = u64map_ref(&b->keys, m->slot[i].key);
			if (!n)
				return -1;
			*n += m->slot[i].val;
			b->total += m->slot[i].val;
		}
	}
	return 0;
}

int index_builder_layout(struct index_builder *b)
{
	if (merge_counts(b) < 0)
		return -1;
	const struct u64map *m = &b->keys;
	uint64_t *next = calloc(m->cap ? m->cap : 1, sizeof *next);
	uint64_t cap = b->order_cap;
	int rc = -1;
	b->order = room(b->order, &cap, m->used, sizeof *b->order);
	b->order_cap = (size_t)cap;
	b->pos = room(b->pos, &b->pos_cap, b->total, sizeof *b->pos);
	if (!next || !b->order || !b->pos)
		goto out;
	size_t k = 0;
	for (size_t i = 0; i < m->cap; i++)
		if (m->slot[i].key)
			b->order[k++] = i;
	sort_keys = m;
	qsort(b->order, k, sizeof *b->order, by_key);
	uint64_t at = 0;
	for (size_t i = 0; i < k; i++) {
		next[b->order[i]] = at;
		at += m->slot[b->order[i]].val;
	}
	/* each part's positions of a key after the earlier parts' */
	for (size_t p = 0; p < b->nparts; p++) {
		struct u64map *c = &b->part[p].count;
		for (size_t i = 0; i < c->cap; i++) {
			if (!c->slot[i].key)
				continue;
			size_t s = u64map_slot(m, c->slot[i].key);
			uint64_t n = c->slot[i].val;
			c->slot[i].val = next[s];
			next[s] += n;
		}
	}
	rc = 0;
out:
	free(next);
	return rc;
}

struct placing {
	struct u64map *count; /* a part's, after layout */
	uint64_t *pos;
	uint64_t offset; /* of the block in TEXT, in units */
};

static int place_pair(void *ctx, uint64_t key, size_t at)
{
	struct placing *p = ctx;
	size_t s = u64map_slot(p->count, key);
	p->pos[p->count->slot[s].val++] = p->offset + at;
	return 0;
}

int index_builder_place(struct index_builder *b, size_t part,
			const char *text, size_t len, uint64_t offset,
			uint64_t *units)
{
	struct index_part *ip = &b->part[part];
	struct placing p = { &ip->count, b->pos, offset };
	int rc = index_each_pair(b->fold, text, len, place_pair, &p, units);
	if (offset + *units + 1 > ip->text)
		ip->text = offset + *units + 1;
	return rc;
}

/* An Elias-Fano list being written (format/index.h): positions put one
 * after another, ascending, into bytes zeroed before. */
struct ef_list {
	uint8_t *low, *high; /* the low bits, the high bits */
	uint64_t low_bytes; /* bytes of low bits */
	unsigned l; /* low bits a position */
	uint64_t j; /* positions put */
};

static void ef_start(struct ef_list *f, uint8_t *p, uint64_t n, unsigned l)
{
	uint64_t low_bytes = (n * l + 7) / 8;
	*f = (struct ef_list){ p, p + low_bytes, low_bytes, l, 0 };
}

static inline void ef_put(struct ef_list *f, uint64_t v)
{
	/* the low `l` (<= 56) bits at bit j * l: in the 8 bytes from there,
	 * as one word where 8 bytes of low bits are left (the same bytes) */
	uint64_t at = f->j * f->l;
	uint64_t low = (v & ((1ull << f->l) - 1)) << at % 8;
	uint8_t *p = f->low + at / 8;
	if (at / 8 + 8 <= f->low_bytes)
		le_put64(p, le_get64(p) | low);
	else
		for (unsigned k = 0; k < (at % 8 + f->l + 7) / 8; k++)
			p[k] |= (uint8_t)(low >> 8 * k);
	uint64_t bit = (v >> f->l) + f->j++;
	f->high[bit / 8] |= (uint8_t)(1u << bit % 8);
}

/* The head of an INDEX section of `keys` keys, `post` bytes of postings,
 * over `u` units, with the map `map` and `na` articles' starts, into h. */
static void put_head(uint8_t h[INDEX_HEAD_SIZE], uint64_t keys, uint64_t u,
		     uint64_t post, const struct index_map_maker *map,
		     uint64_t na)
{
	memcpy(h, index_magic, 8);
	le_put64(h + 8, keys);
	le_put64(h + 16, u);
	le_put64(h + 24, post);
	le_put64(h + 32, map->nruns);
	le_put64(h + 40, na);
}

int index_builder_encode(struct index_builder *b,
			  const struct index_map_maker *map,
			  const uint64_t *starts, size_t na, uint8_t **out,
			  size_t *size)
{
	size_t keys = b->keys.used;
	uint64_t u = 0, bytes = 0;
	for (size_t k = 0; k < b->nparts; k++)
		if (b->part[k].text > u)
			u = b->part[k].text;
	for (size_t i = 0; i < keys; i++) {
		uint64_t n = b->keys.slot[b->order[i]].val;
		if (n > UINT32_MAX) /* an entry's count is a u32 */
			return -2;
		bytes += index_ef_bytes(n, u, index_ef_low_bits(n, u));
	}
	uint64_t maplen = map->nheads * INDEX_MAP_ENTRY + map->nruns + na * 8;
	*size = INDEX_HEAD_SIZE + keys * INDEX_ENTRY_SIZE + bytes + maplen;
	uint8_t *p = calloc(*size ? *size : 1, 1);
	if (!p)
		return -1;
	put_head(p, keys, u, bytes, map, na);
	uint8_t *post = p + INDEX_HEAD_SIZE + keys * INDEX_ENTRY_SIZE;
	uint64_t used = 0;
	uint64_t at = 0; /* the key's first position in `pos` */
	for (size_t i = 0; i < keys; i++) {
		size_t s = b->order[i];
		uint64_t n = b->keys.slot[s].val;
		unsigned l = index_ef_low_bits(n, u);
		index_entry_put(p + INDEX_HEAD_SIZE + i * INDEX_ENTRY_SIZE,
				&(struct index_entry){ b->keys.slot[s].key, used,
						       n });
		/* positions were placed in TEXT order: ascending */
		struct ef_list f;
		ef_start(&f, post + used, n, l);
		for (uint64_t j = 0; j < n; j++)
			ef_put(&f, b->pos[at + j]);
		used += index_ef_bytes(n, u, l);
		at += n;
	}
	uint8_t *q = post + used;
	memcpy(q, map->heads, map->nheads * INDEX_MAP_ENTRY);
	q += map->nheads * INDEX_MAP_ENTRY;
	if (map->nruns)
		memcpy(q, map->runs, map->nruns);
	q += map->nruns;
	for (size_t i = 0; i < na; i++)
		le_put64(q + 8 * i, starts[i]);
	*out = p;
	return 0;
}

/* The runs.  A run in the scratch file: its directory, a { u64 key, u64
 * count } for each key, ascending; then each key's positions, in the
 * same order, ascending, each as the difference from the one before (the
 * first from 0) in LEB128, 7 bits a byte, low first.  A run is a stretch
 * of TEXT after the one before it, so a key's positions in all are its
 * positions in each run, one run after another. */
struct run_at {
	uint64_t dir; /* where its directory starts */
	uint64_t nkeys; /* entries in it */
	uint64_t post, end; /* where its positions start, end */
};

/* Bytes of positions index_runs_add codes before it appends them. */
enum { RUN_CODE = 1 << 14 };

/* Bytes read at a time from a run, two places in each. */
enum { RUN_READ = 1 << 16 };

/* A place in the scratch file read forward, a buffer at a time. */
struct cursor {
	uint64_t at, end; /* the next byte to read into buf; the end */
	uint8_t *buf; /* RUN_READ bytes */
	size_t i, n; /* next byte in buf; bytes in buf */
};

/* A run as the merge reads it. */
struct merging {
	struct cursor dir, post;
	uint64_t left; /* entries of the directory not read yet */
	uint64_t key, count; /* its entry at hand */
};

struct index_runs {
	struct scratch *s; /* where the runs are */
	struct run_at *run;
	size_t n, cap;
	struct merging *m; /* while merging: one per run */
	size_t *heap; /* while merging: the runs with an entry at hand, by
			 (key, run) */
	size_t nheap;
	int err; /* errno of a failed read or write */
};

struct index_runs *index_runs_new(struct scratch *s)
{
	struct index_runs *r = calloc(1, sizeof *r);
	if (r)
		r->s = s;
	return r;
}

static void merge_free(struct index_runs *r)
{
	for (size_t k = 0; r->m && k < r->n; k++) {
		free(r->m[k].dir.buf);
		free(r->m[k].post.buf);
	}
	free(r->m);
	free(r->heap);
	r->m = NULL;
	r->heap = NULL;
}

void index_runs_free(struct index_runs *r)
{
	if (!r)
		return;
	merge_free(r);
	free(r->run);
	free(r);
}

int index_runs_errno(const struct index_runs *r)
{
	return r->err;
}

size_t index_runs_count(const struct index_runs *r)
{
	return r->n;
}

/* `v` in LEB128 at `p`; returns the bytes written, at most 10. */
static size_t put_leb(uint8_t *p, uint64_t v)
{
	size_t n = 0;
	while (v >= 0x80) {
		p[n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (uint8_t)v;
	return n;
}

int index_runs_add(struct index_runs *r, const struct index_builder *b)
{
	if (array_grow(&r->run, &r->cap, r->n + 1, sizeof *r->run) < 0)
		return -1;
	struct scratch *s = r->s;
	size_t keys = b->keys.used;
	struct run_at *at = &r->run[r->n];
	at->dir = s->size;
	at->nkeys = keys;
	for (size_t i = 0; i < keys; i++) {
		uint8_t e[16];
		le_put64(e, b->keys.slot[b->order[i]].key);
		le_put64(e + 8, b->keys.slot[b->order[i]].val);
		scratch_put(s, e, sizeof e);
	}
	at->post = s->size;
	/* the positions coded a buffer at a time: a scratch_put each would
	 * cost more than the coding */
	uint8_t buf[RUN_CODE];
	size_t used = 0;
	uint64_t j = 0;
	for (size_t i = 0; i < keys; i++) {
		uint64_t prev = 0;
		for (uint64_t n = b->keys.slot[b->order[i]].val; n > 0; n--) {
			if (used > sizeof buf - 10) {
				scratch_put(s, buf, used);
				used = 0;
			}
			used += put_leb(buf + used, b->pos[j] - prev);
			prev = b->pos[j++];
		}
	}
	scratch_put(s, buf, used);
	at->end = s->size;
	if (s->err) {
		r->err = s->err;
		return -3;
	}
	r->n++;
	return 0;
}

/* The next byte at `c`; -1 at a read failure or the end (r->err set). */
static int next_byte(struct index_runs *r, struct cursor *c)
{
	if (c->i == c->n) {
		uint64_t n = c->end - c->at < RUN_READ ? c->end - c->at
							: RUN_READ;
		int err = n ? scratch_read(r->s, c->at, c->buf, (size_t)n)
			    : EIO;
		if (err) {
			r->err = err;
			return -1;
		}
		c->at += n;
		c->i = 0;
		c->n = (size_t)n;
	}
	return c->buf[c->i++];
}

static int read_u64(struct index_runs *r, struct cursor *c, uint64_t *v)
{
	*v = 0;
	for (int k = 0; k < 8; k++) {
		int b = next_byte(r, c);
		if (b < 0)
			return -1;
		*v |= (uint64_t)b << 8 * k;
	}
	return 0;
}

static int read_leb(struct index_runs *r, struct cursor *c, uint64_t *v)
{
	*v = 0;
	if (c->n - c->i >= 10) {
		/* the whole number in the buffer: no call a byte */
		const uint8_t *p = c->buf + c->i;
		for (unsigned k = 0; k < 10; k++) {
			*v |= (uint64_t)(p[k] & 0x7f) << 7 * k;
			if (p[k] < 0x80) {
				c->i += k + 1;
				return 0;
			}
		}
		r->err = EIO; /* not what index_runs_add wrote */
		return -1;
	}
	for (unsigned shift = 0; shift < 64; shift += 7) {
		int b = next_byte(r, c);
		if (b < 0)
			return -1;
		*v |= (uint64_t)(b & 0x7f) << shift;
		if (b < 0x80)
			return 0;
	}
	r->err = EIO; /* not what index_runs_add wrote */
	return -1;
}

static int heap_less(const struct index_runs *r, size_t a, size_t b)
{
	const struct merging *x = &r->m[a], *y = &r->m[b];
	return x->key < y->key || (x->key == y->key && a < b);
}

static void heap_push(struct index_runs *r, size_t k)
{
	size_t i = r->nheap++;
	while (i > 0 && heap_less(r, k, r->heap[(i - 1) / 2])) {
		r->heap[i] = r->heap[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	r->heap[i] = k;
}

static size_t heap_pop(struct index_runs *r)
{
	size_t top = r->heap[0], k = r->heap[--r->nheap], i = 0;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= r->nheap)
			break;
		if (c + 1 < r->nheap && heap_less(r, r->heap[c + 1], r->heap[c]))
			c++;
		if (!heap_less(r, r->heap[c], k))
			break;
		r->heap[i] = r->heap[c];
		i = c;
	}
	if (r->nheap)
		r->heap[i] = k;
	return top;
}

/* Run k's next directory entry at hand, and k in the heap; or nothing
 * when its directory is read.  0, or -3 when a read failed. */
static int advance(struct index_runs *r, size_t k)
{
	struct merging *m = &r->m[k];
	if (!m->left)
		return 0;
	m->left--;
	if (read_u64(r, &m->dir, &m->key) < 0 ||
	    read_u64(r, &m->dir, &m->count) < 0)
		return -3;
	heap_push(r, k);
	return 0;
}

/* Every run read from its start again.  0, -1 out of memory, -3. */
static int merge_start(struct index_runs *r)
{
	if (!r->m) {
		r->m = calloc(r->n ? r->n : 1, sizeof *r->m);
		r->heap = malloc((r->n ? r->n : 1) * sizeof *r->heap);
		if (!r->m || !r->heap)
			return -1;
		for (size_t k = 0; k < r->n; k++) {
			r->m[k].dir.buf = malloc(RUN_READ);
			r->m[k].post.buf = malloc(RUN_READ);
			if (!r->m[k].dir.buf || !r->m[k].post.buf)
				return -1;
		}
	}
	r->nheap = 0;
	for (size_t k = 0; k < r->n; k++) {
		struct merging *m = &r->m[k];
		const struct run_at *at = &r->run[k];
		m->dir.at = at->dir;
		m->dir.end = at->post;
		m->post.at = at->post;
		m->post.end = at->end;
		m->dir.i = m->dir.n = m->post.i = m->post.n = 0;
		m->left = at->nkeys;
		if (advance(r, k) < 0)
			return -3;
	}
	return 0;
}

/* A key as the runs hold it: merge_next's answer. */
struct key_at {
	uint64_t key; /* the key */
	uint64_t n; /* its positions in all the runs */
	size_t *hit; /* the runs that hold it, in run order (room for all) */
	uint64_t *cnt; /* each one's count of its positions */
	size_t nhit;
};

/* The least key of the runs' entries at hand into `k`.  1, 0 when every
 * run is read, or -3.  Each run's positions of the key are read next from
 * its `post`. */
static int merge_next(struct index_runs *r, struct key_at *k)
{
	if (!r->nheap)
		return 0;
	k->key = r->m[r->heap[0]].key;
	k->n = 0;
	k->nhit = 0;
	while (r->nheap && r->m[r->heap[0]].key == k->key) {
		size_t i = heap_pop(r);
		k->hit[k->nhit] = i;
		k->cnt[k->nhit++] = r->m[i].count;
		k->n += r->m[i].count;
		if (advance(r, i) < 0)
			return -3;
	}
	return 1;
}

/* The keys in all, into *keys, their lists' bytes over `u` units into
 * *post, and a count too large for an entry found before anything is
 * written.  0, -2, -3. */
static int count_keys(struct index_runs *r, struct key_at *k, uint64_t u,
		      uint64_t *keys, uint64_t *post)
{
	int rc;
	*keys = 0;
	*post = 0;
	while ((rc = merge_next(r, k)) == 1) {
		if (k->n > UINT32_MAX) /* an entry's count is a u32 */
			return -2;
		++*keys;
		*post += index_ef_bytes(k->n, u, index_ef_low_bits(k->n, u));
	}
	return rc;
}

/* The table of entries, into `o`.  0, -3. */
static int write_entries(struct index_runs *r, struct key_at *k,
			 uint64_t u, struct outfile *o)
{
	int rc;
	uint64_t used = 0;
	while ((rc = merge_next(r, k)) == 1) {
		uint8_t e[INDEX_ENTRY_SIZE];
		unsigned l = index_ef_low_bits(k->n, u);
		index_entry_put(e, &(struct index_entry){ k->key, used,
							  k->n });
		outfile_data(o, e, sizeof e);
		used += index_ef_bytes(k->n, u, l);
	}
	return rc;
}

/* Every key's list, decoded from the runs and coded for the whole TEXT,
 * into `o`.  0, -1, -3. */
static int write_lists(struct index_runs *r, struct key_at *k, uint64_t u,
		       struct outfile *o)
{
	uint8_t *list = NULL;
	uint64_t cap = 0;
	int rc;
	while ((rc = merge_next(r, k)) == 1) {
		unsigned l = index_ef_low_bits(k->n, u);
		uint64_t bytes = index_ef_bytes(k->n, u, l);
		list = room(list, &cap, bytes, 1);
		if (!list)
			return -1;
		memset(list, 0, (size_t)bytes);
		struct ef_list f;
		ef_start(&f, list, k->n, l);
		for (size_t h = 0; h < k->nhit; h++) {
			struct cursor *c = &r->m[k->hit[h]].post;
			uint64_t v = 0, d;
			for (uint64_t j = 0; j < k->cnt[h]; j++) {
				if (read_leb(r, c, &d) < 0) {
					free(list);
					return -3;
				}
				v += d;
				ef_put(&f, v);
			}
		}
		outfile_data(o, list, (size_t)bytes);
	}
	free(list);
	return rc;
}

/* The articles' starts, into o. */
static void write_starts(const uint64_t *starts, size_t na,
			 struct outfile *o)
{
	uint8_t buf[8 * 512];
	for (size_t i = 0; i < na; i += 512) {
		size_t n = na - i < 512 ? na - i : 512;
		for (size_t k = 0; k < n; k++)
			le_put64(buf + 8 * k, starts[i + k]);
		outfile_data(o, buf, 8 * n);
	}
}

int index_runs_write(struct index_runs *r, uint64_t u,
		     const struct index_map_maker *map,
		     const uint64_t *starts, size_t na, struct outfile *o)
{
	struct key_at k = { 0 };
	k.hit = malloc((r->n ? r->n : 1) * sizeof *k.hit);
	k.cnt = malloc((r->n ? r->n : 1) * sizeof *k.cnt);
	int rc = !k.hit || !k.cnt ? -1 : 0;
	if (!rc && scratch_flush(r->s)) {
		r->err = r->s->err;
		rc = -3;
	}
	/* three walks: the keys, for the head; the entries; the lists */
	uint64_t keys = 0, post = 0;
	rc = rc ? rc : merge_start(r);
	rc = rc ? rc : count_keys(r, &k, u, &keys, &post);
	if (!rc) {
		uint8_t head[INDEX_HEAD_SIZE];
		put_head(head, keys, u, post, map, na);
		outfile_data(o, head, sizeof head);
	}
	rc = rc ? rc : merge_start(r);
	rc = rc ? rc : write_entries(r, &k, u, o);
	rc = rc ? rc : merge_start(r);
	rc = rc ? rc : write_lists(r, &k, u, o);
	if (!rc) {
		outfile_data(o, map->heads, map->nheads * INDEX_MAP_ENTRY);
		if (map->nruns)
			outfile_data(o, map->runs, map->nruns);
		write_starts(starts, na, o);
	}
	free(k.hit);
	free(k.cnt);
	merge_free(r);
	return rc;
}
