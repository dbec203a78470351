/*
 * render_jobs.h - worker processes for the renderers.
 *
 * The renderers are single-threaded libraries (libharu, libxlsxwriter), so a
 * run spreads its outputs over forked processes: they share the results
 * copy-on-write, write their files into the same temporary folder, and send
 * their sla_error back through a pipe. A worker dies with its parent, so a
 * killed run leaves nothing writing behind it.
 */
#ifndef SLA_RENDER_JOBS_H
#define SLA_RENDER_JOBS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "error.h"


typedef struct sla_job {
    pid_t pid;
    int fd; /* the read end of the child's error pipe */
} sla_job;

typedef sla_status (*sla_job_fn)(const void *arg, sla_error *err);

/* Run fn(arg, ...) in a child process; false when none could be started
 * (the caller then does the work itself). */
bool sla_job_start(sla_job *job, sla_job_fn fn, const void *arg);

/* Wait for the child and return its status; its error, or one naming what
 * when the child died, goes to err. */
sla_status sla_job_wait(sla_job *job, const char *what, sla_error *err);

/* Stop a child whose work is no longer wanted, and reap it. */
void sla_job_cancel(sla_job *job);

#endif
