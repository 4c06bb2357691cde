/* interleave: putting back text that column extraction interleaved.
 *
 * A page extracted column by column can put a block of one article inside
 * another: a paragraph that ends mid-sentence ("唯有以狭路") is resumed not by
 * the next block but by a later one ("相逢勇者胜…"), after text of another
 * article.  Given the blocks of one file in order, interleave_link() decides for
 * every block that ends mid-sentence which block continues it, and so splits
 * the file into threads: sequences of blocks that read on.
 *
 * It decides by what the texts share (Han characters and bigrams of the
 * thread's recent text against the candidate's opening text, weighted by how
 * rare they are in the file), never by position alone:
 *  - the next block continues an open block when the two characters that
 *    meet at the join form a bigram the file uses elsewhere (业|绩, 考|察),
 *    or when no later block is a clearly better continuation;
 *  - a later block c continues it instead only when it shares clearly more
 *    with the open block's text than the next block does and than its own
 *    predecessor does, and the skipped text is explained: its first block
 *    either continues an earlier open block, or resumes the text from before
 *    the open block's own run (a block inserted inside another article). */
#ifndef KANBAO_INTERLEAVE_H
#define KANBAO_INTERLEAVE_H

#include <stddef.h>

enum interleave_block_flag {
	INTERLEAVE_OPEN = 1u << 0, /* ends mid-sentence: wants a continuation */
	INTERLEAVE_FINAL = 1u << 1, /* ends a sentence: a thread may stop here */
	INTERLEAVE_FIXED = 1u << 2, /* never continues another block (headline,
				   dateline, byline: they start something) */
};

struct interleave_block {
	const char *text; /* text of the block: valid UTF-8 (import's is) */
	size_t len; /* bytes */
	unsigned flags; /* enum interleave_block_flag bits */
};

enum { INTERLEAVE_END = (size_t)-1 };

/* Link `n` blocks into threads.  Fills `next[i]` with the block that follows
 * block i in its thread (INTERLEAVE_END where the thread stops) and `join[i]`
 * with 1 when that next block continues block i mid-sentence (the two are
 * one paragraph), else 0.  Every block has at most one predecessor; the
 * blocks nobody points to start threads.  With no interleaving found,
 * next[i] = i + 1 for all i.  Returns 0, or -1 when out of memory.
 *
 * `debug`, when not NULL, receives one line per decision (for
 * KANBAO_DEBUG). */
int interleave_link(const struct interleave_block *b, size_t n, size_t *next,
		unsigned char *join, void (*debug)(const char *line));

/* The model the linking above weighs with (Han characters and bigrams,
 * weighted by how rare they are in all `n` blocks), kept for other stages
 * to ask: the segmenter compares the sections on either side of a short
 * line with it (interleave_sim_range): a section head sits inside one topic, a
 * headline between two. */
struct interleave_sim;

/* A model of `n` blocks (kept by pointer: they must outlive it), or NULL
 * when out of memory. */
struct interleave_sim *interleave_sim_new(const struct interleave_block *b, size_t n);

/* interleave_link on the blocks of a model already made, so that the stages
 * after it ask the same model. */
int interleave_link_sim(struct interleave_sim *s, size_t *next, unsigned char *join,
		    void (*debug)(const char *line));

/* The similarity of two stretches of text, blocks [a0, a1) and [b0, b1)
 * (up to the first and last two sentences or so of each block, weighted
 * the same way): whether two sections are about one subject.  -1 when out
 * of memory. */
double interleave_sim_range(struct interleave_sim *s, size_t a0, size_t a1,
			size_t b0, size_t b1);

void interleave_sim_free(struct interleave_sim *s);

#endif
