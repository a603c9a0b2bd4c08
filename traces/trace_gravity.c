#include "trace_gravity.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_rng.h"
#include "vs_units.h"

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

double trace_gravity_shape(const trace_gravity_config_t *cfg, int64_t t_ns)
{
    const int64_t day = 86400 * VS_NS_PER_S;
    int64_t local = t_ns + (int64_t)llround(cfg->utc_offset_h * 3600.0 * 1e9);
    int64_t d = floor_div(local, day);
    double hour = (double)(local - d * day) / (3600.0 * 1e9);
    int weekday = (int)(((d + 3) % 7 + 7) % 7); /* 1970-01-01 was a Thursday; Monday = 0 */
    double s = 1.0 + cfg->diurnal_amplitude * cos(2.0 * M_PI * (hour - cfg->peak_hour) / 24.0);
    if (weekday >= 5)
        s *= cfg->weekend_factor;
    return s * 7.0 / (5.0 + 2.0 * cfg->weekend_factor);
}

vs_err_t trace_gravity(const trace_gravity_config_t *cfg, const char *const *names, size_t n,
                       trace_tm_t **out)
{
    vs_err_t err = VS_OK;
    *out = NULL;
    if (cfg->interval_ns <= 0 || cfg->duration_ns < cfg->interval_ns)
        return vs_fail(VS_ERANGE, "gravity model: the duration must be at least one interval "
                       "and the interval positive");
    if (!(cfg->mean_total_bps >= 0) || !isfinite(cfg->mean_total_bps))
        return vs_fail(VS_ERANGE, "gravity model: mean total %g bit/s must be >= 0",
                       cfg->mean_total_bps);
    if (!(cfg->diurnal_amplitude >= 0 && cfg->diurnal_amplitude <= 1))
        return vs_fail(VS_ERANGE, "gravity model: diurnal amplitude %g not in [0, 1]",
                       cfg->diurnal_amplitude);
    if (!(cfg->weekend_factor > 0) || !(cfg->noise_sd >= 0) || !(cfg->peak_hour >= 0) ||
        !(cfg->peak_hour <= 24))
        return vs_fail(VS_ERANGE, "gravity model: weekend factor must be > 0, noise sd >= 0, "
                       "peak hour in [0, 24]");
    if (n < 2)
        return vs_fail(VS_EINVAL, "gravity model: needs at least 2 nodes, got %zu", n);
    int64_t count = cfg->duration_ns / cfg->interval_ns;
    if (count > 1000000)
        return vs_fail(VS_ERANGE, "gravity model: %lld matrices is too many (at most 10^6)",
                       (long long)count);
    /* The series is held whole: refused before generating when over the limit. */
    if ((err = trace_tm_check_memory("gravity model", (double)count * (double)n * (double)n *
                                                          sizeof(double))))
        return err;
    trace_tm_t *tm = NULL;
    double *o = calloc(n, sizeof *o), *in = calloc(n, sizeof *in), *base = NULL, *m = NULL;
    if (!o || !in) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        sim_rng_t r;
        sim_rng_init_named(&r, cfg->seed, names[i]);
        o[i] = sim_rng_exp(&r, 1.0);
        in[i] = sim_rng_exp(&r, 1.0);
    }
    double osum = 0, isum = 0;
    for (size_t i = 0; i < n; i++) {
        osum += o[i];
        isum += in[i];
    }
    base = calloc(n * n, sizeof *base);
    m = calloc(n * n, sizeof *m);
    if (!base || !m) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    /* Base matrix with total 1. */
    double tot = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            if (i != j) {
                base[i * n + j] = (o[i] / osum) * in[j] / (isum - in[i]);
                tot += base[i * n + j];
            }
    for (size_t p = 0; p < n * n; p++)
        base[p] /= tot;
    char name[64];
    snprintf(name, sizeof name, "gravity seed %llu", (unsigned long long)cfg->seed);
    VS_TRY(trace_tm_create(name, "gravity", names, n, cfg->interval_ns, &tm));
    sim_rng_t noise;
    sim_rng_init_named(&noise, cfg->seed, "gravity-noise");
    double sd = cfg->noise_sd;
    for (int64_t k = 0; k < count; k++) {
        int64_t t = cfg->start_ns + k * cfg->interval_ns;
        double s = cfg->mean_total_bps * trace_gravity_shape(cfg, t);
        for (size_t p = 0; p < n * n; p++) {
            double f = 1.0;
            if (sd > 0)
                f = exp(sim_rng_normal(&noise, 0.0, sd) - sd * sd / 2.0);
            m[p] = base[p] * s * f;
        }
        VS_TRY(trace_tm_append(tm, t, m, NULL));
    }
    *out = tm;
    tm = NULL;
out:
    free(o);
    free(in);
    free(base);
    free(m);
    trace_tm_destroy(tm);
    return err;
}
