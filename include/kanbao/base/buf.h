/* buf: a growable byte buffer, the one way kanbao builds strings. */
#ifndef KANBAO_BUF_H
#define KANBAO_BUF_H

#include <stddef.h>
#include <stdint.h>

struct buf {
	char *p; /* owned, always NUL-terminated once anything was added */
	size_t len; /* bytes used, without the NUL */
	size_t cap; /* bytes allocated */
	int failed; /* set when an allocation failed; later adds do nothing */
};

/* Append `n` bytes / a C string / one character as UTF-8 / one byte.  On
 * allocation failure the buffer keeps what it had and sets `failed`, so a
 * caller can do many appends and check once. */
void buf_put(struct buf *b, const void *s, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putuc(struct buf *b, uint32_t uc);
void buf_putc(struct buf *b, char c);

/* Room for `n` more bytes at the end, for a caller that writes them
 * itself: where to write (buf_grown then counts what was written), or
 * NULL when the buffer could not grow (`failed` set). */
char *buf_room(struct buf *b, size_t n);

/* Count `k` bytes written at buf_room's pointer (k no more than its `n`)
 * as added, the NUL after them. */
void buf_grown(struct buf *b, size_t k);

/* printf-style append. */
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Give up the contents: returns the malloc'd string ("" when empty, NULL
 * when an allocation failed) and resets the buffer. */
char *buf_take(struct buf *b);

/* Empty the buffer, keeping its memory for what is added next (and the
 * `failed` flag). */
void buf_clear(struct buf *b);

/* Free the contents and reset the buffer. */
void buf_free(struct buf *b);

#endif
