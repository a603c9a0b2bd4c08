#include "scn_path.h"

#include <math.h>
#include <stdlib.h>

/* Dijkstra with an O(V^2) scan: scenario substrates are small (tens to a few hundred
 * routers) and every caller wants all distances anyway. */
vs_err_t scn_shortest(const scn_t *scn, size_t from, sim_time_t hop_penalty, sim_time_t *dist,
                      size_t *via)
{
    size_t n = scn->n_prouters;
    bool *done = calloc(n ? n : 1, sizeof *done);
    if (!done)
        return vs_fail(VS_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        dist[i] = SIM_TIME_MAX;
        via[i] = SIZE_MAX;
    }
    dist[from] = 0;
    for (;;) {
        size_t u = SIZE_MAX;
        for (size_t i = 0; i < n; i++)
            if (!done[i] && dist[i] != SIM_TIME_MAX && (u == SIZE_MAX || dist[i] < dist[u]))
                u = i;
        if (u == SIZE_MAX)
            break;
        done[u] = true;
        for (size_t k = 0; k < scn->n_links; k++) {
            const scn_link_t *l = &scn->links[k];
            size_t v = l->a == u ? l->b : l->b == u ? l->a : SIZE_MAX;
            if (v == SIZE_MAX || done[v])
                continue;
            sim_time_t d = dist[u] + l->delay + hop_penalty;
            if (d < dist[v]) {
                dist[v] = d;
                via[v] = k;
            }
        }
    }
    free(done);
    return VS_OK;
}

vs_err_t scn_path(const scn_t *scn, size_t from, size_t to, bool reserved, double *bps,
                  sim_time_t *delay)
{
    size_t n = scn->n_prouters;
    sim_time_t *dist = malloc(n * sizeof *dist);
    size_t *via = malloc(n * sizeof *via);
    vs_err_t err = VS_OK;
    if (!dist || !via) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    if ((err = scn_shortest(scn, from, 0, dist, via)))
        goto out;
    if (dist[to] == SIM_TIME_MAX) {
        err = vs_fail(VS_EINFEASIBLE, "%s: no substrate path from '%s' to '%s' for the migration",
                      scn->path, scn->prouters[from].name, scn->prouters[to].name);
        goto out;
    }
    double rate = INFINITY;
    for (size_t v = to; v != from;) {
        const scn_link_t *l = &scn->links[via[v]];
        double spare = l->bandwidth_bps - l->load_bps;
        double r = reserved && l->migration_bps > 0 ? l->migration_bps : spare;
        rate = fmin(rate, r);
        v = l->a == v ? l->b : l->a;
    }
    if (!(rate > 0)) {
        err = vs_fail(VS_EINFEASIBLE, "%s: the path from '%s' to '%s' has no bandwidth left for migration",
                      scn->path, scn->prouters[from].name, scn->prouters[to].name);
        goto out;
    }
    *bps = rate;
    *delay = dist[to];
out:
    free(dist);
    free(via);
    return err;
}

/* One-way delay between two physical routers along the lowest-delay path; SIM_TIME_MAX when
 * they are not connected. */
sim_time_t scn_delay(const scn_t *scn, size_t a, size_t b)
{
    if (a == b)
        return 0;
    sim_time_t *dist = malloc(scn->n_prouters * sizeof *dist);
    size_t *via = malloc(scn->n_prouters * sizeof *via);
    sim_time_t d = SIM_TIME_MAX;
    if (dist && via && scn_shortest(scn, a, 0, dist, via) == VS_OK)
        d = dist[b];
    free(dist);
    free(via);
    return d;
}
