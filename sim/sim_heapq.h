/* sim_heapq — an implicit 4-ary min-heap of (time, push sequence) keys implementing
 * sim_queue.h: the structure the benchmark's reference uses, kept as the alternative the
 * engine can be built with (cmake -DVS_SIM_QUEUE=heap) and held to the same ordering tests.
 * Push and pop are O(log n); the heap array grows geometrically. */
#ifndef SIM_HEAPQ_H
#define SIM_HEAPQ_H

#include "sim_queue.h"

typedef struct sim_heapq sim_heapq_t;

/* *out owned by the caller: sim_heapq_destroy. */
vs_err_t sim_heapq_create(size_t capacity_hint, sim_heapq_t **out);
void sim_heapq_destroy(sim_heapq_t *q);
void sim_heapq_bind(sim_heapq_t *q, void *base, size_t stride);
void sim_heapq_rewind(sim_heapq_t *q, sim_time_t floor);
vs_err_t sim_heapq_push(sim_heapq_t *q, uint32_t idx, sim_time_t time);
bool sim_heapq_pop_until(sim_heapq_t *q, sim_time_t limit, uint32_t *idx, sim_time_t *time);
bool sim_heapq_peek(sim_heapq_t *q, uint32_t *idx, sim_time_t *time);
size_t sim_heapq_size(const sim_heapq_t *q);
size_t sim_heapq_purge(sim_heapq_t *q, sim_qdead_fn dead, void *ctx);

#endif
