/* mkseeds: writes the saved inputs of the corpus-loader fuzz target
 * (tests/fuzz/corpus/), so they can be made again whenever the format
 * changes.  Each is the same tiny corpus, written by corpus_write_mem, then
 * damaged in the one way its name says.  Where the damage must get past
 * the checksums to reach the check behind them, the file is resealed: the
 * chunk sums, the SUMS hash and the header hash recomputed, as a writer
 * would.
 *
 * Before writing anything it opens each seed the way the fuzz target does
 * and checks that the reader refuses it where and why it should: after a
 * format change, a seed that no longer reaches its check (that became a
 * "wrong version" file, say) stops the program instead of being committed.
 *
 * usage: mkseeds DIR   (the committed ones: mkseeds tests/fuzz/corpus) */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <xxhash.h>

#include "kanbao/base/le.h"
#include "kanbao/format/article.h"
#include "kanbao/format/corpus.h"
#include "kanbao/build/corpus_write.h"
#include "kanbao/build/hanzi.h"
#include "kanbao/search/search.h"

/* Header fields, from the layout kanbao-corpus(5) documents: written out
 * here again rather than taken from format/corpus_file.h, so the seeds
 * follow the documented format, not the code under test. */
enum {
	H_VERSION = 8, /* u32 */
	H_FSIZE = 16, /* u64 file size */
	H_NARTICLES = 24, /* u32 */
	H_NCHUNKS = 36, /* u32 */
	H_SECTIONS = 40, /* 7 x { u64 offset, u64 length } */
	H_SUMS_HASH = 152, /* u64 XXH3-64 of SUMS */
	H_HASH = 168, /* u64 XXH3-64 of the header bytes before it */
};

/* The sections, in the order of the section table (corpus.h). */
enum { S_ARTICLES, S_BLOCKS, S_STRINGS, S_TEXT, S_FOLD, S_INDEX, S_SUMS };

/* Fields of an article record and of a block record (corpus.h).  The
 * records' sizes are not needed: they come from the section table. */
enum {
	A_FIRST = 8, /* u32 first block */
	A_TITLE = 16, /* { u32 offset, u32 length } into STRINGS */
	A_PAGE = 56, /* the same for the page */
	A_START = 64, /* u64 where its text starts in TEXT */
	B_OFFSET = 0, /* u64 offset into TEXT */
};

/* The INDEX section (format/index.h): a magic, a u64 key count, the
 * units of TEXT, the bytes of the postings and of the map's runs, the
 * article count, then one 16-byte entry per key, its u32 position count
 * at byte 6; the map's groups are of X_GROUP units. */
enum { X_KEYS = 8, X_UNITS = 16, X_POST = 24, X_RUNS = 32, X_ENTRIES = 48,
       X_ENTRY = 16, X_COUNT = 6, X_GROUP = 4096, X_TABLE = 60 };

/* A file being made. */
struct buf {
	uint8_t *p; /* malloc'd */
	size_t n; /* bytes */
};

static void die(const char *what)
{
	fprintf(stderr, "mkseeds: %s\n", what);
	exit(1);
}

static uint64_t sec_off(const struct buf *f, int s)
{
	return le_get64(f->p + H_SECTIONS + 16 * s);
}

static uint64_t sec_len(const struct buf *f, int s)
{
	return le_get64(f->p + H_SECTIONS + 16 * s + 8);
}

/* Article i's record. */
static uint8_t *article(struct buf *f, size_t i)
{
	uint64_t n = le_get32(f->p + H_NARTICLES);
	if (i >= n)
		die("the tiny corpus has fewer articles than a seed needs");
	return f->p + sec_off(f, S_ARTICLES) + i * (sec_len(f, S_ARTICLES) / n);
}

/* Recompute every chunk sum, the SUMS hash and the header hash after an
 * edit, trusting the header's chunk count and SUMS offset (as the fuzz
 * target's reseal does: a chunk past the data keeps its sum). */
static void reseal(struct buf *f)
{
	uint64_t sums = sec_off(f, S_SUMS), n = le_get32(f->p + H_NCHUNKS);
	uint64_t each = n ? sec_len(f, S_SUMS) / n : 0;
	for (uint64_t i = 0; i < n; i++) {
		uint64_t a = CORPUS_HEADER_SIZE + i * CORPUS_CHUNK_SIZE;
		uint64_t b = a + CORPUS_CHUNK_SIZE < sums ? a + CORPUS_CHUNK_SIZE
							  : sums;
		if (a < sums)
			le_put64(f->p + sums + each * i,
				 XXH3_64bits(f->p + a, b - a));
	}
	le_put64(f->p + H_SUMS_HASH,
		 XXH3_64bits(f->p + sums, sec_len(f, S_SUMS)));
	le_put64(f->p + H_HASH, XXH3_64bits(f->p, H_HASH));
}

/* The articles every seed starts from: two sharing a title and a source
 * (stored once), a dateline with a place, a section head, an empty
 * paragraph, an article with no body and a made-up title, a byline, two
 * pages (第4版, 第A3版). */
static struct article_block body0[] = {
	{ BLOCK_HEAD, "关怀" },
	{ BLOCK_PARA, "新华社北京电 正文。" },
	{ BLOCK_PARA, "" },
};
static struct article_block body2[] = {
	{ BLOCK_PARA, "abc" },
};
static const struct article tiny[] = {
	{ .title = "标题", .source = "新华社", .place = "北京", .page = "4",
	  .date = 20240515, .blocks = body0, .nblocks = 3 },
	{ .title = "无题", .flags = ARTICLE_TITLE_DERIVED },
	{ .title = "标题", .source = "新华社", .byline = "邹伟", .page = "A3",
	  .blocks = body2, .nblocks = 1 },
};
enum { NTINY = sizeof tiny / sizeof tiny[0] };

/* The corpus of articles `v`, with the variants table `h` makes (NULL:
 * none). */
static void write_corpus(struct buf *f, const struct article *v, size_t n,
			 struct hanzi *h)
{
	void *p;
	struct err e;
	free(f->p);
	if (corpus_write_mem(v, n, h, &p, &f->n, &e) != ERR_OK)
		die(e.msg);
	f->p = p;
}

/* The tiny corpus with a variants table: 標 華 關 fold to 标 华 关, which
 * it holds (three entries, ascending: 標 U+6A19, 華 U+83EF, 關 U+95DC). */
static void write_folded(struct buf *f)
{
	static const uint32_t pairs[][2] = {
		{ 0x6A19, 0x6807 }, { 0x83EF, 0x534E }, { 0x95DC, 0x5173 },
	};
	struct hanzi *h = hanzi_given(pairs, 3);
	if (!h)
		die("out of memory");
	write_corpus(f, tiny, NTINY, h);
	hanzi_free(h);
	if (sec_len(f, S_FOLD) != 3 * 8)
		die("the tiny corpus's variants table is not 3 entries");
}

/* ---- the seeds: each gets a fresh copy of valid-tiny ---- */

/* Sound: opens, verifies, every query works. */
static void valid_tiny(struct buf *f)
{
	(void)f;
}

/* Version 6, before the index's positions in units (the rest as version
 * 7 has it, resealed): refused at open, with a word to rebuild it. */
static void old_version(struct buf *f)
{
	le_put32(f->p + H_VERSION, 6);
	reseal(f);
}

/* Sound, and no articles at all. */
static void valid_empty(struct buf *f)
{
	write_corpus(f, NULL, 0, NULL);
}

/* Sound, with a variants table (FOLD), which search folds through. */
static void valid_fold(struct buf *f)
{
	write_folded(f);
}

/* The table's first two entries swapped, resealed: refused at open. */
static void fold_out_of_order(struct buf *f)
{
	write_folded(f);
	uint8_t *x = f->p + sec_off(f, S_FOLD), t[8];
	memcpy(t, x, 8);
	memcpy(x, x + 8, 8);
	memcpy(x + 8, t, 8);
	reseal(f);
}

/* 標 folded to 華, which folds again, resealed: refused at open. */
static void fold_folds_again(struct buf *f)
{
	write_folded(f);
	uint8_t *x = f->p + sec_off(f, S_FOLD);
	memcpy(x + 4, x + 8, 4);
	reseal(f);
}

/* FOLD's length 20, no whole number of entries, resealed: refused at
 * open. */
static void fold_ragged(struct buf *f)
{
	write_folded(f);
	le_put64(f->p + H_SECTIONS + 16 * S_FOLD + 8, 20);
	reseal(f);
}

/* Cut inside the section table: "truncated", the header alone is longer.
 * (100: any length between the magic and the header's end would do.) */
static void truncated_header(struct buf *f)
{
	f->n = 100;
}

/* Half of the last chunk sum cut off: the header's file size is larger
 * than the file, "truncated" at open. */
static void truncated_sums(struct buf *f)
{
	f->n -= sec_len(f, S_SUMS) / le_get32(f->p + H_NCHUNKS) / 2;
}

/* TEXT's offset 2^64 - 8, so offset + length wraps around: the section
 * table check must not add them.  Resealed, which changes only the header
 * hash: no data byte moved. */
static void section_offset_overflow(struct buf *f)
{
	le_put64(f->p + H_SECTIONS + 16 * S_TEXT, UINT64_MAX - 7);
	reseal(f);
}

/* A second chunk sum (zero) appended, and the chunk count, the SUMS length
 * and the file size grown to match, resealed: every size agrees, but two
 * chunks cannot cover a one-chunk data region. */
static void chunk_count_mismatch(struct buf *f)
{
	uint64_t n = le_get32(f->p + H_NCHUNKS);
	uint64_t each = sec_len(f, S_SUMS) / n;
	uint8_t *p = realloc(f->p, f->n + each);
	if (!p)
		die("out of memory");
	f->p = p;
	memset(f->p + f->n, 0, each);
	f->n += each;
	le_put64(f->p + H_FSIZE, f->n);
	le_put32(f->p + H_NCHUNKS, (uint32_t)(n + 1));
	le_put64(f->p + H_SECTIONS + 16 * S_SUMS + 8, (n + 1) * each);
	reseal(f);
}

/* One bit of the first chunk sum, not resealed: the SUMS hash fails at
 * open. */
static void flipped_sums_byte(struct buf *f)
{
	f->p[sec_off(f, S_SUMS) + 5] ^= 1;
}

/* One bit of the title's second character (its lead byte, still a lead
 * byte), not resealed: the text stays valid UTF-8, only the chunk's sum
 * can tell, when an accessor first reads it. */
static void flipped_text_byte(struct buf *f)
{
	f->p[sec_off(f, S_TEXT) + 3] ^= 1;
}

/* Article 0's title at offset 2^32 - 2, resealed: offset + length
 * overflows a u32, and the string's check against STRINGS must not. */
static void title_offset_overflow(struct buf *f)
{
	le_put32(article(f, 0) + A_TITLE, UINT32_MAX - 1);
	reseal(f);
}

/* Article 0's page at offset 2^32 - 1, resealed: as the title's. */
static void page_offset_overflow(struct buf *f)
{
	le_put32(article(f, 0) + A_PAGE, UINT32_MAX);
	reseal(f);
}

/* Block 0 starts at the end of TEXT, resealed: its text lies outside
 * TEXT. */
static void block_outside_text(struct buf *f)
{
	le_put64(f->p + sec_off(f, S_BLOCKS) + B_OFFSET, sec_len(f, S_TEXT));
	reseal(f);
}

/* The first byte of TEXT made 0xff, resealed: block 0's text is not valid
 * UTF-8. */
static void block_bad_utf8(struct buf *f)
{
	f->p[sec_off(f, S_TEXT)] = 0xff;
	reseal(f);
}

/* Article 2 made to start at block 0 (its start in TEXT too), resealed:
 * each record is sound on its own, but the articles do not take the
 * blocks in order (what corpus_verify and corpus_article_starts check). */
static void blocks_out_of_order(struct buf *f)
{
	le_put32(article(f, 2) + A_FIRST, 0);
	le_put64(article(f, 2) + A_START, 0);
	reseal(f);
}

/* Found by libFuzzer (commit c03a6fe, in corpus version 2), not made by
 * hand: title-offset-overflow with two more bytes changed, not resealed
 * (the fuzz target reseals its own copy); made again the same way since.  What it reaches: index key 7 claims 0x88000001
 * positions, a count search_verify and every query must refuse before
 * allocating for it.  Article 2's first block 0x8b is the fuzzer's too,
 * kept so the bytes are the committed ones; it matters to nothing. */
static void index_count_huge(struct buf *f)
{
	enum { KEY = 7 };
	title_offset_overflow(f);
	le_put32(article(f, 2) + A_FIRST, 0x8b);
	uint8_t *x = f->p + sec_off(f, S_INDEX);
	if (memcmp(x, index_magic, sizeof index_magic) != 0 ||
	    le_get64(x + X_KEYS) <= KEY)
		die("index-count-huge: the INDEX layout is not format/index.h's "
		    "KBINDEX4: update the seed to the new one");
	uint8_t *count = x + X_ENTRIES + KEY * X_ENTRY + X_COUNT;
	le_put32(count, le_get32(count) | 0x88000000u);
}

/* The map's first run made one character of no characters, resealed:
 * search_verify finds the map is not the text's, and a query that turns
 * a hit of that run into bytes meets it (the fuzzer's way into the map).
 * The map lies after the postings (X_POST: its u64 length in the head),
 * its (G + 1) group entries of 16 bytes before its runs, the first
 * group's runs after the group's table of 15 parts (X_TABLE bytes). */
static void index_map_run_empty(struct buf *f)
{
	uint8_t *x = f->p + sec_off(f, S_INDEX);
	uint64_t keys = le_get64(x + X_KEYS), units = le_get64(x + X_UNITS);
	uint64_t groups = (units + X_GROUP - 1) / X_GROUP;
	uint64_t runs = X_ENTRIES + keys * X_ENTRY + le_get64(x + X_POST) +
			(groups + 1) * 16 + X_TABLE;
	if (memcmp(x, index_magic, sizeof index_magic) != 0 ||
	    le_get64(x + X_RUNS) < X_TABLE + 2)
		die("index-map-run-empty: the INDEX layout is not format/"
		    "index.h's KBINDEX4: update the seed to the new one");
	x[runs + 1] = 0;
	reseal(f);
}

/* Where a seed must be refused: by corpus_open_mem, by corpus_verify, or
 * by search_verify. */
enum stage { OPEN, VERIFY, SEARCH };

static const struct seed {
	const char *name;
	void (*make)(struct buf *f);
	enum stage at; /* where the reader refuses it */
	const char *says; /* part of the message; NULL: sound throughout */
	int resealed; /* checked as the fuzz target's resealed copy */
} seeds[] = {
	{ "valid-tiny", valid_tiny, OPEN, NULL, 0 },
	{ "valid-empty", valid_empty, OPEN, NULL, 0 },
	{ "valid-fold", valid_fold, OPEN, NULL, 0 },
	{ "fold-out-of-order", fold_out_of_order, OPEN,
	  "FOLD entry 1: not in ascending order", 0 },
	{ "fold-folds-again", fold_folds_again, OPEN,
	  "FOLD entry 0: folded to a character that folds again", 0 },
	{ "fold-ragged", fold_ragged, OPEN, "not a multiple of 8", 0 },
	{ "old-version", old_version, OPEN, "rebuild it", 0 },
	{ "truncated-header", truncated_header, OPEN,
	  "the header alone is", 0 },
	{ "truncated-sums", truncated_sums, OPEN, "header says", 0 },
	{ "section-offset-overflow", section_offset_overflow, OPEN,
	  "runs past the end", 0 },
	{ "chunk-count-mismatch", chunk_count_mismatch, OPEN,
	  "chunks cannot cover", 0 },
	{ "flipped-sums-byte", flipped_sums_byte, OPEN, "(SUMS)", 0 },
	{ "flipped-text-byte", flipped_text_byte, VERIFY, "checksum mismatch",
	  0 },
	{ "title-offset-overflow", title_offset_overflow, VERIFY,
	  "article 0: title", 0 },
	{ "page-offset-overflow", page_offset_overflow, VERIFY,
	  "article 0: page", 0 },
	{ "block-outside-text", block_outside_text, VERIFY,
	  "lie outside TEXT", 0 },
	{ "block-bad-utf8", block_bad_utf8, VERIFY, "not valid UTF-8", 0 },
	{ "blocks-out-of-order", blocks_out_of_order, VERIFY,
	  "article 2 starts at block 0", 0 },
	{ "index-count-huge", index_count_huge, SEARCH,
	  "positions, more than fit", 1 },
	{ "index-map-run-empty", index_map_run_empty, SEARCH,
	  "map is not the text's", 0 },
};
enum { NSEEDS = sizeof seeds / sizeof seeds[0] };

/* Whether the reader refuses seed `s` (bytes `f`) as it should; if not,
 * says what it did instead. */
static int reaches(const struct seed *s, const struct buf *f)
{
	struct buf copy = { malloc(f->n ? f->n : 1), f->n };
	if (!copy.p)
		die("out of memory");
	memcpy(copy.p, f->p, f->n);
	if (s->resealed)
		reseal(&copy);
	struct corpus *c;
	struct err e = { ERR_OK, "no error" };
	enum err_code rc = corpus_open_mem(copy.p, copy.n, s->name, &c, &e);
	if (rc == ERR_OK) {
		if (!s->says || s->at == VERIFY)
			rc = corpus_verify(c, &e);
		if (!rc && (!s->says || s->at == SEARCH))
			rc = search_verify(c, &e);
		corpus_close(c);
	}
	static const char *const where[] = { "open", "verify", "search" };
	int ok = s->says ? rc != ERR_OK && strstr(e.msg, s->says)
			 : rc == ERR_OK;
	if (!ok)
		fprintf(stderr, "mkseeds: %s: wanted %s at %s, got: %s\n",
			s->name, s->says ? s->says : "no error",
			where[s->at], e.msg);
	free(copy.p);
	return ok;
}

static void save(const char *dir, const char *name, const struct buf *f)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *out = fopen(path, "wb");
	if (!out || fwrite(f->p, 1, f->n, out) != f->n || fclose(out) != 0) {
		perror(path);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fputs("usage: mkseeds DIR\n", stderr);
		return 2;
	}
	if (mkdir(argv[1], 0777) != 0 && errno != EEXIST) {
		perror(argv[1]);
		return 1;
	}
	struct buf tiny_file = { NULL, 0 };
	write_corpus(&tiny_file, tiny, NTINY, NULL);
	/* All made and checked before any is written: a failure leaves the
	 * directory as it was. */
	struct buf made[NSEEDS];
	int ok = 1;
	for (size_t i = 0; i < NSEEDS; i++) {
		made[i].n = tiny_file.n;
		made[i].p = malloc(tiny_file.n);
		if (!made[i].p)
			die("out of memory");
		memcpy(made[i].p, tiny_file.p, tiny_file.n);
		seeds[i].make(&made[i]);
		ok &= reaches(&seeds[i], &made[i]);
	}
	for (size_t i = 0; ok && i < NSEEDS; i++)
		save(argv[1], seeds[i].name, &made[i]);
	for (size_t i = 0; i < NSEEDS; i++)
		free(made[i].p);
	free(tiny_file.p);
	return ok ? 0 : 1;
}
