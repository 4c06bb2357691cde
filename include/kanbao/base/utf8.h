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

/* utf8_next and utf8_prev for sequences their inline fast paths do not
 * take: the same contracts.  Call utf8_next and utf8_prev. */
size_t utf8_next_slow(const char *s, size_t n, uint32_t *uc);
const char *utf8_prev_slow(const char *s, const char *start, uint32_t *uc);

/* Decode one character from `s` (at most `n` bytes, n >= 1) into `*uc`.
 * Returns the number of bytes used (>= 1).  Invalid or truncated sequences
 * give U+FFFD (libunistring u8_mbtouc rules).
 *
 * Inline because the builder decodes every character many times: ASCII and
 * the three-byte sequences of CJK text (lead bytes E1..EC, EE, EF take any
 * continuation bytes) are decoded here, everything else by libunistring. */
static inline size_t utf8_next(const char *s, size_t n, uint32_t *uc)
{
	const unsigned char *p = (const unsigned char *)s;
	if (p[0] < 0x80) {
		*uc = p[0];
		return 1;
	}
	if (n >= 3 && p[0] >= 0xE1 && p[0] <= 0xEF && p[0] != 0xED &&
	    (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
		*uc = (uint32_t)(p[0] & 0x0F) << 12 |
		      (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
		return 3;
	}
	return utf8_next_slow(s, n, uc);
}

/* Whether utf8_next decoding `len` bytes at `s` as `uc` met an invalid or
 * truncated sequence, rather than U+FFFD written out (EF BF BD). */
static inline int utf8_invalid(const char *s, size_t len, uint32_t uc)
{
	return uc == 0xFFFD && (len != 3 || s[0] != '\xEF' || s[1] != '\xBF' ||
				s[2] != '\xBD');
}

/* The character that ends just before `s`, not before `start`: stores it in
 * `*uc` and returns where it starts, or returns NULL (leaving `*uc` as it
 * was) when s == start or the bytes before `s` are not a well-formed
 * character (libunistring u8_prev rules). */
static inline const char *utf8_prev(const char *s, const char *start,
				    uint32_t *uc)
{
	const unsigned char *p = (const unsigned char *)s;
	if (s - start >= 3 && p[-1] >= 0x80 && p[-1] < 0xC0 &&
	    p[-2] >= 0x80 && p[-2] < 0xC0 && p[-3] >= 0xE1 && p[-3] <= 0xEF &&
	    p[-3] != 0xED) {
		*uc = (uint32_t)(p[-3] & 0x0F) << 12 |
		      (uint32_t)(p[-2] & 0x3F) << 6 | (p[-1] & 0x3F);
		return s - 3;
	}
	if (s > start && p[-1] < 0x80) {
		*uc = p[-1];
		return s - 1;
	}
	return utf8_prev_slow(s, start, uc);
}

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

/* What utf8_clean keeps that it would otherwise replace. */
enum utf8_keep {
	UTF8_KEEP_NEWLINES = 1 << 0, /* '\n' */
	UTF8_KEEP_FORMFEEDS = 1 << 1, /* '\f': page breaks, for the builder */
};

/* Clean `n` bytes of `s` into a new malloc'd NUL-terminated string: invalid
 * UTF-8 becomes U+FFFD, controls become pictures, format characters are
 * dropped, '\n' and '\f' are kept only as `keep` (enum utf8_keep bits)
 * says.  `*outlen` (if not NULL) receives the length; `*changed` (if not
 * NULL) counts characters that were replaced or dropped.  Returns NULL
 * when out of memory. */
char *utf8_clean(const char *s, size_t n, unsigned keep, size_t *outlen,
		 size_t *changed);

/* The same into `out`, which has room for 3 * n + 1 bytes (every byte in
 * gives at most 3 out): the length written, a NUL after it.  Nothing to
 * allocate, for text written at once. */
size_t utf8_clean_to(const char *s, size_t n, unsigned keep, char *out,
		     size_t *changed);

/* Whether utf8_clean (keep 0) would change `n` bytes of valid UTF-8 at
 * `s`: 0 when it surely would not, found by looking at the bytes, not
 * decoding them (the text of most titles and paragraphs goes out as it
 * is, typographic quotes and dashes too). */
int utf8_needs_clean(const char *s, size_t n);

/* Non-zero when `n` bytes of `s` are valid UTF-8. */
int utf8_valid(const char *s, size_t n);

/* utf8_valid, and for valid text `*plain` set, in the same pass, to
 * whether utf8_clean (keep 0) leaves it as it is: !utf8_needs_clean. */
int utf8_valid_plain(const char *s, size_t n, int *plain);

/* Character classes the import rules and the layout talk about (inline:
 * the builder asks them of every character, several times). */

/* CJK ideographs, including extensions */
static inline int utf8_is_han(uint32_t uc)
{
	return (uc >= 0x4E00 && uc <= 0x9FFF) || /* URO */
	       (uc >= 0x3400 && uc <= 0x4DBF) || /* Ext A */
	       (uc >= 0xF900 && uc <= 0xFAFF) || /* compatibility */
	       (uc >= 0x20000 && uc <= 0x3FFFF) || /* Ext B..H */
	       uc == 0x3007; /* 〇 */
}

/* Han, kana, CJK and full-width punctuation */
static inline int utf8_is_cjk(uint32_t uc)
{
	return utf8_is_han(uc) ||
	       (uc >= 0x3000 && uc <= 0x303F) || /* CJK punctuation */
	       (uc >= 0x3040 && uc <= 0x30FF) || /* kana */
	       (uc >= 0xFF00 && uc <= 0xFFEF) || /* full-width forms */
	       (uc >= 0x2E80 && uc <= 0x2FDF) || /* radicals */
	       (uc >= 0x3100 && uc <= 0x31BF) || /* bopomofo */
	       (uc >= 0xFE30 && uc <= 0xFE4F); /* vertical forms */
}

/* ASCII space, U+3000 and Unicode spaces */
static inline int utf8_is_space(uint32_t uc)
{
	return uc == ' ' || uc == '\t' || uc == 0x3000 || uc == 0x00A0 ||
	       (uc >= 0x2000 && uc <= 0x200A) || uc == 0x202F || uc == 0x205F;
}

#endif
