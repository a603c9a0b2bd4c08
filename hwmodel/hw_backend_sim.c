/* hw_backend_sim — the simulated FIB technologies of a hardware profile behind the backend
 * interface. Each operation costs the profile's per-route figure; an ordered table (TCAM,
 * NetFPGA) adds one entry write per move from the hw_tcam model, all VRs sharing one
 * physical table (entries of different VRs are told apart by extra key bits). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw_backend_internal.h"
#include "hw_pset.h"
#include "hw_tcam.h"

typedef struct {
    hw_pset_t fib[HW__MAX_VRS];
    hw_tcam_t *tcam; /* ordered technologies only */
    int64_t entries;
    int nlinks;
    char link[HW__MAX_LINKS][HW_IFNAMSIZ];
    int bound_vr[HW__MAX_LINKS]; /* -1 = unbound */
} sim_impl_t;

static bool ordered(const hw_fib_profile_t *f)
{
    return f->tech == HW_FIB_TCAM || f->tech == HW_FIB_NETFPGA;
}

static vs_err_t sim_open(hw_backend_t *b, const hw_backend_config_t *cfg)
{
    sim_impl_t *s = calloc(1, sizeof *s);
    if (!s)
        return vs_fail(VS_ENOMEM, "out of memory");
    if (ordered(&b->fib)) {
        int w = b->fib.tcam_width_bits ? b->fib.tcam_width_bits : 32;
        vs_err_t err = hw_tcam_create(w, 0, &s->tcam);
        if (err) {
            free(s);
            return err;
        }
    }
    b->impl = s;
    return VS_OK;
}

static void sim_close(hw_backend_t *b)
{
    sim_impl_t *s = b->impl;
    if (!s)
        return;
    for (int i = 0; i < HW__MAX_VRS; i++)
        hw_pset_free(&s->fib[i]);
    hw_tcam_destroy(s->tcam);
    free(s);
}

static vs_err_t sim_vr_create(hw_backend_t *b, int vr)
{
    sim_impl_t *s = b->impl;
    hw_pset_init(&s->fib[vr]);
    return VS_OK;
}

static int find_link(const sim_impl_t *s, const char *name)
{
    for (int i = 0; i < s->nlinks; i++)
        if (!strcmp(s->link[i], name))
            return i;
    return -1;
}

static vs_err_t sim_link_add(hw_backend_t *b, const char *ifname)
{
    sim_impl_t *s = b->impl;
    if (find_link(s, ifname) >= 0)
        return vs_fail(VS_EINVAL, "interface '%s' already exists", ifname);
    if (s->nlinks >= HW__MAX_LINKS)
        return vs_fail(VS_ERANGE, "at most %d interfaces", HW__MAX_LINKS);
    snprintf(s->link[s->nlinks], HW_IFNAMSIZ, "%s", ifname);
    s->bound_vr[s->nlinks] = -1;
    s->nlinks++;
    return VS_OK;
}

static vs_err_t sim_bind(hw_backend_t *b, int vr, const char *ifname)
{
    sim_impl_t *s = b->impl;
    int i = find_link(s, ifname);
    if (i < 0)
        return vs_fail(VS_ENOTFOUND, "unknown interface '%s' (declare it first)", ifname);
    s->bound_vr[i] = vr; /* re-binding moves the interface, as bindd does after a migration */
    return VS_OK;
}

static vs_err_t sim_apply(hw_backend_t *b, int vr, hw_op_t op, const hw_route_t *r, size_t n,
                          void (*report)(hw_backend_t *, size_t, vs_err_t, const char *),
                          sim_time_t *cost_ns)
{
    sim_impl_t *s = b->impl;
    const hw_fib_profile_t *f = &b->fib;
    hw_pset_t *fib = &s->fib[vr];
    sim_time_t cost = 0;
    int64_t moves_total = 0;
    char why[200], pfx[HW_PREFIX_STRLEN];
    for (size_t i = 0; i < n; i++) {
        const hw_route_t *rt = &r[i];
        int64_t moves = 0;
        hw_prefix_fmt(&rt->dst, pfx, sizeof pfx);
        if (rt->dev[0] && find_link(s, rt->dev) < 0) {
            snprintf(why, sizeof why, "route %s: unknown interface '%s'", pfx, rt->dev);
            report(b, i, VS_ENOTFOUND, why);
            continue;
        }
        if (!rt->dev[0] && !rt->gw_family) {
            snprintf(why, sizeof why, "route %s: neither an interface nor a gateway", pfx);
            report(b, i, VS_EINVAL, why);
            continue;
        }
        if (s->tcam && rt->dst.family == 6 && f->tcam_width_bits != 128) {
            snprintf(why, sizeof why, "route %s: IPv6 prefix in a 32-bit (IPv4) table", pfx);
            report(b, i, VS_EINVAL, why);
            continue;
        }
        int64_t *have = hw_pset_find(fib, &rt->dst);
        switch (op) {
        case HW_OP_ADD:
            if (have) {
                snprintf(why, sizeof why, "route %s: already in the FIB", pfx);
                report(b, i, VS_EINVAL, why);
                continue;
            }
            if (f->capacity && s->entries >= f->capacity) {
                snprintf(why, sizeof why, "route %s: FIB full (%lld entries)", pfx,
                         (long long)f->capacity);
                report(b, i, VS_ERANGE, why);
                continue;
            }
            if (s->tcam) {
                vs_err_t e = hw_tcam_insert(s->tcam, rt->dst.len, &moves);
                if (e) {
                    snprintf(why, sizeof why, "route %s: %s", pfx, vs_errmsg());
                    report(b, i, e, why);
                    continue;
                }
            }
            if (hw_pset_put(fib, &rt->dst, 1) != VS_OK)
                return vs_fail(VS_ENOMEM, "out of memory at route %s", pfx);
            s->entries++;
            cost += f->install_ns;
            break;
        case HW_OP_REPLACE:
            if (!have) {
                snprintf(why, sizeof why, "route %s: not in the FIB (nothing to replace)", pfx);
                report(b, i, VS_ENOTFOUND, why);
                continue;
            }
            cost += f->replace_ns;
            break;
        case HW_OP_DELETE:
            if (!have) {
                snprintf(why, sizeof why, "route %s: not in the FIB (nothing to delete)", pfx);
                report(b, i, VS_ENOTFOUND, why);
                continue;
            }
            if (s->tcam)
                hw_tcam_remove(s->tcam, rt->dst.len, &moves);
            hw_pset_del(fib, &rt->dst);
            s->entries--;
            cost += f->delete_ns;
            break;
        }
        /* TCAM: the entry's own write plus one per move; NetFPGA: install_ns is the row
         * write already, each move rewrites one more row. */
        if (f->tech == HW_FIB_TCAM && op != HW_OP_REPLACE)
            cost += (1 + moves) * f->tcam_write_ns;
        else if (f->tech == HW_FIB_NETFPGA)
            cost += moves * f->tcam_write_ns;
        moves_total += moves;
    }
    int64_t bs = f->batch_size > 0 ? f->batch_size : 1;
    int64_t batches = ((int64_t)n + bs - 1) / bs;
    cost += batches * f->batch_overhead_ns;
    b->counters.batches += (uint64_t)batches;
    b->counters.moves += (uint64_t)moves_total;
    *cost_ns += cost;
    return VS_OK;
}

static vs_err_t sim_count(hw_backend_t *b, int vr, size_t *out)
{
    sim_impl_t *s = b->impl;
    *out = s->fib[vr].n;
    return VS_OK;
}

const hw__ops_t hw__sim_ops = {
    .name = "sim",
    .open = sim_open,
    .close = sim_close,
    .vr_create = sim_vr_create,
    .link_add = sim_link_add,
    .bind = sim_bind,
    .apply = sim_apply,
    .count = sim_count,
};
