/*
 * ingest_json.c - see ingest_json.h.
 *
 * JSON Lines are parsed one line at a time, so a broken line is one rejected
 * record with its line number, not a failed run; a flat one-object line is
 * scanned by hand (see scan_record()), any other by Jansson. A JSON array is
 * parsed whole and its elements reported by index.
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
#include "keyindex.h"
#include "parse.h"
#include "pipe.h"
#include "profile.h"
#include "util.h"

/* The fields a record is read for, by canonical name. */
enum { F_LEAD_ID, F_EMAIL, F_EVENT, F_AT, F_SCORE, F_COUNT };
static const char *const field_names[F_COUNT] = {"lead_id", "email", "event", "at", "score"};

struct ev_chunk;

typedef struct ev_reader {
    const sla_profile *profile;
    sla_dataset *ds;
    uint32_t file;
    sla_event_fn fn, ahead;
    void *ctx;
    /* Pipelined (JSON Lines decoded on two threads): outcomes are queued
     * into this chunk for the using thread, and the dataset is not touched. */
    struct ev_chunk *out;
    size_t line_index; /* the line being decoded, in its batch */
    /* Per field: no aliases and not declared absent, so a member of exactly
     * the field's name is the one (decided once, not per record). */
    bool exact_only[F_COUNT];
    bool fast;       /* JSON Lines: try scan_record() before Jansson */
    long fast_lines; /* lines scan_record() decoded */
    char *scratch;   /* the line being scanned, cut into NUL-terminated tokens */
    size_t scratch_cap;
    /* Event names seen and whether each means "mql": sla_profile_value()
     * formats and normalises on every call, and an export uses a handful. */
    struct {
        char name[32];
        bool mql;
    } names[8];
    size_t name_count;
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

/* ---- what reading a record comes to ----
 * Every record read is one row: a usable event passed to fn, or a rejected
 * row. Read on the calling thread, both go to the dataset at once;
 * pipelined, they are queued in order and replayed by the using thread. */

#define NO_TEXT SIZE_MAX

typedef struct ev_item {
    bool rejected;
    bool is_mql;
    sla_problem kind; /* rejected */
    long line, column;
    int64_t at;
    double score;
    size_t raw_line;               /* the line's index in its batch */
    uint64_t lead_hash;            /* of lead_id, worked out while decoding */
    size_t lead_id, email, reason; /* offsets into the chunk's text, or NO_TEXT */
} ev_item;

/* The outcomes of a run of lines, in line order, with their texts. */
typedef struct ev_chunk {
    ev_item *items;
    size_t count, cap;
    sla_buf text;
} ev_chunk;

static size_t queue_text(ev_chunk *c, const char *s, size_t n)
{
    if (!s)
        return NO_TEXT;
    size_t at = c->text.len;
    sla_buf_append(&c->text, s, n);
    sla_buf_append(&c->text, "", 1);
    return at;
}

/* A new outcome in the chunk being decoded. */
static ev_item *queue_item(ev_reader *r, const sla_event *ev)
{
    ev_chunk *c = r->out;
    sla_grow((void **)&c->items, &c->cap, c->count + 1, sizeof(ev_item));
    ev_item *it = &c->items[c->count++];
    memset(it, 0, sizeof *it);
    it->line = ev->line;
    it->raw_line = r->line_index;
    return it;
}

static void count_row(sla_dataset *ds, uint32_t file)
{
    ds->dq.rows_read++;
    ds->files[file].rows++;
}

static void reject_row(sla_dataset *ds, uint32_t file, long line, long column, sla_problem kind,
                       const char *raw, size_t raw_len, const char *reason)
{
    count_row(ds, file);
    sla_dq_add(ds, file, line, column, kind, true, raw, raw_len, "%s", reason);
    ds->dq.rows_with_problems++;
}

/* The record ev is rejected: reason says why (column: 1-based, 0 = none). */
static void reject_at(ev_reader *r, const sla_event *ev, long column, sla_problem kind,
                      const char *reason)
{
    if (!r->out) {
        reject_row(r->ds, r->file, ev->line, column, kind, ev->raw, ev->raw_len, reason);
        return;
    }
    ev_item *it = queue_item(r, ev);
    it->rejected = true;
    it->kind = kind;
    it->column = column;
    it->reason = queue_text(r->out, reason, strlen(reason));
}

static void reject(ev_reader *r, const sla_event *ev, sla_problem kind, const char *what)
{
    char reason[700];
    snprintf(reason, sizeof reason, "%s: %s", ev->where, what);
    reject_at(r, ev, 0, kind, reason);
}

/* The record is a usable event. */
static void deliver(ev_reader *r, const sla_event *ev)
{
    if (!r->out) {
        count_row(r->ds, r->file);
        r->fn(r->ctx, ev);
        return;
    }
    ev_item *it = queue_item(r, ev);
    it->is_mql = ev->is_mql;
    it->at = ev->at;
    it->score = ev->score;
    size_t id_len = ev->lead_id ? strlen(ev->lead_id) : 0;
    it->lead_id = queue_text(r->out, ev->lead_id, id_len);
    it->lead_hash = id_len ? sla_key_hash(ev->lead_id, id_len) : 0;
    it->email = queue_text(r->out, ev->email, ev->email ? strlen(ev->email) : 0);
}

/* Whether an event name means "mql" under the profile. */
static bool is_mql_name(ev_reader *r, const char *name)
{
    const size_t cap = sizeof r->names / sizeof *r->names;
    for (size_t i = 0; i < r->name_count; i++)
        if (strcmp(r->names[i].name, name) == 0)
            return r->names[i].mql;
    char buf[128];
    bool mql = strcmp(sla_profile_value(r->profile, "event", name, buf, sizeof buf), "mql") == 0;
    if (r->name_count < cap && strlen(name) < sizeof r->names[0].name) {
        strcpy(r->names[r->name_count].name, name);
        r->names[r->name_count++].mql = mql;
    }
    return mql;
}

/* Turn one record's fields into an event and pass it on, or reject it;
 * f is NULL when the record is not an object. */
static void handle(ev_reader *r, const ev_value *f, sla_event *ev)
{
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
    const char *name = f[F_EVENT].kind == EV_TEXT ? f[F_EVENT].text : NULL;
    bool implied = f[F_EVENT].kind == EV_ABSENT && r->profile->default_event;
    if (implied)
        name = r->profile->default_event;
    ev->is_mql = name && is_mql_name(r, name);
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
    deliver(r, ev);
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

/*
 * The JSON Lines fast path. Decoding a short line with Jansson (a hash table
 * per object, a string per key and value) costs several times more than
 * reading it, so the common line, one flat object, is scanned by hand. The
 * scanner takes only what it can decode exactly as Jansson would, and says
 * no to anything else, so correctness never rests on it: that line goes to
 * Jansson. It declines an object with more than FLAT_MAX members, a nested
 * object or array, a \u escape, an escaped key, a number that is not a plain
 * integer of at most 18 digits (a fraction, an exponent, -0, a leading zero),
 * invalid UTF-8, a control character, a duplicate key (Jansson rejects the
 * line), and whatever is not JSON. Simple escapes (\" \\ \/ \b \f \n \r \t)
 * are accepted in strings the record is not read for (a campaign name) and
 * decline the line only when a field needs the decoded string.
 *
 * A flat object has no member objects, so the profile's nested objects and
 * {"value": x} boxes, which member() looks into, cannot apply to it.
 */
enum { FLAT_MAX = 64 };

typedef struct flat_record {
    size_t n;
    const char *keys[FLAT_MAX]; /* NUL-terminated in the scratch copy */
    size_t key_len[FLAT_MAX];
    ev_value vals[FLAT_MAX];
    bool escaped[FLAT_MAX]; /* a string whose text still holds its escapes */
} flat_record;

static bool json_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r'; /* Jansson's set */
}

static char *skip_space(char *p)
{
    while (json_space(*p))
        p++;
    return p;
}

/* Eight bytes as a little-endian word, whatever the host: byte i of the
 * string is bits 8i..8i+7 (compilers make this one load). */
static uint64_t load_le(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;
    return (uint64_t)u[0] | (uint64_t)u[1] << 8 | (uint64_t)u[2] << 16 | (uint64_t)u[3] << 24 |
           (uint64_t)u[4] << 32 | (uint64_t)u[5] << 40 | (uint64_t)u[6] << 48 |
           (uint64_t)u[7] << 56;
}

/* Bit 7 set on each byte of w (eight bytes of a string) that needs a look:
 * a quote, a backslash, a control character (the line's NUL too) or
 * non-ASCII. A borrow may also flag a byte after a flagged one, never
 * before, so the lowest flag is always a true one. */
static uint64_t look_mask(uint64_t w)
{
    const uint64_t ones = 0x0101010101010101u, high = 0x8080808080808080u;
    uint64_t q = w ^ (ones * '"'), b = w ^ (ones * '\\');
    return (((q - ones) & ~q) | ((b - ones) & ~b) | (w - ones * 0x20) | w) & high;
}

/* The closing quote of the string whose text starts at p, or NULL when the
 * scanner declines it; *escaped tells whether it holds an escape. Reads up
 * to 7 bytes past the line's NUL (the scratch copy is padded). */
static char *scan_string(char *p, bool *escaped)
{
    const char *start = p;
    bool high = false;
    for (;;) {
        uint64_t mask = look_mask(load_le(p));
        if (!mask) {
            p += 8;
            continue;
        }
        p += __builtin_ctzll(mask) / 8;
        unsigned char c = (unsigned char)*p;
        if (c == '"')
            break;
        if (c == '\\') {
            if (!p[1] || !strchr("\"\\/bfnrt", p[1]))
                return NULL;
            *escaped = true;
            p += 2;
        } else if (c < 0x20) { /* a control character, or the end of the line */
            return NULL;
        } else {
            high = true;
            p++;
        }
    }
    /* Jansson checks UTF-8 the same way: no overlongs, surrogates or > U+10FFFF. */
    return high && !sla_utf8_valid(start, (size_t)(p - start)) ? NULL : p;
}

/* The end of the integer at p, or NULL when it is not one the scanner takes:
 * at most 18 digits cannot overflow Jansson's json_int_t, and the digits are
 * then the text json_value() would print. */
static char *scan_integer(char *p)
{
    bool minus = *p == '-';
    char *digits = p + minus, *q = digits;
    while (*q >= '0' && *q <= '9')
        q++;
    size_t n = (size_t)(q - digits);
    if (n == 0 || n > 18 || (digits[0] == '0' && (n > 1 || minus)) || *q == '.' || *q == 'e' ||
        *q == 'E')
        return NULL;
    return q;
}

/* Scan s (len bytes, NUL-terminated, modified in place) into o; false when
 * the line needs Jansson. */
static bool scan_record(char *s, size_t len, flat_record *o)
{
    o->n = 0;
    char *p = skip_space(s);
    if (*p++ != '{')
        return false;
    p = skip_space(p);
    if (*p == '}')
        return skip_space(p + 1) == s + len;
    for (;;) {
        if (o->n == FLAT_MAX || *p != '"')
            return false;
        size_t i = o->n++;
        bool escaped = false;
        char *key = p + 1, *end = scan_string(key, &escaped);
        if (!end || escaped)
            return false;
        *end = '\0';
        o->keys[i] = key;
        o->key_len[i] = (size_t)(end - key);
        for (size_t k = 0; k < i; k++)
            if (o->key_len[k] == o->key_len[i] && o->keys[k][0] == key[0] &&
                memcmp(o->keys[k], key, o->key_len[i]) == 0)
                return false; /* a duplicate key: rejected, in Jansson's words */
        p = skip_space(end + 1);
        if (*p++ != ':')
            return false;
        p = skip_space(p);
        o->escaped[i] = false;
        char *after;
        if (*p == '"') {
            o->vals[i] = (ev_value){EV_TEXT, p + 1};
            end = scan_string(p + 1, &o->escaped[i]);
            after = end ? end + 1 : NULL;
        } else if (*p == '-' || (*p >= '0' && *p <= '9')) {
            o->vals[i] = (ev_value){EV_NUMBER, p};
            after = end = scan_integer(p);
        } else if (strncmp(p, "true", 4) == 0 || strncmp(p, "null", 4) == 0) {
            o->vals[i] = (ev_value){*p == 'n' ? EV_NULL : EV_OTHER, NULL};
            after = end = p + 4;
        } else if (strncmp(p, "false", 5) == 0) {
            o->vals[i] = (ev_value){EV_OTHER, NULL};
            after = end = p + 5;
        } else {
            return false;
        }
        if (!after)
            return false;
        p = skip_space(after);
        char next = *p++;
        *end = '\0'; /* after reading next: a number may end right at it */
        if (next == '}')
            return skip_space(p) == s + len;
        if (next != ',')
            return false;
        p = skip_space(p);
    }
}

/* The member that carries field f, as member_in() chooses it, or -1. */
static long flat_member(const ev_reader *r, const flat_record *o, int f)
{
    if (r->exact_only[f]) {
        const char *name = field_names[f];
        for (size_t i = 0; i < o->n; i++)
            if (o->keys[i][0] == name[0] && strcmp(o->keys[i], name) == 0)
                return (long)i;
    }
    return sla_profile_column(r->profile, field_names[f], o->keys, o->n);
}

/* Handle one line with the scanner; false when it needs Jansson. */
static bool handle_flat(ev_reader *r, const char *line, size_t len, sla_event *ev)
{
    size_t need = len + 8; /* the NUL, and zeros for scan_string()'s last word */
    if (need > r->scratch_cap) {
        r->scratch_cap = need > 2 * r->scratch_cap ? need : 2 * r->scratch_cap;
        r->scratch = sla_xrealloc(r->scratch, r->scratch_cap);
    }
    memcpy(r->scratch, line, len);
    memset(r->scratch + len, 0, 8);
    flat_record o;
    if (!scan_record(r->scratch, len, &o))
        return false;
    ev_value f[F_COUNT];
    for (int k = 0; k < F_COUNT; k++) {
        long i = flat_member(r, &o, k);
        if (i >= 0 && o.escaped[i])
            return false; /* the field needs the decoded string */
        f[k] = i >= 0 ? o.vals[i] : (ev_value){EV_ABSENT, NULL};
    }
    r->fast_lines++;
    handle(r, f, ev);
    return true;
}

/* JSON Lines are cut from 1 MiB blocks: getline() copies every line out of
 * a 4 KiB stdio buffer and costs a call per line. */
typedef struct line_source {
    FILE *f;
    char *buf;
    size_t cap, pos, end; /* unread: buf[pos, end); buf[end] is always there */
} line_source;

/* The next line without its '\n', NUL-terminated in place (it may hold NULs
 * itself); NULL at the end of the file or on a read error (see ferror). */
static char *next_line(line_source *s, size_t *len)
{
    char *nl;
    while (!(nl = memchr(s->buf + s->pos, '\n', s->end - s->pos))) {
        memmove(s->buf, s->buf + s->pos, s->end - s->pos);
        s->end -= s->pos;
        s->pos = 0;
        if (s->end + 1 == s->cap) /* one line fills the block */
            s->buf = sla_xrealloc(s->buf, s->cap *= 2);
        size_t got = fread(s->buf + s->end, 1, s->cap - 1 - s->end, s->f);
        if (got == 0) {
            if (s->end == 0)
                return NULL;
            nl = s->buf + s->end++; /* the last line, without a line break */
            break;
        }
        s->end += got;
    }
    char *line = s->buf + s->pos;
    *nl = '\0';
    *len = (size_t)(nl - line);
    s->pos = (size_t)(nl - s->buf) + 1;
    return line;
}

/* The next record line: CR and a first line's BOM cut off, NUL-terminated,
 * blank lines skipped; NULL at the end (or on a read error, see ferror). */
static char *next_record_line(line_source *src, size_t *len, long *lineno)
{
    for (char *line; (line = next_line(src, len));) {
        ++*lineno;
        while (*len > 0 && line[*len - 1] == '\r')
            --*len;
        if (*lineno == 1 && *len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
            line += 3;
            *len -= 3;
        }
        line[*len] = '\0';
        if (!sla_blank(line))
            return line;
    }
    return NULL;
}

/* One record line: to fn, or rejected (queued when r->out is set). */
static void decode_line(ev_reader *r, const char *line, size_t len, long lineno)
{
    const char *where = "$"; /* the line number locates the record already */
    sla_event ev = {
        .source_file = r->file, .line = lineno, .where = where, .raw = line, .raw_len = len};
    if (r->fast && handle_flat(r, line, len, &ev))
        return;
    json_error_t jerr;
    json_t *obj = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
    if (!obj) {
        char what[300];
        snprintf(what, sizeof what, "invalid JSON at column %d: %s", jerr.column, jerr.text);
        reject_at(r, &ev, jerr.column > 0 ? jerr.column : 0, SLA_PB_MALFORMED_ROW, what);
        return;
    }
    handle_json(r, obj, &ev);
    json_decref(obj);
}

enum { BLOCK = 1 << 20 };

static sla_status read_failed(FILE *f, const char *display, long lineno, sla_error *err)
{
    return ferror(f) ? sla_fail(err, SLA_ERR_IO, display, lineno, 0, "read error: %s",
                                strerror(errno))
                     : SLA_OK;
}

static sla_status read_lines(ev_reader *r, FILE *f, const char *display, sla_error *err)
{
    line_source src = {f, sla_xmalloc(BLOCK), BLOCK, 0, 0};
    char *line;
    size_t len;
    long lineno = 0;
    while ((line = next_record_line(&src, &len, &lineno)))
        decode_line(r, line, len, lineno);
    free(src.buf);
    return read_failed(f, display, lineno, err);
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

/* ---- JSON Lines on two threads ----
 * A reading thread cuts the file into batches of lines (pipe.h); both
 * threads then claim chunks of a published batch and decode them, each with
 * its own decoder (scratch copy, event-name cache), into the chunk's
 * outcomes. The calling thread replays a batch's chunks in order once all
 * are decoded, so the dataset sees exactly what a one-thread read gives it.
 * Decoding costs more than joining an event to its lead, so without the
 * sharing the calling thread would wait half the time. */

enum { EV_BATCH_LINES = 1024, EV_BATCH_BYTES = 1 << 19, EV_CHUNK_LINES = 64 };
enum { EV_CHUNKS = EV_BATCH_LINES / EV_CHUNK_LINES };

typedef struct ev_batch {
    sla_buf text; /* the lines, each NUL-terminated */
    size_t line_at[EV_BATCH_LINES], line_len[EV_BATCH_LINES];
    long lineno[EV_BATCH_LINES];
    size_t count;
    ev_chunk chunks[EV_CHUNKS]; /* the outcomes of lines [k * EV_CHUNK_LINES, ...) */
    sla_chunks decoding;        /* claimed by either thread */
} ev_batch;

/* Claim and decode chunks of a published batch until none is left. */
static void decode_chunks(ev_reader *r, ev_batch *b)
{
    for (size_t k; sla_chunks_claim(&b->decoding, &k);) {
        ev_chunk *c = &b->chunks[k];
        c->count = 0;
        sla_buf_reset(&c->text);
        r->out = c;
        size_t end = (k + 1) * EV_CHUNK_LINES < b->count ? (k + 1) * EV_CHUNK_LINES : b->count;
        for (size_t i = k * EV_CHUNK_LINES; i < end; i++) {
            r->line_index = i;
            decode_line(r, b->text.data + b->line_at[i], b->line_len[i], b->lineno[i]);
        }
        r->out = NULL;
        sla_chunks_done(&b->decoding);
    }
}

/* A decoded line as fn sees it (a rejected one: its line and text). */
static sla_event replayed_event(const ev_reader *r, const ev_batch *b, const ev_chunk *c,
                                const ev_item *it)
{
    const char *t = c->text.data;
    return (sla_event){.lead_id = it->lead_id == NO_TEXT ? NULL : t + it->lead_id,
                       .email = it->email == NO_TEXT ? NULL : t + it->email,
                       .is_mql = it->is_mql,
                       .at = it->at,
                       .score = it->score,
                       .source_file = r->file,
                       .line = it->line,
                       .where = "$",
                       .raw = b->text.data + b->line_at[it->raw_line],
                       .raw_len = b->line_len[it->raw_line],
                       .lead_hash = it->lead_hash};
}

/* Events shown to r->ahead before fn sees them. */
#define EV_AHEAD 8

/* The calling thread: one decoded batch's outcomes, in order. */
static void replay_events(ev_reader *r, const ev_batch *b)
{
    for (size_t k = 0; k < b->decoding.count; k++) {
        const ev_chunk *c = &b->chunks[k];
        for (size_t i = 0; i < c->count; i++) {
            const ev_item *it = &c->items[i];
            if (r->ahead && i + EV_AHEAD < c->count && !c->items[i + EV_AHEAD].rejected) {
                sla_event next = replayed_event(r, b, c, &c->items[i + EV_AHEAD]);
                r->ahead(r->ctx, &next);
            }
            sla_event ev = replayed_event(r, b, c, it);
            if (it->rejected) {
                reject_row(r->ds, r->file, it->line, it->column, it->kind, ev.raw, ev.raw_len,
                           c->text.data + it->reason);
                continue;
            }
            count_row(r->ds, r->file);
            r->fn(r->ctx, &ev);
        }
    }
}

typedef struct pipelined_lines {
    sla_pipe *pipe;
    ev_reader r; /* the reading thread's decoder */
    FILE *f;
    const char *display;
    sla_error err;
    sla_status st;
} pipelined_lines;

/* The reading thread: hand a batch over, then help decode it if the using
 * thread is behind. */
static void publish_lines(pipelined_lines *pl, ev_batch *b)
{
    sla_chunks_reset(&b->decoding, (b->count + EV_CHUNK_LINES - 1) / EV_CHUNK_LINES);
    sla_pipe_publish(pl->pipe);
    if (sla_pipe_behind(pl->pipe))
        decode_chunks(&pl->r, b);
}

static void read_lines_into_batches(sla_pipe *pipe, void *arg)
{
    pipelined_lines *pl = arg;
    pl->pipe = pipe;
    line_source src = {pl->f, sla_xmalloc(BLOCK), BLOCK, 0, 0};
    ev_batch *b = NULL;
    char *line;
    size_t len;
    long lineno = 0;
    while ((line = next_record_line(&src, &len, &lineno))) {
        if (!b) {
            if (!(b = sla_pipe_fill(pipe)))
                break;
            b->count = 0;
            sla_buf_reset(&b->text);
        }
        b->line_at[b->count] = b->text.len;
        b->line_len[b->count] = len;
        b->lineno[b->count++] = lineno;
        sla_buf_append(&b->text, line, len + 1);
        if (b->count == EV_BATCH_LINES || b->text.len >= EV_BATCH_BYTES) {
            publish_lines(pl, b);
            b = NULL;
        }
    }
    if (b) /* the last, partly filled batch */
        publish_lines(pl, b);
    free(src.buf);
    pl->st = read_failed(pl->f, pl->display, lineno, &pl->err);
}

/* A decoder of the same file for another thread: its own scratch and cache. */
static ev_reader decoder_of(const ev_reader *r)
{
    ev_reader d = *r;
    d.scratch = NULL;
    d.scratch_cap = 0;
    d.name_count = 0;
    d.fast_lines = 0;
    return d;
}

static sla_status read_lines_pipelined(ev_reader *r, FILE *f, const char *display,
                                       sla_error *err)
{
    ev_batch *ring = sla_xcalloc(SLA_PIPE_RING, sizeof *ring);
    void *batches[SLA_PIPE_RING];
    for (int i = 0; i < SLA_PIPE_RING; i++)
        batches[i] = &ring[i];
    pipelined_lines pl = {.r = decoder_of(r), .f = f, .display = display};
    sla_pipe *pipe = sla_pipe_start(batches, read_lines_into_batches, &pl);
    if (!pipe) {
        free(ring);
        return read_lines(r, f, display, err);
    }
    ev_reader helper = decoder_of(r);
    for (ev_batch *b; (b = sla_pipe_take(pipe));) {
        decode_chunks(&helper, b);
        sla_chunks_wait(&b->decoding);
        replay_events(r, b);
        sla_pipe_give_back(pipe, false);
    }
    sla_pipe_join(pipe);
    r->fast_lines = pl.r.fast_lines + helper.fast_lines;
    free(pl.r.scratch);
    free(helper.scratch);
    for (int i = 0; i < SLA_PIPE_RING; i++) {
        for (int k = 0; k < EV_CHUNKS; k++) {
            free(ring[i].chunks[k].items);
            sla_buf_free(&ring[i].chunks[k].text);
        }
        sla_buf_free(&ring[i].text);
    }
    free(ring);
    if (pl.st != SLA_OK)
        *err = pl.err;
    return pl.st;
}

sla_status sla_events_read_with(const char *path, const char *display, uint32_t source_file,
                                const sla_profile *profile, sla_dataset *ds, sla_event_fn fn,
                                sla_event_fn ahead, void *ctx, bool fast, bool pipelined,
                                long *fast_lines, sla_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return sla_fail(err, errno == ENOENT ? SLA_ERR_INPUT : SLA_ERR_IO, display, 0, 0,
                        "cannot open: %s", strerror(errno));
    int c;
    do
        c = fgetc(f);
    while (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == 0xEF || c == 0xBB || c == 0xBF);
    ev_reader r = {.profile = profile,
                   .ds = ds,
                   .file = source_file,
                   .fn = fn,
                   .ahead = ahead,
                   .ctx = ctx,
                   .fast = fast};
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
        if (c == '[' || wrapper)
            st = read_array(&r, f, display, err);
        else if (pipelined)
            st = read_lines_pipelined(&r, f, display, err);
        else
            st = read_lines(&r, f, display, err);
    }
    fclose(f);
    free(r.scratch);
    if (fast_lines)
        *fast_lines = r.fast_lines;
    return st;
}

sla_status sla_events_read(const char *path, const char *display, uint32_t source_file,
                           const sla_profile *profile, sla_dataset *ds, sla_event_fn fn,
                           sla_event_fn ahead, void *ctx, sla_error *err)
{
    return sla_events_read_with(path, display, source_file, profile, ds, fn, ahead, ctx, true,
                                sla_jobs() > 1, NULL, err);
}
