/*
 * fuzz_config.c - the config loader (config.h) over an arbitrary config.json
 * beside the fixture's roster and inputs.
 *
 * A config may name any file the user can read; one that names a device
 * (/dev/zero as the roster) makes the loader read forever, which is the
 * user's choice and not a parser bug, so such inputs are skipped.
 */
#define _GNU_SOURCE /* memmem */
#include <string.h>

#include "config.h"
#include "harness.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (memmem(data, size, "/dev", 4) || memmem(data, size, "/proc", 5) ||
        memmem(data, size, "/sys", 4))
        return 0;
    const char *path = fuzz_write("fuzz-config.json", data, size);
    sla_config *cfg = NULL;
    sla_error err = {0};
    sla_status st = sla_config_load(path, NULL, &cfg, &err);
    fuzz_check((st == SLA_OK) == (cfg != NULL), "a config exactly when it loads");
    fuzz_check(st == SLA_OK || (st == SLA_ERR_INPUT && err.text[0]), "failures say why");
    sla_config_free(cfg);
    return 0;
}
