/*
 * main.c - argv → options; run; print the one error; exit status (SPEC §7).
 */
#include <signal.h>
#include <stdio.h>

#include "cli.h"
#include "error.h"
#include "mail.h"
#include "run.h"

int main(int argc, char **argv)
{
    /* A file-size limit must surface as a write error (exit 3), not kill us. */
    signal(SIGXFSZ, SIG_IGN);
    sla_options opts;
    sla_error err = {0};
    sla_status st = sla_cli_parse(argc, argv, &opts, &err);
    if (st == SLA_OK && opts.help) {
        fputs(sla_cli_usage(), stdout);
        return 0;
    }
    if (st == SLA_OK && opts.version) {
        printf("slapack %s\n", SLAPACK_VERSION);
        return 0;
    }
    if (st == SLA_OK) {
        switch (opts.command) {
        case SLA_CMD_RUN:
            st = sla_cmd_run(&opts, &err);
            break;
        case SLA_CMD_VALIDATE:
            st = sla_cmd_validate(&opts, &err);
            break;
        default:
            st = sla_cmd_mail(&opts, &err);
        }
    }
    if (st != SLA_OK) {
        char line[2048];
        sla_error_format(&err, line, sizeof line);
        fprintf(stderr, "%s\n", line);
    }
    return (int)st;
}
