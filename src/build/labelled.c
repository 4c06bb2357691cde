/* labelled: records of labelled fields (see include/kanbao/build/labelled.h). */
#include "kanbao/build/labelled.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kanbao/base/punct.h"
#include "kanbao/base/utf8.h"
#include "kanbao/build/cues.h"
#include "kanbao/build/dates.h"
#include "kanbao/build/source.h"

enum field {
	F_TITLE,
	F_SUBTITLE,
	F_BYLINE,
	F_DATE,
	F_PAGE,
	F_SOURCE,
	F_PLACE,
	F_BODY,
	F_OTHER, /* known, no field for it: a paragraph of the body */
	F_COUNT
};

/* The keys archives label their fields with, simplified and traditional. */
static const struct {
	const char *key;
	enum field f;
} KEYS[] = {
	{ "标题", F_TITLE },	    { "標題", F_TITLE },
	{ "题目", F_TITLE },	    { "題目", F_TITLE },
	{ "题名", F_TITLE },	    { "題名", F_TITLE },
	{ "主标题", F_TITLE },	    { "主標題", F_TITLE },
	{ "正题", F_TITLE },	    { "正題", F_TITLE },
	{ "篇名", F_TITLE },	    { "副标题", F_SUBTITLE },
	{ "副標題", F_SUBTITLE },   { "副题", F_SUBTITLE },
	{ "副題", F_SUBTITLE },	    { "引题", F_SUBTITLE },
	{ "引題", F_SUBTITLE },	    { "肩题", F_SUBTITLE },
	{ "肩題", F_SUBTITLE },	    { "作者", F_BYLINE },
	{ "记者", F_BYLINE },	    { "記者", F_BYLINE },
	{ "署名", F_BYLINE },	    { "责任者", F_BYLINE },
	{ "責任者", F_BYLINE },	    { "日期", F_DATE },
	{ "时间", F_DATE },	    { "時間", F_DATE },
	{ "发布时间", F_DATE },	    { "發布時間", F_DATE },
	{ "发布日期", F_DATE },	    { "發布日期", F_DATE },
	{ "出版日期", F_DATE },	    { "发表日期", F_DATE },
	{ "發表日期", F_DATE },	    { "刊期", F_DATE },
	{ "版次", F_PAGE },	    { "版号", F_PAGE },
	{ "版號", F_PAGE },	    { "版面", F_PAGE },
	{ "版", F_PAGE },	    { "来源", F_SOURCE },
	{ "來源", F_SOURCE },	    { "出处", F_SOURCE },
	{ "出處", F_SOURCE },	    { "报纸", F_SOURCE },
	{ "報紙", F_SOURCE },	    { "报名", F_SOURCE },
	{ "報名", F_SOURCE },	    { "刊名", F_SOURCE },
	{ "媒体", F_SOURCE },	    { "媒體", F_SOURCE },
	{ "地点", F_PLACE },	    { "地點", F_PLACE },
	{ "正文", F_BODY },	    { "内容", F_BODY },
	{ "內容", F_BODY },	    { "全文", F_BODY },
	{ "栏目", F_OTHER },	    { "欄目", F_OTHER },
	{ "版名", F_OTHER },	    { "专栏", F_OTHER },
	{ "專欄", F_OTHER },	    { "分类", F_OTHER },
	{ "分類", F_OTHER },	    { "摘要", F_OTHER },
	{ "关键词", F_OTHER },	    { "關鍵詞", F_OTHER },
	/* and English, in any case: Title: …, Date: …, Content: … */
	{ "title", F_TITLE },	    { "headline", F_TITLE },
	{ "subtitle", F_SUBTITLE }, { "author", F_BYLINE },
	{ "byline", F_BYLINE },	    { "date", F_DATE },
	{ "time", F_DATE },	    { "page", F_PAGE },
	{ "source", F_SOURCE },	    { "place", F_PLACE },
	{ "content", F_BODY },	    { "body", F_BODY },
	{ "text", F_BODY },	    { "section", F_OTHER },
	{ "keywords", F_OTHER },    { "summary", F_OTHER },
};

/* A label at the start of a line. */
struct label {
	enum field f;
	const char *key; /* as the table spells it */
	int bracketed; /* 【标题】, not 标题： */
	size_t value; /* where the value starts in the line */
};

static int is_space_char(uint32_t uc)
{
	return uc == ' ' || uc == '\t' || uc == '\r' || uc == 0x3000;
}

static size_t skip_space(const char *s, size_t n, size_t i)
{
	uint32_t uc;
	size_t len;
	while (i < n && (len = utf8_next(s + i, n - i, &uc)) &&
	       is_space_char(uc))
		i += len;
	return i;
}

/* The key of the table spelled by `len` bytes at `s`, or -1. */
static int key_of(const char *s, size_t len)
{
	for (size_t k = 0; k < sizeof KEYS / sizeof KEYS[0]; k++)
		if (strlen(KEYS[k].key) == len &&
		    !strncasecmp(KEYS[k].key, s, len))
			return (int)k;
	return -1;
}

/* The label `n` bytes of line `s` start with, in `*l`: 1, or 0 for none. */
static int label_at(const char *s, size_t n, struct label *l)
{
	size_t a = skip_space(s, n, 0), len, k;
	uint32_t uc, close = 0;
	if (a >= n)
		return 0;
	len = utf8_next(s + a, n - a, &uc);
	if (uc == 0x3010) /* 【 */
		close = 0x3011;
	else if (uc == '[')
		close = ']';
	else if (uc == 0x3016) /* 〖 */
		close = 0x3017;
	if (close) {
		size_t from = a + len;
		for (k = from; k < n && k - from <= 12; k += len) {
			len = utf8_next(s + k, n - k, &uc);
			if (uc == close)
				break;
		}
		int key = k < n && uc == close ? key_of(s + from, k - from) : -1;
		if (key < 0)
			return 0;
		size_t v = skip_space(s, n, k + len);
		if (v < n && (utf8_next(s + v, n - v, &uc), uc == 0xFF1A ||
						       uc == ':'))
			v = skip_space(s, n, v + (uc == ':' ? 1 : 3));
		*l = (struct label){ KEYS[key].f, KEYS[key].key, 1, v };
		return 1;
	}
	/* KEY： or KEY: (spaces may stand before the colon) */
	for (k = a; k < n && k - a <= 12; k += len) {
		len = utf8_next(s + k, n - k, &uc);
		if (uc == 0xFF1A || uc == ':' || is_space_char(uc))
			break;
	}
	size_t end = k;
	k = skip_space(s, n, k);
	if (k >= n || end == a)
		return 0;
	len = utf8_next(s + k, n - k, &uc);
	int key = uc == 0xFF1A || uc == ':' ? key_of(s + a, end - a) : -1;
	if (key < 0)
		return 0;
	*l = (struct label){ KEYS[key].f, KEYS[key].key, 0,
			     skip_space(s, n, k + len) };
	return 1;
}

/* The next line of text[*at..n): its start and length (no '\n'), *at
 * moved past it.  0 at the end. */
static int next_line(const char *text, size_t n, size_t *at, const char **s,
		     size_t *len)
{
	if (*at >= n)
		return 0;
	const char *p = text + *at, *nl = memchr(p, '\n', n - *at);
	*s = p;
	*len = nl ? (size_t)(nl - p) : n - *at;
	*at += *len + (nl != NULL);
	return 1;
}

int labelled_is(const char *text, size_t n)
{
	size_t at = 0, len, lines = 0, labels = 0, first = 0;
	const char *s;
	unsigned fields = 0;
	int title = 0;
	while (lines < 200 && next_line(text, n, &at, &s, &len)) {
		if (skip_space(s, len, 0) >= len)
			continue;
		lines++;
		struct label l;
		if (!label_at(s, len, &l))
			continue;
		if (!labels++)
			first = lines;
		fields |= 1u << l.f;
		title |= l.f == F_TITLE;
	}
	int distinct = 0;
	for (int f = 0; f < F_COUNT; f++)
		distinct += f != F_OTHER && (fields >> f & 1);
	return title && distinct >= 3 && first <= 10 && labels >= 4;
}

size_t labelled_label(const char *s, size_t n)
{
	struct label l;
	return label_at(s, n, &l) ? l.value : 0;
}

size_t labelled_cut(const char *text, size_t n)
{
	size_t at = 0, len, cut = 0;
	const char *s;
	int start = -1;
	while (next_line(text, n, &at, &s, &len)) {
		struct label l;
		if (!label_at(s, len, &l))
			continue;
		if (start < 0)
			start = (int)l.f;
		else if ((int)l.f == start)
			cut = (size_t)(s - text);
	}
	return cut;
}

/* A line of a body wrapped at a width is this long at least, in bytes
 * of Han (3 each): shorter lines that break off are section heads. */
enum { WRAP_MIN = 16 };

/* The line `n` bytes at `s` added to the last paragraph of `it`, '\n'
 * between them (norm_text joins them as raw text's lines).  0, or -1
 * when out of memory. */
static int para_append(struct source_item *it, const char *s, size_t n)
{
	struct source_para *p = &it->paras[it->n - 1];
	char *t = realloc(p->text, p->len + 1 + n + 1);
	if (!t)
		return -1;
	t[p->len] = '\n';
	memcpy(t + p->len + 1, s, n);
	p->len += 1 + n;
	t[p->len] = '\0';
	p->text = t;
	return 0;
}

/* The record being read. */
struct record {
	struct source_item it;
	unsigned set; /* the fields it has, by bit */
	int in_body; /* its body has begun */
	int any; /* it has a field or text */
	int open; /* its last paragraph is a long line that breaks off
		     mid-sentence: a line of a body wrapped at a width */
	size_t kept; /* paragraphs of fields kept as such (栏目：要闻) */
	size_t nth; /* its number, from 1 */
};

/* Date the article by a dateline opening its body (paragraph `k`, after
 * the fields kept as paragraphs) or closing it (（本报柏林2月28日电）), as
 * its page would: the dateline's month and day, the year of the record's
 * date (the issue's); its place too.  0, or -1 when out of memory. */
static int dateline_date(struct source_item *it, size_t k)
{
	if (k >= it->n)
		return 0;
	struct dateline dl;
	const struct source_para *p = &it->paras[k];
	const char *at = p->text;
	/* the record's field may name the issue only: the date on it */
	uint32_t issue = source_date(it->date.p, it->date.len);
	if (!cues_dateline(p->text, p->len, &dl)) {
		const struct source_para *last = &it->paras[it->n - 1];
		size_t open = cues_closing(last->text, last->len, &dl);
		if (open == (size_t)-1)
			return 0;
		/* its offsets are inside the parenthesis */
		at = last->text + open +
		     (last->text[open] == '(' ? 1 : 3);
	}
	if (!it->place.len && dl.place.len)
		buf_put(&it->place, at + dl.place.at, dl.place.len);
	struct date d = dl.date, in = { (int)(issue / 10000),
					(int)(issue / 100 % 100),
					(int)(issue % 100) };
	if (!d.day || (!d.year && !issue))
		return it->place.failed ? -1 : 0;
	if (!d.year && d.month)
		d.year = dates_year_in_issue(d.month, d.day, in);
	else if (!d.year)
		d = dates_in_issue_month(d.day, in);
	if (!d.year || !dates_valid(d.year, d.month, d.day))
		return it->place.failed ? -1 : 0;
	char iso[16];
	snprintf(iso, sizeof iso, "%04d-%02d-%02d", d.year, d.month, d.day);
	buf_clear(&it->date);
	buf_puts(&it->date, iso);
	return it->date.failed || it->place.failed ? -1 : 0;
}

/* A dateline opening block k of `a` set apart from the text after it by
 * U+3000, as the stages of raw text set it (normalising dropped the space
 * between them).  0, or -1 when out of memory. */
static int space_after_dateline(struct article *a, size_t k)
{
	if (k >= a->nblocks || a->blocks[k].kind != BLOCK_PARA)
		return 0;
	char *t = a->blocks[k].text;
	size_t n = strlen(t);
	struct dateline dl;
	uint32_t next;
	if (!cues_dateline(t, n, &dl) || dl.len >= n)
		return 0;
	utf8_next(t + dl.len, n - dl.len, &next);
	if (!utf8_is_han(next) && !(next >= '0' && next <= '9'))
		return 0; /* a parenthesis, a space: set apart already */
	char *w = malloc(n + 4);
	if (!w)
		return -1;
	memcpy(w, t, dl.len);
	memcpy(w + dl.len, "\xE3\x80\x80", 3);
	memcpy(w + dl.len + 3, t + dl.len, n - dl.len + 1);
	free(t);
	a->blocks[k].text = w;
	return 0;
}

/* Make the record an article and start the next. */
static enum err_code finish(struct record *r, const char *name,
			    const struct import_opts *o,
			    struct article_list *out, struct err *e)
{
	enum err_code rc = ERR_OK;
	if (r->any) {
		size_t had = out->n;
		if (dateline_date(&r->it, r->kept) < 0) {
			source_item_free(&r->it);
			return err_set(e, ERR_NOMEM, "%s: out of memory", name);
		}
		rc = source_item_finish(name, r->nth, &r->it, o, out, e);
		if (rc == ERR_OK && out->n > had &&
		    space_after_dateline(&out->v[out->n - 1], r->kept) < 0)
			rc = err_set(e, ERR_NOMEM, "%s: out of memory", name);
		r->nth++;
	}
	source_item_free(&r->it);
	r->set = 0, r->in_body = 0, r->any = 0, r->kept = 0, r->open = 0;
	return rc;
}

/* The buffer a field's value goes to; NULL for the body and others. */
static struct buf *field_buf(struct source_item *it, enum field f)
{
	switch (f) {
	case F_TITLE: return &it->title;
	case F_SUBTITLE: return &it->subtitle;
	case F_BYLINE: return &it->byline;
	case F_DATE: return &it->date;
	case F_PAGE: return &it->page;
	case F_SOURCE: return &it->source;
	case F_PLACE: return &it->place;
	default: return NULL;
	}
}

/* A line of text (no label) into the record: a paragraph, or more of the
 * last one.  0, or -1 when out of memory. */
static int take_text(struct record *r, const char *s, size_t len)
{
	size_t a = skip_space(s, len, 0);
	/* a paragraph wrapped at a width goes on in a line with no indent;
	 * one a line ends its sentence */
	int rc = a == 0 && r->open
			 ? para_append(&r->it, s, len)
			 : source_item_add(&r->it, BLOCK_PARA, s + a, len - a);
	r->open = len - a >= 3 * WRAP_MIN && !punct_ends_final(s + a, len - a);
	r->in_body = 1, r->any = 1;
	return rc;
}

/* The value `v` (`vn` bytes) of label `l` into the record.  0, or -1 when
 * out of memory. */
static int take_value(struct record *r, const struct label *l, const char *v,
		      size_t vn)
{
	r->set |= 1u << l->f;
	r->any = 1;
	r->open = 0;
	struct buf *b = field_buf(&r->it, l->f);
	if (b) {
		buf_put(b, v, vn);
		return b->failed ? -1 : 0;
	}
	if (l->f == F_BODY) {
		r->in_body = 1;
		if (!vn)
			return 0;
		r->open = vn >= 3 * WRAP_MIN && !punct_ends_final(v, vn);
		return source_item_add(&r->it, BLOCK_PARA, v, vn);
	}
	if (!vn)
		return 0;
	/* kept as it was labelled: 栏目：要闻 */
	struct buf t = { 0 };
	buf_puts(&t, l->key);
	buf_puts(&t, "：");
	buf_put(&t, v, vn);
	int rc = t.failed || source_item_add(&r->it, BLOCK_PARA, t.p,
					     t.len) < 0 ? -1 : 0;
	buf_free(&t);
	r->kept++;
	return rc;
}

enum err_code labelled_import(const char *name, const char *text, size_t n,
			      size_t before, const struct import_opts *o,
			      struct article_list *out, struct err *e)
{
	struct record r = { .nth = 1 };
	struct diag *d = o ? o->diag : NULL;
	size_t at = 0, len, no = before;
	const char *s;
	int start = -1; /* the field records start with: the first label's */
	enum err_code rc = ERR_OK;
	while (rc == ERR_OK && next_line(text, n, &at, &s, &len)) {
		no++;
		while (len && (s[len - 1] == '\r' || s[len - 1] == ' '))
			len--;
		if (skip_space(s, len, 0) >= len)
			continue;
		struct label l;
		int is = label_at(s, len, &l);
		/* in the body, a label with a colon is text unless it is the
		 * one records start with */
		if (is && r.in_body && !l.bracketed && (int)l.f != start)
			is = 0;
		if (!is) {
			if (start < 0 && !r.any)
				diag_warn(d, "%s:%zu: text before the first "
					  "labelled field: an article of its "
					  "own", name, no);
			if (take_text(&r, s, len) < 0)
				rc = err_set(e, ERR_NOMEM, "%s: out of memory",
					     name);
			continue;
		}
		if (start < 0) {
			/* what came before the first label is an article */
			rc = finish(&r, name, o, out, e);
			start = (int)l.f;
		}
		if (rc == ERR_OK && l.f != F_BODY &&
		    (r.in_body || (r.set >> l.f & 1 && l.f != F_OTHER)))
			rc = finish(&r, name, o, out, e);
		if (rc == ERR_OK &&
		    take_value(&r, &l, s + l.value, len - l.value) < 0)
			rc = err_set(e, ERR_NOMEM, "%s: out of memory", name);
	}
	if (rc == ERR_OK)
		rc = finish(&r, name, o, out, e);
	source_item_free(&r.it);
	return rc;
}
