/*
 * i18n.h - labels from the language files (templates/lang/<lang>.json) and
 * numbers and dates in the language's conventions: "1 234,5", "84,2 %",
 * "30.05.2025" in Polish; "1,234.5", "84.2%", "2025-05-30" in English.
 *
 * A language file is a flat JSON object of key → UTF-8 text; it also holds
 * the formatting conventions under the keys "fmt.decimal", "fmt.thousands",
 * "fmt.percent_space" and "fmt.date". Renderers take every visible word from here.
 */
#ifndef SLA_I18N_H
#define SLA_I18N_H

#include <stddef.h>
#include <stdint.h>

#include "calendar.h"
#include "error.h"

typedef struct sla_lang sla_lang;

/* Load templates_dir/lang/<code>.json. */
sla_status sla_lang_load(const char *templates_dir, const char *code, sla_lang **out,
                         sla_error *err);
void sla_lang_free(sla_lang *l);

/* The label for key; the key itself when the file lacks it (visible in tests). */
const char *sla_tr(const sla_lang *l, const char *key);

/* Number with the language's separators and a fixed number of decimals.
 * NAN renders as an en dash. Returns buf. */
char *sla_fmt_number(const sla_lang *l, double v, int decimals, char *buf, size_t size);
/* A fraction as a percentage: 0.842 → "84,2 %" (pl) / "84.2%" (en). */
char *sla_fmt_percent(const sla_lang *l, double fraction, int decimals, char *buf, size_t size);
/* A signed difference in percentage points: "+3,1 pp" / "−2.0 pp". */
char *sla_fmt_pp(const sla_lang *l, double fraction_delta, int decimals, char *buf, size_t size);
/* Money from cents, no decimals: "1 234 567". */
char *sla_fmt_money(const sla_lang *l, int64_t cents, char *buf, size_t size);
/* Business minutes as hours: 150 → "2,5 h". */
char *sla_fmt_hours(const sla_lang *l, double minutes, char *buf, size_t size);
/* The local date of an instant: "30.05.2025" / "2025-05-30". */
char *sla_fmt_date(const sla_lang *l, const sla_tz *tz, int64_t utc, char *buf, size_t size);
/* Local date and time: "30.05.2025 14:05" / "2025-05-30 14:05". */
char *sla_fmt_datetime(const sla_lang *l, const sla_tz *tz, int64_t utc, char *buf, size_t size);

#endif
