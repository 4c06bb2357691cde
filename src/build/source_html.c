/* source_html: web pages and fragments of HTML, through libgumbo's HTML5
 * parser (see include/kanbao/build/source.h).
 *
 * A page's article is found by what its elements hold, never by one
 * site's class names:
 *   body      the element whose own paragraphs (its text, its <p> and
 *             inline children's) hold the most Han text, less the share
 *             of its text in links; then its parent while the parent's
 *             paragraphs score much more (paragraphs or items each in a
 *             <div> of their own)
 *   headline  the first <h1> in the body, else the last before it (not
 *             all a link: a logo); else og:title; else <title> without
 *             the site's name
 *   date      the page's metadata (article:published_time…), else its
 *             first <time>, else a date line near the headline
 *   left out  furniture (html_furniture: <nav>, <aside>, <footer>, a
 *             page's <header>, sharing, comments, related links) and
 *             blocks that are mostly links
 * A page of several <article>s gives one article each; a digest, items
 * each under its own <h2> or <h3>, one per item. */
#include "kanbao/build/source.h"

#include <gumbo.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kanbao/base/array.h"
#include "kanbao/base/utf8.h"
#include "kanbao/build/cues.h"
#include "kanbao/build/dates.h"

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

/* 1..6 for a heading <h1>…<h6>, else 0. */
static int html_level(GumboTag t)
{
	switch (t) {
	case GUMBO_TAG_H1:
		return 1;
	case GUMBO_TAG_H2:
		return 2;
	case GUMBO_TAG_H3:
		return 3;
	case GUMBO_TAG_H4:
		return 4;
	case GUMBO_TAG_H5:
		return 5;
	case GUMBO_TAG_H6:
		return 6;
	default:
		return 0;
	}
}

static const GumboVector *html_kids(const GumboNode *node)
{
	return node->type == GUMBO_NODE_DOCUMENT ? &node->v.document.children
						 : &node->v.element.children;
}

static int html_is(const GumboNode *node, GumboTag t)
{
	return node && node->type == GUMBO_NODE_ELEMENT &&
	       node->v.element.tag == t;
}

/* The value of attribute `name` of an element; NULL when it has none. */
static const char *html_attr(const GumboNode *node, const char *name)
{
	if (node->type != GUMBO_NODE_ELEMENT)
		return NULL;
	const GumboAttribute *a =
		gumbo_get_attribute(&node->v.element.attributes, name);
	return a ? a->value : NULL;
}

/* Is `inner` `outer` or under it? */
static int html_contains(const GumboNode *outer, const GumboNode *inner)
{
	for (; inner; inner = inner->parent)
		if (inner == outer)
			return 1;
	return 0;
}

/* Where a page's walk is, for the paragraphs it meets: before the
 * headline (left out), between it and the body (date lines, a subtitle, a
 * standfirst), in the body, after it (left out).  A fragment is all body. */
enum html_zone { ZONE_BEFORE, ZONE_HEAD, ZONE_BODY, ZONE_AFTER };

/* What the walk knew of each paragraph it added. */
struct html_mark {
	int level; /* 1..6 for a heading <h1>…<h6>, else 0 */
	enum html_zone zone; /* where it was; ZONE_AFTER once it is
				taken as a date line or left out */
};

/* The paragraphs of a tree as they are walked. */
struct html_walk {
	struct source_item *it;
	struct buf cur; /* the paragraph so far */
	enum block_kind kind;
	int level; /* of the heading the paragraph so far is, else 0 */
	int nomem;
	/* a page's walk; for a fragment `page` is 0 and the rest unused */
	int page; /* leave out what pages hold beside their articles */
	const GumboNode *title; /* the headline element: its text goes to
				   it->title; may be NULL */
	const GumboNode *body; /* the element holding the body */
	enum html_zone zone;
	int in_title; /* inside `title` */
	struct html_mark *marks; /* one per paragraph of it (owned) */
	size_t cap; /* room in marks */
};

static int html_blank(const struct buf *b)
{
	for (size_t i = 0; i < b->len; i++)
		if (!strchr(" \t\r\n\f", b->p[i]))
			return 0;
	return 1;
}

static void html_flush(struct html_walk *w)
{
	if (w->cur.failed) {
		w->nomem = 1;
	} else if (w->cur.len && w->in_title) {
		if (w->it->title.len)
			buf_putc(&w->it->title, ' ');
		buf_put(&w->it->title, w->cur.p, w->cur.len);
	} else if (w->cur.len && w->page && w->zone == ZONE_AFTER) {
		/* page furniture after the article */
	} else if (html_blank(&w->cur)) {
		/* the spaces between elements */
	} else {
		if (source_item_add(w->it, w->kind, w->cur.p, w->cur.len) < 0 ||
		    (w->page && array_grow(&w->marks, &w->cap, w->it->n,
					   sizeof *w->marks) < 0))
			w->nomem = 1;
		else if (w->page)
			w->marks[w->it->n - 1] =
				(struct html_mark){ w->level, w->zone };
	}
	w->cur.len = 0;
	w->kind = BLOCK_PARA;
	w->level = 0;
}

/* Depth is bounded: gumbo nests at most as deep as the page, which a
 * hostile page makes deep; past this the text of deeper elements is
 * still taken, as part of the paragraph they are in. */
enum { HTML_MAX_DEPTH = 256 };

/* The node after `node` in document order within `top` (its children
 * first, but a skipped element's), NULL after the last: a walk by the
 * nodes' parent links, not by recursion, for what is nested deeper than
 * HTML_MAX_DEPTH, so that no page overflows the stack. */
static const GumboNode *html_next(const GumboNode *node,
				  const GumboNode *top)
{
	if ((node->type == GUMBO_NODE_ELEMENT ||
	     node->type == GUMBO_NODE_TEMPLATE) &&
	    !html_skipped(node->v.element.tag) &&
	    node->v.element.children.length)
		return node->v.element.children.data[0];
	for (; node != top; node = node->parent) {
		const GumboVector *kids = &node->parent->v.element.children;
		size_t next = node->index_within_parent + 1;
		if (next < kids->length)
			return kids->data[next];
	}
	return NULL;
}

/* The text under `top`, past HTML_MAX_DEPTH, into the paragraph so far. */
static void html_deep_text(struct html_walk *w, const GumboNode *top)
{
	for (const GumboNode *n = top; n; n = html_next(n, top))
		if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA)
			buf_puts(&w->cur, n->v.text.text);
		else if (n->type == GUMBO_NODE_WHITESPACE)
			buf_putc(&w->cur, ' ');
}

static int html_left_out(const struct html_walk *w, const GumboNode *node);

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
	if (html_skipped(tag) || (w->page && html_left_out(w, node)))
		return;
	if (depth >= HTML_MAX_DEPTH) {
		html_deep_text(w, node);
		return;
	}
	int level = html_level(tag);
	int brk = html_breaks(tag) || level;
	if (brk || node == w->title || node == w->body)
		html_flush(w);
	if (node == w->title)
		w->in_title = 1;
	if (node == w->body)
		/* what a body holding the headline has above it is not
		 * the article's */
		w->zone = w->title && w->zone == ZONE_BEFORE &&
					  html_contains(node, w->title)
				  ? ZONE_BEFORE
				  : ZONE_BODY;
	if (level) {
		w->kind = BLOCK_HEAD;
		w->level = level;
	}
	const GumboVector *kids = html_kids(node);
	for (unsigned i = 0; i < kids->length && !w->nomem; i++)
		html_text(w, kids->data[i], depth + 1);
	if (brk || node == w->title || node == w->body)
		html_flush(w);
	if (node == w->title) {
		w->in_title = 0;
		if (w->zone == ZONE_BEFORE)
			w->zone = html_contains(w->body, node) ? ZONE_BODY
							       : ZONE_HEAD;
	}
	if (node == w->body)
		w->zone = ZONE_AFTER;
}

/* Walk `node` into paragraphs of `it`; -1 when out of memory. */
static int html_paragraphs(const GumboNode *node, struct source_item *it)
{
	struct html_walk w = { .it = it, .kind = BLOCK_PARA,
			       .zone = ZONE_BODY };
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
	return source_item_line(&tmp, html_paragraphs(node, &tmp), b);
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

/* ---- what a page holds beside its articles ------------------------------*/

/* Does `s` name one of `words` in part ("share-box", "commentList"), case
 * ignored? */
static int html_names(const char *s, const char *const *words)
{
	for (; s && *words; words++)
		if (strcasestr(s, *words))
			return 1;
	return 0;
}

/* Is `node` under an element `tag`? */
static int html_inside(const GumboNode *node, GumboTag tag)
{
	for (node = node->parent; node; node = node->parent)
		if (html_is(node, tag))
			return 1;
	return 0;
}

/* An element that is no part of an article by what it is or what it calls
 * itself: <nav>, <aside>, <footer>, a <header> outside an article that
 * does not hold `keep` (the headline); a role or a class or id naming
 * navigation, sharing, comments, related links and the like.  Words of
 * any site, never one site's names. */
static int html_furniture(const GumboNode *node, const GumboNode *keep)
{
	static const char *const roles[] = { "navigation", "banner",
					     "contentinfo", "complementary",
					     "search", "menu", NULL };
	static const char *const words[] = {
		"comment", "share", "related", "recommend", "breadcrumb",
		"sidebar", "footer", "copyright", "social", "toolbar",
		"pagination", "navbar", "menu", NULL
	};
	switch (node->v.element.tag) {
	case GUMBO_TAG_NAV:
	case GUMBO_TAG_ASIDE:
	case GUMBO_TAG_FOOTER:
		return 1;
	case GUMBO_TAG_HEADER:
		return !(keep && html_contains(node, keep)) &&
		       !html_inside(node, GUMBO_TAG_ARTICLE) &&
		       !html_inside(node, GUMBO_TAG_MAIN);
	case GUMBO_TAG_HTML:
	case GUMBO_TAG_BODY:
		return 0;
	default:
		break;
	}
	return html_names(html_attr(node, "role"), roles) ||
	       html_names(html_attr(node, "class"), words) ||
	       html_names(html_attr(node, "id"), words);
}

/* ---- text density -------------------------------------------------------*/

/* What an element's text holds. */
struct html_count {
	size_t han; /* Han characters of its text */
	size_t linked; /* of them inside links */
	size_t links; /* links (<a href>) under it */
	size_t own; /* of them in its own paragraphs: its text and its <p>
		       and inline children's, not its blocks' */
	size_t sum; /* the scores of it and every element under it */
};

/* An element's score: the Han text of its own paragraphs, less the share
 * of its text that is links. */
static size_t html_score(const struct html_count *c)
{
	return c->han ? c->own * (c->han - c->linked) / c->han : 0;
}

/* Elements that hold paragraphs of their own rather than being part of
 * their parent's. */
static int html_block(GumboTag t)
{
	return html_breaks(t) || html_level(t) || t == GUMBO_TAG_HTML ||
	       t == GUMBO_TAG_BODY || t == GUMBO_TAG_TD || t == GUMBO_TAG_TH;
}

/* The Han characters in `n` bytes of `s`. */
static size_t html_han(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n;) {
		uint32_t uc;
		i += utf8_next(s + i, n - i, &uc);
		k += utf8_is_han(uc) != 0;
	}
	return k;
}

/* The element with the best score so far. */
struct html_best {
	const GumboNode *node;
	size_t score;
};

/* Count the text under `node` (furniture and skipped elements count
 * nothing) into `c`; with `best`, note there the element of the best
 * score. */
static void html_measure(const GumboNode *node, int in_link, int depth,
			 struct html_count *c, struct html_best *best)
{
	memset(c, 0, sizeof *c);
	if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA) {
		c->han = html_han(node->v.text.text,
				  strlen(node->v.text.text));
		c->linked = in_link ? c->han : 0;
		return;
	}
	if (node->type != GUMBO_NODE_ELEMENT)
		return;
	GumboTag t = node->v.element.tag;
	if (html_skipped(t) || html_furniture(node, NULL))
		return;
	if (depth >= HTML_MAX_DEPTH) {
		/* all its text, as the walk takes it: its own */
		for (const GumboNode *n = node; n; n = html_next(n, node))
			if (n->type == GUMBO_NODE_TEXT ||
			    n->type == GUMBO_NODE_CDATA)
				c->han += html_han(n->v.text.text,
						   strlen(n->v.text.text));
		c->own = c->han;
		c->linked = in_link ? c->han : 0;
		c->sum = html_score(c);
		if (best && c->sum > best->score)
			*best = (struct html_best){ node, c->sum };
		return;
	}
	int link = t == GUMBO_TAG_A && html_attr(node, "href");
	const GumboVector *kids = html_kids(node);
	for (unsigned i = 0; i < kids->length; i++) {
		const GumboNode *kid = kids->data[i];
		struct html_count k;
		html_measure(kid, in_link || link, depth + 1, &k, best);
		c->han += k.han;
		c->linked += k.linked;
		c->links += k.links;
		c->sum += k.sum;
		GumboTag kt = kid->type == GUMBO_NODE_ELEMENT
				      ? kid->v.element.tag
				      : GUMBO_TAG_UNKNOWN;
		if (kt == GUMBO_TAG_P || !html_block(kt))
			c->own += k.han;
	}
	c->links += link;
	size_t score = html_score(c);
	c->sum += score;
	if (best && score > best->score)
		*best = (struct html_best){ node, score };
}

/* Lists and blocks that are mostly links (related articles, a site's
 * menus), beside the elements html_furniture names. */
static int html_left_out(const struct html_walk *w, const GumboNode *node)
{
	if (node->type != GUMBO_NODE_ELEMENT ||
	    (w->title && html_contains(node, w->title)) ||
	    html_contains(node, w->body))
		return 0;
	if (html_furniture(node, w->title))
		return 1;
	switch (node->v.element.tag) {
	case GUMBO_TAG_UL:
	case GUMBO_TAG_OL:
	case GUMBO_TAG_DL:
	case GUMBO_TAG_TABLE:
	case GUMBO_TAG_DIV:
	case GUMBO_TAG_SECTION:
	case GUMBO_TAG_P:
	case GUMBO_TAG_TD:
		break;
	default:
		return 0;
	}
	struct html_count c;
	html_measure(node, 0, 0, &c, NULL);
	return c.links >= 2 && c.linked * 2 >= c.han;
}

/* Has `via` a sibling of its tag and class with paragraphs of its own
 * (the next item of a list of them: a <li>, <article>, <section>, <dd>,
 * or any element of a class)? */
static int html_repeated(const GumboNode *via)
{
	const GumboVector *kids = html_kids(via->parent);
	const char *cls = html_attr(via, "class");
	for (unsigned i = 0; i < kids->length; i++) {
		const GumboNode *k = kids->data[i];
		if (k == via || k->type != GUMBO_NODE_ELEMENT ||
		    k->v.element.tag != via->v.element.tag)
			continue;
		/* items say what they are, by class or by tag; a <div>
		 * with no class beside another is no item */
		const char *kc = html_attr(k, "class");
		GumboTag t = via->v.element.tag;
		int item = t == GUMBO_TAG_LI || t == GUMBO_TAG_ARTICLE ||
			   t == GUMBO_TAG_SECTION || t == GUMBO_TAG_DD;
		if (item ? !cls != !kc || (cls && strcmp(cls, kc))
			 : !cls || !*cls || !kc || strcmp(cls, kc))
			continue;
		struct html_count c;
		html_measure(k, 0, 0, &c, NULL);
		if (c.sum)
			return 1;
	}
	return 0;
}

/* The element holding a page's body: the best score, then the nearest
 * element above whose paragraphs score much more or which holds more like
 * the one the body is in (the items of a digest each in a <div> of its
 * own, paragraphs each a <div>), passing over elements that add next to
 * nothing (wrappers, a heading that is a link), and stopping at one that
 * adds a little (the headline, a date line); <body> when no element holds
 * Han text. */
static const GumboNode *html_body(const GumboNode *root)
{
	struct html_best best = { NULL, 0 };
	struct html_count c;
	html_measure(root, 0, 0, &c, &best);
	if (!best.node)
		return html_find(root, GUMBO_TAG_BODY, 0);
	const GumboNode *b = best.node, *via = b, *up = b->parent;
	html_measure(b, 0, 0, &c, NULL);
	for (; up && up->type == GUMBO_NODE_ELEMENT; via = up, up = up->parent) {
		struct html_count u;
		html_measure(up, 0, 0, &u, NULL);
		if (u.sum * 10 >= c.sum * 13 ||
		    (u.sum > c.sum && html_repeated(via))) {
			b = up;
			c = u;
		} else if (u.sum * 20 > c.sum * 21) {
			break;
		}
	}
	return b;
}

/* ---- the headline -------------------------------------------------------*/

/* An <h1> with text, outside furniture, not all a link: a site's logo in
 * a heading is an image or its name linking home. */
static int html_headline_ok(const GumboNode *node)
{
	if (!html_is(node, GUMBO_TAG_H1))
		return 0;
	for (const GumboNode *up = node; up; up = up->parent)
		if (up->type == GUMBO_NODE_ELEMENT &&
		    up->v.element.tag != GUMBO_TAG_HEADER &&
		    html_furniture(up, NULL))
			return 0;
	struct html_count c;
	html_measure(node, 0, 0, &c, NULL);
	return c.han > c.linked;
}

/* The last headline before `stop` in document order into `*last`;
 * returns 1 once `stop` is reached. */
static int html_before(const GumboNode *node, const GumboNode *stop,
		       int depth, const GumboNode **last)
{
	if (node == stop)
		return 1;
	if (node->type != GUMBO_NODE_ELEMENT || depth > HTML_MAX_DEPTH ||
	    html_skipped(node->v.element.tag))
		return 0;
	if (html_headline_ok(node)) {
		*last = node;
		return 0;
	}
	const GumboVector *kids = html_kids(node);
	for (unsigned i = 0; i < kids->length; i++)
		if (html_before(kids->data[i], stop, depth + 1, last))
			return 1;
	return 0;
}

/* The first headline under `node`; NULL when none. */
static const GumboNode *html_first_headline(const GumboNode *node, int depth)
{
	if (node->type != GUMBO_NODE_ELEMENT || depth > HTML_MAX_DEPTH ||
	    html_skipped(node->v.element.tag))
		return NULL;
	if (html_headline_ok(node))
		return node;
	const GumboVector *kids = html_kids(node);
	for (unsigned i = 0; i < kids->length; i++) {
		const GumboNode *f = html_first_headline(kids->data[i],
							 depth + 1);
		if (f)
			return f;
	}
	return NULL;
}

/* The first <h1>, <h2> or <h3> with text under an <article>: its
 * headline. */
static const GumboNode *html_article_heading(const GumboNode *node,
					     int depth)
{
	if (node->type != GUMBO_NODE_ELEMENT || depth > HTML_MAX_DEPTH ||
	    html_skipped(node->v.element.tag) || html_furniture(node, NULL))
		return NULL;
	int level = html_level(node->v.element.tag);
	if (level >= 1 && level <= 3) {
		struct html_count c;
		html_measure(node, 0, 0, &c, NULL);
		if (c.han)
			return node;
	}
	const GumboVector *kids = html_kids(node);
	for (unsigned i = 0; i < kids->length; i++) {
		const GumboNode *f = html_article_heading(kids->data[i],
							  depth + 1);
		if (f)
			return f;
	}
	return NULL;
}

/* The nearest element holding both `a` and `b`. */
static const GumboNode *html_common(const GumboNode *a, const GumboNode *b)
{
	for (; a; a = a->parent)
		if (html_contains(a, b))
			return a;
	return b;
}

/* ---- metadata -----------------------------------------------------------*/

/* What a page says of itself in <meta> and <title>. */
struct html_page {
	struct buf title; /* og:title */
	struct buf date; /* article:published_time and the like */
	struct buf source; /* <meta name="source"> */
	struct buf byline; /* <meta name="author"> */
	struct buf site; /* og:site_name, else the site's name in <title> */
	struct buf head; /* <title>, the site's name cut off */
};

/* The field of `pg` a <meta> named `key` fills; NULL for none. */
static struct buf *html_meta_field(struct html_page *pg, const char *key)
{
	static const struct {
		const char *key;
		int field; /* 0 title, 1 date, 2 source, 3 byline, 4 site */
	} keys[] = {
		{ "og:title", 0 },
		{ "twitter:title", 0 },
		{ "article:published_time", 1 },
		{ "og:published_time", 1 },
		{ "og:release_date", 1 },
		{ "publishdate", 1 },
		{ "pubdate", 1 },
		{ "publish_date", 1 },
		{ "publishtime", 1 },
		{ "pubtime", 1 },
		{ "datepublished", 1 },
		{ "dc.date", 1 },
		{ "dc.date.issued", 1 },
		{ "date", 1 },
		{ "source", 2 },
		{ "author", 3 },
		{ "article:author", 3 },
		{ "dc.creator", 3 },
		{ "og:site_name", 4 },
	};
	struct buf *fields[] = { &pg->title, &pg->date, &pg->source,
				 &pg->byline, &pg->site };
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
		if (!strcasecmp(key, keys[i].key))
			return fields[keys[i].field];
	return NULL;
}

/* Read the <meta> elements under `node` into `pg` (the first of each
 * field wins); the first <title> into `*title`. */
static void html_meta(struct html_page *pg, const GumboNode *node, int depth,
		      const GumboNode **title)
{
	if (node->type != GUMBO_NODE_ELEMENT || depth > HTML_MAX_DEPTH)
		return;
	if (node->v.element.tag == GUMBO_TAG_META) {
		const char *key = html_attr(node, "property");
		if (!key)
			key = html_attr(node, "name");
		if (!key)
			key = html_attr(node, "itemprop");
		const char *val = html_attr(node, "content");
		struct buf *f = key && val ? html_meta_field(pg, key) : NULL;
		/* an author given as a link to a profile names no one */
		if (f == &pg->source && !strncmp(val, "来源：", 9))
			val += 9; /* "来源：人民日报" */
		if (f && !f->len && *val &&
		    !(f == &pg->byline && strstr(val, "://")))
			buf_puts(f, val);
	}
	if (node->v.element.tag == GUMBO_TAG_TITLE && !*title)
		*title = node;
	const GumboVector *kids = html_kids(node);
	for (unsigned i = 0; i < kids->length; i++)
		html_meta(pg, kids->data[i], depth + 1, title);
}

/* Where the site's name starts in a title "标题 - 人民网", "标题_新华网",
 * "标题|site", "标题--时政--人民网" (at its separator), the separator's
 * length in `*sep`; `n` when there is none.  The name is what follows the
 * last separator, and must be shorter than what comes before it. */
static size_t html_site_at(const char *s, size_t n, size_t *sep)
{
	static const char *const seps[] = { " - ", " | ", "--", " _ ", "_",
					    "|", "－", "｜", " – ", NULL };
	for (size_t i = n; i-- > 0;)
		for (const char *const *p = seps; *p; p++) {
			size_t m = strlen(*p);
			if (i + m > n || memcmp(s + i, *p, m))
				continue;
			if (n - (i + m) >= i || n == i + m)
				return n;
			*sep = m;
			return i;
		}
	return n;
}

/* `n` bytes of a <title> into pg->head without the site's names (a
 * channel's too), the last of them into pg->site when it has none. */
static void html_cut_title(struct html_page *pg, const char *s, size_t n)
{
	size_t sep, at;
	for (int last = 1; (at = html_site_at(s, n, &sep)) < n; last = 0) {
		if (last && !pg->site.len)
			buf_put(&pg->site, s + at + sep, n - at - sep);
		n = at;
	}
	buf_put(&pg->head, s, n);
}

/* ---- date lines ---------------------------------------------------------*/

/* What the lines near a headline say ("2024年03月01日08:00  来源：人民日报",
 * "发布时间：2024-03-01", "作者：张三", "本报记者 张三"); the first of each
 * wins. */
struct html_lines {
	struct buf date, source, byline;
	struct buf page; /* 11 of an issue line "《人民日报》（2024年03月01日
			    11版）" */
};

static void html_lines_free(struct html_lines *m)
{
	buf_free(&m->date);
	buf_free(&m->source);
	buf_free(&m->byline);
	buf_free(&m->page);
}

static const char *html_has(const char *s, size_t n, const char *word)
{
	return memmem(s, n, word, strlen(word));
}

/* The word after `mark` in `n` bytes of `s` (up to a space or a bar) into
 * `b`, when `b` is empty; returns whether `mark` is there. */
static int html_word_after(const char *s, size_t n, const char *mark,
			   struct buf *b)
{
	const char *p = html_has(s, n, mark);
	if (!p)
		return 0;
	size_t i = (size_t)(p - s) + strlen(mark), from;
	uint32_t uc = 0;
	for (size_t l; i < n; i += l) {
		l = utf8_next(s + i, n - i, &uc);
		if (!utf8_is_space(uc))
			break;
	}
	from = i;
	for (size_t l; i < n; i += l) {
		l = utf8_next(s + i, n - i, &uc);
		if (utf8_is_space(uc) || uc == '|' || uc == 0xFF5C)
			break;
	}
	if (!b->len)
		buf_put(b, s + from, i - from);
	return 1;
}

/* Is paragraph `s` a line of metadata: a byline alone, or a line with no
 * sentence in it that gives a source or an author, or a date with little
 * else ("发布时间：")?  Returns 1 and takes what it says into `m`, else 0. */
static int html_date_line(const char *s, size_t n, struct html_lines *m)
{
	static const char *const sentence[] = { "，", "。", "！", "？", "；",
						NULL };
	enum { LINE_MAX = 240, WORDS_BESIDE_DATE = 8 };
	if (n > LINE_MAX)
		return 0;
	for (const char *const *p = sentence; *p; p++)
		if (html_has(s, n, *p))
			return 0;
	struct cue_span in;
	if (cues_byline(s, n, &in)) {
		if (!m->byline.len)
			buf_put(&m->byline, s + in.at, in.len);
		return 1;
	}
	struct date d;
	size_t at = 0, len = 0;
	int dated = dates_find_full(s, n, &d, &at, &len);
	int said = html_word_after(s, n, "来源：", &m->source) |
		   html_word_after(s, n, "来源:", &m->source) |
		   html_word_after(s, n, "作者：", &m->byline) |
		   html_word_after(s, n, "作者:", &m->byline);
	if (!said && (!dated || html_han(s, n) - html_han(s + at, len) >
					 WORDS_BESIDE_DATE))
		return 0;
	if (dated && !m->date.len)
		buf_put(&m->date, s + at, len);
	return 1;
}

static int html_is_date_line(const char *s, size_t n)
{
	struct html_lines scratch = { 0 };
	int yes = html_date_line(s, n, &scratch);
	html_lines_free(&scratch);
	return yes;
}

/* ---- articles -----------------------------------------------------------*/

/* An article of a page as walked. */
struct html_art {
	struct source_item raw; /* its paragraphs, the headline in
				   raw.title */
	struct html_mark *marks; /* one per paragraph (owned) */
	struct html_lines lines; /* what its date lines say */
	struct buf subtitle; /* a heading right under the headline */
	struct buf time; /* its first <time>: datetime, else its text */
};

static void html_art_free(struct html_art *a)
{
	source_item_free(&a->raw);
	free(a->marks);
	html_lines_free(&a->lines);
	buf_free(&a->subtitle);
	buf_free(&a->time);
}

static int html_sentence(const char *s, size_t n)
{
	return html_has(s, n, "。") || html_has(s, n, "！") ||
	       html_has(s, n, "？");
}

/* The line right above the headline, the paragraphs between it and the
 * body and the first few of the body: date lines are taken, a heading
 * right under the headline is its subtitle, a standfirst (sentences) is
 * kept as the body's first paragraph, the rest between ("字号 大 中 小")
 * and above is left out. */
static void html_head_lines(struct html_art *a)
{
	enum { BODY_DATE_LINES = 3 };
	/* with no headline, the body's first lines are near nothing: a
	 * masthead's date may stand there */
	size_t body = a->raw.title.len ? 0 : BODY_DATE_LINES, head = 0;
	for (size_t i = 0; i < a->raw.n; i++) {
		struct html_mark *m = &a->marks[i];
		const char *s = a->raw.paras[i].text;
		size_t n = a->raw.paras[i].len;
		if (m->zone == ZONE_BEFORE) {
			/* of what comes before the headline, only the line
			 * right above it: a date far above is a masthead's,
			 * the day the page was saved */
			if (i + 1 < a->raw.n &&
			    a->marks[i + 1].zone != ZONE_BEFORE && !m->level)
				html_date_line(s, n, &a->lines);
			m->zone = ZONE_AFTER;
		} else if (m->zone == ZONE_BODY && m->level) {
			break; /* the body's first heading ends the lines */
		} else if (m->zone == ZONE_BODY) {
			if (body++ >= BODY_DATE_LINES)
				break;
			if (html_date_line(s, n, &a->lines))
				m->zone = ZONE_AFTER;
		} else if (html_date_line(s, n, &a->lines)) {
			head++;
			m->zone = ZONE_AFTER;
		} else if (m->level && head++ == 0) {
			buf_put(&a->subtitle, s, n);
			m->zone = ZONE_AFTER;
		} else {
			m->zone = html_sentence(s, n) ? ZONE_BODY : ZONE_AFTER;
		}
	}
}

/* Walk `root` into `a`: `title` its headline, `body` its body. */
static int html_walk_article(struct html_art *a, const GumboNode *root,
			     const GumboNode *title, const GumboNode *body)
{
	struct html_walk w = { .it = &a->raw,
			       .kind = BLOCK_PARA,
			       .page = 1,
			       .title = title,
			       .body = body,
			       .zone = title ? ZONE_BEFORE : ZONE_HEAD };
	html_text(&w, root, 0);
	html_flush(&w);
	buf_free(&w.cur);
	a->marks = w.marks;
	const GumboNode *t = html_find(root, GUMBO_TAG_TIME, 0);
	const char *dt = t ? html_attr(t, "datetime") : NULL;
	if (dt)
		buf_puts(&a->time, dt);
	else if (t && html_plain(t, &a->time) < 0)
		return -1;
	if (w.nomem || a->time.failed)
		return -1;
	html_head_lines(a);
	return 0;
}

/* What an article's fields come from, each the first of its list that
 * gives one (a date: the first that source_date reads); the site is the
 * source when nothing else names one, an issue line's paper either. */
struct html_fields {
	const struct buf *title[3], *subtitle, *date[4], *source[2], *site,
		*byline[2];
};

static void html_pick(struct buf *to, const struct buf *const *from,
		      size_t n, int dated)
{
	for (size_t i = 0; i < n; i++)
		if (from[i] && from[i]->len &&
		    (!dated || source_date(from[i]->p, from[i]->len))) {
			buf_put(to, from[i]->p, from[i]->len);
			return;
		}
}

/* The last paragraphs of [from, to) that say who edited the page
 * ("（责编：李四）") or which issue printed it ("《人民日报》（2024年03月01日
 * 11版）") are left out, what the issue line says taken into `m`. */
static void html_tail_lines(struct html_art *a, size_t from, size_t to,
			    struct html_lines *m)
{
	enum { TAIL_LINES = 3 };
	for (size_t i = to, seen = 0; i-- > from && seen < TAIL_LINES;) {
		if (a->marks[i].zone != ZONE_BODY || a->marks[i].level)
			continue;
		seen++;
		const char *s = a->raw.paras[i].text;
		size_t n = a->raw.paras[i].len;
		struct issue is;
		if (cues_editor(s, n)) {
			a->marks[i].zone = ZONE_AFTER;
		} else if (cues_issue(s, n, &is)) {
			if (!m->source.len)
				buf_put(&m->source, s + is.paper.at,
					is.paper.len);
			if (!m->page.len)
				buf_put(&m->page, s + is.page.at, is.page.len);
			if (!m->date.len && is.date.year)
				buf_printf(&m->date, "%04d-%02d-%02d",
					   is.date.year, is.date.month,
					   is.date.day);
			a->marks[i].zone = ZONE_AFTER;
		} else {
			break;
		}
	}
}

/* The paragraphs [from, to) of `a` still in its body, as an article. */
static enum err_code html_emit(const char *name, size_t *nth,
			       struct html_art *a, size_t from, size_t to,
			       const struct html_fields *f,
			       const struct import_opts *opts,
			       struct article_list *out, struct err *e)
{
	struct source_item it = { 0 };
	struct html_lines tail = { 0 };
	html_tail_lines(a, from, to, &tail);
	html_pick(&it.title, f->title, 3, 0);
	html_pick(&it.subtitle, &f->subtitle, 1, 0);
	html_pick(&it.date, f->date, 4, 1);
	if (!source_date(it.date.p, it.date.len)) {
		buf_free(&it.date);
		html_pick(&it.date, (const struct buf *[]){ &tail.date }, 1, 1);
	}
	/* the source a line names, else the paper of an issue line, else
	 * the site */
	html_pick(&it.source, f->source, 2, 0);
	html_pick(&it.source,
		  (const struct buf *[]){ it.source.len ? NULL : &tail.source,
					  it.source.len ? NULL : f->site },
		  2, 0);
	html_pick(&it.byline, f->byline, 2, 0);
	html_pick(&it.page, (const struct buf *[]){ &tail.page }, 1, 0);
	int nomem = it.title.failed || it.subtitle.failed || it.date.failed ||
		    it.source.failed || it.byline.failed || it.page.failed ||
		    tail.date.failed || tail.source.failed || tail.page.failed;
	html_lines_free(&tail);
	for (size_t i = from; i < to && !nomem; i++)
		if (a->marks[i].zone == ZONE_BODY &&
		    source_item_add(&it, a->raw.paras[i].kind,
				    a->raw.paras[i].text,
				    a->raw.paras[i].len) < 0)
			nomem = 1;
	if (nomem || (!it.n && !it.title.len)) {
		/* a page with nothing in it is no article, and
		 * import_mem says so */
		source_item_free(&it);
		return nomem ? err_set(e, ERR_NOMEM, "%s: out of memory", name)
			     : ERR_OK;
	}
	return source_item_finish(name, ++*nth, &it, opts, out, e);
}

/* The starts of the body's items under <h2> (<h3> where it has none) when
 * it reads as a digest of them: two or more, each with text of its own,
 * and less text before the first (date lines aside) than in any of them
 * (an article's crossheads follow its lead).  Returns how many (0: no
 * digest; the array in `*at`, to free), or (size_t)-1 when out of
 * memory. */
static size_t html_digest(const struct html_art *a, size_t **at)
{
	size_t n = 0, cap = 0, intro = 0, han = 0, least = SIZE_MAX;
	size_t *v = NULL;
	int top = 3; /* items are under <h2> where there are any */
	for (size_t i = 0; i < a->raw.n; i++)
		if (a->marks[i].zone == ZONE_BODY && a->marks[i].level == 2)
			top = 2;
	for (size_t i = 0; i < a->raw.n; i++) {
		int level = a->marks[i].level;
		if (a->marks[i].zone != ZONE_BODY || (level && level != top))
			continue;
		if (level) {
			if (n && han < least)
				least = han;
			if (array_grow(&v, &cap, n + 1, sizeof *v) < 0) {
				free(v);
				return (size_t)-1;
			}
			v[n++] = i;
			han = 0;
		} else if (n || !html_is_date_line(a->raw.paras[i].text,
						    a->raw.paras[i].len)) {
			size_t h = html_han(a->raw.paras[i].text,
					    a->raw.paras[i].len);
			*(n ? &han : &intro) += h;
		}
	}
	if (n && han < least)
		least = han;
	if (n < 2 || !least || intro >= least) {
		free(v);
		return 0;
	}
	*at = v;
	return n;
}

/* The items of a digest, each an article under its heading, dated by
 * its own date line, else as the page; the text before them an article
 * of the page's headline. */
static enum err_code html_items(const char *name, size_t *nth,
				struct html_art *a, const size_t *at,
				size_t n, const struct html_fields *page,
				const struct import_opts *opts,
				struct article_list *out, struct err *e)
{
	enum err_code rc = ERR_OK;
	size_t intro = 0;
	for (size_t i = 0; i < at[0]; i++) {
		/* a date above the items is a masthead's, not theirs */
		if (a->marks[i].zone == ZONE_BODY &&
		    html_is_date_line(a->raw.paras[i].text,
				      a->raw.paras[i].len))
			a->marks[i].zone = ZONE_AFTER;
		intro += a->marks[i].zone == ZONE_BODY;
	}
	if (intro)
		rc = html_emit(name, nth, a, 0, at[0], page, opts, out, e);
	for (size_t k = 0; k < n && rc == ERR_OK; k++) {
		size_t from = at[k], to = k + 1 < n ? at[k + 1] : a->raw.n;
		struct html_lines lines = { 0 };
		for (size_t i = from + 1, seen = 0; i < to && seen < 2; i++)
			if (a->marks[i].zone == ZONE_BODY &&
			    !a->marks[i].level && seen++ < 2 &&
			    html_date_line(a->raw.paras[i].text,
					   a->raw.paras[i].len, &lines))
				a->marks[i].zone = ZONE_AFTER;
		struct buf head = { 0 };
		buf_put(&head, a->raw.paras[from].text, a->raw.paras[from].len);
		a->marks[from].zone = ZONE_AFTER;
		struct html_fields f = {
			.title = { &head },
			.date = { &lines.date, page->date[0], page->date[1],
				  page->date[2] },
			.source = { &lines.source, page->source[0] },
			.site = page->site,
			.byline = { &lines.byline },
		};
		rc = head.failed ? err_set(e, ERR_NOMEM, "%s: out of memory",
					   name)
				 : html_emit(name, nth, a, from + 1, to, &f,
					     opts, out, e);
		buf_free(&head);
		html_lines_free(&lines);
	}
	return rc;
}

/* The <article> elements of a page, not one inside another, with text,
 * outside furniture, appended to `*v`; -1 when out of memory. */
static int html_articles(const GumboNode *node, int depth,
			 const GumboNode ***v, size_t *n, size_t *cap)
{
	if (node->type != GUMBO_NODE_ELEMENT || depth > HTML_MAX_DEPTH ||
	    html_skipped(node->v.element.tag) || html_furniture(node, NULL))
		return 0;
	if (node->v.element.tag == GUMBO_TAG_ARTICLE) {
		struct html_count c;
		html_measure(node, 0, 0, &c, NULL);
		if (!c.han)
			return 0;
		if (array_grow(v, cap, *n + 1, sizeof **v) < 0)
			return -1;
		(*v)[(*n)++] = node;
		return 0;
	}
	const GumboVector *kids = html_kids(node);
	for (unsigned i = 0; i < kids->length; i++)
		if (html_articles(kids->data[i], depth + 1, v, n, cap) < 0)
			return -1;
	return 0;
}

/* The article of `node`, one <article> of several (`multi`) or the whole
 * page, into `out`: a digest gives one per item. */
static enum err_code html_article(const char *name, size_t *nth,
				  const struct html_page *pg,
				  const GumboNode *node, int multi,
				  const struct import_opts *opts,
				  struct article_list *out, struct err *e)
{
	const GumboNode *body = node, *title = NULL, *root = node;
	if (multi) {
		title = html_article_heading(node, 0);
	} else {
		body = html_body(node);
		if (!body)
			return ERR_OK;
		title = html_first_headline(body, 0);
		if (!title)
			html_before(node, body, 0, &title);
		/* with no headline, the lines just before the body are
		 * read for its date */
		root = title ? html_common(title, body)
		       : html_is(body->parent, GUMBO_TAG_BODY) ||
				 !body->parent ||
				 body->parent->type != GUMBO_NODE_ELEMENT
			       ? body
			       : body->parent;
	}
	struct html_art a = { 0 };
	size_t *at = NULL, items = 0;
	enum err_code rc = ERR_OK;
	if (html_walk_article(&a, root, title, body) < 0 ||
	    (!multi && (items = html_digest(&a, &at)) == (size_t)-1)) {
		html_art_free(&a);
		return err_set(e, ERR_NOMEM, "%s: out of memory", name);
	}
	/* a date in the page's metadata wins over its text; an article of
	 * several, or an item, is dated by its own */
	struct html_fields f = {
		.title = { &a.raw.title, &pg->title, &pg->head },
		.subtitle = &a.subtitle,
		.date = { &pg->date, &a.time, &a.lines.date },
		.source = { &pg->source, &a.lines.source },
		.site = &pg->site,
		.byline = { &a.lines.byline, &pg->byline },
	};
	if (multi)
		f = (struct html_fields){
			.title = { &a.raw.title },
			.subtitle = &a.subtitle,
			.date = { &a.time, &a.lines.date, &pg->date },
			.source = { &a.lines.source, &pg->source },
			.site = &pg->site,
			.byline = { &a.lines.byline, &pg->byline },
		};
	if (items)
		rc = html_items(name, nth, &a, at, items, &f, opts, out, e);
	else
		rc = html_emit(name, nth, &a, 0, a.raw.n, &f, opts, out, e);
	free(at);
	html_art_free(&a);
	return rc;
}

static void html_page_free(struct html_page *pg)
{
	buf_free(&pg->title);
	buf_free(&pg->date);
	buf_free(&pg->source);
	buf_free(&pg->byline);
	buf_free(&pg->site);
	buf_free(&pg->head);
}

/* The articles of a parsed page: one per <article> when it has several,
 * else its body's (one, or a digest's items). */
static enum err_code html_page(const char *name, const GumboNode *root,
			       const struct import_opts *opts,
			       struct article_list *out, struct err *e)
{
	struct html_page pg;
	memset(&pg, 0, sizeof pg);
	const GumboNode *title = NULL;
	html_meta(&pg, root, 0, &title);
	struct buf head = { 0 };
	int nomem = title && html_plain(title, &head) < 0;
	if (!nomem)
		html_cut_title(&pg, head.p ? head.p : "", head.len);
	buf_free(&head);
	const GumboNode **arts = NULL;
	size_t n = 0, cap = 0, nth = 0;
	nomem = nomem || html_articles(root, 0, &arts, &n, &cap) < 0 ||
		pg.title.failed || pg.date.failed || pg.source.failed ||
		pg.byline.failed || pg.site.failed || pg.head.failed;
	enum err_code rc = ERR_OK;
	if (nomem)
		rc = err_set(e, ERR_NOMEM, "%s: out of memory", name);
	else if (n >= 2)
		for (size_t i = 0; i < n && rc == ERR_OK; i++)
			rc = html_article(name, &nth, &pg, arts[i], 1, opts,
					  out, e);
	else
		rc = html_article(name, &nth, &pg, root, 0, opts, out, e);
	free(arts);
	html_page_free(&pg);
	return rc;
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
	rc = html_page(name, g->root, opts, out, e);
	gumbo_destroy_output(&kGumboDefaultOptions, g);
	free(dec.text);
	return rc;
}
