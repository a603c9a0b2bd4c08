#include "run_timers.h"

#include <stdio.h>
#include <string.h>

#include "run_freeze.h"
#include "tcp_rexmit.h"
#include "vs_out.h"
#include "vs_units.h"

const char *const RUN_TIMERS_OPTIONS[] = {
    [RT_O_PROTO] = "proto",         [RT_O_HELLO] = "hello",         [RT_O_DEAD] = "dead",
    [RT_O_RXMT] = "rxmt",           [RT_O_NEIGHBORS] = "neighbors", [RT_O_LSA_AT] = "lsa-at",
    [RT_O_KEEPALIVE] = "keepalive", [RT_O_HOLD] = "hold",           [RT_O_RTO] = "rto",
    [RT_O_RTO_MAX] = "rto-max",     [RT_O_PEERS] = "peers",         [RT_O_DOWNTIME] = "downtime",
    [RT_O_ROUTES] = "routes",       [RT_O_PROFILE] = "profile",     [RT_O_CLOCK] = "clock",
    [RT_O_FROZEN_RX] = "frozen-rx", [RT_O_RUNS] = "runs",           [RT_O_SEED] = "seed",
    [RT_O_DELAY] = "delay",         [RT_O_FREEZE_AT] = "freeze-at", [RT_O_COUNT] = NULL,
};

void run_timers_defaults(run_timers_opts_t *o)
{
    *o = (run_timers_opts_t){.neighbors = 1, .peers = 1, .runs = 1000, .seed = 1,
                             .clock = RT_CLOCK_RUNNING};
}

/* A timer option: a positive duration. */
static vs_err_t positive(const char *opt, const char *text, sim_time_t *out)
{
    vs_err_t err = vs_opt_duration(opt, text, out);
    if (!err && *out <= 0)
        return vs_fail(VS_EUSAGE, "%s %s: a timer must be positive", opt, text);
    return err;
}

/* The duration options: where each goes, and whether it must be positive. */
static vs_err_t duration_option(run_timers_opts_t *o, int i, const char *opt, const char *v)
{
    sim_time_t *const dst[RT_O_COUNT] = {
        [RT_O_HELLO] = &o->hello, [RT_O_DEAD] = &o->dead,           [RT_O_RXMT] = &o->rxmt,
        [RT_O_KEEPALIVE] = &o->keepalive, [RT_O_RTO] = &o->rto,    [RT_O_RTO_MAX] = &o->rto_max,
        [RT_O_HOLD] = &o->hold,   [RT_O_DOWNTIME] = &o->downtime, [RT_O_DELAY] = &o->delay,
        [RT_O_FREEZE_AT] = &o->freeze_at,
    };
    /* --hold 0 and (0, 3 s) get the RFC 4271 message in run_timers_settle */
    bool any = i == RT_O_HOLD || i == RT_O_DOWNTIME || i == RT_O_DELAY || i == RT_O_FREEZE_AT;
    return any ? vs_opt_duration(opt, v, dst[i]) : positive(opt, v, dst[i]);
}

static vs_err_t other_option(run_timers_opts_t *o, int i, const char *opt, const char *v)
{
    switch (i) {
    case RT_O_PROTO:
        if (strcmp(v, "ospf") && strcmp(v, "bgp"))
            return vs_fail(VS_EUSAGE, "--proto: '%s' is neither ospf nor bgp", v);
        o->proto = !strcmp(v, "ospf") ? 1 : 2;
        return VS_OK;
    case RT_O_NEIGHBORS:
        return vs_opt_count(opt, v, 1, OSPF_MAX_NEIGHBORS, &o->neighbors);
    case RT_O_PEERS:
        return vs_opt_count(opt, v, 1, BGP_MAX_PEERS, &o->peers);
    case RT_O_LSA_AT:
        o->lsa = true;
        o->lsa_random = !strcmp(v, "random");
        return o->lsa_random ? VS_OK : vs_opt_duration(opt, v, &o->lsa_at);
    case RT_O_ROUTES:
        return vs_opt_count(opt, v, 0, INT64_C(100000000), &o->routes);
    case RT_O_PROFILE:
        if (!*v || strlen(v) >= sizeof o->profile)
            return vs_fail(VS_EUSAGE, "--profile: '%s' is not a profile name or path", v);
        snprintf(o->profile, sizeof o->profile, "%s", v);
        return VS_OK;
    case RT_O_CLOCK:
        if (rt_clock_parse(v, &o->clock) != VS_OK)
            return vs_fail(VS_EUSAGE, "--clock: '%s' is neither running nor paused", v);
        return VS_OK;
    case RT_O_FROZEN_RX:
        if (rt_rx_parse(v, &o->frozen_rx) != VS_OK)
            return vs_fail(VS_EUSAGE, "--frozen-rx: '%s' is neither drop nor queue", v);
        return VS_OK;
    case RT_O_RUNS:
        return vs_opt_count(opt, v, 1, 10000000, &o->runs);
    default:
        return vs_opt_seed(opt, v, &o->seed);
    }
}

vs_err_t run_timers_option(run_timers_opts_t *o, const char *name, const char *value)
{
    for (int i = 0; i < RT_O_COUNT; i++) {
        if (strcmp(name, RUN_TIMERS_OPTIONS[i]))
            continue;
        char opt[32];
        snprintf(opt, sizeof opt, "--%s", name);
        o->has[i] = true;
        bool is_duration = i == RT_O_HELLO || i == RT_O_DEAD || i == RT_O_RXMT ||
                           i == RT_O_KEEPALIVE || i == RT_O_HOLD || i == RT_O_RTO ||
                           i == RT_O_RTO_MAX || i == RT_O_DOWNTIME || i == RT_O_DELAY ||
                           i == RT_O_FREEZE_AT;
        return is_duration ? duration_option(o, i, opt, value) : other_option(o, i, opt, value);
    }
    return vs_fail(VS_EUSAGE, "'%s' is not an option of timers (expected proto, hello, dead, "
                   "rxmt, neighbors, lsa-at, keepalive, hold, rto, rto-max, peers, downtime, "
                   "routes, profile, clock, frozen-rx, runs, seed, delay or freeze-at)", name);
}

/* Which options go together: one protocol's, and one way of giving the freeze. */
static vs_err_t check_combination(const run_timers_opts_t *o)
{
    static const int ospf_only[] = {RT_O_HELLO, RT_O_DEAD, RT_O_RXMT, RT_O_NEIGHBORS, RT_O_LSA_AT};
    static const int bgp_only[] = {RT_O_KEEPALIVE, RT_O_HOLD, RT_O_RTO, RT_O_RTO_MAX, RT_O_PEERS};
    if (!o->proto)
        return vs_fail(VS_EUSAGE, "--proto ospf|bgp is required");
    for (size_t i = 0; i < 5; i++) {
        if (o->proto == 2 && o->has[ospf_only[i]])
            return vs_fail(VS_EUSAGE, "--%s is an OSPF option (this is --proto bgp)",
                           RUN_TIMERS_OPTIONS[ospf_only[i]]);
        if (o->proto == 1 && o->has[bgp_only[i]])
            return vs_fail(VS_EUSAGE, "--%s is a BGP option (this is --proto ospf)",
                           RUN_TIMERS_OPTIONS[bgp_only[i]]);
    }
    bool by_downtime = o->has[RT_O_DOWNTIME];
    bool by_migration = o->has[RT_O_ROUTES] || o->has[RT_O_PROFILE];
    if (by_downtime && by_migration)
        return vs_fail(VS_EUSAGE, "give either --downtime or --routes/--profile, not both");
    if (!by_downtime && !by_migration)
        return vs_fail(VS_EUSAGE, "--downtime T (or --routes N --profile NAME) is required");
    if (by_migration && !(o->has[RT_O_ROUTES] && o->has[RT_O_PROFILE]))
        return vs_fail(VS_EUSAGE, "--routes and --profile go together");
    return VS_OK;
}

/* Seconds with up to 6 significant digits ("0.972 s"): vs_fmt_duration rounds for people,
 * and a planner comparing 0.972 s with 1 s needs the digits. */
static const char *secs(sim_time_t t, char *buf, size_t len)
{
    snprintf(buf, len, "%.6g s", sim_to_s(t));
    return buf;
}

/* "--A x s is not larger than --B y s" unless a > b. */
static vs_err_t larger(sim_time_t a, const char *an, sim_time_t b, const char *bn)
{
    char x[32], y[32];
    if (a > b)
        return VS_OK;
    return vs_fail(VS_EUSAGE, "--%s %s is not larger than --%s %s", an, secs(a, x, sizeof x), bn,
                   secs(b, y, sizeof y));
}

/* A freeze before one period of the protocol's timer: its phases are not yet random. */
static vs_err_t not_early(const run_timers_opts_t *o, sim_time_t period, const char *name)
{
    char x[32], y[32];
    if (!o->has[RT_O_FREEZE_AT] || o->freeze_at >= period)
        return VS_OK;
    return vs_fail(VS_EUSAGE, "--freeze-at %s is earlier than one --%s (%s): the phases are not "
                   "yet random then", secs(o->freeze_at, x, sizeof x), name,
                   secs(period, y, sizeof y));
}

static vs_err_t settle_ospf(run_timers_opts_t *o)
{
    vs_err_t err;
    if (!o->has[RT_O_HELLO])
        o->hello = OSPF_DEFAULT_HELLO;
    if (!o->has[RT_O_DEAD])
        o->dead = OSPF_DEAD_PER_HELLO * o->hello;
    if (!o->has[RT_O_RXMT])
        o->rxmt = OSPF_DEFAULT_RXMT;
    if ((err = larger(o->dead, "dead", o->hello, "hello")) || (err = not_early(o, o->hello, "hello")))
        return err;
    if (o->lsa && !o->lsa_random && o->lsa_at < 0)
        return vs_fail(VS_EUSAGE, "--lsa-at must not be negative");
    return VS_OK;
}

static vs_err_t settle_bgp(run_timers_opts_t *o)
{
    char x[32], y[32];
    vs_err_t err;
    if (!o->has[RT_O_KEEPALIVE] && !o->has[RT_O_HOLD]) {
        o->keepalive = BGP_DEFAULT_KEEPALIVE;
        o->hold = BGP_DEFAULT_HOLD;
    } else if (!o->has[RT_O_KEEPALIVE]) {
        o->keepalive = o->hold / 3; /* RFC 4271 10: a third of the hold time */
    } else if (!o->has[RT_O_HOLD]) {
        o->hold = 3 * o->keepalive;
    }
    if (!o->has[RT_O_RTO])
        o->rto = TCP_LINUX_RTO_MIN;
    if (!o->has[RT_O_RTO_MAX])
        o->rto_max = o->rto > TCP_LINUX_RTO_MAX ? o->rto : TCP_LINUX_RTO_MAX;
    if (o->hold < BGP_MIN_HOLD)
        return vs_fail(VS_EUSAGE, "--hold %s: RFC 4271 (4.2) allows a hold time of 0 or at least "
                       "3s; 0 turns the timers off, so no freeze can drop the session",
                       secs(o->hold, x, sizeof x));
    if (o->keepalive <= 0)
        return vs_fail(VS_EUSAGE, "--keepalive %s (derived from --hold) must be positive",
                       secs(o->keepalive, x, sizeof x));
    if ((err = larger(o->hold, "hold", o->keepalive, "keepalive")) ||
        (err = not_early(o, o->keepalive, "keepalive")))
        return err;
    if (o->rto_max < o->rto)
        return vs_fail(VS_EUSAGE, "--rto-max %s is below --rto %s", secs(o->rto_max, x, sizeof x),
                       secs(o->rto, y, sizeof y));
    return VS_OK;
}

vs_err_t run_timers_settle(run_timers_opts_t *o)
{
    vs_err_t err = check_combination(o);
    return err ? err : o->proto == 1 ? settle_ospf(o) : settle_bgp(o);
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

static vs_err_t inputs_json(cJSON *root, const run_timers_opts_t *o)
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
    if (o->has[RT_O_ROUTES]) {
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

static vs_err_t ospf_json(cJSON *root, const run_timers_opts_t *o, const ospf_study_result_t *r)
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

vs_err_t run_timers(run_timers_opts_t *o, FILE *trace, run_timers_result_t *r)
{
    vs_err_t err;
    memset(r, 0, sizeof *r);
    /* The freeze of a simulated stall-and-copy migration on that hardware (mig.h). */
    if (o->has[RT_O_ROUTES] &&
        (err = run_freeze_downtime(o->proto == 1 ? "ospf" : "bgp", o->routes, o->profile, o->seed,
                                   &o->downtime)))
        return err;
    if (o->proto == 1) {
        if (!o->has[RT_O_FREEZE_AT])
            o->freeze_at = o->dead + 2 * o->hello;
        ospf_study_params_t sp = {
            .hello = o->hello, .dead = o->dead, .rxmt = o->rxmt, .delay = o->delay,
            .neighbors = (size_t)o->neighbors, .clock = o->clock, .frozen_rx = o->frozen_rx,
            .freeze_at = o->freeze_at, .downtime = o->downtime, .runs = (uint32_t)o->runs,
            .seed = o->seed, .lsa = o->lsa, .lsa_random = o->lsa_random, .lsa_offset = o->lsa_at,
            .trace = trace,
        };
        return ospf_study(&sp, &r->ospf);
    }
    if (!o->has[RT_O_FREEZE_AT])
        o->freeze_at = o->hold + 2 * o->keepalive;
    bgp_study_params_t sp = {
        .keepalive = o->keepalive, .hold = o->hold, .delay = o->delay, .rto_initial = o->rto,
        .rto_max = o->rto_max, .peers = (size_t)o->peers, .clock = o->clock,
        .frozen_rx = o->frozen_rx, .freeze_at = o->freeze_at, .downtime = o->downtime,
        .runs = (uint32_t)o->runs, .seed = o->seed, .trace = trace,
    };
    return bgp_study(&sp, &r->bgp);
}

vs_err_t run_timers_json(const run_timers_opts_t *o, const run_timers_result_t *r, cJSON **out)
{
    cJSON *root = cJSON_CreateObject();
    vs_err_t err = VS_OK;
    if (!(*out = root))
        return vs_fail(VS_ENOMEM, "out of memory");
    VS_TRY(vs_json_num(root, "schema", 1));
    VS_TRY(vs_json_str(root, "command", "timers"));
    VS_TRY(vs_json_str(root, "proto", o->proto == 1 ? "ospf" : "bgp"));
    VS_TRY(inputs_json(root, o));
    VS_TRY(o->proto == 1 ? ospf_json(root, o, &r->ospf) : bgp_json(root, &r->bgp));
out:
    if (err) {
        cJSON_Delete(root);
        *out = NULL;
    }
    return err;
}
