/* merge: corpus files joined into one without the raw text (see
 * include/kanbao/build/merge.h).
 *
 * The inputs are opened as one set (format/corpus_set.h), which numbers
 * their articles, blocks and text as the output must.  The output is
 * written in file order in one pass over each section, as corpus_write
 * writes it: the article records (their strings given offsets as they are
 * first met), the block records, the strings, the texts copied, the index,
 * the checksums; the header last, over the placeholder.  Memory holds the
 * table of distinct strings, one posting list at a time and the index's
 * map from units to bytes, made from the text as it is copied; the rest
 * streams from the mapped inputs to the file, each pass letting go of the
 * pages it has read behind it (corpus_release) as it goes, so that what
 * the inputs take in memory stays the same whatever their size.
 *
 * The index is merged key by key: the inputs' key tables are walked
 * together, lowest key first and, for one key, input by input in order
 * (a heap ordered by key, then by input), so that each key's positions,
 * each input's moved by its place in TEXT's units (format/index.h), come
 * out ascending.  Two walks: the first finds the keys and their counts
 * (the index starts with their number, then the entries, each list's
 * length following from its count and the text's units alone), the
 * second writes the lists, decoded and coded again for the whole TEXT;
 * then the map, and each input's articles' starts in units, moved. */
#include "kanbao/build/merge.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "kanbao/base/array.h"
#include "kanbao/base/fs.h"
#include "kanbao/base/le.h"
#include "kanbao/build/outfile.h"
#include "kanbao/format/corpus.h"
#include "kanbao/format/corpus_file.h"
#include "kanbao/format/corpus_set.h"
#include "kanbao/format/index.h"

/* ---- the output: bytes in file order, the data region hashed ----------*/

enum { TEXT_SLICE = 1 << 20, OUT_BUFFER = 1 << 20 };

/* ---- what has been read, let go of -------------------------------------*/

/* The bytes a pass leaves behind it before it lets go of them: a system
 * call a megabyte. */
enum { LET_GO_STEP = 1 << 20 };

/* A pass over section `s` of file `c` is at `to`: let go of what lies
 * from *gone up to there once a step of it does (corpus_release). */
static void let_go(struct corpus *c, enum corpus_section s, uint64_t *gone,
		   uint64_t to)
{
	if (to - *gone < LET_GO_STEP)
		return;
	corpus_release(c, s, *gone, to);
	*gone = to;
}

/* ---- the strings, each stored once in the order first met -------------*/

struct str {
	const char *s; /* in an input's mapping */
	uint32_t len, off; /* its bytes, its offset in STRINGS */
	uint64_t hash;
};

struct strtab {
	struct str *v; /* in STRINGS order */
	size_t n, cap;
	size_t *slot; /* index + 1 into v, 0 empty; a power of two */
	size_t nslot;
	uint64_t size; /* bytes of STRINGS */
};

static size_t *slot_of(const struct strtab *t, const char *s, size_t len,
		       uint64_t hash)
{
	for (size_t i = (size_t)hash & (t->nslot - 1);;
	     i = (i + 1) & (t->nslot - 1)) {
		size_t k = t->slot[i];
		if (!k || (t->v[k - 1].hash == hash && t->v[k - 1].len == len &&
			   !memcmp(t->v[k - 1].s, s, len)))
			return &t->slot[i];
	}
}

/* The offset of `s` in STRINGS, stored there if new: 0, -1 when out of
 * memory, -2 when STRINGS would outgrow the records' u32 offsets. */
static int intern(struct strtab *t, const char *s, size_t len, uint32_t *off)
{
	if (array_grow(&t->v, &t->cap, t->n + 1, sizeof *t->v) < 0)
		return -1;
	if (2 * (t->n + 1) > t->nslot) {
		size_t nslot = t->nslot ? t->nslot * 2 : 1024;
		size_t *slot = calloc(nslot, sizeof *slot);
		if (!slot)
			return -1;
		free(t->slot);
		t->slot = slot, t->nslot = nslot;
		for (size_t k = 0; k < t->n; k++)
			*slot_of(t, t->v[k].s, t->v[k].len, t->v[k].hash) =
				k + 1;
	}
	uint64_t hash = XXH3_64bits(s, len);
	size_t *at = slot_of(t, s, len, hash);
	if (*at) {
		*off = t->v[*at - 1].off;
		return 0;
	}
	if (len > UINT32_MAX - t->size)
		return -2;
	*off = (uint32_t)t->size;
	t->v[t->n] = (struct str){ s, (uint32_t)len, *off, hash };
	*at = ++t->n;
	t->size += len;
	return 0;
}

/* ---- the job ------------------------------------------------------------*/

/* An input: where it begins in the set, its index, and where the walk
 * over its keys is. */
struct ipart {
	struct corpus *c; /* the input file */
	struct corpus_base begin; /* where it begins in the set's numbering
				     (its TEXT: after the inputs' before) */
	uint64_t u; /* its TEXT bytes */
	uint64_t units; /* its TEXT units (format/index.h): its positions
			   lie below */
	uint64_t ubegin; /* the units of the inputs before it */
	uint64_t keys, post, size; /* entries, the postings' offset, INDEX
				      bytes */
	uint64_t post_bytes; /* the postings' bytes */
	uint64_t starts; /* where its articles' starts in units are */
	const uint8_t *ent; /* its entries, checked against SUMS once */
	uint64_t at; /* the entry the walk is at */
	uint64_t ent_gone, post_gone; /* INDEX let go of up to there: of the
					 entries by the walk, of the lists
					 by the second walk */
};

/* A key's entry in one input, as the walk found it. */
struct found {
	size_t part; /* the input */
	uint64_t off, count; /* its list: where, how many positions */
};

/* A key of the output and its positions in all the inputs. */
struct key_count {
	uint64_t key, count;
};

/* An input in the walk's heap: the key it is at, and the input, in one
 * number that orders them by key, then by input: a key is two code
 * points of 21 bits (format/index.h), 42 bits in all, and there are fewer
 * inputs than 2^22 (prepare). */
enum { PART_BITS = 22 };

static inline uint64_t hent(uint64_t key, size_t part)
{
	return key << PART_BITS | part;
}

struct merge {
	const char *out; /* the output's path, for messages */
	struct corpus *set; /* the inputs as one */
	struct ipart *part; /* each input's index */
	size_t nparts;
	uint64_t *heap; /* inputs whose walk has keys left (hent), least
			   first */
	size_t nheap;
	struct found *with; /* the key being merged in each input holding
			       it, in order */
	uint64_t u; /* TEXT units of the output */
	struct index_map_maker map; /* the output's MAP, made from its TEXT
				       as it is copied */
	struct key_count *key; /* the output's keys, ascending */
	size_t nkeys, key_cap;
	uint8_t *list; /* one posting list being coded */
	size_t list_cap;
	struct strtab strings;
	struct outfile o;
};

static enum err_code index_corrupt(const struct ipart *p, const char *what,
				   struct err *e)
{
	return err_set(e, ERR_CORRUPT, "%s: the search index %s",
		       corpus_name(p->c), what);
}

static enum err_code open_index(struct ipart *p, struct err *e)
{
	const uint8_t *h;
	p->size = corpus_index_size(p->c);
	if (p->size < INDEX_HEAD_SIZE)
		return index_corrupt(p, "is missing (rebuild the corpus)", e);
	enum err_code rc = corpus_index(p->c, 0, INDEX_HEAD_SIZE, &h, e);
	if (rc)
		return rc;
	if (memcmp(h, index_magic, sizeof index_magic))
		return index_corrupt(p, "has a bad magic", e);
	p->keys = le_get64(h + 8);
	p->units = le_get64(h + 16);
	p->post_bytes = le_get64(h + 24);
	if (p->keys > (p->size - INDEX_HEAD_SIZE) / INDEX_ENTRY_SIZE)
		return index_corrupt(p, "claims more keys than fit", e);
	p->post = INDEX_HEAD_SIZE + p->keys * INDEX_ENTRY_SIZE;
	uint64_t na = le_get64(h + 40), left = p->size - p->post;
	uint64_t groups = (p->units + INDEX_MAP_UNITS - 1) / INDEX_MAP_UNITS;
	uint64_t map = (groups + 1) * INDEX_MAP_ENTRY + le_get64(h + 32);
	if (p->units > p->u || na != corpus_article_count(p->c) ||
	    p->post_bytes > left || map > left - p->post_bytes ||
	    left - p->post_bytes - map != na * 8)
		return index_corrupt(p, "has a head that does not fit", e);
	p->starts = p->post + p->post_bytes + map;
	/* the whole table at once: each walk reads every entry */
	return corpus_index(p->c, INDEX_HEAD_SIZE,
			    p->keys * INDEX_ENTRY_SIZE, &p->ent, e);
}

/* The key of input p's entry p->at (which the caller has checked is
 * there), checked against the one before it. */
static enum err_code entry_key(const struct ipart *p, uint64_t *key,
			       struct err *e)
{
	const uint8_t *r = p->ent + p->at * INDEX_ENTRY_SIZE;
	struct index_entry en, before;
	int bad = index_entry_get(r, &en);
	*key = en.key; /* set on every path: gcc -O3 looks no further */
	if (bad)
		return index_corrupt(p, "has a key no pair of characters "
				     "makes", e);
	if (p->at && (index_entry_get(r - INDEX_ENTRY_SIZE, &before),
		      en.key <= before.key))
		return index_corrupt(p, "has keys out of order", e);
	return ERR_OK;
}

static void sift_down(struct merge *m, size_t i)
{
	uint64_t *h = m->heap, x = h[i];
	size_t n = m->nheap;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= n)
			break;
		if (c + 1 < n && h[c + 1] < h[c])
			c++;
		if (x <= h[c])
			break;
		h[i] = h[c];
		i = c;
	}
	h[i] = x;
}

/* What one walk does with each key: `n` inputs hold it, m->with[0..n). */
typedef enum err_code (*key_fn)(struct merge *m, uint64_t key, size_t n,
				void *ctx, struct err *e);

/* Walk the inputs' keys together, calling `fn` once per distinct key, in
 * ascending order.  The input at the top of the heap is taken and moved
 * on to its next key in place, one sift a step. */
static enum err_code each_key(struct merge *m, key_fn fn, void *ctx,
			      struct err *e)
{
	enum err_code rc = ERR_OK;
	m->nheap = 0;
	for (size_t k = 0; k < m->nparts && !rc; k++) {
		struct ipart *p = &m->part[k];
		uint64_t key;
		p->at = 0;
		p->ent_gone = INDEX_HEAD_SIZE;
		if (p->keys && !(rc = entry_key(p, &key, e)))
			m->heap[m->nheap++] = hent(key, k);
	}
	/* in input order already; a heap once sifted */
	for (size_t i = m->nheap / 2; i-- > 0;)
		sift_down(m, i);
	const uint64_t mask = ((uint64_t)1 << PART_BITS) - 1;
	while (!rc && m->nheap) {
		uint64_t key = m->heap[0] >> PART_BITS;
		size_t n = 0;
		/* (key, input) order: one key's inputs come out in order */
		while (!rc && m->nheap && m->heap[0] >> PART_BITS == key) {
			size_t k = (size_t)(m->heap[0] & mask);
			struct ipart *p = &m->part[k];
			const uint8_t *r = p->ent + p->at * INDEX_ENTRY_SIZE;
			uint64_t next;
			struct index_entry en;
			index_entry_get(r, &en); /* checked: entry_key */
			m->with[n++] = (struct found){ k, en.off,
						       en.count };
			let_go(p->c, SEC_INDEX, &p->ent_gone,
			       INDEX_HEAD_SIZE + p->at * INDEX_ENTRY_SIZE);
			if (++p->at < p->keys) {
				if (!(rc = entry_key(p, &next, e)))
					m->heap[0] = hent(next, k);
			} else { /* its walk over: its whole table */
				corpus_release(p->c, SEC_INDEX, p->ent_gone,
					       p->post);
				m->heap[0] = m->heap[--m->nheap];
			}
			sift_down(m, 0);
		}
		if (!rc)
			rc = fn(m, key, n, ctx, e);
	}
	return rc;
}

/* The first walk: every key with its count, into m->key. */
static enum err_code collect_key(struct merge *m, uint64_t key, size_t n,
				 void *ctx, struct err *e)
{
	(void)ctx;
	uint64_t c = 0;
	for (size_t j = 0; j < n; j++)
		c += m->with[j].count;
	if (c > UINT32_MAX) /* an entry's count is a u32 */
		return err_set(e, ERR_TOOBIG, "%s: a pair of characters occurs "
			       "more than %" PRIu32 " times: too much text for "
			       "one corpus file", m->out, (uint32_t)UINT32_MAX);
	if (array_grow(&m->key, &m->key_cap, m->nkeys + 1, sizeof *m->key) < 0)
		return err_set(e, ERR_NOMEM, "%s: out of memory", m->out);
	m->key[m->nkeys++] = (struct key_count){ key, c };
	return ERR_OK;
}

/* The entries, from the keys and counts the first walk found: each list's
 * length follows from its count and the size of TEXT alone. */
static void write_entries(struct merge *m)
{
	uint64_t used = 0;
	for (size_t i = 0; i < m->nkeys; i++) {
		uint64_t count = m->key[i].count;
		unsigned l = index_ef_low_bits(count, m->u);
		uint8_t r[INDEX_ENTRY_SIZE];
		index_entry_put(r, &(struct index_entry){ m->key[i].key, used,
							  count });
		outfile_data(&m->o, r, sizeof r);
		used += index_ef_bytes(count, m->u, l);
	}
}

/* A list being coded: positions below u, l low bits each, into bytes
 * zeroed before: the low bits, then the high ones.  A position's low bits
 * are ORed into the 8 bytes where they start: the bits past them are
 * zero, so nothing lands past the low bits. */
struct coder {
	uint8_t *low, *high;
	unsigned l;
	uint64_t mask, i; /* positions coded so far */
};

static inline void code(struct coder *w, uint64_t v)
{
	uint64_t at = w->i * w->l, bits = (v & w->mask) << at % 8;
	uint8_t *p = w->low + at / 8;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/* a word at once: the list has 8 bytes to spare at its end, and
	 * ORing zeros into the high bits changes none */
	uint64_t x;
	memcpy(&x, p, 8);
	x |= bits;
	memcpy(p, &x, 8);
#else
	for (unsigned k = 0; k < 8 && bits >> 8 * k; k++)
		p[k] |= (uint8_t)(bits >> 8 * k);
#endif
	uint64_t bit = (v >> w->l) + w->i++;
	w->high[bit / 8] |= (uint8_t)(1u << bit % 8);
}

/* Input p's list `f`, each position moved by its place in TEXT, coded
 * into w, and the lists before it let go of (a file's lists come in the
 * order of their keys, which is their order in INDEX).  Every rule of
 * the encoding is checked, as the reader's search_verify does: the list
 * where its entry says, its low bits as its count and TEXT make them,
 * exactly `count` positions, each above the one before and inside the
 * input's TEXT. */
static enum err_code recode(struct ipart *p, const struct found *f,
			    struct coder *w, struct err *e)
{
	uint64_t count = f->count, u = p->units, avail = p->post_bytes;
	if (count > u)
		return index_corrupt(p, "has a list of the wrong shape", e);
	unsigned l = index_ef_low_bits(count, u);
	uint64_t lowb = (count * l + 7) / 8, bytes = index_ef_bytes(count, u, l);
	if (f->off > avail || bytes > avail - f->off)
		return index_corrupt(p, "has a list outside it", e);
	const uint8_t *low;
	enum err_code rc = corpus_index(p->c, p->post + f->off, bytes, &low, e);
	if (rc)
		return rc;
	const uint8_t *high = low + lowb;
	uint64_t highb = bytes - lowb, mask = l ? (1ull << l) - 1 : 0;
	uint64_t i = 0, prev = 0;
	for (uint64_t b = 0; b < highb; b += 8) {
		for (uint64_t word = le_get_upto(high + b, highb - b); word;
		     word &= word - 1) {
			uint64_t bit = b * 8 + (uint64_t)__builtin_ctzll(word);
			uint64_t at = i * l;
			uint64_t v = (bit - i) << l |
				     (le_get_upto(low + at / 8, lowb - at / 8) >>
				      at % 8 & mask);
			if (i == count || (i && v <= prev) || v >= u)
				return index_corrupt(p, "has a list out of "
						     "order, too long or "
						     "outside the text", e);
			code(w, v + p->ubegin);
			prev = v, i++;
		}
	}
	if (i < count)
		return index_corrupt(p, "has a list cut short", e);
	let_go(p->c, SEC_INDEX, &p->post_gone, p->post + f->off + bytes);
	return ERR_OK;
}

/* The second walk: key number *(size_t *)ctx's list, the positions of
 * every input holding it, in order. */
static enum err_code write_list(struct merge *m, uint64_t key, size_t n,
				void *ctx, struct err *e)
{
	enum err_code rc = ERR_OK;
	size_t *i = ctx;
	/* the same inputs as the first walk: the same keys */
	uint64_t count = m->key[(*i)++].count;
	(void)key;
	unsigned l = index_ef_low_bits(count, m->u);
	uint64_t bytes = index_ef_bytes(count, m->u, l);
	if (bytes > SIZE_MAX - 8 ||
	    array_grow(&m->list, &m->list_cap, (size_t)bytes + 8, 1) < 0)
		return err_set(e, ERR_NOMEM, "%s: out of memory", m->out);
	memset(m->list, 0, (size_t)bytes + 8);
	struct coder w = { m->list, m->list + (count * l + 7) / 8, l,
			   l ? (1ull << l) - 1 : 0, 0 };
	for (size_t j = 0; j < n && !rc; j++)
		rc = recode(&m->part[m->with[j].part], &m->with[j], &w, e);
	if (!rc)
		outfile_data(&m->o, m->list, (size_t)bytes);
	return rc;
}

/* Input p's articles' starts in units, moved by its place in the set's
 * units, into the output; each checked to ascend and to lie in its
 * text. */
static enum err_code write_starts(struct merge *m, const struct ipart *p,
				  struct err *e)
{
	uint64_t na = corpus_article_count(p->c), prev = 0;
	const uint8_t *t;
	enum err_code rc = corpus_index(p->c, p->starts, na * 8, &t, e);
	for (uint64_t i = 0; !rc && i < na; i++) {
		uint8_t v[8];
		uint64_t at = le_get64(t + 8 * i);
		if (at < prev || at > p->units)
			return index_corrupt(p, "has article starts out of "
					     "order or outside the text", e);
		prev = at;
		le_put64(v, at + p->ubegin);
		outfile_data(&m->o, v, sizeof v);
	}
	return rc;
}

/* The INDEX section: the head, the entries, the lists, the MAP of the
 * TEXT write_text copied. */
static enum err_code write_index(struct merge *m, struct err *e)
{
	m->nkeys = 0;
	enum err_code rc = each_key(m, collect_key, NULL, e);
	if (rc)
		return rc;
	if (index_map_finish(&m->map) < 0)
		return err_set(e, ERR_NOMEM, "%s: out of memory", m->out);
	if (m->map.units != m->u)
		return err_set(e, ERR_CORRUPT, "%s: the inputs' indexes count "
			       "%llu units, their text %llu", m->out,
			       (unsigned long long)m->u,
			       (unsigned long long)m->map.units);
	uint64_t post = 0;
	for (size_t i = 0; i < m->nkeys; i++)
		post += index_ef_bytes(m->key[i].count, m->u,
				       index_ef_low_bits(m->key[i].count,
							 m->u));
	uint8_t h[INDEX_HEAD_SIZE];
	memcpy(h, index_magic, sizeof index_magic);
	le_put64(h + 8, m->nkeys);
	le_put64(h + 16, m->u);
	le_put64(h + 24, post);
	le_put64(h + 32, m->map.nruns);
	le_put64(h + 40, corpus_article_count(m->set));
	outfile_data(&m->o, h, sizeof h);
	write_entries(m);
	size_t i = 0;
	for (size_t k = 0; k < m->nparts; k++)
		m->part[k].post_gone = m->part[k].post;
	rc = each_key(m, write_list, &i, e);
	for (size_t k = 0; k < m->nparts; k++) /* what was left behind */
		corpus_release(m->part[k].c, SEC_INDEX, 0, UINT64_MAX);
	outfile_data(&m->o, m->map.heads, m->map.nheads * INDEX_MAP_ENTRY);
	if (m->map.nruns)
		outfile_data(&m->o, m->map.runs, m->map.nruns);
	for (size_t k = 0; k < m->nparts && !rc; k++)
		rc = write_starts(m, &m->part[k], e);
	return rc;
}

/* ---- the sections before the index -------------------------------------*/

/* Article i of the set as its record, its strings interned as they are
 * met. */
static enum err_code write_article(struct merge *m, size_t i, struct err *e)
{
	struct corpus_article a;
	enum err_code rc = corpus_article(m->set, i, &a, e);
	if (rc)
		return rc;
	const struct corpus_str f[NFIELDS] = { a.title, a.subtitle, a.source,
					       a.place, a.byline, a.page };
	uint8_t r[ARTICLE_SIZE] = { 0 };
	le_put32(r + A_FLAGS, a.flags);
	le_put32(r + A_DATE, a.date);
	le_put32(r + A_FIRST, a.first_block);
	le_put32(r + A_NBLOCKS, a.nblocks);
	le_put64(r + A_START, a.start);
	for (int k = 0; k < NFIELDS; k++) {
		uint32_t off;
		if (!f[k].len)
			continue; /* none: offset and length 0 */
		int bad = intern(&m->strings, f[k].s, f[k].len, &off);
		if (bad == -1)
			return err_set(e, ERR_NOMEM, "%s: out of memory",
				       m->out);
		if (bad)
			return err_set(e, ERR_TOOBIG, "%s: metadata strings "
				       "exceed %" PRIu32 " bytes", m->out,
				       (uint32_t)UINT32_MAX);
		le_put32(r + A_STRINGS + 8 * k, off);
		le_put32(r + A_STRINGS + 8 * k + 4, (uint32_t)f[k].len);
	}
	outfile_data(&m->o, r, sizeof r);
	return ERR_OK;
}

/* The ARTICLES section, input by input, each input's records let go of
 * behind the pass (its strings are kept until STRINGS is written). */
static enum err_code write_articles(struct merge *m, struct err *e)
{
	for (size_t k = 0; k < m->nparts; k++) {
		const struct ipart *p = &m->part[k];
		size_t n = corpus_article_count(p->c);
		uint64_t gone = 0;
		for (size_t i = 0; i < n; i++) {
			enum err_code rc = write_article(m, p->begin.article + i,
							 e);
			if (rc)
				return rc;
			let_go(p->c, SEC_ARTICLES, &gone,
			       (uint64_t)i * ARTICLE_SIZE);
		}
		corpus_release(p->c, SEC_ARTICLES, gone, UINT64_MAX);
	}
	return ERR_OK;
}

/* The BLOCKS section: the set's blocks, where the set has their text,
 * input by input, let go of behind the pass.  Their records only: the
 * text is copied whole, its chunks checked. */
static enum err_code write_blocks(struct merge *m, struct err *e)
{
	for (size_t k = 0; k < m->nparts; k++) {
		const struct ipart *p = &m->part[k];
		size_t n = corpus_block_count(p->c);
		uint64_t gone = 0;
		for (size_t j = 0; j < n; j++) {
			struct corpus_block b;
			enum err_code rc = corpus_block_record(
				m->set, p->begin.block + j, &b, e);
			if (rc)
				return rc;
			uint8_t r[BLOCK_SIZE] = { 0 };
			le_put64(r + B_OFFSET, b.offset);
			le_put32(r + B_LEN, (uint32_t)b.text.len);
			le_put16(r + B_KIND, (uint16_t)b.kind);
			outfile_data(&m->o, r, sizeof r);
			let_go(p->c, SEC_BLOCKS, &gone,
			       (uint64_t)j * BLOCK_SIZE);
		}
		corpus_release(p->c, SEC_BLOCKS, gone, UINT64_MAX);
	}
	return ERR_OK;
}

/* The TEXT section: each input's, a slice at a time, let go of once
 * written. */
static enum err_code write_text(struct merge *m, struct err *e)
{
	index_map_free(&m->map); /* made again, should the file be */
	for (size_t k = 0; k < m->nparts; k++) {
		const struct ipart *p = &m->part[k];
		uint64_t gone = 0;
		for (uint64_t at = 0; at < p->u; at += TEXT_SLICE) {
			uint64_t n = p->u - at < TEXT_SLICE ? p->u - at
							     : TEXT_SLICE;
			const uint8_t *t;
			enum err_code rc = corpus_text(p->c, at, n, &t, e);
			if (rc)
				return rc;
			outfile_data(&m->o, t, (size_t)n);
			if (index_map_add(&m->map, (const char *)t,
					  (size_t)n) < 0)
				return err_set(e, ERR_NOMEM, "%s: out of "
					       "memory", m->out);
			let_go(p->c, SEC_TEXT, &gone, at + n);
		}
		corpus_release(p->c, SEC_TEXT, gone, UINT64_MAX);
	}
	return ERR_OK;
}

/* The STRINGS section, from the table write_articles made, and the
 * inputs' strings let go of: nothing reads them after. */
static void write_strings(struct merge *m)
{
	for (size_t k = 0; k < m->strings.n; k++)
		outfile_data(&m->o, m->strings.v[k].s, m->strings.v[k].len);
	for (size_t k = 0; k < m->nparts; k++)
		corpus_release(m->part[k].c, SEC_STRINGS, 0, UINT64_MAX);
}

static int by_from(const void *a, const void *b)
{
	uint32_t x = le_get32(a), y = le_get32(b);
	return (x > y) - (x < y);
}

/* FOLD: every input's variants, as one table.  The builder folds each
 * group of variants to its lowest code point whatever the text holds
 * (build/hanzi.c), so the files' tables agree where they overlap and their
 * keys need no folding again; the union is the table a build of all their
 * text would make.  Two files that fold a character two ways were made
 * with other dictionaries: refused. */
static enum err_code write_fold(struct merge *m, struct err *e)
{
	enum { PAIR = 8 };
	uint8_t *all = NULL;
	size_t n = 0, cap = 0;
	enum err_code rc = ERR_OK;
	for (size_t k = 0; k < corpus_parts(m->set) && !rc; k++) {
		struct corpus_base at;
		struct corpus *c = corpus_part(m->set, k, &at);
		const uint8_t *p;
		uint64_t len;
		if ((rc = corpus_fold_bytes(c, &p, &len, e)))
			break;
		if (len % PAIR)
			rc = err_set(e, ERR_CORRUPT, "%s: a FOLD section of %"
				     PRIu64 " bytes", corpus_name(c), len);
		else if (array_grow(&all, &cap, n + len, 1) < 0)
			rc = err_set(e, ERR_NOMEM, "%s: out of memory",
				     m->out);
		else if (len)
			memcpy(all + n, p, len), n += len;
		corpus_release(c, SEC_FOLD, 0, UINT64_MAX);
	}
	if (!rc && n) {
		qsort(all, n / PAIR, PAIR, by_from);
		size_t kept = 0;
		for (size_t i = 0; i < n && !rc; i += PAIR) {
			if (kept && !memcmp(all + kept - PAIR, all + i, PAIR))
				continue;
			if (kept && le_get32(all + kept - PAIR) ==
					    le_get32(all + i))
				rc = err_set(e, ERR_USAGE, "%s: the files fold "
					     "U+%04X two ways (built with "
					     "other dictionaries): build "
					     "them again from the raw text",
					     m->out, le_get32(all + i));
			memmove(all + kept, all + i, PAIR);
			kept += PAIR;
		}
		if (!rc)
			outfile_data(&m->o, all, kept);
	}
	free(all);
	return rc;
}

/* Every section in file order after the placeholder header, then SUMS;
 * the header's fields into `hdr`. */
static enum err_code write_sections(struct merge *m,
				    uint8_t hdr[CORPUS_HEADER_SIZE],
				    struct err *e)
{
	uint64_t off[NSEC], len[NSEC];
	memset(hdr, 0, CORPUS_HEADER_SIZE);
	outfile_put(&m->o, hdr, CORPUS_HEADER_SIZE);
	enum err_code (*const section[])(struct merge *, struct err *) = {
		[SEC_ARTICLES] = write_articles,
		[SEC_BLOCKS] = write_blocks,
		[SEC_STRINGS] = NULL, /* write_strings: it cannot fail */
		[SEC_TEXT] = write_text,
		[SEC_FOLD] = write_fold,
		[SEC_INDEX] = write_index,
	};
	for (int s = 0; s < SEC_SUMS; s++) {
		enum err_code rc = ERR_OK;
		off[s] = m->o.pos;
		if (section[s])
			rc = section[s](m, e);
		else
			write_strings(m);
		if (rc)
			return rc;
		len[s] = m->o.pos - off[s];
		outfile_pad_to(&m->o, align8(m->o.pos));
	}
	outfile_end_data(&m->o);
	if (m->o.nsums > UINT32_MAX)
		return err_set(e, ERR_TOOBIG, "%s: text too large", m->out);
	off[SEC_SUMS] = m->o.pos;
	len[SEC_SUMS] = (uint64_t)m->o.nsums * SUM_SIZE;
	outfile_put(&m->o, m->o.sums, (size_t)len[SEC_SUMS]);

	memcpy(hdr + H_MAGIC, corpus_magic, sizeof corpus_magic);
	le_put32(hdr + H_VERSION, CORPUS_VERSION);
	le_put32(hdr + H_HSIZE, CORPUS_HEADER_SIZE);
	le_put64(hdr + H_FSIZE, m->o.pos);
	le_put32(hdr + H_NARTICLES, (uint32_t)corpus_article_count(m->set));
	le_put32(hdr + H_NBLOCKS, (uint32_t)corpus_block_count(m->set));
	le_put32(hdr + H_CHUNK, CORPUS_CHUNK_SIZE);
	le_put32(hdr + H_NCHUNKS, (uint32_t)m->o.nsums);
	for (int s = 0; s < NSEC; s++) {
		le_put64(hdr + H_SECTIONS + 16 * s, off[s]);
		le_put64(hdr + H_SECTIONS + 16 * s + 8, len[s]);
	}
	le_put64(hdr + H_SUMS_HASH, XXH3_64bits(m->o.sums, (size_t)len[SEC_SUMS]));
	le_put64(hdr + H_HASH, XXH3_64bits(hdr, H_HASH));
	return ERR_OK;
}

/* ---- the file -----------------------------------------------------------*/

/* Write the merged file into the open temporary file `fd` and make it
 * durable. */
static enum err_code write_tmp(struct merge *m, int fd, const char *tmp,
			       struct err *e)
{
	FILE *f = fdopen(fd, "wb");
	if (!f) {
		int err = errno;
		close(fd);
		return err_errno(e, err, "%s: writing %s", m->out, tmp);
	}
	/* large writes: the text goes through in slices of a megabyte */
	setvbuf(f, NULL, _IOFBF, OUT_BUFFER);
	m->o.f = f;
	uint8_t hdr[CORPUS_HEADER_SIZE];
	enum err_code rc = write_sections(m, hdr, e);
	int err = m->o.err;
	if (!rc && !err && fflush(f) != 0)
		err = errno;
	if (!rc && !err) {
		ssize_t w = pwrite(fd, hdr, sizeof hdr, 0);
		err = w < 0 ? errno : w != (ssize_t)sizeof hdr ? EIO : 0;
	}
	/* mkstemp makes the file 0600; a corpus is meant to be shared. */
	if (!rc && !err && fchmod(fd, 0644) != 0)
		err = errno;
	if (!rc && !err && fsync(fd) != 0)
		err = errno;
	if (fclose(f) != 0 && !err)
		err = errno;
	m->o.f = NULL;
	if (!rc && err == ENOMEM)
		return err_set(e, ERR_NOMEM, "%s: out of memory", m->out);
	if (!rc && err)
		return err_errno(e, err, "%s: writing %s", m->out, tmp);
	return rc;
}

void merge_abandon(void)
{
	outfile_abandon();
}

static enum err_code fill(void *ctx, int fd, const char *tmp, struct err *e)
{
	return write_tmp(ctx, fd, tmp, e);
}

/* Write the file beside `m->out` and rename it into place. */
static enum err_code write_file(struct merge *m, struct err *e)
{
	return outfile_replace(m->out, fill, m, e);
}

/* Each input's index opened, and the room the walks need. */
static enum err_code prepare(struct merge *m, struct err *e)
{
	m->nparts = corpus_parts(m->set);
	m->part = calloc(m->nparts, sizeof *m->part);
	m->heap = malloc(m->nparts * sizeof *m->heap);
	m->with = malloc(m->nparts * sizeof *m->with);
	if (!m->part || !m->heap || !m->with ||
	    outfile_init(&m->o, NULL, NULL, 0) < 0)
		return err_set(e, ERR_NOMEM, "%s: out of memory", m->out);
	m->u = 0;
	if (m->nparts >> PART_BITS)
		return err_set(e, ERR_TOOBIG, "%s: more than %d files to merge",
			       m->out, (1 << PART_BITS) - 1);
	if (corpus_article_count(m->set) > UINT32_MAX)
		return err_set(e, ERR_TOOBIG, "%s: %zu articles, at most %"
			       PRIu32 " fit", m->out,
			       corpus_article_count(m->set),
			       (uint32_t)UINT32_MAX);
	for (size_t k = 0; k < m->nparts; k++) {
		struct ipart *p = &m->part[k];
		p->c = corpus_part(m->set, k, &p->begin);
		p->u = corpus_text_size(p->c);
		enum err_code rc = open_index(p, e);
		if (rc)
			return rc;
		p->ubegin = m->u;
		m->u += p->units;
	}
	return ERR_OK;
}

enum err_code merge_files(const char *out, const char *const *paths, size_t n,
			  struct merge_stats *st, struct err *e)
{
	struct merge m = { .out = out };
	index_map_init(&m.map);
	enum err_code rc = corpus_open_set(paths, n, &m.set, e);
	if (!rc)
		rc = prepare(&m, e);
	if (!rc)
		rc = write_file(&m, e);
	if (!rc)
		*st = (struct merge_stats){ m.nparts,
					    corpus_article_count(m.set),
					    m.o.pos };
	free(m.part);
	free(m.heap);
	free(m.with);
	free(m.list);
	free(m.key);
	free(m.strings.v);
	free(m.strings.slot);
	outfile_free(&m.o);
	index_map_free(&m.map);
	corpus_close(m.set);
	return rc;
}
