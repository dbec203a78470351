/*
 * image.h - logos decoded to plain 8-bit RGB.
 *
 * libharu's own PNG loader mis-draws palette images with few bits per pixel
 * or transparency, which is what logo tools often write; decoding with
 * libpng's simplified API and compositing on white gives every PNG the same
 * safe shape. This is the only file that includes png.h.
 */
#ifndef SLA_IMAGE_H
#define SLA_IMAGE_H

#include <stddef.h>

#include "error.h"

typedef struct sla_rgb_image {
    unsigned char *pixels; /* width * height * 3 bytes, rows top to bottom */
    unsigned width, height;
} sla_rgb_image;

/* Decode a PNG file, compositing any transparency on white. Errors name the file. */
sla_status sla_png_load_rgb(const char *path, sla_rgb_image *out, sla_error *err);
void sla_rgb_image_free(sla_rgb_image *img);

#endif
