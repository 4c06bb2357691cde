/* opt: getopt_long, with usage errors that name the option as typed (see
 * include/kanbao/base/opt.h). */
#include "kanbao/base/opt.h"

#include <stdio.h>
#include <string.h>

void opt_start(struct opt *o, int argc, char **argv, const char *shorts,
	       const struct option *longs)
{
	memset(o, 0, sizeof *o);
	o->argc = argc;
	o->argv = argv;
	o->shorts = shorts;
	o->longs = longs;
	/* 0, not 1: glibc then forgets a half-read cluster of short
	 * options from an earlier command line too. */
	optind = 0;
	opterr = 0;
}

/* The long option holding `val` whose name begins with the `len` bytes of
 * `name` (getopt takes any unambiguous beginning); NULL when none does. */
static const struct option *long_named(const struct opt *o, const char *name,
				       size_t len, int val)
{
	for (const struct option *l = o->longs; l->name; l++)
		if (l->val == val && !strncmp(l->name, name, len))
			return l;
	return NULL;
}

/* Whether short option `c` takes a value. */
static int short_takes_value(const struct opt *o, int c)
{
	const char *s = c && c != ':' ? strchr(o->shorts, c) : NULL;
	return s && s[1] == ':';
}

/* Word `w`, which getopt found no one long option for: unknown, or the
 * beginning of several (each named once, though --color and --colour
 * share theirs). */
static int unknown_long(const struct opt *o, const char *w, struct err *e)
{
	const char *name = w + strspn(w, "-");
	size_t len = strcspn(name, "=");
	char alts[ERR_MSG_MAX] = "";
	size_t used = 0;
	int found = 0;
	for (const struct option *l = o->longs; l->name; l++) {
		if (strncmp(l->name, name, len) ||
		    long_named(o, name, len, l->val) != l)
			continue;
		found++;
		int n = snprintf(alts + used, sizeof alts - used, "%s--%s",
				 found > 1 ? ", " : "", l->name);
		if (n > 0 && (size_t)n < sizeof alts - used)
			used += (size_t)n;
	}
	if (found > 1)
		return err_set(e, ERR_USAGE, "option '%.*s' is ambiguous: %s "
			       "(see --help)", (int)(name - w + len), w, alts);
	return err_set(e, ERR_USAGE, "unknown option '%.*s' (see --help)",
		       (int)(name - w + len), w);
}

/* getopt_long refused an option ('?'): say which and why.  getopt leaves
 * optopt 0 for a long option it could not name, else the option's val
 * (for a long one as for a short one); argv[optind - 1] is the word it
 * read last, the option's own when the option is long or ends its
 * cluster of short ones, the word before when it is inside a cluster. */
static int refused(const struct opt *o, struct err *e)
{
	int c = optopt;
	const char *w = optind > 0 ? o->argv[optind - 1] : "";
	if (!c)
		return unknown_long(o, w, e);
	if (!strncmp(w, "--", 2)) {
		size_t len = strcspn(w + 2, "=");
		const struct option *l = long_named(o, w + 2, len, c);
		if (l && w[2 + len] == '=' && l->has_arg == no_argument)
			return err_set(e, ERR_USAGE, "%.*s takes no value "
				       "(see --help)", (int)(2 + len), w);
		if (l && !w[2 + len] && l->has_arg == required_argument)
			return err_set(e, ERR_USAGE, "%s needs a value (see "
				       "--help)", w);
	}
	if (short_takes_value(o, c))
		return err_set(e, ERR_USAGE, "-%c needs a value (see --help)",
			       c);
	if (c > ' ' && c < 0x7F)
		return err_set(e, ERR_USAGE, "unknown option '-%c' (see "
			       "--help)", c);
	return err_set(e, ERR_USAGE, "unknown option byte 0x%02X (see "
		       "--help)", (unsigned)c & 0xFF);
}

/* Whether word `w` is one of the options spelt out, as a forgotten value
 * leaves the next option in its place: "--count", "--quiet", "-q". */
static int is_option(const struct opt *o, const char *w)
{
	if (w[0] == '-' && w[1] && w[1] != '-' && !w[2])
		return strchr(o->shorts, w[1]) && w[1] != ':';
	if (strncmp(w, "--", 2))
		return 0;
	size_t len = strcspn(w + 2, "=");
	for (const struct option *l = o->longs; l->name; l++)
		if (strlen(l->name) == len && !strncmp(l->name, w + 2, len))
			return 1;
	return 0;
}

int opt_next(struct opt *o, struct err *e)
{
	int idx = -1;
	int c = getopt_long(o->argc, o->argv, o->shorts, o->longs, &idx);
	if (c == -1)
		return OPT_END;
	if (c == '?' || c == ':') {
		refused(o, e);
		return OPT_BAD;
	}
	o->arg = optarg;
	/* the value a word of its own ("-p 3"), not attached ("-p3") */
	int apart = optarg && optarg == o->argv[optind - 1];
	if (idx >= 0) {
		const char *w = o->argv[optind - 1 - apart];
		snprintf(o->word, sizeof o->word, "%.*s",
			 (int)strcspn(w, "="), w);
	} else {
		snprintf(o->word, sizeof o->word, "-%c", c);
	}
	if (!optarg)
		return c;
	if (apart && is_option(o, optarg)) {
		err_set(e, ERR_USAGE, "%s needs a value (see --help)",
			o->word);
		return OPT_BAD;
	}
	if (c > 0 && c < 256) {
		unsigned char bit = (unsigned char)(1u << (c % 8));
		if (o->given[c / 8] & bit) {
			err_set(e, ERR_USAGE, "%s given twice (see --help)",
				o->word);
			return OPT_BAD;
		}
		o->given[c / 8] |= bit;
	}
	return c;
}
