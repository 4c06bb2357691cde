/* scratch: a temporary file the builder writes a stream of bytes into and
 * reads back later, so that what it makes need not stay in memory until
 * the corpus file is written (corpus_write.h, index_write.h).
 *
 * The file has no name: it is made with O_TMPFILE (or made and unlinked
 * at once where the file system cannot), so it is gone however the
 * program ends, a kill included. */
#ifndef KANBAO_SCRATCH_H
#define KANBAO_SCRATCH_H

#include <stddef.h>
#include <stdint.h>

struct scratch {
	int fd; /* the file, -1 when none */
	uint64_t size; /* bytes appended so far, the buffer's included */
	uint8_t *buf; /* appended bytes not yet in the file */
	size_t n; /* bytes at `buf` */
	int err; /* errno of the first failure (ENOMEM too), 0 if none;
		    appending does nothing after it */
};

/* Make `s` a new empty scratch file in the directory `dir`.  0, or the
 * errno that stopped it (`s` is then closed: fd -1). */
int scratch_open(struct scratch *s, const char *dir);

/* The directory scratch files of a file written at `path` go in: $TMPDIR
 * when set, else the directory of `path` (NULL: "/tmp").  Malloc'd, NULL
 * when out of memory. */
char *scratch_dir(const char *path);

/* Close the file (which removes it) and free the buffer. */
void scratch_close(struct scratch *s);

/* Append `n` bytes; a failure is kept in s->err. */
void scratch_put(struct scratch *s, const void *p, size_t n);

/* Write out the buffer, so that everything appended can be read.  0, or
 * s->err. */
int scratch_flush(struct scratch *s);

/* Read `n` bytes from offset `at` (below s->size, after scratch_flush)
 * into `p`.  0, or the errno of the failure (EIO when the file is shorter
 * than it should be). */
int scratch_read(const struct scratch *s, uint64_t at, void *p, size_t n);

#endif
