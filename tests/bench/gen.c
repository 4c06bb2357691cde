/* kanbao-gen: large, realistic raw newspaper text, for benchmarks.
 *
 * It reads a kanbao corpus (by default the bundled one), cuts its paragraphs
 * into sentences, clauses and headings, and deals them out again as new
 * articles of a daily paper: one raw file per day, DIR/YYYY-MM-DD.txt, about
 * 550 KB each, in one of the two layouts of the seeds in corpus/ (chosen per
 * day), and DIR/manifest.tsv, DATE<TAB>TITLE per article in the order
 * kanbao-build lists them (files in date order, articles in file order).
 *
 *   lines    (seed 000): headline, "——" subtitle, one paragraph per line,
 *            blank lines between, section heads, a closing byline line and
 *            "(新华社北京3月1日电)"; now and then a paragraph broken by a
 *            column mid-sentence.
 *   wrapped  (seed 002): hard-wrapped at 25-27 Han a line (first lines 2
 *            Han narrower, as print indents them), blank lines at column
 *            breaks even mid-sentence, spaces around digits, the dateline in
 *            parentheses at the end of a body, the headline after its body.
 *
 * A day is a run of pages; a page holds features (long, closing dateline,
 * section heads, subtitles) then news (short, opening dateline "新华社北京
 * 3月1日电", perhaps "（记者 …）"), the order both seeds show.  Every
 * article is dated that day.  Years in the borrowed text are moved so that
 * none lies after the day (the builder dates a file by the latest year it
 * names), and the day's first article names the day in full.
 *
 * Output depends only on the arguments and the corpus: each day draws from
 * its own splitmix64 stream, seeded by --seed and the date. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kanbao/buf.h"
#include "kanbao/corpus.h"
#include "kanbao/err.h"
#include "kanbao/utf8.h"

#ifndef KANBAO_GEN_CORPUS
#define KANBAO_GEN_CORPUS "kanbao.kb"
#endif

/* A day's file: about this many bytes (a year of days is about 200 MB). */
enum { DAY_BYTES = 550000 };

static const char usage[] =
	"usage: kanbao-gen [--seed N] [--size SIZE] [--from YYYY-MM-DD] "
	"[--corpus FILE] -o DIR\n"
	"Write raw newspaper text for benchmarks: new articles made of the\n"
	"sentences of a kanbao corpus, one file per day of a daily paper\n"
	"(DIR/YYYY-MM-DD.txt, about 550 KB each) in the two layouts of the\n"
	"seed files, and DIR/manifest.tsv: DATE<TAB>TITLE for every article,\n"
	"in the order `kanbao-build DIR/*.txt` lists them.\n"
	"\n"
	"  -o, --output DIR     write here (made if missing; other days'\n"
	"                       files in it are refused: they would join a\n"
	"                       build)\n"
	"  -s, --seed N         the random stream (default 1): the same\n"
	"                       arguments give the same bytes\n"
	"  -n, --size SIZE      raw text in all, in bytes, with K, M or G\n"
	"                       (times 1024; default 1M)\n"
	"  -f, --from DATE      the first day, YYYY-MM-DD (default\n"
	"                       2020-01-01)\n"
	"  -c, --corpus FILE    draw the text from this corpus (default: the\n"
	"                       bundled one, " KANBAO_GEN_CORPUS ")\n"
	"  -h, --help           show this help\n"
	"  -V, --version        show the version\n"
	"\n"
	"Exit status: 0 written, 2 bad usage, an unusable corpus or a write\n"
	"that failed.\n";

/* ---- a small random stream ----------------------------------------------*/

struct rng {
	uint64_t s; /* splitmix64 state */
};

static uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* Uniform in [0, n), n < 2^32 (Lemire's multiply, no division). */
static size_t rng_below(struct rng *r, size_t n)
{
	return (size_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

static size_t rng_range(struct rng *r, size_t lo, size_t hi)
{
	return lo + rng_below(r, hi - lo + 1);
}

/* True `permille` times in a thousand. */
static int rng_chance(struct rng *r, unsigned permille)
{
	return rng_below(r, 1000) < permille;
}

/* ---- characters ---------------------------------------------------------*/

/* Decode one character of valid UTF-8 (the corpus checks its text). */
static size_t dec(const char *s, uint32_t *uc)
{
	const unsigned char *p = (const unsigned char *)s;
	if (p[0] < 0x80) {
		*uc = p[0];
		return 1;
	}
	if (p[0] < 0xE0) {
		*uc = (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
		return 2;
	}
	if (p[0] < 0xF0) {
		*uc = (uint32_t)(p[0] & 0x0F) << 12 |
		      (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
		return 3;
	}
	*uc = (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 |
	      (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
	return 4;
}

static int in_set(uint32_t uc, const uint32_t *set)
{
	for (; *set; set++)
		if (*set == uc)
			return 1;
	return 0;
}

static const uint32_t OPENERS[] = { 0x201C, 0x2018, 0xFF08, 0x300A, 0x300C,
				    0x300E, 0x3008, 0x3010, 0x3014, '(', 0 };
static const uint32_t CLOSERS[] = { 0x201D, 0x2019, 0xFF09, 0x300B, 0x300D,
				    0x300F, 0x3009, 0x3011, 0x3015, ')', 0 };
/* Ends a sentence: 。！？… */
static const uint32_t STOPS[] = { 0x3002, 0xFF01, 0xFF1F, 0x2026, 0 };
/* Ends a clause: ，；： and the stops, —— */
static const uint32_t CLAUSE_ENDS[] = { 0xFF0C, 0xFF1B, 0xFF1A, 0x3002, 0xFF01,
					0xFF1F, 0x2026, 0x2014, 0 };
/* Never in a headline: what ends a sentence or leads on. */
static const uint32_t NOT_IN_HEAD[] = { 0x3002, 0xFF01, 0xFF1F, 0xFF1B, 0xFF1A,
					0x2026, 0x2014, 0xFF0E, 0 };
/* Print keeps these off the start of a line. */
static const uint32_t NO_START[] = { 0xFF0C, 0x3002, 0x3001, 0xFF1B, 0xFF1A,
				     0xFF1F, 0xFF01, 0x201D, 0x2019, 0xFF09,
				     0x300B, 0x300D, 0x300F, 0x2026, 0xFF05,
				     0 };
/* A clause that opens or closes with these reads as a fragment, not as a
 * headline ("但在新形势下", "坚持公正用权的"). */
static const char BAD_START[] = "但而并也还又就却才都所因这那其他她它我你们"
				"的了着和与及或把被对向从为以于在是将要会能"
				"可使让";
static const char BAD_END[] = "的了着和与及或把被对向从为以于在是将要会能可"
			      "地得之等使让";

static int in_chars(uint32_t uc, const char *chars)
{
	for (const char *p = chars; *p;) {
		uint32_t c;
		p += dec(p, &c);
		if (c == uc)
			return 1;
	}
	return 0;
}

static int is_ascii_word(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
	       (c >= 'a' && c <= 'z') || c == '.' || c == '%';
}

static size_t count_chars(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += ((unsigned char)s[i] & 0xC0) != 0x80;
	return k;
}

/* ---- the text drawn from the corpus -------------------------------------*/

enum span_flag {
	SPAN_YEAR = 1u << 0, /* names a year ("2015 年"): moved per day */
	SPAN_HAN = 1u << 1, /* starts with a Han character: a date can lead */
};

struct span {
	uint32_t off, len; /* bytes in pool.text */
	uint32_t flags; /* enum span_flag */
	uint32_t first, count; /* a paragraph: its sentences in pool.sent */
};

struct spans {
	struct span *v;
	size_t n, cap;
};

struct pool {
	struct buf text; /* every string, back to back */
	struct spans sent; /* sentences, quotes balanced, ending 。！？… */
	struct spans para; /* whole paragraphs, balanced, ending finished */
	struct spans title; /* headline clauses, 6..20 characters */
	struct spans shortc; /* short clauses, 2..6, for two-part heads */
	struct spans head; /* the corpus's own section heads */
	struct source {
		uint32_t first, end; /* its sentences: [first, end) of sent */
	} *src; /* the corpus's articles with sentences, `nsrc` */
	size_t nsrc;
	int max_year; /* latest year with a month in the text; 0 none */
};

static int spans_push(struct spans *v, uint32_t off, uint32_t len,
		      uint32_t flags)
{
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 256;
		struct span *p = realloc(v->v, cap * sizeof *p);
		if (!p)
			return -1;
		v->v = p;
		v->cap = cap;
	}
	v->v[v->n++] = (struct span){ off, len, flags, 0, 0 };
	return 0;
}

static void pool_free(struct pool *p)
{
	buf_free(&p->text);
	free(p->sent.v);
	free(p->para.v);
	free(p->title.v);
	free(p->shortc.v);
	free(p->head.v);
	free(p->src);
}

/* A 4-digit year at s[i] (not part of a longer number) followed by
 * optional spaces and 年: returns its value and the offset after 年 in
 * `*after`, or 0. */
static int year_at(const char *s, size_t n, size_t i, size_t *after)
{
	if (i + 4 > n || (i && ((s[i - 1] >= '0' && s[i - 1] <= '9') ||
				s[i - 1] == '.')))
		return 0;
	int y = 0;
	for (size_t k = i; k < i + 4; k++) {
		if (s[k] < '0' || s[k] > '9')
			return 0;
		y = y * 10 + (s[k] - '0');
	}
	size_t j = i + 4;
	if (j < n && s[j] >= '0' && s[j] <= '9')
		return 0;
	while (j < n && s[j] == ' ')
		j++;
	if (j + 3 > n || memcmp(s + j, "年", 3) || y < 1000)
		return 0;
	*after = j + 3;
	return y;
}

/* A number (1-2 digits) then, after optional spaces, `unit` (one Han
 * character): its value and the offset after the unit, or 0. */
static int number_unit(const char *s, size_t n, size_t i, const char *unit,
		       size_t *after)
{
	while (i < n && s[i] == ' ')
		i++;
	int v = 0, digits = 0;
	while (i < n && s[i] >= '0' && s[i] <= '9' && digits < 3) {
		v = v * 10 + (s[i++] - '0');
		digits++;
	}
	if (!digits || digits > 2)
		return 0;
	while (i < n && s[i] == ' ')
		i++;
	if (i + 3 > n || memcmp(s + i, unit, 3))
		return 0;
	*after = i + 3;
	return v;
}

/* Does a headline read well from s[0..n)?  `minc`..`maxc` characters, no
 * sentence or clause ends, quotes balanced, no Latin or spaces, and, for a
 * clause cut from the text, no "，" and no fragment's opening or ending word
 * (`own`: the corpus's own headline or head, "关爱，无处不在"). */
static int good_head(const char *s, size_t n, size_t minc, size_t maxc,
		     int own)
{
	size_t chars = 0, han = 0;
	int depth = 0;
	uint32_t uc = 0, first = 0;
	for (size_t i = 0; i < n;) {
		i += dec(s + i, &uc);
		if (!chars)
			first = uc;
		chars++;
		if (utf8_is_han(uc))
			han++;
		else if (uc < 0x80 && !(uc >= '0' && uc <= '9'))
			return 0;
		if (in_set(uc, NOT_IN_HEAD) || (uc == 0xFF0C /* ， */ && !own))
			return 0;
		if (in_set(uc, OPENERS))
			depth++;
		else if (in_set(uc, CLOSERS) && --depth < 0)
			return 0;
	}
	return depth == 0 && chars >= minc && chars <= maxc &&
	       han * 3 >= chars * 2 && han >= 2 && !in_set(first, CLOSERS) &&
	       !in_set(uc, OPENERS) &&
	       (own || (!in_chars(first, BAD_START) && !in_chars(uc, BAD_END)));
}

static uint32_t span_flags(const char *s, size_t n)
{
	uint32_t flags = 0, uc;
	dec(s, &uc);
	if (utf8_is_han(uc))
		flags |= SPAN_HAN;
	for (size_t i = 0, after; i < n; i++)
		if (year_at(s, n, i, &after)) {
			flags |= SPAN_YEAR;
			break;
		}
	return flags;
}

/* Copy s[0..n) into the pool and list it in `v`. */
static int pool_add(struct pool *p, struct spans *v, const char *s, size_t n)
{
	uint32_t off = (uint32_t)p->text.len;
	if (p->text.len + n > UINT32_MAX)
		return -1;
	buf_put(&p->text, s, n);
	if (p->text.failed)
		return -1;
	return spans_push(v, off, (uint32_t)n, span_flags(s, n));
}

/* The clauses of one sentence: headline material. */
static int add_clauses(struct pool *p, const char *s, size_t n)
{
	size_t start = 0;
	int depth = 0;
	for (size_t i = 0; i < n;) {
		uint32_t uc;
		size_t len = dec(s + i, &uc);
		if (in_set(uc, OPENERS))
			depth++;
		else if (in_set(uc, CLOSERS) && depth > 0)
			depth--;
		if (depth == 0 && in_set(uc, CLAUSE_ENDS)) {
			const char *c = s + start;
			size_t cn = i - start;
			if (good_head(c, cn, 6, 20, 0) &&
			    pool_add(p, &p->title, c, cn) < 0)
				return -1;
			if (good_head(c, cn, 2, 6, 0) &&
			    pool_add(p, &p->shortc, c, cn) < 0)
				return -1;
			start = i + len;
		}
		i += len;
	}
	return 0;
}

/* Cut one paragraph into the pool: itself, its sentences, their clauses. */
static int pool_paragraph(struct pool *p, const char *s, size_t n)
{
	int depth = 0, bad = 0;
	size_t start = 0, first = p->sent.n;
	uint32_t last = 0;
	for (size_t i = 0; i < n;) {
		uint32_t uc;
		i += dec(s + i, &uc);
		if (in_set(uc, OPENERS)) {
			depth++;
		} else if (in_set(uc, CLOSERS)) {
			if (depth > 0)
				depth--;
			else
				bad = 1;
		} else {
			last = uc;
		}
		if (!in_set(uc, STOPS))
			continue;
		/* the stop's company: more stops (……, ！？) and closers */
		while (i < n) {
			uint32_t c;
			size_t len = dec(s + i, &c);
			if (in_set(c, CLOSERS)) {
				if (depth > 0)
					depth--;
			} else if (!in_set(c, STOPS)) {
				break;
			}
			i += len;
		}
		if (depth)
			continue; /* a stop inside a quotation */
		if (!bad && count_chars(s + start, i - start) >= 6) {
			if (pool_add(p, &p->sent, s + start, i - start) < 0 ||
			    add_clauses(p, s + start, i - start) < 0)
				return -1;
		}
		start = i;
		bad = 0;
	}
	/* the whole paragraph, when it ends a sentence or leads on (：——) */
	static const uint32_t ENDS[] = { 0x3002, 0xFF01, 0xFF1F, 0x2026, 0xFF1B,
					 0xFF1A, 0x2014, 0 };
	if (!depth && !bad && in_set(last, ENDS) && count_chars(s, n) >= 6) {
		if (pool_add(p, &p->para, s, n) < 0)
			return -1;
		p->para.v[p->para.n - 1].first = (uint32_t)first;
		p->para.v[p->para.n - 1].count = (uint32_t)(p->sent.n - first);
	}
	return 0;
}

/* The latest year written with a month in s[0..n), or 0. */
static int latest_year(const char *s, size_t n)
{
	int best = 0;
	for (size_t i = 0; i < n; i++) {
		size_t after, end;
		int y = year_at(s, n, i, &after);
		if (y && number_unit(s, n, after, "月", &end) && y > best)
			best = y;
	}
	return best;
}

/* A section head's number ("（二）紧紧抓住…") off: the heads are
 * numbered again where they are used. */
static void skip_numbering(const char **s, size_t *n)
{
	static const char numerals[] = "一二三四五六七八九十";
	size_t i = 3; /* every character here is 3 bytes */
	uint32_t uc = 0;
	if (*n < 9 || dec(*s, &uc) != 3 || uc != 0xFF08 /* （ */)
		return;
	while (i + 3 <= *n && dec(*s + i, &uc) == 3 && in_chars(uc, numerals))
		i += 3;
	if (i == 3 || i + 3 > *n || uc != 0xFF09 /* ） */)
		return;
	*s += i + 3;
	*n -= i + 3;
}

static enum err_code pool_load(const char *path, struct pool *p,
			       struct err *e)
{
	struct corpus *c;
	enum err_code rc = corpus_open(path, &c, e);
	if (rc != ERR_OK)
		return rc;
	size_t count = corpus_article_count(c);
	if (!(p->src = calloc(count ? count : 1, sizeof *p->src))) {
		corpus_close(c);
		return err_set(e, ERR_NOMEM, "%s: out of memory", path);
	}
	for (size_t i = 0; i < count && rc == ERR_OK; i++) {
		struct corpus_article a;
		uint32_t first = (uint32_t)p->sent.n;
		if ((rc = corpus_article(c, i, &a, e)) != ERR_OK)
			break;
		for (uint32_t j = 0; j < a.nblocks; j++) {
			struct corpus_block b;
			rc = corpus_block(c, a.first_block + j, &b, e);
			if (rc != ERR_OK)
				break;
			const char *s = b.text.s;
			size_t n = b.text.len;
			int fail = 0;
			if (b.kind == BLOCK_HEAD)
				skip_numbering(&s, &n);
			if (!n)
				continue;
			if (b.kind == BLOCK_PARA) {
				fail = pool_paragraph(p, s, n) < 0;
				int y = latest_year(s, n);
				if (y > p->max_year)
					p->max_year = y;
			} else if (b.kind == BLOCK_HEAD &&
				   good_head(s, n, 2, 20, 1)) {
				fail = pool_add(p, &p->head, s, n) < 0;
			} else if (b.kind == BLOCK_TITLE &&
				   !(a.flags & ARTICLE_TITLE_DERIVED) &&
				   good_head(s, n, 6, 20, 1)) {
				fail = pool_add(p, &p->title, s, n) < 0;
			}
			if (fail) {
				rc = err_set(e, ERR_NOMEM, "%s: out of memory",
					     path);
				break;
			}
		}
		if (p->sent.n > first) {
			p->src[p->nsrc].first = first;
			p->src[p->nsrc++].end = (uint32_t)p->sent.n;
		}
	}
	if (rc == ERR_OK && (!p->sent.n || !p->title.n))
		rc = err_set(e, ERR_EMPTY, "%s: too little text to draw "
			     "from (%zu sentences, %zu headline clauses)",
			     path, p->sent.n, p->title.n);
	corpus_close(c);
	return rc;
}

static const char *span_text(const struct pool *p, const struct span *s)
{
	return p->text.p + s->off;
}

/* ---- dates --------------------------------------------------------------*/

/* Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's
 * days_from_civil), and back. */
static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* ---- names and places ---------------------------------------------------*/

static const char SURNAMES[] =
	"王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田"
	"董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白"
	"邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤樊齐";
static const char *const DOUBLE_SURNAMES[] = { "欧阳", "司马", "上官", "诸葛",
					       "令狐", "慕容" };
static const char GIVEN[] =
	"伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红玲芬燕彬鹏辉"
	"建国志海波宁晨雪梅琳丹蕾曦鲲坤靖宇亮斌浩凯博文思雨欣怡晓峰鑫婷颖佳慧"
	"嘉俊毅哲基钗竞男尚才健倩旭东利群淑亭凤兵林诚";

/* Where the news comes from.  `weight` out of 1000. */
static const struct {
	const char *name;
	unsigned weight;
} AGENCIES[] = {
	{ "新华社", 520 }, { "本报", 260 }, { "中新社", 90 },
	{ "人民日报", 40 }, { "中新网", 40 }, { "光明日报", 25 },
	{ "经济日报", 25 },
};

static const char *const CITIES[] = {
	"北京", "北京", "北京", "北京", "上海", "天津", "重庆", "广州", "深圳",
	"杭州", "南京", "武汉", "成都", "西安", "长沙", "郑州", "济南", "沈阳",
	"哈尔滨", "长春", "昆明", "南宁", "福州", "拉萨", "乌鲁木齐",
	"呼和浩特", "石家庄", "太原", "合肥", "南昌", "贵阳", "兰州", "西宁",
	"银川", "海口",
	"香港", "澳门", "雄安", "厦门", "青岛", "大连", "宁波", "苏州", "延安",
	"华盛顿", "日内瓦", "莫斯科", "东京", "巴黎", "伦敦", "柏林", "联合国",
};

/* Meetings that pass a document ("关于…的决定（…通过）", seed 000). */
static const char *const BODIES[] = {
	"国务院常务会议", "中共中央政治局会议",
	"全国人民代表大会常务委员会第二十次会议",
	"政协全国委员会常务委员会第十次会议", "中央全面深化改革委员会会议",
};
static const char *const DOCUMENTS[] = { "的决定", "的意见", "的通知",
					 "的决议", "的实施方案" };
static const char *const NUMERALS[] = { "一", "二", "三", "四", "五",
					"六", "七", "八", "九", "十" };

/* The k-th character of a string of 3-byte characters. */
static void put_nth(struct buf *b, const char *chars, size_t k)
{
	buf_put(b, chars + 3 * k, 3);
}

/* ---- one day ------------------------------------------------------------*/

enum layout {
	LAYOUT_LINES, /* seed 000 */
	LAYOUT_WRAPPED, /* seed 002 */
};

enum style {
	STYLE_OPENING, /* "新华社北京3月1日电 …" opens the body */
	STYLE_CLOSING, /* "(新华社北京3月1日电)" closes it */
	STYLE_DOCUMENT, /* the headline on the dateline's line (seed 000) */
};

struct gen {
	const struct pool *pool;
	struct rng r;
	int y, m, d; /* the day */
	int shift; /* years added to the years of the borrowed text */
	enum layout layout;
	size_t cols; /* wrapped: columns of a full line that goes on */
	unsigned spaced; /* wrapped: per mille, spaces around a digit run */
	unsigned colbreak; /* wrapped: per mille, a column break after a line */
	unsigned parabreak; /* wrapped: per mille, a blank line between
			       paragraphs */
	int features; /* features still to come on this page */
	size_t page; /* bytes still to fill on this page */
	uint64_t *used; /* used[i]: the draw that last wrote sentence i, or 0 */
	uint64_t draws; /* sentences written today */
	const struct source *home; /* the article's own corpus article */
	size_t cursor; /* the sentence that would go on the run */
	struct buf title, subtitle; /* the article's headline */
	struct buf names; /* its byline's names, one space between */
	struct buf body; /* its body: "P…\n" paragraphs, "H…\n" heads */
	struct buf tmp;
	struct buf *out; /* the day's raw text */
};

/* The article being written: what the layouts need besides the text. */
struct plan {
	enum style style;
	const char *agency; /* 新华社 */
	const char *place; /* 北京 */
	int reprint; /* "据新华社…电" */
	int byline; /* a byline: in parentheses after an opening dateline,
		       a line before a closing one (lines) or inside it
		       (wrapped) */
	int numbered; /* section heads "（一）…" */
};

static const struct span *pick(struct rng *r, const struct spans *v)
{
	return &v->v[rng_below(r, v->n)];
}

/* Years moved by g->shift; a date (a year with a month, perhaps a day)
 * then goes back a year at a time while it would come after the day: the
 * builder dates a file by the latest such year in it. */
static void put_years(struct gen *g, struct buf *b, const char *s, size_t n)
{
	size_t from = 0;
	for (size_t i = 0; i < n; i++) {
		size_t after, end, end2;
		int y = year_at(s, n, i, &after);
		if (!y)
			continue;
		int ny = y + g->shift;
		int m = number_unit(s, n, after, "月", &end);
		int d = m ? number_unit(s, n, end, "日", &end2) : 0;
		while (m && (ny > g->y ||
			     (ny == g->y && (m > g->m ||
					     (m == g->m && d > g->d)))))
			ny--;
		if (ny < 1000)
			ny = 1000;
		buf_put(b, s + from, i - from);
		buf_printf(b, "%04d", ny);
		from = i + 4;
		i += 3;
	}
	buf_put(b, s + from, n - from);
}

static void put_span(struct gen *g, struct buf *b, const struct span *sp)
{
	const char *s = span_text(g->pool, sp);
	if (sp->flags & SPAN_YEAR)
		put_years(g, b, s, sp->len);
	else
		buf_put(b, s, sp->len);
}

/* A person's name: a surname (now and then a double one) and one or two
 * given characters. */
static void put_name(struct gen *g, struct buf *b, int padded)
{
	struct rng *r = &g->r;
	size_t ns = (sizeof SURNAMES - 1) / 3, ng = (sizeof GIVEN - 1) / 3;
	size_t nd = sizeof DOUBLE_SURNAMES / sizeof *DOUBLE_SURNAMES;
	if (rng_chance(r, 15))
		buf_puts(b, DOUBLE_SURNAMES[rng_below(r, nd)]);
	else
		put_nth(b, SURNAMES, rng_below(r, ns));
	if (rng_chance(r, 350)) {
		/* print pads a two-character name to three: "邹 伟" */
		if (padded)
			buf_putc(b, ' ');
		put_nth(b, GIVEN, rng_below(r, ng));
	} else {
		put_nth(b, GIVEN, rng_below(r, ng));
		put_nth(b, GIVEN, rng_below(r, ng));
	}
}

static void make_names(struct gen *g, size_t most)
{
	g->names.len = 0;
	size_t k = rng_range(&g->r, 1, most);
	for (size_t i = 0; i < k; i++) {
		if (i)
			buf_putc(&g->names, ' ');
		put_name(g, &g->names, g->layout == LAYOUT_WRAPPED);
	}
}

/* A headline: a clause of the text (most often), two short ones joined by
 * "，", or one of the corpus's own headlines. */
static void make_title(struct gen *g, struct buf *b, size_t maxc)
{
	const struct pool *p = g->pool;
	struct rng *r = &g->r;
	for (int tries = 0; tries < 50; tries++) {
		b->len = 0;
		if (p->shortc.n > 1 && rng_chance(r, 150)) {
			const struct span *x = pick(r, &p->shortc);
			const struct span *y = pick(r, &p->shortc);
			if (count_chars(span_text(p, x), x->len) < 3 ||
			    count_chars(span_text(p, y), y->len) < 3)
				continue;
			put_span(g, b, x);
			buf_puts(b, "，");
			put_span(g, b, y);
		} else {
			put_span(g, b, pick(r, &p->title));
		}
		size_t n = count_chars(b->p, b->len);
		if (n >= 6 && n <= maxc)
			return;
	}
}

/* A section head: the corpus's own, "A，B" of two short clauses, or one
 * clause. */
static void put_head(struct gen *g, struct buf *b, const struct plan *pl,
		     int *number)
{
	const struct pool *p = g->pool;
	struct rng *r = &g->r;
	if (pl->numbered && *number < 10) {
		buf_puts(b, "（");
		buf_puts(b, NUMERALS[(*number)++]);
		buf_puts(b, "）");
	}
	unsigned roll = (unsigned)rng_below(r, 1000);
	if (p->head.n && roll < 250) {
		put_span(g, b, pick(r, &p->head));
	} else if (p->shortc.n && roll < 650) {
		put_span(g, b, pick(r, &p->shortc));
		buf_puts(b, "，");
		put_span(g, b, pick(r, &p->shortc));
	} else {
		size_t at = b->len;
		for (int tries = 0; tries < 20; tries++) {
			b->len = at;
			put_span(g, b, pick(r, &p->title));
			if (count_chars(b->p + at, b->len - at) <= 12)
				break;
		}
	}
}

/* The corpus has only a few hundred sentences: none comes again within
 * half that many (a real paper does not repeat itself a page later, and
 * the builder's repair of interleaved columns matches blocks by the text
 * they share). */
static int fresh(const struct gen *g, size_t i)
{
	return !g->used[i] || g->draws - g->used[i] >= g->pool->sent.n / 2;
}

/* The next sentence: most often the one that followed the last in the
 * corpus, so the text reads on as real text does, sentence to sentence
 * (the builder finds where a column cut a paragraph by what the two
 * pieces share); else a new run, most often in the article's own corpus
 * article.  Never one written lately.  With `han`, a new run whose first
 * sentence a date can lead ("2020年1月1日，习近平总书记…"). */
static const struct span *pick_sentence(struct gen *g, int han)
{
	const struct spans *v = &g->pool->sent;
	struct rng *r = &g->r;
	size_t i = g->cursor;
	if (han || i >= v->n || !fresh(g, i) || !rng_chance(r, 850)) {
		for (int tries = 0; tries < 200; tries++) {
			const struct source *h = g->home;
			if (rng_chance(r, 800))
				i = h->first + rng_below(r, h->end - h->first);
			else
				i = rng_below(r, v->n);
			if (fresh(g, i) && (!han || (v->v[i].flags & SPAN_HAN)))
				break;
		}
	}
	g->used[i] = ++g->draws;
	g->cursor = i + 1;
	return &v->v[i];
}

/* A whole paragraph of the corpus whose sentences were not written
 * lately, or NULL. */
static const struct span *pick_para(struct gen *g)
{
	const struct spans *v = &g->pool->para;
	for (int tries = 0; tries < 10 && v->n; tries++) {
		const struct span *p = pick(&g->r, v);
		uint32_t k = 0;
		while (k < p->count && fresh(g, p->first + k))
			k++;
		if (k < p->count)
			continue;
		for (k = 0; k < p->count; k++)
			g->used[p->first + k] = ++g->draws;
		return p;
	}
	return NULL;
}

enum lead {
	LEAD_NONE,
	LEAD_DAY, /* the day itself, in full */
	LEAD_RECENT, /* a day of the last two months */
};

/* One paragraph of about `chars` characters into the body. */
static void make_para(struct gen *g, size_t chars, enum lead lead)
{
	struct buf *b = &g->body;
	struct rng *r = &g->r;
	buf_putc(b, 'P');
	size_t start = b->len;
	const struct span *whole = NULL;
	if (lead == LEAD_NONE && rng_chance(r, 250))
		whole = pick_para(g);
	if (whole) {
		put_span(g, b, whole);
	} else {
		if (lead != LEAD_NONE) {
			int y = g->y, m = g->m, d = g->d;
			if (lead == LEAD_RECENT) {
				long back = (long)rng_range(r, 1, 60);
				civil_from_days(days_from_civil(y, m, d) - back,
						&y, &m, &d);
			}
			buf_printf(b, "%d年%d月%d日，", y, m, d);
			put_span(g, b, pick_sentence(g, 1));
		}
		size_t have = count_chars(b->p + start, b->len - start);
		while (have < chars) {
			size_t at = b->len;
			put_span(g, b, pick_sentence(g, 0));
			have += count_chars(b->p + at, b->len - at);
		}
	}
	buf_putc(b, '\n');
}

/* The body: paragraphs until about `bytes`, section heads between them
 * when `heads`, the date leading the second paragraph when `lead`. */
static void make_body(struct gen *g, size_t bytes, int heads, enum lead lead)
{
	struct rng *r = &g->r;
	g->body.len = 0;
	g->home = &g->pool->src[rng_below(r, g->pool->nsrc)];
	g->cursor = SIZE_MAX;
	size_t paras = 0, since_head = 0;
	while (g->body.len < bytes || paras < 1 + (lead != LEAD_NONE)) {
		if (heads && since_head >= 3 && g->body.len + 600 < bytes &&
		    rng_chance(r, 120)) {
			buf_puts(&g->body, "H\n");
			since_head = 0;
		}
		/* paragraphs of news text: 20 to 200 characters, most short */
		size_t chars = rng_range(r, 20, 90) + rng_below(r, 3) *
			       rng_range(r, 0, 60);
		make_para(g, chars, paras == 1 ? lead : LEAD_NONE);
		paras++;
		since_head++;
	}
}

static void put_date(struct gen *g, struct buf *b)
{
	buf_printf(b, "%d月%d日电", g->m, g->d);
}

/* "新华社北京3月1日电", with 据 before a reprint. */
static void put_dateline(struct gen *g, struct buf *b, const struct plan *pl)
{
	if (pl->reprint)
		buf_puts(b, "据");
	buf_puts(b, pl->agency);
	buf_puts(b, pl->place);
	put_date(g, b);
}

/* The names of a byline in parentheses: "（记者 高 蕾）" or, in the
 * papers' own style, "（记者张三、李四）". */
static void put_paren_byline(struct gen *g, struct buf *b)
{
	buf_puts(b, "（记者");
	if (rng_chance(&g->r, 500)) {
		buf_putc(b, ' ');
		buf_put(b, g->names.p, g->names.len);
	} else {
		/* one name after another, 、 between */
		struct rng *r = &g->r;
		size_t k = rng_range(r, 1, 2);
		for (size_t i = 0; i < k; i++) {
			if (i)
				buf_puts(b, "、");
			put_name(g, b, 0);
		}
	}
	buf_puts(b, "）");
}

/* ---- the lines layout (seed 000) ----------------------------------------*/

/* A paragraph on one line; now and then a column cuts it mid-sentence
 * between two Han characters, as the seed's three cuts are: at least 40
 * characters and a finished sentence in ("…哪里就能创造业绩。业" /
 * "绩好不好…").  A shorter piece without a full stop would read as a
 * heading, to the builder as to a person. */
static void lines_para(struct gen *g, const char *s, size_t n)
{
	struct buf *o = g->out;
	size_t chars = count_chars(s, n);
	if (chars >= 70 && rng_chance(&g->r, 15)) {
		size_t cut = rng_range(&g->r, 40, chars - 20), k = 0, i = 0;
		uint32_t a = 0, c = 0;
		int stop = 0;
		while (i < n && k < cut) {
			i += dec(s + i, &a);
			stop |= a == 0x3002 || a == 0xFF01 || a == 0xFF1F;
			k++;
		}
		if (i < n)
			dec(s + i, &c);
		if (stop && utf8_is_han(a) && utf8_is_han(c)) {
			buf_put(o, s, i);
			buf_puts(o, "\n\n");
			buf_put(o, s + i, n - i);
			buf_puts(o, "\n\n");
			return;
		}
	}
	buf_put(o, s, n);
	buf_puts(o, "\n\n");
}

static void render_lines(struct gen *g, const struct plan *pl)
{
	struct buf *o = g->out;
	int number = 0, first = 1;
	if (pl->style == STYLE_DOCUMENT) {
		put_dateline(g, o, pl);
		buf_putc(o, ' ');
		buf_put(o, g->title.p, g->title.len);
		buf_printf(o, "（%d年%d月%d日%s通过）\n\n", g->y, g->m, g->d,
			   BODIES[rng_below(&g->r,
					    sizeof BODIES / sizeof *BODIES)]);
		first = 0;
	} else {
		buf_put(o, g->title.p, g->title.len);
		buf_puts(o, "\n\n");
		if (g->subtitle.len) {
			buf_put(o, g->subtitle.p, g->subtitle.len);
			buf_puts(o, "\n\n");
		}
	}
	for (size_t i = 0; i < g->body.len;) {
		const char *s = g->body.p + i + 1;
		const char *nl = memchr(s, '\n', g->body.len - i - 1);
		size_t n = (size_t)(nl - s);
		if (g->body.p[i] == 'H') {
			put_head(g, o, pl, &number);
			buf_puts(o, "\n\n");
		} else if (first && pl->style == STYLE_OPENING) {
			g->tmp.len = 0;
			put_dateline(g, &g->tmp, pl);
			buf_putc(&g->tmp, ' ');
			if (pl->byline)
				put_paren_byline(g, &g->tmp);
			buf_put(&g->tmp, s, n);
			lines_para(g, g->tmp.p, g->tmp.len);
			first = 0;
		} else {
			lines_para(g, s, n);
			first = 0;
		}
		i += n + 2;
	}
	if (pl->style == STYLE_CLOSING) {
		/* seed 000: "新华社记者 朱基钗 高雷", then on the next line
		 * "(新华社北京3月1日电)" */
		if (pl->byline) {
			buf_puts(o, pl->agency);
			buf_puts(o, "记者 ");
			buf_put(o, g->names.p, g->names.len);
			buf_putc(o, '\n');
		}
		buf_putc(o, '(');
		put_dateline(g, o, pl);
		buf_puts(o, ")\n\n");
	}
}

/* ---- the wrapped layout (seed 002) --------------------------------------*/

static int ends_blank(const struct buf *o)
{
	return o->len >= 2 && o->p[o->len - 1] == '\n' &&
	       o->p[o->len - 2] == '\n';
}

static void blank_line(struct buf *o)
{
	if (o->len && !ends_blank(o))
		buf_putc(o, '\n');
}

/* One line being set: flushed to the output at each line end. */
struct line {
	char p[1024]; /* its bytes */
	size_t len; /* bytes used */
	size_t w; /* columns used */
	size_t units; /* characters and digit runs on it */
	size_t last_at; /* where its last unit starts */
	int last_opener; /* its last unit is “（《 and the like */
};

static void line_put(struct line *l, const char *s, size_t n, size_t w)
{
	l->last_at = l->len;
	memcpy(l->p + l->len, s, n);
	l->len += n;
	l->w += w;
	l->units++;
}

/* Typeset s[0..n) into lines of `first` columns, then `cont`, as print
 * does: Han and full-width punctuation 2 columns, ASCII 1; a digit or
 * Latin run is never split and, g->spaced times in a thousand, stands
 * apart from the Han around it by a space ("2015 年 4 月"); ，。”） and
 * the like hang at the end of a full line rather than open the next; “（
 * never end one; —— and …… stay whole.  With `breaks`, a column ends
 * after a line now and then: a blank line, wherever the sentence is. */
static void wrap(struct gen *g, const char *s, size_t n, size_t first,
		 size_t cont, int breaks)
{
	struct buf *o = g->out;
	struct line l = { .len = 0 };
	size_t limit = first;
	int space = 0, prev_han = 0;
	for (size_t i = 0; i < n;) {
		size_t len, uw;
		uint32_t uc = 0;
		int ascii = is_ascii_word((unsigned char)s[i]);
		if (ascii) {
			len = 1;
			while (i + len < n &&
			       is_ascii_word((unsigned char)s[i + len]))
				len++;
			uw = len;
		} else {
			len = dec(s + i, &uc);
			uw = uc < 0x80 ? 1 : 2;
			int pair = (uc == 0x2014 || uc == 0x2026) &&
				   i + 2 * len <= n &&
				   !memcmp(s + i, s + i + len, len);
			if (pair) {
				len *= 2;
				uw = 4;
			}
		}
		if (len + 2 > sizeof l.p) {
			/* a run too long for any line: a line of its own */
			buf_put(o, l.p, l.len);
			if (l.len)
				buf_putc(o, '\n');
			buf_put(o, s + i, len);
			buf_putc(o, '\n');
			l.len = l.w = l.units = 0;
			l.last_opener = prev_han = space = 0;
			limit = cont;
			i += len;
			continue;
		}
		if (uc == ' ') {
			/* the text's own spaces (after a dateline, between
			 * names) stay, but never open or end a line */
			if (l.units && l.w + 1 < limit &&
			    l.len + 1 < sizeof l.p) {
				l.p[l.len++] = ' ';
				l.w++;
			}
			prev_han = space = 0;
			i += len;
			continue;
		}
		/* a digit run stands apart from the Han before it, and from
		 * the Han after it (put when that comes on the same line) */
		int apart = ascii && rng_chance(&g->r, g->spaced);
		int lead_space = l.units && ((ascii && apart && prev_han) ||
					     (space && uc >= 0x3400 &&
					      utf8_is_han(uc)));
		size_t need = uw + (size_t)lead_space;
		int over = l.w + need > limit &&
			   !(in_set(uc, NO_START) && l.w + uw <= limit + 4);
		if (l.units && (over || l.len + len + 2 > sizeof l.p)) {
			/* the line is full: “ and （ go on to the next */
			size_t end = l.last_opener && l.units > 1 ? l.last_at
								  : l.len;
			size_t keep = l.len - end;
			while (end && l.p[end - 1] == ' ')
				end--;
			buf_put(o, l.p, end);
			buf_putc(o, '\n');
			if (breaks && rng_chance(&g->r, g->colbreak))
				buf_putc(o, '\n');
			memmove(l.p, l.p + l.len - keep, keep);
			l.len = l.last_at = 0;
			l.w = l.units = 0;
			if (keep) {
				l.len = keep;
				l.w = 2;
				l.units = 1;
			}
			limit = cont;
			lead_space = 0;
		}
		if (lead_space) {
			l.p[l.len++] = ' ';
			l.w++;
		}
		line_put(&l, s + i, len, uw);
		l.last_opener = !ascii && uc >= 0x2018 && in_set(uc, OPENERS);
		prev_han = !ascii && uc >= 0x3400 && utf8_is_han(uc);
		space = ascii && apart;
		i += len;
	}
	buf_put(o, l.p, l.len);
	buf_putc(o, '\n');
}

static void render_wrapped(struct gen *g, const struct plan *pl)
{
	struct buf *o = g->out;
	size_t cols = g->cols;
	int number = 0, first = 1;
	for (size_t i = 0; i < g->body.len;) {
		const char *s = g->body.p + i + 1;
		const char *nl = memchr(s, '\n', g->body.len - i - 1);
		size_t n = (size_t)(nl - s);
		if (g->body.p[i] == 'H') {
			blank_line(o);
			g->tmp.len = 0;
			put_head(g, &g->tmp, pl, &number);
			buf_put(o, g->tmp.p, g->tmp.len);
			buf_putc(o, '\n');
			if (rng_chance(&g->r, 500))
				buf_putc(o, '\n');
		} else {
			if (!first && rng_chance(&g->r, g->parabreak))
				blank_line(o);
			g->tmp.len = 0;
			if (first && pl->style == STYLE_OPENING) {
				put_dateline(g, &g->tmp, pl);
				buf_putc(&g->tmp, ' ');
				if (pl->byline)
					put_paren_byline(g, &g->tmp);
			}
			buf_put(&g->tmp, s, n);
			/* print indents a first line: 2 Han narrower */
			wrap(g, g->tmp.p, g->tmp.len, cols - 4, cols, 1);
			first = 0;
		}
		i += n + 2;
	}
	if (pl->style == STYLE_CLOSING) {
		/* seed 002: "（新华社北京 5月 14 日电 记者 邹 伟 樊 曦…）" */
		blank_line(o);
		g->tmp.len = 0;
		buf_puts(&g->tmp, "（");
		put_dateline(g, &g->tmp, pl);
		if (pl->byline) {
			buf_puts(&g->tmp, " 记者 ");
			buf_put(&g->tmp, g->names.p, g->names.len);
		}
		buf_puts(&g->tmp, "）");
		wrap(g, g->tmp.p, g->tmp.len, cols, cols, 0);
	}
	/* the headline box after the body, in PDF order; a long headline on
	 * two lines ("《求是》杂志发表…文章" / "《在二十届…讲话》") */
	blank_line(o);
	size_t chars = count_chars(g->title.p, g->title.len);
	size_t at = g->title.len;
	if (chars >= 12 && rng_chance(&g->r, 300)) {
		size_t want = rng_range(&g->r, chars * 2 / 5, chars * 3 / 5);
		size_t k = 0;
		for (at = 0; at < g->title.len && k < want; k++) {
			uint32_t uc;
			at += dec(g->title.p + at, &uc);
		}
		/* never between two Latin letters or digits: a join there
		 * would get a space */
		if (at < g->title.len && at > 0 &&
		    is_ascii_word((unsigned char)g->title.p[at]) &&
		    is_ascii_word((unsigned char)g->title.p[at - 1]))
			at = g->title.len;
	}
	buf_put(o, g->title.p, at);
	buf_putc(o, '\n');
	if (at < g->title.len) {
		buf_put(o, g->title.p + at, g->title.len - at);
		buf_putc(o, '\n');
	}
	if (g->subtitle.len) {
		buf_put(o, g->subtitle.p, g->subtitle.len);
		buf_putc(o, '\n');
	}
	buf_putc(o, '\n');
}

/* ---- articles and days --------------------------------------------------*/

static const char *pick_agency(struct rng *r)
{
	unsigned roll = (unsigned)rng_below(r, 1000), sum = 0;
	size_t k = sizeof AGENCIES / sizeof *AGENCIES;
	for (size_t i = 0; i < k; i++) {
		sum += AGENCIES[i].weight;
		if (roll < sum)
			return AGENCIES[i].name;
	}
	return AGENCIES[0].name;
}

/* Write one article of about `bytes` into the day and its manifest line:
 * a `feature` (closing dateline) or news (opening dateline); `first`: the
 * day's first article, which names the day in full. */
static void make_article(struct gen *g, size_t bytes, int feature, int first,
			 struct buf *manifest)
{
	struct rng *r = &g->r;
	struct plan pl = { 0 };
	pl.agency = pick_agency(r);
	pl.place = CITIES[rng_below(r, sizeof CITIES / sizeof *CITIES)];
	if (feature) {
		pl.style = STYLE_CLOSING;
		pl.byline = rng_chance(r, 750);
		pl.numbered = g->layout == LAYOUT_WRAPPED && rng_chance(r, 500);
	} else {
		pl.style = g->layout == LAYOUT_LINES && rng_chance(r, 40)
				   ? STYLE_DOCUMENT
				   : STYLE_OPENING;
		pl.reprint = strcmp(pl.agency, "本报") && rng_chance(r, 200);
		pl.byline = pl.style == STYLE_OPENING && !pl.reprint &&
			    rng_chance(r, 500);
	}
	make_names(g, feature ? 4 : 2);
	if (pl.style == STYLE_DOCUMENT) {
		/* "关于…的决定": at most 20 characters in all */
		g->tmp.len = 0;
		const char *doc = DOCUMENTS[rng_below(r, sizeof DOCUMENTS /
							 sizeof *DOCUMENTS)];
		size_t room = 20 - 2 - count_chars(doc, strlen(doc));
		make_title(g, &g->tmp, room > 6 ? room : 6);
		g->title.len = 0;
		buf_puts(&g->title, "关于");
		buf_put(&g->title, g->tmp.p, g->tmp.len);
		buf_puts(&g->title, doc);
	} else {
		make_title(g, &g->title, 20);
	}
	g->subtitle.len = 0;
	if (pl.style != STYLE_DOCUMENT && rng_chance(r, feature ? 350 : 50)) {
		buf_puts(&g->subtitle, "——");
		make_title(g, &g->tmp, 20);
		buf_put(&g->subtitle, g->tmp.p, g->tmp.len);
	}
	make_body(g, bytes, feature && rng_chance(r, 500),
		  first ? LEAD_DAY : rng_chance(r, 100) ? LEAD_RECENT
							: LEAD_NONE);
	if (g->layout == LAYOUT_LINES)
		render_lines(g, &pl);
	else
		render_wrapped(g, &pl);
	buf_printf(manifest, "%04d-%02d-%02d\t", g->y, g->m, g->d);
	buf_put(manifest, g->title.p, g->title.len);
	buf_putc(manifest, '\n');
}

/* One day's raw text of about `target` bytes into `out`, its articles'
 * lines into `manifest`.  Returns the number of articles. */
static size_t make_day(const struct pool *pool, uint64_t seed, long day,
		       size_t target, struct gen *g, struct buf *out,
		       struct buf *manifest)
{
	g->pool = pool;
	g->r.s = seed * 0xD1B54A32D192ED03ull ^ (uint64_t)day;
	rng_next(&g->r);
	civil_from_days(day, &g->y, &g->m, &g->d);
	g->shift = pool->max_year ? g->y - pool->max_year : 0;
	g->out = out;
	g->features = 0;
	g->page = 0;
	memset(g->used, 0, pool->sent.n * sizeof *g->used);
	g->draws = 0;
	g->layout = rng_chance(&g->r, 500) ? LAYOUT_WRAPPED : LAYOUT_LINES;
	g->cols = 2 * rng_range(&g->r, 25, 27);
	g->spaced = (unsigned)rng_range(&g->r, 500, 900);
	g->colbreak = (unsigned)rng_range(&g->r, 50, 120);
	g->parabreak = (unsigned)rng_range(&g->r, 750, 950);
	out->len = 0;
	if (g->layout == LAYOUT_LINES)
		buf_puts(out, "\n\n");
	size_t articles = 0;
	/* wrapped text is a few percent longer than its paragraphs */
	size_t slack = g->layout == LAYOUT_WRAPPED ? 104 : 100;
	struct rng *r = &g->r;
	while (!articles || out->len + 400 < target) {
		if (!g->features && g->page < 600) {
			/* a page as long as a seed's (about 28 KB): features
			 * first, then news, the order both seeds show */
			unsigned roll = (unsigned)rng_below(r, 1000);
			g->features = roll < 300 ? 0 : roll < 800 ? 1 : 2;
			g->page = rng_range(r, 24000, 32000);
		}
		int feature = g->features > 0;
		size_t want = feature ? rng_range(r, 3000, 9000) +
						rng_below(r, 2) *
							rng_range(r, 0, 6000)
				      : rng_range(r, 600, 3000);
		if (feature)
			g->features--;
		if (want > g->page)
			want = g->page > 300 ? g->page : 300;
		g->page -= want < g->page ? want : g->page;
		/* the last article of the day takes what is left */
		size_t left = target > out->len
				      ? (target - out->len) * 100 / slack
				      : 0;
		if (want + 1200 > left)
			want = left > 300 ? left - 200 : 100;
		make_article(g, want, feature, !articles, manifest);
		articles++;
		if (out->failed || manifest->failed)
			break;
	}
	return articles;
}

/* ---- files --------------------------------------------------------------*/

static enum err_code write_file(const char *path, const char *p, size_t n,
				struct err *e)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0)
		return err_errno(e, errno, "%s", path);
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			int saved = w < 0 ? errno : EIO;
			close(fd);
			return err_errno(e, saved, "%s: write", path);
		}
		p += w;
		n -= (size_t)w;
	}
	if (close(fd) < 0)
		return err_errno(e, errno, "%s: close", path);
	return ERR_OK;
}

/* "YYYY-MM-DD" (exactly) as days since 1970-01-01; -1 when it is not a
 * date. */
static int parse_date(const char *s, long *day, int *year)
{
	int y, m, d, used = 0;
	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &used) !=
				       3 || used != 10 || s[4] != '-' ||
	    s[7] != '-')
		return -1;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	long z = days_from_civil(y, m, d);
	int y2, m2, d2;
	civil_from_days(z, &y2, &m2, &d2);
	if (y2 != y || m2 != m || d2 != d)
		return -1;
	*day = z;
	*year = y;
	return 0;
}

/* Make `dir` (one level) and refuse a day's file in it that this run
 * will not write: a build of all the days' files in it would read it too. */
static enum err_code prepare_dir(const char *dir, long from, long days,
				 struct err *e)
{
	struct stat st;
	if (mkdir(dir, 0777) < 0 && errno != EEXIST)
		return err_errno(e, errno, "%s", dir);
	if (stat(dir, &st) < 0)
		return err_errno(e, errno, "%s", dir);
	if (!S_ISDIR(st.st_mode))
		return err_set(e, ERR_USAGE, "%s: not a folder", dir);
	DIR *d = opendir(dir);
	if (!d)
		return err_errno(e, errno, "%s", dir);
	enum err_code rc = ERR_OK;
	struct dirent *de;
	while ((de = readdir(d))) {
		char date[11];
		size_t n = strlen(de->d_name);
		long day;
		int year;
		if (n != 14 || strcmp(de->d_name + 10, ".txt"))
			continue;
		memcpy(date, de->d_name, 10);
		date[10] = '\0';
		if (!parse_date(date, &day, &year) &&
		    (day < from || day >= from + days)) {
			rc = err_set(e, ERR_USAGE, "%s: holds %s, a day this "
				     "run does not write (use an empty folder)",
				     dir, de->d_name);
			break;
		}
	}
	closedir(d);
	return rc;
}

/* "1M" -> 1048576.  -1 when it is not a size. */
static int parse_size(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	if (*s < '0' || *s > '9')
		return -1;
	unsigned long long v = strtoull(s, &end, 10);
	int shift = 0;
	switch (*end) {
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	}
	if (errno || *end || v == 0 || v > (1ull << 42) >> shift)
		return -1;
	*out = (uint64_t)v << shift;
	return 0;
}

static int usage_error(const char *fmt, const char *arg)
{
	fputs("kanbao-gen: ", stderr);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	return 2;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "seed", required_argument, NULL, 's' },
		{ "size", required_argument, NULL, 'n' },
		{ "from", required_argument, NULL, 'f' },
		{ "corpus", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ 0 },
	};
	const char *dir = NULL, *corpus = KANBAO_GEN_CORPUS;
	uint64_t seed = 1, size = 1 << 20;
	long from = days_from_civil(2020, 1, 1);
	int c;
	struct err e = { 0 };
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:s:n:f:c:hV", longopts, NULL)) !=
	       -1) {
		switch (c) {
		case 'o':
			dir = optarg;
			break;
		case 's': {
			char *end;
			errno = 0;
			if (*optarg < '0' || *optarg > '9')
				return usage_error("--seed: '%s' is not a "
						   "number", optarg);
			seed = strtoull(optarg, &end, 10);
			if (errno || *end)
				return usage_error("--seed: '%s' is not a "
						   "number", optarg);
			break;
		}
		case 'n':
			if (parse_size(optarg, &size) < 0)
				return usage_error("--size: '%s' is not a size "
						   "(bytes, or a number with "
						   "K, M or G)", optarg);
			break;
		case 'f': {
			int year;
			if (parse_date(optarg, &from, &year) < 0)
				return usage_error("--from: '%s' is not a date "
						   "(YYYY-MM-DD)", optarg);
			if (year < 1900 || year > 2099)
				return usage_error("--from: '%s' is not "
						   "between 1900 and 2099",
						   optarg);
			break;
		}
		case 'c':
			corpus = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		case 'V':
			puts("kanbao-gen " KANBAO_VERSION);
			return 0;
		default:
			if (optopt && strchr("osnfc", optopt))
				return usage_error("%s needs a value (see "
						   "--help)", argv[optind - 1]);
			err_bad_option(&e, optopt, argv[optind - 1], "osnfc");
			fprintf(stderr, "kanbao-gen: %s\n", e.msg);
			return 2;
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s' (see --help)",
				   argv[optind]);
	if (!dir)
		return usage_error("%s", "no output folder: give -o DIR (see "
				   "--help)");

	long days = (long)((size + DAY_BYTES / 2) / DAY_BYTES);
	if (days < 1)
		days = 1;
	int last_y, last_m, last_d;
	civil_from_days(from + days - 1, &last_y, &last_m, &last_d);
	if (last_y > 2100) {
		fprintf(stderr, "kanbao-gen: --size: %ld days of about %d KB "
			"would run past 2100\n", days, DAY_BYTES / 1000);
		return 2;
	}

	struct pool pool = { 0 };
	enum err_code rc = pool_load(corpus, &pool, &e);
	if (rc == ERR_OK)
		rc = prepare_dir(dir, from, days, &e);
	struct gen g = { 0 };
	if (rc == ERR_OK && !(g.used = calloc(pool.sent.n, sizeof *g.used)))
		rc = err_set(&e, ERR_NOMEM, "out of memory");
	struct buf out = { 0 }, manifest = { 0 }, path = { 0 };
	uint64_t written = 0, articles = 0;
	for (long i = 0; i < days && rc == ERR_OK; i++) {
		/* the days share the size evenly, to the byte */
		uint64_t n = (uint64_t)days;
		size_t target = (size_t)(size * (uint64_t)(i + 1) / n -
					 size * (uint64_t)i / n);
		articles += make_day(&pool, seed, from + i, target, &g, &out,
				     &manifest);
		path.len = 0;
		buf_printf(&path, "%s/%04d-%02d-%02d.txt", dir, g.y, g.m, g.d);
		if (out.failed || manifest.failed || path.failed)
			rc = err_set(&e, ERR_NOMEM, "%s: out of memory", dir);
		else
			rc = write_file(path.p, out.p, out.len, &e);
		written += out.len;
	}
	if (rc == ERR_OK) {
		path.len = 0;
		buf_printf(&path, "%s/manifest.tsv", dir);
		rc = path.failed ? err_set(&e, ERR_NOMEM, "out of memory")
				 : write_file(path.p, manifest.p, manifest.len,
					      &e);
	}
	if (rc == ERR_OK)
		fprintf(stderr, "kanbao-gen: wrote %ld day%s, %llu bytes, "
			"%llu article%s to %s\n", days, days == 1 ? "" : "s",
			(unsigned long long)written,
			(unsigned long long)articles, articles == 1 ? "" : "s",
			dir);
	else
		fprintf(stderr, "kanbao-gen: %s\n", e.msg);
	buf_free(&g.title);
	buf_free(&g.subtitle);
	buf_free(&g.names);
	buf_free(&g.body);
	buf_free(&g.tmp);
	free(g.used);
	buf_free(&out);
	buf_free(&manifest);
	buf_free(&path);
	pool_free(&pool);
	return err_exit_status(rc);
}
