/*
 * test_idset.c - the activity-id set against a plain map of id → the file
 * that showed it first.
 *
 * Whichever way an id is kept (a bit for the numbered form, a hash for any
 * other), every answer must be the map's: new, again in this file, or
 * first shown by an earlier file. The streams mix numbered ids with look-
 * alikes that must not share their bits (another width, another prefix, a
 * letter among the digits), run over several files, and include numbers so
 * far apart that blocks stop being made.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "idset.h"
#include "keyindex.h"
#include "util.h"

/* The ids of a stream, each a NUL-terminated string (the map keeps pointers). */
typedef struct stream {
    char **ids;
    uint32_t *files;
    size_t count;
} stream;

static void stream_free(stream *st)
{
    for (size_t i = 0; i < st->count; i++)
        free(st->ids[i]);
    free(st->ids);
    free(st->files);
}

/* Feed the stream to a set and to the map; every answer must agree. */
static void check_stream(const stream *st, size_t *hashed)
{
    sla_idset *set = sla_idset_new(st->count);
    sla_map *first = sla_map_new(st->count);
    for (size_t i = 0; i < st->count; i++) {
        const char *id = st->ids[i];
        size_t len = strlen(id);
        uint32_t file = st->files[i];
        long was = sla_map_get(first, id, len);
        sla_id_seen want = was < 0             ? SLA_ID_NEW
                           : was == (long)file ? SLA_ID_IN_THIS_FILE
                                               : SLA_ID_IN_EARLIER_FILE;
        if (was < 0)
            sla_map_put(first, id, len, file);
        sla_idset_prefetch(set, id, len, sla_key_hash(id, len));
        sla_id_seen got = sla_idset_see(set, id, len, sla_key_hash(id, len), file);
        if (got != want)
            fail_msg("id %zu \"%s\" in file %u: got %d, want %d", i, id, file, got, want);
    }
    if (hashed)
        *hashed = sla_idset_hashed(set);
    sla_map_free(first);
    sla_idset_free(set);
}

static void add(stream *st, size_t cap, uint32_t file, const char *fmt, unsigned long long n)
{
    assert_true(st->count < cap);
    char buf[64];
    snprintf(buf, sizeof buf, fmt, n);
    st->ids[st->count] = sla_xstrdup(buf);
    st->files[st->count++] = file;
}

static stream new_stream(size_t cap)
{
    return (stream){sla_xmalloc(cap * sizeof(char *)), sla_xmalloc(cap * sizeof(uint32_t)), 0};
}

/* Three files of numbered ids from a dense range (so repeats are common),
 * with look-alikes of every kind among them. */
static void test_mixed_ids_over_three_files(void **state)
{
    (void)state;
    const size_t cap = 60000;
    stream st = new_stream(cap);
    uint64_t s = 11;
    static const char *const other[] = {"A-%llu",    "B-%07llu", "A-%08llu",  "A-%06llua", "%07llu",
                                        "A-%07llu ", "a-%07llu", "A--%06llu", "A-%06llu:"};
    for (uint32_t file = 3; file < 6; file++)
        for (size_t i = 0; i < cap / 3 - 1; i++) {
            uint64_t r = test_random(&s);
            unsigned long long n = test_random(&s) % 30000;
            if (r % 5 == 0)
                add(&st, cap, file, other[r / 5 % 9], n);
            else
                add(&st, cap, file, "A-%07llu", n);
        }
    size_t hashed;
    check_stream(&st, &hashed);
    assert_true(hashed > 0 && hashed < st.count / 4); /* the look-alikes, and only they */
    stream_free(&st);
}

/* An export numbered A-0000001 on: every id is a bit, none is hashed. */
static void test_sequential_ids_are_bits(void **state)
{
    (void)state;
    const size_t cap = 400000;
    stream st = new_stream(cap);
    for (unsigned long long n = 1; n <= 300000; n++)
        add(&st, cap, 2, "A-%07llu", n);
    for (unsigned long long n = 1000; n < 100000; n += 1000) /* repeats, in file and after */
        add(&st, cap, 2, "A-%07llu", n);
    for (unsigned long long n = 299000; n <= 300100; n++)
        add(&st, cap, 3, "A-%07llu", n);
    size_t hashed;
    check_stream(&st, &hashed);
    assert_int_equal(hashed, 0);
    stream_free(&st);
}

/* Numbers a million apart would make a block per id: after a few blocks
 * the rest are hashed, and repeats of both kinds are still found, even
 * once dense ids have made the blocks full enough to allow more. */
static void test_sparse_numbers_are_hashed(void **state)
{
    (void)state;
    const size_t cap = 50000;
    const unsigned long long base = 152588ull << 16; /* 10000007168, a block's first */
    stream st = new_stream(cap);
    for (uint32_t file = 1; file <= 2; file++)
        for (int round = 0; round < 2; round++) {
            for (unsigned long long k = 0; k < 500; k++)
                add(&st, cap, file, "%llu", base + k * 1000003ull);
            for (unsigned long long k = 1; round == 0 && file == 1 && k < 40000; k++)
                add(&st, cap, file, "%llu", base + k); /* in the first id's block */
        }
    size_t hashed;
    check_stream(&st, &hashed);
    assert_true(hashed > 400);
    stream_free(&st);
}

/* A first id with no digits at its end: there is no numbered form. */
static void test_ids_without_numbers(void **state)
{
    (void)state;
    const size_t cap = 5000;
    stream st = new_stream(cap);
    add(&st, cap, 1, "first-%llu-x", 0);
    uint64_t s = 5;
    for (size_t i = 1; i < cap; i++)
        add(&st, cap, 1 + (uint32_t)(i * 3 / cap), i % 2 ? "%llu" : "00T5g%llux",
            test_random(&s) % 2000);
    check_stream(&st, NULL);
    stream_free(&st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mixed_ids_over_three_files),
        cmocka_unit_test(test_sequential_ids_are_bits),
        cmocka_unit_test(test_sparse_numbers_are_hashed),
        cmocka_unit_test(test_ids_without_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
