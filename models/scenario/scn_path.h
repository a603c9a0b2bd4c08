/* scn_path — paths across a scenario's substrate: lowest-delay routes between physical
 * routers, their delay and the bandwidth a migration gets on them. */
#ifndef SCN_PATH_H
#define SCN_PATH_H

#include <stdbool.h>
#include <stddef.h>

#include "scn.h"

/* The lowest-delay substrate path between two physical routers: its one-way delay and the
 * bandwidth a migration gets on it: with reserved, the smallest migration_bandwidth along
 * it (links without a reservation give their spare bandwidth); otherwise the smallest spare
 * bandwidth (bandwidth minus load). Fails (status 2) when no path exists. */
vs_err_t scn_path(const scn_t *scn, size_t from, size_t to, bool reserved, double *bps,
                  sim_time_t *delay);

/* Lowest-delay paths from router `from` to every router (Dijkstra; each hop also costs
 * hop_penalty, so 1 ns prefers fewer hops among equal delays; ties go to the lower link
 * index). dist[v] is SIM_TIME_MAX for routers not reached; via[v] is the link that reaches v
 * (SIZE_MAX for `from` and the unreached). Both arrays have n_prouters entries, caller-owned.
 * O(V^2 + V E). */
vs_err_t scn_shortest(const scn_t *scn, size_t from, sim_time_t hop_penalty, sim_time_t *dist,
                      size_t *via);

/* One-way delay between two physical routers along the lowest-delay path; 0 when a == b,
 * SIM_TIME_MAX when they are not connected (or out of memory). O(V^2 + V E). */
sim_time_t scn_delay(const scn_t *scn, size_t a, size_t b);

#endif
