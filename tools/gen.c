/*
 * gen.c - slapack-gen: a deterministic demo company for slapack.
 *
 * Writes everything one slapack run reads for a fictional Polish B2B software
 * company, Kruszwil Systemy sp. z o.o.: config.json, roster.csv, logo.png,
 * leads.csv, activities.csv and ma_events.jsonl, in the canonical formats of
 * SPEC §3. The data is shaped so that the pack has something to say: reps differ
 * in how fast and how often they follow up, teams over- and undershoot their MQL
 * targets, and a small, counted set of data-quality problems is planted on
 * purpose (samples/README.md lists them).
 *
 * The same arguments give byte-identical files: randomness comes only from a
 * seeded xoshiro256** generator, time only from the arguments, and nothing reads
 * the locale. Rows are streamed through large buffers with no allocation per row,
 * so a million-lead company is written in seconds.
 *
 * Times inside the generator are "wall seconds": seconds since 1970-01-01 00:00
 * on the Europe/Warsaw wall clock. The CSVs carry exactly that (no offset); only
 * the marketing-automation events add the UTC offset, which for Warsaw follows
 * the EU rule (CEST from the last Sunday of March to the last Sunday of October).
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#define NO_TIME INT64_MIN
#define MIN_S 60
#define HOUR_S 3600
#define DAY_S 86400
#define OPEN_S (9 * HOUR_S)
#define CLOSE_S (17 * HOUR_S)
#define WORKDAY_S (CLOSE_S - OPEN_S)
/* The SLA written to config.json; the behaviour below is tuned around it. */
#define RESPONSE_MINUTES 240
#define ATTEMPT_WINDOW_DAYS 10
#define MIN_ATTEMPTS 6
#define WINDOW_S ((int64_t)ATTEMPT_WINDOW_DAYS * WORKDAY_S)
#define MAX_TOUCHES 10
#define PATH_CAP 4096
#define SINK_BUF (1u << 20)
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* ---- options ----------------------------------------------------------- */

typedef struct options {
    const char *out;
    unsigned long leads;
    unsigned long reps;
    uint64_t seed;
    int start_y, start_m, start_d;
    int months;
} options;

static void usage(FILE *f)
{
    fputs("usage: slapack-gen --out DIR [--leads N] [--reps N] [--seed S]\n"
          "                   [--start YYYY-MM-DD] [--months N]\n"
          "Writes a deterministic demo company (config.json, roster.csv, logo.png,\n"
          "leads.csv, activities.csv, ma_events.jsonl) into DIR.\n"
          "Defaults: --leads 6000 --reps 30 --seed 2025 --start 2025-01-01 --months 6\n",
          f);
}

static bool parse_ulong(const char *s, unsigned long lo, unsigned long hi, unsigned long *out)
{
    char *end;
    if (*s < '0' || *s > '9')
        return false;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || *end || v < lo || v > hi)
        return false;
    *out = (unsigned long)v;
    return true;
}

static bool parse_date(const char *s, int *y, int *m, int *d)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    *y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    *m = (s[5] - '0') * 10 + (s[6] - '0');
    *d = (s[8] - '0') * 10 + (s[9] - '0');
    /* Day 1..28 keeps "start + N months" a plain date in every month. */
    return *y >= 2000 && *y <= 2090 && *m >= 1 && *m <= 12 && *d >= 1 && *d <= 28;
}

/* Returns 0 when the run should go on, else the exit status (0 after --help is -1). */
static int parse_options(int argc, char **argv, options *o)
{
    static const char *const known[] = {"--out",  "--leads", "--reps",
                                        "--seed", "--start", "--months"};
    *o = (options){NULL, 6000, 30, 2025, 2025, 1, 1, 6};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return -1;
        }
        size_t opt = 0;
        while (opt < COUNT(known) && strcmp(a, known[opt]))
            opt++;
        if (opt == COUNT(known) || i + 1 >= argc) {
            fprintf(stderr, "slapack-gen: %s %s\n",
                    opt == COUNT(known) ? "unknown option" : "missing value for", a);
            usage(stderr);
            return 2;
        }
        const char *v = argv[++i];
        unsigned long n = 0;
        bool ok = true;
        if (opt == 0)
            o->out = v;
        else if (opt == 1)
            ok = parse_ulong(v, 100, 50000000, &o->leads);
        else if (opt == 2)
            ok = parse_ulong(v, 4, 5000, &o->reps);
        else if (opt == 3)
            o->seed = (ok = parse_ulong(v, 0, ULONG_MAX, &n)) ? n : 0;
        else if (opt == 4)
            ok = parse_date(v, &o->start_y, &o->start_m, &o->start_d);
        else
            o->months = (ok = parse_ulong(v, 1, 36, &n)) ? (int)n : 0;
        if (!ok) {
            fprintf(stderr, "slapack-gen: %s: invalid value \"%s\"\n", a, v);
            return 2;
        }
    }
    if (!o->out) {
        fputs("slapack-gen: --out DIR is required\n", stderr);
        usage(stderr);
        return 2;
    }
    return 0;
}

static void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size);
    if (!p) {
        fputs("slapack-gen: out of memory\n", stderr);
        exit(3);
    }
    return p;
}

/* ---- randomness: splitmix64 seeds xoshiro256** ----------------------- */

typedef struct rng {
    uint64_t s[4];
} rng;

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

/* Separate streams (roster, leads, planted problems) keep e.g. the roster the
 * same whatever --leads says. */
static void rng_seed(rng *r, uint64_t seed, uint64_t stream)
{
    uint64_t x = seed ^ (stream * 0xD1B54A32D192ED03u);
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* Uniform in [0, 1). */
static double unit(rng *r)
{
    return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

static bool chance(rng *r, double p)
{
    return unit(r) < p;
}

/* Uniform integer in [lo, hi]. */
static int64_t range(rng *r, int64_t lo, int64_t hi)
{
    return lo + (int64_t)(unit(r) * (double)(hi - lo + 1));
}

static double normal(rng *r)
{
    double u = 1.0 - unit(r);
    return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * unit(r));
}

static double lognormal(rng *r, double median, double sigma)
{
    return median * exp(sigma * normal(r));
}

static double expo(rng *r, double mean)
{
    return -mean * log(1.0 - unit(r));
}

#define PICK(r, a) ((a)[range((r), 0, (int64_t)COUNT(a) - 1)])

typedef struct weighted {
    const char *text;
    int weight;
} weighted;

static const char *pick_weighted(rng *r, const weighted *w, size_t n)
{
    int total = 0;
    for (size_t i = 0; i < n; i++)
        total += w[i].weight;
    int x = (int)range(r, 0, total - 1);
    for (size_t i = 0; i < n; i++)
        if ((x -= w[i].weight) < 0)
            return w[i].text;
    return w[n - 1].text;
}

/* ---- calendar ---------------------------------------------------------- */

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
static int64_t days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (unsigned)(m > 2 ? m - 3 : m + 9) + 2) / 5 + (unsigned)d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)((int64_t)yoe + era * 400 + (*m <= 2));
}

/* 0 = Monday .. 6 = Sunday (1970-01-01 was a Thursday). */
static int weekday(int64_t days)
{
    return (int)(((days % 7) + 7 + 3) % 7);
}

static int64_t easter(int y)
{
    int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4, f = (b + 8) / 25;
    int g = (b - f + 1) / 3, h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7, m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1;
    return days_from_civil(y, month, day);
}

/* Polish statutory holidays of a year in date order; Christmas Eve is one
 * from 2025 on. Returns the count (at most 14). */
static int polish_holidays(int y, int64_t out[14])
{
    int64_t e = easter(y);
    int n = 0;
    out[n++] = days_from_civil(y, 1, 1);
    out[n++] = days_from_civil(y, 1, 6);
    out[n++] = e;
    out[n++] = e + 1;
    out[n++] = days_from_civil(y, 5, 1);
    out[n++] = days_from_civil(y, 5, 3);
    out[n++] = e + 49; /* Pentecost */
    out[n++] = e + 60; /* Corpus Christi */
    out[n++] = days_from_civil(y, 8, 15);
    out[n++] = days_from_civil(y, 11, 1);
    out[n++] = days_from_civil(y, 11, 11);
    if (y >= 2025)
        out[n++] = days_from_civil(y, 12, 24);
    out[n++] = days_from_civil(y, 12, 25);
    out[n++] = days_from_civil(y, 12, 26);
    return n;
}

typedef struct calendar {
    int64_t first_day; /* holiday[0] is this day */
    int64_t day_count;
    unsigned char *holiday;
} calendar;

static bool is_business_day(const calendar *c, int64_t day)
{
    if (weekday(day) >= 5)
        return false;
    int64_t i = day - c->first_day;
    return i < 0 || i >= c->day_count || !c->holiday[i];
}

/* The wall time `secs` business seconds after t; from outside hours the clock
 * starts at the next opening, as slapack's response clock does. */
static int64_t biz_add(const calendar *c, int64_t t, int64_t secs)
{
    int64_t day = t / DAY_S, sod = t - day * DAY_S;
    for (;; day++, sod = 0) {
        if (!is_business_day(c, day))
            continue;
        if (sod < OPEN_S)
            sod = OPEN_S;
        if (sod >= CLOSE_S)
            continue;
        if (secs <= CLOSE_S - sod)
            return day * DAY_S + sod + secs;
        secs -= CLOSE_S - sod;
    }
}

static int64_t last_sunday(int y, int m)
{
    int64_t d = days_from_civil(y, m + 1, 1) - 1;
    return d - (weekday(d) + 1) % 7;
}

/* Start of CEST (02:00 wall time, which jumps to 03:00) in t's year. */
static int64_t cest_begins(int64_t t, int64_t *ends)
{
    int y, m, d;
    civil_from_days(t / DAY_S, &y, &m, &d);
    *ends = last_sunday(y, 10) * DAY_S + 3 * HOUR_S;
    return last_sunday(y, 3) * DAY_S + 2 * HOUR_S;
}

static int utc_offset(int64_t t)
{
    int64_t ends, begins = cest_begins(t, &ends);
    return t >= begins && t < ends ? 7200 : 3600;
}

/* Wall times that never happen (the spring-forward hour) are moved past it. */
static int64_t real_wall(int64_t t)
{
    int64_t ends, begins = cest_begins(t, &ends);
    return t >= begins && t < begins + HOUR_S ? t + HOUR_S : t;
}

/* ---- buffered output --------------------------------------------------- */

/* A file written through a large buffer. Write errors are remembered, not
 * returned, so row code stays linear; sink_close reports the first one. */
typedef struct sink {
    FILE *f;
    int err;
    size_t n;
    char path[PATH_CAP];
    char buf[SINK_BUF];
} sink;

static sink *sink_open(const char *dir, const char *name)
{
    sink *s = xcalloc(1, sizeof *s);
    snprintf(s->path, sizeof s->path, "%s/%s", dir, name);
    if (!(s->f = fopen(s->path, "wb")))
        s->err = errno ? errno : EIO;
    return s;
}

static void sink_flush(sink *s)
{
    if (!s->err && s->n && fwrite(s->buf, 1, s->n, s->f) != s->n)
        s->err = errno ? errno : EIO;
    s->n = 0;
}

/* Room for k more bytes (k is small); the caller fills them. */
static char *sink_room(sink *s, size_t k)
{
    if (s->n + k > SINK_BUF)
        sink_flush(s);
    char *p = s->buf + s->n;
    s->n += k;
    return p;
}

static void sink_mem(sink *s, const char *p, size_t len)
{
    while (len) {
        if (s->n == SINK_BUF)
            sink_flush(s);
        size_t k = SINK_BUF - s->n < len ? SINK_BUF - s->n : len;
        memcpy(s->buf + s->n, p, k);
        s->n += k;
        p += k;
        len -= k;
    }
}

static void sink_str(sink *s, const char *str)
{
    sink_mem(s, str, strlen(str));
}

static void sink_char(sink *s, char c)
{
    *sink_room(s, 1) = c;
}

/* Decimal, zero-padded to at least `width` digits. */
static void sink_uint(sink *s, uint64_t v, int width)
{
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v || n < width);
    char *p = sink_room(s, (size_t)n);
    while (n)
        *p++ = tmp[--n];
}

static void put2(char *p, int v)
{
    p[0] = (char)('0' + v / 10);
    p[1] = (char)('0' + v % 10);
}

/* "YYYY-MM-DD" into p. */
static void format_date(char *p, int64_t day)
{
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    put2(p, y / 100);
    put2(p + 2, y % 100);
    p[4] = '-';
    put2(p + 5, m);
    p[7] = '-';
    put2(p + 8, d);
}

/* "YYYY-MM-DD HH:MM:SS", or "YYYY-MM-DDTHH:MM:SS+HH:00" when iso. */
static void sink_time(sink *s, int64_t t, bool iso)
{
    int64_t day = t / DAY_S, sod = t - day * DAY_S;
    char *p = sink_room(s, iso ? 25 : 19);
    format_date(p, day);
    p[10] = iso ? 'T' : ' ';
    put2(p + 11, (int)(sod / 3600));
    p[13] = ':';
    put2(p + 14, (int)(sod / 60 % 60));
    p[16] = ':';
    put2(p + 17, (int)(sod % 60));
    if (iso) {
        memcpy(p + 19, "+00:00", 6);
        put2(p + 20, utc_offset(t) / 3600);
    }
}

/* A CSV field, quoted (RFC 4180) only when it has to be. */
static void sink_csv(sink *s, const char *f)
{
    if (!strpbrk(f, ",\"\r\n")) {
        sink_str(s, f);
        return;
    }
    sink_char(s, '"');
    for (; *f; f++) {
        if (*f == '"')
            sink_char(s, '"');
        sink_char(s, *f);
    }
    sink_char(s, '"');
}

static void sink_json(sink *s, const char *str)
{
    static const char hex[] = "0123456789abcdef";
    sink_char(s, '"');
    for (const unsigned char *p = (const unsigned char *)str; *p; p++) {
        if (*p == '"' || *p == '\\') {
            sink_char(s, '\\');
            sink_char(s, (char)*p);
        } else if (*p == '\n') {
            sink_str(s, "\\n");
        } else if (*p < 0x20) {
            char *q = sink_room(s, 6);
            memcpy(q, "\\u00", 4);
            q[4] = hex[*p >> 4];
            q[5] = hex[*p & 15];
        } else {
            sink_char(s, (char)*p);
        }
    }
    sink_char(s, '"');
}

/* Amount in cents as "12500.00". */
static void sink_cents(sink *s, int64_t cents)
{
    sink_uint(s, (uint64_t)(cents / 100), 1);
    sink_char(s, '.');
    sink_uint(s, (uint64_t)(cents % 100), 2);
}

/* Flushes, closes and frees s; false (with a message naming the file) when
 * anything about it failed. */
static bool sink_close(sink *s)
{
    sink_flush(s);
    if (s->f && fclose(s->f) && !s->err)
        s->err = errno ? errno : EIO;
    bool ok = !s->err;
    if (!ok)
        fprintf(stderr, "slapack-gen: cannot write %s: %s\n", s->path, strerror(s->err));
    free(s);
    return ok;
}

/* ---- names -------------------------------------------------------------- */

static const char *const MALE[] = {
    "Łukasz",     "Michał",  "Jan",    "Piotr",    "Krzysztof",  "Tomasz",   "Paweł",   "Marcin",
    "Grzegorz",   "Mateusz", "Jakub",  "Wojciech", "Rafał",      "Dariusz",  "Andrzej", "Szymon",
    "Bartłomiej", "Kamil",   "Maciej", "Sławomir", "Przemysław", "Zbigniew", "Jędrzej", "Mikołaj"};
static const char *const FEMALE[] = {"Zofia",   "Agnieszka", "Anna",    "Katarzyna", "Małgorzata",
                                     "Joanna",  "Magdalena", "Ewa",     "Monika",    "Aleksandra",
                                     "Natalia", "Karolina",  "Dorota",  "Beata",     "Łucja",
                                     "Urszula", "Bożena",    "Jolanta", "Żaneta",    "Grażyna",
                                     "Iwona",   "Justyna",   "Marta",   "Weronika"};
/* Masculine forms; feminine ones swap a final "ki" for "ka" (Kowalski → Kowalska). */
static const char *const SURNAMES[] = {
    "Wójcik",      "Ząbkowski",    "Żurawski",    "Łęcki",       "Nowak",       "Kowalski",
    "Wiśniewski",  "Dąbrowski",    "Lewandowski", "Kamiński",    "Kowalczyk",   "Zieliński",
    "Szymański",   "Woźniak",      "Kozłowski",   "Jankowski",   "Mazur",       "Kwiatkowski",
    "Krawczyk",    "Piotrowski",   "Grabowski",   "Nowakowski",  "Pawłowski",   "Michalski",
    "Nowicki",     "Adamczyk",     "Dudek",       "Zając",       "Wieczorek",   "Jabłoński",
    "Król",        "Majewski",     "Olszewski",   "Jaworski",    "Wróbel",      "Malinowski",
    "Pawlak",      "Witkowski",    "Walczak",     "Stępień",     "Górski",      "Rutkowski",
    "Michalak",    "Sikora",       "Ostrowski",   "Baran",       "Duda",        "Szewczyk",
    "Tomaszewski", "Pietrzak",     "Marciniak",   "Wróblewski",  "Zalewski",    "Jakubowski",
    "Jasiński",    "Zawadzki",     "Sadowski",    "Bąk",         "Chmielewski", "Włodarczyk",
    "Borkowski",   "Czarnecki",    "Sawicki",     "Sokołowski",  "Urbański",    "Kubiak",
    "Maciejewski", "Szczepański",  "Kucharski",   "Wilk",        "Kalinowski",  "Lis",
    "Mazurek",     "Wysocki",      "Adamski",     "Kaźmierczak", "Wasilewski",  "Sobczak",
    "Czerwiński",  "Andrzejewski", "Cieślak",     "Głowacki",    "Zakrzewski",  "Kołodziej",
    "Sikorski",    "Krajewski",    "Gajewski",    "Szymczak",    "Szulc",       "Baranowski",
    "Laskowski",   "Brzeziński",   "Makowski",    "Ziółkowski",  "Przybylski",  "Łuczak",
    "Żak",         "Śliwiński",    "Kaczmarek",   "Gołębiowski"};

/* The default sales force, hand-picked so the sample reads naturally. */
static const char *const CURATED_REPS[][2] = {
    {"Łukasz", "Wójcik"},        {"Zofia", "Ząbkowska"},     {"Michał", "Żurawski"},
    {"Agnieszka", "Łęcka"},      {"Katarzyna", "Kowalczyk"}, {"Piotr", "Wiśniewski"},
    {"Małgorzata", "Dąbrowska"}, {"Tomasz", "Lewandowski"},  {"Joanna", "Kamińska"},
    {"Paweł", "Zieliński"},      {"Magdalena", "Szymańska"}, {"Marcin", "Woźniak"},
    {"Ewa", "Kozłowska"},        {"Grzegorz", "Jankowski"},  {"Aleksandra", "Mazur"},
    {"Jakub", "Kwiatkowski"},    {"Natalia", "Krawczyk"},    {"Wojciech", "Piotrowski"},
    {"Karolina", "Grabowska"},   {"Rafał", "Nowakowski"},    {"Dorota", "Pawłowska"},
    {"Szymon", "Michalski"},     {"Beata", "Nowicka"},       {"Kamil", "Adamczyk"},
    {"Łucja", "Dudek"},          {"Maciej", "Zając"},        {"Urszula", "Wieczorek"},
    {"Bartłomiej", "Jabłoński"}, {"Żaneta", "Król"},         {"Przemysław", "Stępień"}};
static const char *const CURATED_MANAGERS[][2] = {
    {"Anna", "Nowak"}, {"Krzysztof", "Sikora"}, {"Monika", "Wróblewska"}, {"Andrzej", "Czarnecki"}};
static const char *const TEAM_NAMES[] = {
    "Warszawa", "Kraków", "Gdańsk",    "Enterprise", "Wrocław", "Poznań",  "Łódź",  "Katowice",
    "Szczecin", "Lublin", "Bydgoszcz", "Białystok",  "Rzeszów", "Olsztyn", "Toruń", "Kielce"};
#define ENTERPRISE_TEAM 3
/* Owners of some leads who have left the company: not in the roster. */
static const char *const FORMER_REPS[] = {"kdziedzic", "jmroczek", "abielecka", "tsobieraj"};

static const struct {
    const char *utf8;
    char ascii;
} FOLD[] = {{"ą", 'a'}, {"ć", 'c'}, {"ę", 'e'}, {"ł", 'l'}, {"ń", 'n'}, {"ó", 'o'},
            {"ś", 's'}, {"ź", 'z'}, {"ż", 'z'}, {"Ą", 'A'}, {"Ć", 'C'}, {"Ę", 'E'},
            {"Ł", 'L'}, {"Ń", 'N'}, {"Ó", 'O'}, {"Ś", 'S'}, {"Ź", 'Z'}, {"Ż", 'Z'}};

/* Lower-case ASCII of a Polish UTF-8 text: letters and digits kept, diacritics
 * folded, every other run of characters becomes one `sep` (none when sep is 0).
 * Appends to out (capacity cap, NUL-terminated). */
static void fold(const char *in, char sep, char *out, size_t cap)
{
    size_t n = strlen(out);
    bool gap = false;
    while (*in && n + 2 < cap) {
        char c = 0;
        size_t len = 1;
        for (size_t i = 0; i < COUNT(FOLD) && !c; i++)
            if (!strncmp(in, FOLD[i].utf8, strlen(FOLD[i].utf8))) {
                c = FOLD[i].ascii;
                len = strlen(FOLD[i].utf8);
            }
        if (!c)
            c = *in;
        in += len;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (gap && sep && n)
                out[n++] = sep;
            out[n++] = c;
            gap = false;
        } else {
            gap = true;
        }
    }
    out[n] = 0;
}

static void person_name(rng *r, char *first, size_t fcap, char *last, size_t lcap)
{
    bool female = chance(r, 0.5);
    snprintf(first, fcap, "%s", female ? PICK(r, FEMALE) : PICK(r, MALE));
    snprintf(last, lcap, "%s", PICK(r, SURNAMES));
    size_t n = strlen(last);
    if (female && n > 2 && !strcmp(last + n - 2, "ki"))
        last[n - 1] = 'a';
}

/* ---- the company: teams and reps ----------------------------------------- */

typedef struct team {
    const char *name;
    char manager[96];
    char manager_email[96];
    int mql_target; /* monthly */
    int first_rep, rep_count;
} team;

typedef struct rep {
    char id[64];
    char name[96];
    char email[96];
    int team;
    int mql_target; /* monthly; 0 = not set in the roster */
    double weight;  /* relative share of routed leads */
    /* Behaviour: each probability drives one KPI of this rep. */
    double p_within_sla, p_never_touch, p_comply, p_sal, p_sql, p_win, p_no_reason;
} rep;

typedef struct world {
    const options *opt;
    int64_t start, horizon; /* wall seconds; the data ends before horizon */
    int first_year, last_year;
    calendar cal;
    team *teams;
    int nteams;
    rep *reps;
    int nreps;
    double *rep_cdf; /* cumulative routing weights */
    const char *former[COUNT(FORMER_REPS)];
    char former_buf[COUNT(FORMER_REPS)][48];
} world;

static bool rep_id_taken(const world *w, int upto, const char *id)
{
    for (int i = 0; i < upto; i++)
        if (!strcmp(w->reps[i].id, id))
            return true;
    return false;
}

static void build_reps(world *w, rng *r)
{
    int n = w->nreps;
    for (int i = 0; i < n; i++) {
        rep *p = &w->reps[i];
        char first[32], last[48], base[40] = "", mail[64] = "";
        if ((size_t)i < COUNT(CURATED_REPS)) {
            snprintf(first, sizeof first, "%s", CURATED_REPS[i][0]);
            snprintf(last, sizeof last, "%s", CURATED_REPS[i][1]);
        } else {
            person_name(r, first, sizeof first, last, sizeof last);
        }
        snprintf(p->name, sizeof p->name, "%s %s", first, last);
        char initial[8];
        snprintf(initial, sizeof initial, "%.*s", (unsigned char)first[0] >= 0x80 ? 2 : 1, first);
        fold(initial, 0, base, sizeof base);
        fold(last, 0, base, sizeof base);
        fold(first, 0, mail, sizeof mail);
        snprintf(mail + strlen(mail), sizeof mail - strlen(mail), ".");
        fold(last, 0, mail, sizeof mail);
        /* Namesakes get a number: jnowak, jnowak2, ...; the e-mail follows. */
        snprintf(p->id, sizeof p->id, "%s", base);
        char suffix[16] = "";
        for (int k = 2; rep_id_taken(w, i, p->id); k++) {
            snprintf(suffix, sizeof suffix, "%d", k);
            snprintf(p->id, sizeof p->id, "%s%s", base, suffix);
        }
        snprintf(p->email, sizeof p->email, "%s%s@example.pl", mail, suffix);
        /* Contiguous blocks keep each team's reps together in the roster. */
        p->team = (int)((int64_t)i * w->nteams / n);
        p->weight = (0.6 + 0.8 * unit(r)) * (p->team == ENTERPRISE_TEAM ? 0.5 : 1.0);
        /* Skewed towards good behaviour, with a tail of reps who miss the SLA. */
        double u = unit(r);
        p->p_within_sla = 0.985 - 0.45 * u * u;
        u = unit(r);
        p->p_never_touch = 0.005 + 0.05 * u * u * u;
        u = unit(r);
        p->p_comply = 0.97 - 0.5 * u * u;
        p->p_sal = 0.52 + 0.38 * unit(r);
        p->p_sql = 0.13 + 0.15 * unit(r);
        p->p_win = 0.17 + 0.28 * unit(r);
        p->p_no_reason = chance(r, 0.25) ? 0.04 + 0.2 * unit(r) : 0.0;
    }
}

/* Share of leads that become MQL, from the source mix (see SOURCES). */
static double expected_mql_share(void);

static void build_teams(world *w, rng *r)
{
    for (int t = 0; t < w->nteams; t++) {
        team *tm = &w->teams[t];
        char first[32], last[48];
        tm->name = TEAM_NAMES[t];
        if ((size_t)t < COUNT(CURATED_MANAGERS)) {
            snprintf(first, sizeof first, "%s", CURATED_MANAGERS[t][0]);
            snprintf(last, sizeof last, "%s", CURATED_MANAGERS[t][1]);
        } else {
            person_name(r, first, sizeof first, last, sizeof last);
        }
        snprintf(tm->manager, sizeof tm->manager, "%s %s", first, last);
        char mail[64] = "";
        fold(first, 0, mail, sizeof mail);
        snprintf(mail + strlen(mail), sizeof mail - strlen(mail), ".");
        fold(last, 0, mail, sizeof mail);
        snprintf(tm->manager_email, sizeof tm->manager_email, "%s@example.pl", mail);
        tm->first_rep = -1;
    }
    double total = 0;
    for (int i = 0; i < w->nreps; i++) {
        team *tm = &w->teams[w->reps[i].team];
        if (tm->first_rep < 0)
            tm->first_rep = i;
        tm->rep_count++;
        total += w->reps[i].weight;
        w->rep_cdf[i] = total;
    }
    /* Targets around each team's expected MQL volume, some set too high, so
     * attainment comes out green, amber and red. */
    static const double ambition[] = {0.95, 1.17, 1.3, 0.9, 1.0, 1.12};
    double monthly = (double)w->opt->leads * expected_mql_share() / w->opt->months;
    for (int t = 0; t < w->nteams; t++) {
        team *tm = &w->teams[t];
        double share = 0;
        for (int i = tm->first_rep; i < tm->first_rep + tm->rep_count; i++)
            share += w->reps[i].weight / total;
        int target = (int)lround(monthly * share * ambition[t % COUNT(ambition)] / 10) * 10;
        tm->mql_target = target < 10 ? 10 : target;
    }
    /* A few reps carry a personal target in the roster. */
    for (int i = 0; i < w->nreps; i++) {
        rep *p = &w->reps[i];
        if (i % 6 == 2) {
            const team *tm = &w->teams[p->team];
            p->mql_target = (int)lround(1.1 * tm->mql_target / tm->rep_count);
            if (p->mql_target < 1)
                p->mql_target = 1;
        }
    }
}

static int team_count(unsigned long reps)
{
    int n = reps <= 30 ? (int)(reps + 7) / 8 : 4 + (int)(reps - 30 + 24) / 25;
    return n > (int)COUNT(TEAM_NAMES) ? (int)COUNT(TEAM_NAMES) : n;
}

static void world_init(world *w, const options *o)
{
    memset(w, 0, sizeof *w);
    w->opt = o;
    int end_y = o->start_y + (o->start_m - 1 + o->months) / 12;
    int end_m = (o->start_m - 1 + o->months) % 12 + 1;
    int64_t first = days_from_civil(o->start_y, o->start_m, o->start_d);
    int64_t last = days_from_civil(end_y, end_m, o->start_d);
    w->start = first * DAY_S;
    w->horizon = last * DAY_S;
    w->first_year = o->start_y;
    int day;
    civil_from_days(last - 1, &w->last_year, &end_m, &day);
    /* Holidays of every year a timestamp can fall in; later ones are cut off. */
    w->cal.first_day = days_from_civil(w->first_year, 1, 1);
    w->cal.day_count = days_from_civil(w->last_year + 1, 1, 1) - w->cal.first_day;
    w->cal.holiday = xcalloc((size_t)w->cal.day_count, 1);
    for (int y = w->first_year; y <= w->last_year; y++) {
        int64_t h[14];
        for (int i = 0, n = polish_holidays(y, h); i < n; i++)
            w->cal.holiday[h[i] - w->cal.first_day] = 1;
    }
    w->nreps = (int)o->reps;
    w->nteams = team_count(o->reps);
    w->reps = xcalloc((size_t)w->nreps, sizeof *w->reps);
    w->teams = xcalloc((size_t)w->nteams, sizeof *w->teams);
    w->rep_cdf = xcalloc((size_t)w->nreps, sizeof *w->rep_cdf);
    rng r;
    rng_seed(&r, o->seed, 1);
    build_reps(w, &r);
    build_teams(w, &r);
    /* A former rep must stay unknown even in a very large generated roster. */
    for (size_t i = 0; i < COUNT(FORMER_REPS); i++) {
        snprintf(w->former_buf[i], sizeof w->former_buf[i], "%s", FORMER_REPS[i]);
        if (rep_id_taken(w, w->nreps, w->former_buf[i]))
            snprintf(w->former_buf[i], sizeof w->former_buf[i], "%s.old", FORMER_REPS[i]);
        w->former[i] = w->former_buf[i];
    }
}

static void world_free(world *w)
{
    free(w->cal.holiday);
    free(w->reps);
    free(w->teams);
    free(w->rep_cdf);
}

/* ---- config.json, roster.csv ---------------------------------------------- */

static void json_field(sink *s, const char *indent, const char *key, const char *val, bool comma)
{
    sink_str(s, indent);
    sink_json(s, key);
    sink_str(s, ": ");
    sink_json(s, val);
    sink_str(s, comma ? ",\n" : "\n");
}

static bool write_config(const world *w)
{
    sink *s = sink_open(w->opt->out, "config.json");
    sink_str(s, "{\n");
    json_field(s, "  ", "company", "Kruszwil Systemy sp. z o.o.", true);
    json_field(s, "  ", "language", "pl", true);
    json_field(s, "  ", "timezone", "Europe/Warsaw", true);
    sink_str(s, "  \"calendar\": {\n"
                "    \"workdays\": [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"],\n"
                "    \"open\": \"09:00\",\n"
                "    \"close\": \"17:00\",\n"
                "    \"holidays\": [");
    int count = 0;
    for (int y = w->first_year; y <= w->last_year; y++) {
        int64_t h[14];
        for (int i = 0, n = polish_holidays(y, h); i < n; i++, count++) {
            sink_str(s, count == 0 ? "\n      " : count % 7 ? ", " : ",\n      ");
            char *p = sink_room(s, 12);
            p[0] = p[11] = '"';
            format_date(p + 1, h[i]);
        }
    }
    sink_str(s, "\n    ]\n  },\n");
    sink_str(s, "  \"sla\": {\n    \"response_minutes\": ");
    sink_uint(s, RESPONSE_MINUTES, 1);
    sink_str(s, ",\n    \"attempt_window_days\": ");
    sink_uint(s, ATTEMPT_WINDOW_DAYS, 1);
    sink_str(s, ",\n    \"min_attempts\": ");
    sink_uint(s, MIN_ATTEMPTS, 1);
    sink_str(s, ",\n    \"amber_tolerance\": 0.10,\n"
                "    \"targets\": {\n"
                "      \"sal_rate\": 0.70,\n"
                "      \"mql_to_sql_rate\": 0.20,\n"
                "      \"response_within_sla_rate\": 0.90,\n"
                "      \"attempts_compliance_rate\": 0.80,\n"
                "      \"returned_with_reason_rate\": 1.0,\n"
                "      \"win_rate\": 0.30\n"
                "    }\n  },\n"
                "  \"teams\": [\n");
    for (int t = 0; t < w->nteams; t++) {
        const team *tm = &w->teams[t];
        sink_str(s, "    { \"name\": ");
        sink_json(s, tm->name);
        sink_str(s, ", \"mql_target_monthly\": ");
        sink_uint(s, (uint64_t)tm->mql_target, 1);
        sink_str(s, ",\n      \"manager\": { \"name\": ");
        sink_json(s, tm->manager);
        sink_str(s, ", \"email\": ");
        sink_json(s, tm->manager_email);
        sink_str(s, t + 1 < w->nteams ? " } },\n" : " } }\n");
    }
    sink_str(s, "  ],\n");
    json_field(s, "  ", "roster", "roster.csv", true);
    sink_str(s, "  \"inputs\": {\n"
                "    \"leads\": { \"path\": \"leads.csv\", \"profile\": \"canonical\" },\n"
                "    \"activities\": { \"path\": \"activities.csv\", \"profile\": \"canonical\" "
                "},\n"
                "    \"marketing_events\": { \"path\": \"ma_events.jsonl\" }\n"
                "  },\n"
                "  \"branding\": { \"logo\": \"logo.png\", \"primary_color\": \"#1F4E79\", "
                "\"font\": \"DejaVuSans\" },\n"
                "  \"recipients\": { \"management\": [\"zarzad@example.pl\", "
                "\"dyrektor.handlowy@example.pl\"], \"managers\": true, \"reps\": true },\n"
                "  \"smtp\": {\n");
    json_field(s, "    ", "url", "smtps://smtp.example.pl:465", true);
    json_field(s, "    ", "from", "raporty@example.pl", true);
    json_field(s, "    ", "username_env", "SLAPACK_SMTP_USER", true);
    json_field(s, "    ", "password_env", "SLAPACK_SMTP_PASSWORD", false);
    sink_str(s, "  }\n}\n");
    return sink_close(s);
}

static bool write_roster(const world *w)
{
    sink *s = sink_open(w->opt->out, "roster.csv");
    sink_str(s, "rep,name,team,email,mql_target_monthly\n");
    for (int i = 0; i < w->nreps; i++) {
        const rep *p = &w->reps[i];
        sink_csv(s, p->id);
        sink_char(s, ',');
        sink_csv(s, p->name);
        sink_char(s, ',');
        sink_csv(s, w->teams[p->team].name);
        sink_char(s, ',');
        sink_csv(s, p->email);
        sink_char(s, ',');
        if (p->mql_target)
            sink_uint(s, (uint64_t)p->mql_target, 1);
        sink_char(s, '\n');
    }
    return sink_close(s);
}

/* ---- logo.png ---------------------------------------------------------------- */

/* A 240×80 two-bit palette PNG: a diamond mark and "KRUSZWIL / SYSTEMY" in a
 * 5×7 pixel font. The image data is deflate-"stored" (no compression), so no
 * zlib is needed; at two bits a pixel it is still under 5 KiB. */
#define LOGO_W 240
#define LOGO_H 80
#define LOGO_ROW (LOGO_W / 4 + 1)

enum { INK_CLEAR, INK_BRAND, INK_LIGHT, INK_DARK };

static const struct {
    char c;
    unsigned char rows[7];
} GLYPHS[] = {
    {'K', {0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11}},
    {'R', {0x1E, 0x11, 0x11, 0x1E, 0x14, 0x12, 0x11}},
    {'U', {0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E}},
    {'S', {0x0F, 0x10, 0x10, 0x0E, 0x01, 0x01, 0x1E}},
    {'Z', {0x1F, 0x01, 0x02, 0x04, 0x08, 0x10, 0x1F}},
    {'W', {0x11, 0x11, 0x11, 0x15, 0x15, 0x15, 0x0A}},
    {'I', {0x0E, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0E}},
    {'L', {0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1F}},
    {'Y', {0x11, 0x11, 0x0A, 0x04, 0x04, 0x04, 0x04}},
    {'T', {0x1F, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04}},
    {'E', {0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x1F}},
    {'M', {0x11, 0x1B, 0x15, 0x15, 0x11, 0x11, 0x11}},
};

static void logo_text(unsigned char px[LOGO_H][LOGO_W], const char *text, int x, int y, int scale,
                      unsigned char ink)
{
    for (; *text; text++, x += 6 * scale)
        for (size_t g = 0; g < COUNT(GLYPHS); g++)
            if (GLYPHS[g].c == *text)
                for (int row = 0; row < 7 * scale; row++)
                    for (int col = 0; col < 5 * scale; col++)
                        if (GLYPHS[g].rows[row / scale] & (0x10 >> (col / scale)))
                            px[y + row][x + col] = ink;
}

static uint32_t crc32_update(uint32_t crc, const unsigned char *p, size_t n)
{
    static uint32_t table[256];
    if (!table[1])
        for (uint32_t i = 0; i < 256; i++) {
            uint32_t c = i;
            for (int k = 0; k < 8; k++)
                c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
    crc = ~crc;
    while (n--)
        crc = table[(crc ^ *p++) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

static void put_be32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

static void png_chunk(sink *s, const char *type, const unsigned char *data, uint32_t len)
{
    unsigned char head[8];
    put_be32(head, len);
    memcpy(head + 4, type, 4);
    sink_mem(s, (const char *)head, 8);
    sink_mem(s, (const char *)data, len);
    uint32_t crc = crc32_update(crc32_update(0, head + 4, 4), data, len);
    put_be32(head, crc);
    sink_mem(s, (const char *)head, 4);
}

static bool write_logo(const world *w)
{
    static unsigned char px[LOGO_H][LOGO_W];
    memset(px, INK_CLEAR, sizeof px);
    for (int y = 0; y < LOGO_H; y++)
        for (int x = 0; x < 80; x++) {
            int d = abs(x - 40) + abs(y - 40);
            if (d <= 32)
                px[y][x] = d <= 14 ? INK_LIGHT : d <= 18 ? INK_CLEAR : INK_BRAND;
        }
    logo_text(px, "KRUSZWIL", 88, 14, 3, INK_BRAND);
    logo_text(px, "SYSTEMY", 88, 46, 2, INK_DARK);

    /* zlib stream: header, one final stored block, Adler-32 of the raw rows. */
    enum { RAW = LOGO_H * LOGO_ROW };
    static unsigned char z[2 + 5 + RAW + 4];
    unsigned char *raw = z + 7;
    for (int y = 0; y < LOGO_H; y++) {
        unsigned char *row = raw + y * LOGO_ROW;
        row[0] = 0; /* filter: none */
        for (int x = 0; x < LOGO_W; x++)
            row[1 + x / 4] = (unsigned char)(row[1 + x / 4] << 2 | px[y][x]);
    }
    uint32_t a = 1, b = 0;
    for (int i = 0; i < RAW; i++) {
        a = (a + raw[i]) % 65521;
        b = (b + a) % 65521;
    }
    z[0] = 0x78;
    z[1] = 0x01;
    z[2] = 1; /* BFINAL, BTYPE = stored */
    z[3] = RAW & 0xFF;
    z[4] = RAW >> 8;
    z[5] = (unsigned char)~z[3];
    z[6] = (unsigned char)~z[4];
    put_be32(z + 7 + RAW, b << 16 | a);

    static const unsigned char ihdr[13] = {0, 0, 0, LOGO_W, 0, 0, 0, LOGO_H, 2, 3, 0, 0, 0};
    static const unsigned char plte[12] = {0xFF, 0xFF, 0xFF, 0x1F, 0x4E, 0x79,
                                           0x5B, 0x9B, 0xD5, 0x40, 0x40, 0x40};
    static const unsigned char trns[1] = {0}; /* palette entry 0 is transparent */
    sink *s = sink_open(w->opt->out, "logo.png");
    sink_mem(s, "\x89PNG\r\n\x1a\n", 8);
    png_chunk(s, "IHDR", ihdr, sizeof ihdr);
    png_chunk(s, "PLTE", plte, sizeof plte);
    png_chunk(s, "tRNS", trns, sizeof trns);
    png_chunk(s, "IDAT", z, sizeof z);
    png_chunk(s, "IEND", NULL, 0);
    return sink_close(s);
}

/* ---- leads: sources, companies, contacts ------------------------------------ */

typedef struct source {
    const char *name;
    int weight;
    double p_mql;
    bool form; /* the MA records a form submission when the lead arrives */
    const char *campaigns[3];
} source;

/* Campaign "" = none recorded; NULL ends the list. Newsletter campaigns are
 * named after the month. Some names carry quotes and commas on purpose. */
static const source SOURCES[] = {
    {"Webinar",
     15,
     0.72,
     true,
     {"Webinar: KSeF 2025 bez stresu", "Webinar: Automatyzacja sprzedaży B2B",
      "Webinar: SLA marketing–sprzedaż w praktyce"}},
    {"E-book", 14, 0.52, true, {"E-book \"RODO w CRM\"", "E-book: 7 błędów w lejku sprzedaży"}},
    {"Google Ads",
     22,
     0.62,
     false,
     {"Google Ads – CRM dla MŚP", "Google Ads – brand", "Google Ads – remarketing"}},
    {"LinkedIn",
     13,
     0.60,
     false,
     {"LinkedIn Lead Gen – dyrektorzy sprzedaży", "LinkedIn – retargeting"}},
    {"Targi", 7, 0.68, false, {"Targi \"ITM Polska\", Poznań", "Targi E-commerce Warszawa"}},
    {"Strona WWW", 14, 0.74, false, {"", "Formularz kontaktowy", "Demo na żądanie"}},
    {"Polecenie", 6, 0.85, false, {"", "Program partnerski"}},
    {"Newsletter", 9, 0.48, false, {NULL}},
};

static double expected_mql_share(void)
{
    double sum = 0, total = 0;
    for (size_t i = 0; i < COUNT(SOURCES); i++) {
        sum += SOURCES[i].weight * SOURCES[i].p_mql;
        total += SOURCES[i].weight;
    }
    return sum / total;
}

static const char *const CORES[] = {
    "Pionier", "Wisła",   "Sokół",      "Orzeł",   "Bałtyk",   "Tatry",  "Jantar", "Mazovia",
    "Polmet",  "Elbud",   "Gryf",       "Kaszub",  "Sudety",   "Warta",  "Odra",   "Żuraw",
    "Łabędź",  "Bóbr",    "Skała",      "Dąb",     "Jawor",    "Krokus", "Rubin",  "Kormoran",
    "Świt",    "Zorza",   "Pomorzanin", "Wawel",   "Piast",    "Lech",   "Beskid", "Promyk",
    "Hetman",  "Sarmata", "Ogniwo",     "Śnieżka", "Kujawiak", "Narew",  "Bugaj",  "Rotmistrz"};
static const char *const INDUSTRIES[] = {
    "Logistyka",   "Budownictwo", "Serwis",       "Technologie", "Energia",    "Meble",
    "Transport",   "Dystrybucja", "Medical",      "Consulting",  "Automatyka", "Poligrafia",
    "Chłodnictwo", "Software",    "Okna i Drzwi", "Instalacje"};
static const char *const PREFIXES[] = {"Zakład",        "Przedsiębiorstwo", "Hurtownia",
                                       "Spółdzielnia",  "Drukarnia",        "Piekarnia",
                                       "Fabryka Mebli", "Biuro Rachunkowe", "Kancelaria",
                                       "Klinika",       "Szkoła Językowa"};
static const char *const CITIES[] = {"Łódź",
                                     "Kraków",
                                     "Warszawa",
                                     "Gdańsk",
                                     "Wrocław",
                                     "Poznań",
                                     "Szczecin",
                                     "Bydgoszcz",
                                     "Lublin",
                                     "Białystok",
                                     "Katowice",
                                     "Gdynia",
                                     "Częstochowa",
                                     "Radom",
                                     "Toruń",
                                     "Kielce",
                                     "Rzeszów",
                                     "Olsztyn",
                                     "Zielona Góra",
                                     "Opole",
                                     "Płock",
                                     "Elbląg",
                                     "Gorzów Wielkopolski",
                                     "Bielsko-Biała",
                                     "Żory",
                                     "Łomża",
                                     "Świdnica",
                                     "Nowy Sącz"};
static const char *const FREEMAIL[] = {"gmail.com", "wp.pl", "onet.pl", "o2.pl", "interia.pl"};

/* A Polish company name and its web domain. */
static void make_company(rng *r, char *name, size_t cap, char *domain, size_t dcap)
{
    const char *core = PICK(r, CORES), *city = PICK(r, CITIES);
    char first[32], last[48];
    double u = unit(r);
    domain[0] = 0;
    if (u < 0.35) {
        const char *ind = PICK(r, INDUSTRIES);
        snprintf(name, cap, "%s %s sp. z o.o.", core, ind);
        fold(core, '-', domain, dcap);
        snprintf(domain + strlen(domain), dcap - strlen(domain), "-");
        fold(ind, '-', domain, dcap);
    } else if (u < 0.50) {
        snprintf(name, cap, "%s S.A.", core);
        fold(core, '-', domain, dcap);
        snprintf(domain + strlen(domain), dcap - strlen(domain), "-sa");
    } else if (u < 0.64) {
        /* Quotes and a comma: needs RFC 4180 quoting in the CSV. */
        snprintf(name, cap, "%s \"%s\", %s", PICK(r, PREFIXES), core, city);
        fold(core, '-', domain, dcap);
        snprintf(domain + strlen(domain), dcap - strlen(domain), "-");
        fold(city, '-', domain, dcap);
    } else if (u < 0.72) {
        person_name(r, first, sizeof first, last, sizeof last);
        snprintf(name, cap, "Przedsiębiorstwo Produkcyjno-Handlowo-Usługowe \"%s\" %s %s", core,
                 first, last);
        snprintf(domain, dcap, "pphu-");
        fold(core, '-', domain, dcap);
    } else if (u < 0.86) {
        person_name(r, first, sizeof first, last, sizeof last);
        snprintf(name, cap, "%s i Wspólnicy sp.k.", last);
        fold(last, '-', domain, dcap);
        snprintf(domain + strlen(domain), dcap - strlen(domain), "-wspolnicy");
    } else {
        const char *other = PICK(r, CORES);
        snprintf(name, cap, "%s-%s sp.j.", core, other);
        fold(core, '-', domain, dcap);
        snprintf(domain + strlen(domain), dcap - strlen(domain), "-");
        fold(other, '-', domain, dcap);
    }
    snprintf(domain + strlen(domain), dcap - strlen(domain), ".pl");
}

/* Open-addressing set of e-mail hashes, so that every lead's e-mail is unique
 * and marketing events that carry only the e-mail join one lead. */
typedef struct email_set {
    uint64_t *slot;
    size_t mask;
} email_set;

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 0xCBF29CE484222325u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001B3u;
    return h ? h : 1;
}

/* Inserts s; false when it was already there. */
static bool email_set_add(email_set *e, const char *s)
{
    uint64_t h = fnv1a(s);
    for (size_t i = h & e->mask;; i = (i + 1) & e->mask) {
        if (e->slot[i] == h)
            return false;
        if (!e->slot[i]) {
            e->slot[i] = h;
            return true;
        }
    }
}

static void make_email(rng *r, email_set *seen, const char *domain, char *out, size_t cap)
{
    char first[32], last[48], local[64] = "";
    person_name(r, first, sizeof first, last, sizeof last);
    bool freemail = chance(r, 0.12);
    if (!freemail && chance(r, 0.3)) {
        char initial[8];
        snprintf(initial, sizeof initial, "%.*s", (unsigned char)first[0] >= 0x80 ? 2 : 1, first);
        fold(initial, 0, local, sizeof local);
    } else {
        fold(first, 0, local, sizeof local);
    }
    snprintf(local + strlen(local), sizeof local - strlen(local), ".");
    fold(last, '-', local, sizeof local);
    const char *dom = freemail ? PICK(r, FREEMAIL) : domain;
    snprintf(out, cap, "%s@%s", local, dom);
    for (int k = 2; !email_set_add(seen, out); k++)
        snprintf(out, cap, "%s%d@%s", local, k, dom);
}

/* ---- leads: the funnel ---------------------------------------------------------- */

enum { T_CALL, T_EMAIL, T_MEETING, T_SOCIAL, T_OTHER };
static const char *const TOUCH_TYPES[] = {"call", "email", "meeting", "social", "other"};

static const weighted CALL_OUTCOMES[] = {{"no_answer", 30},   {"connected", 22}, {"voicemail", 14},
                                         {"nie odbiera", 10}, {"busy", 6},       {"oddzwonić", 6},
                                         {"wrong_number", 2}, {"", 10}};
static const weighted EMAIL_OUTCOMES[] = {
    {"sent", 60}, {"replied", 14}, {"wysłano", 10}, {"bounced", 3}, {"", 13}};
static const weighted SOCIAL_OUTCOMES[] = {
    {"connection_request", 40}, {"inmail", 30}, {"message", 20}, {"", 10}};
static const weighted MEETING_OUTCOMES[] = {
    {"held", 50}, {"odbyte", 25}, {"no_show", 10}, {"przełożone", 15}};
static const weighted OTHER_OUTCOMES[] = {{"note", 50}, {"notatka", 30}, {"", 20}};

static const weighted RECYCLE_REASONS[] = {{"Brak budżetu", 24},
                                           {"Zły termin", 20},
                                           {"Brak kontaktu", 18},
                                           {"Brak decyzyjności", 10},
                                           {"Projekt wstrzymany", 8},
                                           {"Wybrali konkurencję", 6},
                                           {"Brak budżetu, wrócić w Q4", 4},
                                           {"Za wcześnie – nurturing", 10}};
static const weighted REJECT_REASONS[] = {{"Poza ICP", 30},
                                          {"Duplikat", 12},
                                          {"Błędne dane kontaktowe", 18},
                                          {"Student / osoba prywatna", 10},
                                          {"Konkurencja", 8},
                                          {"Firma zbyt mała", 22}};
static const weighted SPAM_REASONS[] = {
    {"Spam / dane fikcyjne", 5}, {"Student / osoba prywatna", 3}, {"Konkurencja", 2}};

typedef struct touch {
    int64_t at;
    int type;
    const char *outcome;
    const char *rep;
} touch;

/* Planted data-quality problems, one bit each, at most one kind per lead. */
enum {
    DQ_BLANK_OWNER = 1,
    DQ_UNKNOWN_OWNER = 2,
    DQ_SQL_BEFORE_MQL = 4,
    DQ_DUPLICATE = 8,
    DQ_TOUCH_BEFORE_CREATED = 16,
    DQ_TOUCH_UNKNOWN_LEAD = 32,
    DQ_MULTILINE_COMPANY = 64,
};

typedef struct lead {
    unsigned long num;
    char email[192];
    char company[256];
    char campaign[96];
    const source *src;
    const rep *worker; /* whose behaviour shapes the lead (the routed rep) */
    const char *owner; /* what the CRM says: worker's id, "" or a former rep */
    const char *team;
    const char *touch_rep; /* who is recorded on the activities */
    int64_t created, mql, sal, sql, closed;
    const char *status;
    const char *reason;
    int64_t amount; /* cents; -1 = none */
    touch touches[MAX_TOUCHES + 4];
    int ntouches;
} lead;

typedef struct totals {
    unsigned long leads_rows, mql, sal, sql, won, lost, returned, returned_no_reason;
    unsigned long activities, events, mql_events, email_only_events, shifted_mql_events;
    unsigned long team_mismatch;
    unsigned long planted[7];
} totals;

typedef struct gen {
    const world *w;
    rng r;
    sink *leads, *acts, *events;
    email_set seen;
    int64_t *created; /* every lead's creation time, sorted */
    unsigned char *dq;
    uint64_t next_activity;
    totals tot;
} gen;

static void add_touch(lead *L, int64_t at, int type, const char *outcome, const char *rep)
{
    if (L->ntouches < (int)COUNT(L->touches))
        L->touches[L->ntouches++] = (touch){at, type, outcome, rep};
}

static const char *outcome_for(rng *r, int type)
{
    switch (type) {
    case T_CALL:
        return pick_weighted(r, CALL_OUTCOMES, COUNT(CALL_OUTCOMES));
    case T_EMAIL:
        return pick_weighted(r, EMAIL_OUTCOMES, COUNT(EMAIL_OUTCOMES));
    case T_MEETING:
        return pick_weighted(r, MEETING_OUTCOMES, COUNT(MEETING_OUTCOMES));
    case T_SOCIAL:
        return pick_weighted(r, SOCIAL_OUTCOMES, COUNT(SOCIAL_OUTCOMES));
    default:
        return pick_weighted(r, OTHER_OUTCOMES, COUNT(OTHER_OUTCOMES));
    }
}

static int attempt_type(rng *r)
{
    double u = unit(r);
    return u < 0.55 ? T_CALL : u < 0.87 ? T_EMAIL : u < 0.96 ? T_SOCIAL : T_OTHER;
}

/* A sales attempt; now and then a colleague from the same team makes it. */
static void add_attempt(gen *g, lead *L, int64_t at)
{
    const char *who = L->touch_rep;
    if (L->worker->id == who && chance(&g->r, 0.04)) {
        const team *tm = &g->w->teams[L->worker->team];
        who = g->w->reps[tm->first_rep + range(&g->r, 0, tm->rep_count - 1)].id;
    }
    int type = attempt_type(&g->r);
    add_touch(L, at, type, outcome_for(&g->r, type), who);
}

/* Business seconds from MQL to the first touch: inside the SLA with the rep's
 * probability (often within minutes), else hours to days late. */
static int64_t first_delay(rng *r, const rep *p)
{
    if (chance(r, p->p_within_sla)) {
        if (chance(r, 0.15))
            return range(r, 60, 600);
        double m = expo(r, 50.0 * MIN_S);
        return (int64_t)(m < 230.0 * MIN_S ? m : 230.0 * MIN_S) + range(r, 0, 59);
    }
    double late = RESPONSE_MINUTES * MIN_S + lognormal(r, 300.0 * MIN_S, 1.0);
    return late < 15.0 * WORKDAY_S ? (int64_t)late : 15 * (int64_t)WORKDAY_S;
}

static void sort_i64(int64_t *a, int n)
{
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && a[j - 1] > a[j]; j--) {
            int64_t t = a[j];
            a[j] = a[j - 1];
            a[j - 1] = t;
        }
}

static void set_return(gen *g, lead *L, int64_t at, bool recycled)
{
    if (at >= g->w->horizon)
        return; /* not returned yet when the data was exported */
    L->status = recycled ? "recycled" : "rejected";
    L->reason = chance(&g->r, L->worker->p_no_reason) ? ""
                : recycled ? pick_weighted(&g->r, RECYCLE_REASONS, COUNT(RECYCLE_REASONS))
                           : pick_weighted(&g->r, REJECT_REASONS, COUNT(REJECT_REASONS));
}

/* What sales does with an MQL: first touch, attempts, SAL, SQL, close or return. */
static void work_mql(gen *g, lead *L, bool force_sql)
{
    rng *r = &g->r;
    const calendar *cal = &g->w->cal;
    const rep *p = L->worker;
    int64_t H = g->w->horizon;

    if (!force_sql && chance(r, p->p_never_touch)) {
        if (chance(r, 0.3))
            set_return(g, L, biz_add(cal, L->mql, range(r, 1, 5) * WORKDAY_S), false);
        return;
    }
    int64_t d1 = first_delay(r, p);
    /* Attempt offsets (business seconds after MQL), bunched early in the window. */
    int64_t off[MAX_TOUCHES];
    int n = chance(r, p->p_comply) ? MIN_ATTEMPTS + (int)range(r, 0, 2) + (int)range(r, 0, 2)
                                   : 2 + (int)range(r, 0, MIN_ATTEMPTS - 3);
    off[0] = d1;
    for (int k = 1; k < n; k++) {
        double u = unit(r);
        off[k] = d1 < WINDOW_S - HOUR_S
                     ? d1 + (int64_t)((double)(WINDOW_S - HOUR_S - d1) * pow(u, 1.5))
                     : d1 + (int64_t)(u * 5 * WORKDAY_S);
    }
    sort_i64(off, n);

    bool sal = force_sql || chance(r, fmin(0.98, p->p_sal / (1 - p->p_never_touch)));
    bool sql = sal && (force_sql || chance(r, fmin(0.9, p->p_sql / p->p_sal)));
    int64_t sql_off = 0;
    if (sql) {
        /* The call that books the meeting is the last attempt before the SQL. */
        n = 1 + (int)range(r, 0, (n < 4 ? n : 4) - 1);
        sql_off = off[n - 1] + range(r, 10 * MIN_S, 6 * HOUR_S);
        L->sql = biz_add(cal, L->mql, sql_off);
    }
    if (sal) {
        /* Accepted on review before the first touch, or after the first talk;
         * never after the SQL. */
        int64_t at =
            chance(r, 0.5) ? (int64_t)(unit(r) * (double)d1) : d1 + range(r, MIN_S, 4 * HOUR_S);
        L->sal = biz_add(cal, L->mql, sql && at > sql_off - MIN_S ? sql_off - MIN_S : at);
    }
    for (int k = 0; k < n; k++) {
        int64_t at = biz_add(cal, L->mql, off[k]);
        bool books = sql && k == n - 1;
        /* Some follow-ups go out after hours; the first touch stays in hours. */
        if (k > 0 && !books && chance(r, 0.05))
            at = at / DAY_S * DAY_S + CLOSE_S + range(r, 10 * MIN_S, 4 * HOUR_S);
        if (books) {
            add_touch(L, at, T_CALL, chance(r, 0.7) ? "meeting_booked" : "umówione spotkanie",
                      L->touch_rep);
        } else {
            add_attempt(g, L, at);
        }
    }
    if (sal && L->sal >= H) {
        L->sal = NO_TIME;
        sql = false;
    }
    if (sql && L->sql >= H)
        sql = false;
    if (!sql)
        L->sql = NO_TIME;
    int64_t last = biz_add(cal, L->mql, off[n - 1]);

    if (sql) {
        int64_t meet = biz_add(cal, L->sql, range(r, 1, 5) * WORKDAY_S + range(r, 0, 3 * HOUR_S));
        add_touch(L, meet, T_MEETING, chance(r, 0.7) ? "held" : "odbyte", L->touch_rep);
        int64_t offer = biz_add(cal, meet, range(r, 1, 3) * WORKDAY_S + range(r, 0, HOUR_S));
        add_touch(L, offer, T_EMAIL, chance(r, 0.5) ? "proposal_sent" : "wysłano ofertę",
                  L->touch_rep);
        for (int k = (int)range(r, 1, 3); k > 0; k--)
            add_attempt(g, L, offer = biz_add(cal, offer, range(r, 1, 4) * WORKDAY_S));
        int64_t cents =
            (int64_t)lognormal(r, 24000.0, 0.75) * (p->team == ENTERPRISE_TEAM ? 4 : 1) * 100;
        cents = chance(r, 0.9) ? cents / 10000 * 10000 + 10000 : cents + range(r, 1, 99);
        L->amount = cents;
        if (chance(r, 0.15))
            return; /* the deal stalls and stays open */
        int64_t close = biz_add(
            cal, L->sql, (int64_t)(lognormal(r, 12.0, 0.6) * WORKDAY_S) + range(r, 0, HOUR_S));
        if (close < H) {
            L->closed = close;
            L->status = chance(r, p->p_win) ? "won" : "lost";
        }
        return;
    }
    int64_t ret = biz_add(cal, last, range(r, 1, 3) * WORKDAY_S);
    double u = unit(r);
    if (L->sal == NO_TIME) {
        if (u < 0.7)
            set_return(g, L, ret, u >= 0.35);
        return;
    }
    if (u < 0.25) {
        set_return(g, L, ret, u >= 0.04);
        return;
    }
    /* Still being worked: a late follow-up or two. */
    if (chance(r, 0.7))
        for (int k = (int)range(r, 1, 3); k > 0; k--)
            add_attempt(g, L, biz_add(cal, L->mql, WINDOW_S + range(r, 1, 15) * WORKDAY_S));
}

/* Time of the MQL: the scoring run right after the inquiry, or days later when
 * engagement (e-mail clicks, visits) tips the score, mostly on working days. */
static int64_t mql_time(rng *r, int64_t created)
{
    if (chance(r, 0.45))
        return created + range(r, MIN_S, 20 * MIN_S);
    int64_t day = created / DAY_S + 1 + (int64_t)expo(r, 5.0);
    if (weekday(day) >= 5 && chance(r, 0.7))
        day += 7 - weekday(day);
    int64_t sod = chance(r, 0.85) ? range(r, OPEN_S, CLOSE_S - 1) : range(r, CLOSE_S, DAY_S - 1);
    return real_wall(day * DAY_S + sod);
}

static void make_lead(gen *g, unsigned long i, lead *L)
{
    const world *w = g->w;
    rng *r = &g->r;
    unsigned char dq = g->dq[i];
    L->num = i + 1;
    L->created = g->created[i];
    L->mql = L->sal = L->sql = L->closed = NO_TIME;
    L->status = "open";
    L->reason = "";
    L->amount = -1;
    L->ntouches = 0;

    int total = 0;
    for (size_t k = 0; k < COUNT(SOURCES); k++)
        total += SOURCES[k].weight;
    int x = (int)range(r, 0, total - 1);
    size_t s = 0;
    while ((x -= SOURCES[s].weight) >= 0)
        s++;
    L->src = &SOURCES[s];
    if (L->src->campaigns[0]) {
        size_t nc = 0;
        while (nc < COUNT(L->src->campaigns) && L->src->campaigns[nc])
            nc++;
        snprintf(L->campaign, sizeof L->campaign, "%s", L->src->campaigns[range(r, 0, nc - 1)]);
    } else {
        int y, m, d;
        civil_from_days(L->created / DAY_S, &y, &m, &d);
        snprintf(L->campaign, sizeof L->campaign, "Newsletter %04d-%02d", y, m);
    }

    /* Routing: reps get leads in proportion to their weight. */
    double u = unit(r) * w->rep_cdf[w->nreps - 1];
    int lo = 0, hi = w->nreps - 1;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (w->rep_cdf[mid] > u)
            hi = mid;
        else
            lo = mid + 1;
    }
    L->worker = &w->reps[lo];
    L->owner = L->touch_rep = L->worker->id;
    L->team = w->teams[L->worker->team].name;
    if (chance(r, 0.005)) {
        /* The export's team column is stale for a few leads; the roster decides. */
        L->team = w->teams[(L->worker->team + 1) % w->nteams].name;
        g->tot.team_mismatch += w->nteams > 1;
    }
    if (dq & DQ_BLANK_OWNER)
        L->owner = L->team = "";
    if (dq & DQ_UNKNOWN_OWNER)
        L->owner = L->touch_rep = w->former[i % COUNT(FORMER_REPS)];

    char domain[96];
    make_company(r, L->company, sizeof L->company, domain, sizeof domain);
    if (dq & DQ_MULTILINE_COMPANY)
        snprintf(L->company, sizeof L->company,
                 "Centrum Medyczne \"Zdrowie\" sp. z o.o.\nOddział Gdynia");
    make_email(r, &g->seen, domain, L->email, sizeof L->email);

    bool force_sql = dq & DQ_SQL_BEFORE_MQL;
    const calendar *cal = &w->cal;
    if (force_sql || chance(r, L->src->p_mql)) {
        L->mql = force_sql ? L->created + range(r, MIN_S, 20 * MIN_S) : mql_time(r, L->created);
        if (L->mql >= w->horizon)
            L->mql = NO_TIME;
    }
    if (L->mql != NO_TIME) {
        /* An SDR sometimes calls an inbound lead before it is an MQL. */
        if (L->mql - L->created > DAY_S && chance(r, 0.06)) {
            int64_t at = biz_add(cal, L->created, range(r, 30 * MIN_S, WORKDAY_S));
            if (at < L->mql)
                add_attempt(g, L, at);
        }
        work_mql(g, L, force_sql);
        if (force_sql)
            L->sql = L->mql - range(r, 2 * HOUR_S, 30 * HOUR_S);
    } else {
        /* Marketing weeds out spam and students before they reach sales. */
        if (chance(r, 0.05) && biz_add(cal, L->created, range(r, 1, 3) * WORKDAY_S) < w->horizon) {
            L->status = "rejected";
            L->reason = pick_weighted(r, SPAM_REASONS, COUNT(SPAM_REASONS));
        }
        if (chance(r, 0.55)) {
            int64_t at = L->created;
            for (int k = (int)range(r, 1, 3); k > 0; k--)
                add_attempt(g, L, at = biz_add(cal, at, range(r, 10 * MIN_S, 2 * WORKDAY_S)));
        }
    }
    if (dq & DQ_TOUCH_BEFORE_CREATED)
        add_attempt(g, L, (L->created / DAY_S - 2) * DAY_S + range(r, 10 * HOUR_S, 15 * HOUR_S));
}

/* ---- leads: writing ------------------------------------------------------------ */

static void csv_time(sink *s, int64_t t)
{
    if (t != NO_TIME)
        sink_time(s, t, false);
}

static void write_lead_row(sink *s, const lead *L)
{
    sink_str(s, "L-");
    sink_uint(s, L->num, 6);
    sink_char(s, ',');
    sink_csv(s, L->email);
    sink_char(s, ',');
    sink_csv(s, L->company);
    sink_char(s, ',');
    sink_time(s, L->created, false);
    sink_char(s, ',');
    sink_csv(s, L->src->name);
    sink_char(s, ',');
    sink_csv(s, L->campaign);
    sink_char(s, ',');
    sink_csv(s, L->owner);
    sink_char(s, ',');
    sink_csv(s, L->team);
    sink_char(s, ',');
    csv_time(s, L->mql);
    sink_char(s, ',');
    csv_time(s, L->sal);
    sink_char(s, ',');
    csv_time(s, L->sql);
    sink_char(s, ',');
    csv_time(s, L->closed);
    sink_char(s, ',');
    sink_str(s, L->status);
    sink_char(s, ',');
    sink_csv(s, L->reason);
    sink_char(s, ',');
    if (L->amount >= 0)
        sink_cents(s, L->amount);
    sink_char(s, '\n');
}

static void write_activity(gen *g, unsigned long lead_num, const touch *t)
{
    sink *s = g->acts;
    sink_str(s, "A-");
    sink_uint(s, ++g->next_activity, 7);
    sink_str(s, ",L-");
    sink_uint(s, lead_num, 6);
    sink_char(s, ',');
    sink_csv(s, t->rep);
    sink_char(s, ',');
    sink_str(s, TOUCH_TYPES[t->type]);
    sink_char(s, ',');
    sink_time(s, t->at, false);
    sink_char(s, ',');
    sink_csv(s, t->outcome);
    sink_char(s, '\n');
    g->tot.activities++;
}

static void write_touches(gen *g, lead *L)
{
    touch *t = L->touches;
    for (int i = 1; i < L->ntouches; i++)
        for (int j = i; j > 0 && t[j - 1].at > t[j].at; j--) {
            touch tmp = t[j];
            t[j] = t[j - 1];
            t[j - 1] = tmp;
        }
    for (int i = 0; i < L->ntouches && i < MAX_TOUCHES; i++)
        if (t[i].at < g->w->horizon)
            write_activity(g, L->num, &t[i]);
    if (g->dq[L->num - 1] & DQ_TOUCH_UNKNOWN_LEAD) {
        /* A touch on a lead deleted from the CRM: its id is past every real one. */
        touch ghost = {biz_add(&g->w->cal, L->created, range(&g->r, MIN_S, WORKDAY_S)), T_CALL,
                       "no_answer", L->touch_rep};
        if (ghost.at < g->w->horizon)
            write_activity(g, g->w->opt->leads + L->num, &ghost);
    }
}

/* How the MA spells the e-mail of a lead it knows only by e-mail. */
static void mangle_email(rng *r, const char *in, char *out, size_t cap)
{
    int style = (int)range(r, 0, 2);
    size_t n = 0;
    if (style == 2)
        out[n++] = ' ';
    bool up = true;
    for (const char *p = in; *p && n + 3 < cap; p++) {
        char c = *p;
        if (style == 0 || (style == 1 && up))
            c = c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c;
        up = c == '.' || c == '@' || c == '-';
        out[n++] = c;
    }
    if (style == 2)
        out[n++] = ' ';
    out[n] = 0;
}

/* One JSON line; false when at is past the export (no such event yet). */
static bool write_event(gen *g, const lead *L, const char *email, bool with_id, const char *event,
                        int64_t at, int score, int fit, int intent)
{
    sink *s = g->events;
    if (at >= g->w->horizon)
        return false;
    sink_char(s, '{');
    if (with_id) {
        sink_str(s, "\"lead_id\":\"L-");
        sink_uint(s, L->num, 6);
        sink_str(s, "\",");
    }
    sink_str(s, "\"email\":");
    sink_json(s, email);
    sink_str(s, ",\"event\":\"");
    sink_str(s, event);
    sink_str(s, "\",\"at\":\"");
    sink_time(s, at, true);
    sink_str(s, "\",\"score\":");
    sink_uint(s, (uint64_t)score, 1);
    if (fit >= 0) {
        sink_str(s, ",\"fit_score\":");
        sink_uint(s, (uint64_t)fit, 1);
        sink_str(s, ",\"intent_score\":");
        sink_uint(s, (uint64_t)intent, 1);
    }
    if (L->campaign[0]) {
        sink_str(s, ",\"campaign\":");
        sink_json(s, L->campaign);
    }
    sink_str(s, "}\n");
    g->tot.events++;
    return true;
}

/* The marketing-automation view of a lead: its form, a score update, its MQL. */
static void write_events(gen *g, const lead *L)
{
    rng *r = &g->r;
    char email[200];
    bool with_id = !chance(r, 0.04);
    if (with_id)
        snprintf(email, sizeof email, "%s", L->email);
    else
        mangle_email(r, L->email, email, sizeof email);
    unsigned long before = g->tot.events;
    if (L->src->form)
        write_event(g, L, email, with_id, "form", L->created + range(r, 0, 30),
                    (int)range(r, 5, 30), -1, -1);
    if (L->mql == NO_TIME) {
        int64_t at = real_wall(L->created + range(r, HOUR_S, 20 * DAY_S));
        if (chance(r, 0.1))
            write_event(g, L, email, with_id, "score", at, (int)range(r, 10, 55),
                        (int)range(r, 0, 100), (int)range(r, 0, 100));
    } else {
        if (L->mql - L->created > HOUR_S && chance(r, 0.15))
            write_event(g, L, email, with_id, "score",
                        real_wall(L->created + (int64_t)(unit(r) * (double)(L->mql - L->created))),
                        (int)range(r, 30, 59), (int)range(r, 20, 100), (int)range(r, 10, 90));
        if (chance(r, 0.92)) {
            /* A few MA timestamps differ from the CRM's: the MA wins (SPEC §3). */
            int64_t at = L->mql;
            bool shift = chance(r, 0.03);
            if (shift) {
                at += range(r, 5, 45) * MIN_S * (chance(r, 0.5) ? -1 : 1);
                at = at < L->created ? L->mql + 7 * MIN_S : at;
            }
            if (write_event(g, L, email, with_id, "mql", at, (int)range(r, 60, 98),
                            (int)range(r, 45, 100), (int)range(r, 40, 100))) {
                g->tot.mql_events++;
                g->tot.shifted_mql_events += shift;
            }
            /* A recycled lead that qualifies again: the earliest MQL still counts. */
            int64_t again = real_wall(L->mql + range(r, 20, 60) * DAY_S);
            if (!strcmp(L->status, "recycled") && chance(r, 0.05))
                g->tot.mql_events +=
                    write_event(g, L, email, with_id, "mql", again, (int)range(r, 60, 90),
                                (int)range(r, 45, 100), (int)range(r, 40, 100));
        }
    }
    if (!with_id)
        g->tot.email_only_events += g->tot.events - before;
}

static void count_lead(totals *t, const lead *L)
{
    t->mql += L->mql != NO_TIME;
    t->sal += L->sal != NO_TIME;
    t->sql += L->sql != NO_TIME;
    t->won += !strcmp(L->status, "won");
    t->lost += !strcmp(L->status, "lost");
    if (L->status[0] == 'r' && L->mql != NO_TIME) {
        t->returned++;
        t->returned_no_reason += !L->reason[0];
    }
}

/* ---- leads: when they arrive and which carry planted problems ------------------ */

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Creation times: mostly working days and hours, some evenings and weekends,
 * volume growing over the period with a dip in summer and at Christmas. */
static void creation_times(const world *w, rng *r, int64_t *out, unsigned long n)
{
    static const double season[12] = {0.9, 1.0,  1.05, 1.0, 0.95, 1.0,
                                      0.8, 0.75, 1.05, 1.1, 1.05, 0.7};
    int64_t d0 = w->start / DAY_S, days = w->horizon / DAY_S - d0;
    double *cdf = xcalloc((size_t)days, sizeof *cdf), total = 0;
    for (int64_t i = 0; i < days; i++) {
        int y, m, d;
        civil_from_days(d0 + i, &y, &m, &d);
        double wt = is_business_day(&w->cal, d0 + i) ? 1.0 : weekday(d0 + i) >= 5 ? 0.12 : 0.2;
        total += wt * season[m - 1] * (1.0 + 0.3 * (double)i / (double)days);
        cdf[i] = total;
    }
    for (unsigned long k = 0; k < n; k++) {
        double u = unit(r) * total;
        int64_t lo = 0, hi = days - 1;
        while (lo < hi) {
            int64_t mid = (lo + hi) / 2;
            if (cdf[mid] > u)
                hi = mid;
            else
                lo = mid + 1;
        }
        int64_t day = d0 + lo, sod;
        double v = unit(r);
        if (!is_business_day(&w->cal, day))
            sod = range(r, 8 * HOUR_S, 23 * HOUR_S);
        else if (v < 0.08)
            sod = range(r, 7 * HOUR_S, OPEN_S - 1);
        else if (v < 0.82)
            sod = range(r, OPEN_S, CLOSE_S - 1);
        else if (v < 0.96)
            sod = range(r, CLOSE_S, 23 * HOUR_S);
        else
            sod = range(r, 0, 7 * HOUR_S - 1);
        out[k] = real_wall(day * DAY_S + sod);
    }
    free(cdf);
    qsort(out, n, sizeof *out, cmp_i64);
}

static const unsigned long PLANT_PER[7] = {1500, 2000, 100000, 3000, 100000, 1500, 100000};
static const unsigned long PLANT_MIN[7] = {3, 3, 1, 2, 1, 3, 1};
static const char *const PLANT_NAMES[7] = {"leads with a blank owner",
                                           "leads owned by a rep not in the roster",
                                           "leads with sql_at before mql_at",
                                           "duplicated lead rows",
                                           "activities before the lead was created",
                                           "activities for unknown lead ids",
                                           "leads with a two-line company name"};

/* Which leads carry which planted problem: distinct leads, away from the
 * period's edges so the problem is visible in a normal run. */
static void plant_problems(gen *g, unsigned long n)
{
    rng r;
    rng_seed(&r, g->w->opt->seed, 3);
    for (int kind = 0; kind < 7; kind++) {
        unsigned long count = n / PLANT_PER[kind];
        count = count < PLANT_MIN[kind] ? PLANT_MIN[kind] : count;
        for (unsigned long c = 0; c < count; c++) {
            unsigned long i;
            do
                i = (unsigned long)range(&r, (int64_t)(n / 20), (int64_t)(n * 8 / 10));
            while (g->dq[i]);
            g->dq[i] = (unsigned char)(1u << kind);
            g->tot.planted[kind]++;
        }
    }
}

static void print_summary(const world *w, const totals *t)
{
    fprintf(stderr,
            "slapack-gen: %s: %d reps in %d teams; %lu leads (%lu rows), %lu MQL, %lu SAL, "
            "%lu SQL, %lu won, %lu lost, %lu returned (%lu without reason)\n",
            w->opt->out, w->nreps, w->nteams, w->opt->leads, t->leads_rows, t->mql, t->sal, t->sql,
            t->won, t->lost, t->returned, t->returned_no_reason);
    fprintf(stderr,
            "slapack-gen: %lu activities; %lu marketing events (%lu mql, %lu mql shifted from "
            "the CRM, %lu joined by e-mail only); %lu stale team columns\n",
            t->activities, t->events, t->mql_events, t->shifted_mql_events, t->email_only_events,
            t->team_mismatch);
    for (int k = 0; k < 7; k++)
        fprintf(stderr, "slapack-gen: planted: %lu %s\n", t->planted[k], PLANT_NAMES[k]);
}

static bool write_leads(const world *w)
{
    unsigned long n = w->opt->leads;
    gen g = {.w = w};
    rng_seed(&g.r, w->opt->seed, 2);
    size_t slots = 1;
    while (slots < 2 * (size_t)n + 64)
        slots <<= 1;
    g.seen.slot = xcalloc(slots, sizeof *g.seen.slot);
    g.seen.mask = slots - 1;
    g.created = xcalloc(n, sizeof *g.created);
    g.dq = xcalloc(n, 1);
    lead *L = xcalloc(1, sizeof *L);
    creation_times(w, &g.r, g.created, n);
    plant_problems(&g, n);

    g.leads = sink_open(w->opt->out, "leads.csv");
    g.acts = sink_open(w->opt->out, "activities.csv");
    g.events = sink_open(w->opt->out, "ma_events.jsonl");
    sink_str(g.leads, "lead_id,email,company,created_at,source,campaign,owner,team,mql_at,"
                      "sal_at,sql_at,closed_at,status,return_reason,amount\n");
    sink_str(g.acts, "activity_id,lead_id,rep,type,occurred_at,outcome\n");
    for (unsigned long i = 0; i < n && !g.leads->err && !g.acts->err && !g.events->err; i++) {
        make_lead(&g, i, L);
        write_lead_row(g.leads, L);
        g.tot.leads_rows++;
        if (g.dq[i] & DQ_DUPLICATE) {
            write_lead_row(g.leads, L);
            g.tot.leads_rows++;
        }
        write_touches(&g, L);
        write_events(&g, L);
        count_lead(&g.tot, L);
    }
    bool ok = sink_close(g.leads);
    ok = sink_close(g.acts) && ok;
    ok = sink_close(g.events) && ok;
    if (ok)
        print_summary(w, &g.tot);
    free(L);
    free(g.dq);
    free(g.created);
    free(g.seen.slot);
    return ok;
}

/* ---- main ------------------------------------------------------------------------ */

int main(int argc, char **argv)
{
    options o;
    int st = parse_options(argc, argv, &o);
    if (st)
        return st < 0 ? 0 : st;
    if (mkdir(o.out, 0777) && errno != EEXIST) {
        fprintf(stderr, "slapack-gen: cannot create %s: %s\n", o.out, strerror(errno));
        return 3;
    }
    world w;
    world_init(&w, &o);
    bool ok = write_config(&w) && write_roster(&w) && write_logo(&w) && write_leads(&w);
    world_free(&w);
    return ok ? 0 : 3;
}
