/* outfile: a corpus file's bytes in file order, its data region hashed
 * chunk by chunk into SUMS as they go (format/corpus.h, kanbao-corpus(5)),
 * into a buffer or a stream.  The one output of the corpus writer
 * (corpus_write.h) and of --merge (merge.h). */
#ifndef KANBAO_OUTFILE_H
#define KANBAO_OUTFILE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <xxhash.h>

#include "kanbao/base/err.h"

struct outfile {
	uint8_t *mem; /* the whole file, or NULL */
	FILE *f; /* the stream when `mem` is NULL */
	int err; /* errno of the first failed write (ENOMEM when SUMS could
		    not grow), 0 if none */
	uint64_t pos; /* bytes emitted */
	XXH3_state_t *xx; /* the current chunk's hash so far */
	uint64_t fill; /* bytes in the current chunk */
	uint8_t *sums; /* SUMS: a u64 per finished chunk */
	size_t nsums, cap; /* chunks finished; bytes of room at `sums` */
};

/* Start `o` writing into `mem` (room for the whole file), or else into
 * `f`, with room for `chunks` sums (more are made as needed).  0, or -1
 * when out of memory (nothing to free). */
int outfile_init(struct outfile *o, uint8_t *mem, FILE *f, size_t chunks);

void outfile_free(struct outfile *o);

/* Bytes outside the data region: the header, SUMS. */
void outfile_put(struct outfile *o, const void *p, size_t n);

/* Bytes of the data region, which SUMS covers. */
void outfile_data(struct outfile *o, const void *p, size_t n);

/* Zeros in the data region up to the file offset `to`. */
void outfile_pad_to(struct outfile *o, uint64_t to);

/* The data region ends: the last chunk, if begun, gets its sum. */
void outfile_end_data(struct outfile *o);

/* Make the file at `path` atomically: `fill` writes the temporary file
 * made beside it (the open `fd`, named `tmp`: it closes fd and makes the
 * bytes durable), which is then renamed over `path`, and the directory is
 * synced.  While the temporary file exists, outfile_abandon removes it.
 * ERR_OK, or fill's error or one of its own naming `path` (then no
 * temporary file is left and `path` is as it was). */
enum err_code outfile_replace(const char *path,
			      enum err_code (*fill)(void *ctx, int fd,
						    const char *tmp,
						    struct err *e),
			      void *ctx, struct err *e);

/* Remove the temporary file an outfile_replace in progress is writing, if
 * any: for a signal handler (async-signal-safe) before the program ends. */
void outfile_abandon(void);

#endif
