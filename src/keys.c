/* keys: the bindings of the reader (see include/kanbao/keys.h). */
#include "kanbao/keys.h"

static const struct {
	uint32_t code;
	enum action action;
} bindings[] = {
	{ 'j', ACT_LINE_DOWN },     { KB_DOWN, ACT_LINE_DOWN },
	{ 'k', ACT_LINE_UP },       { KB_UP, ACT_LINE_UP },
	{ ' ', ACT_PAGE_DOWN },     { 'f', ACT_PAGE_DOWN },
	{ KB_PGDN, ACT_PAGE_DOWN }, { 'b', ACT_PAGE_UP },
	{ KB_PGUP, ACT_PAGE_UP },   { 'd', ACT_HALF_DOWN },
	{ 'u', ACT_HALF_UP },       { 'g', ACT_TOP },
	{ KB_HOME, ACT_TOP },       { 'G', ACT_BOTTOM },
	{ KB_END, ACT_BOTTOM },     { '\n', ACT_OPEN },
	{ '\r', ACT_OPEN },         { KB_ENTER, ACT_OPEN },
	{ KB_RIGHT, ACT_OPEN },     { 'l', ACT_OPEN },
	{ 0x1B, ACT_BACK },         { KB_LEFT, ACT_BACK },
	{ 'h', ACT_BACK },          { '\t', ACT_SWITCH },
	{ ']', ACT_NEXT_ARTICLE },  { 'J', ACT_NEXT_ARTICLE },
	{ '[', ACT_PREV_ARTICLE },  { 'K', ACT_PREV_ARTICLE },
	{ '?', ACT_HELP },          { KB_F1, ACT_HELP },
	{ 0x0C, ACT_REDRAW },       { 0x1A, ACT_SUSPEND },
	{ 'q', ACT_QUIT },          { 'Q', ACT_QUIT },
	{ 0x03, ACT_QUIT },
};

static const struct {
	const char *keys;
	const char *help;
} help[ACT_COUNT] = {
#define KEYS_HELP(name, keys, text) [ACT_##name] = { keys, text },
	KEY_ACTIONS(KEYS_HELP)
#undef KEYS_HELP
};

enum action keys_action(uint32_t code)
{
	if (code >= '0' && code <= '9')
		return ACT_DIGIT;
	for (size_t i = 0; i < sizeof bindings / sizeof bindings[0]; i++)
		if (bindings[i].code == code)
			return bindings[i].action;
	return ACT_NONE;
}

const char *keys_help_keys(enum action a)
{
	return a > ACT_NONE && a < ACT_COUNT ? help[a].keys : "";
}

const char *keys_help_text(enum action a)
{
	return a > ACT_NONE && a < ACT_COUNT ? help[a].help : "";
}
