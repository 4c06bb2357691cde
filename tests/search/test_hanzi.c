/* Tests for hanzi: a query's simplified and traditional forms, and folding
 * off when OpenCC is missing or cannot open its configuration. */
#include "test.h"

#include <pthread.h>

#include "kanbao/search/hanzi.h"

/* The forms of `q`: their count, each checked against the rules (differs
 * from the query, as many characters), the first `want` ones compared. */
static int forms(const char *q, size_t qlen, const char *want0,
		 const char *want1)
{
	char *out[HANZI_FORMS];
	size_t len[HANZI_FORMS];
	int k = hanzi_forms(q, qlen, out, len);
	assert_in_range(k, 0, HANZI_FORMS);
	const char *want[2] = { want0, want1 };
	for (int i = 0; i < k; i++) {
		assert_int_equal(strlen(out[i]), len[i]);
		assert_false(len[i] == qlen && !memcmp(out[i], q, qlen));
		if (want[i])
			assert_string_equal(out[i], want[i]);
		free(out[i]);
	}
	return k;
}

static int forms_of(const char *q, const char *want0)
{
	return forms(q, strlen(q), want0, NULL);
}

#if KANBAO_OPENCC

static void test_folding_on(void **state)
{
	(void)state;
	assert_int_equal(hanzi_folding(), 1);
	assert_null(hanzi_status());
}

static void test_traditional_to_simplified(void **state)
{
	(void)state;
	/* s2t of 習近平 is itself: dropped */
	assert_int_equal(forms_of("習近平", "习近平"), 1);
	assert_int_equal(forms_of("殘疾", "残疾"), 1);
	assert_int_equal(forms_of("頭髮", "头发"), 1);
}

static void test_simplified_to_traditional(void **state)
{
	(void)state;
	assert_int_equal(forms_of("残疾", "殘疾"), 1);
	assert_int_equal(forms_of("习近平", "習近平"), 1);
	/* phrase-aware: 发 is 髮 in 头发, 發 in 发展 */
	assert_int_equal(forms_of("头发", "頭髮"), 1);
	assert_int_equal(forms_of("发展", "發展"), 1);
	/* text around the Han characters comes through as it is */
	assert_int_equal(forms_of("ＧＤＰ增长", "ＧＤＰ增長"), 1);
}

static void test_mixed_query(void **state)
{
	(void)state;
	/* half of each script: one form each way */
	assert_int_equal(forms(
		"習近平总书记", strlen("習近平总书记"), "习近平总书记",
		"習近平總書記"), 2);
}

static void test_no_han(void **state)
{
	(void)state;
	assert_int_equal(forms_of("abc", NULL), 0);
	assert_int_equal(forms_of("２０２３", NULL), 0);
	assert_int_equal(forms_of("，。！「」——", NULL), 0);
	assert_int_equal(forms_of("", NULL), 0);
	/* Han with nothing to convert */
	assert_int_equal(forms_of("中文", NULL), 0);
	assert_int_equal(forms_of("的", NULL), 0);
}

/* OpenCC 1.1.6's t2s and s2t never change a count of characters (checked
 * on all of their dictionaries), but it stops at a NUL byte: 習\0近 (three
 * characters) gives 习 and 習, each one character, both dropped. */
static void test_count_changing_dropped(void **state)
{
	(void)state;
	static const char q[] = "習\0近";
	assert_int_equal(forms(q, sizeof q - 1, NULL, NULL), 0);
	/* the same query without the NUL has its form */
	assert_int_equal(forms_of("習近", "习近"), 1);
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	/* OpenCC fails on these (opencc_error: "Invalid UTF8") or passes a
	 * cut character through: no forms, folding stays on */
	assert_int_equal(forms_of("\xE4\xB8習近平", NULL), 0);
	assert_int_equal(forms_of("習近平\xE4\xB8", NULL), 0);
	assert_int_equal(forms_of("習\x80近平", NULL), 0);
	assert_int_equal(hanzi_folding(), 1);
}

/* A configuration OpenCC cannot open turns folding off, not the program. */
static void test_open_fails(void **state)
{
	(void)state;
	assert_int_equal(hanzi_open("kanbao-no-such-config.json", NULL), 0);
	assert_int_equal(hanzi_folding(), 0);
	const char *why = hanzi_status();
	assert_non_null(why);
	assert_non_null(strstr(why, "kanbao-no-such-config.json"));
	assert_int_equal(forms_of("習近平", NULL), 0);
	/* the second one fails too, after the first opened */
	assert_int_equal(hanzi_open(NULL, "kanbao-no-such-config.json"), 0);
	assert_int_equal(forms_of("殘疾", NULL), 0);
	/* and the standard ones open again */
	assert_int_equal(hanzi_open(NULL, NULL), 1);
	assert_null(hanzi_status());
	assert_int_equal(forms_of("殘疾", "残疾"), 1);
	/* closed, then opened again on the next use */
	hanzi_close();
	assert_null(hanzi_status());
	assert_int_equal(forms_of("殘疾", "残疾"), 1);
	assert_int_equal(hanzi_folding(), 1);
}

/* Two threads converting from the first use on: one opens, both convert
 * (run under ThreadSanitizer to see the lock do its work). */
static void *convert_many(void *arg)
{
	const char *q = arg;
	for (int i = 0; i < 200; i++) {
		char *out[HANZI_FORMS];
		size_t len[HANZI_FORMS];
		int k = hanzi_forms(q, strlen(q), out, len);
		if (k != 1)
			return (void *)1;
		free(out[0]);
	}
	return NULL;
}

static void test_threads(void **state)
{
	(void)state;
	hanzi_close();
	pthread_t t;
	assert_int_equal(pthread_create(&t, NULL, convert_many, "殘疾"), 0);
	void *mine = convert_many("习近平总书记");
	void *theirs;
	assert_int_equal(pthread_join(t, &theirs), 0);
	assert_null(mine);
	assert_null(theirs);
}

#else

static void test_folding_off(void **state)
{
	(void)state;
	assert_int_equal(hanzi_folding(), 0);
	assert_string_equal(hanzi_status(), "built without OpenCC");
	assert_int_equal(hanzi_open(NULL, NULL), 0);
	assert_int_equal(forms_of("習近平", NULL), 0);
	assert_int_equal(forms_of("残疾", NULL), 0);
	assert_int_equal(forms_of("abc", NULL), 0);
	hanzi_close();
	assert_null(hanzi_status());
	assert_int_equal(hanzi_folding(), 0);
}

#endif

static int teardown(void **state)
{
	(void)state;
	hanzi_close();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#if KANBAO_OPENCC
		cmocka_unit_test(test_folding_on),
		cmocka_unit_test(test_traditional_to_simplified),
		cmocka_unit_test(test_simplified_to_traditional),
		cmocka_unit_test(test_mixed_query),
		cmocka_unit_test(test_no_han),
		cmocka_unit_test(test_count_changing_dropped),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_open_fails),
		cmocka_unit_test(test_threads),
#else
		cmocka_unit_test(test_folding_off),
#endif
	};
	return cmocka_run_group_tests_name("hanzi", tests, NULL, teardown);
}
