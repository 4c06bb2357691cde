/* import: raw newspaper text in, articles out.
 *
 *   decode (decode.h) -> lines -> blocks -> threads (thread.h) -> articles
 *   -> normalise (norm.h)
 *
 * Lines: the layout is found from the file's own lines: text hard-wrapped at
 * a column width (most lines end within a few columns of one width) or one
 * paragraph per line.  Blocks: a paragraph, or a piece of one that breaks off
 * mid-sentence (at a column break); a line clearly shorter than the column
 * or a blank line after sentence-final punctuation ends a paragraph, a blank
 * line after an unfinished sentence or an open quote is a column break.
 * Threads: thread.h puts back interleaved blocks.  Articles: datelines
 * (新华社北京5月15日电 opening a body, (新华社北京3月1日电) closing one),
 * bylines and headlines (short lines without final punctuation, before the
 * bodies or after them: decided per file) mark where articles begin and end.
 * An article whose headline is not in the text gets a title from its opening
 * words and ARTICLE_TITLE_DERIVED. */
#ifndef KANBAO_IMPORT_H
#define KANBAO_IMPORT_H

#include <stddef.h>

#include "kanbao/article.h"
#include "kanbao/err.h"

struct import_opts {
	const char *encoding; /* iconv charset to force, or NULL to detect */
	int year; /* year for datelines without one; 0 = infer from text */
	struct diag *diag; /* warnings; may be NULL */
	void (*debug)(const char *line); /* decisions, for KANBAO_DEBUG */
};

/* Read the raw text file at `path` and append its articles to `out`.
 * Returns ERR_OK, or an error naming the file (unreadable, too large,
 * unknown encoding, out of memory).  Text it cannot be sure of gives
 * warnings through opts->diag, never an error. */
enum err_code import_file(const char *path, const struct import_opts *opts,
			  struct article_list *out, struct err *e);

/* The same for `n` bytes in memory; `name` names them in messages. */
enum err_code import_mem(const char *name, const char *data, size_t n,
			 const struct import_opts *opts,
			 struct article_list *out, struct err *e);

/* Import the raw files `paths[0..n)` ("-": standard input) as import_file
 * does, appending their articles to `out` in the order given.  Up to
 * `threads` files (at most IMPORT_MAX_THREADS) are imported at once, yet
 * the articles, and the warnings in the order they reach opts->diag, are
 * those of importing them one after another.  With opts->debug, or "-"
 * among the paths, they are imported one after another (debug lines go
 * out as they come; standard input is read in its turn).  The first file
 * (in order) that fails ends it: its error is returned, and `out` holds
 * the articles of the files before it. */
enum { IMPORT_MAX_THREADS = 16 };
enum err_code import_files(const char *const *paths, size_t n,
			   const struct import_opts *opts, unsigned threads,
			   struct article_list *out, struct err *e);

/* A dateline at the start of a text: [据]AGENCY[PLACE]M月D日电|讯, spaces
 * allowed between its parts ("新华社北京 5月 14 日电"). */
struct dateline {
	size_t len; /* bytes of the text it spans */
	int month, day; /* 1..12, 1..31 */
	size_t agency, agency_len; /* byte offset and length of 新华社 */
	size_t place, place_len; /* of 北京; place_len 0 when none */
};

/* Match a dateline at the start of `n` bytes of `s`.  Returns 1 and fills
 * `dl`, or 0. */
int import_dateline(const char *s, size_t n, struct dateline *dl);

/* Infer the year of a dateline from the text around it: the latest year of
 * a date written with year and month ("2022年3月", "2023 年 5 月") in `n`
 * bytes of `s`; 0 when there is none. */
int import_infer_year(const char *s, size_t n);

#endif
