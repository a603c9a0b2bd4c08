#include "sched_model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scn_graph.h"
#include "vs_arena.h"
#include "vs_yaml.h"

static const char *const objective_names[SCHED_OBJ_COUNT] = {
    [SCHED_OBJ_MLU] = "mlu",
    [SCHED_OBJ_CPU] = "cpu",
    [SCHED_OBJ_STRETCH] = "stretch",
    [SCHED_OBJ_SURVIVE] = "survivability",
    [SCHED_OBJ_MIGRATIONS] = "migrations",
    [SCHED_OBJ_POWER] = "power",
    [SCHED_OBJ_CPU_TOTAL] = "cpu-total",
};

const char *sched_objective_name(sched_objective_t o)
{
    return (unsigned)o < SCHED_OBJ_COUNT ? objective_names[o] : "?";
}

vs_err_t sched_objective_parse(const char *text, sched_objective_t *out)
{
    for (int i = 0; i < SCHED_OBJ_COUNT; i++)
        if (!strcmp(text, objective_names[i])) {
            *out = (sched_objective_t)i;
            return VS_OK;
        }
    static const char *const allowed[] = {"mlu", "cpu", "stretch", "survivability",
                                          "migrations", "power", NULL};
    const char *near = vs_nearest(text, allowed);
    return vs_fail(VS_EUSAGE,
                   "--objective: unknown objective '%s'%s%s%s (expected mlu, cpu, stretch, "
                   "survivability, migrations or power)",
                   text, near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
}

vs_err_t sched_inst_create(sched_inst_t **out)
{
    sched_inst_t *inst = calloc(1, sizeof *inst);
    if (!inst || !(inst->arena = vs_arena_create(0))) {
        free(inst);
        return vs_fail(VS_ENOMEM, "out of memory");
    }
    inst->headroom = SCHED_DEFAULT_HEADROOM;
    inst->hours = SCHED_DEFAULT_HOURS;
    *out = inst;
    return VS_OK;
}

static void free_derived(sched_inst_t *inst)
{
    if (inst->cand)
        for (int v = 0; v < inst->n_vrs; v++)
            free(inst->cand[v]);
    free(inst->cand);
    free(inst->n_cand);
    inst->cand = NULL;
    inst->n_cand = NULL;
}

void sched_inst_destroy(sched_inst_t *inst)
{
    if (!inst)
        return;
    free_derived(inst);
    free(inst->nadj_off);
    free(inst->nadj);
    free(inst->dist);
    free(inst->next);
    free(inst->nodes);
    free(inst->links);
    free(inst->vrs);
    free(inst->vlinks);
    free(inst->pops);
    vs_arena_destroy(inst->arena);
    free(inst);
}

static vs_err_t intern(sched_inst_t *inst, const char **tab, int *n, int max, const char *name,
                       const char *what, int *out)
{
    for (int i = 0; i < *n; i++)
        if (!strcmp(tab[i], name)) {
            *out = i;
            return VS_OK;
        }
    if (*n >= max)
        return vs_fail(VS_ERANGE, "too many distinct %s (at most %d): '%s'", what, max, name);
    if (!(tab[*n] = vs_arena_strdup(inst->arena, name)))
        return vs_fail(VS_ENOMEM, "out of memory");
    *out = (*n)++;
    return VS_OK;
}

vs_err_t sched_intern_platform(sched_inst_t *inst, const char *name, int *out)
{
    return intern(inst, inst->platforms, &inst->n_platforms, 32, name, "platforms", out);
}

vs_err_t sched_intern_feature(sched_inst_t *inst, const char *name, int *out)
{
    return intern(inst, inst->features, &inst->n_features, 32, name, "features", out);
}

vs_err_t sched_intern_region(sched_inst_t *inst, const char *name, int *out)
{
    return intern(inst, inst->regions, &inst->n_regions, 64, name, "regions", out);
}

/* Appends one element of size sz to a growable array. */
static vs_err_t grow(void **arr, size_t *cap, int n, size_t sz)
{
    if ((size_t)n < *cap)
        return VS_OK;
    size_t nc = *cap ? *cap * 2 : 16;
    void *p = realloc(*arr, nc * sz);
    if (!p)
        return vs_fail(VS_ENOMEM, "out of memory");
    *arr = p;
    *cap = nc;
    return VS_OK;
}

static const char *dupname(sched_inst_t *inst, const char *name)
{
    return vs_arena_strdup(inst->arena, name ? name : "");
}

vs_err_t sched_inst_add_pop(sched_inst_t *inst, const char *name, int region, int *out)
{
    vs_err_t err = grow((void **)&inst->pops, &inst->cap_pops, inst->n_pops, sizeof *inst->pops);
    if (err)
        return err;
    sched_pop_t *p = &inst->pops[inst->n_pops];
    p->region = region;
    if (!(p->name = dupname(inst, name)))
        return vs_fail(VS_ENOMEM, "out of memory");
    if (out)
        *out = inst->n_pops;
    inst->n_pops++;
    return VS_OK;
}

vs_err_t sched_inst_add_node(sched_inst_t *inst, const sched_node_t *x, int *out)
{
    vs_err_t err = grow((void **)&inst->nodes, &inst->cap_nodes, inst->n_nodes, sizeof *inst->nodes);
    if (err)
        return err;
    sched_node_t *p = &inst->nodes[inst->n_nodes];
    *p = *x;
    if (!(p->name = dupname(inst, x->name)))
        return vs_fail(VS_ENOMEM, "out of memory");
    if (out)
        *out = inst->n_nodes;
    inst->n_nodes++;
    return VS_OK;
}

vs_err_t sched_inst_add_link(sched_inst_t *inst, const sched_link_t *x, int *out)
{
    vs_err_t err = grow((void **)&inst->links, &inst->cap_links, inst->n_links, sizeof *inst->links);
    if (err)
        return err;
    sched_link_t *p = &inst->links[inst->n_links];
    *p = *x;
    if (!(p->name = dupname(inst, x->name)))
        return vs_fail(VS_ENOMEM, "out of memory");
    if (out)
        *out = inst->n_links;
    inst->n_links++;
    return VS_OK;
}

vs_err_t sched_inst_add_vr(sched_inst_t *inst, const sched_vr_t *x, int *out)
{
    vs_err_t err = grow((void **)&inst->vrs, &inst->cap_vrs, inst->n_vrs, sizeof *inst->vrs);
    if (err)
        return err;
    sched_vr_t *p = &inst->vrs[inst->n_vrs];
    *p = *x;
    if (!(p->name = dupname(inst, x->name)))
        return vs_fail(VS_ENOMEM, "out of memory");
    if (out)
        *out = inst->n_vrs;
    inst->n_vrs++;
    return VS_OK;
}

vs_err_t sched_inst_add_vlink(sched_inst_t *inst, const sched_vlink_t *x, int *out)
{
    vs_err_t err =
        grow((void **)&inst->vlinks, &inst->cap_vlinks, inst->n_vlinks, sizeof *inst->vlinks);
    if (err)
        return err;
    inst->vlinks[inst->n_vlinks] = *x;
    if (out)
        *out = inst->n_vlinks;
    inst->n_vlinks++;
    return VS_OK;
}

int sched_node_find(const sched_inst_t *inst, const char *name)
{
    for (int i = 0; i < inst->n_nodes; i++)
        if (!strcmp(inst->nodes[i].name, name))
            return i;
    return -1;
}

int sched_pop_find(const sched_inst_t *inst, const char *name)
{
    for (int i = 0; i < inst->n_pops; i++)
        if (!strcmp(inst->pops[i].name, name))
            return i;
    return -1;
}

int sched_vr_find(const sched_inst_t *inst, const char *name)
{
    for (int i = 0; i < inst->n_vrs; i++)
        if (!strcmp(inst->vrs[i].name, name))
            return i;
    return -1;
}

/* ---- shortest paths ----------------------------------------------------------------------
 * The project's one shortest-path service (models/scenario/scn_graph.h) from every node, by
 * latency: ties break the same way on every machine and as everywhere else in the project.
 * The local search needs the first hop of every pair in one flat table it can walk without
 * allocating, so the table is built here. O(N (E + N) log E). */

static vs_err_t latency_graph(const sched_inst_t *inst, scn_graph_t **out)
{
    scn_edge_t *e = malloc((size_t)(inst->n_links + 1) * sizeof *e);
    if (!e)
        return vs_fail(VS_ENOMEM, "out of memory");
    for (int l = 0; l < inst->n_links; l++)
        e[l] = (scn_edge_t){.a = (size_t)inst->links[l].a, .b = (size_t)inst->links[l].b,
                            .weight = inst->links[l].lat_ms};
    vs_err_t err = scn_graph_create((size_t)inst->n_nodes, e, (size_t)inst->n_links, out);
    free(e);
    return err;
}

static vs_err_t all_pairs(sched_inst_t *inst)
{
    size_t n = (size_t)inst->n_nodes, nn = n * n;
    scn_graph_t *g = NULL;
    scn_tree_t t = {0};
    uint32_t *first = malloc((n + 1) * sizeof *first);
    free(inst->dist);
    free(inst->next);
    inst->dist = malloc((nn + 1) * sizeof *inst->dist);
    inst->next = malloc((nn + 1) * sizeof *inst->next);
    t.dist = malloc((n + 1) * sizeof *t.dist);
    t.via = malloc((n + 1) * sizeof *t.via);
    t.order = malloc((n + 1) * sizeof *t.order);
    vs_err_t err = VS_OK;
    if (!inst->dist || !inst->next || !first || !t.dist || !t.via || !t.order) {
        err = vs_fail(VS_ENOMEM, "out of memory (shortest paths for %zu nodes)", n);
        goto out;
    }
    if ((err = latency_graph(inst, &g)))
        goto out;
    /* Transport nodes forward; routers forward too (a router-level topology). */
    for (size_t s = 0; s < n; s++) {
        if ((err = scn_graph_tree(g, s, &t)))
            goto out;
        scn_graph_first_arcs(g, &t, first); /* directed link ids 2l+dir, as next[] holds them */
        for (size_t v = 0; v < n; v++) {
            inst->dist[s * n + v] = (float)t.dist[v];
            inst->next[s * n + v] = first[v] == SCN_GRAPH_NONE ? -1 : (int32_t)first[v];
        }
    }
out:
    scn_graph_destroy(g);
    free(first);
    free(t.dist);
    free(t.via);
    free(t.order);
    return err;
}

const char *sched_ineligible(const sched_inst_t *inst, int v, int p, char *buf, size_t len)
{
    const sched_vr_t *x = &inst->vrs[v];
    const sched_node_t *r = &inst->nodes[p];
    if (!r->router)
        snprintf(buf, len, "'%s' is a transport node", r->name);
    else if (r->drained)
        snprintf(buf, len, "'%s' is being drained", r->name);
    else if (r->platform != x->platform)
        snprintf(buf, len, "platform '%s' of '%s' differs from the VR's '%s'",
                 inst->platforms[r->platform], r->name, inst->platforms[x->platform]);
    else if ((x->features & ~r->features) != 0) {
        int f = __builtin_ctz(x->features & ~r->features);
        snprintf(buf, len, "'%s' lacks feature '%s'", r->name, inst->features[f]);
    } else if (x->acl_need > r->acl_capacity)
        snprintf(buf, len, "'%s' supports %d ACLs, the VR needs %d", r->name, r->acl_capacity,
                 x->acl_need);
    else if (x->scope == SCHED_SCOPE_POP && r->pop != inst->nodes[x->home].pop)
        snprintf(buf, len, "'%s' is outside the VR's POP (scope pop)", r->name);
    else if (x->scope == SCHED_SCOPE_REGION &&
             (r->pop < 0 || inst->nodes[x->home].pop < 0 ||
              inst->pops[r->pop].region != inst->pops[inst->nodes[x->home].pop].region))
        snprintf(buf, len, "'%s' is outside the VR's region (scope region)", r->name);
    else if (x->cpu > r->cpu)
        snprintf(buf, len, "'%s' has %.3g cores, the VR alone needs %.3g", r->name, r->cpu, x->cpu);
    else if (x->mem_mb > r->mem_mb)
        snprintf(buf, len, "'%s' has %.0f MB, the VR alone needs %.0f MB", r->name, r->mem_mb,
                 x->mem_mb);
    else if (x->ports > r->linecards * r->ports_per_card)
        snprintf(buf, len, "'%s' has %d ports, the VR alone needs %d", r->name,
                 r->linecards * r->ports_per_card, x->ports);
    else if (r->vr_slots < 1)
        snprintf(buf, len, "'%s' has no VR slot", r->name);
    else
        return NULL;
    return buf;
}

vs_err_t sched_inst_refresh(sched_inst_t *inst)
{
    free_derived(inst);
    int nv = inst->n_vrs;
    inst->cand = calloc((size_t)nv + 1, sizeof *inst->cand);
    inst->n_cand = calloc((size_t)nv + 1, sizeof *inst->n_cand);
    if (!inst->cand || !inst->n_cand)
        return vs_fail(VS_ENOMEM, "out of memory");
    char buf[256];
    for (int v = 0; v < nv; v++) {
        const sched_vr_t *x = &inst->vrs[v];
        if (!x->movable) {
            if (!(inst->cand[v] = malloc(sizeof(int))))
                return vs_fail(VS_ENOMEM, "out of memory");
            inst->cand[v][0] = x->home;
            inst->n_cand[v] = 1;
            continue;
        }
        int k = 0;
        if (!(inst->cand[v] = malloc((size_t)inst->n_nodes * sizeof(int) + 1)))
            return vs_fail(VS_ENOMEM, "out of memory");
        for (int p = 0; p < inst->n_nodes; p++)
            if (!sched_ineligible(inst, v, p, buf, sizeof buf))
                inst->cand[v][k++] = p;
        inst->n_cand[v] = k;
    }
    for (int e = 0; e < inst->n_vlinks; e++) {
        sched_vlink_t *l = &inst->vlinks[e];
        l->base_lat_ms = sched_dist(inst, inst->vrs[l->a].home, inst->vrs[l->b].home);
        if (inst->stretch_factor > 0)
            l->max_lat_ms = inst->stretch_factor * l->base_lat_ms + inst->stretch_slack_ms;
    }
    return VS_OK;
}

vs_err_t sched_inst_finalize(sched_inst_t *inst)
{
    int n = inst->n_nodes;
    for (int l = 0; l < inst->n_links; l++) {
        const sched_link_t *k = &inst->links[l];
        if (k->a < 0 || k->a >= n || k->b < 0 || k->b >= n || k->a == k->b)
            return vs_fail(VS_EINVAL, "link %d ('%s'): bad endpoints %d-%d", l, k->name, k->a, k->b);
        if (!(k->cap_bps > 0) || !(k->lat_ms >= 0))
            return vs_fail(VS_EINVAL, "link '%s': capacity must be > 0 and latency >= 0", k->name);
    }
    for (int v = 0; v < inst->n_vrs; v++) {
        const sched_vr_t *x = &inst->vrs[v];
        if (x->home < 0 || x->home >= n || !inst->nodes[x->home].router)
            return vs_fail(VS_EINVAL, "VR '%s': home is not a physical router", x->name);
        if (x->partner >= inst->n_vrs || x->partner == v ||
            (x->partner >= 0 && inst->vrs[x->partner].partner != v))
            return vs_fail(VS_EINVAL, "VR '%s': redundancy partner must be another VR naming it back",
                           x->name);
    }
    for (int e = 0; e < inst->n_vlinks; e++) {
        const sched_vlink_t *l = &inst->vlinks[e];
        if (l->a < 0 || l->a >= inst->n_vrs || l->b < 0 || l->b >= inst->n_vrs || l->a == l->b)
            return vs_fail(VS_EINVAL, "virtual link %d: bad endpoints", e);
    }
    vs_err_t err = all_pairs(inst);
    if (err)
        return err;
    /* vlink adjacency of each VR (CSR) */
    free(inst->nadj_off);
    free(inst->nadj);
    inst->nadj_off = calloc((size_t)inst->n_vrs + 1, sizeof(int));
    inst->nadj = malloc((size_t)(2 * inst->n_vlinks + 1) * sizeof(int));
    int *fill = calloc((size_t)inst->n_vrs + 1, sizeof(int));
    if (!inst->nadj_off || !inst->nadj || !fill) {
        free(fill);
        return vs_fail(VS_ENOMEM, "out of memory");
    }
    for (int e = 0; e < inst->n_vlinks; e++) {
        inst->nadj_off[inst->vlinks[e].a + 1]++;
        inst->nadj_off[inst->vlinks[e].b + 1]++;
    }
    for (int v = 0; v < inst->n_vrs; v++)
        inst->nadj_off[v + 1] += inst->nadj_off[v];
    for (int e = 0; e < inst->n_vlinks; e++) {
        int a = inst->vlinks[e].a, b = inst->vlinks[e].b;
        inst->nadj[inst->nadj_off[a] + fill[a]++] = e;
        inst->nadj[inst->nadj_off[b] + fill[b]++] = e;
    }
    free(fill);
    return sched_inst_refresh(inst);
}
