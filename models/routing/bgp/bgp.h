/* bgp — BGP session timers around one router whose control plane can be frozen, after
 * RFC 4271: per session a KeepaliveTimer and a HoldTimer on each side, over a TCP connection
 * (tcp_rexmit.h). A frozen router sends nothing. What becomes of the peers' messages depends
 * on the freeze (rt_rx_mode_t): with RT_RX_DROP (a migrating control plane, its TCP frozen
 * with it) nothing acknowledges them, they stay in the peers' TCP send queues and are
 * retransmitted with exponential backoff, reaching the router at the first retransmission
 * after it resumes; with RT_RX_QUEUE (a SIGSTOP) the router's kernel receives and
 * acknowledges them, and bgpd reads them at resume, after its expired timers (a HoldTimer
 * that expired meanwhile has already closed the session). A HoldTimer expiry on either side
 * closes the session (it is not re-established within a study: ConnectRetry is not modelled).
 * At resume the router's timers behave as rt_clock.h says for the instance's clock mode.
 *
 * Keepalive phases are random per run: each side draws its first KEEPALIVE uniformly in
 * [0, keepalive) from its own stream "bgp:<from>-><to>". No jitter (RFC 4271 10 suggests
 * some; the random phase stands in for it). */
#ifndef BGP_H
#define BGP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "rt_clock.h"
#include "sim.h"
#include "tcp_rexmit.h"
#include "vs_error.h"

/* RFC 4271 Section 10 suggested values (HoldTime 90 s, KeepaliveTime 30 s = a third of it);
 * Cisco IOS uses 60/180. HoldTime must be 0 or at least 3 s (RFC 4271 4.2); 0 (no
 * keepalives, no expiry) is not a freeze study and is refused here. */
#define BGP_DEFAULT_KEEPALIVE SIM_S(30)
#define BGP_DEFAULT_HOLD SIM_S(90)
#define BGP_MIN_HOLD SIM_S(3)
#define BGP_MAX_PEERS 4096

typedef struct bgp bgp_t;

typedef struct {
    const char *router;       /* copied */
    const char *const *peers; /* n_peers names, copied */
    size_t n_peers;
    sim_time_t keepalive, hold; /* > 0; hold >= 3 s and > keepalive */
    sim_time_t delay;           /* one-way delay, >= 0 */
    sim_time_t rto_initial, rto_max; /* TCP; see tcp_rexmit.h for the defaults' sources */
    rt_clock_mode_t clock;
    rt_rx_mode_t frozen_rx;
    uint64_t seed;
    /* Optional fixed phases (first KEEPALIVE after creation, in [0, keepalive)). */
    const sim_time_t *router_phase;
    const sim_time_t *peer_phase;
} bgp_params_t;

vs_err_t bgp_params_check(const bgp_params_t *p);
/* Creates the instance at sim_now(sim) with every session Established and its hold timers a
 * hold time ahead. *out owned by the caller: bgp_destroy. Allocates O(peers). */
vs_err_t bgp_create(sim_t *sim, const bgp_params_t *p, bgp_t **out);
void bgp_destroy(bgp_t *b);

void bgp_freeze(sim_t *sim, bgp_t *b);
void bgp_resume(sim_t *sim, bgp_t *b);
bool bgp_frozen(const bgp_t *b);

typedef enum {
    BGP_DROP_NONE = 0,
    BGP_DROP_HOLD_AT_PEER,   /* the peer's HoldTimer expired */
    BGP_DROP_HOLD_AT_ROUTER, /* the router's own HoldTimer expired */
    BGP_DROP_CAUSES
} bgp_drop_cause_t;

const char *bgp_drop_cause_name(bgp_drop_cause_t c);

typedef struct {
    bool up;
    sim_time_t dropped_at; /* -1 when up */
    bgp_drop_cause_t cause;
    uint32_t keepalives_buffered; /* the peer's KEEPALIVEs sent while the router was frozen */
    uint32_t retransmissions;     /* by the peer's TCP */
    uint32_t max_backoffs;        /* most consecutive RTO expiries at the peer */
    sim_time_t delivery_after_resume; /* resume -> the router gets the peer's held messages;
                                       * -1 when nothing was held (0 with RT_RX_QUEUE) */
    sim_time_t delivery_delay_max;    /* longest send -> delivery of a peer message */
    sim_time_t silence_at_peer_max;   /* longest interval without a message from the router */
    sim_time_t silence_at_router_max; /* longest interval without a message from the peer */
} bgp_peer_result_t;

typedef struct {
    uint32_t sessions_lost;
    uint32_t keepalives_buffered; /* sum */
    uint32_t retransmissions;     /* sum */
    sim_time_t delivery_after_resume_max; /* -1 when none */
    sim_time_t frozen_total;
} bgp_result_t;

size_t bgp_peers(const bgp_t *b);
const bgp_peer_result_t *bgp_peer_result(const bgp_t *b, size_t i);
void bgp_result(const bgp_t *b, bgp_result_t *out);

/* ---- The what-if study ---- */

#define BGP_HIST_BINS 16

typedef struct {
    sim_time_t keepalive, hold, delay, rto_initial, rto_max;
    size_t peers; /* >= 1 */
    rt_clock_mode_t clock;
    rt_rx_mode_t frozen_rx;
    sim_time_t freeze_at; /* 0 picks hold + 2 x keepalive; give at least one keepalive */
    sim_time_t downtime;  /* >= 0 */
    uint32_t runs;
    uint64_t seed;
    FILE *trace; /* optional: the first run's events as JSON lines (sim.h); not owned */
} bgp_study_params_t;

typedef struct {
    uint32_t runs, survived;
    double survival_probability;
    uint64_t sessions, sessions_survived;
    double session_survival_probability;
    uint64_t first_drop_cause[BGP_DROP_CAUSES];
    uint64_t keepalives_buffered_hist[BGP_HIST_BINS]; /* per session */
    double keepalives_buffered_mean;
    uint32_t keepalives_buffered_max;
    uint64_t retransmissions_hist[BGP_HIST_BINS]; /* per session */
    double retransmissions_mean;
    uint32_t retransmissions_max;
    uint64_t deliveries; /* sessions whose held messages were delivered after the resume */
    double delivery_after_resume_mean_s, delivery_after_resume_max_s;
    double delivery_delay_max_s;
    double silence_at_peer_mean_s, silence_at_peer_max_s;
    double silence_at_router_max_s;
} bgp_study_result_t;

vs_err_t bgp_study_check(const bgp_study_params_t *sp);
vs_err_t bgp_study(const bgp_study_params_t *sp, bgp_study_result_t *out);

#endif
