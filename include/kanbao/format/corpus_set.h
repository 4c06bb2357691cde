/* corpus_set: several corpus files read as one corpus, so that a corpus
 * can grow a file at a time (a file a day) and be read whole at once.
 *
 * A set is a `struct corpus` like any other: every accessor of corpus.h
 * works on it, with the set's own numbering, which is that of its files
 * one after another.  Article i of the set is article i - A of the file
 * it falls in, A being the articles of the files before it; blocks are
 * numbered the same way, and each file's TEXT follows the one before, so
 * a TEXT offset of the set is the file's offset plus the TEXT bytes of the
 * files before it (a block's `offset`, corpus_article_starts).  A file
 * added at the end leaves every article's number and every offset as it
 * was.  Each file keeps its own search index: corpus_index refuses a set,
 * and search (search.h) asks each file in turn (corpus_parts,
 * corpus_part) and moves its hits by the file's place in the set.
 *
 * Messages about a record name the file it is in and its number there
 * ("days/2024-05-02.kb: article 3: ...").  Opening a set reads and checks
 * each file's header, section table and SUMS as corpus_open does, without
 * mapping it (corpus_open_header): O(1) in the size of its text, so
 * O(files) in all, and a read each rather than a mapping.  A file is
 * mapped, and its FOLD checked, the first time anything beyond that is
 * read from it; a file that changed since the set was opened is then
 * ERR_CORRUPT, naming it, from whatever asked. */
#ifndef KANBAO_CORPUS_SET_H
#define KANBAO_CORPUS_SET_H

#include <stddef.h>
#include <stdint.h>

#include "kanbao/base/err.h"
#include "kanbao/format/corpus.h"

/* Read the open corpora `parts[0..n)` (n >= 1, none of them a set) as one
 * corpus, in that order, named `name` in messages.  The set takes them
 * over: they are closed by corpus_close on the set, or here when it
 * fails.  One part is returned as it is.  ERR_OK, ERR_USAGE (no parts, or
 * a part that is a set), ERR_TOOBIG (more articles or blocks than a size_t
 * counts), ERR_NOMEM. */
enum err_code corpus_join(struct corpus **parts, size_t n, const char *name,
			  struct corpus **out, struct err *e);

/* Open `paths[0..n)` (n >= 1) as one corpus: each a corpus file, or a
 * directory whose files named "*.kb" (not starting with '.', not
 * directories: none below it is looked into) are taken in
 * the byte order of their names, so that files named by date come in date
 * order.  The set is named after the paths: the one path, or "FIRST + N
 * more".  One file in all is opened as corpus_open opens it; several as
 * corpus_open_header opens each.  ERR_OK, or
 * the first failure, naming its file: corpus_open's errors, a directory
 * that cannot be read or holds no "*.kb" file (ERR_NOENT), a file given
 * twice (ERR_USAGE), corpus_join's. */
enum err_code corpus_open_set(const char *const *paths, size_t n,
			      struct corpus **out, struct err *e);

/* ---- between corpus.c and corpus_set.c only ----
 * corpus.c holds `struct corpus`; a set's corpus holds a `struct
 * corpus_set`, and each accessor of corpus.h hands a set to the function
 * here of the same name and contract. */
struct corpus_set;

/* A corpus made around `s` (taken over: freed with it, or here on
 * failure), named `name`.  ERR_OK or ERR_NOMEM. */
enum err_code corpus_of_set(struct corpus_set *s, const char *name,
			    struct corpus **out, struct err *e);

/* Open the corpus file at `path` as corpus_open does, reading its header
 * and SUMS (pread) without mapping it: the header, section table and SUMS
 * are checked now, and the file is mapped, checked to be still the file
 * that was opened (ERR_CORRUPT naming it if not) and its FOLD loaded the
 * first time anything else is asked of it (corpus_identity and the counts
 * ask nothing more).  Errors as corpus_open's. */
enum err_code corpus_open_header(const char *path, struct corpus **out,
				 struct err *e);

void corpus_set_free(struct corpus_set *s);
size_t corpus_set_parts(const struct corpus_set *s);
struct corpus *corpus_set_part(const struct corpus_set *s, size_t k,
			       struct corpus_base *at);
size_t corpus_set_article_count(const struct corpus_set *s);
size_t corpus_set_block_count(const struct corpus_set *s);
uint64_t corpus_set_text_size(const struct corpus_set *s);
uint64_t corpus_set_index_size(const struct corpus_set *s);
enum err_code corpus_set_text(struct corpus_set *s, const char *name,
			      uint64_t off, uint64_t len, const uint8_t **out,
			      struct err *e);
enum err_code corpus_set_article(struct corpus_set *s, const char *name,
				 size_t i, struct corpus_article *out,
				 struct err *e);
enum err_code corpus_set_title(struct corpus_set *s, const char *name,
			       size_t i, struct corpus_str *title,
			       uint32_t *flags, int *plain, struct err *e);
enum err_code corpus_set_block(struct corpus_set *s, const char *name,
			       size_t j, struct corpus_block *out,
			       struct err *e);
enum err_code corpus_set_block_record(struct corpus_set *s, const char *name,
				      size_t j, struct corpus_block *out,
				      struct err *e);
enum err_code corpus_set_article_starts(struct corpus_set *s,
					const uint64_t **starts,
					struct err *e);
enum err_code corpus_set_identity(struct corpus_set *s, const char *name,
				  char out[33], struct err *e);
enum err_code corpus_set_verify(struct corpus_set *s, struct err *e);

#endif
