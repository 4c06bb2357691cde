/* Tests for walk: a folder given to the builder stands for the files under
 * it, in the order of their paths, hidden ones, corpus files, links to
 * nothing and link loops taken care of. */
#include "test.h"

#include <sys/stat.h>
#include <unistd.h>

#include "kanbao/base/buf.h"
#include "kanbao/build/walk.h"

static char root[64];

static void keep(void *ctx, const char *msg)
{
	buf_puts(ctx, msg);
	buf_putc(ctx, '\n');
}

/* `rel` under the root, in a static buffer (one at a time). */
static const char *at(const char *rel)
{
	static char p[256];
	snprintf(p, sizeof p, "%s/%s", root, rel);
	return p;
}

static void dir(const char *rel)
{
	assert_int_equal(mkdir(at(rel), 0755), 0);
}

static void file(const char *rel)
{
	FILE *f = fopen(at(rel), "w");
	assert_non_null(f);
	fputs("本报北京3月1日电　正文。\n", f);
	fclose(f);
}

static int make_tree(void **state)
{
	(void)state;
	snprintf(root, sizeof root, "/tmp/kanbao-walk-XXXXXX");
	if (!mkdtemp(root))
		return -1;
	dir("a");
	dir("a/2024");
	dir("a/2024/01");
	dir("a/2024/01/02");
	dir("a/2024/01/10");
	dir("a/2024/01/.cache");
	dir("a/2024-extra");
	dir("empty");
	file("a/2024/01/10/p1.txt");
	file("a/2024/01/02/p2.jsonl");
	file("a/2024/01/02/p1.txt");
	file("a/2024/01/.cache/x.txt");
	file("a/2024/01/.hidden.txt");
	file("a/2024/day.kb");
	file("a/2024/DAY2.KB");
	file("a/2024-extra/z.txt");
	file("a/top.txt");
	/* a loop, a second way into a folder, a link to nothing, a link to
	 * a file */
	assert_int_equal(symlink("..", at("a/2024/01/up")), 0);
	assert_int_equal(symlink("10", at("a/2024/01/ten")), 0);
	assert_int_equal(symlink("nowhere", at("a/2024/gone.txt")), 0);
	assert_int_equal(symlink("../top.txt", at("a/2024/top-link.txt")), 0);
	assert_int_equal(mkfifo(at("a/fifo"), 0644), 0);
	return 0;
}

static int remove_tree(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_order(void **state)
{
	(void)state;
	struct walk_list l = { 0 };
	struct buf warn = { 0 };
	struct diag d = { keep, &warn, 0 };
	struct err e = { 0 };
	char a[128];
	snprintf(a, sizeof a, "%s/a/", root); /* with its slash */
	char again[128];
	snprintf(again, sizeof again, "%s/a/2024/01/02/p1.txt", root);
	const char *paths[] = { "-", a, again, "missing.txt" };
	assert_int_equal(walk_inputs(paths, 4, &d, &l, &e), ERR_OK);
	/* strcmp of the paths: "2024-extra" before "2024/", 02 before 10;
	 * the folder reached again through "ten" and "up" read once; a file
	 * met again (top.txt after the link to it, p1.txt named after its
	 * folder) read once, where it came first */
	static const char *const want[] = {
		"a/2024-extra/z.txt", "a/2024/01/02/p1.txt",
		"a/2024/01/02/p2.jsonl", "a/2024/01/10/p1.txt",
		"a/2024/top-link.txt",
	};
	size_t nwant = sizeof want / sizeof *want;
	assert_int_equal(l.n, nwant + 2);
	assert_string_equal(l.v[0], "-");
	for (size_t i = 0; i < nwant; i++)
		assert_string_equal(l.v[i + 1], at(want[i]));
	assert_string_equal(l.v[nwant + 1], "missing.txt");
	char expect[768];
	snprintf(expect, sizeof expect,
		 "%s/a/2024/gone.txt: No such file or directory; left out\n",
		 root);
	assert_non_null(strstr(warn.p, expect));
	snprintf(expect, sizeof expect,
		 "%s/a/fifo: not a regular file; left out\n", root);
	assert_non_null(strstr(warn.p, expect));
	snprintf(expect, sizeof expect,
		 "%s/a/top.txt: the same file as %s/a/2024/top-link.txt, "
		 "given before; read once\n", root, root);
	assert_non_null(strstr(warn.p, expect));
	snprintf(expect, sizeof expect,
		 "%s: the same file as %s/a/2024/01/02/p1.txt, given before; "
		 "read once\n", again, root);
	assert_non_null(strstr(warn.p, expect));
	assert_int_equal(d.count, 4);
	buf_free(&warn);
	walk_list_free(&l);
	assert_null(l.v);
}

static void test_empty(void **state)
{
	(void)state;
	struct walk_list l = { 0 };
	struct err e = { 0 };
	char empty[256];
	snprintf(empty, sizeof empty, "%s", at("empty"));
	const char *paths[] = { empty };
	assert_int_equal(walk_inputs(paths, 1, NULL, &l, &e), ERR_NOENT);
	char expect[320];
	snprintf(expect, sizeof expect,
		 "%s: a folder with no file to read in it", empty);
	assert_string_equal(e.msg, expect);
	walk_list_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_empty),
	};
	return cmocka_run_group_tests(tests, make_tree, remove_tree);
}
