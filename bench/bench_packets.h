/* bench_packets — speed of the packet-level data plane (models/traffic/traffic.h): a chain of 4 nodes
 * and 3 links of 1 Gbps and 1 ms, 900 Mbps of 1500-byte UDP from one end to the other for 10
 * simulated seconds (no CPU contention, Linux's 1000-packet queues). Packet-hops = packets
 * delivered x 3. Issue target: 3 million packet-hops per second of wall time (ns-3.37 does
 * 0.18 million on this workload on this machine). */
#ifndef BENCH_PACKETS_H
#define BENCH_PACKETS_H

#include <stdint.h>

#include "vs_error.h"

#define BENCH_PACKETS_REPEATS 5

typedef struct {
    int repeats; /* runs (0: BENCH_PACKETS_REPEATS); the median is reported */
} bench_packets_config_t;

typedef struct {
    uint64_t delivered, packet_hops, events;
    double seconds_median, seconds_min, seconds_max;
    double packet_hops_per_sec; /* packet_hops / seconds_median */
    double cpu_seconds_median;  /* process CPU time: what other jobs on the machine don't inflate */
    double cpu_packet_hops_per_sec;
} bench_packets_result_t;

/* Fails with VS_ECHECK when two runs deliver different packet counts. */
vs_err_t bench_packets_run(const bench_packets_config_t *cfg, bench_packets_result_t *out);

#endif
