/*
 * events_diff.c - see events_diff.h.
 */
#include "events_diff.h"

#include <inttypes.h>
#include <string.h>

#include "dataset.h"
#include "ingest_json.h"

static void put_text(sla_buf *b, const char *name, const char *s)
{
    sla_buf_printf(b, " %s=", name);
    if (s)
        sla_buf_printf(b, "\"%s\"", s);
    else
        sla_buf_puts(b, "NULL");
}

/* Raw bytes as length and text: a raw line may hold any byte. */
static void put_raw(sla_buf *b, const char *raw, size_t len)
{
    sla_buf_printf(b, " raw=%zu:", len);
    sla_buf_append(b, raw, len);
    sla_buf_puts(b, "\n");
}

static void on_event(void *ctx, const sla_event *ev)
{
    sla_buf *b = ctx;
    sla_buf_printf(b, "event file=%" PRIu32 " line=%ld where=%s", ev->source_file, ev->line,
                   ev->where);
    put_text(b, "lead_id", ev->lead_id);
    put_text(b, "email", ev->email);
    /* %a: the score's exact bits, NAN when absent */
    sla_buf_printf(b, " mql=%d at=%" PRId64 " score=%a", ev->is_mql, ev->at, ev->score);
    put_raw(b, ev->raw, ev->raw_len);
}

static void run(const char *path, const sla_profile *profile, bool fast, sla_buf *b,
                long *fast_lines)
{
    sla_dataset *ds = sla_dataset_new(NULL);
    ds->file_count = ds->file_cap = 1;
    ds->files = sla_xcalloc(1, sizeof *ds->files);
    ds->files[0].display = sla_xstrdup("events.jsonl");
    sla_error err = {0};
    /* The fast path runs pipelined, Jansson on one thread: a difference in
     * either shows. */
    sla_status st = sla_events_read_with(path, "events.jsonl", 0, profile, ds, on_event, NULL, b,
                                         fast, fast, fast_lines, &err);
    sla_buf_printf(b, "status=%d %s:%ld:%ld %s\n", st, err.source, err.line, err.column, err.text);
    const sla_dq *dq = &ds->dq;
    sla_buf_printf(b, "rows_read=%ld rows_rejected=%ld rows_with_problems=%ld file_rows=%ld\n",
                   dq->rows_read, dq->rows_rejected, dq->rows_with_problems, ds->files[0].rows);
    for (int k = 0; k < SLA_PB_COUNT; k++)
        sla_buf_printf(b, "%s%ld", k ? " " : "problems=", dq->problems[k]);
    sla_buf_puts(b, "\n");
    for (size_t i = 0; i < dq->reject_count; i++) {
        const sla_reject *r = &dq->rejects[i];
        sla_buf_printf(b, "reject file=%" PRIu32 " line=%ld column=%ld kind=%s reason=%s",
                       r->source_file, r->line, r->column, sla_problem_key(r->kind), r->reason);
        put_raw(b, r->raw, strlen(r->raw));
    }
    sla_dataset_free(ds);
}

void events_diff_run(const char *path, const sla_profile *profile, events_diff *out)
{
    memset(out, 0, sizeof *out);
    run(path, profile, true, &out->fast, &out->fast_lines);
    run(path, profile, false, &out->jansson, NULL);
}

void events_diff_free(events_diff *d)
{
    sla_buf_free(&d->fast);
    sla_buf_free(&d->jansson);
}
