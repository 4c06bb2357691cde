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
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kanbao/base/array.h"
#include "kanbao/build/assemble.h"
#include "kanbao/build/blocks.h"
#include "kanbao/base/buf.h"
#include "kanbao/base/fs.h"
#include "kanbao/build/cues.h"
#include "kanbao/build/decode.h"
#include "kanbao/build/lines.h"
#include "kanbao/build/roles.h"
#include "kanbao/build/scratch.h"
#include "kanbao/build/source.h"
#include "kanbao/build/split.h"
#include "kanbao/build/interleave.h"
#include "kanbao/build/labelled.h"
#include "kanbao/base/width.h"

/* Structured files larger than this are refused: their parsers hold a
 * file in memory a few times over.  Raw text is read a window at a time
 * (IMPORT_WINDOW) and cut into parts (split.h), whatever its size. */
#define IMPORT_MAX_FILE ((size_t)4 << 30)

/* Bytes of parts made and not yet handed on, at most (about): what a file
 * read ahead may hold. */
#define IMPORT_AHEAD ((size_t)64 << 20)

/* Bytes of text naming no new issue before a part is cut anyway: what a
 * part of such text takes through the stages (15 to 22 times its size). */
#define IMPORT_PART_MAX ((size_t)4 << 20)

/* Bytes of parts read through the stages at once, at most (but for one
 * part alone): memory that does not grow with the threads. */
#define IMPORT_BUSY_MAX ((size_t)16 << 20)

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

/* The stages over `len` bytes of decoded text, a file's or a part of one
 * (split.h) with `before` lines of the file before it. */
static enum err_code import_text(const char *name, const char *text,
				 size_t len, size_t before, int labelled,
				 const struct import_opts *o,
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
	if (labelled > 0 || (!labelled && labelled_is(text, len))) {
		debugf(o, "%s: records of labelled fields (标题, 作者, 正文...), "
			  "read as such", name);
		return labelled_import(name, text, len, before, o, out, e);
	}
	if (lines_read(text, len, &l) < 0)
		goto out;
	for (size_t i = 0; before && i < l.n; i++)
		l.v[i].no += before;
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

/* A structured file, by its kind (source.h): through its parser.  One
 * whose parser this build lacks is read as raw text, with a warning:
 * returns ERR_UNSUPPORTED then, nothing imported. */
static enum err_code import_source(enum source_kind k, const char *name,
				   const char *data, size_t n,
				   const struct source_part *part,
				   const struct import_opts *o,
				   struct article_list *out, struct err *e)
{
	struct err why = { 0 };
	enum err_code rc = source_import(k, name, data, n, part, o, out, &why);
	if (rc == ERR_UNSUPPORTED)
		diag_warn(o->diag, "%s; read as raw text", why.msg);
	else if (rc != ERR_OK && e)
		*e = why;
	return rc;
}

/* ---- files, in parts ------------------------------------------------------
 *
 * A file is read in steps (make_parts): its bytes mapped, its kind told;
 * raw text decoded a window at a time and cut where a new issue starts
 * (split.h) into parts, each read through the stages on its own
 * (import_part), on any thread; JSON values one after another cut between
 * values (source_parts), each part parsed on its own; the parts' articles
 * and warnings are handed on in the order of the files and of the parts
 * in each, as reading every file whole, one after another, would hand
 * them. */

enum { PART_WAITING, PART_BUSY, PART_DONE };

struct part {
	struct part *next;
	char *text; /* decoded text (owned), or the file's bytes */
	size_t len;
	size_t before; /* lines of the file before it */
	enum source_kind kind; /* SOURCE_TEXT, or a structured file (whole,
				  or a part of JSON values: its file's json) */
	int last; /* its file's last part */
	int binary; /* the file is no text: left out */
	int state;
	struct article_list list; /* its articles */
	struct buf warnings; /* each warning, NUL-terminated */
	enum err_code rc;
	struct err e;
};

struct file {
	const char *path; /* "-": standard input; NULL: `data` given */
	const char *name; /* in messages */
	int opened; /* by the thread making its parts */
	int made, busy; /* every part made; a thread makes them */
	int lost; /* a part could not be made for want of memory */
	int check_binary; /* leave out bytes that are no text */
	const char *data; /* its bytes: mapped (standard input too, copied
			     to a temporary file first) or given */
	size_t size;
	int mapped; /* `data` is a mapping (else given) */
	struct decoder *dc;
	struct buf carry; /* text decoded and not yet in a part, from `at` */
	size_t at, before; /* lines of the file before carry.p + at */
	struct split_state split; /* what is known there (split_find) */
	int text_seen; /* a byte that is not a space */
	size_t counted; /* bytes read and counted in opts->progress */
	struct buf pending; /* warnings made reading it, for its next part */
	struct part *head, *tail; /* made and not yet handed on */
	size_t articles; /* handed on */
	int json; /* JSON values one after another, read in parts */
	size_t json_at; /* where its next part starts */
	int labelled; /* 1: records of labelled fields (labelled.h), cut
			 between records; -1 not; 0 until its first text is
			 seen */
	char encoding[64]; /* what its first bytes were read as (the
			      parts' encoding, as for raw text), or "" */
};

struct pool {
	struct file *f;
	size_t n;
	const struct import_opts *opts;
	size_t delivering; /* the file being handed on */
	size_t held; /* bytes of parts made and not handed on */
	size_t busy; /* bytes of parts being read through the stages */
	int direct; /* one thread: warnings straight to opts->diag */
	int stop; /* a part failed: make and read no more */
	pthread_mutex_t mu; /* guards all of the above but direct and opts,
			       and each file's made, busy, head and tail
			       and each part's state and next */
	pthread_cond_t changed; /* a part is made or read, or handed on */
};

static void keep_warning(void *ctx, const char *msg)
{
	buf_put(ctx, msg, strlen(msg) + 1);
}

/* Map what is open at `fd` (`size` bytes, read-only), read from its
 * start to its end: f's bytes. */
static enum err_code map_fd(struct file *f, int fd, size_t size,
			    struct err *e)
{
	f->size = size;
	f->data = "";
	if (!size)
		return ERR_OK;
	void *p = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		return err_errno(e, errno, "%s: read", f->name);
	(void)madvise(p, size, MADV_SEQUENTIAL);
	f->data = p;
	f->mapped = 1;
	return ERR_OK;
}

/* Standard input, copied into a temporary file without a name (scratch.h,
 * in $TMPDIR) and mapped as a file is: however large it is, it is not
 * held in memory. */
static enum err_code map_stdin(struct file *f, struct err *e)
{
	struct scratch sc;
	char *dir = scratch_dir(NULL);
	int rc = dir ? scratch_open(&sc, dir) : ENOMEM;
	free(dir);
	if (rc)
		return err_errno(e, rc, "standard input: a temporary file to "
			       "keep it in");
	char chunk[1 << 16];
	size_t r;
	while ((r = fread(chunk, 1, sizeof chunk, stdin)) > 0)
		scratch_put(&sc, chunk, r);
	enum err_code out = ERR_OK;
	if (ferror(stdin))
		out = err_set(e, ERR_IO, "standard input: read failed");
	else if ((rc = scratch_flush(&sc)) != 0)
		out = err_errno(e, rc, "standard input: a temporary file to "
				"keep it in");
	else if (sc.size > SIZE_MAX / 2)
		out = err_set(e, ERR_TOOBIG, "standard input: too large to "
			      "read");
	else
		out = map_fd(f, sc.fd, (size_t)sc.size, e);
	scratch_close(&sc); /* the mapping keeps the file until unmapped */
	return out;
}

/* Map the file at `path` (read-only, its pages dropped as they are read:
 * fs_release).  An empty file is an empty string. */
static enum err_code map_file(struct file *f, struct err *e)
{
	const char *path = f->path;
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
	if ((unsigned long long)st.st_size > SIZE_MAX / 2) {
		close(fd);
		return err_set(e, ERR_TOOBIG, "%s: too large to read", path);
	}
	enum err_code rc = map_fd(f, fd, (size_t)st.st_size, e);
	close(fd);
	return rc;
}

static void file_let_go(struct file *f)
{
	if (f->mapped)
		munmap((void *)f->data, f->size);
	f->data = NULL;
	f->mapped = 0;
	decoder_close(f->dc); /* its warnings were given: see make_parts */
	f->dc = NULL;
	buf_free(&f->carry);
	buf_free(&f->pending);
}

/* A part like `t` at the end of f's list, the warnings waiting its
 * first; from then on any thread's to read.  NULL when out of memory
 * (then f->lost: the file's parts end there). */
static struct part *add_part(struct pool *p, struct file *f, struct part t)
{
	struct part *x = malloc(sizeof *x);
	if (!x) {
		f->lost = 1;
		return NULL;
	}
	*x = t;
	x->next = NULL;
	x->before = f->before;
	x->warnings = f->pending;
	memset(&f->pending, 0, sizeof f->pending);
	pthread_mutex_lock(&p->mu);
	if (f->tail)
		f->tail->next = x;
	else
		f->head = x;
	f->tail = x;
	p->held += x->len;
	pthread_cond_broadcast(&p->changed);
	pthread_mutex_unlock(&p->mu);
	return x;
}

/* The bytes a part holds at most but for the line or value it ends in:
 * IMPORT_PART_MAX, or the test's smaller window. */
static size_t part_max(const struct import_opts *o)
{
	return o->window && o->window < IMPORT_PART_MAX ? o->window
							: IMPORT_PART_MAX;
}

/* The decoded text from carry.p + at, `n` bytes of it, into a part. */
static int carry_part(struct pool *p, struct file *f, size_t n, int last)
{
	char *t = malloc(n + 1);
	if (!t)
		return -1;
	memcpy(t, f->carry.p + f->at, n);
	t[n] = '\0';
	/* once made, the part is another thread's to read, change and
	 * free: its lines are counted in the carry */
	if (!add_part(p, f, (struct part){ .text = t, .len = n,
					   .last = last })) {
		free(t);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		f->before += f->carry.p[f->at + i] == '\n';
	f->at += n;
	return 0;
}

/* The parts of the decoded text carried that split_find or split_forced
 * can cut now; with `end`, the rest as the last. */
static int cut_parts(struct pool *p, struct file *f, int end)
{
	const struct import_opts *o = p->opts;
	if (!f->labelled)
		f->labelled = labelled_is(f->carry.p + f->at,
					  f->carry.len - f->at) ? 1 : -1;
	while (f->labelled > 0) {
		/* no issues, no pages: parts of records, cut between them */
		const char *t = f->carry.p + f->at;
		size_t n = f->carry.len - f->at, most = part_max(o), c;
		if (n <= most)
			return end ? carry_part(p, f, n, 1) : 0;
		if (!(c = labelled_cut(t, most))) {
			/* a record longer than a part: cut after a line */
			const char *nl = memchr(t + most, '\n', n - most);
			c = nl ? (size_t)(nl - t) + 1 : n;
			if (c == n)
				return end ? carry_part(p, f, n, 1) : 0;
		}
		if (carry_part(p, f, c, 0) < 0)
			return -1;
	}
	for (;;) {
		const char *t = f->carry.p + f->at;
		size_t n = f->carry.len - f->at;
		struct split_state was = f->split;
		size_t first = split_find(t, n, !end, &f->split), c = first;
		size_t most = part_max(o);
		if ((!first || first > most) && n >= most &&
		    !(c = split_forced(t, most))) {
			/* a line longer than `most`: cut after it */
			const char *nl = memchr(t + most, '\n', n - most);
			c = nl && (size_t)(nl - t) + 1 < n ? (size_t)(nl - t) + 1
							  : 0;
			if (first && (!c || first < c))
				c = first;
		}
		if (c && c != first) {
			/* the issue in force where it is cut (no new one
			 * starts before) */
			f->split = was;
			(void)split_find(t, c, 0, &f->split);
			size_t line = f->before + 1;
			for (size_t i = 0; i < c; i++)
				line += t[i] == '\n';
			diag_warn(p->direct ? o->diag : &(struct diag){
					  keep_warning, &f->pending, 0 },
				  "%s:%zu: no new issue in %zu bytes of text: "
				  "cut here (the article there may be cut in "
				  "two)", f->name, line, most);
		}
		if (c) {
			if (carry_part(p, f, c, 0) < 0)
				return -1;
			const struct date *d = &f->split.in_force;
			if (d->year)
				debugf(o, "%s: part from line %zu: the issue of "
					  "%04d-%02d-%02d", f->name,
				       f->before + 1, d->year, d->month,
				       d->day);
			else
				debugf(o, "%s: part from line %zu: an issue "
					  "of no known date (page %ld)",
				       f->name, f->before + 1, f->split.page);
			continue;
		}
		if (end)
			return carry_part(p, f, n, 1);
		return 0;
	}
}

/* Open f: its bytes, its kind; a structured file, or one that is no text,
 * is one part, and all (*made). */
static enum err_code open_file(struct pool *p, struct file *f,
			       struct diag *d, int *made, struct err *e)
{
	const struct import_opts *o = p->opts;
	enum err_code rc = ERR_OK;
	if (!f->path) {
		/* given */
	} else if (!strcmp(f->path, "-")) {
		if ((rc = map_stdin(f, e)) != ERR_OK)
			return rc;
	} else if ((rc = map_file(f, e)) != ERR_OK) {
		return rc;
	}
	const char *no_text = f->check_binary ? source_binary(f->data, f->size,
							      o->encoding)
					      : NULL;
	if (no_text) {
		diag_warn(d, "%s: %s; left out", f->name, no_text);
		progress_add(o->progress, 1, f->size, 0);
		*made = 1;
		(void)add_part(p, f, (struct part){ .binary = 1, .last = 1,
						    .state = PART_DONE });
		return ERR_OK;
	}
	enum source_kind k = source_sniff(f->name, f->data, f->size);
	if (o->debug && k != SOURCE_TEXT) {
		char line[ERR_MSG_MAX];
		snprintf(line, sizeof line, "source: %s: %s", f->name,
			 source_kind_name(k));
		o->debug(line);
	}
	if (source_parts(k, f->data, f->size)) {
		/* JSON values one after another: parts of the bytes, each
		 * decoded as the first bytes are (the file's encoding told
		 * once, as raw text's first window tells it) */
		struct decoded dec;
		struct err ignored = { 0 };
		size_t head = source_part_end(f->data, f->size, 0, 1 << 16);
		if (!o->encoding &&
		    decode_text(f->name, f->data, head, NULL, NULL, &dec,
				&ignored) == ERR_OK) {
			snprintf(f->encoding, sizeof f->encoding, "%s",
				 dec.encoding);
			free(dec.text);
		}
		f->json = f->opened = 1;
		return ERR_OK;
	}
	if (k != SOURCE_TEXT) {
		if (f->size > IMPORT_MAX_FILE)
			return err_set(e, ERR_TOOBIG, "%s: %zu bytes is more "
				       "than the %zu the builder reads of a "
				       "structured file", f->name, f->size,
				       IMPORT_MAX_FILE);
		progress_add(o->progress, 0, f->size, 0);
		*made = 1;
		(void)add_part(p, f, (struct part){ .kind = k, .last = 1,
						    .text = (char *)f->data,
						    .len = f->size });
		return ERR_OK;
	}
	rc = decoder_open(f->name, f->data, f->size, o->encoding,
			  o->window ? o->window : IMPORT_WINDOW, d, &f->dc, e);
	f->opened = rc == ERR_OK;
	return rc;
}

/* f's next part of JSON values, cut between two values; 1 when it is the
 * last (or could not be made: f->lost). */
static int json_part(struct pool *p, struct file *f)
{
	size_t from = f->json_at;
	size_t to = source_part_end(f->data, f->size, from, part_max(p->opts));
	int last = to == f->size;
	if (!add_part(p, f, (struct part){ .kind = SOURCE_JSON,
					   .text = (char *)f->data + from,
					   .len = to - from, .last = last }))
		return 1;
	/* the part is another thread's now; the bytes stay the file's */
	for (const char *q = f->data + from, *end = f->data + to;
	     (q = memchr(q, '\n', (size_t)(end - q))) != NULL; q++)
		f->before++;
	progress_add(p->opts->progress, 0, to - from, 0);
	f->json_at = to;
	if (p->opts->debug)
		debugf(p->opts, "%s: part from line %zu: JSON values, %zu "
			  "bytes", f->name, f->before + 1, to - from);
	return last;
}

/* A step of reading f: open it, or decode a window of its text and make
 * the parts it completes.  Warnings go to the next part made (or, one
 * thread alone, straight out).  Returns 1 when every part is made. */
static int make_parts(struct pool *p, struct file *f)
{
	const struct import_opts *o = p->opts;
	struct diag keep = { keep_warning, &f->pending, 0 };
	struct diag *d = p->direct ? o->diag : &keep;
	struct err e = { 0 };
	enum err_code rc = ERR_OK;
	int made = 0;
	if (!f->opened) {
		rc = open_file(p, f, d, &made, &e);
		if (rc != ERR_OK || made)
			goto out;
	}
	if (f->json)
		return json_part(p, f);
	struct decoded dec;
	rc = decoder_next(f->dc, &dec, &e);
	if (rc != ERR_OK)
		goto out;
	size_t read = decoder_read(f->dc);
	if (f->mapped)
		fs_release(f->data, 0, read);
	progress_add(o->progress, 0, read - f->counted, 0);
	f->counted = read;
	for (size_t i = 0; !f->text_seen && i < dec.len; i++)
		f->text_seen = !strchr(" \t\r\n\f\v", dec.text[i]);
	/* what is carried moves to the front, the window after it */
	if (f->at) {
		memmove(f->carry.p, f->carry.p + f->at, f->carry.len - f->at);
		f->carry.len -= f->at;
		f->at = 0;
	}
	buf_put(&f->carry, dec.text, dec.len);
	free(dec.text);
	made = decoder_done(f->dc);
	if (made) {
		decoder_close(f->dc); /* its last warnings, before the last
					 part's */
		f->dc = NULL;
	}
	if (f->carry.failed || cut_parts(p, f, made) < 0) {
		rc = err_set(&e, ERR_NOMEM, "%s: out of memory", f->name);
		goto out;
	}
	if (made)
		file_let_go(f);
out:
	if (rc != ERR_OK) {
		/* its error, handed on in its turn */
		made = 1;
		(void)add_part(p, f, (struct part){ .rc = rc, .e = e, .last = 1,
						    .state = PART_DONE });
	}
	return made;
}

/* Read a part through the stages (or its file's parser). */
static void import_part(struct pool *p, struct file *f, struct part *x)
{
	struct import_opts o = *p->opts;
	struct diag d = { keep_warning, &x->warnings, 0 };
	if (o.diag && !p->direct)
		o.diag = &d;
	if (x->kind == SOURCE_TEXT) {
		x->rc = import_text(f->name, x->text ? x->text : "", x->len,
				    x->before, f->labelled, &o, &x->list,
				    &x->e);
	} else {
		struct source_part at = { x->before, x->text == f->data,
					  x->last };
		if (f->json && !o.encoding && f->encoding[0])
			o.encoding = f->encoding;
		x->rc = import_source(x->kind, f->name, x->text, x->len,
				      f->json ? &at : NULL, &o, &x->list,
				      &x->e);
		struct decoded dec;
		if (x->rc == ERR_UNSUPPORTED &&
		    (x->rc = decode_text(f->name, x->text, x->len, o.encoding,
					 o.diag, &dec, &x->e)) == ERR_OK) {
			/* no parser for it here: read whole as raw text */
			x->rc = import_text(f->name, dec.text, dec.len,
					    x->before, 0, &o, &x->list, &x->e);
			free(dec.text);
		}
		if (f->json && f->mapped) /* read: its pages may go */
			fs_release(f->data, (size_t)(x->text - f->data),
				   (size_t)(x->text - f->data) + x->len);
	}
	if (x->warnings.failed && x->rc == ERR_OK)
		x->rc = err_set(&x->e, ERR_NOMEM, "%s: out of memory", f->name);
	progress_add(o.progress, x->last, 0, x->list.n);
}

/* Hand part x of f on: its warnings, then its articles. */
static enum err_code deliver(struct pool *p, struct file *f, struct part *x,
			     const struct import_sink *out, struct err *e)
{
	struct diag *d = p->opts->diag;
	for (size_t at = 0; d && at < x->warnings.len;) {
		const char *msg = x->warnings.p + at;
		if (d->warn)
			d->warn(d->ctx, msg);
		d->count++;
		at += strlen(msg) + 1;
	}
	enum err_code rc = x->rc;
	if (rc != ERR_OK)
		*e = x->e;
	size_t k = 0;
	for (; rc == ERR_OK && k < x->list.n; k++)
		rc = out->take(out->ctx, &x->list.v[k], f->name, e);
	for (; k < x->list.n; k++)
		article_free(&x->list.v[k]);
	f->articles += x->list.n;
	free(x->list.v); /* each article is the sink's, or freed */
	memset(&x->list, 0, sizeof x->list);
	if (rc == ERR_OK && x->last && !f->articles && !x->binary)
		diag_warn(d, "%s: no articles: %s", f->name,
			  f->text_seen || x->kind != SOURCE_TEXT
				  ? "no text the builder could use"
				  : "the file is empty or blank");
	return rc;
}

static void free_part(struct part *x)
{
	if (x->kind == SOURCE_TEXT)
		free(x->text);
	article_list_free(&x->list);
	buf_free(&x->warnings);
	free(x);
}

/* The next thing a thread can do, under p->mu: a part to read (*part), or
 * a file to make parts of (*file); 0 when there is nothing now, -1 when
 * there is nothing left. */
static int next_work(struct pool *p, struct file **file, struct part **part)
{
	int left = 0;
	for (size_t i = p->delivering; i < p->n; i++)
		for (struct part *x = p->f[i].head; x; x = x->next) {
			if (x->state == PART_WAITING &&
			    (!p->busy || p->busy + x->len <= IMPORT_BUSY_MAX)) {
				*file = &p->f[i];
				*part = x;
				return 1;
			}
			left |= x->state != PART_DONE;
		}
	for (size_t i = p->delivering; i < p->n; i++) {
		struct file *f = &p->f[i];
		if (f->made)
			continue;
		left = 1;
		/* read ahead while little is held; the file handed on is
		 * read whenever it has no part waiting */
		if (!f->busy && (p->held < IMPORT_AHEAD ||
				 (i == p->delivering && !f->head))) {
			*file = f;
			*part = NULL;
			return 1;
		}
	}
	return left ? 0 : -1;
}

static void *worker(void *arg)
{
	struct pool *p = arg;
	pthread_mutex_lock(&p->mu);
	while (!p->stop) {
		struct file *f;
		struct part *x;
		int w = next_work(p, &f, &x);
		if (w < 0)
			break;
		if (!w) {
			pthread_cond_wait(&p->changed, &p->mu);
			continue;
		}
		if (x) {
			x->state = PART_BUSY;
			p->busy += x->len;
			pthread_mutex_unlock(&p->mu);
			import_part(p, f, x);
			pthread_mutex_lock(&p->mu);
			x->state = PART_DONE;
			p->busy -= x->len;
			p->stop |= x->rc != ERR_OK;
		} else {
			f->busy = 1;
			pthread_mutex_unlock(&p->mu);
			int made = make_parts(p, f);
			pthread_mutex_lock(&p->mu);
			f->busy = 0;
			f->made = made;
		}
		pthread_cond_broadcast(&p->changed);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* Hand every part of file i on, in order, as the threads finish them (or,
 * with none, making and reading them here). */
static enum err_code deliver_file(struct pool *p, size_t i, int threads,
				  const struct import_sink *out, struct err *e)
{
	struct file *f = &p->f[i];
	enum err_code rc = ERR_OK;
	for (;;) {
		pthread_mutex_lock(&p->mu);
		struct part *x;
		while (!(x = f->head) || x->state != PART_DONE) {
			if (!x && f->made)
				break;
			if (threads) {
				pthread_cond_wait(&p->changed, &p->mu);
				continue;
			}
			pthread_mutex_unlock(&p->mu);
			int made = 0;
			if (x)
				import_part(p, f, x);
			else
				made = make_parts(p, f);
			pthread_mutex_lock(&p->mu);
			if (x)
				x->state = PART_DONE;
			else
				f->made = made;
		}
		if (!x) {
			pthread_mutex_unlock(&p->mu);
			break;
		}
		f->head = x->next;
		if (!f->head)
			f->tail = NULL;
		p->held -= x->len;
		pthread_cond_broadcast(&p->changed);
		pthread_mutex_unlock(&p->mu);
		rc = deliver(p, f, x, out, e);
		int last = x->last;
		free_part(x);
		if (rc != ERR_OK || last)
			break;
	}
	if (rc == ERR_OK && f->lost)
		rc = err_set(e, ERR_NOMEM, "%s: out of memory", f->name);
	/* every part made is handed on (or the import ends here): a
	 * structured file's bytes are read */
	pthread_mutex_lock(&p->mu);
	int made = f->made && !f->head;
	pthread_mutex_unlock(&p->mu);
	if (made)
		file_let_go(f);
	return rc;
}

/* Import the files f[0..n) into `out`, on up to `threads` threads. */
static enum err_code run_pool(struct file *f, size_t n,
			      const struct import_opts *opts, unsigned threads,
			      const struct import_sink *out, struct err *e)
{
	static const struct import_opts none = { 0 };
	struct pool p = { .f = f, .n = n, .opts = opts ? opts : &none,
			  .mu = PTHREAD_MUTEX_INITIALIZER,
			  .changed = PTHREAD_COND_INITIALIZER };
	/* Debug lines have no context to be kept in: one thread then; and
	 * standard input named twice is read in turn (the second gets what
	 * the first left, nothing), not by two threads at once. */
	int alone = threads < 2 || p.opts->debug, stdins = 0;
	for (size_t i = 0; i < n; i++)
		stdins += f[i].path && !strcmp(f[i].path, "-");
	alone |= stdins > 1;
	p.direct = alone;
	pthread_t tid[IMPORT_MAX_THREADS];
	size_t started = 0;
	if (threads > IMPORT_MAX_THREADS)
		threads = IMPORT_MAX_THREADS;
	while (!alone && started < threads &&
	       !pthread_create(&tid[started], NULL, worker, &p))
		started++;
	if (!started)
		p.direct = 1; /* no thread to race with */
	enum err_code rc = ERR_OK;
	for (size_t i = 0; i < n && rc == ERR_OK; i++) {
		pthread_mutex_lock(&p.mu);
		p.delivering = i;
		pthread_cond_broadcast(&p.changed);
		pthread_mutex_unlock(&p.mu);
		rc = deliver_file(&p, i, (int)started, out, e);
	}
	pthread_mutex_lock(&p.mu);
	p.stop = 1;
	pthread_cond_broadcast(&p.changed);
	pthread_mutex_unlock(&p.mu);
	for (size_t k = 0; k < started; k++)
		pthread_join(tid[k], NULL);
	/* what was read after a part that failed is not handed on */
	for (size_t i = 0; i < n; i++) {
		for (struct part *x = f[i].head, *next; x; x = next) {
			next = x->next;
			free_part(x);
		}
		file_let_go(&f[i]);
	}
	return rc;
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

enum err_code import_mem(const char *name, const char *data, size_t n,
			 const struct import_opts *opts,
			 struct article_list *out, struct err *e)
{
	struct file f = { 0 };
	f.name = name;
	f.data = data;
	f.size = n;
	struct import_sink sink = { to_list, out };
	return run_pool(&f, 1, opts, 1, &sink, e);
}

enum err_code import_file(const char *path, const struct import_opts *opts,
			  struct article_list *out, struct err *e)
{
	struct import_sink sink = { to_list, out };
	return import_files_to(&path, 1, opts, 1, &sink, e);
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
	struct file *f = calloc(n ? n : 1, sizeof *f);
	if (!f)
		return err_set(e, ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		f[i].path = paths[i];
		f[i].name = strcmp(paths[i], "-") ? paths[i] : "(stdin)";
		f[i].check_binary = 1;
	}
	enum err_code rc = run_pool(f, n, opts, threads, out, e);
	free(f);
	return rc;
}
