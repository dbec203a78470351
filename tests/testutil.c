/*
 * testutil.c - see testutil.h.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

const char *test_source_dir(void)
{
    const char *d = getenv("SLAPACK_SOURCE_DIR");
    return d && *d ? d : "..";
}

char *test_scratch_dir(const char *name)
{
    const char *base = getenv("SLAPACK_TEST_TMP");
    char path[4096];
    snprintf(path, sizeof path, "%s/%s.%ld", base && *base ? base : "/tmp", name,
             (long)getpid());
    char cmd[2 * sizeof path + 64]; /* room for the path twice: -Wformat-truncation */
    snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s'", path, path);
    if (system(cmd) != 0)
        fail_msg("cannot create %s", path);
    return sla_xstrdup(path);
}

char *test_write_file(const char *dir, const char *name, const char *text)
{
    char *path = sla_path_join(dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fwrite(text, 1, strlen(text), f);
    fclose(f);
    return path;
}

uint64_t test_random(uint64_t *state)
{
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    return *state;
}
