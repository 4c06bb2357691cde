/* err: the one table of error codes, their messages and exit statuses.
 *
 * Every fallible function in kanbao returns an `enum err_code` and, when it
 * fails, fills a caller-provided `struct err` with one line that names the
 * file and says what is wrong.  The programs (src/reader/main.c,
 * src/build/main.c) print that line once on standard error after their
 * name ("kanbao: PATH: what is wrong") and exit with
 * `err_exit_status(code)`.  They also print, in the same one-line form and
 * with status 2, the usage errors they find themselves (an option value
 * that does not parse, no file or too many, an article the corpus does not
 * have, no corpus to open) and a failed write to standard output, and the
 * reader one warning when its reading state cannot be saved.  Besides the
 * programs only the terminal module prints: one line for a fault, after
 * it has put the terminal back (term.c).  The builder's warnings go
 * through struct diag below. */
#ifndef KANBAO_ERR_H
#define KANBAO_ERR_H

#include <stddef.h>

/* X(NAME, exit status, short description) */
#define ERR_CODES(X)                                                          \
	X(OK, 0, "success")                                                   \
	X(USAGE, 2, "usage error")                                            \
	X(NOMEM, 2, "out of memory")                                          \
	X(NOENT, 2, "no such file")                                           \
	X(ACCESS, 2, "permission denied")                                     \
	X(ISDIR, 2, "is a directory")                                         \
	X(IO, 2, "input/output error")                                        \
	X(EMPTY, 2, "file is empty")                                          \
	X(FORMAT, 2, "not a kanbao corpus")                                   \
	X(VERSION, 2, "unsupported corpus version")                           \
	X(TRUNCATED, 2, "file is truncated")                                  \
	X(CHECKSUM, 2, "checksum mismatch")                                   \
	X(CORRUPT, 2, "corpus is corrupt")                                    \
	X(ENCODING, 2, "cannot decode text")                                  \
	X(TOOBIG, 2, "input too large")                                       \
	X(NOTFOUND, 2, "not found")                                           \
	X(NOMATCH, 1, "no match")                                             \
	X(CANCELLED, 2, "cancelled")                                          \
	X(ENV, 1, "cannot run in this terminal or locale")                    \
	X(UNSUPPORTED, 2, "not supported by this build")

enum err_code {
#define ERR_ENUM(name, status, text) ERR_##name,
	ERR_CODES(ERR_ENUM)
#undef ERR_ENUM
};

enum { ERR_MSG_MAX = 512 };

struct err {
	enum err_code code; /* what went wrong; ERR_OK when nothing did */
	char msg[ERR_MSG_MAX]; /* "PATH: what is wrong", no trailing newline */
};

/* Record an error: `code` and a printf-style message, conventionally
 * starting with the path concerned.  `e` may be NULL (nothing is recorded).
 * Returns `code`, so callers can write `return err_set(e, ERR_IO, ...);`. */
enum err_code err_set(struct err *e, enum err_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Like err_set, with strerror(errnum) appended after ": " and the code
 * derived from errnum (ENOENT, EACCES, EISDIR, ENOMEM; ERR_IO otherwise). */
enum err_code err_errno(struct err *e, int errnum, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The short description of a code ("checksum mismatch"). */
const char *err_text(enum err_code code);

/* The process exit status a program uses when it stops with `code`. */
int err_exit_status(enum err_code code);

/* Warnings: the builder reports what it repaired or could not be sure of
 * through one of these.  `warn` receives one line ("FILE:LINE: what"). */
struct diag {
	void (*warn)(void *ctx, const char *msg); /* NULL: warnings dropped */
	void *ctx; /* passed back to warn */
	unsigned long count; /* warnings issued so far */
};

/* Issue one warning through `d` (which may be NULL). */
void diag_warn(struct diag *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
