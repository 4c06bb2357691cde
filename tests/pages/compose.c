/* kanbao-pages: composed newspaper pages, every layout, each with the list
 * of articles a builder should find in it.
 *
 * The items are tests/pages/items/NAME.txt (written for these tests, in the
 * markup tests/pages/README.md describes), their traditional forms in
 * items-hk/ and items-tw/, and the articles of the bundled corpus (read
 * from the .kb, never copied into the items).  Each page of the table
 * PAGES below draws its items from one issue (two for a concatenated
 * file), puts them in the order a paper does, lays them out with render.h
 * and writes DIR/LAYOUT/NAME.txt (the raw page) and DIR/LAYOUT/NAME.expect
 * (TITLE<TAB>FIRST<TAB>LAST<TAB>DATE[<TAB>OPTIONS], one line per article in
 * page order).  The same sources give the same bytes. */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "kanbao/base/buf.h"
#include "kanbao/format/corpus.h"
#include "kanbao/base/err.h"
#include "kanbao/base/utf8.h"
#include "common.h"
#include "render.h"

static const char usage[] =
	"usage: kanbao-pages [--corpus FILE] -o DIR SOURCE\n"
	"       kanbao-pages [--corpus FILE] --fodt DIR SOURCE\n"
	"Compose the test pages from SOURCE (tests/pages: items/, items-hk/,\n"
	"items-tw/, bundled.txt) and the bundled corpus, and write\n"
	"DIR/LAYOUT/NAME.txt with DIR/LAYOUT/NAME.expect for each.\n"
	"\n"
	"  -o, --output DIR   write here (made if missing)\n"
	"  -c, --corpus FILE  the bundled corpus (default kanbao.kb)\n"
	"  -f, --fodt DIR     write the pages that are real extraction output\n"
	"                     as documents to typeset (DIR/NAME.fodt), for\n"
	"                     real/make.sh, and nothing else\n"
	"  -h, --help         show this help\n"
	"\n"
	"Exit status: 0 written, 2 bad usage, unreadable or bad sources.\n";

/* ---- items --------------------------------------------------------------*/

enum kind {
	KIND_TOC, /* a table of contents: furniture, no article */
	KIND_NEWS,
	KIND_DOCUMENT, /* a notice, a decision */
	KIND_PHOTO,
	KIND_COMMENTARY,
	KIND_FEATURE,
	KIND_COLUMN, /* a column head over briefs: no article of its own */
	KIND_BRIEF,
	KIND_POEM,
	KIND_WEATHER,
	KIND_N
};

static const char *const KIND_NAMES[KIND_N] = {
	"toc", "news", "document", "photo", "commentary", "feature",
	"column", "brief", "poem", "weather",
};

enum script { SCRIPT_S, SCRIPT_HK, SCRIPT_TW, SCRIPT_N };

struct item {
	char name[64]; /* the file's name without .txt, or bundled-N */
	uint32_t issue; /* YYYYMMDD of the issue it was written for */
	uint32_t date; /* YYYYMMDD its dateline gives, 0 when none */
	enum kind kind;
	int bundled; /* drawn from the bundled corpus */
	int dl_opens; /* the first paragraph opens with a dateline of its
			 own (bundled text): that many bytes */
	struct render_block *blocks; /* owned array; texts owned */
	size_t n, cap;
};

struct items {
	struct item *v; /* owned array of `n` */
	size_t n, cap;
};

static void item_free(struct item *it)
{
	for (size_t i = 0; i < it->n; i++)
		free((char *)it->blocks[i].text);
	free(it->blocks);
	it->blocks = NULL;
	it->n = it->cap = 0;
}

static void items_free(struct items *l)
{
	for (size_t i = 0; i < l->n; i++)
		item_free(&l->v[i]);
	free(l->v);
	*l = (struct items){ 0 };
}

static void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n);
	if (!q) {
		fputs("kanbao-pages: out of memory\n", stderr);
		exit(2);
	}
	return q;
}

static char *xstrndup(const char *s, size_t n)
{
	char *p = xrealloc(NULL, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static void item_add(struct item *it, enum render_role role, const char *s,
		     size_t n)
{
	if (it->n == it->cap) {
		it->cap = it->cap ? it->cap * 2 : 16;
		it->blocks = xrealloc(it->blocks,
				      it->cap * sizeof *it->blocks);
	}
	it->blocks[it->n++] = (struct render_block){ role, xstrndup(s, n) };
}

static struct item *items_push(struct items *l)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = xrealloc(l->v, l->cap * sizeof *l->v);
	}
	memset(&l->v[l->n], 0, sizeof l->v[l->n]);
	return &l->v[l->n++];
}

static const char *item_title(const struct item *it)
{
	for (size_t i = 0; i < it->n; i++)
		if (it->blocks[i].role == RENDER_TITLE)
			return it->blocks[i].text;
	return "";
}

/* YYYY-MM-DD, or "" for an empty value: 0 and `*out` set, or -1. */
static int parse_date(const char *s, uint32_t *out)
{
	int y, m, d, n = 0;
	if (!*s) {
		*out = 0;
		return 0;
	}
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || s[n] ||
	    y < 1900 || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	*out = (uint32_t)(y * 10000 + m * 100 + d);
	return 0;
}

static int fail_at(const char *path, size_t line, const char *what)
{
	fprintf(stderr, "kanbao-pages: %s:%zu: %s\n", path, line, what);
	return -1;
}

static size_t opening_dateline(const char *s, int *month, int *day);
static long days_of(uint32_t ymd);

/* @date agrees with the item's dateline: one when the dateline names a
 * day, its month and day, a few days before the issue at most. */
static int check_date(const char *path, const struct item *it)
{
	int month = 0, day = 0;
	for (size_t i = 0; i < it->n && !month; i++) {
		const char *t = it->blocks[i].text;
		if (it->blocks[i].role == RENDER_ENDDATE)
			t += !strncmp(t, "（", 3) ? 3 : 0;
		else if (it->blocks[i].role != RENDER_DATELINE)
			continue;
		opening_dateline(t, &month, &day);
	}
	if (!month != !it->date)
		return fail_at(path, 0, month ? "the dateline names a day: "
					      "@date wanted" :
						"@date, but no dateline names a "
						"day");
	long gap = days_of(it->issue) - days_of(it->date);
	if (month && ((int)(it->date / 100 % 100) != month ||
		      (int)(it->date % 100) != day || gap < 0 || gap > 3))
		return fail_at(path, 0, "@date is not the dateline's day, "
					"or not the days before @issue");
	return 0;
}

/* Parse one item file into `it` (named `name`).  0, or -1 with a message
 * naming the file and line. */
static int parse_item(const char *path, const char *name, struct item *it)
{
	size_t len;
	char *text = read_whole_file(path, &len);
	if (!text) {
		fprintf(stderr, "kanbao-pages: %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	snprintf(it->name, sizeof it->name, "%s", name);
	it->kind = KIND_N;
	int rc = 0;
	size_t lineno = 0;
	for (char *p = text, *nl; *p && !rc; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p);
		lineno++;
		int more = *nl != '\0';
		size_t n = (size_t)(nl - p);
		if (n && p[n - 1] == '\r')
			n--;
		p[n] = '\0';
		if (!n || p[0] == '#') {
			if (!more)
				break;
			continue;
		}
		if (p[0] != '@') {
			rc = fail_at(path, lineno, "a line that is not @TAG");
			break;
		}
		char *tag = p + 1, *val = strchr(tag, ' ');
		if (val)
			*val++ = '\0';
		else
			val = tag + strlen(tag);
		enum render_role role;
		if (!strcmp(tag, "issue")) {
			if (parse_date(val, &it->issue) < 0 || !it->issue)
				rc = fail_at(path, lineno, "bad @issue");
		} else if (!strcmp(tag, "date")) {
			if (parse_date(val, &it->date) < 0)
				rc = fail_at(path, lineno, "bad @date");
		} else if (!strcmp(tag, "kind")) {
			for (int k = 0; k < KIND_N; k++)
				if (!strcmp(val, KIND_NAMES[k]))
					it->kind = (enum kind)k;
			if (it->kind == KIND_N)
				rc = fail_at(path, lineno, "unknown @kind");
		} else if (!render_role_parse(tag, &role)) {
			if (!*val && role != RENDER_BLANK)
				rc = fail_at(path, lineno, "empty block");
			else
				item_add(it, role, val, strlen(val));
		} else {
			rc = fail_at(path, lineno, "unknown tag");
		}
		if (!more)
			break;
	}
	free(text);
	if (!rc && (!it->issue || it->kind == KIND_N || !it->n))
		rc = fail_at(path, lineno, "no @issue, no @kind or no blocks");
	if (!rc)
		rc = check_date(path, it);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every DIR/NAME.txt into `out`, in name order. */
static int load_dir(const char *dir, struct items *out)
{
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "kanbao-pages: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	char **names = NULL;
	size_t n = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		if (len > 4 && !strcmp(de->d_name + len - 4, ".txt")) {
			names = xrealloc(names, (n + 1) * sizeof *names);
			names[n++] = xstrndup(de->d_name, len);
		}
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmp_str);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		char *path = xrealloc(NULL, strlen(dir) + strlen(names[i]) + 2);
		char name[64];
		sprintf(path, "%s/%s", dir, names[i]);
		snprintf(name, sizeof name, "%.*s",
			 (int)(strlen(names[i]) - 4), names[i]);
		if (!rc && parse_item(path, name, items_push(out)) < 0)
			rc = -1;
		free(path);
		free(names[i]);
	}
	free(names);
	return rc;
}

/* ---- datelines in running text ------------------------------------------*/

/* A Chinese numeral digit (○〇一..九), or -1. */
static int han_digit(uint32_t uc)
{
	static const uint32_t d[] = { 0x25CB, 0x4E00, 0x4E8C, 0x4E09, 0x56DB,
				      0x4E94, 0x516D, 0x4E03, 0x516B,
				      0x4E5D };
	if (uc == 0x3007 || uc == 0x96F6)
		return 0;
	for (int i = 0; i < 10; i++)
		if (d[i] == uc)
			return i;
	return -1;
}

/* A number at s[*i]: ASCII digits (spaces around allowed) or Chinese
 * numerals (一二三, 十二, 三十一, 二○○○).  Its value, or -1. */
static int number_at(const char *s, size_t n, size_t *i)
{
	size_t k = *i;
	while (k < n && s[k] == ' ')
		k++;
	int v = 0, digits = 0;
	while (k < n && s[k] >= '0' && s[k] <= '9') {
		v = v * 10 + (s[k++] - '0');
		digits++;
	}
	if (digits) {
		while (k < n && s[k] == ' ')
			k++;
		*i = k;
		return v;
	}
	/* numerals: 十 as tens, else positional digits */
	int tens = 0, seen = 0;
	while (k < n) {
		uint32_t uc;
		size_t len = utf8_next(s + k, n - k, &uc);
		int dv = han_digit(uc);
		if (uc == 0x5341) { /* 十 */
			tens = (v ? v : 1) * 10;
			v = 0;
		} else if (dv >= 0) {
			v = v * 10 + dv;
		} else {
			break;
		}
		seen = 1;
		k += len;
	}
	if (!seen)
		return -1;
	*i = k;
	return tens + v;
}

static int text_at(const char *s, size_t n, size_t i, const char *w)
{
	size_t wl = strlen(w);
	return i + wl <= n && !memcmp(s + i, w, wl);
}

/* Years named with a month in s: each "Y年M月[D日]" (digits or numerals)
 * whose month is `month` and whose day is `day` (`exact`) or absent adds
 * Y to `years` (up to 8, no repeats). */
static void years_naming(const char *s, int month, int day, int exact,
			 int *years, int *ny)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i++) {
		/* at a character, not inside a run of digits */
		if ((s[i] & 0xC0) == 0x80 ||
		    (i && s[i] >= '0' && s[i] <= '9' && s[i - 1] >= '0' &&
		     s[i - 1] <= '9'))
			continue;
		size_t k = i;
		int y = number_at(s, n, &k);
		if (y < 1900 || y > 2100 || !text_at(s, n, k, "年"))
			continue;
		k += 3;
		int m = number_at(s, n, &k);
		if (m != month || !text_at(s, n, k, "月"))
			continue;
		k += 3;
		int d = number_at(s, n, &k);
		if (d < 0 || !text_at(s, n, k, "日"))
			d = 0;
		if (exact ? d != day : d != 0)
			continue;
		int dup = 0;
		for (int j = 0; j < *ny; j++)
			dup |= years[j] == y;
		if (!dup && *ny < 8)
			years[(*ny)++] = y;
	}
}

/* A dateline that opens s: [据](新华社|本报|中新社)PLACE M月D日[零时][专]电,
 * or 本报讯, then a "（记者…）" if any, in simplified or traditional
 * characters, the numbers in digits or numerals.  Its length in bytes and
 * the month and day (0 for 本报讯), or 0. */
static size_t opening_dateline(const char *s, int *month, int *day)
{
	static const char *const agencies[] = { "新华社", "新華社", "本报",
						"本報", "中新社" };
	size_t n = strlen(s), i = 0;
	*month = *day = 0;
	if (text_at(s, n, i, "据") || text_at(s, n, i, "據"))
		i += 3;
	size_t a = 0;
	while (a < 5 && !text_at(s, n, i, agencies[a]))
		a++;
	if (a == 5)
		return 0;
	i += strlen(agencies[a]);
	size_t end = 0;
	if (text_at(s, n, i, "讯") || text_at(s, n, i, "訊")) {
		end = i + 3;
	} else {
		/* the place, then M月D日: the first number followed by 月 */
		for (size_t k = i, chars = 0; k < n && chars < 24 && !end;
		     chars++) {
			size_t j = k;
			int m = number_at(s, n, &j);
			if (m >= 1 && m <= 12 && text_at(s, n, j, "月")) {
				j += 3;
				int d = number_at(s, n, &j);
				if (d < 1 || !text_at(s, n, j, "日"))
					return 0;
				j += 3;
				if (text_at(s, n, j, "零时") ||
				    text_at(s, n, j, "零時"))
					j += 6;
				if (text_at(s, n, j, "专") ||
				    text_at(s, n, j, "專"))
					j += 3;
				if (!text_at(s, n, j, "电") &&
				    !text_at(s, n, j, "電"))
					return 0;
				*month = m;
				*day = d;
				end = j + 3;
				break;
			}
			uint32_t uc;
			k += utf8_next(s + k, n - k, &uc);
		}
	}
	if (!end)
		return 0;
	size_t j = end;
	while (j < n && s[j] == ' ')
		j++;
	if (text_at(s, n, j, "（")) {
		const char *close = strstr(s + j, "）");
		if (close && close - (s + j) < 60)
			end = (size_t)(close - s) + 3;
	}
	return end;
}

/* ---- the bundled corpus as items ----------------------------------------*/

/* "(新华社北京3月1日电)", "（本报华盛顿12月30日电 记者 …）" */
static int is_closing_dateline(const char *s)
{
	int month, day;
	if (*s == '(')
		s++;
	else if (!strncmp(s, "（", 3))
		s += 3;
	else
		return 0;
	return opening_dateline(s, &month, &day) > 0 && strlen(s) < 120;
}

/* "新华社记者 朱基钗 高雷" */
static int is_signoff(const char *s)
{
	return (!strncmp(s, "新华社记者", 15) || !strncmp(s, "本报记者", 12)) &&
	       strlen(s) < 80 && !strstr(s, "。");
}

/* Headlines written for bundled articles the builder gave none, matched by
 * their opening words (bundled.txt: @opening WORDS, then @title TITLE). */
struct override {
	char *opening, *title;
};

struct overrides {
	struct override *v;
	size_t n;
};

static int load_overrides(const char *path, struct overrides *o)
{
	char *text = read_whole_file(path, NULL);
	if (!text) {
		fprintf(stderr, "kanbao-pages: %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	char *save = NULL, *opening = NULL;
	for (char *l = strtok_r(text, "\n", &save); l;
	     l = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(l, "@opening ", 9)) {
			opening = l + 9;
		} else if (!strncmp(l, "@title ", 7) && opening) {
			o->v = xrealloc(o->v, (o->n + 1) * sizeof *o->v);
			o->v[o->n].opening = strdup(opening);
			o->v[o->n++].title = strdup(l + 7);
			opening = NULL;
		}
	}
	free(text);
	return 0;
}

static void overrides_free(struct overrides *o)
{
	for (size_t i = 0; i < o->n; i++) {
		free(o->v[i].opening);
		free(o->v[i].title);
	}
	free(o->v);
}

/* The issues the pages are made of (YYYYMMDD). */
static const uint32_t ISSUES[] = { 20010101, 20190102, 20220302, 20230516 };

static long days_of(uint32_t ymd)
{
	int y = (int)(ymd / 10000), m = (int)(ymd / 100 % 100);
	int d = (int)(ymd % 100);
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy;
}

/* The names in a byline "记者 朱基钗 高雷", set as print sets them. */
static void names_of(const char *byline, size_t n, struct buf *b)
{
	const char *p = byline, *end = byline + n;
	if (n >= 6 && !memcmp(p, "记者", 6))
		p += 6;
	int first = 1;
	while (p < end) {
		while (p < end && *p == ' ')
			p++;
		const char *q = p;
		while (q < end && *q != ' ')
			q++;
		if (q > p) {
			if (!first)
				buf_puts(b, "　");
			buf_put(b, p, (size_t)(q - p));
			first = 0;
		}
		p = q;
	}
}

/* The bundled corpus's articles as items of the issue after their date. */
static int load_bundled(const char *path, const struct overrides *ov,
			struct items *out)
{
	struct corpus *c;
	struct err e = { 0 };
	if (corpus_open(path, &c, &e) != ERR_OK) {
		fprintf(stderr, "kanbao-pages: %s\n", e.msg);
		return -1;
	}
	uint32_t last_issue = 0;
	int rc = 0;
	for (size_t i = 0; i < corpus_article_count(c) && !rc; i++) {
		struct corpus_article a;
		if (corpus_article(c, i, &a, &e) != ERR_OK) {
			fprintf(stderr, "kanbao-pages: %s\n", e.msg);
			rc = -1;
			break;
		}
		struct item it = { .kind = KIND_NEWS, .bundled = 1 };
		snprintf(it.name, sizeof it.name, "bundled-%zu", i + 1);
		struct corpus_str title = { 0 }, subtitle = { 0 };
		size_t paras = 0;
		int opening_month = 0, opening_day = 0;
		struct item body = { 0 };
		for (uint32_t j = 0; j < a.nblocks && !rc; j++) {
			struct corpus_block b;
			if (corpus_block(c, a.first_block + j, &b, &e) !=
			    ERR_OK) {
				fprintf(stderr, "kanbao-pages: %s\n", e.msg);
				rc = -1;
			} else if (b.kind == BLOCK_TITLE) {
				title = b.text;
			} else if (b.kind == BLOCK_SUBTITLE) {
				subtitle = b.text;
			} else if (b.kind == BLOCK_PARA) {
				if (!paras++) {
					char *t = xstrndup(b.text.s,
							   b.text.len);
					it.dl_opens = (int)opening_dateline(
						t, &opening_month,
						&opening_day);
					free(t);
				}
				item_add(&body, RENDER_PARA, b.text.s,
					 b.text.len);
			} else if (b.kind == BLOCK_HEAD) {
				item_add(&body, RENDER_CROSSHEAD, b.text.s,
					 b.text.len);
			}
		}
		if (!rc && (a.flags & ARTICLE_TITLE_DERIVED)) {
			/* a headline written for it in bundled.txt, found
			 * by its opening words, or none */
			title.len = 0;
			const char *f = body.n ? body.blocks[0].text : "";
			for (f += it.dl_opens; *f == ' '; f++)
				;
			for (size_t k = 0; k < ov->n; k++)
				if (!strncmp(f, ov->v[k].opening,
					     strlen(ov->v[k].opening))) {
					title.s = ov->v[k].title;
					title.len = strlen(title.s);
				}
		}
		if (rc || !title.len || !paras) {
			item_free(&it);
			item_free(&body);
			continue;
		}
		uint32_t date = a.date;
		struct buf dl = { 0 }, names = { 0 };
		if (a.byline.len)
			names_of(a.byline.s, a.byline.len, &names);
		/* a long feature closes with its byline and dateline, as
		 * seed 000 sets them; news opens with its dateline */
		int feature = paras > 12;
		it.kind = feature ? KIND_FEATURE : KIND_NEWS;
		if (date && a.source.len && a.place.len)
			buf_printf(&dl, "%.*s%.*s%u月%u日电", (int)a.source.len,
				   a.source.s, (int)a.place.len, a.place.s,
				   date / 100 % 100, date % 100);
		item_add(&it, RENDER_TITLE, title.s, title.len);
		if (subtitle.len)
			item_add(&it, RENDER_SUBTITLE, subtitle.s,
				 subtitle.len);
		if (!feature && dl.len && !it.dl_opens) {
			if (names.len)
				buf_printf(&dl, "（记者　%s）", names.p);
			item_add(&it, RENDER_DATELINE, dl.p, dl.len);
		}
		/* a closing dateline or byline the builder left in the body
		 * keeps its role, and is not written twice */
		int closed = 0, signed_off = 0;
		for (size_t k = 0; k < body.n; k++) {
			const char *t = body.blocks[k].text;
			enum render_role role = body.blocks[k].role;
			if (k + 2 >= body.n && is_closing_dateline(t)) {
				role = RENDER_ENDDATE;
				closed = 1;
			} else if (k + 2 >= body.n && is_signoff(t)) {
				role = RENDER_SIGNOFF;
				signed_off = 1;
			}
			item_add(&it, role, t, strlen(t));
		}
		if (closed || signed_off)
			feature = 0;
		if (feature && names.len) {
			struct buf s = { 0 };
			buf_printf(&s, "%.*s记者　%s", (int)a.source.len,
				   a.source.s, names.p);
			item_add(&it, RENDER_SIGNOFF, s.p, s.len);
			buf_free(&s);
		}
		if (feature && dl.len) {
			struct buf s = { 0 };
			buf_printf(&s, "（%s）", dl.p);
			item_add(&it, RENDER_ENDDATE, s.p, s.len);
			buf_free(&s);
		}
		buf_free(&dl);
		buf_free(&names);
		item_free(&body);
		/* its issue: the first within 3 days after its date */
		it.date = date;
		it.issue = 0;
		for (size_t k = 0; date && k < sizeof ISSUES / sizeof *ISSUES;
		     k++) {
			long gap = days_of(ISSUES[k]) - days_of(date);
			if (gap >= 0 && gap <= 3 && !it.issue)
				it.issue = ISSUES[k];
		}
		if (!date && opening_month && last_issue) {
			/* a dateline in the text, no date kept: the issue's
			 * year, the year before for a later month */
			uint32_t y = last_issue / 10000;
			if ((uint32_t)opening_month > last_issue / 100 % 100)
				y--;
			it.date = y * 10000 + (uint32_t)opening_month * 100 +
				  (uint32_t)opening_day;
		}
		if (!it.issue)
			it.issue = last_issue;
		if (!it.issue) {
			item_free(&it);
			continue;
		}
		last_issue = it.issue;
		*items_push(out) = it;
	}
	corpus_close(c);
	return rc;
}

/* ---- the pages ----------------------------------------------------------*/

struct part {
	enum render_layout layout; /* how this part is laid out */
	uint32_t issue; /* YYYYMMDD: whose items it takes */
	int count; /* articles wanted */
	unsigned flags; /* enum render_flag bits */
	int stated; /* the text states the issue's date (masthead, source
		       lines, running heads) */
	int page; /* its 版 number */
};

struct plan {
	const char *dir; /* the layout's directory: its row in the table */
	const char *name; /* the raw file's name, as people name them */
	const char *options; /* extra kanbao-build options, "" for none */
	uint64_t seed; /* the page's choices */
	int toc; /* a table of contents at the front */
	int mid; /* the page begins in the middle of an article */
	int bundled; /* the bundled corpus's articles may be drawn */
	size_t nparts;
	struct part parts[2]; /* two for two issues in one file */
	/* real extraction output of the page typeset (real/make.sh), under
	 * SOURCE, read instead of rendering; NULL for a rendered page */
	const char *real;
};

#define A 20010101
#define D 20190102
#define B 20220302
#define C 20230516
#define L_ RENDER_LINES
#define G_ RENDER_LINES_GBK
#define W_ RENDER_WRAPPED
#define P_ RENDER_PDF
#define Y_ RENDER_PDF_LAYOUT
#define S_ RENDER_SENTENCES
#define K_ RENDER_CLAUSES
#define MAST RENDER_MASTHEAD
#define SRC RENDER_SOURCE_LINES
#define AFTER RENDER_HEAD_AFTER
#define BIG5 RENDER_BIG5
#define LB_ RENDER_LABELLED
#define RU_ RENDER_RULED
#define WB_ RENDER_WEB

/* Every page: dir, name, options, seed, toc, mid, bundled, parts (layout,
 * issue, articles, flags, date stated in the text, page number). */
static const struct plan PAGES[] = {
	{ "lines", "rmrb_20010101.txt", "", 11, 0, 0, 0, 1,
	  { { L_, A, 8, SRC, 1, 4 } }, NULL },
	{ "lines", "2022-03-02.txt", "", 12, 0, 0, 1, 1,
	  { { L_, B, 7, 0, 0, 1 } }, NULL },
	{ "lines", "000_5f3a9c1e27b4d860.txt", "", 13, 0, 0, 0, 1,
	  { { L_, D, 6, 0, 0, 2 } }, NULL },
	{ "lines", "renmin.txt", "--date 2023-05-16", 14, 0, 0, 0, 1,
	  { { L_, C, 6, 0, 0, 3 } }, NULL },
	{ "lines", "rmrb-20230516-01.txt", "", 15, 0, 0, 1, 1,
	  { { L_, C, 5, MAST, 1, 1 } }, NULL },
	{ "lines-gbk", "20010101-04.txt", "", 21, 0, 0, 0, 1,
	  { { G_, A, 7, 0, 0, 4 } }, NULL },
	{ "lines-gbk", "20190102-02.txt", "", 22, 0, 0, 0, 1,
	  { { G_, D, 6, MAST, 1, 2 } }, NULL },
	{ "lines-gbk", "20220302-10.txt", "", 23, 0, 0, 1, 1,
	  { { G_, B, 6, 0, 0, 10 } }, NULL },
	{ "lines-gbk", "gbk_news.txt", "", 24, 0, 0, 0, 1,
	  { { G_, C, 5, 0, 0, 6 } }, NULL },
	{ "wrapped", "2023-05-16.txt", "", 31, 0, 0, 1, 1,
	  { { W_, C, 6, AFTER, 0, 1 } }, NULL },
	{ "wrapped", "2001-01-01.txt", "", 32, 0, 0, 0, 1,
	  { { W_, A, 7, 0, 0, 4 } }, NULL },
	{ "wrapped", "002_9b1d4e7a05c3f812.txt", "", 33, 0, 0, 0, 1,
	  { { W_, D, 5, AFTER, 0, 3 } }, NULL },
	{ "wrapped", "rmrb20220302.txt", "", 34, 0, 0, 1, 1,
	  { { W_, B, 6, MAST, 1, 2 } }, NULL },
	{ "pdf", "rmrb_20010101.txt", "", 41, 1, 0, 0, 1,
	  { { P_, A, 9, 0, 1, 1 } }, NULL },
	{ "pdf", "2022-03-02-4.txt", "", 42, 0, 1, 1, 1,
	  { { P_, B, 7, 0, 1, 4 } }, NULL },
	{ "pdf", "20230516.txt", "", 43, 1, 0, 1, 1,
	  { { P_, C, 8, 0, 1, 1 } }, NULL },
	{ "pdf", "paper.txt", "", 44, 0, 1, 0, 1,
	  { { P_, D, 6, 0, 0, 3 } }, NULL },
	{ "pdf-layout", "rmrb_20010101_04.txt", "", 51, 1, 0, 0, 1,
	  { { Y_, A, 8, 0, 1, 4 } }, NULL },
	{ "pdf-layout", "20220302.txt", "", 52, 0, 1, 0, 1,
	  { { Y_, B, 6, 0, 1, 2 } }, NULL },
	{ "pdf-layout", "2023-05-16.txt", "", 53, 0, 0, 1, 1,
	  { { Y_, C, 6, 0, 1, 1 } }, NULL },
	{ "pdf-layout", "layout.txt", "", 54, 0, 0, 0, 1,
	  { { Y_, D, 5, 0, 0, 5 } }, NULL },
	{ "sentences", "hk_20010101.txt", "", 61, 0, 0, 0, 1,
	  { { S_, A, 7, MAST, 1, 1 } }, NULL },
	{ "sentences", "2019-01-02.txt", "", 62, 0, 0, 0, 1,
	  { { S_, D, 6, 0, 0, 2 } }, NULL },
	{ "sentences", "wenhui.txt", "", 63, 0, 0, 0, 1,
	  { { S_, C, 6, MAST, 1, 3 } }, NULL },
	{ "sentences", "news_hk.txt", "", 64, 0, 0, 0, 1,
	  { { S_, B, 5, BIG5, 0, 4 } }, NULL },
	{ "clauses", "tw_20010101.txt", "", 71, 0, 0, 0, 1,
	  { { K_, A, 6, 0, 0, 2 } }, NULL },
	{ "clauses", "20230516.txt", "", 72, 0, 0, 0, 1,
	  { { K_, C, 6, MAST, 1, 1 } }, NULL },
	{ "clauses", "cna.txt", "", 73, 0, 0, 0, 1,
	  { { K_, D, 5, BIG5, 0, 3 } }, NULL },
	{ "clauses", "2022-03-02.txt", "", 74, 0, 0, 0, 1,
	  { { K_, B, 5, 0, 0, 5 } }, NULL },
	{ "concat", "000_1c9e5a7d3b2f4e60.txt", "", 81, 0, 0, 1, 2,
	  { { L_, B, 5, MAST, 1, 1 }, { W_, C, 5, AFTER | MAST, 1, 1 } }, NULL },
	{ "concat", "merged.txt", "", 82, 0, 0, 0, 2,
	  { { L_, A, 5, MAST, 1, 4 }, { L_, D, 5, MAST, 1, 2 } }, NULL },
	{ "concat", "all.txt", "", 83, 0, 0, 1, 2,
	  { { L_, B, 5, 0, 0, 1 }, { W_, C, 5, AFTER, 0, 1 } }, NULL },
	{ "labelled", "rmrb_2001.txt", "", 101, 0, 0, 0, 1,
	  { { LB_, A, 8, 0, 1, 4 } }, NULL },
	{ "labelled", "export.txt", "", 102, 0, 0, 1, 1,
	  { { LB_, B, 7, 0, 1, 2 } }, NULL },
	{ "labelled", "records_2019.txt", "", 103, 0, 0, 0, 1,
	  { { LB_, D, 6, 0, 1, 3 } }, NULL },
	{ "ruled", "articles.txt", "", 111, 0, 0, 0, 1,
	  { { RU_, C, 7, 0, 1, 1 } }, NULL },
	{ "ruled", "dump_2001.txt", "", 112, 0, 0, 1, 1,
	  { { RU_, A, 7, 0, 1, 4 } }, NULL },
	{ "ruled", "2019.txt", "", 113, 0, 0, 0, 1,
	  { { RU_, D, 6, 0, 1, 2 } }, NULL },
	{ "web", "news.txt", "", 121, 0, 0, 0, 1,
	  { { WB_, B, 7, 0, 1, 1 } }, NULL },
	{ "web", "20010101.txt", "", 122, 0, 0, 1, 1,
	  { { WB_, A, 7, 0, 1, 4 } }, NULL },
	{ "web", "copies.txt", "", 123, 0, 0, 0, 1,
	  { { WB_, C, 6, 0, 1, 2 } }, NULL },
	/* typeset by LibreOffice, through pdftotext with and without
	 * -layout: only items of our own, never the bundled corpus's, whose
	 * text changes with the builder */
	{ "real-pdf-layout", "rmrb_20010101_p5.txt", "", 91, 0, 0, 0, 1,
	  { { Y_, A, 7, 0, 1, 5 } },
	  .real = "real/pdf-layout/rmrb_20010101_p5.txt" },
	{ "real-pdf", "rmrb_20010101_p5.txt", "", 91, 0, 0, 0, 1,
	  { { Y_, A, 7, 0, 1, 5 } },
	  .real = "real/pdf/rmrb_20010101_p5.txt" },
	{ "real-pdf-layout", "20190102_03.txt", "", 92, 0, 1, 0, 1,
	  { { Y_, D, 6, 0, 1, 3 } },
	  .real = "real/pdf-layout/20190102_03.txt" },
	{ "real-pdf", "20190102_03.txt", "", 92, 0, 1, 0, 1,
	  { { Y_, D, 6, 0, 1, 3 } },
	  .real = "real/pdf/20190102_03.txt" },
};

#undef A
#undef B
#undef C
#undef D

static enum script script_of(enum render_layout l)
{
	return l == RENDER_SENTENCES ? SCRIPT_HK :
	       l == RENDER_CLAUSES   ? SCRIPT_TW :
				       SCRIPT_S;
}

/* A chosen item: the item, or a continuation made of its latter part. */
struct chosen {
	const struct item *it; /* the item as written */
	struct item cut; /* the continuation when `is_cut` (owned) */
	int is_cut;
	size_t order; /* when it was chosen: ties in page order */
	int rank; /* where on the page its kind goes */
};

static int paras_of(const struct item *it)
{
	int k = 0;
	for (size_t i = 0; i < it->n; i++)
		k += it->blocks[i].role == RENDER_PARA;
	return k;
}

static int has_role(const struct item *it, enum render_role r)
{
	for (size_t i = 0; i < it->n; i++)
		if (it->blocks[i].role == r)
			return 1;
	return 0;
}

/* Where an item goes on a page: the table of contents, a continuation,
 * the lead (news with a kicker or subtitle), news, photos, comment,
 * features, briefs under their column, the supplement's poem, the weather
 * box at the foot. */
static int rank_of(const struct item *it, int cut)
{
	if (cut)
		return 1;
	switch (it->kind) {
	case KIND_TOC:
		return 0;
	case KIND_NEWS:
		return has_role(it, RENDER_KICKER) ||
				       has_role(it, RENDER_SUBTITLE) ?
			       2 :
			       3;
	case KIND_DOCUMENT:
		return 4;
	case KIND_PHOTO:
		return 5;
	case KIND_COMMENTARY:
		return 6;
	case KIND_FEATURE:
		return 7;
	case KIND_COLUMN:
	case KIND_BRIEF:
		return 8;
	case KIND_POEM:
		return 9;
	default:
		return 10;
	}
}

static int cmp_chosen(const void *a, const void *b)
{
	const struct chosen *x = a, *y = b;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* The latter part of `it`, as a page that begins in the middle of it
 * shows it: from after the first clause of its middle paragraph on, no
 * headline, byline, note or opening dateline; a closing dateline kept. */
static void make_cut(const struct item *it, struct item *cut)
{
	*cut = (struct item){ 0 };
	memcpy(cut->name, it->name, sizeof cut->name);
	cut->issue = it->issue;
	cut->kind = it->kind;
	cut->date = has_role(it, RENDER_ENDDATE) ? it->date : 0;
	int want = paras_of(it) / 2, k = 0;
	size_t from = it->n;
	for (size_t i = 0; i < it->n && from == it->n; i++)
		if (it->blocks[i].role == RENDER_PARA && k++ == want)
			from = i;
	for (size_t i = from; i < it->n; i++) {
		const char *t = it->blocks[i].text;
		if (i == from) {
			/* after its first clause or sentence */
			const char *c1 = strstr(t, "，"), *c2 = strstr(t, "。");
			const char *c = c1 && (!c2 || c1 < c2) ? c1 : c2;
			if (c && c[3])
				t = c + 3;
		}
		item_add(cut, it->blocks[i].role, t, strlen(t));
	}
}

/* An article the page holds (not a table of contents or column head). */
static int is_article(const struct item *it)
{
	return it->kind != KIND_TOC && it->kind != KIND_COLUMN;
}

/* Choose a part's items from `pool` and put them in page order in `out`
 * (room for pool->n + 1).  Returns how many. */
static size_t choose(const struct plan *pl, size_t partno,
		     const struct items *pool, const uint8_t *excluded,
		     struct chosen *out)
{
	const struct part *pt = &pl->parts[partno];
	struct rng r = { pl->seed * 7919 + partno };
	size_t *idx = xrealloc(NULL, (pool->n + 1) * sizeof *idx), m = 0;
	for (size_t i = 0; i < pool->n; i++)
		if (pool->v[i].issue == pt->issue && !excluded[i] &&
		    (pl->bundled || !pool->v[i].bundled))
			idx[m++] = i;
	for (size_t i = m; i > 1; i--) {
		size_t j = rng_below(&r, i), t = idx[i - 1];
		idx[i - 1] = idx[j];
		idx[j] = t;
	}
	size_t n = 0, order = 0;
	int articles = 0, poems = 0, weather = 0, column = 0;
	uint8_t *used = calloc(pool->n + 1, 1);
	if (!used) {
		fputs("kanbao-pages: out of memory\n", stderr);
		exit(2);
	}
	if (pl->toc && partno == 0)
		for (size_t k = 0; k < m; k++)
			if (pool->v[idx[k]].kind == KIND_TOC) {
				out[n++] = (struct chosen){ .it = &pool->v[idx[k]],
							    .order = order++ };
				used[idx[k]] = 1;
				break;
			}
	if (pl->mid && partno == 0)
		for (size_t k = 0; k < m; k++) {
			const struct item *it = &pool->v[idx[k]];
			if ((it->kind == KIND_FEATURE || it->kind == KIND_NEWS) &&
			    paras_of(it) >= 3 && !it->bundled) {
				struct chosen *c = &out[n++];
				*c = (struct chosen){ .it = it, .is_cut = 1,
						      .order = order++ };
				make_cut(it, &c->cut);
				used[idx[k]] = 1;
				articles++;
				break;
			}
		}
	for (size_t k = 0; k < m && articles < pt->count; k++) {
		const struct item *it = &pool->v[idx[k]];
		if (used[idx[k]] || it->kind == KIND_TOC ||
		    it->kind == KIND_COLUMN)
			continue;
		if (it->kind == KIND_BRIEF) {
			/* the column head and all its briefs, or none */
			int briefs = 0;
			for (size_t q = 0; q < m; q++)
				briefs += pool->v[idx[q]].kind == KIND_BRIEF;
			if (column || articles + briefs > pt->count)
				continue;
			for (size_t q = 0; q < pool->n; q++) {
				const struct item *b = &pool->v[q];
				if (b->issue != pt->issue || excluded[q] ||
				    (b->kind != KIND_COLUMN &&
				     b->kind != KIND_BRIEF))
					continue;
				out[n++] = (struct chosen){ .it = b,
							    .order = order++ };
				used[q] = 1;
				articles += b->kind == KIND_BRIEF;
			}
			column = 1;
			continue;
		}
		if ((it->kind == KIND_POEM && poems++) ||
		    (it->kind == KIND_WEATHER && weather++))
			continue;
		out[n++] = (struct chosen){ .it = it, .order = order++ };
		used[idx[k]] = 1;
		articles++;
	}
	for (size_t k = 0; k < n; k++)
		out[k].rank = rank_of(out[k].it, out[k].is_cut);
	qsort(out, n, sizeof *out, cmp_chosen);
	free(used);
	free(idx);
	return n;
}

static const struct item *chosen_item(const struct chosen *c)
{
	return c->is_cut ? &c->cut : c->it;
}

/* ---- what the page should give ------------------------------------------*/

/* s without whitespace (ASCII, U+3000, form feeds, line ends). */
static char *strip_ws(const char *s, size_t n)
{
	struct buf b = { 0 };
	for (size_t i = 0; i < n;) {
		uint32_t uc;
		size_t len = utf8_next(s + i, n - i, &uc);
		if (!(uc == ' ' || uc == '\t' || uc == '\n' || uc == '\r' ||
		      uc == '\f' || uc == 0x3000 || uc == 0xA0))
			buf_put(&b, s + i, len);
		i += len;
	}
	if (b.failed) {
		fputs("kanbao-pages: out of memory\n", stderr);
		exit(2);
	}
	return b.p ? buf_take(&b) : strdup("");
}

static size_t occurrences(const char *hay, const char *needle)
{
	size_t k = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p++)
		k++;
	return k;
}

/* Blocks a snippet may come from: body text, not headlines, datelines,
 * bylines, credits or sign-offs. */
static int is_body(enum render_role r)
{
	return r == RENDER_PARA || r == RENDER_NOTE || r == RENDER_CAPTION ||
	       r == RENDER_LINE;
}

/* A snippet of `len` Han characters from block text `s` (from byte `skip`
 * on) that the stripped page `page` holds exactly once: the first one
 * when `from_end` is 0, else the last.  Written to `out` (room for 64
 * bytes); 0, or -1 when there is none. */
static int snippet(const char *s, size_t skip, size_t len, int from_end,
		   const char *page, char *out)
{
	size_t n = strlen(s);
	/* the starts of every window of `len` Han inside one run */
	size_t starts[1024], ns = 0, run_at[1024], run = 0;
	for (size_t i = skip; i < n;) {
		uint32_t uc;
		size_t l = utf8_next(s + i, n - i, &uc);
		if (utf8_is_han(uc)) {
			run_at[run % 1024] = i;
			run++;
			if (run >= len && ns < 1024)
				starts[ns++] = run_at[(run - len) % 1024];
		} else {
			run = 0;
		}
		i += l;
	}
	for (size_t k = 0; k < ns; k++) {
		/* from inside the paragraph: not its very first window */
		size_t at = from_end ? starts[ns - 1 - k] :
				       starts[k + (ns > 2 && k + 1 < ns)];
		size_t i = at, c = 0;
		while (c < len) {
			uint32_t uc;
			i += utf8_next(s + i, n - i, &uc);
			c++;
		}
		if (i - at >= 64)
			continue;
		memcpy(out, s + at, i - at);
		out[i - at] = '\0';
		if (occurrences(page, out) == 1)
			return 0;
	}
	return -1;
}

/* FIRST (from the first body block on) or LAST (from the last back). */
static int pick_snippet(const struct item *it, int last, const char *page,
			char *out)
{
	static const size_t lens[] = { 8, 6, 5 };
	for (size_t q = 0; q < it->n; q++) {
		size_t j = last ? it->n - 1 - q : q;
		const struct render_block *b = &it->blocks[j];
		if (!is_body(b->role))
			continue;
		size_t skip = 0;
		if (it->dl_opens && b->role == RENDER_PARA) {
			/* the first paragraph's own dateline */
			size_t first = 0;
			while (it->blocks[first].role != RENDER_PARA)
				first++;
			if (first == j)
				skip = (size_t)it->dl_opens;
		}
		for (size_t L = 0; L < 3; L++)
			if (!snippet(b->text, skip, lens[L], last, page, out))
				return 0;
	}
	return -1;
}

static int dateline_has_year(const struct item *it)
{
	for (size_t i = 0; i < it->n; i++) {
		const struct render_block *b = &it->blocks[i];
		if ((b->role == RENDER_DATELINE || b->role == RENDER_ENDDATE ||
		     (b->role == RENDER_PARA && it->dl_opens)) &&
		    strstr(b->text, "年")) {
			if (b->role != RENDER_PARA)
				return 1;
			char *dl = xstrndup(b->text, (size_t)it->dl_opens);
			int y = strstr(dl, "年") != NULL;
			free(dl);
			return y;
		}
	}
	return 0;
}

static void years_in_item(const struct item *it, int month, int day,
			  int exact, int *years, int *ny)
{
	for (size_t i = 0; i < it->n; i++)
		years_naming(it->blocks[i].text, month, day, exact, years, ny);
}

static void put_date(struct buf *b, uint32_t ymd)
{
	if (ymd)
		buf_printf(b, "%04u-%02u-%02u", ymd / 10000, ymd / 100 % 100,
			   ymd % 100);
}

/* Does the file name hold the issue's date (20010101, 2001-01-01)? */
static int name_dates(const char *name, uint32_t issue)
{
	char a[16], b[16];
	snprintf(a, sizeof a, "%08u", issue);
	snprintf(b, sizeof b, "%04u-%02u-%02u", issue / 10000,
		 issue / 100 % 100, issue % 100);
	return strstr(name, a) || strstr(name, b);
}

/* The date the builder should give chosen item k of `n` (see README):
 * 0 for none, or -1 when the page cannot say which year is right but
 * names a wrong one (the item must go).  On a page that states no date,
 * a dateline's year comes from dates written with a year that name its
 * month and day, in the item, then in the items nearest it (8 at most),
 * the latest year at the nearest distance that has any; else from those
 * naming its month and no day, the same way. */
static long expected_date(const struct chosen *v, size_t n, size_t k,
			  int known, uint32_t issue)
{
	const struct item *it = chosen_item(&v[k]);
	if (!it->date)
		return known ? (long)issue : 0;
	if (known || dateline_has_year(it))
		return (long)it->date;
	int month = (int)(it->date / 100 % 100), day = (int)(it->date % 100);
	for (int exact = 1; exact >= 0; exact--) {
		for (size_t d = 0; d <= 8; d++) {
			int years[16], ny = 0;
			if (k >= d && is_article(chosen_item(&v[k - d])))
				years_in_item(chosen_item(&v[k - d]), month, day,
					      exact, years, &ny);
			if (d && k + d < n && is_article(chosen_item(&v[k + d])))
				years_in_item(chosen_item(&v[k + d]), month, day,
					      exact, years, &ny);
			if (!ny)
				continue;
			int latest = years[0];
			for (int j = 1; j < ny; j++)
				if (years[j] > latest)
					latest = years[j];
			return latest == (int)(it->date / 10000) ? (long)it->date
								 : -1;
		}
	}
	return 0;
}

/* ---- writing ------------------------------------------------------------*/

static int write_file(const char *path, const char *p, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(p, 1, n, f) != n || fclose(f)) {
		fprintf(stderr, "kanbao-pages: %s: %s\n", path,
			strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	return 0;
}

static int make_dir(const char *path)
{
	if (mkdir(path, 0777) && errno != EEXIST) {
		fprintf(stderr, "kanbao-pages: %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	return 0;
}

#ifndef KANBAO_UCHARDET
#define KANBAO_UCHARDET 0
#endif

/* The Big5 a part of the page is encoded in, or NULL. */
static const char *plan_big5(const struct plan *pl)
{
	for (size_t i = 0; i < pl->nparts; i++)
		if (pl->parts[i].flags & RENDER_BIG5)
			return render_big5(pl->parts[i].layout);
	return NULL;
}

/* GBK or Big5 bytes back to UTF-8, to find the snippets in. */
static char *to_utf8(const char *charset, const char *s, size_t n,
		     size_t *outn)
{
	iconv_t cd = iconv_open("UTF-8", charset);
	if (cd == (iconv_t)-1)
		return NULL;
	size_t cap = n * 2 + 16, left = n, oleft = cap;
	char *out = xrealloc(NULL, cap), *in = (char *)s, *op = out;
	size_t rc = iconv(cd, &in, &left, &op, &oleft);
	iconv_close(cd);
	if (rc == (size_t)-1) {
		free(out);
		return NULL;
	}
	*outn = (size_t)(op - out);
	return out;
}

struct pools {
	struct items s[SCRIPT_N]; /* the items in each script */
	size_t bundled_from; /* s[SCRIPT_S].v[bundled_from..] are bundled */
};

/* A page's items, chosen and in page order, per part. */
struct composed {
	struct chosen *parts[2]; /* owned arrays */
	size_t n[2];
	uint32_t option_date; /* --date among the page's options, or 0 */
};

static void composed_free(struct composed *cp)
{
	for (size_t p = 0; p < 2; p++) {
		for (size_t k = 0; k < cp->n[p]; k++)
			if (cp->parts[p][k].is_cut)
				item_free(&cp->parts[p][k].cut);
		free(cp->parts[p]);
	}
	*cp = (struct composed){ 0 };
}

/* Does the page state part `p`'s issue date: its text, its name or its
 * options? */
static int date_known(const struct plan *pl, const struct composed *cp,
		      size_t p)
{
	const struct part *pt = &pl->parts[p];
	return pt->stated || name_dates(pl->name, pt->issue) ||
	       cp->option_date == pt->issue;
}

/* Choose every part's items: a page that never states its date may not
 * hold an item whose year it names wrongly (expected_date < 0). */
static void compose_items(const struct plan *pl, const struct pools *pools,
			  struct composed *cp)
{
	*cp = (struct composed){ 0 };
	const char *od = strstr(pl->options, "--date ");
	if (od)
		parse_date(od + 7, &cp->option_date);
	for (size_t p = 0; p < pl->nparts; p++) {
		const struct part *pt = &pl->parts[p];
		const struct items *pool = &pools->s[script_of(pt->layout)];
		uint8_t *excluded = calloc(pool->n + 1, 1);
		if (!excluded) {
			fputs("kanbao-pages: out of memory\n", stderr);
			exit(2);
		}
		int known = date_known(pl, cp, p);
		for (;;) {
			cp->parts[p] = xrealloc(cp->parts[p],
						(pool->n + 1) *
							sizeof *cp->parts[p]);
			size_t n = choose(pl, p, pool, excluded, cp->parts[p]);
			cp->n[p] = n;
			size_t bad = n;
			for (size_t k = 0; k < n && bad == n; k++)
				if (is_article(chosen_item(&cp->parts[p][k])) &&
				    expected_date(cp->parts[p], n, k, known,
						  pt->issue) < 0)
					bad = k;
			if (bad == n)
				break;
			excluded[cp->parts[p][bad].it - pool->v] = 1;
			for (size_t k = 0; k < n; k++)
				if (cp->parts[p][k].is_cut)
					item_free(&cp->parts[p][k].cut);
		}
		free(excluded);
	}
}

/* Lay the page out: its parts rendered one after another into `raw` (the
 * bytes to write) and `utf` (the same as UTF-8); or, for a page of real
 * extraction output, that file.  0, or -1 with a message. */
static int lay_out(const struct plan *pl, const struct composed *cp,
		   const char *src, struct buf *raw, struct buf *utf)
{
	if (pl->real) {
		char *path = xrealloc(NULL, strlen(src) + strlen(pl->real) + 2);
		sprintf(path, "%s/%s", src, pl->real);
		size_t n;
		char *text = read_whole_file(path, &n);
		if (!text) {
			fprintf(stderr, "kanbao-pages: %s: %s\n", path,
				strerror(errno));
			free(path);
			return -1;
		}
		free(path);
		buf_put(raw, text, n);
		buf_put(utf, text, n);
		free(text);
		return 0;
	}
	for (size_t p = 0; p < pl->nparts; p++) {
		const struct part *pt = &pl->parts[p];
		size_t n = cp->n[p];
		struct render_item *ri = xrealloc(NULL, (n + 1) * sizeof *ri);
		/* a database holds articles, no tables of contents or
		 * column heads */
		int only = pt->layout == RENDER_LABELLED ||
			   pt->layout == RENDER_RULED || pt->layout == RENDER_WEB;
		size_t m = 0;
		for (size_t k = 0; k < n; k++) {
			const struct item *it = chosen_item(&cp->parts[p][k]);
			if (!only || is_article(it))
				ri[m++] = (struct render_item){ it->blocks,
								it->n };
		}
		n = m;
		unsigned flags = pt->flags;
		if (pt->stated && pt->layout != RENDER_PDF &&
		    pt->layout != RENDER_PDF_LAYOUT && !(flags & SRC))
			flags |= MAST;
		enum script sc = script_of(pt->layout);
		struct render_page pg = {
			.layout = pt->layout,
			.seed = pl->seed * 31 + p,
			.paper = sc == SCRIPT_S ? "人民日报" : "人民日報",
			.year = pt->stated ? (int)(pt->issue / 10000) : 0,
			.month = pt->stated ? (int)(pt->issue / 100 % 100) : 0,
			.day = pt->stated ? (int)(pt->issue % 100) : 0,
			.page = pt->page,
			.flags = flags,
			.items = ri,
			.nitems = n,
		};
		struct err e = { 0 };
		size_t from = raw->len;
		int rc = 0;
		if (render_page(&pg, raw, &e) != ERR_OK) {
			fprintf(stderr, "kanbao-pages: %s/%s: %s\n", pl->dir,
				pl->name, e.msg);
			rc = -1;
		} else if (pt->layout == RENDER_LINES_GBK ||
			   (flags & RENDER_BIG5)) {
			const char *cs = pt->layout == RENDER_LINES_GBK
						 ? "GB18030"
						 : render_big5(pt->layout);
			size_t un;
			char *u = to_utf8(cs, raw->p + from, raw->len - from,
					  &un);
			if (!u) {
				fprintf(stderr, "kanbao-pages: %s/%s: %s "
					"does not decode\n", pl->dir,
					pl->name, cs);
				rc = -1;
			} else {
				buf_put(utf, u, un);
				free(u);
			}
		} else {
			buf_put(utf, raw->p + from, raw->len - from);
		}
		free(ri);
		if (rc)
			return rc;
	}
	return 0;
}

/* A headline another item of the page also says would be found in the
 * wrong article: a mistake in the items. */
static int title_elsewhere(const struct plan *pl, const struct composed *cp,
			   const struct item *it, const char *t)
{
	int rc = 0;
	for (size_t q = 0; q < pl->nparts && strlen(t) >= 12; q++)
		for (size_t o = 0; o < cp->n[q]; o++) {
			const struct item *x = chosen_item(&cp->parts[q][o]);
			for (size_t j = 0; j < x->n && x != it; j++) {
				const char *b = x->blocks[j].text;
				char *xt = strip_ws(b, strlen(b));
				if (strstr(xt, t)) {
					fprintf(stderr, "kanbao-pages: %s/%s: "
						"%s says the headline of %s\n",
						pl->dir, pl->name, x->name,
						it->name);
					rc = -1;
				}
				free(xt);
			}
		}
	return rc;
}

/* The page's NAME.expect, its snippets found in `page` (the raw text as
 * UTF-8, whitespace removed). */
static int expectations(const struct plan *pl, const struct composed *cp,
			const char *page, struct buf *expect, size_t *articles)
{
	for (size_t p = 0; p < pl->nparts; p++) {
		const struct part *pt = &pl->parts[p];
		int known = date_known(pl, cp, p);
		for (size_t k = 0; k < cp->n[p]; k++) {
			const struct chosen *c = &cp->parts[p][k];
			const struct item *it = chosen_item(c);
			if (!is_article(it))
				continue;
			char first[64], last[64];
			const char *title = c->is_cut ? "" : item_title(it);
			if (pick_snippet(it, 0, page, first) < 0 ||
			    pick_snippet(it, 1, page, last) < 0) {
				fprintf(stderr, "kanbao-pages: %s/%s: no "
					"snippet found for %s\n", pl->dir,
					pl->name, it->name);
				return -1;
			}
			char *t = strip_ws(title, strlen(title));
			int rc = title_elsewhere(pl, cp, it, t);
			long date = expected_date(cp->parts[p], cp->n[p], k,
						  known, pt->issue);
			buf_printf(expect, "%s\t%s\t%s\t", t, first, last);
			put_date(expect, date > 0 ? (uint32_t)date : 0);
			/* a build without uchardet reads Big5 only when told */
			const char *big5 = !KANBAO_UCHARDET ? plan_big5(pl)
							     : NULL;
			if (*pl->options || big5)
				buf_printf(expect, "\t%s%s%s%s", pl->options,
					   *pl->options && big5 ? " " : "",
					   big5 ? "--encoding " : "",
					   big5 ? big5 : "");
			buf_putc(expect, '\n');
			free(t);
			if (rc)
				return rc;
			(*articles)++;
		}
	}
	return 0;
}

/* Compose one page: choose, lay out, find its snippets, write it. */
static int compose(const struct plan *pl, const struct pools *pools,
		   const char *src, const char *outdir, size_t *articles)
{
	char *dir = xrealloc(NULL, strlen(outdir) + strlen(pl->dir) + 2);
	sprintf(dir, "%s/%s", outdir, pl->dir);
	if (make_dir(dir) < 0) {
		free(dir);
		return -1;
	}
	struct buf raw = { 0 }, utf = { 0 }, expect = { 0 };
	struct composed cp;
	compose_items(pl, pools, &cp);
	int rc = lay_out(pl, &cp, src, &raw, &utf);
	char *page = rc ? NULL : strip_ws(utf.p ? utf.p : "", utf.len);
	if (!rc)
		rc = expectations(pl, &cp, page, &expect, articles);
	char *path = xrealloc(NULL, strlen(dir) + strlen(pl->name) + 16);
	if (!rc) {
		sprintf(path, "%s/%s", dir, pl->name);
		rc = write_file(path, raw.p, raw.len);
	}
	if (!rc) {
		sprintf(path, "%s/%.*s.expect", dir,
			(int)(strlen(pl->name) - 4), pl->name);
		rc = write_file(path, expect.p ? expect.p : "", expect.len);
	}
	/* the encoding of a Big5 page, for the scorer to count its Han */
	const char *big5 = plan_big5(pl);
	if (!rc && big5) {
		sprintf(path, "%s/%.*s.charset", dir,
			(int)(strlen(pl->name) - 4), pl->name);
		rc = write_file(path, big5, strlen(big5));
	}
	if (raw.failed || expect.failed || utf.failed) {
		fputs("kanbao-pages: out of memory\n", stderr);
		rc = -1;
	}
	composed_free(&cp);
	free(path);
	free(dir);
	free(page);
	buf_free(&raw);
	buf_free(&utf);
	buf_free(&expect);
	return rc;
}

/* ---- typesetting input for the real pages -------------------------------*/

static void xml_text(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '&')
			buf_puts(b, "&amp;");
		else if (*s == '<')
			buf_puts(b, "&lt;");
		else if (*s == '>')
			buf_puts(b, "&gt;");
		else
			buf_putc(b, *s);
	}
}

static void xml_para(struct buf *b, const char *style, const char *a,
		     const char *sep, const char *c)
{
	buf_printf(b, "<text:p text:style-name=\"%s\">", style);
	xml_text(b, a);
	if (sep)
		xml_text(b, sep);
	if (c)
		xml_text(b, c);
	buf_puts(b, "</text:p>\n");
}

static const char FODT_HEAD[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<office:document "
	"xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
	"xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" "
	"xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "
	"xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:"
	"xsl-fo-compatible:1.0\" "
	"xmlns:svg=\"urn:oasis:names:tc:opendocument:xmlns:"
	"svg-compatible:1.0\" office:version=\"1.2\" "
	"office:mimetype=\"application/vnd.oasis.opendocument.text\">\n"
	"<office:font-face-decls><style:font-face style:name=\"Serif\" "
	"svg:font-family=\"'Noto Serif CJK SC'\"/><style:font-face "
	"style:name=\"Sans\" svg:font-family=\"'Noto Sans CJK SC'\"/>"
	"</office:font-face-decls>\n"
	"<office:styles>\n"
	"<style:style style:name=\"Standard\" style:family=\"paragraph\">"
	"<style:text-properties style:font-name=\"Serif\" "
	"style:font-name-asian=\"Serif\" fo:font-size=\"9.5pt\" "
	"style:font-size-asian=\"9.5pt\"/></style:style>\n"
	"<style:style style:name=\"Body\" style:family=\"paragraph\" "
	"style:parent-style-name=\"Standard\"><style:paragraph-properties "
	"fo:text-indent=\"19pt\" fo:text-align=\"justify\"/></style:style>\n"
	"<style:style style:name=\"Plain\" style:family=\"paragraph\" "
	"style:parent-style-name=\"Standard\"/>\n"
	"<style:style style:name=\"Right\" style:family=\"paragraph\" "
	"style:parent-style-name=\"Standard\"><style:paragraph-properties "
	"fo:text-align=\"end\"/></style:style>\n"
	"<style:style style:name=\"Cross\" style:family=\"paragraph\" "
	"style:parent-style-name=\"Standard\"><style:paragraph-properties "
	"fo:margin-top=\"4pt\"/><style:text-properties "
	"style:font-name-asian=\"Sans\" fo:font-weight=\"bold\" "
	"style:font-weight-asian=\"bold\"/></style:style>\n"
	"<style:style style:name=\"Small\" style:family=\"paragraph\" "
	"style:parent-style-name=\"Standard\"><style:paragraph-properties "
	"fo:text-align=\"center\"/><style:text-properties "
	"fo:font-size=\"9pt\" style:font-size-asian=\"9pt\"/></style:style>\n"
	"<style:style style:name=\"Kicker\" style:family=\"paragraph\" "
	"style:parent-style-name=\"Standard\"><style:paragraph-properties "
	"fo:text-align=\"center\" fo:margin-top=\"10pt\"/>"
	"<style:text-properties fo:font-size=\"11pt\" "
	"style:font-size-asian=\"11pt\"/></style:style>\n"
	"<style:style style:name=\"Title\" style:family=\"paragraph\" "
	"style:parent-style-name=\"Standard\"><style:paragraph-properties "
	"fo:text-align=\"center\" fo:margin-top=\"6pt\" "
	"fo:margin-bottom=\"4pt\"/><style:text-properties "
	"style:font-name-asian=\"Sans\" fo:font-size=\"17pt\" "
	"style:font-size-asian=\"17pt\" fo:font-weight=\"bold\" "
	"style:font-weight-asian=\"bold\"/></style:style>\n"
	"<style:style style:name=\"Lead\" style:family=\"paragraph\" "
	"style:parent-style-name=\"Title\"><style:text-properties "
	"fo:font-size=\"24pt\" style:font-size-asian=\"24pt\"/>"
	"</style:style>\n"
	/* the first paragraph starts the page numbers at the page's 版 */
	"<style:style style:name=\"First\" style:family=\"paragraph\" "
	"style:parent-style-name=\"Standard\" style:master-page-name="
	"\"Standard\"><style:paragraph-properties style:page-number=\"%d\"/>"
	"</style:style>\n"
	"</office:styles>\n"
	"<office:automatic-styles>\n"
	"<style:style style:name=\"Cols\" style:family=\"section\">"
	"<style:section-properties><style:columns fo:column-count=\"2\" "
	"fo:column-gap=\"0.8cm\"/></style:section-properties></style:style>\n"
	"<style:page-layout style:name=\"PL\"><style:page-layout-properties "
	"fo:page-width=\"18.2cm\" fo:page-height=\"25.7cm\" "
	"fo:margin-top=\"1.2cm\" fo:margin-bottom=\"1.2cm\" "
	"fo:margin-left=\"1.5cm\" fo:margin-right=\"1.5cm\"/>"
	"<style:header-style/><style:footer-style/></style:page-layout>\n"
	"</office:automatic-styles>\n";

/* The page as a flat ODF text document: a running head and a footer on
 * every page (the 版 number from the page's, counting on), the first
 * headline across the page, the rest in two columns. */
static int write_fodt(const struct plan *pl, const struct composed *cp,
		      const char *path)
{
	const struct part *pt = &pl->parts[0];
	static const char *const weekdays[] = { "日", "一", "二", "三",
						"四", "五", "六" };
	long z = days_of(pt->issue);
	struct buf b = { 0 };
	buf_printf(&b, FODT_HEAD, pt->page);
	buf_printf(&b, "<office:master-styles><style:master-page "
		       "style:name=\"Standard\" style:page-layout-name=\"PL\">"
		       "<style:header><text:p text:style-name=\"Plain\">"
		       "人民日报　　　%u年%u月%u日　星期%s　　　第 "
		       "<text:page-number text:select-page=\"current\">%d"
		       "</text:page-number> 版"
		       "</text:p></style:header><style:footer>"
		       "<text:p text:style-name=\"Right\">本版责编：许晓明　"
		       "郑雅文</text:p></style:footer></style:master-page>"
		       "</office:master-styles>\n<office:body><office:text>\n"
		       "<text:p text:style-name=\"First\"/>\n",
		   pt->issue / 10000, pt->issue / 100 % 100, pt->issue % 100,
		   weekdays[((z + 3) % 7 + 7) % 7], pt->page);
	int in_cols = 0;
	for (size_t k = 0; k < cp->n[0]; k++) {
		const struct item *it = chosen_item(&cp->parts[0][k]);
		const char *dateline = NULL;
		for (size_t j = 0; j < it->n; j++) {
			const struct render_block *bl = &it->blocks[j];
			int head = bl->role == RENDER_KICKER ||
				   bl->role == RENDER_TITLE ||
				   bl->role == RENDER_SUBTITLE;
			if (!in_cols && !(k == 0 && head)) {
				buf_puts(&b, "<text:section text:style-name="
					     "\"Cols\" text:name=\"c\">\n");
				in_cols = 1;
			}
			const char *text = bl->text, *style = "Body";
			switch (bl->role) {
			case RENDER_DATELINE:
				dateline = text;
				continue;
			case RENDER_TITLE:
				style = k == 0 ? "Lead" : "Title";
				break;
			case RENDER_KICKER:
			case RENDER_SUBTITLE:
				style = "Kicker";
				break;
			case RENDER_BYLINE:
			case RENDER_SOURCE:
				style = "Small";
				break;
			case RENDER_CROSSHEAD:
				style = "Cross";
				break;
			case RENDER_LINE:
			case RENDER_BLANK:
				style = "Plain";
				break;
			case RENDER_CREDIT:
			case RENDER_SIGNOFF:
			case RENDER_ENDDATE:
				style = "Right";
				break;
			default:
				break;
			}
			if (bl->role == RENDER_PARA && dateline) {
				xml_para(&b, style, dateline, "　", text);
				dateline = NULL;
			} else {
				xml_para(&b, style, text, NULL, NULL);
			}
		}
	}
	if (in_cols)
		buf_puts(&b, "</text:section>\n");
	buf_puts(&b, "</office:text></office:body></office:document>\n");
	int rc = b.failed ? -1 : write_file(path, b.p, b.len);
	buf_free(&b);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "corpus", required_argument, NULL, 'c' },
		{ "fodt", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *outdir = NULL, *corpus = "kanbao.kb", *fodt = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "o:c:f:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			outdir = optarg;
			break;
		case 'c':
			corpus = optarg;
			break;
		case 'f':
			fodt = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	if (!outdir == !fodt || optind + 1 != argc) {
		fputs(usage, stderr);
		return 2;
	}
	const char *src = argv[optind];
	static const char *const dirs[SCRIPT_N] = { "items", "items-hk",
						    "items-tw" };
	struct pools pools = { 0 };
	struct overrides ov = { 0 };
	char path[4096];
	int rc = 0;
	for (size_t s = 0; s < SCRIPT_N && !rc; s++) {
		snprintf(path, sizeof path, "%s/%s", src, dirs[s]);
		rc = load_dir(path, &pools.s[s]);
	}
	snprintf(path, sizeof path, "%s/bundled.txt", src);
	if (!rc)
		rc = load_overrides(path, &ov);
	pools.bundled_from = pools.s[SCRIPT_S].n;
	if (!rc)
		rc = load_bundled(corpus, &ov, &pools.s[SCRIPT_S]);
	if (!rc)
		rc = make_dir(fodt ? fodt : outdir);
	size_t articles = 0, pages = 0;
	for (size_t i = 0; i < sizeof PAGES / sizeof *PAGES && !rc; i++) {
		const struct plan *pl = &PAGES[i];
		if (fodt && pl->real) {
			/* DIR/NAME.fodt, NAME the real file's */
			const char *base = strrchr(pl->real, '/') + 1;
			char *path = xrealloc(NULL, strlen(fodt) +
							    strlen(base) + 8);
			sprintf(path, "%s/%.*s.fodt", fodt,
				(int)(strlen(base) - 4), base);
			struct composed cp;
			compose_items(pl, &pools, &cp);
			rc = write_fodt(pl, &cp, path);
			composed_free(&cp);
			free(path);
		} else if (!fodt) {
			rc = compose(pl, &pools, src, outdir, &articles);
		}
		pages++;
	}
	if (!rc && !fodt)
		printf("kanbao-pages: %zu pages, %zu articles expected, from "
		       "%zu items and %zu bundled articles\n",
		       pages, articles, pools.bundled_from,
		       pools.s[SCRIPT_S].n - pools.bundled_from);
	for (size_t s = 0; s < SCRIPT_N; s++)
		items_free(&pools.s[s]);
	overrides_free(&ov);
	return rc ? 2 : 0;
}
