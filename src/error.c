/*
 * error.c - the located error: the first failure wins, later ones are ignored
 * so the message names the root cause, not its consequences.
 */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

sla_status sla_fail(sla_error *err, sla_status status, const char *source, long line,
                    long column, const char *fmt, ...)
{
    if (!err || err->status != SLA_OK)
        return status;
    err->status = status;
    snprintf(err->source, sizeof err->source, "%s", source ? source : "");
    err->line = line;
    err->column = column;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->text, sizeof err->text, fmt, ap);
    va_end(ap);
    return status;
}

void sla_error_clear(sla_error *err)
{
    memset(err, 0, sizeof *err);
}

void sla_error_format(const sla_error *err, char *buf, unsigned long size)
{
    if (!err->source[0])
        snprintf(buf, size, "slapack: error: %s", err->text);
    else if (err->line > 0 && err->column > 0)
        snprintf(buf, size, "slapack: %s:%ld:%ld: error: %s", err->source, err->line,
                 err->column, err->text);
    else if (err->line > 0)
        snprintf(buf, size, "slapack: %s:%ld: error: %s", err->source, err->line, err->text);
    else
        snprintf(buf, size, "slapack: %s: error: %s", err->source, err->text);
}
