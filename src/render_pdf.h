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

/* reps/<rep-id>.pdf for every rep in results (file names made safe), here
 * and in worker processes (SLAPACK_JOBS). */
sla_status sla_render_pdf_scorecards(const sla_pdf_env *env, const char *dir, sla_error *err);

/* The scorecards of one render shared out between processes: each process
 * takes the next rep from a counter in shared memory, so one with less else
 * to do (say, done with the workbook) takes more of them. Open before
 * forking the processes that take them; close once all of them are done. */
typedef struct sla_scorecards sla_scorecards;

/* Creates dir. */
sla_status sla_scorecards_open(const sla_pdf_env *env, const char *dir, sla_scorecards **out,
                               sla_error *err);
/* Render scorecards until none is left or one has failed, here and in up to
 * helpers more processes forked for it. Failures are kept for close. */
void sla_scorecards_take(sla_scorecards *s, size_t helpers);
/* The first failure of any process, if any; frees s. */
sla_status sla_scorecards_close(sla_scorecards *s, sla_error *err);

#endif
