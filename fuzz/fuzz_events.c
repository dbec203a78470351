/*
 * fuzz_events.c - the marketing-events reader (ingest_json.h) over an
 * arbitrary events file, read as part of loading the fixture's leads, so the
 * events are joined to real leads by id and e-mail as in a run.
 */
#include "dataset.h"
#include "harness.h"
#include "run.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const sla_config *cfg = fuzz_config();
    fuzz_write("events.jsonl", data, size);
    sla_dataset *ds = sla_dataset_new(sla_templates_dir());
    sla_error err = {0};
    sla_status st = sla_dataset_load_leads(ds, cfg, &err);
    fuzz_check(st == SLA_OK || (st == SLA_ERR_INPUT && err.text[0]),
               "only a document that is not JSON stops the run, and says why");
    fuzz_check(ds->dq.rows_rejected == (long)ds->dq.reject_count, "every rejected row is listed");
    sla_dataset_free(ds);
    return 0;
}
