/* sched_milp_build — the placement MILP written as a solver-neutral program (sched_lp.h),
 * one function per constraint family; no solver is involved, so a family can be checked by
 * counting and reading its rows. A solver adapter (sched_glpk.h) solves the program;
 * sched_milp.h puts the two together.
 *
 * The model. x[v,p] = 1 when movable VR v sits on candidate p (binary). A virtual link whose
 * other end is fixed contributes linearly through x; a virtual link between two movable VRs
 * gets continuous z[e,p,q] with sum_q z[e,p,q] = x[a,p] and sum_p z[e,p,q] = x[b,q] (exact for
 * binary x, and pairs breaking the latency bound simply have no z). Loads of directed links:
 * background + fixed VRs + sum of coefficient x var <= headroom x capacity, each row scaled to
 * utilization so that solvers see numbers near 1. Objectives:
 *   mlu        min U, load_l <= U cap_l
 *   cpu        min C, cpu_p <= C cap_p
 *   cpu-total  min sum_p cpu_p / cap_p (x[v,p] costs cpu_v / cap_p)
 *   stretch    min sum (latency - home latency) over virtual links
 *   survivability  min pairs sharing a router, POP or substrate link: s_g >= x-terms - 1
 *              per POP, s_g >= y[v,l] + y[w,l] - 1 per link l with y[u,l] >= u's use of l
 *   migrations min VRs away from home
 *   power      min sum price x hours x (chassis on_p + line card lc_p + ports + load share),
 *              x[v,p] <= on_p, ports_per_card lc_p >= ports on p.
 * The objective's constant part (VRs that cannot move) is the program's obj_const, so a
 * solver's objective, bound and gap are those of the whole placement. */
#ifndef SCHED_MILP_BUILD_H
#define SCHED_MILP_BUILD_H

#include "sched_lp.h"
#include "sched_model.h"

/* The tag of each row and column of the program: the family that made it. */
typedef enum {
    SCHED_MILP_OBJECTIVE,  /* U (mlu, cpu) and the rows bounding it by each link or router */
    SCHED_MILP_ASSIGN,     /* x columns; each movable VR sits on exactly one candidate */
    SCHED_MILP_CAPACITY,   /* per router: CPU, memory, VR slots, line-card ports */
    SCHED_MILP_POWER,      /* on_p, lc_p; ports fit the cards powered; x <= on, lc <= cards on */
    SCHED_MILP_REDUNDANCY, /* partners never on one router (nor one POP when pop-diverse) */
    SCHED_MILP_VLINK,      /* z columns of virtual links between two movable VRs */
    SCHED_MILP_LINK,       /* per directed substrate link: load within its headroom */
    SCHED_MILP_SURVIVE,    /* s and y columns and the rows that count shared pairs */
    SCHED_MILP_N_FAMILIES
} sched_milp_family_t;

typedef struct {
    sched_lp_t lp;  /* finished (sched_lp_finish) */
    int *xoff;      /* per VR: column of x[v, cand[v][0]], the other candidates' following in
                       order; 0 for a VR that does not move */
    double *start;  /* column values of the starting placement, 1-based; NULL when none was
                       given or it breaks a row or bound */
} sched_milp_model_t;

/* Builds the MILP of inst for objective obj; start (a placement, may be NULL) becomes
 * out->start. Fails with VS_EINFEASIBLE, naming the VR, router or link, when the VRs that
 * may not move already break a constraint or a VR has no candidate. *out belongs to the
 * caller: free it with sched_milp_model_free (also after a failure). Cost: O(nonzeros) plus
 * O(routers x VRs x candidates) for the capacity rows. */
vs_err_t sched_milp_build(const sched_inst_t *inst, sched_objective_t obj, const int *start,
                          sched_milp_model_t *out);
void sched_milp_model_free(sched_milp_model_t *m);

#endif
