/* hanzi: the variants of Han characters for a corpus's FOLD table (see
 * include/kanbao/build/hanzi.h). */
#include "kanbao/build/hanzi.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kanbao/base/array.h"
#include "kanbao/base/buf.h"
#include "kanbao/base/le.h"
#include "kanbao/base/utf8.h"
#include "kanbao/format/index.h"

#if KANBAO_OPENCC
#include <dlfcn.h>
#include <pthread.h>
#include <opencc.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

/* The characters OpenCC is asked about whatever the text holds, so that
 * what converts to a character of the text is known too. */
enum { SWEEP_FIRST = 0x3400, SWEEP_LAST = 0x9FFF };

/* Pairs of variants, as found. */
struct pairs {
	uint32_t (*v)[2]; /* owned */
	size_t n, cap;
};

struct hanzi {
	int opencc; /* whether OpenCC is asked; else `given` */
#if KANBAO_OPENCC
	opencc_t conv[2]; /* TSCharacters', STCharacters' converters */
	int swept; /* the sweep is asked: `sweep` and `beyond` hold it */
	struct pairs sweep; /* the conversions of the sweep, both ways */
	struct pairs beyond; /* what the sweep converts to outside it, from
				U+2E80 on ([0] each; [1] unused) */
#endif
	struct pairs given; /* the pairs given (hanzi_given) */
};

static int pairs_add(struct pairs *p, uint32_t a, uint32_t b)
{
	if (array_grow(&p->v, &p->cap, p->n + 1, sizeof *p->v) < 0)
		return -1;
	p->v[p->n][0] = a;
	p->v[p->n][1] = b;
	p->n++;
	return 0;
}

struct hanzi *hanzi_given(const uint32_t (*pairs)[2], size_t n)
{
	struct hanzi *h = calloc(1, sizeof *h);
	if (!h)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (pairs_add(&h->given, pairs[i][0], pairs[i][1]) < 0) {
			hanzi_free(h);
			return NULL;
		}
	}
	return h;
}

static int by_value(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return (x > y) - (x < y);
}

/* Whether `c` is in v[0..n), ascending. */
static int holds(const uint32_t *v, size_t n, uint32_t c)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid] < c)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && v[lo] == c;
}

/* ---- OpenCC ---------------------------------------------------------- */

#if KANBAO_OPENCC
/* OpenCC's "no converter": what opencc_open returns on error. */
#define NO_CONVERTER ((opencc_t)-1)

/* libopencc, loaded when the builder first asks for it, not linked: it
 * brings libstdc++ and libmarisa, and the program needs it once. */
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
static int load(char *why, size_t len)
{
	if (cc.lib)
		return 0;
	void *lib = dlopen(KANBAO_OPENCC_LIB, RTLD_NOW | RTLD_LOCAL);
	if (!lib)
		lib = dlopen("libopencc.so", RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		snprintf(why, len, "OpenCC: %s", dlerror());
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
		snprintf(why, len, "OpenCC: %s lacks its functions",
			 KANBAO_OPENCC_LIB);
		dlclose(lib);
		memset(&cc, 0, sizeof cc);
		return -1;
	}
	cc.lib = lib; /* kept loaded until the program ends */
	return 0;
}

/* A converter of OpenCC's dictionary `dict` alone.  opencc_open takes a
 * configuration's file name, so the configuration is written to a memfd
 * and named /proc/self/fd/N: no file to make or remove.  The dictionary's
 * name is relative, so OpenCC looks for it beside the configuration (in
 * /proc/self/fd, where it is not) and then in its data directory, as it
 * does for its own t2s.json. */
static opencc_t open_dict(const char *dict, char *why, size_t len)
{
	char json[512], path[64];
	int n = snprintf(json, sizeof json,
			 "{\"name\": \"kanbao: %s\", \"segmentation\": "
			 "{\"type\": \"mmseg\", \"dict\": {\"type\": \"ocd2\", "
			 "\"file\": \"%s\"}}, \"conversion_chain\": "
			 "[{\"dict\": {\"type\": \"ocd2\", \"file\": \"%s\"}}]}",
			 dict, dict, dict);
	int fd = memfd_create("kanbao-opencc.json", MFD_CLOEXEC);
	if (fd < 0 || write(fd, json, (size_t)n) != n) {
		snprintf(why, len, "OpenCC: cannot hold its configuration: %s",
			 strerror(errno));
		if (fd >= 0)
			close(fd);
		return NO_CONVERTER;
	}
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	opencc_t o = cc.open(path);
	if (o == NO_CONVERTER) {
		/* e.g. "TSCharacters.ocd2 not found or not accessible." */
		const char *msg = cc.error();
		snprintf(why, len, "OpenCC: %s", msg && *msg ? msg : dict);
	}
	close(fd); /* read whole by opencc_open */
	return o;
}

struct hanzi *hanzi_opencc(char *why, size_t len)
{
	static const char *const dict[2] = { "TSCharacters.ocd2",
					     "STCharacters.ocd2" };
	if (load(why, len) < 0)
		return NULL;
	struct hanzi *h = calloc(1, sizeof *h);
	if (!h) {
		snprintf(why, len, "out of memory");
		return NULL;
	}
	h->opencc = 1;
	h->conv[0] = h->conv[1] = NO_CONVERTER;
	for (int k = 0; k < 2; k++) {
		if ((h->conv[k] = open_dict(dict[k], why, len)) ==
		    NO_CONVERTER) {
			hanzi_free(h);
			return NULL;
		}
	}
	return h;
}

void hanzi_free(struct hanzi *h)
{
	if (!h)
		return;
	for (int k = 0; h->opencc && k < 2; k++)
		if (h->conv[k] != NO_CONVERTER)
			cc.close(h->conv[k]);
	free(h->sweep.v);
	free(h->beyond.v);
	free(h->given.v);
	free(h);
}

/* What converter k makes of each of cs[0..n) alone, into to[i]: the one
 * character it gives, or 0 when it gives another number.  One call for
 * them all, a character a line: a newline is in no dictionary, so no
 * phrase spans two. */
static enum err_code convert_each(const struct hanzi *h, int k,
				  const uint32_t *cs, size_t n, uint32_t *to,
				  struct err *e)
{
	struct buf b = { 0 };
	for (size_t i = 0; i < n; i++) {
		buf_putuc(&b, cs[i]);
		buf_putc(&b, '\n');
	}
	if (b.failed)
		return err_set(e, ERR_NOMEM, "out of memory");
	char *t = n ? cc.convert_utf8(h->conv[k], b.p, b.len) : NULL;
	buf_free(&b);
	if (n && !t)
		return err_set(e, ERR_IO, "OpenCC: %s", cc.error());
	size_t len = n ? strlen(t) : 0, at = 0;
	enum err_code rc = ERR_OK;
	for (size_t i = 0; i < n; i++) {
		const char *nl = memchr(t + at, '\n', len - at);
		if (!nl) {
			rc = err_set(e, ERR_IO, "OpenCC: a conversion of %zu "
				     "lines gave %zu", n, i);
			break;
		}
		size_t end = (size_t)(nl - t);
		uint32_t uc = 0;
		size_t step = end > at ? utf8_next(t + at, end - at, &uc) : 0;
		to[i] = step && at + step == end ? uc : 0;
		at = end + 1;
	}
	if (t)
		cc.convert_utf8_free(t);
	return rc;
}

static int in_sweep(uint32_t c)
{
	return c >= SWEEP_FIRST && c <= SWEEP_LAST;
}

/* A converter's answers, made on a thread of its own (convert_both). */
struct convert_job {
	const struct hanzi *h;
	int k; /* the converter */
	const uint32_t *cs; /* asked about */
	size_t n;
	uint32_t *to; /* the answers */
	enum err_code rc;
	struct err e;
};

static void *convert_job_run(void *arg)
{
	struct convert_job *j = arg;
	j->rc = convert_each(j->h, j->k, j->cs, j->n, j->to, &j->e);
	return NULL;
}

/* Asked about this many characters or more, the two converters answer at
 * once, the first on a thread of its own: the sweep, two halves of some
 * tens of milliseconds that are the whole cost of a small build. */
enum { BOTH_AT = 4096 };

/* What each converter makes of cs[0..n) alone, into to[0] and to[1] (as
 * convert_each).  The first converter's failure is the one told, as when
 * they answered in turn.  Two converters may convert at once: each has its
 * own dictionaries, and OpenCC's one error string is written only when a
 * conversion fails. */
static enum err_code convert_both(const struct hanzi *h, const uint32_t *cs,
				  size_t n, uint32_t *to[2], struct err *e)
{
	struct convert_job first = { h, 0, cs, n, to[0], ERR_OK, { 0 } };
	pthread_t tid;
	int started = n >= BOTH_AT &&
		      !pthread_create(&tid, NULL, convert_job_run, &first);
	if (!started)
		convert_job_run(&first);
	if (!started && first.rc) {
		*e = first.e;
		return first.rc;
	}
	enum err_code rc = convert_each(h, 1, cs, n, to[1], e);
	if (started)
		pthread_join(tid, NULL);
	if (first.rc) {
		*e = first.e;
		return first.rc;
	}
	return rc;
}

/* OpenCC's conversions of the characters in `ask` (na of them), both
 * ways, into `found`; the characters they give that were asked about in
 * no round yet (out of the sweep, from U+2E80 on: nothing below converts)
 * into `next`, for the next round.  `seen`: those asked about so far
 * outside the sweep, ascending. */
static enum err_code ask_round(const struct hanzi *h, const uint32_t *ask,
			       size_t na, const uint32_t *seen, size_t nseen,
			       struct pairs *found, struct pairs *next,
			       struct err *e)
{
	uint32_t *to = malloc((na ? na : 1) * 2 * sizeof *to);
	if (!to)
		return err_set(e, ERR_NOMEM, "out of memory");
	uint32_t *both[2] = { to, to + na };
	enum err_code rc = convert_both(h, ask, na, both, e);
	for (int k = 0; k < 2 && !rc; k++) {
		for (size_t i = 0; i < na && !rc; i++) {
			uint32_t y = both[k][i];
			if (!y || y == ask[i])
				continue;
			if (pairs_add(found, ask[i], y) < 0 ||
			    (y >= 0x2E80 && !in_sweep(y) &&
			     !holds(seen, nseen, y) &&
			     pairs_add(next, y, 0) < 0))
				rc = err_set(e, ERR_NOMEM, "out of memory");
		}
	}
	free(to);
	return rc;
}

/* Ask OpenCC about the sweep, once (hanzi.h, hanzi_sweep). */
static enum err_code sweep(struct hanzi *h, struct err *e)
{
	if (h->swept)
		return ERR_OK;
	size_t na = SWEEP_LAST - SWEEP_FIRST + 1;
	uint32_t *ask = malloc(na * sizeof *ask);
	if (!ask)
		return err_set(e, ERR_NOMEM, "out of memory");
	for (uint32_t c = SWEEP_FIRST; c <= SWEEP_LAST; c++)
		ask[c - SWEEP_FIRST] = c;
	/* nothing outside the sweep asked yet: all it gives there is new */
	enum err_code rc = ask_round(h, ask, na, NULL, 0, &h->sweep,
				     &h->beyond, e);
	free(ask);
	h->swept = rc == ERR_OK;
	return rc;
}

/* Sort v[0..n) and keep each value once; returns how many are kept. */
static size_t sort_unique(uint32_t *v, size_t n)
{
	if (n)
		qsort(v, n, sizeof *v, by_value);
	size_t kept = 0;
	for (size_t i = 0; i < n; i++)
		if (!kept || v[kept - 1] != v[i])
			v[kept++] = v[i];
	return kept;
}

/* Every conversion OpenCC makes of the sweep and of `chars` (n, ascending)
 * outside it, and of what those give, into `found`.  A character asked
 * about twice only gives its pairs twice: the classes are the same. */
static enum err_code opencc_pairs(struct hanzi *h, const uint32_t *chars,
				  size_t n, struct pairs *found, struct err *e)
{
	enum err_code rc = sweep(h, e);
	if (rc)
		return rc;
	for (size_t i = 0; i < h->sweep.n; i++)
		if (pairs_add(found, h->sweep.v[i][0], h->sweep.v[i][1]) < 0)
			return err_set(e, ERR_NOMEM, "out of memory");
	size_t na = 0, nseen = 0, cap = 0;
	uint32_t *ask = malloc((h->beyond.n + n + 1) * sizeof *ask);
	uint32_t *seen = NULL;
	if (!ask)
		return err_set(e, ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < n; i++)
		if (chars[i] >= 0x2E80 && !in_sweep(chars[i]))
			ask[na++] = chars[i];
	for (size_t i = 0; i < h->beyond.n; i++)
		ask[na++] = h->beyond.v[i][0];
	na = sort_unique(ask, na);
	/* Rounds: what the text's characters beyond the sweep convert to is
	 * asked about in turn.  A few at most: OpenCC's classes are small. */
	while (na && !rc) {
		struct pairs next = { 0 };
		if (array_grow(&seen, &cap, nseen + na, sizeof *seen) < 0) {
			rc = err_set(e, ERR_NOMEM, "out of memory");
			break;
		}
		memcpy(seen + nseen, ask, na * sizeof *seen);
		nseen = sort_unique(seen, nseen + na);
		rc = ask_round(h, ask, na, seen, nseen, found, &next, e);
		/* the next round: each new character once */
		free(ask);
		ask = NULL;
		na = 0;
		if (!rc && next.n &&
		    !(ask = malloc(next.n * sizeof *ask)))
			rc = err_set(e, ERR_NOMEM, "out of memory");
		for (size_t i = 0; !rc && i < next.n; i++)
			ask[na++] = next.v[i][0];
		na = sort_unique(ask, na);
		free(next.v);
	}
	free(ask);
	free(seen);
	return rc;
}

enum err_code hanzi_sweep(struct hanzi *h, struct err *e)
{
	return h->opencc ? sweep(h, e) : ERR_OK;
}

#else
struct hanzi *hanzi_opencc(char *why, size_t len)
{
	snprintf(why, len, "built without OpenCC");
	return NULL;
}

enum err_code hanzi_sweep(struct hanzi *h, struct err *e)
{
	(void)h, (void)e;
	return ERR_OK; /* pairs given: nothing to ask */
}

void hanzi_free(struct hanzi *h)
{
	if (!h)
		return;
	free(h->given.v);
	free(h);
}
#endif

/* ---- classes ----------------------------------------------------------*/

/* Bytes of `uc` in UTF-8; 0 when it is no Unicode scalar value. */
static unsigned utf8_bytes(uint32_t uc)
{
	if (uc > 0x10FFFF || (uc >= 0xD800 && uc <= 0xDFFF))
		return 0;
	return uc < 0x80 ? 1 : uc < 0x800 ? 2 : uc < 0x10000 ? 3 : 4;
}

/* Whether a conversion from a to b joins them: the table's rules
 * (format/index.h). */
static int joins(uint32_t a, uint32_t b)
{
	return a != b && a >= 0x80 && b >= 0x80 && utf8_bytes(a) &&
	       utf8_bytes(a) == utf8_bytes(b);
}

/* The position of `c` in v[0..n), which holds it. */
static size_t node_of(const uint32_t *v, size_t n, uint32_t c)
{
	size_t lo = 0, hi = n;
	while (lo + 1 < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid] <= c)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static size_t root(size_t *up, size_t i)
{
	while (up[i] != i)
		i = up[i] = up[up[i]];
	return i;
}

/* The classes of the pairs `p`, the entries of those holding one of
 * `chars` into `out`. */
static enum err_code classes(const struct pairs *p, const uint32_t *chars,
			     size_t n, uint8_t **out, size_t *len,
			     struct err *e)
{
	size_t nn = 0, entries = 0;
	uint32_t *node = malloc((2 * p->n + 1) * sizeof *node);
	size_t *up = malloc((2 * p->n + 1) * sizeof *up);
	uint32_t *lowest = calloc(2 * p->n + 1, sizeof *lowest);
	unsigned char *wanted = calloc(2 * p->n + 1, 1);
	enum err_code rc = ERR_OK;
	if (!node || !up || !lowest || !wanted) {
		rc = err_set(e, ERR_NOMEM, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < p->n; i++) {
		if (!joins(p->v[i][0], p->v[i][1]))
			continue;
		node[nn++] = p->v[i][0];
		node[nn++] = p->v[i][1];
	}
	qsort(node, nn, sizeof *node, by_value);
	size_t kept = 0;
	for (size_t i = 0; i < nn; i++)
		if (!kept || node[kept - 1] != node[i])
			node[kept++] = node[i];
	nn = kept;
	for (size_t i = 0; i < nn; i++)
		up[i] = i;
	for (size_t i = 0; i < p->n; i++) {
		if (!joins(p->v[i][0], p->v[i][1]))
			continue;
		size_t a = root(up, node_of(node, nn, p->v[i][0]));
		size_t b = root(up, node_of(node, nn, p->v[i][1]));
		up[a > b ? a : b] = a < b ? a : b;
	}
	/* the nodes ascend: a class's first is its lowest */
	for (size_t i = 0; i < nn; i++) {
		size_t r = root(up, i);
		if (!lowest[r])
			lowest[r] = node[i];
	}
	for (size_t i = 0; i < n; i++)
		if (holds(node, nn, chars[i]))
			wanted[root(up, node_of(node, nn, chars[i]))] = 1;
	for (size_t i = 0; i < nn; i++) {
		size_t r = root(up, i);
		entries += wanted[r] && lowest[r] != node[i];
	}
	*out = NULL;
	*len = entries * INDEX_VARIANT_SIZE;
	if (entries && !(*out = malloc(*len))) {
		*len = 0;
		rc = err_set(e, ERR_NOMEM, "out of memory");
		goto done;
	}
	uint8_t *at = *out;
	for (size_t i = 0; i < nn; i++) {
		size_t r = root(up, i);
		if (!wanted[r] || lowest[r] == node[i])
			continue;
		le_put32(at, node[i]);
		le_put32(at + 4, lowest[r]);
		at += INDEX_VARIANT_SIZE;
	}
done:
	free(node);
	free(up);
	free(lowest);
	free(wanted);
	return rc;
}

enum err_code hanzi_table(struct hanzi *h, const uint32_t *chars, size_t n,
			  uint8_t **out, size_t *len, struct err *e)
{
	*out = NULL;
	*len = 0;
	if (!h->opencc)
		return classes(&h->given, chars, n, out, len, e);
	/* chars ascend: none from U+2E80 on, nothing OpenCC converts */
	if (!n || chars[n - 1] < 0x2E80)
		return ERR_OK;
#if KANBAO_OPENCC
	struct pairs found = { 0 };
	enum err_code rc = opencc_pairs(h, chars, n, &found, e);
	if (!rc)
		rc = classes(&found, chars, n, out, len, e);
	free(found.v);
	return rc;
#else
	return ERR_OK; /* not reached: no OpenCC hanzi without OpenCC */
#endif
}
