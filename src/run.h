/*
 * run.h - the pipeline: config → ingest → KPIs → renderers → atomic output.
 *
 * main.c parses the command line and calls one of these; they print nothing
 * but warnings and progress, and report the one error through err.
 */
#ifndef SLA_RUN_H
#define SLA_RUN_H

#include "cli.h"
#include "error.h"

/* Where templates/ lives: $SLAPACK_TEMPLATES, else the build's source tree. */
const char *sla_templates_dir(void);
/* Where brand fonts live: $SLAPACK_FONTS, else the build's source tree's fonts/. */
const char *sla_fonts_dir(void);

sla_status sla_cmd_run(const sla_options *opts, sla_error *err);
sla_status sla_cmd_validate(const sla_options *opts, sla_error *err);

#endif
