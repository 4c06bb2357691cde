/* labelled: text an archive's database dumped, each article a record of
 * labelled fields, which the stages of raw text (import.h) would read as a
 * page, its labels as headlines:
 *
 *   【标题】首都各界群众喜迎新世纪        标题：首都各界群众喜迎新世纪
 *   【作者】本报记者　孟繁星              作者：本报记者　孟繁星
 *   【日期】2001.01.01                    日期：2001-01-01
 *   【版次】第1版                         版次：第1版
 *   【正文】                              正文：本报北京12月31日电　今天…
 *   本报北京12月31日电　今天是…          一大早，天安门广场上…
 *
 * A label is a key of the table in labelled.c (标题, 副题, 作者, 日期, 版次,
 * 来源, 正文…, simplified or traditional) at the start of a line, in 【】,
 * [] or 〖〗, or followed by ： or :; its value is the rest of the line.
 * The lines after the body's label, or after the last label, are the
 * body, a paragraph each (blank lines between them or not), but a long
 * line that breaks off mid-sentence goes on in the next line that has no
 * indent (a body wrapped at a width).  A record ends
 * where a label of a field it already has comes, or any label after its
 * body; in the body, a label with a colon starts the next record only when
 * it is the label records start with (a transcript's 记者： is text).  A
 * label the table knows but the article has no field for (栏目, 版名, 摘要,
 * 关键词) is kept as a paragraph at the top of the body, "栏目：要闻".
 *
 * The date is the one the record's date field gives, the issue's; a
 * dateline opening the body (本报北京12月31日电) gives the article's, its
 * year from the as on a page (a December dateline in a January
 * issue is the year before).  The fields go through source_item_finish,
 * as a structured source's do. */
#ifndef KANBAO_LABELLED_H
#define KANBAO_LABELLED_H

#include <stddef.h>

#include "kanbao/base/err.h"
#include "kanbao/build/import.h"
#include "kanbao/format/article.h"

/* Is `n` bytes of decoded text such a dump?  Among its first 200
 * non-blank lines: four labels or more, a title's among them, of three
 * fields or more, the first within the first 10 lines.  Raw pages with a
 * 来源： or 作者： line are not. */
int labelled_is(const char *text, size_t n);

/* Where the value of the label that `n` bytes of line `s` open with
 * starts (past the label, its colon and the spaces after them), or 0 when
 * they open with none: what of a dump is structure, not text. */
size_t labelled_label(const char *s, size_t n);

/* Where to cut `n` bytes of such a dump, read in parts apart (one large
 * file), so that no record is cut: the start of the last line after offset
 * 0 that labels the field the text's first label does (the field records
 * start with); 0 when there is none. */
size_t labelled_cut(const char *text, size_t n);

/* Read the records of `n` bytes of decoded text (labelled_is said so),
 * lines numbered from `before` + 1 in warnings, their articles appended to
 * `out`.  Text before the first label is an article of its own with a
 * title made from its words, with a warning.  ERR_OK or ERR_NOMEM. */
enum err_code labelled_import(const char *name, const char *text, size_t n,
			      size_t before, const struct import_opts *o,
			      struct article_list *out, struct err *e);

#endif
