/* Tests for source_html: web pages made into articles (the headline, the
 * date and source from metadata or a date line, the body by text density,
 * a page of several articles, a digest, GBK, broken markup).  The pages
 * are written for these tests. */
#include "test.h"

#include <iconv.h>

#include "kanbao/build/source.h"

/* Warnings counted, their last line kept. */
struct seen {
	unsigned n;
	char last[512];
};

static void keep(void *ctx, const char *msg)
{
	struct seen *s = ctx;
	s->n++;
	snprintf(s->last, sizeof s->last, "%s", msg);
}

static struct seen warned;

/* The articles of `n` bytes of page; the test fails on an error. */
static struct article_list page(const char *html, size_t n)
{
	struct article_list l = { 0 };
	struct diag d = { keep, &warned, 0 };
	struct import_opts o = { .diag = &d };
	struct err e = { 0 };
	memset(&warned, 0, sizeof warned);
	assert_int_equal(source_html("t.html", html, n, &o, &l, &e), ERR_OK);
	return l;
}

/* Article `a` is titled `title`, dated `date`, from `source` (NULL: none),
 * with `paras` blocks, the first starting and the last ending as given. */
static void expect(const struct article *a, const char *title, uint32_t date,
		   const char *source, size_t paras, const char *first,
		   const char *last)
{
	assert_string_equal(a->title, title);
	assert_int_equal(a->date, date);
	if (source)
		assert_string_equal(a->source, source);
	else
		assert_null(a->source);
	assert_int_equal(a->nblocks, paras);
	const char *f = a->blocks[0].text, *l = a->blocks[paras - 1].text;
	assert_memory_equal(f, first, strlen(first));
	assert_true(strlen(l) >= strlen(last));
	assert_string_equal(l + strlen(l) - strlen(last), last);
}

/* No block of any article holds `word`. */
static void absent(const struct article_list *l, const char *word)
{
	for (size_t i = 0; i < l->n; i++) {
		assert_null(strstr(l->v[i].title, word));
		for (size_t j = 0; j < l->v[i].nblocks; j++)
			if (strstr(l->v[i].blocks[j].text, word))
				fail_msg("'%s' in \"%s\"", word,
					 l->v[i].blocks[j].text);
	}
}

static const char article_page[] =
	"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n"
	"<title>春耕时节农机忙 - 人民网</title>\n"
	"<meta name=\"publishdate\" content=\"2024-03-01\">\n"
	"<meta property=\"og:site_name\" content=\"人民网\">\n"
	"<script>var s = \"脚本里的字\";</script><style>p{}</style>\n"
	"</head><body>\n"
	"<header><h1><a href=\"/\">人民网</a></h1><nav><a href=\"/a\">首页"
	"</a> <a href=\"/b\">国内新闻</a></nav></header>\n"
	"<div class=\"wrap\"><div class=\"left\">\n"
	"<h1>春耕时节农机忙</h1>\n"
	"<div>2024年02月28日08:00&nbsp;&nbsp;来源：人民日报</div>\n"
	"<div><p>　　本报北京2月29日电　各地抓住农时，开展春耕生产，田间地头"
	"处处是忙碌的景象。农民们说，今年的种子和化肥都准备得很早。</p>\n"
	"<p>　　在河南，机器来回穿梭&mdash;&mdash;浇水、施肥，一天能干完过去"
	"一周的活。<br>　　当地干部介绍，全县已有九成农田用上了机械。</p>\n"
	"<p>　　专家表示，农业机械化水平的提高，让粮食生产更有保障。</p>\n"
	"</div>\n"
	"<div class=\"share-box\">分享到：<a href=\"#\">微信</a></div>\n"
	"<ul><li><a href=\"/1\">相关新闻一则的标题</a></li>"
	"<li><a href=\"/2\">相关新闻二则的标题</a></li></ul>\n"
	"<div id=\"comments\"><p>网友评论：写得好，支持。</p></div>\n"
	"</div><aside><p>热门排行第一名</p></aside></div>\n"
	"<footer>版权所有，未经授权禁止使用</footer>\n"
	"</body></html>\n";

static void test_article(void **state)
{
	(void)state;
	struct article_list l = page(article_page, strlen(article_page));
	assert_int_equal(l.n, 1);
	/* the headline, not the logo; the metadata's date, not the line's;
	 * the source the line names; <br> a paragraph break */
	expect(&l.v[0], "春耕时节农机忙", 20240301, "人民日报", 4, "本报北京",
	       "更有保障。");
	assert_string_equal(l.v[0].blocks[1].text,
			    "在河南，机器来回穿梭——浇水、施肥，一天能干完过去"
			    "一周的活。");
	const char *out[] = { "脚本", "首页", "分享", "相关", "评论",
			      "热门", "版权", "来源", "2024年" };
	for (size_t i = 0; i < sizeof out / sizeof *out; i++)
		absent(&l, out[i]);
	assert_int_equal(warned.n, 0);
	article_list_free(&l);
}

/* A page as a national daily's site lays one out: a menu, the path, an
 * empty kicker, the headline and its subtitle, the date line beside share
 * buttons, a byline, the issue and editors' lines under the text, related
 * links and readers' comments after it. */
static const char daily_page[] =
	"<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Transitional//EN\" \"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd\">\n"
	"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\" />\n"
	"<title>城市更新让老街区焕发新活力--社会·法治--人民网</title>\n"
	"<meta name=\"keywords\" content=\"城市更新\" />\n"
	"<meta name=\"description\" content=\"老街区改造后，居民生活更方便了。\" />\n"
	"<meta name=\"source\" content=\"来源：人民网－人民日报\" />\n"
	"<meta name=\"author\" content=\"王小明\" />\n"
	"<meta name=\"publishdate\" content=\"2024-03-01\" />\n"
	"</head><body>\n"
	"<div class=\"top\"><a href=\"/\">首页</a>|<a href=\"/a\">时政</a>|<a href=\"/b\">社会</a>|<a href=\"/c\">国际</a></div>\n"
	"<div class=\"main\">\n"
	" <div class=\"layout\">\n"
	"  <div class=\"col\">\n"
	"   <div class=\"path\"><a href=\"/\">人民网</a>&gt;&gt;<a href=\"/s\">社会·法治</a></div>\n"
	"   <h3 class=\"pre\"></h3>\n"
	"   <h1>城市更新让老街区焕发新活力</h1>\n"
	"   <h4 class=\"sub\">改造项目惠及十万居民</h4>\n"
	"   <div class=\"box\">\n"
	"     <div class=\"fl\">2024年03月01日05:58 | 来源：<a href=\"http://paper.example.com/\">人民网－人民日报</a></div>\n"
	"     <div class=\"fr\">分享到：<a href=\"#\">微博</a><a href=\"#\">微信</a></div>\n"
	"   </div>\n"
	"  </div>\n"
	"  <div class=\"col-1\">\n"
	"   <div class=\"txt\">\n"
	"    <p style=\"text-indent: 2em;\">本报记者　王小明</p>\n"
	"    <p style=\"text-indent: 2em;\">走进改造后的老街区，青石板路干净整洁，沿街的店铺生意兴隆。“过去下雨天出门都难，现在可好了。”居民张大爷笑着说。</p>\n"
	"    <p style=\"text-indent: 2em;\">据介绍，这个项目共改造老旧小区四十个，惠及居民十万余人。改造中，当地充分听取居民意见，先后召开座谈会一百多场。</p>\n"
	"    <p style=\"text-indent: 2em;\"><img src=\"x.jpg\"/></p>\n"
	"    <p style=\"text-indent: 2em;\">下一步，当地将继续推进城市更新，让更多居民受益。</p>\n"
	"    <p>《 人民日报 》（ 2024年03月01日 11 版）</p>\n"
	"    <div class=\"edit\">(责编：李四、赵五)</div>\n"
	"   </div>\n"
	"   <div class=\"rel\">\n"
	"    <h3>相关新闻</h3>\n"
	"    <ul><li><a href=\"/1\">老旧小区改造提速</a></li><li><a href=\"/2\">城市更新需要绣花功夫</a></li><li><a href=\"/3\">让老街区留住乡愁</a></li></ul>\n"
	"   </div>\n"
	"   <div class=\"msg\"><h3>网友留言</h3><p>说得好，我们小区也改造了，现在住得很舒服。</p><p>希望更多地方都能这样。</p></div>\n"
	"  </div>\n"
	" </div>\n"
	"</div>\n"
	"<div class=\"foot\"><p>人民日报社概况 | 关于人民网 | 报社招聘 | 招聘英才 | 广告服务 | 合作加盟 | 供稿服务 | 网站声明</p><p>人民网版权所有，未经书面授权禁止使用</p></div>\n"
	"</body></html>\n";

static void test_daily(void **state)
{
	(void)state;
	struct article_list l = page(daily_page, strlen(daily_page));
	assert_int_equal(l.n, 1);
	expect(&l.v[0], "城市更新让老街区焕发新活力", 20240301,
	       "人民网－人民日报", 3, "走进改造后", "更多居民受益。");
	assert_string_equal(l.v[0].subtitle, "改造项目惠及十万居民");
	assert_string_equal(l.v[0].byline, "本报记者 王小明");
	assert_string_equal(l.v[0].page, "11");
	const char *out[] = { "首页", "人民网>>", "分享", "责编", "相关新闻",
			      "留言", "舒服", "版权", "人民日报》" };
	for (size_t i = 0; i < sizeof out / sizeof *out; i++)
		absent(&l, out[i]);
	article_list_free(&l);
}

static void test_title_and_date_line(void **state)
{
	(void)state;
	/* no <h1>, no og:title: <title> without the site and its channel;
	 * the date from the line under the title, the site as source; the
	 * paragraphs are <div>s in a <div> of their own */
	static const char html[] =
		"<html><head><title>大桥合龙 两岸通行只需十分钟_滚动新闻_新华网"
		"</title></head><body><div class=\"menu\"><a href=\"/\">首页</a>"
		"<a href=\"/x\">滚动</a></div>"
		"<div><div>发布时间：2024-03-01 10:30</div>"
		"<div><div>　　记者从交通部门获悉，这座大桥今天合龙。</div>"
		"<div>　　大桥建成后，两岸通行只需十分钟。</div>"
		"<div>　　附近居民说，盼这一天盼了很多年。</div></div></div>"
		"</body></html>";
	struct article_list l = page(html, sizeof html - 1);
	assert_int_equal(l.n, 1);
	expect(&l.v[0], "大桥合龙两岸通行只需十分钟", 20240301, "新华网", 3,
	       "记者从", "很多年。");
	absent(&l, "发布时间");
	article_list_free(&l);
}

static void test_logo(void **state)
{
	(void)state;
	/* the only <h1> is the site's name linking home: no headline */
	static const char html[] =
		"<html><head><title>大桥合龙_示例网</title></head><body><div>"
		"<h1><a href=\"/\">示例网</a></h1></div><div><p>记者从交通部门"
		"获悉，这座大桥今天合龙。</p><p>居民说，盼了很多年。</p></div>"
		"</body></html>";
	struct article_list l = page(html, sizeof html - 1);
	assert_int_equal(l.n, 1);
	expect(&l.v[0], "大桥合龙", 0, "示例网", 2, "记者从", "很多年。");
	article_list_free(&l);
}

static void test_several_articles(void **state)
{
	(void)state;
	static const char html[] =
		"<!DOCTYPE html><html><head><title>早间新闻</title>"
		"<meta name=\"pubdate\" content=\"2024-03-02\"></head><body>"
		"<article><h2>第一条新闻的标题</h2><time datetime=\"2024-03-01T"
		"23:30:00+08:00\">3月1日</time><p>第一条新闻的正文。</p>"
		"</article><article><header><h3>第二条新闻的标题</h3></header>"
		"<p>第二条新闻的正文。<br>第二段。</p><footer><a href=\"#\">分享"
		"</a> <a href=\"#\">评论</a></footer></article></body></html>";
	struct article_list l = page(html, sizeof html - 1);
	assert_int_equal(l.n, 2);
	/* each its own <time>, else the page's date */
	expect(&l.v[0], "第一条新闻的标题", 20240301, NULL, 2, "3月1日",
	       "正文。");
	expect(&l.v[1], "第二条新闻的标题", 20240302, NULL, 2, "第二条",
	       "第二段。");
	absent(&l, "分享");
	article_list_free(&l);
}

static const char digest_page[] =
	"<html><head><meta charset=\"gb2312\"><title>今日要闻_新华网</title>"
	"</head><body><div>\n"
	"<h2>全国两会今天开幕</h2>\n<p>2024年03月05日</p>\n"
	"<p>十四届全国人大二次会议今天上午在人民大会堂开幕。</p>\n"
	"<p>会议听取了政府工作报告。</p>\n"
	"<h2>春运圆满结束</h2>\n"
	"<p>为期四十天的春运今天结束，全国发送旅客九十亿人次。</p>\n"
	"<h3>铁路再创新高</h3>\n"
	"<p>铁路发送旅客四亿八千万人次，创历史新高。</p>\n"
	"</div></body></html>\n";

/* `s` in `charset`, malloc'd, its length in `*n`. */
static char *encode(const char *s, const char *charset, size_t *n)
{
	iconv_t cd = iconv_open(charset, "UTF-8");
	assert_true(cd != (iconv_t)-1);
	size_t in = strlen(s), room = in * 2 + 1;
	char *out = malloc(room), *p = out, *q = (char *)s;
	assert_non_null(out);
	assert_int_not_equal(iconv(cd, &q, &in, &p, &room), (size_t)-1);
	iconv_close(cd);
	*n = (size_t)(p - out);
	return out;
}

static void test_digest_gbk(void **state)
{
	(void)state;
	size_t n;
	char *bytes = encode(digest_page, "GBK", &n);
	struct article_list l = page(bytes, n);
	free(bytes);
	/* an item per <h2>, the <h3> a crosshead in its item; the first
	 * item's date line is its own, the second has none */
	assert_int_equal(l.n, 2);
	expect(&l.v[0], "全国两会今天开幕", 20240305, "新华网", 2, "十四届",
	       "工作报告。");
	expect(&l.v[1], "春运圆满结束", 0, "新华网", 3, "为期四十天",
	       "创历史新高。");
	assert_int_equal(l.v[1].blocks[1].kind, BLOCK_HEAD);
	assert_int_equal(warned.n, 0);
	article_list_free(&l);
	/* declared GB2312 but saved as UTF-8: read as the bytes are */
	l = page(digest_page, strlen(digest_page));
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[1].title, "春运圆满结束");
	article_list_free(&l);
}

static void test_big5_date_above(void **state)
{
	(void)state;
	/* Big5; the date line right above the headline dates it, the
	 * masthead's date far above (the day the page was saved) never */
	static const char html[] =
		"<html><head><meta http-equiv=\"Content-Type\" content=\""
		"text/html; charset=big5\"><title>颱風登陸 沿海停課 | 示例新聞網"
		"</title></head><body><div>2026年12月07日 星期一</div>"
		"<div><a href=\"/\">首頁</a> <a href=\"/n\">新聞</a></div>"
		"<div><span>2024/03/01</span> <span>08:00:00</span></div>"
		"<h1>颱風登陸 沿海停課</h1><div><p>氣象局表示，颱風今天清晨登陸，"
		"沿海各縣市停班停課。</p><p>民眾應避免前往海邊。</p></div>"
		"</body></html>";
	size_t n;
	char *bytes = encode(html, "BIG5", &n);
	struct article_list l = page(bytes, n);
	free(bytes);
	assert_int_equal(l.n, 1);
	expect(&l.v[0], "颱風登陸沿海停課", 20240301, "示例新聞網", 2, "氣象局",
	       "前往海邊。");
	absent(&l, "2024");
	article_list_free(&l);
	/* without the line above, no date: not the masthead's */
	char *cut = strdup(html);
	assert_non_null(cut);
	memcpy(strstr(cut, "2024/03/01"), "xxxx/xx/xx", 10);
	bytes = encode(cut, "BIG5", &n);
	free(cut);
	l = page(bytes, n);
	free(bytes);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0].date, 0);
	article_list_free(&l);
}

static void test_digest_wrapped(void **state)
{
	(void)state;
	/* items each in a <div> of their own, the text two <div>s further
	 * down, headings that are links, links beside them; one item much
	 * longer than the others; a masthead's date above them dates none */
	static const char html[] =
		"<html><head><title>要闻汇总</title></head><body>"
		"<div>2026年12月07日 星期一</div><div class=\"item\"><h3><a href=\"/1\">第一条要闻</a></h3>"
		"<ul><li><a href=\"/x\">链接一</a></li><li><a href=\"/y\">链接二"
		"</a></li></ul><div><div><p>第一条的正文很长很长，写了许多事情，"
		"一件接着一件，说也说不完，读也读不完，一直写到这里才结束，"
		"后面还有更多更多的话要说，一句接着一句，一直说到天亮才结束。"
		"</p></div></div></div>"
		"<div class=\"item\"><h3><a href=\"/2\">第二条要闻</a></h3>"
		"<div><div><p>第二条的正文。</p></div></div></div>"
		"<div class=\"item\"><h3><a href=\"/3\">第三条要闻</a></h3>"
		"<div><div><p>第三条的正文。</p><p>第二段。</p></div></div></div>"
		"</body></html>";
	struct article_list l = page(html, sizeof html - 1);
	assert_int_equal(l.n, 3);
	expect(&l.v[0], "第一条要闻", 0, NULL, 1, "第一条的正文", "天亮才结束。");
	expect(&l.v[1], "第二条要闻", 0, NULL, 1, "第二条", "正文。");
	expect(&l.v[2], "第三条要闻", 0, NULL, 2, "第三条", "第二段。");
	absent(&l, "链接");
	article_list_free(&l);
}

static void test_crossheads(void **state)
{
	(void)state;
	/* an article with a lead before its crossheads stays one */
	static const char html[] =
		"<html><body><h1>政府工作报告解读</h1><div>"
		"<p>今年的政府工作报告篇幅不长，内容丰富，既有回顾，也有部署，"
		"引起了代表委员的热烈讨论，大家纷纷发表看法。</p>"
		"<h3>一、回顾</h3><p>过去一年经济回升向好。</p>"
		"<h3>二、部署</h3><p>今年要稳中求进。</p></div></body></html>";
	struct article_list l = page(html, sizeof html - 1);
	assert_int_equal(l.n, 1);
	expect(&l.v[0], "政府工作报告解读", 0, NULL, 5, "今年的政府",
	       "稳中求进。");
	assert_int_equal(l.v[0].blocks[1].kind, BLOCK_HEAD);
	article_list_free(&l);
}

static void test_broken(void **state)
{
	(void)state;
	/* unclosed tags, entities, a stray end tag: what HTML5 makes of it */
	static const char html[] =
		"<html><body><h1>残缺&amp;网页</h1><div><p>第一段&lt;没有&gt;"
		"关闭&#x4E2D;&#25991;<p>第二段</span>照样读出<div>最后一段";
	struct article_list l = page(html, sizeof html - 1);
	assert_int_equal(l.n, 1);
	expect(&l.v[0], "残缺&网页", 0, NULL, 3, "第一段<没有>关闭中文",
	       "最后一段");
	article_list_free(&l);
	/* nested deeper than the walk recurses: the text is still read,
	 * without a recursion as deep as the page */
	enum { DEEP = 1000 };
	struct buf deep = { 0 };
	buf_puts(&deep, "<html><body><h1>很深的网页</h1>");
	for (int i = 0; i < DEEP; i++)
		buf_puts(&deep, "<div><span>");
	buf_puts(&deep, "最深处的文字<script>不要</script>。");
	assert_false(deep.failed);
	l = page(deep.p, deep.len);
	buf_free(&deep);
	assert_int_equal(l.n, 1);
	expect(&l.v[0], "很深的网页", 0, NULL, 1, "最深处", "的文字。");
	article_list_free(&l);
	/* nothing to read: no article, no crash */
	const char *empty[] = { "<html></html>", "<html><body><p>   </p>",
				"<!DOCTYPE html><title></title>" };
	for (size_t i = 0; i < sizeof empty / sizeof *empty; i++) {
		l = page(empty[i], strlen(empty[i]));
		assert_int_equal(l.n, 0);
		article_list_free(&l);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_article),
		cmocka_unit_test(test_daily),
		cmocka_unit_test(test_title_and_date_line),
		cmocka_unit_test(test_logo),
		cmocka_unit_test(test_several_articles),
		cmocka_unit_test(test_digest_gbk),
		cmocka_unit_test(test_big5_date_above),
		cmocka_unit_test(test_digest_wrapped),
		cmocka_unit_test(test_crossheads),
		cmocka_unit_test(test_broken),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
