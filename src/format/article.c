/* article: the builder's in-memory articles (see include/kanbao/format/article.h). */
#include "kanbao/format/article.h"

#include "kanbao/base/array.h"
#include "kanbao/base/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int article_add_block(struct article *a, enum block_kind kind, char *text)
{
	if (array_grow(&a->blocks, &a->cap, a->nblocks + 1,
		       sizeof a->blocks[0]) < 0) {
		free(text);
		return -1;
	}
	a->blocks[a->nblocks++] = (struct article_block){ kind, text };
	return 0;
}

void article_free(struct article *a)
{
	for (size_t i = 0; i < a->nblocks; i++)
		free(a->blocks[i].text);
	free(a->blocks);
	free(a->title);
	free(a->subtitle);
	free(a->source);
	free(a->place);
	free(a->byline);
	free(a->page);
	memset(a, 0, sizeof *a);
}

struct article *article_list_push(struct article_list *l)
{
	if (array_grow(&l->v, &l->cap, l->n + 1, sizeof l->v[0]) < 0)
		return NULL;
	struct article *a = &l->v[l->n++];
	memset(a, 0, sizeof *a);
	return a;
}

void article_list_free(struct article_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		article_free(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

char *article_meta(uint32_t date, const char *page, size_t page_len,
		   const char *source, size_t source_len, const char *place,
		   size_t place_len, const char *byline, size_t byline_len)
{
	static const char sep[] = " \xC2\xB7 "; /* " · " */
	struct buf b = { 0 };
	if (date)
		buf_printf(&b, "%04u-%02u-%02u", (unsigned)(date / 10000 % 10000),
			   (unsigned)(date / 100 % 100), (unsigned)(date % 100));
	if (page_len) {
		if (b.len)
			buf_puts(&b, sep);
		buf_puts(&b, "\xE7\xAC\xAC"); /* 第 */
		buf_put(&b, page, page_len);
		buf_puts(&b, "\xE7\x89\x88"); /* 版 */
	}
	if (source_len || place_len) {
		if (b.len)
			buf_puts(&b, sep);
		buf_put(&b, source, source_len);
		if (source_len && place_len)
			buf_putc(&b, ' ');
		buf_put(&b, place, place_len);
	}
	if (byline_len) {
		if (b.len)
			buf_puts(&b, sep);
		buf_put(&b, byline, byline_len);
	}
	return buf_take(&b);
}
