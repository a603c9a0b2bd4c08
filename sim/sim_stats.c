#include "sim_stats.h"

#include <math.h>
#include <stdlib.h>

void sim_tally_init(sim_tally_t *t)
{
    *t = (sim_tally_t){.min = INFINITY, .max = -INFINITY};
}

void sim_tally_add(sim_tally_t *t, double x)
{
    t->n++;
    double d = x - t->mean;
    t->mean += d / (double)t->n;
    t->m2 += d * (x - t->mean);
    t->sum += x;
    if (x < t->min)
        t->min = x;
    if (x > t->max)
        t->max = x;
}

double sim_tally_mean(const sim_tally_t *t)
{
    return t->n ? t->mean : 0.0;
}

double sim_tally_variance(const sim_tally_t *t)
{
    return t->n > 1 ? t->m2 / (double)(t->n - 1) : 0.0;
}

void sim_twmean_init(sim_twmean_t *w, sim_time_t start, double value)
{
    *w = (sim_twmean_t){.start = start, .last = start, .value = value, .min = value, .max = value};
}

void sim_twmean_set(sim_twmean_t *w, sim_time_t now, double value)
{
    if (now > w->last) {
        w->area += w->value * (double)(now - w->last);
        w->last = now;
    }
    w->value = value;
    if (value < w->min)
        w->min = value;
    if (value > w->max)
        w->max = value;
}

double sim_twmean_mean(const sim_twmean_t *w, sim_time_t now)
{
    if (now <= w->start)
        return w->value;
    double area = w->area + (now > w->last ? w->value * (double)(now - w->last) : 0.0);
    return area / (double)(now - w->start);
}

void sim_samples_init(sim_samples_t *s)
{
    *s = (sim_samples_t){0};
}

void sim_samples_free(sim_samples_t *s)
{
    free(s->v);
    *s = (sim_samples_t){0};
}

vs_err_t sim_samples_add(sim_samples_t *s, double x)
{
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        double *v = realloc(s->v, cap * sizeof *v);
        if (!v)
            return vs_fail(VS_ENOMEM, "out of memory");
        s->v = v;
        s->cap = cap;
    }
    s->v[s->n++] = x;
    s->sorted = 0;
    return VS_OK;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double sim_samples_percentile(sim_samples_t *s, double p)
{
    if (s->n == 0)
        return 0.0;
    if (!s->sorted) {
        qsort(s->v, s->n, sizeof *s->v, cmp_double);
        s->sorted = 1;
    }
    if (p <= 0)
        return s->v[0];
    if (p >= 100)
        return s->v[s->n - 1];
    double h = (double)(s->n - 1) * p / 100.0;
    size_t lo = (size_t)floor(h);
    double frac = h - (double)lo;
    return lo + 1 < s->n ? s->v[lo] + frac * (s->v[lo + 1] - s->v[lo]) : s->v[lo];
}
