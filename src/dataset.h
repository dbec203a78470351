/*
 * dataset.h - typed leads, streamed activities and the data-quality ledger.
 *
 * Ingest happens in two steps so that activities can be streamed with memory
 * proportional to leads only: sla_dataset_load_leads() reads the leads and the
 * marketing events (which fix each lead's mql_at); the caller then decides each
 * lead's cut-off, and sla_dataset_stream_activities() passes every usable touch
 * to a callback instead of storing it.
 *
 * Every row that cannot be used is recorded as a rejected row (file, line,
 * column, reason, raw text) and every problem is counted by kind (SPEC §6).
 * The dataset owns all strings (in an arena); results borrow them.
 */
#ifndef SLA_DATASET_H
#define SLA_DATASET_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "error.h"

typedef enum sla_lead_status {
    SLA_STATUS_NONE = 0, /* blank in the export */
    SLA_STATUS_OPEN,
    SLA_STATUS_WON,
    SLA_STATUS_LOST,
    SLA_STATUS_RECYCLED,
    SLA_STATUS_REJECTED
} sla_lead_status;

typedef struct sla_lead {
    const char *lead_id, *company; /* what the KPIs and the breach lists need */
    int64_t created_at, mql_at, sal_at, sql_at, closed_at; /* SLA_NO_TIME when absent */
    int64_t amount_cents;                                  /* 0 when absent */
    double score;                                          /* NAN when unknown */
    int32_t rep;  /* roster index, -1 = unassigned */
    int32_t team; /* config team index, -1 = unassigned */
    uint8_t status;
    bool mql_from_events;
    bool has_problem;     /* its row already counts in rows_with_problems */
    bool has_return_reason; /* a non-blank return_reason */ /* mql_at came from the marketing-automation export */
    /* Filled by the caller before activities stream (see kpi.h). */
    int64_t cutoff;         /* cut-off of the cohort this lead belongs to, or SLA_NO_TIME */
    int64_t first_touch;    /* first touch at or after mql_at, or SLA_NO_TIME */
    int32_t window_touches; /* touches inside the attempt window */
    uint32_t source_file;   /* index into sla_dataset.files */
    uint32_t line;
} sla_lead;

/* Data-quality problem kinds: the keys of kpis.json data_quality.problems. */
typedef enum sla_problem {
    SLA_PB_MALFORMED_ROW,       /* wrong number of fields, broken quoting */
    SLA_PB_INVALID_UTF8,        /* bytes that are not text in the file's encoding */
    SLA_PB_MISSING_ID,          /* blank lead_id (or activity lead_id) */
    SLA_PB_BAD_TIMESTAMP,       /* unparsable or impossible timestamp */
    SLA_PB_BAD_AMOUNT,          /* unparsable or negative amount */
    SLA_PB_BAD_VALUE,           /* status or type outside the known values */
    SLA_PB_MISSING_OWNER,       /* blank owner: counted under "unassigned" */
    SLA_PB_UNKNOWN_REP,         /* owner not in the roster: counted under "unassigned" */
    SLA_PB_DUPLICATE_LEAD_ID,   /* the same lead_id twice in one file */
    SLA_PB_DUPLICATE_ACTIVITY_ID,
    SLA_PB_UNKNOWN_LEAD,        /* activity or event for a lead not in the leads export */
    SLA_PB_SQL_BEFORE_MQL,
    SLA_PB_ACTIVITY_BEFORE_CREATED,
    SLA_PB_RECYCLED_WITHOUT_REASON,
    SLA_PB_FOOTER_DROPPED,      /* report footer lines (Salesforce) */
    SLA_PB_COUNT
} sla_problem;

const char *sla_problem_key(sla_problem p);

typedef struct sla_reject {
    uint32_t source_file;
    long line, column; /* column: 1-based field number, 0 = the whole row */
    sla_problem kind;
    char *reason; /* human-readable, names the field and the value */
    char *raw;    /* the row as read (valid UTF-8, capped at 4 KiB) */
} sla_reject;

typedef struct sla_source_file {
    char *path;     /* as resolved */
    char *display;  /* as shown in messages (relative to the config when possible) */
    char *detected; /* what was detected or assumed: "utf-8, ',' , dates YMD" */
    long rows;      /* data rows read */
} sla_source_file;

typedef struct sla_dq {
    long rows_read;
    long rows_rejected;
    long rows_with_problems; /* rows that carry at least one problem, rejected or not */
    long problems[SLA_PB_COUNT];
    sla_reject *rejects;
    size_t reject_count, reject_cap;
} sla_dq;

typedef struct sla_dataset {
    sla_lead *leads;
    size_t lead_count, lead_cap;
    sla_source_file *files;
    size_t file_count, file_cap;
    sla_dq dq;
    long activities_used; /* touches passed to the callback */
    struct sla_arena *arena;
    struct sla_numbered *by_number; /* numbered lead_id → index + 1 (numbered.h) */
    struct sla_keyindex *by_id;     /* any other lead_id, by hash → index; made when needed */
    size_t expected_leads;          /* sizes by_id */
    struct sla_keyindex *by_email; /* hash of the normalised e-mail → index */
    const char *templates_dir; /* where shipped profiles live */
} sla_dataset;

/* templates_dir: where shipped profiles live (borrowed). */
sla_dataset *sla_dataset_new(const char *templates_dir);
void sla_dataset_free(sla_dataset *ds);

/* Read the leads input(s) and the marketing events (if configured). */
sla_status sla_dataset_load_leads(sla_dataset *ds, const sla_config *cfg, sla_error *err);

/* Called for every usable activity of a known lead, in no particular order. */
typedef void (*sla_touch_fn)(void *ctx, sla_lead *lead, int64_t occurred_at);

sla_status sla_dataset_stream_activities(sla_dataset *ds, const sla_config *cfg,
                                         sla_touch_fn on_touch, void *ctx, sla_error *err);

/* Record a problem on a row; when reject is true the row is also listed as
 * rejected. Used by the readers; exposed for tests. */
void sla_dq_add(sla_dataset *ds, uint32_t source_file, long line, long column, sla_problem kind,
                bool reject, const char *raw, size_t raw_len, const char *fmt, ...)
    __attribute__((format(printf, 9, 10)));
void sla_dq_addv(sla_dataset *ds, uint32_t source_file, long line, long column, sla_problem kind,
                 bool reject, const char *raw, size_t raw_len, const char *fmt, va_list ap);

#endif
