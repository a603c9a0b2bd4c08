#include "bench_fluid.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_clock.h"
#include "bench_data.h"
#include "fluid.h"
#include "topo.h"
#include "topo_algo.h"
#include "trace_gravity.h"

vs_err_t bench_fluid_run(const bench_fluid_config_t *cfg, bench_fluid_result_t *out)
{
    memset(out, 0, sizeof *out);
    char path[4096];
    vs_err_t err = VS_OK;
    if (cfg->topology)
        snprintf(path, sizeof path, "%s", cfg->topology);
    else if ((err = bench_kdl_path(path, sizeof path)))
        return err;
    topo_t *topo = NULL;
    topo_routes_t *routes = NULL;
    trace_tm_t *tm = NULL;
    fluid_t *fl = NULL;
    uint32_t *rep = NULL, *links = NULL;
    uint8_t *dir = NULL;
    const char **names = NULL;
    double *cap = NULL;
    double t0 = bench_wall_s(), c0 = bench_cpu_s();
    if ((err = topo_load(path, &topo)) || (err = topo_routes_create(topo, TOPO_METRIC_WEIGHT, &routes)))
        goto out;
    size_t nn = topo_node_count(topo), nl = topo_link_count(topo), np = topo_pop_count(topo);
    out->nodes = nn;
    out->links = nl;
    out->pops = np;
    /* One router stands for each POP: the first node of it. */
    rep = malloc((np ? np : 1) * sizeof *rep);
    names = malloc((np ? np : 1) * sizeof *names);
    cap = malloc((nl > 0 ? 2 * nl : 1) * sizeof *cap);
    links = malloc((nn + 1) * sizeof *links);
    dir = malloc(nn + 1);
    if (!rep || !names || !cap || !links || !dir) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t p = 0; p < np; p++)
        rep[p] = UINT32_MAX;
    for (size_t i = 0; i < nn; i++) {
        uint32_t p = topo_node(topo, i)->pop;
        if (rep[p] == UINT32_MAX) {
            rep[p] = (uint32_t)i;
            names[p] = topo_node(topo, i)->name;
        }
    }
    double total_cap = 0;
    for (size_t l = 0; l < nl; l++) {
        cap[2 * l] = cap[2 * l + 1] = topo_link(topo, l)->capacity_bps;
        total_cap += 2 * cap[2 * l];
    }
    trace_gravity_config_t g = TRACE_GRAVITY_CONFIG_DEFAULT;
    g.duration_ns = (int64_t)cfg->hours * INT64_C(3600000000000);
    g.mean_total_bps = (cfg->load > 0 ? cfg->load : BENCH_FLUID_LOAD) * total_cap;
    if ((err = trace_gravity(&g, names, np, &tm)) || (err = fluid_create(2 * nl, cap, &fl)))
        goto out;
    /* One flow per ordered pair of POPs, on its shortest path. */
    for (size_t s = 0; s < np && !err; s++)
        for (size_t d = 0; d < np && !err; d++) {
            if (s == d)
                continue;
            size_t n = 0;
            if (!topo_routes_path(routes, rep[s], rep[d], links, dir, nn + 1, &n))
                n = 0; /* unreachable: a flow with no links that the solver skips */
            for (size_t i = 0; i < n; i++)
                links[i] = 2 * links[i] + dir[i];
            out->path_entries += n;
            err = fluid_add_flow(fl, links, n, 0);
        }
    if (err)
        goto out;
    out->flows = fluid_flow_count(fl);
    out->load_seconds = bench_wall_s() - t0;
    double t1 = bench_wall_s();
    out->hours = (int)trace_tm_count(tm);
    out->rate_sum_min_bps = -1;
    for (size_t h = 0; h < trace_tm_count(tm) && !err; h++) {
        const double *m = trace_tm_matrix(tm, h);
        size_t k = 0;
        double dsum = 0;
        for (size_t s = 0; s < np; s++)
            for (size_t d = 0; d < np; d++)
                if (s != d) {
                    fluid_set_demand(fl, k++, m[s * np + d]);
                    dsum += m[s * np + d];
                }
        if ((err = fluid_solve(fl)))
            break;
        double rsum = 0;
        for (size_t i = 0; i < out->flows; i++)
            rsum += fluid_rate(fl, i);
        size_t sat = fluid_saturated_links(fl);
        if (sat > out->saturated_links_max)
            out->saturated_links_max = sat;
        if (out->rate_sum_min_bps < 0 || rsum < out->rate_sum_min_bps)
            out->rate_sum_min_bps = rsum;
        if (rsum > out->rate_sum_max_bps)
            out->rate_sum_max_bps = rsum;
        if (dsum > out->demand_sum_max_bps)
            out->demand_sum_max_bps = dsum;
    }
    out->solve_seconds = bench_wall_s() - t1;
    out->seconds = bench_wall_s() - t0;
    out->cpu_seconds = bench_cpu_s() - c0;
out:
    fluid_destroy(fl);
    trace_tm_destroy(tm);
    topo_routes_destroy(routes);
    topo_destroy(topo);
    free(rep);
    free(names);
    free(cap);
    free(links);
    free(dir);
    return err;
}
