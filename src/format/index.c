/* index: the search index's format, shared by its writer
 * (build/index_write.c) and its reader (search/search.c): folding, which
 * pairs are indexed, the shape of a posting list (see
 * include/kanbao/format/index.h). */
#include "kanbao/format/index.h"

#include <stdlib.h>
#include <string.h>
#include <unictype.h>

#include "kanbao/base/utf8.h"

const uint8_t index_magic[8] = { 'K', 'B', 'I', 'N', 'D', 'E', 'X', '2' };

uint32_t index_fold(uint32_t uc)
{
	if (uc >= 0xFF01 && uc <= 0xFF5E)
		uc -= 0xFEE0; /* full-width ASCII */
	else if (uc == 0x3000)
		uc = ' ';
	switch (uc) {
	case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033:
		return '"';
	case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
		return '\'';
	}
	if (uc >= 'A' && uc <= 'Z')
		uc += 'a' - 'A';
	return uc;
}

long index_fold_str(const char *s, size_t n, uint32_t **out)
{
	uint32_t *v = malloc((n ? n : 1) * sizeof *v);
	if (!v)
		return -1;
	long k = 0;
	for (size_t i = 0; i < n;) {
		uint32_t uc;
		i += utf8_next(s + i, n - i, &uc);
		v[k++] = index_fold(uc);
	}
	*out = v;
	return k;
}

uint64_t index_pair_key(uint32_t a, uint32_t b)
{
	return (uint64_t)a << 21 | b;
}

/* Whether a (folded) character starts indexed pairs: letters and digits of
 * any script (Han, kana, Latin...).  Punctuation, spaces and symbols do
 * not: they are a ninth of the characters of Chinese news and seldom what
 * a query starts with; a query of them alone is found by reading the text,
 * a longer one through the pairs its letters start. */
int index_starts_pair(uint32_t folded)
{
	/* Most of the text, answered without the tables: ASCII, and the
	 * ideographs of Unicode 1.1 (letters in every version since). */
	if (folded < 0x80)
		return (folded >= '0' && folded <= '9') ||
		       ((folded | 0x20) >= 'a' && (folded | 0x20) <= 'z');
	if (folded >= 0x4E00 && folded <= 0x9FA5)
		return 1;
	return uc_is_general_category(folded, UC_CATEGORY_L) ||
	       uc_is_general_category(folded, UC_CATEGORY_N);
}

/* The shape of an Elias-Fano list of n positions below u: each position
 * split into L low bits, stored as they are (n * L bits), and the rest in
 * unary in a bit vector of n + (u >> L) + 1 bits; L = floor(log2(u / n)).
 * About 2 + log2(u / n) bits a position, where LEB128 deltas took 2.5
 * bytes on a 100 MB corpus. */
unsigned index_ef_low_bits(uint64_t n, uint64_t u)
{
	unsigned l = 0;
	while (n && l < 56 && u >> (l + 1) >= n)
		l++;
	return l;
}

uint64_t index_ef_bytes(uint64_t n, uint64_t u, unsigned l)
{
	return (n * l + 7) / 8 + (n + (u >> l) + 1 + 7) / 8;
}

/* Call `fn` for every indexed character of a block with the pair it
 * starts (with the next character, or with '\n' for the last) and its byte
 * offset.
 * Stops at the first non-zero return and returns it. */
int index_each_pair(const char *text, size_t len,
		     int (*fn)(void *ctx, uint64_t key, size_t at), void *ctx)
{
	uint32_t prev = 0;
	size_t at = 0;
	for (size_t i = 0; i <= len;) {
		uint32_t uc = '\n';
		size_t step = 1;
		if (i < len)
			step = utf8_next(text + i, len - i, &uc);
		uc = index_fold(uc);
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

