/* array: growth and lower bounds (see include/kanbao/base/array.h). */
#include "kanbao/base/array.h"

#include <stdlib.h>
#include <string.h>

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
