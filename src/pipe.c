/*
 * pipe.c - see pipe.h. Two counters under one lock: batches published by the
 * reading thread and batches given back by the using thread; their
 * difference is how many are in flight, at most the ring's size.
 */
#include "pipe.h"

#include <pthread.h>
#include <sched.h>
#include <stdlib.h>

#include "util.h"

struct sla_pipe {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    void *batches[SLA_PIPE_RING];
    unsigned long published, given_back;
    bool done, stop;
    sla_pipe_work_fn work;
    void *arg;
};

static void *run_work(void *arg)
{
    sla_pipe *p = arg;
    p->work(p, p->arg);
    pthread_mutex_lock(&p->lock);
    p->done = true;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

sla_pipe *sla_pipe_start(void *const *batches, sla_pipe_work_fn work, void *arg)
{
    sla_pipe *p = sla_xcalloc(1, sizeof *p);
    for (int i = 0; i < SLA_PIPE_RING; i++)
        p->batches[i] = batches[i];
    p->work = work;
    p->arg = arg;
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->changed, NULL);
    if (pthread_create(&p->thread, NULL, run_work, p) != 0) {
        pthread_cond_destroy(&p->changed);
        pthread_mutex_destroy(&p->lock);
        free(p);
        return NULL;
    }
    return p;
}

void *sla_pipe_fill(sla_pipe *p)
{
    pthread_mutex_lock(&p->lock);
    while (p->published - p->given_back >= SLA_PIPE_RING && !p->stop)
        pthread_cond_wait(&p->changed, &p->lock);
    void *b = p->stop ? NULL : p->batches[p->published % SLA_PIPE_RING];
    pthread_mutex_unlock(&p->lock);
    return b;
}

void sla_pipe_publish(sla_pipe *p)
{
    pthread_mutex_lock(&p->lock);
    p->published++;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
}

bool sla_pipe_behind(sla_pipe *p)
{
    pthread_mutex_lock(&p->lock);
    bool behind = p->published - p->given_back > 1;
    pthread_mutex_unlock(&p->lock);
    return behind;
}

void *sla_pipe_take(sla_pipe *p)
{
    pthread_mutex_lock(&p->lock);
    while (p->given_back == p->published && !p->done)
        pthread_cond_wait(&p->changed, &p->lock);
    void *b = p->given_back < p->published ? p->batches[p->given_back % SLA_PIPE_RING] : NULL;
    pthread_mutex_unlock(&p->lock);
    return b;
}

void sla_pipe_give_back(sla_pipe *p, bool stop)
{
    pthread_mutex_lock(&p->lock);
    p->given_back++;
    p->stop = p->stop || stop;
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
}

void sla_pipe_join(sla_pipe *p)
{
    pthread_mutex_lock(&p->lock);
    p->stop = true; /* a reading thread still filling stops at its next batch */
    pthread_cond_broadcast(&p->changed);
    pthread_mutex_unlock(&p->lock);
    pthread_join(p->thread, NULL);
    pthread_cond_destroy(&p->changed);
    pthread_mutex_destroy(&p->lock);
    free(p);
}

void sla_chunks_reset(sla_chunks *c, size_t count)
{
    c->count = count;
    atomic_store_explicit(&c->claimed, 0, memory_order_relaxed);
    atomic_store_explicit(&c->finished, 0, memory_order_relaxed);
}

bool sla_chunks_claim(sla_chunks *c, size_t *chunk)
{
    *chunk = atomic_fetch_add_explicit(&c->claimed, 1, memory_order_relaxed);
    return *chunk < c->count;
}

void sla_chunks_done(sla_chunks *c)
{
    /* Release: the chunk's results are seen by whoever sees the count. */
    atomic_fetch_add_explicit(&c->finished, 1, memory_order_release);
}

void sla_chunks_wait(sla_chunks *c)
{
    while (atomic_load_explicit(&c->finished, memory_order_acquire) < c->count)
        sched_yield();
}
