#include "run_freeze.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "run.h"
#include "scenario.h"

vs_err_t run_freeze_downtime(const char *proto, int64_t routes, const char *profile, uint64_t seed,
                             sim_time_t *downtime)
{
    if (strcmp(proto, "ospf") != 0 && strcmp(proto, "bgp") != 0)
        return vs_fail(VS_EUSAGE, "unknown protocol '%s' (expected ospf or bgp)", proto);
    if (strchr(profile, '"') || strchr(profile, '\n'))
        return vs_fail(VS_EUSAGE, "--profile: '%s' is not a profile name or path", profile);
    /* Two hosts of the given class joined by a Gigabit link reserved for the migration;
     * a BGP router also runs OSPF, whose (empty) table is Table 1's 0-route point. */
    bool bgp = strcmp(proto, "bgp") == 0;
    char vr[256], text[2048];
    if (bgp)
        snprintf(vr, sizeof vr, "  - {name: vr, host: a, ospf: {}, bgp: {routes: %lld}, fib_entries: 1}\n",
                 (long long)routes);
    else
        snprintf(vr, sizeof vr, "  - {name: vr, host: a, ospf: {routes: %lld}, fib_entries: 1}\n",
                 (long long)routes);
    snprintf(text, sizeof text,
             "version: 1\n"
             "name: freeze\n"
             "seed: %llu\n"
             "physical_routers:\n"
             "  - {name: a, host: \"%s\", data_plane: linux-ipbatch}\n"
             "  - {name: b, host: \"%s\", data_plane: linux-ipbatch}\n"
             "links:\n"
             "  - {a: a, b: b, bandwidth: 1Gbps, delay: 0.1ms, migration_bandwidth: 1Gbps}\n"
             "virtual_routers:\n"
             "%s"
             "migrations:\n"
             "  - {vr: vr, to: b, at: 1s, memory: stall-and-copy}\n",
             (unsigned long long)seed, profile, profile, vr);
    const scn_t *scn = NULL;
    run_results_t *res = NULL;
    vs_err_t err = scn_load_string("(--routes/--profile)", text, &scn);
    if (!err)
        err = run_scenario(scn, NULL, &res);
    if (!err)
        *downtime = res->results[0].downtime;
    run_results_free(res);
    scn_free(scn);
    return err;
}
