/* rt_star — what the OSPF and BGP models (ospf.h, bgp.h) share: one router whose control plane
 * can be frozen, linked to N peers (a star). Per link, the peer's own process (never frozen
 * here) and the names of the link's two ends, "<proto>:<from>-><to>", which are both trace
 * entities and the names of the streams that draw the random timer phases. Also the checks
 * and helpers of the two what-if studies. */
#ifndef RT_STAR_H
#define RT_STAR_H

#include <stddef.h>
#include <stdint.h>

#include "rt_clock.h"
#include "sim.h"
#include "vs_error.h"

/* A protocol's words, for names and messages. */
typedef struct {
    const char *proto;  /* "ospf": prefix of entity names and of messages */
    const char *peer;   /* "neighbour": a peer in messages (plural: + "s") */
    const char *period; /* "hello": the periodic timer whose phases are random */
    const char *letter; /* "N": study peers are named <letter>1, <letter>2, ... */
    size_t max_peers;
    size_t timers; /* timers per link end (registered on the peer's and the router's process) */
} rt_star_kind_t;

/* One link of the star. End 0 is the router's, end 1 the peer's. */
typedef struct {
    rt_proc_t peer; /* the peer's process: never frozen here */
    char *name[2];  /* "<proto>:<router>-><peer>", "<proto>:<peer>-><router>"; owned */
} rt_star_link_t;

/* Copies the names and makes the peer's process (running clock, k->timers timers). On failure
 * l is left for rt_star_link_free. Allocates. */
vs_err_t rt_star_link_init(rt_star_link_t *l, const rt_star_kind_t *k, const char *router,
                           const char *peer);
/* Frees what rt_star_link_init made; a no-op on a zeroed link. */
void rt_star_link_free(rt_star_link_t *l);
/* The first expiry (after now) of end e's periodic timer on link i: fixed[i] when fixed is
 * given, else uniform in [0, period) from the stream (seed, l->name[e]). */
sim_time_t rt_star_phase(const rt_star_link_t *l, unsigned e, const sim_time_t *fixed, size_t i,
                         uint64_t seed, sim_time_t period);

/* The router's and the peers' names (VS_EINVAL), and the count n (VS_ERANGE: 1 to max). */
vs_err_t rt_star_check_names(const rt_star_kind_t *k, const char *router,
                             const char *const *peers, size_t n);
vs_err_t rt_star_check_count(const rt_star_kind_t *k, size_t n);
/* Optional fixed phases (n each, may be NULL) must lie in [0, period). */
vs_err_t rt_star_check_phases(const rt_star_kind_t *k, const sim_time_t *router_phase,
                              const sim_time_t *peer_phase, size_t n, sim_time_t period);

/* ---- The studies ---- */

/* runs >= 1, downtime >= 0, freeze_at >= 0. */
vs_err_t rt_star_study_check(const rt_star_kind_t *k, uint32_t runs, sim_time_t downtime,
                             sim_time_t freeze_at);
/* *out: n names "<letter>1".."<letter>n"; free with rt_star_names_free(*out, n), also after a
 * failure. */
vs_err_t rt_star_study_names(const rt_star_kind_t *k, size_t n, char ***out);
void rt_star_names_free(char **names, size_t n);
/* The seed of run r of a study with master seed seed. */
uint64_t rt_star_run_seed(uint64_t seed, uint32_t r);
/* Counts v into hist (bins; the last bin takes v >= bins - 1), *sum and *max. */
void rt_star_count(uint64_t *hist, size_t bins, double *sum, uint32_t *max, uint32_t v);

#endif
