/*
 * keyindex.h - 64-bit key hashes → 32-bit values, for the millions of lead
 * ids, e-mail addresses and activity ids of a large export.
 *
 * A slot is 12 bytes (hash and value side by side, so a probe touches one
 * cache line) and the table is sized from the expected count at three
 * quarters full, not rounded up to a power of two: at five million activity
 * ids that is the difference between 80 and 128 MB. Keys themselves are not
 * stored; a caller that cannot live with a 64-bit hash standing for its key
 * (lead ids) compares the key behind each value that sla_keyindex_next
 * offers.
 */
#ifndef SLA_KEYINDEX_H
#define SLA_KEYINDEX_H

#include <stddef.h>
#include <stdint.h>

#define SLA_KEY_NONE UINT32_MAX

/* The hash of a key for this index: eight bytes a step (ids and e-mail
 * addresses are hashed tens of millions of times in a large run), spread
 * over the high bits that choose a slot, and never 0. It is nothing to
 * store: unlike sla_hash (util.h), it may change between versions. */
uint64_t sla_key_hash(const char *key, size_t len);

typedef struct sla_keyindex sla_keyindex;

sla_keyindex *sla_keyindex_new(size_t expected);
void sla_keyindex_free(sla_keyindex *x);

/* Where the probe for hash h starts (for sla_keyindex_next), and a hint to
 * the CPU to fetch that slot now: callers working through a batch of keys
 * start every probe first, so the cache misses overlap. h must not be 0. */
size_t sla_keyindex_start(const sla_keyindex *x, uint64_t h);

/* The next value stored under h from *pos on, or SLA_KEY_NONE when there is
 * none; *pos moves past it. */
uint32_t sla_keyindex_next(const sla_keyindex *x, uint64_t h, size_t *pos);

/* Store value under h (a hash may hold several values). */
void sla_keyindex_add(sla_keyindex *x, uint64_t h, uint32_t value);

#endif
