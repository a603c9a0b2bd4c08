/* trace_mrt_scn — the scenario's BGP update-stream reader (scn_updates_reader_fn of
 * scenario.h) on top of trace_mrt: one scn_bgp_update_t per UPDATE message, counting the
 * unicast prefixes it announces and withdraws (SAFI 1 or 3; multicast-only routes skipped). The command registers it (cli/main.c), as it does the
 * topology reader, so that models/ does not depend on traces/. */
#ifndef TRACE_MRT_SCN_H
#define TRACE_MRT_SCN_H

#include "scenario.h"

/* Reads every UPDATE of the MRT file at path from `skip` after its first record on; times
 * are relative to that point (records a little out of order keep the previous time). A RIB
 * dump is refused (it holds no updates). *out is malloc'ed, owned by the caller; O(records). */
vs_err_t trace_mrt_scn_updates(const char *path, sim_time_t skip, scn_bgp_update_t **out, size_t *n);

#endif
