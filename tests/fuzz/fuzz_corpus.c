/* Fuzz target for the corpus reader: any bytes at all go to corpus_open_mem;
 * whatever opens is walked the way the reader walks it (articles, then each
 * article's blocks) and then verified in full.
 *
 * A mutated file almost never gets past the checksums, which would leave
 * every check behind them unexplored.  So each input is tried twice: as
 * given, and "resealed", with its checksums recomputed the way a writer
 * would, so the structural checks alone stand between it and the accessors.
 *
 * Besides crashes, leaks and UB, it checks three promises of corpus.h, so
 * the fuzzer reports their breach as a crash: a block that reads back is
 * valid UTF-8 with no '\n', a file corpus_verify passes has no record an
 * accessor refuses, and titles read many at a time are those read one at
 * a time. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "kanbao/base/le.h"
#include "kanbao/format/corpus.h"
#include "kanbao/search/search.h"
#include "kanbao/base/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Read every byte of `s`, so a sanitizer sees a pointer outside the input. */
static unsigned touch(struct corpus_str s)
{
	unsigned h = 0;
	for (size_t i = 0; i < s.len; i++)
		h = h * 31 + (unsigned char)s.s[i];
	return h;
}

static void walk_blocks(struct corpus *c, const struct corpus_article *a,
			int *refused, unsigned *h)
{
	for (uint32_t j = 0; j < a->nblocks; j++) {
		struct corpus_block b;
		if (corpus_block(c, (size_t)a->first_block + j, &b, NULL)) {
			*refused = 1;
			continue;
		}
		if (!utf8_valid(b.text.s, b.text.len) ||
		    memchr(b.text.s, '\n', b.text.len))
			abort();
		*h += touch(b.text);
	}
}

/* Recompute what checksums the header's own numbers let us place (the
 * header as kanbao-corpus(5) lays it out: SUMS is the seventh section of
 * the table at 40; its hash at 152, the header's at 168). */
static void reseal(uint8_t *f, size_t size)
{
	enum { HDR = CORPUS_HEADER_SIZE, CHUNK = CORPUS_CHUNK_SIZE };
	if (size < HDR)
		return;
	uint64_t sums = le_get64(f + 40 + 16 * 6);
	uint64_t n = le_get32(f + 36);
	if (sums >= HDR && sums <= size && n <= (size - sums) / 8) {
		for (uint64_t i = 0; i < n; i++) {
			uint64_t a = HDR + i * CHUNK, b = a + CHUNK;
			if (a >= sums)
				break;
			if (b > sums)
				b = sums;
			le_put64(f + sums + 8 * i, XXH3_64bits(f + a, b - a));
		}
		le_put64(f + 152, XXH3_64bits(f + sums, 8 * n));
	}
	le_put64(f + 168, XXH3_64bits(f, 168));
}

static void run(const uint8_t *data, size_t size)
{
	struct corpus *c;
	struct err e;
	if (corpus_open_mem(data, size, "fuzz", &c, &e) != ERR_OK)
		return;
	int refused = 0;
	unsigned h = 0;
	for (size_t i = 0; i < corpus_article_count(c); i++) {
		struct corpus_article a;
		if (corpus_article(c, i, &a, &e)) {
			refused = 1;
			continue;
		}
		h += touch(a.title) + touch(a.subtitle) + touch(a.source) +
		     touch(a.place) + touch(a.byline) + touch(a.page);
		walk_blocks(c, &a, &refused, &h);
	}
	if (corpus_verify(c, &e) == ERR_OK && refused)
		abort();
	/* Titles many at a time (--count's lines) as one at a time. */
	struct corpus_titles t;
	size_t n = corpus_article_count(c);
	if (corpus_titles(c, 0, n, &t, &e) == ERR_OK) {
		for (size_t i = 0; i < n; i++) {
			struct corpus_str one, many;
			uint32_t f1 = 0, f2 = 0;
			int p1 = -1, p2 = -1;
			enum err_code r1 = corpus_title(c, i, &one, &f1, &p1,
							&e);
			enum err_code r2 = corpus_titles_get(&t, i, &many, &f2,
							     &p2, &e);
			if (r1 != r2 || (!r1 && (one.s != many.s ||
						 one.len != many.len ||
						 f1 != f2 || p1 != p2)))
				abort();
			if (!r2)
				h += touch(many);
		}
	}
	/* The search index: checked whole, and queried as the reader does
	 * (one character, two, more, a pair that may not occur). */
	search_verify(c, &e);
	static const char *queries[] = { "中", "新华", "新华社北京", "x", "",
					 "2020", "新华2020", "標題", "新華社" };
	for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++) {
		struct search_result r;
		if (search_run(c, queries[q], strlen(queries[q]), &r, &e) ==
		    ERR_OK) {
			/* each hit as the reader asks for it, then all at
			 * once as kanbao --search does */
			for (size_t i = 0; i < r.n; i++) {
				size_t block, off;
				search_locate(c, search_hit(&r, i), &block,
					      &off, &e);
			}
			if (r.n)
				search_hit_lower(&r, search_hit(&r, r.n / 2));
			search_result_bytes(&r, &e);
			search_result_free(&r);
		}
		/* the counts alone, as --count asks: a pair's list counted
		 * as it is decoded */
		if (search_count(c, queries[q], strlen(queries[q]), &r, &e) ==
		    ERR_OK)
			search_result_free(&r);
	}
	corpus_close(c);
	/* Keep the reads from being optimised away. */
	volatile unsigned sink = h;
	(void)sink;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	run(data, size);
	/* Exactly `size` bytes, so a sanitizer sees any read past the end. */
	uint8_t *copy = malloc(size ? size : 1);
	if (!copy)
		return 0;
	memcpy(copy, data, size);
	reseal(copy, size);
	run(copy, size);
	free(copy);
	return 0;
}
