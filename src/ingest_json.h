/*
 * ingest_json.h - marketing-automation events from a JSON array or JSON Lines.
 *
 * Accepts the canonical shape ({"lead_id", "email", "event", "at", "score",
 * ...}) and values the way APIs write them: timestamps as ISO strings, epoch
 * seconds or milliseconds (numbers or numeric strings), scores as numbers or
 * numeric strings. Problems name the file, the line (JSON Lines) and the JSON
 * path ("$[12].at").
 *
 * The reader has no global or static mutable state, so it may run on its own
 * thread while another reader runs, provided the two do not share a dataset
 * (rejections are recorded in it) and fn is safe there. Jansson's one global,
 * its hash seed, is set atomically on first use (and loading the config, with
 * Jansson, sets it before any reader runs).
 */
#ifndef SLA_INGEST_JSON_H
#define SLA_INGEST_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

struct sla_profile;
struct sla_dataset;

typedef struct sla_event {
    const char *lead_id; /* NULL when absent */
    const char *email;   /* NULL when absent */
    bool is_mql;         /* event == "mql" */
    int64_t at;          /* SLA_NO_TIME when absent */
    double score;        /* NAN when absent */
    uint32_t source_file;
    long line;           /* JSON Lines: the line; array: 0 */
    const char *where;   /* JSON path of the record: "$[12]" in an array, "$" on a line */
    const char *raw;     /* the record's text, for rejected.csv */
    size_t raw_len;
    uint64_t lead_hash; /* sla_key_hash() of lead_id when worked out already, else 0 */
} sla_event;

typedef void (*sla_event_fn)(void *ctx, const sla_event *ev);

/* Read events; unusable records are recorded in ds's data-quality ledger
 * (and rejected), usable ones passed to fn. ahead (may be NULL) is shown
 * most events a few events before fn sees them, so that fn's look-ups can be
 * fetched ahead. Fails only on I/O errors and on a document that is not
 * JSON at all. */
sla_status sla_events_read(const char *path, const char *display, uint32_t source_file,
                           const struct sla_profile *profile, struct sla_dataset *ds,
                           sla_event_fn fn, sla_event_fn ahead, void *ctx, sla_error *err);

/* The same with the JSON Lines fast path on (fast) or off (every line
 * decoded by Jansson), and JSON Lines decoded on a second thread
 * (pipelined) or on this one, so tests can hold the one way to the other;
 * *fast_lines (unless NULL) counts the lines the fast path decoded. fn is
 * called on the calling thread either way. */
sla_status sla_events_read_with(const char *path, const char *display, uint32_t source_file,
                                const struct sla_profile *profile, struct sla_dataset *ds,
                                sla_event_fn fn, sla_event_fn ahead, void *ctx, bool fast,
                                bool pipelined, long *fast_lines, sla_error *err);

#endif
