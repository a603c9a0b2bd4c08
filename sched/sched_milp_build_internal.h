/* sched_milp_build_internal — the MILP builder's working state, shared by the families of
 * sched_milp_build.c and the survivability families of sched_milp_survive.c. */
#ifndef SCHED_MILP_BUILD_INTERNAL_H
#define SCHED_MILP_BUILD_INTERNAL_H

#include "sched_eval.h"
#include "sched_milp_build.h"

typedef struct {
    int col, a, b, p, q; /* z column: VR a on p and VR b on q */
    int e;               /* its virtual link */
} sched__z_t;

typedef struct {
    int col, vr, link; /* y column: a virtual link of VR vr uses substrate link `link` */
} sched__y_t;

typedef struct {
    const sched_inst_t *inst;
    sched_objective_t obj;
    sched_lp_t *lp;
    int *xoff;          /* as sched_milp_model_t's */
    int *fixed_host;    /* per VR: its home when it may not move, else -1 */
    sched_state_t *fx;  /* the fixed VRs alone: what they use and load */
    int colU;           /* mlu, cpu: the objective's column */
    int *on, *lc;       /* per node: on_p, lc_p columns (power), 0 none */
    int *scol;          /* per redundancy pair, at its lower VR: s column, 0 none */
    sched__z_t *z;
    int n_z, cap_z;
    int *zbeg, *zend;   /* per virtual link: its z columns are z[zbeg..zend) */
    sched__y_t *y;
    int n_y, cap_y;
    unsigned *stamp;    /* per substrate link, for sched_pair_shares_link */
    unsigned sgen;      /* the last stamp value used */
} sched__mb_t;

/* The next directed link (2 x link + direction) on the shortest path from *s to t, moving
 * *s to that link's far end; -1 at t or when t is unreachable. */
static inline int sched__hop(const sched_inst_t *inst, int *s, int t)
{
    if (*s == t)
        return -1;
    int dl = inst->next[(size_t)*s * (size_t)inst->n_nodes + (size_t)t];
    if (dl >= 0) {
        const sched_link_t *k = &inst->links[dl / 2];
        *s = (dl & 1) ? k->a : k->b;
    }
    return dl;
}

/* Survivability of the pairs with at most one movable VR: an s column and the POP rows, or
 * a constant when nothing of the pair moves. After the redundancy rows. */
vs_err_t sched__milp_survive_pairs(sched__mb_t *B);
/* Survivability's link sharing: y columns and rows for every pair with an s column. After
 * the z columns. */
vs_err_t sched__milp_survive_links(sched__mb_t *B);
/* Fills the s and y columns of x (column values) from placement host. */
void sched__milp_survive_start(sched__mb_t *B, const int *host, double *x);

#endif
