/* The ops tables of sim_queue.h: thin casts over the two implementations. */
#include "sim_qops.h"

#include "sim_heapq.h"
#include "sim_wheel.h"

#define SIM__QUEUE_OPS(var, label, p, type)                                                 \
    static vs_err_t var##_create(size_t hint, void **out)                                  \
    {                                                                                       \
        type *q;                                                                            \
        vs_err_t err = p##_create(hint, &q);                                                \
        *out = q;                                                                           \
        return err;                                                                         \
    }                                                                                       \
    static void var##_destroy(void *q) { p##_destroy(q); }                                  \
    static void var##_bind(void *q, void *b, size_t s) { p##_bind(q, b, s); }               \
    static void var##_rewind(void *q, sim_time_t f) { p##_rewind(q, f); }                   \
    static vs_err_t var##_push(void *q, uint32_t i, sim_time_t t) { return p##_push(q, i, t); } \
    static bool var##_pop_until(void *q, sim_time_t l, uint32_t *i, sim_time_t *t)          \
    {                                                                                       \
        return p##_pop_until(q, l, i, t);                                                   \
    }                                                                                       \
    static bool var##_peek(void *q, uint32_t *i, sim_time_t *t) { return p##_peek(q, i, t); } \
    static size_t var##_size(const void *q) { return p##_size(q); }                         \
    static size_t var##_purge(void *q, sim_qdead_fn d, void *c) { return p##_purge(q, d, c); } \
    const sim_queue_ops_t var = {                                                           \
        .name = label,                                                                      \
        .create = var##_create,                                                             \
        .destroy = var##_destroy,                                                           \
        .bind = var##_bind,                                                                 \
        .rewind = var##_rewind,                                                             \
        .push = var##_push,                                                                 \
        .pop_until = var##_pop_until,                                                       \
        .peek = var##_peek,                                                                 \
        .size = var##_size,                                                                 \
        .purge = var##_purge,                                                               \
    };

SIM__QUEUE_OPS(sim_queue_wheel_ops, "wheel", sim_wheel, sim_wheel_t)
SIM__QUEUE_OPS(sim_queue_heap_ops, "heap", sim_heapq, sim_heapq_t)
