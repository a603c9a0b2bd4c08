/* sim_time — simulated time is an integer number of nanoseconds. No floating point takes
 * part in event order; conversions from seconds round to the nearest nanosecond. */
#ifndef SIM_TIME_H
#define SIM_TIME_H

#include <math.h>
#include <stdint.h>

typedef int64_t sim_time_t; /* nanoseconds since the start of the run */

#define SIM_TIME_MAX INT64_MAX
#define SIM_NS(x) ((sim_time_t)(x))
#define SIM_US(x) ((sim_time_t)(x) * INT64_C(1000))
#define SIM_MS(x) ((sim_time_t)(x) * INT64_C(1000000))
#define SIM_S(x) ((sim_time_t)(x) * INT64_C(1000000000))

static inline double sim_to_s(sim_time_t t)
{
    return (double)t * 1e-9;
}

static inline double sim_to_ms(sim_time_t t)
{
    return (double)t * 1e-6;
}

/* Seconds to nanoseconds, rounded to nearest. */
static inline sim_time_t sim_from_s(double s)
{
    return (sim_time_t)llround(s * 1e9);
}

#endif
