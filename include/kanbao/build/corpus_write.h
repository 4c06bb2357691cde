/* corpus_write: the corpus file's deterministic writer, for kanbao-build
 * (the format and its reader: format/corpus.h). */
#ifndef KANBAO_CORPUS_WRITE_H
#define KANBAO_CORPUS_WRITE_H

#include <stddef.h>

#include "kanbao/base/err.h"
#include "kanbao/build/hanzi.h"
#include "kanbao/format/article.h"

/* A corpus file written article by article: each added goes at once to
 * temporary files (build/scratch.h: in $TMPDIR, else beside `path`),
 * not kept in memory; finishing builds the search index from them in runs
 * of bounded size, then writes the file.  The bytes are those corpus_write
 * makes of the same articles. */
struct corpus_writer;

/* A writer for the file `path` (NULL: for corpus_writer_finish_mem) in
 * `*out`.  ERR_OK, or an error naming the file (out of memory, no
 * temporary file: then *out is NULL). */
enum err_code corpus_writer_new(const char *path, struct corpus_writer **out,
				struct err *e);

/* Add the next article (not kept: the caller still owns and frees it).
 * ERR_OK, or what is wrong with it or the temporary files, naming the
 * file and the article; the writer can then only be freed. */
enum err_code corpus_writer_add(struct corpus_writer *w,
				const struct article *a, struct err *e);

/* Write the file at the path given, atomically (a temporary file beside
 * it, fsync, rename), with the variants table `h` makes (as corpus_write
 * does).  ERR_OK or an error naming the file; either way, then free the
 * writer. */
enum err_code corpus_writer_finish(struct corpus_writer *w, struct hanzi *h,
				   struct err *e);

/* The same into a malloc'd buffer (`*data`, `*size`). */
enum err_code corpus_writer_finish_mem(struct corpus_writer *w,
				       struct hanzi *h, void **data,
				       size_t *size, struct err *e);

/* Free the writer and remove its temporary files; NULL does nothing. */
void corpus_writer_free(struct corpus_writer *w);

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
