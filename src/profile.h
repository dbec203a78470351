/*
 * profile.h - mapping profiles: how a real export's columns, dialect, dates
 * and values map onto slapack's canonical fields (SPEC §3).
 *
 * A profile is a JSON file, shipped (templates/profiles/<name>.json) or the
 * user's own (a path containing '/'). The config's input entry may override
 * any key. Headers are matched by alias, case-insensitively and with quotes
 * and surrounding spaces normalised, never by position.
 */
#ifndef SLA_PROFILE_H
#define SLA_PROFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "calendar.h"
#include "config.h"
#include "error.h"
#include "ingest_csv.h"
#include "parse.h"

typedef struct sla_profile {
    char *name;
    sla_csv_encoding encoding;
    char delimiter;            /* 0 = sniff */
    char decimal;              /* '.' or ',', 0 = decided per column (auto) */
    sla_date_order date_order; /* AUTO = decided per column */
    sla_tz *own_tz;            /* the profile's zone, when it names one */
    const sla_tz *tz;          /* zone of offset-less timestamps: own_tz or the config's */
    struct sla_alias *columns; /* canonical field → normalised header alias */
    size_t column_count;
    char **absent; /* fields the profile declares the export lacks ([] or null) */
    size_t absent_count;
    struct sla_value *values; /* field + export value → canonical value */
    size_t value_count;
    struct sla_map *value_index; /* "field\x1Fnormalised value" → index into values */
    char **json_records;         /* JSON: wrapper members that hold the record array */
    size_t json_record_count;
    char **json_nested; /* JSON: member objects searched for fields ("properties") */
    size_t json_nested_count;
    char *default_event; /* JSON: event of records that carry none (a HubSpot contact
                            record with an MQL date is an "mql" event), or NULL */
} sla_profile;

/* Load the profile an input names (canonical when none), with the input
 * entry's keys laid over it. Errors name the profile file or the JSON path. */
sla_status sla_profile_load(const sla_config *cfg, const sla_input_cfg *input,
                            const char *templates_dir, sla_profile **out, sla_error *err);
void sla_profile_free(sla_profile *p);

/* Index of the header field that carries canonical field, or -1 (always -1
 * when the profile declares the field absent). */
long sla_profile_column(const sla_profile *p, const char *field, const char *const *headers,
                        size_t count);

/* Every header field that may carry field, best first (alias order), at most
 * max of them; returns how many. A row takes the first non-blank one, so an
 * export can fall back from, say, the opportunity stage to the lead status. */
size_t sla_profile_columns(const sla_profile *p, const char *field, const char *const *headers,
                           size_t count, long *out, size_t max);

/* Whether the profile declares that its export has no column for field
 * (an empty alias list or null), so a required column may be missing. */
/* True when the profile lists header aliases for field (beyond its own name). */
bool sla_profile_has_aliases(const sla_profile *p, const char *field);

bool sla_profile_absent(const sla_profile *p, const char *field);

/* The canonical value for an export value of field (e.g. status "Closed Won"
 * → "won"); the trimmed, lower-cased value itself when no alias matches.
 * Writes into buf. */
const char *sla_profile_value(const sla_profile *p, const char *field, const char *value, char *buf,
                              size_t size);

/* Normalise a header or value for matching: trim, unify quotes (" ' “ ” „ ‘ ’)
 * to nothing, collapse inner white space, lower-case ASCII. Writes into buf. */
void sla_normalize_label(const char *s, char *buf, size_t size);

#endif
