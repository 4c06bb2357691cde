/* merge: corpus files joined into one corpus file without the raw text
 * (kanbao-build --merge), so that a corpus grown a file a day (read as a
 * set meanwhile: format/corpus_set.h) becomes one file again.
 *
 * The output holds the articles of the inputs in order, with the set's
 * numbering: article i of the output is article i of the set the inputs
 * make, its blocks and text where the set has them.  It is the file
 * corpus_write makes of those articles, byte for byte: the records
 * renumbered, the metadata strings stored once in the order of their first
 * use, the TEXT sections one after another, the index merged key by key
 * (each file's positions moved by its place in TEXT and coded again for
 * the whole TEXT), every chunk hashed as it goes, the header last.  Built
 * from the raw files in one go, the same articles give the same bytes
 * (tests/cli.sh compares them).  Nothing is imported: the text is copied,
 * the index lists decoded and coded again, one at a time. */
#ifndef KANBAO_MERGE_H
#define KANBAO_MERGE_H

#include <stddef.h>
#include <stdint.h>

#include "kanbao/base/err.h"

/* What a merge did, for the summary line. */
struct merge_stats {
	size_t files; /* corpus files read */
	size_t articles; /* articles written */
	uint64_t bytes; /* bytes of the file written */
};

/* Merge the corpus files and directories `paths[0..n)` (read as
 * corpus_open_set reads them, every chunk checked as it is read) into a
 * corpus file at `out`, written atomically: a temporary file beside it,
 * fsync, rename.  `out` may be one of the inputs (they stay mapped as they
 * were).  ERR_OK with `*st` filled, or the first failure with a message
 * naming its file (the inputs' errors, ERR_TOOBIG when the output would
 * not fit the format's counts, the output's write errors); then no
 * temporary file is left and `out` is as it was. */
enum err_code merge_files(const char *out, const char *const *paths, size_t n,
			  struct merge_stats *st, struct err *e);

/* Remove the temporary file a merge in progress is writing, if any: for a
 * signal handler (async-signal-safe), as corpus_write_abandon. */
void merge_abandon(void);

#endif
