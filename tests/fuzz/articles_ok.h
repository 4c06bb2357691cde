/* articles_ok.h: what every article a parser's fuzz target gets must be:
 * titled, its blocks one line each and not empty, and writable to a
 * corpus that reads back the same.  Aborts (a finding) when one is not. */
#ifndef KANBAO_FUZZ_ARTICLES_OK_H
#define KANBAO_FUZZ_ARTICLES_OK_H

#include <stdlib.h>
#include <string.h>

#include "kanbao/format/article.h"
#include "kanbao/format/corpus.h"
#include "kanbao/build/corpus_write.h"

static inline void fuzz_articles_ok(const struct article_list *l)
{
	struct err e = { 0 };
	for (size_t i = 0; i < l->n; i++) {
		if (!l->v[i].title)
			abort();
		for (size_t j = 0; j < l->v[i].nblocks; j++)
			if (strchr(l->v[i].blocks[j].text, '\n') ||
			    !*l->v[i].blocks[j].text)
				abort();
	}
	void *out;
	size_t n;
	struct corpus *c;
	if (corpus_write_mem(l->v, l->n, NULL, &out, &n, &e) != ERR_OK)
		abort();
	if (corpus_open_mem(out, n, "fuzz", &c, &e) != ERR_OK ||
	    corpus_verify(c, &e) != ERR_OK || corpus_article_count(c) != l->n)
		abort();
	corpus_close(c);
	free(out);
}

/* For the structured sources' readers, whose every article is titled by
 * its source or by source_item_finish: no title is empty either. */
static inline void fuzz_articles_titled(const struct article_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		if (!l->v[i].title || !*l->v[i].title)
			abort();
	fuzz_articles_ok(l);
}

#endif
