/* sched_seq — turns a placement change (from -> to) into a timed plan: migrations grouped in
 * waves that run concurrently, such that
 *   - after every wave the placement is no worse than before it (every intermediate placement
 *     satisfies the constraints whenever the starting one did);
 *   - during a wave a migrating VR holds resources on both routers (double data planes,
 *     seed 001 Section 4.2), and the destination has room for it;
 *   - redundancy partners never migrate in the same wave;
 *   - each migration reserves bandwidth for its memory copy on every link of its path, within
 *     the capacity the data traffic and the wave's other migrations leave (seed 001 Section
 *     6.3.3: reserved migration bandwidth keeps data traffic unharmed); a copy that gets less
 *     than the configured rate takes longer, one that would get under 10 Mbps waits.
 * The plan is written as a scenario (docs/scenario.md) that `vroomsim run` loads. */
#ifndef SCHED_SEQ_H
#define SCHED_SEQ_H

#include <stdio.h>

#include <cjson/cJSON.h>

#include "sched_model.h"

typedef struct {
    double migration_bps;  /* bandwidth reserved per migration */
    double gap_s;          /* pause between waves */
} sched_seq_config_t;

/* Defaults: 1 Gbps reserved (the testbed's migration link, seed 001 Section 6.1/6.3.3); 1 s
 * between waves. Each migration's duration is the migration model's estimate
 * (sched_migest.h) at the bandwidth it reserves. */
extern const sched_seq_config_t SCHED_SEQ_CONFIG_DEFAULT;

typedef struct {
    int vr, from, to, wave;
    double start_s, duration_s;
    double estimated_s; /* the migration model's estimate (sched_migest.h); duration_s is it
                           until sched_seq_retime replaces it */
    double bps; /* bandwidth reserved for its memory copy */
    bool back;  /* a move back home after the maintenance window (sched_seq_append_return) */
} sched_move_t;

typedef struct sched_seq sched_seq_t;

/* Orders the moves from -> to. Fails with VS_EINFEASIBLE naming the VRs left when no order
 * keeps intermediate placements feasible (e.g. two VRs that must swap on full routers), or
 * as sched_migest_create when a router's profile cannot be loaded. */
vs_err_t sched_seq_build(const sched_inst_t *inst, const int *from, const int *to,
                         const sched_seq_config_t *cfg, sched_seq_t **out);
void sched_seq_destroy(sched_seq_t *s);
int sched_seq_count(const sched_seq_t *s);
const sched_move_t *sched_seq_moves(const sched_seq_t *s);
double sched_seq_duration_s(const sched_seq_t *s);

/* Appends back's moves (the way home, built with sched_seq_build from the placement s ends
 * in) after s's last wave and a pause of window_s, the maintenance window: their waves are
 * numbered after s's, their start times shifted, each marked `back`. back is unchanged. */
vs_err_t sched_seq_append_return(sched_seq_t *s, const sched_seq_t *back, double window_s);

/* Replaces the estimated durations (one per move, in sched_seq_moves order; e.g. measured by
 * the simulator) and recomputes the start times: each wave starts when the previous one's
 * longest migration has finished, plus the gap (the first wave back, the window). */
void sched_seq_retime(sched_seq_t *s, const double *durations_s);

/* JSON array of {vr, from, to, wave, start_s, duration_s, estimated_s, reserved_bps}, and
 * "return": true on the moves back. */
vs_err_t sched_seq_json(const sched_seq_t *s, const sched_inst_t *inst, cJSON *arr);
void sched_seq_print(const sched_seq_t *s, const sched_inst_t *inst, FILE *out);
/* The plan as a scenario file (version 1): substrate, VRs at their start hosts, virtual
 * links, and the migrations with their start times. Atomic write. */
vs_err_t sched_seq_write_yaml(const sched_seq_t *s, const sched_inst_t *inst, const char *path);
/* The traffic the plan was made for: the file sched_traffic_busiest_save wrote (as the plan
 * names it: relative to the plan's folder, or absolute; copied) and its interval. The plan
 * then replays it as fluid flows (`traffic:`, docs/scenario.md). */
vs_err_t sched_seq_set_traffic(sched_seq_t *s, const char *tm_file, int64_t time_ns, int64_t interval_ns);

#endif
