/*
 * idset.c - see idset.h.
 *
 * The first id seen decides the numbered form: its prefix is everything
 * before its last run of digits, and the run's length is the width. With
 * the width fixed, an id of that form and its number stand for each other
 * (A-0000001 is 1; A-1 is another form and is hashed).
 *
 * A block keeps two bitmaps: ids shown by the file that touched the block
 * last, and ids shown by files read before it. When a later file touches
 * the block, the first are folded into the second.
 *
 * Numbers that are far apart would make a block per id. So blocks stop
 * being made once there are more than a few and they hold fewer than one id
 * in 64 on average; from then on, an id whose block does not exist is
 * hashed. The rule keeps every id on one side: an id gets a bit only if its
 * block exists when it is first seen, and from then on its block exists for
 * good; an id hashed because its block did not exist never finds one later,
 * since none is made.
 */
#include "idset.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "keyindex.h"
#include "util.h"

#define BLOCK_BITS 16
#define BLOCK_WORDS ((1u << BLOCK_BITS) / 64)
#define MAX_WIDTH 18 /* digits: every number fits 64 bits */
#define MAX_PREFIX 64
#define FREE_BLOCKS 16     /* made whatever their density */
#define MIN_PER_BLOCK 1024 /* ids per block on average (one in 64) */

typedef struct block {
    uint32_t file; /* the file whose ids are in now */
    uint64_t now[BLOCK_WORDS], before[BLOCK_WORDS];
} block;

typedef struct block_slot {
    uint64_t key; /* block number + 1; 0 = empty */
    block *b;
} block_slot;

struct sla_idset {
    bool decided; /* the numbered form is known (width 0: there is none) */
    char prefix[MAX_PREFIX];
    size_t prefix_len, width;
    block_slot *slots; /* block number → block, open addressing */
    size_t slot_mask, block_count;
    bool no_more_blocks;
    size_t numbered;   /* ids kept as bits */
    uint64_t last_key; /* the block used last, the usual next one */
    block *last;
    sla_keyindex *hashed; /* hash → the file that showed the id first */
    size_t hashed_count, expected;
};

sla_idset *sla_idset_new(size_t expected)
{
    sla_idset *s = sla_xcalloc(1, sizeof *s);
    s->expected = expected;
    return s;
}

void sla_idset_free(sla_idset *s)
{
    if (!s)
        return;
    for (size_t i = 0; s->slots && i <= s->slot_mask; i++)
        free(s->slots[i].b);
    free(s->slots);
    sla_keyindex_free(s->hashed);
    free(s);
}

/* The numbered form from the first id: prefix and width of its last digits. */
static void decide_form(sla_idset *s, const char *id, size_t len)
{
    size_t digits = 0;
    while (digits < len && (unsigned)(id[len - 1 - digits] - '0') <= 9)
        digits++;
    s->decided = true;
    if (digits == 0 || digits > MAX_WIDTH || len - digits > MAX_PREFIX)
        return;
    s->width = digits;
    s->prefix_len = len - digits;
    memcpy(s->prefix, id, s->prefix_len);
}

/* The number of an id of the numbered form; false for any other id. */
static bool number_of(const sla_idset *s, const char *id, size_t len, uint64_t *number)
{
    if (!s->width || len != s->prefix_len + s->width || memcmp(id, s->prefix, s->prefix_len) != 0)
        return false;
    uint64_t n = 0;
    for (size_t i = s->prefix_len; i < len; i++) {
        unsigned d = (unsigned)(id[i] - '0');
        if (d > 9)
            return false;
        n = n * 10 + d;
    }
    *number = n;
    return true;
}

static size_t slot_of(const sla_idset *s, uint64_t key)
{
    size_t i = (size_t)(key * 0x9e3779b97f4a7c15ull >> 20) & s->slot_mask;
    while (s->slots[i].key && s->slots[i].key != key)
        i = (i + 1) & s->slot_mask;
    return i;
}

static void put_block(sla_idset *s, uint64_t key, block *b)
{
    if (!s->slots || (s->block_count + 1) * 2 > s->slot_mask + 1) {
        block_slot *old = s->slots;
        size_t old_cap = old ? s->slot_mask + 1 : 0;
        s->slot_mask = old_cap ? old_cap * 2 - 1 : 63;
        s->slots = sla_xcalloc(s->slot_mask + 1, sizeof *s->slots);
        for (size_t i = 0; i < old_cap; i++)
            if (old[i].key)
                s->slots[slot_of(s, old[i].key)] = old[i];
        free(old);
    }
    s->slots[slot_of(s, key)] = (block_slot){key, b};
    s->block_count++;
}

/* The block for a number, made if blocks are still being made; NULL: hash. */
static block *block_for(sla_idset *s, uint64_t number)
{
    uint64_t key = (number >> BLOCK_BITS) + 1;
    if (key == s->last_key)
        return s->last;
    block *b = s->slots ? s->slots[slot_of(s, key)].b : NULL;
    if (!b && !s->no_more_blocks) {
        if (s->block_count >= FREE_BLOCKS && (s->block_count + 1) * MIN_PER_BLOCK > s->numbered)
            s->no_more_blocks = true;
        else
            put_block(s, key, b = sla_xcalloc(1, sizeof *b));
    }
    if (b) {
        s->last_key = key;
        s->last = b;
    }
    return b;
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
    if (!s->decided)
        decide_form(s, id, len);
    uint64_t number;
    block *b = number_of(s, id, len, &number) ? block_for(s, number) : NULL;
    if (!b)
        return see_hashed(s, hash, file);
    if (b->file != file) { /* a later file: what the block holds is from earlier ones */
        for (size_t i = 0; i < BLOCK_WORDS; i++) {
            b->before[i] |= b->now[i];
            b->now[i] = 0;
        }
        b->file = file;
    }
    size_t bit = number & ((1u << BLOCK_BITS) - 1);
    uint64_t mask = 1ull << (bit % 64);
    if (b->now[bit / 64] & mask)
        return SLA_ID_IN_THIS_FILE;
    if (b->before[bit / 64] & mask)
        return SLA_ID_IN_EARLIER_FILE;
    b->now[bit / 64] |= mask;
    s->numbered++;
    return SLA_ID_NEW;
}

void sla_idset_prefetch(const sla_idset *s, const char *id, size_t len, uint64_t hash)
{
    uint64_t number;
    if (s->hashed && !number_of(s, id, len, &number))
        sla_keyindex_start(s->hashed, hash);
}

size_t sla_idset_hashed(const sla_idset *s)
{
    return s->hashed_count;
}
