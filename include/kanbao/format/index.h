/* index: the search index's format, the one thing its writer
 * (build/index_write.h) and its reader (search/search.h) share.
 *
 * Folding (index_fold), applied to the text and the query alike:
 *  - full-width ASCII is ASCII (２０２３ = 2023, ＡＢＣ = ABC), U+3000 is a space;
 *  - ASCII letters are lower case (ABC = abc);
 *  - typographic quotes are plain ones (“ ” „ ‟ ″ ＂ = ", ‘ ’ ‚ ‛ ′ ＇ = ').
 *
 * The index: for every letter or digit (of any script: Han, kana, Latin...)
 * of TEXT, the folded pair it starts (the character and the next one, or
 * '\n' at a block's end), with the positions (TEXT byte offsets) where each
 * pair starts.  Punctuation, spaces and symbols start no pair: they are a
 * ninth of the text and seldom start a query.
 *
 * INDEX section layout (little-endian):
 *   u8[8]  "KBINDEX2"
 *   u64    key count K
 *   K x { u64 key, u64 offset into the postings, u32 count n, u8 L,
 *          u8[3] zero }, sorted by key; key = first << 21 | second (folded
 *          code points)
 *   postings: per key, its n positions (ascending, below U = the size of
 *          TEXT) in Elias-Fano form: L = floor(log2(U / n)) (0 when U < 2n,
 *          at most 56); ceil(n * L / 8) bytes of the positions' low L bits,
 *          position i's at bit i * L; then ceil((n + (U >> L) + 1) / 8) bytes
 *          of bits, bit (position_i >> L) + i set for each i and no other.
 *          Bits are numbered from the least significant bit of the first
 *          byte.  Each list starts at its offset; lists follow each other
 *          in key order with no gap.  About 2 + log2(U / n) bits a
 *          position: 0.62 times TEXT on 100 MB of generated news and 0.61
 *          at 1 GB (README, "At scale"), where LEB128 differences took 0.85
 *          at 100 MB.  On a small corpus the 24-byte entries dominate: the
 *          bundled one's index is 4.5 times its text. */
#ifndef KANBAO_INDEX_H
#define KANBAO_INDEX_H

#include <stddef.h>
#include <stdint.h>

extern const uint8_t index_magic[8];
enum { INDEX_ENTRY_SIZE = 24, INDEX_HEAD_SIZE = 16 };

/* The folded form of one character. */
uint32_t index_fold(uint32_t uc);

/* Fold `n` bytes of UTF-8 into code points: a malloc'd array in `*out`,
 * its length returned; -1 when out of memory. */
long index_fold_str(const char *s, size_t n, uint32_t **out);

/* The key of the pair of folded characters a, b. */
uint64_t index_pair_key(uint32_t a, uint32_t b);

/* Whether a folded character starts indexed pairs: letters and digits of
 * any script. */
int index_starts_pair(uint32_t folded);

/* An Elias-Fano list of n positions below u: its low bits L, its bytes. */
unsigned index_ef_low_bits(uint64_t n, uint64_t u);
uint64_t index_ef_bytes(uint64_t n, uint64_t u, unsigned l);

/* Call `fn` for every indexed character of a block with the pair it
 * starts (with the next character, or with '\n' for the last) and its byte
 * offset.  Stops at the first non-zero return and returns it. */
int index_each_pair(const char *text, size_t len,
		    int (*fn)(void *ctx, uint64_t key, size_t at), void *ctx);

#endif
