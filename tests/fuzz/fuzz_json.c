/* Fuzz target: the JSON parser (source_json).  Any bytes must import
 * without a crash, a leak or undefined behaviour, with and without keys
 * named by --field; every article that comes out must have a title and
 * paragraphs of one line each, and be writable to a corpus and read back
 * the same. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kanbao/build/source.h"

#include "articles_ok.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
	if (source_json("fuzz", (const char *)data, size, NULL, &o, &l, &e) ==
	    ERR_OK)
		fuzz_articles_titled(&l);
	article_list_free(&l);
	return 0;
}
