/*
 * fuzz_profile.c - a user's mapping profile (profile.h): an arbitrary JSON
 * file named by path from the fixture's leads input, then applied to the
 * fixture's header and a few export values.
 */
#include "harness.h"
#include "profile.h"
#include "run.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *headers[] = {"lead_id", "Record ID", "\"Owner\"", " mql_at ", "Status"};
    const sla_config *cfg = fuzz_config();
    fuzz_write("fuzz-profile.json", data, size);
    sla_input_cfg input = cfg->inputs[SLA_INPUT_LEADS];
    input.profile = "./fuzz-profile.json";
    sla_profile *p = NULL;
    sla_error err = {0};
    sla_status st = sla_profile_load(cfg, &input, sla_templates_dir(), &p, &err);
    fuzz_check((st == SLA_OK) == (p != NULL), "a profile exactly when it loads");
    if (p) {
        char buf[64];
        sla_profile_column(p, "lead_id", headers, sizeof headers / sizeof *headers);
        sla_profile_column(p, "owner", headers, sizeof headers / sizeof *headers);
        sla_profile_value(p, "status", "Closed Won", buf, sizeof buf);
        sla_profile_value(p, "status", "", buf, sizeof buf);
    }
    sla_profile_free(p);
    return 0;
}
