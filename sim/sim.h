/* sim — the discrete-event engine: a clock, an event queue and a run loop.
 *
 * Events are totally ordered by (time, insertion sequence): events at equal times run in
 * the order they were scheduled. An event is a callback fn(sim, ctx, arg) fired at its
 * time. Event records (32 bytes) come from a slab with a free list, and the queue is a radix
 * wheel on the integer time (sim_wheel.h), so scheduling and dispatch do not allocate once
 * the pool has grown to the run's peak number of pending events. docs/engine.md has the
 * details and the benchmark. */
#ifndef SIM_H
#define SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sim_time.h"
#include "vs_error.h"

typedef struct sim sim_t;

/* Identifies one scheduled event; 0 never names an event. Stale ids (fired or cancelled)
 * are detected by a generation count, so cancelling them is a safe no-op. */
typedef uint64_t sim_eid_t;

typedef void (*sim_fn)(sim_t *sim, void *ctx, uint64_t arg);

typedef struct {
    uint64_t seed;         /* master seed for every entity's random stream */
    size_t expected_events; /* pool capacity hint (pending at once); 0 for a default */
    FILE *trace;           /* JSON-lines event trace, or NULL; not owned */
} sim_config_t;

/* *out is owned by the caller: sim_destroy. */
vs_err_t sim_create(const sim_config_t *cfg, sim_t **out);
void sim_destroy(sim_t *sim);

sim_time_t sim_now(const sim_t *sim);
uint64_t sim_seed(const sim_t *sim);

/* Schedules fn(sim, ctx, arg) at absolute time at (fn not NULL; ctx is not owned); at < now
 * is clamped to now (and is a bug in the caller: asserted in debug builds). An event at now
 * runs after every event already pending at now. Never fails except for memory growth,
 * which aborts with a message (the pool grows geometrically; amortised O(1)). */
sim_eid_t sim_at(sim_t *sim, sim_time_t at, sim_fn fn, void *ctx, uint64_t arg);
sim_eid_t sim_after(sim_t *sim, sim_time_t delay, sim_fn fn, void *ctx, uint64_t arg);
/* Removes a pending event, O(1) amortised (the record is reclaimed lazily). Returns false
 * when id already fired or was cancelled (ids carry a 32-bit generation per record, so a
 * stale id is recognised unless its record was reused 2^32 times since). */
bool sim_cancel(sim_t *sim, sim_eid_t id);
/* Whether id is still pending; its time in *at when it is. */
bool sim_pending_at(const sim_t *sim, sim_eid_t id, sim_time_t *at);

/* Runs events in order until the queue is empty, the next event is later than until, or
 * sim_stop is called from a handler. The clock ends at the last event run (or at until when
 * later events are still pending; cancelled ones do not count). Returns the number of
 * events run by this call. */
uint64_t sim_run(sim_t *sim, sim_time_t until);
void sim_stop(sim_t *sim);

size_t sim_pending(const sim_t *sim);
uint64_t sim_events_run(const sim_t *sim);

/* Trace: when the configuration gave a stream, models write one JSON object a line:
 * {"t":<ns>,"entity":"...","event":"...",<extra>} where entity and event are any strings
 * (JSON-escaped here) and extra is a JSON fragment of members, written as given (may be NULL
 * or empty; the caller makes it valid JSON). Cheap no-op without a stream. */
bool sim_tracing(const sim_t *sim);
void sim_trace(sim_t *sim, const char *entity, const char *event, const char *extra_json);

/* A re-armable timer embedded in its owner. Arming an armed timer moves it; cancel is a no-op
 * when idle. The callback runs with the timer already idle, so it may re-arm itself. */
typedef struct {
    sim_fn fn;
    void *ctx;
    uint64_t arg;
    sim_eid_t ev;   /* pending event, 0 when idle */
    sim_time_t when; /* expiry when armed */
} sim_timer_t;

void sim_timer_init(sim_timer_t *t, sim_fn fn, void *ctx, uint64_t arg);
void sim_timer_arm(sim_t *sim, sim_timer_t *t, sim_time_t at);
void sim_timer_arm_after(sim_t *sim, sim_timer_t *t, sim_time_t delay);
void sim_timer_cancel(sim_t *sim, sim_timer_t *t);
static inline bool sim_timer_armed(const sim_timer_t *t)
{
    return t->ev != 0;
}

#endif
