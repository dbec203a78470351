/*
 * error.h - status codes and the one located error a run reports.
 *
 * Every stage fills a caller-owned sla_error on its first failure and returns
 * its status; only main.c prints it, in the form compilers use:
 *     slapack: exports/leads.csv:1402:7: error: mql_at "31.02.2025" is not a date
 * The status doubles as the process exit status (SPEC §7).
 */
#ifndef SLA_ERROR_H
#define SLA_ERROR_H

typedef enum sla_status {
    SLA_OK = 0,
    SLA_ERR_INPUT = 1, /* bad input data or config: the message says where */
    SLA_ERR_USAGE = 2, /* bad command line */
    SLA_ERR_IO = 3     /* cannot read, write or deliver */
} sla_status;

typedef struct sla_error {
    sla_status status;
    char source[512]; /* input file or config path; never __FILE__ */
    long line;        /* 1-based; 0 = unknown */
    long column;      /* 1-based field or character; 0 = unknown */
    char text[768];
} sla_error;

/* Fill err (when not NULL and still empty) and return status. */
sla_status sla_fail(sla_error *err, sla_status status, const char *source, long line,
                    long column, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Reset err to "no error". */
void sla_error_clear(sla_error *err);

/* Format err as "slapack: SOURCE:LINE:COL: error: TEXT" into buf. */
void sla_error_format(const sla_error *err, char *buf, unsigned long size);

#endif
