/*
 * chart_pdf.h - vector charts for the PDF pack: bullet graphs, horizontal
 * bars (the funnel), columns and lines over months, a histogram, and text
 * that never overflows its cell.
 *
 * Charts draw on a canvas: a small table of drawing operations that
 * render_pdf.c implements with libharu, so hpdf.h stays in one file and the
 * charts can be exercised without a PDF. Coordinates are points with the
 * origin at the page's top-left corner and y growing downwards (the way a
 * layout is read); text is placed by its baseline.
 *
 * Charts follow REPORT-DESIGN.md: actual in the darkest tone, previous period
 * light grey, target outlined or dashed, bars from zero, direct labels instead
 * of legends. Every visible number arrives formatted by the caller's
 * formatter, so charts know nothing of languages.
 */
#ifndef SLA_CHART_PDF_H
#define SLA_CHART_PDF_H

#include <stdbool.h>
#include <stddef.h>

typedef struct sla_rgb {
    double r, g, b; /* 0..1 */
} sla_rgb;

/* The palette: ink for actuals, greys for context, RAG that survives
 * colour-blindness when paired with a symbol. */
extern const sla_rgb SLA_INK, SLA_GREY, SLA_LIGHT, SLA_RULE, SLA_WHITE;
extern const sla_rgb SLA_GREEN, SLA_AMBER, SLA_RED;

/* The type scale: four sizes only. */
#define SLA_PT_TITLE 20.0
#define SLA_PT_HEAD 12.0
#define SLA_PT_BODY 9.0
#define SLA_PT_SMALL 7.5

typedef struct sla_canvas_ops {
    /* Rectangle with optional fill and outline (NULL = none). */
    void (*rect)(void *ctx, double x, double y, double w, double h, const sla_rgb *fill,
                 const sla_rgb *stroke, double line_width);
    /* Open polyline through n points (xy pairs); dashed for targets. */
    void (*line)(void *ctx, const double *xy, size_t n, sla_rgb color, double width, bool dashed);
    /* Disc with optional fill and outline (NULL = none). */
    void (*circle)(void *ctx, double x, double y, double radius, const sla_rgb *fill,
                   const sla_rgb *stroke, double line_width);
    /* UTF-8 text with its baseline at y. */
    void (*text)(void *ctx, double x, double y, const char *s, double size, bool bold,
                 sla_rgb color);
    double (*text_width)(void *ctx, const char *s, double size, bool bold);
} sla_canvas_ops;

typedef struct sla_canvas {
    const sla_canvas_ops *ops;
    void *ctx;
} sla_canvas;

typedef struct sla_box {
    double x, y, w, h; /* top-left corner and size */
} sla_box;

typedef enum sla_align { SLA_ALIGN_LEFT, SLA_ALIGN_CENTER, SLA_ALIGN_RIGHT } sla_align;

typedef struct sla_font {
    double size;
    bool bold;
    sla_rgb color;
} sla_font;

/* Formats a value for a chart label (numbers in the report's language). */
typedef void (*sla_fmt_fn)(const void *ctx, double v, char *buf, size_t size);

typedef struct sla_fmt {
    sla_fmt_fn fn;
    const void *ctx;
} sla_fmt;

/* Draw s in a cell of width w starting at x (aligned inside it), shortened
 * with an ellipsis when it does not fit. Returns the width drawn. */
double sla_text_fit(const sla_canvas *c, double x, double y, double w, sla_align align,
                    const sla_font *f, const char *s);

/* Like sla_text_fit for numbers: a number that does not fit is drawn
 * smaller (down to 5.5 pt) before it is ever shortened, since a cut
 * number would read as a different one. */
double sla_number_fit(const sla_canvas *c, double x, double y, double w, sla_align align,
                      const sla_font *f, const char *s);

/* Word-wrap s into lines of width w, line_height apart, at most max_lines
 * (the last one shortened with an ellipsis). Draws only when draw is true.
 * Returns the number of lines used. */
int sla_text_wrap(const sla_canvas *c, double x, double y, double w, double line_height,
                  int max_lines, const sla_font *f, const char *s, bool draw);

/* The colour of a RAG status and its symbol (✓ ! ✗) for grey-scale print;
 * rag is 1 green, 2 amber, 3 red (sla_rag); anything else is grey "–". */
sla_rgb sla_rag_color(int rag);
const char *sla_rag_symbol(int rag);
/* A RAG badge: a disc in the status colour with its symbol, centred at x, y. */
void sla_rag_badge(const sla_canvas *c, double x, double y, double radius, int rag);

/* A round number at least v, for axis maxima (1, 2, 2.5, 5 × 10^k). */
double sla_nice_ceil(double v);

/* Bullet graph (Stephen Few): qualitative bands, the actual as a dark bar,
 * the previous period as a thin grey bar, the target as a short thick line,
 * an optional comparison (e.g. the team) as a small open marker. */
typedef struct sla_bullet {
    double value, target, previous, compare; /* NAN = absent */
    double scale_max;                        /* axis end; <= 0 = chosen from the data */
    bool higher_is_better;
    double tolerance; /* the amber band, relative to the target */
    sla_fmt fmt;      /* for the axis end label; fn NULL = no axis labels */
} sla_bullet;
void sla_chart_bullet(const sla_canvas *c, sla_box b, const sla_bullet *g);

/* Horizontal bars on one scale from zero, label left, value right of the bar;
 * note (may be NULL) sits in the gap below a bar (a stage conversion rate). */
typedef struct sla_hbar {
    const char *label;
    double value;
    const char *value_text;
    const char *note;
    bool highlight; /* drawn in the accent (e.g. a red bar below target) */
} sla_hbar;
void sla_chart_hbars(const sla_canvas *c, sla_box b, const sla_hbar *bars, size_t n, double label_w,
                     double target, const char *target_label);

/* Columns per category (actual solid, target outlined behind it) with value
 * labels above; targets may be NULL. */
void sla_chart_columns(const sla_canvas *c, sla_box b, const char *const *categories, size_t n,
                       const double *values, const double *targets, sla_fmt fmt);

/* Up to a few lines over the same categories, each labelled at its last
 * point, with an optional dashed target line (NAN = none). */
typedef struct sla_series {
    const char *name;
    const double *values; /* n values; NAN = gap */
    sla_rgb color;
} sla_series;
void sla_chart_lines(const sla_canvas *c, sla_box b, const char *const *categories, size_t n,
                     const sla_series *series, size_t series_n, double target,
                     const char *target_label, sla_fmt fmt);

/* Histogram of counts per bucket; buckets from over_from on are drawn in the
 * alarm colour, with a dashed marker (labelled) between them. */
void sla_chart_histogram(const sla_canvas *c, sla_box b, const char *const *labels,
                         const long *counts, size_t n, size_t over_from, const char *marker,
                         sla_fmt fmt);

/* The empty state of a chart: a framed box saying there is nothing to show. */
void sla_chart_empty(const sla_canvas *c, sla_box b, const char *message);

#endif
