/* corpus_write: the corpus file's deterministic writer, for kanbao-build
 * (the format and its reader: format/corpus.h). */
#ifndef KANBAO_CORPUS_WRITE_H
#define KANBAO_CORPUS_WRITE_H

#include <stddef.h>

#include "kanbao/base/err.h"
#include "kanbao/build/hanzi.h"
#include "kanbao/format/article.h"

/* Write `n` articles to `path` atomically (a temporary file beside it,
 * fsync, rename), with the variants table `h` makes for the characters
 * of their text (FOLD, format/index.h; NULL: none, nothing folded but
 * what index.h folds always).  The bytes depend only on the articles and
 * the variants (with OpenCC, on its dictionaries). */
enum err_code corpus_write(const char *path, const struct article *v, size_t n,
			   struct hanzi *h, struct err *e);

/* The same into a malloc'd buffer (`*data`, `*size`), for tests. */
enum err_code corpus_write_mem(const struct article *v, size_t n,
			       struct hanzi *h, void **data, size_t *size,
			       struct err *e);

/* Remove the temporary file a corpus_write in progress is writing, if any:
 * for a signal handler (async-signal-safe) before the program ends, so an
 * interrupted build leaves nothing behind and the old file untouched. */
void corpus_write_abandon(void);

#endif
