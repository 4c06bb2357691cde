/* What the page tools share (render.c, compose.c, score.c and
 * tests/bench/gen.c): a small random stream, fixed by its seed so that the
 * same seed gives the same bytes; a test for a set of characters; reading
 * a whole file. */
#ifndef KANBAO_PAGES_COMMON_H
#define KANBAO_PAGES_COMMON_H

#include <stddef.h>
#include <stdint.h>

struct rng {
	uint64_t s; /* splitmix64 state */
};

/* The next 64 random bits. */
uint64_t rng_next(struct rng *r);

/* Uniform in [0, n), n < 2^32 (Lemire's multiply, no division). */
size_t rng_below(struct rng *r, size_t n);

/* Uniform in [lo, hi]. */
size_t rng_range(struct rng *r, size_t lo, size_t hi);

/* True `permille` times in a thousand. */
int rng_chance(struct rng *r, unsigned permille);

/* Is `uc` in `set` (ended by 0)? */
int in_set(uint32_t uc, const uint32_t *set);

/* The whole file, NUL-terminated, its length in `*len` (when not NULL);
 * NULL (errno set) when it cannot be read or memory runs out. */
char *read_whole_file(const char *path, size_t *len);

#endif
