/* index_write: the search index's writer, for the corpus writer (the
 * format: format/index.h). */
#ifndef KANBAO_INDEX_WRITE_H
#define KANBAO_INDEX_WRITE_H

#include <stddef.h>
#include <stdint.h>

struct index_builder;

struct index_builder *index_builder_new(void);
void index_builder_free(struct index_builder *b);

/* Two passes over the same blocks in TEXT order: first count every block,
 * then index_builder_layout, then place every block with its TEXT offset.
 * Each returns 0, or -1 when out of memory. */
int index_builder_count(struct index_builder *b, const char *text,
			 size_t len);
int index_builder_layout(struct index_builder *b);
int index_builder_place(struct index_builder *b, const char *text,
			 size_t len, uint64_t offset);

/* The INDEX section's bytes (malloc'd, caller frees); 0 or -1. */
int index_builder_encode(struct index_builder *b, uint8_t **out,
			  size_t *size);

#endif
