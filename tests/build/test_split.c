/* Tests for split: where a large raw text is cut into parts: before the
 * head of a page of a new issue, never inside an article. */
#include "test.h"

#include "kanbao/build/split.h"

/* The first cut of `text` (read to its end), the date in force after. */
static size_t cut(const char *text, struct date *in_force)
{
	struct split_state st = { *in_force, 0 };
	size_t c = split_find(text, strlen(text), 0, &st);
	*in_force = st.in_force;
	return c;
}

static size_t offset_of(const char *text, const char *line)
{
	const char *p = strstr(text, line);
	assert_non_null(p);
	return (size_t)(p - text);
}

static void test_masthead_of_a_new_issue(void **state)
{
	(void)state;
	const char *t = "人民日报　2020年1月6日　星期一　第1版\n"
			"\n"
			"标题\n本报北京1月5日电　正文。\n"
			"\n"
			"人民日报　2020年1月6日　星期一　第2版\n"
			"\n"
			"另一篇\n正文。\n"
			"\n"
			"人民日报　2020年1月7日　星期二　第1版\n"
			"\n"
			"次日\n正文。\n";
	struct date d = { 0 };
	/* the first date named sets it, the same date again is no cut */
	size_t c = cut(t, &d);
	assert_int_equal(c, offset_of(t, "人民日报　2020年1月7日"));
	assert_int_equal(d.year, 2020);
	assert_int_equal(d.month, 1);
	assert_int_equal(d.day, 7);
	/* from there on, nothing more */
	assert_int_equal(cut(t + c, &d), 0);
	assert_int_equal(d.day, 7);
}

static void test_known_date_cut_at_first_head(void **state)
{
	(void)state;
	/* text carried over from the issue before: its head is a cut */
	const char *t = "正文的尾巴。\n\n2020年1月8日　星期三\n\n标题\n正文。\n";
	struct date d = { 2020, 1, 7 };
	assert_int_equal(cut(t, &d), offset_of(t, "2020年1月8日"));
	assert_int_equal(d.day, 8);
}

static void test_not_a_head(void **state)
{
	(void)state;
	struct date d = { 2020, 1, 7 };
	/* a dateline that ends in 记者某某报 names no paper */
	const char *dateline = "正文。\n\n本报乌鲁木齐 2020 年 1 月 8日电　记者莫浩群报\n"
			       "道：正文。\n";
	assert_int_equal(cut(dateline, &d), 0);
	/* the date closing a notice, right under its text, and a box
	 * line's date not after a gap */
	const char *notice = "特此公告。\n中国人民银行\n二○○○年十二月三十一日\n";
	assert_int_equal(cut(notice, &d), 0);
	notice = "特此公告。\n人民日报\n二○○○年十二月三十一日\n星期日\n";
	assert_int_equal(cut(notice, &d), 0);
	/* a source line between an article's headline and its body */
	const char *source = "正文。\n\n标题\n\n《人民日报》（2020年1月8日 第 01 版）\n\n"
			     "正文。\n";
	assert_int_equal(cut(source, &d), 0);
	assert_int_equal(d.day, 7);
	/* a date in a sentence, after a blank line */
	const char *sentence = "正文。\n\n2020年1月8日，记者来到这里。\n";
	assert_int_equal(cut(sentence, &d), 0);
}

static void test_source_line_at_a_page_top(void **state)
{
	(void)state;
	/* pdftotext's running head, in the source line's form, at the top
	 * of a page */
	const char *t = "正文。\n\f人民日报 2020年1月8日 第1版\n标题\n正文。\n";
	struct date d = { 2020, 1, 7 };
	assert_int_equal(cut(t, &d), offset_of(t, "人民日报 2020年1月8日"));
}

static void test_head_a_box_a_line(void **state)
{
	(void)state;
	const char *t = "上一期的正文。\n\n人民日报\n\n2020 年 1 月 8 日\n\n星期三\n\n"
			"第1版\n\n标题\n正文。\n";
	struct date d = { 2020, 1, 7 };
	assert_int_equal(cut(t, &d), offset_of(t, "人民日报\n"));
	assert_int_equal(d.day, 8);
}

static void test_lookahead_left(void **state)
{
	(void)state;
	/* with more to come, a head near the end is left for the next call
	 * (a box a line may go on after it) */
	char t[4096];
	size_t n = 0;
	while (n < 2000)
		n += (size_t)snprintf(t + n, sizeof t - n, "正文正文正文。\n");
	snprintf(t + n, sizeof t - n, "\n人民日报　2020年1月8日　星期三　第1版\n");
	struct split_state st = { { 2020, 1, 7 }, 0 };
	assert_int_equal(split_find(t, strlen(t), 1, &st), 0);
	assert_int_equal(st.in_force.day, 7);
	assert_int_equal(split_find(t, strlen(t), 0, &st), n + 1);
}

static void test_page_before_the_last(void **state)
{
	(void)state;
	/* an issue's pages, then page 1 again with no date: a new issue,
	 * its date not known */
	const char *t = "人民日报　2020年1月7日　星期二　第1版\n\n正文。\n"
			"\f人民日报　第2版　要闻\n正文。\n"
			"\f人民日报　第8版　副刊\n正文。\n"
			"\f人民日报　第1版　要闻\n次日的正文。\n"
			"\f人民日报　第2版　要闻\n正文。\n";
	struct split_state st = { { 0, 0, 0 }, 0 };
	size_t c = split_find(t, strlen(t), 0, &st);
	assert_int_equal(c, offset_of(t, "人民日报　第1版"));
	assert_int_equal(st.in_force.year, 0);
	assert_int_equal(st.page, 1);
	assert_int_equal(split_find(t + c, strlen(t + c), 0, &st), 0);
	assert_int_equal(st.page, 2);
	/* a page out of order in a dated issue is no new issue */
	const char *u = "人民日报　2020年1月7日　星期二　第3版\n\n正文。\n"
			"\n人民日报　2020年1月7日　星期二　第1版\n\n正文。\n";
	st = (struct split_state){ { 0, 0, 0 }, 0 };
	assert_int_equal(split_find(u, strlen(u), 0, &st), 0);
	/* nor is a page named in a sentence, or a table of contents */
	const char *v = "人民日报　第5版\n\n正文。\n\n要闻　第2版\n"
			"据人民日报第1版报道，正文。\n";
	st = (struct split_state){ { 0, 0, 0 }, 0 };
	assert_int_equal(split_find(v, strlen(v), 0, &st), 0);
	assert_int_equal(st.page, 5);
}

static void test_forced(void **state)
{
	(void)state;
	/* after a sentence's end, a blank line and a short line (a
	 * headline), in the second half */
	const char *t = "第一篇的正文很长很长。\n第一篇还在说。\n\n第二篇的标题\n"
			"第二篇的正文。\n第二篇还在说，\n";
	assert_int_equal(split_forced(t, strlen(t)), offset_of(t, "第二篇的标题"));
	/* none: after the last line's end */
	const char *u = "一行，\n又一行，\n还是一行，\n";
	assert_int_equal(split_forced(u, strlen(u)), offset_of(u, "还是一行"));
	/* one line: no cut inside it */
	assert_int_equal(split_forced("一行", 6), 0);
	assert_int_equal(split_forced("一行\n", 7), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_masthead_of_a_new_issue),
		cmocka_unit_test(test_known_date_cut_at_first_head),
		cmocka_unit_test(test_not_a_head),
		cmocka_unit_test(test_source_line_at_a_page_top),
		cmocka_unit_test(test_head_a_box_a_line),
		cmocka_unit_test(test_lookahead_left),
		cmocka_unit_test(test_page_before_the_last),
		cmocka_unit_test(test_forced),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
