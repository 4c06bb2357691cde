/* source: the kinds of file the builder reads, told apart by their bytes,
 * and what the parsers of the structured ones share.
 *
 * Raw newspaper text has its structure guessed by the stages of import.h.
 * Web pages, Markdown archives, feeds and JSON lines carry theirs: a parser
 * per kind (source_html.c, source_markdown.c, source_feed.c,
 * source_json.c, each built when its library is found) reads it into
 * source_items, and source_item_finish makes each an article through the
 * same repairs as raw text (norm.h), so every kind of file gives articles
 * of one form. */
#ifndef KANBAO_SOURCE_H
#define KANBAO_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "kanbao/base/buf.h"
#include "kanbao/base/err.h"
#include "kanbao/build/decode.h"
#include "kanbao/build/import.h"
#include "kanbao/format/article.h"

struct source_item; /* below */

enum source_kind {
	SOURCE_TEXT, /* raw text: import.h's stages */
	SOURCE_HTML, /* a web page (libgumbo) */
	SOURCE_MARKDOWN, /* Markdown, with YAML front matter or not (libcmark,
			    libyaml) */
	SOURCE_FEED, /* RSS 2.0, RSS 1.0 (RDF) or Atom (libxml2) */
	SOURCE_JSON, /* JSON lines, or a JSON array of article objects
			(json-c) */
};

/* What kind of file `n` bytes of `data` are, from their first bytes (after
 * a byte order mark, spaces and comments); `name` ("-" for standard input)
 * decides only where the bytes do not (a .md file with no heading and no
 * front matter is Markdown all the same).  Text that could be raw text is
 * raw text. */
enum source_kind source_sniff(const char *name, const char *data, size_t n);

/* Why `n` bytes of `data` are no text to read articles from, as words
 * for a warning ("a PDF file (its text: pdftotext -layout FILE -)", "not
 * text (...)"), or NULL when they may be text: a PDF or gzip file by its
 * first bytes, anything else by the control bytes (not tab, line breaks,
 * form feed or escape) among its first 64 KiB: 16 or more, and 5% or
 * more of them.  `encoding`
 * (--encoding, or NULL) or a UTF-16 byte order mark saying UTF-16 or
 * UTF-32, whose ASCII is written with NUL bytes, only the first bytes
 * count. */
const char *source_binary(const char *data, size_t n, const char *encoding);

/* The kind's name for messages: "text", "HTML", "Markdown", "feed",
 * "JSON". */
const char *source_kind_name(enum source_kind k);

/* Where the bytes a parser is given lie in their file, when the file is
 * read in parts (source_parts); NULL: the whole file. */
struct source_part {
	size_t before; /* lines of the file before them */
	int first, last; /* the file's first part; its last */
};

/* Whether a file of kind `k` (`n` bytes of `data`) is read in parts, each
 * parsed on its own (on any thread, never all of it at once): JSON values
 * one after another, not an array, the first value starting the file
 * (after spaces and a UTF-8 byte order mark: not UTF-16, whose '{' is two
 * bytes) and parsing (a build with json-c). */
int source_parts(enum source_kind k, const char *data, size_t n);

/* Where the part of such a file that starts at byte `from` ends: at the
 * first line at or after byte from + want that starts with '{' after a
 * line whose last character but spaces is '}'.  JSON values one after
 * another meet there, and nowhere inside a value: a line break inside a
 * value is outside its strings, and a '}' then '{' with no comma between
 * is no JSON.  `n` when there is none. */
size_t source_part_end(const char *data, size_t n, size_t from, size_t want);

/* Import `n` bytes of `data`, which source_sniff found to be of kind `k`
 * (not SOURCE_TEXT), appending its articles to `out`; `part` says where
 * they lie in their file when it is read in parts (NULL: the whole
 * file).  Returns ERR_OK,
 * ERR_NOMEM, or ERR_UNSUPPORTED when this kanbao-build was built without
 * the kind's library, or when the file is not of the kind after all (raw
 * text starting with '{' that no line of parses as JSON); the caller then
 * warns and reads the file as text.
 * A file its parser cannot make sense of gives a warning naming it through
 * opts->diag, never an error. */
enum err_code source_import(enum source_kind k, const char *name,
			    const char *data, size_t n,
			    const struct source_part *part,
			    const struct import_opts *opts,
			    struct article_list *out, struct err *e);

/* source_parts for a JSON file (built only with json-c). */
int source_json_parts(const char *data, size_t n);

/* The parsers, one per kind; each as source_import, `part` NULL but for
 * JSON. */
enum err_code source_html(const char *name, const char *data, size_t n,
			  const struct import_opts *opts,
			  struct article_list *out, struct err *e);
enum err_code source_markdown(const char *name, const char *data, size_t n,
			      const struct import_opts *opts,
			      struct article_list *out, struct err *e);
enum err_code source_feed(const char *name, const char *data, size_t n,
			  const struct import_opts *opts,
			  struct article_list *out, struct err *e);
enum err_code source_json(const char *name, const char *data, size_t n,
			  const struct source_part *part,
			  const struct import_opts *opts,
			  struct article_list *out, struct err *e);

/* The text of a fragment of HTML (a feed item's description, HTML inside
 * Markdown), `n` bytes of UTF-8, appended to `it` as paragraphs: <p>,
 * <br>, <div>, <li> and the like end one, headings (<h1>…<h6>) become
 * section heads, scripts, styles and forms are left out, entities are
 * decoded.  Returns 0, or -1 when out of memory.  Built only with libgumbo
 * (KANBAO_GUMBO). */
int source_html_fragment(const char *html, size_t n, struct source_item *it);

/* Decode the bytes of a structured file whose own text declares the
 * charset `declared` (a <meta charset>, an XML declaration; NULL or "" when
 * it declares none).  The declaration is checked against the bytes: bytes
 * that are valid UTF-8 are UTF-8 whatever is declared (a page that says
 * GB2312 but was saved as UTF-8), else the declared charset is used when
 * iconv knows it, else the bytes are detected as decode_text does.
 * opts->encoding, when given, wins over both.  As decode_text otherwise
 * (its warnings for bytes that do not decode; free out->text). */
enum err_code source_decode(const char *name, const char *data, size_t n,
			    const char *declared,
			    const struct import_opts *opts,
			    struct decoded *out, struct err *e);

/* One article as a structured source gives it: every field raw UTF-8 as the
 * source has it (spaces, line breaks and padding included); source_item_
 * finish repairs them. */
struct source_para {
	enum block_kind kind; /* BLOCK_PARA or BLOCK_HEAD */
	char *text; /* owned */
	size_t len;
};

struct source_item {
	struct buf title, subtitle, source, byline, page, place;
	struct buf date; /* as written: "2024-03-01T08:00:00+08:00", "Fri, 01
			    Mar 2024 08:00:00 +0800", "2024年3月1日",
			    "1709251200" (Unix seconds or milliseconds) */
	struct source_para *paras; /* owned array of `n` */
	size_t n, cap;
};

/* Append a paragraph (or a section head) of `len` bytes at `s`; the text
 * is copied.  Returns 0, or -1 when out of memory. */
int source_item_add(struct source_item *it, enum block_kind kind,
		    const char *s, size_t len);

/* The date `n` bytes of `s` give, as metadata writes dates: ISO 8601 and
 * RFC 3339 (2024-03-01, 2024-03-01T08:00:00+08:00, 2024/03/01 08:00),
 * RFC 822 as feeds write it (Fri, 01 Mar 2024 08:00:00 +0800, the weekday
 * optional), Chinese (2024年3月1日 08:00) and Unix time in seconds or
 * milliseconds (10 or 13 digits).  The date is the one the text names, in
 * its own time zone (a paper's 2024-03-01T23:30+08:00 is 1 March), but
 * Unix time, which names none, is read in China's (UTC+8).  YYYYMMDD, or 0
 * when `s` holds no whole valid date. */
uint32_t source_date(const char *s, size_t n);

/* The page as the paper numbers it, from what a source writes ("第04版",
 * "A03", "4版：要闻", 3), appended to `page`: an optional letter and
 * digits, without leading zeros.  Nothing when it holds no digit
 * ("layout: post" is a template's). */
void source_page(const char *s, size_t n, struct buf *page);

/* Make `it` an article appended to `out`, and empty `it` for the next one.
 * Every field and paragraph is cleaned (controls made visible, invalid
 * UTF-8 replaced) and repaired as raw text is (norm_text; the byline by
 * norm_names); empty paragraphs are dropped, and a paragraph that merely
 * repeats the title is too.  The date comes from it->date (source_date);
 * when that gives none, from the name of the file, as raw text's issue
 * date does (dates_from_name: "rmrb_20240301-04.md"), else from
 * opts->date.  An item with no title takes one
 * made from its first paragraph (ARTICLE_TITLE_DERIVED); an item with
 * neither title nor text is dropped, with a warning naming `name` and the
 * item's number `nth` (from 1).  Returns ERR_OK or ERR_NOMEM. */
enum err_code source_item_finish(const char *name, size_t nth,
				 struct source_item *it,
				 const struct import_opts *opts,
				 struct article_list *out, struct err *e);

/* The paragraphs of `it` joined by spaces, appended to `b`, and `it`
 * freed: an element read as paragraphs, wanted as one line (a title).
 * `rc` is what reading it returned.  0, or -1 when out of memory, in
 * reading it (rc < 0) or here. */
int source_item_line(struct source_item *it, int rc, struct buf *b);

/* Free what `it` holds and zero it. */
void source_item_free(struct source_item *it);

#endif
