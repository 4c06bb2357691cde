/* buf: a growable byte buffer (see include/kanbao/base/buf.h). */
#include "kanbao/base/buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kanbao/base/utf8.h"

static int reserve(struct buf *b, size_t extra)
{
	if (b->failed)
		return -1;
	if (extra >= SIZE_MAX - b->len) {
		b->failed = 1;
		return -1;
	}
	size_t need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	char *p = realloc(b->p, cap);
	if (!p) {
		b->failed = 1;
		return -1;
	}
	b->p = p;
	b->cap = cap;
	return 0;
}

void buf_put(struct buf *b, const void *s, size_t n)
{
	if (reserve(b, n) < 0)
		return;
	if (n)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

char *buf_room(struct buf *b, size_t n)
{
	return reserve(b, n) < 0 ? NULL : b->p + b->len;
}

void buf_grown(struct buf *b, size_t k)
{
	b->len += k;
	b->p[b->len] = '\0';
}

void buf_puts(struct buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

void buf_putc(struct buf *b, char c)
{
	buf_put(b, &c, 1);
}

void buf_putuc(struct buf *b, uint32_t uc)
{
	char tmp[4];
	buf_put(b, tmp, utf8_put(uc, tmp));
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || reserve(b, (size_t)n) < 0)
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

char *buf_take(struct buf *b)
{
	char *p = b->failed ? NULL : b->p;
	if (b->failed)
		free(b->p);
	else if (!p)
		p = calloc(1, 1);
	memset(b, 0, sizeof *b);
	return p;
}

void buf_clear(struct buf *b)
{
	b->len = 0;
	if (b->p)
		b->p[0] = '\0';
}

void buf_free(struct buf *b)
{
	free(b->p);
	memset(b, 0, sizeof *b);
}
