/* list: which articles the reader's list shows, and in what order.
 *
 * Every article in corpus order, unless the list is filtered (by a title
 * substring, or by a date prefix such as 2023, 2023-05 or 2022-03-01),
 * sorted by date (newest first; articles without a date last, each group
 * in corpus order) or narrowed to the articles a search has hits in.  A
 * list that does none of these keeps no arrays, so memory stays flat as
 * the corpus grows. */
#ifndef KANBAO_LIST_H
#define KANBAO_LIST_H

#include <stddef.h>
#include <stdint.h>

#include "kanbao/format/corpus.h"
#include "kanbao/base/err.h"

#define LIST_NONE ((size_t)-1)

enum list_sort { LIST_CORPUS, LIST_DATE };

/* What the list is asked to show. */
struct list_query {
	enum list_sort sort;
	const char *filter; /* UTF-8, not NUL-terminated; flen 0: none */
	size_t flen;
	const uint32_t *hits; /* per article; NULL: no narrowing, else only
				 the articles with a non-zero count */
};

struct list {
	size_t narticles; /* of the corpus */
	uint32_t *row; /* row -> article; NULL: every article in order */
	uint32_t *rank; /* article -> row + 1, 0 when not listed */
	size_t n; /* rows */
	enum list_sort sort; /* the order of the rows */
	uint32_t *by_date; /* every article, newest first: made once */
};

/* Start on a corpus of `narticles`: every article, in corpus order. */
void list_init(struct list *l, size_t narticles);

void list_free(struct list *l);

/* Make the list `q` asks for.  ERR_OK; or ERR_NOMEM, or the corpus's
 * error for an unreadable article record, with the list left as it was. */
enum err_code list_make(struct list *l, struct corpus *c,
			const struct list_query *q, struct err *e);

/* Rows, the article on a row, and the row of an article (LIST_NONE when
 * the list does not show it). */
size_t list_rows(const struct list *l);
size_t list_at(const struct list *l, size_t row);
size_t list_row_of(const struct list *l, size_t article);

/* The row nearest an article the list does not show: in corpus order the
 * first listed article after it (or the last row), sorted by date the
 * first row.  The article's own row when it is shown; LIST_NONE for an
 * empty list. */
size_t list_row_near(const struct list *l, size_t article);

/* Whether a filter is a date prefix: digits and "-" only, a digit first,
 * at most 10 characters (so the list follows as "2023-05" is typed: 2, 20,
 * 202, 2023, 2023-...); full-width digits and hyphen count, folded as
 * search folds them (２０２３). */
int list_filter_is_date(const char *f, size_t n);

/* Whether article `a` passes filter `f` (`n` bytes): its date ("YYYY-MM-DD")
 * starts with a date filter, or its title holds the text of any other
 * filter, folded as search folds (ASCII case, full-width forms, quotes,
 * and through the corpus's variants `v`, corpus_variants: simplified and
 * traditional characters).  -1 when out of memory. */
int list_passes(const struct index_variants *v,
		const struct corpus_article *a, const char *f, size_t n);

#endif
