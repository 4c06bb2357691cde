/* hanzi: the variants of Han characters, simplified and traditional, for a
 * corpus's FOLD table (format/index.h), so that search finds 习近平 for
 * 習近平 and the reverse, and the reader needs no dictionary to do it.
 *
 * Two characters are variants when one converts to the other, alone (not
 * in a phrase): with OpenCC, by its character dictionaries TSCharacters
 * (traditional to simplified: 習 to 习, 發 and 髮 to 发) and STCharacters
 * (simplified to traditional, its first choice: 发 to 發); or by pairs
 * given (tests).  A class is the characters so joined, one with another,
 * and each of its characters folds to its lowest code point.  Only a
 * conversion between two characters from U+0080 on of one length in UTF-8
 * joins them (the table's rules): OpenCC's few hundred that turn a CJK
 * Extension A character into an Extension B one, or back, are left out.
 *
 * The table holds every class with a character the text holds, all of its
 * characters, so a query is folded in a form the text does not hold (頭髮
 * finds 头发, though the text has no 髮).  To know what converts to a
 * character, OpenCC is asked about every character of U+3400..U+9FFF (CJK
 * Extension A and the Unified Ideographs, where all but a few hundred of
 * its conversions lie), and about each character of the text outside them
 * with what it converts to, until nothing new comes.
 *
 * libopencc is loaded with dlopen, not linked (KANBAO_OPENCC_LIB, its
 * soname at build time), and its dictionaries are opened through a
 * configuration of its two character dictionaries alone, in memory (a
 * memfd), not t2s.json and s2t.json, whose phrase dictionaries take tens
 * of milliseconds to load and are not wanted.  OpenCC keeps its last error
 * in one global string: one thread at a time on a `struct hanzi`, which
 * asks its two converters about the sweep at once, each on a thread (each
 * has its own dictionaries; the string is written only when one fails). */
#ifndef KANBAO_HANZI_H
#define KANBAO_HANZI_H

#include <stddef.h>
#include <stdint.h>

#include "kanbao/base/err.h"

struct hanzi;

/* OpenCC's variants, ready to be asked.  NULL when they cannot be, with
 * the reason in `why` (`len` bytes): kanbao-build built without OpenCC
 * ("built without OpenCC"), libopencc or its dictionaries missing (OpenCC's
 * own message), out of memory.  Free with hanzi_free. */
struct hanzi *hanzi_opencc(char *why, size_t len);

/* The variants of `n` pairs given: pairs[i][0] and pairs[i][1] are
 * variants (copied).  NULL when out of memory. */
struct hanzi *hanzi_given(const uint32_t (*pairs)[2], size_t n);

/* Close what `h` holds (OpenCC's converters; libopencc stays loaded until
 * the program ends); NULL does nothing. */
void hanzi_free(struct hanzi *h);

/* Ask OpenCC about the sweep (U+3400..U+9FFF, both ways: some tens of
 * milliseconds) now, rather than in the first hanzi_table, which then only
 * asks about the text's characters outside it.  It needs no text, so a
 * thread can do it while the text is being read.  ERR_OK (also for pairs
 * given: nothing to ask); ERR_NOMEM; ERR_IO when OpenCC fails (its
 * message in `e`).  Not at the same time as another call on `h`. */
enum err_code hanzi_sweep(struct hanzi *h, struct err *e);

/* The FOLD section for a text whose letters and digits from U+0080 on are
 * chars[0..n), ascending: the entries (format/index.h) of every class that
 * holds one of them, ascending by the character folded, malloc'd in *out
 * (the caller frees it), its bytes in *len; NULL and 0 when there is none.
 * ERR_OK; ERR_NOMEM; or ERR_IO when OpenCC fails to convert (its message
 * in `e`). */
enum err_code hanzi_table(struct hanzi *h, const uint32_t *chars, size_t n,
			  uint8_t **out, size_t *len, struct err *e);

#endif
