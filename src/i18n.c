/*
 * i18n.c - language files and locale-aware formatting.
 *
 * Formatting is done by hand rather than with setlocale(): the process locale
 * is global, usually "C" under cron, and a Polish pack must look the same on
 * any machine.
 */
#include "i18n.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

struct sla_lang {
    char *code;
    json_t *labels;
    const char *decimal;   /* "," or "." */
    const char *thousands; /* a plain space in Polish, so pdftotext and search find "1 234" */
    const char *percent;   /* " %" or "%" */
    int date_dmy;          /* 1: 30.05.2025, 0: 2025-05-30 */
};

sla_status sla_lang_load(const char *templates_dir, const char *code, sla_lang **out,
                         sla_error *err)
{
    *out = NULL;
    if (strcmp(code, "pl") != 0 && strcmp(code, "en") != 0)
        return sla_fail(err, SLA_ERR_INPUT, "", 0, 0, "unsupported language \"%s\"", code);
    char rel[64];
    snprintf(rel, sizeof rel, "lang/%s.json", code);
    char *path = sla_path_join(templates_dir, rel);
    json_error_t jerr;
    json_t *labels = json_load_file(path, 0, &jerr);
    if (!labels || !json_is_object(labels)) {
        sla_status st = sla_fail(err, SLA_ERR_IO, path, jerr.line > 0 ? jerr.line : 0,
                                 jerr.column > 0 ? jerr.column : 0, "cannot load language file: %s",
                                 labels ? "expected a JSON object" : jerr.text);
        json_decref(labels);
        free(path);
        return st;
    }
    free(path);
    sla_lang *l = sla_xcalloc(1, sizeof *l);
    l->code = sla_xstrdup(code);
    l->labels = labels;
    l->decimal = sla_tr(l, "fmt.decimal");
    l->thousands = sla_tr(l, "fmt.thousands");
    l->percent = sla_tr(l, "fmt.percent");
    l->date_dmy = strcmp(sla_tr(l, "fmt.date"), "dmy") == 0;
    *out = l;
    return SLA_OK;
}

void sla_lang_free(sla_lang *l)
{
    if (!l)
        return;
    json_decref(l->labels);
    free(l->code);
    free(l);
}

const char *sla_tr(const sla_lang *l, const char *key)
{
    const char *s = json_string_value(json_object_get(l->labels, key));
    return s ? s : key;
}

char *sla_fmt_number(const sla_lang *l, double v, int decimals, char *buf, size_t size)
{
    if (isnan(v)) {
        snprintf(buf, size, "\xE2\x80\x93"); /* en dash */
        return buf;
    }
    char raw[64];
    snprintf(raw, sizeof raw, "%.*f", decimals, fabs(v));
    /* A value that rounds to zero loses its sign: "-0,0" helps nobody. */
    int negative = v < 0 && strspn(raw, "0.") != strlen(raw);
    char *dot = strchr(raw, '.');
    size_t int_len = dot ? (size_t)(dot - raw) : strlen(raw);
    sla_buf b = {0};
    if (negative)
        sla_buf_puts(&b, "\xE2\x88\x92"); /* minus sign */
    for (size_t i = 0; i < int_len; i++) {
        if (i > 0 && (int_len - i) % 3 == 0)
            sla_buf_puts(&b, l->thousands);
        sla_buf_append(&b, raw + i, 1);
    }
    if (dot) {
        sla_buf_puts(&b, l->decimal);
        sla_buf_puts(&b, dot + 1);
    }
    snprintf(buf, size, "%s", b.data);
    sla_buf_free(&b);
    return buf;
}

char *sla_fmt_percent(const sla_lang *l, double fraction, int decimals, char *buf, size_t size)
{
    if (isnan(fraction))
        return sla_fmt_number(l, fraction, decimals, buf, size);
    char num[64];
    sla_fmt_number(l, fraction * 100.0, decimals, num, sizeof num);
    snprintf(buf, size, "%s%s", num, l->percent);
    return buf;
}

char *sla_fmt_pp(const sla_lang *l, double fraction_delta, int decimals, char *buf, size_t size)
{
    if (isnan(fraction_delta))
        return sla_fmt_number(l, fraction_delta, decimals, buf, size);
    char num[64];
    sla_fmt_number(l, fraction_delta * 100.0, decimals, num, sizeof num);
    int positive = num[0] != '\xE2' && strspn(num, "0.,") != strlen(num);
    snprintf(buf, size, "%s%s pp", positive ? "+" : "", num);
    return buf;
}

char *sla_fmt_money(const sla_lang *l, int64_t cents, char *buf, size_t size)
{
    return sla_fmt_number(l, (double)cents / 100.0, 0, buf, size);
}

char *sla_fmt_hours(const sla_lang *l, double minutes, char *buf, size_t size)
{
    if (isnan(minutes))
        return sla_fmt_number(l, minutes, 1, buf, size);
    char num[64];
    sla_fmt_number(l, minutes / 60.0, 1, num, sizeof num);
    snprintf(buf, size, "%s h", num);
    return buf;
}

char *sla_fmt_date(const sla_lang *l, const sla_tz *tz, int64_t utc, char *buf, size_t size)
{
    int y, m, d;
    sla_civil_from_days(sla_local_day(tz, utc), &y, &m, &d);
    if (l->date_dmy)
        snprintf(buf, size, "%02d.%02d.%04d", d, m, y);
    else
        snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
    return buf;
}

char *sla_fmt_datetime(const sla_lang *l, const sla_tz *tz, int64_t utc, char *buf, size_t size)
{
    char date[32];
    sla_fmt_date(l, tz, utc, date, sizeof date);
    int64_t local = utc + sla_tz_offset(tz, utc);
    int64_t sod = ((local % 86400) + 86400) % 86400;
    snprintf(buf, size, "%s %02d:%02d", date, (int)(sod / 3600), (int)(sod % 3600 / 60));
    return buf;
}
