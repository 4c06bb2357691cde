/* What the page tools share (see common.h). */
#include "common.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kanbao/base/buf.h"

uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

size_t rng_below(struct rng *r, size_t n)
{
	return (size_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

size_t rng_range(struct rng *r, size_t lo, size_t hi)
{
	return lo + rng_below(r, hi - lo + 1);
}

int rng_chance(struct rng *r, unsigned permille)
{
	return rng_below(r, 1000) < permille;
}

int in_set(uint32_t uc, const uint32_t *set)
{
	for (; *set; set++)
		if (*set == uc)
			return 1;
	return 0;
}

char *read_whole_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct buf b = { 0 };
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_put(&b, chunk, n);
	int bad = ferror(f);
	fclose(f);
	if (bad || b.failed) {
		buf_free(&b);
		errno = bad ? EIO : ENOMEM;
		return NULL;
	}
	if (len)
		*len = b.len;
	return b.p ? buf_take(&b) : strdup("");
}
