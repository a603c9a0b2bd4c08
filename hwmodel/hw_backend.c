/* hw_backend — the generic half of the data-plane interface: VR bookkeeping, error
 * reporting per route, cloning order, remote forwarding and counters. The backends
 * (hw_backend_sim.c, hw_kernel.c, hw_netfpga.c) only apply operations. */
#include "hw_backend_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

volatile int hw__interrupted;

int hw_backend_interrupted(void)
{
    return hw__interrupted;
}

vs_err_t hw_route_make(const char *prefix, const char *dev, hw_route_t *out)
{
    hw_route_t r;
    memset(&r, 0, sizeof r);
    vs_err_t err = hw_prefix_parse(prefix, &r.dst);
    if (err)
        return err;
    if (!dev || !dev[0] || strlen(dev) >= HW_IFNAMSIZ)
        return vs_fail(VS_EINVAL, "route %s: interface name '%s' is empty or longer than %d",
                       prefix, dev ? dev : "", HW_IFNAMSIZ - 1);
    snprintf(r.dev, sizeof r.dev, "%s", dev);
    *out = r;
    return VS_OK;
}

vs_err_t hw_backend_open(const hw_backend_config_t *cfg, hw_backend_t **out)
{
    const hw__ops_t *ops;
    switch (cfg->kind) {
    case HW_BACKEND_SIM:
        ops = &hw__sim_ops;
        if (!cfg->fib)
            return vs_fail(VS_EINVAL, "the sim backend needs a FIB profile");
        break;
    case HW_BACKEND_KERNEL:
        ops = &hw__kernel_ops;
        break;
    case HW_BACKEND_NETFPGA:
        ops = &hw__netfpga_ops;
        break;
    default:
        return vs_fail(VS_EINVAL, "unknown backend kind %d", (int)cfg->kind);
    }
    hw_backend_t *b = calloc(1, sizeof *b);
    if (!b)
        return vs_fail(VS_ENOMEM, "out of memory");
    b->ops = ops;
    b->kind = cfg->kind;
    if (cfg->fib)
        b->fib = *cfg->fib;
    vs_err_t err = ops->open(b, cfg);
    if (err) {
        free(b);
        return err;
    }
    *out = b;
    return VS_OK;
}

void hw_backend_close(hw_backend_t *b)
{
    if (!b)
        return;
    b->ops->close(b);
    free(b);
}

const char *hw_backend_name(const hw_backend_t *b)
{
    return b->ops->name;
}

vs_err_t hw_backend_vr_create(hw_backend_t *b, const char *name, int *vr)
{
    if (b->nvr >= HW__MAX_VRS)
        return vs_fail(VS_ERANGE, "%s backend: at most %d virtual routers", b->ops->name,
                       HW__MAX_VRS);
    int id = b->nvr;
    vs_err_t err = b->ops->vr_create(b, id);
    if (err)
        return err;
    snprintf(b->vr[id].name, sizeof b->vr[id].name, "%s", name ? name : "vr");
    b->nvr++;
    *vr = id;
    return VS_OK;
}

static vs_err_t check_vr(const hw_backend_t *b, int vr)
{
    if (vr < 0 || vr >= b->nvr)
        return vs_fail(VS_ENOTFOUND, "%s backend: no virtual router %d", b->ops->name, vr);
    return VS_OK;
}

static vs_err_t check_ifname(const char *ifname)
{
    if (!ifname || !ifname[0] || strlen(ifname) >= HW_IFNAMSIZ || strchr(ifname, '/') ||
        strchr(ifname, ' '))
        return vs_fail(VS_EINVAL, "'%s' is not an interface name (1 to %d characters, no '/' "
                                  "or space)", ifname ? ifname : "", HW_IFNAMSIZ - 1);
    return VS_OK;
}

vs_err_t hw_backend_link_add(hw_backend_t *b, const char *ifname)
{
    vs_err_t err = check_ifname(ifname);
    if (err)
        return err;
    return b->ops->link_add(b, ifname);
}

vs_err_t hw_backend_bind(hw_backend_t *b, int vr, const char *ifname)
{
    vs_err_t err = check_vr(b, vr);
    if (!err)
        err = check_ifname(ifname);
    if (err)
        return err;
    return b->ops->bind(b, vr, ifname);
}

/* ---- batches ------------------------------------------------------------------------- */

typedef struct {
    const size_t *perm; /* maps batch index to the caller's index, or NULL */
    const char *where;  /* "" or "remote " */
} report_map_t;

static report_map_t cur_map;

static void report(hw_backend_t *b, size_t i, vs_err_t err, const char *why)
{
    size_t idx = cur_map.perm ? cur_map.perm[i] : i;
    char full[300];
    snprintf(full, sizeof full, "%s%s", cur_map.where ? cur_map.where : "", why);
    if (b->batch_failed == 0) {
        b->first_err = err;
        snprintf(b->first_why, sizeof b->first_why, "%s", full);
    }
    b->batch_failed++;
    if (b->on_error)
        b->on_error(b->on_error_ctx, idx, &b->batch[i], err, full);
}

static vs_err_t run_batch(hw_backend_t *b, int vr, hw_op_t op, const hw_route_t *r, size_t n,
                          hw_route_error_fn on_error, void *ctx, size_t *failed,
                          sim_time_t *cost_ns, const size_t *perm, const char *where)
{
    sim_time_t cost = 0;
    b->on_error = on_error;
    b->on_error_ctx = ctx;
    b->batch = r;
    b->batch_failed = 0;
    b->first_err = VS_OK;
    cur_map.perm = perm;
    cur_map.where = where;
    vs_err_t err = b->ops->apply(b, vr, op, r, n, report, &cost);
    cur_map.perm = NULL;
    cur_map.where = NULL;
    size_t nf = b->batch_failed;
    size_t ok = n >= nf ? n - nf : 0;
    if (err)
        ok = 0; /* the batch could not be attempted as a whole */
    if (op == HW_OP_ADD)
        b->counters.added += ok;
    else if (op == HW_OP_REPLACE)
        b->counters.replaced += ok;
    else
        b->counters.deleted += ok;
    b->counters.failed += nf;
    b->counters.cost_ns += cost;
    if (cost_ns)
        *cost_ns += cost;
    if (failed)
        *failed += nf;
    if (err)
        return err;
    if (nf)
        return vs_fail(b->first_err, "%s%s", b->first_why,
                       nf > 1 ? " (and more: see each route's message)" : "");
    return VS_OK;
}

static vs_err_t forward(hw_backend_t *b, int vr, hw_op_t op, const hw_route_t *r, size_t n,
                        hw_route_error_fn on_error, void *ctx, size_t *failed,
                        sim_time_t *cost_ns, const size_t *perm)
{
    hw__vr_t *v = &b->vr[vr];
    if (!v->remote)
        return VS_OK;
    /* One RPC per route from this hypervisor to the remote one (seed 001 Section 5.2:
     * virtd forwards updates with the same RPC mechanism shadowd uses). */
    sim_time_t rpc = (sim_time_t)n * b->fib.rpc_ns;
    b->counters.forwarded += n;
    b->counters.cost_ns += rpc;
    if (cost_ns)
        *cost_ns += rpc;
    return run_batch(v->remote, v->remote_vr, op, r, n, on_error, ctx, failed, NULL, perm,
                     "remote control plane: ");
}

vs_err_t hw_backend_apply_many(hw_backend_t *b, int vr, hw_op_t op, const hw_route_t *r, size_t n,
                               hw_route_error_fn on_error, void *ctx, size_t *failed,
                               sim_time_t *cost_ns)
{
    vs_err_t err = check_vr(b, vr);
    if (err)
        return err;
    if (n == 0)
        return VS_OK;
    err = run_batch(b, vr, op, r, n, on_error, ctx, failed, cost_ns, NULL, "");
    vs_err_t ferr = forward(b, vr, op, r, n, on_error, ctx, failed, cost_ns, NULL);
    return err ? err : ferr;
}

vs_err_t hw_backend_add_many(hw_backend_t *b, int vr, const hw_route_t *r, size_t n,
                             hw_route_error_fn on_error, void *ctx, size_t *failed,
                             sim_time_t *cost_ns)
{
    return hw_backend_apply_many(b, vr, HW_OP_ADD, r, n, on_error, ctx, failed, cost_ns);
}

vs_err_t hw_backend_route_add(hw_backend_t *b, int vr, const hw_route_t *r, sim_time_t *cost_ns)
{
    return hw_backend_apply_many(b, vr, HW_OP_ADD, r, 1, NULL, NULL, NULL, cost_ns);
}

vs_err_t hw_backend_route_replace(hw_backend_t *b, int vr, const hw_route_t *r,
                                  sim_time_t *cost_ns)
{
    return hw_backend_apply_many(b, vr, HW_OP_REPLACE, r, 1, NULL, NULL, NULL, cost_ns);
}

vs_err_t hw_backend_route_delete(hw_backend_t *b, int vr, const hw_route_t *r,
                                 sim_time_t *cost_ns)
{
    return hw_backend_apply_many(b, vr, HW_OP_DELETE, r, 1, NULL, NULL, NULL, cost_ns);
}

/* Longest prefix first; equal lengths keep their RIB order. */
static const hw_route_t *sort_base;
static int by_len_desc(const void *pa, const void *pb)
{
    size_t a = *(const size_t *)pa, b = *(const size_t *)pb;
    int la = sort_base[a].dst.len, lb = sort_base[b].dst.len;
    if (la != lb)
        return lb - la;
    return (a > b) - (a < b);
}

vs_err_t hw_backend_clone(hw_backend_t *b, int vr, const hw_route_t *rib, size_t n,
                          hw_route_error_fn on_error, void *ctx, size_t *failed,
                          sim_time_t *cost_ns)
{
    vs_err_t err = check_vr(b, vr);
    if (err || n == 0)
        return err;
    sim_time_t fixed = 0;
    if (b->kind == HW_BACKEND_SIM) /* shadowd -> virtd, per route, plus the set-up */
        fixed = b->fib.setup_ns + (sim_time_t)n * b->fib.rpc_ns;
    b->counters.cost_ns += fixed;
    if (cost_ns)
        *cost_ns += fixed;
    bool ordered = (b->fib.tech == HW_FIB_TCAM || b->fib.tech == HW_FIB_NETFPGA ||
                    b->kind == HW_BACKEND_NETFPGA) &&
                   b->fib.tcam_sort_clone;
    if (!ordered)
        return hw_backend_apply_many(b, vr, HW_OP_ADD, rib, n, on_error, ctx, failed, cost_ns);
    size_t *perm = malloc(n * sizeof *perm);
    hw_route_t *sorted = malloc(n * sizeof *sorted);
    if (!perm || !sorted) {
        free(perm);
        free(sorted);
        return vs_fail(VS_ENOMEM, "out of memory sorting %zu routes", n);
    }
    for (size_t i = 0; i < n; i++)
        perm[i] = i;
    sort_base = rib;
    qsort(perm, n, sizeof *perm, by_len_desc);
    for (size_t i = 0; i < n; i++)
        sorted[i] = rib[perm[i]];
    err = run_batch(b, vr, HW_OP_ADD, sorted, n, on_error, ctx, failed, cost_ns, perm, "");
    vs_err_t ferr = forward(b, vr, HW_OP_ADD, sorted, n, on_error, ctx, failed, cost_ns, perm);
    free(perm);
    free(sorted);
    return err ? err : ferr;
}

vs_err_t hw_backend_set_remote(hw_backend_t *b, int vr, hw_backend_t *remote, int remote_vr)
{
    vs_err_t err = check_vr(b, vr);
    if (err)
        return err;
    if (remote) {
        if (remote == b && remote_vr == vr)
            return vs_fail(VS_EINVAL, "a FIB cannot forward its updates to itself");
        if ((err = check_vr(remote, remote_vr)))
            return err;
    }
    b->vr[vr].remote = remote;
    b->vr[vr].remote_vr = remote_vr;
    return VS_OK;
}

void hw_backend_counters(const hw_backend_t *b, hw_counters_t *out)
{
    *out = b->counters;
}

vs_err_t hw_backend_route_count(hw_backend_t *b, int vr, size_t *out)
{
    vs_err_t err = check_vr(b, vr);
    if (err)
        return err;
    return b->ops->count(b, vr, out);
}
