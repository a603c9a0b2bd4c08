/* tcp_rexmit — the part of TCP that decides when a message sent to a frozen peer gets
 * through: cumulative acknowledgement and retransmission on a timer with exponential backoff
 * (RFC 6298 Section 5). Messages are counted, not carried (BGP KEEPALIVEs, 19 bytes each).
 *
 * A connection joins two endpoints, each belonging to a freezable process (rt_clock.h): a
 * segment or acknowledgement that reaches a frozen endpoint is lost (its stack does not run,
 * and nothing is acknowledged); a frozen endpoint's own retransmission timer is held like its
 * other timers.
 *
 * Simplifications (docs/timers.md): no congestion window beyond "one retransmitted segment in
 * flight while backing off"; a retransmission carries everything unacknowledged in one
 * segment (Linux collapses small segments on retransmission, tcp_retrans_try_collapse); the
 * receiver keeps no out-of-order queue (a retransmission from the first unacknowledged message
 * refills any hole); the RTO after a new acknowledgement returns to its initial value (RTT
 * samples are not modelled). */
#ifndef TCP_REXMIT_H
#define TCP_REXMIT_H

#include <stdbool.h>
#include <stdint.h>

#include "rt_clock.h"
#include "sim.h"

/* Linux: TCP_RTO_MIN = HZ/5 = 200 ms and TCP_RTO_MAX = 120 s (include/net/tcp.h). On a LAN
 * the computed RTO (SRTT + 4 RTTVAR, RFC 6298 2.3) is below the minimum, so the RTO is the
 * minimum. RFC 6298 2.4 instead says the RTO SHOULD be rounded up to 1 s, and 2.5 allows a
 * maximum of at least 60 s. */
#define TCP_LINUX_RTO_MIN SIM_MS(200)
#define TCP_LINUX_RTO_MAX SIM_S(120)
#define TCP_RFC6298_RTO_MIN SIM_S(1)
#define TCP_RFC6298_RTO_MAX SIM_S(60)

typedef struct {
    sim_time_t rto_initial; /* > 0 */
    sim_time_t rto_max;     /* >= rto_initial */
    sim_time_t delay;       /* one-way delay, >= 0 */
} tcp_params_t;

/* Called at the receiving endpoint `to` when n new messages are delivered in order. */
typedef void (*tcp_deliver_fn)(sim_t *sim, void *ctx, unsigned to, uint32_t n);

/* One direction's sender and receiver state; index = sending endpoint. */
typedef struct {
    uint32_t snd_una, snd_sent, snd_nxt; /* messages [snd_una, snd_nxt) unacknowledged */
    sim_time_t rto;                      /* current, backed-off RTO */
    uint32_t backoffs;                   /* consecutive expiries since the last new ack */
    rt_timer_t rto_timer;                /* belongs to the sender's process */
    uint32_t rcv_nxt;                    /* at the other endpoint */
    /* statistics */
    uint32_t retransmissions, segments_lost, acks_lost;
    uint32_t max_backoffs;
} tcp_dir_t;

typedef struct {
    tcp_params_t p;
    rt_proc_t *proc[2];
    tcp_dir_t dir[2];
    tcp_deliver_fn deliver;
    void *ctx;
    bool open;
    const char *name[2]; /* optional trace entities of the endpoints; not owned */
} tcp_conn_t;

/* Initialises c (embedded in its owner; must not move afterwards) and registers each
 * direction's RTO timer with its sender's process (one timer per process). The connection
 * is established at once. */
void tcp_conn_init(tcp_conn_t *c, const tcp_params_t *p, rt_proc_t *p0, rt_proc_t *p1,
                   tcp_deliver_fn deliver, void *ctx);
/* Endpoint `from` sends one message. No-op on a closed connection. */
void tcp_send(sim_t *sim, tcp_conn_t *c, unsigned from);
/* Closes the connection: timers cancelled, segments in flight ignored. */
void tcp_close(sim_t *sim, tcp_conn_t *c);

#endif
