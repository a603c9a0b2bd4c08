/* The igraph adapter: the only file of the project that includes igraph. */
#include <igraph.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "topo_algo.h"
#include "vs_limits.h"
#include "vs_progress.h"

static _Thread_local char igraph_reason[512];

/* igraph calls this instead of aborting; it must free igraph's temporaries. */
static void on_igraph_error(const char *reason, const char *file, int line, igraph_error_t e)
{
    snprintf(igraph_reason, sizeof igraph_reason, "igraph: %s (%s)", reason ? reason : "error",
             igraph_strerror(e));
    (void)file;
    (void)line;
    IGRAPH_FINALLY_FREE();
}

static void install(void)
{
    igraph_set_error_handler(on_igraph_error);
    igraph_set_warning_handler(igraph_warning_handler_ignore);
}

void topo_init(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, install);
}

static vs_err_t ig_fail(igraph_error_t e)
{
    if (e == IGRAPH_ENOMEM)
        return vs_fail(VS_ENOMEM, "out of memory in igraph");
    return vs_fail(VS_EINVAL, "%s", igraph_reason[0] ? igraph_reason : igraph_strerror(e));
}

/* Directed graph, arc 2k = link k a->b, 2k+1 = b->a; weights per arc for the metric. */
static vs_err_t build(const topo_t *t, topo_metric_t metric, igraph_t *g, igraph_vector_t *w)
{
    size_t m = topo_link_count(t);
    igraph_vector_int_t edges;
    igraph_error_t e;
    if ((e = igraph_vector_int_init(&edges, (igraph_integer_t)(4 * m))))
        return ig_fail(e);
    if ((e = igraph_vector_init(w, (igraph_integer_t)(2 * m)))) {
        igraph_vector_int_destroy(&edges);
        return ig_fail(e);
    }
    for (size_t k = 0; k < m; k++) {
        const topo_link_t *l = topo_link(t, k);
        VECTOR(edges)[4 * k] = l->a;
        VECTOR(edges)[4 * k + 1] = l->b;
        VECTOR(edges)[4 * k + 2] = l->b;
        VECTOR(edges)[4 * k + 3] = l->a;
        for (int d = 0; d < 2; d++)
            VECTOR(*w)[2 * k + d] = metric == TOPO_METRIC_HOPS    ? 1.0
                                    : metric == TOPO_METRIC_DELAY ? (double)l->delay_ns
                                                                  : (double)l->weight[d];
    }
    e = igraph_create(g, &edges, (igraph_integer_t)topo_node_count(t), IGRAPH_DIRECTED);
    igraph_vector_int_destroy(&edges);
    if (e) {
        igraph_vector_destroy(w);
        return ig_fail(e);
    }
    return VS_OK;
}

vs_err_t topo_stats(const topo_t *t, topo_stats_t *out)
{
    topo_init();
    memset(out, 0, sizeof *out);
    out->diameter_hops = -1;
    out->diameter_delay_ns = -1;
    size_t n = topo_node_count(t);
    if (n == 0)
        return VS_OK;
    igraph_t g;
    igraph_vector_t w;
    vs_err_t err = build(t, TOPO_METRIC_DELAY, &g, &w);
    if (err)
        return err;
    igraph_vector_int_t memb, csize;
    igraph_integer_t no = 0;
    igraph_error_t e = igraph_vector_int_init(&memb, 0);
    if (!e && !(e = igraph_vector_int_init(&csize, 0))) {
        e = igraph_connected_components(&g, &memb, &csize, &no, IGRAPH_WEAK);
        if (!e) {
            out->components = (size_t)no;
            for (igraph_integer_t i = 0; i < no; i++)
                if ((size_t)VECTOR(csize)[i] > out->largest_component)
                    out->largest_component = (size_t)VECTOR(csize)[i];
        }
        igraph_vector_int_destroy(&csize);
    }
    if (!e)
        igraph_vector_int_destroy(&memb);
    if (!e && n <= TOPO_ALGO_MAX_DIAMETER) {
        igraph_real_t res;
        igraph_integer_t from = -1, to = -1;
        e = igraph_diameter(&g, &res, &from, &to, NULL, NULL, IGRAPH_DIRECTED, 1);
        if (!e) {
            out->diameter_hops = (long)res;
            e = igraph_diameter_dijkstra(&g, &w, &res, &from, &to, NULL, NULL, IGRAPH_DIRECTED, 1);
        }
        if (!e) {
            out->diameter_delay_ns = (int64_t)res;
            out->diameter_from = from < 0 ? 0 : (uint32_t)from;
            out->diameter_to = to < 0 ? 0 : (uint32_t)to;
        }
    }
    igraph_vector_destroy(&w);
    igraph_destroy(&g);
    return e ? ig_fail(e) : VS_OK;
}

struct topo_routes {
    size_t n;
    topo_metric_t metric;
    const topo_t *t;
    int32_t *in_arc; /* [src * n + v]: arc arriving at v on the path from src; -1 none */
    double *cost;    /* [src * n + v] */
};

void topo_routes_destroy(topo_routes_t *r)
{
    if (!r)
        return;
    free(r->in_arc);
    free(r->cost);
    free(r);
}

/* All-pairs routes hold 12 bytes per ordered pair of nodes (1.2 GB at 10,000 nodes) and cost
 * a Dijkstra run per node (docs/limits.md). */
static const vs_limit_t routes_limit = {.env = "VROOMSIM_MAX_ROUTES_NODES",
                                        .what = "a topology for all-pairs routes", .def = 10000,
                                        .unit = "nodes"};

vs_err_t topo_routes_create(const topo_t *t, topo_metric_t metric, topo_routes_t **out)
{
    topo_init();
    *out = NULL;
    size_t n = topo_node_count(t);
    vs_err_t err = vs_limit_check(&routes_limit, topo_name(t), (int64_t)n);
    if (err)
        return err;
    topo_routes_t *r = calloc(1, sizeof *r);
    if (!r)
        return vs_fail(VS_ENOMEM, "out of memory");
    r->n = n;
    r->metric = metric;
    r->t = t;
    r->in_arc = malloc((n ? n * n : 1) * sizeof *r->in_arc);
    r->cost = malloc((n ? n * n : 1) * sizeof *r->cost);
    if (!r->in_arc || !r->cost) {
        topo_routes_destroy(r);
        return vs_fail(VS_ENOMEM, "out of memory (routes for %zu nodes)", n);
    }
    igraph_t g;
    igraph_vector_t w;
    if ((err = build(t, metric, &g, &w))) {
        topo_routes_destroy(r);
        return err;
    }
    vs_progress_t pr;
    char what[300];
    snprintf(what, sizeof what, "routes of %s", topo_name(t));
    vs_progress_start(&pr, what, n);
    pr.unit = "sources";
    igraph_vector_int_t inb;
    igraph_matrix_t dist;
    igraph_error_t e = igraph_vector_int_init(&inb, 0);
    if (!e && (e = igraph_matrix_init(&dist, 0, 0)))
        igraph_vector_int_destroy(&inb);
    if (!e) {
        for (size_t s = 0; s < n && !e; s++) {
            vs_progress_update(&pr, s);
            e = igraph_get_shortest_paths_dijkstra(&g, NULL, NULL, (igraph_integer_t)s,
                                                   igraph_vss_all(), &w, IGRAPH_OUT, NULL, &inb);
            if (!e)
                e = igraph_distances_dijkstra(&g, &dist, igraph_vss_1((igraph_integer_t)s),
                                              igraph_vss_all(), &w, IGRAPH_OUT);
            for (size_t v = 0; v < n && !e; v++) {
                r->in_arc[s * n + v] = (int32_t)VECTOR(inb)[v];
                double c = MATRIX(dist, 0, v);
                r->cost[s * n + v] = c == IGRAPH_INFINITY ? -1.0 : c;
            }
        }
        igraph_matrix_destroy(&dist);
        igraph_vector_int_destroy(&inb);
    }
    pr.done = n;
    vs_progress_end(&pr);
    igraph_vector_destroy(&w);
    igraph_destroy(&g);
    if (e) {
        topo_routes_destroy(r);
        return ig_fail(e);
    }
    *out = r;
    return VS_OK;
}

bool topo_routes_path(const topo_routes_t *r, uint32_t src, uint32_t dst, uint32_t *links,
                      uint8_t *dir, size_t cap, size_t *n)
{
    *n = 0;
    if (src >= r->n || dst >= r->n)
        return false;
    if (src == dst)
        return true;
    if (r->cost[(size_t)src * r->n + dst] < 0)
        return false;
    /* Walk back from dst, then reverse in place. */
    size_t len = 0;
    uint32_t v = dst;
    while (v != src) {
        int32_t arc = r->in_arc[(size_t)src * r->n + v];
        if (arc < 0)
            return false;
        const topo_link_t *l = topo_link(r->t, (size_t)arc / 2);
        if (len < cap) {
            links[len] = (uint32_t)arc / 2;
            if (dir)
                dir[len] = (uint8_t)(arc & 1);
        }
        len++;
        v = (arc & 1) ? l->b : l->a;
        if (len > r->n)
            return false; /* cannot happen with a consistent tree */
    }
    size_t k = len < cap ? len : cap;
    for (size_t i = 0; i < k / 2; i++) {
        uint32_t tl = links[i];
        links[i] = links[k - 1 - i];
        links[k - 1 - i] = tl;
        if (dir) {
            uint8_t td = dir[i];
            dir[i] = dir[k - 1 - i];
            dir[k - 1 - i] = td;
        }
    }
    *n = len;
    return true;
}

double topo_routes_cost(const topo_routes_t *r, uint32_t src, uint32_t dst)
{
    if (src >= r->n || dst >= r->n)
        return -1;
    return r->cost[(size_t)src * r->n + dst];
}

size_t topo_routes_arc_path(void *routes, size_t src, size_t dst, uint32_t *arcs, size_t cap)
{
    const topo_routes_t *r = routes;
    size_t n;
    if (src >= r->n || dst >= r->n || r->cost[src * r->n + dst] < 0)
        return 0;
    /* Walk back along the in-arcs, writing from the end of the buffer's range. */
    size_t len = 0;
    for (uint32_t v = (uint32_t)dst; v != src; len++) {
        int32_t arc = r->in_arc[src * r->n + v];
        if (arc < 0 || len > r->n)
            return 0;
        const topo_link_t *l = topo_link(r->t, (size_t)arc / 2);
        v = (arc & 1) ? l->b : l->a;
    }
    if (len > cap)
        return len;
    n = len;
    for (uint32_t v = (uint32_t)dst; v != src;) {
        int32_t arc = r->in_arc[src * r->n + v];
        const topo_link_t *l = topo_link(r->t, (size_t)arc / 2);
        arcs[--n] = (uint32_t)arc;
        v = (arc & 1) ? l->b : l->a;
    }
    return len;
}

void topo_arc_capacities(const topo_t *t, double *caps)
{
    for (size_t k = 0; k < topo_link_count(t); k++)
        caps[2 * k] = caps[2 * k + 1] = topo_link(t, k)->capacity_bps;
}
