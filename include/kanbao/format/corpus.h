/* corpus: the corpus file format and its mapped, validated reader (the
 * writer is build/corpus_write.h).
 *
 * File layout, version 7.  All integers little-endian; every section starts
 * on an 8-byte boundary; padding bytes are zero.  The reader reads version
 * 7 alone: an older file is refused with a message to rebuild it.
 *
 *   offset 0    header (CORPUS_HEADER_SIZE = 176 bytes)
 *     0   u8[8]  magic "KANBAO\0\x1a"
 *     8   u32    version (7)
 *     12  u32    header size (176)
 *     16  u64    file size in bytes
 *     24  u32    article count
 *     28  u32    block count
 *     32  u32    chunk size (65536): the data is checksummed in chunks
 *     36  u32    chunk count
 *     40  7 x { u64 offset, u64 length }: the sections, laid out in the
 *         file in this order:
 *           ARTICLES  article count x 72-byte article records
 *           BLOCKS    block count x 16-byte block records
 *           STRINGS   metadata strings (titles, sources, pages...), each
 *                     stored once
 *           TEXT      block texts, UTF-8 NFC, each block followed by '\n';
 *                     an article's blocks are its title, subtitle and meta
 *                     line (block kinds 2, 3, 4; the last two when known),
 *                     then its body: all the reader shows, in one place
 *           FOLD      the variants table search folds through (its layout:
 *                     index.h); empty when the builder had none to make
 *           INDEX     the search index over TEXT, its positions in units
 *                     and the map from units back to bytes (its layout,
 *                     and why units: index.h; version 7, where version 6
 *                     held TEXT byte offsets)
 *           SUMS      chunk count x u64: XXH3-64 of each data chunk
 *     152 u64    XXH3-64 of the SUMS section
 *     160 u64    reserved (0)
 *     168 u64    XXH3-64 of header bytes 0..167
 *
 *   The data region runs from the end of the header to the start of SUMS;
 *   chunk i covers bytes [header + i*chunk, min(header + (i+1)*chunk, SUMS)).
 *
 *   article record (72 bytes):
 *     u32 flags (enum article_flag)   u32 date (YYYYMMDD or 0)
 *     u32 first block                 u32 block count
 *     6 x { u32 offset, u32 length } into STRINGS: title, subtitle, source,
 *         place, byline, page (length 0 = none)
 *     u64 start: where its text starts in TEXT (its first block's offset;
 *         for an article without blocks, where the next article's text
 *         starts), so that the table of every article's start is read
 *         from the article records alone (version 6; version 5 took it
 *         from each article's first block record)
 *   block record (16 bytes):
 *     u64 offset into TEXT   u32 length (without the '\n')
 *     u16 kind (enum block_kind: 0 paragraph, 1 section head, 2 title,
 *              3 subtitle, 4 meta line)   u16 reserved (0)
 *
 * Opening reads and checks only the header, the section table, the SUMS
 * table and FOLD (which grows with the variants of the characters the text
 * holds, not with its length): O(1) in the size of the text.  Every other chunk is checked against
 * SUMS the first time an accessor touches it, and every record's offsets are
 * checked against its section before use; corpus_verify() checks it all.
 * The manual page kanbao-corpus(5) (man/kanbao-corpus.5) documents the
 * format in full, for people who read or write it without this code.
 */
#ifndef KANBAO_CORPUS_H
#define KANBAO_CORPUS_H

#include <stddef.h>
#include <stdint.h>

#include "kanbao/format/article.h"
#include "kanbao/format/index.h"
#include "kanbao/base/err.h"
#include "kanbao/base/progress.h"

enum {
	CORPUS_VERSION = 7, /* the version written, the only one read */
	CORPUS_HEADER_SIZE = 176,
	CORPUS_CHUNK_SIZE = 65536,
};

/* The sections, in the order the file lays them out (above). */
enum corpus_section {
	SEC_ARTICLES,
	SEC_BLOCKS,
	SEC_STRINGS,
	SEC_TEXT,
	SEC_FOLD,
	SEC_INDEX,
	SEC_SUMS,
	NSEC
};

/* A string in the mapped file: not NUL-terminated.  `len` 0 means none. */
struct corpus_str {
	const char *s;
	size_t len;
};

struct corpus_article {
	struct corpus_str title, subtitle, source, place, byline;
	struct corpus_str page; /* the page (版) it was printed on ("4",
				   "A3") */
	uint32_t date; /* YYYYMMDD or 0 */
	uint32_t flags; /* enum article_flag bits */
	uint32_t first_block; /* index of its first block */
	uint32_t nblocks; /* how many blocks it has */
	uint64_t start; /* where its text starts in TEXT (its first block's
			   offset; without blocks, where the next one's
			   starts) */
};

struct corpus_block {
	enum block_kind kind;
	struct corpus_str text; /* valid UTF-8, no '\n' */
	uint64_t offset; /* where the text starts in TEXT */
};

/* An open corpus: one file, or several read as one (corpus_set.h).  Its
 * accessors may be called from two threads at once (the reader and its
 * search thread): the state they make lazily (which chunks were checked,
 * corpus_article_starts' table, a set's file's mapping) is made
 * atomically.  corpus_close must come after both are done. */
struct corpus;

/* Map and validate the corpus at `path`.  On success stores a handle in
 * `*out` (free with corpus_close) and returns ERR_OK; on failure returns the
 * code and fills `e` with "PATH: what is wrong".  Never reads the text. */
enum err_code corpus_open(const char *path, struct corpus **out, struct err *e);

/* The same for a corpus already in memory (`data` must outlive the handle;
 * used by tests and the fuzzer).  `name` is used in messages. */
enum err_code corpus_open_mem(const void *data, size_t size, const char *name,
			      struct corpus **out, struct err *e);

void corpus_close(struct corpus *c);

size_t corpus_article_count(const struct corpus *c);
size_t corpus_block_count(const struct corpus *c);

/* The path or name the corpus was opened with, for messages. */
const char *corpus_name(const struct corpus *c);

/* Bytes of the TEXT and INDEX sections (of a set: of all its files). */
uint64_t corpus_text_size(const struct corpus *c);
uint64_t corpus_index_size(const struct corpus *c);

/* The variants table the corpus's text and index are folded through (its
 * FOLD section, checked at open, or for a file of a set when the file is
 * first read: here if nothing has read it yet), for folding queries the
 * same way; NULL when it has none, or when that first read failed (the
 * next accessor reports why).  Lives until corpus_close. */
const struct index_variants *corpus_variants(const struct corpus *c);

/* `len` bytes at `off` of TEXT or INDEX, checked against their checksums
 * (once per chunk).  ERR_CORRUPT (with a message) when the range lies
 * outside the section (in a set: outside one file's TEXT), ERR_CHECKSUM
 * when a chunk under it is damaged.  A set has an index per file:
 * corpus_index on a set is ERR_USAGE (ask corpus_part). */
enum err_code corpus_text(struct corpus *c, uint64_t off, uint64_t len,
			  const uint8_t **out, struct err *e);
enum err_code corpus_index(struct corpus *c, uint64_t off, uint64_t len,
			   const uint8_t **out, struct err *e);

/* A hint that the caller is done reading bytes [from, to) of section `s`
 * (offsets in the section, as corpus_text and corpus_index take them): the
 * pages of the mapping from the one holding byte `from` up to the one
 * holding byte `to`, that one kept, are let go (madvise MADV_DONTNEED),
 * so that one pass over a large file holds in memory what it is reading,
 * not all it has read.  A reader going forward passes, each time, from
 * where it last let go to where it is now; the page it is in stays.
 * Pointers the accessors returned stay valid: what is read again is read
 * from the file again.  Nothing happens for a corpus in memory
 * (corpus_open_mem: the memory is the caller's), for a set (let go of its
 * files', corpus_part) or where `from` is not below `to`; a range past
 * the section's end is cut at it. */
void corpus_release(struct corpus *c, enum corpus_section s, uint64_t from,
		    uint64_t to);

/* Article `i` (0-based).  Checks its strings and block range; ERR_CORRUPT or
 * ERR_CHECKSUM with a message naming the file when they are bad. */
enum err_code corpus_article(struct corpus *c, size_t i,
			     struct corpus_article *out, struct err *e);

/* Article `i`'s title and flags alone, checked as corpus_article checks
 * them (the record, the title's place in STRINGS, its UTF-8), without
 * the other five strings: what a line of titles needs.  With `plain`
 * non-NULL, in the pass that checks the UTF-8, whether utf8_clean leaves
 * the title as it is (utf8_valid_plain): a title is looked at once.
 * ERR_OK, or as corpus_article. */
enum err_code corpus_title(struct corpus *c, size_t i, struct corpus_str *title,
			   uint32_t *flags, int *plain, struct err *e);

/* Titles read many at a time (kanbao --search --count's lines): the
 * chunks under the records of articles [from, to) and under all of
 * STRINGS checked once, by corpus_titles, so that corpus_titles_get then
 * checks a title's record and string, as corpus_title does, and nothing
 * else.  Lives until corpus_close. */
struct corpus_titles {
	struct corpus *c;
	const uint8_t *rec; /* the record of article `from`, checked */
	const uint8_t *strings; /* STRINGS, every chunk checked */
	size_t from, to; /* the articles */
};

/* ERR_OK, or ERR_CHECKSUM when a chunk under them is damaged (a caller
 * may then ask corpus_title for each title, which fails for those
 * alone), ERR_USAGE for a set (each file holds its own STRINGS) or
 * articles it does not have. */
enum err_code corpus_titles(struct corpus *c, size_t from, size_t to,
			    struct corpus_titles *t, struct err *e);

/* Article i's title and flags (from <= i < to) as corpus_title gives
 * them, checked as it checks them; ERR_OK, ERR_CORRUPT, or ERR_USAGE
 * for an article not among them. */
enum err_code corpus_titles_get(const struct corpus_titles *t, size_t i,
				struct corpus_str *title, uint32_t *flags,
				int *plain, struct err *e);

/* A hint that article i's title will be read soon (corpus_title): its
 * bytes asked of the memory now, so that reading titles in article order
 * waits less on it (they lie all over STRINGS).  Nothing is checked or
 * returned; nothing happens for a set or a file not yet mapped. */
void corpus_prefetch_title(const struct corpus *c, size_t i);

/* Block `j` (0-based) of the whole file; check it lies inside TEXT, is valid
 * UTF-8 and its chunks match their checksums. */
enum err_code corpus_block(struct corpus *c, size_t j, struct corpus_block *out,
			   struct err *e);

/* Block j's record alone: its kind, and where its text lies in TEXT
 * (`out->text.s` NULL, `out->text.len` its length), checked against the
 * section; the text itself is neither read nor checked.  For copying
 * records whose text is copied whole (build/merge.h).  Errors as
 * corpus_block's. */
enum err_code corpus_block_record(struct corpus *c, size_t j,
				  struct corpus_block *out, struct err *e);

/* Block `j`'s place in TEXT from its record alone, its text neither read
 * nor checked (corpus_block does that): its offset and its length.
 * ERR_OK, or ERR_USAGE (no block j), ERR_CORRUPT / ERR_CHECKSUM. */
enum err_code corpus_block_span(struct corpus *c, size_t j, uint64_t *offset,
				uint32_t *len, struct err *e);

/* A table the search makes from a corpus file once and keeps with it
 * (search.c: the articles' starts in units, checked), or NULL when none is
 * kept yet.  corpus_keep keeps `p` (malloc'd) until corpus_close, unless
 * another thread kept one first: it returns the one kept, `p` freed
 * otherwise.  For a file (not a set: search asks each of a set's files). */
const void *corpus_kept(struct corpus *c);
const void *corpus_keep(struct corpus *c, void *p);

/* Where each article's text starts in TEXT: (*starts)[i] for article i,
 * (*starts)[n] = the size of TEXT; an article without blocks starts where
 * the next one does.  Made on the first call (O(articles), from the
 * article records alone, which hold each start: their chunks checked,
 * the starts found ascending and inside TEXT) and kept until
 * corpus_close.  ERR_OK, or ERR_CORRUPT / ERR_CHECKSUM / ERR_NOMEM. */
enum err_code corpus_article_starts(struct corpus *c, const uint64_t **starts,
				    struct err *e);

/* Where article `i` starts in TEXT, from its record alone, without making
 * the whole table of corpus_article_starts: for a few lookups in a large
 * corpus.  An article without blocks starts where the next one does.
 * ERR_OK, or ERR_USAGE (no article i), ERR_CORRUPT (a start past TEXT) /
 * ERR_CHECKSUM. */
enum err_code corpus_article_start(struct corpus *c, size_t i, uint64_t *start,
				   struct err *e);

/* The corpus's identity, for keeping things about it apart from its path:
 * the XXH3-128 of its header and its SUMS section (so of every byte, through
 * the checksums, without reading the text) as 32 lowercase hex digits and a
 * NUL in `out`; of a set, the XXH3-128 of its files' identities in order.
 * The same bytes anywhere give the same identity.  ERR_OK, or ERR_NOMEM
 * (ERR_IO should the hash library refuse). */
enum err_code corpus_identity(struct corpus *c, char out[33], struct err *e);

/* Check every chunk and every record (of every file of a set).  ERR_OK
 * when the file is sound. */
enum err_code corpus_verify(struct corpus *c, struct err *e);

/* corpus_verify, counting into `p` (may be NULL) the bytes it has checked
 * as it goes: the file's size over its checksums, then each block's bytes
 * with its newline (for a corpus kanbao-build wrote, corpus_text_size()
 * in all). */
enum err_code corpus_verify_counted(struct corpus *c, struct progress *p,
				    struct err *e);

/* Where a file of a set begins in the set's numbering (corpus_set.h). */
struct corpus_base {
	size_t article; /* articles of the files before it */
	size_t block; /* blocks of the files before it */
	uint64_t text; /* TEXT bytes of the files before it */
};

/* The files the corpus is read from: 1 for a file, else its set's. */
size_t corpus_parts(const struct corpus *c);

/* File k (< corpus_parts(c)) of `c`, a corpus of one file (`c` itself when
 * it is one), and where it begins in c's numbering in `*at` (all zero for
 * a file).  It lives until corpus_close(c); do not close it. */
struct corpus *corpus_part(struct corpus *c, size_t k, struct corpus_base *at);

/* The FOLD section's bytes as the file holds them (format/index.h has
 * the layout), checked against SUMS: for copying (build/merge.c).  `*len`
 * 0 when the corpus has no variants table.  ERR_USAGE for a set (ask each
 * file), or the corpus's errors. */
enum err_code corpus_fold_bytes(struct corpus *c, const uint8_t **p,
				uint64_t *len, struct err *e);

#endif
