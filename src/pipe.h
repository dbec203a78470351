/*
 * pipe.h - a second thread that reads and decodes an input into batches
 * while the calling thread uses the batches before them, in order.
 *
 * Reading and decoding a large export costs about as much as what the
 * dataset does with each row (index look-ups, cache misses), so on two
 * cores the two overlap. The batches are the caller's: SLA_PIPE_RING of
 * them go round a ring, and a batch belongs to one thread at a time, handed
 * over under a lock, so nothing else is shared.
 */
#ifndef SLA_PIPE_H
#define SLA_PIPE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#define SLA_PIPE_RING 4

typedef struct sla_pipe sla_pipe;

/* The reading thread's work: fill batches (sla_pipe_fill) and hand them
 * over (sla_pipe_publish) until the input ends or sla_pipe_fill says stop. */
typedef void (*sla_pipe_work_fn)(sla_pipe *p, void *arg);

/* Start work(p, arg) on a new thread over the caller's batches[SLA_PIPE_RING].
 * NULL when no thread can be started (the caller then reads on its own). */
sla_pipe *sla_pipe_start(void *const *batches, sla_pipe_work_fn work, void *arg);

/* Reading thread: the batch to fill next, once the using thread has given it
 * back; NULL when the using thread wants no more. */
void *sla_pipe_fill(sla_pipe *p);
/* Reading thread: the batch from sla_pipe_fill is full (or the last). */
void sla_pipe_publish(sla_pipe *p);

/* Using thread: the next batch in order, or NULL when the reading is over. */
void *sla_pipe_take(sla_pipe *p);
/* Using thread: done with the batch from sla_pipe_take; stop: no more wanted. */
void sla_pipe_give_back(sla_pipe *p, bool stop);

/* Reading thread, just after publishing a batch: whether the using thread
 * is still busy with an earlier one. Only then should the reading thread
 * help prepare the new batch: when the using thread waits for it, it
 * prepares the batch itself while the reading thread reads on, since the
 * reading is then what everything waits for. */
bool sla_pipe_behind(sla_pipe *p);

/* Using thread: wait for the reading thread to finish; frees p. */
void sla_pipe_join(sla_pipe *p);

/* The work inside a published batch, cut into chunks that either thread
 * claims, so that the one with less else to do does more of it: the reading
 * thread publishes the batch and then, if sla_pipe_behind, claims chunks;
 * the using thread takes it, claims what is left and waits for the rest
 * before using the batch.
 * The chunks' results are visible to whoever has waited. */
typedef struct sla_chunks {
    size_t count;
    atomic_size_t claimed, finished;
} sla_chunks;

/* Reading thread, before publishing: count chunks, none claimed. */
void sla_chunks_reset(sla_chunks *c, size_t count);
/* Either thread: the next chunk to work on, false when none is left. */
bool sla_chunks_claim(sla_chunks *c, size_t *chunk);
/* Either thread: the claimed chunk is done. */
void sla_chunks_done(sla_chunks *c);
/* Using thread: wait until every chunk is done (the last ones are the
 * reading thread's, a chunk's work at most). */
void sla_chunks_wait(sla_chunks *c);

#endif
