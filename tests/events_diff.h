/*
 * events_diff.h - the oracle for the JSON Lines fast path (ingest_json.c):
 * read one events file twice, with the fast path on a reading thread and with
 * Jansson alone on the calling thread, and describe each run as text
 * (status, every event, every rejection, the counters), so that the two can
 * be compared byte for byte. Shared by
 * test_ingest_json and the fuzz_events_fast harness.
 */
#ifndef SLA_EVENTS_DIFF_H
#define SLA_EVENTS_DIFF_H

#include "profile.h"
#include "util.h"

typedef struct events_diff {
    sla_buf fast, jansson; /* the two transcripts */
    long fast_lines;       /* lines the fast path decoded */
} events_diff;

void events_diff_run(const char *path, const sla_profile *profile, events_diff *out);
void events_diff_free(events_diff *d);

#endif
