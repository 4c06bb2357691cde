/* index: the search index's format, the one thing its writer
 * (build/index_write.h) and its reader (search/search.h) share.
 *
 * Folding (index_fold), applied to the text and the query alike:
 *  - full-width ASCII is ASCII (２０２３ = 2023, ＡＢＣ = ABC), U+3000 is a space;
 *  - ASCII letters are lower case (ABC = abc);
 *  - typographic quotes are plain ones (“ ” „ ‟ ″ ＂ = ", ‘ ’ ‚ ‛ ′ ＇ = ');
 *  - then, when the corpus has one, through its variants table (the FOLD
 *    section, struct index_variants): each variant of a character to one
 *    character of its class (習 and 习 to 习, 發 and 髮 to 发).  The table
 *    is made when the corpus is built (build/hanzi.h), so the reader needs
 *    no dictionary.  A character and what it folds to have one length in
 *    UTF-8, so a hit is as long in the text as the query, byte for byte,
 *    in every form.
 *
 * The index: for every letter or digit (of any script: Han, kana, Latin...)
 * of TEXT, the folded pair it starts (the character and the next one, or
 * '\n' at a block's end), with the positions (TEXT byte offsets) where each
 * pair starts.  Punctuation, spaces and symbols start no pair: they are a
 * ninth of the text and seldom start a query.
 *
 * FOLD section layout (little-endian; empty: no variants table):
 *   n x { u32 from, u32 to }, ascending by `from`, no `from` twice: the
 *          character `from` folds to `to`.  Both are Unicode scalar values
 *          from U+0080 on, different, of one length in UTF-8; no `to` is a
 *          `from` (a character folds once).  Looked up after the folding
 *          above.
 *
 * INDEX section layout (little-endian):
 *   u8[8]  "KBINDEX3"
 *   u64    key count K
 *   K x { u48 key, u32 count n, u48 offset into the postings } (16
 *          bytes), sorted by key; key = first << 21 | second (folded code
 *          points, so below 2^42)
 *   postings: per key, its n positions (ascending, below U = the size of
 *          TEXT) in Elias-Fano form: L = floor(log2(U / n)) (0 when U < 2n,
 *          at most 56), known from n and U, so no entry holds it;
 *          ceil(n * L / 8) bytes of the positions' low L bits,
 *          position i's at bit i * L; then ceil((n + (U >> L) + 1) / 8) bytes
 *          of bits, bit (position_i >> L) + i set for each i and no other.
 *          Bits are numbered from the least significant bit of the first
 *          byte.  Each list starts at its offset; lists follow each other
 *          in key order with no gap.  About 2 + log2(U / n) bits a
 *          position: 0.620 times TEXT on 100 MB of generated news and
 *          0.616 at 1 GB (README, "Where the index's bytes go"), where
 *          LEB128 differences took 0.85 at 100 MB.  On a small corpus the
 *          entries weigh: a fifth of a 1 MB corpus's index (they were 24
 *          bytes, with L and three zero bytes, until version 6). */
#ifndef KANBAO_INDEX_H
#define KANBAO_INDEX_H

#include <stddef.h>
#include <stdint.h>

#include "kanbao/base/utf8.h"

extern const uint8_t index_magic[8];
enum {
	INDEX_ENTRY_SIZE = 16,
	INDEX_ENTRY_COUNT = 6, /* where an entry's count is */
	INDEX_ENTRY_OFFSET = 10, /* where its list's offset is */
	INDEX_KEY_BITS = 42, /* a key is below 2^42 */
	INDEX_HEAD_SIZE = 16,
	INDEX_VARIANT_SIZE = 8, /* bytes of a FOLD entry */
};

/* An entry of the INDEX table. */
struct index_entry {
	uint64_t key; /* the pair (index_pair_key) */
	uint64_t off; /* of its list, from the postings' start */
	uint64_t count; /* positions in the list */
};

/* Write entry `en` (key below 2^42, off below 2^48, count below 2^32)
 * into the INDEX_ENTRY_SIZE bytes at p. */
void index_entry_put(uint8_t *p, const struct index_entry *en);

/* Read the entry at p into *en: 0, or -1 when its key is no key a pair
 * makes (2^42 or more). */
int index_entry_get(const uint8_t *p, struct index_entry *en);

/* A corpus's variants table, made from its FOLD section. */
struct index_variants;

/* Make the table of the `n` FOLD entries at `p` (n * INDEX_VARIANT_SIZE
 * bytes), every rule above checked.  0 with the table in `*out` (NULL
 * when n is 0: no table; free with index_variants_free); -1 when out of
 * memory; -2 when entry `*bad` breaks a rule, `*why` saying which (a
 * static string).  Its memory grows with n, not with the text: a page of
 * 256 targets for each 256 code points holding a `from`. */
int index_variants_make(const uint8_t *p, size_t n,
			struct index_variants **out, size_t *bad,
			const char **why);

void index_variants_free(struct index_variants *v);

/* Entries of the table (0 for NULL). */
size_t index_variants_count(const struct index_variants *v);

/* The folded form of one character, through the variants `v` (NULL: the
 * folding above the table alone). */
uint32_t index_fold(const struct index_variants *v, uint32_t uc);

/* Fold `n` bytes of UTF-8 into code points, through `v` (NULL: none): a
 * malloc'd array in `*out`, its length returned; -1 when out of
 * memory. */
long index_fold_str(const struct index_variants *v, const char *s, size_t n,
		    uint32_t **out);

/* The key of the pair of folded characters a, b. */
static inline uint64_t index_pair_key(uint32_t a, uint32_t b)
{
	return (uint64_t)a << 21 | b;
}

/* Whether a folded character starts indexed pairs: letters and digits of
 * any script. */
int index_starts_pair(uint32_t folded);

/* An Elias-Fano list of n positions below u: its low bits L, its bytes. */
unsigned index_ef_low_bits(uint64_t n, uint64_t u);
uint64_t index_ef_bytes(uint64_t n, uint64_t u, unsigned l);

/* Call `fn` for every indexed character of a block with the pair it
 * starts (with the next character, or with '\n' for the last; both folded
 * through `v`, NULL: no variants) and its byte offset.  Stops at the first
 * non-zero return and returns it.  Inline: the index's writer calls it
 * for every character of the text, twice, and its `fn` is inlined with
 * it. */
static inline int index_each_pair(const struct index_variants *v,
				  const char *text, size_t len,
				  int (*fn)(void *ctx, uint64_t key, size_t at),
				  void *ctx)
{
	uint32_t prev = 0;
	size_t at = 0;
	for (size_t i = 0; i <= len;) {
		uint32_t uc = '\n';
		size_t step = 1;
		if (i < len)
			step = utf8_next(text + i, len - i, &uc);
		uc = index_fold(v, uc);
		if (i > 0 && index_starts_pair(prev)) {
			int rc = fn(ctx, index_pair_key(prev, uc), at);
			if (rc)
				return rc;
		}
		prev = uc;
		at = i;
		i += step;
	}
	return 0;
}

#endif
