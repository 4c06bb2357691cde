/* Tests for dates: dates as text writes them, and a dateline's year. */
#include "test.h"

#include "kanbao/build/dates.h"

static struct date parse(const char *s, size_t *len)
{
	struct date d;
	*len = dates_parse(s, strlen(s), &d);
	return d;
}

static void want(const char *s, int y, int m, int d, size_t len)
{
	size_t got;
	struct date x = parse(s, &got);
	if (got != len || x.year != y || x.month != m || x.day != d)
		fail_msg("%s: got %d-%d-%d (%zu bytes), want %d-%d-%d (%zu)",
			 s, x.year, x.month, x.day, got, y, m, d, len);
}

static void test_arabic(void **state)
{
	(void)state;
	want("2022年3月1日，", 2022, 3, 1, strlen("2022年3月1日"));
	want("2015 年 4 月 30 日", 2015, 4, 30, strlen("2015 年 4 月 30 日"));
	want("２０２３年５月１２日", 2023, 5, 12, strlen("２０２３年５月１２日"));
	want("2023年 5月", 2023, 5, 0, strlen("2023年 5月"));
	want("12月31日电", 0, 12, 31, strlen("12月31日"));
	want("3月", 0, 3, 0, strlen("3月"));
	/* a month and day that do not exist, or no month */
	want("2023年2月30日", 0, 0, 0, 0);
	want("13月1日", 0, 0, 0, 0);
	want("2023年", 0, 0, 0, 0);
	want("12345年1月", 0, 0, 0, 0);
	want("100年1月", 0, 0, 0, 0);
	/* the 29th of February of a leap year only */
	want("2024年2月29日", 2024, 2, 29, strlen("2024年2月29日"));
	want("2023年2月29日", 0, 0, 0, 0);
}

static void test_chinese_numerals(void **state)
{
	(void)state;
	want("二○○○年十二月三十一日", 2000, 12, 31,
	     strlen("二○○○年十二月三十一日"));
	want("二〇〇一年一月一日", 2001, 1, 1, strlen("二〇〇一年一月一日"));
	want("二零零一年元", 0, 0, 0, 0);
	want("十二月三十一日电", 0, 12, 31, strlen("十二月三十一日"));
	want("十月二十日", 0, 10, 20, strlen("十月二十日"));
	want("一月廿一日", 0, 1, 21, strlen("一月廿一日"));
	want("十一月", 0, 11, 0, strlen("十一月"));
	/* 一 is a common character: no 月 after it, no date */
	want("一个月", 0, 0, 0, 0);
	want("三十二日", 0, 0, 0, 0);
	assert_int_equal(dates_chinese_digit(0x3007), 0);
	assert_int_equal(dates_chinese_digit(0x4E5D), 9);
	assert_int_equal(dates_chinese_digit('9'), -1);
}

static void test_roc_era(void **state)
{
	(void)state;
	/* Taiwan's issues and dates: 民國 N 年 is N + 1911 */
	want("民國114年10月20日", 2025, 10, 20, strlen("民國114年10月20日"));
	want("民国 89 年 12 月 31 日", 2000, 12, 31,
	     strlen("民国 89 年 12 月 31 日"));
	want("民國一一四年十月二十日", 2025, 10, 20,
	     strlen("民國一一四年十月二十日"));
	want("民國一百一十四年十月", 2025, 10, 0, strlen("民國一百一十四年十月"));
	want("民國一百零五年一月一日", 2016, 1, 1,
	     strlen("民國一百零五年一月一日"));
	want("民國九十九年三月", 2010, 3, 0, strlen("民國九十九年三月"));
	want("民國元年一月一日", 1912, 1, 1, strlen("民國元年一月一日"));
	want("民國三十八年十月", 1949, 10, 0, strlen("民國三十八年十月"));
	/* without 民國, three digits are no year; 民國 with no year, none */
	want("114年10月20日", 0, 0, 0, 0);
	want("民國年10月", 0, 0, 0, 0);
	want("民國1140年10月", 0, 0, 0, 0);
	want("民國0年10月", 0, 0, 0, 0);
	want("民眾10月", 0, 0, 0, 0);
	/* found in a masthead, and as evidence in running text */
	struct date d;
	size_t at, len;
	const char *m = "中華民國114年10月20日　星期一";
	assert_true(dates_find_full(m, strlen(m), &d, &at, &len));
	assert_int_equal(d.year, 2025);
	assert_int_equal(at, strlen("中華"));
	assert_int_equal(len, strlen("民國114年10月20日"));
	const char *t = "專法自民國一百一十四年十月起施行，今年114年10月";
	struct dated *v = NULL;
	size_t nv = 0;
	assert_int_equal(dates_scan(t, strlen(t), &v, &nv), 0);
	assert_int_equal(nv, 1);
	assert_int_equal(v[0].date.year, 2025);
	assert_int_equal(v[0].date.month, 10);
	assert_int_equal(v[0].at, strlen("專法自"));
	free(v);
}

static void test_iso_and_names(void **state)
{
	(void)state;
	struct date d;
	assert_int_equal(dates_parse_iso("2001-01-01", 10, &d), 10);
	assert_int_equal(d.year * 10000 + d.month * 100 + d.day, 20010101);
	assert_int_equal(dates_parse_iso("20011231x", 9, &d), 8);
	assert_int_equal(dates_parse_iso("2001.1.2", 8, &d), 8);
	assert_int_equal(d.day, 2);
	assert_int_equal(dates_parse_iso("200113010", 9, &d), 0);
	assert_int_equal(dates_parse_iso("2001-13-01", 10, &d), 0);
	assert_int_equal(dates_parse_iso("2001-01/01", 10, &d), 0);

	static const struct {
		const char *name;
		int date;
	} names[] = {
		{ "rmrb_20010101.txt", 20010101 },
		{ "/data/2001-01-01.txt", 20010101 },
		{ "20010101-04.txt", 20010101 },
		{ "papers/1998/19980102.txt", 19980102 },
		{ "000_866acc2d959ea0dd.txt", 0 },
		{ "page-04.txt", 0 },
		{ "2001-01-01/page.txt", 0 }, /* the folder is not read */
		{ "x_123456789.txt", 0 },
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		int got = dates_from_name(names[i].name, &d)
				  ? d.year * 10000 + d.month * 100 + d.day
				  : 0;
		if (got != names[i].date)
			fail_msg("%s: %d, want %d", names[i].name, got,
				 names[i].date);
	}
}

static void test_full_and_weekdays(void **state)
{
	(void)state;
	struct date d;
	size_t at, len;
	const char *s = "人民日报 2001年1月1日 星期一 第4版";
	assert_true(dates_find_full(s, strlen(s), &d, &at, &len));
	assert_int_equal(at, strlen("人民日报 "));
	assert_int_equal(len, strlen("2001年1月1日"));
	s = "第 01 版 2025-10-20";
	assert_true(dates_find_full(s, strlen(s), &d, &at, &len));
	assert_int_equal(d.month, 10);
	s = "5月15日电";
	assert_false(dates_find_full(s, strlen(s), &d, &at, &len));
	assert_int_equal(dates_weekday(2001, 1, 1), 1); /* Monday */
	assert_int_equal(dates_weekday(2025, 10, 20), 1);
	assert_int_equal(dates_weekday(2000, 2, 29), 2);
	assert_int_equal(dates_weekday(2023, 5, 14), 0);
	assert_int_equal(dates_weekday_name("星期日", 9, &len), 0);
	assert_int_equal(dates_weekday_name("周三", 6, &len), 3);
	assert_int_equal(len, 6);
	assert_int_equal(dates_weekday_name("礼拜天", 9, &len), 0);
	assert_int_equal(dates_weekday_name("星期八", 9, &len), -1);
	assert_true(dates_valid(2000, 2, 29));
	assert_false(dates_valid(1900, 2, 29));
	assert_false(dates_valid(2001, 4, 31));
}

static void test_scan(void **state)
{
	(void)state;
	const char *s = "1975年10月，离开陕西；2015 年 4 月 30 日会议；"
			"二○○○年十二月三十一日；今年5月；12345年1月；"
			"2023年 5月。";
	struct dated *v = NULL;
	size_t n = 0;
	assert_int_equal(dates_scan(s, strlen(s), &v, &n), 0);
	assert_int_equal(n, 4);
	assert_int_equal(v[0].date.year, 1975);
	assert_int_equal(v[0].date.month, 10);
	assert_int_equal(v[1].date.day, 30);
	assert_int_equal(v[2].date.year, 2000);
	assert_int_equal(v[3].date.year, 2023);
	assert_int_equal(v[3].date.day, 0);
	assert_int_equal(v[0].at, 0);
	free(v);
}

static void test_years(void **state)
{
	(void)state;
	struct date jan1 = { 2001, 1, 1 }, dec31 = { 2000, 12, 31 };
	struct date may15 = { 2023, 5, 15 }, feb28 = { 2023, 2, 28 };
	/* a December dateline in a January issue is the year before */
	assert_int_equal(dates_year_in_issue(12, 31, jan1), 2000);
	assert_int_equal(dates_year_in_issue(1, 1, jan1), 2001);
	/* the day after the issue's: a 零时电 near midnight */
	assert_int_equal(dates_year_in_issue(1, 2, jan1), 2001);
	assert_int_equal(dates_year_in_issue(1, 1, dec31), 2001);
	assert_int_equal(dates_year_in_issue(3, 1, feb28), 2023);
	assert_int_equal(dates_year_in_issue(5, 14, may15), 2023);
	/* later than that: last year's */
	assert_int_equal(dates_year_in_issue(5, 20, may15), 2022);
	assert_int_equal(dates_year_in_issue(5, 14, (struct date){ 0, 5, 15 }),
			 0);

	/* a day alone takes the issue's month, or the month before */
	struct date d = dates_in_issue_month(7, (struct date){ 2024, 3, 7 });
	assert_int_equal(d.year * 10000 + d.month * 100 + d.day, 20240307);
	d = dates_in_issue_month(8, (struct date){ 2024, 3, 7 });
	assert_int_equal(d.year * 10000 + d.month * 100 + d.day, 20240308);
	d = dates_in_issue_month(31, jan1);
	assert_int_equal(d.year * 10000 + d.month * 100 + d.day, 20001231);
	d = dates_in_issue_month(30, (struct date){ 2023, 3, 1 });
	assert_int_equal(d.year, 0); /* no 30th in February */
	d = dates_in_issue_month(7, (struct date){ 0, 3, 7 });
	assert_int_equal(d.year, 0);

	struct dated v[] = {
		{ { 2016, 5, 27 }, 0 }, { { 2023, 5, 0 }, 0 },
		{ { 2019, 1, 18 }, 0 }, { { 2023, 5, 12 }, 0 },
	};
	/* a date naming another day is no evidence; the month alone is */
	assert_int_equal(dates_year_from(v, 1, 5, 15), 0);
	assert_int_equal(dates_year_from(v, 4, 5, 15), 2023);
	assert_int_equal(dates_year_from(v, 4, 1, 18), 2019);
	assert_int_equal(dates_year_from(v, 4, 3, 1), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arabic),
		cmocka_unit_test(test_chinese_numerals),
		cmocka_unit_test(test_roc_era),
		cmocka_unit_test(test_iso_and_names),
		cmocka_unit_test(test_full_and_weekdays),
		cmocka_unit_test(test_scan),
		cmocka_unit_test(test_years),
	};
	return cmocka_run_group_tests_name("dates", tests, NULL, NULL);
}
