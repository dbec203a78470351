/*
 * test_ingest_json.c - the JSON Lines fast path of the events reader agrees
 * with Jansson on every line.
 *
 * ingest_json.c scans a flat one-object line by hand and hands everything
 * else to Jansson. Each case here is read both ways (events_diff.h) through
 * several profiles (canonical, hubspot-events, aliases and absent fields, a
 * nested object), and the two runs must produce the same events, rejections
 * and counters byte for byte. Hand-written cases also say which decoder must
 * take the line, so a fast path that declined everything could not pass;
 * generated lines (a fixed seed) mix valid records with escapes, nesting,
 * numbers of every shape, duplicate keys, invalid UTF-8, odd white space and
 * truncation. Line numbers, BOM, CRLF and blank lines are checked against
 * fixed expectations, since both runs share the line reader.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "testutil.h"

#include "config.h"
#include "dataset.h"
#include "events_diff.h"
#include "ingest_json.h"
#include "profile.h"
#include "util.h"

/* A plain record first: the reader picks array, wrapper or JSON Lines from
 * the file's first value, and the cases must be read as JSON Lines. */
#define FIRST "{\"lead_id\":\"L0\",\"event\":\"form\",\"at\":\"2025-05-05T20:00:00+02:00\"}\n"

enum { P_CANONICAL, P_HUBSPOT, P_ALIASES, P_NESTED, P_COUNT };

typedef struct world {
    sla_config *cfg;
    char *templates, *dir;
    sla_profile *profiles[P_COUNT];
} world;

static const struct {
    const char *name;  /* shipped profile, NULL = canonical */
    const char *entry; /* the input entry's overrides */
} profile_defs[P_COUNT] = {
    {NULL, "{}"},
    {"hubspot-events", "{}"},
    {NULL, "{\"columns\": {\"lead_id\": [\"Lead ID\", \"vid\"], \"email\": [\"E-mail\", \"email\"],"
           " \"score\": null}, \"values\": {\"event\": {\"mql\": [\"Marketing Qualified Lead\"]}},"
           " \"date_order\": \"dmy\", \"default_event\": \"mql\"}"},
    {NULL, "{\"columns\": {\"at\": []}, \"json_nested\": [\"properties\"]}"},
};

static int setup(void **state)
{
    world *w = calloc(1, sizeof *w);
    sla_error err = {0};
    char *cfg_path = sla_path_join(test_source_dir(), "tests/fixtures/kpi/config.json");
    if (sla_config_load(cfg_path, NULL, &w->cfg, &err) != SLA_OK)
        fail_msg("config: %s", err.text);
    free(cfg_path);
    w->templates = sla_path_join(test_source_dir(), "templates");
    w->dir = test_scratch_dir("ingest_json");
    for (int i = 0; i < P_COUNT; i++) {
        json_t *entry = json_loads(profile_defs[i].entry, 0, NULL);
        assert_non_null(entry);
        sla_input_cfg in = {.profile = (char *)profile_defs[i].name,
                            .entry = entry,
                            .json_path = "$.inputs.marketing_events"};
        if (sla_profile_load(w->cfg, &in, w->templates, &w->profiles[i], &err) != SLA_OK)
            fail_msg("profile %d: %s", i, err.text);
        json_decref(entry);
    }
    *state = w;
    return 0;
}

static int teardown(void **state)
{
    world *w = *state;
    for (int i = 0; i < P_COUNT; i++)
        sla_profile_free(w->profiles[i]);
    sla_config_free(w->cfg);
    free(w->templates);
    free(w->dir);
    free(w);
    return 0;
}

static char *write_bytes(const world *w, const char *data, size_t len)
{
    char *path = sla_path_join(w->dir, "events.jsonl");
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    return path;
}

/* Read the file both ways through every profile; the transcripts must be
 * identical. Returns the lines the fast path took with the canonical profile. */
static long agree(const world *w, const char *data, size_t len)
{
    char *path = write_bytes(w, data, len);
    long fast = 0;
    for (int p = 0; p < P_COUNT; p++) {
        events_diff d;
        events_diff_run(path, w->profiles[p], &d);
        if (d.fast.len != d.jansson.len || memcmp(d.fast.data, d.jansson.data, d.fast.len) != 0) {
            size_t i = 0;
            while (i < d.fast.len && i < d.jansson.len && d.fast.data[i] == d.jansson.data[i])
                i++;
            while (i > 0 && d.fast.data[i - 1] != '\n')
                i--;
            print_error("profile %d: the fast path and Jansson disagree\n"
                        "fast:    %.400s\njansson: %.400s\n",
                        p, d.fast.data + i, d.jansson.data + i);
            fail();
        }
        if (p == P_CANONICAL)
            fast = d.fast_lines;
        events_diff_free(&d);
    }
    free(path);
    return fast;
}

/* One case: FIRST and the line; expect_fast says whether the scanner (not
 * Jansson) must decode the line with the canonical profile. */
static void one_line(const world *w, const char *line, size_t len, bool expect_fast)
{
    sla_buf b = {0};
    sla_buf_puts(&b, FIRST);
    sla_buf_append(&b, line, len);
    long fast = agree(w, b.data, b.len);
    if (fast != 1 + expect_fast) {
        print_error("expected the %s to decode: %.*s\n", expect_fast ? "scanner" : "Jansson",
                    (int)len, line);
        fail();
    }
    sla_buf_free(&b);
}

/* clang-format off */
#define FAST(s) {s, sizeof s - 1, true}
#define SLOW(s) {s, sizeof s - 1, false}
/* clang-format on */

static const struct {
    const char *line;
    size_t len;
    bool fast;
} cases[] = {
    /* plain records, every value type */
    FAST("{\"lead_id\":\"L1\",\"email\":\"a@b.pl\",\"event\":\"mql\",\"at\":\"2025-05-05T20:00:00+"
         "02:00\","
         "\"score\":55}"),
    FAST("{\"lead_id\": 7, \"event\": \"mql\", \"at\": 1746514800}"),
    FAST("{\"lead_id\":\"L1\",\"at\":\"1746514800000\",\"score\":\"12,5\"}"),
    FAST("{\"lead_id\":-7,\"score\":-3}"),
    FAST("{\"lead_id\":0,\"score\":0}"),
    FAST("{\"lead_id\":123456789012345678,\"score\":-123456789012345678}"),
    FAST("{\"email\":\"  l6@EXAMPLE.com \",\"event\":\"score\",\"score\":80}"),
    FAST("{\"lead_id\":\"L1\",\"at\":null,\"score\":null,\"event\":null,\"email\":null}"),
    FAST("{\"lead_id\":\"L1\",\"at\":true}"),
    FAST("{\"lead_id\":\"L1\",\"at\":false,\"score\":true}"),
    FAST("{\"lead_id\":true,\"email\":false}"),
    FAST("{\"lead_id\":\"L1\",\"event\":\"mql\"}"),
    FAST("{\"lead_id\":\"L1\",\"event\":\"mql\",\"at\":\"31.02.2025 10:00\"}"),
    FAST("{\"lead_id\":\"L1\",\"at\":\"\",\"score\":\"\"}"),
    FAST("{\"lead_id\":\"L1\",\"score\":\"abc\"}"),
    FAST("{\"lead_id\":\"\",\"email\":\"\"}"),
    FAST("{}"),
    FAST("  {  }  "),
    FAST("{\"campaign\":\"x\"}"),
    FAST("{\"\":\"L1\",\"lead_id\":\"L2\"}"),
    /* JSON white space anywhere between tokens */
    FAST(" \t{ \"lead_id\" :\t\"L1\" , \"score\"\r: 5 }\t \r"),
    FAST("{\"lead_id\":\"L1\"\r,\"score\":5\r}"),
    /* UTF-8: Polish letters, a 4-byte emoji, DEL is not a control character */
    FAST("{\"lead_id\":\"\xC5\x81\xC3\xB3\x64\xC5\xBA\",\"email\":\"\xF0\x9F\x98\x80@x.pl\"}"),
    FAST("{\"lead_id\":\"a\x7F"
         "b\"}"),
    FAST("{\"za\xC5\xBC\xC3\xB3\xC5\x82\xC4\x87\":1,\"lead_id\":\"L1\"}"),
    /* simple escapes where no field reads them */
    FAST("{\"lead_id\":\"L1\",\"campaign\":\"Targi \\\"ITM\\\", \\\\ \\/ \\b\\f\\n\\r\\t\"}"),
    /* keys found by normalising (no exact member): case, spaces, quotes */
    FAST("{\"LEAD_ID\":\"L1\",\" Score \":5}"),
    FAST("{\"\xE2\x80\x9Clead_id\xE2\x80\x9D\":\"L1\",\"'email'\":\"a@b.pl\"}"),
    FAST("{\"Lead ID\":\"L1\",\"vid\":5,\"E-mail\":\"a@b.pl\"}"),
    FAST("{\"lead_id\":\"L1\",\"LEAD_ID\":\"L2\"}"),
    FAST("{\"LEAD_ID\":\"L1\",\" Lead_Id \":\"L2\"}"),
    FAST("{\" Lead_Id \":\"L2\",\"LEAD_ID\":\"L1\"}"),
    /* aliases and the hubspot profile's fields, flat */
    FAST("{\"vid\":5,\"hs_lifecyclestage_marketingqualifiedlead_date\":\"1746514800000\","
         "\"eventType\":\"Marketing Qualified Lead\"}"),
    FAST("{\"properties\":5,\"value\":\"x\",\"lead_id\":\"L1\"}"),

    /* escapes a field would have to decode */
    SLOW("{\"lead_id\":\"L\\\"1\"}"),
    SLOW("{\"lead_id\":\"L1\",\"at\":\"2025-05-05T20:00:00\\u002B02:00\"}"),
    SLOW("{\"lead_id\":\"L1\",\"event\":\"mq\\u006c\"}"),
    SLOW("{\"lead_id\":\"\\u0105\"}"),
    /* \u escapes and escaped keys anywhere */
    SLOW("{\"lead_id\":\"L1\",\"campaign\":\"\\u0105\"}"),
    SLOW("{\"lead_id\":\"L1\",\"campaign\":\"\\ud83d\\ude00\"}"),
    SLOW("{\"lead_id\":\"L1\",\"campaign\":\"\\ud83d\"}"),
    SLOW("{\"lead_id\":\"L1\",\"campaign\":\"\\ude00x\"}"),
    SLOW("{\"lead_id\":\"L1\",\"campaign\":\"\\u0000\"}"),
    SLOW("{\"lead_id\":\"L1\",\"campaign\":\"\\uZZZZ\"}"),
    SLOW("{\"e\\u006dail\":\"a@b.pl\"}"),
    SLOW("{\"lead\\\"id\":\"L1\"}"),
    SLOW("{\"lead_id\":\"L1\",\"campaign\":\"bad \\x escape\"}"),
    SLOW("{\"lead_id\":\"L1\",\"campaign\":\"ends in \\"),
    /* nesting, boxes, arrays */
    SLOW("{\"lead_id\":{\"value\":\"L1\"}}"),
    SLOW("{\"lead_id\":\"L1\",\"at\":{\"value\":1746514800}}"),
    SLOW("{\"properties\":{\"email\":\"a@b.pl\",\"lead_id\":\"L9\"}}"),
    SLOW("{\"lead_id\":\"L1\",\"tags\":[]}"),
    SLOW("{\"lead_id\":[\"L1\"]}"),
    SLOW("{\"lead_id\":\"L1\",\"x\":{}}"),
    SLOW("[1]"),
    SLOW("[]"),
    SLOW("\"L1\""),
    SLOW("17"),
    SLOW("null"),
    /* numbers the scanner leaves to Jansson */
    SLOW("{\"lead_id\":-0}"),
    SLOW("{\"lead_id\":\"L1\",\"score\":1.5}"),
    SLOW("{\"lead_id\":\"L1\",\"score\":1e5}"),
    SLOW("{\"lead_id\":\"L1\",\"score\":1E5}"),
    SLOW("{\"lead_id\":\"L1\",\"score\":-1.0e-3}"),
    SLOW("{\"lead_id\":\"L1\",\"score\":0.0}"),
    SLOW("{\"lead_id\":\"L1\",\"score\":-0.0}"),
    SLOW("{\"lead_id\":\"L1\",\"at\":1746514800.0}"),
    SLOW("{\"lead_id\":\"L1\",\"score\":1e400}"),
    SLOW("{\"lead_id\":1234567890123456789}"),
    SLOW("{\"lead_id\":9223372036854775807}"),
    SLOW("{\"lead_id\":9223372036854775808}"),
    SLOW("{\"lead_id\":-9223372036854775809}"),
    SLOW("{\"lead_id\":\"L1\",\"fit\":100000000000000000000000}"),
    SLOW("{\"lead_id\":007}"),
    SLOW("{\"lead_id\":\"L1\",\"score\":1.}"),
    SLOW("{\"lead_id\":\"L1\",\"score\":.5}"),
    SLOW("{\"lead_id\":\"L1\",\"score\":-}"),
    SLOW("{\"lead_id\":\"L1\",\"score\":+1}"),
    SLOW("{\"lead_id\":\"L1\",\"score\":0x10}"),
    SLOW("{\"lead_id\":\"L1\",\"score\":1e}"),
    SLOW("{\"lead_id\":\"L1\",\"score\":12abc}"),
    SLOW("{\"lead_id\":\"L1\",\"score\":1 2}"),
    /* literals that are not quite */
    SLOW("{\"lead_id\":\"L1\",\"at\":nul}"),
    SLOW("{\"lead_id\":\"L1\",\"at\":True}"),
    SLOW("{\"lead_id\":\"L1\",\"at\":truex}"),
    SLOW("{\"lead_id\":\"L1\",\"at\":nullnull}"),
    SLOW("{\"lead_id\":\"L1\",\"at\":undefined}"),
    /* duplicate keys: Jansson rejects the line */
    SLOW("{\"lead_id\":\"L1\",\"lead_id\":\"L2\"}"),
    SLOW("{\"lead_id\":\"L1\",\"campaign\":\"a\",\"campaign\":\"b\"}"),
    SLOW("{\"\":1,\"\":2,\"lead_id\":\"L1\"}"),
    /* invalid UTF-8: a bad sequence, overlong, a surrogate, above U+10FFFF, cut short */
    SLOW("{\"lead_id\":\"L1\",\"campaign\":\"\xC3\x28\"}"),
    SLOW("{\"lead_id\":\"L1\",\"campaign\":\"\xC0\xAF\"}"),
    SLOW("{\"lead_id\":\"L1\",\"campaign\":\"\xE0\x80\xAF\"}"),
    SLOW("{\"lead_id\":\"L1\",\"campaign\":\"\xED\xA0\x80\"}"),
    SLOW("{\"lead_id\":\"L1\",\"campaign\":\"\xF4\x90\x80\x80\"}"),
    SLOW("{\"lead_id\":\"L1\",\"campaign\":\"\xF5\x80\x80\x80\"}"),
    SLOW("{\"lead_id\":\"L1\",\"campaign\":\"\xE2\x80\"}"),
    SLOW("{\"lead_id\":\"L1\",\"campaign\":\"\x80\"}"),
    SLOW("{\"a\xC3\":1,\"lead_id\":\"L1\"}"),
    SLOW("{\"lead_id\":\"L1\"}\xC3"),
    /* control characters in strings, a NUL */
    SLOW("{\"lead_id\":\"L\t1\"}"),
    SLOW("{\"lead_id\":\"L1\",\"campaign\":\"a\x01"
         "b\"}"),
    SLOW("{\"lead_id\":\"L\0"
         "1\"}"),
    SLOW("{\"lead_id\":\"L1\"}\0"),
    /* white space JSON does not have */
    SLOW("{\"lead_id\":\"L1\",\f\"score\":5}"),
    SLOW("{\"lead_id\":\"L1\",\v\"score\":5}"),
    SLOW("{\"lead_id\":\xC2\xA0\"L1\"}"),
    SLOW("\xC2\xA0{\"lead_id\":\"L1\"}"),
    /* truncated and broken lines */
    SLOW("{\"lead_id\":\"L1\""),
    SLOW("{\"lead_id\":\"L1\","),
    SLOW("{\"lead_id\":\"L1"),
    SLOW("{\"lead_id\":"),
    SLOW("{\"lead_id\""),
    SLOW("{\"lead_id"),
    SLOW("{\""),
    SLOW("{"),
    SLOW("{bad"),
    SLOW("{\"lead_id\":\"L1\",}"),
    SLOW("{,\"lead_id\":\"L1\"}"),
    SLOW("{\"lead_id\" \"L1\"}"),
    SLOW("{\"lead_id\"::\"L1\"}"),
    SLOW("{\"lead_id\":\"L1\"}}"),
    SLOW("{\"lead_id\":\"L1\"} x"),
    SLOW("{\"lead_id\":\"L1\"}{}"),
    SLOW("{\"lead_id\":\"L1\" \"score\":5}"),
    SLOW("{'lead_id':'L1'}"),
    SLOW("{lead_id:\"L1\"}"),
};

static void test_hand_written_lines(void **state)
{
    const world *w = *state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        one_line(w, cases[i].line, cases[i].len, cases[i].fast);
}

/* More members than the scanner takes (64) go to Jansson, and are still read. */
static void test_many_members(void **state)
{
    const world *w = *state;
    for (int members = 62; members <= 66; members++) {
        sla_buf b = {0};
        sla_buf_puts(&b, "{");
        for (int i = 0; i < members - 1; i++)
            sla_buf_printf(&b, "\"k%d\":%d,", i, i);
        sla_buf_puts(&b, "\"lead_id\":\"L1\"}");
        one_line(w, b.data, b.len, members <= 64);
        sla_buf_free(&b);
    }
}

/* ---- generated lines ---- */

static uint64_t next(uint64_t *s) /* splitmix64 */
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

/* An element of a pool whose first `common` entries are picked 7 times in 8. */
#define PICK(s, pool, common)                                                                      \
    ((pool)[next(s) % 8 ? next(s) % (common) : next(s) % (sizeof(pool) / sizeof *(pool))])

static const char *const keys[] = {
    /* common */
    "\"lead_id\"", "\"email\"", "\"event\"", "\"at\"", "\"score\"", "\"campaign\"",
    /* aliases, normalised matches, other members */
    "\"LEAD_ID\"", "\" Lead_Id \"", "\"Lead ID\"", "\"vid\"", "\"E-mail\"", "\"Email\"",
    "\"properties\"", "\"value\"", "\"\"", "\"za\xC5\xBC\xC3\xB3\xC5\x82\xC4\x87\"",
    "\"timestamp\"", "\"hubspotscore\"", "\"eventType\"",
    "\"hs_lifecyclestage_marketingqualifiedlead_date\"", "\"\xE2\x80\x9Clead_id\xE2\x80\x9D\"",
    "\"'email'\"", "\"fit_score\"",
    /* keys only Jansson may read or reject */
    "\"e\\u006dail\"", "\"lead\\\"id\"", "\"a\xC3\"", "\"em\tail\"", "lead_id", "\"lead_id"};

static const char *const values[] = {
    /* common */
    "\"L-000001\"", "\"L2\"", "\"x@example.com\"", "\"mql\"", "\"form\"",
    "\"2025-05-05T20:00:00+02:00\"", "55", "7", "\"Targi \\\"ITM\\\", Pozna\xC5\x84\"",
    /* strings */
    "\"  l6@EXAMPLE.com \"", "\"MQL\"", "\"Marketing Qualified Lead\"",
    "\"marketingqualifiedlead\"", "\"2025-05-05 20:00\"", "\"1746514800\"", "\"1746514800000\"",
    "\"05/06/2025 10:00\"", "\"13/06/2025 10:00\"", "\"\"", "\"  \"", "\"bad\"",
    "\"31.02.2025 10:00\"", "\"12,5\"", "\"1 234,5 z\xC5\x82\"", "\"\xC5\x81\xC3\xB3\x64\xC5\xBA\"",
    "\"\xF0\x9F\x98\x80\"", "\"a\x7F\"", "\"a\\\"b\"", "\"\\u0105\"", "\"\\ud83d\\ude00\"",
    "\"\\ud83d\"", "\"\\ude00\"", "\"\\u0000\"", "\"tab\\tx\"", "\"\\/\"", "\"bad\\x\"",
    "\"\xC3\x28\"", "\"\xC0\xAF\"", "\"\xED\xA0\x80\"", "\"\xF4\x90\x80\x80\"", "\"\x01\"",
    "\"unterminated", "\"2025-05-05T20:00:00\\u002B02:00\"",
    /* numbers */
    "0", "-0", "-7", "007", "1.5", "1e5", "1E5", "-1.0e-3", "123456789012345678",
    "-123456789012345678", "1234567890123456789", "9223372036854775807", "9223372036854775808",
    "-9223372036854775809", "1746514800", "1746514800000", "1e400", "1.", ".5", "-", "+1", "0x10",
    "1e", "2.5e+3", "0.0", "-0.0", "1746514800.0", "100000000000000000000000",
    /* literals */
    "true", "false", "null", "nul", "True", "truex", "nullnull",
    /* nesting */
    "{}", "{\"value\": \"mql\"}", "{\"value\": 1746514800}",
    "{\"email\": \"x@y.pl\", \"lead_id\": \"L9\"}", "[]", "[1,2]", "{\"value\": null}",
    "[{\"a\":1}]", "{\"hs_lifecyclestage_marketingqualifiedlead_date\": \"1746514800000\"}"};

static const char *const spaces[] = {"", " ", "\t", "\r", "  ", "\f", "\v", "\xC2\xA0"};

static void space(uint64_t *s, sla_buf *b)
{
    if (next(s) % 8 == 0)
        sla_buf_puts(b, PICK(s, spaces, 5));
}

static void gen_line(uint64_t *s, sla_buf *b)
{
    size_t start = b->len;
    space(s, b);
    sla_buf_puts(b, "{");
    space(s, b);
    /* Mostly distinct common keys (a duplicate fails the whole line), now and
     * then any key, so duplicates still occur. */
    int members = (int)(next(s) % 9), first = (int)(next(s) % 6);
    for (int i = 0; i < members; i++) {
        if (i) {
            space(s, b);
            sla_buf_puts(b, ",");
            space(s, b);
        }
        sla_buf_puts(b, next(s) % 8 ? keys[(first + i) % 6] : PICK(s, keys, 6));
        space(s, b);
        sla_buf_puts(b, ":");
        space(s, b);
        sla_buf_puts(b, PICK(s, values, 9));
    }
    space(s, b);
    sla_buf_puts(b, "}");
    space(s, b);
    size_t len = b->len - start;
    switch (next(s) % 20) {
    case 0: /* cut short */
        b->len = start + next(s) % len;
        break;
    case 1: { /* a stray byte (not a line break) */
        size_t at = start + next(s) % len;
        char c = (char)(next(s) % 256);
        sla_buf_append(b, " ", 1);
        memmove(b->data + at + 1, b->data + at, b->len - at - 1);
        b->data[at] = c == '\n' ? 'x' : c;
        break;
    }
    default:
        break;
    }
    sla_buf_puts(b, "\n");
}

static void test_generated_lines(void **state)
{
    const world *w = *state;
    /* Files of several pipelined batches (1 024 lines), so chunks of a batch
     * are decoded on both threads and batches follow one another. */
    enum { FILES = 8, LINES = 3000 };
    uint64_t seed = 20250505;
    long fast = 0;
    for (int f = 0; f < FILES; f++) {
        sla_buf b = {0};
        sla_buf_puts(&b, FIRST);
        for (int i = 0; i < LINES; i++)
            gen_line(&seed, &b);
        fast += agree(w, b.data, b.len);
        sla_buf_free(&b);
    }
    /* Both decoders get a good share, or the comparison proves little. */
    long lines = FILES * (LINES + 1L);
    if (fast < lines / 4 || fast > lines * 3 / 4)
        fail_msg("the scanner decoded %ld of %ld generated lines", fast, lines);
}

/* ---- the line reader ---- */

typedef struct seen {
    long lines[16];
    int n;
} seen;

static void note_line(void *ctx, const sla_event *ev)
{
    seen *s = ctx;
    if (s->n < 16)
        s->lines[s->n++] = ev->line;
}

/* Events and rejections keep the file's line numbers through a BOM, CRLF,
 * lone CR, blank and white-space lines, a line longer than any read block
 * and a last line without a line break. */
static void test_line_numbers(void **state)
{
    const world *w = *state;
    sla_buf b = {0};
    sla_buf_puts(&b, "\xEF\xBB\xBF{\"lead_id\":\"L1\"}\r\n"  /* 1: BOM, CRLF */
                     "\r\n"                                  /* 2: blank */
                     "  \t \xC2\xA0\n"                       /* 3: blank */
                     "{\"lead_id\":\"L4\",\"x\":\"a\rb\"}\n" /* 4: CR inside: invalid JSON */
                     "{\"lead_id\":\"L5\"}\r\r\n"            /* 5 */
                     "{\"lead_id\":\"L6\",\"pad\":\"");      /* 6: 3 MiB */
    for (int i = 0; i < 3 << 20; i++)
        sla_buf_append(&b, "x", 1);
    sla_buf_puts(&b, "\"}\n"
                     "\n"                     /* 7 */
                     "{\"lead_id\":\"L8\"}"); /* 8: no line break */
    char *path = write_bytes(w, b.data, b.len);
    sla_dataset *ds = sla_dataset_new(NULL);
    ds->file_count = ds->file_cap = 1;
    ds->files = sla_xcalloc(1, sizeof *ds->files);
    ds->files[0].display = sla_xstrdup("events.jsonl");
    seen s = {{0}, 0};
    sla_error err = {0};
    assert_int_equal(sla_events_read(path, "events.jsonl", 0, w->profiles[P_CANONICAL], ds,
                                     note_line, NULL, &s, &err),
                     SLA_OK);
    assert_int_equal(s.n, 4);
    assert_int_equal(s.lines[0], 1);
    assert_int_equal(s.lines[1], 5);
    assert_int_equal(s.lines[2], 6);
    assert_int_equal(s.lines[3], 8);
    assert_int_equal(ds->dq.reject_count, 1);
    assert_int_equal(ds->dq.rejects[0].line, 4);
    assert_int_equal(ds->files[0].rows, 5);
    sla_dataset_free(ds);
    free(path);
    /* and both decoders agree on the same file */
    agree(w, b.data, b.len);
    sla_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_written_lines),
        cmocka_unit_test(test_many_members),
        cmocka_unit_test(test_generated_lines),
        cmocka_unit_test(test_line_numbers),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
