/* cpu — CPU contention on a software data plane: packets forwarded in the kernel against the
 * user-level processes of a migration (seed 001 Sec. 6.3.2).
 *
 * The model: one CPU; forwarding one packet costs 1 / forward_pps_max of the host profile
 * (the PC850's 30k packets/s, seed 001 Sec. 6.3.2), served first come first served ahead of
 * any user process (interrupts and softirqs run before user code). A packet that arrives
 * while the CPU runs a user process, with no packet being processed, first waits for the
 * switch out of that process (interrupt entry, context switch and cache refill): the penalty.
 * When packets keep the CPU busy, later packets find the kernel already in its receive loop
 * and pay nothing; so the more packets, the smaller the share of them that pay (the
 * paper's explanation of why the delay increase falls with the rate). The user process gets
 * what the packets leave, never less than CPU_MIN_USER_SHARE: Linux defers softirq work to
 * the ksoftirqd thread under load, which the scheduler shares with user processes, so they
 * are not starved. Packets beyond the backlog are dropped.
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
/* ASSUMPTION: the direct cost of a context switch measured by Li, Ding and Shen ("Quantifying
 * the cost of context switch", ExpCS 2007) is 3.8 us on a 2.0 GHz Xeon; scaled by clock rate
 * to the host (8.9 us on the PC850's 0.85 GHz). */
#define CPU_SWITCH_NS_AT_2GHZ 3800.0
/* ASSUMPTION: the smallest CPU share a runnable user process keeps under a packet flood. */
#define CPU_MIN_USER_SHARE 0.05

typedef struct {
    sim_time_t cost;          /* per packet */
    sim_time_t penalty;       /* switch out of a running user process */
    sim_time_t busy_until;    /* end of the last admitted packet's processing */
    sim_time_t user_until;    /* a user process is runnable until then */
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
