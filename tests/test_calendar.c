/*
 * test_calendar.c - time zones, civil dates and business time.
 *
 * Expectations are computed by hand: instants are written as a UTC date plus
 * the offset a person reads off the calendar (CET = +1, CEST = +2), never
 * through the code under test. The Warsaw calendar is 09:00-17:00 Mon-Fri with
 * the 2025 Polish public holidays (12-24 is a holiday from 2025 on). Synthetic
 * TZif files, written into a scratch $TZDIR, cover the file format's corners
 * and the footer rule forms that real zones do not all use. Property tests
 * compare against a slow minute-by-minute reference with a fixed seed.
 */
#define _DEFAULT_SOURCE /* struct tm's tm_gmtoff, for the glibc oracle */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "testutil.h"

#include "calendar.h"
#include "util.h"

#define MIN 60
#define HOUR 3600
#define DAY INT64_C(86400)

static sla_tz *warsaw, *new_york, *utc_zone;
static sla_calendar *pl;
static int64_t pl_holidays[14];
static const unsigned MON_FRI = 0x1f;

/* A UTC instant from its civil fields. */
static int64_t utc(int y, int mo, int d, int h, int mi, int s)
{
    return sla_days_from_civil(y, mo, d) * DAY + h * HOUR + mi * MIN + s;
}

/* A wall-clock time with its offset in hours stated by hand. */
static int64_t wall(int y, int mo, int d, int h, int mi, int off_hours)
{
    return utc(y, mo, d, h, mi, 0) - off_hours * HOUR;
}

/* Minutes of business time, which is how the KPIs read it. */
static int64_t bmin(const sla_calendar *cal, int64_t from, int64_t to)
{
    int64_t s = sla_business_seconds(cal, from, to);
    assert_int_equal(s % 60, 0);
    return s / 60;
}

/* Load a zone that must exist. */
static sla_tz *load(const char *name)
{
    sla_error err;
    sla_error_clear(&err);
    sla_tz *tz = NULL;
    if (sla_tz_load(name, &tz, &err) != SLA_OK)
        fail_msg("%s: %s", name, err.text);
    assert_non_null(tz);
    return tz;
}

/* The fixtures every test shares: the zones and the Polish calendar. */
static int group_setup(void **state)
{
    (void)state;
    static const int md[14][2] = {{1, 1},   {1, 6},   {4, 20},  {4, 21}, {5, 1},
                                  {5, 3},   {6, 8},   {6, 19},  {8, 15}, {11, 1},
                                  {11, 11}, {12, 24}, {12, 25}, {12, 26}};
    for (int i = 0; i < 14; i++)
        pl_holidays[i] = sla_days_from_civil(2025, md[i][0], md[i][1]);
    warsaw = load("Europe/Warsaw");
    new_york = load("America/New_York");
    utc_zone = load("UTC");
    sla_calendar_spec spec = {MON_FRI, 9 * 60, 17 * 60, pl_holidays, 14};
    sla_error err;
    sla_error_clear(&err);
    if (sla_calendar_new(warsaw, &spec, &pl, &err) != SLA_OK)
        fail_msg("%s", err.text);
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    sla_calendar_free(pl);
    sla_tz_free(warsaw);
    sla_tz_free(new_york);
    sla_tz_free(utc_zone);
    return 0;
}

/* A calendar that must be valid. */
static sla_calendar *make_cal(const sla_tz *tz, unsigned workdays, int open, int close,
                              const int64_t *hol, size_t nhol)
{
    sla_calendar_spec spec = {workdays, open, close, hol, nhol};
    sla_error err;
    sla_error_clear(&err);
    sla_calendar *cal = NULL;
    if (sla_calendar_new(tz, &spec, &cal, &err) != SLA_OK)
        fail_msg("%s", err.text);
    return cal;
}

/* ---- civil dates -------------------------------------------------------- */

static void test_civil_known_dates(void **state)
{
    (void)state;
    assert_int_equal(sla_days_from_civil(1970, 1, 1), 0);
    assert_int_equal(sla_days_from_civil(1969, 12, 31), -1);
    assert_int_equal(sla_days_from_civil(1969, 12, 1), -31);
    assert_int_equal(sla_days_from_civil(2000, 3, 1), 11017);
    assert_int_equal(sla_days_from_civil(2000, 2, 29), 11016);
    assert_int_equal(sla_days_from_civil(2025, 1, 1), 20089);
    assert_int_equal(sla_days_from_civil(2100, 1, 1), 47482);
    assert_int_equal(sla_days_from_civil(2100, 3, 1) - sla_days_from_civil(2100, 2, 28), 1);
    assert_int_equal(sla_days_from_civil(1900, 3, 1) - sla_days_from_civil(1900, 2, 28), 1);
    assert_int_equal(sla_days_from_civil(2024, 3, 1) - sla_days_from_civil(2024, 2, 28), 2);
    assert_int_equal(sla_days_from_civil(1600, 1, 1), -135140);
    assert_int_equal(SLA_TIME_MAX, sla_days_from_civil(2100, 1, 1) * DAY);
    int y, m, d;
    sla_civil_from_days(-1, &y, &m, &d);
    assert_true(y == 1969 && m == 12 && d == 31);
    sla_civil_from_days(11016, &y, &m, &d);
    assert_true(y == 2000 && m == 2 && d == 29);
    sla_civil_from_days(47482, &y, &m, &d);
    assert_true(y == 2100 && m == 1 && d == 1);
}

static void test_civil_round_trip(void **state)
{
    (void)state;
    int py, pm, pd;
    sla_civil_from_days(-800001, &py, &pm, &pd);
    for (int64_t days = -800000; days <= 800000; days++) {
        int y, m, d;
        sla_civil_from_days(days, &y, &m, &d);
        if (sla_days_from_civil(y, m, d) != days)
            fail_msg("day %lld -> %d-%d-%d", (long long)days, y, m, d);
        /* Consecutive days: the next date in the calendar. */
        bool next = (y == py && m == pm && d == pd + 1) || (y == py && m == pm + 1 && d == 1) ||
                    (y == py + 1 && m == 1 && d == 1 && pm == 12 && pd == 31);
        if (!next)
            fail_msg("day %lld: %d-%d-%d after %d-%d-%d", (long long)days, y, m, d, py, pm, pd);
        py = y, pm = m, pd = d;
    }
}

static void test_weekday(void **state)
{
    (void)state;
    assert_int_equal(sla_weekday(0), 3);  /* 1970-01-01 Thursday */
    assert_int_equal(sla_weekday(-1), 2); /* 1969-12-31 Wednesday */
    assert_int_equal(sla_weekday(-7), 3);
    assert_int_equal(sla_weekday(-8), 2);
    assert_int_equal(sla_weekday(sla_days_from_civil(2025, 3, 30)), 6); /* Sunday */
    assert_int_equal(sla_weekday(sla_days_from_civil(2025, 3, 31)), 0); /* Monday */
    assert_int_equal(sla_weekday(sla_days_from_civil(2025, 5, 1)), 3);  /* Thursday */
    assert_int_equal(sla_weekday(sla_days_from_civil(2025, 5, 3)), 5);  /* Saturday */
    assert_int_equal(sla_weekday(sla_days_from_civil(2025, 12, 24)), 2);
    for (int64_t d = -1000; d < 1000; d++)
        assert_int_equal(sla_weekday(d + 1), (sla_weekday(d) + 1) % 7);
}

/* ---- zones ---------------------------------------------------------------- */

static void test_utc_zone(void **state)
{
    (void)state;
    assert_string_equal(sla_tz_name(utc_zone), "UTC");
    int64_t t = utc(2025, 3, 30, 1, 30, 0);
    assert_int_equal(sla_tz_offset(utc_zone, t), 0);
    assert_int_equal(sla_tz_offset(utc_zone, utc(2080, 7, 1, 0, 0, 0)), 0);
    assert_int_equal(sla_tz_local_to_utc(utc_zone, t), t);
    assert_int_equal(sla_local_day(utc_zone, utc(2025, 7, 1, 23, 59, 59)),
                     sla_days_from_civil(2025, 7, 1));
    char buf[64];
    sla_format_iso(utc_zone, utc(2025, 7, 1, 0, 0, 0), buf, sizeof buf);
    assert_string_equal(buf, "2025-07-01T00:00:00+00:00");
    sla_tz *etc = load("Etc/UTC");
    assert_int_equal(sla_tz_offset(etc, t), 0);
    assert_int_equal(sla_tz_offset(etc, utc(2080, 7, 1, 0, 0, 0)), 0);
    sla_tz_free(etc);
}

static void test_warsaw_offsets(void **state)
{
    (void)state;
    assert_string_equal(sla_tz_name(warsaw), "Europe/Warsaw");
    assert_int_equal(sla_tz_offset(warsaw, utc(2025, 1, 15, 12, 0, 0)), 3600);
    assert_int_equal(sla_tz_offset(warsaw, utc(2025, 7, 1, 12, 0, 0)), 7200);
    assert_int_equal(sla_tz_offset(warsaw, utc(2025, 12, 31, 23, 0, 0)), 3600);
    assert_int_equal(sla_tz_offset(warsaw, 0), 3600); /* 1970: no DST in Poland */
    /* 2025-03-30 01:00Z: 02:00 CET becomes 03:00 CEST. */
    assert_int_equal(sla_tz_offset(warsaw, utc(2025, 3, 30, 0, 59, 59)), 3600);
    assert_int_equal(sla_tz_offset(warsaw, utc(2025, 3, 30, 1, 0, 0)), 7200);
    /* 2025-10-26 01:00Z: 03:00 CEST becomes 02:00 CET. */
    assert_int_equal(sla_tz_offset(warsaw, utc(2025, 10, 26, 0, 59, 59)), 7200);
    assert_int_equal(sla_tz_offset(warsaw, utc(2025, 10, 26, 1, 0, 0)), 3600);
    /* Local mean time before 1915: +01:24. */
    assert_int_equal(sla_tz_offset(warsaw, utc(1900, 1, 1, 0, 0, 0)), 5040);
}

static void test_local_to_utc(void **state)
{
    (void)state;
    /* Plain winter and summer times. */
    assert_int_equal(sla_tz_local_to_utc(warsaw, utc(2025, 1, 15, 9, 0, 0)),
                     utc(2025, 1, 15, 8, 0, 0));
    assert_int_equal(sla_tz_local_to_utc(warsaw, utc(2025, 7, 1, 9, 0, 0)),
                     utc(2025, 7, 1, 7, 0, 0));
    /* Gap: 02:30 does not exist; read with CET it is 01:30Z = 03:30 CEST. */
    assert_int_equal(sla_tz_local_to_utc(warsaw, utc(2025, 3, 30, 2, 30, 0)),
                     utc(2025, 3, 30, 1, 30, 0));
    assert_int_equal(sla_tz_local_to_utc(warsaw, utc(2025, 3, 30, 2, 0, 0)),
                     utc(2025, 3, 30, 1, 0, 0));
    assert_int_equal(sla_tz_local_to_utc(warsaw, utc(2025, 3, 30, 1, 59, 59)),
                     utc(2025, 3, 30, 0, 59, 59));
    assert_int_equal(sla_tz_local_to_utc(warsaw, utc(2025, 3, 30, 3, 0, 0)),
                     utc(2025, 3, 30, 1, 0, 0));
    /* Overlap: 02:30 happens twice; the earlier, CEST, is 00:30Z. */
    assert_int_equal(sla_tz_local_to_utc(warsaw, utc(2025, 10, 26, 2, 30, 0)),
                     utc(2025, 10, 26, 0, 30, 0));
    assert_int_equal(sla_tz_local_to_utc(warsaw, utc(2025, 10, 26, 2, 0, 0)),
                     utc(2025, 10, 26, 0, 0, 0));
    assert_int_equal(sla_tz_local_to_utc(warsaw, utc(2025, 10, 26, 3, 0, 0)),
                     utc(2025, 10, 26, 2, 0, 0));
    assert_int_equal(sla_tz_local_to_utc(warsaw, utc(2025, 10, 26, 1, 59, 59)),
                     utc(2025, 10, 25, 23, 59, 59));
    /* New York: gap 02:30 on 2025-03-09 -> 07:30Z (03:30 EDT); overlap 01:30 on
     * 2025-11-02 -> 05:30Z (EDT, the earlier). */
    assert_int_equal(sla_tz_local_to_utc(new_york, utc(2025, 3, 9, 2, 30, 0)),
                     utc(2025, 3, 9, 7, 30, 0));
    assert_int_equal(sla_tz_local_to_utc(new_york, utc(2025, 11, 2, 1, 30, 0)),
                     utc(2025, 11, 2, 5, 30, 0));
    assert_int_equal(sla_tz_local_to_utc(new_york, utc(2025, 1, 15, 9, 0, 0)),
                     utc(2025, 1, 15, 14, 0, 0));
    /* Far future, footer rule: 2080-03-31 02:30 is in the gap, 2080-10-27 02:30 overlaps. */
    assert_int_equal(sla_tz_local_to_utc(warsaw, utc(2080, 3, 31, 2, 30, 0)),
                     utc(2080, 3, 31, 1, 30, 0));
    assert_int_equal(sla_tz_local_to_utc(warsaw, utc(2080, 10, 27, 2, 30, 0)),
                     utc(2080, 10, 27, 0, 30, 0));
}

/* Every hour of three years now and three in the rule's era: a local time read
 * back gives the instant, or the earlier one in an overlap. */
static void check_round_trip(const sla_tz *tz, int64_t from, int64_t to)
{
    for (int64_t t = from; t < to; t += 900) {
        int64_t local = t + sla_tz_offset(tz, t);
        int64_t u = sla_tz_local_to_utc(tz, local);
        if (u + sla_tz_offset(tz, u) != local || u > t || t - u > 2 * HOUR)
            fail_msg("%s: %lld -> local %lld -> %lld", sla_tz_name(tz), (long long)t,
                     (long long)local, (long long)u);
    }
}

static void test_local_to_utc_round_trip(void **state)
{
    (void)state;
    check_round_trip(warsaw, utc(2024, 1, 1, 0, 0, 0), utc(2027, 1, 1, 0, 0, 0));
    check_round_trip(warsaw, utc(2079, 1, 1, 0, 0, 0), utc(2082, 1, 1, 0, 0, 0));
    check_round_trip(new_york, utc(2024, 1, 1, 0, 0, 0), utc(2027, 1, 1, 0, 0, 0));
    check_round_trip(new_york, utc(2079, 1, 1, 0, 0, 0), utc(2082, 1, 1, 0, 0, 0));
}

/* What a local time means, found by brute force: the instants local - o for
 * every offset o in force within a day and more around it that read back as
 * local; the earliest of them, or (in a gap) local read with the offset
 * before the change. */
static int64_t local_to_utc_oracle(const sla_tz *tz, int64_t local)
{
    int64_t best = INT64_MAX;
    for (int64_t t = local - 30 * HOUR; t <= local + 30 * HOUR; t += HOUR) {
        int64_t u = local - sla_tz_offset(tz, t);
        if (u + sla_tz_offset(tz, u) == local && u < best)
            best = u;
    }
    return best != INT64_MAX ? best : local - sla_tz_offset(tz, local - 26 * HOUR);
}

/* The per-day offset table agrees with the search everywhere it applies:
 * samples over 2000-2060 and every 53 minutes of the years with a zone's
 * odd changes (Apia skipped 30 December 2011; Lord Howe
 * moves by 30 minutes). */
static void test_local_to_utc_matches_oracle(void **state)
{
    (void)state;
    const char *names[] = {"Europe/Warsaw", "America/New_York", "Pacific/Apia",
                           "Australia/Lord_Howe", "America/Sao_Paulo", "Asia/Kathmandu"};
    for (size_t z = 0; z < sizeof names / sizeof *names; z++) {
        sla_tz *tz = load(names[z]);
        int64_t from = utc(2000, 1, 1, 0, 0, 0), to = utc(2060, 1, 1, 0, 0, 0);
        for (int64_t local = from; local < to; local += 7 * HOUR + 13 * 60 + 7)
            assert_int_equal(sla_tz_local_to_utc(tz, local), local_to_utc_oracle(tz, local));
        for (int64_t local = utc(2011, 1, 1, 0, 0, 0); local < utc(2012, 6, 1, 0, 0, 0);
             local += 53 * 60)
            assert_int_equal(sla_tz_local_to_utc(tz, local), local_to_utc_oracle(tz, local));
        sla_tz_free(tz);
    }
}

/* The offset of a UTC instant as glibc's own TZif reader has it. */
static long glibc_offset(int64_t utc)
{
    time_t t = (time_t)utc;
    struct tm tm;
    localtime_r(&t, &tm);
    return tm.tm_gmtoff;
}

/* sla_tz_offset (a per-day table for 2000-2059, a search elsewhere) agrees
 * with glibc, an independent reader of the same zone files, over 2000-2060
 * and every 17 minutes of the years with odd changes. */
static void test_offsets_match_glibc(void **state)
{
    (void)state;
    const char *names[] = {"Europe/Warsaw", "America/New_York", "Pacific/Apia",
                           "Australia/Lord_Howe", "America/Sao_Paulo", "Asia/Kathmandu"};
    char *saved = getenv("TZ") ? sla_xstrdup(getenv("TZ")) : NULL;
    for (size_t z = 0; z < sizeof names / sizeof *names; z++) {
        sla_tz *tz = load(names[z]);
        setenv("TZ", names[z], 1);
        tzset();
        int64_t from = utc(1999, 12, 25, 0, 0, 0), to = utc(2060, 1, 8, 0, 0, 0);
        for (int64_t t = from; t < to; t += 5 * HOUR + 11 * 60 + 3)
            if (sla_tz_offset(tz, t) != glibc_offset(t))
                fail_msg("%s at %lld: %d, glibc %ld", names[z], (long long)t,
                         sla_tz_offset(tz, t), glibc_offset(t));
        for (int64_t t = utc(2011, 1, 1, 0, 0, 0); t < utc(2012, 6, 1, 0, 0, 0); t += 17 * 60)
            if (sla_tz_offset(tz, t) != glibc_offset(t))
                fail_msg("%s at %lld: %d, glibc %ld", names[z], (long long)t,
                         sla_tz_offset(tz, t), glibc_offset(t));
        sla_tz_free(tz);
    }
    if (saved)
        setenv("TZ", saved, 1);
    else
        unsetenv("TZ");
    tzset();
    free(saved);
}

static void test_far_future_footer_rule(void **state)
{
    (void)state;
    /* 2080: last Sundays are March 31 and October 27. */
    assert_int_equal(sla_tz_offset(warsaw, utc(2080, 1, 1, 12, 0, 0)), 3600);
    assert_int_equal(sla_tz_offset(warsaw, utc(2080, 7, 1, 12, 0, 0)), 7200);
    assert_int_equal(sla_tz_offset(warsaw, utc(2080, 3, 31, 0, 59, 59)), 3600);
    assert_int_equal(sla_tz_offset(warsaw, utc(2080, 3, 31, 1, 0, 0)), 7200);
    assert_int_equal(sla_tz_offset(warsaw, utc(2080, 10, 27, 0, 59, 59)), 7200);
    assert_int_equal(sla_tz_offset(warsaw, utc(2080, 10, 27, 1, 0, 0)), 3600);
    char buf[64];
    sla_format_iso(warsaw, utc(2080, 7, 1, 12, 0, 0), buf, sizeof buf);
    assert_string_equal(buf, "2080-07-01T14:00:00+02:00");
    assert_int_equal(sla_tz_offset(new_york, utc(2080, 7, 1, 0, 0, 0)), -4 * HOUR);
    assert_int_equal(sla_tz_offset(new_york, utc(2080, 1, 1, 0, 0, 0)), -5 * HOUR);

    /* Other footer shapes real zones use. */
    sla_tz *jer = load("Asia/Jerusalem"); /* IST-2IDT,M3.4.4/26,M10.5.0: hour 26 */
    assert_int_equal(sla_tz_offset(jer, utc(2080, 3, 28, 23, 59, 59)), 2 * HOUR);
    assert_int_equal(sla_tz_offset(jer, utc(2080, 3, 29, 0, 0, 0)), 3 * HOUR);
    assert_int_equal(sla_tz_offset(jer, utc(2080, 10, 26, 22, 59, 59)), 3 * HOUR);
    assert_int_equal(sla_tz_offset(jer, utc(2080, 10, 26, 23, 0, 0)), 2 * HOUR);
    sla_tz_free(jer);
    sla_tz *nuuk = load("America/Nuuk"); /* <-02>2<-01>,M3.5.0/-1,M10.5.0/0: negative hour */
    assert_int_equal(sla_tz_offset(nuuk, utc(2080, 3, 31, 0, 59, 59)), -2 * HOUR);
    assert_int_equal(sla_tz_offset(nuuk, utc(2080, 3, 31, 1, 0, 0)), -1 * HOUR);
    assert_int_equal(sla_tz_offset(nuuk, utc(2080, 10, 27, 0, 59, 59)), -1 * HOUR);
    assert_int_equal(sla_tz_offset(nuuk, utc(2080, 10, 27, 1, 0, 0)), -2 * HOUR);
    sla_tz_free(nuuk);
    sla_tz *syd = load("Australia/Sydney"); /* southern: DST spans the new year */
    assert_int_equal(sla_tz_offset(syd, utc(2080, 1, 15, 0, 0, 0)), 11 * HOUR);
    assert_int_equal(sla_tz_offset(syd, utc(2080, 7, 15, 0, 0, 0)), 10 * HOUR);
    assert_int_equal(sla_tz_offset(syd, utc(2080, 12, 31, 13, 0, 0)), 11 * HOUR);
    sla_tz_free(syd);
    sla_tz *lhi = load("Australia/Lord_Howe"); /* <+1030>-10:30<+11>-11: minutes, DST offset */
    assert_int_equal(sla_tz_offset(lhi, utc(2080, 1, 15, 0, 0, 0)), 11 * HOUR);
    assert_int_equal(sla_tz_offset(lhi, utc(2080, 7, 15, 0, 0, 0)), 10 * HOUR + 30 * MIN);
    sla_tz_free(lhi);
    sla_tz *ist = load("Europe/Istanbul"); /* <+03>-3: no DST */
    assert_int_equal(sla_tz_offset(ist, utc(2080, 1, 1, 0, 0, 0)), 3 * HOUR);
    assert_int_equal(sla_tz_offset(ist, utc(2080, 7, 1, 0, 0, 0)), 3 * HOUR);
    sla_tz_free(ist);
}

static void test_format_iso(void **state)
{
    (void)state;
    char buf[64];
    sla_format_iso(warsaw, utc(2025, 6, 30, 22, 0, 0), buf, sizeof buf);
    assert_string_equal(buf, "2025-07-01T00:00:00+02:00");
    sla_format_iso(warsaw, utc(2025, 1, 15, 8, 5, 9), buf, sizeof buf);
    assert_string_equal(buf, "2025-01-15T09:05:09+01:00");
    sla_format_iso(warsaw, utc(2025, 10, 26, 0, 30, 0), buf, sizeof buf);
    assert_string_equal(buf, "2025-10-26T02:30:00+02:00");
    sla_format_iso(warsaw, utc(2025, 10, 26, 1, 30, 0), buf, sizeof buf);
    assert_string_equal(buf, "2025-10-26T02:30:00+01:00");
    sla_format_iso(new_york, utc(2025, 1, 1, 4, 59, 59), buf, sizeof buf);
    assert_string_equal(buf, "2024-12-31T23:59:59-05:00");
    sla_format_iso(new_york, utc(2025, 7, 4, 16, 0, 0), buf, sizeof buf);
    assert_string_equal(buf, "2025-07-04T12:00:00-04:00");
    sla_format_iso(warsaw, utc(1900, 1, 1, 0, 0, 0), buf, sizeof buf);
    assert_string_equal(buf, "1900-01-01T01:24:00+01:24");
    sla_tz *mon = load("Africa/Monrovia"); /* -00:44:30 until 1972 */
    sla_format_iso(mon, utc(1971, 1, 1, 0, 0, 0), buf, sizeof buf);
    assert_string_equal(buf, "1970-12-31T23:15:30-00:44:30");
    sla_tz_free(mon);
    /* A short buffer truncates and stays terminated. */
    char small[11];
    sla_format_iso(warsaw, utc(2025, 6, 30, 22, 0, 0), small, sizeof small);
    assert_string_equal(small, "2025-07-01");
}

static void test_local_day(void **state)
{
    (void)state;
    int64_t jul1 = sla_days_from_civil(2025, 7, 1);
    assert_int_equal(sla_local_day(warsaw, utc(2025, 6, 30, 21, 59, 59)), jul1 - 1);
    assert_int_equal(sla_local_day(warsaw, utc(2025, 6, 30, 22, 0, 0)), jul1);
    assert_int_equal(sla_local_day(new_york, utc(2025, 7, 1, 3, 59, 59)), jul1 - 1);
    assert_int_equal(sla_local_day(new_york, utc(2025, 7, 1, 4, 0, 0)), jul1);
    assert_int_equal(sla_local_day(utc_zone, utc(2025, 7, 1, 0, 0, 0)), jul1);
    assert_int_equal(sla_local_day(new_york, 0), -1);
}

static void test_zone_name_errors(void **state)
{
    (void)state;
    static const struct {
        const char *name, *text;
    } cases[] = {
        {"Europe/Warsw", "unknown time zone \"Europe/Warsw\""},
        {"Europe", "unknown time zone \"Europe\""},
        {"Mars/Olympus_Mons", "unknown time zone \"Mars/Olympus_Mons\""},
        {"../../etc/passwd", "invalid time zone name \"../../etc/passwd\""},
        {"Europe/../../../etc/passwd", "invalid time zone name \"Europe/../../../etc/passwd\""},
        {"/etc/localtime", "invalid time zone name \"/etc/localtime\""},
        {"", "invalid time zone name \"\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sla_error err;
        sla_error_clear(&err);
        sla_tz *tz = (sla_tz *)&err; /* must be reset to NULL */
        assert_int_equal(sla_tz_load(cases[i].name, &tz, &err), SLA_ERR_INPUT);
        assert_null(tz);
        assert_int_equal(err.status, SLA_ERR_INPUT);
        assert_string_equal(err.text, cases[i].text);
    }
    sla_error err;
    sla_error_clear(&err);
    sla_tz *tz = NULL;
    assert_int_equal(sla_tz_load("Europe/Warsw", &tz, &err), SLA_ERR_INPUT);
    char line[1024];
    sla_error_format(&err, line, sizeof line);
    assert_string_equal(line, "slapack: error: unknown time zone \"Europe/Warsw\"");
    sla_tz_free(NULL);
}

/* ---- synthetic TZif files --------------------------------------------------- */

typedef struct tzif_file {
    char version; /* '\0' (v1), '2', '3' */
    size_t n;     /* transitions */
    const int64_t *at;
    const unsigned char *idx;
    size_t ntypes;
    const int32_t *utoff;
    const int32_t *v1_utoff; /* 32-bit block's types when different (NULL: same) */
    bool v1_empty;           /* slim: nothing in the 32-bit block */
    uint32_t leap;           /* leap-second records (zeros) */
    const char *footer;      /* v2+: the TZ string; NULL = "" */
} tzif_file;

typedef struct bytes {
    unsigned char data[16384];
    size_t len;
} bytes;

/* Append v as a big-endian integer of n bytes (zero-extended past 8). */
static void put(bytes *b, uint64_t v, int n)
{
    for (int i = n - 1; i >= 0; i--)
        b->data[b->len++] = i < 8 ? (unsigned char)(v >> (8 * i)) : 0;
}

/* One header and its data block, with 4- or 8-byte times. */
static void put_block(bytes *b, const tzif_file *f, int tsize, bool empty, const int32_t *utoff)
{
    size_t n = empty ? 0 : f->n, ntypes = empty ? 1 : f->ntypes;
    uint32_t leap = empty ? 0 : f->leap;
    memcpy(b->data + b->len, "TZif", 4);
    b->len += 4;
    b->data[b->len++] = (unsigned char)f->version;
    for (int i = 0; i < 15; i++)
        b->data[b->len++] = 0;
    uint32_t counts[6] = {0, 0, leap, (uint32_t)n, (uint32_t)ntypes, 4};
    for (int i = 0; i < 6; i++)
        put(b, counts[i], 4);
    for (size_t i = 0; i < n; i++)
        put(b, (uint64_t)f->at[i], tsize);
    for (size_t i = 0; i < n; i++)
        b->data[b->len++] = f->idx[i];
    for (size_t i = 0; i < ntypes; i++) {
        put(b, (uint32_t)(empty ? 0 : utoff[i]), 4);
        b->data[b->len++] = 0; /* isdst */
        b->data[b->len++] = 0; /* abbreviation index */
    }
    memcpy(b->data + b->len, "XXX", 4);
    b->len += 4;
    for (uint32_t i = 0; i < leap; i++)
        put(b, 0, tsize + 4);
}

/* A whole file: the v1 block, then for v2+ the 64-bit block and the footer. */
static void build_tzif(bytes *b, const tzif_file *f)
{
    b->len = 0;
    put_block(b, f, 4, f->version != '\0' && f->v1_empty, f->v1_utoff ? f->v1_utoff : f->utoff);
    if (f->version == '\0')
        return;
    put_block(b, f, 8, false, f->utoff);
    int k = snprintf((char *)b->data + b->len, sizeof b->data - b->len, "\n%s\n",
                     f->footer ? f->footer : "");
    b->len += (size_t)k;
}

static char *tzdir;

/* Write bytes as a zone file under the scratch $TZDIR. */
static void write_zone(const char *name, const unsigned char *data, size_t len)
{
    if (!tzdir)
        tzdir = test_scratch_dir("test_calendar_tzdir");
    char *path = sla_path_join(tzdir, name);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, len, fp), len);
    fclose(fp);
    free(path);
}

/* Load name from the scratch $TZDIR, restoring the environment afterwards. */
static sla_status load_synthetic(const char *name, sla_tz **tz, sla_error *err)
{
    const char *old = getenv("TZDIR");
    char *saved = old ? sla_xstrdup(old) : NULL;
    setenv("TZDIR", tzdir, 1);
    sla_error_clear(err);
    sla_status st = sla_tz_load(name, tz, err);
    if (saved)
        setenv("TZDIR", saved, 1);
    else
        unsetenv("TZDIR");
    free(saved);
    return st;
}

/* Write a file and load it; it must load. */
static sla_tz *synthetic(const char *name, const tzif_file *f)
{
    static bytes b;
    build_tzif(&b, f);
    write_zone(name, b.data, b.len);
    sla_error err;
    sla_tz *tz = NULL;
    if (load_synthetic(name, &tz, &err) != SLA_OK)
        fail_msg("%s: %s", name, err.text);
    return tz;
}

/* A zone that is nothing but a footer rule. */
static sla_tz *rule_only(const char *name, const char *footer)
{
    static const int32_t zero[1] = {0};
    tzif_file f = {.version = '2', .ntypes = 1, .utoff = zero, .v1_empty = true, .footer = footer};
    return synthetic(name, &f);
}

/* The extreme of a slim file: no transitions, only Warsaw's footer. From 1997
 * on (EU rules in Poland) it must agree with the real file at every hour. */
static void test_slim_footer_only_matches_real(void **state)
{
    (void)state;
    sla_tz *slim = rule_only("SlimWarsaw", "CET-1CEST,M3.5.0,M10.5.0/3");
    assert_string_equal(sla_tz_name(slim), "SlimWarsaw");
    for (int64_t t = utc(1997, 1, 1, 0, 0, 0); t < utc(2100, 1, 1, 0, 0, 0); t += HOUR) {
        if (sla_tz_offset(slim, t) != sla_tz_offset(warsaw, t))
            fail_msg("slim and real Warsaw differ at %lld", (long long)t);
    }
    assert_int_equal(sla_tz_local_to_utc(slim, utc(2025, 3, 30, 2, 30, 0)),
                     utc(2025, 3, 30, 1, 30, 0));
    assert_int_equal(sla_tz_local_to_utc(slim, utc(2025, 10, 26, 2, 30, 0)),
                     utc(2025, 10, 26, 0, 30, 0));
    /* A calendar on the slim zone counts the same business time. */
    sla_calendar *cal = make_cal(slim, MON_FRI, 540, 1020, pl_holidays, 14);
    int64_t a = wall(2025, 3, 28, 16, 0, 1), b = wall(2025, 10, 27, 10, 0, 1);
    assert_int_equal(sla_business_seconds(cal, a, b), sla_business_seconds(pl, a, b));
    sla_calendar_free(cal);
    sla_tz_free(slim);
}

/* A slim-style file with a few transitions: the table up to its end, then the rule. */
static void test_slim_few_transitions(void **state)
{
    (void)state;
    /* Types: 0 = +01:00 (before), 1 = +02:00, 2 = +01:00. */
    static const int64_t at[] = {INT64_C(1743296400),  /* 2025-03-30 01:00Z */
                                 INT64_C(1761440400)}; /* 2025-10-26 01:00Z */
    static const unsigned char idx[] = {1, 2};
    static const int32_t off[] = {3600, 7200, 3600};
    tzif_file f = {.version = '3',
                   .n = 2,
                   .at = at,
                   .idx = idx,
                   .ntypes = 3,
                   .utoff = off,
                   .v1_empty = true,
                   .footer = "CET-1CEST,M3.5.0,M10.5.0/3"};
    sla_tz *tz = synthetic("FewTransitions", &f);
    assert_int_equal(sla_tz_offset(tz, utc(2020, 7, 1, 0, 0, 0)), 3600); /* type 0 before */
    assert_int_equal(sla_tz_offset(tz, utc(2025, 7, 1, 0, 0, 0)), 7200);
    assert_int_equal(sla_tz_offset(tz, utc(2025, 10, 26, 0, 59, 59)), 7200);
    assert_int_equal(sla_tz_offset(tz, utc(2025, 10, 26, 1, 0, 0)), 3600);
    assert_int_equal(sla_tz_offset(tz, utc(2026, 3, 29, 0, 59, 59)), 3600);
    assert_int_equal(sla_tz_offset(tz, utc(2026, 3, 29, 1, 0, 0)), 7200); /* from the rule */
    assert_int_equal(sla_tz_offset(tz, utc(2026, 7, 1, 0, 0, 0)), 7200);
    sla_tz_free(tz);

    /* An empty footer: the last transition's type holds for ever. */
    f.footer = "";
    tz = synthetic("NoRule", &f);
    assert_int_equal(sla_tz_offset(tz, utc(2026, 7, 1, 0, 0, 0)), 3600);
    assert_int_equal(sla_tz_offset(tz, utc(2080, 7, 1, 0, 0, 0)), 3600);
    sla_tz_free(tz);
}

/* Version 1 files have only the 32-bit block and no footer. */
static void test_v1_file(void **state)
{
    (void)state;
    static const int64_t at[] = {INT64_C(1743296400), INT64_C(1761440400)};
    static const unsigned char idx[] = {1, 0};
    static const int32_t off[] = {3600, 7200};
    tzif_file f = {.version = '\0', .n = 2, .at = at, .idx = idx, .ntypes = 2, .utoff = off};
    sla_tz *tz = synthetic("Version1", &f);
    assert_int_equal(sla_tz_offset(tz, utc(2025, 1, 1, 0, 0, 0)), 3600);
    assert_int_equal(sla_tz_offset(tz, utc(2025, 7, 1, 0, 0, 0)), 7200);
    assert_int_equal(sla_tz_offset(tz, utc(2025, 12, 1, 0, 0, 0)), 3600);
    assert_int_equal(sla_tz_offset(tz, utc(2080, 7, 1, 0, 0, 0)), 3600);
    sla_tz_free(tz);
}

/* A v2 file is read from its 64-bit block, even when the 32-bit one disagrees,
 * and its times may lie outside the 32-bit range. */
static void test_v2_uses_64bit_block(void **state)
{
    (void)state;
    static const int64_t at[] = {INT64_C(1743296400), INT64_C(4133980800)}; /* ..., 2101 */
    static const unsigned char idx[] = {1, 0};
    static const int32_t off[] = {3600, 7200};
    static const int32_t wrong[] = {5 * HOUR, 6 * HOUR};
    tzif_file f = {.version = '2',
                   .n = 1,
                   .at = at,
                   .idx = idx,
                   .ntypes = 2,
                   .utoff = off,
                   .v1_utoff = wrong,
                   .footer = ""};
    sla_tz *tz = synthetic("SixtyFour", &f);
    assert_int_equal(sla_tz_offset(tz, utc(2025, 1, 1, 0, 0, 0)), 3600);
    assert_int_equal(sla_tz_offset(tz, utc(2025, 7, 1, 0, 0, 0)), 7200);
    sla_tz_free(tz);
    /* 64-bit transition times (2101) are fine in the 64-bit block only. */
    f.v1_empty = true;
    f.n = 2;
    tz = synthetic("SixtyFour2", &f);
    assert_int_equal(sla_tz_offset(tz, utc(2100, 12, 31, 0, 0, 0)), 7200);
    assert_int_equal(sla_tz_offset(tz, utc(2101, 1, 1, 0, 0, 0)), 3600);
    sla_tz_free(tz);
}

/* Footer forms no installed zone may happen to use: Jn, zero-based n, an
 * explicit DST offset, the default 02:00 and the default dates. */
static void test_rule_forms(void **state)
{
    (void)state;
    /* J60 is March 1 in every year (Feb 29 never counted); 00:00 local std = 03:00Z. */
    sla_tz *j = rule_only("JulianRule", "AAA3BBB,J60/0,J300/0");
    assert_int_equal(sla_tz_offset(j, utc(2024, 3, 1, 2, 59, 59)), -3 * HOUR);
    assert_int_equal(sla_tz_offset(j, utc(2024, 3, 1, 3, 0, 0)), -2 * HOUR);
    assert_int_equal(sla_tz_offset(j, utc(2025, 3, 1, 3, 0, 0)), -2 * HOUR);
    /* J300 is Oct 27 in any year; 00:00 local DST = 02:00Z. */
    assert_int_equal(sla_tz_offset(j, utc(2024, 10, 27, 1, 59, 59)), -2 * HOUR);
    assert_int_equal(sla_tz_offset(j, utc(2024, 10, 27, 2, 0, 0)), -3 * HOUR);
    sla_tz_free(j);
    /* Zero-based 59 is Feb 29 in a leap year, March 1 otherwise. */
    sla_tz *n = rule_only("ZeroBasedRule", "AAA3BBB,59/0,300/0");
    assert_int_equal(sla_tz_offset(n, utc(2024, 2, 29, 2, 59, 59)), -3 * HOUR);
    assert_int_equal(sla_tz_offset(n, utc(2024, 2, 29, 3, 0, 0)), -2 * HOUR);
    assert_int_equal(sla_tz_offset(n, utc(2025, 2, 28, 12, 0, 0)), -3 * HOUR);
    assert_int_equal(sla_tz_offset(n, utc(2025, 3, 1, 3, 0, 0)), -2 * HOUR);
    /* 300 zero-based is Oct 27 in a leap year, Oct 28 otherwise. */
    assert_int_equal(sla_tz_offset(n, utc(2024, 10, 27, 2, 0, 0)), -3 * HOUR);
    assert_int_equal(sla_tz_offset(n, utc(2025, 10, 28, 1, 59, 59)), -2 * HOUR);
    assert_int_equal(sla_tz_offset(n, utc(2025, 10, 28, 2, 0, 0)), -3 * HOUR);
    sla_tz_free(n);
    /* Explicit DST offset (+02:30 instead of +02:00) and quoted numeric names. */
    sla_tz *q = rule_only("QuotedRule", "<+01>-1<+0230>-2:30,M3.5.0/2,M10.5.0/3");
    assert_int_equal(sla_tz_offset(q, utc(2025, 1, 1, 0, 0, 0)), HOUR);
    assert_int_equal(sla_tz_offset(q, utc(2025, 7, 1, 0, 0, 0)), 2 * HOUR + 30 * MIN);
    /* Ends 03:00 local DST on 2025-10-26 = 00:30Z. */
    assert_int_equal(sla_tz_offset(q, utc(2025, 10, 26, 0, 29, 59)), 2 * HOUR + 30 * MIN);
    assert_int_equal(sla_tz_offset(q, utc(2025, 10, 26, 0, 30, 0)), HOUR);
    sla_tz_free(q);
    /* No dates: the US default, second Sunday of March to first of November, 02:00. */
    sla_tz *d = rule_only("DefaultDates", "EST5EDT");
    assert_int_equal(sla_tz_offset(d, utc(2025, 3, 9, 6, 59, 59)), -5 * HOUR);
    assert_int_equal(sla_tz_offset(d, utc(2025, 3, 9, 7, 0, 0)), -4 * HOUR);
    assert_int_equal(sla_tz_offset(d, utc(2025, 11, 2, 5, 59, 59)), -4 * HOUR);
    assert_int_equal(sla_tz_offset(d, utc(2025, 11, 2, 6, 0, 0)), -5 * HOUR);
    sla_tz_free(d);
    /* Permanent DST written as a rule spanning the whole year (tzfile(5)). */
    sla_tz *p = rule_only("AllYearDst", "EST5EDT,0/0,J365/25");
    for (int64_t t = utc(2024, 1, 1, 0, 0, 0); t < utc(2027, 1, 1, 0, 0, 0); t += 6 * HOUR)
        assert_int_equal(sla_tz_offset(p, t), -4 * HOUR);
    sla_tz_free(p);
    /* Fixed offset with seconds. */
    sla_tz *s = rule_only("Seconds", "<-0044>0:44:30");
    assert_int_equal(sla_tz_offset(s, 0), -(44 * MIN + 30));
    sla_tz_free(s);
}

/* Load a file that must be rejected and check the message. */
static void expect_bad(const char *name, const unsigned char *data, size_t len, const char *text)
{
    write_zone(name, data, len);
    sla_error err;
    sla_tz *tz = (sla_tz *)&err;
    assert_int_equal(load_synthetic(name, &tz, &err), SLA_ERR_INPUT);
    assert_null(tz);
    if (!strstr(err.text, text))
        fail_msg("%s: \"%s\" lacks \"%s\"", name, err.text, text);
    if (!strstr(err.text, name))
        fail_msg("%s: \"%s\" does not name the zone", name, err.text);
}

static void test_bad_files(void **state)
{
    (void)state;
    static bytes b;
    expect_bad("NotTzif", (const unsigned char *)"# not a zone\n", 13, "is not a valid TZif file");
    expect_bad("Empty", (const unsigned char *)"", 0, "is not a valid TZif file");
    static const int64_t at[] = {INT64_C(1743296400), INT64_C(1761440400)};
    static const unsigned char idx[] = {1, 0};
    static const int32_t off[] = {3600, 7200};
    tzif_file f = {.version = '2',
                   .n = 2,
                   .at = at,
                   .idx = idx,
                   .ntypes = 2,
                   .utoff = off,
                   .footer = "CET-1CEST,M3.5.0,M10.5.0/3"};
    build_tzif(&b, &f);
    for (size_t cut = 1; cut < b.len; cut += 7)
        expect_bad("Truncated", b.data, b.len - cut, "is not a valid TZif file");
    static const char *bad_rules[] = {"CET-1CEST,M3.5.0",
                                      "CE-1",
                                      "CET",
                                      "CET-1CEST,M13.5.0,M10.5.0",
                                      "CET-1CEST,M3.6.0,M10.5.0",
                                      "CET-1CEST,M3.5.7,M10.5.0",
                                      "CET-1CEST,J0,J300",
                                      "CET-1CEST,366,300",
                                      "CET-1CEST,M3.5.0/200,M10.5.0",
                                      "<+1>-1",
                                      "CET-1CEST,M3.5.0,M10.5.0 "};
    for (size_t i = 0; i < sizeof bad_rules / sizeof bad_rules[0]; i++) {
        f.footer = bad_rules[i];
        build_tzif(&b, &f);
        expect_bad("BadRule", b.data, b.len, "has a TZ rule this program cannot read");
    }
    /* A transition index past the type table, and times out of order. */
    f.footer = "";
    static const unsigned char bad_idx[] = {1, 2};
    f.idx = bad_idx;
    build_tzif(&b, &f);
    expect_bad("BadIndex", b.data, b.len, "is not a valid TZif file");
    static const int64_t backwards[] = {INT64_C(1761440400), INT64_C(1743296400)};
    f.idx = idx;
    f.at = backwards;
    build_tzif(&b, &f);
    expect_bad("Backwards", b.data, b.len, "is not a valid TZif file");
    /* Leap-second ("right/") files count TAI-like seconds: refused. */
    f.at = at;
    f.leap = 1;
    build_tzif(&b, &f);
    expect_bad("LeapSeconds", b.data, b.len, "leap seconds");
    f.version = '\0';
    build_tzif(&b, &f);
    expect_bad("LeapSecondsV1", b.data, b.len, "leap seconds");
    /* A v2 file must end with its newline-framed footer. */
    f.version = '2';
    f.leap = 0;
    build_tzif(&b, &f);
    expect_bad("NoFooterNewline", b.data, b.len - 1, "is not a valid TZif file");
}

/* ---- calendar construction --------------------------------------------------- */

/* A spec that must be refused with text. */
static void expect_bad_spec(unsigned workdays, int open, int close, const char *text)
{
    sla_calendar_spec spec = {workdays, open, close, NULL, 0};
    sla_error err;
    sla_error_clear(&err);
    sla_calendar *cal = (sla_calendar *)&err;
    assert_int_equal(sla_calendar_new(warsaw, &spec, &cal, &err), SLA_ERR_INPUT);
    assert_null(cal);
    assert_int_equal(err.status, SLA_ERR_INPUT);
    assert_string_equal(err.text, text);
}

static void test_invalid_specs(void **state)
{
    (void)state;
    expect_bad_spec(MON_FRI, 1020, 540, "calendar opening 17:00 is not before closing 09:00");
    expect_bad_spec(MON_FRI, 540, 540, "calendar opening 09:00 is not before closing 09:00");
    expect_bad_spec(MON_FRI, 540, 1441,
                    "calendar closing 1441 is past midnight (at most 1440 = 24:00)");
    expect_bad_spec(0, 540, 1020, "calendar has no working days");
    expect_bad_spec(0x80, 540, 1020, "calendar workdays 0x80 name days past Sunday");
    expect_bad_spec(MON_FRI, -1, 1020, "calendar opening -1 is not a minute of the day (0..1439)");
    expect_bad_spec(MON_FRI, 1440, 1440,
                    "calendar opening 1440 is not a minute of the day (0..1439)");
    sla_calendar_free(NULL);
}

static void test_day_seconds(void **state)
{
    (void)state;
    assert_int_equal(sla_calendar_day_seconds(pl), 8 * HOUR);
    sla_calendar *all = make_cal(warsaw, 0x7f, 0, 1440, NULL, 0);
    assert_int_equal(sla_calendar_day_seconds(all), DAY);
    sla_calendar_free(all);
}

/* The calendar copies holidays: the caller's array may change or go away, and
 * need not be sorted. */
static void test_holidays_copied(void **state)
{
    (void)state;
    int64_t hol[3] = {sla_days_from_civil(2025, 12, 26), sla_days_from_civil(2025, 5, 1),
                      sla_days_from_civil(2025, 12, 25)};
    sla_calendar *cal = make_cal(warsaw, MON_FRI, 540, 1020, hol, 3);
    hol[0] = hol[1] = hol[2] = 0;
    assert_false(sla_is_business_day(cal, wall(2025, 5, 1, 12, 0, 2)));
    assert_false(sla_is_business_day(cal, wall(2025, 12, 26, 12, 0, 1)));
    assert_true(sla_is_business_day(cal, wall(2025, 12, 24, 12, 0, 1)));
    assert_true(sla_is_business_day(cal, wall(1970, 1, 1, 12, 0, 1)));
    sla_calendar_free(cal);
}

/* ---- business time, Warsaw ---------------------------------------------------- */

static void test_within_one_day_and_boundaries(void **state)
{
    (void)state;
    /* Tue 2025-07-01, CEST. */
    assert_int_equal(bmin(pl, wall(2025, 7, 1, 10, 0, 2), wall(2025, 7, 1, 12, 30, 2)), 150);
    assert_int_equal(bmin(pl, wall(2025, 7, 1, 9, 0, 2), wall(2025, 7, 1, 17, 0, 2)), 480);
    assert_int_equal(bmin(pl, wall(2025, 7, 1, 8, 0, 2), wall(2025, 7, 1, 9, 0, 2)), 0);
    assert_int_equal(bmin(pl, wall(2025, 7, 1, 17, 0, 2), wall(2025, 7, 1, 23, 0, 2)), 0);
    assert_int_equal(bmin(pl, wall(2025, 7, 1, 0, 0, 2), wall(2025, 7, 2, 0, 0, 2)), 480);
    assert_int_equal(bmin(pl, wall(2025, 7, 1, 16, 59, 2), wall(2025, 7, 1, 17, 0, 2)), 1);
    assert_int_equal(bmin(pl, wall(2025, 7, 1, 17, 0, 2), wall(2025, 7, 2, 9, 0, 2)), 0);
    assert_int_equal(bmin(pl, wall(2025, 7, 1, 16, 0, 2), wall(2025, 7, 2, 10, 0, 2)), 120);
    /* Seconds count, not only minutes. */
    assert_int_equal(
        sla_business_seconds(pl, wall(2025, 7, 1, 8, 0, 2) + 3599, wall(2025, 7, 1, 9, 0, 2) + 1),
        1);
    assert_int_equal(
        sla_business_seconds(pl, wall(2025, 7, 1, 16, 59, 2) + 59, wall(2025, 7, 1, 17, 0, 2) + 30),
        1);
    /* Winter: 09:00 CET is 08:00Z. */
    assert_int_equal(bmin(pl, utc(2025, 1, 15, 8, 0, 0), utc(2025, 1, 15, 16, 0, 0)), 480);
    assert_int_equal(bmin(pl, utc(2025, 1, 15, 7, 0, 0), utc(2025, 1, 15, 8, 0, 0)), 0);
    assert_int_equal(bmin(pl, utc(2025, 1, 15, 16, 0, 0), utc(2025, 1, 15, 17, 0, 0)), 0);
}

static void test_empty_and_reversed(void **state)
{
    (void)state;
    int64_t a = wall(2025, 7, 1, 10, 0, 2), b = wall(2025, 7, 1, 12, 0, 2);
    assert_int_equal(sla_business_seconds(pl, a, a), 0);
    assert_int_equal(sla_business_seconds(pl, b, a), 0);
    assert_int_equal(sla_business_seconds(pl, wall(2025, 7, 10, 10, 0, 2), a), 0);
    assert_int_equal(sla_business_seconds(pl, INT64_MAX, INT64_MIN), 0);
}

static void test_after_hours_arrival(void **state)
{
    (void)state;
    /* Tue 18:00 -> Wed 10:00: the clock starts Wed 09:00, 60 min. */
    int64_t arrive = wall(2025, 7, 1, 18, 0, 2);
    assert_int_equal(sla_next_opening(pl, arrive), wall(2025, 7, 2, 9, 0, 2));
    assert_int_equal(bmin(pl, arrive, wall(2025, 7, 2, 10, 0, 2)), 60);
    /* Before opening: same day. */
    arrive = wall(2025, 7, 2, 6, 45, 2);
    assert_int_equal(sla_next_opening(pl, arrive), wall(2025, 7, 2, 9, 0, 2));
    assert_int_equal(bmin(pl, arrive, wall(2025, 7, 2, 9, 30, 2)), 30);
    /* After midnight, still the same local day's opening. */
    arrive = wall(2025, 7, 2, 0, 30, 2);
    assert_int_equal(sla_next_opening(pl, arrive), wall(2025, 7, 2, 9, 0, 2));
}

static void test_next_opening(void **state)
{
    (void)state;
    /* Exactly at opening and closing. */
    int64_t open = wall(2025, 7, 1, 9, 0, 2);
    assert_int_equal(sla_next_opening(pl, open), open);
    assert_int_equal(sla_next_opening(pl, open - 1), open);
    assert_int_equal(sla_next_opening(pl, wall(2025, 7, 1, 16, 59, 2) + 59),
                     wall(2025, 7, 1, 16, 59, 2) + 59);
    assert_int_equal(sla_next_opening(pl, wall(2025, 7, 1, 17, 0, 2)), wall(2025, 7, 2, 9, 0, 2));
    assert_int_equal(sla_next_opening(pl, wall(2025, 7, 1, 12, 34, 2) + 56),
                     wall(2025, 7, 1, 12, 34, 2) + 56);
    /* Friday evening and weekend -> Monday. */
    assert_int_equal(sla_next_opening(pl, wall(2025, 7, 4, 17, 30, 2)), wall(2025, 7, 7, 9, 0, 2));
    assert_int_equal(sla_next_opening(pl, wall(2025, 7, 5, 12, 0, 2)), wall(2025, 7, 7, 9, 0, 2));
    assert_int_equal(sla_next_opening(pl, wall(2025, 7, 6, 23, 59, 2)), wall(2025, 7, 7, 9, 0, 2));
    /* Holidays skipped: Wed 04-30 evening -> Fri 05-02; Tue 12-23 evening -> Mon 12-29. */
    assert_int_equal(sla_next_opening(pl, wall(2025, 4, 30, 18, 0, 2)), wall(2025, 5, 2, 9, 0, 2));
    assert_int_equal(sla_next_opening(pl, wall(2025, 5, 1, 10, 0, 2)), wall(2025, 5, 2, 9, 0, 2));
    assert_int_equal(sla_next_opening(pl, wall(2025, 12, 23, 18, 0, 1)),
                     wall(2025, 12, 29, 9, 0, 1));
    /* New Year: Wed 2024-12-31 evening -> Thu 2025-01-02. */
    assert_int_equal(sla_next_opening(pl, wall(2024, 12, 31, 18, 0, 1)), wall(2025, 1, 2, 9, 0, 1));
    /* Across the DST weekends: the Monday opening is in the new offset. */
    assert_int_equal(sla_next_opening(pl, wall(2025, 3, 28, 17, 0, 1)), wall(2025, 3, 31, 9, 0, 2));
    assert_int_equal(sla_next_opening(pl, wall(2025, 10, 24, 17, 0, 2)),
                     wall(2025, 10, 27, 9, 0, 1));
}

static void test_weekend(void **state)
{
    (void)state;
    /* Fri 2025-07-04 16:00 -> Mon 07-07 10:00. */
    assert_int_equal(bmin(pl, wall(2025, 7, 4, 16, 0, 2), wall(2025, 7, 7, 10, 0, 2)), 120);
    /* Entirely inside a weekend. */
    assert_int_equal(bmin(pl, wall(2025, 7, 5, 0, 0, 2), wall(2025, 7, 7, 0, 0, 2)), 0);
    assert_int_equal(bmin(pl, wall(2025, 7, 5, 10, 0, 2), wall(2025, 7, 5, 12, 0, 2)), 0);
    /* Saturday arrival, answered Monday 09:45. */
    assert_int_equal(bmin(pl, wall(2025, 7, 5, 11, 0, 2), wall(2025, 7, 7, 9, 45, 2)), 45);
}

static void test_dst_spring_weekend(void **state)
{
    (void)state;
    /* Fri 2025-03-28 16:00 CET -> Mon 03-31 10:00 CEST: 60 + 60; the lost
     * hour on Sunday is outside business time. */
    assert_int_equal(bmin(pl, wall(2025, 3, 28, 16, 0, 1), wall(2025, 3, 31, 10, 0, 2)), 120);
    /* The Monday after: 09:00 CEST is 07:00Z, and a full day is 480 minutes. */
    assert_int_equal(sla_next_opening(pl, utc(2025, 3, 31, 6, 59, 59)), utc(2025, 3, 31, 7, 0, 0));
    assert_int_equal(bmin(pl, utc(2025, 3, 31, 7, 0, 0), utc(2025, 3, 31, 15, 0, 0)), 480);
    assert_int_equal(bmin(pl, utc(2025, 3, 31, 0, 0, 0), utc(2025, 4, 1, 0, 0, 0)), 480);
    /* 08:00Z would be 09:00 in winter: already an hour into the Monday. */
    assert_int_equal(bmin(pl, utc(2025, 3, 31, 8, 0, 0), utc(2025, 3, 31, 16, 0, 0)), 420);
    /* The Friday before: 09:00 CET is 08:00Z. */
    assert_int_equal(bmin(pl, utc(2025, 3, 28, 7, 0, 0), utc(2025, 3, 28, 16, 0, 0)), 480);
    /* Week of the switch Mon 03-24 .. Mon 03-31 00:00: five days. */
    assert_int_equal(bmin(pl, wall(2025, 3, 24, 0, 0, 1), wall(2025, 3, 31, 0, 0, 2)), 2400);
    /* Interval that starts in the gap hour (02:30 -> 03:30 CEST). */
    int64_t gap = sla_tz_local_to_utc(warsaw, utc(2025, 3, 30, 2, 30, 0));
    assert_int_equal(sla_next_opening(pl, gap), wall(2025, 3, 31, 9, 0, 2));
}

static void test_dst_autumn_weekend(void **state)
{
    (void)state;
    /* Fri 2025-10-24 16:00 CEST -> Mon 10-27 10:00 CET: 60 + 60. */
    assert_int_equal(bmin(pl, wall(2025, 10, 24, 16, 0, 2), wall(2025, 10, 27, 10, 0, 1)), 120);
    /* The Monday after: 09:00 CET is 08:00Z. */
    assert_int_equal(sla_next_opening(pl, utc(2025, 10, 27, 7, 0, 0)), utc(2025, 10, 27, 8, 0, 0));
    assert_int_equal(bmin(pl, utc(2025, 10, 27, 7, 0, 0), utc(2025, 10, 27, 8, 0, 0)), 0);
    assert_int_equal(bmin(pl, utc(2025, 10, 27, 8, 0, 0), utc(2025, 10, 27, 16, 0, 0)), 480);
    assert_int_equal(bmin(pl, utc(2025, 10, 27, 15, 0, 0), utc(2025, 10, 27, 17, 0, 0)), 60);
    /* Both overlap instants of Sunday 02:30 are outside business time. */
    int64_t first = utc(2025, 10, 26, 0, 30, 0), second = utc(2025, 10, 26, 1, 30, 0);
    assert_int_equal(sla_next_opening(pl, first), wall(2025, 10, 27, 9, 0, 1));
    assert_int_equal(sla_next_opening(pl, second), wall(2025, 10, 27, 9, 0, 1));
    assert_int_equal(bmin(pl, first, wall(2025, 10, 27, 9, 30, 1)), 30);
}

/* A seven-day round-the-clock calendar sees the switch days' true length. */
static void test_dst_switch_days_length(void **state)
{
    (void)state;
    sla_calendar *all = make_cal(warsaw, 0x7f, 0, 1440, NULL, 0);
    assert_int_equal(
        sla_business_seconds(all, wall(2025, 3, 30, 0, 0, 1), wall(2025, 3, 31, 0, 0, 2)),
        23 * HOUR);
    assert_int_equal(
        sla_business_seconds(all, wall(2025, 10, 26, 0, 0, 2), wall(2025, 10, 27, 0, 0, 1)),
        25 * HOUR);
    /* Whole year: wall-clock seconds, as every instant counts. */
    int64_t a = wall(2025, 1, 1, 0, 0, 1), b = wall(2026, 1, 1, 0, 0, 1);
    assert_int_equal(sla_business_seconds(all, a, b), b - a);
    assert_int_equal(sla_next_opening(all, utc(2025, 3, 30, 1, 0, 0)), utc(2025, 3, 30, 1, 0, 0));
    sla_calendar_free(all);
    /* 09:00-17:00 every day: the switch Sundays still have 8 hours. */
    sla_calendar *week = make_cal(warsaw, 0x7f, 540, 1020, NULL, 0);
    assert_int_equal(bmin(week, wall(2025, 3, 30, 0, 0, 1), wall(2025, 3, 31, 0, 0, 2)), 480);
    assert_int_equal(bmin(week, wall(2025, 10, 26, 0, 0, 2), wall(2025, 10, 27, 0, 0, 1)), 480);
    assert_int_equal(sla_next_opening(week, utc(2025, 3, 30, 0, 0, 0)), wall(2025, 3, 30, 9, 0, 2));
    assert_int_equal(sla_next_opening(week, utc(2025, 10, 26, 0, 0, 0)),
                     wall(2025, 10, 26, 9, 0, 1));
    sla_calendar_free(week);
    /* Night shift 01:00-04:00 every day: the spring gap eats an hour, the
     * autumn overlap adds one. */
    sla_calendar *night = make_cal(warsaw, 0x7f, 60, 240, NULL, 0);
    assert_int_equal(bmin(night, wall(2025, 3, 30, 0, 0, 1), wall(2025, 3, 31, 0, 0, 2)), 120);
    assert_int_equal(bmin(night, wall(2025, 10, 26, 0, 0, 2), wall(2025, 10, 27, 0, 0, 1)), 240);
    assert_int_equal(bmin(night, wall(2025, 3, 29, 0, 0, 1), wall(2025, 3, 30, 0, 0, 1)), 180);
    sla_calendar_free(night);
}

static void test_holidays(void **state)
{
    (void)state;
    /* Wed 04-30 16:00 -> Mon 05-05 10:00: Thu 05-01 holiday, Fri 05-02 full,
     * Sat 05-03 holiday anyway. */
    assert_int_equal(bmin(pl, wall(2025, 4, 30, 16, 0, 2), wall(2025, 5, 5, 10, 0, 2)), 600);
    assert_int_equal(bmin(pl, wall(2025, 5, 1, 9, 0, 2), wall(2025, 5, 1, 17, 0, 2)), 0);
    /* Easter: Good Friday works, Easter Monday 04-21 does not. */
    assert_int_equal(bmin(pl, wall(2025, 4, 18, 16, 0, 2), wall(2025, 4, 22, 10, 0, 2)), 120);
    /* Christmas: 12-24 (new in 2025), 12-25, 12-26. */
    assert_int_equal(bmin(pl, wall(2025, 12, 23, 16, 0, 1), wall(2025, 12, 29, 10, 0, 1)), 120);
    /* Epiphany Mon 01-06 and New Year Wed 01-01. */
    assert_int_equal(bmin(pl, wall(2025, 1, 1, 0, 0, 1), wall(2025, 1, 8, 0, 0, 1)), 3 * 480);
    /* Corpus Christi Thu 06-19; Assumption Fri 08-15; 11-11 Tue. */
    assert_int_equal(bmin(pl, wall(2025, 6, 19, 0, 0, 2), wall(2025, 6, 20, 0, 0, 2)), 0);
    assert_int_equal(bmin(pl, wall(2025, 8, 14, 16, 0, 2), wall(2025, 8, 18, 9, 30, 2)), 90);
    assert_int_equal(bmin(pl, wall(2025, 11, 10, 16, 0, 1), wall(2025, 11, 12, 10, 0, 1)), 120);
    /* The same dates in 2024 are ordinary (the list is 2025's): 2024-12-24 is Tuesday. */
    assert_int_equal(bmin(pl, wall(2024, 12, 24, 9, 0, 1), wall(2024, 12, 24, 17, 0, 1)), 480);
}

static void test_multi_week(void **state)
{
    (void)state;
    /* June 2025 from Mon 06-02 to Mon 06-30: 20 weekdays less Corpus Christi. */
    assert_int_equal(bmin(pl, wall(2025, 6, 2, 0, 0, 2), wall(2025, 6, 30, 0, 0, 2)), 19 * 480);
    /* October 2025 (23 weekdays, no holidays) spans the autumn switch. */
    assert_int_equal(bmin(pl, wall(2025, 10, 1, 0, 0, 2), wall(2025, 11, 1, 0, 0, 1)), 23 * 480);
    /* March 2025 (21 weekdays) spans the spring switch. */
    assert_int_equal(bmin(pl, wall(2025, 3, 1, 0, 0, 1), wall(2025, 4, 1, 0, 0, 2)), 21 * 480);
    /* Q2 2025: April 22 weekdays - 1, May 22 - 1, June 21 - 1. */
    assert_int_equal(bmin(pl, wall(2025, 4, 1, 0, 0, 2), wall(2025, 7, 1, 0, 0, 2)),
                     (21 + 21 + 20) * 480);
    /* The whole year: 261 weekdays, 10 of the holidays fall on weekdays. */
    assert_int_equal(bmin(pl, wall(2025, 1, 1, 0, 0, 1), wall(2026, 1, 1, 0, 0, 1)), 251 * 480);
    /* Mid-day to mid-day over two weeks: Tue 07-01 12:00 -> Tue 07-15 12:00. */
    assert_int_equal(bmin(pl, wall(2025, 7, 1, 12, 0, 2), wall(2025, 7, 15, 12, 0, 2)), 10 * 480);
}

static void test_is_business_day(void **state)
{
    (void)state;
    assert_true(sla_is_business_day(pl, wall(2025, 7, 7, 0, 0, 2))); /* Monday */
    assert_true(sla_is_business_day(pl, wall(2025, 7, 7, 23, 59, 2)));
    assert_false(sla_is_business_day(pl, wall(2025, 7, 5, 12, 0, 2)));   /* Saturday */
    assert_false(sla_is_business_day(pl, wall(2025, 7, 6, 12, 0, 2)));   /* Sunday */
    assert_false(sla_is_business_day(pl, wall(2025, 5, 1, 12, 0, 2)));   /* holiday */
    assert_false(sla_is_business_day(pl, wall(2025, 12, 24, 12, 0, 1))); /* new holiday */
    assert_true(sla_is_business_day(pl, wall(2025, 5, 2, 12, 0, 2)));
    /* The local date decides: Fri 23:30Z is Saturday 01:30 in Warsaw. */
    assert_false(sla_is_business_day(pl, utc(2025, 7, 4, 23, 30, 0)));
    assert_true(sla_is_business_day(pl, utc(2025, 7, 6, 22, 30, 0)));
    /* Outside hours it is still a business day. */
    assert_true(sla_is_business_day(pl, wall(2025, 7, 1, 20, 0, 2)));
    /* Far from the precomputed range the answer is still right. */
    assert_true(sla_is_business_day(pl, utc(2150, 1, 1, 12, 0, 0)));  /* Thursday */
    assert_false(sla_is_business_day(pl, utc(2150, 1, 3, 12, 0, 0))); /* Saturday */
    assert_true(sla_is_business_day(pl, utc(1960, 1, 1, 12, 0, 0)));  /* Friday */
}

static void test_new_york(void **state)
{
    (void)state;
    sla_calendar *ny = make_cal(new_york, MON_FRI, 540, 1020, NULL, 0);
    /* Fri 2025-03-07 16:00 EST -> Mon 03-10 10:00 EDT across the Sunday switch. */
    assert_int_equal(bmin(ny, wall(2025, 3, 7, 16, 0, -5), wall(2025, 3, 10, 10, 0, -4)), 120);
    assert_int_equal(sla_next_opening(ny, wall(2025, 3, 7, 17, 0, -5)), utc(2025, 3, 10, 13, 0, 0));
    assert_int_equal(bmin(ny, utc(2025, 3, 10, 13, 0, 0), utc(2025, 3, 10, 21, 0, 0)), 480);
    /* Fri 10-31 16:00 EDT -> Mon 11-03 10:00 EST. */
    assert_int_equal(bmin(ny, wall(2025, 10, 31, 16, 0, -4), wall(2025, 11, 3, 10, 0, -5)), 120);
    /* Evening in New York is the next UTC day, but still Friday. */
    assert_true(sla_is_business_day(ny, utc(2025, 7, 5, 2, 0, 0)));
    assert_false(sla_is_business_day(ny, utc(2025, 7, 5, 4, 0, 0)));
    /* 2080, from the footer rule: July 1 is a Monday. */
    assert_int_equal(bmin(ny, wall(2080, 7, 1, 9, 0, -4), wall(2080, 7, 1, 17, 0, -4)), 480);
    assert_int_equal(bmin(ny, utc(2080, 7, 1, 12, 0, 0), utc(2080, 7, 1, 13, 0, 0)), 0);
    sla_calendar_free(ny);
}

static void test_utc_calendar(void **state)
{
    (void)state;
    sla_calendar *cal = make_cal(utc_zone, MON_FRI, 540, 1020, NULL, 0);
    assert_int_equal(bmin(cal, utc(2025, 3, 28, 16, 0, 0), utc(2025, 3, 31, 10, 0, 0)), 120);
    assert_int_equal(sla_next_opening(cal, utc(2025, 3, 29, 0, 0, 0)), utc(2025, 3, 31, 9, 0, 0));
    /* 1970-01-01 was a Thursday. */
    assert_int_equal(bmin(cal, 0, utc(1970, 1, 3, 0, 0, 0)), 960);
    sla_calendar_free(cal);
}

/* The far future in Warsaw (footer rule): a week of July 2080, Mon 07-01. */
static void test_far_future_calendar(void **state)
{
    (void)state;
    sla_calendar *cal = make_cal(warsaw, MON_FRI, 540, 1020, NULL, 0);
    assert_int_equal(sla_next_opening(cal, utc(2080, 7, 1, 0, 0, 0)), utc(2080, 7, 1, 7, 0, 0));
    assert_int_equal(bmin(cal, utc(2080, 7, 1, 0, 0, 0), utc(2080, 7, 8, 0, 0, 0)), 2400);
    /* The 2080 spring switch weekend (Sunday 03-31). */
    assert_int_equal(bmin(cal, wall(2080, 3, 29, 16, 0, 1), wall(2080, 4, 1, 10, 0, 2)), 120);
    assert_int_equal(sla_next_opening(cal, wall(2080, 3, 29, 17, 0, 1)), utc(2080, 4, 1, 7, 0, 0));
    sla_calendar_free(cal);
}

/* Instants outside the precomputed range are clamped, never crash. */
static void test_range_edges(void **state)
{
    (void)state;
    int64_t start = sla_tz_local_to_utc(warsaw, sla_days_from_civil(1969, 12, 1) * DAY);
    int64_t end = sla_tz_local_to_utc(warsaw, sla_days_from_civil(2100, 2, 1) * DAY);
    int64_t total = sla_business_seconds(pl, start, end);
    assert_true(total > 0);
    assert_int_equal(sla_business_seconds(pl, INT64_MIN / 2, INT64_MAX / 2), total);
    assert_int_equal(sla_business_seconds(pl, INT64_MIN / 2, start), 0);
    assert_int_equal(sla_business_seconds(pl, end, INT64_MAX / 2), 0);
    assert_int_equal(sla_business_seconds(pl, SLA_TIME_MIN, SLA_TIME_MAX),
                     sla_business_seconds(pl, SLA_TIME_MIN, utc(2025, 1, 1, 0, 0, 0)) +
                         sla_business_seconds(pl, utc(2025, 1, 1, 0, 0, 0), SLA_TIME_MAX));
    /* Mon 1969-12-01 opens at 09:00 CET. */
    assert_int_equal(sla_next_opening(pl, INT64_MIN / 2), wall(1969, 12, 1, 9, 0, 1));
    assert_int_equal(sla_next_opening(pl, end + 5), end + 5);
    /* 2099-12-31 is a Thursday: a full day. */
    assert_int_equal(bmin(pl, wall(2099, 12, 31, 0, 0, 1), wall(2100, 1, 1, 0, 0, 1)), 480);
    assert_int_equal(sla_next_opening(pl, wall(2099, 12, 31, 18, 0, 1)), wall(2100, 1, 1, 9, 0, 1));
}

/* ---- properties ------------------------------------------------------------------- */

/* xorshift64*: deterministic, so a failure reproduces. */
static uint64_t rng_state = UINT64_C(0x9E3779B97F4A7C15);
static uint64_t rng(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * UINT64_C(2685821657736338717);
}

static int64_t rng_range(int64_t lo, int64_t hi)
{
    return lo + (int64_t)(rng() % (uint64_t)(hi - lo));
}

/* The slow reference: is the minute starting at t inside opening hours? It
 * reads the wall clock directly, sharing nothing with the precomputed tables. */
static bool ref_open(const sla_tz *tz, int64_t t, unsigned workdays, int open, int close,
                     const int64_t *hol, size_t nhol)
{
    int64_t local = t + sla_tz_offset(tz, t);
    int64_t day = local >= 0 ? local / DAY : -((-local + DAY - 1) / DAY);
    int minute = (int)((local - day * DAY) / 60);
    if (!(workdays & (1u << sla_weekday(day))))
        return false;
    for (size_t i = 0; i < nhol; i++)
        if (hol[i] == day)
            return false;
    return minute >= open && minute < close;
}

static int64_t ref_business(int64_t a, int64_t b)
{
    int64_t total = 0;
    for (int64_t t = a; t < b; t += 60)
        if (ref_open(warsaw, t, MON_FRI, 540, 1020, pl_holidays, 14))
            total += 60;
    return total;
}

static int64_t ref_next_opening(int64_t t)
{
    while (!ref_open(warsaw, t, MON_FRI, 540, 1020, pl_holidays, 14))
        t += 60;
    return t;
}

static void test_property_additive(void **state)
{
    (void)state;
    int64_t lo = utc(2024, 1, 1, 0, 0, 0), hi = utc(2027, 1, 1, 0, 0, 0);
    for (int i = 0; i < 20000; i++) {
        int64_t x[3] = {rng_range(lo, hi), rng_range(lo, hi), rng_range(lo, hi)};
        if (i % 4 == 0) /* short spans too, where the day arithmetic is busiest */
            x[1] = x[0] + rng_range(0, 3 * DAY), x[2] = x[1] + rng_range(0, 3 * DAY);
        for (int j = 0; j < 2; j++) /* sort three */
            for (int k = 0; k < 2 - j; k++)
                if (x[k] > x[k + 1]) {
                    int64_t s = x[k];
                    x[k] = x[k + 1];
                    x[k + 1] = s;
                }
        int64_t ab = sla_business_seconds(pl, x[0], x[1]);
        int64_t bc = sla_business_seconds(pl, x[1], x[2]);
        int64_t ac = sla_business_seconds(pl, x[0], x[2]);
        if (ac != ab + bc || ab < 0 || bc < 0 || ab > x[1] - x[0])
            fail_msg("not additive at %lld %lld %lld: %lld != %lld + %lld", (long long)x[0],
                     (long long)x[1], (long long)x[2], (long long)ac, (long long)ab, (long long)bc);
        /* The clock does not run between an instant and its next opening. */
        assert_int_equal(sla_business_seconds(pl, x[0], sla_next_opening(pl, x[0])), 0);
    }
}

/* Compare one span with the minute walk. */
static void check_against_reference(int64_t a, int64_t b)
{
    int64_t got = sla_business_seconds(pl, a, b), want = ref_business(a, b);
    if (got != want)
        fail_msg("business(%lld, %lld) = %lld, reference %lld", (long long)a, (long long)b,
                 (long long)got, (long long)want);
    int64_t next = sla_next_opening(pl, a);
    if (next != ref_next_opening(a))
        fail_msg("next_opening(%lld) = %lld, reference %lld", (long long)a, (long long)next,
                 (long long)ref_next_opening(a));
}

static void test_property_reference(void **state)
{
    (void)state;
    int64_t lo = utc(2024, 1, 1, 0, 0, 0) / 60, hi = utc(2027, 1, 1, 0, 0, 0) / 60;
    for (int i = 0; i < 300; i++) {
        int64_t a = rng_range(lo, hi) * 60;
        check_against_reference(a, a + rng_range(0, 4 * 1440) * 60);
    }
    /* Spans around both 2025 switches and the holiday clusters, where bugs would hide. */
    static const int64_t around[][3] = {{2025, 3, 30},  {2025, 10, 26}, {2024, 3, 31},
                                        {2024, 10, 27}, {2026, 3, 29},  {2026, 10, 25},
                                        {2025, 5, 2},   {2025, 12, 25}, {2025, 4, 20}};
    for (size_t k = 0; k < sizeof around / sizeof around[0]; k++) {
        int64_t mid = utc((int)around[k][0], (int)around[k][1], (int)around[k][2], 0, 0, 0) / 60;
        for (int i = 0; i < 25; i++) {
            int64_t a = rng_range(mid - 3 * 1440, mid + 1440) * 60;
            check_against_reference(a, a + rng_range(0, 4 * 1440) * 60);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_civil_known_dates),
        cmocka_unit_test(test_civil_round_trip),
        cmocka_unit_test(test_weekday),
        cmocka_unit_test(test_utc_zone),
        cmocka_unit_test(test_warsaw_offsets),
        cmocka_unit_test(test_local_to_utc),
        cmocka_unit_test(test_local_to_utc_round_trip),
        cmocka_unit_test(test_local_to_utc_matches_oracle),
        cmocka_unit_test(test_offsets_match_glibc),
        cmocka_unit_test(test_far_future_footer_rule),
        cmocka_unit_test(test_format_iso),
        cmocka_unit_test(test_local_day),
        cmocka_unit_test(test_zone_name_errors),
        cmocka_unit_test(test_slim_footer_only_matches_real),
        cmocka_unit_test(test_slim_few_transitions),
        cmocka_unit_test(test_v1_file),
        cmocka_unit_test(test_v2_uses_64bit_block),
        cmocka_unit_test(test_rule_forms),
        cmocka_unit_test(test_bad_files),
        cmocka_unit_test(test_invalid_specs),
        cmocka_unit_test(test_day_seconds),
        cmocka_unit_test(test_holidays_copied),
        cmocka_unit_test(test_within_one_day_and_boundaries),
        cmocka_unit_test(test_empty_and_reversed),
        cmocka_unit_test(test_after_hours_arrival),
        cmocka_unit_test(test_next_opening),
        cmocka_unit_test(test_weekend),
        cmocka_unit_test(test_dst_spring_weekend),
        cmocka_unit_test(test_dst_autumn_weekend),
        cmocka_unit_test(test_dst_switch_days_length),
        cmocka_unit_test(test_holidays),
        cmocka_unit_test(test_multi_week),
        cmocka_unit_test(test_is_business_day),
        cmocka_unit_test(test_new_york),
        cmocka_unit_test(test_utc_calendar),
        cmocka_unit_test(test_far_future_calendar),
        cmocka_unit_test(test_range_edges),
        cmocka_unit_test(test_property_additive),
        cmocka_unit_test(test_property_reference),
    };
    int failed = cmocka_run_group_tests(tests, group_setup, group_teardown);
    free(tzdir);
    return failed;
}
