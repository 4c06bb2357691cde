/* oom: a test-only allocation fault injector.
 *
 * A test executable linked with tests/oom.c and the linker's --wrap for
 * every allocating function the code under test calls (tests/meson.build,
 * `oom_wrap`) sends those calls through this module: malloc, calloc,
 * posix_memalign, realloc, strdup, strndup, and the C library's functions
 * that allocate for their caller, getline (__getdelim once glibc inlines
 * it), fdopen and opendir, and libxxhash's XXH3_createState.  Disarmed, each call goes
 * straight to the real function.  Armed, each is counted, its call site
 * (return address) noted, and the nth call fails as that function fails
 * when memory is short (NULL, or -1, with errno ENOMEM).
 *
 * --wrap rewrites only the references in the objects linked into the
 * executable (ours and the test's), so allocations inside shared
 * libraries (the C library's own, OpenCC's, cmocka's) are neither counted
 * nor failed; under AddressSanitizer its interceptors stay underneath
 * (__real_malloc is the sanitizer's malloc: tests/test_oom.c checks).
 *
 * Blocks allocated while armed are remembered until freed (free is
 * wrapped too), so a test can see a leak in any build (oom_live), not only
 * under LeakSanitizer.  One
 * thread at a time: the state is not locked. */
#ifndef KANBAO_TEST_OOM_H
#define KANBAO_TEST_OOM_H

#include <stddef.h>

enum oom_mode {
	OOM_ONE, /* the nth call fails, later ones work: a failure the code
		    recovers from */
	OOM_FROM, /* the nth and every later call fail: memory stays short
		     while the code cleans up and reports */
};

/* Count allocation calls from now on, the nth (from 1) failing as `mode`
 * says; n = 0 only counts.  Resets the counts, not the sites. */
void oom_arm(unsigned long n, enum oom_mode mode);

/* Stop counting and failing.  Blocks allocated while armed are still
 * remembered until they are freed. */
void oom_disarm(void);

/* Allocation calls counted, and of those failed, since oom_arm. */
unsigned long oom_calls(void);
unsigned long oom_failures(void);

/* Blocks allocated while armed (by malloc, calloc, posix_memalign,
 * realloc from NULL, strdup, strndup) and not yet freed. */
size_t oom_live(void);

/* Forget the sites seen.  Then the distinct call sites counted while armed,
 * and of those the ones where a call was made to fail. */
void oom_sites_reset(void);
size_t oom_sites_reached(void);
size_t oom_sites_failed(void);

/* The distinct call sites counted since the program started (all of a
 * suite's cases). */
size_t oom_sites_ever(void);

/* One run of a case: which call failed, how, and what came of it. */
struct oom_run {
	unsigned long n; /* the call made to fail (0: none) */
	enum oom_mode mode; /* and the calls after it */
	unsigned long calls; /* allocation calls the run made */
	unsigned long failures; /* of which failed */
};

/* An operation tested under failing allocations (oom_test). */
struct oom_case {
	const char *name; /* what it does, for messages */
	void (*prepare)(void *ctx); /* before each run, not counted (NULL:
				       nothing to do) */
	int (*run)(void *ctx); /* the operation, counted: 0 when it
				  succeeded, else its error (ERR_NOMEM, -1) */
	void (*check)(void *ctx, int rc, const struct oom_run *how); /* after
				  each run, not counted: checks what the run
				  returned and left (a cmocka assertion when
				  wrong) and frees all it made */
	void *ctx; /* passed to the three */
	int clean; /* what a run returns when no call fails: 0, or the
		      error of an operation meant to fail (a corrupt file) */
};

/* Run the case once with no call failing (it must return `clean` and
 * allocate), then with call n failing, for n = 1, 2, ... until a run makes
 * fewer than n calls, in each mode.  After each check no block allocated
 * in the run may be left.  Prints one line: the calls of a run with
 * nothing failing, the distinct call sites reached and made to fail over
 * all runs, and the runs.  Fails the test at the first run that goes
 * wrong. */
void oom_test(const struct oom_case *c);

#endif
