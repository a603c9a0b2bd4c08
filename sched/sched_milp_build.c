/* The MILP's families, in the order they add rows and columns (objective, assignment, router
 * capacity and power, redundancy, survivability of pairs, virtual links, link loads,
 * survivability of links). The order fixes the numbering of rows and columns, and with it
 * the path the solver takes, so it changes only with a reason. */
#include "sched_milp_build.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sched_milp_build_internal.h"

/* A link's utilization ceiling: its own, else the instance's headroom. */
static double ceiling(const sched_inst_t *inst, const sched_link_t *k)
{
    return k->max_util > 0 ? k->max_util : inst->headroom;
}

/* U, the maximum link or router utilization that mlu and cpu minimise. */
static vs_err_t objective_col(sched__mb_t *B)
{
    vs_err_t err = VS_OK;
    if (B->obj != SCHED_OBJ_MLU && B->obj != SCHED_OBJ_CPU)
        goto out;
    B->lp->tag = SCHED_MILP_OBJECTIVE;
    VS_TRY(sched_lp_add_col(B->lp, SCHED_LP_CONT, 0, INFINITY, 1.0, &B->colU));
    VS_TRY(sched_lp_name_col(B->lp, B->colU,
                             B->obj == SCHED_OBJ_MLU ? "max_link_util" : "max_cpu_util"));
out:
    return err;
}

/* A movable VR without a candidate: say why one router refuses it, preferring a router that
 * is not being drained (its reason tells more). */
static vs_err_t no_candidate(const sched_inst_t *inst, int v)
{
    char buf[256], first[256] = "";
    for (int p = 0; p < inst->n_nodes; p++) {
        if (!inst->nodes[p].router || !sched_ineligible(inst, v, p, buf, sizeof buf))
            continue;
        if (!first[0] || (!inst->nodes[p].drained && strstr(first, "being drained")))
            snprintf(first, sizeof first, "%s", buf);
    }
    return vs_fail(VS_EINFEASIBLE,
                   "infeasible: cannot place VR '%s': no eligible router at all (e.g. %s)",
                   inst->vrs[v].name, first);
}

static bool same_pop(const sched_inst_t *inst, int p, int q)
{
    return inst->nodes[p].pop >= 0 && inst->nodes[p].pop == inst->nodes[q].pop;
}

/* x[v,p]'s objective coefficient and upper bound. The bound is 0 when p would put v beside
 * its fixed partner or beyond a fixed neighbour's latency bound; the column stays, so that
 * x[v, cand[v][k]] is always column xoff[v] + k. */
static void x_col(const sched__mb_t *B, int v, int p, double *cost, double *ub)
{
    const sched_inst_t *inst = B->inst;
    const sched_vr_t *x = &inst->vrs[v];
    double c = 0, hi = 1;
    if (B->obj == SCHED_OBJ_MIGRATIONS && p != x->home)
        c = 1;
    if (B->obj == SCHED_OBJ_CPU_TOTAL && inst->nodes[p].cpu > 0)
        c = x->cpu / inst->nodes[p].cpu;
    if (B->obj == SCHED_OBJ_POWER) {
        const sched_node_t *r = &inst->nodes[p];
        c = (r->port_w * x->ports + (r->cpu > 0 ? r->load_w * x->cpu / r->cpu : 0)) / 1000.0 *
            r->price * inst->hours;
    }
    int w = x->partner;
    if (w >= 0 && !inst->vrs[w].movable) {
        int h = inst->vrs[w].home;
        if (h == p || ((x->pop_diverse || inst->vrs[w].pop_diverse) && same_pop(inst, p, h)))
            hi = 0;
    }
    for (int a = inst->nadj_off[v]; a < inst->nadj_off[v + 1]; a++) {
        const sched_vlink_t *l = &inst->vlinks[inst->nadj[a]];
        int o = l->a == v ? l->b : l->a;
        if (inst->vrs[o].movable)
            continue;
        double lat = sched_dist(inst, p, inst->vrs[o].home);
        if (isinf(lat) || (l->max_lat_ms > 0 && lat > l->max_lat_ms + 1e-9))
            hi = 0;
        else if (B->obj == SCHED_OBJ_STRETCH)
            c += lat - l->base_lat_ms;
    }
    *cost = c;
    *ub = hi;
}

/* x columns, named after the VR and router for --export-lp readers, and sum_p x[v,p] = 1. */
static vs_err_t assign(sched__mb_t *B)
{
    const sched_inst_t *inst = B->inst;
    vs_err_t err = VS_OK;
    char name[64];
    B->lp->tag = SCHED_MILP_ASSIGN;
    for (int v = 0; v < inst->n_vrs; v++) {
        if (!inst->vrs[v].movable)
            continue;
        if (inst->n_cand[v] == 0) {
            err = no_candidate(inst, v);
            goto out;
        }
        int row, col;
        VS_TRY(sched_lp_add_row(B->lp, SCHED_LP_EQ, 1.0, &row));
        for (int k = 0; k < inst->n_cand[v]; k++) {
            double c, hi;
            x_col(B, v, inst->cand[v][k], &c, &hi);
            VS_TRY(sched_lp_add_col(B->lp, SCHED_LP_BIN, 0, hi, c, &col));
            if (k == 0)
                B->xoff[v] = col;
            snprintf(name, sizeof name, "x_v%d_n%d", v, inst->cand[v][k]);
            VS_TRY(sched_lp_name_col(B->lp, col, name));
            VS_TRY(sched_lp_add(B->lp, row, col, 1.0));
        }
    }
out:
    return err;
}

/* The rows and columns of one router that the x columns on it enter. */
typedef struct {
    int cpu, mem, slots, ports; /* capacity left by the fixed VRs */
    int ucpu;                   /* cpu objective: fixed cpu + sum <= C cap */
    int on, lc, lcrow;          /* power: on_p, lc_p, and ports <= ports_per_card lc_p */
} node_rows_t;

/* CPU, memory, VR slots and ports that router p has left beside its fixed VRs; under cpu,
 * its load bounded by U. */
static vs_err_t capacity_rows(sched__mb_t *B, int p, node_rows_t *nr)
{
    const sched_node_t *r = &B->inst->nodes[p];
    vs_err_t err = VS_OK;
    double fcpu, fmem;
    int fcount, fports;
    sched_state_usage(B->fx, p, &fcpu, &fmem, &fcount, &fports);
    B->lp->tag = SCHED_MILP_CAPACITY;
    VS_TRY(sched_lp_add_row(B->lp, SCHED_LP_LE, r->cpu - fcpu, &nr->cpu));
    VS_TRY(sched_lp_add_row(B->lp, SCHED_LP_LE, r->mem_mb - fmem, &nr->mem));
    VS_TRY(sched_lp_add_row(B->lp, SCHED_LP_LE, r->vr_slots - fcount, &nr->slots));
    VS_TRY(sched_lp_add_row(B->lp, SCHED_LP_LE, (double)r->linecards * r->ports_per_card - fports,
                            &nr->ports));
    if (B->obj == SCHED_OBJ_CPU && r->cpu > 0) {
        B->lp->tag = SCHED_MILP_OBJECTIVE;
        VS_TRY(sched_lp_add_row(B->lp, SCHED_LP_LE, -fcpu, &nr->ucpu));
        VS_TRY(sched_lp_add(B->lp, nr->ucpu, B->colU, -r->cpu));
    }
out:
    return err;
}

/* Power on router p: lc_p line cards for the ports used and, when p may go dark (no fixed
 * VR, not forced on), on_p with lc_p <= linecards on_p. A router that stays on puts its
 * chassis and the fixed VRs' ports and load into the constant. */
static vs_err_t power_cols(sched__mb_t *B, int p, bool fixed_on, node_rows_t *nr)
{
    const sched_node_t *r = &B->inst->nodes[p];
    vs_err_t err = VS_OK;
    if (B->obj != SCHED_OBJ_POWER)
        goto out;
    double fcpu, fmem;
    int fcount, fports;
    sched_state_usage(B->fx, p, &fcpu, &fmem, &fcount, &fports);
    double k = r->price * B->inst->hours / 1000.0;
    B->lp->tag = SCHED_MILP_POWER;
    if (!fixed_on)
        VS_TRY(sched_lp_add_col(B->lp, SCHED_LP_BIN, 0, 1, k * r->chassis_w, &nr->on));
    else
        B->lp->obj_const += k * (r->chassis_w + r->port_w * fports +
                                 (r->cpu > 0 ? r->load_w * fcpu / r->cpu : 0));
    VS_TRY(sched_lp_add_col(B->lp, SCHED_LP_INT, 0, r->linecards, k * r->linecard_w, &nr->lc));
    VS_TRY(sched_lp_add_row(B->lp, SCHED_LP_LE, -fports, &nr->lcrow));
    VS_TRY(sched_lp_add(B->lp, nr->lcrow, nr->lc,
                        -(double)(r->ports_per_card > 0 ? r->ports_per_card : 1)));
    if (nr->on) {
        int row;
        VS_TRY(sched_lp_add_row(B->lp, SCHED_LP_LE, 0, &row));
        VS_TRY(sched_lp_add(B->lp, row, nr->lc, 1));
        VS_TRY(sched_lp_add(B->lp, row, nr->on, -r->linecards));
    }
out:
    return err;
}

/* Each x[v,p]'s coefficients in p's rows; under power also x[v,p] <= on_p. */
static vs_err_t node_coefs(sched__mb_t *B, int p, const node_rows_t *nr)
{
    const sched_inst_t *inst = B->inst;
    vs_err_t err = VS_OK;
    B->lp->tag = SCHED_MILP_POWER;
    for (int v = 0; v < inst->n_vrs; v++) {
        if (!B->xoff[v])
            continue;
        const sched_vr_t *x = &inst->vrs[v];
        for (int k = 0; k < inst->n_cand[v]; k++) {
            if (inst->cand[v][k] != p)
                continue;
            int col = B->xoff[v] + k;
            VS_TRY(sched_lp_add(B->lp, nr->cpu, col, x->cpu));
            VS_TRY(sched_lp_add(B->lp, nr->mem, col, x->mem_mb));
            VS_TRY(sched_lp_add(B->lp, nr->slots, col, 1));
            VS_TRY(sched_lp_add(B->lp, nr->ports, col, x->ports));
            if (nr->ucpu)
                VS_TRY(sched_lp_add(B->lp, nr->ucpu, col, x->cpu));
            if (nr->lcrow)
                VS_TRY(sched_lp_add(B->lp, nr->lcrow, col, x->ports));
            if (nr->on) {
                int row;
                VS_TRY(sched_lp_add_row(B->lp, SCHED_LP_LE, 0, &row));
                VS_TRY(sched_lp_add(B->lp, row, col, 1));
                VS_TRY(sched_lp_add(B->lp, row, nr->on, -1));
            }
        }
    }
out:
    return err;
}

/* A router no x column can reach is checked here (the fixed VRs must fit) and under power
 * adds its draw to the constant; under cpu every router's fixed load bounds U below. */
static vs_err_t fixed_router(sched__mb_t *B, int p, bool fixed_on)
{
    const sched_node_t *r = &B->inst->nodes[p];
    double fcpu, fmem;
    int fcount, fports;
    sched_state_usage(B->fx, p, &fcpu, &fmem, &fcount, &fports);
    if (fcpu > r->cpu * (1 + 1e-9) || fmem > r->mem_mb * (1 + 1e-9) || fcount > r->vr_slots ||
        fports > r->linecards * r->ports_per_card)
        return vs_fail(VS_EINFEASIBLE,
                       "infeasible: router '%s' is over capacity with the VRs that may not move",
                       r->name);
    if (B->obj == SCHED_OBJ_POWER)
        B->lp->obj_const += sched_node_power_w(r, fixed_on, fports, fcpu, NULL) / 1000.0 *
                            r->price * B->inst->hours;
    return VS_OK;
}

/* Capacity and power, router by router. */
static vs_err_t routers(sched__mb_t *B)
{
    const sched_inst_t *inst = B->inst;
    vs_err_t err = VS_OK;
    char *reached = calloc((size_t)inst->n_nodes + 1, 1); /* some x column on the router */
    if (!reached) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    for (int v = 0; v < inst->n_vrs; v++)
        for (int k = 0; B->xoff[v] && k < inst->n_cand[v]; k++)
            reached[inst->cand[v][k]] = 1;
    for (int p = 0; p < inst->n_nodes; p++) {
        const sched_node_t *r = &inst->nodes[p];
        if (!r->router)
            continue;
        double fcpu, fmem;
        int fcount, fports;
        sched_state_usage(B->fx, p, &fcpu, &fmem, &fcount, &fports);
        if (B->obj == SCHED_OBJ_CPU && r->cpu > 0 && fcpu / r->cpu > B->lp->lb[B->colU])
            B->lp->lb[B->colU] = fcpu / r->cpu;
        if (B->obj == SCHED_OBJ_CPU_TOTAL && r->cpu > 0)
            B->lp->obj_const += fcpu / r->cpu;
        bool fixed_on = fcount > 0 || r->forced_on;
        if (!reached[p]) {
            VS_TRY(fixed_router(B, p, fixed_on));
            continue;
        }
        node_rows_t nr = {0};
        VS_TRY(capacity_rows(B, p, &nr));
        VS_TRY(power_cols(B, p, fixed_on, &nr));
        B->on[p] = nr.on;
        B->lc[p] = nr.lc;
        VS_TRY(node_coefs(B, p, &nr));
    }
out:
    free(reached);
    return err;
}

/* Partners v and w (both movable) in one POP: per POP a row over both VRs' x columns there,
 * at most 1 when pop-diverse, else (survivability) at most 1 + s_pair. */
static vs_err_t pop_rows(sched__mb_t *B, int v, int w, int sg, bool diverse)
{
    const sched_inst_t *inst = B->inst;
    vs_err_t err = VS_OK;
    B->lp->tag = diverse ? SCHED_MILP_REDUNDANCY : SCHED_MILP_SURVIVE;
    for (int P = 0; P < inst->n_pops; P++) {
        int row = 0;
        for (int side = 0; side < 2; side++) {
            int u = side ? w : v;
            for (int i = 0; i < inst->n_cand[u]; i++) {
                if (inst->nodes[inst->cand[u][i]].pop != P)
                    continue;
                if (!row)
                    VS_TRY(sched_lp_add_row(B->lp, SCHED_LP_LE, 1, &row));
                VS_TRY(sched_lp_add(B->lp, row, B->xoff[u] + i, 1));
            }
        }
        if (row && sg && !diverse)
            VS_TRY(sched_lp_add(B->lp, row, sg, -1));
    }
out:
    return err;
}

/* Partners that both move are never on one router; their POP rows follow, with the pair's
 * s column first under survivability. (A fixed partner is x_col's upper bound.) */
static vs_err_t redundancy(sched__mb_t *B)
{
    const sched_inst_t *inst = B->inst;
    vs_err_t err = VS_OK;
    for (int v = 0; v < inst->n_vrs; v++) {
        int w = inst->vrs[v].partner;
        if (w < v || !B->xoff[v] || !B->xoff[w])
            continue;
        B->lp->tag = SCHED_MILP_REDUNDANCY;
        for (int i = 0; i < inst->n_cand[v]; i++)
            for (int j = 0; j < inst->n_cand[w]; j++) {
                if (inst->cand[v][i] != inst->cand[w][j])
                    continue;
                int row;
                VS_TRY(sched_lp_add_row(B->lp, SCHED_LP_LE, 1, &row));
                VS_TRY(sched_lp_add(B->lp, row, B->xoff[v] + i, 1));
                VS_TRY(sched_lp_add(B->lp, row, B->xoff[w] + j, 1));
            }
        bool diverse = inst->vrs[v].pop_diverse || inst->vrs[w].pop_diverse;
        if (!diverse && B->obj != SCHED_OBJ_SURVIVE)
            continue;
        int sg = 0;
        if (B->obj == SCHED_OBJ_SURVIVE) {
            B->lp->tag = SCHED_MILP_SURVIVE;
            VS_TRY(sched_lp_add_col(B->lp, SCHED_LP_CONT, 0, 1, 1.0, &sg));
            B->scol[v] = sg;
        }
        VS_TRY(pop_rows(B, v, w, sg, diverse));
    }
out:
    return err;
}

/* Adds d (bps) for column col to every directed link on the path s -> t. */
static vs_err_t path_load(const sched_inst_t *inst, sched_lp_t *loads, int s, int t, int col,
                          double d)
{
    vs_err_t err = VS_OK;
    if (d <= 0)
        goto out;
    for (int g = inst->n_nodes, dl; g-- > 0 && (dl = sched__hop(inst, &s, t)) >= 0;)
        VS_TRY(sched_lp_add(loads, dl, col, d));
out:
    return err;
}

/* Virtual link e between movable VRs v (the lower index) and o: z[e,p,q] for every pair of
 * candidates within the latency bound, with sum_q z = x[v,p] and sum_p z = x[o,q]; each z
 * loads the links of its path (into `loads`). */
static vs_err_t z_cols(sched__mb_t *B, int e, int v, int o, sched_lp_t *loads)
{
    const sched_inst_t *inst = B->inst;
    const sched_vlink_t *l = &inst->vlinks[e];
    double dout = l->a == v ? l->d_bps[0] : l->d_bps[1];
    double din = l->a == v ? l->d_bps[1] : l->d_bps[0];
    vs_err_t err = VS_OK;
    int *rowp = malloc((size_t)inst->n_cand[v] * sizeof(int));
    int *rowq = malloc((size_t)inst->n_cand[o] * sizeof(int));
    if (!rowp || !rowq) {
        err = vs_fail(VS_ENOMEM, "out of memory (MILP virtual-link pairs)");
        goto out;
    }
    B->lp->tag = SCHED_MILP_VLINK;
    B->zbeg[e] = B->n_z;
    for (int i = 0; i < inst->n_cand[v]; i++) {
        VS_TRY(sched_lp_add_row(B->lp, SCHED_LP_EQ, 0, &rowp[i]));
        VS_TRY(sched_lp_add(B->lp, rowp[i], B->xoff[v] + i, -1));
    }
    for (int j = 0; j < inst->n_cand[o]; j++) {
        VS_TRY(sched_lp_add_row(B->lp, SCHED_LP_EQ, 0, &rowq[j]));
        VS_TRY(sched_lp_add(B->lp, rowq[j], B->xoff[o] + j, -1));
    }
    for (int i = 0; i < inst->n_cand[v]; i++)
        for (int j = 0; j < inst->n_cand[o]; j++) {
            int p = inst->cand[v][i], q = inst->cand[o][j], z;
            double lat = sched_dist(inst, p, q);
            if (isinf(lat) || (l->max_lat_ms > 0 && lat > l->max_lat_ms + 1e-9))
                continue;
            VS_TRY(sched_lp_add_col(B->lp, SCHED_LP_CONT, 0, 1,
                                    B->obj == SCHED_OBJ_STRETCH ? lat - l->base_lat_ms : 0, &z));
            if (B->n_z == B->cap_z) {
                int cap = B->cap_z ? B->cap_z * 2 : 256;
                sched__z_t *nz = realloc(B->z, (size_t)cap * sizeof *nz);
                if (!nz) {
                    err = vs_fail(VS_ENOMEM, "out of memory (MILP virtual-link pairs)");
                    goto out;
                }
                B->z = nz;
                B->cap_z = cap;
            }
            B->z[B->n_z++] = (sched__z_t){z, v, o, p, q, e};
            VS_TRY(sched_lp_add(B->lp, rowp[i], z, 1));
            VS_TRY(sched_lp_add(B->lp, rowq[j], z, 1));
            VS_TRY(path_load(inst, loads, p, q, z, dout));
            VS_TRY(path_load(inst, loads, q, p, z, din));
        }
    B->zend[e] = B->n_z;
out:
    free(rowp);
    free(rowq);
    return err;
}

/* Every virtual link of a movable VR loads the links of its path: through z columns when
 * both ends move, through the moving end's x columns otherwise. Under stretch, the virtual
 * links where neither end moves add their stretch to the constant. */
static vs_err_t vlinks(sched__mb_t *B, sched_lp_t *loads)
{
    const sched_inst_t *inst = B->inst;
    vs_err_t err = VS_OK;
    for (int v = 0; v < inst->n_vrs; v++) {
        if (!B->xoff[v])
            continue;
        for (int a = inst->nadj_off[v]; a < inst->nadj_off[v + 1]; a++) {
            int e = inst->nadj[a];
            const sched_vlink_t *l = &inst->vlinks[e];
            int o = l->a == v ? l->b : l->a;
            if (B->xoff[o]) {
                if (o > v) /* once, from the lower index */
                    VS_TRY(z_cols(B, e, v, o, loads));
                continue;
            }
            double dout = l->a == v ? l->d_bps[0] : l->d_bps[1];
            double din = l->a == v ? l->d_bps[1] : l->d_bps[0];
            int h = inst->vrs[o].home;
            for (int i = 0; i < inst->n_cand[v]; i++) {
                int p = inst->cand[v][i], col = B->xoff[v] + i;
                VS_TRY(path_load(inst, loads, p, h, col, dout));
                VS_TRY(path_load(inst, loads, h, p, col, din));
            }
        }
    }
    if (B->obj == SCHED_OBJ_STRETCH)
        for (int e = 0; e < inst->n_vlinks; e++) {
            const sched_vlink_t *l = &inst->vlinks[e];
            if (!B->xoff[l->a] && !B->xoff[l->b])
                B->lp->obj_const +=
                    sched_dist(inst, B->fixed_host[l->a], B->fixed_host[l->b]) - l->base_lat_ms;
        }
out:
    return err;
}

/* Directed links no column loads: the fixed VRs alone must keep them within their ceiling;
 * under mlu they bound U below. */
static vs_err_t unloaded_links(sched__mb_t *B, const sched_lp_t *loads)
{
    const sched_inst_t *inst = B->inst;
    vs_err_t err = VS_OK;
    char *loaded = calloc(2 * (size_t)inst->n_links + 1, 1);
    if (!loaded) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < loads->nz; i++)
        loaded[loads->a[i].row] = 1;
    for (int dl = 0; dl < 2 * inst->n_links; dl++) {
        const sched_link_t *k = &inst->links[dl / 2];
        double f = sched_state_load(B->fx, dl);
        if (loaded[dl])
            continue;
        if (f > ceiling(inst, k) * k->cap_bps * (1 + 1e-9)) {
            err = vs_fail(VS_EINFEASIBLE,
                          "infeasible: link '%s' carries %.4g Gbps from VRs that may not move, "
                          "above the %.0f%% headroom of %.4g Gbps",
                          k->name, f / 1e9, ceiling(inst, k) * 100, k->cap_bps / 1e9);
            goto out;
        }
        if (B->obj == SCHED_OBJ_MLU && f / k->cap_bps > B->lp->lb[B->colU])
            B->lp->lb[B->colU] = f / k->cap_bps;
    }
out:
    free(loaded);
    return err;
}

/* One row per directed link some column loads, in utilization (fixed load / capacity + sum
 * <= ceiling); under mlu also fixed + sum <= U. loads must be finished (sorted). */
static vs_err_t link_rows(sched__mb_t *B, const sched_lp_t *loads)
{
    const sched_inst_t *inst = B->inst;
    vs_err_t err = VS_OK;
    for (size_t i = 0; i < loads->nz;) {
        int dl = loads->a[i].row, rh, ru = 0;
        const sched_link_t *k = &inst->links[dl / 2];
        double f = sched_state_load(B->fx, dl);
        B->lp->tag = SCHED_MILP_LINK;
        VS_TRY(sched_lp_add_row(B->lp, SCHED_LP_LE, ceiling(inst, k) - f / k->cap_bps, &rh));
        if (B->obj == SCHED_OBJ_MLU) {
            B->lp->tag = SCHED_MILP_OBJECTIVE;
            VS_TRY(sched_lp_add_row(B->lp, SCHED_LP_LE, -f / k->cap_bps, &ru));
            VS_TRY(sched_lp_add(B->lp, ru, B->colU, -1));
        }
        for (; i < loads->nz && loads->a[i].row == dl; i++) {
            int col = loads->a[i].col;
            double u = loads->a[i].val / k->cap_bps;
            VS_TRY(sched_lp_add(B->lp, rh, col, u));
            if (ru)
                VS_TRY(sched_lp_add(B->lp, ru, col, u));
        }
    }
out:
    return err;
}

/* The starting placement as column values (x, U, z, on, lc, s, y); NULL in *out when it
 * breaks a constraint or needs a column fixed at 0. */
static vs_err_t start_values(sched__mb_t *B, const int *host, double **out)
{
    const sched_inst_t *inst = B->inst;
    const sched_lp_t *lp = B->lp;
    double *x = calloc((size_t)lp->ncols + 1, sizeof *x);
    if (!x)
        return vs_fail(VS_ENOMEM, "out of memory");
    sched_metrics_t m;
    sched_metrics(inst, host, &m);
    bool ok = m.violation == 0;
    for (int v = 0; v < inst->n_vrs && ok; v++) {
        if (!B->xoff[v])
            continue;
        int k = 0;
        while (k < inst->n_cand[v] && inst->cand[v][k] != host[v])
            k++;
        ok = k < inst->n_cand[v] && lp->ub[B->xoff[v] + k] >= 0.5;
        if (ok)
            x[B->xoff[v] + k] = 1;
    }
    if (!ok) {
        free(x);
        *out = NULL;
        return VS_OK;
    }
    if (B->colU)
        x[B->colU] = B->obj == SCHED_OBJ_MLU ? m.mlu : m.max_cpu;
    for (int i = 0; i < B->n_z; i++)
        x[B->z[i].col] = host[B->z[i].a] == B->z[i].p && host[B->z[i].b] == B->z[i].q;
    sched__milp_survive_start(B, host, x);
    for (int p = 0; p < inst->n_nodes; p++) {
        if (!B->on[p] && !B->lc[p])
            continue;
        int cnt = 0, ports = 0;
        for (int v = 0; v < inst->n_vrs; v++)
            if (host[v] == p) {
                cnt++;
                ports += inst->vrs[v].ports;
            }
        if (B->on[p])
            x[B->on[p]] = cnt > 0;
        if (B->lc[p]) {
            int ppc = inst->nodes[p].ports_per_card > 0 ? inst->nodes[p].ports_per_card : 1;
            x[B->lc[p]] = (ports + ppc - 1) / ppc;
        }
    }
    *out = x;
    return VS_OK;
}

/* The families in order (see the top of this file). */
static vs_err_t families(sched__mb_t *B, const int *start, double **start_x)
{
    vs_err_t err = VS_OK;
    sched_lp_t loads; /* rows: directed links; entries: bps per column, before scaling */
    sched_lp_init(&loads);
    VS_TRY(objective_col(B));
    VS_TRY(assign(B));
    VS_TRY(routers(B));
    VS_TRY(redundancy(B));
    VS_TRY(sched__milp_survive_pairs(B));
    VS_TRY(vlinks(B, &loads));
    sched_lp_finish(&loads);
    VS_TRY(unloaded_links(B, &loads));
    VS_TRY(link_rows(B, &loads));
    VS_TRY(sched__milp_survive_links(B));
    if (start)
        VS_TRY(start_values(B, start, start_x));
out:
    sched_lp_free(&loads);
    return err;
}

vs_err_t sched_milp_build(const sched_inst_t *inst, sched_objective_t obj, const int *start,
                          sched_milp_model_t *out)
{
    vs_err_t err = VS_OK;
    int nv = inst->n_vrs, nn = inst->n_nodes;
    memset(out, 0, sizeof *out);
    sched_lp_init(&out->lp);
    sched__mb_t B = {.inst = inst, .obj = obj, .lp = &out->lp};
    B.xoff = out->xoff = calloc((size_t)nv + 1, sizeof(int));
    B.fixed_host = malloc(((size_t)nv + 1) * sizeof(int));
    B.on = calloc((size_t)nn + 1, sizeof(int));
    B.lc = calloc((size_t)nn + 1, sizeof(int));
    B.scol = calloc((size_t)nv + 1, sizeof(int));
    B.zbeg = calloc((size_t)inst->n_vlinks + 1, sizeof(int));
    B.zend = calloc((size_t)inst->n_vlinks + 1, sizeof(int));
    B.stamp = calloc((size_t)inst->n_links + 1, sizeof(unsigned));
    if (!B.xoff || !B.fixed_host || !B.on || !B.lc || !B.scol || !B.zbeg || !B.zend || !B.stamp) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    for (int v = 0; v < nv; v++)
        B.fixed_host[v] = inst->vrs[v].movable ? -1 : inst->vrs[v].home;
    VS_TRY(sched_state_create(inst, obj, B.fixed_host, &B.fx));
    VS_TRY(families(&B, start, &out->start));
    sched_lp_finish(&out->lp);
    if (out->start && !sched_lp_satisfies(&out->lp, out->start)) {
        free(out->start); /* a start GLPK would reject or, worse, trust */
        out->start = NULL;
    }
out:
    sched_state_destroy(B.fx);
    free(B.fixed_host);
    free(B.on);
    free(B.lc);
    free(B.scol);
    free(B.zbeg);
    free(B.zend);
    free(B.stamp);
    free(B.z);
    free(B.y);
    return err;
}

void sched_milp_model_free(sched_milp_model_t *m)
{
    if (!m)
        return;
    sched_lp_free(&m->lp);
    free(m->xoff);
    free(m->start);
    m->xoff = NULL;
    m->start = NULL;
}
