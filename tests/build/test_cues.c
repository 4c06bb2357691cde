/* Tests for cues: the marks of a newspaper page. */
#include "test.h"

#include "kanbao/build/cues.h"

static int dl(const char *s, struct dateline *d)
{
	return cues_dateline(s, strlen(s), d);
}

static void span_is(const char *s, struct cue_span sp, const char *want)
{
	if (sp.len != strlen(want) || memcmp(s + sp.at, want, sp.len))
		fail_msg("span '%.*s', want '%s'", (int)sp.len, s + sp.at, want);
}

static void test_dateline_forms(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		int year, month, day;
		const char *agency, *place, *byline;
		size_t len; /* bytes of the dateline, 0: the whole text */
	} forms[] = {
		{ "新华社北京3月1日电 关于召开", 0, 3, 1, "新华社", "北京", "",
		  strlen("新华社北京3月1日电") },
		{ "据新华社北京3月1日电 政协", 0, 3, 1, "新华社", "北京", "",
		  strlen("据新华社北京3月1日电") },
		{ "新华社北京 5月 14 日电 记者", 0, 5, 14, "新华社", "北京", "",
		  strlen("新华社北京 5月 14 日电") },
		{ "本报北京12月31日电 记者张三报道：新年", 0, 12, 31, "本报",
		  "北京", "记者张三",
		  strlen("本报北京12月31日电 记者张三报道：") },
		{ "本报讯（记者 李 四）昨天", 0, 0, 0, "本报", "", "记者 李 四",
		  strlen("本报讯（记者 李 四）") },
		{ "本报讯 一场雪", 0, 0, 0, "本报", "", "", strlen("本报讯") },
		{ "本报太原2000年12月31日电 山西", 2000, 12, 31, "本报", "太原", "",
		  strlen("本报太原2000年12月31日电") },
		{ "新华社华盛顿12月30日专电 美国", 0, 12, 30, "新华社", "华盛顿",
		  "", strlen("新华社华盛顿12月30日专电") },
		{ "新华社北京1月1日零时电 新世纪", 0, 1, 1, "新华社", "北京", "",
		  strlen("新华社北京1月1日零时电") },
		{ "本报北京十二月三十一日电 记者", 0, 12, 31, "本报", "北京", "",
		  strlen("本报北京十二月三十一日电") },
		{ "新华社北京5月15日电（记者 高 蕾）今年", 0, 5, 15, "新华社",
		  "北京", "记者 高 蕾", strlen("新华社北京5月15日电（记者 高 蕾）") },
		{ "中新社香港1月1日电 香港", 0, 1, 1, "中新社", "香港", "",
		  strlen("中新社香港1月1日电") },
		{ "新华社布宜诺斯艾利斯12月30日电 阿根廷", 0, 12, 30, "新华社",
		  "布宜诺斯艾利斯", "", strlen("新华社布宜诺斯艾利斯12月30日电") },
		{ "本报记者王五报道：连日来", 0, 0, 0, "本报", "", "记者王五",
		  strlen("本报记者王五报道：") },
		{ "记者 赵六、钱七报道：", 0, 0, 0, "", "", "记者 赵六、钱七",
		  strlen("记者 赵六、钱七报道：") },
		{ "据新华社电 据报道", 0, 0, 0, "新华社", "", "",
		  strlen("据新华社电") },
		/* Hong Kong and Taiwan papers: traditional characters */
		{ "本報北京12月31日電 記者", 0, 12, 31, "本報", "北京", "",
		  strlen("本報北京12月31日電") },
		{ "新華社香港1月1日專電 香港", 0, 1, 1, "新華社", "香港", "",
		  strlen("新華社香港1月1日專電") },
		{ "本報訊（記者 李 四）昨天", 0, 0, 0, "本報", "", "記者 李 四",
		  strlen("本報訊（記者 李 四）") },
		/* a day without its month (Taiwan's agency, and Xinhua now
		 * and then); in brackets at the start of the text, the
		 * brackets are the dateline's */
		{ "新华社北京3日电 国务院", 0, 0, 3, "新华社", "北京", "",
		  strlen("新华社北京3日电") },
		{ "（中央社台北7日電）行政院會", 0, 0, 7, "中央社", "台北", "",
		  strlen("（中央社台北7日電）") },
		/* the reporter's name and the place run together: no place */
		{ "（中央社記者王小明台北7日電）行政院會", 0, 0, 7, "中央社", "",
		  "", strlen("（中央社記者王小明台北7日電）") },
		/* the reporter, a slash, the place (Taiwan papers) */
		{ "〔記者李大華／台北報導〕中央氣象署", 0, 0, 0, "", "台北",
		  "記者李大華", strlen("〔記者李大華／台北報導〕") },
		{ "【記者 李大華/高雄報導】市府", 0, 0, 0, "", "高雄",
		  "記者 李大華", strlen("【記者 李大華/高雄報導】") },
		/* Hong Kong: a paper's own news, its name two characters */
		{ "【明報專訊】政府今日", 0, 0, 0, "明報", "", "",
		  strlen("【明報專訊】") },
		{ "【本報訊】記者", 0, 0, 0, "本報", "", "", strlen("【本報訊】") },
		/* wrapped by a narrow column */
		{ "新华\n社北\n京 5 月 14 日电", 0, 5, 14, "新华\n社", "北\n京",
		  "", strlen("新华\n社北\n京 5 月 14 日电") },
	};
	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		struct dateline d;
		const char *s = forms[i].text;
		if (!dl(s, &d))
			fail_msg("not a dateline: %s", s);
		assert_int_equal(d.date.year, forms[i].year);
		assert_int_equal(d.date.month, forms[i].month);
		assert_int_equal(d.date.day, forms[i].day);
		span_is(s, d.agency, forms[i].agency);
		span_is(s, d.place, forms[i].place);
		span_is(s, d.byline, forms[i].byline);
		if (d.len != forms[i].len)
			fail_msg("%s: %zu bytes, want %zu", s, d.len,
				 forms[i].len);
	}
}

static void test_dateline_rejects(void **state)
{
	(void)state;
	static const char *const no[] = {
		"新华社北京电视台播出", /* an undated one needs a break after */
		"本报告指出，", "记者在现场看到", "我们3月1日出发",
		"新华社北京13月1日电", "新华社北京3月32日电",
		"新华社北京3月1日报道", "据了解，", "北京3月1日电",
		"新华社北京市东城区朝阳门内大街3月1日电",
		"华社延安1月8日电）", /* the end of a wrapped 新华社 */
		"明报专讯", /* two characters only in brackets */
		"（本报西安 12 月 30 日电）", /* alone: a closing dateline */
		"（中央社台北7日電", /* its bracket not closed */
		"（本报记者 张三）昨天", /* a byline */
		"记者李大华／台北", /* no 报导 */
		"新华社北京32日电",
		"",
	};
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++) {
		struct dateline d;
		if (dl(no[i], &d))
			fail_msg("a dateline: %s", no[i]);
	}
}

static void test_closing(void **state)
{
	(void)state;
	struct dateline d;
	const char *s = "(新华社北京3月1日电)";
	assert_int_equal(cues_closing(s, strlen(s), &d), 0);
	assert_int_equal(d.date.day, 1);
	s = "……生活更美好。（本报华盛顿12月30日电）";
	assert_int_equal(cues_closing(s, strlen(s), &d),
			 strlen("……生活更美好。"));
	s = "（新华社北京 5月 14 日电 记者 邹 伟 樊 曦\n魏玉坤 李 鲲 齐雷杰 "
	    "郭宇靖）";
	assert_int_equal(cues_closing(s, strlen(s), &d), 0);
	assert_int_equal(d.date.month, 5);
	const char *in = s + 3;
	span_is(in, d.byline, "记者 邹 伟 樊 曦\n魏玉坤 李 鲲 齐雷杰 郭宇靖");
	static const char *const no[] = {
		"（2022年3月1日政协第十三届全国委员会常务委员会第二十次会议通过）",
		"（完）", "（新华社发）", "（新华社北京电视台）", "他说（大意）",
		"(新华社北京3月1日电", "本报讯（记者 李四）",
	};
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
		if (cues_closing(no[i], strlen(no[i]), &d) != (size_t)-1)
			fail_msg("closing: %s", no[i]);
}

static void test_opening(void **state)
{
	(void)state;
	struct opening o;
	const char *s = "新华社北京3月1日电 关于召开第五次会议的决定（2022年3月1日"
			"常务委员会通过）";
	assert_true(cues_opening(s, strlen(s), &o));
	assert_true(o.headline);
	assert_int_equal(o.rest, strlen("新华社北京3月1日电 "));
	assert_string_equal(s + o.head, "（2022年3月1日常务委员会通过）");
	s = "据新华社北京3月1日电 国务院日前印发《意见》。";
	assert_true(cues_opening(s, strlen(s), &o));
	assert_false(o.headline);
	s = "新华社北京1月1日电";
	assert_true(cues_opening(s, strlen(s), &o));
	assert_int_equal(o.rest, strlen(s));
}

static void test_bylines(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		int is;
		const char *inside;
	} cases[] = {
		{ "新华社记者 朱基钗 高雷", 1, "新华社记者 朱基钗 高雷" },
		{ "（记者 高 蕾）", 1, "记者 高 蕾" },
		{ "本报记者 张三 通讯员 李四", 1, "本报记者 张三 通讯员 李四" },
		{ "本报记者张三、李四", 1, "本报记者张三、李四" },
		{ "本报评论员", 1, "本报评论员" },
		{ "本报特约评论员 王五", 1, "本报特约评论员 王五" },
		{ "文/赵六", 1, "文/赵六" },
		{ "□ 本报记者 孙七", 1, "本报记者 孙七" },
		{ "新华社记者 加米哈·达吾来提", 1, "新华社记者 加米哈·达吾来提" },
		{ "本報記者 張三", 1, "本報記者 張三" },
		{ "（記者 高 蕾）", 1, "記者 高 蕾" },
		{ "记者在现场看到，", 0, NULL },
		{ "总书记和代表委员的故事", 0, NULL },
		{ "记者 这是一个很长很长的名字", 0, NULL },
		{ "（记者 高蕾", 0, NULL },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct cue_span in;
		const char *s = cases[i].text;
		int is = cues_byline(s, strlen(s), &in);
		if (is != cases[i].is)
			fail_msg("%s: byline %d, want %d", s, is, cases[i].is);
		if (is)
			span_is(s, in, cases[i].inside);
	}
	assert_true(cues_names("高雷", 6));
	assert_true(cues_names("魏玉坤 李 鲲 齐雷杰 郭宇靖",
			       strlen("魏玉坤 李 鲲 齐雷杰 郭宇靖")));
	assert_false(cues_names("关怀，始终如一", strlen("关怀，始终如一")));
	assert_false(cues_names("社会主义现代化", strlen("社会主义现代化")));
}

static void test_photo_note_numbering(void **state)
{
	(void)state;
#define YES(f, s) assert_true(f(s, strlen(s)))
#define NO(f, s) assert_false(f(s, strlen(s)))
	YES(cues_credit, "新华社记者 张三摄");
	YES(cues_credit, "本报记者 李四 摄");
	YES(cues_credit, "（新华社发）");
	YES(cues_credit, "（新华社记者 王五摄）");
	YES(cues_credit, "新華社記者 張三攝");
	NO(cues_credit, "他拍摄");
	NO(cues_credit, "北京冬奥会开幕式今晚举行，场面壮观，令人难忘，观众拍摄");
	YES(cues_photo_title, "雪后长城（图片）");
	YES(cues_photo_title, "春运首日（附图片2张）");
	YES(cues_photo_title, "春运首日（附图片两张）");
	YES(cues_photo_title, "冰雪之约(组图)");
	NO(cues_photo_title, "关于召开会议的决定（草案）");
	YES(cues_photo_mark, "     （图片）");
	YES(cues_photo_mark, "（附图片2张）");
	YES(cues_photo_mark, "(组图)");
	NO(cues_photo_mark, "雪后长城（图片）");
	NO(cues_photo_mark, "（新华社）（图片）");
	NO(cues_photo_mark, "（草案）");
	YES(cues_caption, "图片：1月1日，游客在长城上。");
	YES(cues_caption, "图为工人在检修线路。");
	NO(cues_caption, "图书馆开放");
	assert_int_equal(cues_note("编者按：新年伊始，", strlen("编者按：新年伊始，")),
			 strlen("编者按："));
	assert_int_equal(cues_note("【编者按】新年", strlen("【编者按】新年")),
			 strlen("【编者按】"));
	assert_int_equal(cues_note("编者的话", strlen("编者的话")),
			 strlen("编者的话"));
	assert_int_equal(cues_note("編者按：新年", strlen("編者按：新年")),
			 strlen("編者按："));
	assert_int_equal(cues_note("编者们说", strlen("编者们说")), 0);
	YES(cues_numbered, "（三）向改革创新要动力");
	YES(cues_numbered, "一、坚持稳中求进");
	YES(cues_numbered, "1. 扩大内需");
	YES(cues_numbered, "②科技创新");
	YES(cues_numbered, "■ 简讯");
	YES(cues_numbered, "第一，要坚持");
	NO(cues_numbered, "1.5万人参加");
	NO(cues_numbered, "一带一路");
	NO(cues_numbered, "第一名无双臂大学生");
	YES(cues_end_mark, "全文结束。（完）");
	NO(cues_end_mark, "完成");
	YES(cues_author_note, "（作者为中国农业大学教授）");
	YES(cues_author_note, "  （作者系北京大学中国经济研究中心主任） ");
	YES(cues_author_note, "(作者单位：中国社会科学院)");
	NO(cues_author_note, "（作者供图）（完）");
	NO(cues_author_note, "作者为中国农业大学教授");
	NO(cues_author_note, "（作者的话）");
	NO(cues_author_note, "（本报记者　张三）");
	YES(cues_kicker_end, "习近平在河北考察时强调");
	YES(cues_kicker_end, "李强在会上表示：");
	NO(cues_kicker_end, "总书记和代表委员的故事");
#undef YES
#undef NO
}

static void test_issue_lines(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		int is, date, weekday, source;
		const char *paper, *page;
	} cases[] = {
		{ "《人民日报》（2025年10月20日 第 01 版）", 1, 20251020, 0, 1,
		  "人民日报", "01" },
		{ "人民日报 2001年1月1日 星期一 第4版", 1, 20010101, 1, 0,
		  "人民日报", "4" },
		{ "2001年1月1日 星期一", 1, 20010101, 1, 0, "", "" },
		{ "2025-10-20 第 A3 版 要闻", 1, 20251020, 0, 0, "", "A3" },
		{ "来源：人民日报 2001年1月1日", 1, 20010101, 0, 1, "人民日报",
		  "" },
		{ "【人民日报 2001-01-01 第 04 版 国际】", 1, 20010101, 0, 1,
		  "人民日报", "04" },
		/* a web page's: when it was put up, and two sources */
		{ "2025-10-20 08:30:11　来源：人民网－人民日报", 1, 20251020, 0,
		  1, "人民网－人民日报", "" },
		{ "2025-10-20 09:12　来源：新华网", 1, 20251020, 0, 1, "新华网",
		  "" },
		/* a labelled date: a dump's, a web page's; the article's
		 * under its headline, as a source line is */
		{ "【日期】2001.01.01", 1, 20010101, 0, 1, "", "" },
		{ "发布日期：2025年10月20日", 1, 20251020, 0, 1, "", "" },
		{ "日期: 2001-01-01", 1, 20010101, 0, 1, "", "" },
		/* a Taiwan paper's masthead, in the Republic's era */
		{ "中華民國114年10月20日　星期一", 1, 20251020, 1, 0, "", "" },
		{ "自由時報　民國一一四年十月二十日　星期一", 1, 20251020, 1, 0,
		  "自由時報", "" },
		/* a wrong weekday: not a masthead */
		{ "2001年1月1日 星期二", 0, 0, 0, 0, NULL, NULL },
		/* a date alone, a sentence, a speech's date */
		{ "（2000年12月31日）", 0, 0, 0, 0, NULL, NULL },
		{ "2001年1月1日，星期一，天气晴朗，人们走上街头。", 0, 0, 0, 0,
		  NULL, NULL },
		{ "2022年3月1日", 0, 0, 0, 0, NULL, NULL },
		/* a date's label not right before it, or a word that is none */
		{ "日期 今天 2001-01-01", 0, 0, 0, 0, NULL, NULL },
		{ "截止日期2001-01-01", 0, 0, 0, 0, NULL, NULL },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct issue is;
		const char *s = cases[i].text;
		int got = cues_issue(s, strlen(s), &is);
		if (got != cases[i].is)
			fail_msg("%s: issue line %d, want %d", s, got,
				 cases[i].is);
		if (!got)
			continue;
		assert_int_equal(is.date.year * 10000 + is.date.month * 100 +
					 is.date.day,
				 cases[i].date);
		assert_int_equal(is.weekday, cases[i].weekday);
		if (is.source != cases[i].source)
			fail_msg("%s: source form %d", s, is.source);
		span_is(s, is.paper, cases[i].paper);
		span_is(s, is.page, cases[i].page);
	}
}

/* A running head without a date: the paper and the page, a word beside. */
static void test_running_heads(void **state)
{
	(void)state;
	static const char *const yes[] = {
		"人民日报     第 5 版   文化",
		"《人民日报》 第4版",
		"第 12 版　文汇报　要闻",
	};
	static const char *const no[] = {
		"第 5 版", /* no paper */
		"人民日报", /* no page */
		"人民日报第5版刊登了一篇关于冬季旅游的长篇报道。",
		"人民日报 第 5 版 刊登评论员文章 加快推进政务服务标准化",
	};
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
		if (!cues_running_head(yes[i], strlen(yes[i]), NULL))
			fail_msg("%s: no running head", yes[i]);
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		if (cues_running_head(no[i], strlen(no[i]), NULL))
			fail_msg("%s: a running head", no[i]);
	/* the page as numbered */
	struct cue_span page;
	assert_true(cues_running_head(yes[0], strlen(yes[0]), &page));
	span_is(yes[0], page, "5");
	assert_true(cues_running_head(yes[2], strlen(yes[2]), &page));
	span_is(yes[2], page, "12");
}

/* The editors' lines of a page or an item: furniture. */
static void test_editors(void **state)
{
	(void)state;
	static const char *const yes[] = {
		"本版责编：王小明　李大同",
		"（責任編輯：王小明）",
		"（编辑：李大同）",
		"（編輯：李大同）1141019", /* a news agency's item ends so */
		"【责编 王小明】",
		"【纠错】　责任编辑：王小明", /* after a web page's button */
	};
	static const char *const no[] = {
		"编辑部的同志们表示，将继续办好这份报纸。",
		"编辑 王小明", /* 编辑 alone only as a label, with its colon */
		"编辑们说：这是一份好报纸。",
	};
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
		if (!cues_editor(yes[i], strlen(yes[i])))
			fail_msg("%s: no editors' line", yes[i]);
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		if (cues_editor(no[i], strlen(no[i])))
			fail_msg("%s: an editors' line", no[i]);
}

/* A web page's buttons, copied with its text: furniture. */
static void test_buttons(void **state)
{
	(void)state;
	static const char *const yes[] = {
		"【字号　大　中　小】　【打印】　【关闭】",
		"[打印] [关闭]",
		"  【分享到】【收藏】  ",
	};
	static const char *const no[] = {
		"【时评】", /* one: a column's label, kept */
		"【本报讯】记者从农业农村部获悉，秋粮已收获过半。",
		"【打印】 本页", /* words outside the brackets */
		"【习近平在参加江苏代表团审议时强调】【新华社】",
		"【2025】【10】",
	};
	for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
		if (!cues_buttons(yes[i], strlen(yes[i])))
			fail_msg("%s: no buttons", yes[i]);
	for (size_t i = 0; i < sizeof no / sizeof *no; i++)
		if (cues_buttons(no[i], strlen(no[i])))
			fail_msg("%s: buttons", no[i]);
}

static void test_couplets(void **state)
{
	(void)state;
	assert_true(cues_couplet("欢声笑语辞旧岁　万众一心迎新年", 45));
	assert_true(cues_couplet("辞旧迎新，万众一心", 27));
	assert_false(cues_couplet("首都各界群众喜迎新世纪", 33));
	assert_false(cues_couplet("一心　万众一心迎新年", 30)); /* lengths */
	assert_false(cues_couplet("辞旧迎新。万众一心", 27));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dateline_forms),
		cmocka_unit_test(test_dateline_rejects),
		cmocka_unit_test(test_closing),
		cmocka_unit_test(test_opening),
		cmocka_unit_test(test_bylines),
		cmocka_unit_test(test_photo_note_numbering),
		cmocka_unit_test(test_issue_lines),
		cmocka_unit_test(test_running_heads),
		cmocka_unit_test(test_editors),
		cmocka_unit_test(test_buttons),
		cmocka_unit_test(test_couplets),
	};
	return cmocka_run_group_tests_name("cues", tests, NULL, NULL);
}
