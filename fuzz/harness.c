/*
 * harness.c - the fixture copy the harnesses write their inputs into.
 *
 * The copy lives under $TMPDIR so that the source tree is never written, and
 * is removed at exit (libFuzzer exits normally when its time is up).
 */
#include "harness.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

static char dir[256];
static char path[512];
static sla_config *config;

void fuzz_check(int ok, const char *what)
{
    if (ok)
        return;
    fprintf(stderr, "fuzz: invariant broken: %s\n", what);
    abort();
}

static void remove_copy(void)
{
    sla_config_free(config);
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)))
            if (e->d_name[0] != '.') {
                snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
                unlink(path);
            }
        closedir(d);
    }
    rmdir(dir);
}

const char *fuzz_dir(void)
{
    if (dir[0])
        return dir;
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/slapack-fuzz.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    fuzz_check(mkdtemp(dir) != NULL, "cannot create the fixture copy");
    atexit(remove_copy);
    static const char *files[] = {"config.json", "roster.csv", "leads.csv", "activities.csv",
                                  "events.jsonl"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char *src = sla_path_join(SLAPACK_FIXTURE_DIR, files[i]);
        size_t len;
        char *text = sla_read_file(src, &len);
        fuzz_check(text != NULL, "cannot read the KPI fixture");
        fuzz_write(files[i], (const uint8_t *)text, len);
        free(text);
        free(src);
    }
    return dir;
}

const char *fuzz_write(const char *name, const uint8_t *data, size_t size)
{
    snprintf(path, sizeof path, "%s/%s", fuzz_dir(), name);
    FILE *f = fopen(path, "wb");
    fuzz_check(f && fwrite(data, 1, size, f) == size && fclose(f) == 0,
               "cannot write into the fixture copy");
    return path;
}

const sla_config *fuzz_config(void)
{
    if (!config) {
        char *cfg_path = sla_path_join(fuzz_dir(), "config.json");
        sla_error err = {0};
        fuzz_check(sla_config_load(cfg_path, NULL, &config, &err) == SLA_OK,
                   "the fixture's config does not load");
        free(cfg_path);
    }
    return config;
}
