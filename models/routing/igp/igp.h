/* igp — link-state routing computed over the virtual routers' network, as OSPF runs it in
 * one area over point-to-point virtual links (RFC 2328; FRR 8.4's ospfd for the timers):
 *   - each VR holds its own copy of every VR's router-LSA; a virtual link is usable in that
 *     copy when the LSAs of both its ends list it (RFC 2328 16.1, the two-way check);
 *   - when an adjacency goes down or comes up, both ends re-originate their router-LSA (at
 *     most once per MinLSInterval, 5 s: OSPF_MIN_LS_INTERVAL in FRR's lib/libospf.h; a later
 *     change waits for the interval to end), which floods over the adjacencies that are up,
 *     each hop after the virtual link's delay;
 *   - a VR that installs a newer LSA schedules its SPF as ospfd's throttle does
 *     (ospf_spf_calculate_schedule in ospfd/ospf_spf.c: delay 0 ms, hold 50 ms doubling up
 *     to 5000 ms, the defaults of lib/libospf.h in FRR 8.4);
 *   - the SPF's next hops that differ from the FIB in force are written to the VR's data
 *     plane one route at a time, each after the data plane's RPC and write cost
 *     (hwmodel/hw_profile.h: rpc_ns plus install_ns, replace_ns or delete_ns, and
 *     batch_overhead_ns at the start of every batch_size routes); a new SPF supersedes the
 *     writes still pending.
 * The next hop toward a destination is the first virtual link on a fewest-hops path (unit
 * costs), found from the destination outwards with links tried in index order: the same
 * routes the data plane used before routing was computed, so a run without a failure
 * forwards as it did. One route per destination VR (ASSUMPTION: the VR's own prefixes move
 * together; the route counts of ospf.routes size the migration's image, not the FIB writes
 * here). Destinations reached by no usable link have no route: packets to them are lost. */
#ifndef IGP_H
#define IGP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "scn.h"
#include "sim.h"

#define IGP_NONE UINT32_MAX

typedef struct igp igp_t;

/* The one-way delay of virtual link k now (its ends' hosts may move): routing messages over
 * it arrive this much later. */
typedef sim_time_t (*igp_delay_fn)(void *ctx, size_t vlink);

/* Converged at time 0 over the scenario's virtual network (every link up). *out owned by the
 * caller. Fails with status 3 when a data-plane profile cannot be loaded. */
vs_err_t igp_create(sim_t *sim, const scn_t *scn, igp_delay_fn delay, void *ctx, igp_t **out);
void igp_destroy(igp_t *g);

/* The FIB in force at VR v: the virtual link toward d; IGP_NONE when v has no route to d
 * (and for d == v). O(1). */
uint32_t igp_next(const igp_t *g, size_t v, size_t d);
/* Is virtual link k up (can it carry packets) now? */
bool igp_link_up(const igp_t *g, size_t k);

/* Is VR v running (its router has not failed)? */
bool igp_vr_alive(const igp_t *g, size_t v);

/* A scenario event happens now: the link and router changes until the next call are its
 * doing, and are reported under it. kind: static storage ("link_flap", "router_down",
 * "link_down"); element: what failed, by name (copied). */
void igp_event(igp_t *g, const char *kind, const char *element, bool up);
/* Virtual link k stops carrying packets now; end e (0: the link's a, 1: its b) sees its
 * adjacency go down detect[e] later (SIM_TIME_MAX: never, a dead end). A link may be down
 * for several causes at once: it comes back when the last one ends. */
void igp_link_fail(igp_t *g, size_t k, const sim_time_t detect[2]);
/* One cause of link k's being down ends now. When none is left, the adjacency forms when
 * each end has heard a hello listing it: both send their first hello 1 ms after the
 * interface comes up (ospfd/ospf_ism.c), which lists nobody, and the next one a hello
 * interval later (the larger of the two ends'), which arrives after the link's delay; the
 * database exchange that follows is one flood of what each end holds. */
void igp_link_restore(igp_t *g, size_t k);
/* VR v's router fails (alive false: no LSAs in or out, no SPF, no forwarding) or comes back
 * (its own LSA only and an empty FIB; it relearns as its adjacencies form, and its routes
 * count as missing until then). */
void igp_vr_set(igp_t *g, size_t v, bool alive);

/* Called when what VR v forwards toward d may have changed: a FIB write that changed its
 * next hop (d), or d == IGP_NONE for every destination of v (one of v's links went down
 * or came back, v's router failed or restarted). Called synchronously; fn must not call
 * back into the igp. One watcher; NULL removes it. */
typedef void (*igp_change_fn)(void *ctx, size_t v, size_t d);
void igp_watch(igp_t *g, igp_change_fn fn, void *ctx);

/* Per event: convergence_s (from the event to the last FIB write before the next
 * event, null when there was none), routes_missing (routes of any VR that lost their next
 * hop meanwhile) and route_missing_s (how long they went without one, summed, to the end of
 * the run at most); spf_runs, lsas_flooded, fib_writes. */
vs_err_t igp_report(const igp_t *g, cJSON *obj);

#endif
