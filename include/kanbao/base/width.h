/* width: the one display-width function of the whole program.
 *
 * It counts columns the way ncurses and the terminal will: libunistring's
 * uc_width() with the "UTF-8" charset, so East Asian Ambiguous characters
 * (“ ” ‘ ’ … — ·) are one column, as glibc's wcwidth() counts them in a
 * UTF-8 locale.  Characters utf8_clean() would replace are measured as their
 * replacement, so a measured line never disagrees with the drawn one. */
#ifndef KANBAO_WIDTH_H
#define KANBAO_WIDTH_H

#include <stddef.h>
#include <stdint.h>

/* Columns taken by one character: 0, 1 or 2 (never negative). */
int width_char(uint32_t uc);

/* Columns taken by `n` bytes of UTF-8 (invalid bytes count as U+FFFD). */
size_t width_str(const char *s, size_t n);

/* The longest prefix of `s` (n bytes) that fits in `cols` columns, never
 * splitting a character: returns its byte length and stores its width in
 * `*used` (when not NULL). */
size_t width_fit(const char *s, size_t n, size_t cols, size_t *used);

#endif
