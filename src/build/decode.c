/* decode: raw bytes to clean UTF-8 (see include/kanbao/build/decode.h). */
#include "kanbao/build/decode.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#if KANBAO_UCHARDET
#include <uchardet/uchardet.h>
#endif

#include "kanbao/base/buf.h"
#include "kanbao/base/punct.h"
#include "kanbao/base/utf8.h"

enum { MAX_LINE_WARNINGS = 10 };

/* Where undecodable bytes were: the lines, for warnings. */
struct bad {
	size_t count; /* sequences replaced */
	size_t lines[MAX_LINE_WARNINGS]; /* first few line numbers (1-based) */
	size_t nlines; /* how many of `lines` are used */
	size_t more_lines; /* further lines with bad bytes, not listed */
	size_t last_line; /* last line recorded, to count each line once */
	size_t before; /* lines of the file before what is read */
};

static void bad_at(struct bad *b, const char *data, size_t off, size_t *line,
		   size_t *scanned)
{
	/* Lines are counted incrementally: offsets only grow. */
	for (; *scanned < off; (*scanned)++)
		*line += data[*scanned] == '\n';
	b->count++;
	if (b->last_line == *line)
		return;
	b->last_line = *line;
	if (b->nlines < MAX_LINE_WARNINGS)
		b->lines[b->nlines++] = *line;
	else
		b->more_lines++;
}

/* UTF-8 with every invalid sequence replaced by U+FFFD.  The valid text
 * between invalid sequences is copied a run at a time. */
static void from_utf8(const char *data, size_t n, struct buf *out,
		      struct bad *bad)
{
	size_t line = bad->before + 1, scanned = 0, run = 0;
	for (size_t i = 0; i < n;) {
		uint32_t uc;
		size_t len = utf8_next(data + i, n - i, &uc);
		if (utf8_invalid(data + i, len, uc)) {
			buf_put(out, data + run, i - run);
			bad_at(bad, data, i, &line, &scanned);
			buf_putuc(out, 0xFFFD);
			run = i + len;
		}
		i += len;
	}
	buf_put(out, data + run, n - run);
}

/* How many invalid sequences from_utf8 would replace. */
static size_t utf8_invalid_count(const char *data, size_t n)
{
	size_t count = 0;
	for (size_t i = 0; i < n;) {
		uint32_t uc;
		size_t len = utf8_next(data + i, n - i, &uc);
		count += utf8_invalid(data + i, len, uc);
		i += len;
	}
	return count;
}

/* Any iconv charset to UTF-8, every undecodable sequence replaced by U+FFFD
 * (one byte skipped each time), until `most` have been (then it stops,
 * its reading unfinished: SIZE_MAX for all of it).  Returns -1 when iconv
 * does not know the charset. */
static int from_charset(const char *charset, const char *data, size_t n,
			size_t most, struct buf *out, struct bad *bad)
{
	iconv_t cd = iconv_open("UTF-8", charset);
	if (cd == (iconv_t)-1)
		return -1;
	size_t line = bad->before + 1, scanned = 0;
	char chunk[8192];
	char *in = (char *)data;
	size_t left = n;
	while (left > 0 && !(out && out->failed)) {
		char *o = chunk;
		size_t room = sizeof chunk;
		size_t r = iconv(cd, &in, &left, &o, &room);
		if (out)
			buf_put(out, chunk, (size_t)(o - chunk));
		if (r != (size_t)-1)
			continue;
		if (errno == E2BIG)
			continue;
		/* EILSEQ or EINVAL (truncated at the end): replace a byte. */
		if (bad->count == most)
			break;
		bad_at(bad, data, (size_t)(in - data), &line, &scanned);
		if (out)
			buf_putuc(out, 0xFFFD);
		in++;
		left--;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	char *o = chunk;
	size_t room = sizeof chunk;
	iconv(cd, NULL, NULL, &o, &room);
	if (out)
		buf_put(out, chunk, (size_t)(o - chunk));
	iconv_close(cd);
	return 0;
}

/* How much of a file uchardet looks at: enough for its statistics. */
enum { DETECT_BYTES = 256 * 1024 };

/* Whether text that is not UTF-8 reads as Big5 (Hong Kong and Taiwan)
 * rather than GB18030 by the statistics of its characters: GBK decodes
 * nearly every pair of bytes Big5 writes, into rare characters, so only
 * which characters come out tells the two apart.  Without uchardet, 0:
 * GB18030 (--encoding BIG5 reads Big5). */
static int reads_as_big5(const char *data, size_t n)
{
#if KANBAO_UCHARDET
	uchardet_t u = uchardet_new();
	if (!u)
		return 0;
	int big5 = 0;
	if (!uchardet_handle_data(u, data, n < DETECT_BYTES ? n : DETECT_BYTES)) {
		uchardet_data_end(u);
		const char *cs = uchardet_get_charset(u);
		big5 = cs && !strncasecmp(cs, "BIG5", 4);
	}
	uchardet_delete(u);
	return big5;
#else
	(void)data;
	(void)n;
	return 0;
#endif
}

/* CRLF and lone CR to LF, and a final newline. */
static void unify_newlines(struct buf *b)
{
	char *cr = b->p ? memchr(b->p, '\r', b->len) : NULL;
	size_t o = cr ? (size_t)(cr - b->p) : b->len;
	for (size_t i = o; i < b->len; i++) {
		if (b->p[i] == '\r') {
			b->p[o++] = '\n';
			if (i + 1 < b->len && b->p[i + 1] == '\n')
				i++;
		} else {
			b->p[o++] = b->p[i];
		}
	}
	b->len = o;
	if (b->p)
		b->p[o] = '\0';
	if (b->len && b->p[b->len - 1] != '\n')
		buf_putc(b, '\n');
}

/* Text that is not valid UTF-8 and says nothing of its encoding, into
 * `out`, its undecodable bytes in `bad`: GB18030 (a superset of GBK and
 * GB2312) or Big5, the other encodings Chinese text comes in, whichever
 * reads it with fewer undecodable bytes than UTF-8 (then read no further
 * once it has as many), else UTF-8 with those bytes replaced.  Returns the
 * encoding read.  With `out` NULL, only tells which (nothing kept). */
static const char *guess(const char *data, size_t n, struct buf *out,
			 struct bad *bad)
{
	struct buf gb = { 0 };
	struct bad gbbad = { 0 };
	struct buf *keep = out ? &gb : NULL;
	size_t utf8_bad = utf8_invalid_count(data, n);
	/* Big5 where the characters say so (Microsoft's, which most files
	 * are in; Hong Kong's superset if that decodes more of it: the two
	 * disagree on some common pairs) */
	int big5 = reads_as_big5(data, n);
	const char *enc = big5 ? "CP950" : "GB18030";
	from_charset(enc, data, n, utf8_bad, keep, &gbbad);
	if (big5 && gbbad.count) {
		struct buf hk = { 0 };
		struct bad hkbad = { 0 };
		from_charset("BIG5-HKSCS", data, n, gbbad.count,
			     out ? &hk : NULL, &hkbad);
		if (!hk.failed && hkbad.count < gbbad.count) {
			buf_free(&gb);
			gb = hk, gbbad = hkbad;
			enc = "BIG5-HKSCS";
		} else {
			buf_free(&hk);
		}
	}
	if (!gb.failed && gbbad.count < utf8_bad) {
		if (out) {
			*out = gb;
			*bad = gbbad;
		}
		return enc;
	}
	buf_free(&gb);
	if (out)
		from_utf8(data, n, out, bad);
	return "UTF-8";
}

/* Put the full-width punctuation in place of the small and vertical forms
 * Big5 conversion leaves (﹐ -> ，): all of them, and what replaces them,
 * are three bytes of UTF-8, so it is done in place.  Returns how many. */
static size_t unfold_small_forms(char *s, size_t n)
{
	size_t count = 0;
	for (char *p = s; (p = memchr(p, '\xEF', (size_t)(s + n - p)));) {
		if (p + 3 > s + n)
			break;
		uint32_t uc, to;
		if ((p[1] == '\xB8' || p[1] == '\xB9') &&
		    utf8_next(p, 3, &uc) == 3 && (to = punct_small_form(uc))) {
			utf8_put(to, p);
			count++;
			p += 3;
		} else {
			p++;
		}
	}
	return count;
}

static int starts(const char *data, size_t n, const char *magic, size_t m)
{
	return n >= m && !memcmp(data, magic, m);
}

struct decoder {
	const char *name;
	const char *data; /* after a byte order mark */
	size_t skip; /* the mark's bytes */
	size_t n, at; /* bytes, and how many are read */
	size_t window; /* bytes of input a call reads, about */
	const char *enc; /* NULL: told by the first window */
	int started; /* a window was read */
	struct diag *diag;
	struct bad bad; /* all along, lines counted from the start */
	size_t warned; /* bad.lines already warned of */
	size_t invalid, controls, small_forms; /* so far */
};

/* Encodings in which a '\n' byte is a line's end and never part of a
 * character: text in them can be read a window at a time. */
static int windowed(const char *enc)
{
	static const char *const ok[] = { "UTF-8", "UTF8", "GB18030", "GBK",
					  "GB2312", "CP936", "EUC-CN", "CP950",
					  "BIG5", "BIG5-HKSCS", "ASCII",
					  "US-ASCII", "LATIN1" };
	for (size_t k = 0; k < sizeof ok / sizeof *ok; k++)
		if (!strcasecmp(enc, ok[k]))
			return 1;
	return !strncasecmp(enc, "ISO-8859-", 9);
}

enum err_code decoder_open(const char *name, const char *data, size_t n,
			   const char *encoding, size_t window,
			   struct diag *d, struct decoder **out,
			   struct err *e)
{
	*out = NULL;
	const char *enc = encoding, *from = data;
	/* A byte order mark says what the text is, unless told otherwise. */
	if (starts(data, n, "\xEF\xBB\xBF", 3)) {
		data += 3, n -= 3;
		if (!enc)
			enc = "UTF-8";
	} else if (!enc && (starts(data, n, "\xFF\xFE", 2) ||
			    starts(data, n, "\xFE\xFF", 2))) {
		enc = "UTF-16"; /* iconv reads and drops the mark */
	}
	if (enc && strcasecmp(enc, "UTF-8") && strcasecmp(enc, "UTF8")) {
		iconv_t cd = iconv_open("UTF-8", enc);
		if (cd == (iconv_t)-1)
			return err_set(e, ERR_ENCODING,
				       "%s: unknown encoding '%s'", name, enc);
		iconv_close(cd);
	}
	struct decoder *dc = calloc(1, sizeof *dc);
	if (!dc)
		return err_set(e, ERR_NOMEM, "%s: out of memory", name);
	*dc = (struct decoder){ .name = name, .data = data, .n = n,
				.skip = (size_t)(data - from),
				.window = window ? window : SIZE_MAX,
				.enc = enc, .diag = d };
	if (n <= dc->window || (enc && !windowed(enc)))
		dc->window = SIZE_MAX; /* read whole */
	*out = dc;
	return ERR_OK;
}

size_t decoder_read(const struct decoder *dc)
{
	return dc->skip + dc->at;
}

int decoder_done(const struct decoder *dc)
{
	return dc->started && dc->at >= dc->n;
}

/* The bytes of the next window: to the end of the line `window` bytes on,
 * or to the end. */
static size_t window_end(const struct decoder *dc)
{
	if (dc->n - dc->at <= dc->window)
		return dc->n;
	const char *nl = memchr(dc->data + dc->at + dc->window, '\n',
				dc->n - dc->at - dc->window);
	return nl ? (size_t)(nl - dc->data) + 1 : dc->n;
}

enum err_code decoder_next(struct decoder *dc, struct decoded *out,
			   struct err *e)
{
	memset(out, 0, sizeof *out);
	struct buf b = { 0 };
	size_t end = window_end(dc);
	const char *data = dc->data + dc->at;
	size_t n = end - dc->at;
	const char *enc = dc->enc;
	if (!enc && utf8_valid(data, n)) {
		/* nothing to replace: the bytes as they are */
		buf_put(&b, data, n);
		enc = "UTF-8";
	} else if (!enc) {
		enc = guess(data, n, &b, &dc->bad);
	} else if (!strcasecmp(enc, "UTF-8") || !strcasecmp(enc, "UTF8")) {
		if (utf8_valid(data, n))
			buf_put(&b, data, n);
		else
			from_utf8(data, n, &b, &dc->bad);
	} else {
		from_charset(enc, data, n, SIZE_MAX, &b, &dc->bad);
	}
	dc->enc = enc;
	dc->started = 1;
	if (b.failed) {
		buf_free(&b);
		return err_set(e, ERR_NOMEM, "%s: out of memory", dc->name);
	}
	for (; dc->warned < dc->bad.nlines; dc->warned++)
		diag_warn(dc->diag, "%s:%zu: bytes that are not valid %s "
			  "replaced by U+FFFD", dc->name,
			  dc->bad.lines[dc->warned], enc);
	/* the lines of this window, for the next one's warnings */
	for (size_t i = 0; i < n; i++)
		dc->bad.before += data[i] == '\n';
	dc->at = end;
	unify_newlines(&b);
	size_t changed = 0;
	out->text = utf8_clean(b.p ? b.p : "", b.len,
			       UTF8_KEEP_NEWLINES | UTF8_KEEP_FORMFEEDS,
			       &out->len, &changed);
	buf_free(&b);
	if (!out->text)
		return err_set(e, ERR_NOMEM, "%s: out of memory", dc->name);
	out->small_forms = unfold_small_forms(out->text, out->len);
	out->encoding = enc;
	out->invalid = dc->bad.count - dc->invalid;
	out->controls = changed;
	dc->invalid = dc->bad.count;
	dc->controls += changed;
	dc->small_forms += out->small_forms;
	return ERR_OK;
}

void decoder_close(struct decoder *dc)
{
	if (!dc)
		return;
	if (dc->bad.more_lines)
		diag_warn(dc->diag, "%s: %zu more lines with invalid bytes",
			  dc->name, dc->bad.more_lines);
	/* The text is valid UTF-8 once decoded, so `controls` counts only
	 * control and format characters (TAB, which becomes a space, is not
	 * counted). */
	if (dc->controls)
		diag_warn(dc->diag, "%s: %zu control or invisible format "
			  "characters replaced by visible pictures or dropped",
			  dc->name, dc->controls);
	free(dc);
}

enum err_code decode_text(const char *name, const char *data, size_t n,
			  const char *encoding, struct diag *d,
			  struct decoded *out, struct err *e)
{
	struct decoder *dc;
	memset(out, 0, sizeof *out);
	enum err_code rc = decoder_open(name, data, n, encoding, 0, d, &dc, e);
	if (rc == ERR_OK)
		rc = decoder_next(dc, out, e);
	decoder_close(dc);
	return rc;
}
