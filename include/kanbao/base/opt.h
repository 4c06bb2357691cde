/* opt: the command line of both programs, read with getopt_long, and the
 * usage errors that getopt leaves vague said in one line that names the
 * option as it was typed ("--colo needs a value", not "-O needs a value").
 *
 * What is generic lives here: an unknown or ambiguous option, a missing
 * value, a value given to an option that takes none, an option with a
 * value given twice (the first value would do nothing).  What goes with
 * what is each program's own (src/reader/main.c, src/build/main.c).
 *
 * A value given as a word of its own may not be one of the program's
 * options spelt out ("--search --count", "-o -q"): the value was forgotten.
 * Attached, it is taken as it is ("--search=--count", "-s--count"). */
#ifndef KANBAO_OPT_H
#define KANBAO_OPT_H

#include <getopt.h>

#include "kanbao/base/err.h"

enum {
	OPT_END = -1, /* opt_next: no more options */
	OPT_BAD = -2, /* opt_next: a usage error, in the struct err */
	OPT_WORD = 32, /* room for an option as typed, with its NUL */
};

struct opt {
	int argc; /* the command line, as main got it */
	char **argv; /* (getopt_long may reorder it: operands go last) */
	const char *shorts; /* getopt's short options: "lp:w:" */
	const struct option *longs; /* the long ones, ending in { 0 } */
	const char *arg; /* the value of the option just read, or NULL */
	char word[OPT_WORD]; /* that option as typed, without its value:
				"--colo", "-p" */
	unsigned char given[32]; /* a bit per val below 256: given with a
				    value already */
};

/* Start reading `argv` with short options `shorts` and long ones `longs`
 * (both kept, not copied).  Resets getopt's globals, so a command line can
 * be read again; getopt prints nothing. */
void opt_start(struct opt *o, int argc, char **argv, const char *shorts,
	       const struct option *longs);

/* The next option: its long option's `val` (its letter when short), with
 * `o->arg` and `o->word` set; OPT_END after the last, when the operands
 * are argv[optind] to argv[argc - 1]; or OPT_BAD, with `e` set to ERR_USAGE
 * and one line ending "(see --help)", for the errors the header names. */
int opt_next(struct opt *o, struct err *e);

#endif
