/*
 * render_json.h - kpis.json (SPEC §5) and rejected.csv.
 */
#ifndef SLA_RENDER_JSON_H
#define SLA_RENDER_JSON_H

#include "error.h"
#include "kpi.h"

sla_status sla_render_json(const sla_results *r, const char *path, sla_error *err);

/* rejected.csv: file,line,column,problem,reason,raw — every row not used. */
sla_status sla_render_rejected(const sla_dataset *ds, const char *path, sla_error *err);

#endif
