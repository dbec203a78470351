/*
 * numbered.c - see numbered.h.
 *
 * Numbers that are far apart would make a block per id. So blocks stop
 * being made once there are more than a few and they hold fewer than one id
 * in 64 on average. That keeps every id on one side for good: an id has a
 * block only if the block existed, or could be made, when it was first
 * kept; an id refused a block never finds one later, since none is made
 * from then on.
 */
#include "numbered.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#define MAX_WIDTH 18 /* digits: every number fits 64 bits */
#define MAX_PREFIX 64
#define FREE_BLOCKS 16                     /* made whatever they hold */
#define MIN_PER_BLOCK (SLA_BLOCK_IDS / 64) /* ids per block, on average */

typedef struct block_slot {
    uint64_t key; /* block number + 1; 0 = empty */
    void *block;
} block_slot;

struct sla_numbered {
    size_t block_bytes;
    bool decided; /* the form is known (width 0: there is none) */
    char prefix[MAX_PREFIX];
    size_t prefix_len, width;
    block_slot *slots; /* block number → block, open addressing */
    size_t slot_mask, block_count;
    bool no_more_blocks;
    size_t kept;
    uint64_t last_key; /* the block used last, the usual next one */
    void *last;
};

sla_numbered *sla_numbered_new(size_t block_bytes)
{
    sla_numbered *n = sla_xcalloc(1, sizeof *n);
    n->block_bytes = block_bytes;
    return n;
}

void sla_numbered_free(sla_numbered *n)
{
    if (!n)
        return;
    for (size_t i = 0; n->slots && i <= n->slot_mask; i++)
        free(n->slots[i].block);
    free(n->slots);
    free(n);
}

static void decide_form(sla_numbered *n, const char *id, size_t len)
{
    size_t digits = 0;
    while (digits < len && (unsigned)(id[len - 1 - digits] - '0') <= 9)
        digits++;
    n->decided = true;
    if (digits == 0 || digits > MAX_WIDTH || len - digits > MAX_PREFIX)
        return;
    n->width = digits;
    n->prefix_len = len - digits;
    memcpy(n->prefix, id, n->prefix_len);
}

static bool number_of(const sla_numbered *n, const char *id, size_t len, uint64_t *number)
{
    if (!n->width || len != n->prefix_len + n->width || memcmp(id, n->prefix, n->prefix_len) != 0)
        return false;
    uint64_t v = 0;
    for (size_t i = n->prefix_len; i < len; i++) {
        unsigned d = (unsigned)(id[i] - '0');
        if (d > 9)
            return false;
        v = v * 10 + d;
    }
    *number = v;
    return true;
}

static size_t slot_of(const sla_numbered *n, uint64_t key)
{
    size_t i = (size_t)(key * 0x9e3779b97f4a7c15ull >> 20) & n->slot_mask;
    while (n->slots[i].key && n->slots[i].key != key)
        i = (i + 1) & n->slot_mask;
    return i;
}

static void put_block(sla_numbered *n, uint64_t key, void *block)
{
    if (!n->slots || (n->block_count + 1) * 2 > n->slot_mask + 1) {
        block_slot *old = n->slots;
        size_t old_cap = old ? n->slot_mask + 1 : 0;
        n->slot_mask = old_cap ? old_cap * 2 - 1 : 63;
        n->slots = sla_xcalloc(n->slot_mask + 1, sizeof *n->slots);
        for (size_t i = 0; i < old_cap; i++)
            if (old[i].key)
                n->slots[slot_of(n, old[i].key)] = old[i];
        free(old);
    }
    n->slots[slot_of(n, key)] = (block_slot){key, block};
    n->block_count++;
}

void *sla_numbered_block(sla_numbered *n, const char *id, size_t len, bool make, size_t *at)
{
    if (!n->decided) {
        if (!make)
            return NULL;
        decide_form(n, id, len);
    }
    uint64_t number;
    if (!number_of(n, id, len, &number))
        return NULL;
    *at = (size_t)(number % SLA_BLOCK_IDS);
    uint64_t key = number / SLA_BLOCK_IDS + 1;
    if (key == n->last_key)
        return n->last;
    void *block = n->slots ? n->slots[slot_of(n, key)].block : NULL;
    if (!block && make && !n->no_more_blocks) {
        if (n->block_count >= FREE_BLOCKS && (n->block_count + 1) * MIN_PER_BLOCK > n->kept)
            n->no_more_blocks = true;
        else
            put_block(n, key, block = sla_xcalloc(1, n->block_bytes));
    }
    if (block) {
        n->last_key = key;
        n->last = block;
    }
    return block;
}

void sla_numbered_kept(sla_numbered *n)
{
    n->kept++;
}
