#include "rt_clock.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

const char *rt_clock_name(rt_clock_mode_t mode)
{
    return mode == RT_CLOCK_PAUSED ? "paused" : "running";
}

vs_err_t rt_clock_parse(const char *text, rt_clock_mode_t *out)
{
    if (!strcmp(text, "running"))
        *out = RT_CLOCK_RUNNING;
    else if (!strcmp(text, "paused"))
        *out = RT_CLOCK_PAUSED;
    else
        return vs_fail(VS_EUSAGE, "clock '%s' is neither 'running' nor 'paused'", text);
    return VS_OK;
}

const char *rt_rx_name(rt_rx_mode_t mode)
{
    return mode == RT_RX_QUEUE ? "queue" : "drop";
}

vs_err_t rt_rx_parse(const char *text, rt_rx_mode_t *out)
{
    if (!strcmp(text, "drop"))
        *out = RT_RX_DROP;
    else if (!strcmp(text, "queue"))
        *out = RT_RX_QUEUE;
    else
        return vs_fail(VS_EUSAGE, "frozen-rx '%s' is neither 'drop' nor 'queue'", text);
    return VS_OK;
}

vs_err_t rt_proc_init(rt_proc_t *p, rt_clock_mode_t mode, size_t cap)
{
    memset(p, 0, sizeof *p);
    p->mode = mode;
    p->cap = cap;
    p->timers = calloc(cap ? cap : 1, sizeof *p->timers);
    p->scratch = calloc(cap ? cap : 1, sizeof *p->scratch);
    if (!p->timers || !p->scratch) {
        rt_proc_free(p);
        return vs_fail(VS_ENOMEM, "out of memory");
    }
    return VS_OK;
}

void rt_proc_free(rt_proc_t *p)
{
    free(p->timers);
    free(p->scratch);
    p->timers = p->scratch = NULL;
    p->n = p->cap = 0;
}

void rt_proc_add(rt_proc_t *p, rt_timer_t *t, sim_fn fn, void *ctx, uint64_t arg)
{
    assert(p->n < p->cap);
    sim_timer_init(&t->st, fn, ctx, arg);
    t->held = false;
    t->held_when = 0;
    t->order = (uint32_t)p->n;
    p->timers[p->n++] = t;
}

void rt_timer_arm(sim_t *sim, rt_proc_t *p, rt_timer_t *t, sim_time_t at)
{
    if (p->frozen) {
        t->held = true;
        t->held_when = at;
        return;
    }
    t->held = false;
    sim_timer_arm(sim, &t->st, at);
}

void rt_timer_cancel(sim_t *sim, rt_timer_t *t)
{
    t->held = false;
    sim_timer_cancel(sim, &t->st);
}

bool rt_timer_armed(const rt_timer_t *t)
{
    return t->held || sim_timer_armed(&t->st);
}

sim_time_t rt_timer_when(const rt_timer_t *t)
{
    if (t->held)
        return t->held_when;
    return sim_timer_armed(&t->st) ? t->st.when : -1;
}

void rt_proc_freeze(sim_t *sim, rt_proc_t *p)
{
    if (p->frozen)
        return;
    p->frozen = true;
    p->frozen_at = sim_now(sim);
    p->freezes++;
    for (size_t i = 0; i < p->n; i++) {
        rt_timer_t *t = p->timers[i];
        if (sim_timer_armed(&t->st)) {
            t->held = true;
            t->held_when = t->st.when;
            sim_timer_cancel(sim, &t->st);
        }
    }
}

static int by_expiry(const void *a, const void *b)
{
    const rt_timer_t *x = *(rt_timer_t *const *)a, *y = *(rt_timer_t *const *)b;
    if (x->held_when != y->held_when)
        return x->held_when < y->held_when ? -1 : 1;
    return x->order < y->order ? -1 : x->order > y->order;
}

void rt_proc_resume(sim_t *sim, rt_proc_t *p)
{
    if (!p->frozen)
        return;
    sim_time_t now = sim_now(sim), shift = now - p->frozen_at;
    size_t n = 0;
    for (size_t i = 0; i < p->n; i++)
        if (p->timers[i]->held)
            p->scratch[n++] = p->timers[i];
    /* Sorting first keeps equal new expiries in their original order on the queue. */
    qsort(p->scratch, n, sizeof *p->scratch, by_expiry);
    p->frozen = false;
    p->frozen_total += shift;
    if (p->mode == RT_CLOCK_PAUSED) {
        for (size_t i = 0; i < n; i++) {
            rt_timer_t *t = p->scratch[i];
            t->held = false;
            sim_timer_arm(sim, &t->st, t->held_when + shift);
        }
        return;
    }
    /* Running clock: later expiries go back on the queue first, so that an expired timer's
     * callback may cancel them; then the expired ones fire here, oldest first. */
    size_t first_late = n;
    for (size_t i = 0; i < n; i++)
        if (p->scratch[i]->held_when > now) {
            first_late = i;
            break;
        }
    for (size_t i = first_late; i < n; i++) {
        rt_timer_t *t = p->scratch[i];
        t->held = false;
        sim_timer_arm(sim, &t->st, t->held_when);
    }
    for (size_t i = 0; i < first_late; i++) {
        rt_timer_t *t = p->scratch[i];
        if (!t->held)
            continue; /* cancelled or re-armed by an earlier callback */
        t->held = false;
        t->st.fn(sim, t->st.ctx, t->st.arg);
    }
}
