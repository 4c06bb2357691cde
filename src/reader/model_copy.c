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

/* Quotation marks and brackets in pairs, as Chinese text sets them, and
 * the ASCII brackets.  Not the ASCII quotes: one mark opens and closes. */
static const uint32_t pairs[][2] = {
	{ 0x201C, 0x201D }, /* “ ” */ { 0x2018, 0x2019 }, /* ‘ ’ */
	{ 0x300C, 0x300D }, /* 「 」 */ { 0x300E, 0x300F }, /* 『 』 */
	{ 0x300A, 0x300B }, /* 《 》 */ { 0x3008, 0x3009 }, /* 〈 〉 */
	{ 0x3010, 0x3011 }, /* 【 】 */ { 0x3014, 0x3015 }, /* 〔 〕 */
	{ 0x3016, 0x3017 }, /* 〖 〗 */ { 0xFF08, 0xFF09 }, /* （ ） */
	{ '(', ')' },	    { '[', ']' },
};

/* The mark that closes opener uc (side 0), or that opens closer uc (side
 * 1); 0 when uc is neither. */
static uint32_t pair_of(uint32_t uc, int side)
{
	for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++)
		if (pairs[i][side] == uc)
			return pairs[i][!side];
	return 0;
}

/* Quotations nested deeper than this are copied as they are. */
enum { QUOTE_DEPTH = 16 };

/* The marks a range leaves open, innermost last, as the closers they
 * want; and those it closes without opening them, innermost first.  0,
 * or -1 when they do not nest (then the range is copied as it is). */
struct unpaired {
	uint32_t open[QUOTE_DEPTH], shut[QUOTE_DEPTH];
	size_t nopen, nshut;
};

static int unpaired_in(const char *t, size_t from, size_t to,
		       struct unpaired *u)
{
	u->nopen = u->nshut = 0;
	for (size_t i = from; i < to;) {
		uint32_t uc;
		i += utf8_next(t + i, to - i, &uc);
		uint32_t want = pair_of(uc, 0);
		if (want) {
			if (u->nopen == QUOTE_DEPTH)
				return -1;
			u->open[u->nopen++] = want;
		} else if (pair_of(uc, 1)) {
			if (u->nopen && u->open[u->nopen - 1] == uc)
				u->nopen--;
			else if (!u->nopen && u->nshut < QUOTE_DEPTH)
				u->shut[u->nshut++] = uc;
			else
				return -1;
		}
	}
	return 0;
}

/* The quotation marks of sentence t[*from, *to) in pairs: a mark it
 * closes without opening takes its start back to the mark that opens it
 * (the sentence is inside a quotation), a mark it leaves open takes its
 * end on to the one that closes it, both no further than the paragraph
 * (n bytes).  Pairs met on the way are skipped whole; a mark whose pair
 * is not in the paragraph leaves that side as it was. */
static void balance_quotes(const char *t, size_t n, size_t *from,
			   size_t *to)
{
	struct unpaired u;
	uint32_t inner[QUOTE_DEPTH];
	size_t ninner = 0, k = 0;
	if (unpaired_in(t, *from, *to, &u) < 0)
		return;
	for (size_t i = *from; i > 0 && k < u.nshut;) {
		uint32_t uc;
		size_t j = i;
		do
			j--;
		while (j > 0 && ((unsigned char)t[j] & 0xC0) == 0x80);
		utf8_next(t + j, i - j, &uc);
		i = j;
		uint32_t shut = pair_of(uc, 0);
		if (pair_of(uc, 1)) { /* a closer: its pair is further back */
			if (ninner == QUOTE_DEPTH)
				return;
			inner[ninner++] = uc;
		} else if (shut && ninner) {
			if (inner[--ninner] != shut)
				return;
		} else if (shut == u.shut[k]) {
			k++;
			*from = i;
		}
	}
	ninner = 0;
	k = u.nopen;
	for (size_t i = *to; i < n && k > 0;) {
		uint32_t uc;
		i += utf8_next(t + i, n - i, &uc);
		uint32_t shut = pair_of(uc, 0);
		if (shut) {
			if (ninner == QUOTE_DEPTH)
				return;
			inner[ninner++] = shut;
		} else if (pair_of(uc, 1) && ninner) {
			if (inner[--ninner] != uc)
				return;
		} else if (pair_of(uc, 1) && uc == u.open[k - 1]) {
			k--;
			*to = i;
		}
	}
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
	uint64_t pos = search_hit(&s->r, s->cur);
	for (size_t i = 0; i < b->doc.n; i++) {
		const struct doc_piece *q = &b->doc.p[i];
		if (pos >= q->offset && pos < q->offset + q->len) {
			*pp = q;
			sentence_at(q->text, q->len, (size_t)(pos - q->offset),
				    from, to);
			balance_quotes(q->text, q->len, from, to);
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
