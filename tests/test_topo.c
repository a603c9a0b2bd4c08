/* topologies/: the graph type, built-ins, readers on small hand-written files (good and bad),
 * the igraph adapter and the POP expansion. Needs no shared data (test_topo_zoo does). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vs_check.h"
#include "topo.h"
#include "topo_algo.h"
#include "topo_builtin.h"
#include "topo_internal.h"
#include "topo_pop.h"

#include "vs_tmp.h"

START_TEST(builtin_testbeds)
{
    topo_t *t;
    ck_assert_int_eq(topo_load("builtin:diamond", &t), VS_OK);
    ck_assert_uint_eq(topo_node_count(t), 4);
    ck_assert_uint_eq(topo_link_count(t), 5);
    ck_assert_double_eq(topo_link(t, 0)->capacity_bps, 1e9);
    topo_destroy(t);
    ck_assert_int_eq(topo_load("builtin:dumbbell", &t), VS_OK);
    ck_assert_uint_eq(topo_node_count(t), 6);
    topo_destroy(t);
    ck_assert_int_eq(topo_load("builtin:abilene", &t), VS_OK);
    ck_assert_uint_eq(topo_node_count(t), 12);
    ck_assert_uint_eq(topo_pop_count(t), 11);
    long c1 = topo_find_node(t, "Chicago-1"), c2 = topo_find_node(t, "Chicago-2");
    ck_assert_int_eq(c1, 4); /* VR5 sits on node index 4 */
    ck_assert_int_ge(c2, 0);
    ck_assert_uint_eq(topo_node(t, c1)->pop, topo_node(t, c2)->pop);
    ck_assert_str_eq(topo_pop_name(t, topo_node(t, c1)->pop), "Chicago");
    /* VR5's neighbours are VR4 (New York) and VR6 (Indianapolis), Section 6.4. */
    int n4 = 0, n6 = 0;
    for (size_t k = 0; k < topo_link_count(t); k++) {
        const topo_link_t *l = topo_link(t, k);
        if ((l->a == 4 && l->b == 3) || (l->a == 3 && l->b == 4))
            n4++;
        if ((l->a == 4 && l->b == 5) || (l->a == 5 && l->b == 4))
            n6++;
    }
    ck_assert_int_eq(n4, 1);
    ck_assert_int_eq(n6, 1);
    topo_destroy(t);
    ck_assert_int_eq(topo_load("builtin:nosuch", &t), VS_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "abilene"));
    ck_assert_int_eq(topo_load("builtin:grid:0", &t), VS_EINVAL);
}
END_TEST

START_TEST(generators)
{
    topo_t *a, *b, *c;
    ck_assert_int_eq(topo_load("builtin:grid:5", &a), VS_OK);
    ck_assert_uint_eq(topo_node_count(a), 25);
    ck_assert_uint_eq(topo_link_count(a), 40);
    topo_destroy(a);
    ck_assert_int_eq(topo_load("builtin:random:200:7", &a), VS_OK);
    ck_assert_int_eq(topo_load("builtin:random:200:7", &b), VS_OK);
    ck_assert_int_eq(topo_load("builtin:random:200:8", &c), VS_OK);
    ck_assert_uint_eq(topo_link_count(a), topo_link_count(b));
    ck_assert_uint_eq(topo_link_count(a), (size_t)llround(TOPO_RANDOM_MEAN_DEGREE * 100));
    int same = 1, diff = 0;
    for (size_t k = 0; k < topo_link_count(a); k++) {
        same &= topo_link(a, k)->a == topo_link(b, k)->a && topo_link(a, k)->b == topo_link(b, k)->b;
        diff |= topo_node(a, k % 200)->lat != topo_node(c, k % 200)->lat;
    }
    ck_assert(same);
    ck_assert(diff);
    topo_stats_t st;
    ck_assert_int_eq(topo_stats(a, &st), VS_OK);
    ck_assert_uint_eq(st.components, 1);
    topo_destroy(a);
    topo_destroy(b);
    topo_destroy(c);
}
END_TEST

START_TEST(geo)
{
    /* New York - Los Angeles: 3,936 km by the haversine formula on a 6371 km sphere. */
    double km = topo_great_circle_km(40.71427, -74.00597, 34.05223, -118.24368);
    ck_assert_double_eq_tol(km, 3936.0, 5.0);
    ck_assert_int_eq(topo_fibre_delay_ns(1000.0), 4897375);
    ck_assert_double_eq_tol(topo_great_circle_km(1, 2, 1, 2), 0.0, 1e-9);
}
END_TEST

START_TEST(speed_labels)
{
    ck_assert_double_eq(topo__speed_from_label("45 Mbps DS-3"), 45e6);
    ck_assert_double_eq(topo__speed_from_label("2x10Gb/s"), 20e9);
    ck_assert_double_eq_tol(topo__speed_from_label("OC192/STM64"), 192 * 51.84e6, 1);
    ck_assert_double_eq_tol(topo__speed_from_label("OC-192c"), 192 * 51.84e6, 1);
    ck_assert_double_eq_tol(topo__speed_from_label("STM-16"), 16 * 155.52e6, 1);
    ck_assert_double_eq(topo__speed_from_label("1-20Gbps"), 0);
    ck_assert_double_eq(topo__speed_from_label("10-34 Mb/s"), 0);
    ck_assert_double_eq(topo__speed_from_label("Completion 2007-2008"), 0);
    ck_assert_double_eq(topo__speed_from_label("Green Link"), 0);
    ck_assert_double_eq(topo__speed_from_label("Conexion G-REUNA 1 Gbps"), 1e9);
}
END_TEST

static const char *graphml_head =
    "<?xml version=\"1.0\"?>\n"
    "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
    "  <key attr.name=\"label\" attr.type=\"string\" for=\"node\" id=\"d1\"/>\n"
    "  <key attr.name=\"Latitude\" attr.type=\"double\" for=\"node\" id=\"d2\"/>\n"
    "  <key attr.name=\"Longitude\" attr.type=\"double\" for=\"node\" id=\"d3\"/>\n"
    "  <key attr.name=\"LinkSpeedRaw\" attr.type=\"double\" for=\"edge\" id=\"d4\"/>\n"
    "  <key attr.name=\"LinkLabel\" attr.type=\"string\" for=\"edge\" id=\"d5\"/>\n"
    "  <graph edgedefault=\"undirected\">\n";

START_TEST(graphml_good)
{
    make_tmp();
    char text[4096];
    snprintf(text, sizeof text,
             "%s"
             "    <node id=\"0\"><data key=\"d1\">A</data><data key=\"d2\">40.7</data>"
             "<data key=\"d3\">-74.0</data></node>\n"
             "    <node id=\"1\"><data key=\"d1\">B</data><data key=\"d2\">34.05</data>"
             "<data key=\"d3\">-118.24</data></node>\n"
             "    <node id=\"2\"><data key=\"d1\">A</data></node>\n"
             "    <node id=\"3\"></node>\n"
             "    <edge source=\"0\" target=\"1\"><data key=\"d4\">2500000000.0</data></edge>\n"
             "    <edge source=\"0\" target=\"1\"><data key=\"d5\">OC-48</data></edge>\n"
             "    <edge source=\"1\" target=\"2\"/>\n"
             "    <edge source=\"2\" target=\"2\"/>\n"
             "    <edge source=\"2\" target=\"3\"/>\n"
             "  </graph>\n</graphml>\n",
             graphml_head);
    const char *p = write_file("g.graphml", text);
    topo_t *t;
    ck_assert_int_eq(topo_load(p, &t), VS_OK);
    ck_assert_uint_eq(topo_node_count(t), 4);
    ck_assert_uint_eq(topo_link_count(t), 4); /* parallel kept, self-loop dropped */
    ck_assert_uint_eq(topo_dropped_self_loops(t), 1);
    /* Repeated labels get the id; a missing label becomes "node ID". */
    ck_assert_int_ge(topo_find_node(t, "A (0)"), 0);
    ck_assert_int_ge(topo_find_node(t, "A (2)"), 0);
    ck_assert_int_ge(topo_find_node(t, "node 3"), 0);
    ck_assert_double_eq(topo_link(t, 0)->capacity_bps, 2.5e9);
    ck_assert_int_eq(topo_link(t, 0)->capacity_source, TOPO_SRC_FILE);
    ck_assert_int_eq(topo_link(t, 1)->capacity_source, TOPO_SRC_LABEL);
    ck_assert_int_eq(topo_link(t, 2)->capacity_source, TOPO_SRC_DEFAULT);
    ck_assert_double_eq(topo_link(t, 2)->capacity_bps, TOPO_DEFAULT_CAPACITY_BPS);
    ck_assert_int_eq(topo_link(t, 0)->delay_source, TOPO_SRC_DERIVED);
    ck_assert_int_gt(topo_link(t, 0)->delay_ns, 19000000); /* ~3,936 km: 19.3 ms */
    ck_assert_int_lt(topo_link(t, 0)->delay_ns, 19500000);
    ck_assert_int_eq(topo_link(t, 2)->delay_source, TOPO_SRC_DEFAULT);
    ck_assert_int_eq(topo_link(t, 2)->delay_ns, TOPO_DEFAULT_DELAY_NS);
    topo_destroy(t);
    rm_tmp();
}
END_TEST

START_TEST(graphml_bad)
{
    make_tmp();
    topo_t *t = NULL;
    const char *p = write_file("broken.graphml", "<?xml version=\"1.0\"?>\n<graphml>\n<graph>\n"
                                                 "<node id=\"0\">\n</graph>\n</graphml>\n");
    ck_assert_int_eq(topo_load(p, &t), VS_EPARSE);
    ck_assert_ptr_null(t);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "broken.graphml:"));
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "malformed XML"));

    char text[4096];
    snprintf(text, sizeof text,
             "%s    <node id=\"0\"/>\n    <edge source=\"0\" target=\"9\"/>\n"
             "  </graph>\n</graphml>\n", graphml_head);
    p = write_file("dangling.graphml", text);
    ck_assert_int_eq(topo_load(p, &t), VS_EPARSE);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "dangling.graphml:10:"));
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "edge 9 is not the id of a <node>"));

    snprintf(text, sizeof text,
             "%s    <node id=\"0\"><data key=\"d2\">north</data><data key=\"d3\">1</data></node>\n"
             "  </graph>\n</graphml>\n", graphml_head);
    p = write_file("lat.graphml", text);
    ck_assert_int_eq(topo_load(p, &t), VS_EPARSE);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "Latitude 'north'"));

    p = write_file("other.xml", "<?xml version=\"1.0\"?>\n<svg></svg>\n");
    ck_assert_int_eq(topo_load(p, &t), VS_EPARSE);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "expected <graphml>"));

    p = write_file("empty.graphml", "");
    ck_assert_int_eq(topo_load(p, &t), VS_EPARSE);
    ck_assert_int_eq(topo_load("/nonexistent/x.graphml", &t), VS_ENOTFOUND);
    ck_assert_int_eq(vs_exit_status(VS_EPARSE), 2);
    rm_tmp();
}
END_TEST

START_TEST(sndlib_native)
{
    make_tmp();
    const char *good =
        "?SNDlib native format; type: network; version: 1.0\n"
        "# network tiny\n\n"
        "META (\n  unit = MBITPERSEC\n)\n\n"
        "NODES (\n  A ( 10.0 50.0 )\n  B ( 11.0 50.0 )\n  C ( 12.0 51.0 )\n)\n\n"
        "LINKS (\n"
        "  L1 ( A B ) 2480.00 0.00 0.00 0.00 ( 40000.00 133.00 )\n"
        "  L2 ( B C ) 0.00 0.00 7.00 0.00 ( 40.00 1.00 )\n"
        ")\n";
    topo_t *t;
    ck_assert_int_eq(topo_load(write_file("tiny.txt", good), &t), VS_OK);
    ck_assert_uint_eq(topo_node_count(t), 3);
    ck_assert_uint_eq(topo_link_count(t), 2);
    ck_assert_double_eq(topo_link(t, 0)->capacity_bps, 2480e6);
    ck_assert_int_eq(topo_link(t, 1)->capacity_source, TOPO_SRC_DEFAULT);
    ck_assert_uint_eq(topo_link(t, 1)->weight[0], 7);
    ck_assert(topo_node(t, 0)->has_coords);
    ck_assert_double_eq(topo_node(t, 0)->lat, 50.0);
    topo_destroy(t);
    const char *bad =
        "?SNDlib native format; type: network; version: 1.0\n"
        "NODES (\n  A ( 10.0 50.0 )\n  B ( 11.0 50.0 )\n)\n"
        "LINKS (\n  L1 ( A Z ) 1 0 0 0 ( )\n)\n";
    ck_assert_int_eq(topo_load(write_file("bad.txt", bad), &t), VS_EPARSE);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "bad.txt:7:"));
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "'Z'"));
    const char *few =
        "?SNDlib native format; type: network; version: 1.0\n"
        "NODES (\n  A ( 10.0 50.0 )\n  B ( 11.0 50.0 )\n)\n"
        "LINKS (\n  L1 ( A B ) 1 0\n)\n";
    ck_assert_int_eq(topo_load(write_file("few.txt", few), &t), VS_EPARSE);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "few.txt:7:"));
    rm_tmp();
}
END_TEST

START_TEST(sndlib_xml)
{
    make_tmp();
    const char *x =
        "<?xml version=\"1.0\"?>\n<network xmlns=\"http://sndlib.zib.de/network\" version=\"1.0\">\n"
        " <networkStructure>\n  <nodes coordinatesType=\"pixel\">\n"
        "   <node id=\"A\"><coordinates><x>100</x><y>200</y></coordinates></node>\n"
        "   <node id=\"B\"><coordinates><x>300</x><y>400</y></coordinates></node>\n"
        "  </nodes>\n  <links>\n"
        "   <link id=\"L\"><source>A</source><target>B</target>\n"
        "    <preInstalledModule><capacity>155</capacity><cost>0</cost></preInstalledModule>\n"
        "   </link>\n  </links>\n </networkStructure>\n</network>\n";
    topo_t *t;
    ck_assert_int_eq(topo_load(write_file("px.xml", x), &t), VS_OK);
    ck_assert(!topo_node(t, 0)->has_coords); /* pixel coordinates are not geography */
    ck_assert_double_eq(topo_link(t, 0)->capacity_bps, 155e6);
    ck_assert_int_eq(topo_link(t, 0)->delay_source, TOPO_SRC_DEFAULT);
    topo_destroy(t);
    const char *bad =
        "<?xml version=\"1.0\"?>\n<network xmlns=\"http://sndlib.zib.de/network\">\n"
        " <networkStructure>\n  <nodes>\n   <node id=\"A\"/>\n  </nodes>\n  <links>\n"
        "   <link id=\"L\"><source>A</source><target>Q</target></link>\n"
        "  </links>\n </networkStructure>\n</network>\n";
    ck_assert_int_eq(topo_load(write_file("bad.xml", bad), &t), VS_EPARSE);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "bad.xml:8:"));
    rm_tmp();
}
END_TEST

/* Loads text as the file name and expects err with msg in the message. */
static void expect_refused(const char *name, const char *text, vs_err_t err, const char *msg)
{
    topo_t *t = NULL;
    ck_assert_int_eq(topo_load(write_file(name, text), &t), err);
    ck_assert_msg(strstr(vs_errmsg(), msg), "got: %s", vs_errmsg());
    ck_assert_ptr_null(t);
}

/* One coordinate outside the globe in an otherwise geographic file is a typo, refused at
 * its line (before, every node's coordinates were dropped and all delays became 1 ms);
 * a file whose nodes are mostly outside is in pixel coordinates, as 10 of SNDlib's 26
 * native networks are, and loads without them. */
START_TEST(sndlib_bad_coordinates)
{
    make_tmp();
    topo_t *t;
    const char *typo =
        "?SNDlib native format; type: network; version: 1.0\n"
        "NODES (\n  A ( 10.0 50.0 )\n  B ( 11.0 933.75 )\n  C ( 12.0 51.0 )\n)\n"
        "LINKS (\n  L1 ( A B ) 1 0 0 0 ( )\n)\n";
    expect_refused("typo.txt", typo, VS_ERANGE,
                   "typo.txt:4: node 'B': latitude 933.75 is outside [-90, 90]");
    const char *lon =
        "?SNDlib native format; type: network; version: 1.0\n"
        "NODES (\n  A ( 10.0 50.0 )\n  B ( -181 50.0 )\n  C ( 12.0 51.0 )\n)\n";
    expect_refused("lon.txt", lon, VS_ERANGE,
                   "lon.txt:4: node 'B': longitude -181 is outside [-180, 180]");
    const char *pixel =
        "?SNDlib native format; type: network; version: 1.0\n"
        "NODES (\n  A ( 283.00 248.00 )\n  B ( 56.00 32.00 )\n  C ( 451.00 201.00 )\n)\n";
    ck_assert_int_eq(topo_load(write_file("pixel.txt", pixel), &t), VS_OK);
    ck_assert(!topo_node(t, 1)->has_coords);
    topo_destroy(t);
    const char *xml =
        "<?xml version=\"1.0\"?>\n<network xmlns=\"http://sndlib.zib.de/network\" version=\"1.0\">\n"
        " <networkStructure>\n  <nodes coordinatesType=\"geographical\">\n"
        "   <node id=\"A\"><coordinates><x>10</x><y>50</y></coordinates></node>\n"
        "   <node id=\"B\"><coordinates><x>11</x><y>933.75</y></coordinates></node>\n"
        "  </nodes>\n </networkStructure>\n</network>\n";
    expect_refused("typo.xml", xml, VS_ERANGE,
                   "typo.xml:6: node 'B': latitude 933.75 is outside [-90, 90]");
    rm_tmp();
}
END_TEST

/* A capacity that overflows to infinity once in bit/s was refused naming the network, not
 * the file; now the file and the link's line. */
START_TEST(sndlib_infinite_capacity)
{
    make_tmp();
    const char *big =
        "?SNDlib native format; type: network; version: 1.0\n"
        "NODES (\n  A ( 10.0 50.0 )\n  B ( 11.0 50.0 )\n)\n"
        "LINKS (\n  L1 ( A B ) 1e308 0 0 0 ( )\n)\n";
    expect_refused("big.txt", big, VS_ERANGE,
                   "big.txt:7: link L1: capacity 1e+308 Mbit/s is not a finite");
    const char *inf =
        "?SNDlib native format; type: network; version: 1.0\n"
        "NODES (\n  A ( 10.0 50.0 )\n  B ( 11.0 50.0 )\n)\n"
        "LINKS (\n  L1 ( A B ) 10 0 inf 0 ( )\n)\n";
    expect_refused("inf.txt", inf, VS_ERANGE,
                   "inf.txt:7: link L1: routing cost inf is not a finite");
    const char *xml =
        "<?xml version=\"1.0\"?>\n<network xmlns=\"http://sndlib.zib.de/network\" version=\"1.0\">\n"
        " <networkStructure>\n  <nodes coordinatesType=\"pixel\">\n"
        "   <node id=\"A\"/>\n   <node id=\"B\"/>\n"
        "  </nodes>\n  <links>\n"
        "   <link id=\"L\"><source>A</source><target>B</target>\n"
        "    <preInstalledModule><capacity>1e308</capacity><cost>0</cost></preInstalledModule>\n"
        "   </link>\n  </links>\n </networkStructure>\n</network>\n";
    expect_refused("big.xml", xml, VS_ERANGE,
                   "big.xml:9: link L: capacity 1e+308 Mbit/s is not a finite");
    rm_tmp();
}
END_TEST

/* An SNDlib native network without its "?SNDlib native" line was read as Rocketfuel and
 * refused with "2 fields, expected 3"; its sections say what it is. */
START_TEST(sndlib_native_without_header)
{
    make_tmp();
    topo_t *t;
    const char *x = "# network n\n\nNODES (\n  A ( 10.0 50.0 )\n  B ( 11.0 50.0 )\n)\n\n"
                    "LINKS (\n  L1 ( A B ) 100 0 0 0 ( )\n)\n";
    ck_assert_int_eq(topo_load(write_file("nohead.txt", x), &t), VS_OK);
    ck_assert_uint_eq(topo_node_count(t), 2);
    ck_assert_uint_eq(topo_link_count(t), 1);
    topo_destroy(t);
    const char *bad = "NODES(\n  A ( 10.0 50.0 )\n  B ( 11.0 50.0 )\n)\nLINKS (\n  L1 ( A Q ) 1 0 0 0 ( )\n)\n";
    expect_refused("nohead-bad.txt", bad, VS_EPARSE, "nohead-bad.txt:6: link L1 names node 'Q'");
    rm_tmp();
}
END_TEST

START_TEST(rocketfuel)
{
    make_tmp();
    char dir[512];
    snprintf(dir, sizeof dir, "%s/as1", tmpdir);
    ck_assert_int_eq(mkdir(dir, 0755), 0);
    write_file("as1/weights.intra",
               "Paris1 Paris2 1\nParis2 Paris1 1\nParis1 Lyon7 5\nLyon7 Paris1 6\n"
               "Paris1 Lyon7 9\nLyon7 Paris1 9\nLyon7 Nice3 2\n");
    write_file("as1/latencies.intra",
               "Paris1 Paris2 0.5\nParis2 Paris1 0.5\nParis1 Lyon7 4\nLyon7 Paris1 4\n"
               "Paris1 Lyon7 5\nLyon7 Paris1 5\n");
    topo_t *t;
    ck_assert_int_eq(topo_load(dir, &t), VS_OK);
    ck_assert_uint_eq(topo_node_count(t), 4);
    ck_assert_uint_eq(topo_link_count(t), 4); /* Paris1-Lyon7 twice: parallel stays parallel */
    ck_assert_uint_eq(topo_pop_count(t), 3);  /* Paris, Lyon, Nice */
    int found56 = 0, found99 = 0;
    for (size_t k = 0; k < topo_link_count(t); k++) {
        const topo_link_t *l = topo_link(t, k);
        if (l->weight[0] == 5 && l->weight[1] == 6) {
            found56 = 1;
            ck_assert_int_eq(l->delay_ns, 4000000);
        }
        if (l->weight[0] == 9 && l->weight[1] == 9) {
            found99 = 1;
            ck_assert_int_eq(l->delay_ns, 5000000);
        }
    }
    ck_assert(found56 && found99);
    topo_destroy(t);
    const char *p = write_file("short.intra", "A B 1\nB A 1\nC D\n");
    ck_assert_int_eq(topo_load(p, &t), VS_EPARSE);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "short.intra:3: 2 fields, expected 3"));
    p = write_file("neg.intra", "A B -1\n");
    ck_assert_int_eq(topo_load(p, &t), VS_EPARSE);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "neg.intra:1:"));
    rm_tmp();
}
END_TEST

START_TEST(routes)
{
    topo_init();
    topo_init();
    topo_t *t;
    ck_assert_int_eq(topo_load("builtin:abilene", &t), VS_OK);
    topo_stats_t st;
    ck_assert_int_eq(topo_stats(t, &st), VS_OK);
    ck_assert_uint_eq(st.components, 1);
    ck_assert_int_eq(st.diameter_hops, 5);
    ck_assert_int_gt(st.diameter_delay_ns, 20000000);
    topo_routes_t *r;
    ck_assert_int_eq(topo_routes_create(t, TOPO_METRIC_HOPS, &r), VS_OK);
    uint32_t links[16];
    uint8_t dir[16];
    size_t n;
    long sea = topo_find_node(t, "Seattle"), nyc = topo_find_node(t, "New York");
    ck_assert(topo_routes_path(r, (uint32_t)sea, (uint32_t)nyc, links, dir, 16, &n));
    ck_assert_uint_eq(n, (size_t)topo_routes_cost(r, (uint32_t)sea, (uint32_t)nyc));
    /* The path is a chain from Seattle to New York. */
    uint32_t at = (uint32_t)sea;
    for (size_t i = 0; i < n; i++) {
        const topo_link_t *l = topo_link(t, links[i]);
        ck_assert_uint_eq(dir[i] ? l->b : l->a, at);
        at = dir[i] ? l->a : l->b;
    }
    ck_assert_uint_eq(at, (uint32_t)nyc);
    ck_assert(topo_routes_path(r, 3, 3, links, dir, 16, &n));
    ck_assert_uint_eq(n, 0);
    /* Arc paths (the trace_routing_t shape): arc 2k+d of the same links and directions. */
    uint32_t arcs[16];
    ck_assert(topo_routes_path(r, (uint32_t)sea, (uint32_t)nyc, links, dir, 16, &n));
    ck_assert_uint_eq(topo_routes_arc_path(r, (size_t)sea, (size_t)nyc, arcs, 16), n);
    for (size_t i = 0; i < n; i++)
        ck_assert_uint_eq(arcs[i], 2 * links[i] + dir[i]);
    ck_assert_uint_eq(topo_routes_arc_path(r, (size_t)sea, (size_t)nyc, arcs, 1), n);
    double caps[64];
    topo_arc_capacities(t, caps);
    ck_assert_double_eq(caps[2 * links[0] + 1], topo_link(t, links[0])->capacity_bps);
    topo_routes_destroy(r);
    topo_destroy(t);
    /* Disconnected graph: unreachable pairs. */
    t = topo_create("two", "test");
    ck_assert_int_eq(topo_add_node(t, "x", NULL, NULL), VS_OK);
    ck_assert_int_eq(topo_add_node(t, "y", NULL, NULL), VS_OK);
    ck_assert_int_eq(topo_add_node(t, "x", NULL, NULL), VS_EINVAL);
    ck_assert_int_eq(topo_routes_create(t, TOPO_METRIC_DELAY, &r), VS_OK);
    ck_assert(!topo_routes_path(r, 0, 1, links, dir, 16, &n));
    ck_assert_double_eq(topo_routes_cost(r, 0, 1), -1);
    topo_routes_destroy(r);
    ck_assert_int_eq(topo_stats(t, &st), VS_OK);
    ck_assert_uint_eq(st.components, 2);
    topo_link_t l = {.a = 0, .b = 0, .capacity_bps = 1, .weight = {1, 1}};
    ck_assert_int_eq(topo_add_link(t, &l, NULL), VS_EINVAL);
    l.b = 1;
    l.capacity_bps = -5;
    ck_assert_int_eq(topo_add_link(t, &l, NULL), VS_ERANGE);
    topo_destroy(t);
}
END_TEST

START_TEST(pops)
{
    topo_t *t;
    ck_assert_int_eq(topo_load("builtin:abilene", &t), VS_OK);
    topo_pop_config_t cfg = TOPO_POP_CONFIG_DEFAULT;
    topo_pops_t *p;
    ck_assert_int_eq(topo_pops_create(t, &cfg, &p), VS_OK);
    ck_assert_uint_eq(topo_pops_count(p), 11);
    ck_assert_uint_eq(topo_pops_spares(p), 0);
    ck_assert_uint_eq(topo_pops_intra_links(p), 1); /* Chicago-1 - Chicago-2 */
    topo_pops_destroy(p);
    cfg.routers_per_pop = 3;
    cfg.router_model = "netfpga";
    ck_assert_int_eq(topo_pops_create(t, &cfg, &p), VS_OK);
    const topo_t *g = topo_pops_graph(p);
    ck_assert_uint_eq(topo_node_count(g), 33);
    ck_assert_uint_eq(topo_pops_spares(p), 21);
    ck_assert_uint_eq(topo_pops_intra_links(p), 33); /* 3 per POP, all meshes of 3 */
    ck_assert_str_eq(topo_pops_model(p), "netfpga");
    for (size_t q = 0; q < topo_pops_count(p); q++) {
        const uint32_t *r;
        ck_assert_uint_eq(topo_pops_routers(p, q, &r), 3);
    }
    /* Topology node i keeps index i (its VR starts there). */
    for (size_t i = 0; i < topo_node_count(t); i++)
        ck_assert_str_eq(topo_node(g, i)->name, topo_node(t, i)->name);
    ck_assert_int_ge(topo_find_node(g, "Seattle/spare1"), 0);
    topo_pops_destroy(p);
    cfg.routers_per_pop = 0;
    ck_assert_int_eq(topo_pops_create(t, &cfg, &p), VS_ERANGE);
    topo_destroy(t);
}
END_TEST

START_TEST(bundled)
{
    /* The shipped copies resolve by bare name. */
    topo_t *t;
    ck_assert_int_eq(topo_load("Abilene.graphml", &t), VS_OK);
    ck_assert_uint_eq(topo_node_count(t), 11);
    ck_assert_uint_eq(topo_link_count(t), 14);
    ck_assert_int_eq(topo_link(t, 0)->capacity_source, TOPO_SRC_LABEL);
    topo_destroy(t);
    ck_assert_int_eq(topo_load("Kdl.graphml", &t), VS_OK);
    ck_assert_uint_eq(topo_node_count(t), 754);
    ck_assert_uint_eq(topo_link_count(t), 899);
    topo_destroy(t);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("topo");
    TCase *tc = tcase_create("topo");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, builtin_testbeds);
    tcase_add_test(tc, generators);
    tcase_add_test(tc, geo);
    tcase_add_test(tc, speed_labels);
    tcase_add_test(tc, graphml_good);
    tcase_add_test(tc, graphml_bad);
    tcase_add_test(tc, sndlib_native);
    tcase_add_test(tc, sndlib_xml);
    tcase_add_test(tc, sndlib_bad_coordinates);
    tcase_add_test(tc, sndlib_infinite_capacity);
    tcase_add_test(tc, sndlib_native_without_header);
    tcase_add_test(tc, rocketfuel);
    tcase_add_test(tc, routes);
    tcase_add_test(tc, pops);
    tcase_add_test(tc, bundled);
    suite_add_tcase(s, tc);
    int failed = vs_check_run(s);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
