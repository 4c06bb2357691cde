/* article: the in-memory form of an article, as the builder makes it and the
 * corpus writer stores it.  (The reader never builds these: it reads the
 * mapped corpus through corpus.h.) */
#ifndef KANBAO_ARTICLE_H
#define KANBAO_ARTICLE_H

#include <stddef.h>
#include <stdint.h>

enum block_kind {
	BLOCK_PARA = 0, /* a paragraph of body text */
	BLOCK_HEAD = 1, /* a section head inside the body (关怀，始终如一) */
	/* The corpus writer puts these before an article's body, so the text
	 * the reader shows (and search finds) is in one place: */
	BLOCK_TITLE = 2, /* the title */
	BLOCK_SUBTITLE = 3, /* the subtitle, when there is one */
	BLOCK_META = 4, /* date · 第N版 · source place · byline, when any is
			   known */
};

enum article_flag {
	ARTICLE_TITLE_DERIVED = 1u << 0, /* no headline in the source: the title
					    was made from the opening words */
};

struct article_block {
	enum block_kind kind; /* paragraph or section head */
	char *text; /* owned, NUL-terminated UTF-8 NFC, no control characters */
};

struct article {
	char *title; /* owned UTF-8; never NULL once the builder is done */
	char *subtitle; /* owned UTF-8 or NULL (——以习近平同志为核心…) */
	char *source; /* owned UTF-8 or NULL (新华社) */
	char *place; /* owned UTF-8 or NULL: the dateline's place (北京) */
	char *byline; /* owned UTF-8 or NULL: names, one space between */
	char *page; /* owned UTF-8 or NULL: the page (版) it was printed on, as
		       the paper numbers it: "4", "A3" */
	uint32_t date; /* YYYYMMDD, or 0 when the date is not known */
	uint32_t flags; /* enum article_flag bits */
	struct article_block *blocks; /* owned array of `nblocks` */
	size_t nblocks;
	size_t cap; /* allocated length of `blocks` */
};

/* Append a block taking ownership of `text` (which must come from malloc).
 * Returns 0, or -1 when out of memory (then `text` is freed). */
int article_add_block(struct article *a, enum block_kind kind, char *text);

/* The meta line the reader shows under the title: "YYYY-MM-DD · 第N版 ·
 * source place · byline" (2025-10-20 · 第4版 · 新华社 北京 · 记者 邹伟), the
 * parts that are known; "" when none is.  `date` is YYYYMMDD or 0; `page`
 * is the page as the paper numbers it ("4", "A3"), set between 第 and 版.
 * Each string comes with its length in bytes and need not end in a NUL;
 * length 0 means not known (the pointer may then be NULL).  A malloc'd
 * string, or NULL when out of memory. */
char *article_meta(uint32_t date, const char *page, size_t page_len,
		   const char *source, size_t source_len, const char *place,
		   size_t place_len, const char *byline, size_t byline_len);

/* Free everything the article owns and zero it. */
void article_free(struct article *a);

/* A growable list of articles. */
struct article_list {
	struct article *v; /* owned array of `n` */
	size_t n;
	size_t cap;
};

/* Append a zeroed article and return it, or NULL when out of memory. */
struct article *article_list_push(struct article_list *l);

/* Free every article and the array. */
void article_list_free(struct article_list *l);

#endif
