/* scenario_flows — the data-traffic part of a scenario: the `flows:` list and the
 * `data_plane:` settings (docs/scenario.md, "Data traffic"). Parsed into the scenario's
 * arena by scn__load_flows, called from scenario.c; immutable afterwards. */
#ifndef SCENARIO_FLOWS_H
#define SCENARIO_FLOWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim_time.h"
#include "vs_error.h"

struct scn;
struct vs_ydoc;
struct vs_ynode;
struct vs_arena;

/* cbr: constant inter-departure time; poisson: exponential inter-departure times with the same
 * mean (D-ITG's -E); onoff: cbr during exponential on periods, silent during exponential off
 * periods. */
typedef enum { SCN_FLOW_CBR, SCN_FLOW_ONOFF, SCN_FLOW_POISSON } scn_flow_kind_t;

/* A rate change of a flow at a time (fluid and packet modes alike). */
typedef struct {
    sim_time_t at;
    double rate_bps;
} scn_rate_change_t;

typedef struct {
    const char *name;
    size_t src, dst;          /* VR indices */
    scn_flow_kind_t kind;
    double rate_bps;          /* IP bytes per second x 8, while on */
    int64_t packet_bytes;     /* IP packet size */
    sim_time_t start, stop;   /* stop = the run's end when not given */
    sim_time_t on, off;       /* on/off flows: mean lengths of on and off periods (exponential) */
    bool round_trip;          /* the destination echoes every packet back (D-ITG round-trip mode) */
    const scn_rate_change_t *changes; /* sorted by time */
    size_t n_changes;
    int line, col;
} scn_flow_t;

typedef enum { SCN_DP_PACKET, SCN_DP_FLUID } scn_dp_model_t;
typedef enum { SCN_XFER_AUTO, SCN_XFER_FLUID, SCN_XFER_TCP } scn_xfer_model_t;
/* Congestion control of migration copies run as TCP (tcp_bulk.h's tcp_cc_t, same order). */
typedef enum { SCN_TCP_BIC, SCN_TCP_RENO } scn_tcp_cc_t;

/* Defaults, next to the struct they fill. */
/* Linux's default transmit queue of an Ethernet device is 1000 packets (txqueuelen,
 * DEFAULT_TX_QUEUE_LEN in include/linux/netdevice.h, set by ether_setup()). */
#define SCN_DEFAULT_BUFFER_PACKETS 1000
#define SCN_DEFAULT_SERIES_INTERVAL SIM_MS(100)
#define SCN_DEFAULT_PACKET_BYTES 1500

typedef struct {
    scn_dp_model_t model;
    bool cpu;                 /* CPU contention on software data planes of CPU-bound hosts */
    int64_t buffer_bytes;     /* drop-tail buffer of every link direction: bytes, or ... */
    int64_t buffer_packets;   /* ... packets (exactly one of the two is > 0) */
    int64_t framing_bytes;    /* per-packet link-layer overhead counted in serialization */
    sim_time_t series_interval;
    scn_xfer_model_t transfers; /* migration transfers: auto = TCP when flows share the path */
    scn_tcp_cc_t tcp;         /* their congestion control: BIC (the seed's kernel) or Reno */
} scn_dataplane_t;

typedef struct scn_traffic {
    scn_dataplane_t dp;
    const scn_flow_t *flows;
    size_t n_flows;
    /* `traffic:` — the matrix its last flows came from (as written), and its interval;
     * tm_path NULL when none. */
    const char *tm_path;
    int64_t tm_time_ns, tm_interval_ns;
} scn_traffic_t;

/* Reads `flows:` and `data_plane:` of the root mapping into s->traffic (NULL when the
 * scenario has neither). Needs the substrate, VRs and virtual links loaded. Errors name
 * file:line:col (status 2): unknown VRs, VRs with no virtual path between them, a rate above
 * the slowest substrate link of the flow's path, a zero buffer. */
vs_err_t scn__load_flows(struct vs_ydoc *doc, const struct vs_ynode *root, struct vs_arena *arena,
                         struct scn *s);
/* `traffic: {tm, from, interval, packet}` (the mapping m): the matrix's flows appended to
 * t's, one per VR pair with demand (scenario_tm.c). Errors name file:line:col (status 2): a
 * matrix node that is neither a VR nor a POP with VRs, a `from` that starts no interval. */
vs_err_t scn__load_tm(struct vs_ydoc *doc, const struct vs_ynode *m, struct vs_arena *arena, struct scn *s,
                      scn_traffic_t *t);

#endif
