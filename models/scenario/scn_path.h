/* scn_path — paths across a scenario's substrate: lowest-delay routes between physical
 * routers, their delay and the bandwidth a migration gets on them. All of them come from the
 * one shortest-path service (scn_graph.h) and follow its tie rules. A path cache
 * (scn_paths_t) keeps each source's tree once computed, for users that ask many questions;
 * the one-shot calls (scn_path, scn_delay, scn_shortest) compute a tree per call. */
#ifndef SCN_PATH_H
#define SCN_PATH_H

#include <stdbool.h>
#include <stddef.h>

#include "scn.h"
#include "scn_graph.h"

/* The substrate as a graph: node i is physical router i, edge k is link k, weighing its
 * delay plus hop_penalty (ns). Fails with VS_ERANGE when the links' delays (plus the
 * penalties) add up to 2^53 ns (104 days) or more: beyond that a sum of delays is no longer
 * exact in a double. *out owned by the caller (scn_graph_destroy). O(V + E). */
vs_err_t scn_substrate_graph(const scn_t *scn, sim_time_t hop_penalty, scn_graph_t **out);

/* A cache of lowest-delay trees over scn's substrate, each hop also costing hop_penalty
 * (1 ns prefers fewer hops among equal delays). scn must outlive it. *out owned by the
 * caller (scn_paths_destroy). O(V + E); each source's tree then costs O((V + E) log E) and
 * 16 V bytes the first time it is asked for, O(1) after. */
typedef struct scn_paths scn_paths_t;
vs_err_t scn_paths_create(const scn_t *scn, sim_time_t hop_penalty, scn_paths_t **out);
void scn_paths_destroy(scn_paths_t *p);
/* The graph the cache routes over (owned by the cache). */
const scn_graph_t *scn_paths_graph(const scn_paths_t *p);
/* The tree from router `from` (owned by the cache, valid while it lives). */
vs_err_t scn_paths_tree(scn_paths_t *p, size_t from, const scn_tree_t **out);
/* scn_path and scn_delay below, from the cache's trees (with its hop_penalty: paths and
 * delays as the plain calls give them need a cache made with 0). */
vs_err_t scn_paths_route(scn_paths_t *p, size_t from, size_t to, bool reserved, double *bps,
                         sim_time_t *delay);
sim_time_t scn_paths_delay(scn_paths_t *p, size_t a, size_t b);

/* The lowest-delay substrate path between two physical routers: its one-way delay and the
 * bandwidth a migration gets on it: with reserved, the smallest migration_bandwidth along
 * it (links without a reservation give their spare bandwidth); otherwise the smallest spare
 * bandwidth (bandwidth minus load). Fails (status 2) when no path exists.
 * O((V + E) log E). */
vs_err_t scn_path(const scn_t *scn, size_t from, size_t to, bool reserved, double *bps,
                  sim_time_t *delay);

/* Lowest-delay paths from router `from` to every router (each hop also costs hop_penalty,
 * so 1 ns prefers fewer hops among equal delays; ties as scn_graph.h says: through the
 * router settled first, then the lower link index). dist[v] is SIM_TIME_MAX for routers not
 * reached; via[v] is the link that reaches v (SIZE_MAX for `from` and the unreached). Both
 * arrays have n_prouters entries, caller-owned. O((V + E) log E). */
vs_err_t scn_shortest(const scn_t *scn, size_t from, sim_time_t hop_penalty, sim_time_t *dist,
                      size_t *via);

/* One-way delay between two physical routers along the lowest-delay path; 0 when a == b,
 * SIM_TIME_MAX when they are not connected (or out of memory). O((V + E) log E). */
sim_time_t scn_delay(const scn_t *scn, size_t a, size_t b);

#endif
