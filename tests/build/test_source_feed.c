/* Tests for source_feed: RSS 2.0, RSS 1.0 (RDF) and Atom feeds made into
 * articles, broken and hostile ones too.  The feeds are written for these
 * tests. */
#include "test.h"

#include <iconv.h>

#include "kanbao/build/source.h"

/* Warnings counted, the last kept. */
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

static struct article_list feed(const char *xml, size_t n)
{
	struct article_list l = { 0 };
	struct diag d = { keep, &warned, 0 };
	struct import_opts o = { .diag = &d };
	struct err e = { 0 };
	memset(&warned, 0, sizeof warned);
	assert_int_equal(source_feed("t.xml", xml, n, &o, &l, &e), ERR_OK);
	return l;
}

/* Article `a` is titled `title`, dated `date`, from `source`, by `byline`
 * (NULL: none), with `paras` blocks, the first starting and the last
 * ending as given. */
static void expect(const struct article *a, const char *title, uint32_t date,
		   const char *source, const char *byline, size_t paras,
		   const char *first, const char *last)
{
	assert_string_equal(a->title, title);
	assert_int_equal(a->date, date);
	if (source)
		assert_string_equal(a->source, source);
	else
		assert_null(a->source);
	if (byline)
		assert_string_equal(a->byline, byline);
	else
		assert_null(a->byline);
	assert_int_equal(a->nblocks, paras);
	const char *f = a->blocks[0].text, *l = a->blocks[paras - 1].text;
	assert_memory_equal(f, first, strlen(first));
	assert_true(strlen(l) >= strlen(last));
	assert_string_equal(l + strlen(l) - strlen(last), last);
}

static const char rss[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/"
	"modules/content/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
	"<channel><title>示例日报</title><link>http://example.com/</link>\n"
	"<lastBuildDate>Sat, 02 Mar 2024 09:00:00 +0800</lastBuildDate>\n"
	"<item><title>春耕时节农机忙</title>\n"
	"<pubDate>Fri, 01 Mar 2024 23:30:00 +0800</pubDate>\n"
	"<dc:creator>张三</dc:creator>\n"
	"<description>摘要不用</description>\n"
	"<content:encoded><![CDATA[<p>各地抓住农时，开展春耕。</p>"
	"<script>x()</script><p>机器来回穿梭&mdash;&mdash;浇水施肥。"
	"<br/>一天干完一周的活。</p>]]></content:encoded></item>\n"
	"<item><title>没有日期的一条</title>\n"
	"<author>news@example.com (李四)</author>\n"
	"<source url=\"http://example.org/\">另一家报纸</source>\n"
	"<description>第一行纯文本。\n第二行纯文本。</description></item>\n"
	"<item><description>&lt;p&gt;只有正文，没有标题。&lt;/p&gt;"
	"</description></item>\n"
	"</channel></rss>\n";

static void test_rss(void **state)
{
	(void)state;
	struct article_list l = feed(rss, sizeof rss - 1);
	assert_int_equal(l.n, 3);
	/* content:encoded before the description, its HTML read; the
	 * paper's 23:30 is its 1 March */
	expect(&l.v[0], "春耕时节农机忙", 20240301, "示例日报", "张三", 3,
	       "各地", "一周的活。");
	assert_string_equal(l.v[0].blocks[1].text, "机器来回穿梭——浇水施肥。");
	/* no date: none, not the channel's; the item's own source; plain
	 * text a paragraph a line; the name in the address's parentheses */
	expect(&l.v[1], "没有日期的一条", 0, "另一家报纸", "李四", 2,
	       "第一行", "第二行纯文本。");
	/* escaped HTML in the description; a title made from the text */
	assert_true(l.v[2].flags & ARTICLE_TITLE_DERIVED);
	expect(&l.v[2], l.v[2].title, 0, "示例日报", NULL, 1, "只有正文",
	       "没有标题。");
	assert_int_equal(warned.n, 0);
	article_list_free(&l);
}

static const char rdf[] =
	"<?xml version=\"1.0\"?>\n"
	"<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
	"xmlns=\"http://purl.org/rss/1.0/\" "
	"xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
	"<channel rdf:about=\"http://example.com/\"><title>示例周刊</title>"
	"</channel>\n"
	"<item rdf:about=\"http://example.com/1\"><title>第一篇</title>"
	"<dc:date>2024-03-01T08:00:00+08:00</dc:date>"
	"<description>正文一段。</description></item>\n"
	"<item rdf:about=\"http://example.com/2\"><title>第二篇</title>"
	"<dc:date>2024-03-02</dc:date><description>正文两段。"
	"&lt;br&gt;第二段。</description></item>\n"
	"</rdf:RDF>\n";

static const char atom[] =
	"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	"<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>示例网</title>\n"
	"<updated>2024-03-03T00:00:00Z</updated>\n"
	"<entry><title type=\"html\">&lt;b&gt;大桥&lt;/b&gt;合龙</title>"
	"<published>2024-03-01T08:00:00+08:00</published>"
	"<updated>2024-03-02T08:00:00+08:00</updated>"
	"<author><name>王五</name></author>"
	"<summary>摘要</summary>"
	"<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">"
	"<p>第一段。</p><p>第二段。</p></div></content></entry>\n"
	"<entry><title>只有更新时间</title>"
	"<updated>2024-02-29T20:00:00-05:00</updated>"
	"<content src=\"http://example.com/x\"/>"
	"<summary type=\"text\">a &lt; b 的纯文本。</summary></entry>\n"
	"</feed>\n";

static void test_rdf_atom(void **state)
{
	(void)state;
	struct article_list l = feed(rdf, sizeof rdf - 1);
	assert_int_equal(l.n, 2);
	expect(&l.v[0], "第一篇", 20240301, "示例周刊", NULL, 1, "正文一段",
	       "一段。");
	expect(&l.v[1], "第二篇", 20240302, "示例周刊", NULL, 2, "正文两段",
	       "第二段。");
	article_list_free(&l);
	l = feed(atom, sizeof atom - 1);
	assert_int_equal(l.n, 2);
	/* published before updated; an HTML title read as HTML; xhtml */
	expect(&l.v[0], "大桥合龙", 20240301, "示例网", "王五", 2, "第一段",
	       "第二段。");
	/* the date in its own zone; out-of-line content: the summary,
	 * text though it holds a '<' */
	expect(&l.v[1], "只有更新时间", 20240229, "示例网", NULL, 1, "a < b",
	       "纯文本。");
	assert_int_equal(warned.n, 0);
	article_list_free(&l);
}

static void test_encoding(void **state)
{
	(void)state;
	static const char utf8[] =
		"<?xml version=\"1.0\" encoding=\"GB2312\"?>\n"
		"<rss version=\"2.0\"><channel><title>示例日报</title>"
		"<item><title>编码测试</title><description>中文正文。"
		"</description></item></channel></rss>";
	/* declared GB2312, saved as UTF-8: read as the bytes are */
	struct article_list l = feed(utf8, sizeof utf8 - 1);
	assert_int_equal(l.n, 1);
	expect(&l.v[0], "编码测试", 0, "示例日报", NULL, 1, "中文正文",
	       "正文。");
	article_list_free(&l);
	/* and in GB2312 as declared */
	iconv_t cd = iconv_open("GB2312", "UTF-8");
	assert_true(cd != (iconv_t)-1);
	char out[512], *p = out, *q = (char *)utf8;
	size_t in = sizeof utf8 - 1, room = sizeof out;
	assert_int_not_equal(iconv(cd, &q, &in, &p, &room), (size_t)-1);
	iconv_close(cd);
	l = feed(out, (size_t)(p - out));
	assert_int_equal(l.n, 1);
	expect(&l.v[0], "编码测试", 0, "示例日报", NULL, 1, "中文正文",
	       "正文。");
	article_list_free(&l);
}

static void test_broken(void **state)
{
	(void)state;
	/* cut off in the middle of the second item: the first is read,
	 * with a warning naming the file */
	static const char cut[] =
		"<rss version=\"2.0\"><channel><title>示例日报</title>"
		"<item><title>完整的一条</title><description>正文。"
		"</description></item><item><title>断了的一条</title><descr";
	struct article_list l = feed(cut, sizeof cut - 1);
	assert_true(l.n >= 1);
	assert_string_equal(l.v[0].title, "完整的一条");
	assert_int_equal(warned.n, 1);
	if (strncmp(warned.last, "t.xml: line ", 12) ||
	    !strstr(warned.last, ": broken XML ("))
		fail_msg("%s", warned.last);
	article_list_free(&l);
	/* XML, but no feed */
	static const char svg[] =
		"<?xml version=\"1.0\"?><svg><text>不是新闻</text></svg>";
	l = feed(svg, sizeof svg - 1);
	assert_int_equal(l.n, 0);
	assert_int_equal(warned.n, 1);
	assert_non_null(strstr(warned.last, "not an RSS or Atom feed"));
	article_list_free(&l);
	/* cut off at once: broken, and no channel in what is left */
	l = feed("<rss", 4);
	assert_int_equal(l.n, 0);
	assert_int_equal(warned.n, 2);
	assert_non_null(strstr(warned.last, "with no <channel>"));
	article_list_free(&l);
}

static void test_entities(void **state)
{
	(void)state;
	/* an external entity is not fetched (no XXE), an internal one is
	 * what it says, and a file's contents never reach the text */
	static const char xxe[] =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE rss [<!ENTITY out SYSTEM \"file:///etc/passwd\">"
		"<!ENTITY in \"内部实体\">]>\n"
		"<rss version=\"2.0\"><channel><title>示例</title><item>"
		"<title>实体&in;</title><description>正文&out;结束。"
		"</description></item></channel></rss>";
	struct article_list l = feed(xxe, sizeof xxe - 1);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].title, "实体内部实体");
	assert_null(strstr(l.v[0].blocks[0].text, "root"));
	article_list_free(&l);
	/* entities that would grow to a billion bytes: libxml2 stops them,
	 * and the warning says where */
	struct buf lol = { 0 };
	buf_puts(&lol, "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n"
		       "<!ENTITY l0 \"哈哈\">\n");
	for (int i = 1; i <= 9; i++) {
		buf_printf(&lol, "<!ENTITY l%d \"", i);
		for (int j = 0; j < 10; j++)
			buf_printf(&lol, "&l%d;", i - 1);
		buf_puts(&lol, "\">\n");
	}
	buf_puts(&lol, "]>\n<rss version=\"2.0\"><channel><title>笑</title>"
		       "<item><title>标题</title><description>&l9;"
		       "</description></item></channel></rss>");
	assert_false(lol.failed);
	l = feed(lol.p, lol.len);
	buf_free(&lol);
	assert_true(l.n <= 1);
	assert_int_equal(warned.n, 1);
	assert_non_null(strstr(warned.last, ": broken XML ("));
	article_list_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rss),
		cmocka_unit_test(test_rdf_atom),
		cmocka_unit_test(test_encoding),
		cmocka_unit_test(test_broken),
		cmocka_unit_test(test_entities),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
