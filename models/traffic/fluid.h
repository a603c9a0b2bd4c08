/* fluid — flow-level (fluid) traffic: each flow has a fixed path of links and a demand, and
 * gets its max-min fair share with demands (progressive filling, Bertsekas & Gallager, "Data
 * Networks", 2nd ed., Sec. 6.5.2): all rates rise together; a flow stops rising when it
 * reaches its demand or when a link on its path fills. For large topologies and long
 * horizons, where packets would be too many; rates are recomputed whenever demands change.
 *
 * Cost of fluid_solve: O(E log L) for E (flow, link) incidences and L links, plus a sort
 * of the flows by demand. */
#ifndef FLUID_H
#define FLUID_H

#include <stddef.h>
#include <stdint.h>

#include "vs_error.h"

typedef struct fluid fluid_t;

/* n_links links with capacities (bits/s, > 0; copied). *out owned by the caller. */
vs_err_t fluid_create(size_t n_links, const double *capacity_bps, fluid_t **out);
void fluid_destroy(fluid_t *f);
/* Adds a flow over links[0..n) (copied) with a demand (bits/s, >= 0; 0 = inactive).
 * Its index is the number of flows added before it. */
vs_err_t fluid_add_flow(fluid_t *f, const uint32_t *links, size_t n, double demand_bps);
/* Replaces a flow's links by links[0..n) (copied): its route changed. The next solve uses
 * them. */
vs_err_t fluid_set_path(fluid_t *f, size_t flow, const uint32_t *links, size_t n);
/* A flow's links now (*n of them; valid until the next change of paths). */
const uint32_t *fluid_path(const fluid_t *f, size_t flow, size_t *n);
void fluid_set_demand(fluid_t *f, size_t flow, double demand_bps);
size_t fluid_flow_count(const fluid_t *f);
/* Recomputes every rate. */
vs_err_t fluid_solve(fluid_t *f);
double fluid_rate(const fluid_t *f, size_t flow);
/* Sum of the rates of the flows crossing link l. */
double fluid_link_load(const fluid_t *f, size_t l);
/* Links that are full (load within 1e-9 of capacity) after the last solve. */
size_t fluid_saturated_links(const fluid_t *f);

#endif
