/* Fuzz target: the Markdown reader (source_markdown), front matter and
 * all, whatever source_sniff would call the bytes.  Any bytes must read
 * without a crash, a leak or undefined behaviour; every article that comes
 * out must be writable to a corpus and read back the same. */
#include <stdint.h>

#include "kanbao/build/source.h"

#include "articles_ok.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct article_list l = { 0 };
	struct diag quiet = { NULL, NULL, 0 };
	struct import_opts o = { .diag = &quiet };
	struct err e = { 0 };
	if (source_markdown("fuzz.md", (const char *)data, size, &o, &l,
			    &e) == ERR_OK)
		fuzz_articles_titled(&l);
	article_list_free(&l);
	return 0;
}
