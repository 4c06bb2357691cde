/* Tests for utf8: decoding and the policy for control characters. */
#include "test.h"

#include <unistr.h>

#include "kanbao/base/utf8.h"

static void test_next_and_put(void **state)
{
	(void)state;
	uint32_t uc;
	assert_int_equal(utf8_next("A", 1, &uc), 1);
	assert_int_equal(uc, 'A');
	assert_int_equal(utf8_next("中文", 6, &uc), 3);
	assert_int_equal(uc, 0x4E2D);
	assert_int_equal(utf8_next("\xF0\xA0\x80\x80", 4, &uc), 4);
	assert_int_equal(uc, 0x20000);
	/* invalid and truncated sequences: U+FFFD, at least one byte */
	assert_int_equal(utf8_next("\xFF", 1, &uc), 1);
	assert_int_equal(uc, 0xFFFD);
	assert_true(utf8_next("\xE4\xB8", 2, &uc) >= 1);
	assert_int_equal(uc, 0xFFFD);
	char out[4];
	assert_int_equal(utf8_put(0x4E2D, out), 3);
	assert_memory_equal(out, "中", 3);
	assert_int_equal(utf8_put(0xD800, out), 3); /* a surrogate */
	assert_memory_equal(out, "\xEF\xBF\xBD", 3);
}

static void test_valid(void **state)
{
	(void)state;
	assert_true(utf8_valid("中文 text", strlen("中文 text")));
	assert_false(utf8_valid("\xC0\xAF", 2)); /* overlong */
	assert_false(utf8_valid("\xED\xA0\x80", 3)); /* surrogate */
	assert_true(utf8_valid("", 0));
	assert_true(utf8_valid("\xF4\x8F\xBF\xBF", 4)); /* U+10FFFF */
	assert_false(utf8_valid("\xF4\x90\x80\x80", 4)); /* past it */
	assert_false(utf8_valid("中", 2)); /* cut short */
	/* as libunistring's u8_check on byte strings drawn to hit the
	 * edges: lead bytes, continuation bytes, anything */
	uint64_t x = 88172645463325252ull;
	for (int k = 0; k < 300000; k++) {
		unsigned char b[6];
		size_t n = k % 7;
		for (size_t j = 0; j < n; j++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			unsigned v = (unsigned)(x >> 32);
			b[j] = (unsigned char)(v % 4 == 0   ? v >> 8 :
					       v % 4 == 1 ? 0x80 + (v >> 8) % 64 :
					       v % 4 == 2 ? 0xE0 + (v >> 8) % 32 :
							    0xC0 + (v >> 8) % 64);
		}
		if (utf8_valid((const char *)b, n) != (u8_check(b, n) == NULL))
			fail_msg("utf8_valid and u8_check differ, case %d", k);
	}
	/* longer strings, mostly characters of three bytes whose lead is
	 * E3 to EC (stepped over two at a time) with a byte anywhere made
	 * another lead or continuation byte, an ASCII byte or a control:
	 * as u8_check, and plain as utf8_needs_clean says */
	static const unsigned char leads[] = { 0xE0, 0xE1, 0xE2, 0xE3, 0xE5,
					       0xE9, 0xEC, 0xED, 0xEE, 0xEF };
	for (int k = 0; k < 200000; k++) {
		unsigned char b[32];
		size_t n = 0, want = 8 + k % 24;
		while (n + 3 <= want) { /* 中 or another lead */
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			unsigned v = (unsigned)(x >> 32);
			b[n++] = v % 3 ? 0xE4 : leads[(v >> 4) % sizeof leads];
			b[n++] = (unsigned char)(0x80 + (v >> 8) % 64);
			b[n++] = (unsigned char)(0x80 + (v >> 16) % 64);
		}
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		unsigned v = (unsigned)(x >> 32);
		static const unsigned char odd[] = { 0x41, 0x1B, 0x80, 0xBF,
						     0xC2, 0xE3, 0xEC, 0xF0 };
		if (n && v % 4)
			b[(v >> 4) % n] = odd[(v >> 12) % sizeof odd];
		int valid = u8_check(b, n) == NULL, plain = -1;
		if (utf8_valid((const char *)b, n) != valid ||
		    utf8_valid_plain((const char *)b, n, &plain) != valid)
			fail_msg("utf8_valid and u8_check differ, long case %d",
				 k);
		if (valid && plain != !utf8_needs_clean((const char *)b, n))
			fail_msg("plain and utf8_needs_clean differ, long case "
				 "%d", k);
	}
}

/* utf8_needs_clean says 0 only of text utf8_clean leaves as it is, and 1
 * only of text it changes: every code point alone, each between two Han
 * characters. */
static void test_needs_clean(void **state)
{
	(void)state;
	assert_int_equal(utf8_needs_clean("习近平谈治国理政 GDP 2023",
					  strlen("习近平谈治国理政 GDP 2023")),
			 0);
	assert_int_equal(utf8_needs_clean("a\tb", 3), 1);
	/* the quotes, dash and ellipsis of a title go out as they are */
	assert_int_equal(utf8_needs_clean("“新时代”——发展…",
					  strlen("“新时代”——发展…")),
			 0);
	/* a character to clean at every place of a longer text, which is
	 * looked at eight bytes at a time */
	static const char *const bad[] = { "\x1b", "\x7f", "\xC2\x85",
					   "\xE2\x80\x8B", "\xEF\xBB\xBF",
					   "\xD8\x9C" };
	for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
		for (size_t at = 0; at < 24; at++) {
			char t[64];
			memset(t, 'a', at);
			size_t n = at, bl = strlen(bad[k]);
			memcpy(t + n, bad[k], bl);
			n += bl;
			memcpy(t + n, "新时代发展", strlen("新时代发展"));
			n += strlen("新时代发展");
			if (!utf8_needs_clean(t, n))
				fail_msg("case %zu at %zu: not seen", k, at);
			memcpy(t + at, "b", 1); /* the first byte gone */
			if (k < 2 && utf8_needs_clean(t, n))
				fail_msg("case %zu at %zu: seen when gone", k,
					 at);
		}
	}
	/* a lead byte cut short: cleaned, to be safe */
	assert_int_equal(utf8_needs_clean("\xE2\x80", 2), 1);
	for (uint32_t uc = 1; uc < 0x110000; uc++) {
		if (uc >= 0xD800 && uc <= 0xDFFF)
			continue;
		char t[16] = "中";
		size_t n = 3 + utf8_put(uc, t + 3);
		memcpy(t + n, "文", 3);
		n += 3;
		size_t changed = 0, len;
		char *c = utf8_clean(t, n, 0, &len, &changed);
		assert_non_null(c);
		int same = !changed && len == n && !memcmp(c, t, n);
		int plain = -1;
		assert_true(utf8_valid_plain(t, n, &plain));
		if (plain != same)
			fail_msg("U+%04X: utf8_valid_plain says %d",
				 (unsigned)uc, plain);
		if (utf8_needs_clean(t, n) == same)
			fail_msg("U+%04X: utf8_clean %s it, utf8_needs_clean "
				 "says %s", (unsigned)uc,
				 same ? "keeps" : "changes",
				 same ? "it needs cleaning" : "not");
		free(c);
	}
}

static void test_classify(void **state)
{
	(void)state;
	assert_int_equal(utf8_classify('a'), UTF8_KEEP);
	assert_int_equal(utf8_classify(0x4E2D), UTF8_KEEP);
	assert_int_equal(utf8_classify('\t'), UTF8_SPACE);
	assert_int_equal(utf8_classify(0x1B), UTF8_PICTURE); /* ESC */
	assert_int_equal(utf8_classify(0x00), UTF8_PICTURE);
	assert_int_equal(utf8_classify(0x7F), UTF8_PICTURE);
	assert_int_equal(utf8_classify(0x9B), UTF8_PICTURE); /* CSI */
	assert_int_equal(utf8_classify(0x202E), UTF8_DROP); /* RLO */
	assert_int_equal(utf8_classify(0x2066), UTF8_DROP); /* LRI */
	assert_int_equal(utf8_classify(0xFEFF), UTF8_DROP);
	assert_int_equal(utf8_picture(0x1B), 0x241B); /* ␛ */
	assert_int_equal(utf8_picture(0x7F), 0x2421); /* ␡ */
	assert_int_equal(utf8_picture(0x9B), 0xFFFD);
}

static void test_clean(void **state)
{
	(void)state;
	const char in[] = "a\x1b[31mb\tc\xe2\x80\xae" "d\x9b\n\xff";
	size_t n, changed;
	char *out = utf8_clean(in, sizeof in - 1, 0, &n, &changed);
	/* ESC -> ␛, TAB -> space, RLO dropped, a stray C1 byte and 0xFF are
	 * invalid UTF-8 -> U+FFFD, newline -> ␊ */
	assert_string_equal(out, "a\xe2\x90\x9b[31mb cd\xef\xbf\xbd"
				 "\xe2\x90\x8a\xef\xbf\xbd");
	assert_int_equal(n, strlen(out));
	assert_int_equal(changed, 5);
	free(out);
	out = utf8_clean("x\ny", 3, 1, &n, NULL);
	assert_string_equal(out, "x\ny");
	free(out);
	/* a real U+0085 (C1 NEL, encoded) becomes a picture, not a newline */
	out = utf8_clean("\xc2\x85", 2, 1, &n, &changed);
	assert_string_equal(out, "\xef\xbf\xbd");
	assert_int_equal(changed, 1);
	free(out);
}

static void test_classes(void **state)
{
	(void)state;
	assert_true(utf8_is_han(0x4E2D));
	assert_true(utf8_is_han(0x3400));
	assert_true(utf8_is_han(0x20000));
	assert_false(utf8_is_han(0x3002)); /* 。 */
	assert_true(utf8_is_cjk(0x3002));
	assert_true(utf8_is_cjk(0xFF0C)); /* ， */
	assert_true(utf8_is_cjk(0x300A)); /* 《 */
	assert_false(utf8_is_cjk(0x201C)); /* “ is shared with Latin text */
	assert_false(utf8_is_cjk('a'));
	assert_true(utf8_is_space(0x3000));
	assert_true(utf8_is_space(' '));
	assert_false(utf8_is_space('\n'));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_next_and_put),
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_needs_clean),
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_clean),
		cmocka_unit_test(test_classes),
	};
	return cmocka_run_group_tests_name("utf8", tests, NULL, NULL);
}
