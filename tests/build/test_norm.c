/* Tests for norm: joins, stray spaces, padded names, NFC. */
#include "test.h"

#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

#include "kanbao/build/norm.h"

static void expect(const char *in, const char *want)
{
	char *out = norm_text(in, strlen(in));
	assert_non_null(out);
	assert_string_equal(out, want);
	free(out);
}

static void test_stray_spaces(void **state)
{
	(void)state;
	expect("2015 年 4 月 30 日", "2015年4月30日");
	expect("超 4 成", "超4成");
	expect("占 GDP 比重", "占GDP比重");
	expect("第 10 期《求是》", "第10期《求是》");
	expect("水 I-III 类水质", "水I-III类水质");
	expect("同比增长 9.3%。", "同比增长9.3%。");
	expect("  前后空格  ", "前后空格");
	expect("邹　伟", "邹伟"); /* an ideographic space */
	/* a list item's mark keeps its space; elsewhere it is stray */
	expect("•  播种机", "• 播种机");
	expect("1. 第一步", "1. 第一步");
	expect("12) 第十二步", "12) 第十二步");
	expect("播种 • 机", "播种•机");
	expect("第1. 步", "第1.步");
	expect("1.\n第一步", "1.第一步");
}

/* Headlines keep the ideographic space a line sets between two phrases;
 * body text and other spaces lose it as ever. */
static void test_titles(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{ "城市更新　李强主持", "城市更新　李强主持" },
		{ "欢声笑语辞旧岁　　万众一心迎新年",
		  "欢声笑语辞旧岁　万众一心迎新年" },
		{ "“人生出彩”　 习近平寄语", "“人生出彩”　习近平寄语" },
		{ "　行政院會通過總預算案　", "行政院會通過總預算案" },
		{ "首 都 各 界", "首都各界" }, /* extraction's spaces */
		{ "首都各界群众\n　喜迎新世纪", "首都各界群众喜迎新世纪" },
		{ "2015 年 4 月", "2015年4月" },
		{ "A　B", "A B" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *in = cases[i][0];
		char *out = norm_title(in, strlen(in));
		assert_non_null(out);
		if (strcmp(out, cases[i][1]))
			fail_msg("%s: %s, want %s", in, out, cases[i][1]);
		assert_true(strlen(out) <= strlen(in));
		free(out);
	}
	expect("城市更新　李强主持", "城市更新李强主持");
}

static void test_latin_kept(void **state)
{
	(void)state;
	expect("He said  “hello world”, twice.",
	       "He said “hello world”, twice.");
	expect("a - b", "a - b");
}

static void test_joins(void **state)
{
	(void)state;
	expect("协同发\n展", "协同发展");
	expect("分支机构 9000\n多家", "分支机构9000多家");
	expect("2019 年 1 月\n18 日", "2019年1月18日");
	expect("Latin words\nkeep a space", "Latin words keep a space");
	expect("共 700\n0 人", "共7000人"); /* a number broken by a line */
	expect("成绩单——\n2022 年", "成绩单——2022年");
	expect("成绩单—— 2022 年", "成绩单——2022年");
	expect("He paused — then\nwent on", "He paused — then went on");
}

static void test_nfc(void **state)
{
	(void)state;
	expect("Cafe\xcc\x81", "Caf\xc3\xa9"); /* e + combining acute */
	/* CJK compatibility ideograph U+F900 becomes U+8C48 under NFC */
	expect("\xef\xa4\x80", "\xe8\xb1\x88");
}

/* norm_nfc_stable keeps its promise, by libunistring's own tables: every
 * character it names has combining class 0, is its own NFC, and is the
 * second character of no canonical decomposition (so nothing before it can
 * compose with it). */
static void test_nfc_stable(void **state)
{
	(void)state;
	for (uint32_t uc = 0; uc <= 0x10FFFF; uc++) {
		if (!norm_nfc_stable(uc))
			continue;
		assert_int_equal(uc_combining_class(uc), 0);
		uint8_t in[4];
		int len = u8_uctomb(in, uc, sizeof in);
		assert_true(len > 0);
		size_t outlen = 0;
		uint8_t *out = u8_normalize(UNINORM_NFC, in, (size_t)len, NULL,
					    &outlen);
		assert_non_null(out);
		if (outlen != (size_t)len || memcmp(out, in, outlen))
			fail_msg("NFC changes U+%04X", (unsigned)uc);
		free(out);
	}
	for (uint32_t uc = 0; uc <= 0x10FFFF; uc++) {
		ucs4_t d[UC_DECOMPOSITION_MAX_LENGTH];
		if (uc_canonical_decomposition(uc, d) == 2 &&
		    norm_nfc_stable(d[1]))
			fail_msg("U+%04X composes from U+%04X U+%04X",
				 (unsigned)uc, (unsigned)d[0], (unsigned)d[1]);
	}
	/* what Chinese news text is made of */
	static const uint32_t common[] = { 0x4E2D, 0x3002, 0xFF0C, 0x201C,
					   0x2014, 0x2026, 0x00B7, 'A', '1' };
	for (size_t i = 0; i < sizeof common / sizeof common[0]; i++)
		assert_true(norm_nfc_stable(common[i]));
	/* and what it must not take for granted */
	assert_false(norm_nfc_stable(0x0301)); /* combining acute */
	assert_false(norm_nfc_stable(0xF900)); /* compatibility ideograph */
	assert_false(norm_nfc_stable(0x302A)); /* ideographic tone mark */
}

static void names(const char *in, const char *want)
{
	char *out = norm_names(in, strlen(in));
	assert_non_null(out);
	assert_string_equal(out, want);
	free(out);
}

static void test_names(void **state)
{
	(void)state;
	names("邹 伟 樊 曦\n魏玉坤 李 鲲 齐雷杰 郭宇靖",
	      "邹伟 樊曦 魏玉坤 李鲲 齐雷杰 郭宇靖");
	names("高 蕾", "高蕾");
	names("朱基钗 高雷", "朱基钗 高雷");
	names("王 小 明", "王小明");
	names("甲 乙 丙 丁 戊", "甲乙 丙丁戊");
	names("  ", "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stray_spaces),
		cmocka_unit_test(test_titles),
		cmocka_unit_test(test_latin_kept),
		cmocka_unit_test(test_joins),
		cmocka_unit_test(test_nfc),
		cmocka_unit_test(test_nfc_stable),
		cmocka_unit_test(test_names),
	};
	return cmocka_run_group_tests_name("norm", tests, NULL, NULL);
}
