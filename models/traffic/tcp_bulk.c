/* TCP bulk transfer: BIC or Reno congestion control, SACK with FACK loss marking and
 * RFC 6675 recovery, RFC 6298 timer. */
#include "tcp_bulk.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tcp_rexmit.h"

/* Per-segment marks: the receiver's copy, and the sender's scoreboard (Linux's
 * TCPCB_SACKED_ACKED, TCPCB_LOST, TCPCB_SACKED_RETRANS). */
enum { SEG_HAVE = 1, SEG_SACKED = 2, SEG_LOST = 4, SEG_RETRANS = 8 };
/* Loss recovery state (Linux's TCP_CA_Open, _Recovery, _Loss). */
enum { CA_OPEN, CA_RECOVERY, CA_LOSS };
/* Reordering tolerated before a hole counts as lost (Linux's tcp_reordering, the dupthresh
 * of RFC 5681). */
#define REORDERING 3

struct tcp_bulk {
    sim_t *sim;
    tcp_bulk_params_t p;
    uint32_t total;           /* segments */
    /* sender */
    uint32_t snd_una, snd_nxt, recover, dupacks;
    int ca_state;
    /* scoreboard counts over [snd_una, snd_nxt) and where its scans resume */
    uint32_t sacked_out, lost_out, retrans_out;
    uint32_t fack_end;        /* one past the highest SACKed segment (forward ACK) */
    uint32_t lost_hint;       /* below it, every hole that FACK can mark is marked */
    uint32_t retrans_hint;    /* below it, no marked-lost segment awaits retransmission */
    /* retransmissions in the order sent, with snd_nxt at the time (Linux's ack_seq), for
     * detecting a lost retransmission: a ring of rx_cap */
    uint32_t *rx_seq, *rx_nxt;
    uint32_t rx_head, rx_count, rx_cap;
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
    uint8_t seg[];            /* SEG_* marks, one byte per segment */
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
    uint32_t rx_cap = (uint32_t)(segs < 2 * TCP_BULK_RWND_SEGS ? segs : 2 * TCP_BULK_RWND_SEGS) + 1;
    tcp_bulk_t *c = calloc(1, sizeof *c + (size_t)segs);
    uint32_t *rx = c ? malloc(2 * sizeof *rx * rx_cap) : NULL;
    if (!rx) {
        free(c);
        return vs_fail(VS_ENOMEM, "out of memory");
    }
    c->rx_seq = rx;
    c->rx_nxt = rx + rx_cap;
    c->rx_cap = rx_cap;
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
    free(c->rx_seq);
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

/* Segments in the network (RFC 6675's pipe; Linux's tcp_packets_in_flight): sent and not
 * acknowledged, less those SACKed or presumed lost, plus retransmissions still out. */
static uint32_t pipe_segs(const tcp_bulk_t *c)
{
    return c->snd_nxt - c->snd_una - c->sacked_out - c->lost_out + c->retrans_out;
}

static void send_seg(tcp_bulk_t *c, uint32_t seq)
{
    c->st.segments_sent++;
    c->p.xmit(c->p.xmit_ctx, c->p.id, false, seq, TCP_BULK_NO_SACK);
}

/* The first segment marked lost, not SACKed and not yet retransmitted (RFC 6675 NextSeg
 * rule 1), or snd_nxt when there is none. */
static uint32_t next_lost(tcp_bulk_t *c)
{
    if (c->lost_out <= c->retrans_out)
        return c->snd_nxt; /* every lost segment is already out again */
    uint32_t s = c->retrans_hint > c->snd_una ? c->retrans_hint : c->snd_una;
    for (; s < c->lost_hint; s++)
        if ((c->seg[s] & (SEG_LOST | SEG_SACKED | SEG_RETRANS)) == SEG_LOST)
            break;
    c->retrans_hint = s;
    return s < c->lost_hint ? s : c->snd_nxt;
}

/* Resends segment s, remembering snd_nxt at the time for lost-retransmit detection. */
static void retransmit(tcp_bulk_t *c, uint32_t s)
{
    c->seg[s] |= SEG_RETRANS;
    c->retrans_out++;
    c->st.retransmits++;
    if (c->rx_count == c->rx_cap) { /* full: forget the oldest (the timer covers it) */
        c->rx_head = (c->rx_head + 1) % c->rx_cap;
        c->rx_count--;
    }
    uint32_t k = (c->rx_head + c->rx_count++) % c->rx_cap;
    c->rx_seq[k] = s;
    c->rx_nxt[k] = c->snd_nxt;
    send_seg(c, s);
}

static void try_send(tcp_bulk_t *c)
{
    sim_time_t now = sim_now(c->sim);
    double wnd = fmin(c->cwnd, (double)TCP_BULK_RWND_SEGS);
    uint32_t avail = app_avail(c, now);
    while ((double)pipe_segs(c) < wnd) {
        uint32_t s = next_lost(c);
        if (s < c->snd_nxt) { /* retransmit a hole first */
            retransmit(c, s);
        } else {
            if (c->snd_nxt >= c->total || c->snd_nxt - c->snd_una >= TCP_BULK_RWND_SEGS)
                break;
            if (c->snd_nxt >= avail) {
                /* Wake when the application has written the next segment; a blocked
                 * application (send buffer full) is woken by the acknowledgement that makes
                 * room. */
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
        }
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

/* Retransmission timeout (Linux's tcp_enter_loss): SACKed segments stay SACKed, every other
 * outstanding one is presumed lost and none counts as retransmitted; the window restarts at
 * one segment and slow start retransmits the holes, then goes on with new data. */
static void on_rto(sim_t *sim, void *ctx, uint64_t arg)
{
    (void)sim;
    (void)arg;
    tcp_bulk_t *c = ctx;
    if (c->snd_una >= c->total)
        return;
    c->ssthresh = loss_ssthresh(c);
    c->cwnd = 1;
    c->lost_out = c->retrans_out = 0;
    for (uint32_t s = c->snd_una; s < c->snd_nxt; s++) {
        c->seg[s] &= (uint8_t)~(SEG_RETRANS | SEG_LOST);
        if (!(c->seg[s] & SEG_SACKED)) {
            c->seg[s] |= SEG_LOST;
            c->lost_out++;
        }
    }
    c->lost_hint = c->snd_nxt;
    c->retrans_hint = c->snd_una;
    c->rx_count = 0;
    c->recover = c->snd_nxt;
    c->ca_state = CA_LOSS;
    c->dupacks = 0;
    c->timing = false;
    c->st.timeouts++;
    c->rto = c->rto * 2 > c->p.rto_max ? c->p.rto_max : c->rto * 2; /* RFC 6298 5.5 */
    try_send(c);
}

/* FACK (Linux's tcp_update_scoreboard with tcp_fack): a hole more than REORDERING segments
 * below the highest SACKed one is lost. */
static void mark_lost(tcp_bulk_t *c)
{
    uint32_t s = c->lost_hint > c->snd_una ? c->lost_hint : c->snd_una;
    for (; s + REORDERING < c->fack_end; s++)
        if (!(c->seg[s] & (SEG_SACKED | SEG_LOST))) {
            c->seg[s] |= SEG_LOST;
            c->lost_out++;
        }
    if (s > c->lost_hint)
        c->lost_hint = s;
}

/* Cumulative acknowledgement of [snd_una, ack): the scoreboard forgets those segments. */
static void cum_ack(tcp_bulk_t *c, uint32_t ack)
{
    for (uint32_t s = c->snd_una; s < ack && s < c->snd_nxt; s++) {
        uint8_t m = c->seg[s];
        c->sacked_out -= (m & SEG_SACKED) != 0;
        c->lost_out -= (m & SEG_LOST) != 0;
        c->retrans_out -= (m & SEG_RETRANS) != 0;
        c->seg[s] = m & SEG_HAVE;
    }
    c->snd_una = ack;
    if (c->snd_nxt < c->snd_una)
        c->snd_nxt = c->snd_una;
}

static void sack_seg(tcp_bulk_t *c, uint32_t s)
{
    if (s < c->snd_una || s >= c->snd_nxt || (c->seg[s] & SEG_SACKED))
        return;
    uint8_t m = c->seg[s];
    c->lost_out -= (m & SEG_LOST) != 0;
    c->retrans_out -= (m & SEG_RETRANS) != 0;
    c->seg[s] = (uint8_t)((m & SEG_HAVE) | SEG_SACKED);
    c->sacked_out++;
    if (s + 1 > c->fack_end)
        c->fack_end = s + 1;
    /* A segment first sent after a retransmission was SACKed, so the retransmission, ahead of
     * it on the same path, is lost too: mark it lost again (Linux 2.6.18's lost_retrans check
     * in tcp_sacktag_write_queue, with FACK). */
    while (c->rx_count && c->rx_nxt[c->rx_head] <= s) {
        uint32_t r = c->rx_seq[c->rx_head];
        c->rx_head = (c->rx_head + 1) % c->rx_cap;
        c->rx_count--;
        if (r >= c->snd_una && (c->seg[r] & (SEG_RETRANS | SEG_SACKED)) == SEG_RETRANS) {
            c->seg[r] &= (uint8_t)~SEG_RETRANS;
            c->retrans_out--;
            if (r < c->retrans_hint)
                c->retrans_hint = r;
        }
    }
}

void tcp_bulk_on_ack(tcp_bulk_t *c, uint32_t ack, uint32_t sack)
{
    app_update(c, sim_now(c->sim)); /* before snd_una moves: the writes up to now */
    /* Linux grows the window only when it limited the sender: packets in flight before this
     * acknowledgement at least cwnd (tcp_is_cwnd_limited, 2.6.18, no TSO). An
     * application-limited copy does not inflate cwnd it never uses. */
    bool cwnd_limited = (double)pipe_segs(c) >= floor(c->cwnd);
    bool advanced = ack > c->snd_una;
    if (advanced) {
        uint32_t newly = ack - c->snd_una;
        cum_ack(c, ack);
        if (c->timing && ack > c->rtt_seq) {
            c->timing = false;
            rtt_sample(c, sim_now(c->sim) - c->rtt_sent);
        }
        c->dupacks = 0;
        if (c->ca_state != CA_OPEN && ack >= c->recover) {
            if (c->ca_state == CA_RECOVERY)
                c->cwnd = c->ssthresh; /* RFC 6675 Sec. 5: recovery ends */
            c->ca_state = CA_OPEN;
        }
        if (c->ca_state != CA_RECOVERY && cwnd_limited) {
            if (c->cwnd < c->ssthresh)
                c->cwnd += newly; /* slow start */
            else
                c->cwnd += (double)newly / ca_cnt(c); /* congestion avoidance */
        }
        if (c->cwnd > c->st.cwnd_max)
            c->st.cwnd_max = c->cwnd;
        sndbuf_grow(c);
    } else if (ack == c->snd_una && c->snd_una < c->snd_nxt) {
        c->dupacks++;
    }
    if (sack != TCP_BULK_NO_SACK)
        sack_seg(c, sack);
    if (c->snd_una >= c->total) {
        sim_timer_cancel(c->sim, &c->rto_timer);
        return;
    }
    /* Enter recovery when the forward ACK is more than REORDERING past the first hole, or on
     * the third duplicate (Linux's tcp_time_to_recover): RFC 6675 Sec. 5 (4). */
    if (c->ca_state == CA_OPEN &&
        (c->fack_end > c->snd_una + REORDERING || c->dupacks >= REORDERING)) {
        c->ssthresh = loss_ssthresh(c);
        c->cwnd = c->ssthresh;
        c->recover = c->snd_nxt;
        c->ca_state = CA_RECOVERY;
        c->timing = false;
        c->st.fast_retransmits++;
        if (!(c->seg[c->snd_una] & (SEG_SACKED | SEG_LOST))) { /* the head is lost */
            c->seg[c->snd_una] |= SEG_LOST;
            c->lost_out++;
        }
        if (c->lost_hint <= c->snd_una)
            c->lost_hint = c->snd_una + 1;
        /* RFC 6675 Sec. 5 (4.3): the first lost segment goes out at once, whatever pipe says
         * (without SACK blocks, nothing else would shrink pipe below the halved window). */
        if ((c->seg[c->snd_una] & (SEG_LOST | SEG_RETRANS)) == SEG_LOST)
            retransmit(c, c->snd_una);
    }
    if (c->ca_state == CA_RECOVERY)
        mark_lost(c);
    if (advanced) {
        if (c->snd_una == c->snd_nxt)
            sim_timer_cancel(c->sim, &c->rto_timer);
        else
            sim_timer_arm_after(c->sim, &c->rto_timer, c->rto); /* RFC 6298 5.3 */
    }
    try_send(c);
}

void tcp_bulk_on_segment(tcp_bulk_t *c, uint32_t seq)
{
    uint32_t sack = TCP_BULK_NO_SACK;
    if (seq < c->rcv_nxt || (seq < c->total && (c->seg[seq] & SEG_HAVE)))
        c->st.duplicates++;
    if (seq < c->total && seq >= c->rcv_nxt) {
        c->seg[seq] |= SEG_HAVE;
        while (c->rcv_nxt < c->total && (c->seg[c->rcv_nxt] & SEG_HAVE))
            c->rcv_nxt++;
        if (seq > c->rcv_nxt)
            sack = seq; /* out of order: the first SACK block holds it (RFC 2018) */
    }
    c->p.xmit(c->p.xmit_ctx, c->p.id, true, c->rcv_nxt, sack);
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
