/*
 * idset.h - the row ids an input's files have shown so far, to tell a
 * repeat inside one file (a data-quality problem) from a newer snapshot's
 * row (SPEC §3).
 *
 * Exports number their rows: A-0000001, A-0000002, ... An id of that form
 * (numbered.h) is kept as one bit in a block of 65 536 numbers, so five
 * million such ids take a megabyte, and ids that follow each other touch
 * the same cache lines. Any other id is kept by its hash in a keyindex
 * (80 MB for five million, and a cache miss each). Which of the two keeps
 * an id depends on the id alone, so a repeat is always looked for where
 * the first one went.
 */
#ifndef SLA_IDSET_H
#define SLA_IDSET_H

#include <stddef.h>
#include <stdint.h>

typedef struct sla_idset sla_idset;

typedef enum sla_id_seen {
    SLA_ID_NEW,             /* first time: now recorded as the current file's */
    SLA_ID_IN_THIS_FILE,    /* a repeat inside the file being read */
    SLA_ID_IN_EARLIER_FILE, /* first shown by a file read before this one */
} sla_id_seen;

/* expected: how many ids the input may hold (sizes the hash table, made
 * only when an id needs it). */
sla_idset *sla_idset_new(size_t expected);
void sla_idset_free(sla_idset *s);

/* Whether id was seen before, file being the file it comes from (files are
 * read one after another: a file's ids all come before the next file's).
 * hash is sla_key_hash(id, len). A new id is recorded; a repeat is not. */
sla_id_seen sla_idset_see(sla_idset *s, const char *id, size_t len, uint64_t hash, uint32_t file);

/* Start fetching what sla_idset_see will read for this id. */
void sla_idset_prefetch(const sla_idset *s, const char *id, size_t len, uint64_t hash);

/* How many ids went to the hash table (the rest are bits). */
size_t sla_idset_hashed(const sla_idset *s);

#endif
