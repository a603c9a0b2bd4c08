/* The shortest-path service (models/scenario/scn_graph.h) and its users: scn_path.h's trees,
 * the path cache, and the scheduler's all-pairs table, each held to the O(V^2) scan the
 * project used before (kept here as the reference) on graphs full of ties. */
#include <math.h>
#include <stdlib.h>

#include "sched_model.h"
#include "scn_graph.h"
#include "scn_path.h"
#include "scenario.h"
#include "sim_rng.h"
#include "vs_check.h"

/* ---- the reference: the scan of scn_path.c before the service, on int64 weights -------- */

static void ref_shortest(const scn_t *scn, size_t from, sim_time_t hop_penalty, sim_time_t *dist,
                         size_t *via)
{
    size_t n = scn->n_prouters;
    bool *done = calloc(n ? n : 1, sizeof *done);
    ck_assert_ptr_nonnull(done);
    for (size_t i = 0; i < n; i++) {
        dist[i] = SIM_TIME_MAX;
        via[i] = SIZE_MAX;
    }
    dist[from] = 0;
    for (;;) {
        size_t u = SIZE_MAX;
        for (size_t i = 0; i < n; i++)
            if (!done[i] && dist[i] != SIM_TIME_MAX && (u == SIZE_MAX || dist[i] < dist[u]))
                u = i;
        if (u == SIZE_MAX)
            break;
        done[u] = true;
        for (size_t k = 0; k < scn->n_links; k++) {
            const scn_link_t *l = &scn->links[k];
            size_t v = l->a == u ? l->b : l->b == u ? l->a : SIZE_MAX;
            if (v == SIZE_MAX || done[v])
                continue;
            sim_time_t d = dist[u] + l->delay + hop_penalty;
            if (d < dist[v]) {
                dist[v] = d;
                via[v] = k;
            }
        }
    }
    free(done);
}

/* The data plane's next hop before the service: walk back from i to the router next to src. */
static uint32_t ref_first(const scn_t *s, size_t src, size_t i, const size_t *via)
{
    uint32_t first = SCN_GRAPH_NONE;
    for (size_t v = i; v != src && via[v] != SIZE_MAX;) {
        const scn_link_t *l = &s->links[via[v]];
        size_t u = l->a == v ? l->b : l->a;
        if (u == src)
            first = (uint32_t)(2 * via[v] + (l->a == u ? 0 : 1));
        v = u;
    }
    return first;
}

/* A random substrate of n routers and m links, delays from a handful of values (ties
 * everywhere), some parallel links, and a few routers left unconnected. */
static scn_t random_scn(sim_rng_t *r, size_t n, size_t m)
{
    static const sim_time_t delays[] = {0, SIM_US(1), SIM_US(2), SIM_US(3), SIM_US(1) + 1};
    scn_t s = {0};
    s.path = "random";
    s.n_prouters = n;
    s.n_links = m;
    scn_link_t *links = calloc(m ? m : 1, sizeof *links); /* built here: owned by the caller */
    ck_assert_ptr_nonnull(links);
    s.links = links;
    size_t lonely = n / 8; /* the last routers get no link */
    for (size_t k = 0; k < m; k++) {
        scn_link_t *l = &links[k];
        l->a = (size_t)sim_rng_below(r, n - lonely);
        do
            l->b = (size_t)sim_rng_below(r, n - lonely);
        while (l->b == l->a);
        if (k > 0 && sim_rng_below(r, 10) == 0) { /* parallel to an earlier link */
            const scn_link_t *p = &s.links[sim_rng_below(r, k)];
            l->a = p->b;
            l->b = p->a;
        }
        l->delay = delays[sim_rng_below(r, sizeof delays / sizeof delays[0])];
        l->bandwidth_bps = 1e9 * (double)(1 + sim_rng_below(r, 10));
    }
    return s;
}

/* ---- the service on small graphs ---------------------------------------------------------- */

static void tree_alloc(scn_tree_t *t, size_t n)
{
    t->dist = calloc(n, sizeof *t->dist);
    t->via = calloc(n, sizeof *t->via);
    t->order = calloc(n, sizeof *t->order);
    ck_assert(t->dist && t->via && t->order);
}

static void tree_free(scn_tree_t *t)
{
    free(t->dist);
    free(t->via);
    free(t->order);
}

/* A square 0-1-3 / 0-2-3 of equal weights, a link 0-1 parallel to the first, and node 4
 * alone: 3 is reached through 1 (settled before 2: the lower index among equal distances),
 * 1 through link 0 (the lower of the parallel links), 4 not at all. */
START_TEST(ties_and_unreachable)
{
    const scn_edge_t e[] = {
        {0, 1, 1.0}, {0, 2, 1.0}, {2, 3, 1.0}, {1, 3, 1.0}, {1, 0, 1.0},
    };
    scn_graph_t *g;
    ck_assert_int_eq(scn_graph_create(5, e, 5, &g), VS_OK);
    scn_tree_t t;
    uint32_t first[5];
    tree_alloc(&t, 5);
    ck_assert_int_eq(scn_graph_tree(g, 0, &t), VS_OK);
    ck_assert(t.dist[0] == 0 && t.dist[1] == 1 && t.dist[2] == 1 && t.dist[3] == 2);
    ck_assert(isinf(t.dist[4]));
    ck_assert_uint_eq(t.via[0], SCN_GRAPH_NONE);
    ck_assert_uint_eq(t.via[1], 0);     /* edge 0, a to b */
    ck_assert_uint_eq(t.via[2], 2);     /* edge 1, a to b */
    ck_assert_uint_eq(t.via[3], 2 * 3); /* edge 3 from 1, not edge 2 from 2 */
    ck_assert_uint_eq(t.via[4], SCN_GRAPH_NONE);
    ck_assert_uint_eq(t.n_reached, 4);
    const uint32_t order[] = {0, 1, 2, 3};
    for (size_t i = 0; i < 4; i++)
        ck_assert_uint_eq(t.order[i], order[i]);
    scn_graph_first_arcs(g, &t, first);
    ck_assert_uint_eq(first[0], SCN_GRAPH_NONE);
    ck_assert_uint_eq(first[3], 0);
    ck_assert_uint_eq(first[2], 2);
    ck_assert_uint_eq(first[4], SCN_GRAPH_NONE);
    /* From 3: 1 through edge 3 backwards (arc 7), 0 through 1 by the lower parallel edge. */
    ck_assert_int_eq(scn_graph_tree(g, 3, &t), VS_OK);
    ck_assert_uint_eq(t.via[1], 7);
    ck_assert_uint_eq(t.via[0], 1);
    ck_assert_uint_eq(scn_graph_head(g, 7), 1);
    ck_assert_uint_eq(scn_graph_tail(g, 7), 3);
    tree_free(&t);
    scn_graph_destroy(g);
}
END_TEST

START_TEST(bad_graphs)
{
    scn_graph_t *g = NULL;
    const scn_edge_t out_of_range[] = {{0, 3, 1.0}};
    ck_assert_int_eq(scn_graph_create(3, out_of_range, 1, &g), VS_EINVAL);
    const scn_edge_t negative[] = {{0, 1, -1.0}};
    ck_assert_int_eq(scn_graph_create(3, negative, 1, &g), VS_EINVAL);
    const scn_edge_t nan[] = {{0, 1, NAN}};
    ck_assert_int_eq(scn_graph_create(3, nan, 1, &g), VS_EINVAL);
    ck_assert_ptr_null(g);
    ck_assert_int_eq(scn_graph_create(0, NULL, 0, &g), VS_OK);
    scn_graph_destroy(g);
}
END_TEST

/* s-a-b-t (0.5 + 0.5 + 1 ms) and s-c-t (1 + 1 ms) tie at 2 ms. b (index 2) settles before c
 * (index 3), so without a hop penalty t is reached through b in three hops; 1 ns per hop
 * makes it c's two. */
START_TEST(hop_penalty)
{
    static const char yaml[] =
        "version: 1\nname: hops\nuntil: 1s\n"
        "physical_routers:\n  - {name: s}\n  - {name: a}\n  - {name: b}\n  - {name: c}\n"
        "  - {name: t}\n  - {name: alone}\n"
        "links:\n"
        "  - {a: s, b: a, bandwidth: 1Gbps, delay: 500us}\n"
        "  - {a: a, b: b, bandwidth: 1Gbps, delay: 500us}\n"
        "  - {a: b, b: t, bandwidth: 1Gbps, delay: 1ms}\n"
        "  - {a: s, b: c, bandwidth: 1Gbps, delay: 1ms}\n"
        "  - {a: c, b: t, bandwidth: 2Gbps, delay: 1ms}\n";
    const scn_t *scn;
    ck_assert_int_eq(scn_load_string("hops.yaml", yaml, &scn), VS_OK);
    sim_time_t dist[6];
    size_t via[6];
    ck_assert_int_eq(scn_shortest(scn, 0, 0, dist, via), VS_OK);
    ck_assert_int_eq(dist[4], SIM_MS(2));
    ck_assert_uint_eq(via[4], 2);
    ck_assert_int_eq(dist[5], SIM_TIME_MAX);
    ck_assert_uint_eq(via[5], SIZE_MAX);
    ck_assert_uint_eq(via[0], SIZE_MAX);
    ck_assert_int_eq(scn_shortest(scn, 0, 1, dist, via), VS_OK);
    ck_assert_int_eq(dist[4], SIM_MS(2) + 2);
    ck_assert_uint_eq(via[4], 4);
    ck_assert_int_eq(scn_delay(scn, 0, 4), SIM_MS(2));
    ck_assert_int_eq(scn_delay(scn, 0, 5), SIM_TIME_MAX);
    ck_assert_int_eq(scn_delay(scn, 5, 5), 0);
    double bps;
    sim_time_t d;
    ck_assert_int_eq(scn_path(scn, 0, 4, false, &bps, &d), VS_OK);
    ck_assert(bps == 1e9 && d == SIM_MS(2));
    ck_assert_int_eq(scn_path(scn, 0, 5, false, &bps, &d), VS_EINFEASIBLE);
    /* The cache gives the same answers, a tree per source computed once. */
    scn_paths_t *p;
    const scn_tree_t *t1, *t2;
    ck_assert_int_eq(scn_paths_create(scn, 1, &p), VS_OK);
    ck_assert_int_eq(scn_paths_tree(p, 0, &t1), VS_OK);
    ck_assert_int_eq(scn_paths_tree(p, 0, &t2), VS_OK);
    ck_assert_ptr_eq(t1, t2);
    ck_assert_uint_eq(t1->via[4] / 2, 4);
    ck_assert_int_eq(scn_paths_delay(p, 0, 4), SIM_MS(2) + 2);
    ck_assert_int_eq(scn_paths_route(p, 4, 0, false, &bps, &d), VS_OK);
    ck_assert(bps == 1e9 && d == SIM_MS(2) + 2);
    scn_paths_destroy(p);
    scn_free(scn);
}
END_TEST

/* Delays summing beyond 2^53 ns would no longer add exactly in a double: refused. */
START_TEST(delay_sum_limit)
{
    scn_link_t links[2] = {{.a = 0, .b = 1, .delay = INT64_C(1) << 52},
                           {.a = 1, .b = 2, .delay = INT64_C(1) << 52}};
    scn_t s = {.path = "big", .n_prouters = 3, .links = links, .n_links = 2};
    scn_paths_t *p;
    ck_assert_int_eq(scn_paths_create(&s, 0, &p), VS_ERANGE);
    links[1].delay = (INT64_C(1) << 52) - 1;
    ck_assert_int_eq(scn_paths_create(&s, 0, &p), VS_OK);
    ck_assert_int_eq(scn_paths_delay(p, 0, 2), (INT64_C(1) << 53) - 1);
    scn_paths_destroy(p);
}
END_TEST

/* ---- the same answers as the scan ------------------------------------------------------- */

static void check_against_scan(const scn_t *s, sim_time_t penalty)
{
    size_t n = s->n_prouters;
    sim_time_t *rd = malloc(n * sizeof *rd), *d = malloc(n * sizeof *d);
    size_t *rv = malloc(n * sizeof *rv), *v = malloc(n * sizeof *v);
    uint32_t *first = malloc(n * sizeof *first);
    scn_paths_t *p;
    ck_assert(rd && d && rv && v && first);
    ck_assert_int_eq(scn_paths_create(s, penalty, &p), VS_OK);
    for (size_t src = 0; src < n; src++) {
        const scn_tree_t *t;
        ref_shortest(s, src, penalty, rd, rv);
        ck_assert_int_eq(scn_shortest(s, src, penalty, d, v), VS_OK);
        ck_assert_int_eq(scn_paths_tree(p, src, &t), VS_OK);
        scn_graph_first_arcs(scn_paths_graph(p), t, first);
        for (size_t i = 0; i < n; i++) {
            ck_assert_int_eq(d[i], rd[i]);
            ck_assert_uint_eq(v[i], rv[i]);
            ck_assert_uint_eq(first[i], ref_first(s, src, i, rv));
            if (penalty == 0)
                ck_assert_int_eq(scn_paths_delay(p, src, i), src == i ? 0 : rd[i]);
        }
    }
    scn_paths_destroy(p);
    free(rd);
    free(d);
    free(rv);
    free(v);
    free(first);
}

START_TEST(random_substrates_match_scan)
{
    sim_rng_t r;
    sim_rng_init_named(&r, 1, "test_paths");
    for (int round = 0; round < 60; round++) {
        size_t n = 2 + (size_t)sim_rng_below(&r, 60);
        size_t m = (size_t)sim_rng_below(&r, 3 * n);
        scn_t s = random_scn(&r, n, m);
        check_against_scan(&s, 0);
        check_against_scan(&s, 1);
        free((void *)s.links);
    }
}
END_TEST

/* The scheduler's table before the service: the same scan on double latencies, first hops
 * as directed link ids. */
static void ref_sched(const sched_inst_t *inst, int s, double *d, int32_t *first)
{
    int n = inst->n_nodes;
    bool *done = calloc((size_t)n, sizeof *done);
    ck_assert_ptr_nonnull(done);
    for (int i = 0; i < n; i++) {
        d[i] = INFINITY;
        first[i] = -1;
    }
    d[s] = 0;
    for (;;) {
        int u = -1;
        for (int i = 0; i < n; i++)
            if (!done[i] && d[i] != INFINITY && (u < 0 || d[i] < d[u]))
                u = i;
        if (u < 0)
            break;
        done[u] = true;
        for (int k = 0; k < inst->n_links; k++) {
            const sched_link_t *l = &inst->links[k];
            int w = l->a == u ? l->b : l->b == u ? l->a : -1;
            if (w < 0 || done[w])
                continue;
            double nd = d[u] + l->lat_ms;
            if (nd < d[w]) {
                d[w] = nd;
                first[w] = u == s ? 2 * k + (l->a == u ? 0 : 1) : first[u];
            }
        }
    }
    free(done);
}

START_TEST(sched_table_matches_scan)
{
    static const double lat[] = {0.1, 0.2, 0.3, 0.5, 0.25};
    sim_rng_t r;
    sim_rng_init_named(&r, 2, "test_paths/sched");
    for (int round = 0; round < 30; round++) {
        sched_inst_t *inst;
        ck_assert_int_eq(sched_inst_create(&inst), VS_OK);
        int n = 2 + (int)sim_rng_below(&r, 40), m = (int)sim_rng_below(&r, (uint64_t)(3 * n));
        for (int i = 0; i < n; i++) {
            sched_node_t x = {.name = "r", .pop = -1, .router = (i % 3) != 0};
            ck_assert_int_eq(sched_inst_add_node(inst, &x, NULL), VS_OK);
        }
        for (int k = 0; k < m; k++) {
            sched_link_t l = {.cap_bps = 1e9, .name = "l"};
            l.a = (int)sim_rng_below(&r, (uint64_t)(n - n / 8));
            do
                l.b = (int)sim_rng_below(&r, (uint64_t)(n - n / 8));
            while (l.b == l.a);
            l.lat_ms = lat[sim_rng_below(&r, sizeof lat / sizeof lat[0])];
            ck_assert_int_eq(sched_inst_add_link(inst, &l, NULL), VS_OK);
        }
        ck_assert_int_eq(sched_inst_finalize(inst), VS_OK);
        double *d = malloc((size_t)n * sizeof *d);
        int32_t *first = malloc((size_t)n * sizeof *first);
        ck_assert(d && first);
        for (int s = 0; s < n; s++) {
            ref_sched(inst, s, d, first);
            for (int v = 0; v < n; v++) {
                ck_assert(sched_dist(inst, s, v) == (float)d[v]);
                ck_assert_int_eq(inst->next[(size_t)s * (size_t)n + (size_t)v], first[v]);
            }
        }
        free(d);
        free(first);
        sched_inst_destroy(inst);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("paths");
    TCase *tc = tcase_create("paths");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, ties_and_unreachable);
    tcase_add_test(tc, bad_graphs);
    tcase_add_test(tc, hop_penalty);
    tcase_add_test(tc, delay_sum_limit);
    tcase_add_test(tc, random_substrates_match_scan);
    tcase_add_test(tc, sched_table_matches_scan);
    suite_add_tcase(s, tc);
    return vs_check_run(s) ? EXIT_FAILURE : EXIT_SUCCESS;
}
