#include "cpu.h"

#include <math.h>
#include <stdlib.h>

bool cpu_init(cpu_t *c, double forward_pps_max, double cpu_hz)
{
    *c = (cpu_t){0};
    c->cost = (sim_time_t)llround(1e9 / forward_pps_max);
    c->penalty = (sim_time_t)llround(CPU_SWITCH_NS_AT_2GHZ * 2e9 / (cpu_hz > 0 ? cpu_hz : 2e9));
    c->sweep_ns = CPU_CACHE_SWEEP_NS;
    c->cap = CPU_BACKLOG_PACKETS + 1;
    c->ring = malloc(c->cap * sizeof *c->ring);
    return c->ring != NULL;
}

void cpu_free(cpu_t *c)
{
    free(c->ring);
    c->ring = NULL;
}

bool cpu_admit(cpu_t *c, sim_time_t now, sim_time_t *done)
{
    while (c->count > 0 && c->ring[c->head] <= now) {
        c->head = c->head + 1 == c->cap ? 0 : c->head + 1;
        c->count--;
    }
    if (c->count >= CPU_BACKLOG_PACKETS) {
        c->dropped++;
        return false;
    }
    sim_time_t start = c->busy_until > now ? c->busy_until : now;
    if (c->busy_until <= now && now < c->user_until) {
        /* The CPU was running the migration process since the last packet (or since the
         * process became runnable): refill what it displaced. */
        sim_time_t since = c->busy_until > c->user_from ? c->busy_until : c->user_from;
        double run = (double)(now - since);
        sim_time_t pen = (sim_time_t)llround((double)c->penalty * -expm1(-run / c->sweep_ns));
        start += pen;
        if (pen > 0)
            c->penalised++;
    }
    sim_time_t end = start + c->cost;
    c->busy_ns += end - start;
    c->busy_until = end;
    uint32_t tail = c->head + c->count;
    if (tail >= c->cap)
        tail -= c->cap;
    c->ring[tail] = end;
    c->count++;
    c->packets++;
    *done = end;
    return true;
}

void cpu_user_busy(cpu_t *c, sim_time_t now, sim_time_t until)
{
    if (c->user_until <= now)
        c->user_from = now; /* runnable from now (it was not) */
    if (until > c->user_until)
        c->user_until = until;
}

void cpu_user_idle(cpu_t *c, sim_time_t now)
{
    if (c->user_until > now)
        c->user_until = now;
}

double cpu_user_share(const cpu_t *c, sim_time_t now)
{
    if (now <= 0)
        return 1.0;
    double share = 1.0 - (double)c->busy_ns / (double)now;
    return share < CPU_MIN_USER_SHARE ? CPU_MIN_USER_SHARE : share;
}
