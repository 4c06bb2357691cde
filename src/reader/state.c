/* state: what the reader keeps between runs (see include/kanbao/reader/state.h).
 *
 * The loader is strict about what it knows and lenient about what it does
 * not: records it knows must be exactly as the writer makes them, records
 * it does not know are skipped whole.  A file it cannot trust is renamed out
 * of the way rather than deleted, so a person can still look at it.
 *
 * Saving never leaves a half-written file under the real name: the bytes go
 * to a temporary file beside it, which is synced and then renamed over it.
 */
#include "kanbao/reader/state.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "kanbao/base/array.h"
#include "kanbao/base/buf.h"
#include "kanbao/base/fs.h"

enum {
	READ_PER_LINE = 32, /* items on one "read" line */
	ECHO_MAX = 40, /* bytes of a bad field quoted in a message */
	IDENTITY_MAX = 64, /* bytes of an identity */
};

static const char magic[] = "kanbao-state";
static const char *const sort_name[] = {
	[STATE_SORT_CORPUS] = "corpus",
	[STATE_SORT_DATE] = "date",
};
enum { NSORT = sizeof sort_name / sizeof sort_name[0] };

/* ------------------------------------------------------------------ */
/* The state in memory */

void state_free(struct state *s)
{
	free(s->read);
	free(s->marks);
	free(s->left);
	memset(s, 0, sizeof *s);
}

/* An article looked for in the read ranges, for array_lower_bound. */
struct range_key {
	const struct state *s;
	size_t i;
};

static int range_before(const void *ctx, size_t k)
{
	const struct range_key *key = ctx;
	return key->s->read[k].last < key->i;
}

/* The first range that ends at or after `i` (nread when none does). */
static size_t range_at(const struct state *s, size_t i)
{
	struct range_key key = { s, i };
	return array_lower_bound(0, s->nread, range_before, &key);
}

int state_is_read(const struct state *s, size_t i)
{
	size_t k = range_at(s, i);
	return k < s->nread && s->read[k].first <= i;
}

/* Make room for one more range and open a gap at `k`.  The array grows by
 * one, not by array_grow: struct state keeps no capacity, as its callers
 * (model_save_state) fill its arrays themselves. */
static int insert_range(struct state *s, size_t k, size_t first, size_t last)
{
	if (s->nread >= SIZE_MAX / sizeof *s->read - 1)
		return -1;
	struct state_range *v = realloc(s->read,
					(s->nread + 1) * sizeof *v);
	if (!v)
		return -1;
	memmove(v + k + 1, v + k, (s->nread - k) * sizeof *v);
	v[k].first = first;
	v[k].last = last;
	s->read = v;
	s->nread++;
	return 0;
}

static void remove_range(struct state *s, size_t k)
{
	memmove(s->read + k, s->read + k + 1,
		(s->nread - k - 1) * sizeof *s->read);
	s->nread--;
}

static enum err_code mark_read(struct state *s, size_t i, struct err *e)
{
	size_t k = range_at(s, i);
	if (k < s->nread && s->read[k].first <= i)
		return ERR_OK;
	int prev = k > 0 && s->read[k - 1].last == i - 1;
	int next = k < s->nread && i < SIZE_MAX && s->read[k].first == i + 1;
	if (prev && next) {
		s->read[k - 1].last = s->read[k].last;
		remove_range(s, k);
	} else if (prev) {
		s->read[k - 1].last = i;
	} else if (next) {
		s->read[k].first = i;
	} else if (insert_range(s, k, i, i) < 0) {
		return err_set(e, ERR_NOMEM, "state: out of memory");
	}
	return ERR_OK;
}

static enum err_code unmark_read(struct state *s, size_t i, struct err *e)
{
	size_t k = range_at(s, i);
	if (k == s->nread || s->read[k].first > i)
		return ERR_OK;
	struct state_range *r = &s->read[k];
	if (r->first == r->last) {
		remove_range(s, k);
	} else if (i == r->first) {
		r->first++;
	} else if (i == r->last) {
		r->last--;
	} else {
		size_t last = r->last;
		if (insert_range(s, k + 1, i + 1, last) < 0)
			return err_set(e, ERR_NOMEM, "state: out of memory");
		s->read[k].last = i - 1;
	}
	return ERR_OK;
}

enum err_code state_set_read(struct state *s, size_t i, int read,
			     struct err *e)
{
	return read ? mark_read(s, i, e) : unmark_read(s, i, e);
}

enum err_code state_add_bookmark(struct state *s,
				 const struct state_bookmark *b,
				 struct err *e)
{
	/* by one, as insert_range grows its ranges */
	if (s->nmarks >= SIZE_MAX / sizeof *s->marks - 1)
		return err_set(e, ERR_NOMEM, "state: out of memory");
	struct state_bookmark *v = realloc(s->marks,
					   (s->nmarks + 1) * sizeof *v);
	if (!v)
		return err_set(e, ERR_NOMEM, "state: out of memory");
	v[s->nmarks] = *b;
	s->marks = v;
	s->nmarks++;
	return ERR_OK;
}

void state_remove_bookmark(struct state *s, size_t k)
{
	if (k >= s->nmarks)
		return;
	memmove(s->marks + k, s->marks + k + 1,
		(s->nmarks - k - 1) * sizeof *s->marks);
	s->nmarks--;
}

/* A place looked for by its article, for array_lower_bound. */
struct left_key {
	const struct state_left *v;
	size_t article;
};

static int left_before(const void *ctx, size_t k)
{
	const struct left_key *key = ctx;
	return key->v[k].article < key->article;
}

size_t state_left_find(const struct state_left *v, size_t n, size_t article)
{
	struct left_key key = { v, article };
	return array_lower_bound(0, n, left_before, &key);
}

/* A time as an unsigned number in the same order (INT64_MIN is 0). */
static uint64_t when_key(int64_t when)
{
	return (uint64_t)when ^ (UINT64_C(1) << 63);
}

/* How many of v[0..n) were left at time key `t` or later. */
static size_t left_since(const struct state_left *v, size_t n, uint64_t t)
{
	size_t c = 0;
	for (size_t k = 0; k < n; k++)
		c += when_key(v[k].when) >= t;
	return c;
}

size_t state_left_trim(struct state_left *v, size_t n)
{
	if (n <= STATE_LEFT_MAX)
		return n;
	/* The latest time t with STATE_LEFT_MAX places or more at t or
	 * later, by bisection over the times (64 passes, no memory): those
	 * after t are kept, and as many left at t as there is room for. */
	uint64_t lo = 0, hi = UINT64_MAX; /* left_since(lo) >= MAX */
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2 + 1;
		if (left_since(v, n, mid) >= STATE_LEFT_MAX)
			lo = mid;
		else
			hi = mid - 1;
	}
	size_t at_lo = STATE_LEFT_MAX -
		       (lo == UINT64_MAX ? 0 : left_since(v, n, lo + 1));
	size_t kept = 0;
	for (size_t k = 0; k < n; k++) {
		uint64_t t = when_key(v[k].when);
		if (t < lo || (t == lo && !at_lo))
			continue;
		if (t == lo)
			at_lo--;
		v[kept++] = v[k];
	}
	return kept;
}

/* ------------------------------------------------------------------ */
/* Where the files are */

enum err_code state_dir(char **dir, struct err *e)
{
	*dir = NULL;
	/* The XDG rules: a relative XDG_STATE_HOME is to be ignored. */
	const char *base = getenv("XDG_STATE_HOME");
	const char *sub = "kanbao";
	if (!base || base[0] != '/') {
		base = getenv("HOME");
		sub = ".local/state/kanbao";
	}
	if (!base || base[0] != '/')
		return err_set(e, ERR_NOENT, "$HOME: not set (nor an absolute "
			       "$XDG_STATE_HOME): nothing is kept between "
			       "runs");
	size_t len = strlen(base);
	while (len > 1 && base[len - 1] == '/')
		len--;
	struct buf b = { 0 };
	buf_put(&b, base, len);
	if (len > 1)
		buf_putc(&b, '/');
	buf_puts(&b, sub);
	*dir = buf_take(&b);
	if (!*dir)
		return err_set(e, ERR_NOMEM, "state: out of memory");
	return ERR_OK;
}

static int identity_ok(const char *id)
{
	size_t n = strlen(id);
	if (n == 0 || n > IDENTITY_MAX)
		return 0;
	return strspn(id, "0123456789abcdefghijklmnopqrstuvwxyz"
		      "ABCDEFGHIJKLMNOPQRSTUVWXYZ-_") == n;
}

enum err_code state_path(const char *identity, char **path, struct err *e)
{
	*path = NULL;
	if (!identity_ok(identity))
		return err_set(e, ERR_USAGE, "state: corpus identity '%.*s' "
			       "is not a file name", IDENTITY_MAX, identity);
	char *dir;
	enum err_code rc = state_dir(&dir, e);
	if (rc)
		return rc;
	struct buf b = { 0 };
	buf_printf(&b, "%s/%s.state", dir, identity);
	free(dir);
	*path = buf_take(&b);
	if (!*path)
		return err_set(e, ERR_NOMEM, "state: out of memory");
	return ERR_OK;
}

/* ------------------------------------------------------------------ */
/* Reading */

/* Where the loader is and what it found wrong. */
struct parser {
	struct state s; /* what the file says so far */
	size_t read_cap, marks_cap, left_cap; /* room in s.read, s.marks,
						 s.left */
	unsigned long line; /* the line being read, from 1 */
	unsigned seen; /* the singular records met (bit per record) */
	int ended; /* whether the end line was read */
	int nomem; /* whether an allocation failed (then `why` says so) */
	char why[ERR_MSG_MAX]; /* what is wrong, once something is */
};

enum { SEEN_SORT = 1, SEEN_PLACE = 2, SEEN_SELECTED = 4, SEEN_SHAPE = 8 };

/* Append `s` to `b` with '\\', control bytes and DEL as \xNN, so text from
 * a file cannot reach a terminal raw nor break a line.  At most `max`
 * bytes of `s` (then "..."). */
static void put_escaped(struct buf *b, const char *s, size_t max)
{
	size_t n = 0;
	for (; *s && n < max; s++, n++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7f || c == '\\')
			buf_printf(b, "\\x%02x", c);
		else
			buf_putc(b, (char)c);
	}
	if (*s)
		buf_puts(b, "...");
}

/* Record what is wrong with the line: "line N: 'FIELD' WHAT", the field
 * escaped (or "line N: WHAT" when `field` is NULL).  Returns -1. */
static int fail(struct parser *p, const char *field, const char *what)
{
	struct buf b = { 0 };
	buf_printf(&b, "line %lu: ", p->line);
	if (field) {
		buf_putc(&b, '\'');
		put_escaped(&b, field, ECHO_MAX);
		buf_puts(&b, "' ");
	}
	buf_puts(&b, what);
	char *msg = buf_take(&b);
	/* Out of memory for the quoted field: where and what, all the
	 * same, so the file set aside is still explained. */
	if (msg)
		snprintf(p->why, sizeof p->why, "%s", msg);
	else
		snprintf(p->why, sizeof p->why, "line %lu: %s", p->line, what);
	free(msg);
	return -1;
}

static int oom(struct parser *p)
{
	p->nomem = 1;
	snprintf(p->why, sizeof p->why, "out of memory");
	return -1;
}

/* The next field of the line (NULL when there is none). */
static const char *next_field(char **rest)
{
	return *rest ? strsep(rest, " ") : NULL;
}

/* Parse the whole of `t` as an unsigned decimal that fits a size_t. */
static int parse_size(struct parser *p, const char *t, size_t *out)
{
	if (!t)
		return fail(p, NULL, "a field is missing");
	if (t[0] < '0' || t[0] > '9')
		return fail(p, t, "is not a number");
	char *end;
	errno = 0;
	uintmax_t v = strtoumax(t, &end, 10);
	if (*end)
		return fail(p, t, "is not a number");
	if (errno == ERANGE || v > SIZE_MAX)
		return fail(p, t, "is out of range");
	*out = (size_t)v;
	return 0;
}

/* The same for a signed decimal that fits an int64_t. */
static int parse_time(struct parser *p, const char *t, int64_t *out)
{
	if (!t)
		return fail(p, NULL, "a field is missing");
	const char *d = t[0] == '-' ? t + 1 : t;
	if (d[0] < '0' || d[0] > '9')
		return fail(p, t, "is not a number");
	char *end;
	errno = 0;
	intmax_t v = strtoimax(t, &end, 10);
	if (*end)
		return fail(p, t, "is not a number");
	if (errno == ERANGE || v > INT64_MAX || v < INT64_MIN)
		return fail(p, t, "is out of range");
	*out = (int64_t)v;
	return 0;
}

static int no_more(struct parser *p, char *rest)
{
	return rest ? fail(p, rest, "follows the last field") : 0;
}

static int once(struct parser *p, unsigned bit, const char *name)
{
	if (p->seen & bit)
		return fail(p, name, "comes a second time");
	p->seen |= bit;
	return 0;
}

static int parse_sort(struct parser *p, char *rest)
{
	if (once(p, SEEN_SORT, "sort") < 0)
		return -1;
	const char *t = next_field(&rest);
	if (!t)
		return fail(p, NULL, "a field is missing");
	for (size_t k = 0; k < NSORT; k++) {
		if (strcmp(t, sort_name[k]) == 0) {
			p->s.sort = (enum state_sort)k;
			return no_more(p, rest);
		}
	}
	return fail(p, t, "is neither corpus nor date");
}

static int parse_place(struct parser *p, char *rest)
{
	if (once(p, SEEN_PLACE, "place") < 0)
		return -1;
	const char *t = next_field(&rest);
	if (!t)
		return fail(p, NULL, "a field is missing");
	if (strcmp(t, "article") == 0)
		p->s.in_article = 1;
	else if (strcmp(t, "list") != 0)
		return fail(p, t, "is neither list nor article");
	if (parse_size(p, next_field(&rest), &p->s.article) < 0 ||
	    parse_size(p, next_field(&rest), &p->s.piece) < 0 ||
	    parse_size(p, next_field(&rest), &p->s.off) < 0)
		return -1;
	return no_more(p, rest);
}

static int parse_shape(struct parser *p, char *rest)
{
	size_t v[3];
	if (once(p, SEEN_SHAPE, "shape") < 0)
		return -1;
	for (int k = 0; k < 3; k++)
		if (parse_size(p, next_field(&rest), &v[k]) < 0)
			return -1;
	p->s.shape = (struct state_shape){ v[0], v[1], v[2] };
	return no_more(p, rest);
}

static int parse_selected(struct parser *p, char *rest)
{
	if (once(p, SEEN_SELECTED, "selected") < 0 ||
	    parse_size(p, next_field(&rest), &p->s.selected) < 0)
		return -1;
	return no_more(p, rest);
}

/* One item of a read line: "A" or "A-B". */
static int parse_read_item(struct parser *p, char *t)
{
	size_t first = 0, last = 0;
	char *dash = strchr(t, '-');
	if (dash) {
		*dash = '\0';
		int bad = parse_size(p, t, &first) < 0 ||
			  parse_size(p, dash + 1, &last) < 0;
		*dash = '-';
		if (bad)
			return -1;
		if (first > last)
			return fail(p, t, "runs backwards");
	} else {
		if (parse_size(p, t, &first) < 0)
			return -1;
		last = first;
	}
	struct state *s = &p->s;
	if (s->nread > 0) {
		struct state_range *prev = &s->read[s->nread - 1];
		if (first <= prev->last)
			return fail(p, t, "is not after the ranges before "
				    "it");
		if (first - 1 == prev->last) {
			prev->last = last;
			return 0;
		}
	}
	size_t need = s->nread + 1;
	if (array_grow(&s->read, &p->read_cap, need, sizeof *s->read) < 0)
		return oom(p);
	s->read[s->nread].first = first;
	s->read[s->nread].last = last;
	s->nread++;
	return 0;
}

static int parse_read(struct parser *p, char *rest)
{
	if (!rest)
		return fail(p, NULL, "a field is missing");
	while (rest) {
		char *t = strsep(&rest, " ");
		if (parse_read_item(p, t) < 0)
			return -1;
	}
	return 0;
}

static int parse_bookmark(struct parser *p, char *rest)
{
	struct state_bookmark b;
	if (parse_size(p, next_field(&rest), &b.article) < 0 ||
	    parse_size(p, next_field(&rest), &b.piece) < 0 ||
	    parse_size(p, next_field(&rest), &b.off) < 0 ||
	    parse_time(p, next_field(&rest), &b.created) < 0 ||
	    no_more(p, rest) < 0)
		return -1;
	struct state *s = &p->s;
	if (array_grow(&s->marks, &p->marks_cap, s->nmarks + 1,
		       sizeof *s->marks) < 0)
		return oom(p);
	s->marks[s->nmarks++] = b;
	return 0;
}

static int parse_left(struct parser *p, char *rest)
{
	struct state_left l;
	const char *t = next_field(&rest);
	if (parse_size(p, t, &l.article) < 0 ||
	    parse_size(p, next_field(&rest), &l.piece) < 0 ||
	    parse_size(p, next_field(&rest), &l.off) < 0 ||
	    parse_time(p, next_field(&rest), &l.when) < 0 ||
	    no_more(p, rest) < 0)
		return -1;
	struct state *s = &p->s;
	if (s->nleft && l.article <= s->left[s->nleft - 1].article)
		return fail(p, t, "is not after the article before it");
	if (array_grow(&s->left, &p->left_cap, s->nleft + 1,
		       sizeof *s->left) < 0)
		return oom(p);
	s->left[s->nleft++] = l;
	return 0;
}

static int parse_version(struct parser *p, char *line)
{
	char *rest = line;
	const char *name = next_field(&rest);
	if (strcmp(name, magic) != 0)
		return fail(p, NULL, "not a kanbao state file");
	size_t v;
	if (parse_size(p, next_field(&rest), &v) < 0)
		return -1;
	if (v != STATE_VERSION) {
		snprintf(p->why, sizeof p->why, "state file version %zu, "
			 "this program reads version %d", v, STATE_VERSION);
		return -1;
	}
	return no_more(p, rest);
}

static int parse_end(struct parser *p, char *rest)
{
	p->ended = 1;
	return no_more(p, rest);
}

/* The corpus's path is for people; any text will do. */
static int parse_corpus(struct parser *p, char *rest)
{
	(void)p;
	(void)rest;
	return 0;
}

/* One line, without its '\n'. */
static int parse_line(struct parser *p, char *line)
{
	static const struct {
		const char *name;
		int (*parse)(struct parser *p, char *rest);
	} records[] = {
		{ "corpus", parse_corpus },
		{ "shape", parse_shape },
		{ "sort", parse_sort },
		{ "place", parse_place },
		{ "selected", parse_selected },
		{ "read", parse_read },
		{ "bookmark", parse_bookmark },
		{ "left", parse_left },
		{ "end", parse_end },
	};
	if (p->line == 1)
		return parse_version(p, line);
	if (p->ended)
		return fail(p, NULL, "text after the end line");
	char *rest = line;
	const char *name = next_field(&rest);
	/* A name as this program and later ones make them: garbage is not
	 * taken for a record to skip. */
	if (name[0] < 'a' || name[0] > 'z' ||
	    strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-_") !=
		    strlen(name))
		return fail(p, name, "is not a record name");
	for (size_t k = 0; k < sizeof records / sizeof records[0]; k++)
		if (strcmp(name, records[k].name) == 0)
			return records[k].parse(p, rest);
	/* A record of a later program: skipped. */
	return 0;
}

/* Parse the open file `f`: 0, or -1 with p->why set. */
static int parse_file(struct parser *p, FILE *f)
{
	char *line = NULL;
	size_t cap = 0;
	int rc = 0;
	int err = 0;
	while (rc == 0) {
		errno = 0;
		ssize_t n = getline(&line, &cap, f);
		if (n < 0) {
			err = errno;
			break;
		}
		p->line++;
		if (n == 0 || line[n - 1] != '\n') {
			rc = fail(p, NULL, "cut short (no newline)");
			break;
		}
		line[--n] = '\0';
		if (memchr(line, '\0', (size_t)n))
			rc = fail(p, NULL, "a NUL byte");
		else
			rc = parse_line(p, line);
	}
	free(line);
	if (rc)
		return rc;
	if (err == ENOMEM)
		return oom(p);
	if (ferror(f)) {
		snprintf(p->why, sizeof p->why, "cannot read: %s",
			 strerror(err ? err : EIO));
		return -1;
	}
	if (p->line == 0) {
		snprintf(p->why, sizeof p->why, "empty, not a kanbao state "
			 "file");
		return -1;
	}
	if (!p->ended) {
		snprintf(p->why, sizeof p->why, "cut short after line %lu "
			 "(no end line)", p->line);
		return -1;
	}
	return 0;
}

/* Rename the bad file at `path` out of the way and report `why`. */
static enum err_code set_aside(const char *path, const char *why,
			       struct err *e)
{
	struct buf b = { 0 };
	buf_printf(&b, "%s.corrupt", path);
	char *aside = buf_take(&b);
	if (!aside)
		return err_set(e, ERR_NOMEM, "%s: %s; out of memory", path,
			       why);
	enum err_code rc;
	if (rename(path, aside) != 0) {
		rc = err_errno(e, errno, "%s: %s; cannot set it aside as "
			       "%s", path, why, aside);
	} else {
		const char *base = strrchr(aside, '/');
		rc = err_set(e, ERR_CORRUPT, "%s: %s; set aside as %s", path,
			     why,
			     base ? base + 1 : aside);
	}
	free(aside);
	return rc;
}

enum err_code state_load(const char *path, struct state *s, struct err *e)
{
	memset(s, 0, sizeof *s);
	/* O_NONBLOCK: a FIFO in its place must not wait for a writer. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		int err = errno;
		/* ENOTDIR: a file where a directory should be; then there is
		 * no state file, and saving will say what is wrong. */
		if (err == ENOENT || err == ENOTDIR)
			return ERR_OK;
		if (err == ENOMEM)
			return err_errno(e, err, "%s: cannot read", path);
		char why[ERR_MSG_MAX];
		snprintf(why, sizeof why, "cannot read: %s", strerror(err));
		return set_aside(path, why, e);
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		int err = errno;
		close(fd);
		return err_errno(e, err, "%s: cannot read", path);
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return set_aside(path, "not a regular file", e);
	}
	FILE *f = fdopen(fd, "r");
	if (!f) {
		int err = errno;
		close(fd);
		return err_errno(e, err, "%s: cannot read", path);
	}
	struct parser *p = calloc(1, sizeof *p);
	if (!p) {
		fclose(f);
		return err_set(e, ERR_NOMEM, "%s: out of memory", path);
	}
	int bad = parse_file(p, f);
	fclose(f);
	enum err_code rc = ERR_OK;
	if (bad) {
		state_free(&p->s);
		rc = p->nomem ? err_set(e, ERR_NOMEM, "%s: out of memory",
					path)
			      : set_aside(path, p->why, e);
	} else {
		*s = p->s;
		s->nleft = state_left_trim(s->left, s->nleft);
	}
	free(p);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Writing */

static void write_state(struct buf *b, const struct state *s,
			const char *corpus)
{
	buf_printf(b, "%s %d\n", magic, STATE_VERSION);
	if (corpus) {
		buf_puts(b, "corpus ");
		put_escaped(b, corpus, SIZE_MAX);
		buf_putc(b, '\n');
	}
	/* near the top, where state_find_continued looks for it */
	if (s->shape.articles)
		buf_printf(b, "shape %" PRIu64 " %" PRIu64 " %" PRIu64 "\n",
			   s->shape.articles, s->shape.blocks, s->shape.text);
	size_t sort = (size_t)s->sort < NSORT ? (size_t)s->sort : 0;
	buf_printf(b, "sort %s\n", sort_name[sort]);
	buf_printf(b, "place %s %zu %zu %zu\n",
		   s->in_article ? "article" : "list", s->article, s->piece,
		   s->off);
	buf_printf(b, "selected %zu\n", s->selected);
	for (size_t k = 0; k < s->nread; k++) {
		const struct state_range *r = &s->read[k];
		buf_puts(b, k % READ_PER_LINE ? " " : "read ");
		if (r->first == r->last)
			buf_printf(b, "%zu", r->first);
		else
			buf_printf(b, "%zu-%zu", r->first, r->last);
		if (k % READ_PER_LINE == READ_PER_LINE - 1 ||
		    k + 1 == s->nread)
			buf_putc(b, '\n');
	}
	for (size_t k = 0; k < s->nmarks; k++) {
		const struct state_bookmark *m = &s->marks[k];
		buf_printf(b, "bookmark %zu %zu %zu %" PRId64 "\n",
			   m->article, m->piece, m->off, m->created);
	}
	for (size_t k = 0; k < s->nleft; k++) {
		const struct state_left *l = &s->left[k];
		buf_printf(b, "left %zu %zu %zu %" PRId64 "\n", l->article,
			   l->piece, l->off, l->when);
	}
	buf_puts(b, "end\n");
}

/* Create the directories above `path` that are missing, mode 0700. */
static enum err_code make_parents(const char *path, struct err *e)
{
	char *dir = strdup(path);
	if (!dir)
		return err_set(e, ERR_NOMEM, "%s: out of memory", path);
	char *slash = strrchr(dir, '/');
	enum err_code rc = ERR_OK;
	if (slash) {
		*slash = '\0';
		for (char *q = dir + 1; !rc; q++) {
			if (*q != '/' && *q != '\0')
				continue;
			char c = *q;
			*q = '\0';
			if (mkdir(dir, 0700) != 0 && errno != EEXIST)
				rc = err_errno(e, errno, "%s: cannot create",
					       dir);
			*q = c;
			if (c == '\0')
				break;
		}
	}
	free(dir);
	return rc;
}

/* Write all of `b` to `fd`. */
static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return errno;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

enum err_code state_save_tmp(const char *path, const struct state *s,
			     const char *corpus, char **tmp, struct err *e)
{
	*tmp = NULL;
	struct buf text = { 0 };
	write_state(&text, s, corpus);
	struct buf name = { 0 };
	buf_printf(&name, "%s.XXXXXX", path);
	if (text.failed || name.failed) {
		buf_free(&text);
		buf_free(&name);
		return err_set(e, ERR_NOMEM, "%s: out of memory", path);
	}
	/* Beside the target, so the rename cannot cross file systems. */
	int fd = mkostemp(name.p, O_CLOEXEC);
	if (fd < 0 && (errno == ENOENT || errno == ENOTDIR)) {
		enum err_code rc = make_parents(path, e);
		if (rc) {
			buf_free(&text);
			buf_free(&name);
			return rc;
		}
		/* mkostemp may have changed the X's. */
		memcpy(name.p + name.len - 6, "XXXXXX", 6);
		fd = mkostemp(name.p, O_CLOEXEC);
	}
	if (fd < 0) {
		int err = errno;
		buf_free(&text);
		buf_free(&name);
		return err_errno(e, err, "%s: cannot create a temporary file",
				 path);
	}
	int err = write_all(fd, text.p, text.len);
	if (!err && fsync(fd) != 0)
		err = errno;
	if (close(fd) != 0 && !err)
		err = errno;
	buf_free(&text);
	if (err) {
		unlink(name.p);
		enum err_code rc = err_errno(e, err, "%s: cannot write %s",
					     path, name.p);
		buf_free(&name);
		return rc;
	}
	*tmp = buf_take(&name);
	return ERR_OK;
}

enum err_code state_save_commit(const char *path, const char *tmp,
				struct err *e)
{
	if (rename(tmp, path) != 0) {
		int err = errno;
		unlink(tmp);
		return err_errno(e, err, "%s: cannot rename %s to it", path,
				 tmp);
	}
	fs_sync_parent(path);
	return ERR_OK;
}

/* Whether `name` is `base` followed by "." and mkstemp's six characters. */
static int is_tmp_of(const char *name, const char *base, size_t blen)
{
	if (strncmp(name, base, blen) != 0 || name[blen] != '.')
		return 0;
	const char *x = name + blen + 1;
	return strlen(x) == 6 &&
	       strspn(x, "0123456789abcdefghijklmnopqrstuvwxyz"
		      "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == 6;
}

/* Remove temporary files of `path` that a save which never finished left
 * behind.  Young ones are kept: another reader may be writing them now. */
static void remove_stale(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? strndup(path, (size_t)(slash - path) + 1)
			  : strdup(".");
	if (!dir)
		return;
	const char *base = slash ? slash + 1 : path;
	size_t blen = strlen(base);
	DIR *d = opendir(dir);
	free(dir);
	if (!d)
		return;
	time_t now = time(NULL);
	struct dirent *de;
	while ((de = readdir(d))) {
		struct stat st;
		if (!is_tmp_of(de->d_name, base, blen) ||
		    fstatat(dirfd(d), de->d_name, &st,
			    AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(st.st_mode) ||
		    now - st.st_mtime < STATE_STALE_SECONDS)
			continue;
		unlinkat(dirfd(d), de->d_name, 0);
	}
	closedir(d);
}

enum err_code state_save(const char *path, const struct state *s,
			 const char *corpus, struct err *e)
{
	char *tmp;
	enum err_code rc = state_save_tmp(path, s, corpus, &tmp, e);
	if (rc)
		return rc;
	rc = state_save_commit(path, tmp, e);
	free(tmp);
	if (!rc)
		remove_stale(path);
	return rc;
}

/* ------------------------------------------------------------------ */
/* What a shorter corpus cannot see */

enum err_code state_keep_beyond(struct state *mine, const struct state *base,
				size_t n, struct err *e)
{
	for (size_t k = range_at(base, n); k < base->nread; k++) {
		size_t first = base->read[k].first > n ? base->read[k].first : n;
		struct state_range *last = mine->nread ?
						   &mine->read[mine->nread - 1] :
						   NULL;
		if (last && last->last >= first)
			continue; /* mine says already (it should not) */
		if (last && last->last + 1 == first)
			last->last = base->read[k].last;
		else if (insert_range(mine, mine->nread, first,
				      base->read[k].last) < 0)
			return err_set(e, ERR_NOMEM, "state: out of memory");
	}
	for (size_t k = 0; k < base->nmarks; k++)
		if (base->marks[k].article >= n &&
		    state_add_bookmark(mine, &base->marks[k], e) != ERR_OK)
			return ERR_NOMEM;
	size_t from = state_left_find(base->left, base->nleft, n);
	size_t more = base->nleft - from;
	if (!more)
		return ERR_OK;
	struct state_left *v = mine->nleft > SIZE_MAX / sizeof *v - more ?
				       NULL :
				       realloc(mine->left, (mine->nleft + more) *
							       sizeof *v);
	if (!v)
		return err_set(e, ERR_NOMEM, "state: out of memory");
	/* mine's are all before article n: the order holds */
	memcpy(v + mine->nleft, base->left + from, more * sizeof *v);
	mine->left = v;
	mine->nleft += more;
	return ERR_OK;
}

/* ------------------------------------------------------------------ */
/* The state of a corpus this one continues */

enum { SHAPE_LINES = 4 }; /* the lines a shape record may be in */

/* The shape the state file at `path` records: 1, or 0 when it records
 * none or cannot be read (it is another corpus's: left as it is), -1 when
 * out of memory. */
static int peek_shape(const char *path, struct state_shape *out)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "r");
	if (!f) {
		int nomem = errno == ENOMEM;
		if (fd >= 0)
			close(fd);
		return nomem ? -1 : 0;
	}
	char line[160];
	int found = 0;
	for (int k = 0; k < SHAPE_LINES && !found && fgets(line, sizeof line, f);
	     k++) {
		char end;
		uintmax_t a, b, t;
		/* the first line names the format: a version 1 file */
		if (k == 0 && strcmp(line, "kanbao-state 1\n"))
			break;
		found = sscanf(line, "shape %ju %ju %ju%c", &a, &b, &t, &end) ==
				4 && end == '\n' && a > 0;
		if (found)
			*out = (struct state_shape){ a, b, t };
	}
	fclose(f);
	return found;
}

static int is_state_name(const char *s)
{
	size_t n = strlen(s);
	return s[0] != '.' && n > 6 && !strcmp(s + n - 6, ".state");
}

enum err_code state_find_continued(int (*continues)(void *ctx,
						    const struct state_shape *),
				   void *ctx, char **path, struct err *e)
{
	*path = NULL;
	char *dir;
	enum err_code rc = state_dir(&dir, e);
	if (rc)
		return rc;
	DIR *d = opendir(dir);
	if (!d) {
		/* no folder: no state to take; out of memory is said */
		int err = errno;
		free(dir);
		return err == ENOMEM ? err_set(e, ERR_NOMEM, "state: out of "
					       "memory")
				     : ERR_OK;
	}
	uint64_t most = 0;
	struct dirent *de;
	while (!rc && (de = readdir(d)) != NULL) {
		struct state_shape sh;
		if (!is_state_name(de->d_name))
			continue;
		struct buf b = { 0 };
		buf_printf(&b, "%s/%s", dir, de->d_name);
		char *p = buf_take(&b);
		int has = p ? peek_shape(p, &sh) : -1;
		if (has < 0) {
			rc = err_set(e, ERR_NOMEM, "state: out of memory");
		} else if (has && sh.articles > most && continues(ctx, &sh)) {
			most = sh.articles;
			free(*path);
			*path = p;
			p = NULL;
		}
		free(p);
	}
	closedir(d);
	free(dir);
	if (rc) {
		free(*path);
		*path = NULL;
	}
	return rc;
}

/* ------------------------------------------------------------------ */
/* Two readers of one corpus */

static int by_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return (x > y) - (x < y);
}

/* Where the read sets of base, mine and theirs may change: every range's
 * first article and the one after its last, sorted, in a malloc'd array
 * (`*n` of them); NULL when out of memory. */
static size_t *read_edges(const struct state *const s[3], size_t *n)
{
	size_t total = 0;
	for (int k = 0; k < 3; k++)
		total += 2 * s[k]->nread;
	size_t *v = malloc((total ? total : 1) * sizeof *v), m = 0;
	if (!v)
		return NULL;
	for (int k = 0; k < 3; k++)
		for (size_t j = 0; j < s[k]->nread; j++) {
			v[m++] = s[k]->read[j].first;
			v[m++] = s[k]->read[j].last == SIZE_MAX
					 ? SIZE_MAX
					 : s[k]->read[j].last + 1;
		}
	qsort(v, m, sizeof *v, by_size);
	*n = m;
	return v;
}

/* Whether an article is read after the merge: read where this reader read
 * it since `base`, unread where this reader unread it, else as `theirs`
 * has it. */
static int merged_read(const struct state *base, const struct state *mine,
		       const struct state *theirs, size_t i)
{
	int b = state_is_read(base, i), m = state_is_read(mine, i);
	return b != m ? m : state_is_read(theirs, i);
}

static int same_mark(const struct state_bookmark *a,
		     const struct state_bookmark *b)
{
	return a->article == b->article && a->piece == b->piece &&
	       a->off == b->off && a->created == b->created;
}

static int has_mark(const struct state *s, const struct state_bookmark *b)
{
	for (size_t k = 0; k < s->nmarks; k++)
		if (same_mark(&s->marks[k], b))
			return 1;
	return 0;
}

static enum err_code merge_read(struct state *out, const struct state *base,
				const struct state *mine,
				const struct state *theirs, struct err *e)
{
	const struct state *const s[3] = { base, mine, theirs };
	size_t n;
	size_t *edge = read_edges(s, &n);
	if (!edge)
		return err_set(e, ERR_NOMEM, "state: out of memory");
	enum err_code rc = ERR_OK;
	/* membership is the same from one edge to the next */
	for (size_t k = 0; k < n && rc == ERR_OK; k++) {
		size_t from = edge[k];
		if ((k && edge[k - 1] == from) || from == SIZE_MAX ||
		    !merged_read(base, mine, theirs, from))
			continue;
		size_t to = k + 1 < n ? edge[k + 1] : SIZE_MAX;
		while (k + 1 < n && edge[k + 1] == from)
			to = ++k + 1 < n ? edge[k + 1] : SIZE_MAX;
		if (out->nread && out->read[out->nread - 1].last + 1 == from) {
			out->read[out->nread - 1].last = to - 1;
		} else if (insert_range(out, out->nread, from, to - 1) < 0) {
			rc = err_set(e, ERR_NOMEM, "state: out of memory");
		}
	}
	free(edge);
	return rc;
}

static int same_left(const struct state_left *a, const struct state_left *b)
{
	if (!a || !b)
		return a == b;
	return a->piece == b->piece && a->off == b->off && a->when == b->when;
}

/* The place of article `i` in s, or NULL; `*k` is where the walk through
 * s stands (ascending `i` from one call to the next). */
static const struct state_left *left_of(const struct state *s, size_t *k,
					size_t i)
{
	while (*k < s->nleft && s->left[*k].article < i)
		++*k;
	return *k < s->nleft && s->left[*k].article == i ? &s->left[*k]
							 : NULL;
}

/* Where each article was left: this reader's place where it moved or
 * forgot it since `base`, else the other's; the most recent kept. */
static enum err_code merge_left(struct state *out, const struct state *base,
				const struct state *mine,
				const struct state *theirs, struct err *e)
{
	size_t room = mine->nleft + theirs->nleft;
	out->left = malloc((room ? room : 1) * sizeof *out->left);
	if (!out->left)
		return err_set(e, ERR_NOMEM, "state: out of memory");
	size_t b = 0, m = 0, t = 0;
	for (;;) {
		/* the next article either side has */
		size_t i = SIZE_MAX;
		int any = 0;
		if (m < mine->nleft)
			i = mine->left[m].article, any = 1;
		if (t < theirs->nleft && (!any || theirs->left[t].article < i))
			i = theirs->left[t].article, any = 1;
		if (!any)
			break;
		const struct state_left *bl = left_of(base, &b, i),
					*ml = left_of(mine, &m, i),
					*tl = left_of(theirs, &t, i);
		const struct state_left *l = same_left(bl, ml) ? tl : ml;
		if (l)
			out->left[out->nleft++] = *l;
		m += ml != NULL;
		t += tl != NULL;
	}
	out->nleft = state_left_trim(out->left, out->nleft);
	return ERR_OK;
}

enum err_code state_merge(const struct state *base, const struct state *mine,
			  const struct state *theirs, struct state *out,
			  struct err *e)
{
	memset(out, 0, sizeof *out);
	out->in_article = mine->in_article;
	out->article = mine->article;
	out->piece = mine->piece;
	out->off = mine->off;
	out->selected = mine->selected;
	out->sort = mine->sort;
	out->shape = mine->shape;
	enum err_code rc = merge_read(out, base, mine, theirs, e);
	/* theirs, less what this reader removed, then what it added */
	for (size_t k = 0; rc == ERR_OK && k < theirs->nmarks; k++) {
		const struct state_bookmark *b = &theirs->marks[k];
		if (!has_mark(base, b) || has_mark(mine, b))
			rc = state_add_bookmark(out, b, e);
	}
	for (size_t k = 0; rc == ERR_OK && k < mine->nmarks; k++) {
		const struct state_bookmark *b = &mine->marks[k];
		if (!has_mark(base, b) && !has_mark(theirs, b))
			rc = state_add_bookmark(out, b, e);
	}
	if (rc == ERR_OK)
		rc = merge_left(out, base, mine, theirs, e);
	if (rc != ERR_OK)
		state_free(out);
	return rc;
}

enum err_code state_save_merged(const char *path, const struct state *base,
				const struct state *mine, const char *corpus,
				struct state *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	struct buf lock = { 0 };
	buf_printf(&lock, "%s.lock", path);
	if (lock.failed)
		return err_set(e, ERR_NOMEM, "%s: out of memory", path);
	enum err_code rc = make_parents(path, e);
	int fd = rc ? -1 : open(lock.p, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (!rc && fd < 0)
		rc = err_errno(e, errno, "%s: cannot open", lock.p);
	/* The other reader saves between our load and our rename no more:
	 * one save at a time, each on what the last one left. */
	while (!rc && flock(fd, LOCK_EX) != 0)
		if (errno != EINTR)
			rc = err_errno(e, errno, "%s: cannot lock", lock.p);
	struct state theirs = { 0 };
	if (!rc) {
		rc = state_load(path, &theirs, e);
		if (rc == ERR_CORRUPT) /* set aside: nothing of it to keep */
			rc = ERR_OK;
	}
	if (!rc)
		rc = state_merge(base, mine, &theirs, out, e);
	if (!rc)
		rc = state_save(path, out, corpus, e);
	if (rc)
		state_free(out);
	state_free(&theirs);
	if (fd >= 0)
		close(fd); /* and with it the lock */
	buf_free(&lock);
	return rc;
}
