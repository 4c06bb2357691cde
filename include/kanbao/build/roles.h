/* roles: what each piece of a raw page is, read the way a person reads a
 * page.
 *
 * Each unit (a paragraph, a headline's line, a dateline or byline alone:
 * blocks.h, joined by interleave.h where a paragraph was cut) gets a score for
 * every role from its features and its neighbours' (its length against the
 * column, how it ends, blank lines and indents around it, datelines,
 * bylines, source lines, photo and note marks, numbering, the topic shift
 * between the text before and after it), and the most likely sequence of
 * roles for a whole chain of units is chosen by dynamic programming over
 * the grammar of an article:
 *
 *   [note] [source] [kicker] headline [subheadline] [source] [dateline]
 *       [byline] body+ [byline] [end]
 *
 * A new article starts at a headline group after a body, or, without a
 * headline, at a lead (a body paragraph that opens with a dateline or a
 * caption mark, or that the grammar cannot put anywhere else).  Some
 * files set every headline after its body (the order PDF extraction can
 * give): each file is read both ways and the order its headlines agree
 * with (a headline shares its words with the opening of its own article)
 * is kept, region by region where the file holds several layouts. */
#ifndef KANBAO_ROLES_H
#define KANBAO_ROLES_H

#include <stddef.h>

#include "kanbao/build/lines.h"

enum role {
	ROLE_KICKER, /* 引题, above the headline */
	ROLE_HEAD, /* the headline, or one of its lines */
	ROLE_SUBHEAD, /* 副题 */
	ROLE_SOURCE, /* a source line: 《人民日报》（2025年10月20日 第 01 版） */
	ROLE_DATELINE, /* a dateline alone; the body follows */
	ROLE_BYLINE_PRE, /* a byline before the body */
	ROLE_NOTE, /* an editor's note (编者按…), or its mark alone */
	ROLE_NOTE_TEXT, /* more of the note, before the headline it comes to */
	ROLE_LEAD, /* the first paragraph of an article without a headline */
	ROLE_BODY, /* body text */
	ROLE_CROSS, /* a section head inside the body */
	ROLE_BYLINE, /* a byline after the body, or the rest of one */
	ROLE_END, /* body text that ends the article: a closing dateline
		     (新华社北京3月1日电), an end mark （完）, the date under
		     a signature */
	ROLE_CREDIT, /* a photo credit: 新华社记者 某某摄 */
	ROLE_COUNT
};

/* One letter per role, for debug lines: "KHSsDbNnLBXYECm". */
char roles_letter(enum role r);

/* A unit to be given a role.  The text is the caller's. */
struct unit {
	const char *s; /* raw text, '\n' where the source broke lines */
	size_t len;
	size_t first; /* its first block's index: its place in the file */
	size_t last; /* its last block's index */
	size_t line; /* the line number of its first line */
	size_t nlines; /* source lines */
	size_t indent; /* of its first line, in columns */
	size_t gap; /* blank lines before it */
	size_t width; /* of its widest line */
	unsigned page; /* of its first line */
	unsigned flags; /* interleave_block_flag bits of its last block */
	const struct layout *lay; /* the layout of its region */
	int cut; /* its first block's (blocks.h): the page may change here */
};

/* Units [0, n), cut into chains: chain k is units [chain[k], chain[k+1]),
 * chain[nchains] = n (text that reads on: interleave.h); `sim` is the model of
 * the blocks the units are made of (interleave.h).  Fills out[i] with
 * the role of unit i and after[i] with 1 when the headlines of its region
 * (of layout: lines.h) stand after their bodies.  `debug`, when not
 * NULL, receives a line per unit (its role, the runner-up and the
 * features that decided) and the orientation.  Returns 0, or -1 when out
 * of memory. */
struct interleave_sim;
int roles_assign(const struct unit *u, size_t n, const size_t *chain,
		 size_t nchains, struct interleave_sim *sim, enum role *out,
		 unsigned char *after, void (*debug)(const char *line));

/* Does unit i, given role r, start a new article?  (`prev` is the role
 * of the unit before it in its chain, or ROLE_COUNT at a chain's start.)
 * With `after` (headlines close their articles), a kicker right after a
 * headline is a column's head that opens the next item, and what follows
 * it (its lead, dateline or byline) belongs to that item. */
int roles_starts_article(enum role prev, enum role r, int after);

#endif
