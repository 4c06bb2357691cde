/* render: newspaper items laid out as raw page text (see render.h). */
#include "render.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kanbao/base/utf8.h"
#include "common.h"

/* ---- characters ---------------------------------------------------------*/

/* Print keeps these off the start of a line: they hang at the end of the
 * line before. */
static const uint32_t NO_START[] = { 0xFF0C, 0x3002, 0x3001, 0xFF1B, 0xFF1A,
				     0xFF1F, 0xFF01, 0x201D, 0x2019, 0xFF09,
				     0x300B, 0x300D, 0x300F, 0xFF05, 0 };
/* ...and these off the end of one. */
static const uint32_t OPENERS[] = { 0x201C, 0x2018, 0xFF08, 0x300A, 0x300C,
				    0x300E, 0x3010, 0 };
/* Closers that stay with the punctuation they follow. */
static const uint32_t CLOSERS[] = { 0x201D, 0x2019, 0xFF09, 0x300B, 0x300D,
				    0x300F, 0x3011, 0 };
/* End a sentence: 。！？ (… and —— do not, alone) */
static const uint32_t STOPS[] = { 0x3002, 0xFF01, 0xFF1F, 0 };
/* End a clause: ，、；： and the stops */
static const uint32_t CLAUSE_ENDS[] = { 0xFF0C, 0x3001, 0xFF1B, 0xFF1A, 0x3002,
					0xFF01, 0xFF1F, 0 };

/* Columns a character takes on a printed page: CJK fonts set everything
 * but ASCII a full em wide. */
static size_t cols_of(uint32_t uc)
{
	return uc < 0x80 ? 1 : 2;
}

static size_t text_cols(const char *s, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n;) {
		uint32_t uc;
		i += utf8_next(s + i, n - i, &uc);
		w += cols_of(uc);
	}
	return w;
}

static size_t count_chars(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += ((unsigned char)s[i] & 0xC0) != 0x80;
	return k;
}

static int is_ascii_word(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
	       (c >= 'a' && c <= 'z') || c == '.' || c == '%' || c == '-';
}

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* ---- lists of strings ---------------------------------------------------*/

struct strv {
	char **v; /* owned strings, `n` of them */
	size_t n, cap;
	int failed; /* an allocation failed: the list is incomplete */
};

static void strv_put(struct strv *l, const char *s, size_t n)
{
	if (l->failed)
		return;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		char **v = realloc(l->v, cap * sizeof *v);
		if (!v) {
			l->failed = 1;
			return;
		}
		l->v = v;
		l->cap = cap;
	}
	char *p = malloc(n + 1);
	if (!p) {
		l->failed = 1;
		return;
	}
	memcpy(p, s, n);
	p[n] = '\0';
	l->v[l->n++] = p;
}

static void strv_puts(struct strv *l, const char *s)
{
	strv_put(l, s, strlen(s));
}

static void strv_free(struct strv *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	*l = (struct strv){ 0 };
}

/* ---- pieces: an item's blocks as the layouts take them ------------------*/

/* A dateline joined to the paragraph it opens, a closing dateline joined
 * to the last paragraph or standing alone, a source line after the
 * headlines. */
struct piece {
	enum render_role role; /* RENDER_DATELINE never; RENDER_SOURCE also
				  for the page's own source lines */
	char *text; /* owned */
	size_t dateline; /* bytes of text that are an opening dateline */
	size_t item; /* which item of the page */
};

struct pieces {
	struct piece *v; /* owned array of `n` */
	size_t n, cap;
	int failed; /* an allocation failed */
};

static struct piece *pieces_add(struct pieces *ps, enum render_role role,
				const char *s, size_t item)
{
	if (ps->failed)
		return NULL;
	if (ps->n == ps->cap) {
		size_t cap = ps->cap ? ps->cap * 2 : 64;
		struct piece *v = realloc(ps->v, cap * sizeof *v);
		if (!v) {
			ps->failed = 1;
			return NULL;
		}
		ps->v = v;
		ps->cap = cap;
	}
	char *t = strdup(s);
	if (!t) {
		ps->failed = 1;
		return NULL;
	}
	ps->v[ps->n] = (struct piece){ role, t, 0, item };
	return &ps->v[ps->n++];
}

static void pieces_free(struct pieces *ps)
{
	for (size_t i = 0; i < ps->n; i++)
		free(ps->v[i].text);
	free(ps->v);
	*ps = (struct pieces){ 0 };
}

/* Replace a piece's text by `a` followed by `b`. */
static int piece_join(struct piece *p, const char *a, const char *sep,
		      const char *b)
{
	size_t na = strlen(a), ns = strlen(sep), nb = strlen(b);
	char *t = malloc(na + ns + nb + 1);
	if (!t)
		return -1;
	memcpy(t, a, na);
	memcpy(t + na, sep, ns);
	memcpy(t + na + ns, b, nb + 1);
	free(p->text);
	p->text = t;
	return 0;
}

static int is_head_role(enum render_role r)
{
	return r == RENDER_KICKER || r == RENDER_TITLE || r == RENDER_SUBTITLE;
}

/* Body text the layouts wrap and indent as paragraphs. */
static int is_para_role(enum render_role r)
{
	return r == RENDER_PARA || r == RENDER_NOTE || r == RENDER_CAPTION;
}

/* ---- the page being laid out --------------------------------------------*/

static const char *const WEEKDAYS[] = { "日", "一", "二", "三",
					"四", "五", "六" };
static const char *const SECTIONS[] = { "要闻", "国内", "国际", "经济",
					"社会", "文化", "综合", "副刊" };
/* Editors' names for the 本版责编 line. */
static const char *const EDITORS[] = { "陈　林", "王　姝", "张彦春", "刘　阳",
				       "赵婷婷", "孙振宇", "杨　柳", "许晓明",
				       "吴　迪", "郑雅文", "何　方", "宋晓丽" };

struct page {
	const struct render_page *pg;
	struct rng r; /* every choice, in a fixed order */
	struct buf *out; /* where the page goes */
	struct pieces ps; /* the items' pieces, in page order */
	const char *sep; /* after an opening dateline: "　", " " or "" */
	int enddate_alone; /* a closing dateline on a line of its own */
	unsigned spaced; /* permille of digit runs set apart from Han */
	int weekday; /* 0 Sunday .. 6, of the date */
};

static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int weekday_of(int y, int m, int d)
{
	long z = days_from_civil(y, m, d);
	return (int)((z % 7 + 11) % 7); /* 1970-01-01 was a Thursday */
}

/* The pieces of every item: a dateline joined to the paragraph it opens, a
 * closing dateline to the last paragraph when it comes right after it (or
 * alone), the page's source
 * line after each headline group when asked for. */
static void flatten(struct page *p)
{
	const struct render_page *pg = p->pg;
	for (size_t i = 0; i < pg->nitems; i++) {
		const struct render_item *it = &pg->items[i];
		const char *dateline = NULL;
		int seen_title = 0, sourced = 0;
		/* an index, not a pointer: adding a piece may move them */
		size_t last_para = SIZE_MAX;
		for (size_t j = 0; j < it->nblocks; j++) {
			const struct render_block *b = &it->blocks[j];
			if (seen_title && !sourced && !is_head_role(b->role) &&
			    (pg->flags & RENDER_SOURCE_LINES) && pg->paper &&
			    pg->year) {
				struct buf s = { 0 };
				buf_printf(&s, "《%s》（%04d年%02d月%02d日 第 %02d "
					   "版）", pg->paper, pg->year,
					   pg->month, pg->day, pg->page);
				if (s.failed)
					p->ps.failed = 1;
				else
					pieces_add(&p->ps, RENDER_SOURCE, s.p,
						   i);
				buf_free(&s);
				sourced = 1;
			}
			if (b->role == RENDER_TITLE)
				seen_title = 1;
			if (b->role == RENDER_DATELINE) {
				dateline = b->text;
				continue;
			}
			struct piece *pc;
			/* joined to the paragraph it follows; after a
			 * sign-off ("新华社记者　朱基钗　高雷"), on its own line
			 * below it, as seed 000 sets it */
			if (b->role == RENDER_ENDDATE && !p->enddate_alone &&
			    last_para != SIZE_MAX && last_para + 1 == p->ps.n) {
				struct piece *lp = &p->ps.v[last_para];
				if (piece_join(lp, lp->text, "",
					       b->text) < 0)
					p->ps.failed = 1;
				continue;
			}
			pc = pieces_add(&p->ps, b->role, b->text, i);
			if (!pc)
				return;
			if (b->role == RENDER_PARA) {
				if (dateline) {
					size_t n = strlen(dateline);
					const char *sep = p->sep;
					uint32_t last = 0;
					utf8_prev(dateline + n, dateline,
						  &last);
					/* 记者某某报道： and （记者 某某）
					 * need no space after them */
					if (last == 0xFF1A || last == 0xFF09)
						sep = "";
					if (piece_join(pc, dateline, sep,
						       b->text) < 0) {
						p->ps.failed = 1;
						return;
					}
					pc = &p->ps.v[p->ps.n - 1];
					pc->dateline = n;
					dateline = NULL;
				}
				last_para = (size_t)(pc - p->ps.v);
			}
		}
		if (dateline)
			pieces_add(&p->ps, RENDER_PARA, dateline, i);
	}
}

static void put_eol(struct page *p)
{
	if (p->pg->layout == RENDER_LINES_GBK)
		buf_puts(p->out, "\r\n");
	else
		buf_putc(p->out, '\n');
}

/* The date as print writes it, digits set apart from the Han around them
 * (as pdftotext gives it) when `spaced`. */
static void put_date(struct buf *b, const struct render_page *pg, int spaced)
{
	if (spaced)
		buf_printf(b, "%d 年 %d 月 %d 日", pg->year, pg->month,
			   pg->day);
	else
		buf_printf(b, "%d年%d月%d日", pg->year, pg->month, pg->day);
}

/* A masthead line: 人民日报　2001年1月1日　星期一　第4版 */
static void put_masthead(struct page *p)
{
	const struct render_page *pg = p->pg;
	struct buf *o = p->out;
	if (!(pg->flags & RENDER_MASTHEAD))
		return;
	if (pg->paper)
		buf_printf(o, "%s　", pg->paper);
	if (pg->year) {
		put_date(o, pg, 0);
		buf_printf(o, "　星期%s　", WEEKDAYS[p->weekday]);
	}
	buf_printf(o, "第%d版", pg->page);
	put_eol(p);
	if (pg->layout != RENDER_LINES_GBK)
		put_eol(p);
}

/* ---- wrapping -----------------------------------------------------------*/

/* Set digit runs apart from the Han next to them by a space, `permille`
 * times in a thousand ("2015 年 4 月"), as extraction of print does. */
static char *space_digits(struct page *p, const char *s, unsigned permille)
{
	struct buf b = { 0 };
	size_t n = strlen(s);
	uint32_t prev = 0;
	for (size_t i = 0; i < n;) {
		if (is_digit((unsigned char)s[i])) {
			size_t k = i;
			while (k < n && (is_digit((unsigned char)s[k]) ||
					 s[k] == '.'))
				k++;
			uint32_t next = 0;
			if (k < n)
				utf8_next(s + k, n - k, &next);
			if (prev >= 0x3400 && utf8_is_han(prev) &&
			    rng_chance(&p->r, permille))
				buf_putc(&b, ' ');
			buf_put(&b, s + i, k - i);
			if (next >= 0x3400 && utf8_is_han(next) &&
			    rng_chance(&p->r, permille))
				buf_putc(&b, ' ');
			prev = '0';
			i = k;
			continue;
		}
		size_t len = utf8_next(s + i, n - i, &prev);
		buf_put(&b, s + i, len);
		i += len;
	}
	return buf_take(&b);
}

/* The unit at s[i]: an ASCII word or digit run, "——" or "……" whole, or one
 * character.  Its length in bytes, its columns in `*w`, its character (the
 * first) in `*uc`. */
static size_t unit_at(const char *s, size_t n, size_t i, size_t *w,
		      uint32_t *uc)
{
	if (is_ascii_word((unsigned char)s[i])) {
		size_t len = 1;
		while (i + len < n && is_ascii_word((unsigned char)s[i + len]))
			len++;
		*w = len;
		*uc = (unsigned char)s[i];
		return len;
	}
	size_t len = utf8_next(s + i, n - i, uc);
	*w = cols_of(*uc);
	if ((*uc == 0x2014 || *uc == 0x2026) && i + 2 * len <= n &&
	    !memcmp(s + i, s + i + len, len)) {
		*w *= 2;
		return 2 * len;
	}
	return len;
}

/* Typeset s into lines of `first` columns, then `cont`: a unit never
 * split, closing punctuation hanging at the end of a full line rather
 * than opening the next, an opening quote or bracket never ending one, the
 * text's own spaces never at a line's edge.  Appends the lines to `out`. */
static void wrap(const char *s, size_t first, size_t cont, struct strv *out)
{
	struct buf l = { 0 };
	size_t n = strlen(s), w = 0, limit = first, last_at = 0;
	int last_opener = 0;
	for (size_t i = 0; i < n;) {
		size_t uw;
		uint32_t uc;
		size_t len = unit_at(s, n, i, &uw, &uc);
		if (uc == ' ' || uc == 0x3000) {
			if (l.len && w + uw < limit) {
				buf_put(&l, s + i, len);
				w += uw;
			}
			i += len;
			continue;
		}
		int over = w + uw > limit &&
			   !(in_set(uc, NO_START) && w + uw <= limit + 2);
		if (l.len && over) {
			size_t end = last_opener ? last_at : l.len;
			size_t keep = l.len - end;
			char carry[16];
			if (keep >= sizeof carry || end == 0) {
				end = l.len;
				keep = 0;
			}
			memcpy(carry, l.p + end, keep);
			while (end && l.p[end - 1] == ' ')
				end--;
			while (end >= 3 && !memcmp(l.p + end - 3, "　", 3))
				end -= 3;
			strv_put(out, l.p, end);
			l.len = 0;
			w = 0;
			if (keep) {
				buf_put(&l, carry, keep);
				w = text_cols(carry, keep);
			}
			limit = cont;
		}
		last_at = l.len;
		buf_put(&l, s + i, len);
		w += uw;
		last_opener = in_set(uc, OPENERS);
		i += len;
	}
	if (l.len || !out->n)
		strv_put(out, l.p ? l.p : "", l.len);
	if (l.failed)
		out->failed = 1;
	buf_free(&l);
}

/* ---- lines and lines-gbk ------------------------------------------------*/

static void render_lines(struct page *p)
{
	int gbk = p->pg->layout == RENDER_LINES_GBK;
	put_masthead(p);
	for (size_t i = 0; i < p->ps.n; i++) {
		const struct piece *pc = &p->ps.v[i];
		if (pc->role == RENDER_BLANK)
			continue;
		if (gbk && is_para_role(pc->role))
			buf_puts(p->out, "　　");
		buf_puts(p->out, pc->text);
		put_eol(p);
		if (!gbk)
			put_eol(p);
	}
}

/* ---- labelled and ruled -------------------------------------------------*/

/* The pieces of one item from ps.v[i] on: where the next item starts. */
static size_t item_end(const struct page *p, size_t i)
{
	size_t j = i;
	while (j < p->ps.n && p->ps.v[j].item == p->ps.v[i].item)
		j++;
	return j;
}

/* A labelled field: 【KEY】VALUE or KEY：VALUE; nothing for an empty value
 * but the body's label. */
static void put_label(struct page *p, int colon, const char *key,
		      const struct buf *v, int always)
{
	if (!v->len && !always)
		return;
	if (colon)
		buf_printf(p->out, "%s：", key);
	else
		buf_printf(p->out, "【%s】", key);
	buf_put(p->out, v->p ? v->p : "", v->len);
	put_eol(p);
}

static void join_field(struct buf *b, const char *s)
{
	if (b->len)
		buf_puts(b, "　");
	buf_puts(b, s);
}

static void render_labelled(struct page *p)
{
	const struct render_page *pg = p->pg;
	int colon = rng_chance(&p->r, 400), blank = rng_chance(&p->r, 500);
	for (size_t i = 0; i < p->ps.n;) {
		size_t end = item_end(p, i), j;
		struct buf f[5] = { { 0 } }; /* title kicker subtitle byline
						source */
		/* the headline group's fields, wherever the item has them
		 * (an editor's note may stand before the headline); a byline
		 * or source before the body */
		int body = 0;
		unsigned char *field = calloc(end - i + 1, 1);
		if (!field) {
			p->out->failed = 1;
			return;
		}
		for (j = i; j < end; j++) {
			const struct piece *pc = &p->ps.v[j];
			int k = pc->role == RENDER_TITLE ? 0 :
				pc->role == RENDER_KICKER ? 1 :
				pc->role == RENDER_SUBTITLE ? 2 :
				pc->role == RENDER_BYLINE && !body ? 3 :
				pc->role == RENDER_SOURCE && !body ? 4 : -1;
			if (k < 0) {
				body |= is_para_role(pc->role) ||
					pc->role == RENDER_LINE;
				continue;
			}
			join_field(&f[k], pc->text);
			field[j - i] = 1;
		}
		static const char *const keys[] = { "标题", "引题", "副题",
						     "作者", "来源" };
		for (int k = 0; k < 5; k++)
			put_label(p, colon, keys[k], &f[k], k == 0);
		struct buf v = { 0 };
		if (pg->year)
			buf_printf(&v, "%04d.%02d.%02d", pg->year, pg->month,
				   pg->day);
		put_label(p, colon, "日期", &v, 0);
		buf_clear(&v);
		buf_printf(&v, "第%d版", pg->page);
		put_label(p, colon, "版次", &v, 0);
		buf_clear(&v);
		put_label(p, colon, "正文", &v, 1);
		buf_free(&v);
		for (int k = 0; k < 5; k++) {
			p->out->failed |= f[k].failed;
			buf_free(&f[k]);
		}
		for (j = i; j < end; j++) {
			const struct piece *pc = &p->ps.v[j];
			if (pc->role == RENDER_BLANK || field[j - i])
				continue;
			buf_puts(p->out, pc->text);
			put_eol(p);
		}
		free(field);
		if (blank)
			put_eol(p);
		i = end;
	}
}

static void render_ruled(struct page *p)
{
	const struct render_page *pg = p->pg;
	static const char *const rules[] = { "==========", "----------",
					     "* * *", "————————", "★★★",
					     "＝＝＝＝＝＝＝＝" };
	const char *rule = rules[rng_below(&p->r, sizeof rules / sizeof *rules)];
	int iso = rng_chance(&p->r, 500);
	for (size_t i = 0; i < p->ps.n;) {
		size_t end = item_end(p, i);
		if (i)
			buf_printf(p->out, "%s", rule), put_eol(p);
		int sourced = 0;
		for (size_t j = i; j < end; j++) {
			const struct piece *pc = &p->ps.v[j];
			if (pc->role == RENDER_BLANK)
				continue;
			if (!sourced && !is_head_role(pc->role) && pg->year &&
			    pg->paper) {
				if (iso)
					buf_printf(p->out, "%s %04d-%02d-%02d "
						   "第%d版", pg->paper, pg->year,
						   pg->month, pg->day, pg->page);
				else
					buf_printf(p->out, "%s　%d年%d月%d日　"
						   "第%d版", pg->paper, pg->year,
						   pg->month, pg->day, pg->page);
				put_eol(p);
				sourced = 1;
			}
			buf_puts(p->out, pc->text);
			put_eol(p);
		}
		i = end;
	}
}

static void render_web(struct page *p)
{
	const struct render_page *pg = p->pg;
	static const char *const sites[] = { "人民网－人民日报", "新华网",
					     "人民日报", "中国新闻网" };
	static const char *const buttons[] = {
		"【字号　大　中　小】　【打印】　【关闭】",
		"[打印本页] [关闭窗口]", "【我要纠错】　【收藏】",
	};
	for (size_t i = 0; i < p->ps.n;) {
		size_t end = item_end(p, i);
		int dated = 0;
		for (size_t j = i; j < end; j++) {
			const struct piece *pc = &p->ps.v[j];
			if (pc->role == RENDER_BLANK)
				continue;
			if (!dated && !is_head_role(pc->role) && pg->year) {
				buf_printf(p->out, "%04d-%02d-%02d %02zu:%02zu:%02zu"
					   "　来源：%s", pg->year, pg->month,
					   pg->day, rng_below(&p->r, 24),
					   rng_below(&p->r, 60),
					   rng_below(&p->r, 60),
					   sites[rng_below(&p->r, 4)]);
				put_eol(p);
				if (rng_chance(&p->r, 600)) {
					buf_puts(p->out,
						 buttons[rng_below(&p->r, 3)]);
					put_eol(p);
				}
				dated = 1;
			}
			buf_puts(p->out, pc->text);
			put_eol(p);
		}
		buf_printf(p->out, "%s责任编辑：%s",
			   rng_chance(&p->r, 500) ? "【纠错】　" : "",
			   EDITORS[rng_below(&p->r, sizeof EDITORS /
							sizeof *EDITORS)]);
		put_eol(p);
		put_eol(p);
		i = end;
	}
}

/* ---- wrapped ------------------------------------------------------------*/

/* Names padded as print pads them, and U+3000 as the space extraction
 * gives for it: "本报记者 冯 雪 杜永平". */
static char *ascii_spaces(const char *s)
{
	struct buf b = { 0 };
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t uc;
		size_t len = utf8_next(s + i, n - i, &uc);
		if (uc == 0x3000)
			buf_putc(&b, ' ');
		else
			buf_put(&b, s + i, len);
		i += len;
	}
	return buf_take(&b);
}

static int ends_blank(const struct buf *o)
{
	return o->len == 0 || (o->len >= 2 && o->p[o->len - 1] == '\n' &&
			       o->p[o->len - 2] == '\n');
}

static void blank_line(struct buf *o)
{
	if (!ends_blank(o))
		buf_putc(o, '\n');
}

struct wrapped {
	size_t cols; /* a full line */
	unsigned colbreak; /* permille of lines a column ends after */
	unsigned parabreak; /* permille of paragraphs after a blank line */
};

/* Lines out; a column ends after one now and then (a blank line, wherever
 * the sentence is), never after the last. */
static void put_lines(struct page *p, const struct strv *l,
		      unsigned colbreak)
{
	for (size_t k = 0; k < l->n; k++) {
		buf_puts(p->out, l->v[k]);
		buf_putc(p->out, '\n');
		if (k + 1 < l->n && rng_chance(&p->r, colbreak))
			buf_putc(p->out, '\n');
	}
}

static int wrapped_piece(struct page *p, const struct wrapped *wr,
			 const struct piece *pc)
{
	struct strv l = { 0 };
	char *t = NULL;
	switch (pc->role) {
	case RENDER_BLANK:
		blank_line(p->out);
		return 0;
	case RENDER_KICKER:
	case RENDER_TITLE:
	case RENDER_SUBTITLE:
	case RENDER_SOURCE: {
		/* a headline wraps where it must, and a long one now and
		 * then at its middle, as a two-line headline box */
		size_t chars = count_chars(pc->text, strlen(pc->text));
		size_t at = wr->cols;
		if (pc->role == RENDER_TITLE && chars >= 14 &&
		    rng_chance(&p->r, 400))
			at = 2 * rng_range(&p->r, chars * 2 / 5, chars * 3 / 5);
		wrap(pc->text, at, wr->cols, &l);
		put_lines(p, &l, 0);
		break;
	}
	case RENDER_CROSSHEAD:
		blank_line(p->out);
		wrap(pc->text, wr->cols, wr->cols, &l);
		put_lines(p, &l, 0);
		if (rng_chance(&p->r, 500))
			buf_putc(p->out, '\n');
		break;
	case RENDER_PARA:
	case RENDER_NOTE:
	case RENDER_CAPTION:
		if (rng_chance(&p->r, wr->parabreak))
			blank_line(p->out);
		if (!(t = space_digits(p, pc->text, p->spaced)))
			return -1;
		/* print indents a first line: 2 Han narrower */
		wrap(t, wr->cols - 4, wr->cols, &l);
		put_lines(p, &l, wr->colbreak);
		break;
	case RENDER_ENDDATE: {
		/* seed 002: "（新华社北京 5月 14 日电 记者 邹 伟 樊 曦…）" */
		blank_line(p->out);
		char *d = space_digits(p, pc->text, p->spaced);
		if (!d)
			return -1;
		t = ascii_spaces(d);
		free(d);
		if (!t)
			return -1;
		wrap(t, wr->cols, wr->cols, &l);
		put_lines(p, &l, 0);
		break;
	}
	default: /* byline, credit, signoff, a verse or a row */
		if (!(t = ascii_spaces(pc->text)))
			return -1;
		wrap(t, wr->cols, wr->cols, &l);
		put_lines(p, &l, 0);
		break;
	}
	free(t);
	int failed = l.failed;
	strv_free(&l);
	return failed ? -1 : 0;
}

static int render_wrapped(struct page *p)
{
	struct wrapped wr;
	wr.cols = 2 * rng_range(&p->r, 24, 27);
	wr.colbreak = (unsigned)rng_range(&p->r, 20, 60);
	wr.parabreak = (unsigned)rng_range(&p->r, 300, 900);
	int after = (p->pg->flags & RENDER_HEAD_AFTER) != 0;
	put_masthead(p);
	for (size_t i = 0; i < p->ps.n;) {
		size_t end = i;
		while (end < p->ps.n && p->ps.v[end].item == p->ps.v[i].item)
			end++;
		blank_line(p->out);
		for (size_t k = i; k < end; k++) {
			const struct piece *pc = &p->ps.v[k];
			int head = is_head_role(pc->role) ||
				   pc->role == RENDER_SOURCE;
			if (after && head)
				continue;
			if (wrapped_piece(p, &wr, pc) < 0)
				return -1;
		}
		if (after) {
			blank_line(p->out);
			for (size_t k = i; k < end; k++) {
				const struct piece *pc = &p->ps.v[k];
				if ((is_head_role(pc->role) ||
				     pc->role == RENDER_SOURCE) &&
				    wrapped_piece(p, &wr, pc) < 0)
					return -1;
			}
		}
		i = end;
	}
	blank_line(p->out);
	return 0;
}

/* ---- the PDF layouts: a stream of column lines, then pages --------------*/

enum cline_kind {
	CL_TEXT, /* a line of text at the column's left edge */
	CL_FIRST, /* a paragraph's first line: indented under -layout */
	CL_HEAD, /* a headline line: centred under -layout */
	CL_BLANK, /* a gap */
};

struct clines {
	struct strv text; /* the lines */
	enum cline_kind *kind; /* of each line, `text.n` of them */
	size_t *item; /* the item each line belongs to */
	size_t cap;
};

static void clines_put(struct clines *c, enum cline_kind k, const char *s,
		       size_t item)
{
	if (c->text.failed)
		return;
	if (c->text.n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 256;
		enum cline_kind *kv = realloc(c->kind, cap * sizeof *kv);
		if (kv)
			c->kind = kv;
		size_t *iv = realloc(c->item, cap * sizeof *iv);
		if (iv)
			c->item = iv;
		if (!kv || !iv) {
			c->text.failed = 1;
			return;
		}
		c->cap = cap;
	}
	c->kind[c->text.n] = k;
	c->item[c->text.n] = item;
	strv_puts(&c->text, s);
}

static void clines_free(struct clines *c)
{
	strv_free(&c->text);
	free(c->kind);
	free(c->item);
	*c = (struct clines){ 0 };
}

struct pdf {
	size_t cols; /* a column line, in columns */
	size_t head_cols; /* a headline line: larger type, fewer characters */
	int dateline_alone; /* datelines on a line of their own, a gap after */
	unsigned split_names; /* permille of bylines broken after a name */
	unsigned justify; /* permille of commas given a space (justified) */
};

/* Wrap text into the stream as `kind` (the first line CL_FIRST when it
 * is a paragraph). */
static void stream_wrap(struct clines *c, const char *s, size_t first,
			size_t cols, int para, enum cline_kind kind,
			size_t item)
{
	struct strv l = { 0 };
	wrap(s, first, cols, &l);
	for (size_t k = 0; k < l.n; k++)
		clines_put(c, para && !k ? CL_FIRST : kind, l.v[k], item);
	if (l.failed)
		c->text.failed = 1;
	strv_free(&l);
}

/* A space before some commas, as justified lines come out of pdftotext
 * ("辞旧迎新 ，"). */
static char *justify(struct page *p, const char *s, unsigned permille)
{
	struct buf b = { 0 };
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t uc;
		size_t len = utf8_next(s + i, n - i, &uc);
		if (uc == 0xFF0C && i && rng_chance(&p->r, permille))
			buf_putc(&b, ' ');
		buf_put(&b, s + i, len);
		i += len;
	}
	return buf_take(&b);
}

/* The items as one stream of column lines. */
static int pdf_stream(struct page *p, const struct pdf *pd, struct clines *c)
{
	for (size_t i = 0; i < p->ps.n; i++) {
		const struct piece *pc = &p->ps.v[i];
		int item_start = !i || p->ps.v[i - 1].item != pc->item;
		if (item_start && i)
			clines_put(c, CL_BLANK, "", pc->item);
		char *t = space_digits(p, pc->text, p->spaced);
		if (!t)
			return -1;
		switch (pc->role) {
		case RENDER_BLANK:
			clines_put(c, CL_BLANK, "", pc->item);
			break;
		case RENDER_TITLE:
			stream_wrap(c, t, pd->head_cols, pd->head_cols, 0,
				    CL_HEAD, pc->item);
			break;
		case RENDER_KICKER:
		case RENDER_SUBTITLE:
			stream_wrap(c, t, pd->cols + 8, pd->cols + 8, 0,
				    CL_HEAD, pc->item);
			break;
		case RENDER_BYLINE: {
			/* 本报记者　孟繁星　吴建华: the names apart, as a
			 * wide gap in print gives them */
			const char *gap = strstr(t, "　");
			const char *second = gap ? strstr(gap + 3, "　") :
						   NULL;
			while (second && !strncmp(second + 3, "　", 3))
				second += 3;
			if (second && rng_chance(&p->r, pd->split_names)) {
				struct buf a = { 0 };
				buf_put(&a, t, (size_t)(second - t));
				clines_put(c, CL_TEXT, a.p ? a.p : "",
					   pc->item);
				clines_put(c, CL_TEXT, second + 3, pc->item);
				int failed = a.failed;
				buf_free(&a);
				if (failed)
					c->text.failed = 1;
			} else {
				stream_wrap(c, t, pd->cols, pd->cols, 0,
					    CL_TEXT, pc->item);
			}
			break;
		}
		case RENDER_PARA:
		case RENDER_NOTE:
		case RENDER_CAPTION: {
			const char *body = pc->text;
			if (pc->dateline && pd->dateline_alone) {
				/* the dateline on its line, a gap, the body */
				struct buf a = { 0 };
				buf_put(&a, pc->text, pc->dateline);
				char *d = a.p ? space_digits(p, a.p,
							     p->spaced) : NULL;
				buf_free(&a);
				if (!d)
					goto fail;
				clines_put(c, CL_TEXT, d, pc->item);
				clines_put(c, CL_BLANK, "", pc->item);
				free(d);
				body += pc->dateline;
				while (*body == ' ')
					body++;
				while (!strncmp(body, "　", 3))
					body += 3;
			}
			char *sd = space_digits(p, body, p->spaced);
			char *j = sd ? justify(p, sd, pd->justify) : NULL;
			free(sd);
			if (!j)
				goto fail;
			stream_wrap(c, j, pd->cols - 4, pd->cols, 1, CL_TEXT,
				    pc->item);
			free(j);
			break;
		}
		default:
			stream_wrap(c, t, pd->cols, pd->cols, 0, CL_TEXT,
				    pc->item);
			break;
		}
		free(t);
		/* a gap under the headline group, now and then */
		if (is_head_role(pc->role) && i + 1 < p->ps.n &&
		    !is_head_role(p->ps.v[i + 1].role) &&
		    rng_chance(&p->r, 500))
			clines_put(c, CL_BLANK, "", pc->item);
		continue;
fail:
		free(t);
		return -1;
	}
	return c->text.failed ? -1 : 0;
}

/* How a file's pages are headed and footed. */
struct furniture {
	int head_form; /* 0 one line, 1 blocks, 2 page first */
	int foot_form; /* 0 第 N 页, 1 a lone number, 2 none */
	int editors_top; /* 本版责编 under the running head, not at the foot */
	size_t section; /* first page's section name */
	size_t editor; /* first editor's name */
};

static void furniture_choose(struct page *p, struct furniture *f)
{
	f->head_form = (int)rng_below(&p->r, 3);
	f->foot_form = (int)rng_below(&p->r, 3);
	f->editors_top = rng_chance(&p->r, 250);
	f->section = rng_below(&p->r, sizeof SECTIONS / sizeof *SECTIONS);
	f->editor = rng_below(&p->r, sizeof EDITORS / sizeof *EDITORS);
}

static void put_editors(struct page *p, const struct furniture *f, int page)
{
	size_t n = sizeof EDITORS / sizeof *EDITORS;
	size_t a = (f->editor + 2 * (size_t)page) % n;
	buf_printf(p->out, "本版责编：%s　%s\n", EDITORS[a],
		   EDITORS[(a + 1) % n]);
}

/* The running head of page `page` (its 版 number), as pdftotext gives a
 * head set across the top in separate boxes. */
static void pdf_head(struct page *p, const struct furniture *f, int page,
		     size_t k)
{
	const struct render_page *pg = p->pg;
	struct buf *o = p->out;
	const char *paper = pg->paper ? pg->paper : "";
	const char *section = SECTIONS[(f->section + k) %
				       (sizeof SECTIONS / sizeof *SECTIONS)];
	switch (f->head_form) {
	case 0:
		buf_printf(o, "%s ", paper);
		if (pg->year) {
			put_date(o, pg, 0);
			buf_printf(o, " 星期%s ", WEEKDAYS[p->weekday]);
		}
		buf_printf(o, "第 %d 版\n\n", page);
		break;
	case 1:
		if (*paper)
			buf_printf(o, "%s\n\n", paper);
		if (pg->year) {
			put_date(o, pg, 1);
			buf_printf(o, "\n\n星期%s\n\n", WEEKDAYS[p->weekday]);
		}
		buf_printf(o, "第%d版\n\n", page);
		break;
	default:
		buf_printf(o, "%d\n%s\n", page, paper);
		if (pg->year) {
			put_date(o, pg, 0);
			buf_printf(o, "　星期%s\n", WEEKDAYS[p->weekday]);
		}
		buf_printf(o, "%s\n\n", section);
		break;
	}
}

static void pdf_foot(struct page *p, const struct furniture *f, int page)
{
	if (f->foot_form == 0)
		buf_printf(p->out, "\n第 %d 页\n", page);
	else if (f->foot_form == 1)
		buf_printf(p->out, "\n%d\n", page);
}

/* How many stream lines each page takes: 2 or 3 pages a file when there is
 * enough, each a little different, never fewer than 12 lines. */
static size_t page_height(struct page *p, size_t total, size_t per)
{
	size_t pages = total / (per ? per : 1);
	if (pages < 1)
		pages = 1;
	size_t h = (total + pages - 1) / pages;
	h = h + rng_range(&p->r, 0, 6);
	return h < 12 ? 12 : h;
}

static int render_pdf(struct page *p)
{
	struct pdf pd;
	struct furniture f;
	struct clines c = { 0 };
	pd.cols = 2 * rng_range(&p->r, 12, 16);
	pd.head_cols = 2 * rng_range(&p->r, 9, 13);
	pd.dateline_alone = rng_chance(&p->r, 600);
	pd.split_names = (unsigned)rng_range(&p->r, 300, 900);
	pd.justify = (unsigned)rng_range(&p->r, 0, 40);
	furniture_choose(p, &f);
	if (pdf_stream(p, &pd, &c) < 0) {
		clines_free(&c);
		return -1;
	}
	size_t h = page_height(p, c.text.n, rng_range(&p->r, 40, 60));
	int page = p->pg->page;
	for (size_t at = 0, k = 0; at < c.text.n; k++, page++) {
		size_t end = at + h < c.text.n ? at + h : c.text.n;
		/* the last page takes a short remainder */
		if (c.text.n - end < h / 3)
			end = c.text.n;
		pdf_head(p, &f, page, k);
		if (f.editors_top) {
			put_editors(p, &f, (int)k);
			buf_putc(p->out, '\n');
		}
		while (at < end && c.kind[at] == CL_BLANK)
			at++;
		for (; at < end; at++) {
			buf_puts(p->out, c.text.v[at]);
			buf_putc(p->out, '\n');
		}
		if (!f.editors_top) {
			buf_putc(p->out, '\n');
			put_editors(p, &f, (int)k);
		}
		pdf_foot(p, &f, page);
		buf_putc(p->out, '\f');
	}
	clines_free(&c);
	return 0;
}

/* ---- pdftotext -layout ---------------------------------------------------*/

static void spaces(struct buf *o, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf_putc(o, ' ');
}

/* One column line as -layout sets it in `width` positions: a paragraph's
 * first line indented 2, a headline centred; padded to `width` when `pad`
 * (a left column with a right one after it).  pdftotext -layout gives a
 * glyph one position whatever its width, a Han character as a digit (see
 * real/): positions are characters, not display columns.  Returns the
 * positions put. */
static size_t put_cell(struct buf *o, enum cline_kind k, const char *s,
		       size_t width, int pad)
{
	size_t w = count_chars(s, strlen(s)), lead = 0;
	if (k == CL_FIRST)
		lead = 2;
	else if (k == CL_HEAD && w < width)
		lead = (width - w) / 2;
	spaces(o, lead);
	buf_puts(o, s);
	if (pad && lead + w < width)
		spaces(o, width - lead - w);
	return lead + w;
}

/* Cut a line's trailing spaces (pdftotext -layout ends lines at the last
 * glyph). */
static void trim_end(struct buf *o, size_t from)
{
	while (o->len > from && o->p[o->len - 1] == ' ')
		o->len--;
	if (o->p)
		o->p[o->len] = '\0';
}

static int render_pdf_layout(struct page *p)
{
	struct pdf pd;
	struct furniture f;
	struct clines c = { 0 };
	pd.cols = 2 * rng_range(&p->r, 16, 21);
	pd.head_cols = 2 * rng_range(&p->r, 12, 16);
	pd.dateline_alone = rng_chance(&p->r, 300);
	pd.split_names = (unsigned)rng_range(&p->r, 200, 700);
	pd.justify = (unsigned)rng_range(&p->r, 0, 30);
	furniture_choose(p, &f);
	size_t gap = rng_range(&p->r, 3, 9), margin = rng_range(&p->r, 0, 4);
	/* a column's positions: its full lines' Han (put_cell) */
	size_t cols = pd.cols / 2, width = 2 * cols + gap;
	if (pdf_stream(p, &pd, &c) < 0) {
		clines_free(&c);
		return -1;
	}
	size_t h = page_height(p, c.text.n, 2 * rng_range(&p->r, 28, 40)) / 2;
	if (h < 8)
		h = 8;
	struct buf *o = p->out;
	const struct render_page *pg = p->pg;
	int page = pg->page;
	for (size_t at = 0, k = 0; at < c.text.n; k++, page++) {
		int two = rng_chance(&p->r, 800);
		/* running head: the parts spread over the width */
		size_t start = o->len;
		spaces(o, margin);
		buf_puts(o, pg->paper ? pg->paper : "");
		spaces(o, rng_range(&p->r, 3, 20));
		if (pg->year) {
			put_date(o, pg, rng_chance(&p->r, 500));
			buf_printf(o, "   星期%s", WEEKDAYS[p->weekday]);
			spaces(o, rng_range(&p->r, 3, 20));
		}
		buf_printf(o, "第 %d 版   %s", page,
			   SECTIONS[(f.section + k) %
				    (sizeof SECTIONS / sizeof *SECTIONS)]);
		trim_end(o, start);
		buf_puts(o, "\n\n");
		if (f.editors_top) {
			spaces(o, margin);
			put_editors(p, &f, (int)k);
			buf_putc(o, '\n');
		}
		while (at < c.text.n && c.kind[at] == CL_BLANK)
			at++;
		/* a headline that opens the page spans both columns */
		while (two && at < c.text.n && c.kind[at] == CL_HEAD) {
			start = o->len;
			spaces(o, margin);
			put_cell(o, CL_HEAD, c.text.v[at], width, 0);
			trim_end(o, start);
			buf_putc(o, '\n');
			at++;
		}
		/* the left column, then the right one beside it */
		size_t left = at, rows = c.text.n - at < h ? c.text.n - at : h;
		size_t right = left + rows, rrows = 0;
		if (two)
			rrows = c.text.n - right < rows ? c.text.n - right :
							  rows;
		int stagger = 0;
		for (size_t r = 0; r < rows; r++) {
			/* baselines drift apart now and then: the two
			 * columns come out a line each */
			if (two && rng_chance(&p->r, stagger ? 300 : 40))
				stagger = !stagger;
			start = o->len;
			spaces(o, margin);
			size_t lw = put_cell(o, c.kind[left + r],
					     c.text.v[left + r], cols,
					     two && r < rrows && !stagger);
			if (two && r < rrows) {
				if (stagger) {
					trim_end(o, start);
					buf_putc(o, '\n');
					start = o->len;
					spaces(o, margin + cols + gap);
				} else {
					if (lw > cols)
						buf_putc(o, ' ');
					spaces(o, gap);
				}
				put_cell(o, c.kind[right + r],
					 c.text.v[right + r], cols, 0);
			}
			trim_end(o, start);
			buf_putc(o, '\n');
		}
		at = right + rrows;
		if (!f.editors_top) {
			buf_putc(o, '\n');
			spaces(o, margin + width / 2);
			put_editors(p, &f, (int)k);
		}
		if (f.foot_form != 2) {
			buf_putc(o, '\n');
			spaces(o, margin + width / 2 - 2);
			if (f.foot_form == 0)
				buf_printf(o, "第 %d 页\n", page);
			else
				buf_printf(o, "%d\n", page);
		}
		buf_putc(o, '\f');
	}
	clines_free(&c);
	return 0;
}

/* ---- sentences and clauses ----------------------------------------------*/

/* Big5's small forms, for the full-width marks a Taiwanese source set with
 * them: ，、。；：？！ -> ﹐﹑﹒﹔﹕﹖﹗ (and ： now and then ︰). */
static const uint32_t FULL_MARKS[] = { 0xFF0C, 0x3001, 0x3002, 0xFF1B, 0xFF1A,
				       0xFF1F, 0xFF01, 0 };
static const uint32_t SMALL_MARKS[] = { 0xFE50, 0xFE51, 0xFE52, 0xFE54, 0xFE55,
					0xFE56, 0xFE57, 0 };

struct split {
	const uint32_t *ends; /* a line ends after these (and closers) */
	unsigned small[7]; /* clauses: permille of each FULL_MARKS in small
			      form */
	int colon_alt; /* clauses: ︰ rather than ﹕ */
};

/* s cut after each of sp->ends (closing quotes and brackets staying with
 * it), the marks in small form where the page uses them. */
static void split_text(struct page *p, const struct split *sp, const char *s,
		       struct strv *out)
{
	struct buf l = { 0 };
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t uc;
		size_t len = utf8_next(s + i, n - i, &uc);
		int end = in_set(uc, sp->ends);
		size_t m = 0;
		while (FULL_MARKS[m] && FULL_MARKS[m] != uc)
			m++;
		if (FULL_MARKS[m] && rng_chance(&p->r, sp->small[m]))
			buf_putuc(&l, uc == 0xFF1A && sp->colon_alt ?
					      0xFE30 : SMALL_MARKS[m]);
		else
			buf_put(&l, s + i, len);
		i += len;
		if (!end)
			continue;
		while (i < n) {
			uint32_t c;
			size_t cl = utf8_next(s + i, n - i, &c);
			if (!in_set(c, CLOSERS) && !in_set(c, STOPS))
				break;
			buf_put(&l, s + i, cl);
			i += cl;
		}
		strv_put(out, l.p ? l.p : "", l.len);
		l.len = 0;
	}
	if (l.len)
		strv_put(out, l.p, l.len);
	if (l.failed)
		out->failed = 1;
	buf_free(&l);
}

static int render_split(struct page *p)
{
	struct split sp = { 0 };
	int clauses = p->pg->layout == RENDER_CLAUSES, blank_paras = 1;
	sp.ends = STOPS;
	if (clauses) {
		sp.ends = CLAUSE_ENDS;
		for (size_t m = 0; m < 7; m++) {
			static const unsigned rates[] = { 0, 500, 1000, 1000 };
			sp.small[m] = rates[rng_below(&p->r, 4)];
		}
		sp.small[0] = 1000; /* ﹐ at least: the mark of the kind */
		sp.colon_alt = rng_chance(&p->r, 500);
		blank_paras = rng_chance(&p->r, 600);
	}
	put_masthead(p);
	for (size_t i = 0; i < p->ps.n; i++) {
		const struct piece *pc = &p->ps.v[i];
		if (i && p->ps.v[i - 1].item != pc->item)
			blank_line(p->out);
		if (pc->role == RENDER_BLANK) {
			blank_line(p->out);
			continue;
		}
		if (!is_para_role(pc->role)) {
			buf_puts(p->out, pc->text);
			buf_putc(p->out, '\n');
			if (is_head_role(pc->role) &&
			    (i + 1 == p->ps.n || !is_head_role(
						p->ps.v[i + 1].role)))
				blank_line(p->out);
			continue;
		}
		struct strv l = { 0 };
		split_text(p, &sp, pc->text, &l);
		for (size_t k = 0; k < l.n; k++) {
			buf_puts(p->out, l.v[k]);
			buf_putc(p->out, '\n');
		}
		int failed = l.failed;
		strv_free(&l);
		if (failed)
			return -1;
		if (blank_paras)
			blank_line(p->out);
	}
	return 0;
}

/* ---- the page -----------------------------------------------------------*/

/* The page's UTF-8 in `b` from byte `from` on, as GBK. */
static enum err_code to_charset(struct buf *b, size_t from,
			       const char *charset, struct err *e)
{
	iconv_t cd = iconv_open(charset, "UTF-8");
	if (cd == (iconv_t)-1)
		return err_errno(e, errno, "render: iconv UTF-8 to %s",
				 charset);
	size_t n = b->len - from, cap = n * 2 + 16;
	char *outp = malloc(cap), *in = b->p + from, *op = outp;
	size_t inleft = n, outleft = cap;
	enum err_code rc = ERR_OK;
	if (!outp) {
		rc = err_set(e, ERR_NOMEM, "render: out of memory");
	} else if (iconv(cd, &in, &inleft, &op, &outleft) == (size_t)-1) {
		uint32_t uc = 0;
		utf8_next(in, inleft, &uc);
		rc = err_set(e, ERR_ENCODING, "render: U+%04X at byte %zu "
			     "has no %s form", (unsigned)uc,
			     (size_t)(in - (b->p + from)), charset);
	} else {
		b->len = from;
		buf_put(b, outp, (size_t)(op - outp));
		if (b->failed)
			rc = err_set(e, ERR_NOMEM, "render: out of memory");
	}
	free(outp);
	iconv_close(cd);
	return rc;
}

const char *render_big5(enum render_layout layout)
{
	return layout == RENDER_SENTENCES ? "BIG5-HKSCS" : "CP950";
}

enum err_code render_page(const struct render_page *pg, struct buf *out,
			  struct err *e)
{
	if (!pg->nitems || pg->layout >= RENDER_NLAYOUTS || pg->page < 1 ||
	    pg->page > 99 ||
	    (pg->year && (pg->month < 1 || pg->month > 12 || pg->day < 1 ||
			  pg->day > 31)))
		return err_set(e, ERR_USAGE, "render: nothing to lay out, or "
			       "a bad layout, page number or date");
	struct page p = { .pg = pg, .out = out };
	p.r.s = pg->seed * 0x100000001B3ull + (uint64_t)pg->layout;
	/* after an opening dateline: U+3000 as the paper sets it, a space
	 * as extraction or a web page gives it, now and then nothing */
	size_t roll = rng_below(&p.r, 10);
	p.sep = roll < 5 ? "　" : roll < 9 ? " " : "";
	p.enddate_alone = rng_chance(&p.r, 500);
	p.spaced = (unsigned)rng_range(&p.r, 300, 800);
	if (pg->layout == RENDER_PDF || pg->layout == RENDER_PDF_LAYOUT)
		p.spaced = (unsigned)rng_range(&p.r, 850, 1000);
	if (pg->year)
		p.weekday = weekday_of(pg->year, pg->month, pg->day);
	size_t from = out->len;
	flatten(&p);
	int rc = 0;
	if (!p.ps.failed) {
		switch (pg->layout) {
		case RENDER_LINES:
		case RENDER_LINES_GBK:
			render_lines(&p);
			break;
		case RENDER_WRAPPED:
			rc = render_wrapped(&p);
			break;
		case RENDER_PDF:
			rc = render_pdf(&p);
			break;
		case RENDER_PDF_LAYOUT:
			rc = render_pdf_layout(&p);
			break;
		case RENDER_LABELLED:
			render_labelled(&p);
			break;
		case RENDER_RULED:
			render_ruled(&p);
			break;
		case RENDER_WEB:
			render_web(&p);
			break;
		default:
			rc = render_split(&p);
			break;
		}
	}
	int failed = p.ps.failed || rc < 0 || out->failed;
	pieces_free(&p.ps);
	if (failed)
		return err_set(e, ERR_NOMEM, "render: out of memory");
	if (pg->layout == RENDER_LINES_GBK)
		return to_charset(out, from, "GBK", e);
	if (pg->flags & RENDER_BIG5)
		return to_charset(out, from, render_big5(pg->layout), e);
	return ERR_OK;
}

static const char *const LAYOUT_NAMES[RENDER_NLAYOUTS] = {
	"lines", "lines-gbk", "wrapped", "pdf", "pdf-layout", "sentences",
	"clauses", "labelled", "ruled", "web",
};

const char *render_layout_name(enum render_layout l)
{
	return l < RENDER_NLAYOUTS ? LAYOUT_NAMES[l] : "?";
}

int render_layout_parse(const char *name, enum render_layout *out)
{
	for (size_t i = 0; i < RENDER_NLAYOUTS; i++)
		if (!strcmp(name, LAYOUT_NAMES[i])) {
			*out = (enum render_layout)i;
			return 0;
		}
	return -1;
}

static const char *const ROLE_NAMES[RENDER_NROLES] = {
	"kicker", "title", "subtitle", "source", "byline", "note",
	"dateline", "para", "crosshead", "line", "blank", "caption",
	"credit", "enddate", "signoff",
};

int render_role_parse(const char *name, enum render_role *out)
{
	for (size_t i = 0; i < RENDER_NROLES; i++)
		if (!strcmp(name, ROLE_NAMES[i])) {
			*out = (enum render_role)i;
			return 0;
		}
	return -1;
}
