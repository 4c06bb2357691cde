/* answer: lines for a script (see include/kanbao/reader/answer.h). */
#include "kanbao/reader/answer.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kanbao/base/utf8.h"
#include "kanbao/format/article.h"

static char *put_field(char *w, uint64_t v);

void answer_field(struct buf *b, uint64_t v)
{
	char *w = buf_room(b, 24);
	if (w)
		buf_grown(b, (size_t)(put_field(w, v) - w));
}

void answer_clean(struct buf *b, const char *s, size_t n)
{
	/* what comes from a corpus is valid UTF-8 (the reader checks it),
	 * and seldom holds what must change */
	if (!utf8_needs_clean(s, n)) {
		buf_put(b, s, n);
		return;
	}
	/* a title or a line of context fits: nothing to allocate */
	char small[1024];
	char *c = n <= (sizeof small - 1) / 3 ? small : malloc(n * 3 + 1);
	if (!c) {
		b->failed = 1;
		return;
	}
	buf_put(b, c, utf8_clean_to(s, n, 0, c, NULL));
	if (c != small)
		free(c);
}

void answer_title(struct buf *b, struct corpus *c, size_t i)
{
	/* the title alone: the other strings of the record are not shown */
	struct corpus_str title;
	uint32_t flags;
	int plain;
	if (corpus_title(c, i, &title, &flags, &plain, NULL) != ERR_OK)
		return;
	if (plain) /* looked at once, where its UTF-8 was checked */
		buf_put(b, title.s, title.len);
	else
		answer_clean(b, title.s, title.len);
	if (flags & ARTICLE_TITLE_DERIVED)
		buf_put(b, "\xE2\x80\xA6", 3);
}

/* All of b's bytes to fd, b then emptied; -1 (errno set) when a write
 * fails or b could not grow. */
static int flush(struct buf *b, int fd)
{
	if (b->failed) {
		errno = ENOMEM;
		return -1;
	}
	for (size_t at = 0; at < b->len;) {
		ssize_t w = write(fd, b->p + at, b->len - at);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		at += (size_t)w;
	}
	buf_clear(b);
	return 0;
}

/* `v` in decimal and a tab at `w`; past them. */
static char *put_field(char *w, uint64_t v)
{
	/* without printf's parsing of a format (a line has two), and each
	 * digit put where it goes: digits put in a small array and copied
	 * from it wait for the copy to read what was just written (perf:
	 * half of the time of making the lines outside the titles) */
	size_t n = 1;
	for (uint64_t t = v; t >= 10; t /= 10)
		n++;
	char *d = w + n;
	*d = '\t';
	do
		*--d = (char)('0' + v % 10);
	while (v /= 10);
	return w + n + 1;
}

/* Article i's line, "ID\tCOUNT\tTITLE\n", at the end of `out`; its title
 * as answer_title puts it, written in place, read through `t` when it is
 * not NULL. */
static void put_line(struct buf *out, struct corpus *c,
		     const struct corpus_titles *t, size_t i, uint32_t count)
{
	struct corpus_str title = { "", 0 };
	uint32_t flags = 0;
	int plain = 1;
	if ((t ? corpus_titles_get(t, i, &title, &flags, &plain, NULL)
	       : corpus_title(c, i, &title, &flags, &plain, NULL)) != ERR_OK)
		title.len = 0, flags = 0;
	/* two fields, the title cleaned (3 bytes a byte at most), "…", '\n' */
	char *w = buf_room(out, 2 * 24 + title.len * 3 + 3 + 1), *at = w;
	if (!w)
		return;
	w = put_field(w, i + 1);
	w = put_field(w, count);
	if (plain) { /* looked at once, where its UTF-8 was checked */
		memcpy(w, title.s, title.len);
		w += title.len;
	} else {
		w += utf8_clean_to(title.s, title.len, 0, w, NULL);
	}
	if (flags & ARTICLE_TITLE_DERIVED) {
		memcpy(w, "\xE2\x80\xA6", 3);
		w += 3;
	}
	*w++ = '\n';
	buf_grown(out, (size_t)(w - at));
}

/* Titles asked of the memory ahead of their lines (corpus_prefetch_title):
 * enough to cover its wait, few enough to stay in the cache. */
enum { AHEAD = 16 };

/* The lines of articles [from, to) with hits (`per`) at the end of
 * `out`; with `many` set, their titles read through corpus_titles (all
 * of STRINGS checked at once, which many titles touch all of anyway). */
static void make_lines(struct corpus *c, const uint32_t *per, size_t from,
		       size_t to, int many, struct buf *out)
{
	size_t next = from, ahead = 0; /* titles asked for, not yet used */
	struct corpus_titles t;
	int batch = many && corpus_titles(c, from, to, &t, NULL) == ERR_OK;
	for (size_t i = from; i < to && !out->failed; i++) {
		if (!per[i])
			continue;
		for (; ahead < AHEAD && next < to; next++) {
			if (per[next]) {
				corpus_prefetch_title(c, next);
				ahead++;
			}
		}
		ahead--; /* article i's, asked for above or before */
		put_line(out, c, batch ? &t : NULL, i, per[i]);
	}
}

/* Bytes gathered before a write, on one core. */
enum { WRITE_AT = 1 << 20 };

/* Many articles with hits are cut into pieces of articles, made on both
 * cores, a piece into one of SLOTS buffers, and written in order as they
 * are done, each buffer used again once written: the memory stays a few
 * pieces' (faulted in once, not the answer's 17 MB for 发展 in 1 GB) and
 * writing overlaps making.  PIECES pieces, of PIECE_MIN articles at
 * least; below HALVES_MIN articles with hits one core does it all: a
 * thread costs tens of microseconds. */
enum { SLOTS = 4, PIECES = 32, PIECE_MIN = 1024, HALVES_MIN = 1 << 12 };

/* The pipe a large answer is written into, asked for (answer_counts). */
enum { PIPE_SIZE = 1 << 20 };

struct pieces {
	struct corpus *c;
	const uint32_t *per; /* hits per article */
	size_t n, width, count; /* articles, a piece's, pieces */
	int fd;
	pthread_mutex_t lock; /* guards the fields below */
	pthread_cond_t moved; /* a piece was made or written, or it failed */
	size_t next; /* the next piece to make */
	size_t written; /* pieces written */
	size_t made[SLOTS]; /* the piece a slot holds, made; SIZE_MAX none */
	int failed; /* a write or an allocation failed: errno in `err` */
	int err;
	struct buf slot[SLOTS];
};

/* Make piece k into its slot (the piece a slot held was written). */
static void make_piece(struct pieces *p, size_t k)
{
	size_t from = k * p->width;
	size_t to = p->n - from > p->width ? from + p->width : p->n;
	make_lines(p->c, p->per, from, to, 1, &p->slot[k % SLOTS]);
}

/* Under the lock: take the next piece to make, when its slot is free;
 * SIZE_MAX when none is to be taken now. */
static size_t take(struct pieces *p)
{
	if (p->failed || p->next >= p->count || p->next >= p->written + SLOTS)
		return SIZE_MAX;
	return p->next++;
}

/* Under the lock: piece k made. */
static void made(struct pieces *p, size_t k)
{
	if (p->slot[k % SLOTS].failed && !p->failed)
		p->failed = 1, p->err = ENOMEM;
	p->made[k % SLOTS] = k;
	pthread_cond_broadcast(&p->moved);
}

/* The helper: makes pieces while there are any to take. */
static void *helper(void *arg)
{
	struct pieces *p = arg;
	pthread_mutex_lock(&p->lock);
	while (!p->failed && p->next < p->count) {
		size_t k = take(p);
		if (k == SIZE_MAX) {
			pthread_cond_wait(&p->moved, &p->lock);
			continue;
		}
		pthread_mutex_unlock(&p->lock);
		make_piece(p, k);
		pthread_mutex_lock(&p->lock);
		made(p, k);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

/* The caller's thread: writes each piece as its turn comes, and makes
 * pieces meanwhile. */
static void writer(struct pieces *p)
{
	pthread_mutex_lock(&p->lock);
	while (!p->failed && p->written < p->count) {
		size_t w = p->written, k;
		if (p->made[w % SLOTS] == w) {
			pthread_mutex_unlock(&p->lock);
			int rc = flush(&p->slot[w % SLOTS], p->fd);
			int err = errno;
			pthread_mutex_lock(&p->lock);
			if (rc < 0 && !p->failed)
				p->failed = 1, p->err = err;
			p->made[w % SLOTS] = SIZE_MAX;
			p->written++;
			pthread_cond_broadcast(&p->moved);
		} else if ((k = take(p)) != SIZE_MAX) {
			pthread_mutex_unlock(&p->lock);
			make_piece(p, k);
			pthread_mutex_lock(&p->lock);
			made(p, k);
		} else {
			pthread_cond_wait(&p->moved, &p->lock);
		}
	}
	pthread_mutex_unlock(&p->lock);
}

int answer_counts(struct corpus *c, const struct search_result *r, int fd)
{
	size_t n = r->narticles;
	if (r->articles < HALVES_MIN) { /* one core, written as it goes */
		struct buf out = { 0 };
		int rc = 0;
		for (size_t from = 0; from < n && !rc; from += PIECE_MIN) {
			make_lines(c, r->per_article, from,
				   n - from > PIECE_MIN ? from + PIECE_MIN : n,
				   0, &out);
			if (out.len >= WRITE_AT || from + PIECE_MIN >= n)
				rc = flush(&out, fd);
		}
		int err = errno;
		buf_free(&out);
		errno = err;
		return rc;
	}
	/* A pipe of 1 MiB, not Linux's 64 KiB, where the system allows it
	 * (a hint: refused, nothing changes): the reader and this writer
	 * take turns 85 times for the 17 MB of 发展 at 1 GB, not 590
	 * (context switches, perf stat). */
	struct stat st;
	if (fstat(fd, &st) == 0 && S_ISFIFO(st.st_mode) &&
	    fcntl(fd, F_GETPIPE_SZ) < PIPE_SIZE)
		fcntl(fd, F_SETPIPE_SZ, PIPE_SIZE);
	struct pieces p = {
		.c = c, .per = r->per_article, .n = n, .fd = fd,
		.width = n / PIECES > PIECE_MIN ? n / PIECES : PIECE_MIN,
		.lock = PTHREAD_MUTEX_INITIALIZER,
		.moved = PTHREAD_COND_INITIALIZER,
	};
	p.count = (n + p.width - 1) / p.width;
	for (size_t k = 0; k < SLOTS; k++)
		p.made[k] = SIZE_MAX;
	pthread_t t;
	int threaded = !pthread_create(&t, NULL, helper, &p);
	writer(&p);
	if (threaded)
		pthread_join(t, NULL);
	for (size_t k = 0; k < SLOTS; k++)
		buf_free(&p.slot[k]);
	pthread_mutex_destroy(&p.lock);
	pthread_cond_destroy(&p.moved);
	if (p.failed) {
		errno = p.err;
		return -1;
	}
	return 0;
}
