/* sim_queue — the event queue behind a tiny interface (push, pop-min, peek, size, purge), so
 * that another structure can be swapped in and held to the same ordering tests.
 *
 * Order: items leave by (time, push order); items pushed at equal times leave first-in
 * first-out. Items are 32-bit indices into the caller's array of records, with their times;
 * the queue never reads or writes the records (it may prefetch them, see bind). Times pushed
 * must not be earlier than the last popped time (a monotone queue: the engine never
 * schedules in the past); see pop_until and rewind for the other floors.
 *
 * Two implementations share this interface: the radix wheel (sim_wheel.h, the engine's) and
 * an implicit 4-ary heap (sim_heapq.h, the reference structure). The engine calls one of them
 * directly (CMake option VS_SIM_QUEUE); the ops tables of sim_qops.h let tests and
 * benchmarks drive both through the same code. */
#ifndef SIM_QUEUE_H
#define SIM_QUEUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim_time.h"
#include "vs_error.h"

#define SIM_QNIL UINT32_MAX /* ends a list; never a valid index */

/* Called by purge once per queued item; returning true drops the item (the callee may
 * recycle its record at once). */
typedef bool (*sim_qdead_fn)(void *ctx, uint32_t idx);

typedef struct {
    const char *name;
    /* *out owned by the caller: destroy. capacity_hint is the expected number of items. */
    vs_err_t (*create)(size_t capacity_hint, void **out);
    void (*destroy)(void *q);
    /* Where record idx lives, (char *)base + idx * stride, so that the queue can prefetch the
     * records it is about to hand out. A hint only: base may be NULL. Called again after the
     * caller's array moves. */
    void (*bind)(void *q, void *base, size_t stride);
    /* Only while empty: lets later pushes start at floor, which may be earlier than the last
     * popped time (the engine pops cancelled events without moving its clock to them). */
    void (*rewind)(void *q, sim_time_t floor);
    /* Queues item idx at time (>= 0). VS_ENOMEM only when growth fails (both structures grow
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

#endif
