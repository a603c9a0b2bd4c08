#include "bench_packets.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "net.h"
#include "scenario.h"
#include "sim.h"
#include "traffic.h"
#include "vs_out.h"

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

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* One run: the clock covers building the data plane and running the events. */
static vs_err_t one(const scn_t *scn, double *secs, double *cpu, uint64_t *delivered, uint64_t *events)
{
    sim_t *sim = NULL;
    net_t *net = NULL;
    tfc_t *tfc = NULL;
    tfc_results_t r = {0};
    sim_config_t sc = {.seed = 1};
    double t0 = now_s(), c0 = cpu_s();
    vs_err_t err = sim_create(&sc, &sim);
    if (!err)
        err = net_create(sim, scn, &net);
    if (!err)
        err = tfc_create(sim, net, scn, &tfc);
    if (!err) {
        tfc_start(tfc);
        sim_run(sim, scn->until);
        *secs = now_s() - t0;
        *cpu = cpu_s() - c0;
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
    scn_t *scn;
    vs_err_t err = scn_load_string("bench-packets", chain_yaml, &scn);
    if (err)
        return err;
    int n = cfg->repeats > 0 ? cfg->repeats : 5;
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
        qsort(t, (size_t)n, sizeof *t, cmp_double);
        out->seconds_median = n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
        out->seconds_min = t[0];
        out->seconds_max = t[n - 1];
        out->packet_hops = out->delivered * 3;
        out->packet_hops_per_sec = (double)out->packet_hops / out->seconds_median;
        qsort(c, (size_t)n, sizeof *c, cmp_double);
        out->cpu_seconds_median = n % 2 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
        out->cpu_packet_hops_per_sec = (double)out->packet_hops / out->cpu_seconds_median;
    }
    free(t);
    free(c);
    scn_free(scn);
    return err;
}

int bench_packets_main(int argc, char **argv)
{
    static const struct option opts[] = {
        {"repeat", required_argument, 0, 'r'},
        {"json", optional_argument, 0, 'j'},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    bench_packets_config_t cfg = {.repeats = 5};
    const char *json = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'r': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || v < 1 || v > 1000) {
                fprintf(stderr, "vroomsim bench packets: --repeat: '%s' is not a count from 1 to 1000\n", optarg);
                return 2;
            }
            cfg.repeats = (int)v;
            break;
        }
        case 'j':
            json = optarg && optarg[0] ? optarg : "-";
            break;
        case 'h':
            printf("Usage: vroomsim bench packets [--repeat N] [--json[=FILE]]\n"
                   "\n"
                   "A chain of 4 nodes and 3 links of 1 Gbps and 1 ms; 900 Mbps of 1500-byte UDP from\n"
                   "one end to the other for 10 simulated seconds, through the packet-level data plane.\n"
                   "Runs N times (default 5) and reports the median wall time. Packet-hops = packets\n"
                   "delivered x 3. Issue target: 3e6 packet-hops/s (ns-3.37: 0.18e6 here).\n"
                   "JSON keys: packet_hops_per_sec, packet_hops, delivered, events, repeats,\n"
                   "seconds_median, seconds_min, seconds_max (all wall-clock figures are timing).\n");
            return 0;
        default:
            fprintf(stderr, "vroomsim bench packets: unknown option (see --help)\n");
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "vroomsim bench packets: unexpected argument '%s'\n", argv[optind]);
        return 2;
    }
    bench_packets_result_t r;
    vs_err_t err = bench_packets_run(&cfg, &r);
    if (err) {
        fprintf(stderr, "vroomsim bench packets: %s\n", vs_errmsg());
        return vs_exit_status(err);
    }
    if (json) {
        cJSON *root = cJSON_CreateObject();
        if (!root)
            return 3;
        cJSON_AddStringToObject(root, "benchmark", "packets");
        cJSON_AddNumberToObject(root, "packet_hops_per_sec", r.packet_hops_per_sec);
        cJSON_AddNumberToObject(root, "packet_hops", (double)r.packet_hops);
        cJSON_AddNumberToObject(root, "delivered", (double)r.delivered);
        cJSON_AddNumberToObject(root, "events", (double)r.events);
        cJSON_AddNumberToObject(root, "repeats", cfg.repeats);
        cJSON *tm = vs_json_obj(root, "timing");
        if (tm) {
            cJSON_AddNumberToObject(tm, "seconds_median", r.seconds_median);
            cJSON_AddNumberToObject(tm, "seconds_min", r.seconds_min);
            cJSON_AddNumberToObject(tm, "seconds_max", r.seconds_max);
            cJSON_AddNumberToObject(tm, "packet_hops_per_sec", r.packet_hops_per_sec);
            cJSON_AddNumberToObject(tm, "cpu_seconds_median", r.cpu_seconds_median);
            cJSON_AddNumberToObject(tm, "cpu_packet_hops_per_sec", r.cpu_packet_hops_per_sec);
        }
        err = vs_json_write(root, json);
        cJSON_Delete(root);
        if (err) {
            fprintf(stderr, "vroomsim bench packets: %s\n", vs_errmsg());
            return vs_exit_status(err);
        }
    }
    if (!json || strcmp(json, "-") != 0)
        printf("packets: %llu delivered, %llu packet-hops in %.3f s (median of %d; min %.3f, max %.3f): "
               "%.3g packet-hops/s (target 3e6); process CPU %.3f s: %.3g packet-hops/s\n",
               (unsigned long long)r.delivered, (unsigned long long)r.packet_hops, r.seconds_median,
               cfg.repeats, r.seconds_min, r.seconds_max, r.packet_hops_per_sec, r.cpu_seconds_median,
               r.cpu_packet_hops_per_sec);
    return 0;
}
