#include "sim.h"

#include <assert.h>
#include <inttypes.h>
#include <stdlib.h>

#include "sim_queue.h"

/* An event record in the slab. gen counts the record's reuses, so a stale sim_eid_t
 * (generation, index) is recognised. */
typedef struct {
    sim_fn fn;
    void *ctx;
    uint64_t arg;
    sim_time_t time;
    uint32_t gen;
    uint32_t next_free; /* free-list link; UINT32_MAX ends the list */
    uint8_t state;      /* ev_free, ev_pending, ev_cancelled */
} event_t;

enum { EV_FREE, EV_PENDING, EV_CANCELLED };
#define NO_FREE UINT32_MAX

struct sim {
    sim_time_t now;
    uint64_t seed;
    uint64_t next_seq;
    uint64_t run_count;
    size_t live; /* pending, not cancelled */
    bool stop;
    event_t *ev;
    uint32_t ev_cap, free_head;
    sim_queue_t *q;
    FILE *trace;
};

static sim_eid_t make_id(uint32_t gen, uint32_t idx)
{
    return ((uint64_t)gen << 32) | ((uint64_t)idx + 1);
}

static bool grow(sim_t *sim)
{
    uint32_t cap = sim->ev_cap ? sim->ev_cap * 2 : 1024;
    event_t *ev = realloc(sim->ev, (size_t)cap * sizeof *ev);
    if (!ev)
        return false;
    for (uint32_t i = sim->ev_cap; i < cap; i++) {
        ev[i].state = EV_FREE;
        ev[i].gen = 0;
        ev[i].next_free = i + 1 < cap ? i + 1 : sim->free_head;
    }
    sim->free_head = sim->ev_cap;
    sim->ev = ev;
    sim->ev_cap = cap;
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
    sim->free_head = NO_FREE;
    size_t hint = cfg && cfg->expected_events ? cfg->expected_events : 1024;
    vs_err_t err = sim_queue_create(hint, &sim->q);
    if (err) {
        free(sim);
        return err;
    }
    while (sim->ev_cap < hint)
        if (!grow(sim)) {
            sim_destroy(sim);
            return vs_fail(VS_ENOMEM, "out of memory");
        }
    *out = sim;
    return VS_OK;
}

void sim_destroy(sim_t *sim)
{
    if (!sim)
        return;
    sim_queue_destroy(sim->q);
    free(sim->ev);
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

sim_eid_t sim_at(sim_t *sim, sim_time_t at, sim_fn fn, void *ctx, uint64_t arg)
{
    assert(at >= sim->now);
    if (at < sim->now)
        at = sim->now;
    if (sim->free_head == NO_FREE && !grow(sim)) {
        fprintf(stderr, "vroomsim: out of memory growing the event pool\n");
        abort();
    }
    uint32_t idx = sim->free_head;
    event_t *e = &sim->ev[idx];
    sim->free_head = e->next_free;
    e->fn = fn;
    e->ctx = ctx;
    e->arg = arg;
    e->time = at;
    e->state = EV_PENDING;
    if (sim_queue_push(sim->q, at, sim->next_seq++, idx) != VS_OK) {
        fprintf(stderr, "vroomsim: out of memory growing the event queue\n");
        abort();
    }
    sim->live++;
    return make_id(e->gen, idx);
}

sim_eid_t sim_after(sim_t *sim, sim_time_t delay, sim_fn fn, void *ctx, uint64_t arg)
{
    return sim_at(sim, sim->now + delay, fn, ctx, arg);
}

static event_t *lookup(const sim_t *sim, sim_eid_t id)
{
    if (id == 0)
        return NULL;
    uint32_t idx = (uint32_t)(id & 0xffffffffu) - 1, gen = (uint32_t)(id >> 32);
    if (idx >= sim->ev_cap)
        return NULL;
    event_t *e = &sim->ev[idx];
    return e->state == EV_PENDING && e->gen == gen ? e : NULL;
}

bool sim_cancel(sim_t *sim, sim_eid_t id)
{
    event_t *e = lookup(sim, id);
    if (!e)
        return false;
    e->state = EV_CANCELLED;
    sim->live--;
    return true;
}

bool sim_pending_at(const sim_t *sim, sim_eid_t id, sim_time_t *at)
{
    const event_t *e = lookup(sim, id);
    if (e && at)
        *at = e->time;
    return e != NULL;
}

static void release(sim_t *sim, uint32_t idx)
{
    event_t *e = &sim->ev[idx];
    e->state = EV_FREE;
    e->gen++;
    e->next_free = sim->free_head;
    sim->free_head = idx;
}

uint64_t sim_run(sim_t *sim, sim_time_t until)
{
    uint64_t n = 0;
    sim_qentry_t top;
    sim->stop = false;
    while (!sim->stop && sim_queue_peek(sim->q, &top)) {
        if (top.time > until) {
            if (until > sim->now)
                sim->now = until;
            break;
        }
        sim_queue_pop(sim->q, &top);
        event_t *e = &sim->ev[top.idx];
        if (e->state == EV_CANCELLED) {
            release(sim, top.idx);
            continue;
        }
        sim->now = top.time;
        sim_fn fn = e->fn;
        void *ctx = e->ctx;
        uint64_t arg = e->arg;
        release(sim, top.idx);
        sim->live--;
        n++;
        fn(sim, ctx, arg);
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
    return sim->trace != NULL;
}

void sim_trace(sim_t *sim, const char *entity, const char *event, const char *extra_json)
{
    if (!sim->trace)
        return;
    /* entity and event are identifiers chosen by models (no quoting needed). */
    fprintf(sim->trace, "{\"t\":%" PRId64 ",\"entity\":\"%s\",\"event\":\"%s\"%s%s}\n", sim->now,
            entity, event, extra_json ? "," : "", extra_json ? extra_json : "");
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
    sim_timer_arm(sim, t, sim->now + delay);
}

void sim_timer_cancel(sim_t *sim, sim_timer_t *t)
{
    if (t->ev) {
        sim_cancel(sim, t->ev);
        t->ev = 0;
    }
}
