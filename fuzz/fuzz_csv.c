/*
 * fuzz_csv.c - the CSV reader (ingest_csv.h) over arbitrary bytes.
 *
 * The first byte picks the options (delimiter, encoding, whether the reader is
 * stopped early); the rest is the file. Every record handed out must be what
 * the header promises: NUL-terminated fields of the stated lengths, a line
 * number that never goes backwards, and valid UTF-8 unless flawed. The file
 * is read twice, on one thread and pipelined, and both must hand out the
 * same records.
 */
#include <string.h>

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
        sla_buf_append(&s->out, ",", 1);
    }
    sla_buf_printf(&s->out, "@%ld/%d/", rec->line, (int)rec->flaw);
    sla_buf_append(&s->out, rec->raw, rec->raw_len);
    sla_buf_append(&s->out, "\n", 1);
    sla_csv_sniff(rec->raw, rec->raw_len);
    return ++s->records != s->stop_after;
}

/* Read the file one way; what was handed out is in s->out. */
static void read_once(const char *path, const sla_csv_opts *opts, seen *s, sla_csv_info *info)
{
    sla_error err = {0};
    sla_status st = sla_csv_read(path, "input.csv", opts, on_record, s, info, &err);
    fuzz_check(st == SLA_OK, "a readable file always reads");
    fuzz_check(info->records == s->records, "every record is counted");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char delimiters[] = {0, ',', ';', '\t', '|'};
    if (size < 1)
        return 0;
    sla_csv_opts opts = {delimiters[data[0] % 5], (sla_csv_encoding)(data[0] / 5 % 3), false,
                         NULL, NULL, NULL, 0};
    const char *path = fuzz_write("input.csv", data + 1, size - 1);
    long stop_after = data[0] >= 240 ? data[0] - 239 : 0;
    seen one = {.stop_after = stop_after}, piped = {.stop_after = stop_after};
    sla_csv_info info_one, info_piped;
    read_once(path, &opts, &one, &info_one);
    opts.pipelined = true;
    read_once(path, &opts, &piped, &info_piped);
    fuzz_check(one.out.len == piped.out.len &&
                   (one.out.len == 0 || memcmp(one.out.data, piped.out.data, one.out.len) == 0),
               "pipelined reading hands out the same records");
    fuzz_check(info_one.delimiter == info_piped.delimiter &&
                   info_one.encoding == info_piped.encoding,
               "pipelined reading detects the same dialect");
    sla_buf_free(&one.out);
    sla_buf_free(&piped.out);
    return 0;
}
