/*
 * cli.c - argv → sla_options. Every mistake is a usage error (exit 2) that
 * says which argument is wrong; nothing here touches files.
 */
#include "cli.h"

#include <stddef.h>
#include <string.h>

static const char usage[] =
    "Usage:\n"
    "  slapack run      --config CONFIG.json --period 2025-Q2|2025-05 [--in DIR] [--out DIR]\n"
    "                   [--as-of TIME] [--mail]\n"
    "  slapack validate --config CONFIG.json [--in DIR]\n"
    "  slapack mail     --config CONFIG.json --period PERIOD [--out DIR] [--dry-run]\n"
    "                   [--only management|managers|reps] [--resend]\n"
    "  slapack --help | --version\n"
    "\n"
    "Reads a month's or a quarter's CRM and marketing-automation exports and writes the\n"
    "marketing-sales SLA review pack into OUT/<period>/ (OUT defaults to output/):\n"
    "sla-review-<period>.pdf, sla-review-<period>.xlsx, reps/<rep>.pdf, kpis.json and\n"
    "rejected.csv.\n"
    "\n"
    "Options:\n"
    "  --config FILE   the JSON config (relative paths in it resolve against its folder)\n"
    "  --period P      a month (2025-05) or a quarter (2025-Q2) in the config's time zone\n"
    "  --in DIR        resolve the config's input paths against DIR instead\n"
    "  --out DIR       output root (default: output)\n"
    "  --as-of TIME    cut-off (default: the end of the period); any timestamp shape,\n"
    "                  local time in the config's zone unless it has an offset\n"
    "  --mail          after a successful run, mail the pack (see 'slapack mail')\n"
    "  --dry-run       mail: write .eml files under OUT/<period>/mail/ instead of sending\n"
    "\n"
    "Exit status: 0 success, 1 bad input or config, 2 usage, 3 I/O or delivery failure.\n";

const char *sla_cli_usage(void)
{
    return usage;
}

typedef struct option_spec {
    const char *name;
    size_t offset; /* of the const char * field, or of the bool */
    bool takes_value;
} option_spec;

static const option_spec specs[] = {
    {"--config", offsetof(sla_options, config), true},
    {"--period", offsetof(sla_options, period), true},
    {"--in", offsetof(sla_options, in_dir), true},
    {"--out", offsetof(sla_options, out_dir), true},
    {"--as-of", offsetof(sla_options, as_of), true},
    {"--only", offsetof(sla_options, only), true},
    {"--mail", offsetof(sla_options, mail), false},
    {"--dry-run", offsetof(sla_options, dry_run), false},
    {"--resend", offsetof(sla_options, resend), false},
};

sla_status sla_cli_parse(int argc, char **argv, sla_options *o, sla_error *err)
{
    memset(o, 0, sizeof *o);
    o->out_dir = "output";
    int i = 1;
    if (argc < 2)
        return sla_fail(err, SLA_ERR_USAGE, "", 0, 0, "no command given (try 'slapack --help')");
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        o->help = true;
        return SLA_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        o->version = true;
        return SLA_OK;
    }
    if (strcmp(argv[1], "run") == 0)
        o->command = SLA_CMD_RUN;
    else if (strcmp(argv[1], "validate") == 0)
        o->command = SLA_CMD_VALIDATE;
    else if (strcmp(argv[1], "mail") == 0)
        o->command = SLA_CMD_MAIL;
    else
        return sla_fail(err, SLA_ERR_USAGE, "", 0, 0,
                        "unknown command \"%s\" (try 'slapack --help')", argv[1]);
    for (i = 2; i < argc; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            o->help = true;
            return SLA_OK;
        }
        const option_spec *spec = NULL;
        const char *value = NULL;
        for (size_t k = 0; k < sizeof specs / sizeof *specs && !spec; k++) {
            size_t n = strlen(specs[k].name);
            if (strncmp(arg, specs[k].name, n) == 0 && (arg[n] == '\0' || arg[n] == '=')) {
                spec = &specs[k];
                value = arg[n] == '=' ? arg + n + 1 : NULL;
            }
        }
        if (!spec)
            return sla_fail(err, SLA_ERR_USAGE, "", 0, 0,
                            "unknown option \"%s\" (try 'slapack --help')", arg);
        if (!spec->takes_value) {
            if (value)
                return sla_fail(err, SLA_ERR_USAGE, "", 0, 0, "%s takes no value", spec->name);
            *(bool *)((char *)o + spec->offset) = true;
            continue;
        }
        if (!value) {
            if (i + 1 >= argc)
                return sla_fail(err, SLA_ERR_USAGE, "", 0, 0, "%s needs a value", spec->name);
            value = argv[++i];
        }
        if (!*value)
            return sla_fail(err, SLA_ERR_USAGE, "", 0, 0, "%s needs a value", spec->name);
        *(const char **)((char *)o + spec->offset) = value;
    }
    if (!o->config)
        return sla_fail(err, SLA_ERR_USAGE, "", 0, 0, "%s needs --config",
                        argv[1]);
    if (o->command != SLA_CMD_VALIDATE && !o->period)
        return sla_fail(err, SLA_ERR_USAGE, "", 0, 0, "%s needs --period", argv[1]);
    if (o->command == SLA_CMD_VALIDATE && (o->period || o->as_of || o->mail))
        return sla_fail(err, SLA_ERR_USAGE, "", 0, 0,
                        "validate takes only --config and --in");
    if (o->only && strcmp(o->only, "management") != 0 && strcmp(o->only, "managers") != 0 &&
        strcmp(o->only, "reps") != 0)
        return sla_fail(err, SLA_ERR_USAGE, "", 0, 0,
                        "--only: expected management, managers or reps");
    return SLA_OK;
}
