/* term: the terminal, through ncursesw.  The only module that includes
 * curses.h: it sets the terminal up and always puts it back, reads keys as
 * wide characters (and the mouse wheel), and copies a screen of cells out,
 * only the rows that changed.  It makes ncurses measure every character as
 * the layout does: the program's own wcwidth() and wcswidth(), which
 * libncursesw's calls resolve to, count with width_char() (base/width.h). */
#ifndef KANBAO_TERM_H
#define KANBAO_TERM_H

#include "kanbao/base/err.h"
#include "kanbao/ui/keys.h"
#include "kanbao/ui/screen.h"

enum term_color { TERM_COLOR_AUTO, TERM_COLOR_NEVER, TERM_COLOR_ALWAYS };

struct term_opts {
	enum term_color color; /* AUTO honours NO_COLOR and the terminal */
	int mouse; /* report the mouse wheel (takes the mouse from the
		      terminal's own selection) */
	const char *file; /* the corpus file mapped, named if it shrinks
			     under the reader (SIGBUS); or NULL */
};

/* Check that the locale is UTF-8 and that ncurses will measure characters
 * with this program's wcwidth() (the program exports it; see term.c).
 * ERR_OK, or ERR_ENV with one line saying what is wrong.  Call before
 * term_start, after setlocale. */
enum err_code term_check_locale(struct err *e);

/* Take the terminal (full screen, no echo, raw keys).  ERR_ENV when TERM is
 * unset or unknown.  Terminating signals (SIGTERM, SIGHUP, SIGINT,
 * SIGQUIT) make term_read return -1; term_stop is also run at exit. */
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
