/* Tests for opt: getopt_long with usage errors that name the option as
 * typed. */
#include "test.h"

#include "kanbao/base/opt.h"

static const struct option longs[] = {
	{ "list", no_argument, NULL, 'l' },
	{ "print", required_argument, NULL, 'p' },
	{ "search", required_argument, NULL, 's' },
	{ "count", no_argument, NULL, 'c' },
	{ "color", required_argument, NULL, 'O' },
	{ "colour", required_argument, NULL, 'O' },
	{ 0 },
};

enum { MAX_ARGS = 8 };

/* Reads the command line `args` (NULL-terminated, at most MAX_ARGS words
 * after the program's name) to its end or its first error: what each
 * option was, "c=word:value" separated by spaces, then "|" and the error
 * or the operands left. */
static const char *run(const char *const *args)
{
	static char out[1024];
	char *argv[MAX_ARGS + 2] = { "prog" };
	int argc = 1;
	while (args[argc - 1])
		argv[argc] = (char *)args[argc - 1], argc++;
	struct opt o;
	struct err e = { 0 };
	size_t n = 0;
	int c;
	opt_start(&o, argc, argv, "lp:s:c", longs);
	while ((c = opt_next(&o, &e)) >= 0)
		n += (size_t)snprintf(out + n, sizeof out - n, "%c=%s:%s ", c,
				      o.word, o.arg ? o.arg : "");
	n += (size_t)snprintf(out + n, sizeof out - n, "|");
	if (c == OPT_BAD) {
		assert_int_equal(e.code, ERR_USAGE);
		snprintf(out + n, sizeof out - n, "%s", e.msg);
		return out;
	}
	for (int i = optind; i < argc; i++)
		n += (size_t)snprintf(out + n, sizeof out - n, " %s",
				      argv[i]);
	return out;
}

#define RUN(...) run((const char *const[]){ __VA_ARGS__, NULL })

static void test_words_as_typed(void **state)
{
	(void)state;
	assert_string_equal(RUN("-l", "-p", "3", "-p4x"),
			    "l=-l: p=-p:3 |-p given twice (see --help)");
	assert_string_equal(RUN("--li", "--print=3", "a.kb"),
			    "l=--li: p=--print:3 | a.kb");
	assert_string_equal(RUN("-lp3", "--colo", "never"),
			    "l=-l: p=-p:3 O=--colo:never |");
	/* operands go last, in their order */
	assert_string_equal(RUN("a", "-s", "x", "b", "-c"),
			    "s=-s:x c=-c: | a b");
	/* an empty value is a value (what it means is the program's) */
	assert_string_equal(RUN("--search="), "s=--search: |");
	assert_string_equal(RUN("-s", ""), "s=-s: |");
}

static void test_missing_value(void **state)
{
	(void)state;
	assert_string_equal(RUN("--color"),
			    "|--color needs a value (see --help)");
	assert_string_equal(RUN("--colour"),
			    "|--colour needs a value (see --help)");
	assert_string_equal(RUN("-l", "--colo"),
			    "l=-l: |--colo needs a value (see --help)");
	assert_string_equal(RUN("-l", "--print"),
			    "l=-l: |--print needs a value (see --help)");
	assert_string_equal(RUN("--list", "-p"),
			    "l=--list: |-p needs a value (see --help)");
	assert_string_equal(RUN("-lp"),
			    "l=-l: |-p needs a value (see --help)");
}

static void test_value_is_an_option(void **state)
{
	(void)state;
	assert_string_equal(RUN("--search", "--count"),
			    "|--search needs a value (see --help)");
	assert_string_equal(RUN("-s", "-c"),
			    "|-s needs a value (see --help)");
	assert_string_equal(RUN("--print", "--color=never"),
			    "|--print needs a value (see --help)");
	/* attached, or not an option spelt out: taken as it is */
	assert_string_equal(RUN("--search=--count"), "s=--search:--count |");
	assert_string_equal(RUN("-s--count"), "s=-s:--count |");
	assert_string_equal(RUN("-s", "--cou"), "s=-s:--cou |");
	assert_string_equal(RUN("-s", "-x"), "s=-s:-x |");
	assert_string_equal(RUN("-s", "-"), "s=-s:- |");
}

static void test_refused(void **state)
{
	(void)state;
	assert_string_equal(RUN("--list=3"),
			    "|--list takes no value (see --help)");
	assert_string_equal(RUN("--li=3"),
			    "|--li takes no value (see --help)");
	/* each option once, though --color and --colour share theirs */
	assert_string_equal(RUN("--co"),
			    "|option '--co' is ambiguous: --count, --color "
			    "(see --help)");
	assert_string_equal(RUN("--bogus=1"),
			    "|unknown option '--bogus' (see --help)");
	assert_string_equal(RUN("-z"), "|unknown option '-z' (see --help)");
	assert_string_equal(RUN("-O"), "|unknown option '-O' (see --help)");
	/* inside a cluster getopt's last word is the one before: not
	 * taken for the long option it names */
	assert_string_equal(RUN("--colo=never", "-Ol"),
			    "O=--colo:never |unknown option '-O' (see "
			    "--help)");
	assert_string_equal(RUN("--list", "-zl"),
			    "l=--list: |unknown option '-z' (see --help)");
	assert_string_equal(RUN("--print", "2", "--color", "x", "--colour",
				"y"),
			    "p=--print:2 O=--color:x |--colour given twice "
			    "(see --help)");
}

/* A second command line is read from its start, though the first
 * stopped inside a cluster of short options. */
static void test_again(void **state)
{
	(void)state;
	assert_string_equal(RUN("-lzc"),
			    "l=-l: |unknown option '-z' (see --help)");
	assert_string_equal(RUN("-c"), "c=-c: |");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words_as_typed),
		cmocka_unit_test(test_missing_value),
		cmocka_unit_test(test_value_is_an_option),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_again),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
