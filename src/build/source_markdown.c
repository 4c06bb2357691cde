/* source_markdown: Markdown archives, CommonMark through libcmark and their
 * YAML front matter through libyaml (see include/kanbao/build/source.h).
 *
 * How a file divides into articles (README, "Structured sources"; the
 * rule is md_plan's): a file whose front matter names a title is one
 * article, its headings section heads.  Otherwise a heading has "text of
 * its own" when a block other than a heading or a metadata line (md_meta)
 * follows it before the next heading.  The items' level is the first
 * level, from #, whose headings have text of their own: when two or more
 * of them do, and the level is # or headings above it (a page's title,
 * with no text of their own) stand over them, each heading of that level
 * starts an article (a digest: one # per item, or a # page title and ###
 * per item).  Else the file is one article, whose title is its first
 * heading when no text comes before it and every other heading is deeper;
 * its other headings are section heads (## crossheads). */
#include "kanbao/build/source.h"

#include <cmark.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "kanbao/base/utf8.h"
#include "kanbao/build/cues.h"

/* ---- fields -------------------------------------------------------------*/

enum md_field {
	MD_TITLE,
	MD_SUBTITLE,
	MD_DATE,
	MD_PAGE,
	MD_SOURCE,
	MD_BYLINE,
	MD_PLACE,
	MD_NFIELDS
};

static struct buf *md_field(struct source_item *it, enum md_field f)
{
	switch (f) {
	case MD_TITLE:
		return &it->title;
	case MD_SUBTITLE:
		return &it->subtitle;
	case MD_DATE:
		return &it->date;
	case MD_PAGE:
		return &it->page;
	case MD_SOURCE:
		return &it->source;
	case MD_BYLINE:
		return &it->byline;
	case MD_PLACE:
	case MD_NFIELDS:
		break;
	}
	return &it->place;
}

/* Set field `f` of `it` to `n` bytes of `s`, unless it is set already (the
 * front matter wins over lines of the text). */
static void md_set(struct source_item *it, enum md_field f, const char *s,
		   size_t n)
{
	struct buf *b = md_field(it, f);
	if (b->len || !n)
		return;
	if (f == MD_PAGE)
		source_page(s, n, b);
	else
		buf_put(b, s, n);
}

/* The fields of `src` into `dst`: every one `src` has (`over`), or only
 * those `dst` lacks. */
static int md_fill(struct source_item *dst, struct source_item *src,
		   int over)
{
	int bad = 0;
	for (int f = 0; f < MD_NFIELDS; f++) {
		struct buf *d = md_field(dst, (enum md_field)f);
		struct buf *s = md_field(src, (enum md_field)f);
		if (!s->len || (d->len && !over))
			continue;
		d->len = 0;
		buf_put(d, s->p, s->len);
		bad |= d->failed;
	}
	return bad ? -1 : 0;
}

/* ---- front matter -------------------------------------------------------*/

/* The keys people use, English (any case) and Chinese. */
static const struct {
	const char *key;
	enum md_field f;
} md_keys[] = {
	{ "title", MD_TITLE },	       { "headline", MD_TITLE },
	{ "标题", MD_TITLE },	       { "题目", MD_TITLE },
	{ "subtitle", MD_SUBTITLE },   { "副标题", MD_SUBTITLE },
	{ "date", MD_DATE },	       { "pubdate", MD_DATE },
	{ "published", MD_DATE },      { "publishdate", MD_DATE },
	{ "time", MD_DATE },	       { "日期", MD_DATE },
	{ "时间", MD_DATE },	       { "发布时间", MD_DATE },
	{ "发布日期", MD_DATE },       { "page", MD_PAGE },
	{ "layout", MD_PAGE },	       { "版", MD_PAGE },
	{ "版次", MD_PAGE },	       { "版面", MD_PAGE },
	{ "source", MD_SOURCE },       { "media", MD_SOURCE },
	{ "publisher", MD_SOURCE },    { "来源", MD_SOURCE },
	{ "媒体", MD_SOURCE },	       { "出处", MD_SOURCE },
	{ "author", MD_BYLINE },       { "authors", MD_BYLINE },
	{ "byline", MD_BYLINE },       { "作者", MD_BYLINE },
	{ "记者", MD_BYLINE },	       { "place", MD_PLACE },
	{ "location", MD_PLACE },      { "地点", MD_PLACE },
};

static enum md_field md_key(const char *k, size_t n)
{
	for (size_t i = 0; i < sizeof md_keys / sizeof md_keys[0]; i++)
		if (strlen(md_keys[i].key) == n &&
		    !strncasecmp(k, md_keys[i].key, n))
			return md_keys[i].f;
	return MD_NFIELDS;
}

/* A value's text: a scalar, or a list of scalars joined by spaces (a list
 * of authors).  Mappings give nothing. */
static void md_value(yaml_document_t *doc, yaml_node_t *v, struct buf *b)
{
	if (v->type == YAML_SCALAR_NODE) {
		buf_put(b, v->data.scalar.value, v->data.scalar.length);
		return;
	}
	if (v->type != YAML_SEQUENCE_NODE)
		return;
	for (yaml_node_item_t *i = v->data.sequence.items.start;
	     i < v->data.sequence.items.top; i++) {
		yaml_node_t *s = yaml_document_get_node(doc, *i);
		if (!s || s->type != YAML_SCALAR_NODE)
			continue;
		if (b->len)
			buf_putc(b, ' ');
		buf_put(b, s->data.scalar.value, s->data.scalar.length);
	}
}

/* The fields of a loaded front matter into `it`; 0, or -1 when it is not
 * a mapping of keys to values (nothing, or a scalar, or a list). */
static int md_fields(yaml_document_t *doc, struct source_item *it)
{
	yaml_node_t *root = yaml_document_get_root_node(doc);
	if (!root || root->type != YAML_MAPPING_NODE)
		return -1;
	for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
	     p < root->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(doc, p->key);
		yaml_node_t *v = yaml_document_get_node(doc, p->value);
		if (!k || !v || k->type != YAML_SCALAR_NODE)
			continue;
		enum md_field f = md_key((const char *)k->data.scalar.value,
					 k->data.scalar.length);
		if (f == MD_NFIELDS)
			continue;
		struct buf val = { 0 };
		md_value(doc, v, &val);
		md_set(it, f, val.p, val.len);
		buf_free(&val);
	}
	return 0;
}

/* Is [p, end) a line that closes front matter ("---" or "...")? */
static int md_fence(const char *p, const char *end, const char *mark)
{
	if (end - p < 3 || memcmp(p, mark, 3))
		return 0;
	for (p += 3; p < end && (*p == ' ' || *p == '\t'); p++)
		;
	return p == end;
}

/* Where the YAML of front matter opened by the first line of `s` ends:
 * at a line "---" or "..." (*closed set), else at the first blank line or
 * the end.  Sets `*stop` (the YAML's end), `*last` (its last line) and
 * returns the offset where the Markdown starts. */
static size_t md_front_end(const char *s, const char *yaml, const char *end,
			   const char **stop, size_t *last, int *closed)
{
	const char *p = yaml, *blank = NULL;
	size_t line = 2, blank_line = 0;
	for (; p < end; line++) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		const char *le = e ? e : end, *next = e ? e + 1 : end;
		if (md_fence(p, le, "---") || md_fence(p, le, "...")) {
			*stop = p, *last = line - 1, *closed = 1;
			return (size_t)(next - s);
		}
		if (le == p && !blank)
			blank = p, blank_line = line;
		p = next;
	}
	*closed = 0;
	*stop = blank ? blank : end;
	*last = (blank ? blank_line : line) - 1;
	return blank ? (size_t)(blank - s) + 1 : (size_t)(end - s);
}

/* Front matter at the start of `n` bytes of `s`: a line "---", YAML keys
 * and values, a line "---" or "...".  Its fields go into `it`; returns
 * the offset where the Markdown starts.  YAML that is no mapping (a line
 * of text between two rules) is no front matter: 0, and it is read as
 * Markdown.  Front matter YAML cannot read is left out with a warning. */
static size_t md_front(const char *name, const char *s, size_t n,
		       struct diag *diag, struct source_item *it)
{
	const char *end = s + n, *nl = memchr(s, '\n', n), *stop;
	if (!nl || !md_fence(s, nl, "---") || nl + 1 >= end || nl[1] == '\n')
		return 0;
	size_t last;
	int closed;
	size_t body = md_front_end(s, nl + 1, end, &stop, &last, &closed);
	yaml_parser_t yp;
	yaml_document_t doc;
	if (!yaml_parser_initialize(&yp))
		return 0;
	yaml_parser_set_input_string(&yp, (const unsigned char *)nl + 1,
				     (size_t)(stop - (nl + 1)));
	yaml_parser_set_encoding(&yp, YAML_UTF8_ENCODING);
	int loaded = yaml_parser_load(&yp, &doc), mapping = 0;
	if (loaded) {
		mapping = md_fields(&doc, it) == 0;
		yaml_document_delete(&doc);
	}
	if ((!loaded || mapping) && !closed)
		diag_warn(diag,
			  "%s:1: front matter not closed by a line \"---\"; "
			  "taken to end at line %zu",
			  name, last);
	if (!loaded)
		diag_warn(diag, "%s:%zu: front matter: %s; left out", name,
			  (size_t)yp.problem_mark.line + 2,
			  yp.problem ? yp.problem : "not YAML");
	yaml_parser_delete(&yp);
	return loaded && !mapping ? 0 : body;
}

/* ---- metadata lines -----------------------------------------------------*/

static const char *md_skip_space(const char *p, const char *end)
{
	for (;;) {
		if (p < end && (*p == ' ' || *p == '\n'))
			p++;
		else if (end - p >= 3 && !memcmp(p, "　", 3))
			p += 3;
		else
			return p;
	}
}

/* A label at `*p` ("来源：", "作者:") and its value, up to a space: the
 * value into field `f` of `it`, `*p` past it.  Returns 1, or 0 when no
 * such label is there. */
static int md_label(const char **p, const char *end, const char *label,
		    enum md_field f, struct source_item *it)
{
	size_t m = strlen(label);
	const char *v = *p + m;
	if (end - *p < (ptrdiff_t)m + 1 || memcmp(*p, label, m))
		return 0;
	if (end - v >= 3 && !memcmp(v, "：", 3))
		v += 3;
	else if (*v == ':')
		v++;
	else
		return 0;
	v = md_skip_space(v, end);
	const char *e = v;
	while (e < end && md_skip_space(e, end) == e)
		e++;
	md_set(it, f, v, (size_t)(e - v));
	*p = md_skip_space(e, end);
	return 1;
}

/* A whole date at `*p`, after at most a short label ending in a colon
 * ("发布时间："), and a time after it ("08:30"): the date into `it`, `*p`
 * past them.  Returns 1, or 0 when no date is there. */
static int md_date_at(const char **p, const char *end, struct source_item *it)
{
	const char *q = *p;
	for (const char *c = q; c < end && c - q <= 18; c++)
		if (*c == ':' || (end - c >= 3 && !memcmp(c, "：", 3))) {
			q = c + (*c == ':' ? 1 : 3);
			break;
		}
	q = md_skip_space(q, end);
	struct date d;
	size_t len = dates_parse(q, (size_t)(end - q), &d);
	if (!len)
		len = dates_parse_iso(q, (size_t)(end - q), &d);
	if (!len || !d.year || !d.day)
		return 0;
	char iso[16];
	snprintf(iso, sizeof iso, "%04d-%02d-%02d", d.year, d.month, d.day);
	md_set(it, MD_DATE, iso, strlen(iso));
	q = md_skip_space(q + len, end);
	while (q < end && ((*q >= '0' && *q <= '9') || *q == ':'))
		q++;
	*p = md_skip_space(q, end);
	return 1;
}

/* A line of a date and labels, nothing else: "2024-03-01 08:30 来源：新华网",
 * "发布时间：2024年03月01日", "来源：新华社 作者：张三".  Its fields go into
 * `it` (those not set yet); returns 1 or 0. */
static int md_label_line(const char *s, size_t n, struct source_item *it)
{
	const char *p = s, *end = s + n;
	struct source_item got = { 0 };
	while (p < end && (md_label(&p, end, "来源", MD_SOURCE, &got) ||
			   md_label(&p, end, "作者", MD_BYLINE, &got) ||
			   (!got.date.len && md_date_at(&p, end, &got))))
		;
	int whole = p == end && p > s;
	if (whole && md_fill(it, &got, 0) < 0)
		whole = 0;
	source_item_free(&got);
	return whole;
}

/* Is `n` bytes of `s` (a paragraph near a title) a line of metadata: a
 * source line (来源：人民日报 2024年03月01日, 《人民日报》（2024年03月01日
 * 第 01 版）), a line of a date and labels (md_label_line) or a byline?
 * Its fields go into `it` (those not set yet) and it returns 1; a photo
 * credit is no metadata (it stays as a caption). */
static int md_meta(const char *s, size_t n, struct source_item *it)
{
	while (n && (*s == ' ' || *s == '\n'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\n'))
		n--;
	/* a mark some archives set before the line: ■2024年03月01日 … */
	static const char *const marks[] = { "■", "□", "●", "◆", "◇", "▲",
					     "★" };
	for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
		if (n > 3 && !memcmp(s, marks[i], 3)) {
			const char *t = md_skip_space(s + 3, s + n);
			n -= (size_t)(t - s), s = t;
			break;
		}
	if (!n || cues_credit(s, n))
		return 0;
	struct issue is;
	struct cue_span in;
	if (cues_issue(s, n, &is)) {
		char d[16];
		snprintf(d, sizeof d, "%04d-%02d-%02d", is.date.year,
			 is.date.month, is.date.day);
		md_set(it, MD_DATE, d, strlen(d));
		md_set(it, MD_SOURCE, s + is.paper.at, is.paper.len);
		md_set(it, MD_PAGE, s + is.page.at, is.page.len);
		return 1;
	}
	if (md_label_line(s, n, it))
		return 1;
	if (cues_byline(s, n, &in)) {
		md_set(it, MD_BYLINE, s + in.at, in.len);
		return 1;
	}
	return 0;
}

/* ---- the text of blocks -------------------------------------------------*/

/* How deep blocks nest before the text of deeper ones is taken whole, as
 * one paragraph (a hostile file nests block quotes thousands deep). */
enum { MD_MAX_DEPTH = 64 };

/* Blocks at the start of an article read as metadata lines at most. */
enum { MD_META_LINES = 3 };

static void md_free_cmark(void *p)
{
	cmark_get_default_mem_allocator()->free(p);
}

static int md_holds_html(cmark_node *node)
{
	cmark_iter *it = cmark_iter_new(node);
	int html = 0;
	cmark_event_type ev;
	while (!html && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node_type t =
			cmark_node_get_type(cmark_iter_get_node(it));
		html = t == CMARK_NODE_HTML_INLINE ||
		       t == CMARK_NODE_HTML_BLOCK;
	}
	cmark_iter_free(it);
	return html;
}

/* The paragraphs of `node`'s text, appended to `tmp`: links as their text,
 * code spans as written, soft line breaks as '\n', a hard line break
 * ending a paragraph; images left out (md_captions keeps their alt text).
 * Text holding inline HTML goes through source_html_fragment instead, as
 * the HTML cmark renders of it, so that its tags go and <br> and <p> in it
 * end paragraphs.  Returns 0, or -1 when out of memory. */
static int md_texts(cmark_node *node, struct source_item *tmp)
{
	if (md_holds_html(node)) {
		char *html = cmark_render_html(node, CMARK_OPT_UNSAFE);
		int rc = source_html_fragment(html, strlen(html), tmp);
		md_free_cmark(html);
		return rc;
	}
	struct buf b = { 0 };
	cmark_iter *it = cmark_iter_new(node);
	cmark_node *skip = NULL;
	cmark_event_type ev;
	int rc = 0;
	while (rc == 0 && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *c = cmark_iter_get_node(it);
		if (skip) {
			if (c == skip && ev == CMARK_EVENT_EXIT)
				skip = NULL;
			continue;
		}
		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_IMAGE:
			skip = c != node && ev == CMARK_EVENT_ENTER ? c : NULL;
			break;
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
		case CMARK_NODE_CODE_BLOCK:
			buf_puts(&b, cmark_node_get_literal(c));
			break;
		case CMARK_NODE_SOFTBREAK:
			buf_putc(&b, '\n');
			break;
		case CMARK_NODE_LINEBREAK:
		case CMARK_NODE_PARAGRAPH:
		case CMARK_NODE_HEADING:
			if (b.len && source_item_add(tmp, BLOCK_PARA, b.p,
						     b.len) < 0)
				rc = -1;
			b.len = 0;
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
	if (rc == 0 && (b.failed || (b.len && source_item_add(tmp, BLOCK_PARA,
							      b.p, b.len) < 0)))
		rc = -1;
	buf_free(&b);
	return rc;
}

/* `node`'s text as one line: its paragraphs joined by spaces. */
static int md_line(cmark_node *node, struct buf *b)
{
	struct source_item tmp = { 0 };
	return source_item_line(&tmp, md_texts(node, &tmp), b);
}

/* Is an image's alt text a caption, not a file's name or a word that says
 * only "image"? */
static int md_alt_useful(const char *s, size_t n)
{
	static const char *const generic[] = { "image", "img", "photo",
					       "picture", "pic", "图片", "图",
					       "照片" };
	for (size_t i = 0; i < sizeof generic / sizeof generic[0]; i++)
		if (strlen(generic[i]) == n && !strncasecmp(s, generic[i], n))
			return 0;
	const char *dot = n ? memchr(s, '.', n) : NULL;
	if (dot && !memchr(s, ' ', n)) {
		const char *ext = s + n;
		while (ext > s && ext[-1] != '.')
			ext--;
		static const char *const exts[] = { "jpg", "jpeg", "png",
						    "gif", "webp" };
		size_t m = (size_t)(s + n - ext);
		for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
			if (strlen(exts[i]) == m && !strncasecmp(ext, exts[i], m))
				return 0;
	}
	return n > 0;
}

/* ---- articles -----------------------------------------------------------*/

struct md {
	const char *name;
	const struct import_opts *opts;
	struct article_list *out;
	struct err *e;
	struct source_item front; /* the front matter's fields */
	struct source_item base; /* a digest's fields for every item: the
				    lines over its first item, a page's
				    title */
	struct source_item cur; /* the article being read; its fields from
				   its own lines */
	int level; /* a digest: its items' heading level; 0: one article */
	cmark_node *title; /* one article: the heading that is its title */
	int meta; /* paragraphs still read as metadata lines (md_meta) */
	size_t nth; /* articles finished */
	int nomem;
	enum err_code rc;
};

/* Has `node` (a top-level block) text of an article, not a metadata line
 * or a heading? */
static int md_is_text(cmark_node *node, int *nomem)
{
	switch (cmark_node_get_type(node)) {
	case CMARK_NODE_HEADING:
	case CMARK_NODE_THEMATIC_BREAK:
		return 0;
	case CMARK_NODE_PARAGRAPH:
		break;
	default:
		return 1;
	}
	struct buf b = { 0 };
	struct source_item scratch = { 0 };
	if (md_line(node, &b) < 0)
		*nomem = 1;
	int text = b.len && !md_meta(b.p, b.len, &scratch);
	source_item_free(&scratch);
	buf_free(&b);
	return text;
}

/* Decide how the file divides (the rule is at the top of this file):
 * m->level and m->title. */
static void md_plan(struct md *m, cmark_node *doc)
{
	size_t own[7] = { 0 }, all[7] = { 0 };
	cmark_node *first = NULL, *head = NULL;
	int text_first = 0, first_level = 0, deeper = 1;
	for (cmark_node *c = cmark_node_first_child(doc); c;
	     c = cmark_node_next(c)) {
		if (cmark_node_get_type(c) == CMARK_NODE_HEADING) {
			int l = cmark_node_get_heading_level(c);
			all[l]++;
			if (!first)
				first = c, first_level = l;
			else if (l <= first_level)
				deeper = 0;
			head = c;
		} else if (md_is_text(c, &m->nomem)) {
			if (head) {
				own[cmark_node_get_heading_level(head)]++;
				head = NULL; /* counted once */
			} else if (!first) {
				text_first = 1;
			}
		}
	}
	m->level = 0;
	m->title = NULL;
	if (m->front.title.len)
		return; /* front matter names the title: one article */
	size_t above = 0;
	for (int l = 1; l <= 6; l++) {
		if (own[l]) {
			if (own[l] >= 2 && (l == 1 || above))
				m->level = l;
			break;
		}
		above += all[l];
	}
	if (!m->level && first && !text_first && deeper)
		m->title = first;
}

/* Finish the article being read, its fields the front matter's, else its
 * own lines', else those of m->base; the next starts empty. */
static void md_next(struct md *m)
{
	if (md_fill(&m->cur, &m->front, 1) < 0 ||
	    md_fill(&m->cur, &m->base, 0) < 0)
		m->nomem = 1;
	if (m->rc == ERR_OK && !m->nomem)
		m->rc = source_item_finish(m->name, ++m->nth, &m->cur, m->opts,
					   m->out, m->e);
	source_item_free(&m->cur);
	m->meta = MD_META_LINES;
}

/* Is `n` bytes of `s` only spaces (the text between two images, an item
 * with nothing after its bullet)? */
static int md_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t uc;
		size_t len = utf8_next(s + i, n - i, &uc);
		if (!utf8_is_space(uc) && uc != '\n')
			return 0;
		i += len;
	}
	return 1;
}

/* A paragraph of `n` bytes at `s` for the article; one near its start may
 * be a metadata line (when `meta`). */
static void md_add(struct md *m, enum block_kind kind, const char *s,
		   size_t n, int meta)
{
	if (md_blank(s, n))
		return; /* (spaces between images) */
	if (meta && kind == BLOCK_PARA && m->meta > 0) {
		m->meta--;
		if (md_meta(s, n, &m->cur))
			return;
		if (!cues_credit(s, n))
			m->meta = 0;
	} else {
		m->meta = 0;
	}
	if (source_item_add(&m->cur, kind, s, n) < 0)
		m->nomem = 1;
}

/* The paragraphs of `tmp` added, the first after `mark` (a list item's
 * bullet). */
static void md_add_all(struct md *m, struct source_item *tmp,
		       const char *mark, int meta)
{
	for (size_t i = 0; i < tmp->n && !m->nomem; i++) {
		if (i || !mark || md_blank(tmp->paras[i].text,
					   tmp->paras[i].len)) {
			md_add(m, tmp->paras[i].kind, tmp->paras[i].text,
			       tmp->paras[i].len, meta);
			continue;
		}
		struct buf b = { 0 };
		buf_puts(&b, mark);
		buf_put(&b, tmp->paras[i].text, tmp->paras[i].len);
		if (b.failed)
			m->nomem = 1;
		else
			md_add(m, BLOCK_PARA, b.p, b.len, 0);
		buf_free(&b);
	}
}

/* The alt text (or title) of each image in `node`, a caption paragraph
 * each. */
static void md_captions(struct md *m, cmark_node *node)
{
	cmark_iter *it = cmark_iter_new(node);
	cmark_event_type ev;
	while (!m->nomem && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *c = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER ||
		    cmark_node_get_type(c) != CMARK_NODE_IMAGE)
			continue;
		struct buf alt = { 0 };
		if (md_line(c, &alt) < 0)
			m->nomem = 1;
		if (!alt.len && cmark_node_get_title(c))
			buf_puts(&alt, cmark_node_get_title(c));
		if (alt.failed)
			m->nomem = 1;
		else if (md_alt_useful(alt.p, alt.len) &&
			 source_item_add(&m->cur, BLOCK_PARA, alt.p, alt.len) <
				 0)
			m->nomem = 1; /* (a caption ends no metadata) */
		buf_free(&alt);
	}
	cmark_iter_free(it);
}

/* A paragraph, a heading inside a container, an HTML block or a block
 * nested too deep: its paragraphs, the first after `mark`. */
static void md_text_block(struct md *m, cmark_node *node, const char *mark)
{
	struct source_item tmp = { 0 };
	if (md_texts(node, &tmp) < 0)
		m->nomem = 1;
	int head = cmark_node_get_type(node) == CMARK_NODE_HEADING;
	for (size_t i = 0; head && i < tmp.n; i++)
		tmp.paras[i].kind = BLOCK_HEAD;
	md_add_all(m, &tmp, mark, !mark);
	source_item_free(&tmp);
	md_captions(m, node);
}

/* A code block: each of its lines a paragraph, as written. */
static void md_code(struct md *m, cmark_node *node)
{
	const char *s = cmark_node_get_literal(node);
	while (s && *s && !m->nomem) {
		size_t len = strcspn(s, "\n");
		size_t i = 0;
		while (i < len && (s[i] == ' ' || s[i] == '\t'))
			i++;
		if (i < len)
			md_add(m, BLOCK_PARA, s, len, 0);
		s += len + (s[len] == '\n');
	}
}

static void md_block(struct md *m, cmark_node *node, int depth,
		     const char *mark);

/* A list: each item its own paragraph, after its bullet ("• ") or its
 * number as written ("1. ", "2) "). */
static void md_list(struct md *m, cmark_node *list, int depth)
{
	int ordered = cmark_node_get_list_type(list) == CMARK_ORDERED_LIST;
	char delim = cmark_node_get_list_delim(list) == CMARK_PAREN_DELIM
			     ? ')'
			     : '.';
	long num = cmark_node_get_list_start(list);
	m->meta = 0;
	for (cmark_node *item = cmark_node_first_child(list); item;
	     item = cmark_node_next(item), num++) {
		char mark[32] = "• ";
		if (ordered)
			snprintf(mark, sizeof mark, "%ld%c ", num, delim);
		cmark_node *c = cmark_node_first_child(item);
		for (int first = 1; c && !m->nomem;
		     c = cmark_node_next(c), first = 0)
			md_block(m, c, depth + 1, first ? mark : NULL);
	}
}

/* A heading at the top level: a new article, its title, a page's title
 * (in a digest), or a section head. */
static void md_heading(struct md *m, cmark_node *h)
{
	int level = cmark_node_get_heading_level(h);
	if (m->level && level > m->level) {
		md_text_block(m, h, NULL);
		return;
	}
	struct buf t = { 0 };
	if (md_line(h, &t) < 0)
		m->nomem = 1;
	if (m->level) {
		/* the article before, unless it is only the lines over the
		 * first item (they are the fields of every item) */
		if (m->cur.title.len || m->cur.n)
			md_next(m);
		else if (md_fill(&m->base, &m->cur, 1) < 0)
			m->nomem = 1;
		source_item_free(&m->cur);
		if (level < m->level) { /* a page's title */
			source_item_free(&m->base);
			md_meta(t.p, t.len, &m->base);
		} else {
			buf_put(&m->cur.title, t.p, t.len);
		}
		m->meta = MD_META_LINES;
	} else if (h == m->title) {
		buf_put(&m->cur.title, t.p, t.len);
		m->meta = MD_META_LINES;
	} else {
		md_text_block(m, h, NULL);
	}
	buf_free(&t);
}

/* One block of the body; `mark` is a list item's bullet, for its first
 * block. */
static void md_block(struct md *m, cmark_node *node, int depth,
		     const char *mark)
{
	if (depth > MD_MAX_DEPTH) {
		md_text_block(m, node, mark);
		return;
	}
	switch (cmark_node_get_type(node)) {
	case CMARK_NODE_HEADING: /* (in a list or a quote: a section head) */
		if (depth == 0)
			md_heading(m, node);
		else
			md_text_block(m, node, mark);
		break;
	case CMARK_NODE_PARAGRAPH:
	case CMARK_NODE_HTML_BLOCK:
		md_text_block(m, node, mark);
		break;
	case CMARK_NODE_LIST:
		md_list(m, node, depth);
		break;
	case CMARK_NODE_CODE_BLOCK:
		md_code(m, node);
		break;
	case CMARK_NODE_BLOCK_QUOTE:
	case CMARK_NODE_CUSTOM_BLOCK:
		for (cmark_node *c = cmark_node_first_child(node);
		     c && !m->nomem; c = cmark_node_next(c))
			md_block(m, c, depth + 1, NULL);
		break;
	default:
		break; /* a thematic break */
	}
}

/* ---- the file -----------------------------------------------------------*/

static void md_free(struct md *m)
{
	source_item_free(&m->front);
	source_item_free(&m->base);
	source_item_free(&m->cur);
}

/* Whether the `n` bytes at `s` are a table's rule: pipes, dashes, colons
 * and spaces, a dash among them ("|---|:--:|"). */
static int md_table_rule(const char *s, size_t n)
{
	int dash = 0;
	for (size_t i = 0; i < n; i++) {
		if (!strchr("|-: \t\r\n", s[i]))
			return 0;
		dash |= s[i] == '-';
	}
	return dash;
}

/* The text to parse, `n` bytes at `s`, into `b`, with what CommonMark
 * would lose or run together made plain text: a footnote's definition
 * ("[^1]: 注释的文字") escaped ("\\[^1]: …"), not read as a link's
 * reference definition, which CommonMark drops; a table's row ("| 北京 |
 * 3 |") followed by a blank line, so that each is a paragraph, and its
 * rule left out.  -1 when out of memory. */
static int md_prepare(const char *s, size_t n, struct buf *b)
{
	for (size_t i = 0; i < n;) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t end = nl ? (size_t)(nl - s) + 1 : n, at = i;
		while (at < end && at - i < 3 && s[at] == ' ')
			at++;
		if (end - at > 2 && s[at] == '[' && s[at + 1] == '^') {
			buf_put(b, s + i, at - i);
			buf_putc(b, '\\');
			i = at;
		} else if (at < end && s[at] == '|') {
			size_t stop = end;
			while (stop > at && strchr("\r\n \t", s[stop - 1]))
				stop--;
			if (!md_table_rule(s + at, end - at)) {
				buf_put(b, s + i, stop - i);
				buf_puts(b, "\n\n");
			}
			i = end;
			continue;
		}
		buf_put(b, s + i, end - i);
		i = end;
	}
	return b->failed ? -1 : 0;
}

enum err_code source_markdown(const char *name, const char *data, size_t n,
			      const struct import_opts *opts,
			      struct article_list *out, struct err *e)
{
	struct decoded dec;
	enum err_code rc = source_decode(name, data, n, NULL, opts, &dec, e);
	if (rc != ERR_OK)
		return rc;
	struct md m = { .name = name, .opts = opts, .out = out, .e = e };
	size_t body = md_front(name, dec.text, dec.len,
			       opts ? opts->diag : NULL, &m.front);
	struct buf text = { 0 };
	cmark_node *doc = NULL;
	if (!md_prepare(dec.text + body, dec.len - body, &text))
		doc = cmark_parse_document(text.p ? text.p : "", text.len,
					   CMARK_OPT_DEFAULT);
	buf_free(&text);
	if (!doc) {
		free(dec.text);
		md_free(&m);
		return err_set(e, ERR_NOMEM, "%s: out of memory", name);
	}
	md_plan(&m, doc);
	m.meta = MD_META_LINES;
	for (cmark_node *c = cmark_node_first_child(doc);
	     c && !m.nomem && m.rc == ERR_OK; c = cmark_node_next(c))
		md_block(&m, c, 0, NULL);
	/* the last article; a file of nothing gets source_item_finish's
	 * warning */
	if (m.cur.title.len || m.cur.n || !m.nth)
		md_next(&m);
	cmark_node_free(doc);
	free(dec.text);
	md_free(&m);
	if (m.nomem)
		return err_set(e, ERR_NOMEM, "%s: out of memory", name);
	return m.rc;
}
