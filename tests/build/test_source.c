/* Tests for source: kinds of file by their bytes, metadata dates, and the
 * articles made of structured items. */
#include "test.h"

#include "kanbao/build/source.h"

static void test_sniff_kinds(void **state)
{
	(void)state;
#define KIND(want, name, text)                                                \
	assert_int_equal(source_sniff(name, text, strlen(text)), want)
	KIND(SOURCE_JSON, "-", "{\"title\":\"标题\"}\n{\"title\":\"二\"}\n");
	KIND(SOURCE_JSON, "a.txt", "\xEF\xBB\xBF  [ {\"title\":\"标题\"} ]");
	KIND(SOURCE_JSON, "a", "[]");
	KIND(SOURCE_TEXT, "a", "[图片] 本报北京3月1日电");
	KIND(SOURCE_FEED, "-", "<?xml version=\"1.0\"?>\n<rss version=\"2.0\">");
	KIND(SOURCE_FEED, "-", "<?xml version=\"1.0\"?><!-- c -->"
			       "<?xml-stylesheet href=\"a\"?>\n<feed xmlns=\"\">");
	KIND(SOURCE_FEED, "-", "<rdf:RDF xmlns:rdf=\"x\">");
	KIND(SOURCE_FEED, "-", "<?xml version=\"1.0\"?>\n<!DOCTYPE rss PUBLIC "
			       "\"-//Netscape Communications//DTD RSS 0.91//"
			       "EN\" \"http://x/rss-0.91.dtd\">\n<rss>");
	KIND(SOURCE_FEED, "-", "<!DOCTYPE rss [<!ENTITY a \"<b>\">]><rss>");
	KIND(SOURCE_HTML, "-", "<!DOCTYPE html><html><head>");
	KIND(SOURCE_HTML, "-", "<!-- saved -->\n<HTML lang=\"zh\">");
	KIND(SOURCE_HTML, "page", "<div class=\"a\"><p>段落</p></div>");
	KIND(SOURCE_MARKDOWN, "a.md", "<p>段落</p>");
	KIND(SOURCE_MARKDOWN, "-", "---\ntitle: 标题\ndate: 2024-03-01\n---\n");
	KIND(SOURCE_MARKDOWN, "-", "# 标题\n\n正文。\n");
	KIND(SOURCE_MARKDOWN, "day/01.md", "正文。\n");
	KIND(SOURCE_TEXT, "-", "---\n本报北京3月1日电\n");
	KIND(SOURCE_TEXT, "-", "#话题#\n");
	KIND(SOURCE_TEXT, "rmrb_20010101.txt", "本报北京12月31日电　正文。\n");
	KIND(SOURCE_TEXT, "-", "");
#undef KIND
}

/* Files that are no text, told from text that has a stray control byte,
 * pdftotext's form feeds, GBK, or UTF-16's NUL bytes. */
static void test_binary(void **state)
{
	(void)state;
	char png[4096] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
	for (size_t i = 16; i < sizeof png; i++)
		png[i] = (char)(i * 131 % 251); /* as random as compressed */
	assert_non_null(source_binary(png, sizeof png, NULL));
	assert_non_null(source_binary(png, sizeof png, "GBK"));
	assert_non_null(strstr(source_binary("%PDF-1.7\n%\xE2\xE3\n", 14,
					     NULL), "pdftotext"));
	assert_non_null(strstr(source_binary("\x1F\x8B\x08", 3, NULL),
			       "zcat"));
	char text[2000];
	memset(text, 'a', sizeof text);
	text[100] = '\0'; /* one stray NUL in 2000 bytes */
	text[500] = '\f';
	text[600] = '\x1b';
	assert_null(source_binary(text, sizeof text, NULL));
	text[700] = '\x01';
	memset(text + 800, '\x01', 97); /* 99 in 2000: still text */
	assert_null(source_binary(text, sizeof text, NULL));
	text[900] = '\x7f'; /* 100 in 2000, 5%: not */
	assert_non_null(source_binary(text, sizeof text, NULL));
	assert_null(source_binary(text + 800, 15, NULL)); /* 15: too few */
	assert_non_null(source_binary(text + 800, 16, NULL));
	static const char gbk[] = "\xB1\xBE\xB1\xA8\xB1\xB1\xBE\xA9\r\n";
	assert_null(source_binary(gbk, sizeof gbk - 1, NULL));
	char utf16[2 + 6 * 40] = "\xFF\xFE"; /* 本1\n forty times */
	for (size_t i = 2; i < sizeof utf16; i += 6)
		memcpy(utf16 + i, "\x2c\x67\x31\0\n\0", 6);
	assert_null(source_binary(utf16, sizeof utf16, NULL));
	assert_null(source_binary(utf16 + 2, sizeof utf16 - 2, "utf-16le"));
	assert_non_null(source_binary(utf16 + 2, sizeof utf16 - 2, NULL));
	assert_null(source_binary("", 0, NULL));
}

static void test_dates(void **state)
{
	(void)state;
#define DATE(want, text) assert_int_equal(source_date(text, strlen(text)), want)
	DATE(20240301, "2024-03-01");
	DATE(20240301, " 2024-03-01T23:30:00+08:00 ");
	DATE(20240301, "2024/03/01 08:00");
	DATE(20240301, "Fri, 01 Mar 2024 08:00:00 +0800");
	DATE(20240301, "1 Mar 2024 08:00 GMT");
	DATE(19990301, "Mon, 01 Mar 99 08:00:00 GMT");
	DATE(20240301, "2024年3月1日 08:00");
	DATE(20240301, "发布时间：2024年03月01日");
	/* 2024-03-01 00:30 in China is 2024-02-29 16:30 UTC */
	DATE(20240301, "1709224200");
	DATE(20240301, "1709224200000");
	DATE(0, "2024-02-30");
	DATE(0, "3月1日");
	DATE(0, "Fri, 32 Mar 2024");
	DATE(0, "");
	assert_int_equal(source_date(NULL, 0), 0); /* an item with no date */
	DATE(0, "yesterday");
#undef DATE
}

static void test_finish(void **state)
{
	(void)state;
	struct article_list out = { 0 };
	struct source_item it = { 0 };
	buf_puts(&it.title, "  习近平  在 2024 年\n会议上讲话 ");
	buf_puts(&it.byline, "记者 邹 伟 樊 曦");
	buf_puts(&it.date, "2024-03-01T08:00:00+08:00");
	buf_puts(&it.page, "第04版"); /* as every kind writes it: 4 */
	const char *p1 = "　　习近平 在 2024 年\n会议上讲话";
	const char *p2 = "　　正文\t第一段，\n接着写。　";
	assert_int_equal(source_item_add(&it, BLOCK_PARA, p1, strlen(p1)), 0);
	assert_int_equal(source_item_add(&it, BLOCK_HEAD, " ", 1), 0);
	assert_int_equal(source_item_add(&it, BLOCK_PARA, p2, strlen(p2)), 0);
	assert_int_equal(source_item_finish("t", 1, &it, NULL, &out, NULL),
			 ERR_OK);
	assert_int_equal(out.n, 1);
	struct article *a = &out.v[0];
	assert_string_equal(a->title, "习近平在2024年会议上讲话");
	assert_string_equal(a->byline, "记者 邹伟 樊曦");
	assert_string_equal(a->page, "4");
	assert_int_equal(a->date, 20240301);
	assert_null(a->source);
	assert_int_equal(a->flags, 0);
	/* the paragraph repeating the title and the blank head are gone */
	assert_int_equal(a->nblocks, 1);
	assert_string_equal(a->blocks[0].text, "正文第一段，接着写。");
	assert_null(it.paras); /* emptied for the next item */
	article_list_free(&out);
}

static void test_finish_untitled(void **state)
{
	(void)state;
	struct article_list out = { 0 };
	struct source_item it = { 0 };
	struct import_opts o = { .date = 20240302 };
	const char *p = "本报北京3月1日电　全国政协十四届二次会议今天开幕，会期七天。";
	assert_int_equal(source_item_add(&it, BLOCK_PARA, p, strlen(p)), 0);
	assert_int_equal(source_item_finish("t", 1, &it, &o, &out, NULL),
			 ERR_OK);
	assert_int_equal(out.n, 1);
	assert_true(out.v[0].flags & ARTICLE_TITLE_DERIVED);
	assert_non_null(out.v[0].title);
	assert_int_equal(out.v[0].date, 20240302);
	/* the file's name dates it before --date does */
	assert_int_equal(source_item_add(&it, BLOCK_PARA, p, strlen(p)), 0);
	assert_int_equal(source_item_finish("day/rmrb_20240301-04.md", 1, &it,
					    &o, &out, NULL),
			 ERR_OK);
	assert_int_equal(out.n, 2);
	assert_int_equal(out.v[1].date, 20240301);
	/* a paragraph of an opening bracket alone, or a dateline alone, is
	 * its own title, never an empty one */
	const char *only[] = { "[", "新华社北京3月1日电", "本报长沙3月4日电" };
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(source_item_add(&it, BLOCK_PARA, only[i],
						 strlen(only[i])),
				 0);
		assert_int_equal(source_item_finish("t", 1, &it, &o, &out,
						    NULL),
				 ERR_OK);
		assert_string_equal(out.v[out.n - 1].title, only[i]);
	}
	/* nothing at all: dropped, with a warning */
	buf_puts(&it.title, " \t ");
	assert_int_equal(source_item_finish("t", 2, &it, &o, &out, NULL),
			 ERR_OK);
	assert_int_equal(out.n, 5);
	article_list_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sniff_kinds),
		cmocka_unit_test(test_binary),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_finish),
		cmocka_unit_test(test_finish_untitled),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
