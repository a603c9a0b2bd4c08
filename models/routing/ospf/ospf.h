/* ospf — OSPF adjacency timers and LSA flooding around one router whose control plane can
 * be frozen (a virtual router being migrated), after RFC 2328.
 *
 * An instance is the router plus its N neighbours on point-to-point links (a star): per
 * interface a hello timer (HelloInterval), per neighbour an inactivity timer
 * (RouterDeadInterval, re-armed on every hello) and a retransmission timer (RxmtInterval) for
 * the LSAs awaiting acknowledgement. Both ends of every adjacency are simulated, so both the
 * neighbours' timers and the router's own matter. While the router is frozen it sends nothing.
 * An OSPF packet that reaches it is lost (RT_RX_DROP: OSPF runs over IP, and a migrating
 * router's interfaces are being re-bound), or waits in its raw socket's buffer (RT_RX_QUEUE:
 * a SIGSTOP) and is read at resume, after the expired timers. At resume its timers behave as
 * rt_clock.h says for the instance's clock mode.
 *
 * Hello phases are random per run: each interface draws its first hello uniformly in
 * [0, hello) from its own stream, named "ospf:<from>-><to>" and derived from the seed.
 *
 * Not modelled (see docs/timers.md): the database-description exchange (an adjacency that
 * re-forms goes straight to Full and sends its whole database as one update), delayed
 * acknowledgements (every acknowledgement is direct, at once), hello jitter, DR election. */
#ifndef OSPF_H
#define OSPF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "rt_clock.h"
#include "sim.h"
#include "vs_error.h"

/* RFC 2328 Appendix C.3 sample values (and Cisco's defaults, seed 001 Section 6.4.1). */
#define OSPF_DEFAULT_HELLO SIM_S(10)
#define OSPF_DEAD_PER_HELLO 4 /* RouterDeadInterval = 4 x HelloInterval when not given */
#define OSPF_DEFAULT_RXMT SIM_S(5)
/* LSAs one instance can track (bit masks in the packets). */
#define OSPF_MAX_LSAS 32
#define OSPF_MAX_NEIGHBORS 4096

typedef struct ospf ospf_t;

typedef struct {
    const char *router;           /* copied */
    const char *const *neighbors; /* n_neighbors names, copied */
    size_t n_neighbors;
    sim_time_t hello, dead, rxmt; /* intervals, > 0; dead > hello */
    sim_time_t delay;             /* one-way delay of each link, >= 0 */
    rt_clock_mode_t clock;        /* how the router's clock behaves across a freeze */
    rt_rx_mode_t frozen_rx;       /* what becomes of packets reaching it while frozen */
    uint64_t seed;                /* master seed of the phase streams */
    /* Optional fixed phases (first hello after creation, in [0, hello)), n_neighbors each;
     * NULL draws them from the streams. For hand-worked cases and tests. */
    const sim_time_t *router_phase;
    const sim_time_t *neighbor_phase;
} ospf_params_t;

/* Checks p; the message names the field and the value. */
vs_err_t ospf_params_check(const ospf_params_t *p);

/* Creates the instance at sim_now(sim): every adjacency is Full on both ends with its dead
 * timers armed a dead interval ahead, and every interface's hello timer armed at its phase.
 * *out is owned by the caller: ospf_destroy (after the sim has stopped running it, before
 * sim_destroy or with no events of it pending). Allocates O(neighbours). */
vs_err_t ospf_create(sim_t *sim, const ospf_params_t *p, ospf_t **out);
void ospf_destroy(ospf_t *o);

/* Freezes / resumes the router's control plane at sim_now (call from an event handler or
 * before sim_run). A freeze while frozen or a resume while running is a no-op. */
void ospf_freeze(sim_t *sim, ospf_t *o);
void ospf_resume(sim_t *sim, ospf_t *o);
bool ospf_frozen(const ospf_t *o);

/* A network event elsewhere (e.g. a link flap) originated an LSA at time originated; it
 * reaches neighbour i at reach[i] (>= sim_now, or < 0 when it never does), and the neighbour
 * floods it to the router. *lsa_id (optional) receives its id for ospf_lsa_result. Fails with
 * VS_ERANGE after OSPF_MAX_LSAS events. */
vs_err_t ospf_network_event(sim_t *sim, ospf_t *o, sim_time_t originated, const sim_time_t *reach,
                            int *lsa_id);

typedef enum {
    OSPF_DROP_NONE = 0,
    OSPF_DROP_NEIGHBOR_DEAD, /* the neighbour's dead timer for the router expired */
    OSPF_DROP_ROUTER_DEAD,   /* the router's own dead timer for the neighbour expired */
    OSPF_DROP_ONE_WAY_AT_NEIGHBOR, /* the neighbour got a hello that no longer lists it */
    OSPF_DROP_ONE_WAY_AT_ROUTER,
    OSPF_DROP_CAUSES
} ospf_drop_cause_t;

const char *ospf_drop_cause_name(ospf_drop_cause_t c);

typedef struct {
    uint32_t hellos_lost;   /* hellos from the neighbour that reached the frozen router and
                             * were lost (RT_RX_DROP) */
    uint32_t hellos_queued; /* ... that waited in its socket, read at resume (RT_RX_QUEUE) */
    uint32_t hellos_unsent; /* hello instants of the router's interface inside its freezes */
    uint32_t lsus_lost, acks_lost; /* update/ack packets lost at the frozen router */
    sim_time_t hello_gap_max; /* longest interval between hellos the neighbour received */
    uint32_t drops;           /* Full -> lower transitions on either end */
    sim_time_t first_drop_at; /* -1 when none */
    ospf_drop_cause_t first_drop_cause;
    bool up; /* both ends Full now */
} ospf_nbr_result_t;

typedef struct {
    sim_time_t originated;
    sim_time_t installed;  /* when the router installed it; -1 when it has not */
    bool missed;           /* a copy reached the router while it was frozen */
    uint32_t copies_lost;  /* copies lost at the frozen router before installation */
    uint32_t retransmissions; /* retransmitted updates carrying it towards the router, before
                               * installation */
    bool by_retransmission;   /* the installing copy was a retransmission */
    int via;                  /* neighbour index of the installing copy; -1 when none */
} ospf_lsa_result_t;

typedef struct {
    uint32_t hellos_lost;     /* sum over neighbours */
    uint32_t hellos_lost_max; /* most on one adjacency */
    uint32_t hellos_unsent;   /* most on one interface */
    uint32_t adjacencies_lost; /* adjacencies with at least one drop */
    uint32_t lsas, lsas_missed, lsas_pending;
    sim_time_t staleness_max; /* longest originated -> installed over installed LSAs */
    sim_time_t frozen_total;
} ospf_result_t;

size_t ospf_neighbors(const ospf_t *o);
const ospf_nbr_result_t *ospf_neighbor_result(const ospf_t *o, size_t i);
/* VS_ENOTFOUND for an unknown id. */
vs_err_t ospf_lsa_result(const ospf_t *o, int lsa_id, ospf_lsa_result_t *out);
void ospf_result(const ospf_t *o, ospf_result_t *out);

/* ---- The what-if study: many runs over random phases. ---- */

#define OSPF_HIST_BINS 16 /* histograms: counts 0..14, last bin "15 or more" */

typedef struct {
    sim_time_t hello, dead, rxmt, delay;
    size_t neighbors;       /* >= 1 */
    rt_clock_mode_t clock;
    rt_rx_mode_t frozen_rx;
    sim_time_t freeze_at;   /* start of the freeze; 0 picks dead + 2 x hello (steady state).
                             * Give at least one hello: before that the ages of the last
                             * hellos are not yet uniform. */
    sim_time_t downtime;    /* length of the freeze, >= 0 */
    uint32_t runs;          /* >= 1 */
    uint64_t seed;
    /* Optional network event: an LSA reaching every neighbour at freeze_at + lsa_offset, or
     * at a uniform time inside the freeze when lsa_random. */
    bool lsa;
    bool lsa_random;
    sim_time_t lsa_offset;
    FILE *trace; /* optional: the first run's events as JSON lines (sim.h); not owned */
} ospf_study_params_t;

typedef struct {
    uint32_t runs, survived;   /* runs in which every adjacency stayed up */
    double survival_probability;
    uint64_t adjacencies, adjacencies_survived;
    double adjacency_survival_probability;
    uint64_t hellos_lost_hist[OSPF_HIST_BINS]; /* per adjacency */
    double hellos_lost_mean;
    uint32_t hellos_lost_max;
    uint64_t hellos_unsent_hist[OSPF_HIST_BINS]; /* per router interface */
    double hellos_unsent_mean;
    uint32_t hellos_unsent_max;
    double hello_gap_mean_s, hello_gap_max_s; /* per adjacency, longest silence seen by the
                                               * neighbour */
    uint64_t first_drop_cause[OSPF_DROP_CAUSES]; /* adjacencies lost, by first cause */
    /* The LSA, when asked for: */
    uint32_t lsa_missed;   /* runs in which a copy was lost at the frozen router */
    uint32_t lsa_never;    /* runs that ended before the router installed it */
    double staleness_mean_s, staleness_min_s, staleness_max_s, staleness_p50_s, staleness_p95_s;
    double staleness_missed_max_s; /* over the runs in which it was missed; 0 when none */
    double lsa_retransmissions_mean;
    uint32_t lsa_retransmissions_max;
} ospf_study_result_t;

/* Checks sp (messages name the field and value): as ospf_params_check plus runs >= 1,
 * downtime >= 0, lsa_offset >= -freeze_at. */
vs_err_t ospf_study_check(const ospf_study_params_t *sp);
/* Runs sp->runs independent simulations (run r seeded from (seed, r)); deterministic for the
 * same parameters. Cost O(runs x neighbours x (observation / hello)). */
vs_err_t ospf_study(const ospf_study_params_t *sp, ospf_study_result_t *out);

#endif
