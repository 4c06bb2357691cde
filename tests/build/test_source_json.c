/* Tests for source_json: JSON lines and arrays of article objects, read
 * from the small files in tests/fuzz/json/ (the fuzz target's saved
 * inputs, written for these tests), each with the articles it must give
 * and the warnings of the broken ones. */
#include "test.h"

#include "kanbao/build/source.h"

/* The warnings of one import, one after another, each ending in '\n'. */
static void keep(void *ctx, const char *msg)
{
	buf_puts(ctx, msg);
	buf_putc(ctx, '\n');
}

/* Import tests/fuzz/json/`name` through source_json, with `opts` (may be
 * NULL) and its warnings kept in `warnings`. */
static void import(const char *name, struct import_opts *opts,
		   struct article_list *out, struct buf *warnings)
{
	struct import_opts none = { 0 };
	struct diag d = { keep, warnings, 0 };
	struct import_opts o = opts ? *opts : none;
	o.diag = &d;
	size_t n;
	char *data = test_read_file(test_path("KANBAO_JSON", name), &n);
	struct err e = { 0 };
	assert_int_equal(source_sniff(name, data, n), SOURCE_JSON);
	assert_int_equal(source_json(name, data, n, NULL, &o, out, &e), ERR_OK);
	free(data);
}

/* One expected article: title, date, its first and last words, how many
 * paragraphs. */
struct want {
	const char *title;
	uint32_t date;
	const char *first, *last; /* the first paragraph starts so, the last
				     ends so */
	size_t paras;
};

static size_t paras_of(const struct article *a)
{
	size_t n = 0;
	for (size_t i = 0; i < a->nblocks; i++)
		n += a->blocks[i].kind == BLOCK_PARA;
	return n;
}

static void check(const struct article_list *l, const struct want *w,
		  size_t n)
{
	assert_int_equal(l->n, n);
	for (size_t i = 0; i < n; i++) {
		const struct article *a = &l->v[i];
		assert_string_equal(a->title, w[i].title);
		assert_int_equal(a->date, w[i].date);
		assert_int_equal(paras_of(a), w[i].paras);
		const char *first = a->blocks[0].text;
		const char *last = a->blocks[a->nblocks - 1].text;
		size_t fl = strlen(w[i].last), ll = strlen(last);
		assert_memory_equal(first, w[i].first, strlen(w[i].first));
		assert_true(ll >= fl);
		assert_string_equal(last + ll - fl, w[i].last);
	}
}

static void test_lines(void **state)
{
	(void)state;
	struct article_list l = { 0 };
	struct buf warn = { 0 };
	import("lines.jsonl", NULL, &l, &warn);
	static const struct want w[] = {
		{ "春耕备耕有序推进", 20240304, "本报长沙3月4日电", "完成三成。",
		  3 },
		/* keys in any case; paragraphs split at the indents */
		{ "城市公交开通夜间线路", 20240301, "为方便市民", "白天相同。",
		  3 },
		{ "图书馆延长开放时间", 20240301, "本报讯", "晚上九点。", 2 },
	};
	check(&l, w, 3);
	assert_null(warn.p);
	assert_string_equal(l.v[0].source, "湖南日报");
	/* the authors of an array, names unpadded */
	assert_string_equal(l.v[0].byline, "记者 王明 通讯员 李华");
	assert_string_equal(l.v[0].page, "3"); /* as raw text numbers it */
	assert_string_equal(l.v[1].source, "晚报");
	assert_string_equal(l.v[2].byline, "记者 赵敏");
	article_list_free(&l);
}

static void test_array(void **state)
{
	(void)state;
	struct article_list l = { 0 };
	struct buf warn = { 0 };
	import("array.json", NULL, &l, &warn);
	static const struct want w[] = {
		/* \u escapes, a surrogate pair among them (U+20BB7) */
		{ "村里的小学有了新操场", 20240305, "新操场铺上",
		  "在\xF0\xA0\xAE\xB7家老师的带领下跑步。", 2 },
		{ "河道清淤工程完工", 20240306, "工程历时", "新修了步道。", 3 },
	};
	check(&l, w, 2);
	assert_null(warn.p);
	assert_string_equal(l.v[0].source, "县融媒体中心");
	assert_string_equal(l.v[1].subtitle, "沿岸居民出行更便利");
	assert_string_equal(l.v[1].page, "5"); /* a number */
	article_list_free(&l);
}

/* An object whose date does not read is dated by its file's name, before
 * --date, and its warning says so. */
static void test_undated_named(void **state)
{
	(void)state;
	static const char text[] =
		"{\"title\":\"集市重开\",\"content\":\"集市今天重开。\","
		"\"date\":\"March\"}\n";
	struct buf warn = { 0 };
	struct diag d = { keep, &warn, 0 };
	struct import_opts o = { .diag = &d, .date = 20240505 };
	struct article_list l = { 0 };
	struct err e = { 0 };
	assert_int_equal(source_json("day/rmrb_20240301.jsonl", text,
				     sizeof text - 1, NULL, &o, &l, &e),
			 ERR_OK);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.v[0].date, 20240301);
	assert_string_equal(warn.p, "day/rmrb_20240301.jsonl:1: 'March' is no "
			    "date kanbao-build reads; dated by the file's "
			    "name\n");
	buf_free(&warn);
	article_list_free(&l);
}

static void test_wrapped(void **state)
{
	(void)state;
	struct article_list l = { 0 };
	struct buf warn = { 0 };
	import("wrapped.json", NULL, &l, &warn);
	static const struct want w[] = {
		{ "社区食堂开张", 20240307, "社区食堂", "享优惠。", 1 },
		{ "旧小区加装电梯", 20240308, "第一批", "正在施工。", 2 },
	};
	check(&l, w, 2);
	assert_null(warn.p);
	article_list_free(&l);
}

static void test_cut_lines(void **state)
{
	(void)state;
	struct article_list l = { 0 };
	struct buf warn = { 0 };
	import("cut.jsonl", NULL, &l, &warn);
	static const struct want w[] = {
		{ "第一篇完整", 20240301, "第一篇", "正文。", 1 },
		{ "第三篇完整", 20240303, "第三篇", "正文。", 1 },
		{ "第六篇完整", 0, "第六篇", "正文。", 1 },
	};
	check(&l, w, 3);
	assert_string_equal(
		warn.p,
		"cut.jsonl:2: not JSON (object value separator ',' expected "
		"at line 3); left out up to the next line that starts an "
		"object\n"
		"cut.jsonl:4: not JSON (null expected at line 4); left out up "
		"to the next line that starts an object\n"
		"cut.jsonl:5: an object with no title and no text (its keys: "
		"id, url; name them with --field); left out\n"
		"cut.jsonl:6: 'March the third' is no date kanbao-build reads; "
		"left undated\n");
	buf_free(&warn);
	article_list_free(&l);
}

static void test_cut_array(void **state)
{
	(void)state;
	struct article_list l = { 0 };
	struct buf warn = { 0 };
	import("cut-array.json", NULL, &l, &warn);
	static const struct want w[] = {
		{ "第一篇", 20240301, "第一篇", "正文。", 1 },
		{ "第二篇", 20240302, "第二篇", "正文。", 1 },
	};
	check(&l, w, 2);
	assert_string_equal(warn.p, "cut-array.json:4: JSON cut short: the "
				    "file ends inside it; left out\n");
	buf_free(&warn);
	article_list_free(&l);
}

static void test_fields(void **state)
{
	(void)state;
	struct article_list l = { 0 };
	struct buf warn = { 0 };
	/* the usual names, when --field names none */
	import("fields.jsonl", NULL, &l, &warn);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].title, "不该用的标题");
	assert_int_equal(l.v[0].date, 0);
	article_list_free(&l);
	struct import_opts o = { 0 };
	o.field[IMPORT_TITLE] = "headline_cn";
	o.field[IMPORT_BODY] = "Story"; /* case is ignored */
	o.field[IMPORT_DATE] = "ts";
	import("fields.jsonl", &o, &l, &warn);
	static const struct want w[] = {
		{ "用户指定的标题", 20240309, "用户指定的正文。", "正文。", 1 },
	};
	check(&l, w, 1);
	assert_null(warn.p);
	article_list_free(&l);
}

static void test_gbk(void **state)
{
	(void)state;
	struct article_list l = { 0 };
	struct buf warn = { 0 };
	import("gbk.jsonl", NULL, &l, &warn);
	static const struct want w[] = {
		{ "编码是国标", 20240310, "这一行是GBK编码", "正文。", 1 },
	};
	check(&l, w, 1);
	article_list_free(&l);
	buf_free(&warn);
}

static void test_html_body(void **state)
{
	(void)state;
#ifdef KANBAO_GUMBO
	struct article_list l = { 0 };
	struct buf warn = { 0 };
	import("html.jsonl", NULL, &l, &warn);
	static const struct want w[] = {
		{ "网页正文", 20240311, "第一段，加粗的字。", "换行后的字。",
		  3 },
	};
	check(&l, w, 1);
	assert_null(warn.p);
	article_list_free(&l);
#else
	skip();
#endif
}

/* Text composed here, for what the files do not show. */
static void import_text(const char *text, struct article_list *out,
			struct buf *warnings)
{
	struct diag d = { keep, warnings, 0 };
	struct import_opts o = { .diag = &d };
	struct err e = { 0 };
	assert_int_equal(source_json("t", text, strlen(text), NULL, &o, out, &e),
			 ERR_OK);
}

static void test_values(void **state)
{
	(void)state;
	struct article_list l = { 0 };
	struct buf warn = { 0 };
	/* dates as numbers, in seconds, milliseconds, or written as a
	 * double; the first key that holds a date wins over a bare time */
	import_text("{\"title\":\"甲\",\"time\":1709251200}\n"
		    "{\"title\":\"乙\",\"time\":1.7092512e12}\n"
		    "{\"title\":\"丙\",\"time\":\"08:00\",\"date\":"
		    "\"2024-03-02\"}\n"
		    "{\"title\":\"丁\",\"content\":null,\"text\":\"正文\","
		    "\"source\":{\"name\":\"通讯社\"},\"page\":null}\n"
		    "[{\"title\":\"戊\"},{\"title\":\"己\"}]\n"
		    "\"a string\"\n"
		    "{\"title\":\"庚\",\"body\":[\"一\",7,{\"x\":1},\"二\"]}\n",
		    &l, &warn);
	assert_int_equal(l.n, 7);
	assert_int_equal(l.v[0].date, 20240301);
	assert_int_equal(l.v[1].date, 20240301);
	assert_int_equal(l.v[2].date, 20240302);
	assert_string_equal(l.v[3].source, "通讯社");
	assert_string_equal(l.v[3].blocks[0].text, "正文");
	assert_null(l.v[3].page);
	assert_string_equal(l.v[4].title, "戊");
	assert_string_equal(l.v[5].title, "己");
	assert_int_equal(paras_of(&l.v[6]), 2);
	assert_string_equal(warn.p,
			    "t:6: a JSON string, not an article object; "
			    "left out\n"
			    "t:7: 2 values of the body that are not text left "
			    "out\n");
	buf_free(&warn);
	article_list_free(&l);
	/* an escape in a key or a value never reaches a warning raw */
	import_text("{\"\\u001b[31m\":\"x\",\"title\":\"辛\",\"date\":"
		    "\"\\u001b]0;\"}\n",
		    &l, &warn);
	assert_int_equal(l.n, 1);
	assert_null(strchr(warn.p, '\x1b'));
	buf_free(&warn);
	import_text("{\"\\u001b[31m\":\"x\"}", &l, &warn);
	assert_int_equal(l.n, 1);
	assert_non_null(strstr(warn.p, "its keys: \xE2\x90\x9B[31m;"));
	assert_null(strchr(warn.p, '\x1b'));
	buf_free(&warn);
	article_list_free(&l);
}

/* The items of an array written on one line, as a whole file or under a
 * key, are told apart in warnings by their place in it. */
static void test_one_line_items(void **state)
{
	(void)state;
	struct article_list l = { 0 };
	struct buf warn = { 0 };
	import_text("[{\"title\":\"甲\"},7,{\"id\":1},{\"title\":\"乙\"}]\n"
		    "{\"data\":[{\"title\":\"丙\"},\"x\"]}\n",
		    &l, &warn);
	assert_int_equal(l.n, 3);
	assert_string_equal(warn.p,
			    "t:1 (item 2): a JSON int, not an article object; "
			    "left out\n"
			    "t:1 (item 3): an object with no title and no text "
			    "(its keys: id; name them with --field); left "
			    "out\n"
			    "t:2 (item 2): a JSON string, not an article "
			    "object; left out\n");
	buf_free(&warn);
	article_list_free(&l);
}

static void test_broken(void **state)
{
	(void)state;
	struct article_list l = { 0 };
	struct buf warn = { 0 };
	/* an array not closed, though its last element is whole */
	import_text("[\n{\"title\":\"甲\"},\n", &l, &warn);
	assert_int_equal(l.n, 1);
	assert_string_equal(warn.p, "t:1: the array opened here is not "
				    "closed (the file cut short?)\n");
	buf_free(&warn);
	article_list_free(&l);
	/* pretty-printed objects one after another, one broken: read
	 * again from the next line that starts an object */
	import_text("{\n \"title\": \"甲\"\n}\n{\n \"title\": \"乙\" oops\n}\n"
		    "{\n \"title\": \"丙\"\n}\n",
		    &l, &warn);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[1].title, "丙");
	assert_non_null(strstr(warn.p, "t:4: not JSON"));
	buf_free(&warn);
	article_list_free(&l);
	/* raw text that starts with '{': not JSON after all, for the
	 * importer to read as raw text; JSON whose first line is broken
	 * is JSON */
	const char *raw = "{图片}本报北京3月1日电　正文。\n{又一行}\n";
	struct import_opts o = { 0 };
	struct err e = { 0 };
	assert_int_equal(source_json("r", raw, strlen(raw), NULL, &o, &l, &e),
			 ERR_UNSUPPORTED);
	assert_string_equal(e.msg, "r: starts as JSON does, but no line of "
				   "it is JSON");
	assert_int_equal(l.n, 0);
	import_text("{图片}\n{\"title\":\"甲\"}\n", &l, &warn);
	assert_int_equal(l.n, 1);
	assert_string_equal(warn.p, "t:1: not JSON (quoted object property "
				    "name expected at line 1); left out up to "
				    "the next line that starts an object\n");
	buf_free(&warn);
	article_list_free(&l);
	/* nothing but spaces; too deep */
	import_text(" \n ", &l, &warn);
	assert_int_equal(l.n, 0);
	assert_null(warn.p);
	char deep[200];
	memset(deep, '[', sizeof deep - 1);
	deep[sizeof deep - 1] = '\0';
	assert_int_equal(source_json("d", deep, strlen(deep), NULL, &o, &l, &e),
			 ERR_UNSUPPORTED);
	memcpy(deep, "{\"title\":\"甲\"}\n", 16);
	import_text(deep, &l, &warn);
	assert_int_equal(l.n, 1);
	assert_non_null(strstr(warn.p, "t:2: not JSON (nesting too deep"));
	buf_free(&warn);
	article_list_free(&l);
}

/* Where a file of values one after another is cut into parts: only
 * between values, at a line that starts with '{' after a line ending in
 * '}'; and which files are read in parts. */
static void test_part_end(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		size_t from, want, end;
	} cases[] = {
		{ "{\"a\":1}\n{\"b\":2}\n", 0, 1, 8 },
		{ "{\"a\":1}\n{\"b\":2}\n", 0, 8, 8 }, /* at from + want */
		{ "{\"a\":1}\n{\"b\":2}\n", 0, 9, 16 }, /* none after */
		{ "{\"a\":1}\r\n\n{\"b\":2}", 0, 1, 10 }, /* CRLF, blank */
		{ "{\"a\":1}  \n{\"b\":2}", 0, 1, 10 }, /* spaces after */
		{ "[{\"a\":1},\n{\"b\":2}]", 0, 1, 18 }, /* a comma: inside */
		{ "{\"a\":\n{\"b\":2}}", 0, 1, 14 }, /* a value: inside */
		{ "{\"a\":1}\n  {\"b\":2}", 0, 1, 17 }, /* indented */
		{ "{\"a\":1}\n{\"b\":2}\n{\"c\":3}\n", 8, 1, 16 },
		{ "{\"a\":1}\n", 0, 100, 8 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *t = cases[i].text;
		size_t got = source_part_end(t, strlen(t), cases[i].from,
					     cases[i].want);
		if (got != cases[i].end)
			fail_msg("case %zu: %zu, not %zu", i, got,
				 cases[i].end);
	}
	assert_true(source_parts(SOURCE_JSON, "{\"a\":1}\n", 8));
	assert_true(source_parts(SOURCE_JSON, "\xEF\xBB\xBF \n{\"a\":1}", 14));
	assert_false(source_parts(SOURCE_JSON, "[{\"a\":1}]", 9)); /* array */
	assert_false(source_parts(SOURCE_JSON, "{a: 1}\n", 7)); /* no JSON */
	assert_false(source_parts(SOURCE_HTML, "{\"a\":1}\n", 8));
	assert_false(source_parts(SOURCE_JSON, "\xFF\xFE{\0", 4)); /* UTF-16 */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_part_end),
		cmocka_unit_test(test_array),
		cmocka_unit_test(test_wrapped),
		cmocka_unit_test(test_undated_named),
		cmocka_unit_test(test_cut_lines),
		cmocka_unit_test(test_cut_array),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_gbk),
		cmocka_unit_test(test_html_body),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_one_line_items),
		cmocka_unit_test(test_broken),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
