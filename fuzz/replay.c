/*
 * replay.c - main() for a harness built without libFuzzer: feed it every file
 * named on the command line, or found in a folder named there, once each.
 *
 * This is how the corpus (fuzz/corpus/<harness>/) and the crashing inputs
 * (tests/fixtures/regress/<harness>/) are replayed as tests in every build; a
 * crash or a sanitizer report fails the test.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "harness.h"
#include "util.h"

static long replayed;

static void replay_file(const char *path)
{
    size_t len;
    char *data = sla_read_file(path, &len);
    if (!data) {
        perror(path);
        exit(1);
    }
    LLVMFuzzerTestOneInput((const uint8_t *)data, len);
    free(data);
    replayed++;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Files of a folder in name order, so a failure names the same input every time. */
static void replay_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        perror(dir);
        exit(1);
    }
    char **names = NULL;
    size_t count = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.') {
            sla_grow((void **)&names, &cap, count + 1, sizeof *names);
            names[count++] = sla_path_join(dir, e->d_name);
        }
    closedir(d);
    qsort(names, count, sizeof *names, by_name);
    for (size_t i = 0; i < count; i++) {
        replay_file(names[i]);
        free(names[i]);
    }
    free(names);
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode))
            replay_dir(argv[i]);
        else
            replay_file(argv[i]);
    }
    printf("%ld inputs replayed\n", replayed);
    return 0;
}
