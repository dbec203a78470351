/*
 * testutil.h - helpers shared by the cmocka tests: where things are, scratch
 * folders, and building instants from local wall-clock times.
 */
#ifndef SLA_TESTUTIL_H
#define SLA_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

/* The project's source folder (env SLAPACK_SOURCE_DIR, else ".."). */
const char *test_source_dir(void);
/* A fresh, empty scratch folder for this test program; caller frees. */
char *test_scratch_dir(const char *name);
/* Write text to dir/name; returns the path (caller frees). */
char *test_write_file(const char *dir, const char *name, const char *text);

/* The next number of a xorshift64 sequence (*state must not start at 0):
 * the property tests' inputs, the same on every run. */
uint64_t test_random(uint64_t *state);

#endif
