/* The survivability families: a redundancy pair counts once when its two VRs share a
 * router, a POP or a substrate link (sched_eval.h's shared_pairs). Exact for binary x: the
 * same count as the local search's. */
#include <string.h>
#include <stdlib.h>

#include "sched_milp_build_internal.h"

static bool router_or_pop(const sched_inst_t *inst, int p, int q)
{
    return p == q || (inst->nodes[p].pop >= 0 && inst->nodes[p].pop == inst->nodes[q].pop);
}

/* Nothing of the pair moves: neither VR nor a virtual-link neighbour of either. */
static bool pair_still(const sched__mb_t *B, int v, int w)
{
    const sched_inst_t *inst = B->inst;
    if (B->xoff[v] || B->xoff[w])
        return false;
    for (int side = 0; side < 2; side++) {
        int u = side ? w : v;
        for (int k = inst->nadj_off[u]; k < inst->nadj_off[u + 1]; k++) {
            const sched_vlink_t *l = &inst->vlinks[inst->nadj[k]];
            if (B->xoff[l->a] || B->xoff[l->b])
                return false;
        }
    }
    return true;
}

vs_err_t sched__milp_survive_pairs(sched__mb_t *B)
{
    const sched_inst_t *inst = B->inst;
    vs_err_t err = VS_OK;
    if (B->obj != SCHED_OBJ_SURVIVE)
        goto out;
    B->lp->tag = SCHED_MILP_SURVIVE;
    for (int v = 0; v < inst->n_vrs; v++) {
        int w = inst->vrs[v].partner, sg;
        if (w <= v || (B->xoff[v] && B->xoff[w]))
            continue; /* both move: redundancy's POP rows */
        int p = B->fixed_host[v], q = B->fixed_host[w];
        if (pair_still(B, v, w)) {
            /* a constant, so that large instances get no column and rows per untouched pair */
            if (router_or_pop(inst, p, q) ||
                sched_pair_shares_link(inst, B->fixed_host, v, w, B->stamp, ++B->sgen))
                B->lp->obj_const += 1;
            continue;
        }
        VS_TRY(sched_lp_add_col(B->lp, SCHED_LP_CONT, 0, 1, 1.0, &sg));
        B->scol[v] = sg;
        if (!B->xoff[v] && !B->xoff[w]) { /* only neighbours move: links, below */
            if (router_or_pop(inst, p, q))
                B->lp->lb[sg] = 1;
            continue;
        }
        /* one moves: x-terms in the fixed partner's POP - s <= 0 */
        int m = B->xoff[v] ? v : w, h = B->fixed_host[B->xoff[v] ? w : v], row = 0;
        for (int i = 0; i < inst->n_cand[m]; i++) {
            if (!router_or_pop(inst, inst->cand[m][i], h))
                continue;
            if (!row)
                VS_TRY(sched_lp_add_row(B->lp, SCHED_LP_LE, 0, &row));
            VS_TRY(sched_lp_add(B->lp, row, B->xoff[m] + i, 1));
        }
        if (row)
            VS_TRY(sched_lp_add(B->lp, row, sg, -1));
    }
out:
    return err;
}

/* How many columns place virtual link e: its z columns when both ends move, the moving
 * end's x columns when one does, else one term, the fixed placement. */
static int vlink_nterms(const sched__mb_t *B, int e)
{
    const sched_vlink_t *l = &B->inst->vlinks[e];
    if (B->xoff[l->a] && B->xoff[l->b])
        return B->zend[e] - B->zbeg[e];
    if (!B->xoff[l->a] && !B->xoff[l->b])
        return 1;
    return B->inst->n_cand[B->xoff[l->a] ? l->a : l->b];
}

/* The t-th of them: its column (0 for the fixed placement) and the hosts it gives the
 * link's ends a and b. */
static void vlink_term(const sched__mb_t *B, int e, int t, int *col, int *p, int *q)
{
    const sched_inst_t *inst = B->inst;
    const sched_vlink_t *l = &inst->vlinks[e];
    int a = l->a, b = l->b, m = B->xoff[a] ? a : b;
    if (B->xoff[a] && B->xoff[b]) {
        const sched__z_t *z = &B->z[B->zbeg[e] + t];
        *col = z->col, *p = z->p, *q = z->q;
    } else if (!B->xoff[a] && !B->xoff[b]) {
        *col = 0, *p = B->fixed_host[a], *q = B->fixed_host[b];
    } else {
        *col = B->xoff[m] + t, *p = inst->cand[m][t];
        *q = B->fixed_host[m == a ? b : a];
    }
}

static vs_err_t new_y(sched__mb_t *B, int u, int li, int *col)
{
    vs_err_t err = VS_OK;
    VS_TRY(sched_lp_add_col(B->lp, SCHED_LP_CONT, 0, 1, 0.0, col));
    if (B->n_y == B->cap_y) {
        int cap = B->cap_y ? 2 * B->cap_y : 256;
        sched__y_t *ny = realloc(B->y, (size_t)cap * sizeof *ny);
        if (!ny) {
            err = vs_fail(VS_ENOMEM, "out of memory");
            goto out;
        }
        B->y = ny;
        B->cap_y = cap;
    }
    B->y[B->n_y++] = (sched__y_t){*col, u, li};
out:
    return err;
}

/* y[u,l] >= the use of substrate link l by each virtual link of u (the sum of the columns
 * whose placement routes it over l, either direction); a virtual link where nothing moves
 * and that uses l fixes y at 1. Y[l]: y's column (0 none); urow: scratch. */
static vs_err_t use_rows(sched__mb_t *B, int u, int *Y, int *urow)
{
    const sched_inst_t *inst = B->inst;
    size_t nl = (size_t)inst->n_links + 1;
    vs_err_t err = VS_OK;
    memset(Y, 0, nl * sizeof *Y);
    for (int k = inst->nadj_off[u]; k < inst->nadj_off[u + 1]; k++) {
        int e = inst->nadj[k], nterm = vlink_nterms(B, e);
        memset(urow, 0, nl * sizeof *urow);
        for (int t = 0; t < nterm; t++) {
            int col, p, q;
            vlink_term(B, e, t, &col, &p, &q);
            B->sgen++; /* each link counted once per term, whichever direction uses it */
            for (int dir = 0; dir < 2; dir++) {
                int x0 = dir ? q : p, x1 = dir ? p : q;
                for (int g = inst->n_nodes, dl; g-- > 0 && (dl = sched__hop(inst, &x0, x1)) >= 0;) {
                    int li = dl / 2;
                    if (B->stamp[li] == B->sgen)
                        continue;
                    B->stamp[li] = B->sgen;
                    if (!Y[li])
                        VS_TRY(new_y(B, u, li, &Y[li]));
                    if (!col) {
                        B->lp->lb[Y[li]] = 1;
                        continue;
                    }
                    if (!urow[li]) { /* use - y <= 0 */
                        VS_TRY(sched_lp_add_row(B->lp, SCHED_LP_LE, 0, &urow[li]));
                        VS_TRY(sched_lp_add(B->lp, urow[li], Y[li], -1));
                    }
                    VS_TRY(sched_lp_add(B->lp, urow[li], col, 1));
                }
            }
        }
    }
out:
    return err;
}

/* Link sharing, for each pair with an s column: s >= y[v,l] + y[w,l] - 1. */
vs_err_t sched__milp_survive_links(sched__mb_t *B)
{
    const sched_inst_t *inst = B->inst;
    int nl = inst->n_links;
    vs_err_t err = VS_OK;
    int *Y0 = NULL, *Y1 = NULL, *urow = NULL;
    if (B->obj != SCHED_OBJ_SURVIVE)
        goto out;
    Y0 = calloc((size_t)nl + 1, sizeof *Y0);
    Y1 = calloc((size_t)nl + 1, sizeof *Y1);
    urow = calloc((size_t)nl + 1, sizeof *urow);
    if (!Y0 || !Y1 || !urow) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    B->lp->tag = SCHED_MILP_SURVIVE;
    for (int v = 0; v < inst->n_vrs; v++) {
        int w = inst->vrs[v].partner, sg = B->scol[v];
        if (w <= v || !sg)
            continue;
        VS_TRY(use_rows(B, v, Y0, urow));
        VS_TRY(use_rows(B, w, Y1, urow));
        for (int li = 0; li < nl; li++) {
            if (!Y0[li] || !Y1[li])
                continue;
            int row;
            VS_TRY(sched_lp_add_row(B->lp, SCHED_LP_LE, 1, &row));
            VS_TRY(sched_lp_add(B->lp, row, Y0[li], 1));
            VS_TRY(sched_lp_add(B->lp, row, Y1[li], 1));
            VS_TRY(sched_lp_add(B->lp, row, sg, -1));
        }
    }
out:
    free(Y0);
    free(Y1);
    free(urow);
    return err;
}

/* Does a virtual link of VR u, placed by host, use substrate link li (either direction)? */
static bool uses_link(const sched_inst_t *inst, const int *host, int u, int li)
{
    for (int k = inst->nadj_off[u]; k < inst->nadj_off[u + 1]; k++) {
        const sched_vlink_t *l = &inst->vlinks[inst->nadj[k]];
        for (int dir = 0; dir < 2; dir++) {
            int x0 = host[dir ? l->b : l->a], x1 = host[dir ? l->a : l->b];
            for (int g = inst->n_nodes, dl; g-- > 0 && (dl = sched__hop(inst, &x0, x1)) >= 0;)
                if (dl / 2 == li)
                    return true;
        }
    }
    return false;
}

void sched__milp_survive_start(sched__mb_t *B, const int *host, double *x)
{
    const sched_inst_t *inst = B->inst;
    for (int v = 0; v < inst->n_vrs; v++) {
        int w = inst->vrs[v].partner;
        if (!B->scol[v] || w < 0)
            continue;
        x[B->scol[v]] = router_or_pop(inst, host[v], host[w]) ||
                        sched_pair_shares_link(inst, host, v, w, B->stamp, ++B->sgen);
    }
    for (int i = 0; i < B->n_y; i++)
        x[B->y[i].col] = uses_link(inst, host, B->y[i].vr, B->y[i].link);
}
