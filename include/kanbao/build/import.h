/* import: raw newspaper text in, articles out.  The stages, one module
 * each:
 *
 *   decode.h    bytes -> UTF-8 text (GB18030, CRLF, small-form punctuation)
 *   lines.h     lines, side-by-side columns cut apart, the layout, page
 *               furniture left out (and reported)
 *   blocks.h    lines -> blocks: paragraphs, headline lines, pieces of
 *               paragraphs cut by columns or pages
 *   interleave.h  interleaved blocks put back in order
 *   roles.h     a role for every unit (headline, dateline, body, byline…),
 *               chosen for the whole file by dynamic programming over the
 *               grammar of an article
 *   assemble.h  articles, and their dates (never guessed: dates.h)
 *   norm.h      the text of each article normalised
 *
 * The recognisers of datelines, bylines, source lines and the other marks
 * of a page are cues.h.  KANBAO_DEBUG=1 shows every decision. */
#ifndef KANBAO_IMPORT_H
#define KANBAO_IMPORT_H

#include <stddef.h>

#include "kanbao/format/article.h"
#include "kanbao/base/err.h"
#include "kanbao/base/progress.h"

/* The fields of an article a structured source names by keys of its own
 * (a JSON object's "headline", "content"): kanbao-build --field. */
enum import_field {
	IMPORT_TITLE,
	IMPORT_BODY,
	IMPORT_DATE,
	IMPORT_SOURCE,
	IMPORT_AUTHOR,
	IMPORT_PAGE,
	IMPORT_SUBTITLE,
	IMPORT_FIELDS /* how many */
};

struct import_opts {
	const char *encoding; /* iconv charset to force, or NULL to detect */
	int year; /* year for datelines without one that nothing else dates;
		     0 = none */
	int date; /* the date (YYYYMMDD) for files whose text and
		     name give none; 0 = none */
	struct diag *diag; /* warnings; may be NULL */
	void (*debug)(const char *line); /* decisions, for KANBAO_DEBUG */
	struct progress *progress; /* each file imported counted in it (a
				      file, its raw bytes, its articles), on
				      the thread that imported it; may be
				      NULL */
	const char *field[IMPORT_FIELDS]; /* the key that holds each field
					     in JSON objects (--field), or
					     NULL: the usual names */
	size_t window; /* bytes of raw text decoded at once (0:
			  IMPORT_WINDOW); tests set less, and text naming
			  no new issue is then cut at that many bytes too
			  (split.h; else at 4 MiB) */
};

/* Raw text is read this many bytes at a time, whatever the file's size. */
#define IMPORT_WINDOW ((size_t)16 << 20)

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
 * does, appending their articles to `out` in the order given.  A raw
 * file is read a window at a time and cut into parts where a new issue
 * starts (split.h), each read on its own; up to `threads` parts (at most
 * IMPORT_MAX_THREADS), of one file or several, are read at once, yet the
 * articles, and the warnings in the order they reach opts->diag, are
 * those of reading them one after another.  With opts->debug, or "-"
 * twice among the paths, they are imported one after another (debug
 * lines go out as they come; standard input is read in its turn).  The first file
 * (in order) that fails ends it: its error is returned, and `out` holds
 * the articles of the files before it. */
enum { IMPORT_MAX_THREADS = 16 };
enum err_code import_files(const char *const *paths, size_t n,
			   const struct import_opts *opts, unsigned threads,
			   struct article_list *out, struct err *e);

/* Where import_files_to hands each article, in order: `take` owns it
 * from then on, whatever it returns (ERR_OK, or an error naming `name`,
 * the file it came from, which ends the import). */
struct import_sink {
	enum err_code (*take)(void *ctx, struct article *a, const char *name,
			      struct err *e);
	void *ctx;
};

/* import_files, each article handed to `out` as soon as the files before
 * it are, so that none need be kept (kanbao-build streams them into the
 * corpus writer).  The first error `take` returns ends it too. */
enum err_code import_files_to(const char *const *paths, size_t n,
			      const struct import_opts *opts, unsigned threads,
			      const struct import_sink *out, struct err *e);

#endif
