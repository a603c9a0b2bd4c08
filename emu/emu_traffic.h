/* emu_traffic — the packet model against the real kernel (docs/validation.md, "The packet
 * model against the kernel"): the scenario's substrate as network namespaces joined by veth
 * pairs, each direction shaped with tc htb at the link's rate into a drop-tail FIFO of the
 * data plane's buffer (a stab overhead makes htb count the model's framing), static routes
 * along the model's paths; the scenario's UDP flow sent at its rate and packet size by the
 * timestamped prober (emu_probe.h), one way; its migration copy as a real TCP bulk transfer
 * (emu_tcp.h: Reno with SACK on both ends, this kernel having no BIC). Loss, one-way delay, its
 * standard deviation and IPDV during the copy and before it, measured beside the packet
 * model's prediction for the same scenario. */
#ifndef EMU_TRAFFIC_H
#define EMU_TRAFFIC_H

#include <stdio.h>

#include <cjson/cJSON.h>

#include "emu.h"

typedef struct {
    run_results_t *sim;           /* the simulator's run */
    const tfc_flow_result_t *flow; /* the UDP flow in it */
    const tfc_xfer_result_t *copy; /* the largest transfer: the memory copy */
    tfc_span_t sim_before, sim_during; /* the flow before any transfer, during the copy */
    char kernel[64], tcp_cc[16];
    double rate_bps;              /* the flow's */
    int packet_bytes;
    emu_probe_stats_t before, during; /* measured: before the TCP transfer, during it */
    double tcp_s, tcp_bps;        /* its duration (connect to last byte) and throughput */
    int64_t tcp_bytes, tcp_retransmits, tcp_spurious; /* spurious: D-SACKed retransmissions */
    int tcp_timeouts;             /* -1: the kernel does not say (before 6.7) */
    int64_t qdisc_drops;          /* dropped by the bottleneck's FIFO (tc -s) */
} emu_traffic_result_t;

/* Can scn's traffic be emulated? Status 2 naming why otherwise: the packet model, one cbr
 * one-way flow without rate changes, one migration whose copy runs as TCP Reno, at most
 * EMU_MAX_ROUTERS physical routers, links of at most 10 Gbps and 100 us. */
vs_err_t emu_traffic_check(const scn_t *scn);
/* Runs the model, then the emulation. *out owned by the caller: emu_traffic_free. */
vs_err_t emu_traffic_run(const scn_t *scn, const emu_opts_t *o, emu_traffic_result_t **out);
void emu_traffic_free(emu_traffic_result_t *r);
cJSON *emu_traffic_json(const scn_t *scn, const emu_traffic_result_t *r);
void emu_traffic_print(const scn_t *scn, const emu_traffic_result_t *r, FILE *out);

#endif
