/* test.h: what every cmocka suite includes. */
#ifndef KANBAO_TEST_H
#define KANBAO_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* Read a whole file into a malloc'd, NUL-terminated buffer; fails the test
 * when it cannot. */
static inline char *test_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *p = malloc((size_t)n + 1);
	assert_non_null(p);
	assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	p[n] = '\0';
	if (len)
		*len = (size_t)n;
	return p;
}

/* A path under the directory named by environment variable `var` (set by
 * tests/meson.build), in a static buffer. */
static inline const char *test_path(const char *var, const char *name)
{
	static char buf[4096];
	const char *dir = getenv(var);
	if (!dir)
		fail_msg("%s is not set: run the tests through meson test", var);
	snprintf(buf, sizeof buf, "%s/%s", dir, name);
	return buf;
}

#endif
