/* keys: the bindings of the reader (see include/kanbao/ui/keys.h). */
#include "kanbao/ui/keys.h"

enum {
	LIST = KEYS_LIST,
	ARTICLE = KEYS_ARTICLE,
	ANY = KEYS_LIST | KEYS_ARTICLE | KEYS_BAR | KEYS_RESULTS | KEYS_MARKS |
	      KEYS_QUESTION,
};

/* The first binding of a key that holds where it is pressed is its
 * action: the bindings of one place come before those of all places. */
static const struct {
	uint32_t code;
	enum action action;
	unsigned where; /* bits of enum keys_where */
} bindings[] = {
	{ '\t', ACT_RESULTS, KEYS_BAR | KEYS_RESULTS },
	{ 'd', ACT_DELETE, KEYS_MARKS },
	{ 'y', ACT_YES, KEYS_QUESTION }, { 'Y', ACT_YES, KEYS_QUESTION },
	{ 'j', ACT_LINE_DOWN, ANY },	 { KB_DOWN, ACT_LINE_DOWN, ANY },
	{ 'k', ACT_LINE_UP, ANY },	 { KB_UP, ACT_LINE_UP, ANY },
	{ ' ', ACT_PAGE_DOWN, ANY },	 { 'f', ACT_PAGE_DOWN, ARTICLE },
	{ KB_PGDN, ACT_PAGE_DOWN, ANY }, { 'b', ACT_PAGE_UP, ANY },
	{ KB_PGUP, ACT_PAGE_UP, ANY },	 { 'd', ACT_HALF_DOWN, ANY },
	{ 'u', ACT_HALF_UP, ARTICLE },	 { 'g', ACT_TOP, ANY },
	{ KB_HOME, ACT_TOP, ANY },	 { 'G', ACT_BOTTOM, ANY },
	{ KB_END, ACT_BOTTOM, ANY },	 { '\n', ACT_OPEN, ANY },
	{ '\r', ACT_OPEN, ANY },	 { KB_ENTER, ACT_OPEN, ANY },
	{ KB_RIGHT, ACT_OPEN, ANY },	 { 'l', ACT_OPEN, ANY },
	{ 0x1B, ACT_BACK, ANY },	 { KB_LEFT, ACT_BACK, ANY },
	{ 'h', ACT_BACK, ANY },		 { '\t', ACT_SWITCH, ANY },
	{ ']', ACT_NEXT_ARTICLE, ANY },	 { 'J', ACT_NEXT_ARTICLE, ANY },
	{ '[', ACT_PREV_ARTICLE, ANY },	 { 'K', ACT_PREV_ARTICLE, ANY },
	{ '/', ACT_SEARCH, ANY },	 { '?', ACT_SEARCH_BACK, ARTICLE },
	{ 'n', ACT_NEXT_HIT, ANY },	 { 'N', ACT_PREV_HIT, ANY },
	{ '&', ACT_NARROW, ANY },	 { 0x12, ACT_RESULTS, ANY },
	{ '?', ACT_HELP, LIST },	 { KB_F1, ACT_HELP, ANY },
	{ 0x0C, ACT_REDRAW, ANY },	 { 0x1A, ACT_SUSPEND, ANY },
	{ 'q', ACT_QUIT, ANY },		 { 'Q', ACT_QUIT, ANY },
	{ 0x03, ACT_QUIT, ANY },	 { 'f', ACT_FILTER, LIST },
	{ 'o', ACT_SORT, ANY },		 { 'u', ACT_UNREAD, LIST },
	{ 'm', ACT_MARK, ANY },		 { '\'', ACT_MARKS, ANY },
	{ 'y', ACT_COPY, ANY },		 { 'r', ACT_RULER, ANY },
	{ 'w', ACT_MEASURE, ANY },	 { KB_WHEEL_UP, ACT_WHEEL_UP, ANY },
	{ KB_WHEEL_DOWN, ACT_WHEEL_DOWN, ANY }, { KB_CLICK, ACT_CLICK, ANY },
	{ KB_DOUBLE_CLICK, ACT_DOUBLE_CLICK, ANY },
	{ 'U', ACT_NEXT_UNREAD, ANY },	 { 'A', ACT_MARK_ALL, ANY },
	{ 'c', ACT_CLEAR, ANY },
	{ KB_BACKSPACE, ACT_ERASE, ANY }, { 0x7F, ACT_ERASE, ANY },
	{ 0x08, ACT_ERASE, ANY },
};

static const struct {
	const char *keys;
	const char *help;
} help[ACT_COUNT] = {
#define KEYS_HELP(name, keys, text) [ACT_##name] = { keys, text },
	KEY_ACTIONS(KEYS_HELP)
#undef KEYS_HELP
};

enum action keys_action_in(uint32_t code, unsigned where)
{
	if (code >= '0' && code <= '9')
		return ACT_DIGIT;
	for (size_t i = 0; i < sizeof bindings / sizeof bindings[0]; i++)
		if (bindings[i].code == code && (bindings[i].where & where))
			return bindings[i].action;
	return ACT_NONE;
}

enum action keys_action(uint32_t code, int in_article)
{
	return keys_action_in(code, in_article ? KEYS_ARTICLE : KEYS_LIST);
}

const char *keys_help_keys(enum action a)
{
	return a > ACT_NONE && a < ACT_COUNT ? help[a].keys : "";
}

const char *keys_help_text(enum action a)
{
	return a > ACT_NONE && a < ACT_COUNT ? help[a].help : "";
}
