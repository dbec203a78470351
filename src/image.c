/*
 * image.c - see image.h.
 */
#include "image.h"

#include <png.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Logos larger than this are not logos; refusing them bounds memory. */
#define MAX_PIXELS (8000u * 8000u)

sla_status sla_png_load_rgb(const char *path, sla_rgb_image *out, sla_error *err)
{
    memset(out, 0, sizeof *out);
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&image, path))
        return sla_fail(err, SLA_ERR_IO, path, 0, 0, "cannot read the logo: %s", image.message);
    if ((size_t)image.width * image.height > MAX_PIXELS) {
        png_image_free(&image);
        return sla_fail(err, SLA_ERR_IO, path, 0, 0, "the logo is too large (%ux%u pixels)",
                        image.width, image.height);
    }
    image.format = PNG_FORMAT_RGB;
    unsigned char *pixels = sla_xmalloc(PNG_IMAGE_SIZE(image));
    png_color white = {255, 255, 255};
    if (!png_image_finish_read(&image, &white, pixels, 0, NULL)) {
        free(pixels);
        sla_status st =
            sla_fail(err, SLA_ERR_IO, path, 0, 0, "cannot decode the logo: %s", image.message);
        png_image_free(&image);
        return st;
    }
    out->pixels = pixels;
    out->width = image.width;
    out->height = image.height;
    return SLA_OK;
}

void sla_rgb_image_free(sla_rgb_image *img)
{
    if (!img)
        return;
    free(img->pixels);
    img->pixels = NULL;
}
