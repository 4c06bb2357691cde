/* progress: one line on a terminal saying how far long work has got, for
 * kanbao-build (its files), kanbao --verify (its passes over the corpus)
 * and any other long job of either program:
 *
 *   kanbao-build: 12/365 files, 45/1,024 MB, 10,234 articles, 16.3 MB/s, 1:00 left
 *   kanbao --verify: 37% of 1,848 MB, 0:03 elapsed
 *
 * The work counts itself with progress_add, from any thread (the counts
 * are atomic, so import threads need no lock).  The line is drawn by a
 * thread of the progress's own, so it moves even while the work is deep in
 * one long step: at once, then at most every PROGRESS_INTERVAL_MS, in place
 * ('\r', the text, erase to the end of the line: one write(2), which
 * Linux's terminal driver writes whole, never mixed with another write),
 * cut to the terminal's width, and only while the process is in the
 * terminal's foreground (a build sent to the background with & in an
 * interactive shell draws nothing over it).
 *
 * Anything else written to the terminal goes between progress_pause, which
 * clears the line, and progress_resume, after which it is drawn again (at
 * once when the interval has passed since the line was last looked at,
 * else at the next tick).  progress_end clears it for good, progress_abandon from a
 * signal handler.
 *
 * Whether there is a line at all is the program's choice: progress_wanted
 * says whether the descriptor is a terminal that can take one, and the
 * programs add their --quiet.  There is one line per process: one progress
 * at a time. */
#ifndef KANBAO_PROGRESS_H
#define KANBAO_PROGRESS_H

#include <stddef.h>
#include <stdint.h>

/* The shortest time between two drawings of the line: 4 a second. */
enum { PROGRESS_INTERVAL_MS = 250 };

/* The rate is measured over the last 3 s, so that the time left is
 * reckoned from the work under way (a build's files do not all go at one
 * speed, and the page cache warms). */
enum { PROGRESS_WINDOW_MS = 3000 };

/* The longest line drawn, in bytes (and columns: the text is ASCII). */
enum { PROGRESS_LINE_MAX = 160 };

/* What a job is and how its line reads.  Text given here and to
 * progress_note is shown as ASCII: any other byte is drawn as '?'. */
struct progress_spec {
	const char *label; /* the line's start ("kanbao-build"); kept, not
			      copied */
	uint64_t files; /* files to do, shown "3/12 files"; 0: not shown */
	uint64_t bytes; /* bytes of work to do; 0: not known (then neither a
			   total nor a time left is shown) */
	const char *items; /* what the items counted are, plural
			      ("articles"); NULL: not shown */
	uint64_t size; /* 0: the bytes are the input's, shown "45/1,024 MB"
			  with MB/s and the time left; else the bytes are
			  passes over a file of `size` bytes, shown as a share
			  of the work, "37% of 1,848 MB", with the time so
			  far: passes go at unlike speeds (--verify's from 260
			  to 5,500 MB/s), so a rate or a time left would
			  mislead */
	uint64_t (*clock)(void); /* monotonic nanoseconds; NULL: the system's
				    CLOCK_MONOTONIC.  Tests give their own,
				    with progress_new and progress_tick. */
};

/* What has been done, as progress_add counted it. */
struct progress_counts {
	uint64_t files, bytes, items;
};

/* Whether `fd` can show a progress line: a terminal, and TERM is not
 * "dumb" (which cannot erase a line).  1 or 0. */
int progress_wanted(int fd);

/* A progress for the job `s`, drawing on `fd`, started now by s->clock.
 * It draws only when progress_tick is called; the programs use
 * progress_start.  NULL when out of memory, or when another progress is
 * not ended yet (one line per process).  progress_end frees it. */
struct progress *progress_new(int fd, const struct progress_spec *s);

/* progress_new with the system clock (s->clock must be NULL), and a
 * thread that ticks: the line is drawn at once and kept up to date until
 * progress_end.  Signals are blocked on that thread, so the program's
 * handlers never run on it.  NULL as progress_new, or when the thread
 * cannot be made (the job goes on without a line). */
struct progress *progress_start(int fd, const struct progress_spec *s);

/* Count work done: `files` files, `bytes` bytes, `items` items.  From any
 * thread, lock-free; `p` may be NULL (nothing counted). */
void progress_add(struct progress *p, uint64_t files, uint64_t bytes,
		  uint64_t items);

/* The counts so far into `*c`. */
void progress_counts(struct progress *p, struct progress_counts *c);

/* A step of the job after the counted work (kanbao-build's "writing the
 * corpus"), shown near the end of the line with the time so far, in place
 * of the rate and the time left; NULL or "" shows none.  Copied (cut to 48
 * bytes).  `p` may be NULL. */
void progress_note(struct progress *p, const char *note);

/* Draw the line if it is due: never looked at yet, or PROGRESS_INTERVAL_MS
 * since the last look (drawn or not) by s->clock; and the process in the
 * terminal's foreground (or the descriptor not its controlling terminal),
 * and not paused.  Writes nothing when the text is what the terminal shows
 * already.  The thread of progress_start calls it; tests call it
 * themselves.  `p` may be NULL. */
void progress_tick(struct progress *p);

/* Clear the line before writing something else to the terminal (a
 * warning), and keep it off until progress_resume.  Pairs nest.  `p` may
 * be NULL. */
void progress_pause(struct progress *p);
void progress_resume(struct progress *p);

/* Stop the thread, clear the line and free `p`.  `p` may be NULL.  Called
 * when no other thread might run the program's signal handlers on it. */
void progress_end(struct progress *p);

/* For a signal handler about to end the process: clear the line of the
 * progress not ended yet, if it is shown, and draw it never again.
 * Async-signal-safe: it touches only lock-free atomics, clock_gettime and
 * write.  A drawing under way on another thread is waited for (100 ms at
 * most: a terminal stopped with Ctrl-S never finishes one). */
void progress_abandon(void);

/* What the line shows at a moment. */
struct progress_state {
	struct progress_counts done; /* the counts */
	uint64_t elapsed; /* nanoseconds since the start */
	double rate; /* bytes of work a second lately (progress_tick: over
			the last PROGRESS_WINDOW_MS, or since the start when
			sooner), which the time left is reckoned from */
	const char *note; /* progress_note's; NULL or "": none */
};

/* The line's text for the job `s` at `st`, in at most `cols` - 1 columns
 * (the last column of a terminal would wrap): the fields that do not fit
 * give way, the articles first, then the rate, the files, the note, the
 * time and the size; the label is cut last.  The rate and the time left
 * are shown once a second has passed and some work is done, unless the
 * bytes are passes (s->size) or a note says the counted work is over;
 * else the time so far.  Written into
 * `out` (`size` bytes, NUL-terminated); returns its length. */
size_t progress_text(const struct progress_spec *s,
		     const struct progress_state *st, size_t cols, char *out,
		     size_t size);

#endif
