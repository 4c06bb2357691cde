/* Tests for keys: the one table of bindings and help. */
#include "test.h"

#include "kanbao/ui/keys.h"

static void test_bindings(void **state)
{
	(void)state;
	assert_int_equal(keys_action('j', 0), ACT_LINE_DOWN);
	assert_int_equal(keys_action(KB_DOWN, 0), ACT_LINE_DOWN);
	assert_int_equal(keys_action(' ', 0), ACT_PAGE_DOWN);
	assert_int_equal(keys_action(KB_PGUP, 0), ACT_PAGE_UP);
	assert_int_equal(keys_action('G', 0), ACT_BOTTOM);
	assert_int_equal(keys_action('\r', 0), ACT_OPEN);
	assert_int_equal(keys_action(0x1B, 0), ACT_BACK);
	assert_int_equal(keys_action(']', 0), ACT_NEXT_ARTICLE);
	assert_int_equal(keys_action('K', 0), ACT_PREV_ARTICLE);
	assert_int_equal(keys_action('0', 0), ACT_DIGIT);
	assert_int_equal(keys_action('9', 0), ACT_DIGIT);
	assert_int_equal(keys_action(KB_F1, 0), ACT_HELP);
	assert_int_equal(keys_action(0x03, 0), ACT_QUIT);
	assert_int_equal(keys_action('x', 0), ACT_NONE);
	assert_int_equal(keys_action(0x4E2D, 0), ACT_NONE);
	/* ? searches backwards in an article, as in less; in the list it
	 * is the help */
	assert_int_equal(keys_action('?', 1), ACT_SEARCH_BACK);
	assert_int_equal(keys_action('?', 0), ACT_HELP);
	assert_int_equal(keys_action(KB_F1, 1), ACT_HELP);
	assert_int_equal(keys_action('/', 1), ACT_SEARCH);
	assert_int_equal(keys_action('n', 0), ACT_NEXT_HIT);
	assert_int_equal(keys_action('N', 1), ACT_PREV_HIT);
	assert_int_equal(keys_action('&', 0), ACT_NARROW);
	assert_int_equal(keys_action(0x12, 1), ACT_RESULTS);
	assert_int_equal(keys_action('U', 0), ACT_NEXT_UNREAD);
	assert_int_equal(keys_action('A', 1), ACT_MARK_ALL);
	assert_int_equal(keys_action('c', 0), ACT_CLEAR);
}

/* Every action has help, and every key named in the help is bound to it. */
static void test_help_matches_bindings(void **state)
{
	(void)state;
	static const struct {
		const char *name;
		uint32_t code;
	} names[] = {
		{ "Down", KB_DOWN },	{ "Up", KB_UP },     { "Space", ' ' },
		{ "PgDn", KB_PGDN },	{ "PgUp", KB_PGUP }, { "Home", KB_HOME },
		{ "End", KB_END },	{ "Enter", '\r' },   { "Right", KB_RIGHT },
		{ "Esc", 0x1B },	{ "Left", KB_LEFT }, { "Tab", '\t' },
		{ "F1", KB_F1 },	{ "Ctrl-L", 0x0C },  { "Ctrl-Z", 0x1A },
		{ "Ctrl-C", 0x03 },	{ "0-9", '5' },	     { "Ctrl-R", 0x12 },
	};
	for (int a = ACT_NONE + 1; a < ACT_COUNT; a++) {
		char keys[64];
		assert_true(*keys_help_text((enum action)a));
		snprintf(keys, sizeof keys, "%s", keys_help_keys((enum action)a));
		char *tok[16];
		int nt = 0;
		for (char *k = strtok(keys, " "); k && nt < 16;
		     k = strtok(NULL, " "))
			tok[nt++] = k;
		for (int t = 0; t < nt; t++) {
			char *k = tok[t];
			/* "(in an article)" / "(in the list)": where the key
			 * before it is bound */
			int where = -1;
			if (t + 1 < nt && !strcmp(tok[t + 1], "(in"))
				where = t + 2 < nt && !strcmp(tok[t + 2], "an");
			if (!strcmp(k, "(in")) {
				while (t < nt && !strchr(tok[t], ')'))
					t++;
				continue;
			}
			uint32_t code = 0;
			if (strlen(k) == 1)
				code = (unsigned char)*k;
			for (size_t i = 0; i < sizeof names / sizeof names[0];
			     i++)
				if (!strcmp(k, names[i].name))
					code = names[i].code;
			if (!code)
				fail_msg("help names an unknown key '%s'", k);
			if (a == ACT_DIGIT && code == '\r')
				continue; /* "0-9 Enter" */
			for (int in = 0; in < 2; in++) {
				if (where >= 0 && in != where)
					continue;
				if (keys_action(code, in) != (enum action)a)
					fail_msg("'%s' is not bound to what the "
						 "help says", k);
			}
		}
	}
	assert_string_equal(keys_help_keys(ACT_NONE), "");
	assert_string_equal(keys_help_text(ACT_COUNT), "");
}

/* A key is read where the pane with the focus is and where the mode over
 * it is: a mode's bindings come first, the pane's still hold. */
static void test_where(void **state)
{
	(void)state;
	assert_int_equal(keys_action_in('\t', KEYS_LIST | KEYS_BAR),
			 ACT_RESULTS);
	assert_int_equal(keys_action_in('\t', KEYS_ARTICLE | KEYS_RESULTS),
			 ACT_RESULTS);
	assert_int_equal(keys_action_in('\t', KEYS_LIST | KEYS_MARKS),
			 ACT_SWITCH);
	assert_int_equal(keys_action_in('d', KEYS_LIST | KEYS_MARKS),
			 ACT_DELETE);
	assert_int_equal(keys_action_in('d', KEYS_ARTICLE | KEYS_RESULTS),
			 ACT_HALF_DOWN);
	assert_int_equal(keys_action('d', 0), ACT_HALF_DOWN);
	assert_int_equal(keys_action_in('\r', KEYS_LIST | KEYS_BAR), ACT_OPEN);
	assert_int_equal(keys_action_in(0x1B, KEYS_ARTICLE | KEYS_BAR),
			 ACT_BACK);
	assert_int_equal(keys_action_in(0x12, KEYS_LIST | KEYS_BAR),
			 ACT_RESULTS);
	assert_int_equal(keys_action_in('f', KEYS_ARTICLE | KEYS_RESULTS),
			 ACT_PAGE_DOWN);
	assert_int_equal(keys_action_in('f', KEYS_LIST | KEYS_RESULTS),
			 ACT_FILTER);
	assert_int_equal(keys_action_in(KB_WHEEL_UP, KEYS_LIST), ACT_WHEEL_UP);
	assert_int_equal(keys_action_in(KB_WHEEL_DOWN,
					KEYS_ARTICLE | KEYS_MARKS),
			 ACT_WHEEL_DOWN);
	/* y answers a question (A); it copies elsewhere */
	assert_int_equal(keys_action_in('y', KEYS_LIST | KEYS_QUESTION),
			 ACT_YES);
	assert_int_equal(keys_action_in('Y', KEYS_ARTICLE | KEYS_QUESTION),
			 ACT_YES);
	assert_int_equal(keys_action('y', 1), ACT_COPY);
	/* Backspace erases a digit of an ID typed */
	assert_int_equal(keys_action(KB_BACKSPACE, 0), ACT_ERASE);
	assert_int_equal(keys_action(0x7F, 1), ACT_ERASE);
	assert_int_equal(keys_action(0x08, 0), ACT_ERASE);
	/* told under another action's line: none of their own */
	assert_string_equal(keys_help_text(ACT_DELETE), "");
	assert_string_equal(keys_help_text(ACT_ERASE), "");
	assert_string_equal(keys_help_keys(ACT_YES), "");
	assert_string_equal(keys_help_keys(ACT_WHEEL_UP), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bindings),
		cmocka_unit_test(test_help_matches_bindings),
		cmocka_unit_test(test_where),
	};
	return cmocka_run_group_tests_name("keys", tests, NULL, NULL);
}
