/* vroomsim timers — what-if for planners: does an OSPF adjacency or a BGP session survive a
 * control-plane freeze of a given length? Simulated over random timer phases
 * (models/run/run_timers.h); docs/timers.md explains the models and the output. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "run_timers.h"
#include "vs_out.h"

static void help(FILE *out)
{
    fprintf(out,
            "Usage: vroomsim timers --proto ospf [--hello T] [--dead T] [--rxmt T] [--neighbors N]\n"
            "                       [--lsa-at T|random] FREEZE [COMMON]\n"
            "       vroomsim timers --proto bgp [--keepalive T] [--hold T] [--rto T] [--rto-max T]\n"
            "                       [--peers N] FREEZE [COMMON]\n"
            "  FREEZE  --downtime T | --routes N --profile NAME\n"
            "  COMMON  [--clock running|paused] [--frozen-rx drop|queue] [--runs N] [--seed N]\n"
            "          [--delay T] [--freeze-at T] [--json[=FILE]] [--trace FILE]\n"
            "\n"
            "The probability that the router's OSPF adjacencies (or BGP sessions) all survive a\n"
            "control-plane freeze of length T, over random hello/keepalive phases: both ends'\n"
            "timers are simulated (docs/timers.md). Durations take units (a bare number is\n"
            "seconds).\n"
            "\n"
            "  --hello T        OSPF HelloInterval (10s)\n"
            "  --dead T         RouterDeadInterval (4 x hello); must exceed the hello\n"
            "  --rxmt T         RxmtInterval, LSA retransmission (5s)\n"
            "  --neighbors N    OSPF neighbours of the frozen router (1)\n"
            "  --lsa-at T       an LSA from elsewhere reaches the neighbours T after the freeze\n"
            "                   starts ('random': uniform inside the freeze); reports when the\n"
            "                   router got it and how stale its view was\n"
            "  --keepalive T    BGP KeepaliveTime (hold/3, or 30s)\n"
            "  --hold T         BGP HoldTime (3 x keepalive, or 90s); at least 3s, > keepalive\n"
            "  --rto T          TCP initial retransmission timeout (200ms, Linux TCP_RTO_MIN;\n"
            "                   RFC 6298 says 1s)\n"
            "  --rto-max T      TCP maximum RTO after doubling (120s, Linux TCP_RTO_MAX)\n"
            "  --peers N        BGP peers of the frozen router (1)\n"
            "  --downtime T     length of the freeze\n"
            "  --routes N --profile NAME  derive the freeze from a simulated migration\n"
            "  --clock MODE     running: a stopped process whose expired timers fire at resume\n"
            "                   (default); paused: restored with its clock, timers keep their\n"
            "                   remaining time\n"
            "  --frozen-rx WHAT drop: packets reaching the frozen router are lost, TCP acks\n"
            "                   nothing (a migrating control plane; default); queue: its\n"
            "                   kernel keeps them in the socket and TCP acks them, read at\n"
            "                   resume after the expired timers (SIGSTOP; docs/validation.md)\n"
            "  --runs N         simulated runs (1000)\n"
            "  --seed N         master seed (1)\n"
            "  --delay T        one-way link delay (0)\n"
            "  --freeze-at T    freeze start (OSPF dead + 2 hello, BGP hold + 2 keepalive)\n"
            "  --json[=FILE]    results as JSON to FILE, or stdout (then no summary)\n"
            "  --trace FILE     the first run's events (hellos, losses, timer expiries, TCP\n"
            "                   retransmissions, the freeze and resume) as JSON lines\n"
            "\n"
            "JSON: survival_probability, adjacency_survival_probability (OSPF) or\n"
            "session_survival_probability (BGP), distributions of hellos lost, keepalives\n"
            "buffered, TCP retransmissions, silences, drop causes; see docs/timers.md.\n");
}

/* getopt codes: RT_O_x + 1 for the study's options, then the command's own. */
enum { O_JSON = RT_O_COUNT + 1, O_HELP, O_TRACE };

static int parse(int argc, char **argv, run_timers_opts_t *o, const char **json, const char **trace)
{
    struct option lo[RT_O_COUNT + 4];
    for (int i = 0; i < RT_O_COUNT; i++)
        lo[i] = (struct option){RUN_TIMERS_OPTIONS[i], required_argument, 0, i + 1};
    lo[RT_O_COUNT] = (struct option){"json", optional_argument, 0, O_JSON};
    lo[RT_O_COUNT + 1] = (struct option){"help", no_argument, 0, O_HELP};
    lo[RT_O_COUNT + 2] = (struct option){"trace", required_argument, 0, O_TRACE};
    lo[RT_O_COUNT + 3] = (struct option){0, 0, 0, 0};
    int c;
    vs_err_t err;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
        if (c >= 1 && c <= RT_O_COUNT) {
            if ((err = run_timers_option(o, RUN_TIMERS_OPTIONS[c - 1], optarg)))
                return cli_usage_error("timers", "%s", vs_errmsg());
        } else if (c == O_TRACE || c == O_JSON) {
            const char *target = c == O_JSON ? cli_json_target(optarg) : optarg;
            if ((err = vs_out_check(target)))
                return cli_report(err);
            *(c == O_JSON ? json : trace) = target;
        } else if (c == O_HELP || c == 'h') {
            help(stdout);
            return -1;
        } else if (optopt) {
            return cli_usage_error("timers", "option '%s' needs a value or is unknown",
                                   argv[optind - 1]);
        } else {
            return cli_usage_error("timers", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return cli_usage_error("timers", "unexpected argument '%s'", argv[optind]);
    if ((err = run_timers_settle(o)))
        return cli_usage_error("timers", "%s", vs_errmsg());
    return 0;
}

/* Seconds with up to 6 significant digits ("0.972 s"), as the JSON's inputs are. */
static const char *secs(sim_time_t t, char *buf, size_t len)
{
    snprintf(buf, len, "%.6g s", sim_to_s(t));
    return buf;
}

static void hist_text(const char *what, const uint64_t *h, size_t bins)
{
    printf("  %s:", what);
    size_t last = bins;
    while (last > 1 && h[last - 1] == 0)
        last--;
    for (size_t i = 0; i < last; i++)
        printf(" %zu%s=%llu", i, i == bins - 1 ? "+" : "", (unsigned long long)h[i]);
    printf("\n");
}

/* The first line's end and the note on --frozen-rx queue, alike for both protocols. */
static void print_freeze(const run_timers_opts_t *o, int64_t count, const char *what)
{
    char buf[32];
    printf(", %lld %s, freeze %s, %s clock, %lld runs:\n", (long long)count, what,
           secs(o->downtime, buf, sizeof buf), rt_clock_name(o->clock), (long long)o->runs);
    if (o->frozen_rx == RT_RX_QUEUE)
        printf("  packets reaching the frozen router wait in its socket (--frozen-rx "
               "queue)\n");
}

static void print_ospf(const run_timers_opts_t *o, const ospf_study_result_t *r)
{
    char buf[32], buf2[32], buf3[32];
    printf("ospf hello %s dead %s rxmt %s", secs(o->hello, buf, sizeof buf),
           secs(o->dead, buf2, sizeof buf2), secs(o->rxmt, buf3, sizeof buf3));
    print_freeze(o, o->neighbors, "neighbour(s)");
    printf("  survival probability %.4f (all adjacencies), %.4f per adjacency\n",
           r->survival_probability, r->adjacency_survival_probability);
    printf("  hellos lost per adjacency: mean %.3f, max %u\n", r->hellos_lost_mean,
           r->hellos_lost_max);
    hist_text("hellos lost histogram", r->hellos_lost_hist, OSPF_HIST_BINS);
    printf("  longest silence seen by a neighbour: mean %.3f s, max %.3f s\n",
           r->hello_gap_mean_s, r->hello_gap_max_s);
    if (r->adjacencies_survived < r->adjacencies) {
        printf("  adjacencies lost by first cause:");
        for (int c = 1; c < OSPF_DROP_CAUSES; c++)
            printf(" %s=%llu", ospf_drop_cause_name((ospf_drop_cause_t)c),
                   (unsigned long long)r->first_drop_cause[c]);
        printf("\n");
    }
    if (o->lsa)
        printf("  LSA: missed in %.1f%% of runs; staleness mean %.3f s, max %.3f s; "
               "retransmissions mean %.2f\n",
               100.0 * r->lsa_missed / r->runs, r->staleness_mean_s, r->staleness_max_s,
               r->lsa_retransmissions_mean);
}

static void print_bgp(const run_timers_opts_t *o, const bgp_study_result_t *r)
{
    char buf[32], buf2[32], buf3[32];
    printf("bgp keepalive %s hold %s, TCP RTO %s", secs(o->keepalive, buf, sizeof buf),
           secs(o->hold, buf2, sizeof buf2), secs(o->rto, buf3, sizeof buf3));
    print_freeze(o, o->peers, "peer(s)");
    printf("  survival probability %.4f (all sessions), %.4f per session\n",
           r->survival_probability, r->session_survival_probability);
    printf("  keepalives buffered by a peer's TCP: mean %.3f, max %u; TCP "
           "retransmissions: mean %.3f, max %u\n",
           r->keepalives_buffered_mean, r->keepalives_buffered_max, r->retransmissions_mean,
           r->retransmissions_max);
    if (r->deliveries)
        printf("  held messages reached the router %.3f s after the resume on average "
               "(max %.3f s)\n",
               r->delivery_after_resume_mean_s, r->delivery_after_resume_max_s);
    if (r->sessions_survived < r->sessions)
        printf("  sessions lost by first cause: hold_at_peer=%llu hold_at_router=%llu\n",
               (unsigned long long)r->first_drop_cause[BGP_DROP_HOLD_AT_PEER],
               (unsigned long long)r->first_drop_cause[BGP_DROP_HOLD_AT_ROUTER]);
}

int cmd_timers(int argc, char **argv)
{
    run_timers_opts_t o;
    run_timers_result_t r;
    const char *json = NULL, *trace_path = NULL;
    run_timers_defaults(&o);
    int rc = parse(argc, argv, &o, &json, &trace_path);
    if (rc)
        return rc < 0 ? 0 : rc;
    vs_err_t err = VS_OK;
    cJSON *root = NULL;
    vs_outfile_t *trace = NULL;
    if (trace_path)
        VS_TRY(vs_out_open(trace_path, &trace));
    VS_TRY(run_timers(&o, trace ? vs_out_stream(trace) : NULL, &r));
    if (json) {
        VS_TRY(run_timers_json(&o, &r, &root));
        VS_TRY(vs_json_write(root, json));
    }
    if (cli_human(json) && o.proto == 1)
        print_ospf(&o, &r.ospf);
    else if (cli_human(json))
        print_bgp(&o, &r.bgp);
    if (trace) {
        vs_outfile_t *t = trace;
        trace = NULL;
        VS_TRY(vs_out_commit(t));
    }
out:
    if (trace)
        vs_out_abort(trace);
    cJSON_Delete(root);
    return err ? cli_report(err) : 0;
}
