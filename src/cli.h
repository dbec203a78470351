/*
 * cli.h - the command line (SPEC §7): parsing, usage and --help.
 */
#ifndef SLA_CLI_H
#define SLA_CLI_H

#include <stdbool.h>

#include "error.h"

typedef enum sla_command { SLA_CMD_NONE, SLA_CMD_RUN, SLA_CMD_VALIDATE, SLA_CMD_MAIL } sla_command;

typedef struct sla_options {
    sla_command command;
    const char *config, *period, *in_dir, *out_dir, *as_of;
    bool mail, dry_run, resend;
    const char *only; /* mail: management | managers | reps */
    bool help, version;
} sla_options;

/* Parse argv (borrowed); SLA_ERR_USAGE with a message on bad arguments. */
sla_status sla_cli_parse(int argc, char **argv, sla_options *opts, sla_error *err);

/* The --help text. */
const char *sla_cli_usage(void);

#endif
