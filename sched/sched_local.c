/* The local search (seed 001 Section 7: "simple local-search algorithms should perform
 * reasonably well"). Deterministic for a given seed:
 *   1. start from each VR's home (or opts->start); VRs whose start is not a candidate
 *      (a drained router) are unplaced;
 *   2. greedy insertion of the unplaced VRs, largest demand first, each at its best candidate;
 *   3. descent: best relocation of each movable VR, swaps of two movable VRs (small
 *      instances), and router evacuation (move every VR off one router: the move that switches
 *      a router off, which single relocations cannot find because each step alone saves
 *      nothing);
 *   4. perturbation rounds (iterated local search): relocate a few random VRs, descend again,
 *      keep the best.
 * Scores are lexicographic (violation, objective, tie-breaker), so the same descent repairs an
 * infeasible start (e.g. traffic engineering above the target) and then optimises. */
#define _GNU_SOURCE /* qsort_r */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sched_eval.h"
#include "sched_local.h"
#include "sim_rng.h"

/* Extra greedy starts on small instances (neighbourhood of at most 1,500 relocations). */
#define SCHED_LS_RESTARTS 8

typedef struct {
    const sched_inst_t *inst;
    sched_state_t *st;
    int *mov; /* movable VRs */
    int n_mov;
    double deadline;
    bool timed_out;
    long tries; /* evaluations so far: the deterministic budget of the perturbation rounds */
    int **near; /* per VR: its candidates nearest its home first, at most LS_NEAR of them */
    int *n_near;
} ls_t;

/* Moves consider the LS_NEAR candidates nearest (by latency) to a VR's home: a VR moved far
 * lengthens every path it uses, and on networks of a thousand routers a full scan of every
 * move costs far more than it finds. Greedy insertion falls back to the full list when the
 * near ones all break a constraint. */
#define LS_NEAR 48

static const sched_inst_t *sort_inst;
static int sort_home;

static int cmp_near(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    double dx = sched_dist(sort_inst, sort_home, x), dy = sched_dist(sort_inst, sort_home, y);
    if (dx != dy)
        return dx < dy ? -1 : 1;
    return x - y;
}

static vs_err_t build_near(ls_t *ls)
{
    const sched_inst_t *inst = ls->inst;
    ls->near = calloc((size_t)inst->n_vrs + 1, sizeof *ls->near);
    ls->n_near = calloc((size_t)inst->n_vrs + 1, sizeof *ls->n_near);
    if (!ls->near || !ls->n_near)
        return vs_fail(VS_ENOMEM, "out of memory");
    for (int i = 0; i < ls->n_mov; i++) {
        int v = ls->mov[i], n = inst->n_cand[v];
        int *tmp = malloc(sizeof(int) * ((size_t)n + 1));
        if (!tmp)
            return vs_fail(VS_ENOMEM, "out of memory");
        memcpy(tmp, inst->cand[v], sizeof(int) * (size_t)n);
        sort_inst = inst;
        sort_home = inst->vrs[v].home;
        qsort(tmp, (size_t)n, sizeof *tmp, cmp_near);
        ls->near[v] = tmp;
        ls->n_near[v] = n < LS_NEAR ? n : LS_NEAR;
    }
    return VS_OK;
}

static void free_near(ls_t *ls)
{
    if (ls->near)
        for (int v = 0; v < ls->inst->n_vrs; v++)
            free(ls->near[v]);
    free(ls->near);
    free(ls->n_near);
}

static bool out_of_time(ls_t *ls)
{
    if (ls->timed_out)
        return true;
    if (ls->deadline > 0 && sched_now() > ls->deadline)
        ls->timed_out = true;
    return ls->timed_out;
}

/* Best relocation of v; moves it when that improves the score. */
static bool relocate_best(ls_t *ls, int v)
{
    const int *host = sched_state_hosts(ls->st);
    sched_score_t cur = sched_state_score(ls->st), best = cur;
    int bq = -1;
    for (int i = 0; i < ls->n_near[v]; i++) {
        int q = ls->near[v][i];
        if (q == host[v])
            continue;
        sched_score_t s = sched_state_try(ls->st, v, q);
        ls->tries++;
        if (sched_score_better(s, best)) {
            best = s;
            bq = q;
        }
    }
    if (bq >= 0) {
        sched_state_move(ls->st, v, bq);
        return true;
    }
    return false;
}

static bool is_cand(const sched_inst_t *inst, int v, int q)
{
    int lo = 0, hi = inst->n_cand[v] - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2, c = inst->cand[v][mid];
        if (c == q)
            return true;
        if (c < q)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return false;
}

static bool swap_pass(ls_t *ls)
{
    const sched_inst_t *inst = ls->inst;
    const int *host = sched_state_hosts(ls->st);
    bool any = false;
    for (int i = 0; i < ls->n_mov && !out_of_time(ls); i++)
        for (int j = i + 1; j < ls->n_mov; j++) {
            int v = ls->mov[i], w = ls->mov[j], p = host[v], q = host[w];
            if (p == q || p < 0 || q < 0 || !is_cand(inst, v, q) || !is_cand(inst, w, p))
                continue;
            sched_score_t cur = sched_state_score(ls->st);
            sched_state_move(ls->st, v, q);
            sched_state_move(ls->st, w, p);
            if (sched_score_better(sched_state_score(ls->st), cur)) {
                any = true;
            } else {
                sched_state_move(ls->st, w, q);
                sched_state_move(ls->st, v, p);
            }
        }
    return any;
}

/* Tries to empty router p: each movable VR on it goes to its best other candidate. Kept only
 * when the whole evacuation improves the score. */
static bool evacuate(ls_t *ls, int p, int *moved, int *from)
{
    const int *host = sched_state_hosts(ls->st);
    sched_score_t before = sched_state_score(ls->st);
    int n = 0;
    for (int i = 0; i < ls->n_mov; i++) {
        int v = ls->mov[i];
        if (host[v] != p)
            continue;
        int bq = -1;
        sched_score_t best = {INFINITY, INFINITY, INFINITY};
        for (int k = 0; k < ls->n_near[v]; k++) {
            int q = ls->near[v][k];
            if (q == p)
                continue;
            sched_score_t s = sched_state_try(ls->st, v, q);
            ls->tries++;
            if (bq < 0 || sched_score_better(s, best)) {
                best = s;
                bq = q;
            }
        }
        if (bq < 0)
            break;
        moved[n] = v;
        from[n++] = p;
        sched_state_move(ls->st, v, bq);
    }
    if (sched_score_better(sched_state_score(ls->st), before))
        return true;
    for (int k = n - 1; k >= 0; k--)
        sched_state_move(ls->st, moved[k], from[k]);
    return false;
}

static void descend(ls_t *ls, int *tmp1, int *tmp2, bool use_swaps)
{
    const sched_inst_t *inst = ls->inst;
    for (int pass = 0; pass < 100 && !out_of_time(ls); pass++) {
        bool improved = false;
        for (int i = 0; i < ls->n_mov && !out_of_time(ls); i++)
            improved |= relocate_best(ls, ls->mov[i]);
        if (!improved && use_swaps)
            improved |= swap_pass(ls);
        if (!improved) {
            for (int p = 0; p < inst->n_nodes && !out_of_time(ls); p++)
                if (inst->nodes[p].router && sched_state_node_on(ls->st, p))
                    improved |= evacuate(ls, p, tmp1, tmp2);
        }
        if (!improved)
            break;
    }
}

static int cmp_demand_desc(const void *a, const void *b, void *ctx)
{
    const sched_inst_t *inst = ctx;
    int x = *(const int *)a, y = *(const int *)b;
    double dx = inst->vrs[x].cpu + inst->vrs[x].ports, dy = inst->vrs[y].cpu + inst->vrs[y].ports;
    if (dx != dy)
        return dx > dy ? -1 : 1;
    return x - y;
}

/* Greedy insertion: each VR of order[] (unplaced) at its best candidate, nearest first and
 * all of them when the nearest all break a constraint. */
static void insert_all(ls_t *ls, const int *order, int n_un)
{
    const sched_inst_t *inst = ls->inst;
    for (int i = 0; i < n_un; i++) {
        int v = order[i], bq = -1;
        sched_score_t best = {INFINITY, INFINITY, INFINITY};
        sched_score_t before = sched_state_score(ls->st);
        for (int pass = 0; pass < 2; pass++) {
            int n = pass ? inst->n_cand[v] : ls->n_near[v];
            for (int k = pass ? ls->n_near[v] : 0; k < n; k++) {
                int q = ls->near[v][k];
                sched_score_t s = sched_state_try(ls->st, v, q);
                ls->tries++;
                if (bq < 0 || sched_score_better(s, best)) {
                    best = s;
                    bq = q;
                }
            }
            /* near candidates suffice when the best adds no violation beyond the VR's own */
            if (bq >= 0 && best.viol <= before.viol - 1000 + 1e-9)
                break;
        }
        if (bq >= 0)
            sched_state_move(ls->st, v, bq);
    }
}

vs_err_t sched_local_solve(const sched_inst_t *inst, const sched_solve_opts_t *opts,
                           sched_result_t *out)
{
    vs_err_t err = VS_OK;
    double t0 = sched_now();
    int nv = inst->n_vrs;
    int *host = malloc(((size_t)nv + 1) * sizeof *host);
    int *best_host = malloc(((size_t)nv + 1) * sizeof *best_host);
    int *tmp1 = malloc(((size_t)nv + 1) * sizeof *tmp1), *tmp2 = malloc(((size_t)nv + 1) * sizeof *tmp2);
    int *order = malloc(((size_t)nv + 1) * sizeof *order); /* the VRs to insert */
    ls_t ls = {.inst = inst};
    ls.mov = malloc(((size_t)nv + 1) * sizeof *ls.mov);
    memset(out, 0, sizeof *out);
    if (!host || !best_host || !tmp1 || !tmp2 || !order || !ls.mov) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    for (int v = 0; v < nv; v++) {
        int s = opts->start ? opts->start[v] : inst->vrs[v].home;
        host[v] = (s >= 0 && is_cand(inst, v, s)) ? s : -1;
        if (inst->vrs[v].movable)
            ls.mov[ls.n_mov++] = v;
        else if (host[v] < 0) {
            char buf[256];
            const char *why = sched_ineligible(inst, v, inst->vrs[v].home, buf, sizeof buf);
            err = vs_fail(VS_EINFEASIBLE,
                          "infeasible: VR '%s' may not move but its router cannot keep it (%s)",
                          inst->vrs[v].name, why ? why : "not a candidate");
            goto out;
        }
    }
    if (opts->time_limit_s > 0)
        ls.deadline = t0 + opts->time_limit_s;
    if ((err = build_near(&ls)) || (err = sched_state_create(inst, opts->objective, host, &ls.st)))
        goto out;
    /* Greedy insertion of the unplaced. */
    int n_un = 0;
    for (int i = 0; i < ls.n_mov; i++)
        if (host[ls.mov[i]] < 0)
            order[n_un++] = ls.mov[i];
    qsort_r(order, (size_t)n_un, sizeof *order, cmp_demand_desc, (void *)inst);
    insert_all(&ls, order, n_un);
    bool use_swaps = ls.n_mov <= 300;
    descend(&ls, tmp1, tmp2, use_swaps);
    memcpy(best_host, sched_state_hosts(ls.st), (size_t)nv * sizeof *best_host);
    sched_score_t best = sched_state_score(ls.st);
    /* Perturbation rounds. */
    /* Perturbation rounds: up to `kicks`, and within twice the evaluations the first descent
     * took (a count, not a clock, so the result does not depend on the machine). */
    int kicks = opts->kicks >= 0 ? opts->kicks : (ls.n_mov <= 200 ? 200 : ls.n_mov <= 2000 ? 5 : 0);
    long nbh = 0; /* neighbourhood size: the relocations one pass considers */
    for (int i = 0; i < ls.n_mov; i++)
        nbh += ls.n_near[ls.mov[i]];
    long budget = ls.tries * (nbh <= 1500 ? 20 : 2) + 1000;
    ls.tries = 0;
    sim_rng_t rng;
    sim_rng_init_named(&rng, opts->seed, "sched-local");
    for (int k = 0; k < kicks && ls.n_mov > 0 && ls.tries < budget && !out_of_time(&ls); k++) {
        int nk = 2 + (int)sim_rng_below(&rng, 3);
        for (int j = 0; j < nk; j++) {
            int v = ls.mov[sim_rng_below(&rng, (uint64_t)ls.n_mov)];
            if (ls.n_near[v] > 0)
                sched_state_move(ls.st, v, ls.near[v][sim_rng_below(&rng, (uint64_t)ls.n_near[v])]);
        }
        descend(&ls, tmp1, tmp2, use_swaps);
        sched_score_t s = sched_state_score(ls.st);
        if (sched_score_better(s, best)) {
            best = s;
            memcpy(best_host, sched_state_hosts(ls.st), (size_t)nv * sizeof *best_host);
        } else {
            for (int v = 0; v < nv; v++) /* back to the best */
                sched_state_move(ls.st, v, best_host[v]);
        }
    }
    for (int v = 0; v < nv; v++)
        sched_state_move(ls.st, v, best_host[v]);
    /* Small instances: more starts, each a greedy insertion in a shuffled order, a descent
     * and a few perturbation rounds (the first insertion's basin is not always the best). */
    if (nbh <= 1500 && opts->kicks != 0)
        for (int r = 0; r < SCHED_LS_RESTARTS && n_un > 1 && !out_of_time(&ls); r++) {
            for (int v = 0; v < nv; v++)
                sched_state_move(ls.st, v, host[v]);
            for (int i = n_un - 1; i > 0; i--) {
                int j = (int)sim_rng_below(&rng, (uint64_t)i + 1), t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            insert_all(&ls, order, n_un);
            descend(&ls, tmp1, tmp2, use_swaps);
            for (int k = 0; k < 10 && !out_of_time(&ls); k++) {
                sched_score_t cur = sched_state_score(ls.st);
                if (sched_score_better(cur, best)) {
                    best = cur;
                    memcpy(best_host, sched_state_hosts(ls.st), (size_t)nv * sizeof *best_host);
                }
                int nk = 2 + (int)sim_rng_below(&rng, 3);
                for (int j = 0; j < nk; j++) {
                    int v = ls.mov[sim_rng_below(&rng, (uint64_t)ls.n_mov)];
                    if (ls.n_near[v] > 0)
                        sched_state_move(ls.st, v, ls.near[v][sim_rng_below(&rng, (uint64_t)ls.n_near[v])]);
                }
                descend(&ls, tmp1, tmp2, use_swaps);
            }
            sched_score_t cur = sched_state_score(ls.st);
            if (sched_score_better(cur, best)) {
                best = cur;
                memcpy(best_host, sched_state_hosts(ls.st), (size_t)nv * sizeof *best_host);
            }
        }
    for (int v = 0; v < nv; v++)
        sched_state_move(ls.st, v, best_host[v]);
    if (best.viol > 0) { /* confirm on a fresh state: the running sums may have drifted */
        sched_metrics_t m;
        sched_metrics(inst, best_host, &m);
        if (m.violation == 0)
            best.viol = 0;
    }
    if (best.viol > 0) {
        char msg[1024];
        sched_state_first_violation(ls.st, msg, sizeof msg);
        err = vs_fail(VS_EINFEASIBLE, "infeasible%s: %s",
                      ls.timed_out ? " (local search stopped at its time limit)" : "", msg);
        goto out;
    }
    out->solver = "local";
    out->status = ls.timed_out ? "time-limit" : "local-optimum";
    out->host = best_host;
    best_host = NULL;
    out->objective = sched_objective_value(inst, opts->objective, out->host);
    out->bound = NAN;
    out->gap = NAN;
    out->seconds = sched_now() - t0;
out:
    sched_state_destroy(ls.st);
    free_near(&ls);
    free(host);
    free(best_host);
    free(tmp1);
    free(tmp2);
    free(order);
    free(ls.mov);
    return err;
}
