/* Tests for source_markdown: Markdown archives with and without front
 * matter, one article or a digest of several, into articles. */
#include "test.h"

#include <iconv.h>

#include "kanbao/build/source.h"

/* What a file gave: its articles and its warnings. */
struct got {
	struct article_list l;
	char warn[8][512];
	int nwarn;
};

static void on_warn(void *ctx, const char *msg)
{
	struct got *g = ctx;
	if (g->nwarn < 8)
		snprintf(g->warn[g->nwarn], sizeof g->warn[0], "%s", msg);
	g->nwarn++;
}

static void md_n(const char *name, const char *text, size_t n, struct got *g)
{
	memset(g, 0, sizeof *g);
	struct diag d = { on_warn, g, 0 };
	struct import_opts o = { .diag = &d };
	struct err e = { 0 };
	assert_int_equal(source_sniff(name, text, n), SOURCE_MARKDOWN);
	assert_int_equal(source_markdown(name, text, n, &o, &g->l, &e),
			 ERR_OK);
}

static void md(const char *name, const char *text, struct got *g)
{
	md_n(name, text, strlen(text), g);
}

static int starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

static int ends(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcmp(s + n - m, suffix);
}

/* An article as expected: its title, date, the first words of its first
 * block and the last of its last, and how many blocks it has.  No block
 * holds a tag, a link target or a line of front matter. */
static void expect(const struct article *a, const char *title, uint32_t date,
		   const char *first, const char *last, size_t nblocks)
{
	assert_string_equal(a->title, title);
	assert_int_equal(a->date, date);
	assert_int_equal(a->nblocks, nblocks);
	if (!nblocks)
		return;
	if (!starts(a->blocks[0].text, first))
		fail_msg("first block \"%s\", not \"%s…\"", a->blocks[0].text,
			 first);
	if (!ends(a->blocks[nblocks - 1].text, last))
		fail_msg("last block \"%s\", not \"…%s\"",
			 a->blocks[nblocks - 1].text, last);
	for (size_t i = 0; i < nblocks; i++) {
		const char *t = a->blocks[i].text;
		if (strchr(t, '<') || strstr(t, "http") || strstr(t, "---") ||
		    strstr(t, "title:"))
			fail_msg("block %zu: \"%s\"", i, t);
	}
}

static void test_front_matter(void **state)
{
	(void)state;
	struct got g;
	md("2024/03/01/04-spring.md",
	   "---\n"
	   "title: 春耕时节农机忙\n"
	   "subtitle: \"——河北各地抢抓农时\"\n"
	   "date: 2024-03-01T08:00:00+08:00\n"
	   "版次: 第04版\n"
	   "来源: 人民日报\n"
	   "author:\n  - 张 三\n  - 李四\n"
	   "place: 石家庄\n"
	   "tags: [农业, 春耕]\n"
	   "---\n"
	   "\n"
	   "# 春耕时节农机忙\n"
	   "\n"
	   "![田间的播种机](https://example.com/a.jpg)\n"
	   "\n"
	   "眼下正值春耕时节，[河北](https://example.com/hebei)各地田间\n"
	   "地头一派繁忙景象。\n"
	   "\n"
	   "## 农机上阵\n"
	   "\n"
	   "播种机开进田里，*无人机*巡田。\n",
	   &g);
	assert_int_equal(g.nwarn, 0);
	assert_int_equal(g.l.n, 1);
	const struct article *a = &g.l.v[0];
	/* the heading repeating the title is gone; the alt text a caption */
	expect(a, "春耕时节农机忙", 20240301, "田间的播种机", "无人机巡田。",
	       4);
	assert_string_equal(a->blocks[1].text,
			    "眼下正值春耕时节，河北各地田间地头一派繁忙景象。");
	assert_int_equal(a->blocks[2].kind, BLOCK_HEAD);
	assert_string_equal(a->blocks[2].text, "农机上阵");
	assert_string_equal(a->subtitle, "——河北各地抢抓农时");
	assert_string_equal(a->page, "4");
	assert_string_equal(a->source, "人民日报");
	assert_string_equal(a->byline, "张三 李四");
	assert_string_equal(a->place, "石家庄");
	assert_false(a->flags & ARTICLE_TITLE_DERIVED);
	article_list_free(&g.l);

	/* Chinese keys; front matter wins over a source line in the text;
	 * "layout: post" is a template, not a page */
	md("-",
	   "---\n标题: 一篇文章\n日期: 2024年3月2日\n作者: 王五\nlayout: post\n"
	   "---\n来源：新华社 2023年01月01日\n\n正文第一段。\n\n正文第二段。\n",
	   &g);
	assert_int_equal(g.l.n, 1);
	a = &g.l.v[0];
	expect(a, "一篇文章", 20240302, "正文第一段", "第二段。", 2);
	assert_string_equal(a->source, "新华社");
	assert_string_equal(a->byline, "王五");
	assert_null(a->page);
	article_list_free(&g.l);
}

static void test_digest(void **state)
{
	(void)state;
	struct got g;
	/* one # per item */
	md("digest.md",
	   "# 第一条消息\n\n第一条的正文。\n\n"
	   "# 第二条消息\n\n2024-03-05\n\n第二条的正文，\n分两行。\n\n"
	   "## 小标题\n\n第二条的第二段。\n\n"
	   "# 第三条消息\n\n第三条的正文。\n",
	   &g);
	assert_int_equal(g.nwarn, 0);
	assert_int_equal(g.l.n, 3);
	expect(&g.l.v[0], "第一条消息", 0, "第一条", "正文。", 1);
	expect(&g.l.v[1], "第二条消息", 20240305, "第二条的正文，分两行。",
	       "第二段。", 3);
	assert_int_equal(g.l.v[1].blocks[1].kind, BLOCK_HEAD);
	expect(&g.l.v[2], "第三条消息", 0, "第三条", "正文。", 1);
	article_list_free(&g.l);

	/* a # page title with a source line, ### per item; an item's own
	 * source line wins over the page's */
	md("page.md",
	   "# 人民日报 2024年3月1日 第1版\n\n"
	   "来源：人民日报 2024年03月01日\n\n"
	   "### 全国政协会议开幕\n\n"
	   "本报北京2月29日电　会议今天开幕。\n\n"
	   "### 春运平稳有序\n\n"
	   "来源：新华社\n\n"
	   "春运进入尾声。\n\n"
	   "客流平稳。\n",
	   &g);
	assert_int_equal(g.nwarn, 0);
	assert_int_equal(g.l.n, 2);
	expect(&g.l.v[0], "全国政协会议开幕", 20240301, "本报北京2月29日电",
	       "会议今天开幕。", 1);
	assert_string_equal(g.l.v[0].source, "人民日报");
	assert_string_equal(g.l.v[0].page, "1");
	expect(&g.l.v[1], "春运平稳有序", 20240301, "春运进入尾声。",
	       "客流平稳。", 2);
	assert_string_equal(g.l.v[1].source, "新华社");
	article_list_free(&g.l);
}

static void test_crossheads(void **state)
{
	(void)state;
	struct got g;
	/* a title with its lead, then ## crossheads: one article */
	md("one.md",
	   "# 推动高质量发展\n\n导语一段。\n\n"
	   "## 一、稳中求进\n\n第一部分。\n\n"
	   "## 二、以进促稳\n\n第二部分。\n\n"
	   "### （一）细节\n\n第三部分。\n",
	   &g);
	assert_int_equal(g.l.n, 1);
	const struct article *a = &g.l.v[0];
	expect(a, "推动高质量发展", 0, "导语一段。", "第三部分。", 7);
	assert_int_equal(a->blocks[1].kind, BLOCK_HEAD);
	assert_string_equal(a->blocks[3].text, "二、以进促稳");
	assert_int_equal(a->blocks[5].kind, BLOCK_HEAD);
	article_list_free(&g.l);

	/* ## crossheads with no # over them: one article, its title made
	 * from its text */
	md("two.md",
	   "本报讯　导语一段，说明情况。\n\n## 第一部分\n\n正文一。\n\n"
	   "## 第二部分\n\n正文二。\n",
	   &g);
	assert_int_equal(g.l.n, 1);
	assert_true(g.l.v[0].flags & ARTICLE_TITLE_DERIVED);
	assert_int_equal(g.l.v[0].nblocks, 5);
	article_list_free(&g.l);

	/* a title in the front matter: every heading is a section head */
	md("three.md",
	   "---\ntitle: 报告全文\n---\n# 一、回顾\n\n内容一。\n\n"
	   "# 二、任务\n\n内容二。\n",
	   &g);
	assert_int_equal(g.l.n, 1);
	expect(&g.l.v[0], "报告全文", 0, "一、回顾", "内容二。", 4);
	assert_int_equal(g.l.v[0].blocks[0].kind, BLOCK_HEAD);
	article_list_free(&g.l);
}

static void test_lists(void **state)
{
	(void)state;
	struct got g;
	md("lists.md",
	   "# 要点\n\n会议明确：\n\n"
	   "- 稳住**农业**\n- 抓好[春耕](http://a.example/b)\n"
	   "  - 备足种子\n\n"
	   "3. 第三点\n4. 第四点\n\n   第四点的第二段。\n\n"
	   "1) 一\n2) 二\n\n"
	   "* 　\n",
	   &g);
	assert_int_equal(g.l.n, 1);
	const struct article *a = &g.l.v[0];
	static const char *const want[] = {
		"会议明确：", "• 稳住农业", "• 抓好春耕",    "• 备足种子",
		"3. 第三点",  "4. 第四点",  "第四点的第二段。", "1) 一",
		"2) 二",
	};
	assert_int_equal(a->nblocks, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < a->nblocks; i++)
		assert_string_equal(a->blocks[i].text, want[i]);
	article_list_free(&g.l);
}

static void test_html_left_in(void **state)
{
	(void)state;
	struct got g;
	md("html.md",
	   "# 标题\n\n"
	   "第一段<span style=\"color:red\">有颜色</span>的字。<br>第二段&amp;"
	   "符号。\n\n"
	   "<div class=\"note\">\n<p>块里的第一段。</p>\n"
	   "<script>alert(1)</script>\n<p>块里的<b>第二段</b>。</p>\n</div>\n\n"
	   "<!-- 注释 -->\n\n"
	   "最后一段。\n",
	   &g);
	assert_int_equal(g.l.n, 1);
	const struct article *a = &g.l.v[0];
	expect(a, "标题", 0, "第一段有颜色的字。", "最后一段。", 5);
	assert_string_equal(a->blocks[1].text, "第二段&符号。");
	assert_string_equal(a->blocks[2].text, "块里的第一段。");
	assert_string_equal(a->blocks[3].text, "块里的第二段。");
	article_list_free(&g.l);
}

static void test_bad_front_matter(void **state)
{
	(void)state;
	struct got g;
	/* a YAML error: warned with its line, left out, the file read */
	md("bad.md",
	   "---\ntitle: 好标题\ndate: [2024-03-01\nsource: 人民日报\n---\n"
	   "# 正文标题\n\n正文。\n",
	   &g);
	assert_int_equal(g.nwarn, 1);
	assert_true(starts(g.warn[0], "bad.md:4: front matter: "));
	assert_true(ends(g.warn[0], "; left out"));
	assert_int_equal(g.l.n, 1);
	expect(&g.l.v[0], "正文标题", 0, "正文。", "正文。", 1);
	assert_null(g.l.v[0].source);
	article_list_free(&g.l);

	/* never closed: it ends at the first blank line */
	md("open.md", "---\ntitle: 标题\ndate: 2024-03-01\n\n正文。\n", &g);
	assert_int_equal(g.nwarn, 1);
	assert_string_equal(g.warn[0],
			    "open.md:1: front matter not closed by a line "
			    "\"---\"; taken to end at line 3");
	assert_int_equal(g.l.n, 1);
	expect(&g.l.v[0], "标题", 20240301, "正文。", "正文。", 1);
	article_list_free(&g.l);

	/* a list or a line between two rules is no front matter: Markdown,
	 * no text lost */
	md("list.md", "---\n- 一\n- 二\n---\n# 标题\n\n正文。\n", &g);
	assert_int_equal(g.nwarn, 0);
	assert_int_equal(g.l.n, 1);
	assert_true(g.l.v[0].flags & ARTICLE_TITLE_DERIVED);
	assert_int_equal(g.l.v[0].nblocks, 4);
	assert_string_equal(g.l.v[0].blocks[0].text, "• 一");
	assert_int_equal(g.l.v[0].blocks[2].kind, BLOCK_HEAD);
	article_list_free(&g.l);
	md("rule.md", "---\n本报北京3月1日电\n---\n\n正文。\n", &g);
	assert_int_equal(g.nwarn, 0);
	assert_int_equal(g.l.n, 1);
	expect(&g.l.v[0], "本报北京3月1日电", 0, "正文。", "正文。", 1);
	article_list_free(&g.l);

	/* nothing after it: no article, a warning */
	md("empty.md", "---\ntitle:\n---\n", &g);
	assert_int_equal(g.l.n, 0);
	assert_int_equal(g.nwarn, 1);
	assert_string_equal(g.warn[0],
			    "empty.md: item 1: no title and no text; left out");
	article_list_free(&g.l);
}

static void test_no_front_matter(void **state)
{
	(void)state;
	struct got g;
	md("saved.md",
	   "# 政协会议开幕\n\n"
	   "![](photo.jpg) ![DSC_0012.JPG](b.jpg) ![图片](c.png)\n\n"
	   "来源：人民日报 2024年03月01日\n\n"
	   "本报记者 张三 李四\n\n"
	   "新华社记者 王五 摄\n\n"
	   "图片来源：视觉中国\n\n"
	   "本报北京2月29日电　会议今天开幕。\n",
	   &g);
	assert_int_equal(g.nwarn, 0);
	assert_int_equal(g.l.n, 1);
	const struct article *a = &g.l.v[0];
	/* the credits stay as captions; the file-name alt text is left out */
	expect(a, "政协会议开幕", 20240301, "新华社记者王五摄",
	       "会议今天开幕。", 3);
	assert_string_equal(a->blocks[1].text, "图片来源：视觉中国");
	assert_string_equal(a->source, "人民日报");
	assert_string_equal(a->byline, "本报记者 张三 李四");
	article_list_free(&g.l);

	/* a date line with its source, a code block */
	md("x.md",
	   "## 标题\n\n2024-03-01 08:30 来源：新华网\n\n正文。\n\n"
	   "```\nline one\n\n  line two\n```\n",
	   &g);
	assert_int_equal(g.l.n, 1);
	a = &g.l.v[0];
	expect(a, "标题", 20240301, "正文。", "line two", 3);
	assert_string_equal(a->source, "新华网");
	article_list_free(&g.l);

	/* labels in any order; a short line that names a date in its words
	 * is text, not a date line */
	md("y.md",
	   "# 回顾\n\n"
	   "发布时间：2024年03月01日 09:00 来源：新华社 作者：张三\n\n"
	   "回顾2023年12月31日\n\n来源：人民网\n",
	   &g);
	assert_int_equal(g.l.n, 1);
	a = &g.l.v[0];
	expect(a, "回顾", 20240301, "回顾2023年12月31日", "来源：人民网", 2);
	assert_string_equal(a->source, "新华社");
	assert_string_equal(a->byline, "张三");
	article_list_free(&g.l);

	/* a masthead line after a mark, under front matter that dates the
	 * article: its page and paper taken, its date not */
	md("z.md",
	   "---\ntitle: 标题\ndate: 2024-03-02\n---\n\n"
	   "■2024年03月01日 星期五 人民日报 第04版\n\n"
	   "本报北京2月29日电　正文。\n",
	   &g);
	assert_int_equal(g.l.n, 1);
	a = &g.l.v[0];
	expect(a, "标题", 20240302, "本报北京2月29日电", "正文。", 1);
	assert_string_equal(a->page, "4");
	assert_string_equal(a->source, "人民日报");
	article_list_free(&g.l);
}

static void test_transcript(void **state)
{
	(void)state;
	struct got g;
	md("talk.md",
	   "# 访谈实录\n\n"
	   "<p>主持人：欢迎收看。</p>\n"
	   "<p>嘉宾：谢谢。</p>\n"
	   "<p>主持人：请谈谈春耕。</p>\n"
	   "<p>嘉宾：今年<strong>农机</strong>多了。</p>\n"
	   "\n"
	   "<p>主持人：谢谢&nbsp;收看。</p>\n",
	   &g);
	assert_int_equal(g.l.n, 1);
	expect(&g.l.v[0], "访谈实录", 0, "主持人：欢迎收看。",
	       "主持人：谢谢收看。", 5);
	assert_string_equal(g.l.v[0].blocks[3].text, "嘉宾：今年农机多了。");
	article_list_free(&g.l);
}

/* A footnote's definition is text, kept: CommonMark alone would read
 * "[^1]: …" as a link's reference definition and drop it.  A link's
 * reference definition with a URL is still dropped, its link's text kept.
 * A table (CommonMark has none) is a paragraph a row. */
static void test_footnotes(void **state)
{
	(void)state;
	struct got g;
	md("note.md",
	   "# 春耕见闻\n\n"
	   "今年的农机多了[^1]，详见[报道][r]。\n\n"
	   "[^1]: 据农业农村部统计，数字为约数。\n"
	   "  [^二]:另一条注释。\n\n"
	   "[r]: https://example.com/a\n",
	   &g);
	assert_int_equal(g.l.n, 1);
	expect(&g.l.v[0], "春耕见闻", 0, "今年的农机多了[^1]，详见报道。",
	       "另一条注释。", 2);
	assert_true(starts(g.l.v[0].blocks[1].text, "[^1]:据农业农村部"));
	article_list_free(&g.l);
	/* a table: a paragraph a row, its rule left out */
	md("table.md",
	   "# 各地春播进度\n\n"
	   "| 地区 | 进度 |\n"
	   "|:---|---:|\n"
	   "| 北京 | 三成 |\n"
	   "| 河北 | 四成 |\n"
	   "表中为约数。\n",
	   &g);
	assert_int_equal(g.l.n, 1);
	expect(&g.l.v[0], "各地春播进度", 0, "|地区|进度|", "表中为约数。", 4);
	assert_string_equal(g.l.v[0].blocks[2].text, "|河北|四成|");
	article_list_free(&g.l);
}

static void test_gbk(void **state)
{
	(void)state;
	const char *utf8 = "# 标题\n\n来源：人民日报\n\n正文。\n";
	char gbk[64];
	iconv_t cd = iconv_open("GBK", "UTF-8");
	assert_true(cd != (iconv_t)-1);
	char *in = (char *)utf8, *out = gbk;
	size_t inleft = strlen(utf8), outleft = sizeof gbk;
	assert_int_not_equal(iconv(cd, &in, &inleft, &out, &outleft),
			     (size_t)-1);
	iconv_close(cd);
	struct got g;
	md_n("gbk.md", gbk, sizeof gbk - outleft, &g);
	assert_int_equal(g.l.n, 1);
	expect(&g.l.v[0], "标题", 0, "正文。", "正文。", 1);
	assert_string_equal(g.l.v[0].source, "人民日报");
	article_list_free(&g.l);
}

/* Broken and hostile: nesting thousands deep, controls, a bare "---". */
static void test_broken(void **state)
{
	(void)state;
	enum { DEEP = 5000 };
	char *deep = malloc(3 * DEEP + 64);
	assert_non_null(deep);
	size_t n = (size_t)sprintf(deep, "# 深\n\n");
	for (int i = 0; i < DEEP; i++)
		deep[n++] = '>';
	n += (size_t)sprintf(deep + n, " 引文\n\n");
	for (int i = 0; i < DEEP; i++)
		n += (size_t)sprintf(deep + n, "- ");
	n += (size_t)sprintf(deep + n, "项\n");
	struct got g;
	md_n("deep.md", deep, n, &g);
	assert_int_equal(g.l.n, 1);
	expect(&g.l.v[0], "深", 0, "引文", "项", 2);
	article_list_free(&g.l);
	free(deep);

	md("ctl.md", "# 标\x1b[31m题\n\n正\x07文。\n\n---\n\n后文。\n", &g);
	assert_int_equal(g.l.n, 1);
	assert_null(strchr(g.l.v[0].title, '\x1b'));
	assert_null(strchr(g.l.v[0].blocks[0].text, '\x07'));
	assert_int_equal(g.l.v[0].nblocks, 2);
	article_list_free(&g.l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_front_matter),
		cmocka_unit_test(test_digest),
		cmocka_unit_test(test_crossheads),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_html_left_in),
		cmocka_unit_test(test_bad_front_matter),
		cmocka_unit_test(test_no_front_matter),
		cmocka_unit_test(test_transcript),
		cmocka_unit_test(test_footnotes),
		cmocka_unit_test(test_gbk),
		cmocka_unit_test(test_broken),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
