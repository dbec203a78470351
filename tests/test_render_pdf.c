/*
 * test_render_pdf.c - the PDF pack and scorecards, checked from the outside.
 *
 * The pack is rendered from hand-built results (results_fixture.h) and read
 * back with poppler and qpdf, as a reader would: pdftotext must give back
 * the KPI values formatted in the language and the Polish names exactly,
 * pdffonts must report every font embedded, qpdf --check must pass, and two
 * renders must be byte-identical. Edge cases: one rep, no leads, 200 reps,
 * 60-character names, a missing logo or font.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "testutil.h"

#include "i18n.h"
#include "render_pdf.h"
#include "results_fixture.h"
#include "util.h"

/* Everything one render needs, owned together. */
typedef struct pack {
    fixture *fx;
    sla_lang *lang;
    char *templates;
    sla_pdf_env env;
} pack;

/* Build the fixture and the language for opts. */
static pack *pack_new(const fixture_opts *opts)
{
    pack *p = sla_xcalloc(1, sizeof *p);
    p->fx = fixture_new(opts);
    p->templates = sla_path_join(test_source_dir(), "templates");
    sla_error err = {0};
    if (sla_lang_load(p->templates, opts->language ? opts->language : "pl", &p->lang, &err) !=
        SLA_OK)
        fail_msg("language: %s", err.text);
    p->env = (sla_pdf_env){p->fx->results, p->lang, p->templates, NULL, 1751328000};
    return p;
}

/* Free a pack. */
static void pack_free(pack *p)
{
    fixture_free(p->fx);
    sla_lang_free(p->lang);
    free(p->templates);
    free(p);
}

/* Render the pack to dir/name; fails the test on error. Returns the path. */
static char *render(pack *p, const char *dir, const char *name)
{
    char *path = sla_path_join(dir, name);
    sla_error err = {0};
    sla_status st = sla_render_pdf_pack(&p->env, path, &err);
    if (st != SLA_OK)
        fail_msg("render %s: %s: %s", path, err.source, err.text);
    return path;
}

/* Output of a shell command (stderr discarded); caller frees. */
static char *run(const char *fmt, const char *path)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, fmt, path);
    FILE *f = popen(cmd, "r");
    assert_non_null(f);
    sla_buf b = {0};
    sla_buf_puts(&b, "");
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        sla_buf_append(&b, chunk, n);
    pclose(f);
    return b.data;
}

/* The text of a PDF, one page after another. */
static char *pdf_text(const char *path)
{
    return run("pdftotext -enc UTF-8 '%s' - 2>/dev/null", path);
}

/* Assert haystack contains needle, with a readable failure. */
static void assert_contains(const char *haystack, const char *needle)
{
    if (!strstr(haystack, needle))
        fail_msg("expected \"%s\" in the PDF text", needle);
}

/* The checks every pack must pass: qpdf, embedded fonts, no missing labels. */
static void assert_valid_pdf(const char *path)
{
    char *check = run("qpdf --check '%s' 2>&1; echo rc=$?", path);
    assert_contains(check, "No syntax or stream encoding errors");
    assert_contains(check, "rc=0");
    free(check);
    char *fonts = run("pdffonts '%s'", path);
    size_t lines = 0;
    for (char *line = strtok(fonts, "\n"); line; line = strtok(NULL, "\n")) {
        if (++lines <= 2) /* the header and its rule */
            continue;
        if (!strstr(line, " yes yes yes "))
            fail_msg("font not embedded as a subset with Unicode: %s", line);
    }
    assert_true(lines > 2);
    free(fonts);
    char *text = pdf_text(path);
    /* sla_tr returns the key when a label is missing: none may show. */
    if (strstr(text, "pdf."))
        fail_msg("a label key leaked into the text: %s", strstr(text, "pdf."));
    free(text);
}

static const fixture_opts demo_pl = {.teams = 3,
                                     .reps = 12,
                                     .leads_per_rep = 40,
                                     .breaches = 30,
                                     .language = "pl",
                                     .with_previous = 1};

/* The Polish pack: names with diacritics, values in Polish format, sections. */
static void test_pack_pl(void **state)
{
    (void)state;
    char *dir = test_scratch_dir("pdf_pl");
    pack *p = pack_new(&demo_pl);
    char *path = render(p, dir, "sla-review-2025-Q2.pdf");
    assert_valid_pdf(path);
    char *text = pdf_text(path);
    assert_contains(text, "Łukasz Wójcik");
    assert_contains(text, "Małgorzata");
    assert_contains(text, "Kruszwil Systemy sp. z o.o.");
    static const char *sections[] = {"Spis treści",       "Podsumowanie",        "Lejek",
                                     "Trendy miesięczne", "Porównanie zespołów", "Karty handlowców",
                                     "Naruszenia SLA",    "Jakość danych",       "Definicje"};
    for (size_t i = 0; i < sizeof sections / sizeof *sections; i++)
        assert_contains(text, sections[i]);
    char v[64];
    assert_contains(text,
                    sla_fmt_percent(p->lang, p->fx->results->company.sal_rate, 1, v, sizeof v));
    assert_contains(text, sla_fmt_percent(p->lang, p->fx->results->hygiene_rate, 1, v, sizeof v));
    assert_contains(text, "12 345"); /* rows read, Polish thousands */
    assert_contains(text, "II kwartał 2025");
    assert_contains(text, "Strona 1 / ");
    assert_contains(text, "stan na 01.07.2025 00:00");
    assert_contains(text, "Zespół 1");
    free(text);
    free(path);
    pack_free(p);
    free(dir);
}

/* The English pack: English labels and number format. */
static void test_pack_en(void **state)
{
    (void)state;
    char *dir = test_scratch_dir("pdf_en");
    fixture_opts o = demo_pl;
    o.language = "en";
    pack *p = pack_new(&o);
    char *path = render(p, dir, "sla-review-2025-Q2.pdf");
    assert_valid_pdf(path);
    char *text = pdf_text(path);
    assert_contains(text, "Executive summary");
    assert_contains(text, "Q2 2025");
    assert_contains(text, "12,345");
    assert_contains(text, "Żaneta");
    char v[64];
    assert_contains(text,
                    sla_fmt_percent(p->lang, p->fx->results->company.win_rate, 1, v, sizeof v));
    free(text);
    free(path);
    pack_free(p);
    free(dir);
}

/* Edge cases render and stay valid: one rep, no leads, long names. */
static void test_edge_cases(void **state)
{
    (void)state;
    char *dir = test_scratch_dir("pdf_edge");
    const fixture_opts cases[] = {
        {.teams = 1, .reps = 1, .leads_per_rep = 25, .breaches = 3, .language = "pl"},
        {.teams = 2, .reps = 4, .leads_per_rep = 0, .breaches = 0, .language = "en"},
        {.teams = 2,
         .reps = 6,
         .leads_per_rep = 1000000,
         .breaches = 60,
         .language = "pl",
         .long_names = 1,
         .with_previous = 1},
        {.teams = 1, .reps = 0, .leads_per_rep = 0, .breaches = 0, .language = "pl"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char name[32];
        snprintf(name, sizeof name, "edge%zu.pdf", i);
        pack *p = pack_new(&cases[i]);
        char *path = render(p, dir, name);
        assert_valid_pdf(path);
        char *text = pdf_text(path);
        if (cases[i].long_names)
            assert_contains(text, "Przedsiębiorstwo");
        if (cases[i].reps == 1) {
            assert_contains(text, "Łukasz Wójcik\n");
            assert_contains(text, "1 z 9 wskaźników w celu");
        }
        free(text);
        free(path);
        pack_free(p);
    }
    free(dir);
}

/* Seconds since an arbitrary start. */
static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* 200 reps: the pack and the scorecards render, and in reasonable time. */
static void test_200_reps(void **state)
{
    (void)state;
    char *dir = test_scratch_dir("pdf_200");
    fixture_opts o = demo_pl;
    o.reps = 200;
    o.teams = 8;
    o.breaches = 1500;
    pack *p = pack_new(&o);
    double t0 = now();
    char *path = render(p, dir, "pack.pdf");
    double t1 = now();
    char *reps = sla_path_join(dir, "reps");
    sla_error err = {0};
    assert_int_equal(sla_render_pdf_scorecards(&p->env, reps, &err), SLA_OK);
    double t2 = now();
    fprintf(stderr, "200 reps: pack %.2f s, 200 scorecards %.2f s\n", t1 - t0, t2 - t1);
    assert_valid_pdf(path);
    char *text = pdf_text(path);
    assert_contains(text, "Karty handlowców");
    assert_contains(text, "w skoroszycie"); /* 1500 breaches: the list is capped */
    free(text);
    char *last = sla_path_join(reps, "rep200.pdf");
    assert_valid_pdf(last);
    free(last);
    free(reps);
    free(path);
    pack_free(p);
    free(dir);
}

/* Per-rep scorecards: one file per rep, named safely, with the rep's name. */
static void test_scorecards(void **state)
{
    (void)state;
    char *dir = test_scratch_dir("pdf_reps");
    pack *p = pack_new(&demo_pl);
    /* An id that is not a safe file name. */
    char *old = p->fx->cfg->reps[0].rep;
    p->fx->cfg->reps[0].rep = sla_xstrdup("../ł/rep 1");
    p->fx->results->reps[0].rep = p->fx->cfg->reps[0].rep;
    for (size_t b = 0; b < p->fx->results->breach_count; b++) /* they borrowed the old id */
        if (p->fx->results->breaches[b].rep == old)
            p->fx->results->breaches[b].rep = p->fx->cfg->reps[0].rep;
    free(old);
    char *reps = sla_path_join(dir, "reps");
    sla_error err = {0};
    assert_int_equal(sla_render_pdf_scorecards(&p->env, reps, &err), SLA_OK);
    char safe[128], file[160];
    sla_safe_filename("../ł/rep 1", safe, sizeof safe);
    snprintf(file, sizeof file, "%s.pdf", safe);
    char *first = sla_path_join(reps, file);
    assert_valid_pdf(first);
    char *text = pdf_text(first);
    assert_contains(text, "Łukasz Wójcik");
    assert_contains(text, "Strona 1 / 1");
    free(text);
    char *count = run("ls '%s' | wc -l", reps);
    assert_int_equal(atoi(count), 12);
    free(count);
    free(first);
    free(reps);
    pack_free(p);
    free(dir);
}

/* Size of a file in bytes. */
static long file_size(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fclose(f);
    return n;
}

/* Render the scorecards with rep 0 renamed to name; returns rep 0's file. */
static char *scorecard_named(pack *p, const char *dir, const char *name)
{
    free(p->fx->cfg->reps[0].name);
    p->fx->cfg->reps[0].name = sla_xstrdup(name);
    char *reps = sla_path_join(dir, "reps");
    sla_error err = {0};
    assert_int_equal(sla_render_pdf_scorecards(&p->env, reps, &err), SLA_OK);
    char safe[128], file[160];
    sla_safe_filename(p->fx->results->reps[0].rep, safe, sizeof safe);
    snprintf(file, sizeof file, "%s.pdf", safe);
    char *path = sla_path_join(reps, file);
    free(reps);
    return path;
}

/* Scorecards embed a subset of the font: every Polish letter is drawn and
 * searchable, and the file is a fraction of one with the whole DejaVu Sans. */
static void test_scorecard_subset_font(void **state)
{
    (void)state;
    char *dir = test_scratch_dir("pdf_subset");
    pack *p = pack_new(&demo_pl);
    const char *polish = "Zażółć Gęślą Jaźń ąćęłńóśźż ĄĆĘŁŃÓŚŹŻ";
    char *path = scorecard_named(p, dir, polish);
    assert_valid_pdf(path);
    char *text = pdf_text(path);
    assert_contains(text, polish);
    free(text);
    assert_true(file_size(path) < 60000); /* the whole font alone makes ~100 kB */
    free(path);
    pack_free(p);
    free(dir);
}

/* A name in a script the subset leaves out (Georgian, Hebrew) but the font
 * has: that document is drawn with the whole font, so the name shows. */
static void test_scorecard_beyond_subset(void **state)
{
    (void)state;
    char *dir = test_scratch_dir("pdf_whole");
    pack *p = pack_new(&demo_pl);
    const char *name = "ნინო ბერიძე שרה";
    char *path = scorecard_named(p, dir, name);
    assert_valid_pdf(path);
    char *text = pdf_text(path);
    assert_contains(text, "ნინო ბერიძე");
    assert_contains(text, "Zespół 1"); /* Polish from the same, whole font */
    free(text);
    /* pdftotext reads the characters either way; that the glyphs are there
     * shows in the size: the whole font is embedded, not the subset. */
    assert_true(file_size(path) > 60000);
    char *pack_path = render(p, dir, "pack.pdf");
    text = pdf_text(pack_path);
    assert_contains(text, "ნინო ბერიძე");
    free(text);
    free(pack_path);
    free(path);
    pack_free(p);
    free(dir);
}

/* Same input and SOURCE_DATE_EPOCH: the same bytes. */
static void test_reproducible(void **state)
{
    (void)state;
    char *dir = test_scratch_dir("pdf_repro");
    pack *p = pack_new(&demo_pl);
    char *a = render(p, dir, "a.pdf");
    char *b = render(p, dir, "b.pdf");
    char cmd[8300];
    snprintf(cmd, sizeof cmd, "cmp -s '%s' '%s'", a, b);
    assert_int_equal(system(cmd), 0);
    char *info = run("pdfinfo '%s'", a);
    assert_contains(info, "2025"); /* CreationDate from generated_at, not the clock */
    free(info);
    free(a);
    free(b);
    pack_free(p);
    free(dir);
}

/* A logo that is missing is an I/O error naming it; a real PNG is drawn. */
static void test_logo(void **state)
{
    (void)state;
    char *dir = test_scratch_dir("pdf_logo");
    pack *p = pack_new(&demo_pl);
    p->fx->cfg->branding.logo = sla_path_join(dir, "no-such-logo.png");
    char *out = sla_path_join(dir, "x.pdf");
    sla_error err = {0};
    assert_int_equal(sla_render_pdf_pack(&p->env, out, &err), SLA_ERR_IO);
    assert_non_null(strstr(err.source, "no-such-logo.png"));
    free(p->fx->cfg->branding.logo);
    /* A PNG made from a page of a pack serves as a logo. */
    p->fx->cfg->branding.logo = NULL;
    char *plain = render(p, dir, "plain.pdf");
    char cmd[8300];
    snprintf(cmd, sizeof cmd, "pdftoppm -r 20 -png -singlefile '%s' '%s/logo'", plain, dir);
    assert_int_equal(system(cmd), 0);
    p->fx->cfg->branding.logo = sla_path_join(dir, "logo.png");
    char *with = render(p, dir, "with-logo.pdf");
    assert_valid_pdf(with);
    char *images = run("pdfimages -list '%s' | wc -l", with);
    assert_int_equal(atoi(images), 3); /* header, rule, one image */
    free(images);
    free(p->fx->cfg->branding.logo);
    p->fx->cfg->branding.logo = NULL;
    free(with);
    free(plain);
    free(out);
    pack_free(p);
    free(dir);
}

/* A brand font that is not in fonts_dir is an I/O error naming it. */
static void test_missing_font(void **state)
{
    (void)state;
    char *dir = test_scratch_dir("pdf_font");
    pack *p = pack_new(&demo_pl);
    free(p->fx->cfg->branding.font);
    p->fx->cfg->branding.font = sla_xstrdup("BrandSans");
    p->env.fonts_dir = dir;
    char *out = sla_path_join(dir, "x.pdf");
    sla_error err = {0};
    assert_int_equal(sla_render_pdf_pack(&p->env, out, &err), SLA_ERR_IO);
    assert_non_null(strstr(err.source, "BrandSans.ttf"));
    assert_non_null(strstr(err.text, "BrandSans"));
    /* Present as fonts_dir/BrandSans.ttf (no bold face): used for both. */
    char cmd[4200];
    snprintf(cmd, sizeof cmd,
             "cp /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf '%s/BrandSans.ttf'", dir);
    assert_int_equal(system(cmd), 0);
    sla_error_clear(&err);
    assert_int_equal(sla_render_pdf_pack(&p->env, out, &err), SLA_OK);
    char *fonts = run("pdffonts '%s'", out);
    assert_contains(fonts, "DejaVuSerif");
    free(fonts);
    free(out);
    pack_free(p);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pack_pl),      cmocka_unit_test(test_pack_en),
        cmocka_unit_test(test_edge_cases),   cmocka_unit_test(test_scorecards),
        cmocka_unit_test(test_reproducible), cmocka_unit_test(test_logo),
        cmocka_unit_test(test_missing_font), cmocka_unit_test(test_200_reps),
        cmocka_unit_test(test_scorecard_subset_font), cmocka_unit_test(test_scorecard_beyond_subset),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
