/*
 * profile.c - loading, merging and applying mapping profiles.
 *
 * The input entry's keys are laid over the profile's with Jansson's
 * recursive object update, so "an input entry may override any profile key"
 * holds for every key without a list of special cases, down to one field's
 * aliases ("columns": {"mql_at": [...]} replaces only mql_at's list); the
 * merged object is then validated once, and errors name the input's JSON path.
 * Value maps are hashed once at load: the lookup runs for every row.
 */
#include "profile.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

typedef struct sla_alias {
    char *field; /* canonical field */
    char *alias; /* normalised header */
} sla_alias;

typedef struct sla_value {
    char *key;   /* "field\x1Fnormalised export value" */
    char *canon; /* canonical value */
} sla_value;

/* Length of the quote mark at s (ASCII quotes, and the typographic ones
 * U+2018/2019/201C/201D/201E that spreadsheets substitute), or 0. */
static size_t quote_at(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] == '"' || u[0] == '\'' || u[0] == '`')
        return 1;
    if (u[0] == 0xE2 && u[1] == 0x80 &&
        (u[2] == 0x98 || u[2] == 0x99 || u[2] == 0x9C || u[2] == 0x9D || u[2] == 0x9E))
        return 3;
    return 0;
}

void sla_normalize_label(const char *s, char *buf, size_t size)
{
    size_t o = 0;
    bool space = false;
    while (*s && o + 1 < size) {
        size_t q = quote_at(s);
        if (q) {
            s += q;
            continue;
        }
        if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n' ||
            ((unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA0)) {
            space = o > 0;
            s += (unsigned char)s[0] == 0xC2 ? 2 : 1;
            continue;
        }
        if (space && o + 2 < size)
            buf[o++] = ' ';
        space = false;
        char c = *s++;
        buf[o++] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
    }
    buf[o] = '\0';
}

/* Value-map keys: the field, a separator that never occurs in a label, the value. */
static size_t value_key(const char *field, const char *value, char *buf, size_t size)
{
    size_t n = strlen(field);
    if (n + 1 >= size)
        return 0;
    memcpy(buf, field, n);
    buf[n++] = '\x1F';
    sla_normalize_label(value, buf + n, size - n);
    return n + strlen(buf + n);
}

/* Add one alias: a header for a column, or an export value for a value map
 * (then field is "field\x1Fcanonical"). */
static void add_alias(sla_profile *p, bool value, const char *field, const char *alias)
{
    char norm[512];
    if (!value) {
        p->columns = sla_xrealloc(p->columns, (p->column_count + 1) * sizeof *p->columns);
        sla_normalize_label(alias, norm, sizeof norm);
        p->columns[p->column_count++] = (sla_alias){sla_xstrdup(field), sla_xstrdup(norm)};
        return;
    }
    const char *sep = strchr(field, '\x1F');
    char name[256];
    snprintf(name, sizeof name, "%.*s", (int)(sep - field), field);
    p->values = sla_xrealloc(p->values, (p->value_count + 1) * sizeof *p->values);
    value_key(name, alias, norm, sizeof norm);
    p->values[p->value_count++] = (sla_value){sla_xstrdup(norm), sla_xstrdup(sep + 1)};
}

/* Find and parse the profile file an input names. */
static json_t *read_profile(const sla_config *cfg, const sla_input_cfg *in,
                            const char *templates_dir, sla_error *err)
{
    const char *name = in->profile ? in->profile : "canonical";
    char *path;
    if (strchr(name, '/')) {
        char *dir = sla_path_dirname(cfg->path);
        path = sla_path_join(dir, name);
        free(dir);
    } else {
        if (strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-_") != strlen(name)) {
            sla_fail(err, SLA_ERR_INPUT, cfg->path, 0, 0,
                     "%s.profile: expected a shipped profile name or a path, got \"%s\"",
                     in->json_path, name);
            return NULL;
        }
        char rel[300];
        snprintf(rel, sizeof rel, "profiles/%s.json", name);
        path = sla_path_join(templates_dir, rel);
    }
    json_error_t jerr;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        FILE *probe = fopen(path, "rb");
        if (!probe)
            sla_fail(err, SLA_ERR_INPUT, cfg->path, 0, 0, "%s.profile: no profile \"%s\" (%s)",
                     in->json_path, name, path);
        else
            sla_fail(err, SLA_ERR_INPUT, path, jerr.line, jerr.column, "invalid JSON: %s",
                     jerr.text);
        if (probe)
            fclose(probe);
    } else if (!json_is_object(root)) {
        sla_fail(err, SLA_ERR_INPUT, path, 0, 0, "$: expected a profile object");
        json_decref(root);
        root = NULL;
    }
    free(path);
    return root;
}

/* A string key with one of the allowed values; returns its index, or -1 with err set. */
static int choice(json_t *o, const char *key, const char *const *allowed, int n, int def,
                  const char *where, const char *cfg_path, sla_error *err)
{
    json_t *v = json_object_get(o, key);
    if (!v || json_is_null(v))
        return def;
    for (int i = 0; i < n; i++)
        if (json_is_string(v) && strcmp(json_string_value(v), allowed[i]) == 0)
            return i;
    sla_buf b = {0};
    for (int i = 0; i < n; i++)
        sla_buf_printf(&b, "%s\"%s\"", i ? " | " : "", allowed[i]);
    sla_fail(err, SLA_ERR_INPUT, cfg_path, 0, 0, "%s.%s: expected %s", where, key, b.data);
    sla_buf_free(&b);
    return -1;
}

/* A list of strings or one string, for column and value aliases. */
static bool alias_list(sla_profile *p, bool value, json_t *v, const char *field)
{
    if (json_is_string(v)) {
        add_alias(p, value, field, json_string_value(v));
        return true;
    }
    if (!json_is_array(v))
        return false;
    size_t i;
    json_t *a;
    json_array_foreach(v, i, a)
    {
        if (!json_is_string(a))
            return false;
        add_alias(p, value, field, json_string_value(a));
    }
    return true;
}

/* A list of strings (JSON record wrappers, nested objects); def when absent. */
static bool string_list(json_t *v, const char *const *def, char ***out, size_t *count)
{
    if (!v) {
        for (; *def; def++) {
            *out = sla_xrealloc(*out, (*count + 1) * sizeof **out);
            (*out)[(*count)++] = sla_xstrdup(*def);
        }
        return true;
    }
    if (!json_is_array(v))
        return false;
    size_t i;
    json_t *a;
    json_array_foreach(v, i, a)
    {
        if (!json_is_string(a))
            return false;
        *out = sla_xrealloc(*out, (*count + 1) * sizeof **out);
        (*out)[(*count)++] = sla_xstrdup(json_string_value(a));
    }
    return true;
}

static sla_status apply(sla_profile *p, json_t *o, const sla_config *cfg, const char *where,
                        sla_error *err)
{
    static const char *enc[] = {"auto", "utf-8", "windows-1250"};
    static const char *delim[] = {"auto", ",", ";", "\t", "|"};
    static const char *dec[] = {".", ",", "auto"};
    static const char *order[] = {"auto", "ymd", "dmy", "mdy"};
    int e = choice(o, "encoding", enc, 3, 0, where, cfg->path, err);
    int d = choice(o, "delimiter", delim, 5, 0, where, cfg->path, err);
    int m = choice(o, "decimal", dec, 3, 0, where, cfg->path, err);
    int r = choice(o, "date_order", order, 4, 0, where, cfg->path, err);
    if (e < 0 || d < 0 || m < 0 || r < 0)
        return SLA_ERR_INPUT;
    p->encoding = (sla_csv_encoding)e;
    p->delimiter = d == 0 ? 0 : delim[d][0];
    p->decimal = m == 2 ? 0 : dec[m][0];
    p->date_order = (sla_date_order)r;
    json_t *tz = json_object_get(o, "timezone");
    p->tz = cfg->tz;
    if (tz && !json_is_null(tz)) {
        sla_error tzerr = {0};
        if (!json_is_string(tz) || sla_tz_load(json_string_value(tz), &p->own_tz, &tzerr)) {
            return sla_fail(err, SLA_ERR_INPUT, cfg->path, 0, 0, "%s.timezone: %s", where,
                            json_is_string(tz) ? tzerr.text : "expected an IANA zone name or null");
        }
        p->tz = p->own_tz;
    }
    json_t *cols = json_object_get(o, "columns");
    if (cols && !json_is_object(cols))
        return sla_fail(err, SLA_ERR_INPUT, cfg->path, 0, 0, "%s.columns: expected an object",
                        where);
    const char *field;
    json_t *v;
    json_object_foreach(cols, field, v)
    {
        if (json_is_null(v) || (json_is_array(v) && json_array_size(v) == 0)) {
            p->absent = sla_xrealloc(p->absent, (p->absent_count + 1) * sizeof *p->absent);
            p->absent[p->absent_count++] = sla_xstrdup(field);
            continue;
        }
        if (!alias_list(p, false, v, field))
            return sla_fail(err, SLA_ERR_INPUT, cfg->path, 0, 0,
                            "%s.columns.%s: expected a list of header names", where, field);
    }
    json_t *vals = json_object_get(o, "values");
    if (vals && !json_is_object(vals))
        return sla_fail(err, SLA_ERR_INPUT, cfg->path, 0, 0, "%s.values: expected an object",
                        where);
    json_object_foreach(vals, field, v)
    {
        const char *canon;
        json_t *aliases;
        if (!json_is_object(v))
            return sla_fail(err, SLA_ERR_INPUT, cfg->path, 0, 0,
                            "%s.values.%s: expected an object of canonical value → list", where,
                            field);
        json_object_foreach(v, canon, aliases)
        {
            char key[256];
            snprintf(key, sizeof key, "%s\x1F%s", field, canon);
            if (!alias_list(p, true, aliases, key))
                return sla_fail(err, SLA_ERR_INPUT, cfg->path, 0, 0,
                                "%s.values.%s.%s: expected a list of export values", where, field,
                                canon);
        }
    }
    p->value_index = sla_map_new(p->value_count);
    for (size_t i = 0; i < p->value_count; i++) /* the first mapping of a value wins */
        sla_map_put(p->value_index, p->values[i].key, strlen(p->values[i].key), (long)i);
    static const char *const records[] = {"results", "events", NULL}, *const none[] = {NULL};
    if (!string_list(json_object_get(o, "json_records"), records, &p->json_records,
                     &p->json_record_count) ||
        !string_list(json_object_get(o, "json_nested"), none, &p->json_nested,
                     &p->json_nested_count))
        return sla_fail(err, SLA_ERR_INPUT, cfg->path, 0, 0,
                        "%s.json_records / json_nested: expected a list of member names", where);
    json_t *ev = json_object_get(o, "default_event");
    if (ev && !json_is_null(ev) && !json_is_string(ev))
        return sla_fail(err, SLA_ERR_INPUT, cfg->path, 0, 0,
                        "%s.default_event: expected an event name or null", where);
    if (json_is_string(ev))
        p->default_event = sla_xstrdup(json_string_value(ev));
    return SLA_OK;
}

sla_status sla_profile_load(const sla_config *cfg, const sla_input_cfg *in,
                            const char *templates_dir, sla_profile **out, sla_error *err)
{
    *out = NULL;
    json_t *base = read_profile(cfg, in, templates_dir, err);
    if (!base)
        return err->status ? err->status : SLA_ERR_INPUT;
    /* The entry's own keys win; its "path" and "profile" are not profile keys. */
    json_t *merged = json_deep_copy(base);
    json_t *entry = json_deep_copy((json_t *)in->entry);
    json_object_del(entry, "path");
    json_object_del(entry, "profile");
    json_object_update_recursive(merged, entry);
    json_decref(entry);
    json_decref(base);
    sla_profile *p = sla_xcalloc(1, sizeof *p);
    json_t *name = json_object_get(merged, "name");
    p->name = sla_xstrdup(json_is_string(name) ? json_string_value(name)
                          : in->profile        ? in->profile
                                               : "canonical");
    sla_status st = apply(p, merged, cfg, in->json_path, err);
    json_decref(merged);
    if (st) {
        sla_profile_free(p);
        return st;
    }
    *out = p;
    return SLA_OK;
}

static void free_strings(char **list, size_t count)
{
    for (size_t i = 0; i < count; i++)
        free(list[i]);
    free(list);
}

void sla_profile_free(sla_profile *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->column_count; i++) {
        free(p->columns[i].field);
        free(p->columns[i].alias);
    }
    for (size_t i = 0; i < p->value_count; i++) {
        free(p->values[i].key);
        free(p->values[i].canon);
    }
    free(p->columns);
    free(p->values);
    sla_map_free(p->value_index);
    free_strings(p->absent, p->absent_count);
    free_strings(p->json_records, p->json_record_count);
    free_strings(p->json_nested, p->json_nested_count);
    free(p->default_event);
    sla_tz_free(p->own_tz);
    free(p->name);
    free(p);
}

size_t sla_profile_columns(const sla_profile *p, const char *field, const char *const *headers,
                           size_t count, long *out, size_t max)
{
    if (sla_profile_absent(p, field) || max == 0)
        return 0;
    size_t n = 0;
    char norm[512];
    /* Aliases in profile order, so a profile can prefer one header over another;
     * the canonical name itself last. */
    for (size_t a = 0; a <= p->column_count && n < max; a++) {
        if (a < p->column_count && strcmp(p->columns[a].field, field) != 0)
            continue;
        const char *want = a < p->column_count ? p->columns[a].alias : field;
        for (size_t i = 0; i < count && n < max; i++) {
            sla_normalize_label(headers[i], norm, sizeof norm);
            bool dup = false;
            for (size_t k = 0; k < n; k++)
                dup = dup || out[k] == (long)i;
            if (!dup && strcmp(norm, want) == 0)
                out[n++] = (long)i;
        }
    }
    return n;
}

long sla_profile_column(const sla_profile *p, const char *field, const char *const *headers,
                        size_t count)
{
    long i;
    return sla_profile_columns(p, field, headers, count, &i, 1) ? i : -1;
}

bool sla_profile_has_aliases(const sla_profile *p, const char *field)
{
    for (size_t a = 0; a < p->column_count; a++)
        if (strcmp(p->columns[a].field, field) == 0)
            return true;
    return false;
}

bool sla_profile_absent(const sla_profile *p, const char *field)
{
    for (size_t i = 0; i < p->absent_count; i++)
        if (strcmp(p->absent[i], field) == 0)
            return true;
    return false;
}

const char *sla_profile_value(const sla_profile *p, const char *field, const char *value, char *buf,
                              size_t size)
{
    char key[512];
    size_t n = value_key(field, value, key, sizeof key);
    long i = n ? sla_map_get(p->value_index, key, n) : -1;
    if (i >= 0)
        sla_copy(buf, size, p->values[i].canon);
    else
        sla_normalize_label(value, buf, size);
    return buf;
}
