/* Tests for hanzi: the FOLD table made from variants, given or OpenCC's. */
#include "test.h"

#include "kanbao/base/utf8.h"
#include "kanbao/build/hanzi.h"
#include "kanbao/format/index.h"

/* The table `h` makes for the characters of `text` (its letters from
 * U+0080 on, as the writer finds them), checked against FOLD's rules,
 * made into a table to fold with (free with index_variants_free). */
static struct index_variants *table_for(struct hanzi *h, const char *text,
					size_t *entries)
{
	uint32_t *chars = NULL;
	size_t n = 0, len, bad;
	const char *why;
	for (size_t i = 0; text[i];) {
		uint32_t uc;
		i += utf8_next(text + i, strlen(text + i), &uc);
		size_t k = 0;
		while (k < n && chars[k] < uc)
			k++;
		if (k < n && chars[k] == uc)
			continue;
		chars = test_realloc(chars, (n + 1) * sizeof *chars);
		memmove(chars + k + 1, chars + k, (n - k) * sizeof *chars);
		chars[k] = uc;
		n++;
	}
	uint8_t *fold;
	struct err e;
	assert_int_equal(hanzi_table(h, chars, n, &fold, &len, &e), ERR_OK);
	test_free(chars);
	assert_int_equal(len % INDEX_VARIANT_SIZE, 0);
	assert_true(fold || !len);
	struct index_variants *v;
	assert_int_equal(index_variants_make(fold, len / INDEX_VARIANT_SIZE, &v,
					     &bad, &why), 0);
	free(fold);
	*entries = len / INDEX_VARIANT_SIZE;
	return v;
}

/* Classes from pairs: joined one with another, each folded to its lowest
 * code point; only those holding a character of the text; a pair the
 * table cannot hold (ASCII, lengths that differ, a character with itself)
 * joins nothing. */
static void test_given(void **state)
{
	(void)state;
	static const uint32_t pairs[][2] = {
		{ 0x7FD2, 0x4E60 }, /* 習 习 */
		{ 0x767C, 0x53D1 }, /* 發 发 */
		{ 0x53D1, 0x9AEE }, /* 发 髮: one class of three */
		{ 0x982D, 0x5934 }, /* 頭 头 */
		{ 0x6B98, 0x6B8B }, /* 殘 残: not in the text */
		{ 0xFF21, 'A' }, /* ASCII */
		{ 0x346E, 0x2B748 }, /* 3 bytes and 4 */
		{ 0x4E2D, 0x4E2D }, /* 中 with itself */
	};
	struct hanzi *h = hanzi_given(pairs, sizeof pairs / sizeof pairs[0]);
	assert_non_null(h);
	size_t n;
	struct index_variants *v = table_for(h, "习近平 頭髮 A中", &n);
	/* 習, 發, 髮, 頭 */
	assert_int_equal(n, 4);
	assert_int_equal(index_fold(v, 0x7FD2), 0x4E60);
	assert_int_equal(index_fold(v, 0x767C), 0x53D1);
	assert_int_equal(index_fold(v, 0x9AEE), 0x53D1);
	assert_int_equal(index_fold(v, 0x982D), 0x5934);
	assert_int_equal(index_fold(v, 0x6B98), 0x6B98);
	assert_int_equal(index_fold(v, 0x346E), 0x346E);
	index_variants_free(v);
	/* a text with no character of any class: no table */
	v = table_for(h, "中文 abc", &n);
	assert_int_equal(n, 0);
	assert_null(v);
	hanzi_free(h);
	h = hanzi_given(NULL, 0);
	v = table_for(h, "習近平", &n);
	assert_null(v);
	hanzi_free(h);
	hanzi_free(NULL);
}

#if KANBAO_OPENCC

/* OpenCC's character dictionaries: each way, and what converts to a
 * character of the text though the text does not hold it. */
static void test_opencc(void **state)
{
	(void)state;
	char why[256] = "";
	struct hanzi *h = hanzi_opencc(why, sizeof why);
	if (!h)
		fail_msg("OpenCC: %s", why);
	size_t n;
	/* simplified text */
	struct index_variants *v = table_for(h, "习近平谈头发和发展", &n);
	assert_true(n > 0);
	uint32_t xi = index_fold(v, 0x4E60); /* 习 */
	assert_int_equal(index_fold(v, 0x7FD2), xi); /* 習 */
	uint32_t fa = index_fold(v, 0x53D1); /* 发 */
	assert_int_equal(index_fold(v, 0x767C), fa); /* 發 */
	assert_int_equal(index_fold(v, 0x9AEE), fa); /* 髮, not in the text */
	/* 頭 头 */
	assert_int_equal(index_fold(v, 0x982D), index_fold(v, 0x5934));
	assert_int_equal(index_fold(v, 0x8FD1), 0x8FD1); /* 近: no variant */
	index_variants_free(v);
	/* traditional text: the same classes from the other side */
	v = table_for(h, "習近平談頭髮", &n);
	assert_int_equal(index_fold(v, 0x4E60), index_fold(v, 0x7FD2));
	assert_int_equal(index_fold(v, 0x53D1), index_fold(v, 0x9AEE));
	/* 谈 談 */
	assert_int_equal(index_fold(v, 0x8C08), index_fold(v, 0x8AC7));
	index_variants_free(v);
	/* no Han: nothing to ask, no table */
	v = table_for(h, "abc ２０２３", &n);
	assert_null(v);
	hanzi_free(h);
}

/* The table a text gets from a hanzi `h`, as bytes (malloc'd). */
static uint8_t *table_bytes(struct hanzi *h, const char *text, size_t *len)
{
	uint32_t chars[64];
	size_t n = 0;
	for (size_t i = 0; text[i];) {
		uint32_t uc;
		i += utf8_next(text + i, strlen(text + i), &uc);
		size_t k = 0;
		while (k < n && chars[k] < uc)
			k++;
		if (k < n && chars[k] == uc)
			continue;
		assert_true(n < sizeof chars / sizeof chars[0]);
		memmove(chars + k + 1, chars + k, (n - k) * sizeof *chars);
		chars[k] = uc;
		n++;
	}
	uint8_t *fold;
	struct err e;
	assert_int_equal(hanzi_table(h, chars, n, &fold, len, &e), ERR_OK);
	return fold;
}

/* The sweep asked first (on a thread of its own, in kanbao-build) gives
 * the tables asking it in hanzi_table gives, also for characters outside
 * it (Extension B: 𠀾 and 𠁞, 𠛾 and 𪟖 are variants), and asking it twice
 * asks once. */
static void test_opencc_sweep_first(void **state)
{
	(void)state;
	static const char *const texts[] = {
		"习近平谈头发和发展", "習近平談頭髮", "发展 𠀾𠛾",
	};
	char why[256] = "";
	struct hanzi *late = hanzi_opencc(why, sizeof why);
	struct hanzi *early = hanzi_opencc(why, sizeof why);
	if (!late || !early)
		fail_msg("OpenCC: %s", why);
	struct err e;
	assert_int_equal(hanzi_sweep(early, &e), ERR_OK);
	assert_int_equal(hanzi_sweep(early, &e), ERR_OK);
	for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
		size_t n1, n2;
		uint8_t *a = table_bytes(late, texts[t], &n1);
		uint8_t *b = table_bytes(early, texts[t], &n2);
		assert_true(n1 > 0);
		assert_int_equal(n1, n2);
		assert_memory_equal(a, b, n1);
		free(a);
		free(b);
	}
	size_t n;
	struct index_variants *v = table_for(early, "𠀾𠛾", &n);
	assert_int_equal(index_fold(v, 0x2005E), index_fold(v, 0x2003E));
	assert_int_equal(index_fold(v, 0x2A7D6), index_fold(v, 0x206FE));
	index_variants_free(v);
	hanzi_free(late);
	hanzi_free(early);
}

#else

static void test_no_opencc(void **state)
{
	(void)state;
	char why[256] = "";
	assert_null(hanzi_opencc(why, sizeof why));
	assert_string_equal(why, "built without OpenCC");
}

#endif

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_given),
#if KANBAO_OPENCC
		cmocka_unit_test(test_opencc),
		cmocka_unit_test(test_opencc_sweep_first),
#else
		cmocka_unit_test(test_no_opencc),
#endif
	};
	return cmocka_run_group_tests_name("hanzi", tests, NULL, NULL);
}
