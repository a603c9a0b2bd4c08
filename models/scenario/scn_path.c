#include "scn_path.h"

#include <math.h>
#include <stdlib.h>

/* 2^53: integers up to it are exact in a double, and so are their sums below it. */
#define EXACT_NS 9007199254740992.0

struct scn_paths {
    const scn_t *scn;
    scn_graph_t *g;
    scn_tree_t **tree; /* per source router, NULL until asked for */
};

vs_err_t scn_substrate_graph(const scn_t *scn, sim_time_t hop_penalty, scn_graph_t **out)
{
    *out = NULL;
    scn_edge_t *e = malloc((scn->n_links ? scn->n_links : 1) * sizeof *e);
    if (!e)
        return vs_fail(VS_ENOMEM, "out of memory");
    double total = 0;
    for (size_t k = 0; k < scn->n_links; k++) {
        const scn_link_t *l = &scn->links[k];
        e[k] = (scn_edge_t){.a = l->a, .b = l->b, .weight = (double)(l->delay + hop_penalty)};
        total += e[k].weight;
    }
    vs_err_t err = VS_OK;
    if (total >= EXACT_NS)
        err = vs_fail(VS_ERANGE, "%s: the substrate's link delays add up to %.3g s, beyond the "
                      "2^53 ns (104 days) that paths are summed exactly in", scn->path, total / 1e9);
    else
        err = scn_graph_create(scn->n_prouters, e, scn->n_links, out);
    free(e);
    return err;
}

vs_err_t scn_paths_create(const scn_t *scn, sim_time_t hop_penalty, scn_paths_t **out)
{
    *out = NULL;
    scn_paths_t *p = calloc(1, sizeof *p);
    if (!p)
        return vs_fail(VS_ENOMEM, "out of memory");
    p->scn = scn;
    p->tree = calloc(scn->n_prouters ? scn->n_prouters : 1, sizeof *p->tree);
    vs_err_t err = p->tree ? scn_substrate_graph(scn, hop_penalty, &p->g)
                           : vs_fail(VS_ENOMEM, "out of memory");
    if (err) {
        scn_paths_destroy(p);
        return err;
    }
    *out = p;
    return VS_OK;
}

void scn_paths_destroy(scn_paths_t *p)
{
    if (!p)
        return;
    if (p->tree)
        for (size_t i = 0; i < p->scn->n_prouters; i++)
            free(p->tree[i]);
    free(p->tree);
    scn_graph_destroy(p->g);
    free(p);
}

const scn_graph_t *scn_paths_graph(const scn_paths_t *p)
{
    return p->g;
}

/* One block per tree: the header, then dist, via and order. */
vs_err_t scn_paths_tree(scn_paths_t *p, size_t from, const scn_tree_t **out)
{
    if (p->tree[from]) {
        *out = p->tree[from];
        return VS_OK;
    }
    size_t n = p->scn->n_prouters;
    scn_tree_t *t = malloc(sizeof *t + n * (sizeof *t->dist + sizeof *t->via + sizeof *t->order));
    if (!t)
        return vs_fail(VS_ENOMEM, "out of memory");
    t->dist = (double *)(t + 1);
    t->via = (uint32_t *)(t->dist + n);
    t->order = t->via + n;
    vs_err_t err = scn_graph_tree(p->g, from, t);
    if (err) {
        free(t);
        return err;
    }
    p->tree[from] = t;
    *out = t;
    return VS_OK;
}

vs_err_t scn_paths_route(scn_paths_t *p, size_t from, size_t to, bool reserved, double *bps,
                         sim_time_t *delay)
{
    const scn_t *scn = p->scn;
    const scn_tree_t *t;
    vs_err_t err = scn_paths_tree(p, from, &t);
    if (err)
        return err;
    if (t->dist[to] == INFINITY)
        return vs_fail(VS_EINFEASIBLE, "%s: no substrate path from '%s' to '%s' for the migration",
                       scn->path, scn->prouters[from].name, scn->prouters[to].name);
    double rate = INFINITY;
    for (size_t v = to; v != from; v = scn_graph_tail(p->g, t->via[v])) {
        const scn_link_t *l = &scn->links[t->via[v] / 2];
        double spare = l->bandwidth_bps - l->load_bps;
        double r = reserved && l->migration_bps > 0 ? l->migration_bps : spare;
        rate = fmin(rate, r);
    }
    if (!(rate > 0))
        return vs_fail(VS_EINFEASIBLE, "%s: the path from '%s' to '%s' has no bandwidth left for migration",
                       scn->path, scn->prouters[from].name, scn->prouters[to].name);
    *bps = rate;
    *delay = (sim_time_t)t->dist[to];
    return VS_OK;
}

sim_time_t scn_paths_delay(scn_paths_t *p, size_t a, size_t b)
{
    const scn_tree_t *t;
    if (a == b)
        return 0;
    if (scn_paths_tree(p, a, &t) != VS_OK || t->dist[b] == INFINITY)
        return SIM_TIME_MAX;
    return (sim_time_t)t->dist[b];
}

vs_err_t scn_path(const scn_t *scn, size_t from, size_t to, bool reserved, double *bps,
                  sim_time_t *delay)
{
    scn_paths_t *p;
    vs_err_t err = scn_paths_create(scn, 0, &p);
    if (!err)
        err = scn_paths_route(p, from, to, reserved, bps, delay);
    scn_paths_destroy(p);
    return err;
}

vs_err_t scn_shortest(const scn_t *scn, size_t from, sim_time_t hop_penalty, sim_time_t *dist,
                      size_t *via)
{
    scn_paths_t *p;
    const scn_tree_t *t;
    vs_err_t err = scn_paths_create(scn, hop_penalty, &p);
    if (!err && !(err = scn_paths_tree(p, from, &t)))
        for (size_t v = 0; v < scn->n_prouters; v++) {
            dist[v] = t->dist[v] == INFINITY ? SIM_TIME_MAX : (sim_time_t)t->dist[v];
            via[v] = t->via[v] == SCN_GRAPH_NONE ? SIZE_MAX : t->via[v] / 2;
        }
    scn_paths_destroy(p);
    return err;
}

sim_time_t scn_delay(const scn_t *scn, size_t a, size_t b)
{
    if (a == b)
        return 0;
    scn_paths_t *p;
    if (scn_paths_create(scn, 0, &p) != VS_OK) {
        vs_errclear();
        return SIM_TIME_MAX;
    }
    sim_time_t d = scn_paths_delay(p, a, b);
    scn_paths_destroy(p);
    return d;
}
