/* source_json: JSON lines, and JSON arrays of article objects, through
 * json-c (see include/kanbao/build/source.h).
 *
 * json-c parses each value; this file only finds where the values are: one
 * after another (JSON lines, or objects written one after another over
 * several lines), and the elements of an array one at a time, so that an
 * archive of a million articles is never a million objects in memory, and
 * a value cut in half costs that value alone.  After a value that does not
 * parse, reading starts again on the next line. */
#include "kanbao/build/source.h"

#include <json-c/json.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kanbao/base/utf8.h"
#include "kanbao/base/width.h"
#include "kanbao/build/dates.h"

/* The usual keys of each field, the most telling first.  Keys are compared
 * with ASCII case ignored and '_', '-' and ' ' left out, so "pub_date"
 * also finds "pubDate" and "PUB-DATE". */
enum { USUAL_MAX = 14 };
static const char *const usual[IMPORT_FIELDS][USUAL_MAX] = {
	[IMPORT_TITLE] = { "title", "headline", "标题", NULL },
	[IMPORT_BODY] = { "content", "text", "body", "article", "正文",
			  "内容", NULL },
	/* the publishing date before a bare "time", which may be the
	 * hour alone, or when the item was fetched */
	[IMPORT_DATE] = { "pubtime", "publish_time", "publish_date",
			  "pub_date", "published", "published_at",
			  "datetime", "date", "time", "日期", "发布时间",
			  "时间", NULL },
	[IMPORT_SOURCE] = { "source", "media", "site", "来源", NULL },
	[IMPORT_AUTHOR] = { "author", "byline", "reporter", "作者", NULL },
	[IMPORT_PAGE] = { "page", "版面", "版次", NULL },
	[IMPORT_SUBTITLE] = { "subtitle", "副标题", "副题", NULL },
};

/* The keys of an object holding the list of articles ({"code": 0, "data":
 * [...]}), as crawlers and APIs write them. */
static const char *const list_keys[] = { "data", "articles", "items",
					 "news", "list", "results", "docs",
					 NULL };

/* How many columns of a key or a value a warning quotes. */
enum { QUOTE_COLS = 40 };

/* A file being read. */
struct json_read {
	const char *name; /* the file, for messages */
	const struct import_opts *opts;
	struct article_list *out;
	struct json_tokener *tok; /* reset for each value */
	size_t items; /* article objects met so far */
	size_t values; /* values parsed so far (1 from the start in a part
			  after the first: the file is JSON) */
	const struct source_part *part; /* NULL: the whole file */
	int cut; /* the file ends inside a value */
	int not_json; /* no value parses: raw text that starts with '{' */
	struct buf where; /* "FILE:LINE", and "(item N)" for an element of an
			     array, for the item at hand */
};

static struct diag *diag_of(const struct json_read *r)
{
	return r->opts ? r->opts->diag : NULL;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' ||
	       c == '\v';
}

/* Past spaces (and the commas between an array's elements, when
 * `commas`), counting the lines passed in `*line`. */
static const char *skip(const char *p, const char *end, int commas,
			size_t *line)
{
	for (; p < end && (is_space(*p) || (commas && *p == ',')); p++)
		*line += *p == '\n';
	return p;
}

/* The start of the line after the one `p` is on, counted in `*line`. */
static const char *next_line(const char *p, const char *end, size_t *line)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	if (!nl)
		return end;
	++*line;
	return nl + 1;
}

static size_t lines_in(const char *p, const char *end)
{
	size_t n = 0;
	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL)
		p++, n++;
	return n;
}

/* ---- keys and values ----------------------------------------------------*/

static char fold(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static int ignored(char c)
{
	return c == '_' || c == '-' || c == ' ';
}

/* Is `key` the name `want`, as the usual names are compared? */
static int key_is(const char *key, const char *want)
{
	for (;; key++, want++) {
		while (ignored(*key))
			key++;
		while (ignored(*want))
			want++;
		if (fold(*key) != fold(*want))
			return 0;
		if (!*key)
			return 1;
	}
}

/* The value of `o` under `name`: the key spelt so, else one that is the
 * same name as key_is compares them; NULL when there is none. */
static struct json_object *find(struct json_object *o, const char *name)
{
	struct json_object *v;
	if (json_object_object_get_ex(o, name, &v))
		return v;
	json_object_object_foreach(o, key, val)
	{
		if (key_is(key, name))
			return val;
	}
	return NULL;
}

/* The keys to look `f` up by: the one --field names, then the usual
 * ones (a folder may hold files of several sources), in `keys`. */
static const char *const *keys_of(const struct json_read *r,
				  enum import_field f,
				  const char *keys[USUAL_MAX + 1])
{
	size_t n = 0;
	if (r->opts && r->opts->field[f])
		keys[n++] = r->opts->field[f];
	for (size_t i = 0; usual[f][i]; i++)
		keys[n++] = usual[f][i];
	keys[n] = NULL;
	return keys;
}

/* The first value of `f` in `o` that is not null; NULL when none is. */
static struct json_object *field(const struct json_read *r,
				 struct json_object *o, enum import_field f)
{
	const char *keys[USUAL_MAX + 1];
	for (const char *const *k = keys_of(r, f, keys); *k; k++) {
		struct json_object *v = find(o, *k);
		if (v && !json_object_is_type(v, json_type_null))
			return v;
	}
	return NULL;
}

/* The text of a value as a field of one line: a string as it is, a
 * number as written, the strings of an array joined by spaces (authors),
 * an object's "name" ({"source": {"name": "新华社"}}), appended to `b`;
 * nothing for null, booleans and the rest. */
static void put_value(struct buf *b, struct json_object *v, int depth)
{
	switch (json_object_get_type(v)) {
	case json_type_string:
		buf_put(b, json_object_get_string(v),
			(size_t)json_object_get_string_len(v));
		break;
	case json_type_int:
	case json_type_double:
		buf_puts(b, json_object_get_string(v));
		break;
	case json_type_array:
		for (size_t i = 0; depth < 2 && i < json_object_array_length(v);
		     i++) {
			if (b->len)
				buf_putc(b, ' ');
			put_value(b, json_object_array_get_idx(v, i),
				  depth + 1);
		}
		break;
	case json_type_object: {
		struct json_object *name = find(v, "name");
		if (depth < 2 && name)
			put_value(b, name, depth + 1);
		break;
	}
	case json_type_null:
	case json_type_boolean:
		break;
	}
}

/* `n` bytes of input quoted in a warning: controls shown as pictures, cut
 * to QUOTE_COLS columns. */
static void put_quoted(struct buf *b, const char *s, size_t n)
{
	size_t len, used;
	char *t = utf8_clean(s, n, 0, &len, NULL);
	if (!t) {
		b->failed = 1;
		return;
	}
	size_t fit = width_fit(t, len, QUOTE_COLS, &used);
	buf_put(b, t, fit);
	if (fit < len)
		buf_puts(b, "…");
	free(t);
}

/* ---- the body -----------------------------------------------------------*/

/* Does this text hold HTML paragraphs (a crawler's "content" as the page
 * had it)? */
static int looks_html(const char *s, size_t n)
{
	static const char *const tags[] = { "<p>", "<p ", "</p>", "<br",
					    "<div", NULL };
	for (const char *p = s; (p = memchr(p, '<', n - (size_t)(p - s)));
	     p++)
		for (const char *const *t = tags; *t; t++)
			if ((size_t)(s + n - p) >= strlen(*t) &&
			    !strncasecmp(p, *t, strlen(*t)))
				return 1;
	return 0;
}

/* The paragraphs of a body's text: a line break ends one, and so does a
 * run of two or more full-width spaces (the indent of the next, in text
 * that lost its line breaks); a single one stays (本报北京3月1日电　…). */
static int add_paras(struct source_item *it, const char *s, size_t n)
{
#ifdef KANBAO_GUMBO
	if (looks_html(s, n))
		return source_html_fragment(s, n, it);
#endif
	static const char ideo[] = "\xE3\x80\x80"; /* U+3000 */
	size_t start = 0, i = 0;
	while (i <= n) {
		size_t cut = 0;
		if (i == n || s[i] == '\n' || s[i] == '\r')
			cut = 1;
		else if (n - i >= 6 && !memcmp(s + i, ideo, 3) &&
			 !memcmp(s + i + 3, ideo, 3))
			cut = 6;
		if (!cut) {
			i++;
			continue;
		}
		if (i > start && source_item_add(it, BLOCK_PARA, s + start,
						 i - start) < 0)
			return -1;
		i += cut;
		while (cut == 6 && n - i >= 3 && !memcmp(s + i, ideo, 3))
			i += 3;
		start = i;
	}
	return 0;
}

/* The body: a string, or an array of them (a paragraph each, at least).
 * Returns 0, or -1 when out of memory; `*other` counts what is not text
 * (numbers, objects) in an array, left out. */
static int take_body(struct source_item *it, struct json_object *v,
		     size_t *other)
{
	if (json_object_is_type(v, json_type_string))
		return add_paras(it, json_object_get_string(v),
				 (size_t)json_object_get_string_len(v));
	if (!json_object_is_type(v, json_type_array)) {
		++*other;
		return 0;
	}
	for (size_t i = 0; i < json_object_array_length(v); i++) {
		struct json_object *p = json_object_array_get_idx(v, i);
		if (json_object_is_type(p, json_type_string)) {
			if (add_paras(it, json_object_get_string(p),
				      (size_t)json_object_get_string_len(p)) <
			    0)
				return -1;
		} else if (p && !json_object_is_type(p, json_type_null)) {
			++*other;
		}
	}
	return 0;
}

/* ---- the date -----------------------------------------------------------*/

/* The date: the first of the date's keys whose value is a date
 * (source_date: ISO 8601, RFC 822, Chinese, Unix seconds or
 * milliseconds, as a string or a number), into it->date.  Returns the
 * first value that is none when no value is one (to warn of), else NULL. */
static struct json_object *take_date(const struct json_read *r,
				     struct json_object *o,
				     struct source_item *it)
{
	const char *keys[USUAL_MAX + 1];
	struct json_object *undated = NULL;
	for (const char *const *k = keys_of(r, IMPORT_DATE, keys); *k;
	     k++) {
		struct json_object *v = find(o, *k);
		if (!v || json_object_is_type(v, json_type_null))
			continue;
		char digits[24];
		const char *s = json_object_get_string(v);
		size_t n = json_object_is_type(v, json_type_string)
				   ? (size_t)json_object_get_string_len(v)
				   : strlen(s);
		/* a number is Unix time: 1.7e9 as much as 1709224200 */
		if (json_object_is_type(v, json_type_int) ||
		    json_object_is_type(v, json_type_double)) {
			snprintf(digits, sizeof digits, "%lld",
				 (long long)json_object_get_int64(v));
			s = digits;
			n = strlen(digits);
		}
		if ((json_object_is_type(v, json_type_string) ||
		     s == digits) &&
		    source_date(s, n)) {
			buf_free(&it->date);
			buf_put(&it->date, s, n);
			return NULL;
		}
		if (!undated)
			undated = v;
	}
	return undated;
}

/* ---- articles -----------------------------------------------------------*/

/* "no title and no text" for object `o`, with its keys, so that the
 * right ones can be named with --field. */
static void warn_empty(struct json_read *r, struct json_object *o)
{
	struct buf keys = { 0 };
	size_t n = 0;
	json_object_object_foreach(o, key, val)
	{
		(void)val;
		if (n++ == 8) {
			buf_puts(&keys, ", …");
			break;
		}
		buf_puts(&keys, n > 1 ? ", " : "");
		put_quoted(&keys, key, strlen(key));
	}
	diag_warn(diag_of(r), "%s: an object with no title and no text "
		  "(its keys: %s; name them with --field); left out",
		  r->where.p, keys.failed ? "?" : n ? keys.p : "none");
	buf_free(&keys);
}

/* A date given that is none kanbao-build reads. */
static void warn_undated(struct json_read *r, struct json_object *v)
{
	struct buf what = { 0 };
	const char *s = json_object_get_string(v);
	put_quoted(&what, s, strlen(s));
	/* what source_item_finish will date it by */
	struct date named;
	diag_warn(diag_of(r), "%s: '%s' is no date kanbao-build reads; %s",
		  r->where.p, what.failed ? "?" : what.p,
		  dates_from_name(r->name, &named) ? "dated by the file's name"
		  : r->opts && r->opts->date	   ? "dated by --date"
						   : "left undated");
	buf_free(&what);
}

/* Where the item at hand is, in r->where: its line, and its place in its
 * array (`item` from 1; 0 for none), which tells apart the items of an
 * array written on one line. */
static void set_where(struct json_read *r, size_t line, size_t item)
{
	r->where.len = 0;
	if (item)
		buf_printf(&r->where, "%s:%zu (item %zu)", r->name, line, item);
	else
		buf_printf(&r->where, "%s:%zu", r->name, line);
}

/* One article object, at line `line` (item `item` of its array, or 0),
 * through source_item_finish. */
static enum err_code json_article(struct json_read *r, struct json_object *o,
				  size_t line, size_t item, struct err *e)
{
	static const enum import_field one_line[] = {
		IMPORT_TITLE, IMPORT_SUBTITLE, IMPORT_SOURCE, IMPORT_AUTHOR,
		IMPORT_PAGE,
	};
	struct source_item it = { 0 };
	struct buf *to[] = { &it.title, &it.subtitle, &it.source, &it.byline,
			     &it.page };
	r->items++;
	set_where(r, line, item);
	for (size_t i = 0; i < sizeof one_line / sizeof *one_line; i++) {
		struct json_object *v = field(r, o, one_line[i]);
		if (v)
			put_value(to[i], v, 0);
	}
	struct json_object *body = field(r, o, IMPORT_BODY);
	size_t other = 0;
	int nomem = body && take_body(&it, body, &other) < 0;
	struct json_object *undated = take_date(r, o, &it);
	for (size_t i = 0; i < sizeof to / sizeof *to; i++)
		nomem |= to[i]->failed;
	if (nomem || r->where.failed) {
		source_item_free(&it);
		return err_set(e, ERR_NOMEM, "%s: out of memory", r->name);
	}
	if (!it.title.len && !it.n) {
		warn_empty(r, o);
		source_item_free(&it);
		return ERR_OK;
	}
	if (other)
		diag_warn(diag_of(r), "%s: %zu value%s of the body that %s "
			  "not text left out", r->where.p, other,
			  other == 1 ? "" : "s", other == 1 ? "is" : "are");
	if (undated)
		warn_undated(r, undated);
	return source_item_finish(r->where.p, r->items, &it, r->opts, r->out,
				  e);
}

/* The list of articles an object holds under one of list_keys, when it
 * is no article itself; else NULL. */
static struct json_object *article_list_in(const struct json_read *r,
					   struct json_object *o)
{
	if (field(r, o, IMPORT_TITLE) || field(r, o, IMPORT_BODY))
		return NULL;
	for (const char *const *k = list_keys; *k; k++) {
		struct json_object *v = find(o, *k);
		if (v && json_object_is_type(v, json_type_array))
			return v;
	}
	return NULL;
}

/* A value read at the top of the file, or as item `item` (from 1) of its
 * array, at `line`: an article object, an object holding a list of them,
 * or a list of them. */
static enum err_code json_value(struct json_read *r, struct json_object *v,
				size_t line, size_t item, struct err *e)
{
	if (json_object_is_type(v, json_type_object)) {
		struct json_object *list = item ? NULL : article_list_in(r, v);
		if (!list)
			return json_article(r, v, line, item, e);
		v = list;
	}
	if (json_object_is_type(v, json_type_array) && !item) {
		enum err_code rc = ERR_OK;
		for (size_t i = 0; !rc && i < json_object_array_length(v); i++)
			rc = json_value(r, json_object_array_get_idx(v, i),
					line, i + 1, e);
		return rc;
	}
	set_where(r, line, item);
	if (r->where.failed)
		return err_set(e, ERR_NOMEM, "%s: out of memory", r->name);
	diag_warn(diag_of(r), "%s: a JSON %s, not an article object; left out",
		  r->where.p, json_type_to_name(json_object_get_type(v)));
	return ERR_OK;
}

/* ---- the file -----------------------------------------------------------*/

/* After a value that does not parse: the next line that starts (after
 * spaces) with '{' or '[', where values may start again, counted in
 * `*line`; `end` when there is none. */
static const char *resync(const char *p, const char *end, size_t *line)
{
	for (;;) {
		p = next_line(p, end, line);
		const char *q = p;
		while (q < end && (*q == ' ' || *q == '\t'))
			q++;
		if (q >= end || *q == '{' || *q == '[')
			return p;
	}
}

/* The value at `p`, parsed alone; NULL when it does not parse (whole). */
static struct json_object *parse_at(struct json_tokener *tok, const char *p,
				    const char *end)
{
	size_t left = (size_t)(end - p);
	json_tokener_reset(tok);
	struct json_object *v = json_tokener_parse_ex(
		tok, p, left > INT_MAX ? INT_MAX : (int)left);
	if (v && json_tokener_get_error(tok) == json_tokener_success)
		return v;
	json_object_put(v);
	return NULL;
}

/* Does a value parse on a line after the one at `p`?  (When the first
 * value does not: JSON with its first line broken, or raw text that
 * happens to start with '{'.) */
static int parses_later(struct json_tokener *tok, const char *p,
			const char *end)
{
	size_t line = 0;
	while ((p = resync(p, end, &line)) < end) {
		struct json_object *v = parse_at(tok, p, end);
		if (v) {
			json_object_put(v);
			return 1;
		}
	}
	return 0;
}

/* The value at `p` (line `*line`) parsed, with `*p` moved past it and
 * the lines passed counted; or NULL, with a warning, `*p` moved to where
 * values may start again. */
static struct json_object *parse_one(struct json_read *r, const char **p,
				     const char *end, size_t *line)
{
	size_t left = (size_t)(end - *p), at = *line;
	int len = left > INT_MAX ? INT_MAX : (int)left;
	json_tokener_reset(r->tok);
	struct json_object *v = json_tokener_parse_ex(r->tok, *p, len);
	enum json_tokener_error je = json_tokener_get_error(r->tok);
	const char *after = *p + json_tokener_get_parse_end(r->tok);
	if (v && je == json_tokener_success) {
		*line += lines_in(*p, after);
		*p = after;
		r->values++;
		return v;
	}
	json_object_put(v);
	if (je != json_tokener_continue && !r->values &&
	    !parses_later(r->tok, *p, end)) {
		r->not_json = 1;
		*p = end;
		return NULL;
	}
	if (je == json_tokener_continue && r->part && !r->part->last) {
		/* a part ends before the next object's line: the value not
		 * closed there (the whole file's parse would have met that
		 * '{' where a ',' or '}' goes) */
		diag_warn(diag_of(r), "%s:%zu: not JSON (not closed before "
			  "the next line that starts an object); left out",
			  r->name, at);
		*p = end;
		return NULL;
	}
	if (je == json_tokener_continue) {
		/* what is left is that value's: a line cut in half swallows
		 * the next lines only when they make no error either */
		diag_warn(diag_of(r), "%s:%zu: JSON cut short: the file ends "
			  "inside it; left out", r->name, at);
		*p = end;
		r->cut = 1;
		return NULL;
	}
	size_t bad = at + lines_in(*p, after);
	*p = resync(*p, end, line);
	diag_warn(diag_of(r), "%s:%zu: not JSON (%s at line %zu); left out "
		  "%s", r->name, at, json_tokener_error_desc(je), bad,
		  *p < end ? "up to the next line that starts an object"
			   : "to the end");
	return NULL;
}

/* The values of the text, one after another; an array's elements one at
 * a time. */
static enum err_code json_read_text(struct json_read *r, const char *p,
				    const char *end, struct err *e)
{
	size_t line = 1 + (r->part ? r->part->before : 0);
	size_t opened = 0; /* the line of the open array's '[' */
	size_t in_array = 0; /* in an array: 1 + the items met in it */
	while ((p = skip(p, end, in_array != 0, &line)) < end) {
		if (!in_array && *p == '[') {
			in_array = 1, opened = line, p++;
			continue;
		}
		if (in_array && *p == ']') {
			in_array = 0, p++;
			continue;
		}
		size_t at = line, item = in_array ? in_array++ : 0;
		struct json_object *v = parse_one(r, &p, end, &line);
		if (!v)
			continue;
		enum err_code rc = json_value(r, v, at, item, e);
		json_object_put(v);
		if (rc != ERR_OK)
			return rc;
	}
	if (r->not_json)
		return err_set(e, ERR_UNSUPPORTED, "%s: starts as JSON does, "
			       "but no line of it is JSON", r->name);
	if (in_array && !r->cut)
		diag_warn(diag_of(r), "%s:%zu: the array opened here is not "
			  "closed (the file cut short?)", r->name, opened);
	return ERR_OK;
}

int source_json_parts(const char *data, size_t n)
{
	const char *p = data, *end = data + n;
	if (n >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	size_t line = 0;
	p = skip(p, end, 0, &line);
	if (p == end || *p != '{')
		return 0;
	struct json_tokener *tok = json_tokener_new();
	struct json_object *v = tok ? parse_at(tok, p, end) : NULL;
	int ok = v != NULL;
	json_object_put(v);
	if (tok)
		json_tokener_free(tok);
	return ok;
}

enum err_code source_json(const char *name, const char *data, size_t n,
			  const struct source_part *part,
			  const struct import_opts *opts,
			  struct article_list *out, struct err *e)
{
	struct decoded dec;
	enum err_code rc = source_decode(name, data, n, NULL, opts, &dec, e);
	if (rc != ERR_OK)
		return rc;
	struct json_read r = { .name = name, .opts = opts, .out = out,
			       .tok = json_tokener_new(), .part = part,
			       .values = part && !part->first };
	if (!r.tok)
		rc = err_set(e, ERR_NOMEM, "%s: out of memory", name);
	else
		rc = json_read_text(&r, dec.text, dec.text + dec.len, e);
	if (r.tok)
		json_tokener_free(r.tok);
	buf_free(&r.where);
	free(dec.text);
	return rc;
}
