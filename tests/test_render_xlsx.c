/*
 * test_render_xlsx.c - the review workbook, checked part by part.
 *
 * Renders hand-built results (tests/results_fixture.h), then opens the .xlsx
 * the way a reviewer would without Excel: `unzip -p` for the XML parts (sheet
 * names, charts, conditional formats, the type and value of known cells) and
 * `xlsx2csv` for the values a user sees. The 100 000-breach scale run is a
 * measurement, not a unit test: it runs only with SLAPACK_SLOW_TESTS=1.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "testutil.h"

#include "i18n.h"
#include "render_xlsx.h"
#include "results_fixture.h"
#include "util.h"

/* 2025-07-01T00:00:00Z: the documents' pinned creation date. */
#define GENERATED_AT INT64_C(1751328000)

static char *scratch;
static char *templates;

/* Everything one rendered workbook needs to be inspected and freed. */
typedef struct rendered {
    fixture *fx;
    sla_lang *lang;
    char path[4096];
    double seconds; /* wall-clock time of sla_render_xlsx() alone */
} rendered;

static int setup(void **state)
{
    (void)state;
    scratch = test_scratch_dir("render_xlsx");
    templates = sla_path_join(test_source_dir(), "templates");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    free(scratch);
    free(templates);
    return 0;
}

/* Wall-clock seconds, for the scale checks. */
static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Build the fixture, let adjust() edit it, and render it to scratch/name. */
static void render(rendered *w, const fixture_opts *o, const char *name, void (*adjust)(fixture *))
{
    sla_error err = {0};
    w->fx = fixture_new(o);
    if (adjust)
        adjust(w->fx);
    assert_int_equal(sla_lang_load(templates, o->language, &w->lang, &err), SLA_OK);
    snprintf(w->path, sizeof w->path, "%s/%s", scratch, name);
    double t0 = now_seconds();
    if (sla_render_xlsx(w->fx->results, w->lang, GENERATED_AT, w->path, &err) != SLA_OK)
        fail_msg("render failed: %s", err.text);
    w->seconds = now_seconds() - t0;
}

static void rendered_free(rendered *w)
{
    sla_lang_free(w->lang);
    fixture_free(w->fx);
}

/* The output of a shell command (caller frees); fails the test on error. */
static char *run(const char *fmt, const char *a, const char *b)
{
    char cmd[8400];
    snprintf(cmd, sizeof cmd, fmt, a, b);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    sla_buf out = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
        sla_buf_append(&out, chunk, n);
    sla_buf_append(&out, "", 0);
    if (pclose(p) != 0)
        fail_msg("command failed: %s", cmd);
    return out.data;
}

/* One part of the zip container, e.g. "xl/workbook.xml". */
static char *part(const rendered *w, const char *name)
{
    return run("unzip -p '%s' '%s'", w->path, name);
}

/* The XML of cell ref ("B8") in a sheet part, up to its closing tag; NULL when absent. */
static char *cell(const char *sheet_xml, const char *ref)
{
    char needle[32];
    snprintf(needle, sizeof needle, "<c r=\"%s\"", ref);
    const char *start = strstr(sheet_xml, needle);
    if (!start)
        return NULL;
    const char *self_closed = strstr(start, "/>"), *end = strstr(start, "</c>");
    /* A blank cell is self-closed; a cell with a value ends at its </c>. */
    const char *stop = end && (!self_closed || end < self_closed) ? end + 4 : self_closed + 2;
    return sla_xstrndup(start, (size_t)(stop - start));
}

/* The numeric value of a number cell; fails when the cell is text or blank. */
static double number_cell(const char *sheet_xml, const char *ref)
{
    char *c = cell(sheet_xml, ref);
    if (!c)
        fail_msg("cell %s missing", ref);
    if (strstr(c, " t=\""))
        fail_msg("cell %s is not a number: %s", ref, c);
    const char *v = strstr(c, "<v>");
    if (!v)
        fail_msg("cell %s has no value: %s", ref, c);
    double d = strtod(v + 3, NULL);
    free(c);
    return d;
}

static const fixture_opts PL = {.teams = 3,
                                .reps = 12,
                                .leads_per_rep = 40,
                                .breaches = 30,
                                .language = "pl",
                                .with_previous = 1};

/* A rep whose name Excel would take for a formula, and two rejected rows. */
static void hostile_names(fixture *f)
{
    sla_config *cfg = f->cfg;
    free(cfg->reps[0].name);
    cfg->reps[0].name = sla_xstrdup("=HYPERLINK(\"http://x\",\"y\")");
    free(cfg->reps[1].name);
    cfg->reps[1].name = sla_xstrdup("-Łukasz +Żółć @home");
    sla_dataset *ds = f->ds;
    ds->file_count = 1;
    ds->files = sla_xcalloc(1, sizeof *ds->files);
    ds->files[0].display = sla_xstrdup("exports/leads.csv");
    ds->dq.reject_count = 2;
    ds->dq.rejects = sla_xcalloc(2, sizeof *ds->dq.rejects);
    ds->dq.rejects[0] = (sla_reject){0,
                                     1402,
                                     7,
                                     SLA_PB_BAD_TIMESTAMP,
                                     sla_xstrdup("mql_at \"31.02.2025\" is not a date"),
                                     sla_xstrdup("L-1,ACME,31.02.2025")};
    ds->dq.rejects[1] = (sla_reject){0,
                                     1500,
                                     0,
                                     SLA_PB_MALFORMED_ROW,
                                     sla_xstrdup("wrong number of fields"),
                                     sla_xstrdup("=cmd|' /C calc'!A0")};
}

/* The fixture owns rejects and files through the dataset; these were ours. */
static void hostile_free(fixture *f)
{
    sla_dataset *ds = f->ds;
    for (size_t i = 0; i < ds->dq.reject_count; i++) {
        free(ds->dq.rejects[i].reason);
        free(ds->dq.rejects[i].raw);
    }
    free(ds->dq.rejects);
    free(ds->files[0].display);
    free(ds->files);
    ds->dq.rejects = NULL;
    ds->dq.reject_count = 0;
    ds->files = NULL;
    ds->file_count = 0;
}

static void test_polish_sheets_charts_and_formats(void **state)
{
    (void)state;
    rendered w;
    render(&w, &PL, "pl.xlsx", hostile_names);
    char *wb = part(&w, "xl/workbook.xml");
    const char *names[] = {"Podsumowanie",   "Zespoły",       "Handlowcy", "Miesiące",
                           "Naruszenia SLA", "Jakość danych", "Definicje"};
    const char *at = wb;
    for (size_t i = 0; i < 7; i++) {
        char needle[64];
        snprintf(needle, sizeof needle, "<sheet name=\"%s\"", names[i]);
        const char *found = strstr(at, needle);
        if (!found)
            fail_msg("sheet %s missing or out of order in %s", names[i], wb);
        at = found;
    }
    free(wb);

    char *list = run("unzip -l '%s'%s", w.path, "");
    for (int i = 1; i <= 4; i++) {
        char chart[32];
        snprintf(chart, sizeof chart, "xl/charts/chart%d.xml", i);
        assert_non_null(strstr(list, chart));
    }
    free(list);

    /* RAG colouring lives in the sheets as conditional formats, next to the symbols. */
    for (int s = 1; s <= 4; s++) {
        char name[32];
        snprintf(name, sizeof name, "xl/worksheets/sheet%d.xml", s);
        char *xml = part(&w, name);
        assert_non_null(strstr(xml, "<conditionalFormatting"));
        assert_non_null(strstr(xml, "<pane "));
        free(xml);
    }
    char *styles = part(&w, "xl/styles.xml");
    assert_non_null(strstr(styles, "FF1F4E79")); /* the brand colour on headers */
    assert_non_null(strstr(styles, "formatCode=\"0.0%\""));
    assert_non_null(strstr(styles, "formatCode=\"dd.mm.yyyy hh:mm\""));
    free(styles);
    hostile_free(w.fx);
    rendered_free(&w);
}

static void test_kpi_cells_are_typed_numbers(void **state)
{
    (void)state;
    rendered w;
    render(&w, &PL, "types.xlsx", hostile_names);
    const sla_results *r = w.fx->results;
    char *summary = part(&w, "xl/worksheets/sheet1.xml");
    /* Summary rows start at row 5 in kpis.json order: B8 is sal_rate, C8 its target,
     * E8 the previous period. */
    assert_float_equal(number_cell(summary, "B8"), r->company.sal_rate, 1e-12);
    assert_float_equal(number_cell(summary, "C8"), 0.70, 1e-12);
    assert_float_equal(number_cell(summary, "E8"), r->company_prev.sal_rate, 1e-12);
    assert_float_equal(number_cell(summary, "B6"), (double)r->company.mql_count, 0);
    assert_float_equal(number_cell(summary, "B20"), (double)r->company.pipeline_cents / 100, 1e-9);
    char *delta = cell(summary, "F8");
    assert_non_null(strstr(delta, "<f>B8-E8</f>"));
    free(delta);
    free(summary);

    /* Reps: ids and names are strings, even the one that looks like a formula. */
    char *reps = part(&w, "xl/worksheets/sheet3.xml");
    assert_null(strstr(reps, "<f>"));
    char *name = cell(reps, "B5");
    assert_non_null(strstr(name, "t=\"s\""));
    free(name);
    assert_float_equal(number_cell(reps, "D5"), (double)r->reps[0].kpis.inquiries, 0);
    free(reps);
    char *strings = part(&w, "xl/sharedStrings.xml");
    assert_non_null(strstr(strings, "<t>=HYPERLINK(\"http://x\",\"y\")</t>"));
    assert_non_null(strstr(strings, "-Łukasz +Żółć @home"));
    assert_non_null(strstr(strings, "=cmd|' /C calc'!A0"));
    assert_non_null(strstr(strings, "\xE2\x9C\x93 w celu") ||
                    strstr(strings, "\xE2\x9C\x97 poza celem"));
    free(strings);

    /* Breaches: the first lead's MQL (2025-04-01 00:00 in Warsaw) is the Excel
     * date 45748, local time, not UTC (which would be 45747.9166...). */
    char *breaches = part(&w, "xl/worksheets/sheet5.xml");
    assert_float_equal(number_cell(breaches, "F5"), 45748.0, 1e-9);
    char *untouched = cell(breaches, "G5"); /* lead 1 is untouched: no first touch */
    assert_null(strstr(untouched, "<v>"));
    free(untouched);
    assert_float_equal(number_cell(breaches, "J5"), 30 * 1800 / 86400.0, 1e-12);
    assert_non_null(strstr(breaches, "<autoFilter ref=\"A4:J34\""));
    free(breaches);
    hostile_free(w.fx);
    rendered_free(&w);
}

static void test_null_is_a_blank_cell(void **state)
{
    (void)state;
    fixture_opts o = PL;
    o.leads_per_rep = 0; /* an empty period: every ratio has no denominator */
    rendered w;
    render(&w, &o, "empty.xlsx", NULL);
    char *summary = part(&w, "xl/worksheets/sheet1.xml");
    char *sal = cell(summary, "B8");
    assert_non_null(sal);
    assert_null(strstr(sal, "<v>"));
    free(sal);
    assert_float_equal(number_cell(summary, "B6"), 0, 0); /* a count of 0 stays 0 */
    free(summary);
    rendered_free(&w);
}

static void test_english_and_xlsx2csv_values(void **state)
{
    (void)state;
    fixture_opts o = PL;
    o.language = "en";
    o.with_previous = 0;
    rendered w;
    render(&w, &o, "en.xlsx", NULL);
    char *wb = part(&w, "xl/workbook.xml");
    assert_non_null(strstr(wb, "<sheet name=\"Data quality\""));
    assert_non_null(strstr(wb, "<sheet name=\"Definitions\""));
    free(wb);
    char *strings = part(&w, "xl/sharedStrings.xml");
    assert_null(strstr(strings, ">Previous period<")); /* no previous data: no such column */
    assert_null(strstr(strings, ">xlsx."));            /* every label translated */
    free(strings);

    char *csv = run("xlsx2csv -n Summary '%s'%s", w.path, "");
    if (!strstr(csv, "SAL acceptance,"))
        fail_msg("no SAL row in %s", csv);
    assert_non_null(strstr(csv, "Kruszwil Systemy sp. z o.o."));
    free(csv);
    csv = run("xlsx2csv -n Reps '%s'%s", w.path, "");
    assert_non_null(strstr(csv, "rep001,Łukasz Wójcik,Zespół 1,"));
    free(csv);
    rendered_free(&w);
}

static void test_polish_labels_are_translated(void **state)
{
    (void)state;
    rendered w;
    render(&w, &PL, "labels.xlsx", NULL);
    char *strings = part(&w, "xl/sharedStrings.xml");
    assert_null(strstr(strings, ">xlsx."));
    assert_null(strstr(strings, ">kpi."));
    assert_non_null(strstr(strings, "Czas reakcji, mediana (min robocze)"));
    free(strings);
    /* Every data-quality problem kind has a label in both languages. */
    sla_lang *en = NULL;
    sla_error err = {0};
    assert_int_equal(sla_lang_load(templates, "en", &en, &err), SLA_OK);
    for (int p = 0; p < SLA_PB_COUNT; p++) {
        char key[96];
        snprintf(key, sizeof key, "xlsx.problem.%s", sla_problem_key((sla_problem)p));
        assert_string_not_equal(sla_tr(w.lang, key), key);
        assert_string_not_equal(sla_tr(en, key), key);
    }
    sla_lang_free(en);
    rendered_free(&w);
}

static void test_200_reps_quickly(void **state)
{
    (void)state;
    fixture_opts o = {.teams = 8,
                      .reps = 200,
                      .leads_per_rep = 60,
                      .breaches = 2000,
                      .language = "pl",
                      .with_previous = 1,
                      .long_names = 1};
    rendered w;
    render(&w, &o, "200.xlsx", NULL);
    double seconds = w.seconds;
    if (seconds > 2.0) { /* ~0.1 s normally; the margin is for valgrind and sanitizers */
        rendered_free(&w);
        fail_msg("200 reps and 2000 breaches took %.2f s", seconds);
    }
    char *reps = part(&w, "xl/worksheets/sheet3.xml");
    assert_non_null(strstr(reps, "<c r=\"A204\"")); /* the 200th rep */
    free(reps);
    char *breaches = part(&w, "xl/worksheets/sheet5.xml");
    assert_non_null(strstr(breaches, "<c r=\"A2004\"")); /* every breach, not a top 10 */
    free(breaches);
    rendered_free(&w);
}

static void test_reproducible_bytes(void **state)
{
    (void)state;
    rendered a, b;
    render(&a, &PL, "a.xlsx", NULL);
    struct timespec pause = {1, 100000000}; /* past a second and a zip 2-second tick */
    nanosleep(&pause, NULL);
    nanosleep(&pause, NULL);
    render(&b, &PL, "b.xlsx", NULL);
    size_t la, lb;
    char *da = sla_read_file(a.path, &la), *db = sla_read_file(b.path, &lb);
    assert_non_null(da);
    assert_non_null(db);
    assert_int_equal(la, lb);
    assert_memory_equal(da, db, la);
    free(da);
    free(db);
    char *core = part(&a, "docProps/core.xml");
    assert_non_null(strstr(core, "2025-07-01T00:00:00Z"));
    free(core);
    rendered_free(&a);
    rendered_free(&b);
}

/* Every part is deflated at zlib's fastest level (render_xlsx.c's
 * packaging note): the local file headers' general-purpose flags say so
 * (bits 1 and 2, "super fast"), and unzip still reads every part. */
static void test_parts_packed_at_fastest_level(void **state)
{
    (void)state;
    rendered w;
    render(&w, &PL, "fast.xlsx", NULL);
    size_t len, at = 0, parts = 0;
    unsigned char *zip = (unsigned char *)sla_read_file(w.path, &len);
    assert_non_null(zip);
    while (at + 30 <= len && memcmp(zip + at, "PK\3\4", 4) == 0) {
        unsigned flags = zip[at + 6] | zip[at + 7] << 8, method = zip[at + 8] | zip[at + 9] << 8;
        size_t packed = zip[at + 18] | zip[at + 19] << 8 | (size_t)zip[at + 20] << 16 |
                        (size_t)zip[at + 21] << 24;
        size_t name = zip[at + 26] | zip[at + 27] << 8, extra = zip[at + 28] | zip[at + 29] << 8;
        if (method != 8 || (flags & 6) != 6)
            fail_msg("part %.*s: method %u, flags 0x%x", (int)name, (const char *)zip + at + 30,
                     method, flags);
        at += 30 + name + extra + packed;
        parts++;
    }
    assert_true(parts >= 10);
    free(zip);
    free(run("unzip -tq '%s'%s", w.path, ""));
    rendered_free(&w);
}

static void test_write_error_names_the_path(void **state)
{
    (void)state;
    fixture *f = fixture_new(&PL);
    sla_lang *lang = NULL;
    sla_error err = {0};
    assert_int_equal(sla_lang_load(templates, "pl", &lang, &err), SLA_OK);
    const char *path = "/nonexistent-dir/sla-review-2025-Q2.xlsx";
    assert_int_equal(sla_render_xlsx(f->results, lang, GENERATED_AT, path, &err), SLA_ERR_IO);
    assert_string_equal(err.source, path);
    /* The system's reason, not only the library's step. */
    assert_string_equal(err.text, "cannot write the workbook: No such file or directory");
    sla_lang_free(lang);
    fixture_free(f);
}

/* Measured run for the report: 200 reps and 100 000 breaches. */
static void test_scale_100k_breaches(void **state)
{
    (void)state;
    const char *slow = getenv("SLAPACK_SLOW_TESTS");
    if (!slow || strcmp(slow, "1") != 0)
        skip();
    fixture_opts o = {.teams = 8,
                      .reps = 200,
                      .leads_per_rep = 60,
                      .breaches = 100000,
                      .language = "pl",
                      .with_previous = 1};
    rendered w;
    render(&w, &o, "100k.xlsx", NULL);
    size_t size;
    char *data = sla_read_file(w.path, &size);
    print_message("200 reps, 100000 breaches: %.2f s, %zu bytes\n", w.seconds, size);
    free(data);
    assert_true(w.seconds < 10.0);
    rendered_free(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_polish_sheets_charts_and_formats),
        cmocka_unit_test(test_kpi_cells_are_typed_numbers),
        cmocka_unit_test(test_null_is_a_blank_cell),
        cmocka_unit_test(test_english_and_xlsx2csv_values),
        cmocka_unit_test(test_polish_labels_are_translated),
        cmocka_unit_test(test_200_reps_quickly),
        cmocka_unit_test(test_reproducible_bytes),
        cmocka_unit_test(test_parts_packed_at_fastest_level),
        cmocka_unit_test(test_write_error_names_the_path),
        cmocka_unit_test(test_scale_100k_breaches),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
