/* u64map: 64-bit keys to 64-bit values (see include/kanbao/u64map.h). */
#include "kanbao/u64map.h"

#include <stdlib.h>
#include <string.h>

/* Where `key` is, or the empty slot where it would go. */
static size_t probe(const struct u64map *m, uint64_t key)
{
	uint64_t h = key * 0x9E3779B97F4A7C15ull;
	size_t i = (size_t)(h >> 32) & (m->cap - 1);
	while (m->keys[i] && m->keys[i] != key)
		i = (i + 1) & (m->cap - 1);
	return i;
}

static int grow(struct u64map *m)
{
	struct u64map n = { .cap = m->cap ? m->cap * 2 : 1024 };
	n.keys = calloc(n.cap, sizeof *n.keys);
	n.vals = calloc(n.cap, sizeof *n.vals);
	if (!n.keys || !n.vals) {
		free(n.keys);
		free(n.vals);
		return -1;
	}
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->keys[i])
			continue;
		size_t j = probe(&n, m->keys[i]);
		n.keys[j] = m->keys[i];
		n.vals[j] = m->vals[i];
	}
	n.used = m->used;
	u64map_free(m);
	*m = n;
	return 0;
}

size_t u64map_slot(const struct u64map *m, uint64_t key)
{
	if (!m->cap)
		return 0;
	size_t i = probe(m, key);
	return m->keys[i] ? i : m->cap;
}

uint64_t u64map_get(const struct u64map *m, uint64_t key)
{
	size_t i = u64map_slot(m, key);
	return i < m->cap ? m->vals[i] : 0;
}

uint64_t *u64map_ref(struct u64map *m, uint64_t key)
{
	if ((m->used + 1) * 2 > m->cap && grow(m) < 0)
		return NULL;
	size_t i = probe(m, key);
	if (!m->keys[i]) {
		m->keys[i] = key;
		m->vals[i] = 0;
		m->used++;
	}
	return &m->vals[i];
}

void u64map_free(struct u64map *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof *m);
}
