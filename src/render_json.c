/*
 * render_json.c - kpis.json (SPEC §5) and rejected.csv.
 *
 * Keys are written in a fixed order and numbers with a fixed precision so the
 * file diffs cleanly between runs and golden files stay stable.
 */
#include "render_json.h"

#include <stdbool.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest_csv.h"
#include "output.h"
#include "util.h"

/* A small streaming JSON writer: the document can hold hundreds of thousands
 * of breaches, and building it as a Jansson tree first cost several times
 * its size in memory. Layout matches Jansson's JSON_INDENT(2). */
typedef struct jw {
    sla_buf *b;
    int depth;
    bool first[32]; /* no member written yet at this depth */
} jw;

/* A newline and two spaces per level, in one append (depth < 32). */
static void jw_indent(jw *w)
{
    static const char lines[] =
        "\n                                                                ";
    sla_buf_append(w->b, lines, 1 + 2 * (size_t)w->depth);
}

/* s quoted and escaped; the runs between escapes are appended whole, as a
 * byte at a time was most of the cost of hundreds of thousands of breaches. */
static void jw_string_value(jw *w, const char *s)
{
    sla_buf_append(w->b, "\"", 1);
    const unsigned char *run = (const unsigned char *)s, *p = run;
    for (; *p; p++) {
        if (*p != '"' && *p != '\\' && *p >= 0x20)
            continue;
        sla_buf_append(w->b, (const char *)run, (size_t)(p - run));
        if (*p < 0x20) {
            sla_buf_printf(w->b, "\\u%04x", *p);
        } else {
            char esc[2] = {'\\', (char)*p};
            sla_buf_append(w->b, esc, 2);
        }
        run = p + 1;
    }
    sla_buf_append(w->b, (const char *)run, (size_t)(p - run));
    sla_buf_append(w->b, "\"", 1);
}

/* The decimal digits of v, into the end of buf; returns where they start. */
static char *digits(unsigned long long v, char *end)
{
    do
        *--end = (char)('0' + v % 10);
    while (v /= 10);
    return end;
}

/* Separator, indentation and "key": before a member (key NULL in arrays). */
static void jw_key(jw *w, const char *key)
{
    if (!w->first[w->depth])
        sla_buf_append(w->b, ",", 1);
    w->first[w->depth] = false;
    jw_indent(w);
    if (key) {
        jw_string_value(w, key);
        sla_buf_append(w->b, ": ", 2);
    }
}

static void jw_open(jw *w, const char *key, char bracket)
{
    if (w->b->len > 0) /* every value but the document itself is a member */
        jw_key(w, key);
    sla_buf_append(w->b, &bracket, 1);
    w->depth++;
    w->first[w->depth] = true;
}

static void jw_close(jw *w, char bracket)
{
    bool empty = w->first[w->depth];
    w->depth--;
    if (!empty)
        jw_indent(w);
    sla_buf_append(w->b, &bracket, 1);
}

static void jw_str(jw *w, const char *key, const char *v)
{
    jw_key(w, key);
    jw_string_value(w, v);
}

static void jw_int(jw *w, const char *key, long long v)
{
    jw_key(w, key);
    char buf[24], *end = buf + sizeof buf;
    char *at = digits(v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v, end);
    if (v < 0)
        *--at = '-';
    sla_buf_append(w->b, at, (size_t)(end - at));
}

static void jw_null(jw *w, const char *key)
{
    jw_key(w, key);
    sla_buf_puts(w->b, "null");
}

/* A ratio or minutes value rounded to 6 decimals, without trailing zeros;
 * null when there is none. */
static void jw_num(jw *w, const char *key, double v)
{
    if (isnan(v)) {
        jw_null(w, key);
        return;
    }
    char buf[64];
    double micro = round(v * 1e6);
    if (fabs(micro) < 0x1p43) {
        /* Below 2^43 millionths a double resolves far finer than 1e-6, so
         * %.6f would print exactly these digits; they are written directly,
         * as printf's float formatting was a fifth of the file's cost. */
        long long m = (long long)micro;
        unsigned long long a = m < 0 ? 0 - (unsigned long long)m : (unsigned long long)m;
        char *end = buf + sizeof buf, *at = end;
        unsigned long long frac = a % 1000000;
        int places = 6;
        for (; places > 0 && frac % 10 == 0; places--)
            frac /= 10;
        for (int i = 0; i < places; i++, frac /= 10)
            *--at = (char)('0' + frac % 10);
        if (places > 0)
            *--at = '.';
        at = digits(a / 1000000, at);
        if (m < 0)
            *--at = '-';
        jw_key(w, key);
        sla_buf_append(w->b, at, (size_t)(end - at));
        return;
    }
    snprintf(buf, sizeof buf, "%.6f", micro / 1e6);
    char *end = buf + strlen(buf);
    while (end[-1] == '0')
        *--end = '\0';
    if (end[-1] == '.')
        *--end = '\0';
    jw_key(w, key);
    sla_buf_puts(w->b, strcmp(buf, "-0") == 0 ? "0" : buf);
}

static void jw_money(jw *w, const char *key, int64_t cents)
{
    jw_key(w, key);
    int64_t a = cents < 0 ? -cents : cents;
    if (a % 100 == 0)
        sla_buf_printf(w->b, "%s%lld", cents < 0 ? "-" : "", (long long)(a / 100));
    else if (a % 10 == 0)
        sla_buf_printf(w->b, "%s%lld.%lld", cents < 0 ? "-" : "", (long long)(a / 100),
                       (long long)(a % 100 / 10));
    else
        sla_buf_printf(w->b, "%s%lld.%02lld", cents < 0 ? "-" : "", (long long)(a / 100),
                       (long long)(a % 100));
}

static void jw_time(jw *w, const char *key, const sla_tz *tz, int64_t t)
{
    char iso[64];
    sla_format_iso(tz, t, iso, sizeof iso);
    jw_str(w, key, iso);
}

/* The KPIS members (SPEC §5) of the object being written. */
static void write_kpis(jw *w, const sla_kpis *k)
{
    jw_int(w, "inquiries", k->inquiries);
    jw_int(w, "mql_count", k->mql_count);
    jw_num(w, "mql_target", k->mql_target);
    jw_num(w, "sal_rate", k->sal_rate);
    jw_num(w, "mql_to_sql_rate", k->mql_to_sql_rate);
    jw_num(w, "response_median_min", k->response_median_min);
    jw_num(w, "response_p90_min", k->response_p90_min);
    jw_num(w, "response_mean_min", k->response_mean_min);
    jw_num(w, "response_within_sla_rate", k->response_within_sla_rate);
    jw_int(w, "untouched_breaches", k->untouched_breaches);
    jw_num(w, "attempts_compliance_rate", k->attempts_compliance_rate);
    jw_int(w, "attempts_pending", k->attempts_pending);
    jw_int(w, "returned_count", k->returned_count);
    jw_num(w, "returned_with_reason_rate", k->returned_with_reason_rate);
    jw_num(w, "win_rate", k->win_rate);
    jw_money(w, "pipeline_amount", k->pipeline_cents);
    jw_money(w, "won_amount", k->won_cents);
    jw_open(w, "status", '{');
    for (int i = 0; i < SLA_KPI_STATUS_COUNT; i++)
        if (k->status[i] != SLA_RAG_NONE)
            jw_str(w, sla_kpi_key((sla_kpi_id)i), sla_rag_key(k->status[i]));
    jw_close(w, '}');
    /* The counts behind the ratios, so other tools need not reverse them. */
    jw_open(w, "counts", '{');
    jw_int(w, "sal", k->sal_count);
    jw_int(w, "sql", k->sql_count);
    jw_int(w, "won", k->won_count);
    jw_int(w, "lost", k->lost_count);
    jw_int(w, "touched", k->touched_count);
    jw_int(w, "within_sla", k->within_sla_count);
    jw_int(w, "sla_denominator", k->sla_denominator);
    jw_int(w, "attempts_compliant", k->attempts_compliant);
    jw_int(w, "attempts_noncompliant", k->attempts_noncompliant);
    jw_int(w, "returned_with_reason", k->returned_with_reason);
    jw_close(w, '}');
}

/* An object of KPIS under key, or an array element when key is NULL. */
static void write_kpis_object(jw *w, const char *key, const sla_kpis *k)
{
    jw_open(w, key, '{');
    write_kpis(w, k);
    jw_close(w, '}');
}

/* [{"team": name, KPIS}, ...]: the i-th team's figures are at first + i * stride
 * bytes, so one function serves current, previous and monthly figures. */
static void write_teams(jw *w, const sla_results *r, const sla_kpis *first, size_t stride)
{
    jw_open(w, "teams", '[');
    for (size_t i = 0; i < r->team_count; i++) {
        jw_open(w, NULL, '{');
        jw_str(w, "team", r->teams[i].team);
        write_kpis(w, (const sla_kpis *)((const char *)first + i * stride));
        jw_close(w, '}');
    }
    jw_close(w, ']');
}

static void write_reps(jw *w, const sla_results *r, bool previous)
{
    jw_open(w, "reps", '[');
    for (size_t i = 0; i < r->rep_count; i++) {
        jw_open(w, NULL, '{');
        jw_str(w, "rep", r->reps[i].rep);
        jw_str(w, "team", r->reps[i].team);
        write_kpis(w, previous ? &r->reps[i].prev : &r->reps[i].kpis);
        jw_close(w, '}');
    }
    jw_close(w, ']');
}

static void write_breaches(jw *w, const sla_results *r)
{
    const sla_tz *tz = r->cfg->tz;
    jw_open(w, "breaches", '[');
    for (size_t i = 0; i < r->breach_count; i++) {
        const sla_breach *b = &r->breaches[i];
        jw_open(w, NULL, '{');
        jw_str(w, "lead_id", b->lead->lead_id);
        jw_str(w, "company", b->lead->company);
        jw_str(w, "rep", b->rep);
        jw_str(w, "team", b->team);
        jw_time(w, "mql_at", tz, b->lead->mql_at);
        if (b->untouched)
            jw_null(w, "first_touch_at");
        else
            jw_time(w, "first_touch_at", tz, b->lead->first_touch);
        jw_num(w, "elapsed_min", (double)b->elapsed_seconds / 60.0);
        jw_num(w, "overdue_min", (double)b->overdue_seconds / 60.0);
        jw_close(w, '}');
    }
    jw_close(w, ']');
}

static void write_data_quality(jw *w, const sla_results *r)
{
    const sla_dq *dq = r->dq;
    jw_open(w, "data_quality", '{');
    jw_int(w, "rows_read", dq->rows_read);
    jw_int(w, "rows_rejected", dq->rows_rejected);
    jw_int(w, "rows_with_problems", dq->rows_with_problems);
    jw_num(w, "crm_hygiene_rate", r->hygiene_rate);
    jw_open(w, "problems", '{');
    for (int p = 0; p < SLA_PB_COUNT; p++)
        jw_int(w, sla_problem_key((sla_problem)p), dq->problems[p]);
    jw_close(w, '}');
    jw_open(w, "files", '[');
    for (size_t i = 0; i < r->dataset->file_count; i++) {
        const sla_source_file *f = &r->dataset->files[i];
        jw_open(w, NULL, '{');
        jw_str(w, "file", f->display);
        jw_int(w, "rows", f->rows);
        jw_str(w, "read_as", f->detected ? f->detected : "");
        jw_close(w, '}');
    }
    jw_close(w, ']');
    jw_close(w, '}');
}

sla_status sla_render_json(const sla_results *r, const char *path, sla_error *err)
{
    const sla_config *cfg = r->cfg;
    sla_buf b = {0};
    jw w = {&b, 0, {true}};
    jw_open(&w, NULL, '{');
    jw_str(&w, "period", r->period.label);
    jw_time(&w, "as_of", cfg->tz, r->as_of);
    jw_str(&w, "timezone", cfg->timezone);
    write_kpis_object(&w, "company", &r->company);
    write_teams(&w, r, &r->teams[0].kpis, sizeof(sla_team_result));
    write_reps(&w, r, false);
    jw_open(&w, "months", '[');
    for (size_t m = 0; m < r->month_count; m++) {
        jw_open(&w, NULL, '{');
        jw_str(&w, "month", r->months[m].month);
        write_kpis_object(&w, "company", &r->months[m].company);
        write_teams(&w, r, r->months[m].teams, sizeof(sla_kpis));
        jw_close(&w, '}');
    }
    jw_close(&w, ']');
    if (r->has_previous) {
        jw_open(&w, "previous", '{');
        jw_str(&w, "period", r->previous.label);
        jw_time(&w, "as_of", cfg->tz, r->previous.end);
        write_kpis_object(&w, "company", &r->company_prev);
        write_teams(&w, r, &r->teams[0].prev, sizeof(sla_team_result));
        write_reps(&w, r, true);
        jw_close(&w, '}');
    }
    write_breaches(&w, r);
    write_data_quality(&w, r);
    jw_close(&w, '}');
    sla_buf_puts(&b, "\n");
    sla_status st = sla_write_file_atomic(path, b.data, b.len, err);
    sla_buf_free(&b);
    return st;
}

sla_status sla_render_rejected(const sla_dataset *ds, const char *path, sla_error *err)
{
    sla_buf b = {0};
    sla_buf_puts(&b, "file,line,column,problem,reason,raw\n");
    for (size_t i = 0; i < ds->dq.reject_count; i++) {
        const sla_reject *r = &ds->dq.rejects[i];
        const char *file = ds->files[r->source_file].display;
        sla_csv_put_field(&b, file, strlen(file));
        sla_buf_printf(&b, ",%ld,%ld,%s,", r->line, r->column, sla_problem_key(r->kind));
        sla_csv_put_field(&b, r->reason, strlen(r->reason));
        sla_buf_puts(&b, ",");
        sla_csv_put_field(&b, r->raw, strlen(r->raw));
        sla_buf_puts(&b, "\n");
    }
    sla_status st = sla_write_file_atomic(path, b.data, b.len, err);
    sla_buf_free(&b);
    return st;
}
