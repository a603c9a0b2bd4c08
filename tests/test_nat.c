/* models/dc_nat: the three-tier datacenter and NAT-based Service Switching (seed 004). */
#include <stdio.h>
#include <string.h>

#include "vs_check.h"
#include "dc_nat.h"

static dc_t dc;

START_TEST(one_move_derives_six_rules_two_routes)
{
    dc_build(&dc, 2, 2);
    int vm = dc_add_host(&dc, "vm", 0, 3);
    ck_assert_int_eq(dc_move(&dc, vm, 1), 10);
    int rules, routes, proxy;
    dc_move_counts(&dc, 0, &rules, &routes, &proxy);
    ck_assert_int_eq(rules, 6);
    ck_assert_int_eq(routes, 2);
    ck_assert_int_eq(proxy, 2);
    /* The care-of address is in the foreign subnet; the VM keeps its home address. */
    char a[16];
    dc_ip_str(dc.n[vm].care_of, a, sizeof a);
    ck_assert_str_eq(a, "192.168.11.2");
    dc_ip_str(dc_addr(&dc, vm), a, sizeof a);
    ck_assert_str_eq(a, "192.168.10.3");
}
END_TEST

/* Before any configuration, a VM moved to another subnet is unreachable; after the derived
 * configuration, the external host reaches it and it reaches the external host. */
START_TEST(reachability_needs_the_derivation)
{
    dc_build(&dc, 2, 2);
    int vm = dc_add_host(&dc, "vm", 0, 3);
    char why[160];
    ck_assert(dc_deliver(&dc, dc.ext_host, dc_addr(&dc, vm), why, sizeof why));
    dc_move(&dc, vm, 3);
    ck_assert(dc_deliver(&dc, dc.ext_host, dc_addr(&dc, vm), why, sizeof why));
    ck_assert(dc_deliver(&dc, vm, dc_addr(&dc, dc.ext_host), why, sizeof why));
    for (int i = 0; i < dc.n_items; i++)
        dc.disabled[i] = true;
    ck_assert(!dc_deliver(&dc, dc.ext_host, dc_addr(&dc, vm), why, sizeof why));
    ck_assert(!dc_deliver(&dc, vm, dc_addr(&dc, dc.ext_host), why, sizeof why));
}
END_TEST

/* The eight cases of Fig. 3 and, for every item derived for C's move plus the proxy
 * entries, exactly the cases that depend on it (the table of docs/mechanisms.md). */
START_TEST(eight_cases_and_ablation)
{
    dc_build(&dc, 2, 2);
    int d = dc_add_host(&dc, "D", 0, 2), b = dc_add_host(&dc, "B", 1, 2);
    int c = dc_add_host(&dc, "C", 0, 3), ds = dc_add_host(&dc, "D*", 0, 4), dss = dc_add_host(&dc, "D**", 0, 5);
    ck_assert_int_gt(dc_move(&dc, dss, 2), 0);
    ck_assert_int_gt(dc_move(&dc, ds, 1), 0);
    ck_assert_int_gt(dc_move(&dc, c, 1), 0);
    int e = dc.ext_host;
    const int cases[8][2] = {{c, e}, {e, c}, {c, d}, {d, c}, {c, b}, {b, c}, {c, ds}, {c, dss}};
    char why[160];
    for (int k = 0; k < 8; k++)
        ck_assert_msg(dc_deliver(&dc, cases[k][0], dc_addr(&dc, cases[k][1]), why, sizeof why), "case %d: %s",
                      k + 1, why);
    static const struct {
        const char *item;
        unsigned cases;
    } deps[] = {
        {"core: DNAT 192.168.10.3", 0x02},    {"core: SNAT 192.168.11.4", 0x01},
        {"access1: DNAT 192.168.11.4", 0x0a}, {"access1: SNAT 192.168.10.3", 0x85},
        {"access1: route 192.168.10.3/", 0x2a}, {"access0: DNAT 192.168.10.3", 0x08},
        {"access0: SNAT 192.168.11.4", 0x04}, {"access0: route 192.168.10.3/", 0x08},
        {"access2: DNAT 192.168.10.3", 0x00}, {"access2: SNAT 192.168.11.4", 0x80},
        {"access1: proxy ARP", 0x95},        {"access0: proxy ARP", 0x08},
        {"access1: route 192.168.10.4/", 0x40},
    };
    for (size_t q = 0; q < sizeof deps / sizeof deps[0]; q++) {
        int item = -1;
        for (int i = 0; i < dc.n_items && item < 0; i++)
            if (strncmp(dc.items[i].text, deps[q].item, strlen(deps[q].item)) == 0)
                item = i;
        ck_assert_msg(item >= 0, "no item '%s'", deps[q].item);
        dc.disabled[item] = true;
        unsigned broken = 0;
        for (int k = 0; k < 8; k++)
            if (!dc_deliver(&dc, cases[k][0], dc_addr(&dc, cases[k][1]), why, sizeof why))
                broken |= 1u << k;
        dc.disabled[item] = false;
        ck_assert_msg(broken == deps[q].cases, "%s: broke 0x%02x, expected 0x%02x", dc.items[item].text, broken,
                      deps[q].cases);
    }
}
END_TEST

START_TEST(moves_not_modelled_are_refused)
{
    dc_build(&dc, 1, 2);
    int vm = dc_add_host(&dc, "vm", 0, 3);
    ck_assert_int_eq(dc_move(&dc, vm, 0), -1); /* to its own rack */
    ck_assert_int_gt(dc_move(&dc, vm, 1), 0);
    ck_assert_int_eq(dc_move(&dc, vm, 0), -1); /* a second move */
}
END_TEST

int main(void)
{
    Suite *s = suite_create("nat");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, one_move_derives_six_rules_two_routes);
    tcase_add_test(tc, reachability_needs_the_derivation);
    tcase_add_test(tc, eight_cases_and_ablation);
    tcase_add_test(tc, moves_not_modelled_are_refused);
    suite_add_tcase(s, tc);
    int failed = vs_check_run(s);
    return failed ? 1 : 0;
}
