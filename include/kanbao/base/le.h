/* le: little-endian integers at any address, read and written byte by
 * byte, so neither the host's byte order nor alignment matters.  The one
 * copy for the corpus file and its index, writer and reader alike. */
#ifndef KANBAO_LE_H
#define KANBAO_LE_H

#include <stdint.h>
#include <string.h>

static inline uint16_t le_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t le_get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline uint64_t le_get64(const uint8_t *p)
{
	return (uint64_t)le_get32(p) | (uint64_t)le_get32(p + 4) << 32;
}

/* The 48-bit integer at p (an index entry's key and offset). */
static inline uint64_t le_get48(const uint8_t *p)
{
	return (uint64_t)le_get32(p) | (uint64_t)le_get16(p + 4) << 32;
}

static inline void le_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void le_put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> 8 * i);
}

static inline void le_put64(uint8_t *p, uint64_t v)
{
	le_put32(p, (uint32_t)v);
	le_put32(p + 4, (uint32_t)(v >> 32));
}

/* v's low 48 bits at p. */
static inline void le_put48(uint8_t *p, uint64_t v)
{
	le_put32(p, (uint32_t)v);
	le_put16(p + 4, (uint16_t)(v >> 32));
}

/* Up to 8 bytes at `p` (of which `avail` may be read), little-endian:
 * the last word of a bit vector may end short of 8 bytes, and a whole
 * word is one load on a little-endian host. */
static inline uint64_t le_get_upto(const uint8_t *p, uint64_t avail)
{
	uint64_t v = 0;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	if (avail >= 8) {
		memcpy(&v, p, 8);
		return v;
	}
#endif
	for (uint64_t k = avail < 8 ? avail : 8; k-- > 0;)
		v = v << 8 | p[k];
	return v;
}

#endif
