/* walk: folders read through (see include/kanbao/build/walk.h). */
#include "kanbao/build/walk.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kanbao/base/array.h"

/* A folder read already, as its device and inode tell it. */
struct seen {
	dev_t dev;
	ino_t ino;
};

/* One walk: where it puts its files, the folders it has read. */
struct walk {
	struct walk_list *out;
	struct seen *seen;
	size_t nseen, capseen;
	struct diag *d;
};

static int push(struct walk_list *l, char *path)
{
	if (!path || array_grow(&l->v, &l->cap, l->n + 1, sizeof *l->v) < 0) {
		free(path);
		return -1;
	}
	l->v[l->n++] = path;
	return 0;
}

static char *join(const char *dir, const char *name)
{
	size_t dl = strlen(dir), nl = strlen(name);
	int slash = dl && dir[dl - 1] != '/';
	char *p = malloc(dl + slash + nl + 1);
	if (p) {
		memcpy(p, dir, dl);
		if (slash)
			p[dl] = '/';
		memcpy(p + dl + slash, name, nl + 1);
	}
	return p;
}

static int is_corpus(const char *name)
{
	size_t n = strlen(name);
	return n > 3 && !strcasecmp(name + n - 3, ".kb");
}

static int by_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Has folder `st` been read?  If not, it is now.  -1 when out of
 * memory. */
static int seen_before(struct walk *w, const struct stat *st)
{
	for (size_t i = 0; i < w->nseen; i++)
		if (w->seen[i].dev == st->st_dev && w->seen[i].ino == st->st_ino)
			return 1;
	if (array_grow(&w->seen, &w->capseen, w->nseen + 1, sizeof *w->seen) <
	    0)
		return -1;
	w->seen[w->nseen++] = (struct seen){ st->st_dev, st->st_ino };
	return 0;
}

/* Can the file at `path` be opened for reading? (else, a warning) */
static int readable(struct walk *w, const char *path)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		diag_warn(w->d, "%s: %s; left out", path, strerror(errno));
		return 0;
	}
	close(fd);
	return 1;
}

static int walk_dir(struct walk *w, const char *dir, const struct stat *st);

/* Entry `path` of a folder: a file taken, a folder read through. */
static int walk_entry(struct walk *w, char *path)
{
	struct stat st;
	if (stat(path, &st) < 0) {
		/* a link to nothing, or gone since the folder was read */
		diag_warn(w->d, "%s: %s; left out", path, strerror(errno));
	} else if (S_ISDIR(st.st_mode)) {
		int rc = walk_dir(w, path, &st);
		free(path);
		return rc;
	} else if (!S_ISREG(st.st_mode)) {
		diag_warn(w->d, "%s: not a regular file; left out", path);
	} else if (readable(w, path)) {
		return push(w->out, path);
	}
	free(path);
	return 0;
}

/* The files under folder `dir` (whose stat is `st`), appended to w->out
 * unsorted.  -1 when out of memory. */
static int walk_dir(struct walk *w, const char *dir, const struct stat *st)
{
	int seen = seen_before(w, st);
	if (seen)
		return seen < 0 ? -1 : 0;
	DIR *d = opendir(dir);
	if (!d) {
		if (errno == ENOMEM)
			return -1;
		diag_warn(w->d, "%s: %s; left out", dir, strerror(errno));
		return 0;
	}
	struct dirent *de;
	int rc = 0;
	while (!rc && (errno = 0, de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || is_corpus(de->d_name))
			continue;
		char *path = join(dir, de->d_name);
		rc = path ? walk_entry(w, path) : -1;
	}
	if (!rc && errno)
		diag_warn(w->d, "%s: %s; the rest of it left out", dir,
			  strerror(errno));
	closedir(d);
	return rc;
}

/* A file of the list, as its device and inode tell it, and where. */
struct file_id {
	dev_t dev;
	ino_t ino;
	size_t at;
};

static int by_id(const void *a, const void *b)
{
	const struct file_id *x = a, *y = b;
	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	return x->at < y->at ? -1 : x->at > y->at;
}

/* Leave out of `l` each file met before in it (the same file given
 * twice, named again inside a folder given, reached by a link), with a
 * warning naming both.  -1 when out of memory. */
static int drop_repeats(struct walk_list *l, struct diag *d)
{
	struct file_id *ids = malloc((l->n ? l->n : 1) * sizeof *ids);
	size_t *first = malloc((l->n ? l->n : 1) * sizeof *first);
	if (!ids || !first) {
		free(ids);
		free(first);
		return -1;
	}
	size_t n = 0;
	for (size_t i = 0; i < l->n; i++) {
		struct stat st;
		first[i] = i;
		if (strcmp(l->v[i], "-") && !stat(l->v[i], &st) &&
		    S_ISREG(st.st_mode))
			ids[n++] = (struct file_id){ st.st_dev, st.st_ino, i };
	}
	qsort(ids, n, sizeof *ids, by_id);
	for (size_t i = 1; i < n; i++)
		if (ids[i].dev == ids[i - 1].dev && ids[i].ino == ids[i - 1].ino)
			first[ids[i].at] = first[ids[i - 1].at];
	for (size_t i = 0; i < l->n; i++)
		if (first[i] != i)
			diag_warn(d, "%s: the same file as %s, given before; "
				  "read once", l->v[i], l->v[first[i]]);
	size_t kept = 0;
	for (size_t i = 0; i < l->n; i++)
		if (first[i] == i)
			l->v[kept++] = l->v[i];
		else
			free(l->v[i]);
	l->n = kept;
	free(ids);
	free(first);
	return 0;
}

enum err_code walk_inputs(const char *const *paths, size_t n, struct diag *d,
			  struct walk_list *out, struct err *e)
{
	struct walk w = { out, NULL, 0, 0, d };
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		struct stat st;
		if (strcmp(paths[i], "-") && !stat(paths[i], &st) &&
		    S_ISDIR(st.st_mode)) {
			size_t from = out->n;
			/* each folder given is read whole, even one met
			 * inside another given before */
			w.nseen = 0;
			rc = walk_dir(&w, paths[i], &st);
			if (out->n > from)
				qsort(out->v + from, out->n - from,
				      sizeof *out->v, by_path);
			if (!rc && out->n == from) {
				free(w.seen);
				return err_set(e, ERR_NOENT, "%s: a folder "
					       "with no file to read in it",
					       paths[i]);
			}
		} else {
			char *p = strdup(paths[i]);
			rc = p ? push(out, p) : -1;
		}
	}
	free(w.seen);
	if (!rc)
		rc = drop_repeats(out, d);
	return rc ? err_set(e, ERR_NOMEM, "out of memory") : ERR_OK;
}

void walk_list_free(struct walk_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}
