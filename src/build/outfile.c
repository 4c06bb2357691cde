/* outfile: a corpus file's bytes, the data region hashed as it goes (see
 * include/kanbao/build/outfile.h). */
#include "kanbao/build/outfile.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kanbao/base/array.h"
#include "kanbao/base/fs.h"
#include "kanbao/base/le.h"
#include "kanbao/format/corpus_file.h"

int outfile_init(struct outfile *o, uint8_t *mem, FILE *f, size_t chunks)
{
	memset(o, 0, sizeof *o);
	o->mem = mem;
	o->f = f;
	o->xx = XXH3_createState();
	/* one more than asked, so no chunks is not malloc(0) */
	if (!o->xx ||
	    array_grow(&o->sums, &o->cap, (chunks + 1) * SUM_SIZE, 1) < 0) {
		outfile_free(o);
		return -1;
	}
	XXH3_64bits_reset(o->xx);
	return 0;
}

void outfile_free(struct outfile *o)
{
	XXH3_freeState(o->xx);
	free(o->sums);
	memset(o, 0, sizeof *o);
}

void outfile_put(struct outfile *o, const void *p, size_t n)
{
	if (o->mem) {
		memcpy(o->mem + o->pos, p, n);
	} else if (!o->err && n > 0) {
		errno = 0;
		if (fwrite(p, 1, n, o->f) != n)
			o->err = errno ? errno : EIO;
	}
	o->pos += n;
}

static void end_chunk(struct outfile *o)
{
	if (array_grow(&o->sums, &o->cap, (o->nsums + 1) * SUM_SIZE, 1) < 0)
		o->err = ENOMEM;
	else
		le_put64(o->sums + SUM_SIZE * o->nsums++,
			 XXH3_64bits_digest(o->xx));
	XXH3_64bits_reset(o->xx);
	o->fill = 0;
}

void outfile_data(struct outfile *o, const void *p, size_t n)
{
	const uint8_t *b = p;
	while (n > 0) {
		size_t take = CORPUS_CHUNK_SIZE - o->fill;
		if (take > n)
			take = n;
		XXH3_64bits_update(o->xx, b, take);
		outfile_put(o, b, take);
		o->fill += take;
		b += take;
		n -= take;
		if (o->fill == CORPUS_CHUNK_SIZE)
			end_chunk(o);
	}
}

void outfile_pad_to(struct outfile *o, uint64_t to)
{
	static const uint8_t zero[8];
	while (o->pos < to)
		outfile_data(o, zero, to - o->pos < 8 ? to - o->pos : 8);
}

void outfile_end_data(struct outfile *o)
{
	if (o->fill > 0)
		end_chunk(o);
}

/* The temporary file being written, for outfile_abandon: set once the
 * file exists, cleared after it is renamed or removed. */
static char *volatile pending;

void outfile_abandon(void)
{
	char *tmp = pending;
	if (tmp)
		unlink(tmp);
}

enum err_code outfile_replace(const char *path,
			      enum err_code (*fill)(void *ctx, int fd,
						    const char *tmp,
						    struct err *e),
			      void *ctx, struct err *e)
{
	/* Beside the target, so the rename cannot cross file systems. */
	size_t plen = strlen(path);
	char *tmp = malloc(plen + sizeof ".XXXXXX");
	if (!tmp)
		return err_set(e, ERR_NOMEM, "%s: out of memory", path);
	memcpy(tmp, path, plen);
	memcpy(tmp + plen, ".XXXXXX", sizeof ".XXXXXX");
	/* No signal between the file's creation and `pending` naming it,
	 * nor between the rename and `pending` forgetting it. */
	sigset_t all, was;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &was);
	int fd = mkstemp(tmp);
	int err = errno;
	if (fd >= 0)
		pending = tmp;
	sigprocmask(SIG_SETMASK, &was, NULL);
	enum err_code rc;
	if (fd < 0) {
		rc = err_errno(e, err, "%s: cannot create a temporary file",
			       path);
	} else {
		rc = fill(ctx, fd, tmp, e);
		sigprocmask(SIG_BLOCK, &all, &was);
		if (!rc && rename(tmp, path) != 0)
			rc = err_errno(e, errno, "%s: cannot rename %s to it",
				       path, tmp);
		if (rc)
			unlink(tmp);
		pending = NULL;
		sigprocmask(SIG_SETMASK, &was, NULL);
		if (!rc)
			fs_sync_parent(path);
	}
	free(tmp);
	return rc;
}
