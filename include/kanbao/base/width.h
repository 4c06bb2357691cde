/* width: the one display-width function of the whole program.
 *
 * It counts columns the way ncurses and the terminal will: libunistring's
 * uc_width() with the "UTF-8" charset, so East Asian Ambiguous characters
 * (“ ” ‘ ’ … — ·) are one column, as glibc's wcwidth() counts them in a
 * UTF-8 locale; or, after width_set_ambiguous(1), two columns, as terminals
 * set to draw them wide do.  Characters utf8_clean() would replace are
 * measured as their replacement, so a measured line never disagrees with the
 * drawn one. */
#ifndef KANBAO_WIDTH_H
#define KANBAO_WIDTH_H

#include <stddef.h>
#include <stdint.h>

/* Count the East Asian Ambiguous characters (Unicode's EastAsianWidth.txt
 * class A) that take one column as two (`wide` non-zero), or as one (the
 * default).  Call once at start-up, before any thread that measures text
 * runs: every width after follows it. */
void width_set_ambiguous(int wide);

/* 1 when the Ambiguous characters count as two columns, else 0. */
int width_ambiguous(void);

/* 1 when `uc` is East Asian Ambiguous (whatever its width), else 0. */
int width_is_ambiguous(uint32_t uc);

/* Columns taken by one character: 0, 1 or 2 (never negative). */
int width_char(uint32_t uc);

/* Columns taken by `n` bytes of UTF-8 (invalid bytes count as U+FFFD). */
size_t width_str(const char *s, size_t n);

/* The longest prefix of `s` (n bytes) that fits in `cols` columns, never
 * splitting a character: returns its byte length and stores its width in
 * `*used` (when not NULL). */
size_t width_fit(const char *s, size_t n, size_t cols, size_t *used);

#endif
