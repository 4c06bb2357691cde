/* Tests for err: the table of codes, messages and exit statuses. */
#include "test.h"

#include <errno.h>

#include "kanbao/base/err.h"

static void test_set(void **state)
{
	(void)state;
	struct err e = { 0 };
	assert_int_equal(err_set(&e, ERR_TRUNCATED, "%s: truncated at %d",
				 "x.kb", 42),
			 ERR_TRUNCATED);
	assert_int_equal(e.code, ERR_TRUNCATED);
	assert_string_equal(e.msg, "x.kb: truncated at 42");
	assert_int_equal(err_set(NULL, ERR_IO, "ignored"), ERR_IO);
}

static void test_errno(void **state)
{
	(void)state;
	struct err e = { 0 };
	assert_int_equal(err_errno(&e, ENOENT, "%s", "a.kb"), ERR_NOENT);
	assert_string_equal(e.msg, "a.kb: No such file or directory");
	assert_int_equal(err_errno(&e, EACCES, "b"), ERR_ACCESS);
	assert_int_equal(err_errno(&e, EISDIR, "c"), ERR_ISDIR);
	assert_int_equal(err_errno(&e, ENOMEM, "d"), ERR_NOMEM);
	assert_int_equal(err_errno(&e, EIO, "e"), ERR_IO);
}

static void test_long_message_truncated(void **state)
{
	(void)state;
	struct err e = { 0 };
	char big[2000];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	err_set(&e, ERR_IO, "%s", big);
	assert_int_equal(strlen(e.msg), ERR_MSG_MAX - 1);
}

static void test_table(void **state)
{
	(void)state;
	assert_int_equal(err_exit_status(ERR_OK), 0);
	assert_int_equal(err_exit_status(ERR_NOMATCH), 1);
	assert_int_equal(err_exit_status(ERR_CHECKSUM), 2);
	assert_int_equal(err_exit_status(ERR_USAGE), 2);
	assert_string_equal(err_text(ERR_CHECKSUM), "checksum mismatch");
	assert_string_equal(err_text((enum err_code)999), "unknown error");
	assert_int_equal(err_exit_status((enum err_code)999), 2);
}

static int seen;
static void count(void *ctx, const char *msg)
{
	(void)ctx;
	assert_string_equal(msg, "f.txt:3: odd");
	seen++;
}

static void test_diag(void **state)
{
	(void)state;
	struct diag d = { count, NULL, 0 };
	diag_warn(&d, "%s:%d: odd", "f.txt", 3);
	diag_warn(NULL, "nothing");
	assert_int_equal(seen, 1);
	assert_int_equal(d.count, 1);
	struct diag quiet = { NULL, NULL, 0 };
	diag_warn(&quiet, "counted, not shown");
	assert_int_equal(quiet.count, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_set),
		cmocka_unit_test(test_errno),
		cmocka_unit_test(test_long_message_truncated),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_diag),
	};
	return cmocka_run_group_tests_name("err", tests, NULL, NULL);
}
