/*
 * test_csv_line_endings.c - line breaks and line numbers in the CSV reader.
 *
 * Every record must arrive, whole and with the line it starts on, whatever
 * ends the lines: LF, CRLF, or a lone CR as classic Mac Excel writes (which
 * libcsv also takes for a record end), and however long a line is compared
 * with the reader's 1 MiB chunks.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

#include "ingest_csv.h"
#include "util.h"

#define CHUNK (1u << 20) /* the reader's chunk, see ingest_csv.c */

typedef struct got {
    long lines[8];
    char first[8][16]; /* first field, cut short */
    size_t counts[8];
    int n;
} got;

static bool collect(void *ctx, const sla_csv_record *rec)
{
    got *g = ctx;
    assert_true(g->n < 8);
    g->lines[g->n] = rec->line;
    g->counts[g->n] = rec->count;
    snprintf(g->first[g->n], sizeof g->first[g->n], "%s", rec->count ? rec->fields[0] : "");
    assert_int_equal(rec->flaw, SLA_CSV_FINE);
    g->n++;
    return true;
}

static void read_text(const char *text, got *g)
{
    char *dir = test_scratch_dir("ingest_csv");
    char *path = test_write_file(dir, "in.csv", text);
    sla_csv_opts opts = {',', SLA_ENC_UTF8, false, NULL, NULL, NULL, 0};
    sla_csv_info info;
    sla_error err = {0};
    memset(g, 0, sizeof *g);
    assert_int_equal(sla_csv_read(path, "in.csv", &opts, collect, g, &info, &err), SLA_OK);
    assert_int_equal(info.records, g->n);
    free(path);
    free(dir);
}

/* Classic Mac line ends: before the fix every row after the header vanished. */
static void test_lone_cr_lines(void **state)
{
    (void)state;
    got g;
    read_text("id,name\rL1,Anna\rL2,\"Bo\rb\"\rL3,Cez\r", &g);
    assert_int_equal(g.n, 4);
    long lines[] = {1, 2, 3, 5};
    const char *first[] = {"id", "L1", "L2", "L3"};
    for (int i = 0; i < 4; i++) {
        assert_int_equal(g.lines[i], lines[i]);
        assert_string_equal(g.first[i], first[i]);
        assert_int_equal(g.counts[i], 2);
    }
}

/* A stray CR inside an LF file ends a record there, as libcsv sees it; the
 * rest of the line is its own record, never glued onto the next row. */
static void test_stray_cr(void **state)
{
    (void)state;
    got g;
    read_text("id,name\nL1,Anna\rL2,Bob\nL3,Cez\r\n", &g);
    assert_int_equal(g.n, 4);
    long lines[] = {1, 2, 3, 4};
    const char *first[] = {"id", "L1", "L2", "L3"};
    for (int i = 0; i < 4; i++) {
        assert_int_equal(g.lines[i], lines[i]);
        assert_string_equal(g.first[i], first[i]);
        assert_int_equal(g.counts[i], 2);
    }
}

/* Lines longer than a chunk count once: the row after a 3 MiB line is line 3,
 * and so is the long line's own number right (it was reported one too low). */
static void long_line(size_t field_len, const char *eol)
{
    size_t len = field_len + 64;
    char *text = sla_xmalloc(len);
    size_t o = (size_t)snprintf(text, len, "h%s", eol);
    memset(text + o, 'x', field_len);
    o += field_len;
    snprintf(text + o, len - o, "%sL3%s", eol, eol);
    got g;
    read_text(text, &g);
    assert_int_equal(g.n, 3);
    assert_int_equal(g.lines[0], 1);
    assert_int_equal(g.lines[1], 2);
    assert_int_equal(g.lines[2], 3);
    assert_string_equal(g.first[2], "L3");
    free(text);
}

static void test_line_longer_than_chunk(void **state)
{
    (void)state;
    long_line(3 * CHUNK + 17, "\n");
    long_line(3 * CHUNK + 17, "\r");
    /* The long line's CR lands on the last byte of a full chunk, its LF on the
     * first byte of the next: still one line break. */
    long_line(CHUNK - 1, "\r\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lone_cr_lines),
        cmocka_unit_test(test_stray_cr),
        cmocka_unit_test(test_line_longer_than_chunk),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
