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
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wrapped),
		cmocka_unit_test(test_page_break),
		cmocka_unit_test(test_sentences),
		cmocka_unit_test(test_paragraphs),
	};
	return cmocka_run_group_tests_name("blocks", tests, NULL, NULL);
}
