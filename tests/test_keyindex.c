/*
 * test_keyindex.c - the hash index against a plain list of what was added.
 *
 * Every hash must give back exactly the values stored under it, however the
 * probes wrapped or the table grew, and a hash never added must give none.
 * The sizes cross the point where tables are mapped rather than calloc'd, so
 * both kinds of table, and growth from one to the other, are exercised.
 * The key hash must read every byte of a key of any length, and spread
 * look-alike ids (L-000001, L-000002, ...) as well as random keys.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "keyindex.h"

typedef struct entry {
    uint64_t hash;
    uint32_t value;
} entry;

static int by_hash_value(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    if (x->hash != y->hash)
        return x->hash < y->hash ? -1 : 1;
    return x->value < y->value ? -1 : x->value > y->value;
}

static int by_hash(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    return x->hash < y->hash ? -1 : x->hash > y->hash;
}

static int by_value(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Add count entries to an index sized for expected, then check every hash.
 * A quarter of the entries reuse an earlier hash (several values under one
 * hash), and a few sit at the very top of the range, whose probes start
 * at the table's last slot and wrap to the first. */
static void check_against_list(size_t expected, size_t count, uint64_t seed)
{
    sla_keyindex *x = sla_keyindex_new(expected);
    entry *added = malloc(count * sizeof *added);
    uint64_t s = seed;
    for (size_t i = 0; i < count; i++) {
        uint64_t r = test_random(&s);
        uint64_t h;
        if (i > 0 && r % 4 == 0)
            h = added[r / 4 % i].hash;
        else if (r % 1024 == 1)
            h = UINT64_MAX - r % 1024;
        else
            h = test_random(&s) | 1; /* 0 is not a hash */
        added[i] = (entry){h, (uint32_t)i};
        sla_keyindex_add(x, h, (uint32_t)i);
    }
    qsort(added, count, sizeof *added, by_hash_value);
    uint32_t *found = malloc(count * sizeof *found);
    for (size_t i = 0; i < count;) {
        size_t same = 1;
        while (i + same < count && added[i + same].hash == added[i].hash)
            same++;
        size_t n = 0, pos = sla_keyindex_start(x, added[i].hash);
        for (uint32_t v; (v = sla_keyindex_next(x, added[i].hash, &pos)) != SLA_KEY_NONE;) {
            assert_true(n < same);
            found[n++] = v;
        }
        assert_int_equal(n, same);
        qsort(found, n, sizeof *found, by_value);
        for (size_t k = 0; k < n; k++)
            assert_int_equal(found[k], added[i + k].value);
        i += same;
    }
    for (size_t i = 0; i < 1000; i++) {
        uint64_t h = test_random(&s) | 1;
        entry key = {h, 0};
        if (bsearch(&key, added, count, sizeof *added, by_hash))
            continue;
        size_t pos = sla_keyindex_start(x, h);
        assert_int_equal(sla_keyindex_next(x, h, &pos), SLA_KEY_NONE);
    }
    free(found);
    free(added);
    sla_keyindex_free(x);
}

static void test_small_table(void **state)
{
    (void)state;
    check_against_list(1000, 1000, 1);
}

static void test_grows_past_what_was_expected(void **state)
{
    (void)state;
    check_against_list(10, 5000, 2);
}

/* 12-byte slots: 200 000 expected is a mapped table of about 3 MB. */
static void test_large_table(void **state)
{
    (void)state;
    check_against_list(200000, 200000, 3);
}

/* From calloc'd slots to mapped ones, then a mapped table that doubles. */
static void test_grows_into_a_mapped_table(void **state)
{
    (void)state;
    check_against_list(1000, 300000, 4);
    check_against_list(100000, 400000, 5);
}

/* Changing any one byte of a key, at any length, changes its hash: the
 * overlapping loads for a key's tail must not skip a byte. */
static void test_key_hash_reads_every_byte(void **state)
{
    (void)state;
    uint64_t s = 7;
    char key[41];
    for (size_t len = 0; len <= 40; len++)
        for (int round = 0; round < 20; round++) {
            for (size_t i = 0; i < len; i++)
                key[i] = (char)(test_random(&s) % 94 + 33);
            uint64_t h = sla_key_hash(key, len);
            assert_true(h != 0);
            for (size_t i = 0; i < len; i++) {
                char was = key[i];
                key[i] = (char)(was ^ (1 << test_random(&s) % 7));
                assert_true(sla_key_hash(key, len) != h);
                key[i] = was;
            }
            if (len > 0) /* a shorter prefix is another key */
                assert_true(sla_key_hash(key, len - 1) != h);
        }
}

/* A million sequential ids in a table three quarters full: the mean probe of
 * linear probing with a well-spread hash is about 2.5 slots on insert. */
static void test_key_hash_spreads_sequential_ids(void **state)
{
    (void)state;
    const size_t n = 1000000, cap = n / 3 * 4;
    unsigned char *used = calloc(cap, 1);
    double probes = 0;
    char id[32];
    for (size_t i = 0; i < n; i++) {
        int len = snprintf(id, sizeof id, "L-%06zu", i);
        uint64_t h = sla_key_hash(id, (size_t)len);
        size_t pos = (size_t)(((unsigned __int128)h * cap) >> 64);
        for (probes++; used[pos]; probes++)
            pos = pos + 1 == cap ? 0 : pos + 1;
        used[pos] = 1;
    }
    assert_true(probes / (double)n < 2.7);
    free(used);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_small_table),
        cmocka_unit_test(test_grows_past_what_was_expected),
        cmocka_unit_test(test_large_table),
        cmocka_unit_test(test_grows_into_a_mapped_table),
        cmocka_unit_test(test_key_hash_reads_every_byte),
        cmocka_unit_test(test_key_hash_spreads_sequential_ids),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
