/* index_write: the search index's writer, for the corpus writer (the
 * format: format/index.h). */
#ifndef KANBAO_INDEX_WRITE_H
#define KANBAO_INDEX_WRITE_H

#include <stddef.h>
#include <stdint.h>

#include "kanbao/build/outfile.h"
#include "kanbao/build/scratch.h"
#include "kanbao/format/index.h"

struct index_builder;

/* A builder for text counted and placed in `parts` parts (0 counts as 1):
 * part k is a stretch of TEXT that follows part k - 1's.  NULL when out
 * of memory. */
struct index_builder *index_builder_new(size_t parts);
void index_builder_free(struct index_builder *b);

/* Every count and position forgotten, the memory kept for the next run's
 * (index_runs): the builder as new, with its variants (index_builder_fold)
 * still set. */
void index_builder_reset(struct index_builder *b);

/* Two passes over the same blocks in TEXT order: first count every block
 * with the part it is in, then (optionally index_builder_fold, then)
 * index_builder_layout, then place every block with its part and its TEXT
 * offset in units (format/index.h: a three-byte character one, every
 * other byte one; counting and placing give each block's units, without its '\n',
 * in `*units`).  Calls for different parts may run at once on different threads
 * (counting, or placing); calls for one part, and the others, one at a
 * time.  Each returns 0, or -1 when out of memory. */
int index_builder_count(struct index_builder *b, size_t part,
			const char *text, size_t len, uint64_t *units);

/* After counting, before layout (or before counting: then the pairs are
 * counted folded): the pairs counted folded through the
 * variants `v` (NULL: none; not owned, kept until the builder is freed),
 * and every pair placed folded through them too.  The text is counted
 * before the table is known, which is made from what counting found. */
int index_builder_fold(struct index_builder *b,
		       const struct index_variants *v);

int index_builder_layout(struct index_builder *b);
int index_builder_place(struct index_builder *b, size_t part,
			const char *text, size_t len, uint64_t offset,
			uint64_t *units);

/* The INDEX section's bytes, with the MAP `map` (finished; made from the
 * same text) and the `na` articles' starts in units `starts` after the
 * lists (malloc'd, caller frees); 0, -1 when out of
 * memory, or -2 when a pair starts more than UINT32_MAX positions (an
 * entry's count is a u32, format/index.h). */
int index_builder_encode(struct index_builder *b,
			  const struct index_map_maker *map,
			  const uint64_t *starts, size_t na, uint8_t **out,
			  size_t *size);

/* The index of more text than a builder should hold at once, made run by
 * run: a run is a stretch of TEXT after the one before it, counted, laid
 * out and placed in a builder (the variants set before counting), then
 * added, which appends its keys and positions to a scratch file; at the
 * end the runs are merged into the INDEX section, the same bytes one
 * builder of all the text makes.  Its memory: a builder's for one run
 * while building; while merging, 128 KiB a run and the largest key's
 * encoded list. */
struct index_runs;

/* Runs appended to `s` (not owned; kept until index_runs_free).  NULL
 * when out of memory. */
struct index_runs *index_runs_new(struct scratch *s);
void index_runs_free(struct index_runs *r);

/* Append what `b` (laid out and placed) holds as the next run.  0, -1
 * when out of memory, -3 when the scratch file failed (index_runs_errno
 * says why). */
int index_runs_add(struct index_runs *r, const struct index_builder *b);

/* Runs added so far. */
size_t index_runs_count(const struct index_runs *r);

/* The INDEX section of the runs (TEXT `u` units long, every run's text
 * placed), with the MAP `map` (finished) and the `na` articles' starts
 * in units `starts` after the lists, into `o`'s data region.  0; -1 when out of memory; -2 when a
 * pair starts more than UINT32_MAX positions (before anything is
 * written); -3 when reading the scratch file failed (index_runs_errno). */
int index_runs_write(struct index_runs *r, uint64_t u,
		     const struct index_map_maker *map,
		     const uint64_t *starts, size_t na, struct outfile *o);

/* The errno of the failure behind a -3. */
int index_runs_errno(const struct index_runs *r);

#endif
