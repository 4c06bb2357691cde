/* corpus_set: several corpus files read as one (see
 * include/kanbao/format/corpus_set.h).
 *
 * The set keeps, for each file, where it begins in the set's numbering of
 * articles, blocks and TEXT bytes; an accessor finds the file by a binary
 * search over those and asks it, then moves what it answers by the same
 * amount.  Opening reads each file's header and SUMS alone
 * (corpus_open_header); a file is mapped when first read. */
#include "kanbao/format/corpus_set.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <xxhash.h>

#include "kanbao/base/array.h"

struct corpus_set {
	struct corpus **part; /* the files, in order (owned) */
	size_t n; /* files: at least 2 */
	/* n + 1 each: what the files before file k hold, then the totals */
	uint64_t *article, *block, *text;
	uint64_t index; /* INDEX bytes of all the files */
	uint64_t *starts; /* corpus_article_starts' table, once made
			     (atomically: two threads may ask) */
};

void corpus_set_free(struct corpus_set *s)
{
	if (!s)
		return;
	for (size_t k = 0; k < s->n; k++)
		corpus_close(s->part[k]);
	free(s->part);
	free(s->article);
	free(s->block);
	free(s->text);
	free(s->starts);
	free(s);
}

/* A set of the n files `parts` (its own copy of the array), their places
 * counted; NULL when out of memory.  It holds no file until corpus_join
 * sets `n`, so that freeing it before closes none. */
static struct corpus_set *set_new(struct corpus **parts, size_t n)
{
	struct corpus_set *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->part = malloc(n * sizeof *s->part);
	s->article = malloc((n + 1) * sizeof *s->article);
	s->block = malloc((n + 1) * sizeof *s->block);
	s->text = malloc((n + 1) * sizeof *s->text);
	if (!s->part || !s->article || !s->block || !s->text) {
		corpus_set_free(s);
		return NULL;
	}
	memcpy(s->part, parts, n * sizeof *s->part);
	uint64_t a = 0, b = 0, t = 0;
	for (size_t k = 0; k < n; k++) {
		s->article[k] = a, s->block[k] = b, s->text[k] = t;
		/* each part is a file mapped in this process: the sums
		 * cannot wrap */
		a += corpus_article_count(parts[k]);
		b += corpus_block_count(parts[k]);
		t += corpus_text_size(parts[k]);
		s->index += corpus_index_size(parts[k]);
	}
	s->article[n] = a, s->block[n] = b, s->text[n] = t;
	return s;
}

enum err_code corpus_join(struct corpus **parts, size_t n, const char *name,
			  struct corpus **out, struct err *e)
{
	enum err_code rc = n ? ERR_OK : err_set(e, ERR_USAGE, "%s: a set of "
						"no files", name);
	for (size_t k = 0; k < n && !rc; k++)
		if (corpus_parts(parts[k]) != 1)
			rc = err_set(e, ERR_USAGE, "%s: a set inside a set",
				     corpus_name(parts[k]));
	if (!rc && n == 1) {
		*out = parts[0];
		return ERR_OK;
	}
	struct corpus_set *s = rc ? NULL : set_new(parts, n);
	if (!rc && !s)
		rc = err_set(e, ERR_NOMEM, "%s: out of memory", name);
	/* an article's first block is a u32 (corpus_article) */
	if (!rc && s->block[n] > UINT32_MAX)
		rc = err_set(e, ERR_TOOBIG, "%s: more than %" PRIu32 " blocks "
			     "in all: too much text for one set", name,
			     (uint32_t)UINT32_MAX);
	if (rc) {
		corpus_set_free(s);
		for (size_t k = 0; k < n; k++)
			corpus_close(parts[k]);
		return rc;
	}
	s->n = n; /* the files are the set's from here on */
	return corpus_of_set(s, name, out, e);
}

size_t corpus_set_parts(const struct corpus_set *s)
{
	return s->n;
}

/* The file holding item x of a numbering `v` (articles, blocks or TEXT
 * bytes before each file), x below the total: the last file that starts
 * at or before it, so that files holding none are passed over. */
static size_t part_of(const struct corpus_set *s, const uint64_t *v,
		      uint64_t x)
{
	return array_upper_u64(v, s->n, x) - 1;
}

struct corpus *corpus_set_part(const struct corpus_set *s, size_t k,
			       struct corpus_base *at)
{
	*at = (struct corpus_base){ (size_t)s->article[k],
				    (size_t)s->block[k], s->text[k] };
	return s->part[k];
}

size_t corpus_set_article_count(const struct corpus_set *s)
{
	return (size_t)s->article[s->n];
}

size_t corpus_set_block_count(const struct corpus_set *s)
{
	return (size_t)s->block[s->n];
}

uint64_t corpus_set_text_size(const struct corpus_set *s)
{
	return s->text[s->n];
}

uint64_t corpus_set_index_size(const struct corpus_set *s)
{
	return s->index;
}

enum err_code corpus_set_text(struct corpus_set *s, const char *name,
			      uint64_t off, uint64_t len, const uint8_t **out,
			      struct err *e)
{
	uint64_t all = s->text[s->n];
	if (off > all || len > all - off)
		return err_set(e, ERR_CORRUPT, "%s: %" PRIu64 " bytes at %"
			       PRIu64 " lie outside TEXT (%" PRIu64 " bytes)",
			       name, len, off, all);
	/* at the very end, the last file's end */
	size_t k = off < all ? part_of(s, s->text, off) : s->n - 1;
	if (off + len > s->text[k + 1])
		return err_set(e, ERR_CORRUPT, "%s: %" PRIu64 " bytes at %"
			       PRIu64 " of TEXT run from one file into the "
			       "next", name, len, off);
	return corpus_text(s->part[k], off - s->text[k], len, out, e);
}

enum err_code corpus_set_article(struct corpus_set *s, const char *name,
				 size_t i, struct corpus_article *out,
				 struct err *e)
{
	if (i >= s->article[s->n])
		return err_set(e, ERR_USAGE, "%s: no article %zu (there are "
			       "%" PRIu64 ")", name, i, s->article[s->n]);
	size_t k = part_of(s, s->article, i);
	enum err_code rc = corpus_article(s->part[k], i - s->article[k], out,
					  e);
	if (!rc) { /* in the u32 range: corpus_join checked the total */
		out->first_block += (uint32_t)s->block[k];
		out->start += s->text[k];
	}
	return rc;
}

enum err_code corpus_set_title(struct corpus_set *s, const char *name,
			       size_t i, struct corpus_str *title,
			       uint32_t *flags, int *plain, struct err *e)
{
	if (i >= s->article[s->n])
		return err_set(e, ERR_USAGE, "%s: no article %zu (there are "
			       "%" PRIu64 ")", name, i, s->article[s->n]);
	size_t k = part_of(s, s->article, i);
	return corpus_title(s->part[k], i - s->article[k], title, flags, plain,
			    e);
}

/* Block j through `get` (corpus_block or corpus_block_record) of the file
 * it is in, moved to the set's TEXT. */
static enum err_code set_block(struct corpus_set *s, const char *name,
			       size_t j, struct corpus_block *out,
			       enum err_code (*get)(struct corpus *, size_t,
						    struct corpus_block *,
						    struct err *),
			       struct err *e)
{
	if (j >= s->block[s->n])
		return err_set(e, ERR_USAGE, "%s: no block %zu (there are "
			       "%" PRIu64 ")", name, j, s->block[s->n]);
	size_t k = part_of(s, s->block, j);
	enum err_code rc = get(s->part[k], j - s->block[k], out, e);
	if (!rc)
		out->offset += s->text[k];
	return rc;
}

enum err_code corpus_set_block(struct corpus_set *s, const char *name,
			       size_t j, struct corpus_block *out,
			       struct err *e)
{
	return set_block(s, name, j, out, corpus_block, e);
}

enum err_code corpus_set_block_record(struct corpus_set *s, const char *name,
				      size_t j, struct corpus_block *out,
				      struct err *e)
{
	return set_block(s, name, j, out, corpus_block_record, e);
}

enum err_code corpus_set_article_starts(struct corpus_set *s,
					const uint64_t **starts,
					struct err *e)
{
	uint64_t *made = __atomic_load_n(&s->starts, __ATOMIC_ACQUIRE);
	if (made) {
		*starts = made;
		return ERR_OK;
	}
	size_t all = (size_t)s->article[s->n];
	uint64_t *v = array_new_large(all + 1, sizeof *v, 0);
	if (!v)
		return err_set(e, ERR_NOMEM, "out of memory");
	/* each file's table, moved by its place in TEXT: its last entry
	 * (its TEXT's end) is where the next file's text starts */
	for (size_t k = 0; k < s->n; k++) {
		const uint64_t *p;
		enum err_code rc = corpus_article_starts(s->part[k], &p, e);
		if (rc) {
			free(v);
			return rc;
		}
		size_t first = (size_t)s->article[k];
		for (size_t i = 0; i < s->article[k + 1] - first; i++)
			v[first + i] = p[i] + s->text[k];
	}
	v[all] = s->text[s->n];
	/* Another thread may have made it meanwhile: keep the first. */
	if (!__atomic_compare_exchange_n(&s->starts, &made, v, 0,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		free(v);
		v = made;
	}
	*starts = v;
	return ERR_OK;
}

enum err_code corpus_set_identity(struct corpus_set *s, const char *name,
				  char out[33], struct err *e)
{
	XXH3_state_t *st = XXH3_createState();
	if (!st)
		return err_set(e, ERR_NOMEM, "%s: out of memory", name);
	int bad = XXH3_128bits_reset(st) != XXH_OK;
	for (size_t k = 0; k < s->n && !bad; k++) {
		char id[33];
		enum err_code rc = corpus_identity(s->part[k], id, e);
		if (rc) {
			XXH3_freeState(st);
			return rc;
		}
		bad = XXH3_128bits_update(st, id, 32) != XXH_OK;
	}
	XXH128_hash_t h = XXH3_128bits_digest(st);
	XXH3_freeState(st);
	if (bad)
		return err_set(e, ERR_IO, "%s: cannot hash the identities",
			       name);
	snprintf(out, 33, "%016" PRIx64 "%016" PRIx64, (uint64_t)h.high64,
		 (uint64_t)h.low64);
	return ERR_OK;
}

enum err_code corpus_set_verify(struct corpus_set *s, struct err *e)
{
	for (size_t k = 0; k < s->n; k++) {
		enum err_code rc = corpus_verify(s->part[k], e);
		if (rc)
			return rc;
	}
	return ERR_OK;
}

/* ---- opening ------------------------------------------------------------*/

/* The files to open, each with what identifies it on its device, so that
 * a file named twice (a directory and a file in it) is caught. */
struct name {
	char *path; /* malloc'd */
	dev_t dev;
	ino_t ino;
};

struct names {
	struct name *v;
	size_t n, cap;
};

static void names_free(struct names *l)
{
	for (size_t k = 0; k < l->n; k++)
		free(l->v[k].path);
	free(l->v);
}

/* Take `path` (malloc'd, taken over; NULL when out of memory) as the next
 * file. */
static enum err_code names_add(struct names *l, char *path, struct err *e)
{
	if (!path || array_grow(&l->v, &l->cap, l->n + 1, sizeof *l->v) < 0) {
		free(path);
		return err_set(e, ERR_NOMEM, "out of memory");
	}
	struct stat st;
	/* a file that cannot be stat'ed is left for corpus_open to name */
	int known = !stat(path, &st);
	for (size_t k = 0; known && k < l->n; k++)
		if (l->v[k].dev == st.st_dev && l->v[k].ino == st.st_ino) {
			enum err_code rc = err_set(e, ERR_USAGE, "%s: the same "
						   "file as %s, given again",
						   path, l->v[k].path);
			free(path);
			return rc;
		}
	l->v[l->n++] = (struct name){ path, known ? st.st_dev : 0,
				      known ? st.st_ino : 0 };
	return ERR_OK;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_corpus_name(const char *s)
{
	size_t n = strlen(s);
	return s[0] != '.' && n > 3 && !strcmp(s + n - 3, ".kb");
}

/* The "*.kb" files of directory `dir`, in name order, added to `l`. */
static enum err_code add_dir(struct names *l, const char *dir, struct err *e)
{
	DIR *d = opendir(dir);
	if (!d && errno == ENOMEM)
		return err_set(e, ERR_NOMEM, "%s: out of memory", dir);
	if (!d)
		return err_errno(e, errno, "%s", dir);
	char **found = NULL;
	size_t n = 0, cap = 0;
	enum err_code rc = ERR_OK;
	struct dirent *de;
	size_t dlen = strlen(dir);
	const char *sep = dlen && dir[dlen - 1] == '/' ? "" : "/";
	while (!rc && (errno = 0, de = readdir(d)) != NULL) {
		if (!is_corpus_name(de->d_name))
			continue;
		char *p = malloc(dlen + strlen(de->d_name) + 2);
		if (!p || array_grow(&found, &cap, n + 1, sizeof *found) < 0) {
			free(p);
			rc = err_set(e, ERR_NOMEM, "out of memory");
			break;
		}
		sprintf(p, "%s%s%s", dir, sep, de->d_name);
		/* a directory named *.kb is no day of the set */
		struct stat st;
		if (!stat(p, &st) && S_ISDIR(st.st_mode))
			free(p);
		else
			found[n++] = p;
		errno = 0;
	}
	if (!rc && errno)
		rc = err_errno(e, errno, "%s", dir);
	closedir(d);
	if (!rc && !n)
		rc = err_set(e, ERR_NOENT, "%s: a directory with no corpus "
			     "file (*.kb) in it", dir);
	if (!rc)
		qsort(found, n, sizeof *found, by_name);
	size_t k = 0;
	for (; k < n && !rc; k++)
		rc = names_add(l, found[k], e);
	for (; k < n; k++)
		free(found[k]);
	free(found);
	return rc;
}

/* The set's name: its one path, or the first and how many more. */
static char *set_name(const char *const *paths, size_t n)
{
	size_t len = strlen(paths[0]) + 32;
	char *s = malloc(len);
	if (s && n == 1)
		snprintf(s, len, "%s", paths[0]);
	else if (s)
		snprintf(s, len, "%s + %zu more", paths[0], n - 1);
	return s;
}

enum err_code corpus_open_set(const char *const *paths, size_t n,
			      struct corpus **out, struct err *e)
{
	struct names l = { 0 };
	enum err_code rc = n ? ERR_OK
			     : err_set(e, ERR_USAGE, "no corpus files given");
	for (size_t k = 0; k < n && !rc; k++) {
		struct stat st;
		if (!stat(paths[k], &st) && S_ISDIR(st.st_mode))
			rc = add_dir(&l, paths[k], e);
		else
			rc = names_add(&l, strdup(paths[k]), e);
	}
	struct corpus **parts = NULL;
	if (!rc && !(parts = calloc(l.n, sizeof *parts)))
		rc = err_set(e, ERR_NOMEM, "out of memory");
	size_t opened = 0;
	/* a file of several is mapped when it is first read: opening reads
	 * its header and SUMS alone */
	for (; !rc && opened < l.n; opened++)
		rc = (l.n == 1 ? corpus_open : corpus_open_header)(
			l.v[opened].path, &parts[opened], e);
	if (rc && parts) {
		/* the one that failed opened nothing */
		for (size_t k = 0; k + 1 < opened; k++)
			corpus_close(parts[k]);
	}
	char *name = rc ? NULL : set_name(paths, n);
	if (!rc && !name) {
		for (size_t k = 0; k < l.n; k++)
			corpus_close(parts[k]);
		rc = err_set(e, ERR_NOMEM, "out of memory");
	}
	if (!rc)
		rc = corpus_join(parts, l.n, name, out, e);
	free(name);
	free(parts);
	names_free(&l);
	return rc;
}
