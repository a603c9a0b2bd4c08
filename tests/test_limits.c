/* What one input may cost (docs/limits.md): each limit refuses an input just over it (set low
 * here through its variable) with VS_ERANGE and a message naming the variable; the streamed
 * readers hold the same memory whatever the input's size, counted, not timed. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "hw_prefix.h"
#include "scenario.h"
#include "topo.h"
#include "topo_algo.h"
#include "topo_pop.h"
#include "trace_mrt.h"
#include "trace_sndlib.h"
#include "trace_tm.h"
#include "vs_check.h"
#include "vs_limits.h"
#include "vs_strmap.h"
#include "vs_tmp.h"
#include "vs_yaml.h"

#define HAS(text) ck_assert_msg(strstr(vs_errmsg(), text) != NULL, "got: %s", vs_errmsg())

/* A growable text, for inputs built in a loop. */
typedef struct {
    char *s;
    size_t n, cap;
} text_t;

static void add(text_t *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(text_t *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (t->n + (size_t)k + 1 > t->cap) {
        t->cap = (t->n + (size_t)k + 1) * 2;
        t->s = realloc(t->s, t->cap);
        ck_assert_ptr_nonnull(t->s);
    }
    va_start(ap, fmt);
    vsnprintf(t->s + t->n, (size_t)k + 1, fmt, ap);
    va_end(ap);
    t->n += (size_t)k;
}

START_TEST(limit_from_environment)
{
    static const vs_limit_t l = {.env = "VS_TEST_MAX", .what = "a test input", .def = 100,
                                 .bytes = true};
    static const vs_limit_t c = {.env = "VS_TEST_MAX_N", .what = "a list", .def = 5,
                                 .unit = "items"};
    int64_t v;
    unsetenv("VS_TEST_MAX");
    ck_assert_int_eq(vs_limit_get(&l, &v), VS_OK);
    ck_assert_int_eq(v, 100);
    ck_assert_int_eq(vs_limit_check(&l, "x.in", 100), VS_OK);
    ck_assert_int_eq(vs_limit_check(&l, "x.in", 101), VS_ERANGE);
    HAS("x.in: a test input of 101 B is over the limit of 100 B (raise it with VS_TEST_MAX=");
    setenv("VS_TEST_MAX", "2KiB", 1);
    ck_assert_int_eq(vs_limit_get(&l, &v), VS_OK);
    ck_assert_int_eq(v, 2048);
    setenv("VS_TEST_MAX", "lots", 1);
    ck_assert_int_eq(vs_limit_check(&l, "x.in", 1), VS_EUSAGE);
    HAS("VS_TEST_MAX='lots': expected a size");
    ck_assert_int_eq(vs_limit_check(&c, "l.txt", 6), VS_ERANGE);
    HAS("l.txt: a list of 6 items is over the limit of 5 items (raise it with VS_TEST_MAX_N=..., "
        "e.g. VS_TEST_MAX_N=12)");
}
END_TEST

START_TEST(strmap_many_names)
{
    enum { N = 200000 };
    char(*names)[16] = malloc(N * sizeof *names);
    ck_assert_ptr_nonnull(names);
    vs_strmap_t m = {0};
    for (size_t i = 0; i < N; i++) {
        snprintf(names[i], sizeof names[i], "vr%zu", i);
        ck_assert_int_eq(vs_strmap_put(&m, names[i], i), VS_OK);
    }
    ck_assert_uint_eq(m.n, N);
    for (size_t i = 0; i < N; i += 997)
        ck_assert_uint_eq(vs_strmap_get(&m, names[i]), i);
    ck_assert_uint_eq(vs_strmap_get(&m, "vr-none"), SIZE_MAX);
    ck_assert_int_eq(vs_strmap_put(&m, names[7], 42), VS_OK); /* replaced, not added */
    ck_assert_uint_eq(vs_strmap_get(&m, "vr7"), 42);
    ck_assert_uint_eq(m.n, N);
    vs_strmap_free(&m);
    ck_assert_uint_eq(vs_strmap_get(&m, "vr7"), SIZE_MAX);
    free(names);
}
END_TEST

/* Aliases of aliases repeat trees: a chain of them nests past the limit without one deep
 * bracket in the text, and is refused where the limit is passed. */
START_TEST(yaml_alias_depth)
{
    text_t t = {0};
    add(&t, "a0: &a0 [[[[[[[[[[x]]]]]]]]]]\n"); /* 10 lists under the root */
    for (int i = 1; i <= 8; i++)
        add(&t, "a%d: &a%d [[[[[[[[*a%d]]]]]]]]\n", i, i, i - 1); /* 8 more each time */
    vs_ydoc_t *doc = NULL;
    /* a0 counts 1 + 10 levels, a_i 1 + 10 + 8 i: a6 is 59 deep, a7 67 > 64 */
    ck_assert_int_eq(vs_ydoc_load_string("alias.yaml", t.s, t.n, &doc), VS_EPARSE);
    ck_assert_ptr_null(doc);
    HAS("alias.yaml:8:17: the alias '*a6' nests its value 67 levels deep here, more than 64");
    /* within the limit, aliases load and share their node */
    const char *ok = "a: &a [[[x]]]\nb: [[[[*a]]]]\nc: *a\n";
    ck_assert_int_eq(vs_ydoc_load_string("ok.yaml", ok, strlen(ok), &doc), VS_OK);
    vs_ydoc_free(doc);
    free(t.s);
}
END_TEST

START_TEST(yaml_size_limit)
{
    make_tmp();
    setenv("VROOMSIM_MAX_YAML", "100", 1);
    char big[256];
    memset(big, ' ', sizeof big - 1);
    memcpy(big, "a: 1\n", 5);
    big[sizeof big - 1] = '\0';
    vs_ydoc_t *doc = NULL;
    ck_assert_int_eq(vs_ydoc_load_string("s.yaml", big, strlen(big), &doc), VS_ERANGE);
    HAS("s.yaml: a YAML file of 255 B is over the limit of 100 B (raise it with "
        "VROOMSIM_MAX_YAML=");
    const char *p = write_file("f.yaml", big);
    ck_assert_int_eq(vs_ydoc_load_file(p, &doc), VS_ERANGE);
    HAS("f.yaml: a YAML file of 255 B is over the limit");
    ck_assert_ptr_null(doc);
    setenv("VROOMSIM_MAX_YAML", "1KB", 1);
    ck_assert_int_eq(vs_ydoc_load_file(p, &doc), VS_OK);
    vs_ydoc_free(doc);
    rm_tmp();
}
END_TEST

/* A mapping of many keys is checked for duplicates through a map (it was a pairwise scan,
 * 1.25e9 comparisons here); the message still names both places. */
START_TEST(yaml_duplicate_in_large_mapping)
{
    enum { N = 50000 };
    text_t t = {0};
    for (int i = 0; i < N; i++)
        add(&t, "k%d: %d\n", i, i);
    add(&t, "k123: again\n");
    vs_ydoc_t *doc = NULL;
    ck_assert_int_eq(vs_ydoc_load_string("many.yaml", t.s, t.n, &doc), VS_EPARSE);
    char want[96];
    snprintf(want, sizeof want, "many.yaml:%d:1: duplicate key 'k123' (first at line 124)", N + 1);
    HAS(want);
    free(t.s);
}
END_TEST

/* Router names resolve through an index: a scenario of tens of thousands of VRs loads (it
 * was O(n^2) name scans), and a name declared twice is still found at the end. */
START_TEST(scenario_many_vrouters)
{
    enum { N = 20000, PR = N / 16 + 1 };
    text_t t = {0};
    add(&t, "version: 1\nname: many\nphysical_routers:\n");
    for (int p = 0; p < PR; p++)
        add(&t, "  - {name: n%d}\n", p);
    add(&t, "links:\n  - {a: n0, b: n1, bandwidth: 1Gbps, delay: 1ms}\nvirtual_routers:\n");
    for (int i = 0; i < N; i++)
        add(&t, "  - {name: vr%d, host: n%d}\n", i, i / 16);
    size_t before_dup = t.n;
    add(&t, "  - {name: vr17, host: n%d}\n", PR - 1);
    const scn_t *s = NULL;
    ck_assert_int_eq(scn_load_string("dup.yaml", t.s, &s), VS_EINVAL);
    HAS("virtual router 'vr17' is declared twice");
    t.s[before_dup] = '\0';
    ck_assert_int_eq(scn_load_string("many.yaml", t.s, &s), VS_OK);
    ck_assert_uint_eq(s->n_vrouters, N);
    ck_assert_uint_eq(s->vrouters[N - 1].host, (N - 1) / 16);
    scn_free(s);
    free(t.s);
}
END_TEST

static text_t read_example(const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/examples/%s", VS_SOURCE_DIR, name);
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    text_t t = {0};
    char line[512];
    while (fgets(line, sizeof line, f))
        add(&t, "%s", line);
    fclose(f);
    return t;
}

/* Flows find their VRs and their own names through maps; a name given twice is still an
 * error naming the second. */
START_TEST(flow_names_through_maps)
{
    text_t t = read_example("diamond-hd-traffic.yaml");
    const scn_t *s = NULL;
    ck_assert_int_eq(scn_load_string("flows.yaml", t.s, &s), VS_OK);
    scn_free(s);
    add(&t, "  - {name: ditg, from: vr2, to: vr0, pps: 1kpps, packet: 64B}\n");
    ck_assert_int_eq(scn_load_string("flows.yaml", t.s, &s), VS_EINVAL);
    HAS("flow 'ditg' is declared twice");
    free(t.s);
}
END_TEST

/* Events find their virtual link through a map of the links by their ends, either way round. */
START_TEST(event_links_through_map)
{
    text_t t = read_example("diamond-sd.yaml");
    size_t base = t.n;
    const scn_t *s = NULL;
    add(&t, "events:\n  - {at: 2s, link_flap: [vr1, vr0]}\n  - {at: 3s, link_flap: [vr1, vr2]}\n");
    ck_assert_int_eq(scn_load_string("events.yaml", t.s, &s), VS_OK);
    ck_assert_uint_eq(s->n_events, 2);
    ck_assert_uint_eq(s->events[0].a, 1);
    ck_assert_uint_eq(s->events[0].b, 0);
    scn_free(s);
    t.n = base;
    add(&t, "events:\n  - {at: 2s, link_flap: [vr0, vr2]}\n");
    ck_assert_int_eq(scn_load_string("events.yaml", t.s, &s), VS_EINVAL);
    HAS("link_flap: no virtual link between 'vr0' and 'vr2'");
    free(t.s);
}
END_TEST

/* --- MRT --- */

/* A BGP4MP KEEPALIVE from 192.0.2.1 AS 65001 (RFC 6396 4.4.2, RFC 4271 4.4): 12 + 20 + 19 bytes. */
static void keepalive(gzFile f, uint32_t t)
{
    uint8_t r[12 + 20 + 19] = {0};
    r[0] = (uint8_t)(t >> 24), r[1] = (uint8_t)(t >> 16), r[2] = (uint8_t)(t >> 8), r[3] = (uint8_t)t;
    r[5] = 16, r[7] = 1, r[11] = 20 + 19;                 /* BGP4MP, MESSAGE, length */
    r[12] = 0xfd, r[13] = 0xe9, r[14] = 0xfd, r[15] = 0xe8; /* AS 65001 -> 65000 */
    r[19] = 1;                                              /* AFI IPv4 */
    r[20] = 192, r[22] = 2, r[23] = 1, r[24] = 192, r[26] = 2, r[27] = 2;
    memset(r + 28, 0xff, 16);
    r[45] = 19, r[46] = 4; /* length, KEEPALIVE */
    ck_assert_int_eq(gzwrite(f, r, sizeof r), (int)sizeof r);
}

static void mrt_file(const char *path, size_t records)
{
    gzFile f = gzopen(path, "wb1");
    ck_assert_ptr_nonnull(f);
    for (size_t i = 0; i < records; i++)
        keepalive(f, 1470931200u + (uint32_t)(i / 100));
    gzclose(f);
}

/* Reads path to the end; returns the counts. */
static trace_mrt_counts_t read_all(const char *path, vs_err_t want)
{
    trace_mrt_t *r;
    trace_mrt_event_t ev;
    int done = 0;
    vs_err_t err;
    ck_assert_int_eq(trace_mrt_open(path, &r), VS_OK);
    while (!(err = trace_mrt_next(r, &ev, &done)) && !done)
        ;
    ck_assert_int_eq(err, want);
    trace_mrt_counts_t c = *trace_mrt_counts(r);
    trace_mrt_close(r);
    return c;
}

START_TEST(mrt_memory_independent_of_size)
{
    make_tmp();
    char small[600], large[600];
    snprintf(small, sizeof small, "%s/small.mrt.gz", tmpdir);
    snprintf(large, sizeof large, "%s/large.mrt.gz", tmpdir);
    mrt_file(small, 1000);
    mrt_file(large, 200000);
    trace_mrt_counts_t a = read_all(small, VS_OK), b = read_all(large, VS_OK);
    ck_assert_uint_eq(a.records, 1000);
    ck_assert_uint_eq(b.records, 200000);
    ck_assert_uint_eq(a.bgp_msgs[4], 1000);
    ck_assert_uint_eq(b.buffer_bytes, a.buffer_bytes); /* the reader's only growing allocation */
    ck_assert_uint_eq(b.buffer_bytes, 4096);
    rm_tmp();
}
END_TEST

/* A header that claims 60 MB in a file of 100 bytes: the buffer grows with what arrives (it
 * was allocated at the claimed size before the read found the file short). */
START_TEST(mrt_claimed_length_not_allocated)
{
    make_tmp();
    uint8_t h[12 + 88] = {0};
    h[5] = 99;                               /* a type the reader skips */
    h[8] = 0x03, h[9] = 0x93, h[10] = 0x87; /* 60,000,000 bytes claimed */
    char p[600];
    snprintf(p, sizeof p, "%s/claim.mrt", tmpdir);
    FILE *f = fopen(p, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(h, 1, sizeof h, f), sizeof h);
    fclose(f);
    trace_mrt_counts_t c = read_all(p, VS_EPARSE);
    HAS("truncated record: the header says 60000000 bytes, the file ends after 88");
    ck_assert_uint_le(c.buffer_bytes, 4096);
    /* over the record limit: refused before any read, naming the variable */
    setenv("VROOMSIM_MAX_MRT_RECORD", "1MB", 1);
    read_all(p, VS_ERANGE);
    HAS("claim.mrt: record at byte offset 0: an MRT record of 60 MB is over the limit of 1 MB "
        "(raise it with VROOMSIM_MAX_MRT_RECORD=");
    rm_tmp();
}
END_TEST

/* --- traffic matrices, prefix lists, topologies --- */

static void tm_head(text_t *t, int nodes)
{
    add(t, "<?xml version=\"1.0\"?>\n<network xmlns=\"http://sndlib.zib.de/network\">\n"
           " <meta><granularity>5min</granularity><time>20040301-0000</time>"
           "<unit>MBITPERSEC</unit></meta>\n <networkStructure><nodes>\n");
    for (int i = 0; i < nodes; i++)
        add(t, "  <node id=\"N%d\"/>\n", i);
    add(t, " </nodes></networkStructure>\n <demands>\n");
}

/* Demands add up; a file of several 64 KiB chunks is parsed chunk by chunk (demands cut
 * between chunks included) to the same sum. */
START_TEST(tm_streamed_in_chunks)
{
    enum { N = 3000 };
    make_tmp();
    text_t t = {0};
    tm_head(&t, 2);
    for (int i = 0; i < N; i++)
        add(&t, "  <demand id=\"d%d\"><source>N0</source><target>N1</target>"
                "<demandValue> 1 </demandValue></demand>\n", i);
    add(&t, " </demands>\n</network>\n");
    ck_assert_uint_gt(t.n, 3 * 65536);
    trace_tm_t *tm = NULL;
    ck_assert_int_eq(trace_sndlib_load(write_file("m.xml", t.s), &tm), VS_OK);
    ck_assert_double_eq(trace_tm_demand(tm, 0, 0, 1), N * 1e6);
    trace_tm_destroy(tm);
    free(t.s);
    rm_tmp();
}
END_TEST

START_TEST(tm_limit)
{
    make_tmp();
    text_t t = {0};
    tm_head(&t, 20); /* one matrix of 20 x 20 doubles: 3,200 bytes */
    add(&t, " </demands>\n</network>\n");
    const char *p = write_file("big.xml", t.s);
    setenv("VROOMSIM_MAX_TM", "3KB", 1);
    trace_tm_t *tm = NULL;
    ck_assert_int_eq(trace_sndlib_load(p, &tm), VS_ERANGE);
    HAS("big.xml:26: 20 nodes, matrix 1: the traffic matrices of a set of 3.2 KB is over the "
        "limit of 3 KB (raise it with VROOMSIM_MAX_TM=");
    setenv("VROOMSIM_MAX_TM", "4KB", 1);
    ck_assert_int_eq(trace_sndlib_load(p, &tm), VS_OK);
    trace_tm_destroy(tm);
    free(t.s);
    rm_tmp();
}
END_TEST

START_TEST(prefix_limit)
{
    make_tmp();
    const char *p = write_file("p.txt", "# a list\n10.0.0.0/8\n10.1.0.0/16\n10.2.0.0/16\n"
                                        "10.3.0.0/16\n");
    setenv("VROOMSIM_MAX_PREFIXES", "3", 1);
    hw_prefix_list_t l = {0};
    ck_assert_int_eq(hw_prefix_list_read(p, 0, 0, &l), VS_ERANGE);
    HAS("p.txt:5: a prefix list of 4 prefixes is over the limit of 3 prefixes (raise it with "
        "VROOMSIM_MAX_PREFIXES=");
    ck_assert_int_eq(hw_prefix_list_read(p, 0, 3, &l), VS_OK); /* a shorter read is within */
    ck_assert_uint_eq(l.n, 3);
    hw_prefix_list_free(&l);
    rm_tmp();
}
END_TEST

static const char graphml[] =
    "<?xml version=\"1.0\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
    "<key attr.name=\"LinkSpeedRaw\" attr.type=\"double\" for=\"edge\" id=\"d4\"/>\n"
    "<graph edgedefault=\"undirected\">\n<node id=\"a\"/><node id=\"b\"/><node id=\"c\"/>\n"
    "<edge source=\"a\" target=\"b\"><data key=\"d4\">1e10</data></edge>\n"
    "<edge source=\"b\" target=\"c\"><data key=\"d4\">%s</data></edge>\n</graph></graphml>\n";

START_TEST(topology_limits)
{
    make_tmp();
    char text[1024];
    snprintf(text, sizeof text, graphml, "1e308");
    topo_t *t = NULL;
    ck_assert_int_eq(topo_load(write_file("huge.graphml", text), &t), VS_ERANGE);
    HAS("huge.graphml:7: link speed 1e+308 bit/s is out of range (expected at most 1e+15");
    snprintf(text, sizeof text, graphml, "1e15");
    const char *p = write_file("ok.graphml", text);
    ck_assert_int_eq(topo_load(p, &t), VS_OK);
    /* all-pairs routes over the node limit */
    setenv("VROOMSIM_MAX_ROUTES_NODES", "2", 1);
    topo_routes_t *r = NULL;
    ck_assert_int_eq(topo_routes_create(t, TOPO_METRIC_HOPS, &r), VS_ERANGE);
    HAS("a topology for all-pairs routes of 3 nodes is over the limit of 2 nodes (raise it with "
        "VROOMSIM_MAX_ROUTES_NODES=");
    topo_destroy(t);
    /* the file itself over the size limit, before it is parsed */
    setenv("VROOMSIM_MAX_TOPOLOGY", "100", 1);
    ck_assert_int_eq(topo_load(p, &t), VS_ERANGE);
    HAS("ok.graphml: a topology file of ");
    HAS("is over the limit of 100 B (raise it with VROOMSIM_MAX_TOPOLOGY=");
    rm_tmp();
}
END_TEST

/* Rocketfuel routers whose names differ by trailing digits share a POP, and a POP's routers
 * are meshed: 6 routers in one POP ask for 15 links; the grouping is the same as one
 * topo_share_pop per router in turn. */
START_TEST(pop_mesh_limit)
{
    make_tmp();
    const char *p = write_file("weights.intra", "sea1 sea2 1\nsea2 sea3 1\nsea3 sea4 1\n"
                                                "sea4 sea5 1\nsea5 sea6 1\nsea6 chi1 2\n"
                                                "chi1 chi2 1\nnyc1 chi2 3\n");
    topo_t *t = NULL;
    ck_assert_int_eq(topo_load(p, &t), VS_OK);
    ck_assert_uint_eq(topo_pop_count(t), 3);
    ck_assert_str_eq(topo_pop_name(t, topo_node(t, (uint32_t)topo_find_node(t, "chi2"))->pop),
                     "chi");
    ck_assert_uint_eq(topo_node(t, (uint32_t)topo_find_node(t, "nyc1"))->pop, 2);
    topo_pop_config_t cfg = TOPO_POP_CONFIG_DEFAULT;
    topo_pops_t *pops = NULL;
    setenv("VROOMSIM_MAX_POP_LINKS", "16", 1); /* 15 + 1 pairs, 6 of them linked already */
    ck_assert_int_eq(topo_pops_create(t, &cfg, &pops), VS_OK);
    ck_assert_uint_eq(topo_link_count(topo_pops_graph(pops)), 8 + 16 - 6);
    topo_pops_destroy(pops);
    setenv("VROOMSIM_MAX_POP_LINKS", "15", 1);
    ck_assert_int_eq(topo_pops_create(t, &cfg, &pops), VS_ERANGE);
    HAS("(POP 'sea': 6 routers): the intra-POP mesh of 16 links is over the limit of 15 links "
        "(raise it with VROOMSIM_MAX_POP_LINKS=");
    topo_destroy(t);
    rm_tmp();
}
END_TEST

int main(void)
{
    Suite *s = suite_create("limits");
    TCase *tc = tcase_create("limits");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, limit_from_environment);
    tcase_add_test(tc, strmap_many_names);
    tcase_add_test(tc, yaml_alias_depth);
    tcase_add_test(tc, yaml_size_limit);
    tcase_add_test(tc, yaml_duplicate_in_large_mapping);
    tcase_add_test(tc, scenario_many_vrouters);
    tcase_add_test(tc, flow_names_through_maps);
    tcase_add_test(tc, event_links_through_map);
    tcase_add_test(tc, mrt_memory_independent_of_size);
    tcase_add_test(tc, mrt_claimed_length_not_allocated);
    tcase_add_test(tc, tm_streamed_in_chunks);
    tcase_add_test(tc, tm_limit);
    tcase_add_test(tc, prefix_limit);
    tcase_add_test(tc, topology_limits);
    tcase_add_test(tc, pop_mesh_limit);
    suite_add_tcase(s, tc);
    int failed = vs_check_run(s);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
