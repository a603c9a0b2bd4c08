/* The hold-model benchmark: the engine against a reference 4-ary heap on the same
 * increments (see bench_des.h). The reference is written out here, not taken from sim/, so
 * that it stays the fixed yardstick of issue 2 whatever the engine becomes. */
#include "bench_des.h"

#include <math.h>
#include <stdlib.h>

#include "bench_clock.h"
#include "sim.h"
#include "sim_rng.h"

/* The increments are drawn from their own stream in advance-free fashion (one draw per
 * event) so both runs see the same sequence. */
static inline sim_time_t increment(sim_rng_t *rng, bench_dist_t dist)
{
    double ns;
    if (dist == BENCH_DIST_TIMERS && sim_rng_uniform01(rng) >= 0.9)
        ns = sim_rng_uniform(rng, 1e9, 60e9);
    else
        ns = sim_rng_exp(rng, 1000.0);
    sim_time_t t = (sim_time_t)llround(ns);
    return t < 1 ? 1 : t;
}

typedef struct {
    sim_rng_t rng;
    bench_dist_t dist;
    uint64_t remaining, checksum;
} hold_t;

static void hold_fire(sim_t *sim, void *ctx, uint64_t arg)
{
    hold_t *h = ctx;
    h->checksum += (uint64_t)sim_now(sim);
    if (--h->remaining == 0) {
        sim_stop(sim);
        return;
    }
    sim_after(sim, increment(&h->rng, h->dist), hold_fire, h, arg);
}

static vs_err_t run_engine(const bench_des_config_t *cfg, double *seconds, uint64_t *checksum)
{
    sim_t *sim;
    sim_config_t sc = {.seed = cfg->seed, .expected_events = cfg->pending};
    vs_err_t err = sim_create(&sc, &sim);
    if (err)
        return err;
    hold_t h = {.dist = cfg->dist, .remaining = cfg->events};
    sim_rng_init(&h.rng, cfg->seed, 1);
    for (uint64_t i = 0; i < cfg->pending; i++)
        sim_at(sim, increment(&h.rng, h.dist), hold_fire, &h, 0);
    double t0 = bench_wall_s();
    sim_run(sim, SIM_TIME_MAX);
    *seconds = bench_wall_s() - t0;
    *checksum = h.checksum;
    sim_destroy(sim);
    return VS_OK;
}

/* The reference: an implicit 4-ary heap of 16-byte keys. */
typedef struct {
    int64_t time;
    uint64_t seq;
} ref_key_t;

static inline int key_less(ref_key_t a, ref_key_t b)
{
    return a.time < b.time || (a.time == b.time && a.seq < b.seq);
}

static void heap_push(ref_key_t *h, size_t *n, ref_key_t k)
{
    size_t i = (*n)++;
    while (i > 0) {
        size_t p = (i - 1) / 4;
        if (!key_less(k, h[p]))
            break;
        h[i] = h[p];
        i = p;
    }
    h[i] = k;
}

static ref_key_t heap_pop(ref_key_t *h, size_t *n)
{
    ref_key_t top = h[0], last = h[--(*n)];
    size_t i = 0, m = *n;
    for (;;) {
        size_t c = 4 * i + 1;
        if (c >= m)
            break;
        size_t best = c, end = c + 4 < m ? c + 4 : m;
        for (size_t k = c + 1; k < end; k++)
            if (key_less(h[k], h[best]))
                best = k;
        if (!key_less(h[best], last))
            break;
        h[i] = h[best];
        i = best;
    }
    if (m > 0)
        h[i] = last;
    return top;
}

static vs_err_t run_reference(const bench_des_config_t *cfg, double *seconds, uint64_t *checksum)
{
    ref_key_t *h = malloc((cfg->pending + 1) * sizeof *h);
    if (!h)
        return vs_fail(VS_ENOMEM, "out of memory");
    size_t n = 0;
    uint64_t seq = 0, sum = 0;
    sim_rng_t rng;
    sim_rng_init(&rng, cfg->seed, 1);
    for (uint64_t i = 0; i < cfg->pending; i++)
        heap_push(h, &n, (ref_key_t){increment(&rng, cfg->dist), seq++});
    double t0 = bench_wall_s();
    for (uint64_t fired = 0; fired < cfg->events && n > 0;) {
        ref_key_t k = heap_pop(h, &n);
        sum += (uint64_t)k.time;
        if (++fired == cfg->events)
            break;
        heap_push(h, &n, (ref_key_t){k.time + increment(&rng, cfg->dist), seq++});
    }
    *seconds = bench_wall_s() - t0;
    *checksum = sum;
    free(h);
    return VS_OK;
}

vs_err_t bench_des_run(const bench_des_config_t *cfg, bench_des_result_t *out)
{
    if (cfg->pending == 0 || cfg->events == 0)
        return vs_fail(VS_EUSAGE, "--pending and --events must be at least 1");
    /* Rounds alternate which side runs first, so a burst of load from other processes hits
     * both sides alike; the medians of the rounds are reported. */
    double eng[BENCH_DES_ROUNDS], ref[BENCH_DES_ROUNDS];
    uint64_t eng_sum = 0, ref_sum = 0;
    for (int r = 0; r < BENCH_DES_ROUNDS; r++) {
        uint64_t es, rs;
        vs_err_t err;
        if (r % 2 == 0) {
            err = run_reference(cfg, &ref[r], &rs);
            if (!err)
                err = run_engine(cfg, &eng[r], &es);
        } else {
            err = run_engine(cfg, &eng[r], &es);
            if (!err)
                err = run_reference(cfg, &ref[r], &rs);
        }
        if (err)
            return err;
        /* Every round replays the same increments: a different sum is a broken queue. */
        if (r > 0 && (es != eng_sum || rs != ref_sum))
            return vs_fail(VS_ECHECK, "bench des: round %d fired different times than round 0", r);
        eng_sum = es;
        ref_sum = rs;
    }
    out->engine_seconds = bench_median(eng, BENCH_DES_ROUNDS);
    out->reference_seconds = bench_median(ref, BENCH_DES_ROUNDS);
    out->engine_checksum = eng_sum;
    out->reference_checksum = ref_sum;
    out->engine_events_per_sec = (double)cfg->events / out->engine_seconds;
    out->reference_events_per_sec = (double)cfg->events / out->reference_seconds;
    return VS_OK;
}
