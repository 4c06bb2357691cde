/* Fuzz target: source_feed, the feed reader.  Any bytes must
 * import without a crash, a leak or undefined behaviour; every article that
 * comes out must have a title and blocks of text on one line. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kanbao/build/source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct article_list l = { 0 };
	struct diag quiet = { NULL, NULL, 0 };
	struct import_opts o = { .diag = &quiet };
	struct err e = { 0 };
	if (source_feed("fuzz", (const char *)data, size, &o, &l, &e) == ERR_OK)
		for (size_t i = 0; i < l.n; i++) {
			if (!l.v[i].title || !*l.v[i].title)
				abort();
			for (size_t j = 0; j < l.v[i].nblocks; j++)
				if (strchr(l.v[i].blocks[j].text, '\n') ||
				    !*l.v[i].blocks[j].text)
					abort();
		}
	article_list_free(&l);
	return 0;
}
