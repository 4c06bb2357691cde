/* source_feed: RSS 2.0, RSS 1.0 (RDF) and Atom feeds through libxml2 (see
 * include/kanbao/build/source.h).
 *
 * An item (RSS) or an entry (Atom) is an article:
 *   title    <title> (Atom's type="html" read as HTML)
 *   date     <pubDate> (RFC 822), <dc:date>, <published>, else <updated>
 *            (RFC 3339); an item with none has none
 *   source   the item's <source>, else the channel's or feed's <title>
 *   byline   <dc:creator>, <author> (the name, not an e-mail address),
 *            Atom's <author><name>
 *   body     <content:encoded>, <content>, else <description> or
 *            <summary>: HTML through source_html_fragment, plain text a
 *            paragraph a line
 * The bytes are decoded first (source_decode, the XML declaration's
 * encoding checked against them), then parsed as UTF-8 with no network,
 * no external entity or DTD loaded (no XXE) and libxml2's recovery from
 * broken XML, which a warning names. */
#include "kanbao/build/source.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "kanbao/base/utf8.h"

/* The encoding an XML declaration at the start names (<?xml version="1.0"
 * encoding="GB2312"?>) into `cs`; "" when none. */
static void feed_declared(const char *data, size_t n, char *cs, size_t cap)
{
	cs[0] = '\0';
	if (n >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
		data += 3, n -= 3;
	if (n < 5 || memcmp(data, "<?xml", 5))
		return;
	const char *end = memchr(data, '>', n);
	const char *p = end ? memmem(data, (size_t)(end - data), "encoding",
				     8)
			    : NULL;
	if (!p)
		return;
	for (p += 8; p < end && strchr(" \t\r\n=\"'", *p); p++)
		;
	size_t k = 0;
	while (p < end && k + 1 < cap &&
	       (((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') ||
		(*p >= '0' && *p <= '9') || strchr("-_.:", *p)))
		cs[k++] = *p++;
	cs[k] = '\0';
}

static int feed_is(const xmlNode *node, const char *name)
{
	return node->type == XML_ELEMENT_NODE &&
	       !strcmp((const char *)node->name, name);
}

/* The first child element of `parent` named `name` (its local name, any
 * namespace); NULL when none. */
static const xmlNode *feed_child(const xmlNode *parent, const char *name)
{
	for (const xmlNode *c = parent ? parent->children : NULL; c;
	     c = c->next)
		if (feed_is(c, name))
			return c;
	return NULL;
}

/* The text of `node` (entities decoded) appended to `b`. */
static void feed_text(const xmlNode *node, struct buf *b)
{
	xmlChar *t = node ? xmlNodeGetContent(node) : NULL;
	if (t)
		buf_puts(b, (const char *)t);
	xmlFree(t);
}

/* Does the text look like HTML: a tag or an entity reference? */
static int feed_looks_html(const char *s)
{
	for (const char *p = strchr(s, '<'); p; p = strchr(p + 1, '<'))
		if (((p[1] | 0x20) >= 'a' && (p[1] | 0x20) <= 'z') ||
		    p[1] == '/' || p[1] == '!')
			return 1;
	return 0;
}

/* Plain text as paragraphs, one a line; -1 when out of memory. */
static int feed_plain(const char *s, struct source_item *it)
{
	while (*s) {
		size_t n = strcspn(s, "\n");
		if (n && source_item_add(it, BLOCK_PARA, s, n) < 0)
			return -1;
		s += n + (s[n] == '\n');
	}
	return 0;
}

/* The body element `node` into paragraphs of `it`: Atom's type="xhtml"
 * (its elements), "html" and text that looks like HTML through
 * source_html_fragment, other text a paragraph a line; -1 when out of
 * memory. */
static int feed_body(const xmlNode *node, struct source_item *it)
{
	xmlChar *type = xmlGetProp(node, (const xmlChar *)"type");
	int xhtml = type && !strcmp((const char *)type, "xhtml");
	int html = type && (!strcmp((const char *)type, "html") ||
			    !strcmp((const char *)type, "text/html"));
	int text = type && !strcmp((const char *)type, "text");
	xmlFree(type);
	struct buf b = { 0 };
	if (xhtml) {
		xmlBuffer *xb = xmlBufferCreate();
		for (xmlNode *c = node->children; xb && c; c = c->next)
			xmlNodeDump(xb, node->doc, c, 0, 0);
		if (!xb)
			return -1;
		buf_put(&b, xmlBufferContent(xb), (size_t)xmlBufferLength(xb));
		xmlBufferFree(xb);
	} else {
		feed_text(node, &b);
	}
	int rc = b.failed ? -1 : 0;
	if (!rc && b.len)
		rc = xhtml || html || (!text && feed_looks_html(b.p))
			     ? source_html_fragment(b.p, b.len, it)
			     : feed_plain(b.p, it);
	buf_free(&b);
	return rc;
}

/* A title that may be HTML (Atom's type="html"), its text into `b`. */
static int feed_title(const xmlNode *node, struct buf *b)
{
	struct source_item tmp = { 0 };
	return source_item_line(&tmp, feed_body(node, &tmp), b);
}

/* An RSS <author>: "name@site (张三)" is 张三, an address alone names no
 * one, anything else is a name. */
static void feed_author(const xmlNode *node, struct buf *b)
{
	struct buf t = { 0 };
	feed_text(node, &t);
	const char *open = t.p ? strchr(t.p, '(') : NULL;
	const char *close = open ? strchr(open, ')') : NULL;
	if (close)
		buf_put(b, open + 1, (size_t)(close - open - 1));
	else if (t.p && !strchr(t.p, '@'))
		buf_put(b, t.p, t.len);
	if (t.failed)
		b->failed = 1;
	buf_free(&t);
}

/* The first of the children of `node` named in `names` (NULL-ended). */
static const xmlNode *feed_first(const xmlNode *node,
				 const char *const *names)
{
	for (; *names; names++) {
		const xmlNode *c = feed_child(node, *names);
		if (c)
			return c;
	}
	return NULL;
}

/* Item or entry `node` into `it`; `channel` is the title of the channel
 * or feed.  -1 when out of memory. */
static int feed_item(const xmlNode *node, const char *channel,
		     struct source_item *it)
{
	static const char *const dates[] = { "pubDate", "date", "published",
					     "updated", NULL };
	static const char *const bodies[] = { "encoded", "content",
					      "description", "summary", NULL };
	const xmlNode *title = feed_child(node, "title");
	if (title && feed_title(title, &it->title) < 0)
		return -1;
	feed_text(feed_first(node, dates), &it->date);
	const xmlNode *src = feed_child(node, "source");
	if (src && feed_child(src, "title")) /* Atom */
		src = feed_child(src, "title");
	feed_text(src, &it->source);
	if (!it->source.len && channel)
		buf_puts(&it->source, channel);
	const xmlNode *by = feed_child(node, "creator");
	const xmlNode *author = feed_child(node, "author");
	if (by)
		feed_text(by, &it->byline);
	else if (author && feed_child(author, "name"))
		feed_text(feed_child(author, "name"), &it->byline);
	else if (author)
		feed_author(author, &it->byline);
	/* the first that gives text: an Atom <content src="…"> has none */
	for (const char *const *b = bodies; *b && !it->n; b++) {
		const xmlNode *body = feed_child(node, *b);
		if (body && feed_body(body, it) < 0)
			return -1;
	}
	return it->title.failed || it->date.failed || it->source.failed ||
			       it->byline.failed
		       ? -1
		       : 0;
}

/* A line for a warning out of libxml2's message or an element's name:
 * the first line, not too long, controls made visible. */
static void feed_clean(const char *s, char *out, size_t cap)
{
	enum { SHOWN = 120 };
	size_t n = s ? strcspn(s, "\n") : 0;
	if (n > SHOWN)
		n = SHOWN;
	if (3 * n + 1 > cap)
		n = (cap - 1) / 3;
	utf8_clean_to(s ? s : "", n, 0, out, NULL);
}

/* The articles of a parsed feed into `out`; a warning when it is no feed. */
static enum err_code feed_read(const char *name, const xmlNode *root,
			       const struct import_opts *opts,
			       struct article_list *out, struct err *e)
{
	const int atom = feed_is(root, "feed");
	const xmlNode *channel = atom ? root : feed_child(root, "channel");
	if (!(feed_is(root, "rss") || feed_is(root, "RDF") || atom) ||
	    !channel) {
		char what[3 * 120 + 1];
		feed_clean((const char *)root->name, what, sizeof what);
		diag_warn(opts ? opts->diag : NULL,
			  "%s: XML, but not an RSS or Atom feed (its root is "
			  "<%s>%s); nothing read", name, what,
			  channel ? "" : " with no <channel>");
		return ERR_OK;
	}
	struct buf title = { 0 };
	feed_text(feed_child(channel, "title"), &title);
	/* RSS 2.0's items are in its channel, RSS 1.0's beside it */
	const xmlNode *items = feed_is(root, "rss") ? channel : root;
	const char *item = atom ? "entry" : "item";
	size_t nth = 0;
	enum err_code rc = title.failed ? ERR_NOMEM : ERR_OK;
	for (const xmlNode *c = items->children; c && rc == ERR_OK;
	     c = c->next) {
		if (!feed_is(c, item))
			continue;
		struct source_item it = { 0 };
		if (feed_item(c, title.p, &it) < 0) {
			source_item_free(&it);
			rc = ERR_NOMEM;
		} else {
			rc = source_item_finish(name, ++nth, &it, opts, out, e);
		}
	}
	buf_free(&title);
	return rc == ERR_NOMEM ? err_set(e, rc, "%s: out of memory", name) : rc;
}

static pthread_once_t feed_once = PTHREAD_ONCE_INIT;

/* libxml2 is set up once, before any thread parses (import_files). */
static void feed_init(void)
{
	xmlInitParser();
}

enum err_code source_feed(const char *name, const char *data, size_t n,
			  const struct import_opts *opts,
			  struct article_list *out, struct err *e)
{
	char declared[32];
	feed_declared(data, n, declared, sizeof declared);
	struct decoded dec;
	enum err_code rc = source_decode(name, data, n, declared, opts, &dec,
					 e);
	if (rc != ERR_OK)
		return rc;
	pthread_once(&feed_once, feed_init);
	xmlParserCtxt *ctx = xmlNewParserCtxt();
	/* no XML_PARSE_NOENT, XML_PARSE_DTDLOAD: no entity from outside */
	xmlDoc *doc = ctx && dec.len <= INT_MAX
			      ? xmlCtxtReadMemory(ctx, dec.text, (int)dec.len,
						  NULL, "UTF-8",
						  XML_PARSE_NONET |
							  XML_PARSE_RECOVER |
							  XML_PARSE_NOERROR |
							  XML_PARSE_NOWARNING)
			      : NULL;
	const xmlError *why = ctx ? xmlCtxtGetLastError(ctx) : NULL;
	char msg[3 * 120 + 1];
	feed_clean(why ? why->message : NULL, msg, sizeof msg);
	struct diag *d = opts ? opts->diag : NULL;
	const xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!ctx)
		rc = err_set(e, ERR_NOMEM, "%s: out of memory", name);
	else if (!root)
		diag_warn(d, "%s: line %d: not XML libxml2 can read (%s); "
			  "nothing read", name, why ? why->line : 0, msg);
	else if (!ctx->wellFormed)
		diag_warn(d, "%s: line %d: broken XML (%s); read as far as "
			  "libxml2 could recover", name, why ? why->line : 0,
			  msg);
	if (root)
		rc = feed_read(name, root, opts, out, e);
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctx);
	free(dec.text);
	return rc;
}
