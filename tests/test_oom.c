/* Tests for the allocation fault injector (tests/oom.h).
 *
 * Apart from oom.c: GCC knows what malloc does and does not touch, and
 * in the file that holds the injector's counts it would take them to be
 * unchanged by the calls below. */
#include "test.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <xxhash.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#endif

#include "oom.h"

/* A pointer the compiler cannot see through, so it keeps every call below
 * (it may drop a malloc whose block is only freed). */
static void *volatile sink;

static void test_injector(void **state)
{
	(void)state;
	oom_sites_reset();
	oom_arm(3, OOM_ONE); /* the calloc */
	char *a = malloc(13);
	sink = a;
	char *b = strdup("kanbao");
	sink = b;
	errno = 0;
	char *c = calloc(4, 4);
	/* clang takes calloc for one that touches no memory of ours, errno
	 * included, and would read errno's 0 from before the call: a
	 * barrier makes it read errno again */
	__asm__ volatile("" ::: "memory");
	int err = errno;
	sink = c;
	char *d = strndup("看报看报", 3);
	sink = d;
	unsigned long calls = oom_calls(), failures = oom_failures();
	size_t live = oom_live();
	oom_disarm();
	assert_int_equal(calls, 4);
	assert_int_equal(failures, 1);
	assert_non_null(a);
	assert_non_null(b);
	assert_null(c);
	assert_int_equal(err, ENOMEM);
	assert_non_null(d);
	assert_string_equal(d, "看");
	assert_int_equal(live, 3); /* a, b and d */
	assert_int_equal(oom_sites_reached(), 4);
	assert_int_equal(oom_sites_failed(), 1);
#if defined(__SANITIZE_ADDRESS__)
	/* The block came from AddressSanitizer: the byte after it is its
	 * red zone. */
	assert_int_equal(__asan_address_is_poisoned(a + 13), 1);
	assert_int_equal(__asan_address_is_poisoned(a + 12), 0);
#endif
	/* A block made while armed is remembered as realloc moves it, until
	 * it is freed, armed or not. */
	oom_arm(0, OOM_ONE);
	a = realloc(a, 1 << 20);
	assert_non_null(a);
	oom_disarm();
	assert_int_equal(oom_live(), 3);
	free(a);
	free(b);
	free(d);
	assert_int_equal(oom_live(), 0);
	/* and then every call from the nth fails */
	oom_arm(1, OOM_FROM);
	a = malloc(1);
	sink = a;
	b = realloc(NULL, 1);
	sink = b;
	failures = oom_failures();
	oom_disarm();
	assert_null(a);
	assert_null(b);
	assert_int_equal(failures, 2);
	oom_sites_reset();
}

/* The C library's functions that allocate for their caller, and
 * libxxhash's state: counted, and failing as when memory is short. */
static void test_library_calls(void **state)
{
	(void)state;
	for (int fail = 0; fail <= 1; fail++) {
		int fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
		assert_true(fd >= 0);
		oom_arm(fail, OOM_FROM);
		errno = 0;
		FILE *f = fdopen(fd, "r");
		int err_fdopen = errno;
		char *line = NULL;
		size_t cap = 0;
		errno = 0;
		ssize_t n = getline(&line, &cap, f ? f : stdin);
		int err_getline = errno;
		errno = 0;
		DIR *d = opendir("/");
		int err_opendir = errno;
		XXH3_state_t *x = XXH3_createState();
		unsigned long calls = oom_calls();
		oom_disarm();
		assert_int_equal(calls, 4);
		if (fail) {
			assert_null(f);
			assert_int_equal(err_fdopen, ENOMEM);
			assert_int_equal(n, -1);
			assert_int_equal(err_getline, ENOMEM);
			assert_null(d);
			assert_int_equal(err_opendir, ENOMEM);
			assert_null(x);
			close(fd);
		} else {
			assert_non_null(f);
			assert_int_equal(n, -1); /* the end of /dev/null */
			assert_int_equal(err_getline, 0);
			assert_non_null(d);
			assert_non_null(x);
			fclose(f);
			closedir(d);
			XXH3_freeState(x);
		}
		free(line);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_injector),
		cmocka_unit_test(test_library_calls),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
