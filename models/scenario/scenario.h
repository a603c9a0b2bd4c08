/* scenario — a scenario file (YAML, format version 1, docs/scenario.md) read into a validated,
 * immutable configuration (scn.h).
 *
 * Every error names file:line:column and what was expected (exit status 2). */
#ifndef SCENARIO_H
#define SCENARIO_H

#include "scn.h"

/* The profiles a physical router has when the scenario names none (docs/scenario.md). */
#define SCN_DEFAULT_HOST_PROFILE "pc3000"
#define SCN_DEFAULT_FIB_PROFILE "linux-iproute2"

/* A substrate read from a topology file for a scenario's `topology:` key. Readers live above
 * models/ (topologies/ knows the formats), so the command registers one at start-up. All
 * arrays and strings are malloc'd by the reader and freed by scn_topology_free. */
typedef struct {
    char *name, *pop;
} scn_trouter_t;

typedef struct {
    size_t a, b;              /* router indices */
    double bandwidth_bps;
    sim_time_t delay;
} scn_tlink_t;

typedef struct {
    scn_trouter_t *routers;
    size_t n_routers;
    scn_tlink_t *links;
    size_t n_links;
} scn_topology_t;

/* spec: "builtin:NAME" or a path (already resolved against the scenario's directory);
 * routers_per_pop >= 1. On failure the message names the file and what is wrong. */
typedef vs_err_t (*scn_topology_reader_fn)(const char *spec, int routers_per_pop, scn_topology_t *out);
void scn_set_topology_reader(scn_topology_reader_fn fn);
void scn_topology_free(scn_topology_t *t);

/* Reads a recorded BGP update stream (an MRT file) at path (already resolved against the
 * scenario's directory): every UPDATE from `skip` into the trace on, re-timed so that the
 * trace's first record + skip is simulated time 0. *out is malloc'ed, owned by the caller.
 * The command registers it (cli/), so that models/ does not depend on traces/. */
typedef vs_err_t (*scn_updates_reader_fn)(const char *path, sim_time_t skip, scn_bgp_update_t **out,
                                          size_t *n);
void scn_set_updates_reader(scn_updates_reader_fn fn);

/* A traffic matrix to replay (`traffic:`, docs/scenario.md): n named nodes and the mean
 * demand of one interval, bits/s, bps[src * n + dst]; all malloc'ed (scn_tm_free). */
typedef struct {
    char **names;
    size_t n;
    double *bps;
    int64_t time_ns;      /* the interval's start, ns since the Unix epoch (UTC) */
    int64_t interval_ns;  /* its length */
} scn_tm_t;
void scn_tm_free(scn_tm_t *tm);

/* Reads the series at path (already resolved against the scenario's folder), averaged over
 * bins of `interval` (0: the series' own interval), and returns the bin that starts at
 * `from` ("YYYY-MM-DDTHH:MM[:SS]", UTC), or the busiest bin (largest total) when from is
 * NULL or "busiest". Fails with VS_ERANGE when `from` is malformed or starts no bin. The
 * command registers it (cli/), as it does the update-stream reader. */
typedef vs_err_t (*scn_tm_reader_fn)(const char *path, const char *from, sim_time_t interval, scn_tm_t *out);
void scn_set_tm_reader(scn_tm_reader_fn fn);

/* Reads and validates a scenario. *out is owned by the caller: scn_free. It is read-only: a
 * variant is derived from it with scn_derive (scn_set.h), never written. The scenario keeps
 * its source text (its size again) for that. */
vs_err_t scn_load(const char *path, const scn_t **out);
vs_err_t scn_load_string(const char *name, const char *text, const scn_t **out);
void scn_free(const scn_t *scn);

#endif
