/* tcp_bulk — a TCP bulk transfer (the migration's scp copy) with standard congestion control:
 * slow start and congestion avoidance (RFC 5681; BIC or Reno increase and decrease, see
 * tcp_cc_t), SACK (RFC 2018) with Linux's FACK loss marking and SACK-based loss recovery
 * (RFC 6675's pipe and NextSeg), and the retransmission timer of RFC 6298 with Linux's bounds.
 * Linux 2.6.18, the seed's kernel, negotiates SACK and uses FACK by default
 * (net.ipv4.tcp_sack = 1, tcp_fack = 1). The sending application may be slower than the
 * network (scp is CPU-bound: app_bps).
 *
 * The connection carries no bytes: segments and acknowledgements are numbers handed to an
 * xmit callback that delivers them (or not) through a network model, which calls
 * tcp_bulk_on_segment at the receiver and tcp_bulk_on_ack at the sender.
 *
 * The window grows only while it limits the sender (Linux's tcp_is_cwnd_limited); the
 * application writes into a bounded send buffer (TCP_BULK_WMEM_MAX_SEGS) and blocks when it
 * is full.
 *
 * Simplifications (docs/data-plane.md): one acknowledgement per segment (no delayed ACKs),
 * each acknowledgement SACKs only the segment that triggered it (real ones repeat up to three
 * blocks, which matters only when acknowledgements are lost), cwnd set to ssthresh on entering
 * recovery (RFC 6675; Linux halves its rate over a round trip instead), a fixed receive
 * window, every segment full-sized, no RFC 2861 window decay. */
#ifndef TCP_BULK_H
#define TCP_BULK_H

#include <stdbool.h>
#include <stdint.h>

#include "sim.h"

/* Ethernet MTU 1500: MSS 1448 with the 12-byte timestamp option Linux sends (RFC 7323), so a
 * segment is 1500 IP bytes and an acknowledgement 52. */
#define TCP_BULK_MSS 1448
#define TCP_BULK_SEG_BYTES 1500
#define TCP_BULK_ACK_BYTES 52
/* RFC 3390's initial window for this MSS: min(4 MSS, max(2 MSS, 4380 B)) = 3 segments (the
 * Linux kernels of the seed's time, before RFC 6928's 10). */
#define TCP_BULK_INIT_CWND 3
/* Receive window: Linux's tcp_rmem maximum of 4 MiB (net.ipv4.tcp_rmem default 4096 87380
 * 4194304), in segments. */
#define TCP_BULK_RWND_SEGS (4194304 / TCP_BULK_MSS)
/* Send buffer (the application blocks when it is full, so a stalled copy banks no credit):
 * Linux 2.6.18 starts at tcp_wmem's default 16 KiB and autotunes it (tcp_new_space) to room
 * for 2 (cwnd + 1) segments, up to tcp_wmem's maximum, 4 MiB on a 2 GB host (tcp_init). A
 * segment's buffer cost is its skb truesize, ASSUMPTION ~1832 bytes (MSS + MAX_TCP_HEADER
 * + 16 + sizeof(struct sk_buff) on x86-64, as tcp_new_space counts it). */
#define TCP_BULK_SNDBUF_INIT_SEGS (16384 / 1832)
#define TCP_BULK_WMEM_MAX_SEGS (4194304 / 1832)
/* RFC 6298 2.1: the RTO is 1 s before the first RTT sample. */
#define TCP_BULK_RTO_INIT SIM_S(1)

typedef struct tcp_bulk tcp_bulk_t;

/* Congestion avoidance. BIC is Linux's default from 2.6.8 to 2.6.18 (CONFIG_TCP_CONG_BIC;
 * CUBIC from 2.6.19), so the seed's testbed (kernel 2.6.18, seed 001 Sec. 6.1) ran it: Xu,
 * Harfoush and Rhee, "Binary increase congestion control for fast long-distance networks",
 * INFOCOM 2004, with net/ipv4/tcp_bic.c's parameters (max_increment 16, low_window 14,
 * beta 819/1024, smooth_part 20, fast convergence on). Reno is RFC 5681's AIMD. */
typedef enum { TCP_CC_BIC, TCP_CC_RENO } tcp_cc_t;

/* No SACK block in an acknowledgement. */
#define TCP_BULK_NO_SACK UINT32_MAX

/* Hands a segment (ack == false: data segment number seq, sender -> receiver; sack unused) or
 * an acknowledgement (ack == true: next expected segment seq, and the out-of-order segment it
 * SACKs, or TCP_BULK_NO_SACK) to the network. */
typedef void (*tcp_bulk_xmit_fn)(void *ctx, uint32_t id, bool ack, uint32_t seq, uint32_t sack);

typedef struct {
    int64_t bytes;            /* to transfer (rounded up to whole segments) */
    double app_bps;           /* the application's ceiling (payload bits/s); 0 = none */
    tcp_cc_t cc;              /* TCP_CC_BIC (0) unless set */
    sim_time_t rto_min, rto_max; /* 0: Linux's 200 ms and 120 s */
    tcp_bulk_xmit_fn xmit;
    void *xmit_ctx;
    uint32_t id;              /* passed to xmit */
    sim_fn done;              /* when the receiver holds every byte */
    void *done_ctx;
    uint64_t done_arg;
} tcp_bulk_params_t;

typedef struct {
    uint64_t segments_sent, retransmits, timeouts, fast_retransmits; /* fast_: recoveries */
    uint64_t duplicates;      /* segments that reached the receiver again: spurious resends */
    double cwnd_max;
    sim_time_t start, end;    /* end = 0 until done */
    bool done;
} tcp_bulk_stats_t;

/* One allocation for the connection and its per-segment scoreboard (one byte per segment:
 * the receiver's copy and the sender's SACKed/lost/retransmitted marks). *out owned
 * by the caller (tcp_bulk_destroy, not before the run ends: events refer to it). */
vs_err_t tcp_bulk_create(sim_t *sim, const tcp_bulk_params_t *p, tcp_bulk_t **out);
void tcp_bulk_destroy(tcp_bulk_t *c);
/* Starts sending now. */
void tcp_bulk_start(tcp_bulk_t *c);
/* A data segment reached the receiver: acknowledges cumulatively. */
void tcp_bulk_on_segment(tcp_bulk_t *c, uint32_t seq);
/* An acknowledgement reached the sender (sack: TCP_BULK_NO_SACK or a SACKed segment). */
void tcp_bulk_on_ack(tcp_bulk_t *c, uint32_t ack, uint32_t sack);
void tcp_bulk_stats(const tcp_bulk_t *c, tcp_bulk_stats_t *out);

#endif
