/* scn_graph — the project's one shortest-path service: an undirected weighted graph in
 * compressed adjacency form and Dijkstra trees over it with a binary heap. The scenario's
 * substrate (scn_path.h), the data plane's routes (models/traffic) and the scheduler's
 * all-pairs table (sched/sched_model.c) all feed their graphs to it, so every lowest-delay
 * route in the project breaks its ties the same way:
 *   - nodes are settled in order of (distance, node index): among equal distances the lower
 *     index first;
 *   - a node's arcs are relaxed in edge-index order, and a route changes only on a strictly
 *     shorter distance, so among equal routes the one through the node settled first wins,
 *     and through one node the lower edge index.
 * These are the rules of the O(V^2) scan the project used before (tests/test_paths.c keeps
 * that scan as the reference). Distances are doubles summed along the path from the source;
 * integer weights (nanoseconds) stay exact while every sum is below 2^53. */
#ifndef SCN_GRAPH_H
#define SCN_GRAPH_H

#include <stddef.h>
#include <stdint.h>

#include "vs_error.h"

/* No arc / not reached. */
#define SCN_GRAPH_NONE UINT32_MAX

/* Most nodes and edges a graph takes (arc ids 2k+1 fit 32 bits, with NONE spare). */
#define SCN_GRAPH_MAX_NODES (UINT32_MAX - 1u)
#define SCN_GRAPH_MAX_EDGES (UINT32_MAX / 2u - 1u)

/* An undirected edge: its two arcs are 2k (a to b) and 2k + 1 (b to a) for edge k.
 * weight >= 0, the same both ways. */
typedef struct {
    size_t a, b;
    double weight;
} scn_edge_t;

typedef struct scn_graph scn_graph_t;

/* A shortest-path tree from one source, in caller-owned arrays of n_nodes entries each:
 *   dist[v]   distance from the source; INFINITY when not reached;
 *   via[v]    the arc that reaches v (its tail is v's parent); SCN_GRAPH_NONE for the
 *             source and the unreached;
 *   order     the reached nodes in the order they were settled (the source first; parents
 *             before children), n_reached of them. */
typedef struct {
    double *dist;
    uint32_t *via;
    uint32_t *order;
    size_t n_reached;
} scn_tree_t;

/* A graph of n nodes and the m edges (copied; edge k is edges[k]). Fails with VS_EINVAL on
 * an endpoint out of range or a negative or NaN weight, VS_ERANGE beyond the limits above.
 * *out owned by the caller (scn_graph_destroy). O(n + m). */
vs_err_t scn_graph_create(size_t n, const scn_edge_t *edges, size_t m, scn_graph_t **out);
void scn_graph_destroy(scn_graph_t *g);

size_t scn_graph_nodes(const scn_graph_t *g);

/* The arcs leaving node u, in edge-index order (a self-loop's two arcs both leave u):
 * *arcs points into the graph (valid while it lives), *count of them. O(1). */
void scn_graph_arcs(const scn_graph_t *g, size_t u, const uint32_t **arcs, size_t *count);
/* An arc's head and tail (node indices). O(1). */
size_t scn_graph_head(const scn_graph_t *g, uint32_t arc);
size_t scn_graph_tail(const scn_graph_t *g, uint32_t arc);

/* The shortest-path tree from src into *t (whose arrays the caller allocated, n_nodes
 * each). Dijkstra with a binary heap: O((n + m) log m); allocates its heap per call. */
vs_err_t scn_graph_tree(const scn_graph_t *g, size_t src, scn_tree_t *t);

/* The first arc on the tree path from the tree's source to every node: first[v] for v
 * reached and not the source, else SCN_GRAPH_NONE. first has n_nodes entries, caller-owned.
 * O(n). */
void scn_graph_first_arcs(const scn_graph_t *g, const scn_tree_t *t, uint32_t *first);

#endif
