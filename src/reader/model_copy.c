/* model_copy: what y copies (see include/kanbao/reader/model_copy.h). */
#include "kanbao/reader/model.h"

#include <stdlib.h>
#include <string.h>

#include "kanbao/base/punct.h"
#include "kanbao/base/utf8.h"

size_t model_current_piece(const struct model *m)
{
	const struct body *b = &m->body;
	if (!b->open || !b->doc.n)
		return 0;
	return b->top_piece < b->doc.n ? b->top_piece : b->doc.n - 1;
}

/* Whether a copied sentence ends at uc: 。！？ ； and ASCII ! ? ;.  Not
 * punct_is_stop (base/punct.h), which the builder asks whether a line may
 * end a paragraph: its ASCII '.' stands inside numbers (3.5亿) and its …
 * inside sentences, and a sentence copied for a quotation stops at ；
 * too. */
static int sentence_end(uint32_t uc)
{
	static const uint32_t ends[] = { 0x3002, 0xFF01, 0xFF1F, '!', '?',
					 0xFF1B, ';', 0 };
	for (const uint32_t *e = ends; *e; e++)
		if (*e == uc)
			return 1;
	return 0;
}

/* Where the sentence holding byte `at` of `t` (n bytes) starts and ends:
 * after the last sentence end before it, and through the next one with
 * the closing quotes and brackets that follow it. */
static void sentence_at(const char *t, size_t n, size_t at, size_t *from,
			size_t *to)
{
	size_t i = 0;
	*from = 0;
	while (i < n) {
		uint32_t uc;
		i += utf8_next(t + i, n - i, &uc);
		if (!sentence_end(uc))
			continue;
		while (i < n) { /* the closers belong to this sentence */
			size_t len = utf8_next(t + i, n - i, &uc);
			if (!punct_is_closer(uc))
				break;
			i += len;
		}
		if (i > at) {
			*to = i;
			return;
		}
		*from = i;
	}
	*to = n;
}

/* What y copies: bytes [*from, *to) of piece *pp of the open article;
 * returns what they are, for the message. */
static const char *copy_range(const struct model *m,
			      const struct doc_piece **pp, size_t *from,
			      size_t *to)
{
	const struct body *b = &m->body;
	const struct model_query *s = &m->search.now;
	*pp = &b->doc.p[model_current_piece(m)];
	*from = 0;
	*to = (*pp)->len;
	size_t lo, hi;
	model_article_hits(m, &lo, &hi);
	if (!s->on || s->cur == MODEL_NO_HIT || s->cur < lo || s->cur >= hi)
		return "the paragraph";
	uint64_t pos = s->r.pos[s->cur];
	for (size_t i = 0; i < b->doc.n; i++) {
		const struct doc_piece *q = &b->doc.p[i];
		if (pos >= q->offset && pos < q->offset + q->len) {
			*pp = q;
			sentence_at(q->text, q->len, (size_t)(pos - q->offset),
				    from, to);
			return "the hit's sentence";
		}
	}
	return "the paragraph";
}

/* `from` past the spaces (ASCII and ideographic) that start t[from, to). */
static size_t skip_spaces(const char *t, size_t from, size_t to)
{
	for (;;) {
		if (from < to && t[from] == ' ')
			from++;
		else if (to - from >= 3 && !memcmp(t + from, "\xE3\x80\x80", 3))
			from += 3;
		else
			return from;
	}
}

int model_copy(struct model *m)
{
	struct body *b = &m->body;
	if (!m->clipboard) {
		model_say(m, 1, "Copying is off (--no-clipboard)");
		return 0;
	}
	struct geometry g;
	model_geometry(m, &g);
	if (!b->open || !b->doc.n ||
	    (m->focus != PANE_BODY && !(g.split && b->article == m->sel))) {
		model_say(m, 1, "Nothing to copy: open an article");
		return 0;
	}
	const struct doc_piece *p;
	size_t from, to;
	const char *what = copy_range(m, &p, &from, &to);
	from = skip_spaces(p->text, from, to);
	/* whole characters, MODEL_COPY_MAX bytes at the most */
	size_t len = 0, chars = 0, all = 0;
	for (size_t i = from; i < to; all++) {
		uint32_t uc;
		size_t step = utf8_next(p->text + i, to - i, &uc);
		if (i + step - from <= MODEL_COPY_MAX)
			len = i + step - from, chars++;
		i += step;
	}
	free(m->copy);
	m->copy = malloc(len ? len : 1);
	if (!m->copy) {
		model_say(m, 1, "out of memory");
		return 0;
	}
	memcpy(m->copy, p->text + from, len);
	m->copy_len = len;
	if (chars < all)
		model_say(m, 0, "Copied the first %zu of %zu characters of %s",
			  chars, all, what);
	else
		model_say(m, 0, "Copied %s (%zu characters)", what, chars);
	return 1;
}

char *model_take_copy(struct model *m, size_t *len)
{
	char *t = m->copy;
	*len = m->copy_len;
	m->copy = NULL;
	m->copy_len = 0;
	return t;
}
