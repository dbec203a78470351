/*
 * idset.c - see idset.h. A block keeps two bitmaps: ids shown by the file
 * that touched the block last, and ids shown by files read before it. When
 * a later file touches the block, the first are folded into the second.
 */
#include "idset.h"

#include <stdlib.h>

#include "keyindex.h"
#include "numbered.h"
#include "util.h"

#define BLOCK_WORDS (SLA_BLOCK_IDS / 64)

typedef struct block {
    uint32_t file; /* the file whose ids are in now */
    uint64_t now[BLOCK_WORDS], before[BLOCK_WORDS];
} block;

struct sla_idset {
    sla_numbered *numbered;
    sla_keyindex *hashed; /* hash → the file that showed the id first */
    size_t hashed_count, expected;
};

sla_idset *sla_idset_new(size_t expected)
{
    sla_idset *s = sla_xcalloc(1, sizeof *s);
    s->numbered = sla_numbered_new(sizeof(block));
    s->expected = expected;
    return s;
}

void sla_idset_free(sla_idset *s)
{
    if (!s)
        return;
    sla_numbered_free(s->numbered);
    sla_keyindex_free(s->hashed);
    free(s);
}

static sla_id_seen see_hashed(sla_idset *s, uint64_t hash, uint32_t file)
{
    if (!s->hashed)
        s->hashed = sla_keyindex_new(s->expected);
    size_t pos = sla_keyindex_start(s->hashed, hash);
    uint32_t first = sla_keyindex_next(s->hashed, hash, &pos);
    if (first == SLA_KEY_NONE) {
        sla_keyindex_add(s->hashed, hash, file);
        s->hashed_count++;
        return SLA_ID_NEW;
    }
    return first == file ? SLA_ID_IN_THIS_FILE : SLA_ID_IN_EARLIER_FILE;
}

sla_id_seen sla_idset_see(sla_idset *s, const char *id, size_t len, uint64_t hash, uint32_t file)
{
    size_t bit;
    block *b = sla_numbered_block(s->numbered, id, len, true, &bit);
    if (!b)
        return see_hashed(s, hash, file);
    if (b->file != file) { /* a later file: what the block holds is from earlier ones */
        for (size_t i = 0; i < BLOCK_WORDS; i++) {
            b->before[i] |= b->now[i];
            b->now[i] = 0;
        }
        b->file = file;
    }
    uint64_t mask = 1ull << (bit % 64);
    if (b->now[bit / 64] & mask)
        return SLA_ID_IN_THIS_FILE;
    if (b->before[bit / 64] & mask)
        return SLA_ID_IN_EARLIER_FILE;
    b->now[bit / 64] |= mask;
    sla_numbered_kept(s->numbered);
    return SLA_ID_NEW;
}

void sla_idset_prefetch(const sla_idset *s, const char *id, size_t len, uint64_t hash)
{
    size_t bit;
    if (s->hashed && !sla_numbered_block(s->numbered, id, len, false, &bit))
        sla_keyindex_start(s->hashed, hash);
}

size_t sla_idset_hashed(const sla_idset *s)
{
    return s->hashed_count;
}
