/* net — the network of one simulation run, built from a scenario: where each virtual
 * router's control plane is, its routing-protocol instances, and paths across the substrate.
 * Mechanisms act on it (freeze and resume a control plane, move it, re-home links); the
 * protocols report what the network saw. */
#ifndef NET_H
#define NET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "rt_proto.h"
#include "scn.h"
#include "sim.h"
#include "sim_rng.h"

typedef struct net net_t;


/* Builds the run's network on sim. The scenario must outlive it. *out owned by the caller. */
vs_err_t net_create(sim_t *sim, const scn_t *scn, net_t **out);
void net_destroy(net_t *net);

sim_t *net_sim(net_t *net);
const scn_t *net_scn(const net_t *net);

/* A stream for a named entity, derived from the run's seed. */
void net_rng(const net_t *net, const char *entity, sim_rng_t *out);

/* Control plane of VR vr: frozen now (no messages in or out, timers as the scenario's clock
 * option says), and resumed now on physical router host. */
void net_cp_freeze(net_t *net, size_t vr);
void net_cp_resume(net_t *net, size_t vr, size_t host);
size_t net_vr_host(const net_t *net, size_t vr);

/* A bulk transfer of a migration (router image, memory pages) from one physical router to
 * another. net_transfer calls done(sim, ctx, arg) when the last byte has arrived. The model
 * here is fluid: after the set-up, the bytes flow at the smaller of the application's
 * ceiling and what the path gives migration traffic (scn_path), then one path delay.
 * Returns the rate used, bits/s. */
typedef struct {
    size_t from, to;
    bool reserved;
    int64_t bytes;
    double limit_bps;   /* the sending application's own ceiling; 0 for none */
    sim_time_t setup;   /* connection set-up before the first byte */
} net_xfer_t;

double net_transfer(net_t *net, const net_xfer_t *x, sim_fn done, void *ctx, uint64_t arg);

/* The run's data traffic, when the scenario has some (models/traffic registers itself with
 * these hooks): transfers that share links with it then run as TCP, fluid flows leave
 * copies what they do not use, and copies mark the CPUs of both ends busy with a user-level
 * process. ctx is the traffic's own; hooks and ctx are not owned.
 *   wants_tcp   does this transfer run as a TCP connection through the packet model?
 *   transfer    runs it so (as net_transfer); returns the rate, bits/s
 *   spare_bps   what fluid flows leave on the path between two physical routers, bits/s
 *   user_share  the share of a host's CPU a user-level process gets now, 0..1
 *   user_busy   a user-level process runs on host until `until`
 *   route_changed  what VR vr forwards toward d may have changed now (a FIB write, a link
 *               of vr down or up, a data plane of vr added or removed, a link end of vr
 *               re-homed); d == SIZE_MAX: every destination. May be NULL.
 *   xfer_load   a copy that is not TCP runs at bps from `from` to `to` until `until` (the
 *               links' utilisation counts it). May be NULL. */
typedef struct {
    bool (*wants_tcp)(void *ctx, const net_xfer_t *x);
    double (*transfer)(void *ctx, const net_xfer_t *x, sim_fn done, void *dctx, uint64_t arg);
    double (*spare_bps)(void *ctx, size_t from, size_t to);
    double (*user_share)(void *ctx, size_t host);
    void (*user_busy)(void *ctx, size_t host, sim_time_t until);
    void (*route_changed)(void *ctx, size_t vr, size_t d);
    void (*xfer_load)(void *ctx, size_t from, size_t to, double bps, sim_time_t until);
} net_traffic_t;
void net_set_traffic(net_t *net, const net_traffic_t *hooks, void *ctx);

/* Data planes. A VR forwards on the physical router it starts on; during a migration it
 * may forward on two (double data planes, seed 001 Sec. 4.2.4). Each end of a virtual link
 * attaches to one of its VR's data planes and moves when the link re-homes. */
void net_dp_add(net_t *net, size_t vr, size_t host);
void net_dp_remove(net_t *net, size_t vr, size_t host);
bool net_dp_active(const net_t *net, size_t vr, size_t host);
/* Where the `vr` end of virtual link vlink attaches now. */
size_t net_link_attach(const net_t *net, size_t vlink, size_t vr);
void net_link_rehome(net_t *net, size_t vlink, size_t vr, size_t host);

/* Schedules the scenario's events (net_events.c): link flaps (news for the protocols
 * around migrating VRs, and their virtual link down and up for the routing of the whole
 * network, routing/igp/igp.h) and failures of physical routers and substrate links. Fails
 * as net_routing_start does. */
vs_err_t net_schedule_events(net_t *net);

/* The routing of the whole virtual network (routing/igp/igp.h), converged at time 0: the
 * data traffic forwards on its FIBs. Created on first call (V^2 tables: only runs with data
 * traffic or events ask for it). Fails with status 3 when a data-plane profile of a run
 * with events cannot be loaded. */
vs_err_t net_routing_start(net_t *net);
/* The FIB in force at VR v toward d: a virtual link, or NET_NO_ROUTE. Needs
 * net_routing_start. */
#define NET_NO_ROUTE UINT32_MAX
uint32_t net_fib_next(const net_t *net, size_t v, size_t d);
/* Can virtual link k carry packets now? Is VR v's router running (not failed)? */
bool net_vlink_up(const net_t *net, size_t k);
bool net_vr_alive(const net_t *net, size_t v);
/* Adds the routing's "igp" results (igp_report) to obj when the run had link events. */
vs_err_t net_routing_report(const net_t *net, cJSON *obj);

/* Routing effects on vr so far. */
void net_routing(const net_t *net, size_t vr, rt_effects_t *out);

#endif
