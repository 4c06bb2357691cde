/* render: newspaper items laid out as the raw text that people actually get
 * out of a paper: a database export, a PDF through pdftotext, a wire in
 * traditional characters one sentence or one clause a line.
 *
 * An item is what a page shows as one piece: a news story, a commentary, a
 * poem, a photo, a weather box, a brief, a column head, a table of contents.
 * Its blocks come in reading order, each with the role it plays on the page;
 * the renderer decides how each role looks in each layout (a dateline opens
 * the paragraph after it, or stands alone on its line in a PDF; a headline
 * wraps over two lines in a narrow column; a closing dateline ends the last
 * paragraph or follows it, and follows a sign-off that stands before it).
 * It never changes a Han character, adds none but the page's furniture
 * (masthead, running heads, source lines, editors' names, page numbers)
 * and drops none: what a builder must keep is exactly what the items
 * hold.
 *
 * The same page, layout and seed give the same bytes.  Used by
 * tests/pages/compose.c (kanbao-pages), and meant for tests/bench/gen.c. */
#ifndef KANBAO_TESTS_RENDER_H
#define KANBAO_TESTS_RENDER_H

#include <stddef.h>
#include <stdint.h>

#include "kanbao/base/buf.h"
#include "kanbao/base/err.h"

enum render_role {
	RENDER_KICKER, /* 引题, the line above a headline */
	RENDER_TITLE, /* the headline, one string however it wraps */
	RENDER_SUBTITLE, /* 副题: "——写在…" or "（…）" */
	RENDER_SOURCE, /* a source line of the item's own */
	RENDER_BYLINE, /* 本报记者　张三　李四, 本报评论员, a poet's name */
	RENDER_NOTE, /* 编者按：…, part of the article it stands before */
	RENDER_DATELINE, /* opens the paragraph after it: 本报北京12月31日电 */
	RENDER_PARA, /* a paragraph of body text */
	RENDER_CROSSHEAD, /* a section head inside a body */
	RENDER_LINE, /* a line kept as it is: a verse, a table row */
	RENDER_BLANK, /* a break between stanzas (text unused) */
	RENDER_CAPTION, /* 图为… */
	RENDER_CREDIT, /* 新华社记者　某某摄 */
	RENDER_ENDDATE, /* （本报华盛顿12月30日电）: closes the body */
	RENDER_SIGNOFF, /* a line after the body: （作者为…）, a signature */
	RENDER_NROLES
};

struct render_block {
	enum render_role role; /* what the block is on the page */
	const char *text; /* UTF-8, one line, no '\n'; not owned */
};

struct render_item {
	const struct render_block *blocks; /* in reading order; not owned */
	size_t nblocks;
};

enum render_layout {
	/* one paragraph a line, a blank line after each (corpus/000) */
	RENDER_LINES,
	/* one paragraph a line, no blank lines, body paragraphs indented with
	 * two U+3000, CRLF, encoded GBK */
	RENDER_LINES_GBK,
	/* hard-wrapped at 24-27 Han, first lines 2 Han narrower, blank lines
	 * at column breaks even mid-sentence, spaces around digits, padded
	 * names (corpus/002) */
	RENDER_WRAPPED,
	/* pdftotext without -layout: pages ended by '\f', a running head and
	 * a footer on each, editors' names, narrow columns, headlines over two
	 * lines, datelines alone on their line, a sentence cut by the page */
	RENDER_PDF,
	/* pdftotext -layout: leading spaces, centred headlines, two columns
	 * side by side on the same lines (or staggered, a line each) */
	RENDER_PDF_LAYOUT,
	/* one sentence a line, blank lines between paragraphs (the items are
	 * expected in traditional characters, as Hong Kong reports are) */
	RENDER_SENTENCES,
	/* one clause a line, Big5 small-form punctuation (﹐﹑﹒﹔﹕﹖﹗︰) in
	 * place of some full-width punctuation (traditional, Taiwan) */
	RENDER_CLAUSES,
	/* an archive database's dump: a record of labelled fields an item
	 * (【标题】, 【引题】, 【副题】, 【作者】, 【日期】, 【版次】, 【正文】,
	 * or 标题： with colons), the body a paragraph a line; no tables of
	 * contents or column heads (compose leaves them out) */
	RENDER_LABELLED,
	/* one paragraph a line, no blank lines, a rule (==========, * * *…)
	 * between items, a source line under each headline (人民日报
	 * 2001-01-01 第4版), as dumps put together from single articles
	 * are; no tables of contents or column heads either */
	RENDER_RULED,
	/* articles copied from a news site's pages: the headline, a line of
	 * when and from where (2023-05-16 08:30:11　来源：人民网－人民日报),
	 * now and then the page's buttons (【字号　大　中　小】　【打印】),
	 * a paragraph a line, the editors' line ([责任编辑：王小明], after a
	 * button now and then), a blank line between articles; articles
	 * only */
	RENDER_WEB,
	RENDER_NLAYOUTS
};

enum render_flag {
	/* a masthead at the top: paper, date, weekday, page (the layouts
	 * without running heads; the PDF layouts always have them) */
	RENDER_MASTHEAD = 1u << 0,
	/* a source line under each headline, as database exports have:
	 * 《人民日报》（2001年01月01日 第 04 版） */
	RENDER_SOURCE_LINES = 1u << 1,
	/* wrapped: each headline after its body, as PDF reading order puts
	 * a headline box (corpus/002) */
	RENDER_HEAD_AFTER = 1u << 2,
	/* encoded Big5, as Hong Kong and Taiwan files often are: Hong
	 * Kong's (BIG5-HKSCS) for sentences, Microsoft's (CP950) for clauses
	 * (render_big5) */
	RENDER_BIG5 = 1u << 3,
};

/* The Big5 a page of `layout` with RENDER_BIG5 is encoded in. */
const char *render_big5(enum render_layout layout);

struct render_page {
	enum render_layout layout; /* how the page is laid out */
	uint64_t seed; /* every random choice: the same seed, the same bytes */
	const char *paper; /* masthead and running-head name (人民日报), or
			      NULL for none */
	int year, month, day; /* the date; year 0: the page never
				 states it (running heads keep paper and
				 page number only) */
	int page; /* the page (版) number of the first page, 1..99 */
	unsigned flags; /* enum render_flag bits */
	const struct render_item *items; /* in page order; not owned */
	size_t nitems;
};

/* Append the page laid out in pg->layout to `out` (UTF-8, except GBK for
 * RENDER_LINES_GBK).  Returns ERR_OK; ERR_NOMEM when memory runs out;
 * ERR_ENCODING (message naming the character) when the text has a
 * character GBK cannot hold; ERR_USAGE for a page it cannot lay out (no
 * items, a bad layout or page number).  On error `out` may hold part of
 * the page. */
enum err_code render_page(const struct render_page *pg, struct buf *out,
			  struct err *e);

/* The layout's name as used in file and directory names and tables
 * ("lines", "lines-gbk", "wrapped", "pdf", "pdf-layout", "sentences",
 * "clauses", "labelled", "ruled", "web"); "?" for a value out of range. */
const char *render_layout_name(enum render_layout l);

/* The layout named `name`: 0 and `*out` set, or -1 when there is none. */
int render_layout_parse(const char *name, enum render_layout *out);

/* The role a tag of the items' markup names ("title" for @title...):
 * 0 and `*out` set, or -1 when there is none. */
int render_role_parse(const char *name, enum render_role *out);

#endif
