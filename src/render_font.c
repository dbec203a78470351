/*
 * render_font.c - TrueType subsets for the PDF renderer (see render_font.h).
 *
 * The subset is a complete TrueType font: the kept glyphs renumbered from
 * .notdef on (composite glyphs pull in their components), glyf/loca/hmtx for
 * them only, a format 4 cmap of three segments, post without glyph names, the
 * name table without licence texts, and head, hhea, maxp, OS/2 and the
 * hinting tables as they were. Every offset of the source is checked before
 * use; a font that does not check out is not subset at all.
 */
#define _GNU_SOURCE
#include "render_font.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "util.h"

/* The characters kept: every one the report's own texts use, and the
 * letters names and companies of a Polish CRM are likely to be written in.
 * Each kept character costs every document a little (libharu lists the
 * width of each one), so blocks are taken whole only where names need them. */
static const struct {
    uint16_t first, last;
} KEEP[] = {
    {0x0020, 0x007E}, /* Basic Latin */
    {0x00A0, 0x024F}, /* Latin-1, Latin Extended-A (Polish) and -B */
    {0x0391, 0x03C9}, /* Greek letters (Δ) */
    {0x0400, 0x045F}, /* Cyrillic (Russian, Ukrainian, Belarusian, Bulgarian, Serbian) */
    {0x0490, 0x0491}, /* Ukrainian Ґ ґ */
    {0x2010, 0x2027}, /* dashes, quotes, bullets, … */
    {0x2030, 0x203A}, /* per mille, primes, angle quotes */
    {0x20AC, 0x20AC}, /* € */
    {0x2116, 0x2116}, /* № */
    {0x2122, 0x2122}, /* ™ */
    {0x2190, 0x2195}, /* arrows: → ↓ */
    {0x2212, 0x2212}, /* − */
    {0x2248, 0x2248}, /* ≈ */
    {0x2260, 0x2265}, /* ≠ ≤ ≥ */
    {0x25A0, 0x25A1}, /* ■ □ */
    {0x25B2, 0x25BC}, /* ▲ ▼ */
    {0x25CF, 0x25CF}, /* ● */
    {0x2713, 0x2718}, /* ✓ ✗ */
};
#define KEEP_N (sizeof KEEP / sizeof *KEEP)

struct sla_font_subset {
    int fd;
    char file[48];
    uint8_t missing[65536 / 8]; /* in the whole font, not in the subset */
};

typedef struct blob {
    const uint8_t *p;
    size_t n;
} blob;

static uint16_t u16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t u32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
    put16(p, v >> 16);
    put16(p + 2, v);
}

/* The table tagged tag, or an empty blob when absent or out of bounds. */
static blob table(blob font, const char *tag)
{
    size_t count = u16(font.p + 4);
    if (12 + 16 * count > font.n)
        return (blob){0};
    for (size_t i = 0; i < count; i++) {
        const uint8_t *rec = font.p + 12 + 16 * i;
        uint32_t off = u32(rec + 8), len = u32(rec + 12);
        if (memcmp(rec, tag, 4) == 0)
            return off <= font.n && len <= font.n - off ? (blob){font.p + off, len} : (blob){0};
    }
    return (blob){0};
}

/* A Unicode cmap subtable: format 12 (full repertoire) or 4 (BMP). */
typedef struct cmap {
    const uint8_t *p;
    size_t n;
    int format;
} cmap;

/* The best Unicode subtable of a cmap table; false when it has none. */
static bool cmap_find(blob t, cmap *c)
{
    c->format = 0;
    if (t.n < 4 || 4 + 8 * (size_t)u16(t.p + 2) > t.n)
        return false;
    for (size_t i = 0, n = u16(t.p + 2); i < n; i++) {
        const uint8_t *rec = t.p + 4 + 8 * i;
        uint16_t platform = u16(rec), encoding = u16(rec + 2);
        uint32_t off = u32(rec + 4);
        bool unicode = platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10));
        if (!unicode || off > t.n || t.n - off < 16)
            continue;
        const uint8_t *s = t.p + off;
        int format = u16(s);
        if (format == 12 && c->format != 12) {
            uint32_t len = u32(s + 4);
            if (len >= 16 && len <= t.n - off && 16 + 12 * (uint64_t)u32(s + 12) <= len)
                *c = (cmap){s, len, 12};
        } else if (format == 4 && c->format == 0) {
            uint16_t len = u16(s + 2), segs_x2 = u16(s + 6);
            if (len <= t.n - off && segs_x2 >= 2 && 16 + 4 * (size_t)segs_x2 <= len)
                *c = (cmap){s, len, 4};
        }
    }
    return c->format != 0;
}

/* The glyph of code point cp (0 = none). */
static uint32_t cmap_glyph(const cmap *c, uint32_t cp)
{
    if (c->format == 12) {
        size_t lo = 0, hi = u32(c->p + 12);
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            const uint8_t *g = c->p + 16 + 12 * mid;
            if (cp < u32(g))
                hi = mid;
            else if (cp > u32(g + 4))
                lo = mid + 1;
            else
                return u32(g + 8) + (cp - u32(g));
        }
        return 0;
    }
    size_t segs = u16(c->p + 6) / 2;
    const uint8_t *end = c->p + 14, *start = end + 2 * segs + 2, *delta = start + 2 * segs,
                  *range = delta + 2 * segs;
    size_t lo = 0, hi = segs;
    while (lo < hi) { /* the first segment that ends at or after cp */
        size_t mid = lo + (hi - lo) / 2;
        if (u16(end + 2 * mid) < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == segs || u16(start + 2 * lo) > cp)
        return 0;
    uint16_t ro = u16(range + 2 * lo);
    if (ro == 0)
        return (cp + u16(delta + 2 * lo)) & 0xFFFF;
    size_t at = (size_t)(range + 2 * lo - c->p) + ro + 2 * (cp - u16(start + 2 * lo));
    if (at + 2 > c->n || u16(c->p + at) == 0)
        return 0;
    return (u16(c->p + at) + u16(delta + 2 * lo)) & 0xFFFF;
}

/* The source font's tables and counts, all bounds-checked. */
typedef struct source {
    blob head, hhea, maxp, hmtx, loca, glyf, name, os2, post, cvt, fpgm, prep;
    cmap cmap;
    size_t glyphs, metrics;
    bool long_loca;
} source;

static bool source_open(blob font, source *s)
{
    if (font.n < 12 || (u32(font.p) != 0x00010000 && u32(font.p) != 0x74727565 /* true */))
        return false; /* CFF outlines and collections are left to libharu */
    s->head = table(font, "head"), s->hhea = table(font, "hhea"), s->maxp = table(font, "maxp");
    s->hmtx = table(font, "hmtx"), s->loca = table(font, "loca"), s->glyf = table(font, "glyf");
    s->name = table(font, "name"), s->os2 = table(font, "OS/2"), s->post = table(font, "post");
    s->cvt = table(font, "cvt "), s->fpgm = table(font, "fpgm"), s->prep = table(font, "prep");
    if (s->head.n < 54 || s->hhea.n < 36 || s->maxp.n < 6 || !s->name.n || !s->os2.n ||
        s->post.n < 32 || !s->glyf.p || !cmap_find(table(font, "cmap"), &s->cmap))
        return false;
    s->glyphs = u16(s->maxp.p + 4);
    s->metrics = u16(s->hhea.p + 34);
    s->long_loca = u16(s->head.p + 50) == 1;
    return s->glyphs > 0 && s->metrics > 0 && s->metrics <= s->glyphs &&
           s->hmtx.n >= 4 * s->metrics + 2 * (s->glyphs - s->metrics) &&
           s->loca.n >= (s->glyphs + 1) * (s->long_loca ? 4 : 2);
}

/* The outline of glyph g; false when loca points outside glyf. */
static bool glyph_data(const source *s, size_t g, blob *out)
{
    size_t a, b;
    if (s->long_loca) {
        a = u32(s->loca.p + 4 * g), b = u32(s->loca.p + 4 * g + 4);
    } else {
        a = 2 * (size_t)u16(s->loca.p + 2 * g), b = 2 * (size_t)u16(s->loca.p + 2 * g + 2);
    }
    if (a > b || b > s->glyf.n)
        return false;
    *out = (blob){s->glyf.p + a, b - a};
    return true;
}

/* The byte offsets of the component glyph ids of a composite glyph, into at
 * (up to max); returns how many, or -1 when the glyph is malformed. */
static int components(blob g, size_t *at, int max)
{
    if (g.n < 10 || (int16_t)u16(g.p) >= 0)
        return 0;
    int n = 0;
    size_t pos = 10;
    uint16_t flags;
    do {
        if (pos + 4 > g.n || n == max)
            return -1;
        flags = u16(g.p + pos);
        at[n++] = pos + 2;
        pos += 4 + (flags & 0x0001 ? 4 : 2) +
               (flags & 0x0008   ? 2
                : flags & 0x0040 ? 4
                : flags & 0x0080 ? 8
                                 : 0);
    } while (flags & 0x0020);
    return n;
}

/* The kept glyphs: old ids in new order (keep) and the new id of each old
 * one (new_id, -1 when dropped). */
typedef struct glyph_set {
    uint16_t *keep;
    int32_t *new_id;
    size_t n;
} glyph_set;

static void glyph_add(glyph_set *gs, uint32_t g)
{
    if (gs->new_id[g] < 0) {
        gs->new_id[g] = (int32_t)gs->n;
        gs->keep[gs->n++] = (uint16_t)g;
    }
}

/* The glyphs of the kept characters and every component they use. */
static bool glyph_select(const source *s, glyph_set *gs)
{
    gs->keep = sla_xmalloc(s->glyphs * sizeof *gs->keep);
    gs->new_id = sla_xmalloc(s->glyphs * sizeof *gs->new_id);
    memset(gs->new_id, 0xFF, s->glyphs * sizeof *gs->new_id);
    gs->n = 0;
    glyph_add(gs, 0);
    for (size_t r = 0; r < KEEP_N; r++)
        for (uint32_t cp = KEEP[r].first; cp <= KEEP[r].last; cp++) {
            uint32_t g = cmap_glyph(&s->cmap, cp);
            if (g < s->glyphs)
                glyph_add(gs, g);
        }
    for (size_t i = 0; i < gs->n; i++) { /* gs->n grows as components join */
        blob g;
        size_t at[64];
        if (!glyph_data(s, gs->keep[i], &g))
            return false;
        int k = components(g, at, 64);
        if (k < 0)
            return false;
        for (int c = 0; c < k; c++)
            if (u16(g.p + at[c]) < s->glyphs)
                glyph_add(gs, u16(g.p + at[c]));
    }
    return true;
}

/* A table being written. */
typedef struct out_table {
    char tag[5];
    uint8_t *data;
    size_t n;
} out_table;

/* glyf and loca (long offsets) of the kept glyphs, components renumbered. */
static bool build_glyf(const source *s, const glyph_set *gs, out_table *glyf, out_table *loca)
{
    sla_buf b = {0};
    loca->n = 4 * (gs->n + 1);
    loca->data = sla_xmalloc(loca->n);
    for (size_t i = 0; i < gs->n; i++) {
        blob g;
        size_t at[64];
        glyph_data(s, gs->keep[i], &g);
        put32(loca->data + 4 * i, (uint32_t)b.len);
        size_t base = b.len;
        sla_buf_append(&b, (const char *)g.p, g.n);
        int k = components(g, at, 64);
        for (int c = 0; c < k; c++) {
            uint16_t old = u16(g.p + at[c]);
            put16((uint8_t *)b.data + base + at[c],
                  old < s->glyphs ? (uint32_t)gs->new_id[old] : 0);
        }
        while (b.len % 4)
            sla_buf_append(&b, "", 1);
    }
    put32(loca->data + 4 * gs->n, (uint32_t)b.len);
    if (b.len > UINT32_MAX) {
        sla_buf_free(&b);
        return false;
    }
    glyf->data = (uint8_t *)b.data;
    glyf->n = b.len;
    if (!glyf->data) /* no outlines at all */
        glyf->data = sla_xcalloc(1, 1);
    return true;
}

/* Advance widths and left side bearings of the kept glyphs. */
static void build_hmtx(const source *s, const glyph_set *gs, out_table *t)
{
    t->n = 4 * gs->n;
    t->data = sla_xmalloc(t->n);
    for (size_t i = 0; i < gs->n; i++) {
        size_t g = gs->keep[i], m = g < s->metrics ? g : s->metrics - 1;
        uint16_t lsb = g < s->metrics ? u16(s->hmtx.p + 4 * g + 2)
                                      : u16(s->hmtx.p + 4 * s->metrics + 2 * (g - s->metrics));
        put16(t->data + 4 * i, u16(s->hmtx.p + 4 * m));
        put16(t->data + 4 * i + 2, lsb);
    }
}

/* KEEP ranges closer than this share a cmap segment: libharu looks every code
 * point up by a linear search over the segments, 65 536 times a document, so
 * a few zeros in the glyph id array are cheaper than more segments. */
#define SEGMENT_GAP 0x400

/* One format 4 subtable (Windows Unicode BMP): a few segments mapped through
 * the glyph id array, and the closing 0xFFFF segment. */
static void build_cmap(const source *s, const glyph_set *gs, out_table *t)
{
    uint16_t first[KEEP_N], last[KEEP_N];
    size_t spans = 0, entries = 0;
    for (size_t r = 0; r < KEEP_N; r++) {
        if (spans > 0 && KEEP[r].first - last[spans - 1] < SEGMENT_GAP) {
            last[spans - 1] = KEEP[r].last;
            continue;
        }
        first[spans] = KEEP[r].first;
        last[spans++] = KEEP[r].last;
    }
    for (size_t i = 0; i < spans; i++)
        entries += (size_t)(last[i] - first[i] + 1);
    size_t segs = spans + 1, len = 16 + 8 * segs + 2 * entries, pow2 = 1, log2 = 0;
    while (pow2 * 2 <= segs)
        pow2 *= 2, log2++;
    t->n = 12 + len;
    t->data = sla_xcalloc(1, t->n);
    uint8_t *h = t->data, *f = h + 12;
    put16(h + 2, 1);  /* one subtable */
    put16(h + 4, 3);  /* Windows */
    put16(h + 6, 1);  /* Unicode BMP */
    put32(h + 8, 12); /* at offset 12 */
    put16(f, 4);      /* format */
    put16(f + 2, (uint32_t)len);
    put16(f + 6, (uint32_t)(2 * segs));
    put16(f + 8, (uint32_t)(2 * pow2));
    put16(f + 10, (uint32_t)log2);
    put16(f + 12, (uint32_t)(2 * segs - 2 * pow2));
    uint8_t *end = f + 14, *start = end + 2 * segs + 2, *delta = start + 2 * segs,
            *range = delta + 2 * segs, *ids = range + 2 * segs;
    size_t at = 0;
    for (size_t i = 0; i < spans; i++) {
        put16(end + 2 * i, last[i]);
        put16(start + 2 * i, first[i]);
        put16(range + 2 * i, (uint32_t)(2 * (segs - i) + 2 * at));
        at += (size_t)(last[i] - first[i] + 1);
    }
    put16(end + 2 * spans, 0xFFFF);
    put16(start + 2 * spans, 0xFFFF);
    put16(delta + 2 * spans, 1);
    /* Only the kept characters; the gaps between them stay 0 (.notdef). */
    for (size_t r = 0, i = 0, base = 0; r < KEEP_N; r++) {
        while (KEEP[r].first > last[i])
            base += (size_t)(last[i] - first[i] + 1), i++;
        for (uint32_t cp = KEEP[r].first; cp <= KEEP[r].last; cp++) {
            uint32_t g = cmap_glyph(&s->cmap, cp);
            put16(ids + 2 * (base + cp - first[i]), g < s->glyphs ? (uint32_t)gs->new_id[g] : 0);
        }
    }
}

/* The name table with the names a PDF font needs (IDs 0-6: copyright, family,
 * style, unique and full names, version, PostScript name); the rest (licence
 * texts, URLs, designer notes) would be embedded in every document. */
static bool build_name(blob src, out_table *t)
{
    if (src.n < 6 || 6 + 12 * (size_t)u16(src.p + 2) > src.n)
        return false;
    size_t count = u16(src.p + 2), strings = u16(src.p + 4), kept = 0;
    sla_buf recs = {0}, text = {0};
    for (size_t i = 0; i < count; i++) {
        const uint8_t *r = src.p + 6 + 12 * i;
        size_t len = u16(r + 8), off = strings + u16(r + 10);
        if (u16(r + 6) > 6 || u16(r + 4) >= 0x8000) /* or a format 1 language tag */
            continue;
        if (off > src.n || len > src.n - off) {
            sla_buf_free(&recs);
            sla_buf_free(&text);
            return false;
        }
        uint8_t rec[12];
        memcpy(rec, r, 10);
        put16(rec + 10, (uint32_t)text.len);
        sla_buf_append(&recs, (const char *)rec, 12);
        sla_buf_append(&text, (const char *)src.p + off, len);
        kept++;
    }
    t->n = 6 + recs.len + text.len;
    t->data = sla_xcalloc(1, t->n);
    put16(t->data + 2, (uint32_t)kept);
    put16(t->data + 4, (uint32_t)(6 + recs.len));
    if (recs.len)
        memcpy(t->data + 6, recs.data, recs.len);
    if (text.len)
        memcpy(t->data + 6 + recs.len, text.data, text.len);
    sla_buf_free(&recs);
    sla_buf_free(&text);
    return kept > 0 && t->n <= 0xFFFF;
}

/* A copy of a source table, to be patched (empty when the font lacks it). */
static void copy_table(blob src, out_table *t)
{
    t->n = src.n;
    t->data = sla_xmalloc(src.n);
    if (src.n)
        memcpy(t->data, src.p, src.n);
}

static uint32_t checksum(const uint8_t *p, size_t n)
{
    uint32_t sum = 0;
    for (size_t i = 0; i < n; i += 4) {
        uint8_t w[4] = {0};
        memcpy(w, p + i, n - i < 4 ? n - i : 4);
        sum += u32(w);
    }
    return sum;
}

/* The font file: offset table, table records (tags in order), tables. */
static void assemble(out_table *t, size_t count, sla_buf *out)
{
    size_t pow2 = 1, log2 = 0;
    while (pow2 * 2 <= count)
        pow2 *= 2, log2++;
    uint8_t dir[12 + 16 * 16] = {0};
    put32(dir, 0x00010000);
    put16(dir + 4, (uint32_t)count);
    put16(dir + 6, (uint32_t)(16 * pow2));
    put16(dir + 8, (uint32_t)log2);
    put16(dir + 10, (uint32_t)(16 * count - 16 * pow2));
    size_t off = 12 + 16 * count, head_at = 0;
    for (size_t i = 0; i < count; i++) {
        uint8_t *rec = dir + 12 + 16 * i;
        memcpy(rec, t[i].tag, 4);
        put32(rec + 4, checksum(t[i].data, t[i].n));
        put32(rec + 8, (uint32_t)off);
        put32(rec + 12, (uint32_t)t[i].n);
        if (strcmp(t[i].tag, "head") == 0)
            head_at = off;
        off += (t[i].n + 3) & ~(size_t)3;
    }
    sla_buf_append(out, (const char *)dir, 12 + 16 * count);
    for (size_t i = 0; i < count; i++) {
        sla_buf_append(out, (const char *)t[i].data, t[i].n);
        while (out->len % 4)
            sla_buf_append(out, "", 1);
    }
    put32((uint8_t *)out->data + head_at + 8,
          0xB1B0AFBA - checksum((const uint8_t *)out->data, out->len));
}

/* The subset font file of s, into out; false when s cannot be subset. */
static bool build(const source *s, sla_buf *out)
{
    glyph_set gs;
    bool ok = glyph_select(s, &gs) && gs.n <= 0xFFFF;
    /* In tag order, as the table directory lists them. */
    static const char tags[13][5] = {"OS/2", "cmap", "cvt ", "fpgm", "glyf", "head", "hhea",
                                     "hmtx", "loca", "maxp", "name", "post", "prep"};
    out_table t[13] = {0};
    for (size_t i = 0; i < 13; i++)
        memcpy(t[i].tag, tags[i], 5);
    if (ok)
        ok = build_glyf(s, &gs, &t[4], &t[8]) && build_name(s->name, &t[10]);
    if (ok) {
        copy_table(s->os2, &t[0]);
        build_cmap(s, &gs, &t[1]);
        copy_table(s->cvt, &t[2]);
        copy_table(s->fpgm, &t[3]);
        copy_table(s->head, &t[5]);
        put32(t[5].data + 8, 0);  /* checkSumAdjustment, set last */
        put16(t[5].data + 50, 1); /* long loca offsets */
        copy_table(s->hhea, &t[6]);
        put16(t[6].data + 34, (uint32_t)gs.n);
        build_hmtx(s, &gs, &t[7]);
        copy_table(s->maxp, &t[9]);
        put16(t[9].data + 4, (uint32_t)gs.n);
        copy_table((blob){s->post.p, 32}, &t[11]);
        put32(t[11].data, 0x00030000); /* no glyph names: they follow the old ids */
        copy_table(s->prep, &t[12]);
        /* The hinting tables are optional: leave out those the font lacks. */
        out_table present[13];
        size_t n = 0;
        for (size_t i = 0; i < 13; i++)
            if (t[i].n > 0 || i == 4)
                present[n++] = t[i];
        assemble(present, n, out);
    }
    for (size_t i = 0; i < 13; i++)
        free(t[i].data);
    free(gs.keep);
    free(gs.new_id);
    return ok;
}

/* The code points the whole font draws that the subset leaves out. */
static void mark_missing(const source *s, sla_font_subset *fs)
{
    memset(fs->missing, 0, sizeof fs->missing);
    size_t r = 0;
    for (uint32_t cp = 0x20; cp <= 0xFFFF; cp++) {
        while (r < KEEP_N && KEEP[r].last < cp)
            r++;
        bool kept = r < KEEP_N && KEEP[r].first <= cp;
        if (!kept && cmap_glyph(&s->cmap, cp) != 0)
            fs->missing[cp / 8] |= (uint8_t)(1u << (cp % 8));
    }
}

/* The bytes as a file in memory, named by a path any open() accepts. */
static bool memory_file(const sla_buf *b, sla_font_subset *fs)
{
    fs->fd = memfd_create("slapack-font", MFD_CLOEXEC);
    if (fs->fd < 0)
        return false;
    size_t done = 0;
    while (done < b->len) {
        ssize_t n = write(fs->fd, b->data + done, b->len - done);
        if (n <= 0)
            return false;
        done += (size_t)n;
    }
    snprintf(fs->file, sizeof fs->file, "/proc/self/fd/%d", fs->fd);
    return access(fs->file, R_OK) == 0; /* no /proc: the whole font will do */
}

sla_font_subset *sla_font_subset_new(const char *path)
{
    size_t size;
    char *data = sla_read_file(path, &size);
    if (!data)
        return NULL;
    source s = {0};
    sla_buf file = {0};
    sla_font_subset *fs = NULL;
    if (source_open((blob){(const uint8_t *)data, size}, &s) && build(&s, &file)) {
        fs = sla_xcalloc(1, sizeof *fs);
        mark_missing(&s, fs);
        if (!memory_file(&file, fs)) {
            sla_font_subset_free(fs);
            fs = NULL;
        }
    }
    sla_buf_free(&file);
    free(data);
    return fs;
}

const char *sla_font_subset_file(const sla_font_subset *s)
{
    return s->file;
}

bool sla_font_subset_covers(const sla_font_subset *s, const char *utf8)
{
    /* Decoded the way libharu's UTF-8 encoder does: stray continuation
     * bytes are skipped, characters beyond the BMP become spaces. */
    for (const unsigned char *p = (const unsigned char *)utf8; *p;) {
        uint32_t cp;
        int more;
        if (*p < 0x80)
            cp = *p, more = 0;
        else if ((*p & 0xE0) == 0xC0)
            cp = *p & 0x1F, more = 1;
        else if ((*p & 0xF0) == 0xE0)
            cp = *p & 0x0F, more = 2;
        else if ((*p & 0xF8) == 0xF0)
            cp = 0x10000, more = 3;
        else {
            p++;
            continue;
        }
        p++;
        for (; more > 0 && *p; more--, p++)
            cp = cp < 0x10000 ? cp << 6 | (*p & 0x3F) : cp;
        if (cp <= 0xFFFF && s->missing[cp / 8] & (1u << (cp % 8)))
            return false;
    }
    return true;
}

void sla_font_subset_free(sla_font_subset *s)
{
    if (!s)
        return;
    if (s->fd >= 0)
        close(s->fd);
    free(s);
}
