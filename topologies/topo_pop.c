#include "topo_pop.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "topo_internal.h"
#include "vs_limits.h"

struct topo_pops {
    topo_t *g;
    char *model;
    uint32_t *members; /* routers grouped by POP */
    size_t *start;     /* POP p's routers are members[start[p] .. start[p+1]) */
    size_t n_pops, spares, intra;
};

void topo_pops_destroy(topo_pops_t *p)
{
    if (!p)
        return;
    topo_destroy(p->g);
    free(p->model);
    free(p->members);
    free(p->start);
    free(p);
}

const topo_t *topo_pops_graph(const topo_pops_t *p) { return p->g; }
size_t topo_pops_count(const topo_pops_t *p) { return p->n_pops; }
const char *topo_pops_model(const topo_pops_t *p) { return p->model; }
size_t topo_pops_spares(const topo_pops_t *p) { return p->spares; }
size_t topo_pops_intra_links(const topo_pops_t *p) { return p->intra; }

size_t topo_pops_routers(const topo_pops_t *p, size_t pop, const uint32_t **routers)
{
    *routers = p->members + p->start[pop];
    return p->start[pop + 1] - p->start[pop];
}

bool topo_pops_is_intra(const topo_pops_t *p, size_t link)
{
    const topo_link_t *l = topo_link(p->g, link);
    return topo_node(p->g, l->a)->pop == topo_node(p->g, l->b)->pop;
}

/* The links between nodes of one POP, as sorted keys (smaller index << 32 | larger), so that
 * meshing a POP asks "already linked?" in O(log links) rather than by a scan. */
static int cmp_u64(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
    return (a > b) - (a < b);
}

static uint64_t pair_key(uint32_t a, uint32_t b)
{
    return a < b ? (uint64_t)a << 32 | b : (uint64_t)b << 32 | a;
}

static vs_err_t intra_links(const topo_t *g, uint64_t **out, size_t *n)
{
    size_t m = topo_link_count(g);
    *n = 0;
    if (!(*out = malloc((m ? m : 1) * sizeof **out)))
        return vs_fail(VS_ENOMEM, "out of memory");
    for (size_t k = 0; k < m; k++) {
        const topo_link_t *l = topo_link(g, k);
        if (topo_node(g, l->a)->pop == topo_node(g, l->b)->pop)
            (*out)[(*n)++] = pair_key(l->a, l->b);
    }
    qsort(*out, *n, sizeof **out, cmp_u64);
    return VS_OK;
}

/* A POP's routers are meshed: k routers, k(k-1)/2 links. A file that puts very many routers
 * in one POP (names that differ only by trailing digits, for Rocketfuel) would ask for
 * billions; refused before a link is made (docs/limits.md). */
static const vs_limit_t mesh_limit = {.env = "VROOMSIM_MAX_POP_LINKS",
                                      .what = "the intra-POP mesh", .def = 1000000,
                                      .unit = "links"};

vs_err_t topo_pops_create(const topo_t *t, const topo_pop_config_t *cfg, topo_pops_t **out)
{
    vs_err_t err = VS_OK;
    *out = NULL;
    if (cfg->routers_per_pop < 1 || cfg->routers_per_pop > 64)
        return vs_fail(VS_ERANGE, "routers per POP %u: expected 1 to 64", cfg->routers_per_pop);
    if (!(cfg->intra_capacity_bps > 0) || cfg->intra_delay_ns < 0)
        return vs_fail(VS_ERANGE, "intra-POP links need capacity > 0 and delay >= 0");
    topo_pops_t *p = calloc(1, sizeof *p);
    if (!p)
        return vs_fail(VS_ENOMEM, "out of memory");
    p->model = strdup(cfg->router_model ? cfg->router_model : "default");
    p->g = topo_create(topo_name(t), topo_format(t));
    p->n_pops = topo_pop_count(t);
    if (!p->model || !p->g) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    size_t n = topo_node_count(t);
    for (size_t i = 0; i < n; i++) {
        const topo_node_t *nd = topo_node(t, i);
        double c[2] = {nd->lat, nd->lon};
        uint32_t idx;
        VS_TRY(topo_add_node(p->g, nd->name, nd->has_coords ? c : NULL, &idx));
    }
    /* Same POP grouping: join each node to the first node of its POP. */
    uint32_t *first = malloc((p->n_pops ? p->n_pops : 1) * sizeof *first);
    size_t *count = calloc(p->n_pops + 1, sizeof *count);
    uint32_t *to = malloc((n ? n : 1) * sizeof *to);
    if (!first || !count || !to) {
        free(first);
        free(count);
        free(to);
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t q = 0; q < p->n_pops; q++)
        first[q] = UINT32_MAX;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t q = topo_node(t, i)->pop;
        if (first[q] == UINT32_MAX)
            first[q] = i;
        to[i] = first[q] == i ? UINT32_MAX : first[q];
        count[q]++;
    }
    err = topo_share_pops(p->g, to); /* O(nodes), where one call per node was O(n^2) */
    free(to);
    /* POP numbering in p->g follows first appearance, as in t (both number POPs by their
     * first node's order), so POP q of t is POP q of p->g. */
    for (size_t q = 0; q < p->n_pops && !err; q++)
        err = topo__set_pop_name(p->g, topo_node(p->g, first[q])->pop, topo_pop_name(t, q));
    for (size_t k = 0; k < topo_link_count(t) && !err; k++)
        err = topo_add_link(p->g, topo_link(t, k), NULL);
    for (size_t q = 0; q < p->n_pops && !err; q++) {
        for (size_t s = count[q] + 1; s <= cfg->routers_per_pop && !err; s++) {
            char name[600];
            snprintf(name, sizeof name, "%s/spare%zu", topo_pop_name(t, q), s - count[q]);
            uint32_t idx;
            const topo_node_t *f = topo_node(t, first[q]);
            double c[2] = {f->lat, f->lon};
            err = topo_add_node(p->g, name, f->has_coords ? c : NULL, &idx);
            if (!err)
                err = topo_share_pop(p->g, idx, first[q]);
            p->spares++;
        }
    }
    free(first);
    free(count);
    if (err)
        goto out;
    /* Group routers by POP (counting sort), then mesh each POP. */
    size_t nr = topo_node_count(p->g);
    p->members = malloc((nr ? nr : 1) * sizeof *p->members);
    p->start = calloc(p->n_pops + 1, sizeof *p->start);
    if (!p->members || !p->start) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < nr; i++)
        p->start[topo_node(p->g, i)->pop + 1]++;
    for (size_t q = 0; q < p->n_pops; q++)
        p->start[q + 1] += p->start[q];
    {
        size_t *fill = calloc(p->n_pops + 1, sizeof *fill);
        if (!fill) {
            err = vs_fail(VS_ENOMEM, "out of memory");
            goto out;
        }
        for (size_t i = 0; i < nr; i++) {
            uint32_t q = topo_node(p->g, i)->pop;
            p->members[p->start[q] + fill[q]++] = (uint32_t)i;
        }
        free(fill);
    }
    double pairs = 0;
    size_t widest = 0;
    for (size_t q = 0; q < p->n_pops; q++) {
        double k = (double)(p->start[q + 1] - p->start[q]);
        pairs += k * (k - 1) / 2;
        if (p->start[q + 1] - p->start[q] > p->start[widest + 1] - p->start[widest])
            widest = q;
    }
    char who[400];
    snprintf(who, sizeof who, "%s (POP '%s': %zu routers)", topo_name(t), topo_pop_name(t, widest),
             p->start[widest + 1] - p->start[widest]);
    uint64_t *have = NULL;
    size_t n_have = 0;
    VS_TRY(vs_limit_check(&mesh_limit, who, pairs > 9e18 ? INT64_MAX : (int64_t)pairs));
    VS_TRY(intra_links(p->g, &have, &n_have));
    for (size_t q = 0; q < p->n_pops && !err; q++)
        for (size_t i = p->start[q]; i < p->start[q + 1] && !err; i++)
            for (size_t j = i + 1; j < p->start[q + 1] && !err; j++) {
                uint32_t a = p->members[i], b = p->members[j];
                uint64_t key = pair_key(a, b);
                if (bsearch(&key, have, n_have, sizeof key, cmp_u64))
                    continue;
                topo_link_t l = {.a = a, .b = b, .capacity_bps = cfg->intra_capacity_bps,
                                 .delay_ns = cfg->intra_delay_ns, .weight = {1, 1},
                                 .capacity_source = TOPO_SRC_DEFAULT,
                                 .delay_source = TOPO_SRC_DEFAULT,
                                 .weight_source = TOPO_SRC_DEFAULT};
                err = topo_add_link(p->g, &l, NULL);
            }
    free(have);
    if (err)
        goto out;
    for (size_t k = 0; k < topo_link_count(p->g); k++)
        p->intra += topo_pops_is_intra(p, k);
    *out = p;
    p = NULL;
out:
    topo_pops_destroy(p);
    return err;
}
