/* corpus_write: the corpus file's writer (see
 * include/kanbao/build/corpus_write.h; the format is in corpus.h).
 *
 * The writer makes two passes over the articles.  The first checks the input
 * and lays the file out (section sizes, interned strings); the second emits
 * the bytes in file order, hashing the data region chunk by chunk as it
 * goes, so corpus_write never holds the whole file in memory and the header,
 * which needs every checksum, is written last.
 */
#include "kanbao/build/corpus_write.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "kanbao/base/array.h"
#include "kanbao/base/fs.h"
#include "kanbao/base/le.h"
#include "kanbao/base/utf8.h"
#include "kanbao/build/index_write.h"
#include "kanbao/build/outfile.h"
#include "kanbao/format/corpus_file.h"
#include "kanbao/format/index.h"

/* The distinct metadata strings, in the order they are stored, with an
 * open-addressing hash table over them so interning stays O(1). */
struct str_entry {
	const char *s; /* borrowed from the articles */
	uint32_t len;
	uint32_t off; /* offset in STRINGS */
	uint64_t hash; /* XXH3-64 of the bytes */
};

struct strtab {
	struct str_entry *v; /* distinct strings, in STRINGS order */
	size_t n, cap;
	size_t *slot; /* index + 1 into `v`, 0 for empty */
	size_t nslot; /* a power of two, kept at least twice `n` */
	uint64_t size; /* bytes of STRINGS so far */
};

static void strtab_free(struct strtab *t)
{
	free(t->v);
	free(t->slot);
	memset(t, 0, sizeof *t);
}

/* The slot holding `s`, or the empty slot where it would go. */
static size_t *strtab_slot(const struct strtab *t, const char *s, size_t len,
			   uint64_t hash)
{
	size_t mask = t->nslot - 1;
	for (size_t i = (size_t)hash & mask;; i = (i + 1) & mask) {
		size_t k = t->slot[i];
		if (k == 0)
			return &t->slot[i];
		const struct str_entry *x = &t->v[k - 1];
		if (x->hash == hash && x->len == len && !memcmp(x->s, s, len))
			return &t->slot[i];
	}
}

static int strtab_grow(struct strtab *t)
{
	if (array_grow(&t->v, &t->cap, t->n + 1, sizeof *t->v) < 0)
		return -1;
	if (2 * (t->n + 1) <= t->nslot)
		return 0;
	size_t nslot = t->nslot ? t->nslot * 2 : 128;
	size_t *slot = calloc(nslot, sizeof *slot);
	if (!slot)
		return -1;
	free(t->slot);
	t->slot = slot;
	t->nslot = nslot;
	for (size_t i = 0; i < t->n; i++)
		*strtab_slot(t, t->v[i].s, t->v[i].len, t->v[i].hash) = i + 1;
	return 0;
}

/* Store `s` once.  Returns ERR_OK, ERR_NOMEM, or ERR_TOOBIG when STRINGS
 * would outgrow the u32 offsets of the article records. */
static enum err_code strtab_add(struct strtab *t, const char *s, size_t len)
{
	if (strtab_grow(t) < 0)
		return ERR_NOMEM;
	uint64_t hash = XXH3_64bits(s, len);
	size_t *slot = strtab_slot(t, s, len, hash);
	if (*slot)
		return ERR_OK;
	if (len > UINT32_MAX - t->size)
		return ERR_TOOBIG;
	t->v[t->n] = (struct str_entry){ s, (uint32_t)len, (uint32_t)t->size,
					 hash };
	*slot = ++t->n;
	t->size += len;
	return ERR_OK;
}

/* The offset in STRINGS of a string strtab_add has stored. */
static uint32_t strtab_off(const struct strtab *t, const char *s, size_t len)
{
	return t->v[*strtab_slot(t, s, len, XXH3_64bits(s, len)) - 1].off;
}

static void article_fields(const struct article *a, const char *f[NFIELDS])
{
	f[0] = a->title;
	f[1] = a->subtitle;
	f[2] = a->source;
	f[3] = a->place;
	f[4] = a->byline;
	f[5] = a->page;
}

/* The blocks the writer puts before an article's body: what the reader
 * shows above it, so TEXT holds all an article shows (and search finds). */
struct head {
	struct article_block b[3]; /* title, subtitle, meta line */
	size_t n; /* how many of them */
	char *meta; /* owned: the meta line's text */
	uint64_t text; /* where the article starts in TEXT */
};

/* Where everything goes, decided before the first byte is written. */
struct layout {
	uint64_t off[NSEC], len[NSEC];
	uint32_t nblocks;
	uint32_t nchunks;
	uint64_t size; /* the whole file */
	struct strtab strings;
	struct head *head; /* one per article */
	uint8_t *fold; /* the FOLD section, from the characters of TEXT */
	size_t fold_len;
	uint8_t *index; /* the INDEX section, built from TEXT */
	size_t index_len;
};

static void layout_free(struct layout *l, size_t n)
{
	for (size_t i = 0; l->head && i < n; i++)
		free(l->head[i].meta);
	free(l->head);
	free(l->fold);
	free(l->index);
	strtab_free(&l->strings);
}

static size_t slen(const char *s)
{
	return s ? strlen(s) : 0;
}

static enum err_code make_head(const struct article *a, struct head *h)
{
	h->meta = article_meta(a->date, a->page, slen(a->page), a->source,
			       slen(a->source), a->place, slen(a->place),
			       a->byline, slen(a->byline));
	if (!h->meta)
		return ERR_NOMEM;
	h->n = 0;
	h->b[h->n++] = (struct article_block){ BLOCK_TITLE,
					       a->title ? a->title : "" };
	if (a->subtitle && *a->subtitle)
		h->b[h->n++] = (struct article_block){ BLOCK_SUBTITLE,
						       a->subtitle };
	if (*h->meta)
		h->b[h->n++] = (struct article_block){ BLOCK_META, h->meta };
	return ERR_OK;
}

/* Block j of the blocks article i is written as: its head, then its
 * body. */
static const struct article_block *written(const struct layout *l,
					   const struct article *v, size_t i,
					   size_t j)
{
	const struct head *h = &l->head[i];
	return j < h->n ? &h->b[j] : &v[i].blocks[j - h->n];
}

static size_t nwritten(const struct layout *l, const struct article *v,
		       size_t i)
{
	return l->head[i].n + v[i].nblocks;
}

/* The search index is built in this many parts of about equal text, each
 * counted and placed on a thread of its own: on 100 MB of text it is most
 * of what the writer does, and the file's bytes are the same. */
enum { INDEX_PARTS = 2 };

/* One part's pass over its articles [from, to). */
struct index_pass {
	struct index_builder *b;
	const struct layout *l;
	const struct article *v;
	size_t part, from, to;
	int place; /* 0: count the pairs, 1: place them */
	int failed;
};

static void *index_pass_run(void *arg)
{
	struct index_pass *p = arg;
	for (size_t i = p->from; !p->failed && i < p->to; i++) {
		uint64_t at = p->l->head[i].text;
		for (size_t j = 0; !p->failed && j < nwritten(p->l, p->v, i);
		     j++) {
			const char *t = written(p->l, p->v, i, j)->text;
			size_t len = strlen(t);
			p->failed = (p->place ? index_builder_place(p->b, p->part,
								    t, len, at)
					      : index_builder_count(p->b, p->part,
								    t, len)) < 0;
			at += len + 1;
		}
	}
	return NULL;
}

/* Run every part's pass, the first on this thread and the others on
 * threads of their own (or here, should a thread not start).  0, or -1
 * when a pass ran out of memory. */
static int index_passes(struct index_pass *pass, size_t n)
{
	pthread_t tid[INDEX_PARTS];
	int started[INDEX_PARTS] = { 0 };
	for (size_t k = 1; k < n; k++)
		started[k] = !pthread_create(&tid[k], NULL, index_pass_run,
					     &pass[k]);
	index_pass_run(&pass[0]);
	int failed = pass[0].failed;
	for (size_t k = 1; k < n; k++) {
		if (started[k])
			pthread_join(tid[k], NULL);
		else
			index_pass_run(&pass[k]);
		failed |= pass[k].failed;
	}
	return failed ? -1 : 0;
}

/* The variants table for the characters counted (FOLD: hanzi.h), its
 * bytes into `l`, the counts folded through it, made at `*fold` (the
 * caller frees it). */
static enum err_code make_fold(struct layout *l, struct index_builder *b,
			       struct hanzi *h, struct index_variants **fold,
			       const char *name, struct err *e)
{
	uint32_t *chars;
	size_t n, bad;
	const char *why;
	if (index_builder_letters(b, &chars, &n) < 0)
		return err_set(e, ERR_NOMEM, "%s: out of memory", name);
	enum err_code rc = hanzi_table(h, chars, n, &l->fold, &l->fold_len, e);
	free(chars);
	if (rc) {
		char why_not[ERR_MSG_MAX];
		snprintf(why_not, sizeof why_not, "%s", e->msg);
		return err_set(e, rc, "%s: the variants table: %s", name,
			       why_not);
	}
	switch (index_variants_make(l->fold, l->fold_len / INDEX_VARIANT_SIZE,
				    fold, &bad, &why)) {
	case 0:
		break;
	case -1:
		return err_set(e, ERR_NOMEM, "%s: out of memory", name);
	default: /* hanzi_table keeps the rules: never */
		return err_set(e, ERR_CORRUPT, "%s: variants table entry %zu: "
			       "%s", name, bad, why);
	}
	if (index_builder_fold(b, *fold) < 0)
		return err_set(e, ERR_NOMEM, "%s: out of memory", name);
	return ERR_OK;
}

/* The search index over TEXT (`text` bytes), and the variants table it is
 * folded through: the articles cut into parts of about equal text, their
 * pairs counted, the table made for the characters found, then the pairs
 * placed. */
static enum err_code build_index(struct layout *l, const struct article *v,
				 size_t n, uint64_t text, struct hanzi *h,
				 const char *name, struct err *e)
{
	struct index_pass pass[INDEX_PARTS];
	size_t from = 0;
	for (size_t k = 0; k < INDEX_PARTS; k++) {
		size_t to = from;
		uint64_t end = text / INDEX_PARTS * (k + 1);
		while (to < n && (k + 1 == INDEX_PARTS || l->head[to].text < end))
			to++;
		pass[k] = (struct index_pass){ NULL, l, v, k, from, to, 0, 0 };
		from = to;
	}
	struct index_builder *b = index_builder_new(INDEX_PARTS);
	struct index_variants *fold = NULL;
	enum err_code rc = ERR_OK;
	int failed = !b;
	for (size_t k = 0; k < INDEX_PARTS; k++)
		pass[k].b = b;
	failed = failed || index_passes(pass, INDEX_PARTS) < 0;
	if (!failed && h)
		rc = make_fold(l, b, h, &fold, name, e);
	failed = failed || rc || index_builder_layout(b) < 0;
	for (size_t k = 0; k < INDEX_PARTS; k++)
		pass[k].place = 1;
	int enc = 0;
	failed = failed || index_passes(pass, INDEX_PARTS) < 0 ||
		 (enc = index_builder_encode(b, &l->index, &l->index_len)) < 0;
	index_builder_free(b);
	index_variants_free(fold);
	if (rc)
		return rc;
	if (enc == -2)
		return err_set(e, ERR_TOOBIG, "%s: a pair of characters occurs "
			       "more than %" PRIu32 " times: too much text for "
			       "one corpus file", name, (uint32_t)UINT32_MAX);
	if (failed)
		return err_set(e, ERR_NOMEM, "%s: out of memory building the "
			       "search index", name);
	return ERR_OK;
}

static enum err_code plan_article(struct layout *l, const struct article *a,
				  size_t i, const char *name, uint64_t *text,
				  struct err *e)
{
	if (make_head(a, &l->head[i]) != ERR_OK)
		return err_set(e, ERR_NOMEM, "%s: out of memory", name);
	l->head[i].text = *text;
	size_t nw = nwritten(l, a - i, i);
	if (nw > UINT32_MAX - (uint64_t)l->nblocks)
		return err_set(e, ERR_TOOBIG,
			       "%s: article %zu: more than %" PRIu32
			       " blocks in all",
			       name, i, (uint32_t)UINT32_MAX);
	l->nblocks += (uint32_t)nw;

	const char *f[NFIELDS];
	article_fields(a, f);
	for (int k = 0; k < NFIELDS; k++) {
		if (!f[k] || !*f[k])
			continue;
		size_t len = strlen(f[k]);
		if (!utf8_valid(f[k], len))
			return err_set(e, ERR_ENCODING,
				       "%s: article %zu: %s is not valid UTF-8",
				       name, i, corpus_field_name[k]);
		enum err_code rc = strtab_add(&l->strings, f[k], len);
		if (rc == ERR_NOMEM)
			return err_set(e, rc, "%s: out of memory", name);
		if (rc)
			return err_set(e, rc,
				       "%s: article %zu: metadata strings "
				       "exceed %" PRIu32 " bytes",
				       name, i, (uint32_t)UINT32_MAX);
	}

	for (size_t j = 0; j < nw; j++) {
		const struct article_block *b = written(l, a - i, i, j);
		if (j >= l->head[i].n && b->kind != BLOCK_PARA &&
		    b->kind != BLOCK_HEAD)
			return err_set(e, ERR_USAGE,
				       "%s: article %zu block %zu: unknown "
				       "kind %d", name, i, j, (int)b->kind);
		if (!b->text)
			return err_set(e, ERR_USAGE,
				       "%s: article %zu block %zu: no text",
				       name, i, j);
		size_t len = strlen(b->text);
		/* TEXT ends every block with '\n'; one inside would make
		 * the file say something the record does not. */
		if (memchr(b->text, '\n', len))
			return err_set(e, ERR_USAGE,
				       "%s: article %zu block %zu: text "
				       "contains a newline",
				       name, i, j);
		if (!utf8_valid(b->text, len))
			return err_set(e, ERR_ENCODING,
				       "%s: article %zu block %zu: text is not "
				       "valid UTF-8",
				       name, i, j);
		if (len > UINT32_MAX || len + 1 > UINT64_MAX - *text)
			return err_set(e, ERR_TOOBIG,
				       "%s: article %zu block %zu: text too "
				       "long", name, i, j);
		*text += len + 1;
	}
	return ERR_OK;
}

static enum err_code plan(struct layout *l, const struct article *v, size_t n,
			  struct hanzi *h, const char *name, struct err *e)
{
	memset(l, 0, sizeof *l);
	/* Checked before touching `v`, so a count alone can be tested. */
	if (n > UINT32_MAX)
		return err_set(e, ERR_TOOBIG,
			       "%s: %zu articles, at most %" PRIu32 " fit",
			       name, n, (uint32_t)UINT32_MAX);
	l->head = calloc(n ? n : 1, sizeof *l->head);
	if (!l->head)
		return err_set(e, ERR_NOMEM, "%s: out of memory", name);
	uint64_t text = 0;
	for (size_t i = 0; i < n; i++) {
		enum err_code rc = plan_article(l, &v[i], i, name, &text, e);
		if (rc)
			return rc;
	}
	enum err_code rc = build_index(l, v, n, text, h, name, e);
	if (rc)
		return rc;

	/* Sizes below are at most 2^38 for the records and 2^32 for the
	 * strings; only TEXT can be large, hence the one check. */
	uint64_t at = CORPUS_HEADER_SIZE;
	l->off[SEC_ARTICLES] = at;
	l->len[SEC_ARTICLES] = (uint64_t)n * ARTICLE_SIZE;
	at += l->len[SEC_ARTICLES];
	l->off[SEC_BLOCKS] = at;
	l->len[SEC_BLOCKS] = (uint64_t)l->nblocks * BLOCK_SIZE;
	at += l->len[SEC_BLOCKS];
	l->off[SEC_STRINGS] = at;
	l->len[SEC_STRINGS] = l->strings.size;
	at = align8(at + l->strings.size);
	if (text > UINT64_MAX / 2 - at)
		return err_set(e, ERR_TOOBIG, "%s: text too large", name);
	l->off[SEC_TEXT] = at;
	l->len[SEC_TEXT] = text;
	at = align8(at + text);
	l->off[SEC_FOLD] = at;
	l->len[SEC_FOLD] = l->fold_len;
	at = align8(at + l->fold_len);
	l->off[SEC_INDEX] = at;
	l->len[SEC_INDEX] = l->index_len;
	at = align8(at + l->index_len);
	l->off[SEC_SUMS] = at;
	uint64_t nchunks = chunks_for(at - CORPUS_HEADER_SIZE);
	if (nchunks > UINT32_MAX)
		return err_set(e, ERR_TOOBIG, "%s: text too large", name);
	l->nchunks = (uint32_t)nchunks;
	l->len[SEC_SUMS] = nchunks * SUM_SIZE;
	l->size = at + l->len[SEC_SUMS];
	return ERR_OK;
}

static void emit_article(struct outfile *o, const struct layout *l,
			 const struct article *a, uint32_t first,
			 uint32_t nblocks)
{
	uint8_t r[ARTICLE_SIZE] = { 0 };
	le_put32(r + A_FLAGS, a->flags);
	le_put32(r + A_DATE, a->date);
	le_put32(r + A_FIRST, first);
	le_put32(r + A_NBLOCKS, nblocks);
	const char *f[NFIELDS];
	article_fields(a, f);
	for (int k = 0; k < NFIELDS; k++) {
		if (!f[k] || !*f[k])
			continue; /* none: offset and length stay 0 */
		size_t len = strlen(f[k]);
		uint8_t *ref = r + A_STRINGS + 8 * k;
		le_put32(ref, strtab_off(&l->strings, f[k], len));
		le_put32(ref + 4, (uint32_t)len);
	}
	outfile_data(o, r, sizeof r);
}

/* Everything but the header, which the caller writes from `hdr`. */
static void emit_file(struct outfile *o, const struct layout *l,
		      const struct article *v, size_t n,
		      uint8_t hdr[CORPUS_HEADER_SIZE])
{
	memset(hdr, 0, CORPUS_HEADER_SIZE);
	outfile_put(o, hdr, CORPUS_HEADER_SIZE); /* a placeholder until the end */

	uint32_t first = 0;
	for (size_t i = 0; i < n; i++) {
		uint32_t nw = (uint32_t)nwritten(l, v, i);
		emit_article(o, l, &v[i], first, nw);
		first += nw;
	}

	uint64_t text = 0;
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < nwritten(l, v, i); j++) {
			const struct article_block *b = written(l, v, i, j);
			uint32_t len = (uint32_t)strlen(b->text);
			uint8_t r[BLOCK_SIZE] = { 0 };
			le_put64(r + B_OFFSET, text);
			le_put32(r + B_LEN, len);
			le_put16(r + B_KIND, (uint16_t)b->kind);
			outfile_data(o, r, sizeof r);
			text += (uint64_t)len + 1;
		}
	}

	for (size_t k = 0; k < l->strings.n; k++)
		outfile_data(o, l->strings.v[k].s, l->strings.v[k].len);
	outfile_pad_to(o, l->off[SEC_TEXT]);

	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < nwritten(l, v, i); j++) {
			const char *s = written(l, v, i, j)->text;
			outfile_data(o, s, strlen(s));
			outfile_data(o, "\n", 1);
		}
	}
	outfile_pad_to(o, l->off[SEC_FOLD]);
	outfile_data(o, l->fold, l->fold_len);
	outfile_pad_to(o, l->off[SEC_INDEX]);
	outfile_data(o, l->index, l->index_len);
	outfile_pad_to(o, l->off[SEC_SUMS]);
	outfile_end_data(o);

	outfile_put(o, o->sums, SUM_SIZE * o->nsums);

	memcpy(hdr + H_MAGIC, corpus_magic, sizeof corpus_magic);
	le_put32(hdr + H_VERSION, CORPUS_VERSION);
	le_put32(hdr + H_HSIZE, CORPUS_HEADER_SIZE);
	le_put64(hdr + H_FSIZE, l->size);
	le_put32(hdr + H_NARTICLES, (uint32_t)n);
	le_put32(hdr + H_NBLOCKS, l->nblocks);
	le_put32(hdr + H_CHUNK, CORPUS_CHUNK_SIZE);
	le_put32(hdr + H_NCHUNKS, l->nchunks);
	for (int s = 0; s < NSEC; s++) {
		le_put64(hdr + H_SECTIONS + 16 * s, l->off[s]);
		le_put64(hdr + H_SECTIONS + 16 * s + 8, l->len[s]);
	}
	le_put64(hdr + H_SUMS_HASH, XXH3_64bits(o->sums, SUM_SIZE * o->nsums));
	le_put64(hdr + H_HASH, XXH3_64bits(hdr, H_HASH));
}

enum err_code corpus_write_mem(const struct article *v, size_t n,
			       struct hanzi *h, void **data, size_t *size,
			       struct err *e)
{
	static const char name[] = "(memory)";
	struct layout l;
	enum err_code rc = plan(&l, v, n, h, name, e);
	if (rc) {
		layout_free(&l, n);
		return rc;
	}
	uint8_t *mem = l.size <= SIZE_MAX ? malloc((size_t)l.size) : NULL;
	struct outfile o;
	if (!mem || outfile_init(&o, mem, NULL, l.nchunks)) {
		free(mem);
		layout_free(&l, n);
		return err_set(e, ERR_NOMEM, "%s: out of memory for %" PRIu64
			       " bytes", name, l.size);
	}
	uint8_t hdr[CORPUS_HEADER_SIZE];
	emit_file(&o, &l, v, n, hdr);
	memcpy(mem, hdr, sizeof hdr);
	outfile_free(&o);
	layout_free(&l, n);
	*data = mem;
	*size = (size_t)l.size;
	return ERR_OK;
}

/* Emit the file into the open temporary file `fd` and make it durable. */
static enum err_code write_tmp(int fd, const struct layout *l,
			       const struct article *v, size_t n,
			       const char *path, const char *tmp,
			       struct err *e)
{
	FILE *f = fdopen(fd, "wb");
	if (!f) {
		int err = errno;
		close(fd);
		return err_errno(e, err, "%s: writing %s", path, tmp);
	}
	struct outfile o;
	if (outfile_init(&o, NULL, f, l->nchunks)) {
		fclose(f);
		return err_set(e, ERR_NOMEM, "%s: out of memory", path);
	}
	uint8_t hdr[CORPUS_HEADER_SIZE];
	emit_file(&o, l, v, n, hdr);
	int err = o.err;
	outfile_free(&o);
	if (!err && fflush(f) != 0)
		err = errno;
	if (!err) {
		ssize_t w = pwrite(fd, hdr, sizeof hdr, 0);
		if (w < 0)
			err = errno;
		else if (w != (ssize_t)sizeof hdr)
			err = EIO;
	}
	/* mkstemp makes the file 0600; a corpus is meant to be shared. */
	if (!err && fchmod(fd, 0644) != 0)
		err = errno;
	if (!err && fsync(fd) != 0)
		err = errno;
	if (fclose(f) != 0 && !err)
		err = errno;
	if (err)
		return err_errno(e, err, "%s: writing %s", path, tmp);
	return ERR_OK;
}

void corpus_write_abandon(void)
{
	outfile_abandon();
}

/* What write_tmp needs, for outfile_replace. */
struct writing {
	const struct layout *l;
	const struct article *v;
	size_t n;
	const char *path;
};

static enum err_code fill(void *ctx, int fd, const char *tmp, struct err *e)
{
	const struct writing *w = ctx;
	return write_tmp(fd, w->l, w->v, w->n, w->path, tmp, e);
}

enum err_code corpus_write(const char *path, const struct article *v, size_t n,
			   struct hanzi *h, struct err *e)
{
	struct layout l;
	enum err_code rc = plan(&l, v, n, h, path, e);
	if (rc) {
		layout_free(&l, n);
		return rc;
	}
	struct writing w = { &l, v, n, path };
	rc = outfile_replace(path, fill, &w, e);
	layout_free(&l, n);
	return rc;
}

