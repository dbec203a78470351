/*
 * fuzz_parse.c - the timestamp and number parsers (parse.h).
 *
 * The first byte picks the date order and the decimal mark; the rest is the
 * value, copied into a buffer of exactly its length (no terminating NUL), so
 * reading past len is caught. A parsed time must lie in 1970-2099 and a
 * parsed number must be finite.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "parse.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static sla_tz *warsaw;
    if (!warsaw) {
        sla_error err = {0};
        fuzz_check(sla_tz_load("Europe/Warsaw", &warsaw, &err) == SLA_OK, "tzdata is there");
    }
    if (size < 1)
        return 0;
    sla_date_order order = (sla_date_order)(data[0] & 3);
    char decimal = data[0] & 4 ? ',' : '.';
    size_t len = size - 1;
    char *s = sla_xmalloc(len);
    memcpy(s, data + 1, len);

    int64_t t = 0;
    if (sla_parse_time(s, len, order, warsaw, &t) == SLA_TIME_OK)
        fuzz_check(t >= SLA_TIME_MIN && t < SLA_TIME_MAX, "parsed times are in range");
    bool slash;
    sla_date_order_vote(s, len, &slash);
    int64_t cents;
    sla_parse_cents(s, len, decimal, &cents);
    double v;
    if (sla_parse_number(s, len, decimal, &v) == SLA_NUM_OK)
        fuzz_check(isfinite(v), "parsed numbers are finite");
    free(s);
    return 0;
}
