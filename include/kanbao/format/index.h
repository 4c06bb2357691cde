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
 * '\n' at a block's end), with the positions where each pair starts.
 * Punctuation, spaces and symbols start no pair: they are a ninth of the
 * text and seldom start a query.
 *
 * Positions are counted in units, not bytes: a character of three bytes
 * in UTF-8 (every Han character, CJK punctuation, full-width forms) is one
 * unit, and every other byte is one unit (an ASCII character one, a
 * character of two or four bytes two or four).  Generated news is 2.8
 * bytes a unit, so a position takes 1.5 bits less in its list; and every
 * folded character is as many units long in every form (ASCII and the
 * full-width forms that fold to it are both one), so the pairs of a
 * phrase stand a fixed number of units apart.  The MAP turns units back
 * into bytes: the runs of three-byte characters, in groups of
 * INDEX_MAP_UNITS units (version 7; until version 6 positions were TEXT
 * byte offsets).
 *
 * FOLD section layout (little-endian; empty: no variants table):
 *   n x { u32 from, u32 to }, ascending by `from`, no `from` twice: the
 *          character `from` folds to `to`.  Both are Unicode scalar values
 *          from U+0080 on, different, of one length in UTF-8; no `to` is a
 *          `from` (a character folds once).  Looked up after the folding
 *          above.
 *
 * INDEX section layout (little-endian):
 *   u8[8]  "KBINDEX4"
 *   u64    key count K
 *   u64    U: the units of TEXT (above); every position is below it
 *   u64    P: bytes of the postings
 *   u64    M: bytes of the map's runs
 *   u64    A: the article count (the header's)
 *   K x { u48 key, u32 count n, u48 offset into the postings } (16
 *          bytes), sorted by key; key = first << 21 | second (folded code
 *          points, so below 2^42)
 *   postings (P bytes): per key, its n positions (ascending, below U) in
 *          Elias-Fano form: L = floor(log2(U / n)) (0 when U < 2n, at
 *          most 56), known from n and U, so no entry holds it;
 *          ceil(n * L / 8) bytes of the positions' low L bits,
 *          position i's at bit i * L; then ceil((n + (U >> L) + 1) / 8) bytes
 *          of bits, bit (position_i >> L) + i set for each i and no other.
 *          Bits are numbered from the least significant bit of the first
 *          byte.  Each list starts at its offset; lists follow each other
 *          in key order with no gap.  About 2 + log2(U / n) bits a
 *          position (README, "Where the index's bytes go").
 *   MAP: G = ceil(U / INDEX_MAP_UNITS) groups, group g the units from
 *          g * INDEX_MAP_UNITS (to U for the last), each cut in
 *          INDEX_MAP_PARTS parts of INDEX_MAP_PART units:
 *     (G + 1) x { u64 han, u64 off }: for group g, the three-byte
 *          characters before its first unit (whose byte offset in TEXT is
 *          therefore its unit + 2 * han) and where its bytes start in the
 *          runs below; entry G: the three-byte characters of all TEXT
 *          (U + 2 * han = the bytes of TEXT) and M.  han and off ascend;
 *          entry 0 is { 0, 0 }.
 *     runs (M bytes), each group's bytes in turn: its table of parts,
 *          (INDEX_MAP_PARTS - 1) x { u16 han, u16 off } for parts 1 on,
 *          the three-byte characters of the group before the part's first
 *          unit and where its runs start in the group's runs (counted from
 *          the end of the table); a part past TEXT's end holds the group's
 *          totals.  Then its parts' maximal runs of three-byte characters
 *          (a run crossing a part's end is cut there), in order, each as
 *          two LEB128 numbers (7 bits a byte, low first): the units from
 *          the end of the run before in the part (or from the part's
 *          start) to its start, and its characters (1 or more).  A part's
 *          runs hold the characters its table says.
 *          A unit u then lies at byte u + 2 * (han(g) + han(part) + the
 *          run characters of its part before u): a conversion reads a few
 *          runs (about 7 a part in Chinese news), not a group's 100.
 *   STARTS: A x u64, each article's start (its record's, in TEXT) in
 *          units, ascending (an article without blocks shares the next
 *          one's): search counts hits per article in units, turning none
 *          into bytes. */
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
	INDEX_HEAD_SIZE = 48,
	INDEX_MAP_UNITS = 4096, /* units a group of the map covers */
	INDEX_MAP_PART = 256, /* units a part of a group covers */
	INDEX_MAP_PARTS = INDEX_MAP_UNITS / INDEX_MAP_PART, /* parts a group */
	INDEX_MAP_TABLE = 4 * (INDEX_MAP_PARTS - 1), /* bytes of a group's
							table of parts */
	INDEX_MAP_ENTRY = 16, /* bytes of a group's entry in the map */
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

/* Units of a character of `bytes` bytes in UTF-8 (the index's unit,
 * above): 1 for three bytes, else its bytes. */
static inline unsigned index_char_units(size_t bytes)
{
	return bytes == 3 ? 1 : (unsigned)bytes;
}

/* Call `fn` for every indexed character of a block with the pair it
 * starts (with the next character, or with '\n' for the last; both folded
 * through `v`, NULL: no variants) and its offset in units from the
 * block's start.  Stops at the first non-zero return and returns it; else
 * 0, with the block's units (without its '\n') in `*units` (may be NULL).
 * Inline: the index's writer calls it for every character of the text,
 * twice, and its `fn` is inlined with it. */
static inline int index_each_pair(const struct index_variants *v,
				  const char *text, size_t len,
				  int (*fn)(void *ctx, uint64_t key, size_t at),
				  void *ctx, uint64_t *units)
{
	uint32_t prev = 0;
	size_t at = 0, unit = 0;
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
		at = unit;
		unit += index_char_units(step);
		i += step;
	}
	if (units)
		*units = at;
	return 0;
}

/* The MAP being made from TEXT, given in order (index_map_add), for the
 * index's writer and for search_verify to compare with what a file
 * holds. */
struct index_map_maker {
	uint8_t *heads; /* the group entries so far */
	size_t nheads, heads_cap; /* entries, room */
	uint8_t *runs; /* the runs so far */
	size_t nruns, runs_cap; /* bytes, room */
	uint64_t units; /* of the text given */
	uint64_t han; /* three-byte characters of it */
	uint64_t run; /* where the run being read started (UINT64_MAX:
			 none) */
	uint64_t last; /* where the last run of the group ended, or the
			  group's start */
	size_t pending; /* bytes of a character the last text cut, which
			   the next one starts with */
	uint64_t ghan; /* han at the group's start */
	size_t gruns; /* where its table of parts starts in `runs` */
	unsigned parts; /* entries of that table written */
	int failed; /* out of memory */
};

/* An empty map (nothing to free until index_map_add). */
void index_map_init(struct index_map_maker *m);
void index_map_free(struct index_map_maker *m);

/* The next `len` bytes of TEXT (valid UTF-8, cut anywhere) added.
 * 0, or -1 when out of memory (then every later call fails too). */
int index_map_add(struct index_map_maker *m, const char *text, size_t len);

/* The map ended: its last run closed, entry G added.  0, or -1 when out
 * of memory.  Then the map's bytes are m->heads (m->nheads *
 * INDEX_MAP_ENTRY bytes) and m->runs (m->nruns bytes). */
int index_map_finish(struct index_map_maker *m);

#endif
