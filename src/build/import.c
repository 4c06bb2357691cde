/* import: raw newspaper text in, articles out (see include/kanbao/build/import.h).
 * This file runs the stages, one module each; the rules are theirs. */
#include "kanbao/build/import.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kanbao/base/array.h"
#include "kanbao/build/assemble.h"
#include "kanbao/build/blocks.h"
#include "kanbao/base/buf.h"
#include "kanbao/build/cues.h"
#include "kanbao/build/decode.h"
#include "kanbao/build/lines.h"
#include "kanbao/build/roles.h"
#include "kanbao/build/source.h"
#include "kanbao/build/interleave.h"
#include "kanbao/base/width.h"

/* Raw files larger than this are refused: the builder holds a file in
 * memory a few times over while it works. */
#define IMPORT_MAX_FILE ((size_t)4 << 30)

static void debugf(const struct import_opts *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void debugf(const struct import_opts *o, const char *fmt, ...)
{
	if (!o->debug)
		return;
	char line[320];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	for (char *p = line; *p; p++)
		if (*p == '\n')
			*p = '|';
	o->debug(line);
}

/* A piece of text cut to at most `cols` columns, for debug lines. */
static int cut(const char *s, size_t n, size_t cols)
{
	size_t w;
	return (int)width_fit(s, n, cols, &w);
}

static void debug_layout(const char *name, const struct lines *l,
			 const struct import_opts *o)
{
	static const char *const kinds[] = { "one paragraph per line",
					     "hard-wrapped",
					     "one sentence or clause per line" };
	if (!o->debug)
		return; /* the scan for each region's first line is not free */
	debugf(o, "%s: %u page%s%s, %zu region%s", name, l->pages,
	       l->pages == 1 ? "" : "s",
	       l->columns ? ", side-by-side columns cut apart" : "", l->nlays,
	       l->nlays == 1 ? "" : "s");
	/* each region's first line, in one pass: a scan per region is
	 * quadratic in a large file's regions */
	size_t *first = malloc((l->nlays ? l->nlays : 1) * sizeof *first);
	if (!first)
		return;
	for (size_t k = 0; k < l->nlays; k++)
		first[k] = l->n;
	for (size_t i = l->n; i-- > 0;)
		if (l->v[i].lay)
			first[l->v[i].lay - l->lays] = i;
	for (size_t k = 0; k < l->nlays; k++) {
		const struct layout *lay = &l->lays[k];
		debugf(o, "region %zu from line %zu: %s; full lines %zu columns, "
			  "first lines under %zu, lines going on %zu; %s, %s",
		       k + 1, first[k] < l->n ? l->v[first[k]].no : 0,
		       kinds[lay->kind], lay->full, lay->first, lay->cont,
		       lay->indents ? "indents start paragraphs"
				    : "indents say nothing",
		       lay->gaps ? "blank lines end paragraphs"
				 : "blank lines say nothing");
	}
	free(first);
}

/* An issue mark as found: its paper and page in the line's text, or in
 * `joined` (which grows, so offsets until the end). */
struct found {
	struct issue_mark m;
	int joined;
	size_t paper, page; /* offsets into joined */
};

static int push_found(struct found **v, size_t *n, size_t *cap,
		      struct found f)
{
	if (array_grow(v, cap, *n + 1, sizeof **v) < 0)
		return -1;
	(*v)[(*n)++] = f;
	return 0;
}

/* The issue lines of the text, furniture or not, in line order; and for
 * a page whose running head came out a box a line (人民日报 / 2023 年 5
 * 月 16 日 / 星期二 / 第2版), those lines read as one.  `joined` keeps the
 * text such a mark points into. */
static int find_marks(const struct lines *l, struct buf *joined,
		      struct issue_mark **out, size_t *n)
{
	struct found *f = NULL;
	size_t nf = 0, cap = 0;
	for (size_t i = 0; i < l->n;) {
		const struct line *x = &l->v[i];
		struct issue is;
		if (x->flags & LINE_ISSUE && cues_issue(x->s, x->len, &is)) {
			struct found one = { { x->no, x->page, is.date,
					       x->s + is.paper.at, is.paper.len,
					       x->s + is.page.at, is.page.len },
					     0, 0, 0 };
			if (push_found(&f, &nf, &cap, one) < 0)
				goto fail;
			i++;
			continue;
		}
		/* a run of furniture lines: read together */
		size_t j = i, start = joined->len;
		while (j < l->n && (!l->v[j].len ||
				    l->v[j].flags & LINE_FURNITURE)) {
			if (l->v[j].len && l->v[j].len <= 3 * 20) {
				if (joined->len > start)
					buf_putc(joined, ' ');
				buf_put(joined, l->v[j].s, l->v[j].len);
			}
			j++;
		}
		if (joined->failed)
			goto fail;
		if (j > i + 1 && joined->len > start &&
		    cues_issue(joined->p + start, joined->len - start, &is)) {
			struct found one = { { x->no, x->page, is.date, NULL,
					       is.paper.len, NULL,
					       is.page.len },
					     1, start + is.paper.at,
					     start + is.page.at };
			if (push_found(&f, &nf, &cap, one) < 0)
				goto fail;
		} else {
			joined->len = start;
		}
		i = j > i ? j : i + 1;
	}
	*out = malloc((nf ? nf : 1) * sizeof **out);
	if (!*out)
		goto fail;
	for (size_t k = 0; k < nf; k++) {
		(*out)[k] = f[k].m;
		if (f[k].joined) {
			(*out)[k].paper = joined->p + f[k].paper;
			(*out)[k].pageno = joined->p + f[k].page;
		}
	}
	*n = nf;
	free(f);
	return 0;
fail:
	free(f);
	return -1;
}

/* The units of the blocks: a block, or blocks interleave_link joined into one
 * paragraph, in chains that read on. */
struct units {
	struct unit *u;
	struct buf *text; /* each unit's text, when it joins blocks (one
			     block's unit is that block's text) */
	size_t n;
	size_t *chain; /* nchains + 1 starts */
	size_t nchains;
};

static void free_units(struct units *x)
{
	for (size_t i = 0; x->text && i < x->n; i++)
		buf_free(&x->text[i]);
	free(x->u);
	free(x->text);
	free(x->chain);
	memset(x, 0, sizeof *x);
}

static int make_units(const struct blocks *bs, const size_t *next,
		      const unsigned char *join, struct units *x)
{
	size_t n = bs->n;
	unsigned char *has_pred = calloc(n ? n : 1, 1);
	x->u = calloc(n ? n : 1, sizeof *x->u);
	x->text = calloc(n ? n : 1, sizeof *x->text);
	x->chain = malloc((n + 1) * sizeof *x->chain);
	if (!has_pred || !x->u || !x->text || !x->chain) {
		free(has_pred);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		if (next[i] != INTERLEAVE_END)
			has_pred[next[i]] = 1;
	for (size_t h = 0; h < n; h++) {
		if (has_pred[h])
			continue;
		x->chain[x->nchains++] = x->n;
		int joins = 0; /* the block before reads on into this one */
		for (size_t k = h; k != INTERLEAVE_END; k = next[k]) {
			const struct block *b = &bs->v[k];
			struct unit *u = &x->u[x->n];
			struct buf *t = &x->text[x->n];
			if (joins) {
				/* only a unit of blocks joined has text of
				 * its own; a unit of one block is its text */
				u = &x->u[x->n - 1];
				t = &x->text[x->n - 1];
				const struct block *f = &bs->v[u->first];
				if (!t->len)
					buf_put(t, f->text.p, f->text.len);
				buf_putc(t, '\n');
				buf_put(t, b->text.p, b->text.len);
				if (t->failed) {
					free(has_pred);
					return -1;
				}
				u->nlines += b->nlines;
				if (b->width > u->width)
					u->width = b->width;
			} else {
				*u = (struct unit){ NULL, 0, k, k, b->line,
						    b->nlines, b->indent, b->gap,
						    b->width, b->page, 0, b->lay,
						    b->cut };
				x->n++;
			}
			u->last = k;
			u->flags = b->flags;
			joins = join[k];
		}
	}
	x->chain[x->nchains] = x->n;
	for (size_t i = 0; i < x->n; i++) {
		const struct buf *t = &x->text[i];
		if (!t->len)
			t = &bs->v[x->u[i].first].text;
		x->u[i].s = t->p ? t->p : "";
		x->u[i].len = t->len;
	}
	free(has_pred);
	return 0;
}

static enum err_code import_text(const char *name, const char *text,
				 size_t len, const struct import_opts *o,
				 struct article_list *out, struct err *e)
{
	struct lines l = { 0 };
	struct blocks bs = { 0 };
	struct units x = { 0 };
	struct issue_mark *marks = NULL;
	struct buf joined = { 0 };
	size_t nmarks = 0, *next = NULL;
	unsigned char *join = NULL;
	enum role *role = NULL;
	unsigned char *after = NULL;
	struct interleave_block *tb = NULL;
	struct interleave_sim *sim = NULL;
	enum err_code rc = ERR_NOMEM;
	if (lines_read(text, len, &l) < 0)
		goto out;
	debug_layout(name, &l, o);
	lines_report(&l, name, o->diag);
	if (find_marks(&l, &joined, &marks, &nmarks) < 0 ||
	    blocks_make(&l, &bs) < 0)
		goto out;
	for (size_t i = 0; o->debug && i < bs.n; i++) {
		const struct block *b = &bs.v[i];
		debugf(o, "block %zu line %zu%s%s%s %.*s", i, b->line,
		       b->flags & INTERLEAVE_OPEN ? " open" : "",
		       b->flags & INTERLEAVE_FINAL ? " final" : "",
		       b->flags & INTERLEAVE_FIXED ? " fixed" : "",
		       cut(b->text.p, b->text.len, 60), b->text.p);
	}
	tb = calloc(bs.n ? bs.n : 1, sizeof *tb);
	next = malloc((bs.n ? bs.n : 1) * sizeof *next);
	join = malloc(bs.n ? bs.n : 1);
	if (!tb || !next || !join)
		goto out;
	for (size_t i = 0; i < bs.n; i++)
		tb[i] = (struct interleave_block){ bs.v[i].text.p, bs.v[i].text.len,
					       bs.v[i].flags };
	if (!(sim = interleave_sim_new(tb, bs.n)) ||
	    interleave_link_sim(sim, next, join, o->debug) < 0 ||
	    make_units(&bs, next, join, &x) < 0)
		goto out;
	role = malloc((x.n ? x.n : 1) * sizeof *role);
	after = malloc(x.n ? x.n : 1);
	if (!role || !after ||
	    roles_assign(x.u, x.n, x.chain, x.nchains, sim, role, after,
			 o->debug) < 0)
		goto out;
	struct assembly as = { name, x.u, x.n, x.chain, x.nchains, role, after,
			       marks, nmarks, l.pages > 1, { 0 }, { 0 },
			       o->year, o->diag, o->debug };
	dates_from_name(name, &as.named);
	if (o->date)
		as.given = (struct date){ o->date / 10000, o->date / 100 % 100,
					  o->date % 100 };
	if (assemble_articles(&as, out) != ERR_OK)
		goto out;
	rc = ERR_OK;
out:
	free(role);
	free(after);
	interleave_sim_free(sim);
	free_units(&x);
	free(tb);
	free(next);
	free(join);
	free(marks);
	buf_free(&joined);
	blocks_free(&bs);
	lines_free(&l);
	if (rc != ERR_OK)
		err_set(e, rc, "%s: out of memory", name);
	return rc;
}

/* Import the bytes of one file by its kind: a structured source through
 * its parser (source.h), raw text through the stages above.  A structured
 * file whose parser this build lacks is read as raw text, with a warning. */
static enum err_code import_kind(const char *name, const char *data,
				 size_t n, const struct import_opts *o,
				 struct article_list *out, struct err *e)
{
	enum source_kind k = source_sniff(name, data, n);
	if (o->debug && k != SOURCE_TEXT) {
		char line[ERR_MSG_MAX];
		snprintf(line, sizeof line, "source: %s: %s", name,
			 source_kind_name(k));
		o->debug(line);
	}
	if (k != SOURCE_TEXT) {
		struct err why = { 0 };
		enum err_code rc = source_import(k, name, data, n, o, out, &why);
		if (rc != ERR_UNSUPPORTED) {
			if (rc != ERR_OK && e)
				*e = why;
			return rc;
		}
		diag_warn(o->diag, "%s; read as raw text", why.msg);
	}
	struct decoded dec;
	enum err_code rc = decode_text(name, data, n, o->encoding, o->diag,
				       &dec, e);
	if (rc != ERR_OK)
		return rc;
	rc = import_text(name, dec.text, dec.len, o, out, e);
	free(dec.text);
	return rc;
}

enum err_code import_mem(const char *name, const char *data, size_t n,
			 const struct import_opts *opts,
			 struct article_list *out, struct err *e)
{
	static const struct import_opts none = { 0 };
	const struct import_opts *o = opts ? opts : &none;
	size_t had = out->n;
	enum err_code rc = import_kind(name, data, n, o, out, e);
	if (rc != ERR_OK)
		return rc;
	progress_add(o->progress, 1, n, out->n - had);
	if (out->n == had) {
		size_t i = 0;
		while (i < n && strchr(" \t\r\n\f\v", data[i]))
			i++;
		diag_warn(o->diag, "%s: no articles: %s", name,
			  i == n ? "the file is empty or blank"
				 : "no text the builder could use");
	}
	return rc;
}

/* import_mem for the bytes of a whole file (or of standard input): one
 * that is no text (an image, a PDF, an archive, a folder's stray files) is
 * left out with a warning saying what it is, not read as garbled text. */
static enum err_code import_whole(const char *name, const char *data,
				  size_t n, const struct import_opts *opts,
				  struct article_list *out, struct err *e)
{
	const char *no_text = source_binary(data, n, opts ? opts->encoding
							  : NULL);
	if (!no_text)
		return import_mem(name, data, n, opts, out, e);
	if (opts) {
		diag_warn(opts->diag, "%s: %s; left out", name, no_text);
		progress_add(opts->progress, 1, n, 0);
	}
	return ERR_OK;
}

enum err_code import_file(const char *path, const struct import_opts *opts,
			  struct article_list *out, struct err *e)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return err_errno(e, errno, "%s", path);
	struct stat st;
	if (fstat(fd, &st) < 0) {
		int saved = errno;
		close(fd);
		return err_errno(e, saved, "%s", path);
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		return err_set(e, ERR_ISDIR, "%s: is a directory", path);
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return err_set(e, ERR_IO, "%s: not a regular file", path);
	}
	if ((unsigned long long)st.st_size > IMPORT_MAX_FILE) {
		close(fd);
		return err_set(e, ERR_TOOBIG, "%s: %lld bytes is more than "
			       "the %zu the builder reads", path,
			       (long long)st.st_size, IMPORT_MAX_FILE);
	}
	size_t size = (size_t)st.st_size, got = 0;
	char *data = malloc(size ? size : 1);
	if (!data) {
		close(fd);
		return err_set(e, ERR_NOMEM, "%s: out of memory", path);
	}
	while (got < size) {
		ssize_t r = read(fd, data + got, size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			int saved = r < 0 ? errno : EIO;
			free(data);
			close(fd);
			return err_errno(e, saved, "%s: read", path);
		}
		got += (size_t)r;
	}
	close(fd);
	enum err_code rc = import_whole(path, data, size, opts, out, e);
	free(data);
	return rc;
}

/* ---- many files ---------------------------------------------------------*/

/* Read all of standard input; NULL when reading fails or memory runs out. */
static char *read_stdin(size_t *n)
{
	enum { CHUNK = 1 << 16 }; /* bytes of room at least for each read */
	size_t cap = 0, len = 0;
	char *p = NULL;
	for (;;) {
		if (len > SIZE_MAX - CHUNK ||
		    array_grow(&p, &cap, len + CHUNK, 1) < 0) {
			free(p);
			p = NULL;
			break;
		}
		size_t r = fread(p + len, 1, cap - len, stdin);
		len += r;
		if (r == 0)
			break;
	}
	if (p && ferror(stdin)) {
		free(p);
		p = NULL;
	}
	*n = len;
	return p;
}

/* One file of import_files: its articles and warnings, kept until the
 * files before it are delivered. */
struct task {
	struct article_list list; /* its articles */
	struct buf warnings; /* each warning, NUL-terminated */
	unsigned long nwarnings; /* what its diag counted */
	enum err_code rc;
	struct err e;
	int done;
};

struct pool {
	const char *const *paths;
	size_t n;
	const struct import_opts *opts;
	struct task *t; /* one per path */
	size_t next; /* the next file to start */
	int stop; /* a file failed: start no more */
	pthread_mutex_t mu; /* guards next, stop and every t[i].done */
	pthread_cond_t done; /* a task is done */
};

static void keep_warning(void *ctx, const char *msg)
{
	buf_put(ctx, msg, strlen(msg) + 1);
}

/* Import file i.  Its warnings are kept in the task, or with `direct`
 * (importing one file after another) go straight to opts->diag, in their
 * place among debug lines. */
static void import_one(const struct pool *p, size_t i, int direct)
{
	struct task *t = &p->t[i];
	struct import_opts o = *p->opts;
	struct diag d = { keep_warning, &t->warnings, 0 };
	if (o.diag && !direct)
		o.diag = &d;
	if (!strcmp(p->paths[i], "-")) {
		size_t n;
		char *data = read_stdin(&n);
		if (!data) {
			t->rc = err_set(&t->e, ERR_IO, "standard input: read "
					"failed");
		} else {
			t->rc = import_whole("(stdin)", data, n, &o,
					     &t->list, &t->e);
			free(data);
		}
	} else {
		t->rc = import_file(p->paths[i], &o, &t->list, &t->e);
	}
	if (t->warnings.failed && t->rc == ERR_OK)
		t->rc = err_set(&t->e, ERR_NOMEM, "%s: out of memory",
				p->paths[i]);
	t->nwarnings = d.count;
}

/* Hand task i's warnings and articles on, as importing it straight into
 * `out` would have. */
static enum err_code deliver(const struct pool *p, size_t i,
			     const struct import_sink *out, struct err *e)
{
	struct task *t = &p->t[i];
	struct diag *d = p->opts->diag;
	for (size_t at = 0; d && at < t->warnings.len;) {
		const char *msg = t->warnings.p + at;
		if (d->warn)
			d->warn(d->ctx, msg);
		at += strlen(msg) + 1;
	}
	if (d)
		d->count += t->nwarnings;
	buf_free(&t->warnings);
	enum err_code rc = t->rc;
	if (rc != ERR_OK)
		*e = t->e;
	size_t k = 0;
	for (; rc == ERR_OK && k < t->list.n; k++)
		rc = out->take(out->ctx, &t->list.v[k], p->paths[i], e);
	for (; k < t->list.n; k++)
		article_free(&t->list.v[k]);
	free(t->list.v);
	memset(&t->list, 0, sizeof t->list);
	return rc;
}

static void *worker(void *arg)
{
	struct pool *p = arg;
	pthread_mutex_lock(&p->mu);
	while (!p->stop && p->next < p->n) {
		size_t i = p->next++;
		pthread_mutex_unlock(&p->mu);
		import_one(p, i, 0);
		pthread_mutex_lock(&p->mu);
		p->t[i].done = 1;
		p->stop |= p->t[i].rc != ERR_OK;
		pthread_cond_broadcast(&p->done);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* import_files' sink: the article moved to the end of the list. */
static enum err_code to_list(void *ctx, struct article *a, const char *name,
			     struct err *e)
{
	struct article *to = article_list_push(ctx);
	if (!to) {
		article_free(a);
		return err_set(e, ERR_NOMEM, "%s: out of memory", name);
	}
	*to = *a;
	return ERR_OK;
}

enum err_code import_files(const char *const *paths, size_t n,
			   const struct import_opts *opts, unsigned threads,
			   struct article_list *out, struct err *e)
{
	struct import_sink sink = { to_list, out };
	return import_files_to(paths, n, opts, threads, &sink, e);
}

enum err_code import_files_to(const char *const *paths, size_t n,
			      const struct import_opts *opts, unsigned threads,
			      const struct import_sink *out, struct err *e)
{
	static const struct import_opts none = { 0 };
	struct pool p = { paths, n, opts ? opts : &none, NULL, 0, 0,
			  PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER };
	p.t = calloc(n ? n : 1, sizeof *p.t);
	if (!p.t)
		return err_set(e, ERR_NOMEM, "out of memory");
	/* Debug lines have no context to be kept in, and standard input is
	 * read when its turn comes: one file after another then. */
	int alone = threads < 2 || n < 2 || p.opts->debug;
	for (size_t i = 0; i < n && !alone; i++)
		alone = !strcmp(paths[i], "-");
	pthread_t tid[IMPORT_MAX_THREADS];
	size_t started = 0;
	if (threads > IMPORT_MAX_THREADS)
		threads = IMPORT_MAX_THREADS;
	while (!alone && started < threads && started < n &&
	       !pthread_create(&tid[started], NULL, worker, &p))
		started++;
	enum err_code rc = ERR_OK;
	for (size_t i = 0; i < n && rc == ERR_OK; i++) {
		if (!started) {
			import_one(&p, i, 1);
		} else {
			pthread_mutex_lock(&p.mu);
			while (!p.t[i].done)
				pthread_cond_wait(&p.done, &p.mu);
			pthread_mutex_unlock(&p.mu);
		}
		rc = deliver(&p, i, out, e);
	}
	pthread_mutex_lock(&p.mu);
	p.stop = 1;
	pthread_mutex_unlock(&p.mu);
	for (size_t k = 0; k < started; k++)
		pthread_join(tid[k], NULL);
	/* what was imported after a file that failed is not delivered */
	for (size_t i = 0; i < n; i++) {
		article_list_free(&p.t[i].list);
		buf_free(&p.t[i].warnings);
	}
	free(p.t);
	return rc;
}
