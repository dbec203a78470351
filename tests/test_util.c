/*
 * test_util.c - file names made from rep ids (sla_safe_filename).
 *
 * The name of a rep's scorecard (reps/<name>.pdf) is what the mail step
 * attaches for that rep, so two ids must never share a name: before '_' was
 * escaped, "a/b" and "a_2Fb" both became a_2Fb.pdf and one rep's scorecard
 * replaced the other's. Names stay inside the folder and stay short.
 */
#include <stdbool.h>
#include <string.h>

#include "testutil.h"

#include "util.h"

static const char *ids[] = {
    "jkowalski",
    "a/b",
    "a_2Fb",
    "a_b",
    "..",
    ".",
    "../../etc/passwd",
    "x\r\nBcc: y@z.pl",
    "tab\there",
    "ł",
    "_C5_82",
    "",
    "-",
    "j.kowalski@firma.pl",
    "con",
    "a~b",
    /* long ids that share their first 120 bytes */
    "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567"
    "89012345678901234567890123456789-one",
    "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567"
    "89012345678901234567890123456789-two",
    "////////////////////////////////////////////////////////////////////////////////////////"
    "///////////////////////////////////////////////////a",
    "////////////////////////////////////////////////////////////////////////////////////////"
    "///////////////////////////////////////////////////b",
};
#define ID_COUNT (sizeof ids / sizeof *ids)

static void test_safe_names(void **state)
{
    (void)state;
    char names[ID_COUNT][128];
    for (size_t i = 0; i < ID_COUNT; i++) {
        char *n = names[i];
        sla_safe_filename(ids[i], n, sizeof names[i]);
        assert_true(n[0] != '\0' && strlen(n) <= 120);
        assert_true(strcmp(n, ".") != 0 && strcmp(n, "..") != 0 && n[0] != '.');
        for (const char *c = n; *c; c++)
            assert_true(
                strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-~", *c));
    }
    for (size_t i = 0; i < ID_COUNT; i++)
        for (size_t j = i + 1; j < ID_COUNT; j++)
            if (strcmp(ids[i], "") != 0 && strcmp(ids[j], "") != 0) /* rosters refuse "" */
                assert_string_not_equal(names[i], names[j]);
    assert_string_equal(names[0], "jkowalski");
    assert_string_equal(names[1], "a_2Fb");
    assert_string_equal(names[2], "a_5F2Fb");
    assert_string_equal(names[13], "j.kowalski_40firma.pl");
}

/* A small buffer still gives a unique, terminated name. */
static void test_small_buffer(void **state)
{
    (void)state;
    char a[20], b[20];
    sla_safe_filename("ąąąąąąąąąąąąą-1", a, sizeof a);
    sla_safe_filename("ąąąąąąąąąąąąą-2", b, sizeof b);
    assert_true(strlen(a) <= 19 && strlen(b) <= 19);
    assert_string_not_equal(a, b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_safe_names),
        cmocka_unit_test(test_small_buffer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
