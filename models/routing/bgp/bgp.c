#include "bgp.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_star.h"
#include "vs_log.h"
#include "vs_units.h"

/* The HoldTimer fires when strictly more than HoldTime has passed without a message (see
 * OSPF_DEAD_SLACK in ospf.c for why a tie needs a rule). */
#define BGP_HOLD_SLACK SIM_NS(1)
/* Send times of the peer's messages, by sequence number modulo the ring. */
#define SENT_RING 256

enum { TM_KEEPALIVE = 0, TM_HOLD = 1 };

/* Per link end: KeepaliveTimer, HoldTimer and the TCP retransmission timer. */
static const rt_star_kind_t bgp_kind = {.proto = "bgp", .peer = "peer", .period = "keepalive",
                                        .letter = "P", .max_peers = BGP_MAX_PEERS, .timers = 3};

/* A session. End 0 is the router, end 1 the peer. States: up (Established) -> down on a
 * HoldTimer expiry at either end; nothing brings it back. */
typedef struct {
    bgp_t *b;
    bool up;
    rt_timer_t ka[2], hold[2];
    rt_star_link_t link; /* the peer's process, the ends' names */
    tcp_conn_t tcp;
    sim_time_t last_rx[2];
    sim_time_t sent_at[SENT_RING];
    bool held_pending;
    uint32_t queued; /* RT_RX_QUEUE: messages the router's kernel received while it was frozen */
    sim_time_t resume_at;
    bgp_peer_result_t res;
} sess_t;

struct bgp {
    char *router;
    sim_time_t keepalive, hold;
    rt_proc_t rproc;
    /* RT_RX_QUEUE: the router's kernel, which SIGSTOP does not stop. It owns the router's end
     * of every TCP connection (its retransmission timer and its acknowledgements). */
    rt_proc_t kproc;
    rt_rx_mode_t frozen_rx;
    size_t n;
    sess_t *s;
};

const char *bgp_drop_cause_name(bgp_drop_cause_t c)
{
    switch (c) {
    case BGP_DROP_NONE:
        return "none";
    case BGP_DROP_HOLD_AT_PEER:
        return "hold_at_peer";
    case BGP_DROP_HOLD_AT_ROUTER:
        return "hold_at_router";
    default:
        return "?";
    }
}

static rt_proc_t *proc_of(sess_t *s, unsigned e)
{
    return e == 0 ? &s->b->rproc : &s->link.peer;
}

static void drop(sim_t *sim, sess_t *s, bgp_drop_cause_t cause)
{
    s->up = false;
    s->res.up = false;
    s->res.dropped_at = sim_now(sim);
    s->res.cause = cause;
    if (sim_tracing(sim)) {
        char extra[64];
        snprintf(extra, sizeof extra, "\"cause\":\"%s\"", bgp_drop_cause_name(cause));
        sim_trace(sim, s->link.name[0], "session_down", extra);
    }
    VS_LOG_T(VS_LOG_DEBUG, "bgp", sim_now(sim), "%s: session down (%s)", s->link.name[0],
             bgp_drop_cause_name(cause));
    tcp_close(sim, &s->tcp);
    for (unsigned e = 0; e < 2; e++) {
        rt_timer_cancel(sim, &s->ka[e]);
        rt_timer_cancel(sim, &s->hold[e]);
    }
}

static void on_timer(sim_t *sim, void *ctx, uint64_t arg)
{
    sess_t *s = ctx;
    unsigned e = (unsigned)(arg >> 1), kind = arg & 1u;
    if (!s->up)
        return;
    if (kind == TM_HOLD) {
        drop(sim, s, e == 0 ? BGP_DROP_HOLD_AT_ROUTER : BGP_DROP_HOLD_AT_PEER);
        return;
    }
    if (e == 1) {
        s->sent_at[s->tcp.dir[1].snd_nxt % SENT_RING] = sim_now(sim);
        if (s->b->rproc.frozen)
            s->res.keepalives_buffered++;
    }
    if (sim_tracing(sim))
        sim_trace(sim, s->link.name[e], "keepalive_sent", NULL);
    tcp_send(sim, &s->tcp, e);
    /* RFC 4271 10: the KeepaliveTimer restarts whenever a KEEPALIVE is sent. */
    rt_timer_arm(sim, proc_of(s, e), &s->ka[e], sim_now(sim) + s->b->keepalive);
}

/* bgpd at end `to` reads n messages. */
static void app_rx(sim_t *sim, sess_t *s, unsigned to, uint32_t n)
{
    sim_time_t now = sim_now(sim), gap = now - s->last_rx[to];
    if (sim_tracing(sim)) {
        char extra[32];
        snprintf(extra, sizeof extra, "\"messages\":%u", (unsigned)n);
        sim_trace(sim, s->link.name[to], "delivered", extra);
    }
    s->last_rx[to] = now;
    rt_timer_arm(sim, proc_of(s, to), &s->hold[to], now + s->b->hold + BGP_HOLD_SLACK);
    if (to == 1) {
        if (gap > s->res.silence_at_peer_max)
            s->res.silence_at_peer_max = gap;
        return;
    }
    if (gap > s->res.silence_at_router_max)
        s->res.silence_at_router_max = gap;
    uint32_t first = s->tcp.dir[1].rcv_nxt - n;
    sim_time_t d = now - s->sent_at[first % SENT_RING];
    if (d > s->res.delivery_delay_max)
        s->res.delivery_delay_max = d;
    if (s->held_pending) {
        s->held_pending = false;
        if (now - s->resume_at > s->res.delivery_after_resume)
            s->res.delivery_after_resume = now - s->resume_at;
    }
}

/* TCP delivered n messages in order at end `to`. With RT_RX_QUEUE they wait in the frozen
 * router's socket buffer until bgp_resume. */
static void on_deliver(sim_t *sim, void *ctx, unsigned to, uint32_t n)
{
    sess_t *s = ctx;
    if (!s->up)
        return;
    if (to == 0 && s->b->rproc.frozen) {
        if (sim_tracing(sim)) {
            char extra[32];
            snprintf(extra, sizeof extra, "\"messages\":%u", (unsigned)n);
            sim_trace(sim, s->link.name[0], "queued_while_frozen", extra);
        }
        s->queued += n;
        return;
    }
    app_rx(sim, s, to, n);
}

vs_err_t bgp_params_check(const bgp_params_t *p)
{
    char b1[32], b2[32];
    vs_err_t err = rt_star_check_names(&bgp_kind, p->router, p->peers, p->n_peers);
    if (err)
        return err;
    if (p->keepalive <= 0)
        return vs_fail(VS_ERANGE, "bgp: keepalive interval %s is not positive",
                       vs_fmt_duration(p->keepalive, b1, sizeof b1));
    if (p->hold < BGP_MIN_HOLD)
        return vs_fail(VS_ERANGE,
                       "bgp: hold time %s is below 3s (RFC 4271 4.2: 0 or at least 3 s; 0 "
                       "disables the timers and cannot be studied)",
                       vs_fmt_duration(p->hold, b1, sizeof b1));
    if (p->hold <= p->keepalive)
        return vs_fail(VS_ERANGE, "bgp: hold time %s is not larger than the keepalive interval %s",
                       vs_fmt_duration(p->hold, b1, sizeof b1),
                       vs_fmt_duration(p->keepalive, b2, sizeof b2));
    if (p->rto_initial <= 0)
        return vs_fail(VS_ERANGE, "bgp: TCP initial RTO %s is not positive",
                       vs_fmt_duration(p->rto_initial, b1, sizeof b1));
    if (p->rto_max < p->rto_initial)
        return vs_fail(VS_ERANGE, "bgp: TCP maximum RTO %s is below the initial RTO %s",
                       vs_fmt_duration(p->rto_max, b1, sizeof b1),
                       vs_fmt_duration(p->rto_initial, b2, sizeof b2));
    if (p->delay < 0)
        return vs_fail(VS_ERANGE, "bgp: link delay %s is negative",
                       vs_fmt_duration(p->delay, b1, sizeof b1));
    return rt_star_check_phases(&bgp_kind, p->router_phase, p->peer_phase, p->n_peers,
                                p->keepalive);
}

void bgp_destroy(bgp_t *b)
{
    if (!b)
        return;
    if (b->s)
        for (size_t i = 0; i < b->n; i++)
            rt_star_link_free(&b->s[i].link);
    free(b->s);
    rt_proc_free(&b->rproc);
    rt_proc_free(&b->kproc);
    free(b->router);
    free(b);
}

vs_err_t bgp_create(sim_t *sim, const bgp_params_t *p, bgp_t **out)
{
    vs_err_t err;
    *out = NULL;
    if ((err = bgp_params_check(p)))
        return err;
    bgp_t *b = calloc(1, sizeof *b);
    if (!b)
        return vs_fail(VS_ENOMEM, "out of memory");
    b->keepalive = p->keepalive;
    b->hold = p->hold;
    b->frozen_rx = p->frozen_rx;
    b->n = p->n_peers;
    b->router = strdup(p->router);
    b->s = calloc(b->n, sizeof *b->s);
    if (!b->router || !b->s)
        goto nomem;
    if ((err = rt_proc_init(&b->rproc, p->clock, bgp_kind.timers * b->n)))
        goto fail;
    if ((err = rt_proc_init(&b->kproc, RT_CLOCK_RUNNING, b->n)))
        goto fail;
    /* Whose is the router's TCP endpoint: frozen with the process, or the kernel's. */
    rt_proc_t *tcp0 = b->frozen_rx == RT_RX_QUEUE ? &b->kproc : &b->rproc;
    tcp_params_t tp = {.rto_initial = p->rto_initial, .rto_max = p->rto_max, .delay = p->delay};
    sim_time_t now = sim_now(sim);
    for (size_t i = 0; i < b->n; i++) {
        sess_t *s = &b->s[i];
        s->b = b;
        if ((err = rt_star_link_init(&s->link, &bgp_kind, p->router, p->peers[i])))
            goto fail;
        s->up = true;
        s->res = (bgp_peer_result_t){.up = true, .dropped_at = -1, .delivery_after_resume = -1};
        tcp_conn_init(&s->tcp, &tp, tcp0, &s->link.peer, on_deliver, s);
        s->tcp.name[0] = s->link.name[0];
        s->tcp.name[1] = s->link.name[1];
        for (unsigned e = 0; e < 2; e++) {
            rt_proc_t *pr = proc_of(s, e);
            rt_proc_add(pr, &s->ka[e], on_timer, s, (uint64_t)e << 1 | TM_KEEPALIVE);
            rt_proc_add(pr, &s->hold[e], on_timer, s, (uint64_t)e << 1 | TM_HOLD);
            s->last_rx[e] = now;
            rt_timer_arm(sim, pr, &s->hold[e], now + b->hold + BGP_HOLD_SLACK);
            const sim_time_t *fixed = e == 0 ? p->router_phase : p->peer_phase;
            rt_timer_arm(sim, pr, &s->ka[e],
                         now + rt_star_phase(&s->link, e, fixed, i, p->seed, b->keepalive));
        }
    }
    *out = b;
    return VS_OK;
nomem:
    err = vs_fail(VS_ENOMEM, "out of memory");
fail:
    bgp_destroy(b);
    return err;
}

void bgp_freeze(sim_t *sim, bgp_t *b)
{
    if (b->rproc.frozen)
        return;
    if (sim_tracing(sim))
        sim_trace(sim, b->router, "bgp_freeze", NULL);
    rt_proc_freeze(sim, &b->rproc);
}

void bgp_resume(sim_t *sim, bgp_t *b)
{
    if (!b->rproc.frozen)
        return;
    for (size_t i = 0; i < b->n; i++) {
        sess_t *s = &b->s[i];
        s->resume_at = sim_now(sim);
        s->held_pending =
            s->up && (s->queued || s->tcp.dir[1].snd_nxt != s->tcp.dir[1].rcv_nxt);
    }
    if (sim_tracing(sim))
        sim_trace(sim, b->router, "bgp_resume", NULL);
    rt_proc_resume(sim, &b->rproc);
    /* RT_RX_QUEUE: bgpd reads what its kernel received, after the expired timers have fired:
     * lib/thread.c thread_fetch posts expired timers to the ready queue before I/O, and
     * bgp_io.c's reader thread hands packets to the main thread as an event
     * (bgp_process_reads -> bgp_process_packet), which runs after the ready queue; in FRR 8.4
     * bgp_fsm.c bgp_holdtime_timer raises Hold_Timer_expired even when the input queue holds
     * messages. */
    for (size_t i = 0; i < b->n; i++) {
        sess_t *s = &b->s[i];
        uint32_t q = s->queued;
        s->queued = 0;
        if (q && s->up)
            app_rx(sim, s, 0, q);
    }
}

bool bgp_frozen(const bgp_t *b)
{
    return b->rproc.frozen;
}

size_t bgp_peers(const bgp_t *b)
{
    return b->n;
}

const bgp_peer_result_t *bgp_peer_result(const bgp_t *b, size_t i)
{
    assert(i < b->n);
    sess_t *s = &b->s[i];
    s->res.retransmissions = s->tcp.dir[1].retransmissions;
    s->res.max_backoffs = s->tcp.dir[1].max_backoffs;
    return &s->res;
}

void bgp_result(const bgp_t *b, bgp_result_t *out)
{
    memset(out, 0, sizeof *out);
    out->delivery_after_resume_max = -1;
    for (size_t i = 0; i < b->n; i++) {
        const bgp_peer_result_t *r = bgp_peer_result(b, i);
        if (!r->up)
            out->sessions_lost++;
        out->keepalives_buffered += r->keepalives_buffered;
        out->retransmissions += r->retransmissions;
        if (r->delivery_after_resume > out->delivery_after_resume_max)
            out->delivery_after_resume_max = r->delivery_after_resume;
    }
    out->frozen_total = b->rproc.frozen_total;
}

/* ---- study ---- */

vs_err_t bgp_study_check(const bgp_study_params_t *sp)
{
    const char *names[] = {"R", "P"};
    bgp_params_t p = {.router = names[0], .peers = names + 1, .n_peers = 1,
                      .keepalive = sp->keepalive, .hold = sp->hold, .delay = sp->delay,
                      .rto_initial = sp->rto_initial, .rto_max = sp->rto_max,
                      .clock = sp->clock, .frozen_rx = sp->frozen_rx};
    vs_err_t err = bgp_params_check(&p);
    if (err)
        return err;
    if ((err = rt_star_check_count(&bgp_kind, sp->peers)))
        return err;
    return rt_star_study_check(&bgp_kind, sp->runs, sp->downtime, sp->freeze_at);
}

static void ev_freeze(sim_t *sim, void *ctx, uint64_t arg)
{
    (void)arg;
    bgp_freeze(sim, *(bgp_t **)ctx);
}

static void ev_resume(sim_t *sim, void *ctx, uint64_t arg)
{
    (void)arg;
    bgp_resume(sim, *(bgp_t **)ctx);
}

vs_err_t bgp_study(const bgp_study_params_t *sp, bgp_study_result_t *out)
{
    vs_err_t err = VS_OK;
    memset(out, 0, sizeof *out);
    if ((err = bgp_study_check(sp)))
        return err;
    size_t n = sp->peers;
    char **names = NULL;
    sim_t *sim = NULL;
    bgp_t *b = NULL;
    VS_TRY(rt_star_study_names(&bgp_kind, n, &names));
    sim_time_t t_f = sp->freeze_at > 0 ? sp->freeze_at : sp->hold + 2 * sp->keepalive;
    sim_time_t t_r = t_f + sp->downtime;
    /* Long enough for the held messages to arrive (the backoff interval that spans the resume
     * is shorter than twice the freeze plus one RTO) and a hold time to pass after that. */
    sim_time_t backoff = 2 * (sp->downtime + sp->rto_initial);
    if (backoff > sp->rto_max)
        backoff = sp->rto_max;
    sim_time_t end = t_r + backoff + sp->rto_initial + sp->hold + sp->keepalive + 4 * sp->delay;
    double ka_sum = 0, retx_sum = 0, dar_sum = 0, sil_sum = 0;
    for (uint32_t r = 0; r < sp->runs; r++) {
        uint64_t seed = rt_star_run_seed(sp->seed, r);
        sim_config_t cfg = {.seed = seed, .trace = r == 0 ? sp->trace : NULL};
        VS_TRY(sim_create(&cfg, &sim));
        bgp_params_t p = {.router = "R", .peers = (const char *const *)names, .n_peers = n,
                          .keepalive = sp->keepalive, .hold = sp->hold, .delay = sp->delay,
                          .rto_initial = sp->rto_initial, .rto_max = sp->rto_max,
                          .clock = sp->clock, .frozen_rx = sp->frozen_rx, .seed = seed};
        VS_TRY(bgp_create(sim, &p, &b));
        /* Scheduled first at their instants: see ospf_study. */
        sim_at(sim, t_f, ev_freeze, &b, 0);
        sim_at(sim, t_r, ev_resume, &b, 0);
        sim_run(sim, end);
        bool all = true;
        for (size_t i = 0; i < n; i++) {
            const bgp_peer_result_t *pr = bgp_peer_result(b, i);
            out->sessions++;
            if (pr->up) {
                out->sessions_survived++;
            } else {
                all = false;
                out->first_drop_cause[pr->cause]++;
            }
            rt_star_count(out->keepalives_buffered_hist, BGP_HIST_BINS, &ka_sum,
                          &out->keepalives_buffered_max, pr->keepalives_buffered);
            rt_star_count(out->retransmissions_hist, BGP_HIST_BINS, &retx_sum,
                          &out->retransmissions_max, pr->retransmissions);
            if (pr->delivery_after_resume >= 0) {
                out->deliveries++;
                double d = sim_to_s(pr->delivery_after_resume);
                dar_sum += d;
                if (d > out->delivery_after_resume_max_s)
                    out->delivery_after_resume_max_s = d;
            }
            if (sim_to_s(pr->delivery_delay_max) > out->delivery_delay_max_s)
                out->delivery_delay_max_s = sim_to_s(pr->delivery_delay_max);
            double sp_s = sim_to_s(pr->silence_at_peer_max);
            sil_sum += sp_s;
            if (sp_s > out->silence_at_peer_max_s)
                out->silence_at_peer_max_s = sp_s;
            if (sim_to_s(pr->silence_at_router_max) > out->silence_at_router_max_s)
                out->silence_at_router_max_s = sim_to_s(pr->silence_at_router_max);
        }
        if (all)
            out->survived++;
        bgp_destroy(b);
        b = NULL;
        sim_destroy(sim);
        sim = NULL;
    }
    out->runs = sp->runs;
    out->survival_probability = (double)out->survived / sp->runs;
    out->session_survival_probability = (double)out->sessions_survived / (double)out->sessions;
    out->keepalives_buffered_mean = ka_sum / (double)out->sessions;
    out->retransmissions_mean = retx_sum / (double)out->sessions;
    out->silence_at_peer_mean_s = sil_sum / (double)out->sessions;
    if (out->deliveries)
        out->delivery_after_resume_mean_s = dar_sum / (double)out->deliveries;
out:
    bgp_destroy(b);
    sim_destroy(sim);
    rt_star_names_free(names, n);
    return err;
}
