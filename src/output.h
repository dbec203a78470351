/*
 * output.h - atomic output folders.
 *
 * A run writes everything into a temporary folder beside OUT/<period>/ and,
 * only when every file is written and synced, swaps it into place in one
 * rename. A failed or killed run leaves the previous output as it was; stale
 * temporary folders from killed runs are removed by the next run.
 */
#ifndef SLA_OUTPUT_H
#define SLA_OUTPUT_H

#include <stddef.h>

#include "error.h"

typedef struct sla_outdir sla_outdir;

/* Create OUT (if needed) and a fresh temporary folder for OUT/<name>. */
sla_status sla_out_begin(const char *out_root, const char *name, sla_outdir **out,
                         sla_error *err);
/* A path inside the temporary folder; caller frees. */
char *sla_out_path(const sla_outdir *o, const char *relative);
/* fsync every file, then swap the folder into OUT/<name>. Frees o. */
sla_status sla_out_commit(sla_outdir *o, sla_error *err);
/* Remove the temporary folder. Frees o; accepts NULL. */
void sla_out_abort(sla_outdir *o);

/* Write a whole file atomically (temp file, fsync, rename). */
sla_status sla_write_file_atomic(const char *path, const void *data, size_t len,
                                 sla_error *err);

#endif
