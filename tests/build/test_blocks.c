/* Tests for blocks: lines into blocks. */
#include "test.h"

#include "kanbao/build/blocks.h"
#include "kanbao/base/buf.h"
#include "kanbao/build/interleave.h"

/* The blocks of a text, '|' between them, their lines joined with '/',
 * an open block (one that breaks off) marked with a trailing '+'. */
static char *blocks_of(const char *text, struct lines *l)
{
	struct blocks bs = { 0 };
	assert_int_equal(lines_read(text, strlen(text), l), 0);
	assert_int_equal(blocks_make(l, &bs), 0);
	struct buf b = { 0 };
	for (size_t i = 0; i < bs.n; i++) {
		if (i)
			buf_putc(&b, '|');
		for (size_t k = 0; k < bs.v[i].text.len; k++)
			buf_putc(&b, bs.v[i].text.p[k] == '\n'
					     ? '/'
					     : bs.v[i].text.p[k]);
		if (bs.v[i].flags & INTERLEAVE_OPEN)
			buf_putc(&b, '+');
	}
	blocks_free(&bs);
	return buf_take(&b);
}

static void expect(const char *text, const char *want)
{
	struct lines l;
	char *got = blocks_of(text, &l);
	if (strcmp(got, want))
		fail_msg("\n got: %s\nwant: %s", got, want);
	free(got);
	lines_free(&l);
}

/* Lines of about 24 Han: enough of them to tell the column width. */
static const char *const full[] = {
	"春节前夕，记者走进北京市朝阳区的一个社区，看到居民们正忙",
	"着贴春联、挂灯笼，处处洋溢着喜庆祥和的节日气氛。社区工作",
	"人员介绍，今年社区组织了写春联、包饺子等一系列活动，吸引",
	"了很多居民参加。一位老人说，这样的活动让大家感到很温暖，",
	"邻里之间的关系也更加亲近了。孩子们在活动中学到了不少传统",
	"文化知识，家长们纷纷表示希望以后多举办这样的活动，让传统",
	"节日的味道更浓一些。社区负责人表示，将继续丰富活动内容，",
	"让居民过一个欢乐祥和的新春佳节，也为邻里交往搭建新平台。",
};

static void test_wrapped(void **state)
{
	(void)state;
	struct buf b = { 0 };
	for (int i = 0; i < 8; i++) {
		buf_puts(&b, full[i]);
		buf_putc(&b, '\n');
	}
	/* after a full line ending a sentence, a new paragraph (more often
	 * than not); a short line ending one ends its paragraph */
	buf_puts(&b, "大家都很高兴。\n");
	/* a headline, then a dateline opening a paragraph */
	buf_puts(&b, "新春走基层\n");
	buf_puts(&b, "本报北京1月20日电 春节前夕，记者走进北京市朝阳区的一个\n");
	/* a column break mid-sentence: the block breaks off */
	buf_puts(&b, "社区，看到居民们正忙着贴春联、挂灯笼，处处洋溢着喜庆祥\n\n");
	buf_puts(&b, "和的节日气氛。\n");
	expect(b.p,
	       "春节前夕，记者走进北京市朝阳区的一个社区，看到居民们正忙/"
	       "着贴春联、挂灯笼，处处洋溢着喜庆祥和的节日气氛。社区工作/"
	       "人员介绍，今年社区组织了写春联、包饺子等一系列活动，吸引/"
	       "了很多居民参加。一位老人说，这样的活动让大家感到很温暖，/"
	       "邻里之间的关系也更加亲近了。孩子们在活动中学到了不少传统/"
	       "文化知识，家长们纷纷表示希望以后多举办这样的活动，让传统/"
	       "节日的味道更浓一些。社区负责人表示，将继续丰富活动内容，/"
	       "让居民过一个欢乐祥和的新春佳节，也为邻里交往搭建新平台。|"
	       "大家都很高兴。|新春走基层|"
	       "本报北京1月20日电 春节前夕，记者走进北京市朝阳区的一个/"
	       "社区，看到居民们正忙着贴春联、挂灯笼，处处洋溢着喜庆祥+|"
	       "和的节日气氛。");
	buf_free(&b);
}

/* A page break inside a paragraph: the furniture around it is left out;
 * the blank line after the running head makes it a break like a column's,
 * the block breaking off mid-sentence (thread.h joins it again). */
static void test_page_break(void **state)
{
	(void)state;
	struct buf b = { 0 };
	for (int p = 1; p <= 2; p++) {
		if (p == 2)
			buf_putc(&b, '\f');
		buf_printf(&b, "人民日报 2001年1月%d日 星期%s 第 4 版\n\n", p,
			   p == 1 ? "一" : "二");
		for (int i = 0; i < 4; i++) {
			buf_puts(&b, full[(p - 1) * 4 + i]);
			buf_putc(&b, '\n');
		}
		buf_printf(&b, "第 %d 页\n", p);
	}
	struct lines l;
	char *got = blocks_of(b.p, &l);
	assert_string_equal(
		got, "春节前夕，记者走进北京市朝阳区的一个社区，看到居民们正忙/"
		     "着贴春联、挂灯笼，处处洋溢着喜庆祥和的节日气氛。社区工作/"
		     "人员介绍，今年社区组织了写春联、包饺子等一系列活动，吸引/"
		     "了很多居民参加。一位老人说，这样的活动让大家感到很温暖，+|"
		     "邻里之间的关系也更加亲近了。孩子们在活动中学到了不少传统/"
		     "文化知识，家长们纷纷表示希望以后多举办这样的活动，让传统/"
		     "节日的味道更浓一些。社区负责人表示，将继续丰富活动内容，/"
		     "让居民过一个欢乐祥和的新春佳节，也为邻里交往搭建新平台。");
	free(got);
	lines_free(&l);
	buf_free(&b);
}

/* A narrow column whose first lines print indents (12 Han, the lines that
 * go on 15): a paragraph a row of three lines and a short last one. */
static const char *const narrow[][4] = {
	{ "入冬以来，这座北方小城的", "街道上多了不少扫雪的志愿者。他",
	  "们清晨出门，把主要路口的积雪清", "理干净。" },
	{ "一位退休教师告诉记者，她", "每天六点起床，和邻居们一起带上",
	  "铁锹和扫帚，先清学校门口的路，", "再去菜市场。" },
	{ "城管部门为志愿者准备了手", "套和热水，还在几个社区设立了休",
	  "息点，供大家取暖歇脚，不少商户", "也送来了热粥。" },
	{ "今年小城还添置了二十台扫", "雪车，配合人工清扫，主干道的积",
	  "雪一般在雪停后两小时内就能清", "完。" },
	{ "市民们说，雪天出门比往年", "方便多了，孩子上学也不用再绕远",
	  "路，大家心里都觉得暖和，这份热", "情让冬天不再寒冷。" },
	{ "冬季旅游为当地带来了可观", "的收入，不少村民开起了民宿和饭",
	  "馆，还有人当起了滑雪教练，一个", "冬天能挣好几万元。" },
};

/* The six paragraphs of `narrow` into `b`, and the blocks they make into
 * `want`. */
static void narrow_column(struct buf *b, struct buf *want)
{
	for (int p = 0; p < 6; p++) {
		if (p)
			buf_putc(want, '|');
		for (int i = 0; i < 4; i++) {
			buf_printf(b, "%s\n", narrow[p][i]);
			buf_printf(want, "%s%s", i ? "/" : "", narrow[p][i]);
		}
	}
}

/* A headline as wide as a first line, its body right under it with no
 * blank line: the next line is as narrow as a first line and goes on, so it
 * opens the paragraph and the headline stands alone.  A first line with no
 * mark in it, then a line that fills the column, is one paragraph (the
 * last one above). */
static void test_headline_over_first_line(void **state)
{
	(void)state;
	struct buf b = { 0 }, want = { 0 };
	narrow_column(&b, &want);
	buf_puts(&b, "\n雪后小城交通畅通无阻\n记者在早高峰时看到，各\n"
		     "条主干道上车辆行驶顺畅，公交车\n也都准点到站。\n");
	buf_puts(&want, "|雪后小城交通畅通无阻|记者在早高峰时看到，各/"
			"条主干道上车辆行驶顺畅，公交车/也都准点到站。");
	expect(b.p, want.p);
	buf_free(&b);
	buf_free(&want);
}

/* A headline as wide as a narrow column, set apart by blank lines after
 * a finished paragraph, over a weather box: a headline (no '+'), not a
 * first line cut by a column break; the box's rows after the line that
 * leads into them (…：) and after each other are blocks of their own. */
static void test_headline_set_apart(void **state)
{
	(void)state;
	struct buf b = { 0 }, want = { 0 };
	narrow_column(&b, &want);
	buf_puts(&b, "\n全国主要城市天气预报\n\n中央气象台今日发布天气预报：\n"
		     "北京　晴　-9℃～1℃\n上海　多云　2℃～8℃\n");
	buf_puts(&want, "|全国主要城市天气预报|中央气象台今日发布天气预报：|"
			"北京　晴　-9℃～1℃|上海　多云　2℃～8℃");
	expect(b.p, want.p);
	buf_free(&b);
	buf_free(&want);
}

/* A kicker set as two phrases with a space between, as wide as a narrow
 * column, over its headline: a line of its own, not a paragraph's first. */
static void test_kicker_couplet(void **state)
{
	(void)state;
	struct buf b = { 0 }, want = { 0 };
	narrow_column(&b, &want);
	buf_puts(&b, "\n欢声笑语辞旧岁　万众一心迎新年\n首都各界群众喜迎新世纪\n"
		     "本报北京12月31日电\n\n"
		     "今天是二十世纪的最后一\n天，首都街头张灯结彩，商场、公\n"
		     "园和广场人流如织。\n");
	buf_puts(&want, "|欢声笑语辞旧岁　万众一心迎新年|首都各界群众喜迎新世纪|"
			"本报北京12月31日电|"
			"今天是二十世纪的最后一/天，首都街头张灯结彩，商场、公/"
			"园和广场人流如织。");
	expect(b.p, want.p);
	buf_free(&b);
	buf_free(&want);
}
/* A photo item's headline as wide as the column, a blank line under it:
 * its photo mark ends it, so it does not break off to go on below. */
static void test_photo_headline(void **state)
{
	(void)state;
	struct buf b = { 0 }, want = { 0 };
	for (int i = 0; i < 8; i++) {
		buf_printf(&b, "%s\n", full[i]);
		buf_printf(&want, "%s%s", i ? "/" : "", full[i]);
	}
	buf_puts(&b, "\n春回大地农事忙　各地抢抓农时推进春耕春播工作（附图片2张）"
		     "\n\n图①：3月1日，江西省泰和县农民在田间移栽油菜。\n");
	buf_puts(&want, "|春回大地农事忙　各地抢抓农时推进春耕春播工作（附图片2张）|"
			"图①：3月1日，江西省泰和县农民在田间移栽油菜。");
	expect(b.p, want.p);
	buf_free(&b);
	buf_free(&want);
}

static void test_sentences(void **state)
{
	(void)state;
	/* clauses are joined into a sentence; blank lines mark paragraphs */
	expect("今天天氣很好，\n我們去公園散步，\n看見很多人。\n大家都很高興。\n\n"
	       "下午下起了小雨，\n孩子們躲在亭子裡。\n\n晚上，雨停了。\n"
	       "街上的燈一盞一盞亮起來。\n\n新的一年開始了！\n人們互相祝福。\n",
	       "今天天氣很好，/我們去公園散步，/看見很多人。/大家都很高興。|"
	       "下午下起了小雨，/孩子們躲在亭子裡。|"
	       "晚上，雨停了。/街上的燈一盞一盞亮起來。|"
	       "新的一年開始了！/人們互相祝福。");
	/* a line in parentheses under a paragraph's last sentence (an
	 * author's note, a closing dateline) is a block apart, and the
	 * paragraph above it ends */
	expect("今天天氣很好，\n我們去公園散步，\n看見很多人。\n大家都很高興。\n\n"
	       "下午下起了小雨，\n孩子們躲在亭子裡。\n（作者為本市小學教師）\n\n"
	       "晚上，雨停了。\n街上的燈一盞一盞亮起來。\n\n新的一年開始了！\n"
	       "人們互相祝福。\n",
	       "今天天氣很好，/我們去公園散步，/看見很多人。/大家都很高興。|"
	       "下午下起了小雨，/孩子們躲在亭子裡。|（作者為本市小學教師）|"
	       "晚上，雨停了。/街上的燈一盞一盞亮起來。|"
	       "新的一年開始了！/人們互相祝福。");
}

static void test_paragraphs(void **state)
{
	(void)state;
	/* a line a block; one that ends in a comma breaks off */
	expect("标题\n\n第一段很长很长，有好几句话。第二句话在这里，还有第三句。\n\n"
	       "第二段开头，\n接着写完。这一段也有好几句话。还有一句。\n\n"
	       "第三段只有一句话，但是有很多的字，一直写到了这里为止。\n"
	       "第四段。很短的两句话。\n",
	       "标题|第一段很长很长，有好几句话。第二句话在这里，还有第三句。|"
	       "第二段开头，+|接着写完。这一段也有好几句话。还有一句。|"
	       "第三段只有一句话，但是有很多的字，一直写到了这里为止。|"
	       "第四段。很短的两句话。");
	/* a page read as a paragraph a line holding a brief still wrapped
	 * by its column: under a line that broke off, one holding a comma
	 * goes on (open), where a headline would stand after a blank line;
	 * a verse line with a comma under a finished line stays fixed */
	expect("首都图书馆新馆开馆\n\n首都图书馆新馆日前正式对读者开放。新馆藏书\n"
	       "三百余万册，设有少儿阅览区和电子阅览室，可\n同时容纳两千多名读者。\n\n"
	       "朋友，请推开窗户吧\n\n让新世纪的阳光照进屋里\n",
	       "首都图书馆新馆开馆|首都图书馆新馆日前正式对读者开放。新馆藏书+|"
	       "三百余万册，设有少儿阅览区和电子阅览室，可+|同时容纳两千多名读者。|"
	       "朋友，请推开窗户吧|让新世纪的阳光照进屋里");
	/* after a blank line the same line is what it looks like alone */
	expect("首都图书馆新馆日前正式对读者开放。新馆藏书\n\n"
	       "三百余万册，设有少儿阅览区和电子阅览室，可\n",
	       "首都图书馆新馆日前正式对读者开放。新馆藏书+|"
	       "三百余万册，设有少儿阅览区和电子阅览室，可");
	/* a headline broken at a mark over two short lines: its second
	 * line is narrower than a column, and the first was not cut
	 * mid-word, so it stays a line of its own */
	expect("京津冀协同发展迈出坚实步伐\n不断净化社交圈、\n生活圈、朋友圈\n",
	       "京津冀协同发展迈出坚实步伐|不断净化社交圈、+|生活圈、朋友圈");
	/* nor does a line narrower than the one cut before it go on */
	expect("首都图书馆新馆日前正式对读者开放。新馆藏书\n"
	       "三百余万册，设有少儿阅览区\n",
	       "首都图书馆新馆日前正式对读者开放。新馆藏书+|"
	       "三百余万册，设有少儿阅览区");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wrapped),
		cmocka_unit_test(test_page_break),
		cmocka_unit_test(test_headline_over_first_line),
		cmocka_unit_test(test_photo_headline),
		cmocka_unit_test(test_headline_set_apart),
		cmocka_unit_test(test_kicker_couplet),
		cmocka_unit_test(test_sentences),
		cmocka_unit_test(test_paragraphs),
	};
	return cmocka_run_group_tests_name("blocks", tests, NULL, NULL);
}
