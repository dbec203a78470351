/*
 * render_pdf.c - the management pack and the per-rep scorecards (libharu).
 *
 * The only file that includes hpdf.h. It implements the chart canvas with
 * libharu, lays out A4 pages on a fixed grid (15 mm margins, a header band in
 * the brand colour, a footer with page n / N, period, cut-off and generation
 * date) and writes each section: cover, executive summary, funnel, trends,
 * teams and reps, one scorecard per rep, breaches, data quality, definitions.
 *
 * Fonts are TrueType, embedded and addressed in UTF-8 (HPDF_UseUTFEncodings)
 * so Polish text renders and stays searchable. Documents embed a subset of
 * the font (render_font.h), which libharu sets up in a fraction of the time;
 * one with a character only the whole font has is drawn again with it.
 * Footers and the cover's table of contents are drawn after all pages
 * exist, when N is known.
 *
 * Reproducibility: libharu writes no document ID without encryption and no
 * dates unless asked; the dates come from env->generated_at, so two runs
 * give identical bytes. Every libharu error reaches on_error() and becomes
 * the run's located error (SLA_ERR_IO naming the file involved).
 */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS */
#include "render_pdf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <hpdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image.h"

#include "chart_pdf.h"
#include "render_font.h"
#include "render_jobs.h"
#include "util.h"

#define PAGE_W 595.276
#define PAGE_H 841.89
#define MARGIN 42.52 /* 15 mm */
#define CONTENT_W (PAGE_W - 2 * MARGIN)
#define BAND_H 26.0
#define TITLE_Y (BAND_H + 40.0)
#define BOTTOM (PAGE_H - 44.0) /* content ends above the footer */
#define ROW_H 14.0

#define DEFAULT_FONT "DejaVuSans"
#define SYSTEM_FONT_DIR "/usr/share/fonts/truetype/dejavu"
#define BREACH_ROWS_MAX 1000 /* the rest is in the workbook */

typedef struct toc_entry {
    char *title;
    size_t page;
} toc_entry;

/* What the documents of a render share: the font files and their subsets,
 * and the breaches of each rep (found once, not once per scorecard). */
typedef struct shared {
    char *file[2];              /* regular and bold TTF (the same file when there is no bold) */
    sla_font_subset *subset[2]; /* NULL: the file itself is used */
    bool one_face;              /* scorecards: bold is drawn from the regular face */
    size_t *breach_of;          /* breach indexes grouped by rep, worst first in each group */
    size_t *rep_first;          /* rep i's group is breach_of[rep_first[i] .. rep_first[i + 1]) */
} shared;

typedef struct pdf {
    HPDF_Doc doc;
    HPDF_Font regular, bold;
    bool fake_bold; /* one face: bold drawn as fill + stroke (scorecards load one font) */
    int bold_face;  /* index of the bold face in fonts (0 when it is the regular one) */
    const shared *sh;
    bool whole;     /* drawn with the whole fonts, not their subsets */
    bool uncovered; /* a text has a character the subsets lack: draw again whole */
    HPDF_Page page; /* the page being drawn */
    HPDF_Page *pages;
    size_t page_count, page_cap;
    toc_entry *toc;
    size_t toc_count, toc_cap;
    sla_canvas canvas;
    const sla_pdf_env *env;
    const sla_results *r;
    const sla_lang *l;
    const char *subject; /* the file libharu is working on, for error messages */
    sla_error *err;
    sla_status status;
    sla_rgb brand, on_brand;
} pdf;

/* libharu's error callback: the first error becomes the run's error. */
static void on_error(HPDF_STATUS code, HPDF_STATUS detail, void *user)
{
    pdf *p = user;
    const char *what = code == HPDF_FILE_OPEN_ERROR     ? "cannot open the file"
                       : code == HPDF_FILE_IO_ERROR     ? "cannot write the file"
                       : code == HPDF_TTF_INVALID_FOMAT ? "not a usable TrueType font"
                       : code == HPDF_TTF_MISSING_TABLE ? "TrueType font lacks a required table"
                       : code == HPDF_INVALID_PNG_IMAGE ? "not a usable PNG image"
                       : code == HPDF_INVALID_JPEG_DATA ? "not a usable JPEG image"
                                                        : "PDF library error";
    if (p->status != SLA_OK)
        return;
    /* A write that fails inside a compressed stream comes as a zlib error
     * with the file error as its detail; libharu's detail for file errors is
     * ferror()'s flag, not an errno, so the errno of the failed call says why
     * (a full disk, a file-size limit). */
    int saved = errno;
    if (code == HPDF_ZLIB_ERROR && detail == HPDF_FILE_IO_ERROR) {
        code = HPDF_FILE_IO_ERROR;
        what = "cannot write the file";
    }
    if (code == HPDF_FILE_OPEN_ERROR || code == HPDF_FILE_IO_ERROR)
        p->status = sla_fail(p->err, SLA_ERR_IO, p->subject, 0, 0, "%s: %s", what,
                             saved ? strerror(saved) : "I/O error");
    else
        p->status = sla_fail(p->err, SLA_ERR_IO, p->subject, 0, 0, "%s (libharu 0x%04X/%u)", what,
                             (unsigned)code, (unsigned)detail);
}

/* ---- canvas on a libharu page (y from the top) ---- */

/* Fill and/or stroke the current path. */
static void paint(HPDF_Page pg, const sla_rgb *fill, const sla_rgb *stroke, double lw)
{
    if (fill && stroke)
        HPDF_Page_FillStroke(pg);
    else if (fill)
        HPDF_Page_Fill(pg);
    else if (stroke)
        HPDF_Page_Stroke(pg);
    else
        HPDF_Page_EndPath(pg);
    (void)lw;
}

/* Set fill and stroke colours and line width for the next path. */
static void colors(HPDF_Page pg, const sla_rgb *fill, const sla_rgb *stroke, double lw)
{
    if (fill)
        HPDF_Page_SetRGBFill(pg, (HPDF_REAL)fill->r, (HPDF_REAL)fill->g, (HPDF_REAL)fill->b);
    if (stroke) {
        HPDF_Page_SetRGBStroke(pg, (HPDF_REAL)stroke->r, (HPDF_REAL)stroke->g,
                               (HPDF_REAL)stroke->b);
        HPDF_Page_SetLineWidth(pg, (HPDF_REAL)lw);
    }
}

/* canvas rect */
static void cv_rect(void *ctx, double x, double y, double w, double h, const sla_rgb *fill,
                    const sla_rgb *stroke, double lw)
{
    pdf *p = ctx;
    colors(p->page, fill, stroke, lw);
    HPDF_Page_Rectangle(p->page, (HPDF_REAL)x, (HPDF_REAL)(PAGE_H - y - h), (HPDF_REAL)w,
                        (HPDF_REAL)h);
    paint(p->page, fill, stroke, lw);
}

/* canvas polyline */
static void cv_line(void *ctx, const double *xy, size_t n, sla_rgb color, double width, bool dashed)
{
    pdf *p = ctx;
    static const HPDF_UINT16 dash[] = {3, 2};
    colors(p->page, NULL, &color, width);
    if (dashed)
        HPDF_Page_SetDash(p->page, dash, 2, 0);
    HPDF_Page_MoveTo(p->page, (HPDF_REAL)xy[0], (HPDF_REAL)(PAGE_H - xy[1]));
    for (size_t i = 1; i < n; i++)
        HPDF_Page_LineTo(p->page, (HPDF_REAL)xy[2 * i], (HPDF_REAL)(PAGE_H - xy[2 * i + 1]));
    HPDF_Page_Stroke(p->page);
    if (dashed)
        HPDF_Page_SetDash(p->page, NULL, 0, 0);
}

/* canvas disc */
static void cv_circle(void *ctx, double x, double y, double radius, const sla_rgb *fill,
                      const sla_rgb *stroke, double lw)
{
    pdf *p = ctx;
    colors(p->page, fill, stroke, lw);
    HPDF_Page_Circle(p->page, (HPDF_REAL)x, (HPDF_REAL)(PAGE_H - y), (HPDF_REAL)radius);
    paint(p->page, fill, stroke, lw);
}

/* libharu refuses strings of 64 KiB or more; the chart layer never draws
 * that much, this keeps a slip from failing the whole pack. */
#define HPDF_TEXT_LIMIT 60000

/* s cut at a character boundary below HPDF_TEXT_LIMIT bytes, as a copy in
 * *owned (freed by the caller), or s itself when it is short enough. */
static const char *hpdf_safe(const char *s, char **owned)
{
    size_t n = strlen(s);
    *owned = NULL;
    if (n < HPDF_TEXT_LIMIT)
        return s;
    n = HPDF_TEXT_LIMIT - 1;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return *owned = sla_xstrndup(s, n);
}

/* Note a text the subset font of its face cannot draw. */
static void check_cover(pdf *p, const char *s, bool bold)
{
    const sla_font_subset *sub = p->whole ? NULL : p->sh->subset[bold ? p->bold_face : 0];
    if (sub && !p->uncovered && !sla_font_subset_covers(sub, s))
        p->uncovered = true;
}

/* canvas text */
static void cv_text(void *ctx, double x, double y, const char *s, double size, bool bold,
                    sla_rgb color)
{
    pdf *p = ctx;
    check_cover(p, s, bold);
    HPDF_Page_BeginText(p->page);
    HPDF_Page_SetFontAndSize(p->page, bold ? p->bold : p->regular, (HPDF_REAL)size);
    bool stroke = bold && p->fake_bold;
    colors(p->page, &color, stroke ? &color : NULL, size * 0.035);
    if (p->fake_bold)
        HPDF_Page_SetTextRenderingMode(p->page, stroke ? HPDF_FILL_THEN_STROKE : HPDF_FILL);
    char *owned;
    HPDF_Page_TextOut(p->page, (HPDF_REAL)x, (HPDF_REAL)(PAGE_H - y), hpdf_safe(s, &owned));
    free(owned);
    HPDF_Page_EndText(p->page);
}

/* canvas text width */
static double cv_text_width(void *ctx, const char *s, double size, bool bold)
{
    pdf *p = ctx;
    char *owned;
    s = hpdf_safe(s, &owned);
    check_cover(p, s, bold);
    HPDF_TextWidth tw = HPDF_Font_TextWidth(bold ? p->bold : p->regular, (const HPDF_BYTE *)s,
                                            (HPDF_UINT)strlen(s));
    free(owned);
    return tw.width * size / 1000.0;
}

static const sla_canvas_ops hpdf_ops = {cv_rect, cv_line, cv_circle, cv_text, cv_text_width};

/* ---- text helpers ---- */

/* The label for key in the report's language. */
static const char *tr(const pdf *p, const char *key)
{
    return sla_tr(p->l, key);
}

/* The template of key with {1}..{n} replaced by args, into out. */
static char *tpl(const pdf *p, const char *key, char *out, size_t size, int n, ...)
{
    const char *args[9] = {0};
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n && i < 9; i++)
        args[i] = va_arg(ap, const char *);
    va_end(ap);
    sla_buf b = {0};
    for (const char *s = tr(p, key); *s; s++) {
        if (s[0] == '{' && s[1] >= '1' && s[1] <= '9' && s[2] == '}' && args[s[1] - '1']) {
            sla_buf_puts(&b, args[s[1] - '1']);
            s += 2;
        } else {
            sla_buf_append(&b, s, 1);
        }
    }
    snprintf(out, size, "%s", b.data ? b.data : "");
    sla_buf_free(&b);
    return out;
}

/* Draw text (fitted to w) at x, y. */
static void text(pdf *p, double x, double y, double w, sla_align a, double size, bool bold,
                 sla_rgb color, const char *s)
{
    sla_font f = {size, bold, color};
    sla_text_fit(&p->canvas, x, y, w, a, &f, s);
}

/* Draw a number right-aligned in a cell of width w ending at x + w. */
static void num(pdf *p, double x, double y, double w, bool bold, const char *s)
{
    sla_font f = {SLA_PT_BODY, bold, SLA_INK};
    sla_number_fit(&p->canvas, x, y, w, SLA_ALIGN_RIGHT, &f, s);
}

/* A horizontal hairline across the content width at y. */
static void rule(pdf *p, double x, double y, double w, sla_rgb color, double width)
{
    double xy[] = {x, y, x + w, y};
    p->canvas.ops->line(p, xy, 2, color, width, false);
}

/* Chart formatters: numbers in the report's language. */
static void fmt_count(const void *ctx, double v, char *buf, size_t size)
{
    sla_fmt_number(ctx, v, 0, buf, size);
}

/* Percent with one decimal. */
static void fmt_pct(const void *ctx, double v, char *buf, size_t size)
{
    sla_fmt_percent(ctx, v, 1, buf, size);
}

/* Hours with one decimal and the unit. */
static void fmt_hours_value(const void *ctx, double hours, char *buf, size_t size)
{
    char n[40];
    sla_fmt_number(ctx, hours, 1, n, sizeof n);
    snprintf(buf, size, "%s h", n);
}

/* ---- KPI descriptions shared by tiles, tables and scorecards ---- */

typedef enum kind { K_COUNT, K_RATE, K_MINUTES } kind;

typedef struct kpi_def {
    sla_kpi_id id;
    const char *label; /* lang key */
    const char *col;   /* short column label key */
    kind kind;
    bool higher_is_better;
} kpi_def;

static const kpi_def KPIS[] = {
    {SLA_KPI_MQL_COUNT, "kpi.mql_count", "pdf.col.mql", K_COUNT, true},
    {SLA_KPI_SAL_RATE, "kpi.sal_rate", "pdf.col.sal", K_RATE, true},
    {SLA_KPI_MQL_TO_SQL_RATE, "kpi.mql_to_sql_rate", "pdf.col.mql_to_sql", K_RATE, true},
    {SLA_KPI_RESPONSE_MEDIAN, "kpi.response_median_min", "pdf.col.median", K_MINUTES, false},
    {SLA_KPI_RESPONSE_WITHIN_SLA, "kpi.response_within_sla_rate", "pdf.col.within_sla", K_RATE,
     true},
    {SLA_KPI_UNTOUCHED_BREACHES, "kpi.untouched_breaches", "pdf.col.untouched", K_COUNT, false},
    {SLA_KPI_ATTEMPTS_COMPLIANCE, "kpi.attempts_compliance_rate", "pdf.col.attempts", K_RATE, true},
    {SLA_KPI_RETURNED_WITH_REASON, "kpi.returned_with_reason_rate", "pdf.col.returns", K_RATE,
     true},
    {SLA_KPI_WIN_RATE, "kpi.win_rate", "pdf.col.win", K_RATE, true},
};
#define KPI_N (sizeof KPIS / sizeof *KPIS)

/* The value of a RAG-carrying KPI, as the results hold it. */
static double kpi_value(const sla_kpis *k, sla_kpi_id id)
{
    switch (id) {
    case SLA_KPI_MQL_COUNT:
        return (double)k->mql_count;
    case SLA_KPI_SAL_RATE:
        return k->sal_rate;
    case SLA_KPI_MQL_TO_SQL_RATE:
        return k->mql_to_sql_rate;
    case SLA_KPI_RESPONSE_MEDIAN:
        return k->response_median_min;
    case SLA_KPI_RESPONSE_WITHIN_SLA:
        return k->response_within_sla_rate;
    case SLA_KPI_UNTOUCHED_BREACHES:
        return (double)k->untouched_breaches;
    case SLA_KPI_ATTEMPTS_COMPLIANCE:
        return k->attempts_compliance_rate;
    case SLA_KPI_RETURNED_WITH_REASON:
        return k->returned_with_reason_rate;
    case SLA_KPI_WIN_RATE:
        return k->win_rate;
    default:
        return NAN;
    }
}

/* A configured target that may be unset (negative). */
static double target_or_nan(double t)
{
    return t < 0 ? NAN : t;
}

/* The target a KPI's RAG status is judged against (SPEC §3 sla.targets). */
static double kpi_target(const pdf *p, const sla_kpis *k, sla_kpi_id id)
{
    const sla_sla_cfg *s = &p->r->cfg->sla;
    switch (id) {
    case SLA_KPI_MQL_COUNT:
        return k->mql_target;
    case SLA_KPI_SAL_RATE:
        return target_or_nan(s->targets.sal_rate);
    case SLA_KPI_MQL_TO_SQL_RATE:
        return target_or_nan(s->targets.mql_to_sql_rate);
    case SLA_KPI_RESPONSE_MEDIAN:
        return s->response_minutes;
    case SLA_KPI_RESPONSE_WITHIN_SLA:
        return target_or_nan(s->targets.response_within_sla_rate);
    case SLA_KPI_UNTOUCHED_BREACHES:
        return 0;
    case SLA_KPI_ATTEMPTS_COMPLIANCE:
        return target_or_nan(s->targets.attempts_compliance_rate);
    case SLA_KPI_RETURNED_WITH_REASON:
        return target_or_nan(s->targets.returned_with_reason_rate);
    case SLA_KPI_WIN_RATE:
        return target_or_nan(s->targets.win_rate);
    default:
        return NAN;
    }
}

/* A KPI value formatted for display. */
static char *fmt_kpi(const pdf *p, const kpi_def *d, double v, char *buf, size_t size)
{
    switch (d->kind) {
    case K_COUNT:
        return sla_fmt_number(p->l, v, 0, buf, size);
    case K_RATE:
        return sla_fmt_percent(p->l, v, 1, buf, size);
    default:
        return sla_fmt_hours(p->l, v, buf, size);
    }
}

/* The change against the previous period with its arrow ("▲ +3,1 pp"), and
 * whether it is good (1), bad (-1) or neither (0). */
static int fmt_delta(const pdf *p, const kpi_def *d, double cur, double prev, char *buf,
                     size_t size)
{
    double delta = cur - prev;
    char n[64];
    if (isnan(delta)) {
        snprintf(buf, size, "\xE2\x80\x93");
        return 0;
    }
    if (d->kind == K_RATE) {
        sla_fmt_pp(p->l, delta, 1, n, sizeof n);
    } else {
        if (d->kind == K_COUNT)
            sla_fmt_number(p->l, delta, 0, n, sizeof n);
        else
            sla_fmt_hours(p->l, delta, n, sizeof n);
        if (delta > 0) {
            memmove(n + 1, n, strnlen(n, sizeof n - 2) + 1);
            n[0] = '+';
        }
    }
    const char *arrow = delta > 0   ? "\xE2\x96\xB2 " /* ▲ */
                        : delta < 0 ? "\xE2\x96\xBC " /* ▼ */
                                    : "";
    snprintf(buf, size, "%s%s", arrow, n);
    if (delta == 0)
        return 0;
    return (delta > 0) == d->higher_is_better ? 1 : -1;
}

/* The colour of a good / bad change (IBCS: good green, bad red). */
static sla_rgb delta_color(int good)
{
    return good > 0 ? SLA_GREEN : good < 0 ? SLA_RED : SLA_GREY;
}

/* How many of a group's KPIs are green, out of those with a status. */
static void count_green(const sla_kpis *k, int *green, int *rated)
{
    *green = *rated = 0;
    for (int i = 0; i < SLA_KPI_STATUS_COUNT; i++) {
        if (k->status[i] != SLA_RAG_NONE)
            (*rated)++;
        if (k->status[i] == SLA_RAG_GREEN)
            (*green)++;
    }
}

/* Order of a rep id against a rep result, for bsearch over results->reps. */
static int rep_cmp(const void *key, const void *item)
{
    return strcmp(key, ((const sla_rep_result *)item)->rep);
}

/* The display name of a rep id: the roster's name (found through the
 * results, which are sorted by rep id), else the id. */
static const char *rep_name(const pdf *p, const char *rep)
{
    if (strcmp(rep, "unassigned") == 0)
        return tr(p, "word.unassigned");
    const sla_rep_result *r =
        bsearch(rep, p->r->reps, p->r->rep_count, sizeof *p->r->reps, rep_cmp);
    return r && r->cfg && r->cfg->name ? r->cfg->name : rep;
}

/* The display name of a team. */
static const char *team_name(const pdf *p, const char *team)
{
    return strcmp(team, "unassigned") == 0 ? tr(p, "word.unassigned") : team;
}

/* "II kwartał 2025" / "May 2025" for a period label. */
static char *period_name(const pdf *p, const char *label, char *buf, size_t size)
{
    int year = 0, n = 0;
    char key[32];
    if (sscanf(label, "%d-Q%d", &year, &n) == 2)
        snprintf(key, sizeof key, "pdf.quarter.%d", n);
    else if (sscanf(label, "%d-%d", &year, &n) == 2)
        snprintf(key, sizeof key, "pdf.month.%02d", n);
    else
        return snprintf(buf, size, "%s", label), buf;
    char y[16];
    snprintf(y, sizeof y, "%d", year);
    return tpl(p, "pdf.period_name", buf, size, 2, tr(p, key), y);
}

/* Short month name of "2025-04" for chart axes. */
static const char *month_short(const pdf *p, const char *month)
{
    int y, m;
    char key[32];
    if (sscanf(month, "%d-%d", &y, &m) != 2)
        return month;
    snprintf(key, sizeof key, "pdf.mon.%02d", m);
    return tr(p, key);
}

/* ---- pages ---- */

/* Start a page with the header band naming the company, period and section. */
static void page_new(pdf *p, const char *section)
{
    p->page = HPDF_AddPage(p->doc);
    HPDF_Page_SetSize(p->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    sla_grow((void **)&p->pages, &p->page_cap, p->page_count + 1, sizeof *p->pages);
    p->pages[p->page_count++] = p->page;
    if (!section)
        return;
    cv_rect(p, 0, 0, PAGE_W, BAND_H, &p->brand, NULL, 0);
    char right[256], period[64];
    snprintf(right, sizeof right, "%s  \xC2\xB7  %s", section,
             period_name(p, p->r->period.label, period, sizeof period));
    sla_font f = {SLA_PT_BODY, false, p->on_brand};
    double rw = fmin(cv_text_width(p, right, SLA_PT_BODY, false), CONTENT_W * 0.55);
    sla_text_fit(&p->canvas, PAGE_W - MARGIN - rw, 17, rw, SLA_ALIGN_RIGHT, &f, right);
    text(p, MARGIN, 17, CONTENT_W - rw - 18, SLA_ALIGN_LEFT, SLA_PT_BODY, true, p->on_brand,
         p->r->cfg->company);
}

/* Start a section: a new page, listed in the table of contents. */
static void section_new(pdf *p, const char *title)
{
    page_new(p, title);
    sla_grow((void **)&p->toc, &p->toc_cap, p->toc_count + 1, sizeof *p->toc);
    p->toc[p->toc_count++] = (toc_entry){sla_xstrdup(title), p->page_count};
}

/* The page's message as its title (up to two lines); returns the y below it. */
static double page_title(pdf *p, const char *title)
{
    sla_font f = {SLA_PT_TITLE, true, SLA_INK};
    int lines = sla_text_wrap(&p->canvas, MARGIN, TITLE_Y, CONTENT_W, 24, 2, &f, title, true);
    return TITLE_Y + 24.0 * (lines - 1) + 22;
}

/* A subheading at y; returns the y below it. */
static double subhead(pdf *p, double y, const char *s)
{
    text(p, MARGIN, y, CONTENT_W, SLA_ALIGN_LEFT, SLA_PT_HEAD, true, SLA_INK, s);
    return y + 8;
}

/* Footers on every page, once N is known. */
static void draw_footers(pdf *p)
{
    char period[64], cutoff[64], gen[64], left[512], right[64], n[24], total[24];
    const sla_tz *tz = p->r->cfg->tz;
    snprintf(period, sizeof period, "%s", p->r->period.label);
    sla_fmt_datetime(p->l, tz, p->r->as_of, cutoff, sizeof cutoff);
    sla_fmt_date(p->l, tz, p->env->generated_at, gen, sizeof gen);
    tpl(p, "pdf.footer", left, sizeof left, 3, period, cutoff, gen);
    snprintf(total, sizeof total, "%zu", p->page_count);
    for (size_t i = 0; i < p->page_count; i++) {
        p->page = p->pages[i];
        snprintf(n, sizeof n, "%zu", i + 1);
        tpl(p, "pdf.page_n_of", right, sizeof right, 2, n, total);
        rule(p, MARGIN, PAGE_H - 32, CONTENT_W, SLA_RULE, 0.5);
        text(p, MARGIN, PAGE_H - 21, CONTENT_W - 80, SLA_ALIGN_LEFT, SLA_PT_SMALL, false, SLA_GREY,
             left);
        text(p, PAGE_W - MARGIN - 80, PAGE_H - 21, 80, SLA_ALIGN_RIGHT, SLA_PT_SMALL, false,
             SLA_GREY, right);
    }
}

/* ---- cover ---- */

/* Load the logo (PNG or JPEG, told apart by their first bytes). */
static HPDF_Image load_logo(pdf *p, const char *path)
{
    unsigned char magic[8] = {0};
    FILE *f = fopen(path, "rb");
    if (!f) {
        p->status =
            sla_fail(p->err, SLA_ERR_IO, path, 0, 0, "cannot read the logo: %s", strerror(errno));
        return NULL;
    }
    size_t got = fread(magic, 1, sizeof magic, f);
    fclose(f);
    p->subject = path;
    HPDF_Image img = NULL;
    if (got >= 4 && memcmp(magic, "\x89PNG", 4) == 0) {
        sla_rgb_image rgb;
        p->status = sla_png_load_rgb(path, &rgb, p->err);
        if (p->status == SLA_OK)
            img = HPDF_LoadRawImageFromMem(p->doc, rgb.pixels, rgb.width, rgb.height,
                                           HPDF_CS_DEVICE_RGB, 8);
        sla_rgb_image_free(&rgb);
    } else if (got >= 2 && magic[0] == 0xFF && magic[1] == 0xD8)
        img = HPDF_LoadJpegImageFromFile(p->doc, path);
    else
        p->status = sla_fail(p->err, SLA_ERR_IO, path, 0, 0, "the logo is neither PNG nor JPEG");
    return img;
}

/* The cover: brand band with company, title and period; logo; key dates.
 * The table of contents is added by draw_toc() at the end. */
static void page_cover(pdf *p)
{
    const sla_results *r = p->r;
    page_new(p, NULL);
    cv_rect(p, 0, 0, PAGE_W, 330, &p->brand, NULL, 0);
    text(p, MARGIN, 80, CONTENT_W, SLA_ALIGN_LEFT, SLA_PT_HEAD, false, p->on_brand,
         tr(p, "pdf.cover.kicker"));
    sla_font big = {28, true, p->on_brand};
    int lines =
        sla_text_wrap(&p->canvas, MARGIN, 130, CONTENT_W, 34, 3, &big, r->cfg->company, true);
    double y = 130 + 34.0 * (lines - 1) + 44;
    char period[64];
    text(p, MARGIN, y, CONTENT_W, SLA_ALIGN_LEFT, SLA_PT_TITLE, false, p->on_brand,
         tr(p, "pdf.cover.title"));
    text(p, MARGIN, y + 30, CONTENT_W, SLA_ALIGN_LEFT, SLA_PT_TITLE, true, p->on_brand,
         period_name(p, r->period.label, period, sizeof period));
    if (r->cfg->branding.logo) {
        HPDF_Image img = load_logo(p, r->cfg->branding.logo);
        if (img) {
            double iw = HPDF_Image_GetWidth(img), ih = HPDF_Image_GetHeight(img);
            double s = fmin(160 / iw, 60 / ih);
            HPDF_Page_DrawImage(p->page, img, (HPDF_REAL)(PAGE_W - MARGIN - iw * s),
                                (HPDF_REAL)(PAGE_H - 360 - ih * s), (HPDF_REAL)(iw * s),
                                (HPDF_REAL)(ih * s));
        }
    }
    const sla_tz *tz = r->cfg->tz;
    char from[32], to[32], range[80], cutoff[64], gen[32];
    sla_fmt_date(p->l, tz, r->period.start, from, sizeof from);
    sla_fmt_date(p->l, tz, r->period.end - 1, to, sizeof to);
    snprintf(range, sizeof range, "%s \xE2\x80\x93 %s", from, to);
    sla_fmt_datetime(p->l, tz, r->as_of, cutoff, sizeof cutoff);
    sla_fmt_date(p->l, tz, p->env->generated_at, gen, sizeof gen);
    const char *rows[][2] = {{tr(p, "pdf.cover.period"), range},
                             {tr(p, "pdf.cover.cutoff"), cutoff},
                             {tr(p, "pdf.cover.timezone"), r->cfg->timezone},
                             {tr(p, "pdf.cover.generated"), gen}};
    y = 375;
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++, y += 16) {
        text(p, MARGIN, y, 120, SLA_ALIGN_LEFT, SLA_PT_BODY, false, SLA_GREY, rows[i][0]);
        text(p, MARGIN + 125, y, 200, SLA_ALIGN_LEFT, SLA_PT_BODY, true, SLA_INK, rows[i][1]);
    }
}

/* The table of contents on the cover, once page numbers are known. */
static void draw_toc(pdf *p)
{
    p->page = p->pages[0];
    double y = subhead(p, 470, tr(p, "pdf.toc")) + 10;
    rule(p, MARGIN, y - 8, CONTENT_W, SLA_INK, 0.6);
    for (size_t i = 0; i < p->toc_count; i++, y += 17) {
        char n[24];
        snprintf(n, sizeof n, "%zu", p->toc[i].page);
        text(p, MARGIN, y + 3, CONTENT_W - 60, SLA_ALIGN_LEFT, SLA_PT_BODY, false, SLA_INK,
             p->toc[i].title);
        num(p, PAGE_W - MARGIN - 60, y + 3, 60, false, n);
        rule(p, MARGIN, y + 8, CONTENT_W, SLA_RULE, 0.4);
    }
}

/* ---- executive summary ---- */

/* The bullet graph of one KPI (value, target, previous; optional compare). */
static void kpi_bullet(pdf *p, sla_box b, const kpi_def *d, const sla_kpis *k, const sla_kpis *prev,
                       double compare, bool axis)
{
    sla_bullet g = {.value = kpi_value(k, d->id),
                    .target = kpi_target(p, k, d->id),
                    .previous = prev ? kpi_value(prev, d->id) : NAN,
                    .compare = compare,
                    .scale_max = 0,
                    .higher_is_better = d->higher_is_better,
                    .tolerance = p->r->cfg->sla.amber_tolerance};
    if (d->kind == K_RATE)
        g.fmt = (sla_fmt){fmt_pct, p->l};
    else if (d->kind == K_COUNT)
        g.fmt = (sla_fmt){fmt_count, p->l};
    else
        g.fmt = (sla_fmt){fmt_hours_value, p->l};
    if (d->kind == K_RATE) { /* a share never needs an axis beyond 100 % */
        double m = fmax(fmax(isnan(g.value) ? 0 : g.value, isnan(g.target) ? 0 : g.target),
                        fmax(isnan(g.previous) ? 0 : g.previous, isnan(g.compare) ? 0 : g.compare));
        g.scale_max = fmin(1, sla_nice_ceil(fmax(m, 0.01) * 1.15));
    }
    if (d->kind == K_MINUTES) { /* the axis reads in hours */
        g.value /= 60, g.target /= 60, g.previous /= 60, g.compare /= 60;
    }
    if (!axis)
        g.fmt.fn = NULL;
    sla_chart_bullet(&p->canvas, b, &g);
}

/* One KPI tile: label, RAG badge, value, target, change, bullet graph. */
static void kpi_tile(pdf *p, sla_box b, const kpi_def *d, const sla_kpis *k, const sla_kpis *prev)
{
    char v[64], t[64], line[160], delta[64];
    rule(p, b.x, b.y, b.w, SLA_RULE, 0.6);
    sla_rag_badge(&p->canvas, b.x + b.w - 7, b.y + 13, 6.5, (int)k->status[d->id]);
    text(p, b.x, b.y + 16, b.w - 20, SLA_ALIGN_LEFT, SLA_PT_BODY, true, SLA_INK, tr(p, d->label));
    fmt_kpi(p, d, kpi_value(k, d->id), v, sizeof v);
    sla_font big = {SLA_PT_TITLE, true, SLA_INK};
    double vw = sla_number_fit(&p->canvas, b.x, b.y + 42, b.w * 0.45, SLA_ALIGN_LEFT, &big, v);
    fmt_kpi(p, d, kpi_target(p, k, d->id), t, sizeof t);
    snprintf(line, sizeof line, "%s %s", tr(p, "word.target"), t);
    text(p, b.x + vw + 6, b.y + 42, b.w * 0.68 - vw - 6, SLA_ALIGN_LEFT, SLA_PT_BODY, false,
         SLA_GREY, line);
    if (prev) {
        int good =
            fmt_delta(p, d, kpi_value(k, d->id), kpi_value(prev, d->id), delta, sizeof delta);
        text(p, b.x + b.w * 0.68, b.y + 34, b.w * 0.32, SLA_ALIGN_RIGHT, SLA_PT_BODY, true,
             delta_color(good), delta);
        text(p, b.x + b.w * 0.68, b.y + 44, b.w * 0.32, SLA_ALIGN_RIGHT, SLA_PT_SMALL, false,
             SLA_GREY, tr(p, "pdf.vs_previous"));
    }
    kpi_bullet(p, (sla_box){b.x, b.y + 54, b.w, 12}, d, k, prev, NAN, true);
}

/* The legend of the bullet graphs and RAG badges. */
static void bullet_legend(pdf *p, double y)
{
    double x = MARGIN;
    sla_font f = {SLA_PT_SMALL, false, SLA_INK};
    cv_rect(p, x, y - 5, 14, 4, &SLA_INK, NULL, 0);
    x += 18 +
         sla_text_fit(&p->canvas, x + 18, y, 110, SLA_ALIGN_LEFT, &f, tr(p, "pdf.legend.actual")) +
         12;
    cv_rect(p, x, y - 3, 14, 2, &SLA_GREY, NULL, 0);
    x +=
        18 +
        sla_text_fit(&p->canvas, x + 18, y, 110, SLA_ALIGN_LEFT, &f, tr(p, "pdf.legend.previous")) +
        12;
    double xy[] = {x + 6, y - 8, x + 6, y + 1};
    cv_line(p, xy, 2, SLA_INK, 2, false);
    x += 14 +
         sla_text_fit(&p->canvas, x + 14, y, 80, SLA_ALIGN_LEFT, &f, tr(p, "pdf.legend.target")) +
         12;
    for (int rag = 1; rag <= 3; rag++) {
        char key[32];
        snprintf(key, sizeof key, "rag.%s", sla_rag_key((sla_rag)rag));
        sla_rag_badge(&p->canvas, x + 5, y - 3, 5, rag);
        x += 13 + sla_text_fit(&p->canvas, x + 13, y, 90, SLA_ALIGN_LEFT, &f, tr(p, key)) + 10;
    }
}

/* The KPIs off target (red first, then amber) with value and target: what
 * the meeting should talk about. */
static void attention_list(pdf *p, double y, const sla_kpis *k)
{
    y = subhead(p, y, tr(p, "pdf.summary.attention")) + 16;
    int shown = 0;
    for (int rag = SLA_RAG_RED; rag >= SLA_RAG_AMBER; rag--) {
        for (size_t i = 0; i < KPI_N; i++) {
            const kpi_def *d = &KPIS[i];
            if ((int)k->status[d->id] != rag)
                continue;
            char v[64], t[64], line[320];
            fmt_kpi(p, d, kpi_value(k, d->id), v, sizeof v);
            fmt_kpi(p, d, kpi_target(p, k, d->id), t, sizeof t);
            tpl(p, "pdf.summary.attention_row", line, sizeof line, 3, tr(p, d->label), v, t);
            sla_rag_badge(&p->canvas, MARGIN + 5, y - 3, 5, rag);
            text(p, MARGIN + 14, y, CONTENT_W - 14, SLA_ALIGN_LEFT, SLA_PT_BODY, false, SLA_INK,
                 line);
            y += 15;
            shown++;
        }
    }
    if (!shown)
        text(p, MARGIN, y, CONTENT_W, SLA_ALIGN_LEFT, SLA_PT_BODY, false, SLA_INK,
             tr(p, "pdf.summary.all_green"));
}

/* Executive summary: ten tiles in two columns. */
static void page_summary(pdf *p)
{
    const sla_results *r = p->r;
    const sla_kpis *k = &r->company, *prev = r->has_previous ? &r->company_prev : NULL;
    section_new(p, tr(p, "pdf.section.summary"));
    int green, rated;
    count_green(k, &green, &rated);
    char g[24], n[24], v[64], t[64], title[512];
    snprintf(g, sizeof g, "%d", green);
    snprintf(n, sizeof n, "%d", rated);
    const kpi_def *sla = &KPIS[4];
    fmt_kpi(p, sla, kpi_value(k, sla->id), v, sizeof v);
    fmt_kpi(p, sla, kpi_target(p, k, sla->id), t, sizeof t);
    double y = page_title(p, tpl(p, "pdf.summary.title", title, sizeof title, 4, g, n, v, t));
    double col_w = (CONTENT_W - 24) / 2, tile_h = 84;
    for (size_t i = 0; i < KPI_N; i++) {
        sla_box b = {MARGIN + (double)(i % 2) * (col_w + 24), y + (double)(i / 2) * tile_h, col_w,
                     tile_h};
        kpi_tile(p, b, &KPIS[i], k, prev);
    }
    /* The tenth tile: value of the pipeline and of the wins (no target). */
    sla_box b = {MARGIN + col_w + 24, y + 4 * tile_h, col_w, tile_h};
    char pipe[64], won[64], line[160];
    rule(p, b.x, b.y, b.w, SLA_RULE, 0.6);
    text(p, b.x, b.y + 16, b.w, SLA_ALIGN_LEFT, SLA_PT_BODY, true, SLA_INK,
         tr(p, "kpi.pipeline_amount"));
    sla_font big = {SLA_PT_TITLE, true, SLA_INK};
    sla_number_fit(&p->canvas, b.x, b.y + 42, b.w, SLA_ALIGN_LEFT, &big,
                   sla_fmt_money(p->l, k->pipeline_cents, pipe, sizeof pipe));
    snprintf(line, sizeof line, "%s: %s", tr(p, "kpi.won_amount"),
             sla_fmt_money(p->l, k->won_cents, won, sizeof won));
    text(p, b.x, b.y + 60, b.w, SLA_ALIGN_LEFT, SLA_PT_BODY, false, SLA_INK, line);
    bullet_legend(p, y + 5 * tile_h + 14);
    if (!prev)
        text(p, MARGIN, y + 5 * tile_h + 30, CONTENT_W, SLA_ALIGN_LEFT, SLA_PT_SMALL, false,
             SLA_GREY, tr(p, "pdf.no_previous"));
    attention_list(p, y + 5 * tile_h + 56, k);
}

/* ---- funnel ---- */

/* Funnel inquiry → MQL → SAL → SQL → Won with the stage conversion rates the
 * results carry, and the money figures beside it. */
static void page_funnel(pdf *p)
{
    const sla_kpis *k = &p->r->company;
    section_new(p, tr(p, "pdf.section.funnel"));
    char mql[48], sql[48], rate[48], won[48], title[512];
    sla_fmt_number(p->l, (double)k->mql_count, 0, mql, sizeof mql);
    sla_fmt_number(p->l, (double)k->sql_count, 0, sql, sizeof sql);
    sla_fmt_percent(p->l, k->mql_to_sql_rate, 1, rate, sizeof rate);
    sla_fmt_number(p->l, (double)k->won_count, 0, won, sizeof won);
    double y =
        page_title(p, tpl(p, "pdf.funnel.title", title, sizeof title, 4, mql, sql, rate, won));
    static const char *stages[] = {"stage.inquiry", "stage.mql", "stage.sal", "stage.sql",
                                   "stage.won"};
    long counts[] = {k->inquiries, k->mql_count, k->sal_count, k->sql_count, k->won_count};
    char values[5][48], notes[5][160], pct[48];
    sla_hbar bars[5];
    for (int i = 0; i < 5; i++) {
        sla_fmt_number(p->l, (double)counts[i], 0, values[i], sizeof values[i]);
        bars[i] = (sla_hbar){tr(p, stages[i]), (double)counts[i], values[i], NULL, false};
    }
    /* Only the rates the KPI engine computes: MQL→SAL, MQL→SQL, SQL→Won. */
    const struct {
        int after;
        const char *key;
        double v;
    } rates[] = {{1, "pdf.funnel.sal_rate", k->sal_rate},
                 {2, "pdf.funnel.mql_to_sql", k->mql_to_sql_rate},
                 {3, "pdf.funnel.win_rate", k->win_rate}};
    for (size_t i = 0; i < 3; i++) {
        sla_fmt_percent(p->l, rates[i].v, 1, pct, sizeof pct);
        tpl(p, rates[i].key, notes[rates[i].after], sizeof notes[0], 1, pct);
        bars[rates[i].after].note = notes[rates[i].after];
    }
    y += 20;
    if (k->inquiries == 0 && k->mql_count == 0)
        sla_chart_empty(&p->canvas, (sla_box){MARGIN, y, CONTENT_W, 250}, tr(p, "pdf.no_data"));
    else
        sla_chart_hbars(&p->canvas, (sla_box){MARGIN, y, CONTENT_W, 250}, bars, 5, 80, NAN, NULL);
    y += 280;
    y = subhead(p, y, tr(p, "pdf.funnel.figures")) + 14;
    char a[48], b[48], c[48], d[48];
    const char *rows[][2] = {
        {tr(p, "kpi.pipeline_amount"), sla_fmt_money(p->l, k->pipeline_cents, a, sizeof a)},
        {tr(p, "kpi.won_amount"), sla_fmt_money(p->l, k->won_cents, b, sizeof b)},
        {tr(p, "kpi.returned_count"),
         sla_fmt_number(p->l, (double)k->returned_count, 0, c, sizeof c)},
        {tr(p, "kpi.attempts_pending"),
         sla_fmt_number(p->l, (double)k->attempts_pending, 0, d, sizeof d)}};
    for (size_t i = 0; i < 4; i++, y += ROW_H + 2) {
        text(p, MARGIN, y, 220, SLA_ALIGN_LEFT, SLA_PT_BODY, false, SLA_INK, rows[i][0]);
        num(p, MARGIN + 220, y, 110, true, rows[i][1]);
        rule(p, MARGIN, y + 5, 330, SLA_RULE, 0.4);
    }
    sla_font note = {SLA_PT_SMALL, false, SLA_GREY};
    sla_text_wrap(&p->canvas, MARGIN, y + 14, CONTENT_W, 10, 4, &note, tr(p, "pdf.funnel.note"),
                  true);
}

/* ---- monthly trends ---- */

/* Three charts over the period's months: MQL volume vs target, response
 * median and p90 vs the SLA, MQL→SQL vs target. */
static void page_trends(pdf *p)
{
    const sla_results *r = p->r;
    size_t n = r->month_count;
    section_new(p, tr(p, "pdf.section.trends"));
    char v[48], t[48], title[512];
    sla_fmt_number(p->l, (double)r->company.mql_count, 0, v, sizeof v);
    sla_fmt_number(p->l, r->company.mql_target, 0, t, sizeof t);
    double y = page_title(p, tpl(p, "pdf.trends.title", title, sizeof title, 2, v, t));
    const char **cats = sla_xcalloc(n ? n : 1, sizeof *cats);
    double *a = sla_xcalloc(n ? n : 1, sizeof *a), *b = sla_xcalloc(n ? n : 1, sizeof *b);
    for (size_t i = 0; i < n; i++) {
        cats[i] = month_short(p, r->months[i].month);
        a[i] = (double)r->months[i].company.mql_count;
        b[i] = r->months[i].company.mql_target;
    }
    double h = (BOTTOM - y - 3 * 40) / 3; /* three blocks: heading, chart, space */
    y = subhead(p, y + 6, tr(p, "pdf.trends.mql")) + 6;
    sla_chart_columns(&p->canvas, (sla_box){MARGIN, y, CONTENT_W * 0.7, h}, cats, n, a, b,
                      (sla_fmt){fmt_count, p->l});
    sla_font f = {SLA_PT_SMALL, false, SLA_GREY};
    sla_text_wrap(&p->canvas, MARGIN + CONTENT_W * 0.74, y + 20, CONTENT_W * 0.26, 10, 6, &f,
                  tr(p, "pdf.trends.mql_note"), true);
    y += h + 26;
    for (size_t i = 0; i < n; i++) {
        a[i] = r->months[i].company.response_median_min / 60;
        b[i] = r->months[i].company.response_p90_min / 60;
    }
    y = subhead(p, y, tr(p, "pdf.trends.response")) + 6;
    sla_series rs[] = {{tr(p, "pdf.median"), a, SLA_INK}, {"p90", b, SLA_GREY}};
    char sla_label[64];
    fmt_hours_value(p->l, r->cfg->sla.response_minutes / 60.0, t, sizeof t);
    tpl(p, "pdf.sla_marker", sla_label, sizeof sla_label, 1, t);
    sla_chart_lines(&p->canvas, (sla_box){MARGIN, y, CONTENT_W, h}, cats, n, rs, 2,
                    r->cfg->sla.response_minutes / 60.0, sla_label,
                    (sla_fmt){fmt_hours_value, p->l});
    y += h + 26;
    for (size_t i = 0; i < n; i++)
        a[i] = r->months[i].company.mql_to_sql_rate;
    y = subhead(p, y, tr(p, "pdf.trends.conversion")) + 6;
    sla_series cs[] = {{NULL, a, SLA_INK}}; /* one line: the heading names it */
    char target_label[64];
    sla_fmt_percent(p->l, target_or_nan(r->cfg->sla.targets.mql_to_sql_rate), 0, t, sizeof t);
    snprintf(target_label, sizeof target_label, "%s %s", tr(p, "word.target"), t);
    sla_chart_lines(&p->canvas, (sla_box){MARGIN, y, CONTENT_W, h}, cats, n, cs, 1,
                    target_or_nan(r->cfg->sla.targets.mql_to_sql_rate), target_label,
                    (sla_fmt){fmt_pct, p->l});
    free(cats);
    free(a);
    free(b);
}

/* ---- team and rep comparison ---- */

#define NAME_W 100.0
#define COUNT_W 32.0

/* Column x positions of the comparison table's KPI cells. */
static double kpi_col_x(size_t i)
{
    return MARGIN + NAME_W + COUNT_W + (CONTENT_W - NAME_W - COUNT_W) / KPI_N * (double)i;
}

/* The comparison table's header row at y; returns the y of the first row. */
static double compare_header(pdf *p, double y, const char *first, const char *second)
{
    double cw = (CONTENT_W - NAME_W - COUNT_W) / KPI_N;
    text(p, MARGIN, y, NAME_W, SLA_ALIGN_LEFT, SLA_PT_SMALL, true, SLA_INK, first);
    text(p, MARGIN + NAME_W, y, COUNT_W, SLA_ALIGN_RIGHT, SLA_PT_SMALL, true, SLA_INK, second);
    for (size_t i = 0; i < KPI_N; i++)
        text(p, kpi_col_x(i), y, cw - 1, SLA_ALIGN_RIGHT, SLA_PT_SMALL, true, SLA_INK,
             tr(p, KPIS[i].col));
    rule(p, MARGIN, y + 5, CONTENT_W, SLA_INK, 0.6);
    return y + 5 + ROW_H;
}

/* One comparison row: name, a count, each KPI with its RAG symbol. */
static void compare_row(pdf *p, double y, const char *name, const char *count, const sla_kpis *k,
                        bool bold)
{
    double cw = (CONTENT_W - NAME_W - COUNT_W) / KPI_N;
    text(p, MARGIN, y, NAME_W - 4, SLA_ALIGN_LEFT, SLA_PT_BODY, bold, SLA_INK, name);
    num(p, MARGIN + NAME_W, y, COUNT_W, bold, count);
    for (size_t i = 0; i < KPI_N; i++) {
        char v[64];
        int rag = (int)k->status[KPIS[i].id];
        /* Nine KPIs with symbols across A4: the small size keeps "100,0 %" whole. */
        sla_font vf = {SLA_PT_SMALL, bold, SLA_INK};
        sla_number_fit(&p->canvas, kpi_col_x(i), y, cw - 10, SLA_ALIGN_RIGHT, &vf,
                       fmt_kpi(p, &KPIS[i], kpi_value(k, KPIS[i].id), v, sizeof v));
        sla_font f = {SLA_PT_SMALL, true, rag == SLA_RAG_AMBER ? SLA_INK : sla_rag_color(rag)};
        if (rag != SLA_RAG_NONE)
            sla_text_fit(&p->canvas, kpi_col_x(i) + cw - 8, y, 8, SLA_ALIGN_CENTER, &f,
                         sla_rag_symbol(rag));
    }
}

/* Team comparison: the table, the company row set apart, and response
 * within SLA per team as bars against the target. */
static void page_teams(pdf *p)
{
    const sla_results *r = p->r;
    section_new(p, tr(p, "pdf.section.teams"));
    const sla_team_result *best = NULL;
    for (size_t i = 0; i < r->team_count; i++) {
        double v = r->teams[i].kpis.response_within_sla_rate;
        if (r->teams[i].cfg && !isnan(v) && (!best || v > best->kpis.response_within_sla_rate))
            best = &r->teams[i];
    }
    char title[512], v[48];
    if (best) {
        sla_fmt_percent(p->l, best->kpis.response_within_sla_rate, 1, v, sizeof v);
        tpl(p, "pdf.teams.title", title, sizeof title, 2, best->team, v);
    } else {
        snprintf(title, sizeof title, "%s", tr(p, "pdf.section.teams"));
    }
    double y = page_title(p, title) + 8;
    y = compare_header(p, y, tr(p, "word.team"), tr(p, "pdf.col.reps"));
    for (size_t i = 0; i < r->team_count; i++, y += ROW_H) {
        if (y > BOTTOM - 2 * ROW_H) {
            page_new(p, tr(p, "pdf.section.teams"));
            y = compare_header(p, TITLE_Y, tr(p, "word.team"), tr(p, "pdf.col.reps"));
        }
        char n[32];
        sla_fmt_number(p->l, (double)r->teams[i].rep_count, 0, n, sizeof n);
        compare_row(p, y, team_name(p, r->teams[i].team), n, &r->teams[i].kpis, false);
    }
    rule(p, MARGIN, y - ROW_H + 5, CONTENT_W, SLA_INK, 0.6);
    char reps[32];
    sla_fmt_number(p->l, (double)r->rep_count, 0, reps, sizeof reps);
    compare_row(p, y + 2, tr(p, "word.company"), reps, &r->company, true);
    y += ROW_H + 30;
    size_t n = r->team_count;
    if (n == 0 || y + 60 + 16.0 * (double)n > BOTTOM)
        return;
    y = subhead(p, y, tr(p, "pdf.teams.chart")) + 18;
    sla_hbar *bars = sla_xcalloc(n, sizeof *bars);
    char(*vals)[48] = sla_xcalloc(n, sizeof *vals);
    for (size_t i = 0; i < n; i++) {
        const sla_kpis *k = &r->teams[i].kpis;
        sla_fmt_percent(p->l, k->response_within_sla_rate, 1, vals[i], sizeof vals[i]);
        bars[i] = (sla_hbar){team_name(p, r->teams[i].team), k->response_within_sla_rate, vals[i],
                             NULL, k->status[SLA_KPI_RESPONSE_WITHIN_SLA] == SLA_RAG_RED};
    }
    double target = target_or_nan(r->cfg->sla.targets.response_within_sla_rate);
    char tl[64], t[48];
    sla_fmt_percent(p->l, target, 0, t, sizeof t);
    snprintf(tl, sizeof tl, "%s %s", tr(p, "word.target"), t);
    sla_chart_hbars(&p->canvas, (sla_box){MARGIN, y, CONTENT_W, fmin(22.0 * (double)n, BOTTOM - y)},
                    bars, n, NAME_W, target, tl);
    free(bars);
    free(vals);
}

/* All reps in one table (paginated), the same columns as the teams. */
static void page_reps(pdf *p)
{
    const sla_results *r = p->r;
    if (r->rep_count == 0)
        return;
    section_new(p, tr(p, "pdf.section.reps"));
    char title[512], n[32];
    sla_fmt_number(p->l, (double)r->rep_count, 0, n, sizeof n);
    double y = page_title(p, tpl(p, "pdf.reps.title", title, sizeof title, 1, n)) + 8;
    y = compare_header(p, y, tr(p, "word.rep"), tr(p, "pdf.col.mql_target"));
    for (size_t i = 0; i < r->rep_count; i++, y += ROW_H) {
        if (y > BOTTOM - ROW_H) {
            page_new(p, tr(p, "pdf.section.reps"));
            y = compare_header(p, TITLE_Y, tr(p, "word.rep"), tr(p, "pdf.col.mql_target"));
        }
        const sla_rep_result *rep = &r->reps[i];
        char t[32];
        sla_fmt_number(p->l, rep->kpis.mql_target, 0, t, sizeof t);
        if (i % 2)
            cv_rect(p, MARGIN, y - ROW_H + 4, CONTENT_W, ROW_H, &(sla_rgb){0.965, 0.965, 0.965},
                    NULL, 0);
        compare_row(p, y, rep_name(p, rep->rep), t, &rep->kpis, false);
    }
}

/* ---- rep scorecard ---- */

/* The team result a rep belongs to, or NULL. */
static const sla_team_result *team_of(const pdf *p, const char *team)
{
    for (size_t i = 0; i < p->r->team_count; i++)
        if (strcmp(p->r->teams[i].team, team) == 0)
            return &p->r->teams[i];
    return NULL;
}

/* A duration in business minutes, compact for axis labels: "45 min", "2 h". */
static char *fmt_duration(const pdf *p, double minutes, char *buf, size_t size)
{
    char n[40];
    if (minutes < 60) {
        sla_fmt_number(p->l, minutes, 0, n, sizeof n);
        snprintf(buf, size, "%s min", n);
    } else {
        double h = minutes / 60;
        sla_fmt_number(p->l, h, h == floor(h) ? 0 : 1, n, sizeof n);
        snprintf(buf, size, "%s h", n);
    }
    return buf;
}

/* The response-time histogram of k, buckets in fractions of the SLA target
 * (kpi.h), with median and p90 in the caption. */
static void response_histogram(pdf *p, sla_box b, const sla_kpis *k)
{
    double t = p->r->cfg->sla.response_minutes;
    static const double edges[] = {0.25, 0.5, 1, 2, 4};
    char e[5][48], labels[SLA_HIST_BUCKETS][112];
    for (int i = 0; i < 5; i++)
        fmt_duration(p, t * edges[i], e[i], sizeof e[i]);
    snprintf(labels[0], sizeof labels[0], "< %s", e[0]);
    for (int i = 1; i < 5; i++)
        snprintf(labels[i], sizeof labels[i], "%.48s\xE2\x80\x93%.48s", e[i - 1], e[i]);
    snprintf(labels[5], sizeof labels[5], "> %s", e[4]);
    const char *cats[SLA_HIST_BUCKETS];
    long total = 0;
    for (int i = 0; i < SLA_HIST_BUCKETS; i++) {
        cats[i] = labels[i];
        total += k->response_hist[i];
    }
    char marker[64];
    tpl(p, "pdf.sla_marker", marker, sizeof marker, 1, e[2]);
    if (total == 0)
        sla_chart_empty(&p->canvas, b, tr(p, "pdf.no_touches"));
    else
        sla_chart_histogram(&p->canvas, b, cats, k->response_hist, SLA_HIST_BUCKETS, 3, marker,
                            (sla_fmt){fmt_count, p->l});
}

/* The header of the scorecard's KPI table at y. */
static void scorecard_header(pdf *p, double y)
{
    static const struct {
        double x, w;
        const char *key;
        sla_align a;
    } cols[] = {{0, 150, "pdf.col.kpi", SLA_ALIGN_LEFT},
                {150, 54, "pdf.col.value", SLA_ALIGN_RIGHT},
                {212, 138, "pdf.col.vs_target", SLA_ALIGN_LEFT},
                {354, 48, "word.team", SLA_ALIGN_RIGHT},
                {404, 48, "word.target", SLA_ALIGN_RIGHT},
                {454, 56, "pdf.col.delta", SLA_ALIGN_RIGHT}};
    for (size_t i = 0; i < sizeof cols / sizeof *cols; i++)
        text(p, MARGIN + cols[i].x, y, cols[i].w, cols[i].a, SLA_PT_SMALL, true, SLA_INK,
             tr(p, cols[i].key));
    rule(p, MARGIN, y + 5, CONTENT_W, SLA_INK, 0.6);
}

/* One rep's scorecard page: KPIs against target, team and the previous
 * period; response-time distribution; the rep's SLA breaches. */
static void page_scorecard(pdf *p, const sla_rep_result *rep, bool first)
{
    const sla_results *r = p->r;
    if (first)
        section_new(p, tr(p, "pdf.section.scorecards"));
    else
        page_new(p, tr(p, "pdf.section.scorecards"));
    const sla_kpis *k = &rep->kpis, *prev = r->has_previous ? &rep->prev : NULL;
    const sla_team_result *team = team_of(p, rep->team);
    int green, rated;
    count_green(k, &green, &rated);
    char g[24], n[24], title[512], sub[512];
    snprintf(g, sizeof g, "%d", green);
    snprintf(n, sizeof n, "%d", rated);
    const char *name = rep_name(p, rep->rep);
    /* The name on its own line (shortened if need be), so the message below
     * it survives a 60-character name. */
    text(p, MARGIN, TITLE_Y, CONTENT_W, SLA_ALIGN_LEFT, SLA_PT_TITLE, true, SLA_INK, name);
    text(p, MARGIN, TITLE_Y + 22, CONTENT_W, SLA_ALIGN_LEFT, SLA_PT_HEAD, true, SLA_INK,
         tpl(p, "pdf.scorecard.title", title, sizeof title, 2, g, n));
    double y = TITLE_Y + 38;
    const sla_manager *m = team && team->cfg ? &team->cfg->manager : NULL;
    tpl(p, "pdf.scorecard.sub", sub, sizeof sub, 3, team_name(p, rep->team),
        m && m->name ? m->name : "\xE2\x80\x93", rep->rep);
    text(p, MARGIN, y, CONTENT_W, SLA_ALIGN_LEFT, SLA_PT_BODY, false, SLA_GREY, sub);
    y += 24;
    scorecard_header(p, y);
    y += 8;
    for (size_t i = 0; i < KPI_N; i++, y += 24) {
        const kpi_def *d = &KPIS[i];
        char v[64], tv[64], t[64], dl[64];
        double team_v = team ? kpi_value(&team->kpis, d->id) : NAN;
        sla_rag_badge(&p->canvas, MARGIN + 5, y + 11, 5, (int)k->status[d->id]);
        text(p, MARGIN + 14, y + 14, 134, SLA_ALIGN_LEFT, SLA_PT_BODY, false, SLA_INK,
             tr(p, d->label));
        num(p, MARGIN + 150, y + 14, 54, true, fmt_kpi(p, d, kpi_value(k, d->id), v, sizeof v));
        /* Team MQL volume is a different scale from a rep's: no marker. */
        kpi_bullet(p, (sla_box){MARGIN + 210, y + 5, 150, 11}, d, k, prev,
                   d->kind == K_COUNT ? NAN : team_v, false);
        num(p, MARGIN + 366, y + 14, 46, false, fmt_kpi(p, d, team_v, tv, sizeof tv));
        num(p, MARGIN + 412, y + 14, 42, false,
            fmt_kpi(p, d, kpi_target(p, k, d->id), t, sizeof t));
        if (prev) {
            int good = fmt_delta(p, d, kpi_value(k, d->id), kpi_value(prev, d->id), dl, sizeof dl);
            sla_font f = {SLA_PT_BODY, false, delta_color(good)};
            sla_number_fit(&p->canvas, MARGIN + 454, y + 14, 56, SLA_ALIGN_RIGHT, &f, dl);
        }
        rule(p, MARGIN, y + 22, CONTENT_W, SLA_RULE, 0.4);
    }
    bullet_legend(p, y + 10);
    sla_font f = {SLA_PT_SMALL, false, SLA_INK};
    double lx = PAGE_W - MARGIN - 80;
    cv_circle(p, lx, y + 7, 2.5, &SLA_WHITE, &SLA_INK, 0.8);
    sla_text_fit(&p->canvas, lx + 6, y + 10, 74, SLA_ALIGN_LEFT, &f, tr(p, "pdf.legend.team"));
    y += 36;

    char md[48], p90[48], cap[256];
    sla_fmt_hours(p->l, k->response_median_min, md, sizeof md);
    sla_fmt_hours(p->l, k->response_p90_min, p90, sizeof p90);
    subhead(p, y, tr(p, "pdf.scorecard.distribution"));
    tpl(p, "pdf.scorecard.distribution_note", cap, sizeof cap, 2, md, p90);
    text(p, MARGIN, y + 14, CONTENT_W * 0.62, SLA_ALIGN_LEFT, SLA_PT_SMALL, false, SLA_GREY, cap);
    response_histogram(p, (sla_box){MARGIN, y + 22, CONTENT_W * 0.62, 130}, k);
    double fx = MARGIN + CONTENT_W * 0.68, fw = CONTENT_W * 0.32;
    text(p, fx, y, fw, SLA_ALIGN_LEFT, SLA_PT_HEAD, true, SLA_INK, tr(p, "pdf.scorecard.figures"));
    char a[48], b2[48], c[48], d[48], e[48];
    const char *rows[][2] = {
        {tr(p, "kpi.inquiries"), sla_fmt_number(p->l, (double)k->inquiries, 0, a, sizeof a)},
        {tr(p, "stage.sql"), sla_fmt_number(p->l, (double)k->sql_count, 0, b2, sizeof b2)},
        {tr(p, "stage.won"), sla_fmt_number(p->l, (double)k->won_count, 0, c, sizeof c)},
        {tr(p, "kpi.pipeline_amount"), sla_fmt_money(p->l, k->pipeline_cents, d, sizeof d)},
        {tr(p, "kpi.won_amount"), sla_fmt_money(p->l, k->won_cents, e, sizeof e)}};
    for (size_t i = 0; i < 5; i++) {
        double ry = y + 26 + 18.0 * (double)i;
        text(p, fx, ry, fw * 0.55, SLA_ALIGN_LEFT, SLA_PT_BODY, false, SLA_INK, rows[i][0]);
        num(p, fx + fw * 0.55, ry, fw * 0.45, true, rows[i][1]);
        rule(p, fx, ry + 5, fw, SLA_RULE, 0.4);
    }
    y += 172;

    size_t mine = p->sh->rep_first[rep - r->reps],
           total = p->sh->rep_first[rep - r->reps + 1] - mine;
    char cnt[32], head[128];
    snprintf(cnt, sizeof cnt, "%zu", total);
    subhead(p, y, tpl(p, "pdf.scorecard.breaches", head, sizeof head, 1, cnt));
    y += 20;
    if (total == 0) {
        text(p, MARGIN, y, CONTENT_W, SLA_ALIGN_LEFT, SLA_PT_BODY, false, SLA_GREY,
             tr(p, "pdf.scorecard.no_breaches"));
        return;
    }
    size_t shown = 0;
    for (; shown < total && y < BOTTOM - ROW_H; shown++) {
        const sla_breach *br = &r->breaches[p->sh->breach_of[mine + shown]];
        char h[48], date[32];
        text(p, MARGIN, y, 80, SLA_ALIGN_LEFT, SLA_PT_BODY, false, SLA_INK, br->lead->lead_id);
        text(p, MARGIN + 84, y, 220, SLA_ALIGN_LEFT, SLA_PT_BODY, false, SLA_INK,
             br->lead->company ? br->lead->company : "");
        num(p, MARGIN + 300, y, 70, false,
            sla_fmt_date(p->l, r->cfg->tz, br->lead->mql_at, date, sizeof date));
        num(p, MARGIN + 370, y, 60, true,
            sla_fmt_hours(p->l, br->overdue_seconds / 60.0, h, sizeof h));
        text(p, MARGIN + 440, y, 70, SLA_ALIGN_RIGHT, SLA_PT_BODY, false,
             br->untouched ? SLA_RED : SLA_INK,
             tr(p, br->untouched ? "pdf.breach.untouched" : "pdf.breach.late"));
        rule(p, MARGIN, y + 5, CONTENT_W, SLA_RULE, 0.4);
        y += ROW_H;
    }
    if (shown < total) {
        char more[32], line[160];
        snprintf(more, sizeof more, "%zu", total - shown);
        text(p, MARGIN, y + 2, CONTENT_W, SLA_ALIGN_LEFT, SLA_PT_SMALL, false, SLA_GREY,
             tpl(p, "pdf.more_in_list", line, sizeof line, 1, more));
    }
}

/* ---- breach list ---- */

static const struct {
    double x, w;
    const char *key;
    sla_align a;
} BREACH_COLS[] = {
    {0, 24, "pdf.col.rank", SLA_ALIGN_RIGHT},      {30, 60, "pdf.col.lead", SLA_ALIGN_LEFT},
    {94, 108, "word.company", SLA_ALIGN_LEFT},     {206, 96, "word.rep", SLA_ALIGN_LEFT},
    {306, 64, "word.team", SLA_ALIGN_LEFT},        {372, 46, "pdf.col.mql_at", SLA_ALIGN_RIGHT},
    {420, 56, "pdf.col.overdue", SLA_ALIGN_RIGHT}, {478, 32, "word.status", SLA_ALIGN_RIGHT}};
#define BREACH_COL_N (sizeof BREACH_COLS / sizeof *BREACH_COLS)

/* The breach table's header at y; returns the first row's y. */
static double breach_header(pdf *p, double y)
{
    for (size_t i = 0; i < BREACH_COL_N; i++)
        text(p, MARGIN + BREACH_COLS[i].x, y, BREACH_COLS[i].w, BREACH_COLS[i].a, SLA_PT_SMALL,
             true, SLA_INK, tr(p, BREACH_COLS[i].key));
    rule(p, MARGIN, y + 5, CONTENT_W, SLA_INK, 0.6);
    return y + 5 + ROW_H;
}

/* SLA breaches worst first, paginated; beyond BREACH_ROWS_MAX a note. */
static void page_breaches(pdf *p)
{
    const sla_results *r = p->r;
    section_new(p, tr(p, "pdf.section.breaches"));
    char n[32], worst[48], title[512];
    sla_fmt_number(p->l, (double)r->breach_count, 0, n, sizeof n);
    if (r->breach_count == 0) {
        page_title(p, tr(p, "pdf.breaches.none"));
        return;
    }
    sla_fmt_hours(p->l, r->breaches[0].overdue_seconds / 60.0, worst, sizeof worst);
    double y = page_title(p, tpl(p, "pdf.breaches.title", title, sizeof title, 2, n, worst));
    sla_font note = {SLA_PT_SMALL, false, SLA_GREY};
    y += 10.0 * sla_text_wrap(&p->canvas, MARGIN, y, CONTENT_W, 10, 3, &note,
                              tr(p, "pdf.breaches.note"), true);
    y = breach_header(p, y + 12);
    size_t rows = r->breach_count < BREACH_ROWS_MAX ? r->breach_count : BREACH_ROWS_MAX;
    for (size_t i = 0; i < rows && p->status == SLA_OK; i++, y += ROW_H) {
        if (y > BOTTOM - ROW_H) {
            page_new(p, tr(p, "pdf.section.breaches"));
            y = breach_header(p, TITLE_Y - 14);
        }
        const sla_breach *b = &r->breaches[i];
        char rank[24], date[32], h[48];
        snprintf(rank, sizeof rank, "%zu", i + 1);
        sla_fmt_date(p->l, r->cfg->tz, b->lead->mql_at, date, sizeof date);
        sla_fmt_number(p->l, b->overdue_seconds / 3600.0, 1, h, sizeof h);
        const char *cells[] = {
            rank,
            b->lead->lead_id,
            b->lead->company ? b->lead->company : "",
            rep_name(p, b->rep),
            team_name(p, b->team),
            date,
            h,
            tr(p, b->untouched ? "pdf.breach.untouched_short" : "pdf.breach.late_short")};
        for (size_t c = 0; c < BREACH_COL_N; c++) {
            sla_font f = {c == 5 ? SLA_PT_SMALL : SLA_PT_BODY, c == 6,
                          c == 7 && b->untouched ? SLA_RED : SLA_INK};
            if (BREACH_COLS[c].a == SLA_ALIGN_RIGHT)
                sla_number_fit(&p->canvas, MARGIN + BREACH_COLS[c].x, y, BREACH_COLS[c].w,
                               SLA_ALIGN_RIGHT, &f, cells[c]);
            else
                sla_text_fit(&p->canvas, MARGIN + BREACH_COLS[c].x, y, BREACH_COLS[c].w - 4,
                             SLA_ALIGN_LEFT, &f, cells[c]);
        }
        rule(p, MARGIN, y + 5, CONTENT_W, SLA_RULE, 0.4);
    }
    if (rows < r->breach_count) {
        char more[32], line[160];
        sla_fmt_number(p->l, (double)(r->breach_count - rows), 0, more, sizeof more);
        text(p, MARGIN, y + 4, CONTENT_W, SLA_ALIGN_LEFT, SLA_PT_BODY, false, SLA_GREY,
             tpl(p, "pdf.more_in_workbook", line, sizeof line, 1, more));
    }
}

/* ---- data quality ---- */

/* Rows read and rejected, problems by kind, and the files read. */
static void page_dq(pdf *p)
{
    const sla_results *r = p->r;
    const sla_dq *dq = r->dq;
    section_new(p, tr(p, "pdf.section.dq"));
    char h[48], title[512];
    sla_fmt_percent(p->l, r->hygiene_rate, 1, h, sizeof h);
    double y = page_title(p, tpl(p, "pdf.dq.title", title, sizeof title, 1, h)) + 6;
    char a[48], b[48], c[48], t[48];
    double target = target_or_nan(r->cfg->sla.targets.crm_hygiene_rate);
    const char *rows[][2] = {
        {tr(p, "pdf.dq.rows_read"), sla_fmt_number(p->l, (double)dq->rows_read, 0, a, sizeof a)},
        {tr(p, "pdf.dq.rows_rejected"),
         sla_fmt_number(p->l, (double)dq->rows_rejected, 0, b, sizeof b)},
        {tr(p, "pdf.dq.rows_with_problems"),
         sla_fmt_number(p->l, (double)dq->rows_with_problems, 0, c, sizeof c)},
        {tr(p, "kpi.crm_hygiene_rate"), h},
        {tr(p, "word.target"), sla_fmt_percent(p->l, target, 1, t, sizeof t)}};
    for (size_t i = 0; i < 5; i++, y += ROW_H + 2) {
        text(p, MARGIN, y, 220, SLA_ALIGN_LEFT, SLA_PT_BODY, false, SLA_INK, rows[i][0]);
        num(p, MARGIN + 220, y, 110, true, rows[i][1]);
        rule(p, MARGIN, y + 5, 330, SLA_RULE, 0.4);
    }
    y = subhead(p, y + 20, tr(p, "pdf.dq.problems")) + 16;
    sla_hbar bars[SLA_PB_COUNT];
    char vals[SLA_PB_COUNT][48];
    size_t n = 0;
    for (int k = 0; k < SLA_PB_COUNT; k++) {
        if (dq->problems[k] == 0)
            continue;
        char key[96];
        snprintf(key, sizeof key, "pdf.problem.%s", sla_problem_key((sla_problem)k));
        sla_fmt_number(p->l, (double)dq->problems[k], 0, vals[n], sizeof vals[n]);
        bars[n] = (sla_hbar){tr(p, key), (double)dq->problems[k], vals[n], NULL, false};
        n++;
    }
    if (n == 0) {
        text(p, MARGIN, y, CONTENT_W, SLA_ALIGN_LEFT, SLA_PT_BODY, false, SLA_GREY,
             tr(p, "pdf.dq.no_problems"));
        y += 20;
    } else {
        sla_chart_hbars(&p->canvas, (sla_box){MARGIN, y, CONTENT_W, 20.0 * (double)n}, bars, n, 200,
                        NAN, NULL);
        y += 20.0 * (double)n + 10;
    }
    sla_font note = {SLA_PT_SMALL, false, SLA_GREY};
    y += 12.0 *
         sla_text_wrap(&p->canvas, MARGIN, y, CONTENT_W, 10, 3, &note, tr(p, "pdf.dq.note"), true);
    const sla_dataset *ds = r->dataset;
    if (!ds || ds->file_count == 0)
        return;
    y = subhead(p, y + 20, tr(p, "pdf.dq.files")) + 16;
    for (size_t i = 0; i < ds->file_count && y < BOTTOM - ROW_H; i++, y += ROW_H) {
        char rowsn[48];
        const sla_source_file *f = &ds->files[i];
        text(p, MARGIN, y, 230, SLA_ALIGN_LEFT, SLA_PT_BODY, false, SLA_INK,
             f->display ? f->display : f->path);
        num(p, MARGIN + 230, y, 60, false,
            sla_fmt_number(p->l, (double)f->rows, 0, rowsn, sizeof rowsn));
        text(p, MARGIN + 300, y, CONTENT_W - 300, SLA_ALIGN_LEFT, SLA_PT_SMALL, false, SLA_GREY,
             f->detected ? f->detected : "");
        rule(p, MARGIN, y + 5, CONTENT_W, SLA_RULE, 0.4);
    }
}

/* ---- definitions ---- */

/* The stage table of SPEC §2 and what each KPI means. */
static void page_definitions(pdf *p)
{
    section_new(p, tr(p, "pdf.section.definitions"));
    double y = page_title(p, tr(p, "pdf.def.title")) + 8;
    static const char *stages[] = {"inquiry", "mql", "sal", "sql"};
    static const struct {
        double x, w;
        const char *key;
    } cols[] = {{0, 62, "pdf.def.col.stage"},
                {66, 62, "pdf.def.col.owner"},
                {132, 122, "pdf.def.col.enters"},
                {258, 126, "pdf.def.col.action"},
                {388, 122, "pdf.def.col.leaves"}};
    for (size_t c = 0; c < 5; c++)
        text(p, MARGIN + cols[c].x, y, cols[c].w, SLA_ALIGN_LEFT, SLA_PT_SMALL, true, SLA_INK,
             tr(p, cols[c].key));
    rule(p, MARGIN, y + 5, CONTENT_W, SLA_INK, 0.6);
    y += 18;
    sla_font body = {SLA_PT_BODY, false, SLA_INK}, bold = {SLA_PT_BODY, true, SLA_INK};
    for (size_t s = 0; s < 4; s++) {
        char keys[5][64];
        snprintf(keys[0], sizeof keys[0], "stage.%s", stages[s]);
        snprintf(keys[1], sizeof keys[1], "pdf.def.%s.owner", stages[s]);
        snprintf(keys[2], sizeof keys[2], "pdf.def.%s.enters", stages[s]);
        snprintf(keys[3], sizeof keys[3], "pdf.def.%s.action", stages[s]);
        snprintf(keys[4], sizeof keys[4], "pdf.def.%s.leaves", stages[s]);
        int lines = 1;
        for (size_t c = 0; c < 5; c++) {
            int l = sla_text_wrap(&p->canvas, MARGIN + cols[c].x, y, cols[c].w, 11, 5,
                                  c == 0 ? &bold : &body, tr(p, keys[c]), true);
            lines = l > lines ? l : lines;
        }
        y += 11.0 * lines;
        rule(p, MARGIN, y - 6, CONTENT_W, SLA_RULE, 0.4);
        y += 8;
    }
    sla_font note = {SLA_PT_SMALL, false, SLA_GREY};
    y += 11.0 * sla_text_wrap(&p->canvas, MARGIN, y, CONTENT_W, 10, 2, &note,
                              tr(p, "pdf.def.recycled"), true);
    y = subhead(p, y + 18, tr(p, "pdf.def.kpis")) + 16;
    static const char *kpis[] = {"mql_count",
                                 "sal_rate",
                                 "mql_to_sql_rate",
                                 "response_median_min",
                                 "response_within_sla_rate",
                                 "untouched_breaches",
                                 "attempts_compliance_rate",
                                 "returned_with_reason_rate",
                                 "win_rate",
                                 "pipeline_amount",
                                 "crm_hygiene_rate"};
    for (size_t i = 0; i < sizeof kpis / sizeof *kpis; i++) {
        char label[64], def[64];
        snprintf(label, sizeof label, "kpi.%s", kpis[i]);
        snprintf(def, sizeof def, "pdf.def.kpi.%s", kpis[i]);
        if (y > BOTTOM - 30) {
            page_new(p, tr(p, "pdf.section.definitions"));
            y = TITLE_Y;
        }
        sla_text_wrap(&p->canvas, MARGIN, y, 140, 11, 2, &bold, tr(p, label), true);
        int lines = sla_text_wrap(&p->canvas, MARGIN + 150, y, CONTENT_W - 150, 11, 4, &body,
                                  tr(p, def), true);
        y += 11.0 * (lines > 1 ? lines : 1) + 6;
    }
    char tol[48], rag[512];
    sla_fmt_percent(p->l, p->r->cfg->sla.amber_tolerance, 0, tol, sizeof tol);
    sla_text_wrap(&p->canvas, MARGIN, y + 10, CONTENT_W, 11, 3, &body,
                  tpl(p, "pdf.def.rag", rag, sizeof rag, 1, tol), true);
}

/* ---- documents ---- */

/* True when path names a readable file. */
static bool readable(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f)
        fclose(f);
    return f != NULL;
}

/* The regular and bold TTF files for branding.font (SPEC §3): DejaVu Sans
 * from the system by default, else fonts_dir/<font>.ttf or a path; bold is
 * <font>-Bold.ttf when present, else the regular face. */
static sla_status font_files(const sla_pdf_env *env, const char *font, char **regular, char **bold,
                             sla_error *err)
{
    *bold = NULL;
    if (!font || !*font || strcmp(font, DEFAULT_FONT) == 0) {
        *regular = sla_xstrdup(SYSTEM_FONT_DIR "/" DEFAULT_FONT ".ttf");
        if (!readable(*regular) && env->templates_dir) {
            free(*regular);
            *regular = sla_path_join(env->templates_dir, "fonts/" DEFAULT_FONT ".ttf");
        }
    } else if (strchr(font, '/')) {
        *regular = sla_xstrdup(font);
    } else {
        char file[300];
        snprintf(file, sizeof file, "%s.ttf", font);
        *regular = sla_path_join(env->fonts_dir ? env->fonts_dir : "fonts", file);
    }
    if (!readable(*regular)) {
        sla_status st = sla_fail(err, SLA_ERR_IO, *regular, 0, 0, "font \"%s\" not found",
                                 font && *font ? font : DEFAULT_FONT);
        free(*regular);
        *regular = NULL;
        return st;
    }
    size_t len = strlen(*regular);
    bool ttf = len > 4 && strcmp(*regular + len - 4, ".ttf") == 0;
    sla_buf b = {0};
    sla_buf_append(&b, *regular, ttf ? len - 4 : len);
    sla_buf_puts(&b, "-Bold.ttf");
    if (readable(b.data)) {
        *bold = b.data;
    } else {
        sla_buf_free(&b);
        *bold = sla_xstrdup(*regular);
    }
    return SLA_OK;
}

/* Parse "#RRGGBB" (falls back to the default blue). */
static sla_rgb parse_color(const char *s)
{
    unsigned v = 0x1F4E79;
    if (s && s[0] == '#' && strlen(s) == 7)
        sscanf(s + 1, "%6x", &v);
    return (sla_rgb){((v >> 16) & 0xFF) / 255.0, ((v >> 8) & 0xFF) / 255.0, (v & 0xFF) / 255.0};
}

/* Load font i of the render for UTF-8 text, its subset unless the document
 * is drawn whole; the font file is named in any error. */
static HPDF_Font load_font(pdf *p, int i)
{
    const shared *fs = p->sh;
    p->subject = fs->file[i];
    const char *file =
        fs->subset[i] && !p->whole ? sla_font_subset_file(fs->subset[i]) : fs->file[i];
    const char *name = HPDF_LoadTTFontFromFile(p->doc, file, HPDF_TRUE);
    return name ? HPDF_GetFont(p->doc, name, "UTF-8") : NULL;
}

/* Each rep's breaches, in the results' order (worst first): a counting sort
 * by the rep's index in results->reps. */
static void group_breaches(const sla_results *r, shared *sh)
{
    size_t *rep_of = sla_xmalloc((r->breach_count + 1) * sizeof *rep_of);
    sh->rep_first = sla_xcalloc(r->rep_count + 2, sizeof *sh->rep_first);
    sh->breach_of = sla_xmalloc((r->breach_count + 1) * sizeof *sh->breach_of);
    for (size_t i = 0; i < r->breach_count; i++) {
        const sla_rep_result *rep =
            bsearch(r->breaches[i].rep, r->reps, r->rep_count, sizeof *r->reps, rep_cmp);
        rep_of[i] = rep ? (size_t)(rep - r->reps) : r->rep_count; /* none: a group of its own */
        sh->rep_first[rep_of[i] + 1]++;
    }
    for (size_t i = 0; i <= r->rep_count; i++)
        sh->rep_first[i + 1] += sh->rep_first[i];
    size_t *next = sla_xmalloc((r->rep_count + 1) * sizeof *next);
    memcpy(next, sh->rep_first, (r->rep_count + 1) * sizeof *next);
    for (size_t i = 0; i < r->breach_count; i++)
        sh->breach_of[next[rep_of[i]]++] = i;
    free(next);
    free(rep_of);
}

/* The font files of branding.font, their subsets and the breach groups, made
 * once for all the documents of a render (forked scorecard workers share them). */
static sla_status shared_open(const sla_pdf_env *env, bool one_face, shared *sh, sla_error *err)
{
    memset(sh, 0, sizeof *sh);
    sh->one_face = one_face;
    sla_status st =
        font_files(env, env->results->cfg->branding.font, &sh->file[0], &sh->file[1], err);
    if (st != SLA_OK)
        return st;
    sh->subset[0] = sla_font_subset_new(sh->file[0]);
    if (!one_face && strcmp(sh->file[0], sh->file[1]) != 0)
        sh->subset[1] = sla_font_subset_new(sh->file[1]);
    group_breaches(env->results, sh);
    return SLA_OK;
}

static void shared_close(shared *sh)
{
    for (int i = 0; i < 2; i++) {
        free(sh->file[i]);
        sla_font_subset_free(sh->subset[i]);
    }
    free(sh->breach_of);
    free(sh->rep_first);
}

/* A PDF date from UTC seconds. */
static HPDF_Date pdf_date(int64_t t)
{
    int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400, sod = t - days * 86400;
    int y, m, d;
    sla_civil_from_days(days, &y, &m, &d);
    return (HPDF_Date){y,   m, d, (int)(sod / 3600), (int)(sod % 3600 / 60), (int)(sod % 60),
                       'Z', 0, 0};
}

/* Set up a document: brand colours, fonts (whole or subsets), dates. */
static sla_status pdf_open(pdf *p, const sla_pdf_env *env, const shared *sh, bool whole,
                           const char *out, sla_error *err)
{
    memset(p, 0, sizeof *p);
    p->env = env;
    p->sh = sh;
    p->whole = whole;
    p->r = env->results;
    p->l = env->lang;
    p->err = err;
    p->canvas = (sla_canvas){&hpdf_ops, p};
    p->brand = parse_color(p->r->cfg->branding.primary_color);
    /* White text on dark brands, ink on light ones (WCAG relative luminance). */
    double lum = 0.2126 * p->brand.r + 0.7152 * p->brand.g + 0.0722 * p->brand.b;
    p->on_brand = lum < 0.6 ? SLA_WHITE : SLA_INK;
    p->doc = HPDF_New(on_error, p);
    if (!p->doc)
        return p->status = sla_fail(err, SLA_ERR_IO, out, 0, 0, "cannot start a PDF");
    HPDF_SetCompressionMode(p->doc, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(p->doc);
    HPDF_SetCurrentEncoder(p->doc, "UTF-8");
    p->regular = load_font(p, 0);
    /* Each TrueType face costs a 65 536-entry glyph map and its compression per
     * document; a scorecard is one page, so it makes do with one face. */
    bool same = strcmp(sh->file[0], sh->file[1]) == 0;
    p->fake_bold = sh->one_face && !same;
    p->bold_face = same || sh->one_face ? 0 : 1;
    p->bold = p->bold_face == 0 ? p->regular : load_font(p, 1);
    p->subject = out;
    HPDF_SetInfoAttr(p->doc, HPDF_INFO_CREATOR, "slapack " SLAPACK_VERSION);
    HPDF_SetInfoDateAttr(p->doc, HPDF_INFO_CREATION_DATE, pdf_date(env->generated_at));
    HPDF_SetInfoDateAttr(p->doc, HPDF_INFO_MOD_DATE, pdf_date(env->generated_at));
    return p->status;
}

/* Write the file. */
static sla_status pdf_save(pdf *p, const char *path)
{
    if (p->status != SLA_OK)
        return p->status;
    p->subject = path;
    HPDF_SaveToFile(p->doc, path);
    return p->status;
}

/* Free everything a document holds. */
static void pdf_close(pdf *p)
{
    if (p->doc)
        HPDF_Free(p->doc);
    for (size_t i = 0; i < p->toc_count; i++)
        free(p->toc[i].title);
    free(p->toc);
    free(p->pages);
}

/* Draw a document with draw(p, arg) and its footers, and write it to path.
 * When a text has a character the subset fonts lack, the document is drawn
 * again with the whole fonts, so it shows what the whole font would. */
static sla_status render_doc(const sla_pdf_env *env, const shared *sh, const char *path,
                             void (*draw)(pdf *, const void *), const void *arg, sla_error *err)
{
    for (bool whole = false;; whole = true) {
        pdf p;
        sla_status st = pdf_open(&p, env, sh, whole, path, err);
        if (st == SLA_OK) {
            draw(&p, arg);
            draw_footers(&p);
            if (p.uncovered && p.status == SLA_OK) {
                pdf_close(&p);
                continue;
            }
            st = pdf_save(&p, path);
        }
        pdf_close(&p);
        return st;
    }
}

/* Every page of the pack. */
static void draw_pack(pdf *p, const void *unused)
{
    (void)unused;
    const sla_results *r = p->r;
    page_cover(p);
    page_summary(p);
    page_funnel(p);
    page_trends(p);
    page_teams(p);
    page_reps(p);
    bool first = true;
    for (size_t i = 0; i < r->rep_count && p->status == SLA_OK; i++) {
        if (!r->reps[i].cfg) /* "unassigned" is no person: it is in the reps table */
            continue;
        page_scorecard(p, &r->reps[i], first);
        first = false;
    }
    page_breaches(p);
    page_dq(p);
    page_definitions(p);
    draw_toc(p);
}

sla_status sla_render_pdf_pack(const sla_pdf_env *env, const char *path, sla_error *err)
{
    shared sh;
    sla_status st = shared_open(env, false, &sh, err);
    if (st == SLA_OK)
        st = render_doc(env, &sh, path, draw_pack, NULL, err);
    shared_close(&sh);
    return st;
}

/* A standalone scorecard. */
static void draw_scorecard(pdf *p, const void *rep)
{
    page_scorecard(p, rep, true);
}

/* The part of sla_scorecards that every process sees (shared memory). */
typedef struct scorecard_board {
    atomic_size_t next; /* the next rep index to take */
    atomic_int failed;  /* set once, by the first process that fails */
    sla_error err;      /* that failure */
} scorecard_board;

struct sla_scorecards {
    const sla_pdf_env *env;
    char *dir;
    scorecard_board *board;
};

sla_status sla_scorecards_open(const sla_pdf_env *env, const char *dir, sla_scorecards **out,
                               sla_error *err)
{
    *out = NULL;
    if (mkdir(dir, 0777) != 0 && errno != EEXIST)
        return sla_fail(err, SLA_ERR_IO, dir, 0, 0, "cannot create the folder: %s",
                        strerror(errno));
    void *board = mmap(NULL, sizeof(scorecard_board), PROT_READ | PROT_WRITE,
                       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (board == MAP_FAILED)
        return sla_fail(err, SLA_ERR_IO, dir, 0, 0, "cannot share memory between processes: %s",
                        strerror(errno));
    sla_scorecards *s = sla_xcalloc(1, sizeof *s);
    s->env = env;
    s->dir = sla_xstrdup(dir);
    s->board = board; /* zero-filled: nothing taken, nothing failed */
    *out = s;
    return SLA_OK;
}

static void scorecards_fail(sla_scorecards *s, const sla_error *err)
{
    int expected = 0;
    if (atomic_compare_exchange_strong(&s->board->failed, &expected, 1))
        s->board->err = *err;
}

/* One process's part: take reps until none is left or a process failed. */
typedef struct scorecard_taker {
    sla_scorecards *cards;
    const shared *sh;
} scorecard_taker;

static sla_status take_scorecards(const void *arg, sla_error *err)
{
    const scorecard_taker *t = arg;
    sla_scorecards *s = t->cards;
    const sla_results *r = s->env->results;
    while (!atomic_load(&s->board->failed)) {
        size_t i = atomic_fetch_add(&s->board->next, 1);
        if (i >= r->rep_count)
            break;
        if (!r->reps[i].cfg)
            continue;
        char safe[128], file[160];
        sla_safe_filename(r->reps[i].rep, safe, sizeof safe);
        snprintf(file, sizeof file, "%s.pdf", safe);
        char *path = sla_path_join(s->dir, file);
        sla_status st = render_doc(s->env, t->sh, path, draw_scorecard, &r->reps[i], err);
        free(path);
        if (st != SLA_OK) {
            scorecards_fail(s, err);
            return st;
        }
    }
    return SLA_OK;
}

void sla_scorecards_take(sla_scorecards *s, size_t helpers)
{
    const sla_results *r = s->env->results;
    if (atomic_load(&s->board->next) >= r->rep_count || atomic_load(&s->board->failed))
        return;
    sla_error err = {0};
    shared sh;
    if (shared_open(s->env, true, &sh, &err) != SLA_OK) {
        scorecards_fail(s, &err);
        shared_close(&sh);
        return;
    }
    /* libharu sets up the font again for every document: worth more
     * processes, except for a handful of reps. */
    if (r->rep_count < 8)
        helpers = 0;
    sla_job jobs[4];
    size_t started = 0;
    scorecard_taker taker = {s, &sh};
    while (started < helpers && started < sizeof jobs / sizeof *jobs &&
           sla_job_start(&jobs[started], take_scorecards, &taker))
        started++;
    take_scorecards(&taker, &err);
    for (size_t w = 0; w < started; w++) {
        sla_error child = {0};
        if (sla_job_wait(&jobs[w], s->dir, &child) != SLA_OK)
            scorecards_fail(s, &child);
    }
    shared_close(&sh);
}

sla_status sla_scorecards_close(sla_scorecards *s, sla_error *err)
{
    sla_status st = SLA_OK;
    if (atomic_load(&s->board->failed)) {
        *err = s->board->err;
        st = err->status ? err->status : SLA_ERR_IO;
    }
    munmap(s->board, sizeof(scorecard_board));
    free(s->dir);
    free(s);
    return st;
}

sla_status sla_render_pdf_scorecards(const sla_pdf_env *env, const char *dir, sla_error *err)
{
    sla_scorecards *s;
    sla_status st = sla_scorecards_open(env, dir, &s, err);
    if (st != SLA_OK)
        return st;
    size_t jobs = sla_jobs();
    sla_scorecards_take(s, jobs > 1 ? jobs - 1 : 0);
    return sla_scorecards_close(s, err);
}
