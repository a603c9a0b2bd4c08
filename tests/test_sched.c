/* Scheduler: solvers on hand-made instances with known optima, infeasibility messages,
 * determinism, sequencing rules, LP export. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sched_cbc.h"
#include "sched_eval.h"
#include "sched_gen.h"
#include "sched_glpk.h"
#include "sched_milp_build.h"
#include "sched_model.h"
#include "sched_seq.h"
#include "sched_solve.h"
#include "sched_tasks.h"

/* POP a: transport ta, routers r0 r1 r2 (10 Gbps access links). POP b: transport tb, router
 * s0 (100 Gbps access) hosting 'peer'. ta-tb 100 Gbps. v0 on r0 sends 6 Gbps each way to
 * peer, v1 on r1 3 Gbps, v2 on r2 1 Gbps. Draining r0: v0 to r1 gives 0.9 on r1's access link,
 * to r2 gives 0.7 -> min max utilization 0.7. */
static sched_inst_t *tiny(bool partner_v0_v2, double headroom)
{
    sched_inst_t *inst;
    ck_assert_int_eq(sched_inst_create(&inst), VS_OK);
    int plat, reg, pa, pb, ta, tb, r[3], s0;
    ck_assert_int_eq(sched_intern_platform(inst, "p", &plat), VS_OK);
    ck_assert_int_eq(sched_intern_region(inst, "x", &reg), VS_OK);
    ck_assert_int_eq(sched_inst_add_pop(inst, "a", reg, &pa), VS_OK);
    ck_assert_int_eq(sched_inst_add_pop(inst, "b", reg, &pb), VS_OK);
    sched_node_t t = {.name = "ta", .pop = pa};
    ck_assert_int_eq(sched_inst_add_node(inst, &t, &ta), VS_OK);
    t.name = "tb";
    t.pop = pb;
    ck_assert_int_eq(sched_inst_add_node(inst, &t, &tb), VS_OK);
    sched_node_t rr = {.pop = pa, .router = true, .platform = plat, .acl_capacity = 100,
                       .vr_slots = 4, .cpu = 8, .mem_mb = 8000, .linecards = 2,
                       .ports_per_card = 4, .chassis_w = 500, .linecard_w = 100, .port_w = 5,
                       .load_w = 50, .price = 0.1};
    const char *names[3] = {"r0", "r1", "r2"};
    for (int i = 0; i < 3; i++) {
        rr.name = names[i];
        ck_assert_int_eq(sched_inst_add_node(inst, &rr, &r[i]), VS_OK);
        sched_link_t l = {.a = r[i], .b = ta, .cap_bps = 10e9, .lat_ms = 0.01, .name = names[i]};
        ck_assert_int_eq(sched_inst_add_link(inst, &l, NULL), VS_OK);
    }
    rr.name = "s0";
    rr.pop = pb;
    ck_assert_int_eq(sched_inst_add_node(inst, &rr, &s0), VS_OK);
    sched_link_t l = {.a = s0, .b = tb, .cap_bps = 100e9, .lat_ms = 0.01, .name = "s0-acc"};
    ck_assert_int_eq(sched_inst_add_link(inst, &l, NULL), VS_OK);
    sched_link_t ab = {.a = ta, .b = tb, .cap_bps = 100e9, .lat_ms = 5, .name = "a-b"};
    ck_assert_int_eq(sched_inst_add_link(inst, &ab, NULL), VS_OK);
    const char *vn[4] = {"v0", "v1", "v2", "peer"};
    int homes[4] = {r[0], r[1], r[2], s0};
    double dem[3] = {6e9, 3e9, 1e9};
    for (int v = 0; v < 4; v++) {
        sched_vr_t x = {.name = vn[v], .platform = plat, .cpu = 1, .mem_mb = 1000, .ports = 2,
                        .home = homes[v], .partner = -1};
        if (v == 0)
            x.scope = SCHED_SCOPE_POP; /* else s0 (with its peer) would be best */
        if (partner_v0_v2 && (v == 0 || v == 2))
            x.partner = v == 0 ? 2 : 0;
        ck_assert_int_eq(sched_inst_add_vr(inst, &x, NULL), VS_OK);
    }
    for (int v = 0; v < 3; v++) {
        sched_vlink_t e = {.a = v, .b = 3, .d_bps = {dem[v], dem[v]}};
        ck_assert_int_eq(sched_inst_add_vlink(inst, &e, NULL), VS_OK);
    }
    inst->headroom = headroom;
    ck_assert_int_eq(sched_inst_finalize(inst), VS_OK);
    const char *drain = "r0";
    ck_assert_int_eq(sched_task_drain(inst, &drain, 1), VS_OK);
    return inst;
}

/* Is CBC there to test? It is optional at build time; under VS_REQUIRE_OPTIONAL=1 (CI) its
 * absence fails instead. */
static bool have_cbc(void)
{
    if (sched_cbc_available())
        return true;
    const char *req = getenv("VS_REQUIRE_OPTIONAL");
    ck_assert_msg(!req || strcmp(req, "1"), "CBC is not compiled in and VS_REQUIRE_OPTIONAL=1");
    fprintf(stderr, "test_sched: CBC not compiled in; its cases are skipped\n");
    return false;
}

/* Every solver (GLPK, CBC when built in, local search) finds the known optimum. */
static void solve_both(sched_inst_t *inst, sched_objective_t obj, double want, int v, int host)
{
    sched_solver_t solvers[3] = {SCHED_SOLVER_MILP, SCHED_SOLVER_CBC, SCHED_SOLVER_LOCAL};
    for (int i = 0; i < 3; i++) {
        if (solvers[i] == SCHED_SOLVER_CBC && !have_cbc())
            continue;
        sched_solve_opts_t o = {.objective = obj, .solver = solvers[i], .time_limit_s = 10,
                                .seed = 1, .kicks = -1};
        sched_result_t r;
        ck_assert_msg(sched_solve(inst, &o, &r) == VS_OK, "%s", vs_errmsg());
        ck_assert_msg(fabs(r.objective - want) < 1e-9, "%s: objective %g, want %g", r.solver,
                      r.objective, want);
        if (host >= 0)
            ck_assert_int_eq(r.host[v], host);
        if (solvers[i] != SCHED_SOLVER_LOCAL) {
            ck_assert_str_eq(r.status, "optimal");
            ck_assert(fabs(r.gap) < 1e-9);
        }
        sched_result_free(&r);
    }
}

START_TEST(known_optimum_mlu)
{
    sched_inst_t *inst = tiny(false, 1.0);
    solve_both(inst, SCHED_OBJ_MLU, 0.7, 0, sched_node_find(inst, "r2"));
    sched_inst_destroy(inst);
}
END_TEST

START_TEST(redundancy_forces_worse_host)
{
    sched_inst_t *inst = tiny(true, 1.0);
    solve_both(inst, SCHED_OBJ_MLU, 0.9, 0, sched_node_find(inst, "r1"));
    sched_inst_destroy(inst);
}
END_TEST

/* cpu-total weighs a VR's CPU by its host's capacity: with r1 twice r2's CPU, v0 goes to r1
 * (1/16 + 1/16 + 1/8 + 1/8 = 0.375, against 0.4375 on r2), where mlu sends it to r2. */
START_TEST(cpu_total_prefers_capacity)
{
    sched_inst_t *inst = tiny(false, 1.0);
    int r1 = sched_node_find(inst, "r1");
    inst->nodes[r1].cpu = 16;
    ck_assert_int_eq(sched_inst_refresh(inst), VS_OK);
    solve_both(inst, SCHED_OBJ_CPU_TOTAL, 0.375, 0, r1);
    sched_objective_t o;
    ck_assert_int_eq(sched_objective_parse("cpu-total", &o), VS_OK);
    ck_assert_int_eq(o, SCHED_OBJ_CPU_TOTAL);
    sched_inst_destroy(inst);
}
END_TEST

/* Without CBC, --solver cbc is an environment error (exit 3) saying how to get it. */
START_TEST(cbc_absent_says_how)
{
    if (sched_cbc_available())
        return; /* the CBC build: its cases run in solve_both and cbc_matches_glpk */
    sched_inst_t *inst = tiny(false, 1.0);
    sched_solve_opts_t o = {.objective = SCHED_OBJ_MLU, .solver = SCHED_SOLVER_CBC,
                            .time_limit_s = 10, .seed = 1, .kicks = -1};
    sched_result_t r;
    ck_assert_int_eq(sched_solve(inst, &o, &r), VS_EDEPEND);
    ck_assert_int_eq(vs_exit_status(VS_EDEPEND), 3);
    ck_assert_msg(strstr(vs_errmsg(), "coinor-libcbc-dev"), "%s", vs_errmsg());
    sched_inst_destroy(inst);
}
END_TEST

/* CBC and GLPK prove the same optimum of a generated instance, each placement feasible and
 * its objective what the solver says; a start is taken. */
START_TEST(cbc_matches_glpk)
{
    if (!have_cbc())
        return;
    sched_objective_t objs[3] = {SCHED_OBJ_MLU, SCHED_OBJ_CPU, SCHED_OBJ_STRETCH};
    for (int k = 0; k < 3; k++) {
        sched_gen_config_t g = {.seed = 2, .routers = 20, .vrs = 50};
        sched_inst_t *inst;
        ck_assert_int_eq(sched_gen(&g, &inst), VS_OK);
        const char *drain = "pop0";
        ck_assert_int_eq(sched_task_drain(inst, &drain, 1), VS_OK);
        sched_solve_opts_t o = {.objective = objs[k], .solver = SCHED_SOLVER_MILP,
                                .time_limit_s = 30, .seed = 1, .kicks = -1};
        sched_result_t gl, cb, cs;
        ck_assert_msg(sched_solve(inst, &o, &gl) == VS_OK, "%s", vs_errmsg());
        o.solver = SCHED_SOLVER_CBC;
        ck_assert_msg(sched_solve(inst, &o, &cb) == VS_OK, "%s", vs_errmsg());
        o.start = gl.host;
        ck_assert_msg(sched_solve(inst, &o, &cs) == VS_OK, "%s", vs_errmsg());
        ck_assert_str_eq(gl.status, "optimal");
        ck_assert_str_eq(cb.status, "optimal");
        ck_assert_str_eq(cb.solver, "cbc");
        ck_assert_msg(fabs(cb.objective - gl.objective) <= 1e-7 * (1 + fabs(gl.objective)),
                      "%s: cbc %.12g, glpk %.12g", sched_objective_name(objs[k]), cb.objective,
                      gl.objective);
        ck_assert(fabs(cs.objective - gl.objective) <= 1e-7 * (1 + fabs(gl.objective)));
        ck_assert(fabs(sched_objective_value(inst, objs[k], cb.host) - cb.objective) < 1e-12);
        sched_metrics_t mm;
        sched_metrics(inst, cb.host, &mm);
        ck_assert(mm.violation == 0);
        sched_result_free(&gl);
        sched_result_free(&cb);
        sched_result_free(&cs);
        sched_inst_destroy(inst);
    }
}
END_TEST

/* The generator's binding kinds: tight links put every loaded link at exactly 50% at home;
 * even CPU every router with a VR at exactly the load. The LP relaxation bounds the optimum
 * from below. */
START_TEST(gen_binding_kinds)
{
    sched_gen_config_t g = {.seed = 1, .routers = 20, .vrs = 50, .tight_links = true};
    sched_inst_t *inst;
    ck_assert_int_eq(sched_gen(&g, &inst), VS_OK);
    int home[50];
    for (int v = 0; v < 50; v++)
        home[v] = inst->vrs[v].home;
    ck_assert(fabs(sched_objective_value(inst, SCHED_OBJ_MLU, home) - 0.5) < 1e-12);
    const char *drain = "pop0";
    ck_assert_int_eq(sched_task_drain(inst, &drain, 1), VS_OK);
    sched_milp_model_t M;
    ck_assert_int_eq(sched_milp_build(inst, SCHED_OBJ_MLU, NULL, &M), VS_OK);
    sched_lp_solve_opts_t so = {.time_limit_s = 30, .t0 = sched_now()};
    double lp;
    ck_assert_int_eq(sched_glpk_lp_bound(&M.lp, &so, &lp), VS_OK);
    sched_milp_model_free(&M);
    sched_solve_opts_t o = {.objective = SCHED_OBJ_MLU, .solver = SCHED_SOLVER_MILP,
                            .time_limit_s = 30, .seed = 1, .kicks = -1};
    sched_result_t r;
    ck_assert_msg(sched_solve(inst, &o, &r) == VS_OK, "%s", vs_errmsg());
    ck_assert_str_eq(r.status, "optimal");
    ck_assert_msg(lp > 0.5 && lp <= r.objective + 1e-9 && r.objective >= 0.55,
                  "LP %g, optimum %g", lp, r.objective);
    sched_result_free(&r);
    sched_inst_destroy(inst);

    g.tight_links = false;
    g.even_cpu = true;
    ck_assert_int_eq(sched_gen(&g, &inst), VS_OK);
    for (int p = 0; p < inst->n_nodes; p++) {
        double cpu = 0;
        for (int v = 0; v < inst->n_vrs; v++)
            cpu += inst->vrs[v].home == p ? inst->vrs[v].cpu : 0;
        ck_assert(cpu == 0 || fabs(cpu / inst->nodes[p].cpu - SCHED_GEN_DEFAULT_LOAD) < 1e-9);
    }
    sched_inst_destroy(inst);
}
END_TEST

/* A move updates link loads only where the old and new paths differ (sched_state_move):
 * after many random moves, including to and from unplaced, every directed link's load, the
 * stretch and the score equal a state built from scratch on the same placement. */
START_TEST(moves_match_scratch)
{
    sched_gen_config_t g = {.seed = 5, .routers = 30, .vrs = 80, .pops = 6};
    sched_inst_t *inst;
    ck_assert_int_eq(sched_gen(&g, &inst), VS_OK);
    int host[80];
    for (int v = 0; v < 80; v++)
        host[v] = inst->vrs[v].home;
    sched_state_t *st;
    ck_assert_int_eq(sched_state_create(inst, SCHED_OBJ_MLU, host, &st), VS_OK);
    uint64_t x = 12345;
    for (int i = 0; i < 3000; i++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        int v = (int)((x >> 33) % 80), r = (int)((x >> 13) % (uint64_t)inst->n_nodes);
        int to = i % 17 == 0 ? -1 : inst->nodes[r].router ? r : inst->vrs[v].home;
        sched_state_move(st, v, to);
        if (i % 100 != 99)
            continue;
        sched_state_t *fresh;
        ck_assert_int_eq(sched_state_create(inst, SCHED_OBJ_MLU, sched_state_hosts(st), &fresh),
                         VS_OK);
        for (int dl = 0; dl < 2 * inst->n_links; dl++)
            ck_assert_msg(fabs(sched_state_load(st, dl) - sched_state_load(fresh, dl)) < 1e-3,
                          "move %d link %d: %g vs %g", i, dl, sched_state_load(st, dl),
                          sched_state_load(fresh, dl));
        sched_score_t a = sched_state_score(st), b = sched_state_score(fresh);
        ck_assert(fabs(a.viol - b.viol) < 1e-6 && fabs(a.primary - b.primary) < 1e-9);
        sched_state_destroy(fresh);
    }
    sched_state_destroy(st);
    sched_inst_destroy(inst);
}
END_TEST

START_TEST(migrations_and_stretch)
{
    sched_inst_t *inst = tiny(false, 1.0);
    /* one VR has to move whatever happens; no latency changes inside the POP */
    solve_both(inst, SCHED_OBJ_MIGRATIONS, 1, 0, -1);
    sched_inst_destroy(inst);
}
END_TEST

/* Survivability with link sharing. Transport nodes ta tb tc td joined a-b, b-d (1 ms each) and
 * a-c, c-d (1.5 ms each): two disjoint paths from A to D, the shorter via B. Routers a0 a1 (POP
 * A), b0 (B), c0 (C), d0 d1 (D), each on a 10 Gbps access link. Primary p on a0 talks to
 * peer0 on d0, its backup k on a1 to peer1 on d1; at home both paths run a-b-d. Draining a1:
 * k on a0 breaks redundancy, d0 and d1 are full (one VR slot), on b0 its path shares b-d
 * with p's, on c0 it shares nothing -> the only optimum is c0, with no pair sharing anything
 * (0). A POP-only count would accept b0 as well (and the stretch objective prefer it). */
static sched_inst_t *diverse_paths(const char *drain)
{
    sched_inst_t *inst;
    ck_assert_int_eq(sched_inst_create(&inst), VS_OK);
    int plat, reg, pop[4], t[4];
    const char *pn[4] = {"A", "B", "C", "D"}, *tn[4] = {"ta", "tb", "tc", "td"};
    ck_assert_int_eq(sched_intern_platform(inst, "p", &plat), VS_OK);
    ck_assert_int_eq(sched_intern_region(inst, "x", &reg), VS_OK);
    for (int i = 0; i < 4; i++) {
        ck_assert_int_eq(sched_inst_add_pop(inst, pn[i], reg, &pop[i]), VS_OK);
        sched_node_t x = {.name = tn[i], .pop = pop[i]};
        ck_assert_int_eq(sched_inst_add_node(inst, &x, &t[i]), VS_OK);
    }
    struct { int a, b; double lat; const char *name; } tl[4] = {
        {0, 1, 1, "a-b"}, {1, 3, 1, "b-d"}, {0, 2, 1.5, "a-c"}, {2, 3, 1.5, "c-d"}};
    for (int i = 0; i < 4; i++) {
        sched_link_t l = {.a = t[tl[i].a], .b = t[tl[i].b], .cap_bps = 100e9,
                          .lat_ms = tl[i].lat, .name = tl[i].name};
        ck_assert_int_eq(sched_inst_add_link(inst, &l, NULL), VS_OK);
    }
    const char *rn[6] = {"a0", "a1", "b0", "c0", "d0", "d1"};
    int rp[6] = {0, 0, 1, 2, 3, 3}, r[6];
    for (int i = 0; i < 6; i++) {
        sched_node_t x = {.name = rn[i], .pop = pop[rp[i]], .router = true, .platform = plat,
                          .acl_capacity = 100, .vr_slots = rp[i] == 3 ? 1 : 4, .cpu = 8,
                          .mem_mb = 8000, .linecards = 2, .ports_per_card = 4, .chassis_w = 500,
                          .linecard_w = 100, .port_w = 5, .load_w = 50, .price = 0.1};
        ck_assert_int_eq(sched_inst_add_node(inst, &x, &r[i]), VS_OK);
        sched_link_t l = {.a = r[i], .b = t[rp[i]], .cap_bps = 10e9, .lat_ms = 0.01,
                          .name = rn[i]};
        ck_assert_int_eq(sched_inst_add_link(inst, &l, NULL), VS_OK);
    }
    const char *vn[4] = {"p", "k", "peer0", "peer1"};
    int homes[4] = {r[0], r[1], r[4], r[5]}, partner[4] = {1, 0, -1, -1};
    for (int v = 0; v < 4; v++) {
        sched_vr_t x = {.name = vn[v], .platform = plat, .cpu = 1, .mem_mb = 1000, .ports = 1,
                        .home = homes[v], .partner = partner[v]};
        ck_assert_int_eq(sched_inst_add_vr(inst, &x, NULL), VS_OK);
    }
    for (int v = 0; v < 2; v++) {
        sched_vlink_t e = {.a = v, .b = v + 2, .d_bps = {1e9, 1e9}};
        ck_assert_int_eq(sched_inst_add_vlink(inst, &e, NULL), VS_OK);
    }
    ck_assert_int_eq(sched_inst_finalize(inst), VS_OK);
    const char *names[2] = {"a0", "a1"};
    bool both = strcmp(drain, "both") == 0;
    ck_assert_int_eq(sched_task_drain(inst, both ? names : &names[1], both ? 2 : 1), VS_OK);
    return inst;
}

START_TEST(survivability_counts_shared_links)
{
    sched_inst_t *inst = diverse_paths("a1");
    int k = sched_vr_find(inst, "k");
    int host[4];
    for (int v = 0; v < 4; v++)
        host[v] = inst->vrs[v].home;
    sched_metrics_t m;
    sched_metrics(inst, host, &m); /* at home: same POP and links a-b, b-d; counted once */
    ck_assert_int_eq(m.shared_pop_pairs, 1);
    ck_assert_int_eq(m.shared_link_pairs, 1);
    ck_assert_int_eq(m.shared_pairs, 1);
    host[k] = sched_node_find(inst, "b0"); /* other POP, but b-d shared */
    sched_metrics(inst, host, &m);
    ck_assert_int_eq(m.shared_pop_pairs, 0);
    ck_assert_int_eq(m.shared_link_pairs, 1);
    ck_assert(sched_objective_value(inst, SCHED_OBJ_SURVIVE, host) == 1);
    host[k] = sched_node_find(inst, "c0");
    sched_metrics(inst, host, &m);
    ck_assert_int_eq(m.shared_pairs, 0);
    /* Both solvers find the unique optimum (k on c0, objective 0); the MILP proves it. */
    solve_both(inst, SCHED_OBJ_SURVIVE, 0, k, sched_node_find(inst, "c0"));
    sched_inst_destroy(inst);
    /* Both partners movable (the MILP's z columns): 0 is reachable, e.g. p on b0, k on c0. */
    inst = diverse_paths("both");
    solve_both(inst, SCHED_OBJ_SURVIVE, 0, 0, -1);
    /* auto: GLPK starts from the heuristic's placement (its s and y columns included) */
    sched_solve_opts_t o = {.objective = SCHED_OBJ_SURVIVE, .solver = SCHED_SOLVER_AUTO,
                            .time_limit_s = 10, .seed = 1, .kicks = -1};
    sched_result_t r;
    ck_assert_msg(sched_solve(inst, &o, &r) == VS_OK, "%s", vs_errmsg());
    ck_assert(r.objective == 0 && r.bound == 0);
    sched_result_free(&r);
    sched_inst_destroy(inst);
}
END_TEST

/* The local search's incremental survivability count (per-pair flags refreshed move by move)
 * equals the count recomputed from scratch after every one of many random moves. */
START_TEST(survivability_incremental_matches_scratch)
{
    sched_gen_config_t g = {.seed = 3, .routers = 20, .vrs = 50, .load = SCHED_GEN_DEFAULT_LOAD};
    sched_inst_t *inst;
    ck_assert_msg(sched_gen(&g, &inst) == VS_OK, "%s", vs_errmsg());
    int *host = malloc(sizeof(int) * (size_t)inst->n_vrs);
    ck_assert(host != NULL);
    for (int v = 0; v < inst->n_vrs; v++)
        host[v] = inst->vrs[v].home;
    sched_state_t *st;
    ck_assert_int_eq(sched_state_create(inst, SCHED_OBJ_SURVIVE, host, &st), VS_OK);
    int routers[256], nr = 0;
    for (int p = 0; p < inst->n_nodes && nr < 256; p++)
        if (inst->nodes[p].router)
            routers[nr++] = p;
    uint64_t x = 12345;
    for (int i = 0; i < 400; i++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        int v = (int)((x >> 33) % (uint64_t)inst->n_vrs);
        int to = routers[(x >> 17) % (uint64_t)nr];
        if ((x & 15) == 0)
            to = -1; /* unplaced VRs share nothing */
        sched_state_move(st, v, to);
        double inc = sched_state_score(st).primary;
        double scratch = sched_objective_value(inst, SCHED_OBJ_SURVIVE, sched_state_hosts(st));
        ck_assert_msg(inc == scratch, "move %d: incremental %g, from scratch %g", i, inc, scratch);
    }
    sched_state_destroy(st);
    free(host);
    sched_inst_destroy(inst);
}
END_TEST

START_TEST(power_consolidation)
{
    /* Everything movable inside POP a, no headroom limit on 100 Gbps access links: all three
     * VRs fit one router (4 slots, 8 ports): two chassis off. */
    sched_inst_t *inst = tiny(false, 1.0);
    for (int l = 0; l < 3; l++)
        inst->links[l].cap_bps = 100e9;
    for (int p = 0; p < inst->n_nodes; p++)
        inst->nodes[p].drained = false;
    for (int v = 0; v < 3; v++) {
        inst->vrs[v].movable = true;
        inst->vrs[v].scope = SCHED_SCOPE_POP;
    }
    ck_assert_int_eq(sched_inst_refresh(inst), VS_OK);
    /* a router with 3 VRs: 500 + 2 cards x 100 + 6 ports x 5 + 50 x 3/8 cores; plus s0:
     * 500 + 100 + 10 + 50/8. Cost = W/1000 x 0.1 x 1 h. */
    double w = (500 + 200 + 30 + 50 * 3.0 / 8) + (500 + 100 + 10 + 50 / 8.0);
    sched_solver_t solvers[2] = {SCHED_SOLVER_MILP, SCHED_SOLVER_LOCAL};
    for (int i = 0; i < 2; i++) {
        sched_solve_opts_t o = {.objective = SCHED_OBJ_POWER, .solver = solvers[i],
                                .time_limit_s = 10, .seed = 1, .kicks = -1};
        sched_result_t r;
        ck_assert_msg(sched_solve(inst, &o, &r) == VS_OK, "%s", vs_errmsg());
        ck_assert_msg(fabs(r.objective - w / 1000 * 0.1) < 1e-9, "%s: %g vs %g", r.solver,
                      r.objective, w / 1000 * 0.1);
        ck_assert_int_eq(r.host[0], r.host[1]);
        ck_assert_int_eq(r.host[1], r.host[2]);
        sched_metrics_t m;
        sched_metrics(inst, r.host, &m);
        ck_assert_int_eq(m.routers_on, 2);
        sched_result_free(&r);
    }
    sched_inst_destroy(inst);
}
END_TEST

START_TEST(infeasible_names_constraint_and_vr)
{
    sched_inst_t *inst = tiny(true, 0.8); /* r1 would reach 0.9 > 0.8, r2 holds the partner */
    sched_solver_t solvers[2] = {SCHED_SOLVER_MILP, SCHED_SOLVER_LOCAL};
    for (int i = 0; i < 2; i++) {
        sched_solve_opts_t o = {.objective = SCHED_OBJ_MLU, .solver = solvers[i],
                                .time_limit_s = 10, .seed = 1, .kicks = -1};
        sched_result_t r;
        vs_err_t err = sched_solve(inst, &o, &r);
        ck_assert_int_eq(err, VS_EINFEASIBLE);
        ck_assert_int_eq(vs_exit_status(err), 2);
        ck_assert_msg(strstr(vs_errmsg(), "'v0'") != NULL, "%s", vs_errmsg());
        ck_assert_msg(strstr(vs_errmsg(), "link headroom") != NULL ||
                          strstr(vs_errmsg(), "redundancy") != NULL,
                      "%s", vs_errmsg());
        ck_assert(r.host == NULL);
    }
    sched_inst_destroy(inst);
}
END_TEST

START_TEST(infeasible_platform)
{
    sched_inst_t *inst = tiny(false, 1.0);
    int other;
    ck_assert_int_eq(sched_intern_platform(inst, "other-vendor", &other), VS_OK);
    inst->vrs[0].platform = other;
    ck_assert_int_eq(sched_inst_refresh(inst), VS_OK);
    sched_solve_opts_t o = {.objective = SCHED_OBJ_MLU, .solver = SCHED_SOLVER_LOCAL,
                            .time_limit_s = 10, .seed = 1, .kicks = -1};
    sched_result_t r;
    ck_assert_int_eq(sched_solve(inst, &o, &r), VS_EINFEASIBLE);
    ck_assert_msg(strstr(vs_errmsg(), "'v0'") && strstr(vs_errmsg(), "platform"), "%s", vs_errmsg());
    o.solver = SCHED_SOLVER_MILP;
    ck_assert_int_eq(sched_solve(inst, &o, &r), VS_EINFEASIBLE);
    ck_assert_msg(strstr(vs_errmsg(), "'v0'"), "%s", vs_errmsg());
    sched_inst_destroy(inst);
}
END_TEST

START_TEST(unknown_drain_suggests)
{
    sched_inst_t *inst = tiny(false, 1.0);
    const char *bad = "r9";
    ck_assert_int_eq(sched_task_drain(inst, &bad, 1), VS_ENOTFOUND);
    ck_assert_msg(strstr(vs_errmsg(), "did you mean"), "%s", vs_errmsg());
    sched_inst_destroy(inst);
}
END_TEST

static int *gen_solve(uint64_t seed, double *obj, int *nv)
{
    sched_gen_config_t g = {.seed = seed, .routers = 30, .vrs = 80};
    sched_inst_t *inst;
    ck_assert_int_eq(sched_gen(&g, &inst), VS_OK);
    const char *drain = "pop1";
    ck_assert_int_eq(sched_task_drain(inst, &drain, 1), VS_OK);
    sched_solve_opts_t o = {.objective = SCHED_OBJ_MLU, .solver = SCHED_SOLVER_LOCAL,
                            .time_limit_s = 0, .seed = seed, .kicks = -1};
    sched_result_t r;
    ck_assert_msg(sched_solve(inst, &o, &r) == VS_OK, "%s", vs_errmsg());
    *obj = r.objective;
    *nv = inst->n_vrs;
    int *h = r.host;
    sched_inst_destroy(inst);
    return h;
}

START_TEST(deterministic)
{
    double a, b;
    int na, nb;
    int *ha = gen_solve(7, &a, &na), *hb = gen_solve(7, &b, &nb);
    ck_assert_int_eq(na, nb);
    ck_assert(a == b);
    ck_assert(memcmp(ha, hb, sizeof(int) * (size_t)na) == 0);
    free(ha);
    free(hb);
}
END_TEST

START_TEST(heuristic_close_to_milp)
{
    for (uint64_t seed = 1; seed <= 3; seed++) {
        sched_gen_config_t g = {.seed = seed, .routers = 24, .vrs = 60, .pops = 6};
        sched_inst_t *inst;
        ck_assert_int_eq(sched_gen(&g, &inst), VS_OK);
        inst->headroom = 1.0;
        const char *drain = "pop0";
        ck_assert_int_eq(sched_task_drain(inst, &drain, 1), VS_OK);
        sched_solve_opts_t o = {.objective = SCHED_OBJ_MLU, .solver = SCHED_SOLVER_MILP,
                                .time_limit_s = 20, .seed = seed, .kicks = -1};
        sched_result_t m, l;
        ck_assert_msg(sched_solve(inst, &o, &m) == VS_OK, "%s", vs_errmsg());
        o.solver = SCHED_SOLVER_LOCAL;
        ck_assert_msg(sched_solve(inst, &o, &l) == VS_OK, "%s", vs_errmsg());
        if (!strcmp(m.status, "optimal"))
            ck_assert_msg(l.objective <= m.objective * 1.02 + 1e-12, "seed %llu: %g vs %g",
                          (unsigned long long)seed, l.objective, m.objective);
        /* the MILP's placement is feasible and its objective is what it says */
        ck_assert(fabs(sched_objective_value(inst, SCHED_OBJ_MLU, m.host) - m.objective) < 1e-12);
        sched_metrics_t mm;
        sched_metrics(inst, m.host, &mm);
        ck_assert(mm.violation == 0);
        sched_result_free(&m);
        sched_result_free(&l);
        sched_inst_destroy(inst);
    }
}
END_TEST

START_TEST(sequencing_rules)
{
    sched_gen_config_t g = {.seed = 4, .routers = 30, .vrs = 80};
    sched_inst_t *inst;
    ck_assert_int_eq(sched_gen(&g, &inst), VS_OK);
    const char *drain = "pop0";
    ck_assert_int_eq(sched_task_drain(inst, &drain, 1), VS_OK);
    sched_solve_opts_t o = {.objective = SCHED_OBJ_MLU, .solver = SCHED_SOLVER_LOCAL,
                            .time_limit_s = 0, .seed = 1, .kicks = -1};
    sched_result_t r;
    ck_assert_int_eq(sched_solve(inst, &o, &r), VS_OK);
    int *home = malloc(sizeof(int) * (size_t)inst->n_vrs);
    for (int v = 0; v < inst->n_vrs; v++)
        home[v] = inst->vrs[v].home;
    sched_seq_t *s;
    ck_assert_int_eq(sched_seq_build(inst, home, r.host, &SCHED_SEQ_CONFIG_DEFAULT, &s), VS_OK);
    const sched_move_t *mv = sched_seq_moves(s);
    int n = sched_seq_count(s), moved = 0;
    for (int v = 0; v < inst->n_vrs; v++)
        moved += home[v] != r.host[v];
    ck_assert_int_eq(n, moved);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            if (inst->vrs[mv[i].vr].partner == mv[j].vr)
                ck_assert_int_ne(mv[i].wave, mv[j].wave);
    /* every intermediate placement (after each wave) satisfies the constraints */
    int *cur = malloc(sizeof(int) * (size_t)inst->n_vrs);
    memcpy(cur, home, sizeof(int) * (size_t)inst->n_vrs);
    int waves = n ? mv[n - 1].wave + 1 : 0;
    for (int w = 0; w < waves; w++) {
        for (int i = 0; i < n; i++)
            if (mv[i].wave == w)
                cur[mv[i].vr] = mv[i].to;
        sched_metrics_t m;
        sched_metrics(inst, cur, &m);
        ck_assert_msg(m.violation == 0, "wave %d violates", w);
    }
    char path[] = "/tmp/vs_plan_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    ck_assert_int_eq(sched_seq_write_yaml(s, inst, path), VS_OK);
    FILE *f = fopen(path, "r");
    char line[256];
    ck_assert(fgets(line, sizeof line, f) != NULL);
    int has_version = 0, has_migrations = 0;
    while (fgets(line, sizeof line, f)) {
        has_version |= !strncmp(line, "version: 1", 10);
        has_migrations |= !strncmp(line, "migrations:", 11);
    }
    fclose(f);
    unlink(path);
    ck_assert(has_version && has_migrations);
    sched_seq_destroy(s);
    free(cur);
    free(home);
    sched_result_free(&r);
    sched_inst_destroy(inst);
}
END_TEST

START_TEST(export_lp)
{
    sched_inst_t *inst = tiny(false, 1.0);
    char path[] = "/tmp/vs_lp_XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    sched_solve_opts_t o = {.objective = SCHED_OBJ_MLU, .solver = SCHED_SOLVER_MILP,
                            .time_limit_s = 10, .seed = 1, .kicks = -1, .export_lp = path};
    sched_result_t r;
    ck_assert_int_eq(sched_solve(inst, &o, &r), VS_OK);
    FILE *f = fopen(path, "r");
    ck_assert(f != NULL);
    char buf[4096];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = 0;
    fclose(f);
    unlink(path);
    ck_assert_msg(strstr(buf, "Minimize") && strstr(buf, "Subject To") && strstr(buf, "x_v0_n"),
                  "%s", buf);
    sched_result_free(&r);
    sched_inst_destroy(inst);
}
END_TEST

/* The MILP model without a solver: each family's rows and columns on the tiny instance. */
static double coef(const sched_lp_t *lp, int row, int col)
{
    for (size_t i = 0; i < lp->nz; i++)
        if (lp->a[i].row == row && lp->a[i].col == col)
            return lp->a[i].val;
    return 0;
}

static void family(const sched_lp_t *lp, sched_milp_family_t f, int rows, int cols)
{
    int r, c;
    sched_lp_count(lp, (unsigned char)f, &r, &c);
    ck_assert_msg(r == rows && c == cols, "family %d: %d rows, %d columns; want %d, %d", (int)f,
                  r, c, rows, cols);
}

START_TEST(milp_model_mlu)
{
    /* v0 may go to r1 or r2 (scope: its POP); its virtual link to peer runs over the access
     * link of its router, a-b and s0's access link, 2 directions each. */
    sched_inst_t *inst = tiny(false, 0.8);
    sched_milp_model_t M;
    ck_assert_int_eq(sched_milp_build(inst, SCHED_OBJ_MLU, NULL, &M), VS_OK);
    const sched_lp_t *lp = &M.lp;
    family(lp, SCHED_MILP_OBJECTIVE, 8, 1); /* U; load <= U cap per loaded directed link */
    family(lp, SCHED_MILP_ASSIGN, 1, 2);
    family(lp, SCHED_MILP_CAPACITY, 8, 0); /* cpu, memory, slots, ports of r1 and r2 */
    family(lp, SCHED_MILP_LINK, 8, 0);
    family(lp, SCHED_MILP_POWER, 0, 0);
    family(lp, SCHED_MILP_SURVIVE, 0, 0);
    ck_assert_int_eq(lp->nrows, 25);
    ck_assert_int_eq(lp->ncols, 3);
    ck_assert_ptr_null(M.start);
    int x1 = M.xoff[0], x2 = M.xoff[0] + 1; /* v0 on r1, on r2 */
    ck_assert_int_eq(inst->cand[0][1], sched_node_find(inst, "r2"));
    ck_assert_double_eq(lp->ub[x2], 1);
    ck_assert_int_eq(lp->kind[x1], SCHED_LP_BIN);
    int on_r2 = 0;
    for (int r = 1; r <= lp->nrows; r++) {
        if (lp->rtag[r] == SCHED_MILP_ASSIGN) {
            ck_assert_int_eq(lp->sense[r], SCHED_LP_EQ);
            ck_assert_double_eq(coef(lp, r, x1), 1);
            ck_assert_double_eq(coef(lp, r, x2), 1);
        }
        /* r2's access link carries v2's 1 Gbps of 10: 0.8 - 0.1 left, v0 would add 0.6 */
        if (lp->rtag[r] == SCHED_MILP_LINK && coef(lp, r, x2) == 0.6) {
            ck_assert_double_eq_tol(lp->rhs[r], 0.7, 1e-12);
            ck_assert_double_eq(coef(lp, r, x1), 0);
            on_r2++;
        }
    }
    ck_assert_int_eq(on_r2, 2);
    /* r1's CPU row: 8 cores less v1's 1 */
    int cpu_row = lp->a[0].row;
    for (size_t i = 0; i < lp->nz; i++)
        if (lp->rtag[lp->a[i].row] == SCHED_MILP_CAPACITY && lp->a[i].col == x1) {
            cpu_row = lp->a[i].row;
            break;
        }
    ck_assert_double_eq(lp->rhs[cpu_row], 7);
    sched_milp_model_free(&M);

    /* a start where v0 moves to r2 is kept, with U = its maximum utilization; one that puts
     * r1's access link at 0.9 or v0 on the drained r0 is dropped */
    int host[4];
    for (int v = 0; v < 4; v++)
        host[v] = inst->vrs[v].home;
    host[0] = sched_node_find(inst, "r2");
    ck_assert_int_eq(sched_milp_build(inst, SCHED_OBJ_MLU, host, &M), VS_OK);
    ck_assert_ptr_nonnull(M.start);
    ck_assert_double_eq(M.start[M.xoff[0]], 0);
    ck_assert_double_eq(M.start[M.xoff[0] + 1], 1);
    ck_assert_double_eq_tol(M.start[1], sched_objective_value(inst, SCHED_OBJ_MLU, host), 1e-12);
    sched_milp_model_free(&M);
    const char *drop[2] = {"r1", "r0"};
    for (int i = 0; i < 2; i++) {
        host[0] = sched_node_find(inst, drop[i]);
        ck_assert_int_eq(sched_milp_build(inst, SCHED_OBJ_MLU, host, &M), VS_OK);
        ck_assert_ptr_null(M.start);
        sched_milp_model_free(&M);
    }
    sched_inst_destroy(inst);
}
END_TEST

START_TEST(milp_model_partner_power_survive)
{
    /* v0's partner v2 stays on r2: x[v0,r2] is fixed at 0 rather than left out */
    sched_inst_t *inst = tiny(true, 1.0);
    sched_milp_model_t M;
    ck_assert_int_eq(sched_milp_build(inst, SCHED_OBJ_POWER, NULL, &M), VS_OK);
    const sched_lp_t *lp = &M.lp;
    ck_assert_double_eq(lp->ub[M.xoff[0] + 1], 0);
    /* r1 and r2 host fixed VRs, so they stay on: line cards only, no on_p */
    family(lp, SCHED_MILP_POWER, 2, 2);
    family(lp, SCHED_MILP_OBJECTIVE, 0, 0);
    for (int c = 1; c <= lp->ncols; c++)
        if (lp->ctag[c] == SCHED_MILP_POWER) {
            ck_assert_int_eq(lp->kind[c], SCHED_LP_INT);
            ck_assert_double_eq(lp->ub[c], 2); /* line cards installed */
        }
    ck_assert(lp->obj_const > 0); /* chassis of the routers that stay on */
    sched_milp_model_free(&M);

    /* Survivability: the pair's s column, its POP row (both of v0's candidates share v2's POP)
     * and link sharing: y for v0 on r1acc, r2acc, a-b, s0acc (each with a use row), y for v2
     * fixed at 1 on r2acc, a-b, s0acc, and s >= y + y - 1 on the three links both use. */
    ck_assert_int_eq(sched_milp_build(inst, SCHED_OBJ_SURVIVE, NULL, &M), VS_OK);
    lp = &M.lp;
    family(lp, SCHED_MILP_SURVIVE, 1 + 4 + 3, 1 + 4 + 3);
    family(lp, SCHED_MILP_REDUNDANCY, 0, 0);
    int fixed_y = 0;
    for (int c = 1; c <= lp->ncols; c++)
        fixed_y += lp->ctag[c] == SCHED_MILP_SURVIVE && lp->lb[c] == 1;
    ck_assert_int_eq(fixed_y, 3);
    sched_milp_model_free(&M);
    sched_inst_destroy(inst);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sched");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, known_optimum_mlu);
    tcase_add_test(tc, redundancy_forces_worse_host);
    tcase_add_test(tc, migrations_and_stretch);
    tcase_add_test(tc, cpu_total_prefers_capacity);
    tcase_add_test(tc, cbc_absent_says_how);
    tcase_add_test(tc, cbc_matches_glpk);
    tcase_add_test(tc, gen_binding_kinds);
    tcase_add_test(tc, moves_match_scratch);
    tcase_add_test(tc, survivability_counts_shared_links);
    tcase_add_test(tc, survivability_incremental_matches_scratch);
    tcase_add_test(tc, power_consolidation);
    tcase_add_test(tc, infeasible_names_constraint_and_vr);
    tcase_add_test(tc, infeasible_platform);
    tcase_add_test(tc, unknown_drain_suggests);
    tcase_add_test(tc, deterministic);
    tcase_add_test(tc, heuristic_close_to_milp);
    tcase_add_test(tc, sequencing_rules);
    tcase_add_test(tc, export_lp);
    tcase_add_test(tc, milp_model_mlu);
    tcase_add_test(tc, milp_model_partner_power_survive);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
