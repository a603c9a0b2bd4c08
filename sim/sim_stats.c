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

/* The regularized incomplete beta function I_x(a, b) by its continued fraction (modified
 * Lentz's method; Numerical Recipes 3rd ed., sec. 6.4), used on the side where it converges
 * fast. A hand-written function rather than GSL's gsl_cdf_tdist_Pinv: the one quantile the
 * sweep summaries need does not warrant a new library for every build. */
static double beta_cf(double x, double a, double b)
{
    const double tiny = 1e-300;
    double c = 1, d = 1 - (a + b) * x / (a + 1), h;
    d = 1 / (fabs(d) < tiny ? tiny : d);
    h = d;
    for (int m = 1; m <= 1000; m++) {
        double m2 = 2.0 * m, num = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
        for (int k = 0; k < 2; k++) {
            d = 1 + num * d;
            c = 1 + num / c;
            d = 1 / (fabs(d) < tiny ? tiny : d);
            c = fabs(c) < tiny ? tiny : c;
            h *= d * c;
            num = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
        }
        if (fabs(d * c - 1) < 1e-15)
            break;
    }
    return h;
}

static double beta_inc(double x, double a, double b)
{
    if (x <= 0 || x >= 1)
        return x <= 0 ? 0 : 1;
    double front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x));
    if (x < (a + 1) / (a + b + 2))
        return front * beta_cf(x, a, b) / a;
    return 1 - front * beta_cf(1 - x, b, a) / b;
}

/* P(T <= t) for t >= 0. */
static double t_cdf(double t, double df)
{
    return 1 - 0.5 * beta_inc(df / (df + t * t), df / 2, 0.5);
}

double sim_t_quantile(double p, double df)
{
    if (!(p > 0 && p < 1 && df > 0))
        return NAN;
    if (p < 0.5)
        return -sim_t_quantile(1 - p, df);
    /* t_cdf rises from 0.5 at 0: bisection on [0, hi], hi doubled until it is past p. */
    double lo = 0, hi = 1;
    while (t_cdf(hi, df) < p && hi < 1e300)
        hi *= 2;
    for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
        double mid = 0.5 * (lo + hi);
        if (t_cdf(mid, df) < p)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
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
