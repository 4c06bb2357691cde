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

#endif
