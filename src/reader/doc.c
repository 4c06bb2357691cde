/* doc: an article as pieces and lines (see include/kanbao/reader/doc.h). */
#include "kanbao/reader/doc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kanbao/base/array.h"
#include "kanbao/base/buf.h"

const char *doc_date(uint32_t date, char out[11])
{
	if (!date) {
		out[0] = '\0';
		return out;
	}
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)(date / 10000 % 10000),
		 (unsigned)(date / 100 % 100), (unsigned)(date % 100));
	return out;
}

static int push(struct doc *d, size_t *cap, enum doc_kind kind,
		const char *text, size_t len, size_t block, uint64_t offset)
{
	if (array_grow(&d->p, cap, d->n + 1, sizeof *d->p) < 0)
		return -1;
	d->p[d->n++] = (struct doc_piece){ kind, text, len, block, offset };
	return 0;
}

static enum doc_kind kind_of(enum block_kind k)
{
	switch (k) {
	case BLOCK_TITLE:
		return DOC_TITLE;
	case BLOCK_SUBTITLE:
		return DOC_SUBTITLE;
	case BLOCK_META:
		return DOC_META;
	case BLOCK_HEAD:
		return DOC_HEAD;
	case BLOCK_PARA:
		break;
	}
	return DOC_PARA;
}

enum err_code doc_open(struct corpus *c, size_t i, struct doc *d,
		       struct err *e)
{
	memset(d, 0, sizeof *d);
	enum err_code rc = corpus_article(c, i, &d->a, e);
	if (rc)
		return rc;
	const struct corpus_article *a = &d->a;
	size_t cap = 0;
	d->body = a->nblocks;
	for (size_t j = 0; j < a->nblocks; j++) {
		struct corpus_block b;
		size_t k = (size_t)a->first_block + j;
		rc = corpus_block(c, k, &b, e);
		if (rc) {
			doc_free(d);
			return rc;
		}
		enum doc_kind kind = kind_of(b.kind);
		const char *text = b.text.s;
		size_t len = b.text.len;
		if (kind == DOC_TITLE) {
			/* A title made from the opening words ends in "…"
			 * (after the text, so positions in it still hold). */
			struct buf t = { 0 };
			buf_put(&t, text, len);
			if (a->flags & ARTICLE_TITLE_DERIVED)
				buf_puts(&t, "\xE2\x80\xA6");
			len = t.len;
			free(d->title);
			if (!(d->title = buf_take(&t)))
				goto nomem;
			text = d->title;
		}
		if (kind >= DOC_HEAD && d->body == a->nblocks)
			d->body = d->n;
		if (push(d, &cap, kind, text, len, k, b.offset) < 0)
			goto nomem;
	}
	if (d->body > d->n)
		d->body = d->n;
	return ERR_OK;
nomem:
	doc_free(d);
	return err_set(e, ERR_NOMEM, "out of memory");
}

void doc_free(struct doc *d)
{
	free(d->p);
	free(d->title);
	memset(d, 0, sizeof *d);
}

int doc_gap_before(const struct doc *d, size_t i)
{
	return i < d->n && (i == d->body ||
			    (d->p[i].kind == DOC_HEAD && i > d->body));
}

size_t doc_indent(const struct doc_piece *p, size_t width)
{
	if (p->kind != DOC_PARA || (width && width < DOC_INDENT + 2))
		return 0;
	return DOC_INDENT;
}

long doc_wrap(const struct doc_piece *p, size_t width, struct wrap_line **lines)
{
	/* The meta line's spaces set apart its date, source and each
	 * reporter's name: it breaks only there, so no name is cut. */
	if (p->kind == DOC_META)
		return wrap_words(p->text, p->len, width, 0, lines);
	return wrap_paragraph(p->text, p->len, width, doc_indent(p, width),
			      lines);
}
