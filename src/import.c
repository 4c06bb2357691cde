/* import: raw newspaper text in, articles out (see include/kanbao/import.h).
 *
 * The rules here are about layouts, never about particular articles: they
 * must work on other pages laid out the same ways. */
#include "kanbao/import.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uniwidth.h>

#include "kanbao/buf.h"
#include "kanbao/decode.h"
#include "kanbao/norm.h"
#include "kanbao/thread.h"
#include "kanbao/utf8.h"
#include "kanbao/width.h"

/* Raw files larger than this are refused: the builder holds a file in
 * memory a few times over while it works. */
#define IMPORT_MAX_FILE ((size_t)4 << 30)

/* A headline or section head is at most this many columns (40 Han); a
 * headline spans at most this many lines (a kicker, the title, a
 * subtitle). */
enum { HEAD_MAX_COLS = 80, HEAD_MAX_LINES = 3 };
/* A derived title: cut at a clause end between these many characters. */
enum { TITLE_MIN_CHARS = 8, TITLE_MAX_CHARS = 24 };

/* ---- characters ---------------------------------------------------------*/

/* Is `uc` in `set`?  Every set here is punctuation, none of it Han; most
 * characters of a text are Han, and the first test turns them away. */
static int is_any(uint32_t uc, const uint32_t *set)
{
	if (utf8_is_han(uc))
		return 0;
	for (; *set; set++)
		if (*set == uc)
			return 1;
	return 0;
}

/* Punctuation that can end a sentence (and so a paragraph). */
static const uint32_t FINAL_PUNCT[] = {
	0x3002 /* 。 */, 0xFF01 /* ！ */, 0xFF1F /* ？ */, 0xFF1B /* ； */,
	0xFF1A /* ： */, 0x2026 /* … */, 0x2014 /* — */, 0xFF0E /* ． */,
	'!', '?', ';', ':', '.', 0
};
/* Closing quotes and brackets that may follow the final punctuation. */
static const uint32_t CLOSERS[] = {
	0x201D /* ” */, 0x2019 /* ’ */, 0xFF09 /* ） */, ')', 0x300D /* 」 */,
	0x300F /* 』 */, 0x300B /* 》 */, 0x3009 /* 〉 */, 0x3015 /* 〕 */,
	0x3011 /* 】 */, ']', '"', '\'', 0
};
/* Openers and their closers, for "a quote or bracket is left open". */
static const uint32_t OPENERS[] = {
	0x201C, 0x2018, 0xFF08, '(', 0x300C, 0x300E, 0x300A, 0x3008, 0x3014,
	0x3010, '[', 0
};
/* Sentence ends that make a block too long to be a heading. */
static const uint32_t STOPS[] = { 0x3002, 0xFF01, 0xFF1F, '!', '?', 0 };

static uint32_t first_char(const char *s, size_t n)
{
	uint32_t uc = 0;
	if (n)
		utf8_next(s, n, &uc);
	return uc;
}

/* The last character of s[0..n), and its byte offset in `*at`. */
static uint32_t last_char(const char *s, size_t n, size_t *at)
{
	uint32_t uc = 0;
	const char *p = utf8_prev(s + n, s, &uc);
	if (at)
		*at = p ? (size_t)(p - s) : 0;
	return p ? uc : 0;
}

static int is_digit(uint32_t uc, int *val)
{
	if (uc >= '0' && uc <= '9')
		return *val = (int)(uc - '0'), 1;
	if (uc >= 0xFF10 && uc <= 0xFF19)
		return *val = (int)(uc - 0xFF10), 1;
	return 0;
}

/* Does the text end a sentence?  Closing quotes and brackets are looked
 * through; a text that is one parenthesis from start to end is complete. */
static int ends_final(const char *s, size_t n)
{
	size_t at = n;
	uint32_t uc;
	while ((uc = last_char(s, at, &at)) && is_any(uc, CLOSERS))
		;
	if (uc && is_any(uc, FINAL_PUNCT))
		return 1;
	uint32_t first = first_char(s, n), last = last_char(s, n, NULL);
	return (first == 0xFF08 && last == 0xFF09) ||
	       (first == '(' && last == ')');
}

/* Quotes and brackets left open after s[0..n), `depth` being open before
 * it. */
static int depth_after(int depth, const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t uc;
		i += utf8_next(s + i, n - i, &uc);
		if (is_any(uc, OPENERS))
			depth++;
		else if (is_any(uc, CLOSERS) && uc != '"' && uc != '\'' &&
			 depth > 0)
			depth--;
	}
	return depth;
}

static int has_any(const char *s, size_t n, const uint32_t *set)
{
	for (size_t i = 0; i < n;) {
		uint32_t uc;
		i += utf8_next(s + i, n - i, &uc);
		if (is_any(uc, set))
			return 1;
	}
	return 0;
}

/* ---- datelines ----------------------------------------------------------*/

static size_t skip_spaces(const char *s, size_t n, size_t i)
{
	while (i < n) {
		uint32_t uc;
		size_t len = utf8_next(s + i, n - i, &uc);
		if (!utf8_is_space(uc) && uc != '\n')
			break;
		i += len;
	}
	return i;
}

/* A number of 1 or 2 digits at s[*i], then spaces. */
static int number(const char *s, size_t n, size_t *i, int *out)
{
	int v = 0, digits = 0, d;
	uint32_t uc;
	while (*i < n && digits < 3) {
		size_t len = utf8_next(s + *i, n - *i, &uc);
		if (!is_digit(uc, &d))
			break;
		v = v * 10 + d;
		digits++;
		*i += len;
	}
	*i = skip_spaces(s, n, *i);
	*out = v;
	return digits >= 1 && digits <= 2;
}

/* The character `want` at s[*i], then spaces. */
static int expect(const char *s, size_t n, size_t *i, uint32_t want)
{
	uint32_t uc;
	if (*i >= n)
		return 0;
	size_t len = utf8_next(s + *i, n - *i, &uc);
	if (uc != want)
		return 0;
	*i = skip_spaces(s, n, *i + len);
	return 1;
}

int import_dateline(const char *s, size_t n, struct dateline *dl)
{
	memset(dl, 0, sizeof *dl);
	size_t i = skip_spaces(s, n, 0);
	uint32_t uc;
	if (i < n && first_char(s + i, n - i) == 0x636E /* 据 */)
		i += 3;
	/* The agency: 2 to 6 Han characters, the shortest run ending in 社,
	 * 报, 网 or 台 (新华社, 人民日报, 中新网); then the place, Han up to the
	 * date. */
	size_t start = i, chars = 0;
	int found = 0;
	while (i < n && chars < 6) {
		size_t len = utf8_next(s + i, n - i, &uc);
		if (!utf8_is_han(uc))
			break;
		i += len;
		chars++;
		if (chars >= 2 && (uc == 0x793E || uc == 0x62A5 ||
				   uc == 0x7F51 || uc == 0x53F0)) {
			found = 1;
			break;
		}
	}
	if (!found)
		return 0;
	dl->agency = start;
	dl->agency_len = i - start;
	size_t place = i;
	chars = 0;
	while (i < n && chars <= 8) {
		size_t len = utf8_next(s + i, n - i, &uc);
		if (!utf8_is_han(uc))
			break;
		i += len;
		chars++;
	}
	if (chars > 8)
		return 0;
	dl->place = place;
	dl->place_len = i - place;
	i = skip_spaces(s, n, i);
	if (!number(s, n, &i, &dl->month) || !expect(s, n, &i, 0x6708 /* 月 */) ||
	    !number(s, n, &i, &dl->day) || !expect(s, n, &i, 0x65E5 /* 日 */))
		return 0;
	if (i >= n)
		return 0;
	uc = first_char(s + i, n - i);
	if (uc != 0x7535 /* 电 */ && uc != 0x8BAF /* 讯 */)
		return 0;
	i += 3;
	if (dl->month < 1 || dl->month > 12 || dl->day < 1 || dl->day > 31)
		return 0;
	dl->len = i;
	return 1;
}

int import_infer_year(const char *s, size_t n)
{
	int best = 0;
	for (size_t i = 0; i < n;) {
		/* Skip to a digit: '0'..'9', or a full-width one (EF BC 9x).
		 * Those bytes never continue another character, so this lands
		 * where reading character by character would. */
		unsigned char b = (unsigned char)s[i];
		if ((b < '0' || b > '9') && b != 0xEF) {
			i++;
			continue;
		}
		int d, year = 0, digits = 0;
		size_t j = i;
		uint32_t uc;
		while (j < n && digits < 5) {
			size_t len = utf8_next(s + j, n - j, &uc);
			if (!is_digit(uc, &d))
				break;
			year = year * 10 + d;
			digits++;
			j += len;
		}
		if (digits != 4) {
			i = digits ? j : i + utf8_next(s + i, n - i, &uc);
			continue;
		}
		j = skip_spaces(s, n, j);
		int month;
		if (expect(s, n, &j, 0x5E74 /* 年 */) && number(s, n, &j, &month) &&
		    expect(s, n, &j, 0x6708 /* 月 */) && month >= 1 &&
		    month <= 12 && year >= 1900 && year <= 2100 && year > best)
			best = year;
		i = j > i ? j : i + 1;
	}
	return best;
}

/* ---- lines and layout ---------------------------------------------------*/

struct line {
	const char *s; /* trimmed text, inside the decoded buffer */
	size_t len; /* bytes; 0 for a blank line */
	size_t width; /* columns */
	size_t no; /* 1-based line number in the file */
};

/* How the file is laid out, found from its own lines. */
struct layout {
	int hard; /* hard-wrapped at a column width */
	size_t full; /* a line this wide (or wider) fills the column */
	size_t first; /* when not 0: a full line narrower than this is the
			 first line of a paragraph (print indents it) */
	size_t first_w; /* when not 0: the usual width of a full first line */
	size_t cont; /* when not 0: the usual width of a line that goes on */
};

/* The width a line fills when it is full: first lines are narrower where
 * print indents them. */
static size_t expected(const struct layout *lay, int first_line)
{
	if (first_line && lay->first_w)
		return lay->first_w;
	return lay->cont ? lay->cont : lay->full + 6;
}

enum fill { LOOSE, TIGHT };

/* A line fills its column, give or take a few columns: justified lines
 * vary with the digits and spaces in them.  LOOSE (3 Han) decides whether
 * a line that breaks off mid-sentence was cut by the column; TIGHT (2 Han)
 * whether a line ending a sentence stopped short of it.  Measured on the
 * seeds' text re-wrapped at 36 to 60 columns, proportional slack did
 * worse. */
static int is_full(const struct layout *lay, size_t width, int first_line,
		   enum fill fill)
{
	return lay->hard &&
	       width + (fill == LOOSE ? 6 : 4) >= expected(lay, first_line);
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return (x > y) - (x < y);
}

static size_t median(size_t *v, size_t n)
{
	qsort(v, n, sizeof *v, cmp_size);
	return v[n / 2];
}

/* Print indents a paragraph's first line, and extraction drops the indent:
 * where first lines are clearly narrower than the lines that go on, that
 * tells a paragraph break after a full line ending a sentence.  Widths of
 * lines that are followed by another line of their paragraph: after a
 * paragraph end (a blank line or a short line after final punctuation)
 * versus after a full line that broke mid-sentence. */
static void find_indent(const struct line *l, size_t n, struct layout *lay,
			size_t *w1, size_t *w2)
{
	size_t k1 = 0, k2 = 0;
	for (size_t j = 1; j + 1 < n; j++) {
		if (!l[j].len || !l[j + 1].len || l[j].width < lay->full)
			continue;
		size_t i = j - 1;
		int blank = !l[i].len;
		while (i > 0 && !l[i].len)
			i--;
		if (!l[i].len)
			continue;
		int final = ends_final(l[i].s, l[i].len);
		if (final && (blank || l[i].width < lay->full))
			w1[k1++] = l[j].width;
		else if (!final && !blank && l[i].width >= lay->full)
			w2[k2++] = l[j].width;
	}
	if (k2 >= 5)
		lay->cont = median(w2, k2);
	if (k1 >= 5)
		lay->first_w = median(w1, k1);
	if (k1 >= 5 && k2 >= 5 && lay->first_w + 3 <= lay->cont)
		lay->first = (lay->first_w + lay->cont + 1) / 2;
}

/* A hard-wrapped file has most of its lines within a few columns of one
 * width: its 85th percentile.  A file of one paragraph per line has widths
 * spread over hundreds of columns.  Seed 002 (hard-wrapped at about 27 Han)
 * has 80% of its lines within 80% of that width; seed 000 has 17%. */
static struct layout find_layout(const struct line *l, size_t n)
{
	struct layout lay = { 0 };
	size_t *w = malloc((n ? n : 1) * sizeof *w), k = 0;
	size_t *w2 = malloc((n ? n : 1) * sizeof *w2);
	if (!w || !w2)
		goto out;
	for (size_t i = 0; i < n; i++)
		if (l[i].len)
			w[k++] = l[i].width;
	if (k >= 8) {
		qsort(w, k, sizeof *w, cmp_size);
		size_t p85 = w[k * 85 / 100];
		size_t near = 0;
		for (size_t i = 0; i < k; i++)
			near += w[i] * 5 >= p85 * 4 && w[i] <= p85 + 4;
		if (p85 >= 16 && p85 <= 200 && near * 2 >= k) {
			lay.hard = 1;
			/* Justified lines vary by a few columns with the
			 * digits and spaces in them: allow 3 Han less. */
			lay.full = p85 > 6 ? p85 - 6 : p85;
			find_indent(l, n, &lay, w, w2);
		}
	}
out:
	free(w);
	free(w2);
	return lay;
}

/* The width a line had on the printed page: CJK fonts set East Asian
 * Ambiguous characters (“ ” … — ·) full-width.  Only the layout guesses use
 * this; everything shown is measured by width.h. */
static size_t typeset_width(const char *s, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n;) {
		uint32_t uc;
		i += utf8_next(s + i, n - i, &uc);
		/* A CJK charset: wide.  Printable ASCII and the CJK unified
		 * ideographs, most of the text, are 1 and 2 in any charset
		 * (tests/test_import.c checks), so libunistring is asked only
		 * about the rest. */
		int cw;
		if (uc >= 0x20 && uc < 0x7F)
			cw = 1;
		else if (uc >= 0x4E00 && uc <= 0x9FFF)
			cw = 2;
		else
			cw = uc_width(uc, "GBK");
		w += cw > 0 ? (size_t)cw : 0;
	}
	return w;
}

/* Split the decoded text into lines, trimmed of spaces at both ends. */
static struct line *split_lines(const char *text, size_t len, size_t *count)
{
	size_t n = 0, cap = 256;
	struct line *l = malloc(cap * sizeof *l);
	for (size_t i = 0, no = 1; l && i < len; no++) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - text) : len;
		size_t a = skip_spaces(text, end, i), b = end;
		while (b > a) {
			size_t at;
			uint32_t uc = last_char(text + a, b - a, &at);
			if (!utf8_is_space(uc))
				break;
			b = a + at;
		}
		if (n == cap) {
			struct line *p = realloc(l, (cap *= 2) * sizeof *l);
			if (!p) {
				free(l);
				return NULL;
			}
			l = p;
		}
		l[n++] = (struct line){ text + a, b - a,
					typeset_width(text + a, b - a), no };
		i = end + 1;
	}
	*count = n;
	return l;
}

/* ---- blocks -------------------------------------------------------------*/

/* The byte offset just after the parenthesis that closes the one at s[0],
 * or 0. */
static size_t paren_end(const char *s, size_t n)
{
	int depth = 0;
	for (size_t i = 0; i < n;) {
		uint32_t uc;
		i += utf8_next(s + i, n - i, &uc);
		if (uc == 0xFF08 || uc == '(')
			depth++;
		else if ((uc == 0xFF09 || uc == ')') && --depth == 0)
			return i;
	}
	return 0;
}

/* A byline: [（][AGENCY](记者|通讯员|...) NAMES[）], names being Han
 * characters, spaces and 、 only.  Returns 1 and the names' byte range
 * [*from, *to) with the role word at *role, or 0. */
static int parse_byline(const char *s, size_t n, size_t *role, size_t *from,
			size_t *to)
{
	static const char *const roles[] = { "特约记者", "记者", "通讯员",
					     "实习生", NULL };
	size_t i = 0;
	uint32_t uc = first_char(s, n);
	int paren = uc == 0xFF08 || uc == '(';
	if (paren)
		i += uc == '(' ? 1 : 3;
	size_t end = n;
	if (paren) {
		uint32_t last = last_char(s, n, &end);
		if (last != 0xFF09 && last != ')')
			return 0;
	}
	/* Up to 4 Han characters of agency before the role. */
	for (int chars = 0; chars <= 4 && i < end; chars++) {
		for (const char *const *r = roles; *r; r++) {
			size_t rl = strlen(*r);
			if (i + rl <= end && !memcmp(s + i, *r, rl)) {
				*role = i;
				*from = skip_spaces(s, end, i + rl);
				*to = end;
				size_t han = 0;
				for (size_t k = *from; k < end;) {
					k += utf8_next(s + k, end - k, &uc);
					if (utf8_is_han(uc))
						han++;
					else if (!utf8_is_space(uc) &&
						 uc != '\n' && uc != 0x3001)
						return 0;
				}
				return han >= 2;
			}
		}
		i += utf8_next(s + i, end - i, &uc);
		if (!utf8_is_han(uc))
			return 0;
	}
	return 0;
}

/* What follows a dateline that opens a block: maybe a byline in
 * parentheses ("（记者 高 蕾）"), then the rest; the rest may be a headline
 * standing on the dateline's line (seed 000: "新华社北京3月1日电 关于召开…
 * 的决定（…通过）"), whose trailing parenthesis is its subtitle. */
struct opening {
	struct dateline dl;
	size_t byline; /* offset of the byline's parenthesis, or 0 */
	size_t role, from, to; /* the byline's parts (see parse_byline) */
	size_t rest; /* where the rest starts (n when none) */
	size_t head; /* where the headline part of the rest ends */
	int headline; /* the rest reads as a headline, not a sentence */
};

static int parse_opening(const char *s, size_t n, struct opening *o)
{
	memset(o, 0, sizeof *o);
	if (!import_dateline(s, n, &o->dl))
		return 0;
	size_t i = skip_spaces(s, n, o->dl.len);
	uint32_t uc = first_char(s + i, n - i);
	if (uc == 0xFF08 || uc == '(') {
		size_t end = paren_end(s + i, n - i);
		if (end && parse_byline(s + i, end, &o->role, &o->from,
					&o->to)) {
			o->byline = i;
			o->role += i, o->from += i, o->to += i;
			i = skip_spaces(s, n, i + end);
		}
	}
	o->rest = i;
	o->head = n;
	if (i >= n)
		return 1;
	if (last_char(s + i, n - i, NULL) == 0xFF09) {
		for (size_t k = i; k < n; k += utf8_next(s + k, n - k, &uc)) {
			if (first_char(s + k, n - k) == 0xFF08 &&
			    paren_end(s + k, n - k) == n - k) {
				o->head = k;
				break;
			}
		}
	}
	o->headline = o->head > i && !ends_final(s + i, o->head - i) &&
		      !has_any(s + i, n - i, STOPS) &&
		      width_str(s + i, o->head - i) <= HEAD_MAX_COLS;
	return 1;
}

enum unit_kind {
	U_PARA, /* body text */
	U_HEAD, /* short, no final punctuation: headline or section head */
	U_DATELINE, /* opens with a dateline: starts a body */
	U_DATEEND, /* a dateline in parentheses: ends a body */
	U_BYLINE, /* 新华社记者 朱基钗 高雷 */
};

struct block {
	struct buf text; /* the raw lines, '\n' between them */
	size_t line; /* first line number */
	unsigned flags; /* enum thread_block_flag */
	enum unit_kind kind;
};

struct blocks {
	struct block *v;
	size_t n, cap;
};

static struct block *new_block(struct blocks *bs, size_t line)
{
	if (bs->n == bs->cap) {
		size_t cap = bs->cap ? bs->cap * 2 : 64;
		struct block *p = realloc(bs->v, cap * sizeof *p);
		if (!p)
			return NULL;
		bs->v = p;
		bs->cap = cap;
	}
	struct block *b = &bs->v[bs->n++];
	memset(b, 0, sizeof *b);
	b->line = line;
	return b;
}

static void free_blocks(struct blocks *bs)
{
	for (size_t i = 0; i < bs->n; i++)
		buf_free(&bs->v[i].text);
	free(bs->v);
	memset(bs, 0, sizeof *bs);
}

static int is_dateline_start(const char *s, size_t n)
{
	struct dateline dl;
	uint32_t uc = first_char(s, n);
	if (uc == 0xFF08 || uc == '(') {
		size_t skip = uc == '(' ? 1 : 3;
		return import_dateline(s + skip, n - skip, &dl);
	}
	return import_dateline(s, n, &dl);
}

/* A full line ends with final punctuation (`final`, seen through closing
 * quotes: `quoted`) and line `next` follows at once: does a new paragraph
 * start there?  Print cannot tell; these cues can, most of the time.  The
 * defaults follow the seeds' own text re-wrapped at 36..60 columns: after a
 * bare 。！？ a new paragraph follows two times in three; after ； or ：,
 * or a quotation closed on 。”, the paragraph goes on. */
static int opens_paragraph(const struct line *l, size_t j, size_t nlines,
			   const struct layout *lay, uint32_t final,
			   int quoted)
{
	const struct line *next = &l[j];
	size_t role, from, to;
	if (parse_byline(next->s, next->len, &role, &from, &to))
		return 1; /* 新华社记者 朱基钗 高雷 */
	if (final == 0xFF1A)
		return 0; /* "强调：" leads into the quotation */
	/* Where first lines are narrower, a full next line tells. */
	if (lay->first && j + 1 < nlines && l[j + 1].len &&
	    is_full(lay, next->width, 1, LOOSE))
		return next->width < lay->first;
	/* A short unfinished line and then a column break: the tail of this
	 * paragraph ("…破格录取了他。黄道亮由此"), not a heading. */
	if (!ends_final(next->s, next->len) &&
	    !is_full(lay, next->width, 0, LOOSE) && j + 1 < nlines &&
	    !l[j + 1].len)
		return 0;
	uint32_t uc = first_char(next->s, next->len);
	int d;
	if (uc == 0x201C || uc == 0xFF08)
		return 1; /* a quotation opens the next paragraph */
	if (final == 0x2014)
		return !is_digit(uc, &d); /* "成绩单——2022 年…" goes on */
	if (uc == 0x2014 || is_digit(uc, &d))
		return 1; /* "——交通一体化…", "2019年…" */
	if (final == 0x3002 || final == 0xFF01 || final == 0xFF1F)
		return !quoted; /* "“…。”习近平总书记的话意味深长。" goes on */
	return final == 0x2026; /* after ……, more often a new one */
}

/* Whether the block ends after line i (j is the next non-blank line);
 * `depth` quotes and brackets are open at the end of line i. */
static int block_ends(const struct layout *lay, const struct line *l,
		      size_t i, size_t j, size_t nlines, const struct buf *cur,
		      int depth, int first_line)
{
	if (j >= nlines || j > i + 1 || !lay->hard)
		return 1; /* end of file, a blank line, or a line per block */
	if (is_dateline_start(l[j].s, l[j].len))
		return 1;
	int open = depth > 0;
	int full = is_full(lay, l[i].width, first_line, LOOSE);
	/* A dateline sets its first line apart (bold, spaced): only a
	 * finished sentence ends that line's block early. */
	int dateline = cur->len == l[i].len && is_dateline_start(l[i].s,
								  l[i].len);
	/* "新华社北京3月1日电 关于召开…的决定（…通过）": a headline on the
	 * dateline's line, ended by its parenthesis, stands alone. */
	struct opening op;
	if (parse_opening(cur->p, cur->len, &op) && op.headline &&
	    op.head < cur->len)
		return 1;
	if (!ends_final(l[i].s, l[i].len))
		return !full && !open && !dateline;
	/* A sentence ends the line: the paragraph ends when the line is
	 * clearly short of the column (the lines that go on are measured:
	 * more than 2 Han short of them), or by the cues above. */
	if (!is_full(lay, l[i].width, first_line, TIGHT))
		return 1;
	/* A headline stands right above a dateline: unfinished lines just
	 * before one start a block of their own. */
	for (size_t k = j; k < j + 3 && k + 1 < nlines && l[k].len &&
			   !ends_final(l[k].s, l[k].len); k++)
		if (l[k + 1].len && is_dateline_start(l[k + 1].s,
						      l[k + 1].len))
			return 1;
	if (open)
		return 0;
	size_t at = l[i].len;
	uint32_t uc;
	int quoted = 0;
	while ((uc = last_char(l[i].s, at, &at)) && is_any(uc, CLOSERS))
		quoted = 1;
	return opens_paragraph(l, j, nlines, lay, uc, quoted);
}

/* What a finished block is, and whether it ends mid-sentence.  `depth`:
 * quotes left open at its end (with those of a block before that broke
 * off);
 * `last_full`: its last line fills the column; `before_dateline`: a
 * dateline or the end of the file comes next, so nothing continues it. */
static void classify(struct block *b, int last_full, int depth,
		     int before_dateline)
{
	const char *s = b->text.p;
	size_t n = b->text.len;
	uint32_t first = first_char(s, n);
	int final = ends_final(s, n);
	b->flags = final ? THREAD_FINAL : 0;
	b->kind = U_PARA;
	struct opening op;
	if (parse_opening(s, n, &op)) {
		b->kind = U_DATELINE;
		b->flags |= THREAD_FIXED;
		/* A headline after the dateline, or nothing, ends nothing
		 * mid-sentence. */
		if (op.rest >= n ||
		    (op.headline && (op.head < n || !last_full)))
			return;
	} else if ((first == 0xFF08 || first == '(') && final &&
		   is_dateline_start(s, n)) {
		b->kind = U_DATEEND;
		b->flags |= THREAD_FIXED;
	}
	if (final)
		return;
	/* Unfinished: a heading, or text that breaks off mid-sentence. */
	int open = depth > 0;
	if (b->kind != U_PARA || open || (last_full && !before_dateline) ||
	    width_str(s, n) > HEAD_MAX_COLS || has_any(s, n, STOPS)) {
		b->flags |= THREAD_OPEN;
		return;
	}
	b->kind = U_HEAD;
	b->flags |= THREAD_FIXED;
}

static enum err_code make_blocks(const struct line *l, size_t nlines,
				 const struct layout *lay, struct blocks *bs)
{
	struct block *cur = NULL;
	int carry = 0; /* quotes left open by a block that broke off */
	int depth = 0; /* quotes open at the end of the current line */
	int prev_open = 0; /* the block before broke off mid-sentence */
	for (size_t i = 0; i < nlines; i++) {
		if (!l[i].len)
			continue;
		if (!cur) {
			if (!(cur = new_block(bs, l[i].no)))
				return ERR_NOMEM;
			depth = carry;
		}
		if (cur->text.len)
			buf_putc(&cur->text, '\n');
		buf_put(&cur->text, l[i].s, l[i].len);
		if (cur->text.failed)
			return ERR_NOMEM;
		depth = depth_after(depth, l[i].s, l[i].len);
		/* The first line of a paragraph: print indents it. */
		int first_line = cur->text.len == l[i].len && !prev_open;
		size_t j = i + 1;
		while (j < nlines && !l[j].len)
			j++;
		if (block_ends(lay, l, i, j, nlines, &cur->text, depth,
			       first_line)) {
			classify(cur, is_full(lay, l[i].width, first_line, LOOSE),
				 depth, j >= nlines ||
					is_dateline_start(l[j].s, l[j].len));
			prev_open = !!(cur->flags & THREAD_OPEN);
			carry = prev_open ? depth : 0;
			size_t role, from, to;
			if (cur->kind == U_HEAD &&
			    parse_byline(cur->text.p, cur->text.len, &role,
					 &from, &to))
				cur->kind = U_BYLINE;
			cur = NULL;
		}
	}
	return ERR_OK;
}

/* ---- threads into units -------------------------------------------------*/

/* A unit: one block, or blocks that thread_link joined into one paragraph. */
struct unit {
	struct buf text; /* raw text, '\n' where the source broke lines */
	size_t first; /* index of its first block: its place in the file */
	size_t line; /* line number of its first block */
	enum unit_kind kind;
};

struct chain {
	struct unit *u;
	size_t n;
};

static void free_chains(struct chain *c, size_t n)
{
	for (size_t i = 0; c && i < n; i++) {
		for (size_t k = 0; k < c[i].n; k++)
			buf_free(&c[i].u[k].text);
		free(c[i].u);
	}
	free(c);
}

/* Follow thread_link's links from every thread head into chains of units. */
static enum err_code make_chains(const struct blocks *bs, const size_t *next,
				 const unsigned char *join,
				 struct chain **out, size_t *nout)
{
	size_t n = bs->n;
	unsigned char *has_pred = calloc(n ? n : 1, 1);
	struct chain *ch = calloc(n ? n : 1, sizeof *ch);
	size_t nch = 0;
	if (!has_pred || !ch)
		goto nomem;
	for (size_t i = 0; i < n; i++)
		if (next[i] != THREAD_END)
			has_pred[next[i]] = 1;
	for (size_t h = 0; h < n; h++) {
		if (has_pred[h])
			continue;
		struct chain *c = &ch[nch++];
		size_t cap = 0;
		int joins = 0; /* the previous block reads on into this one */
		for (size_t k = h; k != THREAD_END; k = next[k]) {
			const struct block *b = &bs->v[k];
			struct unit *u;
			if (joins) {
				u = &c->u[c->n - 1];
				buf_putc(&u->text, '\n');
				if (u->kind != U_DATELINE)
					u->kind = U_PARA;
			} else {
				if (c->n == cap) {
					cap = cap ? cap * 2 : 16;
					void *p = realloc(c->u, cap * sizeof *c->u);
					if (!p)
						goto nomem;
					c->u = p;
				}
				u = &c->u[c->n++];
				memset(u, 0, sizeof *u);
				u->first = k;
				u->line = b->line;
				u->kind = b->kind;
			}
			buf_put(&u->text, b->text.p, b->text.len);
			if (u->text.failed)
				goto nomem;
			joins = join[k];
		}
	}
	free(has_pred);
	*out = ch;
	*nout = nch;
	return ERR_OK;
nomem:
	free(has_pred);
	free_chains(ch, nch);
	return ERR_NOMEM;
}

/* ---- articles -----------------------------------------------------------*/

struct para {
	enum block_kind kind;
	struct buf text; /* raw */
};

/* An article being put together, before its text is normalised. */
struct draft {
	size_t first; /* first block: the article's place in the file */
	size_t line; /* its line, for warnings */
	struct buf title, subtitle; /* raw; empty when not found */
	struct buf source, place; /* from the dateline */
	struct buf role, names; /* byline: 记者 / 邹 伟 樊 曦 */
	int month, day; /* 0 when no dateline */
	int ended; /* a closing dateline or byline was seen */
	struct para *p;
	size_t np, cap;
};

struct drafts {
	struct draft *v;
	size_t n, cap;
	int failed;
};

static void free_draft(struct draft *d)
{
	buf_free(&d->title), buf_free(&d->subtitle);
	buf_free(&d->source), buf_free(&d->place);
	buf_free(&d->role), buf_free(&d->names);
	for (size_t i = 0; i < d->np; i++)
		buf_free(&d->p[i].text);
	free(d->p);
	memset(d, 0, sizeof *d);
}

static void add_para(struct drafts *ds, struct draft *d, enum block_kind kind,
		     const char *s, size_t n, size_t first, size_t line)
{
	if (!d->np && !d->title.len && !d->month) {
		d->first = first;
		d->line = line;
	}
	if (d->np == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		void *p = realloc(d->p, cap * sizeof *d->p);
		if (!p) {
			ds->failed = 1;
			return;
		}
		d->p = p;
		d->cap = cap;
	}
	struct para *p = &d->p[d->np++];
	memset(p, 0, sizeof *p);
	p->kind = kind;
	buf_put(&p->text, s, n);
	ds->failed |= p->text.failed;
}

/* Move a finished draft to the list (drafts with nothing in are dropped). */
static void close_draft(struct drafts *ds, struct draft *d)
{
	if (!d->np && !d->title.len) {
		free_draft(d);
		return;
	}
	if (ds->n == ds->cap) {
		size_t cap = ds->cap ? ds->cap * 2 : 16;
		void *p = realloc(ds->v, cap * sizeof *ds->v);
		if (!p) {
			ds->failed = 1;
			free_draft(d);
			return;
		}
		ds->v = p;
		ds->cap = cap;
	}
	ds->v[ds->n++] = *d;
	memset(d, 0, sizeof *d);
}

static void set_title(struct draft *d, const struct unit *g, size_t ng)
{
	if (!d->np && !d->month && !d->title.len) {
		d->first = g[0].first;
		d->line = g[0].line;
	}
	for (size_t k = 0; k < ng; k++) {
		const struct buf *t = &g[k].text;
		int sub = first_char(t->p, t->len) == 0x2014; /* —— */
		struct buf *to = &d->title; /* a headline may span lines */
		if (d->title.len && (sub || d->subtitle.len))
			to = &d->subtitle;
		if (to->len)
			buf_putc(to, '\n');
		buf_put(to, t->p, t->len);
	}
}

/* The dateline's agency and place, and the date. */
static void take_dateline(struct draft *d, const char *s,
			  const struct dateline *dl)
{
	d->month = dl->month;
	d->day = dl->day;
	buf_free(&d->source);
	buf_free(&d->place);
	buf_put(&d->source, s + dl->agency, dl->agency_len);
	buf_put(&d->place, s + dl->place, dl->place_len);
}

static void take_byline(struct draft *d, const char *s, size_t role,
			size_t from, size_t to)
{
	buf_free(&d->role);
	buf_free(&d->names);
	size_t rl = from;
	while (rl > role && utf8_is_space(first_char(s + rl - 1, 1)))
		rl--;
	buf_put(&d->role, s + role, rl - role);
	buf_put(&d->names, s + from, to - from);
}

/* A unit that opens with a dateline: the date and source, a byline in
 * parentheses right after it, then a headline on the same line (seed 000:
 * "新华社北京3月1日电 关于召开…的决定（…通过）") or the first paragraph. */
static void dateline_unit(struct drafts *ds, struct draft *d,
			  const struct unit *u, const struct unit *after)
{
	const char *s = u->text.p;
	size_t n = u->text.len;
	struct opening o;
	parse_opening(s, n, &o);
	take_dateline(d, s, &o.dl);
	if (o.byline)
		take_byline(d, s, o.role, o.from, o.to);
	if (o.rest >= n)
		return;
	if (o.headline && !d->title.len && !d->np && after &&
	    after->kind == U_PARA) {
		buf_put(&d->title, s + o.rest, o.head - o.rest);
		buf_put(&d->subtitle, s + o.head, n - o.head);
		return;
	}
	add_para(ds, d, BLOCK_PARA, s + o.rest, n - o.rest, u->first, u->line);
}

/* A dateline in parentheses that closes a body, perhaps with the byline:
 * "(新华社北京3月1日电)", "（新华社北京 5月 14 日电 记者 邹 伟 …）". */
static void dateend_unit(struct draft *d, const struct unit *u)
{
	const char *s = u->text.p;
	size_t n = u->text.len;
	size_t open = first_char(s, n) == '(' ? 1 : 3, close;
	last_char(s, n, &close);
	struct dateline dl;
	import_dateline(s + open, close - open, &dl);
	take_dateline(d, s + open, &dl);
	size_t i = skip_spaces(s, close, open + dl.len), role, from, to;
	if (i < close && parse_byline(s + i, close - i, &role, &from, &to))
		take_byline(d, s + i, role, from, to);
	d->ended = 1;
}

/* Cut one chain of units into articles.  `before`: headlines stand before
 * their bodies (else after them, as in PDF order). */
static void segment(struct drafts *ds, const struct chain *c, int before)
{
	struct draft d = { 0 };
	for (size_t i = 0; i < c->n && !ds->failed;) {
		const struct unit *u = &c->u[i];
		size_t j = i;
		switch (u->kind) {
		case U_HEAD: {
			while (j < c->n && c->u[j].kind == U_HEAD)
				j++;
			if (j - i > HEAD_MAX_LINES) {
				/* a run of short lines (a list, verse): text,
				 * not a headline */
				if (d.ended)
					close_draft(ds, &d);
				for (size_t k = i; k < j; k++)
					add_para(ds, &d, BLOCK_PARA,
						 c->u[k].text.p,
						 c->u[k].text.len,
						 c->u[k].first, c->u[k].line);
				i = j;
				continue;
			}
			const struct unit *after = j < c->n ? &c->u[j] : NULL;
			int boundary = !after || after->kind == U_DATELINE ||
				       d.ended;
			if (before) {
				if (!d.np && !d.title.len && !d.month) {
					set_title(&d, u, j - i);
				} else if (boundary) {
					close_draft(ds, &d);
					set_title(&d, u, j - i);
				} else {
					for (size_t k = i; k < j; k++)
						add_para(ds, &d, BLOCK_HEAD,
							 c->u[k].text.p,
							 c->u[k].text.len,
							 c->u[k].first,
							 c->u[k].line);
				}
			} else if (d.np && boundary) {
				if (!d.title.len)
					set_title(&d, u, j - i);
				close_draft(ds, &d);
			} else if (!d.np && ds->n && ds->v[ds->n - 1].ended &&
				   !ds->v[ds->n - 1].title.len) {
				/* the headline box after a closing dateline */
				set_title(&ds->v[ds->n - 1], u, j - i);
			} else {
				for (size_t k = i; k < j; k++)
					add_para(ds, &d, BLOCK_HEAD,
						 c->u[k].text.p,
						 c->u[k].text.len,
						 c->u[k].first, c->u[k].line);
			}
			i = j;
			continue;
		}
		case U_DATELINE:
			if (d.np || d.month || d.ended)
				close_draft(ds, &d);
			if (!d.np && !d.title.len) {
				d.first = u->first;
				d.line = u->line;
			}
			dateline_unit(ds, &d, u,
				      i + 1 < c->n ? &c->u[i + 1] : NULL);
			break;
		case U_DATEEND:
			dateend_unit(&d, u);
			break;
		case U_BYLINE: {
			size_t role, from, to;
			parse_byline(u->text.p, u->text.len, &role, &from,
				     &to);
			take_byline(&d, u->text.p, role, from, to);
			d.ended = 1;
			break;
		}
		case U_PARA:
			if (d.ended)
				close_draft(ds, &d);
			add_para(ds, &d, BLOCK_PARA, u->text.p, u->text.len,
				 u->first, u->line);
			break;
		}
		i++;
	}
	close_draft(ds, &d);
}

/* Headlines before or after their bodies, by what the file shows: one at
 * the very start of the file stands before its body, one at the very end
 * after it.  Anywhere else a headline sits between two bodies and says
 * nothing.  A tie means before, the usual way. */
static int headlines_before(const struct chain *ch, size_t nch, size_t nblocks)
{
	int before = 0, after = 0;
	for (size_t c = 0; c < nch; c++) {
		for (size_t i = 0; i < ch[c].n; i++) {
			const struct unit *u = &ch[c].u[i];
			if (u->kind != U_HEAD ||
			    (i && ch[c].u[i - 1].kind == U_HEAD))
				continue;
			size_t j = i;
			while (j + 1 < ch[c].n && ch[c].u[j + 1].kind == U_HEAD)
				j++;
			if (u->first == 0)
				before++;
			if (ch[c].u[j].first == nblocks - 1)
				after++;
		}
	}
	return before >= after;
}

static int cmp_draft(const void *a, const void *b)
{
	size_t x = ((const struct draft *)a)->first;
	size_t y = ((const struct draft *)b)->first;
	return (x > y) - (x < y);
}

/* norm_text of a buffer, "" for an empty one; NULL only when out of
 * memory. */
static char *norm_buf(const struct buf *b)
{
	return norm_text(b->p ? b->p : "", b->len);
}

/* A title from the opening words: up to the first clause end after at least
 * TITLE_MIN_CHARS characters, at most TITLE_MAX_CHARS, opening quotes off. */
static char *derive_title(const char *s)
{
	static const uint32_t clause[] = { 0xFF0C, 0x3002, 0xFF1B, 0xFF1A,
					   0xFF01, 0xFF1F, 0x3001, 0 };
	size_t n = strlen(s), i = 0, chars = 0, cut = 0;
	uint32_t uc;
	while (i < n && (is_any(first_char(s + i, n - i), OPENERS)))
		i += utf8_next(s + i, n - i, &uc);
	size_t start = i;
	while (i < n && chars < TITLE_MAX_CHARS) {
		size_t len = utf8_next(s + i, n - i, &uc);
		if (is_any(uc, clause) && chars >= TITLE_MIN_CHARS) {
			cut = i;
			break;
		}
		i += len;
		chars++;
	}
	if (!cut)
		cut = i;
	struct buf b = { 0 };
	buf_put(&b, s + start, cut - start);
	return buf_take(&b);
}

/* Normalise a draft into an article. */
static enum err_code finish(struct draft *d, int year, const char *name,
			    struct diag *dg, struct article *a)
{
	for (size_t i = 0; i < d->np; i++) {
		char *t = norm_buf(&d->p[i].text);
		if (!t)
			return ERR_NOMEM;
		if (!*t) {
			free(t);
			continue;
		}
		if (article_add_block(a, d->p[i].kind, t) < 0)
			return ERR_NOMEM;
	}
	if (d->title.len) {
		a->title = norm_buf(&d->title);
	} else {
		const char *from = "";
		for (size_t i = 0; i < a->nblocks && !*from; i++)
			from = a->blocks[i].text;
		a->title = derive_title(from);
		a->flags |= ARTICLE_TITLE_DERIVED;
		diag_warn(dg, "%s:%zu: no headline for the article that starts "
			  "here; its title is taken from its opening words",
			  name, d->line);
	}
	if (!a->title)
		return ERR_NOMEM;
	if (d->subtitle.len && !(a->subtitle = norm_buf(&d->subtitle)))
		return ERR_NOMEM;
	if (d->source.len && !(a->source = norm_buf(&d->source)))
		return ERR_NOMEM;
	if (d->place.len && !(a->place = norm_buf(&d->place)))
		return ERR_NOMEM;
	if (d->names.len) {
		char *names = norm_names(d->names.p, d->names.len);
		struct buf b = { 0 };
		if (!names)
			return ERR_NOMEM;
		buf_put(&b, d->role.p, d->role.len);
		if (b.len)
			buf_putc(&b, ' ');
		buf_puts(&b, names);
		free(names);
		if (!(a->byline = buf_take(&b)))
			return ERR_NOMEM;
	}
	if (d->month) {
		if (year)
			a->date = (uint32_t)(year * 10000 + d->month * 100 +
					     d->day);
		else
			diag_warn(dg, "%s:%zu: the dateline says %d月%d日 and "
				  "the text names no year; date left empty "
				  "(give --year)", name, d->line, d->month,
				  d->day);
	}
	return ERR_OK;
}

/* ---- the pipeline -------------------------------------------------------*/

static enum err_code import_text(const char *name, const char *text,
				 size_t len, const struct import_opts *o,
				 struct article_list *out, struct err *e)
{
	struct blocks bs = { 0 };
	struct chain *ch = NULL;
	struct drafts ds = { 0 };
	size_t nch = 0, nlines = 0, *next = NULL;
	unsigned char *join = NULL;
	enum err_code rc = ERR_NOMEM;
	struct line *l = split_lines(text, len, &nlines);
	if (!l)
		goto out;
	struct layout lay = find_layout(l, nlines);
	if (o->debug) {
		char msg[256];
		snprintf(msg, sizeof msg, "%s: %s, full lines %zu columns, first lines under %zu, lines going on %zu",
			 name, lay.hard ? "hard-wrapped" : "one paragraph per "
			 "line", lay.full, lay.first, lay.cont);
		o->debug(msg);
	}
	if (make_blocks(l, nlines, &lay, &bs) != ERR_OK)
		goto out;
	for (size_t i = 0; o->debug && i < bs.n; i++) {
		static const char kinds[] = "PHDEB";
		char msg[160];
		size_t w;
		size_t cut = width_fit(bs.v[i].text.p, bs.v[i].text.len, 60, &w);
		snprintf(msg, sizeof msg, "block %zu line %zu %c%s%s%s %.*s", i,
			 bs.v[i].line, kinds[bs.v[i].kind],
			 bs.v[i].flags & THREAD_OPEN ? " open" : "",
			 bs.v[i].flags & THREAD_FINAL ? " final" : "",
			 bs.v[i].flags & THREAD_FIXED ? " fixed" : "", (int)cut,
			 bs.v[i].text.p);
		for (char *c = msg; *c; c++)
			if (*c == '\n')
				*c = '|';
		o->debug(msg);
	}
	struct thread_block *tb = calloc(bs.n ? bs.n : 1, sizeof *tb);
	next = malloc((bs.n ? bs.n : 1) * sizeof *next);
	join = malloc(bs.n ? bs.n : 1);
	if (!tb || !next || !join) {
		free(tb);
		goto out;
	}
	for (size_t i = 0; i < bs.n; i++)
		tb[i] = (struct thread_block){ bs.v[i].text.p, bs.v[i].text.len,
					       bs.v[i].flags };
	int tr = thread_link(tb, bs.n, next, join, o->debug);
	free(tb);
	if (tr < 0 || make_chains(&bs, next, join, &ch, &nch) != ERR_OK)
		goto out;
	int before = headlines_before(ch, nch, bs.n);
	for (size_t c = 0; c < nch && !ds.failed; c++)
		segment(&ds, &ch[c], before);
	if (ds.failed)
		goto out;
	if (ds.n)
		qsort(ds.v, ds.n, sizeof *ds.v, cmp_draft);
	int year = o->year ? o->year : import_infer_year(text, len);
	for (size_t i = 0; i < ds.n; i++) {
		struct article *a = article_list_push(out);
		if (!a || finish(&ds.v[i], year, name, o->diag, a) != ERR_OK)
			goto out;
	}
	rc = ERR_OK;
out:
	for (size_t i = 0; i < ds.n; i++)
		free_draft(&ds.v[i]);
	free(ds.v);
	free_chains(ch, nch);
	free(next);
	free(join);
	free_blocks(&bs);
	free(l);
	if (rc != ERR_OK)
		err_set(e, rc, "%s: out of memory", name);
	return rc;
}

enum err_code import_mem(const char *name, const char *data, size_t n,
			 const struct import_opts *opts,
			 struct article_list *out, struct err *e)
{
	static const struct import_opts none = { 0 };
	const struct import_opts *o = opts ? opts : &none;
	struct decoded dec;
	enum err_code rc = decode_text(name, data, n, o->encoding, o->diag,
				       &dec, e);
	if (rc != ERR_OK)
		return rc;
	size_t had = out->n;
	rc = import_text(name, dec.text, dec.len, o, out, e);
	if (rc == ERR_OK && out->n == had) {
		size_t i = 0;
		while (i < dec.len && dec.text[i] &&
		       strchr(" \t\r\n\f\v", dec.text[i]))
			i++;
		diag_warn(o->diag, "%s: no articles: %s", name,
			  i == dec.len ? "the file is empty or blank"
				       : "no text the builder could use");
	}
	free(dec.text);
	return rc;
}

enum err_code import_file(const char *path, const struct import_opts *opts,
			  struct article_list *out, struct err *e)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return err_errno(e, errno, "%s", path);
	struct stat st;
	if (fstat(fd, &st) < 0) {
		int saved = errno;
		close(fd);
		return err_errno(e, saved, "%s", path);
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		return err_set(e, ERR_ISDIR, "%s: is a directory", path);
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return err_set(e, ERR_IO, "%s: not a regular file", path);
	}
	if ((unsigned long long)st.st_size > IMPORT_MAX_FILE) {
		close(fd);
		return err_set(e, ERR_TOOBIG, "%s: %lld bytes is more than "
			       "the %zu the builder reads", path,
			       (long long)st.st_size, IMPORT_MAX_FILE);
	}
	size_t size = (size_t)st.st_size, got = 0;
	char *data = malloc(size ? size : 1);
	if (!data) {
		close(fd);
		return err_set(e, ERR_NOMEM, "%s: out of memory", path);
	}
	while (got < size) {
		ssize_t r = read(fd, data + got, size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			int saved = r < 0 ? errno : EIO;
			free(data);
			close(fd);
			return err_errno(e, saved, "%s: read", path);
		}
		got += (size_t)r;
	}
	close(fd);
	enum err_code rc = import_mem(path, data, size, opts, out, e);
	free(data);
	return rc;
}

/* ---- many files ---------------------------------------------------------*/

/* Read all of standard input; NULL when reading fails or memory runs out. */
static char *read_stdin(size_t *n)
{
	size_t cap = 1 << 16, len = 0;
	char *p = malloc(cap);
	while (p) {
		size_t r = fread(p + len, 1, cap - len, stdin);
		len += r;
		if (r == 0)
			break;
		if (len == cap) {
			char *q = realloc(p, cap *= 2);
			if (!q)
				free(p);
			p = q;
		}
	}
	if (p && ferror(stdin)) {
		free(p);
		p = NULL;
	}
	*n = len;
	return p;
}

/* One file of import_files: its articles and warnings, kept until the
 * files before it are delivered. */
struct task {
	struct article_list list; /* its articles */
	struct buf warnings; /* each warning, NUL-terminated */
	unsigned long nwarnings; /* what its diag counted */
	enum err_code rc;
	struct err e;
	int done;
};

struct pool {
	const char *const *paths;
	size_t n;
	const struct import_opts *opts;
	struct task *t; /* one per path */
	size_t next; /* the next file to start */
	int stop; /* a file failed: start no more */
	pthread_mutex_t mu; /* guards next, stop and every t[i].done */
	pthread_cond_t done; /* a task is done */
};

static void keep_warning(void *ctx, const char *msg)
{
	buf_put(ctx, msg, strlen(msg) + 1);
}

/* Import file i.  Its warnings are kept in the task, or with `direct`
 * (importing one file after another) go straight to opts->diag, in their
 * place among debug lines. */
static void import_one(const struct pool *p, size_t i, int direct)
{
	struct task *t = &p->t[i];
	struct import_opts o = *p->opts;
	struct diag d = { keep_warning, &t->warnings, 0 };
	if (o.diag && !direct)
		o.diag = &d;
	if (!strcmp(p->paths[i], "-")) {
		size_t n;
		char *data = read_stdin(&n);
		if (!data) {
			t->rc = err_set(&t->e, ERR_IO, "standard input: read "
					"failed");
		} else {
			t->rc = import_mem("(stdin)", data, n, &o, &t->list,
					   &t->e);
			free(data);
		}
	} else {
		t->rc = import_file(p->paths[i], &o, &t->list, &t->e);
	}
	if (t->warnings.failed && t->rc == ERR_OK)
		t->rc = err_set(&t->e, ERR_NOMEM, "%s: out of memory",
				p->paths[i]);
	t->nwarnings = d.count;
}

/* Hand task i's warnings and articles on, as importing it straight into
 * `out` would have. */
static enum err_code deliver(const struct pool *p, size_t i,
			     struct article_list *out, struct err *e)
{
	struct task *t = &p->t[i];
	struct diag *d = p->opts->diag;
	for (size_t at = 0; d && at < t->warnings.len;) {
		const char *msg = t->warnings.p + at;
		if (d->warn)
			d->warn(d->ctx, msg);
		at += strlen(msg) + 1;
	}
	if (d)
		d->count += t->nwarnings;
	buf_free(&t->warnings);
	enum err_code rc = t->rc;
	if (rc != ERR_OK)
		*e = t->e;
	size_t k = 0;
	for (; rc == ERR_OK && k < t->list.n; k++) {
		struct article *a = article_list_push(out);
		if (!a) {
			rc = err_set(e, ERR_NOMEM, "%s: out of memory",
				     p->paths[i]);
			break;
		}
		*a = t->list.v[k];
	}
	for (; k < t->list.n; k++)
		article_free(&t->list.v[k]);
	free(t->list.v);
	memset(&t->list, 0, sizeof t->list);
	return rc;
}

static void *worker(void *arg)
{
	struct pool *p = arg;
	pthread_mutex_lock(&p->mu);
	while (!p->stop && p->next < p->n) {
		size_t i = p->next++;
		pthread_mutex_unlock(&p->mu);
		import_one(p, i, 0);
		pthread_mutex_lock(&p->mu);
		p->t[i].done = 1;
		p->stop |= p->t[i].rc != ERR_OK;
		pthread_cond_broadcast(&p->done);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

enum err_code import_files(const char *const *paths, size_t n,
			   const struct import_opts *opts, unsigned threads,
			   struct article_list *out, struct err *e)
{
	static const struct import_opts none = { 0 };
	struct pool p = { paths, n, opts ? opts : &none, NULL, 0, 0,
			  PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER };
	p.t = calloc(n ? n : 1, sizeof *p.t);
	if (!p.t)
		return err_set(e, ERR_NOMEM, "out of memory");
	/* Debug lines have no context to be kept in, and standard input is
	 * read when its turn comes: one file after another then. */
	int alone = threads < 2 || n < 2 || p.opts->debug;
	for (size_t i = 0; i < n && !alone; i++)
		alone = !strcmp(paths[i], "-");
	pthread_t tid[IMPORT_MAX_THREADS];
	size_t started = 0;
	if (threads > IMPORT_MAX_THREADS)
		threads = IMPORT_MAX_THREADS;
	while (!alone && started < threads && started < n &&
	       !pthread_create(&tid[started], NULL, worker, &p))
		started++;
	enum err_code rc = ERR_OK;
	for (size_t i = 0; i < n && rc == ERR_OK; i++) {
		if (!started) {
			import_one(&p, i, 1);
		} else {
			pthread_mutex_lock(&p.mu);
			while (!p.t[i].done)
				pthread_cond_wait(&p.done, &p.mu);
			pthread_mutex_unlock(&p.mu);
		}
		rc = deliver(&p, i, out, e);
	}
	pthread_mutex_lock(&p.mu);
	p.stop = 1;
	pthread_mutex_unlock(&p.mu);
	for (size_t k = 0; k < started; k++)
		pthread_join(tid[k], NULL);
	/* what was imported after a file that failed is not delivered */
	for (size_t i = 0; i < n; i++) {
		article_list_free(&p.t[i].list);
		buf_free(&p.t[i].warnings);
	}
	free(p.t);
	return rc;
}
