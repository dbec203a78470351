/*
 * config.c - the JSON config (SPEC §3) and the roster it names.
 *
 * Validation is strict and early: every key is checked for type and range
 * before any input is read, and an error names the JSON path and what was
 * expected, so a cron run fails in the first second with a message a person
 * can act on. Unknown keys are allowed (the SPEC lets the format grow).
 */
#include "config.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest_csv.h"
#include "util.h"

typedef struct loader {
    sla_config *cfg;
    sla_error *err;
    const char *source; /* the config file, as given */
} loader;

static sla_status bad(loader *L, const char *path, const char *expected)
{
    return sla_fail(L->err, SLA_ERR_INPUT, L->source, 0, 0, "%s: expected %s", path, expected);
}

/* A string member; NULL when absent and not required. */
static sla_status get_string(loader *L, json_t *obj, const char *key, const char *path,
                             bool required, char **out)
{
    json_t *v = json_object_get(obj, key);
    *out = NULL;
    if (!v || json_is_null(v))
        return required ? bad(L, path, "a string") : SLA_OK;
    if (!json_is_string(v) || json_string_length(v) == 0 ||
        strlen(json_string_value(v)) != json_string_length(v))
        return bad(L, path, "a non-empty string");
    *out = sla_xstrdup(json_string_value(v));
    return SLA_OK;
}

static sla_status get_positive_int(loader *L, json_t *obj, const char *key, const char *path,
                                   int *out)
{
    json_t *v = json_object_get(obj, key);
    if (!json_is_integer(v) || json_integer_value(v) <= 0 || json_integer_value(v) > 1000000)
        return bad(L, path, "a positive integer");
    *out = (int)json_integer_value(v);
    return SLA_OK;
}

/* A number in [lo, hi]; def when absent. */
static sla_status get_number(loader *L, json_t *obj, const char *key, const char *path, double lo,
                             double hi, double def, const char *expected, double *out)
{
    json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v)) {
        *out = def;
        return SLA_OK;
    }
    if (!json_is_number(v) || json_number_value(v) < lo || json_number_value(v) > hi)
        return bad(L, path, expected);
    *out = json_number_value(v);
    return SLA_OK;
}

static json_t *get_object(loader *L, json_t *obj, const char *key, const char *path,
                          bool required, sla_status *st)
{
    json_t *v = json_object_get(obj, key);
    *st = SLA_OK;
    if ((!v || json_is_null(v)) && !required)
        return NULL;
    if (!json_is_object(v)) {
        *st = bad(L, path, "an object");
        return NULL;
    }
    return v;
}

/* "HH:MM" → minutes after midnight; "24:00" allowed as a closing time. */
static bool parse_clock(const char *s, int *minutes)
{
    int h, m;
    char tail;
    if (strlen(s) != 5 || sscanf(s, "%2d:%2d%c", &h, &m, &tail) != 2 || h < 0 || m < 0 ||
        m > 59 || h > 24 || (h == 24 && m != 0))
        return false;
    *minutes = h * 60 + m;
    return true;
}

static sla_status load_calendar(loader *L, json_t *root)
{
    sla_config *cfg = L->cfg;
    sla_status st;
    json_t *cal = get_object(L, root, "calendar", "$.calendar", false, &st);
    if (st)
        return st;
    cfg->workdays = 0x1F; /* Monday..Friday */
    cfg->open_minute = 9 * 60;
    cfg->close_minute = 17 * 60;
    if (!cal)
        return SLA_OK;
    json_t *days = json_object_get(cal, "workdays");
    if (days) {
        static const char *names[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
        if (!json_is_array(days) || json_array_size(days) == 0)
            return bad(L, "$.calendar.workdays", "a non-empty array of \"mon\"..\"sun\"");
        cfg->workdays = 0;
        size_t i;
        json_t *d;
        json_array_foreach(days, i, d)
        {
            int k = 0;
            while (k < 7 && !(json_is_string(d) && strcmp(json_string_value(d), names[k]) == 0))
                k++;
            if (k == 7) {
                char path[64];
                snprintf(path, sizeof path, "$.calendar.workdays[%zu]", i);
                return bad(L, path, "one of \"mon\" \"tue\" \"wed\" \"thu\" \"fri\" \"sat\" \"sun\"");
            }
            cfg->workdays |= 1u << k;
        }
    }
    static const struct {
        const char *key, *path;
    } clocks[] = {{"open", "$.calendar.open"}, {"close", "$.calendar.close"}};
    for (int c = 0; c < 2; c++) {
        json_t *v = json_object_get(cal, clocks[c].key);
        if (!v)
            continue;
        int *dst = c == 0 ? &cfg->open_minute : &cfg->close_minute;
        if (!json_is_string(v) || !parse_clock(json_string_value(v), dst))
            return bad(L, clocks[c].path, "a time \"HH:MM\"");
    }
    if (cfg->close_minute <= cfg->open_minute)
        return bad(L, "$.calendar.close", "a time after $.calendar.open");
    json_t *hol = json_object_get(cal, "holidays");
    if (hol) {
        if (!json_is_array(hol))
            return bad(L, "$.calendar.holidays", "an array of dates \"YYYY-MM-DD\"");
        cfg->holidays = sla_xcalloc(json_array_size(hol), sizeof(int64_t));
        size_t i;
        json_t *d;
        json_array_foreach(hol, i, d)
        {
            int y, m, dd;
            char tail;
            const char *s = json_string_value(d);
            int cy = 0, cm = 0, cd = 0; /* a real date survives the round trip: 2025-02-30 does not */
            bool parsed = s && strlen(s) == 10 &&
                          sscanf(s, "%4d-%2d-%2d%c", &y, &m, &dd, &tail) == 3 && m >= 1 &&
                          m <= 12 && dd >= 1 && dd <= 31;
            if (parsed)
                sla_civil_from_days(sla_days_from_civil(y, m, dd), &cy, &cm, &cd);
            if (!parsed || cy != y || cm != m || cd != dd) {
                char path[64];
                snprintf(path, sizeof path, "$.calendar.holidays[%zu]", i);
                return bad(L, path, "a date \"YYYY-MM-DD\"");
            }
            cfg->holidays[cfg->holiday_count++] = sla_days_from_civil(y, m, dd);
        }
    }
    return SLA_OK;
}

static sla_status load_sla(loader *L, json_t *root)
{
    sla_sla_cfg *s = &L->cfg->sla;
    sla_status st;
    json_t *o = get_object(L, root, "sla", "$.sla", true, &st);
    if (st)
        return st;
    if ((st = get_positive_int(L, o, "response_minutes", "$.sla.response_minutes",
                               &s->response_minutes)) ||
        (st = get_positive_int(L, o, "attempt_window_days", "$.sla.attempt_window_days",
                               &s->attempt_window_days)) ||
        (st = get_positive_int(L, o, "min_attempts", "$.sla.min_attempts", &s->min_attempts)) ||
        (st = get_number(L, o, "amber_tolerance", "$.sla.amber_tolerance", 0, 1, 0.10,
                         "a number from 0 to 1", &s->amber_tolerance)))
        return st;
    json_t *t = get_object(L, o, "targets", "$.sla.targets", false, &st);
    if (st)
        return st;
    static const struct {
        const char *key;
        size_t offset;
    } keys[] = {
        {"sal_rate", offsetof(sla_targets, sal_rate)},
        {"mql_to_sql_rate", offsetof(sla_targets, mql_to_sql_rate)},
        {"response_within_sla_rate", offsetof(sla_targets, response_within_sla_rate)},
        {"attempts_compliance_rate", offsetof(sla_targets, attempts_compliance_rate)},
        {"returned_with_reason_rate", offsetof(sla_targets, returned_with_reason_rate)},
        {"win_rate", offsetof(sla_targets, win_rate)},
        {"crm_hygiene_rate", offsetof(sla_targets, crm_hygiene_rate)},
    };
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        char path[96];
        snprintf(path, sizeof path, "$.sla.targets.%s", keys[i].key);
        double *dst = (double *)((char *)&s->targets + keys[i].offset);
        if ((st = get_number(L, t, keys[i].key, path, 0, 1, -1, "a fraction from 0 to 1", dst)))
            return st;
    }
    return SLA_OK;
}

static sla_status load_teams(loader *L, json_t *root)
{
    sla_config *cfg = L->cfg;
    json_t *teams = json_object_get(root, "teams");
    if (!json_is_array(teams) || json_array_size(teams) == 0)
        return bad(L, "$.teams", "a non-empty array of teams");
    cfg->teams = sla_xcalloc(json_array_size(teams), sizeof *cfg->teams);
    size_t i;
    json_t *t;
    json_array_foreach(teams, i, t)
    {
        char path[96];
        snprintf(path, sizeof path, "$.teams[%zu]", i);
        if (!json_is_object(t))
            return bad(L, path, "an object");
        sla_team_cfg *team = &cfg->teams[cfg->team_count++];
        sla_status st;
        char p2[128];
        snprintf(p2, sizeof p2, "%s.name", path);
        if ((st = get_string(L, t, "name", p2, true, &team->name)))
            return st;
        if (strcmp(team->name, "unassigned") == 0)
            return bad(L, p2, "a name other than \"unassigned\" (reserved)");
        if (sla_config_team_index(cfg, team->name) != (long)i)
            return bad(L, p2, "a unique team name");
        snprintf(p2, sizeof p2, "%s.mql_target_monthly", path);
        if ((st = get_number(L, t, "mql_target_monthly", p2, 0, 1e9, -1,
                             "a non-negative number", &team->mql_target_monthly)))
            return st;
        if (team->mql_target_monthly < 0)
            return bad(L, p2, "a non-negative number");
        snprintf(p2, sizeof p2, "%s.manager", path);
        json_t *m = get_object(L, t, "manager", p2, false, &st);
        if (st)
            return st;
        if (m) {
            char p3[160];
            snprintf(p3, sizeof p3, "%s.manager.name", path);
            if ((st = get_string(L, m, "name", p3, false, &team->manager.name)))
                return st;
            snprintf(p3, sizeof p3, "%s.manager.email", path);
            if ((st = get_string(L, m, "email", p3, false, &team->manager.email)))
                return st;
        }
    }
    return SLA_OK;
}

/* ---- roster ---- */

typedef struct roster_reader {
    loader *L;
    const char *display;
    long col[5]; /* rep, name, team, email, mql_target_monthly: field index or -1 */
    bool header_done;
    sla_status st;
} roster_reader;

static bool roster_row(void *ctx, const sla_csv_record *rec)
{
    roster_reader *rr = ctx;
    sla_config *cfg = rr->L->cfg;
    static const char *names[] = {"rep", "name", "team", "email", "mql_target_monthly"};
    if (rec->flaw) {
        rr->st = sla_fail(rr->L->err, SLA_ERR_INPUT, rr->display, rec->line, 0,
                          "malformed roster row (broken quoting or invalid text)");
        return false;
    }
    if (!rr->header_done) {
        rr->header_done = true;
        for (int k = 0; k < 5; k++) {
            rr->col[k] = -1;
            for (size_t f = 0; f < rec->count; f++) {
                char *h = sla_trim(sla_xstrdup(rec->fields[f]));
                sla_ascii_lower(h);
                if (strcmp(h, names[k]) == 0)
                    rr->col[k] = (long)f;
                free(h);
            }
            if (rr->col[k] < 0 && k < 3) {
                rr->st = sla_fail(rr->L->err, SLA_ERR_INPUT, rr->display, rec->line, 0,
                                  "missing required column \"%s\" (roster columns: "
                                  "rep,name,team,email[,mql_target_monthly])",
                                  names[k]);
                return false;
            }
        }
        return true;
    }
    const char *v[5] = {0};
    for (int k = 0; k < 5; k++)
        v[k] = rr->col[k] >= 0 && (size_t)rr->col[k] < rec->count ? rec->fields[rr->col[k]] : "";
    cfg->reps = sla_xrealloc(cfg->reps, (cfg->rep_count + 1) * sizeof *cfg->reps);
    sla_rep_cfg *rep = &cfg->reps[cfg->rep_count];
    memset(rep, 0, sizeof *rep);
    rep->rep = sla_trim(sla_xstrdup(v[0]));
    rep->name = sla_trim(sla_xstrdup(v[1]));
    rep->team = sla_trim(sla_xstrdup(v[2]));
    rep->email = sla_blank(v[3]) ? NULL : sla_trim(sla_xstrdup(v[3]));
    rep->mql_target_monthly = -1;
    cfg->rep_count++;
    if (!rep->rep[0]) {
        rr->st = sla_fail(rr->L->err, SLA_ERR_INPUT, rr->display, rec->line, rr->col[0] + 1,
                          "rep id is empty");
        return false;
    }
    if (strcmp(rep->rep, "unassigned") == 0 ||
        sla_map_put(cfg->rep_map, rep->rep, strlen(rep->rep), (long)cfg->rep_count - 1) >= 0) {
        rr->st = sla_fail(rr->L->err, SLA_ERR_INPUT, rr->display, rec->line, rr->col[0] + 1,
                          "rep id \"%s\" is %s", rep->rep,
                          strcmp(rep->rep, "unassigned") == 0 ? "reserved" : "listed twice");
        return false;
    }
    rep->team_index = (int)sla_config_team_index(cfg, rep->team);
    if (rep->team_index < 0) {
        rr->st = sla_fail(rr->L->err, SLA_ERR_INPUT, rr->display, rec->line, rr->col[2] + 1,
                          "team \"%s\" of rep \"%s\" is not in $.teams", rep->team, rep->rep);
        return false;
    }
    if (!sla_blank(v[4])) {
        double t;
        char *end;
        t = strtod(v[4], &end);
        if (end == v[4] || !sla_blank(end) || t < 0 || !isfinite(t)) {
            rr->st = sla_fail(rr->L->err, SLA_ERR_INPUT, rr->display, rec->line,
                              rr->col[4] + 1, "mql_target_monthly \"%s\" is not a non-negative number",
                              v[4]);
            return false;
        }
        rep->mql_target_monthly = t;
    }
    return true;
}

static sla_status load_roster(loader *L, json_t *root)
{
    sla_config *cfg = L->cfg;
    sla_status st;
    char *rel;
    if ((st = get_string(L, root, "roster", "$.roster", true, &rel)))
        return st;
    char *cfg_dir = sla_path_dirname(cfg->path);
    cfg->roster_path = sla_path_join(cfg_dir, rel);
    free(cfg_dir);
    free(rel);
    roster_reader rr = {.L = L, .display = cfg->roster_path};
    cfg->rep_map = sla_map_new(64);
    sla_csv_opts opts = {0, SLA_ENC_AUTO, false, NULL, NULL, NULL, 0};
    sla_csv_info info;
    if ((st = sla_csv_read(cfg->roster_path, cfg->roster_path, &opts, roster_row, &rr, &info,
                           L->err)))
        return st;
    if (rr.st)
        return rr.st;
    if (cfg->rep_count == 0)
        return sla_fail(L->err, SLA_ERR_INPUT, cfg->roster_path, 0, 0, "the roster lists no reps");
    return SLA_OK;
}

/* ---- inputs ---- */

static sla_status load_input(loader *L, json_t *inputs, const char *key, sla_input_kind kind,
                             bool required)
{
    sla_config *cfg = L->cfg;
    sla_input_cfg *in = &cfg->inputs[kind];
    char path[96];
    snprintf(path, sizeof path, "$.inputs.%s", key);
    in->json_path = sla_xstrdup(path);
    sla_status st;
    json_t *o = get_object(L, inputs, key, path, required, &st);
    if (st || !o)
        return st;
    in->present = true;
    in->entry = o;
    json_t *p = json_object_get(o, "path");
    char ppath[128];
    snprintf(ppath, sizeof ppath, "%s.path", path);
    size_t n = json_is_array(p) ? json_array_size(p) : 1;
    if (!(json_is_string(p) || (json_is_array(p) && n > 0)))
        return bad(L, ppath, "a file name, a glob or a non-empty list of them");
    in->paths = sla_xcalloc(n, sizeof(char *));
    for (size_t i = 0; i < n; i++) {
        json_t *item = json_is_array(p) ? json_array_get(p, i) : p;
        if (!json_is_string(item) || json_string_length(item) == 0) {
            snprintf(ppath, sizeof ppath, "%s.path[%zu]", path, i);
            return bad(L, ppath, "a file name or glob");
        }
        in->paths[in->path_count++] = sla_path_join(cfg->base_dir, json_string_value(item));
    }
    snprintf(ppath, sizeof ppath, "%s.profile", path);
    return get_string(L, o, "profile", ppath, false, &in->profile);
}

static sla_status load_inputs(loader *L, json_t *root)
{
    sla_status st;
    json_t *inputs = get_object(L, root, "inputs", "$.inputs", true, &st);
    if (st)
        return st;
    if ((st = load_input(L, inputs, "leads", SLA_INPUT_LEADS, true)) ||
        (st = load_input(L, inputs, "activities", SLA_INPUT_ACTIVITIES, true)) ||
        (st = load_input(L, inputs, "marketing_events", SLA_INPUT_EVENTS, false)))
        return st;
    return SLA_OK;
}

/* ---- branding, recipients, smtp ---- */

static sla_status load_branding(loader *L, json_t *root)
{
    sla_branding *b = &L->cfg->branding;
    sla_status st;
    json_t *o = get_object(L, root, "branding", "$.branding", false, &st);
    if (st)
        return st;
    char *logo = NULL;
    if (o && ((st = get_string(L, o, "logo", "$.branding.logo", false, &logo)) ||
              (st = get_string(L, o, "primary_color", "$.branding.primary_color", false,
                               &b->primary_color)) ||
              (st = get_string(L, o, "font", "$.branding.font", false, &b->font))))
        return st;
    if (logo) {
        char *dir = sla_path_dirname(L->cfg->path);
        b->logo = sla_path_join(dir, logo);
        free(dir);
        free(logo);
    }
    if (b->primary_color) {
        const char *c = b->primary_color;
        if (strlen(c) != 7 || c[0] != '#' || strspn(c + 1, "0123456789abcdefABCDEF") != 6)
            return bad(L, "$.branding.primary_color", "a colour \"#RRGGBB\"");
    } else {
        b->primary_color = sla_xstrdup("#1F4E79");
    }
    if (!b->font)
        b->font = sla_xstrdup("DejaVuSans");
    return SLA_OK;
}

static sla_status load_recipients(loader *L, json_t *root)
{
    sla_recipients *r = &L->cfg->recipients;
    sla_status st;
    json_t *o = get_object(L, root, "recipients", "$.recipients", false, &st);
    if (st || !o)
        return st;
    json_t *m = json_object_get(o, "management");
    if (m) {
        if (!json_is_array(m))
            return bad(L, "$.recipients.management", "an array of e-mail addresses");
        r->management = sla_xcalloc(json_array_size(m) + 1, sizeof(char *));
        size_t i;
        json_t *e;
        json_array_foreach(m, i, e)
        {
            const char *s = json_string_value(e);
            if (!s || !strchr(s, '@') || strpbrk(s, "\r\n<>,; \t")) {
                char path[96];
                snprintf(path, sizeof path, "$.recipients.management[%zu]", i);
                return bad(L, path, "an e-mail address");
            }
            r->management[r->management_count++] = sla_xstrdup(s);
        }
    }
    static const char *flags[] = {"managers", "reps"};
    for (int k = 0; k < 2; k++) {
        json_t *v = json_object_get(o, flags[k]);
        char path[64];
        snprintf(path, sizeof path, "$.recipients.%s", flags[k]);
        if (v && !json_is_boolean(v))
            return bad(L, path, "true or false");
        *(k == 0 ? &r->managers : &r->reps) = json_is_true(v);
    }
    return SLA_OK;
}

static sla_status load_smtp(loader *L, json_t *root)
{
    sla_smtp_cfg *s = &L->cfg->smtp;
    sla_status st;
    json_t *o = get_object(L, root, "smtp", "$.smtp", false, &st);
    if (st || !o)
        return st;
    double timeout = 60;
    char *tls = NULL;
    if ((st = get_string(L, o, "url", "$.smtp.url", true, &s->url)) ||
        (st = get_string(L, o, "from", "$.smtp.from", true, &s->from)) ||
        (st = get_string(L, o, "username_env", "$.smtp.username_env", false, &s->username_env)) ||
        (st = get_string(L, o, "password_env", "$.smtp.password_env", false, &s->password_env)) ||
        (st = get_number(L, o, "timeout_seconds", "$.smtp.timeout_seconds", 1, 3600, 60,
                         "a number of seconds from 1 to 3600", &timeout)) ||
        (st = get_string(L, o, "tls", "$.smtp.tls", false, &tls)))
        return st;
    bool tls_ok = !tls || strcmp(tls, "required") == 0 || strcmp(tls, "none") == 0;
    s->tls_none = tls && strcmp(tls, "none") == 0;
    free(tls);
    if (!tls_ok)
        return bad(L, "$.smtp.tls", "\"required\" or \"none\"");
    if (strncmp(s->url, "smtp://", 7) != 0 && strncmp(s->url, "smtps://", 8) != 0)
        return bad(L, "$.smtp.url", "an smtp:// or smtps:// URL");
    if (json_object_get(o, "password"))
        return sla_fail(L->err, SLA_ERR_INPUT, L->source, 0, 0,
                        "$.smtp.password: passwords do not belong in the config; name an "
                        "environment variable in $.smtp.password_env");
    s->timeout_seconds = (long)timeout;
    return SLA_OK;
}

sla_status sla_config_load(const char *path, const char *in_dir, sla_config **out,
                           sla_error *err)
{
    *out = NULL;
    json_error_t jerr;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
    if (!root) {
        FILE *probe = fopen(path, "rb");
        if (!probe)
            return sla_fail(err, SLA_ERR_INPUT, path, 0, 0, "cannot open config: %m");
        fclose(probe);
        return sla_fail(err, SLA_ERR_INPUT, path, jerr.line > 0 ? jerr.line : 0,
                        jerr.column > 0 ? jerr.column : 0, "invalid JSON: %s", jerr.text);
    }
    sla_config *cfg = sla_xcalloc(1, sizeof *cfg);
    cfg->path = sla_xstrdup(path);
    cfg->json = root;
    cfg->base_dir = in_dir ? sla_xstrdup(in_dir) : sla_path_dirname(path);
    loader L = {cfg, err, path};
    sla_status st = SLA_OK;
    if (!json_is_object(root)) {
        st = bad(&L, "$", "an object");
        goto out;
    }
    if ((st = get_string(&L, root, "company", "$.company", true, &cfg->company)) ||
        (st = get_string(&L, root, "language", "$.language", false, &cfg->language)) ||
        (st = get_string(&L, root, "timezone", "$.timezone", true, &cfg->timezone)))
        goto out;
    if (!cfg->language)
        cfg->language = sla_xstrdup("en");
    if (strcmp(cfg->language, "pl") != 0 && strcmp(cfg->language, "en") != 0) {
        st = bad(&L, "$.language", "\"pl\" or \"en\"");
        goto out;
    }
    sla_error tzerr = {0};
    if (sla_tz_load(cfg->timezone, &cfg->tz, &tzerr) != SLA_OK) {
        st = sla_fail(err, SLA_ERR_INPUT, path, 0, 0, "$.timezone: %s", tzerr.text);
        goto out;
    }
    if ((st = load_calendar(&L, root)) || (st = load_sla(&L, root)) ||
        (st = load_teams(&L, root)) || (st = load_roster(&L, root)) ||
        (st = load_inputs(&L, root)) || (st = load_branding(&L, root)) ||
        (st = load_recipients(&L, root)) || (st = load_smtp(&L, root)))
        goto out;
    sla_calendar_spec spec = {cfg->workdays, cfg->open_minute, cfg->close_minute, cfg->holidays,
                              cfg->holiday_count};
    sla_error calerr = {0};
    if (sla_calendar_new(cfg->tz, &spec, &cfg->calendar, &calerr) != SLA_OK)
        st = sla_fail(err, SLA_ERR_INPUT, path, 0, 0, "$.calendar: %s", calerr.text);
out:
    if (st != SLA_OK) {
        sla_config_free(cfg);
        return st;
    }
    *out = cfg;
    return SLA_OK;
}

void sla_config_free(sla_config *cfg)
{
    if (!cfg)
        return;
    for (size_t i = 0; i < cfg->team_count; i++) {
        free(cfg->teams[i].name);
        free(cfg->teams[i].manager.name);
        free(cfg->teams[i].manager.email);
    }
    free(cfg->teams);
    for (size_t i = 0; i < cfg->rep_count; i++) {
        free(cfg->reps[i].rep);
        free(cfg->reps[i].name);
        free(cfg->reps[i].team);
        free(cfg->reps[i].email);
    }
    free(cfg->reps);
    sla_map_free(cfg->rep_map);
    for (int k = 0; k < SLA_INPUT_COUNT; k++) {
        for (size_t i = 0; i < cfg->inputs[k].path_count; i++)
            free(cfg->inputs[k].paths[i]);
        free(cfg->inputs[k].paths);
        free(cfg->inputs[k].profile);
        free(cfg->inputs[k].json_path);
    }
    for (size_t i = 0; i < cfg->recipients.management_count; i++)
        free(cfg->recipients.management[i]);
    free(cfg->recipients.management);
    free(cfg->smtp.url);
    free(cfg->smtp.from);
    free(cfg->smtp.username_env);
    free(cfg->smtp.password_env);
    free(cfg->branding.logo);
    free(cfg->branding.primary_color);
    free(cfg->branding.font);
    free(cfg->holidays);
    free(cfg->roster_path);
    sla_calendar_free(cfg->calendar);
    sla_tz_free(cfg->tz);
    free(cfg->company);
    free(cfg->language);
    free(cfg->timezone);
    free(cfg->base_dir);
    free(cfg->path);
    json_decref(cfg->json);
    free(cfg);
}

long sla_config_team_index(const sla_config *cfg, const char *name)
{
    for (size_t i = 0; i < cfg->team_count; i++)
        if (cfg->teams[i].name && strcmp(cfg->teams[i].name, name) == 0)
            return (long)i;
    return -1;
}

long sla_config_rep_index(const sla_config *cfg, const char *rep)
{
    return cfg->rep_map ? sla_map_get(cfg->rep_map, rep, strlen(rep)) : -1;
}
