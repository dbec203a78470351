/*
 * render_pdf.h - the management pack and the per-rep scorecards (libharu).
 *
 * Renders computed results; never recomputes a KPI. Output is reproducible:
 * with SOURCE_DATE_EPOCH set the document dates come from it, so two runs
 * give byte-identical files.
 */
#ifndef SLA_RENDER_PDF_H
#define SLA_RENDER_PDF_H

#include <stddef.h>

#include "error.h"
#include "i18n.h"
#include "kpi.h"

typedef struct sla_pdf_env {
    const sla_results *results;
    const sla_lang *lang;
    const char *templates_dir; /* for the default font lookup */
    const char *fonts_dir;     /* the project's fonts/ folder (brand TTFs) */
    int64_t generated_at;      /* UTC; from SOURCE_DATE_EPOCH when set */
} sla_pdf_env;

/* sla-review-<period>.pdf */
sla_status sla_render_pdf_pack(const sla_pdf_env *env, const char *path, sla_error *err);

/* reps/<rep-id>.pdf for every rep in results (file names made safe). */
sla_status sla_render_pdf_scorecards(const sla_pdf_env *env, const char *dir, sla_error *err);

#endif
