#include "sched_n1.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "scn_graph.h"
#include "vs_out.h"

/* Loads within this relative margin of a ceiling are under it (sums in another order). */
#define N1_EPS 1e-9

/* Everything one placement's checks share: the paths and loads before any failure, and
 * scratch reused by every failure. Each array is owned here. */
typedef struct {
    const sched_inst_t *inst;
    const int *host;
    int wave;
    sched_n1_report_t *rep;
    double *base, *load;       /* 2 per link: bits/s before the failure / during it */
    int *link_off, *link_vl;   /* CSR: the virtual links whose path uses each link */
    int *node_off, *node_vl;   /* CSR: the virtual links whose path visits each node */
    int *comp0;                /* per VR: its part of the network before any failure */
    int *uf, *cnt, *best;      /* union-find over VRs, part sizes, largest part per comp0 */
    unsigned *seen, *cut, gen; /* per vlink: the last failure that moved / cut it */
    int64_t *todo;             /* to re-route in the current failure: source host << 32 | vlink */
    int n_todo;
    scn_edge_t *edges;
    scn_tree_t t;
    int *degree;               /* per node: its links */
    int down_node;             /* the router down in the current failure; -1 none */
    sched_n1_violation_t cur;  /* the current failure's findings */
    int cap_broken;
} n1_t;

vs_err_t sched_n1_criterion(const char *opt, const char *text)
{
    if (!strcmp(text, "n-1"))
        return VS_OK;
    return vs_fail(VS_EUSAGE, "%s: unknown criterion '%s' (expected n-1: any single router or "
                              "link failure)", opt, text);
}

static int other_end(const sched_link_t *k, int dl) { return (dl & 1) ? k->a : k->b; }

/* The directed link (2 * link + direction) leaving node p on the shortest path to q before
 * any failure; -1 at q or when q cannot be reached. */
static int hop(const sched_inst_t *inst, int p, int q)
{
    return p == q ? -1 : inst->next[(size_t)p * (size_t)inst->n_nodes + (size_t)q];
}

static void path_load(n1_t *n1, int e, double sign, double *load)
{
    const sched_inst_t *inst = n1->inst;
    const sched_vlink_t *l = &inst->vlinks[e];
    int p = n1->host[l->a], q = n1->host[l->b];
    if (p < 0 || q < 0)
        return;
    for (int dl; (dl = hop(inst, p, q)) >= 0; p = other_end(&inst->links[dl / 2], dl)) {
        load[dl] += sign * l->d_bps[0];
        load[dl ^ 1] += sign * l->d_bps[1];
    }
}

static int uf_find(int *uf, int v)
{
    while (uf[v] != v)
        v = uf[v] = uf[uf[v]];
    return v;
}

static void uf_join(int *uf, int a, int b)
{
    a = uf_find(uf, a);
    b = uf_find(uf, b);
    if (a != b)
        uf[a > b ? a : b] = a < b ? a : b; /* the lower index is the root: deterministic */
}

static bool vl_reachable(const n1_t *n1, int e)
{
    const sched_inst_t *inst = n1->inst;
    int p = n1->host[inst->vlinks[e].a], q = n1->host[inst->vlinks[e].b];
    return p >= 0 && q >= 0 && isfinite(sched_dist(inst, p, q));
}

/* Adds e to the CSR row of x: counts on pass 0, fills on pass 1. */
static void csr_put(int *off, int *vl, int pass, int x, int e)
{
    if (pass == 0)
        off[x + 2]++;
    else
        vl[off[x + 1]++] = e;
}

/* CSR of the virtual links over the links (by_node false) or the nodes (true) of their
 * paths (row x is vl[off[x]] to vl[off[x + 1] - 1]); a node row holds the paths that start,
 * pass or end there. */
static vs_err_t index_paths(n1_t *n1, bool by_node, int **off_out, int **vl_out)
{
    const sched_inst_t *inst = n1->inst;
    int n = by_node ? inst->n_nodes : inst->n_links;
    int *off = calloc((size_t)n + 2, sizeof *off), *vl = NULL;
    for (int pass = 0; off && pass < 2; pass++) {
        for (int e = 0; e < inst->n_vlinks; e++) {
            int p = n1->host[inst->vlinks[e].a], q = n1->host[inst->vlinks[e].b], dl;
            if (p < 0 || q < 0 || hop(inst, p, q) < 0)
                continue;
            for (; (dl = hop(inst, p, q)) >= 0; p = other_end(&inst->links[dl / 2], dl))
                csr_put(off, vl, pass, by_node ? p : dl / 2, e);
            if (by_node)
                csr_put(off, vl, pass, q, e);
        }
        if (pass == 0) {
            for (int i = 2; i < n + 2; i++)
                off[i] += off[i - 1];
            vl = malloc(((size_t)off[n + 1] + 1) * sizeof *vl);
            if (!vl)
                break;
        }
    }
    if (!off || !vl) {
        free(off);
        free(vl);
        return vs_fail(VS_ENOMEM, "out of memory (N-1 path index)");
    }
    *off_out = off;
    *vl_out = vl;
    return VS_OK;
}

static void n1_free(n1_t *n1)
{
    free(n1->base);
    free(n1->load);
    free(n1->link_off);
    free(n1->link_vl);
    free(n1->node_off);
    free(n1->node_vl);
    free(n1->comp0);
    free(n1->uf);
    free(n1->cnt);
    free(n1->best);
    free(n1->seen);
    free(n1->cut);
    free(n1->todo);
    free(n1->edges);
    free(n1->degree);
    free(n1->t.dist);
    free(n1->t.via);
    free(n1->t.order);
    free(n1->cur.broken);
}

static vs_err_t n1_init(n1_t *n1)
{
    const sched_inst_t *inst = n1->inst;
    size_t L = (size_t)inst->n_links, N = (size_t)inst->n_nodes, V = (size_t)inst->n_vrs;
    size_t E = (size_t)inst->n_vlinks;
    n1->base = calloc(2 * L + 1, sizeof *n1->base);
    n1->load = malloc((2 * L + 1) * sizeof *n1->load);
    n1->comp0 = malloc((V + 1) * sizeof(int));
    n1->uf = malloc((V + 1) * sizeof(int));
    n1->cnt = malloc((V + 1) * sizeof(int));
    n1->best = malloc((V + 1) * sizeof(int));
    n1->seen = calloc(E + 1, sizeof *n1->seen);
    n1->cut = calloc(E + 1, sizeof *n1->cut);
    n1->todo = malloc((E + 1) * sizeof *n1->todo);
    n1->edges = malloc((L + 1) * sizeof *n1->edges);
    n1->degree = calloc(N + 1, sizeof *n1->degree);
    n1->t.dist = malloc((N + 1) * sizeof *n1->t.dist);
    n1->t.via = malloc((N + 1) * sizeof *n1->t.via);
    n1->t.order = malloc((N + 1) * sizeof *n1->t.order);
    if (!n1->base || !n1->load || !n1->comp0 || !n1->uf || !n1->cnt || !n1->best || !n1->seen || !n1->cut ||
        !n1->todo || !n1->edges || !n1->degree || !n1->t.dist || !n1->t.via || !n1->t.order)
        return vs_fail(VS_ENOMEM, "out of memory (N-1 check of %d VRs)", inst->n_vrs);
    vs_err_t err = index_paths(n1, false, &n1->link_off, &n1->link_vl);
    if (!err)
        err = index_paths(n1, true, &n1->node_off, &n1->node_vl);
    if (err)
        return err;
    for (size_t l = 0; l < L; l++) {
        n1->degree[inst->links[l].a]++;
        n1->degree[inst->links[l].b]++;
        n1->base[2 * l] = inst->links[l].bg_bps[0];
        n1->base[2 * l + 1] = inst->links[l].bg_bps[1];
    }
    for (int v = 0; v < inst->n_vrs; v++)
        n1->uf[v] = v;
    for (int e = 0; e < inst->n_vlinks; e++) {
        path_load(n1, e, 1, n1->base);
        if (vl_reachable(n1, e))
            uf_join(n1->uf, inst->vlinks[e].a, inst->vlinks[e].b);
    }
    for (int v = 0; v < inst->n_vrs; v++)
        n1->comp0[v] = n1->host[v] < 0 ? -1 : uf_find(n1->uf, v);
    return VS_OK;
}

static vs_err_t add_break(n1_t *n1, sched_n1_break_t b)
{
    if (n1->cur.n_broken == n1->cap_broken) {
        int cap = n1->cap_broken ? 2 * n1->cap_broken : 8;
        sched_n1_break_t *x = realloc(n1->cur.broken, (size_t)cap * sizeof *x);
        if (!x)
            return vs_fail(VS_ENOMEM, "out of memory (N-1 findings)");
        n1->cur.broken = x;
        n1->cap_broken = cap;
    }
    n1->cur.broken[n1->cur.n_broken++] = b;
    return VS_OK;
}

/* Is node p down in the current failure? */
static bool down(const n1_t *n1, int p) { return p >= 0 && p == n1->down_node; }

/* Takes the paths through the failed element off the loads and lists the virtual links
 * between survivors to re-route. */
static void collect(n1_t *n1)
{
    const sched_inst_t *inst = n1->inst;
    const int *off = n1->cur.kind == SCHED_N1_ROUTER ? n1->node_off : n1->link_off;
    const int *vl = n1->cur.kind == SCHED_N1_ROUTER ? n1->node_vl : n1->link_vl;
    int x = n1->cur.element;
    n1->n_todo = 0;
    n1->gen++;
    for (int i = off[x]; i < off[x + 1]; i++) {
        int e = vl[i];
        if (n1->seen[e] == n1->gen)
            continue;
        n1->seen[e] = n1->gen;
        path_load(n1, e, -1, n1->load);
        if (!down(n1, n1->host[inst->vlinks[e].a]) && !down(n1, n1->host[inst->vlinks[e].b]))
            n1->todo[n1->n_todo++] = (int64_t)n1->host[inst->vlinks[e].a] << 32 | e;
    }
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Re-routes the listed virtual links on the graph without the failed element's links. */
static vs_err_t reroute(n1_t *n1)
{
    const sched_inst_t *inst = n1->inst;
    if (n1->n_todo == 0)
        return VS_OK;
    for (int l = 0; l < inst->n_links; l++) {
        const sched_link_t *k = &inst->links[l];
        bool cut = n1->cur.kind == SCHED_N1_LINK ? l == n1->cur.element
                                                 : down(n1, k->a) || down(n1, k->b);
        n1->edges[l] = (scn_edge_t){.a = (size_t)k->a, .b = (size_t)k->b,
                                    .weight = cut ? INFINITY : k->lat_ms};
    }
    scn_graph_t *g = NULL;
    vs_err_t err = scn_graph_create((size_t)inst->n_nodes, n1->edges, (size_t)inst->n_links, &g);
    qsort(n1->todo, (size_t)n1->n_todo, sizeof *n1->todo, cmp_i64); /* one tree per source */
    for (int i = 0, src = -1; !err && i < n1->n_todo; i++) {
        int e = (int)(n1->todo[i] & 0xffffffff);
        const sched_vlink_t *l = &inst->vlinks[e];
        int p = n1->host[l->a], q = n1->host[l->b];
        if (p != src && (err = scn_graph_tree(g, (size_t)(src = p), &n1->t)))
            break;
        if (!isfinite(n1->t.dist[q])) {
            n1->cut[e] = n1->gen;
            err = add_break(n1, (sched_n1_break_t){.what = SCHED_N1_CUT, .a = e});
            continue;
        }
        for (size_t v = (size_t)q; v != (size_t)p;) {
            uint32_t arc = n1->t.via[v];
            n1->load[arc] += l->d_bps[0];
            n1->load[arc ^ 1] += l->d_bps[1];
            v = scn_graph_tail(g, arc);
        }
    }
    scn_graph_destroy(g);
    return err;
}

static vs_err_t overloads(n1_t *n1)
{
    const sched_inst_t *inst = n1->inst;
    vs_err_t err = VS_OK;
    for (int dl = 0; !err && dl < 2 * inst->n_links; dl++) {
        const sched_link_t *k = &inst->links[dl / 2];
        if (k->cap_bps <= 0 || (n1->cur.kind == SCHED_N1_LINK && dl / 2 == n1->cur.element))
            continue;
        double ceil = k->max_util > 0 ? k->max_util : inst->headroom, lim = ceil * k->cap_bps;
        if (n1->load[dl] > lim * (1 + N1_EPS) && n1->base[dl] <= lim * (1 + N1_EPS))
            err = add_break(n1, (sched_n1_break_t){.what = SCHED_N1_OVERLOAD, .a = dl,
                                                   .util = n1->load[dl] / k->cap_bps,
                                                   .ceiling = ceil});
    }
    return err;
}

/* Surviving VRs that were together before and are apart now; redundancy pairs both down. */
static vs_err_t connectivity(n1_t *n1)
{
    const sched_inst_t *inst = n1->inst;
    int V = inst->n_vrs;
    for (int v = 0; v < V; v++) {
        n1->uf[v] = v;
        n1->cnt[v] = 0;
        n1->best[v] = -1;
    }
    for (int e = 0; e < inst->n_vlinks; e++) {
        const sched_vlink_t *l = &inst->vlinks[e];
        if (n1->cut[e] != n1->gen && vl_reachable(n1, e) && !down(n1, n1->host[l->a]) &&
            !down(n1, n1->host[l->b]))
            uf_join(n1->uf, l->a, l->b);
    }
    vs_err_t err = VS_OK;
    for (int v = 0; v < V; v++)
        if (n1->comp0[v] >= 0 && !down(n1, n1->host[v]))
            n1->cnt[uf_find(n1->uf, v)]++;
    for (int v = 0; v < V; v++) {
        int c = n1->comp0[v], r = uf_find(n1->uf, v);
        if (c >= 0 && !down(n1, n1->host[v]) && (n1->best[c] < 0 || n1->cnt[r] > n1->cnt[n1->best[c]]))
            n1->best[c] = r;
    }
    for (int v = 0; !err && v < V; v++) {
        int c = n1->comp0[v], w = inst->vrs[v].partner;
        if (c >= 0 && !down(n1, n1->host[v]) && uf_find(n1->uf, v) != n1->best[c])
            err = add_break(n1, (sched_n1_break_t){.what = SCHED_N1_CUT_OFF, .a = v});
        else if (c >= 0 && down(n1, n1->host[v]) && w > v && n1->host[w] == n1->host[v])
            err = add_break(n1, (sched_n1_break_t){.what = SCHED_N1_PAIR, .a = v, .b = w});
    }
    return err;
}

static vs_err_t record(n1_t *n1)
{
    sched_n1_report_t *rep = n1->rep;
    rep->checked++;
    if (n1->cur.n_broken == 0)
        return VS_OK;
    if (rep->n_viol == rep->cap_viol) {
        int cap = rep->cap_viol ? 2 * rep->cap_viol : 16;
        sched_n1_violation_t *x = realloc(rep->viol, (size_t)cap * sizeof *x);
        if (!x)
            return vs_fail(VS_ENOMEM, "out of memory (N-1 findings)");
        rep->viol = x;
        rep->cap_viol = cap;
    }
    rep->viol[rep->n_viol++] = n1->cur;
    n1->cur.broken = NULL; /* handed over */
    n1->cur.n_broken = n1->cap_broken = 0;
    return VS_OK;
}

static vs_err_t fail_one(n1_t *n1, sched_n1_elem_t kind, int element)
{
    n1->cur.kind = kind;
    n1->cur.element = element;
    n1->cur.wave = n1->wave;
    n1->cur.n_broken = 0;
    n1->down_node = kind == SCHED_N1_ROUTER ? element : -1;
    if (kind == SCHED_N1_LINK) { /* a router on its only link goes down with it */
        const sched_link_t *k = &n1->inst->links[element];
        if (n1->inst->nodes[k->a].router && n1->degree[k->a] == 1)
            n1->down_node = k->a;
        else if (n1->inst->nodes[k->b].router && n1->degree[k->b] == 1)
            n1->down_node = k->b;
    }
    memcpy(n1->load, n1->base, 2 * (size_t)n1->inst->n_links * sizeof *n1->load);
    collect(n1);
    vs_err_t err = reroute(n1);
    if (!err)
        err = overloads(n1);
    if (!err)
        err = connectivity(n1);
    return err ? err : record(n1);
}

vs_err_t sched_n1_check(const sched_inst_t *inst, const int *host, int wave,
                        sched_n1_report_t *rep)
{
    n1_t n1 = {.inst = inst, .host = host, .wave = wave, .rep = rep};
    vs_err_t err = n1_init(&n1);
    for (int p = 0; !err && p < inst->n_nodes; p++)
        if (inst->nodes[p].router)
            err = fail_one(&n1, SCHED_N1_ROUTER, p);
    for (int l = 0; !err && l < inst->n_links; l++)
        err = fail_one(&n1, SCHED_N1_LINK, l);
    if (!err)
        rep->placements++;
    n1_free(&n1);
    return err;
}

vs_err_t sched_n1_check_plan(const sched_inst_t *inst, const int *from, const sched_seq_t *seq,
                             sched_n1_report_t *rep)
{
    int n = sched_seq_count(seq), waves = 0;
    const sched_move_t *mv = sched_seq_moves(seq);
    for (int i = 0; i < n; i++)
        waves = mv[i].wave + 1 > waves ? mv[i].wave + 1 : waves;
    int *host = malloc(((size_t)inst->n_vrs + 1) * sizeof *host);
    if (!host)
        return vs_fail(VS_ENOMEM, "out of memory");
    memcpy(host, from, (size_t)inst->n_vrs * sizeof *host);
    vs_err_t err = VS_OK;
    for (int w = 0; !err && w < waves; w++) {
        for (int i = 0; i < n; i++)
            if (mv[i].wave == w)
                host[mv[i].vr] = mv[i].to;
        err = sched_n1_check(inst, host, w, rep);
    }
    if (!err && waves == 0) /* nothing moves: the placement itself */
        err = sched_n1_check(inst, host, -1, rep);
    free(host);
    return err;
}

void sched_n1_free(sched_n1_report_t *rep)
{
    for (int i = 0; i < rep->n_viol; i++)
        free(rep->viol[i].broken);
    free(rep->viol);
    *rep = (sched_n1_report_t){0};
}

/* A link's name, or "A--B" from its ends' when it has none. */
static const char *link_name(const sched_inst_t *inst, int l, char *buf, size_t len)
{
    const sched_link_t *k = &inst->links[l];
    if (k->name && k->name[0])
        return k->name;
    snprintf(buf, len, "%s--%s", inst->nodes[k->a].name, inst->nodes[k->b].name);
    return buf;
}

static const char *elem_name(const sched_inst_t *inst, const sched_n1_violation_t *x, char *buf,
                             size_t len)
{
    return x->kind == SCHED_N1_ROUTER ? inst->nodes[x->element].name
                                      : link_name(inst, x->element, buf, len);
}

static cJSON *pair_json(const char *a, const char *b)
{
    const char *s[2] = {a, b};
    return cJSON_CreateStringArray(s, 2);
}

static cJSON *break_json(const sched_inst_t *inst, const sched_n1_break_t *b)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    if (b->what == SCHED_N1_CUT) {
        const sched_vlink_t *l = &inst->vlinks[b->a];
        cJSON_AddItemToObject(o, "virtual_link_cut",
                              pair_json(inst->vrs[l->a].name, inst->vrs[l->b].name));
    } else if (b->what == SCHED_N1_CUT_OFF) {
        cJSON_AddStringToObject(o, "vr_cut_off", inst->vrs[b->a].name);
    } else if (b->what == SCHED_N1_PAIR) {
        cJSON_AddItemToObject(o, "redundancy_pair_down",
                              pair_json(inst->vrs[b->a].name, inst->vrs[b->b].name));
    } else {
        const sched_link_t *k = &inst->links[b->a / 2];
        char buf[256];
        cJSON_AddStringToObject(o, "overload", link_name(inst, b->a / 2, buf, sizeof buf));
        cJSON_AddItemToObject(o, "direction",
                              pair_json(inst->nodes[(b->a & 1) ? k->b : k->a].name,
                                        inst->nodes[(b->a & 1) ? k->a : k->b].name));
        cJSON_AddNumberToObject(o, "utilization", b->util);
        cJSON_AddNumberToObject(o, "ceiling", b->ceiling);
    }
    return o;
}

vs_err_t sched_n1_json(const sched_n1_report_t *rep, const sched_inst_t *inst, cJSON *obj)
{
    cJSON *n1 = vs_json_obj(obj, "n_minus_1");
    cJSON *arr = n1 ? vs_json_arr(n1, "violations") : NULL;
    if (!arr)
        return vs_fail(VS_ENOMEM, "out of memory");
    cJSON_AddNumberToObject(n1, "checked", rep->checked);
    cJSON_AddNumberToObject(n1, "placements", rep->placements);
    for (int i = 0; i < rep->n_viol; i++) {
        const sched_n1_violation_t *x = &rep->viol[i];
        char buf[256];
        cJSON *v = cJSON_CreateObject(), *br = NULL;
        if (!v || !cJSON_AddItemToArray(arr, v) || !(br = cJSON_CreateArray()))
            return vs_fail(VS_ENOMEM, "out of memory");
        cJSON_AddStringToObject(v, "element", elem_name(inst, x, buf, sizeof buf));
        cJSON_AddStringToObject(v, "kind", x->kind == SCHED_N1_ROUTER ? "router" : "link");
        if (x->wave >= 0)
            cJSON_AddNumberToObject(v, "wave", x->wave);
        else
            cJSON_AddNullToObject(v, "wave");
        cJSON_AddItemToObject(v, "broken", br);
        for (int j = 0; j < x->n_broken; j++)
            if (!cJSON_AddItemToArray(br, break_json(inst, &x->broken[j])))
                return vs_fail(VS_ENOMEM, "out of memory");
    }
    return VS_OK;
}

static int num(const cJSON *o, const char *key)
{
    return (int)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(o, key));
}

/* Counts of each kind of break in one violation, as "2 virtual link(s) cut, 1 VR(s) cut off". */
static void print_counts(const cJSON *broken, FILE *out)
{
    static const char *const key[] = {"virtual_link_cut", "vr_cut_off", "overload",
                                      "redundancy_pair_down"};
    static const char *const what[] = {"virtual link(s) cut", "VR(s) cut off",
                                       "link(s) over ceiling", "redundancy pair(s) down"};
    int n[4] = {0};
    const cJSON *b;
    cJSON_ArrayForEach(b, broken)
        for (int k = 0; k < 4; k++)
            n[k] += cJSON_HasObjectItem(b, key[k]);
    const char *sep = "";
    for (int k = 0; k < 4; k++)
        if (n[k]) {
            fprintf(out, "%s%d %s", sep, n[k], what[k]);
            sep = ", ";
        }
}

void sched_n1_print(const cJSON *result, int max_lines, FILE *out)
{
    const cJSON *sv = cJSON_GetObjectItemCaseSensitive(result, "survive");
    const cJSON *n1 = cJSON_GetObjectItemCaseSensitive(result, "n_minus_1");
    if (sv)
        fprintf(out, "  --survive n-1: %d break(s) under single failures before repair, %d after "
                     "%d move(s) (%d with every VR at home)%s\n", num(sv, "breaks_before"),
                num(sv, "breaks_after"), num(sv, "moves"), num(sv, "breaks_at_home"),
                cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(sv, "budget_spent"))
                    ? " (the repair's budget of N-1 checks ran out)" : "");
    if (!n1)
        return;
    const cJSON *viol = cJSON_GetObjectItemCaseSensitive(n1, "violations"), *v;
    int n = cJSON_GetArraySize(viol), i = 0;
    fprintf(out, "N-1: %d single failure(s) checked over %d placement(s): %d break something\n",
            num(n1, "checked"), num(n1, "placements"), n);
    cJSON_ArrayForEach(v, viol) {
        if (i++ == max_lines)
            break;
        const cJSON *wave = cJSON_GetObjectItemCaseSensitive(v, "wave");
        fprintf(out, "  %s %s", cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(v, "kind")),
                cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(v, "element")));
        if (cJSON_IsNumber(wave))
            fprintf(out, " (after wave %d)", (int)wave->valuedouble);
        fputs(": ", out);
        print_counts(cJSON_GetObjectItemCaseSensitive(v, "broken"), out);
        fputc('\n', out);
    }
    if (n > max_lines)
        fprintf(out, "  ... %d more in the JSON (--json)\n", n - max_lines);
}
