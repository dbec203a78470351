/*
 * results_fixture.c - see results_fixture.h.
 */
#include "results_fixture.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static const char *first_names[] = {"Łukasz", "Zofia",  "Michał", "Agnieszka", "Paweł",
                                    "Małgorzata", "Jerzy", "Żaneta", "Grzegorz", "Ewa"};
static const char *last_names[] = {"Wójcik", "Ząbkowska", "Żurawski", "Łęcka", "Kowalski",
                                   "Nowak",  "Dąbrowski", "Szczęsna", "Wiśniewski", "Gołąb"};

/* Fill k as if n MQLs had the given shape; seed varies the rates per group. */
static void fake_kpis(sla_kpis *k, long n, unsigned seed, double target, const sla_config *cfg)
{
    memset(k, 0, sizeof *k);
    k->inquiries = n + n / 2;
    k->mql_count = n;
    k->mql_target = target;
    k->sal_count = n * (55 + (long)(seed * 7 % 40)) / 100;
    k->sql_count = n * (10 + (long)(seed * 5 % 20)) / 100;
    k->won_count = k->sql_count / 3;
    k->lost_count = k->sql_count / 2;
    k->touched_count = n * 9 / 10;
    k->within_sla_count = k->touched_count * (70 + (long)(seed * 3 % 30)) / 100;
    k->sla_denominator = k->touched_count + n / 20;
    k->untouched_breaches = n / 20;
    k->attempts_compliant = n * (60 + (long)(seed * 11 % 35)) / 100;
    k->attempts_noncompliant = n - k->attempts_compliant - n / 10;
    k->attempts_pending = n / 10;
    k->returned_count = n / 8;
    k->returned_with_reason = k->returned_count - (seed % 3 == 0 ? 1 : 0);
    if (k->returned_with_reason < 0)
        k->returned_with_reason = 0;
    k->pipeline_cents = (int64_t)k->sql_count * 1250000;
    k->won_cents = (int64_t)k->won_count * 1575050;
    for (int b = 0; b < SLA_HIST_BUCKETS; b++)
        k->response_hist[b] = k->touched_count * (6 - b) / 21;
#define RATIO(num, den) ((den) > 0 ? (double)(num) / (double)(den) : NAN)
    k->sal_rate = RATIO(k->sal_count, n);
    k->mql_to_sql_rate = RATIO(k->sql_count, n);
    k->response_within_sla_rate = RATIO(k->within_sla_count, k->sla_denominator);
    k->attempts_compliance_rate =
        RATIO(k->attempts_compliant, k->attempts_compliant + k->attempts_noncompliant);
    k->returned_with_reason_rate = RATIO(k->returned_with_reason, k->returned_count);
    k->win_rate = RATIO(k->won_count, k->won_count + k->lost_count);
#undef RATIO
    k->response_median_min = n > 0 ? 60.0 + seed % 300 : NAN;
    k->response_p90_min = n > 0 ? k->response_median_min * 3.5 : NAN;
    k->response_mean_min = n > 0 ? k->response_median_min * 1.6 : NAN;
    sla_kpi_statuses(k, cfg);
}

static char *name_of(size_t i, int long_names)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s %s%s", first_names[i % 10], last_names[(i / 10 + i) % 10],
             long_names ? "-Brzęczyszczykiewicz z Chrząszczyżewoszyc Powiat Łękołody" : "");
    return sla_xstrdup(buf);
}

fixture *fixture_new(const fixture_opts *o)
{
    fixture *f = sla_xcalloc(1, sizeof *f);
    sla_config *cfg = f->cfg = sla_xcalloc(1, sizeof *cfg);
    sla_error err = {0};
    cfg->company = sla_xstrdup(o->company ? o->company
                               : o->long_names
                                   ? "Przedsiębiorstwo Handlowo-Usługowe Źdźbło i Wspólnicy sp. k."
                                   : "Kruszwil Systemy sp. z o.o.");
    cfg->language = sla_xstrdup(o->language ? o->language : "pl");
    cfg->timezone = sla_xstrdup("Europe/Warsaw");
    if (sla_tz_load(cfg->timezone, &cfg->tz, &err) != SLA_OK) {
        fprintf(stderr, "fixture: %s\n", err.text);
        abort();
    }
    cfg->sla = (sla_sla_cfg){240, 10, 6, 0.10, {0.70, 0.20, 0.90, 0.80, 1.0, 0.30, -1}};
    cfg->branding.primary_color = sla_xstrdup("#1F4E79");
    cfg->branding.font = sla_xstrdup("DejaVuSans");
    cfg->team_count = o->teams;
    cfg->teams = sla_xcalloc(o->teams, sizeof *cfg->teams);
    for (size_t t = 0; t < o->teams; t++) {
        char buf[200];
        snprintf(buf, sizeof buf, "%s%zu",
                 o->long_names ? "Zespół Sprzedaży Kluczowych Klientów Województwa Łódzkiego "
                               : "Zespół ",
                 t + 1);
        cfg->teams[t].name = sla_xstrdup(buf);
        cfg->teams[t].mql_target_monthly = 300;
    }
    cfg->rep_count = o->reps;
    cfg->reps = sla_xcalloc(o->reps ? o->reps : 1, sizeof *cfg->reps);
    for (size_t i = 0; i < o->reps; i++) {
        char id[32];
        snprintf(id, sizeof id, "rep%03zu", i + 1);
        cfg->reps[i].rep = sla_xstrdup(id);
        cfg->reps[i].name = name_of(i, o->long_names);
        cfg->reps[i].team_index = (int)(i % o->teams);
        cfg->reps[i].team = sla_xstrdup(cfg->teams[i % o->teams].name);
        cfg->reps[i].mql_target_monthly = -1;
    }

    sla_dataset *ds = f->ds = sla_dataset_new(NULL);
    ds->dq.rows_read = 12345;
    ds->dq.rows_rejected = 7;
    ds->dq.rows_with_problems = 42;
    ds->dq.problems[SLA_PB_MISSING_OWNER] = 5;
    ds->dq.problems[SLA_PB_UNKNOWN_LEAD] = 3;
    ds->dq.problems[SLA_PB_BAD_TIMESTAMP] = 4;
    ds->lead_count = o->breaches;
    ds->leads = sla_xcalloc(o->breaches ? o->breaches : 1, sizeof *ds->leads);

    sla_results *r = f->results = sla_xcalloc(1, sizeof *r);
    r->cfg = cfg;
    r->dataset = ds;
    r->dq = &ds->dq;
    r->hygiene_rate = 1.0 - 42.0 / 12345.0;
    sla_period_parse("2025-Q2", cfg->tz, &r->period, &err);
    sla_period_previous(&r->period, cfg->tz, &r->previous);
    r->as_of = r->period.end;
    r->has_previous = o->with_previous;
    double rep_target = o->reps ? 300.0 * 3 * (double)o->teams / (double)o->reps : NAN;
    r->rep_count = o->reps;
    r->reps = sla_xcalloc(o->reps ? o->reps : 1, sizeof *r->reps);
    for (size_t i = 0; i < o->reps; i++) {
        r->reps[i].rep = cfg->reps[i].rep;
        r->reps[i].team = cfg->reps[i].team;
        r->reps[i].cfg = &cfg->reps[i];
        fake_kpis(&r->reps[i].kpis, o->leads_per_rep, (unsigned)i, rep_target, cfg);
        fake_kpis(&r->reps[i].prev, o->leads_per_rep * 9 / 10, (unsigned)i + 3, rep_target, cfg);
    }
    r->team_count = o->teams;
    r->teams = sla_xcalloc(o->teams, sizeof *r->teams);
    long per_team = o->teams ? (long)(o->reps / o->teams) * o->leads_per_rep : 0;
    for (size_t t = 0; t < o->teams; t++) {
        r->teams[t].team = cfg->teams[t].name;
        r->teams[t].cfg = &cfg->teams[t];
        r->teams[t].rep_count = (long)(o->reps / o->teams);
        fake_kpis(&r->teams[t].kpis, per_team, (unsigned)t + 1, 900, cfg);
        fake_kpis(&r->teams[t].prev, per_team * 9 / 10, (unsigned)t + 5, 900, cfg);
    }
    long total = per_team * (long)o->teams;
    fake_kpis(&r->company, total, 17, 900.0 * (double)o->teams, cfg);
    fake_kpis(&r->company_prev, total * 9 / 10, 11, 900.0 * (double)o->teams, cfg);
    r->month_count = 3;
    r->months = sla_xcalloc(3, sizeof *r->months);
    for (size_t m = 0; m < 3; m++) {
        snprintf(r->months[m].month, sizeof r->months[m].month, "2025-%02zu", m + 4);
        fake_kpis(&r->months[m].company, total / 3 + (long)m * 17, (unsigned)m + 2,
                  300.0 * (double)o->teams, cfg);
        r->months[m].teams = sla_xcalloc(o->teams, sizeof(sla_kpis));
        for (size_t t = 0; t < o->teams; t++)
            fake_kpis(&r->months[m].teams[t], per_team / 3, (unsigned)(m + t), 300, cfg);
    }
    r->breach_count = o->breaches;
    r->breaches = sla_xcalloc(o->breaches ? o->breaches : 1, sizeof *r->breaches);
    for (size_t b = 0; b < o->breaches; b++) {
        sla_lead *l = &ds->leads[b];
        char buf[128];
        snprintf(buf, sizeof buf, "L-%06zu", b + 1);
        l->lead_id = sla_arena_strdup(ds->arena, buf);
        snprintf(buf, sizeof buf, "%s %zu", o->long_names ? "Fabryka Mebli „Żółw” Spółka "
                                        "Akcyjna Oddział w Bielsku-Białej"
                                                          : "Firma",
                 b + 1);
        l->company = sla_arena_strdup(ds->arena, buf);
        l->mql_at = r->period.start + (int64_t)b * 3600;
        l->first_touch = b % 3 == 0 ? SLA_NO_TIME : l->mql_at + 86400;
        size_t rep = o->reps ? b % o->reps : 0;
        r->breaches[b].lead = l;
        r->breaches[b].rep = o->reps ? cfg->reps[rep].rep : "unassigned";
        r->breaches[b].team = o->reps ? cfg->reps[rep].team : "unassigned";
        r->breaches[b].untouched = b % 3 == 0;
        r->breaches[b].overdue_seconds = (int64_t)(o->breaches - b) * 1800;
        r->breaches[b].elapsed_seconds = r->breaches[b].overdue_seconds + 240 * 60;
    }
    return f;
}

void fixture_free(fixture *f)
{
    if (!f)
        return;
    sla_results_free(f->results); /* laid out exactly as the KPI engine lays them out */
    sla_dataset_free(f->ds);
    sla_config *cfg = f->cfg;
    for (size_t i = 0; i < cfg->rep_count; i++) {
        free(cfg->reps[i].rep);
        free(cfg->reps[i].name);
        free(cfg->reps[i].team);
    }
    for (size_t t = 0; t < cfg->team_count; t++)
        free(cfg->teams[t].name);
    free(cfg->reps);
    free(cfg->teams);
    free(cfg->company);
    free(cfg->language);
    free(cfg->timezone);
    free(cfg->branding.primary_color);
    free(cfg->branding.font);
    sla_tz_free(cfg->tz);
    free(cfg);
    free(f);
}
