/* hwmodel/: prefixes, the TCAM move model against hand-computed cases, the sim backend
 * (Table 2 sizes, errors, remote control plane), the NetFPGA register-level emulator and the
 * FIB calibration fit. */
#include <arpa/inet.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zlib.h>

#include "vs_check.h"
#include "hw_backend.h"
#include "hw_calib.h"
#include "hw_netfpga.h"
#include "hw_prefix.h"
#include "hw_profile.h"
#include "hw_tcam.h"

/* ---- prefixes ---- */

START_TEST(prefix_parse)
{
    hw_prefix_t p;
    char buf[HW_PREFIX_STRLEN];
    ck_assert_int_eq(hw_prefix_parse("10.1.0.0/16", &p), VS_OK);
    ck_assert_int_eq(p.family, 4);
    ck_assert_int_eq(p.len, 16);
    ck_assert_str_eq(hw_prefix_fmt(&p, buf, sizeof buf), "10.1.0.0/16");
    ck_assert_int_eq(hw_prefix_parse("192.0.2.7", &p), VS_OK);
    ck_assert_int_eq(p.len, 32);
    ck_assert_int_eq(hw_prefix_parse("2001:db8::/32", &p), VS_OK);
    ck_assert_int_eq(p.family, 6);
    ck_assert_str_eq(hw_prefix_fmt(&p, buf, sizeof buf), "2001:db8::/32");
    ck_assert_int_eq(hw_prefix_parse("10.1.0.1/16", &p), VS_EINVAL);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "10.1.0.0/16"));
    ck_assert_int_eq(hw_prefix_parse("300.1.1.0/24", &p), VS_EINVAL);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "300.1.1.0/24"));
    ck_assert_int_eq(hw_prefix_parse("10.0.0.0/33", &p), VS_EINVAL);
    ck_assert_int_eq(hw_prefix_parse("10.0.0.0/", &p), VS_EINVAL);
    ck_assert_int_eq(hw_prefix_parse("", &p), VS_EINVAL);
}
END_TEST

START_TEST(prefix_file)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/vs_hwpfx_%d.txt", (int)getpid());
    FILE *f = fopen(path, "w");
    fputs("# comment\n10.0.0.0/8\n\n2001:db8::/32\n10.1.0.0/16  # trailing\n", f);
    fclose(f);
    hw_prefix_list_t l;
    ck_assert_int_eq(hw_prefix_list_read(path, 0, 0, &l), VS_OK);
    ck_assert_uint_eq(l.n, 3);
    hw_prefix_list_free(&l);
    ck_assert_int_eq(hw_prefix_list_read(path, 4, 0, &l), VS_OK);
    ck_assert_uint_eq(l.n, 2);
    hw_prefix_list_free(&l);
    f = fopen(path, "a");
    fputs("10.0.0.1/8\n", f);
    fclose(f);
    ck_assert_int_eq(hw_prefix_list_read(path, 0, 0, &l), VS_EINVAL);
    char want[80];
    snprintf(want, sizeof want, "%s:6:", path);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), want));
    unlink(path);
    ck_assert_int_eq(hw_prefix_list_read("/nonexistent/p.txt", 0, 0, &l), VS_ENOTFOUND);
    /* gzip, read through zlib like a plain file */
    char gz[64];
    snprintf(gz, sizeof gz, "/tmp/vs_hwpfx_%d.txt.gz", (int)getpid());
    gzFile z = gzopen(gz, "wb");
    ck_assert_ptr_nonnull(z);
    gzputs(z, "1.0.0.0/24\n1.0.4.0/22\n");
    gzclose(z);
    ck_assert_int_eq(hw_prefix_list_read(gz, 0, 0, &l), VS_OK);
    ck_assert_uint_eq(l.n, 2);
    hw_prefix_list_free(&l);
    unlink(gz);
    /* the real full table, when present */
    const char *full = VS_SHARED_DATA "/bgp/full-table-2023/prefixes.txt.gz";
    if (access(full, R_OK) == 0) {
        ck_assert_int_eq(hw_prefix_list_read(full, 4, 1000, &l), VS_OK);
        ck_assert_uint_eq(l.n, 1000);
        hw_prefix_list_free(&l);
    }
}
END_TEST

START_TEST(prefix_synth)
{
    hw_prefix_list_t a, b;
    ck_assert_int_eq(hw_prefix_synth(20000, 7, NULL, &a), VS_OK);
    ck_assert_int_eq(hw_prefix_synth(20000, 7, NULL, &b), VS_OK);
    ck_assert_uint_eq(a.n, 20000);
    ck_assert_mem_eq(a.v, b.v, a.n * sizeof *a.v);
    size_t n24 = 0;
    for (size_t i = 0; i < a.n; i++) {
        char s[HW_PREFIX_STRLEN];
        hw_prefix_t p;
        ck_assert_int_eq(hw_prefix_parse(hw_prefix_fmt(&a.v[i], s, sizeof s), &p), VS_OK);
        ck_assert_int_ge(a.v[i].addr[0], 1);
        ck_assert_int_lt(a.v[i].addr[0], 224);
        n24 += a.v[i].len == 24;
    }
    /* Exact counts: 20000 * 537698 / 901899 /24s, largest remainder. */
    ck_assert_uint_eq(n24, (size_t)llround(20000.0 * 537698 / 901899));
    for (size_t i = 1; i < a.n; i++) /* sorted, no duplicates */
        ck_assert_int_lt(hw_prefix_cmp(&a.v[i - 1], &a.v[i]), 0);
    hw_prefix_list_free(&a);
    hw_prefix_list_free(&b);
    const char *csv = VS_SHARED_DATA "/bgp/prefix_length_hist_ipv4.csv";
    if (access(csv, R_OK) == 0) {
        double h[33];
        ck_assert_int_eq(hw_prefix_hist_read_csv(csv, "iprbench_2023", h), VS_OK);
        for (int i = 0; i < 33; i++)
            ck_assert(fabs(h[i] - hw_prefix_hist_ipv4_2023[i]) < 1e-12);
        ck_assert_int_eq(hw_prefix_hist_read_csv(csv, "nope", h), VS_EINVAL);
        ck_assert_int_eq(hw_prefix_hist_read_csv(csv, "ris_2010_union", h), VS_OK);
        for (int i = 0; i < 33; i++)
            ck_assert(fabs(h[i] - hw_prefix_hist_ipv4_2010[i]) < 1e-12);
    }
    /* A length holds at most its unicast networks: of the sixteen /4s, 0.0.0.0/4 (0/8),
     * 112.0.0.0/4 (127/8), 224.0.0.0/4 and 240.0.0.0/4 are not: 12; the rest go to /32. */
    double w[33] = {0};
    w[4] = 1;
    w[24] = 1;
    ck_assert_int_eq(hw_prefix_synth(1000, 3, w, &a), VS_OK);
    size_t v4, v6, h4[33];
    hw_prefix_list_count(&a, &v4, &v6, h4);
    ck_assert_uint_eq(v4, 1000);
    ck_assert_uint_eq(v6, 0);
    ck_assert_uint_eq(h4[4], 12);
    ck_assert_uint_eq(h4[4] + h4[24] + h4[32], 1000);
    for (size_t i = 0; i < a.n; i++)
        if (a.v[i].len == 4)
            ck_assert(a.v[i].addr[0] != 0 && a.v[i].addr[0] != 112 && a.v[i].addr[0] < 224);
    hw_prefix_list_free(&a);
    w[24] = -1;
    ck_assert_int_eq(hw_prefix_synth(10, 3, w, &a), VS_EINVAL);
    /* sort_unique merges duplicates */
    hw_prefix_list_t d = {0};
    d.v = calloc(3, sizeof *d.v);
    d.cap = d.n = 3;
    ck_assert_int_eq(hw_prefix_parse("10.0.0.0/8", &d.v[0]), VS_OK);
    ck_assert_int_eq(hw_prefix_parse("2001:db8::/32", &d.v[1]), VS_OK);
    ck_assert_int_eq(hw_prefix_parse("10.0.0.0/8", &d.v[2]), VS_OK);
    hw_prefix_list_sort_unique(&d);
    ck_assert_uint_eq(d.n, 2);
    ck_assert_uint_eq(d.v[0].family, 4);
    hw_prefix_list_free(&d);
}
END_TEST

/* ---- TCAM move model, by hand (hw_tcam.h) ---- */

START_TEST(tcam_moves)
{
    hw_tcam_t *t;
    int64_t m;
    ck_assert_int_eq(hw_tcam_create(32, 0, &t), VS_OK);
    ck_assert_int_eq(hw_tcam_insert(t, 24, &m), VS_OK);
    ck_assert_int_eq(m, 0); /* empty table */
    ck_assert_int_eq(hw_tcam_insert(t, 16, &m), VS_OK);
    ck_assert_int_eq(m, 0); /* nothing shorter */
    ck_assert_int_eq(hw_tcam_insert(t, 24, &m), VS_OK);
    ck_assert_int_eq(m, 1); /* the /16 block shifts */
    ck_assert_int_eq(hw_tcam_insert(t, 8, &m), VS_OK);
    ck_assert_int_eq(m, 0);
    ck_assert_int_eq(hw_tcam_insert(t, 32, &m), VS_OK);
    ck_assert_int_eq(m, 3); /* /24, /16, /8 blocks shift */
    ck_assert_int_eq(hw_tcam_insert(t, 20, &m), VS_OK);
    ck_assert_int_eq(m, 2); /* /16, /8 */
    ck_assert_int_eq(hw_tcam_remove(t, 24, &m), VS_OK);
    ck_assert_int_eq(m, 4); /* fill from own block + /20, /16, /8 */
    ck_assert_int_eq(hw_tcam_remove(t, 32, &m), VS_OK);
    ck_assert_int_eq(m, 4); /* alone in its block: /24, /20, /16, /8 */
    ck_assert_int_eq(hw_tcam_remove(t, 8, &m), VS_OK);
    ck_assert_int_eq(m, 0);
    ck_assert_int_eq(hw_tcam_remove(t, 8, &m), VS_ENOTFOUND);
    ck_assert_int_eq(hw_tcam_total_moves(t), 14);
    ck_assert_int_eq(hw_tcam_entries(t), 3);
    ck_assert_int_eq(hw_tcam_block(t, 24), 1);
    ck_assert_int_eq(hw_tcam_insert(t, 33, &m), VS_ERANGE);
    hw_tcam_destroy(t);
    ck_assert_int_eq(hw_tcam_create(32, 2, &t), VS_OK);
    ck_assert_int_eq(hw_tcam_insert(t, 1, NULL), VS_OK);
    ck_assert_int_eq(hw_tcam_insert(t, 2, NULL), VS_OK);
    ck_assert_int_eq(hw_tcam_insert(t, 3, NULL), VS_ERANGE);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "full"));
    hw_tcam_destroy(t);
}
END_TEST

/* ---- sim backend ---- */

static hw_backend_t *sim_open(const char *profile, const hw_profile_t **p)
{
    hw_backend_t *b = NULL;
    ck_assert_int_eq(hw_profile_load(profile, p), VS_OK);
    hw_backend_config_t cfg = {.kind = HW_BACKEND_SIM, .fib = &(*p)->fib};
    ck_assert_int_eq(hw_backend_open(&cfg, &b), VS_OK);
    ck_assert_int_eq(hw_backend_link_add(b, "vs0"), VS_OK);
    return b;
}

static hw_route_t *synth_routes(size_t n, const char *dev)
{
    hw_prefix_list_t l;
    ck_assert_int_eq(hw_prefix_synth(n, 1, NULL, &l), VS_OK);
    hw_route_t *r = calloc(n, sizeof *r);
    for (size_t i = 0; i < n; i++) {
        r[i].dst = l.v[i];
        snprintf(r[i].dev, sizeof r[i].dev, "%s", dev);
    }
    hw_prefix_list_free(&l);
    return r;
}

/* seed 001 Table 2 through the sim backend: the 1k total cells were fitted, the other cells
 * are the model's (REPRODUCE.md s08-table2-sd/hd tolerances). */
START_TEST(sim_table2)
{
    static const size_t n[4] = {100, 1000, 10000, 15000};
    static const double paper[2][2][4] = {
        {{0.1946, 1.9318, 19.3996, 31.2113}, {0.2110, 2.0880, 20.9851, 33.8988}},
        {{0.0008, 0.0074, 0.0738, 0.1106}, {0.0102, 0.0973, 0.9634, 1.4399}},
    };
    static const char *const prof[2] = {"linux-iproute2", "netfpga"};
    hw_route_t *r = synth_routes(15000, "vs0");
    for (int d = 0; d < 2; d++)
        for (int i = 0; i < 4; i++) {
            const hw_profile_t *p;
            hw_backend_t *b = sim_open(prof[d], &p);
            int vr;
            ck_assert_int_eq(hw_backend_vr_create(b, "vr1", &vr), VS_OK);
            sim_time_t total = 0;
            ck_assert_int_eq(hw_backend_clone(b, vr, r, n[i], NULL, NULL, NULL, &total), VS_OK);
            sim_time_t update = total - p->fib.setup_ns - (sim_time_t)n[i] * p->fib.rpc_ns;
            double up = sim_to_s(update), tot = sim_to_s(total);
            if (d == 1 && i == 0)
                ck_assert(fabs(up - paper[d][0][i]) <= 0.0002);
            else
                ck_assert_msg(fabs(up / paper[d][0][i] - 1) <= 0.10, "%s@%zu update %g",
                              prof[d], n[i], up);
            ck_assert_msg(fabs(tot / paper[d][1][i] - 1) <= 0.10, "%s@%zu total %g", prof[d],
                          n[i], tot);
            hw_counters_t c;
            hw_backend_counters(b, &c);
            ck_assert_uint_eq(c.added, n[i]);
            ck_assert_uint_eq(c.moves, 0); /* sorted clone into an empty ordered table */
            hw_backend_close(b);
            hw_profile_free(p);
        }
    free(r);
}
END_TEST

START_TEST(sim_tcam_costs)
{
    const hw_profile_t *p;
    hw_backend_t *b = sim_open("tcam", &p);
    int vr;
    ck_assert_int_eq(hw_backend_vr_create(b, "vr", &vr), VS_OK);
    hw_route_t r[3];
    ck_assert_int_eq(hw_route_make("10.0.0.0/8", "vs0", &r[0]), VS_OK);
    ck_assert_int_eq(hw_route_make("10.1.0.0/16", "vs0", &r[1]), VS_OK);
    ck_assert_int_eq(hw_route_make("10.1.2.0/24", "vs0", &r[2]), VS_OK);
    /* in the given order: /8 no move, /16 one (the /8 block), /24 two */
    sim_time_t cost = 0;
    ck_assert_int_eq(hw_backend_add_many(b, vr, r, 3, NULL, NULL, NULL, &cost), VS_OK);
    const hw_fib_profile_t *f = &p->fib;
    ck_assert_int_eq(cost, 3 * f->install_ns + (3 + 0 + 1 + 2) * f->tcam_write_ns);
    cost = 0;
    ck_assert_int_eq(hw_backend_route_delete(b, vr, &r[1], &cost), VS_OK);
    /* alone in its block: one move for the /8 block, plus the write */
    ck_assert_int_eq(cost, f->delete_ns + 2 * f->tcam_write_ns);
    hw_counters_t c;
    hw_backend_counters(b, &c);
    ck_assert_uint_eq(c.moves, 4);
    ck_assert_uint_eq(c.deleted, 1);
    hw_backend_close(b);
    hw_profile_free(p);
}
END_TEST

/* A sim backend on a batched software FIB (install 2 us, 100 routes per batch at 1 ms each,
 * RPC 10 us, set-up 50 ms), with one VR on interface vs0. */
static hw_backend_t *batched_sim(const hw_profile_t **p, int *vr)
{
    static const char text[] = "version: 1\nname: batched\nfib:\n  technology: software\n"
                               "  install: 2us\n  batch_size: 100\n  batch_overhead: 1ms\n"
                               "  rpc: 10us\n  setup: 50ms\n";
    ck_assert_int_eq(hw_profile_load_string("b.yaml", text, sizeof text - 1, p), VS_OK);
    hw_backend_config_t cfg = {.kind = HW_BACKEND_SIM, .fib = &(*p)->fib};
    hw_backend_t *b;
    ck_assert_int_eq(hw_backend_open(&cfg, &b), VS_OK);
    ck_assert_int_eq(hw_backend_link_add(b, "vs0"), VS_OK);
    ck_assert_int_eq(hw_backend_vr_create(b, "vr", vr), VS_OK);
    return b;
}

START_TEST(sim_batches)
{
    const hw_profile_t *p;
    int vr;
    hw_backend_t *b = batched_sim(&p, &vr);
    sim_time_t tot, up;
    ck_assert_int_eq(hw_fib_repopulate_ns(&p->fib, 250, &tot, &up), VS_OK);
    ck_assert_int_eq(up, 250 * 2000 + 3 * 1000000);
    ck_assert_int_eq(tot, 50000000 + 250 * 10000 + up);
    hw_route_t *r = synth_routes(250, "vs0");
    sim_time_t cost = 0;
    ck_assert_int_eq(hw_backend_clone(b, vr, r, 250, NULL, NULL, NULL, &cost), VS_OK);
    ck_assert_int_eq(cost, tot);
    hw_counters_t c;
    hw_backend_counters(b, &c);
    ck_assert_uint_eq(c.batches, 3);
    free(r);
    hw_backend_close(b);
    hw_profile_free(p);
}
END_TEST

typedef struct {
    int n;
    char last[300];
} errs_t;

static void collect(void *ctx, size_t i, const hw_route_t *r, vs_err_t e, const char *why)
{
    errs_t *x = ctx;
    x->n++;
    snprintf(x->last, sizeof x->last, "%zu %s", i, why);
}

START_TEST(sim_errors)
{
    const hw_profile_t *p;
    hw_backend_t *b = sim_open("linux-iproute2", &p);
    int vr;
    hw_route_t r[3];
    ck_assert_int_eq(hw_backend_vr_create(b, "vr", &vr), VS_OK);
    ck_assert_int_eq(hw_backend_bind(b, vr, "eth9"), VS_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "eth9"));
    ck_assert_int_eq(hw_backend_bind(b, vr, "vs0"), VS_OK);
    ck_assert_int_eq(hw_backend_bind(b, 5, "vs0"), VS_ENOTFOUND);
    ck_assert_int_eq(hw_route_make("10.0.0.0/8", "vs0", &r[0]), VS_OK);
    ck_assert_int_eq(hw_route_make("10.2.0.0/16", "eth9", &r[1]), VS_OK);
    ck_assert_int_eq(hw_route_make("10.3.0.0/16", "vs0", &r[2]), VS_OK);
    ck_assert_int_eq(hw_route_make("10.3.0.1/16", "vs0", &r[2]), VS_EINVAL);
    errs_t e = {0};
    size_t failed = 0;
    ck_assert_int_eq(hw_backend_add_many(b, vr, r, 2, collect, &e, &failed, NULL), VS_ENOTFOUND);
    ck_assert_int_eq(e.n, 1);
    ck_assert_uint_eq(failed, 1);
    ck_assert_ptr_nonnull(strstr(e.last, "1 route 10.2.0.0/16: unknown interface 'eth9'"));
    ck_assert_int_eq(hw_backend_route_add(b, vr, &r[0], NULL), VS_EINVAL); /* duplicate */
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "10.0.0.0/8"));
    ck_assert_int_eq(hw_backend_route_delete(b, vr, &r[1], NULL), VS_ENOTFOUND);
    ck_assert_int_eq(hw_backend_route_replace(b, vr, &r[0], NULL), VS_OK);
    size_t cnt;
    ck_assert_int_eq(hw_backend_route_count(b, vr, &cnt), VS_OK);
    ck_assert_uint_eq(cnt, 1);
    hw_backend_close(b);
    hw_profile_free(p);
    hw_backend_config_t cfg = {.kind = HW_BACKEND_SIM};
    ck_assert_int_eq(hw_backend_open(&cfg, &b), VS_EINVAL);
}
END_TEST

/* seed 001 Section 4.2.3: the migrated control plane keeps the old FIB updated. */
START_TEST(sim_remote_control_plane)
{
    const hw_profile_t *pa, *pb;
    hw_backend_t *a = sim_open("linux-iproute2", &pa), *b = sim_open("netfpga", &pb);
    int va, vb;
    ck_assert_int_eq(hw_backend_vr_create(a, "new", &va), VS_OK);
    ck_assert_int_eq(hw_backend_vr_create(b, "old", &vb), VS_OK);
    ck_assert_int_eq(hw_backend_set_remote(a, va, a, va), VS_EINVAL);
    ck_assert_int_eq(hw_backend_set_remote(a, va, b, vb), VS_OK);
    hw_route_t *r = synth_routes(10, "vs0");
    sim_time_t cost = 0;
    ck_assert_int_eq(hw_backend_add_many(a, va, r, 10, NULL, NULL, NULL, &cost), VS_OK);
    ck_assert_int_eq(cost, 10 * (pa->fib.install_ns + pa->fib.rpc_ns));
    size_t n;
    ck_assert_int_eq(hw_backend_route_count(b, vb, &n), VS_OK);
    ck_assert_uint_eq(n, 10);
    hw_counters_t c;
    hw_backend_counters(a, &c);
    ck_assert_uint_eq(c.forwarded, 10);
    /* a failure at the remote is reported */
    hw_route_t extra;
    ck_assert_int_eq(hw_route_make("192.0.2.0/24", "vs0", &extra), VS_OK);
    ck_assert_int_eq(hw_backend_route_add(b, vb, &extra, NULL), VS_OK);
    ck_assert_int_eq(hw_backend_route_add(a, va, &extra, NULL), VS_EINVAL);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "remote control plane"));
    /* stop forwarding: the old FIB no longer follows */
    ck_assert_int_eq(hw_backend_set_remote(a, va, NULL, 0), VS_OK);
    ck_assert_int_eq(hw_backend_route_delete(a, va, &r[0], NULL), VS_OK);
    ck_assert_int_eq(hw_backend_route_count(b, vb, &n), VS_OK);
    ck_assert_uint_eq(n, 11);
    free(r);
    hw_backend_close(a);
    hw_backend_close(b);
    hw_profile_free(pa);
    hw_profile_free(pb);
}
END_TEST

/* ---- NetFPGA through the register-level emulator ---- */

static uint32_t ip4(const char *s)
{
    struct in_addr a;
    inet_pton(AF_INET, s, &a);
    return ntohl(a.s_addr);
}

START_TEST(netfpga_emulator)
{
    hw_backend_t *b;
    hw_backend_config_t cfg = {.kind = HW_BACKEND_NETFPGA, .emulate = true, .emu_capacity = 8};
    ck_assert_int_eq(hw_backend_open(&cfg, &b), VS_OK);
    hw_nfemu_t *emu = hw_netfpga_emulator(b);
    ck_assert_ptr_nonnull(emu);
    int vr, vr2;
    ck_assert_int_eq(hw_backend_vr_create(b, "hd", &vr), VS_OK);
    ck_assert_int_eq(hw_backend_vr_create(b, "second", &vr2), VS_EINVAL);
    ck_assert_int_eq(hw_backend_bind(b, vr, "nf2c1"), VS_OK);
    ck_assert_int_eq(hw_backend_bind(b, vr, "eth0"), VS_ENOTFOUND);
    hw_route_t r[3];
    ck_assert_int_eq(hw_route_make("10.0.0.0/8", "nf2c0", &r[0]), VS_OK);
    ck_assert_int_eq(hw_route_make("10.1.0.0/16", "nf2c1", &r[1]), VS_OK);
    ck_assert_int_eq(hw_route_make("10.1.2.0/24", "nf2c2", &r[2]), VS_OK);
    sim_time_t cost = 0;
    ck_assert_int_eq(hw_backend_add_many(b, vr, r, 3, NULL, NULL, NULL, &cost), VS_OK);
    /* rows written: 1, 1 + 1 move, 1 + 2 moves = 6 rows of 5 registers at 7.4 us / 5 */
    ck_assert_uint_eq(hw_nfemu_writes(emu), 30);
    ck_assert_int_eq(cost, 30 * 7400 / 5);
    uint32_t port;
    ck_assert_int_eq(hw_nfemu_lookup(emu, ip4("10.1.2.3"), NULL, &port), 0);
    ck_assert_uint_eq(port, HW_NF_PORT_BIT(2));
    ck_assert_int_eq(hw_nfemu_lookup(emu, ip4("10.1.9.9"), NULL, &port), 1);
    ck_assert_uint_eq(port, HW_NF_PORT_BIT(1));
    ck_assert_int_eq(hw_nfemu_lookup(emu, ip4("10.9.9.9"), NULL, &port), 2);
    ck_assert_uint_eq(port, HW_NF_PORT_BIT(0));
    ck_assert_int_eq(hw_nfemu_lookup(emu, ip4("11.0.0.1"), NULL, &port), -1);
    /* delete the /16: the /8 row moves up, the freed last row is cleared */
    ck_assert_int_eq(hw_backend_route_delete(b, vr, &r[1], NULL), VS_OK);
    ck_assert_int_eq(hw_nfemu_lookup(emu, ip4("10.1.9.9"), NULL, &port), 1);
    ck_assert_uint_eq(port, HW_NF_PORT_BIT(0));
    ck_assert_uint_eq(hw_nfemu_writes(emu), 40);
    /* replace: one row rewritten */
    ck_assert_int_eq(hw_route_make("10.0.0.0/8", "nf2c3", &r[0]), VS_OK);
    ck_assert_int_eq(hw_backend_route_replace(b, vr, &r[0], NULL), VS_OK);
    ck_assert_int_eq(hw_nfemu_lookup(emu, ip4("10.9.9.9"), NULL, &port), 1);
    ck_assert_uint_eq(port, HW_NF_PORT_BIT(3));
    /* bad routes */
    hw_route_t bad;
    ck_assert_int_eq(hw_route_make("2001:db8::/32", "nf2c0", &bad), VS_OK);
    ck_assert_int_eq(hw_backend_route_add(b, vr, &bad, NULL), VS_EINVAL);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "IPv4 only"));
    ck_assert_int_eq(hw_route_make("192.0.2.0/24", "eth0", &bad), VS_OK);
    ck_assert_int_eq(hw_backend_route_add(b, vr, &bad, NULL), VS_ENOTFOUND);
    /* capacity: 8 rows */
    hw_route_t *many = synth_routes(10, "nf2c1");
    size_t failed = 0;
    ck_assert_int_eq(hw_backend_add_many(b, vr, many, 10, NULL, NULL, &failed, NULL), VS_ERANGE);
    ck_assert_uint_eq(failed, 4); /* 2 rows held, 6 free */
    ck_assert_uint_eq(hw_nfemu_bad_writes(emu), 0);
    /* the table stays longest-prefix first: every lookup hits its own route */
    size_t n;
    ck_assert_int_eq(hw_backend_route_count(b, vr, &n), VS_OK);
    ck_assert_uint_eq(n, 8);
    free(many);
    hw_backend_close(b);
}
END_TEST

START_TEST(netfpga_order_invariant)
{
    /* random inserts and deletes keep rows in non-increasing prefix length */
    hw_backend_t *b;
    hw_backend_config_t cfg = {.kind = HW_BACKEND_NETFPGA, .emulate = true, .emu_capacity = 600};
    ck_assert_int_eq(hw_backend_open(&cfg, &b), VS_OK);
    int vr;
    ck_assert_int_eq(hw_backend_vr_create(b, "hd", &vr), VS_OK);
    hw_route_t *r = synth_routes(500, "nf2c0");
    ck_assert_int_eq(hw_backend_add_many(b, vr, r, 500, NULL, NULL, NULL, NULL), VS_OK);
    for (size_t i = 0; i < 500; i += 3)
        ck_assert_int_eq(hw_backend_route_delete(b, vr, &r[i], NULL), VS_OK);
    hw_nfemu_t *emu = hw_netfpga_emulator(b);
    for (size_t i = 0; i < 500; i++) {
        uint32_t a;
        memcpy(&a, r[i].dst.addr, 4);
        int64_t row = hw_nfemu_lookup(emu, ntohl(a), NULL, NULL);
        if (i % 3 == 0)
            continue; /* deleted: may match a shorter prefix */
        ck_assert_int_ge(row, 0);
        /* the row found is this route's or a longer one's containing it: read it back */
        ck_assert_int_eq(hw_nfemu_write(emu, HW_NF_ROUTE_RD_ADDR, (uint32_t)row), VS_OK);
        uint32_t mask;
        ck_assert_int_eq(hw_nfemu_read(emu, HW_NF_ROUTE_ENTRY_MASK, &mask), VS_OK);
        int len = mask ? 32 - __builtin_ctz(mask) : 0;
        ck_assert_int_ge(len, r[i].dst.len);
    }
    free(r);
    hw_backend_close(b);
}
END_TEST

START_TEST(netfpga_no_device)
{
    hw_backend_t *b = NULL;
    hw_backend_config_t cfg = {.kind = HW_BACKEND_NETFPGA, .device = "nf2c9"};
    ck_assert_int_eq(hw_backend_open(&cfg, &b), VS_ENODEV);
    ck_assert_int_eq(vs_exit_status(VS_ENODEV), 3);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "--emulate"));
    hw_nfemu_t *e;
    ck_assert_int_eq(hw_nfemu_create(0, &e), VS_ERANGE);
    ck_assert_int_eq(hw_nfemu_create(4, &e), VS_OK);
    ck_assert_int_eq(hw_nfemu_write(e, HW_NF_ROUTE_WR_ADDR, 4), VS_ERANGE);
    ck_assert_int_eq(hw_nfemu_write(e, 0x1234, 1), VS_EINVAL);
    ck_assert_uint_eq(hw_nfemu_bad_writes(e), 2);
    hw_nfemu_destroy(e);
}
END_TEST

/* ---- FIB calibration ---- */

START_TEST(calib_fit)
{
    /* 1000 routes at 100 per send: install 1 us + 50 us per send, i.e. 1.5 us per route
     * batched and 51 us one per send; replace 0.8 us and delete 0.6 us + 0.5 us per route. */
    hw_calib_sample_t s = {.routes = 1000, .add_ns = 1500000, .replace_ns = 1300000,
                           .delete_ns = 1100000, .batch = 100, .single_routes = 100,
                           .single_add_ns = 5100000};
    hw_calib_fit_t f;
    hw_calib_fit(&s, &f);
    ck_assert_double_eq_tol(f.batch_overhead_ns, 50000, 1e-6);
    ck_assert_double_eq_tol(f.install_ns, 1000, 1e-6);
    ck_assert_double_eq_tol(f.replace_ns, 800, 1e-6);
    ck_assert_double_eq_tol(f.delete_ns, 600, 1e-6);
    ck_assert_double_eq_tol(f.single_ns, 51000, 1e-6);
    hw_fib_profile_t fib = {.tech = HW_FIB_TCAM, .batch_size = 1};
    hw_calib_apply(&f, &s, HW_BACKEND_KERNEL, &fib);
    ck_assert_int_eq(fib.tech, HW_FIB_SOFTWARE);
    ck_assert_int_eq(fib.batch_size, 100);
    ck_assert_int_eq(fib.batch_overhead_ns, 50000);
    ck_assert_int_eq(fib.install_ns, 1000);
    ck_assert_int_eq(fib.delete_ns, 600);

    /* a delete cheaper than the overhead's share is kept at 0, not negative */
    s.delete_ns = 200000;
    hw_calib_fit(&s, &f);
    ck_assert_double_eq(f.delete_ns, 0);

    /* one route per send already (or no second run): the means, nothing fitted */
    s.batch = 1;
    hw_calib_fit(&s, &f);
    ck_assert_double_eq_tol(f.install_ns, 1500, 1e-9);
    ck_assert_double_eq(f.batch_overhead_ns, 0);
    s.single_routes = 0;
    hw_calib_fit(&s, &f);
    ck_assert_double_eq(f.single_ns, 0);
    ck_assert_double_eq_tol(f.delete_ns, 200, 1e-9);
}
END_TEST

START_TEST(calib_measure_sim)
{
    /* the sim backend's clone of 250 routes costs set-up + 250 RPCs + 250 installs + 3 batch
     * overheads; calibration keeps the FIB's part only, per route */
    const hw_profile_t *p;
    int vr;
    hw_backend_t *b = batched_sim(&p, &vr);
    hw_route_t *r = synth_routes(250, "vs0");
    hw_calib_sample_t s;
    size_t failed = 0, left = 1;
    ck_assert_int_eq(hw_calib_measure(b, vr, HW_BACKEND_SIM, &p->fib, r, 250, NULL, NULL,
                                      &failed, &s), VS_OK);
    ck_assert_uint_eq(failed, 0);
    ck_assert_int_eq(s.add_ns, 250 * 2000 + 3 * 1000000);
    ck_assert_uint_eq(s.single_routes, 0);
    ck_assert_int_eq(hw_backend_route_count(b, vr, &left), VS_OK);
    ck_assert_uint_eq(left, 0);
    hw_calib_fit_t f;
    hw_calib_fit(&s, &f);
    ck_assert_double_eq_tol(f.install_ns, 14000, 1e-9);
    free(r);
    hw_backend_close(b);
    hw_profile_free(p);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("hw_model");
    TCase *tc = tcase_create("model");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, prefix_parse);
    tcase_add_test(tc, prefix_file);
    tcase_add_test(tc, prefix_synth);
    tcase_add_test(tc, tcam_moves);
    tcase_add_test(tc, sim_table2);
    tcase_add_test(tc, sim_tcam_costs);
    tcase_add_test(tc, sim_errors);
    tcase_add_test(tc, sim_batches);
    tcase_add_test(tc, sim_remote_control_plane);
    tcase_add_test(tc, netfpga_emulator);
    tcase_add_test(tc, netfpga_order_invariant);
    tcase_add_test(tc, netfpga_no_device);
    tcase_add_test(tc, calib_fit);
    tcase_add_test(tc, calib_measure_sim);
    suite_add_tcase(s, tc);
    int failed = vs_check_run(s);
    return failed ? 1 : 0;
}
