/* norm: joins, stray spaces, padded names, NFC (see include/kanbao/build/norm.h). */
#include "kanbao/build/norm.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <uninorm.h>

#include "kanbao/base/array.h"
#include "kanbao/base/buf.h"
#include "kanbao/base/utf8.h"

/* A letter or digit of a Latin, Greek or Cyrillic word: two of these keep
 * a space where a line was broken between them. */
static int wordish(uint32_t uc)
{
	return (uc >= '0' && uc <= '9') || (uc >= 'A' && uc <= 'Z') ||
	       (uc >= 'a' && uc <= 'z') || (uc >= 0xC0 && uc <= 0x24F &&
					    uc != 0xD7 && uc != 0xF7) ||
	       (uc >= 0x370 && uc <= 0x52F);
}

static int digit(uint32_t uc)
{
	return uc >= '0' && uc <= '9';
}

/* Are the `o` bytes of `s` a list item's mark that opens the text: a
 * bullet "•", or a number and "." or ")" ("1.", "12)")?  The space after
 * one stays, as a list sets it. */
static int list_mark(const char *s, size_t o)
{
	if (o == 3 && !memcmp(s, "•", 3))
		return 1;
	size_t d = 0;
	while (d < o && digit((unsigned char)s[d]))
		d++;
	return d > 0 && d <= 9 && o == d + 1 && (s[d] == '.' || s[d] == ')');
}

/* Punctuation Chinese text shares with Western text: a space next to it is
 * stray when the text around is Chinese. */
static int shared_punct(uint32_t uc)
{
	return uc == 0x2014 || uc == 0x2026 || uc == 0x201C || uc == 0x201D ||
	       uc == 0x2018 || uc == 0x2019 || uc == 0x00B7;
}

/* NFC of `n` bytes of `s` as a new NUL-terminated string; NULL when out of
 * memory. */
static char *nfc_copy(const char *s, size_t n)
{
	size_t len = 0;
	uint8_t *r = u8_normalize(UNINORM_NFC, (const uint8_t *)s, n, NULL,
				  &len);
	if (!r)
		return NULL;
	char *out = malloc(len + 1);
	if (out) {
		memcpy(out, r, len);
		out[len] = '\0';
	}
	free(r);
	return out;
}

static char *nfc(struct buf *b)
{
	if (b->failed) {
		buf_free(b);
		return NULL;
	}
	char *out = nfc_copy(b->p ? b->p : "", b->len);
	buf_free(b);
	return out;
}

int norm_nfc_stable(uint32_t uc)
{
	return uc < 0x300 || /* ASCII, Latin-1, Latin Extended */
	       (uc >= 0x4E00 && uc <= 0x9FFF) || /* CJK ideographs */
	       (uc >= 0x3400 && uc <= 0x4DBF) || /* extension A */
	       (uc >= 0x3000 && uc <= 0x3029) || /* CJK punctuation, */
	       (uc >= 0x3030 && uc <= 0x303F) || /* but tone marks */
	       (uc >= 0x2010 && uc <= 0x2027) || /* dashes, quotes, … */
	       (uc >= 0x2030 && uc <= 0x205E) ||
	       (uc >= 0xFF01 && uc <= 0xFFEF); /* full-width forms */
}

/* norm_text and norm_title: with `heads`, an ideographic space a line
 * sets between two phrases stays. */
static char *norm(const char *s, size_t n, int heads)
{
	/* Never longer than `s`: a run of spaces and line breaks becomes at
	 * most one space. */
	char *out = malloc(n + 1);
	if (!out)
		return NULL;
	size_t o = 0;
	int stable = 1; /* every character kept is left alone by NFC */
	uint32_t prev = 0; /* last character written, 0 at the start */
	int chinese = 0; /* the last letter written was CJK */
	for (size_t i = 0; i < n;) {
		uint32_t uc;
		size_t len = utf8_next(s + i, n - i, &uc);
		if (!utf8_is_space(uc) && uc != '\n') {
			/* a run of other characters is copied as it is */
			size_t from = i;
			for (;;) {
				stable &= norm_nfc_stable(uc);
				prev = uc;
				if (utf8_is_cjk(uc) || wordish(uc))
					chinese = utf8_is_cjk(uc);
				i += len;
				if (i >= n)
					break;
				len = utf8_next(s + i, n - i, &uc);
				if (utf8_is_space(uc) || uc == '\n')
					break;
			}
			memcpy(out + o, s + from, i - from);
			o += i - from;
			continue;
		}
		/* A run of spaces and line breaks: what follows it? */
		int spaces = 0, ideo = 0, broken = 0;
		uint32_t nextc = 0;
		while (i < n) {
			len = utf8_next(s + i, n - i, &uc);
			if (!utf8_is_space(uc) && uc != '\n') {
				nextc = uc;
				break;
			}
			spaces |= uc != '\n';
			ideo |= uc == 0x3000;
			broken |= uc == '\n';
			i += len;
		}
		if (!prev || !nextc)
			continue; /* leading or trailing */
		if (heads && ideo && !broken &&
		    (utf8_is_cjk(prev) || utf8_is_cjk(nextc))) {
			memcpy(out + o, "\xE3\x80\x80", 3); /* 城市更新　李强主持 */
			o += 3;
			prev = 0x3000;
			continue;
		}
		if (spaces && list_mark(out, o)) {
			out[o++] = ' '; /* "• 播种机", "1. 第一步" */
			continue;
		}
		if (utf8_is_cjk(prev) || utf8_is_cjk(nextc))
			continue; /* stray space, or a join next to Han */
		if (chinese && (shared_punct(prev) || shared_punct(nextc)))
			continue; /* "成绩单—— 2022" */
		/* A line broken between two Latin words keeps a space; one
		 * broken inside a number does not ("700" / "多万"). */
		if (spaces ? 1 : wordish(prev) && wordish(nextc) &&
				 !(digit(prev) && digit(nextc)))
			out[o++] = ' ';
	}
	out[o] = '\0';
	if (stable)
		return out;
	char *r = nfc_copy(out, o);
	free(out);
	return r;
}

/* Byte length of the first character when `tok` is exactly one Han
 * character, else 0. */
static size_t single_han(const char *tok, size_t n)
{
	uint32_t uc;
	size_t len = utf8_next(tok, n, &uc);
	return len == n && utf8_is_han(uc) ? len : 0;
}

char *norm_text(const char *s, size_t n)
{
	return norm(s, n, 0);
}

char *norm_title(const char *s, size_t n)
{
	return norm(s, n, 1);
}

char *norm_names(const char *s, size_t n)
{
	/* Tokens as (start, length). */
	size_t cap = 0, nt = 0;
	size_t(*tok)[2] = NULL;
	for (size_t i = 0; i < n;) {
		uint32_t uc;
		size_t len = utf8_next(s + i, n - i, &uc);
		if (utf8_is_space(uc) || uc == '\n') {
			i += len;
			continue;
		}
		size_t start = i;
		while (i < n) {
			len = utf8_next(s + i, n - i, &uc);
			if (utf8_is_space(uc) || uc == '\n')
				break;
			i += len;
		}
		if (array_grow(&tok, &cap, nt + 1, sizeof *tok) < 0) {
			free(tok);
			return NULL;
		}
		tok[nt][0] = start;
		tok[nt++][1] = i - start;
	}
	struct buf b = { 0 };
	for (size_t t = 0; t < nt;) {
		size_t run = 0;
		while (t + run < nt && single_han(s + tok[t + run][0],
						  tok[t + run][1]))
			run++;
		if (b.len)
			buf_putc(&b, ' ');
		if (run < 2) {
			buf_put(&b, s + tok[t][0], tok[t][1]);
			t++;
			continue;
		}
		/* Pairs, except that an odd run ends with a three. */
		for (size_t k = 0; k < run;) {
			size_t take = run - k == 3 ? 3 : 2;
			if (k)
				buf_putc(&b, ' ');
			for (size_t j = 0; j < take; j++)
				buf_put(&b, s + tok[t + k + j][0],
					tok[t + k + j][1]);
			k += take;
		}
		t += run;
	}
	free(tok);
	return nfc(&b);
}
