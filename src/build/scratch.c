/* scratch: a nameless temporary file, appended to and read back (see
 * include/kanbao/build/scratch.h). */
#include "kanbao/build/scratch.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Bytes appended are gathered into writes of this size. */
enum { SCRATCH_BUF = 1 << 20 };

int scratch_open(struct scratch *s, const char *dir)
{
	memset(s, 0, sizeof *s);
	s->fd = -1;
	s->buf = malloc(SCRATCH_BUF);
	if (!s->buf)
		return s->err = ENOMEM;
	s->fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (s->fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR ||
			  errno == EINVAL)) {
		/* no O_TMPFILE here: a name, removed at once */
		size_t n = strlen(dir) + sizeof "/.kanbao-XXXXXX";
		char *name = malloc(n);
		if (!name) {
			scratch_close(s);
			return ENOMEM;
		}
		snprintf(name, n, "%s/.kanbao-XXXXXX", dir);
		s->fd = mkostemp(name, O_CLOEXEC);
		if (s->fd >= 0)
			unlink(name);
		free(name);
	}
	if (s->fd < 0) {
		int err = errno;
		scratch_close(s);
		return err;
	}
	return 0;
}

char *scratch_dir(const char *path)
{
	const char *t = getenv("TMPDIR");
	if (t && *t)
		return strdup(t);
	if (!path)
		return strdup("/tmp");
	const char *slash = strrchr(path, '/');
	if (!slash)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

void scratch_close(struct scratch *s)
{
	if (s->fd >= 0)
		close(s->fd);
	free(s->buf);
	s->fd = -1;
	s->buf = NULL;
	s->n = 0;
}

/* Write `n` bytes at the file's offset `at`; 0 or an errno. */
static int write_at(int fd, const uint8_t *p, size_t n, uint64_t at)
{
	while (n > 0) {
		ssize_t w = pwrite(fd, p, n, (off_t)at);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return w < 0 ? errno : EIO;
		p += w;
		n -= (size_t)w;
		at += (uint64_t)w;
	}
	return 0;
}

int scratch_flush(struct scratch *s)
{
	if (!s->err && s->n > 0)
		s->err = write_at(s->fd, s->buf, s->n, s->size - s->n);
	s->n = 0;
	return s->err;
}

void scratch_put(struct scratch *s, const void *p, size_t n)
{
	const uint8_t *b = p;
	if (s->err)
		return;
	if (s->n + n > SCRATCH_BUF && scratch_flush(s))
		return;
	if (n >= SCRATCH_BUF) {
		s->err = write_at(s->fd, b, n, s->size);
	} else {
		memcpy(s->buf + s->n, b, n);
		s->n += n;
	}
	s->size += n;
}

int scratch_read(const struct scratch *s, uint64_t at, void *p, size_t n)
{
	uint8_t *b = p;
	while (n > 0) {
		ssize_t r = pread(s->fd, b, n, (off_t)at);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return r < 0 ? errno : EIO;
		b += r;
		n -= (size_t)r;
		at += (uint64_t)r;
	}
	return 0;
}
