/*
 * render_xlsx.h - the review workbook (libxlsxwriter).
 *
 * Renders computed results; never recomputes a KPI. Real cell types (numbers,
 * percentages, dates); text is never written as a formula.
 */
#ifndef SLA_RENDER_XLSX_H
#define SLA_RENDER_XLSX_H

#include "error.h"
#include "i18n.h"
#include "kpi.h"

/* sla-review-<period>.xlsx; generated_at (UTC) dates the document properties. */
sla_status sla_render_xlsx(const sla_results *r, const sla_lang *lang, int64_t generated_at,
                           const char *path, sla_error *err);

#endif
