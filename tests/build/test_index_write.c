/* Tests for index_write: the index is the same bytes whatever the parts
 * the text is counted and placed in, and parts may run on threads at
 * once. */
#include "test.h"

#include <pthread.h>

#include "kanbao/build/index_write.h"
#include "kanbao/format/index.h"

static const char *const blocks[] = {
	"看报：读报纸", "2023年5月15日 新华社北京电", "ABC abc ＡＢＣ “引号”",
	"报纸上的新闻，新闻里的报纸。", "", "〇一二三 ２０２３", "看报看报看报",
	"末尾一块：读报纸",
};
enum { NB = sizeof blocks / sizeof blocks[0] };

/* The index of `blocks` with part k starting at block cut[k - 1]: the
 * encoded bytes in `*out`. */
static size_t build(const size_t *cut, size_t parts, uint8_t **out)
{
	struct index_builder *b = index_builder_new(parts);
	assert_non_null(b);
	for (int pass = 0; pass < 2; pass++) {
		uint64_t at = 0;
		size_t part = 0;
		for (size_t i = 0; i < NB; i++) {
			while (part + 1 < parts && i >= cut[part])
				part++;
			size_t len = strlen(blocks[i]);
			if (pass)
				assert_int_equal(index_builder_place(b, part,
					blocks[i], len, at), 0);
			else
				assert_int_equal(index_builder_count(b, part,
					blocks[i], len), 0);
			at += len + 1;
		}
		if (!pass)
			assert_int_equal(index_builder_layout(b), 0);
	}
	size_t size;
	assert_int_equal(index_builder_encode(b, out, &size), 0);
	index_builder_free(b);
	return size;
}

static void test_parts_same_bytes(void **state)
{
	(void)state;
	uint8_t *one;
	size_t n1 = build(NULL, 1, &one);
	assert_true(n1 > INDEX_HEAD_SIZE);
	assert_memory_equal(one, index_magic, 8);
	/* every place to cut in two, and three parts with an empty one */
	for (size_t c = 0; c <= NB; c++) {
		uint8_t *two;
		size_t cut[1] = { c };
		assert_int_equal(build(cut, 2, &two), n1);
		assert_memory_equal(two, one, n1);
		free(two);
	}
	uint8_t *three;
	size_t cut3[2] = { 3, 3 };
	assert_int_equal(build(cut3, 3, &three), n1);
	assert_memory_equal(three, one, n1);
	free(three);
	free(one);
}

struct run {
	struct index_builder *b;
	size_t part, from, to;
	int place;
};

static void *run_part(void *arg)
{
	struct run *r = arg;
	uint64_t at = 0;
	for (size_t i = 0; i < r->to; i++) {
		size_t len = strlen(blocks[i]);
		if (i >= r->from &&
		    (r->place ? index_builder_place(r->b, r->part, blocks[i],
						    len, at)
			      : index_builder_count(r->b, r->part, blocks[i],
						    len)))
			return r;
		at += len + 1;
	}
	return NULL;
}

/* Two parts counted and placed on two threads at once (ThreadSanitizer
 * checks that they share nothing). */
static void test_parts_on_threads(void **state)
{
	(void)state;
	uint8_t *one;
	size_t n1 = build(NULL, 1, &one);
	struct index_builder *b = index_builder_new(2);
	assert_non_null(b);
	struct run r[2] = { { b, 0, 0, 4, 0 }, { b, 1, 4, NB, 0 } };
	for (int pass = 0; pass < 2; pass++) {
		pthread_t t;
		r[0].place = r[1].place = pass;
		assert_int_equal(pthread_create(&t, NULL, run_part, &r[1]), 0);
		assert_null(run_part(&r[0]));
		void *failed;
		assert_int_equal(pthread_join(t, &failed), 0);
		assert_null(failed);
		if (!pass)
			assert_int_equal(index_builder_layout(b), 0);
	}
	uint8_t *two;
	size_t n2;
	assert_int_equal(index_builder_encode(b, &two, &n2), 0);
	assert_int_equal(n2, n1);
	assert_memory_equal(two, one, n1);
	index_builder_free(b);
	free(two);
	free(one);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parts_same_bytes),
		cmocka_unit_test(test_parts_on_threads),
	};
	return cmocka_run_group_tests_name("index_write", tests, NULL, NULL);
}
