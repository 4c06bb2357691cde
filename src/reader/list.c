/* list: the reader's list of articles (see include/kanbao/reader/list.h). */
#include "kanbao/reader/list.h"

#include <stdlib.h>
#include <string.h>

#include "kanbao/base/array.h"
#include "kanbao/base/utf8.h"
#include "kanbao/reader/doc.h"
#include "kanbao/search/search.h"

void list_init(struct list *l, size_t narticles)
{
	memset(l, 0, sizeof *l);
	l->narticles = narticles;
	l->n = narticles;
}

void list_free(struct list *l)
{
	free(l->row);
	free(l->rank);
	free(l->by_date);
	memset(l, 0, sizeof *l);
}

size_t list_rows(const struct list *l)
{
	return l->n;
}

size_t list_at(const struct list *l, size_t row)
{
	return l->row ? l->row[row] : row;
}

size_t list_row_of(const struct list *l, size_t article)
{
	if (article >= l->narticles)
		return LIST_NONE;
	if (!l->row)
		return article;
	return l->rank[article] ? l->rank[article] - 1 : LIST_NONE;
}

/* An article looked for in the rows, for array_lower_bound. */
struct row_key {
	const struct list *l;
	size_t article;
};

static int row_below(const void *ctx, size_t i)
{
	const struct row_key *k = ctx;
	return k->l->row[i] < k->article;
}

size_t list_row_near(const struct list *l, size_t article)
{
	size_t r = list_row_of(l, article);
	if (r != LIST_NONE || !l->n)
		return l->n ? r : LIST_NONE;
	if (l->sort == LIST_DATE)
		return 0;
	/* In corpus order the rows ascend: the first one after it. */
	struct row_key k = { l, article };
	size_t after = array_lower_bound(0, l->n, row_below, &k);
	return after < l->n ? after : l->n - 1;
}

/* The date prefix filter `f` (`n` bytes) spells, folded as search folds
 * (２０２３－０５ is 2023-05), into `out`: its length, or 0 when `f` is
 * no date prefix (a digit first, then digits and "-", at most a date). */
static size_t date_prefix(const char *f, size_t n, char out[11])
{
	size_t k = 0;
	for (size_t i = 0; i < n;) {
		uint32_t uc;
		i += utf8_next(f + i, n - i, &uc);
		uc = index_fold(NULL, uc);
		if (k == 10 || !((uc >= '0' && uc <= '9') || (uc == '-' && k)))
			return 0;
		out[k++] = (char)uc;
	}
	out[k] = '\0';
	return k;
}

int list_filter_is_date(const char *f, size_t n)
{
	char d[11];
	return date_prefix(f, n, d) > 0;
}

/* A filter ready to test articles with: a date prefix, or a title's text
 * folded. */
struct filter {
	char date[11]; /* the date prefix, folded */
	size_t dlen; /* its length; 0: the filter is a title's text */
	struct search_query text; /* the text folded as search folds; none
				     (len 0) with no date: every article
				     passes */
};

static int filter_make(struct filter *f, const struct index_variants *v,
		       const char *s, size_t n)
{
	memset(f, 0, sizeof *f);
	if ((f->dlen = date_prefix(s, n, f->date)))
		return 0;
	return search_query_make(v, s, n, &f->text);
}

static int filter_passes(const struct filter *f,
			 const struct corpus_article *a)
{
	if (f->dlen) {
		char d[11];
		doc_date(a->date, d);
		return f->dlen <= strlen(d) && !memcmp(d, f->date, f->dlen);
	}
	if (!f->text.len)
		return 1;
	size_t len;
	return search_find(&f->text, a->title.s, a->title.len, 0, &len) <
	       a->title.len;
}

int list_passes(const struct index_variants *v,
		const struct corpus_article *a, const char *s, size_t n)
{
	struct filter f;
	if (filter_make(&f, v, s, n) < 0)
		return -1;
	int ok = filter_passes(&f, a);
	search_query_free(&f.text);
	return ok;
}

/* Newest first; without a date last; corpus order within a date. */
struct dated {
	uint32_t date, i;
};

static int newest_first(const void *pa, const void *pb)
{
	const struct dated *a = pa, *b = pb;
	if (a->date != b->date)
		return a->date > b->date ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

static enum err_code make_by_date(struct list *l, struct corpus *c,
				  struct err *e)
{
	size_t n = l->narticles;
	struct dated *v = malloc((n ? n : 1) * sizeof *v);
	if (!v)
		return err_set(e, ERR_NOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		struct corpus_article a;
		enum err_code rc = corpus_article(c, i, &a, e);
		if (rc) {
			free(v);
			return rc;
		}
		v[i] = (struct dated){ a.date, (uint32_t)i };
	}
	qsort(v, n, sizeof *v, newest_first);
	uint32_t *order = malloc((n ? n : 1) * sizeof *order);
	if (!order) {
		free(v);
		return err_set(e, ERR_NOMEM, "out of memory");
	}
	for (size_t i = 0; i < n; i++)
		order[i] = v[i].i;
	free(v);
	l->by_date = order;
	return ERR_OK;
}

enum err_code list_make(struct list *l, struct corpus *c,
			const struct list_query *q, struct err *e)
{
	size_t n = l->narticles;
	if (q->sort == LIST_CORPUS && !q->flen && !q->hits) {
		free(l->row);
		free(l->rank);
		l->row = l->rank = NULL;
		l->n = n;
		l->sort = LIST_CORPUS;
		return ERR_OK;
	}
	enum err_code rc;
	if (q->sort == LIST_DATE && !l->by_date &&
	    (rc = make_by_date(l, c, e)) != ERR_OK)
		return rc;
	struct filter f;
	uint32_t *row = malloc((n ? n : 1) * sizeof *row);
	uint32_t *rank = calloc(n ? n : 1, sizeof *rank);
	if (!row || !rank ||
	    filter_make(&f, corpus_variants(c), q->filter, q->flen) < 0) {
		free(row);
		free(rank);
		return err_set(e, ERR_NOMEM, "out of memory");
	}
	size_t rows = 0;
	rc = ERR_OK;
	for (size_t k = 0; k < n; k++) {
		size_t i = q->sort == LIST_DATE ? l->by_date[k] : k;
		if (q->hits && !q->hits[i])
			continue;
		if (q->flen) {
			struct corpus_article a;
			if ((rc = corpus_article(c, i, &a, e)) != ERR_OK)
				break;
			if (!filter_passes(&f, &a))
				continue;
		}
		row[rows] = (uint32_t)i;
		rank[i] = (uint32_t)++rows;
	}
	search_query_free(&f.text);
	if (rc != ERR_OK) {
		free(row);
		free(rank);
		return rc;
	}
	free(l->row);
	free(l->rank);
	l->row = row;
	l->rank = rank;
	l->n = rows;
	l->sort = q->sort;
	return ERR_OK;
}
