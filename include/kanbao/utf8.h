/* utf8: decoding raw bytes into clean UTF-8, and keeping control characters
 * out of the text.
 *
 * Text that reaches kanbao from outside (raw newspaper files, corpus files
 * made by someone else) is data: nothing in it may act on the terminal.  One
 * policy, in utf8_clean(), decides what each character becomes. */
#ifndef KANBAO_UTF8_H
#define KANBAO_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decode one character from `s` (at most `n` bytes, n >= 1) into `*uc`.
 * Returns the number of bytes used (>= 1).  Invalid or truncated sequences
 * give U+FFFD (libunistring u8_mbtouc rules). */
size_t utf8_next(const char *s, size_t n, uint32_t *uc);

/* Encode `uc` into `out` (room for 4 bytes); returns the byte count. */
size_t utf8_put(uint32_t uc, char *out);

/* What utf8_clean does with a character. */
enum utf8_class {
	UTF8_KEEP, /* an ordinary printable character */
	UTF8_SPACE, /* TAB, and other spaces that become ' ' */
	UTF8_PICTURE, /* a C0/C1 control or DEL: shown as a visible picture */
	UTF8_DROP, /* invisible format characters: bidi overrides and
		      isolates, zero-width joiners aside (kept), BOM */
};

enum utf8_class utf8_classify(uint32_t uc);

/* The visible stand-in for a character classified UTF8_PICTURE: the Control
 * Pictures block (U+2400..U+2421) for C0 and DEL, U+FFFD for C1. */
uint32_t utf8_picture(uint32_t uc);

/* Clean `n` bytes of `s` into a new malloc'd NUL-terminated string: invalid
 * UTF-8 becomes U+FFFD, controls become pictures, format characters are
 * dropped, '\n' is kept only when `keep_newlines`.  `*outlen` (if not NULL)
 * receives the length; `*changed` (if not NULL) counts characters that were
 * replaced or dropped.  Returns NULL when out of memory. */
char *utf8_clean(const char *s, size_t n, int keep_newlines, size_t *outlen,
		 size_t *changed);

/* Non-zero when `n` bytes of `s` are valid UTF-8. */
int utf8_valid(const char *s, size_t n);

/* Character classes the import rules and the layout talk about. */
int utf8_is_han(uint32_t uc); /* CJK ideographs, including extensions */
int utf8_is_cjk(uint32_t uc); /* Han, kana, CJK and full-width punctuation */
int utf8_is_space(uint32_t uc); /* ASCII space, U+3000 and Unicode spaces */

#endif
