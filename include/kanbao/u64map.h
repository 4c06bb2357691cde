/* u64map: a hash map from 64-bit keys (never 0) to 64-bit values, open
 * addressing.  The builder's character-pair tables use it. */
#ifndef KANBAO_U64MAP_H
#define KANBAO_U64MAP_H

#include <stddef.h>
#include <stdint.h>

struct u64map {
	uint64_t *keys; /* cap slots, 0 = empty */
	uint64_t *vals; /* the value of each slot's key */
	size_t cap; /* a power of two, at least twice `used` */
	size_t used; /* keys stored */
};

/* The value stored for `key` (0 when absent). */
uint64_t u64map_get(const struct u64map *m, uint64_t key);

/* The value of `key`, added with value 0 when absent; NULL when out of
 * memory.  The pointer holds until the next call that adds a key. */
uint64_t *u64map_ref(struct u64map *m, uint64_t key);

/* The slot index of `key` (its key and value are keys[i], vals[i]), or
 * `cap` when absent. */
size_t u64map_slot(const struct u64map *m, uint64_t key);

void u64map_free(struct u64map *m);

#endif
