/* The engine: event records in a slab, the queue, the run loop, timers and the trace. The
 * hot path is sim_at and the loop of sim_run; neither allocates once the slab and the
 * queue have grown to the run's peak number of pending events. */
#include "sim.h"

#include <assert.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "sim_queue.h"
#include "vs_log.h"

/* The queue the engine is built with (CMake option VS_SIM_QUEUE): the radix wheel, through
 * its inline fast paths, unless SIM_QUEUE_HEAP is defined. Both implement sim_queue.h and
 * pass the same ordering tests. */
#ifdef SIM_QUEUE_HEAP
#include "sim_heapq.h"
typedef sim_heapq_t queue_t;
#define Q(fn) sim_heapq_##fn
#define Q_PUSH sim_heapq_push
#define Q_POP sim_heapq_pop_until
#else
#include "sim_wheel_internal.h"
typedef sim_wheel_t queue_t;
#define Q(fn) sim_wheel_##fn
#define Q_PUSH sim__wheel_push_fast
#define Q_POP sim__wheel_pop_fast
#endif

/* An event record in the slab: 32 bytes, half a cache line (the slab is 64-byte aligned),
 * so dispatching an event touches one line. gen is the record's generation (bumped on every
 * release), so a stale sim_eid_t (generation, index) is recognised; next_free links free
 * records. fn is NULL once cancelled (the record stays queued until it reaches the front, or
 * until a purge) and while free. The event's time lives in the queue; a copy for
 * sim_pending_at is in sim->when. */
typedef struct {
    uint32_t next_free;
    uint32_t gen;
    sim_fn fn;
    void *ctx;
    uint64_t arg;
} event_t;

_Static_assert(sizeof(event_t) == 32, "event records are half a cache line");

/* Lazy cancellation leaves records queued; when they outnumber the live ones (and are more
 * than this), the queue is purged, so memory stays within twice the live events and the
 * purge's O(queued) cost is paid for by the cancellations that made it necessary. */
#define PURGE_MIN 4096

struct sim {
    sim_time_t now;
    queue_t *q;
    event_t *ev;
    sim_time_t *when; /* time of each pending record, for sim_pending_at */
    uint32_t ev_cap, free_head;
    size_t live; /* pending, not cancelled */
    size_t dead; /* cancelled, still queued */
    uint64_t run_count;
    uint64_t seed;
    bool stop;
    FILE *trace;
};

static sim_eid_t make_id(uint32_t gen, uint32_t idx)
{
    return ((uint64_t)gen << 32) | ((uint64_t)idx + 1);
}

static bool grow(sim_t *sim)
{
    uint64_t want = sim->ev_cap ? (uint64_t)sim->ev_cap * 2 : 1024;
    if (want >= SIM_QNIL)
        return false;
    uint32_t cap = (uint32_t)want;
    event_t *ev = aligned_alloc(64, (size_t)cap * sizeof *ev);
    sim_time_t *when = realloc(sim->when, (size_t)cap * sizeof *when);
    if (when)
        sim->when = when;
    if (!ev || !when) {
        free(ev);
        return false;
    }
    if (sim->ev)
        memcpy(ev, sim->ev, (size_t)sim->ev_cap * sizeof *ev);
    free(sim->ev);
    for (uint32_t i = sim->ev_cap; i < cap; i++) {
        ev[i].gen = 0;
        ev[i].fn = NULL;
        ev[i].next_free = i + 1 < cap ? i + 1 : sim->free_head;
    }
    sim->free_head = sim->ev_cap;
    sim->ev = ev;
    sim->ev_cap = cap;
    Q(bind)(sim->q, ev, sizeof *ev);
    return true;
}

vs_err_t sim_create(const sim_config_t *cfg, sim_t **out)
{
    *out = NULL;
    sim_t *sim = calloc(1, sizeof *sim);
    if (!sim)
        return vs_fail(VS_ENOMEM, "out of memory");
    sim->seed = cfg ? cfg->seed : 0;
    sim->trace = cfg ? cfg->trace : NULL;
    sim->free_head = SIM_QNIL;
    size_t hint = cfg && cfg->expected_events ? cfg->expected_events : 1024;
    vs_err_t err = Q(create)(hint, &sim->q);
    if (err) {
        free(sim);
        return err;
    }
    while (sim->ev_cap < hint)
        if (!grow(sim)) {
            sim_destroy(sim);
            return vs_fail(VS_ENOMEM, "out of memory for %zu pending events", hint);
        }
    *out = sim;
    return VS_OK;
}

void sim_destroy(sim_t *sim)
{
    if (!sim)
        return;
    Q(destroy)(sim->q);
    free(sim->ev);
    free(sim->when);
    free(sim);
}

sim_time_t sim_now(const sim_t *sim)
{
    return sim->now;
}

uint64_t sim_seed(const sim_t *sim)
{
    return sim->seed;
}

/* Stands in for a NULL handler in release builds: a NULL fn marks cancelled records. */
static void no_op(sim_t *sim, void *ctx, uint64_t arg)
{
    (void)sim;
    (void)ctx;
    (void)arg;
}

sim_eid_t sim_at(sim_t *sim, sim_time_t at, sim_fn fn, void *ctx, uint64_t arg)
{
    assert(at >= sim->now);
    assert(fn != NULL);
    if (at < sim->now)
        at = sim->now;
    if (!fn)
        fn = no_op;
    if (sim->free_head == SIM_QNIL && !grow(sim)) {
        fprintf(stderr, "vroomsim: out of memory growing the event pool\n");
        abort();
    }
    uint32_t idx = sim->free_head;
    event_t *e = &sim->ev[idx];
    sim->free_head = e->next_free;
    e->fn = fn;
    e->ctx = ctx;
    e->arg = arg;
    sim->when[idx] = at;
    if (Q_PUSH(sim->q, idx, at) != VS_OK) {
        fprintf(stderr, "vroomsim: out of memory growing the event queue\n");
        abort();
    }
    sim->live++;
    return make_id(e->gen, idx);
}

sim_eid_t sim_after(sim_t *sim, sim_time_t delay, sim_fn fn, void *ctx, uint64_t arg)
{
    /* Saturates at the end of time rather than overflowing. */
    sim_time_t at = delay > SIM_TIME_MAX - sim->now ? SIM_TIME_MAX : sim->now + delay;
    return sim_at(sim, at, fn, ctx, arg);
}

static event_t *lookup(const sim_t *sim, sim_eid_t id)
{
    uint32_t idx = (uint32_t)(id & 0xffffffffu) - 1, gen = (uint32_t)(id >> 32);
    if (idx >= sim->ev_cap) /* also id 0: idx wraps to UINT32_MAX */
        return NULL;
    event_t *e = &sim->ev[idx];
    return e->gen == gen && e->fn ? e : NULL;
}

static inline void release(sim_t *sim, uint32_t idx)
{
    event_t *e = &sim->ev[idx];
    e->fn = NULL;
    e->gen++;
    e->next_free = sim->free_head;
    sim->free_head = idx;
}

static bool purge_dead(void *ctx, uint32_t idx)
{
    sim_t *sim = ctx;
    if (sim->ev[idx].fn)
        return false;
    release(sim, idx);
    return true;
}

bool sim_cancel(sim_t *sim, sim_eid_t id)
{
    event_t *e = lookup(sim, id);
    if (!e)
        return false;
    e->fn = NULL;
    sim->live--;
    if (++sim->dead > PURGE_MIN && sim->dead > sim->live) {
        size_t n = Q(purge)(sim->q, purge_dead, sim);
        assert(n == sim->dead);
        sim->dead -= n;
    }
    return true;
}

bool sim_pending_at(const sim_t *sim, sim_eid_t id, sim_time_t *at)
{
    const event_t *e = lookup(sim, id);
    if (e && at)
        *at = sim->when[e - sim->ev];
    return e != NULL;
}

uint64_t sim_run(sim_t *sim, sim_time_t until)
{
    uint64_t n = 0;
    uint32_t idx;
    sim_time_t t;
    sim->stop = false;
    const bool trace = vs_log_max >= VS_LOG_TRACE; /* read once: handlers do not change it */
    while (!sim->stop) {
        if (!Q_POP(sim->q, until, &idx, &t)) {
            /* No live event left, or the next is later than until. In the second case the
             * queue may have moved its cursor up to until; the clock follows, so that
             * nothing is scheduled before the cursor. */
            if (sim->live > 0 && until > sim->now)
                sim->now = until;
            break;
        }
        event_t *e = &sim->ev[idx]; /* reloaded: a handler may have grown the slab */
        sim_fn fn = e->fn;
        if (!fn) {
            sim->dead--;
            release(sim, idx);
            continue;
        }
        sim->now = t;
        void *ctx = e->ctx;
        uint64_t arg = e->arg;
        release(sim, idx);
        sim->live--;
        n++;
        if (trace)
            vs_log_at(VS_LOG_TRACE, "sim", t, "event %" PRIu64 ": handler %p, context %p, argument %" PRIu64,
                      sim->run_count + n, (void *)(uintptr_t)fn, ctx, arg);
        fn(sim, ctx, arg);
    }
    /* Without live events the clock stays at the last event run, and the queue's cursor
     * (moved by cancelled events popped or cascaded) must come back to it: drop what is
     * left, all cancelled, and rewind. */
    if (sim->live == 0) {
        if (sim->dead > 0)
            sim->dead -= Q(purge)(sim->q, purge_dead, sim);
        assert(Q(size)(sim->q) == 0 && sim->dead == 0);
        Q(rewind)(sim->q, sim->now);
    }
    sim->run_count += n;
    return n;
}

void sim_stop(sim_t *sim)
{
    sim->stop = true;
}

size_t sim_pending(const sim_t *sim)
{
    return sim->live;
}

uint64_t sim_events_run(const sim_t *sim)
{
    return sim->run_count;
}

bool sim_tracing(const sim_t *sim)
{
    return sim->trace != NULL || vs_log_max >= VS_LOG_TRACE;
}

/* Writes s as the body of a JSON string (RFC 8259 section 7): quote, backslash and control
 * characters escaped; other bytes, UTF-8 included, pass through. */
static void put_json_string(FILE *f, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    putc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        if (c >= 0x20 && c != '"' && c != '\\') {
            putc(c, f);
            continue;
        }
        putc('\\', f);
        switch (c) {
        case '"':
            putc('"', f);
            break;
        case '\\':
            putc('\\', f);
            break;
        case '\n':
            putc('n', f);
            break;
        case '\t':
            putc('t', f);
            break;
        case '\r':
            putc('r', f);
            break;
        default:
            fputs("u00", f);
            putc(hex[c >> 4], f);
            putc(hex[c & 15], f);
        }
    }
    putc('"', f);
}

void sim_trace(sim_t *sim, const char *entity, const char *event, const char *extra_json)
{
    VS_LOG_T(VS_LOG_TRACE, "sim", sim->now, "%s: %s%s%s", entity ? entity : "", event ? event : "",
             extra_json && *extra_json ? " " : "", extra_json ? extra_json : "");
    FILE *f = sim->trace;
    if (!f)
        return;
    fprintf(f, "{\"t\":%" PRId64 ",\"entity\":", sim->now);
    put_json_string(f, entity ? entity : "");
    fputs(",\"event\":", f);
    put_json_string(f, event ? event : "");
    if (extra_json && *extra_json) {
        putc(',', f);
        fputs(extra_json, f);
    }
    fputs("}\n", f);
}

static void timer_fire(sim_t *sim, void *ctx, uint64_t arg)
{
    (void)arg;
    sim_timer_t *t = ctx;
    t->ev = 0;
    t->fn(sim, t->ctx, t->arg);
}

void sim_timer_init(sim_timer_t *t, sim_fn fn, void *ctx, uint64_t arg)
{
    t->fn = fn;
    t->ctx = ctx;
    t->arg = arg;
    t->ev = 0;
    t->when = 0;
}

void sim_timer_arm(sim_t *sim, sim_timer_t *t, sim_time_t at)
{
    if (t->ev)
        sim_cancel(sim, t->ev);
    t->when = at;
    t->ev = sim_at(sim, at, timer_fire, t, 0);
}

void sim_timer_arm_after(sim_t *sim, sim_timer_t *t, sim_time_t delay)
{
    sim_timer_arm(sim, t, delay > SIM_TIME_MAX - sim->now ? SIM_TIME_MAX : sim->now + delay);
}

void sim_timer_cancel(sim_t *sim, sim_timer_t *t)
{
    if (t->ev) {
        sim_cancel(sim, t->ev);
        t->ev = 0;
    }
}
