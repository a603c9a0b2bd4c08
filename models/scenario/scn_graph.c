#include "scn_graph.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

struct scn_graph {
    size_t n, m;
    size_t *off;     /* n + 1: node u's arcs are arc[off[u] .. off[u + 1]) */
    uint32_t *arc;   /* 2m: arc ids, per node in edge-index order */
    uint32_t *end;   /* 2m: end[2k] = b, end[2k + 1] = a of edge k (the arc's head) */
    double *weight;  /* m */
};

vs_err_t scn_graph_create(size_t n, const scn_edge_t *edges, size_t m, scn_graph_t **out)
{
    *out = NULL;
    if (n > SCN_GRAPH_MAX_NODES || m > SCN_GRAPH_MAX_EDGES)
        return vs_fail(VS_ERANGE, "a shortest-path graph takes at most %u nodes and %u edges "
                       "(%zu and %zu given)", SCN_GRAPH_MAX_NODES, SCN_GRAPH_MAX_EDGES, n, m);
    for (size_t k = 0; k < m; k++)
        if (edges[k].a >= n || edges[k].b >= n || !(edges[k].weight >= 0))
            return vs_fail(VS_EINVAL, "shortest-path graph: edge %zu (%zu-%zu, weight %g) has an "
                           "endpoint out of range or a weight below 0", k, edges[k].a, edges[k].b,
                           edges[k].weight);
    scn_graph_t *g = calloc(1, sizeof *g);
    if (!g)
        return vs_fail(VS_ENOMEM, "out of memory");
    g->n = n;
    g->m = m;
    g->off = calloc(n + 1, sizeof *g->off);
    g->arc = malloc((2 * m + 1) * sizeof *g->arc);
    g->end = malloc((2 * m + 1) * sizeof *g->end);
    g->weight = malloc((m + 1) * sizeof *g->weight);
    size_t *fill = calloc(n + 1, sizeof *fill);
    if (!g->off || !g->arc || !g->end || !g->weight || !fill) {
        free(fill);
        scn_graph_destroy(g);
        return vs_fail(VS_ENOMEM, "out of memory (shortest-path graph of %zu nodes)", n);
    }
    for (size_t k = 0; k < m; k++) {
        g->off[edges[k].a + 1]++;
        g->off[edges[k].b + 1]++;
        g->end[2 * k] = (uint32_t)edges[k].b;
        g->end[2 * k + 1] = (uint32_t)edges[k].a;
        g->weight[k] = edges[k].weight;
    }
    for (size_t u = 0; u < n; u++)
        g->off[u + 1] += g->off[u];
    for (size_t k = 0; k < m; k++) { /* in edge order, so each node's arcs are too */
        size_t a = edges[k].a, b = edges[k].b;
        g->arc[g->off[a] + fill[a]++] = (uint32_t)(2 * k);
        g->arc[g->off[b] + fill[b]++] = (uint32_t)(2 * k + 1);
    }
    free(fill);
    *out = g;
    return VS_OK;
}

void scn_graph_destroy(scn_graph_t *g)
{
    if (!g)
        return;
    free(g->off);
    free(g->arc);
    free(g->end);
    free(g->weight);
    free(g);
}

size_t scn_graph_nodes(const scn_graph_t *g)
{
    return g->n;
}

void scn_graph_arcs(const scn_graph_t *g, size_t u, const uint32_t **arcs, size_t *count)
{
    *arcs = g->arc + g->off[u];
    *count = g->off[u + 1] - g->off[u];
}

size_t scn_graph_head(const scn_graph_t *g, uint32_t arc)
{
    return g->end[arc];
}

size_t scn_graph_tail(const scn_graph_t *g, uint32_t arc)
{
    return g->end[arc ^ 1u];
}

/* ---- the heap: (distance, node) pairs, lazily deleted ----------------------------------
 * A node is pushed again each time its distance drops; the stale copies sort after the live
 * one (a larger distance, the same node) and are skipped when popped, so the pops give
 * exactly the order (distance, node index) of the settled-node scan. */

typedef struct {
    double d;
    uint32_t v;
} heap_item_t;

static bool heap_less(heap_item_t x, heap_item_t y)
{
    return x.d < y.d || (x.d == y.d && x.v < y.v);
}

static void heap_push(heap_item_t *h, size_t *n, heap_item_t it)
{
    size_t i = (*n)++;
    while (i > 0) {
        size_t p = (i - 1) / 2;
        if (!heap_less(it, h[p]))
            break;
        h[i] = h[p];
        i = p;
    }
    h[i] = it;
}

static heap_item_t heap_pop(heap_item_t *h, size_t *n)
{
    heap_item_t top = h[0], last = h[--(*n)];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= *n)
            break;
        if (c + 1 < *n && heap_less(h[c + 1], h[c]))
            c++;
        if (!heap_less(h[c], last))
            break;
        h[i] = h[c];
        i = c;
    }
    h[i] = last;
    return top;
}

/* Relaxes the arcs out of u (settled at distance t->dist[u]), pushing what improves. */
static void relax(const scn_graph_t *g, size_t u, const bool *done, scn_tree_t *t, heap_item_t *h,
                  size_t *hn)
{
    for (size_t i = g->off[u]; i < g->off[u + 1]; i++) {
        uint32_t a = g->arc[i], v = g->end[a];
        if (done[v])
            continue;
        double d = t->dist[u] + g->weight[a / 2];
        if (d < t->dist[v]) {
            t->dist[v] = d;
            t->via[v] = a;
            heap_push(h, hn, (heap_item_t){d, v});
        }
    }
}

vs_err_t scn_graph_tree(const scn_graph_t *g, size_t src, scn_tree_t *t)
{
    size_t n = g->n, hn = 0;
    /* One push for the source and at most one per arc (a push needs a strict improvement
     * along a distinct arc into a node not yet settled). */
    heap_item_t *h = malloc((2 * g->m + 1) * sizeof *h);
    bool *done = calloc(n ? n : 1, sizeof *done);
    if (!h || !done) {
        free(h);
        free(done);
        return vs_fail(VS_ENOMEM, "out of memory (shortest paths over %zu nodes)", n);
    }
    for (size_t v = 0; v < n; v++) {
        t->dist[v] = INFINITY;
        t->via[v] = SCN_GRAPH_NONE;
    }
    t->n_reached = 0;
    t->dist[src] = 0;
    heap_push(h, &hn, (heap_item_t){0, (uint32_t)src});
    while (hn > 0) {
        uint32_t u = heap_pop(h, &hn).v;
        if (done[u])
            continue;
        done[u] = true;
        t->order[t->n_reached++] = u;
        relax(g, u, done, t, h, &hn);
    }
    free(h);
    free(done);
    return VS_OK;
}

void scn_graph_first_arcs(const scn_graph_t *g, const scn_tree_t *t, uint32_t *first)
{
    for (size_t v = 0; v < g->n; v++)
        first[v] = SCN_GRAPH_NONE;
    if (t->n_reached == 0)
        return;
    size_t src = t->order[0];
    for (size_t i = 1; i < t->n_reached; i++) { /* parents are settled before children */
        uint32_t v = t->order[i], a = t->via[v];
        size_t p = scn_graph_tail(g, a);
        first[v] = p == src ? a : first[p];
    }
}
