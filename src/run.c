/*
 * run.c - the pipeline as the two commands use it.
 *
 * Everything a run writes goes into one temporary folder that replaces
 * OUT/<period>/ only when every file is complete, so a failed run never
 * leaves a half-written pack where a cron job's mail step would pick it up.
 */
#include "run.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "dataset.h"
#include "kpi.h"
#include "mail.h"
#include "output.h"
#include "parse.h"
#include "i18n.h"
#include "render_jobs.h"
#include "render_json.h"
#include "render_pdf.h"
#include "render_xlsx.h"
#include "util.h"

#ifndef SLAPACK_DATADIR
#define SLAPACK_DATADIR "templates"
#endif
#ifndef SLAPACK_FONTSDIR
#define SLAPACK_FONTSDIR "fonts"
#endif

/* Rejected rows shown on stderr before "and N more". */
#define WARN_ROWS 5

const char *sla_templates_dir(void)
{
    const char *env = getenv("SLAPACK_TEMPLATES");
    return env && *env ? env : SLAPACK_DATADIR;
}

const char *sla_fonts_dir(void)
{
    const char *env = getenv("SLAPACK_FONTS");
    return env && *env ? env : SLAPACK_FONTSDIR;
}

static double monotonic_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Announce the next phase on a terminal; with SLAPACK_TIMING set, also print
 * how long the previous one took (the benchmark's per-phase breakdown). */
static void progress(const char *fmt, const char *arg)
{
    static double started;
    static char phase[64];
    double now = monotonic_seconds();
    const char *timing = getenv("SLAPACK_TIMING");
    if (timing && *timing && phase[0])
        fprintf(stderr, "slapack: timing: %-22s %8.3f s\n", phase, now - started);
    snprintf(phase, sizeof phase, "%s", arg);
    started = now;
    if (!isatty(STDERR_FILENO))
        return;
    fprintf(stderr, "slapack: ");
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
}

/* One warning line per rejected row, up to WARN_ROWS, then a count. */
static void warn_rejects(const sla_dataset *ds, const char *where)
{
    const sla_dq *dq = &ds->dq;
    for (size_t i = 0; i < dq->reject_count && i < WARN_ROWS; i++) {
        const sla_reject *r = &dq->rejects[i];
        const char *file = ds->files[r->source_file].display;
        if (r->line > 0 && r->column > 0)
            fprintf(stderr, "slapack: %s:%ld:%ld: warning: %s\n", file, r->line, r->column,
                    r->reason);
        else if (r->line > 0)
            fprintf(stderr, "slapack: %s:%ld: warning: %s\n", file, r->line, r->reason);
        else
            fprintf(stderr, "slapack: %s: warning: %s\n", file, r->reason);
    }
    if (dq->reject_count > WARN_ROWS)
        fprintf(stderr, "slapack: warning: %zu more rows rejected\n",
                dq->reject_count - WARN_ROWS);
    if (dq->reject_count > 0 && where)
        fprintf(stderr, "slapack: warning: %zu rows rejected in all; listed in %s\n",
                dq->reject_count, where);
}

/* Config, leads and events, activities: the whole ingest for one period. */
static sla_status ingest(const sla_options *o, sla_config **cfg, sla_dataset **ds,
                         sla_kpi_ctx *ctx, sla_error *err)
{
    progress("reading %s", "the config");
    sla_status st = sla_config_load(o->config, o->in_dir, cfg, err);
    if (st)
        return st;
    *ds = sla_dataset_new(sla_templates_dir());
    sla_period period;
    if (o->period) {
        if ((st = sla_period_parse(o->period, (*cfg)->tz, &period, err)))
            return st;
    } else { /* validate: any period will do, the KPIs are not kept */
        sla_period_parse("2000-01", (*cfg)->tz, &period, err);
    }
    int64_t as_of = SLA_NO_TIME;
    if (o->as_of) {
        sla_time_result tr =
            sla_parse_time(o->as_of, strlen(o->as_of), SLA_ORDER_AUTO, (*cfg)->tz, &as_of);
        if (tr != SLA_TIME_OK)
            return sla_fail(err, SLA_ERR_USAGE, "", 0, 0, "--as-of: \"%s\" %s", o->as_of,
                            sla_time_result_text(tr));
    }
    if ((st = sla_kpi_ctx_init(ctx, *cfg, &period, as_of, err)))
        return st;
    progress("reading %s", "leads");
    if ((st = sla_dataset_load_leads(*ds, *cfg, err)))
        return st;
    sla_kpi_prepare(ctx, *ds);
    progress("reading %s", "activities");
    return sla_dataset_stream_activities(*ds, *cfg, sla_kpi_fold_touch, ctx, err);
}

/* The path of a file named name_fmt % label inside the temporary output folder. */
static char *out_file(const sla_outdir *out, const char *name_fmt, const char *label)
{
    char name[128];
    snprintf(name, sizeof name, name_fmt, label);
    return sla_out_path(out, name);
}

/* The workbook, for a child process of render_all(). */
typedef struct workbook_job {
    const sla_results *results;
    const sla_lang *lang;
    int64_t now;
    const char *path;
    sla_scorecards *cards; /* taken once the workbook is written */
} workbook_job;

/* Write the workbook, then help with the scorecards; with SLAPACK_TIMING,
 * say how long the workbook took (the parent's own timings cannot show a
 * child's). Only the workbook's failure is the child's: the scorecards keep
 * their own. */
static sla_status workbook_child(const void *arg, sla_error *err)
{
    const workbook_job *j = arg;
    double started = monotonic_seconds();
    sla_status st = sla_render_xlsx(j->results, j->lang, j->now, j->path, err);
    const char *timing = getenv("SLAPACK_TIMING");
    if (timing && *timing)
        fprintf(stderr, "slapack: timing: %-22s %8.3f s\n", "the workbook (child)",
                monotonic_seconds() - started);
    if (st == SLA_OK)
        sla_scorecards_take(j->cards, 0);
    return st;
}

/* Every output of a run, into the temporary folder. The workbook takes
 * longest, so with more than one job (SLAPACK_JOBS) a child process writes
 * it while this one writes the rest; then both (and any further jobs) take
 * scorecards until none is left. A failed child fails the run. Errors are
 * reported in the order of a serial run: kpis.json, rejected.csv, the
 * workbook, the PDF pack, the scorecards. */
static sla_status render_all(const sla_results *results, const sla_lang *lang, int64_t now,
                             const sla_outdir *out, sla_error *err)
{
    const char *label = results->period.label;
    sla_pdf_env env = {results, lang, sla_templates_dir(), sla_fonts_dir(), now};
    sla_scorecards *cards;
    char *reps = out_file(out, "reps", label);
    sla_status st = sla_scorecards_open(&env, reps, &cards, err);
    free(reps);
    if (st != SLA_OK)
        return st;
    char *xlsx = out_file(out, "sla-review-%s.xlsx", label);
    workbook_job wb = {results, lang, now, xlsx, cards};
    sla_job job;
    size_t jobs = sla_jobs();
    bool forked = jobs > 1 && sla_job_start(&job, workbook_child, &wb);
    progress("writing %s", "kpis.json");
    char *path = out_file(out, "kpis.json", label);
    st = sla_render_json(results, path, err);
    free(path);
    if (st == SLA_OK) {
        path = out_file(out, "rejected.csv", label);
        st = sla_render_rejected(results->dataset, path, err);
        free(path);
    }
    if (st == SLA_OK && !forked) {
        progress("writing %s", "the workbook");
        st = sla_render_xlsx(results, lang, now, xlsx, err);
    }
    if (st != SLA_OK) {
        if (forked)
            sla_job_cancel(&job);
        sla_error ignored;
        sla_scorecards_close(cards, &ignored);
        free(xlsx);
        return st;
    }
    /* A PDF error waits until the workbook's fate is known: it comes first. */
    sla_error pdf_err = {0};
    progress("writing %s", "the PDF pack");
    path = out_file(out, "sla-review-%s.pdf", label);
    sla_status pdf_st = sla_render_pdf_pack(&env, path, &pdf_err);
    free(path);
    if (pdf_st == SLA_OK) {
        progress("writing %s", "the scorecards");
        /* The workbook's child is a job of its own, and takes scorecards too
         * once it is done. */
        size_t busy = forked ? 2 : 1;
        sla_scorecards_take(cards, jobs > busy ? jobs - busy : 0);
    }
    if (forked) {
        progress("waiting for %s", "the workbook");
        st = sla_job_wait(&job, xlsx, err);
    }
    sla_error cards_err = {0};
    sla_status cards_st = sla_scorecards_close(cards, &cards_err);
    if (pdf_st == SLA_OK && cards_st != SLA_OK) {
        pdf_st = cards_st;
        pdf_err = cards_err;
    }
    if (st == SLA_OK && pdf_st != SLA_OK)
        st = sla_fail(err, pdf_st, pdf_err.source, pdf_err.line, pdf_err.column, "%s",
                      pdf_err.text);
    free(xlsx);
    if (st == SLA_OK) /* the caller syncs every file to disk next: a phase of its own */
        progress("saving %s", "the output folder");
    return st;
}

/* A re-run replaces the whole period folder; the mail delivery log must
 * survive it, or the next `slapack mail` would send everything again. */
static sla_status carry_delivery_log(const char *out_root, const char *label,
                                     const sla_outdir *out, sla_error *err)
{
    char *old_dir = sla_path_join(out_root, label);
    char *old = sla_path_join(old_dir, "mail/delivery.json");
    size_t len;
    char *data = sla_read_file(old, &len);
    sla_status st = SLA_OK;
    if (data) {
        char *dir = sla_out_path(out, "mail");
        char *path = sla_out_path(out, "mail/delivery.json");
        if (mkdir(dir, 0755) != 0 && errno != EEXIST)
            st = sla_fail(err, SLA_ERR_IO, dir, 0, 0, "cannot create: %s", strerror(errno));
        else
            st = sla_write_file_atomic(path, data, len, err);
        free(path);
        free(dir);
        free(data);
    }
    free(old);
    free(old_dir);
    return st;
}

sla_status sla_cmd_run(const sla_options *o, sla_error *err)
{
    sla_config *cfg = NULL;
    sla_dataset *ds = NULL;
    sla_results *results = NULL;
    sla_outdir *out = NULL;
    sla_lang *lang = NULL;
    sla_kpi_ctx ctx;
    int64_t now = sla_now(); /* SOURCE_DATE_EPOCH when set: reproducible files */
    sla_status st = ingest(o, &cfg, &ds, &ctx, err);
    if (st)
        goto out;
    if ((st = sla_lang_load(sla_templates_dir(), cfg->language, &lang, err)))
        goto out;
    progress("computing %s", "KPIs");
    if ((st = sla_kpi_compute(&ctx, ds, &results, err)))
        goto out;
    if ((st = sla_out_begin(o->out_dir, results->period.label, &out, err)))
        goto out;
    if ((st = render_all(results, lang, now, out, err)) ||
        (st = carry_delivery_log(o->out_dir, results->period.label, out, err)))
        goto out;
    st = sla_out_commit(out, err);
    out = NULL;
    if (st == SLA_OK) {
        char *final = sla_path_join(o->out_dir, results->period.label);
        char *rejected = sla_path_join(final, "rejected.csv");
        warn_rejects(ds, rejected);
        progress("wrote %s", final);
        free(rejected);
        free(final);
    }
    if (st == SLA_OK && o->mail)
        st = sla_cmd_mail(o, err);
out:
    sla_out_abort(out);
    sla_lang_free(lang);
    sla_results_free(results);
    sla_dataset_free(ds);
    sla_config_free(cfg);
    return st;
}

sla_status sla_cmd_validate(const sla_options *o, sla_error *err)
{
    sla_config *cfg = NULL;
    sla_dataset *ds = NULL;
    sla_kpi_ctx ctx;
    sla_status st = ingest(o, &cfg, &ds, &ctx, err);
    if (st == SLA_OK) {
        warn_rejects(ds, NULL);
        fprintf(stderr, "slapack: %s: %zu leads, %ld activities, %ld rows read, %ld rejected\n",
                o->config, ds->lead_count, ds->activities_used, ds->dq.rows_read,
                ds->dq.rows_rejected);
        if (ds->dq.rows_rejected > 0)
            st = sla_fail(err, SLA_ERR_INPUT, o->config, 0, 0,
                          "%ld input rows cannot be used (see the warnings above)",
                          ds->dq.rows_rejected);
    }
    sla_dataset_free(ds);
    sla_config_free(cfg);
    return st;
}
