/* wrap: the one function that breaks a paragraph into lines.
 *
 * Break opportunities come from libunistring (u8_width_linebreaks, UAX #14),
 * then Chinese tailoring after W3C "Requirements for Chinese Text Layout":
 * no line starts with 。，、；：？！）》」』】〕”’％… or ·, no line ends with
 * （《「『【〔“‘ or a solidus, —— and …… are never split, Latin words and
 * numbers are split only when one is wider than the line, and between Han
 * characters a break is allowed before “ and after ” (Unicode 15.1 LB19a).
 * Widths are measured by width.h, so a line never exceeds `width` columns. */
#ifndef KANBAO_WRAP_H
#define KANBAO_WRAP_H

#include <stddef.h>

struct wrap_line {
	size_t start; /* byte offset of the line in the paragraph */
	size_t len; /* bytes, without the spaces dropped at the break */
	size_t width; /* columns */
};

/* Break `n` bytes of `s` into lines of at most `width` columns, the first of
 * which starts `indent` columns in (the caller draws the indent).  Spaces
 * at a break are dropped.  `width` 0 means no limit: one line.  When a single
 * character is wider than the line it stands alone (that line may be wider
 * than `width` only when width < 2).
 *
 * Stores a malloc'd array in `*lines` (caller frees) and returns the number
 * of lines (>= 1 for non-empty text, 0 for empty), or -1 when out of memory. */
long wrap_paragraph(const char *s, size_t n, size_t width, size_t indent,
		    struct wrap_line **lines);

/* The same for text whose spaces set its words apart (a meta line: date ·
 * source · 记者 张三 李四): lines break only at spaces, so no name is cut,
 * unless a word is wider than the line, which is then cut as above. */
long wrap_words(const char *s, size_t n, size_t width, size_t indent,
		struct wrap_line **lines);

/* Where text cut short, with "…" after it (a title clipped to its
 * column), ends by the rule its lines keep: the most bytes k <= `at` of
 * the `n` at `s` such that the character before k may end a line (it is
 * not an opening quote or bracket, （《“, nor ·), no space comes just
 * before k, and k does not split —— or …….  `at` is a character boundary
 * (clamped to n).  0 when no such k but 0 exists. */
size_t wrap_cut_end(const char *s, size_t n, size_t at);

#endif
