/*
 * render_xlsx.c - the review workbook that the quarterly meeting works in.
 *
 * One sheet per question (Summary, Teams, Reps, Monthly, Breaches, Data
 * quality, Definitions), each with a title row that says what it answers, a
 * header row in the brand colour, frozen panes, filters and print setup. Every
 * KPI of kpis.json appears at company, team, rep and month level with its
 * target, RAG status and previous-period value, as real cells: numbers with
 * number/percent formats, instants as Excel dates in the configured zone, and
 * every piece of text through worksheet_write_string(), so a rep called
 * "=HYPERLINK(...)" stays a name. NAN (null in kpis.json) is a blank cell,
 * never 0. RAG is a status column holding a symbol and a word (not colour
 * alone), coloured by conditional formatting so it survives edits and
 * black-and-white printing. Charts are native Excel charts over the sheets'
 * own cells, so they follow when the meeting filters or corrects data.
 *
 * The figures come from sla_results as they are: this file formats, it never
 * recomputes a KPI. It is the only file that includes xlsxwriter.h.
 */
#define _GNU_SOURCE /* RTLD_NEXT, for fast_deflate below */
#include "render_xlsx.h"

#include <dlfcn.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>
#include <xlsxwriter/third_party/zip.h>

/* How a KPI's number is shown. */
typedef enum kpi_unit { UNIT_COUNT, UNIT_RATIO, UNIT_MINUTES, UNIT_MONEY } kpi_unit;

/* Where a KPI's target comes from. */
typedef enum kpi_target_src {
    TARGET_NONE,   /* no target: no target or status column */
    TARGET_MQL,    /* the row's own mql_target (the neighbouring KPI column) */
    TARGET_CONFIG, /* a configured SLA target, the same for every row */
} kpi_target_src;

/* What "good" means, for the Definitions sheet. */
typedef enum kpi_good { GOOD_NONE, GOOD_HIGHER, GOOD_LOWER, GOOD_ZERO } kpi_good;

/* A KPI of kpis.json and how the workbook shows it. */
typedef struct kpi_def {
    const char *key; /* kpis.json key; labels are "kpi.<key>" and "xlsx.def.<key>" */
    size_t offset;   /* of the field in sla_kpis */
    char type;       /* field type: 'l' long, 'd' double, 'c' int64 cents */
    kpi_unit unit;
    int status; /* sla_kpi_id of its RAG status, or -1 */
    kpi_target_src target;
    kpi_good good;
} kpi_def;

#define KPI(key, type, unit, status, target, good)                                                 \
    {                                                                                              \
#key, offsetof(sla_kpis, key), type, unit, status, target, good                            \
    }

/* In kpis.json order; money fields are cents in results and amounts here. */
static const kpi_def KPIS[] = {
    KPI(inquiries, 'l', UNIT_COUNT, -1, TARGET_NONE, GOOD_NONE),
    KPI(mql_count, 'l', UNIT_COUNT, SLA_KPI_MQL_COUNT, TARGET_MQL, GOOD_HIGHER),
    KPI(mql_target, 'd', UNIT_COUNT, -1, TARGET_NONE, GOOD_NONE),
    KPI(sal_rate, 'd', UNIT_RATIO, SLA_KPI_SAL_RATE, TARGET_CONFIG, GOOD_HIGHER),
    KPI(mql_to_sql_rate, 'd', UNIT_RATIO, SLA_KPI_MQL_TO_SQL_RATE, TARGET_CONFIG, GOOD_HIGHER),
    KPI(response_median_min, 'd', UNIT_MINUTES, SLA_KPI_RESPONSE_MEDIAN, TARGET_CONFIG, GOOD_LOWER),
    KPI(response_p90_min, 'd', UNIT_MINUTES, -1, TARGET_NONE, GOOD_NONE),
    KPI(response_mean_min, 'd', UNIT_MINUTES, -1, TARGET_NONE, GOOD_NONE),
    KPI(response_within_sla_rate, 'd', UNIT_RATIO, SLA_KPI_RESPONSE_WITHIN_SLA, TARGET_CONFIG,
        GOOD_HIGHER),
    KPI(untouched_breaches, 'l', UNIT_COUNT, SLA_KPI_UNTOUCHED_BREACHES, TARGET_CONFIG, GOOD_ZERO),
    KPI(attempts_compliance_rate, 'd', UNIT_RATIO, SLA_KPI_ATTEMPTS_COMPLIANCE, TARGET_CONFIG,
        GOOD_HIGHER),
    KPI(attempts_pending, 'l', UNIT_COUNT, -1, TARGET_NONE, GOOD_NONE),
    KPI(returned_count, 'l', UNIT_COUNT, -1, TARGET_NONE, GOOD_NONE),
    KPI(returned_with_reason_rate, 'd', UNIT_RATIO, SLA_KPI_RETURNED_WITH_REASON, TARGET_CONFIG,
        GOOD_HIGHER),
    KPI(win_rate, 'd', UNIT_RATIO, SLA_KPI_WIN_RATE, TARGET_CONFIG, GOOD_HIGHER),
    {"pipeline_amount", offsetof(sla_kpis, pipeline_cents), 'c', UNIT_MONEY, -1, TARGET_NONE,
     GOOD_NONE},
    {"won_amount", offsetof(sla_kpis, won_cents), 'c', UNIT_MONEY, -1, TARGET_NONE, GOOD_NONE},
};
#define KPI_N (sizeof KPIS / sizeof KPIS[0])
enum { KPI_MQL_COUNT = 1, KPI_MQL_TARGET = 2, KPI_MQL_TO_SQL = 4, KPI_RESPONSE_MEDIAN = 5 };

/* Symbols paired with the RAG colours: readable without colour. */
static const char *const RAG_SYMBOL[] = {"", "\xE2\x9C\x93 ", "! ", "\xE2\x9C\x97 "}; /* ✓ ! ✗ */
static const char *const RAG_LABEL[] = {"", "rag.green", "rag.amber", "rag.red"};
static const lxw_color_t RAG_FILL[] = {0, 0x1A9641, 0xFDAE61, 0xD7191C};
static const lxw_color_t RAG_FONT[] = {0, 0xFFFFFF, 0x000000, 0xFFFFFF};

/* Rows shared by every sheet: title, subtitle, then the table header. */
enum { ROW_TITLE = 0, ROW_SUBTITLE = 1, ROW_GROUP = 2, ROW_HEADER = 3, ROW_DATA = 4 };

#define NO_COL ((lxw_col_t)0xFFFF)
#define HEADER_HEIGHT 30 /* points: two lines of wrapped header text */
#define LINE_HEIGHT 15   /* points: one line of 11 pt text */
#define COL_WIDTH_TEXT 28
#define COL_WIDTH_ID 14
#define COL_WIDTH_NUMBER 13
#define COL_WIDTH_STATUS 15
#define COL_WIDTH_DATE 17

/* Column positions of the KPI groups in a wide table (one row per entity). */
typedef struct kpi_layout {
    lxw_col_t value[KPI_N], target[KPI_N], status[KPI_N], prev[KPI_N];
    lxw_col_t first, end; /* the groups occupy [first, end) */
} kpi_layout;

/* Everything a sheet writer needs. */
typedef struct xw {
    lxw_workbook *wb;
    const sla_results *r;
    const sla_lang *lang;
    lxw_format *title, *subtitle, *header, *header_num, *wrap, *integer, *datetime, *month,
        *duration;
    lxw_format *unit[4], *delta[4];
    lxw_format *rag[4];
    lxw_color_t brand;
    int64_t generated_at;
    kpi_layout entity;  /* Teams and Reps: three identity columns, then the KPIs */
    kpi_layout monthly; /* Monthly: month and team, then the KPIs (no previous) */
    char sheet[7][32];  /* sheet names, in SHEET_* order */
} xw;

enum {
    SHEET_SUMMARY,
    SHEET_TEAMS,
    SHEET_REPS,
    SHEET_MONTHLY,
    SHEET_BREACHES,
    SHEET_DQ,
    SHEET_DEFINITIONS
};
static const char *const SHEET_KEY[] = {
    "xlsx.sheet.summary",  "xlsx.sheet.teams",        "xlsx.sheet.reps",       "xlsx.sheet.monthly",
    "xlsx.sheet.breaches", "xlsx.sheet.data_quality", "xlsx.sheet.definitions"};

/* The label for key in the run's language. */
static const char *tr(const xw *x, const char *key)
{
    return sla_tr(x->lang, key);
}

/* A KPI's value as a double: NAN when it has no denominator. */
static double kpi_value(const kpi_def *d, const sla_kpis *k)
{
    const char *p = (const char *)k + d->offset;
    switch (d->type) {
    case 'l':
        return (double)*(const long *)p;
    case 'c':
        return (double)*(const int64_t *)p / 100.0;
    default:
        return *(const double *)p;
    }
}

/* A KPI's target for the row k; NAN when none is configured. */
static double kpi_target(const xw *x, const kpi_def *d, const sla_kpis *k)
{
    const sla_sla_cfg *s = &x->r->cfg->sla;
    const sla_targets *t = &s->targets;
    double v;
    if (d->target == TARGET_MQL)
        return k->mql_target;
    if (d->target == TARGET_NONE)
        return NAN;
    switch (d->status) {
    case SLA_KPI_SAL_RATE:
        v = t->sal_rate;
        break;
    case SLA_KPI_MQL_TO_SQL_RATE:
        v = t->mql_to_sql_rate;
        break;
    case SLA_KPI_RESPONSE_MEDIAN:
        v = s->response_minutes;
        break;
    case SLA_KPI_RESPONSE_WITHIN_SLA:
        v = t->response_within_sla_rate;
        break;
    case SLA_KPI_UNTOUCHED_BREACHES:
        v = 0;
        break;
    case SLA_KPI_ATTEMPTS_COMPLIANCE:
        v = t->attempts_compliance_rate;
        break;
    case SLA_KPI_RETURNED_WITH_REASON:
        v = t->returned_with_reason_rate;
        break;
    default:
        v = t->win_rate;
        break;
    }
    return v < 0 ? NAN : v; /* config: negative = no target */
}

/* A number, or a blank cell (keeping the format) for NAN. */
static void put_number(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, double v, lxw_format *f)
{
    if (isnan(v))
        worksheet_write_blank(ws, row, col, f);
    else
        worksheet_write_number(ws, row, col, v, f);
}

/* Text, always as a string cell (never a formula); NULL is a blank cell. */
static void put_text(lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s, lxw_format *f)
{
    if (s && *s)
        worksheet_write_string(ws, row, col, s, f);
    else
        worksheet_write_blank(ws, row, col, f);
}

/* An instant as an Excel date-time in the configured zone; blank when absent. */
static void put_instant(const xw *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, int64_t utc)
{
    if (utc == SLA_NO_TIME)
        worksheet_write_blank(ws, row, col, x->datetime);
    else
        worksheet_write_unixtime(ws, row, col, utc + sla_tz_offset(x->r->cfg->tz, utc),
                                 x->datetime);
}

/* The RAG status as "✓ on target" etc.; blank when there is no status. */
static void put_status(const xw *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, sla_rag rag)
{
    char buf[128];
    if (rag < SLA_RAG_GREEN || rag > SLA_RAG_RED) {
        return;
    }
    snprintf(buf, sizeof buf, "%s%s", RAG_SYMBOL[rag], tr(x, RAG_LABEL[rag]));
    worksheet_write_string(ws, row, col, buf, NULL);
}

/* Results say "unassigned" for leads without a rostered owner; show it translated. */
static const char *display_name(const xw *x, const char *s)
{
    return s && strcmp(s, "unassigned") == 0 ? tr(x, "word.unassigned") : s;
}

/* Colour the status cells of rows [first, last] in col by their RAG symbol. */
static void rag_conditional_format(const xw *x, lxw_worksheet *ws, lxw_row_t first, lxw_row_t last,
                                   lxw_col_t col)
{
    if (last < first)
        return;
    for (int rag = SLA_RAG_GREEN; rag <= SLA_RAG_RED; rag++) {
        lxw_conditional_format cf = {0};
        char symbol[8];
        snprintf(symbol, sizeof symbol, "%s", RAG_SYMBOL[rag]);
        symbol[strlen(symbol) - 1] = '\0'; /* without the space, which Excel may trim */
        cf.type = LXW_CONDITIONAL_TYPE_TEXT;
        cf.criteria = LXW_CONDITIONAL_CRITERIA_TEXT_BEGINS_WITH;
        cf.value_string = symbol;
        cf.format = x->rag[rag];
        worksheet_conditional_format_range(ws, first, col, last, col, &cf);
    }
}

/* Title row (the question the sheet answers) and subtitle (company, period, cut-off). */
static void sheet_title(const xw *x, lxw_worksheet *ws, const char *title_key)
{
    char when[64], sub[1024];
    const sla_results *r = x->r;
    sla_fmt_datetime(x->lang, r->cfg->tz, r->as_of, when, sizeof when);
    snprintf(sub, sizeof sub, "%s \xC2\xB7 %s %s \xC2\xB7 %s %s", r->cfg->company,
             tr(x, "xlsx.label.period"), r->period.label, tr(x, "xlsx.label.cut_off"), when);
    worksheet_set_row(ws, ROW_TITLE, 22, NULL);
    worksheet_set_row(ws, ROW_HEADER, HEADER_HEIGHT, NULL);
    worksheet_write_string(ws, ROW_TITLE, 0, tr(x, title_key), x->title);
    worksheet_write_string(ws, ROW_SUBTITLE, 0, sub, x->subtitle);
}

/* Print setup for the meeting: landscape A4, header rows on every page. Narrow
 * sheets fit one page wide; the wide KPI sheets would shrink to unreadable
 * that way, so they run across pages with their identity columns repeated. */
static void sheet_print_setup(lxw_worksheet *ws, lxw_row_t first_header, lxw_row_t header,
                              lxw_col_t repeat_cols)
{
    worksheet_repeat_rows(ws, first_header, header);
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); /* A4 */
    if (repeat_cols) {
        worksheet_repeat_columns(ws, 0, repeat_cols - 1);
        worksheet_set_print_scale(ws, 75);
    } else {
        worksheet_fit_to_pages(ws, 1, 0);
    }
    worksheet_set_footer(ws, "&L&A&R&P / &N");
}

/* A filterable table: frozen header and identity columns, autofilter, print
 * setup (across pages with the identity columns repeated when wide). */
static void sheet_table_setup(lxw_worksheet *ws, lxw_row_t first_header, lxw_row_t header,
                              lxw_row_t last_row, lxw_col_t frozen_cols, lxw_col_t last_col,
                              bool wide)
{
    worksheet_freeze_panes(ws, header + 1, frozen_cols);
    worksheet_autofilter(ws, header, 0, last_row < header ? header : last_row, last_col);
    sheet_print_setup(ws, first_header, header, wide ? frozen_cols : 0);
}

/* Place the KPI groups from col on; value, then target and status, then previous. */
static void layout_init(kpi_layout *l, lxw_col_t col, bool with_prev)
{
    l->first = col;
    for (size_t i = 0; i < KPI_N; i++) {
        l->value[i] = col++;
        l->target[i] = KPIS[i].target == TARGET_CONFIG ? col++ : NO_COL;
        l->status[i] = KPIS[i].status >= 0 ? col++ : NO_COL;
        l->prev[i] = with_prev ? col++ : NO_COL;
    }
    l->end = col;
}

/* The KPI label with its unit, as shown in headers. */
static const char *kpi_label(const xw *x, const kpi_def *d, char *buf, size_t size)
{
    char key[64];
    snprintf(key, sizeof key, "kpi.%s", d->key);
    if (d->unit == UNIT_MINUTES)
        snprintf(buf, size, "%s (%s)", tr(x, key), tr(x, "xlsx.unit.minutes"));
    else
        snprintf(buf, size, "%s", tr(x, key));
    return buf;
}

/* Two header rows over the KPI groups: the KPI merged across its group, then
 * value / target / status / previous; also sets the column widths. */
static void layout_headers(const xw *x, lxw_worksheet *ws, const kpi_layout *l)
{
    char label[256];
    for (size_t i = 0; i < KPI_N; i++) {
        lxw_col_t last = i + 1 < KPI_N ? l->value[i + 1] - 1 : l->end - 1;
        kpi_label(x, &KPIS[i], label, sizeof label);
        if (last > l->value[i])
            worksheet_merge_range(ws, ROW_GROUP, l->value[i], ROW_GROUP, last, label, x->header);
        else
            worksheet_write_string(ws, ROW_GROUP, l->value[i], label, x->header);
        worksheet_write_string(ws, ROW_HEADER, l->value[i], tr(x, "xlsx.col.value"), x->header_num);
        worksheet_set_column(ws, l->value[i], l->value[i], COL_WIDTH_NUMBER, NULL);
        if (l->target[i] != NO_COL) {
            worksheet_write_string(ws, ROW_HEADER, l->target[i], tr(x, "word.target"),
                                   x->header_num);
            worksheet_set_column(ws, l->target[i], l->target[i], COL_WIDTH_NUMBER, NULL);
        }
        if (l->status[i] != NO_COL) {
            worksheet_write_string(ws, ROW_HEADER, l->status[i], tr(x, "word.status"), x->header);
            worksheet_set_column(ws, l->status[i], l->status[i], COL_WIDTH_STATUS, NULL);
        }
        if (l->prev[i] != NO_COL) {
            worksheet_write_string(ws, ROW_HEADER, l->prev[i], tr(x, "word.previous"),
                                   x->header_num);
            worksheet_set_column(ws, l->prev[i], l->prev[i], COL_WIDTH_NUMBER, NULL);
        }
    }
}

/* One entity's KPI groups on a row of a wide table; prev may be NULL. */
static void layout_row(const xw *x, lxw_worksheet *ws, const kpi_layout *l, lxw_row_t row,
                       const sla_kpis *k, const sla_kpis *prev)
{
    for (size_t i = 0; i < KPI_N; i++) {
        const kpi_def *d = &KPIS[i];
        lxw_format *f = x->unit[d->unit];
        put_number(ws, row, l->value[i], kpi_value(d, k), f);
        if (l->target[i] != NO_COL)
            put_number(ws, row, l->target[i], kpi_target(x, d, k), f);
        if (l->status[i] != NO_COL)
            put_status(x, ws, row, l->status[i], k->status[d->status]);
        if (l->prev[i] != NO_COL)
            put_number(ws, row, l->prev[i], prev ? kpi_value(d, prev) : NAN, f);
    }
}

/* RAG colouring for every status column of a wide table. */
static void layout_conditional_formats(const xw *x, lxw_worksheet *ws, const kpi_layout *l,
                                       lxw_row_t last_row)
{
    for (size_t i = 0; i < KPI_N; i++)
        if (l->status[i] != NO_COL)
            rag_conditional_format(x, ws, ROW_DATA, last_row, l->status[i]);
}

/* A column chart or bar chart of actual vs target: the actual in the brand
 * colour, the target as an outline over it (IBCS). */
static lxw_chart *actual_vs_target_chart(const xw *x, uint8_t type, const char *title_key,
                                         int sheet, lxw_row_t first, lxw_row_t last, lxw_col_t cat,
                                         lxw_col_t actual, lxw_col_t target, const char *num_format,
                                         bool labels)
{
    lxw_chart *chart = workbook_add_chart(x->wb, type);
    const char *name = x->sheet[sheet];
    lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
    lxw_chart_fill fill = {.color = x->brand};
    chart_series_set_categories(s, name, first, cat, last, cat);
    chart_series_set_values(s, name, first, actual, last, actual);
    chart_series_set_name(s, tr(x, "xlsx.series.actual"));
    chart_series_set_fill(s, &fill);
    if (labels)
        chart_series_set_labels(s);
    if (target != NO_COL) {
        lxw_chart_series *t = chart_add_series(chart, NULL, NULL);
        lxw_chart_fill none = {.none = LXW_TRUE};
        lxw_chart_line outline = {.color = 0x404040, .width = 1.5}; /* 0 means unset */
        chart_series_set_categories(t, name, first, cat, last, cat);
        chart_series_set_values(t, name, first, target, last, target);
        chart_series_set_name(t, tr(x, "word.target"));
        chart_series_set_fill(t, &none);
        chart_series_set_line(t, &outline);
        chart_set_series_overlap(chart, 100);
        chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    } else {
        chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    }
    chart_set_series_gap(chart, 60);
    chart_title_set_name(chart, tr(x, title_key));
    /* Bars list categories bottom-up; reverse so the table's first row is on top. */
    lxw_chart_axis *values = type == LXW_CHART_BAR ? chart->x_axis : chart->y_axis;
    if (type == LXW_CHART_BAR)
        chart_axis_set_reverse(chart->y_axis);
    chart_axis_set_num_format(values, num_format);
    chart_axis_set_min(values, 0);
    return chart;
}

/* Identity column headers of a wide table: label in the header row, the
 * group row above left blank in the header colour. */
static void identity_headers(const xw *x, lxw_worksheet *ws, const char *const *keys,
                             const double *widths, size_t n)
{
    for (size_t c = 0; c < n; c++) {
        worksheet_write_blank(ws, ROW_GROUP, (lxw_col_t)c, x->header);
        worksheet_write_string(ws, ROW_HEADER, (lxw_col_t)c, tr(x, keys[c]), x->header);
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL);
    }
}

/* Summary columns; the previous-period pair only when its data is present. */
enum { S_LABEL, S_VALUE, S_TARGET, S_STATUS, S_PREV, S_DELTA };

/* One company KPI on a Summary row: label, value, target, status, previous, ΔPP, key. */
static void summary_kpi_row(const xw *x, lxw_worksheet *ws, lxw_row_t row, const kpi_def *d,
                            const char *label, double value, double target, sla_rag rag,
                            double prev)
{
    lxw_format *f = x->unit[d->unit];
    lxw_col_t key_col = x->r->has_previous ? S_DELTA + 1 : S_PREV;
    worksheet_write_string(ws, row, S_LABEL, label, NULL);
    put_number(ws, row, S_VALUE, value, f);
    put_number(ws, row, S_TARGET, target, f);
    put_status(x, ws, row, S_STATUS, rag);
    if (x->r->has_previous) {
        put_number(ws, row, S_PREV, prev, f);
        if (isnan(value) || isnan(prev)) {
            worksheet_write_blank(ws, row, S_DELTA, x->delta[d->unit]);
        } else {
            /* A live formula, with its result cached for readers that do not recalculate. */
            char formula[64], a[16], b[16];
            lxw_rowcol_to_cell(a, row, S_VALUE);
            lxw_rowcol_to_cell(b, row, S_PREV);
            snprintf(formula, sizeof formula, "=%s-%s", a, b);
            worksheet_write_formula_num(ws, row, S_DELTA, formula, x->delta[d->unit], value - prev);
        }
    }
    worksheet_write_string(ws, row, key_col, d->key, x->subtitle);
}

/* Summary: every company KPI with target, RAG, previous and ΔPP, the funnel,
 * and the four charts of the meeting. */
static void sheet_summary(const xw *x, lxw_worksheet *ws)
{
    const sla_results *r = x->r;
    const bool prev = r->has_previous;
    static const char *const stages[] = {"stage.inquiry", "stage.mql", "stage.sal", "stage.sql",
                                         "stage.won"};
    char label[256];
    lxw_row_t row = ROW_DATA;
    lxw_col_t key_col = prev ? S_DELTA + 1 : S_PREV;

    sheet_title(x, ws, "xlsx.title.summary");
    worksheet_write_string(ws, ROW_HEADER, S_LABEL, tr(x, "xlsx.col.kpi"), x->header);
    worksheet_write_string(ws, ROW_HEADER, S_VALUE, tr(x, "xlsx.col.value"), x->header_num);
    worksheet_write_string(ws, ROW_HEADER, S_TARGET, tr(x, "word.target"), x->header_num);
    worksheet_write_string(ws, ROW_HEADER, S_STATUS, tr(x, "word.status"), x->header);
    if (prev) {
        worksheet_write_string(ws, ROW_HEADER, S_PREV, tr(x, "word.previous"), x->header_num);
        worksheet_write_string(ws, ROW_HEADER, S_DELTA, tr(x, "xlsx.col.delta"), x->header_num);
    }
    worksheet_write_string(ws, ROW_HEADER, key_col, tr(x, "xlsx.col.key"), x->header);
    worksheet_set_column(ws, S_LABEL, S_LABEL, 36, NULL);
    worksheet_set_column(ws, S_VALUE, key_col - 1, COL_WIDTH_NUMBER, NULL);
    worksheet_set_column(ws, S_STATUS, S_STATUS, COL_WIDTH_STATUS, NULL);
    worksheet_set_column(ws, key_col, key_col, 26, NULL);

    for (size_t i = 0; i < KPI_N; i++, row++) {
        const kpi_def *d = &KPIS[i];
        summary_kpi_row(x, ws, row, d, kpi_label(x, d, label, sizeof label),
                        kpi_value(d, &r->company), kpi_target(x, d, &r->company),
                        d->status >= 0 ? r->company.status[d->status] : SLA_RAG_NONE,
                        prev ? kpi_value(d, &r->company_prev) : NAN);
    }
    /* CRM hygiene is not a kpis.json KPI and results carry no RAG for it. */
    const kpi_def hygiene = {"crm_hygiene_rate", 0, 'd', UNIT_RATIO, -1, TARGET_NONE, GOOD_HIGHER};
    double hygiene_target = r->cfg->sla.targets.crm_hygiene_rate;
    summary_kpi_row(x, ws, row, &hygiene, tr(x, "kpi.crm_hygiene_rate"), r->hygiene_rate,
                    hygiene_target < 0 ? NAN : hygiene_target, SLA_RAG_NONE, NAN);
    rag_conditional_format(x, ws, ROW_DATA, row, S_STATUS);
    row += 2;

    worksheet_write_string(ws, row, S_LABEL, tr(x, "xlsx.label.cut_off"), NULL);
    put_instant(x, ws, row++, S_VALUE, r->as_of);
    worksheet_write_string(ws, row, S_LABEL, tr(x, "xlsx.label.generated"), NULL);
    put_instant(x, ws, row, S_VALUE, x->generated_at);
    worksheet_set_column(ws, S_VALUE, S_VALUE, COL_WIDTH_DATE, NULL);
    row += 2;

    lxw_row_t funnel = row + 1;
    worksheet_set_row(ws, row, HEADER_HEIGHT, NULL);
    worksheet_write_string(ws, row, S_LABEL, tr(x, "xlsx.col.stage"), x->header);
    worksheet_write_string(ws, row, S_VALUE, tr(x, "word.company"), x->header_num);
    if (prev)
        worksheet_write_string(ws, row, S_TARGET, tr(x, "word.previous"), x->header_num);
    const long now[] = {r->company.inquiries, r->company.mql_count, r->company.sal_count,
                        r->company.sql_count, r->company.won_count};
    const long before[] = {r->company_prev.inquiries, r->company_prev.mql_count,
                           r->company_prev.sal_count, r->company_prev.sql_count,
                           r->company_prev.won_count};
    for (size_t i = 0; i < 5; i++) {
        worksheet_write_string(ws, funnel + i, S_LABEL, tr(x, stages[i]), NULL);
        worksheet_write_number(ws, funnel + i, S_VALUE, (double)now[i], x->unit[UNIT_COUNT]);
        if (prev)
            worksheet_write_number(ws, funnel + i, S_TARGET, (double)before[i],
                                   x->unit[UNIT_COUNT]);
    }

    lxw_col_t chart_col = key_col + 2;
    const kpi_layout *e = &x->entity, *m = &x->monthly;
    lxw_chart *mql =
        actual_vs_target_chart(x, LXW_CHART_COLUMN, "xlsx.chart.mql_vs_target", SHEET_MONTHLY,
                               ROW_DATA, ROW_DATA + (lxw_row_t)r->month_count - 1, 0,
                               m->value[KPI_MQL_COUNT], m->value[KPI_MQL_TARGET], "#,##0", false);
    chart_axis_set_num_format(mql->x_axis, "yyyy-mm"); /* the months are date cells */
    lxw_chart *fun =
        actual_vs_target_chart(x, LXW_CHART_BAR, "xlsx.chart.funnel", SHEET_SUMMARY, funnel,
                               funnel + 4, S_LABEL, S_VALUE, NO_COL, "#,##0", true);
    lxw_chart *resp = actual_vs_target_chart(
        x, LXW_CHART_BAR, "xlsx.chart.response_by_team", SHEET_TEAMS, ROW_DATA,
        ROW_DATA + (lxw_row_t)(r->team_count ? r->team_count - 1 : 0), 0,
        e->value[KPI_RESPONSE_MEDIAN], e->target[KPI_RESPONSE_MEDIAN], "#,##0", false);
    lxw_chart *conv = actual_vs_target_chart(
        x, LXW_CHART_BAR, "xlsx.chart.conversion_by_rep", SHEET_REPS, ROW_DATA,
        ROW_DATA + (lxw_row_t)(r->rep_count ? r->rep_count - 1 : 0), 1, e->value[KPI_MQL_TO_SQL],
        e->target[KPI_MQL_TO_SQL], "0%", false);
    /* One bar per rep: grow the chart so 200 names stay legible (~14 px a bar). */
    double rep_scale = r->rep_count > 20 ? (double)r->rep_count * 14.0 / 288.0 : 1.0;
    lxw_chart_options tall = {.x_scale = 1.0, .y_scale = rep_scale};
    worksheet_insert_chart(ws, ROW_HEADER, chart_col, mql);
    worksheet_insert_chart(ws, ROW_HEADER, chart_col + 8, fun);
    worksheet_insert_chart(ws, ROW_HEADER + 16, chart_col, resp);
    worksheet_insert_chart_opt(ws, ROW_HEADER + 16, chart_col + 8, conv, &tall);

    worksheet_freeze_panes(ws, ROW_DATA, 1);
    sheet_print_setup(ws, ROW_HEADER, ROW_HEADER, 0);
    worksheet_activate(ws);
}

/* Teams: one row per team with every KPI, its target, RAG and previous value. */
static void sheet_teams(const xw *x, lxw_worksheet *ws)
{
    const sla_results *r = x->r;
    static const char *const keys[] = {"word.team", "xlsx.col.rep_count", "xlsx.col.manager"};
    static const double widths[] = {COL_WIDTH_TEXT, 10, COL_WIDTH_TEXT};
    sheet_title(x, ws, "xlsx.title.teams");
    identity_headers(x, ws, keys, widths, 3);
    layout_headers(x, ws, &x->entity);
    for (size_t t = 0; t < r->team_count; t++) {
        const sla_team_result *tr_ = &r->teams[t];
        lxw_row_t row = ROW_DATA + (lxw_row_t)t;
        put_text(ws, row, 0, display_name(x, tr_->team), NULL);
        worksheet_write_number(ws, row, 1, (double)tr_->rep_count, x->unit[UNIT_COUNT]);
        put_text(ws, row, 2, tr_->cfg ? tr_->cfg->manager.name : NULL, NULL);
        layout_row(x, ws, &x->entity, row, &tr_->kpis, r->has_previous ? &tr_->prev : NULL);
    }
    lxw_row_t last = ROW_DATA + (lxw_row_t)r->team_count - 1;
    layout_conditional_formats(x, ws, &x->entity, last);
    sheet_table_setup(ws, ROW_GROUP, ROW_HEADER, last, 1, x->entity.end - 1, true);
}

/* Reps: one row per rep (sorted by id), every KPI with target, RAG and previous. */
static void sheet_reps(const xw *x, lxw_worksheet *ws)
{
    const sla_results *r = x->r;
    static const char *const keys[] = {"xlsx.col.rep_id", "xlsx.col.name", "word.team"};
    static const double widths[] = {COL_WIDTH_ID, COL_WIDTH_TEXT, COL_WIDTH_TEXT};
    sheet_title(x, ws, "xlsx.title.reps");
    identity_headers(x, ws, keys, widths, 3);
    layout_headers(x, ws, &x->entity);
    for (size_t i = 0; i < r->rep_count; i++) {
        const sla_rep_result *rep = &r->reps[i];
        lxw_row_t row = ROW_DATA + (lxw_row_t)i;
        put_text(ws, row, 0, rep->rep, NULL);
        put_text(ws, row, 1, rep->cfg ? rep->cfg->name : display_name(x, rep->rep), NULL);
        put_text(ws, row, 2, display_name(x, rep->team), NULL);
        layout_row(x, ws, &x->entity, row, &rep->kpis, r->has_previous ? &rep->prev : NULL);
    }
    lxw_row_t last = ROW_DATA + (lxw_row_t)r->rep_count - 1;
    layout_conditional_formats(x, ws, &x->entity, last);
    sheet_table_setup(ws, ROW_GROUP, ROW_HEADER, last, 2, x->entity.end - 1, true);
}

/* A "2025-04" month label as an Excel date on the first of the month. */
static void put_month(const xw *x, lxw_worksheet *ws, lxw_row_t row, const char *month)
{
    lxw_datetime dt = {.day = 1};
    if (sscanf(month, "%d-%d", &dt.year, &dt.month) == 2)
        worksheet_write_datetime(ws, row, 0, &dt, x->month);
    else
        put_text(ws, row, 0, month, NULL);
}

/* Monthly: the company's months first (the chart reads them), then each team's. */
static void sheet_monthly(const xw *x, lxw_worksheet *ws)
{
    const sla_results *r = x->r;
    static const char *const keys[] = {"word.month", "word.team"};
    static const double widths[] = {10, COL_WIDTH_TEXT};
    lxw_row_t row = ROW_DATA;
    sheet_title(x, ws, "xlsx.title.monthly");
    identity_headers(x, ws, keys, widths, 2);
    layout_headers(x, ws, &x->monthly);
    for (size_t m = 0; m < r->month_count; m++, row++) {
        put_month(x, ws, row, r->months[m].month);
        worksheet_write_string(ws, row, 1, tr(x, "word.company"), NULL);
        layout_row(x, ws, &x->monthly, row, &r->months[m].company, NULL);
    }
    for (size_t t = 0; t < r->team_count; t++)
        for (size_t m = 0; m < r->month_count; m++, row++) {
            put_month(x, ws, row, r->months[m].month);
            put_text(ws, row, 1, display_name(x, r->teams[t].team), NULL);
            layout_row(x, ws, &x->monthly, row, &r->months[m].teams[t], NULL);
        }
    layout_conditional_formats(x, ws, &x->monthly, row - 1);
    sheet_table_setup(ws, ROW_GROUP, ROW_HEADER, row - 1, 2, x->monthly.end - 1, true);
}

/* bsearch comparator: a rep id against a rep result (results are sorted by id). */
static int rep_cmp(const void *key, const void *elem)
{
    return strcmp(key, ((const sla_rep_result *)elem)->rep);
}

/* Worst first, the breaches' leads lie anywhere among a million: fetch a
 * lead a few rows ahead, and its id and company a few rows after that, so
 * that the cache misses overlap instead of stalling each row. */
static void fetch_ahead(const sla_results *r, size_t i)
{
    enum { AHEAD = 8 };
    if (i + AHEAD < r->breach_count)
        __builtin_prefetch(r->breaches[i + AHEAD].lead);
    if (i + AHEAD / 2 < r->breach_count) {
        const sla_lead *l = r->breaches[i + AHEAD / 2].lead;
        __builtin_prefetch(l->lead_id);
        __builtin_prefetch(l->company);
    }
}

/* Breaches: every lead that missed the response SLA, worst first, all rows. */
static void sheet_breaches(const xw *x, lxw_worksheet *ws)
{
    const sla_results *r = x->r;
    static const char *const keys[] = {
        "xlsx.col.lead_id", "xlsx.col.lead_company", "xlsx.col.rep_id",      "xlsx.col.name",
        "word.team",        "xlsx.col.mql_at",       "xlsx.col.first_touch", "xlsx.col.breach",
        "xlsx.col.elapsed", "xlsx.col.overdue"};
    static const double widths[] = {COL_WIDTH_ID,
                                    COL_WIDTH_TEXT,
                                    COL_WIDTH_ID,
                                    COL_WIDTH_TEXT,
                                    COL_WIDTH_TEXT,
                                    COL_WIDTH_DATE,
                                    COL_WIDTH_DATE,
                                    26,
                                    16,
                                    16};
    static const bool numeric[] = {false, false, false, false, false,
                                   true,  true,  false, true,  true};
    const char *untouched = tr(x, "xlsx.breach.untouched"), *late = tr(x, "xlsx.breach.late");
    sheet_title(x, ws, "xlsx.title.breaches");
    for (lxw_col_t c = 0; c < 10; c++) {
        worksheet_write_string(ws, ROW_HEADER, c, tr(x, keys[c]),
                               numeric[c] ? x->header_num : x->header);
        worksheet_set_column(ws, c, c, widths[c], NULL);
    }
    for (size_t i = 0; i < r->breach_count; i++) {
        fetch_ahead(r, i);
        const sla_breach *b = &r->breaches[i];
        const sla_rep_result *rep =
            bsearch(b->rep, r->reps, r->rep_count, sizeof *r->reps, rep_cmp);
        lxw_row_t row = ROW_DATA + (lxw_row_t)i;
        put_text(ws, row, 0, b->lead->lead_id, NULL);
        put_text(ws, row, 1, b->lead->company, NULL);
        put_text(ws, row, 2, b->rep, NULL);
        put_text(ws, row, 3, rep && rep->cfg ? rep->cfg->name : display_name(x, b->rep), NULL);
        put_text(ws, row, 4, display_name(x, b->team), NULL);
        put_instant(x, ws, row, 5, b->lead->mql_at);
        put_instant(x, ws, row, 6, b->untouched ? SLA_NO_TIME : b->lead->first_touch);
        worksheet_write_string(ws, row, 7, b->untouched ? untouched : late, NULL);
        /* Business time as an Excel duration: days of 24 h, shown as [h]:mm. */
        worksheet_write_number(ws, row, 8, (double)b->elapsed_seconds / 86400.0, x->duration);
        worksheet_write_number(ws, row, 9, (double)b->overdue_seconds / 86400.0, x->duration);
    }
    sheet_table_setup(ws, ROW_HEADER, ROW_HEADER, ROW_DATA + (lxw_row_t)r->breach_count - 1, 1, 9,
                      false);
}

/* Data quality: the counts by problem, then every rejected row in full. */
static void sheet_data_quality(const xw *x, lxw_worksheet *ws)
{
    const sla_results *r = x->r;
    const sla_dq *dq = r->dq;
    static const char *const summary_keys[] = {"xlsx.col.measure", "xlsx.col.count", "word.target",
                                               "word.status", "xlsx.col.key"};
    static const char *const reject_keys[] = {"xlsx.col.file",   "xlsx.col.line",
                                              "xlsx.col.column", "xlsx.col.problem",
                                              "xlsx.col.reason", "xlsx.col.raw"};
    static const double widths[] = {44, 10, 10, 34, 50, 80};
    const char *const totals[] = {"rows_read", "rows_rejected", "rows_with_problems"};
    const long counts[] = {dq->rows_read, dq->rows_rejected, dq->rows_with_problems};
    char key[96];
    lxw_row_t row = ROW_DATA;

    sheet_title(x, ws, "xlsx.title.data_quality");
    for (lxw_col_t c = 0; c < 6; c++) {
        if (c < 5)
            worksheet_write_string(ws, ROW_HEADER, c, tr(x, summary_keys[c]),
                                   c == 1 || c == 2 ? x->header_num : x->header);
        worksheet_set_column(ws, c, c, widths[c], NULL);
    }
    for (size_t i = 0; i < 3; i++, row++) {
        snprintf(key, sizeof key, "xlsx.dq.%s", totals[i]);
        worksheet_write_string(ws, row, 0, tr(x, key), NULL);
        worksheet_write_number(ws, row, 1, (double)counts[i], x->unit[UNIT_COUNT]);
        worksheet_write_string(ws, row, 4, totals[i], x->subtitle);
    }
    double target = r->cfg->sla.targets.crm_hygiene_rate;
    worksheet_write_string(ws, row, 0, tr(x, "kpi.crm_hygiene_rate"), NULL);
    put_number(ws, row, 1, r->hygiene_rate, x->unit[UNIT_RATIO]);
    put_number(ws, row, 2, target < 0 ? NAN : target, x->unit[UNIT_RATIO]);
    worksheet_write_string(ws, row++, 4, "crm_hygiene_rate", x->subtitle);
    /* Only the problems that occurred, so the rejected rows start high on the sheet. */
    for (int p = 0; p < SLA_PB_COUNT; p++) {
        if (dq->problems[p] == 0)
            continue;
        snprintf(key, sizeof key, "xlsx.problem.%s", sla_problem_key((sla_problem)p));
        worksheet_write_string(ws, row, 0, tr(x, key), NULL);
        worksheet_write_number(ws, row, 1, (double)dq->problems[p], x->unit[UNIT_COUNT]);
        worksheet_write_string(ws, row++, 4, sla_problem_key((sla_problem)p), x->subtitle);
    }

    lxw_row_t header = row + 1;
    worksheet_set_row(ws, header, HEADER_HEIGHT, NULL);
    for (lxw_col_t c = 0; c < 6; c++)
        worksheet_write_string(ws, header, c, tr(x, reject_keys[c]),
                               c == 1 || c == 2 ? x->header_num : x->header);
    for (size_t i = 0; i < dq->reject_count; i++) {
        const sla_reject *j = &dq->rejects[i];
        lxw_row_t at = header + 1 + (lxw_row_t)i;
        const char *file = j->source_file < r->dataset->file_count
                               ? r->dataset->files[j->source_file].display
                               : NULL;
        snprintf(key, sizeof key, "xlsx.problem.%s", sla_problem_key(j->kind));
        put_text(ws, at, 0, file, NULL);
        put_number(ws, at, 1, j->line > 0 ? (double)j->line : NAN, x->integer);
        put_number(ws, at, 2, j->column > 0 ? (double)j->column : NAN, x->integer);
        put_text(ws, at, 3, tr(x, key), NULL);
        put_text(ws, at, 4, j->reason, NULL);
        put_text(ws, at, 5, j->raw, NULL);
    }
    /* Freeze at the rejected rows' header unless the counts above would fill the screen. */
    worksheet_autofilter(ws, header, 0, header + (lxw_row_t)dq->reject_count, 5);
    if (header < 20)
        worksheet_freeze_panes(ws, header + 1, 0);
    sheet_print_setup(ws, header, header, 0);
}

/* Wrapped text does not grow its row in every reader (LibreOffice keeps the
 * default height): size the row for the cell that needs the most lines. */
static void fit_row(lxw_worksheet *ws, lxw_row_t row, const char *const *texts,
                    const double *widths, size_t n)
{
    size_t lines = 1;
    for (size_t c = 0; c < n; c++) {
        size_t chars = 0;
        for (const char *p = texts[c]; *p; p++)
            chars += (*p & 0xC0) != 0x80; /* UTF-8 characters, not bytes */
        size_t per_line = widths[c] > 2 ? (size_t)widths[c] - 2 : 1;
        size_t need = (chars + per_line - 1) / per_line;
        lines = need > lines ? need : lines;
    }
    if (lines > 1)
        worksheet_set_row(ws, row, (double)(lines * LINE_HEIGHT), NULL);
}

/* Definitions: the funnel stages (SPEC §2) and what every KPI means, with its target. */
static void sheet_definitions(const xw *x, lxw_worksheet *ws)
{
    const sla_results *r = x->r;
    static const char *const stages[] = {"inquiry", "mql", "sal", "sql", "won"};
    static const char *const owners[] = {"marketing", "marketing", "sales", "sales", "sales"};
    static const char *const stage_cols[] = {"xlsx.col.stage", "xlsx.col.enters", "xlsx.col.action",
                                             "xlsx.col.leaves", "xlsx.col.owner"};
    static const char *const stage_fields[] = {"enters", "action", "leaves"};
    static const char *const kpi_cols[] = {"xlsx.col.kpi", "xlsx.col.definition",
                                           "xlsx.col.good_when", "word.target", "xlsx.col.key"};
    static const char *const good[] = {"xlsx.good.none", "xlsx.good.higher", "xlsx.good.lower",
                                       "xlsx.good.zero"};
    static const double widths[] = {32, 60, 40, 40, 26};
    char key[96], label[256];
    const char *cells[5];
    sheet_title(x, ws, "xlsx.title.definitions");
    for (lxw_col_t c = 0; c < 5; c++) {
        worksheet_write_string(ws, ROW_HEADER, c, tr(x, stage_cols[c]), x->header);
        worksheet_set_column(ws, c, c, widths[c], x->wrap);
    }
    for (size_t s = 0; s < 5; s++) {
        lxw_row_t row = ROW_DATA + (lxw_row_t)s;
        snprintf(key, sizeof key, "stage.%s", stages[s]);
        cells[0] = tr(x, key);
        for (size_t f = 0; f < 3; f++) {
            snprintf(key, sizeof key, "xlsx.stage.%s.%s", stages[s], stage_fields[f]);
            cells[1 + f] = tr(x, key);
        }
        snprintf(key, sizeof key, "xlsx.owner.%s", owners[s]);
        cells[4] = tr(x, key);
        for (lxw_col_t c = 0; c < 5; c++)
            worksheet_write_string(ws, row, c, cells[c], x->wrap);
        fit_row(ws, row, cells, widths, 5);
    }
    lxw_row_t header = ROW_DATA + 6;
    worksheet_set_row(ws, header, HEADER_HEIGHT, NULL);
    for (lxw_col_t c = 0; c < 5; c++)
        worksheet_write_string(ws, header, c, tr(x, kpi_cols[c]),
                               c == 3 ? x->header_num : x->header);
    for (size_t i = 0; i < KPI_N; i++) {
        const kpi_def *d = &KPIS[i];
        lxw_row_t row = header + 1 + (lxw_row_t)i;
        snprintf(key, sizeof key, "xlsx.def.%s", d->key);
        cells[0] = kpi_label(x, d, label, sizeof label);
        cells[1] = tr(x, key);
        cells[2] = tr(x, good[d->good]);
        worksheet_write_string(ws, row, 0, cells[0], x->wrap);
        worksheet_write_string(ws, row, 1, cells[1], x->wrap);
        worksheet_write_string(ws, row, 2, cells[2], x->wrap);
        put_number(ws, row, 3, kpi_target(x, d, &r->company), x->unit[d->unit]);
        worksheet_write_string(ws, row, 4, d->key, x->subtitle);
        fit_row(ws, row, cells, widths, 3);
    }
    sheet_print_setup(ws, ROW_HEADER, ROW_HEADER, 0);
}

/* An Excel-safe sheet name from a label: no []:*?/\, at most 31 characters. */
static void sheet_name(const char *label, char *out, size_t size)
{
    size_t n = 0, chars = 0;
    for (const char *p = label; *p && chars < 31 && n + 5 < size; chars++) {
        size_t len = 1;
        while ((p[len] & 0xC0) == 0x80)
            len++; /* the continuation bytes of one UTF-8 character */
        if (len == 1 && strchr("[]:*?/\\", *p))
            out[n++] = '-';
        else
            memcpy(out + n, p, len), n += len;
        p += len;
    }
    out[n] = '\0';
}

/* "#RRGGBB" as a colour; the default blue when the config's is unusable. */
static lxw_color_t parse_color(const char *hex)
{
    char *end;
    if (!hex || hex[0] != '#' || strlen(hex) != 7)
        return 0x1F4E79;
    unsigned long v = strtoul(hex + 1, &end, 16);
    return *end ? 0x1F4E79 : (lxw_color_t)v;
}

/* Every cell format, once: libxlsxwriter keeps one style per format object. */
static void formats_init(xw *x)
{
    static const char *const unit_fmt[] = {"#,##0", "0.0%", "#,##0", "#,##0"};
    static const char *const delta_fmt[] = {"+#,##0;-#,##0;0", "+0.0%;-0.0%;0.0%",
                                            "+#,##0;-#,##0;0", "+#,##0;-#,##0;0"};
    lxw_workbook *wb = x->wb;
    lxw_color_t b = x->brand;
    /* Black text on a light brand colour, white on a dark one (relative luminance). */
    double lum = 0.2126 * (b >> 16 & 0xFF) + 0.7152 * (b >> 8 & 0xFF) + 0.0722 * (b & 0xFF);
    x->title = workbook_add_format(wb);
    format_set_bold(x->title);
    format_set_font_size(x->title, 14);
    x->subtitle = workbook_add_format(wb);
    format_set_font_color(x->subtitle, 0x595959);
    x->header = workbook_add_format(wb);
    format_set_bold(x->header);
    format_set_bg_color(x->header, b);
    format_set_font_color(x->header, lum > 150 ? 0x000000 : 0xFFFFFF);
    format_set_text_wrap(x->header);
    format_set_align(x->header, LXW_ALIGN_VERTICAL_CENTER);
    format_set_bottom(x->header, LXW_BORDER_THIN);
    /* Numbers are right-aligned; so are their headers, or they look shifted. */
    x->header_num = workbook_add_format(wb);
    format_set_bold(x->header_num);
    format_set_bg_color(x->header_num, b);
    format_set_font_color(x->header_num, lum > 150 ? 0x000000 : 0xFFFFFF);
    format_set_text_wrap(x->header_num);
    format_set_align(x->header_num, LXW_ALIGN_VERTICAL_CENTER);
    format_set_align(x->header_num, LXW_ALIGN_RIGHT);
    format_set_bottom(x->header_num, LXW_BORDER_THIN);
    x->wrap = workbook_add_format(wb);
    format_set_text_wrap(x->wrap);
    format_set_align(x->wrap, LXW_ALIGN_VERTICAL_TOP);
    x->integer = workbook_add_format(wb);
    format_set_num_format(x->integer, "0"); /* line numbers: no thousands separator */
    x->datetime = workbook_add_format(wb);
    format_set_num_format(x->datetime, tr(x, "xlsx.fmt.datetime"));
    x->month = workbook_add_format(wb);
    format_set_num_format(x->month, "yyyy-mm");
    format_set_align(x->month, LXW_ALIGN_LEFT);
    x->duration = workbook_add_format(wb);
    format_set_num_format(x->duration, "[h]:mm");
    for (int u = 0; u < 4; u++) {
        x->unit[u] = workbook_add_format(wb);
        format_set_num_format(x->unit[u], unit_fmt[u]);
        x->delta[u] = workbook_add_format(wb);
        format_set_num_format(x->delta[u], delta_fmt[u]);
    }
    for (int g = SLA_RAG_GREEN; g <= SLA_RAG_RED; g++) {
        x->rag[g] = workbook_add_format(wb);
        format_set_bold(x->rag[g]);
        format_set_bg_color(x->rag[g], RAG_FILL[g]);
        format_set_font_color(x->rag[g], RAG_FONT[g]);
    }
}

sla_status sla_render_xlsx(const sla_results *r, const sla_lang *lang, int64_t generated_at,
                           const char *path, sla_error *err)
{
    lxw_workbook *wb = workbook_new(path);
    if (!wb)
        return sla_fail(err, SLA_ERR_IO, path, 0, 0, "cannot create the workbook");
    xw x = {.wb = wb,
            .r = r,
            .lang = lang,
            .generated_at = generated_at,
            .brand = parse_color(r->cfg->branding.primary_color)};
    lxw_worksheet *ws[7];
    formats_init(&x);
    layout_init(&x.entity, 3, r->has_previous);
    layout_init(&x.monthly, 2, false);
    for (int s = 0; s <= SHEET_DEFINITIONS; s++) {
        sheet_name(tr(&x, SHEET_KEY[s]), x.sheet[s], sizeof x.sheet[s]);
        ws[s] = workbook_add_worksheet(wb, x.sheet[s]);
    }
    sheet_summary(&x, ws[SHEET_SUMMARY]);
    sheet_teams(&x, ws[SHEET_TEAMS]);
    sheet_reps(&x, ws[SHEET_REPS]);
    sheet_monthly(&x, ws[SHEET_MONTHLY]);
    sheet_breaches(&x, ws[SHEET_BREACHES]);
    sheet_data_quality(&x, ws[SHEET_DQ]);
    sheet_definitions(&x, ws[SHEET_DEFINITIONS]);

    char title[256];
    snprintf(title, sizeof title, "%s %s", tr(&x, "xlsx.doc.title"), r->period.label);
    /* A fixed creation date (SOURCE_DATE_EPOCH upstream) makes the file reproducible. */
    lxw_doc_properties props = {.title = title,
                                .author = "slapack",
                                .company = r->cfg->company,
                                .created = (time_t)generated_at};
    workbook_set_properties(wb, &props);
    errno = 0;
    lxw_error e = workbook_close(wb);
    int why = errno;
    if (e == LXW_NO_ERROR)
        return SLA_OK;
    /* For a file that cannot be created or written (a full disk, a missing
     * folder) the library names only the step; the system says why. */
    bool system = e == LXW_ERROR_CREATING_XLSX_FILE || e == LXW_ERROR_CREATING_TMPFILE ||
                  e == LXW_ERROR_ZIP_FILE_OPERATION;
    if (system && why)
        return sla_fail(err, SLA_ERR_IO, path, 0, 0, "cannot write the workbook: %s",
                        strerror(why));
    return sla_fail(err, SLA_ERR_IO, path, 0, 0, "cannot write the workbook: %s",
                    lxw_strerror(e));
}

/* ---- packaging ----
 * libxlsxwriter deflates every part of the file at zlib's default level and
 * has no option for it. For a large company that is ~40 % of the workbook's
 * time (a 20 MB Breaches sheet), and the workbook is the longest step after
 * the KPIs. At the fastest level the file is about a third larger and takes
 * half the time to pack; its contents are the same bytes. The library hands
 * each part to minizip's zipOpenNewFileInZip4_64, and a program's own
 * definition of a symbol comes first when a shared library's calls are
 * bound, so this one asks for Z_BEST_SPEED and passes on to minizip's. The
 * prototype comes from the library's own copy of zip.h, so a change of
 * signature fails to compile; test_render_xlsx checks the zip's "fastest"
 * flags, so a build where the library binds its own copy is caught. */
typedef int (*zip_open_fn)(zipFile, const char *, const zip_fileinfo *, const void *, uInt,
                           const void *, uInt, const char *, int, int, int, int, int, int,
                           const char *, uLong, uLong, uLong, int);

int zipOpenNewFileInZip4_64(zipFile file, const char *filename, const zip_fileinfo *zipfi,
                            const void *extrafield_local, uInt size_extrafield_local,
                            const void *extrafield_global, uInt size_extrafield_global,
                            const char *comment, int method, int level, int raw, int windowBits,
                            int memLevel, int strategy, const char *password,
                            uLong crcForCrypting, uLong versionMadeBy, uLong flagBase, int zip64)
{
    zip_open_fn minizip;
    *(void **)&minizip = dlsym(RTLD_NEXT, "zipOpenNewFileInZip4_64");
    if (!minizip)
        return ZIP_INTERNALERROR;
    if (level == Z_DEFAULT_COMPRESSION)
        level = Z_BEST_SPEED;
    return minizip(file, filename, zipfi, extrafield_local, size_extrafield_local,
                   extrafield_global, size_extrafield_global, comment, method, level, raw,
                   windowBits, memLevel, strategy, password, crcForCrypting, versionMadeBy,
                   flagBase, zip64);
}
