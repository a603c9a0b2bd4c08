#include "topo_builtin.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_rng.h"
#include "topo_internal.h"
#include "vs_units.h"

static const topo_builtin_info_t builtins[] = {
    {"diamond", "4-node diamond testbed n0..n3, VR1 moves n1->n3 (seed 001 Sec. 6.1, Fig. 6)"},
    {"dumbbell", "6-node dumbbell, one shared 1 Gbps bottleneck (seed 001 Sec. 6.1)"},
    {"abilene", "11-router Abilene backbone plus Chicago-2 (seed 001 Sec. 6.1, Fig. 7)"},
    {"grid:N", "N x N grid, 10 Gbps links, 1 ms each (scale tests; N <= 1000)"},
    {"random:N[:SEED]", "N nodes in the contiguous US, geometric tree plus nearest-neighbour "
                        "links to mean degree 2.552 (scale tests; N <= 5000, SEED default 1)"},
};

const topo_builtin_info_t *topo_builtin_list(size_t *n)
{
    *n = sizeof builtins / sizeof builtins[0];
    return builtins;
}

static vs_err_t link_with(topo_t *t, uint32_t a, uint32_t b, double cap, int64_t delay,
                          topo_source_t dsrc)
{
    topo_link_t l = {.a = a, .b = b, .capacity_bps = cap, .delay_ns = delay,
                     .weight = {1, 1}, .capacity_source = TOPO_SRC_FILE,
                     .delay_source = dsrc, .weight_source = TOPO_SRC_FILE};
    if (delay < 0)
        l.delay_ns = topo_link_delay_for(t, a, b, &l.delay_source);
    return topo_add_link(t, &l, NULL);
}

/* Testbed links are Emulab LAN links with no configured delay; they get TOPO_MIN_DELAY_NS. */
static vs_err_t diamond(topo_t *t)
{
    vs_err_t err = VS_OK;
    static const char *names[] = {"n0", "n1", "n2", "n3"};
    for (int i = 0; i < 4; i++)
        VS_TRY(topo_add_node(t, names[i], NULL, NULL));
    /* n0 and n2 are the traffic ends; n1 and n3 the two routers VR1 moves between, over the
     * direct link n1-n3 (Section 6.1). */
    static const uint32_t e[][2] = {{0, 1}, {1, 2}, {0, 3}, {3, 2}, {1, 3}};
    for (size_t i = 0; i < 5; i++)
        VS_TRY(link_with(t, e[i][0], e[i][1], TOPO_TESTBED_CAPACITY_BPS, TOPO_MIN_DELAY_NS,
                         TOPO_SRC_DEFAULT));
out:
    return err;
}

static vs_err_t dumbbell(topo_t *t)
{
    vs_err_t err = VS_OK;
    /* src/dst of the UDP round-trip traffic on the left, the migration pair on the right
     * side... both flows cross the bottleneck s0-s1. */
    static const char *names[] = {"a0", "a1", "s0", "s1", "b0", "b1"};
    for (int i = 0; i < 6; i++)
        VS_TRY(topo_add_node(t, names[i], NULL, NULL));
    static const uint32_t e[][2] = {{0, 2}, {1, 2}, {2, 3}, {3, 4}, {3, 5}};
    for (size_t i = 0; i < 5; i++)
        VS_TRY(link_with(t, e[i][0], e[i][1], TOPO_TESTBED_CAPACITY_BPS, TOPO_MIN_DELAY_NS,
                         TOPO_SRC_DEFAULT));
out:
    return err;
}

/* The Abilene testbed. Node i is the physical node of VR(i+1); the paper's Fig. 7 is not in
 * the text, which fixes only that VR5 is on Chicago-1 with neighbours VR4 and VR6 (Section
 * 6.4), and that VR1, VR6, VR8, VR10 are edge routers. The other numbers are ours. Sites,
 * coordinates and the 14 links are the Topology Zoo's Abilene (topologies/data/
 * Abilene.graphml); delays are great-circle fibre delays between the sites (a modelling
 * choice: the testbed's Emulab links had no stated delay). Chicago-2 shares Chicago-1's POP
 * and has links to Chicago-1 and to both of its neighbours so that VR5's links can re-home. */
static vs_err_t abilene(topo_t *t)
{
    vs_err_t err = VS_OK;
    static const struct {
        const char *name;
        double lat, lon;
    } n[] = {
        {"Seattle", 47.60621, -122.33207},   {"Sunnyvale", 37.36883, -122.03635},
        {"Washington DC", 38.89511, -77.03637}, {"New York", 40.71427, -74.00597},
        {"Chicago-1", 41.85003, -87.65005},  {"Indianapolis", 39.76838, -86.15804},
        {"Atlanta", 33.749, -84.38798},      {"Houston", 29.76328, -95.36327},
        {"Kansas City", 39.11417, -94.62746}, {"Denver", 39.73915, -104.9847},
        {"Los Angeles", 34.05223, -118.24368}, {"Chicago-2", 41.85003, -87.65005},
    };
    for (size_t i = 0; i < 12; i++) {
        double c[2] = {n[i].lat, n[i].lon};
        VS_TRY(topo_add_node(t, n[i].name, c, NULL));
    }
    VS_TRY(topo_share_pop(t, 11, 4));
    VS_TRY(topo__set_pop_name(t, topo_node(t, 4)->pop, "Chicago"));
    enum { SEA, SNV, WAS, NYC, CHI, IND, ATL, HOU, KC, DEN, LA, CHI2 };
    static const uint32_t e[][2] = {
        {NYC, CHI}, {NYC, WAS}, {CHI, IND}, {WAS, ATL}, {SEA, SNV}, {SEA, DEN}, {SNV, LA},
        {SNV, DEN}, {LA, HOU},  {DEN, KC},  {KC, HOU},  {KC, IND},  {HOU, ATL}, {ATL, IND},
        {CHI, CHI2}, {CHI2, NYC}, {CHI2, IND},
    };
    for (size_t i = 0; i < sizeof e / sizeof e[0]; i++)
        VS_TRY(link_with(t, e[i][0], e[i][1], TOPO_TESTBED_CAPACITY_BPS, -1, TOPO_SRC_DERIVED));
out:
    return err;
}

static vs_err_t grid(topo_t *t, long n)
{
    vs_err_t err = VS_OK;
    char name[64];
    for (long r = 0; r < n; r++)
        for (long c = 0; c < n; c++) {
            snprintf(name, sizeof name, "g%ld_%ld", r, c);
            VS_TRY(topo_add_node(t, name, NULL, NULL));
        }
    for (long r = 0; r < n; r++)
        for (long c = 0; c < n; c++) {
            uint32_t i = (uint32_t)(r * n + c);
            if (c + 1 < n)
                VS_TRY(link_with(t, i, i + 1, TOPO_DEFAULT_CAPACITY_BPS, TOPO_DEFAULT_DELAY_NS,
                                 TOPO_SRC_DEFAULT));
            if (r + 1 < n)
                VS_TRY(link_with(t, i, (uint32_t)(i + n), TOPO_DEFAULT_CAPACITY_BPS,
                                 TOPO_DEFAULT_DELAY_NS, TOPO_SRC_DEFAULT));
        }
out:
    return err;
}

/* Nodes uniform in the contiguous-US box (24.5..49.0 N, 124.8..66.9 W). Node i > 0 links to
 * its nearest earlier node (a connected geometric tree); then random nodes link to their
 * nearest non-neighbour until the mean degree reaches TOPO_RANDOM_MEAN_DEGREE. Planar
 * distance on degrees is used for "nearest" (cheap; the delay uses great circles). O(N^2). */
static vs_err_t random_geo(topo_t *t, long n, uint64_t seed)
{
    vs_err_t err = VS_OK;
    sim_rng_t rng;
    sim_rng_init_named(&rng, seed, "topo-random");
    double *lat = malloc((size_t)n * sizeof *lat), *lon = malloc((size_t)n * sizeof *lon);
    unsigned char *adj_mark = NULL;
    if (!lat || !lon) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    char name[32];
    for (long i = 0; i < n; i++) {
        lat[i] = sim_rng_uniform(&rng, 24.5, 49.0);
        lon[i] = sim_rng_uniform(&rng, -124.8, -66.9);
        double c[2] = {lat[i], lon[i]};
        snprintf(name, sizeof name, "r%ld", i);
        VS_TRY(topo_add_node(t, name, c, NULL));
    }
#define D2(i, j) ((lat[i] - lat[j]) * (lat[i] - lat[j]) + (lon[i] - lon[j]) * (lon[i] - lon[j]))
    for (long i = 1; i < n; i++) {
        long best = 0;
        for (long j = 1; j < i; j++)
            if (D2(i, j) < D2(i, best))
                best = j;
        VS_TRY(link_with(t, (uint32_t)best, (uint32_t)i, TOPO_DEFAULT_CAPACITY_BPS, -1,
                         TOPO_SRC_DERIVED));
    }
    size_t target = (size_t)llround(TOPO_RANDOM_MEAN_DEGREE * (double)n / 2.0);
    /* Neighbour marks for the node being extended: one row, rebuilt per pick. */
    adj_mark = calloc((size_t)n, 1);
    if (!adj_mark) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    size_t guard = 0;
    while (topo_link_count(t) < target && n > 3 && guard++ < 4 * target) {
        long u = (long)sim_rng_below(&rng, (uint64_t)n);
        memset(adj_mark, 0, (size_t)n);
        adj_mark[u] = 1;
        for (size_t k = 0; k < topo_link_count(t); k++) {
            const topo_link_t *l = topo_link(t, k);
            if (l->a == (uint32_t)u)
                adj_mark[l->b] = 1;
            if (l->b == (uint32_t)u)
                adj_mark[l->a] = 1;
        }
        long best = -1;
        for (long j = 0; j < n; j++)
            if (!adj_mark[j] && (best < 0 || D2(u, j) < D2(u, best)))
                best = j;
        if (best >= 0)
            VS_TRY(link_with(t, (uint32_t)u, (uint32_t)best, TOPO_DEFAULT_CAPACITY_BPS, -1,
                             TOPO_SRC_DERIVED));
    }
#undef D2
out:
    free(adj_mark);
    free(lat);
    free(lon);
    return err;
}

static vs_err_t parse_long(const char *what, const char *s, long lo, long hi, long *out)
{
    int64_t v;
    if (vs_parse_int64(s, &v) != VS_OK || v < lo || v > hi)
        return vs_fail(VS_EINVAL, "builtin:%s: '%s' is not an integer from %ld to %ld", what, s,
                       lo, hi);
    *out = (long)v;
    return VS_OK;
}

vs_err_t topo__read_builtin(const char *name, topo_t **out)
{
    vs_err_t err = VS_OK;
    *out = NULL;
    char full[256];
    snprintf(full, sizeof full, "builtin:%s", name);
    topo_t *t = topo_create(full, "builtin");
    if (!t)
        return vs_fail(VS_ENOMEM, "out of memory");
    if (!strcmp(name, "diamond")) {
        VS_TRY(diamond(t));
    } else if (!strcmp(name, "dumbbell")) {
        VS_TRY(dumbbell(t));
    } else if (!strcmp(name, "abilene")) {
        VS_TRY(abilene(t));
    } else if (!strncmp(name, "grid:", 5)) {
        long n = 0;
        VS_TRY(parse_long("grid:N", name + 5, 1, 1000, &n));
        VS_TRY(grid(t, n));
    } else if (!strncmp(name, "random:", 7)) {
        char buf[128];
        snprintf(buf, sizeof buf, "%s", name + 7);
        char *colon = strchr(buf, ':');
        long n = 0, seed = 1;
        if (colon)
            *colon = '\0';
        VS_TRY(parse_long("random:N", buf, 1, 5000, &n));
        if (colon)
            VS_TRY(parse_long("random:N:SEED", colon + 1, 0, INT32_MAX, &seed));
        VS_TRY(random_geo(t, n, (uint64_t)seed));
    } else {
        char known[512] = "";
        size_t nb;
        const topo_builtin_info_t *b = topo_builtin_list(&nb);
        for (size_t i = 0; i < nb; i++) {
            strncat(known, i ? ", " : "", sizeof known - strlen(known) - 1);
            strncat(known, b[i].name, sizeof known - strlen(known) - 1);
        }
        err = vs_fail(VS_ENOTFOUND, "builtin:%s: no such built-in topology (known: %s)", name,
                      known);
        goto out;
    }
    *out = t;
    t = NULL;
out:
    topo_destroy(t);
    return err;
}
