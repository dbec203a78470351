/*
 * chart_pdf.c - vector charts and fitted text on a canvas (see chart_pdf.h).
 *
 * Every chart computes its own scale from the data it is given (bars and
 * columns from zero), places direct labels, and measures each label before
 * drawing it, so a 60-character name or a ten-digit number is shortened
 * rather than drawn over its neighbour. The charts never decide what a value
 * means: RAG, targets and texts arrive from the caller.
 */
#include "chart_pdf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

const sla_rgb SLA_INK = {0.13, 0.13, 0.13};
const sla_rgb SLA_GREY = {0.45, 0.45, 0.45};
const sla_rgb SLA_LIGHT = {0.78, 0.78, 0.78};
const sla_rgb SLA_RULE = {0.86, 0.86, 0.86};
const sla_rgb SLA_WHITE = {1, 1, 1};
const sla_rgb SLA_GREEN = {0x1a / 255.0, 0x96 / 255.0, 0x41 / 255.0};
const sla_rgb SLA_AMBER = {0xfd / 255.0, 0xae / 255.0, 0x61 / 255.0};
const sla_rgb SLA_RED = {0xd7 / 255.0, 0x19 / 255.0, 0x1c / 255.0};

/* Band tints of the bullet graph: light, and ordered in lightness so the
 * bands stay apart in grey-scale (red darkest). */
static const sla_rgb BAND_GREEN = {0.88, 0.94, 0.89};
static const sla_rgb BAND_AMBER = {0.99, 0.91, 0.80};
static const sla_rgb BAND_RED = {0.96, 0.80, 0.80};
static const sla_rgb BAND_NONE = {0.93, 0.93, 0.93};

#define ELLIPSIS "\xE2\x80\xA6"

/* Draw s at x, y. */
static void put(const sla_canvas *c, double x, double y, const sla_font *f, const char *s)
{
    c->ops->text(c->ctx, x, y, s, f->size, f->bold, f->color);
}

/* Width of s in font f. */
static double width_of(const sla_canvas *c, const sla_font *f, const char *s)
{
    return c->ops->text_width(c->ctx, s, f->size, f->bold);
}

/* Start of the UTF-8 character before position i of s. */
static size_t prev_char(const char *s, size_t i)
{
    while (i > 0 && ((unsigned char)s[--i] & 0xC0) == 0x80)
        ;
    return i;
}

/* s shortened to fit w with a trailing ellipsis, into out (caller frees). */
/* No cell on an A4 page shows more characters than this even at the smallest
 * size; longer text is cut here first, so shortening a 10 MB field costs no
 * more than shortening a long name. */
#define MAX_CELL_CHARS 300

/* Byte length of the first max_chars characters of s. */
static size_t char_prefix(const char *s, size_t max_chars)
{
    size_t i = 0;
    for (size_t n = 0; s[i] && n < max_chars; n++)
        do
            i++;
        while (((unsigned char)s[i] & 0xC0) == 0x80);
    return i;
}

static char *shorten(const sla_canvas *c, const sla_font *f, const char *s, double w)
{
    size_t len = char_prefix(s, MAX_CELL_CHARS);
    sla_buf b = {0};
    /* Longest prefix that fits with the ellipsis: at most a few dozen
     * measurements even for long strings, since most cells are short. */
    for (size_t cut = prev_char(s, len); cut > 0; cut = prev_char(s, cut)) {
        size_t keep = cut;
        while (keep > 0 && s[keep - 1] == ' ')
            keep--;
        sla_buf_reset(&b);
        sla_buf_append(&b, s, keep);
        sla_buf_puts(&b, ELLIPSIS);
        if (width_of(c, f, b.data) <= w)
            return b.data;
    }
    sla_buf_reset(&b);
    if (width_of(c, f, ELLIPSIS) <= w)
        sla_buf_puts(&b, ELLIPSIS);
    else
        sla_buf_puts(&b, "");
    return b.data;
}

double sla_text_fit(const sla_canvas *c, double x, double y, double w, sla_align align,
                    const sla_font *f, const char *s)
{
    if (!s || !*s || w <= 0)
        return 0;
    bool too_long = s[char_prefix(s, MAX_CELL_CHARS)] != '\0';
    double tw = too_long ? INFINITY : width_of(c, f, s);
    char *short_s = NULL;
    if (tw > w) {
        short_s = shorten(c, f, s, w);
        s = short_s;
        tw = width_of(c, f, s);
    }
    double at = align == SLA_ALIGN_LEFT     ? x
                : align == SLA_ALIGN_CENTER ? x + (w - tw) / 2
                                            : x + w - tw;
    if (*s)
        put(c, at, y, f, s);
    free(short_s);
    return tw;
}

double sla_number_fit(const sla_canvas *c, double x, double y, double w, sla_align align,
                      const sla_font *f, const char *s)
{
    double tw = s ? width_of(c, f, s) : 0;
    sla_font small = *f;
    if (tw > w && w > 0)
        small.size = fmax(5.5, f->size * w / tw);
    return sla_text_fit(c, x, y, w, align, &small, s);
}

int sla_text_wrap(const sla_canvas *c, double x, double y, double w, double line_height,
                  int max_lines, const sla_font *f, const char *s, bool draw)
{
    int lines = 0;
    sla_buf line = {0};
    const char *p = s;
    while (*p && lines < max_lines) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        /* Take words while they fit; the last allowed line takes the rest. */
        const char *end = p, *fits = NULL;
        for (;;) {
            const char *word_end = end;
            /* "20,2 %": the space before a percent sign is no place to break. */
            while (*word_end && (*word_end != ' ' || word_end[1] == '%'))
                word_end++;
            sla_buf_reset(&line);
            sla_buf_append(&line, p, (size_t)(word_end - p));
            if (fits && width_of(c, f, line.data) > w)
                break;
            fits = word_end;
            end = word_end;
            if (!*end)
                break;
            end++;
        }
        if (lines == max_lines - 1)
            fits = p + strlen(p);
        sla_buf_reset(&line);
        sla_buf_append(&line, p, (size_t)(fits - p));
        if (draw)
            sla_text_fit(c, x, y + line_height * lines, w, SLA_ALIGN_LEFT, f, line.data);
        lines++;
        p = fits;
    }
    sla_buf_free(&line);
    return lines;
}

sla_rgb sla_rag_color(int rag)
{
    return rag == 1 ? SLA_GREEN : rag == 2 ? SLA_AMBER : rag == 3 ? SLA_RED : SLA_LIGHT;
}

const char *sla_rag_symbol(int rag)
{
    return rag == 1   ? "\xE2\x9C\x93" /* ✓ */
           : rag == 2 ? "!"
           : rag == 3 ? "\xE2\x9C\x97"  /* ✗ */
                      : "\xE2\x80\x93"; /* – */
}

void sla_rag_badge(const sla_canvas *c, double x, double y, double radius, int rag)
{
    sla_rgb fill = sla_rag_color(rag);
    c->ops->circle(c->ctx, x, y, radius, &fill, NULL, 0);
    /* Dark symbol on amber: white on light orange is unreadable. */
    sla_font f = {radius * 1.45, true, rag == 2 || rag < 1 || rag > 3 ? SLA_INK : SLA_WHITE};
    const char *sym = sla_rag_symbol(rag);
    put(c, x - width_of(c, &f, sym) / 2, y + f.size * 0.36, &f, sym);
}

double sla_nice_ceil(double v)
{
    if (!(v > 0) || !isfinite(v))
        return 1;
    double p = pow(10, floor(log10(v)));
    static const double steps[] = {1, 2, 2.5, 5, 10};
    for (size_t i = 0; i < sizeof steps / sizeof *steps; i++)
        if (steps[i] * p >= v * (1 - 1e-12))
            return steps[i] * p;
    return 10 * p;
}

/* The larger of a and b, ignoring NAN. */
static double max_of(double a, double b)
{
    return isnan(a) ? b : isnan(b) ? a : fmax(a, b);
}

/* x of value v on a scale [0, max] mapped onto [x0, x0 + w], clamped. */
static double scale_x(double v, double max, double x0, double w)
{
    double t = max > 0 ? v / max : 0;
    return x0 + w * fmin(1, fmax(0, t));
}

/* Fill a horizontal span of the band strip. */
static void band(const sla_canvas *c, sla_box b, double from, double to, double max, sla_rgb col)
{
    double x0 = scale_x(from, max, b.x, b.w), x1 = scale_x(to, max, b.x, b.w);
    if (x1 > x0)
        c->ops->rect(c->ctx, x0, b.y, x1 - x0, b.h, &col, NULL, 0);
}

/* Format v with fmt into buf ("" when fmt has no function). */
static void format(sla_fmt fmt, double v, char *buf, size_t size)
{
    buf[0] = '\0';
    if (fmt.fn)
        fmt.fn(fmt.ctx, v, buf, size);
}

void sla_chart_bullet(const sla_canvas *c, sla_box b, const sla_bullet *g)
{
    double max = g->scale_max;
    if (!(max > 0)) {
        double m = max_of(max_of(g->value, g->target), max_of(g->previous, g->compare));
        max = sla_nice_ceil(isnan(m) || m <= 0 ? 1 : m * 1.15);
    }
    double t = g->target, tol = g->tolerance;
    if (isnan(t)) {
        band(c, b, 0, max, max, BAND_NONE);
    } else if (g->higher_is_better) {
        band(c, b, 0, t * (1 - tol), max, BAND_RED);
        band(c, b, t * (1 - tol), t, max, BAND_AMBER);
        band(c, b, t, max, max, BAND_GREEN);
    } else {
        band(c, b, 0, t, max, BAND_GREEN);
        band(c, b, t, t * (1 + tol), max, BAND_AMBER);
        band(c, b, t * (1 + tol), max, max, BAND_RED);
    }
    if (!isnan(g->previous) && g->previous > 0) {
        double x1 = scale_x(g->previous, max, b.x, b.w);
        c->ops->rect(c->ctx, b.x, b.y + b.h * 0.74, x1 - b.x, b.h * 0.14, &SLA_GREY, NULL, 0);
    }
    if (!isnan(g->value) && g->value > 0) {
        double x1 = scale_x(g->value, max, b.x, b.w);
        c->ops->rect(c->ctx, b.x, b.y + b.h * 0.3, x1 - b.x, b.h * 0.38, &SLA_INK, NULL, 0);
    }
    if (!isnan(t)) {
        double x = scale_x(t, max, b.x, b.w);
        /* Keep the 2 pt line inside the strip when the target is 0 or max. */
        x = fmin(b.x + b.w - 1, fmax(b.x + 1, x));
        double xy[] = {x, b.y + b.h * 0.1, x, b.y + b.h * 0.9};
        c->ops->line(c->ctx, xy, 2, SLA_INK, 2, false);
    }
    if (!isnan(g->compare)) {
        double x = scale_x(g->compare, max, b.x, b.w);
        c->ops->circle(c->ctx, x, b.y + b.h * 0.49, b.h * 0.2, &SLA_WHITE, &SLA_INK, 0.8);
    }
    if (g->fmt.fn) {
        char buf[64];
        sla_font f = {SLA_PT_SMALL * 0.9, false, SLA_GREY};
        put(c, b.x, b.y + b.h + SLA_PT_SMALL, &f, "0");
        format(g->fmt, max, buf, sizeof buf);
        sla_text_fit(c, b.x + b.w - 60, b.y + b.h + SLA_PT_SMALL, 60, SLA_ALIGN_RIGHT, &f, buf);
    }
}

void sla_chart_hbars(const sla_canvas *c, sla_box b, const sla_hbar *bars, size_t n, double label_w,
                     double target, const char *target_label)
{
    if (n == 0)
        return;
    double max = target;
    for (size_t i = 0; i < n; i++)
        max = max_of(max, bars[i].value);
    max = sla_nice_ceil(isnan(max) || max <= 0 ? 1 : max);
    double slot = b.h / (double)n;
    bool notes = false;
    for (size_t i = 0; i < n; i++)
        notes = notes || bars[i].note;
    double bar_h = fmin(28, slot * (notes ? 0.55 : 0.7));
    double size = fmin(SLA_PT_BODY, bar_h * 0.95);
    sla_font lab = {size, false, SLA_INK}, val = {size, true, SLA_INK};
    sla_font note = {fmin(SLA_PT_SMALL, slot * 0.35), false, SLA_GREY};
    double value_w = 70;
    double x0 = b.x + label_w + 6, w = b.w - label_w - 6 - value_w;
    for (size_t i = 0; i < n; i++) {
        double y = b.y + slot * (double)i;
        double mid = y + bar_h / 2 + size * 0.35;
        sla_text_fit(c, b.x, mid, label_w, SLA_ALIGN_LEFT, &lab, bars[i].label);
        double x1 = isnan(bars[i].value) ? x0 : scale_x(bars[i].value, max, x0, w);
        if (x1 > x0)
            c->ops->rect(c->ctx, x0, y, x1 - x0, bar_h, bars[i].highlight ? &SLA_RED : &SLA_INK,
                         NULL, 0);
        sla_number_fit(c, x1 + 4, mid, value_w - 4, SLA_ALIGN_LEFT, &val, bars[i].value_text);
        if (bars[i].note && i + 1 < n)
            sla_text_fit(c, x0 + 10, y + bar_h + (slot - bar_h) / 2 + note.size * 0.35,
                         w + value_w - 10, SLA_ALIGN_LEFT, &note, bars[i].note);
    }
    double axis[] = {x0, b.y - 2, x0, b.y + slot * (double)(n - 1) + bar_h + 2};
    c->ops->line(c->ctx, axis, 2, SLA_INK, 0.6, false);
    if (!isnan(target)) {
        double x = scale_x(target, max, x0, w);
        double xy[] = {x, b.y - 4, x, b.y + b.h};
        c->ops->line(c->ctx, xy, 2, SLA_INK, 0.8, true);
        if (target_label) {
            sla_font f = {SLA_PT_SMALL, false, SLA_INK};
            double tw = width_of(c, &f, target_label);
            put(c, fmin(x - tw / 2, b.x + b.w - tw), b.y - 6, &f, target_label);
        }
    }
}

/* Category labels centred under slots of width slot from x0, at baseline y. */
static void categories_under(const sla_canvas *c, double x0, double slot, double y,
                             const char *const *cats, size_t n)
{
    sla_font f = {SLA_PT_SMALL, false, SLA_INK};
    for (size_t i = 0; i < n; i++)
        sla_text_fit(c, x0 + slot * (double)i, y, slot, SLA_ALIGN_CENTER, &f, cats[i]);
}

void sla_chart_columns(const sla_canvas *c, sla_box b, const char *const *categories, size_t n,
                       const double *values, const double *targets, sla_fmt fmt)
{
    if (n == 0)
        return;
    double max = NAN;
    for (size_t i = 0; i < n; i++)
        max = max_of(max_of(max, values[i]), targets ? targets[i] : NAN);
    max = sla_nice_ceil(isnan(max) || max <= 0 ? 1 : max * 1.05);
    double top = b.y + 14, base = b.y + b.h - 14, plot_h = base - top;
    double slot = b.w / (double)n, col_w = fmin(slot * 0.45, 56);
    sla_font f = {SLA_PT_SMALL, true, SLA_INK};
    for (size_t i = 0; i < n; i++) {
        double cx = b.x + slot * ((double)i + 0.5);
        if (targets && !isnan(targets[i]) && targets[i] > 0) {
            double th = plot_h * fmin(1, targets[i] / max);
            c->ops->rect(c->ctx, cx - col_w / 2 + col_w * 0.18, base - th, col_w, th, NULL,
                         &SLA_INK, 0.8);
        }
        double h = isnan(values[i]) ? 0 : plot_h * fmin(1, fmax(0, values[i]) / max);
        if (h > 0)
            c->ops->rect(c->ctx, cx - col_w / 2, base - h, col_w, h, &SLA_INK, NULL, 0);
        char buf[64];
        format(fmt, values[i], buf, sizeof buf);
        sla_number_fit(c, cx - slot / 2, base - h - 3, slot, SLA_ALIGN_CENTER, &f, buf);
        if (targets && !isnan(targets[i]) && targets[i] > 0) {
            double ty = base - plot_h * fmin(1, targets[i] / max);
            sla_font tf = {SLA_PT_SMALL, false, SLA_GREY};
            format(fmt, targets[i], buf, sizeof buf);
            if (ty < base - h - 12) /* only when clear of the value label */
                sla_number_fit(c, cx - col_w / 2 + col_w * 0.18, ty - 3, col_w, SLA_ALIGN_CENTER,
                               &tf, buf);
        }
    }
    double axis[] = {b.x, base, b.x + b.w, base};
    c->ops->line(c->ctx, axis, 2, SLA_INK, 0.8, false);
    categories_under(c, b.x, slot, base + 10, categories, n);
}

void sla_chart_lines(const sla_canvas *c, sla_box b, const char *const *categories, size_t n,
                     const sla_series *series, size_t series_n, double target,
                     const char *target_label, sla_fmt fmt)
{
    if (n == 0)
        return;
    double max = target;
    for (size_t s = 0; s < series_n; s++)
        for (size_t i = 0; i < n; i++)
            max = max_of(max, series[s].values[i]);
    double step = sla_nice_ceil(isnan(max) || max <= 0 ? 0.25 : max * 1.05 / 4);
    int ticks = isnan(max) || max <= 0 ? 4 : (int)ceil(max * 1.05 / step);
    max = step * ticks;
    double name_w = 70; /* direct labels at the right end */
    double gutter = 44; /* tick labels on the left */
    double x0 = b.x + gutter, w = b.w - gutter - name_w;
    double top = b.y + 8, base = b.y + b.h - 14, plot_h = base - top;
    sla_font tick = {SLA_PT_SMALL, false, SLA_GREY};
    char buf[64];
    for (int k = 0; k <= ticks; k++) {
        double v = step * k, y = base - plot_h * k / ticks;
        double xy[] = {x0, y, x0 + w, y};
        c->ops->line(c->ctx, xy, 2, k == 0 ? SLA_INK : SLA_RULE, k == 0 ? 0.8 : 0.4, false);
        format(fmt, v, buf, sizeof buf);
        sla_number_fit(c, b.x, y + 2.5, gutter - 6, SLA_ALIGN_RIGHT, &tick, buf);
    }
    double slot = w / (double)n;
    categories_under(c, x0, slot, base + 10, categories, n);
    double target_y = isnan(target) ? NAN : base - plot_h * fmin(1, target / max);
    if (!isnan(target)) {
        double y = target_y;
        double xy[] = {x0, y, x0 + w, y};
        c->ops->line(c->ctx, xy, 2, SLA_INK, 0.8, true);
        sla_font f = {SLA_PT_SMALL, false, SLA_INK};
        sla_text_fit(c, x0 + w + 4, y + 2.5, name_w - 4, SLA_ALIGN_LEFT, &f, target_label);
    }
    double *xy = sla_xmalloc(sizeof *xy * 2 * n);
    for (size_t s = 0; s < series_n; s++) {
        sla_font f = {SLA_PT_SMALL, true, series[s].color};
        size_t run = 0;
        double last_x = NAN, last_y = NAN;
        for (size_t i = 0; i <= n; i++) {
            double v = i < n ? series[s].values[i] : NAN;
            if (isnan(v)) {
                if (run > 1)
                    c->ops->line(c->ctx, xy, run, series[s].color, 1.6, false);
                run = 0;
                continue;
            }
            double x = x0 + slot * ((double)i + 0.5);
            double y = base - plot_h * fmin(1, fmax(0, v) / max);
            xy[2 * run] = x;
            xy[2 * run + 1] = y;
            run++;
            c->ops->circle(c->ctx, x, y, 2.2, &series[s].color, NULL, 0);
            format(fmt, v, buf, sizeof buf);
            sla_text_fit(c, x - slot / 2, y - 5, slot, SLA_ALIGN_CENTER, &f, buf);
            last_x = x;
            last_y = y;
        }
        if (!isnan(last_x) && series[s].name) {
            double ly = last_y + 2.5;
            /* Keep the name off the target's label at the same end. */
            if (!isnan(target_y) && fabs(ly - target_y - 2.5) < 9)
                ly = target_y + 2.5 + (last_y > target_y ? 9 : -9);
            sla_text_fit(c, x0 + w + 4, ly, name_w - 4, SLA_ALIGN_LEFT, &f, series[s].name);
        }
    }
    free(xy);
}

void sla_chart_histogram(const sla_canvas *c, sla_box b, const char *const *labels,
                         const long *counts, size_t n, size_t over_from, const char *marker,
                         sla_fmt fmt)
{
    if (n == 0)
        return;
    long max = 0;
    for (size_t i = 0; i < n; i++)
        max = counts[i] > max ? counts[i] : max;
    double scale = sla_nice_ceil(max > 0 ? (double)max * 1.05 : 1);
    double top = b.y + 16, base = b.y + b.h - 14, plot_h = base - top;
    double slot = b.w / (double)n;
    sla_font f = {SLA_PT_SMALL, true, SLA_INK};
    for (size_t i = 0; i < n; i++) {
        double h = plot_h * (double)counts[i] / scale;
        const sla_rgb *col = i >= over_from ? &SLA_RED : &SLA_INK;
        if (h > 0)
            c->ops->rect(c->ctx, b.x + slot * (double)i + 1.5, base - h, slot - 3, h, col, NULL, 0);
        char buf[64];
        format(fmt, (double)counts[i], buf, sizeof buf);
        sla_number_fit(c, b.x + slot * (double)i, base - h - 3, slot, SLA_ALIGN_CENTER, &f, buf);
    }
    double axis[] = {b.x, base, b.x + b.w, base};
    c->ops->line(c->ctx, axis, 2, SLA_INK, 0.8, false);
    categories_under(c, b.x, slot, base + 10, labels, n);
    if (over_from > 0 && over_from < n) {
        double x = b.x + slot * (double)over_from;
        double xy[] = {x, b.y + 8, x, base};
        c->ops->line(c->ctx, xy, 2, SLA_INK, 0.8, true);
        sla_font mf = {SLA_PT_SMALL, false, SLA_INK};
        sla_text_fit(c, x - slot, b.y + 5, slot * 2, SLA_ALIGN_CENTER, &mf, marker);
    }
}

void sla_chart_empty(const sla_canvas *c, sla_box b, const char *message)
{
    c->ops->rect(c->ctx, b.x, b.y, b.w, b.h, NULL, &SLA_RULE, 0.6);
    sla_font f = {SLA_PT_BODY, false, SLA_GREY};
    sla_text_fit(c, b.x + 6, b.y + b.h / 2 + 3, b.w - 12, SLA_ALIGN_CENTER, &f, message);
}
