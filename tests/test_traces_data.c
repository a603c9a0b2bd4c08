/* traces/ on the real data in ../shared/data: the SNDlib dynamic Abilene and GEANT sets (as
 * .tar.gz and as the unpacked samples), the shipped Abilene node map onto the Zoo topology,
 * the 2023 full-table prefix list and the prefix-length histogram. Skips (77) when absent. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "vs_check.h"
#include "topo.h"
#include "hw_prefix.h"
#include "trace_sndlib.h"
#include "trace_tm.h"
#include "vs_units.h"

#define DATA VS_SHARED_DATA
#define DYN DATA "/sndlib/dynamic"
#define ABILENE DYN "/directed-abilene-zhang-5min-over-6months-ALL.subset.tar.gz"
#define GEANT DYN "/directed-geant-uhlig-15min-over-4months-ALL.subset.tar.gz"

static int exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

START_TEST(abilene_set)
{
    trace_tm_t *tm;
    ck_assert_int_eq(trace_sndlib_load(ABILENE, &tm), VS_OK);
    /* SOURCES.md 2c: 4,896 matrices, 12 nodes, 5 min; 2004-03-01 00:00 first. */
    ck_assert_uint_eq(trace_tm_count(tm), 4896);
    ck_assert_uint_eq(trace_tm_nodes(tm), 12);
    ck_assert_int_eq(trace_tm_interval_ns(tm), 300 * VS_NS_PER_S);
    ck_assert_int_eq(trace_tm_time_ns(tm, 0), INT64_C(1078099200) * VS_NS_PER_S);
    long a = trace_tm_find_node(tm, "ATLAM5"), b = trace_tm_find_node(tm, "ATLAng");
    ck_assert_double_eq_tol(trace_tm_demand(tm, 0, (size_t)a, (size_t)b), 0.522208e6, 1e-3);
    /* Total per matrix: min 1.8, mean 3.07, max 6.2 Gbit/s. */
    double mn = 1e300, mx = 0, sum = 0;
    for (size_t k = 0; k < trace_tm_count(tm); k++) {
        double x = trace_tm_total(tm, k);
        sum += x;
        mn = x < mn ? x : mn;
        mx = x > mx ? x : mx;
    }
    ck_assert_double_eq_tol(mn / 1e9, 1.8, 0.05);
    ck_assert_double_eq_tol(sum / trace_tm_count(tm) / 1e9, 3.07, 0.01);
    ck_assert_double_eq_tol(mx / 1e9, 6.2, 0.05);
    /* Hourly: 14 days + 3 days of hours. */
    trace_tm_t *h;
    ck_assert_int_eq(trace_tm_aggregate(tm, 3600 * VS_NS_PER_S, &h), VS_OK);
    ck_assert_uint_eq(trace_tm_count(h), 4896 / 12);
    /* Onto the Zoo's Abilene with the shipped map. */
    trace_tm_t *r;
    double dropped;
    ck_assert_int_eq(trace_tm_remap(h, VS_SOURCE_DIR "/traces/data/sndlib-abilene-to-zoo.map", &r,
                                    &dropped),
                     VS_OK);
    ck_assert_uint_eq(trace_tm_nodes(r), 11);
    ck_assert_double_lt(dropped, 0.01);
    topo_t *t;
    ck_assert_int_eq(topo_load(VS_SOURCE_DIR "/topologies/data/Abilene.graphml", &t), VS_OK);
    const char *names[32];
    for (size_t i = 0; i < topo_node_count(t); i++)
        names[i] = topo_node(t, i)->name;
    ck_assert_int_eq(trace_tm_check_nodes(r, "map", names, topo_node_count(t)), VS_OK);
    /* Without the map the SNDlib names are not the Zoo's. */
    ck_assert_int_eq(trace_tm_check_nodes(h, ABILENE, names, topo_node_count(t)), VS_EINVAL);
    topo_destroy(t);
    ck_assert_int_eq(topo_load("builtin:abilene", &t), VS_OK);
    for (size_t i = 0; i < topo_node_count(t); i++)
        names[i] = topo_node(t, i)->name;
    trace_tm_destroy(r);
    ck_assert_int_eq(trace_tm_remap(h, VS_SOURCE_DIR "/traces/data/sndlib-abilene-to-builtin.map",
                                    &r, NULL),
                     VS_OK);
    ck_assert_int_eq(trace_tm_check_nodes(r, "map", names, topo_node_count(t)), VS_OK);
    topo_destroy(t);
    trace_tm_destroy(r);
    trace_tm_destroy(h);
    trace_tm_destroy(tm);
}
END_TEST

START_TEST(geant_set)
{
    trace_tm_t *tm;
    ck_assert_int_eq(trace_sndlib_load(GEANT, &tm), VS_OK);
    ck_assert_uint_eq(trace_tm_count(tm), 324);
    ck_assert_uint_eq(trace_tm_nodes(tm), 22);
    ck_assert_int_eq(trace_tm_interval_ns(tm), 900 * VS_NS_PER_S);
    /* The first two matrices are empty, as in the original. */
    ck_assert_double_eq(trace_tm_total(tm, 0), 0);
    ck_assert_double_eq(trace_tm_total(tm, 1), 0);
    ck_assert_double_gt(trace_tm_total(tm, 2), 0);
    trace_tm_destroy(tm);
    /* The unpacked sample directory reads the same way. */
    ck_assert_int_eq(trace_sndlib_load(DYN "/samples/directed-geant-uhlig-15min-over-4months-ALL",
                                       &tm),
                     VS_OK);
    ck_assert_uint_eq(trace_tm_count(tm), 1);
    trace_tm_destroy(tm);
}
END_TEST

START_TEST(full_table)
{
    hw_prefix_list_t b;
    ck_assert_int_eq(hw_prefix_list_read(DATA "/bgp/full-table-2023/prefixes.txt.gz", 0, 0, &b), VS_OK);
    hw_prefix_list_sort_unique(&b);
    /* SOURCES.md 4b. */
    size_t n4, n6, h[33];
    hw_prefix_list_count(&b, &n4, &n6, h);
    ck_assert_uint_eq(n4, 901899);
    ck_assert_uint_eq(n6, 160147);
    ck_assert_uint_eq(h[24], 537698);
    ck_assert_uint_eq(h[22], 108623);
    hw_prefix_list_free(&b);
}
END_TEST

int main(void)
{
    if (!exists(ABILENE) || !exists(GEANT) || !exists(DATA "/bgp/full-table-2023/prefixes.txt.gz")) {
        printf("skipped: SNDlib dynamic sets or the BGP prefix list are absent under %s\n", DATA);
        return 77;
    }
    Suite *s = suite_create("traces_data");
    TCase *tc = tcase_create("traces_data");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, abilene_set);
    tcase_add_test(tc, geant_set);
    tcase_add_test(tc, full_table);
    suite_add_tcase(s, tc);
    int failed = vs_check_run(s);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
