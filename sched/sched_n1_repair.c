/* --survive n-1: the post-check with repair described in sched_n1.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sched_eval.h"
#include "sched_n1.h"
#include "vs_out.h"

typedef struct {
    const sched_inst_t *inst;
    int *host;
    char *mark;
    int *cand, n_cand; /* movable VRs involved in a break */
    int *near;         /* scratch: one VR's candidate routers, nearest first */
    long evals, max_evals; /* single failures examined so far / at most */
} repair_t;

/* Routers tried per VR and round: the nearest to where it is (by latency), as the local
 * search's moves do (sched_local.c); a VR moved far lengthens every path it uses. */
#define REPAIR_NEAR 16

/* Breaks of the current placement, summed over the failures; *keep gets the report when
 * not NULL. Counts against the budget. */
static vs_err_t breaks_of(repair_t *r, int *out, sched_n1_report_t *keep)
{
    sched_n1_report_t rep = {0};
    vs_err_t err = sched_n1_check(r->inst, r->host, -1, &rep);
    r->evals += rep.checked;
    *out = 0;
    for (int i = 0; !err && i < rep.n_viol; i++)
        *out += rep.viol[i].n_broken;
    if (!err && keep)
        *keep = rep;
    else
        sched_n1_free(&rep);
    return err;
}

static void involve(repair_t *r, int v)
{
    if (v >= 0 && r->inst->vrs[v].movable && !r->mark[v]) {
        r->mark[v] = 1;
        r->cand[r->n_cand++] = v;
    }
}

/* Does virtual link e's path use link l? */
static bool crosses(const repair_t *r, int e, int l)
{
    const sched_inst_t *inst = r->inst;
    int p = r->host[inst->vlinks[e].a], q = r->host[inst->vlinks[e].b];
    if (p < 0 || q < 0)
        return false;
    for (int dl; p != q && (dl = inst->next[(size_t)p * (size_t)inst->n_nodes + (size_t)q]) >= 0;) {
        if (dl / 2 == l)
            return true;
        p = (dl & 1) ? inst->links[dl / 2].a : inst->links[dl / 2].b;
    }
    return false;
}

static void involve_break(repair_t *r, const sched_n1_break_t *b)
{
    if (b->what == SCHED_N1_CUT) {
        involve(r, r->inst->vlinks[b->a].a);
        involve(r, r->inst->vlinks[b->a].b);
    } else if (b->what == SCHED_N1_CUT_OFF) {
        involve(r, b->a);
    } else if (b->what == SCHED_N1_PAIR) {
        involve(r, b->a);
        involve(r, b->b);
    }
}

static int cmp_int(const void *a, const void *b)
{
    return *(const int *)a - *(const int *)b;
}

/* The movable VRs a report's breaks involve: those on a failed router, the ends of cut and
 * re-routed virtual links, VRs cut off, pairs down. In VR order. */
static void involved(repair_t *r, const sched_n1_report_t *rep)
{
    const sched_inst_t *inst = r->inst;
    memset(r->mark, 0, (size_t)inst->n_vrs);
    r->n_cand = 0;
    for (int i = 0; i < rep->n_viol; i++) {
        const sched_n1_violation_t *x = &rep->viol[i];
        for (int v = 0; x->kind == SCHED_N1_ROUTER && v < inst->n_vrs; v++)
            if (r->host[v] == x->element)
                involve(r, v);
        for (int e = 0; x->kind == SCHED_N1_LINK && e < inst->n_vlinks; e++)
            if (crosses(r, e, x->element)) {
                involve(r, inst->vlinks[e].a);
                involve(r, inst->vlinks[e].b);
            }
        for (int j = 0; j < x->n_broken; j++)
            involve_break(r, &x->broken[j]);
    }
    qsort(r->cand, (size_t)r->n_cand, sizeof(int), cmp_int);
}

typedef struct {
    int v, to, breaks;
    sched_score_t score;
} move_t;

static const repair_t *near_ctx; /* qsort's comparator has no context argument */
static int near_from;

static int cmp_near(const void *a, const void *b)
{
    int p = *(const int *)a, q = *(const int *)b;
    float dp = sched_dist(near_ctx->inst, near_from, p), dq = sched_dist(near_ctx->inst, near_from, q);
    return dp != dq ? (dp > dq) - (dp < dq) : p - q;
}

/* VR v's candidate routers nearest its current host, at most REPAIR_NEAR, into r->near. */
static int nearest(repair_t *r, int v)
{
    int n = r->inst->n_cand[v];
    memcpy(r->near, r->inst->cand[v], sizeof(int) * (size_t)n);
    near_ctx = r;
    near_from = r->host[v];
    qsort(r->near, (size_t)n, sizeof(int), cmp_near);
    return n < REPAIR_NEAR ? n : REPAIR_NEAR;
}

/* The best move of one round (best->v < 0: none removes a break). */
static vs_err_t best_move(repair_t *r, sched_state_t *st, move_t *best, bool *spent)
{
    sched_score_t now = sched_state_score(st);
    vs_err_t err = VS_OK;
    for (int i = 0; !err && i < r->n_cand; i++) {
        int v = r->cand[i], from = r->host[v], n = nearest(r, v);
        for (int k = 0; !err && k < n; k++) {
            int to = r->near[k], b;
            if (to == from)
                continue;
            sched_score_t s = sched_state_try(st, v, to);
            if (s.viol > now.viol + 1e-12) /* never trades a constraint for survival */
                continue;
            if (r->evals >= r->max_evals) {
                *spent = true;
                return VS_OK;
            }
            r->host[v] = to;
            err = breaks_of(r, &b, NULL);
            r->host[v] = from;
            if (!err && (b < best->breaks ||
                         (b == best->breaks && best->v >= 0 && sched_score_better(s, best->score))))
                *best = (move_t){.v = v, .to = to, .breaks = b, .score = s};
        }
    }
    return err;
}

vs_err_t sched_n1_repair(const sched_inst_t *inst, sched_objective_t obj, int *host,
                         long max_evals, sched_n1_repair_t *out)
{
    *out = (sched_n1_repair_t){0};
    repair_t r = {.inst = inst, .host = host, .max_evals = max_evals};
    r.mark = calloc((size_t)inst->n_vrs + 1, 1);
    r.cand = malloc(sizeof(int) * ((size_t)inst->n_vrs + 1));
    r.near = malloc(sizeof(int) * ((size_t)inst->n_nodes + 1));
    sched_state_t *st = NULL;
    sched_n1_report_t rep = {0};
    int cur = 0, *home = malloc(sizeof(int) * ((size_t)inst->n_vrs + 1));
    vs_err_t err = !r.mark || !r.cand || !r.near || !home ? vs_fail(VS_ENOMEM, "out of memory") : VS_OK;
    for (int v = 0; !err && v < inst->n_vrs; v++)
        home[v] = inst->vrs[v].home;
    if (!err) { /* what today's network breaks: the repair cannot do better than that */
        r.host = home;
        err = breaks_of(&r, &out->breaks_home, NULL);
        r.host = host;
        r.evals = 0;
    }
    free(home);
    if (!err)
        err = breaks_of(&r, &cur, &rep);
    out->breaks_before = cur;
    if (!err && cur > 0)
        err = sched_state_create(inst, obj, host, &st);
    while (!err && cur > 0 && !out->budget_spent) {
        involved(&r, &rep);
        sched_n1_free(&rep);
        move_t best = {.v = -1, .breaks = cur};
        if ((err = best_move(&r, st, &best, &out->budget_spent)) || best.v < 0)
            break;
        sched_state_move(st, best.v, best.to);
        host[best.v] = best.to;
        out->moves++;
        err = breaks_of(&r, &cur, &rep);
    }
    out->breaks_after = cur;
    out->evaluations = r.evals;
    sched_n1_free(&rep);
    sched_state_destroy(st);
    free(r.mark);
    free(r.cand);
    free(r.near);
    return err;
}

vs_err_t sched_n1_survive(const sched_inst_t *inst, sched_objective_t obj, sched_result_t *r,
                          sched_n1_repair_t *out)
{
    vs_err_t err = sched_n1_repair(inst, obj, r->host, SCHED_N1_REPAIR_EVALS, out);
    if (err)
        return err;
    r->objective = sched_objective_value(inst, obj, r->host);
    if (!isnan(r->bound))
        r->gap = fabs(r->objective - r->bound) / fmax(fabs(r->objective), 1e-9);
    return VS_OK;
}

vs_err_t sched_n1_repair_json(const sched_n1_repair_t *rs, cJSON *obj)
{
    cJSON *o = vs_json_obj(obj, "survive");
    if (!o)
        return vs_fail(VS_ENOMEM, "out of memory");
    cJSON_AddStringToObject(o, "criterion", "n-1");
    cJSON_AddStringToObject(o, "method", "post-check with repair");
    cJSON_AddNumberToObject(o, "breaks_at_home", rs->breaks_home);
    cJSON_AddNumberToObject(o, "breaks_before", rs->breaks_before);
    cJSON_AddNumberToObject(o, "breaks_after", rs->breaks_after);
    cJSON_AddNumberToObject(o, "moves", rs->moves);
    cJSON_AddNumberToObject(o, "evaluations", (double)rs->evaluations);
    cJSON_AddBoolToObject(o, "budget_spent", rs->budget_spent);
    return VS_OK;
}
