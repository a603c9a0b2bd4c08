/* cpu — CPU contention on a software data plane: packets forwarded in the kernel against the
 * user-level processes of a migration (seed 001 Sec. 6.3.2).
 *
 * The model: one CPU; forwarding one packet costs 1 / forward_pps_max of the host profile
 * (the PC850's 30k packets/s, seed 001 Sec. 6.3.2), served first come first served ahead of
 * any user process (interrupts and softirqs run before user code). Packet handling runs in
 * the interrupted process's context, so what a user process adds to a packet is not a
 * process switch but the state it displaced while it ran: the forwarding path's cache lines
 * and TLB entries, refilled by the next packet. A process that has run for r since the CPU
 * last handled a packet has swept r / CPU_CACHE_SWEEP_NS of the cache, so a given line of
 * the forwarding path survives with probability exp(-r / sweep) (a streaming process over a
 * randomly indexed cache) and the packet pays
 *     penalty = max_penalty * (1 - exp(-r / sweep)).
 * Packets that find the kernel busy (r = 0) pay nothing; the more packets, the more often the
 * user process is interrupted, the shorter its runs and the less each packet pays — the
 * mechanism seed 001 Sec. 6.3.2 gives for the delay increase falling with the packet rate.
 * The user process gets what the packets leave, never less than CPU_MIN_USER_SHARE: Linux
 * defers softirq work to the ksoftirqd thread under load, which the scheduler shares with
 * user processes, so they are not starved. Packets beyond the backlog are dropped.
 *
 * A hardware data plane (NetFPGA) forwards without the CPU: no cpu_t at all. */
#ifndef CPU_H
#define CPU_H

#include <stdbool.h>
#include <stdint.h>

#include "sim_time.h"

/* Linux's per-CPU input backlog: net.core.netdev_max_backlog = 1000 packets (the default,
 * Documentation/admin-guide/sysctl/net.rst). */
#define CPU_BACKLOG_PACKETS 1000
/* ASSUMPTION: the most a user process can add to a packet (its cache and TLB pollution fully
 * refilled) is taken as the direct cost of a context switch measured by Li, Ding and Shen
 * ("Quantifying the cost of context switch", ExpCS 2007), 3.8 us on a 2.0 GHz Xeon, scaled
 * by clock rate to the host (8.9 us on the PC850's 0.85 GHz). */
#define CPU_SWITCH_NS_AT_2GHZ 3800.0
/* ASSUMPTION: the time a streaming user process (scp, dump, restore) takes to sweep the
 * cache: the PC850's 256 KiB L2 (Pentium III "Coppermine", on die) at the peak rate of its
 * PC133 SDRAM (133 MHz x 8 bytes = 1.066 GB/s): 246 us. The fastest it can evict, so the
 * penalty it gives is an upper bound. Applied to every CPU-contended host (only the pc850
 * profile has a forward_max). */
#define CPU_CACHE_SWEEP_NS (262144.0 / 1.066e9 * 1e9)
/* ASSUMPTION: the smallest CPU share a runnable user process keeps under a packet flood. */
#define CPU_MIN_USER_SHARE 0.05

typedef struct {
    sim_time_t cost;          /* per packet */
    sim_time_t penalty;       /* the most a user process adds to a packet (a full refill) */
    sim_time_t busy_until;    /* end of the last admitted packet's processing */
    sim_time_t user_until;    /* a user process is runnable until then */
    sim_time_t user_from;     /* ... since then */
    double sweep_ns;          /* CPU_CACHE_SWEEP_NS */
    sim_time_t *ring;         /* finish times of admitted packets, CPU_BACKLOG_PACKETS + 1 */
    uint32_t head, count, cap;
    int64_t busy_ns;
    uint64_t packets, dropped, penalised;
} cpu_t;

/* cost from forward_pps_max (> 0), penalty from the clock rate (Hz; 0 = 2 GHz). */
bool cpu_init(cpu_t *c, double forward_pps_max, double cpu_hz);
void cpu_free(cpu_t *c);
/* A packet arrives now: false when the backlog is full (dropped); else *done is when its
 * processing ends. O(1) amortised; no allocation. */
bool cpu_admit(cpu_t *c, sim_time_t now, sim_time_t *done);
/* A user-level migration process is runnable from now until `until`. */
void cpu_user_busy(cpu_t *c, sim_time_t now, sim_time_t until);
/* The user-level process ended now. */
void cpu_user_idle(cpu_t *c, sim_time_t now);
/* The CPU share user processes get at the load seen so far (0..1). */
double cpu_user_share(const cpu_t *c, sim_time_t now);

#endif
