/* corpus: the corpus file's reader (see include/kanbao/format/corpus.h).
 *
 * The reader trusts nothing in the file.  Opening checks the header, the
 * section table and the SUMS table, nothing that grows with the text.  Every
 * record, string and text an accessor touches is bounds-checked against its
 * section, and the chunks under it are checked against SUMS the first time
 * (a bitmap remembers which chunks passed).  Integers are read byte by byte,
 * so neither the host's byte order nor the buffer's alignment matters.
 */
#include "kanbao/format/corpus.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "kanbao/base/array.h"
#include "kanbao/base/fs.h"
#include "kanbao/base/le.h"
#include "kanbao/base/utf8.h"
#include "kanbao/format/corpus_file.h"
#include "kanbao/format/corpus_set.h"

const uint8_t corpus_magic[8] = { 'K', 'A', 'N', 'B', 'A', 'O', 0, 0x1a };

const char *const corpus_section_name[NSEC] = {
	"ARTICLES", "BLOCKS", "STRINGS", "TEXT", "FOLD", "INDEX", "SUMS",
};

const char *const corpus_field_name[NFIELDS] = {
	"title", "subtitle", "source", "place", "byline", "page",
};

/* "bytes A-B" in messages names inclusive offsets. */
static uint64_t last_byte(uint64_t off, uint64_t len)
{
	return len ? off + len - 1 : off;
}

struct corpus {
	const uint8_t *p; /* the file: our mapping or the caller's buffer;
			     NULL until mapped for a file of a set opened
			     by its header (set once, atomically) */
	const uint8_t *head; /* its header: at `p`, or in `kept` */
	const uint8_t *sums; /* its SUMS section: in `p`, or in `kept` */
	uint8_t *kept; /* header and SUMS read without mapping (owned) */
	size_t size; /* bytes of the file */
	int mapped; /* whether corpus_close unmaps `p` */
	char *name; /* path or name, for messages */
	uint32_t narticles, nblocks, nchunks;
	uint64_t off[NSEC], len[NSEC]; /* the section table, checked */
	struct index_variants *fold; /* FOLD, checked at open; NULL: none */
	uint8_t *checked; /* bit i set once chunk i matched SUMS */
	uint64_t *starts; /* corpus_article_starts' table, once made
			     (atomically: two threads may ask) */
	void *search_table; /* corpus_keep's, the same way */
	struct corpus_set *set; /* several files read as one (corpus_set.h),
				   owned, and only `name` of the fields above
				   set; NULL for one file */
};

static enum err_code check_header(struct corpus *c, struct err *e)
{
	const uint8_t *h = c->head;
	const char *name = c->name;
	size_t hlen = c->size < sizeof corpus_magic ? c->size : sizeof corpus_magic;
	if (memcmp(h, corpus_magic, hlen) != 0)
		return err_set(e, ERR_FORMAT, "%s: not a kanbao corpus "
			       "(bad corpus_magic)", name);
	/* The version before the header's size, which has changed with it:
	 * an older file is told to be rebuilt, not to be truncated. */
	if (c->size >= H_VERSION + 4) {
		uint32_t version = le_get32(h + H_VERSION);
		if (version < CORPUS_VERSION && version > 0)
			return err_set(e, ERR_VERSION, "%s: corpus version %"
				       PRIu32 ", older than this program "
				       "reads (%d): rebuild it with "
				       "kanbao-build", name, version,
				       CORPUS_VERSION);
		if (version != CORPUS_VERSION)
			return err_set(e, ERR_VERSION, "%s: corpus version %"
				       PRIu32 ", this program reads version "
				       "%d", name, version, CORPUS_VERSION);
	}
	if (c->size < CORPUS_HEADER_SIZE)
		return err_set(e, ERR_TRUNCATED, "%s: truncated: file is %zu "
			       "bytes, the header alone is %d",
			       name, c->size, CORPUS_HEADER_SIZE);
	uint32_t hsize = le_get32(h + H_HSIZE);
	if (hsize != CORPUS_HEADER_SIZE)
		return err_set(e, ERR_CORRUPT, "%s: header size is %" PRIu32
			       ", version %d has %d",
			       name, hsize, CORPUS_VERSION, CORPUS_HEADER_SIZE);
	if (XXH3_64bits(h, H_HASH) != le_get64(h + H_HASH))
		return err_set(e, ERR_CHECKSUM, "%s: checksum mismatch in "
			       "bytes 0-%d (header)", name, H_HASH - 1);
	/* From here on the header is as written; what remains is to check
	 * that the writer (or a forger who fixed the checksum) made sense. */
	uint64_t fsize = le_get64(h + H_FSIZE);
	if (fsize > c->size)
		return err_set(e, ERR_TRUNCATED, "%s: truncated: file is %zu "
			       "bytes, header says %" PRIu64,
			       name, c->size, fsize);
	if (fsize < c->size)
		return err_set(e, ERR_CORRUPT, "%s: file is %zu bytes, header "
			       "says %" PRIu64, name, c->size, fsize);
	if (le_get64(h + H_RESERVED) != 0)
		return err_set(e, ERR_CORRUPT, "%s: reserved header field is "
			       "not zero", name);
	uint32_t chunk = le_get32(h + H_CHUNK);
	if (chunk != CORPUS_CHUNK_SIZE)
		return err_set(e, ERR_CORRUPT, "%s: chunk size is %" PRIu32
			       ", expected %d", name, chunk, CORPUS_CHUNK_SIZE);
	c->narticles = le_get32(h + H_NARTICLES);
	c->nblocks = le_get32(h + H_NBLOCKS);
	c->nchunks = le_get32(h + H_NCHUNKS);
	return ERR_OK;
}

static enum err_code check_sections(struct corpus *c, struct err *e)
{
	const char *name = c->name;
	uint64_t end = CORPUS_HEADER_SIZE; /* end of the previous section */
	for (int s = 0; s < NSEC; s++) {
		uint64_t off = le_get64(c->head + H_SECTIONS + 16 * s);
		uint64_t len = le_get64(c->head + H_SECTIONS + 16 * s + 8);
		if (off % 8 != 0)
			return err_set(e, ERR_CORRUPT, "%s: %s section offset "
				       "%" PRIu64 " is not 8-byte aligned",
				       name, corpus_section_name[s], off);
		if (off < end)
			return err_set(e, ERR_CORRUPT, "%s: %s section at %"
				       PRIu64 " overlaps what comes before "
				       "it (which ends at %" PRIu64 ")",
				       name, corpus_section_name[s], off, end);
		if (off > c->size || len > c->size - off)
			return err_set(e, ERR_CORRUPT, "%s: %s section (%"
				       PRIu64 " bytes at %" PRIu64 ") runs "
				       "past the end of the file (%zu bytes)",
				       name, corpus_section_name[s], len, off, c->size);
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
				       " x %" PRIu64, name, corpus_section_name[s],
				       c->len[s], want[k].count, want[k].each);
	}
	uint64_t data = c->off[SEC_SUMS] - CORPUS_HEADER_SIZE;
	if (c->nchunks != chunks_for(data))
		return err_set(e, ERR_CORRUPT, "%s: %" PRIu32 " chunks cannot "
			       "cover a data region of %" PRIu64 " bytes",
			       name, c->nchunks, data);
	return ERR_OK;
}

/* SUMS (at c->sums) against the header's checksum of it. */
static enum err_code check_sums(struct corpus *c, struct err *e)
{
	uint64_t sum = le_get64(c->head + H_SUMS_HASH);
	if (XXH3_64bits(c->sums, c->len[SEC_SUMS]) != sum)
		return err_set(e, ERR_CHECKSUM, "%s: checksum mismatch in "
			       "bytes %" PRIu64 "-%" PRIu64 " (SUMS)", c->name,
			       c->off[SEC_SUMS],
			       last_byte(c->off[SEC_SUMS], c->len[SEC_SUMS]));
	return ERR_OK;
}

static enum err_code check_chunks(const struct corpus *c, const uint8_t *p,
				  uint64_t a, uint64_t b, struct err *e);

/* The variants table from FOLD of the file at `p` into `*fold`: its
 * chunks against SUMS, its entries against the rules of index.h.  A few
 * thousand entries for the Han of a newspaper, whatever its length. */
static enum err_code load_fold(struct corpus *c, const uint8_t *p,
			       struct index_variants **fold, struct err *e)
{
	uint64_t off = c->off[SEC_FOLD], len = c->len[SEC_FOLD];
	*fold = NULL;
	if (len % INDEX_VARIANT_SIZE != 0)
		return err_set(e, ERR_CORRUPT, "%s: FOLD section is %" PRIu64
			       " bytes, not a multiple of %d", c->name, len,
			       INDEX_VARIANT_SIZE);
	enum err_code rc = check_chunks(c, p, off, off + len, e);
	if (rc)
		return rc;
	size_t bad = 0;
	const char *why = NULL;
	switch (index_variants_make(p + off, (size_t)(len / INDEX_VARIANT_SIZE),
				    fold, &bad, &why)) {
	case 0:
		return ERR_OK;
	case -1:
		return err_set(e, ERR_NOMEM, "%s: out of memory", c->name);
	default:
		return err_set(e, ERR_CORRUPT, "%s: FOLD entry %zu: %s",
			       c->name, bad, why);
	}
}

/* A handle named `name` over the file of `size` bytes whose header is at
 * `head` (all of it, or as much as the file has), its header and section
 * table checked, with the table of checked chunks; its SUMS are not yet
 * read.  ERR_OK, or the header's errors, ERR_NOMEM. */
static enum err_code open_head(const uint8_t *head, size_t size,
			       const char *name, struct corpus **out,
			       struct err *e)
{
	struct corpus *c = calloc(1, sizeof *c);
	char *copy = strdup(name);
	if (!c || !copy) {
		free(c);
		free(copy);
		return err_set(e, ERR_NOMEM, "%s: out of memory", name);
	}
	c->head = head;
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
		corpus_close(c);
		return rc;
	}
	*out = c;
	return ERR_OK;
}

/* Build a handle over `p` and validate it; on failure `p` is not freed. */
static enum err_code open_common(const uint8_t *p, size_t size,
				 const char *name, int mapped,
				 struct corpus **out, struct err *e)
{
	struct corpus *c;
	enum err_code rc = open_head(p, size, name, &c, e);
	if (rc)
		return rc;
	c->p = p;
	c->sums = p + c->off[SEC_SUMS];
	rc = check_sums(c, e);
	if (!rc)
		rc = load_fold(c, p, &c->fold, e);
	if (rc) {
		corpus_close(c); /* not `mapped` yet: `p` is left */
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

/* `path` opened for reading into `*fd`, a regular file of `*size` bytes,
 * not empty and not too large to map.  ERR_OK, or the error naming it. */
static enum err_code open_file(const char *path, int *fd, size_t *size,
			       struct err *e)
{
	/* O_NONBLOCK: opening a FIFO must not wait for a writer. */
	*fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (*fd < 0)
		return err_errno(e, errno, "%s", path);
	struct stat st;
	if (fstat(*fd, &st) != 0) {
		int err = errno;
		close(*fd);
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
		close(*fd);
		return rc;
	}
	*size = (size_t)st.st_size;
	return ERR_OK;
}

/* Map the `size` bytes of `fd` (closed here) into `*p`. */
static enum err_code map_file(int fd, size_t size, const char *path,
			      const uint8_t **p, struct err *e)
{
	void *q = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	int err = errno;
	close(fd);
	if (q == MAP_FAILED)
		return err_errno(e, err, "%s: cannot map", path);
	*p = q;
	return ERR_OK;
}

enum err_code corpus_open(const char *path, struct corpus **out, struct err *e)
{
	int fd;
	size_t size = 0;
	const uint8_t *p = NULL;
	enum err_code rc = open_file(path, &fd, &size, e);
	if (!rc)
		rc = map_file(fd, size, path, &p, e);
	if (rc)
		return rc;
	rc = open_common(p, size, path, 1, out, e);
	if (rc)
		munmap((void *)p, size);
	return rc;
}

/* `len` bytes at `off` of `fd` into `buf`; what a short read leaves is
 * an error naming the file. */
static enum err_code read_at(int fd, uint8_t *buf, size_t len, uint64_t off,
			     const char *path, struct err *e)
{
	while (len) {
		ssize_t n = pread(fd, buf, len, (off_t)off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return err_errno(e, errno, "%s", path);
		if (n == 0)
			return err_set(e, ERR_TRUNCATED, "%s: truncated while "
				       "being read", path);
		buf += n, off += (uint64_t)n, len -= (size_t)n;
	}
	return ERR_OK;
}

enum err_code corpus_open_header(const char *path, struct corpus **out,
				 struct err *e)
{
	int fd;
	size_t size;
	enum err_code rc = open_file(path, &fd, &size, e);
	if (rc)
		return rc;
	uint8_t head[CORPUS_HEADER_SIZE];
	size_t hlen = size < sizeof head ? size : sizeof head;
	struct corpus *c = NULL;
	rc = read_at(fd, head, hlen, 0, path, e);
	if (!rc)
		rc = open_head(head, size, path, &c, e);
	/* the header and SUMS kept: what identifies the file, and what it
	 * must still hold when it is mapped */
	if (!rc && !(c->kept = malloc(CORPUS_HEADER_SIZE +
				      (size_t)c->len[SEC_SUMS])))
		rc = err_set(e, ERR_NOMEM, "%s: out of memory", path);
	if (!rc) {
		memcpy(c->kept, head, CORPUS_HEADER_SIZE);
		c->head = c->kept;
		c->sums = c->kept + CORPUS_HEADER_SIZE;
		rc = read_at(fd, c->kept + CORPUS_HEADER_SIZE,
			     (size_t)c->len[SEC_SUMS], c->off[SEC_SUMS], path,
			     e);
	}
	if (!rc)
		rc = check_sums(c, e);
	close(fd);
	if (rc) {
		corpus_close(c);
		return rc;
	}
	c->mapped = 1;
	*out = c;
	return ERR_OK;
}

/* The file's mapping in `*p`: mapped here the first time for a file
 * opened by its header, then checked to be the file that was opened (its
 * size, header and SUMS as read then) and its FOLD loaded.  Two threads
 * may map it at once: the first to be done is kept. */
static enum err_code mapping(struct corpus *c, const uint8_t **p,
			     struct err *e)
{
	*p = __atomic_load_n(&c->p, __ATOMIC_ACQUIRE);
	if (*p)
		return ERR_OK;
	int fd;
	size_t size = 0;
	const uint8_t *q = NULL;
	enum err_code rc = open_file(c->name, &fd, &size, e);
	if (rc)
		return rc;
	if (size != c->size) {
		close(fd);
		return err_set(e, ERR_CORRUPT, "%s: changed since it was "
			       "opened: %zu bytes, then %zu", c->name, size,
			       c->size);
	}
	if ((rc = map_file(fd, size, c->name, &q, e)))
		return rc;
	if (memcmp(q, c->head, CORPUS_HEADER_SIZE) ||
	    memcmp(q + c->off[SEC_SUMS], c->sums, (size_t)c->len[SEC_SUMS]))
		rc = err_set(e, ERR_CORRUPT, "%s: changed since it was "
			     "opened: its header or checksums differ",
			     c->name);
	struct index_variants *fold = NULL, *none = NULL;
	if (!rc)
		rc = load_fold(c, q, &fold, e);
	if (rc) {
		munmap((void *)q, size);
		return rc;
	}
	/* The same bytes whoever made it: the first table is kept. */
	if (fold && !__atomic_compare_exchange_n(&c->fold, &none, fold, 0,
						 __ATOMIC_ACQ_REL,
						 __ATOMIC_ACQUIRE))
		index_variants_free(fold);
	const uint8_t *was = NULL;
	if (!__atomic_compare_exchange_n(&c->p, &was, q, 0, __ATOMIC_ACQ_REL,
					 __ATOMIC_ACQUIRE)) {
		munmap((void *)q, size);
		q = was;
	}
	*p = q;
	return ERR_OK;
}

enum err_code corpus_of_set(struct corpus_set *s, const char *name,
			    struct corpus **out, struct err *e)
{
	struct corpus *c = calloc(1, sizeof *c);
	char *copy = strdup(name);
	if (!c || !copy) {
		free(c);
		free(copy);
		corpus_set_free(s);
		return err_set(e, ERR_NOMEM, "%s: out of memory", name);
	}
	c->name = copy;
	c->set = s;
	*out = c;
	return ERR_OK;
}

size_t corpus_parts(const struct corpus *c)
{
	return c->set ? corpus_set_parts(c->set) : 1;
}

struct corpus *corpus_part(struct corpus *c, size_t k, struct corpus_base *at)
{
	if (c->set)
		return corpus_set_part(c->set, k, at);
	*at = (struct corpus_base){ 0, 0, 0 };
	return c;
}

void corpus_close(struct corpus *c)
{
	if (!c)
		return;
	corpus_set_free(c->set);
	if (c->mapped && c->p)
		munmap((void *)c->p, c->size);
	free(c->kept);
	free(c->checked);
	free(c->starts);
	free(c->search_table);
	index_variants_free(c->fold);
	free(c->name);
	free(c);
}

size_t corpus_article_count(const struct corpus *c)
{
	if (c->set)
		return corpus_set_article_count(c->set);
	return c->narticles;
}

/* Check every chunk under file bytes [a, b) against SUMS, once each.
 * The caller has checked HEADER <= a <= b <= start of SUMS. */
static enum err_code check_chunks(const struct corpus *c, const uint8_t *p,
				  uint64_t a, uint64_t b, struct err *e)
{
	if (a >= b)
		return ERR_OK;
	uint64_t first = (a - CORPUS_HEADER_SIZE) / CORPUS_CHUNK_SIZE;
	uint64_t last = (b - 1 - CORPUS_HEADER_SIZE) / CORPUS_CHUNK_SIZE;
	const uint8_t *sums = c->sums;
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
		if (XXH3_64bits(p + start, end - start) !=
		    le_get64(sums + i * SUM_SIZE))
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
	const uint8_t *p;
	enum err_code rc = mapping(c, &p, e);
	if (!rc)
		rc = check_chunks(c, p, at, at + len, e);
	if (!rc)
		*out = p + at;
	return rc;
}

/* String k of article i from its { offset, length } at `ref`, checked,
 * the chunks under it too unless `strings` (STRINGS' bytes, every chunk
 * under them checked) is given; with `plain` non-NULL, whether it goes
 * out as it is too (utf8_valid_plain). */
static enum err_code string_at(struct corpus *c, size_t i, int k,
			       const uint8_t *ref, const uint8_t *strings,
			       struct corpus_str *out, int *plain,
			       struct err *e)
{
	uint32_t off = le_get32(ref), len = le_get32(ref + 4);
	if (len == 0) {
		/* None: a valid pointer all the same, for memcpy and "%.*s". */
		*out = (struct corpus_str){ "", 0 };
		if (plain)
			*plain = 1;
		return ERR_OK;
	}
	if ((uint64_t)off + len > c->len[SEC_STRINGS])
		return err_set(e, ERR_CORRUPT, "%s: article %zu: %s (%" PRIu32
			       " bytes at %" PRIu32 ") lies outside STRINGS (%"
			       PRIu64 " bytes)", c->name, i, corpus_field_name[k], len,
			       off, c->len[SEC_STRINGS]);
	const uint8_t *p = strings ? strings + off : NULL;
	enum err_code rc = p ? ERR_OK : section_bytes(c, SEC_STRINGS, off, len,
						      &p, e);
	if (rc)
		return rc;
	int ok = plain ? utf8_valid_plain((const char *)p, len, plain)
		       : utf8_valid((const char *)p, len);
	if (!ok)
		return err_set(e, ERR_CORRUPT, "%s: article %zu: %s is not "
			       "valid UTF-8", c->name, i, corpus_field_name[k]);
	*out = (struct corpus_str){ (const char *)p, len };
	return ERR_OK;
}

static enum err_code get_string(struct corpus *c, size_t i, int k,
				const uint8_t *ref, struct corpus_str *out,
				int *plain, struct err *e)
{
	return string_at(c, i, k, ref, NULL, out, plain, e);
}

/* Article i's record `r` (its chunks checked): its blocks checked. */
static enum err_code record_blocks(const struct corpus *c, size_t i,
				   const uint8_t *r, uint32_t *first,
				   uint32_t *nblocks, struct err *e)
{
	*first = le_get32(r + A_FIRST), *nblocks = le_get32(r + A_NBLOCKS);
	if ((uint64_t)*first + *nblocks > c->nblocks)
		return err_set(e, ERR_CORRUPT, "%s: article %zu: blocks %"
			       PRIu32 "+%" PRIu32 " run past the %" PRIu32
			       " blocks of the file", c->name, i, *first,
			       *nblocks, c->nblocks);
	return ERR_OK;
}

/* Article i's record and its blocks checked. */
static enum err_code article_record(struct corpus *c, size_t i,
				    const uint8_t **rec, uint32_t *first,
				    uint32_t *nblocks, struct err *e)
{
	const uint8_t *r = NULL;
	enum err_code rc = section_bytes(c, SEC_ARTICLES,
					 (uint64_t)i * ARTICLE_SIZE,
					 ARTICLE_SIZE, &r, e);
	if (!rc)
		rc = record_blocks(c, i, r, first, nblocks, e);
	if (!rc)
		*rec = r;
	return rc;
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
	*off = le_get64(r + B_OFFSET);
	*len = le_get32(r + B_LEN);
	*kind = le_get16(r + B_KIND);
	if (le_get16(r + B_RESERVED) != 0)
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

/* Article i's start from its record `r`, checked against TEXT. */
static enum err_code record_start(const struct corpus *c, size_t i,
				  const uint8_t *r, uint64_t *start,
				  struct err *e)
{
	*start = le_get64(r + A_START);
	if (*start > c->len[SEC_TEXT])
		return err_set(e, ERR_CORRUPT, "%s: article %zu starts at %"
			       PRIu64 ", past TEXT (%" PRIu64 " bytes)",
			       c->name, i, *start, c->len[SEC_TEXT]);
	return ERR_OK;
}

/* Records [from, to) of the table of starts from ARTICLES (their chunks
 * checked in one pass): each record's start, ascending, into v[from..to). */
struct starts_part {
	struct corpus *c;
	uint64_t *v;
	size_t from, to;
	size_t read; /* records found sound before its error */
	struct err err;
};

static void *read_starts_part(void *arg)
{
	struct starts_part *k = arg;
	struct corpus *c = k->c;
	uint64_t *v = k->v;
	const uint8_t *r;
	struct err *e = &k->err;
	enum err_code rc = section_bytes(c, SEC_ARTICLES,
					 (uint64_t)k->from * ARTICLE_SIZE,
					 (uint64_t)(k->to - k->from) *
						 ARTICLE_SIZE, &r, e);
	for (size_t i = k->from; i < k->to && !rc; i++, r += ARTICLE_SIZE) {
		k->read = i - k->from;
		if (!(rc = record_start(c, i, r, &v[i], e)) && i > k->from &&
		    v[i] < v[i - 1])
			rc = err_set(e, ERR_CORRUPT, "%s: article %zu starts "
				     "after the next one", c->name, i - 1);
	}
	return NULL;
}

/* Records below which one thread reads them all: a thread costs tens of
 * microseconds, a record a few nanoseconds. */
enum { STARTS_HALVES_MIN = 1 << 16 };

/* The table of starts from ARTICLES, read whole, the second half of a
 * large one on a thread of its own (its 36 MB at 1 GB are checksummed and
 * faulted in: 7.5 ms on one core).  `v` has room for n + 1. */
static enum err_code read_starts(struct corpus *c, uint64_t *v, struct err *e)
{
	size_t n = c->narticles, mid = n;
	/* the cut at the record holding a chunk's start: the halves share one
	 * chunk at most, the first's last record running into it */
	if (n >= STARTS_HALVES_MIN) {
		uint64_t at = (uint64_t)(n / 2) * ARTICLE_SIZE + c->off[SEC_ARTICLES];
		at -= (at - CORPUS_HEADER_SIZE) % CORPUS_CHUNK_SIZE;
		mid = (size_t)((at - c->off[SEC_ARTICLES]) / ARTICLE_SIZE);
	}
	struct starts_part k[2] = {
		{ .c = c, .v = v, .from = 0, .to = mid },
		{ .c = c, .v = v, .from = mid, .to = n },
	};
	pthread_t t;
	int made = mid < n && !pthread_create(&t, NULL, read_starts_part,
					      &k[1]);
	read_starts_part(&k[0]);
	if (made)
		pthread_join(t, NULL);
	else if (mid < n && !k[0].err.code)
		read_starts_part(&k[1]);
	v[n] = c->len[SEC_TEXT];
	/* the error one thread reading in order would meet first: the first
	 * half's, the order across the cut (once the second half read its
	 * first record), the second half's */
	if (k[0].err.code) {
		if (e)
			*e = k[0].err;
		return k[0].err.code;
	}
	if (mid && mid < n && (!k[1].err.code || k[1].read > 0) &&
	    v[mid] < v[mid - 1])
		return err_set(e, ERR_CORRUPT, "%s: article %zu starts after "
			       "the next one", c->name, mid - 1);
	if (k[1].err.code && e)
		*e = k[1].err;
	return k[1].err.code;
}

enum err_code corpus_article_starts(struct corpus *c, const uint64_t **starts,
				    struct err *e)
{
	if (c->set)
		return corpus_set_article_starts(c->set, starts, e);
	uint64_t *made = __atomic_load_n(&c->starts, __ATOMIC_ACQUIRE);
	if (made) {
		*starts = made;
		return ERR_OK;
	}
	uint64_t *v = array_new_large((size_t)c->narticles + 1, sizeof *v, 0);
	if (!v)
		return err_set(e, ERR_NOMEM, "out of memory");
	enum err_code rc = read_starts(c, v, e);
	if (rc) {
		free(v);
		return rc;
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

const void *corpus_kept(struct corpus *c)
{
	return __atomic_load_n(&c->search_table, __ATOMIC_ACQUIRE);
}

const void *corpus_keep(struct corpus *c, void *p)
{
	void *was = NULL;
	if (__atomic_compare_exchange_n(&c->search_table, &was, p, 0,
					__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return p;
	free(p); /* another thread's came first */
	return was;
}

enum err_code corpus_article_start(struct corpus *c, size_t i, uint64_t *start,
				   struct err *e)
{
	if (c->set) { /* the file's record, moved to the set's TEXT */
		struct corpus_article a;
		enum err_code rc = corpus_set_article(c->set, c->name, i, &a,
						      e);
		if (!rc)
			*start = a.start;
		return rc;
	}
	if (i >= c->narticles)
		return err_set(e, ERR_USAGE, "%s: no article %zu (there are %"
			       PRIu32 ")", c->name, i, c->narticles);
	const uint8_t *r = NULL;
	uint32_t first = 0, nblocks = 0;
	enum err_code rc = article_record(c, i, &r, &first, &nblocks, e);
	if (!rc)
		rc = record_start(c, i, r, start, e);
	return rc;
}

enum err_code corpus_title(struct corpus *c, size_t i, struct corpus_str *title,
			   uint32_t *flags, int *plain, struct err *e)
{
	if (c->set)
		return corpus_set_title(c->set, c->name, i, title, flags,
					plain, e);
	if (i >= c->narticles)
		return err_set(e, ERR_USAGE, "%s: no article %zu (there are %"
			       PRIu32 ")", c->name, i, c->narticles);
	const uint8_t *r = NULL;
	uint32_t first = 0, nblocks = 0;
	enum err_code rc = article_record(c, i, &r, &first, &nblocks, e);
	if (!rc)
		rc = get_string(c, i, 0, r + A_STRINGS, title, plain, e);
	if (!rc)
		*flags = le_get32(r + A_FLAGS);
	return rc;
}

void corpus_prefetch_title(const struct corpus *c, size_t i)
{
	/* a hint: the record read unchecked, nothing trusted but that the
	 * addresses stay in the mapping (a prefetch never faults anyway) */
	const uint8_t *p = c->set ? NULL : __atomic_load_n(&c->p,
							   __ATOMIC_ACQUIRE);
	if (!p || i >= c->narticles)
		return;
	const uint8_t *r = p + c->off[SEC_ARTICLES] + (uint64_t)i * ARTICLE_SIZE;
	uint32_t off = le_get32(r + A_STRINGS);
	if (off < c->len[SEC_STRINGS])
		__builtin_prefetch(p + c->off[SEC_STRINGS] + off);
}

enum err_code corpus_titles(struct corpus *c, size_t from, size_t to,
			    struct corpus_titles *t, struct err *e)
{
	if (c->set)
		return err_set(e, ERR_USAGE, "%s: titles of a set are read "
			       "one at a time", c->name);
	if (from > to || to > c->narticles)
		return err_set(e, ERR_USAGE, "%s: no articles %zu to %zu "
			       "(there are %" PRIu32 ")", c->name, from, to,
			       c->narticles);
	const uint8_t *rec = NULL, *strings = NULL;
	enum err_code rc = section_bytes(c, SEC_ARTICLES,
					 (uint64_t)from * ARTICLE_SIZE,
					 (uint64_t)(to - from) * ARTICLE_SIZE,
					 &rec, e);
	if (!rc)
		rc = section_bytes(c, SEC_STRINGS, 0, c->len[SEC_STRINGS],
				   &strings, e);
	if (!rc)
		*t = (struct corpus_titles){ c, rec, strings, from, to };
	return rc;
}

enum err_code corpus_titles_get(const struct corpus_titles *t, size_t i,
				struct corpus_str *title, uint32_t *flags,
				int *plain, struct err *e)
{
	struct corpus *c = t->c;
	if (i < t->from || i >= t->to)
		return err_set(e, ERR_USAGE, "%s: article %zu is not among "
			       "%zu to %zu", c->name, i, t->from, t->to);
	const uint8_t *r = t->rec + (i - t->from) * ARTICLE_SIZE;
	uint32_t first, nblocks;
	enum err_code rc = record_blocks(c, i, r, &first, &nblocks, e);
	if (!rc)
		rc = string_at(c, i, 0, r + A_STRINGS, t->strings, title, plain,
			       e);
	if (!rc)
		*flags = le_get32(r + A_FLAGS);
	return rc;
}

enum err_code corpus_article(struct corpus *c, size_t i,
			     struct corpus_article *out, struct err *e)
{
	if (c->set)
		return corpus_set_article(c->set, c->name, i, out, e);
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
		rc = get_string(c, i, k, r + A_STRINGS + 8 * k, &s[k], NULL,
				e);
		if (rc)
			return rc;
	}
	uint64_t start, off;
	uint32_t len;
	uint16_t kind;
	if ((rc = record_start(c, i, r, &start, e)) ||
	    (nblocks && (rc = block_record(c, first, &off, &len, &kind, e))))
		return rc;
	if (nblocks && start != off)
		return err_set(e, ERR_CORRUPT, "%s: article %zu starts at %"
			       PRIu64 ", its first block at %" PRIu64,
			       c->name, i, start, off);
	*out = (struct corpus_article){
		.title = s[0],
		.subtitle = s[1],
		.source = s[2],
		.place = s[3],
		.byline = s[4],
		.page = s[5],
		.date = le_get32(r + A_DATE),
		.flags = le_get32(r + A_FLAGS),
		.first_block = first,
		.nblocks = nblocks,
		.start = start,
	};
	return ERR_OK;
}

enum err_code corpus_block(struct corpus *c, size_t j, struct corpus_block *out,
			   struct err *e)
{
	if (c->set)
		return corpus_set_block(c->set, c->name, j, out, e);
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

enum err_code corpus_block_record(struct corpus *c, size_t j,
				  struct corpus_block *out, struct err *e)
{
	if (c->set)
		return corpus_set_block_record(c->set, c->name, j, out, e);
	if (j >= c->nblocks)
		return err_set(e, ERR_USAGE, "%s: no block %zu (there are %"
			       PRIu32 ")", c->name, j, c->nblocks);
	uint64_t off;
	uint32_t len;
	uint16_t kind;
	enum err_code rc = block_record(c, j, &off, &len, &kind, e);
	if (!rc)
		*out = (struct corpus_block){ (enum block_kind)kind,
					      { NULL, len }, off };
	return rc;
}

enum err_code corpus_block_span(struct corpus *c, size_t j, uint64_t *offset,
				uint32_t *len, struct err *e)
{
	struct corpus_block b;
	enum err_code rc = corpus_block_record(c, j, &b, e);
	if (!rc) {
		*offset = b.offset;
		*len = (uint32_t)b.text.len;
	}
	return rc;
}

size_t corpus_block_count(const struct corpus *c)
{
	if (c->set)
		return corpus_set_block_count(c->set);
	return c->nblocks;
}

const char *corpus_name(const struct corpus *c)
{
	return c->name;
}

uint64_t corpus_text_size(const struct corpus *c)
{
	if (c->set)
		return corpus_set_text_size(c->set);
	return c->len[SEC_TEXT];
}

uint64_t corpus_index_size(const struct corpus *c)
{
	if (c->set)
		return corpus_set_index_size(c->set);
	return c->len[SEC_INDEX];
}

enum err_code corpus_fold_bytes(struct corpus *c, const uint8_t **p,
				uint64_t *len, struct err *e)
{
	*p = NULL;
	*len = 0;
	if (c->set)
		return err_set(e, ERR_USAGE, "%s: a set has a FOLD section per "
			       "file (corpus_part)", c->name);
	if (!c->len[SEC_FOLD])
		return ERR_OK;
	*len = c->len[SEC_FOLD];
	return section_bytes(c, SEC_FOLD, 0, *len, p, e);
}

const struct index_variants *corpus_variants(const struct corpus *c)
{
	/* A set: its first file's.  Every file's table folds all of U+3400 to
	 * U+9FFF alike (build/hanzi.c); they differ only in the few
	 * characters outside it that their own text holds, and each file's
	 * index is searched through its own table (search.c run_parts). */
	if (c->set) {
		struct corpus_base at;
		return corpus_variants(corpus_part((struct corpus *)c, 0, &at));
	}
	/* A file of a set opened by its header is mapped here, its FOLD
	 * with it; should that fail, the next accessor says why. */
	const uint8_t *p;
	struct err e = { 0 };
	if (mapping((struct corpus *)c, &p, &e))
		return NULL;
	return __atomic_load_n(&c->fold, __ATOMIC_ACQUIRE);
}

static enum err_code range(struct corpus *c, int sec, uint64_t off,
			   uint64_t len, const uint8_t **out, struct err *e)
{
	if (off > c->len[sec] || len > c->len[sec] - off)
		return err_set(e, ERR_CORRUPT, "%s: %" PRIu64 " bytes at %"
			       PRIu64 " lie outside %s (%" PRIu64 " bytes)",
			       c->name, len, off, corpus_section_name[sec], c->len[sec]);
	return section_bytes(c, sec, off, len, out, e);
}

enum err_code corpus_text(struct corpus *c, uint64_t off, uint64_t len,
			  const uint8_t **out, struct err *e)
{
	if (c->set)
		return corpus_set_text(c->set, c->name, off, len, out, e);
	return range(c, SEC_TEXT, off, len, out, e);
}

enum err_code corpus_index(struct corpus *c, uint64_t off, uint64_t len,
			   const uint8_t **out, struct err *e)
{
	if (c->set)
		return err_set(e, ERR_USAGE, "%s: a set of files has a search "
			       "index in each file", c->name);
	return range(c, SEC_INDEX, off, len, out, e);
}

void corpus_release(struct corpus *c, enum corpus_section s, uint64_t from,
		    uint64_t to)
{
	/* a file not yet mapped has no pages to let go of */
	const uint8_t *p = c->set ? NULL : __atomic_load_n(&c->p,
							  __ATOMIC_ACQUIRE);
	if (!p || !c->mapped || s >= NSEC)
		return;
	if (to > c->len[s])
		to = c->len[s];
	if (from >= to)
		return;
	/* The mapping starts on a page: file offsets round as addresses.
	 * Clean pages of a read-only mapping of the file: nothing is lost. */
	fs_release(p, (size_t)(c->off[s] + from), (size_t)(c->off[s] + to));
}

enum err_code corpus_identity(struct corpus *c, char out[33], struct err *e)
{
	if (c->set)
		return corpus_set_identity(c->set, c->name, out, e);
	/* Both are checked at open: the header against its own checksum, SUMS
	 * against the header's; every chunk is covered by SUMS. */
	XXH3_state_t *st = XXH3_createState();
	if (!st)
		return err_set(e, ERR_NOMEM, "%s: out of memory", c->name);
	int bad = XXH3_128bits_reset(st) != XXH_OK ||
		  XXH3_128bits_update(st, c->head, CORPUS_HEADER_SIZE) != XXH_OK ||
		  XXH3_128bits_update(st, c->sums,
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
	return corpus_verify_counted(c, NULL, e);
}

/* Every article's start as its blocks say (corpus_article checks those
 * with blocks): from the last, each one without blocks where the next
 * starts, and none after the next. */
static enum err_code verify_starts(struct corpus *c, struct err *e)
{
	uint64_t at = c->len[SEC_TEXT];
	for (size_t i = c->narticles; i-- > 0;) {
		struct corpus_article a;
		enum err_code rc = corpus_article(c, i, &a, e);
		if (rc)
			return rc;
		if (a.start > at)
			return err_set(e, ERR_CORRUPT, "%s: article %zu starts "
				       "after the next one", c->name, i);
		if (!a.nblocks && a.start != at)
			return err_set(e, ERR_CORRUPT, "%s: article %zu has no "
				       "blocks and starts at %" PRIu64 ", not "
				       "where the next one does (%" PRIu64 ")",
				       c->name, i, a.start, at);
		at = a.start;
	}
	return ERR_OK;
}

enum err_code corpus_verify_counted(struct corpus *c, struct progress *p,
				    struct err *e)
{
	if (c->set) /* each file, as it says (not counted) */
		return corpus_set_verify(c->set, e);
	/* Every chunk against SUMS, 64 chunks at a time to count them as
	 * they go; the header and SUMS were checked at open. */
	const uint8_t *map;
	enum err_code rc = mapping(c, &map, e);
	if (rc)
		return rc;
	progress_add(p, 0, CORPUS_HEADER_SIZE + (c->size - c->off[SEC_SUMS]),
		     0);
	for (uint64_t at = CORPUS_HEADER_SIZE; at < c->off[SEC_SUMS];) {
		uint64_t end = c->off[SEC_SUMS] - at > 64 * CORPUS_CHUNK_SIZE ?
			       at + 64 * CORPUS_CHUNK_SIZE : c->off[SEC_SUMS];
		if ((rc = check_chunks(c, map, at, end, e)))
			return rc;
		progress_add(p, 0, end - at, 0);
		at = end;
	}
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
	if ((rc = verify_starts(c, e)))
		return rc;
	for (size_t j = 0; j < c->nblocks; j++) {
		struct corpus_block b;
		rc = corpus_block(c, j, &b, e);
		if (rc)
			return rc;
		progress_add(p, 0, b.text.len + 1, 0);
	}
	return ERR_OK;
}
