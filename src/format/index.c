/* index: the search index's format, shared by its writer
 * (build/index_write.c) and its reader (search/search.c): folding, which
 * pairs are indexed, the variants table, the shape of a posting list (see
 * include/kanbao/format/index.h). */
#include "kanbao/format/index.h"

#include <stdlib.h>
#include <string.h>
#include <unictype.h>

#include "kanbao/base/array.h"
#include "kanbao/base/le.h"
#include "kanbao/base/utf8.h"

const uint8_t index_magic[8] = { 'K', 'B', 'I', 'N', 'D', 'E', 'X', '4' };

/* The variants table: the targets of the code points from `first` * 256
 * on, in pages of 256 (most Han lie in 0x3400..0x9FFF: about a hundred
 * pages), a page only where some `from` lies.  A lookup is two loads, not
 * a binary search of thousands of entries: the builder folds every
 * character of the text through it, and search every one it reads. */
struct index_variants {
	size_t n; /* entries */
	uint32_t first; /* page number (code point >> 8) of page[0] */
	uint32_t npages; /* pages spanned from `first` */
	uint32_t **page; /* NULL, or 256 targets (0: the character itself) */
};

/* What the table folds `uc` to, 0 when it does not. */
static uint32_t variant_of(const struct index_variants *v, uint32_t uc)
{
	uint32_t p = (uc >> 8) - v->first; /* wraps below `first` */
	return p < v->npages && v->page[p] ? v->page[p][uc & 255] : 0;
}

void index_variants_free(struct index_variants *v)
{
	if (!v)
		return;
	for (uint32_t p = 0; v->page && p < v->npages; p++)
		free(v->page[p]);
	free(v->page);
	free(v);
}

size_t index_variants_count(const struct index_variants *v)
{
	return v ? v->n : 0;
}

/* Bytes of `uc` in UTF-8; 0 when it is no Unicode scalar value. */
static unsigned utf8_bytes(uint32_t uc)
{
	if (uc > 0x10FFFF || (uc >= 0xD800 && uc <= 0xDFFF))
		return 0;
	return uc < 0x80 ? 1 : uc < 0x800 ? 2 : uc < 0x10000 ? 3 : 4;
}

/* The rule entry (from, to) breaks, NULL when none (`prev`: the `from`
 * before it, or 0). */
static const char *entry_fault(uint32_t from, uint32_t to, uint32_t prev)
{
	if (from <= prev)
		return "not in ascending order";
	if (!utf8_bytes(from) || !utf8_bytes(to))
		return "not a Unicode character";
	if (from < 0x80 || to < 0x80)
		return "an ASCII character";
	if (from == to)
		return "a character folded to itself";
	if (utf8_bytes(from) != utf8_bytes(to))
		return "characters of different lengths in UTF-8";
	return NULL;
}

int index_variants_make(const uint8_t *p, size_t n,
			struct index_variants **out, size_t *bad,
			const char **why)
{
	*out = NULL;
	if (!n)
		return 0;
	uint32_t prev = 0;
	for (size_t i = 0; i < n; i++) {
		const uint8_t *e = p + i * INDEX_VARIANT_SIZE;
		uint32_t from = le_get32(e);
		if ((*why = entry_fault(from, le_get32(e + 4), prev))) {
			*bad = i;
			return -2;
		}
		prev = from;
	}
	struct index_variants *v = calloc(1, sizeof *v);
	if (!v)
		return -1;
	v->n = n;
	v->first = le_get32(p) >> 8;
	v->npages = (prev >> 8) - v->first + 1;
	v->page = calloc(v->npages, sizeof *v->page);
	if (!v->page) {
		free(v);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		const uint8_t *e = p + i * INDEX_VARIANT_SIZE;
		uint32_t from = le_get32(e), pg = (from >> 8) - v->first;
		if (!v->page[pg] &&
		    !(v->page[pg] = calloc(256, sizeof *v->page[pg]))) {
			index_variants_free(v);
			return -1;
		}
		v->page[pg][from & 255] = le_get32(e + 4);
	}
	for (size_t i = 0; i < n; i++) {
		if (variant_of(v, le_get32(p + i * INDEX_VARIANT_SIZE + 4))) {
			index_variants_free(v);
			*bad = i;
			*why = "folded to a character that folds again";
			return -2;
		}
	}
	*out = v;
	return 0;
}

/* The folding before the variants table. */
static uint32_t fold_base(uint32_t uc)
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

uint32_t index_fold(const struct index_variants *v, uint32_t uc)
{
	uc = fold_base(uc);
	if (v && uc >= 0x80) {
		uint32_t to = variant_of(v, uc);
		if (to)
			uc = to;
	}
	return uc;
}

long index_fold_str(const struct index_variants *v, const char *s, size_t n,
		    uint32_t **out)
{
	uint32_t *f = malloc((n ? n : 1) * sizeof *f);
	if (!f)
		return -1;
	long k = 0;
	for (size_t i = 0; i < n;) {
		uint32_t uc;
		i += utf8_next(s + i, n - i, &uc);
		f[k++] = index_fold(v, uc);
	}
	*out = f;
	return k;
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

void index_entry_put(uint8_t *p, const struct index_entry *en)
{
	le_put48(p, en->key);
	le_put32(p + INDEX_ENTRY_COUNT, (uint32_t)en->count);
	le_put48(p + INDEX_ENTRY_OFFSET, en->off);
}

int index_entry_get(const uint8_t *p, struct index_entry *en)
{
	en->key = le_get48(p);
	en->count = le_get32(p + INDEX_ENTRY_COUNT);
	en->off = le_get48(p + INDEX_ENTRY_OFFSET);
	return en->key >> INDEX_KEY_BITS ? -1 : 0;
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

/* ---- the MAP from units to bytes ---------------------------------------*/

void index_map_init(struct index_map_maker *m)
{
	*m = (struct index_map_maker){ .run = UINT64_MAX };
}

void index_map_free(struct index_map_maker *m)
{
	free(m->heads);
	free(m->runs);
	index_map_init(m);
}

static void put_head(struct index_map_maker *m)
{
	if (m->failed || array_grow(&m->heads, &m->heads_cap,
				    (m->nheads + 1) * INDEX_MAP_ENTRY, 1) < 0) {
		m->failed = 1;
		return;
	}
	uint8_t *p = m->heads + m->nheads++ * INDEX_MAP_ENTRY;
	le_put64(p, m->han);
	le_put64(p + 8, m->nruns);
}

static void put_leb(struct index_map_maker *m, uint64_t v)
{
	if (m->failed ||
	    array_grow(&m->runs, &m->runs_cap, m->nruns + 10, 1) < 0) {
		m->failed = 1;
		return;
	}
	while (v >= 0x80) {
		m->runs[m->nruns++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	m->runs[m->nruns++] = (uint8_t)v;
}

/* The run being read, if any, ended at the current unit. */
static void close_run(struct index_map_maker *m)
{
	if (m->run == UINT64_MAX)
		return;
	put_leb(m, m->run - m->last);
	put_leb(m, m->units - m->run);
	m->last = m->units;
	m->run = UINT64_MAX;
}

/* The group's parts not reached (a last group short of INDEX_MAP_UNITS)
 * given its end, and its table written. */
static void end_group(struct index_map_maker *m)
{
	if (m->failed || !m->nheads)
		return;
	uint8_t *t = m->runs + m->gruns;
	for (; m->parts < INDEX_MAP_PARTS - 1; m->parts++) {
		le_put16(t + 4 * m->parts, (uint16_t)(m->han - m->ghan));
		le_put16(t + 4 * m->parts + 2,
			 (uint16_t)(m->nruns - m->gruns - INDEX_MAP_TABLE));
	}
}

/* A group starts at the current unit: its entry, and room for its table
 * of parts. */
static void start_group(struct index_map_maker *m)
{
	put_head(m);
	if (m->failed || array_grow(&m->runs, &m->runs_cap,
				    m->nruns + INDEX_MAP_TABLE, 1) < 0) {
		m->failed = 1;
		return;
	}
	m->ghan = m->han;
	m->gruns = m->nruns;
	m->parts = 0;
	memset(m->runs + m->nruns, 0, INDEX_MAP_TABLE);
	m->nruns += INDEX_MAP_TABLE;
}

/* A part of a group starts at the current unit: where, in its table. */
static void start_part(struct index_map_maker *m)
{
	if (m->failed)
		return;
	uint8_t *t = m->runs + m->gruns + 4 * m->parts++;
	le_put16(t, (uint16_t)(m->han - m->ghan));
	le_put16(t + 2, (uint16_t)(m->nruns - m->gruns - INDEX_MAP_TABLE));
}

int index_map_add(struct index_map_maker *m, const char *text, size_t len)
{
	const uint8_t *t = (const uint8_t *)text;
	size_t i = m->pending < len ? m->pending : len;
	m->pending -= i;
	while (i < len) {
		if (m->units % INDEX_MAP_PART == 0) {
			/* a part starts: a run is cut at its start */
			close_run(m);
			if (m->units % INDEX_MAP_UNITS == 0) {
				end_group(m);
				start_group(m);
			} else {
				start_part(m);
			}
			m->last = m->units;
		}
		if ((t[i] & 0xF0) == 0xE0) {
			if (m->run == UINT64_MAX)
				m->run = m->units;
			m->han++;
			i += 3;
			if (i > len) /* the rest in the next call's text */
				m->pending = i - len;
		} else {
			close_run(m);
			i++;
		}
		m->units++;
	}
	return m->failed ? -1 : 0;
}

int index_map_finish(struct index_map_maker *m)
{
	close_run(m);
	end_group(m);
	put_head(m);
	return m->failed ? -1 : 0;
}
