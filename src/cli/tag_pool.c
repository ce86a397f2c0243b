/*
 * tag_pool.c -- worker threads over a ring of units, emitted in order.
 *
 * Units get consecutive sequence numbers; unit `seq` lives in ring slot
 * seq % n_slots.  Invariant: head <= next_work <= tail and
 * tail - head <= n_slots, where head is the next unit to emit, next_work
 * the next one a worker takes and tail the next one submitted.  Only the
 * main thread submits and emits, so the output is written in submission
 * order whatever order the workers finish in; workers only tag.  The ring
 * bounds the memory in flight to n_slots units.
 */
#include "tag.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef enum { SLOT_PENDING, SLOT_DONE } slot_state;

struct tag_pool {
    pthread_mutex_t mu;
    pthread_cond_t work_cv; /* a unit was submitted, or quit */
    pthread_cond_t done_cv; /* a unit was finished */
    tag_unit **slot;
    slot_state *state;
    size_t n_slots, head, next_work, tail;
    bool quit;
    pthread_t *threads;
    tag_worker *workers;
    long n_threads, n_started;
    tag_emit_fn emit;
    void *ctx;
};

static void *worker_main(void *arg);

typedef struct worker_arg {
    tag_pool *p;
    tag_worker *w;
} worker_arg;

static void *worker_main(void *arg)
{
    tag_pool *p = ((worker_arg *)arg)->p;
    tag_worker *w = ((worker_arg *)arg)->w;
    free(arg);
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->quit && p->next_work == p->tail)
            pthread_cond_wait(&p->work_cv, &p->mu);
        if (p->quit)
            break;
        size_t seq = p->next_work++;
        tag_unit *u = p->slot[seq % p->n_slots];
        pthread_mutex_unlock(&p->mu);
        tag_work(w, u);
        pthread_mutex_lock(&p->mu);
        p->state[seq % p->n_slots] = SLOT_DONE;
        pthread_cond_signal(&p->done_cv);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

static int start_workers(tag_pool *p, const cli_gaz *gz,
                         const gaztag_rules *rules, const tag_opts *o)
{
    for (long i = 0; i < p->n_threads; i++) {
        tag_worker *w = &p->workers[i];
        worker_arg *a = malloc(sizeof *a);
        w->gz = gz;
        w->rules = rules;
        w->g = gz->g[0];
        w->o = o;
        if (!a) {
            cli_error("out of memory");
            return -1;
        }
        *a = (worker_arg){p, w};
        if (pthread_create(&p->threads[i], NULL, worker_main, a) != 0) {
            free(a);
            cli_error("cannot start a worker thread");
            return -1;
        }
        p->n_started++;
    }
    return 0;
}

tag_pool *tag_pool_new(const cli_gaz *gz, const gaztag_rules *rules,
                       const tag_opts *o, long n, tag_emit_fn emit, void *ctx)
{
    tag_pool *p = calloc(1, sizeof *p);
    if (!p) {
        cli_error("out of memory");
        return NULL;
    }
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->work_cv, NULL);
    pthread_cond_init(&p->done_cv, NULL);
    p->n_threads = n;
    p->n_slots = (size_t)n * TAG_SLOTS_PER_WORKER;
    p->emit = emit;
    p->ctx = ctx;
    /* NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers */
    p->slot = calloc(p->n_slots, sizeof *p->slot);
    p->state = calloc(p->n_slots, sizeof *p->state);
    p->threads = calloc((size_t)n, sizeof *p->threads);
    p->workers = calloc((size_t)n, sizeof *p->workers);
    if (!p->slot || !p->state || !p->threads || !p->workers) {
        cli_error("out of memory");
        goto fail;
    }
    if (start_workers(p, gz, rules, o) < 0)
        goto fail;
    return p;
fail:
    tag_pool_free(p);
    return NULL;
}

/* Emit the finished units at the head; called with the lock held. */
static int emit_ready(tag_pool *p)
{
    while (p->head < p->next_work &&
           p->state[p->head % p->n_slots] == SLOT_DONE) {
        tag_unit *u = p->slot[p->head % p->n_slots];
        p->slot[p->head % p->n_slots] = NULL;
        p->head++;
        pthread_mutex_unlock(&p->mu);
        int rc = p->emit(p->ctx, u);
        tag_unit_clear(u);
        free(u);
        pthread_mutex_lock(&p->mu);
        if (rc < 0)
            return -1;
    }
    return 0;
}

int tag_pool_submit(tag_pool *p, tag_unit *u)
{
    int rc = 0;
    pthread_mutex_lock(&p->mu);
    while ((rc = emit_ready(p)) == 0 && p->tail - p->head == p->n_slots)
        pthread_cond_wait(&p->done_cv, &p->mu);
    if (rc == 0) {
        p->slot[p->tail % p->n_slots] = u;
        p->state[p->tail % p->n_slots] = SLOT_PENDING;
        p->tail++;
        pthread_cond_signal(&p->work_cv);
    }
    pthread_mutex_unlock(&p->mu);
    if (rc < 0) {
        tag_unit_clear(u);
        free(u);
    }
    return rc;
}

int tag_pool_drain(tag_pool *p)
{
    int rc = 0;
    pthread_mutex_lock(&p->mu);
    while ((rc = emit_ready(p)) == 0 && p->head < p->tail)
        pthread_cond_wait(&p->done_cv, &p->mu);
    pthread_mutex_unlock(&p->mu);
    return rc;
}

void tag_pool_free(tag_pool *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    p->quit = true;
    pthread_cond_broadcast(&p->work_cv);
    pthread_mutex_unlock(&p->mu);
    for (long i = 0; i < p->n_started; i++)
        pthread_join(p->threads[i], NULL);
    for (size_t i = 0; p->slot && i < p->n_slots; i++) {
        if (p->slot[i]) {
            tag_unit_clear(p->slot[i]);
            free(p->slot[i]);
        }
    }
    for (long i = 0; p->workers && i < p->n_threads; i++) {
        gaztag_tagger_free(p->workers[i].t);
        json_out_free(p->workers[i].jw);
    }
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->work_cv);
    pthread_cond_destroy(&p->done_cv);
    free(p->slot);
    free(p->state);
    free(p->threads);
    free(p->workers);
    free(p);
}
