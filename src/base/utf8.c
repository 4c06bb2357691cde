/* utf8: decoding and the one policy for control characters
 * (see include/kanbao/base/utf8.h). */
#include "kanbao/base/utf8.h"

#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "kanbao/base/le.h"

size_t utf8_next_slow(const char *s, size_t n, uint32_t *uc)
{
	ucs4_t c;
	int len = u8_mbtouc(&c, (const uint8_t *)s, n);
	*uc = c;
	return len > 0 ? (size_t)len : 1;
}

const char *utf8_prev_slow(const char *s, const char *start, uint32_t *uc)
{
	ucs4_t c;
	const uint8_t *p = u8_prev(&c, (const uint8_t *)s,
				   (const uint8_t *)start);
	if (!p)
		return NULL;
	*uc = c;
	return (const char *)p;
}

size_t utf8_put(uint32_t uc, char *out)
{
	int len = u8_uctomb((uint8_t *)out, uc, 4);
	if (len <= 0)
		return (size_t)u8_uctomb((uint8_t *)out, 0xFFFD, 4);
	return (size_t)len;
}

/* By hand, not libunistring's u8_check: the reader checks every title and
 * block it reads, and a loop that takes the three-byte sequences of Han
 * first checks 2.5 times as fast (1.2 MB of generated news a line at a
 * time: 0.55 ms against 1.40).  The rules are Unicode's (Table 3-7): no
 * overlong form, no surrogate, nothing above U+10FFFF. */
/* Whether the character whose lead byte is at p[0] (one of C2, D8, E2,
 * EF), with `left` bytes from it, is one utf8_classify does not keep:
 * U+0080..U+009F and U+00AD, U+061C, U+200B, U+200E..U+200F,
 * U+2028..U+202E, U+2060..U+2064, U+2066..U+2069, U+FEFF, U+FFF9..U+FFFB.
 * Text cut short says yes. */
static int lead_needs_clean(const unsigned char *p, size_t left)
{
	unsigned need = p[0] < 0xE0 ? 2 : 3;
	if (left < need)
		return 1;
	unsigned b1 = p[1], b2 = need == 3 ? p[2] : 0;
	switch (p[0]) {
	case 0xC2:
		return b1 < 0xA0 || b1 == 0xAD;
	case 0xD8:
		return b1 == 0x9C;
	case 0xE2:
		if (b1 == 0x80)
			return b2 == 0x8B || b2 == 0x8E || b2 == 0x8F ||
			       (b2 >= 0xA8 && b2 <= 0xAE);
		return b1 == 0x81 && b2 >= 0xA0 && b2 <= 0xA9 && b2 != 0xA5;
	default: /* 0xEF */
		return (b1 == 0xBB && b2 == 0xBF) ||
		       (b1 == 0xBF && b2 >= 0xB9 && b2 <= 0xBB);
	}
}

/* Whether the six bytes at p (eight readable) are two characters of
 * three bytes led by E3 to EC (CJK punctuation, kana, Han, Hangul: most
 * of a Chinese title), checked at once: such a character is valid with
 * any two continuation bytes after its lead and is never cleaned, so
 * valid_scan may step over both (perf: valid_scan, a byte at a time, was
 * 12 to 18% of kanbao --search 发展 --count at 1 GB). */
static inline int two_wide(const unsigned char *p)
{
	/* leads E_, continuation bytes 10xxxxxx, then the leads' range */
	return (le_get64(p) & 0xC0C0F0C0C0F0u) == 0x8080E08080E0u &&
	       (unsigned)(p[0] - 0xE3) <= 0xEC - 0xE3 &&
	       (unsigned)(p[3] - 0xE3) <= 0xEC - 0xE3;
}

/* utf8_valid, and with `plain` non-NULL, in the same pass, whether
 * utf8_clean would leave the text as it is (*plain 1: utf8_needs_clean
 * 0; set only for valid text).  Inline in both: utf8_valid pays nothing
 * for the question it does not ask. */
static inline int valid_scan(const char *s, size_t n, int *plain)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	int kept = 1;
	while (p < end) {
		unsigned c = *p;
		size_t left = (size_t)(end - p);
		if (left >= 8 && two_wide(p)) {
			p += 6;
			continue;
		}
		if (c < 0x80) {
			kept &= !plain || (c >= 0x20 && c != 0x7F);
			p++;
		} else if (c >= 0xE1 && c <= 0xEF && c != 0xED) {
			if (left < 3 || (p[1] & 0xC0) != 0x80 ||
			    (p[2] & 0xC0) != 0x80)
				return 0;
			if (plain && (c == 0xE2 || c == 0xEF))
				kept &= !lead_needs_clean(p, left);
			p += 3;
		} else if (c >= 0xC2 && c <= 0xDF) {
			if (left < 2 || (p[1] & 0xC0) != 0x80)
				return 0;
			if (plain && (c == 0xC2 || c == 0xD8))
				kept &= !lead_needs_clean(p, left);
			p += 2;
		} else if (c == 0xE0 || c == 0xED) {
			/* E0: no overlong form; ED: no surrogate */
			unsigned lo = c == 0xE0 ? 0xA0 : 0x80;
			unsigned hi = c == 0xE0 ? 0xBF : 0x9F;
			if (left < 3 || p[1] < lo || p[1] > hi ||
			    (p[2] & 0xC0) != 0x80)
				return 0;
			p += 3;
		} else if (c >= 0xF0 && c <= 0xF4) {
			/* F0: no overlong form; F4: nothing past U+10FFFF */
			unsigned lo = c == 0xF0 ? 0x90 : 0x80;
			unsigned hi = c == 0xF4 ? 0x8F : 0xBF;
			if (left < 4 || p[1] < lo || p[1] > hi ||
			    (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80)
				return 0;
			p += 4;
		} else {
			return 0; /* a continuation byte, C0, C1, F5..FF */
		}
	}
	if (plain)
		*plain = kept;
	return 1;
}

int utf8_valid(const char *s, size_t n)
{
	return valid_scan(s, n, NULL);
}

int utf8_valid_plain(const char *s, size_t n, int *plain)
{
	return valid_scan(s, n, plain);
}

enum utf8_class utf8_classify(uint32_t uc)
{
	/* Printable ASCII, and everything from U+206A to U+FEFE (Han, CJK
	 * punctuation...): none of the cases below. */
	if ((uc >= 0x20 && uc < 0x7F) || (uc >= 0x206A && uc < 0xFEFF))
		return UTF8_KEEP;
	if (uc == '\t')
		return UTF8_SPACE;
	if (uc < 0x20 || uc == 0x7F || (uc >= 0x80 && uc < 0xA0))
		return UTF8_PICTURE;
	/* Bidi embeddings, overrides and isolates, the byte order mark,
	 * interlinear annotation and other invisible format characters that
	 * could make the text on screen differ from the text in the file. */
	if ((uc >= 0x202A && uc <= 0x202E) || (uc >= 0x2066 && uc <= 0x2069) ||
	    uc == 0x200E || uc == 0x200F || uc == 0x061C || uc == 0xFEFF ||
	    (uc >= 0xFFF9 && uc <= 0xFFFB) || uc == 0x00AD ||
	    (uc >= 0x2060 && uc <= 0x2064) || uc == 0x200B)
		return UTF8_DROP;
	if (uc == 0x2028 || uc == 0x2029)
		return UTF8_SPACE;
	return UTF8_KEEP;
}

uint32_t utf8_picture(uint32_t uc)
{
	if (uc < 0x20)
		return 0x2400 + uc;
	if (uc == 0x7F)
		return 0x2421;
	return 0xFFFD;
}

char *utf8_clean(const char *s, size_t n, unsigned keep, size_t *outlen,
		 size_t *changed)
{
	/* Every input byte yields at most 3 output bytes (U+FFFD or a
	 * picture for a one-byte sequence). */
	char *out = malloc(n * 3 + 1);
	if (!out)
		return NULL;
	size_t o = utf8_clean_to(s, n, keep, out, changed);
	if (outlen)
		*outlen = o;
	return out;
}

int utf8_needs_clean(const char *s, size_t n)
{
	/* Everything utf8_classify does not keep starts with one of these:
	 * C0 controls, DEL, and the lead bytes of U+0080..U+00BF (C1
	 * controls, the soft hyphen), U+061C, U+2000..U+207F (format
	 * characters, separators) and U+F000..U+FFFF (BOM, U+FFF9..B); of
	 * the leads, the character decides: “ ” — … are kept, and common in
	 * titles. */
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < n; i++) {
		unsigned c = p[i];
		if (c < 0x20 || c == 0x7F)
			return 1;
		if ((c == 0xC2 || c == 0xD8 || c == 0xE2 || c == 0xEF) &&
		    lead_needs_clean(p + i, n - i))
			return 1;
	}
	return 0;
}

size_t utf8_clean_to(const char *s, size_t n, unsigned keep, char *out,
		     size_t *changed)
{
	size_t o = 0, nchanged = 0;
	size_t run = 0; /* start of the kept characters not yet copied */
	for (size_t i = 0; i < n;) {
		uint32_t uc;
		size_t len = utf8_next(s + i, n - i, &uc);
		int invalid = utf8_invalid(s + i, len, uc);
		int kept = !invalid &&
			   (uc == '\n'   ? (keep & UTF8_KEEP_NEWLINES) != 0
			    : uc == '\f' ? (keep & UTF8_KEEP_FORMFEEDS) != 0
					 : utf8_classify(uc) == UTF8_KEEP);
		if (kept) {
			i += len;
			continue;
		}
		memcpy(out + o, s + run, i - run);
		o += i - run;
		if (invalid) {
			o += utf8_put(0xFFFD, out + o);
			nchanged++;
		} else {
			switch (utf8_classify(uc)) {
			case UTF8_KEEP: /* not here: kept above */
				break;
			case UTF8_SPACE:
				out[o++] = ' ';
				nchanged += uc != '\t';
				break;
			case UTF8_PICTURE:
				o += utf8_put(utf8_picture(uc), out + o);
				nchanged++;
				break;
			case UTF8_DROP:
				nchanged++;
				break;
			}
		}
		i += len;
		run = i;
	}
	memcpy(out + o, s + run, n - run);
	o += n - run;
	out[o] = '\0';
	if (changed)
		*changed = nchanged;
	return o;
}
