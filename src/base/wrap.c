/* wrap: breaking a paragraph into lines (see include/kanbao/base/wrap.h).
 *
 * Two steps.  wrap_scan() decodes the paragraph once and marks, for every
 * character, whether a line may start there: libunistring's UAX #14 break
 * opportunities, then the Chinese tailoring of one table (tailor[] below).
 * wrap_paragraph() then fills lines greedily, taking the last opportunity
 * that fits.  Each character is looked at a bounded number of times, so a
 * 100,000-character paragraph costs the same per character as a short one.
 *
 * Choices the header leaves open:
 * - A line never starts with a space: spaces before the first character and
 *   at every break are dropped; so are spaces at the end of the paragraph
 *   (they would only make the last line wider).  width 0 is the exception:
 *   one line holding all n bytes, as the header promises.
 * - When no opportunity fits (the "forced" case: a long run of characters
 *   that may not start a line, or a word wider than the line), the line is
 *   cut rather than overflowing: before the word that does not fit, if it
 *   fits a line of its own (a Latin word or number, see word_char());
 *   failing that at the last boundary that fits and does not split a pair
 *   (—— ……) or a mark from its base; failing even that, after the last
 *   character that fits.  So a word is split only when it is wider than the
 *   line, and then at the column limit.
 * - An indent >= width is taken as width - 1, so the first line keeps one
 *   column (the caller clips the indent it draws the same way).  When the
 *   first line's room is too small for what must go on it (a wide character
 *   in one column, or an unbreakable word that fits a full line but not the
 *   indented one), and a full line would end better (see enum fit), the
 *   first line is left empty and the text starts on the next line, rather
 *   than splitting the word or overflowing the width.
 * - A mandatory break (a newline inside the paragraph, shown as a picture)
 *   is only an opportunity: a paragraph is one block of text, and width 0
 *   must give one line. */
#include "kanbao/base/wrap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unictype.h>
#include <unilbrk.h>

#include "kanbao/base/array.h"
#include "kanbao/base/utf8.h"
#include "kanbao/base/width.h"

/* Tailoring flags, after W3C "Requirements for Chinese Text Layout" (clreq)
 * "Prohibition rules for line start and line end" (避头尾). */
enum {
	T_NO_START = 1, /* may not start a line (spaces before it aside) */
	T_NO_END = 2, /* may not end a line (spaces after it aside) */
	T_PAIR = 4, /* two in a row are never split: —— …… */
	T_OPEN_QUOTE = 8, /* a break before it is allowed after CJK */
	T_CLOSE_QUOTE = 16, /* a break after it is allowed before CJK */
	T_IN_WORD = 32, /* no break after it between letters or digits */
};

/* The one tailoring table, sorted by code point for bsearch().  Breaks
 * libunistring allows that Chinese typesetting forbids are removed by
 * T_NO_START, T_NO_END and T_PAIR.  T_OPEN_QUOTE and T_CLOSE_QUOTE add the
 * breaks Unicode 15.1 (LB19a) allows around quotation marks next to East
 * Asian text, which libunistring 1.0 (Unicode 14) glues to both neighbours:
 * without them 中文“English”中文 could not be broken anywhere.  Unlike LB19a
 * only the outer neighbour is looked at, so a quoted Latin word can still
 * move to the next line whole, and a line may also end between a closing
 * and an opening quotation mark (”“), as clreq allows.  T_IN_WORD keeps
 * U.S. and example.cn whole, which libunistring 1.0 breaks after the full
 * stop (UAX #14 LB29 would not). */
static const struct tailor {
	uint32_t uc;
	uint8_t flags;
} tailor[] = {
	{ 0x0021, T_NO_START }, /* ! */
	{ 0x0025, T_NO_START }, /* % */
	{ 0x0028, T_NO_END }, /* ( */
	{ 0x0029, T_NO_START }, /* ) */
	{ 0x002C, T_NO_START | T_IN_WORD }, /* , */
	{ 0x002E, T_NO_START | T_IN_WORD }, /* . */
	{ 0x002F, T_NO_END }, /* / */
	{ 0x003A, T_NO_START | T_IN_WORD }, /* : */
	{ 0x003B, T_NO_START }, /* ; */
	{ 0x003F, T_NO_START }, /* ? */
	{ 0x005B, T_NO_END }, /* [ */
	{ 0x005D, T_NO_START }, /* ] */
	{ 0x007B, T_NO_END }, /* { */
	{ 0x007D, T_NO_START }, /* } */
	{ 0x00AB, T_NO_END }, /* « */
	{ 0x00B0, T_NO_START }, /* ° */
	/* The middle dot of transliterated names (阿卜杜勒·阿齐兹): an
	 * Ambiguous character libunistring resolves to AL, so it would
	 * break on both sides of it between Han. */
	{ 0x00B7, T_NO_START | T_NO_END }, /* · */
	{ 0x00BB, T_NO_START }, /* » */
	{ 0x2014, T_PAIR }, /* — (——) */
	{ 0x2015, T_PAIR }, /* ― (――, a common stand-in for ——) */
	{ 0x2018, T_NO_END | T_OPEN_QUOTE }, /* ‘ */
	{ 0x2019, T_NO_START | T_CLOSE_QUOTE }, /* ’ */
	{ 0x201C, T_NO_END | T_OPEN_QUOTE }, /* “ */
	{ 0x201D, T_NO_START | T_CLOSE_QUOTE }, /* ” */
	{ 0x2026, T_NO_START | T_PAIR }, /* … (……) */
	{ 0x2030, T_NO_START }, /* ‰ */
	{ 0x2032, T_NO_START }, /* ′ */
	{ 0x2033, T_NO_START }, /* ″ */
	{ 0x2039, T_NO_END }, /* ‹ */
	{ 0x203A, T_NO_START }, /* › */
	{ 0x203C, T_NO_START }, /* ‼ */
	{ 0x2047, T_NO_START }, /* ⁇ */
	{ 0x2048, T_NO_START }, /* ⁈ */
	{ 0x2049, T_NO_START }, /* ⁉ */
	{ 0x2103, T_NO_START }, /* ℃ */
	{ 0x2109, T_NO_START }, /* ℉ */
	{ 0x22EF, T_NO_START | T_PAIR }, /* ⋯ (⋯⋯, the midline ellipsis) */
	{ 0x3001, T_NO_START }, /* 、 */
	{ 0x3002, T_NO_START }, /* 。 */
	{ 0x3005, T_NO_START }, /* 々 */
	{ 0x3008, T_NO_END }, /* 〈 */
	{ 0x3009, T_NO_START }, /* 〉 */
	{ 0x300A, T_NO_END }, /* 《 */
	{ 0x300B, T_NO_START }, /* 》 */
	{ 0x300C, T_NO_END }, /* 「 */
	{ 0x300D, T_NO_START }, /* 」 */
	{ 0x300E, T_NO_END }, /* 『 */
	{ 0x300F, T_NO_START }, /* 』 */
	{ 0x3010, T_NO_END }, /* 【 */
	{ 0x3011, T_NO_START }, /* 】 */
	{ 0x3014, T_NO_END }, /* 〔 */
	{ 0x3015, T_NO_START }, /* 〕 */
	{ 0x3016, T_NO_END }, /* 〖 */
	{ 0x3017, T_NO_START }, /* 〗 */
	{ 0x3018, T_NO_END }, /* 〘 */
	{ 0x3019, T_NO_START }, /* 〙 */
	{ 0x301A, T_NO_END }, /* 〚 */
	{ 0x301B, T_NO_START }, /* 〛 */
	{ 0x301D, T_NO_END }, /* 〝 */
	{ 0x301E, T_NO_START }, /* 〞 */
	{ 0x301F, T_NO_START }, /* 〟 */
	{ 0x30FB, T_NO_START | T_NO_END }, /* ・ (names, as ·) */
	{ 0xFF01, T_NO_START }, /* ！ */
	{ 0xFF05, T_NO_START }, /* ％ */
	{ 0xFF08, T_NO_END }, /* （ */
	{ 0xFF09, T_NO_START }, /* ） */
	{ 0xFF0C, T_NO_START }, /* ， */
	{ 0xFF0E, T_NO_START | T_IN_WORD }, /* ． (１．５) */
	{ 0xFF0F, T_NO_END }, /* ／ */
	{ 0xFF1A, T_NO_START | T_IN_WORD }, /* ： (１０：３０) */
	{ 0xFF1B, T_NO_START }, /* ； */
	{ 0xFF1C, T_NO_END }, /* ＜ */
	{ 0xFF1E, T_NO_START }, /* ＞ */
	{ 0xFF1F, T_NO_START }, /* ？ */
	{ 0xFF3B, T_NO_END }, /* ［ */
	{ 0xFF3D, T_NO_START }, /* ］ */
	{ 0xFF5B, T_NO_END }, /* ｛ */
	{ 0xFF5D, T_NO_START }, /* ｝ */
	{ 0xFF5F, T_NO_END }, /* ｟ */
	{ 0xFF60, T_NO_START }, /* ｠ */
	{ 0xFF61, T_NO_START }, /* ｡ */
	{ 0xFF62, T_NO_END }, /* ｢ */
	{ 0xFF63, T_NO_START }, /* ｣ */
	{ 0xFF64, T_NO_START }, /* ､ */
	{ 0xFF65, T_NO_START | T_NO_END }, /* ･ */
};

/* One decoded character of the paragraph: 16 bytes, as there is one for
 * every byte of a 100,000-character paragraph while it is laid out. */
struct wrap_char {
	size_t off; /* byte offset in the paragraph */
	uint32_t uc; /* the character, U+FFFD for invalid bytes */
	unsigned int width : 2; /* columns, from width_char() */
	unsigned int space : 1; /* dropped when at a break */
	unsigned int brk : 1; /* a line may start here (tailored) */
	unsigned int tie : 1; /* never cut before it: a mark, or —— …… */
	unsigned int glue : 1; /* a forced cut should not fall before it */
	unsigned int flags : 6; /* T_* from the tailoring table */
};

static int tailor_cmp(const void *key, const void *elem)
{
	uint32_t uc = *(const uint32_t *)key;
	uint32_t t = ((const struct tailor *)elem)->uc;

	return uc < t ? -1 : uc > t;
}

static unsigned int tailor_flags(uint32_t uc)
{
	const struct tailor *t;

	/* Most characters of a paragraph are Han, between the table's
	 * CJK punctuation and its full-width forms. */
	if ((uc > 0x30FB && uc < 0xFF01) || uc > 0xFF65)
		return 0;
	t = bsearch(&uc, tailor, sizeof(tailor) / sizeof(tailor[0]),
		    sizeof(tailor[0]), tailor_cmp);
	return t ? t->flags : 0;
}

/* Spaces that vanish at a break: ASCII space and what is drawn as one. */
static int wrap_is_space(uint32_t uc)
{
	return uc == ' ' || utf8_classify(uc) == UTF8_SPACE;
}

/* A full-width digit or Latin letter (０-９, Ａ-Ｚ, ａ-ｚ): numbers and
 * words set in them (１０％, ２０２３年) are kept whole as ASCII ones. */
static int fullwidth_alnum(uint32_t uc)
{
	return (uc >= 0xFF10 && uc <= 0xFF19) ||
	       (uc >= 0xFF21 && uc <= 0xFF3A) || (uc >= 0xFF41 && uc <= 0xFF5A);
}

/* A letter or digit of the alphabets below U+2000 (Latin, Greek,
 * Cyrillic...), whose words spaces separate.  Not the symbols above it that
 * Unicode calls alphabetic, such as the regional indicators of flags. */
static int latin(const struct wrap_char *ch)
{
	return (ch->uc < 0x2000 && ch->width == 1 && uc_is_alnum(ch->uc)) ||
	       fullwidth_alnum(ch->uc);
}

/* Part of a Latin word or number, for the forced cut: a letter or digit,
 * or ASCII punctuation found inside numbers and URLs (not a bracket, quote
 * or dash), so "9.3%", "1.23", "U.S." and a URL are one word each, and
 * “English” is a word between quotes. */
static int word_char(const struct wrap_char *ch)
{
	return latin(ch) || (ch->uc > 0x20 && ch->uc < 0x7F &&
			     strchr("!#$%&*+,./:;=?@\\^_|~", (int)ch->uc)) ||
	       ch->uc == 0xFF0E || ch->uc == 0xFF1A || ch->uc == 0xFF05;
}

/* Splitting before c[k] would split —— or ……. */
static int pair_split(const struct wrap_char *c, size_t k)
{
	return (c[k].flags & T_PAIR) && c[k - 1].uc == c[k].uc;
}

/* May a line start at c[k] (k > 0)?  `last` is the last character before
 * it that is neither a space nor zero-width (SIZE_MAX if none), `p`
 * libunistring's answer. */
static int tailored_break(const struct wrap_char *c, size_t k, size_t last,
			  const char *p)
{
	/* p[] marks a break before a character, except after a mandatory
	 * break, which it marks on the newline itself.  UC_BREAK_UNDEFINED
	 * at a character start (were the decoders to disagree) is no
	 * break. */
	int brk = p[c[k].off] == UC_BREAK_POSSIBLE ||
		  p[c[k].off] == UC_BREAK_HYPHENATION ||
		  p[c[k - 1].off] == UC_BREAK_MANDATORY;

	/* Between CJK and a quotation mark, and between a closing and an
	 * opening one (“娘家人”“知心人”). */
	if ((c[k].flags & T_OPEN_QUOTE) &&
	    (utf8_is_cjk(c[k - 1].uc) || (c[k - 1].flags & T_CLOSE_QUOTE)))
		brk = 1;
	if ((c[k - 1].flags & T_CLOSE_QUOTE) && utf8_is_cjk(c[k].uc))
		brk = 1;
	/* The prohibitions win over everything above. */
	if (c[k].flags & T_NO_START)
		brk = 0;
	if (last != SIZE_MAX && (c[last].flags & T_NO_END))
		brk = 0;
	if (pair_split(c, k))
		brk = 0;
	/* Latin words and numbers are never split. */
	if (latin(&c[k]) && (latin(&c[k - 1]) ||
			     (k >= 2 && (c[k - 1].flags & T_IN_WORD) &&
			      latin(&c[k - 2]))))
		brk = 0;
	return brk;
}

/* Decode `n` (> 0) bytes of `s` and mark the tailored break opportunities,
 * or with `words` only those after spaces (everything between spaces is
 * one word).  Returns a malloc'd array of at least *count + 1 characters
 * (c[*count] only holds off = n), or NULL when out of memory. */
static struct wrap_char *wrap_scan(const char *s, size_t n, size_t *count,
				   int words)
{
	struct wrap_char *c;
	char *p;
	size_t nc = 0, last = SIZE_MAX;
	int prev_word = 0;

	/* Room for n characters, the most n bytes can hold: cheaper than a
	 * counting pass, which would decode everything twice. */
	if (n >= SIZE_MAX / sizeof(*c))
		return NULL;
	c = malloc((n + 1) * sizeof(*c));
	p = malloc(n);
	if (!c || !p) {
		free(c);
		free(p);
		return NULL;
	}
	/* "UTF-8", never a CJK charset: libunistring would then resolve
	 * Ambiguous characters (“ ” …) as ideographs, unlike width.c. */
	u8_possible_linebreaks((const uint8_t *)s, n, "UTF-8", p);

	for (size_t k = 0, i = 0; i < n; k++, nc++) {
		struct wrap_char *ch = &c[k];
		int word;

		ch->off = i;
		i += utf8_next(s + i, n - i, &ch->uc);
		ch->width = (unsigned int)width_char(ch->uc) & 3;
		ch->space = wrap_is_space(ch->uc) != 0;
		ch->flags = tailor_flags(ch->uc) & 63;
		/* A combining mark belongs to the word of its base. */
		word = ch->width == 0 ? prev_word
				      : words ? !ch->space : word_char(ch);
		ch->brk = k > 0 && (words ? c[k - 1].space && !ch->space
					  : tailored_break(c, k, last, p));
		ch->tie = k > 0 && (ch->width == 0 || pair_split(c, k));
		ch->glue = ch->tie || (k > 0 && word && prev_word);
		prev_word = word;
		/* Marks and invisible characters belong to what precedes
		 * them: a line that ends in "/" and a mark ends in "/". */
		if (!ch->space && ch->width > 0)
			last = k;
	}
	/* Nor may a line start with spaces before a character that may not
	 * start one (after a newline, the only break before spaces): they
	 * would be dropped. */
	for (size_t k = nc, next = SIZE_MAX; k-- > 1;) {
		if (!c[k].space)
			next = k;
		else if (next != SIZE_MAX && (c[next].flags & T_NO_START))
			c[k].brk = 0;
	}
	c[nc].off = n;
	free(p);
	*count = nc;
	return c;
}

/* How a line was ended, from best to worst. */
enum fit {
	FIT_ALL, /* the rest of the paragraph fits */
	FIT_BREAK, /* cut at a break opportunity */
	FIT_SOFT, /* forced, but outside words and pairs */
	FIT_HARD, /* forced, inside a word wider than a line */
	FIT_SPLIT, /* forced, inside a word a full line would hold */
	FIT_TIE, /* forced, splitting a pair or a mark from its base */
	FIT_NONE, /* not even the first character fits */
};

struct span {
	size_t end; /* character after the line's last (spaces dropped) */
	size_t next; /* first character of the next line */
	size_t width; /* columns of the line */
};

static size_t skip_spaces(const struct wrap_char *c, size_t count, size_t i)
{
	while (i < count && c[i].space)
		i++;
	return i;
}

/* Width of the glued run (see wrap_char.glue) starting at c[from], counted
 * only as far as `limit`: more than `limit` means it is wider. */
static size_t run_width(const struct wrap_char *c, size_t count, size_t from,
			size_t limit)
{
	size_t w = c[from].width;

	for (size_t j = from + 1; j < count && c[j].glue && w <= limit; j++)
		w += c[j].width;
	return w;
}

/* Choose where a line with no opportunity is cut (see the top comment):
 * `cut` is the last boundary outside words and pairs, `hard` the last that
 * splits no pair (either may be NULL), `last` the one before the first
 * character that does not fit. */
static enum fit forced_cut(const struct wrap_char *c, size_t count,
			   size_t from, size_t width, const struct span *cut,
			   const struct span *hard, struct span last,
			   struct span *out)
{
	size_t word = from;

	/* Before the word that does not fit, if it fits a line of its own:
	 * cutting it elsewhere would split it for nothing. */
	if (cut) {
		word = skip_spaces(c, count, cut->next);
		if (word < count && run_width(c, count, word, width) <= width) {
			*out = *cut;
			return FIT_SOFT;
		}
	}
	if (!hard) {
		*out = last;
		return FIT_TIE;
	}
	*out = *hard;
	if (!c[hard->next].glue)
		return FIT_SOFT;
	/* Inside the word: rightly when it is wider than a whole line. */
	return run_width(c, count, word, width) > width ? FIT_HARD : FIT_SPLIT;
}

/* Fill one line of `room` columns from character `from` (not a space);
 * `width` is the room of the lines after it.  Scans no further than the
 * first character that does not fit, and for a forced cut the word that
 * character is in. */
static enum fit fit_line(const struct wrap_char *c, size_t count, size_t from,
			 size_t room, size_t width, struct span *out)
{
	size_t w = 0, pend = 0, end = from, i;
	struct span cand = { 0, 0, 0 }, cut = { 0, 0, 0 }, hard = { 0, 0, 0 };
	int have = 0, have_cut = 0, have_hard = 0;

	for (i = from; i < count; i++) {
		if (i > from && c[i].brk) {
			cand = (struct span){ end, i, w };
			have = 1;
		}
		if (i > from && !c[i].glue) {
			cut = (struct span){ end, i, w };
			have_cut = 1;
		}
		if (i > from && !c[i].tie) {
			hard = (struct span){ end, i, w };
			have_hard = 1;
		}
		/* Spaces count only once something follows them on the
		 * same line. */
		if (c[i].space) {
			pend += c[i].width;
			continue;
		}
		if (w + pend + c[i].width > room)
			break;
		w += pend + c[i].width;
		pend = 0;
		end = i + 1;
	}
	if (i == count) {
		*out = (struct span){ end, count, w };
		return FIT_ALL;
	}
	if (have) {
		*out = cand;
		return FIT_BREAK;
	}
	if (end == from)
		return FIT_NONE;
	return forced_cut(c, count, from, width, have_cut ? &cut : NULL,
			  have_hard ? &hard : NULL, (struct span){ end, i, w },
			  out);
}

/* Append a line; the array grows by doubling.  Returns 0 or -1. */
static int push_line(struct wrap_line **lines, size_t *nl, size_t *cap,
		     size_t start, size_t end, size_t width)
{
	if (array_grow(lines, cap, *nl + 1, sizeof **lines) < 0)
		return -1;
	(*lines)[(*nl)++] = (struct wrap_line){ start, end - start, width };
	return 0;
}

/* wrap_paragraph, or wrap_words when `words`. */
static long wrap_with(const char *s, size_t n, size_t width, size_t indent,
		      int words, struct wrap_line **lines)
{
	struct wrap_char *c;
	struct wrap_line *out = NULL;
	size_t count, nl = 0, cap = 0, pos, room;

	*lines = NULL;
	if (n == 0)
		return 0;
	if (width == 0) {
		if (push_line(&out, &nl, &cap, 0, n, width_str(s, n)))
			return -1;
		*lines = out;
		return 1;
	}

	c = wrap_scan(s, n, &count, words);
	if (!c)
		return -1;
	room = width - (indent < width ? indent : width - 1);
	pos = skip_spaces(c, count, 0);
	if (pos == count && push_line(&out, &nl, &cap, n, n, 0))
		goto oom;

	while (pos < count) {
		struct span sp;
		enum fit k = fit_line(c, count, pos, room, width, &sp);

		if (room < width && k >= FIT_SOFT) {
			/* The indented first line: see the top comment.  A
			 * full line can always hold the first character, as
			 * room < width means width >= 2. */
			struct span full;
			enum fit kf = fit_line(c, count, pos, width, width,
					       &full);

			if (kf < k) {
				if (push_line(&out, &nl, &cap, c[pos].off,
					      c[pos].off, 0))
					goto oom;
				sp = full;
				k = kf;
			}
		}
		room = width;
		if (k == FIT_NONE) {
			/* A wide character in a one-column line stands
			 * alone, with the marks that combine with it. */
			sp.end = pos + 1;
			while (sp.end < count && !c[sp.end].space &&
			       c[sp.end].width == 0)
				sp.end++;
			sp.next = sp.end;
			sp.width = c[pos].width;
		}
		if (push_line(&out, &nl, &cap, c[pos].off, c[sp.end].off,
			      sp.width))
			goto oom;
		pos = skip_spaces(c, count, sp.next);
	}
	free(c);
	*lines = out;
	return (long)nl;
oom:
	free(c);
	free(out);
	return -1;
}

long wrap_paragraph(const char *s, size_t n, size_t width, size_t indent,
		    struct wrap_line **lines)
{
	return wrap_with(s, n, width, indent, 0, lines);
}

long wrap_words(const char *s, size_t n, size_t width, size_t indent,
		struct wrap_line **lines)
{
	return wrap_with(s, n, width, indent, 1, lines);
}

size_t wrap_cut_end(const char *s, size_t n, size_t at)
{
	size_t k = at < n ? at : n;
	uint32_t next = 0; /* the character after k, 0 at the end */

	if (k < n)
		utf8_next(s + k, n - k, &next);
	while (k > 0) {
		/* the last character before k that shows: marks and
		 * invisible characters go with it, as in wrap_scan() */
		const char *p = s + k;
		uint32_t uc = 0;

		do
			p = utf8_prev(p, s, &uc);
		while (p && p > s && !wrap_is_space(uc) && width_char(uc) == 0);
		if (!p)
			break; /* not UTF-8 before k: it shows as U+FFFD */
		unsigned int f = tailor_flags(uc);

		if (!wrap_is_space(uc) && !(f & T_NO_END) &&
		    !((f & T_PAIR) && uc == next))
			break;
		next = uc;
		k = (size_t)(p - s);
	}
	return k;
}
