/* hanzi: a query's other script forms, simplified and traditional, so a
 * search for 習近平 finds 习近平 and the reverse.
 *
 * The forms come from OpenCC when kanbao is built with it (meson option
 * `opencc`, KANBAO_OPENCC): its phrase-aware conversions t2s.json
 * (traditional to simplified) and s2t.json (simplified to traditional) of
 * the whole query.  A form is kept only when it differs from the query and
 * has exactly as many characters, so a hit of any form is as long, in
 * characters, as the query.  (OpenCC 1.1.6's t2s and s2t dictionaries never
 * change the count; text after a NUL byte is dropped, so "習\0近" gives
 * "习", which is dropped.)  A query with no character from U+2E80 on (no
 * Han) or that is not valid UTF-8 has no other forms, and OpenCC is not
 * asked.
 *
 * The converters are opened once, on first use, and shared by all threads;
 * calls are serialised by one lock (a conversion takes about 10 us, but
 * opening s2t.json takes about 40 ms: its phrase dictionary is large, so
 * call hanzi_open where a wait does no harm, before the first query).
 * Without OpenCC, or when its configuration cannot be opened, there are no
 * other forms and hanzi_folding() says so: never an error. */
#ifndef KANBAO_HANZI_H
#define KANBAO_HANZI_H

#include <stddef.h>

enum { HANZI_FORMS = 2 }; /* other forms of a query at most: t2s, s2t */

/* Open the converters now, from OpenCC configurations `t2s` and `s2t`
 * (file names OpenCC looks up in its data directory, or paths; NULL: the
 * standard "t2s.json" and "s2t.json"), closing any open before.  Returns
 * 1 when folding is on, 0 when it is off (see hanzi_status). */
int hanzi_open(const char *t2s, const char *s2t);

/* Whether simplified/traditional folding is on: 1 or 0.  Opens the
 * standard converters first if nothing has been opened yet. */
int hanzi_folding(void);

/* Why folding is off ("built without OpenCC", or OpenCC's own message for
 * a configuration it cannot open); NULL when it is on or not yet tried.  A
 * static string, valid until the next hanzi_open or hanzi_close. */
const char *hanzi_status(void);

/* The other forms of the query `q` (`qlen` bytes of UTF-8), the t2s one
 * before the s2t one: each a malloc'd, NUL-terminated string in out[i]
 * (the caller frees each), its length in bytes in len[i].  Returns how
 * many (0 to HANZI_FORMS), or -1 when out of memory (nothing to free).  A
 * form OpenCC fails to make (it returns NULL, opencc_error() says why) is
 * left out: that concerns the query, folding stays on. */
int hanzi_forms(const char *q, size_t qlen, char *out[HANZI_FORMS],
		size_t len[HANZI_FORMS]);

/* Close the converters and free what OpenCC holds; a later call opens them
 * again (so the reader calls it after its search thread has ended, before
 * it exits).  A conversion on another thread finishes first.  Safe when
 * nothing is open.  Not run at exit by itself: open converters stay
 * reachable until then, which is no leak. */
void hanzi_close(void);

#endif
