/*
 * parse.c - timestamps and numbers as exports write them.
 *
 * One hand-written scanner covers every shape instead of a list of strptime
 * patterns: it reads the date part (year first, or day/month first with '.',
 * '/' or '-'), an optional time with seconds, fraction and AM/PM, and an
 * optional zone. Values are validated field by field, so "31.02.2025" is
 * reported as impossible rather than silently rolled into March.
 */
#include "parse.h"

#include <math.h>
#include <string.h>

typedef struct scanner {
    const char *p, *end;
} scanner;

static bool at_end(const scanner *s)
{
    return s->p >= s->end;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static void skip_spaces(scanner *s)
{
    while (!at_end(s) && (*s->p == ' ' || *s->p == '\t'))
        s->p++;
}

/* Read up to max digits; returns how many were read. */
static int read_int(scanner *s, int max, int *out)
{
    int n = 0, v = 0;
    while (!at_end(s) && n < max && is_digit(*s->p)) {
        v = v * 10 + (*s->p - '0');
        s->p++;
        n++;
    }
    *out = v;
    return n;
}

static bool eat(scanner *s, char c)
{
    if (!at_end(s) && *s->p == c) {
        s->p++;
        return true;
    }
    return false;
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Case-insensitive match of word at the scanner; consumes it when it matches. */
static bool eat_word(scanner *s, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(s->end - s->p) < n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (lower(s->p[i]) != word[i])
            return false;
    s->p += n;
    return true;
}

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

/* Epoch seconds (10 digits) or milliseconds (13 digits); len is checked
 * first, so a longer run of digits cannot overflow. */
static sla_time_result parse_epoch(const char *s, size_t len, int64_t *out)
{
    if (len != 10 && len != 13)
        return SLA_TIME_BAD;
    int64_t v = 0;
    for (size_t i = 0; i < len; i++)
        v = v * 10 + (s[i] - '0');
    if (len == 13)
        v /= 1000;
    if (v < SLA_TIME_MIN || v >= SLA_TIME_MAX)
        return SLA_TIME_RANGE;
    *out = v;
    return SLA_TIME_OK;
}

typedef struct civil {
    int y, mo, d, h, mi, sec;
    bool has_offset;
    int offset; /* seconds east */
} civil;

/* The date part. */
static sla_time_result scan_date(scanner *s, sla_date_order order, civil *c)
{
    int a, b, y;
    int da = read_int(s, 4, &a);
    if (da == 0 || at_end(s))
        return SLA_TIME_BAD;
    char sep = *s->p;
    if (sep != '-' && sep != '.' && sep != '/')
        return SLA_TIME_BAD;
    s->p++;
    if (da == 4) { /* year first: 2025-05-30, 2025.05.30, 2025/05/30 */
        int dm = read_int(s, 2, &c->mo);
        if (dm == 0 || !eat(s, sep) || read_int(s, 2, &c->d) == 0)
            return SLA_TIME_BAD;
        c->y = a;
        return SLA_TIME_OK;
    }
    if (da > 2 || read_int(s, 2, &b) == 0 || !eat(s, sep) || read_int(s, 4, &y) != 4)
        return SLA_TIME_BAD;
    c->y = y;
    sla_date_order o = order;
    if (o == SLA_ORDER_AUTO || o == SLA_ORDER_YMD) {
        if (sep != '/')
            o = SLA_ORDER_DMY; /* 30.05.2025 and 30-05-2025 are day first everywhere */
        else if (a > 12 && b <= 12)
            o = SLA_ORDER_DMY;
        else if (b > 12 && a <= 12)
            o = SLA_ORDER_MDY;
        else if (a == b)
            o = SLA_ORDER_DMY;
        else
            return SLA_TIME_AMBIGUOUS;
    }
    c->d = o == SLA_ORDER_DMY ? a : b;
    c->mo = o == SLA_ORDER_DMY ? b : a;
    return SLA_TIME_OK;
}

/* The optional time and zone after the date. */
static sla_time_result scan_time(scanner *s, civil *c)
{
    if (at_end(s))
        return SLA_TIME_OK;
    if (*s->p == 'T' || *s->p == 't')
        s->p++;
    else {
        eat(s, ',');
        skip_spaces(s);
    }
    if (at_end(s))
        return SLA_TIME_OK;
    if (read_int(s, 2, &c->h) == 0 || !eat(s, ':') || read_int(s, 2, &c->mi) != 2)
        return SLA_TIME_BAD;
    if (eat(s, ':')) {
        if (read_int(s, 2, &c->sec) != 2)
            return SLA_TIME_BAD;
        if (eat(s, '.') || eat(s, ',')) {
            int frac;
            if (read_int(s, 9, &frac) == 0)
                return SLA_TIME_BAD;
        }
    }
    skip_spaces(s);
    if (at_end(s))
        return SLA_TIME_OK;
    bool pm = eat_word(s, "pm") || eat_word(s, "p.m.");
    bool am = !pm && (eat_word(s, "am") || eat_word(s, "a.m."));
    if (am || pm) {
        if (c->h < 1 || c->h > 12)
            return SLA_TIME_IMPOSSIBLE;
        c->h = c->h % 12 + (pm ? 12 : 0);
    }
    skip_spaces(s);
    if (at_end(s))
        return SLA_TIME_OK;
    if (eat(s, 'Z') || eat(s, 'z') || eat_word(s, "utc") || eat_word(s, "gmt")) {
        c->has_offset = true;
        c->offset = 0;
    } else if (*s->p == '+' || *s->p == '-') {
        int sign = *s->p == '-' ? -1 : 1, oh, om = 0;
        s->p++;
        if (read_int(s, 2, &oh) != 2)
            return SLA_TIME_BAD;
        eat(s, ':');
        if (!at_end(s) && read_int(s, 2, &om) != 2)
            return SLA_TIME_BAD;
        if (oh > 14 || om > 59)
            return SLA_TIME_IMPOSSIBLE;
        c->has_offset = true;
        c->offset = sign * (oh * 3600 + om * 60);
    }
    skip_spaces(s);
    return at_end(s) ? SLA_TIME_OK : SLA_TIME_BAD;
}

/* Digits p[0..n) as a number; false when one is not a digit. */
static bool fixed_digits(const char *p, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!is_digit(p[i]))
            return false;
        v = v * 10 + (p[i] - '0');
    }
    *out = v;
    return true;
}

/* The shape nearly every export writes, "2025-05-30 14:03:00" or
 * "2025-05-30T14:03:00" with "Z" or "+02:00" or nothing after, read at
 * fixed positions. False for anything else (including an offset out of
 * range): the general scanner then reads it, with the same result for
 * these shapes, and says what is wrong. */
static bool scan_iso(const char *p, size_t n, civil *c)
{
    if (n != 19 && n != 20 && n != 25)
        return false;
    if (p[4] != '-' || p[7] != '-' || (p[10] != ' ' && p[10] != 'T') || p[13] != ':' ||
        p[16] != ':' || !fixed_digits(p, 4, &c->y) || !fixed_digits(p + 5, 2, &c->mo) ||
        !fixed_digits(p + 8, 2, &c->d) || !fixed_digits(p + 11, 2, &c->h) ||
        !fixed_digits(p + 14, 2, &c->mi) || !fixed_digits(p + 17, 2, &c->sec))
        return false;
    if (n == 19)
        return true;
    c->has_offset = true;
    if (n == 20) {
        c->offset = 0;
        return p[19] == 'Z';
    }
    int oh, om;
    if ((p[19] != '+' && p[19] != '-') || p[22] != ':' || !fixed_digits(p + 20, 2, &oh) ||
        !fixed_digits(p + 23, 2, &om) || oh > 14 || om > 59)
        return false;
    c->offset = (p[19] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
    return true;
}

sla_time_result sla_parse_time(const char *str, size_t len, sla_date_order order, const sla_tz *tz,
                               int64_t *out)
{
    scanner s = {str, str + len};
    skip_spaces(&s);
    while (s.end > s.p && (s.end[-1] == ' ' || s.end[-1] == '\t' || s.end[-1] == '\r'))
        s.end--;
    if (at_end(&s))
        return SLA_TIME_EMPTY;
    size_t n = (size_t)(s.end - s.p), digits = 0;
    while (digits < n && is_digit(s.p[digits])) /* not strspn: str need not end in NUL */
        digits++;
    if (digits == n)
        return parse_epoch(s.p, n, out);

    civil c = {0};
    if (!scan_iso(s.p, n, &c)) {
        c = (civil){0};
        sla_time_result r = scan_date(&s, order, &c);
        if (r == SLA_TIME_OK)
            r = scan_time(&s, &c);
        if (r != SLA_TIME_OK)
            return r;
    }
    if (c.y < 1970 || c.y > 2099)
        return c.y == 0 ? SLA_TIME_IMPOSSIBLE : SLA_TIME_RANGE;
    if (c.mo < 1 || c.mo > 12 || c.d < 1 || c.d > days_in_month(c.y, c.mo) || c.h > 23 ||
        c.mi > 59 || c.sec > 60)
        return SLA_TIME_IMPOSSIBLE;
    if (c.sec == 60)
        c.sec = 59; /* a leap second: the instant just before is close enough */
    int64_t local = sla_days_from_civil(c.y, c.mo, c.d) * 86400 + c.h * 3600 + c.mi * 60 + c.sec;
    int64_t utc = c.has_offset ? local - c.offset : sla_tz_local_to_utc(tz, local);
    if (utc < SLA_TIME_MIN || utc >= SLA_TIME_MAX)
        return SLA_TIME_RANGE;
    *out = utc;
    return SLA_TIME_OK;
}

sla_date_order sla_date_order_vote(const char *str, size_t len, bool *slash)
{
    scanner s = {str, str + len};
    skip_spaces(&s);
    int a, b, y;
    *slash = read_int(&s, 2, &a) > 0 && eat(&s, '/') && read_int(&s, 2, &b) > 0 && eat(&s, '/') &&
             read_int(&s, 4, &y) == 4;
    if (!*slash)
        return SLA_ORDER_AUTO;
    if (a > 12 && b <= 12)
        return SLA_ORDER_DMY;
    if (b > 12 && a <= 12)
        return SLA_ORDER_MDY;
    return SLA_ORDER_AUTO;
}

const char *sla_time_result_text(sla_time_result r)
{
    switch (r) {
    case SLA_TIME_OK:
        return "ok";
    case SLA_TIME_EMPTY:
        return "is empty";
    case SLA_TIME_BAD:
        return "is not a timestamp";
    case SLA_TIME_IMPOSSIBLE:
        return "is not a real date or time";
    case SLA_TIME_RANGE:
        return "is outside 1970-2099";
    case SLA_TIME_AMBIGUOUS:
        return "is ambiguous (day/month order unknown; set date_order in the profile)";
    }
    return "?";
}

/* ---- numbers ---- */

/* Length of a thousands separator at p (space, NBSP, narrow NBSP, apostrophe,
 * or the non-decimal mark), 0 when there is none. */
static size_t thousands_sep(const char *p, const char *end, char decimal)
{
    unsigned char c = (unsigned char)*p;
    if (c == ' ' || c == '\'' || (c == '.' && decimal == ',') || (c == ',' && decimal == '.'))
        return 1;
    if (c == 0xC2 && end - p >= 2 && (unsigned char)p[1] == 0xA0)
        return 2;
    if (c == 0xE2 && end - p >= 3 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0xAF)
        return 3;
    return 0;
}

/* Strip a currency code or symbol and white space from both ends. */
static void strip_currency(const char **b, const char **e)
{
    static const char *units[] = {"z\xC5\x82",    "pln", "eur",      "usd", "gbp",
                                  "\xE2\x82\xAC", "$",   "\xC2\xA3", "zl"};
    bool again = true;
    while (again) {
        again = false;
        while (*b < *e && (**b == ' ' || (unsigned char)**b == 0xC2 || (unsigned char)**b == 0xA0))
            (*b)++;
        while (*e > *b && (*(*e - 1) == ' ' || (unsigned char)*(*e - 1) == 0xA0 ||
                           (unsigned char)*(*e - 1) == 0xC2))
            (*e)--;
        if (*e > *b && is_digit(**b) && is_digit(*(*e - 1)))
            return; /* digits at both ends: no unit to strip (the usual case) */
        for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
            size_t n = strlen(units[i]);
            if ((size_t)(*e - *b) < n)
                continue;
            scanner tail = {*e - n, *e}, head = {*b, *b + n};
            if (eat_word(&tail, units[i])) {
                *e -= n;
                again = true;
            } else if (eat_word(&head, units[i])) {
                *b += n;
                again = true;
            }
        }
    }
}

/* Parse into an integer part and up to 18 fraction digits, validating groups. */
static sla_num_result parse_decimal(const char *s, size_t len, char decimal, bool *negative,
                                    uint64_t *int_part, uint64_t *frac, int *frac_digits)
{
    const char *b = s, *e = s + len;
    strip_currency(&b, &e);
    if (b == e)
        return SLA_NUM_EMPTY;
    *negative = false;
    if (*b == '-' || *b == '+') {
        *negative = *b == '-';
        b++;
    } else if (e - b >= 3 && memcmp(b, "\xE2\x88\x92", 3) == 0) {
        *negative = true;
        b += 3;
    }
    strip_currency(&b, &e);
    uint64_t ip = 0;
    int digits = 0, group = -1; /* digits since the last thousands separator; -1 = none yet */
    const char *p = b;
    while (p < e && *p != decimal) {
        size_t sep = thousands_sep(p, e, decimal);
        if (sep) {
            if (digits == 0 || (group >= 0 && group != 3) || (group < 0 && digits > 3))
                return SLA_NUM_BAD;
            group = 0;
            p += sep;
            continue;
        }
        if (!is_digit(*p) || digits >= 18)
            return SLA_NUM_BAD;
        ip = ip * 10 + (uint64_t)(*p - '0');
        digits++;
        if (group >= 0)
            group++;
        p++;
    }
    if (group >= 0 && group != 3)
        return SLA_NUM_BAD;
    *frac = 0;
    *frac_digits = 0;
    if (p < e) { /* the decimal mark */
        p++;
        if (p == e && digits == 0)
            return SLA_NUM_BAD;
        for (; p < e; p++) {
            if (!is_digit(*p))
                return SLA_NUM_BAD;
            if (*frac_digits < 18) {
                *frac = *frac * 10 + (uint64_t)(*p - '0');
                (*frac_digits)++;
            }
        }
    } else if (digits == 0) {
        return SLA_NUM_BAD;
    }
    *int_part = ip;
    return SLA_NUM_OK;
}

sla_num_result sla_parse_cents(const char *s, size_t len, char decimal, int64_t *out)
{
    bool neg;
    uint64_t ip, frac;
    int fd;
    sla_num_result r = parse_decimal(s, len, decimal, &neg, &ip, &frac, &fd);
    if (r != SLA_NUM_OK)
        return r;
    if (ip > (uint64_t)INT64_MAX / 100 - 1)
        return SLA_NUM_BAD;
    /* Cents from the first two fraction digits, rounded half away from zero on the third. */
    uint64_t scale = 1;
    for (int i = 2; i < fd; i++)
        scale *= 10;
    uint64_t cents;
    if (fd <= 2) {
        cents = frac * (fd == 0 ? 100 : fd == 1 ? 10 : 1);
    } else {
        cents = frac / scale;
        if (frac % scale * 2 >= scale)
            cents++;
    }
    int64_t v = (int64_t)(ip * 100 + cents);
    *out = neg ? -v : v;
    return SLA_NUM_OK;
}

char sla_decimal_vote(const char *s, size_t len, bool *mark)
{
    const char *b = s, *e = s + len;
    strip_currency(&b, &e);
    const char *last = NULL; /* the last mark */
    int marks[2] = {0, 0};   /* how many '.' and ',' */
    for (const char *p = b; p < e; p++)
        if (*p == '.' || *p == ',') {
            marks[*p == ',']++;
            last = p;
        }
    *mark = last != NULL;
    if (!last)
        return 0;
    if (marks[0] && marks[1]) /* both: the last one is the decimal mark */
        return *last;
    char other = *last == '.' ? ',' : '.';
    if (marks[*last == ','] > 1) /* repeated: it groups thousands */
        return other;
    size_t after = 0, before = 0;
    for (const char *p = last + 1; p < e && is_digit(*p); p++)
        after++;
    for (const char *p = last; p > b && is_digit(p[-1]); p--)
        before++;
    /* A thousands group has exactly three digits after the mark and one to
     * three before it, not starting with 0. */
    if (after != 3 || before == 0 || before > 3 || last[-before] == '0')
        return *last;
    return 0;
}

sla_num_result sla_parse_number(const char *s, size_t len, char decimal, double *out)
{
    bool neg;
    uint64_t ip, frac;
    int fd;
    sla_num_result r = parse_decimal(s, len, decimal, &neg, &ip, &frac, &fd);
    if (r != SLA_NUM_OK)
        return r;
    double v = (double)ip + (double)frac / pow(10.0, fd);
    *out = neg ? -v : v;
    return SLA_NUM_OK;
}
