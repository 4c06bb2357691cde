/* split: where a large raw text is cut into parts that are read apart.
 *
 * A file may hold a paper's whole archive: an issue after another, for
 * years.  Reading it whole would hold it, and every stage's view of it,
 * in memory at once (15 to 22 times its size), on one thread.  So it is
 * cut where a new issue starts, and each part goes through the stages
 * (lines.h ... assemble.h) on its own, as if it were a file of its own:
 * its layout regions, furniture, word statistics and dates are its own
 * issue's.  No article runs from one issue into the next, so no cut falls
 * inside an article.
 *
 * A new issue starts at the head of a page that names a date other than
 * the date in force:
 *  - an issue line (cues_issue) with a weekday, or with the paper's name
 *    and the page: a masthead (人民日报　2020年1月6日　星期一　第1版);
 *  - a source line (人民日报 2020年1月8日 第1版) at the top of a page
 *    (after a form feed), as pdftotext gives a running head; elsewhere
 *    a source line (《人民日报》（2025年10月20日 第 01 版）) is no cut: it
 *    sits between an article's headline and its body;
 *  - a running head a box a line, as pdftotext leaves one (人民日报 /
 *    2020 年 1 月 2 日 / 星期四 / 第1版): short lines, one of them the date
 *    alone, that read as an issue line together, at a page's top or
 *    after a blank line.
 * A date without a weekday, page or paper (the date under a notice, a
 * dateline's 2020 年 1 月 7日电) is no head, and the first date named is no
 * cut: what comes before it may be that issue's.  A running head without
 * a date (人民日报　第1版), at a page's top or after a blank line, starts a
 * new issue when its page comes before the page last named (page 1 after
 * page 8): an issue whose date is not known, so none of the issue before
 * is given to its articles.
 *
 * Text that names no new issue for 4 MiB is cut anyway (split_forced),
 * at the likeliest end of an article, with a warning: the one place an
 * article may be cut in two.  A part of such text takes 15 to 22 times
 * its size through the stages: 4 MiB keep that near 100 MB. */
#ifndef KANBAO_SPLIT_H
#define KANBAO_SPLIT_H

#include <stddef.h>

#include "kanbao/build/dates.h"

enum {
	/* bytes at the end of a text that goes on that split_find leaves for
	 * its next call: a page head a box a line is read whole */
	SPLIT_LOOKAHEAD = 1024,
};

/* What split_find knows where it starts: the date in force (year
 * 0: none known), and the page last named (0: none). */
struct split_state {
	struct date in_force;
	long page;
};

/* The first cut in `len` bytes of decoded text (lines ending in '\n'),
 * after offset 0: the offset of the line starting the new issue, or 0
 * when there is none.  `*st` is what is known at offset 0; it becomes
 * what is known at the cut (the new issue's date, or none), or at the end
 * of what was read.  With `more` (the text goes on after `len`), lines
 * starting within SPLIT_LOOKAHEAD bytes of the end are not read. */
size_t split_find(const char *text, size_t len, int more,
		  struct split_state *st);

/* Where to cut `len` bytes of text that name no new issue: after the last
 * line that ends a sentence and is followed by a blank line and a short
 * line (a headline, likely), in the text's last three quarters; else after
 * its last line end before `len`; else 0 (one line: never cut inside). */
size_t split_forced(const char *text, size_t len);

#endif
