/* lines: a raw page's lines, layout and furniture (see
 * include/kanbao/build/lines.h).  The rules are about layouts, never about
 * particular pages. */
#include "kanbao/build/lines.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <uniwidth.h>

#include "kanbao/base/array.h"
#include "kanbao/base/buf.h"
#include "kanbao/build/cues.h"
#include "kanbao/base/err.h"
#include "kanbao/base/punct.h"
#include "kanbao/base/utf8.h"

/* ---- widths -------------------------------------------------------------*/

size_t lines_width(const char *s, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n;) {
		uint32_t uc;
		i += utf8_next(s + i, n - i, &uc);
		/* A CJK charset: wide.  Printable ASCII and the CJK unified
		 * ideographs, most of the text, are 1 and 2 in any charset
		 * (tests/build/test_lines.c checks), so libunistring is asked only
		 * about the rest. */
		int cw;
		if (uc >= 0x20 && uc < 0x7F)
			cw = 1;
		else if (uc >= 0x4E00 && uc <= 0x9FFF)
			cw = 2;
		else
			cw = uc_width(uc, "GBK");
		w += cw > 0 ? (size_t)cw : 0;
	}
	return w;
}

static int is_blank(uint32_t uc)
{
	return utf8_is_space(uc);
}

/* ---- splitting ----------------------------------------------------------*/

/* A raw line: its bytes before trimming, and its page. */
struct raw {
	const char *s;
	size_t len;
	size_t no;
	unsigned page;
	int page_start; /* a form feed came right before it */
};

struct raws {
	struct raw *v;
	size_t n, cap;
};

static int raw_push(struct raws *r, struct raw x)
{
	if (array_grow(&r->v, &r->cap, r->n + 1, sizeof *r->v) < 0)
		return -1;
	r->v[r->n++] = x;
	return 0;
}

static int line_push(struct lines *l, size_t *cap, struct line x)
{
	if (array_grow(&l->v, cap, l->n + 1, sizeof *l->v) < 0)
		return -1;
	l->v[l->n++] = x;
	return 0;
}

/* Lines end at '\n'; a form feed ends one too and starts a page. */
static int split_raw(const char *text, size_t len, struct raws *out,
		     unsigned *pages)
{
	unsigned page = 0;
	int fresh = 0;
	size_t no = 1;
	for (size_t i = 0; i < len;) {
		size_t end = i;
		while (end < len && text[end] != '\n' && text[end] != '\f')
			end++;
		if (end > i || (end < len && text[end] == '\n')) {
			if (raw_push(out, (struct raw){ text + i, end - i, no,
							page, fresh }) < 0)
				return -1;
			fresh = 0;
		}
		if (end < len && text[end] == '\f') {
			page++;
			fresh = 1;
		} else {
			no++;
		}
		i = end + 1;
	}
	*pages = page + 1;
	return 0;
}

/* Trim a piece of a raw line into a line: its indent (in columns as
 * print sets them) and width. */
/* A rule between articles, as dumps and typed archives set them: three
 * or more of one mark or a few (==========, ----------, * * *, ★★★,
 * ————), spaces between, nothing else.  It parts what is around it as a
 * blank line does; it holds no text to keep. */
static int rule_line(const char *s, size_t n)
{
	static const uint32_t marks[] = {
		'=', '-', '_', '*', '#', '~', '+', 0x00B7, 0x2014, 0x2015,
		0x2500, 0x2501, 0x2550, 0x203B, 0x2605, 0x2606, 0x25A0,
		0x25A1, 0x25C6, 0x25C7, 0xFF0A, 0xFF0D, 0xFF1D, 0xFF3F,
	};
	size_t count = 0;
	for (size_t i = 0; i < n;) {
		uint32_t uc;
		i += utf8_next(s + i, n - i, &uc);
		if (is_blank(uc))
			continue;
		size_t k = 0;
		while (k < sizeof marks / sizeof marks[0] && marks[k] != uc)
			k++;
		if (k == sizeof marks / sizeof marks[0])
			return 0;
		count++;
	}
	return count >= 3;
}

static struct line make_line(const char *s, size_t n, size_t no,
			     unsigned page, size_t indent0)
{
	size_t a = 0, indent = indent0;
	while (a < n) {
		uint32_t uc;
		size_t l = utf8_next(s + a, n - a, &uc);
		if (!is_blank(uc))
			break;
		indent += uc == 0x3000 ? 2 : 1;
		a += l;
	}
	size_t b = n;
	while (b > a) {
		uint32_t uc;
		const char *p = utf8_prev(s + b, s + a, &uc);
		if (!p || !is_blank(uc))
			break;
		b = (size_t)(p - s);
	}
	if (b > a && rule_line(s + a, b - a))
		b = a; /* a blank line */
	struct line ln = { s + a, b - a, lines_width(s + a, b - a),
			   b > a ? indent : 0, no, page, 0, NULL };
	return ln;
}

/* ---- side-by-side columns (pdftotext -layout) ---------------------------*/

/* A run of text in a raw line, between runs of two or more spaces.
 * Positions count characters: pdftotext -layout sets every character,
 * Han or Latin, in one cell of its grid. */
struct run {
	size_t from, to; /* cells [from, to) */
	size_t a, b; /* bytes [a, b) of the raw line */
};

enum { MAX_RUNS = 16 };

static size_t runs_of(const struct raw *r, struct run *out)
{
	size_t k = 0, pos = 0, spaces = 0;
	int in = 0;
	for (size_t i = 0; i < r->len;) {
		uint32_t uc;
		size_t l = utf8_next(r->s + i, r->len - i, &uc);
		if (uc == ' ' || uc == '\t') {
			spaces++;
		} else {
			if (in && spaces >= 2) {
				in = 0;
			}
			if (!in) {
				if (k == MAX_RUNS)
					return k;
				out[k++] = (struct run){ pos, pos, i, i };
				in = 1;
			}
			spaces = 0;
			out[k - 1].to = pos + 1;
			out[k - 1].b = i + l;
		}
		pos++;
		i += l;
	}
	return k;
}

/* The rows of a page, each its runs. */
struct row {
	const struct raw *raw;
	struct run run[MAX_RUNS];
	size_t nrun;
};

/* The gutter in cells [lo, hi) of rows [0, n): the cell where a column
 * starts on the most rows that also have text left of it, at least 3
 * rows and a quarter of those with text on both sides of it; 0 when none.
 * Indented first lines start a cell or two further: they count too. */
static size_t find_gutter(const struct row *rows, size_t n, size_t lo,
			  size_t hi)
{
	size_t best = 0, best_n = 0;
	if (hi < lo + 16)
		return 0;
	size_t span = hi - lo;
	size_t *starts = calloc(span, sizeof *starts);
	size_t *cross = calloc(span, sizeof *cross);
	if (!starts || !cross)
		goto out;
	for (size_t i = 0; i < n; i++) {
		const struct row *r = &rows[i];
		int left = 0;
		for (size_t k = 0; k < r->nrun; k++) {
			const struct run *u = &r->run[k];
			if (u->to <= lo || u->from >= hi)
				continue;
			if (left && u->from > lo)
				starts[u->from - lo]++;
			for (size_t c = u->from + 1; c < u->to && c < hi; c++)
				if (c > lo)
					cross[c - lo]++;
			left = 1;
		}
	}
	for (size_t c = 8; c + 8 < span; c++) {
		size_t s = starts[c] + (c >= 1 ? starts[c - 1] : 0) +
			   starts[c + 1] + starts[c + 2];
		/* text crossing the cell: a gutter has little */
		if (starts[c] >= 3 && s > best_n && cross[c] * 3 <= s) {
			best = lo + c;
			best_n = s;
		}
	}
out:
	free(starts);
	free(cross);
	return best;
}

/* Emit the part of row r in cells [lo, hi) as a line. */
static int emit_part(struct lines *l, size_t *cap, const struct row *r,
		     size_t lo, size_t hi, int page_start)
{
	size_t a = (size_t)-1, b = 0, from = 0;
	for (size_t k = 0; k < r->nrun; k++) {
		const struct run *u = &r->run[k];
		if (u->from < lo || u->from >= hi)
			continue;
		if (a == (size_t)-1)
			a = u->a, from = u->from;
		b = u->b;
	}
	if (a == (size_t)-1)
		return line_push(l, cap, make_line(r->raw->s, 0, r->raw->no,
						   r->raw->page, 0));
	struct line ln = make_line(r->raw->s + a, b - a, r->raw->no,
				   r->raw->page, 2 * (from - lo));
	ln.flags = page_start ? LINE_PAGE : 0;
	return line_push(l, cap, ln);
}

/* Does row r cross the gutter g of cells [lo, hi)?  Its extent in
 * `*from`, `*to`. */
static int crosses_gutter(const struct row *r, size_t lo, size_t hi,
			  size_t g, size_t *from, size_t *to)
{
	int c = 0;
	*from = hi, *to = lo;
	for (size_t k = 0; k < r->nrun; k++) {
		const struct run *u = &r->run[k];
		if (u->from < lo || u->from >= hi)
			continue;
		c |= u->from < g && u->to > g + 1;
		if (u->from < *from)
			*from = u->from;
		if (u->to > *to)
			*to = u->to;
	}
	return c;
}

/* Mark the rows that span the gutter g: those that cross it, and the
 * lines of a centred headline next to them that fall on one side (its
 * last word or two, "其他有关报告" under "听取并讨论政府工作报告及"): one
 * run, short, within the span of the row it adjoins. */
static void spanning(const struct row *rows, size_t n, size_t lo, size_t hi,
		     size_t g, unsigned char *span)
{
	size_t *from = malloc((n ? n : 1) * sizeof *from);
	size_t *to = malloc((n ? n : 1) * sizeof *to);
	for (size_t i = 0; i < n; i++) {
		size_t f, t;
		span[i] = (unsigned char)crosses_gutter(&rows[i], lo, hi, g,
							&f, &t);
		if (from)
			from[i] = f;
		if (to)
			to[i] = t;
	}
	if (!from || !to)
		goto out; /* out of memory: crossing rows only */
	for (int pass = 0; pass < 2; pass++) {
		/* forward, then backward: a headline's lines in a row */
		for (size_t k = 0; k < n; k++) {
			size_t i = pass ? n - 1 - k : k;
			if (!span[i] || (pass ? i == 0 : i + 1 >= n))
				continue;
			size_t j = pass ? i - 1 : i + 1;
			if (span[j])
				continue;
			size_t f = from[j], t = to[j];
			int runs = 0;
			for (size_t m = 0; m < rows[j].nrun; m++)
				runs += rows[j].run[m].from >= lo &&
					rows[j].run[m].from < hi;
			if (runs == 1 && t > f && t - f <= 24 &&
			    f >= from[i] && t <= to[i] + 2)
				span[j] = 1;
		}
	}
out:
	free(from);
	free(to);
}

/* Read rows [0, n) in cells [lo, hi) column by column, recursively: a
 * stretch of rows that no run crosses the gutter in is read left part
 * first, then right part; a row that spans it stays in place. */
static int read_columns(struct lines *l, size_t *cap, const struct row *rows,
			size_t n, size_t lo, size_t hi, int depth, int *found)
{
	size_t g = depth < 4 ? find_gutter(rows, n, lo, hi) : 0;
	if (!g) {
		for (size_t i = 0; i < n; i++)
			if (emit_part(l, cap, &rows[i], lo, hi,
				      rows[i].raw->page_start && lo == 0) < 0)
				return -1;
		return 0;
	}
	*found = 1;
	unsigned char *span = malloc(n ? n : 1);
	if (!span)
		return -1;
	spanning(rows, n, lo, hi, g, span);
	int rc = 0;
	for (size_t i = 0; i < n && !rc;) {
		if (span[i]) {
			rc = emit_part(l, cap, &rows[i], lo, hi,
				       rows[i].raw->page_start);
			i++;
			continue;
		}
		size_t j = i + 1;
		while (j < n && !span[j])
			j++;
		/* Rows i..j: the left column, then the right. */
		if (read_columns(l, cap, rows + i, j - i, lo, g, depth + 1,
				 found) < 0 ||
		    read_columns(l, cap, rows + i, j - i, g, hi, depth + 1,
				 found) < 0)
			rc = -1;
		i = j;
	}
	free(span);
	return rc < 0 ? -1 : 0;
}

/* Does any page hold side-by-side columns?  Cheap test first: rows with a
 * gap of three or more spaces inside the text. */
static int may_have_columns(const struct raws *r)
{
	size_t gaps = 0, text = 0;
	for (size_t i = 0; i < r->n; i++) {
		const struct raw *x = &r->v[i];
		size_t a = 0;
		while (a < x->len && x->s[a] == ' ')
			a++;
		if (a == x->len)
			continue;
		text++;
		const char *p = memmem(x->s + a, x->len - a, "   ", 3);
		size_t b = x->len;
		while (b > a && x->s[b - 1] == ' ')
			b--;
		if (p && (size_t)(p - x->s) < b)
			gaps++;
	}
	return gaps >= 4 && gaps * 10 >= text;
}

static int make_lines(const struct raws *r, struct lines *l)
{
	size_t cap = 0;
	if (!may_have_columns(r)) {
		for (size_t i = 0; i < r->n; i++) {
			const struct raw *x = &r->v[i];
			struct line ln = make_line(x->s, x->len, x->no, x->page, 0);
			ln.flags = x->page_start ? LINE_PAGE : 0;
			if (line_push(l, &cap, ln) < 0)
				return -1;
		}
		return 0;
	}
	struct row *rows = malloc((r->n ? r->n : 1) * sizeof *rows);
	if (!rows)
		return -1;
	int rc = 0, found = 0;
	for (size_t i = 0; i < r->n && !rc;) {
		size_t j = i, width = 0;
		while (j < r->n && r->v[j].page == r->v[i].page) {
			struct row *w = &rows[j - i];
			w->raw = &r->v[j];
			w->nrun = runs_of(w->raw, w->run);
			if (w->nrun && w->run[w->nrun - 1].to > width)
				width = w->run[w->nrun - 1].to;
			j++;
		}
		rc = read_columns(l, &cap, rows, j - i, 0, width + 1, 0, &found);
		i = j;
	}
	free(rows);
	l->columns = found;
	return rc;
}

/* ---- layout -------------------------------------------------------------*/

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return (x > y) - (x < y);
}

static size_t median(size_t *v, size_t n)
{
	qsort(v, n, sizeof *v, cmp_size);
	return v[n / 2];
}

static int text_line(const struct line *x)
{
	return x->len && !(x->flags & LINE_FURNITURE);
}

/* The next text line after i, or n. */
static size_t next_text(const struct line *l, size_t n, size_t i)
{
	for (i++; i < n && !text_line(&l[i]); i++)
		;
	return i;
}

/* Print indents a paragraph's first line, and extraction drops the indent:
 * where first lines are clearly narrower than the lines that go on, that
 * tells a paragraph break after a full line ending a sentence.  Widths of
 * lines that are followed by another line of their paragraph: after a
 * paragraph end (a blank line or a short line after final punctuation)
 * versus after a full line that broke mid-sentence. */
static void find_indent(const struct line *l, size_t n, struct layout *lay,
			size_t *w1, size_t *w2)
{
	size_t k1 = 0, k2 = 0;
	for (size_t j = 1; j + 1 < n; j++) {
		if (!text_line(&l[j]) || !l[j + 1].len ||
		    l[j].width < lay->full)
			continue;
		size_t i = j - 1;
		int blank = !l[i].len;
		while (i > 0 && !text_line(&l[i]))
			i--;
		if (!text_line(&l[i]))
			continue;
		int final = punct_ends_final(l[i].s, l[i].len);
		if (final && (blank || l[i].width < lay->full))
			w1[k1++] = l[j].width;
		else if (!final && !blank && l[i].width >= lay->full)
			w2[k2++] = l[j].width;
	}
	if (k2 >= 5)
		lay->cont = median(w2, k2);
	if (k1 >= 5)
		lay->first_w = median(w1, k1);
	if (k1 >= 5 && k2 >= 5 && lay->first_w + 3 <= lay->cont)
		lay->first = (lay->first_w + lay->cont + 1) / 2;
}

/* Stops inside a text, not at its end: a paragraph has several
 * sentences, a line of one sentence none. */
static int inner_stop(const char *s, size_t n)
{
	/* the end of the last sentence */
	size_t end = n;
	uint32_t uc;
	const char *p;
	while ((p = utf8_prev(s + end, s, &uc)) &&
	       (punct_is_closer(uc) || punct_is_stop(uc)))
		end = (size_t)(p - s);
	for (size_t i = 0; i < end;) {
		i += utf8_next(s + i, end - i, &uc);
		if (uc == 0x3002 || uc == 0xFF01 || uc == 0xFF1F)
			return 1;
	}
	return 0;
}

/* A hard-wrapped file has most of its lines within a few columns of one
 * width: its 85th percentile (wrap_width).  A file of one paragraph per
 * line has widths spread over hundreds of columns.  Seed 002 (hard-wrapped
 * at about 27 Han) has 80% of its lines within 80% of that width; seed 000
 * has 17%.  A file of one sentence or clause per line ends most of its
 * lines in punctuation, yet few of them hold a sentence end inside. */
/* The column width of lines of widths w[0..k) (sorted in place) when they
 * are hard-wrapped: most within a few columns of their 85th percentile.
 * 0 when they are not. */
static size_t wrap_width(size_t *w, size_t k)
{
	if (k < 8)
		return 0;
	qsort(w, k, sizeof *w, cmp_size);
	size_t p85 = w[k * 85 / 100];
	size_t near = 0;
	for (size_t i = 0; i < k; i++)
		near += w[i] * 5 >= p85 * 4 && w[i] <= p85 + 4;
	return p85 >= 16 && p85 <= 200 && near * 2 >= k ? p85 : 0;
}

/* The layout of lines [0, n), hard-wrapped at column width `p85` (as
 * wrap_width found it for the region), or not when it is 0. */
static int find_layout(const struct line *l, size_t n, size_t p85,
		       struct layout *lay)
{
	size_t *w = malloc((n ? n : 1) * sizeof *w);
	size_t *w2 = malloc((n ? n : 1) * sizeof *w2);
	if (!w || !w2) {
		free(w);
		free(w2);
		return -1;
	}
	memset(lay, 0, sizeof *lay);
	lay->kind = LAYOUT_PARAGRAPHS;
	if (p85) {
		lay->kind = LAYOUT_WRAPPED;
		/* Justified lines vary by a few columns with the digits and
		 * spaces in them: allow 3 Han less. */
		lay->full = p85 > 6 ? p85 - 6 : p85;
		find_indent(l, n, lay, w, w2);
	}
	/* Sentences or clauses per line; indents and blank lines. */
	size_t ends = 0, inner = 0, clauses = 0, lines = 0, indented = 0;
	size_t pairs = 0, gapped = 0;
	size_t heads_on = 0, heads_apart = 0; /* headline-like lines */
	size_t gap_sentence = 0; /* blank lines before a sentence */
	for (size_t i = 0; i < n; i++) {
		if (!text_line(&l[i]))
			continue;
		size_t j = next_text(l, n, i);
		if (j < n) {
			pairs++;
			gapped += j > i + 1;
		}
		/* A short line with no punctuation at its end (a headline)
		 * and a sentence after it: with a blank line between, as
		 * where blank lines end paragraphs; or right after it, as
		 * where they end articles and each line is a paragraph. */
		uint32_t end = punct_last(l[i].s, l[i].len, NULL);
		if (j < n && j > i + 1 && l[j].width >= 8 &&
		    punct_is_stop(punct_last(l[j].s, l[j].len, NULL)))
			gap_sentence++;
		if (j < n && l[i].width >= 8 && l[i].width <= 60 &&
		    !punct_is_stop(end) && !punct_is_clause(end) &&
		    !punct_is_closer(end) && l[j].width > l[i].width &&
		    punct_is_stop(punct_last(l[j].s, l[j].len, NULL))) {
			if (j > i + 1)
				heads_apart++;
			else
				heads_on++;
		}
		if (l[i].width < 8)
			continue;
		lines++;
		indented += l[i].indent > 0;
		uint32_t last = punct_last(l[i].s, l[i].len, NULL);
		if (punct_is_stop(last)) {
			ends++;
			inner += inner_stop(l[i].s, l[i].len);
		} else if (punct_is_clause(last)) {
			clauses++;
		}
	}
	/* Short paragraphs of one sentence each look like sentences a
	 * line; but headlines run on into their text, and no blank line
	 * comes before a sentence, where blank lines part articles, not
	 * paragraphs. */
	if (lay->kind == LAYOUT_PARAGRAPHS && ends >= 5 && inner * 6 < ends &&
	    (ends + clauses) * 10 >= lines * 4 &&
	    !(heads_on >= 2 && heads_on > heads_apart && !gap_sentence))
		lay->kind = LAYOUT_SENTENCES;
	lay->indents = lines >= 5 && indented * 20 > lines &&
		       indented * 20 < lines * 19;
	lay->gaps = pairs >= 5 && gapped * 20 > pairs && gapped * 10 < pairs * 9;
	free(w);
	free(w2);
	return 0;
}

/* ---- regions ------------------------------------------------------------*/

/* Text lines a chunk: enough to tell whether text is hard-wrapped, and
 * at which width. */
enum { CHUNK = 48 };
/* At most this many column widths are told apart in a file. */
enum { MAX_WIDTHS = 4 };

/* Two column widths of one layout: within a fifth of each other. */
static int same_width(size_t a, size_t b)
{
	return a * 5 <= b * 6 && b * 5 <= a * 6;
}

static int near_width(size_t width, size_t w)
{
	return width * 5 >= w * 4 && width <= w + 4;
}

/* The column widths the text lines are wrapped at, chunk by chunk
 * (CHUNK text lines each, the last chunk taking a short rest), into
 * width[1..]; width[0] stays 0, for paragraphs.  A width within a fifth
 * of one already found is the same column; at most MAX_WIDTHS are kept.
 * ti: the text lines' indices; w: room for a chunk's widths.  Returns
 * how many widths width[] holds, width[0] included. */
static size_t column_widths(const struct lines *l, const size_t *ti,
			    size_t nt, size_t *w, size_t *width)
{
	size_t nw = 1;
	for (size_t c = 0; c * CHUNK < nt || (!c && !nt); c++) {
		size_t from = c * CHUNK, to = from + CHUNK;
		if (to > nt || nt - to < CHUNK / 2)
			to = nt;
		size_t k = 0;
		for (size_t t = from; t < to; t++)
			w[k++] = l->v[ti[t]].width;
		size_t ww = wrap_width(w, k);
		int known = 0;
		for (size_t j = 1; j < nw && ww; j++)
			known |= same_width(width[j], ww);
		if (ww && !known && nw <= MAX_WIDTHS)
			width[nw++] = ww;
		if (to == nt)
			break;
	}
	return nw;
}

/* The cost table: cost[(t + 1) * (MAX_WIDTHS + 1) + s] is the least cost
 * of text lines [0, t] with line t in state s (0 paragraphs, else wrapped
 * at width[s]), back[] the state of line t - 1 it came from.  A line near
 * the width costs little in a wrapped region and much in a region of
 * paragraphs (one line in five of a wrapped text, a paragraph's last, is
 * short; few lines of paragraphs fall near one width), and changing
 * layout costs more than a poem or a table of short lines inside a
 * wrapped page does. */
static void layout_costs(const struct lines *l, const size_t *ti, size_t nt,
			 const size_t *width, size_t nw, double *cost,
			 unsigned char *back)
{
	static const double SWITCH = 10, NEAR_WRAP = 0.22, FAR_WRAP = 1.6,
			    NEAR_PARA = 1.9, FAR_PARA = 0.16;
	for (size_t s = 0; s < nw; s++)
		cost[s] = s ? 0.5 : 0;
	for (size_t t = 0; t < nt; t++) {
		size_t lw = l->v[ti[t]].width;
		for (size_t s = 0; s < nw; s++) {
			size_t best = s;
			double bc = cost[t * (MAX_WIDTHS + 1) + s];
			for (size_t p = 0; p < nw; p++) {
				double c = cost[t * (MAX_WIDTHS + 1) + p] + SWITCH;
				if (p != s && c < bc)
					bc = c, best = p;
			}
			int near = 0;
			for (size_t j = 1; j < nw && !near; j++)
				near = near_width(lw, width[j]);
			double e = s ? (near_width(lw, width[s]) ? NEAR_WRAP
								 : FAR_WRAP)
				     : (near ? NEAR_PARA : FAR_PARA);
			cost[(t + 1) * (MAX_WIDTHS + 1) + s] = bc + e;
			back[(t + 1) * (MAX_WIDTHS + 1) + s] = (unsigned char)best;
		}
	}
}

/* The traceback: the cheapest state for the last text line, then the
 * states it came from, into state[0..nt); the first of equal costs
 * wins, paragraphs before any width. */
static void layout_trace(const double *cost, const unsigned char *back,
			 size_t nt, size_t nw, unsigned char *state)
{
	size_t s = 0;
	for (size_t k = 1; k < nw; k++)
		if (cost[nt * (MAX_WIDTHS + 1) + k] <
		    cost[nt * (MAX_WIDTHS + 1) + s])
			s = k;
	for (size_t t = nt; t > 0; t--) {
		state[t - 1] = (unsigned char)s;
		s = back[t * (MAX_WIDTHS + 1) + s];
	}
}

/* The regions: runs of one state, each given its layout (find_layout,
 * at its state's width) in l->lays; lines that are not text go with the
 * text line after them, those after the last with the last region.  No
 * text lines at all: one region of every line.  Returns 0, or -1 out of
 * memory. */
static int cut_regions(struct lines *l, const size_t *ti, size_t nt,
		       const size_t *width, const unsigned char *state)
{
	size_t n = l->n, nr = 0;
	for (size_t t = 0; t < nt; t++)
		nr += !t || state[t] != state[t - 1];
	l->lays = calloc(nr ? nr : 1, sizeof *l->lays);
	if (!l->lays)
		return -1;
	l->nlays = nr ? nr : 1;
	size_t r = 0, from = 0;
	for (size_t t = 0; t <= nt; t++) {
		if (t < nt && (!t || state[t] == state[t - 1]))
			continue;
		if (t == 0) /* no text lines at all */
			break;
		/* region r: text lines [t0, t) */
		size_t to = t < nt ? ti[t] : n;
		while (to > from && t < nt && !text_line(&l->v[to - 1]) &&
		       to - 1 > ti[t - 1])
			to--;
		if (t == nt)
			to = n;
		if (find_layout(l->v + from, to - from, width[state[t - 1]],
				&l->lays[r]) < 0)
			return -1;
		for (size_t i = from; i < to; i++)
			l->v[i].lay = &l->lays[r];
		r++;
		from = to;
	}
	if (!nt) {
		if (find_layout(l->v, n, 0, &l->lays[0]) < 0)
			return -1;
		for (size_t i = 0; i < n; i++)
			l->v[i].lay = &l->lays[0];
	}
	return 0;
}

/* Cut the lines into regions of one layout each: a file may hold pages
 * laid out differently (two dumps one after the other, a page of
 * paragraphs and a hard-wrapped one).  The column widths the file is
 * wrapped at are found chunk by chunk; then every text line is given a
 * layout, paragraphs or wrapped at one of those widths, by dynamic
 * programming (layout_costs), and the runs of one layout are the
 * regions. */
static int find_regions(struct lines *l)
{
	size_t n = l->n, nt = 0;
	for (size_t i = 0; i < n; i++)
		nt += text_line(&l->v[i]);
	size_t *w = malloc((n ? n : 1) * sizeof *w);
	size_t *ti = malloc((nt ? nt : 1) * sizeof *ti); /* text lines */
	double *cost = malloc((nt + 1) * (MAX_WIDTHS + 1) * sizeof *cost);
	unsigned char *back = malloc((nt + 1) * (MAX_WIDTHS + 1));
	unsigned char *state = malloc(nt ? nt : 1);
	size_t width[MAX_WIDTHS + 1] = { 0 }; /* width[0]: none */
	int rc = -1;
	if (!w || !ti || !cost || !back || !state)
		goto out;
	for (size_t i = 0, t = 0; i < n; i++)
		if (text_line(&l->v[i]))
			ti[t++] = i;
	size_t nw = column_widths(l, ti, nt, w, width);
	layout_costs(l, ti, nt, width, nw, cost, back);
	layout_trace(cost, back, nt, nw, state);
	rc = cut_regions(l, ti, nt, width, state);
out:
	free(w);
	free(ti);
	free(cost);
	free(back);
	free(state);
	return rc;
}

/* ---- furniture ----------------------------------------------------------*/

/* A line's key: its text without spaces, every digit (Arabic, and with
 * `chinese` Chinese numerals too) as '#': lines that differ only in a
 * number have one key.  Stored in `b` (reset first). */
static void furniture_key(const char *s, size_t n, int chinese, struct buf *b)
{
	b->len = 0;
	for (size_t i = 0; i < n;) {
		uint32_t uc;
		i += utf8_next(s + i, n - i, &uc);
		if (is_blank(uc))
			continue;
		if (dates_digit(uc) >= 0 ||
		    (chinese && (dates_chinese_digit(uc) >= 0 ||
				 uc == 0x5341 /* 十 */)))
			buf_putc(b, '#');
		else
			buf_putuc(b, uc);
	}
	buf_putc(b, '\0');
}

/* A masthead or running head: an issue line that is not an article's
 * source line.  Marks the issue lines as it goes. */
static int masthead(struct line *x)
{
	struct issue is;
	if (!cues_issue(x->s, x->len, &is))
		return 0;
	x->flags |= LINE_ISSUE;
	return !is.source;
}

struct keyed {
	char *key;
	size_t line; /* index into lines */
};

static int cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* Lines at the edge of a page: a running head set in boxes comes out of
 * pdftotext a box a line (paper, date, weekday, page). */
enum { EDGE = 5 };

/* Near the edge of its page: among the first or last EDGE text lines. */
static void mark_edges(const struct line *l, size_t n, unsigned char *edge)
{
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && l[j].page == l[i].page)
			j++;
		size_t k = 0;
		for (size_t t = i; t < j && k < EDGE; t++)
			if (l[t].len)
				edge[t] = 1, k++;
		k = 0;
		for (size_t t = j; t > i && k < EDGE; t--)
			if (l[t - 1].len)
				edge[t - 1] = 1, k++;
		i = j;
	}
}

/* A running head's words that change page by page (the page's name:
 * 国际, 经济): a word of up to 4 Han at a page's edge, right next to its
 * furniture with no blank line between. */
static void mark_head_words(struct line *l, size_t n, const unsigned char *edge)
{
	for (int changed = 1; changed;) {
		changed = 0;
		for (size_t i = 0; i < n; i++) {
			struct line *x = &l[i];
			if (!x->len || x->flags & LINE_FURNITURE || !edge[i] ||
			    x->width > 8 || punct_last(x->s, x->len, NULL) == 0 ||
			    !utf8_is_han(punct_last(x->s, x->len, NULL)))
				continue;
			/* the nearest lines of text on either side, blank
			 * lines between allowed (pdftotext sets a box a
			 * line, a blank line after each) */
			size_t p = i, q = i + 1;
			while (p > 0 && !l[p - 1].len)
				p--;
			while (q < n && !l[q].len)
				q++;
			int next = (p > 0 && l[p - 1].flags & LINE_FURNITURE &&
				    l[p - 1].page == x->page) ||
				   (q < n && l[q].flags & LINE_FURNITURE &&
				    l[q].page == x->page);
			/* the rest of an editors' names, a line or two
			 * below them */
			for (size_t k = i; k > 0 && k + 3 > i && !next; k--)
				next = l[k - 1].len &&
				       cues_editor(l[k - 1].s, l[k - 1].len) &&
				       cues_names(x->s, x->len);
			if (next) {
				x->flags |= LINE_FURNITURE;
				changed = 1;
			}
		}
	}
}

/* A table of contents: two or more entries in a row (cues_page_ref),
 * with the short line that heads it (今日导读). */
static void mark_contents(struct line *l, size_t n)
{
	for (size_t i = 0; i < n;) {
		if (!l[i].len || !cues_page_ref(l[i].s, l[i].len)) {
			i++;
			continue;
		}
		size_t j = i, k = 0, last = i;
		while (j < n && (!l[j].len || (l[j].flags & LINE_FURNITURE) ||
				 cues_page_ref(l[j].s, l[j].len))) {
			if (l[j].len && !(l[j].flags & LINE_FURNITURE))
				k++, last = j;
			j++;
		}
		if (k >= 2) {
			for (size_t t = i; t <= last; t++)
				if (l[t].len)
					l[t].flags |= LINE_FURNITURE;
			/* its head: a short line without punctuation */
			size_t h = i;
			while (h > 0 && !l[h - 1].len)
				h--;
			uint32_t end = h > 0 ? punct_last(l[h - 1].s,
							  l[h - 1].len, NULL)
					     : 0;
			if (h > 0 && l[h - 1].width <= 12 &&
			    !punct_is_stop(end) && !punct_is_clause(end))
				l[h - 1].flags |= LINE_FURNITURE;
		}
		i = last + 1;
	}
}

/* A running head set in boxes comes out of pdftotext a box a line, blank
 * lines between (人民日报 / 2019 年 1 月 2 日 / 星期三 / 第3版): short
 * lines at a page's edge that read together as a masthead are furniture,
 * on a page that has no other to repeat them.  `b` is scratch.  Returns 0,
 * or -1 when out of memory. */
static int mark_boxed_head(struct line *l, size_t n, const unsigned char *edge,
			   struct buf *b)
{
	for (size_t i = 0; i < n; i++) {
		if (!edge[i] || l[i].flags & LINE_FURNITURE)
			continue;
		size_t found = i, k = 0;
		b->len = 0;
		for (size_t j = i; j < n && l[j].page == l[i].page && k < EDGE &&
				   (edge[j] || !l[j].len);
		     j++) {
			if (!l[j].len)
				continue;
			if (l[j].width > 24 || l[j].flags & LINE_FURNITURE)
				break;
			if (b->len)
				buf_putc(b, ' ');
			buf_put(b, l[j].s, l[j].len);
			if (b->failed)
				return -1;
			struct issue is;
			if (++k >= 2 && cues_issue(b->p, b->len, &is) &&
			    !is.source)
				found = j;
		}
		if (found == i)
			continue;
		for (size_t t = i; t <= found; t++)
			if (l[t].len)
				l[t].flags |= LINE_FURNITURE;
		i = found;
	}
	return 0;
}

static int find_furniture(struct lines *l)
{
	size_t n = l->n;
	struct keyed *k = malloc((n ? n : 1) * sizeof *k);
	unsigned char *edge = calloc(n ? n : 1, 1);
	struct buf b = { 0 };
	size_t nk = 0;
	int rc = -1;
	if (!k || !edge)
		goto out;
	mark_edges(l->v, n, edge);
	for (size_t i = 0; i < n; i++) {
		struct line *x = &l->v[i];
		if (!x->len)
			continue;
		/* a source line (paper, date, page: 人民日报 2001-01-01
		 * 第1版) dates and pages its article, at the edge of a file
		 * of one page too: no running head there */
		if (masthead(x) || cues_editor(x->s, x->len) ||
		    cues_buttons(x->s, x->len) ||
		    (edge[i] && (l->pages > 1 || !(x->flags & LINE_ISSUE)) &&
		     cues_running_head(x->s, x->len, NULL)) ||
		    (l->pages > 1 && edge[i] && cues_page_number(x->s, x->len))) {
			x->flags |= LINE_FURNITURE;
			continue;
		}
		/* Running heads and footers recur page after page; they
		 * are labels, not sentences. */
		uint32_t last = punct_last(x->s, x->len, NULL);
		if (l->pages < 2 || !edge[i] || x->width > 80 ||
		    punct_is_stop(last) || punct_is_clause(last))
			continue;
		furniture_key(x->s, x->len, 1, &b);
		if (b.failed)
			goto out;
		k[nk].key = strdup(b.p);
		if (!k[nk].key)
			goto out;
		k[nk++].line = i;
	}
	mark_contents(l->v, n);
	if (mark_boxed_head(l->v, n, edge, &b) < 0)
		goto out;
	qsort(k, nk, sizeof *k, cmp_keyed);
	for (size_t i = 0; i < nk;) {
		size_t j = i + 1;
		unsigned pages = 1;
		while (j < nk && !strcmp(k[j].key, k[i].key)) {
			pages += l->v[k[j].line].page != l->v[k[j - 1].line].page;
			j++;
		}
		if (pages >= 2)
			for (size_t t = i; t < j; t++)
				l->v[k[t].line].flags |= LINE_FURNITURE;
		i = j;
	}
	if (l->pages > 1)
		mark_head_words(l->v, n, edge);
	rc = 0;
out:
	for (size_t i = 0; k && i < nk; i++)
		free(k[i].key);
	free(k);
	free(edge);
	buf_free(&b);
	return rc;
}

/* A group of furniture lines with one key: the first's index, how many. */
struct group {
	size_t first, times;
};

static int cmp_group(const void *a, const void *b)
{
	const struct group *x = a, *y = b;
	return (x->first > y->first) - (x->first < y->first);
}

void lines_report(const struct lines *l, const char *name, struct diag *d)
{
	struct keyed *k = malloc((l->n ? l->n : 1) * sizeof *k);
	struct group *g = malloc((l->n ? l->n : 1) * sizeof *g);
	struct buf b = { 0 };
	size_t nk = 0, ng = 0;
	if (!k || !g)
		goto out;
	for (size_t i = 0; i < l->n; i++) {
		const struct line *x = &l->v[i];
		if (!(x->flags & LINE_FURNITURE))
			continue;
		/* Arabic digits only: lines reported as one have the same
		 * Han characters */
		furniture_key(x->s, x->len, 0, &b);
		if (b.failed || !(k[nk].key = strdup(b.p)))
			goto out;
		k[nk++].line = i;
	}
	qsort(k, nk, sizeof *k, cmp_keyed);
	for (size_t i = 0; i < nk;) {
		size_t j = i + 1;
		while (j < nk && !strcmp(k[j].key, k[i].key))
			j++;
		g[ng++] = (struct group){ k[i].line, j - i };
		i = j;
	}
	qsort(g, ng, sizeof *g, cmp_group);
	for (size_t i = 0; i < ng; i++) {
		const struct line *x = &l->v[g[i].first];
		if (g[i].times > 1)
			diag_warn(d, "%s:%zu: page furniture left out %zu times: "
				  "%.*s", name, x->no, g[i].times, (int)x->len,
				  x->s);
		else
			diag_warn(d, "%s:%zu: page furniture left out: %.*s",
				  name, x->no, (int)x->len, x->s);
	}
out:
	for (size_t i = 0; k && i < nk; i++)
		free(k[i].key);
	free(k);
	free(g);
	buf_free(&b);
}

/* The marks the block stage asks about line after line, found once. */
static void mark_cues(struct lines *l)
{
	for (size_t i = 0; i < l->n; i++) {
		struct line *x = &l->v[i];
		if (!x->len)
			continue;
		struct dateline dl;
		struct cue_span in;
		uint32_t uc;
		size_t skip = utf8_next(x->s, x->len, &uc);
		if (cues_dateline(x->s, x->len, &dl) ||
		    ((uc == 0xFF08 || uc == '(') &&
		     cues_dateline(x->s + skip, x->len - skip, &dl)))
			x->flags |= LINE_DATELINE;
		if (cues_byline(x->s, x->len, &in))
			x->flags |= LINE_BYLINE;
	}
}

/* ---- all of it ----------------------------------------------------------*/

int lines_read(const char *text, size_t len, struct lines *out)
{
	memset(out, 0, sizeof *out);
	struct raws r = { 0 };
	int rc = -1;
	if (split_raw(text, len, &r, &out->pages) < 0 || make_lines(&r, out) < 0 ||
	    find_furniture(out) < 0 || find_regions(out) < 0)
		goto out;
	mark_cues(out);
	rc = 0;
out:
	free(r.v);
	if (rc < 0)
		lines_free(out);
	return rc;
}

void lines_free(struct lines *l)
{
	free(l->v);
	free(l->lays);
	memset(l, 0, sizeof *l);
}
