/* source: kinds of file, and the articles of structured ones (see
 * include/kanbao/build/source.h). */
#include "kanbao/build/source.h"

#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "kanbao/base/array.h"
#include "kanbao/base/utf8.h"
#include "kanbao/build/assemble.h"
#include "kanbao/build/dates.h"
#include "kanbao/build/norm.h"

/* ---- kinds --------------------------------------------------------------*/

/* How far into a file its kind is looked for: a feed's root element comes
 * after an XML declaration, a stylesheet line and comments, never far. */
enum { SNIFF_BYTES = 4096 };

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
	       c == '\v';
}

static const char *skip_space(const char *p, const char *end)
{
	while (p < end && is_space(*p))
		p++;
	return p;
}

/* Does `p` start with `word`, ASCII case ignored? */
static int starts_ci(const char *p, const char *end, const char *word)
{
	size_t m = strlen(word);
	return (size_t)(end - p) >= m && !strncasecmp(p, word, m);
}

/* Is `word` among the bytes [p, end), ASCII case ignored? */
static int has_ci(const char *p, const char *end, const char *word)
{
	size_t m = strlen(word);
	for (; (size_t)(end - p) >= m; p++)
		if (!strncasecmp(p, word, m))
			return 1;
	return 0;
}

static int name_ends(const char *name, const char *suffix)
{
	size_t n = strlen(name), m = strlen(suffix);
	return n > m && !strcasecmp(name + n - m, suffix);
}

/* The kind of markup starting at `p` (a '<'): XML declarations and
 * comments are passed over to the first element. */
static enum source_kind sniff_markup(const char *name, const char *p,
				     const char *end)
{
	while (p < end && *p == '<') {
		if (starts_ci(p, end, "<?xml") || starts_ci(p, end, "<!--") ||
		    starts_ci(p, end, "<?")) {
			int comment = starts_ci(p, end, "<!--");
			const char *close = comment ? "-->" : "?>";
			const char *q = p + 2;
			while (q < end && !starts_ci(q, end, close))
				q++;
			if (q >= end)
				break;
			p = skip_space(q + strlen(close), end);
			continue;
		}
		/* a DOCTYPE other than a page's (RSS 0.91's, or one with
		 * an internal subset): passed over to the root */
		if (starts_ci(p, end, "<!doctype") &&
		    !starts_ci(p, end, "<!doctype html")) {
			const char *q = p + 9;
			while (q < end && *q != '>' && *q != '[')
				q++;
			if (q < end && *q == '[')
				while (q < end && *q != ']')
					q++;
			while (q < end && *q != '>')
				q++;
			if (q >= end)
				break;
			p = skip_space(q + 1, end);
			continue;
		}
		if (starts_ci(p, end, "<rss") || starts_ci(p, end, "<feed") ||
		    starts_ci(p, end, "<rdf:rdf"))
			return SOURCE_FEED;
		if (starts_ci(p, end, "<!doctype html") ||
		    starts_ci(p, end, "<html") || starts_ci(p, end, "<head") ||
		    starts_ci(p, end, "<body") || starts_ci(p, end, "<meta") ||
		    starts_ci(p, end, "<title"))
			return SOURCE_HTML;
		break;
	}
	/* An element we do not know at the start: a fragment of a page
	 * (<div>, <p>), unless the name says Markdown (which may hold HTML),
	 * or XML that is no feed the first bytes show. */
	if (name_ends(name, ".md") || name_ends(name, ".markdown"))
		return SOURCE_MARKDOWN;
	if (p < end && (p + 1 >= end ||
			((p[1] | 0x20) >= 'a' && (p[1] | 0x20) <= 'z')))
		return has_ci(p, end, "<rss") || has_ci(p, end, "<feed")
			       ? SOURCE_FEED
			       : SOURCE_HTML;
	return SOURCE_TEXT;
}

/* YAML front matter: a line "---", then a line "key: value". */
static int front_matter(const char *p, const char *end)
{
	if (!starts_ci(p, end, "---"))
		return 0;
	p += 3;
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++;
	if (p >= end || *p != '\n')
		return 0;
	p++;
	const char *key = p;
	while (p < end && *p != '\n' && *p != ':' && *p != ' ')
		p++;
	return p > key && p < end && *p == ':';
}

/* An ATX heading ("# 标题", "### 标题") on the first line. */
static int atx_heading(const char *p, const char *end)
{
	size_t hashes = 0;
	while (p < end && *p == '#' && hashes < 7)
		p++, hashes++;
	return hashes >= 1 && hashes <= 6 && p < end && (*p == ' ' ||
							  *p == '\t');
}

enum source_kind source_sniff(const char *name, const char *data, size_t n)
{
	const char *p = data, *end = data + (n < SNIFF_BYTES ? n : SNIFF_BYTES);
	if (!name)
		name = "";
	if (end - p >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	p = skip_space(p, end);
	if (p < end && *p == '{')
		return SOURCE_JSON;
	if (p < end && *p == '[') {
		const char *q = skip_space(p + 1, end);
		if (q < end && (*q == '{' || *q == ']'))
			return SOURCE_JSON;
	}
	if (p < end && *p == '<')
		return sniff_markup(name, p, end);
	if (front_matter(p, end) || atx_heading(p, end))
		return SOURCE_MARKDOWN;
	if (name_ends(name, ".md") || name_ends(name, ".markdown"))
		return SOURCE_MARKDOWN;
	return SOURCE_TEXT;
}

/* How far into a file control bytes are counted, and how many make it no
 * text: images, archives, compressed files and programs hold one in ten
 * or more; text, even a dump with stray controls or escape sequences in
 * it, a few in a hundred at most. */
enum { BINARY_BYTES = 1 << 16, BINARY_PERCENT = 5, BINARY_MIN = 16 };

/* Is `c` a control byte text has no use for?  Tab, line breaks, form feed
 * and escape are text's (pdftotext writes form feeds; escapes are shown
 * as pictures). */
static int is_binary_byte(unsigned char c)
{
	return c == 0 || (c < 0x20 && !strchr("\t\n\v\f\r\x1b", c)) ||
	       c == 0x7f;
}

const char *source_binary(const char *data, size_t n, const char *encoding)
{
	if (n >= 5 && !memcmp(data, "%PDF-", 5))
		return "a PDF file (its text: pdftotext -layout FILE -)";
	if (n >= 2 && !memcmp(data, "\x1F\x8B", 2))
		return "compressed with gzip (its text: zcat FILE)";
	/* UTF-16 and UTF-32 write ASCII with NUL bytes */
	if ((n >= 2 && (!memcmp(data, "\xFF\xFE", 2) ||
			!memcmp(data, "\xFE\xFF", 2))) ||
	    (encoding && (!strncasecmp(encoding, "UTF16", 5) ||
			  !strncasecmp(encoding, "UTF-16", 6) ||
			  !strncasecmp(encoding, "UTF32", 5) ||
			  !strncasecmp(encoding, "UTF-32", 6) ||
			  !strncasecmp(encoding, "UCS", 3))))
		return NULL;
	size_t m = n < BINARY_BYTES ? n : BINARY_BYTES, bad = 0;
	for (size_t i = 0; i < m; i++)
		bad += is_binary_byte((unsigned char)data[i]);
	return bad >= BINARY_MIN && bad * 100 >= m * BINARY_PERCENT
		       ? "not text (it holds control bytes, as images, "
			 "archives and programs do)"
		       : NULL;
}

const char *source_kind_name(enum source_kind k)
{
	switch (k) {
	case SOURCE_HTML:
		return "HTML";
	case SOURCE_MARKDOWN:
		return "Markdown";
	case SOURCE_FEED:
		return "feed";
	case SOURCE_JSON:
		return "JSON";
	case SOURCE_TEXT:
		break;
	}
	return "text";
}

/* ---- dispatch -----------------------------------------------------------*/

int source_parts(enum source_kind k, const char *data, size_t n)
{
	(void)data, (void)n;
#ifdef KANBAO_JSONC
	return k == SOURCE_JSON && source_json_parts(data, n);
#else
	return 0;
#endif
}

/* A space, as JSON has them. */
static int json_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

size_t source_part_end(const char *data, size_t n, size_t from, size_t want)
{
	if (want >= n - from)
		return n;
	/* from the line break before byte from + want, so that a line
	 * starting there is found (and none at `from`: a part is never
	 * empty) */
	for (size_t at = from + (want ? want - 1 : 0); at < n;) {
		const char *nl = memchr(data + at, '\n', n - at);
		if (!nl)
			return n;
		size_t next = (size_t)(nl - data) + 1;
		if (next < n && data[next] == '{') {
			size_t b = next;
			while (b > from && json_space(data[b - 1]))
				b--;
			if (b > from && data[b - 1] == '}')
				return next;
		}
		at = next;
	}
	return n;
}

/* (only in a build without some parser's library) */
#if !defined(KANBAO_GUMBO) || !defined(KANBAO_CMARK) || \
	!defined(KANBAO_LIBXML2) || !defined(KANBAO_JSONC)
static enum err_code unsupported(const char *name, enum source_kind k,
				 const char *lib, struct err *e)
{
	return err_set(e, ERR_UNSUPPORTED,
		       "%s: %s, but this kanbao-build was built without %s",
		       name, source_kind_name(k), lib);
}
#endif

enum err_code source_import(enum source_kind k, const char *name,
			    const char *data, size_t n,
			    const struct source_part *part,
			    const struct import_opts *opts,
			    struct article_list *out, struct err *e)
{
	(void)data, (void)n, (void)part, (void)opts, (void)out;
	switch (k) {
	case SOURCE_HTML:
#ifdef KANBAO_GUMBO
		return source_html(name, data, n, opts, out, e);
#else
		return unsupported(name, k, "libgumbo", e);
#endif
	case SOURCE_MARKDOWN:
#ifdef KANBAO_CMARK
		return source_markdown(name, data, n, opts, out, e);
#else
		return unsupported(name, k, "libcmark and libyaml", e);
#endif
	case SOURCE_FEED:
#ifdef KANBAO_LIBXML2
		return source_feed(name, data, n, opts, out, e);
#else
		return unsupported(name, k, "libxml2 and libgumbo", e);
#endif
	case SOURCE_JSON:
#ifdef KANBAO_JSONC
		return source_json(name, data, n, part, opts, out, e);
#else
		return unsupported(name, k, "json-c", e);
#endif
	case SOURCE_TEXT:
		break;
	}
	return err_set(e, ERR_USAGE, "%s: raw text is not a structured source",
		       name);
}

/* ---- decoding -----------------------------------------------------------*/

static int iconv_knows(const char *charset)
{
	iconv_t cd = iconv_open("UTF-8", charset);
	if (cd == (iconv_t)-1)
		return 0;
	iconv_close(cd);
	return 1;
}

enum err_code source_decode(const char *name, const char *data, size_t n,
			    const char *declared,
			    const struct import_opts *opts,
			    struct decoded *out, struct err *e)
{
	const char *enc = opts ? opts->encoding : NULL;
	if (!enc && declared && *declared && !utf8_valid(data, n) &&
	    iconv_knows(declared))
		enc = declared;
	return decode_text(name, data, n, enc, opts ? opts->diag : NULL, out,
			   e);
}

/* ---- items --------------------------------------------------------------*/

int source_item_add(struct source_item *it, enum block_kind kind,
		    const char *s, size_t len)
{
	char *t = malloc(len + 1);
	if (!t || array_grow(&it->paras, &it->cap, it->n + 1,
			     sizeof *it->paras) < 0) {
		free(t);
		return -1;
	}
	memcpy(t, s, len);
	t[len] = '\0';
	it->paras[it->n++] = (struct source_para){ kind, t, len };
	return 0;
}

int source_item_line(struct source_item *it, int rc, struct buf *b)
{
	for (size_t i = 0; i < it->n; i++) {
		if (i)
			buf_putc(b, ' ');
		buf_put(b, it->paras[i].text, it->paras[i].len);
	}
	source_item_free(it);
	return rc < 0 || b->failed ? -1 : 0;
}

void source_item_free(struct source_item *it)
{
	buf_free(&it->title);
	buf_free(&it->subtitle);
	buf_free(&it->source);
	buf_free(&it->byline);
	buf_free(&it->page);
	buf_free(&it->place);
	buf_free(&it->date);
	for (size_t i = 0; i < it->n; i++)
		free(it->paras[i].text);
	free(it->paras);
	memset(it, 0, sizeof *it);
}

/* ---- dates --------------------------------------------------------------*/

static uint32_t ymd(int y, int m, int d)
{
	return dates_valid(y, m, d) ? (uint32_t)(y * 10000 + m * 100 + d) : 0;
}

/* Unix time, seconds or milliseconds, as a date in UTC+8. */
static uint32_t unix_date(const char *s, size_t n)
{
	long long t = 0;
	for (size_t i = 0; i < n; i++)
		t = t * 10 + (s[i] - '0');
	if (n == 13)
		t /= 1000;
	time_t when = (time_t)(t + 8 * 3600);
	struct tm tm;
	if (!gmtime_r(&when, &tm))
		return 0;
	return ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* RFC 822 as feeds write it: [Fri, ]01 Mar 2024 [...]. */
static uint32_t rfc822_date(const char *s, size_t n)
{
	static const char months[] = "janfebmaraprmayjunjulaugsepoctnovdec";
	const char *p = s, *end = s + n;
	if (end - p >= 4 && p[3] == ',')
		p = skip_space(p + 4, end);
	int day = 0, digits = 0;
	for (; p < end && *p >= '0' && *p <= '9' && digits < 2; p++, digits++)
		day = day * 10 + (*p - '0');
	if (!digits || p >= end || *p != ' ')
		return 0;
	p = skip_space(p, end);
	if (end - p < 4 || p[3] != ' ')
		return 0;
	int month = 0;
	for (int i = 0; i < 12; i++)
		if (!strncasecmp(p, months + 3 * i, 3))
			month = i + 1;
	p = skip_space(p + 3, end);
	int year = 0;
	for (digits = 0; p < end && *p >= '0' && *p <= '9' && digits < 4;
	     p++, digits++)
		year = year * 10 + (*p - '0');
	if (digits == 2)
		year += year < 50 ? 2000 : 1900;
	else if (digits != 4)
		return 0;
	return month ? ymd(year, month, day) : 0;
}

uint32_t source_date(const char *s, size_t n)
{
	if (!n) /* an item with no date: its buf may hold no memory */
		return 0;
	while (n && is_space(*s))
		s++, n--;
	while (n && is_space(s[n - 1]))
		n--;
	size_t digits = 0;
	while (digits < n && s[digits] >= '0' && s[digits] <= '9')
		digits++;
	if (digits == n && (n == 10 || n == 13))
		return unix_date(s, n);
	uint32_t d = rfc822_date(s, n);
	if (d)
		return d;
	struct date dt;
	size_t at, len;
	if (dates_find_full(s, n, &dt, &at, &len))
		return ymd(dt.year, dt.month, dt.day);
	return 0;
}

/* ---- finishing ----------------------------------------------------------*/

/* How a field is repaired: as text, names (a byline) or a headline. */
enum { AS_TEXT, AS_NAMES, AS_TITLE };

/* `n` bytes of `s` cleaned and repaired as raw text's are (`as`), with
 * spaces around them off; NULL for a field that comes out empty (`*nomem`
 * set when that is for want of memory). */
static char *repair(const char *s, size_t n, int as, int *nomem)
{
	if (!n)
		return NULL;
	/* Tabs and the like separate words as spaces do; line breaks are
	 * kept for norm_text, which joins the two sides as it should. */
	char *flat = malloc(n);
	if (!flat) {
		*nomem = 1;
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		flat[i] = s[i] == '\t' || s[i] == '\r' || s[i] == '\f' ||
				  s[i] == '\v'
			  ? ' '
			  : s[i];
	size_t len;
	char *clean = utf8_clean(flat, n, UTF8_KEEP_NEWLINES, &len, NULL);
	free(flat);
	char *t = !clean	   ? NULL
		  : as == AS_NAMES ? norm_names(clean, len)
		  : as == AS_TITLE ? norm_title(clean, len)
				   : norm_text(clean, len);
	free(clean);
	if (!t) {
		*nomem = 1;
		return NULL;
	}
	/* spaces off both ends, U+3000 (the paragraph indent) too */
	size_t from = 0, to = strlen(t);
	for (;;) {
		uint32_t uc;
		size_t l = from < to ? utf8_next(t + from, to - from, &uc) : 0;
		if (!l || !(utf8_is_space(uc) || uc == '\n'))
			break;
		from += l;
	}
	while (to > from) {
		uint32_t uc;
		const char *p = utf8_prev(t + to, t + from, &uc);
		if (!(utf8_is_space(uc) || uc == '\n'))
			break;
		to = (size_t)(p - t);
	}
	if (from == to) {
		free(t);
		return NULL;
	}
	memmove(t, t + from, to - from);
	t[to - from] = '\0';
	return t;
}

void source_page(const char *s, size_t n, struct buf *page)
{
	size_t i = 0;
	while (i < n && !(s[i] >= '0' && s[i] <= '9'))
		i++;
	if (i == n)
		return;
	if (i > 0 && ((s[i - 1] | 0x20) >= 'a' && (s[i - 1] | 0x20) <= 'z'))
		buf_putc(page, s[i - 1]);
	while (i + 1 < n && s[i] == '0' && s[i + 1] >= '0' && s[i + 1] <= '9')
		i++;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		buf_putc(page, s[i++]);
}

static char *repair_buf(const struct buf *b, int as, int *nomem)
{
	return repair(b->p, b->len, as, nomem);
}

/* The article's blocks: the item's paragraphs repaired, empty ones and
 * repeats of the title left out. */
static int take_paras(struct source_item *it, struct article *a, int *nomem)
{
	for (size_t i = 0; i < it->n && !*nomem; i++) {
		char *t = repair(it->paras[i].text, it->paras[i].len, AS_TEXT,
				 nomem);
		if (!t)
			continue;
		if (a->title && !strcmp(t, a->title)) {
			free(t);
			continue;
		}
		if (article_add_block(a, it->paras[i].kind, t) < 0)
			*nomem = 1;
	}
	return *nomem ? -1 : 0;
}

static const char *first_para(const struct article *a)
{
	for (size_t i = 0; i < a->nblocks; i++)
		if (a->blocks[i].kind == BLOCK_PARA)
			return a->blocks[i].text;
	return a->nblocks ? a->blocks[0].text : NULL;
}

enum err_code source_item_finish(const char *name, size_t nth,
				 struct source_item *it,
				 const struct import_opts *opts,
				 struct article_list *out, struct err *e)
{
	struct article a = { 0 };
	int nomem = 0;
	a.title = repair_buf(&it->title, AS_TITLE, &nomem);
	a.subtitle = repair_buf(&it->subtitle, AS_TITLE, &nomem);
	a.source = repair_buf(&it->source, AS_TEXT, &nomem);
	a.place = repair_buf(&it->place, AS_TEXT, &nomem);
	struct buf page = { 0 };
	source_page(it->page.p ? it->page.p : "", it->page.len, &page);
	a.page = repair_buf(&page, AS_TEXT, &nomem);
	nomem |= page.failed;
	buf_free(&page);
	a.byline = repair_buf(&it->byline, AS_NAMES, &nomem);
	a.date = source_date(it->date.p, it->date.len);
	struct date named;
	if (!a.date && dates_from_name(name, &named))
		a.date = ymd(named.year, named.month, named.day);
	if (!a.date && opts && opts->date)
		a.date = (uint32_t)opts->date;
	take_paras(it, &a, &nomem);
	if (!nomem && !a.title && a.nblocks) {
		if (!(a.title = assemble_derive_title(first_para(&a))))
			nomem = 1;
		a.flags |= ARTICLE_TITLE_DERIVED;
	}
	source_item_free(it);
	if (nomem) {
		article_free(&a);
		return err_set(e, ERR_NOMEM, "%s: out of memory", name);
	}
	if (!a.title) {
		article_free(&a);
		diag_warn(opts ? opts->diag : NULL,
			  "%s: item %zu: no title and no text; left out", name,
			  nth);
		return ERR_OK;
	}
	struct article *slot = article_list_push(out);
	if (!slot) {
		article_free(&a);
		return err_set(e, ERR_NOMEM, "%s: out of memory", name);
	}
	*slot = a;
	return ERR_OK;
}
