/* search: queries over the index the builder writes into the corpus
 * (the index and its folding: format/index.h).
 *
 * Chinese has no spaces between words, so search is by substring.  What is
 * searched is the text as the reader sees it: every article's title,
 * subtitle, meta line and body, as the corpus's TEXT section holds them,
 * each block followed by '\n' (a hit never spans two blocks).
 *
 * A query is folded as the corpus's text is (index_fold, through the
 * corpus's variants table: 習近平 as 习近平 when the builder made the table
 * with OpenCC), character for character, so a hit in the text is as many
 * bytes as the query, and the same code finds it in every form: no
 * dictionary is read at search time.
 *
 * A query of two characters is its pair's positions.  A longer one is where
 * the positions of pairs holding all its characters agree, each shifted by
 * the units of the characters before it, without reading the text: the
 * index counts in units (format/index.h), and every folded character is
 * one length in units in all its forms (ASCII and the full-width forms
 * that fold to it are both one).  Else (a character in no indexed pair) it
 * is the positions of its rarest indexed pair, each checked against the
 * text.  A single character is the union of the pairs it starts; a query
 * of punctuation and symbols only is found by reading the text.  Hits are
 * counted per article in units, against the articles' starts in units, and
 * a query's many hits stay in units: a hit is turned into bytes, through
 * the index's map, when it is asked for (search_hit), so a search costs
 * nothing for the hits the reader never shows (a common pair has two
 * million at 1 GB; turning them all takes several times the search).
 * Opening reads nothing; a query reads the few keys it needs and their
 * positions.
 *
 * A set of files read as one (format/corpus_set.h) has an index in each
 * file: a query is run over each file in turn, and its hits and counts
 * moved to the set's numbering, as if the set were one file. */
#ifndef KANBAO_SEARCH_H
#define KANBAO_SEARCH_H

#include <stddef.h>
#include <stdatomic.h>
#include <stdint.h>

#include "kanbao/format/corpus.h"
#include "kanbao/base/err.h"
#include "kanbao/format/index.h"

/* ---- queries ---- */

struct search_map;

struct search_result {
	uint64_t *pos; /* where hits start, ascending: TEXT byte offsets,
			  or, when `map` is set, the index's units (read
			  them through search_hit) */
	size_t n; /* hits */
	uint32_t *per_article; /* hits in each article (corpus order) */
	size_t articles; /* articles with at least one hit */
	size_t narticles; /* entries of per_article */
	struct search_map *map; /* how `pos` turns into bytes; NULL when it
				   is bytes already */
};

/* Hit h's TEXT byte offset (h < r->n): r->pos[h] itself, or turned into
 * bytes through the index's map (some tens of nanoseconds; the last few
 * hundred asked for are kept).  UINT64_MAX when the map is damaged:
 * search_hit_error then says how.  It writes into the result's map: one
 * thread at a time. */
uint64_t search_hit(const struct search_result *r, size_t h);

/* The first hit at or after TEXT byte offset `at` (r->n: none), by
 * halving, a few dozen hits turned into bytes. */
size_t search_hit_lower(const struct search_result *r, uint64_t at);

/* The error of the first search_hit that met a damaged map, or NULL. */
const struct err *search_hit_error(const struct search_result *r);

/* Every hit turned into bytes in place (r->map freed and NULL), on both
 * cores, in one pass over the map: for a caller that uses every hit
 * (kanbao --search).  ERR_OK, or ERR_CORRUPT for a damaged map (`r` is
 * then as it was). */
enum err_code search_result_bytes(struct search_result *r, struct err *e);

/* All hits of the query (`qlen` bytes of UTF-8) in corpus `c`, through the
 * index, the query folded as the corpus folds (search_query_make),
 * ascending, each position once.  An empty query has no hits.  ERR_OK, or
 * ERR_NOMEM, or the corpus's error (ERR_CORRUPT, ERR_CHECKSUM) for a
 * damaged index or text.  Free with search_result_free. */
enum err_code search_run(struct corpus *c, const char *q, size_t qlen,
			 struct search_result *r, struct err *e);

/* The same, giving up with ERR_CANCELLED soon after another thread sets
 * `*stop` (NULL: never): the reader's search of a query no longer wanted.
 * It reads the corpus as the reader's own thread does, which is safe: the
 * corpus's lazily made state is made atomically. */
enum err_code search_run_until(struct corpus *c, const char *q, size_t qlen,
			       struct search_result *r, const atomic_int *stop,
			       struct err *e);

/* The hits counted per article alone, as search_run counts them: r->n,
 * r->per_article, r->articles and r->narticles, but no positions (r->pos
 * is NULL).  What kanbao --search --count needs, and no more: a common
 * character's positions are not sorted, and few hits are placed in their
 * articles from the records, not from a table of every article.  Free with
 * search_result_free. */
enum err_code search_count(struct corpus *c, const char *q, size_t qlen,
			   struct search_result *r, struct err *e);

/* search_run's hits by reading every block: what the index must agree
 * with. */
enum err_code search_scan(struct corpus *c, const char *q, size_t qlen,
			  struct search_result *r, struct err *e);

void search_result_free(struct search_result *r);

/* Check the whole index (each file's, of a set): every key in order,
 * every posting decoded, every position inside TEXT and ascending, and the
 * positions' count equal to the letters and digits of TEXT (each starts one
 * pair).  ERR_OK or ERR_CORRUPT/ERR_CHECKSUM. */
enum err_code search_verify(struct corpus *c, struct err *e);

/* search_verify, counting into `p` (may be NULL) as it goes: the index's
 * bytes (corpus_index_size()) spread evenly over its entries as they are
 * decoded, then each block's bytes with its newline as its characters are
 * counted (for a corpus kanbao-build wrote, corpus_text_size() in all). */
enum err_code search_verify_counted(struct corpus *c, struct progress *p,
				    struct err *e);

/* Where a TEXT offset is: the block holding it and the byte offset in the
 * block's text.  ERR_OK, or ERR_CORRUPT when it is in no block. */
enum err_code search_locate(struct corpus *c, uint64_t pos, size_t *block,
			    size_t *off, struct err *e);

/* ---- a query in a block's text ---- */

/* A query folded as the text of a corpus is: what finds it in a block. */
struct search_query {
	uint32_t *fq; /* the query folded (malloc'd) */
	size_t len; /* its code points */
	const struct index_variants *fold; /* the variants the text folds
					      through (corpus_variants; not
					      owned), or NULL */
};

/* The query `q` (`qlen` bytes of UTF-8) folded through `fold` (the
 * corpus's variants, corpus_variants; NULL: none) into `out`.  An empty
 * query folds to length 0.  0, or -1 when out of memory (nothing to free).
 * Free with search_query_free. */
int search_query_make(const struct index_variants *fold, const char *q,
		      size_t qlen, struct search_query *out);

void search_query_free(struct search_query *q);

/* Where the first hit of `q` is in block text `s` (n bytes), at or after
 * byte `from` (a character start): its offset, with its length in bytes in
 * `*len`; or n when there is none (`*len` is then 0).  What search_scan
 * and the reader's look at the text do with a query. */
size_t search_find(const struct search_query *q, const char *s, size_t n,
		   size_t from, size_t *len);

/* The length in bytes of the text at block text `s` (n bytes) that matches
 * `q` there; 0 when it does not. */
size_t search_match(const struct search_query *q, const char *s, size_t n);

/* Every hit of `q` in block `b`, its TEXT offset appended to r->pos (which
 * has room for `*cap` entries, grown as needed), ascending: each character
 * where the query matches, so hits may overlap, as the index's do.  What
 * search_scan and the reader's look at the text near the reading place do
 * with each block.  0, or -1 when out of memory (r->pos then holds the
 * hits appended so far). */
int search_block_hits(const struct corpus_block *b,
		      const struct search_query *q, struct search_result *r,
		      size_t *cap);

#endif
