/* Tests for lines: a raw page's lines, layout and furniture. */
#include "test.h"

#include <uniwidth.h>

#include "kanbao/base/buf.h"
#include "kanbao/base/err.h"
#include "kanbao/build/lines.h"

static void read(const char *text, struct lines *l)
{
	assert_int_equal(lines_read(text, strlen(text), l), 0);
}

/* The text lines (not blank, not furniture), '|' between them. */
static char *texts(const struct lines *l)
{
	struct buf b = { 0 };
	for (size_t i = 0; i < l->n; i++) {
		if (!l->v[i].len || l->v[i].flags & LINE_FURNITURE)
			continue;
		if (b.len)
			buf_putc(&b, '|');
		buf_put(&b, l->v[i].s, l->v[i].len);
	}
	return buf_take(&b);
}

static void test_split(void **state)
{
	(void)state;
	struct lines l;
	read("  标题  \n\n\u3000\u3000正文一。\n第二页前\f第二页\n\f\n末行", &l);
	assert_int_equal(l.n, 7);
	assert_int_equal(l.pages, 3);
	assert_int_equal(l.v[0].len, strlen("标题"));
	assert_int_equal(l.v[0].indent, 2);
	assert_int_equal(l.v[0].width, 4);
	assert_int_equal(l.v[1].len, 0);
	assert_int_equal(l.v[2].indent, 4); /* U+3000 is two columns */
	assert_int_equal(l.v[3].no, 4);
	assert_int_equal(l.v[4].page, 1);
	assert_true(l.v[4].flags & LINE_PAGE);
	assert_false(l.v[3].flags & LINE_PAGE);
	assert_int_equal(l.v[4].no, 4); /* a form feed ends no line */
	assert_int_equal(l.v[5].len, 0); /* pdftotext: "\f" then '\n' */
	assert_int_equal(l.v[6].page, 2);
	assert_int_equal(l.v[6].no, 6);
	lines_free(&l);
}

/* Rules between articles read as blank lines; marks that are text, or
 * fewer than three, are kept. */
static void test_rules(void **state)
{
	(void)state;
	struct lines l;
	read("==========\n----\n* * *\n　★★★　\n————\n"
	     "——\n○○○\n……\n= 3 =\n第二节\n", &l);
	assert_int_equal(l.n, 10);
	for (size_t i = 0; i < 5; i++)
		if (l.v[i].len)
			fail_msg("line %zu is no blank line", i + 1);
	for (size_t i = 5; i < 10; i++)
		if (!l.v[i].len)
			fail_msg("line %zu is a blank line", i + 1);
	lines_free(&l);
}

/* lines_width takes printable ASCII as 1 column and the CJK unified
 * ideographs as 2 without asking libunistring: what it would answer. */
static void test_width_shortcut(void **state)
{
	(void)state;
	for (ucs4_t uc = 0x20; uc < 0x7F; uc++)
		assert_int_equal(uc_width(uc, "GBK"), 1);
	for (ucs4_t uc = 0x4E00; uc <= 0x9FFF; uc++)
		assert_int_equal(uc_width(uc, "GBK"), 2);
	assert_int_equal(lines_width("“引号”……", strlen("“引号”……")), 12);
}

/* What pdftotext -layout made of a page of two columns (typeset by
 * LibreOffice, read back): every character one cell, the right column
 * starting at cell 27, a row with only the right column. */
static const char two_columns[] =
	"本报郑州 3 月 2 日电 记者张明报道：初春时   另一篇文章的标题\n"
	"节，黄河岸边的麦田里一片繁忙景象。农民们\n"
	"趁着好天气，忙着给小麦追肥浇水，田间地头       新华社北京 3 月 2 日电 "
	"国家有关部门近日发\n"
	"处处是劳动的身影。                  布通知，要求各地切实做好春季农业"
	"生产工\n"
	"                           作，确保粮食生产稳定发展，为全年经济社会\n"
	"据了解，今年全省小麦播种面积稳定在八千五       发展打好基础。\n"
	"百万亩以上，苗情总体好于上年。农业部门组\n"
	"织专家深入田间，指导农民科学管理。          通知指出，各地要加强农资"
	"供应保障。\n";

static void test_columns(void **state)
{
	(void)state;
	struct lines l;
	read(two_columns, &l);
	assert_true(l.columns);
	char *t = texts(&l);
	assert_string_equal(
		t, "本报郑州 3 月 2 日电 记者张明报道：初春时|"
		   "节，黄河岸边的麦田里一片繁忙景象。农民们|"
		   "趁着好天气，忙着给小麦追肥浇水，田间地头|"
		   "处处是劳动的身影。|"
		   "据了解，今年全省小麦播种面积稳定在八千五|"
		   "百万亩以上，苗情总体好于上年。农业部门组|"
		   "织专家深入田间，指导农民科学管理。|"
		   "另一篇文章的标题|"
		   "新华社北京 3 月 2 日电 国家有关部门近日发|"
		   "布通知，要求各地切实做好春季农业生产工|"
		   "作，确保粮食生产稳定发展，为全年经济社会|"
		   "发展打好基础。|"
		   "通知指出，各地要加强农资供应保障。");
	free(t);
	lines_free(&l);
	/* A headline across both columns stays where it is. */
	struct buf b = { 0 };
	buf_puts(&b, "            春风吹绿了黄河两岸的万亩良田\n\n");
	buf_puts(&b, two_columns);
	read(b.p, &l);
	t = texts(&l);
	assert_non_null(strstr(t, "春风吹绿了黄河两岸的万亩良田|本报郑州"));
	assert_true(l.v[0].indent > 0);
	free(t);
	lines_free(&l);
	buf_free(&b);
}

static void test_layouts(void **state)
{
	(void)state;
	struct lines l;
	struct buf b = { 0 };
	/* paragraphs of several sentences, of all lengths */
	for (int i = 0; i < 10; i++) {
		for (int k = 0; k <= i % 4; k++)
			buf_puts(&b, "今天天气很好。我们去公园散步，看见很多人。");
		buf_puts(&b, "大家都很高兴。\n\n");
	}
	read(b.p, &l);
	assert_int_equal(l.lays[0].kind, LAYOUT_PARAGRAPHS);
	assert_false(l.lays[0].gaps); /* blank lines between all of them */
	lines_free(&l);
	/* a sentence a line, blank lines between some; a clause a line */
	static const char *const sentences[] = {
		"今天天氣很好。", "我們去公園散步，看見很多人在跳舞唱歌。",
		"大家都很高興，紛紛拍照留念。", "下午下起了小雨。",
		"孩子們躲在亭子裡，聽老人講過去的故事，一直講到天黑。",
		"晚上，雨停了。", "街上的燈一盞一盞亮起來，遠處傳來了鐘聲。",
		"新的一年開始了！", "人們互相祝福。",
		"有人說，明年會更好。",
	};
	b.len = 0;
	for (int i = 0; i < 10; i++) {
		buf_puts(&b, sentences[i]);
		buf_puts(&b, i % 3 == 2 ? "\n\n" : "\n");
	}
	read(b.p, &l);
	assert_int_equal(l.lays[0].kind, LAYOUT_SENTENCES);
	assert_true(l.lays[0].gaps);
	lines_free(&l);
	b.len = 0;
	for (int i = 0; i < 10; i++)
		for (const char *p = sentences[i]; *p;) {
			const char *c = strstr(p, "，");
			size_t n = c ? (size_t)(c - p) + 3 : strlen(p);
			buf_put(&b, p, n);
			buf_putc(&b, '\n');
			p += n;
		}
	read(b.p, &l);
	assert_int_equal(l.lays[0].kind, LAYOUT_SENTENCES);
	lines_free(&l);
	/* paragraphs a line, indented, no blank lines */
	b.len = 0;
	buf_puts(&b, "新年贺词\n");
	for (int i = 0; i < 8; i++) {
		buf_puts(&b, "\u3000\u3000");
		for (int k = 0; k <= i; k++)
			buf_puts(&b, sentences[(i + k) % 10]);
		buf_putc(&b, '\n');
	}
	buf_puts(&b, "另一条新闻的标题\n");
	for (int i = 0; i < 3; i++)
		buf_puts(&b, "\u3000\u3000天气预报说，明天有雪。请注意出行安全"
			     "。谢谢大家。\n");
	read(b.p, &l);
	assert_int_equal(l.lays[0].kind, LAYOUT_PARAGRAPHS);
	assert_true(l.lays[0].indents);
	lines_free(&l);
	/* the two seeds one after the other: two regions */
	char *s0 = test_read_file(test_path("KANBAO_SEEDS",
					    "000_866acc2d959ea0dd.txt"), NULL);
	char *s2 = test_read_file(test_path("KANBAO_SEEDS",
					    "002_e3f5d4b44462f8ca.txt"), NULL);
	b.len = 0;
	buf_puts(&b, s0);
	buf_puts(&b, s2);
	read(b.p, &l);
	assert_int_equal(l.nlays, 2);
	assert_int_equal(l.lays[0].kind, LAYOUT_PARAGRAPHS);
	assert_int_equal(l.lays[1].kind, LAYOUT_WRAPPED);
	for (size_t i = 0; i < l.n; i++)
		if (l.v[i].len && !strncmp(l.v[i].s, " “规划科学", 8))
			assert_ptr_equal(l.v[i].lay, &l.lays[1]);
	size_t cut = 0;
	while (l.v[cut].lay == &l.lays[0])
		cut++;
	/* seed 000 has 274 lines; the wrapped text begins on the next */
	assert_true(cut >= 272 && cut <= 275);
	lines_free(&l);
	free(s0);
	free(s2);
	buf_free(&b);
	/* seed 002: hard-wrapped */
	char *raw = test_read_file(test_path("KANBAO_SEEDS",
					     "002_e3f5d4b44462f8ca.txt"), NULL);
	read(raw, &l);
	assert_int_equal(l.lays[0].kind, LAYOUT_WRAPPED);
	assert_true(l.lays[0].full >= 44 && l.lays[0].full <= 52);
	lines_free(&l);
	free(raw);
}

/* A warning list, one per line. */
static void collect(void *ctx, const char *msg)
{
	buf_puts(ctx, msg);
	buf_putc(ctx, '\n');
}

static void test_furniture(void **state)
{
	(void)state;
	struct buf b = { 0 };
	for (int p = 1; p <= 3; p++) {
		if (p > 1)
			buf_putc(&b, '\f');
		buf_printf(&b, "人民日报 2001年1月1日 星期一 第 %d 版\n\n", p);
		buf_printf(&b, "要闻速览 第%d页\n", p);
		buf_puts(&b, "正文的一句话，没有写完，接着");
		buf_puts(&b, p == 2 ? "（完）\n" : "写下去。\n");
		buf_puts(&b, "本版责编：张三 李四\n");
		buf_printf(&b, "- %d -\n", p);
	}
	struct lines l;
	read(b.p, &l);
	char *t = texts(&l);
	assert_string_equal(t, "正文的一句话，没有写完，接着写下去。|"
			       "正文的一句话，没有写完，接着（完）|"
			       "正文的一句话，没有写完，接着写下去。");
	free(t);
	struct buf w = { 0 };
	struct diag d = { collect, &w, 0 };
	lines_report(&l, "p.txt", &d);
	assert_string_equal(
		w.p, "p.txt:1: page furniture left out 3 times: 人民日报 "
		     "2001年1月1日 星期一 第 1 版\n"
		     "p.txt:3: page furniture left out 3 times: 要闻速览 第1页\n"
		     "p.txt:5: page furniture left out 3 times: 本版责编：张三 "
		     "李四\n"
		     "p.txt:6: page furniture left out 3 times: - 1 -\n");
	buf_free(&w);
	lines_free(&l);
	/* Without pages, only what says it is furniture goes. */
	b.len = 0;
	buf_puts(&b, "第 3 页\n1\n本版编辑：王五\n（责编：赵六、钱七）\n"
		     "2001年1月1日 星期一\n第二章\n");
	read(b.p, &l);
	t = texts(&l);
	assert_string_equal(t, "第 3 页|1|第二章");
	free(t);
	lines_free(&l);
	buf_free(&b);
}

/* A running head in boxes, a box a line with blank lines between, on the
 * only page of a file: the lines that read together as a masthead go;
 * short lines that do not, and a date in the text, stay. */
static void test_boxed_head(void **state)
{
	(void)state;
	struct lines l;
	read("人民日报\n\n2019 年 1 月 2 日\n\n星期三\n\n第3版\n\n"
	     "新年首日各地旅游市场红火\n"
	     "元旦假日，各地推出丰富多彩的文化旅游活动。\n", &l);
	char *t = texts(&l);
	assert_string_equal(t, "新年首日各地旅游市场红火|"
			       "元旦假日，各地推出丰富多彩的文化旅游活动。");
	free(t);
	lines_free(&l);
	/* a running head that names no date, on a page of its own */
	read("人民日报     第 5 版   文化\n\n新疆冬季旅游持续升温\n"
	     "入冬以来，新疆各地推出冰雪旅游线路。\n", &l);
	t = texts(&l);
	assert_string_equal(t, "新疆冬季旅游持续升温|"
			       "入冬以来，新疆各地推出冰雪旅游线路。");
	free(t);
	lines_free(&l);
	read("便民服务\n\n驾驶证换证可全国通办\n2019 年 1 月 2 日\n"
	     "公安部交通管理局日前宣布新的便民措施。\n", &l);
	t = texts(&l);
	assert_string_equal(t, "便民服务|驾驶证换证可全国通办|2019 年 1 月 2 日|"
			       "公安部交通管理局日前宣布新的便民措施。");
	free(t);
	lines_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_width_shortcut),
		cmocka_unit_test(test_columns),
		cmocka_unit_test(test_layouts),
		cmocka_unit_test(test_furniture),
		cmocka_unit_test(test_boxed_head),
	};
	return cmocka_run_group_tests_name("lines", tests, NULL, NULL);
}
