/* u64map: a hash map from 64-bit keys (never 0) to 64-bit values, open
 * addressing.  The builder's character-pair tables use it.
 *
 * The lookups are inline: the builder makes one or two for every character
 * of the text. */
#ifndef KANBAO_U64MAP_H
#define KANBAO_U64MAP_H

#include <stddef.h>
#include <stdint.h>

/* A key and its value side by side: a lookup reads one cache line, not
 * one in an array of keys and another in an array of values. */
struct u64slot {
	uint64_t key; /* 0 = empty */
	uint64_t val; /* the value of the key */
};

struct u64map {
	struct u64slot *slot; /* cap of them */
	size_t cap; /* a power of two, at least twice `used` */
	size_t used; /* keys stored */
};

/* Double the slots of `m` (or make its first ones); 0, or -1 when out of
 * memory (then `m` is as it was).  u64map_ref calls it when needed. */
int u64map_grow(struct u64map *m);

void u64map_free(struct u64map *m);

/* Every key removed, the slots kept for the next keys. */
void u64map_clear(struct u64map *m);

/* Where `key` is in `m` (cap > 0), or the empty slot where it would go. */
static inline size_t u64map_probe(const struct u64map *m, uint64_t key)
{
	uint64_t h = key * 0x9E3779B97F4A7C15ull;
	size_t i = (size_t)(h >> 32) & (m->cap - 1);
	while (m->slot[i].key && m->slot[i].key != key)
		i = (i + 1) & (m->cap - 1);
	return i;
}

/* The slot index of `key` (its key and value are slot[i]), or
 * `cap` when absent. */
static inline size_t u64map_slot(const struct u64map *m, uint64_t key)
{
	if (!m->cap)
		return 0;
	size_t i = u64map_probe(m, key);
	return m->slot[i].key ? i : m->cap;
}

/* The value stored for `key` (0 when absent). */
static inline uint64_t u64map_get(const struct u64map *m, uint64_t key)
{
	size_t i = u64map_slot(m, key);
	return i < m->cap ? m->slot[i].val : 0;
}

/* The value of `key`, added with value 0 when absent; NULL when out of
 * memory.  The pointer holds until the next call that adds a key. */
static inline uint64_t *u64map_ref(struct u64map *m, uint64_t key)
{
	if ((m->used + 1) * 2 > m->cap && u64map_grow(m) < 0)
		return NULL;
	size_t i = u64map_probe(m, key);
	if (!m->slot[i].key) {
		m->slot[i].key = key;
		m->slot[i].val = 0;
		m->used++;
	}
	return &m->slot[i].val;
}

#endif
