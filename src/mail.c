/*
 * mail.c - SMTP delivery and the .eml dry run (the only file with curl.h).
 *
 * A message is composed once, by hand, as the exact bytes of an RFC 5322
 * message with a multipart/mixed MIME body; SMTP uploads those bytes through
 * a read callback and --dry-run writes them to a file, so what is previewed
 * is what is sent. Composing by hand rather than with curl_mime_* keeps the
 * bytes reproducible (boundary and Message-ID come from a hash of the
 * content, Date from SOURCE_DATE_EPOCH when set) and available without a
 * transfer. Nothing from the config or the roster reaches a header
 * unencoded: addresses must pass a strict addr-spec check, and every display
 * name and subject is cleaned of control characters and sent as RFC 2047
 * encoded-words, so a CR/LF in a name can never start a header.
 *
 * The delivery log (mail/delivery.json, one entry per address, rewritten
 * atomically after every message) is what makes a re-run safe: an address
 * whose last attempt was delivered is skipped unless --resend.
 */
#include "mail.h"

#include <curl/curl.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "config.h"
#include "i18n.h"
#include "kpi.h"
#include "output.h"
#include "run.h"

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* One attachment: a file of OUT/<period>/ and the name the recipient sees. */
typedef struct mail_file {
    char *rel;  /* "reps/ak.pdf" */
    char *name; /* "sla-scorecard-2025-05-ak.pdf": ASCII [A-Za-z0-9._-] only */
} mail_file;

/* One message: who gets it and what it carries. Strings are borrowed from
 * the config, except the files. */
typedef struct mail_job {
    const char *role; /* "management", "manager" or "rep" */
    const char *to, *name;
    const char *team; /* manager: the team whose figures the body shows */
    const char *rep;  /* rep: the rep whose figures the body shows */
    mail_file *files;
    size_t file_count, file_cap;
} mail_job;

/* Everything a run of the command shares. */
typedef struct mail_ctx {
    const sla_options *opts;
    sla_config *cfg;
    sla_lang *lang;
    json_t *kpis, *log;
    char *period_dir, *mail_dir, *log_path;
    char *period;
    int64_t now;
    mail_job *jobs;
    size_t job_count, job_cap;
} mail_ctx;

/* ---- header encoding ---- */

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Base64 of n bytes; wrap > 0 ends a line (CRLF) every wrap characters. */
static void base64(sla_buf *out, const unsigned char *p, size_t n, size_t wrap)
{
    size_t col = 0;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16;
        if (i + 1 < n)
            v |= (uint32_t)p[i + 1] << 8;
        if (i + 2 < n)
            v |= p[i + 2];
        char q[4] = {B64[v >> 18], B64[(v >> 12) & 63], i + 1 < n ? B64[(v >> 6) & 63] : '=',
                     i + 2 < n ? B64[v & 63] : '='};
        sla_buf_append(out, q, 4);
        col += 4;
        if (wrap && col >= wrap && i + 3 < n) {
            sla_buf_puts(out, "\r\n");
            col = 0;
        }
    }
}

size_t sla_mail_encode_words(sla_buf *out, const char *text, size_t column)
{
    const size_t limit = 76, overhead = strlen("=?UTF-8?B?") + strlen("?=");
    size_t len = strlen(text), pos = 0;
    while (pos < len) {
        size_t width = column < limit ? limit - column : 0;
        if (width > 75) /* the most an encoded-word may have (RFC 2047) */
            width = 75;
        size_t room = width > overhead ? (width - overhead) / 4 * 3 : 0;
        size_t take = len - pos < room ? len - pos : room;
        /* Never split a UTF-8 sequence: each encoded-word must decode alone. */
        while (pos + take < len && take > 0 && ((unsigned char)text[pos + take] & 0xC0) == 0x80)
            take--;
        /* Prefer to end a word just after a space: decoders that wrongly keep the
         * folding white space (Python's, in address headers) then split the
         * text where it already had a gap, not inside a word. */
        for (size_t k = take; pos + take < len && k > 1; k--)
            if (text[pos + k - 1] == ' ') {
                take = k;
                break;
            }
        if (take == 0) { /* not even one character fits: continue on a new line */
            sla_buf_puts(out, "\r\n ");
            column = 1;
            continue;
        }
        size_t start = out->len;
        sla_buf_puts(out, "=?UTF-8?B?");
        base64(out, (const unsigned char *)text + pos, take, 0);
        sla_buf_puts(out, "?=");
        column += out->len - start;
        pos += take;
        if (pos < len) {
            sla_buf_puts(out, "\r\n ");
            column = 1;
        }
    }
    return column;
}

/* Text from the config or the roster, made safe for a header or a body:
 * invalid UTF-8 becomes U+FFFD and every control character (CR, LF and TAB
 * included) a space, so no input can end a header line; runs of spaces are
 * collapsed and the ends trimmed. */
static void clean_text(const char *s, sla_buf *out)
{
    sla_buf raw = {0};
    sla_utf8_sanitize(s, strlen(s), &raw);
    sla_buf_reset(out);
    for (size_t i = 0; i < raw.len; i++) {
        bool space = raw.data[i] == ' ' || raw.data[i] == '\n' || raw.data[i] == '\t';
        if (!space)
            sla_buf_append(out, raw.data + i, 1);
        else if (out->len > 0 && out->data[out->len - 1] != ' ')
            sla_buf_append(out, " ", 1);
    }
    if (out->len > 0 && out->data[out->len - 1] == ' ')
        out->data[--out->len] = '\0';
    if (!out->data)
        sla_buf_append(out, "", 0);
    sla_buf_free(&raw);
}

/* An address for a message to stderr: control characters shown as '?'. */
static const char *printable(const char *s, char *buf, size_t size)
{
    size_t i = 0;
    for (; s[i] && i + 1 < size; i++)
        buf[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7F ? '?' : s[i];
    buf[i] = '\0';
    return buf;
}

static bool ascii_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool sla_mail_address_valid(const char *addr)
{
    const char *at = strrchr(addr, '@');
    if (!at || at == addr || at - addr > 64 || strlen(addr) > 254)
        return false;
    bool after_dot = true; /* the local part may not start with a dot */
    for (const char *p = addr; p < at; p++) {
        if (*p == '.') {
            if (after_dot)
                return false;
            after_dot = true;
        } else if (ascii_alnum(*p) || strchr("!#$%&'*+-/=?^_`{|}~", *p)) {
            after_dot = false;
        } else {
            return false;
        }
    }
    if (after_dot)
        return false;
    size_t label = 0, labels = 0;
    for (const char *p = at + 1;; p++) {
        if (*p == '.' || *p == '\0') {
            if (label == 0 || p[-1] == '-')
                return false;
            labels++;
            label = 0;
            if (*p == '\0')
                break;
        } else if (ascii_alnum(*p) || (*p == '-' && label > 0)) {
            if (++label > 63)
                return false;
        } else {
            return false;
        }
    }
    return labels >= 2;
}

/* "To: =?UTF-8?B?...?= <addr>": a validated address, an encoded display name. */
static void address_header(sla_buf *msg, const char *field, const char *name, const char *addr)
{
    sla_buf_printf(msg, "%s: ", field);
    size_t column = strlen(field) + 2;
    sla_buf clean = {0};
    if (name)
        clean_text(name, &clean);
    if (name && clean.len > 0) {
        column = sla_mail_encode_words(msg, clean.data, column);
        bool fits = column + 3 + strlen(addr) <= 76;
        sla_buf_puts(msg, fits ? " " : "\r\n ");
    }
    sla_buf_printf(msg, "<%s>\r\n", addr);
    sla_buf_free(&clean);
}

/* ---- message text ---- */

/* A label with {name} placeholders filled from vars (name, value, ..., NULL). */
static void expand(sla_buf *out, const char *tmpl, const char *const *vars)
{
    for (const char *p = tmpl; *p;) {
        const char *close = *p == '{' ? strchr(p, '}') : NULL;
        const char *value = NULL;
        for (size_t i = 0; close && vars[i]; i += 2)
            if (strlen(vars[i]) == (size_t)(close - p - 1) &&
                strncmp(p + 1, vars[i], (size_t)(close - p - 1)) == 0)
                value = vars[i + 1];
        if (value) {
            sla_buf_puts(out, value);
            p = close + 1;
        } else {
            sla_buf_append(out, p++, 1);
        }
    }
}

/* The kpis.json object whose figures a job's body shows, or NULL. */
static json_t *job_scope(const mail_ctx *c, const mail_job *j)
{
    const char *list = j->rep ? "reps" : j->team ? "teams" : NULL;
    if (!list)
        return json_object_get(c->kpis, "company");
    const char *key = j->rep ? "rep" : "team", *want = j->rep ? j->rep : j->team;
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(c->kpis, list), i, o)
    {
        const char *id = json_string_value(json_object_get(o, key));
        if (id && strcmp(id, want) == 0)
            return o;
    }
    return NULL;
}

/* A number of kpis.json; NAN for null or absent. */
static double kpi_value(json_t *scope, const char *key)
{
    json_t *v = json_object_get(scope, key);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

/* "- SAL acceptance: 25.0% (target 70.0%) – off target". */
static void kpi_line(sla_buf *b, const mail_ctx *c, json_t *scope, const char *key, double target)
{
    const sla_lang *l = c->lang;
    bool count = strcmp(key, "mql_count") == 0;
    double v = kpi_value(scope, key);
    char value[64], goal[64], label[96];
    snprintf(label, sizeof label, "kpi.%s", key);
    if (count) {
        sla_fmt_number(l, v, 0, value, sizeof value);
        sla_fmt_number(l, target, target == floor(target) ? 0 : 1, goal, sizeof goal);
    } else {
        sla_fmt_percent(l, v, 1, value, sizeof value);
        sla_fmt_percent(l, target, 1, goal, sizeof goal);
    }
    sla_buf_printf(b, "- %s: %s", sla_tr(l, label), value);
    if (target >= 0)
        sla_buf_printf(b, " (%s %s)", sla_tr(l, "mail.target"), goal);
    const char *rag = json_string_value(json_object_get(json_object_get(scope, "status"), key));
    if (rag) {
        char rag_key[32];
        snprintf(rag_key, sizeof rag_key, "rag.%s", rag);
        sla_buf_printf(b, " \xE2\x80\x93 %s", sla_tr(l, rag_key));
    }
    sla_buf_puts(b, "\r\n");
}

/* Subject and plain-text body (CRLF lines) in the configured language. */
static void compose_text(const mail_ctx *c, const mail_job *j, sla_buf *subject, sla_buf *body)
{
    const sla_lang *l = c->lang;
    sla_buf company = {0}, team = {0};
    clean_text(c->cfg->company ? c->cfg->company : "", &company);
    clean_text(j->team ? j->team : "", &team);
    const char *vars[] = {"period", c->period, "company", company.data, "team", team.data, NULL};
    char key[64];
    snprintf(key, sizeof key, "mail.subject.%s", j->role);
    expand(subject, sla_tr(l, key), vars);
    sla_buf_printf(body, "%s\r\n\r\n", sla_tr(l, "mail.greeting"));
    snprintf(key, sizeof key, "mail.intro.%s", j->role);
    expand(body, sla_tr(l, key), vars);
    sla_buf_puts(body, "\r\n\r\n");
    json_t *scope = job_scope(c, j);
    if (scope) {
        snprintf(key, sizeof key, "mail.headline.%s", j->role);
        expand(body, sla_tr(l, key), vars);
        sla_buf_puts(body, "\r\n");
        const sla_targets *t = &c->cfg->sla.targets;
        kpi_line(body, c, scope, "mql_count", kpi_value(scope, "mql_target"));
        kpi_line(body, c, scope, "sal_rate", t->sal_rate);
        kpi_line(body, c, scope, "response_within_sla_rate", t->response_within_sla_rate);
        kpi_line(body, c, scope, "win_rate", t->win_rate);
        sla_buf_puts(body, "\r\n");
    }
    sla_buf_printf(body, "%s", sla_tr(l, "mail.attachments"));
    for (size_t i = 0; i < j->file_count; i++)
        sla_buf_printf(body, "%s%s", i ? ", " : " ", j->files[i].name);
    sla_buf_puts(body, "\r\n\r\n-- \r\n");
    expand(body, sla_tr(l, "mail.signature"), vars);
    sla_buf_puts(body, "\r\n");
    sla_buf_free(&company);
    sla_buf_free(&team);
}

/* Two hashes folded into one (order matters). */
static uint64_t mix(uint64_t h, uint64_t v)
{
    uint64_t pair[2] = {h, v};
    return sla_hash((const char *)pair, sizeof pair);
}

/* RFC 5322 date in UTC; fixed English names, whatever the locale. */
static void date_header(sla_buf *msg, int64_t t)
{
    static const char *days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    sla_buf_printf(msg, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n", days[tm.tm_wday],
                   tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
                   tm.tm_sec);
}

/* The content type an attachment is sent with. */
static const char *content_type(const char *name)
{
    size_t n = strlen(name);
    if (n > 4 && strcmp(name + n - 4, ".pdf") == 0)
        return "application/pdf";
    if (n > 5 && strcmp(name + n - 5, ".xlsx") == 0)
        return XLSX_TYPE;
    return "application/octet-stream";
}

/* The whole message for a job, and the hash of what it says (everything but
 * Date and Message-ID) that the delivery log keeps. Fails only when an
 * attachment cannot be read; the reason goes to why. */
static bool compose(const mail_ctx *c, const mail_job *j, sla_buf *msg, json_t *files,
                    uint64_t *content_hash, char *why, size_t why_size)
{
    sla_buf subject = {0}, body = {0};
    char **data = sla_xcalloc(j->file_count, sizeof *data);
    size_t *lens = sla_xcalloc(j->file_count, sizeof *lens);
    bool ok = true;
    compose_text(c, j, &subject, &body);
    uint64_t h = mix(mix(sla_hash(j->to, strlen(j->to)), sla_hash(subject.data, subject.len)),
                     sla_hash(body.data, body.len));
    for (size_t i = 0; i < j->file_count && ok; i++) {
        char *path = sla_path_join(c->period_dir, j->files[i].rel);
        data[i] = sla_read_file(path, &lens[i]);
        if (!data[i]) {
            snprintf(why, why_size, "cannot read %s: %s", path, strerror(errno));
            ok = false;
        } else {
            uint64_t fh = sla_hash(data[i], lens[i]);
            h = mix(mix(h, sla_hash(j->files[i].name, strlen(j->files[i].name))), fh);
            char hex[17];
            snprintf(hex, sizeof hex, "%016llx", (unsigned long long)fh);
            json_array_append_new(files, json_pack("{s:s, s:I, s:s}", "file", j->files[i].rel,
                                                   "bytes", (json_int_t)lens[i], "hash", hex));
        }
        free(path);
    }
    if (ok) {
        const char *from = c->cfg->smtp.from;
        char boundary[64];
        snprintf(boundary, sizeof boundary, "=_slapack_%016llx", (unsigned long long)h);
        date_header(msg, c->now);
        address_header(msg, "From", c->cfg->company, from);
        address_header(msg, "To", j->name, j->to);
        sla_buf_puts(msg, "Subject: ");
        sla_mail_encode_words(msg, subject.data, strlen("Subject: "));
        sla_buf_printf(msg, "\r\nMessage-ID: <%016llx.%016llx.slapack@%s>\r\n",
                       (unsigned long long)h, (unsigned long long)mix(h, (uint64_t)c->now),
                       strrchr(from, '@') + 1);
        sla_buf_printf(msg,
                       "MIME-Version: 1.0\r\n"
                       "Content-Type: multipart/mixed; boundary=\"%s\"\r\n\r\n"
                       "--%s\r\n"
                       "Content-Type: text/plain; charset=UTF-8\r\n"
                       "Content-Transfer-Encoding: base64\r\n\r\n",
                       boundary, boundary);
        base64(msg, (const unsigned char *)body.data, body.len, 76);
        for (size_t i = 0; i < j->file_count; i++) {
            const char *name = j->files[i].name;
            sla_buf_printf(msg,
                           "\r\n--%s\r\n"
                           "Content-Type: %s; name=\"%s\"\r\n"
                           "Content-Disposition: attachment; filename=\"%s\"\r\n"
                           "Content-Transfer-Encoding: base64\r\n\r\n",
                           boundary, content_type(name), name, name);
            base64(msg, (const unsigned char *)data[i], lens[i], 76);
        }
        sla_buf_printf(msg, "\r\n--%s--\r\n", boundary);
        *content_hash = h;
    }
    for (size_t i = 0; i < j->file_count; i++)
        free(data[i]);
    free(data);
    free(lens);
    sla_buf_free(&subject);
    sla_buf_free(&body);
    return ok;
}

/* ---- recipients ---- */

/* Add a message, or the files to the message already going to that address:
 * one message per recipient, whatever roles the address has. */
static void add_job(mail_ctx *c, const char *role, const char *to, const char *name,
                    const char *team, const char *rep, const char *const *rels,
                    const char *const *names, size_t n)
{
    mail_job *j = NULL;
    for (size_t i = 0; i < c->job_count && !j; i++)
        if (strcasecmp(c->jobs[i].to, to) == 0)
            j = &c->jobs[i];
    if (!j) {
        sla_grow((void **)&c->jobs, &c->job_cap, c->job_count + 1, sizeof *c->jobs);
        j = &c->jobs[c->job_count++];
        *j = (mail_job){.role = role, .to = to, .name = name, .team = team, .rep = rep};
    }
    for (size_t k = 0; k < n; k++) {
        bool have = false;
        for (size_t i = 0; i < j->file_count; i++)
            have = have || strcmp(j->files[i].rel, rels[k]) == 0;
        if (have)
            continue;
        sla_grow((void **)&j->files, &j->file_cap, j->file_count + 1, sizeof *j->files);
        j->files[j->file_count++] =
            (mail_file){sla_xstrdup(rels[k]), sla_xstrdup(names[k] ? names[k] : rels[k])};
    }
}

/* Who gets what (SPEC §3 recipients), filtered by --only. */
static void plan(mail_ctx *c)
{
    const sla_recipients *r = &c->cfg->recipients;
    const char *only = c->opts->only;
    char pdf[64], xlsx[64];
    snprintf(pdf, sizeof pdf, "sla-review-%s.pdf", c->period);
    snprintf(xlsx, sizeof xlsx, "sla-review-%s.xlsx", c->period);
    const char *pack[] = {pdf, xlsx}, *pack_names[] = {NULL, NULL};
    if (!only || strcmp(only, "management") == 0)
        for (size_t i = 0; i < r->management_count; i++)
            add_job(c, "management", r->management[i], NULL, NULL, NULL, pack, pack_names, 2);
    if (r->managers && (!only || strcmp(only, "managers") == 0))
        for (size_t i = 0; i < c->cfg->team_count; i++) {
            const sla_team_cfg *t = &c->cfg->teams[i];
            if (t->manager.email)
                add_job(c, "manager", t->manager.email, t->manager.name, t->name, NULL, pack,
                        pack_names, 1);
        }
    if (r->reps && (!only || strcmp(only, "reps") == 0))
        for (size_t i = 0; i < c->cfg->rep_count; i++) {
            const sla_rep_cfg *rep = &c->cfg->reps[i];
            if (!rep->email)
                continue;
            char safe[128], rel[160], name[224];
            sla_safe_filename(rep->rep, safe, sizeof safe);
            snprintf(rel, sizeof rel, "reps/%s.pdf", safe);
            snprintf(name, sizeof name, "sla-scorecard-%s-%s.pdf", c->period, safe);
            const char *rels[] = {rel}, *names[] = {name};
            add_job(c, "rep", rep->email, rep->name, rep->team, rep->rep, rels, names, 1);
        }
}

/* ---- SMTP ---- */

typedef struct upload {
    const char *data;
    size_t len, pos;
} upload;

/* libcurl pulls the message through this. */
static size_t read_message(char *dst, size_t size, size_t nmemb, void *userdata)
{
    upload *u = userdata;
    size_t n = size * nmemb, left = u->len - u->pos;
    if (n > left)
        n = left;
    memcpy(dst, u->data + u->pos, n);
    u->pos += n;
    return n;
}

/* The server's host is this machine: the only place plain SMTP may carry a
 * password. */
static bool url_is_loopback(const char *url)
{
    CURLU *u = curl_url();
    char *host = NULL;
    bool loopback = false;
    if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK)
        loopback = strcmp(host, "localhost") == 0 || strncmp(host, "127.", 4) == 0 ||
                   strcmp(host, "[::1]") == 0;
    curl_free(host);
    curl_url_cleanup(u);
    return loopback;
}

/* The value of an environment variable the config names; NULL when unnamed. */
static sla_status credential(const mail_ctx *c, const char *var, const char *key, const char **out,
                             sla_error *err)
{
    *out = NULL;
    if (!var)
        return SLA_OK;
    *out = getenv(var);
    if (!*out || !**out)
        return sla_fail(err, SLA_ERR_INPUT, c->cfg->path, 0, 0,
                        "$.smtp.%s: the environment variable %s is not set", key, var);
    return SLA_OK;
}

/* A handle set up for the configured server: TLS required unless
 * "tls": "none", credentials from the environment, the configured timeouts. */
static sla_status smtp_open(const mail_ctx *c, CURL **out, char *errbuf, sla_error *err)
{
    const sla_smtp_cfg *s = &c->cfg->smtp;
    const char *user, *pass;
    sla_status st;
    *out = NULL;
    if ((st = credential(c, s->username_env, "username_env", &user, err)) ||
        (st = credential(c, s->password_env, "password_env", &pass, err)))
        return st;
    bool implicit = strncmp(s->url, "smtps://", 8) == 0;
    if (s->tls_none && implicit)
        return sla_fail(err, SLA_ERR_INPUT, c->cfg->path, 0, 0,
                        "$.smtp.tls: \"none\" contradicts an smtps:// URL");
    if (s->tls_none && (user || pass) && !url_is_loopback(s->url))
        return sla_fail(err, SLA_ERR_INPUT, c->cfg->path, 0, 0,
                        "$.smtp.tls: \"none\" would send the password in clear text; it is "
                        "allowed with credentials only for a server on this machine");
    CURL *h = curl_easy_init();
    if (!h)
        return sla_fail(err, SLA_ERR_IO, "", 0, 0, "cannot initialise libcurl");
    char from[300];
    snprintf(from, sizeof from, "<%s>", s->from);
    curl_easy_setopt(h, CURLOPT_URL, s->url);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(h, CURLOPT_USE_SSL,
                     s->tls_none ? (long)CURLUSESSL_NONE : (long)CURLUSESSL_ALL);
    curl_easy_setopt(h, CURLOPT_MAIL_FROM, from);
    if (user)
        curl_easy_setopt(h, CURLOPT_USERNAME, user);
    if (pass)
        curl_easy_setopt(h, CURLOPT_PASSWORD, pass);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, s->timeout_seconds);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, s->timeout_seconds);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_READFUNCTION, read_message);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    *out = h;
    return SLA_OK;
}

/* Send one message to one address; false with the reason in why. */
static bool smtp_send(CURL *h, char *errbuf, const char *to, const sla_buf *msg, char *why,
                      size_t why_size)
{
    char rcpt[300];
    snprintf(rcpt, sizeof rcpt, "<%s>", to);
    struct curl_slist *list = curl_slist_append(NULL, rcpt);
    upload u = {msg->data, msg->len, 0};
    errbuf[0] = '\0';
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, list);
    curl_easy_setopt(h, CURLOPT_READDATA, &u);
    curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)msg->len);
    CURLcode rc = curl_easy_perform(h);
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, NULL);
    curl_slist_free_all(list);
    if (rc == CURLE_OK)
        return true;
    long code = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    int n = snprintf(why, why_size, "%s", errbuf[0] ? errbuf : curl_easy_strerror(rc));
    if (code >= 400 && n >= 0 && (size_t)n < why_size)
        snprintf(why + n, why_size - (size_t)n, " (the server replied %ld)", code);
    return false;
}

/* ---- delivery log ---- */

/* Read mail/delivery.json, or start an empty one. A log that cannot be read
 * stops the command: without it, a re-run could send twice. */
static sla_status log_load(mail_ctx *c, sla_error *err)
{
    struct stat sb;
    if (stat(c->log_path, &sb) != 0) {
        c->log = json_pack("{s:s, s:{}}", "period", c->period, "messages");
        return SLA_OK;
    }
    json_error_t jerr;
    c->log = json_load_file(c->log_path, 0, &jerr);
    if (!c->log || !json_is_object(json_object_get(c->log, "messages")))
        return sla_fail(err, SLA_ERR_IO, c->log_path, jerr.line > 0 ? jerr.line : 0, 0,
                        "cannot read the delivery log (%s); repair or remove it",
                        c->log ? "no \"messages\" object" : jerr.text);
    return SLA_OK;
}

/* Rewrite the log atomically: a crash after any message loses nothing. */
static sla_status log_save(const mail_ctx *c, sla_error *err)
{
    char *text = json_dumps(c->log, JSON_INDENT(2) | JSON_SORT_KEYS);
    sla_buf b = {0};
    sla_buf_printf(&b, "%s\n", text);
    sla_status st = sla_write_file_atomic(c->log_path, b.data, b.len, err);
    free(text);
    sla_buf_free(&b);
    return st;
}

/* A string member of a log entry, "" when absent. */
static const char *entry_text(json_t *entry, const char *key)
{
    const char *s = json_string_value(json_object_get(entry, key));
    return s ? s : "";
}

/* ISO 8601 UTC, for the log. */
static void iso_time(int64_t t, char *buf, size_t size)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* ---- the command ---- */

/* Config, language, OUT/<period>/ with its kpis.json, and the log. */
static sla_status prepare(mail_ctx *c, sla_error *err)
{
    sla_status st = sla_config_load(c->opts->config, c->opts->in_dir, &c->cfg, err);
    if (st)
        return st;
    const sla_smtp_cfg *s = &c->cfg->smtp;
    if (!s->url || !s->from)
        return sla_fail(err, SLA_ERR_INPUT, c->cfg->path, 0, 0,
                        "$.smtp: expected an object with url and from to send mail");
    if (!sla_mail_address_valid(s->from))
        return sla_fail(err, SLA_ERR_INPUT, c->cfg->path, 0, 0,
                        "$.smtp.from: expected an e-mail address");
    sla_period period;
    if ((st = sla_period_parse(c->opts->period, c->cfg->tz, &period, err)))
        return st;
    c->period = sla_xstrdup(period.label);
    c->period_dir = sla_path_join(c->opts->out_dir, c->period);
    c->mail_dir = sla_path_join(c->period_dir, "mail");
    c->log_path = sla_path_join(c->mail_dir, "delivery.json");
    struct stat sb;
    if (stat(c->period_dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
        return sla_fail(err, SLA_ERR_IO, c->period_dir, 0, 0,
                        "no output for %s here; run 'slapack run' for the period first", c->period);
    char *kpis = sla_path_join(c->period_dir, "kpis.json");
    json_error_t jerr;
    c->kpis = json_load_file(kpis, 0, &jerr);
    if (!c->kpis)
        st =
            sla_fail(err, SLA_ERR_IO, kpis, jerr.line > 0 ? jerr.line : 0, 0,
                     "cannot read the KPIs: %s; run 'slapack run' for the period first", jerr.text);
    free(kpis);
    if (st || (st = sla_lang_load(sla_templates_dir(), c->cfg->language, &c->lang, err)))
        return st;
    if (mkdir(c->mail_dir, 0755) != 0 && errno != EEXIST)
        return sla_fail(err, SLA_ERR_IO, c->mail_dir, 0, 0, "cannot create: %s", strerror(errno));
    return c->opts->dry_run ? SLA_OK : log_load(c, err);
}

/* Free the context; accepts a partly prepared one. */
static void ctx_free(mail_ctx *c)
{
    for (size_t i = 0; i < c->job_count; i++) {
        for (size_t k = 0; k < c->jobs[i].file_count; k++) {
            free(c->jobs[i].files[k].rel);
            free(c->jobs[i].files[k].name);
        }
        free(c->jobs[i].files);
    }
    free(c->jobs);
    json_decref(c->kpis);
    json_decref(c->log);
    sla_lang_free(c->lang);
    free(c->period_dir);
    free(c->mail_dir);
    free(c->log_path);
    free(c->period);
    sla_config_free(c->cfg);
}

/* The attachment list for the summary: "a.pdf, b.xlsx". */
static void file_list(const mail_job *j, char *buf, size_t size)
{
    buf[0] = '\0';
    for (size_t i = 0; i < j->file_count; i++)
        snprintf(buf + strlen(buf), size - strlen(buf), "%s%s", i ? ", " : "", j->files[i].rel);
}

/* Deliver (or write) one message and record the outcome; false when the
 * recipient did not get it. A failed log write is fatal (st). */
static bool deliver(mail_ctx *c, const mail_job *j, CURL *h, char *errbuf, sla_status *st,
                    sla_error *err)
{
    char shown[300], files[1024], why[CURL_ERROR_SIZE + 600] = "";
    printable(j->to, shown, sizeof shown);
    file_list(j, files, sizeof files);
    json_t *entry = json_object_get(json_object_get(c->log, "messages"), j->to);
    if (!c->opts->dry_run && !c->opts->resend && strcmp(entry_text(entry, "status"), "sent") == 0) {
        fprintf(stderr, "slapack: mail: skipped %s (%s): sent at %s; --resend sends again\n", shown,
                j->role, entry_text(entry, "time"));
        return true;
    }
    sla_buf msg = {0};
    json_t *attached = json_array();
    uint64_t hash = 0;
    bool ok = sla_mail_address_valid(j->to);
    if (!ok)
        snprintf(why, sizeof why, "not a valid e-mail address");
    ok = ok && compose(c, j, &msg, attached, &hash, why, sizeof why);
    if (ok && c->opts->dry_run) {
        char safe[128], name[160];
        sla_safe_filename(j->to, safe, sizeof safe);
        snprintf(name, sizeof name, "%s-%s.eml", j->role, safe);
        char *path = sla_path_join(c->mail_dir, name);
        sla_error werr = {0};
        ok = sla_write_file_atomic(path, msg.data, msg.len, &werr) == SLA_OK;
        if (ok)
            fprintf(stderr, "slapack: mail: wrote %s for %s (%s): %s\n", path, shown, j->role,
                    files);
        else
            snprintf(why, sizeof why, "%s", werr.text);
        free(path);
    } else if (ok) {
        ok = smtp_send(h, errbuf, j->to, &msg, why, sizeof why);
    }
    if (!c->opts->dry_run) {
        char when[32], hex[17];
        iso_time(c->now, when, sizeof when);
        snprintf(hex, sizeof hex, "%016llx", (unsigned long long)hash);
        json_t *e =
            json_pack("{s:s, s:s, s:o, s:s}", "role", j->role, "status", ok ? "sent" : "failed",
                      "attachments", json_incref(attached), "time", when);
        json_object_set_new(e, ok ? "content_hash" : "error", json_string(ok ? hex : why));
        json_object_set_new(json_object_get(c->log, "messages"), j->to, e);
        *st = log_save(c, err);
        if (ok)
            fprintf(stderr, "slapack: mail: sent to %s (%s): %s\n", shown, j->role, files);
    }
    if (!ok)
        fprintf(stderr, "slapack: mail: failed to %s (%s): %s\n", shown, j->role, why);
    json_decref(attached);
    sla_buf_free(&msg);
    return ok;
}

sla_status sla_cmd_mail(const sla_options *o, sla_error *err)
{
    mail_ctx c = {.opts = o, .now = sla_now()};
    CURL *h = NULL;
    bool curl_up = false;
    char errbuf[CURL_ERROR_SIZE];
    size_t failed = 0;
    sla_status st = prepare(&c, err);
    if (st)
        goto out;
    plan(&c);
    if (!o->dry_run) {
        if (!(curl_up = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK)) {
            st = sla_fail(err, SLA_ERR_IO, "", 0, 0, "cannot initialise libcurl");
            goto out;
        }
        if ((st = smtp_open(&c, &h, errbuf, err)))
            goto out;
    }
    for (size_t i = 0; i < c.job_count && st == SLA_OK; i++)
        failed += !deliver(&c, &c.jobs[i], h, errbuf, &st, err);
    if (st == SLA_OK && c.job_count == 0)
        fprintf(stderr, "slapack: mail: no recipients configured%s\n",
                o->only ? " for --only" : "");
    if (st == SLA_OK && failed > 0)
        st = sla_fail(err, SLA_ERR_IO, "", 0, 0, "%zu of %zu messages not %s (see above)", failed,
                      c.job_count, o->dry_run ? "written" : "delivered");
out:
    curl_easy_cleanup(h);
    if (curl_up)
        curl_global_cleanup();
    ctx_free(&c);
    return st;
}
