/* run_timers — the what-if `vroomsim timers` answers (docs/timers.md): does an OSPF adjacency or
 * a BGP session survive a control-plane freeze of a given length, over random timer phases
 * (ospf_study, bgp_study)? Its options by name, their defaults and relations, the run and the
 * JSON result live here, so the command and sweeps (study/) read and check a value alike. */
#ifndef RUN_TIMERS_H
#define RUN_TIMERS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "bgp.h"
#include "ospf.h"
#include "rt_clock.h"
#include "sim_time.h"

/* The options, as `--NAME VALUE` on the command line, in RUN_TIMERS_OPTIONS's order. */
enum {
    RT_O_PROTO, RT_O_HELLO, RT_O_DEAD, RT_O_RXMT, RT_O_NEIGHBORS, RT_O_LSA_AT, RT_O_KEEPALIVE,
    RT_O_HOLD, RT_O_RTO, RT_O_RTO_MAX, RT_O_PEERS, RT_O_DOWNTIME, RT_O_ROUTES, RT_O_PROFILE,
    RT_O_CLOCK, RT_O_FROZEN_RX, RT_O_RUNS, RT_O_SEED, RT_O_DELAY, RT_O_FREEZE_AT, RT_O_COUNT
};
/* Their names without "--", NULL-ended. */
extern const char *const RUN_TIMERS_OPTIONS[];

typedef struct {
    int proto; /* 0 unset, 1 ospf, 2 bgp */
    bool has[RT_O_COUNT];
    sim_time_t hello, dead, rxmt, keepalive, hold, rto, rto_max, downtime, delay, freeze_at;
    sim_time_t lsa_at;
    bool lsa, lsa_random;
    int64_t neighbors, peers, runs, routes;
    char profile[256];
    rt_clock_mode_t clock;
    rt_rx_mode_t frozen_rx;
    uint64_t seed;
} run_timers_opts_t;

typedef struct {
    ospf_study_result_t ospf; /* proto 1 */
    bgp_study_result_t bgp;   /* proto 2 */
} run_timers_result_t;

/* The command's defaults: 1 neighbour or peer, 1000 runs, seed 1, running clock. */
void run_timers_defaults(run_timers_opts_t *o);
/* One option by name ("hello", "downtime", ...), read and checked as the command reads it;
 * errors VS_EUSAGE (status 2) naming the option and the value. Later calls replace earlier. */
vs_err_t run_timers_option(run_timers_opts_t *o, const char *name, const char *value);
/* After the options: the protocol's defaults and the relations between the timers (dead above
 * hello, RFC 4271's hold time, ...), each error naming the options (VS_EUSAGE). */
vs_err_t run_timers_settle(run_timers_opts_t *o);
/* Runs the study (settled options; with routes and profile, the freeze of a simulated
 * migration first); trace, when not NULL, gets the first run's events as JSON lines. */
vs_err_t run_timers(run_timers_opts_t *o, FILE *trace, run_timers_result_t *r);
/* The command's JSON result (schema 1: command, proto, inputs, the study's figures): *out,
 * the caller frees. */
vs_err_t run_timers_json(const run_timers_opts_t *o, const run_timers_result_t *r, cJSON **out);

#endif
