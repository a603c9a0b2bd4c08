#include "sched_gen.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "sched_eval.h"
#include "sim_rng.h"

/* Fibre latency: 5 us per km (signal at about 2/3 c; the topologies module states the exact
 * figure it uses). Synthetic instances only need a plausible scale. */
#define GEN_MS_PER_KM 0.005

vs_err_t sched_gen(const sched_gen_config_t *cfg, sched_inst_t **out)
{
    vs_err_t err = VS_OK;
    sched_inst_t *inst = NULL;
    double *px = NULL, *py = NULL;
    int *tnode = NULL, *rnode = NULL, *vr_count = NULL;
    double *cpu_used = NULL;
    int R = cfg->routers, V = cfg->vrs;
    int P = cfg->pops > 0 ? cfg->pops : (R / 10 > 4 ? R / 10 : (R / 2 < 4 ? (R / 2 > 2 ? R / 2 : 2) : 4));
    if (R < 2 || V < 1 || P < 2 || P > R)
        return vs_fail(VS_ERANGE, "instance generator: need at least 2 routers, 1 VR and 2 POPs "
                                  "with POPs <= routers (got %d routers, %d VRs, %d POPs)",
                       R, V, P);
    const int slots = 16;
    if (V > R * slots / 2)
        return vs_fail(VS_ERANGE, "instance generator: %d VRs do not fit %d routers at half of "
                                  "their %d slots",
                       V, R, slots);
    sim_rng_t rng;
    sim_rng_init_named(&rng, cfg->seed, "sched-gen");
    VS_TRY(sched_inst_create(&inst));
    px = malloc(sizeof(double) * (size_t)P);
    py = malloc(sizeof(double) * (size_t)P);
    tnode = malloc(sizeof(int) * (size_t)P);
    rnode = malloc(sizeof(int) * (size_t)R);
    vr_count = calloc((size_t)R, sizeof(int));
    cpu_used = calloc((size_t)R, sizeof(double));
    if (!px || !py || !tnode || !rnode || !vr_count || !cpu_used) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    int plat[2], feat[3], reg[2];
    VS_TRY(sched_intern_platform(inst, "ios-xr", &plat[0]));
    VS_TRY(sched_intern_platform(inst, "junos", &plat[1]));
    VS_TRY(sched_intern_feature(inst, "mpls", &feat[0]));
    VS_TRY(sched_intern_feature(inst, "ipv6", &feat[1]));
    VS_TRY(sched_intern_feature(inst, "netflow", &feat[2]));
    VS_TRY(sched_intern_region(inst, "west", &reg[0]));
    VS_TRY(sched_intern_region(inst, "east", &reg[1]));
    char name[64];
    for (int p = 0; p < P; p++) {
        px[p] = sim_rng_uniform(&rng, 0, 4000);
        py[p] = sim_rng_uniform(&rng, 0, 2000);
        snprintf(name, sizeof name, "pop%d", p);
        VS_TRY(sched_inst_add_pop(inst, name, px[p] < 2000 ? reg[0] : reg[1], NULL));
        snprintf(name, sizeof name, "pop%d-transport", p);
        sched_node_t t = {.name = name, .pop = p, .router = false};
        VS_TRY(sched_inst_add_node(inst, &t, &tnode[p]));
    }
    /* Inter-POP: a ring in angular order around the centre plus each POP's nearest chord. */
    int *order = malloc(sizeof(int) * (size_t)P);
    double *ang = malloc(sizeof(double) * (size_t)P);
    if (!order || !ang) {
        free(order);
        free(ang);
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    for (int p = 0; p < P; p++) {
        order[p] = p;
        ang[p] = atan2(py[p] - 1000, px[p] - 2000);
    }
    for (int i = 1; i < P; i++) /* insertion sort by angle, deterministic */
        for (int j = i; j > 0 && ang[order[j]] < ang[order[j - 1]]; j--) {
            int t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    int nlinks_pop = 0;
    for (int i = 0; i < P && !err; i++) {
        int a = order[i], b = order[(i + 1) % P];
        if (P == 2 && i == 1)
            break;
        double km = hypot(px[a] - px[b], py[a] - py[b]);
        snprintf(name, sizeof name, "pop%d-pop%d", a < b ? a : b, a < b ? b : a);
        sched_link_t l = {.a = tnode[a], .b = tnode[b], .cap_bps = 100e9,
                          .lat_ms = km * GEN_MS_PER_KM + 0.01, .name = name};
        err = sched_inst_add_link(inst, &l, NULL);
        nlinks_pop++;
    }
    for (int a = 0; a < P && !err && P > 3; a++) {
        int best = -1;
        double bd = INFINITY;
        for (int b = 0; b < P; b++) {
            if (b == a)
                continue;
            int ia = 0, ib = 0;
            for (int i = 0; i < P; i++) {
                if (order[i] == a) ia = i;
                if (order[i] == b) ib = i;
            }
            int gap = abs(ia - ib);
            if (gap == 1 || gap == P - 1)
                continue; /* already ring neighbours */
            double d = hypot(px[a] - px[b], py[a] - py[b]);
            if (d < bd) {
                bd = d;
                best = b;
            }
        }
        if (best > a || (best >= 0 && best < a && (a % 2 == 0))) {
            snprintf(name, sizeof name, "pop%d-pop%d-chord", a < best ? a : best, a < best ? best : a);
            sched_link_t l = {.a = tnode[a], .b = tnode[best], .cap_bps = 100e9,
                              .lat_ms = bd * GEN_MS_PER_KM + 0.01, .name = name};
            err = sched_inst_add_link(inst, &l, NULL);
        }
    }
    free(order);
    free(ang);
    if (err)
        goto out;
    /* Routers: round-robin over POPs. Power figures: see docs/scheduler.md (generator). */
    for (int r = 0; r < R; r++) {
        int p = r % P;
        snprintf(name, sizeof name, "pop%d-r%d", p, r / P);
        double u = sim_rng_uniform01(&rng);
        sched_node_t n = {
            .name = name,
            .pop = p,
            .router = true,
            .platform = u < 0.8 ? plat[0] : plat[1], /* one or two vendors: seed 001 Section 7 */
            .features = (1u << feat[0]) | (sim_rng_uniform01(&rng) < 0.7 ? 1u << feat[1] : 0) |
                        (sim_rng_uniform01(&rng) < 0.5 ? 1u << feat[2] : 0),
            .acl_capacity = sim_rng_uniform01(&rng) < 0.5 ? 2000 : 4000,
            .vr_slots = slots,
            .cpu = 16,
            .mem_mb = 32000,
            .linecards = 4,
            .ports_per_card = 8,
            /* Coefficients of hwmodel's power model (hw_power_coef_t: idle draws, load span)
             * set directly: synthetic like the rest of a benchmark instance, where only their
             * shape matters; studies read them from a profile (sched_topo). */
            .chassis_w = 1000,
            .linecard_w = 150,
            .port_w = 5,
            .load_w = 150,
            .price = 0.10 + 0.05 * (p % 3),
        };
        VS_TRY(sched_inst_add_node(inst, &n, &rnode[r]));
        snprintf(name, sizeof name, "pop%d-r%d-access", p, r / P);
        sched_link_t l = {.a = rnode[r], .b = tnode[p], .cap_bps = 40e9, .lat_ms = 0.01,
                          .name = name};
        VS_TRY(sched_inst_add_link(inst, &l, NULL));
    }
    /* VRs: homes spread so each router carries about cfg->load of its CPU. */
    double load = cfg->load > 0 && cfg->load < 1 ? cfg->load : SCHED_GEN_DEFAULT_LOAD;
    double mean_cpu = load * 16.0 * R / V;
    if (mean_cpu > 8)
        mean_cpu = 8;
    for (int v = 0; v < V; v++) {
        /* Pair i = v/2: primary on router i mod R, backup P routers further on (the same
         * POP when there are at least two routers per POP). */
        int i = v / 2, r = i % R;
        if (v % 2 == 1) {
            r = (i + P) % R;
            if (r == i % R)
                r = (i + 1) % R;
        }
        vr_count[r]++;
        const sched_node_t *h = &inst->nodes[rnode[r]];
        snprintf(name, sizeof name, "vr%d", v);
        double c = mean_cpu * sim_rng_uniform(&rng, 0.5, 1.5);
        sched_vr_t x = {
            .name = name,
            .platform = h->platform,
            .features = h->features & ((1u << feat[0]) | (sim_rng_uniform01(&rng) < 0.5 ? 1u << feat[1] : 0)),
            .acl_need = (int)sim_rng_uniform(&rng, 100, 1500),
            .cpu = c,
            .mem_mb = 1000 + 3000 * sim_rng_uniform01(&rng),
            .ports = 2 + (int)sim_rng_below(&rng, 4),
            .home = rnode[r],
            .partner = -1,
            .scope = SCHED_SCOPE_ANY,
        };
        if (v % 2 == 1 && inst->nodes[inst->vrs[v - 1].home].platform == h->platform) {
            x.partner = v - 1;
            x.pop_diverse = false;
        }
        int idx;
        VS_TRY(sched_inst_add_vr(inst, &x, &idx));
        if (x.partner >= 0)
            inst->vrs[v - 1].partner = v;
        cpu_used[r] += c;
    }
    if (cfg->even_cpu) /* after every draw, so that the instance is otherwise the same */
        for (int v = 0; v < V; v++) {
            int r = 0;
            while (rnode[r] != inst->vrs[v].home)
                r++;
            inst->vrs[v].cpu *= load * 16.0 / cpu_used[r];
        }
    /* Virtual links: each VR to a VR in another POP and to a random one. */
    for (int v = 0; v < V && V > 2; v++) {
        for (int k = 0; k < 2; k++) {
            int w = (int)sim_rng_below(&rng, (uint64_t)V);
            if (w == v || (k == 0 && inst->nodes[inst->vrs[w].home].pop ==
                                          inst->nodes[inst->vrs[v].home].pop))
                w = (w + 1) % V;
            if (w == v)
                continue;
            sched_vlink_t l = {.a = v, .b = w};
            l.d_bps[0] = sim_rng_uniform(&rng, 0.2e9, 2e9);
            l.d_bps[1] = sim_rng_uniform(&rng, 0.2e9, 2e9);
            VS_TRY(sched_inst_add_vlink(inst, &l, NULL));
        }
    }
    VS_TRY(sched_inst_finalize(inst));
    {
        /* Dimension the links the way ISPs leave head room (seed 001 Section 7): at the home
         * placement no link is above half its capacity (capacities in 100 Gbps steps for
         * inter-POP links, 40 Gbps for access links). */
        int *home = malloc(sizeof(int) * ((size_t)V + 1));
        sched_state_t *s = NULL;
        if (!home) {
            err = vs_fail(VS_ENOMEM, "out of memory");
            goto out;
        }
        for (int v = 0; v < V; v++)
            home[v] = inst->vrs[v].home;
        err = sched_state_create(inst, SCHED_OBJ_MLU, home, &s);
        free(home);
        if (err)
            goto out;
        for (int l = 0; l < inst->n_links; l++) {
            sched_link_t *k = &inst->links[l];
            double lo = fmax(sched_state_load(s, 2 * l), sched_state_load(s, 2 * l + 1));
            double step = inst->nodes[k->a].router ? 40e9 : 100e9;
            double need = ceil(lo / 0.5 / step) * step;
            if (cfg->tight_links && lo > 0)
                k->cap_bps = lo / 0.5;
            else if (need > k->cap_bps)
                k->cap_bps = need;
        }
        sched_state_destroy(s);
    }
    *out = inst;
    inst = NULL;
out:
    sched_inst_destroy(inst);
    free(px);
    free(py);
    free(tnode);
    free(rnode);
    free(vr_count);
    free(cpu_used);
    return err;
}
