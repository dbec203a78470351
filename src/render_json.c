/*
 * render_json.c - kpis.json (SPEC §5) and rejected.csv.
 *
 * Keys are written in a fixed order and numbers with a fixed precision so the
 * file diffs cleanly between runs and golden files stay stable.
 */
#include "render_json.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest_csv.h"
#include "output.h"
#include "util.h"

/* A ratio or minutes value rounded to 6 decimals; null when there is none. */
static json_t *number(double v)
{
    if (isnan(v))
        return json_null();
    double r = round(v * 1e6) / 1e6;
    if (r == floor(r) && fabs(r) < 9e15)
        return json_integer((json_int_t)r);
    return json_real(r);
}

static json_t *money(int64_t cents)
{
    if (cents % 100 == 0)
        return json_integer(cents / 100);
    return json_real((double)cents / 100.0);
}

static json_t *kpis_object(const sla_kpis *k)
{
    json_t *o = json_object();
    json_object_set_new(o, "inquiries", json_integer(k->inquiries));
    json_object_set_new(o, "mql_count", json_integer(k->mql_count));
    json_object_set_new(o, "mql_target", number(k->mql_target));
    json_object_set_new(o, "sal_rate", number(k->sal_rate));
    json_object_set_new(o, "mql_to_sql_rate", number(k->mql_to_sql_rate));
    json_object_set_new(o, "response_median_min", number(k->response_median_min));
    json_object_set_new(o, "response_p90_min", number(k->response_p90_min));
    json_object_set_new(o, "response_mean_min", number(k->response_mean_min));
    json_object_set_new(o, "response_within_sla_rate", number(k->response_within_sla_rate));
    json_object_set_new(o, "untouched_breaches", json_integer(k->untouched_breaches));
    json_object_set_new(o, "attempts_compliance_rate", number(k->attempts_compliance_rate));
    json_object_set_new(o, "attempts_pending", json_integer(k->attempts_pending));
    json_object_set_new(o, "returned_count", json_integer(k->returned_count));
    json_object_set_new(o, "returned_with_reason_rate", number(k->returned_with_reason_rate));
    json_object_set_new(o, "win_rate", number(k->win_rate));
    json_object_set_new(o, "pipeline_amount", money(k->pipeline_cents));
    json_object_set_new(o, "won_amount", money(k->won_cents));
    json_t *status = json_object();
    for (int i = 0; i < SLA_KPI_STATUS_COUNT; i++)
        if (k->status[i] != SLA_RAG_NONE)
            json_object_set_new(status, sla_kpi_key((sla_kpi_id)i),
                                json_string(sla_rag_key(k->status[i])));
    json_object_set_new(o, "status", status);
    /* The counts behind the ratios, so other tools need not reverse them. */
    json_t *c = json_object();
    json_object_set_new(c, "sal", json_integer(k->sal_count));
    json_object_set_new(c, "sql", json_integer(k->sql_count));
    json_object_set_new(c, "won", json_integer(k->won_count));
    json_object_set_new(c, "lost", json_integer(k->lost_count));
    json_object_set_new(c, "touched", json_integer(k->touched_count));
    json_object_set_new(c, "within_sla", json_integer(k->within_sla_count));
    json_object_set_new(c, "sla_denominator", json_integer(k->sla_denominator));
    json_object_set_new(c, "attempts_compliant", json_integer(k->attempts_compliant));
    json_object_set_new(c, "attempts_noncompliant", json_integer(k->attempts_noncompliant));
    json_object_set_new(c, "returned_with_reason", json_integer(k->returned_with_reason));
    json_object_set_new(o, "counts", c);
    return o;
}

/* KPIS merged into an object that already carries its label keys. */
static json_t *labelled(json_t *head, const sla_kpis *k)
{
    json_t *body = kpis_object(k);
    json_object_update(head, body);
    json_decref(body);
    return head;
}

sla_status sla_render_json(const sla_results *r, const char *path, sla_error *err)
{
    const sla_config *cfg = r->cfg;
    json_t *root = json_object();
    char iso[64];
    sla_format_iso(cfg->tz, r->as_of, iso, sizeof iso);
    json_object_set_new(root, "period", json_string(r->period.label));
    json_object_set_new(root, "as_of", json_string(iso));
    json_object_set_new(root, "timezone", json_string(cfg->timezone));
    json_object_set_new(root, "company", kpis_object(&r->company));
    json_t *teams = json_array();
    for (size_t i = 0; i < r->team_count; i++) {
        json_t *t = json_object();
        json_object_set_new(t, "team", json_string(r->teams[i].team));
        json_array_append_new(teams, labelled(t, &r->teams[i].kpis));
    }
    json_object_set_new(root, "teams", teams);
    json_t *reps = json_array();
    for (size_t i = 0; i < r->rep_count; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "rep", json_string(r->reps[i].rep));
        json_object_set_new(o, "team", json_string(r->reps[i].team));
        json_array_append_new(reps, labelled(o, &r->reps[i].kpis));
    }
    json_object_set_new(root, "reps", reps);
    json_t *months = json_array();
    for (size_t m = 0; m < r->month_count; m++) {
        json_t *o = json_object();
        json_object_set_new(o, "month", json_string(r->months[m].month));
        json_object_set_new(o, "company", kpis_object(&r->months[m].company));
        json_t *mt = json_array();
        for (size_t i = 0; i < r->team_count; i++) {
            json_t *t = json_object();
            json_object_set_new(t, "team", json_string(r->teams[i].team));
            json_array_append_new(mt, labelled(t, &r->months[m].teams[i]));
        }
        json_object_set_new(o, "teams", mt);
        json_array_append_new(months, o);
    }
    json_object_set_new(root, "months", months);
    if (r->has_previous) {
        json_t *prev = json_object();
        json_object_set_new(prev, "period", json_string(r->previous.label));
        sla_format_iso(cfg->tz, r->previous.end, iso, sizeof iso);
        json_object_set_new(prev, "as_of", json_string(iso));
        json_object_set_new(prev, "company", kpis_object(&r->company_prev));
        json_t *pt = json_array();
        for (size_t i = 0; i < r->team_count; i++) {
            json_t *t = json_object();
            json_object_set_new(t, "team", json_string(r->teams[i].team));
            json_array_append_new(pt, labelled(t, &r->teams[i].prev));
        }
        json_object_set_new(prev, "teams", pt);
        json_t *pr = json_array();
        for (size_t i = 0; i < r->rep_count; i++) {
            json_t *o = json_object();
            json_object_set_new(o, "rep", json_string(r->reps[i].rep));
            json_object_set_new(o, "team", json_string(r->reps[i].team));
            json_array_append_new(pr, labelled(o, &r->reps[i].prev));
        }
        json_object_set_new(prev, "reps", pr);
        json_object_set_new(root, "previous", prev);
    }
    json_t *breaches = json_array();
    for (size_t i = 0; i < r->breach_count; i++) {
        const sla_breach *b = &r->breaches[i];
        json_t *o = json_object();
        json_object_set_new(o, "lead_id", json_string(b->lead->lead_id));
        json_object_set_new(o, "company", json_string(b->lead->company));
        json_object_set_new(o, "rep", json_string(b->rep));
        json_object_set_new(o, "team", json_string(b->team));
        sla_format_iso(cfg->tz, b->lead->mql_at, iso, sizeof iso);
        json_object_set_new(o, "mql_at", json_string(iso));
        if (b->untouched) {
            json_object_set_new(o, "first_touch_at", json_null());
        } else {
            sla_format_iso(cfg->tz, b->lead->first_touch, iso, sizeof iso);
            json_object_set_new(o, "first_touch_at", json_string(iso));
        }
        json_object_set_new(o, "elapsed_min", number((double)b->elapsed_seconds / 60.0));
        json_object_set_new(o, "overdue_min", number((double)b->overdue_seconds / 60.0));
        json_array_append_new(breaches, o);
    }
    json_object_set_new(root, "breaches", breaches);
    const sla_dq *dq = r->dq;
    json_t *dqo = json_object();
    json_object_set_new(dqo, "rows_read", json_integer(dq->rows_read));
    json_object_set_new(dqo, "rows_rejected", json_integer(dq->rows_rejected));
    json_object_set_new(dqo, "rows_with_problems", json_integer(dq->rows_with_problems));
    json_object_set_new(dqo, "crm_hygiene_rate", number(r->hygiene_rate));
    json_t *problems = json_object();
    for (int p = 0; p < SLA_PB_COUNT; p++)
        json_object_set_new(problems, sla_problem_key((sla_problem)p),
                            json_integer(dq->problems[p]));
    json_object_set_new(dqo, "problems", problems);
    json_t *files = json_array();
    for (size_t i = 0; i < r->dataset->file_count; i++) {
        const sla_source_file *f = &r->dataset->files[i];
        json_t *o = json_object();
        json_object_set_new(o, "file", json_string(f->display));
        json_object_set_new(o, "rows", json_integer(f->rows));
        json_object_set_new(o, "read_as", json_string(f->detected ? f->detected : ""));
        json_array_append_new(files, o);
    }
    json_object_set_new(dqo, "files", files);
    json_object_set_new(root, "data_quality", dqo);

    char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(10));
    json_decref(root);
    sla_buf b = {0};
    sla_buf_puts(&b, text);
    sla_buf_puts(&b, "\n");
    free(text);
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
