/*
 * keyindex.c - see keyindex.h. Linear probing over a table of any size: the
 * start slot is the hash scaled to the table (multiply and keep the high
 * half), so no power-of-two rounding is needed.
 */
#define _GNU_SOURCE /* MAP_ANONYMOUS, MAP_POPULATE */
#include "keyindex.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "util.h"

typedef struct __attribute__((packed)) slot {
    uint64_t hash; /* 0 = empty */
    uint32_t value;
} slot;

struct sla_keyindex {
    slot *slots;
    size_t cap, count;
    bool mapped; /* slots come from mmap, not calloc */
};

/* Tables from this size on are mapped with every page already written.
 * Pages from calloc are mapped on demand: a probe's read maps a page onto
 * the shared zero page, the first store then copies it, and while a second
 * thread runs, each copy interrupts the other core to flush its TLB; over
 * the 20 000 pages of five million activity ids that costs more than
 * writing the zeros up front. */
#define POPULATE_FROM (1u << 20)

static void allocate(sla_keyindex *x, size_t cap)
{
    x->cap = cap;
    x->mapped = false;
    if (cap * sizeof(slot) >= POPULATE_FROM) {
        void *p = mmap(NULL, cap * sizeof(slot), PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
        if (p != MAP_FAILED) {
            x->slots = p;
            x->mapped = true;
            return;
        }
    }
    x->slots = sla_xcalloc(cap, sizeof(slot));
}

static void release(sla_keyindex *x)
{
    if (x->mapped)
        munmap(x->slots, x->cap * sizeof(slot));
    else
        free(x->slots);
}

sla_keyindex *sla_keyindex_new(size_t expected)
{
    sla_keyindex *x = sla_xcalloc(1, sizeof *x);
    allocate(x, expected / 3 * 4 + 64); /* at most three quarters full */
    return x;
}

void sla_keyindex_free(sla_keyindex *x)
{
    if (!x)
        return;
    release(x);
    free(x);
}

static uint64_t load64(const char *p)
{
    uint64_t w;
    memcpy(&w, p, 8);
    return w;
}

static uint64_t load32(const char *p)
{
    uint32_t w;
    memcpy(&w, p, 4);
    return w;
}

/* A multiply-xorshift step per eight bytes, the length folded in first. The
 * last word is the key's last eight bytes, overlapping the one before (for
 * keys of fewer than eight bytes, two overlapping halves or three bytes):
 * fixed-size loads only, and together the words cover every byte. */
uint64_t sla_key_hash(const char *key, size_t len)
{
    const uint64_t m = 0x9e3779b97f4a7c15ull;
    uint64_t h = (len + 1) * m, last;
    if (len >= 8) {
        for (size_t i = 0; i + 8 < len; i += 8) {
            h = (h ^ load64(key + i)) * m;
            h ^= h >> 32;
        }
        last = load64(key + len - 8);
    } else if (len >= 4) {
        last = load32(key) << 32 | load32(key + len - 4);
    } else if (len > 0) {
        last = (uint64_t)(unsigned char)key[0] << 16 | (uint64_t)(unsigned char)key[len / 2] << 8 |
               (unsigned char)key[len - 1];
    } else {
        last = 0;
    }
    h = (h ^ last) * m;
    h ^= h >> 29; /* then a MurmurHash3-style finaliser */
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 32;
    return h ? h : 1;
}

static size_t home(const sla_keyindex *x, uint64_t h)
{
    return (size_t)(((unsigned __int128)h * x->cap) >> 64);
}

size_t sla_keyindex_start(const sla_keyindex *x, uint64_t h)
{
    size_t pos = home(x, h);
    __builtin_prefetch(&x->slots[pos]);
    return pos;
}

uint32_t sla_keyindex_next(const sla_keyindex *x, uint64_t h, size_t *pos)
{
    for (size_t i = *pos;; i = i + 1 == x->cap ? 0 : i + 1) {
        const slot *s = &x->slots[i];
        if (!s->hash) {
            *pos = i;
            return SLA_KEY_NONE;
        }
        if (s->hash == h) {
            *pos = i + 1 == x->cap ? 0 : i + 1;
            return s->value;
        }
    }
}

static void place(sla_keyindex *x, uint64_t h, uint32_t value)
{
    size_t i = home(x, h);
    while (x->slots[i].hash)
        i = i + 1 == x->cap ? 0 : i + 1;
    x->slots[i].hash = h;
    x->slots[i].value = value;
    x->count++;
}

void sla_keyindex_add(sla_keyindex *x, uint64_t h, uint32_t value)
{
    if ((x->count + 1) * 4 > x->cap * 3) { /* more keys than expected: double */
        sla_keyindex old = *x;
        allocate(x, old.cap * 2);
        x->count = 0;
        for (size_t i = 0; i < old.cap; i++)
            if (old.slots[i].hash)
                place(x, old.slots[i].hash, old.slots[i].value);
        release(&old);
    }
    place(x, h, value);
}
