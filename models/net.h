/* net — the network of one simulation run, built from a scenario: where each virtual
 * router's control plane is, its routing-protocol instances, and paths across the substrate.
 * Mechanisms act on it (freeze and resume a control plane, move it, re-home links); the
 * protocols report what the network saw. */
#ifndef NET_H
#define NET_H

#include <stdbool.h>
#include <stddef.h>

#include "scenario.h"
#include "sim.h"
#include "sim_rng.h"

typedef struct net net_t;

/* Routing effects on one VR, summed over its adjacencies and sessions. */
typedef struct {
    int hellos_lost, hellos_lost_max, adjacencies_lost, sessions_lost, lsas_missed;
    sim_time_t max_staleness;
} net_routing_t;

/* Builds the run's network on sim. The scenario must outlive it. *out owned by the caller. */
vs_err_t net_create(sim_t *sim, const scn_t *scn, net_t **out);
void net_destroy(net_t *net);

sim_t *net_sim(net_t *net);
const scn_t *net_scn(const net_t *net);

/* A stream for a named entity, derived from the run's seed. */
void net_rng(const net_t *net, const char *entity, sim_rng_t *out);

/* The lowest-delay substrate path between two physical routers: its one-way delay and the
 * bandwidth a migration gets on it: with reserved, the smallest migration_bandwidth along
 * it (links without a reservation give their spare bandwidth); otherwise the smallest spare
 * bandwidth (bandwidth minus load). Fails (status 2) when no path exists. */
vs_err_t net_path(const scn_t *scn, size_t from, size_t to, bool reserved, double *bps,
                  sim_time_t *delay);

/* Lowest-delay paths from router `from` to every router (Dijkstra; each hop also costs
 * hop_penalty, so 1 ns prefers fewer hops among equal delays; ties go to the lower link
 * index). dist[v] is SIM_TIME_MAX for routers not reached; via[v] is the link that reaches v
 * (SIZE_MAX for `from` and the unreached). Both arrays have n_prouters entries, caller-owned.
 * O(V^2 + V E). */
vs_err_t net_shortest(const scn_t *scn, size_t from, sim_time_t hop_penalty, sim_time_t *dist,
                      size_t *via);

/* Control plane of VR vr: frozen now (no messages in or out, timers as the scenario's clock
 * option says), and resumed now on physical router host. */
void net_cp_freeze(net_t *net, size_t vr);
void net_cp_resume(net_t *net, size_t vr, size_t host);
size_t net_vr_host(const net_t *net, size_t vr);

/* A bulk transfer of a migration (router image, memory pages) from one physical router to
 * another. net_transfer calls done(sim, ctx, arg) when the last byte has arrived. The model
 * here is fluid: after the set-up, the bytes flow at the smaller of the application's
 * ceiling and what the path gives migration traffic (net_path), then one path delay.
 * Returns the rate used, bits/s. */
typedef struct {
    size_t from, to;
    bool reserved;
    int64_t bytes;
    double limit_bps;   /* the sending application's own ceiling; 0 for none */
    sim_time_t setup;   /* connection set-up before the first byte */
} net_xfer_t;

double net_transfer(net_t *net, const net_xfer_t *x, sim_fn done, void *ctx, uint64_t arg);

/* The run's packet-level data plane (traffic.h), when the scenario has data traffic: transfers
 * that share links with it then run as TCP (tfc_transfer), and copies mark the CPUs of both
 * ends busy with a user-level process. Not owned. */
struct tfc;
void net_set_traffic(net_t *net, struct tfc *tfc);

/* Data planes. A VR forwards on the physical router it starts on; during a migration it
 * may forward on two (double data planes, seed 001 Sec. 4.2.4). Each end of a virtual link
 * attaches to one of its VR's data planes and moves when the link re-homes. */
void net_dp_add(net_t *net, size_t vr, size_t host);
void net_dp_remove(net_t *net, size_t vr, size_t host);
bool net_dp_active(const net_t *net, size_t vr, size_t host);
/* Where the `vr` end of virtual link vlink attaches now. */
size_t net_link_attach(const net_t *net, size_t vlink, size_t vr);
void net_link_rehome(net_t *net, size_t vlink, size_t vr, size_t host);

/* Schedules the scenario's network events (link flaps). */
void net_schedule_events(net_t *net);

/* Routing effects on vr so far. */
void net_routing(const net_t *net, size_t vr, net_routing_t *out);

#endif
