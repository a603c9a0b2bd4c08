#include "hw_calib.h"

#include <math.h>
#include <string.h>

#include "hw_kernel.h"

/* Routes of the one-per-send run: enough for a stable mean, few enough to stay quick. */
#define HW_CALIB_SINGLE_MAX 2000

vs_err_t hw_calib_measure(hw_backend_t *b, int vr, hw_backend_kind_t kind,
                          const hw_fib_profile_t *sim_fib, const hw_route_t *r, size_t n,
                          hw_route_error_fn on_error, void *ctx, size_t *failed,
                          hw_calib_sample_t *out)
{
    vs_err_t err = VS_OK;
    memset(out, 0, sizeof *out);
    out->routes = n;
    out->batch = 1;
    /* add in the order a repopulation uses (ordered tables: longest first, no moves) */
    VS_TRY(hw_backend_clone(b, vr, r, n, on_error, ctx, failed, &out->add_ns));
    if (kind == HW_BACKEND_SIM && sim_fib)
        out->add_ns -= sim_fib->setup_ns + (sim_time_t)n * sim_fib->rpc_ns;
    VS_TRY(hw_backend_apply_many(b, vr, HW_OP_REPLACE, r, n, on_error, ctx, failed,
                                 &out->replace_ns));
    VS_TRY(hw_backend_apply_many(b, vr, HW_OP_DELETE, r, n, on_error, ctx, failed,
                                 &out->delete_ns));
    if (kind != HW_BACKEND_KERNEL)
        goto out;
    /* the same adds one route per netlink send, to separate the per-send cost */
    size_t B = hw_kernel_batch(b), m = n < HW_CALIB_SINGLE_MAX ? n : HW_CALIB_SINGLE_MAX;
    out->batch = B;
    out->single_routes = m;
    VS_TRY(hw_kernel_set_batch(b, 1));
    VS_TRY(hw_backend_add_many(b, vr, r, m, on_error, ctx, failed, &out->single_add_ns));
    VS_TRY(hw_kernel_set_batch(b, B));
    VS_TRY(hw_backend_apply_many(b, vr, HW_OP_DELETE, r, m, on_error, ctx, failed, NULL));
out:
    return err;
}

void hw_calib_fit(const hw_calib_sample_t *s, hw_calib_fit_t *out)
{
    double n = (double)s->routes, B = (double)s->batch;
    memset(out, 0, sizeof *out);
    out->install_ns = (double)s->add_ns / n;
    out->replace_ns = (double)s->replace_ns / n;
    out->delete_ns = (double)s->delete_ns / n;
    if (!s->single_routes)
        return;
    double t1 = (double)s->single_add_ns / (double)s->single_routes;
    out->single_ns = t1;
    if (s->batch > 1 && t1 > out->install_ns) {
        double o = (t1 - out->install_ns) * B / (B - 1);
        out->batch_overhead_ns = o;
        out->install_ns = t1 - o;
        out->replace_ns -= o / B;
        out->delete_ns -= o / B;
    }
    out->install_ns = fmax(out->install_ns, 0);
    out->replace_ns = fmax(out->replace_ns, 0);
    out->delete_ns = fmax(out->delete_ns, 0);
}

void hw_calib_apply(const hw_calib_fit_t *f, const hw_calib_sample_t *s, hw_backend_kind_t kind,
                    hw_fib_profile_t *fib)
{
    fib->install_ns = llround(f->install_ns);
    fib->replace_ns = llround(f->replace_ns);
    fib->delete_ns = llround(f->delete_ns);
    if (kind == HW_BACKEND_KERNEL) {
        fib->tech = HW_FIB_SOFTWARE;
        fib->batch_size = (int64_t)s->batch;
        fib->batch_overhead_ns = llround(f->batch_overhead_ns);
    } else if (kind == HW_BACKEND_NETFPGA) {
        fib->tech = HW_FIB_NETFPGA;
    }
}
