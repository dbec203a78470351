/*
 * kpi.c - the SLA KPIs of SPEC §4.
 *
 * Each cohort lead is judged once, at its own cut-off (the run's for the
 * current period and its months, the previous period's end for the previous
 * period), into a small record of facts: accepted, qualified, first response,
 * attempts. The facts are then added into every group the lead belongs to
 * (company, team, rep, month), so a rule is written once and every level
 * agrees by construction. Activities never pass through here as rows: they
 * are folded into two numbers per lead while they stream (sla_kpi_fold_touch).
 */
#include "kpi.h"

#include <math.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define UNASSIGNED "unassigned"

/* ---- periods ---- */

static int64_t month_start(const sla_tz *tz, int year, int month)
{
    while (month > 12) {
        month -= 12;
        year++;
    }
    while (month < 1) {
        month += 12;
        year--;
    }
    return sla_tz_local_to_utc(tz, sla_days_from_civil(year, month, 1) * 86400);
}

static void period_set(sla_period *p, const sla_tz *tz, int year, int first_month, int months)
{
    while (first_month < 1) {
        first_month += 12;
        year--;
    }
    p->year = year;
    p->first_month = first_month;
    p->months = months;
    p->start = month_start(tz, year, first_month);
    p->end = month_start(tz, year, first_month + months);
    if (months == 3)
        snprintf(p->label, sizeof p->label, "%04d-Q%d", year, (first_month - 1) / 3 + 1);
    else
        snprintf(p->label, sizeof p->label, "%04d-%02d", year, first_month);
}

sla_status sla_period_parse(const char *text, const sla_tz *tz, sla_period *out, sla_error *err)
{
    int y, m;
    char tail;
    if (sscanf(text, "%4d-Q%1d%c", &y, &m, &tail) == 2 && strlen(text) == 7 && m >= 1 && m <= 4 &&
        y >= 1971 && y <= 2099) {
        period_set(out, tz, y, (m - 1) * 3 + 1, 3);
        return SLA_OK;
    }
    if (sscanf(text, "%4d-%2d%c", &y, &m, &tail) == 2 && strlen(text) == 7 && m >= 1 && m <= 12 &&
        y >= 1971 && y <= 2099) {
        period_set(out, tz, y, m, 1);
        return SLA_OK;
    }
    return sla_fail(err, SLA_ERR_USAGE, "", 0, 0,
                    "--period: expected a month (2025-05) or a quarter (2025-Q2), got \"%s\"",
                    text);
}

void sla_period_previous(const sla_period *p, const sla_tz *tz, sla_period *out)
{
    period_set(out, tz, p->year, p->first_month - p->months, p->months);
}

void sla_period_month(const sla_period *p, int i, const sla_tz *tz, sla_period *out)
{
    int m = p->first_month + i, y = p->year;
    if (m > 12) {
        m -= 12;
        y++;
    }
    period_set(out, tz, y, m, 1);
}

/* ---- RAG ---- */

static const char *kpi_keys[SLA_KPI_STATUS_COUNT] = {
    "mql_count",         "sal_rate",           "mql_to_sql_rate",
    "response_median_min", "response_within_sla_rate", "untouched_breaches",
    "attempts_compliance_rate", "returned_with_reason_rate", "win_rate"};

const char *sla_kpi_key(sla_kpi_id id)
{
    return id < SLA_KPI_STATUS_COUNT ? kpi_keys[id] : NULL;
}

const char *sla_rag_key(sla_rag r)
{
    static const char *keys[] = {NULL, "green", "amber", "red"};
    return keys[r];
}

sla_rag sla_rag_of(double value, double target, bool higher_is_better, double tolerance)
{
    if (isnan(value) || isnan(target) || target < 0)
        return SLA_RAG_NONE;
    /* Ratios like 7/10 against 0.70 must count as met: compare with a margin
     * far below any displayed precision. */
    const double eps = 1e-9 * (fabs(target) > 1 ? fabs(target) : 1);
    double band = tolerance * target;
    if (higher_is_better) {
        if (value >= target - eps)
            return SLA_RAG_GREEN;
        return value >= target - band - eps ? SLA_RAG_AMBER : SLA_RAG_RED;
    }
    if (value <= target + eps)
        return SLA_RAG_GREEN;
    return value <= target + band + eps ? SLA_RAG_AMBER : SLA_RAG_RED;
}

void sla_kpi_statuses(sla_kpis *k, const sla_config *cfg)
{
    const sla_targets *t = &cfg->sla.targets;
    double tol = cfg->sla.amber_tolerance;
    k->status[SLA_KPI_MQL_COUNT] = sla_rag_of((double)k->mql_count, k->mql_target, true, tol);
    k->status[SLA_KPI_SAL_RATE] = sla_rag_of(k->sal_rate, t->sal_rate, true, tol);
    k->status[SLA_KPI_MQL_TO_SQL_RATE] =
        sla_rag_of(k->mql_to_sql_rate, t->mql_to_sql_rate, true, tol);
    k->status[SLA_KPI_RESPONSE_MEDIAN] =
        sla_rag_of(k->response_median_min, cfg->sla.response_minutes, false, tol);
    k->status[SLA_KPI_RESPONSE_WITHIN_SLA] =
        sla_rag_of(k->response_within_sla_rate, t->response_within_sla_rate, true, tol);
    k->status[SLA_KPI_UNTOUCHED_BREACHES] =
        sla_rag_of((double)k->untouched_breaches, 0, false, tol);
    k->status[SLA_KPI_ATTEMPTS_COMPLIANCE] =
        sla_rag_of(k->attempts_compliance_rate, t->attempts_compliance_rate, true, tol);
    k->status[SLA_KPI_RETURNED_WITH_REASON] =
        sla_rag_of(k->returned_with_reason_rate, t->returned_with_reason_rate, true, tol);
    k->status[SLA_KPI_WIN_RATE] = sla_rag_of(k->win_rate, t->win_rate, true, tol);
}

/* ---- context and streaming ---- */

sla_status sla_kpi_ctx_init(sla_kpi_ctx *ctx, const sla_config *cfg, const sla_period *period,
                            int64_t as_of, sla_error *err)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->cfg = cfg;
    ctx->period = *period;
    sla_period_previous(period, cfg->tz, &ctx->previous);
    ctx->as_of = as_of == SLA_NO_TIME ? period->end : as_of;
    if (ctx->as_of <= period->start)
        return sla_fail(err, SLA_ERR_USAGE, "", 0, 0,
                        "--as-of: the cut-off must be after the start of the period %s",
                        period->label);
    ctx->window_seconds =
        (int64_t)cfg->sla.attempt_window_days * sla_calendar_day_seconds(cfg->calendar);
    return SLA_OK;
}

static bool in_period(int64_t t, const sla_period *p)
{
    return t != SLA_NO_TIME && t >= p->start && t < p->end;
}

void sla_kpi_prepare(const sla_kpi_ctx *ctx, sla_dataset *ds)
{
    for (size_t i = 0; i < ds->lead_count; i++) {
        sla_lead *l = &ds->leads[i];
        l->first_touch = SLA_NO_TIME;
        l->window_touches = 0;
        if (in_period(l->mql_at, &ctx->period) && l->mql_at <= ctx->as_of)
            l->cutoff = ctx->as_of;
        else if (in_period(l->mql_at, &ctx->previous))
            l->cutoff = ctx->previous.end;
        else
            l->cutoff = SLA_NO_TIME;
    }
}

void sla_kpi_fold_touch(void *vctx, sla_lead *l, int64_t at)
{
    const sla_kpi_ctx *ctx = vctx;
    if (l->cutoff == SLA_NO_TIME || at < l->mql_at || at > l->cutoff)
        return;
    if (l->first_touch == SLA_NO_TIME || at < l->first_touch)
        l->first_touch = at;
    if (sla_business_seconds(ctx->cfg->calendar, l->mql_at, at) <= ctx->window_seconds)
        l->window_touches++;
}

/* ---- accumulation ---- */

/* What one cohort lead contributes, decided at its cut-off. */
typedef struct lead_facts {
    bool sal, sql, touched, within_sla, untouched_breach, in_denominator;
    bool compliant, pending, returned, with_reason;
    int64_t response_seconds, elapsed_seconds;
} lead_facts;

typedef struct acc {
    sla_kpis k;
    double *resp; /* response times in seconds, for percentiles */
    size_t n, cap;
    double resp_sum;
    bool used;
} acc;

static void judge(const sla_kpi_ctx *ctx, const sla_lead *l, int64_t cutoff, lead_facts *f)
{
    const sla_calendar *cal = ctx->cfg->calendar;
    int64_t target = (int64_t)ctx->cfg->sla.response_minutes * 60;
    memset(f, 0, sizeof *f);
    f->sal = l->sal_at != SLA_NO_TIME && l->sal_at <= cutoff;
    f->sql = l->sql_at != SLA_NO_TIME && l->sql_at <= cutoff;
    f->touched = l->first_touch != SLA_NO_TIME;
    f->elapsed_seconds = sla_business_seconds(cal, l->mql_at, cutoff);
    if (f->touched) {
        f->response_seconds = sla_business_seconds(cal, l->mql_at, l->first_touch);
        f->within_sla = f->response_seconds <= target;
        f->in_denominator = true;
    } else {
        f->untouched_breach = f->elapsed_seconds > target;
        f->in_denominator = f->untouched_breach;
    }
    bool sql_in_window = f->sql && l->sql_at >= l->mql_at &&
                         sla_business_seconds(cal, l->mql_at, l->sql_at) <= ctx->window_seconds;
    f->compliant = l->window_touches >= ctx->cfg->sla.min_attempts || sql_in_window;
    f->pending = !f->compliant && f->elapsed_seconds < ctx->window_seconds;
    f->returned = l->status == SLA_STATUS_RECYCLED || l->status == SLA_STATUS_REJECTED;
    f->with_reason = f->returned && l->has_return_reason;
}

static int hist_bucket(int64_t response, int64_t target)
{
    /* Edges ¼T, ½T, T, 2T, 4T; "within" includes the target itself. */
    if (response * 4 < target)
        return 0;
    if (response * 2 < target)
        return 1;
    if (response <= target)
        return 2;
    if (response <= 2 * target)
        return 3;
    if (response <= 4 * target)
        return 4;
    return 5;
}

static void add_cohort(acc *a, const lead_facts *f, int64_t target)
{
    sla_kpis *k = &a->k;
    a->used = true;
    k->mql_count++;
    k->sal_count += f->sal;
    k->sql_count += f->sql;
    if (f->touched) {
        k->touched_count++;
        k->within_sla_count += f->within_sla;
        sla_grow((void **)&a->resp, &a->cap, a->n + 1, sizeof(double));
        a->resp[a->n++] = (double)f->response_seconds;
        a->resp_sum += (double)f->response_seconds;
        k->response_hist[hist_bucket(f->response_seconds, target)]++;
    }
    k->sla_denominator += f->in_denominator;
    k->untouched_breaches += f->untouched_breach;
    k->attempts_compliant += f->compliant;
    k->attempts_pending += f->pending;
    k->attempts_noncompliant += !f->compliant && !f->pending;
    k->returned_count += f->returned;
    k->returned_with_reason += f->with_reason;
}

/* Non-cohort figures of a lead for period p judged at cutoff. */
static void add_flows(acc *a, const sla_lead *l, const sla_period *p, int64_t cutoff)
{
    sla_kpis *k = &a->k;
    if (in_period(l->created_at, p) && l->created_at <= cutoff) {
        k->inquiries++;
        a->used = true;
    }
    bool sql = l->sql_at != SLA_NO_TIME && l->sql_at <= cutoff;
    if (sql && in_period(l->sql_at, p)) {
        k->pipeline_cents += l->amount_cents;
        a->used = true;
    }
    if (sql && in_period(l->closed_at, p) && l->closed_at <= cutoff) {
        if (l->status == SLA_STATUS_WON) {
            k->won_count++;
            k->won_cents += l->amount_cents;
            a->used = true;
        } else if (l->status == SLA_STATUS_LOST) {
            k->lost_count++;
            a->used = true;
        }
    }
}

/* Put the k-th smallest of v[lo..hi] at v[k], nothing larger before it and
 * nothing smaller after (Hoare's FIND): two percentiles need no full sort. */
static void select_kth(double *v, ptrdiff_t lo, ptrdiff_t hi, ptrdiff_t k)
{
    while (lo < hi) {
        double pivot = v[k];
        ptrdiff_t i = lo, j = hi;
        do {
            while (v[i] < pivot)
                i++;
            while (pivot < v[j])
                j--;
            if (i <= j) {
                double t = v[i];
                v[i++] = v[j];
                v[j--] = t;
            }
        } while (i <= j);
        if (j < k)
            lo = i;
        if (k < i)
            hi = j;
    }
}

static double ratio(long num, long den)
{
    return den > 0 ? (double)num / (double)den : NAN;
}

/* Nearest rank: the ceil(q·n)-th smallest, q = num/den, in integers (as an index). */
static size_t nearest_rank(size_t n, size_t num, size_t den)
{
    size_t rank = (num * n + den - 1) / den;
    return rank > 0 ? rank - 1 : 0;
}

/* Turn the counts into ratios, percentiles and statuses. */
static void finish(acc *a, double target, const sla_config *cfg)
{
    sla_kpis *k = &a->k;
    k->mql_target = target;
    k->sal_rate = ratio(k->sal_count, k->mql_count);
    k->mql_to_sql_rate = ratio(k->sql_count, k->mql_count);
    k->response_within_sla_rate = ratio(k->within_sla_count, k->sla_denominator);
    k->attempts_compliance_rate =
        ratio(k->attempts_compliant, k->attempts_compliant + k->attempts_noncompliant);
    k->returned_with_reason_rate = ratio(k->returned_with_reason, k->returned_count);
    k->win_rate = ratio(k->won_count, k->won_count + k->lost_count);
    if (a->n > 0) {
        size_t median = nearest_rank(a->n, 1, 2), p90 = nearest_rank(a->n, 9, 10);
        select_kth(a->resp, 0, (ptrdiff_t)a->n - 1, (ptrdiff_t)median);
        /* Nothing after the median is smaller: the p90 lies there. */
        select_kth(a->resp, (ptrdiff_t)median, (ptrdiff_t)a->n - 1, (ptrdiff_t)p90);
        k->response_median_min = a->resp[median] / 60.0;
        k->response_p90_min = a->resp[p90] / 60.0;
        k->response_mean_min = a->resp_sum / (double)a->n / 60.0;
    } else {
        k->response_median_min = k->response_p90_min = k->response_mean_min = NAN;
    }
    free(a->resp);
    a->resp = NULL;
    sla_kpi_statuses(k, cfg);
}

/* ---- the whole computation ---- */

typedef struct engine {
    const sla_kpi_ctx *ctx;
    const sla_config *cfg;
    size_t teams, reps; /* configured; index teams/reps = unassigned */
    /* [0] current period, [1] previous period */
    acc company[2];
    acc *team[2]; /* teams + 1 */
    acc *rep[2];  /* reps + 1 */
    sla_period months[3];
    acc month_company[3];
    acc *month_team[3]; /* teams + 1 */
    sla_breach *breaches;
    size_t breach_count, breach_cap;
} engine;

static void add_breach(engine *e, const sla_lead *l, const lead_facts *f)
{
    int64_t target = (int64_t)e->cfg->sla.response_minutes * 60;
    int64_t elapsed = f->touched ? f->response_seconds : f->elapsed_seconds;
    if (elapsed <= target || (!f->touched && !f->untouched_breach))
        return;
    sla_grow((void **)&e->breaches, &e->breach_cap, e->breach_count + 1, sizeof(sla_breach));
    sla_breach *b = &e->breaches[e->breach_count++];
    b->lead = l;
    b->rep = l->rep >= 0 ? e->cfg->reps[l->rep].rep : UNASSIGNED;
    b->team = l->team >= 0 ? e->cfg->teams[l->team].name : UNASSIGNED;
    b->elapsed_seconds = elapsed;
    b->overdue_seconds = elapsed - target;
    b->untouched = !f->touched;
}

static void add_lead(engine *e, const sla_lead *l)
{
    const sla_kpi_ctx *ctx = e->ctx;
    size_t t = l->team >= 0 ? (size_t)l->team : e->teams;
    size_t r = l->rep >= 0 ? (size_t)l->rep : e->reps;
    int64_t target = (int64_t)e->cfg->sla.response_minutes * 60;
    const sla_period *periods[2] = {&ctx->period, &ctx->previous};
    const int64_t cutoffs[2] = {ctx->as_of, ctx->previous.end};
    for (int p = 0; p < 2; p++) {
        acc *groups[3] = {&e->company[p], &e->team[p][t], &e->rep[p][r]};
        bool cohort = in_period(l->mql_at, periods[p]) && l->mql_at <= cutoffs[p];
        lead_facts f;
        if (cohort)
            judge(ctx, l, cutoffs[p], &f);
        for (int g = 0; g < 3; g++) {
            add_flows(groups[g], l, periods[p], cutoffs[p]);
            if (cohort)
                add_cohort(groups[g], &f, target);
        }
        if (p != 0)
            continue;
        if (cohort)
            add_breach(e, l, &f);
        for (int m = 0; m < ctx->period.months; m++) {
            acc *mg[2] = {&e->month_company[m], &e->month_team[m][t]};
            bool in_month = cohort && in_period(l->mql_at, &e->months[m]);
            for (int g = 0; g < 2; g++) {
                add_flows(mg[g], l, &e->months[m], ctx->as_of);
                if (in_month)
                    add_cohort(mg[g], &f, target);
            }
        }
    }
}

/* ---- two threads over the leads ----
 * Each half of the leads is added to an engine of its own, and the second
 * engine is then added into the first. Every figure is a count, a sum of
 * whole numbers (exact in a double far beyond any quarter's responses), a
 * set of response times (for percentiles, whose order does not matter) or a
 * breach list (sorted afterwards by a total order), so the result is the one
 * thread's to the bit; the demo golden test compares the two. */

static void engine_init(engine *e, const sla_kpi_ctx *ctx)
{
    *e = (engine){.ctx = ctx, .cfg = ctx->cfg, .teams = ctx->cfg->team_count,
                  .reps = ctx->cfg->rep_count};
    for (int p = 0; p < 2; p++) {
        e->team[p] = sla_xcalloc(e->teams + 1, sizeof(acc));
        e->rep[p] = sla_xcalloc(e->reps + 1, sizeof(acc));
    }
    for (int m = 0; m < ctx->period.months; m++) {
        sla_period_month(&ctx->period, m, ctx->cfg->tz, &e->months[m]);
        e->month_team[m] = sla_xcalloc(e->teams + 1, sizeof(acc));
    }
}

/* Add src's counts and response times into dst; src's times are freed. */
static void acc_merge(acc *dst, acc *src)
{
    sla_kpis *d = &dst->k;
    const sla_kpis *s = &src->k;
    d->inquiries += s->inquiries;
    d->mql_count += s->mql_count;
    d->untouched_breaches += s->untouched_breaches;
    d->attempts_pending += s->attempts_pending;
    d->returned_count += s->returned_count;
    d->pipeline_cents += s->pipeline_cents;
    d->won_cents += s->won_cents;
    d->sal_count += s->sal_count;
    d->sql_count += s->sql_count;
    d->won_count += s->won_count;
    d->lost_count += s->lost_count;
    d->touched_count += s->touched_count;
    d->within_sla_count += s->within_sla_count;
    d->sla_denominator += s->sla_denominator;
    d->attempts_compliant += s->attempts_compliant;
    d->attempts_noncompliant += s->attempts_noncompliant;
    d->returned_with_reason += s->returned_with_reason;
    for (int b = 0; b < SLA_HIST_BUCKETS; b++)
        d->response_hist[b] += s->response_hist[b];
    if (src->n) {
        sla_grow((void **)&dst->resp, &dst->cap, dst->n + src->n, sizeof(double));
        memcpy(dst->resp + dst->n, src->resp, src->n * sizeof(double));
        dst->n += src->n;
    }
    dst->resp_sum += src->resp_sum;
    dst->used = dst->used || src->used;
    free(src->resp);
}

static void engine_merge(engine *dst, engine *src)
{
    for (int p = 0; p < 2; p++) {
        acc_merge(&dst->company[p], &src->company[p]);
        for (size_t t = 0; t <= dst->teams; t++)
            acc_merge(&dst->team[p][t], &src->team[p][t]);
        for (size_t r = 0; r <= dst->reps; r++)
            acc_merge(&dst->rep[p][r], &src->rep[p][r]);
        free(src->team[p]);
        free(src->rep[p]);
    }
    for (int m = 0; m < dst->ctx->period.months; m++) {
        acc_merge(&dst->month_company[m], &src->month_company[m]);
        for (size_t t = 0; t <= dst->teams; t++)
            acc_merge(&dst->month_team[m][t], &src->month_team[m][t]);
        free(src->month_team[m]);
    }
    if (src->breach_count) {
        sla_grow((void **)&dst->breaches, &dst->breach_cap, dst->breach_count + src->breach_count,
                 sizeof(sla_breach));
        memcpy(dst->breaches + dst->breach_count, src->breaches,
               src->breach_count * sizeof(sla_breach));
        dst->breach_count += src->breach_count;
    }
    free(src->breaches);
}

/* Leads [from, to) into e. */
typedef struct lead_share {
    engine *e;
    const sla_dataset *ds;
    size_t from, to;
    bool has_previous;
} lead_share;

static void *add_leads(void *arg)
{
    lead_share *s = arg;
    const sla_kpi_ctx *ctx = s->e->ctx;
    for (size_t i = s->from; i < s->to; i++) {
        const sla_lead *l = &s->ds->leads[i];
        add_lead(s->e, l);
        s->has_previous = s->has_previous || in_period(l->created_at, &ctx->previous) ||
                          in_period(l->mql_at, &ctx->previous);
    }
    return NULL;
}

static int cmp_breach(const void *a, const void *b)
{
    const sla_breach *x = a, *y = b;
    if (x->overdue_seconds != y->overdue_seconds)
        return x->overdue_seconds > y->overdue_seconds ? -1 : 1;
    return strcmp(x->lead->lead_id, y->lead->lead_id);
}

static int cmp_team(const void *a, const void *b)
{
    return strcmp(((const sla_team_result *)a)->team, ((const sla_team_result *)b)->team);
}

static int cmp_rep(const void *a, const void *b)
{
    return strcmp(((const sla_rep_result *)a)->rep, ((const sla_rep_result *)b)->rep);
}

/* MQL targets per team and rep for a span of months (NAN = unassigned). */
static double team_target(const sla_config *cfg, size_t t, int months)
{
    return t < cfg->team_count ? cfg->teams[t].mql_target_monthly * months : NAN;
}

static double rep_target(const sla_config *cfg, const long *team_reps, size_t r, int months)
{
    if (r >= cfg->rep_count)
        return NAN;
    const sla_rep_cfg *rep = &cfg->reps[r];
    if (rep->mql_target_monthly >= 0)
        return rep->mql_target_monthly * months;
    return cfg->teams[rep->team_index].mql_target_monthly / (double)team_reps[rep->team_index] *
           months;
}

sla_status sla_kpi_compute(const sla_kpi_ctx *ctx, const sla_dataset *ds, sla_results **out,
                           sla_error *err)
{
    (void)err;
    const sla_config *cfg = ctx->cfg;
    engine e, second;
    engine_init(&e, ctx);
    lead_share mine = {&e, ds, 0, ds->lead_count, false}, other = {&second, ds, 0, 0, false};
    pthread_t thread;
    bool split = sla_jobs() > 1 && ds->lead_count > 1;
    if (split) {
        engine_init(&second, ctx);
        other.from = mine.to = ds->lead_count / 2;
        other.to = ds->lead_count;
    }
    bool threaded = split && pthread_create(&thread, NULL, add_leads, &other) == 0;
    add_leads(&mine);
    if (threaded)
        pthread_join(thread, NULL);
    else if (split)
        add_leads(&other); /* no thread could be had: the second half here */
    if (split)
        engine_merge(&e, &second);
    bool has_previous = mine.has_previous || other.has_previous;

    long *team_reps = sla_xcalloc(e.teams + 1, sizeof(long));
    for (size_t r = 0; r < e.reps; r++)
        team_reps[cfg->reps[r].team_index]++;
    double company_target[2] = {0, 0};
    for (size_t t = 0; t < e.teams; t++)
        company_target[0] += team_target(cfg, t, ctx->period.months);
    company_target[1] = company_target[0];

    sla_results *r = sla_xcalloc(1, sizeof *r);
    r->period = ctx->period;
    r->previous = ctx->previous;
    r->has_previous = has_previous;
    r->as_of = ctx->as_of;
    r->cfg = cfg;
    r->dataset = ds;
    r->dq = &ds->dq;
    r->hygiene_rate = ratio(ds->dq.rows_read - ds->dq.rows_with_problems, ds->dq.rows_read);
    for (int p = 0; p < 2; p++)
        finish(&e.company[p], company_target[p], cfg);
    r->company = e.company[0].k;
    r->company_prev = e.company[1].k;

    /* Teams: every configured team, and "unassigned" when leads landed there. */
    bool team_unassigned = e.team[0][e.teams].used || e.team[1][e.teams].used;
    r->teams = sla_xcalloc(e.teams + 1, sizeof(sla_team_result));
    for (size_t t = 0; t <= e.teams; t++) {
        for (int p = 0; p < 2; p++)
            finish(&e.team[p][t], team_target(cfg, t, ctx->period.months), cfg);
        if (t == e.teams && !team_unassigned)
            continue;
        sla_team_result *tr = &r->teams[r->team_count++];
        tr->team = t < e.teams ? cfg->teams[t].name : UNASSIGNED;
        tr->cfg = t < e.teams ? &cfg->teams[t] : NULL;
        tr->rep_count = t < e.teams ? team_reps[t] : 0;
        tr->kpis = e.team[0][t].k;
        tr->prev = e.team[1][t].k;
    }

    /* Months, with per-team figures in the order teams had before sorting. */
    r->month_count = (size_t)ctx->period.months;
    r->months = sla_xcalloc(r->month_count, sizeof(sla_month_result));
    for (size_t m = 0; m < r->month_count; m++) {
        sla_month_result *mr = &r->months[m];
        snprintf(mr->month, sizeof mr->month, "%04d-%02d", e.months[m].year,
                 e.months[m].first_month);
        finish(&e.month_company[m], company_target[0] / ctx->period.months, cfg);
        mr->company = e.month_company[m].k;
        mr->teams = sla_xcalloc(r->team_count, sizeof(sla_kpis));
        for (size_t t = 0; t <= e.teams; t++) {
            finish(&e.month_team[m][t], team_target(cfg, t, 1), cfg);
            if (t < r->team_count)
                mr->teams[t] = e.month_team[m][t].k;
        }
        free(e.month_team[m]);
    }

    bool rep_unassigned = e.rep[0][e.reps].used || e.rep[1][e.reps].used;
    r->reps = sla_xcalloc(e.reps + 1, sizeof(sla_rep_result));
    for (size_t i = 0; i <= e.reps; i++) {
        for (int p = 0; p < 2; p++)
            finish(&e.rep[p][i], rep_target(cfg, team_reps, i, ctx->period.months), cfg);
        if (i == e.reps && !rep_unassigned)
            continue;
        sla_rep_result *rr = &r->reps[r->rep_count++];
        rr->rep = i < e.reps ? cfg->reps[i].rep : UNASSIGNED;
        rr->team = i < e.reps ? cfg->reps[i].team : UNASSIGNED;
        rr->cfg = i < e.reps ? &cfg->reps[i] : NULL;
        rr->kpis = e.rep[0][i].k;
        rr->prev = e.rep[1][i].k;
    }

    /* Sort teams by name, carrying each month's team figures along. */
    size_t *order = sla_xmalloc((r->team_count + 1) * sizeof(size_t));
    sla_team_result *sorted = sla_xmalloc((r->team_count + 1) * sizeof *sorted);
    memcpy(sorted, r->teams, r->team_count * sizeof *sorted);
    qsort(sorted, r->team_count, sizeof *sorted, cmp_team);
    for (size_t s = 0; s < r->team_count; s++)
        for (size_t t = 0; t < r->team_count; t++)
            if (r->teams[t].team == sorted[s].team)
                order[s] = t;
    for (size_t m = 0; m < r->month_count; m++) {
        sla_kpis *old = r->months[m].teams;
        r->months[m].teams = sla_xcalloc(r->team_count, sizeof(sla_kpis));
        for (size_t s = 0; s < r->team_count; s++)
            r->months[m].teams[s] = old[order[s]];
        free(old);
    }
    free(r->teams);
    r->teams = sorted;
    free(order);
    qsort(r->reps, r->rep_count, sizeof *r->reps, cmp_rep);

    if (e.breach_count) /* qsort(NULL, 0, ...) is undefined behaviour */
        qsort(e.breaches, e.breach_count, sizeof *e.breaches, cmp_breach);
    r->breaches = e.breaches;
    r->breach_count = e.breach_count;

    for (int p = 0; p < 2; p++) {
        free(e.team[p]);
        free(e.rep[p]);
    }
    free(team_reps);
    *out = r;
    return SLA_OK;
}

void sla_results_free(sla_results *r)
{
    if (!r)
        return;
    for (size_t m = 0; m < r->month_count; m++)
        free(r->months[m].teams);
    free(r->months);
    free(r->teams);
    free(r->reps);
    free(r->breaches);
    free(r);
}
