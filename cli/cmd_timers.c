/* vroomsim timers — what-if for planners: does an OSPF adjacency or a BGP session survive a
 * control-plane freeze of a given length? Simulated over random timer phases (models/routing/ospf/ospf.h,
 * models/routing/bgp/bgp.h); docs/timers.md explains the models and the output. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "bgp.h"
#include "cli.h"
#include "run_freeze.h"
#include "ospf.h"
#include "tcp_rexmit.h"
#include "vs_out.h"
#include "vs_units.h"


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

typedef struct {
    int proto; /* 0 unset, 1 ospf, 2 bgp */
    bool has[32];
    sim_time_t hello, dead, rxmt, keepalive, hold, rto, rto_max, downtime, delay, freeze_at;
    sim_time_t lsa_at;
    bool lsa, lsa_random;
    int64_t neighbors, peers, runs, routes;
    const char *profile;
    rt_clock_mode_t clock;
    rt_rx_mode_t frozen_rx;
    uint64_t seed;
    const char *json;
    const char *trace;
} opts_t;

enum {
    O_PROTO = 1, O_HELLO, O_DEAD, O_RXMT, O_NEIGHBORS, O_LSA_AT, O_KEEPALIVE, O_HOLD, O_RTO,
    O_RTO_MAX, O_PEERS, O_DOWNTIME, O_ROUTES, O_PROFILE, O_CLOCK, O_RUNS, O_SEED, O_DELAY,
    O_FREEZE_AT, O_JSON, O_HELP, O_TRACE, O_FROZEN_RX
};

static const char *opt_name(int o)
{
    static const char *names[] = {
        [O_HELLO] = "--hello",         [O_DEAD] = "--dead",     [O_RXMT] = "--rxmt",
        [O_NEIGHBORS] = "--neighbors", [O_LSA_AT] = "--lsa-at", [O_KEEPALIVE] = "--keepalive",
        [O_HOLD] = "--hold",           [O_RTO] = "--rto",       [O_RTO_MAX] = "--rto-max",
        [O_PEERS] = "--peers",
    };
    return names[o] ? names[o] : "?";
}

/* A timer option: a positive duration. */
static int positive(const char *opt, const char *text, sim_time_t *out)
{
    vs_err_t err = cli_parse_duration(opt, text, out);
    if (err)
        return cli_report(err);
    if (*out <= 0)
        return cli_usage_error("timers", "%s %s: a timer must be positive", opt, text);
    return 0;
}

static int parse(int argc, char **argv, opts_t *o)
{
    static const struct option lo[] = {
        {"proto", required_argument, 0, O_PROTO},
        {"hello", required_argument, 0, O_HELLO},
        {"dead", required_argument, 0, O_DEAD},
        {"rxmt", required_argument, 0, O_RXMT},
        {"neighbors", required_argument, 0, O_NEIGHBORS},
        {"lsa-at", required_argument, 0, O_LSA_AT},
        {"keepalive", required_argument, 0, O_KEEPALIVE},
        {"hold", required_argument, 0, O_HOLD},
        {"rto", required_argument, 0, O_RTO},
        {"rto-max", required_argument, 0, O_RTO_MAX},
        {"peers", required_argument, 0, O_PEERS},
        {"downtime", required_argument, 0, O_DOWNTIME},
        {"routes", required_argument, 0, O_ROUTES},
        {"profile", required_argument, 0, O_PROFILE},
        {"clock", required_argument, 0, O_CLOCK},
        {"runs", required_argument, 0, O_RUNS},
        {"seed", required_argument, 0, O_SEED},
        {"delay", required_argument, 0, O_DELAY},
        {"freeze-at", required_argument, 0, O_FREEZE_AT},
        {"json", optional_argument, 0, O_JSON},
        {"help", no_argument, 0, O_HELP},
        {"trace", required_argument, 0, O_TRACE},
        {"frozen-rx", required_argument, 0, O_FROZEN_RX},
        {0, 0, 0, 0},
    };
    int c, rc;
    vs_err_t err;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
        if (c > 0 && c < 32)
            o->has[c] = true;
        switch (c) {
        case O_PROTO:
            if (!strcmp(optarg, "ospf"))
                o->proto = 1;
            else if (!strcmp(optarg, "bgp"))
                o->proto = 2;
            else
                return cli_usage_error("timers", "--proto: '%s' is neither ospf nor bgp", optarg);
            break;
        case O_HELLO:
            if ((rc = positive("--hello", optarg, &o->hello)))
                return rc;
            break;
        case O_DEAD:
            if ((rc = positive("--dead", optarg, &o->dead)))
                return rc;
            break;
        case O_RXMT:
            if ((rc = positive("--rxmt", optarg, &o->rxmt)))
                return rc;
            break;
        case O_KEEPALIVE:
            if ((rc = positive("--keepalive", optarg, &o->keepalive)))
                return rc;
            break;
        case O_HOLD: /* 0 and (0, 3 s) get the RFC 4271 message in settle() */
            if ((err = cli_parse_duration("--hold", optarg, &o->hold)))
                return cli_report(err);
            break;
        case O_RTO:
            if ((rc = positive("--rto", optarg, &o->rto)))
                return rc;
            break;
        case O_RTO_MAX:
            if ((rc = positive("--rto-max", optarg, &o->rto_max)))
                return rc;
            break;
        case O_NEIGHBORS:
            if ((err = cli_parse_count("--neighbors", optarg, 1, OSPF_MAX_NEIGHBORS, &o->neighbors)))
                return cli_report(err);
            break;
        case O_PEERS:
            if ((err = cli_parse_count("--peers", optarg, 1, BGP_MAX_PEERS, &o->peers)))
                return cli_report(err);
            break;
        case O_LSA_AT:
            o->lsa = true;
            if (!strcmp(optarg, "random"))
                o->lsa_random = true;
            else if ((err = cli_parse_duration("--lsa-at", optarg, &o->lsa_at)))
                return cli_report(err);
            break;
        case O_DOWNTIME:
            if ((err = cli_parse_duration("--downtime", optarg, &o->downtime)))
                return cli_report(err);
            break;
        case O_ROUTES:
            if ((err = cli_parse_count("--routes", optarg, 0, INT64_C(100000000), &o->routes)))
                return cli_report(err);
            break;
        case O_PROFILE:
            o->profile = optarg;
            break;
        case O_CLOCK:
            if (rt_clock_parse(optarg, &o->clock) != VS_OK)
                return cli_usage_error("timers", "--clock: '%s' is neither running nor paused",
                                       optarg);
            break;
        case O_FROZEN_RX:
            if (rt_rx_parse(optarg, &o->frozen_rx) != VS_OK)
                return cli_usage_error("timers", "--frozen-rx: '%s' is neither drop nor queue",
                                       optarg);
            break;
        case O_RUNS:
            if ((err = cli_parse_count("--runs", optarg, 1, 10000000, &o->runs)))
                return cli_report(err);
            break;
        case O_SEED:
            if ((err = cli_parse_seed("--seed", optarg, &o->seed)))
                return cli_report(err);
            break;
        case O_DELAY:
            if ((err = cli_parse_duration("--delay", optarg, &o->delay)))
                return cli_report(err);
            break;
        case O_FREEZE_AT:
            if ((err = cli_parse_duration("--freeze-at", optarg, &o->freeze_at)))
                return cli_report(err);
            break;
        case O_TRACE:
            if ((err = vs_out_check(optarg)))
                return cli_report(err);
            o->trace = optarg;
            break;
        case O_JSON:
            if ((err = vs_out_check(cli_json_target(optarg))))
                return cli_report(err);
            o->json = cli_json_target(optarg);
            break;
        case O_HELP:
        case 'h':
            help(stdout);
            return -1;
        default:
            if (optopt)
                return cli_usage_error("timers", "option '%s' needs a value or is unknown",
                                       argv[optind - 1]);
            return cli_usage_error("timers", "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return cli_usage_error("timers", "unexpected argument '%s'", argv[optind]);
    if (!o->proto)
        return cli_usage_error("timers", "--proto ospf|bgp is required");
    static const int ospf_only[] = {O_HELLO, O_DEAD, O_RXMT, O_NEIGHBORS, O_LSA_AT};
    static const int bgp_only[] = {O_KEEPALIVE, O_HOLD, O_RTO, O_RTO_MAX, O_PEERS};
    for (size_t i = 0; i < 5; i++) {
        if (o->proto == 2 && o->has[ospf_only[i]])
            return cli_usage_error("timers", "%s is an OSPF option (this is --proto bgp)",
                                   opt_name(ospf_only[i]));
        if (o->proto == 1 && o->has[bgp_only[i]])
            return cli_usage_error("timers", "%s is a BGP option (this is --proto ospf)",
                                   opt_name(bgp_only[i]));
    }
    bool by_downtime = o->has[O_DOWNTIME], by_migration = o->has[O_ROUTES] || o->has[O_PROFILE];
    if (by_downtime && by_migration)
        return cli_usage_error("timers", "give either --downtime or --routes/--profile, not both");
    if (!by_downtime && !by_migration)
        return cli_usage_error("timers", "--downtime T (or --routes N --profile NAME) is required");
    if (by_migration && !(o->has[O_ROUTES] && o->has[O_PROFILE]))
        return cli_usage_error("timers", "--routes and --profile go together");
    return 0;
}

/* Seconds with up to 6 significant digits ("0.972 s"): vs_fmt_duration rounds for people,
 * and a planner comparing 0.972 s with 1 s needs the digits. */
static const char *secs(sim_time_t t, char *buf, size_t len)
{
    snprintf(buf, len, "%.6g s", sim_to_s(t));
    return buf;
}

/* Defaults and the relations between timers; errors name the options (exit 2). */
static int settle(opts_t *o)
{
    char a[32], b[32];
    if (o->proto == 1) {
        if (!o->has[O_HELLO])
            o->hello = OSPF_DEFAULT_HELLO;
        if (!o->has[O_DEAD])
            o->dead = OSPF_DEAD_PER_HELLO * o->hello;
        if (!o->has[O_RXMT])
            o->rxmt = OSPF_DEFAULT_RXMT;
        if (o->dead <= o->hello)
            return cli_usage_error("timers", "--dead %s is not larger than --hello %s",
                                   secs(o->dead, a, sizeof a),
                                   secs(o->hello, b, sizeof b));
        if (o->has[O_FREEZE_AT] && o->freeze_at < o->hello)
            return cli_usage_error("timers",
                                   "--freeze-at %s is earlier than one --hello (%s): the phases "
                                   "are not yet random then",
                                   secs(o->freeze_at, a, sizeof a), secs(o->hello, b, sizeof b));
        if (o->lsa && !o->lsa_random && o->lsa_at < 0)
            return cli_usage_error("timers", "--lsa-at must not be negative");
    } else {
        if (!o->has[O_KEEPALIVE] && !o->has[O_HOLD]) {
            o->keepalive = BGP_DEFAULT_KEEPALIVE;
            o->hold = BGP_DEFAULT_HOLD;
        } else if (!o->has[O_KEEPALIVE]) {
            o->keepalive = o->hold / 3; /* RFC 4271 10: a third of the hold time */
        } else if (!o->has[O_HOLD]) {
            o->hold = 3 * o->keepalive;
        }
        if (!o->has[O_RTO])
            o->rto = TCP_LINUX_RTO_MIN;
        if (!o->has[O_RTO_MAX])
            o->rto_max = o->rto > TCP_LINUX_RTO_MAX ? o->rto : TCP_LINUX_RTO_MAX;
        if (o->hold < BGP_MIN_HOLD)
            return cli_usage_error(
                "timers",
                "--hold %s: RFC 4271 (4.2) allows a hold time of 0 or at least 3s; 0 turns the "
                "timers off, so no freeze can drop the session",
                secs(o->hold, a, sizeof a));
        if (o->keepalive <= 0)
            return cli_usage_error("timers", "--keepalive %s (derived from --hold) must be positive",
                                   secs(o->keepalive, a, sizeof a));
        if (o->hold <= o->keepalive)
            return cli_usage_error("timers", "--hold %s is not larger than --keepalive %s",
                                   secs(o->hold, a, sizeof a),
                                   secs(o->keepalive, b, sizeof b));
        if (o->has[O_FREEZE_AT] && o->freeze_at < o->keepalive)
            return cli_usage_error("timers",
                                   "--freeze-at %s is earlier than one --keepalive (%s): the "
                                   "phases are not yet random then",
                                   secs(o->freeze_at, a, sizeof a),
                                   secs(o->keepalive, b, sizeof b));
        if (o->rto_max < o->rto)
            return cli_usage_error("timers", "--rto-max %s is below --rto %s",
                                   secs(o->rto_max, a, sizeof a),
                                   secs(o->rto, b, sizeof b));
    }
    return 0;
}

static vs_err_t hist_json(cJSON *parent, const char *key, const uint64_t *h, size_t bins,
                          double mean, double max)
{
    cJSON *o = vs_json_obj(parent, key);
    if (!o)
        return vs_fail(VS_ENOMEM, "out of memory");
    vs_err_t err;
    if ((err = vs_json_num(o, "mean", mean)) || (err = vs_json_num(o, "max", max)))
        return err;
    size_t last = bins;
    while (last > 1 && h[last - 1] == 0)
        last--;
    cJSON *a = vs_json_arr(o, "histogram");
    if (!a)
        return vs_fail(VS_ENOMEM, "out of memory");
    for (size_t i = 0; i < last; i++) {
        cJSON *n = cJSON_CreateNumber((double)h[i]);
        if (!n || !cJSON_AddItemToArray(a, n))
            return vs_fail(VS_ENOMEM, "out of memory");
    }
    return VS_OK;
}

static vs_err_t pair_json(cJSON *parent, const char *key, const char *k1, double v1,
                          const char *k2, double v2)
{
    cJSON *o = vs_json_obj(parent, key);
    if (!o)
        return vs_fail(VS_ENOMEM, "out of memory");
    vs_err_t err = vs_json_num(o, k1, v1);
    return err ? err : vs_json_num(o, k2, v2);
}

static vs_err_t inputs_json(cJSON *root, const opts_t *o)
{
    cJSON *in = vs_json_obj(root, "inputs");
    if (!in)
        return vs_fail(VS_ENOMEM, "out of memory");
    vs_err_t err = VS_OK;
    if (o->proto == 1) {
        VS_TRY(vs_json_num(in, "hello_s", sim_to_s(o->hello)));
        VS_TRY(vs_json_num(in, "dead_s", sim_to_s(o->dead)));
        VS_TRY(vs_json_num(in, "rxmt_s", sim_to_s(o->rxmt)));
        VS_TRY(vs_json_num(in, "neighbors", (double)o->neighbors));
    } else {
        VS_TRY(vs_json_num(in, "keepalive_s", sim_to_s(o->keepalive)));
        VS_TRY(vs_json_num(in, "hold_s", sim_to_s(o->hold)));
        VS_TRY(vs_json_num(in, "rto_s", sim_to_s(o->rto)));
        VS_TRY(vs_json_num(in, "rto_max_s", sim_to_s(o->rto_max)));
        VS_TRY(vs_json_num(in, "peers", (double)o->peers));
    }
    VS_TRY(vs_json_num(in, "downtime_s", sim_to_s(o->downtime)));
    if (o->has[O_ROUTES]) {
        VS_TRY(vs_json_num(in, "routes", (double)o->routes));
        VS_TRY(vs_json_str(in, "profile", o->profile));
    }
    VS_TRY(vs_json_str(in, "clock", rt_clock_name(o->clock)));
    VS_TRY(vs_json_str(in, "frozen_rx", rt_rx_name(o->frozen_rx)));
    VS_TRY(vs_json_num(in, "runs", (double)o->runs));
    if (o->seed <= (UINT64_C(1) << 53)) {
        VS_TRY(vs_json_num(in, "seed", (double)o->seed));
    } else { /* beyond a double's exact integers */
        char seed[32];
        snprintf(seed, sizeof seed, "%llu", (unsigned long long)o->seed);
        VS_TRY(vs_json_str(in, "seed", seed));
    }
    VS_TRY(vs_json_num(in, "delay_s", sim_to_s(o->delay)));
    VS_TRY(vs_json_num(in, "freeze_at_s", sim_to_s(o->freeze_at)));
out:
    return err;
}

static vs_err_t ospf_json(cJSON *root, const opts_t *o, const ospf_study_result_t *r)
{
    vs_err_t err = VS_OK;
    VS_TRY(vs_json_num(root, "survival_probability", r->survival_probability));
    VS_TRY(vs_json_num(root, "adjacency_survival_probability", r->adjacency_survival_probability));
    VS_TRY(vs_json_num(root, "runs_survived", r->survived));
    VS_TRY(hist_json(root, "hellos_lost", r->hellos_lost_hist, OSPF_HIST_BINS, r->hellos_lost_mean,
                     r->hellos_lost_max));
    VS_TRY(hist_json(root, "hellos_unsent", r->hellos_unsent_hist, OSPF_HIST_BINS,
                     r->hellos_unsent_mean, r->hellos_unsent_max));
    VS_TRY(pair_json(root, "hello_gap_s", "mean", r->hello_gap_mean_s, "max", r->hello_gap_max_s));
    cJSON *causes = vs_json_obj(root, "adjacencies_lost_by_cause");
    if (!causes)
        return vs_fail(VS_ENOMEM, "out of memory");
    for (int c = 1; c < OSPF_DROP_CAUSES; c++)
        VS_TRY(vs_json_num(causes, ospf_drop_cause_name((ospf_drop_cause_t)c),
                           (double)r->first_drop_cause[c]));
    if (o->lsa) {
        cJSON *l = vs_json_obj(root, "lsa");
        if (!l)
            return vs_fail(VS_ENOMEM, "out of memory");
        VS_TRY(vs_json_str(l, "reaches_neighbors", o->lsa_random ? "uniform in the freeze"
                                                                 : "at --lsa-at"));
        VS_TRY(vs_json_num(l, "missed_probability", (double)r->lsa_missed / r->runs));
        VS_TRY(vs_json_num(l, "never_received", r->lsa_never));
        cJSON *s = vs_json_obj(l, "staleness_s");
        if (!s)
            return vs_fail(VS_ENOMEM, "out of memory");
        VS_TRY(vs_json_num(s, "mean", r->staleness_mean_s));
        VS_TRY(vs_json_num(s, "min", r->staleness_min_s));
        VS_TRY(vs_json_num(s, "p50", r->staleness_p50_s));
        VS_TRY(vs_json_num(s, "p95", r->staleness_p95_s));
        VS_TRY(vs_json_num(s, "max", r->staleness_max_s));
        VS_TRY(vs_json_num(s, "max_when_missed", r->staleness_missed_max_s));
        VS_TRY(pair_json(l, "retransmissions", "mean", r->lsa_retransmissions_mean, "max",
                         r->lsa_retransmissions_max));
    }
out:
    return err;
}

static vs_err_t bgp_json(cJSON *root, const bgp_study_result_t *r)
{
    vs_err_t err = VS_OK;
    VS_TRY(vs_json_num(root, "survival_probability", r->survival_probability));
    VS_TRY(vs_json_num(root, "session_survival_probability", r->session_survival_probability));
    VS_TRY(vs_json_num(root, "runs_survived", r->survived));
    cJSON *causes = vs_json_obj(root, "sessions_lost_by_cause");
    if (!causes)
        return vs_fail(VS_ENOMEM, "out of memory");
    for (int c = 1; c < BGP_DROP_CAUSES; c++)
        VS_TRY(vs_json_num(causes, bgp_drop_cause_name((bgp_drop_cause_t)c),
                           (double)r->first_drop_cause[c]));
    VS_TRY(hist_json(root, "keepalives_buffered", r->keepalives_buffered_hist, BGP_HIST_BINS,
                     r->keepalives_buffered_mean, r->keepalives_buffered_max));
    VS_TRY(hist_json(root, "tcp_retransmissions", r->retransmissions_hist, BGP_HIST_BINS,
                     r->retransmissions_mean, r->retransmissions_max));
    cJSON *d = vs_json_obj(root, "delivery_after_resume_s");
    if (!d)
        return vs_fail(VS_ENOMEM, "out of memory");
    VS_TRY(vs_json_num(d, "sessions", (double)r->deliveries));
    VS_TRY(vs_json_num(d, "mean", r->delivery_after_resume_mean_s));
    VS_TRY(vs_json_num(d, "max", r->delivery_after_resume_max_s));
    VS_TRY(vs_json_num(root, "delivery_delay_max_s", r->delivery_delay_max_s));
    VS_TRY(pair_json(root, "silence_at_peer_s", "mean", r->silence_at_peer_mean_s, "max",
                     r->silence_at_peer_max_s));
    VS_TRY(vs_json_num(root, "silence_at_router_max_s", r->silence_at_router_max_s));
out:
    return err;
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

int cmd_timers(int argc, char **argv)
{
    opts_t o = {.neighbors = 1, .peers = 1, .runs = 1000, .seed = 1, .clock = RT_CLOCK_RUNNING};
    int rc = parse(argc, argv, &o);
    if (rc)
        return rc < 0 ? 0 : rc;
    if ((rc = settle(&o)))
        return rc;
    vs_err_t err = VS_OK;
    const char *proto = o.proto == 1 ? "ospf" : "bgp";
    if (o.has[O_ROUTES]) {
        /* The freeze of a simulated stall-and-copy migration on that hardware (mig.h). */
        if ((err = run_freeze_downtime(proto, o.routes, o.profile, o.seed, &o.downtime)))
            return cli_report(err);
    }
    char buf[32], buf2[32], buf3[32], buf4[32];
    cJSON *root = NULL;
    vs_outfile_t *trace = NULL;
    if (o.trace)
        VS_TRY(vs_out_open(o.trace, &trace));
    if (o.json) {
        root = cJSON_CreateObject();
        if (!root)
            return cli_report(vs_fail(VS_ENOMEM, "out of memory"));
        VS_TRY(vs_json_num(root, "schema", 1));
        VS_TRY(vs_json_str(root, "command", "timers"));
        VS_TRY(vs_json_str(root, "proto", proto));
    }
    if (o.proto == 1) {
        ospf_study_params_t sp = {
            .hello = o.hello, .dead = o.dead, .rxmt = o.rxmt, .delay = o.delay,
            .neighbors = (size_t)o.neighbors, .clock = o.clock, .frozen_rx = o.frozen_rx,
            .freeze_at = o.freeze_at,
            .downtime = o.downtime, .runs = (uint32_t)o.runs, .seed = o.seed, .lsa = o.lsa,
            .lsa_random = o.lsa_random, .lsa_offset = o.lsa_at,
        };
        if (!o.has[O_FREEZE_AT])
            o.freeze_at = sp.freeze_at = o.dead + 2 * o.hello;
        ospf_study_result_t r;
        sp.trace = trace ? vs_out_stream(trace) : NULL;
        VS_TRY(ospf_study(&sp, &r));
        if (root) {
            VS_TRY(inputs_json(root, &o));
            VS_TRY(ospf_json(root, &o, &r));
        }
        if (cli_human(o.json)) {
            printf("ospf hello %s dead %s rxmt %s, %lld neighbour(s), freeze %s, %s clock, %lld runs:\n",
                   secs(o.hello, buf, sizeof buf), secs(o.dead, buf2, sizeof buf2),
                   secs(o.rxmt, buf3, sizeof buf3), (long long)o.neighbors,
                   secs(o.downtime, buf4, sizeof buf4), rt_clock_name(o.clock), (long long)o.runs);
            if (o.frozen_rx == RT_RX_QUEUE)
                printf("  packets reaching the frozen router wait in its socket (--frozen-rx "
                       "queue)\n");
            printf("  survival probability %.4f (all adjacencies), %.4f per adjacency\n",
                   r.survival_probability, r.adjacency_survival_probability);
            printf("  hellos lost per adjacency: mean %.3f, max %u\n", r.hellos_lost_mean,
                   r.hellos_lost_max);
            hist_text("hellos lost histogram", r.hellos_lost_hist, OSPF_HIST_BINS);
            printf("  longest silence seen by a neighbour: mean %.3f s, max %.3f s\n",
                   r.hello_gap_mean_s, r.hello_gap_max_s);
            if (r.adjacencies_survived < r.adjacencies) {
                printf("  adjacencies lost by first cause:");
                for (int c = 1; c < OSPF_DROP_CAUSES; c++)
                    printf(" %s=%llu", ospf_drop_cause_name((ospf_drop_cause_t)c),
                           (unsigned long long)r.first_drop_cause[c]);
                printf("\n");
            }
            if (o.lsa)
                printf("  LSA: missed in %.1f%% of runs; staleness mean %.3f s, max %.3f s; "
                       "retransmissions mean %.2f\n",
                       100.0 * r.lsa_missed / r.runs, r.staleness_mean_s, r.staleness_max_s,
                       r.lsa_retransmissions_mean);
        }
    } else {
        bgp_study_params_t sp = {
            .keepalive = o.keepalive, .hold = o.hold, .delay = o.delay, .rto_initial = o.rto,
            .rto_max = o.rto_max, .peers = (size_t)o.peers, .clock = o.clock,
            .frozen_rx = o.frozen_rx, .freeze_at = o.freeze_at, .downtime = o.downtime, .runs = (uint32_t)o.runs,
            .seed = o.seed,
        };
        if (!o.has[O_FREEZE_AT])
            o.freeze_at = sp.freeze_at = o.hold + 2 * o.keepalive;
        bgp_study_result_t r;
        sp.trace = trace ? vs_out_stream(trace) : NULL;
        VS_TRY(bgp_study(&sp, &r));
        if (root) {
            VS_TRY(inputs_json(root, &o));
            VS_TRY(bgp_json(root, &r));
        }
        if (cli_human(o.json)) {
            printf("bgp keepalive %s hold %s, TCP RTO %s, %lld peer(s), freeze %s, %s clock, %lld runs:\n",
                   secs(o.keepalive, buf, sizeof buf), secs(o.hold, buf2, sizeof buf2),
                   secs(o.rto, buf3, sizeof buf3), (long long)o.peers,
                   secs(o.downtime, buf4, sizeof buf4), rt_clock_name(o.clock), (long long)o.runs);
            if (o.frozen_rx == RT_RX_QUEUE)
                printf("  packets reaching the frozen router wait in its socket (--frozen-rx "
                       "queue)\n");
            printf("  survival probability %.4f (all sessions), %.4f per session\n",
                   r.survival_probability, r.session_survival_probability);
            printf("  keepalives buffered by a peer's TCP: mean %.3f, max %u; TCP "
                   "retransmissions: mean %.3f, max %u\n",
                   r.keepalives_buffered_mean, r.keepalives_buffered_max, r.retransmissions_mean,
                   r.retransmissions_max);
            if (r.deliveries)
                printf("  held messages reached the router %.3f s after the resume on average "
                       "(max %.3f s)\n",
                       r.delivery_after_resume_mean_s, r.delivery_after_resume_max_s);
            if (r.sessions_survived < r.sessions)
                printf("  sessions lost by first cause: hold_at_peer=%llu hold_at_router=%llu\n",
                       (unsigned long long)r.first_drop_cause[BGP_DROP_HOLD_AT_PEER],
                       (unsigned long long)r.first_drop_cause[BGP_DROP_HOLD_AT_ROUTER]);
        }
    }
    if (root)
        VS_TRY(vs_json_write(root, o.json));
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
