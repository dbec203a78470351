/*
 * ingest_csv.h - a CSV reader over libcsv that knows where every record came
 * from: file, first line, field numbers and the raw text, so any problem can
 * be reported precisely and a rejected row can be written out as it was.
 *
 * Reads in chunks (memory does not grow with the file), handles UTF-8 with or
 * without BOM and Windows-1250 (converted to UTF-8), sniffs the delimiter on
 * the header line, and reports broken quoting as a malformed record instead
 * of silently merging lines. A large file can be read on a second thread
 * (pipelined) while the caller handles the records, in the same order.
 */
#ifndef SLA_INGEST_CSV_H
#define SLA_INGEST_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

typedef enum sla_csv_encoding {
    SLA_ENC_AUTO = 0, /* BOM, then UTF-8 validity of the first megabyte */
    SLA_ENC_UTF8,
    SLA_ENC_CP1250
} sla_csv_encoding;

struct sla_csv_record;
typedef bool (*sla_csv_fn)(void *ctx, const struct sla_csv_record *rec);

typedef struct sla_csv_opts {
    char delimiter; /* ',' ';' '\t' '|' or 0 = sniff on the header line */
    sla_csv_encoding encoding;
    bool pipelined; /* read and split on a second thread while fn runs on this one */
    /* Pipelined only, may be NULL: shown most records a few records before
     * fn sees them, so that fn's table look-ups can be fetched ahead. */
    sla_csv_fn lookahead;
    /* Pipelined only, may be NULL: run for every record to work out
     * prepared_size bytes that fn finds in rec->prepared. The first record
     * (the header) is prepared alone on the reading thread; the others on
     * either thread, two at a time, in any order, so after the header it
     * must only read prepare_ctx and write its own record's bytes. Without
     * it, or not pipelined, rec->prepared is NULL. */
    void (*prepare)(void *prepare_ctx, const struct sla_csv_record *rec, void *prepared);
    void *prepare_ctx;
    size_t prepared_size;
} sla_csv_opts;

typedef enum sla_csv_flaw {
    SLA_CSV_FINE = 0,
    SLA_CSV_BAD_QUOTES,   /* a quote inside an unquoted field, text after a closing quote */
    SLA_CSV_UNTERMINATED, /* a quoted field still open at the end of the file */
    SLA_CSV_NUL_BYTE,     /* a NUL byte: binary data, not text */
    SLA_CSV_BAD_UTF8      /* bytes that are not valid UTF-8 */
} sla_csv_flaw;

typedef struct sla_csv_record {
    const char *const *fields; /* NUL-terminated UTF-8 (unless flaw says otherwise) */
    const size_t *lengths;
    size_t count;
    long line;         /* first line of the record, 1-based */
    const char *raw;   /* the record's bytes as read, without the final line break */
    size_t raw_len;
    sla_csv_flaw flaw; /* set: the fields are unreliable, report the record as malformed */
    const void *prepared; /* see sla_csv_opts.prepare; NULL when there is none */
} sla_csv_record;

typedef struct sla_csv_info {
    char delimiter;            /* used */
    sla_csv_encoding encoding; /* used */
    bool encoding_guessed;     /* auto found non-UTF-8 bytes and chose Windows-1250 */
    bool had_bom;
    long records;              /* records delivered, header included */
} sla_csv_info;

/* sla_csv_fn is called for every record, the header first. Return false to
 * stop reading. */

/* Read path; display names the file in errors. Fails (SLA_ERR_IO) only when
 * the file cannot be read; flawed records are passed to fn with flaw set.
 * fn is always called on the calling thread, record by record in file
 * order, whether or not the reading is pipelined. */
sla_status sla_csv_read(const char *path, const char *display, const sla_csv_opts *opts,
                        sla_csv_fn fn, void *ctx, sla_csv_info *info, sla_error *err);

/* The delimiter that occurs most often outside quotes in line (',' default). */
char sla_csv_sniff(const char *line, size_t len);

/* Write one CSV field (quoted when needed) to a buffer. */
struct sla_buf;
void sla_csv_put_field(struct sla_buf *b, const char *s, size_t len);

#endif
