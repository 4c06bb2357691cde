/* progress: one line on a terminal saying how far long work has got (see
 * include/kanbao/base/progress.h). */
#include "kanbao/base/progress.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#define NS_PER_MS 1000000ull
#define NS_PER_S 1000000000ull
#define INTERVAL ((uint64_t)PROGRESS_INTERVAL_MS * NS_PER_MS)

/* Erase from the cursor to the end of the line (ECMA-48 EL): every
 * terminal but a dumb one has it. */
#define ERASE "\033[K"

enum { NOTE_MAX = 48 };

/* The bytes done at the last ticks, for the rate: a window's worth. */
enum { SAMPLES = PROGRESS_WINDOW_MS / PROGRESS_INTERVAL_MS + 1 };
struct sample {
	uint64_t at, bytes; /* when, and the bytes done then */
};

/* The line on the terminal.  Static because a signal handler has no other
 * way to reach it (progress_abandon), and there is one line per process. */
static atomic_int line_fd = -1; /* the progress's descriptor; -1: none */
static atomic_int line_shown; /* the line is (or is being) drawn */
/* Who writes to the line: IDLE, WRITING (a drawing or clearing under way)
 * or ABANDONED (a signal handler cleared it: nothing more is written). */
static atomic_int line_writing;
enum { IDLE, WRITING, ABANDONED };

struct progress {
	int fd; /* where the line is drawn */
	struct progress_spec spec; /* the job */
	uint64_t start; /* when it began, by spec.clock */
	_Atomic uint64_t files, bytes, items; /* done so far */
	pthread_mutex_t mu; /* guards what follows */
	char note[NOTE_MAX + 1]; /* progress_note's, "" when none */
	int paused; /* progress_pause calls not yet resumed */
	int ticked; /* progress_tick has looked at least once */
	uint64_t ticked_at; /* when it last looked (drawn or not) */
	struct sample seen[SAMPLES]; /* a ring: the start, then each look */
	int nseen, oldest; /* samples in it; the oldest once it is full */
	char last[PROGRESS_LINE_MAX + 1]; /* the text on the terminal */
	int stop; /* the ticking thread is to end */
	int threaded; /* the ticking thread was started */
	pthread_t thread; /* the ticking thread */
	pthread_cond_t wake; /* signalled at stop */
};

static uint64_t system_clock(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * NS_PER_S + (uint64_t)t.tv_nsec;
}

static uint64_t now(const struct progress *p)
{
	return p->spec.clock ? p->spec.clock() : system_clock();
}

int progress_wanted(int fd)
{
	const char *term = getenv("TERM");
	return isatty(fd) && !(term && !strcmp(term, "dumb"));
}

/* ---- the text ------------------------------------------------------------*/

/* `v` with a comma every three digits, into `out`. */
static void thousands(uint64_t v, char *out, size_t size)
{
	char digits[24];
	int n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)v);
	size_t o = 0;
	for (int i = 0; i < n && o + 1 < size; i++) {
		if (i && (n - i) % 3 == 0 && o + 2 < size)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
}

/* `bytes` in MB (10^6 bytes): one decimal under 10 MB (`small`), else
 * whole, with commas. */
static void megabytes(uint64_t bytes, int small, char *out, size_t size)
{
	if (small)
		snprintf(out, size, "%.1f", (double)bytes / 1e6);
	else
		thousands((bytes + 500000) / 1000000, out, size);
}

/* A duration: M:SS, or H:MM:SS from an hour (at most 99:59:59). */
static void duration(uint64_t ns, char *out, size_t size)
{
	uint64_t s = ns / NS_PER_S;
	if (s > 99 * 3600 + 59 * 60 + 59)
		s = 99 * 3600 + 59 * 60 + 59;
	if (s >= 3600)
		snprintf(out, size, "%u:%02u:%02u", (unsigned)(s / 3600),
			 (unsigned)(s / 60 % 60), (unsigned)(s % 60));
	else
		snprintf(out, size, "%u:%02u", (unsigned)(s / 60),
			 (unsigned)(s % 60));
}

/* One field of the line, and how soon it gives way when the line is too
 * wide for the terminal: the highest first, 0 never (it is cut). */
struct field {
	char s[PROGRESS_LINE_MAX + 1];
	int gives;
};

enum { LABEL, FILES, SIZE, ITEMS, NOTE, RATE, TIME, NFIELDS };
static const int gives[NFIELDS] = {
	[LABEL] = 0, [FILES] = 4, [SIZE] = 1, [ITEMS] = 6, [NOTE] = 3,
	[RATE] = 5, [TIME] = 2,
};

/* The size field: "45/1,024 MB", "45 MB" (no total) or "37% of 1,848 MB". */
static void size_field(const struct progress_spec *s, uint64_t done,
		       char *out, size_t n)
{
	char a[32], b[32];
	if (s->size) {
		unsigned pct = s->bytes ? (unsigned)(done >= s->bytes ? 100 :
					  done * 100 / s->bytes) : 0;
		megabytes(s->size, s->size < 10000000, b, sizeof b);
		snprintf(out, n, "%u%% of %s MB", pct, b);
	} else if (s->bytes) {
		int small = s->bytes < 10000000;
		megabytes(done, small, a, sizeof a);
		megabytes(s->bytes, small, b, sizeof b);
		snprintf(out, n, "%s/%s MB", a, b);
	} else {
		megabytes(done, done < 10000000, a, sizeof a);
		snprintf(out, n, "%s MB", a);
	}
}

/* The rate and the time fields (see progress_text). */
static void time_fields(const struct progress_spec *s,
			const struct progress_state *st, struct field *f)
{
	char t[32];
	int known = st->done.bytes && st->elapsed >= NS_PER_S && !s->size &&
		    !(st->note && *st->note);
	if (known) {
		double rate = st->rate / 1e6;
		if (rate < 100) {
			snprintf(f[RATE].s, sizeof f[RATE].s, "%.1f MB/s", rate);
		} else {
			thousands((uint64_t)(rate + 0.5), t, sizeof t);
			snprintf(f[RATE].s, sizeof f[RATE].s, "%s MB/s", t);
		}
	}
	if (known && st->rate > 0 && st->done.bytes < s->bytes) {
		/* to the nearest second */
		double left = (double)(s->bytes - st->done.bytes) / st->rate *
			      NS_PER_S + NS_PER_S / 2;
		duration(left > 1e18 ? (uint64_t)1e18 : (uint64_t)left, t,
			 sizeof t);
		snprintf(f[TIME].s, sizeof f[TIME].s, "%s left", t);
	} else {
		duration(st->elapsed, t, sizeof t);
		snprintf(f[TIME].s, sizeof f[TIME].s, "%s elapsed", t);
	}
}

/* `s` as ASCII: a byte that is not printable ASCII becomes '?', so
 * nothing given to a progress can act on the terminal. */
static void ascii(char *s)
{
	for (; *s; s++)
		if (*s < 0x20 || *s > 0x7e)
			*s = '?';
}

/* The fields that are not empty, as "LABEL: A, B, C", into `out` (`size`
 * bytes).  Returns the length (cut at size - 1). */
static size_t join(const struct field *f, char *out, size_t size)
{
	size_t len = 0;
	int after = 0; /* fields after the label so far */
	out[0] = '\0';
	for (int i = 0; i < NFIELDS; i++) {
		if (!f[i].s[0])
			continue;
		const char *sep = i == LABEL ? "" : after++ ? ", " :
				  f[LABEL].s[0] ? ": " : "";
		int n = snprintf(out + len, size - len, "%s%s", sep, f[i].s);
		len = n < 0 ? len : len + (size_t)n >= size ? size - 1 :
		      len + (size_t)n;
	}
	return len;
}

size_t progress_text(const struct progress_spec *s,
		     const struct progress_state *st, size_t cols, char *out,
		     size_t size)
{
	struct field f[NFIELDS];
	for (int i = 0; i < NFIELDS; i++) {
		f[i].s[0] = '\0';
		f[i].gives = gives[i];
	}
	snprintf(f[LABEL].s, sizeof f[LABEL].s, "%s",
		 s->label ? s->label : "");
	char a[32], b[32];
	if (s->files) {
		thousands(st->done.files, a, sizeof a);
		thousands(s->files, b, sizeof b);
		snprintf(f[FILES].s, sizeof f[FILES].s, "%s/%s files", a, b);
	}
	size_field(s, st->done.bytes, f[SIZE].s, sizeof f[SIZE].s);
	if (s->items) {
		thousands(st->done.items, a, sizeof a);
		snprintf(f[ITEMS].s, sizeof f[ITEMS].s, "%s %.40s", a,
			 s->items);
	}
	if (st->note)
		snprintf(f[NOTE].s, sizeof f[NOTE].s, "%.*s", NOTE_MAX,
			 st->note);
	time_fields(s, st, f);

	/* the fields that give way first go until the line fits; then the
	 * label is cut */
	size_t room = cols > 1 ? cols - 1 : 0;
	if (room > PROGRESS_LINE_MAX)
		room = PROGRESS_LINE_MAX;
	char line[PROGRESS_LINE_MAX * 2];
	size_t len;
	while ((len = join(f, line, sizeof line)) > room) {
		int drop = 0;
		for (int i = 1; i < NFIELDS; i++)
			if (f[i].s[0] && f[i].gives > f[drop].gives)
				drop = i;
		if (!drop)
			break;
		f[drop].s[0] = '\0';
	}
	if (len > room)
		len = room;
	if (!size)
		return 0;
	if (len >= size)
		len = size - 1;
	memcpy(out, line, len);
	out[len] = '\0';
	ascii(out);
	return len;
}

/* ---- the line on the terminal --------------------------------------------*/

/* All of `s` to `fd`, but for an error. */
static void write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

/* Draw (`shown` 1) or clear (0) the line with `s`: one write, unless a
 * signal handler has abandoned the line.  line_shown is set before a
 * drawing and cleared after a clearing, so that a handler that finds it
 * 0 knows the terminal holds no line. */
static void put(const struct progress *p, const char *s, size_t n, int shown)
{
	int idle = IDLE;
	if (!atomic_compare_exchange_strong(&line_writing, &idle, WRITING))
		return;
	if (shown)
		atomic_store(&line_shown, 1);
	write_all(p->fd, s, n);
	if (!shown)
		atomic_store(&line_shown, 0);
	int writing = WRITING;
	atomic_compare_exchange_strong(&line_writing, &writing, IDLE);
}

/* Clear the line if it is shown (p->mu held). */
static void clear(struct progress *p)
{
	if (atomic_load(&line_shown))
		put(p, "\r" ERASE, sizeof "\r" ERASE - 1, 0);
	p->last[0] = '\0';
}

/* Whether the process may draw on `fd`: in the foreground of the terminal
 * that is its controlling one, or `fd` is not that terminal (tcgetpgrp
 * fails: nobody's background). */
static int foreground(int fd)
{
	pid_t fg = tcgetpgrp(fd);
	return fg < 0 || fg == getpgrp();
}

/* The terminal's width in columns; 80 when it does not say. */
static size_t columns(int fd)
{
	struct winsize ws;
	if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

/* progress_tick with p->mu held. */
static void tick(struct progress *p)
{
	uint64_t t = now(p);
	if (p->paused || (p->ticked && t - p->ticked_at < INTERVAL))
		return;
	p->ticked = 1;
	p->ticked_at = t;
	struct progress_state st = { .elapsed = t > p->start ? t - p->start : 0,
				     .note = p->note };
	progress_counts(p, &st.done);
	/* the rate since the oldest sample: the window, or the start */
	const struct sample *old = &p->seen[p->nseen < SAMPLES ? 0 : p->oldest];
	if (t > old->at && st.done.bytes >= old->bytes)
		st.rate = (double)(st.done.bytes - old->bytes) * NS_PER_S /
			  (double)(t - old->at);
	struct sample here = { t, st.done.bytes };
	if (p->nseen < SAMPLES) {
		p->seen[p->nseen++] = here;
	} else {
		p->seen[p->oldest] = here;
		p->oldest = (p->oldest + 1) % SAMPLES;
	}
	if (!foreground(p->fd))
		return;
	char line[PROGRESS_LINE_MAX + sizeof "\r" ERASE];
	line[0] = '\r';
	size_t n = progress_text(&p->spec, &st, columns(p->fd), line + 1,
				 PROGRESS_LINE_MAX + 1);
	if (atomic_load(&line_shown) && !strcmp(line + 1, p->last))
		return;
	memcpy(p->last, line + 1, n + 1);
	memcpy(line + 1 + n, ERASE, sizeof ERASE - 1);
	put(p, line, 1 + n + sizeof ERASE - 1, 1);
}

struct progress *progress_new(int fd, const struct progress_spec *s)
{
	int none = -1;
	if (fd < 0 || !atomic_compare_exchange_strong(&line_fd, &none, fd))
		return NULL;
	struct progress *p = calloc(1, sizeof *p);
	if (!p) {
		atomic_store(&line_fd, -1);
		return NULL;
	}
	p->fd = fd;
	p->spec = *s;
	p->start = now(p);
	p->seen[0] = (struct sample){ p->start, 0 };
	p->nseen = 1;
	pthread_mutex_init(&p->mu, NULL);
	atomic_store(&line_shown, 0);
	atomic_store(&line_writing, IDLE);
	return p;
}

/* The ticking thread of progress_start: a tick, then a wait until the
 * next one is due, until progress_end. */
static void *ticker(void *arg)
{
	struct progress *p = arg;
	pthread_mutex_lock(&p->mu);
	while (!p->stop) {
		tick(p);
		/* the next tick is due an interval after the last one looked;
		 * while paused (none looked), an interval from now */
		uint64_t due = p->ticked_at + INTERVAL, t = now(p);
		if (due <= t)
			due = t + INTERVAL;
		struct timespec ts = { (time_t)(due / NS_PER_S),
				       (long)(due % NS_PER_S) };
		pthread_cond_timedwait(&p->wake, &p->mu, &ts);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

struct progress *progress_start(int fd, const struct progress_spec *s)
{
	if (s->clock)
		return NULL;
	struct progress *p = progress_new(fd, s);
	if (!p)
		return NULL;
	/* the wait is by the clock the ticks are timed with */
	pthread_condattr_t ca;
	if (pthread_condattr_init(&ca)) {
		progress_end(p);
		return NULL;
	}
	int bad = pthread_condattr_setclock(&ca, CLOCK_MONOTONIC) ||
		  pthread_cond_init(&p->wake, &ca);
	pthread_condattr_destroy(&ca);
	if (bad) {
		progress_end(p);
		return NULL;
	}
	/* the thread starts with every signal blocked, and this one goes on
	 * with its own mask */
	sigset_t all, was;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &was);
	p->threaded = !pthread_create(&p->thread, NULL, ticker, p);
	pthread_sigmask(SIG_SETMASK, &was, NULL);
	if (!p->threaded) {
		pthread_cond_destroy(&p->wake);
		progress_end(p);
		return NULL;
	}
	return p;
}

void progress_add(struct progress *p, uint64_t files, uint64_t bytes,
		  uint64_t items)
{
	if (!p)
		return;
	/* relaxed: the counts order nothing else; the line shows a moment's
	 * values */
	atomic_fetch_add_explicit(&p->files, files, memory_order_relaxed);
	atomic_fetch_add_explicit(&p->bytes, bytes, memory_order_relaxed);
	atomic_fetch_add_explicit(&p->items, items, memory_order_relaxed);
}

void progress_counts(struct progress *p, struct progress_counts *c)
{
	c->files = atomic_load_explicit(&p->files, memory_order_relaxed);
	c->bytes = atomic_load_explicit(&p->bytes, memory_order_relaxed);
	c->items = atomic_load_explicit(&p->items, memory_order_relaxed);
}

void progress_note(struct progress *p, const char *note)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	snprintf(p->note, sizeof p->note, "%s", note ? note : "");
	pthread_mutex_unlock(&p->mu);
}

void progress_tick(struct progress *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	tick(p);
	pthread_mutex_unlock(&p->mu);
}

void progress_pause(struct progress *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	p->paused++;
	clear(p);
	pthread_mutex_unlock(&p->mu);
}

void progress_resume(struct progress *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->mu);
	if (p->paused)
		p->paused--;
	tick(p);
	pthread_mutex_unlock(&p->mu);
}

void progress_end(struct progress *p)
{
	if (!p)
		return;
	if (p->threaded) {
		pthread_mutex_lock(&p->mu);
		p->stop = 1;
		pthread_cond_signal(&p->wake);
		pthread_mutex_unlock(&p->mu);
		pthread_join(p->thread, NULL);
		pthread_cond_destroy(&p->wake);
	}
	pthread_mutex_lock(&p->mu);
	clear(p);
	pthread_mutex_unlock(&p->mu);
	pthread_mutex_destroy(&p->mu);
	atomic_store(&line_shown, 0);
	atomic_store(&line_writing, IDLE);
	atomic_store(&line_fd, -1);
	free(p);
}

void progress_abandon(void)
{
	int fd = atomic_load(&line_fd);
	if (fd < 0)
		return;
	/* wait for a drawing under way to end, then take the line for good */
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	uint64_t until = (uint64_t)t.tv_sec * NS_PER_S +
			 (uint64_t)t.tv_nsec + 100 * NS_PER_MS;
	for (;;) {
		int idle = IDLE;
		if (atomic_compare_exchange_strong(&line_writing, &idle,
						   ABANDONED))
			break;
		if (idle == ABANDONED)
			return;
		clock_gettime(CLOCK_MONOTONIC, &t);
		if ((uint64_t)t.tv_sec * NS_PER_S + (uint64_t)t.tv_nsec >=
		    until) {
			/* a write that does not end, or this very thread's,
			 * interrupted */
			atomic_store(&line_writing, ABANDONED);
			break;
		}
	}
	if (atomic_load(&line_shown)) {
		ssize_t w = write(fd, "\r" ERASE, sizeof "\r" ERASE - 1);
		(void)w;
	}
}
