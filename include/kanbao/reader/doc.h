/* doc: an article as the pieces the reader shows, and the lines they wrap
 * into.  The screen and `kanbao --print` both lay articles out through this
 * module and wrap.h, so they cannot disagree.
 *
 * Pieces, in reading order: the title, the subtitle, the meta line
 * (date · 第N版 · source place · byline), then the body's section heads and
 * paragraphs: one per block of the article in the corpus.  A paragraph's
 * first line is indented by two full-width spaces (DOC_INDENT columns). */
#ifndef KANBAO_DOC_H
#define KANBAO_DOC_H

#include <stddef.h>
#include <stdint.h>

#include "kanbao/format/corpus.h"
#include "kanbao/base/err.h"
#include "kanbao/base/wrap.h"

enum { DOC_INDENT = 4 };

/* The indent itself: two U+3000 IDEOGRAPHIC SPACE. */
#define DOC_INDENT_TEXT "\xE3\x80\x80\xE3\x80\x80"

enum doc_kind {
	DOC_TITLE,
	DOC_SUBTITLE,
	DOC_META,
	DOC_HEAD, /* a section head */
	DOC_PARA, /* a paragraph */
};

struct doc_piece {
	enum doc_kind kind;
	const char *text; /* UTF-8: into the mapped corpus or the doc */
	size_t len; /* bytes */
	size_t block; /* the corpus block it comes from */
	uint64_t offset; /* where that block's text starts in TEXT */
};

struct doc {
	struct doc_piece *p; /* owned array of `n` pieces */
	size_t n;
	size_t body; /* index of the first DOC_HEAD/DOC_PARA piece */
	char *title; /* owned: the title as shown ("…" after a derived one),
			NULL when the article has no title block */
	struct corpus_article a; /* the article record */
};

/* Lay out article `i` of `c` into `d`.  ERR_OK, or the corpus error (a bad
 * record, a checksum) with its message in `e`.  Free with doc_free. */
enum err_code doc_open(struct corpus *c, size_t i, struct doc *d,
		       struct err *e);

void doc_free(struct doc *d);

/* Whether a blank line comes before piece `i`: between the headings and the
 * body, and before a section head. */
int doc_gap_before(const struct doc *d, size_t i);

/* Columns the first line of a piece is indented by at `width` columns (0:
 * no limit): DOC_INDENT for a paragraph, unless the width leaves no room
 * for it and a Han character. */
size_t doc_indent(const struct doc_piece *p, size_t width);

/* Wrap a piece into lines of at most `width` columns (0: one line), its
 * indent included in the first line's budget: as wrap_paragraph, and the
 * meta line as wrap_words (no reporter's name is cut). */
long doc_wrap(const struct doc_piece *p, size_t width, struct wrap_line **lines);

/* "YYYY-MM-DD" for a YYYYMMDD date, "" for 0, into `out`. */
const char *doc_date(uint32_t date, char out[11]);

#endif
