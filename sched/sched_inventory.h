/* sched_inventory — a planner's description of their own network beside a topology file:
 * per POP its region and electricity price, per physical router its platform, features,
 * ACL capacity, VR slots, CPU, memory, line cards, power profile and price, per virtual router
 * its platform, required features and ACLs, memory, customer ports, redundancy partner,
 * scope, routing (OSPF, BGP with peers) and image (docs/inventory.md;
 * examples/abilene-inventory.yaml). Routers also name host and data-plane profiles; plans
 * carry those and the routing into the scenarios they write (sched_seq.h). Everything not
 * written keeps the value the topology expansion gives (sched_topo.h, docs/inventory.md's
 * table), so an inventory says only what differs. */
#ifndef SCHED_INVENTORY_H
#define SCHED_INVENTORY_H

#include "sched_model.h"

/* The topology expansion's values an inventory entry changes relative to. */
typedef struct {
    const char *power_profile; /* every router's, unless its entry names another */
    int vr_customer_ports;     /* every VR's */
} sched_inventory_base_t;

/* Reads the inventory at path and applies it to inst, the finalized instance sched_topo
 * built (routers "<POP>/r<i>", VRs "<POP>/vr<i>") with base's values, then refreshes it. Errors name
 * file:line:column and exit 2: malformed YAML, unknown keys, an unknown POP, router or VR
 * (with the nearest name), wrong units or ranges, a partner that does not exist or is the
 * VR itself, and a VR its home router cannot host (platform, features, ACLs). Loads each
 * power profile named (hwmodel). */
vs_err_t sched_inventory_apply(const char *path, const sched_inventory_base_t *base,
                               sched_inst_t *inst);

#endif
