/*
 * test_parse.c - the value parsers: every timestamp shape of SPEC §3 and
 * EXPORT-FORMATS.md §8 with its edge cases, the per-column date-order and
 * decimal-mark votes, and amounts with either decimal mark.
 */
#include "testutil.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "calendar.h"
#include "parse.h"

static sla_tz *warsaw;

/* UTC seconds of a UTC civil time. */
static int64_t utc(int y, int mo, int d, int h, int mi, int s)
{
    return sla_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

static sla_time_result parse(const char *s, sla_date_order order, int64_t *out)
{
    *out = -1;
    return sla_parse_time(s, strlen(s), order, warsaw, out);
}

#define TIME_IS(s, order, want)                                                                    \
    do {                                                                                           \
        int64_t t_;                                                                                \
        assert_int_equal(parse(s, order, &t_), SLA_TIME_OK);                                       \
        assert_int_equal(t_, want);                                                                \
    } while (0)
#define TIME_FAILS(s, order, result)                                                               \
    do {                                                                                           \
        int64_t t_;                                                                                \
        assert_int_equal(parse(s, order, &t_), result);                                            \
    } while (0)

static void test_shapes(void **state)
{
    (void)state;
    int64_t may5_10 = utc(2025, 5, 5, 8, 0, 0); /* 10:00 CEST */
    TIME_IS("2025-05-05T08:00:00Z", SLA_ORDER_AUTO, may5_10);
    TIME_IS("2025-05-05T08:00:00.000Z", SLA_ORDER_AUTO, may5_10);
    TIME_IS("2025-05-05T10:00:00+02:00", SLA_ORDER_AUTO, may5_10);
    TIME_IS("2025-05-05T09:00:00+0100", SLA_ORDER_AUTO, may5_10);
    TIME_IS("2025-05-05 10:00", SLA_ORDER_AUTO, may5_10);
    TIME_IS("2025-05-05 10:00:00", SLA_ORDER_AUTO, may5_10);
    TIME_IS("  2025-05-05 10:00\r", SLA_ORDER_AUTO, may5_10);
    TIME_IS("05.05.2025 10:00", SLA_ORDER_AUTO, may5_10);
    TIME_IS("2025.05.05 10:00", SLA_ORDER_AUTO, may5_10); /* Hungarian Excel (Olist variant) */
    TIME_IS("2025.05.05 9:00", SLA_ORDER_AUTO, may5_10 - 3600);
    TIME_IS("5/5/2025 10:00 AM", SLA_ORDER_MDY, may5_10);
    TIME_IS("5/20/2025 2:30 PM", SLA_ORDER_AUTO, utc(2025, 5, 20, 12, 30, 0));
    TIME_IS("20/5/2025 14:30", SLA_ORDER_AUTO, utc(2025, 5, 20, 12, 30, 0));
    TIME_IS("5/4/2025 1:22 PM", SLA_ORDER_MDY, utc(2025, 5, 4, 11, 22, 0));
    TIME_IS("5/4/2025 1:22 PM", SLA_ORDER_DMY, utc(2025, 4, 5, 11, 22, 0));
    TIME_IS("1/6/2025 12:00 AM", SLA_ORDER_MDY, utc(2025, 1, 5, 23, 0, 0)); /* midnight, CET */
    TIME_IS("1/6/2025 12:15 PM", SLA_ORDER_MDY, utc(2025, 1, 6, 11, 15, 0));
    TIME_IS("1746432000", SLA_ORDER_AUTO, utc(2025, 5, 5, 8, 0, 0));    /* epoch s */
    TIME_IS("1746432000000", SLA_ORDER_AUTO, utc(2025, 5, 5, 8, 0, 0)); /* epoch ms */
    TIME_IS("2025-05-05", SLA_ORDER_AUTO, utc(2025, 5, 4, 22, 0, 0));   /* local midnight */
    /* winter time: CET is UTC+1 */
    TIME_IS("15.01.2025 10:00", SLA_ORDER_AUTO, utc(2025, 1, 15, 9, 0, 0));
}

static void test_bad_times(void **state)
{
    (void)state;
    TIME_FAILS("", SLA_ORDER_AUTO, SLA_TIME_EMPTY);
    TIME_FAILS("   ", SLA_ORDER_AUTO, SLA_TIME_EMPTY);
    TIME_FAILS("31.02.2025 10:00", SLA_ORDER_AUTO, SLA_TIME_IMPOSSIBLE);
    TIME_FAILS("29.02.2025", SLA_ORDER_AUTO, SLA_TIME_IMPOSSIBLE);
    TIME_IS("29.02.2024", SLA_ORDER_AUTO, utc(2024, 2, 28, 23, 0, 0));
    TIME_FAILS("2025-13-45 10:00", SLA_ORDER_AUTO, SLA_TIME_IMPOSSIBLE);
    TIME_FAILS("2025-05-05 25:00", SLA_ORDER_AUTO, SLA_TIME_IMPOSSIBLE);
    TIME_FAILS("5/5/2025 13:00 PM", SLA_ORDER_MDY, SLA_TIME_IMPOSSIBLE);
    TIME_FAILS("5/4/2025", SLA_ORDER_AUTO, SLA_TIME_AMBIGUOUS);
    TIME_FAILS("1969-12-31", SLA_ORDER_AUTO, SLA_TIME_RANGE);
    TIME_FAILS("12345", SLA_ORDER_AUTO, SLA_TIME_BAD);
    TIME_FAILS("next tuesday", SLA_ORDER_AUTO, SLA_TIME_BAD);
    TIME_FAILS("2025-05-05 10:00 banana", SLA_ORDER_AUTO, SLA_TIME_BAD);
    TIME_FAILS("45000.5", SLA_ORDER_AUTO, SLA_TIME_BAD); /* Excel serials are not read */
}

/* xorshift64*: deterministic, so a failure reproduces. */
static uint64_t rng_state = UINT64_C(0x2545F4914F6CDD1D);
static unsigned rng(unsigned n)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (unsigned)((rng_state * UINT64_C(2685821657736338717)) >> 33) % n;
}

/* The fixed-position reading of ISO shapes agrees with the general scanner:
 * "...:SS.0" (a fraction, always scanned generally) must read exactly as
 * "...:SS" on random digits, impossible dates and offsets included. */
static void test_iso_fast_path_agrees(void **state)
{
    (void)state;
    static const char *tails[] = {"", "Z", "z", "+02:00", "-05:30", "+14:59", "+15:00",
                                  "-12:60", "+0200", "+02-00", "X", "+2:00 "};
    static const char between[] = " Tt";
    for (int i = 0; i < 20000; i++) {
        char base[24], plain[40], frac[40];
        snprintf(base, sizeof base, "%04u-%02u-%02u%c%02u:%02u:%02u", 1965 + rng(140), rng(14),
                 rng(33), between[rng(3)], rng(26), rng(61), rng(62));
        const char *tail = tails[rng(sizeof tails / sizeof *tails)];
        snprintf(plain, sizeof plain, "%s%s", base, tail);
        snprintf(frac, sizeof frac, "%s.0%s", base, tail);
        int64_t a, b;
        sla_time_result ra = parse(plain, SLA_ORDER_AUTO, &a);
        sla_time_result rb = parse(frac, SLA_ORDER_AUTO, &b);
        if (ra != rb || (ra == SLA_TIME_OK && a != b))
            fail_msg("\"%s\" reads as %d/%lld but \"%s\" as %d/%lld", plain, (int)ra,
                     (long long)a, frac, (int)rb, (long long)b);
    }
}

static void test_votes(void **state)
{
    (void)state;
    bool slash;
    assert_int_equal(sla_date_order_vote("20/5/2025", 9, &slash), SLA_ORDER_DMY);
    assert_true(slash);
    assert_int_equal(sla_date_order_vote("5/20/2025 2:30 PM", 17, &slash), SLA_ORDER_MDY);
    assert_int_equal(sla_date_order_vote("5/4/2025", 8, &slash), SLA_ORDER_AUTO);
    assert_true(slash);
    assert_int_equal(sla_date_order_vote("2025-05-20", 10, &slash), SLA_ORDER_AUTO);
    assert_false(slash);
    assert_int_equal(sla_date_order_vote("20.05.2025", 10, &slash), SLA_ORDER_AUTO);
    assert_false(slash);
    bool mark;
    struct {
        const char *s;
        char want;
        bool mark;
    } dec[] = {
        {"1,234.56", '.', true},
        {"1.234,56", ',', true},
        {"12,5", ',', true},
        {"0,500", ',', true},
        {"1.234.567", ',', true},
        {"1,234,567", '.', true},
        {"1234,567", ',', true},
        {"PLN 1,000.50", '.', true},
        {"1\xC2\xA0"
         "000,50 zł",
         ',', true},
        {"1,234", 0, true},
        {"1.234", 0, true},
        {"1500", 0, false},
        {"", 0, false},
    };
    for (size_t i = 0; i < sizeof dec / sizeof *dec; i++) {
        assert_int_equal(sla_decimal_vote(dec[i].s, strlen(dec[i].s), &mark), dec[i].want);
        assert_int_equal(mark, dec[i].mark);
    }
}

static void test_amounts(void **state)
{
    (void)state;
    struct {
        const char *s;
        char decimal;
        sla_num_result r;
        int64_t cents;
    } cases[] = {
        {"1000.50", '.', SLA_NUM_OK, 100050},
        {"1,234.56", '.', SLA_NUM_OK, 123456},
        {"1 234,56", ',', SLA_NUM_OK, 123456},
        {"1\xC2\xA0"
         "234,56",
         ',', SLA_NUM_OK, 123456}, /* NBSP */
        {"1\xE2\x80\xAF"
         "234,56 zł",
         ',', SLA_NUM_OK, 123456}, /* narrow NBSP + zł */
        {"$22,700.00", '.', SLA_NUM_OK, 2270000},
        {"PLN 2,000.00", '.', SLA_NUM_OK, 200000},
        {"2.000,00 EUR", ',', SLA_NUM_OK, 200000},
        {"0.005", '.', SLA_NUM_OK, 1}, /* half away from zero */
        {"-12.5", '.', SLA_NUM_OK, -1250},
        {"", '.', SLA_NUM_EMPTY, 0},
        {"zł", '.', SLA_NUM_EMPTY, 0},
        {"1,23,456", '.', SLA_NUM_BAD, 0},
        {"12,34", '.', SLA_NUM_BAD, 0}, /* a comma that groups two digits is not thousands */
        {"abc", '.', SLA_NUM_BAD, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int64_t cents = 0;
        sla_num_result r =
            sla_parse_cents(cases[i].s, strlen(cases[i].s), cases[i].decimal, &cents);
        if (r != cases[i].r || (r == SLA_NUM_OK && cents != cases[i].cents))
            fail_msg("\"%s\": result %d cents %lld", cases[i].s, r, (long long)cents);
    }
}

static int setup(void **state)
{
    (void)state;
    sla_error err = {0};
    return sla_tz_load("Europe/Warsaw", &warsaw, &err);
}

static int teardown(void **state)
{
    (void)state;
    sla_tz_free(warsaw);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shapes),
        cmocka_unit_test(test_bad_times),
        cmocka_unit_test(test_iso_fast_path_agrees),
        cmocka_unit_test(test_votes),
        cmocka_unit_test(test_amounts),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
