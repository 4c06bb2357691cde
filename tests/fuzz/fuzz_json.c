/* Fuzz target: the JSON parser (source_json).  Any bytes must import
 * without a crash, a leak or undefined behaviour, with and without keys
 * named by --field; every article that comes out must have a title and
 * paragraphs of one line each, and be writable to a corpus and read back
 * the same. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kanbao/format/article.h"
#include "kanbao/format/corpus.h"
#include "kanbao/build/corpus_write.h"
#include "kanbao/build/source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct article_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		if (!l->v[i].title || !*l->v[i].title)
			abort();
		for (size_t j = 0; j < l->v[i].nblocks; j++)
			if (strchr(l->v[i].blocks[j].text, '\n') ||
			    !*l->v[i].blocks[j].text)
				abort();
	}
	void *out;
	size_t n;
	struct corpus *c;
	struct err e = { 0 };
	if (corpus_write_mem(l->v, l->n, NULL, &out, &n, &e) != ERR_OK)
		abort();
	if (corpus_open_mem(out, n, "fuzz", &c, &e) != ERR_OK ||
	    corpus_verify(c, &e) != ERR_OK ||
	    corpus_article_count(c) != l->n)
		abort();
	corpus_close(c);
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag quiet = { NULL, NULL, 0 };
	struct import_opts o = { .diag = &quiet };
	/* the first byte chooses whether keys of its own are named, so
	 * that both ways of finding a field are reached */
	if (size && data[0] == '{' && size % 2) {
		o.field[IMPORT_TITLE] = "h";
		o.field[IMPORT_BODY] = "b";
		o.field[IMPORT_DATE] = "d";
	}
	struct article_list l = { 0 };
	struct err e = { 0 };
	if (source_json("fuzz", (const char *)data, size, &o, &l, &e) ==
	    ERR_OK)
		check(&l);
	article_list_free(&l);
	return 0;
}
