#include "sched_eval.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw_profile.h"

#define UNPLACED_WEIGHT 1000.0

/* A max tournament tree over n values: update O(log n), max O(1). */
typedef struct {
    int size; /* power of two >= n */
    double *t;
} maxtree_t;

static int mt_init(maxtree_t *m, int n)
{
    m->size = 1;
    while (m->size < n)
        m->size *= 2;
    m->t = malloc(2 * (size_t)m->size * sizeof *m->t);
    if (!m->t)
        return -1;
    for (int i = 0; i < 2 * m->size; i++)
        m->t[i] = 0;
    return 0;
}

static void mt_set(maxtree_t *m, int i, double v)
{
    int k = m->size + i;
    m->t[k] = v;
    for (k /= 2; k >= 1; k /= 2) {
        double a = m->t[2 * k], b = m->t[2 * k + 1];
        double x = a > b ? a : b;
        if (m->t[k] == x)
            break;
        m->t[k] = x;
    }
}

static double mt_max(const maxtree_t *m) { return m->t[1]; }

struct sched_state {
    const sched_inst_t *inst;
    sched_objective_t obj;
    int *host;
    int *count, *ports;
    double *cpu, *mem;
    double *load; /* 2 per link */
    double *cap, *lim; /* per link: capacity and utilization ceiling x capacity, bps */
    maxtree_t link_util, cpu_util;
    double sum_util2, sum_cpu2;
    double cpu_total; /* sum over routers of CPU used / capacity */
    double link_over, node_over;
    double *node_over_of; /* per node: its current normalised excess */
    double *power_cost_of;
    double power_cost;
    double stretch;
    int red_viol, lat_viol, shared_pop, migrations, unplaced;
    bool link_max; /* keep the link-utilization tree (objectives that read it) */
    /* Survivability (kept only when track_pairs): per redundancy pair, stored at its lower
     * VR index, whether the pair shares a substrate link (bit 1) and whether it shares a
     * router, POP or link (bit 2); their counts; a stamp per substrate link for the test. */
    bool track_pairs;
    unsigned char *pair_flags;
    int shared_link, shared_any;
    unsigned *stamp;
    unsigned gen;
};

bool sched_score_better(sched_score_t a, sched_score_t b)
{
    double tv = 1e-9 * (1 + fabs(b.viol));
    if (a.viol < b.viol - tv)
        return true;
    if (a.viol > b.viol + tv)
        return false;
    double tp = 1e-9 * (1 + fabs(b.primary));
    if (a.primary < b.primary - tp)
        return true;
    if (a.primary > b.primary + tp)
        return false;
    return a.secondary < b.secondary - 1e-9 * (1 + fabs(b.secondary));
}

double sched_node_power_w(const sched_node_t *r, bool on, int ports, double cpu_used,
                          int *linecards_on)
{
    int lc = 0;
    double w = 0;
    if (on && r->router) {
        int ppc = r->ports_per_card > 0 ? r->ports_per_card : 1;
        lc = (ports + ppc - 1) / ppc;
        /* hwmodel's model; the node holds its coefficients (sched_topo: hw_power_coef) */
        hw_power_coef_t c = {.chassis_w = r->chassis_w, .linecard_w = r->linecard_w,
                             .port_w = r->port_w, .load_w = r->load_w};
        w = hw_power_watts(&c, lc, ports, r->cpu > 0 ? cpu_used / r->cpu : 0);
    }
    if (linecards_on)
        *linecards_on = lc;
    return w;
}

static double node_cost(const sched_state_t *st, int p)
{
    const sched_node_t *r = &st->inst->nodes[p];
    bool on = st->count[p] > 0 || r->forced_on;
    return sched_node_power_w(r, on, st->ports[p], st->cpu[p], NULL) / 1000.0 * r->price *
           st->inst->hours;
}

static double excess(double used, double cap)
{
    if (cap <= 0)
        return used > 0 ? used : 0;
    return used > cap ? (used - cap) / cap : 0;
}

static void node_refresh(sched_state_t *st, int p)
{
    const sched_node_t *r = &st->inst->nodes[p];
    if (!r->router)
        return;
    double over = excess(st->cpu[p], r->cpu) + excess(st->mem[p], r->mem_mb) +
                  excess(st->count[p], r->vr_slots) +
                  excess(st->ports[p], (double)r->linecards * r->ports_per_card);
    st->node_over += over - st->node_over_of[p];
    st->node_over_of[p] = over;
    double u = r->cpu > 0 ? st->cpu[p] / r->cpu : 0;
    double old = st->cpu_util.t[st->cpu_util.size + p];
    st->sum_cpu2 += u * u - old * old;
    st->cpu_total += u - old;
    mt_set(&st->cpu_util, p, u);
    double c = node_cost(st, p);
    st->power_cost += c - st->power_cost_of[p];
    st->power_cost_of[p] = c;
}

static void link_add(sched_state_t *st, int dl, double d)
{
    double cap = st->cap[dl / 2], lim = st->lim[dl / 2]; /* copies: the hot path's data */
    double old = st->load[dl], nw = old + d;
    if (nw < 0 && nw > -1e-6)
        nw = 0;
    st->load[dl] = nw;
    double ou = old / cap, nu = nw / cap;
    st->link_over += (nw > lim ? (nw - lim) / cap : 0) - (old > lim ? (old - lim) / cap : 0);
    if (st->link_max) { /* the tree is most of a move's cost: only when it is read */
        st->sum_util2 += nu * nu - ou * ou;
        mt_set(&st->link_util, dl, nu);
    }
}

static void path_add(sched_state_t *st, int p, int q, double d)
{
    if (d == 0 || p == q)
        return;
    const sched_inst_t *inst = st->inst;
    int n = inst->n_nodes, guard = n;
    while (p != q && guard-- > 0) {
        int dl = inst->next[(size_t)p * n + q];
        if (dl < 0)
            return; /* unreachable: counted by the latency check as infinite */
        link_add(st, dl, d);
        const sched_link_t *k = &inst->links[dl / 2];
        p = (dl & 1) ? k->a : k->b;
    }
}

/* Virtual link l's latency between hosts p and q into the stretch and the latency
 * violations, counted in (sign +1) or out (-1). */
static void vlink_latency(sched_state_t *st, const sched_vlink_t *l, int p, int q, int sign)
{
    double lat = sched_dist(st->inst, p, q);
    if (isinf(lat)) {
        st->lat_viol += sign;
        return;
    }
    st->stretch += sign * (lat - l->base_lat_ms);
    if (l->max_lat_ms > 0 && lat > l->max_lat_ms + 1e-9)
        st->lat_viol += sign;
}

static void vlink_apply(sched_state_t *st, int e, int sign)
{
    const sched_inst_t *inst = st->inst;
    const sched_vlink_t *l = &inst->vlinks[e];
    int p = st->host[l->a], q = st->host[l->b];
    if (p < 0 || q < 0)
        return;
    path_add(st, p, q, sign * l->d_bps[0]);
    path_add(st, q, p, sign * l->d_bps[1]);
    vlink_latency(st, l, p, q, sign);
}

/* The next node after s on the path toward t, through directed link *dl; -1 at t or when t
 * is unreachable. */
static int hop(const sched_inst_t *inst, int s, int t, int *dl)
{
    if (s == t || (*dl = inst->next[(size_t)s * inst->n_nodes + t]) < 0)
        return -1;
    const sched_link_t *k = &inst->links[*dl / 2];
    return (*dl & 1) ? k->a : k->b;
}

/* Demand d moves from path p->t to path q->t. Shortest paths toward one destination form a
 * tree (next[.][t]), so once the two walks stand on one node the rest coincides: the walks
 * advance the one farther from t (both on a tie), taking d off p's links and putting it on
 * q's, until they meet or end. Correct whatever the distances (a pair of walks that never
 * meets moves the whole path); they meet at the paths' junction when latencies are > 0. */
static void shift_source(sched_state_t *st, int p, int q, int t, double d)
{
    const sched_inst_t *inst = st->inst;
    int a = p, b = q, dl;
    for (int g = 2 * inst->n_nodes; a != b && (a >= 0 || b >= 0) && g-- > 0;) {
        double da = a >= 0 ? sched_dist(inst, a, t) : -1, db = b >= 0 ? sched_dist(inst, b, t) : -1;
        if (a >= 0 && da >= db) {
            int na = hop(inst, a, t, &dl);
            if (na >= 0)
                link_add(st, dl, -d);
            a = na;
        }
        if (b >= 0 && db >= da) {
            int nb = hop(inst, b, t, &dl);
            if (nb >= 0)
                link_add(st, dl, d);
            b = nb;
        }
    }
}

/* Demand d moves from path s->p to path s->q: the paths share a prefix from s (both walks
 * follow the same links while the next hops agree); only the rest changes. */
static void shift_dest(sched_state_t *st, int s, int p, int q, double d)
{
    const sched_inst_t *inst = st->inst;
    int n = inst->n_nodes;
    for (int g = n; s != p && s != q && g-- > 0;) {
        int a = inst->next[(size_t)s * n + p];
        if (a < 0 || a != inst->next[(size_t)s * n + q])
            break;
        const sched_link_t *k = &inst->links[a / 2];
        s = (a & 1) ? k->a : k->b;
    }
    path_add(st, s, p, -d);
    path_add(st, s, q, d);
}

/* Virtual link e of VR v, whose other end stays put, as v moves from p to q (both placed):
 * the loads change only where the paths differ; latency as vlink_apply counts it. */
static void vlink_move(sched_state_t *st, int e, int v, int p, int q)
{
    const sched_inst_t *inst = st->inst;
    const sched_vlink_t *l = &inst->vlinks[e];
    int o = l->a == v ? l->b : l->a, h = st->host[o];
    if (h < 0)
        return;
    double out = l->a == v ? l->d_bps[0] : l->d_bps[1], in = l->a == v ? l->d_bps[1] : l->d_bps[0];
    if (out != 0 && p != h && q != h)
        shift_source(st, p, q, h, out);
    else if (out != 0) {
        path_add(st, p, h, -out);
        path_add(st, q, h, out);
    }
    if (in != 0)
        shift_dest(st, h, p, q, in);
    bool va = l->a == v; /* latency a -> b, as vlink_apply takes it */
    vlink_latency(st, l, va ? p : h, va ? h : p, -1);
    vlink_latency(st, l, va ? q : h, va ? h : q, +1);
}

static void partner_apply(sched_state_t *st, int v, int sign)
{
    const sched_inst_t *inst = st->inst;
    int w = inst->vrs[v].partner;
    if (w < 0 || st->host[v] < 0 || st->host[w] < 0)
        return;
    int p = st->host[v], q = st->host[w];
    bool same_pop = inst->nodes[p].pop >= 0 && inst->nodes[p].pop == inst->nodes[q].pop;
    if (p == q)
        st->red_viol += sign;
    else if (same_pop && (inst->vrs[v].pop_diverse || inst->vrs[w].pop_diverse))
        st->red_viol += sign;
    if (same_pop || p == q)
        st->shared_pop += sign;
}

/* Marks (mark=true) or tests the undirected substrate links of the paths p->q and q->p. */
static bool path_links(const sched_inst_t *inst, int p, int q, unsigned *stamp, unsigned gen,
                       bool mark)
{
    int n = inst->n_nodes;
    for (int dir = 0; dir < 2; dir++) {
        int s = dir ? q : p, t = dir ? p : q, guard = n;
        while (s != t && guard-- > 0) {
            int dl = inst->next[(size_t)s * n + t];
            if (dl < 0)
                break;
            if (mark)
                stamp[dl / 2] = gen;
            else if (stamp[dl / 2] == gen)
                return true;
            const sched_link_t *k = &inst->links[dl / 2];
            s = (dl & 1) ? k->a : k->b;
        }
    }
    return false;
}

bool sched_pair_shares_link(const sched_inst_t *inst, const int *host, int v, int w,
                            unsigned *stamp, unsigned gen)
{
    if (host[v] < 0 || host[w] < 0)
        return false;
    for (int side = 0; side < 2; side++) {
        int u = side ? w : v;
        for (int k = inst->nadj_off[u]; k < inst->nadj_off[u + 1]; k++) {
            const sched_vlink_t *l = &inst->vlinks[inst->nadj[k]];
            int a = host[l->a], b = host[l->b];
            if (a < 0 || b < 0)
                continue;
            if (path_links(inst, a, b, stamp, gen, side == 0) && side == 1)
                return true;
        }
    }
    return false;
}

/* Recomputes the survivability flags of the pair containing v. */
static void pair_refresh(sched_state_t *st, int v)
{
    const sched_inst_t *inst = st->inst;
    int w = inst->vrs[v].partner;
    if (w < 0)
        return;
    int r = v < w ? v : w, o = v < w ? w : v;
    if (++st->gen == 0) { /* wrapped: clear the stamps */
        memset(st->stamp, 0, ((size_t)inst->n_links + 1) * sizeof *st->stamp);
        st->gen = 1;
    }
    bool link = sched_pair_shares_link(inst, st->host, r, o, st->stamp, st->gen);
    int p = st->host[r], q = st->host[o];
    bool pop = p >= 0 && q >= 0 &&
               (p == q || (inst->nodes[p].pop >= 0 && inst->nodes[p].pop == inst->nodes[q].pop));
    unsigned char nf = (unsigned char)((link ? 1 : 0) | (link || pop ? 2 : 0));
    unsigned char of = st->pair_flags[r];
    st->shared_link += (nf & 1) - (of & 1);
    st->shared_any += ((nf >> 1) & 1) - ((of >> 1) & 1);
    st->pair_flags[r] = nf;
}

/* After v moved: its own pair and the pairs of its virtual-link neighbours (whose paths
 * changed with it). */
static void pairs_after_move(sched_state_t *st, int v)
{
    const sched_inst_t *inst = st->inst;
    pair_refresh(st, v);
    for (int k = inst->nadj_off[v]; k < inst->nadj_off[v + 1]; k++) {
        const sched_vlink_t *l = &inst->vlinks[inst->nadj[k]];
        pair_refresh(st, l->a == v ? l->b : l->a);
    }
}

static void node_apply(sched_state_t *st, int v, int sign)
{
    int p = st->host[v];
    const sched_vr_t *x = &st->inst->vrs[v];
    if (p < 0) {
        st->unplaced += sign;
        st->migrations += sign;
        return;
    }
    st->count[p] += sign;
    st->cpu[p] += sign * x->cpu;
    st->mem[p] += sign * x->mem_mb;
    st->ports[p] += sign * x->ports;
    if (p != x->home)
        st->migrations += sign;
    node_refresh(st, p);
}

/* Takes v out of (sign -1) or puts it into (sign +1) the state at host[v]. Partner terms are
 * counted once per pair: applying v's handles the pair. */
static void vr_apply(sched_state_t *st, int v, int sign)
{
    const sched_inst_t *inst = st->inst;
    if (sign < 0) {
        for (int k = inst->nadj_off[v]; k < inst->nadj_off[v + 1]; k++)
            vlink_apply(st, inst->nadj[k], -1);
        partner_apply(st, v, -1);
        node_apply(st, v, -1);
    } else {
        node_apply(st, v, +1);
        partner_apply(st, v, +1);
        for (int k = inst->nadj_off[v]; k < inst->nadj_off[v + 1]; k++)
            vlink_apply(st, inst->nadj[k], +1);
    }
}

void sched_state_move(sched_state_t *st, int v, int to)
{
    int from = st->host[v];
    if (from == to)
        return;
    if (from < 0 || to < 0) {
        vr_apply(st, v, -1);
        st->host[v] = to;
        vr_apply(st, v, +1);
    } else { /* a move between routers: the virtual links' loads change where paths differ */
        const sched_inst_t *inst = st->inst;
        partner_apply(st, v, -1);
        node_apply(st, v, -1);
        st->host[v] = to;
        node_apply(st, v, +1);
        partner_apply(st, v, +1);
        for (int k = inst->nadj_off[v]; k < inst->nadj_off[v + 1]; k++)
            vlink_move(st, inst->nadj[k], v, from, to);
    }
    if (st->track_pairs)
        pairs_after_move(st, v);
}

sched_score_t sched_state_score(const sched_state_t *st)
{
    sched_score_t s;
    s.viol = UNPLACED_WEIGHT * st->unplaced + st->red_viol + st->lat_viol + st->node_over +
             st->link_over;
    /* The running sums drift by rounding over millions of moves; real violations are far
     * above this. */
    if (s.viol < 1e-9)
        s.viol = 0;
    int nl = 2 * st->inst->n_links, nr = st->inst->n_nodes;
    switch (st->obj) {
    case SCHED_OBJ_MLU:
        s.primary = mt_max(&st->link_util);
        s.secondary = nl ? st->sum_util2 / nl : 0;
        break;
    case SCHED_OBJ_CPU:
        s.primary = mt_max(&st->cpu_util);
        s.secondary = nr ? st->sum_cpu2 / nr : 0;
        break;
    case SCHED_OBJ_STRETCH:
        s.primary = st->stretch;
        s.secondary = st->migrations;
        break;
    case SCHED_OBJ_SURVIVE:
        s.primary = st->shared_any;
        s.secondary = st->migrations;
        break;
    case SCHED_OBJ_MIGRATIONS:
        s.primary = st->migrations;
        s.secondary = mt_max(&st->link_util);
        break;
    case SCHED_OBJ_CPU_TOTAL: /* among equal totals, the better balanced */
        s.primary = st->cpu_total;
        s.secondary = mt_max(&st->cpu_util);
        break;
    case SCHED_OBJ_POWER:
    default:
        s.primary = st->power_cost;
        s.secondary = st->migrations;
        break;
    }
    return s;
}

sched_score_t sched_state_try(sched_state_t *st, int v, int to)
{
    int from = st->host[v];
    sched_state_move(st, v, to);
    sched_score_t s = sched_state_score(st);
    sched_state_move(st, v, from);
    return s;
}

const int *sched_state_hosts(const sched_state_t *st) { return st->host; }

double sched_state_load(const sched_state_t *st, int dl) { return st->load[dl]; }

void sched_state_usage(const sched_state_t *st, int p, double *cpu, double *mem, int *count,
                       int *ports)
{
    *cpu = st->cpu[p];
    *mem = st->mem[p];
    *count = st->count[p];
    *ports = st->ports[p];
}

bool sched_state_node_on(const sched_state_t *st, int p)
{
    return st->count[p] > 0 || st->inst->nodes[p].forced_on;
}

void sched_state_destroy(sched_state_t *st)
{
    if (!st)
        return;
    free(st->host);
    free(st->count);
    free(st->ports);
    free(st->cpu);
    free(st->mem);
    free(st->load);
    free(st->cap);
    free(st->lim);
    free(st->link_util.t);
    free(st->cpu_util.t);
    free(st->node_over_of);
    free(st->power_cost_of);
    free(st->pair_flags);
    free(st->stamp);
    free(st);
}

static vs_err_t state_create(const sched_inst_t *inst, sched_objective_t obj, const int *host,
                             bool track_pairs, sched_state_t **out)
{
    sched_state_t *st = calloc(1, sizeof *st);
    int n = inst->n_nodes, nv = inst->n_vrs, nl = inst->n_links;
    if (!st)
        return vs_fail(VS_ENOMEM, "out of memory");
    st->inst = inst;
    st->obj = obj;
    st->link_max = obj == SCHED_OBJ_MLU || obj == SCHED_OBJ_MIGRATIONS;
    st->track_pairs = track_pairs || obj == SCHED_OBJ_SURVIVE;
    if (st->track_pairs) {
        st->pair_flags = calloc((size_t)nv + 1, 1);
        st->stamp = calloc((size_t)nl + 1, sizeof *st->stamp);
        if (!st->pair_flags || !st->stamp) {
            sched_state_destroy(st);
            return vs_fail(VS_ENOMEM, "out of memory");
        }
    }
    st->host = malloc(((size_t)nv + 1) * sizeof *st->host);
    st->count = calloc((size_t)n + 1, sizeof *st->count);
    st->ports = calloc((size_t)n + 1, sizeof *st->ports);
    st->cpu = calloc((size_t)n + 1, sizeof *st->cpu);
    st->mem = calloc((size_t)n + 1, sizeof *st->mem);
    st->load = calloc(2 * (size_t)nl + 1, sizeof *st->load);
    st->cap = malloc(((size_t)nl + 1) * sizeof *st->cap);
    st->lim = malloc(((size_t)nl + 1) * sizeof *st->lim);
    st->node_over_of = calloc((size_t)n + 1, sizeof *st->node_over_of);
    st->power_cost_of = calloc((size_t)n + 1, sizeof *st->power_cost_of);
    if (!st->host || !st->count || !st->ports || !st->cpu || !st->mem || !st->load || !st->cap ||
        !st->lim ||
        !st->node_over_of || !st->power_cost_of || mt_init(&st->link_util, 2 * nl + 1) ||
        mt_init(&st->cpu_util, n + 1)) {
        sched_state_destroy(st);
        return vs_fail(VS_ENOMEM, "out of memory");
    }
    for (int l = 0; l < nl; l++) {
        const sched_link_t *k = &inst->links[l];
        st->cap[l] = k->cap_bps;
        st->lim[l] = (k->max_util > 0 ? k->max_util : inst->headroom) * k->cap_bps;
    }
    for (int p = 0; p < n; p++)
        node_refresh(st, p); /* forced-on routers draw from the start */
    for (int l = 0; l < nl; l++)
        for (int d = 0; d < 2; d++)
            link_add(st, 2 * l + d, inst->links[l].bg_bps[d]);
    for (int v = 0; v < nv; v++)
        st->host[v] = -1;
    /* Place VRs first, then vlinks once (each vlink applied when its later end arrives). */
    for (int v = 0; v < nv; v++) {
        st->host[v] = host[v];
        node_apply(st, v, +1);
        int w = inst->vrs[v].partner;
        if (w >= 0 && w < v)
            partner_apply(st, v, +1);
    }
    for (int e = 0; e < inst->n_vlinks; e++)
        vlink_apply(st, e, +1);
    if (st->track_pairs)
        for (int v = 0; v < nv; v++)
            if (inst->vrs[v].partner > v)
                pair_refresh(st, v);
    *out = st;
    return VS_OK;
}

vs_err_t sched_state_create(const sched_inst_t *inst, sched_objective_t obj, const int *host,
                            sched_state_t **out)
{
    return state_create(inst, obj, host, false, out);
}

void sched_metrics(const sched_inst_t *inst, const int *host, sched_metrics_t *m)
{
    memset(m, 0, sizeof *m);
    sched_state_t *st;
    if (state_create(inst, SCHED_OBJ_MLU, host, true, &st) != VS_OK) {
        m->violation = INFINITY;
        return;
    }
    m->mlu = mt_max(&st->link_util);
    m->max_cpu = mt_max(&st->cpu_util);
    for (int p = 0; p < inst->n_nodes; p++) /* summed afresh: the state's sum is a running one */
        if (inst->nodes[p].router && inst->nodes[p].cpu > 0)
            m->cpu_total += st->cpu[p] / inst->nodes[p].cpu;
    m->stretch_ms = st->stretch;
    m->shared_pop_pairs = st->shared_pop;
    m->shared_link_pairs = st->shared_link;
    m->shared_pairs = st->shared_any;
    m->migrations = st->migrations;
    m->unplaced = st->unplaced;
    for (int p = 0; p < inst->n_nodes; p++) {
        const sched_node_t *r = &inst->nodes[p];
        int lc;
        bool on = r->router && (st->count[p] > 0 || r->forced_on);
        double w = sched_node_power_w(r, on, st->ports[p], st->cpu[p], &lc);
        m->power_w += w;
        m->power_cost += w / 1000.0 * r->price * inst->hours;
        m->routers_on += on;
        m->linecards_on += lc;
    }
    m->violation = sched_state_score(st).viol;
    sched_state_destroy(st);
}

double sched_objective_value(const sched_inst_t *inst, sched_objective_t obj, const int *host)
{
    sched_metrics_t m;
    sched_metrics(inst, host, &m);
    switch (obj) {
    case SCHED_OBJ_MLU: return m.mlu;
    case SCHED_OBJ_CPU: return m.max_cpu;
    case SCHED_OBJ_CPU_TOTAL: return m.cpu_total;
    case SCHED_OBJ_STRETCH: return m.stretch_ms;
    case SCHED_OBJ_SURVIVE: return m.shared_pairs;
    case SCHED_OBJ_MIGRATIONS: return m.migrations;
    case SCHED_OBJ_POWER:
    default: return m.power_cost;
    }
}

/* Why placing v on q breaks a constraint, given the others as they are; NULL when it fits. */
static const char *why_not(sched_state_t *st, int v, int q, char *buf, size_t len)
{
    const sched_inst_t *inst = st->inst;
    const sched_vr_t *x = &inst->vrs[v];
    const sched_node_t *r = &inst->nodes[q];
    if (st->count[q] + 1 > r->vr_slots)
        snprintf(buf, len, "VR slots: '%s' would host %d VRs, it has %d slots", r->name,
                 st->count[q] + 1, r->vr_slots);
    else if (st->cpu[q] + x->cpu > r->cpu * (1 + 1e-9))
        snprintf(buf, len, "CPU capacity: '%s' would need %.3g cores (the VR %.3g), it has %.3g",
                 r->name, st->cpu[q] + x->cpu, x->cpu, r->cpu);
    else if (st->mem[q] + x->mem_mb > r->mem_mb * (1 + 1e-9))
        snprintf(buf, len, "memory: '%s' would need %.0f MB (the VR %.0f MB), it has %.0f MB",
                 r->name, st->mem[q] + x->mem_mb, x->mem_mb, r->mem_mb);
    else if (st->ports[q] + x->ports > r->linecards * r->ports_per_card)
        snprintf(buf, len, "line-card ports: '%s' would need %d ports (the VR %d), it has %d",
                 r->name, st->ports[q] + x->ports, x->ports, r->linecards * r->ports_per_card);
    else if (x->partner >= 0 && st->host[x->partner] == q)
        snprintf(buf, len, "redundancy: its partner '%s' is on '%s'", inst->vrs[x->partner].name,
                 r->name);
    else if (x->partner >= 0 && st->host[x->partner] >= 0 &&
             (x->pop_diverse || inst->vrs[x->partner].pop_diverse) && r->pop >= 0 &&
             inst->nodes[st->host[x->partner]].pop == r->pop)
        snprintf(buf, len, "redundancy: its partner '%s' is in POP '%s' (pop-diverse)",
                 inst->vrs[x->partner].name, inst->pops[r->pop].name);
    else {
        for (int k = inst->nadj_off[v]; k < inst->nadj_off[v + 1]; k++) {
            const sched_vlink_t *l = &inst->vlinks[inst->nadj[k]];
            int o = l->a == v ? l->b : l->a, h = st->host[o];
            if (h < 0)
                continue;
            double lat = sched_dist(inst, q, h);
            if (isinf(lat) || (l->max_lat_ms > 0 && lat > l->max_lat_ms + 1e-9)) {
                snprintf(buf, len,
                         "latency/stretch bound: the link to '%s' would take %.3g ms, bound %.3g ms",
                         inst->vrs[o].name, lat, l->max_lat_ms);
                return buf;
            }
        }
        /* Link headroom: place it and look along its paths. */
        int from = st->host[v];
        sched_state_move(st, v, q);
        const char *res = NULL;
        double lim = inst->headroom;
        for (int k = inst->nadj_off[v]; k < inst->nadj_off[v + 1] && !res; k++) {
            const sched_vlink_t *l = &inst->vlinks[inst->nadj[k]];
            int a = st->host[l->a], b = st->host[l->b];
            if (a < 0 || b < 0)
                continue;
            for (int dir = 0; dir < 2 && !res; dir++) {
                int p = dir ? b : a, t = dir ? a : b, guard = inst->n_nodes;
                while (p != t && guard-- > 0 && !res) {
                    int dl = inst->next[(size_t)p * inst->n_nodes + t];
                    if (dl < 0)
                        break;
                    const sched_link_t *lk = &inst->links[dl / 2];
                    double lm = lk->max_util > 0 ? lk->max_util : lim;
                    if (st->load[dl] > lm * lk->cap_bps * (1 + 1e-9)) {
                        snprintf(buf, len,
                                 "link headroom: link '%s' would carry %.4g Gbps, above %.1f%% of "
                                 "%.4g Gbps",
                                 lk->name, st->load[dl] / 1e9, lm * 100, lk->cap_bps / 1e9);
                        res = buf;
                    }
                    p = (dl & 1) ? lk->a : lk->b;
                }
            }
        }
        sched_state_move(st, v, from);
        return res;
    }
    return buf;
}

void sched_state_explain(sched_state_t *st, int v, char *buf, size_t len)
{
    const sched_inst_t *inst = st->inst;
    int from = st->host[v];
    sched_state_move(st, v, -1);
    char why[256], first_excl[256] = "";
    int excluded = 0, best = -1;
    sched_score_t bs = {INFINITY, INFINITY, INFINITY};
    for (int q = 0; q < inst->n_nodes; q++) {
        if (!inst->nodes[q].router)
            continue;
        if (sched_ineligible(inst, v, q, why, sizeof why)) {
            /* Show the first reason that is not a drained router: that one is expected. */
            if (!excluded++ || (inst->nodes[q].drained == false && strstr(first_excl, "being drained")))
                snprintf(first_excl, sizeof first_excl, "%s", why);
            continue;
        }
        sched_score_t s = sched_state_try(st, v, q);
        if (best < 0 || sched_score_better(s, bs)) {
            best = q;
            bs = s;
        }
    }
    if (best < 0)
        snprintf(buf, len, "VR '%s': no eligible router at all (%d excluded, e.g. %s)",
                 inst->vrs[v].name, excluded, first_excl[0] ? first_excl : "none exists");
    else {
        const char *w = why_not(st, v, best, why, sizeof why);
        snprintf(buf, len, "VR '%s': %s (on the best eligible router; %d routers excluded%s%s)",
                 inst->vrs[v].name, w ? w : "constraints fail only jointly with other VRs",
                 excluded, excluded ? ", e.g. " : "", excluded ? first_excl : "");
    }
    sched_state_move(st, v, from);
}

int sched_state_first_violation(sched_state_t *st, char *buf, size_t len)
{
    const sched_inst_t *inst = st->inst;
    char why[512];
    for (int v = 0; v < inst->n_vrs; v++) {
        int h = st->host[v];
        if (h < 0) {
            sched_state_explain(st, v, why, sizeof why);
            snprintf(buf, len, "cannot place %s", why);
            return v;
        }
    }
    /* Placed VRs whose placement breaks something: test each against its own host. */
    for (int v = 0; v < inst->n_vrs; v++) {
        int h = st->host[v];
        sched_state_move(st, v, -1);
        const char *w = why_not(st, v, h, why, sizeof why);
        sched_state_move(st, v, h);
        if (w) {
            snprintf(buf, len, "VR '%s' on '%s': %s", inst->vrs[v].name, inst->nodes[h].name, w);
            return v;
        }
    }
    snprintf(buf, len, "constraints are violated jointly (no single VR isolates it)");
    return -1;
}
