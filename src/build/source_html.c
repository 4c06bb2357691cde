/* source_html: web pages and fragments of HTML, through libgumbo's HTML5
 * parser (see include/kanbao/build/source.h). */
#include "kanbao/build/source.h"

#include <gumbo.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- text of a tree -----------------------------------------------------*/

/* Elements whose content is no text of the article. */
static int html_skipped(GumboTag t)
{
	switch (t) {
	case GUMBO_TAG_HEAD:
	case GUMBO_TAG_SCRIPT:
	case GUMBO_TAG_STYLE:
	case GUMBO_TAG_NOSCRIPT:
	case GUMBO_TAG_TEMPLATE:
	case GUMBO_TAG_IFRAME:
	case GUMBO_TAG_OBJECT:
	case GUMBO_TAG_EMBED:
	case GUMBO_TAG_SVG:
	case GUMBO_TAG_MATH:
	case GUMBO_TAG_CANVAS:
	case GUMBO_TAG_FORM:
	case GUMBO_TAG_BUTTON:
	case GUMBO_TAG_SELECT:
	case GUMBO_TAG_TEXTAREA:
		return 1;
	default:
		return 0;
	}
}

/* Elements that end the paragraph before them and their own. */
static int html_breaks(GumboTag t)
{
	switch (t) {
	case GUMBO_TAG_P:
	case GUMBO_TAG_DIV:
	case GUMBO_TAG_BR:
	case GUMBO_TAG_LI:
	case GUMBO_TAG_UL:
	case GUMBO_TAG_OL:
	case GUMBO_TAG_DL:
	case GUMBO_TAG_DT:
	case GUMBO_TAG_DD:
	case GUMBO_TAG_BLOCKQUOTE:
	case GUMBO_TAG_PRE:
	case GUMBO_TAG_HR:
	case GUMBO_TAG_TABLE:
	case GUMBO_TAG_TR:
	case GUMBO_TAG_SECTION:
	case GUMBO_TAG_ARTICLE:
	case GUMBO_TAG_HEADER:
	case GUMBO_TAG_FOOTER:
	case GUMBO_TAG_ASIDE:
	case GUMBO_TAG_NAV:
	case GUMBO_TAG_FIGURE:
	case GUMBO_TAG_FIGCAPTION:
	case GUMBO_TAG_ADDRESS:
	case GUMBO_TAG_CENTER:
	case GUMBO_TAG_MAIN:
		return 1;
	default:
		return 0;
	}
}

static int html_heading(GumboTag t)
{
	return t == GUMBO_TAG_H1 || t == GUMBO_TAG_H2 || t == GUMBO_TAG_H3 ||
	       t == GUMBO_TAG_H4 || t == GUMBO_TAG_H5 || t == GUMBO_TAG_H6;
}

/* The paragraphs of a tree as they are walked. */
struct html_walk {
	struct source_item *it;
	struct buf cur; /* the paragraph so far */
	enum block_kind kind;
	int nomem;
};

static void html_flush(struct html_walk *w)
{
	if (w->cur.failed)
		w->nomem = 1;
	else if (w->cur.len &&
		 source_item_add(w->it, w->kind, w->cur.p, w->cur.len) < 0)
		w->nomem = 1;
	w->cur.len = 0;
	w->kind = BLOCK_PARA;
}

/* Depth is bounded: gumbo nests at most as deep as the page, which a
 * hostile page makes deep; past this the text of deeper elements is
 * still taken, as part of the paragraph they are in. */
enum { HTML_MAX_DEPTH = 256 };

static void html_text(struct html_walk *w, const GumboNode *node, int depth)
{
	switch (node->type) {
	case GUMBO_NODE_TEXT:
	case GUMBO_NODE_CDATA:
		buf_puts(&w->cur, node->v.text.text);
		return;
	case GUMBO_NODE_WHITESPACE:
		buf_putc(&w->cur, ' ');
		return;
	case GUMBO_NODE_COMMENT:
		return;
	case GUMBO_NODE_DOCUMENT:
	case GUMBO_NODE_ELEMENT:
	case GUMBO_NODE_TEMPLATE:
		break;
	}
	GumboTag tag = node->type == GUMBO_NODE_DOCUMENT
			       ? GUMBO_TAG_UNKNOWN
			       : node->v.element.tag;
	if (html_skipped(tag))
		return;
	int brk = depth < HTML_MAX_DEPTH &&
		  (html_breaks(tag) || html_heading(tag));
	if (brk)
		html_flush(w);
	if (html_heading(tag))
		w->kind = BLOCK_HEAD;
	const GumboVector *kids = node->type == GUMBO_NODE_DOCUMENT
					  ? &node->v.document.children
					  : &node->v.element.children;
	for (unsigned i = 0; i < kids->length && !w->nomem; i++)
		html_text(w, kids->data[i], depth + 1);
	if (brk)
		html_flush(w);
}

/* Walk `node` into paragraphs of `it`; -1 when out of memory. */
static int html_paragraphs(const GumboNode *node, struct source_item *it)
{
	struct html_walk w = { it, { 0 }, BLOCK_PARA, 0 };
	html_text(&w, node, 0);
	html_flush(&w);
	buf_free(&w.cur);
	return w.nomem ? -1 : 0;
}

int source_html_fragment(const char *html, size_t n, struct source_item *it)
{
	GumboOptions opt = kGumboDefaultOptions;
	opt.fragment_context = GUMBO_TAG_DIV;
	opt.max_errors = 0; /* we read no parse errors: keep none */
	GumboOutput *out = gumbo_parse_with_options(&opt, html, n);
	if (!out)
		return -1;
	int rc = html_paragraphs(out->root, it);
	gumbo_destroy_output(&opt, out);
	return rc;
}

/* ---- pages --------------------------------------------------------------*/

/* The first element `tag` under `node`, depth first; NULL when none. */
static const GumboNode *html_find(const GumboNode *node, GumboTag tag,
				  int depth)
{
	if (node->type != GUMBO_NODE_ELEMENT || depth > HTML_MAX_DEPTH)
		return NULL;
	if (node->v.element.tag == tag)
		return node;
	const GumboVector *kids = &node->v.element.children;
	for (unsigned i = 0; i < kids->length; i++) {
		const GumboNode *f = html_find(kids->data[i], tag, depth + 1);
		if (f)
			return f;
	}
	return NULL;
}

/* The plain text of an element (its paragraphs joined by spaces) into `b`;
 * -1 when out of memory. */
static int html_plain(const GumboNode *node, struct buf *b)
{
	struct source_item tmp = { 0 };
	int rc = html_paragraphs(node, &tmp);
	for (size_t i = 0; i < tmp.n; i++) {
		if (i)
			buf_putc(b, ' ');
		buf_put(b, tmp.paras[i].text, tmp.paras[i].len);
	}
	source_item_free(&tmp);
	return rc < 0 || b->failed ? -1 : 0;
}

/* The charset a page declares in its first bytes, as the HTML standard's
 * prescan finds it (<meta charset="gbk">, <meta http-equiv=
 * "Content-Type" content="text/html; charset=gb2312">), into `cs`; ""
 * when it declares none. */
static void html_declared(const char *data, size_t n, char *cs, size_t cap)
{
	enum { PRESCAN = 1024 };
	size_t lim = n < PRESCAN ? n : PRESCAN;
	cs[0] = '\0';
	for (size_t i = 0; i + 8 <= lim; i++) {
		if (strncasecmp(data + i, "charset=", 8))
			continue;
		size_t j = i + 8, k = 0;
		while (j < lim && (data[j] == '"' || data[j] == '\''))
			j++;
		while (j < lim && k + 1 < cap &&
		       (((data[j] | 0x20) >= 'a' && (data[j] | 0x20) <= 'z') ||
			(data[j] >= '0' && data[j] <= '9') || data[j] == '-' ||
			data[j] == '_'))
			cs[k++] = data[j++];
		cs[k] = '\0';
		return;
	}
}

enum err_code source_html(const char *name, const char *data, size_t n,
			  const struct import_opts *opts,
			  struct article_list *out, struct err *e)
{
	char declared[32];
	html_declared(data, n, declared, sizeof declared);
	struct decoded dec;
	enum err_code rc = source_decode(name, data, n, declared, opts, &dec,
					 e);
	if (rc != ERR_OK)
		return rc;
	GumboOutput *g = gumbo_parse_with_options(&kGumboDefaultOptions,
						  dec.text, dec.len);
	if (!g) {
		free(dec.text);
		return err_set(e, ERR_NOMEM, "%s: out of memory", name);
	}
	struct source_item it = { 0 };
	const GumboNode *h1 = html_find(g->root, GUMBO_TAG_H1, 0);
	const GumboNode *title = html_find(g->root, GUMBO_TAG_TITLE, 0);
	const GumboNode *body = html_find(g->root, GUMBO_TAG_BODY, 0);
	int bad = (h1 || title) && html_plain(h1 ? h1 : title, &it.title) < 0;
	if (!bad && body)
		bad = html_paragraphs(body, &it) < 0;
	gumbo_destroy_output(&kGumboDefaultOptions, g);
	free(dec.text);
	if (bad) {
		source_item_free(&it);
		return err_set(e, ERR_NOMEM, "%s: out of memory", name);
	}
	return source_item_finish(name, 1, &it, opts, out, e);
}
