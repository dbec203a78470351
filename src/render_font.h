/*
 * render_font.h - a TrueType font cut down to the characters the reports use.
 *
 * libharu, for every document, maps all 65 536 UTF-8 code points through the
 * font's cmap (a linear search over its segments), lists a width for every
 * code point the font has, and embeds the font's tables for all its glyphs.
 * With DejaVu Sans (6 000 glyphs, 800 cmap segments) that is most of the cost
 * of a one-page scorecard. The subset keeps Latin (Polish included), Greek,
 * Cyrillic, punctuation and the symbols the report draws, renumbers the
 * glyphs and maps them through a few segments, so libharu's per-document work
 * shrinks with it. The subset is a file (libharu loads fonts from files only)
 * that lives in memory and goes away with the process.
 *
 * A text with a character the font has and the subset lacks is told apart
 * (sla_font_subset_covers), so the caller can draw that document with the
 * whole font instead: the output shows the same glyphs either way.
 */
#ifndef SLA_RENDER_FONT_H
#define SLA_RENDER_FONT_H

#include <stdbool.h>

typedef struct sla_font_subset sla_font_subset;

/* The subset of the TrueType font at path, or NULL when it cannot be made
 * (not a glyf-outline TrueType font, a malformed table, no memory file): the
 * caller then uses the font file itself, which libharu judges as before. */
sla_font_subset *sla_font_subset_new(const char *path);

/* A path libharu can open the subset by. */
const char *sla_font_subset_file(const sla_font_subset *s);

/* False when the UTF-8 text s has a character that the whole font draws
 * and the subset does not. */
bool sla_font_subset_covers(const sla_font_subset *s, const char *utf8);

void sla_font_subset_free(sla_font_subset *s);

#endif
