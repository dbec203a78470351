/*
 * util.h - small building blocks shared by the stages: an arena for bulk
 * strings, a growable byte buffer, an open-addressing string → index map,
 * and UTF-8 / text helpers.
 *
 * Allocation failure aborts with a message (sla_xmalloc): a reporting tool
 * that runs out of memory cannot produce a correct pack, and threading ENOMEM
 * through every stage would hide the real error paths.
 */
#ifndef SLA_UTIL_H
#define SLA_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void *sla_xmalloc(size_t size);
void *sla_xcalloc(size_t n, size_t size);
void *sla_xrealloc(void *p, size_t size);
char *sla_xstrdup(const char *s);
char *sla_xstrndup(const char *s, size_t n);
/* Copy s into dst (size > 0 bytes), cut to fit as snprintf's "%s" would,
 * without its cost on hot paths; returns the length copied. */
size_t sla_copy(char *dst, size_t size, const char *s);

/* Grow *items (of *cap elements of size elem) so that it holds at least need. */
void sla_grow(void **items, size_t *cap, size_t need, size_t elem);

/* Arena: strings that live as long as the dataset. */
typedef struct sla_arena sla_arena;
sla_arena *sla_arena_new(void);
void sla_arena_free(sla_arena *a);
char *sla_arena_strndup(sla_arena *a, const char *s, size_t n);
char *sla_arena_strdup(sla_arena *a, const char *s);

/* Growable NUL-terminated byte buffer. */
typedef struct sla_buf {
    char *data;
    size_t len, cap;
} sla_buf;
void sla_buf_append(sla_buf *b, const char *s, size_t n);
void sla_buf_puts(sla_buf *b, const char *s);
void sla_buf_printf(sla_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sla_buf_reset(sla_buf *b);
void sla_buf_free(sla_buf *b);

/* String → int map (keys borrowed; they must outlive the map). */
typedef struct sla_map sla_map;
sla_map *sla_map_new(size_t expected);
void sla_map_free(sla_map *m);
/* Returns the value, or -1 when absent. */
long sla_map_get(const sla_map *m, const char *key, size_t len);
/* Inserts key → value unless present; returns the existing value or -1 when inserted. */
long sla_map_put(sla_map *m, const char *key, size_t len, long value);
uint64_t sla_hash(const char *s, size_t len);

/* Text helpers. */
bool sla_utf8_valid(const char *s, size_t len);
/* Copy s into dst (size n), replacing invalid UTF-8 bytes with U+FFFD and
 * control characters with spaces; always NUL-terminates. */
void sla_utf8_sanitize(const char *s, size_t len, sla_buf *dst);
/* Trim ASCII white space and NBSP in place; returns s. */
char *sla_trim(char *s);
bool sla_blank(const char *s);
/* Lower-case ASCII letters in place. */
void sla_ascii_lower(char *s);
/* A file-name-safe rendering of an id: [A-Za-z0-9.-] kept, other bytes ('_'
 * too) as _XX hex, never "." or ".."; an id longer than 120 bytes that way is
 * cut and ends in ~ and a hash of the whole id. Distinct ids, distinct names.
 * size must be at least 18. */
void sla_safe_filename(const char *id, char *out, size_t size);

/* How many cores a run may use: $SLAPACK_JOBS, else one per core, at most 4.
 * 1 means one thread and no child processes (reading, rendering). */
size_t sla_jobs(void);

/* The current time as UTC seconds, or SOURCE_DATE_EPOCH when it is set, so
 * that every dated output of a run can be reproduced byte for byte. */
int64_t sla_now(void);

/* Path helpers. */
bool sla_path_is_absolute(const char *p);
/* dir + "/" + rel, unless rel is absolute. Caller frees. */
char *sla_path_join(const char *dir, const char *rel);
/* Folder part of a path ("." when none). Caller frees. */
char *sla_path_dirname(const char *p);
/* Whole file into memory (NUL-terminated); NULL with errno set on failure. */
char *sla_read_file(const char *path, size_t *len);

#endif
