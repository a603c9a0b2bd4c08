/* mig_fib — data-plane cloning as simulated install events: the destination's FIB filled
 * from the RIB batch by batch at its profile's costs (hw_profile.h), while the old data plane
 * forwards or not, recording the fill curve (mig.h, mig_fib_fill_t). Shared by the mechanisms
 * that repopulate a FIB (vroom, vm-separated, stall-and-copy, cold-restart). */
#ifndef MIG_FIB_H
#define MIG_FIB_H

#include <stdbool.h>

#include "mig_internal.h"

/* Starts cloning res->fib_entries routes into the destination's FIB now. with_rpc: through
 * the remote control plane (the profile's set-up and one RPC per route, res->fib_total);
 * without, the FIB's own installs only (res->fib_update). old_entries: what the old data
 * plane holds meanwhile (0 when it no longer forwards). Sets res->fib_total and fib_update;
 * then(sim, m, 0) runs `extra` ns after the last install. Install events: one per batch, at
 * most MIG_FIB_EVENTS (consecutive batches grouped). The profile was checked before the run
 * (mig_check_all), so this cannot fail. */
void mig_fib_clone(mig_t *m, bool with_rpc, int64_t old_entries, sim_time_t extra, sim_fn then);
/* The old data plane is removed now: the curve's last point (its entries drop to 0). */
void mig_fib_old_removed(mig_t *m);

#endif
