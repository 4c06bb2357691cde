/* hanzi: a query's other script forms (see include/kanbao/search/hanzi.h). */
#include "kanbao/search/hanzi.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "kanbao/base/utf8.h"

#if KANBAO_OPENCC
#include <dlfcn.h>
#include <opencc.h>
#endif

/* One lock for everything below: opening, converting and closing.  OpenCC
 * keeps its last error in one global string (opencc_error() is "the only
 * function which is NOT thread-safe"), so even conversions on different
 * converters must not overlap. */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static enum { UNTRIED, ON, OFF } state; /* of the converters */
static char why[256]; /* when OFF: the reason */

#if KANBAO_OPENCC
/* OpenCC's "no converter": what opencc_open returns on error. */
#define NO_CONVERTER ((opencc_t)-1)
static opencc_t conv[HANZI_FORMS] = { NO_CONVERTER, NO_CONVERTER };

/* libopencc is loaded when folding is first wanted (on the search thread),
 * not linked: it brings libstdc++ and libmarisa, 1.7 ms more at every
 * start of the program, and the first frame must come in 5 ms. */
static struct {
	void *lib;
	opencc_t (*open)(const char *);
	int (*close)(opencc_t);
	char *(*convert_utf8)(opencc_t, const char *, size_t);
	void (*convert_utf8_free)(char *);
	const char *(*error)(void);
} cc;

/* Load libopencc (KANBAO_OPENCC_LIB, its soname at build time; else the
 * unversioned name).  0, or -1 with the reason in `why`. */
static int load(void)
{
	if (cc.lib)
		return 0;
	void *lib = dlopen(KANBAO_OPENCC_LIB, RTLD_NOW | RTLD_LOCAL);
	if (!lib)
		lib = dlopen("libopencc.so", RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		snprintf(why, sizeof why, "OpenCC: %s", dlerror());
		return -1;
	}
	*(void **)&cc.open = dlsym(lib, "opencc_open");
	*(void **)&cc.close = dlsym(lib, "opencc_close");
	*(void **)&cc.convert_utf8 = dlsym(lib, "opencc_convert_utf8");
	*(void **)&cc.convert_utf8_free =
		dlsym(lib, "opencc_convert_utf8_free");
	*(void **)&cc.error = dlsym(lib, "opencc_error");
	if (!cc.open || !cc.close || !cc.convert_utf8 ||
	    !cc.convert_utf8_free || !cc.error) {
		snprintf(why, sizeof why, "OpenCC: %s lacks its functions",
			 KANBAO_OPENCC_LIB);
		dlclose(lib);
		memset(&cc, 0, sizeof cc);
		return -1;
	}
	cc.lib = lib; /* kept loaded until the program ends */
	return 0;
}

static void close_converters(void)
{
	for (int k = 0; k < HANZI_FORMS; k++) {
		if (conv[k] != NO_CONVERTER)
			cc.close(conv[k]);
		conv[k] = NO_CONVERTER;
	}
}

static void close_locked(void)
{
	close_converters();
	state = UNTRIED;
	why[0] = '\0';
}

static void open_locked(const char *t2s, const char *s2t)
{
	const char *name[HANZI_FORMS] = { t2s ? t2s : "t2s.json",
					  s2t ? s2t : "s2t.json" };
	close_locked();
	if (load() < 0) {
		state = OFF;
		return;
	}
	for (int k = 0; k < HANZI_FORMS; k++) {
		conv[k] = cc.open(name[k]);
		if (conv[k] == NO_CONVERTER) {
			/* e.g. "t2s.json not found or not accessible." */
			const char *msg = cc.error();
			snprintf(why, sizeof why, "OpenCC: %s",
				 msg && *msg ? msg : name[k]);
			close_converters();
			state = OFF;
			return;
		}
	}
	state = ON;
}

/* Characters, as index_fold_str counts them: one a utf8_next step. */
static size_t chars(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; k++) {
		uint32_t uc;
		i += utf8_next(s + i, n - i, &uc);
	}
	return k;
}
#else
static void close_locked(void)
{
	state = UNTRIED;
	why[0] = '\0';
}

static void open_locked(const char *t2s, const char *s2t)
{
	(void)t2s;
	(void)s2t;
	state = OFF;
	snprintf(why, sizeof why, "built without OpenCC");
}
#endif

int hanzi_open(const char *t2s, const char *s2t)
{
	pthread_mutex_lock(&lock);
	open_locked(t2s, s2t);
	int on = state == ON;
	pthread_mutex_unlock(&lock);
	return on;
}

int hanzi_folding(void)
{
	pthread_mutex_lock(&lock);
	if (state == UNTRIED)
		open_locked(NULL, NULL);
	int on = state == ON;
	pthread_mutex_unlock(&lock);
	return on;
}

const char *hanzi_status(void)
{
	pthread_mutex_lock(&lock);
	const char *s = state == OFF ? why : NULL;
	pthread_mutex_unlock(&lock);
	return s;
}

void hanzi_close(void)
{
	pthread_mutex_lock(&lock);
	close_locked();
	pthread_mutex_unlock(&lock);
}

/* Whether OpenCC could change `q`: every key of its t2s and s2t
 * dictionaries holds a character from U+2E80 (CJK radicals) on. */
static int may_convert(const char *q, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t uc;
		i += utf8_next(q + i, n - i, &uc);
		if (uc >= 0x2E80)
			return 1;
	}
	return 0;
}

int hanzi_forms(const char *q, size_t qlen, char *out[HANZI_FORMS],
		size_t len[HANZI_FORMS])
{
	int k = 0;
	/* OpenCC throws on invalid UTF-8 but passes a cut last character
	 * through: either way no form worth searching */
	if (!may_convert(q, qlen) || u8_check((const uint8_t *)q, qlen))
		return 0;
	pthread_mutex_lock(&lock);
	if (state == UNTRIED)
		open_locked(NULL, NULL);
#if KANBAO_OPENCC
	size_t qchars = chars(q, qlen);
	for (int c = 0; state == ON && c < HANZI_FORMS; c++) {
		char *t = cc.convert_utf8(conv[c], q, qlen);
		if (!t)
			continue; /* its error (opencc_error()) concerns this
				     query only: folding stays on */
		size_t n = strlen(t);
		int keep = (n != qlen || memcmp(t, q, n)) &&
			   chars(t, n) == qchars &&
			   (k == 0 || len[0] != n || memcmp(out[0], t, n));
		char *copy = keep ? malloc(n + 1) : NULL;
		if (copy) {
			memcpy(copy, t, n + 1);
			out[k] = copy;
			len[k++] = n;
		}
		cc.convert_utf8_free(t);
		if (keep && !copy) {
			while (k > 0)
				free(out[--k]);
			k = -1;
			break;
		}
	}
#else
	(void)out;
	(void)len;
#endif
	pthread_mutex_unlock(&lock);
	return k;
}
