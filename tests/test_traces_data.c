/* traces/ on the real data in ../shared/data: the SNDlib dynamic Abilene and GEANT sets (as
 * .tar.gz and as the unpacked samples), the shipped Abilene node map onto the Zoo topology,
 * the 2023 full-table prefix list and the prefix-length histogram, and the MRT reader against
 * libbgpdump's test files and its `bgpdump -m` output. Skips (77) when absent. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "vs_check.h"
#include "topo.h"
#include "hw_prefix.h"
#include "trace_mrt.h"
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


#define BGPDUMP DATA "/bgp/ripe-bgpdump-testdata"

/* Walks FILE and its expected output side by side; every line must match in its first
 * fields. Returns the number of lines compared, counting A and W. */
static size_t mrt_compare(const char *name, size_t *na, size_t *nw)
{
    char mrt[512], expect[512], got[8192], line[8192];
    snprintf(mrt, sizeof mrt, BGPDUMP "/test_data/%s", name);
    snprintf(expect, sizeof expect, BGPDUMP "/test_expect/%s.bgp.gz", name);
    trace_mrt_t *r;
    ck_assert_int_eq(trace_mrt_open(mrt, &r), VS_OK);
    gzFile f = gzopen(expect, "rb");
    ck_assert_ptr_nonnull(f);
    size_t n = 0;
    *na = *nw = 0;
    for (;;) {
        trace_mrt_event_t ev;
        int done;
        vs_err_t err = trace_mrt_next(r, &ev, &done);
        ck_assert_msg(err == VS_OK, "%s", vs_errmsg());
        if (done)
            break;
        if (ev.kind == TRACE_MRT_MESSAGE)
            continue;
        trace_mrt_event_fmt(&ev, got, sizeof got);
        ck_assert_msg(gzgets(f, line, sizeof line) != NULL, "%s: more events than lines (%zu)",
                      name, n);
        n++;
        *na += ev.kind == TRACE_MRT_ANNOUNCE;
        *nw += ev.kind == TRACE_MRT_WITHDRAW;
        size_t k = strlen(got);
        ck_assert_msg(!strncmp(got, line, k) && (line[k] == '|' || line[k] == '\n'),
                      "%s line %zu:\n  got    %s\n  expect %s", name, n, got, line);
    }
    ck_assert_msg(gzgets(f, line, sizeof line) == NULL, "%s: fewer events than lines (%zu)",
                  name, n);
    gzclose(f);
    trace_mrt_close(r);
    return n;
}

START_TEST(mrt_bgpdump)
{
    size_t a, w;
    /* SOURCES.md 4a. */
    mrt_compare("updates.20160811.1600.gz", &a, &w);
    ck_assert_uint_eq(a, 39256);
    ck_assert_uint_eq(w, 1956);
    mrt_compare("updates.20070211.0141.gz", &a, &w);
    ck_assert_uint_eq(a, 51329);
    ck_assert_uint_eq(w, 2328);
    mrt_compare("updates.et-header.2015.gz", &a, &w);
    ck_assert_uint_eq(a, 577737);
    ck_assert_uint_eq(w, 3);
    ck_assert_uint_eq(mrt_compare("bview.20020722.2337.gz", &a, &w), 115521);

    trace_mrt_summary_t s;
    ck_assert_int_eq(trace_mrt_summarize(BGPDUMP "/test_data/updates.20160811.1600.gz", &s),
                     VS_OK);
    ck_assert_uint_eq(s.counts.records, 17406);
    ck_assert_uint_eq(s.counts.state_changes, 22);
    /* 45 peers send something (5 only KEEPALIVEs: 168 in the file), 40 appear in bgpdump's
     * output (state changes or routes), 35 with routes. */
    ck_assert_uint_eq(s.peers, 45);
    ck_assert_uint_eq(s.peers_routes, 35);
    ck_assert_uint_eq(s.counts.bgp_msgs[4], 168);
    ck_assert_uint_eq(s.counts.bgp_msgs[2], 17216);
    /* Split and busiest second counted from the bgpdump -m lines with awk. */
    ck_assert_uint_eq(s.announce4, 32710);
    ck_assert_uint_eq(s.announce6, 6546);
    ck_assert_uint_eq(s.withdraw4, 1616);
    ck_assert_uint_eq(s.withdraw6, 340);
    ck_assert_int_eq(s.busiest_s, 1470931222);
    ck_assert_uint_eq(s.busiest_updates, 1130);
    ck_assert_int_le(s.last_ns - s.first_ns, 300 * VS_NS_PER_S);
    ck_assert_int_eq(trace_mrt_summarize(BGPDUMP "/test_data/updates.20070211.0141.gz", &s),
                     VS_OK);
    ck_assert_uint_eq(s.counts.records, 23394);
    ck_assert_uint_ge(s.peers, 31);
    ck_assert_uint_eq(s.peers_routes, 31);
    ck_assert_int_eq(trace_mrt_summarize(BGPDUMP "/test_data/updates.et-header.2015.gz", &s),
                     VS_OK);
    ck_assert_uint_eq(s.counts.records, 89686);
    ck_assert_uint_eq(s.counts.bgp4mp_et, 89686);
    ck_assert_int_eq(trace_mrt_summarize(BGPDUMP "/test_data/bview.20020722.2337.gz", &s),
                     VS_OK);
    ck_assert_uint_eq(s.counts.table_dump, 115521);
    ck_assert_uint_eq(s.rib4, 115521);
    ck_assert_uint_eq(s.unique4, 112988); /* sort -u of bgpdump's prefix column */
    ck_assert_uint_eq(s.peers, 36);
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
    if (exists(BGPDUMP "/test_data/updates.20160811.1600.gz"))
        tcase_add_test(tc, mrt_bgpdump);
    suite_add_tcase(s, tc);
    int failed = vs_check_run(s);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
