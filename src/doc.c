/* doc: an article as pieces and lines (see include/kanbao/doc.h). */
#include "kanbao/doc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kanbao/buf.h"

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

static void put_str(struct buf *b, const char *sep, struct corpus_str s)
{
	if (!s.len)
		return;
	if (b->len)
		buf_puts(b, sep);
	buf_put(b, s.s, s.len);
}

static int push(struct doc *d, size_t *cap, enum doc_kind kind,
		const char *text, size_t len, size_t block)
{
	if (d->n == *cap) {
		size_t n = *cap ? *cap * 2 : 16;
		void *p = realloc(d->p, n * sizeof *d->p);
		if (!p)
			return -1;
		d->p = p;
		*cap = n;
	}
	d->p[d->n++] = (struct doc_piece){ kind, text, len, block };
	return 0;
}

enum err_code doc_open(struct corpus *c, size_t i, struct doc *d,
		       struct err *e)
{
	memset(d, 0, sizeof *d);
	enum err_code rc = corpus_article(c, i, &d->a, e);
	if (rc != ERR_OK)
		return rc;
	const struct corpus_article *a = &d->a;
	struct buf t = { 0 }, m = { 0 };
	buf_put(&t, a->title.s, a->title.len);
	if (a->flags & ARTICLE_TITLE_DERIVED)
		buf_puts(&t, "\xE2\x80\xA6"); /* … : words, not a headline */
	char date[11];
	buf_puts(&m, doc_date(a->date, date));
	struct buf src = { 0 };
	put_str(&src, "", a->source);
	put_str(&src, " ", a->place);
	if (src.len)
		put_str(&m, " · ", (struct corpus_str){ src.p, src.len });
	buf_free(&src);
	put_str(&m, " · ", a->byline);
	d->title = buf_take(&t);
	d->meta = buf_take(&m);
	size_t cap = 0;
	if (!d->title || !d->meta ||
	    push(d, &cap, DOC_TITLE, d->title, strlen(d->title), 0) < 0 ||
	    (a->subtitle.len &&
	     push(d, &cap, DOC_SUBTITLE, a->subtitle.s, a->subtitle.len, 0) <
		     0) ||
	    (*d->meta && push(d, &cap, DOC_META, d->meta, strlen(d->meta), 0) <
				 0))
		goto nomem;
	d->body = d->n;
	for (size_t j = 0; j < a->nblocks; j++) {
		struct corpus_block b;
		size_t k = (size_t)a->first_block + j;
		rc = corpus_block(c, k, &b, e);
		if (rc != ERR_OK) {
			doc_free(d);
			return rc;
		}
		if (push(d, &cap, b.kind == BLOCK_HEAD ? DOC_HEAD : DOC_PARA,
			 b.text.s, b.text.len, k) < 0)
			goto nomem;
	}
	return ERR_OK;
nomem:
	doc_free(d);
	return err_set(e, ERR_NOMEM, "out of memory");
}

void doc_free(struct doc *d)
{
	free(d->p);
	free(d->title);
	free(d->meta);
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
	return wrap_paragraph(p->text, p->len, width, doc_indent(p, width),
			      lines);
}
