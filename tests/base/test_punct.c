/* Tests for punct: every character of each class, pinned.
 *
 * The classes are read off Unicode's properties where those agree with
 * them and a table where they do not; the tests of the classes and of
 * the small forms walk every code point, so that a change of either (or
 * of the libunistring underneath) that adds or drops a single character
 * fails here, not in the builder's scores. */
#include "test.h"

#include <unistr.h>

#include "kanbao/base/punct.h"
#include "kanbao/base/utf8.h"

enum { LAST = 0x10FFFF };

/* Whether `uc` is one of the characters of the UTF-8 string `set` (not
 * U+0000, which u8_strchr finds at the end of every string). */
static int in_set(uint32_t uc, const char *set)
{
	return uc && u8_strchr((const uint8_t *)set, uc);
}

/* The class `is` holds exactly the characters of `set`, of all of
 * Unicode. */
static void check_class(int (*is)(uint32_t), const char *set,
			const char *name)
{
	size_t held = 0;
	for (uint32_t uc = 0; uc <= LAST; uc++) {
		int want = in_set(uc, set);
		if (!is(uc) != !want)
			fail_msg("%s: U+%04X is %s the class", name,
				 (unsigned)uc, want ? "missing from" : "new in");
		held += (size_t)want;
	}
	/* every character of the set was met once: none lost in it */
	assert_int_equal(held, u8_mbsnlen((const uint8_t *)set, strlen(set)));
}

/* The characters each class holds, as the builder has read them since
 * the classes were one set each. */
static void test_classes(void **state)
{
	(void)state;
	check_class(punct_is_stop, "。！？．…!?.", "stop");
	check_class(punct_is_clause, "，、；：,;:", "clause");
	check_class(punct_is_closer, "”’）」』》〉〕】〗)]\"'", "closer");
	check_class(punct_is_opener, "“‘（「『《〈〔【〖([", "opener");
}

/* Every small and vertical form and what it stands for, in pairs; every
 * other character stands for nothing. */
static void test_small_form(void **state)
{
	(void)state;
	static const char pairs[] =
		"︐，︑、︒。︓：︔；︕！︖？︗〖︘〗︙…"
		"︰：︵（︶）︷｛︸｝︹〔︺〕︻【︼】︽《︾》︿〈﹀〉"
		"﹁「﹂」﹃『﹄』"
		"﹐，﹑、﹒。﹔；﹕：﹖？﹗！﹙（﹚）﹛｛﹜｝﹝〔﹞〕";
	uint32_t want[0x100] = { 0 }; /* by uc - 0xFE00 */
	size_t n = strlen(pairs), count = 0;
	for (size_t i = 0; i < n; count++) {
		uint32_t from, to;
		i += utf8_next(pairs + i, n - i, &from);
		i += utf8_next(pairs + i, n - i, &to);
		assert_true(from >= 0xFE00 && from <= 0xFEFF);
		want[from - 0xFE00] = to;
	}
	assert_int_equal(count, 10 + 17 + 13);
	for (uint32_t uc = 0; uc <= LAST; uc++) {
		uint32_t w = uc >= 0xFE00 && uc <= 0xFEFF ? want[uc - 0xFE00]
							  : 0;
		if (punct_small_form(uc) != w)
			fail_msg("U+%04X stands for U+%04X, not U+%04X",
				 (unsigned)uc, (unsigned)punct_small_form(uc),
				 (unsigned)w);
	}
}

/* The last character, seen through closers and spaces. */
static void test_last(void **state)
{
	(void)state;
	int closed = -1;
	const char *s = "他说：“走吧。” ";
	assert_int_equal(punct_last(s, strlen(s), &closed), 0x3002);
	assert_int_equal(closed, 1);
	s = "走吧。";
	assert_int_equal(punct_last(s, strlen(s), &closed), 0x3002);
	assert_int_equal(closed, 0);
	s = "”」 ";
	assert_int_equal(punct_last(s, strlen(s), &closed), 0);
	assert_int_equal(punct_last("", 0, NULL), 0);
}

static void test_ends(void **state)
{
	(void)state;
	static const struct {
		const char *s;
		int stop, has, final;
	} cases[] = {
		{ "走吧。", 1, 1, 1 },
		{ "他说：“走吧！”", 1, 1, 1 },
		{ "（新华社供稿）", 1, 0, 1 },
		{ "(photo)", 1, 0, 1 },
		{ "等等……", 1, 0, 1 },
		{ "3.5", 0, 0, 0 },
		{ "如下：", 0, 0, 1 },
		{ "其一；", 0, 0, 1 },
		{ "他说——", 0, 0, 1 },
		{ "走吧。然后", 0, 1, 0 },
		{ "真的?是", 0, 1, 0 },
		{ "走吧．", 1, 0, 1 },
		{ "走吧，", 0, 0, 0 },
		{ "", 0, 0, 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *s = cases[i].s;
		size_t n = strlen(s);
		if (punct_ends_stop(s, n) != cases[i].stop ||
		    punct_has_stop(s, n) != cases[i].has ||
		    punct_ends_final(s, n) != cases[i].final)
			fail_msg("\"%s\": ends_stop %d has_stop %d ends_final "
				 "%d", s, punct_ends_stop(s, n),
				 punct_has_stop(s, n), punct_ends_final(s, n));
	}
}

static void test_parenthesised(void **state)
{
	(void)state;
	assert_true(punct_parenthesised("（作者为大学教授）",
					strlen("（作者为大学教授）")));
	assert_true(punct_parenthesised("(photo)", 7));
	assert_false(punct_parenthesised("（一）基础设施", strlen("（一）基础设施")));
	assert_false(punct_parenthesised("他说（笑）", strlen("他说（笑）")));
	assert_false(punct_parenthesised("（记者)", strlen("（记者)")));
	assert_false(punct_parenthesised("", 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classes),
		cmocka_unit_test(test_small_form),
		cmocka_unit_test(test_last),
		cmocka_unit_test(test_ends),
		cmocka_unit_test(test_parenthesised),
	};
	return cmocka_run_group_tests_name("punct", tests, NULL, NULL);
}
