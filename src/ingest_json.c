/*
 * ingest_json.c - see ingest_json.h.
 *
 * JSON Lines are parsed one line at a time, so a broken line is one rejected
 * record with its line number, not a failed run. A JSON array is parsed
 * whole and its elements reported by index.
 *
 * API shapes are unwrapped generically, as the profile directs: the record
 * array may sit in a wrapper member ({"results": [...]}, {"contacts": [...]}),
 * fields may live in nested objects (HubSpot v3 "properties"), and a value
 * may be boxed as {"value": ...} (HubSpot v1). So one reader serves the
 * canonical events and HubSpot's contact records alike.
 */
#include "ingest_json.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "dataset.h"
#include "parse.h"
#include "profile.h"
#include "util.h"

/* The fields a record is read for, by canonical name. */
enum { F_LEAD_ID, F_EMAIL, F_EVENT, F_AT, F_SCORE, F_COUNT };
static const char *const field_names[F_COUNT] = {"lead_id", "email", "event", "at", "score"};

typedef struct ev_reader {
    const sla_profile *profile;
    sla_dataset *ds;
    uint32_t file;
    sla_event_fn fn;
    void *ctx;
    /* Per field: no aliases and not declared absent, so a member of exactly
     * the field's name is the one (decided once, not per record). */
    bool exact_only[F_COUNT];
} ev_reader;

/* Field lookup in one object: by canonical name or the profile's aliases. */
static json_t *member_in(json_t *obj, const ev_reader *r, int f)
{
    /* The exact name first, before normalising every key of every record. */
    json_t *exact = json_object_get(obj, field_names[f]);
    if (exact && r->exact_only[f])
        return exact;
    enum { MAX_KEYS = 512 };
    const char *keys[MAX_KEYS];
    json_t *vals[MAX_KEYS];
    size_t n = 0;
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v)
    {
        if (n == MAX_KEYS)
            break;
        keys[n] = key;
        vals[n++] = v;
    }
    long i = sla_profile_column(r->profile, field_names[f], keys, n);
    return i >= 0 ? vals[i] : NULL;
}

/* A field of a record: top level first, then the profile's nested objects;
 * a {"value": x} box is opened. */
static json_t *member(json_t *obj, const ev_reader *r, int f)
{
    const sla_profile *p = r->profile;
    json_t *v = member_in(obj, r, f);
    for (size_t i = 0; !v && i < p->json_nested_count; i++) {
        json_t *nested = json_object_get(obj, p->json_nested[i]);
        if (json_is_object(nested))
            v = member_in(nested, r, f);
    }
    if (json_is_object(v) && json_object_get(v, "value"))
        v = json_object_get(v, "value");
    return v;
}

/* A field's value as handle() reads it, whichever decoder found it. */
typedef enum ev_kind { EV_ABSENT, EV_NULL, EV_TEXT, EV_NUMBER, EV_OTHER } ev_kind;
typedef struct ev_value {
    ev_kind kind;
    const char *text; /* EV_TEXT: the string; EV_NUMBER: the number as text */
} ev_value;

/* A Jansson value; numbers are rendered into buf. */
static ev_value json_value(json_t *v, char *buf, size_t size)
{
    if (!v)
        return (ev_value){EV_ABSENT, NULL};
    if (json_is_string(v))
        return (ev_value){EV_TEXT, json_string_value(v)};
    if (json_is_integer(v)) {
        snprintf(buf, size, "%lld", (long long)json_integer_value(v));
        return (ev_value){EV_NUMBER, buf};
    }
    if (json_is_real(v)) {
        snprintf(buf, size, "%.17g", json_real_value(v));
        return (ev_value){EV_NUMBER, buf};
    }
    return (ev_value){json_is_null(v) ? EV_NULL : EV_OTHER, NULL};
}

/* A string, or a number as text; NULL otherwise. */
static const char *text_of(ev_value v)
{
    return v.kind == EV_TEXT || v.kind == EV_NUMBER ? v.text : NULL;
}

static void reject(ev_reader *r, const sla_event *ev, sla_problem kind, const char *what)
{
    sla_dq_add(r->ds, r->file, ev->line, 0, kind, true, ev->raw, ev->raw_len, "%s: %s", ev->where,
               what);
    r->ds->dq.rows_with_problems++;
}

/* Turn one record's fields into an event and pass it on, or reject it;
 * f is NULL when the record is not an object. */
static void handle(ev_reader *r, const ev_value *f, sla_event *ev)
{
    r->ds->dq.rows_read++;
    r->ds->files[r->file].rows++;
    if (!f) {
        reject(r, ev, SLA_PB_MALFORMED_ROW, "expected an object");
        return;
    }
    char path[600];
    ev->lead_id = text_of(f[F_LEAD_ID]);
    ev->email = f[F_EMAIL].kind == EV_TEXT ? f[F_EMAIL].text : NULL;
    ev->score = NAN;
    ev->at = SLA_NO_TIME;
    if (!ev->lead_id && !ev->email) {
        reject(r, ev, SLA_PB_MISSING_ID, "neither lead_id nor email");
        return;
    }
    char evbuf[128];
    const char *name = f[F_EVENT].kind == EV_TEXT ? f[F_EVENT].text : NULL;
    bool implied = f[F_EVENT].kind == EV_ABSENT && r->profile->default_event;
    if (implied)
        name = r->profile->default_event;
    ev->is_mql = name && strcmp(sla_profile_value(r->profile, "event", name, evbuf, sizeof evbuf),
                                "mql") == 0;
    const char *at_text = text_of(f[F_AT]);
    if (at_text) {
        sla_time_result tr = sla_parse_time(at_text, strlen(at_text), r->profile->date_order,
                                            r->profile->tz, &ev->at);
        if (tr != SLA_TIME_OK && tr != SLA_TIME_EMPTY) {
            snprintf(path, sizeof path, ".at \"%.200s\" %s", at_text, sla_time_result_text(tr));
            reject(r, ev, SLA_PB_BAD_TIMESTAMP, path);
            return;
        }
        if (tr == SLA_TIME_EMPTY)
            ev->at = SLA_NO_TIME;
    } else if (f[F_AT].kind != EV_ABSENT && f[F_AT].kind != EV_NULL) {
        reject(r, ev, SLA_PB_BAD_TIMESTAMP, ".at: expected a timestamp string or number");
        return;
    }
    if (implied && ev->at == SLA_NO_TIME)
        ev->is_mql = false; /* a contact record that has not become an MQL (yet) */
    if (ev->is_mql && ev->at == SLA_NO_TIME) {
        reject(r, ev, SLA_PB_BAD_TIMESTAMP, ".at: an mql event needs a timestamp");
        return;
    }
    const char *score_text = text_of(f[F_SCORE]);
    if (score_text &&
        sla_parse_number(score_text, strlen(score_text), '.', &ev->score) == SLA_NUM_BAD) {
        reject(r, ev, SLA_PB_BAD_VALUE, ".score: expected a number");
        return;
    }
    r->fn(r->ctx, ev);
}

/* A record decoded by Jansson. */
static void handle_json(ev_reader *r, json_t *obj, sla_event *ev)
{
    if (!json_is_object(obj)) {
        handle(r, NULL, ev);
        return;
    }
    char num[F_COUNT][32]; /* "%lld" and "%.17g" need at most 24 */
    ev_value f[F_COUNT];
    for (int k = 0; k < F_COUNT; k++)
        f[k] = json_value(member(obj, r, k), num[k], sizeof num[k]);
    handle(r, f, ev);
}

static sla_status read_lines(ev_reader *r, FILE *f, const char *display, sla_error *err)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    long lineno = 0;
    while ((n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        size_t len = (size_t)n;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            len--;
        if (lineno == 1 && len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
            memmove(line, line + 3, len - 3);
            len -= 3;
        }
        if (sla_blank(len ? (line[len] = '\0', line) : ""))
            continue;
        const char *where = "$"; /* the line number locates the record already */
        sla_event ev = {
            .source_file = r->file, .line = lineno, .where = where, .raw = line, .raw_len = len};
        json_error_t jerr;
        json_t *obj = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
        if (!obj) {
            r->ds->dq.rows_read++;
            r->ds->files[r->file].rows++;
            char what[300];
            snprintf(what, sizeof what, "invalid JSON at column %d: %s", jerr.column, jerr.text);
            sla_dq_add(r->ds, r->file, lineno, jerr.column > 0 ? jerr.column : 0,
                       SLA_PB_MALFORMED_ROW, true, line, len, "%s", what);
            r->ds->dq.rows_with_problems++;
            continue;
        }
        handle_json(r, obj, &ev);
        json_decref(obj);
    }
    int failed = ferror(f);
    free(line);
    if (failed)
        return sla_fail(err, SLA_ERR_IO, display, lineno, 0, "read error: %s", strerror(errno));
    return SLA_OK;
}

/* The record array inside a wrapper object ({"results": [...]}), or NULL. */
static json_t *records_of(json_t *root, const sla_profile *p)
{
    for (size_t i = 0; i < p->json_record_count; i++) {
        json_t *a = json_object_get(root, p->json_records[i]);
        if (json_is_array(a))
            return a;
    }
    return NULL;
}

static sla_status read_array(ev_reader *r, FILE *f, const char *display, sla_error *err)
{
    json_error_t jerr;
    json_t *root = json_loadf(f, JSON_REJECT_DUPLICATES, &jerr);
    if (!root)
        return sla_fail(err, SLA_ERR_INPUT, display, jerr.line, jerr.column, "invalid JSON: %s",
                        jerr.text);
    json_t *arr = json_is_object(root) ? records_of(root, r->profile) : root;
    if (!json_is_array(arr)) {
        json_decref(root);
        return sla_fail(err, SLA_ERR_INPUT, display, 0, 0,
                        "$: expected an array of events (or JSON Lines)");
    }
    size_t i;
    json_t *obj;
    json_array_foreach(arr, i, obj)
    {
        char where[48];
        snprintf(where, sizeof where, "$[%zu]", i);
        char *raw = json_dumps(obj, JSON_COMPACT | JSON_ENCODE_ANY);
        sla_event ev = {.source_file = r->file,
                        .where = where,
                        .raw = raw ? raw : "",
                        .raw_len = raw ? strlen(raw) : 0};
        handle_json(r, obj, &ev);
        free(raw);
    }
    json_decref(root);
    return SLA_OK;
}

sla_status sla_events_read(const char *path, const char *display, uint32_t source_file,
                           const sla_profile *profile, sla_dataset *ds, sla_event_fn fn, void *ctx,
                           sla_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return sla_fail(err, errno == ENOENT ? SLA_ERR_INPUT : SLA_ERR_IO, display, 0, 0,
                        "cannot open: %s", strerror(errno));
    int c;
    do
        c = fgetc(f);
    while (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == 0xEF || c == 0xBB || c == 0xBF);
    ev_reader r = {profile, ds, source_file, fn, ctx, {0}};
    for (int k = 0; k < F_COUNT; k++)
        r.exact_only[k] = !sla_profile_has_aliases(profile, field_names[k]) &&
                          !sla_profile_absent(profile, field_names[k]);
    sla_status st = SLA_OK; /* an empty export: no events this month */
    if (c != EOF) {
        rewind(f);
        /* An array, or a wrapper object around one, is one document; anything
         * else is read as JSON Lines. */
        json_t *probe = c == '{' ? json_loadf(f, JSON_DISABLE_EOF_CHECK, NULL) : NULL;
        bool wrapper = probe && records_of(probe, profile);
        json_decref(probe);
        rewind(f);
        st =
            c == '[' || wrapper ? read_array(&r, f, display, err) : read_lines(&r, f, display, err);
    }
    fclose(f);
    return st;
}
