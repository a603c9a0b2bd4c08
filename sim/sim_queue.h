/* sim_queue — the event queue behind a tiny interface (push, pop-min, peek, size, purge), so
 * that another structure can be swapped in and held to the same ordering tests.
 *
 * Order: items leave by (time, push order); items pushed at equal times leave first-in
 * first-out. The queue is intrusive: each item is a node the caller owns, at index idx of an
 * array the caller binds (base, stride), so a queued event costs little memory of the queue's
 * own and the engine's dispatch touches one record (half a cache line) per event. Times pushed must not be earlier
 * than the last popped time (a monotone queue: the engine never schedules in the past); see
 * pop_until and rewind for the other floors.
 *
 * Two implementations share this interface: the radix wheel (sim_wheel.h, the engine's) and
 * an implicit 4-ary heap (sim_heapq.h, the reference structure). The engine calls one of them
 * directly (CMake option VS_SIM_QUEUE); the ops tables below let tests and benchmarks drive
 * both through the same code. */
#ifndef SIM_QUEUE_H
#define SIM_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim_time.h"
#include "vs_error.h"

#define SIM_QNIL UINT32_MAX /* ends a list; never a valid index */

/* The part of a caller's record the queue uses. The caller embeds it (at any offset it
 * declares through the stride/base it binds). tag is the caller's: the queue never reads or
 * writes it. next is the queue's while the item is queued, the caller's otherwise. Times are
 * kept by the queue (the wheel's level-0 slots imply them), not in the node. */
typedef struct {
    uint32_t next;
    uint32_t tag;
} sim_qnode_t;

/* Called by purge once per queued item; returning true drops the item, and the callee may
 * reuse the node at once (the queue has already read its link). */
typedef bool (*sim_qdead_fn)(void *ctx, uint32_t idx);

typedef struct {
    const char *name;
    /* *out owned by the caller: destroy. capacity_hint is the expected number of items. */
    vs_err_t (*create)(size_t capacity_hint, void **out);
    void (*destroy)(void *q);
    /* Where node idx lives: (sim_qnode_t *)((char *)base + idx * stride). Called again after
     * the caller's array moves; nothing is copied. */
    void (*bind)(void *q, void *base, size_t stride);
    /* Only while empty: lets later pushes start at floor, which may be earlier than the last
     * popped time (the engine pops cancelled events without moving its clock to them). */
    void (*rewind)(void *q, sim_time_t floor);
    /* Queues node idx at time (>= 0). VS_ENOMEM only when growth fails (both structures grow
     * geometrically, amortised O(1)). */
    vs_err_t (*push)(void *q, uint32_t idx, sim_time_t time);
    /* Removes the first item when its time is <= limit, giving its index and time. When it
     * returns false because the first item is later than limit, later pushes must still be
     * >= limit. */
    bool (*pop_until)(void *q, sim_time_t limit, uint32_t *idx, sim_time_t *time);
    /* The first item without removing it. */
    bool (*peek)(void *q, uint32_t *idx, sim_time_t *time);
    size_t (*size)(const void *q);
    /* Drops every item for which dead(ctx, idx) is true, keeping the order of the rest.
     * Returns how many were dropped. O(items + occupied slots). */
    size_t (*purge)(void *q, sim_qdead_fn dead, void *ctx);
} sim_queue_ops_t;

extern const sim_queue_ops_t sim_queue_wheel_ops;
extern const sim_queue_ops_t sim_queue_heap_ops;

#endif
