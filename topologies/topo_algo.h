/* topo_algo — graph algorithms on a topology: components, diameter, shortest-path routes.
 * All of them run through igraph (topo_igraph.c is the one adapter). Every link is two arcs,
 * a->b and b->a, so asymmetric IGP weights (Rocketfuel) route correctly. */
#ifndef TOPO_ALGO_H
#define TOPO_ALGO_H

#include <stddef.h>
#include <stdint.h>

#include "topo.h"

/* Replaces igraph's default error handler (which aborts) with one that records the reason
 * for vs_errmsg(), and silences igraph's warnings. Idempotent and thread-safe; every
 * topo_algo function calls it, a program may call it once at start-up. */
void topo_init(void);

typedef enum { TOPO_METRIC_HOPS, TOPO_METRIC_DELAY, TOPO_METRIC_WEIGHT } topo_metric_t;

typedef struct {
    size_t components;        /* weakly connected components */
    size_t largest_component; /* nodes in the largest */
    /* Longest shortest path over connected pairs: in hops, and in propagation delay (the
     * delay-shortest path's delay). The delay diameter's end points are given by name. */
    long diameter_hops;       /* -1 when not computed (too large, see TOPO_ALGO_MAX_DIAMETER) */
    int64_t diameter_delay_ns;
    uint32_t diameter_from, diameter_to;
} topo_stats_t;

/* Diameters are O(N * (N + M) log N); above this many nodes they are skipped (-1): 47 s at
 * 10,000 nodes measured (docs/limits.md), so that `topo info` never runs minutes silent. */
#define TOPO_ALGO_MAX_DIAMETER 5000

vs_err_t topo_stats(const topo_t *t, topo_stats_t *out);

/* All-pairs shortest paths, one path per ordered pair (igraph's Dijkstra, deterministic for a
 * given topology). Memory O(N^2) entries of 4 bytes; time O(N (N + M) log N). */
typedef struct topo_routes topo_routes_t;

/* *out owned by the caller (topo_routes_destroy). A topology over $VROOMSIM_MAX_ROUTES_NODES
 * (default 10,000 nodes: 1.2 GB) is refused with VS_ERANGE naming the limit; progress on
 * stderr when it takes long (vs_progress.h). */
vs_err_t topo_routes_create(const topo_t *t, topo_metric_t metric, topo_routes_t **out);
void topo_routes_destroy(topo_routes_t *r);
/* The links of the path src -> dst in order, written into links (up to cap entries), and the
 * path length in *n (0 for src == dst). Returns false when dst is unreachable. O(path). The
 * direction of each hop is dir[i] (0 = a->b, 1 = b->a) when dir is not NULL. When *n > cap
 * the buffers' contents are unspecified: call again with cap >= *n. */
bool topo_routes_path(const topo_routes_t *r, uint32_t src, uint32_t dst, uint32_t *links,
                      uint8_t *dir, size_t cap, size_t *n);
/* Path cost under the routes' metric (hops, ns, or summed weight); -1 when unreachable. */
double topo_routes_cost(const topo_routes_t *r, uint32_t src, uint32_t dst);

/* Arcs: each direction of a link is its own resource, arc 2k = link k a->b, 2k+1 = b->a.
 * topo_routes_arc_path has the shape of trace_routing_t.path (traces/trace_tm.h) with ctx a
 * const topo_routes_t *: it writes the arcs of src -> dst (node indices) and returns the path
 * length (0 when unreachable; the length, unwritten, when it exceeds cap). With a TM whose
 * nodes are the topology's in order (trace_tm_project), a consumer routes it as
 *     trace_routing_t r = {2 * m, caps, topo_routes_arc_path, routes};
 * topo_arc_capacities fills caps[2m] with each arc's link capacity. */
size_t topo_routes_arc_path(void *routes, size_t src, size_t dst, uint32_t *arcs, size_t cap);
void topo_arc_capacities(const topo_t *t, double *caps);

#endif
