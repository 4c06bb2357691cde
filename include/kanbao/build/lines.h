/* lines: a raw page's text as lines, how the page is laid out, and its
 * furniture.
 *
 * The first stage of reading raw text (after decode.h):
 *  - split: lines, trimmed, with the indent they had, their width as print
 *    set it, and the page each is on (pdftotext puts a form feed between
 *    pages);
 *  - columns: text from `pdftotext -layout` sets the columns of a page side
 *    by side on one line, with a run of spaces (the gutter) between them;
 *    where a page has a gutter, its lines are cut there and the columns
 *    read one after another (lines that cross the gutter, a headline over
 *    several columns, stay where they are);
 *  - layout: hard-wrapped at a column width, one paragraph per line, or one
 *    sentence or clause per line; and whether indents and blank lines mark
 *    where paragraphs start.  A file may hold regions of different layouts
 *    (two dumps concatenated): each region is found and laid out apart;
 *  - furniture: running heads and footers (lines that recur page after page
 *    with only a number changing), page numbers, 本版责编 lines, mastheads:
 *    marked, so the stages after leave them out, and reported.
 */
#ifndef KANBAO_LINES_H
#define KANBAO_LINES_H

#include <stddef.h>

enum line_flag {
	LINE_PAGE = 1u << 0, /* the first line of a page after a form feed */
	LINE_FURNITURE = 1u << 1, /* page furniture: left out of articles */
	LINE_DATELINE = 1u << 2, /* it opens with a dateline, maybe in a
				    parenthesis (cues_dateline) */
	LINE_BYLINE = 1u << 3, /* it is a byline (cues_byline) */
	LINE_ISSUE = 1u << 4, /* it is an issue line (cues_issue) */
};

struct layout;

struct line {
	const char *s; /* trimmed text, inside the decoded buffer */
	size_t len; /* bytes; 0 for a blank line */
	size_t width; /* columns as print set them (see lines_width) */
	size_t indent; /* columns of space before the text (U+3000 is 2) */
	size_t no; /* 1-based line number in the file */
	unsigned page; /* 0-based: form feeds before it */
	unsigned flags; /* enum line_flag bits */
	const struct layout *lay; /* the layout of its region */
};

enum layout_kind {
	LAYOUT_PARAGRAPHS, /* one paragraph (or headline...) per line */
	LAYOUT_WRAPPED, /* hard-wrapped at a column width */
	LAYOUT_SENTENCES, /* one sentence, or one clause, per line */
};

/* How the file is laid out, found from its own lines. */
struct layout {
	enum layout_kind kind;
	size_t full; /* WRAPPED: a line this wide (or wider) fills the column */
	size_t first; /* WRAPPED, when not 0: a full line narrower than this
			 is the first line of a paragraph (print indents it) */
	size_t first_w; /* WRAPPED, when not 0: the usual width of a full
			   first line */
	size_t cont; /* WRAPPED, when not 0: the usual width of a line that
			goes on */
	int indents; /* an indented line starts a paragraph, an unindented
			one does not (the file indents some lines, not all) */
	int gaps; /* a blank line ends a paragraph (the file has blank lines
		     between some lines of text, not between all) */
};

struct lines {
	struct line *v; /* owned array of `n` */
	size_t n;
	unsigned pages; /* form feeds + 1 */
	struct layout *lays; /* owned: the regions' layouts, in file order */
	size_t nlays;
	int columns; /* side-by-side columns were found and cut apart */
};

/* Split `len` bytes of decoded text (decode.h: UTF-8, '\n' line ends,
 * form feeds kept) into lines, cut side-by-side columns apart, find the
 * layout and mark the furniture.  The lines point into `text`, which must
 * outlive them.  Returns 0, or -1 when out of memory. */
int lines_read(const char *text, size_t len, struct lines *out);

void lines_free(struct lines *l);

/* The width a text had on the printed page: CJK fonts set East Asian
 * Ambiguous characters (“ ” … — ·) full-width.  Only layout guesses use
 * this; everything shown is measured by width.h. */
size_t lines_width(const char *s, size_t n);

/* Report the furniture left out, through `d`: one warning per distinct
 * line, "NAME:LINE: page furniture left out: TEXT", or "... left out N
 * times: TEXT" for a line that recurs with only its digits changing (the
 * first one's line and text). */
struct diag;
void lines_report(const struct lines *l, const char *name, struct diag *d);

#endif
