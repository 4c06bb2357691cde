/* blocks: lines into blocks, the pieces the segmenter gives roles to.
 *
 * A block is a paragraph, a headline's line, a dateline or byline on its
 * own, or a piece of a paragraph that breaks off mid-sentence (at a column
 * or page break) and is continued elsewhere: interleave.h links those.
 *  - Hard-wrapped text: a line clearly shorter than the column, or a blank
 *    line after a sentence end, ends a paragraph; a blank line after an
 *    unfinished sentence or an open quote is a column break; a paragraph may
 *    start with no blank line, which the narrower first lines of indented
 *    print, an indent, a dateline or the text itself tells.
 *  - One paragraph per line: each line is a block.
 *  - One sentence or clause per line: lines are joined until a sentence
 *    ends where a paragraph ends (a blank line or an indent, where the file
 *    marks paragraphs so; else every sentence).
 * Page furniture (lines.h) is left out as if it were not there, so a
 * sentence cut by a page break is joined again. */
#ifndef KANBAO_BLOCKS_H
#define KANBAO_BLOCKS_H

#include <stddef.h>

#include "kanbao/base/buf.h"
#include "kanbao/build/lines.h"

struct block {
	struct buf text; /* the raw lines, '\n' between them */
	size_t line; /* the line number of its first line */
	size_t nlines; /* how many lines it has */
	size_t indent; /* the indent of its first line, in columns */
	size_t gap; /* blank lines right before it */
	size_t width; /* the width of its widest line */
	unsigned page; /* the page of its first line */
	unsigned flags; /* enum interleave_block_flag bits (interleave.h) */
	const struct layout *lay; /* the layout of its first line's region */
	int cut; /* page furniture was left out right before it, or it
		    begins a page: the page may change here */
};

struct blocks {
	struct block *v; /* owned array of `n` */
	size_t n, cap;
};

/* Make the blocks of `l`.  Returns 0, or -1 when out of memory (`out` then
 * holds what was made; free it). */
int blocks_make(const struct lines *l, struct blocks *out);

void blocks_free(struct blocks *b);

#endif
