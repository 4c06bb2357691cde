/* state: what the reader keeps between runs, per corpus: where it was,
 * which articles were read, the bookmarks and the list's order.
 *
 * The files live in $XDG_STATE_HOME/kanbao/ when XDG_STATE_HOME is an
 * absolute path, else in $HOME/.local/state/kanbao/ (the XDG base directory
 * rules), one per corpus, named after the corpus's identity rather than its
 * path: "<identity>.state" (see corpus_identity).  A corpus moved or copied
 * keeps its state; one rebuilt from other text starts afresh.
 *
 * A set of files read as one (format/corpus_set.h: `kanbao days/`) keeps its
 * state under the identity of its first file.  What a reader expects when a
 * day's file is added at the end is to find its read marks, bookmarks and
 * places in the days before as it left them: they are about articles whose
 * numbers the new file does not change, so the set keeps its file.  Named
 * after every file instead (the set's own identity), the state would be
 * lost each day.  The files a set starts with (its first file alone, or the
 * set before a day was added) then share the file with it, and agree with it
 * on every article they have: a reader of fewer articles keeps what the file
 * says of the others as it found it (state_keep_beyond), and two readers at
 * once merge as below.  Two different sets that start with the same file
 * share its state too, and disagree past that file: keep a series' files
 * together.
 *
 * A corpus that has no state file of its own yet takes the state of the
 * corpus it continues, found by the shape each state file records (the
 * articles, blocks and bytes of text of the corpus it was saved from):
 * one whose articles are this corpus's first ones (state_find_continued).
 * So the file kanbao-build --merge makes of a set's files (a new first
 * file: a new name) starts with the set's marks, bookmarks and places, as
 * does a corpus built again with more days after the same first ones.  The
 * shape is evidence, not proof, and is taken only where no state of its own
 * exists: another text would have to hold, to the byte, as many blocks and
 * bytes of text before the same article.
 *
 * File format, version 1: text, one record per line, every line ending in
 * '\n'.  A record is a name and its fields, separated by single spaces;
 * numbers are unsigned decimal (a time may start with '-').
 *
 *   kanbao-state 1             always the first line: the version
 *   corpus /home/li/news.kb    the corpus's path when saved, for people
 *                              reading the file ('\\', bytes below 0x20 and
 *                              0x7f written as \xNN); ignored on load
 *   shape 10 57 24771          the corpus saved from: its articles, blocks
 *                              and bytes of text; in the first 4 lines
 *                              (state_find_continued looks there); none
 *                              when not known.  Added after version 1 was
 *                              out: programs before it skip it
 *   sort date                  the list's order: "corpus" or "date"
 *   place article 12 3 456     where the reader was: "list" or "article",
 *                              then the article, the piece of it and the
 *                              byte offset in that piece
 *   selected 12                the article selected in the list
 *   read 0-41 45 50-52         articles read: indices and inclusive ranges,
 *                              ascending and disjoint; any number of read
 *                              lines, each going on from the one before
 *   bookmark 12 3 456 1718000  a bookmark: article, piece, byte offset and
 *                              creation time (Unix seconds); one line
 *                              each, in the bookmarks' order
 *   left 12 3 456 1718000      where the reader left an article, to open it
 *                              there again: article, piece, byte offset
 *                              and when (Unix seconds); one line each,
 *                              ascending by article, each article once;
 *                              STATE_LEFT_MAX of them at most are written
 *                              and kept on loading (the most recent); an
 *                              article left at its start has none.  Added after version 1 was out:
 *                              programs before it skip these lines
 *   end                        always the last line
 *
 * sort, place, selected and shape come at most once each; one that is missing
 * keeps its value in an empty state.  A record whose name this version does
 * not know is skipped, so a later program may add records without a new
 * version.  Any other line that does not parse, a different version or a
 * missing "end" (a truncated file) makes the file corrupt.
 *
 * Indices are not checked against any corpus here: the caller does that.
 * This module promises only to read back what it wrote.  Two readers of the
 * same corpus (two logins, say) save through state_save_merged: each keeps
 * what the other added or removed since it loaded the file, and the place
 * in the text, the selection and the order are the last saver's; of the
 * places articles were left at, each is the one of the reader that moved
 * it, the last saver's when both did. */
#ifndef KANBAO_STATE_H
#define KANBAO_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "kanbao/base/err.h"

enum { STATE_VERSION = 1 };

/* Seconds after which a temporary file left beside a state file (by a
 * program that ended before renaming it) is removed by the next save. */
enum { STATE_STALE_SECONDS = 3600 };

enum state_sort {
	STATE_SORT_CORPUS, /* the corpus's own order */
	STATE_SORT_DATE, /* by date */
};

struct state_range {
	size_t first, last; /* articles first to last, inclusive */
};

struct state_bookmark {
	size_t article; /* the article marked */
	size_t piece; /* the piece of it, */
	size_t off; /* and the byte offset in that piece */
	int64_t created; /* when it was made, Unix seconds */
};

/* Where the reader left an article: the anchor it reads from when opened
 * again. */
struct state_left {
	size_t article; /* the article */
	size_t piece; /* the piece of it, */
	size_t off; /* and the byte offset in that piece */
	int64_t when; /* when the reader left it there, Unix seconds */
};

/* The places kept: those of the most recently left articles, as less keeps
 * a place for each file of its list. */
enum { STATE_LEFT_MAX = 1000 };

/* A corpus's shape: what is enough to tell, without reading its text,
 * whether another corpus starts with the same articles (its first
 * `articles` articles take `blocks` blocks and `text` bytes of text). */
struct state_shape {
	uint64_t articles, blocks, text;
};

/* A state; all zero is the empty state (in the list, article 0, corpus
 * order, nothing read, no bookmarks).  The arrays are malloc'd; state_free
 * frees them. */
struct state {
	int in_article; /* whether it was in an article (else in the list) */
	size_t article; /* the article it was in or last opened */
	size_t piece; /* the anchor in that article: the piece, */
	size_t off; /* and the byte offset in that piece */
	size_t selected; /* the article selected in the list */
	enum state_sort sort; /* the list's order */
	struct state_range *read; /* articles read: ascending, disjoint and
				     never adjacent (0-4 5 is written 0-5) */
	size_t nread; /* ranges in `read` */
	struct state_bookmark *marks; /* the bookmarks, in order */
	size_t nmarks; /* bookmarks in `marks` */
	struct state_left *left; /* where articles were left: ascending by
				    article, each once */
	size_t nleft; /* places in `left` */
	struct state_shape shape; /* of the corpus it was saved from (all 0:
				     not known) */
};

/* Free the arrays of `s` and make it the empty state. */
void state_free(struct state *s);

/* Whether article `i` is in the read set: a binary search. */
int state_is_read(const struct state *s, size_t i);

/* Add article `i` to the read set (`read` nonzero) or take it out, keeping
 * the ranges ascending, disjoint and merged.  ERR_OK, or ERR_NOMEM (then
 * `s` is as it was). */
enum err_code state_set_read(struct state *s, size_t i, int read,
			     struct err *e);

/* Append a copy of `b` to the bookmarks.  ERR_OK or ERR_NOMEM. */
enum err_code state_add_bookmark(struct state *s,
				 const struct state_bookmark *b,
				 struct err *e);

/* Remove bookmark `k` (< nmarks), keeping the others' order. */
void state_remove_bookmark(struct state *s, size_t k);

/* In places v[0..n) ascending by article: the index of article's, or
 * where it would go (n past the last). */
size_t state_left_find(const struct state_left *v, size_t n, size_t article);

/* Keep the STATE_LEFT_MAX most recent (latest `when`; of those left at
 * the same second, the first in article order) of places v[0..n), in
 * their order, without allocating; returns how many are kept. */
size_t state_left_trim(struct state_left *v, size_t n);

/* The directory state files go in (see above), malloc'd in `*dir`; it may
 * not exist yet.  ERR_NOENT with a message when HOME is unset, empty or
 * relative and XDG_STATE_HOME gives no absolute path: nothing can be kept.
 * ERR_NOMEM. */
enum err_code state_dir(char **dir, struct err *e);

/* The state file of the corpus with `identity` (as corpus_identity makes
 * it), malloc'd in `*path`: "<state_dir>/<identity>.state".  ERR_USAGE when
 * the identity is not 1 to 64 letters, digits, '-' or '_'; otherwise as
 * state_dir. */
enum err_code state_path(const char *identity, char **path, struct err *e);

/* Read the state file at `path` into `s` (whose old contents are not
 * freed).  A missing file, or directory above it, is the empty state:
 * ERR_OK.  A file that is corrupt or cannot be read is set aside, renamed
 * to "<path>.corrupt" (replacing an older one), `s` is left empty and the
 * result is ERR_CORRUPT, with one line in `e` naming the file, what is
 * wrong and that it was set aside; the caller warns once and goes on.  When
 * it cannot even be set aside, the code of that failure (ERR_ACCESS,
 * ERR_IO...) and a message saying so.  ERR_NOMEM.  Temporary files beside
 * it are ignored. */
enum err_code state_load(const char *path, struct state *s, struct err *e);

/* Write `s` to `path` atomically, creating its directory (mode 0700) as
 * needed: a temporary file beside it is written, synced and renamed over
 * `path`, then the directory is synced.  `corpus` is the corpus's path, kept
 * in the file for people to read (NULL: none).  ERR_OK, or the error with a
 * message naming the file or directory ("DIR: cannot create: Read-only
 * file system"), and then no temporary file is left and `path` is as it was.
 * On success it also removes temporary files of the same name older than
 * STATE_STALE_SECONDS, left by programs that ended mid-save. */
enum err_code state_save(const char *path, const struct state *s,
			 const char *corpus, struct err *e);

/* The two halves of state_save, apart so a test can end a save between
 * them as a crash would.  state_save_tmp writes and syncs the temporary
 * file and stores its malloc'd name in `*tmp` (on failure none is left and
 * `*tmp` is NULL).  state_save_commit renames `tmp` over `path` and syncs
 * the directory; on failure it removes `tmp`.  The caller frees `tmp`. */
enum err_code state_save_tmp(const char *path, const struct state *s,
			     const char *corpus, char **tmp, struct err *e);
enum err_code state_save_commit(const char *path, const char *tmp,
				struct err *e);

/* The state to save when `mine` started from `base` (what this reader
 * loaded, or last saved) and the file now holds `theirs` (another reader
 * saved since): articles this reader marked read or unread since `base` as
 * it has them, the others as `theirs` has them; the bookmarks of `theirs`
 * less those this reader removed, then those it added; for each article
 * the place it was left at as `mine` has it when this reader moved it (or
 * forgot it) since `base`, else as `theirs` has it, the STATE_LEFT_MAX
 * most recent kept; place, selection and order from `mine`.  Into `out`
 * (an empty state first; free it with state_free).  ERR_OK or ERR_NOMEM
 * (then `out` is empty). */
enum err_code state_merge(const struct state *base, const struct state *mine,
			  const struct state *theirs, struct state *out,
			  struct err *e);

/* Add to `mine`, which holds nothing about articles from `n` on, what
 * `base` (the state as loaded) holds about them: read ranges, bookmarks
 * and places left.  For a reader of a corpus of `n` articles whose state
 * file is shared with a longer corpus (a set of files is kept under its
 * first file's name, so the files it starts with share it): what it cannot
 * see it saves as it found it, and state_merge does not take it for
 * removed.  ERR_OK or ERR_NOMEM (then `mine` holds part of it). */
enum err_code state_keep_beyond(struct state *mine, const struct state *base,
				size_t n, struct err *e);

/* For a corpus that has no state file of its own: the state file, of those
 * in the state directory, saved from a corpus this one continues, as
 * `continues(ctx, shape)` says of the shape it records (a corpus that
 * starts with the same articles: the files a merged file was merged from,
 * a set a day shorter); of several, the one with the most articles.  Only
 * the first lines of each file are read.  Its path, malloc'd, in `*path`,
 * or NULL when none is; ERR_OK, ERR_NOMEM, or state_dir's errors. */
enum err_code state_find_continued(int (*continues)(void *ctx,
						    const struct state_shape *),
				   void *ctx, char **path, struct err *e);

/* Save `mine` to `path` merged (state_merge) with what the file holds
 * now, under an exclusive lock on "<path>.lock" (flock) held from reading
 * the file to renaming the new one over it, so that of two readers saving
 * at once neither loses what the other added.  A corrupt file is set aside
 * as state_load does, and counts as empty.  What was saved is left in
 * `out` (the reader's next `base`; free it with state_free).  ERR_OK, or
 * state_load's and state_save's errors (then `out` is empty and the file as
 * it was). */
enum err_code state_save_merged(const char *path, const struct state *base,
				const struct state *mine, const char *corpus,
				struct state *out, struct err *e);

#endif
