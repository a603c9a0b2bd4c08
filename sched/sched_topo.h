/* sched_topo — a placement instance built from a topology (topologies/topo.h) and driven by
 * traffic matrices (traces/trace_tm.h).
 *
 * The substrate: every topology node becomes a transport node (the POP's optical/packet
 * transport, where VROOM re-homes links: seed 001 Section 4.2.2), topology links join the
 * transport nodes, and each POP gets routers_per_pop physical routers attached to its
 * transport node by an access link. The topologies module's own POP expansion (topo_pop.h)
 * pins inter-POP links to particular routers; here they end on the transport node instead,
 * so that powering a router off or moving a VR within a POP never cuts an inter-POP link —
 * which is what link migration gives VROOM.
 *
 * The virtual network: today's network before any migration, one VR per physical router
 * (VR i of a POP on router i), a virtual link between VR i of adjacent POPs for every
 * topology link ("plane" i), and VRs 2j and 2j+1 of a POP as primary/backup redundancy
 * partners (seed 001 Section 7). Traffic: each matrix is routed over the topology's
 * delay-shortest paths (the topologies module's igraph adapter, topo_algo.h), and each
 * topology link's load is split evenly over the planes. */
#ifndef SCHED_TOPO_H
#define SCHED_TOPO_H

#include <stdbool.h>
#include <stddef.h>

#include "sched_model.h"

typedef struct {
    int routers_per_pop;
    /* Physical router. */
    double cpu, mem_mb;
    int vr_slots, acl_capacity;
    int linecards;           /* installed line cards; ports per card from the power profile */
    /* Hardware profile (name or path, hwmodel/hw_profile.h) whose power section gives the
     * router's draw (hw_power_coef) and its ports per line card. */
    char power_profile[256];
    double price;            /* currency per kWh */
    double access_bps;       /* router <-> transport capacity per direction */
    double access_lat_ms;
    /* Virtual router. */
    double vr_cpu, vr_cpu_per_gbps, vr_mem_mb;
    int vr_customer_ports;   /* ports besides one per virtual link */
    bool pairs;              /* primary/backup partners within each POP */
    bool pop_diverse;        /* partners must be in different POPs (then pairs span POPs) */
    sched_scope_t scope;
    char inventory[1024];    /* inventory file (sched_inventory.h) applied last; "" none */
} sched_topo_config_t;

/* Defaults; docs/scheduler.md says where each comes from. Power: the profile
 * hwmodel/profiles/core-router.yaml (its sources are stated there). */
#define SCHED_TOPO_CONFIG_DEFAULT                                                              \
    ((sched_topo_config_t){.routers_per_pop = 4, .cpu = 16, .mem_mb = 32000, .vr_slots = 8,    \
                           .acl_capacity = 4000, .linecards = 4,                               \
                           .power_profile = "core-router", .price = 0.094, .access_bps = 100e9, \
                           .access_lat_ms = 0.001, .vr_cpu = 0.5, .vr_cpu_per_gbps = 0.1,      \
                           .vr_mem_mb = 512, .vr_customer_ports = 4, .pairs = true,            \
                           .pop_diverse = false, .scope = SCHED_SCOPE_ANY})

typedef struct sched_topo sched_topo_t;

/* spec: a topology file or builtin:NAME (topo_load). *out owned by the caller. Fails
 * (status 2) when cfg->power_profile cannot be loaded or has no usable power section. */
vs_err_t sched_topo_build(const char *spec, const sched_topo_config_t *cfg, sched_topo_t **out);
void sched_topo_destroy(sched_topo_t *t);
/* The instance (owned by t; VRs start not movable). */
sched_inst_t *sched_topo_inst(sched_topo_t *t);

/* Topology nodes, for matching traffic-matrix node names. */
size_t sched_topo_nodes(const sched_topo_t *t);
const char *sched_topo_node_name(const sched_topo_t *t, size_t i);
/* The name of topology node i's POP (as the instance's POPs and the plan's routers name it). */
const char *sched_topo_node_pop(const sched_topo_t *t, size_t i);

/* Sets every virtual link's demand (and VR CPU demand) from an n x n matrix (bits/s,
 * row = source) whose node k is topology node map[k] (-1: ignored). Demand within one POP
 * stays inside it. Returns the share of demand that had no path in *unrouted. */
vs_err_t sched_topo_set_traffic(sched_topo_t *t, const double *m, size_t n, const long *map,
                                double *unrouted);

/* Per link: is it a router's access link, and to which POP it belongs (-1: inter-POP). */
int sched_topo_link_pop(const sched_topo_t *t, int link);

#endif
