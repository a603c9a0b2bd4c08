#include "topo_scn.h"

#include <stdlib.h>
#include <string.h>

#include "topo.h"
#include "topo_pop.h"

vs_err_t topo_scn_reader(const char *spec, int routers_per_pop, scn_topology_t *out)
{
    topo_t *t = NULL;
    topo_pops_t *pops = NULL;
    *out = (scn_topology_t){0};
    vs_err_t err = topo_load(spec, &t);
    if (err)
        return err;
    topo_pop_config_t cfg = TOPO_POP_CONFIG_DEFAULT;
    cfg.routers_per_pop = (uint32_t)routers_per_pop;
    if ((err = topo_pops_create(t, &cfg, &pops)))
        goto out;
    const topo_t *g = topo_pops_graph(pops);
    size_t n = topo_node_count(g), m = topo_link_count(g);
    out->routers = calloc(n ? n : 1, sizeof *out->routers);
    out->links = calloc(m ? m : 1, sizeof *out->links);
    if (!out->routers || !out->links) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        const topo_node_t *node = topo_node(g, i);
        out->routers[i].name = strdup(node->name);
        out->routers[i].pop = strdup(topo_pop_name(g, node->pop));
        out->n_routers = i + 1;
        if (!out->routers[i].name || !out->routers[i].pop) {
            err = vs_fail(VS_ENOMEM, "out of memory");
            goto out;
        }
    }
    for (size_t k = 0; k < m; k++) {
        const topo_link_t *l = topo_link(g, k);
        out->links[k] = (scn_tlink_t){.a = l->a, .b = l->b, .bandwidth_bps = l->capacity_bps,
                                      .delay = l->delay_ns};
    }
    out->n_links = m;
out:
    if (err)
        scn_topology_free(out);
    topo_pops_destroy(pops);
    topo_destroy(t);
    return err;
}
