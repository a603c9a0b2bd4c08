/* models/: scenarios and the VROOM migration process. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vs_check.h"
#include "cp_image.h"
#include "run.h"
#include "run_report.h"
#include "scenario.h"
#include "topo_scn.h"

/* The diamond testbed: VR1 moves from n1 to n3 over a reserved direct link. */
static const char *diamond =
    "version: 1\n"
    "name: t\n"
    "seed: 7\n"
    "until: 10min\n"
    "physical_routers:\n"
    "  - {name: n0}\n"
    "  - {name: n1, data_plane: %s}\n"
    "  - {name: n2}\n"
    "  - {name: n3, data_plane: %s, vr_slots: %d}\n"
    "links:\n"
    "  - {a: n0, b: n1, bandwidth: 1Gbps, delay: 1ms}\n"
    "  - {a: n1, b: n2, bandwidth: 1Gbps, delay: 1ms}\n"
    "  - {a: n0, b: n3, bandwidth: 1Gbps, delay: 1ms}\n"
    "  - {a: n3, b: n2, bandwidth: 1Gbps, delay: 1ms}\n"
    "  - {a: n1, b: n3, bandwidth: 1Gbps, delay: 0.1ms, migration_bandwidth: %s}\n"
    "virtual_routers:\n"
    "  - {name: vr0, host: n0, ospf: {}}\n"
    "  - {name: vr1, host: n1, ospf: {routes: %d}, dirty_rate: %s}\n"
    "  - {name: vr2, host: n2, ospf: {}}\n"
    "virtual_links:\n"
    "  - {a: vr0, b: vr1, rehoming: optical}\n"
    "  - {a: vr1, b: vr2, rehoming: gre}\n"
    "migrations:\n"
    "  - {vr: vr1, to: n3, at: 1s, memory: %s}\n";

typedef struct {
    const char *src_fib, *dst_fib, *mig_bw, *dirty, *memory;
    int slots, routes;
} variant_t;

static const variant_t base = {"linux-iproute2", "linux-iproute2", "1Gbps", "0bps", "stall-and-copy", 4, 10000};

static const scn_t *load_variant(const variant_t *v)
{
    char text[4096];
    snprintf(text, sizeof text, diamond, v->src_fib, v->dst_fib, v->slots, v->mig_bw, v->routes, v->dirty,
             v->memory);
    const scn_t *scn = NULL;
    vs_err_t err = scn_load_string("diamond.yaml", text, &scn);
    ck_assert_msg(err == VS_OK, "%s", vs_errmsg());
    return scn;
}

static mig_result_t run_variant(const variant_t *v)
{
    const scn_t *scn = load_variant(v);
    run_results_t *res = NULL;
    vs_err_t err = run_scenario(scn, NULL, &res);
    ck_assert_msg(err == VS_OK, "%s", vs_errmsg());
    mig_result_t m = res->results[0];
    run_results_free(res);
    scn_free(scn);
    return m;
}

START_TEST(timeline_is_ordered)
{
    mig_result_t m = run_variant(&base);
    ck_assert(m.done);
    ck_assert_int_eq(m.t[MIG_T0_TUNNELS], SIM_S(1));
    for (int s = 1; s < MIG_NSTEPS; s++)
        ck_assert_int_ge(m.t[s], m.t[s - 1]);
    /* Stall-and-copy: the whole image is dumped; downtime is exactly t3 -> t4. */
    ck_assert_int_eq(m.final_bytes, m.image_bytes);
    ck_assert_int_eq(m.downtime, m.t[MIG_T4_CLONE] - m.t[MIG_T3_SUSPEND]);
    ck_assert_int_ge(m.downtime, m.dump + m.copy + m.restore);
    /* FIB cloning of 10k routes on a software data plane: tens of seconds (Table 2). */
    ck_assert_int_eq(m.fib_entries, 10000);
    ck_assert_int_eq(m.t[MIG_T5_LINKS] - m.t[MIG_T4_CLONE], m.fib_total);
    ck_assert_int_gt(m.fib_total, SIM_S(15));
    ck_assert_uint_eq(m.n_links, 2);
    /* The copy runs at the copy tool's limit (300 Mbps) below the reserved 1 Gbps. */
    ck_assert_double_eq_tol(m.copy_bps, 300e6, 300e6 * 0.1); /* varies from run to run */
}
END_TEST

/* Table 1's "MB" as profile openvz-vr reads it (docs/profiles.md): 10^6 bytes. */
#define TABLE1_MB 1e6

START_TEST(image_follows_table1)
{
    hw_image_profile_t c;
    ck_assert_msg(cp_image_curve(&c) == VS_OK, "%s", vs_errmsg());
    ck_assert_int_eq(c.n_points, 7);
    ck_assert_int_eq(hw_image_bytes(&c, 0, 0), llround(3.2 * TABLE1_MB));
    ck_assert_int_eq(hw_image_bytes(&c, 100000, 0), llround(46.4 * TABLE1_MB));
    ck_assert_int_eq(hw_image_bytes(&c, 0, 255000), llround(76.0 * TABLE1_MB));
    /* Halfway between 10k and 100k routes is halfway between 24.2 and 46.4 MB. */
    ck_assert(llabs(hw_image_bytes(&c, 55000, 0) - llround(35.3 * TABLE1_MB)) <= 1);
    /* beyond 500k: along the last segment (26.8 MB per 100k routes) */
    ck_assert(llabs(hw_image_bytes(&c, 600000, 0) - llround(150.9 * TABLE1_MB)) <= 1);
    /* a VR's own image size wins over the curve */
    scn_vrouter_t v = {.ospf = true, .ospf_routes = 100000, .image_bytes = 12345};
    ck_assert_int_eq(cp_image_vr(&c, &v), 12345);
    v.image_bytes = 0;
    ck_assert_int_eq(cp_image_vr(&c, &v), llround(46.4 * TABLE1_MB));
}
END_TEST

START_TEST(bigger_image_longer_copy)
{
    variant_t small = base, large = base;
    small.routes = 0;
    large.routes = 500000;
    mig_result_t a = run_variant(&small), b = run_variant(&large);
    ck_assert_int_gt(b.copy, 10 * a.copy);
    ck_assert_int_gt(b.downtime, a.downtime);
    ck_assert_int_ge(b.bridging, a.bridging); /* contention with a longer restore */
}
END_TEST

START_TEST(precopy_and_postcopy_shorten_downtime)
{
    variant_t sc = base, pre = base, post = base;
    sc.routes = pre.routes = post.routes = 300000;
    pre.memory = "pre-copy";
    post.memory = "post-copy";
    pre.dirty = post.dirty = "8Mbps"; /* 1 MB/s of dirtied pages */
    mig_result_t s = run_variant(&sc), p = run_variant(&pre), q = run_variant(&post);
    ck_assert_int_ge(p.precopy_rounds, 2);
    ck_assert_int_lt(p.final_bytes, s.final_bytes / 10);
    ck_assert_int_lt(p.downtime, s.downtime);
    ck_assert_int_gt(p.bytes_sent, s.bytes_sent); /* pre-copy sends more in total */
    ck_assert_int_lt(q.downtime, s.downtime);
    ck_assert_int_le(q.final_bytes, INT64_C(1) << 20); /* resumes with the state only */
    ck_assert_int_gt(q.postcopy_degraded, 0);
    ck_assert_int_gt(q.postcopy_faults, 0);
}
END_TEST

START_TEST(precopy_stops_without_progress)
{
    variant_t pre = base;
    pre.memory = "pre-copy";
    pre.dirty = "2Gbps"; /* dirties faster than the copy runs */
    mig_result_t p = run_variant(&pre);
    ck_assert_int_le(p.precopy_rounds, 2);
    ck_assert_int_eq(p.final_bytes, p.image_bytes);
}
END_TEST

START_TEST(unlike_data_planes)
{
    variant_t to_hd = base, to_sd = base;
    to_hd.dst_fib = "netfpga";
    to_sd.src_fib = "netfpga";
    mig_result_t a = run_variant(&to_hd), b = run_variant(&to_sd);
    ck_assert(a.done && b.done);
    /* Cloning runs at the destination's rate: NetFPGA is >100x faster per entry. */
    ck_assert_int_lt(a.fib_update * 100, b.fib_update);
}
END_TEST

START_TEST(deterministic_json)
{
    variant_t v = base;
    const scn_t *scn = load_variant(&v);
    run_opts_t ro = {.runs = 3};
    run_results_t *r1, *r2;
    ck_assert_int_eq(run_scenario(scn, &ro, &r1), VS_OK);
    ck_assert_int_eq(run_scenario(scn, &ro, &r2), VS_OK);
    cJSON *j1 = run_results_json(scn, r1), *j2 = run_results_json(scn, r2);
    char *s1 = cJSON_Print(j1), *s2 = cJSON_Print(j2);
    ck_assert_str_eq(s1, s2);
    /* Runs differ from each other (their own seeds) but not between invocations. */
    ck_assert_int_ne(r1->results[0].downtime, r1->results[1].downtime);
    ro.seed = 99;
    ro.has_seed = true;
    run_results_t *r3;
    ck_assert_int_eq(run_scenario(scn, &ro, &r3), VS_OK);
    ck_assert_int_ne(r3->results[0].downtime, r1->results[0].downtime);
    cJSON_free(s1);
    cJSON_free(s2);
    cJSON_Delete(j1);
    cJSON_Delete(j2);
    run_results_free(r1);
    run_results_free(r2);
    run_results_free(r3);
    scn_free(scn);
}
END_TEST

/* Loads text and expects failure with status-2 class and a message containing want. */
static void expect_error(const char *text, const char *want)
{
    const scn_t *scn = NULL;
    vs_err_t err = scn_load_string("bad.yaml", text, &scn);
    if (!err) {
        err = run_check(scn);
        scn_free(scn);
    }
    ck_assert_msg(err != VS_OK, "expected an error containing '%s'", want);
    ck_assert_int_eq(vs_exit_status(err), 2);
    ck_assert_msg(strstr(vs_errmsg(), want), "message '%s' lacks '%s'", vs_errmsg(), want);
}

/* One VR moved to two routers at once is refused, naming both migrations; one after the
 * other (the first finished) runs. */
START_TEST(one_move_at_a_time)
{
    static const char *fmt = "version: 1\nphysical_routers:\n  - {name: a}\n  - {name: b}\n"
                             "  - {name: c}\nlinks:\n  - {a: a, b: b, bandwidth: 1Gbps, delay: 1ms}\n"
                             "  - {a: a, b: c, bandwidth: 1Gbps, delay: 1ms}\n"
                             "virtual_routers:\n  - {name: vr, host: a, ospf: {}}\n"
                             "migrations:\n  - {vr: vr, to: b, at: 1s}\n  - {vr: vr, to: c, at: %s}\n";
    char text[1024];
    snprintf(text, sizeof text, fmt, "1s");
    const scn_t *scn = NULL;
    ck_assert_int_eq(scn_load_string("two.yaml", text, &scn), VS_OK);
    run_results_t *res = NULL;
    vs_err_t err = run_scenario(scn, NULL, &res);
    ck_assert_int_eq(vs_exit_status(err), 2);
    ck_assert_msg(strstr(vs_errmsg(), "migration 1 of 'vr' (to 'c') starts at 1 s while its migration 0 "
                                      "(to 'b', begun at 1 s) is still running"), "%s", vs_errmsg());
    scn_free(scn);
    snprintf(text, sizeof text, fmt, "60s");
    ck_assert_int_eq(scn_load_string("two.yaml", text, &scn), VS_OK);
    ck_assert_int_eq(run_scenario(scn, NULL, &res), VS_OK);
    ck_assert(res->results[0].done && res->results[1].done);
    ck_assert_str_eq(res->results[1].from, "b");
    run_results_free(res);
    scn_free(scn);
}
END_TEST

/* A migrating VR with more virtual links than results hold is refused, naming the limit. */
START_TEST(too_many_links)
{
    char text[16384];
    int n = snprintf(text, sizeof text,
                     "version: 1\nphysical_routers:\n  - {name: a, vr_slots: 100}\n  - {name: b}\n"
                     "links:\n  - {a: a, b: b, bandwidth: 1Gbps, delay: 1ms}\n"
                     "virtual_routers:\n  - {name: hub, host: a, ospf: {}}\n");
    for (int i = 0; i <= MIG_MAX_LINKS; i++)
        n += snprintf(text + n, sizeof text - (size_t)n, "  - {name: s%d, host: a, ospf: {}}\n", i);
    n += snprintf(text + n, sizeof text - (size_t)n, "virtual_links:\n");
    for (int i = 0; i <= MIG_MAX_LINKS; i++)
        n += snprintf(text + n, sizeof text - (size_t)n, "  - {a: hub, b: s%d}\n", i);
    snprintf(text + n, sizeof text - (size_t)n, "migrations:\n  - {vr: hub, to: b, at: 1s}\n");
    expect_error(text, "it has 65 virtual links, and a migrating VR may have at most 64");
}
END_TEST

START_TEST(bad_input)
{
    expect_error("version: 1\nphysical_routers:\n  - {name: a, hots: pc3000}\n",
                 "bad.yaml:3:15: unknown key 'hots' (did you mean 'host'?)");
    expect_error("version: 2\nphysical_routers: []\n", "bad.yaml:1:10: scenario format version 2");
    expect_error("version: 1\nphysical_routers:\n  - {name: a}\nlinks:\n  - {a: a, b: z, bandwidth: 1Gbps, delay: 1ms}\n",
                 "bad.yaml:5:15: b: no physical router named 'z'");
    expect_error("version: 1\nphysical_routers:\n  - {name: a}\n  - {name: b}\nlinks:\n"
                 "  - {a: a, b: b, bandwidth: 1 Gbit, delay: 1ms}\n",
                 "bad.yaml:6:29: bandwidth: '1 Gbit': unknown bit rate unit 'Gbit'");
    expect_error("version: 1\nphysical_routers:\n  - {name: a}\nvirtual_routers:\n"
                 "  - {name: v, host: a, ospf: {hello: 10s, dead: 10s}}\n",
                 "dead interval must be larger than the hello interval");
    expect_error("version: 1\nphysical_routers:\n  - {name: a}\nvirtual_routers:\n"
                 "  - {name: v, host: a, ospf: {hello: 0s}}\n",
                 "hello: 0 ns is out of range");
    expect_error("version: 1\nphysical_routers:\n  - {name: a}\nvirtual_routers:\n"
                 "  - {name: v, host: a}\nmigrations:\n  - {vr: w, to: a, at: 1s}\n",
                 "no virtual router named 'w'");
    expect_error("version: 1\nphysical_routers:\n  - {name: a}\n  - {name: b}\nvirtual_routers:\n"
                 "  - {name: v, host: a}\nmigrations:\n  - {vr: v, to: b, at: 1s}\n",
                 "bad.yaml:8:5: no substrate path from 'a' to 'b'");
    expect_error("version: 1\nphysical_routers:\n  - {name: a}\n  - {name: b, data_plane: no-such-profile}\n"
                 "links:\n  - {a: a, b: b, bandwidth: 1Gbps, delay: 1ms}\nvirtual_routers:\n"
                 "  - {name: v, host: a}\nmigrations:\n  - {vr: v, to: b, at: 1s}\n",
                 "bad.yaml:4:27: router 'b': no hardware profile named 'no-such-profile'");
}
END_TEST

START_TEST(no_capacity_at_destination)
{
    variant_t v = base;
    v.slots = 1;
    char text[4096];
    snprintf(text, sizeof text, diamond, v.src_fib, v.dst_fib, v.slots, v.mig_bw, v.routes, v.dirty, v.memory);
    /* n3 already holds one VR: add vr3 there. */
    char *p = strstr(text, "virtual_links:");
    char buf[4096];
    snprintf(buf, sizeof buf, "%.*s  - {name: vr3, host: n3}\n%s", (int)(p - text), text, p);
    expect_error(buf, "cannot migrate 'vr1' to 'n3': it has 1 VR slots and all are in use");
}
END_TEST

START_TEST(incompatible_platform)
{
    char prof[] = "/tmp/vs_xen_XXXXXX.yaml";
    int fd = mkstemps(prof, 5);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "w");
    /* pc3000's host profile with another checkpoint tool. */
    FILE *src = fopen(VS_SOURCE_DIR "/hwmodel/profiles/pc3000.yaml", "r");
    ck_assert_ptr_nonnull(src);
    char line[512];
    while (fgets(line, sizeof line, src))
        fputs(strstr(line, "tool:") ? "  tool: \"xen\"\n" : line, f);
    fclose(src);
    fclose(f);
    char text[4096];
    snprintf(text, sizeof text,
             "version: 1\nphysical_routers:\n  - {name: a}\n  - {name: b, host: %s}\n"
             "links:\n  - {a: a, b: b, bandwidth: 1Gbps, delay: 1ms}\nvirtual_routers:\n"
             "  - {name: v, host: a}\nmigrations:\n  - {vr: v, to: b, at: 1s}\n",
             prof);
    expect_error(text, "incompatible platforms");
    unlink(prof);
}
END_TEST

START_TEST(topology_file)
{
    scn_set_topology_reader(topo_scn_reader);
    const scn_t *scn = NULL;
    const char *text = "version: 1\n"
                       "topology: {file: builtin:abilene, routers_per_pop: 2}\n"
                       "physical_routers:\n  - {name: extra, pop: Chicago}\n"
                       "links:\n  - {a: extra, b: Chicago-1, bandwidth: 1Gbps, delay: 1us}\n"
                       "migrations:\n  - {vr: vr-Chicago, to: extra, at: 1s}\n";
    vs_err_t err = scn_load_string("topo.yaml", text, &scn);
    ck_assert_msg(err == VS_OK, "%s", vs_errmsg());
    /* 11 POPs, two routers each, plus the one listed; one VR per POP. */
    ck_assert_uint_eq(scn->n_prouters, 23);
    ck_assert_uint_eq(scn->n_vrouters, 11);
    ck_assert_uint_ne(scn_vrouter_index(scn, "vr-Chicago"), SIZE_MAX);
    run_results_t *res;
    ck_assert_int_eq(run_scenario(scn, NULL, &res), VS_OK);
    ck_assert(res->results[0].done);
    ck_assert_uint_eq(res->results[0].n_links, 2); /* Chicago's two neighbours */
    run_results_free(res);
    scn_free(scn);
    expect_error("version: 1\ntopology: {file: builtin:nowhere}\n", "bad.yaml:2:18: topology:");
    expect_error("version: 1\ntopology: {file: builtin:abilene, routers_per_pop: 0}\n",
                 "routers_per_pop: 0 is out of range");
}
END_TEST

/* bgp.updates through a registered reader: messages are placed around the migration's own
 * timeline (taken from a run without them, which they do not change). */
static sim_time_t upd_t[7];

static vs_err_t fake_updates(const char *path, sim_time_t skip, scn_bgp_update_t **out, size_t *n)
{
    if (strstr(path, "missing"))
        return vs_fail(VS_ENOTFOUND, "%s: no such file", path);
    ck_assert_int_eq(skip, SIM_S(5));
    static const struct {
        int step;
        sim_time_t off;
        uint32_t a, w, peer;
    } spec[] = {{0, -1, 9, 9, 0},        /* before t0: not counted */
                {3, SIM_MS(1), 2, 0, 0}, /* lost to the freeze: peer 0 backs off */
                {4, -SIM_MS(1), 0, 1, 1}, /* peer 1: its first retransmission gets through */
                {4, SIM_MS(1), 3, 0, 0}, /* after the resume, but queued behind peer 0's */
                {4, SIM_MS(1), 3, 0, 2}, /* peer 2 was never held: on time */
                {6, SIM_S(1), 9, 9, 0}}; /* after t6: not counted */
    *n = sizeof spec / sizeof spec[0];
    *out = malloc(*n * sizeof **out);
    for (size_t i = 0; i < *n; i++)
        (*out)[i] = (scn_bgp_update_t){upd_t[spec[i].step] + spec[i].off, spec[i].a, spec[i].w, spec[i].peer};
    return VS_OK;
}

START_TEST(bgp_update_stream)
{
    static const char *text =
        "version: 1\nname: u\nseed: 3\nuntil: 10min\n"
        "physical_routers: [{name: a}, {name: b}]\n"
        "links: [{a: a, b: b, bandwidth: 1Gbps, delay: 2ms}]\n"
        "virtual_routers: [{name: v, host: a, bgp: {routes: 1000%s}}]\n"
        "migrations: [{vr: v, to: b, at: 1s, memory: stall-and-copy}]\n";
    char buf[1024];
    const scn_t *scn;
    run_results_t *res;
    run_opts_t ro = {0};
    snprintf(buf, sizeof buf, text, "");
    ck_assert_int_eq(scn_load_string("u.yaml", buf, &scn), VS_OK);
    ck_assert_int_eq(run_scenario(scn, &ro, &res), VS_OK);
    memcpy(upd_t, res->results[0].t, sizeof upd_t);
    run_results_free(res);
    scn_free(scn);
    /* no reader registered: a clear error at the key */
    snprintf(buf, sizeof buf, text, ", updates: x.mrt.gz, updates_from: 5s");
    ck_assert_int_eq(scn_load_string("u.yaml", buf, &scn), VS_EDEPEND);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "u.yaml:7:"));
    scn_set_updates_reader(fake_updates);
    ck_assert_int_eq(scn_load_string("u.yaml", buf, &scn), VS_OK);
    ck_assert_int_eq(run_scenario(scn, &ro, &res), VS_OK);
    const mig_result_t *m = &res->results[0];
    ck_assert_mem_eq(m->t, upd_t, sizeof upd_t); /* the stream does not move the timeline */
    /* peer 0's message at t3 + 1 ms comes back 0.2, 0.6, 1.4, 3.0 ... s later (RTO 200 ms,
     * doubling): the first copy after t4 is taken, and its later message waits for it */
    sim_time_t d0 = upd_t[3] + SIM_MS(1), rto = SIM_MS(200);
    while (d0 < upd_t[4]) {
        d0 += rto;
        rto *= 2;
    }
    ck_assert_int_gt(d0, upd_t[4] + SIM_MS(1));
    ck_assert_int_eq(m->upd_messages, 4);
    ck_assert_int_eq(m->upd_delayed, 3);
    ck_assert_int_eq(m->upd_delayed_prefixes, 6);
    ck_assert_int_eq(m->upd_delay_max, d0 - upd_t[3] - SIM_MS(1));
    ck_assert_int_eq(m->upd_delay_mean,
                     llround((double)((d0 - upd_t[3] - SIM_MS(1)) + SIM_MS(200) + (d0 - upd_t[4] - SIM_MS(1))) / 3));
    /* everything was processed after t4: nine prefixes through one FIFO at A */
    ck_assert_int_eq(m->upd_remote_prefixes, 9);
    ck_assert_int_ge(m->upd_remote_latency_max, SIM_MS(2));
    ck_assert_int_lt(m->upd_remote_latency_mean, m->upd_remote_latency_max);
    cJSON *j = run_results_json(scn, res);
    cJSON *u = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(j, "migrations"), 0),
                                   "bgp_updates");
    ck_assert_ptr_nonnull(u);
    ck_assert_double_eq(cJSON_GetObjectItem(u, "remote_prefixes")->valuedouble, 9);
    cJSON_Delete(j);
    run_results_free(res);
    scn_free(scn);
    snprintf(buf, sizeof buf, text, ", updates: missing.mrt, updates_from: 5s");
    ck_assert_int_eq(scn_load_string("u.yaml", buf, &scn), VS_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "updates:"));
    scn_set_updates_reader(NULL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("migration");
    TCase *tc = tcase_create("vroom");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, timeline_is_ordered);
    tcase_add_test(tc, image_follows_table1);
    tcase_add_test(tc, bigger_image_longer_copy);
    tcase_add_test(tc, precopy_and_postcopy_shorten_downtime);
    tcase_add_test(tc, precopy_stops_without_progress);
    tcase_add_test(tc, unlike_data_planes);
    tcase_add_test(tc, deterministic_json);
    tcase_add_test(tc, bad_input);
    tcase_add_test(tc, too_many_links);
    tcase_add_test(tc, one_move_at_a_time);
    tcase_add_test(tc, no_capacity_at_destination);
    tcase_add_test(tc, incompatible_platform);
    tcase_add_test(tc, topology_file);
    tcase_add_test(tc, bgp_update_stream);
    suite_add_tcase(s, tc);
    int failed = vs_check_run(s);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
