/* sim_queue — the event queue behind a tiny interface (push, pop-min, peek, size), so that
 * another structure can be swapped in and held to the same ordering tests. Keys are
 * (time, seq); seq is unique and increasing, so the order is total. The payload is the index
 * of an event record in the engine's slab. Cancellation is the engine's business (lazy: a
 * cancelled record is skipped when it reaches the front). */
#ifndef SIM_QUEUE_H
#define SIM_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim_time.h"
#include "vs_error.h"

typedef struct {
    sim_time_t time;
    uint64_t seq; /* insertion sequence; low 32 bits of payload are in idx */
    uint32_t idx;
} sim_qentry_t;

typedef struct sim_queue sim_queue_t;

/* *out owned by the caller: sim_queue_destroy. */
vs_err_t sim_queue_create(size_t capacity_hint, sim_queue_t **out);
void sim_queue_destroy(sim_queue_t *q);
/* Amortised O(1) memory growth; returns VS_ENOMEM only when growth fails. Keys must not be
 * earlier than the last popped key (the engine never schedules in the past). */
vs_err_t sim_queue_push(sim_queue_t *q, sim_time_t time, uint64_t seq, uint32_t idx);
bool sim_queue_pop(sim_queue_t *q, sim_qentry_t *out);
bool sim_queue_peek(sim_queue_t *q, sim_qentry_t *out);
size_t sim_queue_size(const sim_queue_t *q);

#endif
