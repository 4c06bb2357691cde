/* corpus: the corpus file format (see include/kanbao/corpus.h).
 *
 * The writer makes two passes over the articles.  The first checks the input
 * and lays the file out (section sizes, interned strings); the second emits
 * the bytes in file order, hashing the data region chunk by chunk as it
 * goes, so corpus_write never holds the whole file in memory and the header,
 * which needs every checksum, is written last.
 *
 * The reader trusts nothing in the file.  Opening checks the header, the
 * section table and the SUMS table, nothing that grows with the text.  Every
 * record, string and text an accessor touches is bounds-checked against its
 * section, and the chunks under it are checked against SUMS the first time
 * (a bitmap remembers which chunks passed).  Integers are read byte by byte,
 * so neither the host's byte order nor the buffer's alignment matters.
 */
#include "kanbao/corpus.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "kanbao/fs.h"
#include "kanbao/search.h"
#include "kanbao/utf8.h"

enum section {
	SEC_ARTICLES,
	SEC_BLOCKS,
	SEC_STRINGS,
	SEC_TEXT,
	SEC_INDEX,
	SEC_SUMS,
	NSEC
};

static const char *const sec_name[NSEC] = {
	"ARTICLES", "BLOCKS", "STRINGS", "TEXT", "INDEX", "SUMS",
};

/* Byte offsets of the header fields and record fields (see corpus.h). */
enum {
	H_MAGIC = 0,
	H_VERSION = 8,
	H_HSIZE = 12,
	H_FSIZE = 16,
	H_NARTICLES = 24,
	H_NBLOCKS = 28,
	H_CHUNK = 32,
	H_NCHUNKS = 36,
	H_SECTIONS = 40,
	H_SUMS_HASH = 136,
	H_RESERVED = 144,
	H_HASH = 152,

	ARTICLE_SIZE = 64,
	A_FLAGS = 0,
	A_DATE = 4,
	A_FIRST = 8,
	A_NBLOCKS = 12,
	A_STRINGS = 16, /* NFIELDS x { u32 offset, u32 length }; version 3
			   has NFIELDS_V3, then reserved zeros */

	BLOCK_SIZE = 16,
	B_OFFSET = 0,
	B_LEN = 8,
	B_KIND = 12,
	B_RESERVED = 14,

	NFIELDS = 6, /* strings per article */
	NFIELDS_V3 = 5, /* in version 3: no page */
	SUM_SIZE = 8, /* bytes per entry of SUMS */
};

_Static_assert(A_STRINGS + 8 * NFIELDS == ARTICLE_SIZE,
	       "an article record's strings fill it to its end");

static const uint8_t magic[8] = { 'K', 'A', 'N', 'B', 'A', 'O', 0, 0x1a };

static const char *const field_name[NFIELDS] = {
	"title", "subtitle", "source", "place", "byline", "page",
};

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p)
{
	return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> 8 * i);
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static uint64_t align8(uint64_t n)
{
	return (n + 7) & ~(uint64_t)7;
}

/* Chunks needed to cover `n` bytes of data region. */
static uint64_t chunks_for(uint64_t n)
{
	return n / CORPUS_CHUNK_SIZE + (n % CORPUS_CHUNK_SIZE != 0);
}

/* "bytes A-B" in messages names inclusive offsets. */
static uint64_t last_byte(uint64_t off, uint64_t len)
{
	return len ? off + len - 1 : off;
}

/* ------------------------------------------------------------------ */
/* Writer */

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
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		struct str_entry *v = realloc(t->v, cap * sizeof *v);
		if (!v)
			return -1;
		t->v = v;
		t->cap = cap;
	}
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
};

/* Where everything goes, decided before the first byte is written. */
struct layout {
	uint64_t off[NSEC], len[NSEC];
	uint32_t nblocks;
	uint32_t nchunks;
	uint64_t size; /* the whole file */
	struct strtab strings;
	struct head *head; /* one per article */
	uint8_t *index; /* the INDEX section, built from TEXT */
	size_t index_len;
};

static void layout_free(struct layout *l, size_t n)
{
	for (size_t i = 0; l->head && i < n; i++)
		free(l->head[i].meta);
	free(l->head);
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

/* The search index over TEXT: two passes over the blocks in TEXT order. */
static enum err_code build_index(struct layout *l, const struct article *v,
				 size_t n, const char *name, struct err *e)
{
	struct search_builder *b = search_builder_new();
	int failed = !b;
	for (size_t i = 0; !failed && i < n; i++)
		for (size_t j = 0; !failed && j < nwritten(l, v, i); j++) {
			const char *t = written(l, v, i, j)->text;
			failed = search_builder_count(b, t, strlen(t)) < 0;
		}
	failed = failed || search_builder_layout(b) < 0;
	uint64_t at = 0;
	for (size_t i = 0; !failed && i < n; i++)
		for (size_t j = 0; !failed && j < nwritten(l, v, i); j++) {
			const char *t = written(l, v, i, j)->text;
			size_t len = strlen(t);
			failed = search_builder_place(b, t, len, at) < 0;
			at += len + 1;
		}
	failed = failed ||
		 search_builder_encode(b, &l->index, &l->index_len) < 0;
	search_builder_free(b);
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
				       name, i, field_name[k]);
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
			  const char *name, struct err *e)
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
	enum err_code rc = build_index(l, v, n, name, e);
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

/* Where the bytes go: a buffer (corpus_write_mem) or a stream. */
struct out {
	uint8_t *mem; /* the whole file, or NULL */
	FILE *f; /* the temporary file when `mem` is NULL */
	int err; /* errno of the first failed write, 0 if none */
	uint64_t pos; /* bytes emitted */
	XXH3_state_t *xx; /* hash of the current chunk so far */
	uint64_t fill; /* bytes in the current chunk */
	uint8_t *sums; /* the SUMS section: a u64 per finished chunk */
	size_t nsums;
};

static void emit(struct out *o, const void *p, size_t n)
{
	if (o->mem) {
		memcpy(o->mem + o->pos, p, n);
	} else if (!o->err && n > 0) {
		errno = 0;
		if (fwrite(p, 1, n, o->f) != n)
			o->err = errno ? errno : EIO;
	}
	o->pos += n;
}

static void end_chunk(struct out *o)
{
	put64(o->sums + SUM_SIZE * o->nsums++, XXH3_64bits_digest(o->xx));
	XXH3_64bits_reset(o->xx);
	o->fill = 0;
}

/* Emit bytes of the data region, which SUMS covers. */
static void emit_data(struct out *o, const void *p, size_t n)
{
	const uint8_t *b = p;
	while (n > 0) {
		size_t take = CORPUS_CHUNK_SIZE - o->fill;
		if (take > n)
			take = n;
		XXH3_64bits_update(o->xx, b, take);
		emit(o, b, take);
		o->fill += take;
		b += take;
		n -= take;
		if (o->fill == CORPUS_CHUNK_SIZE)
			end_chunk(o);
	}
}

/* Zero padding up to the file offset `to`. */
static void pad_data(struct out *o, uint64_t to)
{
	static const uint8_t zero[8];
	while (o->pos < to)
		emit_data(o, zero, to - o->pos < 8 ? to - o->pos : 8);
}

static void emit_article(struct out *o, const struct layout *l,
			 const struct article *a, uint32_t first,
			 uint32_t nblocks)
{
	uint8_t r[ARTICLE_SIZE] = { 0 };
	put32(r + A_FLAGS, a->flags);
	put32(r + A_DATE, a->date);
	put32(r + A_FIRST, first);
	put32(r + A_NBLOCKS, nblocks);
	const char *f[NFIELDS];
	article_fields(a, f);
	for (int k = 0; k < NFIELDS; k++) {
		if (!f[k] || !*f[k])
			continue; /* none: offset and length stay 0 */
		size_t len = strlen(f[k]);
		uint8_t *ref = r + A_STRINGS + 8 * k;
		put32(ref, strtab_off(&l->strings, f[k], len));
		put32(ref + 4, (uint32_t)len);
	}
	emit_data(o, r, sizeof r);
}

/* Everything but the header, which the caller writes from `hdr`. */
static void emit_file(struct out *o, const struct layout *l,
		      const struct article *v, size_t n,
		      uint8_t hdr[CORPUS_HEADER_SIZE])
{
	memset(hdr, 0, CORPUS_HEADER_SIZE);
	emit(o, hdr, CORPUS_HEADER_SIZE); /* a placeholder until the end */

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
			put64(r + B_OFFSET, text);
			put32(r + B_LEN, len);
			put16(r + B_KIND, (uint16_t)b->kind);
			emit_data(o, r, sizeof r);
			text += (uint64_t)len + 1;
		}
	}

	for (size_t k = 0; k < l->strings.n; k++)
		emit_data(o, l->strings.v[k].s, l->strings.v[k].len);
	pad_data(o, l->off[SEC_TEXT]);

	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < nwritten(l, v, i); j++) {
			const char *s = written(l, v, i, j)->text;
			emit_data(o, s, strlen(s));
			emit_data(o, "\n", 1);
		}
	}
	pad_data(o, l->off[SEC_INDEX]);
	emit_data(o, l->index, l->index_len);
	pad_data(o, l->off[SEC_SUMS]);
	if (o->fill > 0)
		end_chunk(o);

	emit(o, o->sums, SUM_SIZE * o->nsums);

	memcpy(hdr + H_MAGIC, magic, sizeof magic);
	put32(hdr + H_VERSION, CORPUS_VERSION);
	put32(hdr + H_HSIZE, CORPUS_HEADER_SIZE);
	put64(hdr + H_FSIZE, l->size);
	put32(hdr + H_NARTICLES, (uint32_t)n);
	put32(hdr + H_NBLOCKS, l->nblocks);
	put32(hdr + H_CHUNK, CORPUS_CHUNK_SIZE);
	put32(hdr + H_NCHUNKS, l->nchunks);
	for (int s = 0; s < NSEC; s++) {
		put64(hdr + H_SECTIONS + 16 * s, l->off[s]);
		put64(hdr + H_SECTIONS + 16 * s + 8, l->len[s]);
	}
	put64(hdr + H_SUMS_HASH, XXH3_64bits(o->sums, SUM_SIZE * o->nsums));
	put64(hdr + H_HASH, XXH3_64bits(hdr, H_HASH));
}

/* Prepare `o` for a file laid out as `l`; `mem` may be NULL. */
static enum err_code out_init(struct out *o, const struct layout *l,
			      uint8_t *mem, FILE *f)
{
	memset(o, 0, sizeof *o);
	o->mem = mem;
	o->f = f;
	o->xx = XXH3_createState();
	/* Room for one more than needed, so no chunks is not malloc(0). */
	o->sums = malloc(((size_t)l->nchunks + 1) * SUM_SIZE);
	if (!o->xx || !o->sums) {
		XXH3_freeState(o->xx);
		free(o->sums);
		return ERR_NOMEM;
	}
	XXH3_64bits_reset(o->xx);
	return ERR_OK;
}

static void out_free(struct out *o)
{
	XXH3_freeState(o->xx);
	free(o->sums);
}

enum err_code corpus_write_mem(const struct article *v, size_t n, void **data,
			       size_t *size, struct err *e)
{
	static const char name[] = "(memory)";
	struct layout l;
	enum err_code rc = plan(&l, v, n, name, e);
	if (rc) {
		layout_free(&l, n);
		return rc;
	}
	uint8_t *mem = l.size <= SIZE_MAX ? malloc((size_t)l.size) : NULL;
	struct out o;
	if (!mem || out_init(&o, &l, mem, NULL)) {
		free(mem);
		layout_free(&l, n);
		return err_set(e, ERR_NOMEM, "%s: out of memory for %" PRIu64
			       " bytes", name, l.size);
	}
	uint8_t hdr[CORPUS_HEADER_SIZE];
	emit_file(&o, &l, v, n, hdr);
	memcpy(mem, hdr, sizeof hdr);
	out_free(&o);
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
	struct out o;
	if (out_init(&o, l, NULL, f)) {
		fclose(f);
		return err_set(e, ERR_NOMEM, "%s: out of memory", path);
	}
	uint8_t hdr[CORPUS_HEADER_SIZE];
	emit_file(&o, l, v, n, hdr);
	int err = o.err;
	out_free(&o);
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

/* The temporary file being written, for corpus_write_abandon: set once
 * the file exists, cleared after it is renamed or removed. */
static char *volatile pending;

void corpus_write_abandon(void)
{
	char *tmp = pending;
	if (tmp)
		unlink(tmp);
}

enum err_code corpus_write(const char *path, const struct article *v, size_t n,
			   struct err *e)
{
	struct layout l;
	enum err_code rc = plan(&l, v, n, path, e);
	if (rc) {
		layout_free(&l, n);
		return rc;
	}
	/* Beside the target, so the rename cannot cross file systems. */
	size_t plen = strlen(path);
	char *tmp = malloc(plen + sizeof ".XXXXXX");
	if (!tmp) {
		layout_free(&l, n);
		return err_set(e, ERR_NOMEM, "%s: out of memory", path);
	}
	memcpy(tmp, path, plen);
	memcpy(tmp + plen, ".XXXXXX", sizeof ".XXXXXX");
	/* No signal between the file's creation and `pending` naming it,
	 * nor between the rename and `pending` forgetting it. */
	sigset_t all, was;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &was);
	int fd = mkstemp(tmp);
	int err = errno;
	if (fd >= 0)
		pending = tmp;
	sigprocmask(SIG_SETMASK, &was, NULL);
	if (fd < 0) {
		rc = err_errno(e, err, "%s: cannot create a temporary file",
			       path);
	} else {
		rc = write_tmp(fd, &l, v, n, path, tmp, e);
		sigprocmask(SIG_BLOCK, &all, &was);
		if (!rc && rename(tmp, path) != 0)
			rc = err_errno(e, errno, "%s: cannot rename %s to it",
				       path, tmp);
		if (rc)
			unlink(tmp);
		pending = NULL;
		sigprocmask(SIG_SETMASK, &was, NULL);
		if (!rc)
			fs_sync_parent(path);
	}
	free(tmp);
	layout_free(&l, n);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Reader */

struct corpus {
	const uint8_t *p; /* the file: our mapping or the caller's buffer */
	size_t size; /* bytes at `p` */
	int mapped; /* whether corpus_close unmaps `p` */
	char *name; /* path or name, for messages */
	uint32_t narticles, nblocks, nchunks;
	int nfields; /* strings in an article record: NFIELDS, or NFIELDS_V3
			in a version 3 file */
	uint64_t off[NSEC], len[NSEC]; /* the section table, checked */
	uint8_t *checked; /* bit i set once chunk i matched SUMS */
	uint64_t *starts; /* corpus_article_starts' table, once made
			     (atomically: two threads may ask) */
};

static enum err_code check_header(struct corpus *c, struct err *e)
{
	const uint8_t *h = c->p;
	const char *name = c->name;
	size_t hlen = c->size < sizeof magic ? c->size : sizeof magic;
	if (memcmp(h, magic, hlen) != 0)
		return err_set(e, ERR_FORMAT, "%s: not a kanbao corpus "
			       "(bad magic)", name);
	if (c->size < CORPUS_HEADER_SIZE)
		return err_set(e, ERR_TRUNCATED, "%s: truncated: file is %zu "
			       "bytes, the header alone is %d",
			       name, c->size, CORPUS_HEADER_SIZE);
	uint32_t version = get32(h + H_VERSION);
	if (version < CORPUS_VERSION_OLDEST || version > CORPUS_VERSION)
		return err_set(e, ERR_VERSION, "%s: corpus version %" PRIu32
			       ", this program reads versions %d to %d",
			       name, version, CORPUS_VERSION_OLDEST,
			       CORPUS_VERSION);
	uint32_t hsize = get32(h + H_HSIZE);
	if (hsize != CORPUS_HEADER_SIZE)
		return err_set(e, ERR_CORRUPT, "%s: header size is %" PRIu32
			       ", version %" PRIu32 " has %d",
			       name, hsize, version, CORPUS_HEADER_SIZE);
	if (XXH3_64bits(h, H_HASH) != get64(h + H_HASH))
		return err_set(e, ERR_CHECKSUM, "%s: checksum mismatch in "
			       "bytes 0-%d (header)", name, H_HASH - 1);
	/* From here on the header is as written; what remains is to check
	 * that the writer (or a forger who fixed the checksum) made sense. */
	uint64_t fsize = get64(h + H_FSIZE);
	if (fsize > c->size)
		return err_set(e, ERR_TRUNCATED, "%s: truncated: file is %zu "
			       "bytes, header says %" PRIu64,
			       name, c->size, fsize);
	if (fsize < c->size)
		return err_set(e, ERR_CORRUPT, "%s: file is %zu bytes, header "
			       "says %" PRIu64, name, c->size, fsize);
	if (get64(h + H_RESERVED) != 0)
		return err_set(e, ERR_CORRUPT, "%s: reserved header field is "
			       "not zero", name);
	uint32_t chunk = get32(h + H_CHUNK);
	if (chunk != CORPUS_CHUNK_SIZE)
		return err_set(e, ERR_CORRUPT, "%s: chunk size is %" PRIu32
			       ", expected %d", name, chunk, CORPUS_CHUNK_SIZE);
	c->nfields = version >= 4 ? NFIELDS : NFIELDS_V3;
	c->narticles = get32(h + H_NARTICLES);
	c->nblocks = get32(h + H_NBLOCKS);
	c->nchunks = get32(h + H_NCHUNKS);
	return ERR_OK;
}

static enum err_code check_sections(struct corpus *c, struct err *e)
{
	const char *name = c->name;
	uint64_t end = CORPUS_HEADER_SIZE; /* end of the previous section */
	for (int s = 0; s < NSEC; s++) {
		uint64_t off = get64(c->p + H_SECTIONS + 16 * s);
		uint64_t len = get64(c->p + H_SECTIONS + 16 * s + 8);
		if (off % 8 != 0)
			return err_set(e, ERR_CORRUPT, "%s: %s section offset "
				       "%" PRIu64 " is not 8-byte aligned",
				       name, sec_name[s], off);
		if (off < end)
			return err_set(e, ERR_CORRUPT, "%s: %s section at %"
				       PRIu64 " overlaps what comes before "
				       "it (which ends at %" PRIu64 ")",
				       name, sec_name[s], off, end);
		if (off > c->size || len > c->size - off)
			return err_set(e, ERR_CORRUPT, "%s: %s section (%"
				       PRIu64 " bytes at %" PRIu64 ") runs "
				       "past the end of the file (%zu bytes)",
				       name, sec_name[s], len, off, c->size);
		c->off[s] = off;
		c->len[s] = len;
		end = off + len;
	}
	/* Anything after SUMS would be covered by no checksum. */
	if (end != c->size)
		return err_set(e, ERR_CORRUPT, "%s: SUMS section ends at %"
			       PRIu64 ", not at the end of the file (%zu)",
			       name, end, c->size);

	const struct {
		int sec;
		uint64_t count, each;
	} want[] = {
		{ SEC_ARTICLES, c->narticles, ARTICLE_SIZE },
		{ SEC_BLOCKS, c->nblocks, BLOCK_SIZE },
		{ SEC_SUMS, c->nchunks, SUM_SIZE },
	};
	for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
		int s = want[k].sec;
		if (c->len[s] != want[k].count * want[k].each)
			return err_set(e, ERR_CORRUPT, "%s: %s section is %"
				       PRIu64 " bytes, expected %" PRIu64
				       " x %" PRIu64, name, sec_name[s],
				       c->len[s], want[k].count, want[k].each);
	}
	uint64_t data = c->off[SEC_SUMS] - CORPUS_HEADER_SIZE;
	if (c->nchunks != chunks_for(data))
		return err_set(e, ERR_CORRUPT, "%s: %" PRIu32 " chunks cannot "
			       "cover a data region of %" PRIu64 " bytes",
			       name, c->nchunks, data);
	uint64_t sum = get64(c->p + H_SUMS_HASH);
	if (XXH3_64bits(c->p + c->off[SEC_SUMS], c->len[SEC_SUMS]) != sum)
		return err_set(e, ERR_CHECKSUM, "%s: checksum mismatch in "
			       "bytes %" PRIu64 "-%" PRIu64 " (SUMS)", name,
			       c->off[SEC_SUMS],
			       last_byte(c->off[SEC_SUMS], c->len[SEC_SUMS]));
	return ERR_OK;
}

/* Build a handle over `p` and validate it; on failure `p` is not freed. */
static enum err_code open_common(const uint8_t *p, size_t size,
				 const char *name, int mapped,
				 struct corpus **out, struct err *e)
{
	struct corpus *c = calloc(1, sizeof *c);
	char *copy = strdup(name);
	if (!c || !copy) {
		free(c);
		free(copy);
		return err_set(e, ERR_NOMEM, "%s: out of memory", name);
	}
	c->p = p;
	c->size = size;
	c->name = copy;
	enum err_code rc = size == 0 ? err_set(e, ERR_EMPTY, "%s: file is "
					       "empty", name)
				     : check_header(c, e);
	if (!rc)
		rc = check_sections(c, e);
	if (!rc) {
		/* The +1 keeps calloc from returning NULL for no chunks. */
		c->checked = calloc((size_t)c->nchunks / 8 + 1, 1);
		if (!c->checked)
			rc = err_set(e, ERR_NOMEM, "%s: out of memory", name);
	}
	if (rc) {
		free(c->name);
		free(c);
		return rc;
	}
	c->mapped = mapped;
	*out = c;
	return ERR_OK;
}

enum err_code corpus_open_mem(const void *data, size_t size, const char *name,
			      struct corpus **out, struct err *e)
{
	if (!name)
		name = "(memory)";
	if (!data && size > 0)
		return err_set(e, ERR_USAGE, "%s: no data", name);
	return open_common(data, size, name, 0, out, e);
}

enum err_code corpus_open(const char *path, struct corpus **out, struct err *e)
{
	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return err_errno(e, errno, "%s", path);
	struct stat st;
	if (fstat(fd, &st) != 0) {
		int err = errno;
		close(fd);
		return err_errno(e, err, "%s", path);
	}
	enum err_code rc = ERR_OK;
	if (S_ISDIR(st.st_mode))
		rc = err_set(e, ERR_ISDIR, "%s: is a directory", path);
	else if (!S_ISREG(st.st_mode))
		rc = err_set(e, ERR_FORMAT, "%s: not a regular file", path);
	else if (st.st_size == 0)
		rc = err_set(e, ERR_EMPTY, "%s: file is empty", path);
	else if ((uint64_t)st.st_size > SIZE_MAX)
		rc = err_set(e, ERR_TOOBIG, "%s: too large to map", path);
	if (rc) {
		close(fd);
		return rc;
	}
	size_t size = (size_t)st.st_size;
	void *p = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	int err = errno;
	close(fd);
	if (p == MAP_FAILED)
		return err_errno(e, err, "%s: cannot map", path);
	rc = open_common(p, size, path, 1, out, e);
	if (rc)
		munmap(p, size);
	return rc;
}

void corpus_close(struct corpus *c)
{
	if (!c)
		return;
	if (c->mapped)
		munmap((void *)c->p, c->size);
	free(c->checked);
	free(c->starts);
	free(c->name);
	free(c);
}

size_t corpus_article_count(const struct corpus *c)
{
	return c->narticles;
}

/* Check every chunk under file bytes [a, b) against SUMS, once each.
 * The caller has checked HEADER <= a <= b <= start of SUMS. */
static enum err_code check_chunks(struct corpus *c, uint64_t a, uint64_t b,
				  struct err *e)
{
	if (a >= b)
		return ERR_OK;
	uint64_t first = (a - CORPUS_HEADER_SIZE) / CORPUS_CHUNK_SIZE;
	uint64_t last = (b - 1 - CORPUS_HEADER_SIZE) / CORPUS_CHUNK_SIZE;
	const uint8_t *sums = c->p + c->off[SEC_SUMS];
	for (uint64_t i = first; i <= last; i++) {
		uint8_t bit = (uint8_t)(1u << (i % 8));
		/* Atomic: the reader's search thread checks chunks too.  Two
		 * threads may check one chunk at once; both find the same. */
		if (__atomic_load_n(&c->checked[i / 8], __ATOMIC_RELAXED) & bit)
			continue;
		uint64_t start = CORPUS_HEADER_SIZE + i * CORPUS_CHUNK_SIZE;
		uint64_t end = start + CORPUS_CHUNK_SIZE;
		if (end > c->off[SEC_SUMS])
			end = c->off[SEC_SUMS];
		if (XXH3_64bits(c->p + start, end - start) !=
		    get64(sums + i * SUM_SIZE))
			return err_set(e, ERR_CHECKSUM, "%s: checksum mismatch "
				       "in bytes %" PRIu64 "-%" PRIu64,
				       c->name, start, end - 1);
		__atomic_fetch_or(&c->checked[i / 8], bit, __ATOMIC_RELAXED);
	}
	return ERR_OK;
}

/* Check `len` bytes at `off` of section `s` and return a pointer to them. */
static enum err_code section_bytes(struct corpus *c, int s, uint64_t off,
				   uint64_t len, const uint8_t **out,
				   struct err *e)
{
	/* Callers have bounded off and len by the section, so this cannot
	 * overflow. */
	uint64_t at = c->off[s] + off;
	enum err_code rc = check_chunks(c, at, at + len, e);
	if (!rc)
		*out = c->p + at;
	return rc;
}

static enum err_code get_string(struct corpus *c, size_t i, int k,
				const uint8_t *ref, struct corpus_str *out,
				struct err *e)
{
	uint32_t off = get32(ref), len = get32(ref + 4);
	if (len == 0) {
		/* None: a valid pointer all the same, for memcpy and "%.*s". */
		*out = (struct corpus_str){ "", 0 };
		return ERR_OK;
	}
	if ((uint64_t)off + len > c->len[SEC_STRINGS])
		return err_set(e, ERR_CORRUPT, "%s: article %zu: %s (%" PRIu32
			       " bytes at %" PRIu32 ") lies outside STRINGS (%"
			       PRIu64 " bytes)", c->name, i, field_name[k], len,
			       off, c->len[SEC_STRINGS]);
	const uint8_t *p;
	enum err_code rc = section_bytes(c, SEC_STRINGS, off, len, &p, e);
	if (rc)
		return rc;
	if (!utf8_valid((const char *)p, len))
		return err_set(e, ERR_CORRUPT, "%s: article %zu: %s is not "
			       "valid UTF-8", c->name, i, field_name[k]);
	*out = (struct corpus_str){ (const char *)p, len };
	return ERR_OK;
}

/* Article i's record, its reserved bytes (a version 3 file's, where
 * version 4 keeps the page) and its blocks checked. */
static enum err_code article_record(struct corpus *c, size_t i,
				    const uint8_t **rec, uint32_t *first,
				    uint32_t *nblocks, struct err *e)
{
	const uint8_t *r = NULL;
	enum err_code rc = section_bytes(c, SEC_ARTICLES,
					 (uint64_t)i * ARTICLE_SIZE,
					 ARTICLE_SIZE, &r, e);
	if (rc)
		return rc;
	for (int b = A_STRINGS + 8 * c->nfields; b < ARTICLE_SIZE; b++)
		if (r[b] != 0)
			return err_set(e, ERR_CORRUPT, "%s: article %zu: "
				       "reserved fields are not zero",
				       c->name, i);
	*first = get32(r + A_FIRST), *nblocks = get32(r + A_NBLOCKS);
	if ((uint64_t)*first + *nblocks > c->nblocks)
		return err_set(e, ERR_CORRUPT, "%s: article %zu: blocks %"
			       PRIu32 "+%" PRIu32 " run past the %" PRIu32
			       " blocks of the file", c->name, i, *first,
			       *nblocks, c->nblocks);
	*rec = r;
	return ERR_OK;
}

/* Block j's record: its kind, and its place in TEXT checked against the
 * section (the text itself is not read). */
static enum err_code block_record(struct corpus *c, size_t j, uint64_t *off,
				  uint32_t *len, uint16_t *kind, struct err *e)
{
	const uint8_t *r;
	enum err_code rc = section_bytes(c, SEC_BLOCKS,
					 (uint64_t)j * BLOCK_SIZE, BLOCK_SIZE,
					 &r, e);
	if (rc)
		return rc;
	*off = get64(r + B_OFFSET);
	*len = get32(r + B_LEN);
	*kind = get16(r + B_KIND);
	if (get16(r + B_RESERVED) != 0)
		return err_set(e, ERR_CORRUPT, "%s: block %zu: reserved field "
			       "is not zero", c->name, j);
	if (*kind > BLOCK_META)
		return err_set(e, ERR_CORRUPT, "%s: block %zu: unknown kind %u",
			       c->name, j, (unsigned)*kind);
	/* The text and the '\n' after it. */
	uint64_t text = c->len[SEC_TEXT];
	if (*off > text || (uint64_t)*len + 1 > text - *off)
		return err_set(e, ERR_CORRUPT, "%s: block %zu: %" PRIu32
			       " bytes at %" PRIu64 " lie outside TEXT (%"
			       PRIu64 " bytes)", c->name, j, *len, *off, text);
	return ERR_OK;
}

enum err_code corpus_article_starts(struct corpus *c, const uint64_t **starts,
				    struct err *e)
{
	uint64_t *made = __atomic_load_n(&c->starts, __ATOMIC_ACQUIRE);
	if (made) {
		*starts = made;
		return ERR_OK;
	}
	uint64_t *v = malloc(((size_t)c->narticles + 1) * sizeof *v);
	if (!v)
		return err_set(e, ERR_NOMEM, "out of memory");
	/* From the end: an article without blocks starts where the next
	 * one does. */
	uint64_t at = c->len[SEC_TEXT];
	v[c->narticles] = at;
	for (size_t i = c->narticles; i-- > 0;) {
		const uint8_t *r = NULL;
		uint32_t first = 0, nblocks = 0, len;
		uint16_t kind;
		uint64_t off;
		enum err_code rc = article_record(c, i, &r, &first, &nblocks, e);
		if (!rc && nblocks)
			rc = block_record(c, first, &off, &len, &kind, e);
		if (!rc && nblocks && off > at)
			rc = err_set(e, ERR_CORRUPT, "%s: article %zu starts "
				     "after the next one", c->name, i);
		if (rc) {
			free(v);
			return rc;
		}
		if (nblocks)
			at = off;
		v[i] = at;
	}
	/* Another thread may have made it meanwhile: keep the first. */
	if (!__atomic_compare_exchange_n(&c->starts, &made, v, 0,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		free(v);
		v = made;
	}
	*starts = v;
	return ERR_OK;
}

enum err_code corpus_article(struct corpus *c, size_t i,
			     struct corpus_article *out, struct err *e)
{
	if (i >= c->narticles)
		return err_set(e, ERR_USAGE, "%s: no article %zu (there are %"
			       PRIu32 ")", c->name, i, c->narticles);
	const uint8_t *r = NULL;
	uint32_t first = 0, nblocks = 0;
	enum err_code rc = article_record(c, i, &r, &first, &nblocks, e);
	if (rc)
		return rc;
	struct corpus_str s[NFIELDS];
	for (int k = 0; k < NFIELDS; k++) {
		if (k >= c->nfields) {
			/* Not in a version 3 record: none. */
			s[k] = (struct corpus_str){ "", 0 };
			continue;
		}
		rc = get_string(c, i, k, r + A_STRINGS + 8 * k, &s[k], e);
		if (rc)
			return rc;
	}
	*out = (struct corpus_article){
		.title = s[0],
		.subtitle = s[1],
		.source = s[2],
		.place = s[3],
		.byline = s[4],
		.page = s[5],
		.date = get32(r + A_DATE),
		.flags = get32(r + A_FLAGS),
		.first_block = first,
		.nblocks = nblocks,
	};
	return ERR_OK;
}

enum err_code corpus_block(struct corpus *c, size_t j, struct corpus_block *out,
			   struct err *e)
{
	if (j >= c->nblocks)
		return err_set(e, ERR_USAGE, "%s: no block %zu (there are %"
			       PRIu32 ")", c->name, j, c->nblocks);
	uint64_t off;
	uint32_t len;
	uint16_t kind;
	enum err_code rc = block_record(c, j, &off, &len, &kind, e);
	if (rc)
		return rc;
	const uint8_t *p;
	rc = section_bytes(c, SEC_TEXT, off, (uint64_t)len + 1, &p, e);
	if (rc)
		return rc;
	if (p[len] != '\n')
		return err_set(e, ERR_CORRUPT, "%s: block %zu: text is not "
			       "followed by a newline", c->name, j);
	if (memchr(p, '\n', len))
		return err_set(e, ERR_CORRUPT, "%s: block %zu: text contains "
			       "a newline", c->name, j);
	if (!utf8_valid((const char *)p, len))
		return err_set(e, ERR_CORRUPT, "%s: block %zu: text is not "
			       "valid UTF-8", c->name, j);
	*out = (struct corpus_block){
		.kind = (enum block_kind)kind,
		.text = { (const char *)p, len },
		.offset = off,
	};
	return ERR_OK;
}

size_t corpus_block_count(const struct corpus *c)
{
	return c->nblocks;
}

const char *corpus_name(const struct corpus *c)
{
	return c->name;
}

uint64_t corpus_text_size(const struct corpus *c)
{
	return c->len[SEC_TEXT];
}

uint64_t corpus_index_size(const struct corpus *c)
{
	return c->len[SEC_INDEX];
}

static enum err_code range(struct corpus *c, int sec, uint64_t off,
			   uint64_t len, const uint8_t **out, struct err *e)
{
	if (off > c->len[sec] || len > c->len[sec] - off)
		return err_set(e, ERR_CORRUPT, "%s: %" PRIu64 " bytes at %"
			       PRIu64 " lie outside %s (%" PRIu64 " bytes)",
			       c->name, len, off, sec_name[sec], c->len[sec]);
	return section_bytes(c, sec, off, len, out, e);
}

enum err_code corpus_text(struct corpus *c, uint64_t off, uint64_t len,
			  const uint8_t **out, struct err *e)
{
	return range(c, SEC_TEXT, off, len, out, e);
}

enum err_code corpus_index(struct corpus *c, uint64_t off, uint64_t len,
			   const uint8_t **out, struct err *e)
{
	return range(c, SEC_INDEX, off, len, out, e);
}

enum err_code corpus_identity(struct corpus *c, char out[33], struct err *e)
{
	/* Both are checked at open: the header against its own checksum, SUMS
	 * against the header's; every chunk is covered by SUMS. */
	XXH3_state_t *st = XXH3_createState();
	if (!st)
		return err_set(e, ERR_NOMEM, "%s: out of memory", c->name);
	int bad = XXH3_128bits_reset(st) != XXH_OK ||
		  XXH3_128bits_update(st, c->p, CORPUS_HEADER_SIZE) != XXH_OK ||
		  XXH3_128bits_update(st, c->p + c->off[SEC_SUMS],
				      (size_t)c->len[SEC_SUMS]) != XXH_OK;
	XXH128_hash_t h = XXH3_128bits_digest(st);
	XXH3_freeState(st);
	if (bad)
		return err_set(e, ERR_IO, "%s: cannot hash the header", c->name);
	snprintf(out, 33, "%016" PRIx64 "%016" PRIx64, (uint64_t)h.high64,
		 (uint64_t)h.low64);
	return ERR_OK;
}

enum err_code corpus_verify(struct corpus *c, struct err *e)
{
	enum err_code rc = check_chunks(c, CORPUS_HEADER_SIZE,
					c->off[SEC_SUMS], e);
	if (rc)
		return rc;
	/* Blocks belong to articles in order: each article starts where the
	 * one before it ended, and together they cover every block. */
	uint64_t next = 0;
	for (size_t i = 0; i < c->narticles; i++) {
		struct corpus_article a;
		rc = corpus_article(c, i, &a, e);
		if (rc)
			return rc;
		if (a.first_block != next)
			return err_set(e, ERR_CORRUPT, "%s: article %zu starts "
				       "at block %" PRIu32 ", expected %"
				       PRIu64, c->name, i, a.first_block, next);
		next += a.nblocks;
	}
	if (next != c->nblocks)
		return err_set(e, ERR_CORRUPT, "%s: the articles cover %" PRIu64
			       " of the %" PRIu32 " blocks", c->name, next,
			       c->nblocks);
	for (size_t j = 0; j < c->nblocks; j++) {
		struct corpus_block b;
		rc = corpus_block(c, j, &b, e);
		if (rc)
			return rc;
	}
	return ERR_OK;
}
