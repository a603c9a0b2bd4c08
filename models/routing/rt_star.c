#include "rt_star.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_rng.h"

static char *end_name(const char *proto, const char *from, const char *to)
{
    size_t n = strlen(proto) + strlen(from) + strlen(to) + 4;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s:%s->%s", proto, from, to);
    return s;
}

vs_err_t rt_star_link_init(rt_star_link_t *l, const rt_star_kind_t *k, const char *router,
                           const char *peer)
{
    vs_err_t err = rt_proc_init(&l->peer, RT_CLOCK_RUNNING, k->timers);
    if (err)
        return err;
    l->name[0] = end_name(k->proto, router, peer);
    l->name[1] = end_name(k->proto, peer, router);
    if (!l->name[0] || !l->name[1])
        return vs_fail(VS_ENOMEM, "out of memory");
    return VS_OK;
}

void rt_star_link_free(rt_star_link_t *l)
{
    free(l->name[0]);
    free(l->name[1]);
    l->name[0] = l->name[1] = NULL;
    rt_proc_free(&l->peer);
}

sim_time_t rt_star_phase(const rt_star_link_t *l, unsigned e, const sim_time_t *fixed, size_t i,
                         uint64_t seed, sim_time_t period)
{
    if (fixed)
        return fixed[i];
    sim_rng_t rng;
    sim_rng_init_named(&rng, seed, l->name[e]);
    return (sim_time_t)sim_rng_below(&rng, (uint64_t)period);
}

static vs_err_t count_error(const rt_star_kind_t *k, size_t n)
{
    return vs_fail(VS_ERANGE, "%s: %zu %ss (expected 1 to %zu)", k->proto, n, k->peer,
                   k->max_peers);
}

vs_err_t rt_star_check_count(const rt_star_kind_t *k, size_t n)
{
    return n < 1 || n > k->max_peers ? count_error(k, n) : VS_OK;
}

vs_err_t rt_star_check_names(const rt_star_kind_t *k, const char *router,
                             const char *const *peers, size_t n)
{
    if (!router || !router[0])
        return vs_fail(VS_EINVAL, "%s: the router needs a name", k->proto);
    if (n < 1 || n > k->max_peers || !peers)
        return count_error(k, n);
    for (size_t i = 0; i < n; i++)
        if (!peers[i] || !peers[i][0])
            return vs_fail(VS_EINVAL, "%s: %s %zu has no name", k->proto, k->peer, i);
    return VS_OK;
}

vs_err_t rt_star_check_phases(const rt_star_kind_t *k, const sim_time_t *router_phase,
                              const sim_time_t *peer_phase, size_t n, sim_time_t period)
{
    for (size_t i = 0; i < n; i++) {
        if (router_phase && (router_phase[i] < 0 || router_phase[i] >= period))
            return vs_fail(VS_ERANGE, "%s: router phase %zu is outside [0, %s)", k->proto, i,
                           k->period);
        if (peer_phase && (peer_phase[i] < 0 || peer_phase[i] >= period))
            return vs_fail(VS_ERANGE, "%s: %s phase %zu is outside [0, %s)", k->proto, k->peer,
                           i, k->period);
    }
    return VS_OK;
}

vs_err_t rt_star_study_check(const rt_star_kind_t *k, uint32_t runs, sim_time_t downtime,
                             sim_time_t freeze_at)
{
    if (runs < 1)
        return vs_fail(VS_ERANGE, "%s study: runs must be at least 1", k->proto);
    if (downtime < 0)
        return vs_fail(VS_ERANGE, "%s study: the downtime is negative", k->proto);
    if (freeze_at < 0)
        return vs_fail(VS_ERANGE, "%s study: the freeze starts before time 0", k->proto);
    return VS_OK;
}

vs_err_t rt_star_study_names(const rt_star_kind_t *k, size_t n, char ***out)
{
    char **names = *out = calloc(n, sizeof *names);
    if (!names)
        return vs_fail(VS_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) {
        if (!(names[i] = malloc(24)))
            return vs_fail(VS_ENOMEM, "out of memory");
        snprintf(names[i], 24, "%s%zu", k->letter, i + 1);
    }
    return VS_OK;
}

void rt_star_names_free(char **names, size_t n)
{
    if (names)
        for (size_t i = 0; i < n; i++)
            free(names[i]);
    free(names);
}

uint64_t rt_star_run_seed(uint64_t seed, uint32_t r)
{
    sim_rng_t m;
    sim_rng_init(&m, seed, r);
    return sim_rng_u64(&m);
}

void rt_star_count(uint64_t *hist, size_t bins, double *sum, uint32_t *max, uint32_t v)
{
    hist[v < bins - 1 ? v : bins - 1]++;
    *sum += v;
    if (v > *max)
        *max = v;
}
