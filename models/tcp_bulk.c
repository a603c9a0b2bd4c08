/* TCP bulk transfer: Reno congestion control with NewReno recovery, RFC 6298 timer. */
#include "tcp_bulk.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tcp_rexmit.h"

struct tcp_bulk {
    sim_t *sim;
    tcp_bulk_params_t p;
    uint32_t total;           /* segments */
    /* sender */
    uint32_t snd_una, snd_nxt, recover, dupacks;
    bool in_recovery;
    double cwnd, ssthresh;    /* segments */
    double last_max_cwnd;     /* BIC: window before the last loss */
    sim_time_t srtt, rttvar, rto;
    bool timing;              /* one segment timed at a time (Karn's rule) */
    uint32_t rtt_seq;
    sim_time_t rtt_sent;
    sim_timer_t rto_timer, app_timer;
    /* application (app_bps > 0): segments it has written into the socket so far, and when
     * that was brought up to date; it blocks while the send buffer is full */
    double app_written;
    sim_time_t app_last;
    double sndbuf_segs;
    /* receiver */
    uint32_t rcv_nxt;
    tcp_bulk_stats_t st;
    uint8_t have[];           /* receive bitmap, one bit per segment */
};

/* BIC parameters (net/ipv4/tcp_bic.c, Linux 2.6.18). */
#define BIC_MAX_INCREMENT 16.0
#define BIC_LOW_WINDOW 14.0
#define BIC_BETA (819.0 / 1024.0)
#define BIC_SMOOTH_PART 20.0
#define BIC_B 4.0

static void on_rto(sim_t *sim, void *ctx, uint64_t arg);
static void on_app(sim_t *sim, void *ctx, uint64_t arg);
static void try_send(tcp_bulk_t *c);

vs_err_t tcp_bulk_create(sim_t *sim, const tcp_bulk_params_t *p, tcp_bulk_t **out)
{
    *out = NULL;
    int64_t segs = (p->bytes + TCP_BULK_MSS - 1) / TCP_BULK_MSS;
    if (segs < 1)
        segs = 1;
    if (segs > UINT32_MAX / 2)
        return vs_fail(VS_ERANGE, "TCP transfer of %lld bytes is too large", (long long)p->bytes);
    tcp_bulk_t *c = calloc(1, sizeof *c + (size_t)(segs + 7) / 8);
    if (!c)
        return vs_fail(VS_ENOMEM, "out of memory");
    c->sim = sim;
    c->p = *p;
    if (!c->p.rto_min)
        c->p.rto_min = TCP_LINUX_RTO_MIN;
    if (!c->p.rto_max)
        c->p.rto_max = TCP_LINUX_RTO_MAX;
    c->total = (uint32_t)segs;
    c->cwnd = TCP_BULK_INIT_CWND;
    c->ssthresh = 1e12; /* RFC 5681 3.1: arbitrarily high */
    c->rto = TCP_BULK_RTO_INIT;
    c->sndbuf_segs = TCP_BULK_SNDBUF_INIT_SEGS;
    sim_timer_init(&c->rto_timer, on_rto, c, 0);
    sim_timer_init(&c->app_timer, on_app, c, 0);
    *out = c;
    return VS_OK;
}

void tcp_bulk_destroy(tcp_bulk_t *c)
{
    if (!c)
        return;
    sim_timer_cancel(c->sim, &c->rto_timer);
    sim_timer_cancel(c->sim, &c->app_timer);
    free(c);
}

void tcp_bulk_start(tcp_bulk_t *c)
{
    c->st.start = sim_now(c->sim);
    c->app_last = c->st.start;
    c->app_written = 1; /* the first segment is there at once */
    try_send(c);
}

/* Brings the application's writes up to now. It writes at app_bps while the socket's send
 * buffer (unacknowledged + unsent data) has room, and blocks when it is full: a stalled
 * connection does not bank credit for a later burst (a blocking write(2), as scp's). Exact as
 * long as it runs before every change of snd_una or of the buffer's size. */
static void app_update(tcp_bulk_t *c, sim_time_t now)
{
    if (c->p.app_bps <= 0)
        return;
    double add = c->p.app_bps * sim_to_s(now - c->app_last) / (8.0 * TCP_BULK_MSS);
    c->app_last = now;
    double cap = fmin((double)c->snd_una + c->sndbuf_segs, (double)c->total);
    if (c->app_written < cap)
        c->app_written = fmin(c->app_written + add, cap);
}

/* Linux's send-buffer autotuning (tcp_new_space, 2.6.18): room for 2 (cwnd + 1) segments,
 * never shrinking, at most tcp_wmem's maximum. */
static void sndbuf_grow(tcp_bulk_t *c)
{
    double want = fmin(2 * (floor(c->cwnd) + 1), (double)TCP_BULK_WMEM_MAX_SEGS);
    if (want > c->sndbuf_segs)
        c->sndbuf_segs = want;
}

/* Segments the application has written by now. */
static uint32_t app_avail(tcp_bulk_t *c, sim_time_t now)
{
    if (c->p.app_bps <= 0)
        return c->total;
    app_update(c, now);
    return c->app_written >= c->total ? c->total : (uint32_t)c->app_written;
}

/* The slow-start threshold after a loss (RFC 5681 (4) for Reno; bictcp_recalc_ssthresh). */
static double loss_ssthresh(tcp_bulk_t *c)
{
    if (c->p.cc == TCP_CC_RENO)
        return fmax((double)(c->snd_nxt - c->snd_una) / 2, 2);
    double w = floor(c->cwnd);
    if (w < c->last_max_cwnd)
        c->last_max_cwnd = w * (1.0 + BIC_BETA) / 2; /* fast convergence */
    else
        c->last_max_cwnd = w;
    return w <= BIC_LOW_WINDOW ? fmax(floor(w / 2), 2) : fmax(floor(w * BIC_BETA), 2);
}

/* Acknowledgements per window increment in congestion avoidance (bictcp_update). */
static double ca_cnt(const tcp_bulk_t *c)
{
    double w = floor(c->cwnd), m = c->last_max_cwnd, cnt;
    if (c->p.cc == TCP_CC_RENO || w <= BIC_LOW_WINDOW)
        return w;
    if (w < m) {
        double dist = (m - w) / BIC_B;
        if (dist > BIC_MAX_INCREMENT)
            cnt = w / BIC_MAX_INCREMENT; /* linear increase */
        else if (dist <= 1)
            cnt = w * BIC_SMOOTH_PART / BIC_B; /* binary search, smoothed */
        else
            cnt = w / dist; /* binary search */
    } else if (w < m + BIC_B) {
        cnt = w * BIC_SMOOTH_PART / BIC_B; /* slow start past the old maximum */
    } else if (w < m + BIC_MAX_INCREMENT * (BIC_B - 1)) {
        cnt = w * (BIC_B - 1) / (w - m);
    } else {
        cnt = w / BIC_MAX_INCREMENT; /* linear */
    }
    if (m == 0 && cnt > 20)
        cnt = 20;
    return cnt < 1 ? 1 : cnt;
}

static void send_seg(tcp_bulk_t *c, uint32_t seq)
{
    c->st.segments_sent++;
    c->p.xmit(c->p.xmit_ctx, c->p.id, false, seq);
}

static void try_send(tcp_bulk_t *c)
{
    sim_time_t now = sim_now(c->sim);
    double wnd = fmin(c->cwnd, (double)TCP_BULK_RWND_SEGS);
    uint32_t avail = app_avail(c, now);
    while (c->snd_nxt < c->total && (double)(c->snd_nxt - c->snd_una) < wnd) {
        if (c->snd_nxt >= avail) {
            /* Wake when the application has written the next segment; a blocked application
             * (send buffer full) is woken by the acknowledgement that makes room. */
            double cap = fmin((double)c->snd_una + c->sndbuf_segs, (double)c->total);
            if (c->app_written < cap) {
                double need = fmin((double)c->snd_nxt + 1, cap) - c->app_written;
                double t = need * 8.0 * TCP_BULK_MSS / c->p.app_bps;
                sim_time_t at = now + (sim_time_t)ceil(t * 1e9);
                if (at <= now)
                    at = now + 1;
                if (!sim_timer_armed(&c->app_timer))
                    sim_timer_arm(c->sim, &c->app_timer, at);
            }
            break;
        }
        if (!c->timing) {
            c->timing = true;
            c->rtt_seq = c->snd_nxt;
            c->rtt_sent = now;
        }
        send_seg(c, c->snd_nxt++);
        if (!sim_timer_armed(&c->rto_timer))
            sim_timer_arm_after(c->sim, &c->rto_timer, c->rto);
    }
}

static void on_app(sim_t *sim, void *ctx, uint64_t arg)
{
    (void)sim;
    (void)arg;
    try_send(ctx);
}

/* RFC 6298 Sec. 2 (granularity G taken as 1 ms, Linux's jiffy at HZ=1000). */
static void rtt_sample(tcp_bulk_t *c, sim_time_t r)
{
    if (c->srtt == 0) {
        c->srtt = r;
        c->rttvar = r / 2;
    } else {
        sim_time_t d = c->srtt > r ? c->srtt - r : r - c->srtt;
        c->rttvar = (3 * c->rttvar + d) / 4;
        c->srtt = (7 * c->srtt + r) / 8;
    }
    sim_time_t var = 4 * c->rttvar > SIM_MS(1) ? 4 * c->rttvar : SIM_MS(1);
    c->rto = c->srtt + var;
    if (c->rto < c->p.rto_min)
        c->rto = c->p.rto_min;
    if (c->rto > c->p.rto_max)
        c->rto = c->p.rto_max;
}

static void on_rto(sim_t *sim, void *ctx, uint64_t arg)
{
    (void)arg;
    tcp_bulk_t *c = ctx;
    if (c->snd_una >= c->total)
        return;
    c->ssthresh = loss_ssthresh(c);
    c->cwnd = 1;
    c->snd_nxt = c->snd_una; /* go back N: the receiver drops what it already holds */
    c->in_recovery = false;
    c->dupacks = 0;
    c->timing = false;
    c->st.timeouts++;
    c->st.retransmits++;
    c->rto = c->rto * 2 > c->p.rto_max ? c->p.rto_max : c->rto * 2; /* RFC 6298 5.5 */
    (void)sim;
    try_send(c);
}

void tcp_bulk_on_ack(tcp_bulk_t *c, uint32_t ack)
{
    app_update(c, sim_now(c->sim)); /* before snd_una moves: the writes up to now */
    if (ack > c->snd_una) {
        uint32_t newly = ack - c->snd_una;
        /* Linux grows the window only when it limited the sender: packets in flight before
         * this acknowledgement at least cwnd (tcp_is_cwnd_limited, 2.6.18, no TSO). An
         * application-limited copy does not inflate cwnd it never uses. */
        bool cwnd_limited = (double)(c->snd_nxt - c->snd_una) >= floor(c->cwnd);
        c->snd_una = ack;
        if (c->snd_nxt < c->snd_una)
            c->snd_nxt = c->snd_una;
        if (c->timing && ack > c->rtt_seq) {
            c->timing = false;
            rtt_sample(c, sim_now(c->sim) - c->rtt_sent);
        }
        if (c->in_recovery) {
            if (ack >= c->recover) { /* full acknowledgement: RFC 6582 3.2 (3) */
                c->in_recovery = false;
                c->cwnd = c->ssthresh;
                c->dupacks = 0;
            } else { /* partial: retransmit the next hole, deflate */
                c->st.retransmits++;
                send_seg(c, c->snd_una);
                c->cwnd = fmax(c->cwnd - newly + 1, 1);
            }
        } else {
            c->dupacks = 0;
            if (!cwnd_limited)
                ; /* application-limited: no growth */
            else if (c->cwnd < c->ssthresh)
                c->cwnd += newly; /* slow start */
            else
                c->cwnd += (double)newly / ca_cnt(c); /* congestion avoidance */
        }
        if (c->cwnd > c->st.cwnd_max)
            c->st.cwnd_max = c->cwnd;
        sndbuf_grow(c);
        if (c->snd_una == c->snd_nxt)
            sim_timer_cancel(c->sim, &c->rto_timer);
        else
            sim_timer_arm_after(c->sim, &c->rto_timer, c->rto); /* RFC 6298 5.3 */
        if (c->snd_una >= c->total) {
            sim_timer_cancel(c->sim, &c->rto_timer);
            return;
        }
        try_send(c);
    } else if (ack == c->snd_una && c->snd_una < c->snd_nxt) {
        c->dupacks++;
        if (!c->in_recovery && c->dupacks == 3) {
            c->ssthresh = loss_ssthresh(c);
            c->recover = c->snd_nxt;
            c->in_recovery = true;
            c->timing = false;
            c->st.fast_retransmits++;
            c->st.retransmits++;
            send_seg(c, c->snd_una);
            c->cwnd = c->ssthresh + 3;
        } else if (c->in_recovery) {
            c->cwnd += 1; /* window inflation */
            try_send(c);
        }
    }
}

void tcp_bulk_on_segment(tcp_bulk_t *c, uint32_t seq)
{
    if (seq < c->total && seq >= c->rcv_nxt) {
        c->have[seq >> 3] |= (uint8_t)(1u << (seq & 7));
        while (c->rcv_nxt < c->total && (c->have[c->rcv_nxt >> 3] & (1u << (c->rcv_nxt & 7))))
            c->rcv_nxt++;
    }
    c->p.xmit(c->p.xmit_ctx, c->p.id, true, c->rcv_nxt);
    if (c->rcv_nxt >= c->total && !c->st.done) {
        c->st.done = true;
        c->st.end = sim_now(c->sim);
        if (c->p.done)
            sim_after(c->sim, 0, c->p.done, c->p.done_ctx, c->p.done_arg);
    }
}

void tcp_bulk_stats(const tcp_bulk_t *c, tcp_bulk_stats_t *out)
{
    *out = c->st;
}
