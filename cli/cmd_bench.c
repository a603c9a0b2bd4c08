/* vroomsim bench — benchmarks. Each reports wall-clock speed; figures are for people and
 * for the issue notes, never asserted by tests. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "bench_des.h"
#include "bench_fluid.h"
#include "bench_load.h"
#include "bench_packets.h"
#include "cli.h"
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
            "JSON keys: events_per_sec, reference_events_per_sec, ratio, pending, events, dist.\n");
}

static int bench_des(int argc, char **argv)
{
    static const struct option opts[] = {
        {"pending", required_argument, 0, 'p'}, {"events", required_argument, 0, 'e'},
        {"dist", required_argument, 0, 'd'},    {"seed", required_argument, 0, 's'},
        {"json", optional_argument, 0, 'j'},    {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    bench_des_config_t cfg = {.pending = 100000, .events = 5000000, .seed = 1, .dist = BENCH_DIST_EXP};
    const char *json = NULL;
    int64_t v;
    int c;
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
        case 's':
            if ((err = cli_parse_seed("--seed", optarg, &cfg.seed)))
                return cli_report(err);
            break;
        case 'j':
            json = cli_json_target(optarg);
            break;
        case 'h':
            des_help(stdout);
            return 0;
        default:
            return cli_usage_error("bench des", "unknown option");
        }
    }
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
        cJSON_AddStringToObject(root, "benchmark", "des");
        cJSON_AddStringToObject(root, "dist", dist);
        cJSON_AddNumberToObject(root, "pending", (double)cfg.pending);
        cJSON_AddNumberToObject(root, "events", (double)cfg.events);
        cJSON_AddNumberToObject(root, "events_per_sec", r.engine_events_per_sec);
        cJSON_AddNumberToObject(root, "reference_events_per_sec", r.reference_events_per_sec);
        cJSON_AddNumberToObject(root, "ratio", ratio);
        err = vs_json_write(root, json);
        cJSON_Delete(root);
        if (err)
            return cli_report(err);
    }
    if (!json || strcmp(json, "-") != 0)
        printf("des/%s pending=%llu events=%llu: engine %.3g events/s, reference 4-ary heap %.3g "
               "events/s, ratio %.2f\n",
               dist, (unsigned long long)cfg.pending, (unsigned long long)cfg.events,
               r.engine_events_per_sec, r.reference_events_per_sec, ratio);
    return 0;
}

typedef struct {
    const char *name;
    const char *summary;
    int (*main)(int argc, char **argv);
} bench_entry_t;

int cmd_bench_sched(int argc, char **argv); /* cli/cmd_plan.c */

static const bench_entry_t benches[] = {
    {"des", "event-engine hold model against a reference heap", bench_des},
    {"load", "read all 276 Zoo GraphML files and the SNDlib Abilene/GEANT TM sets", bench_load_main},
    {"sched", "scheduler: MILP (GLPK) vs local search on a drained POP", cmd_bench_sched},
    {"packets", "packet-level data plane: 900 Mbps UDP over a 4-node chain, packet-hops/s", bench_packets_main},
    {"fluid", "fluid max-min mode: a day of hourly gravity traffic on Zoo's Kdl", bench_fluid_main},
    {0},
};

static void help(FILE *out)
{
    fprintf(out, "Usage: vroomsim bench NAME [OPTIONS]\n\nBenchmarks:\n");
    for (const bench_entry_t *b = benches; b->name; b++)
        fprintf(out, "  %-10s %s\n", b->name, b->summary);
    fprintf(out, "\nRun 'vroomsim bench NAME --help' for each one's options.\n");
}

int cmd_bench(int argc, char **argv)
{
    if (argc < 2) {
        help(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        help(stdout);
        return 0;
    }
    for (const bench_entry_t *b = benches; b->name; b++)
        if (!strcmp(b->name, argv[1]))
            return b->main(argc - 1, argv + 1);
    return cli_usage_error("bench", "unknown benchmark '%s'", argv[1]);
}
