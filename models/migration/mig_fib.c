#include "mig_fib.h"

#include <assert.h>

#include "hw_profile.h"

static void record(mig_t *m, int64_t installed, int64_t old)
{
    mig_fib_fill_t *f = &m->res->fib_fill;
    if (f->n == MIG_FIB_POINTS)
        return;
    f->t[f->n] = sim_now(m->sim);
    f->new_entries[f->n] = installed;
    f->old_entries[f->n] = old;
    f->n++;
}

/* Routes in batches [0, b): the batches are full but the last. */
static int64_t routes_in(const mig_clone_t *c, int64_t b)
{
    int64_t r = b * c->batch_size;
    return r < c->routes ? r : c->routes;
}

/* Event i installs batches [i*B/E, (i+1)*B/E): schedules it at its cost from now. */
static void on_installed(sim_t *sim, void *ctx, uint64_t arg);
static void schedule(mig_t *m)
{
    mig_clone_t *c = &m->clone;
    int64_t b0 = c->next * c->batches / c->events, b1 = (c->next + 1) * c->batches / c->events;
    sim_time_t cost = (routes_in(c, b1) - routes_in(c, b0)) * c->per_route + (b1 - b0) * c->batch_overhead;
    if (c->next == 0)
        cost += c->setup;
    sim_after(m->sim, cost, on_installed, m, 0);
}

static void on_installed(sim_t *sim, void *ctx, uint64_t arg)
{
    mig_t *m = ctx;
    mig_clone_t *c = &m->clone;
    c->next++;
    record(m, routes_in(c, c->next * c->batches / c->events), c->old_entries);
    if (c->next < c->events) {
        schedule(m);
        return;
    }
    /* The events add up to the profile's repopulation time, batch for batch. */
    assert(sim_now(sim) - c->start == m->res->fib_total || sim_now(sim) - c->start == m->res->fib_update);
    sim_after(sim, c->extra, c->then, m, 0);
}

void mig_fib_clone(mig_t *m, bool with_rpc, int64_t old_entries, sim_time_t extra, sim_fn then)
{
    mig_result_t *res = m->res;
    const hw_fib_profile_t *f = &m->c.dst_fib;
    hw_fib_repopulate_ns(f, res->fib_entries, &res->fib_total, &res->fib_update);
    mig_clone_t *c = &m->clone;
    *c = (mig_clone_t){
        .routes = res->fib_entries,
        .batch_size = f->batch_size > 0 ? f->batch_size : 1,
        .per_route = f->install_ns + (f->tech == HW_FIB_TCAM ? f->tcam_write_ns : 0) + (with_rpc ? f->rpc_ns : 0),
        .batch_overhead = f->batch_overhead_ns,
        .setup = with_rpc ? f->setup_ns : 0,
        .extra = extra,
        .start = sim_now(m->sim),
        .old_entries = old_entries,
        .then = then,
    };
    c->batches = (c->routes + c->batch_size - 1) / c->batch_size;
    c->events = c->batches < MIG_FIB_EVENTS ? c->batches : MIG_FIB_EVENTS;
    res->fib_fill.n = 0;
    record(m, 0, old_entries);
    if (c->events == 0) /* nothing to install: no set-up either (hw_fib_repopulate_ns) */
        sim_after(m->sim, extra, then, m, 0);
    else
        schedule(m);
}

void mig_fib_old_removed(mig_t *m)
{
    const mig_fib_fill_t *f = &m->res->fib_fill;
    if (f->n > 0)
        record(m, f->new_entries[f->n - 1], 0);
}
