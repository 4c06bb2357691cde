/* Tests for array: growth with its overflow check, lower bounds. */
#include "test.h"

#include "kanbao/base/array.h"

static void test_grow(void **state)
{
	(void)state;
	int *v = NULL;
	size_t cap = 0;
	assert_int_equal(array_grow(&v, &cap, 0, sizeof *v), 0);
	assert_null(v);
	assert_int_equal(array_grow(&v, &cap, 1, sizeof *v), 0);
	assert_int_equal(cap, 8);
	for (int i = 0; i < 8; i++)
		v[i] = i;
	assert_int_equal(array_grow(&v, &cap, 9, sizeof *v), 0);
	assert_int_equal(cap, 16);
	assert_int_equal(v[7], 7); /* kept */
	assert_int_equal(array_grow(&v, &cap, 100, sizeof *v), 0);
	assert_int_equal(cap, 128);
	assert_int_equal(array_grow(&v, &cap, 20, sizeof *v), 0);
	assert_int_equal(cap, 128); /* never shrinks */
	free(v);
}

static void test_grow_overflow(void **state)
{
	(void)state;
	uint64_t *v = NULL;
	size_t cap = 0;
	assert_int_equal(array_grow(&v, &cap, 4, sizeof *v), 0);
	uint64_t *was = v;
	/* need * size overflows: refused, the array as it was */
	assert_int_equal(array_grow(&v, &cap, SIZE_MAX / 4, sizeof *v), -1);
	assert_ptr_equal(v, was);
	assert_int_equal(cap, 8);
	assert_int_equal(array_grow(&v, &cap, 1, 0), 0); /* room enough */
	free(v);
}

static int below_7(const void *ctx, size_t i)
{
	const int *v = ctx;
	return v[i] < 7;
}

static void test_new_large(void **state)
{
	(void)state;
	/* small, and large enough for huge pages (a count per article of
	 * 600,000): zeroed when asked, every element writable */
	size_t sizes[] = { 0, 1, 1000, 600000 };
	for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
		size_t n = sizes[k];
		uint32_t *v = array_new_large(n, sizeof *v, 1);
		assert_non_null(v);
		for (size_t i = 0; i < n; i++)
			assert_int_equal(v[i], 0);
		for (size_t i = 0; i < n; i++)
			v[i]++;
		free(v);
		uint64_t *w = array_new_large(n + 1, sizeof *w, 0);
		assert_non_null(w);
		w[n] = 7;
		free(w);
	}
	/* a huge-page table starts on a huge page's boundary */
	uint32_t *v = array_new_large(600000, sizeof *v, 0);
	assert_int_equal((uintptr_t)v % (1 << 21), 0);
	free(v);
	/* n * size past a size_t */
	assert_null(array_new_large(SIZE_MAX / 2, 4, 1));
}

static void test_lower_bound(void **state)
{
	(void)state;
	const int v[] = { 1, 3, 7, 7, 9 };
	assert_int_equal(array_lower_bound(0, 5, below_7, v), 2);
	assert_int_equal(array_lower_bound(3, 5, below_7, v), 3);
	assert_int_equal(array_lower_bound(0, 2, below_7, v), 2);
	assert_int_equal(array_lower_bound(0, 0, below_7, v), 0);
}

static void test_u64(void **state)
{
	(void)state;
	const uint64_t v[] = { 2, 4, 4, 8 };
	assert_int_equal(array_lower_u64(v, 4, 4), 1);
	assert_int_equal(array_upper_u64(v, 4, 4), 3);
	assert_int_equal(array_lower_u64(v, 4, 1), 0);
	assert_int_equal(array_upper_u64(v, 4, 1), 0);
	assert_int_equal(array_lower_u64(v, 4, 9), 4);
	assert_int_equal(array_upper_u64(v, 4, 8), 4);
	assert_int_equal(array_lower_u64(v, 0, 3), 0);
	assert_int_equal(array_lower_u64(v, 4, UINT64_MAX), 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grow),
		cmocka_unit_test(test_grow_overflow),
		cmocka_unit_test(test_new_large),
		cmocka_unit_test(test_lower_bound),
		cmocka_unit_test(test_u64),
	};
	return cmocka_run_group_tests_name("array", tests, NULL, NULL);
}
