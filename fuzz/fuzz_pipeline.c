/*
 * fuzz_pipeline.c - the whole run except the workbook: an arbitrary leads.csv
 * beside the fixture's config, roster, activities and events, through the
 * dataset, the KPIs, kpis.json and rejected.csv.
 */
#include <stdlib.h>

#include "dataset.h"
#include "harness.h"
#include "kpi.h"
#include "render_json.h"
#include "run.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const sla_config *cfg = fuzz_config();
    fuzz_write("leads.csv", data, size);
    sla_dataset *ds = sla_dataset_new(sla_templates_dir());
    sla_results *results = NULL;
    sla_error err = {0};
    sla_period period;
    sla_kpi_ctx ctx;
    sla_status st = sla_period_parse("2025-Q2", cfg->tz, &period, &err);
    if (st == SLA_OK)
        st = sla_kpi_ctx_init(&ctx, cfg, &period, SLA_NO_TIME, &err);
    fuzz_check(st == SLA_OK, "the fixture's period is fine");
    if ((st = sla_dataset_load_leads(ds, cfg, &err)) == SLA_OK) {
        sla_kpi_prepare(&ctx, ds);
        st = sla_dataset_stream_activities(ds, cfg, sla_kpi_fold_touch, &ctx, &err);
    }
    fuzz_check(st == SLA_OK || (st == SLA_ERR_INPUT && err.text[0]),
               "bad leads stop the run only with a message");
    if (st == SLA_OK) {
        fuzz_check(sla_kpi_compute(&ctx, ds, &results, &err) == SLA_OK, "KPIs compute");
        char *kpis = sla_path_join(fuzz_dir(), "kpis.json");
        char *rejected = sla_path_join(fuzz_dir(), "rejected.csv");
        fuzz_check(sla_render_json(results, kpis, &err) == SLA_OK &&
                       sla_render_rejected(ds, rejected, &err) == SLA_OK,
                   "kpis.json and rejected.csv are written");
        free(kpis);
        free(rejected);
    }
    sla_results_free(results);
    sla_dataset_free(ds);
    return 0;
}
