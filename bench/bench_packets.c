#include "bench_packets.h"

#include <stdlib.h>
#include <string.h>

#include "bench_clock.h"
#include "net.h"
#include "scenario.h"
#include "sim.h"
#include "traffic.h"

/* The workload of the issue, exactly. */
static const char chain_yaml[] =
    "version: 1\n"
    "name: bench-packets-chain\n"
    "until: 10s\n"
    "physical_routers:\n"
    "  - {name: p0}\n  - {name: p1}\n  - {name: p2}\n  - {name: p3}\n"
    "links:\n"
    "  - {a: p0, b: p1, bandwidth: 1Gbps, delay: 1ms}\n"
    "  - {a: p1, b: p2, bandwidth: 1Gbps, delay: 1ms}\n"
    "  - {a: p2, b: p3, bandwidth: 1Gbps, delay: 1ms}\n"
    "virtual_routers:\n"
    "  - {name: v0, host: p0}\n  - {name: v1, host: p1}\n  - {name: v2, host: p2}\n  - {name: v3, host: p3}\n"
    "virtual_links:\n"
    "  - {a: v0, b: v1}\n  - {a: v1, b: v2}\n  - {a: v2, b: v3}\n"
    "data_plane: {model: packet, cpu: false, buffer: 1000 packets}\n"
    "flows:\n"
    "  - {name: udp, from: v0, to: v3, kind: cbr, rate: 900Mbps, packet: 1500B}\n";

/* One run: the clock covers building the data plane and running the events. */
static vs_err_t one(const scn_t *scn, double *secs, double *cpu, uint64_t *delivered, uint64_t *events)
{
    sim_t *sim = NULL;
    net_t *net = NULL;
    tfc_t *tfc = NULL;
    tfc_results_t r = {0};
    sim_config_t sc = {.seed = 1};
    double t0 = bench_wall_s(), c0 = bench_cpu_s();
    vs_err_t err = sim_create(&sc, &sim);
    if (!err)
        err = net_create(sim, scn, &net);
    if (!err)
        err = tfc_create(sim, net, scn, &tfc);
    if (!err) {
        tfc_start(tfc);
        sim_run(sim, scn->until);
        *secs = bench_wall_s() - t0;
        *cpu = bench_cpu_s() - c0;
        if (!(err = tfc_results(tfc, &r))) {
            *delivered = r.flows[0].received;
            *events = r.events;
        }
    }
    tfc_results_free(&r);
    tfc_destroy(tfc);
    net_destroy(net);
    sim_destroy(sim);
    return err;
}

vs_err_t bench_packets_run(const bench_packets_config_t *cfg, bench_packets_result_t *out)
{
    memset(out, 0, sizeof *out);
    const scn_t *scn;
    vs_err_t err = scn_load_string("bench-packets", chain_yaml, &scn);
    if (err)
        return err;
    int n = cfg->repeats > 0 ? cfg->repeats : BENCH_PACKETS_REPEATS;
    double *t = calloc((size_t)n, sizeof *t), *c = calloc((size_t)n, sizeof *c);
    if (!t || !c) {
        free(t);
        free(c);
        scn_free(scn);
        return vs_fail(VS_ENOMEM, "out of memory");
    }
    for (int i = 0; i < n && !err; i++) {
        uint64_t d = 0, e = 0;
        err = one(scn, &t[i], &c[i], &d, &e);
        if (!err && i > 0 && d != out->delivered)
            err = vs_fail(VS_ECHECK, "bench packets: runs delivered %llu and %llu packets",
                          (unsigned long long)out->delivered, (unsigned long long)d);
        out->delivered = d;
        out->events = e;
    }
    if (!err) {
        out->seconds_median = bench_median(t, (size_t)n);
        out->seconds_min = t[0];
        out->seconds_max = t[n - 1];
        out->packet_hops = out->delivered * 3;
        out->packet_hops_per_sec = (double)out->packet_hops / out->seconds_median;
        out->cpu_seconds_median = bench_median(c, (size_t)n);
        out->cpu_packet_hops_per_sec = (double)out->packet_hops / out->cpu_seconds_median;
    }
    free(t);
    free(c);
    scn_free(scn);
    return err;
}
