#include "tcp_rexmit.h"

#include <assert.h>
#include <stdio.h>

/* arg: bit 0 kind (0 segment, 1 ack), bit 1 receiving endpoint, bits 2-31 first message,
 * bits 32-61 end of the range (segment) or cumulative ack. Sequence numbers are message
 * counts; 30 bits is far beyond any run. */
#define SEQ_MASK 0x3fffffffu

static void rx(sim_t *sim, void *ctx, uint64_t arg);

static void put_segment(sim_t *sim, tcp_conn_t *c, unsigned from, uint32_t lo, uint32_t hi)
{
    assert(hi <= SEQ_MASK);
    uint64_t arg = (uint64_t)(1u - from) << 1 | (uint64_t)lo << 2 | (uint64_t)hi << 32;
    sim_after(sim, c->p.delay, rx, c, arg);
}

static void put_ack(sim_t *sim, tcp_conn_t *c, unsigned from, uint32_t ack)
{
    uint64_t arg = 1u | (uint64_t)(1u - from) << 1 | (uint64_t)ack << 32;
    sim_after(sim, c->p.delay, rx, c, arg);
}

static void on_rto(sim_t *sim, void *ctx, uint64_t arg)
{
    tcp_conn_t *c = ctx;
    unsigned from = (unsigned)arg;
    tcp_dir_t *d = &c->dir[from];
    if (!c->open || d->snd_una == d->snd_nxt)
        return;
    /* RFC 6298 5.4-5.6: retransmit, double the RTO (up to the maximum), restart the timer. */
    d->retransmissions++;
    d->backoffs++;
    if (d->backoffs > d->max_backoffs)
        d->max_backoffs = d->backoffs;
    d->rto = d->rto * 2 > c->p.rto_max ? c->p.rto_max : d->rto * 2;
    if (c->name[from] && sim_tracing(sim)) {
        char extra[96];
        snprintf(extra, sizeof extra, "\"messages\":%u,\"next_rto_ns\":%lld",
                 (unsigned)(d->snd_nxt - d->snd_una), (long long)d->rto);
        sim_trace(sim, c->name[from], "tcp_retransmit", extra);
    }
    put_segment(sim, c, from, d->snd_una, d->snd_nxt);
    d->snd_sent = d->snd_nxt;
    rt_timer_arm(sim, c->proc[from], &d->rto_timer, sim_now(sim) + d->rto);
}

void tcp_conn_init(tcp_conn_t *c, const tcp_params_t *p, rt_proc_t *p0, rt_proc_t *p1,
                   tcp_deliver_fn deliver, void *ctx)
{
    *c = (tcp_conn_t){.p = *p, .proc = {p0, p1}, .deliver = deliver, .ctx = ctx, .open = true};
    for (unsigned i = 0; i < 2; i++) {
        c->dir[i].rto = p->rto_initial;
        rt_proc_add(c->proc[i], &c->dir[i].rto_timer, on_rto, c, i);
    }
}

void tcp_send(sim_t *sim, tcp_conn_t *c, unsigned from)
{
    if (!c->open)
        return;
    tcp_dir_t *d = &c->dir[from];
    d->snd_nxt++;
    if (d->backoffs)
        return; /* backing off: only the retransmitted segment is in flight */
    put_segment(sim, c, from, d->snd_sent, d->snd_nxt);
    d->snd_sent = d->snd_nxt;
    if (!rt_timer_armed(&d->rto_timer))
        rt_timer_arm(sim, c->proc[from], &d->rto_timer, sim_now(sim) + d->rto);
}

void tcp_close(sim_t *sim, tcp_conn_t *c)
{
    c->open = false;
    for (unsigned i = 0; i < 2; i++)
        rt_timer_cancel(sim, &c->dir[i].rto_timer);
}

static void rx(sim_t *sim, void *ctx, uint64_t arg)
{
    tcp_conn_t *c = ctx;
    unsigned is_ack = arg & 1u, to = (arg >> 1) & 1u, from = 1u - to;
    uint32_t lo = (uint32_t)(arg >> 2) & SEQ_MASK, hi = (uint32_t)(arg >> 32) & SEQ_MASK;
    if (!c->open)
        return;
    if (is_ack) {
        tcp_dir_t *d = &c->dir[to]; /* the ack is for data `to` sent */
        if (c->proc[to]->frozen) {
            d->acks_lost++;
            return;
        }
        if (hi <= d->snd_una)
            return;
        d->snd_una = hi;
        d->backoffs = 0;
        d->rto = c->p.rto_initial;
        if (d->snd_una == d->snd_nxt) {
            rt_timer_cancel(sim, &d->rto_timer);
            return;
        }
        /* Messages queued while backing off go out now (RFC 6298 5.3: restart the timer). */
        if (d->snd_sent < d->snd_nxt) {
            put_segment(sim, c, to, d->snd_sent, d->snd_nxt);
            d->snd_sent = d->snd_nxt;
        }
        rt_timer_arm(sim, c->proc[to], &d->rto_timer, sim_now(sim) + d->rto);
        return;
    }
    tcp_dir_t *d = &c->dir[from];
    if (c->proc[to]->frozen) {
        d->segments_lost++;
        if (c->name[to] && sim_tracing(sim))
            sim_trace(sim, c->name[to], "tcp_segment_lost_while_frozen", NULL);
        return;
    }
    if (lo <= d->rcv_nxt && hi > d->rcv_nxt) {
        uint32_t n = hi - d->rcv_nxt;
        d->rcv_nxt = hi;
        put_ack(sim, c, to, d->rcv_nxt);
        c->deliver(sim, c->ctx, to, n);
    } else {
        put_ack(sim, c, to, d->rcv_nxt); /* duplicate or out of order: repeat the ack */
    }
}
