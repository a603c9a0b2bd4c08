/* scn_set: variants of a scenario by PATH=VALUE — names, indices, link ends, names with '-'
 * and '/', whole lists, values with units, and errors that name the setting. */
#include <stdio.h>
#include <string.h>

#include "vs_check.h"
#include "scenario.h"
#include "scn_set.h"
#include "topo_scn.h"

/* Two parallel links a-b; a router named with '-' and '/'; vr1 and vr3 share their OSPF
 * settings through an alias (an edit through one must leave the other alone). */
static const char *const TEXT =
    "version: 1\n"
    "name: set\n"
    "physical_routers:\n"
    "  - {name: a}\n"
    "  - {name: b}\n"
    "  - {name: chicago-1}\n"
    "  - {name: pop/spare-1, memory: 1GB}\n"
    "links:\n"
    "  - {a: a, b: b, bandwidth: 1Gbps, delay: 1ms}\n"
    "  - {a: b, b: a, bandwidth: 1Gbps, delay: 2ms}\n"
    "  - {a: b, b: chicago-1, bandwidth: 1Gbps, delay: 1ms}\n"
    "  - {a: chicago-1, b: pop/spare-1, bandwidth: 1Gbps, delay: 1ms, migration_bandwidth: 1Gbps}\n"
    "virtual_routers:\n"
    "  - {name: vr1, host: a, ospf: &o {hello: 1s, dead: 4s}}\n"
    "  - {name: vr2, host: b, ospf: {hello: 10s, dead: 40s}}\n"
    "  - {name: vr3, host: chicago-1, ospf: *o}\n"
    "virtual_links:\n"
    "  - {a: vr1, b: vr2}\n"
    "  - {a: vr2, b: vr3}\n"
    "migrations:\n"
    "  - {vr: vr3, to: pop/spare-1, at: 1s}\n";

static const scn_t *base(void)
{
    const scn_t *s = NULL;
    ck_assert_msg(scn_load_string("set.yaml", TEXT, &s) == VS_OK, "%s", vs_errmsg());
    return s;
}

/* base with sets, which must be accepted. */
static const scn_t *derive(const scn_t *b, const char *const *sets, size_t n)
{
    const scn_t *v = NULL;
    vs_err_t err = scn_derive(b, sets, n, &v);
    ck_assert_msg(err == VS_OK, "%s", vs_errmsg());
    return v;
}

static const scn_t *derive1(const scn_t *b, const char *set)
{
    return derive(b, &set, 1);
}

/* set must be refused with status 2 and a message containing want. */
static void refused(const scn_t *b, const char *set, const char *want)
{
    const scn_t *v = NULL;
    vs_err_t err = scn_derive(b, &set, 1, &v);
    ck_assert_msg(err != VS_OK, "accepted %s", set);
    ck_assert_ptr_null(v);
    ck_assert_int_eq(vs_exit_status(err), 2);
    ck_assert_msg(strstr(vs_errmsg(), want), "%s: expected '%s' in: %s", set, want, vs_errmsg());
}

START_TEST(by_name_and_index)
{
    const scn_t *b = base();
    static const char *const sets[] = {"virtual_routers[vr2].ospf.hello=2s",
                                       "migrations[0].memory=pre-copy", "seed=7"};
    const scn_t *v = derive(b, sets, 3);
    const scn_vrouter_t *vr2 = &v->vrouters[scn_vrouter_index(v, "vr2")];
    ck_assert_int_eq(vr2->hello, SIM_S(2));
    ck_assert_int_eq(vr2->dead, SIM_S(40));
    ck_assert_int_eq(v->migrations[0].memory, SCN_MEM_PRE_COPY);
    ck_assert_uint_eq(v->seed, 7);
    ck_assert_str_eq(v->path, "set.yaml");
    /* the base is as it was; an index selects in a named list too */
    ck_assert_int_eq(b->vrouters[1].hello, SIM_S(10));
    ck_assert_int_eq(b->migrations[0].memory, SCN_MEM_STALL_AND_COPY);
    const scn_t *w = derive1(b, "virtual_routers[1].ospf.retransmit=1s");
    ck_assert_int_eq(w->vrouters[1].rxmt, SIM_S(1));
    scn_free(w);
    scn_free(v);
    scn_free(b);
}
END_TEST

START_TEST(links_by_their_ends)
{
    const scn_t *b = base();
    /* either order; names with '-' and '/' */
    const scn_t *v = derive1(b, "links[pop/spare-1,chicago-1].delay=3ms");
    ck_assert_int_eq(v->links[3].delay, SIM_MS(3));
    scn_free(v);
    v = derive1(b, "links[chicago-1, b].bandwidth=10Gbps");
    ck_assert_double_eq(v->links[2].bandwidth_bps, 10e9);
    scn_free(v);
    /* parallel links: which one, by an index among them */
    v = derive1(b, "links[a,b,1].delay=5ms");
    ck_assert_int_eq(v->links[0].delay, SIM_MS(1));
    ck_assert_int_eq(v->links[1].delay, SIM_MS(5));
    scn_free(v);
    refused(b, "links[a,b].delay=5ms", "2 links join 'a' and 'b': say which, links[a,b,0]");
    refused(b, "links[a,b,2].delay=5ms", "2 links join 'a' and 'b' (indices 0 to 1)");
    refused(b, "links[a,chicago-1].delay=5ms", "no link joins 'a' and 'chicago-1'");
    /* virtual links the same way */
    v = derive1(b, "virtual_links[vr3,vr2].rehoming=gre");
    ck_assert_int_eq(v->vlinks[1].rehome, SCN_REHOME_GRE);
    scn_free(v);
    /* and a name with '/' in a named list */
    v = derive1(b, "physical_routers[pop/spare-1].memory=512MiB");
    ck_assert_int_eq(v->prouters[3].memory_bytes, INT64_C(512) << 20);
    scn_free(v);
    v = derive1(b, "links[ 'chicago-1' , \"pop/spare-1\" ].delay=7ms"); /* quoted, spaced */
    ck_assert_int_eq(v->links[3].delay, SIM_MS(7));
    scn_free(v);
    /* and the file's checks: load + migration_bandwidth above the bandwidth */
    refused(b, "links[chicago-1,pop/spare-1].load=100Mbps", "load plus migration_bandwidth exceeds");
    scn_free(b);
}
END_TEST

START_TEST(whole_lists)
{
    const scn_t *b = base();
    const scn_t *v = derive1(b, "migrations=[]");
    ck_assert_uint_eq(v->n_migrations, 0);
    scn_free(v);
    v = derive1(b, "events=[{at: 2s, link_flap: [vr1, vr2], down_for: 250ms}, "
                   "{at: 3s, link_flap: [vr3, vr2]}]");
    ck_assert_uint_eq(v->n_events, 2);
    ck_assert_int_eq(v->events[0].at, SIM_S(2));
    ck_assert_int_eq(v->events[0].down_for, SIM_MS(250));
    ck_assert_int_eq(v->events[1].down_for, SIM_S(1));
    /* a variant of a variant keeps the settings before */
    const scn_t *w = derive1(v, "events[1].at=4s");
    scn_free(v);
    ck_assert_uint_eq(w->n_events, 2);
    ck_assert_int_eq(w->events[1].at, SIM_S(4));
    /* an item replaced whole, and removed */
    const scn_t *x = derive1(w, "events[0]={at: 1s, link_flap: [vr2, vr1]}");
    ck_assert_int_eq(x->events[0].at, SIM_S(1));
    ck_assert_int_eq(x->events[0].down_for, SIM_S(1));
    scn_free(x);
    x = derive1(w, "events[0]=~");
    ck_assert_uint_eq(x->n_events, 1);
    ck_assert_int_eq(x->events[0].at, SIM_S(4));
    scn_free(x);
    scn_free(w);
    scn_free(b);
}
END_TEST

/* A key the file leaves out may be set; ~ removes one so its default applies; an alias's
 * other users keep its values. */
START_TEST(keys_added_and_removed)
{
    const scn_t *b = base();
    const scn_t *v = derive1(b, "virtual_routers[vr1].ospf.retransmit=2s");
    ck_assert_int_eq(v->vrouters[0].rxmt, SIM_S(2));
    ck_assert_int_eq(v->vrouters[2].rxmt, SIM_S(5)); /* vr3 shares vr1's ospf in the file */
    scn_free(v);
    v = derive1(b, "virtual_routers[vr2].ospf.dead=~");
    ck_assert_int_eq(v->vrouters[1].dead, SIM_S(40)); /* 4 x hello again */
    scn_free(v);
    v = derive1(b, "virtual_routers[vr2].bgp.routes=1000");
    ck_assert(v->vrouters[1].bgp);
    ck_assert_int_eq(v->vrouters[1].bgp_routes, 1000);
    scn_free(v);
    v = derive1(b, "virtual_routers[vr2].ospf=~");
    ck_assert(!v->vrouters[1].ospf);
    scn_free(v);
    scn_free(b);
}
END_TEST

START_TEST(errors_name_the_setting)
{
    const scn_t *b = base();
    refused(b, "virtual_routers[vr9].ospf.hello=1s",
            "--set virtual_routers[vr9].ospf.hello=1s: no virtual router named 'vr9' (have: vr1, vr2, vr3)");
    refused(b, "migrations[3].memory=pre-copy", "migrations[3]: no such item (migrations has 1: indices 0 to 0)");
    refused(b, "events[0].at=1s", "no 'events' list");
    refused(b, "migrations[0].memory=pre_copy",
            "--set migrations[0].memory=pre_copy: memory: unknown value 'pre_copy' (did you mean 'pre-copy'?");
    refused(b, "virtual_routers[vr2].ospf.hello=fast",
            "--set virtual_routers[vr2].ospf.hello=fast: hello: 'fast' is not a duration");
    refused(b, "virtual_routers[vr2].ospf.helo=1s",
            "--set virtual_routers[vr2].ospf.helo=1s: unknown key 'helo' (did you mean 'hello'?)");
    /* a check of the whole: the file's dead (40 s) no longer exceeds hello */
    refused(b, "virtual_routers[vr2].ospf.hello=50s", "dead interval must be larger than the hello interval");
    refused(b, "virtual_routers[vr2].ospf.hello=50s", "(with --set virtual_routers[vr2].ospf.hello=50s)");
    refused(b, "virtual_routers[vr2].ospf.dead=5s",
            "--set virtual_routers[vr2].ospf.dead=5s: dead interval must be larger");
    refused(b, "links[a,b,x].delay=1ms", "an index (0, 1, ...)");
    refused(b, "links[0].dalay=1ms", "unknown key 'dalay' (did you mean 'delay'?)");
    refused(b, "migrations.vr=vr1", "'migrations' is a list: select an item");
    refused(b, "name.x=1", "'name' is a single value");
    refused(b, "virtual_routers[vr1]ospf=1", "bad path");
    refused(b, "virtual_routers[vr1.ospf=1", "a '[' is not closed");
    refused(b, "seed", "expected PATH=VALUE");
    refused(b, "seed=", "no value after '='");
    refused(b, "events=[{at: 2s", "--set events=[{at: 2s: VALUE:");
    refused(b, "migrations[0].to=vr1", "to: no physical router named 'vr1'");
    scn_free(b);
}
END_TEST

/* Links and routers a topology file makes are not in the YAML: the error says so. */
START_TEST(topology_paths)
{
    scn_set_topology_reader(topo_scn_reader);
    const scn_t *b = NULL;
    const char *text = "version: 1\n"
                       "topology: {file: builtin:abilene, routers_per_pop: 2}\n"
                       "physical_routers:\n  - {name: extra, pop: Chicago}\n"
                       "links:\n  - {a: extra, b: Chicago-1, bandwidth: 1Gbps, delay: 1us}\n"
                       "migrations:\n  - {vr: vr-Chicago, to: extra, at: 1s}\n";
    ck_assert_msg(scn_load_string("topo.yaml", text, &b) == VS_OK, "%s", vs_errmsg());
    const char *ok = "links[Chicago-1,extra].delay=2us";
    const scn_t *v = derive(b, &ok, 1);
    ck_assert_int_eq(v->links[v->n_links - 1].delay, SIM_US(2));
    scn_free(v);
    refused(b, "links[Indianapolis,Chicago-1].delay=1ms",
            "the link between 'Indianapolis' and 'Chicago-1' is made from the topology file "
            "(topology: builtin:abilene)");
    refused(b, "physical_routers[Chicago-2].memory=1GB", "is made from the topology file");
    refused(b, "virtual_routers[vr-Chicago].ospf.hello=1s", "is made from the topology file");
    const char *no_links = "version: 1\ntopology: {file: builtin:abilene}\n";
    const scn_t *c = NULL;
    ck_assert_msg(scn_load_string("t2.yaml", no_links, &c) == VS_OK, "%s", vs_errmsg());
    refused(c, "links[0].delay=1ms", "a path cannot reach it");
    scn_free(c);
    scn_free(b);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("scn_set");
    TCase *tc = tcase_create("paths");
    tcase_add_test(tc, by_name_and_index);
    tcase_add_test(tc, links_by_their_ends);
    tcase_add_test(tc, whole_lists);
    tcase_add_test(tc, keys_added_and_removed);
    tcase_add_test(tc, errors_name_the_setting);
    tcase_add_test(tc, topology_paths);
    suite_add_tcase(s, tc);
    return vs_check_run(s) ? 1 : 0;
}
