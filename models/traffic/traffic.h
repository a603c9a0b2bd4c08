/* traffic — the packet-level data plane of a run: UDP flows between virtual routers, forwarded
 * hop by hop by whichever data plane holds each packet at that moment, over substrate links
 * with drop-tail queues, serialization and propagation delay; optional CPU contention on
 * software data planes (cpu.h); migration transfers as TCP bulk transfers (tcp_bulk.h) that
 * share the links with the data traffic. docs/data-plane.md describes the model.
 *
 * Per-packet work does not allocate: packets come from a pool with a free list (grown
 * geometrically, like the engine's event slab); queues are fixed rings sized at creation. */
#ifndef TRAFFIC_H
#define TRAFFIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>


#include "net.h"
#include "scn.h"
#include "scenario_flows.h"
#include "sim.h"

typedef struct tfc tfc_t;

/* One bin of a flow's time series: packets by the time they were sent. */
typedef struct {
    uint32_t sent, received, lost;
    double delay_sum_s;  /* one-way delay, or round-trip time for round-trip flows */
    double delay_max_s;
    double delay_sq_sum_s2; /* sum of squared delays: the delay's standard deviation over any
                             * span of bins (the delay variation of a whole interval) */
    double jitter_sum_s; /* sum of |delay - previous packet's delay| over received packets */
} tfc_bin_t;

/* A flow's results. Delay is the one-way delay for one-way flows and the round-trip time
 * for round-trip flows; jitter is the mean absolute difference of consecutive delays
 * (RFC 3393's IPDV, as D-ITG reports it). Loss counts packets dropped anywhere (queues, CPU
 * backlog, a removed data plane, routing); packets still in flight at the end are neither. */
typedef struct {
    const char *name;
    uint64_t sent, received, lost, in_flight;
    uint64_t lost_queue, lost_cpu, lost_no_dp;
    uint64_t lost_routing;   /* no route in the FIB, a route over a link that is down, a loop */
    uint64_t tunnelled;      /* packets that crossed a tunnel between two data planes of a VR */
    double delay_mean_s, delay_min_s, delay_max_s, delay_sd_s, jitter_s;
    double throughput_bps;   /* delivered IP bits over the flow's active time */
    /* fluid model: the first path's delay; packets delivered over a slower path than that
     * (a tunnel, a detour); did its path change or lose traffic at all? */
    double delay_base_s;
    uint64_t delayed;
    bool rerouted;
    double offered_bps;      /* sent IP bits over the same time */
    tfc_bin_t *bins;         /* n_bins of series_interval each; owned by the result set */
    size_t n_bins;
    sim_time_t bin_width;
} tfc_flow_result_t;

/* A migration transfer that ran as TCP. */
typedef struct {
    size_t from, to;
    int64_t bytes;
    sim_time_t start, end;   /* end = 0 when it did not finish */
    uint64_t segments, retransmits, timeouts, fast_retransmits;
    uint64_t duplicates;     /* segments the receiver got twice (spurious retransmissions) */
    double app_limit_bps;
} tfc_xfer_result_t;

typedef struct {
    tfc_flow_result_t *flows;
    size_t n_flows;
    tfc_xfer_result_t *xfers;
    size_t n_xfers;
    /* dp_packets[vr * n_prouters + p]: packets VR vr's data plane on physical router p
     * forwarded (both data planes show up during a migration). */
    uint64_t *dp_packets;
    size_t n_vrouters, n_prouters;
    uint64_t packet_hops;    /* packets delivered over a substrate link (each hop counts once) */
    /* The migrations' span (first t0 to last t6, or the run's end), set by run.c: the JSON and
     * summary then give each flow's figures before and during it. 0, 0 = no migration. */
    sim_time_t mig_from, mig_to;
    uint64_t events;
    /* Fluid model (NULL otherwise). Per VR: bits lost and bits delivered late while flows
     * followed paths that a change at that VR set (a migration's data-plane moves, a FIB
     * write), and the flows so affected. Per link direction (2 * link + 0 from a, + 1 from
     * b): the peak utilisation, data and migration copies over the bandwidth, and when. */
    double *vr_lost_bits, *vr_delayed_bits;
    uint32_t *vr_flows;
    double *link_peak;
    sim_time_t *link_peak_at;
    size_t n_link_dirs;
} tfc_results_t;

/* Builds the data plane of a run on net (which must outlive it). Loads the hardware
 * profiles of the physical routers (for CPU contention). *out owned by the caller. */
vs_err_t tfc_create(sim_t *sim, net_t *net, const scn_t *scn, tfc_t **out);
void tfc_destroy(tfc_t *t);

/* Schedules every flow's start. */
void tfc_start(tfc_t *t);

/* A flow's packets over a span of time, from its bins: a bin counts when it lies wholly in
 * [from, to), so a span never mixes in packets sent outside it. Delays in seconds; jitter is
 * the mean absolute difference of consecutive packets' delays (RFC 3393's IPDV); the bin max
 * is the largest mean delay of one bin. O(bins). */
typedef struct {
    uint64_t sent, received, lost;
    double delay_mean_s, delay_sd_s, jitter_s, delay_bin_max_s;
} tfc_span_t;
tfc_span_t tfc_span(const tfc_flow_result_t *f, sim_time_t from, sim_time_t to);

/* Its hooks for net_set_traffic (ctx: the tfc_t). */
extern const net_traffic_t tfc_net_hooks;

/* The results so far, copied into *out (caller frees with tfc_results_free). */
vs_err_t tfc_results(tfc_t *t, tfc_results_t *out);
void tfc_results_free(tfc_results_t *r);

#endif
