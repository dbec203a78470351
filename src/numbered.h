/*
 * numbered.h - ids of the form an export numbers its rows with (L-000001,
 * A-0000002, 12345678), as numbers, for tables indexed by number instead
 * of by hash.
 *
 * The first id made room for decides the form: its prefix is everything
 * before its last run of digits, and the run's length is the width. With
 * the width fixed, an id of that form and its number stand for each other.
 * Numbers are grouped in blocks of SLA_BLOCK_IDS, each the caller's array of
 * one entry per number, zeroed when made. A number's block is either made
 * when its first id needs it, or never made; so whether an id has a block
 * depends on the id alone, and a caller that keeps the other ids by hash
 * always looks for an id where it went.
 */
#ifndef SLA_NUMBERED_H
#define SLA_NUMBERED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SLA_BLOCK_IDS 65536

typedef struct sla_numbered sla_numbered;

/* Blocks of block_bytes each (an entry per number). */
sla_numbered *sla_numbered_new(size_t block_bytes);
void sla_numbered_free(sla_numbered *n);

/* The block that holds id's entry, with *at its place in the block, or
 * NULL: id is not of the form, or its block does not exist and make is
 * false, or blocks are no longer made (see numbered.c). Only make decides
 * the form (a look-up before anything was kept finds nothing anyway). */
void *sla_numbered_block(sla_numbered *n, const char *id, size_t len, bool make, size_t *at);

/* One more id is kept in the blocks (blocks that stay nearly empty stop
 * being made). */
void sla_numbered_kept(sla_numbered *n);

#endif
