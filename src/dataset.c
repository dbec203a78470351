/*
 * dataset.c - from export rows to typed leads, and activities streamed past.
 *
 * Each input is read through its profile: columns found by alias, values
 * mapped to canonical ones, timestamps read in the profile's zone. A row is
 * either used whole or rejected whole (with its raw text): using half a row
 * (say, a lead whose sal_at did not parse) would quietly skew a KPI.
 * Problems that do not make a row unusable (a missing owner, SQL before MQL)
 * are counted and the row is kept.
 */
#include "dataset.h"

#include <glob.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ingest_csv.h"
#include "ingest_json.h"
#include "idset.h"
#include "keyindex.h"
#include "numbered.h"
#include "parse.h"
#include "profile.h"
#include "util.h"

#define RAW_CAP 4096

static const char *problem_keys[SLA_PB_COUNT] = {
    [SLA_PB_MALFORMED_ROW] = "malformed_row",
    [SLA_PB_INVALID_UTF8] = "invalid_utf8",
    [SLA_PB_MISSING_ID] = "missing_id",
    [SLA_PB_BAD_TIMESTAMP] = "bad_timestamp",
    [SLA_PB_BAD_AMOUNT] = "bad_amount",
    [SLA_PB_BAD_VALUE] = "bad_value",
    [SLA_PB_MISSING_OWNER] = "missing_owner",
    [SLA_PB_UNKNOWN_REP] = "unknown_rep",
    [SLA_PB_DUPLICATE_LEAD_ID] = "duplicate_lead_id",
    [SLA_PB_DUPLICATE_ACTIVITY_ID] = "duplicate_activity_id",
    [SLA_PB_UNKNOWN_LEAD] = "unknown_lead",
    [SLA_PB_SQL_BEFORE_MQL] = "sql_before_mql",
    [SLA_PB_ACTIVITY_BEFORE_CREATED] = "activity_before_created",
    [SLA_PB_RECYCLED_WITHOUT_REASON] = "recycled_without_reason",
    [SLA_PB_FOOTER_DROPPED] = "footer_dropped",
};

const char *sla_problem_key(sla_problem p)
{
    return p < SLA_PB_COUNT ? problem_keys[p] : "unknown";
}

sla_dataset *sla_dataset_new(const char *templates_dir)
{
    sla_dataset *ds = sla_xcalloc(1, sizeof *ds);
    ds->arena = sla_arena_new();
    ds->templates_dir = templates_dir;
    return ds;
}

void sla_dataset_free(sla_dataset *ds)
{
    if (!ds)
        return;
    for (size_t i = 0; i < ds->dq.reject_count; i++) {
        free(ds->dq.rejects[i].reason);
        free(ds->dq.rejects[i].raw);
    }
    free(ds->dq.rejects);
    for (size_t i = 0; i < ds->file_count; i++) {
        free(ds->files[i].path);
        free(ds->files[i].display);
        free(ds->files[i].detected);
    }
    free(ds->files);
    free(ds->leads);
    sla_numbered_free(ds->by_number);
    sla_keyindex_free(ds->by_id);
    sla_keyindex_free(ds->by_email);
    sla_arena_free(ds->arena);
    free(ds);
}

void sla_dq_add(sla_dataset *ds, uint32_t source_file, long line, long column, sla_problem kind,
                bool reject, const char *raw, size_t raw_len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sla_dq_addv(ds, source_file, line, column, kind, reject, raw, raw_len, fmt, ap);
    va_end(ap);
}

void sla_dq_addv(sla_dataset *ds, uint32_t source_file, long line, long column, sla_problem kind,
                 bool reject, const char *raw, size_t raw_len, const char *fmt, va_list ap)
{
    ds->dq.problems[kind]++;
    if (!reject)
        return;
    ds->dq.rows_rejected++;
    sla_grow((void **)&ds->dq.rejects, &ds->dq.reject_cap, ds->dq.reject_count + 1,
             sizeof(sla_reject));
    sla_reject *r = &ds->dq.rejects[ds->dq.reject_count++];
    r->source_file = source_file;
    r->line = line;
    r->column = column;
    r->kind = kind;
    char text[1024];
    vsnprintf(text, sizeof text, fmt, ap);
    sla_buf clean = {0};
    sla_utf8_sanitize(text, strlen(text), &clean);
    r->reason = clean.data;
    sla_buf rawbuf = {0};
    size_t n = raw_len > RAW_CAP ? RAW_CAP : raw_len;
    while (n > 0 && n < raw_len && ((unsigned char)raw[n] & 0xC0) == 0x80)
        n--; /* do not cut a character in half */
    sla_utf8_sanitize(raw, n, &rawbuf);
    if (n < raw_len)
        sla_buf_printf(&rawbuf, "\xE2\x80\xA6 (%zu bytes)", raw_len);
    r->raw = rawbuf.data;
}

static uint32_t add_file(sla_dataset *ds, const char *path)
{
    sla_grow((void **)&ds->files, &ds->file_cap, ds->file_count + 1, sizeof(sla_source_file));
    sla_source_file *f = &ds->files[ds->file_count];
    memset(f, 0, sizeof *f);
    f->path = sla_xstrdup(path);
    f->display = sla_xstrdup(path);
    return (uint32_t)ds->file_count++;
}

/* Expand an input's paths and globs into files, in order. */
static sla_status expand_paths(const sla_input_cfg *in, char ***out, size_t *count, sla_error *err)
{
    *out = NULL;
    *count = 0;
    size_t cap = 0;
    for (size_t i = 0; i < in->path_count; i++) {
        const char *p = in->paths[i];
        if (!strpbrk(p, "*?[")) {
            sla_grow((void **)out, &cap, *count + 1, sizeof(char *));
            (*out)[(*count)++] = sla_xstrdup(p);
            continue;
        }
        glob_t g;
        int rc = glob(p, 0, NULL, &g);
        if (rc != 0) {
            if (rc != GLOB_NOMATCH)
                globfree(&g);
            for (size_t k = 0; k < *count; k++)
                free((*out)[k]);
            free(*out);
            *out = NULL;
            return sla_fail(err, SLA_ERR_INPUT, p, 0, 0, "no file matches %s", in->json_path);
        }
        for (size_t k = 0; k < g.gl_pathc; k++) {
            sla_grow((void **)out, &cap, *count + 1, sizeof(char *));
            (*out)[(*count)++] = sla_xstrdup(g.gl_pathv[k]);
        }
        globfree(&g);
    }
    return SLA_OK;
}

static void free_paths(char **paths, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(paths[i]);
    free(paths);
}

/* ---- shared row handling ---- */

/* COL_KEY: text that is looked up in an index (its hash is worked out early);
 * COL_EMAIL: the same, by the hash of the normalised address; COL_STATUS and
 * COL_OWNER: mapped to a lead status and a roster index. */
typedef enum column_kind {
    COL_TEXT,
    COL_KEY,
    COL_EMAIL,
    COL_STATUS,
    COL_OWNER,
    COL_TIME,
    COL_AMOUNT
} column_kind;

typedef struct column_map {
    const char *field;
    bool required;
    column_kind kind;
    long index;   /* field number in the row, -1 when the export lacks it */
    long more[3]; /* fallbacks when index is blank in a row (alias order) */
    size_t more_count;
    /* Dialect of this column in the current file (the profile's, or voted). */
    sla_date_order order;
    char decimal;
    bool voted;        /* order or decimal was decided by the pre-scan */
    long plain;        /* values seen that need no decision (ISO dates, integers) */
    long example_line; /* first undecidable value: where, and what */
    char example[48];
} column_map;

/* Columns a reader maps at most (leads have the most). */
#define MAX_COLUMNS 16

/* What the reading thread works out of a row (see prepare_row), per column
 * by its kind: timestamps and amounts parsed (result: the sla_time_result or
 * sla_num_result, value: the instant or the cents), keys hashed as they
 * stand in the row, the status mapped (result: the sla_lead_status or -1),
 * the owner looked up (result: the roster index, OWNER_UNKNOWN or
 * OWNER_EMPTY). */
typedef struct prepared_row {
    bool valid; /* the row was read against the header */
    int result[MAX_COLUMNS];
    int64_t value[MAX_COLUMNS];
    uint64_t hash[MAX_COLUMNS];
} prepared_row;

#define OWNER_UNKNOWN -1
#define OWNER_EMPTY -2

typedef struct row_reader {
    sla_dataset *ds;
    const sla_config *cfg;
    const sla_profile *profile;
    uint32_t file;
    column_map *cols;
    size_t col_count;
    size_t header_fields;
    bool header_done;
    sla_status st;
    sla_error *err;
    /* per-file state */
    /* activities */
    sla_touch_fn on_touch;
    void *touch_ctx;
    sla_idset *activity_ids;    /* the activity ids seen so far */
    struct touch_batch *batch;  /* activity rows waiting to be settled */
    sla_csv_fn lookahead;       /* see sla_csv_opts */
    bool row_problem; /* the current row has a problem already */
} row_reader;

/* Find a column's header fields (the first, and fallbacks in alias order). */
static void map_column(const sla_profile *p, column_map *cm, const sla_csv_record *rec)
{
    long found[4];
    size_t n = sla_profile_columns(p, cm->field, (const char *const *)rec->fields, rec->count,
                                   found, 4);
    cm->index = n ? found[0] : -1;
    cm->more_count = n ? n - 1 : 0;
    memcpy(cm->more, found + 1, cm->more_count * sizeof(long));
}

/* Map the header to canonical fields; a missing required column stops the run. */
static bool read_header(row_reader *rr, const sla_csv_record *rec)
{
    rr->header_done = true;
    sla_source_file *f = &rr->ds->files[rr->file];
    if (rec->flaw) {
        rr->st = sla_fail(rr->err, SLA_ERR_INPUT, f->display, rec->line, 0,
                          "the header line is not readable CSV text");
        return false;
    }
    rr->header_fields = rec->count;
    for (size_t c = 0; c < rr->col_count; c++) {
        map_column(rr->profile, &rr->cols[c], rec);
        if (rr->cols[c].index < 0 && rr->cols[c].required &&
            !sla_profile_absent(rr->profile, rr->cols[c].field)) {
            rr->st = sla_fail(rr->err, SLA_ERR_INPUT, f->display, rec->line, 0,
                              "missing required column \"%s\" (profile \"%s\")", rr->cols[c].field,
                              rr->profile->name);
            return false;
        }
    }
    return true;
}

/* A row's value for a column: the first non-blank of its header fields
 * ("" when the export lacks it), and its length. */
static const char *column_value(const column_map *cm, const sla_csv_record *rec, size_t *len)
{
    long i = cm->index;
    const char *v = "";
    *len = 0;
    if (i >= 0 && (size_t)i < rec->count) {
        v = rec->fields[i];
        *len = rec->lengths[i];
    }
    for (size_t k = 0; k < cm->more_count && sla_blank(v); k++)
        if ((size_t)cm->more[k] < rec->count) {
            v = rec->fields[cm->more[k]];
            *len = rec->lengths[cm->more[k]];
        }
    return v;
}

static const char *field_n(const row_reader *rr, const sla_csv_record *rec, size_t c,
                           size_t *len)
{
    return column_value(&rr->cols[c], rec, len);
}

static const char *field(const row_reader *rr, const sla_csv_record *rec, size_t c)
{
    size_t len;
    return field_n(rr, rec, c, &len);
}

static long column_no(const row_reader *rr, size_t c)
{
    return rr->cols[c].index + 1;
}

static void problem(row_reader *rr, const sla_csv_record *rec, long column, sla_problem kind,
                    bool reject, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static void problem(row_reader *rr, const sla_csv_record *rec, long column, sla_problem kind,
                    bool reject, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sla_dq_addv(rr->ds, rr->file, rec->line, column, kind, reject, rec->raw, rec->raw_len, fmt, ap);
    va_end(ap);
    if (!rr->row_problem)
        rr->ds->dq.rows_with_problems++;
    rr->row_problem = true;
}

/* Salesforce report footers: "Grand Totals (N records)", the confidentiality
 * line and the copyright line, each alone in the first field. */
static bool is_footer(const sla_csv_record *rec)
{
    if (rec->count == 0)
        return false;
    for (size_t i = 1; i < rec->count; i++)
        if (!sla_blank(rec->fields[i]))
            return false;
    const char *s = rec->fields[0];
    return strncmp(s, "Grand Totals", 12) == 0 || strncmp(s, "Confidential Information", 24) == 0 ||
           strncmp(s, "Copyright", 9) == 0 || strncmp(s, "\xC2\xA9", 2) == 0 ||
           strncmp(s, "Generated By", 12) == 0;
}

/* Checks common to every data row; false when the row was rejected. */
static bool row_usable(row_reader *rr, const sla_csv_record *rec)
{
    rr->row_problem = false;
    if (rec->flaw == SLA_CSV_FINE && rec->count != rr->header_fields && is_footer(rec)) {
        rr->ds->dq.problems[SLA_PB_FOOTER_DROPPED]++;
        return false;
    }
    rr->ds->dq.rows_read++;
    rr->ds->files[rr->file].rows++;
    static const char *flaw_text[] = {
        "", "broken quoting (a quote inside an unquoted field or after a closing quote)",
        "unterminated quoted field at the end of the file", "NUL byte: binary data, not text",
        "bytes that are not valid UTF-8"};
    if (rec->flaw) {
        problem(rr, rec, 0,
                rec->flaw == SLA_CSV_BAD_UTF8 ? SLA_PB_INVALID_UTF8 : SLA_PB_MALFORMED_ROW, true,
                "%s", flaw_text[rec->flaw]);
        return false;
    }
    if (rec->count != rr->header_fields) {
        char a[64], b[64];
        snprintf(a, sizeof a, "%zu", rec->count);
        snprintf(b, sizeof b, "%zu", rr->header_fields);
        problem(rr, rec, 0, SLA_PB_MALFORMED_ROW, true, "%s fields where the header has %s", a, b);
        return false;
    }
    return true;
}

/* Column c of a row read as a timestamp: as the reading thread parsed it,
 * or parsed here. */
static sla_time_result time_of(const row_reader *rr, const sla_csv_record *rec, size_t c,
                               int64_t *out)
{
    const prepared_row *pr = rec->prepared;
    if (pr && pr->valid) {
        *out = pr->value[c];
        return (sla_time_result)pr->result[c];
    }
    size_t len;
    const char *v = field_n(rr, rec, c, &len);
    return sla_parse_time(v, len, rr->cols[c].order, rr->profile->tz, out);
}

/* Parse timestamp column c; false (row rejected) when present but unusable. */
static bool timestamp(row_reader *rr, const sla_csv_record *rec, size_t c, int64_t *out)
{
    *out = SLA_NO_TIME;
    if (rr->cols[c].index < 0)
        return true;
    sla_time_result r = time_of(rr, rec, c, out);
    if (r == SLA_TIME_OK)
        return true;
    *out = SLA_NO_TIME;
    if (r == SLA_TIME_EMPTY)
        return true;
    const char *v = field(rr, rec, c);
    char what[600];
    snprintf(what, sizeof what, "%s \"%.500s\"", rr->cols[c].field, v);
    problem(rr, rec, column_no(rr, c), SLA_PB_BAD_TIMESTAMP, true, "%s %s", what,
            sla_time_result_text(r));
    return false;
}

static const char *keep(sla_dataset *ds, const char *s)
{
    char *t = sla_trim(sla_arena_strdup(ds->arena, s));
    return t;
}

/* A column_map initialiser: the field, whether it is required, its kind. */
#define COL(f, r, k)                                                                               \
    {                                                                                              \
        .field = f, .required = r, .kind = k, .index = -1                                          \
    }

/* ---- leads ---- */

enum {
    L_LEAD_ID,
    L_EMAIL,
    L_COMPANY,
    L_CREATED_AT,
    L_SOURCE,
    L_CAMPAIGN,
    L_OWNER,
    L_TEAM,
    L_MQL_AT,
    L_SAL_AT,
    L_SQL_AT,
    L_CLOSED_AT,
    L_STATUS,
    L_RETURN_REASON,
    L_AMOUNT,
    L_COUNT
};

static const column_map lead_columns[L_COUNT] = {
    COL("lead_id", true, COL_KEY),    COL("email", false, COL_EMAIL),
    COL("company", false, COL_TEXT),  COL("created_at", true, COL_TIME),
    COL("source", false, COL_TEXT),   COL("campaign", false, COL_TEXT),
    COL("owner", true, COL_OWNER),    COL("team", false, COL_TEXT),
    COL("mql_at", true, COL_TIME),    COL("sal_at", true, COL_TIME),
    COL("sql_at", true, COL_TIME),    COL("closed_at", true, COL_TIME),
    COL("status", true, COL_STATUS),  COL("return_reason", false, COL_TEXT),
    COL("amount", false, COL_AMOUNT),
};

static sla_lead_status status_of(const char *s)
{
    static const char *names[] = {"", "open", "won", "lost", "recycled", "rejected"};
    for (int i = 0; i < 6; i++)
        if (strcmp(s, names[i]) == 0)
            return (sla_lead_status)i;
    return (sla_lead_status)-1;
}

static void normalize_email(const char *s, char *buf, size_t size)
{
    sla_copy(buf, size, s);
    sla_trim(buf);
    sla_ascii_lower(buf);
}

/* A status as the profile maps it: an sla_lead_status, or -1. */
static int lead_status(const sla_profile *p, const char *value)
{
    char buf[256];
    return (int)status_of(sla_profile_value(p, "status", value, buf, sizeof buf));
}

/* The roster index of an owner, OWNER_UNKNOWN, or OWNER_EMPTY when blank;
 * trimmed (512 bytes) receives the name as looked up. */
static int owner_in(const sla_config *cfg, const char *value, char *trimmed)
{
    sla_copy(trimmed, 512, value);
    sla_trim(trimmed);
    if (!trimmed[0])
        return OWNER_EMPTY;
    long rep = sla_config_rep_index(cfg, trimmed);
    return rep < 0 ? OWNER_UNKNOWN : (int)rep;
}

static int owner_index(const sla_config *cfg, const char *value)
{
    char trimmed[512];
    return owner_in(cfg, value, trimmed);
}

/* Hash of a normalised e-mail address: the index keeps no addresses (a
 * million of them would cost more than the rest of a lead). */
static uint64_t email_hash(const char *email)
{
    char norm[512];
    normalize_email(email, norm, sizeof norm);
    return norm[0] ? sla_key_hash(norm, strlen(norm)) : 0;
}

/* Map a lead's e-mail (by its hash) to its index; the first lead with an
 * address keeps it. */
static void index_email(sla_dataset *ds, uint64_t h, size_t index)
{
    if (!h)
        return;
    size_t pos = sla_keyindex_start(ds->by_email, h);
    if (sla_keyindex_next(ds->by_email, h, &pos) == SLA_KEY_NONE)
        sla_keyindex_add(ds->by_email, h, (uint32_t)index);
}

/* A numbered lead id's entry in by_number (its index + 1, 0 = none), or
 * NULL for an id kept by hash. make: the id is being added. */
static uint32_t *numbered_entry(const sla_dataset *ds, const char *id, size_t len, bool make)
{
    size_t at;
    uint32_t *block = sla_numbered_block(ds->by_number, id, len, make, &at);
    return block ? block + at : NULL;
}

/* The index of the lead with this id among those kept by hash, or -1. */
static long find_hashed_lead(const sla_dataset *ds, const char *id, size_t len, uint64_t h)
{
    if (!ds->by_id)
        return -1;
    size_t pos = sla_keyindex_start(ds->by_id, h);
    for (uint32_t i; (i = sla_keyindex_next(ds->by_id, h, &pos)) != SLA_KEY_NONE;) {
        const char *other = ds->leads[i].lead_id;
        if (strncmp(other, id, len) == 0 && other[len] == '\0')
            return i;
    }
    return -1;
}

/* The index of the lead with this id, or -1. */
static long find_lead(const sla_dataset *ds, const char *id, size_t len, uint64_t h)
{
    const uint32_t *entry = numbered_entry(ds, id, len, false);
    return entry ? (long)*entry - 1 : find_hashed_lead(ds, id, len, h);
}

/* A lead id that trimming would not change, and that fits the activity
 * reader's buffer: the common case, used as it is. */
static bool plain_id(const char *id, size_t n)
{
    return n > 0 && n < 512 && (unsigned char)id[0] > ' ' && (unsigned char)id[0] < 0x7F &&
           (unsigned char)id[n - 1] > ' ' && (unsigned char)id[n - 1] < 0x7F;
}

/* The hashes of a lead's id as kept (trimmed) and of its e-mail (0 when
 * e-mails are not looked up): the reading thread's when it worked them out
 * and the row's id needed no trimming, else worked out here. */
static void lead_hashes(const row_reader *rr, const sla_csv_record *rec, const char *kept_id,
                        uint64_t *id_hash, uint64_t *mail_hash)
{
    const prepared_row *pr = rec->prepared;
    bool early = pr && pr->valid;
    size_t raw_len;
    const char *raw_id = field_n(rr, rec, L_LEAD_ID, &raw_len);
    *id_hash = early && plain_id(raw_id, raw_len) ? pr->hash[L_LEAD_ID]
                                                  : sla_key_hash(kept_id, strlen(kept_id));
    if (!rr->ds->by_email)
        *mail_hash = 0;
    else
        *mail_hash = early ? pr->hash[L_EMAIL] : email_hash(field(rr, rec, L_EMAIL));
}

/* Start fetching what looking up a lead id reads: the lead itself for a
 * numbered id (its entry is at hand), the index slot for a hashed one. */
static void fetch_lead(const sla_dataset *ds, const char *id, size_t len, uint64_t hash)
{
    const uint32_t *entry = numbered_entry(ds, id, len, false);
    if (entry && *entry)
        __builtin_prefetch(&ds->leads[*entry - 1]);
    else if (!entry && ds->by_id)
        sla_keyindex_start(ds->by_id, hash);
}

/* Leads' index look-ups are fetched ahead: a few rows before lead_row sees a
 * row, the probes for its id and e-mail start, so the cache misses are paid
 * while the rows before it are handled. */
static bool lead_ahead(void *ctx, const sla_csv_record *rec)
{
    row_reader *rr = ctx;
    if (!rr->header_done || rec->flaw || rec->count != rr->header_fields)
        return true;
    uint64_t id_hash, mail_hash; /* a hint: an id that needs trimming is fetched as it stands */
    size_t id_len;
    const char *id = field_n(rr, rec, L_LEAD_ID, &id_len);
    lead_hashes(rr, rec, id, &id_hash, &mail_hash);
    fetch_lead(rr->ds, id, id_len, id_hash);
    if (mail_hash)
        sla_keyindex_start(rr->ds->by_email, mail_hash);
    return true;
}

static bool lead_row(void *ctx, const sla_csv_record *rec)
{
    row_reader *rr = ctx;
    if (!rr->header_done)
        return read_header(rr, rec);
    if (!row_usable(rr, rec))
        return true;
    sla_dataset *ds = rr->ds;
    const char *id = field(rr, rec, L_LEAD_ID);
    if (sla_blank(id)) {
        problem(rr, rec, column_no(rr, L_LEAD_ID), SLA_PB_MISSING_ID, true, "lead_id is empty");
        return true;
    }
    sla_lead l = {0};
    l.lead_id = keep(ds, id);
    size_t id_len = strlen(l.lead_id);
    /* One index serves both rules: a repeat from this file is a problem, a
     * repeat from an earlier file is a newer snapshot of the lead. */
    uint64_t id_hash, mail_hash;
    lead_hashes(rr, rec, l.lead_id, &id_hash, &mail_hash);
    uint32_t *entry = numbered_entry(ds, l.lead_id, id_len, true);
    long existing = entry ? (long)*entry - 1 : find_hashed_lead(ds, l.lead_id, id_len, id_hash);
    if (existing >= 0 && ds->leads[existing].source_file == rr->file) {
        problem(rr, rec, column_no(rr, L_LEAD_ID), SLA_PB_DUPLICATE_LEAD_ID, true,
                "lead_id \"%s\" appears again in this file", l.lead_id);
        return true;
    }
    if (!timestamp(rr, rec, L_CREATED_AT, &l.created_at) ||
        !timestamp(rr, rec, L_MQL_AT, &l.mql_at) || !timestamp(rr, rec, L_SAL_AT, &l.sal_at) ||
        !timestamp(rr, rec, L_SQL_AT, &l.sql_at) || !timestamp(rr, rec, L_CLOSED_AT, &l.closed_at))
        return true;
    const prepared_row *pr = rec->prepared;
    bool early = pr && pr->valid; /* worked out on the reading thread */
    const char *amount = field(rr, rec, L_AMOUNT);
    sla_num_result nr;
    if (early) {
        nr = (sla_num_result)pr->result[L_AMOUNT];
        l.amount_cents = pr->value[L_AMOUNT];
    } else {
        nr = sla_parse_cents(amount, strlen(amount), rr->cols[L_AMOUNT].decimal, &l.amount_cents);
    }
    if (nr == SLA_NUM_EMPTY)
        l.amount_cents = 0;
    if (nr == SLA_NUM_BAD || l.amount_cents < 0) {
        problem(rr, rec, column_no(rr, L_AMOUNT), SLA_PB_BAD_AMOUNT, true,
                "amount \"%.200s\" is %s", amount, nr == SLA_NUM_BAD ? "not a number" : "negative");
        return true;
    }
    int st = early ? pr->result[L_STATUS] : lead_status(rr->profile, field(rr, rec, L_STATUS));
    if (st < 0) {
        problem(rr, rec, column_no(rr, L_STATUS), SLA_PB_BAD_VALUE, true,
                "status \"%.200s\" is not one of open, won, lost, recycled, rejected",
                field(rr, rec, L_STATUS));
        return true;
    }
    l.status = (uint8_t)st;
    /* Only what later stages read is kept: a million leads must fit in memory. */
    l.company = keep(ds, field(rr, rec, L_COMPANY));
    l.has_return_reason = !sla_blank(field(rr, rec, L_RETURN_REASON));
    l.score = NAN;
    l.cutoff = l.first_touch = SLA_NO_TIME;
    l.source_file = rr->file;
    l.line = (uint32_t)rec->line;
    l.rep = l.team = -1;
    char owner[512];
    int rep = early && pr->result[L_OWNER] >= 0 ? pr->result[L_OWNER]
                                                 : owner_in(rr->cfg, field(rr, rec, L_OWNER), owner);
    if (rep == OWNER_EMPTY) {
        problem(rr, rec, column_no(rr, L_OWNER), SLA_PB_MISSING_OWNER, false, "owner is empty");
    } else if (rep == OWNER_UNKNOWN) {
        problem(rr, rec, column_no(rr, L_OWNER), SLA_PB_UNKNOWN_REP, false,
                "owner \"%s\" is not in the roster", owner);
    } else {
        l.rep = (int32_t)rep;
        l.team = rr->cfg->reps[rep].team_index;
    }
    if ((l.status == SLA_STATUS_RECYCLED || l.status == SLA_STATUS_REJECTED) &&
        !l.has_return_reason)
        problem(rr, rec, column_no(rr, L_RETURN_REASON), SLA_PB_RECYCLED_WITHOUT_REASON, false,
                "returned lead without a reason");
    l.has_problem = rr->row_problem;
    if (existing >= 0) { /* a later snapshot replaces the earlier file's row */
        ds->leads[existing] = l;
    } else {
        sla_grow((void **)&ds->leads, &ds->lead_cap, ds->lead_count + 1, sizeof(sla_lead));
        ds->leads[ds->lead_count] = l;
        index_email(ds, mail_hash, ds->lead_count); /* events may join by e-mail */
        if (entry) {
            *entry = (uint32_t)ds->lead_count + 1;
            sla_numbered_kept(ds->by_number);
        } else {
            if (!ds->by_id)
                ds->by_id = sla_keyindex_new(ds->expected_leads);
            sla_keyindex_add(ds->by_id, id_hash, (uint32_t)ds->lead_count);
        }
        ds->lead_count++;
    }
    return true;
}

static size_t expected_rows(const sla_input_cfg *in, size_t bytes_per_row);

/* ---- per-column dialect (SPEC §3: date order decided per column) ---- */

/* Values a column may show without needing a decision before it is taken as
 * one that needs none (ISO dates, integer amounts): the pre-scan stops there
 * instead of reading a large file twice. */
#define SETTLE_AFTER 1000

/* Inspect one value of an undecided column; true when the column is settled. */
static bool vote(column_map *cm, const char *v, size_t len, long line)
{
    bool undecidable;
    if (cm->kind == COL_TIME) {
        cm->order = sla_date_order_vote(v, len, &undecidable);
        if (cm->order)
            return cm->voted = true;
    } else {
        cm->decimal = sla_decimal_vote(v, len, &undecidable);
        if (cm->decimal)
            return cm->voted = true;
    }
    if (undecidable && !cm->example_line) {
        cm->example_line = line;
        snprintf(cm->example, sizeof cm->example, "%.*s", (int)(len < 40 ? len : 40), v);
    } else if (!undecidable && !sla_blank(v)) {
        cm->plain++;
    }
    return !cm->example_line && cm->plain >= SETTLE_AFTER;
}

/* Pre-scan row handler: vote on every undecided column until all are settled. */
static bool vote_row(void *ctx, const sla_csv_record *rec)
{
    row_reader *rr = ctx;
    if (!rr->header_done)
        return read_header(rr, rec);
    if (rec->flaw || rec->count != rr->header_fields)
        return true;
    bool settled = true;
    for (size_t c = 0; c < rr->col_count; c++) {
        column_map *cm = &rr->cols[c];
        bool open = cm->index >= 0 && !cm->voted &&
                    ((cm->kind == COL_TIME && rr->profile->date_order == SLA_ORDER_AUTO) ||
                     (cm->kind == COL_AMOUNT && !rr->profile->decimal));
        if (open) {
            const char *v = field(rr, rec, c);
            if (!vote(cm, v, strlen(v), rec->line))
                settled = false;
        }
    }
    return !settled;
}

/* Decide each column's date order and decimal mark for one file: the
 * profile's when it names them, else by a pre-scan of the values. A column
 * whose values never decide stops the run: guessing would misdate or
 * misprice every row. */
static sla_status decide_dialect(row_reader *rr, const char *path, const sla_csv_opts *opts)
{
    const sla_profile *p = rr->profile;
    for (size_t c = 0; c < rr->col_count; c++) {
        rr->cols[c].order = p->date_order;
        rr->cols[c].decimal = p->decimal;
    }
    if (p->date_order != SLA_ORDER_AUTO && p->decimal)
        return SLA_OK;
    sla_source_file *f = &rr->ds->files[rr->file];
    sla_csv_info info;
    sla_status st = sla_csv_read(path, f->display, opts, vote_row, rr, &info, rr->err);
    if (st || rr->st)
        return st ? st : rr->st;
    rr->header_done = false;
    for (size_t c = 0; c < rr->col_count; c++) {
        column_map *cm = &rr->cols[c];
        if (cm->voted || !cm->example_line)
            continue;
        if (cm->kind == COL_TIME)
            return sla_fail(rr->err, SLA_ERR_INPUT, f->display, cm->example_line, cm->index + 1,
                            "%s: day/month order cannot be told from the values (e.g. \"%s\"); "
                            "set \"date_order\" to \"dmy\" or \"mdy\" in the profile or "
                            "the input entry",
                            cm->field, cm->example);
        return sla_fail(rr->err, SLA_ERR_INPUT, f->display, cm->example_line, cm->index + 1,
                        "%s: the decimal mark cannot be told from the values (e.g. \"%s\"); "
                        "set \"decimal\" to \".\" or \",\" in the profile or the input "
                        "entry",
                        cm->field, cm->example);
    }
    for (size_t c = 0; c < rr->col_count; c++)
        if (rr->cols[c].kind == COL_AMOUNT && !rr->cols[c].decimal)
            rr->cols[c].decimal = '.'; /* no marks at all: either reading is the same */
    return SLA_OK;
}

/* What was detected or assumed for a file, for the data-quality page. */
static char *describe(const sla_profile *p, const sla_csv_info *info, const row_reader *rr)
{
    static const char *enc_names[] = {"auto", "UTF-8", "Windows-1250"};
    static const char *orders[] = {"auto", "ymd", "dmy", "mdy"};
    sla_buf b = {0};
    sla_buf_printf(&b, "profile %s; %s%s%s; delimiter '%s'", p->name, enc_names[info->encoding],
                   info->encoding_guessed ? " (guessed: not valid UTF-8)" : "",
                   info->had_bom ? " with BOM" : "",
                   info->delimiter == '\t' ? "TAB" : (char[2]){info->delimiter, 0});
    char decimal = p->decimal;
    bool detected = false;
    for (size_t c = 0; c < rr->col_count; c++) {
        const column_map *cm = &rr->cols[c];
        if (cm->kind == COL_AMOUNT && cm->index >= 0) {
            decimal = cm->decimal;
            detected = cm->voted;
        }
    }
    if (decimal)
        sla_buf_printf(&b, "; decimal '%c'%s", decimal, detected ? " (detected)" : "");
    for (size_t c = 0; c < rr->col_count; c++)
        if (rr->cols[c].kind == COL_TIME && rr->cols[c].voted)
            sla_buf_printf(&b, "; %s %s (detected)", rr->cols[c].field, orders[rr->cols[c].order]);
    return b.data;
}

static void flush_touches(row_reader *rr);

/* Parsing timestamps and hashing keys are the largest part of a row's own
 * work: on the reading thread they overlap with the row handling. The
 * reading thread maps the columns from the header itself (the same mapping
 * read_header makes), so it shares nothing with the handler. */
typedef struct row_preparer {
    const sla_profile *profile;
    const sla_config *cfg;
    column_map cols[MAX_COLUMNS];
    size_t col_count, header_fields;
    bool header_seen;
    bool emails; /* e-mails are looked up (events join by them) */
} row_preparer;

static void prepare_row(void *ctx, const sla_csv_record *rec, void *out)
{
    row_preparer *tp = ctx;
    prepared_row *pt = out;
    memset(pt, 0, sizeof *pt);
    if (!tp->header_seen) {
        tp->header_seen = true;
        tp->header_fields = rec->count;
        for (size_t c = 0; c < tp->col_count && !rec->flaw; c++)
            map_column(tp->profile, &tp->cols[c], rec);
        return;
    }
    if (rec->flaw || rec->count != tp->header_fields)
        return;
    for (size_t c = 0; c < tp->col_count; c++) {
        const column_map *cm = &tp->cols[c];
        if (cm->kind == COL_TEXT || (cm->kind == COL_EMAIL && !tp->emails))
            continue;
        size_t len;
        const char *v = column_value(cm, rec, &len);
        if (cm->kind == COL_TIME && cm->index >= 0)
            pt->result[c] = (int)sla_parse_time(v, len, cm->order, tp->profile->tz, &pt->value[c]);
        else if (cm->kind == COL_AMOUNT)
            pt->result[c] = (int)sla_parse_cents(v, len, cm->decimal, &pt->value[c]);
        else if (cm->kind == COL_KEY)
            pt->hash[c] = sla_key_hash(v, len);
        else if (cm->kind == COL_EMAIL && tp->emails)
            pt->hash[c] = email_hash(v);
        else if (cm->kind == COL_STATUS)
            pt->result[c] = lead_status(tp->profile, v);
        else if (cm->kind == COL_OWNER)
            pt->result[c] = owner_index(tp->cfg, v);
    }
    pt->valid = true;
}

/* Read every file of one CSV input with the given row handler. */
static sla_status read_csv_input(sla_dataset *ds, const sla_config *cfg, sla_input_kind kind,
                                 const column_map *columns, size_t col_count, sla_csv_fn fn,
                                 row_reader *proto, bool reverse, sla_error *err)
{
    const sla_input_cfg *in = &cfg->inputs[kind];
    sla_profile *profile = NULL;
    char **paths = NULL;
    size_t n = 0;
    sla_status st = sla_profile_load(cfg, in, ds->templates_dir, &profile, err);
    if (st == SLA_OK)
        st = expand_paths(in, &paths, &n, err);
    column_map *cols = sla_xmalloc(col_count * sizeof *cols);
    for (size_t k = 0; k < n && st == SLA_OK; k++) {
        const char *path = paths[reverse ? n - 1 - k : k];
        row_reader rr = *proto;
        memcpy(cols, columns, col_count * sizeof *cols);
        rr.ds = ds;
        rr.cfg = cfg;
        rr.profile = profile;
        rr.file = add_file(ds, path);
        rr.cols = cols;
        rr.col_count = col_count;
        rr.err = err;
        sla_csv_opts opts = {profile->delimiter, profile->encoding, false, NULL, NULL, NULL, 0};
        sla_csv_info info;
        if ((st = decide_dialect(&rr, path, &opts)))
            break;
        row_preparer tp = {.profile = profile,
                           .cfg = cfg,
                           .col_count = col_count,
                           .emails = ds->by_email != NULL};
        memcpy(tp.cols, cols, col_count * sizeof *cols); /* with the dialect just decided */
        opts.pipelined = sla_jobs() > 1;
        opts.lookahead = rr.lookahead;
        opts.prepare = prepare_row;
        opts.prepare_ctx = &tp;
        opts.prepared_size = sizeof(prepared_row);
        st = sla_csv_read(path, ds->files[rr.file].display, &opts, fn, &rr, &info, err);
        if (rr.batch)
            flush_touches(&rr);
        if (st == SLA_OK && rr.st)
            st = rr.st;
        if (st == SLA_OK && !rr.header_done)
            st = sla_fail(err, SLA_ERR_INPUT, ds->files[rr.file].display, 0, 0,
                          "the file is empty: expected a header line");
        ds->files[rr.file].detected = describe(profile, &info, &rr);
    }
    free(cols);
    free_paths(paths, n);
    sla_profile_free(profile);
    return st;
}

/* ---- marketing events ---- */

/* Events' look-ups are fetched ahead, as leads' are (see lead_ahead). */
static void event_ahead(void *ctx, const sla_event *ev)
{
    sla_dataset *ds = ctx;
    if (ev->lead_hash)
        fetch_lead(ds, ev->lead_id, strlen(ev->lead_id), ev->lead_hash);
}

static void apply_event(void *ctx, const sla_event *ev)
{
    sla_dataset *ds = ctx;
    long idx = -1;
    if (ev->lead_id && *ev->lead_id) {
        size_t len = strlen(ev->lead_id);
        uint64_t h = ev->lead_hash ? ev->lead_hash : sla_key_hash(ev->lead_id, len);
        idx = find_lead(ds, ev->lead_id, len, h);
    }
    uint64_t h = idx < 0 && ev->email ? email_hash(ev->email) : 0;
    if (h) {
        size_t pos = sla_keyindex_start(ds->by_email, h);
        uint32_t i = sla_keyindex_next(ds->by_email, h, &pos);
        idx = i == SLA_KEY_NONE ? -1 : (long)i;
    }
    if (idx < 0) {
        sla_dq_add(ds, ev->source_file, ev->line, 0, SLA_PB_UNKNOWN_LEAD, true, ev->raw,
                   ev->raw_len,
                   "%s: event for a lead not in the leads export (lead_id \"%s\", "
                   "email \"%s\")",
                   ev->where, ev->lead_id ? ev->lead_id : "", ev->email ? ev->email : "");
        ds->dq.rows_with_problems++;
        return;
    }
    sla_lead *l = &ds->leads[idx];
    if (ev->is_mql && ev->at != SLA_NO_TIME) {
        if (!l->mql_from_events || ev->at < l->mql_at)
            l->mql_at = ev->at;
        l->mql_from_events = true;
    }
    if (!isnan(ev->score))
        l->score = ev->score;
}

sla_status sla_dataset_load_leads(sla_dataset *ds, const sla_config *cfg, sla_error *err)
{
    if (!ds->by_number) { /* sized once rather than grown */
        ds->expected_leads = expected_rows(&cfg->inputs[SLA_INPUT_LEADS], 150);
        ds->by_number = sla_numbered_new(SLA_BLOCK_IDS * sizeof(uint32_t));
        if (cfg->inputs[SLA_INPUT_EVENTS].present) /* events may join by e-mail */
            ds->by_email = sla_keyindex_new(ds->expected_leads);
    }
    row_reader proto = {.lookahead = lead_ahead};
    sla_status st = read_csv_input(ds, cfg, SLA_INPUT_LEADS, lead_columns, L_COUNT, lead_row,
                                   &proto, false, err);
    if (st)
        return st;
    const sla_input_cfg *ev = &cfg->inputs[SLA_INPUT_EVENTS];
    if (ev->present) {
        sla_profile *profile = NULL;
        char **paths = NULL;
        size_t n = 0;
        st = sla_profile_load(cfg, ev, ds->templates_dir, &profile, err);
        if (st == SLA_OK)
            st = expand_paths(ev, &paths, &n, err);
        for (size_t k = 0; k < n && st == SLA_OK; k++) {
            uint32_t file = add_file(ds, paths[k]);
            ds->files[file].detected = sla_xstrdup("JSON events");
            st = sla_events_read(paths[k], ds->files[file].display, file, profile, ds, apply_event,
                                 event_ahead, ds, err);
        }
        free_paths(paths, n);
        sla_profile_free(profile);
        if (st)
            return st;
    }
    /* Checks that need the final mql_at (after the events' override). */
    for (size_t i = 0; i < ds->lead_count; i++) {
        sla_lead *l = &ds->leads[i];
        if (l->sql_at != SLA_NO_TIME && l->mql_at != SLA_NO_TIME && l->sql_at < l->mql_at) {
            sla_dq_add(ds, l->source_file, l->line, 0, SLA_PB_SQL_BEFORE_MQL, false, "", 0,
                       "sql_at before mql_at");
            if (!l->has_problem)
                ds->dq.rows_with_problems++;
            l->has_problem = true;
        }
    }
    return SLA_OK;
}

/* ---- activities ---- */

enum { A_ACTIVITY_ID, A_LEAD_ID, A_REP, A_TYPE, A_OCCURRED_AT, A_OUTCOME, A_COUNT };
_Static_assert(L_COUNT <= MAX_COLUMNS && A_COUNT <= MAX_COLUMNS, "MAX_COLUMNS is too small");

static const column_map activity_columns[A_COUNT] = {
    COL("activity_id", false, COL_KEY), COL("lead_id", true, COL_KEY),
    COL("rep", false, COL_TEXT),         COL("type", false, COL_TEXT),
    COL("occurred_at", true, COL_TIME),  COL("outcome", false, COL_TEXT),
};

/* Rows an input probably holds, from its plain files' sizes (globs count as
 * nothing): enough to size hash tables once instead of growing them. */
static size_t expected_rows(const sla_input_cfg *in, size_t bytes_per_row)
{
    size_t bytes = 0;
    struct stat st;
    for (size_t i = 0; i < in->path_count; i++)
        if (stat(in->paths[i], &st) == 0 && S_ISREG(st.st_mode))
            bytes += (size_t)st.st_size;
    return bytes / bytes_per_row;
}

#define LEAD_LOOK_UP (-2) /* activity_keys.lead: not found yet */

/* An activity row's keys: the activity id and the trimmed lead id, with
 * their hashes (aid_hash 0: no activity id), and the lead's index when a
 * batch found it already (-1: no such lead). */
typedef struct activity_keys {
    const char *aid, *id;
    size_t aid_len;
    uint64_t aid_hash, id_hash;
    long lead;
} activity_keys;

/* The keys of a row whose lead id needs no trimming: hashed on the reading
 * thread when it was there (prepared), else here. */
static activity_keys keys_of(const char *aid, size_t aid_len, const char *id, size_t id_len,
                             const prepared_row *pr)
{
    bool early = pr && pr->valid;
    activity_keys k = {
        aid, id, aid_len, 0, early ? pr->hash[A_LEAD_ID] : sla_key_hash(id, id_len), LEAD_LOOK_UP};
    if (!sla_blank(aid))
        k.aid_hash = early ? pr->hash[A_ACTIVITY_ID] : sla_key_hash(aid, aid_len);
    return k;
}

/* The rules for one activity row, in the order they apply. at: occurred_at
 * already read, or NULL to read (and report) it from rec's fields. */
static void settle_activity(row_reader *rr, const sla_csv_record *rec, const activity_keys *k,
                            const int64_t *read_at)
{
    sla_dataset *ds = rr->ds;
    const char *aid = k->aid, *id = k->id;
    rr->row_problem = false;
    if (k->aid_hash) {
        sla_id_seen seen = sla_idset_see(rr->activity_ids, aid, k->aid_len, k->aid_hash, rr->file);
        if (seen == SLA_ID_IN_THIS_FILE) {
            problem(rr, rec, column_no(rr, A_ACTIVITY_ID), SLA_PB_DUPLICATE_ACTIVITY_ID, true,
                    "activity_id \"%.200s\" appears again in this file", aid);
            return;
        }
        if (seen == SLA_ID_IN_EARLIER_FILE) {
            /* Superseded by a later snapshot (files are read last first). */
            ds->dq.rows_read--;
            ds->files[rr->file].rows--;
            return;
        }
    }
    if (!id[0]) {
        problem(rr, rec, column_no(rr, A_LEAD_ID), SLA_PB_MISSING_ID, true, "lead_id is empty");
        return;
    }
    long idx = k->lead != LEAD_LOOK_UP ? k->lead : find_lead(ds, id, strlen(id), k->id_hash);
    if (idx < 0) {
        problem(rr, rec, column_no(rr, A_LEAD_ID), SLA_PB_UNKNOWN_LEAD, true,
                "activity for lead \"%.200s\" which is not in the leads export", id);
        return;
    }
    int64_t at;
    if (read_at) {
        at = *read_at;
    } else {
        if (!timestamp(rr, rec, A_OCCURRED_AT, &at))
            return;
        if (at == SLA_NO_TIME) {
            problem(rr, rec, column_no(rr, A_OCCURRED_AT), SLA_PB_BAD_TIMESTAMP, true,
                    "occurred_at is empty");
            return;
        }
    }
    sla_lead *l = &ds->leads[idx];
    if (l->created_at != SLA_NO_TIME && at < l->created_at)
        problem(rr, rec, column_no(rr, A_OCCURRED_AT), SLA_PB_ACTIVITY_BEFORE_CREATED, false,
                "activity before the lead was created");
    ds->activities_used++;
    rr->on_touch(rr->touch_ctx, l, at);
}

/* ---- activities, in batches ----
 * Millions of activities each look up an activity id and a lead in tables
 * far larger than the cache. Rows that read cleanly are queued; a batch
 * first starts every row's probes (so their cache misses overlap), then
 * settles the rows one by one in file order, exactly as if each had been
 * settled when read. A row that needs reporting on its own flushes the
 * queue first, so problems keep their order. */

#define BATCH_ROWS 32
#define BATCH_RAW_MAX 4096 /* longer rows are settled on their own */

typedef struct queued_touch {
    long line;
    int64_t at;
    uint64_t aid_hash, lead_hash; /* aid_hash 0: no activity_id */
    size_t aid, aid_len, id, id_len, raw, raw_len; /* offsets into the batch's text, lengths */
} queued_touch;

typedef struct touch_batch {
    queued_touch rows[BATCH_ROWS];
    size_t count;
    sla_buf text;
} touch_batch;

/* Queue a row's activity id, lead id and raw text (each NUL-terminated). */
static void batch_texts(touch_batch *b, queued_touch *q, const char *aid, size_t aid_len,
                        const char *id, size_t id_len, const sla_csv_record *rec)
{
    size_t at = b->text.len, need = at + aid_len + id_len + rec->raw_len + 3;
    sla_grow((void **)&b->text.data, &b->text.cap, need, 1);
    char *t = b->text.data;
    q->aid = at;
    q->aid_len = aid_len;
    memcpy(t + at, aid, aid_len + 1);
    q->id = at += aid_len + 1;
    q->id_len = id_len;
    memcpy(t + at, id, id_len + 1);
    q->raw = at += id_len + 1;
    memcpy(t + at, rec->raw, rec->raw_len);
    t[at + rec->raw_len] = '\0';
    q->raw_len = rec->raw_len;
    b->text.len = need;
}

static void flush_touches(row_reader *rr)
{
    touch_batch *b = rr->batch;
    const sla_dataset *ds = rr->ds;
    uint32_t lead[BATCH_ROWS];
    size_t pos[BATCH_ROWS];
    bool hashed[BATCH_ROWS]; /* the lead id is kept by hash: probe, then compare */
    for (size_t i = 0; i < b->count; i++) {
        const queued_touch *q = &b->rows[i];
        if (q->aid_hash)
            sla_idset_prefetch(rr->activity_ids, b->text.data + q->aid, q->aid_len, q->aid_hash);
        const uint32_t *entry = numbered_entry(ds, b->text.data + q->id, q->id_len, false);
        lead[i] = entry && *entry ? *entry - 1 : SLA_KEY_NONE;
        hashed[i] = !entry && ds->by_id;
        if (hashed[i])
            pos[i] = sla_keyindex_start(ds->by_id, q->lead_hash);
    }
    for (size_t i = 0; i < b->count; i++) {
        if (hashed[i])
            lead[i] = sla_keyindex_next(ds->by_id, b->rows[i].lead_hash, &pos[i]);
        if (lead[i] != SLA_KEY_NONE)
            __builtin_prefetch(&ds->leads[lead[i]], 1);
    }
    for (size_t i = 0; i < b->count; i++)
        if (hashed[i] && lead[i] != SLA_KEY_NONE)
            __builtin_prefetch(ds->leads[lead[i]].lead_id);
    for (size_t i = 0; i < b->count; i++) {
        const queued_touch *q = &b->rows[i];
        const char *text = b->text.data;
        sla_csv_record rec = {.line = q->line, .raw = text + q->raw, .raw_len = q->raw_len};
        /* A numbered id's lead is found; a hashed one's candidate needs its id compared. */
        long found = lead[i] == SLA_KEY_NONE ? -1 : (long)lead[i];
        activity_keys k = {.aid = text + q->aid,
                           .id = text + q->id,
                           .aid_len = q->aid_len,
                           .aid_hash = q->aid_hash,
                           .id_hash = q->lead_hash,
                           .lead = hashed[i] ? LEAD_LOOK_UP : found};
        settle_activity(rr, &rec, &k, &q->at);
    }
    b->count = 0;
    sla_buf_reset(&b->text);
}

static bool activity_row(void *ctx, const sla_csv_record *rec)
{
    row_reader *rr = ctx;
    if (!rr->header_done)
        return read_header(rr, rec);
    size_t aid_len, id_len;
    const char *aid = field_n(rr, rec, A_ACTIVITY_ID, &aid_len);
    const char *id = field_n(rr, rec, A_LEAD_ID, &id_len);
    int64_t at;
    if (!rec->flaw && rec->count == rr->header_fields && rec->raw_len <= BATCH_RAW_MAX &&
        plain_id(id, id_len) && rr->cols[A_OCCURRED_AT].index >= 0 &&
        time_of(rr, rec, A_OCCURRED_AT, &at) == SLA_TIME_OK) {
        row_usable(rr, rec); /* counts the row; it has no problem of its own */
        touch_batch *b = rr->batch;
        queued_touch *q = &b->rows[b->count++];
        q->line = rec->line;
        q->at = at;
        activity_keys k = keys_of(aid, aid_len, id, id_len, rec->prepared);
        q->aid_hash = k.aid_hash;
        q->lead_hash = k.id_hash;
        batch_texts(b, q, aid, aid_len, id, id_len, rec);
        if (b->count == BATCH_ROWS)
            flush_touches(rr);
        return true;
    }
    flush_touches(rr);
    if (!row_usable(rr, rec))
        return true;
    char trimmed[512];
    snprintf(trimmed, sizeof trimmed, "%s", id);
    sla_trim(trimmed);
    activity_keys k = keys_of(aid, aid_len, trimmed, strlen(trimmed), NULL);
    settle_activity(rr, rec, &k, NULL);
    return true;
}

sla_status sla_dataset_stream_activities(sla_dataset *ds, const sla_config *cfg,
                                         sla_touch_fn on_touch, void *ctx, sla_error *err)
{
    row_reader proto = {0};
    proto.on_touch = on_touch;
    proto.touch_ctx = ctx;
    proto.activity_ids = sla_idset_new(expected_rows(&cfg->inputs[SLA_INPUT_ACTIVITIES], 60));
    touch_batch batch = {0};
    proto.batch = &batch;
    /* Last file first, so that a repeated activity_id keeps the latest snapshot's row. */
    sla_status st = read_csv_input(ds, cfg, SLA_INPUT_ACTIVITIES, activity_columns, A_COUNT,
                                   activity_row, &proto, true, err);
    sla_idset_free(proto.activity_ids);
    sla_buf_free(&batch.text);
    return st;
}
