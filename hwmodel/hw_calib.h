/* hw_calib — FIB calibration: drive a data-plane backend through what a profile's fib section
 * describes (add N routes as a clone does, replace them, delete them; on the kernel also an
 * add run with one route per netlink send) and fit the section's per-route and per-batch costs
 * to the timings. `vroomsim fib calibrate` parses options, calls these and writes the
 * profile. Times are nanoseconds: wall clock on the kernel, modelled on sim and netfpga. */
#ifndef HW_CALIB_H
#define HW_CALIB_H

#include <stddef.h>

#include "hw_backend.h"
#include "hw_profile.h"

typedef struct {
    size_t routes;        /* n: routes of the main runs */
    sim_time_t add_ns;    /* total of the clone (sim: less its set-up and per-route RPCs) */
    sim_time_t replace_ns, delete_ns; /* totals of the main runs */
    size_t batch;         /* B: routes per netlink send in the main runs; 1 unbatched */
    size_t single_routes; /* m: routes of the one-per-send add run (kernel); 0 none */
    sim_time_t single_add_ns; /* its total */
} hw_calib_sample_t;

typedef struct {
    double install_ns, replace_ns, delete_ns; /* per route */
    double batch_overhead_ns; /* per send; 0 when the two runs cannot separate it */
    double single_ns;         /* per route of the one-per-send run (t1); 0 none */
} hw_calib_fit_t;

/* Runs the measurements on vr of b (kind says which backend b is; sim_fib is the profile a
 * sim backend simulates, its set-up and RPC costs are not the FIB's). r: n routes, borrowed.
 * Route failures go to on_error (may be NULL) and are counted in *failed (may be NULL); the
 * first one fails the call as hw_backend_apply_many says. Leaves vr's FIB empty. */
vs_err_t hw_calib_measure(hw_backend_t *b, int vr, hw_backend_kind_t kind,
                          const hw_fib_profile_t *sim_fib, const hw_route_t *r, size_t n,
                          hw_route_error_fn on_error, void *ctx, size_t *failed,
                          hw_calib_sample_t *out);

/* The fit. Per route: the main runs' means. With a one-per-send run and B > 1, the per-send
 * overhead o and the per-route cost c follow from t1 = c + o and tB = c + o / B; replace and
 * delete lose o / B; all three are then kept at or above 0. Pure, O(1). */
void hw_calib_fit(const hw_calib_sample_t *s, hw_calib_fit_t *out);

/* Writes the fit into a profile's fib section (the other fields, e.g. set-up, RPC, capacity,
 * stay as the caller copied them from a base profile): per-route costs rounded to ns; kernel:
 * a software FIB with batch_size B and the fitted overhead; netfpga: the NetFPGA table. */
void hw_calib_apply(const hw_calib_fit_t *f, const hw_calib_sample_t *s, hw_backend_kind_t kind,
                    hw_fib_profile_t *fib);

#endif
