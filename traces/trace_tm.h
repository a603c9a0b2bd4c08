/* trace_tm — traffic matrices over time: a series of N x N demand matrices (bits/s, source
 * row, destination column) on named nodes, each with its start time. The scheduler and the
 * fluid traffic model read them through the accessors below; matrices are immutable once
 * built except through the explicit transformations (aggregate, remap, scale).
 *
 * Where they come from: trace_sndlib.h (SNDlib dynamic TMs), trace_gravity.h (synthetic). */
#ifndef TRACE_TM_H
#define TRACE_TM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vs_error.h"

typedef struct trace_tm trace_tm_t;

/* --- reading ------------------------------------------------------------------------- */

size_t trace_tm_nodes(const trace_tm_t *tm);
const char *trace_tm_node_name(const trace_tm_t *tm, size_t i);
/* Node index by name, or -1. O(N). */
long trace_tm_find_node(const trace_tm_t *tm, const char *name);
/* Number of matrices. */
size_t trace_tm_count(const trace_tm_t *tm);
/* Nominal interval each matrix covers (ns): 5 min for SNDlib Abilene, 15 min for GEANT,
 * the bin after trace_tm_aggregate. */
int64_t trace_tm_interval_ns(const trace_tm_t *tm);
/* Start of matrix k, ns since the Unix epoch (UTC; SNDlib times carry no zone and are read
 * as UTC). Strictly increasing in k; series may have gaps (the SNDlib subsets do). */
int64_t trace_tm_time_ns(const trace_tm_t *tm, size_t k);
/* Matrix k, row-major N x N in bits/s: m[src * N + dst]; the diagonal is 0. Owned by tm;
 * valid until the next trace_tm_append on tm. */
const double *trace_tm_matrix(const trace_tm_t *tm, size_t k);
double trace_tm_demand(const trace_tm_t *tm, size_t k, size_t src, size_t dst);
/* Sum of matrix k (bits/s). O(N^2). */
double trace_tm_total(const trace_tm_t *tm, size_t k);
/* Where the series came from ("sndlib", "gravity", ...), and a free-text name. */
const char *trace_tm_source(const trace_tm_t *tm);
const char *trace_tm_name(const trace_tm_t *tm);

/* --- building ------------------------------------------------------------------------ */

/* An empty series on n named nodes (names copied; must be distinct and non-empty). */
vs_err_t trace_tm_create(const char *name, const char *source, const char *const *names,
                         size_t n, int64_t interval_ns, trace_tm_t **out);
void trace_tm_destroy(trace_tm_t *tm);
/* A series is held whole: N x N doubles per matrix. VS_OK when bytes of matrices are within
 * $VROOMSIM_MAX_TM (default 512 MB, docs/limits.md); else VS_ERANGE naming who and the
 * variable. Readers and generators check before they allocate; trace_tm_append checks too. */
vs_err_t trace_tm_check_memory(const char *who, double bytes);
/* Appends a matrix starting at time_ns (must be later than the last). values (N x N, bits/s)
 * is copied; negative or non-finite values are refused (VS_ERANGE naming the pair), and so
 * is a matrix that takes the series over the limit above; the
 * diagonal is ignored (set to 0). *stored (if not NULL) points at the stored copy until the
 * next append. Amortised O(N^2). */
vs_err_t trace_tm_append(trace_tm_t *tm, int64_t time_ns, const double *values, double **stored);
/* Multiplies every demand by factor (>= 0). */
vs_err_t trace_tm_scale(trace_tm_t *tm, double factor);

/* --- transformations ----------------------------------------------------------------- */

/* A new series with matrices averaged over bins of interval_ns (any positive length; bins
 * are aligned to the Unix epoch, so 1 h bins start on the hour UTC). Each bin holds the mean
 * rate of the matrices that start in it (the bin's average bits/s when it is complete); bins
 * with no matrix are left out. *out owned by the caller. O(T N^2). */
vs_err_t trace_tm_aggregate(const trace_tm_t *tm, int64_t interval_ns, trace_tm_t **out);

/* A node-name map file: one "TM_NAME TOPOLOGY_NAME" pair per line ('#' comments, blank
 * lines ignored; names may be quoted with "..." to hold spaces). Several TM nodes may map to
 * one topology node (their demands add up); demand between nodes that map to the same node
 * is dropped (it stays inside one POP) and its share reported. Every TM node must be mapped:
 * otherwise VS_EINVAL naming the map file and the node. *out has the topology names as its
 * nodes, in order of first appearance in the map; *dropped_share the fraction of total
 * volume dropped (may be NULL). */
vs_err_t trace_tm_remap(const trace_tm_t *tm, const char *map_path, trace_tm_t **out,
                        double *dropped_share);

/* A new series on exactly the nodes names[0..n) in that order (e.g. a topology's, so TM node
 * i is topology node i): demands of tm between nodes in names are copied, nodes of names
 * that tm lacks get no demand. Every node of tm must be in names (VS_EINVAL naming origin and
 * the node otherwise, as trace_tm_check_nodes). *out owned by the caller. O(T n^2). */
vs_err_t trace_tm_project(const trace_tm_t *tm, const char *origin, const char *const *names,
                          size_t n, trace_tm_t **out);

/* Index of the matrix in force at t_ns: the last k with time(k) <= t_ns < time(k) +
 * interval; -1 when t_ns falls in a gap or outside the series. O(log T). */
long trace_tm_index_at(const trace_tm_t *tm, int64_t t_ns);

/* Checks that every node of tm is one of names[0..n): VS_EINVAL otherwise, naming origin
 * (the TM's file) and the missing node. Used before a TM drives a topology. */
vs_err_t trace_tm_check_nodes(const trace_tm_t *tm, const char *origin, const char *const *names,
                              size_t n);

/* Link loads for scaling: a routing the caller supplies (traces/ does not know topologies).
 * path(ctx, src, dst, links, cap) writes the link indices of the path src -> dst (TM node
 * indices) and returns its length (0 when src cannot reach dst: such demand is not counted);
 * when the length exceeds cap it returns the length and is called again with a larger
 * buffer. */
typedef struct {
    size_t n_links;
    const double *capacity_bps; /* per link */
    size_t (*path)(void *ctx, size_t src, size_t dst, uint32_t *links, size_t cap);
    void *ctx;
} trace_routing_t;

/* Peak utilisation over all matrices and links (load / capacity, links carrying both
 * directions' loads separately when the routing says so via distinct link indices). Reports
 * the matrix and link of the peak. O(T N^2 L_path). */
vs_err_t trace_tm_peak_utilization(const trace_tm_t *tm, const trace_routing_t *r, double *peak,
                                   size_t *at_matrix, size_t *at_link);
/* Scales the series so that its peak link utilisation equals target (0 < target). */
vs_err_t trace_tm_scale_to_peak(trace_tm_t *tm, const trace_routing_t *r, double target,
                                double *factor);

#endif
