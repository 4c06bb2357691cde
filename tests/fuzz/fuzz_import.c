/* Fuzz target: the builder's parser.  Any bytes must import without a
 * crash, a leak or undefined behaviour; every article that comes out must
 * be writable to a corpus and read back the same. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kanbao/format/article.h"
#include "kanbao/format/corpus.h"
#include "kanbao/build/corpus_write.h"
#include "kanbao/build/import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct article_list l = { 0 };
	struct diag quiet = { NULL, NULL, 0 };
	struct import_opts o = { .diag = &quiet };
	struct err e = { 0 };
	if (import_mem("fuzz", (const char *)data, size, &o, &l, &e) != ERR_OK) {
		article_list_free(&l);
		return 0;
	}
	for (size_t i = 0; i < l.n; i++) {
		if (!l.v[i].title)
			abort();
		for (size_t j = 0; j < l.v[i].nblocks; j++)
			if (strchr(l.v[i].blocks[j].text, '\n') ||
			    !*l.v[i].blocks[j].text)
				abort();
	}
	void *out;
	size_t n;
	struct corpus *c;
	if (corpus_write_mem(l.v, l.n, NULL, &out, &n, &e) != ERR_OK)
		abort();
	if (corpus_open_mem(out, n, "fuzz", &c, &e) != ERR_OK ||
	    corpus_verify(c, &e) != ERR_OK ||
	    corpus_article_count(c) != l.n)
		abort();
	corpus_close(c);
	free(out);
	article_list_free(&l);
	return 0;
}
