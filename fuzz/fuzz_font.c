/*
 * fuzz_font.c - TrueType subsets (render_font.h) of hostile font files.
 *
 * A brand TTF dropped into fonts/ is read by the subsetter before libharu
 * sees it, so any file must either be refused (NULL: libharu then judges the
 * original) or give a subset that is itself a well-formed font: subsetting
 * it again succeeds and finds nothing beyond the kept characters.
 */
#include <string.h>

#include "harness.h"
#include "render_font.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sla_font_subset *s = sla_font_subset_new(fuzz_write("brand.ttf", data, size));
    if (!s)
        return 0;
    static const char *texts[] = {"Zażółć gęślą jaźń", "ნინო", "\xE2\x9C\x93 \xE2\x96\xB2",
                                  "\xF0\x9F\x98\x80",  "\xC3", "\x80\xBF"};
    sla_font_subset *again = sla_font_subset_new(sla_font_subset_file(s));
    fuzz_check(again != NULL, "a subset can be subset again");
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        sla_font_subset_covers(s, texts[i]);
        fuzz_check(sla_font_subset_covers(again, texts[i]),
                   "a subset maps no character beyond the kept ones");
    }
    sla_font_subset_free(again);
    sla_font_subset_free(s);
    return 0;
}
