/* Tests for roles: what each piece of a page is, read by the grammar of an
 * article. */
#include "test.h"

#include "kanbao/base/buf.h"
#include "kanbao/build/lines.h"
#include "kanbao/build/roles.h"
#include "kanbao/build/interleave.h"

/* The unit of the next read_regions_at that blocks.h flagged as breaking
 * off mid-sentence (INTERLEAVE_OPEN), if any; each read clears it. */
static size_t open_at = (size_t)-1;

/* Units of one chain, a paragraph (or headline...) each, in layout `lay`
 * up to unit `split`, `lay2` from there (a second region; leading spaces
 * of a text: its indent); their roles as letters (roles_letter), and
 * whether the headlines of the last unit's region were read as standing
 * after their bodies. */
static char *read_regions_at(const char *const *text, size_t n,
			     struct layout lay, size_t split,
			     struct layout lay2, int *after_out)
{
	struct layout lays[2] = { lay, lay2 };
	struct unit *u = calloc(n, sizeof *u);
	struct interleave_block *tb = calloc(n, sizeof *tb);
	enum role *role = calloc(n, sizeof *role);
	unsigned char *after = calloc(n, 1);
	assert_non_null(u);
	assert_non_null(tb);
	assert_non_null(role);
	assert_non_null(after);
	for (size_t i = 0; i < n; i++) {
		/* leading spaces: the unit's indent, a column each */
		size_t ind = strspn(text[i], " ");
		const char *x = text[i] + ind;
		size_t len = strlen(x), nl = 1;
		for (size_t k = 0; k < len; k++)
			nl += x[k] == '\n';
		u[i] = (struct unit){ x, len, i, i, 2 * i + 1, nl, ind, 1,
				      len, 0,
				      i == open_at ? INTERLEAVE_OPEN : 0u,
				      &lays[i >= split], 0 };
		tb[i] = (struct interleave_block){ x, len, 0 };
	}
	open_at = (size_t)-1;
	size_t chain[2] = { 0, n };
	struct interleave_sim *sim = interleave_sim_new(tb, n);
	assert_non_null(sim);
	assert_int_equal(roles_assign(u, n, chain, 1, sim, role, after, NULL),
			 0);
	struct buf b = { 0 };
	for (size_t i = 0; i < n; i++)
		buf_putc(&b, roles_letter(role[i]));
	if (after_out)
		*after_out = n ? after[n - 1] : 0;
	interleave_sim_free(sim);
	free(u);
	free(tb);
	free(role);
	free(after);
	return buf_take(&b);
}

/* The same in one layout. */
static char *read_roles_at(const char *const *text, size_t n,
			   struct layout lay, int *after_out)
{
	return read_regions_at(text, n, lay, n, lay, after_out);
}

/* In a column of 23 to 26 Han, of `kind` up to unit `split`, of `kind2`
 * from there. */
static char *read_regions(const char *const *text, size_t n,
			  enum layout_kind kind, size_t split,
			  enum layout_kind kind2, int *after_out)
{
	struct layout lay = { .kind = kind, .full = 46, .cont = 52 };
	struct layout lay2 = { .kind = kind2, .full = 46, .cont = 52 };
	return read_regions_at(text, n, lay, split, lay2, after_out);
}

/* The same in one layout. */
static char *read_roles(const char *const *text, size_t n,
			enum layout_kind kind, int *after_out)
{
	return read_regions(text, n, kind, n, kind, after_out);
}

static void expect(const char *const *text, size_t n, const char *want)
{
	char *got = read_roles(text, n, LAYOUT_PARAGRAPHS, NULL);
	if (strcmp(got, want)) {
		for (size_t i = 0; i < n; i++)
			printf("# %c %s\n", got[i], text[i]);
		fail_msg("roles %s, want %s", got, want);
	}
	free(got);
}

#define EXPECT(want, ...)                                                     \
	do {                                                                  \
		static const char *const t[] = { __VA_ARGS__ };               \
		expect(t, sizeof t / sizeof t[0], want);                      \
	} while (0)

/* A paragraph of news prose, different each time. */
#define P1 "西部地区新开工一批重点工程，总投资超过一千亿元，进展顺利。"
#define P2 "当地群众说，路修好了，日子也越过越红火，孩子上学方便多了。"
#define P3 "有关部门表示，明年将继续加大投入，让更多村庄通上硬化路。"
#define P4 "北方大部地区气温偏低，请注意防寒保暖，出行注意交通安全。"
#define P5 "茶话会上，与会者欣赏了京剧、民乐和曲艺等精彩的文艺节目。"

static void test_news(void **state)
{
	(void)state;
	/* headline, dateline opening the body, the body */
	EXPECT("HBB", "西北最大水库下闸蓄水", "本报兰州12月30日电　" P1, P2);
	/* a kicker set as two phrases, the headline, a subtitle */
	EXPECT("KHSBB", "辞旧迎新　万众一心", "首都各界群众喜迎新世纪",
	       "——写在新世纪到来之际", "本报北京12月31日电　" P1, P2);
	/* a source line under the headline, a byline before the body */
	EXPECT("HsbBB", "首都各界群众喜迎新世纪",
	       "《人民日报》（2001年01月01日 第 04 版）",
	       "本报记者　孟繁星　吴建华", P1, P2);
	/* a byline broken over two lines before a dateline: its names go
	 * with it, and the dateline opens the body, not another article */
	EXPECT("HbbBB", "首都各界群众喜迎新世纪", "本报记者　孟繁星", "吴建华",
	       "本报北京12月31日电　" P1, P2);
	/* a document's long title (41 characters, no mark) right before
	 * the dateline of its article: a headline, not a paragraph cut by
	 * a column */
	EXPECT("HBBHBB", "西北最大水库下闸蓄水", "本报兰州12月30日电　" P1,
	       P2,
	       "国务院办公厅印发关于进一步做好新形势下促进农村居民持续增收和扩大"
	       "就业工作的实施意见",
	       "新华社北京12月30日电　" P5, P3);
	/* the same wrapped over two full lines, so that it breaks off
	 * unpunctuated at a column's edge: right before a dateline, still a
	 * headline */
	open_at = 3;
	EXPECT("HBBHBB", "西北最大水库下闸蓄水", "本报兰州12月30日电　" P1,
	       P2,
	       "国务院办公厅印发关于进一步做好新形势下促进农村居民持续增收和\n"
	       "扩大就业工作的实施意见",
	       "新华社北京12月30日电　" P5, P3);
	/* two articles: the second headline comes after a dateline body */
	EXPECT("HBBHBB", "西北最大水库下闸蓄水", "本报兰州12月30日电　" P1,
	       P2, "全国政协举行新年茶话会", "新华社北京12月30日电　" P5,
	       P3);
}

static void test_features(void **state)
{
	(void)state;
	/* section heads inside a feature, numbered; the byline and closing
	 * dateline end it; the next headline starts another */
	EXPECT("HBXBBXBYEHB", "西部大开发迈出坚实步伐", P1,
	       "（一）基础设施建设全面铺开", P2, P3,
	       "（二）生态建设放在突出位置", P5, "新华社记者　冯雪　杜永平",
	       "（新华社西安12月30日电）", "全国主要城市天气预报", P4);
	/* a commentary: its author's note closes it; then a photo item */
	EXPECT("HbBBEHBC", "在新的世纪里开拓前进", "本报评论员", P1, P2,
	       "（作者为中国农业大学教授）", "雪后长城（图片）",
	       "图为游客在八达岭长城上观赏雪景。", "新华社记者　张三摄");
}

static void test_items_without_datelines(void **state)
{
	(void)state;
	/* a poem: its title, its poet's padded name, verses */
	EXPECT("HbBBBBB", "迎接新世纪的曙光", "林　岚", "当最后一页日历轻轻翻过",
	       "远山的轮廓渐渐清晰", "我听见黄河在冰层下歌唱", "长江把浪花托向天际",
	       "这是一个崭新的早晨");
	/* an editor's note before the headline it introduces */
	EXPECT("NHBB", "编者按：新世纪的第一天，本报记者走进基层，记录人们迎接"
		       "新世纪的情景。",
	       "田间地头听民声", P2, P3);
	/* a weather box: its title, then rows of a table, not headlines */
	EXPECT("HBEHBBBB", "西北最大水库下闸蓄水", P1, "（本报兰州12月30日电）",
	       "全国主要城市天气预报", "北京　晴　-9℃～1℃",
	       "哈尔滨　晴转多云　-26℃～-15℃", "上海　多云　2℃～8℃",
	       "广州　晴　10℃～19℃");
	/* a notice signed and dated, then the next item: the signature's
	 * date ends the notice, and no run of short lines hides the
	 * headline group after it */
	EXPECT("HBBBEKHSB", "中国人民银行公告", P1, "特此公告。", "中国人民银行",
	       "二○○○年十二月三十一日", "世纪之交话发展", "西部大开发迈出坚实步伐",
	       "——写在新世纪到来之际", P2);
	/* a byline whose names pdftotext set a box each: a character alone
	 * after it is one of them, not a headline */
	EXPECT("HbbbbBB", "西部大开发迈出坚实步伐", "本报记者", "冯", "雪",
	       "杜永平", P1, P3);
	/* a subtitle in parentheses under a headline: the headline is
	 * the plain line, not the one in parentheses */
	EXPECT("HBEHSBB", "西北最大水库下闸蓄水", P1, "（本报兰州12月30日电）",
	       "守住一方好山好水", "（老支书王大爷这样说）",
	       "老支书王大爷说，这些年村里变化很大，大家的日子越过越好。", P3);
	/* the same with the fields set apart by single spaces, as a dump
	 * that folded wide spaces leaves them; a poem before it */
	EXPECT("HbBBBBBHBBB", "迎接新世纪的曙光", "林　岚", "当最后一页日历轻轻翻过",
	       "远山的轮廓渐渐清晰", "我听见黄河在冰层下歌唱", "长江把浪花托向天际",
	       "学堂里传出琅琅书声。", "全国主要城市天气预报", "北京 晴 -9℃～1℃",
	       "哈尔滨 晴转多云 -26℃～-15℃", "上海 多云 2℃～8℃");
	/* a poem right after a news item, its poet's name set elsewhere
	 * (pdftotext moved it): its title stands apart from the prose
	 * before it, not the first of the verses' run */
	EXPECT("HBBHBBBB", "西北最大水库下闸蓄水", "本报兰州12月30日电　" P1, P2,
	       "迎接新世纪的曙光", "当最后一页日历轻轻翻过", "远山的轮廓渐渐清晰",
	       "我听见黄河在冰层下歌唱", "长江把浪花托向天际");
	/* a commentary's author's note ends it: the short line after it,
	 * even one sharing the commentary's words, heads the next item */
	EXPECT("HbBBEHBB", "路修好了日子红火", "本报评论员", P1, P2,
	       "（作者为中国农业大学教授）", "西部地区工程进展顺利", P3, P5);
	/* a headline wrapped inside its quotation, its kicker over it: the
	 * few characters closing the quote end the headline */
	open_at = 4;
	EXPECT("HBEKHHBB", "西北最大水库下闸蓄水", P1, "（本报兰州12月30日电）",
	       "便民服务", "多地推行社保业务“掌上", "办”",
	       "本报讯　新年伊始，多地社保部门推出手机应用，群众在线查询缴费。", P3);
	/* a headless brief after a closing dateline: a lead */
	EXPECT("HBEL", "西北最大水库下闸蓄水", P1, "（本报兰州12月30日电）",
	       "本报讯（记者　马振华）" P3);
}

static void test_after(void **state)
{
	(void)state;
	/* headlines after their bodies, as PDF extraction can give: the
	 * title shares its words with the opening of the text before it */
	static const char *const t[] = {
		"新华社北京5月15日电　中宣部、全国妇联向全社会宣传发布最美家庭"
		"先进事迹，十户家庭光荣入选。",
		"他们积极践行社会主义核心价值观，展示了家庭文明新风尚。",
		"中宣部、全国妇联发布最美家庭先进事迹",
		"新华社北京5月15日电　全国助残日活动主题公布，中国残联当天召开"
		"新闻发布会。",
		"通知要求，各地要切实做好残疾人基本医疗保障工作。",
		"全国助残日活动主题公布",
	};
	int after = 0;
	char *got = read_roles(t, 6, LAYOUT_WRAPPED, &after);
	assert_true(after);
	assert_string_equal(got, "LBHLBH");
	free(got);
}

/* A long headline in a narrow column (a PDF page's, 12 Han here, the
 * headline's bigger type 9) wraps in four lines: still a headline. */
static void test_narrow(void **state)
{
	(void)state;
	static const char *const t[] = {
		"汪洋出席全国政协常\n委会会议",
		"据新华社北京3月1日电　政协第十三届全国委员会常务委员会第二十次"
		"会议1日上午在京开幕。",
		"会议听取了政协第十三届全国委员会各专门委员会工作情况的汇报。",
		"国务院印发《关于加\n快推进政务服务标准\n化规范化便利化的指\n"
		"导意见》",
		"据新华社北京3月1日电　国务院日前印发指导意见，对进一步优化政务"
		"服务作出系统设计和工作部署。",
		"《意见》指出，持续优化政务服务是便利企业和群众办事创业的重要"
		"支撑。",
	};
	struct layout lay = { .kind = LAYOUT_WRAPPED, .full = 20, .cont = 26 };
	char *got = read_roles_at(t, 6, lay, NULL);
	assert_string_equal(got, "HBBHBB");
	free(got);
}

/* Features without datelines, a byline under each headline, in a
 * hard-wrapped column (tests/pages/items' two features of 2022-03-02): the
 * headline over a byline over the body opens the next one, its byline not
 * the first one's closing byline. */
static void test_feature_bylines(void **state)
{
	(void)state;
	static const char *const t[] = {
		"    编者的话：全国两会即将召开。来自各行各业的代表委员，带着"
		"群众的期盼和基层的声音走进会场。从今天起，本版推出“履职"
		"故事”栏目，讲述代表委员调研履职的所见所闻。",
		"履职故事",
		"    把乡亲们的心里话带到会上",
		"本报记者　王云娜",
		"    过去一年，全国人大代表、山东一个村的党支部书记刘桂芳走访"
		"了周边十几个村庄，记下了厚厚三本调研笔记。",
		"    笔记里，既有村民对养老服务的期盼，也有种粮大户对农机补贴"
		"的建议。刘桂芳说，每一条意见都是乡亲们的心里话，她要把这"
		"些声音原原本本带到会上。",
		"    这次赴京参会，她准备了一份关于加强农村养老服务体系建设的"
		"建议。“农村老人越来越多，让他们在家门口就能得到照料，是"
		"大家最关心的事。”",
		"    一座小城的冰雪新时光",
		"本报记者　刘洪超",
		"    清晨六点，吉林东部一座边境小城还笼罩在薄雾中，城郊的滑雪"
		"场已经亮起了灯。压雪车来回作业，把雪道打理得平平整整。",
		"一、冷资源变成热产业",
		"    几年前，这里的冬天还是“猫冬”的季节。如今，滑雪场、冰雪"
		"乐园和温泉度假村相继建成，冬季游客接待量翻了几番，不少外"
		"出务工的年轻人也回到家乡，当上了滑雪教练和民宿老板。",
		"二、孩子们爱上了冰雪",
		"    小城的中小学把滑冰、滑雪纳入体育课。每周三下午，孩子们都"
		"会坐上校车来到冰场。一名四年级学生说，他最大的心愿是长大"
		"后当一名速度滑冰运动员。",
		"三、冰天雪地也是金山银山",
		"    当地负责同志介绍，下一步将把冰雪运动、冰雪旅游和边境风情"
		"结合起来，让更多游客走进小城、留在小城。",
	};
	struct layout lay = { .kind = LAYOUT_WRAPPED, .full = 26, .cont = 32,
			       .indents = 1 };
	char *got = read_roles_at(t, sizeof t / sizeof *t, lay, NULL);
	assert_string_equal(got, "NKHbBBBHbBXBXBXB");
	free(got);
}

static void test_after_column(void **state)
{
	(void)state;
	/* headlines after their bodies, then a column's head over the
	 * column's first brief: it opens that brief, it is not the closing
	 * headline of the item before */
	static const char *const t[] = {
		("新华社北京5月15日电　中宣部、全国妇联向全社会宣传发布最美家庭"
		 "先进事迹，十户家庭光荣入选。"),
		"他们积极践行社会主义核心价值观，展示了家庭文明新风尚。",
		"中宣部、全国妇联发布最美家庭先进事迹",
		"经济快讯",
		"本报讯　全国助残日活动主题公布，中国残联当天召开新闻发布会。",
		"全国助残日活动主题公布",
	};
	int after = 0;
	char *got = read_roles(t, 6, LAYOUT_WRAPPED, &after);
	assert_true(after);
	assert_string_equal(got, "LBHKLH");
	free(got);
}

static void test_after_note(void **state)
{
	(void)state;
	/* headlines after their bodies: an editor's note opens the item
	 * it introduces, before its byline and its body, whose headline
	 * closes them all */
	static const char *const t[] = {
		("新华社北京5月15日电　中宣部、全国妇联向全社会宣传发布最美家庭"
		 "先进事迹，十户家庭光荣入选。"),
		"他们积极践行社会主义核心价值观，展示了家庭文明新风尚。",
		"中宣部、全国妇联发布最美家庭先进事迹",
		"新华社北京5月15日电　全国助残日活动主题公布，中国残联当天召开"
		"新闻发布会。",
		"通知要求，各地要切实做好残疾人基本医疗保障工作。",
		"全国助残日活动主题公布",
		"编者按：调查研究是谋事之基，本报记者近日跟随调研组走进乡村，记"
		"下了几个片段。",
		"本报记者　游　仪",
		"上午九点，调研组的车停在麦田边，组长先蹲在地头和种粮大户聊了"
		"起来。",
		"离开时，组长说，调研就是要把问题找准，把群众的难事一件一件解决"
		"好。",
		"田间地头听民声",
	};
	int after = 0;
	char *got = read_roles(t, 11, LAYOUT_WRAPPED, &after);
	assert_true(after);
	assert_string_equal(got, "LBHLBHNbLBH");
	free(got);
}

static void test_after_small_region(void **state)
{
	(void)state;
	/* headlines after their bodies in hard-wrapped columns, then a
	 * poem set a line each (another layout, another region) whose
	 * first headline closes the article before it: the small region
	 * reads as the one before, its title at its end */
	static const char *const t[] = {
		("新华社北京5月15日电　中宣部、全国妇联向全社会宣传发布最美家庭"
		 "先进事迹，十户家庭光荣入选。"),
		"他们积极践行社会主义核心价值观，展示了家庭文明新风尚。",
		"中宣部、全国妇联发布最美家庭先进事迹",
		"新华社北京5月15日电　全国助残日活动主题公布，中国残联当天召开"
		"新闻发布会。",
		"通知要求，各地要切实做好残疾人基本医疗保障工作。",
		"全国助残日活动主题公布",
		"新华社北京5月15日电　长江流域禁渔执法专项检查启动，各地加强巡查。",
		"禁渔实施以来，长江干流和重要支流的水生生物多样性持续恢复。",
		"长江流域禁渔执法专项检查启动",
		"林　岚",
		"晚风吹过河岸",
		"柳枝轻拂水面",
		"渔船静静停泊",
		"星光洒满江心",
		"月色照亮归途。",
		"江边的夜晚",
	};
	int after = 0;
	char *got = read_regions(t, 16, LAYOUT_WRAPPED, 8, LAYOUT_PARAGRAPHS,
				 &after);
	assert_true(after);
	assert_string_equal(got, "LBHLBHLBHbLBBBBH");
	free(got);
}

static void test_starts_article(void **state)
{
	(void)state;
	assert_true(roles_starts_article(ROLE_BODY, ROLE_HEAD, 0));
	assert_true(roles_starts_article(ROLE_END, ROLE_KICKER, 0));
	assert_false(roles_starts_article(ROLE_KICKER, ROLE_HEAD, 0));
	assert_false(roles_starts_article(ROLE_HEAD, ROLE_SUBHEAD, 0));
	assert_true(roles_starts_article(ROLE_BODY, ROLE_NOTE, 0));
	assert_true(roles_starts_article(ROLE_BODY, ROLE_LEAD, 0));
	assert_false(roles_starts_article(ROLE_BYLINE_PRE, ROLE_LEAD, 1));
	/* headlines after their bodies close them */
	assert_false(roles_starts_article(ROLE_BODY, ROLE_HEAD, 1));
	assert_true(roles_starts_article(ROLE_HEAD, ROLE_LEAD, 1));
	assert_true(roles_starts_article(ROLE_HEAD, ROLE_DATELINE, 1));
	/* a column's head after a closing headline opens the next item;
	 * what follows it is that item's */
	assert_true(roles_starts_article(ROLE_HEAD, ROLE_KICKER, 1));
	assert_false(roles_starts_article(ROLE_BODY, ROLE_KICKER, 1));
	assert_false(roles_starts_article(ROLE_KICKER, ROLE_LEAD, 1));
	assert_false(roles_starts_article(ROLE_KICKER, ROLE_DATELINE, 1));
	/* so does an editor's note; its byline and body are that item's */
	assert_true(roles_starts_article(ROLE_HEAD, ROLE_NOTE, 1));
	assert_false(roles_starts_article(ROLE_NOTE, ROLE_BYLINE_PRE, 1));
	assert_false(roles_starts_article(ROLE_NOTE_TEXT, ROLE_DATELINE, 1));
	assert_int_equal(roles_letter(ROLE_HEAD), 'H');
	assert_int_equal(roles_letter(ROLE_CREDIT), 'C');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_news),
		cmocka_unit_test(test_features),
		cmocka_unit_test(test_items_without_datelines),
		cmocka_unit_test(test_after),
		cmocka_unit_test(test_narrow),
		cmocka_unit_test(test_feature_bylines),
		cmocka_unit_test(test_after_column),
		cmocka_unit_test(test_after_small_region),
		cmocka_unit_test(test_after_note),
		cmocka_unit_test(test_starts_article),
	};
	return cmocka_run_group_tests_name("roles", tests, NULL, NULL);
}
