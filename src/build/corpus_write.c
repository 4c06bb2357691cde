/* corpus_write: the corpus file's writer (see
 * include/kanbao/build/corpus_write.h; the format is in corpus.h).
 *
 * Articles are written as they come, each to the end of the scratch files
 * (build/scratch.h) of the sections it adds to: its record, its blocks'
 * records, its text; only the metadata strings, stored once each, stay in
 * memory.  At the end the search index is built from the text read back,
 * in runs of bounded size spilled to a scratch file of their own and
 * merged (index_write.h), and the file is emitted in order from the
 * scratch files, its data region hashed chunk by chunk as it goes; the
 * header, which needs every checksum, is written last.  Memory stays
 * bounded however many articles there are, but for the strings.
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
#include "kanbao/base/buf.h"
#include "kanbao/base/fs.h"
#include "kanbao/base/le.h"
#include "kanbao/base/utf8.h"
#include "kanbao/build/index_write.h"
#include "kanbao/build/outfile.h"
#include "kanbao/build/scratch.h"
#include "kanbao/format/corpus_file.h"
#include "kanbao/format/index.h"

/* The distinct metadata strings, their bytes in the order they are stored
 * (the STRINGS section itself), with an open-addressing hash table over
 * them so interning stays O(1). */
struct str_entry {
	uint32_t len;
	uint32_t off; /* offset in STRINGS */
	uint64_t hash; /* XXH3-64 of the bytes */
};

struct strtab {
	struct str_entry *v; /* distinct strings, in STRINGS order */
	size_t n, cap;
	size_t *slot; /* index + 1 into `v`, 0 for empty */
	size_t nslot; /* a power of two, kept at least twice `n` */
	struct buf bytes; /* STRINGS so far */
};

static void strtab_free(struct strtab *t)
{
	free(t->v);
	free(t->slot);
	buf_free(&t->bytes);
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
		if (x->hash == hash && x->len == len &&
		    !memcmp(t->bytes.p + x->off, s, len))
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
		*strtab_slot(t, t->bytes.p + t->v[i].off, t->v[i].len,
			     t->v[i].hash) = i + 1;
	return 0;
}

/* Store `s` once, its offset in STRINGS in `*off`.  Returns ERR_OK,
 * ERR_NOMEM, or ERR_TOOBIG when STRINGS would outgrow the u32 offsets of
 * the article records. */
static enum err_code strtab_add(struct strtab *t, const char *s, size_t len,
				uint32_t *off)
{
	if (strtab_grow(t) < 0)
		return ERR_NOMEM;
	uint64_t hash = XXH3_64bits(s, len);
	size_t *slot = strtab_slot(t, s, len, hash);
	if (*slot) {
		*off = t->v[*slot - 1].off;
		return ERR_OK;
	}
	if (len > UINT32_MAX - t->bytes.len)
		return ERR_TOOBIG;
	*off = (uint32_t)t->bytes.len;
	buf_put(&t->bytes, s, len);
	if (t->bytes.failed)
		return ERR_NOMEM;
	t->v[t->n] = (struct str_entry){ (uint32_t)len, *off, hash };
	*slot = ++t->n;
	return ERR_OK;
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

/* Block j of the blocks article `a` is written as: its head, then its
 * body. */
static const struct article_block *written(const struct head *h,
					   const struct article *a, size_t j)
{
	return j < h->n ? &h->b[j] : &a->blocks[j - h->n];
}

/* The scratch files, one a section an article adds to. */
enum { SCR_ARTICLES, SCR_BLOCKS, SCR_TEXT, SCR_RUNS, NSCRATCH };

/* Code points a bit each, for the characters TEXT holds. */
enum { CODES = 0x110000 };

struct corpus_writer {
	char *name; /* the file written, or "(memory)": for messages */
	char *dir; /* where the scratch files are */
	struct scratch scr[NSCRATCH]; /* fd -1 until opened */
	struct strtab strings;
	uint32_t narticles, nblocks; /* added so far */
	uint64_t text; /* bytes of TEXT so far */
	uint64_t *seen; /* CODES bits: the characters from U+0080 on that
			   TEXT holds */
	uint8_t *fold; /* the FOLD section, made at the end */
	size_t fold_len;
	struct index_runs *runs; /* the INDEX section's runs, at the end */
	struct index_map_maker map; /* its MAP, at the end */
	uint64_t units; /* TEXT's units (format/index.h), at the end */
	uint64_t uadded; /* TEXT's units so far, as articles are added */
	uint64_t *ustart; /* each article's start in units (INDEX) */
	size_t ustart_cap; /* entries of room at ustart */
	uint64_t off[NSEC], len[NSEC]; /* the layout, at the end */
};

static const char *scratch_what[NSCRATCH] = {
	"article records", "block records", "text", "search index runs",
};

/* Text of a run of the index: at most this many bytes (but for a block
 * longer than that: a run holds it whole).  A run of 16 MiB of Han text
 * takes about 60 MB (its positions, its pairs' tables, the text): 85 MB
 * peak for a build of 100 MB, where 64 MiB took 256 MB for the same time
 * (README, "At scale").  KANBAO_INDEX_RUN_BYTES, for tests, makes it
 * smaller. */
enum { RUN_BYTES = 16 << 20 };

static size_t run_bytes(void)
{
	const char *s = getenv("KANBAO_INDEX_RUN_BYTES");
	char *end;
	unsigned long long n = s && *s ? strtoull(s, &end, 10) : 0;
	return n > 0 && n < RUN_BYTES && !*end ? (size_t)n : RUN_BYTES;
}

void corpus_writer_free(struct corpus_writer *w)
{
	if (!w)
		return;
	for (int k = 0; k < NSCRATCH; k++)
		scratch_close(&w->scr[k]);
	strtab_free(&w->strings);
	index_runs_free(w->runs);
	index_map_free(&w->map);
	free(w->ustart);
	free(w->seen);
	free(w->fold);
	free(w->dir);
	free(w->name);
	free(w);
}

enum err_code corpus_writer_new(const char *path, struct corpus_writer **out,
				struct err *e)
{
	const char *name = path ? path : "(memory)";
	struct corpus_writer *w = calloc(1, sizeof *w);
	*out = NULL;
	if (!w)
		return err_set(e, ERR_NOMEM, "%s: out of memory", name);
	for (int k = 0; k < NSCRATCH; k++)
		w->scr[k].fd = -1;
	index_map_init(&w->map);
	w->name = strdup(name);
	w->dir = scratch_dir(path);
	w->seen = calloc(CODES / 64, sizeof *w->seen);
	if (!w->name || !w->dir || !w->seen) {
		corpus_writer_free(w);
		return err_set(e, ERR_NOMEM, "%s: out of memory", name);
	}
	for (int k = 0; k < NSCRATCH; k++) {
		int err = scratch_open(&w->scr[k], w->dir);
		if (err) {
			enum err_code rc = err_errno(e, err, "%s: cannot make "
						     "a temporary file in %s",
						     name, w->dir);
			corpus_writer_free(w);
			return rc;
		}
	}
	*out = w;
	return ERR_OK;
}

/* A scratch file's failure, as the error of the build. */
static enum err_code scratch_failed(const struct corpus_writer *w, int k,
				    int err, struct err *e)
{
	return err_errno(e, err, "%s: writing the %s to a temporary file in "
			 "%s", w->name, scratch_what[k], w->dir);
}

/* Every field and block of article `a` (the writer's `i`th) checked
 * against the format's rules, its strings stored (their offsets into
 * `r`, an article record), its head made. */
static enum err_code check_article(struct corpus_writer *w,
				   const struct article *a, size_t i,
				   struct head *h, uint8_t *r, struct err *e)
{
	const char *name = w->name;
	size_t nw = h->n + a->nblocks;
	if (nw > UINT32_MAX - (uint64_t)w->nblocks)
		return err_set(e, ERR_TOOBIG,
			       "%s: article %zu: more than %" PRIu32
			       " blocks in all",
			       name, i, (uint32_t)UINT32_MAX);

	const char *f[NFIELDS];
	article_fields(a, f);
	for (int k = 0; k < NFIELDS; k++) {
		if (!f[k] || !*f[k])
			continue; /* none: offset and length stay 0 */
		size_t len = strlen(f[k]);
		if (!utf8_valid(f[k], len))
			return err_set(e, ERR_ENCODING,
				       "%s: article %zu: %s is not valid UTF-8",
				       name, i, corpus_field_name[k]);
		uint32_t off = 0;
		enum err_code rc = strtab_add(&w->strings, f[k], len, &off);
		if (rc == ERR_NOMEM)
			return err_set(e, rc, "%s: out of memory", name);
		if (rc)
			return err_set(e, rc,
				       "%s: article %zu: metadata strings "
				       "exceed %" PRIu32 " bytes",
				       name, i, (uint32_t)UINT32_MAX);
		uint8_t *ref = r + A_STRINGS + 8 * k;
		le_put32(ref, off);
		le_put32(ref + 4, (uint32_t)len);
	}

	uint64_t text = w->text;
	for (size_t j = 0; j < nw; j++) {
		const struct article_block *b = written(h, a, j);
		if (j >= h->n && b->kind != BLOCK_PARA &&
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
		/* TEXT's end stays far from 2^64: the file's size is its
		 * sum with the other sections' */
		if (len > UINT32_MAX || len + 1 > UINT64_MAX / 4 - text)
			return err_set(e, ERR_TOOBIG,
				       "%s: article %zu block %zu: text too "
				       "long", name, i, j);
		text += len + 1;
	}
	return ERR_OK;
}

/* The characters from U+0080 on of `len` bytes of valid UTF-8, into
 * w->seen; their units (format/index.h) into w->uadded. */
static void see(struct corpus_writer *w, const char *s, size_t len)
{
	uint64_t units = len;
	for (size_t i = 0; i < len;) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		uint32_t uc;
		size_t step = utf8_next(s + i, len - i, &uc);
		units -= step - index_char_units(step);
		i += step;
		w->seen[uc / 64] |= 1ull << uc % 64;
	}
	w->uadded += units;
}

enum err_code corpus_writer_add(struct corpus_writer *w,
				const struct article *a, struct err *e)
{
	size_t i = w->narticles;
	if (i == UINT32_MAX)
		return err_set(e, ERR_TOOBIG,
			       "%s: more than %" PRIu32 " articles: at most "
			       "that many fit", w->name, (uint32_t)UINT32_MAX);
	struct head h;
	if (make_head(a, &h) != ERR_OK)
		return err_set(e, ERR_NOMEM, "%s: out of memory", w->name);
	uint8_t r[ARTICLE_SIZE] = { 0 };
	enum err_code rc = check_article(w, a, i, &h, r, e);
	if (rc) {
		free(h.meta);
		return rc;
	}
	size_t nw = h.n + a->nblocks;
	if (array_grow(&w->ustart, &w->ustart_cap, i + 1,
		       sizeof *w->ustart) < 0) {
		free(h.meta);
		return err_set(e, ERR_NOMEM, "%s: out of memory", w->name);
	}
	w->ustart[i] = w->uadded;
	le_put32(r + A_FLAGS, a->flags);
	le_put32(r + A_DATE, a->date);
	le_put32(r + A_FIRST, w->nblocks);
	le_put32(r + A_NBLOCKS, (uint32_t)nw);
	/* its text starts here, or the next one's does when it has none */
	le_put64(r + A_START, w->text);
	scratch_put(&w->scr[SCR_ARTICLES], r, sizeof r);
	for (size_t j = 0; j < nw; j++) {
		const char *t = written(&h, a, j)->text;
		size_t len = strlen(t);
		uint8_t br[BLOCK_SIZE] = { 0 };
		le_put64(br + B_OFFSET, w->text);
		le_put32(br + B_LEN, (uint32_t)len);
		le_put16(br + B_KIND, (uint16_t)written(&h, a, j)->kind);
		scratch_put(&w->scr[SCR_BLOCKS], br, sizeof br);
		scratch_put(&w->scr[SCR_TEXT], t, len);
		scratch_put(&w->scr[SCR_TEXT], "\n", 1);
		see(w, t, len);
		w->uadded++; /* the '\n' */
		w->text += len + 1;
	}
	free(h.meta);
	w->narticles++;
	w->nblocks += (uint32_t)nw;
	for (int k = 0; k < SCR_RUNS; k++)
		if (w->scr[k].err)
			return scratch_failed(w, k, w->scr[k].err, e);
	return ERR_OK;
}

/* The letters and digits from U+0080 on that start the pairs of the
 * index (format/index.h): the characters seen, folded without variants,
 * ascending, each once, in a malloc'd *chars (NULL when none).  What the
 * variants table is made for (build/hanzi.h).  0, or -1 when out of
 * memory. */
static int letters(const struct corpus_writer *w, uint32_t **chars,
		   size_t *n)
{
	uint64_t *start = calloc(CODES / 64, sizeof *start);
	*chars = NULL;
	*n = 0;
	if (!start)
		return -1;
	size_t count = 0;
	/* a word of bits at a time: most of the code space is never seen */
	for (uint32_t c = 0x80; c < CODES; c++) {
		if (!w->seen[c / 64]) {
			c |= 63;
			continue;
		}
		if (!(w->seen[c / 64] >> c % 64 & 1))
			continue;
		uint32_t f = index_fold(NULL, c);
		if (f < 0x80 || !index_starts_pair(f) ||
		    start[f / 64] >> f % 64 & 1)
			continue;
		start[f / 64] |= 1ull << f % 64;
		count++;
	}
	uint32_t *v = count ? malloc(count * sizeof *v) : NULL;
	if (count && !v) {
		free(start);
		return -1;
	}
	for (uint32_t c = 0x80; c < CODES; c++) {
		if (!start[c / 64])
			c |= 63;
		else if (start[c / 64] >> c % 64 & 1)
			v[(*n)++] = c;
	}
	free(start);
	*chars = v;
	return 0;
}

/* The variants table for the characters of TEXT (FOLD: hanzi.h), its
 * bytes into `w`, made at `*fold` (the caller frees it). */
static enum err_code make_fold(struct corpus_writer *w, struct hanzi *h,
			       struct index_variants **fold, struct err *e)
{
	const char *name = w->name;
	uint32_t *chars;
	size_t n, bad;
	const char *why;
	if (letters(w, &chars, &n) < 0)
		return err_set(e, ERR_NOMEM, "%s: out of memory", name);
	enum err_code rc = hanzi_table(h, chars, n, &w->fold, &w->fold_len, e);
	free(chars);
	if (rc) {
		char why_not[ERR_MSG_MAX];
		snprintf(why_not, sizeof why_not, "%s", e->msg);
		return err_set(e, rc, "%s: the variants table: %s", name,
			       why_not);
	}
	switch (index_variants_make(w->fold, w->fold_len / INDEX_VARIANT_SIZE,
				    fold, &bad, &why)) {
	case 0:
		return ERR_OK;
	case -1:
		return err_set(e, ERR_NOMEM, "%s: out of memory", name);
	default: /* hanzi_table keeps the rules: never */
		return err_set(e, ERR_CORRUPT, "%s: variants table entry %zu: "
			       "%s", name, bad, why);
	}
}

/* A run of the search index is counted and placed in this many parts of
 * about equal text, each on a thread of its own: it is most of what the
 * writer does, and the file's bytes are the same. */
enum { INDEX_PARTS = 2 };

/* One part's pass over its blocks: `len` bytes of TEXT, from its offset
 * in units `at`, each block ended by '\n'. */
struct index_pass {
	struct index_builder *b;
	size_t part;
	const char *text;
	size_t len;
	uint64_t at; /* placing: where it starts in TEXT, in units */
	uint64_t units; /* counting: its units, '\n's too */
	int place; /* 0: count the pairs, 1: place them */
	int failed;
};

static void *index_pass_run(void *arg)
{
	struct index_pass *p = arg;
	uint64_t at = p->at;
	for (size_t i = 0; !p->failed && i < p->len;) {
		const char *nl = memchr(p->text + i, '\n', p->len - i);
		size_t len = (size_t)(nl - (p->text + i));
		uint64_t units = 0;
		p->failed = (p->place ? index_builder_place(p->b, p->part,
							    p->text + i, len,
							    at, &units)
				      : index_builder_count(p->b, p->part,
							    p->text + i, len,
							    &units)) < 0;
		at += units + 1;
		i += len + 1;
	}
	p->units = at - p->at;
	return NULL;
}

/* Run every part's pass, the first on this thread and the others on
 * threads of their own (or here, should a thread not start).  0, or -1
 * when a pass ran out of memory. */
static int index_passes(struct index_pass *pass, int place)
{
	pthread_t tid[INDEX_PARTS];
	int started[INDEX_PARTS] = { 0 };
	for (size_t k = 0; k < INDEX_PARTS; k++)
		pass[k].place = place;
	for (size_t k = 1; k < INDEX_PARTS; k++)
		started[k] = !pthread_create(&tid[k], NULL, index_pass_run,
					     &pass[k]);
	index_pass_run(&pass[0]);
	int failed = pass[0].failed;
	for (size_t k = 1; k < INDEX_PARTS; k++) {
		if (started[k])
			pthread_join(tid[k], NULL);
		else
			index_pass_run(&pass[k]);
		failed |= pass[k].failed;
	}
	return failed ? -1 : 0;
}

/* One run: the `len` bytes of whole blocks at `text`, TEXT's from unit
 * `*at`, cut in parts at blocks, counted, laid out, placed, added to the
 * runs; *at moved past it.  0, -1 out of memory, -3 the scratch file
 * failed. */
static int index_run(struct corpus_writer *w, struct index_builder *b,
		     const char *text, size_t len, uint64_t *at)
{
	struct index_pass pass[INDEX_PARTS];
	size_t from = 0;
	for (size_t k = 0; k < INDEX_PARTS; k++) {
		/* the last part to the end; the others to the end of the
		 * block at their share's end (the text ends with '\n') */
		size_t to = len, mid = len / INDEX_PARTS * (k + 1);
		if (k + 1 < INDEX_PARTS)
			to = mid < from ? from : (size_t)((const char *)memchr(
				text + mid, '\n', len - mid) - text) + 1;
		pass[k] = (struct index_pass){ b, k, text + from, to - from,
					       0, 0, 0, 0 };
		from = to;
	}
	index_builder_reset(b);
	if (index_passes(pass, 0) < 0 || index_builder_layout(b) < 0)
		return -1;
	/* each part's place in units, from the units counting found */
	for (size_t k = 0; k < INDEX_PARTS; k++) {
		pass[k].at = *at;
		*at += pass[k].units;
	}
	if (index_passes(pass, 1) < 0)
		return -1;
	return index_runs_add(w->runs, b);
}

/* The next run of TEXT (the scratch file `t`), from `at`, into `*text`
 * (room for `*cap` bytes, grown when a block is longer): whole blocks, up
 * to the last '\n' that fits, or else the one block, however long; its
 * length in `*len`.  0, or an errno (ENOMEM when it cannot grow). */
static int next_run(const struct scratch *t, uint64_t at, char **text,
		    size_t *cap, uint64_t *len)
{
	size_t got = 0;
	for (;;) {
		uint64_t left = t->size - at - got;
		size_t want = left < *cap - got ? (size_t)left : *cap - got;
		if (want == 0) {
			char *more = *cap <= SIZE_MAX / 2 ?
					     realloc(*text, *cap * 2) : NULL;
			if (!more)
				return ENOMEM;
			*text = more;
			*cap *= 2;
			continue;
		}
		int err = scratch_read(t, at + got, *text + got, want);
		if (err)
			return err;
		got += want;
		size_t n = got;
		while (n > 0 && (*text)[n - 1] != '\n')
			n--;
		if (n > 0) {
			*len = n;
			return 0;
		}
	}
}

/* The search index's runs, over TEXT read back from its scratch file, and
 * the variants table they are folded through. */
static enum err_code build_index(struct corpus_writer *w, struct hanzi *h,
				 struct err *e)
{
	const char *name = w->name;
	struct scratch *t = &w->scr[SCR_TEXT];
	if (scratch_flush(t))
		return scratch_failed(w, SCR_TEXT, t->err, e);
	struct index_variants *fold = NULL;
	enum err_code rc = h ? make_fold(w, h, &fold, e) : ERR_OK;
	if (rc)
		return rc;
	size_t cap = run_bytes();
	char *text = malloc(cap);
	struct index_builder *b = index_builder_new(INDEX_PARTS);
	w->runs = index_runs_new(&w->scr[SCR_RUNS]);
	int failed = !text || !b || !w->runs ||
		     index_builder_fold(b, fold) < 0 ? -1 : 0;
	int err = 0;
	w->units = 0;
	for (uint64_t at = 0, len; !failed && at < t->size; at += len) {
		err = next_run(t, at, &text, &cap, &len);
		failed = err == ENOMEM ? -1 : err ? -3 : 0;
		if (!failed && index_map_add(&w->map, text, (size_t)len) < 0)
			failed = -1;
		if (!failed)
			failed = index_run(w, b, text, (size_t)len, &w->units);
	}
	if (!failed && index_map_finish(&w->map) < 0)
		failed = -1;
	free(text);
	index_builder_free(b);
	index_variants_free(fold);
	if (!failed && scratch_flush(&w->scr[SCR_RUNS]))
		failed = -3;
	if (failed == -3 && err)
		return err_errno(e, err, "%s: reading back the text from a "
				 "temporary file in %s", name, w->dir);
	if (failed == -3)
		return scratch_failed(w, SCR_RUNS, w->scr[SCR_RUNS].err, e);
	if (failed)
		return err_set(e, ERR_NOMEM, "%s: out of memory building the "
			       "search index", name);
	return ERR_OK;
}

/* The sections' places up to INDEX, whose length is known once it is
 * written. */
static enum err_code plan(struct corpus_writer *w, struct err *e)
{
	uint64_t at = CORPUS_HEADER_SIZE;
	w->off[SEC_ARTICLES] = at;
	w->len[SEC_ARTICLES] = (uint64_t)w->narticles * ARTICLE_SIZE;
	at += w->len[SEC_ARTICLES];
	w->off[SEC_BLOCKS] = at;
	w->len[SEC_BLOCKS] = (uint64_t)w->nblocks * BLOCK_SIZE;
	at += w->len[SEC_BLOCKS];
	w->off[SEC_STRINGS] = at;
	w->len[SEC_STRINGS] = w->strings.bytes.len;
	at = align8(at + w->strings.bytes.len);
	w->off[SEC_TEXT] = at;
	w->len[SEC_TEXT] = w->text;
	at = align8(at + w->text);
	w->off[SEC_FOLD] = at;
	w->len[SEC_FOLD] = w->fold_len;
	w->off[SEC_INDEX] = align8(at + w->fold_len);
	for (int k = 0; k < SCR_RUNS; k++)
		if (scratch_flush(&w->scr[k]))
			return scratch_failed(w, k, w->scr[k].err, e);
	return ERR_OK;
}

/* Scratch file k's bytes into the data region.  0, or the errno of a
 * failed read. */
static int copy_scratch(struct outfile *o, const struct scratch *s)
{
	enum { STEP = 1 << 20 };
	uint8_t *p = malloc(STEP);
	if (!p)
		return ENOMEM;
	int err = 0;
	for (uint64_t at = 0; !err && at < s->size; at += STEP) {
		size_t n = s->size - at < STEP ? (size_t)(s->size - at) : STEP;
		err = scratch_read(s, at, p, n);
		if (!err)
			outfile_data(o, p, n);
	}
	free(p);
	return err;
}

/* The file into `o`, the header, written last, in `hdr` for the caller to
 * put at the start. */
static enum err_code emit_file(struct outfile *o, struct corpus_writer *w,
			       uint8_t hdr[CORPUS_HEADER_SIZE], struct err *e)
{
	memset(hdr, 0, CORPUS_HEADER_SIZE);
	outfile_put(o, hdr, CORPUS_HEADER_SIZE); /* a placeholder until the end */
	int err = copy_scratch(o, &w->scr[SCR_ARTICLES]);
	err = err ? err : copy_scratch(o, &w->scr[SCR_BLOCKS]);
	if (!err) {
		outfile_data(o, w->strings.bytes.p, w->strings.bytes.len);
		outfile_pad_to(o, w->off[SEC_TEXT]);
		err = copy_scratch(o, &w->scr[SCR_TEXT]);
	}
	if (err)
		return err_errno(e, err, "%s: reading back a temporary file in "
				 "%s", w->name, w->dir);
	outfile_pad_to(o, w->off[SEC_FOLD]);
	outfile_data(o, w->fold, w->fold_len);
	outfile_pad_to(o, w->off[SEC_INDEX]);
	if (w->units != w->uadded) /* two counts of one text: never */
		return err_set(e, ERR_CORRUPT, "%s: the text counted %" PRIu64
			       " and %" PRIu64 " units", w->name, w->units,
			       w->uadded);
	switch (index_runs_write(w->runs, w->units, &w->map, w->ustart,
				 w->narticles, o)) {
	case 0:
		break;
	case -1:
		return err_set(e, ERR_NOMEM, "%s: out of memory writing the "
			       "search index", w->name);
	case -2:
		return err_set(e, ERR_TOOBIG, "%s: a pair of characters occurs "
			       "more than %" PRIu32 " times: too much text for "
			       "one corpus file", w->name,
			       (uint32_t)UINT32_MAX);
	default:
		return err_errno(e, index_runs_errno(w->runs), "%s: reading "
				 "back the search index's runs from a "
				 "temporary file in %s", w->name, w->dir);
	}
	w->len[SEC_INDEX] = o->pos - w->off[SEC_INDEX];
	w->off[SEC_SUMS] = align8(o->pos);
	uint64_t nchunks = chunks_for(w->off[SEC_SUMS] - CORPUS_HEADER_SIZE);
	if (nchunks > UINT32_MAX)
		return err_set(e, ERR_TOOBIG, "%s: text too large", w->name);
	outfile_pad_to(o, w->off[SEC_SUMS]);
	outfile_end_data(o);
	w->len[SEC_SUMS] = nchunks * SUM_SIZE;
	outfile_put(o, o->sums, SUM_SIZE * o->nsums);

	memcpy(hdr + H_MAGIC, corpus_magic, sizeof corpus_magic);
	le_put32(hdr + H_VERSION, CORPUS_VERSION);
	le_put32(hdr + H_HSIZE, CORPUS_HEADER_SIZE);
	le_put64(hdr + H_FSIZE, w->off[SEC_SUMS] + w->len[SEC_SUMS]);
	le_put32(hdr + H_NARTICLES, w->narticles);
	le_put32(hdr + H_NBLOCKS, w->nblocks);
	le_put32(hdr + H_CHUNK, CORPUS_CHUNK_SIZE);
	le_put32(hdr + H_NCHUNKS, (uint32_t)nchunks);
	for (int s = 0; s < NSEC; s++) {
		le_put64(hdr + H_SECTIONS + 16 * s, w->off[s]);
		le_put64(hdr + H_SECTIONS + 16 * s + 8, w->len[s]);
	}
	le_put64(hdr + H_SUMS_HASH, XXH3_64bits(o->sums, SUM_SIZE * o->nsums));
	le_put64(hdr + H_HASH, XXH3_64bits(hdr, H_HASH));
	return ERR_OK;
}

/* The file emitted into the stream `f` and f closed; the header, in
 * `hdr`, also written at the start of the file `fd` (made durable) unless
 * fd is -1 (then the caller puts it there).  `tmp` names the file in
 * messages. */
static enum err_code emit_to(struct corpus_writer *w, FILE *f, int fd,
			     const char *tmp, uint8_t hdr[CORPUS_HEADER_SIZE],
			     struct err *e)
{
	struct outfile o;
	/* the sums of the text's chunks, with a few for the rest */
	if (outfile_init(&o, NULL, f, chunks_for(w->text) + 16)) {
		fclose(f);
		return err_set(e, ERR_NOMEM, "%s: out of memory", w->name);
	}
	enum err_code rc = emit_file(&o, w, hdr, e);
	int err = o.err;
	outfile_free(&o);
	if (!err && fflush(f) != 0)
		err = errno;
	if (!rc && !err && fd >= 0) {
		ssize_t n = pwrite(fd, hdr, CORPUS_HEADER_SIZE, 0);
		if (n < 0)
			err = errno;
		else if (n != CORPUS_HEADER_SIZE)
			err = EIO;
	}
	/* mkstemp makes the file 0600; a corpus is meant to be shared. */
	if (!rc && !err && fd >= 0 && fchmod(fd, 0644) != 0)
		err = errno;
	if (!rc && !err && fd >= 0 && fsync(fd) != 0)
		err = errno;
	if (fclose(f) != 0 && !err)
		err = errno;
	if (!rc && err)
		return err_errno(e, err, "%s: writing %s", w->name, tmp);
	return rc;
}

static enum err_code finish(struct corpus_writer *w, struct hanzi *h,
			    struct err *e)
{
	enum err_code rc = build_index(w, h, e);
	return rc ? rc : plan(w, e);
}

static enum err_code fill(void *ctx, int fd, const char *tmp, struct err *e)
{
	struct corpus_writer *w = ctx;
	FILE *f = fdopen(fd, "wb");
	if (!f) {
		int err = errno;
		close(fd);
		return err_errno(e, err, "%s: writing %s", w->name, tmp);
	}
	uint8_t hdr[CORPUS_HEADER_SIZE];
	return emit_to(w, f, fd, tmp, hdr, e);
}

enum err_code corpus_writer_finish(struct corpus_writer *w, struct hanzi *h,
				   struct err *e)
{
	enum err_code rc = finish(w, h, e);
	return rc ? rc : outfile_replace(w->name, fill, w, e);
}

enum err_code corpus_writer_finish_mem(struct corpus_writer *w,
				       struct hanzi *h, void **data,
				       size_t *size, struct err *e)
{
	enum err_code rc = finish(w, h, e);
	if (rc)
		return rc;
	char *p = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&p, &n);
	if (!f)
		return err_set(e, ERR_NOMEM, "%s: out of memory", w->name);
	uint8_t hdr[CORPUS_HEADER_SIZE];
	rc = emit_to(w, f, -1, "memory", hdr, e);
	if (rc) {
		free(p);
		return rc;
	}
	memcpy(p, hdr, sizeof hdr);
	*data = p;
	*size = n;
	return ERR_OK;
}

void corpus_write_abandon(void)
{
	outfile_abandon();
}

/* The articles v[0..n) into a new writer, for corpus_write and
 * corpus_write_mem. */
static enum err_code write_all(const char *path, const struct article *v,
			       size_t n, struct corpus_writer **w,
			       struct err *e)
{
	/* Checked before touching `v`, so a count alone can be tested. */
	if (n > UINT32_MAX)
		return err_set(e, ERR_TOOBIG,
			       "%s: %zu articles, at most %" PRIu32 " fit",
			       path ? path : "(memory)", n,
			       (uint32_t)UINT32_MAX);
	enum err_code rc = corpus_writer_new(path, w, e);
	for (size_t i = 0; !rc && i < n; i++)
		rc = corpus_writer_add(*w, &v[i], e);
	return rc;
}

enum err_code corpus_write(const char *path, const struct article *v, size_t n,
			   struct hanzi *h, struct err *e)
{
	struct corpus_writer *w = NULL;
	enum err_code rc = write_all(path, v, n, &w, e);
	if (!rc)
		rc = corpus_writer_finish(w, h, e);
	corpus_writer_free(w);
	return rc;
}

enum err_code corpus_write_mem(const struct article *v, size_t n,
			       struct hanzi *h, void **data, size_t *size,
			       struct err *e)
{
	struct corpus_writer *w = NULL;
	enum err_code rc = write_all(NULL, v, n, &w, e);
	if (!rc)
		rc = corpus_writer_finish_mem(w, h, data, size, e);
	corpus_writer_free(w);
	return rc;
}
