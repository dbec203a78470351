/*
 * calendar.h - time zones and the business calendar.
 *
 * All instants are int64_t UTC seconds since the epoch. A time zone is read
 * from the system's tzdata (TZif files under /usr/share/zoneinfo, or $TZDIR),
 * including the POSIX rule in the file's footer for instants past its last
 * transition, so results are DST-correct without touching the process's TZ.
 *
 * Business time counts only the configured opening hours on working days that
 * are not holidays, in the calendar's zone. All functions are pure: a loaded
 * zone and calendar are immutable and may be shared between threads.
 */
#ifndef SLA_CALENDAR_H
#define SLA_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* Instants outside this range are rejected by the parsers as impossible. */
#define SLA_TIME_MIN INT64_C(0)           /* 1970-01-01T00:00:00Z */
#define SLA_TIME_MAX INT64_C(4102444800)  /* 2100-01-01T00:00:00Z */
#define SLA_NO_TIME INT64_MIN             /* an absent timestamp */

typedef struct sla_tz sla_tz;

/* Load an IANA zone ("Europe/Warsaw", "UTC"). Errors name the zone. */
sla_status sla_tz_load(const char *name, sla_tz **out, sla_error *err);
void sla_tz_free(sla_tz *tz);
const char *sla_tz_name(const sla_tz *tz);

/* UTC offset in seconds east of Greenwich in force at utc. */
int32_t sla_tz_offset(const sla_tz *tz, int64_t utc);

/* The instant of a local wall-clock time given as naive seconds since
 * 1970-01-01T00:00 local. In a spring-forward gap the time is read with the
 * offset before the change (02:30 → 03:30 CEST); in a fall-back overlap the
 * earlier instant is taken. */
int64_t sla_tz_local_to_utc(const sla_tz *tz, int64_t local);

/* Days since 1970-01-01 of a civil date, and back (proleptic Gregorian). */
int64_t sla_days_from_civil(int y, int m, int d);
void sla_civil_from_days(int64_t days, int *y, int *m, int *d);
/* 0 = Monday .. 6 = Sunday. */
int sla_weekday(int64_t days);

typedef struct sla_calendar_spec {
    unsigned workdays;        /* bit i set = weekday i (0 = Monday) is a working day */
    int open_minute;          /* minutes after local midnight, e.g. 540 for 09:00 */
    int close_minute;         /* > open_minute, at most 1440 */
    const int64_t *holidays;  /* local dates as days since 1970-01-01 */
    size_t holiday_count;
} sla_calendar_spec;

typedef struct sla_calendar sla_calendar;

/* The calendar borrows tz (which must outlive it) and copies the spec. */
sla_status sla_calendar_new(const sla_tz *tz, const sla_calendar_spec *spec,
                            sla_calendar **out, sla_error *err);
void sla_calendar_free(sla_calendar *cal);

/* Length of one working day in seconds (close - open). */
int64_t sla_calendar_day_seconds(const sla_calendar *cal);

/* Business seconds in [from, to); 0 when to <= from. O(1) after construction. */
int64_t sla_business_seconds(const sla_calendar *cal, int64_t from, int64_t to);

/* The instant a clock started at t really starts: t itself when inside opening
 * hours of a working day, else the next opening. */
int64_t sla_next_opening(const sla_calendar *cal, int64_t t);

/* True when the local date of t is a working day that is not a holiday. */
bool sla_is_business_day(const sla_calendar *cal, int64_t t);

/* Local date (days since epoch) of an instant. */
int64_t sla_local_day(const sla_tz *tz, int64_t utc);

/* Format an instant as ISO 8601 with the zone's offset: 2025-07-01T00:00:00+02:00. */
void sla_format_iso(const sla_tz *tz, int64_t utc, char *buf, size_t size);

#endif
