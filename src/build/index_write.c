/* index_write: the search index's writer (see
 * include/kanbao/build/index_write.h; the format is format/index.h). */
#include "kanbao/build/index_write.h"

#include <stdlib.h>
#include <string.h>

#include "kanbao/base/le.h"
#include "kanbao/base/u64map.h"
#include "kanbao/format/index.h"

struct index_builder {
	struct u64map count; /* pair key -> positions it starts */
	uint64_t total; /* positions in all */
	uint64_t *fill; /* after layout, per slot: next free position */
	uint64_t *pos; /* after layout: every position, grouped by key */
	size_t *order; /* after layout: the slots sorted by key */
	uint64_t text; /* after placing: the size of TEXT */
};

struct index_builder *index_builder_new(void)
{
	return calloc(1, sizeof(struct index_builder));
}

void index_builder_free(struct index_builder *b)
{
	if (!b)
		return;
	u64map_free(&b->count);
	free(b->fill);
	free(b->pos);
	free(b->order);
	free(b);
}

static int count_pair(void *ctx, uint64_t key, size_t at)
{
	struct index_builder *b = ctx;
	uint64_t *n = u64map_ref(&b->count, key);
	(void)at;
	if (!n)
		return -1;
	++*n;
	b->total++;
	return 0;
}

int index_builder_count(struct index_builder *b, const char *text,
			 size_t len)
{
	return index_each_pair(text, len, count_pair, b);
}

static const struct u64map *sort_keys;

static int by_key(const void *x, const void *y)
{
	uint64_t a = sort_keys->keys[*(const size_t *)x];
	uint64_t b = sort_keys->keys[*(const size_t *)y];
	return (a > b) - (a < b);
}

int index_builder_layout(struct index_builder *b)
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
	struct index_builder *b;
	uint64_t offset; /* of the block in TEXT */
};

static int place_pair(void *ctx, uint64_t key, size_t at)
{
	struct placing *p = ctx;
	size_t s = u64map_slot(&p->b->count, key);
	p->b->pos[p->b->fill[s]++] = p->offset + at;
	return 0;
}

int index_builder_place(struct index_builder *b, const char *text,
			 size_t len, uint64_t offset)
{
	struct placing p = { b, offset };
	if (offset + len + 1 > b->text)
		b->text = offset + len + 1;
	return index_each_pair(text, len, place_pair, &p);
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
	size_t keys = b->count.used;
	uint64_t u = b->text, bytes = 0;
	for (size_t i = 0; i < keys; i++) {
		uint64_t n = b->count.vals[b->order[i]];
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
		uint64_t n = b->count.vals[s];
		unsigned l = index_ef_low_bits(n, u);
		le_put64(e, b->count.keys[s]);
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

