/*
 * util.c - allocation, arena, buffers, the string map and text helpers.
 *
 * The map is open addressing with linear probing over (hash, value, key)
 * slots; keys are borrowed, so the arena that holds the dataset's strings
 * also backs its indexes.
 */
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void out_of_memory(size_t size)
{
    fprintf(stderr, "slapack: error: out of memory (%zu bytes)\n", size);
    abort();
}

void *sla_xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        out_of_memory(size);
    return p;
}

void *sla_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        out_of_memory(n * size);
    return p;
}

void *sla_xrealloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (!q)
        out_of_memory(size);
    return q;
}

char *sla_xstrdup(const char *s)
{
    return sla_xstrndup(s, strlen(s));
}

char *sla_xstrndup(const char *s, size_t n)
{
    char *p = sla_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

size_t sla_copy(char *dst, size_t size, const char *s)
{
    size_t n = strnlen(s, size - 1);
    memcpy(dst, s, n);
    dst[n] = '\0';
    return n;
}

void sla_grow(void **items, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return;
    size_t c = *cap ? *cap : 16;
    while (c < need)
        c *= 2;
    *items = sla_xrealloc(*items, c * elem);
    *cap = c;
}

/* ---- arena ---- */

typedef struct arena_block {
    struct arena_block *next;
    size_t used, size;
    char data[];
} arena_block;

struct sla_arena {
    arena_block *head;
};

sla_arena *sla_arena_new(void)
{
    return sla_xcalloc(1, sizeof(sla_arena));
}

void sla_arena_free(sla_arena *a)
{
    if (!a)
        return;
    for (arena_block *b = a->head, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    free(a);
}

/* size bytes of text: the arena holds strings only, so nothing is aligned. */
static char *arena_alloc(sla_arena *a, size_t size)
{
    arena_block *b = a->head;
    if (!b || b->size - b->used < size) {
        size_t bsize = size > (1u << 20) ? size : (1u << 20);
        b = sla_xmalloc(sizeof(arena_block) + bsize);
        b->size = bsize;
        b->used = 0;
        b->next = a->head;
        a->head = b;
    }
    char *p = (char *)b->data + b->used;
    b->used += size;
    return p;
}

char *sla_arena_strndup(sla_arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *sla_arena_strdup(sla_arena *a, const char *s)
{
    return sla_arena_strndup(a, s, strlen(s));
}

/* ---- buffer ---- */

void sla_buf_append(sla_buf *b, const char *s, size_t n)
{
    sla_grow((void **)&b->data, &b->cap, b->len + n + 1, 1);
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void sla_buf_puts(sla_buf *b, const char *s)
{
    sla_buf_append(b, s, strlen(s));
}

void sla_buf_printf(sla_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    sla_grow((void **)&b->data, &b->cap, b->len + (size_t)n + 1, 1);
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void sla_buf_reset(sla_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void sla_buf_free(sla_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

/* ---- map ---- */

typedef struct map_slot {
    uint64_t hash; /* 0 = empty */
    const char *key;
    size_t len;
    long value;
} map_slot;

struct sla_map {
    map_slot *slots;
    size_t mask, count;
};

uint64_t sla_hash(const char *s, size_t len)
{
    /* FNV-1a, then a final avalanche so linear probing sees well-spread bits. */
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return h ? h : 1;
}

sla_map *sla_map_new(size_t expected)
{
    sla_map *m = sla_xcalloc(1, sizeof *m);
    size_t cap = 16;
    while (cap < expected * 2)
        cap *= 2;
    m->slots = sla_xcalloc(cap, sizeof(map_slot));
    m->mask = cap - 1;
    return m;
}

void sla_map_free(sla_map *m)
{
    if (!m)
        return;
    free(m->slots);
    free(m);
}

static map_slot *map_find(const sla_map *m, const char *key, size_t len, uint64_t h)
{
    for (size_t i = h & m->mask;; i = (i + 1) & m->mask) {
        map_slot *s = &m->slots[i];
        if (!s->hash || (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0))
            return s;
    }
}

static void map_rehash(sla_map *m)
{
    size_t old_cap = m->mask + 1;
    map_slot *old = m->slots;
    m->slots = sla_xcalloc(old_cap * 2, sizeof(map_slot));
    m->mask = old_cap * 2 - 1;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].hash)
            *map_find(m, old[i].key, old[i].len, old[i].hash) = old[i];
    free(old);
}

long sla_map_get(const sla_map *m, const char *key, size_t len)
{
    map_slot *s = map_find(m, key, len, sla_hash(key, len));
    return s->hash ? s->value : -1;
}

long sla_map_put(sla_map *m, const char *key, size_t len, long value)
{
    if ((m->count + 1) * 2 > m->mask + 1)
        map_rehash(m);
    uint64_t h = sla_hash(key, len);
    map_slot *s = map_find(m, key, len, h);
    if (s->hash)
        return s->value;
    *s = (map_slot){h, key, len, value};
    m->count++;
    return -1;
}

/* ---- text ---- */

/* Length of the valid UTF-8 sequence at s (1..4), or 0 when invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t len;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2, cp = c & 0x1F;
    else if (c >= 0xE0 && c <= 0xEF)
        len = 3, cp = c & 0x0F;
    else if (c >= 0xF0 && c <= 0xF4)
        len = 4, cp = c & 0x07;
    else
        return 0;
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

bool sla_utf8_valid(const char *s, size_t len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        uint64_t word;
        if (i + 8 <= len && (memcpy(&word, p + i, 8), !(word & 0x8080808080808080ull))) {
            i += 8; /* eight ASCII bytes at once: most of any export */
            continue;
        }
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        size_t n = utf8_seq(p + i, len - i);
        if (!n)
            return false;
        i += n;
    }
    return true;
}

void sla_utf8_sanitize(const char *s, size_t len, sla_buf *dst)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        size_t n = utf8_seq(p + i, len - i);
        if (!n) {
            sla_buf_append(dst, "\xEF\xBF\xBD", 3);
            i++;
        } else if (n == 1 && (p[i] < 0x20 || p[i] == 0x7F) && p[i] != '\n' && p[i] != '\t') {
            sla_buf_append(dst, " ", 1);
            i++;
        } else {
            sla_buf_append(dst, s + i, n);
            i += n;
        }
    }
    if (!dst->data)
        sla_buf_append(dst, "", 0);
}

static bool is_space_at(const char *s, size_t *n)
{
    unsigned char c = (unsigned char)s[0];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f') {
        *n = 1;
        return true;
    }
    /* NBSP (C2 A0) and narrow NBSP (E2 80 AF), as Polish Excel writes them. */
    if (c == 0xC2 && (unsigned char)s[1] == 0xA0) {
        *n = 2;
        return true;
    }
    if (c == 0xE2 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0xAF) {
        *n = 3;
        return true;
    }
    return false;
}

char *sla_trim(char *s)
{
    size_t n, start = 0, len = strlen(s);
    while (start < len && is_space_at(s + start, &n))
        start += n;
    size_t end = len;
    for (;;) {
        if (end > start && strchr(" \t\r\n\v\f", s[end - 1]))
            end--;
        else if (end >= start + 2 && (unsigned char)s[end - 2] == 0xC2 &&
                 (unsigned char)s[end - 1] == 0xA0)
            end -= 2;
        else if (end >= start + 3 && (unsigned char)s[end - 3] == 0xE2 &&
                 (unsigned char)s[end - 2] == 0x80 && (unsigned char)s[end - 1] == 0xAF)
            end -= 3;
        else
            break;
    }
    memmove(s, s + start, end - start);
    s[end - start] = '\0';
    return s;
}

bool sla_blank(const char *s)
{
    size_t n;
    if (!s)
        return true;
    while (*s) {
        if (!is_space_at(s, &n))
            return false;
        s += n;
    }
    return true;
}

void sla_ascii_lower(char *s)
{
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
            *s = (char)(*s - 'A' + 'a');
}

void sla_safe_filename(const char *id, char *out, size_t size)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t o = 0, limit = size < 121 ? size - 1 : 120;
    const unsigned char *p = (const unsigned char *)id;
    for (; *p; p++) {
        /* '_' is the escape, so it is escaped too: distinct ids, distinct names */
        bool keep = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                    (*p >= '0' && *p <= '9') || *p == '-' || (*p == '.' && o > 0);
        if (o + (keep ? 1 : 3) > limit)
            break;
        if (keep) {
            out[o++] = (char)*p;
        } else {
            out[o++] = '_';
            out[o++] = hex[*p >> 4];
            out[o++] = hex[*p & 15];
        }
    }
    if (*p) { /* too long: a cut prefix and a hash of the whole id ('~' is never kept) */
        char tail[18];
        snprintf(tail, sizeof tail, "~%016llx", (unsigned long long)sla_hash(id, strlen(id)));
        if (o > limit - 17)
            o = limit - 17;
        while (o > 0 && (out[o - 1] == '_' || (o >= 2 && out[o - 2] == '_')))
            o--; /* never cut an escape in two */
        memcpy(out + o, tail, 17);
        o += 17;
    }
    if (o == 0)
        out[o++] = '_';
    out[o] = '\0';
}

int64_t sla_now(void)
{
    const char *env = getenv("SOURCE_DATE_EPOCH");
    char *end;
    if (env && *env) {
        long long v = strtoll(env, &end, 10);
        if (*end == '\0' && v >= 0)
            return (int64_t)v;
    }
    return (int64_t)time(NULL);
}

bool sla_path_is_absolute(const char *p)
{
    return p[0] == '/';
}

char *sla_path_join(const char *dir, const char *rel)
{
    if (sla_path_is_absolute(rel) || !dir || !dir[0] || strcmp(dir, ".") == 0)
        return sla_xstrdup(rel);
    size_t dl = strlen(dir), rl = strlen(rel);
    char *p = sla_xmalloc(dl + rl + 2);
    memcpy(p, dir, dl);
    size_t o = dl;
    if (dir[dl - 1] != '/')
        p[o++] = '/';
    memcpy(p + o, rel, rl + 1);
    return p;
}

char *sla_path_dirname(const char *p)
{
    const char *slash = strrchr(p, '/');
    if (!slash)
        return sla_xstrdup(".");
    if (slash == p)
        return sla_xstrdup("/");
    return sla_xstrndup(p, (size_t)(slash - p));
}

char *sla_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    sla_buf b = {0};
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        sla_buf_append(&b, chunk, n);
    int failed = ferror(f);
    int saved = errno;
    fclose(f);
    if (failed) {
        sla_buf_free(&b);
        errno = saved ? saved : EIO;
        return NULL;
    }
    if (!b.data)
        sla_buf_append(&b, "", 0);
    if (len)
        *len = b.len;
    return b.data;
}

size_t sla_jobs(void)
{
    const char *env = getenv("SLAPACK_JOBS");
    long n = env && *env ? atol(env) : sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        n = 1;
    if (n > 4)
        n = 4;
    return (size_t)n;
}
