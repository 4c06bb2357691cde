/* Tests for import: raw text to articles, rule by rule, then the seeds. */
#include "test.h"

#include <fcntl.h>
#include <iconv.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unistr.h>
#include <uniwidth.h>

#include "kanbao/format/article.h"
#include "kanbao/base/buf.h"
#include "kanbao/build/import.h"

/* ---- helpers ------------------------------------------------------------*/

struct warnings {
	char text[8192];
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
static struct diag diag = { collect, &warned, 0 };

static void import_str(const char *text, int year, struct article_list *l)
{
	struct import_opts o = { .diag = &diag, .year = year };
	struct err e = { 0 };
	memset(&warned, 0, sizeof warned);
	memset(l, 0, sizeof *l);
	assert_int_equal(import_mem("test.txt", text, strlen(text), &o, l, &e),
			 ERR_OK);
}

/* All the paragraphs of an article joined by '|', for compact asserts. */
static char *body(const struct article *a)
{
	struct buf b = { 0 };
	for (size_t i = 0; i < a->nblocks; i++) {
		if (i)
			buf_putc(&b, '|');
		if (a->blocks[i].kind == BLOCK_HEAD)
			buf_puts(&b, "#");
		buf_puts(&b, a->blocks[i].text);
	}
	return buf_take(&b);
}

static int contains(const struct article *a, const char *s)
{
	char *t = body(a);
	int r = strstr(t, s) != NULL;
	free(t);
	return r;
}

/* Lay paragraphs out as a newspaper PDF extraction does: hard-wrapped at
 * `cols` columns as printed (CJK and ambiguous characters two columns), the
 * first line `indent` columns narrower, closing punctuation hanging at the
 * line end, no blank lines between paragraphs.  A blank line (a column
 * break) follows every `every`-th line and every paragraph that breaks off
 * mid-sentence. */
static char *rewrap(char **paras, size_t n, size_t cols, size_t indent,
		    size_t every)
{
	static const char *hang = "。，、；：？！）》」』”’…—";
	struct buf b = { 0 };
	size_t lines = 0;
	for (size_t p = 0; p < n; p++) {
		const char *s = paras[p];
		size_t len = strlen(s), w = 0, limit = cols - indent;
		for (size_t i = 0; i < len;) {
			ucs4_t uc;
			int l = u8_mbtouc(&uc, (const uint8_t *)s + i, len - i);
			int cw = uc_width(uc, "GBK");
			char ch[8] = { 0 };
			memcpy(ch, s + i, (size_t)l);
			if (w + (size_t)cw > limit && !strstr(hang, ch)) {
				buf_putc(&b, '\n');
				if (++lines % every == 0)
					buf_putc(&b, '\n');
				w = 0;
				limit = cols;
			}
			buf_put(&b, s + i, (size_t)l);
			w += (size_t)cw;
			i += (size_t)l;
		}
		buf_putc(&b, '\n');
		/* A long paragraph that ends on a Han character broke off
		 * mid-sentence at a column's end. */
		ucs4_t last = 0;
		u8_prev(&last, (const uint8_t *)s + len, (const uint8_t *)s);
		int broke_off = len > 60 && last >= 0x4E00 && last <= 0x9FFF;
		if (++lines % every == 0 || broke_off)
			buf_putc(&b, '\n');
	}
	return buf_take(&b);
}

/* ---- one paragraph per line ---------------------------------------------*/

static const char before_body[] =
	"“残疾人也可以活出精彩的人生”\n\n"
	"——以习近平同志为核心的党中央关心残疾人事业纪实\n\n"
	"他们不幸于身体的残缺，心中却绽放着美丽的花朵。\n\n"
	"关怀，始终如一\n\n"
	"那是一个热烈又安静的课堂，同学们不时举手提问。\n\n"
	"新华社记者 朱基钗 高雷\n"
	"(新华社北京3月1日电)\n\n"
	"总书记和代表委员的故事\n\n"
	"2018年3月，新当选为十三届全国人大代表的卓嘎走进北京人民大会堂。\n";

static void test_headline_before_body(void **state)
{
	(void)state;
	struct article_list l;
	import_str(before_body, 0, &l);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].title, "“残疾人也可以活出精彩的人生”");
	assert_string_equal(l.v[0].subtitle,
			    "——以习近平同志为核心的党中央关心残疾人事业纪实");
	assert_int_equal(l.v[0].date, 20180301); /* the year: 2018年3月 */
	assert_string_equal(l.v[0].source, "新华社");
	assert_string_equal(l.v[0].place, "北京");
	assert_string_equal(l.v[0].byline, "新华社记者 朱基钗 高雷");
	char *b = body(&l.v[0]);
	assert_string_equal(b, "他们不幸于身体的残缺，心中却绽放着美丽的花朵。|"
			       "#关怀，始终如一|"
			       "那是一个热烈又安静的课堂，同学们不时举手提问。|"
			       "(新华社北京3月1日电)");
	free(b);
	assert_string_equal(l.v[1].title, "总书记和代表委员的故事");
	assert_int_equal(l.v[1].flags & ARTICLE_TITLE_DERIVED, 0);
	article_list_free(&l);
}

static void test_dateline_headline_same_line(void **state)
{
	(void)state;
	struct article_list l;
	import_str("新华社北京3月1日电 关于召开第五次会议的决定（2022年3月1日"
		   "常务委员会通过）\n\n"
		   "常务委员会第二十次会议决定：第五次会议于2022年3月4日在北京"
		   "召开。\n",
		   0, &l);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].title, "关于召开第五次会议的决定");
	assert_string_equal(l.v[0].subtitle,
			    "（2022年3月1日常务委员会通过）");
	assert_int_equal(l.v[0].date, 20220301);
	assert_int_equal(l.v[0].nblocks, 1);
	article_list_free(&l);
}

static void test_untitled_gets_derived_title(void **state)
{
	(void)state;
	struct article_list l;
	import_str("习近平指出，干部守住守牢拒腐防变防线，要层层设防、处处设防。"
		   "\n\n丁薛祥、黄坤明出席开班式。\n",
		   0, &l);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].title, "习近平指出，干部守住守牢拒腐防变防线");
	assert_true(l.v[0].flags & ARTICLE_TITLE_DERIVED);
	assert_int_equal(l.v[0].date, 0);
	assert_non_null(strstr(warned.text, "test.txt:1: no headline"));
	article_list_free(&l);
}

static void test_year_never_invented(void **state)
{
	(void)state;
	struct article_list l;
	const char *text = "汪洋出席全国政协常委会会议\n\n"
			   "据新华社北京3月1日电 会议1日上午在京开幕。\n";
	import_str(text, 0, &l);
	assert_int_equal(l.v[0].date, 0);
	assert_non_null(strstr(warned.text, "3月1日"));
	assert_non_null(strstr(warned.text, "--year"));
	article_list_free(&l);
	import_str(text, 2022, &l);
	assert_int_equal(l.v[0].date, 20220301);
	article_list_free(&l);
}

/* A Taiwan page: its masthead dated in the Republic's era, a news
 * agency's datelines giving the day alone, each item ending with its
 * editor's line.  The days take the masthead's month and year; the
 * editors' lines are furniture, in no article and in a warning. */
static void test_taiwan_page(void **state)
{
	(void)state;
	struct article_list l;
	import_str("中華民國114年10月20日　星期一\n\n"
		   "立法院三讀通過　少子化對策專法\n"
		   "（中央社記者陳小明台北19日電）立法院會今天三讀通過少子化對策"
		   "專法，明定中央每年應編列專款，補助地方政府辦理托育。\n"
		   "衛福部表示，專法施行後，育兒家庭每月可領取的津貼將提高。\n"
		   "（編輯：李大同）1141019\n\n"
		   "半導體出口續強　九月外銷訂單年增兩成\n"
		   "（中央社記者林美華台北20日電）經濟部今天公布九月外銷訂單，"
		   "金額年增兩成，連續十個月正成長。\n"
		   "統計處長說，第四季外銷訂單可望維持成長。\n"
		   "（編輯：王小明）1141020\n",
		   0, &l);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.v[0].date, 20251019);
	assert_int_equal(l.v[1].date, 20251020);
	assert_non_null(strstr(l.v[0].title, "少子化對策專法"));
	assert_non_null(strstr(l.v[1].title, "外銷訂單年增兩成"));
	for (size_t i = 0; i < l.n; i++) {
		assert_false(contains(&l.v[i], "編輯"));
		assert_true(l.v[i].subtitle == NULL ||
			    !strstr(l.v[i].subtitle, "編輯"));
	}
	assert_non_null(strstr(warned.text, "（編輯：李大同）1141019"));
	assert_non_null(strstr(warned.text, "（編輯：王小明）1141020"));
	article_list_free(&l);
}

/* Short paragraphs of one sentence each, a line each, blank lines
 * between the items: paragraphs a line (the headlines run on into their
 * text), not sentences to be joined until a blank line.  An item with no
 * headline opens with its dateline alone on a line: an article of its
 * own, no sentence before it made a headline. */
static void test_short_paragraphs_page(void **state)
{
	(void)state;
	struct article_list l;
	import_str("2025年10月20日　星期一\n\n"
		   "政府推出新一輪消費券　市民下月可登記\n"
		   "【明報專訊】政府昨日宣布推出新一輪電子消費券，合資格市民下月"
		   "起可透過網上平台登記。\n"
		   "財政司司長表示，消費券有助刺激本地消費，支持中小企業。\n"
		   "有經濟學者則認為，措施的長遠效果有限，政府應研究更多方案。\n\n"
		   "啟德體育園首場大型賽事　交通安排惹關注\n"
		   "【本報訊】啟德體育園本周末將舉行首場大型國際賽事，預計吸引逾"
		   "四萬名觀眾入場。運輸署呼籲市民使用公共交通工具。\n"
		   "警方表示，屆時會在場館附近實施交通管制措施，並加派人手。\n\n"
		   "記者林怡君／台北即時報導\n"
		   "行政院今天宣布，明年起將調高基本工資，約有二百萬名勞工受惠。\n"
		   "勞動部長說，調整後的基本工資可反映物價上漲。\n",
		   0, &l);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[0].title, "政府推出新一輪消費券　市民下月可登記");
	char *b = body(&l.v[0]);
	size_t bars = 0;
	for (const char *p = b; *p; p++)
		bars += *p == '|';
	free(b);
	assert_int_equal(bars, 2); /* three paragraphs */
	assert_string_equal(l.v[1].title, "啟德體育園首場大型賽事　交通安排惹關注");
	assert_true(contains(&l.v[1], "警方表示"));
	assert_true(l.v[2].flags & ARTICLE_TITLE_DERIVED);
	assert_true(contains(&l.v[2], "行政院今天宣布"));
	assert_true(contains(&l.v[2], "勞動部長說"));
	assert_int_equal(l.v[2].date, 20251020);
	article_list_free(&l);
	/* sentences a line, headlines run on into them, but blank lines
	 * before sentences: they part paragraphs, the sentences joined */
	import_str("政府推出新一輪消費券\n"
		   "【明報專訊】政府昨日宣布推出新一輪電子消費券。\n"
		   "合資格市民下月起可透過網上平台登記，每人可獲發二千元，"
		   "預計約有六百萬名市民受惠。\n"
		   "財政司司長表示，消費券有助刺激本地消費。\n\n"
		   "他又指，措施可支持中小企業渡過難關，特別是零售和餐飲業。\n"
		   "有經濟學者則認為，措施的長遠效果有限。\n"
		   "政府應研究更具針對性的支援方案。\n\n"
		   "啟德體育園首場大型賽事\n"
		   "【本報訊】啟德體育園本周末將舉行首場大型國際賽事。\n"
		   "預計吸引逾四萬名觀眾入場。\n"
		   "運輸署呼籲市民盡量使用公共交通工具前往，並預留充足時間。\n\n"
		   "警方表示，屆時會在場館附近實施交通管制措施。\n",
		   0, &l);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.v[0].nblocks, 2);
	assert_int_equal(l.v[1].nblocks, 2);
	article_list_free(&l);
}

/* News copied from web pages: a line of when and from where under each
 * headline (two sources in one), the page's buttons, the editors' line
 * after a button.  The buttons and the editors are furniture; each
 * article has its own source line, the second not the first's source. */
static void test_web_copies(void **state)
{
	(void)state;
	struct article_list l;
	import_str("国务院常务会议部署推进城市更新工作\n"
		   "2025-10-20 09:12:35　来源：新华网\n"
		   "【字号　大　中　小】　【打印】　【关闭】\n"
		   "新华社北京10月19日电　国务院常务会议部署推进城市更新工作。\n"
		   "会议指出，城市更新是推动城市高质量发展的重要抓手。\n"
		   "【纠错】　责任编辑：王小明\n\n"
		   "全国秋粮收获过半　进度快于上年\n"
		   "2025-10-20 08:30:11　来源：人民网－人民日报\n"
		   "本报北京10月19日讯　（记者李大同）全国秋粮已收获过半。\n"
		   "农业农村部有关负责人表示，各地抢抓晴好天气。\n",
		   0, &l);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].title, "国务院常务会议部署推进城市更新工作");
	assert_string_equal(l.v[1].title, "全国秋粮收获过半　进度快于上年");
	assert_null(l.v[0].subtitle);
	assert_null(l.v[1].subtitle);
	assert_non_null(strstr(l.v[0].source, "新华网"));
	assert_non_null(strstr(l.v[1].source, "人民网"));
	assert_null(strstr(l.v[1].source, "新华"));
	for (size_t i = 0; i < l.n; i++) {
		assert_false(contains(&l.v[i], "打印"));
		assert_false(contains(&l.v[i], "责任编辑"));
	}
	assert_non_null(strstr(warned.text, "【打印】"));
	assert_non_null(strstr(warned.text, "【纠错】　责任编辑：王小明"));
	article_list_free(&l);
}

/* A dump of articles parted by rules, each with its source line under
 * its headline (paper, date, page), the first and last at the file's
 * edges: rules part articles and are kept out of them; the source lines
 * date and page their own articles, none taken for a running head. */
static void test_ruled_dump(void **state)
{
	(void)state;
	struct article_list l;
	import_str("首都各界群众喜迎新世纪\n"
		   "人民日报 2001-01-01 第1版\n"
		   "本报北京12月31日电　今天是二十世纪的最后一天。首都街头张灯结彩。\n"
		   "一大早，天安门广场上就聚集了来自全国各地的游客。\n"
		   "==========\n"
		   "京津冀协同发展迈出新步伐\n"
		   "人民日报 2001-01-01 第2版\n"
		   "本报天津12月30日电　京津冀三地今年签署多项合作协议。\n"
		   "三地有关负责人表示，明年将继续深化合作。\n"
		   "* * *\n"
		   "让文明新风吹遍城乡\n"
		   "人民日报 2001-01-01 第4版\n"
		   "评论员\n"
		   "移风易俗，是一项长期任务。文明新风正在城乡兴起。\n"
		   "推动移风易俗，要坚持教育引导、实践养成、制度保障。\n",
		   0, &l);
	assert_int_equal(l.n, 3);
	static const char *const title[] = { "首都各界群众喜迎新世纪",
					     "京津冀协同发展迈出新步伐",
					     "让文明新风吹遍城乡" };
	static const uint32_t date[] = { 20001231, 20001230, 20010101 };
	static const char *const page[] = { "1", "2", "4" };
	for (size_t i = 0; i < 3; i++) {
		assert_string_equal(l.v[i].title, title[i]);
		assert_int_equal(l.v[i].date, date[i]);
		assert_string_equal(l.v[i].page, page[i]);
		assert_null(l.v[i].subtitle);
		assert_false(contains(&l.v[i], "==="));
		assert_false(contains(&l.v[i], "* *"));
	}
	assert_int_equal(warned.count, 0);
	article_list_free(&l);
}

/* A database's export: headline, source line, body, eight times.  Each
 * headline here shares its words with the text before it (the article
 * above), not with its own: the words alone vote for headlines after
 * their bodies (7 to 2: the builder before made one article of it); a
 * source line under each says they stand before. */
static void test_source_lines_say_before(void **state)
{
	(void)state;
	static const char *const heads[] = {
		"港口吞吐量创新高", "农民工返乡创业", "冬季供暖保障有力",
		"新能源汽车销量增长", "乡村学校焕然一新", "城市绿道串起美景",
		"老旧小区改造提速", "夜间经济激发活力"
	};
	struct article_list l;
	struct buf t = { 0 };
	for (int k = 0; k < 8; k++) {
		buf_printf(&t, "%s\n\n《人民日报》（2021年02月0%d日 第 01 版）\n\n",
			   heads[k], k + 1);
		buf_printf(&t, "本报北京2月%d日电　记者日前从有关部门获悉，"
			   "各项工作进展顺利，群众普遍表示满意。\n\n", k + 1);
		buf_printf(&t, "有关负责人表示，下一步将继续抓好落实，"
			   "推动%s。\n\n", k < 7 ? heads[k + 1] : "各项工作");
	}
	import_str(t.p, 0, &l);
	assert_int_equal(l.n, 8);
	for (int k = 0; k < 8; k++) {
		assert_string_equal(l.v[k].title, heads[k]);
		assert_int_equal(l.v[k].date, 20210201 + k);
	}
	article_list_free(&l);
	buf_free(&t);
}

/* Web copies whose date is labelled under each headline, the issues
 * years apart: each date line dates its own article, under it, as a
 * source line does, never the article after it (a December dateline
 * under 2025-01-03 is 2024-12-31, not 2023). */
static void test_labelled_dates_under_headlines(void **state)
{
	(void)state;
	struct article_list l;
	import_str("国务院常务会议部署推进城市更新工作\n"
		   "发布日期：2025年10月20日\n"
		   "新华社北京10月19日电　国务院常务会议部署推进城市更新工作。\n"
		   "会议指出，城市更新是推动城市高质量发展的重要抓手。\n\n"
		   "全国秋粮收获过半　进度快于上年\n"
		   "发布日期：2024年12月02日\n"
		   "新华社北京12月1日电　全国秋粮已收获过半。\n"
		   "农业农村部有关负责人表示，各地抢抓晴好天气。\n\n"
		   "冬季供暖保障有力\n"
		   "发布日期：2025年01月03日\n"
		   "新华社北京12月31日电　各地供暖工作平稳有序。\n"
		   "有关部门表示，将全力保障群众温暖过冬。\n",
		   0, &l);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[0].title, "国务院常务会议部署推进城市更新工作");
	assert_int_equal(l.v[0].date, 20251019);
	assert_int_equal(l.v[1].date, 20241201);
	assert_int_equal(l.v[2].date, 20241231);
	assert_string_equal(l.v[2].title, "冬季供暖保障有力");
	article_list_free(&l);
}

static void test_stray_spaces(void **state)
{
	(void)state;
	struct article_list l;
	import_str("标题\n\n2015 年 4 月 30 日，占 GDP 比重超 4 成，"
		   "同比增长 9.3%。He said “hello world” twice.\n",
		   0, &l);
	assert_string_equal(l.v[0].blocks[0].text,
			    "2015年4月30日，占GDP比重超4成，同比增长9.3%。"
			    "He said “hello world” twice.");
	article_list_free(&l);
}

/* 1,000 lines of one character each: short and unfinished, like
 * headlines, but far too many to be one: they are text. */
static void test_many_short_lines(void **state)
{
	(void)state;
	struct buf b = { 0 };
	for (int i = 0; i < 1000; i++)
		buf_puts(&b, i % 2 ? "的\n" : "一\n");
	struct article_list l;
	import_str(b.p, 0, &l);
	assert_int_equal(l.n, 1);
	assert_true(l.v[0].flags & ARTICLE_TITLE_DERIVED);
	assert_true(strlen(l.v[0].title) < 100);
	assert_int_equal(l.v[0].nblocks, 1000);
	article_list_free(&l);
	buf_free(&b);
}

/* A poem in stanzas, then a weather box whose fields a dump set apart
 * with single spaces: two items, the box's title no verse of the poem. */
static void test_poem_then_weather_box(void **state)
{
	(void)state;
	struct article_list l;
	import_str("迎接新世纪的曙光\n林 岚\n当最后一页日历轻轻翻过\n"
		   "远山的轮廓渐渐清晰\n我听见黄河在冰层下歌唱\n长江把浪花托向天际\n\n"
		   "这是一个崭新的早晨\n炉火映红了窗花\n雪地里印着一行脚步\n"
		   "村口的钟声响了\n\n全国主要城市天气预报\n"
		   "中央气象台今天发布，今天二十时至明天二十时：\n北京 晴 -9℃～1℃\n"
		   "哈尔滨 晴转多云 -26℃～-15℃\n上海 多云 2℃～8℃\n"
		   "广州 晴 10℃～19℃\n"
		   "受冷空气影响，北方大部地区气温偏低，请注意防寒保暖。\n",
		   0, &l);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].title, "迎接新世纪的曙光");
	assert_true(contains(&l.v[0], "村口的钟声响了"));
	assert_string_equal(l.v[1].title, "全国主要城市天气预报");
	assert_true(contains(&l.v[1], "-26℃～-15℃"));
	article_list_free(&l);
}

static void test_empty_and_blank_input(void **state)
{
	(void)state;
	struct article_list l;
	import_str("", 0, &l);
	assert_int_equal(l.n, 0);
	assert_non_null(strstr(warned.text, "no articles: the file is empty"));
	import_str("\n\n   \n\t\n\r\n", 0, &l);
	assert_int_equal(l.n, 0);
	assert_non_null(strstr(warned.text, "no articles: the file is empty"));
	article_list_free(&l);
}

/* ---- hard-wrapped -------------------------------------------------------*/

/* Seed 002's layout: lines of about 27 Han, blank lines at column breaks
 * (one mid-sentence, one mid-word), a paragraph starting with no blank line,
 * the dateline in parentheses at the end and a two-line headline after its
 * body. */
static const char wrapped[] =
	"“规划科学是最大的效益，规划失误是最大的浪费，规划\n"
	"\n"
	"折腾是最大的忌讳”“着力加大对协同发展的推动，自觉打破\n"
	"自家‘一亩三分地’的思维定式，抱成团朝着顶层设计的目标\n"
	"一起做”……习近平总书记给出明晰指引。\n"
	"\n"
	"审议这一规划纲要，一次次提上中央重要会议的议程。\n"
	"习近平总书记强调，要走出一条内涵集约发展的新路子，探\n"
	"索出一种人口经济密集地区优化开发的模式，促进区域协调\n"
	"发展，形成新增长极。\n"
	"\n"
	"2015 年 4 月 30 日，习近平总书记主持召开中央政治局\n"
	"会议，审议通过《京津冀协同发展规划纲要》。京津冀协同发\n"
	"\n"
	"展进入全面实施、加快推进的新阶段。\n"
	"2019年新年伊始，习近平总书记再赴京津冀调研。\n"
	"这一趟，举世瞩目的河北雄安新区，古韵厚重的天津，焕\n"
	"\n"
	"然一新的北京城市副中心，总书记用 3 天时间深入考察，并\n"
	"主持召开京津冀协同发展座谈会。\n"
	"\n"
	"（新华社北京 5月 14 日电 记者 邹 伟 樊 曦\n"
	"魏玉坤 李 鲲 齐雷杰 郭宇靖）\n"
	"\n"
	"新华社北京5月15日电 5 月 16 日出版的第 10 期《求\n"
	"是》杂志将发表中共中央总书记、国家主席、中央军委主席习\n"
	"近平的重要文章。\n"
	"\n"
	"《求是》杂志发表习近平总书记重要文章\n"
	"《在二十届中央政治局第四次集体学习时的讲话》\n";

static void test_hard_wrapped(void **state)
{
	(void)state;
	struct article_list l;
	import_str(wrapped, 0, &l);
	assert_int_equal(l.n, 2);
	char *b = body(&l.v[0]);
	assert_string_equal(
		b,
		"“规划科学是最大的效益，规划失误是最大的浪费，规划折腾是最大"
		"的忌讳”“着力加大对协同发展的推动，自觉打破自家‘一亩三分地’"
		"的思维定式，抱成团朝着顶层设计的目标一起做”……习近平总书记"
		"给出明晰指引。|"
		/* Too few lines to measure the indent: a full line ending a
		 * sentence, then another line, is a paragraph end. */
		"审议这一规划纲要，一次次提上中央重要会议的议程。|习近平总书记"
		"强调，要走出一条内涵集约发展的新路子，探索出一种人口经济密集"
		"地区优化开发的模式，促进区域协调发展，形成新增长极。|"
		"2015年4月30日，习近平总书记主持召开中央政治局会议，审议通过"
		"《京津冀协同发展规划纲要》。京津冀协同发展进入全面实施、加快"
		"推进的新阶段。|"
		"2019年新年伊始，习近平总书记再赴京津冀调研。|"
		"这一趟，举世瞩目的河北雄安新区，古韵厚重的天津，焕然一新的北"
		"京城市副中心，总书记用3天时间深入考察，并主持召开京津冀协同"
		"发展座谈会。|"
		"（新华社北京5月14日电　记者 邹伟 樊曦 魏玉坤 李鲲 齐雷杰 "
		"郭宇靖）");
	free(b);
	assert_true(l.v[0].flags & ARTICLE_TITLE_DERIVED);
	/* The only year in the text names April: no evidence for May. */
	assert_int_equal(l.v[0].date, 0);
	assert_string_equal(l.v[0].byline,
			    "记者 邹伟 樊曦 魏玉坤 李鲲 齐雷杰 郭宇靖");
	assert_string_equal(l.v[1].title,
			    "《求是》杂志发表习近平总书记重要文章"
			    "《在二十届中央政治局第四次集体学习时的讲话》");
	assert_int_equal(l.v[1].date, 0);
	assert_string_equal(l.v[1].blocks[0].text,
			    "新华社北京5月15日电　5月16日出版的第10期《求是》杂"
			    "志将发表中共中央总书记、国家主席、中央军委主席习近"
			    "平的重要文章。");
	article_list_free(&l);
}

/* ---- encodings ----------------------------------------------------------*/

static char *convert(const char *to, const char *s, size_t *outlen)
{
	iconv_t cd = iconv_open(to, "UTF-8");
	assert_true(cd != (iconv_t)-1);
	size_t n = strlen(s), room = n * 4 + 8;
	char *out = malloc(room), *o = out, *in = (char *)s;
	assert_int_not_equal(iconv(cd, &in, &n, &o, &room), (size_t)-1);
	iconv_close(cd);
	*outlen = (size_t)(o - out);
	return out;
}

static void same_articles(const struct article_list *a,
			  const struct article_list *b)
{
	assert_int_equal(a->n, b->n);
	for (size_t i = 0; i < a->n; i++) {
		assert_string_equal(a->v[i].title, b->v[i].title);
		assert_int_equal(a->v[i].date, b->v[i].date);
		char *x = body(&a->v[i]), *y = body(&b->v[i]);
		assert_string_equal(x, y);
		free(x);
		free(y);
	}
}

static void test_gb18030_and_gbk(void **state)
{
	(void)state;
	struct article_list utf8, other;
	import_str(wrapped, 0, &utf8);
	const char *charsets[] = { "GB18030", "GBK" };
	for (size_t k = 0; k < 2; k++) {
		size_t n;
		char *raw = convert(charsets[k], wrapped, &n);
		struct import_opts o = { .diag = &diag };
		struct err e = { 0 };
		memset(&other, 0, sizeof other);
		assert_int_equal(import_mem("gb.txt", raw, n, &o, &other, &e),
				 ERR_OK);
		same_articles(&utf8, &other);
		article_list_free(&other);
		/* and when told the encoding */
		o.encoding = charsets[k];
		assert_int_equal(import_mem("gb.txt", raw, n, &o, &other, &e),
				 ERR_OK);
		same_articles(&utf8, &other);
		article_list_free(&other);
		free(raw);
	}
	article_list_free(&utf8);
}

static void test_crlf_and_bom(void **state)
{
	(void)state;
	struct article_list a, b;
	import_str(wrapped, 0, &a);
	struct buf crlf = { 0 };
	buf_puts(&crlf, "\xEF\xBB\xBF");
	for (const char *p = wrapped; *p; p++) {
		if (*p == '\n')
			buf_putc(&crlf, '\r');
		buf_putc(&crlf, *p);
	}
	import_str(crlf.p, 0, &b);
	same_articles(&a, &b);
	buf_free(&crlf);
	article_list_free(&a);
	article_list_free(&b);
}

static void test_invalid_bytes_warn_with_line(void **state)
{
	(void)state;
	struct article_list l;
	import_str("标题\n\n第一段，完整。\n\n第二\xff\xfe段，坏了。\n", 0, &l);
	assert_non_null(strstr(warned.text, "test.txt:5:"));
	assert_non_null(strstr(warned.text, "U+FFFD"));
	assert_non_null(strstr(l.v[0].blocks[1].text, "\xEF\xBF\xBD"));
	article_list_free(&l);
}

static void test_controls_kept_out(void **state)
{
	(void)state;
	struct article_list l;
	import_str("标题\x1b[31m红\n\n正文\x07里有\xe2\x80\xae控制字符。\n", 0, &l);
	for (const char *p = l.v[0].title; *p; p++)
		assert_true((unsigned char)*p >= 0x20);
	assert_null(strstr(l.v[0].blocks[0].text, "\xe2\x80\xae"));
	assert_non_null(strstr(l.v[0].blocks[0].text, "\xe2\x90\x87")); /* ␇ */
	assert_non_null(strstr(warned.text, "control"));
	article_list_free(&l);
}

static void test_unknown_encoding(void **state)
{
	(void)state;
	struct import_opts o = { .encoding = "NO-SUCH-CHARSET" };
	struct article_list l = { 0 };
	struct err e = { 0 };
	assert_int_equal(import_mem("x.txt", "abc", 3, &o, &l, &e),
			 ERR_ENCODING);
	assert_non_null(strstr(e.msg, "x.txt"));
	assert_non_null(strstr(e.msg, "NO-SUCH-CHARSET"));
}

static void test_missing_file(void **state)
{
	(void)state;
	struct article_list l = { 0 };
	struct err e = { 0 };
	assert_int_equal(import_file("/nonexistent/raw.txt", NULL, &l, &e),
			 ERR_NOENT);
	assert_non_null(strstr(e.msg, "/nonexistent/raw.txt"));
	assert_int_equal(import_file("/", NULL, &l, &e), ERR_ISDIR);
}

/* ---- many files ---------------------------------------------------------*/

/* import_files on `threads` threads: articles, warnings, status. */
static enum err_code import_paths(const char **paths, size_t n,
				  unsigned threads, struct article_list *l,
				  struct warnings *w, struct err *e)
{
	struct diag d = { collect, w, 0 };
	struct import_opts o = { .diag = &d };
	memset(w, 0, sizeof *w);
	memset(l, 0, sizeof *l);
	enum err_code rc = import_files(paths, n, &o, threads, l, e);
	assert_int_equal(d.count, (unsigned long)w->count);
	return rc;
}

/* Several files at once come out as one after another: the same articles
 * in the same order, the same warnings in the same order, and the first
 * file that fails (in order) ends it. */
static void test_many_files(void **state)
{
	(void)state;
	char dir[] = "/tmp/test_import.XXXXXX", bad[64], odd[64];
	assert_non_null(mkdtemp(dir));
	snprintf(bad, sizeof bad, "%s/bad.txt", dir);
	snprintf(odd, sizeof odd, "%s/odd.txt", dir);
	FILE *f = fopen(bad, "wb");
	assert_non_null(f);
	fputs("标题\n\n第一段，完整。\n\n第二\xff\xfe段，坏了。\n", f);
	fclose(f);
	f = fopen(odd, "wb");
	assert_non_null(f);
	fputs("正文\x07里有控制字符，没有标题。\n", f);
	fclose(f);
	char s0[4096], s2[4096];
	snprintf(s0, sizeof s0, "%s", test_path("KANBAO_SEEDS",
						"000_866acc2d959ea0dd.txt"));
	snprintf(s2, sizeof s2, "%s", test_path("KANBAO_SEEDS",
						"002_e3f5d4b44462f8ca.txt"));
	const char *paths[] = { s0, bad, s2, odd, s0, bad, odd, s2 };
	size_t n = sizeof paths / sizeof paths[0];
	struct article_list one, many;
	struct warnings w1, wn;
	struct err e = { 0 };
	assert_int_equal(import_paths(paths, n, 1, &one, &w1, &e), ERR_OK);
	for (unsigned threads = 2; threads <= 4; threads++) {
		assert_int_equal(import_paths(paths, n, threads, &many, &wn,
					      &e),
				 ERR_OK);
		same_articles(&one, &many);
		assert_string_equal(w1.text, wn.text);
		article_list_free(&many);
	}
	assert_true(w1.count >= 6);
	/* a missing file: the files before it, and its error */
	paths[5] = "/nonexistent/raw.txt";
	assert_int_equal(import_paths(paths, n, 3, &many, &wn, &e), ERR_NOENT);
	assert_non_null(strstr(e.msg, "/nonexistent/raw.txt"));
	struct article_list before;
	struct warnings wb;
	assert_int_equal(import_paths(paths, 5, 1, &before, &wb, &e), ERR_OK);
	same_articles(&before, &many);
	assert_string_equal(wb.text, wn.text);
	article_list_free(&before);
	article_list_free(&many);
	article_list_free(&one);
	remove(bad);
	remove(odd);
	remove(dir);
}

/* ---- a file in parts ------------------------------------------------------*/

/* Three issues of a paper, each a masthead and a seed's text: "A", "B" or
 * "C" alone, or all three ("ABC"), in a malloc'd string. */
static char *issues(const char *which)
{
	static const char *const head[] = {
		"人民日报　2022年3月2日　星期三　第1版\n\n",
		"人民日报　2023年5月16日　星期二　第1版\n\n",
		"人民日报　2023年5月17日　星期三　第2版\n\n",
	};
	static const char *const seed[] = { "000_866acc2d959ea0dd.txt",
					    "002_e3f5d4b44462f8ca.txt",
					    "000_866acc2d959ea0dd.txt" };
	struct buf b = { 0 };
	for (const char *w = which; *w; w++) {
		int k = *w - 'A';
		char *t = test_read_file(test_path("KANBAO_SEEDS", seed[k]),
					 NULL);
		buf_puts(&b, head[k]);
		buf_puts(&b, t);
		buf_puts(&b, "\n"); /* the seeds end in no newline */
		free(t);
	}
	assert_false(b.failed);
	return buf_take(&b);
}

static enum err_code import_window(const char *text, size_t n, size_t window,
				   const char *encoding,
				   struct article_list *l, struct warnings *w)
{
	struct diag d = { collect, w, 0 };
	struct import_opts o = { .diag = &d, .window = window,
				 .encoding = encoding };
	struct err e = { 0 };
	memset(w, 0, sizeof *w);
	memset(l, 0, sizeof *l);
	return import_mem("issues.txt", text, n, &o, l, &e);
}

/* Records of labelled fields read in parts of 1 KiB: cut between
 * records, each record one article whole, in order, as read whole. */
static void test_labelled_in_parts(void **state)
{
	(void)state;
	struct buf t = { 0 };
	for (int i = 1; i <= 60; i++) {
		char head[256];
		snprintf(head, sizeof head,
			 "【标题】第%d篇文章\n【作者】本报记者　孟繁星\n"
			 "【日期】2001.01.01\n【版次】第%d版\n【正文】\n",
			 i, i % 8 + 1);
		buf_puts(&t, head);
		for (int k = 0; k < i % 5 + 1; k++)
			buf_puts(&t, "首都街头张灯结彩，商场、公园和广场人流如织。\n");
	}
	struct article_list whole, parts;
	struct warnings w;
	assert_int_equal(import_window(t.p, t.len, 0, NULL, &whole, &w),
			 ERR_OK);
	assert_int_equal(import_window(t.p, t.len, 1024, NULL, &parts, &w),
			 ERR_OK);
	assert_int_equal(w.count, 0);
	assert_int_equal(whole.n, 60);
	assert_int_equal(parts.n, 60);
	for (size_t i = 0; i < 60; i++) {
		char want[64];
		snprintf(want, sizeof want, "第%zu篇文章", i + 1);
		assert_string_equal(parts.v[i].title, want);
		assert_string_equal(whole.v[i].title, want);
		assert_int_equal(parts.v[i].nblocks, whole.v[i].nblocks);
		assert_int_equal(parts.v[i].nblocks, (i + 1) % 5 + 1);
	}
	article_list_free(&whole);
	article_list_free(&parts);
	buf_free(&t);
}

/* The parts cut, as KANBAO_DEBUG shows them. */
static int parts_cut;

static void count_parts(const char *line)
{
	parts_cut += strstr(line, ": part from line ") != NULL;
}

/* A file of issues is read an issue at a time: the articles of each
 * issue read alone, one after another; none runs from one issue into the
 * next, none takes another issue's date. */
static void test_issues_read_apart(void **state)
{
	(void)state;
	char *all = issues("ABC");
	struct article_list whole, part, alone = { 0 };
	struct import_opts o = { .debug = count_parts };
	struct err e = { 0 };
	memset(&whole, 0, sizeof whole);
	parts_cut = 0;
	assert_int_equal(import_mem("issues.txt", all, strlen(all), &o, &whole,
				    &e),
			 ERR_OK);
	assert_int_equal(parts_cut, 2); /* before B and before C */
	struct warnings w;
	const char *one[] = { "A", "B", "C" };
	for (size_t k = 0; k < 3; k++) {
		char *t = issues(one[k]);
		assert_int_equal(import_window(t, strlen(t), 0, NULL, &part,
					       &w),
				 ERR_OK);
		assert_true(part.n > 3);
		for (size_t i = 0; i < part.n; i++)
			*article_list_push(&alone) = part.v[i];
		free(part.v);
		free(t);
	}
	same_articles(&alone, &whole);
	article_list_free(&alone);
	article_list_free(&whole);
	free(all);
}

/* The Han characters of `s` (NULL: none), in a malloc'd string: what a
 * line keeps whatever spaces and marks the builder puts right. */
static char *han_only(const char *s)
{
	struct buf b = { 0 };
	buf_puts(&b, "");
	for (const uint8_t *p = (const uint8_t *)(s ? s : ""); *p;) {
		ucs4_t uc;
		int n = u8_mbtouc(&uc, p, u8_strlen(p));
		if (uc >= 0x4E00 && uc <= 0x9FFF)
			buf_put(&b, (const char *)p, (size_t)n);
		p += n;
	}
	assert_false(b.failed);
	return buf_take(&b);
}

/* Whether the Han of `line` are all in one article's title, subtitle or
 * body, in a row. */
static int in_articles(const struct article_list *l, const char *line)
{
	char *want = han_only(line);
	int found = 0;
	for (size_t i = 0; i < l->n && !found; i++) {
		const struct article *x = &l->v[i];
		char *b = body(x), *t = han_only(x->title),
		     *sub = han_only(x->subtitle), *h = han_only(b);
		found = strstr(h, want) || strstr(t, want) || strstr(sub, want);
		free(b);
		free(t);
		free(sub);
		free(h);
	}
	free(want);
	return found;
}

/* Decoded a window at a time (in UTF-8 and in GB18030), the same articles
 * and warnings as at once; text that names no new issue for a window is
 * cut anyway, with a warning, and nothing of it is lost. */
static void test_windows(void **state)
{
	(void)state;
	char *all = issues("ABC");
	size_t n = strlen(all);
	struct article_list once, windowed;
	struct warnings w1, w2;
	assert_int_equal(import_window(all, n, 0, NULL, &once, &w1), ERR_OK);
	assert_int_equal(import_window(all, n, 48 << 10, NULL, &windowed,
				       &w2),
			 ERR_OK);
	same_articles(&once, &windowed);
	assert_string_equal(w1.text, w2.text);
	article_list_free(&windowed);
	size_t gn;
	char *gb = convert("GB18030", all, &gn);
	assert_int_equal(import_window(gb, gn, 48 << 10, NULL, &windowed,
				       &w2),
			 ERR_OK);
	same_articles(&once, &windowed);
	article_list_free(&windowed);
	free(gb);
	/* 16 KiB windows: an issue of 28 KB is cut once or twice */
	assert_int_equal(import_window(all, n, 16 << 10, NULL, &windowed,
				       &w2),
			 ERR_OK);
	assert_non_null(strstr(w2.text, "issues.txt:"));
	assert_non_null(strstr(w2.text, "no new issue in 16384 bytes of "
					"text: cut here"));
	/* every line of the text in an article read at once is in one */
	for (char *line = all, *end; *line; line = end + 1) {
		end = strchr(line, '\n');
		*end = '\0';
		if (strlen(line) < 3 * 12 || strstr(line, "人民日报"))
			continue;
		if (in_articles(&once, line) && !in_articles(&windowed, line))
			fail_msg("lost in a forced cut: %s", line);
	}
	article_list_free(&windowed);
	article_list_free(&once);
	free(all);
}

#ifdef KANBAO_JSONC
/* JSON lines composed here: 200 objects, one of them over several lines,
 * one broken, one with neither title nor text (in a malloc'd string). */
static char *json_lines(void)
{
	struct buf b = { 0 };
	for (int i = 0; i < 200; i++) {
		if (i == 57)
			buf_puts(&b, "{\"title\": \"坏的一行\n");
		else if (i == 120)
			buf_puts(&b, "{\n  \"title\": \"多行的对象\",\n"
				     "  \"meta\": {\"a\": 1},\n"
				     "  \"content\": \"正文在这里。\"\n}\n");
		else if (i == 150)
			buf_puts(&b, "{\"id\": 150}\n");
		else
			buf_printf(&b, "{\"title\": \"第%d篇的标题\", "
				       "\"date\": \"2024-03-%02d\", "
				       "\"content\": \"这是第%d篇的正文，讲"
				       "一件事情。第二句话在这里。\"}\n",
				   i, 1 + i % 28, i);
	}
	assert_false(b.failed);
	return buf_take(&b);
}

/* A file of JSON values one after another is read in parts cut between
 * values (kept out of memory whole, read on any thread): the same
 * articles and warnings, line numbers and all, as read whole, in UTF-8
 * and GB18030, on one thread and on three. */
static void test_json_in_parts(void **state)
{
	(void)state;
	char *all = json_lines();
	size_t n = strlen(all);
	struct article_list once, parts;
	struct warnings w1, w2;
	assert_int_equal(import_window(all, n, 0, NULL, &once, &w1), ERR_OK);
	assert_int_equal(once.n, 198);
	assert_non_null(strstr(w1.text, "issues.txt:58: not JSON"));
	assert_non_null(strstr(w1.text, "issues.txt:155: an object with no "
					"title and no text"));
	parts_cut = 0;
	struct diag d = { collect, &w2, 0 };
	struct import_opts o = { .diag = &d, .window = 512,
				 .debug = count_parts };
	struct err e = { 0 };
	memset(&w2, 0, sizeof w2);
	memset(&parts, 0, sizeof parts);
	assert_int_equal(import_mem("issues.txt", all, n, &o, &parts, &e),
			 ERR_OK);
	assert_true(parts_cut > 20);
	same_articles(&once, &parts);
	assert_string_equal(w1.text, w2.text);
	article_list_free(&parts);
	size_t gn;
	char *gb = convert("GB18030", all, &gn);
	assert_int_equal(import_window(gb, gn, 512, NULL, &parts, &w2),
			 ERR_OK);
	same_articles(&once, &parts);
	assert_string_equal(w1.text, w2.text);
	article_list_free(&parts);
	free(gb);
	/* as a file, on one thread and on three */
	char dir[] = "/tmp/test_import.XXXXXX", path[64];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/items.jsonl", dir);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(all, f);
	fclose(f);
	const char *paths[] = { path, path };
	for (unsigned threads = 1; threads <= 3; threads += 2) {
		struct warnings wn = { 0 };
		struct diag dn = { collect, &wn, 0 };
		struct import_opts on = { .diag = &dn, .window = 1024 };
		struct article_list l = { 0 };
		assert_int_equal(import_files(paths, 2, &on, threads, &l, &e),
				 ERR_OK);
		assert_int_equal(l.n, 2 * once.n);
		for (size_t i = 0; i < l.n; i++)
			assert_string_equal(l.v[i].title,
					    once.v[i % once.n].title);
		assert_non_null(strstr(wn.text, "items.jsonl:58: not JSON"));
		article_list_free(&l);
	}
	remove(path);
	remove(dir);
	article_list_free(&once);
	free(all);
}
#endif

/* A file's parts are read on several threads: the same articles and
 * warnings, in the same order, as on one. */
static void test_parts_on_threads(void **state)
{
	(void)state;
	char dir[] = "/tmp/test_import.XXXXXX", path[64];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/issues.txt", dir);
	char *all = issues("ABCBA");
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	fputs(all, f);
	fclose(f);
	const char *paths[] = { path, path };
	struct article_list one, many;
	struct warnings w1, wn;
	struct err e = { 0 };
	assert_int_equal(import_paths(paths, 2, 1, &one, &w1, &e), ERR_OK);
	for (unsigned threads = 2; threads <= 3; threads++) {
		assert_int_equal(import_paths(paths, 2, threads, &many, &wn,
					      &e),
				 ERR_OK);
		same_articles(&one, &many);
		assert_string_equal(w1.text, wn.text);
		article_list_free(&many);
	}
	article_list_free(&one);
	/* standard input among them: read on the threads too */
	const char *with_stdin[] = { path, "-", path };
	assert_non_null(freopen(path, "rb", stdin));
	assert_int_equal(import_paths(with_stdin, 3, 1, &one, &w1, &e),
			 ERR_OK);
	assert_non_null(freopen(path, "rb", stdin));
	assert_int_equal(import_paths(with_stdin, 3, 2, &many, &wn, &e),
			 ERR_OK);
	same_articles(&one, &many);
	assert_string_equal(w1.text, wn.text);
	assert_non_null(strstr(wn.text, "(stdin):"));
	article_list_free(&many);
	article_list_free(&one);
	free(all);
	remove(path);
	remove(dir);
}

/* Each file imported is counted in opts->progress, on whichever thread
 * imported it: all files, all their bytes, all their articles, however
 * many threads (under ThreadSanitizer in CI: the counts race with nothing,
 * the line's own thread reading them meanwhile). */
static void test_many_files_progress(void **state)
{
	(void)state;
	char s0[4096], s2[4096];
	snprintf(s0, sizeof s0, "%s", test_path("KANBAO_SEEDS",
						"000_866acc2d959ea0dd.txt"));
	snprintf(s2, sizeof s2, "%s", test_path("KANBAO_SEEDS",
						"002_e3f5d4b44462f8ca.txt"));
	const char *paths[] = { s0, s2, s0, s2, s0, s2, s0, s2, s0 };
	size_t n = sizeof paths / sizeof paths[0];
	uint64_t bytes = 0;
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		assert_int_equal(stat(paths[i], &st), 0);
		bytes += (uint64_t)st.st_size;
	}
	int null = open("/dev/null", O_WRONLY);
	assert_true(null >= 0);
	for (unsigned threads = 1; threads <= 4; threads += 3) {
		struct progress_spec s = { "test", n, bytes, "articles", 0,
					   NULL };
		struct progress *p = progress_start(null, &s);
		assert_non_null(p);
		struct import_opts o = { .progress = p };
		struct article_list l = { 0 };
		struct err e = { 0 };
		assert_int_equal(import_files(paths, n, &o, threads, &l, &e),
				 ERR_OK);
		struct progress_counts c;
		progress_counts(p, &c);
		assert_int_equal(c.files, n);
		assert_int_equal(c.bytes, bytes);
		assert_int_equal(c.items, l.n);
		assert_true(l.n > n);
		progress_end(p);
		article_list_free(&l);
	}
	close(null);
}

/* ---- the seeds ----------------------------------------------------------*/

static void import_seeds(struct article_list *l)
{
	struct import_opts o = { .diag = &diag };
	struct err e = { 0 };
	memset(l, 0, sizeof *l);
	assert_int_equal(import_file(test_path("KANBAO_SEEDS",
					       "000_866acc2d959ea0dd.txt"),
				     &o, l, &e),
			 ERR_OK);
	assert_int_equal(import_file(test_path("KANBAO_SEEDS",
					       "002_e3f5d4b44462f8ca.txt"),
				     &o, l, &e),
			 ERR_OK);
}

static void test_seeds(void **state)
{
	(void)state;
	static const struct {
		const char *title;
		uint32_t date;
		int derived;
	} want[] = {
		{ "“残疾人也可以活出精彩的人生”", 20220301, 0 },
		{ "习近平指出，干部守住守牢拒腐防变防线", 0, 1 },
		{ "总书记和代表委员的故事", 20220301, 0 },
		{ "汪洋出席全国政协常委会会议", 20220301, 0 },
		{ "关于召开中国人民政治协商会议第十三届全国委员会第五次会议的决定",
		  20220301, 0 },
		{ "国务院印发《关于加快推进政务服务标准化规范化便利化的指导意见》",
		  20220301, 0 },
		{ "规划科学是最大的效益", 20230514, 1 },
		{ "《求是》杂志发表习近平总书记重要文章"
		  "《在二十届中央政治局第四次集体学习时的讲话》",
		  20230515, 0 },
		{ "中宣部、全国妇联发布2023年“最美家庭”先进事迹", 20230515, 0 },
		{ "第三十三次全国助残日活动主题公布", 20230515, 0 },
	};
	struct article_list l;
	import_seeds(&l);
	assert_int_equal(l.n, 10);
	for (size_t i = 0; i < 10; i++) {
		assert_string_equal(l.v[i].title, want[i].title);
		assert_int_equal(l.v[i].date, want[i].date);
		assert_int_equal(!!(l.v[i].flags & ARTICLE_TITLE_DERIVED),
				 want[i].derived);
	}
	/* Interleaved text put back together, in the right articles. */
	assert_true(contains(&l.v[1], "哪里就能创造业绩。业绩好不好"));
	assert_true(contains(&l.v[1], "唯有以狭路相逢勇者胜的气概"));
	assert_true(contains(&l.v[1], "列席开班式。"));
	assert_true(contains(&l.v[0], "黄道亮由此为福建省第一名无双臂大学生。"));
	assert_true(contains(&l.v[0], "来到北京冬奥村考察。在残疾人运动员"));
	assert_false(contains(&l.v[0], "拒腐防变"));
	assert_false(contains(&l.v[1], "残疾"));
	/* Column breaks, joins and spaces in seed 002. */
	assert_true(contains(&l.v[6], "规划折腾是最大的忌讳"));
	assert_true(contains(&l.v[6], "2015年4月30日"));
	assert_true(contains(&l.v[6], "比重超4成"));
	assert_true(contains(&l.v[6], "“紧紧抓住‘牛鼻子’不放松，积极稳妥有序疏解"
				      "北京非首都功能。”"));
	assert_true(contains(&l.v[6], "#（二）紧紧抓住“牛鼻子”"));
	assert_true(contains(&l.v[0], "#关怀，始终如一"));
	assert_string_equal(l.v[6].byline,
			    "记者 邹伟 樊曦 魏玉坤 李鲲 齐雷杰 郭宇靖");
	assert_string_equal(l.v[9].byline, "记者 高蕾");
	assert_string_equal(l.v[2].byline, "新华社记者 史竞男 陈尚才 李健");
	assert_string_equal(l.v[4].subtitle,
			    "（2022年3月1日政协第十三届全国委员会常务委员会第"
			    "二十次会议通过）");
	/* No text is lost: every Han character of the seeds is kept. */
	article_list_free(&l);
}

/* Seed 000 laid out as seed 002 is, at several column widths and indents:
 * the same articles must come out, interleaving repaired.  Telling a
 * paragraph that ends exactly at a full line from one that goes on is a
 * guess (DESIGN.md: 12 of seed 000's 137 paragraphs end on a full line);
 * measured on these 15 layouts, 4.8% of paragraphs come out split or merged
 * differently.  The test holds that below 6%. */
static void test_seed000_relayouts(void **state)
{
	(void)state;
	struct article_list ref;
	size_t n;
	char *raw = test_read_file(test_path("KANBAO_SEEDS",
					     "000_866acc2d959ea0dd.txt"), &n);
	import_str(raw, 0, &ref);
	char *paras[400];
	size_t np = 0;
	for (char *line = strtok(raw, "\n"); line && np < 400;
	     line = strtok(NULL, "\n"))
		if (*line)
			paras[np++] = line;
	size_t total = 0, differ = 0;
	static const size_t widths[] = { 44, 48, 52, 56, 60 };
	static const size_t indents[] = { 0, 4, 6 };
	for (size_t w = 0; w < 5; w++) {
		for (size_t k = 0; k < 3; k++) {
			char *text = rewrap(paras, np, widths[w], indents[k],
					    37);
			struct article_list l;
			import_str(text, 0, &l);
			assert_int_equal(l.n, ref.n);
			for (size_t i = 0; i < ref.n; i++) {
				if (strcmp(l.v[i].title, ref.v[i].title))
					printf("# %zu columns, indent %zu: "
					       "title %zu: %s\n", widths[w],
					       indents[k], i, l.v[i].title);
				assert_string_equal(l.v[i].title,
						    ref.v[i].title);
				assert_int_equal(l.v[i].date, ref.v[i].date);
				for (size_t j = 0; j < ref.v[i].nblocks; j++) {
					const char *want =
						ref.v[i].blocks[j].text;
					int found = 0;
					for (size_t m = 0; m < l.v[i].nblocks;
					     m++)
						found |= !strcmp(
							want,
							l.v[i].blocks[m].text);
					total++;
					differ += !found;
				}
			}
			assert_true(contains(&l.v[1],
					     "唯有以狭路相逢勇者胜的气概"));
			assert_true(contains(&l.v[0], "黄道亮由此为福建省"));
			article_list_free(&l);
			free(text);
		}
	}
	printf("# relayouts: %zu of %zu paragraphs differ (%.1f%%)\n", differ,
	       total, 100.0 * (double)differ / (double)total);
	assert_true(differ * 100 <= total * 6);
	article_list_free(&ref);
	free(raw);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_many_files),
		cmocka_unit_test(test_issues_read_apart),
		cmocka_unit_test(test_windows),
		cmocka_unit_test(test_parts_on_threads),
#ifdef KANBAO_JSONC
		cmocka_unit_test(test_json_in_parts),
#endif
		cmocka_unit_test(test_headline_before_body),
		cmocka_unit_test(test_dateline_headline_same_line),
		cmocka_unit_test(test_untitled_gets_derived_title),
		cmocka_unit_test(test_year_never_invented),
		cmocka_unit_test(test_taiwan_page),
		cmocka_unit_test(test_short_paragraphs_page),
		cmocka_unit_test(test_web_copies),
		cmocka_unit_test(test_labelled_in_parts),
		cmocka_unit_test(test_ruled_dump),
		cmocka_unit_test(test_source_lines_say_before),
		cmocka_unit_test(test_labelled_dates_under_headlines),
		cmocka_unit_test(test_stray_spaces),
		cmocka_unit_test(test_many_short_lines),
		cmocka_unit_test(test_poem_then_weather_box),
		cmocka_unit_test(test_empty_and_blank_input),
		cmocka_unit_test(test_hard_wrapped),
		cmocka_unit_test(test_gb18030_and_gbk),
		cmocka_unit_test(test_crlf_and_bom),
		cmocka_unit_test(test_invalid_bytes_warn_with_line),
		cmocka_unit_test(test_controls_kept_out),
		cmocka_unit_test(test_unknown_encoding),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_many_files_progress),
		cmocka_unit_test(test_seeds),
		cmocka_unit_test(test_seed000_relayouts),
	};
	return cmocka_run_group_tests_name("import", tests, NULL, NULL);
}
