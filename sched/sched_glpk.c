/* The GLPK adapter: the only file that includes glpk.h (STYLE.md item 6). GLPK calls abort()
 * on internal errors and prints to stdout; this adapter installs an error hook that longjmps
 * back here (then frees GLPK's environment, as glp_error_hook's documentation requires) and
 * a terminal hook that swallows all output.
 *
 * The model. x[v,p] = 1 when movable VR v sits on candidate p (binary). A virtual link whose
 * other end is fixed contributes linearly through x; a virtual link between two movable VRs
 * gets continuous z[e,p,q] with sum_q z[e,p,q] = x[a,p] and sum_p z[e,p,q] = x[b,q] (exact for
 * binary x, and pairs breaking the latency bound simply have no z). Loads of directed links:
 * background + fixed VRs + sum of coefficient x var <= headroom x capacity. Objectives:
 *   mlu        min U, load_l <= U cap_l
 *   cpu        min C, cpu_p <= C cap_p
 *   stretch    min sum (latency - home latency) over virtual links
 *   survivability  min pairs sharing a router, POP or substrate link: s_g >= x-terms - 1
 *              per POP, s_g >= y[v,l] + y[w,l] - 1 per link l with y[u,l] >= u's use of l
 *   migrations min VRs away from home
 *   power      min sum price x hours x (chassis on_p + line card lc_p + ports + load share),
 *              x[v,p] <= on_p, ports_per_card lc_p >= ports on p.
 * The objective's constant part (VRs that cannot move) is GLPK's column 0 coefficient, so the
 * reported objective, bound and gap are those of the whole placement. */
#include <glpk.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sched_eval.h"
#include "sched_local.h"
#include "sched_milp.h"

#define HR(k) ((k)->max_util > 0 ? (k)->max_util : inst->headroom)

typedef struct {
    int row, col;
    double val;
} trip_t;

typedef struct {
    trip_t *t;
    size_t n, cap;
} trips_t;

static int trips_add(trips_t *T, int row, int col, double val)
{
    if (T->n == T->cap) {
        size_t nc = T->cap ? T->cap * 2 : 4096;
        trip_t *p = realloc(T->t, nc * sizeof *p);
        if (!p)
            return -1;
        T->t = p;
        T->cap = nc;
    }
    T->t[T->n++] = (trip_t){row, col, val};
    return 0;
}

static int cmp_trip(const void *a, const void *b)
{
    const trip_t *x = a, *y = b;
    if (x->row != y->row)
        return x->row < y->row ? -1 : 1;
    return (x->col > y->col) - (x->col < y->col);
}

long sched_milp_estimate_nz(const sched_inst_t *inst, sched_objective_t obj)
{
    long nz = 0;
    for (int v = 0; v < inst->n_vrs; v++) {
        if (!inst->vrs[v].movable)
            continue;
        long deg = inst->nadj_off[v + 1] - inst->nadj_off[v];
        nz += (long)inst->n_cand[v] * (6 + 2 * deg * 4);
        for (int k = inst->nadj_off[v]; k < inst->nadj_off[v + 1]; k++) {
            const sched_vlink_t *l = &inst->vlinks[inst->nadj[k]];
            int o = l->a == v ? l->b : l->a;
            if (inst->vrs[o].movable && o > v)
                nz += (long)inst->n_cand[v] * inst->n_cand[o] * 10;
        }
    }
    (void)obj;
    return nz;
}

typedef struct {
    int col, a, b, p, q; /* z column: VR a on p and VR b on q */
    int e;               /* its virtual link */
} zinfo_t;

typedef struct {
    jmp_buf jb;
    double bound; /* best node bound seen (NAN none) */
    const double *start; /* column values of a feasible start, 1-based; NULL none */
    bool start_given;
    int start_rc; /* glp_ios_heur_sol's answer (0 accepted); -1 not given */
} ctx_t;

static void error_hook(void *info)
{
    ctx_t *c = info;
    longjmp(c->jb, 1);
}

static int term_hook(void *info, const char *s)
{
    (void)info;
    (void)s;
    return 1; /* GLPK prints nothing */
}

static void callback(glp_tree *tree, void *info)
{
    ctx_t *c = info;
    int node = glp_ios_best_node(tree);
    if (node)
        c->bound = glp_ios_node_bound(tree, node);
    if (glp_ios_reason(tree) == GLP_IHEUR && c->start && !c->start_given) {
        c->start_given = true;
        c->start_rc = glp_ios_heur_sol(tree, c->start);
    }
}

/* Column bookkeeping. */
typedef struct {
    int *xoff;   /* per VR: first column of its x vars (index into cand), 0 when fixed */
    int *on;     /* per node: on_p column or 0 */
    int *lc;     /* per node: lc_p column or 0 */
    int U;       /* mlu / cpu column */
} cols_t;

typedef struct {
    int nrows, ncols, nz, colU;
    const char *rtype, *ctype;
    const double *rhs, *lb, *ub, *objc;
    double obj_const;
    int *ia, *ja;
    double *ar;
    const double *start;
    const int *xoff;
    double t0;
} milp_t;

/* Everything that calls GLPK, so that no local of the caller lives across the longjmp. */
static vs_err_t glpk_body(const sched_inst_t *inst, const sched_solve_opts_t *opts, milp_t *M,
                          ctx_t *ctx, sched_result_t *out)
{
    vs_err_t err = VS_OK;
    sched_objective_t obj = opts->objective;
    int nv = inst->n_vrs, nrows = M->nrows, ncols = M->ncols, nz = M->nz, colU = M->colU;
    const char *rtype = M->rtype, *ctype = M->ctype;
    const double *rhs = M->rhs, *lb = M->lb, *ub = M->ub, *objc = M->objc;
    double t0 = M->t0;
    glp_prob *lp = glp_create_prob();
    glp_set_prob_name(lp, "vroomsim_placement");
    glp_set_obj_dir(lp, GLP_MIN);
    glp_set_obj_coef(lp, 0, M->obj_const);
    if (nrows)
        glp_add_rows(lp, nrows);
    if (ncols)
        glp_add_cols(lp, ncols);
    char name[64];
    for (int r = 1; r <= nrows; r++) {
        snprintf(name, sizeof name, "r%d", r);
        glp_set_row_name(lp, r, name);
        glp_set_row_bnds(lp, r, rtype[r] == 'F' ? GLP_FX : rtype[r] == 'U' ? GLP_UP : GLP_LO,
                         rhs[r], rhs[r]);
    }
    for (int c = 1; c <= ncols; c++) {
        snprintf(name, sizeof name, "c%d", c);
        glp_set_col_name(lp, c, name);
        glp_set_col_kind(lp, c, ctype[c] == 'B' ? GLP_BV : ctype[c] == 'I' ? GLP_IV : GLP_CV);
        if (ctype[c] != 'B' || ub[c] < 0.5) {
            if (isinf(ub[c]))
                glp_set_col_bnds(lp, c, GLP_LO, lb[c], 0);
            else if (lb[c] == ub[c])
                glp_set_col_bnds(lp, c, GLP_FX, lb[c], ub[c]);
            else
                glp_set_col_bnds(lp, c, GLP_DB, lb[c], ub[c]);
        }
        glp_set_obj_coef(lp, c, objc[c]);
    }
    /* Name the x columns after the VR and router (sanitised) for --export-lp readers. */
    for (int v = 0; v < nv; v++)
        if (M->xoff[v])
            for (int k = 0; k < inst->n_cand[v]; k++) {
                snprintf(name, sizeof name, "x_v%d_n%d", v, inst->cand[v][k]);
                glp_set_col_name(lp, M->xoff[v] + k, name);
            }
    if (colU)
        glp_set_col_name(lp, colU, obj == SCHED_OBJ_MLU ? "max_link_util" : "max_cpu_util");
    glp_load_matrix(lp, nz, M->ia, M->ja, M->ar);
    if (opts->export_lp && glp_write_lp(lp, NULL, opts->export_lp) != 0) {
        glp_delete_prob(lp);
        err = vs_fail(VS_EIO, "--export-lp: cannot write '%s'", opts->export_lp);
        goto done;
    }

    double tl = opts->time_limit_s > 0 ? opts->time_limit_s : SCHED_DEFAULT_TIME_LIMIT_S;
    glp_smcp sm;
    glp_init_smcp(&sm);
    sm.msg_lev = GLP_MSG_OFF;
    sm.presolve = GLP_OFF;
    sm.tm_lim = (int)(tl * 1000);
    int rc = glp_simplex(lp, &sm);
    int lpst = glp_get_status(lp);
    if (rc == 0 && lpst == GLP_NOFEAS) {
        glp_delete_prob(lp);
        err = VS_EINFEASIBLE;
        goto done;
    }
    if (rc != 0 || lpst != GLP_OPT) {
        glp_delete_prob(lp);
        err = rc == GLP_ETMLIM
                  ? vs_fail(VS_ESOLVER, "GLPK: the LP relaxation did not finish within the time "
                                        "limit (%.3g s); try --solver local",
                            tl)
                  : vs_fail(VS_ESOLVER, "GLPK: LP relaxation failed (code %d, status %d)", rc, lpst);
        goto done;
    }
    double root_bound = glp_get_obj_val(lp);
    glp_iocp io;
    glp_init_iocp(&io);
    io.msg_lev = GLP_MSG_OFF;
    io.presolve = GLP_OFF;
    io.cb_func = callback;
    io.cb_info = ctx;
    io.mip_gap = 1e-9;
    double left = tl - (sched_now() - t0);
    io.tm_lim = left > 0.05 ? (int)(left * 1000) : 50;
    io.br_tech = GLP_BR_DTH;
    io.bt_tech = GLP_BT_BLB;
    io.fp_heur = GLP_ON;
    ctx->start = M->start;
    rc = glp_intopt(lp, &io);
    int mst = glp_mip_status(lp);
    if (mst == GLP_NOFEAS) {
        glp_delete_prob(lp);
        err = VS_EINFEASIBLE;
        goto done;
    }
    if (mst != GLP_OPT && mst != GLP_FEAS) {
        glp_delete_prob(lp);
        err = vs_fail(VS_ESOLVER,
                      "GLPK found no integer solution within the time limit (%.3g s, code %d); "
                      "try --solver local or a larger --time-limit",
                      tl, rc);
        goto done;
    }
    out->host = malloc(((size_t)nv + 1) * sizeof *out->host);
    if (!out->host) {
        glp_delete_prob(lp);
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto done;
    }
    for (int v = 0; v < nv; v++) {
        out->host[v] = inst->vrs[v].home;
        if (!M->xoff[v])
            continue;
        for (int k = 0; k < inst->n_cand[v]; k++)
            if (glp_mip_col_val(lp, M->xoff[v] + k) > 0.5)
                out->host[v] = inst->cand[v][k];
    }
    double mipobj = glp_mip_obj_val(lp);
    out->solver = "milp";
    out->objective = sched_objective_value(inst, obj, out->host);
    if (mst == GLP_OPT && rc == 0) {
        out->status = "optimal";
        out->bound = mipobj;
    } else {
        out->status = "time-limit";
        out->bound = isnan(ctx->bound) ? root_bound : fmax(root_bound, ctx->bound);
    }
    {
        double den = fabs(out->objective) > 1e-9 ? fabs(out->objective) : 1e-9;
        out->gap = fabs(out->objective - out->bound) / den;
        if (out->gap < 1e-9)
            out->gap = 0;
    }
    glp_delete_prob(lp);
done:
    return err;
}

static vs_err_t glpk_guarded(const sched_inst_t *inst, const sched_solve_opts_t *opts, milp_t *M,
                             ctx_t *ctx, sched_result_t *out)
{
    if (setjmp(ctx->jb)) {
        glp_free_env();
        return vs_fail(VS_ESOLVER, "GLPK failed internally (error hook); the model had %d rows, "
                                   "%d columns",
                       M->nrows, M->ncols);
    }
    glp_error_hook(error_hook, ctx);
    glp_term_hook(term_hook, NULL);
    vs_err_t e = glpk_body(inst, opts, M, ctx, out);
    glp_error_hook(NULL, NULL);
    glp_term_hook(NULL, NULL);
    glp_free_env();
    return e;
}

vs_err_t sched_milp_solve(const sched_inst_t *inst, const sched_solve_opts_t *opts,
                          sched_result_t *out)
{
    vs_err_t err = VS_OK;
    double t0 = sched_now();
    sched_objective_t obj = opts->objective;
    int nv = inst->n_vrs, nn = inst->n_nodes, nl = inst->n_links;
    memset(out, 0, sizeof *out);
    int *fixed_host = malloc(((size_t)nv + 1) * sizeof(int));
    cols_t C = {0};
    C.xoff = calloc((size_t)nv + 1, sizeof(int));
    C.on = calloc((size_t)nn + 1, sizeof(int));
    C.lc = calloc((size_t)nn + 1, sizeof(int));
    trips_t T = {0};
    sched_state_t *fx = NULL;
    double *objc = NULL, *start = NULL;
    int *ia = NULL, *ja = NULL;
    double *ar = NULL;
    /* Column metadata grown as columns are created. */
    int ncols = 0, cap_cols = 0;
    char *ctype = NULL; /* 'B' binary, 'I' integer, 'C' continuous */
    double *lb = NULL, *ub = NULL;
    double obj_const = 0;
    /* Row metadata: upper bounds (all rows are <= rhs, = rhs, or >= rhs). */
    int nrows = 0, cap_rows = 0;
    char *rtype = NULL; /* 'U' <=, 'F' =, 'L' >= */
    double *rhs = NULL;
    ctx_t *ctx = calloc(1, sizeof *ctx);
    zinfo_t *zi = NULL;
    int nz_info = 0, cap_zi = 0, n_s_cols = 0;
    /* Survivability: s column per redundancy pair (at its lower VR index), each virtual
     * link's range in zi, and scratch for the link-sharing rows. */
    int *scol = calloc((size_t)nv + 1, sizeof(int));
    int *zbeg = calloc((size_t)inst->n_vlinks + 1, sizeof(int));
    int *zend = calloc((size_t)inst->n_vlinks + 1, sizeof(int));
    int *ycol0 = calloc((size_t)nl + 1, sizeof(int)), *ycol1 = calloc((size_t)nl + 1, sizeof(int));
    int *urow = calloc((size_t)nl + 1, sizeof(int));
    unsigned *stamp = calloc((size_t)nl + 1, sizeof(unsigned));
    unsigned sgen = 0; /* the last stamp value used */
    int *ymeta = NULL, n_ymeta = 0, cap_ymeta = 0; /* y columns: (column, VR, link) triples */
    if (!fixed_host || !C.xoff || !C.on || !C.lc || !ctx || !scol || !zbeg || !zend || !ycol0 ||
        !ycol1 || !urow || !stamp) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    ctx->bound = NAN;
    ctx->start_rc = -1;

#define NEWCOL(type, lo, hi, cobj, outcol)                                                       \
    do {                                                                                         \
        if (ncols + 1 >= cap_cols) {                                                             \
            cap_cols = cap_cols ? cap_cols * 2 : 1024;                                           \
            char *nt = realloc(ctype, (size_t)cap_cols + 1);                                     \
            double *nlb = realloc(lb, ((size_t)cap_cols + 1) * sizeof *lb);                      \
            double *nub = nlb ? realloc(ub, ((size_t)cap_cols + 1) * sizeof *ub) : NULL;         \
            double *noc = nub ? realloc(objc, ((size_t)cap_cols + 1) * sizeof *objc) : NULL;     \
            if (nt) ctype = nt;                                                                  \
            if (nlb) lb = nlb;                                                                   \
            if (nub) ub = nub;                                                                   \
            if (noc) objc = noc;                                                                 \
            if (!nt || !nlb || !nub || !noc) {                                                   \
                err = vs_fail(VS_ENOMEM, "out of memory (MILP columns)");                        \
                goto out;                                                                        \
            }                                                                                    \
        }                                                                                        \
        ncols++;                                                                                 \
        ctype[ncols] = (type);                                                                   \
        lb[ncols] = (lo);                                                                        \
        ub[ncols] = (hi);                                                                        \
        objc[ncols] = (cobj);                                                                    \
        (outcol) = ncols;                                                                        \
    } while (0)
#define NEWROW(type, r, outrow)                                                                  \
    do {                                                                                         \
        if (nrows + 1 >= cap_rows) {                                                             \
            cap_rows = cap_rows ? cap_rows * 2 : 1024;                                           \
            char *nt = realloc(rtype, (size_t)cap_rows + 1);                                     \
            double *nr = nt ? realloc(rhs, ((size_t)cap_rows + 1) * sizeof *rhs) : NULL;        \
            if (nt) rtype = nt;                                                                  \
            if (nr) rhs = nr;                                                                    \
            if (!nt || !nr) {                                                                    \
                err = vs_fail(VS_ENOMEM, "out of memory (MILP rows)");                           \
                goto out;                                                                        \
            }                                                                                    \
        }                                                                                        \
        nrows++;                                                                                 \
        rtype[nrows] = (type);                                                                   \
        rhs[nrows] = (r);                                                                        \
        (outrow) = nrows;                                                                        \
    } while (0)
#define ADD(row, col, val)                                                                       \
    do {                                                                                         \
        if (trips_add(&T, (row), (col), (val))) {                                                \
            err = vs_fail(VS_ENOMEM, "out of memory (MILP matrix)");                             \
            goto out;                                                                            \
        }                                                                                        \
    } while (0)

    /* Fixed part: the VRs that do not move. */
    for (int v = 0; v < nv; v++)
        fixed_host[v] = inst->vrs[v].movable ? -1 : inst->vrs[v].home;
    if ((err = sched_state_create(inst, obj, fixed_host, &fx)))
        goto out;
    double hrs = inst->hours;

    /* The objective's own columns. */
    int colU = 0;
    if (obj == SCHED_OBJ_MLU || obj == SCHED_OBJ_CPU)
        NEWCOL('C', 0, INFINITY, 1.0, colU);
    C.U = colU;

    /* x columns and assignment rows. */
    for (int v = 0; v < nv; v++) {
        const sched_vr_t *x = &inst->vrs[v];
        if (!x->movable)
            continue;
        if (inst->n_cand[v] == 0) {
            char buf[256], first[256] = "";
            for (int p = 0; p < nn; p++) {
                if (!inst->nodes[p].router || !sched_ineligible(inst, v, p, buf, sizeof buf))
                    continue;
                if (!first[0] || (!inst->nodes[p].drained && strstr(first, "being drained")))
                    snprintf(first, sizeof first, "%s", buf);
            }
            err = vs_fail(VS_EINFEASIBLE,
                          "infeasible: cannot place VR '%s': no eligible router at all (e.g. %s)",
                          x->name, first);
            goto out;
        }
        int row;
        NEWROW('F', 1.0, row);
        for (int k = 0; k < inst->n_cand[v]; k++) {
            int p = inst->cand[v][k], col;
            double c = 0;
            if (obj == SCHED_OBJ_MIGRATIONS && p != x->home)
                c = 1;
            if (obj == SCHED_OBJ_POWER) {
                const sched_node_t *r = &inst->nodes[p];
                c = (r->port_w * x->ports + (r->cpu > 0 ? r->load_w * x->cpu / r->cpu : 0)) /
                    1000.0 * r->price * hrs;
            }
            double hi = 1;
            /* Redundancy with a fixed partner, and latency to fixed neighbours. */
            int w = x->partner;
            if (w >= 0 && !inst->vrs[w].movable) {
                int h = inst->vrs[w].home;
                if (h == p)
                    hi = 0;
                if ((x->pop_diverse || inst->vrs[w].pop_diverse) && inst->nodes[p].pop >= 0 &&
                    inst->nodes[p].pop == inst->nodes[h].pop)
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
                else if (obj == SCHED_OBJ_STRETCH)
                    c += lat - l->base_lat_ms;
            }
            NEWCOL('B', 0, hi, c, col);
            if (k == 0)
                C.xoff[v] = col;
            ADD(row, col, 1.0);
        }
    }
    if (obj == SCHED_OBJ_MIGRATIONS)
        for (int v = 0; v < nv; v++)
            if (!inst->vrs[v].movable && fixed_host[v] != inst->vrs[v].home)
                obj_const += 1;

    /* Node capacity rows (and the power columns). */
    for (int p = 0; p < nn; p++) {
        const sched_node_t *r = &inst->nodes[p];
        if (!r->router)
            continue;
        double fcpu, fmem;
        int fcount, fports;
        sched_state_usage(fx, p, &fcpu, &fmem, &fcount, &fports);
        bool has_vars = false;
        for (int v = 0; v < nv && !has_vars; v++)
            if (C.xoff[v])
                for (int k = 0; k < inst->n_cand[v]; k++)
                    if (inst->cand[v][k] == p) {
                        has_vars = true;
                        break;
                    }
        bool fixed_on = fcount > 0 || r->forced_on;
        if (!has_vars) {
            if (fcpu > r->cpu * (1 + 1e-9) || fmem > r->mem_mb * (1 + 1e-9) ||
                fcount > r->vr_slots || fports > r->linecards * r->ports_per_card) {
                err = vs_fail(VS_EINFEASIBLE,
                              "infeasible: router '%s' is over capacity with the VRs that may not move",
                              r->name);
                goto out;
            }
            if (obj == SCHED_OBJ_POWER)
                obj_const += sched_node_power_w(r, fixed_on, fports, fcpu, NULL) / 1000.0 *
                             r->price * hrs;
            continue;
        }
        int rc, rm, rs, rp;
        NEWROW('U', r->cpu - fcpu, rc);
        NEWROW('U', r->mem_mb - fmem, rm);
        NEWROW('U', r->vr_slots - fcount, rs);
        NEWROW('U', (double)r->linecards * r->ports_per_card - fports, rp);
        int rcpu = 0;
        if (obj == SCHED_OBJ_CPU && r->cpu > 0) { /* fcpu + sum <= C cap */
            NEWROW('U', -fcpu, rcpu);
            ADD(rcpu, colU, -r->cpu);
        }
        int colon = 0, collc = 0, rlc = 0;
        if (obj == SCHED_OBJ_POWER) {
            double k = r->price * hrs / 1000.0;
            if (!fixed_on)
                NEWCOL('B', 0, 1, k * r->chassis_w, colon);
            else
                obj_const += k * (r->chassis_w + r->port_w * fports +
                                  (r->cpu > 0 ? r->load_w * fcpu / r->cpu : 0));
            NEWCOL('I', 0, r->linecards, k * r->linecard_w, collc);
            NEWROW('U', -fports, rlc); /* fports + sum ports x - ppc lc <= 0 */
            ADD(rlc, collc, -(double)(r->ports_per_card > 0 ? r->ports_per_card : 1));
            if (colon) { /* lc <= linecards on */
                int rr;
                NEWROW('U', 0, rr);
                ADD(rr, collc, 1);
                ADD(rr, colon, -r->linecards);
            }
        }
        C.on[p] = colon;
        C.lc[p] = collc;
        for (int v = 0; v < nv; v++) {
            if (!C.xoff[v])
                continue;
            const sched_vr_t *x = &inst->vrs[v];
            for (int k = 0; k < inst->n_cand[v]; k++) {
                if (inst->cand[v][k] != p)
                    continue;
                int col = C.xoff[v] + k;
                ADD(rc, col, x->cpu);
                ADD(rm, col, x->mem_mb);
                ADD(rs, col, 1);
                ADD(rp, col, x->ports);
                if (rcpu)
                    ADD(rcpu, col, x->cpu);
                if (rlc)
                    ADD(rlc, col, x->ports);
                if (colon) {
                    int rr;
                    NEWROW('U', 0, rr);
                    ADD(rr, col, 1);
                    ADD(rr, colon, -1);
                }
            }
        }
    }
    if (obj == SCHED_OBJ_CPU) { /* C at least the fixed routers' load */
        for (int p = 0; p < nn; p++)
            if (inst->nodes[p].router && inst->nodes[p].cpu > 0) {
                double fcpu, fmem;
                int fc, fpo;
                sched_state_usage(fx, p, &fcpu, &fmem, &fc, &fpo);
                if (fcpu / inst->nodes[p].cpu > lb[colU])
                    lb[colU] = fcpu / inst->nodes[p].cpu;
            }
    }

    /* Redundancy between two movable partners, and survivability. */
    for (int v = 0; v < nv; v++) {
        int w = inst->vrs[v].partner;
        if (w < v || !C.xoff[v] || !C.xoff[w])
            continue;
        bool div = inst->vrs[v].pop_diverse || inst->vrs[w].pop_diverse;
        for (int i = 0; i < inst->n_cand[v]; i++)
            for (int j = 0; j < inst->n_cand[w]; j++)
                if (inst->cand[v][i] == inst->cand[w][j]) {
                    int rr;
                    NEWROW('U', 1, rr);
                    ADD(rr, C.xoff[v] + i, 1);
                    ADD(rr, C.xoff[w] + j, 1);
                }
        if (div || obj == SCHED_OBJ_SURVIVE) {
            int sg = 0;
            if (obj == SCHED_OBJ_SURVIVE) {
                NEWCOL('C', 0, 1, 1.0, sg);
                scol[v] = sg;
                n_s_cols++;
            }
            for (int P = 0; P < inst->n_pops; P++) {
                int rr = 0;
                for (int side = 0; side < 2; side++) {
                    int u = side ? w : v;
                    for (int i = 0; i < inst->n_cand[u]; i++)
                        if (inst->nodes[inst->cand[u][i]].pop == P) {
                            if (!rr)
                                NEWROW('U', div ? 1 : 1, rr);
                            ADD(rr, C.xoff[u] + i, 1);
                        }
                }
                if (rr && sg && !div)
                    ADD(rr, sg, -1); /* x-terms - s_g <= 1 (pop-diverse: hard, <= 1) */
            }
        }
    }
    if (obj == SCHED_OBJ_SURVIVE) /* pairs with one or no movable VR: their own s column */
        for (int v = 0; v < nv; v++) {
            int w = inst->vrs[v].partner;
            if (w <= v || (C.xoff[v] && C.xoff[w]))
                continue;
            /* Nothing of the pair moves (neither VR nor a virtual-link neighbour): a constant,
             * so that large instances do not get a column and rows per untouched pair. */
            bool still = !C.xoff[v] && !C.xoff[w];
            for (int side = 0; side < 2 && still; side++) {
                int u = side ? w : v;
                for (int k = inst->nadj_off[u]; k < inst->nadj_off[u + 1] && still; k++) {
                    const sched_vlink_t *l = &inst->vlinks[inst->nadj[k]];
                    still = !C.xoff[l->a] && !C.xoff[l->b];
                }
            }
            if (still) {
                int p = fixed_host[v], q = fixed_host[w];
                if (p == q || (inst->nodes[p].pop >= 0 && inst->nodes[p].pop == inst->nodes[q].pop) ||
                    sched_pair_shares_link(inst, fixed_host, v, w, stamp, ++sgen))
                    obj_const += 1;
                continue;
            }
            int sg;
            NEWCOL('C', 0, 1, 1.0, sg);
            scol[v] = sg;
            n_s_cols++;
            if (!C.xoff[v] && !C.xoff[w]) {
                int p = fixed_host[v], q = fixed_host[w];
                if (p == q || (inst->nodes[p].pop >= 0 && inst->nodes[p].pop == inst->nodes[q].pop))
                    lb[sg] = 1;
                continue;
            }
            int m = C.xoff[v] ? v : w, h = fixed_host[C.xoff[v] ? w : v], rr = 0;
            for (int i = 0; i < inst->n_cand[m]; i++) {
                int p = inst->cand[m][i];
                if (p == h || (inst->nodes[p].pop >= 0 && inst->nodes[p].pop == inst->nodes[h].pop)) {
                    if (!rr)
                        NEWROW('U', 0, rr); /* x-terms in the partner's POP - s_g <= 0 */
                    ADD(rr, C.xoff[m] + i, 1);
                }
            }
            if (rr)
                ADD(rr, sg, -1);
        }

    /* Link loads: triplets (directed link, column, coefficient) collected first. */
    trips_t L = {0};
    for (int v = 0; v < nv; v++) {
        if (!C.xoff[v])
            continue;
        for (int a = inst->nadj_off[v]; a < inst->nadj_off[v + 1]; a++) {
            int e = inst->nadj[a];
            const sched_vlink_t *l = &inst->vlinks[e];
            int o = l->a == v ? l->b : l->a;
            double dout = l->a == v ? l->d_bps[0] : l->d_bps[1];
            double din = l->a == v ? l->d_bps[1] : l->d_bps[0];
            if (C.xoff[o]) {
                if (o < v)
                    continue; /* handled once, from the lower index */
                /* z[e,p,q] for allowed pairs. */
                int *rowp = malloc((size_t)inst->n_cand[v] * sizeof(int));
                int *rowq = malloc((size_t)inst->n_cand[o] * sizeof(int));
                if (!rowp || !rowq) {
                    free(rowp);
                    free(rowq);
                    err = vs_fail(VS_ENOMEM, "out of memory");
                    goto out_l;
                }
                int fail = 0;
                zbeg[e] = nz_info;
                for (int i = 0; i < inst->n_cand[v] && !fail; i++) { /* sum_q z - x = 0 */
                    if (nrows + 1 >= cap_rows) {
                        cap_rows = cap_rows ? cap_rows * 2 : 1024;
                        char *nt = realloc(rtype, (size_t)cap_rows + 1);
                        double *nr = nt ? realloc(rhs, ((size_t)cap_rows + 1) * sizeof *rhs) : NULL;
                        if (nt) rtype = nt;
                        if (nr) rhs = nr;
                        if (!nt || !nr) fail = 1;
                    }
                    if (!fail) {
                        rowp[i] = ++nrows;
                        rtype[nrows] = 'F';
                        rhs[nrows] = 0;
                        fail = trips_add(&T, rowp[i], C.xoff[v] + i, -1);
                    }
                }
                for (int j = 0; j < inst->n_cand[o] && !fail; j++) {
                    if (nrows + 1 >= cap_rows) {
                        cap_rows = cap_rows * 2;
                        char *nt = realloc(rtype, (size_t)cap_rows + 1);
                        double *nr = nt ? realloc(rhs, ((size_t)cap_rows + 1) * sizeof *rhs) : NULL;
                        if (nt) rtype = nt;
                        if (nr) rhs = nr;
                        if (!nt || !nr) fail = 1;
                    }
                    if (!fail) {
                        rowq[j] = ++nrows;
                        rtype[nrows] = 'F';
                        rhs[nrows] = 0;
                        fail = trips_add(&T, rowq[j], C.xoff[o] + j, -1);
                    }
                }
                for (int i = 0; i < inst->n_cand[v] && !fail; i++)
                    for (int j = 0; j < inst->n_cand[o] && !fail; j++) {
                        int p = inst->cand[v][i], q = inst->cand[o][j];
                        double lat = sched_dist(inst, p, q);
                        if (isinf(lat) || (l->max_lat_ms > 0 && lat > l->max_lat_ms + 1e-9))
                            continue;
                        if (ncols + 1 >= cap_cols) {
                            cap_cols *= 2;
                            char *nt = realloc(ctype, (size_t)cap_cols + 1);
                            double *nlb = realloc(lb, ((size_t)cap_cols + 1) * sizeof *lb);
                            double *nub = nlb ? realloc(ub, ((size_t)cap_cols + 1) * sizeof *ub) : NULL;
                            double *noc = nub ? realloc(objc, ((size_t)cap_cols + 1) * sizeof *objc) : NULL;
                            if (nt) ctype = nt;
                            if (nlb) lb = nlb;
                            if (nub) ub = nub;
                            if (noc) objc = noc;
                            if (!nt || !nlb || !nub || !noc) {
                                fail = 1;
                                break;
                            }
                        }
                        int z = ++ncols;
                        if (nz_info == cap_zi) {
                            cap_zi = cap_zi ? cap_zi * 2 : 256;
                            zinfo_t *nzi = realloc(zi, (size_t)cap_zi * sizeof *zi);
                            if (!nzi) {
                                fail = 1;
                                break;
                            }
                            zi = nzi;
                        }
                        zi[nz_info++] = (zinfo_t){z, v, o, p, q, e};
                        ctype[z] = 'C';
                        lb[z] = 0;
                        ub[z] = 1;
                        objc[z] = obj == SCHED_OBJ_STRETCH ? lat - l->base_lat_ms : 0;
                        fail = trips_add(&T, rowp[i], z, 1) || trips_add(&T, rowq[j], z, 1);
                        /* loads along p->q (dout) and q->p (din) */
                        for (int dir = 0; dir < 2 && !fail; dir++) {
                            int s = dir ? q : p, t = dir ? p : q, guard = nn;
                            double d = dir ? din : dout;
                            while (s != t && d > 0 && guard-- > 0 && !fail) {
                                int dl = inst->next[(size_t)s * nn + t];
                                if (dl < 0)
                                    break;
                                fail = trips_add(&L, dl, z, d);
                                const sched_link_t *k = &inst->links[dl / 2];
                                s = (dl & 1) ? k->a : k->b;
                            }
                        }
                    }
                zend[e] = nz_info;
                free(rowp);
                free(rowq);
                if (fail) {
                    err = vs_fail(VS_ENOMEM, "out of memory (MILP virtual-link pairs)");
                    goto out_l;
                }
                continue;
            }
            int h = inst->vrs[o].home;
            for (int i = 0; i < inst->n_cand[v]; i++) {
                int p = inst->cand[v][i], col = C.xoff[v] + i;
                for (int dir = 0; dir < 2; dir++) {
                    int s = dir ? h : p, t = dir ? p : h, guard = nn;
                    double d = dir ? din : dout;
                    while (s != t && d > 0 && guard-- > 0) {
                        int dl = inst->next[(size_t)s * nn + t];
                        if (dl < 0)
                            break;
                        if (trips_add(&L, dl, col, d)) {
                            err = vs_fail(VS_ENOMEM, "out of memory (MILP link loads)");
                            goto out_l;
                        }
                        const sched_link_t *k = &inst->links[dl / 2];
                        s = (dl & 1) ? k->a : k->b;
                    }
                }
            }
        }
    }
    if (obj == SCHED_OBJ_STRETCH)
        for (int e = 0; e < inst->n_vlinks; e++) {
            const sched_vlink_t *l = &inst->vlinks[e];
            if (!C.xoff[l->a] && !C.xoff[l->b])
                obj_const += sched_dist(inst, fixed_host[l->a], fixed_host[l->b]) - l->base_lat_ms;
        }
    qsort(L.t, L.n, sizeof *L.t, cmp_trip);
    {
        char *has = calloc(2 * (size_t)nl + 1, 1);
        if (!has) {
            err = vs_fail(VS_ENOMEM, "out of memory");
            goto out_l;
        }
        for (size_t i = 0; i < L.n; i++)
            has[L.t[i].row] = 1;
        for (int dl = 0; dl < 2 * nl; dl++) {
            const sched_link_t *k = &inst->links[dl / 2];
            double f = sched_state_load(fx, dl);
            if (!has[dl]) {
                if (f > HR(k) * k->cap_bps * (1 + 1e-9)) {
                    free(has);
                    err = vs_fail(VS_EINFEASIBLE,
                                  "infeasible: link '%s' carries %.4g Gbps from VRs that may not move, "
                                  "above the %.0f%% headroom of %.4g Gbps",
                                  k->name, f / 1e9, HR(k) * 100, k->cap_bps / 1e9);
                    goto out_l;
                }
                if (obj == SCHED_OBJ_MLU && f / k->cap_bps > lb[colU])
                    lb[colU] = f / k->cap_bps;
            }
        }
        free(has);
        size_t i = 0;
        while (i < L.n) {
            int dl = L.t[i].row;
            const sched_link_t *k = &inst->links[dl / 2];
            double f = sched_state_load(fx, dl);
            /* Scale rows to utilization so GLPK sees numbers near 1. */
            int rh, ru = 0;
            NEWROW('U', HR(k) - f / k->cap_bps, rh);
            if (obj == SCHED_OBJ_MLU) {
                NEWROW('U', -f / k->cap_bps, ru);
                ADD(ru, colU, -1);
            }
            while (i < L.n && L.t[i].row == dl) {
                int col = L.t[i].col;
                double sum = 0;
                while (i < L.n && L.t[i].row == dl && L.t[i].col == col)
                    sum += L.t[i++].val;
                ADD(rh, col, sum / k->cap_bps);
                if (ru)
                    ADD(ru, col, sum / k->cap_bps);
            }
        }
    }
out_l:
    free(L.t);
    if (err)
        goto out;

    /* Survivability, link sharing (a pair whose virtual links' substrate paths share a
     * substrate link, either direction): y[u,l] >= the use of link l by each virtual link of
     * u, that use being the sum of the x or z columns whose placement routes the virtual link
     * over l (a constant 1 fixes y); then s_pair >= y[v,l] + y[w,l] - 1. Exact for binary x,
     * as the local search's count (sched_pair_shares_link). */
    if (obj == SCHED_OBJ_SURVIVE) {
        for (int v = 0; v < nv; v++) {
            int w = inst->vrs[v].partner, sg = scol[v];
            if (w <= v || !sg)
                continue;
            for (int side = 0; side < 2; side++) {
                int u = side ? w : v, *Y = side ? ycol1 : ycol0;
                memset(Y, 0, ((size_t)nl + 1) * sizeof(int));
                for (int k = inst->nadj_off[u]; k < inst->nadj_off[u + 1]; k++) {
                    int e = inst->nadj[k];
                    const sched_vlink_t *l = &inst->vlinks[e];
                    int a = l->a, b = l->b, m = C.xoff[a] ? a : b;
                    bool both = C.xoff[a] && C.xoff[b], none = !C.xoff[a] && !C.xoff[b];
                    int nterm = both ? zend[e] - zbeg[e] : none ? 1 : inst->n_cand[m];
                    memset(urow, 0, ((size_t)nl + 1) * sizeof(int));
                    for (int t = 0; t < nterm; t++) {
                        int col, p, q;
                        if (both) {
                            const zinfo_t *z = &zi[zbeg[e] + t];
                            col = z->col, p = z->p, q = z->q;
                        } else if (none) {
                            col = 0, p = fixed_host[a], q = fixed_host[b];
                        } else {
                            col = C.xoff[m] + t, p = inst->cand[m][t];
                            q = fixed_host[m == a ? b : a];
                        }
                        sgen++;
                        for (int dir = 0; dir < 2; dir++) {
                            int x0 = dir ? q : p, x1 = dir ? p : q, guard = nn;
                            while (x0 != x1 && guard-- > 0) {
                                int dl = inst->next[(size_t)x0 * nn + x1];
                                if (dl < 0)
                                    break;
                                int li = dl / 2;
                                const sched_link_t *lk = &inst->links[li];
                                x0 = (dl & 1) ? lk->a : lk->b;
                                if (stamp[li] == sgen)
                                    continue;
                                stamp[li] = sgen;
                                if (!Y[li]) {
                                    NEWCOL('C', 0, 1, 0.0, Y[li]);
                                    if (n_ymeta == cap_ymeta) {
                                        cap_ymeta = cap_ymeta ? 2 * cap_ymeta : 256;
                                        int *ny = realloc(ymeta, 3 * (size_t)cap_ymeta * sizeof *ny);
                                        if (!ny) {
                                            err = vs_fail(VS_ENOMEM, "out of memory");
                                            goto out;
                                        }
                                        ymeta = ny;
                                    }
                                    ymeta[3 * n_ymeta] = Y[li];
                                    ymeta[3 * n_ymeta + 1] = u;
                                    ymeta[3 * n_ymeta + 2] = li;
                                    n_ymeta++;
                                }
                                if (!col) {
                                    lb[Y[li]] = 1;
                                    continue;
                                }
                                if (!urow[li]) { /* use - y <= 0 */
                                    NEWROW('U', 0, urow[li]);
                                    ADD(urow[li], Y[li], -1);
                                }
                                ADD(urow[li], col, 1);
                            }
                        }
                    }
                }
            }
            for (int li = 0; li < nl; li++)
                if (ycol0[li] && ycol1[li]) {
                    int rr;
                    NEWROW('U', 1, rr);
                    ADD(rr, ycol0[li], 1);
                    ADD(rr, ycol1[li], 1);
                    ADD(rr, sg, -1);
                }
        }
    }

    /* The start (a feasible placement from opts->start) as column values. */
    if (opts->start) {
        start = calloc((size_t)ncols + 1, sizeof *start);
        if (!start) {
            err = vs_fail(VS_ENOMEM, "out of memory");
            goto out;
        }
        sched_metrics_t m;
        sched_metrics(inst, opts->start, &m);
        bool ok = m.violation == 0;
        for (int v = 0; v < nv && ok; v++) {
            if (!C.xoff[v])
                continue;
            int k = 0;
            while (k < inst->n_cand[v] && inst->cand[v][k] != opts->start[v])
                k++;
            if (k == inst->n_cand[v] || ub[C.xoff[v] + k] < 0.5)
                ok = false;
            else
                start[C.xoff[v] + k] = 1;
        }
        /* z, on, lc, and survivability's s and y columns follow from the placement. */
        if (!ok) {
            free(start);
            start = NULL;
        } else {
            if (colU)
                start[colU] = obj == SCHED_OBJ_MLU ? m.mlu : m.max_cpu;
            for (int i = 0; i < nz_info; i++)
                start[zi[i].col] = opts->start[zi[i].a] == zi[i].p && opts->start[zi[i].b] == zi[i].q;
            for (int v = 0; v < nv; v++) { /* s: the pair shares a router, POP or link */
                int w = inst->vrs[v].partner;
                if (!scol[v] || w < 0)
                    continue;
                int p = opts->start[v], q = opts->start[w];
                start[scol[v]] =
                    p == q || (inst->nodes[p].pop >= 0 && inst->nodes[p].pop == inst->nodes[q].pop) ||
                    sched_pair_shares_link(inst, opts->start, v, w, stamp, ++sgen);
            }
            for (int i = 0; i < n_ymeta; i++) { /* y: a virtual link of the VR uses the link */
                int u = ymeta[3 * i + 1], li = ymeta[3 * i + 2], used = 0;
                for (int k = inst->nadj_off[u]; k < inst->nadj_off[u + 1] && !used; k++) {
                    const sched_vlink_t *l = &inst->vlinks[inst->nadj[k]];
                    for (int dir = 0; dir < 2 && !used; dir++) {
                        int x0 = opts->start[dir ? l->b : l->a], x1 = opts->start[dir ? l->a : l->b];
                        int guard = nn;
                        while (x0 != x1 && guard-- > 0 && !used) {
                            int dl = inst->next[(size_t)x0 * nn + x1];
                            if (dl < 0)
                                break;
                            used = dl / 2 == li;
                            x0 = (dl & 1) ? inst->links[dl / 2].a : inst->links[dl / 2].b;
                        }
                    }
                }
                start[ymeta[3 * i]] = used;
            }
            for (int p = 0; p < nn; p++) {
                if (!C.on[p] && !C.lc[p])
                    continue;
                int cnt = 0, ports = 0;
                for (int v = 0; v < nv; v++)
                    if (opts->start[v] == p) {
                        cnt++;
                        ports += inst->vrs[v].ports;
                    }
                if (C.on[p])
                    start[C.on[p]] = cnt > 0;
                if (C.lc[p]) {
                    int ppc = inst->nodes[p].ports_per_card > 0 ? inst->nodes[p].ports_per_card : 1;
                    start[C.lc[p]] = (ports + ppc - 1) / ppc;
                }
            }
        }
    }

    /* Build the GLPK problem. */
    out->rows = nrows;
    out->cols = ncols;
    qsort(T.t, T.n, sizeof *T.t, cmp_trip);
    ia = malloc((T.n + 1) * sizeof *ia);
    ja = malloc((T.n + 1) * sizeof *ja);
    ar = malloc((T.n + 1) * sizeof *ar);
    if (!ia || !ja || !ar) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    int nz = 0;
    for (size_t i = 0; i < T.n;) { /* merge duplicates */
        int r = T.t[i].row, c = T.t[i].col;
        double s = 0;
        while (i < T.n && T.t[i].row == r && T.t[i].col == c)
            s += T.t[i++].val;
        if (s != 0) {
            nz++;
            ia[nz] = r;
            ja[nz] = c;
            ar[nz] = s;
        }
    }
    out->nonzeros = nz;
    if (start) { /* the start must satisfy every row and bound, else GLPK gets none */
        double *act = calloc((size_t)nrows + 1, sizeof *act);
        bool good = act != NULL;
        for (int i = 1; i <= nz && good; i++)
            act[ia[i]] += ar[i] * start[ja[i]];
        for (int r = 1; r <= nrows && good; r++) {
            double tol = 1e-6 * (1 + fabs(rhs[r]));
            good = rtype[r] == 'U' ? act[r] <= rhs[r] + tol
                   : rtype[r] == 'L' ? act[r] >= rhs[r] - tol
                                     : fabs(act[r] - rhs[r]) <= tol;
        }
        for (int c = 1; c <= ncols && good; c++)
            good = start[c] >= lb[c] - 1e-9 && start[c] <= ub[c] + 1e-9;
        free(act);
        if (!good) {
            free(start);
            start = NULL;
        }
    }
    {
        milp_t M = {.nrows = nrows, .ncols = ncols, .nz = nz, .colU = colU, .rtype = rtype,
                    .ctype = ctype, .rhs = rhs, .lb = lb, .ub = ub, .objc = objc,
                    .obj_const = obj_const, .ia = ia, .ja = ja, .ar = ar, .start = start,
                    .xoff = C.xoff, .t0 = t0};
        err = glpk_guarded(inst, opts, &M, ctx, out);
    }
    if (err == VS_EINFEASIBLE) {
        /* GLPK proves infeasibility but says nothing about why: the local search's greedy
         * explanation names the VR and the constraint. */
        sched_result_t loc;
        sched_solve_opts_t o = *opts;
        o.start = NULL;
        o.kicks = 0;
        vs_err_t e2 = sched_local_solve(inst, &o, &loc);
        if (e2 == VS_OK) {
            sched_result_free(&loc);
            err = vs_fail(VS_EINFEASIBLE, "infeasible: GLPK proves no placement satisfies all "
                                          "constraints together (no single VR isolates it)");
        } else
            err = e2;
    }
out:
    out->seconds = sched_now() - t0;
    if (err)
        sched_result_free(out);
    sched_state_destroy(fx);
    free(fixed_host);
    free(C.xoff);
    free(C.on);
    free(C.lc);
    free(T.t);
    free(objc);
    free(start);
    free(ctype);
    free(lb);
    free(ub);
    free(rtype);
    free(rhs);
    free(ia);
    free(ja);
    free(ar);
    free(ctx);
    free(zi);
    free(scol);
    free(ymeta);
    free(zbeg);
    free(zend);
    free(ycol0);
    free(ycol1);
    free(urow);
    free(stamp);
    return err;
#undef NEWCOL
#undef NEWROW
#undef ADD
}
