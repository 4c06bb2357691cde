/* Tests for state: the round trip of every field, where the files go, the
 * read set's ranges, bad files set aside, and saves that fail or are cut
 * short by a crash.
 *
 * Each file test gets a fresh directory under /tmp and its own HOME and
 * XDG_STATE_HOME, put back afterwards. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "kanbao/reader/state.h"

static const char id[] = "0123456789abcdef0123456789abcdef";

static char dir[64];
static char *saved_home, *saved_xdg;

static const char *tmp_path(const char *base)
{
	static char path[4][512];
	static int turn;
	turn = (turn + 1) % 4;
	snprintf(path[turn], sizeof path[turn], "%s/%s", dir, base);
	return path[turn];
}

static char *dup_env(const char *name)
{
	const char *v = getenv(name);
	return v ? strdup(v) : NULL;
}

static void put_env(const char *name, const char *v)
{
	if (v)
		setenv(name, v, 1);
	else
		unsetenv(name);
}

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/test_state.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	saved_home = dup_env("HOME");
	saved_xdg = dup_env("XDG_STATE_HOME");
	setenv("XDG_STATE_HOME", dir, 1);
	setenv("HOME", "/nonexistent-kanbao-home", 1);
	return 0;
}

static int remove_one(const char *p, const struct stat *st, int flag,
		      struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	chmod(p, 0700);
	return remove(p);
}

static int teardown(void **state)
{
	(void)state;
	chmod(dir, 0700);
	put_env("HOME", saved_home);
	put_env("XDG_STATE_HOME", saved_xdg);
	free(saved_home);
	free(saved_xdg);
	return nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void spit(const char *path, const void *data, size_t size)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, size, f), size);
	assert_int_equal(fclose(f), 0);
}

/* The file at `path`, NUL-terminated (test_free it). */
static char *slurp(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	size_t n = (size_t)ftell(f);
	rewind(f);
	char *p = test_malloc(n + 1);
	assert_int_equal(fread(p, 1, n, f), n);
	p[n] = '\0';
	fclose(f);
	if (size)
		*size = n;
	return p;
}

static int exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

/* Entries of directory `d` whose name starts with `prefix`. */
static int count_entries(const char *d, const char *prefix)
{
	int n = 0;
	DIR *dd = opendir(d);
	assert_non_null(dd);
	struct dirent *de;
	while ((de = readdir(dd)))
		n += de->d_name[0] != '.' &&
		     strncmp(de->d_name, prefix, strlen(prefix)) == 0;
	closedir(dd);
	return n;
}

static int starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* A message is one line of printable text. */
static void assert_one_line(const char *msg)
{
	for (const char *p = msg; *p; p++)
		assert_false((unsigned char)*p < 0x20 || *p == 0x7f);
}

static char *path_of(const char *identity)
{
	char *path;
	struct err e;
	enum err_code rc = state_path(identity, &path, &e);
	if (rc)
		fail_msg("%s", e.msg);
	return path;
}

/* The state directory, made as state_save would. */
static void make_state_dir(void)
{
	const char *kdir = tmp_path("kanbao");
	if (!exists(kdir))
		assert_int_equal(mkdir(kdir, 0700), 0);
}

static void save_ok(const char *path, const struct state *s)
{
	struct err e;
	enum err_code rc = state_save(path, s, "/srv/news.kb", &e);
	if (rc)
		fail_msg("%s", e.msg);
}

static void load_ok(const char *path, struct state *s)
{
	struct err e;
	enum err_code rc = state_load(path, s, &e);
	if (rc)
		fail_msg("%s", e.msg);
}

static void assert_empty(const struct state *s)
{
	struct state zero = { 0 };
	assert_memory_equal(s, &zero, sizeof zero);
}

static void assert_same(const struct state *a, const struct state *b)
{
	assert_int_equal(a->in_article, b->in_article);
	assert_int_equal(a->article, b->article);
	assert_int_equal(a->piece, b->piece);
	assert_int_equal(a->off, b->off);
	assert_int_equal(a->selected, b->selected);
	assert_int_equal(a->sort, b->sort);
	assert_int_equal(a->nread, b->nread);
	if (a->nread)
		assert_memory_equal(a->read, b->read,
				    a->nread * sizeof *a->read);
	assert_int_equal(a->nmarks, b->nmarks);
	for (size_t k = 0; k < a->nmarks; k++) {
		assert_int_equal(a->marks[k].article, b->marks[k].article);
		assert_int_equal(a->marks[k].piece, b->marks[k].piece);
		assert_int_equal(a->marks[k].off, b->marks[k].off);
		assert_true(a->marks[k].created == b->marks[k].created);
	}
	assert_int_equal(a->nleft, b->nleft);
	for (size_t k = 0; k < a->nleft; k++) {
		assert_int_equal(a->left[k].article, b->left[k].article);
		assert_int_equal(a->left[k].piece, b->left[k].piece);
		assert_int_equal(a->left[k].off, b->left[k].off);
		assert_true(a->left[k].when == b->left[k].when);
	}
}

/* Append where article a was left to s (the caller keeps them
 * ascending). */
static void add_left(struct state *s, size_t a, size_t p, size_t off,
		     int64_t when)
{
	struct state_left *v = realloc(s->left, (s->nleft + 1) * sizeof *v);
	assert_non_null(v);
	v[s->nleft++] = (struct state_left){ a, p, off, when };
	s->left = v;
}

/* The read set is ascending, disjoint and merged. */
static void assert_ranges_sound(const struct state *s)
{
	for (size_t k = 0; k < s->nread; k++) {
		assert_true(s->read[k].first <= s->read[k].last);
		if (k > 0)
			assert_true(s->read[k].first >
				    s->read[k - 1].last + 1);
	}
}

static void mark(struct state *s, size_t i, int read)
{
	struct err e;
	assert_int_equal(state_set_read(s, i, read, &e), ERR_OK);
}

static void add_mark(struct state *s, size_t a, size_t p, size_t off,
		     int64_t t)
{
	struct state_bookmark b = { a, p, off, t };
	struct err e;
	assert_int_equal(state_add_bookmark(s, &b, &e), ERR_OK);
}

/* ------------------------------------------------------------------ */

static void test_round_trip_every_field(void **state)
{
	(void)state;
	char *path = path_of(id);
	struct state s = { .in_article = 1, .article = 41, .piece = 7,
			   .off = SIZE_MAX, .selected = 12,
			   .sort = STATE_SORT_DATE };
	size_t read[] = { 0, 1, 2, 41, 45, 50, 51, 52, SIZE_MAX - 1,
			  SIZE_MAX };
	for (size_t k = 0; k < sizeof read / sizeof read[0]; k++)
		mark(&s, read[k], 1);
	add_mark(&s, 3, 0, 0, 1718000000);
	add_mark(&s, SIZE_MAX, SIZE_MAX, SIZE_MAX, INT64_MIN);
	add_mark(&s, 0, 9, 12, INT64_MAX);
	add_mark(&s, 3, 0, 0, -1);
	add_left(&s, 0, 2, 30, 1718000000);
	add_left(&s, 41, 7, 5, -7);
	add_left(&s, SIZE_MAX, SIZE_MAX, SIZE_MAX, INT64_MAX);

	/* The corpus line is escaped: a path cannot break a line. */
	struct err e;
	assert_int_equal(state_save(path, &s, "/srv/a\\b\nc.kb", &e), ERR_OK);
	char *text = slurp(path, NULL);
	assert_true(starts_with(text, "kanbao-state 1\n"
				      "corpus /srv/a\\x5cb\\x0ac.kb\n"));
	assert_non_null(strstr(text, "\nread 0-2 41 45 50-52 "));
	assert_non_null(strstr(text, "\nplace article 41 7 "));
	assert_non_null(strstr(text, "\nsort date\n"));
	assert_non_null(strstr(text, "\nbookmark 3 0 0 -1\nleft 0 2 30 "
				     "1718000000\nleft 41 7 5 -7\n"));
	assert_string_equal(text + strlen(text) - 4, "end\n");
	test_free(text);

	struct state t;
	load_ok(path, &t);
	assert_same(&s, &t);
	assert_int_equal(t.nread, 5);
	assert_true(t.read[4].first == SIZE_MAX - 1);
	assert_true(t.marks[1].created == INT64_MIN);
	state_free(&t);
	state_free(&s);
	assert_empty(&s);

	/* Private: the file is the reader's alone. */
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	free(path);
}

static void test_round_trip_empty(void **state)
{
	(void)state;
	char *path = path_of(id);
	struct state s = { 0 };
	struct err e;
	assert_int_equal(state_save(path, &s, NULL, &e), ERR_OK);
	char *text = slurp(path, NULL);
	assert_string_equal(text, "kanbao-state 1\nsort corpus\n"
			    "place list 0 0 0\nselected 0\nend\n");
	test_free(text);
	struct state t = { .article = 5 };
	load_ok(path, &t);
	assert_empty(&t);
	free(path);
}

/* Ten million articles, read in a pattern of long runs, gaps and single
 * ones; the file holds ranges, a bounded number to a line. */
static void test_large_read_set(void **state)
{
	(void)state;
	enum { N = 10000000, STEP = 100 };
	char *path = path_of(id);
	struct state s = { 0 };
	s.read = malloc(N / STEP * sizeof *s.read);
	assert_non_null(s.read);
	for (size_t i = 0; i < N; i += STEP) {
		size_t last = i / STEP % 3 == 0 ? i : i + i / STEP % 50;
		s.read[s.nread].first = i;
		s.read[s.nread].last = last;
		s.nread++;
	}
	assert_ranges_sound(&s);
	save_ok(path, &s);

	size_t size;
	char *text = slurp(path, &size);
	assert_true(size < 20 * (size_t)(N / STEP)); /* compact */
	int lines = 0;
	for (char *p = text; (p = strstr(p, "\nread ")); p++)
		lines++;
	assert_int_equal(lines, (N / STEP + 31) / 32);
	test_free(text);

	struct state t;
	load_ok(path, &t);
	assert_same(&s, &t);
	assert_true(state_is_read(&t, 0));
	assert_false(state_is_read(&t, 1));
	assert_true(state_is_read(&t, 101));
	assert_false(state_is_read(&t, 102));
	assert_true(state_is_read(&t, N - STEP));
	assert_false(state_is_read(&t, N));
	state_free(&t);
	state_free(&s);
	free(path);
}

static void test_thousand_bookmarks(void **state)
{
	(void)state;
	char *path = path_of(id);
	struct state s = { 0 };
	for (size_t k = 0; k < 1001; k++)
		add_mark(&s, 1000 - k, k % 7, k * 3, 1700000000 + (int64_t)k);
	state_remove_bookmark(&s, 0);
	state_remove_bookmark(&s, 5000); /* out of range: nothing */
	assert_int_equal(s.nmarks, 1000);
	assert_int_equal(s.marks[0].article, 999);
	save_ok(path, &s);
	struct state t;
	load_ok(path, &t);
	assert_same(&s, &t);
	assert_int_equal(t.marks[999].article, 0);
	state_free(&t);
	state_free(&s);
	free(path);
}

/* Marking and unmarking at random agrees with a plain array, and the ranges
 * stay merged: every split and join of a range happens. */
static void test_set_read(void **state)
{
	(void)state;
	enum { N = 300 };
	unsigned char want[N] = { 0 };
	struct state s = { 0 };
	srand(7);
	for (int round = 0; round < 20000; round++) {
		size_t i = (size_t)rand() % N;
		int read = rand() % 3 != 0;
		mark(&s, i, read);
		want[i] = (unsigned char)read;
		if (round % 97 == 0) {
			assert_ranges_sound(&s);
			for (size_t j = 0; j < N; j++)
				assert_int_equal(state_is_read(&s, j),
						 want[j]);
		}
	}
	assert_ranges_sound(&s);
	for (size_t j = 0; j < N; j++)
		mark(&s, j, 1);
	assert_int_equal(s.nread, 1);
	mark(&s, 150, 0);
	assert_int_equal(s.nread, 2);
	assert_int_equal(s.read[0].last, 149);
	assert_int_equal(s.read[1].first, 151);
	for (size_t j = 0; j < N; j++)
		mark(&s, j, 0);
	assert_int_equal(s.nread, 0);
	mark(&s, SIZE_MAX, 1);
	mark(&s, SIZE_MAX - 1, 1);
	assert_int_equal(s.nread, 1);
	assert_true(state_is_read(&s, SIZE_MAX));
	state_free(&s);
}

/* ------------------------------------------------------------------ */
/* Where the files go */

static void expect_dir(const char *want)
{
	char *d;
	struct err e;
	enum err_code rc = state_dir(&d, &e);
	if (rc)
		fail_msg("%s", e.msg);
	assert_string_equal(d, want);
	free(d);
}

static void assert_mode(const char *path, unsigned mode)
{
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 0777, mode);
}

static void test_dir_xdg(void **state)
{
	(void)state;
	char xdg[128];
	snprintf(xdg, sizeof xdg, "%s", tmp_path("xdg"));
	setenv("XDG_STATE_HOME", xdg, 1);
	setenv("HOME", tmp_path("home"), 1);
	expect_dir(tmp_path("xdg/kanbao"));
	char *path = path_of(id);
	char want[512];
	snprintf(want, sizeof want, "%s/kanbao/%s.state", xdg, id);
	assert_string_equal(path, want);

	/* Created as needed, private, and nothing under HOME. */
	struct state s = { .selected = 3 };
	save_ok(path, &s);
	assert_mode(xdg, 0700);
	assert_mode(tmp_path("xdg/kanbao"), 0700);
	assert_false(exists(tmp_path("home")));
	struct state t;
	load_ok(path, &t);
	assert_int_equal(t.selected, 3);
	free(path);

	/* A trailing slash makes no double one. */
	char slash[512];
	snprintf(slash, sizeof slash, "%s/", xdg);
	setenv("XDG_STATE_HOME", slash, 1);
	expect_dir(tmp_path("xdg/kanbao"));
}

static void test_dir_home_fallback(void **state)
{
	(void)state;
	const char *home = tmp_path("home");
	assert_int_equal(mkdir(home, 0755), 0);
	setenv("HOME", home, 1);
	const char *want = tmp_path("home/.local/state/kanbao");

	unsetenv("XDG_STATE_HOME");
	expect_dir(want);
	setenv("XDG_STATE_HOME", "", 1);
	expect_dir(want);
	/* The XDG rules: a relative path is ignored. */
	setenv("XDG_STATE_HOME", "relative/state", 1);
	expect_dir(want);

	char *path = path_of(id);
	struct state s = { .sort = STATE_SORT_DATE };
	save_ok(path, &s);
	assert_mode(tmp_path("home/.local"), 0700);
	assert_mode(tmp_path("home/.local/state"), 0700);
	assert_mode(want, 0700);
	assert_mode(home, 0755); /* what existed is left alone */
	assert_false(exists("relative"));
	struct state t;
	load_ok(path, &t);
	assert_int_equal(t.sort, STATE_SORT_DATE);
	free(path);
}

static void test_dir_no_home(void **state)
{
	(void)state;
	const char *setups[][2] = {
		{ NULL, NULL },
		{ "relative/state", NULL },
		{ "", "" },
		{ NULL, "relative-home" },
	};
	for (size_t k = 0; k < sizeof setups / sizeof setups[0]; k++) {
		put_env("XDG_STATE_HOME", setups[k][0]);
		put_env("HOME", setups[k][1]);
		char *d = (char *)"x", *p = (char *)"x";
		struct err e;
		assert_int_equal(state_dir(&d, &e), ERR_NOENT);
		assert_null(d);
		assert_true(starts_with(e.msg, "$HOME: "));
		assert_one_line(e.msg);
		assert_int_equal(state_path(id, &p, &e), ERR_NOENT);
		assert_null(p);
	}
}

static void test_bad_identity(void **state)
{
	(void)state;
	char long_id[70];
	memset(long_id, 'a', sizeof long_id - 1);
	long_id[sizeof long_id - 1] = '\0';
	const char *bad[] = { "", "../x", "a/b", ".hidden", "a b", long_id };
	for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
		char *p = (char *)"x";
		struct err e;
		assert_int_equal(state_path(bad[k], &p, &e), ERR_USAGE);
		assert_null(p);
	}
	long_id[64] = '\0';
	char *p = path_of(long_id);
	free(p);
}

static void test_missing_file(void **state)
{
	(void)state;
	struct state s = { .selected = 9 };
	load_ok(tmp_path("no-such.state"), &s);
	assert_empty(&s);
	load_ok(tmp_path("no/such/dir/x.state"), &s);
	assert_empty(&s);
	/* A regular file where a directory should be: nothing there. */
	spit(tmp_path("file"), "x", 1);
	load_ok(tmp_path("file/x.state"), &s);
	assert_empty(&s);
	assert_int_equal(count_entries(dir, ""), 1);
}

/* ------------------------------------------------------------------ */
/* Bad files */

/* Load the file holding `text`: it must be set aside whole, the state come
 * back empty, and a save after it work. */
static void expect_corrupt(const void *text, size_t n, const char *why)
{
	char *path = path_of(id);
	char aside[600];
	snprintf(aside, sizeof aside, "%s.corrupt", path);
	make_state_dir();
	spit(path, text, n);
	struct state s = { .article = 3 };
	struct err e;
	enum err_code rc = state_load(path, &s, &e);
	if (rc != ERR_CORRUPT)
		fail_msg("%s: %s: got %d, %s", why, (const char *)text, rc,
			 rc ? e.msg : "no error");
	assert_empty(&s);
	assert_true(starts_with(e.msg, path));
	assert_non_null(strstr(e.msg, "set aside as " "0123456789abcdef"
			       "0123456789abcdef.state.corrupt"));
	assert_one_line(e.msg);
	if (!strstr(e.msg, why))
		fail_msg("'%s' not in '%s'", why, e.msg);
	assert_false(exists(path));
	size_t got;
	char *kept = slurp(aside, &got);
	assert_int_equal(got, n);
	assert_memory_equal(kept, text, n);
	test_free(kept);

	struct state t = { .selected = 4 };
	save_ok(path, &t);
	load_ok(path, &s);
	assert_same(&t, &s);
	assert_int_equal(unlink(path), 0);
	free(path);
}

static void expect_corrupt_str(const char *text, const char *why)
{
	expect_corrupt(text, strlen(text), why);
}

#define HEAD "kanbao-state 1\n"

static void test_corrupt_files(void **state)
{
	(void)state;
	static const struct {
		const char *text, *why;
	} cases[] = {
		{ "", "empty" },
		{ "\x7f" "ELF\x02\x01\x01\n\x1b[2J\n", "not a kanbao" },
		{ "{\"version\": 1}\n", "not a kanbao state file" },
		{ "kanbao-state 2\nend\n", "version 2, this program reads "
					   "version 1" },
		{ "kanbao-state 0\nend\n", "version 0" },
		{ "kanbao-state x\nend\n", "line 1: 'x' is not a number" },
		{ "kanbao-state 1 extra\nend\n", "follows the last field" },
		{ HEAD "sort date\nend", "line 3: cut short" },
		{ HEAD "sort da", "line 2: cut short" },
		{ HEAD "sort date\n", "no end line" },
		{ HEAD, "no end line" },
		{ HEAD "selected 18446744073709551616\nend\n",
		  "'18446744073709551616' is out of range" },
		{ HEAD "selected 99999999999999999999999999\nend\n",
		  "out of range" },
		{ HEAD "selected -1\nend\n", "'-1' is not a number" },
		{ HEAD "selected +1\nend\n", "not a number" },
		{ HEAD "selected 0x10\nend\n", "not a number" },
		{ HEAD "selected  1\nend\n", "'' is not a number" },
		{ HEAD "selected 1 \nend\n", "follows the last field" },
		{ HEAD "selected\nend\n", "a field is missing" },
		{ HEAD "selected 1\nselected 2\nend\n",
		  "'selected' comes a second time" },
		{ HEAD "bookmark 1 2 3 9223372036854775808\nend\n",
		  "out of range" },
		{ HEAD "bookmark 1 2 3 -9223372036854775809\nend\n",
		  "out of range" },
		{ HEAD "bookmark 1 2 3\nend\n", "a field is missing" },
		{ HEAD "bookmark 1 2 3 4 5\nend\n", "follows the last field" },
		{ HEAD "bookmark 1 2 3 --4\nend\n", "not a number" },
		{ HEAD "read 5-3\nend\n", "'5-3' runs backwards" },
		{ HEAD "read 5 3\nend\n", "'3' is not after" },
		{ HEAD "read 1-5\nread 5\nend\n", "is not after" },
		{ HEAD "read 1-\nend\n", "'' is not a number" },
		{ HEAD "read 1-2-3\nend\n", "not a number" },
		{ HEAD "read\nend\n", "a field is missing" },
		{ HEAD "read 0-18446744073709551616\nend\n", "out of range" },
		{ HEAD "left 5 0 0 1\nleft 3 0 0 1\nend\n",
		  "'3' is not after" },
		{ HEAD "left 5 0 0 1\nleft 5 1 0 1\nend\n", "'5' is not after" },
		{ HEAD "left 5 0 0\nend\n", "a field is missing" },
		{ HEAD "left 5 0 0 1 2\nend\n", "follows the last field" },
		{ HEAD "left 5 0 x 1\nend\n", "'x' is not a number" },
		{ HEAD "sort title\nend\n", "'title' is neither corpus nor date" },
		{ HEAD "sort\nend\n", "a field is missing" },
		{ HEAD "place here 1 2 3\nend\n", "neither list nor article" },
		{ HEAD "place list 1 2\nend\n", "a field is missing" },
		{ HEAD "end\nsort date\n", "text after the end line" },
		{ HEAD "end\nend\n", "text after the end line" },
		{ HEAD "end 1\n", "follows the last field" },
		{ HEAD "\nend\n", "not a record name" },
		{ HEAD " sort date\nend\n", "not a record name" },
		{ HEAD "Sort date\nend\n", "not a record name" },
		{ HEAD "\x1b[2J\nend\n", "'\\x1b[2J' is not a record name" },
		{ HEAD "sort date\r\nend\n", "'date\\x0d' is neither" },
	};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++)
		expect_corrupt_str(cases[k].text, cases[k].why);
	/* A NUL byte inside a line. */
	static const char nul[] = HEAD "sort date\0x\nend\n";
	expect_corrupt(nul, sizeof nul - 1, "a NUL byte");
	/* Random bytes. */
	unsigned char noise[4096];
	srand(11);
	for (size_t k = 0; k < sizeof noise; k++)
		noise[k] = (unsigned char)rand();
	expect_corrupt(noise, sizeof noise, "line 1: ");
}

/* A file cut anywhere is corrupt: the end line says the file is whole. */
static void test_truncated_every_prefix(void **state)
{
	(void)state;
	char *path = path_of(id);
	struct state s = { .in_article = 1, .article = 2, .selected = 2 };
	mark(&s, 4, 1);
	add_mark(&s, 1, 2, 3, 4);
	save_ok(path, &s);
	size_t n;
	char *text = slurp(path, &n);
	for (size_t cut = 0; cut < n; cut++)
		expect_corrupt(text, cut, cut == 0 ? "empty" : "cut short");
	test_free(text);
	state_free(&s);
	free(path);
}

/* A record a later program added is skipped; adjacent ranges merge. */
static void test_unknown_records_skipped(void **state)
{
	(void)state;
	char *path = path_of(id);
	const char *text = HEAD "corpus /old/place.kb\n"
			   "zoom 3 \xe4\xb8\xad\n"
			   "sort date\n"
			   "read 0-4 5 6-9\n"
			   "filter-v2 anything at all\n"
			   "read 11\n"
			   "end\n";
	make_state_dir();
	spit(path, text, strlen(text));
	struct state s;
	load_ok(path, &s);
	assert_int_equal(s.sort, STATE_SORT_DATE);
	assert_int_equal(s.nread, 2);
	assert_int_equal(s.read[0].first, 0);
	assert_int_equal(s.read[0].last, 9);
	assert_int_equal(s.read[1].first, 11);
	state_free(&s);
	free(path);
}

/* What cannot be read is set aside too: here a directory in its place. */
static void test_unreadable_set_aside(void **state)
{
	(void)state;
	char *path = path_of(id);
	make_state_dir();
	assert_int_equal(mkdir(path, 0700), 0);
	struct state s;
	struct err e;
	assert_int_equal(state_load(path, &s, &e), ERR_CORRUPT);
	assert_non_null(strstr(e.msg, "not a regular file; set aside"));
	assert_false(exists(path));
	save_ok(path, &s);

	if (geteuid() != 0) {
		char aside[600];
		snprintf(aside, sizeof aside, "%s.corrupt", path);
		assert_int_equal(rmdir(aside), 0);
		assert_int_equal(chmod(path, 0), 0);
		assert_int_equal(state_load(path, &s, &e), ERR_CORRUPT);
		assert_non_null(strstr(e.msg, "cannot read: Permission "
					      "denied; set aside"));
	}
	free(path);
}

/* A newer .corrupt replaces an older one. */
static void test_corrupt_replaces_older(void **state)
{
	(void)state;
	expect_corrupt_str("first\n", "not a kanbao");
	expect_corrupt_str("second\n", "not a kanbao");
	char *path = path_of(id);
	char aside[600];
	snprintf(aside, sizeof aside, "%s.corrupt", path);
	char *kept = slurp(aside, NULL);
	assert_string_equal(kept, "second\n");
	test_free(kept);
	free(path);
}

/* ------------------------------------------------------------------ */
/* Saving */

static void set_mtime(const char *path, time_t t)
{
	struct timespec ts[2] = { { t, 0 }, { t, 0 } };
	assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
}

/* A crash between writing the temporary file and the rename leaves the
 * old state whole; the file left over breaks nothing, and once old enough
 * a save removes it. */
static void test_crash_before_rename(void **state)
{
	(void)state;
	char *path = path_of(id);
	const char *kdir = tmp_path("kanbao");
	struct state old = { .selected = 1 };
	mark(&old, 3, 1);
	save_ok(path, &old);

	struct state new = { .selected = 2, .sort = STATE_SORT_DATE };
	add_mark(&new, 5, 6, 7, 8);
	char *tmp;
	struct err e;
	assert_int_equal(state_save_tmp(path, &new, NULL, &tmp, &e), ERR_OK);
	assert_true(exists(tmp));
	assert_true(starts_with(tmp, path));
	/* ...and the program ends here. */

	struct state got;
	load_ok(path, &got);
	assert_same(&old, &got);
	state_free(&got);
	assert_int_equal(count_entries(kdir, id), 2);

	/* The next run saves over it; the young leftover may be another
	 * reader's save in progress, so it stays. */
	save_ok(path, &new);
	load_ok(path, &got);
	assert_same(&new, &got);
	state_free(&got);
	assert_true(exists(tmp));

	/* An old one goes; another corpus's, and the .corrupt, stay. */
	char other[600], aside[600];
	snprintf(other, sizeof other, "%s/fedcba.state.AbC123", kdir);
	snprintf(aside, sizeof aside, "%s.corrupt", path);
	spit(other, "x", 1);
	spit(aside, "x", 1);
	time_t old_time = time(NULL) - STATE_STALE_SECONDS - 10;
	set_mtime(tmp, old_time);
	set_mtime(other, old_time);
	set_mtime(aside, old_time);
	save_ok(path, &old);
	assert_false(exists(tmp));
	free(tmp);
	assert_true(exists(other));
	assert_true(exists(aside));
	load_ok(path, &got);
	assert_same(&old, &got);
	state_free(&got);

	/* The two halves make a whole save. */
	assert_int_equal(state_save_tmp(path, &new, NULL, &tmp, &e) ||
			 state_save_commit(path, tmp, &e), ERR_OK);
	load_ok(path, &got);
	assert_same(&new, &got);
	free(tmp);
	state_free(&got);
	state_free(&new);
	state_free(&old);
	free(path);
}

/* A rename that fails removes the temporary file and reports the target. */
static void test_commit_failure_cleans_up(void **state)
{
	(void)state;
	const char *path = tmp_path("busy.state");
	assert_int_equal(mkdir(path, 0700), 0);
	spit(tmp_path("busy.state/inside"), "x", 1);
	struct state s = { 0 };
	struct err e;
	assert_int_equal(state_save(path, &s, NULL, &e), ERR_ISDIR);
	assert_true(starts_with(e.msg, path));
	assert_non_null(strstr(e.msg, "cannot rename"));
	assert_one_line(e.msg);
	assert_int_equal(count_entries(dir, "busy.state."), 0);
}

/* Whether permissions are enforced here (they are not for root). */
static int permissions_enforced(const char *ro)
{
	char probe[600];
	snprintf(probe, sizeof probe, "%s/probe", ro);
	int fd = open(probe, O_WRONLY | O_CREAT | O_EXCL, 0600);
	if (fd < 0)
		return 1;
	close(fd);
	unlink(probe);
	return 0;
}

static void expect_save_fails(const char *path, enum err_code code,
			      const char *msg)
{
	struct state s = { .selected = 1 };
	struct err e;
	enum err_code rc = state_save(path, &s, NULL, &e);
	if (rc != code)
		fail_msg("got %d (%s), want %d", rc, rc ? e.msg : "", code);
	assert_string_equal(e.msg, msg);
}

/* A home that cannot be written: one clean error naming the directory, no
 * temporary file, nothing half made.  Root writes anywhere, so there a
 * regular file where a directory should be makes the failure; elsewhere
 * both ways are tried. */
static void test_unwritable_dir(void **state)
{
	(void)state;
	char msg[ERR_MSG_MAX];
	const char *ro = tmp_path("ro");
	assert_int_equal(mkdir(ro, 0500), 0);
	if (permissions_enforced(ro)) {
		setenv("XDG_STATE_HOME", ro, 1);
		char *path = path_of(id);
		snprintf(msg, sizeof msg, "%s/kanbao: cannot create: "
			 "Permission denied", ro);
		expect_save_fails(path, ERR_ACCESS, msg);
		/* The directory there but read-only. */
		assert_int_equal(chmod(ro, 0700), 0);
		assert_int_equal(mkdir(tmp_path("ro/kanbao"), 0500), 0);
		snprintf(msg, sizeof msg, "%s: cannot create a temporary file: "
			 "Permission denied", path);
		expect_save_fails(path, ERR_ACCESS, msg);
		assert_int_equal(count_entries(tmp_path("ro/kanbao"), ""), 0);
		free(path);
	} else {
		print_message("permissions not enforced (root): a regular "
			      "file stands in the way instead\n");
	}
	const char *file = tmp_path("file");
	spit(file, "x", 1);
	setenv("XDG_STATE_HOME", file, 1);
	char *path = path_of(id);
	snprintf(msg, sizeof msg, "%s/kanbao: cannot create: Not a directory",
		 file);
	expect_save_fails(path, ERR_NOENT, msg);
	free(path);

	/* The state directory itself a file. */
	setenv("XDG_STATE_HOME", dir, 1);
	spit(tmp_path("kanbao"), "x", 1);
	path = path_of(id);
	snprintf(msg, sizeof msg, "%s: cannot create a temporary file: Not "
		 "a directory", path);
	expect_save_fails(path, ERR_NOENT, msg);
	/* Loading from there finds nothing, quietly. */
	struct state s;
	load_ok(path, &s);
	assert_empty(&s);
	free(path);
}

/* ------------------------------------------------------------------ */
/* Two readers of one corpus (issue 12, item 23) */

static void set_read(struct state *s, size_t first, size_t last, int read)
{
	for (size_t i = first; i <= last; i++)
		mark(s, i, read);
}

static void test_merge(void **state)
{
	(void)state;
	struct err e = { 0 };
	struct state base = { 0 }, mine = { 0 }, theirs = { 0 }, out;
	set_read(&base, 0, 4, 1);
	set_read(&base, 10, 10, 1);
	add_mark(&base, 3, 0, 0, 100); /* C */
	/* this reader: read 5 and 6, unread 10, removed C, added A */
	set_read(&mine, 0, 6, 1);
	add_mark(&mine, 8, 0, 0, 300); /* A */
	mine.in_article = 1, mine.article = 6, mine.selected = 6;
	mine.sort = STATE_SORT_DATE;
	/* the other: read 20, unread 2, kept C, added B */
	set_read(&theirs, 0, 1, 1);
	set_read(&theirs, 3, 4, 1);
	set_read(&theirs, 10, 10, 1);
	set_read(&theirs, 20, 20, 1);
	add_mark(&theirs, 3, 0, 0, 100); /* C */
	add_mark(&theirs, 9, 0, 0, 200); /* B */
	theirs.article = 20;
	assert_int_equal(state_merge(&base, &mine, &theirs, &out, &e), ERR_OK);
	/* 0-1 3-6 20: 2 as the other left it, 10 as this reader left it */
	assert_int_equal(out.nread, 3);
	assert_int_equal(out.read[0].first, 0);
	assert_int_equal(out.read[0].last, 1);
	assert_int_equal(out.read[1].first, 3);
	assert_int_equal(out.read[1].last, 6);
	assert_int_equal(out.read[2].first, 20);
	assert_int_equal(out.read[2].last, 20);
	/* B kept, C gone, A added */
	assert_int_equal(out.nmarks, 2);
	assert_int_equal(out.marks[0].article, 9);
	assert_int_equal(out.marks[1].article, 8);
	/* the place is this reader's */
	assert_int_equal(out.article, 6);
	assert_int_equal(out.in_article, 1);
	assert_int_equal(out.sort, STATE_SORT_DATE);
	state_free(&out);
	/* nothing changed on either side: the same state */
	assert_int_equal(state_merge(&base, &base, &base, &out, &e), ERR_OK);
	assert_int_equal(out.nread, 2);
	assert_int_equal(out.nmarks, 1);
	state_free(&out);
	state_free(&base);
	state_free(&mine);
	state_free(&theirs);
}

/* Where articles were left, merged (issue 12's habit: a place for each
 * article): the reader that moved a place since `base` wins it, this one
 * (the last saver) when both did; forgetting one is a change too. */
static void test_merge_left(void **state)
{
	(void)state;
	struct err e = { 0 };
	struct state base = { 0 }, mine = { 0 }, theirs = { 0 }, out;
	add_left(&base, 1, 1, 10, 100);
	add_left(&base, 2, 1, 20, 100);
	add_left(&base, 3, 1, 30, 100);
	add_left(&base, 6, 1, 60, 100);
	/* this reader: moved 1, forgot 2, left 4; 3 and 6 as they were */
	add_left(&mine, 1, 2, 11, 300);
	add_left(&mine, 3, 1, 30, 100);
	add_left(&mine, 4, 1, 40, 300);
	add_left(&mine, 6, 1, 60, 100);
	/* the other: moved 1 and 3, left 5, forgot 6 */
	add_left(&theirs, 1, 3, 12, 200);
	add_left(&theirs, 2, 1, 20, 100);
	add_left(&theirs, 3, 3, 32, 200);
	add_left(&theirs, 5, 1, 50, 200);
	assert_int_equal(state_merge(&base, &mine, &theirs, &out, &e), ERR_OK);
	static const size_t want[][3] = {
		{ 1, 2, 11 }, { 3, 3, 32 }, { 4, 1, 40 }, { 5, 1, 50 },
	};
	assert_int_equal(out.nleft, 4);
	for (size_t k = 0; k < 4; k++) {
		assert_int_equal(out.left[k].article, want[k][0]);
		assert_int_equal(out.left[k].piece, want[k][1]);
		assert_int_equal(out.left[k].off, want[k][2]);
	}
	state_free(&out);
	state_free(&base);
	state_free(&mine);
	state_free(&theirs);

	/* each side left 800 articles: the 1000 most recent are kept */
	for (size_t i = 0; i < 800; i++) {
		add_left(&mine, 2 * i, 1, 0, 5000 + (int64_t)i);
		add_left(&theirs, 2 * i + 1, 1, 0, 5000 + (int64_t)i);
	}
	assert_int_equal(state_merge(&base, &mine, &theirs, &out, &e), ERR_OK);
	assert_int_equal(out.nleft, STATE_LEFT_MAX);
	for (size_t k = 0; k < out.nleft; k++) {
		assert_true(out.left[k].when >= 5300);
		if (k)
			assert_true(out.left[k].article >
				    out.left[k - 1].article);
	}
	assert_int_equal(out.left[0].article, 600);
	state_free(&out);
	state_free(&mine);
	state_free(&theirs);
}

/* The most recent STATE_LEFT_MAX places are kept, in their order; of
 * places left at the same second, the first. */
static void test_left_trim(void **state)
{
	(void)state;
	enum { N = 1500 };
	struct state_left *v = malloc(N * sizeof *v);
	assert_non_null(v);
	for (size_t i = 0; i < N; i++)
		v[i] = (struct state_left){ i, 0, 0, (int64_t)((i * 7) % N) };
	size_t n = state_left_trim(v, N);
	assert_int_equal(n, STATE_LEFT_MAX);
	for (size_t k = 0; k < n; k++) {
		assert_true(v[k].when >= N - STATE_LEFT_MAX);
		if (k)
			assert_true(v[k].article > v[k - 1].article);
	}
	for (size_t i = 0; i < N; i++)
		v[i] = (struct state_left){ i, 0, 0, i < 10 ? 50 : 7 };
	n = state_left_trim(v, N); /* 10 at 50, 990 of 1490 at 7 */
	assert_int_equal(n, STATE_LEFT_MAX);
	assert_int_equal(v[9].when, 50);
	assert_int_equal(v[10].article, 10);
	assert_int_equal(v[n - 1].article, STATE_LEFT_MAX - 1);
	assert_int_equal(state_left_trim(v, 3), 3); /* few: all */
	assert_int_equal(state_left_find(v, 3, 1), 1);
	assert_int_equal(state_left_find(v, 3, 99), 3);
	free(v);
}

/* A file with more places than are kept: the most recent on loading. */
static void test_load_many_left(void **state)
{
	(void)state;
	char *path = path_of(id);
	struct state s = { 0 }, t;
	for (size_t i = 0; i < 1200; i++)
		add_left(&s, i, 0, i, (int64_t)i);
	save_ok(path, &s);
	load_ok(path, &t);
	assert_int_equal(t.nleft, STATE_LEFT_MAX);
	assert_int_equal(t.left[0].article, 200);
	state_free(&t);
	state_free(&s);
	free(path);
}

/* One reader's session: ROUNDS saves, each after reading one more article
 * of its own (first + round), from what its last save left. */
enum { ROUNDS = 40 };

static int reader_session(const char *path, size_t first)
{
	struct err e = { 0 };
	struct state base = { 0 };
	for (size_t k = 0; k < ROUNDS; k++) {
		struct state mine = { 0 }, out;
		for (size_t j = 0; j < base.nread; j++)
			for (size_t i = base.read[j].first;
			     i <= base.read[j].last; i++)
				if (state_set_read(&mine, i, 1, &e))
					return 1;
		if (state_set_read(&mine, first + k, 1, &e) ||
		    state_save_merged(path, &base, &mine, "x.kb", &out, &e))
			return 1;
		state_free(&mine);
		state_free(&base);
		base = out;
	}
	state_free(&base);
	return 0;
}

/* Two readers saving at once, in two processes: every article either
 * read is in the file at the end.  Without the lock one's load and rename
 * fall between the other's, and articles are lost. */
static void test_two_readers_save_at_once(void **state)
{
	(void)state;
	const char *path = tmp_path("sub/two.state");
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(reader_session(path, 1000));
	int rc = reader_session(path, 0);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(rc, 0);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	struct state s = { 0 };
	load_ok(path, &s);
	for (size_t k = 0; k < ROUNDS; k++) {
		assert_true(state_is_read(&s, k));
		assert_true(state_is_read(&s, 1000 + k));
	}
	assert_int_equal(s.nread, 2);
	state_free(&s);
	/* the lock file stays beside the state file, nothing else */
	assert_true(exists(tmp_path("sub/two.state.lock")));
}

/* A reader of the first file of a set, which shares the set's state
 * (state_keep_beyond): what lies past its 10 articles it saves as it
 * found it, and saving merged with the set's reader loses none of it. */
static void test_keep_beyond(void **state)
{
	(void)state;
	struct err e = { 0 };
	struct state base = { 0 }, mine = { 0 }, out;
	/* the set's reader read 2-14 and 20, marked 3 and 12, left 4, 11 */
	set_read(&base, 2, 14, 1);
	set_read(&base, 20, 20, 1);
	add_mark(&base, 12, 1, 5, 200);
	add_mark(&base, 3, 0, 0, 100);
	add_left(&base, 4, 1, 1, 50);
	add_left(&base, 11, 2, 8, 60);
	/* the first file's reader (10 articles): unread 5, read 9 already,
	 * marked 3 still, left 4 and 7 */
	set_read(&mine, 2, 4, 1);
	set_read(&mine, 6, 9, 1);
	add_mark(&mine, 3, 0, 0, 100);
	add_left(&mine, 4, 1, 1, 50);
	add_left(&mine, 7, 0, 9, 70);
	assert_int_equal(state_keep_beyond(&mine, &base, 10, &e), ERR_OK);
	/* 2-4 6-14 20: 9 and 10 join into one range */
	assert_ranges_sound(&mine);
	assert_int_equal(mine.nread, 3);
	assert_int_equal(mine.read[1].first, 6);
	assert_int_equal(mine.read[1].last, 14);
	assert_int_equal(mine.read[2].first, 20);
	assert_int_equal(mine.nmarks, 2);
	assert_int_equal(mine.marks[1].article, 12);
	assert_int_equal(mine.nleft, 3);
	assert_int_equal(mine.left[2].article, 11);
	/* the other reader saved nothing meanwhile: the file keeps all the
	 * set had past article 10, and this reader's changes before it */
	assert_int_equal(state_merge(&base, &mine, &base, &out, &e), ERR_OK);
	assert_int_equal(out.nread, 3);
	assert_int_equal(out.read[2].first, 20);
	assert_int_equal(out.nmarks, 2);
	assert_int_equal(out.nleft, 3);
	assert_false(state_is_read(&out, 5));
	assert_true(state_is_read(&out, 12));
	state_free(&out);
	state_free(&mine);
	/* nothing past n: nothing added */
	assert_int_equal(state_keep_beyond(&mine, &base, 100, &e), ERR_OK);
	assert_empty(&mine);
	state_free(&base);
}

/* The shape of the corpus a state was saved from: written near the top,
 * read back, kept by a merge (the saver's). */
static void test_shape(void **state)
{
	(void)state;
	struct state s = { 0 }, back, out;
	struct err e = { 0 };
	char *path = path_of("shaped");
	s.shape = (struct state_shape){ 10, 57, 24771 };
	mark(&s, 3, 1);
	save_ok(path, &s);
	size_t n;
	char *text = slurp(path, &n);
	assert_true(starts_with(text, "kanbao-state 1\ncorpus /srv/news.kb\n"
				      "shape 10 57 24771\n"));
	test_free(text);
	load_ok(path, &back);
	assert_int_equal(back.shape.articles, 10);
	assert_int_equal(back.shape.blocks, 57);
	assert_int_equal(back.shape.text, 24771);
	struct state theirs = { .shape = { 4, 4, 4 } };
	assert_int_equal(state_merge(&back, &back, &theirs, &out, &e), ERR_OK);
	assert_int_equal(out.shape.articles, 10);
	state_free(&out);
	state_free(&back);
	/* unknown: none written */
	state_free(&s);
	save_ok(path, &s);
	text = slurp(path, &n);
	assert_null(strstr(text, "shape"));
	test_free(text);
	expect_corrupt_str("kanbao-state 1\nshape 1 2\nend\n", "a field is "
			   "missing");
	expect_corrupt_str("kanbao-state 1\nshape 1 2 3\nshape 1 2 3\nend\n",
			   "comes a second time");
	free(path);
}

/* A corpus shape `ctx` holds articles of: continues a state whose shape
 * is a prefix of it (here: `articles` a multiple of 10, blocks and text
 * as many times 10 and 100). */
static int continues_tens(void *ctx, const struct state_shape *s)
{
	const uint64_t *n = ctx;
	return s->articles <= *n && s->articles % 10 == 0 &&
	       s->blocks == s->articles * 10 && s->text == s->articles * 100;
}

/* The state of the corpus this one continues, the longest of them; files
 * of other corpora, without a shape, corrupt or not state files passed
 * over. */
static void test_find_continued(void **state)
{
	(void)state;
	struct err e = { 0 };
	char *found;
	uint64_t n = 35;
	/* no state folder yet: none */
	assert_int_equal(state_find_continued(continues_tens, &n, &found, &e),
			 ERR_OK);
	assert_null(found);
	static const struct {
		const char *id;
		struct state_shape shape;
	} files[] = {
		{ "ten", { 10, 100, 1000 } },
		{ "thirty", { 30, 300, 3000 } },
		{ "forty", { 40, 400, 4000 } }, /* longer than this one */
		{ "other", { 20, 200, 2001 } }, /* another corpus */
		{ "none", { 0, 0, 0 } }, /* saved before shapes */
	};
	for (size_t k = 0; k < sizeof files / sizeof *files; k++) {
		struct state s = { .shape = files[k].shape };
		char *p = path_of(files[k].id);
		save_ok(p, &s);
		free(p);
	}
	spit(tmp_path("kanbao/junk.state"), "shape 30 300 3000\n", 18);
	spit(tmp_path("kanbao/ten.state.corrupt"), "", 0);
	assert_int_equal(state_find_continued(continues_tens, &n, &found, &e),
			 ERR_OK);
	char *want = path_of("thirty");
	assert_non_null(found);
	assert_string_equal(found, want);
	free(found);
	free(want);
	n = 9;
	assert_int_equal(state_find_continued(continues_tens, &n, &found, &e),
			 ERR_OK);
	assert_null(found);
}

/* A test that gets a fresh temporary directory and environment. */
#define FILE_TEST(t) cmocka_unit_test_setup_teardown(t, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		FILE_TEST(test_round_trip_every_field),
		FILE_TEST(test_round_trip_empty),
		FILE_TEST(test_large_read_set),
		FILE_TEST(test_thousand_bookmarks),
		cmocka_unit_test(test_set_read),
		FILE_TEST(test_dir_xdg),
		FILE_TEST(test_dir_home_fallback),
		FILE_TEST(test_dir_no_home),
		FILE_TEST(test_bad_identity),
		FILE_TEST(test_missing_file),
		FILE_TEST(test_corrupt_files),
		FILE_TEST(test_truncated_every_prefix),
		FILE_TEST(test_unknown_records_skipped),
		FILE_TEST(test_unreadable_set_aside),
		FILE_TEST(test_corrupt_replaces_older),
		FILE_TEST(test_crash_before_rename),
		FILE_TEST(test_commit_failure_cleans_up),
		FILE_TEST(test_unwritable_dir),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_merge_left),
		cmocka_unit_test(test_keep_beyond),
		FILE_TEST(test_shape),
		FILE_TEST(test_find_continued),
		cmocka_unit_test(test_left_trim),
		FILE_TEST(test_load_many_left),
		FILE_TEST(test_two_readers_save_at_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
