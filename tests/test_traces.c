/* traces/: the TM type and its transformations, the SNDlib dynamic reader on small written
 * files (good and bad, directory and .tar.gz), the gravity model, the MRT reader on records
 * built byte by byte. No shared data
 * needed (test_traces_data reads the real sets). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "vs_check.h"
#include "trace_gravity.h"
#include "trace_mrt.h"
#include "trace_mrt_scn.h"
#include "trace_sndlib.h"
#include "trace_tm.h"
#include "vs_units.h"

#include "vs_tmp.h"

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

/* Removes the first occurrence of what from buf, in place. */
static void cut(char *buf, const char *what)
{
    char *at = strstr(buf, what);
    ck_assert_ptr_nonnull(at);
    memmove(at, at + strlen(what), strlen(at + strlen(what)) + 1);
}

/* A matrix without <granularity> was given an interval guessed from the gaps between
 * matrices (5 min when there was one); now it is refused at its <meta>. */
START_TEST(sndlib_no_granularity)
{
    make_tmp();
    char x[4096];
    trace_tm_t *tm = NULL;
    tm_xml(x, sizeof x, "20040301-0000", demand_ab(1));
    cut(x, "  <granularity>5min</granularity>\n");
    ck_assert_int_eq(trace_sndlib_load(write_file("nogran.xml", x), &tm), VS_EPARSE);
    ck_assert_msg(strstr(vs_errmsg(), "nogran.xml:3: <meta> has no <granularity>"), "got: %s",
                  vs_errmsg());
    ck_assert_ptr_null(tm);
    rm_tmp();
}
END_TEST

/* What the SNDlib TM reader refused without a line, or with libxml2's misleading words. */
START_TEST(sndlib_messages_name_the_line)
{
    make_tmp();
    char x[4096];
    trace_tm_t *tm = NULL;
    tm_xml(x, sizeof x, "20040301-0000", demand_ab(1e308)); /* Mbit/s: beyond a double in bit/s */
    ck_assert_int_eq(trace_sndlib_load(write_file("big.xml", x), &tm), VS_ERANGE);
    ck_assert_msg(strstr(vs_errmsg(), "big.xml:17: demand A -> B of 1e+308 Mbit/s is not a finite"),
                  "got: %s", vs_errmsg());
    tm_xml(x, sizeof x, "20040301-0000", demand_ab(1));
    cut(x, "  <time>20040301-0000</time>\n");
    ck_assert_int_eq(trace_sndlib_load(write_file("notime.xml", x), &tm), VS_EPARSE);
    ck_assert_msg(strstr(vs_errmsg(), "notime.xml:3: <meta> has no <time>"), "got: %s",
                  vs_errmsg());
    tm_xml(x, sizeof x, "yesterday", demand_ab(1));
    ck_assert_int_eq(trace_sndlib_load(write_file("time.xml", x), &tm), VS_EPARSE);
    ck_assert_msg(strstr(vs_errmsg(), "time.xml:5: <time> 'yesterday' is not"), "got: %s",
                  vs_errmsg());
    ck_assert_int_eq(trace_sndlib_load(write_file("empty.xml", ""), &tm), VS_EPARSE);
    ck_assert_msg(strstr(vs_errmsg(), "empty.xml: the file is empty (expected"), "got: %s",
                  vs_errmsg());
    ck_assert_int_eq(trace_sndlib_load(write_file("blank.xml", " \n\n"), &tm), VS_EPARSE);
    ck_assert_msg(strstr(vs_errmsg(), "blank.xml: the file is empty (expected"), "got: %s",
                  vs_errmsg());
    ck_assert_ptr_null(tm);
    rm_tmp();
}
END_TEST

/* Writes one matrix with the given granularity and time into tmpdir/name. */
static const char *tm_file(const char *name, const char *gran, const char *time, double v)
{
    char x[4096];
    tm_xml(x, sizeof x, time, demand_ab(v));
    char *at = strstr(x, "5min");
    ck_assert_ptr_nonnull(at);
    char rest[4096];
    snprintf(rest, sizeof rest, "%s", at + 4);
    snprintf(at, sizeof x - (size_t)(at - x), "%s%s", gran, rest);
    return write_file(name, x);
}

/* Every granularity SNDlib publishes: 1min and 1h (BRAIN), 5min and 15min, and the
 * aggregated DFN series, whose day matrices say <time>YYYYMMDD and month ones YYYYMM. */
START_TEST(sndlib_granularities)
{
    make_tmp();
    char d[512];
    trace_tm_t *tm = NULL;
    ck_assert_int_eq(mkdir(strcat(strcpy(d, tmpdir), "/day"), 0755), 0);
    tm_file("day/demandMatrix-g-1day-20050202.xml", "1day", "20050202", 2);
    tm_file("day/demandMatrix-g-1day-20050201.xml", "1day", "20050201", 1);
    ck_assert_int_eq(trace_sndlib_load(d, &tm), VS_OK);
    ck_assert_uint_eq(trace_tm_count(tm), 2);
    ck_assert_int_eq(trace_tm_interval_ns(tm), 86400 * VS_NS_PER_S);
    ck_assert_int_eq(trace_tm_time_ns(tm, 0), INT64_C(1107216000) * VS_NS_PER_S); /* 2005-02-01 */
    ck_assert_double_eq(trace_tm_demand(tm, 1, 0, 1), 2e6);
    trace_tm_destroy(tm);
    ck_assert_int_eq(mkdir(strcat(strcpy(d, tmpdir), "/month"), 0755), 0);
    tm_file("month/demandMatrix-g-1month-200401.xml", "1month", "200401", 1);
    tm_file("month/demandMatrix-g-1month-200402.xml", "1month", "200402", 1);
    ck_assert_int_eq(trace_sndlib_load(d, &tm), VS_OK);
    ck_assert_int_eq(trace_tm_interval_ns(tm), INT64_C(2629746) * VS_NS_PER_S); /* a mean month */
    ck_assert_int_eq(trace_tm_time_ns(tm, 1), INT64_C(1075593600) * VS_NS_PER_S); /* 2004-02-01 */
    trace_tm_destroy(tm);
    ck_assert_int_eq(trace_sndlib_load(tm_file("h.xml", "1h", "20120305-1500", 1), &tm), VS_OK);
    ck_assert_int_eq(trace_tm_interval_ns(tm), 3600 * VS_NS_PER_S);
    trace_tm_destroy(tm);
    ck_assert_int_eq(trace_sndlib_load(tm_file("m.xml", "1min", "20130308-1452", 1), &tm), VS_OK);
    ck_assert_int_eq(trace_tm_interval_ns(tm), 60 * VS_NS_PER_S);
    trace_tm_destroy(tm);
    /* a date that does not exist is refused, not moved to March */
    ck_assert_int_eq(trace_sndlib_load(tm_file("feb.xml", "1day", "20050231", 1), &tm), VS_EPARSE);
    ck_assert_msg(strstr(vs_errmsg(), "feb.xml:5: <time> '20050231' is not"), "got: %s",
                  vs_errmsg());
    ck_assert_int_eq(trace_sndlib_load(tm_file("fort.xml", "1fortnight", "20050201", 1), &tm),
                     VS_EPARSE);
    ck_assert_msg(strstr(vs_errmsg(), "fort.xml:4: <granularity> '1fortnight' is not"), "got: %s",
                  vs_errmsg());
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


/* --- MRT records built byte by byte (RFC 6396, RFC 4271, RFC 4760) --- */

typedef struct {
    uint8_t b[4096];
    size_t n;
} bytes_t;

static void put8(bytes_t *o, unsigned v) { o->b[o->n++] = (uint8_t)v; }
static void put16(bytes_t *o, unsigned v)
{
    put8(o, v >> 8);
    put8(o, v & 0xff);
}
static void put32(bytes_t *o, uint32_t v)
{
    put16(o, v >> 16);
    put16(o, v & 0xffff);
}
static void putn(bytes_t *o, const void *p, size_t n)
{
    memcpy(o->b + o->n, p, n);
    o->n += n;
}
/* A record header whose length is patched by rec_end. */
static size_t rec_begin(bytes_t *o, uint32_t t, unsigned type, unsigned sub)
{
    put32(o, t);
    put16(o, type);
    put16(o, sub);
    put32(o, 0);
    return o->n;
}
static void rec_end(bytes_t *o, size_t body)
{
    uint32_t len = (uint32_t)(o->n - body);
    uint8_t *h = o->b + body - 4;
    h[0] = (uint8_t)(len >> 24);
    h[1] = (uint8_t)(len >> 16);
    h[2] = (uint8_t)(len >> 8);
    h[3] = (uint8_t)len;
}
/* BGP4MP MESSAGE(_AS4) header for an IPv4 peer, then the BGP header; returns where the BGP
 * length goes. */
static size_t bgp_begin(bytes_t *o, int as4, uint32_t peer_as, uint32_t peer_ip, unsigned type)
{
    if (as4) {
        put32(o, peer_as);
        put32(o, 65000);
    } else {
        put16(o, peer_as);
        put16(o, 65000);
    }
    put16(o, 0); /* ifindex */
    put16(o, 1); /* AFI IPv4 */
    put32(o, peer_ip);
    put32(o, 0xc0000202); /* 192.0.2.2 */
    for (int i = 0; i < 16; i++)
        put8(o, 0xff);
    size_t at = o->n;
    put16(o, 0);
    put8(o, type);
    return at;
}
static void bgp_end(bytes_t *o, size_t at)
{
    size_t len = o->n - at + 16;
    o->b[at] = (uint8_t)(len >> 8);
    o->b[at + 1] = (uint8_t)len;
}

static const char *write_bytes(const char *name, const bytes_t *o, int gz)
{
    static char p[512];
    snprintf(p, sizeof p, "%s/%s", tmpdir, name);
    if (gz) {
        gzFile f = gzopen(p, "wb");
        ck_assert_ptr_nonnull(f);
        ck_assert_int_eq(gzwrite(f, o->b, (unsigned)o->n), (int)o->n);
        gzclose(f);
    } else {
        FILE *f = fopen(p, "wb");
        ck_assert_ptr_nonnull(f);
        ck_assert_uint_eq(fwrite(o->b, 1, o->n, f), o->n);
        fclose(f);
    }
    return p;
}

static void next_ok(trace_mrt_t *r, trace_mrt_event_t *ev)
{
    int done = 1;
    vs_err_t err = trace_mrt_next(r, ev, &done);
    ck_assert_msg(err == VS_OK, "%s", vs_errmsg());
    ck_assert_int_eq(done, 0);
}

static const char *pfx(const hw_prefix_t *p)
{
    static char b[4][HW_PREFIX_STRLEN];
    static int k;
    return hw_prefix_fmt(p, b[k++ % 4], HW_PREFIX_STRLEN);
}

/* An update stream: an IPv4 UPDATE (one withdrawal, two announcements, AS path with a set),
 * a BGP4MP_ET IPv6 UPDATE through MP_REACH/MP_UNREACH, a state change, a KEEPALIVE and a
 * record of an unknown type. */
static void build_updates(bytes_t *o)
{
    size_t rec = rec_begin(o, 1470931200, 16, 4), at = bgp_begin(o, 1, 4200000000u,
                                                                  0xc0000201, 2);
    put16(o, 2); /* withdrawn: 10.0.0.0/8 */
    put8(o, 8);
    put8(o, 10);
    size_t al = o->n;
    put16(o, 0);
    put8(o, 0x40), put8(o, 1), put8(o, 1), put8(o, 0);                 /* ORIGIN IGP */
    put8(o, 0x50), put8(o, 2), put16(o, 2 + 8 + 2 + 8);                /* AS_PATH, ext. length */
    put8(o, 2), put8(o, 2), put32(o, 4200000000u), put32(o, 3356);     /* sequence */
    put8(o, 1), put8(o, 2), put32(o, 1), put32(o, 2);                  /* set */
    put8(o, 0x40), put8(o, 3), put8(o, 4), put32(o, 0xc0000201);       /* NEXT_HOP */
    uint16_t alen = (uint16_t)(o->n - al - 2);
    o->b[al] = (uint8_t)(alen >> 8);
    o->b[al + 1] = (uint8_t)alen;
    put8(o, 24), put8(o, 203), put8(o, 0), put8(o, 113);                /* 203.0.113.0/24 */
    put8(o, 25), put8(o, 198), put8(o, 51), put8(o, 100), put8(o, 0xff); /* host bits set */
    bgp_end(o, at);
    rec_end(o, rec);

    rec = rec_begin(o, 1470931201, 17, 1);
    put32(o, 250000); /* µs */
    at = bgp_begin(o, 0, 65002, 0xc0000203, 2);
    put16(o, 0);
    al = o->n;
    put16(o, 0);
    put8(o, 0x40), put8(o, 1), put8(o, 1), put8(o, 2);                  /* INCOMPLETE */
    put8(o, 0x40), put8(o, 2), put8(o, 4), put8(o, 2), put8(o, 1), put16(o, 65002);
    static const uint8_t nh6[16] = {0x20, 0x01, 0x0d, 0xb8, [15] = 1};
    put8(o, 0x80), put8(o, 14), put8(o, 5 + 16 + 5);                    /* MP_REACH */
    put16(o, 2), put8(o, 1), put8(o, 16), putn(o, nh6, 16), put8(o, 0);
    put8(o, 32), put32(o, 0x20010db8);
    put8(o, 0x80), put8(o, 15), put8(o, 3 + 7);                          /* MP_UNREACH */
    put16(o, 2), put8(o, 1), put8(o, 48), put32(o, 0x20010db8), put16(o, 1);
    alen = (uint16_t)(o->n - al - 2);
    o->b[al] = (uint8_t)(alen >> 8);
    o->b[al + 1] = (uint8_t)alen;
    bgp_end(o, at);
    rec_end(o, rec);

    rec = rec_begin(o, 1470931202, 16, 5); /* STATE_CHANGE_AS4 */
    put32(o, 65003), put32(o, 65000), put16(o, 0), put16(o, 1);
    put32(o, 0xc0000204), put32(o, 0xc0000202);
    put16(o, 6), put16(o, 1);
    rec_end(o, rec);

    rec = rec_begin(o, 1470931202, 16, 4);
    at = bgp_begin(o, 1, 65003, 0xc0000204, 4); /* KEEPALIVE */
    bgp_end(o, at);
    rec_end(o, rec);

    rec = rec_begin(o, 1470931203, 99, 0); /* unknown type: skipped, counted */
    put32(o, 0xdeadbeef);
    rec_end(o, rec);
}

START_TEST(mrt_updates)
{
    make_tmp();
    bytes_t o = {.n = 0};
    build_updates(&o);
    for (int gz = 0; gz <= 1; gz++) {
        trace_mrt_t *r;
        trace_mrt_event_t ev;
        char path[256];
        ck_assert_int_eq(trace_mrt_open(write_bytes("u.mrt", &o, gz), &r), VS_OK);
        next_ok(r, &ev);
        ck_assert_int_eq(ev.kind, TRACE_MRT_WITHDRAW);
        ck_assert_str_eq(pfx(&ev.prefix), "10.0.0.0/8");
        ck_assert_str_eq(pfx(&ev.peer), "192.0.2.1/32");
        ck_assert_uint_eq(ev.peer_as, 4200000000u);
        ck_assert_int_eq(ev.time_ns, INT64_C(1470931200) * VS_NS_PER_S);
        ck_assert_uint_eq(ev.offset, 0);
        char line[TRACE_MRT_LINE];
        ck_assert_str_eq(trace_mrt_event_fmt(&ev, line, sizeof line),
                         "BGP4MP|1470931200|W|192.0.2.1|4200000000|10.0.0.0/8");
        next_ok(r, &ev);
        ck_assert_int_eq(ev.kind, TRACE_MRT_ANNOUNCE);
        ck_assert_str_eq(pfx(&ev.prefix), "203.0.113.0/24");
        ck_assert_str_eq(trace_mrt_aspath_fmt(&ev, path, sizeof path), "4200000000 3356 {1,2}");
        ck_assert_int_eq(ev.origin, 0);
        ck_assert_str_eq(pfx(&ev.next_hop), "192.0.2.1/32");
        ck_assert_str_eq(trace_mrt_event_fmt(&ev, line, sizeof line),
                         "BGP4MP|1470931200|A|192.0.2.1|4200000000|203.0.113.0/24|"
                         "4200000000 3356 {1,2}|IGP|192.0.2.1");
        next_ok(r, &ev);
        ck_assert_str_eq(pfx(&ev.prefix), "198.51.100.128/25"); /* host bits cleared */
        ck_assert_uint_eq(ev.as_path_len, 4);
        /* BGP4MP_ET, 2-byte ASNs, IPv6 through MP_UNREACH then MP_REACH. */
        next_ok(r, &ev);
        ck_assert_int_eq(ev.kind, TRACE_MRT_WITHDRAW);
        ck_assert_str_eq(pfx(&ev.prefix), "2001:db8:1::/48");
        ck_assert_int_eq(ev.time_ns, INT64_C(1470931201250000000));
        ck_assert_uint_eq(ev.mrt_type, 17);
        next_ok(r, &ev);
        ck_assert_int_eq(ev.kind, TRACE_MRT_ANNOUNCE);
        ck_assert_str_eq(pfx(&ev.prefix), "2001:db8::/32");
        ck_assert_str_eq(pfx(&ev.next_hop), "2001:db8::1/128");
        ck_assert_str_eq(trace_mrt_aspath_fmt(&ev, path, sizeof path), "65002");
        ck_assert_int_eq(ev.origin, 2);
        ck_assert_uint_eq(ev.peer_as, 65002);
        ck_assert_str_eq(trace_mrt_event_fmt(&ev, line, sizeof line),
                         "BGP4MP_ET|1470931201.250000|A|192.0.2.3|65002|2001:db8::/32|65002|"
                         "INCOMPLETE|2001:db8::1");
        next_ok(r, &ev);
        ck_assert_int_eq(ev.kind, TRACE_MRT_STATE);
        ck_assert_uint_eq(ev.old_state, 6);
        ck_assert_uint_eq(ev.new_state, 1);
        ck_assert_str_eq(trace_mrt_event_fmt(&ev, line, sizeof line),
                         "BGP4MP|1470931202|STATE|192.0.2.4|65003|6|1");
        next_ok(r, &ev);
        ck_assert_int_eq(ev.kind, TRACE_MRT_MESSAGE);
        ck_assert_uint_eq(ev.bgp_type, 4);
        ck_assert_str_eq(trace_mrt_event_fmt(&ev, line, sizeof line),
                         "BGP4MP|1470931202|KEEPALIVE|192.0.2.4|65003");
        int done = 0;
        ck_assert_int_eq(trace_mrt_next(r, &ev, &done), VS_OK);
        ck_assert_int_eq(done, 1);
        const trace_mrt_counts_t *c = trace_mrt_counts(r);
        ck_assert_uint_eq(c->records, 5);
        ck_assert_uint_eq(c->skipped_type, 1);
        ck_assert_uint_eq(c->bgp4mp, 3);
        ck_assert_uint_eq(c->bgp4mp_et, 1);
        ck_assert_uint_eq(c->bgp_msgs[2], 2);
        ck_assert_uint_eq(c->bgp_msgs[4], 1);
        ck_assert_uint_eq(c->state_changes, 1);
        trace_mrt_close(r);
    }
    trace_mrt_summary_t s;
    ck_assert_int_eq(trace_mrt_summarize(write_bytes("u.mrt", &o, 1), &s), VS_OK);
    ck_assert_uint_eq(s.announce4, 2);
    ck_assert_uint_eq(s.withdraw4, 1);
    ck_assert_uint_eq(s.announce6, 1);
    ck_assert_uint_eq(s.withdraw6, 1);
    ck_assert_uint_eq(s.peers, 3);
    ck_assert_uint_eq(s.peers_routes, 2);
    ck_assert_int_eq(s.busiest_s, 1470931200);
    ck_assert_uint_eq(s.busiest_updates, 3);
    ck_assert_int_eq(s.last_ns - s.first_ns, 2 * VS_NS_PER_S);
    int is_mrt = 0;
    ck_assert_int_eq(trace_mrt_sniff(write_bytes("u.mrt", &o, 1), &is_mrt), VS_OK);
    ck_assert_int_eq(is_mrt, 1);
    ck_assert_int_eq(trace_mrt_sniff(write_file("l.txt", "10.0.0.0/8\n192.0.2.0/24\n"), &is_mrt),
                     VS_OK);
    ck_assert_int_eq(is_mrt, 0);
    rm_tmp();
}
END_TEST

START_TEST(mrt_rib)
{
    make_tmp();
    bytes_t o = {.n = 0};
    size_t rec = rec_begin(&o, 1277971199, 13, 1); /* PEER_INDEX_TABLE */
    put32(&o, 0x0a000001), put16(&o, 0), put16(&o, 2);
    put8(&o, 2), put32(&o, 1), put32(&o, 0xcaf902a9), put32(&o, 2497); /* IPv4, AS4 */
    static const uint8_t ip6[16] = {0x20, 0x01, 0x07, 0xf8, [15] = 9};
    put8(&o, 1), put32(&o, 2), putn(&o, ip6, 16), put16(&o, 4777);    /* IPv6, AS2 */
    rec_end(&o, rec);
    rec = rec_begin(&o, 1277971199, 13, 2); /* RIB_IPV4_UNICAST 1.9.0.0/16, two entries */
    put32(&o, 0), put8(&o, 16), put8(&o, 1), put8(&o, 9), put16(&o, 2);
    for (unsigned peer = 0; peer < 2; peer++) {
        put16(&o, peer), put32(&o, 1277900000);
        put16(&o, 4 + 14);
        put8(&o, 0x40), put8(&o, 1), put8(&o, 1), put8(&o, 0);
        put8(&o, 0x40), put8(&o, 2), put8(&o, 11), put8(&o, 2), put8(&o, 2);
        put32(&o, 2497 + peer), put32(&o, 4788), put8(&o, 0); /* one byte too many: error */
    }
    rec_end(&o, rec);
    trace_mrt_t *r;
    trace_mrt_event_t ev;
    int done;
    ck_assert_int_eq(trace_mrt_open(write_bytes("bad.mrt", &o, 0), &r), VS_OK);
    ck_assert_int_eq(trace_mrt_next(r, &ev, &done), VS_EPARSE);
    ck_assert_msg(strstr(vs_errmsg(), "record at byte offset 56") != NULL, "%s", vs_errmsg());
    ck_assert_msg(strstr(vs_errmsg(), "bad.mrt") != NULL, "%s", vs_errmsg());
    trace_mrt_close(r);
    /* Fixed: 10 bytes of AS path. */
    o.n = rec;
    put32(&o, 0), put8(&o, 16), put8(&o, 1), put8(&o, 9), put16(&o, 2);
    for (unsigned peer = 0; peer < 2; peer++) {
        put16(&o, peer), put32(&o, 1277900000);
        put16(&o, 4 + 13);
        put8(&o, 0x40), put8(&o, 1), put8(&o, 1), put8(&o, 0);
        put8(&o, 0x40), put8(&o, 2), put8(&o, 10), put8(&o, 2), put8(&o, 2);
        put32(&o, 2497 + peer), put32(&o, 4788);
    }
    rec_end(&o, rec);
    rec = rec_begin(&o, 1277971199, 13, 4); /* RIB_IPV6_UNICAST 2001:db8::/32, one entry */
    put32(&o, 1), put8(&o, 32), put32(&o, 0x20010db8), put16(&o, 1);
    put16(&o, 1), put32(&o, 1277900000), put16(&o, 3 + 17);
    put8(&o, 0x80), put8(&o, 14), put8(&o, 17), put8(&o, 16), putn(&o, ip6, 16);
    rec_end(&o, rec);
    ck_assert_int_eq(trace_mrt_open(write_bytes("rib.mrt", &o, 0), &r), VS_OK);
    char path[64];
    next_ok(r, &ev);
    ck_assert_int_eq(ev.kind, TRACE_MRT_RIB);
    ck_assert_str_eq(pfx(&ev.prefix), "1.9.0.0/16");
    ck_assert_str_eq(pfx(&ev.peer), "202.249.2.169/32");
    ck_assert_uint_eq(ev.peer_as, 2497);
    ck_assert_str_eq(trace_mrt_aspath_fmt(&ev, path, sizeof path), "2497 4788");
    next_ok(r, &ev);
    ck_assert_uint_eq(ev.peer_as, 4777);
    ck_assert_str_eq(trace_mrt_aspath_fmt(&ev, path, sizeof path), "2498 4788");
    next_ok(r, &ev);
    ck_assert_str_eq(pfx(&ev.prefix), "2001:db8::/32");
    ck_assert_str_eq(pfx(&ev.next_hop), "2001:7f8::9/128");
    ck_assert_int_eq(trace_mrt_next(r, &ev, &done), VS_OK);
    ck_assert_int_eq(done, 1);
    ck_assert_uint_eq(trace_mrt_counts(r)->peer_table_peers, 2);
    trace_mrt_close(r);
    trace_mrt_summary_t s;
    ck_assert_int_eq(trace_mrt_summarize(write_bytes("rib.mrt", &o, 1), &s), VS_OK);
    ck_assert_uint_eq(s.rib4, 2);
    ck_assert_uint_eq(s.rib6, 1);
    ck_assert_uint_eq(s.unique4, 1);
    ck_assert_uint_eq(s.unique6, 1);
    ck_assert_uint_eq(s.hist4[16], 1);
    ck_assert_uint_eq(s.hist6[32], 1);
    ck_assert_uint_eq(s.peers, 2);
    rm_tmp();
}
END_TEST

/* Truncated and malformed records fail with VS_EPARSE naming the file and the offset. */
START_TEST(mrt_bad)
{
    make_tmp();
    bytes_t o = {.n = 0};
    build_updates(&o);
    size_t whole = o.n;
    trace_mrt_t *r;
    trace_mrt_event_t ev;
    int done;
    struct {
        size_t cut;
        const char *want;
    } cuts[] = {
        {whole - 3, "record at byte offset 296 (type 99 subtype 0): truncated record: the header "
                    "says 4 bytes, the file ends after 1"},
        {whole - 12, "record at byte offset 296: truncated record header: 4 of "
                     "12 bytes"},
        {30, "record at byte offset 0 (BGP4MP subtype 4): truncated record: the header says"},
    };
    for (size_t k = 0; k < sizeof cuts / sizeof *cuts; k++) {
        o.n = cuts[k].cut;
        ck_assert_int_eq(trace_mrt_open(write_bytes("cut.mrt", &o, 1), &r), VS_OK);
        vs_err_t err;
        do
            err = trace_mrt_next(r, &ev, &done);
        while (!err && !done);
        ck_assert_int_eq(err, VS_EPARSE);
        ck_assert_msg(strstr(vs_errmsg(), cuts[k].want) != NULL, "%s", vs_errmsg());
        ck_assert_msg(strstr(vs_errmsg(), "cut.mrt:") != NULL, "%s", vs_errmsg());
        /* Unusable afterwards, never a crash. */
        ck_assert_int_ne(trace_mrt_next(r, &ev, &done), VS_OK);
        trace_mrt_close(r);
    }
    o.n = whole;
    /* An IPv4 prefix of length 33 in the first UPDATE's withdrawn routes. */
    o.b[12 + 4 + 4 + 2 + 2 + 8 + 16 + 3 + 2] = 33;
    ck_assert_int_eq(trace_mrt_open(write_bytes("len.mrt", &o, 0), &r), VS_OK);
    ck_assert_int_eq(trace_mrt_next(r, &ev, &done), VS_EPARSE);
    ck_assert_msg(strstr(vs_errmsg(), "IPv4 prefix length 33 exceeds 32") != NULL, "%s",
                  vs_errmsg());
    trace_mrt_close(r);
    /* Withdrawn-routes length past the message. */
    o.b[12 + 4 + 4 + 2 + 2 + 8 + 16 + 3 + 1] = 200;
    ck_assert_int_eq(trace_mrt_open(write_bytes("wl.mrt", &o, 0), &r), VS_OK);
    ck_assert_int_eq(trace_mrt_next(r, &ev, &done), VS_EPARSE);
    ck_assert_msg(strstr(vs_errmsg(), "withdrawn-routes length 200 runs past") != NULL, "%s",
                  vs_errmsg());
    trace_mrt_close(r);
    ck_assert_int_eq(trace_mrt_open("/nonexistent/x.mrt", &r), VS_ENOTFOUND);
    rm_tmp();
}
END_TEST

/* A scenario's update stream is held for the run: one UPDATE message more than
 * $VROOMSIM_MAX_BGP_UPDATES is refused naming the variable (docs/limits.md). */
START_TEST(mrt_updates_limit)
{
    make_tmp();
    bytes_t o = {.n = 0};
    build_updates(&o);
    const char *p = write_bytes("u.mrt", &o, 0);
    scn_bgp_update_t *v = NULL;
    size_t n = 0;
    ck_assert_int_eq(trace_mrt_scn_updates(p, 0, &v, &n), VS_OK);
    ck_assert_uint_eq(n, 2);
    free(v);
    setenv("VROOMSIM_MAX_BGP_UPDATES", "1", 1);
    ck_assert_int_eq(trace_mrt_scn_updates(p, 0, &v, &n), VS_ERANGE);
    ck_assert_ptr_null(v);
    ck_assert_msg(strstr(vs_errmsg(), "u.mrt: a BGP update stream of 2 UPDATE messages is over "
                                      "the limit of 1 UPDATE messages (raise it with "
                                      "VROOMSIM_MAX_BGP_UPDATES=") != NULL, "%s", vs_errmsg());
    rm_tmp();
}
END_TEST

/* RFC 6793: a 2-byte MESSAGE whose AS_PATH has AS_TRANS and an AS4_PATH with the real ASNs. */
START_TEST(mrt_as4_path)
{
    make_tmp();
    static const struct {
        unsigned as2[4], n2; /* AS_SEQUENCE of 2-byte ASNs */
        uint32_t as4[3];
        unsigned n4;
        const char *want;
    } cases[] = {
        {{65002, 23456, 23456}, 3, {4200000000u, 4200000001u}, 2, "65002 4200000000 4200000001"},
        {{23456, 23456}, 2, {4200000000u, 4200000001u}, 2, "4200000000 4200000001"},
        /* AS4_PATH longer than AS_PATH: ignored. */
        {{65002}, 1, {4200000000u, 4200000001u}, 2, "65002"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        bytes_t o = {.n = 0};
        size_t rec = rec_begin(&o, 1171158060, 16, 1), at = bgp_begin(&o, 0, 65002, 0xc0000201, 2);
        put16(&o, 0);
        size_t al = o.n;
        put16(&o, 0);
        put8(&o, 0xc0), put8(&o, 17), put8(&o, (unsigned)(2 + 4 * cases[k].n4)); /* AS4_PATH first */
        put8(&o, 2), put8(&o, cases[k].n4);
        for (unsigned i = 0; i < cases[k].n4; i++)
            put32(&o, cases[k].as4[i]);
        put8(&o, 0x40), put8(&o, 2), put8(&o, 2 + 2 * cases[k].n2);
        put8(&o, 2), put8(&o, cases[k].n2);
        for (unsigned i = 0; i < cases[k].n2; i++)
            put16(&o, cases[k].as2[i]);
        uint16_t alen = (uint16_t)(o.n - al - 2);
        o.b[al] = (uint8_t)(alen >> 8);
        o.b[al + 1] = (uint8_t)alen;
        put8(&o, 8), put8(&o, 10);
        bgp_end(&o, at);
        rec_end(&o, rec);
        trace_mrt_t *r;
        trace_mrt_event_t ev;
        char path[128];
        ck_assert_int_eq(trace_mrt_open(write_bytes("as4.mrt", &o, 0), &r), VS_OK);
        next_ok(r, &ev);
        ck_assert_int_eq(ev.kind, TRACE_MRT_ANNOUNCE);
        ck_assert_str_eq(trace_mrt_aspath_fmt(&ev, path, sizeof path), cases[k].want);
        trace_mrt_close(r);
    }
    rm_tmp();
}
END_TEST

/* BGP4MP MESSAGE_AS4_ADDPATH (RFC 8050: a path identifier before each NLRI) and a TABLE_DUMP
 * (v1) AFI_IPv6 entry. */
START_TEST(mrt_addpath_td1)
{
    make_tmp();
    bytes_t o = {.n = 0};
    size_t rec = rec_begin(&o, 1600000000, 16, 9), at = bgp_begin(&o, 1, 65010, 0xc0000201, 2);
    put16(&o, 5), put32(&o, 7), put8(&o, 0);            /* withdrawn: path 7, 0.0.0.0/0 */
    put16(&o, 4), put8(&o, 0x40), put8(&o, 1), put8(&o, 1), put8(&o, 1); /* ORIGIN EGP */
    put32(&o, 9), put8(&o, 16), put8(&o, 172), put8(&o, 16);              /* path 9, /16 */
    bgp_end(&o, at);
    rec_end(&o, rec);
    rec = rec_begin(&o, 1027381055, 12, 2);
    static const uint8_t p6[16] = {0x20, 0x01, 0x0d, 0xb8, 0xff}, peer6[16] = {0x20, 0x01, [15] = 5};
    put16(&o, 0), put16(&o, 1), putn(&o, p6, 16), put8(&o, 32), put8(&o, 1), put32(&o, 0);
    putn(&o, peer6, 16), put16(&o, 65020);
    put16(&o, 4 + 7);
    put8(&o, 0x40), put8(&o, 1), put8(&o, 1), put8(&o, 0);
    put8(&o, 0x40), put8(&o, 2), put8(&o, 4), put8(&o, 2), put8(&o, 1), put16(&o, 65020);
    rec_end(&o, rec);
    trace_mrt_t *r;
    trace_mrt_event_t ev;
    char path[64];
    ck_assert_int_eq(trace_mrt_open(write_bytes("ap.mrt", &o, 0), &r), VS_OK);
    next_ok(r, &ev);
    ck_assert_int_eq(ev.kind, TRACE_MRT_WITHDRAW);
    ck_assert_str_eq(pfx(&ev.prefix), "0.0.0.0/0");
    ck_assert_uint_eq(ev.path_id, 7);
    next_ok(r, &ev);
    ck_assert_int_eq(ev.kind, TRACE_MRT_ANNOUNCE);
    ck_assert_str_eq(pfx(&ev.prefix), "172.16.0.0/16");
    ck_assert_uint_eq(ev.path_id, 9);
    ck_assert_int_eq(ev.origin, 1);
    ck_assert_int_eq(ev.next_hop.family, 0); /* no NEXT_HOP attribute */
    next_ok(r, &ev);
    ck_assert_int_eq(ev.kind, TRACE_MRT_RIB);
    ck_assert_str_eq(pfx(&ev.prefix), "2001:db8::/32"); /* stray bits past /32 cleared */
    ck_assert_str_eq(pfx(&ev.peer), "2001::5/128");
    ck_assert_uint_eq(ev.peer_as, 65020);
    ck_assert_str_eq(trace_mrt_aspath_fmt(&ev, path, sizeof path), "65020");
    int done;
    ck_assert_int_eq(trace_mrt_next(r, &ev, &done), VS_OK);
    ck_assert_int_eq(done, 1);
    trace_mrt_close(r);
    rm_tmp();
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
    tcase_add_test(tc, sndlib_no_granularity);
    tcase_add_test(tc, sndlib_messages_name_the_line);
    tcase_add_test(tc, sndlib_granularities);
    tcase_add_test(tc, gravity);
    tcase_add_test(tc, mrt_updates);
    tcase_add_test(tc, mrt_rib);
    tcase_add_test(tc, mrt_bad);
    tcase_add_test(tc, mrt_updates_limit);
    tcase_add_test(tc, mrt_as4_path);
    tcase_add_test(tc, mrt_addpath_td1);
    suite_add_tcase(s, tc);
    int failed = vs_check_run(s);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
