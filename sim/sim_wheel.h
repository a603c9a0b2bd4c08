/* sim_wheel — the engine's event queue: a radix wheel (hierarchical timing wheel whose
 * levels are the digits of the integer time), implementing sim_queue.h.
 *
 * Level 0 has 2^14 one-nanosecond slots; levels 1–3 have 2^12 slots and level 4 2^13, so the
 * five levels cover the 63 bits of a non-negative sim_time_t. A cursor `cur` (the last popped
 * time) decides where an item lives: at the level of the highest digit where its time differs
 * from cur, in the slot of that digit. Every slot is a FIFO, so equal-time items keep their
 * push order for free. Slots are chains of 64-byte chunks: 15 indices at level 0 (the slot
 * implies the time), 5 (time, index) pairs above. When level 0 runs dry the first occupied
 * slot of the lowest non-empty level is cascaded (read in order and re-appended into lower
 * levels, into slots that are empty at that moment), which keeps the order. An item moves at
 * most once per level above its final one; pops and cascades never allocate (push keeps the
 * chunk pool larger than the item count, growing it geometrically); next-slot searches use
 * two-tier bitmaps. Cancellation is the caller's (lazy) business, helped by purge. */
#ifndef SIM_WHEEL_H
#define SIM_WHEEL_H

#include "sim_queue.h"

typedef struct sim_wheel sim_wheel_t;

/* *out owned by the caller: sim_wheel_destroy. About 600 KB of slot tables whatever the
 * hint, plus at most one 64-byte chunk per queued item (about 5 bytes per item in dense
 * slots). The engine uses the inline fast paths of sim_wheel_internal.h; these out-of-line
 * functions are the same operations. */
vs_err_t sim_wheel_create(size_t capacity_hint, sim_wheel_t **out);
void sim_wheel_destroy(sim_wheel_t *w);
void sim_wheel_bind(sim_wheel_t *w, void *base, size_t stride);
void sim_wheel_rewind(sim_wheel_t *w, sim_time_t floor);
/* O(1); VS_ENOMEM only when the chunk pool cannot grow (amortised, geometric). */
vs_err_t sim_wheel_push(sim_wheel_t *w, uint32_t idx, sim_time_t time);
/* Amortised O(1) per item and level. May cascade (moving cur forward to at most limit) even
 * when it returns false. */
bool sim_wheel_pop_until(sim_wheel_t *w, sim_time_t limit, uint32_t *idx, sim_time_t *time);
/* Does not move anything; O(size of one slot) when level 0 is empty. */
bool sim_wheel_peek(sim_wheel_t *w, uint32_t *idx, sim_time_t *time);
size_t sim_wheel_size(const sim_wheel_t *w);
size_t sim_wheel_purge(sim_wheel_t *w, sim_qdead_fn dead, void *ctx);

#endif
