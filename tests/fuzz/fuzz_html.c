/* Fuzz target: source_html, the web page reader.  Any bytes must
 * import without a crash, a leak or undefined behaviour; every article that
 * comes out must be as articles_ok.h says, titled. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kanbao/build/source.h"

#include "articles_ok.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct article_list l = { 0 };
	struct diag quiet = { NULL, NULL, 0 };
	struct import_opts o = { .diag = &quiet };
	struct err e = { 0 };
	if (source_html("fuzz", (const char *)data, size, &o, &l, &e) == ERR_OK)
		fuzz_articles_titled(&l);
	article_list_free(&l);
	return 0;
}
