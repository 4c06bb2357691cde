/* norm: the repairs applied to every piece of text the builder keeps.
 *
 *  - Where the source broke a line (marked '\n' in the input), the two sides
 *    are joined: with nothing between Han and anything, with one space
 *    between two Latin words or numbers ("2015 年 4 月" across a line).
 *  - Spaces next to a CJK character are dropped: extraction puts them around
 *    digits and Latin ("2015 年 4 月 30 日" -> "2015年4月30日", "超 4 成" ->
 *    "超4成"); spaces between Latin words stay, one of each run.  A space
 *    after a list item's mark that opens the text stays ("• 播种机",
 *    "1. 第一步", "2) 第二步"), as Markdown lists set it.
 *  - The text is put in Unicode NFC.
 * norm_title keeps, in a headline, the ideographic space a line sets
 * between two phrases. */
#ifndef KANBAO_NORM_H
#define KANBAO_NORM_H

#include <stddef.h>
#include <stdint.h>

/* Normalise `n` bytes of `s` (valid UTF-8) as above.  Returns a malloc'd
 * NUL-terminated string, or NULL when out of memory. */
char *norm_text(const char *s, size_t n);

/* norm_text for a headline, kicker or subheadline: an ideographic space
 * (U+3000) that a line sets between two phrases stays, one, where it
 * would go ("城市更新　李强主持", "欢声笑语辞旧岁　万众一心迎新年"); a line
 * break and ASCII spaces still go (a headline wrapped, extraction's
 * spaces).  Never longer than `s`. */
char *norm_title(const char *s, size_t n);

/* Non-zero for a character that NFC leaves as it is wherever it stands:
 * combining class 0 and NFC_Quick_Check=Yes (no decomposition that NFC
 * keeps, never the second of a composition).  A text made only of these
 * is in NFC already, so norm_text need not normalise it.  The set is a few
 * ranges that cover Chinese news text (Han, CJK and full-width punctuation,
 * Latin letters and digits); tests/build/test_norm.c checks every character of
 * them against libunistring's tables. */
int norm_nfc_stable(uint32_t uc);

/* Normalise a list of names from a byline: tokens are separated by spaces
 * or line breaks; runs of one-Han-character tokens are names padded by
 * typesetting and are joined in pairs ("邹 伟 樊 曦 魏玉坤" -> "邹伟 樊曦
 * 魏玉坤"; a run of three is one name).  Names are separated by one space.
 * Returns a malloc'd string or NULL when out of memory. */
char *norm_names(const char *s, size_t n);

#endif
