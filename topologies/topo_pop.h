/* topo_pop — the physical substrate behind a topology: every POP holds one or more physical
 * routers of a configurable model, joined by intra-POP links, so a virtual router can move
 * between routers of one POP (the VROOM setting: seed 001 Section 2, Chicago-1 -> Chicago-2
 * in Section 6.1).
 *
 * Expansion rule: the topology's nodes are physical routers already (a POP of the topology
 * may hold several, e.g. builtin:abilene's Chicago); a POP with fewer than routers_per_pop
 * gets spare routers "<POP>/spareK" (K from 1) until it has that many. Routers of one POP
 * are fully meshed by intra-POP links where no link joins them yet. Inter-POP links stay on
 * the nodes they join. The physical graph keeps the topology's node and link indices and
 * appends the spares and intra-POP links, so node i's virtual router starts on router i. */
#ifndef TOPO_POP_H
#define TOPO_POP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "topo.h"

typedef struct {
    uint32_t routers_per_pop;  /* >= 1; 1 adds no spares */
    const char *router_model;  /* hardware profile name for every router; copied */
    double intra_capacity_bps; /* intra-POP link speed */
    int64_t intra_delay_ns;    /* intra-POP link delay */
} topo_pop_config_t;

/* Defaults: one router per POP, model "default", intra-POP links 10 Gbps (the default link
 * speed) with TOPO_MIN_DELAY_NS (routers in one building). */
#define TOPO_POP_CONFIG_DEFAULT                                                              \
    ((topo_pop_config_t){.routers_per_pop = 1, .router_model = "default",                    \
                         .intra_capacity_bps = TOPO_DEFAULT_CAPACITY_BPS,                    \
                         .intra_delay_ns = TOPO_MIN_DELAY_NS})

typedef struct topo_pops topo_pops_t;

/* Builds the physical substrate of t (t is not kept). *out owned by the caller. Limits:
 * routers_per_pop <= 64; the routers of each POP are meshed, and a mesh of more than
 * $VROOMSIM_MAX_POP_LINKS links in all (default 1,000,000) is refused with VS_ERANGE naming
 * the largest POP. O(nodes + links log links + mesh links log links). */
vs_err_t topo_pops_create(const topo_t *t, const topo_pop_config_t *cfg, topo_pops_t **out);
void topo_pops_destroy(topo_pops_t *p);

/* The physical graph: routers and links (inter- and intra-POP). Owned by p. */
const topo_t *topo_pops_graph(const topo_pops_t *p);
size_t topo_pops_count(const topo_pops_t *p);
/* Router indices (into the physical graph) of POP pop, in order; *routers owned by p. */
size_t topo_pops_routers(const topo_pops_t *p, size_t pop, const uint32_t **routers);
const char *topo_pops_model(const topo_pops_t *p);
/* Whether physical link k is an intra-POP link (both ends in one POP). */
bool topo_pops_is_intra(const topo_pops_t *p, size_t link);
/* Spare routers added and intra-POP links in the physical graph. */
size_t topo_pops_spares(const topo_pops_t *p);
size_t topo_pops_intra_links(const topo_pops_t *p);

#endif
