/* term: the terminal through ncursesw (see include/kanbao/ui/term.h). */
#define _XOPEN_SOURCE_EXTENDED 1
#include "kanbao/ui/term.h"

#include <curses.h>
#include <term.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <limits.h>
#include <poll.h>
#include <resolv.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <termios.h>
#include <wchar.h>

#include "kanbao/base/utf8.h"
#include "kanbao/base/width.h"

static SCREEN *scr; /* NULL when the terminal is ours no more */
static FILE *tty_in; /* /dev/tty when standard input is not a terminal */
static volatile sig_atomic_t caught; /* a terminating signal */
static struct screen shown; /* what the terminal shows, to skip rows */
static attr_t attrs[ATTR_COUNT]; /* enum attr -> curses attributes */

/* What puts the terminal back when the program dies of a fault (SIGSEGV,
 * SIGBUS, SIGABRT...), where ncurses cannot be called: worked out at the
 * start, written by the handler with write(2) and tcsetattr(3) only. */
static const int faults[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL };
static struct {
	char seq[512]; /* attributes off, mouse off, keypad off, cursor on,
			  the normal screen */
	size_t len;
	struct termios tio; /* the modes before ncurses took the terminal */
	int fd; /* whose modes, or -1 */
	char bus[PATH_MAX + 96]; /* the line for SIGBUS: the file shrank */
	size_t bus_len;
} fault = { .fd = -1 };

static void on_signal(int sig)
{
	caught = sig;
}

int term_signal(void)
{
	return caught;
}

/* Capability `name` of the terminal set up, or NULL. */
static const char *cap(const char *name)
{
	const char *v = tigetstr(name);
	return v == (char *)-1 ? NULL : v;
}

static void fault_add(const char *v)
{
	size_t n = v ? strlen(v) : 0;
	if (n && n < sizeof fault.seq - fault.len) {
		memcpy(fault.seq + fault.len, v, n);
		fault.len += n;
	}
}

static void fault_write(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

/* ---- the widths ncurses measures with ------------------------------------
 *
 * ncurses places every character it is given where wcwidth() says: a wide
 * one takes two cells and moves the cursor two columns.  The layout
 * measures with width_char(), which counts the East Asian Ambiguous
 * characters as two columns on a terminal that draws them so, where the C
 * library counts one, and which differs from glibc on a few characters
 * outside the Chinese ranges.  So the program defines wcwidth() and
 * wcswidth() itself: the dynamic linker finds a program's definitions
 * before the C library's, so libncursesw's calls come here (as they would to
 * the wcwidth-cjk preload library), and ncurses measures each character
 * kanbao draws as the layout does.  What kanbao never draws (controls,
 * invisible format characters, what is not a character) is measured by
 * the C library's own, as before.  meson.build exports both names. */

static int (*c_wcwidth)(wchar_t); /* the C library's, found at first use */

static int libc_wcwidth(wchar_t c)
{
	int (*f)(wchar_t) = __atomic_load_n(&c_wcwidth, __ATOMIC_RELAXED);
	if (!f) {
		void *p = dlsym(RTLD_NEXT, "wcwidth");
		if (!p)
			return c == 0 ? 0 : -1; /* no C library's: not drawn */
		memcpy(&f, &p, sizeof f);
		__atomic_store_n(&c_wcwidth, f, __ATOMIC_RELAXED);
	}
	return f(c);
}

int wcwidth(wchar_t c)
{
	uint32_t uc = (uint32_t)c;
	/* what screen_text() puts in a cell as it is (a character drawn as
	 * a picture or a space is stored as that) */
	if (c > 0 && uc <= 0x10FFFF && (uc < 0xD800 || uc > 0xDFFF) &&
	    utf8_classify(uc) == UTF8_KEEP)
		return width_char(uc);
	return libc_wcwidth(c);
}

int wcswidth(const wchar_t *s, size_t n)
{
	int cols = 0;
	for (size_t i = 0; i < n && s[i]; i++) {
		int w = wcwidth(s[i]);
		if (w < 0)
			return -1;
		cols += w;
	}
	return cols;
}

enum err_code term_check_locale(struct err *e)
{
	const char *cs = nl_langinfo(CODESET);
	if (strcmp(cs, "UTF-8"))
		return err_set(e, ERR_ENV, "needs a UTF-8 locale, e.g. "
			       "LANG=C.UTF-8 (this one is %s)", cs);
	/* ncurses calls the wcwidth() the dynamic linker finds first; were
	 * it the C library's (the program linked without exporting its
	 * own), every line holding a character the two count differently
	 * would end off by a column, “ on a wide terminal first of all. */
	void *found = dlsym(RTLD_DEFAULT, "wcwidth");
	int (*mine)(wchar_t) = wcwidth;
	void *own;
	memcpy(&own, &mine, sizeof own);
	if (found != own)
		return err_set(e, ERR_ENV, "ncurses would measure text with "
			       "the C library's wcwidth(), not kanbao's: the "
			       "program was linked without exporting it");
	return ERR_OK;
}

/* ---- asking the terminal -----------------------------------------------
 *
 * As vim does (its t_u7): write an Ambiguous character at the start of the
 * cursor's line, ask where the cursor is, and see whether it moved one
 * column or two.  Before ncurses takes the terminal, on the line the shell
 * left the cursor on, which the blanking puts back as it was. */

static const char ask_char[] = "\xE2\x80\x9C"; /* “ */

/* What one asking brought. */
struct asked {
	enum term_answer answer;
	char rest[128]; /* keys typed meanwhile: bytes read that were not
			   the answer */
	size_t nrest;
};

static long long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void put(int fd, const char *s)
{
	fault_write(fd, s, strlen(s));
}

/* The cursor position report "ESC [ row ; col R" in the `n` bytes at
 * `b`: its column, with where it starts and how long it is; -1 when there
 * is none (yet). */
static int report(const char *b, size_t n, size_t *at, size_t *len)
{
	for (size_t i = 0; i + 1 < n; i++) {
		if (b[i] != '\033' || b[i + 1] != '[')
			continue;
		size_t j = i + 2;
		int field = 0, col = 0, digits = 0;
		for (; j < n; j++) {
			char c = b[j];
			if (c >= '0' && c <= '9' && digits < 5) {
				if (field)
					col = col * 10 + (c - '0');
				digits++;
			} else if (c == ';' && !field && digits) {
				field = 1;
				digits = 0;
			} else {
				break;
			}
		}
		if (j < n && b[j] == 'R' && field && digits) {
			*at = i;
			*len = j + 1 - i;
			return col;
		}
	}
	return -1;
}

/* Ask the terminal that reads `in` and shows `out` with `request` (u7),
 * into `a`.  The terminal's modes are as they were after. */
static void ask(int in, int out, const char *request, struct asked *a)
{
	struct termios was, quiet;
	a->nrest = 0;
	a->answer = TERM_ANSWER_NOT_TTY;
	/* a job in the background would be stopped by the mode change */
	if (!isatty(in) || !isatty(out) || tcgetpgrp(in) != getpgrp() ||
	    tcgetattr(in, &was) < 0)
		return;
	quiet = was;
	/* no echo of the answer; Ctrl-C comes as a byte, kept with the
	 * keys typed, so the terminal is never left in this mode */
	quiet.c_lflag &= (tcflag_t)~(ICANON | ECHO | ISIG);
	quiet.c_cc[VMIN] = 0;
	quiet.c_cc[VTIME] = 0;
	if (tcsetattr(in, TCSANOW, &quiet) < 0)
		return;
	char b[sizeof a->rest + 32];
	size_t n = 0, at = 0, len = 0;
	int col = -1;
	/* in one write: one packet over SSH */
	snprintf(b, sizeof b, "\r%s%s", ask_char, request);
	put(out, b);
	for (long long end = now_ms() + TERM_ASK_MS; n < sizeof b;) {
		long long left = end - now_ms();
		struct pollfd p = { .fd = in, .events = POLLIN };
		if (left <= 0)
			break;
		int r = poll(&p, 1, (int)left);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		ssize_t got = read(in, b + n, sizeof b - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		n += (size_t)got;
		if ((col = report(b, n, &at, &len)) >= 0)
			break;
	}
	put(out, "\r  \r");
	tcsetattr(in, TCSANOW, &was);
	if (col >= 0) {
		memmove(b + at, b + at + len, n - at - len);
		n -= len;
	}
	a->nrest = n < sizeof a->rest ? n : sizeof a->rest;
	memcpy(a->rest, b, a->nrest);
	/* the cursor was in column 1: “ took one column or two; any other
	 * answer (a terminal not in UTF-8) says nothing */
	a->answer = col == 2 ? TERM_ANSWER_NARROW
		  : col == 3 ? TERM_ANSWER_WIDE
			     : TERM_ANSWER_NONE;
}

/* terminfo's cursor position request of the terminal set up into `req`
 * ("" when it has none, or a long one). */
static void request_of(char *req, size_t size)
{
	const char *u7 = cap("u7");
	if (!u7 || strlen(u7) >= size)
		u7 = "";
	memcpy(req, u7, strlen(u7) + 1);
}

enum term_answer term_ask_ambiguous(void)
{
	const char *term = getenv("TERM");
	char req[32];
	int found, in = STDIN_FILENO;
	if (!isatty(STDOUT_FILENO))
		return TERM_ANSWER_NOT_TTY;
	if (!term || !*term || setupterm(term, STDOUT_FILENO, &found) != OK)
		return TERM_ANSWER_NO_REQUEST;
	request_of(req, sizeof req);
	del_curterm(cur_term);
	if (!*req)
		return TERM_ANSWER_NO_REQUEST;
	if (!isatty(in))
		in = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	struct asked a;
	ask(in, STDOUT_FILENO, req, &a);
	if (in != STDIN_FILENO && in >= 0)
		close(in);
	return a.answer;
}

/* The Ambiguous characters' width as `want` says, asking the terminal
 * with `request` (AUTO) into `a`. */
static void settle_ambiguous(enum term_ambiguous want, const char *request,
			     struct asked *a)
{
	if (want == TERM_AMBIGUOUS_AUTO && *request)
		ask(tty_in ? fileno(tty_in) : STDIN_FILENO, STDOUT_FILENO,
		    request, a);
	width_set_ambiguous(want == TERM_AMBIGUOUS_WIDE ||
			    (want == TERM_AMBIGUOUS_AUTO &&
			     a->answer == TERM_ANSWER_WIDE));
}

/* An answer that comes after the deadline would reach ncurses as keys
 * (Esc, [, digits: back to the list, an article ID): every report the
 * request can bring ("ESC [ row ; 2 R" or "; 3 R", the row the cursor was
 * on) is made a key of its own, which nothing is bound to. */
static void swallow_late_answer(void)
{
	enum { LATE_ANSWER = 0x7F00 }; /* a code ncurses gives no key */
	char seq[32];
	for (int row = 1; row <= LINES && row < 10000; row++)
		for (int col = 2; col <= 3; col++) {
			snprintf(seq, sizeof seq, "\033[%d;%dR", row, col);
			define_key(seq, LATE_ANSWER);
		}
}

static void on_fault(int sig)
{
	static const char msg[] = "kanbao: internal error (a fatal signal); "
				  "the terminal was put back\n";
	fault_write(STDOUT_FILENO, fault.seq, fault.len);
	if (fault.fd >= 0)
		tcsetattr(fault.fd, TCSADRAIN, &fault.tio);
	if (sig == SIGBUS && fault.bus_len)
		fault_write(STDERR_FILENO, fault.bus, fault.bus_len);
	else
		fault_write(STDERR_FILENO, msg, sizeof msg - 1);
	/* SA_RESETHAND made the action the default again: a kill ends the
	 * program here, a fault when the instruction runs again. */
	raise(sig);
}

static void catch_fault(int sig)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_fault;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESETHAND | SA_NODEFER;
	sigaction(sig, &sa, NULL);
}

/* Work out what on_fault writes, while terminfo is loaded. */
static void fault_prepare(const struct term_opts *o, int in_fd)
{
	fault.len = 0;
	fault_add(cap("sgr0"));
	if (o->mouse && cap("kmous") && *cap("kmous")) {
		/* ncurses switches xterm's mouse reports with XM, or with
		 * this where the entry has none (lib_mouse.c) */
		const char *xm = cap("XM");
		fault_add(xm ? tiparm(xm, 0) : "\033[?1000l");
	}
	fault_add(cap("rmkx"));
	fault_add(cap("cnorm"));
	fault_add(cap("rmcup"));
	fault.fd = tcgetattr(in_fd, &fault.tio) == 0 ? in_fd : -1;
	fault.bus_len = 0;
	if (o->file) {
		int n = snprintf(fault.bus, sizeof fault.bus,
				 "kanbao: %s: the file shrank while it was "
				 "open (SIGBUS)\n",
				 o->file);
		if (n > 0 && (size_t)n < sizeof fault.bus)
			fault.bus_len = (size_t)n;
	}
}

static void catch(int sig)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART: reads return EINTR */
	sigaction(sig, &sa, NULL);
}

static void colors(enum term_color mode)
{
	static const struct {
		attr_t mono; /* works on any terminal */
		short fg; /* -1: the terminal's own */
	} map[ATTR_COUNT] = {
		[ATTR_NORMAL] = { A_NORMAL, -1 },
		[ATTR_TITLE] = { A_BOLD, COLOR_YELLOW },
		[ATTR_SUBTITLE] = { A_BOLD, -1 },
		[ATTR_META] = { A_DIM, COLOR_CYAN },
		[ATTR_HEAD] = { A_BOLD, COLOR_GREEN },
		[ATTR_LIST_ID] = { A_DIM, COLOR_CYAN },
		[ATTR_SELECTED] = { A_REVERSE, -1 },
		[ATTR_SELECTED_DIM] = { A_UNDERLINE, -1 },
		[ATTR_STATUS] = { A_REVERSE, -1 },
		[ATTR_MESSAGE] = { A_NORMAL, -1 },
		[ATTR_ERROR] = { A_BOLD, COLOR_RED },
		[ATTR_BORDER] = { A_DIM, COLOR_BLUE },
		[ATTR_HELP_KEY] = { A_BOLD, -1 },
		[ATTR_HIT] = { A_REVERSE, -1 },
		[ATTR_HIT_CURRENT] = { A_REVERSE | A_BOLD, COLOR_YELLOW },
		[ATTR_COUNT_MARK] = { A_BOLD, COLOR_MAGENTA },
		[ATTR_UNREAD] = { A_BOLD, -1 },
		[ATTR_RULER] = { A_DIM, -1 },
		[ATTR_BOOKMARK] = { A_BOLD, COLOR_MAGENTA },
	};
	const char *no_color = getenv("NO_COLOR"); /* set and not empty */
	int use = mode == TERM_COLOR_ALWAYS ||
		  (mode == TERM_COLOR_AUTO && !(no_color && *no_color) &&
		   has_colors());
	if (use && start_color() == OK) {
		use_default_colors(); /* keep the terminal's background */
	} else {
		use = 0;
	}
	for (int a = 0; a < ATTR_COUNT; a++) {
		attrs[a] = map[a].mono;
		if (use && map[a].fg >= 0 && a < COLOR_PAIRS &&
		    map[a].fg < COLORS) {
			init_pair((short)a, map[a].fg, -1);
			attrs[a] |= COLOR_PAIR(a);
		}
	}
}

enum err_code term_start(const struct term_opts *o, struct err *e)
{
	const char *term = getenv("TERM");
	if (!term || !*term)
		return err_set(e, ERR_ENV, "TERM is not set: cannot drive "
			       "the terminal");
	if (!isatty(STDIN_FILENO)) {
		/* keys come from the terminal, as less reads them */
		tty_in = fopen("/dev/tty", "r");
		if (!tty_in)
			return err_errno(e, errno, "/dev/tty");
	}
	/* Look the terminal up first: newterm() would leak what it set up
	 * for a type it then fails to find. */
	int found;
	if (setupterm(term, STDOUT_FILENO, &found) != OK) {
		if (tty_in)
			fclose(tty_in), tty_in = NULL;
		return err_set(e, ERR_ENV, "unknown terminal type '%s' (TERM): "
			       "not in the terminfo database", term);
	}
	const char *cup = cap("cup");
	char req[32];
	request_of(req, sizeof req);
	if (cup)
		fault_prepare(o, tty_in ? fileno(tty_in) : STDIN_FILENO);
	del_curterm(cur_term);
	if (!cup) {
		if (tty_in)
			fclose(tty_in), tty_in = NULL;
		return err_set(e, ERR_ENV, "terminal type '%s' (TERM) cannot "
			       "move the cursor: a full-screen reader needs "
			       "one that can", term);
	}
	struct asked a = { .answer = TERM_ANSWER_NOT_TTY };
	settle_ambiguous(o->ambiguous, req, &a);
	scr = newterm(NULL, stdout, tty_in ? tty_in : stdin);
	if (!scr) {
		if (tty_in)
			fclose(tty_in), tty_in = NULL;
		return err_set(e, ERR_ENV, "cannot set up terminal type '%s'",
			       term);
	}
	set_term(scr);
	atexit(term_stop);
	catch(SIGTERM);
	catch(SIGHUP);
	catch(SIGINT);
	catch(SIGQUIT);
	for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++)
		catch_fault(faults[i]);
	raw(); /* Ctrl-C and Ctrl-Z come as keys */
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	leaveok(stdscr, TRUE);
	idlok(stdscr, TRUE); /* let ncurses scroll lines rather than resend them */
	curs_set(0);
	set_escdelay(25);
	if (o->mouse) /* the wheel, and clicks of the first button */
		mousemask(BUTTON4_PRESSED | BUTTON5_PRESSED | BUTTON1_CLICKED |
				  BUTTON1_DOUBLE_CLICKED,
			  NULL);
	colors(o->color);
	if (a.answer == TERM_ANSWER_NONE)
		swallow_late_answer();
	/* keys typed while the terminal was asked, to be read first (the
	 * last pushed back is read first) */
	for (size_t i = a.nrest; i-- > 0;)
		ungetch((unsigned char)a.rest[i]);
	screen_free(&shown);
	return ERR_OK;
}

void term_stop(void)
{
	if (!scr)
		return;
	for (size_t i = 0; i < sizeof faults / sizeof faults[0]; i++)
		signal(faults[i], SIG_DFL);
	curs_set(1);
	endwin();
	delscreen(scr);
	scr = NULL;
	if (tty_in)
		fclose(tty_in), tty_in = NULL;
	screen_free(&shown);
}

void term_size(int *w, int *h)
{
	getmaxyx(stdscr, *h, *w);
}

static uint32_t mapped(int key)
{
	switch (key) {
	case KEY_UP: return KB_UP;
	case KEY_DOWN: return KB_DOWN;
	case KEY_LEFT: return KB_LEFT;
	case KEY_RIGHT: return KB_RIGHT;
	case KEY_PPAGE: return KB_PGUP;
	case KEY_NPAGE: return KB_PGDN;
	case KEY_HOME: return KB_HOME;
	case KEY_END: return KB_END;
	case KEY_ENTER: return KB_ENTER;
	case KEY_BACKSPACE: return KB_BACKSPACE;
	case KEY_F(1): return KB_F1;
	case KEY_RESIZE: return KB_RESIZE;
	}
	return 0;
}

int term_read(struct key *k, int ms)
{
	/* Wake up now and then to see a signal. */
	enum { NAP = 500 };
	for (;;) {
		wint_t ch;
		if (caught)
			return -1;
		timeout(ms >= 0 && ms < NAP ? ms : NAP);
		int r = get_wch(&ch);
		if (caught)
			return -1;
		if (r == ERR) {
			/* a timeout or an interrupted read: look again; a
			 * terminal that is gone is a hang-up */
			if (!isatty(tty_in ? fileno(tty_in) : STDIN_FILENO))
				return -1;
			if (ms >= 0 && (ms -= NAP) <= 0)
				return 0;
			continue;
		}
		*k = (struct key){ 0, 0, 0 };
		if (r == KEY_CODE_YES && ch == KEY_MOUSE) {
			MEVENT ev;
			if (getmouse(&ev) != OK)
				continue;
			if (ev.bstate & BUTTON4_PRESSED)
				k->code = KB_WHEEL_UP;
			else if (ev.bstate & BUTTON5_PRESSED)
				k->code = KB_WHEEL_DOWN;
			else if (ev.bstate & BUTTON1_DOUBLE_CLICKED)
				k->code = KB_DOUBLE_CLICK;
			else if (ev.bstate & BUTTON1_CLICKED)
				k->code = KB_CLICK;
			else
				continue;
			k->row = ev.y;
			k->col = ev.x;
			return 1;
		}
		k->code = r == KEY_CODE_YES ? mapped((int)ch) : (uint32_t)ch;
		if (k->code)
			return 1;
	}
}

static int same_row(const struct screen *a, const struct screen *b, int row)
{
	return a->w == b->w && a->h == b->h &&
	       !memcmp(&a->cells[row * a->w], &b->cells[row * b->w],
		       (size_t)a->w * sizeof a->cells[0]);
}

/* Write one row: runs of one attribute, the right halves of wide
 * characters skipped, trailing blanks cleared rather than written (and the
 * bottom-right cell never written, so the terminal never scrolls). */
static void draw_row(const struct screen *s, int row)
{
	const struct cell *c = &s->cells[row * s->w];
	int end = s->w;
	while (end > 0 && c[end - 1].ch == ' ' &&
	       attrs[c[end - 1].attr] == attrs[ATTR_NORMAL])
		end--;
	if (row == s->h - 1 && end == s->w)
		end--;
	wchar_t run[512];
	move(row, 0);
	for (int col = 0; col < end;) {
		uint8_t a = c[col].attr;
		int n = 0;
		while (col < end && c[col].attr == a && n < 511) {
			if (c[col].ch)
				run[n++] = (wchar_t)c[col].ch;
			col++;
		}
		run[n] = 0;
		attrset(attrs[a]);
		addnwstr(run, n);
	}
	attrset(A_NORMAL);
	if (end < s->w)
		clrtoeol();
}

void term_draw(const struct screen *s, int full)
{
	if (full || shown.w != s->w || shown.h != s->h) {
		if (screen_resize(&shown, s->w, s->h) < 0)
			return;
		for (int i = 0; i < s->w * s->h; i++)
			shown.cells[i].ch = 0xFFFFFFFF; /* differs from all */
		if (full)
			clearok(curscr, TRUE);
	}
	for (int row = 0; row < s->h; row++) {
		if (same_row(s, &shown, row))
			continue;
		draw_row(s, row);
		memcpy(&shown.cells[row * s->w], &s->cells[row * s->w],
		       (size_t)s->w * sizeof s->cells[0]);
	}
	/* The cursor shows where typing goes in the search bar, else not. */
	if (s->cursor_row >= 0 && s->cursor_col >= 0 && s->cursor_col < s->w) {
		leaveok(stdscr, FALSE);
		curs_set(1);
		move(s->cursor_row, s->cursor_col);
	} else {
		leaveok(stdscr, TRUE);
		curs_set(0);
	}
	wnoutrefresh(stdscr);
	doupdate();
}

int term_copy(const char *text, size_t n)
{
	/* base64 from glibc's libresolv: 4 characters per 3 bytes, a NUL */
	size_t room = (n + 2) / 3 * 4 + 1;
	char *b64 = malloc(room);
	if (!b64)
		return -1;
	int len = b64_ntop((const unsigned char *)text, n, b64, room);
	if (len < 0) {
		free(b64);
		return -1;
	}
	/* OSC 52, clipboard "c", ended by ST; after the frame, so curses
	 * has written all it had */
	fputs("\033]52;c;", stdout);
	fwrite(b64, 1, (size_t)len, stdout);
	fputs("\033\\", stdout);
	fflush(stdout);
	free(b64);
	return 0;
}

void term_suspend(void)
{
	/* ncurses' own SIGTSTP handler puts the terminal back before the
	 * stop and takes it again on SIGCONT. */
	raise(SIGTSTP);
	screen_free(&shown); /* redraw everything */
}
