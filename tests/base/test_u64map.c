/* Tests for u64map: keys and values through growth and clearing, each key
 * and its value in one slot. */
#include "test.h"

#include "kanbao/base/u64map.h"

/* Keys as the index's pair keys spread: two characters, 21 bits each. */
static uint64_t key_of(uint64_t i)
{
	return (0x4E00 + i % 997) << 21 | (0x4E00 + i / 997 + 1);
}

static void test_ref_get_grow(void **state)
{
	(void)state;
	struct u64map m = { 0 };
	assert_int_equal(u64map_get(&m, 5), 0); /* no slots yet */
	enum { N = 5000 }; /* grows from 1024 slots to 16384 */
	for (uint64_t i = 0; i < N; i++) {
		uint64_t *v = u64map_ref(&m, key_of(i));
		assert_non_null(v);
		assert_int_equal(*v, 0); /* new: 0 */
		*v = i + 1;
	}
	assert_int_equal(m.used, N);
	assert_true(m.cap >= 2 * N);
	for (uint64_t i = 0; i < N; i++) {
		assert_int_equal(u64map_get(&m, key_of(i)), i + 1);
		size_t s = u64map_slot(&m, key_of(i));
		assert_true(s < m.cap);
		/* the key and its value in its slot */
		assert_int_equal(m.slot[s].key, key_of(i));
		assert_int_equal(m.slot[s].val, i + 1);
	}
	/* a key again: the same value, not a new key */
	++*u64map_ref(&m, key_of(7));
	assert_int_equal(u64map_get(&m, key_of(7)), 9);
	assert_int_equal(m.used, N);
	assert_int_equal(u64map_slot(&m, key_of(N)), m.cap); /* absent */
	assert_int_equal(u64map_get(&m, key_of(N)), 0);
	size_t filled = 0;
	for (size_t s = 0; s < m.cap; s++)
		filled += m.slot[s].key != 0;
	assert_int_equal(filled, N);
	u64map_free(&m);
	assert_null(m.slot);
	assert_int_equal(m.cap, 0);
}

static void test_clear(void **state)
{
	(void)state;
	struct u64map m = { 0 };
	for (uint64_t i = 0; i < 3000; i++)
		*u64map_ref(&m, key_of(i)) = 7;
	size_t cap = m.cap;
	u64map_clear(&m);
	assert_int_equal(m.used, 0);
	assert_int_equal(m.cap, cap); /* the slots kept */
	for (uint64_t i = 0; i < 3000; i++)
		assert_int_equal(u64map_get(&m, key_of(i)), 0);
	/* a key added after clearing starts at 0, not at its old value */
	assert_int_equal(*u64map_ref(&m, key_of(3)), 0);
	assert_int_equal(m.used, 1);
	u64map_free(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ref_get_grow),
		cmocka_unit_test(test_clear),
	};
	return cmocka_run_group_tests_name("u64map", tests, NULL, NULL);
}
