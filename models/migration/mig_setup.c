/* Setting up a run's migrations: the static checks before any run, and each migration's
 * state on the run's network, started at its time whatever its mechanism. */
#include <stdio.h>
#include <stdlib.h>

#include "cp_image.h"
#include "mig_vm.h"
#include "scn_path.h"
#include "vs_units.h"

struct mig_set {
    mig_t *migs;
};

/* Static checks of every migration against the substrate, in start-time order: the
 * destination has a free VR slot and memory for the image, and a path exists. */
vs_err_t mig_check_all(const scn_t *scn, mig_costs_t *costs)
{
    vs_err_t err = VS_OK;
    size_t np = scn->n_prouters;
    int *slots = calloc(np ? np : 1, sizeof *slots);
    int64_t *mem = calloc(np ? np : 1, sizeof *mem);
    size_t *host = calloc(scn->n_vrouters ? scn->n_vrouters : 1, sizeof *host);
    size_t *order = calloc(scn->n_migrations ? scn->n_migrations : 1, sizeof *order);
    hw_image_profile_t curve;
    if (!slots || !mem || !host || !order) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    if ((err = cp_image_curve(&curve)))
        goto out;
    for (size_t i = 0; i < scn->n_vrouters; i++) {
        host[i] = scn->vrouters[i].host;
        slots[host[i]]++;
        mem[host[i]] += cp_image_vr(&curve, &scn->vrouters[i]);
    }
    for (size_t i = 0; i < scn->n_migrations; i++)
        order[i] = i;
    for (size_t i = 1; i < scn->n_migrations; i++) /* stable insertion sort by start time */
        for (size_t j = i; j > 0 && scn->migrations[order[j]].at < scn->migrations[order[j - 1]].at; j--) {
            size_t t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    for (size_t k = 0; k < scn->n_migrations; k++) {
        const scn_migration_t *g = &scn->migrations[order[k]];
        const scn_vrouter_t *v = &scn->vrouters[g->vr];
        const scn_prouter_t *dst = &scn->prouters[g->to];
        int64_t image = cp_image_vr(&curve, v);
        char a[32], b[32];
        if (slots[g->to] + 1 > dst->vr_slots) {
            err = vs_fail(VS_EINFEASIBLE,
                          "%s: cannot migrate '%s' to '%s': it has %d VR slots and all are in use",
                          scn->path, v->name, dst->name, dst->vr_slots);
            goto out;
        }
        if (dst->memory_bytes && mem[g->to] + image > dst->memory_bytes) {
            err = vs_fail(VS_EINFEASIBLE,
                          "%s: cannot migrate '%s' to '%s': its image needs %s and %s is free",
                          scn->path, v->name, dst->name, vs_fmt_size(image, a, sizeof a),
                          vs_fmt_size(dst->memory_bytes - mem[g->to], b, sizeof b));
            goto out;
        }
        double bps;
        sim_time_t delay;
        if ((err = scn_path(scn, host[g->vr], g->to, g->reserved, &bps, &delay)))
            goto out;
        const mig_mechanism_t *mech = mig_find(g->mechanism);
        if (mech->check && (err = mech->check(scn, g)))
            goto out;
        mig_costs_t *c = &costs[order[k]];
        if ((err = mig_costs_for(scn, host[g->vr], g->to, c)))
            goto out;
        c->image_bytes = image;
        if (mech->profile &&
            (err = mig_costs_software(scn, mech->name, mech->profile, mech->section, c)))
            goto out;
        int64_t entries = v->fib_entries ? v->fib_entries
                                         : (v->ospf ? v->ospf_routes : 0) + (v->bgp ? v->bgp_routes : 0);
        sim_time_t total, update;
        if ((err = hw_fib_repopulate_ns(&c->dst_fib, entries, &total, &update))) {
            char msg[512];
            snprintf(msg, sizeof msg, "%s", vs_errmsg());
            err = vs_fail(err, "%s: cannot clone the data plane of '%s' on '%s' (profile '%s'): %s",
                          scn->path, v->name, dst->name, dst->fib_profile, msg);
            goto out;
        }
        if (c->dst_fib.capacity && entries > c->dst_fib.capacity) {
            err = vs_fail(VS_EINFEASIBLE,
                          "%s: cannot migrate '%s' to '%s': %lld FIB entries, the data plane holds %lld",
                          scn->path, v->name, dst->name, (long long)entries,
                          (long long)c->dst_fib.capacity);
            goto out;
        }
        slots[host[g->vr]]--;
        mem[host[g->vr]] -= image;
        slots[g->to]++;
        mem[g->to] += image;
        host[g->vr] = g->to;
    }
out:
    free(slots);
    free(mem);
    free(host);
    free(order);
    return err;
}

static void mig_begin(sim_t *sim, void *ctx, uint64_t arg)
{
    mig_t *m = ctx;
    m->res->from_idx = net_vr_host(m->net, m->cfg->vr);
    m->res->from = net_scn(m->net)->prouters[m->res->from_idx].name;
    mig_pkt_start(m); /* the migration's data_rate packets, whatever the mechanism */
    m->mech->start(m);
}

vs_err_t mig_set_create(sim_t *sim, net_t *net, const scn_t *scn, const mig_costs_t *costs,
                        struct mig_emu *emu, mig_result_t *results, mig_set_t **out)
{
    *out = NULL;
    mig_set_t *set = calloc(1, sizeof *set);
    mig_t *migs = calloc(scn->n_migrations ? scn->n_migrations : 1, sizeof *migs);
    if (!set || !migs) {
        free(set);
        free(migs);
        return vs_fail(VS_ENOMEM, "out of memory");
    }
    set->migs = migs;
    for (size_t k = 0; k < scn->n_migrations; k++) {
        const scn_migration_t *g = &scn->migrations[k];
        mig_t *m = &migs[k];
        mig_result_t *res = &results[k];
        const scn_vrouter_t *v = &scn->vrouters[g->vr];
        *m = (mig_t){.sim = sim, .net = net, .scn = scn, .cfg = g, .vr = v, .res = res,
                     .mech = mig_find(g->mechanism), .c = costs[k], .emu = emu};
        char entity[160];
        snprintf(entity, sizeof entity, "migration/%zu/%s", k, v->name);
        net_rng(net, entity, &m->rng);
        *res = (mig_result_t){.vr = v->name, .to = scn->prouters[g->to].name,
                              .mechanism = g->mechanism, .memory = scn_memcopy_name(g->memory),
                              .image_bytes = costs[k].image_bytes};
        res->fib_entries = v->fib_entries ? v->fib_entries
                                          : (v->ospf ? v->ospf_routes : 0) + (v->bgp ? v->bgp_routes : 0);
        for (size_t i = 0; i < scn->n_vlinks && m->n_ifaces < 64; i++)
            if (scn->vlinks[i].a == g->vr || scn->vlinks[i].b == g->vr)
                m->vlink_idx[m->n_ifaces++] = i;
        res->n_links = m->n_ifaces;
        sim_at(sim, g->at, mig_begin, m, k);
    }
    *out = set;
    return VS_OK;
}

void mig_set_destroy(mig_set_t *set)
{
    if (set)
        free(set->migs);
    free(set);
}
