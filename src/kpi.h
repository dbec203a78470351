/*
 * kpi.h - SLA KPIs per company, team, rep and month (SPEC §4).
 *
 * Pure computation over a dataset: no I/O. The results borrow strings from
 * the dataset and the config, which must outlive them; everything else is
 * owned by the results and freed with sla_results_free(). Renderers read the
 * results and never recompute a KPI: every count behind a ratio, the response
 * histogram and the breach list are here for them.
 *
 * Ratios are fractions 0..1; a value with no denominator is NAN (null in
 * kpis.json). Business time is kept in seconds and reported in minutes.
 */
#ifndef SLA_KPI_H
#define SLA_KPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "dataset.h"
#include "error.h"

/* A reporting period: a month or a quarter in the configured zone. */
typedef struct sla_period {
    char label[16]; /* "2025-05" or "2025-Q2" */
    int year;
    int first_month; /* 1..12 */
    int months;      /* 1 or 3 */
    int64_t start;   /* first instant, UTC */
    int64_t end;     /* first instant after the period, UTC */
} sla_period;

/* Parse "2025-05" or "2025-Q2". */
sla_status sla_period_parse(const char *text, const sla_tz *tz, sla_period *out, sla_error *err);
/* The period of the same length just before p. */
void sla_period_previous(const sla_period *p, const sla_tz *tz, sla_period *out);
/* Month i (0-based) of p as a period of its own. */
void sla_period_month(const sla_period *p, int i, const sla_tz *tz, sla_period *out);

/* KPIs that carry a RAG status, in kpis.json "status" order. */
typedef enum sla_kpi_id {
    SLA_KPI_MQL_COUNT,
    SLA_KPI_SAL_RATE,
    SLA_KPI_MQL_TO_SQL_RATE,
    SLA_KPI_RESPONSE_MEDIAN,
    SLA_KPI_RESPONSE_WITHIN_SLA,
    SLA_KPI_UNTOUCHED_BREACHES,
    SLA_KPI_ATTEMPTS_COMPLIANCE,
    SLA_KPI_RETURNED_WITH_REASON,
    SLA_KPI_WIN_RATE,
    SLA_KPI_STATUS_COUNT
} sla_kpi_id;

/* The kpis.json key of a KPI ("sal_rate", "response_median_min", ...). */
const char *sla_kpi_key(sla_kpi_id id);

typedef enum sla_rag { SLA_RAG_NONE = 0, SLA_RAG_GREEN, SLA_RAG_AMBER, SLA_RAG_RED } sla_rag;
const char *sla_rag_key(sla_rag r); /* "green" | "amber" | "red" | NULL */

/* RAG of value against target (SPEC §4): higher_is_better selects the side of
 * the amber band. NONE when value or target is NAN. */
sla_rag sla_rag_of(double value, double target, bool higher_is_better, double tolerance);

/* Response-time histogram buckets, as fractions of the SLA target:
 * [0, ¼T) [¼T, ½T) [½T, T] (T, 2T] (2T, 4T] (4T, ∞). */
#define SLA_HIST_BUCKETS 6

typedef struct sla_kpis {
    long inquiries;
    long mql_count;
    double mql_target; /* NAN when there is no target (unassigned) */
    double sal_rate, mql_to_sql_rate;
    double response_median_min, response_p90_min, response_mean_min;
    double response_within_sla_rate;
    long untouched_breaches;
    double attempts_compliance_rate;
    long attempts_pending;
    long returned_count;
    double returned_with_reason_rate;
    double win_rate;
    int64_t pipeline_cents, won_cents;
    /* The counts behind the ratios. */
    long sal_count, sql_count, won_count, lost_count;
    long touched_count, within_sla_count, sla_denominator;
    long attempts_compliant, attempts_noncompliant;
    long returned_with_reason;
    long response_hist[SLA_HIST_BUCKETS];
    sla_rag status[SLA_KPI_STATUS_COUNT];
} sla_kpis;

/* Set every RAG status of k from its values, k->mql_target and the config's
 * targets and tolerance. */
void sla_kpi_statuses(sla_kpis *k, const sla_config *cfg);

/* A figure for the current period and, when has_previous, the previous one. */
typedef struct sla_team_result {
    const char *team; /* "unassigned" for leads without a rostered owner */
    const sla_team_cfg *cfg; /* NULL for unassigned */
    long rep_count;
    sla_kpis kpis, prev;
} sla_team_result;

typedef struct sla_rep_result {
    const char *rep;  /* "unassigned" for leads without a rostered owner */
    const char *team;
    const sla_rep_cfg *cfg; /* NULL for unassigned */
    sla_kpis kpis, prev;
} sla_rep_result;

typedef struct sla_month_result {
    char month[8]; /* "2025-04" */
    sla_kpis company;
    sla_kpis *teams; /* team_count entries, in the order of sla_results.teams */
} sla_month_result;

/* A cohort lead whose first response missed the SLA: untouched past the target
 * at the cut-off, or first touched late. Listed worst (most overdue) first. */
typedef struct sla_breach {
    const sla_lead *lead;
    const char *rep;  /* rep id or "unassigned" */
    const char *team;
    int64_t elapsed_seconds; /* business seconds to first touch, or to the cut-off */
    int64_t overdue_seconds; /* elapsed - target */
    bool untouched;
} sla_breach;

typedef struct sla_results {
    sla_period period, previous;
    bool has_previous; /* the previous period's data is present in the inputs */
    int64_t as_of;     /* the run's cut-off, UTC */
    sla_kpis company, company_prev;
    sla_team_result *teams; /* sorted by team name; "unassigned" included when used */
    size_t team_count;
    sla_rep_result *reps; /* sorted by rep id */
    size_t rep_count;
    sla_month_result *months; /* the months of the period, oldest first */
    size_t month_count;
    sla_breach *breaches;
    size_t breach_count;
    const sla_dq *dq;              /* borrowed from the dataset */
    const sla_dataset *dataset;    /* borrowed */
    const sla_config *cfg;         /* borrowed */
    double hygiene_rate;           /* rows without problems / rows read; NAN when none */
} sla_results;

/* Per-run KPI context: the periods and cut-offs. */
typedef struct sla_kpi_ctx {
    const sla_config *cfg;
    sla_period period, previous;
    int64_t as_of;        /* cut-off of the run (default: end of period) */
    int64_t window_seconds; /* attempt window length in business seconds */
} sla_kpi_ctx;

/* Set up the context: as_of == SLA_NO_TIME means the end of the period. */
sla_status sla_kpi_ctx_init(sla_kpi_ctx *ctx, const sla_config *cfg, const sla_period *period,
                            int64_t as_of, sla_error *err);

/* Assign each lead its cohort cut-off; call after the leads load and before
 * activities stream. */
void sla_kpi_prepare(const sla_kpi_ctx *ctx, sla_dataset *ds);

/* The sla_touch_fn for sla_dataset_stream_activities(); ctx is a sla_kpi_ctx. */
void sla_kpi_fold_touch(void *ctx, sla_lead *lead, int64_t occurred_at);

/* Compute everything. */
sla_status sla_kpi_compute(const sla_kpi_ctx *ctx, const sla_dataset *ds, sla_results **out,
                           sla_error *err);
void sla_results_free(sla_results *r);

#endif
