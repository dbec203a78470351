/*
 * calendar.c - time zones and the business calendar.
 *
 * A zone is read once from its TZif file (RFC 8536): the 64-bit section of a
 * version 2+ file, or the 32-bit one of a version 1 file, gives the list of
 * transitions; past the last one the POSIX TZ rule in the footer takes over
 * (Debian's "slim" files carry few transitions and rely on it). Nothing here
 * touches the process's TZ, localtime() or mktime(): every function is pure and
 * a loaded zone can be shared between threads.
 *
 * Business time is answered in O(1): the calendar precomputes, for every local
 * date of a fixed range, the UTC instants of local midnight, opening and
 * closing (each converted on its own day, so DST switches need no special
 * case) and the business seconds before that day. The business time up to an
 * instant is then the count before its day plus the clamped part of the day,
 * and the business time of an interval is a difference of two such counts.
 */
#include "calendar.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define SECONDS_PER_DAY INT64_C(86400)

/* The local dates the calendar precomputes: a margin around SLA_TIME_MIN and
 * SLA_TIME_MAX so every accepted instant, in any zone, has its day in range. */
#define CAL_FIRST_DAY INT64_C(-31)  /* 1969-12-01 */
#define CAL_LAST_DAY INT64_C(47512) /* 2100-01-31 */

/* One date of a POSIX TZ rule: Jn (1..365, no Feb 29), n (0..365) or Mm.w.d,
 * with the local time of the change in seconds (may be negative or past 24h). */
typedef struct tz_rule_date {
    char kind; /* 'J', 'N' or 'M' */
    int n;     /* J and N forms */
    int month, week, wday;
    int32_t time;
} tz_rule_date;

/* The POSIX TZ string of a TZif footer, e.g. "CET-1CEST,M3.5.0,M10.5.0/3". */
typedef struct tz_rule {
    int32_t std_offset; /* seconds east of Greenwich */
    int32_t dst_offset;
    bool has_dst;
    tz_rule_date start, end;
} tz_rule;

struct sla_tz {
    char *name;
    size_t count;           /* transitions */
    int64_t *at;            /* transition instants, strictly ascending */
    int32_t *offset_after;  /* offset in force from at[i] on */
    int32_t initial_offset; /* before the first transition (time type 0) */
    bool has_rule;          /* the footer rule governs instants past the last transition */
    tz_rule rule;
    int32_t *day_offset;    /* FAST_DAYS local dates from FAST_FIRST_DAY: see fill_day_offsets */
};

struct sla_calendar {
    const sla_tz *tz;
    unsigned workdays;
    int open_minute, close_minute;
    int64_t *holidays; /* sorted copy */
    size_t holiday_count;
    size_t ndays;            /* local dates CAL_FIRST_DAY .. CAL_LAST_DAY */
    int64_t *midnight;       /* ndays + 1: first instant of each local date */
    int64_t *open_utc;       /* ndays: opening; equals close_utc on non-business days */
    int64_t *close_utc;      /* ndays */
    int64_t *cum;            /* ndays + 1: business seconds before each day */
    uint32_t *next_business; /* ndays + 1: first business day index >= i, ndays if none */
};

/* Floor division, because instants before the epoch must land on the earlier day. */
static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* Howard Hinnant's days_from_civil: exact for the whole proleptic Gregorian range. */
int64_t sla_days_from_civil(int y, int m, int d)
{
    int64_t yy = (int64_t)y - (m <= 2);
    int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
    int64_t yoe = yy - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* The inverse of sla_days_from_civil (Hinnant's civil_from_days). */
void sla_civil_from_days(int64_t days, int *y, int *m, int *d)
{
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int dd = (int)(doy - (153 * mp + 2) / 5 + 1);
    int mm = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (mm <= 2));
    *m = mm;
    *d = dd;
}

/* 1970-01-01 was a Thursday, weekday 3 when Monday is 0. */
int sla_weekday(int64_t days)
{
    int64_t r = (days + 3) % 7;
    return (int)(r < 0 ? r + 7 : r);
}

/* Gregorian leap year, needed for the Jn rule form that skips Feb 29. */
static bool is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* ---- POSIX TZ rule ---------------------------------------------------- */

/* Skip a zone abbreviation: three or more letters, or <...> of [A-Za-z0-9+-]. */
static const char *rule_skip_name(const char *p)
{
    const char *s = p;
    if (*p == '<') {
        for (s = ++p; (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
                      (*s >= '0' && *s <= '9') || *s == '+' || *s == '-';
             s++)
            ;
        return (*s == '>' && s - p >= 3) ? s + 1 : NULL;
    }
    while ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z'))
        s++;
    return s - p >= 3 ? s : NULL;
}

/* Parse an unsigned number of at most max, as the rule grammar has no big ones. */
static const char *rule_number(const char *p, int max, int *out)
{
    if (*p < '0' || *p > '9')
        return NULL;
    int v = 0;
    while (*p >= '0' && *p <= '9') {
        v = v * 10 + (*p++ - '0');
        if (v > max)
            return NULL;
    }
    *out = v;
    return p;
}

/* [+-]hh[:mm[:ss]] in seconds; hours up to 167 as TZif version 3 allows. */
static const char *rule_hms(const char *p, int32_t *out)
{
    int sign = 1, h = 0, m = 0, s = 0;
    if (*p == '+' || *p == '-')
        sign = *p++ == '-' ? -1 : 1;
    if (!(p = rule_number(p, 167, &h)))
        return NULL;
    if (*p == ':') {
        if (!(p = rule_number(p + 1, 59, &m)))
            return NULL;
        if (*p == ':' && !(p = rule_number(p + 1, 59, &s)))
            return NULL;
    }
    *out = sign * (h * 3600 + m * 60 + s);
    return p;
}

/* One ",date[/time]" part of the rule. */
static const char *rule_date(const char *p, tz_rule_date *r)
{
    r->time = 7200; /* POSIX default: 02:00 local */
    if (*p == 'J') {
        r->kind = 'J';
        if (!(p = rule_number(p + 1, 365, &r->n)) || r->n < 1)
            return NULL;
    } else if (*p == 'M') {
        r->kind = 'M';
        if (!(p = rule_number(p + 1, 12, &r->month)) || r->month < 1 || *p != '.')
            return NULL;
        if (!(p = rule_number(p + 1, 5, &r->week)) || r->week < 1 || *p != '.')
            return NULL;
        if (!(p = rule_number(p + 1, 6, &r->wday)))
            return NULL;
    } else {
        r->kind = 'N';
        if (!(p = rule_number(p, 365, &r->n)))
            return NULL;
    }
    if (*p == '/')
        p = rule_hms(p + 1, &r->time);
    return p;
}

/* Parse a whole TZ string; false when it is not one we understand. */
static bool rule_parse(const char *s, tz_rule *r)
{
    const char *p = rule_skip_name(s);
    int32_t west;
    memset(r, 0, sizeof *r);
    if (!p || !(p = rule_hms(p, &west)))
        return false;
    r->std_offset = -west; /* POSIX counts west of Greenwich as positive */
    if (*p == '\0')
        return true;
    if (!(p = rule_skip_name(p)))
        return false;
    r->has_dst = true;
    r->dst_offset = r->std_offset + 3600;
    if (*p != ',' && *p != '\0') {
        if (!(p = rule_hms(p, &west)))
            return false;
        r->dst_offset = -west;
    }
    if (*p == '\0') {
        /* No dates: the POSIX-era US default that glibc also assumes. */
        r->start = (tz_rule_date){'M', 0, 3, 2, 0, 7200};
        r->end = (tz_rule_date){'M', 0, 11, 1, 0, 7200};
        return true;
    }
    if (*p != ',' || !(p = rule_date(p + 1, &r->start)))
        return false;
    if (*p != ',' || !(p = rule_date(p + 1, &r->end)))
        return false;
    return *p == '\0';
}

/* Local wall-clock seconds (naive, since 1970-01-01T00:00) of a rule date in year y. */
static int64_t rule_local_seconds(const tz_rule_date *r, int y)
{
    int64_t jan1 = sla_days_from_civil(y, 1, 1), days;
    if (r->kind == 'J') {
        days = jan1 + r->n - 1 + (is_leap(y) && r->n >= 60);
    } else if (r->kind == 'N') {
        days = jan1 + r->n;
    } else {
        int64_t first = sla_days_from_civil(y, r->month, 1);
        int first_sunday_based = (sla_weekday(first) + 1) % 7;
        int mday = 1 + (r->wday - first_sunday_based + 7) % 7 + (r->week - 1) * 7;
        int month_len = (int)(sla_days_from_civil(r->month == 12 ? y + 1 : y,
                                                  r->month == 12 ? 1 : r->month + 1, 1) -
                              first);
        if (mday > month_len)
            mday -= 7; /* week 5 means "the last one" */
        days = first + mday - 1;
    }
    return days * SECONDS_PER_DAY + r->time;
}

/* Offset the rule gives at utc: the start date is read in standard time, the
 * end date in daylight time, as POSIX says. */
static int32_t rule_offset(const tz_rule *r, int64_t utc)
{
    if (!r->has_dst)
        return r->std_offset;
    int y, m, d;
    sla_civil_from_days(floor_div(utc + r->std_offset, SECONDS_PER_DAY), &y, &m, &d);
    int64_t start = rule_local_seconds(&r->start, y) - r->std_offset;
    int64_t end = rule_local_seconds(&r->end, y) - r->dst_offset;
    if (start < end)
        return (utc >= start && utc < end) ? r->dst_offset : r->std_offset;
    /* Southern hemisphere: daylight time spans the new year. */
    return (utc >= end && utc < start) ? r->std_offset : r->dst_offset;
}

/* ---- TZif ------------------------------------------------------------- */

/* Big-endian 32-bit signed read; the caller has checked the bounds. */
static int32_t be32(const unsigned char *p)
{
    return (int32_t)(((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) |
                     (uint32_t)p[3]);
}

/* Big-endian 64-bit signed read. */
static int64_t be64(const unsigned char *p)
{
    return (int64_t)(((uint64_t)(uint32_t)be32(p) << 32) | (uint32_t)be32(p + 4));
}

/* The six counts of a TZif header. */
typedef struct tzif_counts {
    uint32_t isut, isstd, leap, time, type, chars;
} tzif_counts;

/* Read a 44-byte header at p; false when it is not one. */
static bool tzif_header(const unsigned char *p, size_t avail, char *version, tzif_counts *c)
{
    if (avail < 44 || memcmp(p, "TZif", 4) != 0)
        return false;
    *version = (char)p[4];
    c->isut = (uint32_t)be32(p + 20);
    c->isstd = (uint32_t)be32(p + 24);
    c->leap = (uint32_t)be32(p + 28);
    c->time = (uint32_t)be32(p + 32);
    c->type = (uint32_t)be32(p + 36);
    c->chars = (uint32_t)be32(p + 40);
    /* Sanity limits keep the size arithmetic below far from overflow. */
    return c->type >= 1 && c->type <= 256 && c->time <= 1000000 && c->leap <= 100000 &&
           c->chars <= 100000 && c->isut <= c->type && c->isstd <= c->type;
}

/* Bytes of the data block after a header, for 4- or 8-byte times. */
static size_t tzif_block_size(const tzif_counts *c, size_t tsize)
{
    return (size_t)c->time * (tsize + 1) + (size_t)c->type * 6 + c->chars +
           (size_t)c->leap * (tsize + 4) + c->isstd + c->isut;
}

/* Fill tz from one data block; the rule, if any, is parsed by the caller. */
static bool tzif_block(sla_tz *tz, const unsigned char *p, const tzif_counts *c, size_t tsize)
{
    const unsigned char *times = p, *idx = p + (size_t)c->time * tsize;
    const unsigned char *types = idx + c->time;
    tz->count = c->time;
    tz->at = sla_xmalloc((c->time ? c->time : 1) * sizeof *tz->at);
    tz->offset_after = sla_xmalloc((c->time ? c->time : 1) * sizeof *tz->offset_after);
    tz->initial_offset = be32(types);
    for (uint32_t i = 0; i < c->type; i++)
        if (be32(types + 6 * i) == INT32_MIN)
            return false; /* RFC 8536 forbids it; negating it would overflow */
    for (uint32_t i = 0; i < c->time; i++) {
        tz->at[i] = tsize == 8 ? be64(times + 8 * i) : be32(times + 4 * i);
        if (idx[i] >= c->type || (i > 0 && tz->at[i] <= tz->at[i - 1]))
            return false;
        tz->offset_after[i] = be32(types + 6 * idx[i]);
    }
    return true;
}

/* Parse a whole TZif file into tz; false when malformed or unsupported. */
static bool tzif_parse(sla_tz *tz, const unsigned char *data, size_t len, const char **why)
{
    char version;
    tzif_counts c;
    *why = "is not a valid TZif file";
    if (!tzif_header(data, len, &version, &c))
        return false;
    size_t v1 = tzif_block_size(&c, 4);
    if (len - 44 < v1)
        return false;
    if (version == '\0') {
        if (c.leap) {
            *why = "counts leap seconds, which is not supported";
            return false;
        }
        return tzif_block(tz, data + 44, &c, 4);
    }
    const unsigned char *p = data + 44 + v1;
    size_t avail = len - 44 - v1;
    if (!tzif_header(p, avail, &version, &c))
        return false;
    size_t v2 = tzif_block_size(&c, 8);
    if (avail - 44 < v2)
        return false;
    if (c.leap) {
        *why = "counts leap seconds, which is not supported";
        return false;
    }
    if (!tzif_block(tz, p + 44, &c, 8))
        return false;
    /* Footer: "\n" TZ-string "\n"; an empty string means "no rule". */
    const char *f = (const char *)p + 44 + v2;
    size_t flen = avail - 44 - v2;
    if (flen < 2 || f[0] != '\n')
        return false;
    const char *nl = memchr(f + 1, '\n', flen - 1);
    if (!nl)
        return false;
    if (nl == f + 1)
        return true;
    char rule[256];
    size_t rlen = (size_t)(nl - f - 1);
    if (rlen >= sizeof rule)
        return false;
    memcpy(rule, f + 1, rlen);
    rule[rlen] = '\0';
    if (!rule_parse(rule, &tz->rule)) {
        *why = "has a TZ rule this program cannot read";
        return false;
    }
    tz->has_rule = true;
    return true;
}

/* Names are file paths under the zone folder: never let one escape it. */
static bool tz_name_ok(const char *name)
{
    return name[0] != '\0' && name[0] != '/' && !strstr(name, "..") && strlen(name) < 256;
}

/* Load a zone: the built-in "UTC", or a TZif file from $TZDIR or /usr/share/zoneinfo. */
/* Local dates 2000-01-01 .. 2059-12-31, where nearly every timestamp of an
 * export falls, have their offset looked up rather than searched for. */
#define FAST_FIRST_DAY 10957 /* 2000-01-01 */
#define FAST_DAYS 21915
#define NOT_CONSTANT INT32_MIN

/* A local date whose offset is the same from 30 hours before it to 30 hours
 * after (no change: tzdata never has two within that window) converts every
 * wall-clock time with that offset, exactly as sla_tz_local_to_utc's search
 * would; other dates (the change days) keep the search. The same entry is
 * the offset of every UTC instant of that day, for sla_tz_offset. */
static void fill_day_offsets(sla_tz *tz)
{
    int32_t *table = sla_xmalloc(FAST_DAYS * sizeof *table);
    for (int64_t i = 0; i < FAST_DAYS; i++) {
        int64_t start = (FAST_FIRST_DAY + i) * SECONDS_PER_DAY;
        int32_t first = sla_tz_offset(tz, start - 30 * 3600);
        int32_t last = sla_tz_offset(tz, start + SECONDS_PER_DAY + 30 * 3600);
        table[i] = first == last ? first : NOT_CONSTANT;
    }
    tz->day_offset = table; /* only now: sla_tz_offset reads it once it is there */
}

sla_status sla_tz_load(const char *name, sla_tz **out, sla_error *err)
{
    *out = NULL;
    if (!name || !tz_name_ok(name))
        return sla_fail(err, SLA_ERR_INPUT, NULL, 0, 0, "invalid time zone name \"%s\"",
                        name ? name : "(null)");
    sla_tz *tz = sla_xcalloc(1, sizeof *tz);
    tz->name = sla_xstrdup(name);
    if (strcmp(name, "UTC") == 0) {
        /* Built in, so UTC works even where tzdata is not installed. */
        *out = tz;
        return SLA_OK;
    }
    const char *dir = getenv("TZDIR");
    char *path = sla_path_join(dir && *dir ? dir : "/usr/share/zoneinfo", name);
    size_t len = 0;
    char *data = sla_read_file(path, &len);
    sla_status st = SLA_OK;
    const char *why = NULL;
    if (!data) {
        if (errno == ENOENT || errno == ENOTDIR || errno == EISDIR)
            st = sla_fail(err, SLA_ERR_INPUT, NULL, 0, 0, "unknown time zone \"%s\"", name);
        else
            st = sla_fail(err, SLA_ERR_INPUT, NULL, 0, 0, "time zone \"%s\": cannot read %s: %s",
                          name, path, strerror(errno));
    } else if (!tzif_parse(tz, (const unsigned char *)data, len, &why)) {
        st = sla_fail(err, SLA_ERR_INPUT, NULL, 0, 0, "time zone \"%s\": %s %s", name, path, why);
    }
    free(data);
    free(path);
    if (st != SLA_OK) {
        sla_tz_free(tz);
        return st;
    }
    fill_day_offsets(tz);
    *out = tz;
    return SLA_OK;
}

/* Free a zone; NULL is fine. */
void sla_tz_free(sla_tz *tz)
{
    if (!tz)
        return;
    free(tz->name);
    free(tz->at);
    free(tz->offset_after);
    free(tz->day_offset);
    free(tz);
}

/* The name the zone was loaded by. */
const char *sla_tz_name(const sla_tz *tz)
{
    return tz->name;
}

/* Transition table by binary search, then the footer rule past its end. */
int32_t sla_tz_offset(const sla_tz *tz, int64_t utc)
{
    int64_t day = floor_div(utc, SECONDS_PER_DAY) - FAST_FIRST_DAY;
    if (tz->day_offset && day >= 0 && day < FAST_DAYS && tz->day_offset[day] != NOT_CONSTANT)
        return tz->day_offset[day];
    if (tz->count == 0 || utc < tz->at[0])
        return (tz->count == 0 && tz->has_rule) ? rule_offset(&tz->rule, utc) : tz->initial_offset;
    if (utc >= tz->at[tz->count - 1])
        return tz->has_rule ? rule_offset(&tz->rule, utc) : tz->offset_after[tz->count - 1];
    size_t lo = 0, hi = tz->count - 1; /* at[lo] <= utc < at[hi] */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (tz->at[mid] <= utc)
            lo = mid;
        else
            hi = mid;
    }
    return tz->offset_after[lo];
}

/* The offsets a day and more either side of local bound the answer: the true
 * instant is local - offset with |offset| <= 26 h, so at most one change lies
 * between them in any real zone. A candidate is valid when the zone agrees
 * with the offset it was computed with. */
int64_t sla_tz_local_to_utc(const sla_tz *tz, int64_t local)
{
    int64_t day = floor_div(local, SECONDS_PER_DAY) - FAST_FIRST_DAY;
    if (tz->day_offset && day >= 0 && day < FAST_DAYS && tz->day_offset[day] != NOT_CONSTANT)
        return local - tz->day_offset[day];
    const int64_t window = 26 * 3600;
    int32_t before = sla_tz_offset(tz, local - window);
    int32_t after = sla_tz_offset(tz, local + window);
    int64_t t_before = local - before, t_after = local - after;
    bool ok_before = sla_tz_offset(tz, t_before) == before;
    bool ok_after = sla_tz_offset(tz, t_after) == after;
    if (ok_before && ok_after)
        return t_before < t_after ? t_before : t_after; /* overlap: the earlier */
    if (ok_before)
        return t_before;
    if (ok_after)
        return t_after;
    if (before != after)
        return t_before; /* gap: read with the offset before the change */
    /* Two changes inside the window (not seen in tzdata): settle on what the
     * zone says at the first guess. */
    int32_t mid = sla_tz_offset(tz, t_before);
    return sla_tz_offset(tz, local - mid) == mid ? local - mid : t_before;
}

/* Local date of an instant: the wall clock's day. */
int64_t sla_local_day(const sla_tz *tz, int64_t utc)
{
    return floor_div(utc + sla_tz_offset(tz, utc), SECONDS_PER_DAY);
}

/* ISO 8601 with a numeric offset always (+00:00 for UTC, never "Z"), so every
 * timestamp in a report reads the same way; seconds appear in the offset only
 * for the historical local-mean-time offsets that have them. */
void sla_format_iso(const sla_tz *tz, int64_t utc, char *buf, size_t size)
{
    int32_t off = sla_tz_offset(tz, utc);
    int64_t local = utc + off;
    int64_t days = floor_div(local, SECONDS_PER_DAY);
    int64_t sec = local - days * SECONDS_PER_DAY;
    int y, m, d;
    sla_civil_from_days(days, &y, &m, &d);
    char sign = off < 0 ? '-' : '+';
    int32_t a = off < 0 ? -off : off;
    char zone[16];
    if (a % 60)
        snprintf(zone, sizeof zone, "%c%02d:%02d:%02d", sign, (int)(a / 3600), (int)(a / 60 % 60),
                 (int)(a % 60));
    else
        snprintf(zone, sizeof zone, "%c%02d:%02d", sign, (int)(a / 3600), (int)(a / 60 % 60));
    snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d%s", y, m, d, (int)(sec / 3600),
             (int)(sec / 60 % 60), (int)(sec % 60), zone);
}

/* ---- business calendar -------------------------------------------------- */

/* qsort order for the holiday copy. */
static int cmp_day(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Working weekday and not a holiday; used for precomputation and outside the range. */
static bool day_is_business(const sla_calendar *cal, int64_t day)
{
    if (!(cal->workdays & (1u << sla_weekday(day))))
        return false;
    return !bsearch(&day, cal->holidays, cal->holiday_count, sizeof *cal->holidays, cmp_day);
}

/* Keep x within [lo, hi], so odd zone days (skipped dates, midnight changes)
 * can never make the per-day arrays run backwards. */
static int64_t clamp64(int64_t x, int64_t lo, int64_t hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

/* Check the spec, then precompute the per-day instants and running sums. */
sla_status sla_calendar_new(const sla_tz *tz, const sla_calendar_spec *spec, sla_calendar **out,
                            sla_error *err)
{
    *out = NULL;
    if (spec->workdays & ~0x7fu)
        return sla_fail(err, SLA_ERR_INPUT, NULL, 0, 0,
                        "calendar workdays 0x%x name days past Sunday", spec->workdays);
    if (spec->workdays == 0)
        return sla_fail(err, SLA_ERR_INPUT, NULL, 0, 0, "calendar has no working days");
    if (spec->open_minute < 0 || spec->open_minute >= 1440)
        return sla_fail(err, SLA_ERR_INPUT, NULL, 0, 0,
                        "calendar opening %d is not a minute of the day (0..1439)",
                        spec->open_minute);
    if (spec->close_minute > 1440)
        return sla_fail(err, SLA_ERR_INPUT, NULL, 0, 0,
                        "calendar closing %d is past midnight (at most 1440 = 24:00)",
                        spec->close_minute);
    if (spec->open_minute >= spec->close_minute)
        return sla_fail(err, SLA_ERR_INPUT, NULL, 0, 0,
                        "calendar opening %02d:%02d is not before closing %02d:%02d",
                        spec->open_minute / 60, spec->open_minute % 60, spec->close_minute / 60,
                        spec->close_minute % 60);
    if (spec->holiday_count && !spec->holidays)
        return sla_fail(err, SLA_ERR_INPUT, NULL, 0, 0, "calendar holidays are missing");

    sla_calendar *cal = sla_xcalloc(1, sizeof *cal);
    cal->tz = tz;
    cal->workdays = spec->workdays;
    cal->open_minute = spec->open_minute;
    cal->close_minute = spec->close_minute;
    cal->holiday_count = spec->holiday_count;
    cal->holidays =
        sla_xmalloc((spec->holiday_count ? spec->holiday_count : 1) * sizeof *cal->holidays);
    if (spec->holiday_count)
        memcpy(cal->holidays, spec->holidays, spec->holiday_count * sizeof *cal->holidays);
    qsort(cal->holidays, cal->holiday_count, sizeof *cal->holidays, cmp_day);

    size_t n = (size_t)(CAL_LAST_DAY - CAL_FIRST_DAY + 1);
    cal->ndays = n;
    cal->midnight = sla_xmalloc((n + 1) * sizeof *cal->midnight);
    cal->open_utc = sla_xmalloc(n * sizeof *cal->open_utc);
    cal->close_utc = sla_xmalloc(n * sizeof *cal->close_utc);
    cal->cum = sla_xmalloc((n + 1) * sizeof *cal->cum);
    cal->next_business = sla_xmalloc((n + 1) * sizeof *cal->next_business);

    for (size_t i = 0; i <= n; i++) {
        int64_t t = sla_tz_local_to_utc(tz, (CAL_FIRST_DAY + (int64_t)i) * SECONDS_PER_DAY);
        cal->midnight[i] = i > 0 && t < cal->midnight[i - 1] ? cal->midnight[i - 1] : t;
    }
    cal->cum[0] = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t day = CAL_FIRST_DAY + (int64_t)i;
        int64_t lo = cal->midnight[i], hi = cal->midnight[i + 1];
        int64_t open = lo, close = lo;
        if (day_is_business(cal, day)) {
            /* Converted per day: 09:00 is 08:00Z in winter and 07:00Z in summer. */
            int64_t base = day * SECONDS_PER_DAY;
            open = clamp64(sla_tz_local_to_utc(tz, base + spec->open_minute * 60), lo, hi);
            close = clamp64(sla_tz_local_to_utc(tz, base + spec->close_minute * 60), open, hi);
        }
        cal->open_utc[i] = open;
        cal->close_utc[i] = close;
        cal->cum[i + 1] = cal->cum[i] + (close - open);
    }
    cal->next_business[n] = (uint32_t)n;
    for (size_t i = n; i-- > 0;)
        cal->next_business[i] = day_is_business(cal, CAL_FIRST_DAY + (int64_t)i)
                                    ? (uint32_t)i
                                    : cal->next_business[i + 1];
    *out = cal;
    return SLA_OK;
}

/* Free a calendar; NULL is fine. The zone is borrowed and stays. */
void sla_calendar_free(sla_calendar *cal)
{
    if (!cal)
        return;
    free(cal->holidays);
    free(cal->midnight);
    free(cal->open_utc);
    free(cal->close_utc);
    free(cal->cum);
    free(cal->next_business);
    free(cal);
}

/* The nominal working day; DST switches do not shorten 09:00-17:00. */
int64_t sla_calendar_day_seconds(const sla_calendar *cal)
{
    return (int64_t)(cal->close_minute - cal->open_minute) * 60;
}

/* Index of the local day holding t (midnight[0] <= t < midnight[ndays]): the
 * UTC day is at most one local day off, so a step or two fixes the guess. */
static size_t day_index(const sla_calendar *cal, int64_t t)
{
    int64_t i = floor_div(t, SECONDS_PER_DAY) - CAL_FIRST_DAY;
    size_t d = (size_t)clamp64(i, 0, (int64_t)cal->ndays - 1);
    while (d > 0 && t < cal->midnight[d])
        d--;
    while (d + 1 < cal->ndays && t >= cal->midnight[d + 1])
        d++;
    return d;
}

/* Business seconds from the start of the range up to t; flat outside it. */
static int64_t cum_at(const sla_calendar *cal, int64_t t)
{
    if (t <= cal->midnight[0])
        return 0;
    if (t >= cal->midnight[cal->ndays])
        return cal->cum[cal->ndays];
    size_t d = day_index(cal, t);
    return cal->cum[d] + clamp64(t - cal->open_utc[d], 0, cal->close_utc[d] - cal->open_utc[d]);
}

/* A difference of two running sums, hence O(1). */
int64_t sla_business_seconds(const sla_calendar *cal, int64_t from, int64_t to)
{
    if (to <= from)
        return 0;
    return cum_at(cal, to) - cum_at(cal, from);
}

/* t inside opening hours, else the next opening; past the range there is no
 * opening to find, so t (after it) or the range's end (before it) stands. */
int64_t sla_next_opening(const sla_calendar *cal, int64_t t)
{
    size_t n = cal->ndays;
    if (t >= cal->midnight[n])
        return t;
    size_t d = t < cal->midnight[0] ? 0 : day_index(cal, t);
    if (cal->next_business[d] == d) {
        if (t < cal->open_utc[d])
            return cal->open_utc[d];
        if (t < cal->close_utc[d])
            return t;
    }
    size_t next = cal->next_business[d + 1];
    return next < n ? cal->open_utc[next] : cal->midnight[n];
}

/* The wall clock's date decides, not the UTC date. */
bool sla_is_business_day(const sla_calendar *cal, int64_t t)
{
    int64_t day = sla_local_day(cal->tz, t);
    if (day >= CAL_FIRST_DAY && day <= CAL_LAST_DAY)
        return cal->next_business[day - CAL_FIRST_DAY] == (uint32_t)(day - CAL_FIRST_DAY);
    return day_is_business(cal, day);
}
