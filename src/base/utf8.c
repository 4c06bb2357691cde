/* utf8: decoding and the one policy for control characters
 * (see include/kanbao/base/utf8.h). */
#include "kanbao/base/utf8.h"

#include <stdlib.h>
#include <string.h>
#include <unistr.h>

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

int utf8_valid(const char *s, size_t n)
{
	return u8_check((const uint8_t *)s, n) == NULL;
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
	if (outlen)
		*outlen = o;
	if (changed)
		*changed = nchanged;
	return out;
}
