/* Tests for interleave: interleaved blocks put back in reading order. */
#include "test.h"

#include "kanbao/build/interleave.h"

/* Seed 000's non-blank lines as blocks, flagged as import flags them. */
static struct interleave_block blocks[400];
static size_t nblocks;
static char *raw;

static int ends(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcmp(s + n - m, suffix);
}

static int setup(void **state)
{
	(void)state;
	raw = test_read_file(test_path("KANBAO_SEEDS",
				       "000_866acc2d959ea0dd.txt"), NULL);
	nblocks = 0;
	for (char *l = strtok(raw, "\n"); l; l = strtok(NULL, "\n")) {
		if (!*l)
			continue;
		static const char *finals[] = { "。", "！", "？", "；", "：",
						"…", "—", "”", "）", ")" };
		unsigned f = 0;
		for (size_t k = 0; k < 10; k++)
			if (ends(l, finals[k]))
				f = INTERLEAVE_FINAL;
		if (!f)
			f = strlen(l) > 60 ? INTERLEAVE_OPEN : INTERLEAVE_FIXED;
		blocks[nblocks++] = (struct interleave_block){ l, strlen(l), f };
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(raw);
	return 0;
}

static size_t find(const char *start)
{
	for (size_t i = 0; i < nblocks; i++)
		if (!strncmp(blocks[i].text, start, strlen(start)))
			return i;
	fail_msg("no block starts with %s", start);
	return 0;
}

static size_t find_end(const char *end)
{
	for (size_t i = 0; i < nblocks; i++)
		if (ends(blocks[i].text, end))
			return i;
	fail_msg("no block ends with %s", end);
	return 0;
}

static void test_seed000(void **state)
{
	(void)state;
	size_t next[400];
	unsigned char join[400];
	assert_int_equal(interleave_link(blocks, nblocks, next, join, NULL), 0);

	/* the speech block breaks off and resumes after the feature's run */
	size_t e = find_end("唯有以狭路"), c = find("相逢勇者胜");
	assert_int_equal(next[e], c);
	assert_true(join[e]);
	/* the feature resumes the older open thread after the speech */
	e = find_end("黄道亮由此");
	assert_int_equal(next[e], find("为福建省第一名无双臂大学生"));
	assert_true(join[e]);
	/* the feature text interrupted by the speech goes on where it was */
	size_t before = find("以习近平同志为核心的党中央将残疾人事业");
	assert_int_equal(next[before], find("党的十八届三中全会"));
	/* the speech ends its thread */
	assert_int_equal(next[find("2022年春季学期中央党校")], INTERLEAVE_END);
	/* column breaks inside one text join to the next block */
	e = find_end("哪里就能创造业绩。业");
	assert_int_equal(next[e], e + 1);
	assert_true(join[e]);
	e = find_end("北京冬奥村考");
	assert_int_equal(next[e], e + 1);
	assert_true(join[e]);
	/* everything else reads on in order */
	size_t pred[400];
	memset(pred, 0xff, sizeof pred);
	for (size_t i = 0; i < nblocks; i++)
		if (next[i] != INTERLEAVE_END) {
			assert_true(pred[next[i]] == (size_t)-1);
			pred[next[i]] = i;
		}
	size_t heads = 0;
	for (size_t i = 0; i < nblocks; i++)
		heads += pred[i] == (size_t)-1;
	assert_int_equal(heads, 2); /* the feature and the speech */
}

static void test_no_interleaving(void **state)
{
	(void)state;
	struct interleave_block b[] = {
		{ "第一段，完整。", strlen("第一段，完整。"), INTERLEAVE_FINAL },
		{ "第二段在这里断开了，下一栏的文字", strlen("第二段在这里断开了，"
						  "下一栏的文字"),
		  INTERLEAVE_OPEN },
		{ "接着写完。", strlen("接着写完。"), INTERLEAVE_FINAL },
	};
	size_t next[3];
	unsigned char join[3];
	assert_int_equal(interleave_link(b, 3, next, join, NULL), 0);
	assert_int_equal(next[0], 1);
	assert_int_equal(next[1], 2);
	assert_int_equal(next[2], INTERLEAVE_END);
	assert_int_equal(join[0], 0);
	assert_int_equal(join[1], 1);
	assert_int_equal(interleave_link(b, 0, next, join, NULL), 0);
}

static void test_open_before_fixed(void **state)
{
	(void)state;
	/* an open block before a headline: the headline never continues it */
	struct interleave_block b[] = {
		{ "文字断开了在", strlen("文字断开了在"), INTERLEAVE_OPEN },
		{ "标题", strlen("标题"), INTERLEAVE_FIXED },
	};
	size_t next[2];
	unsigned char join[2];
	assert_int_equal(interleave_link(b, 2, next, join, NULL), 0);
	assert_int_equal(join[0], 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed000),
		cmocka_unit_test(test_no_interleaving),
		cmocka_unit_test(test_open_before_fixed),
	};
	return cmocka_run_group_tests_name("thread", tests, setup, teardown);
}
