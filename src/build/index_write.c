/* index_write: the search index's writer (see
 * include/kanbao/build/index_write.h; the format is format/index.h). */
#include "kanbao/build/index_write.h"

#include <stdlib.h>
#include <string.h>

#include "kanbao/base/le.h"
#include "kanbao/base/u64map.h"
#include "kanbao/format/index.h"

/* The text is counted and placed in parts, each on a thread of its own:
 * part k is a stretch of TEXT after part k - 1's, with a map of its own,
 * so the threads share nothing while they count, and while they place
 * each writes its own stretch of every key's positions. */
struct index_part {
	struct u64map count; /* pair key -> positions it starts here */
	uint64_t *fill; /* after layout, per slot of `count`: where this
			   part's next position of the key goes in `pos` */
	uint64_t text; /* after placing: the end of its last block + 1 */
};

struct index_builder {
	struct index_part *part;
	size_t nparts;
	struct u64map keys; /* after layout: every pair key -> its count */
	uint64_t total; /* after layout: positions in all */
	uint64_t *pos; /* after layout: every position, grouped by key */
	size_t *order; /* after layout: the slots of `keys` sorted by key */
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
		free(b->part[k].fill);
	}
	free(b->part);
	u64map_free(&b->keys);
	free(b->pos);
	free(b->order);
	free(b);
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
			const char *text, size_t len)
{
	/* no variants yet: they are made from what this finds, and
	 * index_builder_fold folds the counts after */
	return index_each_pair(NULL, text, len, count_pair, &b->part[part].count);
}

int index_builder_letters(const struct index_builder *b, uint32_t **chars,
			  size_t *n)
{
	/* a bit a code point: the keys are many (a pair each), the
	 * characters few */
	enum { CODES = 0x110000 };
	uint64_t *seen = calloc(CODES / 64, sizeof *seen);
	*chars = NULL;
	*n = 0;
	if (!seen)
		return -1;
	size_t count = 0;
	for (size_t k = 0; k < b->nparts; k++) {
		const struct u64map *m = &b->part[k].count;
		for (size_t i = 0; i < m->cap; i++) {
			uint64_t c = m->keys[i] >> 21;
			if (!m->keys[i] || c < 0x80 || c >= CODES ||
			    seen[c / 64] >> c % 64 & 1)
				continue;
			seen[c / 64] |= 1ull << c % 64;
			count++;
		}
	}
	uint32_t *v = count ? malloc(count * sizeof *v) : NULL;
	if (count && !v) {
		free(seen);
		return -1;
	}
	for (uint32_t c = 0x80; c < CODES; c++)
		if (seen[c / 64] >> c % 64 & 1)
			v[(*n)++] = c;
	free(seen);
	*chars = v;
	return 0;
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
			if (!m->keys[i])
				continue;
			uint32_t a = (uint32_t)(m->keys[i] >> 21);
			uint32_t c = (uint32_t)(m->keys[i] & ((1u << 21) - 1));
			uint64_t *n = u64map_ref(&folded, index_pair_key(
				index_fold(v, a), index_fold(v, c)));
			if (!n) {
				u64map_free(&folded);
				return -1;
			}
			*n += m->vals[i];
		}
		u64map_free(m);
		*m = folded;
	}
	return 0;
}

static const struct u64map *sort_keys;

static int by_key(const void *x, const void *y)
{
	uint64_t a = sort_keys->keys[*(const size_t *)x];
	uint64_t b = sort_keys->keys[*(const size_t *)y];
	return (a > b) - (a < b);
}

/* Every part's counts summed into `keys`. */
static int merge_counts(struct index_builder *b)
{
	for (size_t k = 0; k < b->nparts; k++) {
		const struct u64map *m = &b->part[k].count;
		for (size_t i = 0; i < m->cap; i++) {
			if (!m->keys[i])
				continue;
			uint64_t *n = u64map_ref(&b->keys, m->keys[i]);
			if (!n)
				return -1;
			*n += m->vals[i];
			b->total += m->vals[i];
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
	b->order = malloc((m->used ? m->used : 1) * sizeof *b->order);
	b->pos = malloc((b->total ? b->total : 1) * sizeof *b->pos);
	int rc = -1;
	if (!next || !b->order || !b->pos)
		goto out;
	size_t k = 0;
	for (size_t i = 0; i < m->cap; i++)
		if (m->keys[i])
			b->order[k++] = i;
	sort_keys = m;
	qsort(b->order, k, sizeof *b->order, by_key);
	uint64_t at = 0;
	for (size_t i = 0; i < k; i++) {
		next[b->order[i]] = at;
		at += m->vals[b->order[i]];
	}
	/* each part's positions of a key after the earlier parts' */
	for (size_t p = 0; p < b->nparts; p++) {
		struct index_part *part = &b->part[p];
		const struct u64map *c = &part->count;
		part->fill = malloc((c->cap ? c->cap : 1) * sizeof *part->fill);
		if (!part->fill)
			goto out;
		for (size_t i = 0; i < c->cap; i++) {
			if (!c->keys[i])
				continue;
			size_t s = u64map_slot(m, c->keys[i]);
			part->fill[i] = next[s];
			next[s] += c->vals[i];
		}
	}
	rc = 0;
out:
	free(next);
	return rc;
}

struct placing {
	const struct u64map *count;
	uint64_t *fill, *pos;
	uint64_t offset; /* of the block in TEXT */
};

static int place_pair(void *ctx, uint64_t key, size_t at)
{
	struct placing *p = ctx;
	size_t s = u64map_slot(p->count, key);
	p->pos[p->fill[s]++] = p->offset + at;
	return 0;
}

int index_builder_place(struct index_builder *b, size_t part,
			const char *text, size_t len, uint64_t offset)
{
	struct index_part *ip = &b->part[part];
	struct placing p = { &ip->count, ip->fill, b->pos, offset };
	if (offset + len + 1 > ip->text)
		ip->text = offset + len + 1;
	return index_each_pair(b->fold, text, len, place_pair, &p);
}

/* Set the low `n` (<= 56) bits of `v` at bit `at` of `p` (zeroed before):
 * they lie in the 8 bytes from at / 8. */
static void put_bits(uint8_t *p, uint64_t at, uint64_t v, unsigned n)
{
	v = (v & ((1ull << n) - 1)) << at % 8;
	for (unsigned k = 0; k < (at % 8 + n + 7) / 8; k++)
		p[at / 8 + k] |= (uint8_t)(v >> 8 * k);
}

int index_builder_encode(struct index_builder *b, uint8_t **out,
			  size_t *size)
{
	size_t keys = b->keys.used;
	uint64_t u = 0, bytes = 0;
	for (size_t k = 0; k < b->nparts; k++)
		if (b->part[k].text > u)
			u = b->part[k].text;
	for (size_t i = 0; i < keys; i++) {
		uint64_t n = b->keys.vals[b->order[i]];
		if (n > UINT32_MAX) /* an entry's count is a u32 */
			return -2;
		bytes += index_ef_bytes(n, u, index_ef_low_bits(n, u));
	}
	*size = INDEX_HEAD_SIZE + keys * INDEX_ENTRY_SIZE + bytes;
	uint8_t *p = calloc(*size ? *size : 1, 1);
	if (!p)
		return -1;
	memcpy(p, index_magic, 8);
	le_put64(p + 8, keys);
	uint8_t *post = p + INDEX_HEAD_SIZE + keys * INDEX_ENTRY_SIZE;
	uint64_t used = 0;
	uint64_t at = 0; /* the key's first position in `pos` */
	for (size_t i = 0; i < keys; i++) {
		size_t s = b->order[i];
		uint8_t *e = p + INDEX_HEAD_SIZE + i * INDEX_ENTRY_SIZE;
		uint64_t n = b->keys.vals[s];
		unsigned l = index_ef_low_bits(n, u);
		le_put64(e, b->keys.keys[s]);
		le_put64(e + 8, used);
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
		used += index_ef_bytes(n, u, l);
		at += n;
	}
	*out = p;
	return 0;
}

