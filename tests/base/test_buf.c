/* Tests for buf: room written in place as well as appended bytes. */
#include "test.h"

#include "kanbao/base/buf.h"

static void test_room_and_grown(void **state)
{
	(void)state;
	struct buf b = { 0 };
	buf_put(&b, "ab", 2);
	/* room past what the buffer holds: it grows, what it had kept */
	char *w = buf_room(&b, 1000);
	assert_non_null(w);
	assert_ptr_equal(w, b.p + 2);
	assert_true(b.cap >= 2 + 1000 + 1);
	memset(w, 'x', 1000);
	buf_grown(&b, 3); /* fewer written than asked room for */
	assert_int_equal(b.len, 5);
	assert_string_equal(b.p, "abxxx");
	/* room that is there already: no move */
	char *p = b.p;
	w = buf_room(&b, 10);
	assert_ptr_equal(b.p, p);
	assert_ptr_equal(w, p + 5);
	buf_grown(&b, 0);
	assert_string_equal(b.p, "abxxx");
	buf_put(&b, "!", 1);
	assert_string_equal(b.p, "abxxx!");
	buf_free(&b);
}

static void test_room_refused(void **state)
{
	(void)state;
	struct buf b = { 0 };
	buf_put(&b, "ab", 2);
	/* more than can be: NULL, failed, what it had kept */
	assert_null(buf_room(&b, SIZE_MAX - 1));
	assert_true(b.failed);
	assert_int_equal(b.len, 2);
	assert_null(buf_room(&b, 1)); /* and after, nothing */
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_room_and_grown),
		cmocka_unit_test(test_room_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
