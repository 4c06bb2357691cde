/* Out of memory in the reader's state: loading a state file with
 * bookmarks and many read marks (and a corrupt one), saving one over an
 * older file and into a directory not made yet, its path, and the changes
 * the reader makes in a session (a read mark, a bookmark), with the nth
 * allocation failing for every n reached (tests/oom.h).
 *
 * What state.h promises must hold at every failure: a load that runs out
 * says ERR_NOMEM, leaves the state empty and the file where it was (not
 * set aside as corrupt); a save that runs out says so and leaves the old
 * file as it was and no temporary file; a change that runs out leaves the
 * state as it was.  The reader goes on with its session after each. */
#include "test.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kanbao/reader/state.h"
#include "oom.h"

static char dir[64]; /* this suite's own, under /tmp */
static char *saved_xdg;

/* A state with something in every field: read marks over several "read"
 * lines (32 to a line), more bookmarks and ranges than the loader's first
 * room for them (16). */
static struct state full;
enum { NRANGES = 80, NMARKS = 40, NLEFT = 30 };

static void make_full(struct state *s)
{
	struct err e = { 0 };
	memset(s, 0, sizeof *s);
	s->in_article = 1;
	s->article = 61;
	s->piece = 2;
	s->off = 345;
	s->selected = 60;
	s->sort = STATE_SORT_DATE;
	for (size_t k = 0; k < NRANGES; k++) {
		/* 0-1 3 6-7 9 ...: apart, never adjacent */
		assert_int_equal(state_set_read(s, 3 * k, 1, &e), ERR_OK);
		if (k % 2 == 0)
			assert_int_equal(state_set_read(s, 3 * k + 1, 1, &e),
					 ERR_OK);
	}
	assert_int_equal(s->nread, NRANGES);
	for (size_t k = 0; k < NMARKS; k++) {
		struct state_bookmark b = { 5 * k, k % 3, 7 * k,
					    k == 1 ? -5 : 1718000000 + (int64_t)k };
		assert_int_equal(state_add_bookmark(s, &b, &e), ERR_OK);
	}
	/* places articles were left at, more than the loader's first room */
	s->left = malloc(NLEFT * sizeof *s->left);
	assert_non_null(s->left);
	for (size_t k = 0; k < NLEFT; k++)
		s->left[s->nleft++] = (struct state_left){
			3 * k, k % 4, 11 * k, 1718000000 + (int64_t)k };
}

static void assert_state_equal(const struct state *a, const struct state *b)
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
	if (a->nmarks)
		assert_memory_equal(a->marks, b->marks,
				    a->nmarks * sizeof *a->marks);
	assert_int_equal(a->nleft, b->nleft);
	if (a->nleft)
		assert_memory_equal(a->left, b->left,
				    a->nleft * sizeof *a->left);
}

static void assert_state_empty(const struct state *s)
{
	static const struct state empty;
	assert_memory_equal(s, &empty, sizeof *s);
}

/* Paths in the suite's directory, made by setup. */
enum { PATH_SIZE = 256 };
static char reference[PATH_SIZE]; /* a save with memory enough */
static char load_dir[PATH_SIZE], load_file[PATH_SIZE], load_aside[PATH_SIZE];
static char save_dir[PATH_SIZE], save_file[PATH_SIZE];
static char id_file[PATH_SIZE]; /* what state_path gives */
static const char id[] = "0123456789abcdef0123456789abcdef";

static void spit(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

/* The file at `path` (malloc'd, NUL-terminated), or NULL if there is
 * none. */
static char *slurp(const char *path)
{
	if (access(path, F_OK) != 0)
		return NULL;
	return test_read_file(path, NULL);
}

static void assert_file(const char *path, const char *want)
{
	char *got = slurp(path);
	if (!want) {
		if (got)
			fail_msg("%s: there, and should not be", path);
		return;
	}
	if (!got)
		fail_msg("%s: missing", path);
	assert_string_equal(got, want);
	free(got);
}

/* The names in directory `d` but "." and "..", one string, sorted: what
 * a run left there. */
static char *listing(const char *d)
{
	struct dirent **v;
	int n = scandir(d, &v, NULL, alphasort);
	assert_true(n >= 0);
	size_t len = 1;
	for (int i = 0; i < n; i++)
		len += strlen(v[i]->d_name) + 1;
	char *s = calloc(1, len);
	assert_non_null(s);
	for (int i = 0; i < n; i++) {
		if (strcmp(v[i]->d_name, ".") && strcmp(v[i]->d_name, "..")) {
			strcat(s, v[i]->d_name);
			strcat(s, " ");
		}
		free(v[i]);
	}
	free(v);
	return s;
}

static void assert_listing(const char *d, const char *want)
{
	char *got = listing(d);
	assert_string_equal(got, want);
	free(got);
}

static int remove_one(const char *p, const struct stat *st, int flag,
		      struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static void remove_tree(const char *path)
{
	if (access(path, F_OK) == 0)
		assert_int_equal(nftw(path, remove_one, 16,
				      FTW_DEPTH | FTW_PHYS),
				 0);
}

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/test_state_oom.XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	const char *x = getenv("XDG_STATE_HOME");
	saved_xdg = x ? strdup(x) : NULL;
	setenv("XDG_STATE_HOME", dir, 1);
	snprintf(reference, PATH_SIZE, "%s/reference.state", dir);
	snprintf(load_dir, PATH_SIZE, "%s/load", dir);
	snprintf(load_file, PATH_SIZE, "%s/load/x.state", dir);
	snprintf(load_aside, PATH_SIZE, "%s/load/x.state.corrupt", dir);
	snprintf(save_dir, PATH_SIZE, "%s/save", dir);
	snprintf(save_file, PATH_SIZE, "%s/save/x.state", dir);
	snprintf(id_file, PATH_SIZE, "%s/kanbao/%s.state", dir, id);
	make_full(&full);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	state_free(&full);
	if (saved_xdg)
		setenv("XDG_STATE_HOME", saved_xdg, 1);
	else
		unsetenv("XDG_STATE_HOME");
	free(saved_xdg);
	return nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* The bytes state_save writes for `s`, saved with memory enough. */
static char *saved_text(const struct state *s, const char *corpus)
{
	struct err e = { 0 };
	const char *path = reference;
	assert_int_equal(state_save(path, s, corpus, &e), ERR_OK);
	char *text = slurp(path);
	assert_int_equal(unlink(path), 0);
	return text;
}

/* A message of running out: the file, and what the C library calls it
 * (fdopen's ENOMEM) or what we do. */
static void assert_nomem_msg(const char *msg, const char *path)
{
	if (!strstr(msg, path) || (!strstr(msg, "out of memory") &&
				   !strstr(msg, strerror(ENOMEM))))
		fail_msg("not a message of running out: %s", msg);
}

/* ---- loading ---- */

struct load_ctx {
	const char *path; /* the state file */
	const char *text; /* written there before each run */
	struct state s; /* what the run loaded */
	struct err e;
};

static void load_prepare(void *p)
{
	struct load_ctx *x = p;
	remove_tree(load_dir);
	assert_int_equal(mkdir(load_dir, 0700), 0);
	spit(x->path, x->text);
	memset(&x->e, 0, sizeof x->e);
}

static int load_run(void *p)
{
	struct load_ctx *x = p;
	return state_load(x->path, &x->s, &x->e);
}

/* A good file: loaded whole, or not at all and left where it was. */
static void load_check(void *p, int rc, const struct oom_run *how)
{
	struct load_ctx *x = p;
	if (how->failures) {
		if (rc != ERR_NOMEM)
			fail_msg("call %lu failing: %d (%s), not ERR_NOMEM",
				 how->n, rc, x->e.msg);
		assert_nomem_msg(x->e.msg, x->path);
		assert_state_empty(&x->s);
	} else {
		assert_state_equal(&x->s, &full);
	}
	/* the file as it was, and nothing set aside */
	assert_file(x->path, x->text);
	assert_listing(load_dir, "x.state ");
	state_free(&x->s);
}

static void test_load(void **state)
{
	(void)state;
	char *text = saved_text(&full, "/home/li/news.kb");
	struct load_ctx x = { .path = load_file, .text = text };
	oom_test(&(struct oom_case){
		.name = "state_load: 80 read ranges, 40 bookmarks",
		.prepare = load_prepare,
		.run = load_run,
		.check = load_check,
		.ctx = &x,
	});
	free(text);
}

/* A corrupt file: set aside with a message, or, when there was no memory
 * to do even that, left where it was. */
static void corrupt_check(void *p, int rc, const struct oom_run *how)
{
	struct load_ctx *x = p;
	assert_state_empty(&x->s);
	if (rc == ERR_NOMEM && how->failures) {
		assert_nomem_msg(x->e.msg, x->path);
		assert_file(x->path, x->text);
		assert_listing(load_dir, "x.state ");
		return;
	}
	if (rc != ERR_CORRUPT)
		fail_msg("call %lu failing: %d (%s), not ERR_CORRUPT", how->n,
			 rc, x->e.msg);
	/* the file, what is wrong and where, and that it was set aside */
	assert_non_null(strstr(x->e.msg, x->path));
	if (!strstr(x->e.msg, "line 5: ") || !strstr(x->e.msg, "not a number"))
		fail_msg("call %lu failing: '%s' does not say what is wrong",
			 how->n, x->e.msg);
	assert_non_null(strstr(x->e.msg, "set aside as x.state.corrupt"));
	assert_file(load_aside, x->text);
	assert_listing(load_dir, "x.state.corrupt ");
}

static void test_load_corrupt(void **state)
{
	(void)state;
	/* read marks and bookmarks before the line that is wrong */
	static const char text[] = "kanbao-state 1\n"
				   "read 0-4 9 12-15 20\n"
				   "bookmark 1 2 3 4\n"
				   "bookmark 5 6 7 8\n"
				   "place article 1 2 three\n"
				   "end\n";
	struct load_ctx x = { .path = load_file, .text = text };
	oom_test(&(struct oom_case){
		.name = "state_load of a corrupt file",
		.prepare = load_prepare,
		.run = load_run,
		.check = corrupt_check,
		.ctx = &x,
		.clean = ERR_CORRUPT,
	});
}

/* ---- saving ---- */

struct save_ctx {
	const char *path; /* where to save */
	const char *old; /* what is there before the run (NULL: nothing, nor
			    the directory) */
	const char *text; /* what the save writes */
	int bare; /* path is a bare file name, in save_dir made the working
		     directory */
	unsigned long before_rename; /* allocation calls up to the rename */
	struct err e;
};

static void save_prepare(void *p)
{
	struct save_ctx *x = p;
	remove_tree(save_dir);
	if (x->old) {
		assert_int_equal(mkdir(save_dir, 0700), 0);
		if (x->bare)
			assert_int_equal(chdir(save_dir), 0);
		spit(x->path, x->old);
	}
	memset(&x->e, 0, sizeof x->e);
}

static int save_run(void *p)
{
	struct save_ctx *x = p;
	return state_save(x->path, &full, "/home/li/news.kb", &x->e);
}

static void save_check(void *p, int rc, const struct oom_run *how)
{
	struct save_ctx *x = p;
	if (how->failures && how->n <= x->before_rename) {
		/* before the new file took the old one's name: as it was */
		if (rc != ERR_NOMEM)
			fail_msg("call %lu failing: %d (%s), not ERR_NOMEM",
				 how->n, rc, x->e.msg);
		assert_nomem_msg(x->e.msg, x->path);
		assert_file(x->path, x->old);
		/* and no temporary file */
		if (x->old)
			assert_listing(save_dir, "x.state ");
		else if (access(save_dir, F_OK) == 0)
			assert_listing(save_dir, "");
		return;
	}
	/* After it, what fails is tidying up (syncing the directory,
	 * removing stale temporary files): the save is done. */
	if (rc != ERR_OK)
		fail_msg("call %lu failing, after the rename: %d (%s)", how->n,
			 rc, x->e.msg);
	assert_file(x->path, x->text);
	assert_listing(save_dir, "x.state ");
}

/* The calls state_save_tmp makes: those before the rename. */
static unsigned long calls_before_rename(const char *path)
{
	struct err e = { 0 };
	char *tmp;
	oom_arm(0, OOM_ONE);
	enum err_code rc = state_save_tmp(path, &full, "/home/li/news.kb",
					  &tmp, &e);
	unsigned long calls = oom_calls();
	oom_disarm();
	assert_int_equal(rc, ERR_OK);
	assert_int_equal(unlink(tmp), 0);
	free(tmp);
	return calls;
}

static void try_save(const char *name, const char *old, int bare)
{
	struct save_ctx x = { .path = bare ? "x.state" : save_file,
			      .old = old, .bare = bare };
	char *text = saved_text(&full, "/home/li/news.kb");
	x.text = text;
	save_prepare(&x);
	x.before_rename = calls_before_rename(x.path);
	oom_test(&(struct oom_case){
		.name = name,
		.prepare = save_prepare,
		.run = save_run,
		.check = save_check,
		.ctx = &x,
	});
	free(text);
}

static void test_save_over(void **state)
{
	(void)state;
	try_save("state_save over an older file",
		 "kanbao-state 1\nsort corpus\nread 7\nend\n", 0);
}

/* A path with no directory in it: the working directory's file. */
static void test_save_bare_name(void **state)
{
	(void)state;
	char cwd[PATH_SIZE];
	assert_non_null(getcwd(cwd, sizeof cwd));
	try_save("state_save to a bare file name",
		 "kanbao-state 1\nsort corpus\nread 7\nend\n", 1);
	assert_int_equal(chdir(cwd), 0);
}

static void test_save_new_dir(void **state)
{
	(void)state;
	try_save("state_save into a directory not made yet", NULL, 0);
}

/* ---- a save merged with another reader's ---- */

struct merged_ctx {
	const char *old; /* the other reader's file */
	char *want; /* the merged file, saved with memory enough */
	struct state out; /* what the run saved */
	struct err e;
};

static const struct state empty_state;

static void merged_prepare(void *p)
{
	struct merged_ctx *x = p;
	remove_tree(save_dir);
	assert_int_equal(mkdir(save_dir, 0700), 0);
	spit(save_file, x->old);
	memset(&x->e, 0, sizeof x->e);
}

static int merged_run(void *p)
{
	struct merged_ctx *x = p;
	return state_save_merged(save_file, &empty_state, &full,
				 "/home/li/news.kb", &x->out, &x->e);
}

/* Either it ran out before the rename (the other reader's file as it
 * was, nothing returned) or it saved the merge; no temporary file. */
static void merged_check(void *p, int rc, const struct oom_run *how)
{
	struct merged_ctx *x = p;
	(void)how;
	if (rc != ERR_OK) {
		if (rc != ERR_NOMEM)
			fail_msg("call %lu failing: %d (%s), not ERR_NOMEM",
				 how->n, rc, x->e.msg);
		assert_file(save_file, x->old);
		assert_state_empty(&x->out);
	} else {
		assert_file(save_file, x->want);
		state_free(&x->out);
	}
	/* the lock file, once made, stays; no temporary file */
	char *l = listing(save_dir);
	if (strcmp(l, "x.state x.state.lock ") && strcmp(l, "x.state "))
		fail_msg("left in the directory: %s", l);
	free(l);
}

static void test_save_merged(void **state)
{
	(void)state;
	struct merged_ctx x = {
		.old = "kanbao-state 1\nsort corpus\nread 2 500\nend\n"
	};
	merged_prepare(&x);
	assert_int_equal(merged_run(&x), ERR_OK);
	/* the other reader's 2 and 500 kept beside this one's marks */
	assert_true(state_is_read(&x.out, 2) && state_is_read(&x.out, 500));
	x.want = slurp(save_file);
	state_free(&x.out);
	oom_test(&(struct oom_case){
		.name = "state_save_merged over another reader's file",
		.prepare = merged_prepare,
		.run = merged_run,
		.check = merged_check,
		.ctx = &x,
	});
	free(x.want);
}

/* ---- the file's path ---- */

struct path_ctx {
	char *path;
	struct err e;
};

static int path_run(void *p)
{
	struct path_ctx *x = p;
	return state_path(id, &x->path, &x->e);
}

static void path_check(void *p, int rc, const struct oom_run *how)
{
	struct path_ctx *x = p;
	if (how->failures) {
		assert_int_equal(rc, ERR_NOMEM);
		assert_null(x->path);
		return;
	}
	assert_string_equal(x->path, id_file);
	free(x->path);
}

static void test_state_path(void **state)
{
	(void)state;
	struct path_ctx x = { 0 };
	oom_test(&(struct oom_case){
		.name = "state_path",
		.run = path_run,
		.check = path_check,
		.ctx = &x,
	});
}

/* ---- the state of a corpus this one continues ---- */

struct continued_ctx {
	char *found;
	struct err e;
};

static int any_shape(void *ctx, const struct state_shape *s)
{
	(void)ctx;
	return s->articles == 7;
}

static void continued_prepare(void *p)
{
	(void)p;
	char path[PATH_SIZE + 32];
	char kdir[PATH_SIZE];
	snprintf(kdir, sizeof kdir, "%s/kanbao", dir);
	mkdir(kdir, 0700);
	snprintf(path, sizeof path, "%s/seven.state", kdir);
	spit(path, "kanbao-state 1\nshape 7 70 700\nend\n");
	snprintf(path, sizeof path, "%s/eight.state", kdir);
	spit(path, "kanbao-state 1\nshape 8 80 800\nend\n");
}

static int continued_run(void *p)
{
	struct continued_ctx *x = p;
	return state_find_continued(any_shape, NULL, &x->found, &x->e);
}

static void continued_check(void *p, int rc, const struct oom_run *how)
{
	struct continued_ctx *x = p;
	if (how->failures) {
		assert_int_equal(rc, ERR_NOMEM);
		assert_null(x->found);
		assert_non_null(strstr(x->e.msg, "out of memory"));
		return;
	}
	assert_int_equal(rc, ERR_OK);
	assert_non_null(strstr(x->found, "/kanbao/seven.state"));
	free(x->found);
}

static void test_find_continued(void **state)
{
	(void)state;
	struct continued_ctx x = { 0 };
	oom_test(&(struct oom_case){
		.name = "state_find_continued",
		.prepare = continued_prepare,
		.run = continued_run,
		.check = continued_check,
		.ctx = &x,
	});
}

/* ---- what a shorter corpus cannot see ---- */

struct beyond_ctx {
	struct state mine;
	struct err e;
};

static void beyond_prepare(void *p)
{
	struct beyond_ctx *x = p;
	memset(&x->mine, 0, sizeof x->mine);
}

static int beyond_run(void *p)
{
	struct beyond_ctx *x = p;
	return state_keep_beyond(&x->mine, &full, 1, &x->e);
}

static void beyond_check(void *p, int rc, const struct oom_run *how)
{
	struct beyond_ctx *x = p;
	if (how->failures) {
		assert_int_equal(rc, ERR_NOMEM);
		assert_non_null(strstr(x->e.msg, "out of memory"));
	} else {
		assert_int_equal(rc, ERR_OK);
		assert_true(x->mine.nread + x->mine.nmarks + x->mine.nleft > 0);
	}
	state_free(&x->mine);
}

static void test_keep_beyond(void **state)
{
	(void)state;
	struct beyond_ctx x = { 0 };
	oom_test(&(struct oom_case){
		.name = "state_keep_beyond",
		.prepare = beyond_prepare,
		.run = beyond_run,
		.check = beyond_check,
		.ctx = &x,
	});
}

/* ---- changes in a session ---- */

/* A change to a copy of a state: made, or not made at all. */
struct change_ctx {
	const char *what;
	size_t article; /* the article marked or unmarked */
	int read; /* mark read, or unread; -1: add a bookmark instead */
	struct state base; /* the state before */
	struct state want; /* and after */
	struct state s; /* the copy the run changes */
	struct err e;
};

static void copy_state(struct state *to, const struct state *from)
{
	*to = *from;
	to->read = malloc((from->nread + 1) * sizeof *to->read);
	to->marks = malloc((from->nmarks + 1) * sizeof *to->marks);
	to->left = malloc((from->nleft + 1) * sizeof *to->left);
	assert_non_null(to->read);
	assert_non_null(to->marks);
	assert_non_null(to->left);
	memcpy(to->read, from->read, from->nread * sizeof *to->read);
	memcpy(to->marks, from->marks, from->nmarks * sizeof *to->marks);
	memcpy(to->left, from->left, from->nleft * sizeof *to->left);
}

static const struct state_bookmark new_mark = { 3, 1, 4, 1718999999 };

static int change(struct change_ctx *x, struct state *s)
{
	if (x->read < 0)
		return state_add_bookmark(s, &new_mark, &x->e);
	return state_set_read(s, x->article, x->read, &x->e);
}

static void change_prepare(void *p)
{
	struct change_ctx *x = p;
	copy_state(&x->s, &x->base);
	memset(&x->e, 0, sizeof x->e);
}

static int change_run(void *p)
{
	struct change_ctx *x = p;
	return change(x, &x->s);
}

static void change_check(void *p, int rc, const struct oom_run *how)
{
	struct change_ctx *x = p;
	if (how->failures) {
		assert_int_equal(rc, ERR_NOMEM);
		assert_non_null(strstr(x->e.msg, "out of memory"));
		assert_state_equal(&x->s, &x->base);
		/* and the session goes on: the same change with memory */
		assert_int_equal(change(x, &x->s), ERR_OK);
	}
	assert_state_equal(&x->s, &x->want);
	state_free(&x->s);
}

static void test_changes(void **state)
{
	(void)state;
	/* The full state's read marks are 0-1 3 6-7 ... 237: article 1000
	 * makes a range of its own at the end; 151 unread, once 152 is read
	 * (150-152), splits a range in two; a bookmark goes at the end. */
	static const struct {
		const char *what;
		size_t article;
		int read;
		size_t also; /* read first, in the state before (0: none) */
	} changes[] = {
		{ "state_set_read: an article of its own", 1000, 1, 0 },
		{ "state_set_read: unread in a range's middle", 151, 0, 152 },
		{ "state_add_bookmark", 0, -1, 0 },
	};
	for (size_t i = 0; i < sizeof changes / sizeof changes[0]; i++) {
		struct change_ctx x = { .what = changes[i].what,
					.article = changes[i].article,
					.read = changes[i].read };
		struct err e = { 0 };
		copy_state(&x.base, &full);
		if (changes[i].also)
			assert_int_equal(state_set_read(&x.base,
							changes[i].also, 1,
							&e),
					 ERR_OK);
		copy_state(&x.want, &x.base);
		assert_int_equal(change(&x, &x.want), ERR_OK);
		oom_test(&(struct oom_case){
			.name = x.what,
			.prepare = change_prepare,
			.run = change_run,
			.check = change_check,
			.ctx = &x,
		});
		state_free(&x.base);
		state_free(&x.want);
	}
}

/* The suite's figure for the note: every call site reached. */
static void test_sites(void **state)
{
	(void)state;
	print_message("all of state: %zu distinct call sites reached\n",
		      oom_sites_ever());
	assert_true(oom_sites_ever() > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_load_corrupt),
		cmocka_unit_test(test_save_over),
		cmocka_unit_test(test_save_new_dir),
		cmocka_unit_test(test_save_bare_name),
		cmocka_unit_test(test_save_merged),
		cmocka_unit_test(test_state_path),
		cmocka_unit_test(test_find_continued),
		cmocka_unit_test(test_keep_beyond),
		cmocka_unit_test(test_changes),
		cmocka_unit_test(test_sites),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
