/* decode: the raw bytes of a text file become clean UTF-8 text.
 *
 * A byte order mark is removed, CRLF and lone CR become LF, text that is not
 * valid UTF-8 but is valid GB18030 (or GBK, its subset) is converted, bytes
 * that decode in neither become U+FFFD with a warning naming the file and
 * line, control characters become visible pictures (utf8_clean) but for
 * form feeds (the page breaks of pdftotext), which are kept, and the
 * small-form and vertical punctuation Big5 conversion leaves (﹐﹑﹒﹔﹕﹖﹗
 * ︰) becomes the full-width punctuation it stands for. */
#ifndef KANBAO_DECODE_H
#define KANBAO_DECODE_H

#include <stddef.h>

#include "kanbao/base/err.h"

struct decoded {
	char *text; /* owned, NUL-terminated UTF-8, lines end with '\n' */
	size_t len; /* bytes of text */
	const char *encoding; /* what it was read as: "UTF-8", "GB18030"... */
	size_t invalid; /* undecodable sequences replaced by U+FFFD */
	size_t controls; /* control and format characters replaced/dropped */
	size_t small_forms; /* small-form punctuation put full-width */
};

/* Decode `n` bytes of `data`.  `name` names the file in warnings and
 * errors.  `encoding` forces an iconv charset name ("GB18030", "GBK",
 * "UTF-16"...), or NULL to detect.  Returns ERR_OK and fills `out` (free
 * out->text), or ERR_ENCODING for an unknown `encoding`, ERR_NOMEM. */
enum err_code decode_text(const char *name, const char *data, size_t n,
			  const char *encoding, struct diag *d,
			  struct decoded *out, struct err *e);

/* The same a window at a time, for a file too large to hold in all its
 * forms at once (`data` must stay until decoder_close).  When its `n`
 * bytes are more than `window` (0: no limit) and its encoding keeps '\n' a
 * byte of its own (UTF-8, GB18030, GBK, Big5...), each decoder_next reads
 * about `window` bytes, to the end of a line, else all at once; the first
 * window tells the encoding as decode_text tells a file's, for all.  Warnings
 * name lines counted from the file's start; those that need the whole
 * (further lines with invalid bytes, control characters) come from
 * decoder_close.  Returns ERR_ENCODING for an unknown `encoding`, or
 * ERR_NOMEM. */
struct decoder;
enum err_code decoder_open(const char *name, const char *data, size_t n,
			   const char *encoding, size_t window,
			   struct diag *d, struct decoder **out,
			   struct err *e);

/* The next window's text into `out` (free out->text; out->invalid,
 * controls and small_forms count this window's). */
enum err_code decoder_next(struct decoder *dc, struct decoded *out,
			   struct err *e);

/* How many of the bytes given to decoder_open are read. */
size_t decoder_read(const struct decoder *dc);

/* Whether every byte is read. */
int decoder_done(const struct decoder *dc);

/* The last warnings; frees `dc` (NULL: nothing). */
void decoder_close(struct decoder *dc);

#endif
