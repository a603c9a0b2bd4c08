/* vroomsim bench — benchmarks. Each reports wall-clock speed; figures are for people and
 * for the issue notes, never asserted by tests. The measurements are in bench/; here are
 * their options and their output. */
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "bench_des.h"
#include "bench_fluid.h"
#include "bench_load.h"
#include "bench_n1.h"
#include "bench_packets.h"
#include "bench_paths.h"
#include "cli.h"
#include "cmd_plot.h"
#include "vs_out.h"

static void des_help(FILE *out)
{
    fprintf(out,
            "Usage: vroomsim bench des [--pending N] [--events M] [--dist exp|timers] [--seed N]\n"
            "                          [--json[=FILE]]\n"
            "\n"
            "The hold model: N events pending; each fired event schedules one new event at\n"
            "now + an increment (whole nanoseconds, at least 1); stops after M events. Increments:\n"
            "  exp     Exp(mean 1 us)\n"
            "  timers  Exp(mean 1 us) with probability 0.9, else Uniform(1 s, 60 s)\n"
            "Runs the engine and, in the same process, a reference implicit 4-ary min-heap of\n"
            "16-byte (time, sequence) keys on the same increments, and reports both.\n"
            "Defaults: --pending 100000 --events 5000000 --dist exp --seed 1.\n"
            "JSON keys: schema, benchmark, dist, pending, events; the measured rates under timing:\n"
            "events_per_sec, reference_events_per_sec, ratio.\n");
}

static int bench_des(int argc, char **argv)
{
    static const struct option opts[] = {
        {"pending", required_argument, 0, 'p'}, {"events", required_argument, 0, 'e'},
        {"dist", required_argument, 0, 'd'},    CLI_OPTION_SEED,
        CLI_OPTION_JSON,                        CLI_OPTION_HELP,
        {0, 0, 0, 0},
    };
    bench_des_config_t cfg = {.pending = 100000, .events = 5000000, .dist = BENCH_DIST_EXP};
    cli_common_t co = {.seed = 1};
    int64_t v;
    int c, rc;
    vs_err_t err = VS_OK;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'p':
            if ((err = cli_parse_count("--pending", optarg, 1, 100000000, &v)))
                return cli_report(err);
            cfg.pending = (uint64_t)v;
            break;
        case 'e':
            if ((err = cli_parse_count("--events", optarg, 1, INT64_MAX, &v)))
                return cli_report(err);
            cfg.events = (uint64_t)v;
            break;
        case 'd':
            if (!strcmp(optarg, "exp"))
                cfg.dist = BENCH_DIST_EXP;
            else if (!strcmp(optarg, "timers"))
                cfg.dist = BENCH_DIST_TIMERS;
            else
                return cli_usage_error("bench des", "--dist: '%s' is not exp or timers", optarg);
            break;
        default:
            if ((rc = cli_common_option("bench des", c, optarg, &co, des_help)) != CLI_NEXT)
                return rc;
        }
    }
    const char *json = co.json;
    cfg.seed = co.seed;
    if (optind < argc)
        return cli_usage_error("bench des", "unexpected argument '%s'", argv[optind]);
    bench_des_result_t r;
    if ((err = bench_des_run(&cfg, &r)))
        return cli_report(err);
    if (r.engine_checksum != r.reference_checksum) {
        fprintf(stderr, "vroomsim bench des: engine and reference fired different event times\n");
        return 1;
    }
    double ratio = r.engine_events_per_sec / r.reference_events_per_sec;
    const char *dist = cfg.dist == BENCH_DIST_EXP ? "exp" : "timers";
    if (json) {
        cJSON *root = cJSON_CreateObject();
        if (!root)
            return cli_report(vs_fail(VS_ENOMEM, "out of memory"));
        cJSON_AddNumberToObject(root, "schema", 1);
        cJSON_AddStringToObject(root, "benchmark", "des");
        cJSON_AddStringToObject(root, "dist", dist);
        cJSON_AddNumberToObject(root, "pending", (double)cfg.pending);
        cJSON_AddNumberToObject(root, "events", (double)cfg.events);
        cJSON *tm = vs_json_obj(root, "timing"); /* rates measured by the wall clock */
        if (!tm) {
            cJSON_Delete(root);
            return cli_report(vs_fail(VS_ENOMEM, "out of memory"));
        }
        cJSON_AddNumberToObject(tm, "events_per_sec", r.engine_events_per_sec);
        cJSON_AddNumberToObject(tm, "reference_events_per_sec", r.reference_events_per_sec);
        cJSON_AddNumberToObject(tm, "ratio", ratio);
        if ((err = cli_json_done(root, json)))
            return cli_report(err);
    }
    if (cli_human(json))
        printf("des/%s pending=%llu events=%llu: engine %.3g events/s, reference 4-ary heap %.3g "
               "events/s, ratio %.2f\n",
               dist, (unsigned long long)cfg.pending, (unsigned long long)cfg.events,
               r.engine_events_per_sec, r.reference_events_per_sec, ratio);
    return 0;
}

/* A benchmark that could not run: "vroomsim bench NAME: why" on stderr; returns the status. */
static int bench_failed(const char *name, vs_err_t err)
{
    fprintf(stderr, "vroomsim bench %s: %s\n", name, vs_errmsg());
    return vs_exit_status(err);
}

static void packets_help(FILE *out)
{
    fprintf(out,
            "Usage: vroomsim bench packets [--repeat N] [--json[=FILE]]\n"
            "\n"
            "A chain of 4 nodes and 3 links of 1 Gbps and 1 ms; 900 Mbps of 1500-byte UDP from\n"
            "one end to the other for 10 simulated seconds, through the packet-level data plane.\n"
            "Runs N times (default 5) and reports the median wall time. Packet-hops = packets\n"
            "delivered x 3. Issue target: 3e6 packet-hops/s (ns-3.37: 0.18e6 here).\n"
            "JSON keys: schema, packet_hops, delivered, events, repeats; under timing (the\n"
            "wall-clock figures): seconds_median, seconds_min, seconds_max,\n"
            "packet_hops_per_sec, cpu_seconds_median, cpu_packet_hops_per_sec.\n");
}

static int bench_packets(int argc, char **argv)
{
    static const struct option opts[] = {
        {"repeat", required_argument, 0, 'r'},
        CLI_OPTION_JSON,
        CLI_OPTION_HELP,
        {0, 0, 0, 0},
    };
    bench_packets_config_t cfg = {.repeats = BENCH_PACKETS_REPEATS};
    cli_common_t co = {0};
    int c, rc;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'r': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || v < 1 || v > 1000)
                return cli_usage_error("bench packets", "--repeat: '%s' is not a count from 1 to 1000",
                                       optarg);
            cfg.repeats = (int)v;
            break;
        }
        default:
            if ((rc = cli_common_option("bench packets", c, optarg, &co, packets_help)) != CLI_NEXT)
                return rc;
        }
    }
    const char *json = co.json;
    if (optind < argc)
        return cli_usage_error("bench packets", "unexpected argument '%s'", argv[optind]);
    bench_packets_result_t r;
    vs_err_t err = bench_packets_run(&cfg, &r);
    if (err)
        return bench_failed("packets", err);
    if (json) {
        cJSON *root = cJSON_CreateObject();
        if (!root)
            return 3;
        cJSON_AddNumberToObject(root, "schema", 1);
        cJSON_AddStringToObject(root, "benchmark", "packets");
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
        if ((err = cli_json_done(root, json)))
            return bench_failed("packets", err);
    }
    if (cli_human(json))
        printf("packets: %llu delivered, %llu packet-hops in %.3f s (median of %d; min %.3f, "
               "max %.3f): %.3g packet-hops/s (target 3e6); process CPU %.3f s: %.3g "
               "packet-hops/s\n",
               (unsigned long long)r.delivered, (unsigned long long)r.packet_hops,
               r.seconds_median, cfg.repeats, r.seconds_min, r.seconds_max,
               r.packet_hops_per_sec, r.cpu_seconds_median, r.cpu_packet_hops_per_sec);
    return 0;
}

static void fluid_help(FILE *out)
{
    fprintf(out,
            "Usage: vroomsim bench fluid [--topology FILE] [--json[=FILE]]\n"
            "\n"
            "A day of gravity traffic (24 hourly matrices, diurnal shape) on the Topology Zoo's\n"
            "Kdl (754 nodes; the bundled copy, else $VROOMSIM_SHARED_DATA/topology-zoo/graphml):\n"
            "one flow per ordered POP pair on its shortest path, all flows re-rated and max-min\n"
            "fair rates recomputed every hour. Mean demand: 5%% of the summed link capacity.\n"
            "Issue target: under 10 s in all. JSON keys: schema, flows, hours,\n"
            "saturated_links_max, ...; the wall-clock figures under \"timing\" (seconds, ...).\n");
}

static int bench_fluid(int argc, char **argv)
{
    static const struct option opts[] = {
        {"topology", required_argument, 0, 't'},
        CLI_OPTION_JSON,
        CLI_OPTION_HELP,
        {0, 0, 0, 0},
    };
    bench_fluid_config_t cfg = BENCH_FLUID_CONFIG_DEFAULT;
    cli_common_t co = {0};
    int c, rc;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 't':
            cfg.topology = optarg;
            break;
        default:
            if ((rc = cli_common_option("bench fluid", c, optarg, &co, fluid_help)) != CLI_NEXT)
                return rc;
        }
    }
    const char *json = co.json;
    if (optind < argc)
        return cli_usage_error("bench fluid", "unexpected argument '%s'", argv[optind]);
    bench_fluid_result_t r;
    vs_err_t err = bench_fluid_run(&cfg, &r);
    if (err)
        return bench_failed("fluid", err);
    if (json) {
        cJSON *root = cJSON_CreateObject();
        if (!root)
            return 3;
        cJSON_AddNumberToObject(root, "schema", 1);
        cJSON_AddStringToObject(root, "benchmark", "fluid");
        cJSON_AddNumberToObject(root, "nodes", (double)r.nodes);
        cJSON_AddNumberToObject(root, "pops", (double)r.pops);
        cJSON_AddNumberToObject(root, "links", (double)r.links);
        cJSON_AddNumberToObject(root, "flows", (double)r.flows);
        cJSON_AddNumberToObject(root, "path_entries", (double)r.path_entries);
        cJSON_AddNumberToObject(root, "hours", r.hours);
        cJSON_AddNumberToObject(root, "saturated_links_max", (double)r.saturated_links_max);
        cJSON_AddNumberToObject(root, "demand_sum_max_bps", r.demand_sum_max_bps);
        cJSON_AddNumberToObject(root, "rate_sum_min_bps", r.rate_sum_min_bps);
        cJSON_AddNumberToObject(root, "rate_sum_max_bps", r.rate_sum_max_bps);
        cJSON *tm = vs_json_obj(root, "timing");
        if (tm) {
            cJSON_AddNumberToObject(tm, "seconds", r.seconds);
            cJSON_AddNumberToObject(tm, "cpu_seconds", r.cpu_seconds);
            cJSON_AddNumberToObject(tm, "load_seconds", r.load_seconds);
            cJSON_AddNumberToObject(tm, "solve_seconds", r.solve_seconds);
        }
        if ((err = cli_json_done(root, json)))
            return bench_failed("fluid", err);
    }
    if (cli_human(json))
        printf("fluid: %zu nodes, %zu POPs, %zu flows (%zu path entries), %d hours: %.3f s wall, "
               "%.3f s CPU (load+routes %.3f s, %d solves %.3f s); up to %zu links full "
               "(target < 10 s)\n",
               r.nodes, r.pops, r.flows, r.path_entries, r.hours, r.seconds, r.cpu_seconds,
               r.load_seconds, r.hours, r.solve_seconds, r.saturated_links_max);
    return 0;
}

static void load_help(FILE *out)
{
    fprintf(out,
            "Usage: vroomsim bench load [--data DIR] [--json[=FILE]]\n"
            "\n"
            "Loads every GraphML file of DIR/topology-zoo/graphml and the SNDlib dynamic\n"
            "Abilene and GEANT sets (DIR/sndlib/dynamic/*.tar.gz) end to end and reports\n"
            "the wall-clock time (issue target: under 10 s). DIR defaults to\n"
            "$VROOMSIM_SHARED_DATA, else ../shared/data beside the source tree.\n"
            "JSON: counts, and under \"timing\": seconds, zoo_seconds, abilene_seconds,\n"
            "geant_seconds.\n");
}

static int bench_load(int argc, char **argv)
{
    static const struct option opts[] = {
        {"data", required_argument, 0, 'd'},
        CLI_OPTION_JSON,
        CLI_OPTION_HELP,
        {0, 0, 0, 0},
    };
    bench_load_config_t cfg = {0};
    cli_common_t co = {0};
    int c, rc;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            cfg.data_dir = optarg;
            break;
        default:
            if ((rc = cli_common_option("bench load", c, optarg, &co, load_help)) != CLI_NEXT)
                return rc;
        }
    }
    const char *json = co.json;
    if (optind < argc)
        return cli_usage_error("bench load", "unexpected argument '%s'", argv[optind]);
    bench_load_result_t r;
    vs_err_t err = bench_load_run(&cfg, &r);
    if (err)
        return cli_report(err);
    if (json) {
        cJSON *root = cJSON_CreateObject(), *tm;
        if (!root)
            return cli_report(vs_fail(VS_ENOMEM, "out of memory"));
        vs_json_num(root, "schema", 1);
        vs_json_str(root, "benchmark", "load");
        vs_json_num(root, "zoo_files", (double)r.zoo_files);
        vs_json_num(root, "zoo_loaded", (double)r.zoo_loaded);
        vs_json_num(root, "zoo_refused", (double)r.zoo_refused);
        vs_json_num(root, "zoo_nodes", (double)r.zoo_nodes);
        vs_json_num(root, "zoo_links", (double)r.zoo_links);
        tm = vs_json_obj(root, "matrices");
        vs_json_num(tm, "abilene", (double)r.abilene_matrices);
        vs_json_num(tm, "geant", (double)r.geant_matrices);
        cJSON *t = vs_json_obj(root, "timing");
        vs_json_num(t, "seconds", r.seconds);
        vs_json_num(t, "zoo_seconds", r.zoo_seconds);
        vs_json_num(t, "abilene_seconds", r.abilene_seconds);
        vs_json_num(t, "geant_seconds", r.geant_seconds);
        if ((err = cli_json_done(root, json)))
            return cli_report(err);
    }
    if (cli_human(json))
        printf("load: %zu Zoo files (%zu loaded, %zu refused; %zu nodes, %zu links) in %.3f s; "
               "SNDlib Abilene %zu matrices in %.3f s, GEANT %zu in %.3f s; total %.3f s "
               "(target < 10 s)\n",
               r.zoo_files, r.zoo_loaded, r.zoo_refused, r.zoo_nodes, r.zoo_links, r.zoo_seconds,
               r.abilene_matrices, r.abilene_seconds, r.geant_matrices, r.geant_seconds,
               r.seconds);
    return 0;
}

static void paths_help(FILE *out)
{
    fprintf(out,
            "Usage: vroomsim bench paths [--repeat N] [--flows N] [--topology FILE]\n"
            "                            [--scenario FILE] [--json[=FILE]]\n"
            "\n"
            "Loads and runs a scenario on the Topology Zoo's Kdl (the bundled copy, else\n"
            "$VROOMSIM_SHARED_DATA/topology-zoo/graphml): two routers per POP, one VR per POP\n"
            "(754), 2,000 fluid flows of 50 Mbps between VR pairs drawn with seed 1, and\n"
            "Sedalia's VR migrating to its POP's spare router at 10 s; 30 simulated seconds.\n"
            "Every path comes from the shortest-path service (models/scenario/scn_graph.h).\n"
            "Runs N times (default 5) and reports the median wall time of load + run, which\n"
            "must give the same results each time. Issue target: under 3 s.\n"
            "  --scenario FILE  also write the generated scenario (for 'vroomsim run')\n"
            "  --set PATH=VALUE  change the generated scenario (as 'vroomsim run --set')\n"
            "JSON keys: prouters, links, vrouters, vlinks, flows, offered_bps, delivered_bps,\n"
            "repeats; under \"timing\": seconds_median, seconds_min, seconds_max,\n"
            "load_seconds_median, run_seconds_median, cpu_seconds_median.\n");
}

static int bench_paths(int argc, char **argv)
{
    static const struct option opts[] = {
        {"repeat", required_argument, 0, 'r'},   {"flows", required_argument, 0, 'f'},
        {"topology", required_argument, 0, 't'}, {"scenario", required_argument, 0, 's'},
        {"set", required_argument, 0, 'S'},      CLI_OPTION_JSON,
        CLI_OPTION_HELP,                         {0, 0, 0, 0},
    };
    bench_paths_config_t cfg = {0};
    const char *sets[64];
    cfg.sets = sets;
    cli_common_t co = {0};
    int64_t v;
    int c, rc;
    vs_err_t err;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'r':
            if ((err = cli_parse_count("--repeat", optarg, 1, 1000, &v)))
                return cli_report(err);
            cfg.repeats = (int)v;
            break;
        case 'f':
            if ((err = cli_parse_count("--flows", optarg, 1, 1000000, &v)))
                return cli_report(err);
            cfg.flows = (int)v;
            break;
        case 't':
            cfg.topology = optarg;
            break;
        case 's':
            cfg.scenario_out = optarg;
            break;
        case 'S':
            if (cfg.n_sets == sizeof sets / sizeof sets[0])
                return cli_usage_error("bench paths", "at most 64 --set");
            sets[cfg.n_sets++] = optarg;
            break;
        default:
            if ((rc = cli_common_option("bench paths", c, optarg, &co, paths_help)) != CLI_NEXT)
                return rc;
        }
    }
    const char *json = co.json;
    if (optind < argc)
        return cli_usage_error("bench paths", "unexpected argument '%s'", argv[optind]);
    bench_paths_result_t r;
    if ((err = bench_paths_run(&cfg, &r)))
        return bench_failed("paths", err);
    int repeats = cfg.repeats > 0 ? cfg.repeats : BENCH_PATHS_REPEATS;
    if (json) {
        cJSON *root = cJSON_CreateObject();
        if (!root)
            return 3;
        vs_json_str(root, "benchmark", "paths");
        vs_json_num(root, "prouters", (double)r.prouters);
        vs_json_num(root, "links", (double)r.links);
        vs_json_num(root, "vrouters", (double)r.vrouters);
        vs_json_num(root, "vlinks", (double)r.vlinks);
        vs_json_num(root, "flows", (double)r.flows);
        vs_json_num(root, "offered_bps", r.offered_bps);
        vs_json_num(root, "delivered_bps", r.delivered_bps);
        vs_json_num(root, "repeats", repeats);
        cJSON *tm = vs_json_obj(root, "timing");
        vs_json_num(tm, "seconds_median", r.seconds_median);
        vs_json_num(tm, "seconds_min", r.seconds_min);
        vs_json_num(tm, "seconds_max", r.seconds_max);
        vs_json_num(tm, "load_seconds_median", r.load_seconds_median);
        vs_json_num(tm, "run_seconds_median", r.run_seconds_median);
        vs_json_num(tm, "cpu_seconds_median", r.cpu_seconds_median);
        if ((err = cli_json_done(root, json)))
            return bench_failed("paths", err);
    }
    if (cli_human(json))
        printf("paths: %zu routers, %zu links, %zu VRs, %zu flows (%.4g of %.4g Gbps delivered): "
               "%.3f s wall (median of %d; min %.3f, max %.3f; load %.3f, run %.3f), %.3f s "
               "process CPU (target < 3 s)\n",
               r.prouters, r.links, r.vrouters, r.flows, r.delivered_bps / 1e9, r.offered_bps / 1e9,
               r.seconds_median, repeats, r.seconds_min, r.seconds_max, r.load_seconds_median,
               r.run_seconds_median, r.cpu_seconds_median);
    return 0;
}

static void n1_help(FILE *out)
{
    fprintf(out,
            "Usage: vroomsim bench n1 [--repeat N] [--topology FILE] [--drain POP] [--json[=FILE]]\n"
            "\n"
            "The N-1 check of a maintenance plan (docs/scheduler.md): the Topology Zoo's Kdl\n"
            "(the bundled copy, else $VROOMSIM_SHARED_DATA/topology-zoo/graphml) with one\n"
            "router and one VR per POP, the gravity traffic's busiest hour as demands, POP\n"
            "Chicago drained by the local search, and the placement after every wave checked\n"
            "against every single router and link failure. Runs the check N times (default\n"
            "5; each must find the same) and reports its median wall time. Target: under 10 s.\n"
            "JSON keys: nodes, links, vrs, vlinks, waves, checked, violations, repeats; under\n"
            "\"timing\": seconds_median, seconds_min, seconds_max, cpu_seconds_median,\n"
            "build_seconds (instance, traffic and plan, once).\n");
}

static int bench_n1(int argc, char **argv)
{
    static const struct option opts[] = {
        {"repeat", required_argument, 0, 'r'}, {"topology", required_argument, 0, 't'},
        {"drain", required_argument, 0, 'd'},  CLI_OPTION_JSON,
        CLI_OPTION_HELP,                       {0, 0, 0, 0},
    };
    bench_n1_config_t cfg = {0};
    cli_common_t co = {0};
    int64_t v;
    int c, rc;
    vs_err_t err;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'r') {
            if ((err = cli_parse_count("--repeat", optarg, 1, 1000, &v)))
                return cli_report(err);
            cfg.repeats = (int)v;
        } else if (c == 't') {
            cfg.topology = optarg;
        } else if (c == 'd') {
            cfg.drain = optarg;
        } else if ((rc = cli_common_option("bench n1", c, optarg, &co, n1_help)) != CLI_NEXT) {
            return rc;
        }
    }
    if (optind < argc)
        return cli_usage_error("bench n1", "unexpected argument '%s'", argv[optind]);
    bench_n1_result_t r;
    if ((err = bench_n1_run(&cfg, &r)))
        return bench_failed("n1", err);
    int repeats = cfg.repeats > 0 ? cfg.repeats : BENCH_N1_REPEATS;
    if (co.json) {
        cJSON *root = cJSON_CreateObject();
        cJSON *tm = root ? vs_json_obj(root, "timing") : NULL;
        if (!tm)
            return 3;
        vs_json_str(root, "benchmark", "n1");
        const char *keys[] = {"nodes", "links", "vrs", "vlinks", "waves", "checked", "violations"};
        int vals[] = {r.nodes, r.links, r.vrs, r.vlinks, r.waves, r.checked, r.violations};
        for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++)
            vs_json_num(root, keys[i], vals[i]);
        vs_json_num(root, "repeats", repeats);
        vs_json_num(tm, "seconds_median", r.seconds_median);
        vs_json_num(tm, "seconds_min", r.seconds_min);
        vs_json_num(tm, "seconds_max", r.seconds_max);
        vs_json_num(tm, "cpu_seconds_median", r.cpu_seconds_median);
        vs_json_num(tm, "build_seconds", r.build_seconds);
        if ((err = cli_json_done(root, co.json)))
            return bench_failed("n1", err);
    }
    if (cli_human(co.json))
        printf("n1: %d nodes, %d links, %d VRs, %d virtual links; %d wave(s), %d failures "
               "checked, %d break something: %.3f s wall (median of %d; min %.3f, max %.3f), "
               "%.3f s CPU; plan built in %.2f s (target < 10 s)\n",
               r.nodes, r.links, r.vrs, r.vlinks, r.waves, r.checked, r.violations,
               r.seconds_median, repeats, r.seconds_min, r.seconds_max, r.cpu_seconds_median,
               r.build_seconds);
    return 0;
}

static void failure_help(FILE *out)
{
    fprintf(out,
            "Usage: vroomsim bench failure [--repeat N] [--router NAME] [--json[=FILE]]\n"
            "\n"
            "A router failure in computed routing (docs/routing.md): 'bench paths' (Kdl, two\n"
            "routers per POP, a VR per POP, 2,000 fluid flows) for 60 simulated seconds, once\n"
            "as it is and once with router NAME (default Chicago) failing at 12 s; its\n"
            "neighbours see it after their 40 s dead intervals and the network converges.\n"
            "Reports both runs' median wall time (N runs each, default 3) and their ratio.\n"
            "Target: the run with the failure under 2 s. JSON keys: router, convergence_s,\n"
            "repeats; under \"timing\": seconds_median, reference_seconds_median, ratio,\n"
            "cpu_seconds_median, reference_cpu_seconds_median.\n");
}

static int bench_failure(int argc, char **argv)
{
    static const struct option opts[] = {
        {"repeat", required_argument, 0, 'r'}, {"router", required_argument, 0, 'R'},
        CLI_OPTION_JSON,                       CLI_OPTION_HELP,
        {0, 0, 0, 0},
    };
    cli_common_t co = {0};
    const char *router = "Chicago";
    int64_t v = 3;
    int c, rc;
    vs_err_t err;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'r') {
            if ((err = cli_parse_count("--repeat", optarg, 1, 1000, &v)))
                return cli_report(err);
        } else if (c == 'R') {
            router = optarg;
        } else if ((rc = cli_common_option("bench failure", c, optarg, &co, failure_help)) != CLI_NEXT) {
            return rc;
        }
    }
    if (optind < argc)
        return cli_usage_error("bench failure", "unexpected argument '%s'", argv[optind]);
    char event[512];
    snprintf(event, sizeof event, "events=[{at: 12s, router_down: \"%s\"}]", router);
    const char *sets[] = {"until=60s", event};
    bench_paths_config_t ref = {.repeats = (int)v, .sets = sets, .n_sets = 1}, fail = ref;
    fail.n_sets = 2;
    bench_paths_result_t a, b;
    if ((err = bench_paths_run(&ref, &a)) || (err = bench_paths_run(&fail, &b)))
        return bench_failed("failure", err);
    double ratio = b.seconds_median / a.seconds_median;
    if (co.json) {
        cJSON *root = cJSON_CreateObject();
        cJSON *tm = root ? vs_json_obj(root, "timing") : NULL;
        if (!tm)
            return 3;
        vs_json_str(root, "benchmark", "failure");
        vs_json_str(root, "router", router);
        vs_json_num(root, "convergence_s", b.convergence_s);
        vs_json_num(root, "repeats", (double)v);
        vs_json_num(tm, "seconds_median", b.seconds_median);
        vs_json_num(tm, "reference_seconds_median", a.seconds_median);
        vs_json_num(tm, "ratio", ratio);
        vs_json_num(tm, "cpu_seconds_median", b.cpu_seconds_median);
        vs_json_num(tm, "reference_cpu_seconds_median", a.cpu_seconds_median);
        if ((err = cli_json_done(root, co.json)))
            return bench_failed("failure", err);
    }
    if (cli_human(co.json))
        printf("failure: %s down at 12 s on Kdl, converged %.3f s later (simulated): %.3f s wall "
               "(median of %d; %.3f s CPU), %.3f s without the failure (%.3f s CPU): x%.2f "
               "(target: under 2 s)\n",
               router, b.convergence_s, b.seconds_median, (int)v, b.cpu_seconds_median,
               a.seconds_median, a.cpu_seconds_median, ratio);
    return 0;
}

int cmd_bench_sched(int argc, char **argv); /* cli/cmd_plan.c */
int cmd_bench_sweep(int argc, char **argv); /* cli/cmd_sweep.c */

static const cli_command_t benches[] = {
    {"des", "event-engine hold model against a reference heap", bench_des},
    {"load", "read all 276 Zoo GraphML files and the SNDlib Abilene/GEANT TM sets", bench_load},
    {"sched", "scheduler: MILP (GLPK) vs local search on a drained POP", cmd_bench_sched},
    {"packets", "packet-level data plane: 900 Mbps UDP over a 4-node chain, packet-hops/s",
     bench_packets},
    {"fluid", "fluid max-min mode: a day of hourly gravity traffic on Zoo's Kdl", bench_fluid},
    {"paths", "load and run 2,000 fluid flows and a migration on Zoo's Kdl", bench_paths},
    {"failure", "a router failure on Kdl in computed routing, against the same run without",
     bench_failure},
    {"n1", "N-1 check of a drain plan on Zoo's Kdl, one VR per POP, gravity traffic", bench_n1},
    {"plot", "draw results or a report from their JSON (vroomsim plot/report), median time", cmd_bench_plot},
    {"sweep", "a sweep's own cost per point, --jobs 2 and mpirun -np 3 against --jobs 1",
     cmd_bench_sweep},
    {0},
};

static void help(FILE *out)
{
    fprintf(out, "Usage: vroomsim bench NAME [OPTIONS]\n\nBenchmarks:\n");
    for (const cli_command_t *b = benches; b->name; b++)
        fprintf(out, "  %-10s %s\n", b->name, b->summary);
    fprintf(out, "\nRun 'vroomsim bench NAME --help' for each one's options.\n");
}

int cmd_bench(int argc, char **argv)
{
    int rc = cli_first_arg(argc, argv, help);
    if (rc != CLI_NEXT)
        return rc;
    for (const cli_command_t *b = benches; b->name; b++)
        if (!strcmp(b->name, argv[1])) {
            cli_set_prog(argv + 1, "bench", b->name);
            return b->main(argc - 1, argv + 1);
        }
    return cli_usage_error("bench", "unknown benchmark '%s'", argv[1]);
}
