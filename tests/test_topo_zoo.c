/* topologies/ on the real files in ../shared/data: every Topology Zoo GraphML file loads (or is
 * refused with a message naming it), SNDlib native and XML networks agree, Rocketfuel maps
 * have the published sizes. Skips (77) when the data is absent. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "vs_check.h"
#include "topo.h"
#include "topo_algo.h"

#define DATA VS_SHARED_DATA

static int exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

static int graphml_filter(const struct dirent *d)
{
    size_t n = strlen(d->d_name);
    return n > 8 && !strcmp(d->d_name + n - 8, ".graphml");
}

START_TEST(zoo_all_276)
{
    const char *dir = DATA "/topology-zoo/graphml";
    struct dirent **e;
    int k = scandir(dir, &e, graphml_filter, alphasort);
    ck_assert_int_eq(k, 276);
    int loaded = 0, refused = 0;
    for (int i = 0; i < k; i++) {
        char p[1024];
        snprintf(p, sizeof p, "%s/%s", dir, e[i]->d_name);
        topo_t *t = NULL;
        vs_err_t err = topo_load(p, &t);
        if (err == VS_OK) {
            loaded++;
            ck_assert_uint_gt(topo_node_count(t), 0);
            /* Every link is valid and every node has a POP. */
            for (size_t l = 0; l < topo_link_count(t); l++) {
                ck_assert_double_gt(topo_link(t, l)->capacity_bps, 0);
                ck_assert_int_ge(topo_link(t, l)->delay_ns, 0);
            }
            topo_stats_t st;
            ck_assert_int_eq(topo_stats(t, &st), VS_OK);
            ck_assert_int_ge(st.diameter_hops, 0);
            topo_destroy(t);
        } else {
            refused++;
            ck_assert_ptr_null(t);
            ck_assert_ptr_nonnull(strstr(vs_errmsg(), e[i]->d_name));
            ck_assert_int_eq(vs_exit_status(err), 2);
        }
        free(e[i]);
    }
    free(e);
    ck_assert_int_eq(loaded + refused, 276);
    ck_assert_int_eq(refused, 0); /* all of today's Zoo loads */
}
END_TEST

static void expect(const char *path, size_t nodes, size_t links)
{
    topo_t *t;
    vs_err_t err = topo_load(path, &t);
    ck_assert_msg(err == VS_OK, "%s: %s", path, vs_errmsg());
    ck_assert_msg(topo_node_count(t) == nodes && topo_link_count(t) == links,
                  "%s: %zu nodes / %zu links, expected %zu / %zu", path, topo_node_count(t),
                  topo_link_count(t), nodes, links);
    topo_destroy(t);
}

START_TEST(zoo_sizes)
{
    /* ../shared/data/SOURCES.md section 1. */
    expect(DATA "/topology-zoo/graphml/Abilene.graphml", 11, 14);
    expect(DATA "/topology-zoo/graphml/Geant2012.graphml", 40, 61);
    expect(DATA "/topology-zoo/graphml/Cogentco.graphml", 197, 245);
    expect(DATA "/topology-zoo/graphml/Kdl.graphml", 754, 899);
    expect(DATA "/topology-zoo/graphml/AttMpls.graphml", 25, 57);
}
END_TEST

START_TEST(sndlib_networks)
{
    /* SOURCES.md section 2a: nodes/links. */
    static const struct {
        const char *name;
        size_t n, l;
    } nets[] = {{"abilene", 12, 15}, {"geant", 22, 36}, {"germany50", 50, 88},
                {"nobel-us", 14, 21}, {"polska", 12, 18}, {"janos-us", 26, 84},
                {"brain", 161, 332}, {"ta2", 65, 108}};
    for (size_t i = 0; i < sizeof nets / sizeof nets[0]; i++) {
        char p[512];
        snprintf(p, sizeof p, DATA "/sndlib/networks-native/%s.txt", nets[i].name);
        expect(p, nets[i].n, nets[i].l);
        snprintf(p, sizeof p, DATA "/sndlib/networks-xml/%s.xml", nets[i].name);
        expect(p, nets[i].n, nets[i].l);
    }
    /* Every file of both directories loads. */
    const char *dirs[] = {DATA "/sndlib/networks-native", DATA "/sndlib/networks-xml"};
    for (int d = 0; d < 2; d++) {
        struct dirent **e;
        int k = scandir(dirs[d], &e, NULL, alphasort);
        ck_assert_int_gt(k, 20);
        for (int i = 0; i < k; i++) {
            if (e[i]->d_name[0] != '.') {
                char p[1024];
                snprintf(p, sizeof p, "%s/%s", dirs[d], e[i]->d_name);
                topo_t *t;
                vs_err_t err = topo_load(p, &t);
                ck_assert_msg(err == VS_OK, "%s: %s", p, vs_errmsg());
                topo_destroy(t);
            }
            free(e[i]);
        }
        free(e);
    }
}
END_TEST

START_TEST(rocketfuel_maps)
{
    /* SOURCES.md section 3: routers / undirected links of the weights files. */
    expect(DATA "/rocketfuel/1221", 108, 153);
    expect(DATA "/rocketfuel/1755", 87, 161);
    expect(DATA "/rocketfuel/3967", 79, 147);
    expect(DATA "/rocketfuel/6461", 141, 374);
}
END_TEST

int main(void)
{
    if (!exists(DATA "/topology-zoo/graphml") || !exists(DATA "/sndlib/networks-native") ||
        !exists(DATA "/rocketfuel/1221")) {
        printf("skipped: %s (Topology Zoo, SNDlib networks, Rocketfuel) is absent\n", DATA);
        return 77;
    }
    Suite *s = suite_create("topo_zoo");
    TCase *tc = tcase_create("topo_zoo");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, zoo_all_276);
    tcase_add_test(tc, zoo_sizes);
    tcase_add_test(tc, sndlib_networks);
    tcase_add_test(tc, rocketfuel_maps);
    suite_add_tcase(s, tc);
    int failed = vs_check_run(s);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
