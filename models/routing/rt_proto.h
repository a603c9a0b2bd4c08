/* rt_proto — a routing protocol as the network runs it around a migrating virtual router:
 * a const vtable per protocol, registered in one table (models/net/net_protos.c), so that a
 * new protocol is one folder under models/routing/ and one entry there (BIRD's struct
 * protocol). The network core (net.h) creates, freezes, resumes and asks each protocol's
 * instance; what a protocol does inside is its own (ospf/ospf.h, bgp/bgp.h). */
#ifndef RT_PROTO_H
#define RT_PROTO_H

#include <stddef.h>

#include "rt_clock.h"
#include "scn.h"
#include "sim.h"
#include "vs_error.h"

/* Routing effects on one VR, summed over its protocols' adjacencies and sessions. */
typedef struct {
    int hellos_lost, hellos_lost_max, adjacencies_lost, sessions_lost, lsas_missed;
    sim_time_t max_staleness;
} rt_effects_t;

/* One protocol. An instance is everything the protocol simulates around one VR that will
 * migrate (its adjacencies or sessions, both ends of each).
 *   create   the instance around VR vr of scn on sim; *out = NULL (and VS_OK) when the VR
 *            does not run the protocol or has no neighbour in it. Owned by the caller.
 *   destroy  frees an instance (NULL is a no-op).
 *   freeze   the VR's control plane stops now (no messages in or out; timers per the
 *   resume   scenario's clock option) / runs again now.
 *   flood    (optional) news of a topology change reaches each VR v at now + arrival[v]
 *            (SIM_TIME_MAX: never); arrival has scn->n_vrouters entries, not kept.
 *   effects  adds what the instance saw so far to *acc. */
typedef struct rt_proto {
    const char *name;
    vs_err_t (*create)(sim_t *sim, const scn_t *scn, size_t vr, void **out);
    void (*destroy)(void *inst);
    void (*freeze)(sim_t *sim, void *inst);
    void (*resume)(sim_t *sim, void *inst);
    void (*flood)(sim_t *sim, void *inst, const sim_time_t *arrival);
    void (*effects)(const void *inst, rt_effects_t *acc);
} rt_proto_t;

/* The scenario's clock option as the routing processes' clock (rt_clock.h). */
static inline rt_clock_mode_t rt_proto_clock(const scn_t *scn)
{
    return scn->clock == SCN_CLOCK_PAUSED ? RT_CLOCK_PAUSED : RT_CLOCK_RUNNING;
}

#endif
