/*
 * harness.h - what the fuzz harnesses share.
 *
 * Every fuzz_*.c defines the libFuzzer entry point. The same file is built two
 * ways: with -DSLAPACK_FUZZ=ON (clang) it is a libFuzzer program, otherwise it
 * is linked with replay.c, which feeds it the committed corpus so that every
 * build replays every input the fuzzer ever found interesting or crashing.
 *
 * Harnesses that read files work in a private copy of tests/fixtures/kpi (a
 * temporary folder made on first use and removed at exit), so a fuzzed input
 * is read exactly as a real export or config would be.
 */
#ifndef SLA_FUZZ_HARNESS_H
#define SLA_FUZZ_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The private copy of the KPI fixture. */
const char *fuzz_dir(void);

/* Write data to name inside the fixture copy (replacing it); returns the
 * file's path, valid until the next call. Aborts when the write fails. */
const char *fuzz_write(const char *name, const uint8_t *data, size_t size);

/* The fixture copy's config, loaded once; aborts when it does not load. */
const sla_config *fuzz_config(void);

/* Stop with a message when an invariant of the code under test is broken:
 * the fuzzer records the input as a crash. */
void fuzz_check(int ok, const char *what);

#endif
