/* sched_hwpower — a physical router's line cards and power coefficients from a hardware
 * profile (hwmodel/hw_profile.h), for the topology expansion (sched_topo.h) and the
 * inventory (sched_inventory.h) alike. */
#ifndef SCHED_HWPOWER_H
#define SCHED_HWPOWER_H

#include "sched_model.h"

/* Sets router r's line cards, ports per card and power coefficients from the profile (a
 * name or a path, hw_profile_load) installed with `linecards` cards, every port fitted.
 * Fails (status 2) naming the profile when it cannot be loaded, has no power section or no
 * ports per line card. Loads the profile: O(file). */
vs_err_t sched_router_power(const char *profile, int linecards, sched_node_t *r);

#endif
