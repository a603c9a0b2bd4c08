#include "sched_topo.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sched_hwpower.h"
#include "sched_inventory.h"
#include "topo.h"
#include "topo_algo.h"

struct sched_topo {
    topo_t *topo;
    topo_routes_t *routes;
    sched_inst_t *inst;
    sched_topo_config_t cfg;
    int n_pops;
    int *pop_transport;   /* per topology POP: transport node of its first topology node */
    int *plane_vlink;     /* per topology link x plane: vlink index or -1 */
    int *vr_of;           /* per POP x plane: VR index */
    int *link_pop;        /* per instance link: POP of an access link, -1 otherwise */
    double *tl_load;      /* per topology link x 2 directions */
    uint32_t *pathbuf;
    uint8_t *dirbuf;
};

void sched_topo_destroy(sched_topo_t *t)
{
    if (!t)
        return;
    topo_routes_destroy(t->routes);
    topo_destroy(t->topo);
    sched_inst_destroy(t->inst);
    free(t->pop_transport);
    free(t->plane_vlink);
    free(t->vr_of);
    free(t->link_pop);
    free(t->tl_load);
    free(t->pathbuf);
    free(t->dirbuf);
    free(t);
}

sched_inst_t *sched_topo_inst(sched_topo_t *t) { return t->inst; }
size_t sched_topo_nodes(const sched_topo_t *t) { return topo_node_count(t->topo); }
const char *sched_topo_node_name(const sched_topo_t *t, size_t i)
{
    return topo_node(t->topo, i)->name;
}
const char *sched_topo_node_pop(const sched_topo_t *t, size_t i)
{
    return topo_pop_name(t->topo, topo_node(t->topo, i)->pop);
}
int sched_topo_link_pop(const sched_topo_t *t, int link) { return t->link_pop[link]; }

/* The routers' power: hwmodel's model (hw_power_coef) over the configured profile, for a
 * router installed with cfg->linecards line cards, every port fitted. */
vs_err_t sched_topo_build(const char *spec, const sched_topo_config_t *cfg, sched_topo_t **out)
{
    vs_err_t err = VS_OK;
    sched_topo_t *t = calloc(1, sizeof *t);
    if (!t)
        return vs_fail(VS_ENOMEM, "out of memory");
    if (cfg->routers_per_pop < 1 || cfg->routers_per_pop > 64)
        return free(t), vs_fail(VS_ERANGE, "routers per POP must be 1..64 (got %d)", cfg->routers_per_pop);
    t->cfg = *cfg;
    VS_TRY(topo_load(spec, &t->topo));
    VS_TRY(topo_routes_create(t->topo, TOPO_METRIC_DELAY, &t->routes));
    VS_TRY(sched_inst_create(&t->inst));
    sched_inst_t *inst = t->inst;
    size_t nn = topo_node_count(t->topo), nl = topo_link_count(t->topo);
    int P = (int)topo_pop_count(t->topo), N = cfg->routers_per_pop;
    t->n_pops = P;
    t->pop_transport = malloc(sizeof(int) * ((size_t)P + 1));
    t->plane_vlink = malloc(sizeof(int) * (nl * (size_t)N + 1));
    t->vr_of = malloc(sizeof(int) * ((size_t)P * N + 1));
    t->tl_load = calloc(2 * nl + 1, sizeof(double));
    t->pathbuf = malloc(sizeof(uint32_t) * (nl + 1));
    t->dirbuf = malloc(nl + 1);
    int *tnode = malloc(sizeof(int) * (nn + 1));
    if (!t->pop_transport || !t->plane_vlink || !t->vr_of || !t->tl_load || !t->pathbuf ||
        !t->dirbuf || !tnode) {
        free(tnode);
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    int plat, reg;
    if ((err = sched_intern_platform(inst, "default", &plat)) ||
        (err = sched_intern_region(inst, "all", &reg))) {
        free(tnode);
        goto out;
    }
    for (int p = 0; p < P; p++) {
        if ((err = sched_inst_add_pop(inst, topo_pop_name(t->topo, (size_t)p), reg, NULL))) {
            free(tnode);
            goto out;
        }
        t->pop_transport[p] = -1;
    }
    for (size_t i = 0; i < nn; i++) {
        const topo_node_t *n = topo_node(t->topo, i);
        char name[256];
        snprintf(name, sizeof name, "%s/transport", n->name);
        sched_node_t x = {.name = name, .pop = (int)n->pop, .router = false};
        if ((err = sched_inst_add_node(inst, &x, &tnode[i]))) {
            free(tnode);
            goto out;
        }
        if (t->pop_transport[n->pop] < 0)
            t->pop_transport[n->pop] = tnode[i];
    }
    for (size_t l = 0; l < nl; l++) {
        const topo_link_t *k = topo_link(t->topo, l);
        char name[512];
        snprintf(name, sizeof name, "%s--%s", topo_node(t->topo, k->a)->name,
                 topo_node(t->topo, k->b)->name);
        sched_link_t x = {.a = tnode[k->a], .b = tnode[k->b], .cap_bps = k->capacity_bps,
                          .lat_ms = k->delay_ns / 1e6, .name = name};
        if ((err = sched_inst_add_link(inst, &x, NULL))) {
            free(tnode);
            goto out;
        }
    }
    free(tnode);
    sched_node_t pw = {0}; /* line cards and power of every router: the configured profile */
    if ((err = sched_router_power(cfg->power_profile, cfg->linecards, &pw)))
        goto out;
    int *router = malloc(sizeof(int) * ((size_t)P * N + 1));
    if (!router) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    for (int p = 0; p < P && !err; p++)
        for (int i = 0; i < N && !err; i++) {
            char name[256];
            snprintf(name, sizeof name, "%s/r%d", topo_pop_name(t->topo, (size_t)p), i);
            sched_node_t x = {.name = name, .pop = p, .router = true, .platform = plat,
                              .acl_capacity = cfg->acl_capacity, .vr_slots = cfg->vr_slots,
                              .cpu = cfg->cpu, .mem_mb = cfg->mem_mb, .linecards = pw.linecards,
                              .ports_per_card = pw.ports_per_card, .chassis_w = pw.chassis_w,
                              .linecard_w = pw.linecard_w, .port_w = pw.port_w,
                              .load_w = pw.load_w, .price = cfg->price};
            if ((err = sched_inst_add_node(inst, &x, &router[p * N + i])))
                break;
            snprintf(name, sizeof name, "%s/r%d--access", topo_pop_name(t->topo, (size_t)p), i);
            sched_link_t l = {.a = router[p * N + i], .b = t->pop_transport[p],
                              .cap_bps = cfg->access_bps, .lat_ms = cfg->access_lat_ms,
                              .name = name};
            err = sched_inst_add_link(inst, &l, NULL);
        }
    /* VRs: one per router; partners 2j / 2j+1. */
    for (int p = 0; p < P && !err; p++)
        for (int i = 0; i < N && !err; i++) {
            char name[256];
            snprintf(name, sizeof name, "%s/vr%d", topo_pop_name(t->topo, (size_t)p), i);
            int partner = -1;
            if (cfg->pairs && !cfg->pop_diverse && (i ^ 1) < N)
                partner = p * N + (i ^ 1);
            sched_vr_t x = {.name = name, .platform = plat, .cpu = cfg->vr_cpu,
                            .mem_mb = cfg->vr_mem_mb, .ports = cfg->vr_customer_ports,
                            .home = router[p * N + i], .partner = partner,
                            .scope = cfg->scope};
            err = sched_inst_add_vr(inst, &x, &t->vr_of[p * N + i]);
        }
    if (!err && cfg->pairs && cfg->pop_diverse) /* partner: same plane, next POP */
        for (int p = 0; p + 1 < P; p += 2)
            for (int i = 0; i < N; i++) {
                inst->vrs[t->vr_of[p * N + i]].partner = t->vr_of[(p + 1) * N + i];
                inst->vrs[t->vr_of[(p + 1) * N + i]].partner = t->vr_of[p * N + i];
                inst->vrs[t->vr_of[p * N + i]].pop_diverse = true;
                inst->vrs[t->vr_of[(p + 1) * N + i]].pop_diverse = true;
            }
    free(router);
    if (err)
        goto out;
    for (size_t l = 0; l < nl; l++) {
        const topo_link_t *k = topo_link(t->topo, l);
        uint32_t pa = topo_node(t->topo, k->a)->pop, pb = topo_node(t->topo, k->b)->pop;
        for (int i = 0; i < N; i++) {
            t->plane_vlink[l * N + i] = -1;
            if (pa == pb)
                continue;
            sched_vlink_t x = {.a = t->vr_of[pa * N + i], .b = t->vr_of[pb * N + i]};
            VS_TRY(sched_inst_add_vlink(inst, &x, &t->plane_vlink[l * N + i]));
            inst->vrs[x.a].ports++;
            inst->vrs[x.b].ports++;
        }
    }
    t->link_pop = malloc(sizeof(int) * ((size_t)inst->n_links + 1));
    if (!t->link_pop) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    for (int l = 0; l < inst->n_links; l++) {
        const sched_link_t *k = &inst->links[l];
        t->link_pop[l] = inst->nodes[k->a].router ? inst->nodes[k->a].pop : -1;
    }
    VS_TRY(sched_inst_finalize(inst));
    if (cfg->inventory[0]) {
        sched_inventory_base_t base = {.power_profile = cfg->power_profile,
                                       .vr_customer_ports = cfg->vr_customer_ports};
        VS_TRY(sched_inventory_apply(cfg->inventory, &base, inst));
    }
    *out = t;
    t = NULL;
out:
    sched_topo_destroy(t);
    return err;
}

vs_err_t sched_topo_set_traffic(sched_topo_t *t, const double *m, size_t n, const long *map,
                                double *unrouted)
{
    sched_inst_t *inst = t->inst;
    size_t nl = topo_link_count(t->topo);
    int N = t->cfg.routers_per_pop;
    memset(t->tl_load, 0, sizeof(double) * 2 * nl);
    double total = 0, lost = 0;
    for (size_t s = 0; s < n; s++)
        for (size_t d = 0; d < n; d++) {
            double v = m[s * n + d];
            if (s == d || v <= 0 || map[s] < 0 || map[d] < 0)
                continue;
            total += v;
            uint32_t a = (uint32_t)map[s], b = (uint32_t)map[d];
            if (topo_node(t->topo, a)->pop == topo_node(t->topo, b)->pop)
                continue;
            size_t len;
            if (!topo_routes_path(t->routes, a, b, t->pathbuf, t->dirbuf, nl, &len)) {
                lost += v;
                continue;
            }
            for (size_t k = 0; k < len; k++)
                t->tl_load[2 * t->pathbuf[k] + t->dirbuf[k]] += v;
        }
    for (size_t l = 0; l < nl; l++)
        for (int i = 0; i < N; i++) {
            int e = t->plane_vlink[l * N + i];
            if (e < 0)
                continue;
            inst->vlinks[e].d_bps[0] = t->tl_load[2 * l] / N;
            inst->vlinks[e].d_bps[1] = t->tl_load[2 * l + 1] / N;
        }
    for (int v = 0; v < inst->n_vrs; v++) {
        double tr = 0;
        for (int k = inst->nadj_off[v]; k < inst->nadj_off[v + 1]; k++) {
            const sched_vlink_t *l = &inst->vlinks[inst->nadj[k]];
            tr += l->d_bps[0] + l->d_bps[1];
        }
        inst->vrs[v].cpu = t->cfg.vr_cpu + t->cfg.vr_cpu_per_gbps * tr / 2 / 1e9;
    }
    if (unrouted)
        *unrouted = total > 0 ? lost / total : 0;
    return VS_OK;
}
