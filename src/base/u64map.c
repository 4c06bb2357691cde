/* u64map: 64-bit keys to 64-bit values (see include/kanbao/base/u64map.h). */
#include "kanbao/base/u64map.h"

#include <stdlib.h>
#include <string.h>

int u64map_grow(struct u64map *m)
{
	struct u64map n = { .cap = m->cap ? m->cap * 2 : 1024 };
	n.slot = calloc(n.cap, sizeof *n.slot);
	if (!n.slot)
		return -1;
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->slot[i].key)
			continue;
		n.slot[u64map_probe(&n, m->slot[i].key)] = m->slot[i];
	}
	n.used = m->used;
	u64map_free(m);
	*m = n;
	return 0;
}

void u64map_free(struct u64map *m)
{
	free(m->slot);
	memset(m, 0, sizeof *m);
}

void u64map_clear(struct u64map *m)
{
	if (m->cap)
		memset(m->slot, 0, m->cap * sizeof *m->slot);
	m->used = 0;
}
