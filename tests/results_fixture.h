/*
 * results_fixture.h - hand-built KPI results for renderer tests.
 *
 * Renderers only read sla_results, so their tests (layout, 1 or 200 reps,
 * long names, empty periods) build results directly instead of running the
 * whole pipeline. Values are synthetic but consistent (counts match ratios).
 */
#ifndef SLA_RESULTS_FIXTURE_H
#define SLA_RESULTS_FIXTURE_H

#include <stddef.h>

#include "kpi.h"

typedef struct fixture_opts {
    size_t teams;          /* 1.. */
    size_t reps;           /* 0.. (spread over the teams) */
    long leads_per_rep;    /* MQLs per rep; 0 = an empty period */
    size_t breaches;       /* rows in the breach list */
    const char *company;   /* NULL = "Kruszwil Systemy sp. z o.o." */
    const char *language;  /* "pl" or "en" */
    int long_names;        /* 60+ character names for reps, teams and companies */
    int with_previous;
} fixture_opts;

typedef struct fixture {
    sla_results *results;
    /* owned storage behind the borrowed pointers in results */
    sla_config *cfg;
    sla_dataset *ds;
} fixture;

fixture *fixture_new(const fixture_opts *opts);
void fixture_free(fixture *f);

#endif
