/*
 * fuzz_events_fast.c - the JSON Lines fast path of the events reader against
 * Jansson (a differential harness): the fuzzed lines, after one plain record
 * so that the file is read as JSON Lines, are read both ways through the
 * canonical and the hubspot-events profiles, and the events, rejections and
 * counters must be identical (tests/events_diff.h).
 */
#include <stdlib.h>
#include <string.h>

#include "events_diff.h"
#include "harness.h"
#include "profile.h"
#include "run.h"

static const char first[] =
    "{\"lead_id\":\"L1\",\"event\":\"form\",\"at\":\"2025-05-05T20:00:00+02:00\"}\n";

static sla_profile *load_profile(const char *name)
{
    sla_input_cfg in = fuzz_config()->inputs[SLA_INPUT_EVENTS];
    in.profile = (char *)name;
    sla_profile *p = NULL;
    sla_error err = {0};
    fuzz_check(sla_profile_load(fuzz_config(), &in, sla_templates_dir(), &p, &err) == SLA_OK,
               "the profile loads");
    return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static sla_profile *profiles[2]; /* loaded once */
    if (!profiles[0]) {
        profiles[0] = load_profile(NULL);
        profiles[1] = load_profile("hubspot-events");
    }
    uint8_t *text = sla_xmalloc(sizeof first - 1 + size);
    memcpy(text, first, sizeof first - 1);
    memcpy(text + sizeof first - 1, data, size);
    const char *path = fuzz_write("events.jsonl", text, sizeof first - 1 + size);
    free(text);
    for (int i = 0; i < 2; i++) {
        events_diff d;
        events_diff_run(path, profiles[i], &d);
        fuzz_check(d.fast.len == d.jansson.len &&
                       memcmp(d.fast.data, d.jansson.data, d.fast.len) == 0,
                   "the fast path and Jansson read the same events and rejections");
        events_diff_free(&d);
    }
    return 0;
}
