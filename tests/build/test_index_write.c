/* Tests for index_write: the index is the same bytes whatever the parts
 * the text is counted and placed in, and parts may run on threads at
 * once. */
#include "test.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

#include "kanbao/base/le.h"
#include "kanbao/build/outfile.h"
#include "kanbao/build/scratch.h"

#include "kanbao/build/index_write.h"
#include "kanbao/format/index.h"

static const char *const blocks[] = {
	"看报：读报纸", "2023年5月15日 新华社北京电", "ABC abc ＡＢＣ “引号”",
	"报纸上的新闻，新闻里的报纸。", "", "〇一二三 ２０２３", "看报看报看报",
	"末尾一块：读报纸", "看報：報紙上的新闻",
};
enum { NB = sizeof blocks / sizeof blocks[0] };

/* Where three articles of `blocks` start, in units: copied through. */
static const uint64_t STARTS[] = { 0, 19, 19 };
enum { NSTARTS = 3 };

/* 報 folds to 报, as a corpus's variants table says. */
static struct index_variants *variants(void)
{
	uint8_t entry[INDEX_VARIANT_SIZE];
	le_put32(entry, 0x5831);
	le_put32(entry + 4, 0x62A5);
	struct index_variants *v;
	size_t bad;
	const char *why;
	assert_int_equal(index_variants_make(entry, 1, &v, &bad, &why), 0);
	return v;
}

/* The MAP of `blocks`' text (each block and its '\n'), into m. */
static void blocks_map(struct index_map_maker *m)
{
	index_map_init(m);
	for (size_t i = 0; i < NB; i++) {
		assert_int_equal(index_map_add(m, blocks[i], strlen(blocks[i])),
				 0);
		assert_int_equal(index_map_add(m, "\n", 1), 0);
	}
	assert_int_equal(index_map_finish(m), 0);
}

/* The units of a block (format/index.h), counted apart from the
 * builder. */
static uint64_t units_of(const char *s)
{
	uint64_t u = 0;
	for (size_t i = 0; s[i]; u++)
		i += ((unsigned char)s[i] & 0xF0) == 0xE0 ? 3 : 1;
	return u;
}

/* The index of `blocks` with part k starting at block cut[k - 1], folded
 * through `v` (NULL: none): the encoded bytes in `*out`. */
static size_t build_folded(const size_t *cut, size_t parts,
			   const struct index_variants *v, uint8_t **out)
{
	struct index_builder *b = index_builder_new(parts);
	assert_non_null(b);
	uint64_t at = 0;
	for (int pass = 0; pass < 2; pass++) {
		size_t part = 0;
		at = 0;
		for (size_t i = 0; i < NB; i++) {
			while (part + 1 < parts && i >= cut[part])
				part++;
			size_t len = strlen(blocks[i]);
			uint64_t units = 0;
			if (pass)
				assert_int_equal(index_builder_place(b, part,
					blocks[i], len, at, &units), 0);
			else
				assert_int_equal(index_builder_count(b, part,
					blocks[i], len, &units), 0);
			assert_int_equal(units, units_of(blocks[i]));
			at += units + 1;
		}
		if (!pass) {
			assert_int_equal(index_builder_fold(b, v), 0);
			assert_int_equal(index_builder_layout(b), 0);
		}
	}
	size_t size;
	struct index_map_maker m;
	blocks_map(&m);
	assert_int_equal(m.units, at);
	assert_int_equal(index_builder_encode(b, &m, STARTS, NSTARTS, out,
					      &size), 0);
	index_map_free(&m);
	index_builder_free(b);
	return size;
}

static size_t build(const size_t *cut, size_t parts, uint8_t **out)
{
	return build_folded(cut, parts, NULL, out);
}

/* An entry's fields at their places, at their largest and smallest; a
 * key of 43 bits refused. */
static void test_entry_fields(void **state)
{
	(void)state;
	static const struct index_entry cases[] = {
		{ 0, 0, 0 },
		{ ((uint64_t)1 << INDEX_KEY_BITS) - 1, ((uint64_t)1 << 48) - 1,
		  UINT32_MAX },
		{ (uint64_t)0x62A5 << 21 | 0x7EB8, 0x123456789ABull, 1 }, /* 报纸 */
	};
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		uint8_t e[INDEX_ENTRY_SIZE + 1];
		memset(e, 0xEE, sizeof e);
		index_entry_put(e, &cases[k]);
		assert_int_equal(e[INDEX_ENTRY_SIZE], 0xEE); /* no byte past */
		assert_int_equal(le_get48(e), cases[k].key);
		assert_int_equal(le_get32(e + INDEX_ENTRY_COUNT), cases[k].count);
		assert_int_equal(le_get48(e + INDEX_ENTRY_OFFSET), cases[k].off);
		struct index_entry back;
		assert_int_equal(index_entry_get(e, &back), 0);
		assert_int_equal(back.key, cases[k].key);
		assert_int_equal(back.off, cases[k].off);
		assert_int_equal(back.count, cases[k].count);
	}
	uint8_t e[INDEX_ENTRY_SIZE];
	index_entry_put(e, &cases[1]);
	e[5] |= 1 << 2; /* bit 42 */
	struct index_entry back;
	assert_int_equal(index_entry_get(e, &back), -1);
	e[5] = 0x80; /* bit 47 alone */
	assert_int_equal(index_entry_get(e, &back), -1);
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
		uint64_t units = 0;
		if (i >= r->from &&
		    (r->place ? index_builder_place(r->b, r->part, blocks[i],
						    len, at, &units)
			      : index_builder_count(r->b, r->part, blocks[i],
						    len, &units)))
			return r;
		at += units_of(blocks[i]) + 1;
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
	struct index_map_maker m;
	blocks_map(&m);
	assert_int_equal(index_builder_encode(b, &m, STARTS, NSTARTS, &two,
					      &n2), 0);
	index_map_free(&m);
	assert_int_equal(n2, n1);
	assert_memory_equal(two, one, n1);
	index_builder_free(b);
	free(two);
	free(one);
}

/* The index of `blocks` made in runs of `per` blocks (the last run
 * shorter), each in one builder used again, the variants set before
 * counting, merged into an outfile in memory: its bytes into `out` (room
 * for `room`), their number returned. */
static size_t build_runs(size_t per, const struct index_variants *v,
			 uint8_t *out, size_t room)
{
	struct scratch s;
	assert_int_equal(scratch_open(&s, "/tmp"), 0);
	struct index_runs *r = index_runs_new(&s);
	struct index_builder *b = index_builder_new(1);
	assert_non_null(r);
	assert_non_null(b);
	assert_int_equal(index_builder_fold(b, v), 0);
	uint64_t at = 0;
	for (size_t from = 0; from < NB; from += per) {
		size_t to = from + per < NB ? from + per : NB;
		index_builder_reset(b);
		uint64_t units;
		for (size_t i = from; i < to; i++)
			assert_int_equal(index_builder_count(b, 0, blocks[i],
				strlen(blocks[i]), &units), 0);
		assert_int_equal(index_builder_layout(b), 0);
		for (size_t i = from; i < to; i++) {
			size_t len = strlen(blocks[i]);
			assert_int_equal(index_builder_place(b, 0, blocks[i],
							     len, at, &units), 0);
			at += units + 1;
		}
		assert_int_equal(index_runs_add(r, b), 0);
	}
	assert_int_equal(index_runs_count(r), (NB + per - 1) / per);
	struct outfile o;
	assert_int_equal(outfile_init(&o, out, NULL, 4), 0);
	memset(out, 0xAA, room);
	struct index_map_maker m;
	blocks_map(&m);
	assert_int_equal(index_runs_write(r, at, &m, STARTS, NSTARTS, &o), 0);
	index_map_free(&m);
	assert_true(o.pos <= room);
	assert_int_equal(o.err, 0);
	size_t n = (size_t)o.pos;
	outfile_free(&o);
	index_builder_free(b);
	index_runs_free(r);
	scratch_close(&s);
	return n;
}

/* Runs of every size, one block a run up to all in one, folded or not,
 * merge into the bytes of one builder of all the text. */
static void test_runs_same_bytes(void **state)
{
	(void)state;
	struct index_variants *v = variants();
	for (int folded = 0; folded < 2; folded++) {
		uint8_t *one;
		size_t n1 = build_folded(NULL, 1, folded ? v : NULL, &one);
		uint8_t *runs = malloc(n1 + 64);
		assert_non_null(runs);
		for (size_t per = 1; per <= NB; per++) {
			assert_int_equal(build_runs(per, folded ? v : NULL,
						    runs, n1 + 64), n1);
			assert_memory_equal(runs, one, n1);
		}
		/* folding joined 報 and 报: fewer keys than without */
		if (folded) {
			uint8_t *plain;
			assert_true(n1 < build(NULL, 1, &plain));
			free(plain);
		}
		free(runs);
		free(one);
	}
	index_variants_free(v);
}

/* A scratch file on a full disk (/dev/full): the runs say so when they
 * are merged, with its errno, and write nothing. */
static void test_runs_scratch_fails(void **state)
{
	(void)state;
	struct scratch s;
	assert_int_equal(scratch_open(&s, "/tmp"), 0);
	close(s.fd);
	s.fd = open("/dev/full", O_RDWR);
	assert_true(s.fd >= 0);
	struct index_runs *r = index_runs_new(&s);
	struct index_builder *b = index_builder_new(1);
	uint64_t units;
	assert_int_equal(index_builder_count(b, 0, blocks[0],
					     strlen(blocks[0]), &units), 0);
	assert_int_equal(index_builder_layout(b), 0);
	assert_int_equal(index_builder_place(b, 0, blocks[0],
					     strlen(blocks[0]), 0, &units), 0);
	assert_int_equal(index_runs_add(r, b), 0); /* buffered */
	uint8_t out[256];
	struct outfile o;
	struct index_map_maker m;
	index_map_init(&m);
	assert_int_equal(index_map_add(&m, blocks[0], strlen(blocks[0])), 0);
	assert_int_equal(index_map_add(&m, "\n", 1), 0);
	assert_int_equal(index_map_finish(&m), 0);
	assert_int_equal(outfile_init(&o, out, NULL, 1), 0);
	assert_int_equal(index_runs_write(r, units + 1, &m, NULL, 0, &o), -3);
	index_map_free(&m);
	assert_int_equal(index_runs_errno(r), ENOSPC);
	assert_int_equal(o.pos, 0);
	outfile_free(&o);
	index_builder_free(b);
	index_runs_free(r);
	scratch_close(&s);
}

/* The MAP of `text` given whole, then a byte at a time (cut inside
 * characters), the same bytes both ways: its units, its group entries
 * and its runs compared with `heads` ({ han, off } pairs) and `runs`. */
static void map_is(const char *text, size_t len, uint64_t units,
		   const uint64_t *heads, size_t nheads, const uint8_t *runs,
		   size_t nruns)
{
	struct index_map_maker whole, bytes;
	index_map_init(&whole);
	index_map_init(&bytes);
	assert_int_equal(index_map_add(&whole, text, len), 0);
	for (size_t i = 0; i < len; i++)
		assert_int_equal(index_map_add(&bytes, text + i, 1), 0);
	assert_int_equal(index_map_finish(&whole), 0);
	assert_int_equal(index_map_finish(&bytes), 0);
	struct index_map_maker *m[2] = { &whole, &bytes };
	for (int k = 0; k < 2; k++) {
		assert_int_equal(m[k]->units, units);
		assert_int_equal(m[k]->nheads, nheads);
		for (size_t i = 0; i < nheads; i++) {
			uint8_t *h = m[k]->heads + i * INDEX_MAP_ENTRY;
			assert_int_equal(le_get64(h), heads[2 * i]);
			assert_int_equal(le_get64(h + 8), heads[2 * i + 1]);
		}
		assert_int_equal(m[k]->nruns, nruns);
		if (nruns)
			assert_memory_equal(m[k]->runs, runs, nruns);
	}
	index_map_free(&whole);
	index_map_free(&bytes);
}

/* A group's table of parts at p whose every part (the group's text ended
 * before them, or they hold no run) starts `han` three-byte characters
 * and `off` bytes of runs into the group; the byte after it. */
static uint8_t *table(uint8_t *p, uint16_t han, uint16_t off)
{
	for (int k = 0; k < INDEX_MAP_PARTS - 1; k++) {
		le_put16(p + 4 * k, han);
		le_put16(p + 4 * k + 2, off);
	}
	return p + INDEX_MAP_TABLE;
}

/* The MAP at its edges: nothing; ASCII alone (no runs); Han alone; two-
 * and four-byte characters, a unit a byte, cutting runs; a run at TEXT's
 * end; a run cut at the end of a group, its two parts in two groups,
 * after 15 parts of no run.  Each group's runs start with its table of
 * parts. */
static void test_map_bytes(void **state)
{
	(void)state;
	enum { T = INDEX_MAP_TABLE };
	uint8_t r[2 * T + 8], *p;
	map_is("", 0, 0, (const uint64_t[]){ 0, 0 }, 1, NULL, 0);
	table(r, 0, 0);
	map_is("abc\n", 4, 4, (const uint64_t[]){ 0, 0, 0, T }, 2, r, T);
	p = table(r, 4, 2);
	memcpy(p, (const uint8_t[]){ 0, 4 }, 2);
	map_is("报纸新闻", 12, 4, (const uint64_t[]){ 0, 0, 4, T + 2 }, 2, r,
	       T + 2);
	/* 报 é 纸 𠀀 闻 \n: units 0, 1-2, 3, 4-7, 8, 9 */
	p = table(r, 3, 6);
	memcpy(p, (const uint8_t[]){ 0, 1, 2, 1, 4, 1 }, 6);
	map_is("报é纸\xF0\xA0\x80\x80闻\n", 16, 10,
	       (const uint64_t[]){ 0, 0, 3, T + 6 }, 2, r, T + 6);
	/* 4095 ASCII, then 报 (unit 4095, 255 into the group's last part)
	 * and 纸 (4096, group 1) */
	char *t = test_malloc(INDEX_MAP_UNITS + 8);
	memset(t, 'a', INDEX_MAP_UNITS - 1);
	memcpy(t + INDEX_MAP_UNITS - 1, "报纸a", 7);
	p = table(r, 0, 0);
	memcpy(p, (const uint8_t[]){ 0xFF, 0x01, 1 }, 3);
	p = table(p + 3, 1, 2);
	memcpy(p, (const uint8_t[]){ 0, 1 }, 2);
	map_is(t, INDEX_MAP_UNITS + 6, INDEX_MAP_UNITS + 2,
	       (const uint64_t[]){ 0, 0, 1, T + 3, 2, 2 * T + 5 }, 3, r,
	       2 * T + 5);
	test_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_entry_fields),
		cmocka_unit_test(test_map_bytes),
		cmocka_unit_test(test_runs_same_bytes),
		cmocka_unit_test(test_runs_scratch_fails),
		cmocka_unit_test(test_parts_same_bytes),
		cmocka_unit_test(test_parts_on_threads),
	};
	return cmocka_run_group_tests_name("index_write", tests, NULL, NULL);
}
