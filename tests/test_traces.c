/* traces/: the TM type and its transformations, the SNDlib dynamic reader on small written
 * files (good and bad, directory and .tar.gz), the gravity model. No shared data
 * needed (test_traces_data reads the real sets). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vs_check.h"
#include "trace_gravity.h"
#include "trace_sndlib.h"
#include "trace_tm.h"
#include "vs_units.h"

static char tmpdir[256];

static void make_tmp(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/vs_test_traces.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void rm_tmp(void)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
}

static const char *write_file(const char *name, const char *text)
{
    static char paths[8][512];
    static int slot;
    char *p = paths[slot++ % 8];
    snprintf(p, 512, "%s/%s", tmpdir, name);
    FILE *f = fopen(p, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    return p;
}

static const char *abc[] = {"A", "B", "C"};

START_TEST(tm_basics)
{
    trace_tm_t *tm;
    ck_assert_int_eq(trace_tm_create("t", "test", abc, 3, 300 * VS_NS_PER_S, &tm), VS_OK);
    double m[9] = {5, 1, 2, 3, 5, 4, 0, 0, 5}; /* diagonal ignored */
    ck_assert_int_eq(trace_tm_append(tm, 0, m, NULL), VS_OK);
    ck_assert_uint_eq(trace_tm_count(tm), 1);
    ck_assert_double_eq(trace_tm_demand(tm, 0, 0, 0), 0);
    ck_assert_double_eq(trace_tm_demand(tm, 0, 1, 2), 4);
    ck_assert_double_eq(trace_tm_total(tm, 0), 10);
    ck_assert_int_eq(trace_tm_find_node(tm, "C"), 2);
    ck_assert_int_eq(trace_tm_find_node(tm, "Z"), -1);
    ck_assert_int_eq(trace_tm_append(tm, 0, m, NULL), VS_EINVAL); /* not later */
    m[1] = -1;
    ck_assert_int_eq(trace_tm_append(tm, 300 * VS_NS_PER_S, m, NULL), VS_ERANGE);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "A -> B"));
    m[1] = NAN;
    ck_assert_int_eq(trace_tm_append(tm, 300 * VS_NS_PER_S, m, NULL), VS_ERANGE);
    ck_assert_int_eq(trace_tm_scale(tm, 2), VS_OK);
    ck_assert_double_eq(trace_tm_total(tm, 0), 20);
    ck_assert_int_eq(trace_tm_scale(tm, -1), VS_ERANGE);
    const char *names[] = {"B", "C", "A", "D"};
    ck_assert_int_eq(trace_tm_check_nodes(tm, "x.xml", names, 4), VS_OK);
    ck_assert_int_eq(trace_tm_check_nodes(tm, "x.xml", names, 2), VS_EINVAL);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "x.xml: traffic-matrix node 'A'"));
    trace_tm_destroy(tm);
    const char *dup[] = {"A", "A"};
    ck_assert_int_eq(trace_tm_create("t", "test", dup, 2, 1, &tm), VS_EINVAL);
}
END_TEST

START_TEST(tm_aggregate)
{
    trace_tm_t *tm, *h;
    const char *ab[] = {"A", "B"};
    ck_assert_int_eq(trace_tm_create("t", "test", ab, 2, 300 * VS_NS_PER_S, &tm), VS_OK);
    /* 00:00 .. 00:55 then 02:00 and 02:05 (a gap at 01:00). */
    int64_t t0 = INT64_C(1078099200) * VS_NS_PER_S;
    for (int k = 0; k < 12; k++) {
        double m[4] = {0, k + 1, 0, 0};
        ck_assert_int_eq(trace_tm_append(tm, t0 + k * 300 * VS_NS_PER_S, m, NULL), VS_OK);
    }
    for (int k = 0; k < 2; k++) {
        double m[4] = {0, 100, 10, 0};
        ck_assert_int_eq(trace_tm_append(tm, t0 + (24 + k) * 300 * VS_NS_PER_S, m, NULL), VS_OK);
    }
    ck_assert_int_eq(trace_tm_aggregate(tm, 3600 * VS_NS_PER_S, &h), VS_OK);
    ck_assert_uint_eq(trace_tm_count(h), 2); /* the empty hour is left out */
    ck_assert_double_eq(trace_tm_demand(h, 0, 0, 1), 6.5);
    ck_assert_int_eq(trace_tm_time_ns(h, 0), t0);
    ck_assert_int_eq(trace_tm_time_ns(h, 1), t0 + 7200 * VS_NS_PER_S);
    ck_assert_double_eq(trace_tm_demand(h, 1, 1, 0), 10);
    ck_assert_int_eq(trace_tm_interval_ns(h), 3600 * VS_NS_PER_S);
    trace_tm_destroy(h);
    ck_assert_int_eq(trace_tm_aggregate(tm, 0, &h), VS_ERANGE);
    /* The matrix in force at a time; gaps and the outside give -1. */
    ck_assert_int_eq(trace_tm_index_at(tm, t0), 0);
    ck_assert_int_eq(trace_tm_index_at(tm, t0 + 299 * VS_NS_PER_S), 0);
    ck_assert_int_eq(trace_tm_index_at(tm, t0 + 300 * VS_NS_PER_S), 1);
    ck_assert_int_eq(trace_tm_index_at(tm, t0 + 3700 * VS_NS_PER_S), -1);
    ck_assert_int_eq(trace_tm_index_at(tm, t0 + 7300 * VS_NS_PER_S), 12);
    ck_assert_int_eq(trace_tm_index_at(tm, t0 + 7600 * VS_NS_PER_S), 13);
    ck_assert_int_eq(trace_tm_index_at(tm, t0 - 1), -1);
    ck_assert_int_eq(trace_tm_index_at(tm, t0 + 7800 * VS_NS_PER_S), -1);
    /* Projection onto a node list in another order, with an extra node. */
    const char *order[] = {"X", "B", "A"};
    ck_assert_int_eq(trace_tm_project(tm, "o", order, 3, &h), VS_OK);
    ck_assert_str_eq(trace_tm_node_name(h, 0), "X");
    ck_assert_double_eq(trace_tm_demand(h, 0, 2, 1), 1);
    ck_assert_double_eq(trace_tm_demand(h, 13, 1, 2), 10);
    ck_assert_double_eq(trace_tm_total(h, 13), trace_tm_total(tm, 13));
    trace_tm_destroy(h);
    ck_assert_int_eq(trace_tm_project(tm, "o", order, 2, &h), VS_EINVAL);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "'A'"));
    trace_tm_destroy(tm);
}
END_TEST

START_TEST(tm_remap)
{
    make_tmp();
    trace_tm_t *tm, *r;
    ck_assert_int_eq(trace_tm_create("t", "test", abc, 3, 300 * VS_NS_PER_S, &tm), VS_OK);
    double m[9] = {0, 1, 2, 3, 0, 4, 5, 6, 0};
    ck_assert_int_eq(trace_tm_append(tm, 0, m, NULL), VS_OK);
    const char *map = write_file("m.map", "# comment\nA \"New York\"\n\nB \"New York\"\nC Chicago\n");
    double dropped;
    ck_assert_int_eq(trace_tm_remap(tm, map, &r, &dropped), VS_OK);
    ck_assert_uint_eq(trace_tm_nodes(r), 2);
    ck_assert_str_eq(trace_tm_node_name(r, 0), "New York");
    ck_assert_double_eq(trace_tm_demand(r, 0, 0, 1), 6);  /* A->C + B->C */
    ck_assert_double_eq(trace_tm_demand(r, 0, 1, 0), 11); /* C->A + C->B */
    ck_assert_double_eq_tol(dropped, 4.0 / 21.0, 1e-12);  /* A<->B stays in the POP */
    trace_tm_destroy(r);
    map = write_file("short.map", "A X\nB X\n");
    ck_assert_int_eq(trace_tm_remap(tm, map, &r, NULL), VS_EINVAL);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "short.map: traffic-matrix node 'C' is not mapped"));
    map = write_file("typo.map", "A X\nQ X\n");
    ck_assert_int_eq(trace_tm_remap(tm, map, &r, NULL), VS_EINVAL);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "typo.map:2:"));
    map = write_file("three.map", "A X Y\n");
    ck_assert_int_eq(trace_tm_remap(tm, map, &r, NULL), VS_EPARSE);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "three.map:1:"));
    trace_tm_destroy(tm);
    rm_tmp();
}
END_TEST

/* Two nodes, one link each way (indices 0: A->B, 1: B->A). */
static size_t two_path(void *ctx, size_t s, size_t d, uint32_t *links, size_t cap)
{
    (void)ctx;
    (void)d;
    if (cap < 1)
        return 1;
    links[0] = (uint32_t)s;
    return 1;
}

START_TEST(tm_scale_to_peak)
{
    trace_tm_t *tm;
    const char *ab[] = {"A", "B"};
    ck_assert_int_eq(trace_tm_create("t", "test", ab, 2, 1, &tm), VS_OK);
    double m1[4] = {0, 2e9, 1e9, 0}, m2[4] = {0, 4e9, 1e9, 0};
    trace_tm_append(tm, 0, m1, NULL);
    trace_tm_append(tm, 1, m2, NULL);
    double caps[2] = {10e9, 10e9};
    trace_routing_t r = {.n_links = 2, .capacity_bps = caps, .path = two_path};
    double peak, f;
    size_t k, l;
    ck_assert_int_eq(trace_tm_peak_utilization(tm, &r, &peak, &k, &l), VS_OK);
    ck_assert_double_eq_tol(peak, 0.4, 1e-12);
    ck_assert_uint_eq(k, 1);
    ck_assert_uint_eq(l, 0);
    ck_assert_int_eq(trace_tm_scale_to_peak(tm, &r, 0.8, &f), VS_OK);
    ck_assert_double_eq_tol(f, 2.0, 1e-12);
    ck_assert_double_eq_tol(trace_tm_demand(tm, 1, 0, 1), 8e9, 1);
    ck_assert_int_eq(trace_tm_scale_to_peak(tm, &r, 0, &f), VS_ERANGE);
    trace_tm_destroy(tm);
}
END_TEST

static void tm_xml(char *buf, size_t len, const char *time, const char *demands)
{
    snprintf(buf, len,
             "<?xml version=\"1.0\"?>\n"
             "<network xmlns=\"http://sndlib.zib.de/network\" version=\"1.0\">\n"
             " <meta>\n  <granularity>5min</granularity>\n  <time>%s</time>\n"
             "  <unit>MBITPERSEC</unit>\n </meta>\n"
             " <networkStructure>\n  <nodes coordinatesType=\"geographical\">\n"
             "   <node id=\"A\"/>\n   <node id=\"B\"/>\n  </nodes>\n  <links>\n  </links>\n"
             " </networkStructure>\n"
             " <demands>\n%s </demands>\n</network>\n",
             time, demands);
}

static const char *demand_ab(double v)
{
    static char b[512];
    snprintf(b, sizeof b,
             "  <demand id=\"A_B\">\n   <source>A</source>\n   <target>B</target>\n"
             "   <demandValue> %g </demandValue>\n  </demand>\n", v);
    return b;
}

START_TEST(sndlib_dir_and_tar)
{
    make_tmp();
    char d[512], x[4096];
    snprintf(d, sizeof d, "%s/set", tmpdir);
    ck_assert_int_eq(mkdir(d, 0755), 0);
    tm_xml(x, sizeof x, "20040301-0005", demand_ab(2.5));
    write_file("set/demandMatrix-x-20040301-0005.xml", x);
    tm_xml(x, sizeof x, "20040301-0000", demand_ab(1.5));
    write_file("set/demandMatrix-x-20040301-0000.xml", x);
    trace_tm_t *tm;
    ck_assert_int_eq(trace_sndlib_load(d, &tm), VS_OK);
    ck_assert_uint_eq(trace_tm_count(tm), 2);
    ck_assert_uint_eq(trace_tm_nodes(tm), 2);
    ck_assert_int_eq(trace_tm_interval_ns(tm), 300 * VS_NS_PER_S);
    ck_assert_int_eq(trace_tm_time_ns(tm, 0), INT64_C(1078099200) * VS_NS_PER_S);
    ck_assert_double_eq(trace_tm_demand(tm, 0, 0, 1), 1.5e6);
    ck_assert_double_eq(trace_tm_demand(tm, 1, 0, 1), 2.5e6);
    trace_tm_destroy(tm);
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "cd '%s' && tar czf set.tar.gz set", tmpdir);
    ck_assert_int_eq(system(cmd), 0);
    snprintf(d, sizeof d, "%s/set.tar.gz", tmpdir);
    ck_assert_int_eq(trace_sndlib_load(d, &tm), VS_OK);
    ck_assert_uint_eq(trace_tm_count(tm), 2);
    ck_assert_double_eq(trace_tm_demand(tm, 1, 0, 1), 2.5e6);
    trace_tm_destroy(tm);
    rm_tmp();
}
END_TEST

START_TEST(sndlib_bad)
{
    make_tmp();
    char x[4096];
    trace_tm_t *tm = NULL;
    tm_xml(x, sizeof x, "20040301-0000", demand_ab(-3));
    ck_assert_int_eq(trace_sndlib_load(write_file("neg.xml", x), &tm), VS_ERANGE);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "neg.xml:17: negative demand A -> B"));
    ck_assert_int_eq(vs_exit_status(VS_ERANGE), 2);
    tm_xml(x, sizeof x, "20040301-0000",
           "  <demand id=\"A_Q\">\n   <source>A</source>\n   <target>Q</target>\n"
           "   <demandValue> 1 </demandValue>\n  </demand>\n");
    ck_assert_int_eq(trace_sndlib_load(write_file("unk.xml", x), &tm), VS_EINVAL);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "unk.xml:17: demand names node 'Q'"));
    tm_xml(x, sizeof x, "20040301-0000", demand_ab(1));
    x[strlen(x) - 12] = '\0'; /* cut inside </demands> */
    ck_assert_int_eq(trace_sndlib_load(write_file("cut.xml", x), &tm), VS_EPARSE);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "cut.xml:"));
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "malformed XML"));
    tm_xml(x, sizeof x, "yesterday", demand_ab(1));
    ck_assert_int_eq(trace_sndlib_load(write_file("time.xml", x), &tm), VS_EPARSE);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "'yesterday'"));
    tm_xml(x, sizeof x, "20040301-0000",
           "  <demand id=\"A_B\">\n   <source>A</source>\n   <target>B</target>\n"
           "   <demandValue> lots </demandValue>\n  </demand>\n");
    ck_assert_int_eq(trace_sndlib_load(write_file("nan.xml", x), &tm), VS_EPARSE);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "nan.xml:17: demandValue 'lots'"));
    ck_assert_int_eq(trace_sndlib_load(write_file("junk.tar.gz", "not gzip at all"), &tm),
                     VS_EPARSE);
    ck_assert_int_eq(trace_sndlib_load("/nonexistent/set", &tm), VS_ENOTFOUND);
    ck_assert_ptr_null(tm);
    rm_tmp();
}
END_TEST

START_TEST(gravity)
{
    const char *names[] = {"a", "b", "c", "d", "e"};
    trace_gravity_config_t cfg = TRACE_GRAVITY_CONFIG_DEFAULT;
    cfg.interval_ns = 900 * VS_NS_PER_S;
    trace_tm_t *g1, *g2, *g3;
    ck_assert_int_eq(trace_gravity(&cfg, names, 5, &g1), VS_OK);
    ck_assert_int_eq(trace_gravity(&cfg, names, 5, &g2), VS_OK);
    cfg.seed = 2;
    ck_assert_int_eq(trace_gravity(&cfg, names, 5, &g3), VS_OK);
    ck_assert_uint_eq(trace_tm_count(g1), 7 * 96);
    size_t nn = 25 * trace_tm_count(g1);
    ck_assert_mem_eq(trace_tm_matrix(g1, 0), trace_tm_matrix(g2, 0), nn * sizeof(double));
    ck_assert(memcmp(trace_tm_matrix(g1, 0), trace_tm_matrix(g3, 0), 25 * sizeof(double)) != 0);
    /* Mean total over the week = mean_total_bps; weekday 20:00 is the peak; weekend lower. */
    double sum = 0, mx = 0;
    size_t at = 0;
    for (size_t k = 0; k < trace_tm_count(g1); k++) {
        double x = trace_tm_total(g1, k);
        sum += x;
        if (x > mx) {
            mx = x;
            at = k;
        }
    }
    ck_assert_double_eq_tol(sum / trace_tm_count(g1), 1e9, 1e3);
    ck_assert_uint_eq(at % 96, 80); /* 20:00 */
    ck_assert_uint_lt(at, 5 * 96);  /* a weekday (the series starts on a Monday) */
    ck_assert_double_eq_tol(trace_tm_total(g1, 5 * 96 + 80) / mx, 0.74, 1e-9);
    ck_assert_double_eq_tol(mx / trace_tm_total(g1, 8), (1.2) / (1 + 0.2 * cos(2 * M_PI * 18 / 24)),
                            1e-9);
    trace_tm_destroy(g1);
    trace_tm_destroy(g2);
    trace_tm_destroy(g3);
    /* Masses are drawn per name: the demand a->b's share does not depend on other nodes' order. */
    cfg.noise_sd = 0.3;
    ck_assert_int_eq(trace_gravity(&cfg, names, 5, &g1), VS_OK);
    ck_assert_double_gt(trace_tm_total(g1, 0), 0);
    trace_tm_destroy(g1);
    ck_assert_int_eq(trace_gravity(&cfg, names, 1, &g1), VS_EINVAL);
    cfg.diurnal_amplitude = 2;
    ck_assert_int_eq(trace_gravity(&cfg, names, 5, &g1), VS_ERANGE);
}
END_TEST


int main(void)
{
    Suite *s = suite_create("traces");
    TCase *tc = tcase_create("traces");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, tm_basics);
    tcase_add_test(tc, tm_aggregate);
    tcase_add_test(tc, tm_remap);
    tcase_add_test(tc, tm_scale_to_peak);
    tcase_add_test(tc, sndlib_dir_and_tar);
    tcase_add_test(tc, sndlib_bad);
    tcase_add_test(tc, gravity);
    suite_add_tcase(s, tc);
    int failed = vs_check_run(s);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
