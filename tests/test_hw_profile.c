/* hwmodel/hw_profile: every shipped profile loads; bad input points at the text; the
 * write/load round trip; the cost helpers against hand-computed values. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vs_check.h"
#include "hw_profile.h"

static const char *const shipped[] = {"netfpga",     "linux-iproute2", "linux-iproute2-local",
                                      "linux-ipbatch", "linux-netlink", "tcam",
                                      "pc3000",      "pc850",         "core-router",
                                      "xen-host",    "openvz-vr",     "qemu-kvm",
                                      "nox-openflow", NULL};

static const hw_profile_t *load_str(const char *text, vs_err_t expect)
{
    const hw_profile_t *p = NULL;
    vs_err_t err = hw_profile_load_string("t.yaml", text, strlen(text), &p);
    ck_assert_msg(err == expect, "expected %s, got %s: %s", vs_errname(expect), vs_errname(err),
                  vs_errmsg());
    return p;
}

START_TEST(shipped_profiles_load)
{
    for (int i = 0; shipped[i]; i++) {
        const hw_profile_t *p = NULL;
        vs_err_t err = hw_profile_load(shipped[i], &p);
        ck_assert_msg(err == VS_OK, "%s: %s", shipped[i], vs_errmsg());
        ck_assert_str_eq(p->name, shipped[i]);
        hw_profile_free(p);
    }
}
END_TEST

START_TEST(netfpga_fields)
{
    const hw_profile_t *p = NULL;
    ck_assert_int_eq(hw_profile_load("netfpga", &p), VS_OK);
    ck_assert(p->has_fib && !p->has_host);
    ck_assert_int_eq(p->fib.tech, HW_FIB_NETFPGA);
    ck_assert_int_eq(p->fib.install_ns, 7400);
    ck_assert_int_eq(p->fib.rpc_ns, 89900);
    hw_profile_free(p);
    ck_assert_int_eq(hw_profile_load("pc850", &p), VS_OK);
    ck_assert(p->has_host && p->has_ckpt && p->has_rehome && p->has_power);
    ck_assert_double_eq(p->host.forward_pps_max, 30000);
    ck_assert_double_eq_tol(p->host.cpu_hz, 0.85e9, 1);
    ck_assert_int_eq(p->host.memory_bytes, 512 * 1048576LL);
    hw_profile_free(p);
}
END_TEST

START_TEST(unknown_key_suggests)
{
    load_str("version: 1\nname: x\nfib:\n  technology: software\n  install: 1ms\n  rcp: 1us\n",
             VS_EUNKNOWN_KEY);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "t.yaml:6:3"));
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "rpc"));
}
END_TEST

START_TEST(wrong_unit)
{
    load_str("version: 1\nname: x\nfib:\n  technology: software\n  install: 1 parsec\n",
             VS_EUNIT);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "t.yaml:5:12"));
    load_str("version: 1\nname: x\nhost:\n  cpu_class: a\n  cpu_ghz: 1\n  memory: 1Gbps\n",
             VS_EUNIT);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "t.yaml:6:11"));
    load_str("version: 1\nname: x\npower:\n  idle_fraction: 0.9\n  chassis: 5 horses\n",
             VS_EUNIT);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "t.yaml:5:12"));
}
END_TEST

START_TEST(negative_cost)
{
    load_str("version: 1\nname: x\nfib:\n  technology: software\n  install: -3us\n", VS_ERANGE);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "t.yaml:5:12"));
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "negative"));
    load_str("version: 1\nname: x\npower:\n  idle_fraction: 0.9\n  port: -2W\n", VS_ERANGE);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "t.yaml:5:9"));
}
END_TEST

START_TEST(version_and_shape)
{
    load_str("version: 2\nname: x\nfib:\n  technology: software\n  install: 1ms\n", VS_ERANGE);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "t.yaml:1:10"));
    load_str("name: x\nfib:\n  technology: software\n  install: 1ms\n", VS_EINVAL);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "version"));
    load_str("version: 1\nname: x\n", VS_EINVAL);
    load_str("version: 1\nname: x\nfib:\n  technology: sram\n  install: 1ms\n", VS_EINVAL);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "t.yaml:4:15"));
    load_str("version: 1\nname: x\nfib:\n  technology: tcam\n  install: 1ms\n", VS_EINVAL);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "tcam_write"));
}
END_TEST

/* The sections of the migration software: the shipped values (what the mechanisms used to
 * hold as C constants), a missing key, a wrong unit, a malformed curve. */
START_TEST(software_sections)
{
    const hw_profile_t *p = NULL;
    ck_assert_int_eq(hw_profile_load("xen-host", &p), VS_OK);
    ck_assert(p->has_xen && hw_profile_has(p, "xen") && !hw_profile_has(p, "kvm"));
    ck_assert_int_eq(p->xen.forward_hot_bytes, 20000000);
    ck_assert_int_eq(p->xen.iface_remap_ns, INT64_C(14950000000));
    ck_assert_int_eq(p->xen.pages_per_packet, 2);
    hw_profile_free(p);
    ck_assert_int_eq(hw_profile_load("qemu-kvm", &p), VS_OK);
    ck_assert(p->has_kvm && !p->has_host && hw_profile_has(p, "kvm"));
    ck_assert_int_eq(p->kvm.pause_resume_ns, INT64_C(1003000000));
    ck_assert_int_eq(p->kvm.chunk_overhead_ns, INT64_C(92000000));
    ck_assert(p->kvm.disk_read_bps == 800e6);
    ck_assert_int_eq(p->kvm.device_state_bytes, 65536);
    ck_assert_int_eq(p->kvm.chunk_bytes, 1048576);
    ck_assert_int_eq(p->kvm.chunk_lookup_ns, SIM_MS(2));
    hw_profile_free(p);
    ck_assert_int_eq(hw_profile_load("nox-openflow", &p), VS_OK);
    ck_assert(p->has_openflow && hw_profile_has(p, "openflow"));
    ck_assert_int_eq(p->openflow.flow_mod_send_ns, 583000);
    ck_assert_int_eq(p->openflow.flow_mod_apply_ns, 100000);
    hw_profile_free(p);
    ck_assert_int_eq(hw_profile_load("openvz-vr", &p), VS_OK);
    ck_assert(p->has_image && hw_profile_has(p, "image") && !hw_profile_has(p, "bogus"));
    ck_assert_int_eq(p->image.n_points, 7);
    ck_assert_int_eq(p->image.routes[1], 10000);
    ck_assert_int_eq(p->image.routes[6], 500000);
    ck_assert_int_eq(p->image.bgp_full_routes, 255000);
    ck_assert_int_eq(p->image.postcopy_state_bytes, 1048576);
    ck_assert(p->has_routing && hw_profile_has(p, "routing"));
    ck_assert_int_eq(p->routing.boot_ns, SIM_S(5));
    ck_assert(p->routing.bgp_prefixes_per_s == 10000.0);
    ck_assert_int_eq(p->routing.ospf_exchange_hops, 4);
    ck_assert_int_eq(p->routing.bgp_open_rtts, 3);
    ck_assert_int_eq(p->routing.spf_delay_ns, SIM_MS(200));
    hw_profile_free(p);

    /* missing keys */
    load_str("version: 1\nname: x\nxen:\n  forward_hot_set: 20MB\n", VS_EINVAL);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "iface_remap"));
    load_str("version: 1\nname: x\nkvm:\n  pause_resume: 1s\n", VS_EINVAL);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "chunk_overhead"));
    load_str("version: 1\nname: x\nopenflow:\n  flow_mod_apply: 1us\n", VS_EINVAL);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "flow_mod_send"));
    load_str("version: 1\nname: x\nimage:\n  ospf: [{routes: 0, size: 1MB}, {routes: 9, size: "
             "2MB}]\n",
             VS_EINVAL);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "bgp_full"));
    load_str("version: 1\nname: x\nimage:\n  ospf: [{routes: 0}, {routes: 9, size: 2MB}]\n"
             "  bgp_full: {routes: 1, size: 3MB}\n",
             VS_EINVAL);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "size"));
    /* wrong units, pointing at the value */
    load_str("version: 1\nname: x\nxen:\n  forward_hot_set: 20ms\n  iface_remap: 1s\n", VS_EUNIT);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "t.yaml:4:20"));
    load_str("version: 1\nname: x\nxen:\n  forward_hot_set: 20MB\n  iface_remap: 15GB\n", VS_EUNIT);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "t.yaml:5:16"));
    load_str("version: 1\nname: x\nkvm:\n  pause_resume: 1 Mbps\n  chunk_overhead: 1ms\n",
             VS_EUNIT);
    load_str("version: 1\nname: x\nopenflow:\n  flow_mod_send: 1us\n  flow_mod_apply: -1us\n",
             VS_ERANGE);
    load_str("version: 1\nname: x\nimage:\n  ospf: [{routes: 0, size: 1ms}, {routes: 9, size: "
             "2MB}]\n  bgp_full: {routes: 1, size: 3MB}\n",
             VS_EUNIT);
    /* a curve must rise in routes and have two points; unknown keys are named */
    load_str("version: 1\nname: x\nimage:\n  ospf: [{routes: 5, size: 1MB}, {routes: 5, size: "
             "2MB}]\n  bgp_full: {routes: 1, size: 3MB}\n",
             VS_ERANGE);
    load_str("version: 1\nname: x\nimage:\n  ospf: [{routes: 0, size: 1MB}]\n"
             "  bgp_full: {routes: 1, size: 3MB}\n",
             VS_ERANGE);
    load_str("version: 1\nname: x\nkvm:\n  pause_resume: 1s\n  chunk_overhed: 1ms\n",
             VS_EUNKNOWN_KEY);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "chunk_overhead"));
}
END_TEST

/* The image model through the helper: the points exactly, linear between them and beyond the
 * last, BGP added linearly from the full table. */
START_TEST(image_model)
{
    hw_image_profile_t c = {.n_points = 3,
                            .routes = {0, 100, 300},
                            .bytes = {1000, 2000, 2400},
                            .bgp_full_routes = 50,
                            .bgp_full_bytes = 6000};
    ck_assert_int_eq(hw_image_bytes(&c, 0, 0), 1000);
    ck_assert_int_eq(hw_image_bytes(&c, 50, 0), 1500);
    ck_assert_int_eq(hw_image_bytes(&c, 200, 0), 2200);
    ck_assert_int_eq(hw_image_bytes(&c, 500, 0), 2800);
    ck_assert_int_eq(hw_image_bytes(&c, 0, 50), 6000);
    ck_assert_int_eq(hw_image_bytes(&c, 100, 25), 4500);
}
END_TEST

START_TEST(missing_profile)
{
    const hw_profile_t *p = NULL;
    ck_assert_int_eq(hw_profile_load("no-such-profile", &p), VS_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "no-such-profile"));
    ck_assert_int_eq(hw_profile_load("./no-such-dir/x.yaml", &p), VS_ENOTFOUND);
    ck_assert_int_eq(hw_profile_load("a b", &p), VS_EINVAL);
}
END_TEST

START_TEST(write_round_trip)
{
    for (int i = 0; shipped[i]; i++) {
        const hw_profile_t *a = NULL, *b = NULL;
        char path[64];
        snprintf(path, sizeof path, "/tmp/vs_hwp_%d_%d.yaml", (int)getpid(), i);
        ck_assert_int_eq(hw_profile_load(shipped[i], &a), VS_OK);
        ck_assert_int_eq(hw_profile_write(a, path, "test"), VS_OK);
        vs_err_t err = hw_profile_load(path, &b);
        ck_assert_msg(err == VS_OK, "%s: %s", shipped[i], vs_errmsg());
        ck_assert_str_eq(a->name, b->name);
        ck_assert(a->has_fib == b->has_fib && a->has_ckpt == b->has_ckpt);
        ck_assert_mem_eq(&a->fib, &b->fib, sizeof a->fib);
        ck_assert_int_eq(a->ckpt.restore_fixed_ns, b->ckpt.restore_fixed_ns);
        ck_assert_double_eq_tol(a->ckpt.dump_ns_per_byte, b->ckpt.dump_ns_per_byte, 1e-9);
        ck_assert_double_eq_tol(a->ckpt.copy_limit_bps, b->ckpt.copy_limit_bps, 1e-6);
        ck_assert_double_eq_tol(a->host.cpu_hz, b->host.cpu_hz, 1e-3);
        ck_assert_mem_eq(&a->rehome, &b->rehome, sizeof a->rehome);
        ck_assert_double_eq(a->power.chassis_w, b->power.chassis_w);
        ck_assert(a->has_image == b->has_image && a->has_xen == b->has_xen &&
                  a->has_kvm == b->has_kvm && a->has_openflow == b->has_openflow);
        ck_assert_mem_eq(&a->image, &b->image, sizeof a->image);
        ck_assert_mem_eq(&a->xen, &b->xen, sizeof a->xen);
        ck_assert_mem_eq(&a->kvm, &b->kvm, sizeof a->kvm);
        ck_assert_mem_eq(&a->openflow, &b->openflow, sizeof a->openflow);
        hw_profile_free(a);
        hw_profile_free(b);
        unlink(path);
    }
}
END_TEST

/* Table 2 (seed 001 Section 6.2) through the helper: the fitted cell exactly, the others
 * within the REPRODUCE.md tolerance of 10%. */
START_TEST(table2_helper)
{
    static const int64_t n[4] = {100, 1000, 10000, 15000};
    static const double sd_up[4] = {0.1946, 1.9318, 19.3996, 31.2113};
    static const double sd_tot[4] = {0.2110, 2.0880, 20.9851, 33.8988};
    static const double hd_up[4] = {0.0008, 0.0074, 0.0738, 0.1106};
    static const double hd_tot[4] = {0.0102, 0.0973, 0.9634, 1.4399};
    const hw_profile_t *sd = NULL, *hd = NULL;
    ck_assert_int_eq(hw_profile_load("linux-iproute2", &sd), VS_OK);
    ck_assert_int_eq(hw_profile_load("netfpga", &hd), VS_OK);
    for (int i = 0; i < 4; i++) {
        sim_time_t tot, up;
        ck_assert_int_eq(hw_fib_repopulate_ns(&sd->fib, n[i], &tot, &up), VS_OK);
        ck_assert(fabs(sim_to_s(up) / sd_up[i] - 1) <= 0.10);
        ck_assert(fabs(sim_to_s(tot) / sd_tot[i] - 1) <= 0.10);
        ck_assert_int_eq(hw_fib_repopulate_ns(&hd->fib, n[i], &tot, &up), VS_OK);
        ck_assert(i == 0 ? fabs(sim_to_s(up) - hd_up[i]) <= 0.0002
                         : fabs(sim_to_s(up) / hd_up[i] - 1) <= 0.10);
        ck_assert(fabs(sim_to_s(tot) / hd_tot[i] - 1) <= 0.10);
    }
    sim_time_t tot;
    ck_assert_int_eq(hw_fib_repopulate_ns(&hd->fib, 1000, &tot, NULL), VS_OK);
    ck_assert_int_eq(tot, 1000 * (7400 + 89900)); /* the fitted cell: 0.0973 s */
    hw_profile_free(sd);
    hw_profile_free(hd);
}
END_TEST

START_TEST(ckpt_model)
{
    const hw_profile_t *p = NULL;
    ck_assert_int_eq(hw_profile_load("pc3000", &p), VS_OK);
    const hw_ckpt_profile_t *c = &p->ckpt;
    /* 1 MB: dump 250 ms + 2.5 ms */
    ck_assert_int_eq(hw_ckpt_dump_ns(c, 1000000), 252500000);
    /* 3 MB at 300 Mbps: 80 ms + 150 ms set-up; a 100 Mbps link limits it to 240 ms */
    ck_assert_int_eq(hw_ckpt_copy_ns(c, 3000000, 0), 230000000);
    ck_assert_int_eq(hw_ckpt_copy_ns(c, 3000000, 100e6), 390000000);
    /* bridging 200 ms of work at share 0.5 next to a restore of r = 5 ms/MB * size */
    ck_assert_int_eq(hw_ckpt_bridging_ns(c, 0), 200000000);
    ck_assert_int_eq(hw_ckpt_bridging_ns(c, 10000000), 225000000);  /* r=50: 50 + 175 */
    ck_assert_int_eq(hw_ckpt_bridging_ns(c, 100000000), 400000000); /* r=500 >= 400 */
    /* the calibration: OSPF-only image 3.2 MB gives the 0.972 s mean downtime */
    int64_t img = 3200000;
    sim_time_t down = hw_ckpt_dump_ns(c, img) + hw_ckpt_copy_ns(c, img, 0) +
                      hw_ckpt_resume_ns(c, img);
    ck_assert(llabs(down - 972000000) < 1000000);
    hw_profile_free(p);
}
END_TEST

START_TEST(power_model)
{
    /* full-load wattages; installed: 4 line cards, 32 ports -> full = 600 + 600 + 320 */
    hw_power_profile_t w = {.chassis_w = 600, .linecard_w = 150, .port_w = 10,
                            .idle_fraction = 0.9};
    hw_power_coef_t c;
    hw_power_coef(&w, 4, 32, &c);
    ck_assert_double_eq_tol(c.chassis_w, 540, 1e-9);
    ck_assert_double_eq_tol(c.linecard_w, 135, 1e-9);
    ck_assert_double_eq_tol(c.port_w, 9, 1e-9);
    ck_assert_double_eq_tol(c.load_w, 152, 1e-9);
    /* everything powered: full x (idle + (1 - idle) u) */
    ck_assert_double_eq_tol(hw_power_watts(&c, 4, 32, 1.0), 1520, 1e-9);
    ck_assert_double_eq_tol(hw_power_watts(&c, 4, 32, 0.0), 1368, 1e-9);
    ck_assert_double_eq_tol(hw_power_watts(&c, 4, 32, 0.5), 1444, 1e-9);
    /* two cards off, 16 ports idle: the idle share of what is on, the load share of all */
    ck_assert_double_eq_tol(hw_power_watts(&c, 2, 16, 0.0), 954, 1e-9);
    ck_assert_double_eq_tol(hw_power_watts(&c, 2, 16, 0.5), 1030, 1e-9);
    /* utilisation is clamped */
    ck_assert_double_eq_tol(hw_power_watts(&c, 2, 16, 7.0), 1106, 1e-9);
    ck_assert_double_eq_tol(hw_power_watts(&c, 2, 16, -1.0), 954, 1e-9);
}
END_TEST

/* The shipped core-router profile is what the scheduler reads: its values, read through the
 * model, for the reference study's router (4 line cards of 8 ports). */
START_TEST(core_router_power)
{
    const hw_profile_t *p = NULL;
    ck_assert_int_eq(hw_profile_load("core-router", &p), VS_OK);
    ck_assert(p->has_power && !p->has_fib && !p->has_host);
    ck_assert_double_eq(p->power.chassis_w, 600);
    ck_assert_double_eq(p->power.linecard_w, 150);
    ck_assert_double_eq(p->power.port_w, 10);
    ck_assert_double_eq(p->power.idle_fraction, 0.9);
    ck_assert_int_eq(p->power.ports_per_linecard, 8);
    hw_power_coef_t c;
    hw_power_coef(&p->power, 4, 32, &c);
    ck_assert_double_eq_tol(hw_power_watts(&c, 4, 32, 1.0), 1520, 1e-9);
    hw_profile_free(p);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("hw_profile");
    TCase *tc = tcase_create("profile");
    tcase_add_test(tc, shipped_profiles_load);
    tcase_add_test(tc, netfpga_fields);
    tcase_add_test(tc, unknown_key_suggests);
    tcase_add_test(tc, wrong_unit);
    tcase_add_test(tc, negative_cost);
    tcase_add_test(tc, version_and_shape);
    tcase_add_test(tc, software_sections);
    tcase_add_test(tc, image_model);
    tcase_add_test(tc, missing_profile);
    tcase_add_test(tc, write_round_trip);
    tcase_add_test(tc, table2_helper);
    tcase_add_test(tc, ckpt_model);
    tcase_add_test(tc, power_model);
    tcase_add_test(tc, core_router_power);
    suite_add_tcase(s, tc);
    int failed = vs_check_run(s);
    return failed ? 1 : 0;
}
