/* mig_emulate — emulation runs: a physical router of a scenario with `emulate: kernel` or
 * `emulate: netfpga` has a real data-plane backend (hw_backend.h) under it. When a VROOM
 * migration clones its data plane onto such a router, the VR's FIB entries (synthetic
 * prefixes with the 2023 full-table length mix, deterministic by the run's seed and the
 * migration's index) are really installed through that backend at the moment of cloning, and
 * the wall-clock time it took is recorded beside the simulated figures. The simulated
 * timeline is untouched: the measurement is extra (docs/scenario.md, "Emulation runs").
 *
 * The run owns the backends: mig_emu_open before the first run, mig_emu_close after the
 * last; closing removes everything created (routes, rules, links, private namespaces). */
#ifndef MIG_EMULATE_H
#define MIG_EMULATE_H

#include <stdint.h>

#include "scn.h"
#include "vs_error.h"

typedef struct mig_emu mig_emu_t;
struct mig;

/* Opens a backend per emulated physical router and prepares each migration's routes. *out is
 * NULL (and VS_OK) when the scenario emulates nothing. Environment problems fail with status
 * 3 and leave nothing behind: no privilege for the kernel backend (VS_EPERM), a missing
 * namespace (VS_EIO naming it). */
vs_err_t mig_emu_open(const scn_t *scn, uint64_t seed, mig_emu_t **out);
/* Removes everything the backends created and frees e. Safe on NULL. When SIGINT or SIGTERM
 * arrived while a kernel backend was open (the backend holds them back so that it can clean
 * up), re-raises it after the clean-up. */
void mig_emu_close(mig_emu_t *e);
/* The first failure of a clone during the runs (a route refused, a signal), or VS_OK;
 * the message is recorded again with vs_fail. */
vs_err_t mig_emu_error(const mig_emu_t *e);
/* Opens and closes the backends: the environment check of `vroomsim validate`. */
vs_err_t mig_emu_check(const scn_t *scn);

/* The hook of data-plane cloning (mig_vroom.c, at t4): when the destination is emulated,
 * installs the VR's routes there and fills the emu_* fields of m->res. No-op otherwise. */
void mig_emu_clone(struct mig *m);

#endif
