/* Tests for decode: encodings, byte order marks, newlines, bad bytes. */
#include "test.h"

#include <iconv.h>

#include "kanbao/build/decode.h"

static char warned[4096];
static void collect(void *ctx, const char *msg)
{
	(void)ctx;
	strncat(warned, msg, sizeof warned - strlen(warned) - 2);
	strcat(warned, "\n");
}

static struct decoded run(const char *data, size_t n, const char *enc)
{
	struct diag d = { collect, NULL, 0 };
	struct decoded out;
	struct err e = { 0 };
	warned[0] = '\0';
	assert_int_equal(decode_text("in.txt", data, n, enc, &d, &out, &e),
			 ERR_OK);
	return out;
}

static void test_utf8_bom_crlf(void **state)
{
	(void)state;
	const char in[] = "\xEF\xBB\xBF第一行\r\n第二行\r第三行";
	struct decoded d = run(in, sizeof in - 1, NULL);
	assert_string_equal(d.text, "第一行\n第二行\n第三行\n");
	assert_string_equal(d.encoding, "UTF-8");
	assert_int_equal(d.invalid, 0);
	assert_string_equal(warned, "");
	free(d.text);
}

static void test_gb18030_detected(void **state)
{
	(void)state;
	/* "中文，新华社" in GB18030 */
	const char in[] = "\xD6\xD0\xCE\xC4\xA3\xAC\xD0\xC2\xBB\xAA\xC9\xE7\n";
	struct decoded d = run(in, sizeof in - 1, NULL);
	assert_string_equal(d.text, "中文，新华社\n");
	assert_string_equal(d.encoding, "GB18030");
	free(d.text);
	/* a four-byte GB18030 sequence: U+20000 is 0x95 0x32 0x82 0x36 */
	d = run("\x95\x32\x82\x36", 4, NULL);
	assert_string_equal(d.text, "\xF0\xA0\x80\x80\n");
	free(d.text);
}

/* `utf8` in `charset`, by iconv, into b (NUL-terminated); its length. */
static size_t encode(const char *utf8, const char *charset, char *b,
		     size_t cap)
{
	iconv_t cd = iconv_open(charset, "UTF-8");
	assert_true(cd != (iconv_t)-1);
	char *in = (char *)utf8, *o = b;
	size_t left = strlen(utf8), room = cap - 1;
	assert_int_equal(iconv(cd, &in, &left, &o, &room), 0);
	iconv_close(cd);
	*o = '\0';
	return (size_t)(o - b);
}

/* Traditional text written by us, in Big5 and in GBK: each read back as
 * written, without --encoding, where uchardet tells them apart. */
static void test_big5_detected(void **state)
{
	(void)state;
#if KANBAO_UCHARDET
	static const char text[] =
		"颱風遠離　北部仍有局部大雨\n"
		"〔記者李大華／台北報導〕中央氣象署表示，颱風中心已於今晨遠離"
		"本島，但北部山區仍有局部大雨。\n"
		"氣象署提醒民眾，前往山區應注意落石及溪水暴漲。\n";
	static char b[1024];
	size_t n = encode(text, "CP950", b, sizeof b);
	struct decoded d = run(b, n, NULL);
	assert_string_equal(d.text, text);
	assert_string_equal(d.encoding, "CP950");
	assert_int_equal(d.invalid, 0);
	free(d.text);
	/* the same characters in GBK stay GB18030 */
	n = encode(text, "GBK", b, sizeof b);
	d = run(b, n, NULL);
	assert_string_equal(d.text, text);
	assert_string_equal(d.encoding, "GB18030");
	free(d.text);
	/* simplified text in GBK too */
	n = encode("新华社北京3月1日电　全国政协十四届一次会议新闻发布会今天举行。"
		   "大会发言人就会议议程和有关情况回答了中外记者提问。\n",
		   "GBK", b, sizeof b);
	d = run(b, n, NULL);
	assert_string_equal(d.encoding, "GB18030");
	free(d.text);
#else
	skip();
#endif
}

static void test_invalid_bytes(void **state)
{
	(void)state;
	const char in[] = "好\n\n坏\xff了\n又\xfe\xfe坏\n";
	struct decoded d = run(in, sizeof in - 1, "UTF-8");
	assert_string_equal(d.text, "好\n\n坏\xEF\xBF\xBD了\n又\xEF\xBF\xBD"
				    "\xEF\xBF\xBD坏\n");
	assert_int_equal(d.invalid, 3);
	assert_non_null(strstr(warned, "in.txt:3:"));
	assert_non_null(strstr(warned, "in.txt:4:"));
	assert_null(strstr(warned, "in.txt:1:"));
	free(d.text);
}

/* Undetected text with bad bytes either way: the reading with fewer of
 * them is kept, UTF-8 on a tie, and its bad bytes are warned of by line
 * (GB18030's reading stops early once it cannot have fewer). */
static void test_fewer_bad_bytes_kept(void **state)
{
	(void)state;
	/* UTF-8 with a stray byte: GB18030 reads more wrong */
	const char u[] = "新华社北京\n电\xff讯\n";
	struct decoded d = run(u, sizeof u - 1, NULL);
	assert_string_equal(d.encoding, "UTF-8");
	assert_string_equal(d.text, "新华社北京\n电\xEF\xBF\xBD讯\n");
	assert_int_equal(d.invalid, 1);
	assert_non_null(strstr(warned, "in.txt:2: bytes that are not valid "
				       "UTF-8"));
	free(d.text);
	/* "中文" and "新华" in GB18030, a stray byte on line 2 */
	const char g[] = "\xD6\xD0\xCE\xC4\n\xD0\xC2\xFF\xBB\xAA\n";
	d = run(g, sizeof g - 1, NULL);
	assert_string_equal(d.encoding, "GB18030");
	assert_string_equal(d.text, "中文\n新\xEF\xBF\xBD华\n");
	assert_int_equal(d.invalid, 1);
	assert_non_null(strstr(warned, "in.txt:2: bytes that are not valid "
				       "GB18030"));
	free(d.text);
	/* one bad byte either way: UTF-8 */
	d = run("\xff\n", 2, NULL);
	assert_string_equal(d.encoding, "UTF-8");
	assert_int_equal(d.invalid, 1);
	free(d.text);
}

static void test_many_bad_lines_summarised(void **state)
{
	(void)state;
	char in[400];
	size_t n = 0;
	for (int i = 0; i < 30; i++) {
		in[n++] = '\xff';
		in[n++] = '\n';
	}
	struct decoded d = run(in, n, "UTF-8");
	assert_int_equal(d.invalid, 30);
	assert_non_null(strstr(warned, "20 more lines"));
	free(d.text);
}

static void test_forced_and_unknown(void **state)
{
	(void)state;
	const char in[] = "\xD6\xD0"; /* 中 in GBK */
	struct decoded d = run(in, 2, "GBK");
	assert_string_equal(d.text, "中\n");
	free(d.text);
	struct decoded out;
	struct err e = { 0 };
	assert_int_equal(decode_text("in.txt", in, 2, "BOGUS", NULL, &out, &e),
			 ERR_ENCODING);
	assert_string_equal(e.msg, "in.txt: unknown encoding 'BOGUS'");
}

static void test_utf16_bom(void **state)
{
	(void)state;
	const char in[] = "\xFF\xFE\x2D\x4E\x87\x65\x0A\x00"; /* 中文\n LE */
	struct decoded d = run(in, sizeof in - 1, NULL);
	assert_string_equal(d.text, "中文\n");
	free(d.text);
}

static void test_controls(void **state)
{
	(void)state;
	const char in[] = "a\x1b[2Jb\0c\x7f";
	struct decoded d = run(in, sizeof in - 1, NULL);
	assert_string_equal(d.text, "a\xe2\x90\x9b[2Jb\xe2\x90\x80" "c"
				    "\xe2\x90\xa1\n");
	assert_int_equal(d.controls, 3);
	assert_non_null(strstr(warned, "3 control"));
	free(d.text);
}

/* A page break stays (the builder's pages); other controls do not. */
static void test_form_feed_kept(void **state)
{
	(void)state;
	const char in[] = "第一版\n\f第二版\n";
	struct decoded d = run(in, sizeof in - 1, NULL);
	assert_string_equal(d.text, "第一版\n\f第二版\n");
	assert_int_equal(d.controls, 0);
	free(d.text);
}

/* Big5 conversions leave small-form punctuation: it is put full-width. */
static void test_small_forms(void **state)
{
	(void)state;
	const char in[] = "香港\xef\xb9\x90九龍\xef\xb9\x92新界\xef\xb8\xb5一\xef\xb8\xb6";
	struct decoded d = run(in, sizeof in - 1, NULL);
	assert_string_equal(d.text, "香港，九龍。新界（一）\n");
	assert_int_equal(d.small_forms, 4);
	free(d.text);
}

static void test_empty(void **state)
{
	(void)state;
	struct decoded d = run("", 0, NULL);
	assert_string_equal(d.text, "");
	assert_int_equal(d.len, 0);
	free(d.text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_bom_crlf),
		cmocka_unit_test(test_form_feed_kept),
		cmocka_unit_test(test_small_forms),
		cmocka_unit_test(test_gb18030_detected),
		cmocka_unit_test(test_big5_detected),
		cmocka_unit_test(test_invalid_bytes),
		cmocka_unit_test(test_fewer_bad_bytes_kept),
		cmocka_unit_test(test_many_bad_lines_summarised),
		cmocka_unit_test(test_forced_and_unknown),
		cmocka_unit_test(test_utf16_bom),
		cmocka_unit_test(test_controls),
		cmocka_unit_test(test_empty),
	};
	return cmocka_run_group_tests_name("decode", tests, NULL, NULL);
}
