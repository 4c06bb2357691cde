/* answer: lines for a script (see include/kanbao/reader/answer.h). */
#include "kanbao/reader/answer.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "kanbao/base/utf8.h"
#include "kanbao/format/article.h"

void answer_field(struct buf *b, uint64_t v)
{
	/* without printf's parsing of a format: a line has two */
	char d[24];
	size_t i = sizeof d;
	d[--i] = '\t';
	do
		d[--i] = (char)('0' + v % 10);
	while (v /= 10);
	buf_put(b, d + i, sizeof d - i);
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

/* Bytes gathered before a write. */
enum { WRITE_AT = 1 << 20 };

/* The lines of articles [from, to) into `out`, written to `fd` each time
 * it holds WRITE_AT bytes (fd < 0: kept, all of them). */
struct lines {
	struct corpus *c;
	const uint32_t *per; /* hits per article */
	size_t from, to;
	struct buf out;
	int fd;
	int failed; /* a write failed: errno in `err` */
	int err;
};

/* Titles asked of the memory ahead of their lines (corpus_prefetch_title):
 * enough to cover its wait, few enough to stay in the cache. */
enum { AHEAD = 16 };

static void *make_lines(void *arg)
{
	struct lines *l = arg;
	size_t next = l->from, ahead = 0; /* titles asked for, not yet used */
	for (size_t i = l->from; i < l->to && !l->failed; i++) {
		if (!l->per[i])
			continue;
		for (; ahead < AHEAD && next < l->to; next++) {
			if (l->per[next]) {
				corpus_prefetch_title(l->c, next);
				ahead++;
			}
		}
		ahead--; /* article i's, asked for above or before */
		answer_field(&l->out, i + 1);
		answer_field(&l->out, l->per[i]);
		answer_title(&l->out, l->c, i);
		buf_put(&l->out, "\n", 1);
		if (l->fd >= 0 && l->out.len >= WRITE_AT &&
		    flush(&l->out, l->fd) < 0)
			l->failed = 1, l->err = errno;
	}
	if (l->out.failed && !l->failed)
		l->failed = 1, l->err = ENOMEM;
	return NULL;
}

/* Articles with hits below which one core does it all: a thread costs
 * tens of microseconds. */
enum { HALVES_MIN = 1 << 12 };

int answer_counts(struct corpus *c, const struct search_result *r, int fd)
{
	size_t n = r->narticles, mid = n;
	if (r->articles >= HALVES_MIN) {
		/* the half of the articles with hits */
		size_t seen = 0;
		for (mid = 0; mid < n && seen < r->articles / 2; mid++)
			seen += r->per_article[mid] != 0;
	}
	struct lines l[2] = {
		{ .c = c, .per = r->per_article, .from = 0, .to = mid,
		  .fd = fd },
		{ .c = c, .per = r->per_article, .from = mid, .to = n,
		  .fd = -1 },
	};
	pthread_t t;
	int made = mid < n && !pthread_create(&t, NULL, make_lines, &l[1]);
	make_lines(&l[0]);
	if (!l[0].failed && flush(&l[0].out, fd) < 0)
		l[0].failed = 1, l[0].err = errno;
	if (made)
		pthread_join(t, NULL);
	else if (!l[0].failed) /* no thread: here, written as it goes */
		l[1].fd = fd, make_lines(&l[1]);
	if (!l[0].failed && !l[1].failed && flush(&l[1].out, fd) < 0)
		l[1].failed = 1, l[1].err = errno;
	buf_free(&l[0].out);
	buf_free(&l[1].out);
	for (int k = 0; k < 2; k++) {
		if (l[k].failed) {
			errno = l[k].err;
			return -1;
		}
	}
	return 0;
}
