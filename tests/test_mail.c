/*
 * test_mail.c - the header building blocks of mail.c: RFC 2047 encoded-words
 * (length limits, folding, UTF-8 never split, round trip) and the strict
 * address check that keeps CR/LF and SMTP syntax out of headers and commands.
 * Delivery itself is tested end to end by tests/cli/mail.sh.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mail.h"

/* Decode one base64 run (no padding errors expected) and append it. */
static void unbase64(const char *s, size_t n, sla_buf *out)
{
    static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    unsigned v = 0;
    int bits = 0;
    for (size_t i = 0; i < n && s[i] != '='; i++) {
        const char *p = strchr(b64, s[i]);
        assert_non_null(p);
        v = (v << 6) | (unsigned)(p - b64);
        bits += 6;
        if (bits >= 8) {
            char c = (char)((v >> (bits - 8)) & 0xFF);
            sla_buf_append(out, &c, 1);
            bits -= 8;
        }
    }
}

/* Check the encoded form line by line and word by word; return the decoding. */
static char *check_words(const char *encoded, size_t first_column)
{
    sla_buf text = {0};
    sla_buf_append(&text, "", 0);
    size_t column = first_column;
    const char *p = encoded;
    if (strncmp(p, "\r\n ", 3) == 0) { /* no room for a character on the first line */
        p += 3;
        column = 1;
    }
    for (;;) {
        const char *eol = strstr(p, "\r\n");
        size_t line = eol ? (size_t)(eol - p) : strlen(p);
        assert_true(column + line <= 76);
        assert_memory_equal(p, "=?UTF-8?B?", 10);
        assert_true(line <= 75);
        assert_memory_equal(p + line - 2, "?=", 2);
        size_t before = text.len;
        unbase64(p + 10, line - 12, &text);
        /* Every word decodes to whole UTF-8 characters. */
        assert_true(sla_utf8_valid(text.data + before, text.len - before));
        if (!eol)
            break;
        assert_int_equal(eol[2], ' '); /* folded: CRLF then one space */
        p = eol + 3;
        column = 1;
    }
    return text.data;
}

static void test_short_subject_is_one_word(void **state)
{
    (void)state;
    sla_buf b = {0};
    size_t col = sla_mail_encode_words(&b, "Przegląd SLA", 9);
    assert_string_equal(b.data, "=?UTF-8?B?UHJ6ZWdsxIVkIFNMQQ==?=");
    assert_int_equal(col, 9 + strlen(b.data));
    sla_buf_free(&b);
}

static void test_long_text_folds_and_round_trips(void **state)
{
    (void)state;
    const char *texts[] = {
        "Przegląd SLA marketing–sprzedaż 2025-Q2 – Kruszwil Systemy sp. z o.o.",
        "ŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁ",
        "€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€€",
        "😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀",
        "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        for (size_t start = 0; start <= 76; start++) {
            sla_buf b = {0};
            sla_mail_encode_words(&b, texts[i], start);
            char *back = check_words(b.data, start);
            assert_string_equal(back, texts[i]);
            free(back);
            sla_buf_free(&b);
        }
}

static void test_words_end_after_a_space(void **state)
{
    (void)state;
    sla_buf b = {0};
    sla_mail_encode_words(&b, "Łukasz Wójcik-Żebrowski, kierownik zespołu sprzedaży Beta", 4);
    /* The first word ends with "kierownik ", not inside "zespołu". */
    sla_buf first = {0};
    unbase64(b.data + 10, (size_t)(strstr(b.data, "?=") - b.data) - 10, &first);
    assert_string_equal(first.data, "Łukasz Wójcik-Żebrowski, kierownik ");
    sla_buf_free(&first);
    sla_buf_free(&b);
}

static void test_address_check(void **state)
{
    (void)state;
    const char *good[] = {"anna.nowak@example.pl", "a+sla@sub.example.com", "x_y-z@a-b.c0",
                          "o'brien@example.ie"};
    const char *bad[] = {"",
                         "anna",
                         "@example.pl",
                         "anna@",
                         "anna@example",
                         "anna@@example.pl",
                         "an na@example.pl",
                         "anna@exam ple.pl",
                         ".anna@example.pl",
                         "anna.@example.pl",
                         "an..na@example.pl",
                         "anna@-example.pl",
                         "anna@example-.pl",
                         "anna@example..pl",
                         "anna@example.pl.",
                         "anna@example.pl\r\nBcc: x@evil.example",
                         "anna@example.pl\n",
                         "<anna@example.pl>",
                         "Anna <anna@example.pl>",
                         "anna@example.pl>",
                         "a\"b@example.pl",
                         "anna@exa_mple.pl",
                         "żaneta@example.pl",
                         "anna@przykład.pl"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        assert_true(sla_mail_address_valid(good[i]));
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (sla_mail_address_valid(bad[i]))
            fail_msg("accepted \"%s\"", bad[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_short_subject_is_one_word),
        cmocka_unit_test(test_long_text_folds_and_round_trips),
        cmocka_unit_test(test_words_end_after_a_space),
        cmocka_unit_test(test_address_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
