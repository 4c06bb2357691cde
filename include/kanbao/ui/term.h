/* term: the terminal, through ncursesw.  The only module that includes
 * curses.h: it sets the terminal up and always puts it back, reads keys as
 * wide characters (and the mouse wheel and clicks), and copies a screen of
 * cells out, only the rows that changed.  It asks the terminal how wide it
 * draws the East Asian Ambiguous characters (“ ” ‘ ’ … — ·), and it makes
 * ncurses measure every character as the layout does: the program's own
 * wcwidth() and wcswidth(), which libncursesw's calls resolve to, count
 * with width_char() (base/width.h). */
#ifndef KANBAO_TERM_H
#define KANBAO_TERM_H

#include "kanbao/base/err.h"
#include "kanbao/ui/keys.h"
#include "kanbao/ui/screen.h"

enum term_color { TERM_COLOR_AUTO, TERM_COLOR_NEVER, TERM_COLOR_ALWAYS };

/* How wide the East Asian Ambiguous characters are laid out: as the
 * terminal answers (AUTO), one column or two. */
enum term_ambiguous {
	TERM_AMBIGUOUS_AUTO,
	TERM_AMBIGUOUS_NARROW,
	TERM_AMBIGUOUS_WIDE,
};

/* What asking the terminal brought. */
enum term_answer {
	TERM_ANSWER_NOT_TTY, /* not asked: standard output is not the
				terminal of this process's foreground */
	TERM_ANSWER_NO_REQUEST, /* not asked: the terminal type (TERM) is
				   unknown or has no cursor position request
				   (terminfo's u7) */
	TERM_ANSWER_NONE, /* asked, no answer within TERM_ASK_MS */
	TERM_ANSWER_NARROW, /* the terminal draws them one column wide */
	TERM_ANSWER_WIDE, /* two columns */
};

/* How long the terminal is given to answer, in milliseconds: an answer
 * takes one round trip (well under a millisecond on this machine, tens
 * over most SSH connections); a terminal that never answers costs this
 * once, at start. */
enum { TERM_ASK_MS = 100 };

struct term_opts {
	enum term_color color; /* AUTO honours NO_COLOR and the terminal */
	int mouse; /* report the mouse wheel and clicks (takes the mouse
		      from the terminal's own selection: Shift gives it
		      back while held, in xterm and most others) */
	const char *file; /* the corpus file mapped, named if it shrinks
			     under the reader (SIGBUS); or NULL */
	enum term_ambiguous ambiguous; /* AUTO asks the terminal */
};

/* Check that the locale is UTF-8 and that ncurses will measure characters
 * with this program's wcwidth() (the program exports it; see term.c).
 * ERR_OK, or ERR_ENV with one line saying what is wrong.  Call before
 * term_start, after setlocale. */
enum err_code term_check_locale(struct err *e);

/* Ask the terminal on standard output how wide it draws the East Asian
 * Ambiguous characters: one of them written at the start of the cursor's
 * line, the cursor position requested (ESC [ 6 n), the answer awaited for
 * at most TERM_ASK_MS, what was written blanked again.  Keys typed
 * meanwhile are lost (the reader's term_start keeps them).  The caller
 * applies the answer (width_set_ambiguous). */
enum term_answer term_ask_ambiguous(void);

/* Take the terminal (full screen, no echo, raw keys).  ERR_ENV when TERM is
 * unset or unknown.  First the Ambiguous characters' width is settled
 * (width_set_ambiguous): as o->ambiguous says, or with AUTO as the
 * terminal answers (narrow without an answer; an answer that comes late
 * is swallowed, not read as keys).  Terminating signals (SIGTERM, SIGHUP,
 * SIGINT, SIGQUIT) make term_read return -1; term_stop is also run at
 * exit. */
enum err_code term_start(const struct term_opts *o, struct err *e);

/* Give the terminal back as it was.  Safe to call twice. */
void term_stop(void);

/* The terminal's size now. */
void term_size(int *w, int *h);

/* Wait for a key, for at most `ms` milliseconds (-1: as long as it
 * takes).  1 and the key; 0 when the time passed without one; -1 when a
 * terminating signal came or input ended. */
int term_read(struct key *k, int ms);

/* Copy the screen out (only rows that changed, unless `full`) and show it. */
void term_draw(const struct screen *s, int full);

/* Put `n` bytes of text on the clipboard of the terminal the user sits at,
 * with the OSC 52 sequence, which crosses SSH and tmux (with tmux's
 * set-clipboard on).  The text goes in base64: no byte of it reaches the
 * terminal raw.  The only escape sequence kanbao writes on purpose.
 * 0, or -1 when out of memory. */
int term_copy(const char *text, size_t n);

/* Stop for the shell (Ctrl-Z); returns when continued. */
void term_suspend(void);

/* The signal that stopped term_read, or 0. */
int term_signal(void);

#endif
