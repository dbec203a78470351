/*
 * test_kpi.c - every KPI rule of SPEC §4 against tests/fixtures/kpi, a small
 * company whose numbers were all worked out by hand (see its README.md).
 */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "dataset.h"
#include "kpi.h"

typedef struct world {
    sla_config *cfg;
    sla_dataset *ds;
    sla_results *r;
} world;

static world *load(const char *period, const char *as_of_local)
{
    world *w = calloc(1, sizeof *w);
    sla_error err = {0};
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/fixtures/kpi/config.json", test_source_dir());
    if (sla_config_load(path, NULL, &w->cfg, &err) != SLA_OK)
        fail_msg("config: %s", err.text);
    char tmpl[4096];
    snprintf(tmpl, sizeof tmpl, "%s/templates", test_source_dir());
    w->ds = sla_dataset_new(strdup(tmpl));
    sla_period p;
    assert_int_equal(sla_period_parse(period, w->cfg->tz, &p, &err), SLA_OK);
    int64_t as_of = SLA_NO_TIME;
    if (as_of_local) {
        int y, mo, d, h, mi;
        sscanf(as_of_local, "%d-%d-%d %d:%d", &y, &mo, &d, &h, &mi);
        as_of = sla_tz_local_to_utc(w->cfg->tz,
                                    sla_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60);
    }
    sla_kpi_ctx ctx;
    assert_int_equal(sla_kpi_ctx_init(&ctx, w->cfg, &p, as_of, &err), SLA_OK);
    assert_int_equal(sla_dataset_load_leads(w->ds, w->cfg, &err), SLA_OK);
    sla_kpi_prepare(&ctx, w->ds);
    assert_int_equal(
        sla_dataset_stream_activities(w->ds, w->cfg, sla_kpi_fold_touch, &ctx, &err), SLA_OK);
    assert_int_equal(sla_kpi_compute(&ctx, w->ds, &w->r, &err), SLA_OK);
    return w;
}

static void unload(world *w)
{
    sla_results_free(w->r);
    free((char *)w->ds->templates_dir);
    sla_dataset_free(w->ds);
    sla_config_free(w->cfg);
    free(w);
}

#define assert_close(a, b) assert_true(fabs((a) - (b)) < 1e-9)

static const sla_rep_result *rep(const sla_results *r, const char *id)
{
    for (size_t i = 0; i < r->rep_count; i++)
        if (strcmp(r->reps[i].rep, id) == 0)
            return &r->reps[i];
    fail_msg("no rep %s", id);
    return NULL;
}

static const sla_team_result *team(const sla_results *r, const char *name)
{
    for (size_t i = 0; i < r->team_count; i++)
        if (strcmp(r->teams[i].team, name) == 0)
            return &r->teams[i];
    fail_msg("no team %s", name);
    return NULL;
}

/* The company for May 2025, cut-off at the end of the month. */
static void test_company_may(void **state)
{
    (void)state;
    world *w = load("2025-05", NULL);
    const sla_kpis *k = &w->r->company;
    assert_int_equal(k->inquiries, 7);    /* L1 L2 L4 L5 L6 L8 L11 */
    assert_int_equal(k->mql_count, 8);    /* L1-L7 (L7 moved into May by its MA event), L11 */
    assert_close(k->mql_target, 14);      /* Alfa 10 + Beta 4 */
    assert_close(k->sal_rate, 2.0 / 8);   /* L6's SAL is after the cut-off */
    assert_close(k->mql_to_sql_rate, 3.0 / 8);
    assert_close(k->response_median_min, 10); /* 0 5 10 30 240 300: lower middle */
    assert_close(k->response_p90_min, 300);   /* ceil(0.9*6) = 6th */
    assert_close(k->response_mean_min, 97.5);
    assert_close(k->response_within_sla_rate, 5.0 / 7); /* 240 exactly is within */
    assert_int_equal(k->untouched_breaches, 1);         /* L3; L4's clock is at 60 min */
    assert_close(k->attempts_compliance_rate, 3.0 / 7);
    assert_int_equal(k->attempts_pending, 1); /* L4: window still open at the cut-off */
    assert_int_equal(k->returned_count, 2);
    assert_close(k->returned_with_reason_rate, 0.5);
    assert_close(k->win_rate, 2.0 / 3); /* L1, L9 (April MQL, closed in May) won; L5 lost */
    assert_int_equal(k->pipeline_cents, 300050);
    assert_int_equal(k->won_cents, 150050);
    assert_int_equal(k->status[SLA_KPI_MQL_COUNT], SLA_RAG_RED);
    assert_int_equal(k->status[SLA_KPI_MQL_TO_SQL_RATE], SLA_RAG_GREEN);
    assert_int_equal(k->status[SLA_KPI_RESPONSE_MEDIAN], SLA_RAG_GREEN);
    assert_int_equal(k->status[SLA_KPI_UNTOUCHED_BREACHES], SLA_RAG_RED);
    assert_int_equal(k->status[SLA_KPI_WIN_RATE], SLA_RAG_GREEN);
    assert_int_equal(w->r->month_count, 1);
    assert_int_equal(w->r->months[0].company.mql_count, 8);
    unload(w);
}

/* Teams and reps: unknown owner → unassigned; rep targets from roster or team share. */
static void test_teams_and_reps(void **state)
{
    (void)state;
    world *w = load("2025-05", NULL);
    const sla_results *r = w->r;
    assert_int_equal(r->team_count, 3);
    assert_string_equal(r->teams[2].team, "unassigned");
    assert_int_equal(team(r, "Alfa")->kpis.mql_count, 5);
    assert_close(team(r, "Alfa")->kpis.mql_target, 10);
    assert_int_equal(team(r, "Beta")->kpis.mql_count, 2);
    assert_int_equal(team(r, "unassigned")->kpis.mql_count, 1);
    assert_true(isnan(team(r, "unassigned")->kpis.mql_target));
    assert_close(rep(r, "ak")->kpis.mql_target, 5); /* 10 / 2 reps */
    assert_close(rep(r, "bn")->kpis.mql_target, 6); /* roster */
    assert_close(rep(r, "cw")->kpis.mql_target, 4);
    assert_int_equal(rep(r, "ak")->kpis.won_count, 2);
    assert_close(rep(r, "ak")->kpis.response_median_min, 30); /* 30, 300 → lower middle */
    assert_close(rep(r, "cw")->kpis.response_within_sla_rate, 1.0);
    assert_int_equal(rep(r, "unassigned")->kpis.mql_count, 1);
    assert_int_equal(rep(r, "unassigned")->kpis.inquiries, 1); /* L8, blank owner */
    /* Breaches, worst first: L3 untouched 9 660 business minutes, L2 first touched at 300. */
    assert_int_equal(r->breach_count, 2);
    assert_string_equal(r->breaches[0].lead->lead_id, "L3");
    assert_true(r->breaches[0].untouched);
    assert_int_equal(r->breaches[0].overdue_seconds, (9660 - 240) * 60);
    assert_string_equal(r->breaches[1].lead->lead_id, "L2");
    assert_int_equal(r->breaches[1].overdue_seconds, 60 * 60);
    unload(w);
}

/* The previous period is judged as of its own end; Easter Monday is not business time. */
static void test_previous_period(void **state)
{
    (void)state;
    world *w = load("2025-05", NULL);
    assert_true(w->r->has_previous);
    const sla_kpis *k = &w->r->company_prev;
    assert_int_equal(k->inquiries, 4);
    assert_int_equal(k->mql_count, 2);
    assert_close(k->response_median_min, 20);
    assert_close(k->response_p90_min, 120); /* Fri 16-17 + Tue 9-10 across Easter */
    assert_close(k->mql_to_sql_rate, 0.5);
    assert_close(k->attempts_compliance_rate, 0.5); /* L9 by SQL inside the window */
    assert_true(isnan(k->win_rate));                /* nothing closed in April */
    assert_int_equal(k->pipeline_cents, 50000);
    unload(w);
}

/* A mid-month cut-off: later timestamps count as absent, clocks stop at the cut-off. */
static void test_cutoff(void **state)
{
    (void)state;
    world *w = load("2025-05", "2025-05-06 12:00");
    const sla_kpis *k = &w->r->company;
    assert_int_equal(k->mql_count, 4);      /* L1 L2 L3 L7 */
    assert_close(k->mql_to_sql_rate, 0.25); /* L1's SQL at 05-06 10:00 */
    assert_int_equal(k->touched_count, 2);      /* L1, L7; L2's touch at 14:00 is too late */
    assert_int_equal(k->untouched_breaches, 1); /* L3: Fri 60 + Mon 480 + Tue 180 = 720 */
    assert_int_equal(k->sla_denominator, 3);    /* L2: Tue 9-12 = 180 min, not yet breached */
    assert_int_equal(k->attempts_compliant, 1); /* L1: two touches on Monday */
    assert_int_equal(k->attempts_pending, 3);   /* L2 L3 L7: windows still open */
    assert_int_equal(k->won_count, 1);          /* L9 closed 05-06 10:00 */
    unload(w);
}

/* Data-quality ledger of the fixture. */
static void test_data_quality(void **state)
{
    (void)state;
    world *w = load("2025-05", NULL);
    const sla_dq *dq = w->r->dq;
    assert_int_equal(dq->rows_read, 32);
    assert_int_equal(dq->rows_rejected, 6);
    assert_int_equal(dq->rows_with_problems, 11);
    assert_int_equal(dq->problems[SLA_PB_BAD_TIMESTAMP], 2);
    assert_int_equal(dq->problems[SLA_PB_DUPLICATE_LEAD_ID], 1);
    assert_int_equal(dq->problems[SLA_PB_DUPLICATE_ACTIVITY_ID], 1);
    assert_int_equal(dq->problems[SLA_PB_UNKNOWN_LEAD], 2);
    assert_int_equal(dq->problems[SLA_PB_UNKNOWN_REP], 1);
    assert_int_equal(dq->problems[SLA_PB_MISSING_OWNER], 1);
    assert_int_equal(dq->problems[SLA_PB_SQL_BEFORE_MQL], 1);
    assert_int_equal(dq->problems[SLA_PB_ACTIVITY_BEFORE_CREATED], 1);
    assert_int_equal(dq->problems[SLA_PB_RECYCLED_WITHOUT_REASON], 1);
    assert_close(w->r->hygiene_rate, 21.0 / 32);
    unload(w);
}

/* RAG bands: exactly at target is green; the amber band lies on the bad side. */
static void test_rag(void **state)
{
    (void)state;
    assert_int_equal(sla_rag_of(7.0 / 10, 0.70, true, 0.1), SLA_RAG_GREEN);
    assert_int_equal(sla_rag_of(0.63, 0.70, true, 0.1), SLA_RAG_AMBER);
    assert_int_equal(sla_rag_of(0.6299, 0.70, true, 0.1), SLA_RAG_RED);
    assert_int_equal(sla_rag_of(240, 240, false, 0.1), SLA_RAG_GREEN);
    assert_int_equal(sla_rag_of(264, 240, false, 0.1), SLA_RAG_AMBER);
    assert_int_equal(sla_rag_of(264.5, 240, false, 0.1), SLA_RAG_RED);
    assert_int_equal(sla_rag_of(0, 0, false, 0.1), SLA_RAG_GREEN);
    assert_int_equal(sla_rag_of(1, 0, false, 0.1), SLA_RAG_RED);
    assert_int_equal(sla_rag_of(NAN, 0.7, true, 0.1), SLA_RAG_NONE);
    assert_int_equal(sla_rag_of(0.5, -1, true, 0.1), SLA_RAG_NONE); /* no target configured */
}

/* Periods in the configured zone. */
static void test_periods(void **state)
{
    (void)state;
    sla_tz *tz;
    sla_error err = {0};
    assert_int_equal(sla_tz_load("Europe/Warsaw", &tz, &err), SLA_OK);
    sla_period q, prev;
    assert_int_equal(sla_period_parse("2025-Q1", tz, &q, &err), SLA_OK);
    sla_period_previous(&q, tz, &prev);
    assert_string_equal(prev.label, "2024-Q4");
    assert_int_equal(q.start, 1735686000); /* 2025-01-01T00:00+01:00 */
    assert_int_equal(q.end, 1743458400);   /* 2025-04-01T00:00+02:00 (after the DST switch) */
    assert_int_equal(sla_period_parse("2025-13", tz, &q, &err), SLA_ERR_USAGE);
    sla_tz_free(tz);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_company_may),   cmocka_unit_test(test_teams_and_reps),
        cmocka_unit_test(test_previous_period), cmocka_unit_test(test_cutoff),
        cmocka_unit_test(test_data_quality),  cmocka_unit_test(test_rag),
        cmocka_unit_test(test_periods),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
