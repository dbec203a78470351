/*
 * fuzz_csv.c - the CSV reader (ingest_csv.h) over arbitrary bytes.
 *
 * The first byte picks the options (delimiter, encoding, whether the reader is
 * stopped early); the rest is the file. Every record handed out must be what
 * the header promises: NUL-terminated fields of the stated lengths, a line
 * number that never goes backwards, and valid UTF-8 unless flawed.
 */
#include "harness.h"
#include "ingest_csv.h"
#include "util.h"

typedef struct seen {
    long last_line;
    long records;
    long stop_after; /* 0 = read everything */
    sla_buf out;
} seen;

static bool on_record(void *ctx, const sla_csv_record *rec)
{
    seen *s = ctx;
    fuzz_check(rec->line >= 1 && rec->line >= s->last_line, "record lines go forwards");
    s->last_line = rec->line;
    fuzz_check(rec->raw != NULL, "raw text is there");
    for (size_t i = 0; i < rec->count; i++) {
        fuzz_check(rec->fields[i][rec->lengths[i]] == '\0', "fields are NUL-terminated");
        fuzz_check(rec->flaw || sla_utf8_valid(rec->fields[i], rec->lengths[i]),
                   "unflawed fields are UTF-8");
        sla_csv_put_field(&s->out, rec->fields[i], rec->lengths[i]);
    }
    sla_csv_sniff(rec->raw, rec->raw_len);
    sla_buf_reset(&s->out);
    return ++s->records != s->stop_after;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char delimiters[] = {0, ',', ';', '\t', '|'};
    if (size < 1)
        return 0;
    sla_csv_opts opts = {delimiters[data[0] % 5], (sla_csv_encoding)(data[0] / 5 % 3)};
    const char *path = fuzz_write("input.csv", data + 1, size - 1);
    seen s = {.stop_after = data[0] >= 240 ? data[0] - 239 : 0};
    sla_csv_info info;
    sla_error err = {0};
    sla_status st = sla_csv_read(path, "input.csv", &opts, on_record, &s, &info, &err);
    fuzz_check(st == SLA_OK, "a readable file always reads");
    fuzz_check(info.records == s.records, "every record is counted");
    sla_buf_free(&s.out);
    return 0;
}
