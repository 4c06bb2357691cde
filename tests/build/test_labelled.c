/* Tests for labelled: records of labelled fields that archives dump. */
#include "test.h"

#include "kanbao/build/labelled.h"

struct warnings {
	char text[4096];
	int count;
};

static void collect(void *ctx, const char *msg)
{
	struct warnings *w = ctx;
	size_t n = strlen(w->text);
	snprintf(w->text + n, sizeof w->text - n, "%s\n", msg);
	w->count++;
}

static struct warnings warned;

static void read_records(const char *text, struct article_list *l)
{
	struct diag d = { collect, &warned, 0 };
	struct import_opts o = { .diag = &d };
	struct err e = { 0 };
	memset(&warned, 0, sizeof warned);
	memset(l, 0, sizeof *l);
	assert_true(labelled_is(text, strlen(text)));
	assert_int_equal(labelled_import("dump.txt", text, strlen(text), 0, &o,
					 l, &e),
			 ERR_OK);
}

static const char BRACKETED[] =
	"【标题】首都各界群众喜迎新世纪\n"
	"【引题】欢声笑语辞旧岁　万众一心迎新年\n"
	"【作者】本报记者　孟繁星　吴建华\n"
	"【日期】2001.01.01\n"
	"【版次】第1版\n"
	"【栏目】要闻\n"
	"【正文】\n"
	"本报北京12月31日电　今天是二十世纪的最后一天。首都街头张灯结彩。\n"
	"\n"
	"一大早，天安门广场上就聚集了来自全国各地的游客。\n"
	"\n"
	"【标题】京津冀协同发展迈出新步伐\n"
	"【作者】本报记者　李大同\n"
	"【日期】2001.01.01\n"
	"【版次】第2版\n"
	"【正文】\n"
	"记者从天津市有关部门获悉，京津冀三地今年签署多项合作协议。\n"
	"三地有关负责人表示，明年将继续深化合作。\n";

static void test_bracketed_records(void **state)
{
	(void)state;
	struct article_list l;
	read_records(BRACKETED, &l);
	assert_int_equal(l.n, 2);
	const struct article *a = &l.v[0];
	assert_string_equal(a->title, "首都各界群众喜迎新世纪");
	assert_string_equal(a->subtitle, "欢声笑语辞旧岁　万众一心迎新年");
	assert_string_equal(a->byline, "本报记者 孟繁星 吴建华");
	assert_string_equal(a->page, "1");
	assert_string_equal(a->place, "北京");
	/* the dateline's day, in the year before the January issue */
	assert_int_equal(a->date, 20001231);
	assert_int_equal(a->nblocks, 3);
	assert_string_equal(a->blocks[0].text, "栏目：要闻");
	assert_non_null(strstr(a->blocks[1].text, "本报北京12月31日电　今天"));
	const struct article *b = &l.v[1];
	assert_string_equal(b->title, "京津冀协同发展迈出新步伐");
	assert_string_equal(b->page, "2"); /* its own, not the first's */
	assert_int_equal(b->date, 20010101); /* no dateline: the issue's */
	assert_null(b->subtitle);
	assert_int_equal(b->nblocks, 2);
	assert_int_equal(warned.count, 0);
	article_list_free(&l);
}

/* Labels with colons, traditional keys, the body on the label's line,
 * records starting with the date; a transcript's 记者： in the body is
 * text, not a field. */
static void test_colon_records(void **state)
{
	(void)state;
	struct article_list l;
	read_records("日期：民國114年10月20日\n"
		     "標題：立法院三讀通過少子化對策專法\n"
		     "來源：中央社\n"
		     "內容：（中央社記者陳小明台北19日電）立法院會今天三讀通過專法。\n"
		     "記者：這項專法何時施行？\n"
		     "部長：明年一月一日起施行。\n"
		     "日期：民國114年10月20日\n"
		     "標題：半導體出口續強\n"
		     "內容：經濟部今天公布九月外銷訂單。\n",
		     &l);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].title, "立法院三讀通過少子化對策專法");
	assert_string_equal(l.v[0].source, "中央社");
	assert_int_equal(l.v[0].date, 20251019);
	assert_int_equal(l.v[0].nblocks, 3);
	assert_string_equal(l.v[0].blocks[1].text, "記者：這項專法何時施行？");
	assert_string_equal(l.v[1].title, "半導體出口續強");
	assert_int_equal(l.v[1].date, 20251020);
	article_list_free(&l);
}

/* English keys, in any case. */
static void test_english_keys(void **state)
{
	(void)state;
	struct article_list l;
	read_records("Title: 首都各界群众喜迎新世纪\n"
		     "Author: 本报记者　孟繁星\n"
		     "DATE: 2001-01-01\n"
		     "Page: 4\n"
		     "Content:\n"
		     "今天是二十世纪的最后一天。\n"
		     "Title: 京津冀协同发展迈出新步伐\n"
		     "Date: 2001-01-01\n"
		     "Content: 京津冀三地今年签署多项合作协议。\n",
		     &l);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].title, "首都各界群众喜迎新世纪");
	assert_string_equal(l.v[0].page, "4");
	assert_int_equal(l.v[0].date, 20010101);
	assert_string_equal(l.v[1].title, "京津冀协同发展迈出新步伐");
	assert_int_equal(l.v[1].nblocks, 1);
	article_list_free(&l);
}

/* A body wrapped at a width, its paragraphs indented: the lines of a
 * paragraph joined, a short line that breaks off (a section head) and
 * lines that end their sentence kept apart. */
static void test_wrapped_body(void **state)
{
	(void)state;
	struct article_list l;
	read_records("【标题】首都各界群众喜迎新世纪\n"
		     "【作者】本报记者　孟繁星\n"
		     "【日期】2001.01.01\n"
		     "【正文】\n"
		     "　　今天是二十世纪的最后一天。首都街头张灯结彩，商场、公园\n"
		     "和广场人流如织，处处洋溢着辞旧迎新的喜庆气氛。\n"
		     "一、节日市场\n"
		     "　　西单、王府井等商业街区的节日商品销售十分红火，前来选购\n"
		     "年货的顾客比往年同期多出三成。\n"
		     "一大早，天安门广场上就聚集了来自全国各地的游客。\n",
		     &l);
	assert_int_equal(l.n, 1);
	const struct article *a = &l.v[0];
	assert_int_equal(a->nblocks, 4);
	assert_string_equal(a->blocks[0].text,
			    "今天是二十世纪的最后一天。首都街头张灯结彩，商场、公园"
			    "和广场人流如织，处处洋溢着辞旧迎新的喜庆气氛。");
	assert_string_equal(a->blocks[1].text, "一、节日市场");
	assert_non_null(strstr(a->blocks[2].text, "前来选购年货的顾客"));
	assert_string_equal(a->blocks[3].text,
			    "一大早，天安门广场上就聚集了来自全国各地的游客。");
	article_list_free(&l);
}

/* Text before the first label: an article of its own, with a warning. */
static void test_text_before(void **state)
{
	(void)state;
	struct article_list l;
	read_records("人民日报数据库导出\n"
		     "【标题】首都各界群众喜迎新世纪\n"
		     "【作者】本报记者　孟繁星\n"
		     "【日期】2001-01-01\n"
		     "【正文】今天是二十世纪的最后一天。\n",
		     &l);
	assert_int_equal(l.n, 2);
	assert_true(l.v[0].flags & ARTICLE_TITLE_DERIVED);
	assert_string_equal(l.v[1].title, "首都各界群众喜迎新世纪");
	assert_non_null(strstr(warned.text, "dump.txt:1: text before"));
	article_list_free(&l);
}

/* What is no dump: pages with a label or two, a record of labels far
 * down, labels too few among the lines. */
static void test_not_dumps(void **state)
{
	(void)state;
	static const char *const no[] = {
		("国务院常务会议部署推进城市更新工作\n"
		 "2025-10-20 09:12:35　来源：新华网\n"
		 "作者：张三\n"
		 "新华社北京10月19日电　国务院常务会议部署推进城市更新工作。\n"),
		"标题：一篇文章\n正文：只有两个字段。\n",
		("一\n二\n三\n四\n五\n六\n七\n八\n九\n十\n十一\n"
		 "【标题】晚了\n【作者】张三\n【日期】2001-01-01\n"),
		"",
	};
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		if (labelled_is(no[i], strlen(no[i])))
			fail_msg("a dump: %s", no[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bracketed_records),
		cmocka_unit_test(test_colon_records),
		cmocka_unit_test(test_english_keys),
		cmocka_unit_test(test_wrapped_body),
		cmocka_unit_test(test_text_before),
		cmocka_unit_test(test_not_dumps),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
