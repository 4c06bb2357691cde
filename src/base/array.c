/* array: growth and lower bounds (see include/kanbao/base/array.h). */
#include "kanbao/base/array.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

int array_grow(void *pv, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return 0;
	if (!size || need > SIZE_MAX / size)
		return -1;
	size_t n = *cap ? *cap : 8;
	while (n < need)
		n = n > SIZE_MAX / 2 / size ? need : n * 2;
	void *old;
	memcpy(&old, pv, sizeof old);
	void *p = realloc(old, n * size);
	if (!p)
		return -1;
	memcpy(pv, &p, sizeof p);
	*cap = n;
	return 0;
}

void *array_new_large(size_t n, size_t size, int zero)
{
	enum { HUGE = 1 << 21 }; /* a huge page of x86-64 and arm64 */
	if (size && n > SIZE_MAX / size)
		return NULL;
	size_t bytes = n && size ? n * size : 1, align = 64;
	if (bytes >= HUGE / 2 && bytes <= SIZE_MAX - HUGE) {
		bytes = (bytes + HUGE - 1) & ~(size_t)(HUGE - 1);
		align = HUGE;
	}
	void *p;
	if (posix_memalign(&p, align, bytes))
		return NULL;
	if (align == HUGE)
		madvise(p, bytes, MADV_HUGEPAGE);
	if (zero)
		memset(p, 0, bytes);
	return p;
}

size_t array_lower_u64(const uint64_t *v, size_t n, uint64_t x)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t array_upper_u64(const uint64_t *v, size_t n, uint64_t x)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid] <= x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}
