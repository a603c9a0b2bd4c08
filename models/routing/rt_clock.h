/* rt_clock — the clock of a routing process that can be frozen and resumed (a control plane
 * being migrated). The process's timers are registered here; while it is frozen none of them
 * fires. At resume they come back in one of two ways:
 *
 *   RT_CLOCK_RUNNING  a stopped process whose clock kept going (SIGSTOP/SIGCONT, a container
 *                     frozen in place; what its kernel does with its packets meanwhile is
 *                     rt_rx_mode_t below): every timer whose expiry fell inside the freeze fires
 *                     once, at the resume instant, in the order of its original expiry (ties
 *                     in registration order), before anything that arrives after the resume;
 *                     timers expiring later keep their absolute expiry.
 *   RT_CLOCK_PAUSED   a checkpoint restored together with its clock (the process's notion of
 *                     time stood still): every timer keeps its remaining time, i.e. its expiry
 *                     moves later by the length of the freeze; nothing fires at the resume.
 *
 * Used by the OSPF and BGP models (ospf.h, bgp.h) and by the TCP sender in tcp_rexmit.h. */
#ifndef RT_CLOCK_H
#define RT_CLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sim.h"
#include "vs_error.h"

typedef enum {
    RT_CLOCK_RUNNING = 0,
    RT_CLOCK_PAUSED = 1,
} rt_clock_mode_t;

/* "running" / "paused". */
const char *rt_clock_name(rt_clock_mode_t mode);
/* Fails with VS_EUSAGE naming the text when it is neither word. */
vs_err_t rt_clock_parse(const char *text, rt_clock_mode_t *out);

/* What the kernel does with packets that reach a frozen process (`--frozen-rx`):
 *
 *   RT_RX_DROP   nothing receives them: a checkpointed control plane whose interfaces are
 *                being re-bound, its TCP state frozen with it (a migration). OSPF packets are
 *                lost; TCP segments are neither delivered nor acknowledged, so the sender
 *                retransmits with backoff (tcp_rexmit.h).
 *   RT_RX_QUEUE  the kernel still runs: packets wait in the process's socket buffers and TCP
 *                acknowledges them at kernel level, so the sender never retransmits (a
 *                SIGSTOP, a cgroup freeze). The process reads them when it resumes, after
 *                the timers that expired meanwhile have fired: FRR's event loop posts expired
 *                timers to its ready queue before readable sockets (lib/thread.c,
 *                thread_fetch: thread_process_timers, then thread_process_io), and observed
 *                with ospfd and bgpd under SIGSTOP (docs/validation.md). */
typedef enum {
    RT_RX_DROP = 0,
    RT_RX_QUEUE = 1,
} rt_rx_mode_t;

/* "drop" / "queue". */
const char *rt_rx_name(rt_rx_mode_t mode);
/* Fails with VS_EUSAGE naming the text when it is neither word. */
vs_err_t rt_rx_parse(const char *text, rt_rx_mode_t *out);

/* A timer owned by a freezable process. Embed it in its owner; register it with
 * rt_proc_add before use. */
typedef struct {
    sim_timer_t st;
    sim_time_t held_when; /* original expiry while held by a freeze */
    uint32_t order;       /* registration index: tie-break at resume */
    bool held;
} rt_timer_t;

/* A process: its timers and whether it is frozen. */
typedef struct {
    rt_timer_t **timers; /* registered timers, not owned */
    rt_timer_t **scratch;
    size_t n, cap;
    rt_clock_mode_t mode;
    bool frozen;
    sim_time_t frozen_at;    /* start of the current (or last) freeze */
    sim_time_t frozen_total; /* sum of finished freezes */
    uint32_t freezes;
} rt_proc_t;

/* cap: the number of timers that will be registered. Allocates two arrays of cap pointers. */
vs_err_t rt_proc_init(rt_proc_t *p, rt_clock_mode_t mode, size_t cap);
void rt_proc_free(rt_proc_t *p);
/* Registers t (idle) with callback fn(sim, ctx, arg). Asserts that capacity remains. */
void rt_proc_add(rt_proc_t *p, rt_timer_t *t, sim_fn fn, void *ctx, uint64_t arg);

/* Arms (or moves) t to expire at the absolute time at. While p is frozen the expiry is only
 * recorded and treated at resume like the others. */
void rt_timer_arm(sim_t *sim, rt_proc_t *p, rt_timer_t *t, sim_time_t at);
void rt_timer_cancel(sim_t *sim, rt_timer_t *t);
bool rt_timer_armed(const rt_timer_t *t);
/* Expiry of an armed timer (the held expiry during a freeze); -1 when idle. */
sim_time_t rt_timer_when(const rt_timer_t *t);

/* Freezes p at sim_now: its armed timers are taken off the event queue and held. A no-op
 * when already frozen. O(timers). */
void rt_proc_freeze(sim_t *sim, rt_proc_t *p);
/* Resumes p at sim_now following p->mode (see above). In running mode the expired timers'
 * callbacks are called from inside this function, in expiry order; a callback that cancels
 * or re-arms another held timer takes it out of that list. A no-op when not frozen.
 * O(timers log timers); no allocation. */
void rt_proc_resume(sim_t *sim, rt_proc_t *p);

#endif
