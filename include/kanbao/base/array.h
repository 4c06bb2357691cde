/* array: the two things every growing table and every sorted table in
 * kanbao needs, written once: room for more elements, with the size
 * checked for overflow, and the lower bound of a sorted sequence. */
#ifndef KANBAO_ARRAY_H
#define KANBAO_ARRAY_H

#include <stddef.h>
#include <stdint.h>

/* Make room for at least `need` elements of `size` bytes in the array at
 * `*(void **)pv`, which has room for `*cap` (0 with a NULL array): its
 * room doubles (from 8) until it is enough.  0, or -1 when out of memory or
 * when need * size would not fit a size_t; on -1 the array and `*cap` are
 * as they were.  Called as array_grow(&v, &cap, n + 1, sizeof *v). */
int array_grow(void *pv, size_t *cap, size_t need, size_t size);

/* A table of `n` elements of `size` bytes that one pass over a large
 * corpus fills (a count or a start per article), its pages faulted in
 * here, once, zeroed when `zero` is set: one of a megabyte or more in
 * huge pages where the system gives them on request (madvise
 * MADV_HUGEPAGE; a hint), rounded up to a whole one.  Not calloc: its
 * fresh pages are the shared zero page until written, and a count's first
 * increment reads before it writes, so each page would be faulted twice,
 * the second a copy that interrupts the other core to flush its TLB once
 * a second thread runs.  Free with free(); NULL when out of memory or
 * when n * size would not fit a size_t. */
void *array_new_large(size_t n, size_t size, int zero);

/* The first i in [lo, hi) for which below(ctx, i) is false, or hi when it
 * is true for all: below must be true for a prefix of the range and false
 * after it (a sorted array: "element i is less than the key").  Inline, so
 * that the predicate is inlined too: the builder folds every character it
 * matches through one, and a call a probe cost it 4% of its instructions. */
static inline size_t array_lower_bound(size_t lo, size_t hi,
				       int (*below)(const void *ctx, size_t i),
				       const void *ctx)
{
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (below(ctx, mid))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The first i < n with v[i] >= x (n when none): v ascending. */
size_t array_lower_u64(const uint64_t *v, size_t n, uint64_t x);

/* The first i < n with v[i] > x (n when none): v ascending.  The last
 * element at or below x is then i - 1. */
size_t array_upper_u64(const uint64_t *v, size_t n, uint64_t x);

#endif
