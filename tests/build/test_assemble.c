/* Tests for assemble: units with roles into articles, and their dates. */
#include "test.h"

#include "kanbao/build/assemble.h"
#include "kanbao/build/lines.h"

static struct layout lay = { .kind = LAYOUT_PARAGRAPHS };

struct warnings {
	char text[4096];
};

static void collect(void *ctx, const char *msg)
{
	struct warnings *w = ctx;
	size_t n = strlen(w->text);
	snprintf(w->text + n, sizeof w->text - n, "%s\n", msg);
}

static struct warnings warned;

/* One chain of units, its roles given as letters (roles_letter), put
 * together; `setup` may fill in the rest of the assembly. */
static void build(const char *const *text, const char *roles,
		  struct assembly *as, struct article_list *out)
{
	size_t n = strlen(roles);
	static struct unit u[32];
	static enum role role[32];
	static unsigned char after[32];
	static size_t chain[2];
	static struct diag d = { collect, &warned, 0 };
	static const char letters[] = "KHSsDbNnLBXYEC";
	assert_true(n <= 32);
	memset(&warned, 0, sizeof warned);
	for (size_t i = 0; i < n; i++) {
		u[i] = (struct unit){ text[i], strlen(text[i]), i, i, 10 * i + 1,
				      1, 0, 1, 0, 0, 0, &lay, 0 };
		role[i] = (enum role)(strchr(letters, roles[i]) - letters);
		after[i] = 0;
	}
	chain[0] = 0, chain[1] = n;
	as->u = u, as->n = n, as->chain = chain, as->nchains = 1;
	as->role = role, as->after = after, as->diag = &d;
	if (!as->name)
		as->name = "t.txt";
	memset(out, 0, sizeof *out);
	assert_int_equal(assemble_articles(as, out), ERR_OK);
}

static void test_parts(void **state)
{
	(void)state;
	static const char *const t[] = {
		"辞旧迎新　万众一心", "首都各界群众喜迎新世纪",
		"——写在新世纪到来之际", "本报记者　孟 繁 星",
		("新华社北京12月31日电（记者　张 三 李四）　今天是二十世纪的最后"
		 "一天。"),
		"（一）节日气氛", "首都街头张灯结彩。", "（新华社北京12月31日电）",
	};
	struct assembly as = { 0 };
	struct article_list l;
	build(t, "KHSbBXBE", &as, &l);
	assert_int_equal(l.n, 1);
	struct article *a = &l.v[0];
	assert_string_equal(a->title, "首都各界群众喜迎新世纪");
	/* the kicker and the subtitle, U+3000 between them; the one the
	 * kicker sets between its phrases kept */
	assert_string_equal(a->subtitle,
			    "辞旧迎新　万众一心　——写在新世纪到来之际");
	/* the byline line and the dateline's: the first only */
	assert_string_equal(a->byline, "本报记者 孟繁星");
	assert_string_equal(a->source, "新华社");
	assert_string_equal(a->place, "北京");
	assert_int_equal(a->nblocks, 4);
	/* the dateline kept as printed, its reporters apart */
	assert_string_equal(a->blocks[0].text,
			    "新华社北京12月31日电（记者 张三 李四）　今天是二十世纪"
			    "的最后一天。");
	assert_int_equal(a->blocks[1].kind, BLOCK_HEAD);
	assert_string_equal(a->blocks[3].text, "（新华社北京12月31日电）");
	/* no issue date, no year anywhere: no date, and a warning */
	assert_int_equal(a->date, 0);
	assert_non_null(strstr(warned.text, "t.txt:1: the dateline says "
					    "12月31日"));
	article_list_free(&l);
}

static void test_issue_dates(void **state)
{
	(void)state;
	static const char *const t[] = {
		"首都各界群众喜迎新世纪", "《人民日报》（2001年01月01日 第 04 版）",
		"本报北京12月31日电　今天是二十世纪的最后一天。",
		"新世纪钟声敲响", "新华社北京1月1日零时电　钟声响起。",
		"在新的世纪里开拓前进", "历史的车轮驶入了新的世纪。",
	};
	struct assembly as = { 0 };
	struct article_list l;
	build(t, "HsBHBHB", &as, &l);
	assert_int_equal(l.n, 3);
	/* a December dateline in a January issue: the year before */
	assert_int_equal(l.v[0].date, 20001231);
	assert_string_equal(l.v[0].page, "4");
	assert_string_equal(l.v[0].source, "人民日报");
	/* no source line of its own: the file's name or --date */
	assert_int_equal(l.v[1].date, 0);
	article_list_free(&l);
	as = (struct assembly){ .name = "rmrb_20010101.txt" };
	dates_from_name(as.name, &as.named);
	build(t, "HsBHBHB", &as, &l);
	assert_int_equal(l.v[1].date, 20010101);
	/* no dateline: the issue's date */
	assert_int_equal(l.v[2].date, 20010101);
	article_list_free(&l);
	/* a dateline giving the day alone: the issue's month, and without
	 * an issue no date, with a warning */
	static const char *const tw[] = {
		"行政院會通過明年度總預算案",
		"（中央社記者王小明台北7日電）行政院會今天通過總預算案。",
	};
	as = (struct assembly){ .name = "20240307.txt" };
	dates_from_name(as.name, &as.named);
	build(tw, "HB", &as, &l);
	assert_int_equal(l.v[0].date, 20240307);
	article_list_free(&l);
	as = (struct assembly){ 0 };
	build(tw, "HB", &as, &l);
	assert_int_equal(l.v[0].date, 0);
	assert_non_null(strstr(warned.text, "7日 and nothing gives its month"));
	article_list_free(&l);
	/* --year: the year where nothing else gives one */
	as = (struct assembly){ .year = 1999 };
	build(t + 3, "HBHB", &as, &l);
	assert_int_equal(l.v[0].date, 19990101);
	assert_int_equal(l.v[1].date, 0);
	article_list_free(&l);
}

static void test_marks(void **state)
{
	(void)state;
	/* running heads: the one on an article's page dates it */
	static const char *const t[] = {
		"西北最大水库下闸蓄水", "本报兰州12月30日电　水库下闸蓄水。",
		"全国政协举行新年茶话会", "新华社北京12月30日电　茶话会举行。",
	};
	static const char paper[] = "人民日报", pg[] = "05";
	struct issue_mark marks[] = {
		{ 1, 0, { 2001, 1, 1 }, paper, 12, pg, 2 },
		{ 25, 1, { 2022, 3, 2 }, NULL, 0, NULL, 0 },
	};
	struct assembly as = { .marks = marks, .nmarks = 2, .paged = 1 };
	struct article_list l;
	build(t, "HBHB", &as, &l);
	/* unit 2 stands on line 21: page 0 (the units do not say: all 0) */
	assert_int_equal(l.v[0].date, 20001230);
	assert_string_equal(l.v[0].page, "5");
	assert_string_equal(l.v[0].source, "人民日报");
	article_list_free(&l);
}

static void test_years_from_text(void **state)
{
	(void)state;
	/* a date naming the dateline's month and day, two articles away, is
	 * better evidence than one naming its month only in its own */
	static const char *const t[] = {
		"总书记和代表委员的故事", "（新华社北京3月1日电）", "2018年3月，她当选代表。",
		"汪洋出席会议", "据新华社北京3月1日电　会议开幕。",
		"关于召开会议的决定", "（2022年3月1日常务委员会通过）",
		"新华社北京3月1日电　会议决定。",
	};
	struct assembly as = { 0 };
	struct article_list l;
	build(t, "HEBHBHSB", &as, &l);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.v[0].date, 20220301);
	assert_int_equal(l.v[1].date, 20220301);
	assert_int_equal(l.v[2].date, 20220301);
	article_list_free(&l);
	/* a year named with another month is no evidence */
	static const char *const u[] = {
		"京津冀协同发展", "新华社北京5月14日电　2016年6月，总书记考察。",
	};
	build(u, "HB", &as, &l);
	assert_int_equal(l.v[0].date, 0);
	article_list_free(&l);
}

static void test_derived_title(void **state)
{
	(void)state;
	char *t = assemble_derive_title("新华社北京5月15日电　今年5月21日是"
					"第三十三次全国助残日，中国残联召开发"
					"布会。");
	assert_string_equal(t, "今年5月21日是第三十三次全国助残日");
	free(t);
	t = assemble_derive_title("编者按：新世纪的第一天，本报记者走进基层");
	assert_string_equal(t, "新世纪的第一天，本报记者走进基层");
	free(t);
	t = assemble_derive_title("“规划科学是最大的效益，规划失误");
	assert_string_equal(t, "规划科学是最大的效益");
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parts),
		cmocka_unit_test(test_issue_dates),
		cmocka_unit_test(test_marks),
		cmocka_unit_test(test_years_from_text),
		cmocka_unit_test(test_derived_title),
	};
	return cmocka_run_group_tests_name("assemble", tests, NULL, NULL);
}
