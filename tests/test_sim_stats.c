/* Statistics (sim_stats.h) against values worked out by hand. */
#include <math.h>
#include <stdlib.h>

#include "vs_check.h"
#include "sim_stats.h"

/* Two-sided 95% factors from the standard t table (e.g. NIST/SEMATECH e-Handbook, table
 * 1.3.6.7.2), to its 3 decimals; df = 1 and 2 also in closed form. */
START_TEST(t_quantiles)
{
    static const struct { double df, t; } table[] = {
        {1, 12.706}, {2, 4.303}, {3, 3.182}, {4, 2.776}, {5, 2.571}, {9, 2.262},
        {10, 2.228}, {20, 2.086}, {30, 2.042}, {100, 1.984}, {1000, 1.962},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        ck_assert_msg(fabs(sim_t_quantile(0.975, table[i].df) - table[i].t) < 6e-4,
                      "df %g: %.6f, table %.3f", table[i].df, sim_t_quantile(0.975, table[i].df),
                      table[i].t);
    /* df 1 is Cauchy: tan(pi (p - 1/2)); df 2: (2p - 1) sqrt(2 / (4p(1 - p))) */
    ck_assert_double_eq_tol(sim_t_quantile(0.975, 1), tan(M_PI * 0.475), 1e-8);
    ck_assert_double_eq_tol(sim_t_quantile(0.9, 2), 0.8 * sqrt(2 / (4 * 0.9 * 0.1)), 1e-9);
    ck_assert_double_eq_tol(sim_t_quantile(0.025, 5), -sim_t_quantile(0.975, 5), 1e-12);
    ck_assert_double_eq_tol(sim_t_quantile(0.5, 7), 0, 1e-9);
    /* large df tends to the normal's 1.959964 */
    ck_assert_double_eq_tol(sim_t_quantile(0.975, 1e7), 1.959964, 1e-5);
    ck_assert(isnan(sim_t_quantile(1, 3)) && isnan(sim_t_quantile(0.9, 0)));
}
END_TEST

START_TEST(tally_by_hand)
{
    /* 2 4 4 4 5 5 7 9: sum 40, mean 5, squared deviations 9+1+1+1+0+0+4+16 = 32, sample
     * variance 32/7. */
    sim_tally_t t;
    sim_tally_init(&t);
    ck_assert_double_eq(sim_tally_mean(&t), 0.0);
    ck_assert_double_eq(sim_tally_variance(&t), 0.0);
    const double x[] = {2, 4, 4, 4, 5, 5, 7, 9};
    for (int i = 0; i < 8; i++)
        sim_tally_add(&t, x[i]);
    ck_assert_uint_eq(t.n, 8);
    ck_assert_double_eq_tol(t.sum, 40.0, 1e-12);
    ck_assert_double_eq_tol(sim_tally_mean(&t), 5.0, 1e-12);
    ck_assert_double_eq_tol(sim_tally_variance(&t), 32.0 / 7.0, 1e-12);
    ck_assert_double_eq(t.min, 2.0);
    ck_assert_double_eq(t.max, 9.0);
    /* One observation: variance 0 (n < 2), min = max = it. */
    sim_tally_t one;
    sim_tally_init(&one);
    sim_tally_add(&one, -3.5);
    ck_assert_double_eq(sim_tally_mean(&one), -3.5);
    ck_assert_double_eq(sim_tally_variance(&one), 0.0);
    ck_assert_double_eq(one.min, -3.5);
    ck_assert_double_eq(one.max, -3.5);
}
END_TEST

START_TEST(tally_large_offset)
{
    /* Welford keeps the variance of 1e9 + {1, 2, 3} at 1 (the naive sum of squares loses
     * it to cancellation). */
    sim_tally_t t;
    sim_tally_init(&t);
    for (int i = 1; i <= 3; i++)
        sim_tally_add(&t, 1e9 + i);
    ck_assert_double_eq_tol(sim_tally_mean(&t), 1e9 + 2, 1e-6);
    ck_assert_double_eq_tol(sim_tally_variance(&t), 1.0, 1e-6);
}
END_TEST

START_TEST(time_weighted_mean)
{
    /* Queue length 0 on [0,10), 2 on [10,30), 4 on [30,40): area 0 + 40 + 40 = 80 over 40. */
    sim_twmean_t w;
    sim_twmean_init(&w, 0, 0.0);
    ck_assert_double_eq(sim_twmean_mean(&w, 0), 0.0); /* no time passed: current value */
    sim_twmean_set(&w, 10, 2.0);
    sim_twmean_set(&w, 30, 4.0);
    ck_assert_double_eq_tol(sim_twmean_mean(&w, 40), 2.0, 1e-12);
    /* Asked before the last change is complete: [0,30) gives 40/30. */
    ck_assert_double_eq_tol(sim_twmean_mean(&w, 30), 40.0 / 30.0, 1e-12);
    ck_assert_double_eq(w.min, 0.0);
    ck_assert_double_eq(w.max, 4.0);
    /* Two changes at one instant: only the last one holds for any time. */
    sim_twmean_set(&w, 40, 100.0);
    sim_twmean_set(&w, 40, 1.0);
    ck_assert_double_eq_tol(sim_twmean_mean(&w, 60), (80.0 + 20.0) / 60.0, 1e-12);
    ck_assert_double_eq(w.max, 100.0); /* the instantaneous value still counts as a max */
    /* A start other than 0, in nanoseconds of simulated time. */
    sim_twmean_t v;
    sim_twmean_init(&v, SIM_S(1), 3.0);
    sim_twmean_set(&v, SIM_S(2), 1.0);
    ck_assert_double_eq_tol(sim_twmean_mean(&v, SIM_S(5)), (3.0 * 1 + 1.0 * 3) / 4.0, 1e-12);
}
END_TEST

START_TEST(percentiles_r7)
{
    /* h = (n-1)p/100, value = x[floor h] + frac(h)(x[floor h + 1] - x[floor h]).
     * Sorted data 15 20 35 40 50 (added out of order). */
    sim_samples_t s;
    sim_samples_init(&s);
    ck_assert_double_eq(sim_samples_percentile(&s, 50), 0.0); /* empty */
    const double x[] = {40, 15, 50, 35, 20};
    for (int i = 0; i < 5; i++)
        ck_assert_int_eq(sim_samples_add(&s, x[i]), VS_OK);
    ck_assert_double_eq(sim_samples_percentile(&s, 0), 15.0);
    ck_assert_double_eq(sim_samples_percentile(&s, 100), 50.0);
    ck_assert_double_eq_tol(sim_samples_percentile(&s, 25), 20.0, 1e-12); /* h = 1 */
    ck_assert_double_eq_tol(sim_samples_percentile(&s, 40), 29.0, 1e-12); /* h = 1.6 */
    ck_assert_double_eq_tol(sim_samples_percentile(&s, 50), 35.0, 1e-12); /* h = 2 */
    ck_assert_double_eq_tol(sim_samples_percentile(&s, 90), 46.0, 1e-12); /* h = 3.6 */
    /* Adding after a query re-sorts: 15 20 35 40 50 60, p50 at h = 2.5 -> 37.5. */
    ck_assert_int_eq(sim_samples_add(&s, 60), VS_OK);
    ck_assert_double_eq_tol(sim_samples_percentile(&s, 50), 37.5, 1e-12);
    ck_assert_double_eq_tol(sim_samples_percentile(&s, 99), 59.5, 1e-12); /* h = 4.95 */
    sim_samples_free(&s);
    ck_assert_uint_eq(s.n, 0);
    /* Many samples: 1..1000, p95 at h = 949.05 -> 950.05. */
    sim_samples_init(&s);
    for (int i = 1000; i >= 1; i--)
        ck_assert_int_eq(sim_samples_add(&s, i), VS_OK);
    ck_assert_double_eq_tol(sim_samples_percentile(&s, 95), 950.05, 1e-9);
    sim_samples_free(&s);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("sim_stats");
    TCase *tc = tcase_create("by_hand");
    tcase_add_test(tc, tally_by_hand);
    tcase_add_test(tc, t_quantiles);
    tcase_add_test(tc, tally_large_offset);
    tcase_add_test(tc, time_weighted_mean);
    tcase_add_test(tc, percentiles_r7);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    int failed = vs_check_run(suite());
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
