/* corpus_file: the definitions the corpus file's writer (build/corpus_write.c)
 * and its reader (format/corpus.c) share, and nothing else: where the header
 * and record fields lie, the sections, the magic.  The layout itself is
 * documented in corpus.h and kanbao-corpus(5). */
#ifndef KANBAO_CORPUS_FILE_H
#define KANBAO_CORPUS_FILE_H

#include <stdint.h>

#include "kanbao/format/corpus.h"

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
	H_SUMS_HASH = 152,
	H_RESERVED = 160,
	H_HASH = 168,

	ARTICLE_SIZE = 72,
	A_FLAGS = 0,
	A_DATE = 4,
	A_FIRST = 8,
	A_NBLOCKS = 12,
	A_STRINGS = 16, /* NFIELDS x { u32 offset, u32 length } */
	A_START = 64, /* u64: where its text starts in TEXT */

	BLOCK_SIZE = 16,
	B_OFFSET = 0,
	B_LEN = 8,
	B_KIND = 12,
	B_RESERVED = 14,

	NFIELDS = 6, /* strings per article */
	SUM_SIZE = 8, /* bytes per entry of SUMS */
};

_Static_assert(A_STRINGS + 8 * NFIELDS == A_START &&
	       A_START + 8 == ARTICLE_SIZE,
	       "an article record's strings, then its start, fill it");
_Static_assert(H_SECTIONS + 16 * NSEC == H_SUMS_HASH &&
	       H_HASH + 8 == CORPUS_HEADER_SIZE,
	       "the section table, then the hashes, fill the header");

extern const uint8_t corpus_magic[8];
/* For messages: the sections' names, the article strings' names. */
extern const char *const corpus_section_name[NSEC];
extern const char *const corpus_field_name[NFIELDS];

static inline uint64_t align8(uint64_t n)
{
	return (n + 7) & ~(uint64_t)7;
}

/* Chunks needed to cover `n` bytes of data region. */
static inline uint64_t chunks_for(uint64_t n)
{
	return n / CORPUS_CHUNK_SIZE + (n % CORPUS_CHUNK_SIZE != 0);
}

#endif
