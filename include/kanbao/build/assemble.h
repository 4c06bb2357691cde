/* assemble: units with their roles (roles.h) into articles, and their
 * dates.
 *
 * An article takes its title from its headline (the lines of a headline
 * wrapped over two joined; a kicker and a subheadline make the subtitle),
 * its byline from its byline lines and photo credit, its page and paper
 * from its source line or the page's masthead, and its body from the rest,
 * as printed: the opening dateline stays at the start of its paragraph
 * (a dateline alone on its line is joined to the paragraph after it), a
 * closing dateline and an end mark stay at the end, an editor's note
 * stays at the start of the article it introduces.  An article without a
 * headline gets a title from its opening words, a flag and a warning.
 *
 * Dates are never guessed (see dates.h): a dateline that gives its year
 * gives the date; one without takes the year from the issue's date (the
 * article's source line, else the masthead or running head of its page or
 * before it, else the file's name, else --date), else --year, else from
 * dates written with a year that name the dateline's month in the article,
 * then in the articles nearest it; else the date stays empty, with a
 * warning.  An article without a dateline is dated with its issue's date
 * when that is known. */
#ifndef KANBAO_ASSEMBLE_H
#define KANBAO_ASSEMBLE_H

#include <stddef.h>

#include "kanbao/format/article.h"
#include "kanbao/build/cues.h"
#include "kanbao/build/dates.h"
#include "kanbao/base/err.h"
#include "kanbao/build/roles.h"

/* An issue line found in the text (cues_issue), where it stands. */
struct issue_mark {
	size_t line; /* its line number */
	unsigned page; /* its page */
	struct date date; /* the issue's date */
	const char *paper; /* the paper's name, or NULL; not NUL-ended */
	size_t paper_len;
	const char *pageno; /* the page as numbered, or NULL */
	size_t pageno_len;
};

struct assembly {
	const char *name; /* the file, for warnings */
	const struct unit *u; /* the units, in chains */
	size_t n;
	const size_t *chain; /* chain k is units [chain[k], chain[k+1]) */
	size_t nchains;
	const enum role *role; /* per unit (roles_assign) */
	const unsigned char *after; /* per unit: its headline stands after its
				       body (roles_assign) */
	const struct issue_mark *marks; /* in line order */
	size_t nmarks;
	int paged; /* the file has pages: a mark dates its whole page */
	struct date named; /* the file name's date, or zeros */
	struct date given; /* --date, or zeros */
	int year; /* --year, or 0 */
	struct diag *diag; /* warnings; may be NULL */
	void (*debug)(const char *line); /* decisions; may be NULL */
};

/* Append the articles of `a` to `out`, in the order they begin in the
 * file.  Returns ERR_OK or ERR_NOMEM. */
enum err_code assemble_articles(const struct assembly *a,
				struct article_list *out);

/* A title from the opening words of `s` (a dateline or a note's mark
 * skipped, unless it is all there is): up to the first clause end after
 * at least 8 characters, at most 24, opening quotes off.  A malloc'd
 * string, empty only when `s` is, or NULL when out of memory. */
char *assemble_derive_title(const char *s);

#endif
