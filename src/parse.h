/*
 * parse.h - parsers for the values found in exports: timestamps in every shape
 * of SPEC §3 and EXPORT-FORMATS.md §8, numbers with either decimal mark and
 * thousands separators, and money as integer cents.
 *
 * Pure functions over a borrowed string; no allocation.
 */
#ifndef SLA_PARSE_H
#define SLA_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "calendar.h"

typedef enum sla_date_order {
    SLA_ORDER_AUTO = 0, /* decided per column by sla_date_order_vote */
    SLA_ORDER_YMD,
    SLA_ORDER_DMY,
    SLA_ORDER_MDY
} sla_date_order;

typedef enum sla_time_result {
    SLA_TIME_OK = 0,
    SLA_TIME_EMPTY,      /* blank: an absent timestamp */
    SLA_TIME_BAD,        /* not a timestamp in any known shape */
    SLA_TIME_IMPOSSIBLE, /* right shape, impossible value (31.02., 25:00, year 0) */
    SLA_TIME_RANGE,      /* before 1970 or after 2099 */
    SLA_TIME_AMBIGUOUS   /* D/M or M/D cannot be told apart and the order is auto */
} sla_time_result;

/* Parse a timestamp. Offset-less values are local time in tz. For slash and
 * dot dates, order says which part is the day (AUTO: dots are D.M.Y, slashes
 * are ambiguous unless a part is above 12). Bare 10-digit numbers are epoch
 * seconds, 13-digit numbers epoch milliseconds. */
sla_time_result sla_parse_time(const char *s, size_t len, sla_date_order order, const sla_tz *tz,
                               int64_t *out);

/* For a column read with order AUTO: inspect one value and return DMY or MDY
 * when it decides the order (a first part above 12 means DMY, a second part
 * above 12 means MDY), AUTO when it does not. *slash tells whether the value
 * is a D/M/Y-or-M/D/Y slash date at all (only those need deciding). */
sla_date_order sla_date_order_vote(const char *s, size_t len, bool *slash);

const char *sla_time_result_text(sla_time_result r);

typedef enum sla_num_result { SLA_NUM_OK = 0, SLA_NUM_EMPTY, SLA_NUM_BAD } sla_num_result;

/* Parse an amount into integer cents (rounded half away from zero). decimal is
 * '.' or ','; the other mark, spaces, NBSP and narrow NBSP are taken as
 * thousands separators when they group digits by three; a currency code or
 * symbol before or after (zł, PLN, EUR, €, $, USD) is ignored. */
sla_num_result sla_parse_cents(const char *s, size_t len, char decimal, int64_t *out);

/* For an amount column read with decimal "auto": inspect one value and
 * return the decimal mark it proves ('.' or ','), 0 when it proves none.
 * *mark tells whether the value contains a '.' or ',' at all. "1,234.5",
 * "1.234,5", "12,5", "0,500" and "1.234.567" decide; "1,234" and "1.234"
 * (one mark, three digits after it) do not. */
char sla_decimal_vote(const char *s, size_t len, bool *mark);

/* Parse a plain number (score, target) the same way, as a double. */
sla_num_result sla_parse_number(const char *s, size_t len, char decimal, double *out);

#endif
