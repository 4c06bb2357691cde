/* kanbao-gen: large, realistic raw newspaper text, for benchmarks.
 *
 * It reads a kanbao corpus (by default the bundled one), cuts its paragraphs
 * into sentences, clauses and headings, and deals them out again as the
 * items of a daily paper: one raw file per day, DIR/YYYY-MM-DD.txt (the
 * name states the issue's date), about 128 KB each, and DIR/manifest.tsv,
 * DATE<TAB>TITLE per article in the order kanbao-build lists them (files in
 * date order, articles in file order).
 *
 * A day is a run of pages (版), each laid out by tests/pages/render.h, the
 * renderer the segmentation test composes its pages with, in the day's
 * layout: lines, lines-gbk (written in GBK), wrapped, pdf or pdf-layout
 * (render.h describes each).  The two traditional-character layouts are
 * left out: they want traditional text, which only OpenCC could make at
 * run time.  The seed deals the five out so that any five days in a row
 * have each.  A page is a news page (a lead, news, a photo, a comment, a
 * column of briefs, a document, the weather), a page of features, or the
 * supplement (comment, a feature, a poem); a PDF opens with its contents.
 *
 * The items: news with a dateline in one of the forms papers use
 * (新华社北京3月1日电, 据…, 专电, 零时电, （记者　…）, 本报…电　记者某某报道：,
 * the date in numerals or with its year, 本报讯, 本报记者某某报道：, or a
 * closing one), features (kickers, subtitles, bylines, section heads, a
 * closing dateline or none), commentaries, photos, poems, weather boxes,
 * briefs under a column head, documents: every one with its headline.
 * The manifest dates an article as tests/pages/README.md says a correct
 * builder does: its dateline's date, the year from the issue; the issue's
 * date when no dateline names a day.  Its TITLE is the headline as one
 * string (never a derived one: `kanbao --list` marks those with a final
 * "…", and every item here has its headline).
 *
 * Output depends only on the arguments and the corpus: each day draws from
 * its own splitmix64 stream, seeded by --seed and the date. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kanbao/base/buf.h"
#include "kanbao/format/corpus.h"
#include "kanbao/base/err.h"
#include "kanbao/base/opt.h"
#include "kanbao/base/utf8.h"
#include "common.h"
#include "render.h"

#ifndef KANBAO_GEN_CORPUS
#define KANBAO_GEN_CORPUS "kanbao.kb"
#endif

/* A day's file: about this many bytes (a year of days is about 47 MB;
 * 1 MB is 8 days, so every layout). */
enum { DAY_BYTES = 131072 };

static const char usage[] =
	"usage: kanbao-gen [--seed N] [--size SIZE] [--from YYYY-MM-DD] "
	"[--corpus FILE] -o DIR\n"
	"Write raw newspaper text for benchmarks: new articles made of the\n"
	"sentences of a kanbao corpus, one file per day of a daily paper\n"
	"(DIR/YYYY-MM-DD.txt, about 128 KB each) in the layouts of\n"
	"tests/pages/render.h (lines, lines-gbk, wrapped, pdf, pdf-layout),\n"
	"and DIR/manifest.tsv: DATE<TAB>TITLE for every article, in the\n"
	"order `kanbao-build DIR/*.txt` lists them.\n"
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

/* ---- characters ---------------------------------------------------------*/

/* Decode one character of valid, NUL-ended UTF-8 (the corpus checks its
 * text): a character never runs past the NUL. */
static size_t dec(const char *s, uint32_t *uc)
{
	return utf8_next(s, 4, uc);
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
	iconv_t gbk; /* while loading: UTF-8 to GBK, to leave out what GBK
			cannot hold (lines-gbk days are written in GBK) */
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
 * sentence or clause ends, quotes balanced, no Latin or spaces (U+3000
 * neither: a builder may read a title's spaces as a gap), and, for a
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
		else if ((uc < 0x80 && !(uc >= '0' && uc <= '9')) ||
			 uc == 0x3000)
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

/* Can GBK hold s[0..n)? */
static int gbk_holds(iconv_t cd, const char *s, size_t n)
{
	char out[256], *in = (char *)s;
	size_t left = n;
	iconv(cd, NULL, NULL, NULL, NULL);
	while (left) {
		char *o = out;
		size_t room = sizeof out;
		if (iconv(cd, &in, &left, &o, &room) == (size_t)-1 &&
		    errno != E2BIG)
			return 0;
	}
	return 1;
}

/* Copy s[0..n) into the pool and list it in `v`: 1; 0 when GBK cannot
 * hold it (left out); -1 when memory runs out. */
static int pool_add(struct pool *p, struct spans *v, const char *s, size_t n)
{
	uint32_t off = (uint32_t)p->text.len;
	if (!gbk_holds(p->gbk, s, n))
		return 0;
	if (p->text.len + n > UINT32_MAX)
		return -1;
	buf_put(&p->text, s, n);
	if (p->text.failed)
		return -1;
	return spans_push(v, off, (uint32_t)n, span_flags(s, n)) < 0 ? -1 : 1;
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
		int added = pool_add(p, &p->para, s, n);
		if (added < 0)
			return -1;
		if (!added)
			return 0;
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

static int starts(const char *s, size_t n, size_t i, const char *w)
{
	size_t wl = strlen(w);
	return i + wl <= n && !memcmp(s + i, w, wl);
}

static size_t skip_blanks(const char *s, size_t n, size_t i)
{
	for (;;) {
		if (i < n && s[i] == ' ')
			i++;
		else if (starts(s, n, i, "　"))
			i += 3;
		else
			return i;
	}
}

/* The dateline the corpus keeps at the start of an article's first
 * paragraph ("据新华社北京3月1日电　", "新华社北京5月15日电（记者 高蕾）　")
 * off: the items get datelines of their own, and one inside a body would
 * open another article. */
static void skip_dateline(const char **s, size_t *n)
{
	static const char *const agencies[] = { "新华社", "本报", "中新社" };
	const char *p = *s;
	size_t len = *n, i = starts(p, len, 0, "据") ? 3 : 0, a = 0;
	while (a < 3 && !starts(p, len, i, agencies[a]))
		a++;
	if (a == 3)
		return;
	i += strlen(agencies[a]);
	/* the place, then M月D日[零时][专]电 */
	for (size_t chars = 0; i < len && chars < 12; chars++) {
		size_t end, end2;
		int m = number_unit(p, len, i, "月", &end);
		if (m && number_unit(p, len, end, "日", &end2)) {
			i = end2;
			if (starts(p, len, i, "零时"))
				i += 6;
			if (starts(p, len, i, "专"))
				i += 3;
			if (!starts(p, len, i, "电"))
				return;
			i = skip_blanks(p, len, i + 3);
			if (starts(p, len, i, "（")) {
				const char *close = memmem(p + i, len - i,
							   "）", 3);
				if (!close || close - (p + i) > 80)
					return;
				i = skip_blanks(p, len,
						(size_t)(close - p) + 3);
			}
			*s += i;
			*n -= i;
			return;
		}
		uint32_t uc;
		i += dec(p + i, &uc);
	}
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
	p->gbk = iconv_open("GBK", "UTF-8");
	if (p->gbk == (iconv_t)-1) {
		corpus_close(c);
		return err_errno(e, errno, "iconv UTF-8 to GBK");
	}
	if (!(p->src = calloc(count ? count : 1, sizeof *p->src))) {
		corpus_close(c);
		iconv_close(p->gbk);
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
			else if (b.kind == BLOCK_PARA)
				skip_dateline(&s, &n);
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
	iconv_close(p->gbk);
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

/* Papers' columns of briefs, and who signs a commentary. */
static const char *const COLUMNS[] = { "国内简讯", "经济快讯", "综合简报",
				       "便民服务", "社会简讯", "科技快讯" };
static const char *const AUTHORS[] = {
	"中国农业大学教授", "中共中央党校教授", "中国社会科学院研究员",
	"北京大学经济学院教授", "清华大学公共管理学院教授",
	"国务院发展研究中心研究员",
};
/* Who issues a notice, and the sections a table of contents lists. */
static const char *const ISSUERS[] = { "国务院办公厅", "中国人民银行",
				       "国家发展改革委", "财政部", "教育部" };
static const char *const SECTIONS[] = { "要闻", "国内新闻", "理论", "国际",
					"经济", "文化", "社会", "副刊" };
/* The weather box: its cities, north to south (a colder base), and the
 * sky. */
static const char *const WEATHER_CITIES[] = {
	"哈尔滨", "长春", "沈阳", "北京", "天津", "石家庄", "太原",
	"济南", "郑州", "西安", "兰州", "乌鲁木齐", "拉萨", "南京",
	"上海", "武汉", "成都", "重庆", "长沙", "昆明", "福州", "广州",
	"南宁", "海口",
};
static const char *const SKIES[] = { "晴", "多云", "阴", "小雨", "中雨",
				     "雷阵雨", "晴转多云", "多云转阴",
				     "阴转小雨", "小雪" };

/* The k-th character of a string of 3-byte characters. */
static void put_nth(struct buf *b, const char *chars, size_t k)
{
	buf_put(b, chars + 3 * k, 3);
}

/* 1..99 in Chinese numerals: 三, 十二, 三十一. */
static void put_numeral(struct buf *b, int v)
{
	if (v >= 20)
		buf_puts(b, NUMERALS[v / 10 - 1]);
	if (v >= 10)
		buf_puts(b, "十");
	if (v % 10)
		buf_puts(b, NUMERALS[v % 10 - 1]);
}

/* ---- the page being made ------------------------------------------------*/

/* The layouts a day comes in: render.h's, but for the two that want
 * traditional text (sentences, clauses).  The bundled corpus is
 * simplified; only OpenCC at run time could convert it (the builder asks
 * it only for the variants of single characters: build/hanzi.h), and then
 * the bytes written would depend on whether it is installed and on its
 * version's dictionaries.  The traditional items
 * of tests/pages (converted once, at development time) are a few dozen:
 * too few to draw megabytes from. */
static const enum render_layout LAYOUTS[] = {
	RENDER_LINES, RENDER_LINES_GBK, RENDER_WRAPPED, RENDER_PDF,
	RENDER_PDF_LAYOUT,
};
enum { NLAYOUTS = sizeof LAYOUTS / sizeof *LAYOUTS };

/* Raw bytes per thousand bytes of item text, a first guess per layout
 * (GBK takes 2 bytes a Han, -layout pads columns with spaces): a day
 * learns its own as it goes. */
static const unsigned RATIO[NLAYOUTS] = { 1030, 700, 1070, 1150, 1500 };

/* A block of the item being made: its role, and where its text (ended by
 * a NUL) starts in sheet.text. */
struct gblock {
	enum render_role role;
	size_t off;
};

/* An item of the page. */
struct gitem {
	size_t first, n; /* its blocks: [first, first + n) of sheet.b */
	long date; /* days since 1970-01-01: the date a builder should give */
	int article; /* 1: an article; 0: a column head, a contents box */
};

/* The page (版) being made, then the same as render.h takes it. */
struct sheet {
	struct buf text; /* every block's text, each ended by a NUL */
	struct gblock *b; /* `nb` blocks, room for `capb` */
	size_t nb, capb;
	struct gitem *it; /* `ni` items, room for `capi` */
	size_t ni, capi;
	struct render_block *rb; /* the blocks for render.h, room `caprb` */
	size_t caprb;
	struct render_item *ri; /* the items for render.h, room `capri` */
	size_t capri;
	int failed; /* an allocation failed */
};

static void sheet_free(struct sheet *sh)
{
	buf_free(&sh->text);
	free(sh->b);
	free(sh->it);
	free(sh->rb);
	free(sh->ri);
}

/* `v`, an array of `*cap` elements of `size`, grown: the new array with
 * `*cap` updated, or NULL (`v` untouched) when memory runs out. */
static void *grown(void *v, size_t *cap, size_t size)
{
	size_t n = *cap ? *cap * 2 : 64;
	void *p = realloc(v, n * size);
	if (p)
		*cap = n;
	return p;
}

/* The day being written. */
struct gen {
	const struct pool *pool; /* the text drawn from */
	struct rng r; /* the day's stream */
	long day; /* the issue: days since 1970-01-01 */
	int y, m, d; /* the issue's date */
	int shift; /* years added to the years of the borrowed text */
	size_t layout; /* the day's layout: an index into LAYOUTS */
	int stated; /* the pages state the issue's date (mastheads, running
		       heads, source lines) */
	unsigned flags; /* the day's enum render_flag bits */
	int page; /* the next page's 版 number */
	uint64_t style; /* render.h's seed for every page of the day: one
			   paper, one style (widths, furniture, spacing) */
	uint64_t *used; /* used[i]: the draw that last wrote sentence i, or 0 */
	uint64_t draws; /* sentences written today */
	const struct source *home; /* the article's own corpus article */
	size_t cursor; /* the sentence that would go on the run */
	size_t item_at; /* the item being made: its first block */
	struct buf tmp; /* a headline being made */
	struct sheet sh; /* the page being made */
};

/* Where the block being made goes. */
static struct buf *text_of(struct gen *g)
{
	return &g->sh.text;
}

/* A block of `role` starts: its text is what is appended to text_of(g)
 * until block_end. */
static void block_begin(struct gen *g, enum render_role role)
{
	struct sheet *sh = &g->sh;
	if (sh->nb == sh->capb) {
		struct gblock *v = grown(sh->b, &sh->capb, sizeof *v);
		if (!v) {
			sh->failed = 1;
			return;
		}
		sh->b = v;
	}
	sh->b[sh->nb++] = (struct gblock){ role, sh->text.len };
}

static void block_end(struct gen *g)
{
	buf_putc(&g->sh.text, '\0');
}

static void add_block(struct gen *g, enum render_role role, const char *s,
		      size_t n)
{
	block_begin(g, role);
	buf_put(&g->sh.text, s, n);
	block_end(g);
}

static void item_begin(struct gen *g)
{
	g->item_at = g->sh.nb;
}

/* The item made since item_begin ends: dated `date` (days), an article
 * or not. */
static void item_end(struct gen *g, long date, int article)
{
	struct sheet *sh = &g->sh;
	if (sh->ni == sh->capi) {
		struct gitem *v = grown(sh->it, &sh->capi, sizeof *v);
		if (!v) {
			sh->failed = 1;
			return;
		}
		sh->it = v;
	}
	sh->it[sh->ni++] = (struct gitem){ g->item_at, sh->nb - g->item_at,
					   date, article };
}

/* ---- text ---------------------------------------------------------------*/

static const struct span *pick(struct rng *r, const struct spans *v)
{
	return &v->v[rng_below(r, v->n)];
}

/* Years moved by g->shift; a date (a year with a month, perhaps a day)
 * then goes back a year at a time while it would come after the issue: a
 * paper does not report the future. */
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
 * given characters; `padded`, a two-character name set as wide as three
 * with a U+3000 ("冯　雪"), as bylines set them. */
static void put_name(struct gen *g, struct buf *b, int padded)
{
	struct rng *r = &g->r;
	size_t ns = (sizeof SURNAMES - 1) / 3, ng = (sizeof GIVEN - 1) / 3;
	size_t nd = sizeof DOUBLE_SURNAMES / sizeof *DOUBLE_SURNAMES;
	int single = !rng_chance(r, 15);
	if (single)
		put_nth(b, SURNAMES, rng_below(r, ns));
	else
		buf_puts(b, DOUBLE_SURNAMES[rng_below(r, nd)]);
	if (rng_chance(r, 350)) {
		if (padded && single)
			buf_puts(b, "　");
		put_nth(b, GIVEN, rng_below(r, ng));
	} else {
		put_nth(b, GIVEN, rng_below(r, ng));
		put_nth(b, GIVEN, rng_below(r, ng));
	}
}

/* 1 to `most` names, U+3000 between, padded. */
static void put_names(struct gen *g, struct buf *b, size_t most)
{
	size_t k = rng_range(&g->r, 1, most);
	for (size_t i = 0; i < k; i++) {
		if (i)
			buf_puts(b, "　");
		put_name(g, b, 1);
	}
}

/* A headline into `b` (emptied first): a clause of the text (most often),
 * two short ones joined by "，", or one of the corpus's own headlines. */
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

/* A headline block of `role`, at most `maxc` characters, `suffix` after
 * it ("（图片）") or NULL. */
static void title_block(struct gen *g, enum render_role role, size_t maxc,
			const char *prefix, const char *suffix)
{
	make_title(g, &g->tmp, maxc);
	block_begin(g, role);
	if (prefix)
		buf_puts(text_of(g), prefix);
	buf_put(text_of(g), g->tmp.p, g->tmp.len);
	if (suffix)
		buf_puts(text_of(g), suffix);
	block_end(g);
}

/* 引题: a clause, or two short ones a U+3000 apart ("欢声笑语辞旧岁　万众
 * 一心迎新年"). */
static void kicker_block(struct gen *g)
{
	const struct pool *p = g->pool;
	if (p->shortc.n > 1 && rng_chance(&g->r, 400)) {
		block_begin(g, RENDER_KICKER);
		put_span(g, text_of(g), pick(&g->r, &p->shortc));
		buf_puts(text_of(g), "　");
		put_span(g, text_of(g), pick(&g->r, &p->shortc));
		block_end(g);
	} else {
		title_block(g, RENDER_KICKER, 14, NULL, NULL);
	}
}

/* 副题: "——写在…", "（…）", or now and then (news) a clause alone, which
 * only its place tells from a headline under a kicker, as in print. */
static void subtitle_block(struct gen *g, int plain)
{
	unsigned roll = (unsigned)rng_below(&g->r, 1000);
	if (plain && roll < 250)
		title_block(g, RENDER_SUBTITLE, 20, NULL, NULL);
	else if (roll < 800)
		title_block(g, RENDER_SUBTITLE, 20, "——", NULL);
	else
		title_block(g, RENDER_SUBTITLE, 20, "（", "）");
}

enum heads {
	HEADS_NONE,
	HEADS_PAREN, /* （一）… */
	HEADS_COMMA, /* 一、… */
	HEADS_PLAIN, /* 治水，久久为功 */
};

/* A section head: the corpus's own, "A，B" of two short clauses, or one
 * clause; numbered the `heads` way. */
static void put_head(struct gen *g, struct buf *b, enum heads heads,
		     int number)
{
	const struct pool *p = g->pool;
	struct rng *r = &g->r;
	if (heads == HEADS_PAREN) {
		buf_puts(b, "（");
		put_numeral(b, number);
		buf_puts(b, "）");
	} else if (heads == HEADS_COMMA) {
		put_numeral(b, number);
		buf_puts(b, "、");
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

/* A new run of text in one of the corpus's articles. */
static void new_home(struct gen *g)
{
	g->home = &g->pool->src[rng_below(&g->r, g->pool->nsrc)];
	g->cursor = SIZE_MAX;
}

/* About `chars` characters of sentences into `b`; with `recent`, led by
 * a date of the last two months, its year written. */
static void put_sentences(struct gen *g, struct buf *b, size_t chars,
			  int recent)
{
	size_t start = b->len;
	if (recent) {
		int y, m, d;
		civil_from_days(g->day - (long)rng_range(&g->r, 1, 60), &y, &m,
				&d);
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

/* A paragraph block of about `chars` characters (or a whole paragraph of
 * the corpus). */
static void make_para(struct gen *g, size_t chars, int recent)
{
	const struct span *whole = NULL;
	if (!recent && rng_chance(&g->r, 250))
		whole = pick_para(g);
	block_begin(g, RENDER_PARA);
	if (whole)
		put_span(g, text_of(g), whole);
	else
		put_sentences(g, text_of(g), chars, recent);
	block_end(g);
}

/* Paragraphs until about `bytes`, section heads between them the `heads`
 * way; now and then a date of the last two months leads the second. */
static void make_body(struct gen *g, size_t bytes, enum heads heads)
{
	struct rng *r = &g->r;
	struct buf *t = text_of(g);
	new_home(g);
	int recent = rng_chance(r, 100), number = 0;
	size_t start = t->len, paras = 0, since_head = 0;
	while (t->len - start < bytes || paras < 1u + (unsigned)recent) {
		if (heads != HEADS_NONE && since_head >= 3 && number < 99 &&
		    t->len - start + 600 < bytes && rng_chance(r, 120)) {
			block_begin(g, RENDER_CROSSHEAD);
			put_head(g, t, heads, ++number);
			block_end(g);
			since_head = 0;
		}
		/* paragraphs of news text: 20 to 200 characters, most short */
		size_t chars = rng_range(r, 20, 90) + rng_below(r, 3) *
			       rng_range(r, 0, 60);
		make_para(g, chars, paras == 1 && recent);
		paras++;
		since_head++;
	}
}

/* ---- datelines ----------------------------------------------------------*/

static int foreign(const char *place)
{
	static const char *const abroad[] = { "华盛顿", "日内瓦", "莫斯科",
					      "东京", "巴黎", "伦敦", "柏林",
					      "联合国" };
	for (size_t i = 0; i < sizeof abroad / sizeof *abroad; i++)
		if (!strcmp(place, abroad[i]))
			return 1;
	return 0;
}

/* The day a dateline names: most often the day before the issue, else
 * the issue's own day or up to three days before. */
static long dateline_day(struct gen *g)
{
	unsigned roll = (unsigned)rng_below(&g->r, 1000);
	return g->day - (roll < 250 ? 0 : roll < 850 ? 1 : roll < 950 ? 2 : 3);
}

enum date_form {
	DATE_DIGITS, /* 12月31日 */
	DATE_NUMERALS, /* 十二月三十一日 */
	DATE_YEAR, /* 2000年12月31日 */
};

static void put_day(struct buf *b, long day, enum date_form form)
{
	int y, m, d;
	civil_from_days(day, &y, &m, &d);
	if (form == DATE_NUMERALS) {
		put_numeral(b, m);
		buf_puts(b, "月");
		put_numeral(b, d);
		buf_puts(b, "日");
		return;
	}
	if (form == DATE_YEAR)
		buf_printf(b, "%d年", y);
	buf_printf(b, "%d月%d日", m, d);
}

/* "（记者　张旭东　李　蕾）" or, in some papers' style, "（记者张三、李四）". */
static void put_paren_byline(struct gen *g, struct buf *b)
{
	buf_puts(b, "（记者");
	if (rng_chance(&g->r, 650)) {
		buf_puts(b, "　");
		put_names(g, b, 2);
	} else {
		size_t k = rng_range(&g->r, 1, 2);
		for (size_t i = 0; i < k; i++) {
			if (i)
				buf_puts(b, "、");
			put_name(g, b, 0);
		}
	}
	buf_puts(b, "）");
}

static const char *pick_city(struct rng *r)
{
	return CITIES[rng_below(r, sizeof CITIES / sizeof *CITIES)];
}

/* A news story's dateline, in one of the forms papers use, and the byline
 * some set above it: the blocks, and the day it names (0 for none: 本报讯,
 * 本报记者某某报道：).  With `*closing` set, the story closes with its
 * dateline instead: closing_block writes it after the body. */
static long news_dateline(struct gen *g, int *closing)
{
	struct rng *r = &g->r;
	struct buf *t = text_of(g);
	const char *place = pick_city(r);
	unsigned roll = (unsigned)rng_below(r, 1000);
	long day = dateline_day(g);
	*closing = roll >= 940;
	if (*closing)
		return day;
	/* 本报记者　孟繁星　吴建华 above 本报北京12月31日电 */
	int above = roll >= 600 && roll < 680 && rng_chance(r, 500);
	if (above) {
		block_begin(g, RENDER_BYLINE);
		buf_puts(t, "本报记者　");
		put_names(g, t, 2);
		block_end(g);
	}
	block_begin(g, RENDER_DATELINE);
	if (roll < 490) {
		/* 新华社北京12月31日电, 据…, 专电, （记者　…） */
		if (roll >= 430)
			buf_puts(t, "据");
		buf_puts(t, "新华社");
		buf_puts(t, place);
		put_day(t, day, DATE_DIGITS);
		buf_puts(t, foreign(place) && rng_chance(r, 500) ? "专电" :
								    "电");
		if (roll >= 280 && roll < 430)
			put_paren_byline(g, t);
	} else if (roll < 600) {
		/* 中新社, 本报 */
		buf_puts(t, roll < 540 ? "中新社" : "本报");
		buf_puts(t, place);
		put_day(t, day, DATE_DIGITS);
		buf_puts(t, "电");
		if (rng_chance(r, 300))
			put_paren_byline(g, t);
	} else if (roll < 680) {
		/* 本报北京3月1日电, its byline above it or after it:
		 * 本报北京3月1日电　（记者　常　钦） */
		buf_puts(t, "本报");
		buf_puts(t, place);
		put_day(t, day, DATE_DIGITS);
		buf_puts(t, "电");
		if (!above && rng_chance(r, 600)) {
			buf_puts(t, "　");
			put_paren_byline(g, t);
		}
	} else if (roll < 760) {
		/* 本报太原12月31日电　记者韩国栋报道：, the date in
		 * numerals or with its year now and then */
		unsigned form = (unsigned)rng_below(r, 10);
		buf_puts(t, "本报");
		buf_puts(t, place);
		put_day(t, day, form < 2 ? DATE_NUMERALS :
			form < 4 ? DATE_YEAR : DATE_DIGITS);
		buf_puts(t, "电　记者");
		put_name(g, t, 0);
		buf_puts(t, "报道：");
	} else if (roll < 800) {
		/* 新华社北京十二月三十日电 */
		buf_puts(t, "新华社");
		buf_puts(t, place);
		put_day(t, day, DATE_NUMERALS);
		buf_puts(t, "电");
	} else if (roll < 830) {
		/* 新华社北京1月1日零时电: the issue's own day */
		day = g->day;
		buf_puts(t, "新华社北京");
		put_day(t, day, DATE_DIGITS);
		buf_puts(t, "零时电");
	} else if (roll < 910) {
		/* 本报讯, 本报讯（记者　陆海涛） */
		buf_puts(t, "本报讯");
		if (rng_chance(r, 650))
			put_paren_byline(g, t);
		day = 0;
	} else {
		/* 本报记者郑晓敏报道： */
		buf_puts(t, "本报记者");
		put_name(g, t, 0);
		buf_puts(t, "报道：");
		day = 0;
	}
	block_end(g);
	return day;
}

/* A closing dateline naming `day`: "（本报东京12月30日电　记者　孙东民）". */
static void closing_block(struct gen *g, long day)
{
	struct rng *r = &g->r;
	struct buf *t = text_of(g);
	block_begin(g, RENDER_ENDDATE);
	buf_puts(t, "（");
	buf_puts(t, rng_chance(r, 500) ? "本报" : "新华社");
	buf_puts(t, pick_city(r));
	put_day(t, day, DATE_DIGITS);
	buf_puts(t, "电");
	if (rng_chance(r, 700)) {
		buf_puts(t, "　记者　");
		put_names(g, t, 2);
	}
	buf_puts(t, "）");
	block_end(g);
}

/* ---- items --------------------------------------------------------------*/

/* News of about `bytes`: a headline (with a kicker and a subtitle, the
 * page's lead now and then), a dateline in one of its forms, paragraphs. */
static void make_news(struct gen *g, size_t bytes, int lead)
{
	struct rng *r = &g->r;
	int closing;
	item_begin(g);
	if (lead && rng_chance(r, 500))
		kicker_block(g);
	title_block(g, RENDER_TITLE, 20, NULL, NULL);
	if (rng_chance(r, lead ? 400 : 40))
		subtitle_block(g, 1);
	long day = news_dateline(g, &closing);
	make_body(g, bytes, HEADS_NONE);
	if (closing)
		closing_block(g, day);
	item_end(g, day ? day : g->day, 1);
}

/* A feature of about `bytes`: an editor's note now and then, a kicker, a
 * subtitle, a byline, section heads, and most often a closing dateline
 * ("（本报西安12月30日电）", or seed 000's "新华社记者　朱基钗　高雷" over
 * "（新华社北京3月1日电）"). */
static void make_feature(struct gen *g, size_t bytes)
{
	struct rng *r = &g->r;
	struct buf *t = text_of(g);
	item_begin(g);
	if (rng_chance(r, 100)) {
		/* 编者按：…, part of the article it stands before */
		new_home(g);
		block_begin(g, RENDER_NOTE);
		buf_puts(t, rng_chance(r, 700) ? "编者按：" : "编者的话：");
		put_sentences(g, t, rng_range(r, 50, 120), 0);
		block_end(g);
	}
	if (rng_chance(r, 300))
		kicker_block(g);
	title_block(g, RENDER_TITLE, 20, NULL, NULL);
	if (rng_chance(r, 350))
		subtitle_block(g, 0);
	const char *agency = rng_chance(r, 600) ? "本报" : "新华社";
	unsigned ending = (unsigned)rng_below(r, 1000);
	int signoff = ending >= 450 && ending < 650;
	if (!signoff && rng_chance(r, 800)) {
		block_begin(g, RENDER_BYLINE);
		buf_printf(t, "%s记者　", agency);
		put_names(g, t, 3);
		block_end(g);
	}
	unsigned roll = (unsigned)rng_below(r, 1000);
	make_body(g, bytes, roll < 400 ? HEADS_NONE : roll < 600 ? HEADS_PAREN :
			    roll < 750 ? HEADS_COMMA : HEADS_PLAIN);
	long day = ending < 750 ? dateline_day(g) : 0;
	if (signoff) {
		block_begin(g, RENDER_SIGNOFF);
		buf_printf(t, "%s记者　", agency);
		put_names(g, t, 3);
		block_end(g);
	}
	if (day) {
		int ascii = signoff && rng_chance(r, 300);
		block_begin(g, RENDER_ENDDATE);
		buf_puts(t, ascii ? "(" : "（");
		buf_puts(t, agency);
		buf_puts(t, pick_city(r));
		put_day(t, day, DATE_DIGITS);
		buf_puts(t, "电");
		if (ending >= 650) {
			buf_puts(t, "　记者　");
			put_names(g, t, 2);
		}
		buf_puts(t, ascii ? ")" : "）");
		block_end(g);
	}
	item_end(g, day ? day : g->day, 1);
}

/* A commentary: no dateline; 本报评论员 or an author, who is named after
 * the body now and then. */
static void make_commentary(struct gen *g, size_t bytes)
{
	struct rng *r = &g->r;
	struct buf *t = text_of(g);
	item_begin(g);
	title_block(g, RENDER_TITLE, 20, NULL, NULL);
	unsigned roll = (unsigned)rng_below(r, 1000);
	int author = roll >= 400 && roll < 850;
	if (roll < 400) {
		add_block(g, RENDER_BYLINE, "本报评论员", strlen("本报评论员"));
	} else if (author) {
		block_begin(g, RENDER_BYLINE);
		put_name(g, t, 1);
		block_end(g);
	}
	make_body(g, bytes, HEADS_NONE);
	if (author && rng_chance(r, 500)) {
		block_begin(g, RENDER_SIGNOFF);
		buf_printf(t, "（作者为%s）",
			   AUTHORS[rng_below(r, sizeof AUTHORS /
						    sizeof *AUTHORS)]);
		block_end(g);
	}
	item_end(g, g->day, 1);
}

/* A photo: a headline, one or two captions ("图为3月1日，…", "图①："), each
 * with its credit. */
static void make_photo(struct gen *g)
{
	struct rng *r = &g->r;
	struct buf *t = text_of(g);
	int two = rng_chance(r, 250);
	item_begin(g);
	title_block(g, RENDER_TITLE, 16, NULL,
		    two ? "（附图片2张）" : rng_chance(r, 600) ? "（图片）" :
							       NULL);
	for (int k = 0; k <= two; k++) {
		new_home(g);
		block_begin(g, RENDER_CAPTION);
		buf_puts(t, two ? (k ? "图②：" : "图①：") : "图为");
		put_day(t, dateline_day(g), DATE_DIGITS);
		buf_puts(t, "，");
		put_span(g, t, pick_sentence(g, 1));
		block_end(g);
		block_begin(g, RENDER_CREDIT);
		buf_puts(t, rng_chance(r, 500) ? "新华社记者　" : "本报记者　");
		put_names(g, t, 2);
		buf_puts(t, "摄");
		block_end(g);
	}
	item_end(g, g->day, 1);
}

/* A verse: a clause of at most 12 characters. */
static void put_verse(struct gen *g, struct buf *b)
{
	const struct spans *v = &g->pool->title;
	size_t at = b->len;
	for (int tries = 0; tries < 20; tries++) {
		b->len = at;
		const struct span *sp = pick(&g->r, v);
		put_span(g, b, sp);
		if (count_chars(b->p + at, b->len - at) <= 12)
			break;
	}
}

/* A poem: stanzas of four short lines, its poet under the title. */
static void make_poem(struct gen *g)
{
	struct rng *r = &g->r;
	item_begin(g);
	title_block(g, RENDER_TITLE, 12, NULL, NULL);
	block_begin(g, RENDER_BYLINE);
	put_name(g, text_of(g), 1);
	block_end(g);
	size_t stanzas = rng_range(r, 2, 4);
	for (size_t s = 0; s < stanzas; s++) {
		if (s)
			add_block(g, RENDER_BLANK, "", 0);
		for (int l = 0; l < 4; l++) {
			block_begin(g, RENDER_LINE);
			put_verse(g, text_of(g));
			if (s + 1 == stanzas && l == 3)
				buf_puts(text_of(g), "。");
			block_end(g);
		}
	}
	item_end(g, g->day, 1);
}

/* The weather box: a row a city, "北京　晴　-9℃～1℃", as cold as the
 * month and the city. */
static void make_weather(struct gen *g)
{
	/* per month: degrees in the middle of the list (north to south),
	 * and how far apart its two ends are (far in winter) */
	static const int base[12] = { 2, 5, 10, 16, 21, 25,
				      28, 27, 22, 16, 9, 4 };
	static const int span[12] = { 36, 34, 28, 20, 14, 10,
				      8, 8, 12, 20, 28, 34 };
	static const char *const titles[] = { "全国主要城市天气预报",
					      "天气预报", "城市天气" };
	struct rng *r = &g->r;
	size_t nc = sizeof WEATHER_CITIES / sizeof *WEATHER_CITIES;
	item_begin(g);
	const char *title = titles[rng_below(r, 3)];
	add_block(g, RENDER_TITLE, title, strlen(title));
	size_t rows = rng_range(r, 5, 8), at = rng_below(r, nc);
	for (size_t k = 0; k < rows; k++) {
		size_t c = (at + k * 3) % nc;
		int w = span[g->m - 1];
		int mid = base[g->m - 1] - w / 2 + (int)c * w / (int)(nc - 1) +
			  (int)rng_below(r, 5) - 2;
		int lo = mid - (int)rng_range(r, 3, 7);
		int hi = mid + (int)rng_range(r, 3, 7);
		const char *sky = SKIES[rng_below(r, sizeof SKIES /
						      sizeof *SKIES)];
		if (hi <= 2 && strstr(sky, "雨"))
			sky = "小雪";
		block_begin(g, RENDER_LINE);
		buf_printf(text_of(g), "%s　%s　%d℃～%d℃", WEATHER_CITIES[c],
			   sky, lo, hi);
		block_end(g);
	}
	item_end(g, g->day, 1);
}

/* A column head (no article of its own) and its briefs: a headline, 本报讯
 * or now and then a dated dateline, one paragraph each. */
static void make_briefs(struct gen *g, size_t bytes)
{
	struct rng *r = &g->r;
	struct buf *t = text_of(g);
	item_begin(g);
	const char *col = COLUMNS[rng_below(r, sizeof COLUMNS /
					       sizeof *COLUMNS)];
	add_block(g, RENDER_TITLE, col, strlen(col));
	item_end(g, 0, 0);
	size_t k = rng_range(r, 2, 4);
	for (size_t i = 0; i < k; i++) {
		item_begin(g);
		title_block(g, RENDER_TITLE, 16, NULL, NULL);
		unsigned roll = (unsigned)rng_below(r, 1000);
		long day = 0;
		block_begin(g, RENDER_DATELINE);
		if (roll < 850) {
			buf_puts(t, "本报讯");
			if (roll >= 450)
				put_paren_byline(g, t);
		} else {
			day = dateline_day(g);
			buf_puts(t, "新华社");
			buf_puts(t, pick_city(r));
			put_day(t, day, DATE_DIGITS);
			buf_puts(t, "电");
		}
		block_end(g);
		new_home(g);
		block_begin(g, RENDER_PARA);
		size_t chars = bytes / k / 3;
		put_sentences(g, t, chars < 40 ? 40 : chars > 200 ? 200 : chars,
			      0);
		block_end(g);
		item_end(g, day ? day : g->day, 1);
	}
}

/* A document: "关于…的通知", the meeting that passed it or its number,
 * paragraphs, and who issued it when, in numerals. */
static void make_document(struct gen *g, size_t bytes)
{
	struct rng *r = &g->r;
	struct buf *t = text_of(g);
	item_begin(g);
	const char *doc = DOCUMENTS[rng_below(r, sizeof DOCUMENTS /
						 sizeof *DOCUMENTS)];
	size_t room = 20 - 2 - count_chars(doc, strlen(doc));
	make_title(g, &g->tmp, room);
	block_begin(g, RENDER_TITLE);
	buf_puts(t, "关于");
	buf_put(t, g->tmp.p, g->tmp.len);
	buf_puts(t, doc);
	block_end(g);
	int passed = rng_chance(r, 500);
	block_begin(g, RENDER_SUBTITLE);
	if (passed)
		buf_printf(t, "（%d年%d月%d日%s通过）", g->y, g->m, g->d,
			   BODIES[rng_below(r, sizeof BODIES /
						   sizeof *BODIES)]);
	else
		buf_printf(t, "〔%d〕第%d号", g->y, (int)rng_range(r, 1, 40));
	block_end(g);
	make_body(g, bytes, rng_chance(r, 300) ? HEADS_COMMA : HEADS_NONE);
	if (!passed) {
		const char *who = ISSUERS[rng_below(r, sizeof ISSUERS /
						       sizeof *ISSUERS)];
		add_block(g, RENDER_SIGNOFF, who, strlen(who));
		block_begin(g, RENDER_SIGNOFF);
		char year[8];
		snprintf(year, sizeof year, "%04d", g->y);
		for (int i = 0; i < 4; i++)
			buf_puts(t, year[i] == '0' ? "○" :
					     NUMERALS[year[i] - '1']);
		buf_puts(t, "年");
		put_numeral(t, g->m);
		buf_puts(t, "月");
		put_numeral(t, g->d);
		buf_puts(t, "日");
		block_end(g);
	}
	item_end(g, g->day, 1);
}

/* A table of contents at the front of a PDF: page furniture, no article. */
static void make_toc(struct gen *g)
{
	struct rng *r = &g->r;
	size_t ns = sizeof SECTIONS / sizeof *SECTIONS;
	item_begin(g);
	const char *title = rng_chance(r, 500) ? "今日导读" : "本期导读";
	add_block(g, RENDER_TITLE, title, strlen(title));
	size_t rows = rng_range(r, 4, 6), at = rng_below(r, ns);
	int page = 1;
	for (size_t k = 0; k < rows; k++) {
		page += (int)rng_range(r, 1, 4);
		block_begin(g, RENDER_LINE);
		buf_printf(text_of(g), "%s　第%d版", SECTIONS[(at + k) % ns],
			   page);
		block_end(g);
	}
	item_end(g, 0, 0);
}

/* ---- pages and days -----------------------------------------------------*/

/* What a page holds, in the order a paper puts it: contents, the lead,
 * news, documents, photos, comment, features, a column of briefs, the
 * supplement's poem, the weather box at the foot. */
enum slot {
	SLOT_TOC,
	SLOT_LEAD,
	SLOT_NEWS,
	SLOT_DOCUMENT,
	SLOT_PHOTO,
	SLOT_COMMENTARY,
	SLOT_FEATURE,
	SLOT_BRIEFS,
	SLOT_POEM,
	SLOT_WEATHER,
	SLOT_N
};

/* How many of each a page gets: a news page, a page of features, or the
 * supplement; the day's first PDF page opens with its contents. */
static void plan_page(struct gen *g, size_t count[SLOT_N], int first)
{
	struct rng *r = &g->r;
	unsigned roll = (unsigned)rng_below(r, 1000);
	memset(count, 0, SLOT_N * sizeof *count);
	if (roll < 500) {
		count[SLOT_LEAD] = rng_chance(r, 700);
		count[SLOT_NEWS] = rng_range(r, 2, 7);
		count[SLOT_DOCUMENT] = rng_chance(r, 60);
		count[SLOT_PHOTO] = rng_chance(r, 400);
		count[SLOT_COMMENTARY] = rng_chance(r, 250);
		count[SLOT_BRIEFS] = rng_chance(r, 350);
		count[SLOT_WEATHER] = rng_chance(r, 150);
	} else if (roll < 820) {
		count[SLOT_NEWS] = rng_range(r, 0, 2);
		count[SLOT_PHOTO] = rng_chance(r, 200);
		count[SLOT_COMMENTARY] = rng_chance(r, 300);
		count[SLOT_FEATURE] = rng_range(r, 1, 2);
		count[SLOT_BRIEFS] = rng_chance(r, 150);
	} else {
		count[SLOT_PHOTO] = rng_chance(r, 300);
		count[SLOT_COMMENTARY] = rng_range(r, 1, 2);
		count[SLOT_FEATURE] = rng_chance(r, 600);
		count[SLOT_POEM] = 1;
	}
	enum render_layout l = LAYOUTS[g->layout];
	count[SLOT_TOC] = first &&
			  (l == RENDER_PDF || l == RENDER_PDF_LAYOUT) &&
			  rng_chance(r, 600);
}

/* One item of `slot`; where its size varies, of about its usual size but
 * at most `left` bytes (200 at least). */
static void make_slot(struct gen *g, enum slot slot, size_t left)
{
	struct rng *r = &g->r;
	size_t want = 0;
	switch (slot) {
	case SLOT_LEAD:
		want = rng_range(r, 1500, 4000);
		break;
	case SLOT_NEWS:
		want = rng_range(r, 500, 2500);
		break;
	case SLOT_DOCUMENT:
		want = rng_range(r, 800, 2500);
		break;
	case SLOT_COMMENTARY:
		want = rng_range(r, 1500, 4500);
		break;
	case SLOT_FEATURE:
		want = rng_range(r, 3000, 9000) +
		       rng_below(r, 2) * rng_range(r, 0, 6000);
		break;
	case SLOT_BRIEFS:
		want = rng_range(r, 400, 1500);
		break;
	default:
		break;
	}
	if (want > left)
		want = left > 200 ? left : 200;
	switch (slot) {
	case SLOT_TOC:
		make_toc(g);
		break;
	case SLOT_LEAD:
	case SLOT_NEWS:
		make_news(g, want, slot == SLOT_LEAD);
		break;
	case SLOT_DOCUMENT:
		make_document(g, want);
		break;
	case SLOT_PHOTO:
		make_photo(g);
		break;
	case SLOT_COMMENTARY:
		make_commentary(g, want);
		break;
	case SLOT_FEATURE:
		make_feature(g, want);
		break;
	case SLOT_BRIEFS:
		make_briefs(g, want);
		break;
	case SLOT_POEM:
		make_poem(g);
		break;
	default:
		make_weather(g);
		break;
	}
}

/* The sheet's items as render.h takes them: pointers into its text. */
static int sheet_items(struct sheet *sh)
{
	while (sh->caprb < sh->nb) {
		struct render_block *v = grown(sh->rb, &sh->caprb, sizeof *v);
		if (!v)
			return -1;
		sh->rb = v;
	}
	while (sh->capri < sh->ni) {
		struct render_item *v = grown(sh->ri, &sh->capri, sizeof *v);
		if (!v)
			return -1;
		sh->ri = v;
	}
	for (size_t i = 0; i < sh->nb; i++)
		sh->rb[i] = (struct render_block){ sh->b[i].role,
						   sh->text.p + sh->b[i].off };
	for (size_t i = 0; i < sh->ni; i++)
		sh->ri[i] = (struct render_item){ sh->rb + sh->it[i].first,
						  sh->it[i].n };
	return 0;
}

/* One page of about `budget` bytes of text (one article at least), laid
 * out into `out`, its articles' lines into `manifest`.  Adds the articles
 * to `*articles`. */
static enum err_code make_page(struct gen *g, size_t budget, int first,
			       struct buf *out, struct buf *manifest,
			       size_t *articles, struct err *e)
{
	struct sheet *sh = &g->sh;
	size_t count[SLOT_N], made = 0;
	sh->text.len = 0;
	sh->nb = sh->ni = 0;
	plan_page(g, count, first);
	for (int s = 0; s < SLOT_N; s++)
		for (size_t k = 0; k < count[s]; k++) {
			if (made && sh->text.len >= budget)
				break;
			make_slot(g, (enum slot)s,
				  budget > sh->text.len ? budget - sh->text.len
							: 0);
			made += s != SLOT_TOC;
		}
	if (sh->failed || sh->text.failed || g->tmp.failed ||
	    sheet_items(sh) < 0)
		return err_set(e, ERR_NOMEM, "out of memory");
	if (g->page > 99)
		g->page = 1; /* the paper's next section */
	enum render_layout l = LAYOUTS[g->layout];
	struct render_page pg = {
		.layout = l,
		.seed = g->style,
		.paper = "人民日报",
		.year = g->stated ? g->y : 0,
		.month = g->stated ? g->m : 0,
		.day = g->stated ? g->d : 0,
		.page = g->page,
		.flags = g->flags,
		.items = sh->ri,
		.nitems = sh->ni,
	};
	size_t from = out->len;
	enum err_code rc = render_page(&pg, out, e);
	if (rc != ERR_OK)
		return rc;
	if (l == RENDER_PDF || l == RENDER_PDF_LAYOUT) {
		for (size_t i = from; i < out->len; i++)
			g->page += out->p[i] == '\f';
	} else {
		g->page++;
	}
	for (size_t i = 0; i < sh->ni; i++) {
		const struct gitem *it = &sh->it[i];
		if (!it->article)
			continue;
		const char *title = "";
		for (size_t k = it->first; k < it->first + it->n; k++)
			if (sh->b[k].role == RENDER_TITLE) {
				title = sh->text.p + sh->b[k].off;
				break;
			}
		int y, m, d;
		civil_from_days(it->date, &y, &m, &d);
		buf_printf(manifest, "%04d-%02d-%02d\t%s\n", y, m, d, title);
		(*articles)++;
	}
	if (out->failed || manifest->failed)
		return err_set(e, ERR_NOMEM, "out of memory");
	return ERR_OK;
}

/* The day's layout: the seed deals the layouts out in an order, and the
 * days take them in turn, so any run of NLAYOUTS days has each. */
static size_t day_layout(uint64_t seed, long day)
{
	size_t order[NLAYOUTS];
	struct rng r = { seed * 0x9E3779B97F4A7C15ull + 7 };
	for (size_t i = 0; i < NLAYOUTS; i++)
		order[i] = i;
	for (size_t i = NLAYOUTS; i > 1; i--) {
		size_t j = rng_below(&r, i), t = order[i - 1];
		order[i - 1] = order[j];
		order[j] = t;
	}
	long k = day % NLAYOUTS;
	return order[k < 0 ? k + NLAYOUTS : k];
}

/* One day's raw text of about `target` bytes into `out` (emptied first),
 * its articles' lines into `manifest`.  The number of articles in
 * `*articles`. */
static enum err_code make_day(const struct pool *pool, uint64_t seed,
			      long day, size_t target, struct gen *g,
			      struct buf *out, struct buf *manifest,
			      size_t *articles, struct err *e)
{
	struct rng *r = &g->r;
	g->pool = pool;
	g->r.s = seed * 0xD1B54A32D192ED03ull ^ (uint64_t)day;
	rng_next(r);
	g->day = day;
	civil_from_days(day, &g->y, &g->m, &g->d);
	g->shift = pool->max_year ? g->y - pool->max_year : 0;
	memset(g->used, 0, pool->sent.n * sizeof *g->used);
	g->draws = 0;
	g->layout = day_layout(seed, day);
	g->page = 1;
	g->style = rng_next(r);
	g->stated = rng_chance(r, 650);
	unsigned roll = (unsigned)rng_below(r, 1000);
	switch (LAYOUTS[g->layout]) {
	case RENDER_LINES:
		g->flags = roll < 350 ? RENDER_SOURCE_LINES :
			   roll < 700 ? RENDER_MASTHEAD : 0;
		break;
	case RENDER_LINES_GBK:
		g->flags = roll < 500 ? RENDER_MASTHEAD : 0;
		break;
	case RENDER_WRAPPED:
		g->flags = (roll < 500 ? RENDER_HEAD_AFTER : 0) |
			   (rng_chance(r, 400) ? RENDER_MASTHEAD : 0);
		break;
	default:
		g->flags = 0; /* running heads on every page */
		break;
	}
	out->len = 0;
	*articles = 0;
	/* raw bytes per thousand of text, as far as the day has shown */
	size_t ratio = RATIO[g->layout], text = 0;
	while (!*articles || out->len + 300 < target) {
		size_t left = target > out->len ? target - out->len : 0;
		size_t budget = rng_range(r, 6000, 20000);
		if (budget > left * 1000 / ratio)
			budget = left * 1000 / ratio;
		size_t before = out->len;
		enum err_code rc = make_page(g, budget, before == 0, out,
					     manifest, articles, e);
		if (rc != ERR_OK)
			return rc;
		text += g->sh.text.len;
		ratio = text ? out->len * 1000 / text : ratio;
		if (!ratio)
			ratio = 1;
	}
	return ERR_OK;
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
	struct opt op;
	opt_start(&op, argc, argv, "o:s:n:f:c:hV", longopts);
	while ((c = opt_next(&op, &e)) != OPT_END) {
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
		default: /* OPT_BAD */
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
		/* the days share the size evenly; each makes up for what the
		 * days before it wrote over or under */
		uint64_t goal = size * (uint64_t)(i + 1) / (uint64_t)days;
		size_t target = (size_t)(goal > written ? goal - written : 0);
		size_t made = 0;
		rc = make_day(&pool, seed, from + i, target, &g, &out,
			      &manifest, &made, &e);
		articles += made;
		if (rc != ERR_OK)
			break;
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
	buf_free(&g.tmp);
	sheet_free(&g.sh);
	free(g.used);
	buf_free(&out);
	buf_free(&manifest);
	buf_free(&path);
	pool_free(&pool);
	return err_exit_status(rc);
}
