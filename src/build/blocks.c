/* blocks: lines into blocks (see include/kanbao/build/blocks.h).  The rules are
 * about layouts, never about particular pages. */
#include "kanbao/build/blocks.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kanbao/base/array.h"
#include "kanbao/build/cues.h"
#include "kanbao/build/dates.h"
#include "kanbao/base/punct.h"
#include "kanbao/build/interleave.h"
#include "kanbao/base/utf8.h"
#include "kanbao/base/width.h"

/* A headline or section head is at most this many columns (40 Han). */
enum { HEAD_MAX_COLS = 80 };

/* A column of text is this many columns wide at least (12 Han: a PDF
 * page's narrowest); lines of a headline broken over lines are often
 * narrower. */
enum { COLUMN_MIN_COLS = 24 };

static int text_line(const struct line *x)
{
	return x->len && !(x->flags & LINE_FURNITURE);
}

static uint32_t first_char(const char *s, size_t n)
{
	uint32_t uc = 0;
	if (n)
		utf8_next(s, n, &uc);
	return uc;
}

/* Quotes and brackets left open after s[0..n), `depth` being open before
 * it.  Straight quotes open and close alike: they are not counted. */
static int depth_after(int depth, const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t uc;
		i += utf8_next(s + i, n - i, &uc);
		if (punct_is_opener(uc))
			depth++;
		else if (punct_is_closer(uc) && uc != '"' && uc != '\'' &&
			 depth > 0)
			depth--;
	}
	return depth;
}

/* ---- hard-wrapped text --------------------------------------------------*/

/* The width a line fills when it is full: first lines are narrower where
 * print indents them. */
static size_t expected(const struct layout *lay, int first_line)
{
	if (first_line && lay->first_w)
		return lay->first_w;
	return lay->cont ? lay->cont : lay->full + 6;
}

enum fill { LOOSE, TIGHT };

/* A line fills its column, give or take a few columns: justified lines
 * vary with the digits and spaces in them.  LOOSE (3 Han) decides whether
 * a line that breaks off mid-sentence was cut by the column; TIGHT (2 Han)
 * whether a line ending a sentence stopped short of it.  Measured on the
 * seeds' text re-wrapped at 36 to 60 columns, proportional slack did
 * worse. */
static int is_full(const struct layout *lay, size_t width, int first_line,
		   enum fill fill)
{
	size_t want = expected(lay, first_line);
	/* In a narrow column (a PDF page's 12 Han) 3 Han is a quarter of
	 * the line, and a headline as wide as that reads as full: there the
	 * slack is an eighth of the line, 2 Han at least. */
	size_t slack = fill == TIGHT ? 4 : want / 8 < 4 ? 4 : want / 8 > 6 ? 6
										 : want / 8;
	return lay->kind == LAYOUT_WRAPPED && width + slack >= want;
}

/* A full line ends with final punctuation (`final`, seen through closing
 * quotes: `quoted`) and line `next` follows at once: does a new paragraph
 * start there?  Print cannot tell; these cues can, most of the time.  The
 * defaults follow the seeds' own text re-wrapped at 36..60 columns: after a
 * bare 。！？ a new paragraph follows two times in three; after ； or ：,
 * or a quotation closed on 。”, the paragraph goes on. */
static int opens_paragraph(const struct line *next, int follows,
			   int blank_after, const struct layout *lay,
			   uint32_t final, int quoted)
{
	if (next->flags & LINE_BYLINE)
		return 1; /* 新华社记者 朱基钗 高雷 */
	if (lay->indents)
		return next->indent > 0; /* the file indents its paragraphs */
	if (final == 0xFF1A)
		return 0; /* "强调：" leads into the quotation */
	/* Where first lines are narrower, a full next line tells. */
	if (lay->first && follows && is_full(lay, next->width, 1, LOOSE))
		return next->width < lay->first;
	/* A short unfinished line and then a column break: the tail of this
	 * paragraph ("…破格录取了他。黄道亮由此"), not a heading. */
	if (!punct_ends_final(next->s, next->len) &&
	    !is_full(lay, next->width, 0, LOOSE) && blank_after)
		return 0;
	uint32_t uc = first_char(next->s, next->len);
	if (uc == 0x201C || uc == 0xFF08)
		return 1; /* a quotation opens the next paragraph */
	if (final == 0x2014)
		return dates_digit(uc) < 0; /* "成绩单——2022 年…" goes on */
	if (uc == 0x2014 || dates_digit(uc) >= 0)
		return 1; /* "——交通一体化…", "2019年…" */
	if (final == 0x3002 || final == 0xFF01 || final == 0xFF1F)
		return !quoted; /* "“…。”习近平总书记的话意味深长。" goes on */
	return final == 0x2026; /* after ……, more often a new one */
}

/* The next text line after i (n when none), and the blank lines between
 * them in `*gap`. */
static size_t next_text(const struct line *l, size_t n, size_t i, size_t *gap)
{
	size_t g = 0;
	for (i++; i < n && !text_line(&l[i]); i++)
		g += !l[i].len;
	*gap = g;
	return i;
}

/* Whether s[0..n) holds a sentence or clause mark: body text of a column's
 * width nearly always does, a headline rarely. */
static int has_mark(const char *s, size_t n)
{
	for (size_t k = 0; k < n;) {
		uint32_t uc;
		k += utf8_next(s + k, n - k, &uc);
		if (punct_is_stop(uc) || punct_is_clause(uc))
			return 1;
	}
	return 0;
}

/* Line i, a block's first line, unfinished and as wide as a first line:
 * is it a line of its own?  Where print indents first lines, the second
 * line of a paragraph fills the column, so a line j of a first line's width
 * going on at once to a line after it opens a paragraph.  With no mark in
 * line i and none wider than j, i is a headline set as wide as a first line
 * with its body right under it ("日本经济复苏步履蹒跚" over "日本政府30日公
 * 布的统").  The difference between first lines and the rest is a Han or
 * two, which the marks in a line also make: both cues are needed. */
static int alone_over_first(const struct layout *lay, const struct line *l,
			    size_t i, size_t j, size_t nlines)
{
	if (!lay->first || j >= nlines || l[j].width >= lay->first ||
	    l[i].width > l[j].width || has_mark(l[i].s, l[i].len) ||
	    !is_full(lay, l[j].width, 1, LOOSE) ||
	    punct_ends_final(l[j].s, l[j].len))
		return 0;
	size_t g;
	size_t k = next_text(l, nlines, j, &g);
	return k < nlines && !g && !(l[k].flags & LINE_DATELINE);
}

/* wrapped_ends: the block ends after a line that looks full but is not
 * cut by the column (a headline as wide as it). */
enum { ENDS_SHORT = 2 };

/* Whether the block ends after line i of a hard-wrapped file (j is the
 * next text line, `gap` blank lines before it); `depth` quotes and
 * brackets are open at the end of line i; `first_dateline`: the block's
 * first line opens with a dateline. */
static int wrapped_ends(const struct layout *lay, const struct line *l,
			size_t i, size_t j, size_t gap, size_t nlines,
			const struct buf *cur, int depth, int first_line,
			int first_dateline)
{
	if (j >= nlines || gap)
		return 1; /* end of file or a blank line */
	if (l[j].flags & LINE_DATELINE)
		return 1;
	if (lay->indents && l[j].indent > l[i].indent + 2 &&
	    l[j].width < lay->full)
		return 1; /* a centred line: a headline */
	/* A line wider than the column is set across columns: a headline;
	 * a byline under a headline starts a line of its own. */
	size_t widest = expected(lay, 0) + 4;
	if (l[i].width > widest || l[j].width > widest ||
	    l[j].flags & LINE_BYLINE)
		return 1;
	int open = depth > 0;
	int full = is_full(lay, l[i].width, first_line, LOOSE);
	/* A dateline sets its first line apart (bold, spaced): only a
	 * finished sentence ends that line's block early. */
	int dateline = cur->len == l[i].len && l[i].flags & LINE_DATELINE;
	/* "新华社北京3月1日电 关于召开…的决定（…通过）": a headline on the
	 * dateline's line, ended by its parenthesis, stands alone. */
	struct opening op;
	if (first_dateline && cues_opening(cur->p, cur->len, &op) &&
	    op.headline && op.head < cur->len)
		return 1;
	/* A table's row after a line that ends a sentence or a clause
	 * ("…至明天二十时：" over "北京　晴　-9℃～1℃"), or after another row,
	 * starts a block: rows are the table's, not the paragraph's. */
	if (cues_table_row(l[j].s, l[j].len) &&
	    (punct_ends_final(l[i].s, l[i].len) ||
	     cues_table_row(l[i].s, l[i].len)))
		return 1;
	if (!punct_ends_final(l[i].s, l[i].len)) {
		if (open || dateline)
			return 0;
		/* two phrases set apart by a space, as wide as the column:
		 * a kicker, never a line of text */
		if (first_line && !first_dateline &&
		    cues_couplet(l[i].s, l[i].len) &&
		    !has_mark(l[i].s, l[i].len))
			return ENDS_SHORT;
		if (full && first_line && !first_dateline &&
		    alone_over_first(lay, l, i, j, nlines))
			return ENDS_SHORT;
		return !full;
	}
	/* A sentence ends the line: the paragraph ends when the line is
	 * clearly short of the column (the lines that go on are measured:
	 * more than 2 Han short of them), or by the cues above. */
	if (!is_full(lay, l[i].width, first_line, TIGHT))
		return 1;
	/* A headline stands right above a dateline: unfinished lines just
	 * before one start a block of their own. */
	size_t k = j, g;
	for (int t = 0; t < 3 && k < nlines &&
			!punct_ends_final(l[k].s, l[k].len); t++) {
		size_t m = next_text(l, nlines, k, &g);
		if (m < nlines && !g && l[m].flags & LINE_DATELINE)
			return 1;
		if (g)
			break;
		k = m;
	}
	if (open)
		return 0;
	int quoted;
	uint32_t uc = punct_last(l[i].s, l[i].len, &quoted);
	/* what comes after line j: a line at once, or a blank line */
	size_t after = next_text(l, nlines, j, &g);
	return opens_paragraph(&l[j], after < nlines && !g, g > 0, lay, uc,
			       quoted);
}

/* ---- sentences and clauses per line -------------------------------------*/

static int sentences_end(const struct layout *lay, const struct line *l,
			 size_t i, size_t j, size_t gap, size_t nlines)
{
	if (j >= nlines)
		return 1;
	uint32_t last = punct_last(l[i].s, l[i].len, NULL);
	if (punct_is_clause(last) && last != 0xFF1A && last != ':')
		return 0; /* a clause: the sentence goes on */
	if (!punct_is_stop(last) && last != 0xFF1A && last != ':')
		return 1; /* a headline, a byline: alone */
	if (punct_parenthesised(l[j].s, l[j].len))
		return 1; /* a line in parentheses after a sentence: an
			     author's note, a closing dateline, apart */
	if (!punct_ends_final(l[j].s, l[j].len) &&
	    l[j].width <= HEAD_MAX_COLS && !punct_is_clause(
		    punct_last(l[j].s, l[j].len, NULL)))
		return 1; /* a headline follows */
	if (l[j].flags & LINE_DATELINE)
		return 1;
	if (lay->gaps)
		return gap > 0;
	if (lay->indents)
		return l[j].indent > 0;
	return 1; /* nothing marks paragraphs: a sentence each */
}

/* ---- blocks -------------------------------------------------------------*/

static struct block *new_block(struct blocks *bs, const struct line *x,
			       size_t gap)
{
	if (array_grow(&bs->v, &bs->cap, bs->n + 1, sizeof *bs->v) < 0)
		return NULL;
	struct block *b = &bs->v[bs->n++];
	memset(b, 0, sizeof *b);
	b->line = x->no;
	b->lay = x->lay;
	b->indent = x->indent;
	b->gap = gap;
	b->page = x->page;
	return b;
}

/* What a finished block is for interleave.h, and whether it ends
 * mid-sentence.  `depth`: quotes left open at its end (with those of a
 * block before that broke off); `last_full`: its last line fills the
 * column; `before_dateline`: a dateline, a byline or the end of the file
 * comes next, so nothing continues it (a headline as wide as a narrow
 * column, then its byline); `first_dateline`: its first line opens with a
 * dateline (maybe in a parenthesis); `after_open`: it follows at once,
 * with no blank line or furniture between, a block that broke off
 * mid-word whose last line is as wide as it, a column's width (cut by
 * the same column); `set_apart`: it is one line, after a finished block
 * and a blank line. */
static unsigned classify(const struct buf *t, int last_full, int depth,
			 int before_dateline, int first_dateline,
			 int after_open, int set_apart)
{
	const char *s = t->p;
	size_t n = t->len;
	uint32_t first = first_char(s, n);
	int final = punct_ends_final(s, n);
	unsigned flags = final ? INTERLEAVE_FINAL : 0;
	int marked = 0; /* a dateline opens or closes it */
	struct opening op;
	if (first_dateline && cues_opening(s, n, &op)) {
		marked = 1;
		flags |= INTERLEAVE_FIXED;
		/* A headline after the dateline, or nothing, ends nothing
		 * mid-sentence. */
		if (op.rest >= n || (op.headline && (op.head < n || !last_full)))
			return flags;
	} else if ((first == 0xFF08 || first == '(') && final &&
		   first_dateline) {
		marked = 1;
		flags |= INTERLEAVE_FIXED;
	}
	if (final)
		return flags;
	/* A photo's mark ends its headline, however wide the line. */
	if (cues_photo_title(s, n))
		return flags | INTERLEAVE_FIXED;
	/* Unfinished: a heading, or text that breaks off mid-sentence.
	 * Right under text that broke off, a line as wide holding a clause
	 * mark is that text going on, cut again by the column ("…新馆藏书"
	 * over "三百余万册，设有少儿阅览区和电子阅览室，可" where a page reads
	 * as a paragraph a line): a headline is seldom as wide as the
	 * column's lines, and stands after a blank line. */
	/* A line as wide as a narrow column, set apart by blank lines after
	 * a finished paragraph and holding no mark, is a headline
	 * ("全国主要城市天气预报" over a weather box), not a paragraph's first
	 * line cut by a column break: text that long has a mark. */
	int headline = set_apart && !has_mark(s, n);
	if (marked || depth > 0 ||
	    (last_full && !before_dateline && !headline) ||
	    width_str(s, n) > HEAD_MAX_COLS || punct_has_stop(s, n) ||
	    punct_is_clause(punct_last(s, n, NULL)) ||
	    (after_open && has_mark(s, n)))
		return flags | INTERLEAVE_OPEN;
	return flags | INTERLEAVE_FIXED;
}

int blocks_make(const struct lines *l, struct blocks *bs)
{
	const struct line *v = l->v;
	size_t n = l->n;
	struct block *cur = NULL;
	int carry = 0; /* quotes left open by a block that broke off */
	int depth = 0; /* quotes open at the end of the current line */
	int prev_open = 0; /* the block before broke off mid-sentence */
	size_t prev_width = 0; /* the width of its last line, when that line
				  was cut mid-word (no mark ends it); else 0 */
	size_t gap = 0; /* blank lines before the next block */
	int cut = 0; /* furniture left out before the next block */
	int cur_dateline = 0; /* the current block opens with a dateline */
	for (size_t i = 0; i < n; i++) {
		if (!text_line(&v[i])) {
			gap += !v[i].len && !cur;
			cut |= !cur && (v[i].flags & LINE_FURNITURE);
			continue;
		}
		if (!cur) {
			if (!(cur = new_block(bs, &v[i], gap)))
				return -1;
			cur->cut = cut || (v[i].flags & LINE_PAGE);
			depth = carry;
			cur_dateline = !!(v[i].flags & LINE_DATELINE);
		}
		const struct layout *lay = cur->lay;
		if (cur->text.len)
			buf_putc(&cur->text, '\n');
		buf_put(&cur->text, v[i].s, v[i].len);
		if (cur->text.failed)
			return -1;
		cur->nlines++;
		if (v[i].width > cur->width)
			cur->width = v[i].width;
		depth = depth_after(depth, v[i].s, v[i].len);
		/* The first line of a paragraph: print indents it. */
		int first_line = cur->text.len == v[i].len && !prev_open;
		size_t g;
		size_t j = next_text(v, n, i, &g);
		int ends;
		if (lay->kind == LAYOUT_WRAPPED)
			ends = wrapped_ends(lay, v, i, j, g, n, &cur->text, depth,
					    first_line, cur_dateline);
		else if (lay->kind == LAYOUT_SENTENCES)
			ends = sentences_end(lay, v, i, j, g, n);
		else
			ends = 1;
		if (!ends)
			continue;
		cur->flags = classify(&cur->text,
				      ends != ENDS_SHORT &&
				      is_full(lay, v[i].width, first_line, LOOSE),
				      depth,
				      j >= n || v[j].flags & (LINE_DATELINE |
							       LINE_BYLINE),
				      cur_dateline,
				      prev_open && prev_width && !cur->gap &&
				      !cur->cut && cur->nlines == 1 &&
				      v[i].width >= COLUMN_MIN_COLS &&
				      v[i].width + 2 >= prev_width &&
				      v[i].width <= prev_width + 2,
				      cur->nlines == 1 && cur->gap &&
				      !prev_open && !cur->cut);
		prev_open = !!(cur->flags & INTERLEAVE_OPEN);
		prev_width = utf8_is_han(punct_last(v[i].s, v[i].len, NULL))
				     ? v[i].width
				     : 0;
		carry = prev_open ? depth : 0;
		cur = NULL;
		gap = 0;
		cut = 0;
	}
	return 0;
}

void blocks_free(struct blocks *b)
{
	for (size_t i = 0; i < b->n; i++)
		buf_free(&b->v[i].text);
	free(b->v);
	memset(b, 0, sizeof *b);
}
