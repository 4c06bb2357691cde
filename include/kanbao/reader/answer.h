/* answer: the lines kanbao --list and --search write for a script, built
 * in memory and written in large blocks.
 *
 * A line is fields separated by tabs: an article's ID and, for
 * --search --count, its number of hits, then its title.  Text from the
 * corpus goes out cleaned (utf8_clean: controls as pictures, never escape
 * sequences); a title made from an article's opening words ends in "…". */
#ifndef KANBAO_ANSWER_H
#define KANBAO_ANSWER_H

#include <stddef.h>
#include <stdint.h>

#include "kanbao/base/buf.h"
#include "kanbao/format/corpus.h"
#include "kanbao/search/search.h"

/* Append `v` in decimal and a tab. */
void answer_field(struct buf *b, uint64_t v);

/* Append `n` bytes of valid UTF-8 from a corpus at `s`, cleaned. */
void answer_clean(struct buf *b, const char *s, size_t n);

/* Append article i's title, cleaned, and "…" after a title made from the
 * opening words; nothing when its record or title is bad (the line keeps
 * its other fields, as --list and --search always have). */
void answer_title(struct buf *b, struct corpus *c, size_t i);

/* Write to `fd` the answer of kanbao --search --count for `r`
 * (search_count's counts over corpus `c`): a line "ID\tCOUNT\tTITLE" for
 * each article with hits, in corpus order.  Many articles with hits are
 * made in pieces on two threads, into a few buffers used again, and
 * written a piece at a time in order as they are done (few: written a
 * megabyte at a time); the bytes are the same either way.  A pipe that
 * many are written into is made to hold 1 MiB where the system allows
 * (fcntl F_SETPIPE_SZ; it stays so).
 * 0, or -1 with errno set when a write or an allocation failed (what was
 * written stays written). */
int answer_counts(struct corpus *c, const struct search_result *r, int fd);

#endif
