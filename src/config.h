/*
 * config.h - the run's configuration (SPEC §3), loaded from JSON and validated.
 *
 * Every validation error names the JSON path and what was expected
 * ("$.sla.min_attempts: expected a positive integer"). Relative paths are
 * resolved against the config file's folder, or against --in when given.
 * The roster CSV is loaded here too, so a config that loads is a complete
 * description of who is who. The config owns everything it points to.
 */
#ifndef SLA_CONFIG_H
#define SLA_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "calendar.h"
#include "error.h"

typedef struct sla_manager {
    char *name;  /* may be NULL */
    char *email; /* may be NULL */
} sla_manager;

typedef struct sla_team_cfg {
    char *name;
    double mql_target_monthly;
    sla_manager manager;
} sla_team_cfg;

typedef struct sla_rep_cfg {
    char *rep;    /* rep id as it appears in the CRM's owner column */
    char *name;   /* display name, e.g. "Łukasz Wójcik" */
    char *team;   /* one of the configured teams */
    char *email;  /* may be NULL */
    double mql_target_monthly; /* < 0 when the roster gives none */
    int team_index;
} sla_rep_cfg;

/* The keys a profile (SPEC §3) or an input entry may set. NULL / 0 = not set. */
typedef struct sla_input_cfg {
    char **paths;      /* resolved paths or globs, in order (last wins on repeats) */
    size_t path_count;
    char *profile;     /* shipped profile name or a path; NULL = canonical */
    const void *entry; /* the input's JSON object (json_t *, owned by the config):
                          its keys override the profile's (SPEC §3) */
    char *json_path;   /* "$.inputs.leads", for error messages */
    bool present;
} sla_input_cfg;

typedef enum sla_input_kind {
    SLA_INPUT_LEADS,
    SLA_INPUT_ACTIVITIES,
    SLA_INPUT_EVENTS,
    SLA_INPUT_COUNT
} sla_input_kind;

/* Targets: a negative value means "no target configured". */
typedef struct sla_targets {
    double sal_rate, mql_to_sql_rate, response_within_sla_rate, attempts_compliance_rate,
        returned_with_reason_rate, win_rate, crm_hygiene_rate;
} sla_targets;

typedef struct sla_sla_cfg {
    int response_minutes;
    int attempt_window_days;
    int min_attempts;
    double amber_tolerance;
    sla_targets targets;
} sla_sla_cfg;

typedef struct sla_branding {
    char *logo;          /* resolved path or NULL */
    char *primary_color; /* "#RRGGBB" */
    char *font;          /* font name or a TTF path; "DejaVuSans" by default */
} sla_branding;

typedef struct sla_recipients {
    char **management;
    size_t management_count;
    bool managers;
    bool reps;
} sla_recipients;

typedef struct sla_smtp_cfg {
    char *url, *from, *username_env, *password_env;
    long timeout_seconds;
    bool tls_none; /* "tls": "none": plain SMTP, for a relay on loopback (docs/mail.md) */
} sla_smtp_cfg;

typedef struct sla_config {
    char *path;     /* the config file as given */
    char *base_dir; /* folder relative input paths resolve against */
    char *company;
    char *language; /* "pl" | "en" */
    char *timezone;
    sla_tz *tz;
    sla_calendar *calendar;
    int open_minute, close_minute;
    unsigned workdays;
    int64_t *holidays;
    size_t holiday_count;
    sla_sla_cfg sla;
    sla_team_cfg *teams;
    size_t team_count;
    char *roster_path;
    sla_rep_cfg *reps;
    size_t rep_count;
    struct sla_map *rep_map; /* rep id → index into reps */
    sla_input_cfg inputs[SLA_INPUT_COUNT];
    sla_branding branding;
    sla_recipients recipients;
    sla_smtp_cfg smtp;
    void *json; /* the parsed document (json_t *), kept for profile overrides */
} sla_config;

/* Load and validate. in_dir (may be NULL) replaces the config's folder as the
 * base of relative input paths (SPEC §7 --in). */
sla_status sla_config_load(const char *path, const char *in_dir, sla_config **out,
                           sla_error *err);
void sla_config_free(sla_config *cfg);

/* Index of a team or rep by name / id, or -1. */
long sla_config_team_index(const sla_config *cfg, const char *name);
long sla_config_rep_index(const sla_config *cfg, const char *rep);

#endif
