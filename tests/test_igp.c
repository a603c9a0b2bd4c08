/* models/routing/igp: link-state routing computed, on networks small enough to work out by
 * hand: a ring of four VRs whose link v0-v1 flaps (re-routed the long way round), and a line
 * of three whose link v1-v2 flaps (v2 cut off: routes missing). Every figure asserted is
 * derived in the comments from the model's rules and the data plane's profile. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw_profile.h"
#include "run.h"
#include "run_report.h"
#include "scenario.h"
#include "vs_check.h"

/* Four physical routers in a ring, 1 ms links, a VR on each; the virtual links follow the
 * ring in this order: 0 v0-v1, 1 v1-v2, 2 v2-v3, 3 v3-v0. A flow v0 -> v1 of 100-byte
 * packets every 10 us from t = 0; v0-v1 down at 1 s for 2 s; hellos every 1 s. */
/* Four physical routers in a ring, 1 ms links, kernel FIBs written over netlink. */
#define RING_SUBSTRATE \
    "physical_routers:\n" \
    "  - {name: p0, data_plane: linux-netlink}\n" \
    "  - {name: p1, data_plane: linux-netlink}\n" \
    "  - {name: p2, data_plane: linux-netlink}\n" \
    "  - {name: p3, data_plane: linux-netlink}\n" \
    "links:\n" \
    "  - {a: p0, b: p1, bandwidth: 1Gbps, delay: 1ms}\n" \
    "  - {a: p1, b: p2, bandwidth: 1Gbps, delay: 1ms}\n" \
    "  - {a: p2, b: p3, bandwidth: 1Gbps, delay: 1ms}\n" \
    "  - {a: p3, b: p0, bandwidth: 1Gbps, delay: 1ms}\n"

static const char *ring =
    "version: 1\n"
    "name: ring\n"
    "until: 5.5s\n"
    RING_SUBSTRATE
    "virtual_routers:\n"
    "  - {name: v0, host: p0, ospf: {hello: 1s}}\n"
    "  - {name: v1, host: p1, ospf: {hello: 1s}}\n"
    "  - {name: v2, host: p2, ospf: {hello: 1s}}\n"
    "  - {name: v3, host: p3, ospf: {hello: 1s}}\n"
    "virtual_links: [{a: v0, b: v1}, {a: v1, b: v2}, {a: v2, b: v3}, {a: v3, b: v0}]\n"
    "events: [{at: 1s, link_flap: [v0, v1], down_for: 2s}]\n"
    "data_plane: {model: packet}\n"
    "flows: [{name: f, from: v0, to: v1, rate: 80Mbps, packet: 100B}]\n";

/* What the k-th route (from 0) an SPF writes to the data plane of physical router p costs:
 * the RPC to the hypervisor, the write (install, replace or delete: op) and, first in each
 * batch, the batch's overhead. */
typedef enum { OP_INSTALL, OP_REPLACE, OP_DELETE } op_t;

static double write_s(const scn_t *scn, size_t p, op_t op, int k)
{
    const hw_profile_t *prof = NULL;
    ck_assert_int_eq(hw_profile_load(scn->prouters[p].fib_profile, &prof), VS_OK);
    const hw_fib_profile_t *f = &prof->fib;
    sim_time_t c = f->rpc_ns + (op == OP_INSTALL ? f->install_ns : op == OP_REPLACE ? f->replace_ns
                                                                                     : f->delete_ns);
    if (k % (f->batch_size > 0 ? f->batch_size : 1) == 0)
        c += f->batch_overhead_ns;
    hw_profile_free(prof);
    return sim_to_s(c);
}

static cJSON *run_json(const char *text, const scn_t **scn_out, run_results_t **res)
{
    const scn_t *scn = NULL;
    ck_assert_msg(scn_load_string("test", text, &scn) == VS_OK, "%s", vs_errmsg());
    ck_assert_msg(run_scenario(scn, NULL, res) == VS_OK, "%s", vs_errmsg());
    cJSON *root = run_results_json(scn, *res);
    ck_assert_ptr_nonnull(root);
    *scn_out = scn;
    return root;
}

static double num(const cJSON *o, const char *key)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, key);
    ck_assert_msg(cJSON_IsNumber(x), "%s is not a number", key);
    return x->valuedouble;
}

START_TEST(ring_reroutes)
{
    const scn_t *scn;
    run_results_t *res;
    cJSON *root = run_json(ring, &scn, &res);
    double c1 = write_s(scn, 0, OP_REPLACE, 0), c2 = write_s(scn, 0, OP_REPLACE, 1);
    ck_assert(c1 > 0 && c2 > 0);
    const cJSON *ev = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(root, "routing"), "igp"),
        "events");
    ck_assert_int_eq(cJSON_GetArraySize(ev), 2);
    const cJSON *down = cJSON_GetArrayItem(ev, 0), *up = cJSON_GetArrayItem(ev, 1);
    /* Down at 1 s: v0 and v1 see it at once and originate; their SPFs run at once (delay
     * 0), and v0 then replaces its routes to v1 and v2 (via v3 now: the first write done at
     * 1 s + c1, the second at 1 s + c1 + c2), v1 its route to v0. v2 and v3 hear an LSA 1 ms
     * later and replace one route each (v3 to v1, v2 to v0): done at 1.001 s + c1. */
    ck_assert_double_eq_tol(num(down, "convergence_s"), fmax(c1 + c2, 1e-3 + c1), 1e-12);
    ck_assert_double_eq(num(down, "routes_missing"), 0); /* a ring always has a way round */
    /* Up at 3 s: both ends send a first hello at 3.001 s and the next one (which lists the
     * other) at 4.001 s, heard at 4.002 s; they last originated at 1 s, so their new LSAs
     * wait for MinLSInterval (5 s) to pass: until 6 s, after the run's end (5.5 s). */
    ck_assert(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(up, "convergence_s")));
    /* The flow lost exactly the packets v0 sent into the dead link before its route to v1
     * changed: those sent in [1 s, 1 s + c1), one every 10 us (a send at 1 s + c1 would come
     * after the write, which was scheduled first). */
    uint64_t expect = (uint64_t)ceil(c1 / 10e-6 - 1e-9);
    ck_assert_uint_gt(expect, 0);
    ck_assert_uint_eq(res->traffic[0].flows[0].lost_routing, expect);
    ck_assert_uint_eq(res->traffic[0].flows[0].lost, expect + res->traffic[0].flows[0].lost_queue);
    cJSON_Delete(root);
    run_results_free(res);
    scn_free(scn);
}
END_TEST

/* A line v0 - v1 - v2 (p0 - p1 - p2, 1 ms links): v1-v2 down at 1 s for 1 s, MinLSInterval
 * left behind by starting the flap at 10 s. */
static const char *line =
    "version: 1\n"
    "name: line\n"
    "until: 30s\n"
    "physical_routers: [{name: p0}, {name: p1}, {name: p2}]\n"
    "links:\n"
    "  - {a: p0, b: p1, bandwidth: 1Gbps, delay: 1ms}\n"
    "  - {a: p1, b: p2, bandwidth: 1Gbps, delay: 1ms}\n"
    "virtual_routers:\n"
    "  - {name: v0, host: p0, ospf: {hello: 1s}}\n"
    "  - {name: v1, host: p1, ospf: {hello: 1s}}\n"
    "  - {name: v2, host: p2, ospf: {hello: 1s}}\n"
    "virtual_links: [{a: v0, b: v1}, {a: v1, b: v2}]\n"
    "events: [{at: 10s, link_flap: [v1, v2], down_for: 1s}]\n";

START_TEST(line_cut_off)
{
    const scn_t *scn;
    run_results_t *res;
    cJSON *root = run_json(line, &scn, &res);
    /* Every router has the default data plane (one route per batch, no overhead): each
     * delete costs D and each install I, whatever its place. */
    double D = write_s(scn, 0, OP_DELETE, 0), I = write_s(scn, 0, OP_INSTALL, 0);
    ck_assert_double_eq(D, write_s(scn, 0, OP_DELETE, 1));
    ck_assert_double_eq(I, write_s(scn, 0, OP_INSTALL, 1));
    const cJSON *ev = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(root, "routing"), "igp"),
        "events");
    const cJSON *down = cJSON_GetArrayItem(ev, 0), *up = cJSON_GetArrayItem(ev, 1);
    /* Down at 10 s: v1 and v2 see it at once and run SPF (delay 0): v1 deletes its route to
     * v2 at 10 s + D, v2 its routes to v0 and v1 (destination order) at 10 s + D and + 2D;
     * v0 hears v1's LSA at 10.001 s and deletes its route to v2 at 10.001 s + D. */
    ck_assert_double_eq(num(down, "routes_missing"), 4);
    ck_assert_double_eq_tol(num(down, "convergence_s"), fmax(2 * D, 1e-3 + D), 1e-12);
    /* Up at 11 s: first hellos at 11.001 s, the listing ones at 12.001 s heard at 12.002 s;
     * the database exchange brings nothing new. v1 and v2 originated at 10 s, so their LSAs
     * wait until 15 s; each then runs SPF at once with the other's old LSA (the two-way check
     * fails), hears the other's new one at 15.001 s, within the 50 ms hold of that SPF, and
     * runs again at 15.050 s: v1 installs its route to v2 at 15.050 s + I, v2 its two at
     * + I and + 2I. v0 runs SPF on v1's LSA at 15.001 s (its last at 12.004 s), on v2's at
     * 15.002 s + 49 ms = 15.051 s, and installs its route to v2 at 15.051 s + I. */
    ck_assert_double_eq_tol(num(up, "convergence_s"), fmax(4.050 + 2 * I, 4.051 + I), 1e-9);
    ck_assert_double_eq(num(up, "routes_missing"), 0);
    double want = ((15.050 + I) - (10 + D))           /* v1 -> v2 */
                  + ((15.050 + I) - (10 + D))         /* v2 -> v0 */
                  + ((15.050 + 2 * I) - (10 + 2 * D)) /* v2 -> v1 */
                  + ((15.051 + I) - (10.001 + D));    /* v0 -> v2 */
    ck_assert_double_eq_tol(num(down, "route_missing_s"), want, 1e-9);
    cJSON_Delete(root);
    run_results_free(res);
    scn_free(scn);
}
END_TEST

/* The ring again (netlink data planes, hellos 1 s, dead 4 s), a flow v0 -> v2 (through v1)
 * and p1 failing at 1 s for good: v1 stops, its two links go down, and their surviving ends
 * v0 and v2 see it only when their dead intervals run out. */
static const char *ring_fail =
    "version: 1\n"
    "name: ring-fail\n"
    "until: 8s\n"
    RING_SUBSTRATE
    "virtual_routers:\n"
    "  - {name: v0, host: p0, ospf: {hello: 1s, dead: 4s}}\n"
    "  - {name: v1, host: p1, ospf: {hello: 1s, dead: 4s}}\n"
    "  - {name: v2, host: p2, ospf: {hello: 1s, dead: 4s}}\n"
    "  - {name: v3, host: p3, ospf: {hello: 1s, dead: 4s}}\n"
    "virtual_links: [{a: v0, b: v1}, {a: v1, b: v2}, {a: v2, b: v3}, {a: v3, b: v0}]\n"
    "events: [{at: 1s, router_down: p1}]\n"
    "data_plane: {model: packet}\n"
    "flows: [{name: f, from: v0, to: v2, rate: 80Mbps, packet: 100B}]\n";

START_TEST(router_failure)
{
    const scn_t *scn;
    run_results_t *res;
    cJSON *root = run_json(ring_fail, &scn, &res);
    double c1 = write_s(scn, 0, OP_REPLACE, 0), c2 = write_s(scn, 0, OP_REPLACE, 1);
    double del = write_s(scn, 0, OP_DELETE, 0);
    const cJSON *ev = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(root, "routing"), "igp"),
        "events");
    ck_assert_int_eq(cJSON_GetArraySize(ev), 1);
    const cJSON *down = cJSON_GetArrayItem(ev, 0);
    ck_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(down, "event")),
                     "router_down");
    ck_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(down, "element")), "p1");
    /* At 5 s v0 and v2 see their links to v1 down and originate. v0's SPF (its copy of v2's
     * LSA still lists v1-v2) replaces its routes to v1 and v2 by v3: done at 5 s + c1 and
     * 5 s + c1 + c2; v2 likewise its routes to v0 and v1. v3 hears both LSAs at 5.001 s
     * (v0's first; v2's was sent earlier in the same instant): v1 is unreachable, its route
     * deleted at 5.001 s + del. v0 and v2 hear each other's LSA through v3 at 5.002 s, within
     * the 50 ms hold of their last SPF: they run again at 5.050 s and delete their routes to
     * v1 at 5.050 s + del. */
    ck_assert_double_eq_tol(num(down, "convergence_s"), 4.050 + del, 1e-9);
    ck_assert_double_eq(num(down, "routes_missing"), 3); /* to v1, from v0, v2, v3 */
    double want = (8 - (5.001 + del)) + 2 * (8 - (5.050 + del));
    ck_assert_double_eq_tol(num(down, "route_missing_s"), want, 1e-9);
    /* The flow: v0 kept sending into its dead link from 1 s until its route to v2 changed at
     * 5 s + c1 + c2, one packet every 10 us; the packets on the link to p1 when it failed
     * (sent within about 1 ms before) found no data plane there. */
    const tfc_flow_result_t *f = &res->traffic[0].flows[0];
    uint64_t expect = (uint64_t)ceil((4 + c1 + c2) / 10e-6 - 1e-6);
    ck_assert_uint_eq(f->lost_routing, expect);
    ck_assert(f->lost_no_dp >= 95 && f->lost_no_dp <= 105);
    ck_assert_uint_gt(f->received, 0);
    cJSON_Delete(root);
    run_results_free(res);
    scn_free(scn);
}
END_TEST

/* A triangle p0 p1 p2 with a VR on each and a virtual link along each substrate link: the
 * link p0-p1 fails at 1 s for 2 s. Only v0-v1 rides it, and on it alone: both ends lose
 * carrier at once. */
static const char *triangle =
    "version: 1\n"
    "name: triangle\n"
    "until: 10s\n"
    "physical_routers:\n"
    "  - {name: p0, data_plane: linux-netlink}\n"
    "  - {name: p1, data_plane: linux-netlink}\n"
    "  - {name: p2, data_plane: linux-netlink}\n"
    "links:\n"
    "  - {a: p0, b: p1, bandwidth: 1Gbps, delay: 1ms}\n"
    "  - {a: p1, b: p2, bandwidth: 1Gbps, delay: 1ms}\n"
    "  - {a: p0, b: p2, bandwidth: 1Gbps, delay: 1ms}\n"
    "virtual_routers:\n"
    "  - {name: v0, host: p0, ospf: {hello: 1s}}\n"
    "  - {name: v1, host: p1, ospf: {hello: 1s}}\n"
    "  - {name: v2, host: p2, ospf: {hello: 1s}}\n"
    "virtual_links: [{a: v0, b: v1}, {a: v1, b: v2}, {a: v0, b: v2}]\n"
    "events: [{at: 1s, link_down: [p0, p1], up_after: 2s}]\n";

START_TEST(link_failure)
{
    const scn_t *scn;
    run_results_t *res;
    cJSON *root = run_json(triangle, &scn, &res);
    double c1 = write_s(scn, 0, OP_REPLACE, 0);
    const cJSON *ev = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(root, "routing"), "igp"),
        "events");
    ck_assert_int_eq(cJSON_GetArraySize(ev), 2);
    const cJSON *down = cJSON_GetArrayItem(ev, 0), *up = cJSON_GetArrayItem(ev, 1);
    ck_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(down, "element")),
                     "p0--p1");
    /* Down at 1 s: v0 and v1 re-route to each other through v2 at once (one replace each,
     * done at 1 s + c1); v2's routes are direct and stay. */
    ck_assert_double_eq_tol(num(down, "convergence_s"), c1, 1e-12);
    ck_assert_double_eq(num(down, "routes_missing"), 0);
    /* Up at 3 s: the adjacency forms at 4.002 s; v0 and v1 last originated at 1 s and wait
     * until 6 s; their SPFs then still hold the other's old LSA, hear the new one at 6.001 s
     * within the 50 ms hold, run at 6.050 s and go back to the direct link at 6.050 s + c1. */
    ck_assert_double_eq_tol(num(up, "convergence_s"), 3.050 + c1, 1e-9);
    cJSON_Delete(root);
    run_results_free(res);
    scn_free(scn);
}
END_TEST

/* src with its first `from` replaced by `to`, into out. */
static void replace(const char *src, const char *from, const char *to, char *out, size_t len)
{
    const char *at = strstr(src, from);
    ck_assert_msg(at != NULL, "no '%s'", from);
    snprintf(out, len, "%.*s%s%s", (int)(at - src), src, to, at + strlen(from));
}

/* Random failures: p1 of the ring fails every 20 s on average and is repaired in 2 s, over
 * 1,000 s: about 1000 / 22 = 45 failures (Poisson-like; 3 sigma is about 20), each followed
 * by its repair, drawn the same way every time from the run's seed. */
START_TEST(random_failures)
{
    char a[4096], b[4096], text[4096];
    replace(ring_fail, "{name: p1, data_plane: linux-netlink}",
            "{name: p1, data_plane: linux-netlink, mtbf: 20s, mttr: 2s}", a, sizeof a);
    replace(a, "until: 8s", "until: 1000s", b, sizeof b);
    replace(b, "events: [{at: 1s, router_down: p1}]\n", "", a, sizeof a);
    replace(a, "flows: [{name: f, from: v0, to: v2, rate: 80Mbps, packet: 100B}]\n", "", text,
            sizeof text); /* routing alone: 1,000 s of 100,000 packets a second take long */
    char *runs[2] = {NULL, NULL};
    int downs = 0;
    for (int r = 0; r < 2; r++) {
        int d = 0, u = 0;
        const scn_t *scn;
        run_results_t *res;
        cJSON *root = run_json(text, &scn, &res);
        const cJSON *events = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(root, "routing"), "igp"),
            "events"), *e;
        cJSON_ArrayForEach(e, events) {
            ck_assert_str_eq(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "event")),
                             "router_failure");
            bool up = !strcmp(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "change")), "up");
            ck_assert_int_eq(up, d > u); /* down, up, down, up, ... */
            if (up)
                u++;
            else
                d++;
        }
        downs = d;
        runs[r] = cJSON_PrintUnformatted(events);
        cJSON_Delete(root);
        run_results_free(res);
        scn_free(scn);
    }
    ck_assert_str_eq(runs[0], runs[1]);
    ck_assert_msg(downs >= 25 && downs <= 65, "%d failures in 1000 s", downs);
    free(runs[0]);
    free(runs[1]);
}
END_TEST

/* Bad input names the place and what was expected. */
START_TEST(failure_bad_input)
{
    static const struct {
        const char *event, *msg;
    } cases[] = {
        {"{at: 1s, router_down: p9}", "test:20:32: router_down: no physical router named 'p9'"},
        {"{at: 1s, link_down: [p0, p2]}", "link_down: no link between 'p0' and 'p2'"},
        {"{at: 1s, router_down: p1, up_after: 0s}", "up_after"},
        {"{at: 1s, router_down: p1, down_for: 1s}", "down_for: not for router_down"},
        {"{at: 1s, router_down: p1, link_down: [p0, p1]}", "not two"},
        {"{at: 1s}", "an event needs link_flap"},
        {"{at: 1s, link_down: [p0, p1], up_after: -5s}", "up_after"},
    };
    static const struct {
        const char *from, *to, *msg;
    } routers[] = {
        {"{name: p1, data_plane: linux-netlink}", "{name: p1, mtbf: 2000, mttr: 4h}",
         "mtbf: '2000' has no unit"},
        {"{name: p1, data_plane: linux-netlink}", "{name: p1, mtbf: 2000h}",
         "mtbf and mttr go together"},
    };
    for (size_t i = 0; i < sizeof routers / sizeof routers[0]; i++) {
        char text[4096];
        replace(ring_fail, routers[i].from, routers[i].to, text, sizeof text);
        const scn_t *scn = NULL;
        ck_assert_int_eq(scn_load_string("test", text, &scn), VS_EINVAL);
        ck_assert_msg(strstr(vs_errmsg(), routers[i].msg), "'%s'", vs_errmsg());
    }
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[4096];
        const char *ev = strstr(ring_fail, "events: ");
        int n = (int)(ev - ring_fail);
        const char *rest = strchr(ev, '\n');
        snprintf(text, sizeof text, "%.*sevents: [%s]%s", n, ring_fail, cases[i].event, rest);
        const scn_t *scn = NULL;
        vs_err_t err = scn_load_string("test", text, &scn);
        ck_assert_msg(err == VS_EINVAL || err == VS_ERANGE, "%s: status %d", cases[i].event, err);
        ck_assert_msg(strstr(vs_errmsg(), cases[i].msg), "%s: '%s'", cases[i].event, vs_errmsg());
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("igp");
    TCase *tc = tcase_create("igp");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, ring_reroutes);
    tcase_add_test(tc, line_cut_off);
    tcase_add_test(tc, router_failure);
    tcase_add_test(tc, link_failure);
    tcase_add_test(tc, random_failures);
    tcase_add_test(tc, failure_bad_input);
    suite_add_tcase(s, tc);
    return vs_check_run(s) ? 1 : 0;
}
