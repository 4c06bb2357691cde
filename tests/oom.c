/* oom: a test-only allocation fault injector (see tests/oom.h). */
#include "test.h"

#include <dirent.h>
#include <dlfcn.h>
#include <inttypes.h>
#include <errno.h>
#include <sys/types.h>
#include <xxhash.h>

#include "oom.h"

/* The functions the linker's --wrap sends our objects' calls to, and the
 * real ones behind them. */
void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
int __real_posix_memalign(void **p, size_t align, size_t n);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
ssize_t __real_getline(char **line, size_t *cap, FILE *f);
ssize_t __real___getdelim(char **line, size_t *cap, int delim, FILE *f);
FILE *__real_fdopen(int fd, const char *mode);
DIR *__real_opendir(const char *name);
XXH3_state_t *__real_XXH3_createState(void);

void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t k, size_t n);
int __wrap_posix_memalign(void **p, size_t align, size_t n);
void *__wrap_realloc(void *p, size_t n);
void __wrap_free(void *p);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);
ssize_t __wrap_getline(char **line, size_t *cap, FILE *f);
ssize_t __wrap___getdelim(char **line, size_t *cap, int delim, FILE *f);
FILE *__wrap_fdopen(int fd, const char *mode);
DIR *__wrap_opendir(const char *name);
XXH3_state_t *__wrap_XXH3_createState(void);

enum {
	LIVE_MAX = 1 << 14, /* blocks of a run alive at once */
	SITES_MAX = 1024, /* distinct call sites */
};

static struct {
	int armed; /* counting */
	unsigned long fail_at; /* the call that fails (0: none) */
	enum oom_mode mode; /* and whether those after it do */
	unsigned long calls, failures; /* since oom_arm */
	void *live[LIVE_MAX]; /* blocks allocated while armed, not freed */
	size_t nlive;
	const void *reached[SITES_MAX]; /* call sites counted */
	size_t nreached;
	const void *failed[SITES_MAX]; /* call sites made to fail */
	size_t nfailed;
	const void *all[SITES_MAX]; /* call sites counted since the start */
	size_t nall;
} st;

static void add_site(const void **v, size_t *n, const void *site)
{
	for (size_t i = 0; i < *n; i++)
		if (v[i] == site)
			return;
	if (*n == SITES_MAX) {
		fputs("oom: more call sites than SITES_MAX\n", stderr);
		abort();
	}
	v[(*n)++] = site;
}

/* Count a call from `site`: 1 when it is to fail. */
static int must_fail(const void *site)
{
	if (!st.armed)
		return 0;
	st.calls++;
	add_site(st.reached, &st.nreached, site);
	add_site(st.all, &st.nall, site);
	int fail = st.fail_at &&
		   (st.calls == st.fail_at ||
		    (st.mode == OOM_FROM && st.calls > st.fail_at));
	if (fail) {
		st.failures++;
		add_site(st.failed, &st.nfailed, site);
		errno = ENOMEM;
	}
	return fail;
}

static void live_add(void *p)
{
	if (st.nlive == LIVE_MAX) {
		fputs("oom: more live blocks than LIVE_MAX\n", stderr);
		abort();
	}
	st.live[st.nlive++] = p;
}

/* Forget `p` if it is remembered: 1 when it was. */
static int live_drop(const void *p)
{
	for (size_t i = st.nlive; i-- > 0;) {
		if (st.live[i] == p) {
			st.live[i] = st.live[--st.nlive];
			return 1;
		}
	}
	return 0;
}

/* A block just made: remembered while armed. */
static void *made(void *p)
{
	if (p && st.armed)
		live_add(p);
	return p;
}

void *__wrap_malloc(size_t n)
{
	if (must_fail(__builtin_return_address(0)))
		return NULL;
	return made(__real_malloc(n));
}

void *__wrap_calloc(size_t k, size_t n)
{
	if (must_fail(__builtin_return_address(0)))
		return NULL;
	return made(__real_calloc(k, n));
}

int __wrap_posix_memalign(void **p, size_t align, size_t n)
{
	if (must_fail(__builtin_return_address(0)))
		return ENOMEM; /* *p as it was */
	int rc = __real_posix_memalign(p, align, n);
	if (!rc)
		made(*p);
	return rc;
}

void *__wrap_realloc(void *p, size_t n)
{
	if (must_fail(__builtin_return_address(0)))
		return NULL; /* p as it was */
	void *q = __real_realloc(p, n);
	if (!p)
		return made(q);
	/* A block made while armed stays remembered as it moves; one made
	 * before is none of a run's business. */
	if ((q || n == 0) && live_drop(p) && q)
		live_add(q);
	return q;
}

void __wrap_free(void *p)
{
	if (p && st.nlive)
		live_drop(p);
	__real_free(p);
}

char *__wrap_strdup(const char *s)
{
	if (must_fail(__builtin_return_address(0)))
		return NULL;
	return made(__real_strdup(s));
}

char *__wrap_strndup(const char *s, size_t n)
{
	if (must_fail(__builtin_return_address(0)))
		return NULL;
	return made(__real_strndup(s, n));
}

/* The line buffer is the C library's to grow: a call that must fail
 * fails as one that could not grow it (-1, errno ENOMEM, *line kept). */
ssize_t __wrap_getline(char **line, size_t *cap, FILE *f)
{
	if (must_fail(__builtin_return_address(0)))
		return -1;
	return __real_getline(line, cap, f);
}

ssize_t __wrap___getdelim(char **line, size_t *cap, int delim, FILE *f)
{
	if (must_fail(__builtin_return_address(0)))
		return -1;
	return __real___getdelim(line, cap, delim, f);
}

FILE *__wrap_fdopen(int fd, const char *mode)
{
	if (must_fail(__builtin_return_address(0)))
		return NULL;
	return __real_fdopen(fd, mode);
}

DIR *__wrap_opendir(const char *name)
{
	if (must_fail(__builtin_return_address(0)))
		return NULL;
	return __real_opendir(name);
}

XXH3_state_t *__wrap_XXH3_createState(void)
{
	if (must_fail(__builtin_return_address(0)))
		return NULL;
	return __real_XXH3_createState();
}

void oom_arm(unsigned long n, enum oom_mode mode)
{
	st.fail_at = n;
	st.mode = mode;
	st.calls = 0;
	st.failures = 0;
	st.armed = 1;
}

void oom_disarm(void)
{
	st.armed = 0;
	st.fail_at = 0;
}

unsigned long oom_calls(void)
{
	return st.calls;
}

unsigned long oom_failures(void)
{
	return st.failures;
}

size_t oom_live(void)
{
	return st.nlive;
}

void oom_sites_reset(void)
{
	st.nreached = 0;
	st.nfailed = 0;
}

size_t oom_sites_reached(void)
{
	return st.nreached;
}

size_t oom_sites_failed(void)
{
	return st.nfailed;
}

size_t oom_sites_ever(void)
{
	return st.nall;
}

/* The limit on runs of one mode: a case that goes on allocating after
 * this many failures retries forever. */
enum { RUNS_MAX = 100000 };

static const char *mode_name(enum oom_mode m)
{
	return m == OOM_ONE ? "only" : "and every later one";
}

/* One run of `c` with call n failing (0: none); its calls in *how. */
static void run_once(const struct oom_case *c, unsigned long n,
		     enum oom_mode mode, struct oom_run *how)
{
	if (c->prepare)
		c->prepare(c->ctx);
	assert_int_equal(oom_live(), 0);
	oom_arm(n, mode);
	int rc = c->run(c->ctx);
	*how = (struct oom_run){ n, mode, oom_calls(), oom_failures() };
	oom_disarm();
	if (!how->failures && rc != c->clean)
		fail_msg("%s: %d, not %d, with call %lu (%s) failing, though "
			 "no call failed (the run made %lu)", c->name, rc,
			 c->clean, n, mode_name(mode), how->calls);
	c->check(c->ctx, rc, how);
	if (oom_live())
		fail_msg("%s: call %lu failing (%s): %zu blocks left after "
			 "the run and its check", c->name, n, mode_name(mode),
			 oom_live());
}

/* With KANBAO_OOM_SITES set, each call site reached, as the file and
 * offset addr2line takes ("addr2line -f -e FILE OFFSET"). */
static void print_sites(void)
{
	if (!getenv("KANBAO_OOM_SITES"))
		return;
	for (size_t i = 0; i < st.nreached; i++) {
		Dl_info info;
		const void *at = st.reached[i];
		/* the call before the return address */
		uintptr_t off = (uintptr_t)at - 1;
		const char *file = "?";
		if (dladdr(at, &info) && info.dli_fname) {
			file = info.dli_fname;
			off -= (uintptr_t)info.dli_fbase;
		}
		print_message("  site %s 0x%jx\n", file, (uintmax_t)off);
	}
}

void oom_test(const struct oom_case *c)
{
	struct oom_run how;
	unsigned long runs = 0;
	oom_sites_reset();
	st.nlive = 0; /* what a test that failed before left */
	run_once(c, 0, OOM_ONE, &how);
	runs++;
	unsigned long clean = how.calls;
	if (!clean)
		fail_msg("%s: no allocation to fail", c->name);
	for (int m = OOM_ONE; m <= OOM_FROM; m++) {
		for (unsigned long n = 1;; n++) {
			if (n > RUNS_MAX)
				fail_msg("%s: still allocating after %d "
					 "failures", c->name, RUNS_MAX);
			run_once(c, n, (enum oom_mode)m, &how);
			runs++;
			if (!how.failures)
				break;
		}
	}
	print_message("%s: %lu allocation calls with none failing; %zu call "
		      "sites reached, %zu made to fail; %lu runs\n", c->name,
		      clean, oom_sites_reached(), oom_sites_failed(), runs);
	print_sites();
}
