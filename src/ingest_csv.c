/*
 * ingest_csv.c - CSV by physical lines: most split here, the rest by libcsv.
 *
 * A whole line whose fields are plain or plainly quoted is split by
 * split_line(); any other goes to libcsv, which is always right but reads a
 * byte at a time. libcsv reports fields and record ends but no positions.
 * Feeding it line by line lets us know the line of every record start (the
 * first non-blank line fed after the previous record ended) and keep the
 * record's raw bytes. A line ends at LF, CRLF or a lone CR (classic Mac
 * Excel), as libcsv ends records. The file is read in 1 MiB chunks; a line
 * split across chunks is carried over, and a line longer than a chunk is fed
 * in pieces that count once.
 * Windows-1250 is converted to UTF-8 per line with a table (it is a
 * single-byte code page, so a line is always a whole number of characters).
 * Pipelined, all of this happens on a reading thread (see the end).
 */
#include "ingest_csv.h"

#include <csv.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipe.h"
#include "util.h"

#define CHUNK (1u << 20)

/* Windows-1250 bytes 0x80..0xFF as Unicode code points (0 = undefined). */
static const uint16_t cp1250[128] = {
    0x20AC, 0,      0x201A, 0,      0x201E, 0x2026, 0x2020, 0x2021, 0,      0x2030, 0x0160, 0x2039,
    0x015A, 0x0164, 0x017D, 0x0179, 0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0,      0x2122, 0x0161, 0x203A, 0x015B, 0x0165, 0x017E, 0x017A, 0x00A0, 0x02C7, 0x02D8, 0x0141,
    0x00A4, 0x0104, 0x00A6, 0x00A7, 0x00A8, 0x00A9, 0x015E, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x017B,
    0x00B0, 0x00B1, 0x02DB, 0x0142, 0x00B4, 0x00B5, 0x00B6, 0x00B7, 0x00B8, 0x0105, 0x015F, 0x00BB,
    0x013D, 0x02DD, 0x013E, 0x017C, 0x0154, 0x00C1, 0x00C2, 0x0102, 0x00C4, 0x0139, 0x0106, 0x00C7,
    0x010C, 0x00C9, 0x0118, 0x00CB, 0x011A, 0x00CD, 0x00CE, 0x010E, 0x0110, 0x0143, 0x0147, 0x00D3,
    0x00D4, 0x0150, 0x00D6, 0x00D7, 0x0158, 0x016E, 0x00DA, 0x0170, 0x00DC, 0x00DD, 0x0162, 0x00DF,
    0x0155, 0x00E1, 0x00E2, 0x0103, 0x00E4, 0x013A, 0x0107, 0x00E7, 0x010D, 0x00E9, 0x0119, 0x00EB,
    0x011B, 0x00ED, 0x00EE, 0x010F, 0x0111, 0x0144, 0x0148, 0x00F3, 0x00F4, 0x0151, 0x00F6, 0x00F7,
    0x0159, 0x016F, 0x00FA, 0x0171, 0x00FC, 0x00FD, 0x0163, 0x02D9};

/* Append s (Windows-1250) to b as UTF-8; undefined bytes become U+FFFD. */
static void cp1250_to_utf8(sla_buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            sla_buf_append(b, (const char *)&c, 1);
            continue;
        }
        uint16_t cp = cp1250[c - 0x80];
        if (!cp)
            cp = 0xFFFD;
        char u[3];
        if (cp < 0x800) {
            u[0] = (char)(0xC0 | (cp >> 6));
            u[1] = (char)(0x80 | (cp & 0x3F));
            sla_buf_append(b, u, 2);
        } else {
            u[0] = (char)(0xE0 | (cp >> 12));
            u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
            u[2] = (char)(0x80 | (cp & 0x3F));
            sla_buf_append(b, u, 3);
        }
    }
}

char sla_csv_sniff(const char *line, size_t len)
{
    static const char candidates[] = {',', ';', '\t', '|'};
    size_t counts[4] = {0};
    bool quoted = false;
    for (size_t i = 0; i < len; i++) {
        if (line[i] == '"')
            quoted = !quoted;
        else if (!quoted)
            for (int k = 0; k < 4; k++)
                if (line[i] == candidates[k])
                    counts[k]++;
    }
    int best = 0;
    for (int k = 1; k < 4; k++)
        if (counts[k] > counts[best])
            best = k;
    return counts[best] ? candidates[best] : ',';
}

void sla_csv_put_field(sla_buf *b, const char *s, size_t len)
{
    bool quote = len > 0 && (s[0] == ' ' || s[len - 1] == ' ');
    for (size_t i = 0; i < len && !quote; i++)
        quote = s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
    if (!quote) {
        sla_buf_append(b, s, len);
        return;
    }
    sla_buf_append(b, "\"", 1);
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"')
            sla_buf_append(b, "\"", 1);
        sla_buf_append(b, s + i, 1);
    }
    sla_buf_append(b, "\"", 1);
}

typedef struct reader {
    struct csv_parser parser;
    const sla_csv_opts *opts;
    sla_csv_info *info;
    sla_csv_fn fn;
    void *ctx;
    sla_buf fields;  /* field bytes, each NUL-terminated */
    const char **ptrs; /* the record's fields, as handed to fn */
    size_t *offsets; /* start of each field in fields */
    size_t *lengths;
    size_t field_count, field_cap;
    sla_buf raw;      /* the record's bytes as read */
    sla_buf utf8;     /* a converted line (Windows-1250 input) */
    long line;        /* lines fed so far */
    bool mid_line;    /* the last piece fed did not end its line */
    long record_line; /* first line of the current record, 0 = between records */
    sla_csv_flaw flaw;
    bool stop;
} reader;

/* Room for one more field in the per-record arrays. */
static void reserve_field(reader *r)
{
    if (r->field_count < r->field_cap)
        return;
    size_t cap = r->field_cap;
    sla_grow((void **)&r->offsets, &cap, r->field_count + 1, sizeof(size_t));
    r->lengths = sla_xrealloc(r->lengths, cap * sizeof(size_t));
    r->ptrs = sla_xrealloc(r->ptrs, (cap + 1) * sizeof(char *));
    r->field_cap = cap;
}

static void on_field(void *data, size_t len, void *ctx)
{
    reader *r = ctx;
    reserve_field(r);
    r->offsets[r->field_count] = r->fields.len;
    r->lengths[r->field_count] = len;
    sla_buf_append(&r->fields, data ? data : "", len);
    sla_buf_append(&r->fields, "", 1);
    r->field_count++;
}

/* Hand one record to fn and reset for the next one. Its fields always lie in
 * order in one buffer (r->fields), which copy_record relies on. */
static void hand_over(reader *r, const char *raw, size_t raw_len, sla_csv_flaw flaw)
{
    sla_csv_record rec = {r->ptrs,  r->lengths, r->field_count, r->record_line,
                          raw,      raw_len,    flaw,           NULL};
    r->info->records++;
    if (!r->fn(r->ctx, &rec))
        r->stop = true;
    r->field_count = 0;
    r->record_line = 0;
    r->flaw = SLA_CSV_FINE;
}

/* Deliver the record libcsv collected so far and reset for the next one. */
static void deliver(reader *r)
{
    if (r->stop || r->record_line == 0)
        return;
    size_t raw_len = r->raw.len;
    while (raw_len > 0 && (r->raw.data[raw_len - 1] == '\n' || r->raw.data[raw_len - 1] == '\r'))
        raw_len--;
    reserve_field(r); /* ptrs exists even for a record of no fields */
    sla_csv_flaw flaw = r->flaw;
    for (size_t i = 0; i < r->field_count; i++) {
        r->ptrs[i] = r->fields.data + r->offsets[i];
        if (!flaw && !sla_utf8_valid(r->ptrs[i], r->lengths[i]))
            flaw = SLA_CSV_BAD_UTF8;
    }
    hand_over(r, r->raw.data ? r->raw.data : "", raw_len, flaw);
    sla_buf_reset(&r->fields);
    sla_buf_reset(&r->raw);
}

static void on_record(int c, void *ctx)
{
    (void)c;
    deliver(ctx);
}

/* libcsv grows its field buffer by a fixed block (128 bytes by default), so
 * a 10 MB field would cost quadratic copying; grow by a megabyte instead. */
static void init_parser(reader *r)
{
    csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL);
    csv_set_blk_size(&r->parser, 1u << 20);
}

static void reset_parser(reader *r)
{
    csv_free(&r->parser);
    init_parser(r);
    csv_set_delim(&r->parser, (unsigned char)r->info->delimiter);
}

/* The bytes a line split stops at (the delimiter, quotes, CR, NUL), found
 * 64 at a time as a bit mask: one pass over the line rather than a memchr
 * per field, which costs more than the scan on fields a few bytes long.
 * Sixteen bytes per step with SSE2 (every x86-64 has it), else a byte at a
 * time. Masks are taken before the splitter writes into the line, and it
 * writes only behind the last stop it has taken. */
typedef struct stop_scan {
    const char *base, *end; /* the window [base, base + 64); the line's end */
    uint64_t mask;          /* stops in the window not yet taken */
    char delim;
    bool non_ascii; /* a byte >= 0x80 in the windows scanned so far */
} stop_scan;

static uint64_t stops_in(stop_scan *s, const char *p, size_t n)
{
    uint64_t mask = 0;
    unsigned high = 0;
    size_t i = 0;
#ifdef __SSE2__
    const __m128i d = _mm_set1_epi8(s->delim), q = _mm_set1_epi8('"'),
                  cr = _mm_set1_epi8('\r'), nul = _mm_setzero_si128();
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, d), _mm_cmpeq_epi8(v, q)),
                                   _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, nul)));
        mask |= (uint64_t)(unsigned)_mm_movemask_epi8(hit) << i;
        high |= (unsigned)_mm_movemask_epi8(v);
    }
#endif
    for (; i < n; i++) {
        if (p[i] == s->delim || p[i] == '"' || p[i] == '\r' || p[i] == '\0')
            mask |= UINT64_C(1) << i;
        high |= (unsigned char)p[i] & 0x80;
    }
    s->non_ascii = s->non_ascii || high;
    return mask;
}

/* The next stop at or after the last one taken, or the line's end. */
static char *next_stop(stop_scan *s)
{
    while (!s->mask) {
        s->base += 64;
        if (s->base >= s->end)
            return (char *)s->end;
        size_t n = (size_t)(s->end - s->base);
        s->mask = stops_in(s, s->base, n < 64 ? n : 64);
    }
    const char *at = s->base + __builtin_ctzll(s->mask);
    s->mask &= s->mask - 1;
    return (char *)at;
}

/* A whole line without CR or NUL whose quoted fields all close on it is a
 * record by itself: split it here instead of feeding libcsv a byte at a time
 * (nearly every export line is like this). The fields are cut out of a copy
 * of the line, so the raw text stays as read and nothing is allocated per
 * record. Only the plain forms are taken: unquoted fields (trimmed of spaces
 * and tabs, as libcsv trims them) and fields quoted from their first byte to
 * a closing quote right before the delimiter; anything else (a quote inside
 * an unquoted field, text after a closing quote, a field that goes on to the
 * next line, CR or NUL anywhere) is left to libcsv. Returns false when the
 * line needs it. */
static bool split_line(reader *r, const char *line, size_t len)
{
    size_t content = len;
    while (content > 0 && line[content - 1] == '\n')
        content--;
    if (content > 0 && line[content - 1] == '\r')
        content--;
    char delim = r->info->delimiter;
    bool blank = true;
    for (size_t i = 0; i < content && blank; i++)
        blank = (line[i] == ' ' || line[i] == '\t') && line[i] != delim;
    if (blank)
        return false; /* libcsv's own rule for a line of spaces applies */
    sla_buf_append(&r->fields, line, content); /* NUL-terminated: the last field's end */
    char *p = r->fields.data, *end = p + content;
    stop_scan scan = {p, end, 0, delim, false};
    scan.mask = stops_in(&scan, p, content < 64 ? content : 64);
    for (;;) {
        char *a = p, *b, *next = next_stop(&scan);
        if (next == p && *p == '"') {
            char *q = p + 1;
            b = p; /* the unquoted text is written over the quoted */
            for (;;) {
                char *quote = next_stop(&scan);
                while (quote < end && *quote == delim) /* a delimiter inside the quotes */
                    quote = next_stop(&scan);
                if (quote == end || *quote != '"')
                    goto libcsv; /* not closed on this line, or CR or NUL */
                memmove(b, q, (size_t)(quote - q));
                b += quote - q;
                q = quote + 1;
                if (q < end && *q == '"') {
                    next_stop(&scan); /* the second quote of the pair */
                    *b++ = '"';
                    q++;
                } else {
                    break;
                }
            }
            if (q < end && *q != delim)
                goto libcsv;
            next = q < end ? next_stop(&scan) : NULL;
        } else {
            if (next < end && *next != delim)
                goto libcsv; /* a quote inside the field, or CR or NUL */
            b = next;
            if (next == end)
                next = NULL;
            while (a < b && (*a == ' ' || *a == '\t') && *a != delim)
                a++;
            while (b > a && (b[-1] == ' ' || b[-1] == '\t') && b[-1] != delim)
                b--;
        }
        *b = '\0';
        reserve_field(r);
        r->ptrs[r->field_count] = a;
        r->lengths[r->field_count++] = (size_t)(b - a);
        if (!next)
            break;
        p = next + 1;
    }
    /* Cutting at ASCII delimiters keeps every field valid when the line is.
     * The scan has seen every byte by now (the last field ran to the end, or
     * its closing quote is the last byte): a line of ASCII needs no check. */
    bool valid = !scan.non_ascii || sla_utf8_valid(line, content);
    hand_over(r, line, content, valid ? SLA_CSV_FINE : SLA_CSV_BAD_UTF8);
    sla_buf_reset(&r->fields);
    return true;
libcsv:
    r->field_count = 0;
    sla_buf_reset(&r->fields);
    return false;
}

/* Feed one physical line (with its line break, if any), or a piece of one. */
static void feed_line(reader *r, const char *line, size_t len)
{
    if (!r->mid_line)
        r->line++;
    r->mid_line = line[len - 1] != '\n' && line[len - 1] != '\r';
    bool record_starts = r->record_line == 0;
    if (r->record_line == 0) {
        size_t content = len;
        while (content > 0 && (line[content - 1] == '\n' || line[content - 1] == '\r'))
            content--;
        if (content == 0)
            return; /* blank line between records */
        r->record_line = r->line;
    }
    if (r->info->delimiter == 0) { /* the header line: now the delimiter can be known */
        r->info->delimiter = r->opts->delimiter ? r->opts->delimiter : sla_csv_sniff(line, len);
        csv_set_delim(&r->parser, (unsigned char)r->info->delimiter);
    }
    /* Windows-1250 is converted first: the fields, and the raw text kept for
     * rejected.csv, are UTF-8 either way. */
    const char *text = line;
    size_t text_len = len;
    if (r->info->encoding == SLA_ENC_CP1250) {
        sla_buf_reset(&r->utf8);
        cp1250_to_utf8(&r->utf8, line, len);
        text = r->utf8.data;
        text_len = r->utf8.len;
    }
    if (record_starts && !r->mid_line && line[len - 1] == '\n' &&
        split_line(r, text, text_len))
        return;
    sla_buf_append(&r->raw, text, text_len);
    if (memchr(line, '\0', len) && !r->flaw)
        r->flaw = SLA_CSV_NUL_BYTE;
    if (csv_parse(&r->parser, text, text_len, on_field, on_record, r) != text_len) {
        /* Broken quoting: report the record so far as malformed, restart clean
         * on the next line. */
        if (!r->flaw)
            r->flaw = SLA_CSV_BAD_QUOTES;
        deliver(r);
        reset_parser(r);
    }
}

/* Length of the line at s with its break (LF, CRLF or a lone CR), or 0 when
 * its end is not in the n bytes yet: a CR at the very end may be half of a
 * CRLF, unless the file ends there. */
static size_t line_length(const char *s, size_t n, bool eof)
{
    const char *nl = memchr(s, '\n', n);
    const char *cr = memchr(s, '\r', nl ? (size_t)(nl - s) : n);
    if (cr && cr + 1 == s + n && !eof)
        return 0;
    if (cr && cr + 1 != nl)
        return (size_t)(cr - s) + 1;
    return nl ? (size_t)(nl - s) + 1 : 0;
}

/* Count valid multi-byte UTF-8 sequences and bytes that start no valid one. */
static void utf8_census(const char *s, size_t n, size_t *valid_multibyte, size_t *invalid)
{
    size_t i = 0;
    while (i < n) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        size_t len = 0;
        for (size_t k = 2; k <= 4 && !len; k++)
            if (i + k <= n && sla_utf8_valid(s + i, k))
                len = k;
        if (len) {
            (*valid_multibyte)++;
            i += len;
        } else {
            (*invalid)++;
            i++;
        }
    }
}

/* Decide the encoding from the first chunk and strip a BOM. */
static size_t detect_encoding(reader *r, const char *buf, size_t n, bool whole_file)
{
    size_t skip = 0;
    if (n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
        r->info->had_bom = true;
        skip = 3;
    }
    if (r->opts->encoding != SLA_ENC_AUTO) {
        r->info->encoding = r->opts->encoding;
        return skip;
    }
    if (skip) {
        r->info->encoding = SLA_ENC_UTF8;
        return skip;
    }
    size_t check = n;
    if (!whole_file) /* do not judge a character cut in half at the chunk's end */
        while (check > 0 && n - check < 4 && ((unsigned char)buf[check - 1] & 0x80))
            check--;
    /* UTF-8 text with a few broken bytes is still UTF-8 (its broken rows are
     * rejected); text with more broken than valid multi-byte sequences is
     * taken for Windows-1250, as Polish Excel writes it (whose letters now and
     * then form a valid sequence by accident: "ęŁł" is EA A3 B3). */
    size_t valid_multibyte = 0, invalid = 0;
    utf8_census(buf, check, &valid_multibyte, &invalid);
    if (invalid > valid_multibyte) {
        r->info->encoding = SLA_ENC_CP1250;
        r->info->encoding_guessed = true;
    } else {
        r->info->encoding = SLA_ENC_UTF8;
    }
    return skip;
}

static sla_status read_file(const char *path, const char *display, const sla_csv_opts *opts,
                            sla_csv_fn fn, void *ctx, sla_csv_info *info, sla_error *err)
{
    memset(info, 0, sizeof *info);
    FILE *f = fopen(path, "rb");
    if (!f)
        return sla_fail(err, errno == ENOENT ? SLA_ERR_INPUT : SLA_ERR_IO, display, 0, 0,
                        "cannot open: %s", strerror(errno));
    reader r = {.opts = opts, .info = info, .fn = fn, .ctx = ctx};
    init_parser(&r);
    char *buf = sla_xmalloc(CHUNK);
    size_t have = 0; /* bytes carried over from the previous chunk */
    bool first = true, eof = false;
    sla_status st = SLA_OK;
    while (!eof && !r.stop) {
        size_t n = fread(buf + have, 1, CHUNK - have, f);
        if (n == 0) {
            if (ferror(f)) {
                st = sla_fail(err, SLA_ERR_IO, display, r.line + 1, 0, "read error: %s",
                              strerror(errno));
                break;
            }
            eof = true;
        }
        size_t end = have + n, pos = 0;
        if (first && end > 0) {
            pos = detect_encoding(&r, buf, end, n < CHUNK - have);
            first = false;
        }
        for (size_t len; !r.stop && (len = line_length(buf + pos, end - pos, eof)) > 0; pos += len)
            feed_line(&r, buf + pos, len);
        if (!r.stop && eof && end > pos) { /* the last line, without a break */
            feed_line(&r, buf + pos, end - pos);
            pos = end;
        } else if (!r.stop && pos == 0 && end == CHUNK) { /* a line longer than a chunk */
            pos = buf[end - 1] == '\r' ? end - 1 : end;   /* keep what may be half a CRLF */
            feed_line(&r, buf, pos);
        }
        have = end - pos;
        memmove(buf, buf + pos, have);
    }
    if (st == SLA_OK && !r.stop) {
        if (csv_fini(&r.parser, on_field, on_record, &r) != 0) {
            r.flaw = SLA_CSV_UNTERMINATED;
            deliver(&r);
        } else {
            deliver(&r); /* a record fini completed without a final line break */
        }
    }
    if (!info->delimiter)
        info->delimiter = opts->delimiter ? opts->delimiter : ',';
    csv_free(&r.parser);
    free(buf);
    free(r.offsets);
    free(r.lengths);
    free(r.ptrs);
    sla_buf_free(&r.fields);
    sla_buf_free(&r.raw);
    sla_buf_free(&r.utf8);
    fclose(f);
    return st;
}

/* ---- pipelining ----
 * A second thread reads and splits the file into batches of copied records
 * (pipe.h) while the caller's thread runs fn on the batch before.
 * Preparing a batch's records is shared: once a batch is published, both
 * threads claim chunks of it until none is left, and the caller runs fn only
 * when every chunk is done. Whichever thread has less to do thus takes more
 * of the preparing: the reading thread when rows are expensive to use (many
 * look-ups per row), the caller when they are expensive to read. The
 * reading thread helps only while the caller is behind (sla_pipe_behind). */

#define BATCH_RECORDS 2048
#define BATCH_BYTES (1u << 19)
#define PREPARE_CHUNK 64 /* records claimed at a time */

typedef struct copied_record {
    long line;
    size_t first_field, count; /* into the batch's field arrays */
    size_t raw, raw_len;       /* into the batch's text */
    sla_csv_flaw flaw;
} copied_record;

typedef struct record_batch {
    sla_buf text; /* fields (each NUL-terminated) and raw texts */
    copied_record *records;
    size_t record_count, record_cap;
    unsigned char *prepared; /* record_cap slots of the prepared size (a multiple of 8) */
    size_t *field_at, *field_len;
    size_t field_count, field_cap;
    /* The fields as pointers into text, set once the batch is full (text no
     * longer moves), for every record the batch hands out. */
    const char **field_ptr;
    size_t field_ptr_cap;
    /* Records [prepare_from, record_count) are prepared in chunks of
     * PREPARE_CHUNK, claimed by either thread. */
    size_t prepare_from;
    sla_chunks chunks;
} record_batch;

typedef struct pipelined_read {
    sla_pipe *pipe;
    record_batch *filling; /* the reading thread's open batch, or NULL */
    size_t prepared_slot;  /* opts->prepared_size rounded up to 8 */
    bool header_prepared;  /* opts->prepare has seen the first record */
    const char *path, *display;
    const sla_csv_opts *opts;
    sla_csv_info info;
    sla_error err;
    sla_status st;
} pipelined_read;

/* Record r of a published batch (prepared_slot 0: without its prepared slot). */
static sla_csv_record batch_record(const record_batch *b, size_t r, size_t prepared_slot)
{
    const copied_record *c = &b->records[r];
    /* A batch of empty records has no field arrays and may have no text. */
    return (sla_csv_record){b->field_ptr + c->first_field,
                            c->count ? b->field_len + c->first_field : NULL,
                            c->count,
                            c->line,
                            b->text.data ? b->text.data + c->raw : "",
                            c->raw_len,
                            c->flaw,
                            prepared_slot ? b->prepared + r * prepared_slot : NULL};
}

/* Claim and prepare chunks of a published batch until none is left. */
static void prepare_chunks(const sla_csv_opts *opts, size_t prepared_slot, record_batch *b)
{
    for (size_t k; sla_chunks_claim(&b->chunks, &k);) {
        size_t from = b->prepare_from + k * PREPARE_CHUNK;
        size_t to = from + PREPARE_CHUNK < b->record_count ? from + PREPARE_CHUNK : b->record_count;
        for (size_t r = from; r < to; r++) {
            sla_csv_record rec = batch_record(b, r, 0);
            opts->prepare(opts->prepare_ctx, &rec, b->prepared + r * prepared_slot);
        }
        sla_chunks_done(&b->chunks);
    }
}

/* The reading thread: hand the batch over, then help prepare it if the
 * using thread is behind. */
static void publish_batch(pipelined_read *pr)
{
    record_batch *b = pr->filling;
    pr->filling = NULL;
    size_t left = pr->opts->prepare ? b->record_count - b->prepare_from : 0;
    sla_chunks_reset(&b->chunks, (left + PREPARE_CHUNK - 1) / PREPARE_CHUNK);
    sla_grow((void **)&b->field_ptr, &b->field_ptr_cap, b->field_count + 1, sizeof(char *));
    for (size_t i = 0; i < b->field_count; i++)
        b->field_ptr[i] = b->text.data + b->field_at[i];
    sla_pipe_publish(pr->pipe);
    if (sla_pipe_behind(pr->pipe))
        prepare_chunks(pr->opts, pr->prepared_slot, b);
}

/* The reading thread's fn: copy the record into the batch being filled. */
static bool copy_record(void *ctx, const sla_csv_record *rec)
{
    pipelined_read *pr = ctx;
    record_batch *b = pr->filling;
    if (!b) {
        if (!(b = pr->filling = sla_pipe_fill(pr->pipe)))
            return false; /* the row handler stopped */
        sla_buf_reset(&b->text);
        b->record_count = b->field_count = b->prepare_from = 0;
    }
    size_t record_cap = b->record_cap;
    sla_grow((void **)&b->records, &b->record_cap, b->record_count + 1, sizeof(copied_record));
    if (pr->opts->prepare && record_cap != b->record_cap)
        b->prepared = sla_xrealloc(b->prepared, b->record_cap * pr->prepared_slot);
    if (pr->opts->prepare && !pr->header_prepared) {
        /* The first record (the header) is prepared alone, before any other. */
        pr->header_prepared = true;
        pr->opts->prepare(pr->opts->prepare_ctx, rec,
                          b->prepared + b->record_count * pr->prepared_slot);
        b->prepare_from = b->record_count + 1;
    }
    copied_record *c = &b->records[b->record_count++];
    c->line = rec->line;
    c->flaw = rec->flaw;
    c->first_field = b->field_count;
    c->count = rec->count;
    size_t cap = b->field_cap;
    sla_grow((void **)&b->field_at, &cap, b->field_count + rec->count, sizeof(size_t));
    if (cap != b->field_cap) {
        b->field_len = sla_xrealloc(b->field_len, cap * sizeof(size_t));
        b->field_cap = cap;
    }
    if (rec->count > 0) {
        /* This reader's fields lie in order in one buffer (see hand_over's
         * callers): one copy of the block carries them all, NULs included. */
        const char *first = rec->fields[0];
        const char *end = rec->fields[rec->count - 1] + rec->lengths[rec->count - 1] + 1;
        size_t at = b->text.len;
        sla_buf_append(&b->text, first, (size_t)(end - first));
        for (size_t i = 0; i < rec->count; i++) {
            b->field_at[b->field_count] = at + (size_t)(rec->fields[i] - first);
            b->field_len[b->field_count++] = rec->lengths[i];
        }
    }
    c->raw = b->text.len;
    c->raw_len = rec->raw_len;
    sla_buf_append(&b->text, rec->raw, rec->raw_len);
    if (b->record_count == BATCH_RECORDS || b->text.len >= BATCH_BYTES)
        publish_batch(pr);
    return true;
}

static void read_into_batches(sla_pipe *pipe, void *arg)
{
    pipelined_read *pr = arg;
    pr->pipe = pipe;
    pr->st = read_file(pr->path, pr->display, pr->opts, copy_record, pr, &pr->info, &pr->err);
    if (pr->filling) /* the last, partly filled batch */
        publish_batch(pr);
}

/* Records fn is shown ahead of (see sla_csv_opts.lookahead). */
#define AHEAD 8

typedef struct replayer {
    sla_csv_fn fn, lookahead;
    void *ctx;
    size_t prepared_slot; /* 0: nothing prepared */
    long replayed; /* records fn saw (the reading thread may have read further) */
} replayer;

/* Run fn over one batch; false when fn asked to stop. */
static bool replay(replayer *rp, const record_batch *b)
{
    for (size_t r = 0; r < b->record_count; r++) {
        if (rp->lookahead && r + AHEAD < b->record_count) {
            sla_csv_record ahead = batch_record(b, r + AHEAD, rp->prepared_slot);
            rp->lookahead(rp->ctx, &ahead);
        }
        rp->replayed++;
        sla_csv_record rec = batch_record(b, r, rp->prepared_slot);
        if (!rp->fn(rp->ctx, &rec))
            return false;
    }
    return true;
}

static sla_status read_pipelined(const char *path, const char *display, const sla_csv_opts *opts,
                                 sla_csv_fn fn, void *ctx, sla_csv_info *info, sla_error *err)
{
    record_batch ring[SLA_PIPE_RING] = {0};
    void *batches[SLA_PIPE_RING];
    for (int i = 0; i < SLA_PIPE_RING; i++)
        batches[i] = &ring[i];
    size_t slot = opts->prepare ? (opts->prepared_size + 7) / 8 * 8 : 0;
    pipelined_read pr = {.prepared_slot = slot, .path = path, .display = display, .opts = opts};
    sla_pipe *pipe = sla_pipe_start(batches, read_into_batches, &pr);
    if (!pipe)
        return read_file(path, display, opts, fn, ctx, info, err);
    replayer rp = {.fn = fn, .lookahead = opts->lookahead, .ctx = ctx, .prepared_slot = slot};
    for (record_batch *b; (b = sla_pipe_take(pipe));) {
        prepare_chunks(opts, slot, b);
        sla_chunks_wait(&b->chunks);
        bool go_on = replay(&rp, b);
        sla_pipe_give_back(pipe, !go_on);
        if (!go_on)
            break;
    }
    sla_pipe_join(pipe);
    *info = pr.info;
    info->records = rp.replayed;
    if (pr.st != SLA_OK)
        *err = pr.err;
    for (int i = 0; i < SLA_PIPE_RING; i++) {
        sla_buf_free(&ring[i].text);
        free(ring[i].records);
        free(ring[i].prepared);
        free(ring[i].field_at);
        free(ring[i].field_len);
        free(ring[i].field_ptr);
    }
    return pr.st;
}

sla_status sla_csv_read(const char *path, const char *display, const sla_csv_opts *opts,
                        sla_csv_fn fn, void *ctx, sla_csv_info *info, sla_error *err)
{
    return opts->pipelined ? read_pipelined(path, display, opts, fn, ctx, info, err)
                           : read_file(path, display, opts, fn, ctx, info, err);
}
