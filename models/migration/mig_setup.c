/* Setting up a run's migrations: the static checks before any run, and each migration's
 * state on the run's network, started at its time whatever its mechanism. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cp_image.h"
#include "mig_vm.h"
#include "scn_path.h"
#include "vs_units.h"

struct mig_set {
    mig_t *migs;
    size_t n;
    vs_err_t err; /* set by a migration that could not begin; the run stops */
};

static int64_t vr_fib_entries(const scn_vrouter_t *v)
{
    return v->fib_entries ? v->fib_entries : (v->ospf ? v->ospf_routes : 0) + (v->bgp ? v->bgp_routes : 0);
}

/* Where the VRs are and what they take, as the migrations before this one leave it. */
typedef struct {
    hw_image_profile_t curve; /* image size against routes (cp_image.h) */
    size_t *host;  /* per VR */
    int *slots;    /* per physical router: VRs it holds */
    int64_t *mem;  /* per physical router: bytes of their images */
} occupancy_t;

/* The destination can take the VR: a link count results can hold, a free slot, memory. */
static vs_err_t check_room(const scn_t *scn, const scn_migration_t *g, const occupancy_t *o)
{
    const scn_vrouter_t *v = &scn->vrouters[g->vr];
    const scn_prouter_t *dst = &scn->prouters[g->to];
    int64_t image = cp_image_vr(&o->curve, v);
    char a[32], b[32];
    if (o->host[g->vr] == g->to) /* where it runs then: earlier migrations of it count */
        return vs_fail(VS_EINVAL,
                       "%s: '%s' already runs on '%s' when this migration starts: a migration "
                       "needs another router",
                       scn->path, v->name, dst->name);
    size_t links = 0;
    for (size_t i = 0; i < scn->n_vlinks; i++)
        links += scn->vlinks[i].a == g->vr || scn->vlinks[i].b == g->vr;
    if (links > MIG_MAX_LINKS)
        return vs_fail(VS_EINFEASIBLE,
                       "%s: cannot migrate '%s': it has %zu virtual links, and a migrating VR may "
                       "have at most %d (MIG_MAX_LINKS in models/migration/mig.h)",
                       scn->path, v->name, links, MIG_MAX_LINKS);
    if (o->slots[g->to] + 1 > dst->vr_slots)
        return vs_fail(VS_EINFEASIBLE,
                       "%s: cannot migrate '%s' to '%s': it has %d VR slots and all are in use",
                       scn->path, v->name, dst->name, dst->vr_slots);
    if (dst->memory_bytes && o->mem[g->to] + image > dst->memory_bytes)
        return vs_fail(VS_EINFEASIBLE, "%s: cannot migrate '%s' to '%s': its image needs %s and %s is free",
                       scn->path, v->name, dst->name, vs_fmt_size(image, a, sizeof a),
                       vs_fmt_size(dst->memory_bytes - o->mem[g->to], b, sizeof b));
    return VS_OK;
}

/* A path exists, the mechanism applies (with its software's parameters from its profile),
 * and the destination's data plane takes the FIB. */
static vs_err_t check_move(const scn_t *scn, const scn_migration_t *g, size_t from, int64_t image,
                           int64_t postcopy_state, mig_costs_t *c)
{
    const scn_vrouter_t *v = &scn->vrouters[g->vr];
    const scn_prouter_t *dst = &scn->prouters[g->to];
    double bps;
    sim_time_t delay, total, update;
    vs_err_t err;
    const mig_mechanism_t *mech = mig_find(g->mechanism);
    if ((err = scn_path(scn, from, g->to, g->reserved, &bps, &delay)) ||
        (mech->check && (err = mech->check(scn, g))) || (err = mig_costs_for(scn, from, g->to, c)))
        return err;
    c->image_bytes = image;
    c->postcopy_state_bytes = postcopy_state;
    if (mech->profile && (err = mig_costs_software(scn, mech->name, mech->profile, mech->section, c)))
        return err;
    int64_t entries = vr_fib_entries(v);
    if ((err = hw_fib_repopulate_ns(&c->dst_fib, entries, &total, &update))) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s", vs_errmsg());
        return vs_fail(err, "%s: cannot clone the data plane of '%s' on '%s' (profile '%s'): %s",
                       scn->path, v->name, dst->name, dst->fib_profile, msg);
    }
    if (c->dst_fib.capacity && entries > c->dst_fib.capacity)
        return vs_fail(VS_EINFEASIBLE, "%s: cannot migrate '%s' to '%s': %lld FIB entries, the data plane holds %lld",
                       scn->path, v->name, dst->name, (long long)entries, (long long)c->dst_fib.capacity);
    return VS_OK;
}

/* err, its message said again at the migration's place in the file (a message that began
 * with the scenario's path alone now names line and column). */
static vs_err_t at_migration(const scn_t *scn, const scn_migration_t *g, vs_err_t err)
{
    char where[1024], msg[1024];
    size_t n = strlen(scn->path);
    const char *m = vs_errmsg();
    if (!err || g->pos.line == 0 || strncmp(m, scn->path, n) != 0 || strncmp(m + n, ": ", 2) != 0)
        return err;
    snprintf(msg, sizeof msg, "%s", m + n + 2);
    return vs_fail(err, "%s: %s", scn_where(scn, g->pos, where, sizeof where), msg);
}

/* Migration indices by start time, ties in file order. */
static void by_start(const scn_t *scn, size_t *order)
{
    for (size_t i = 0; i < scn->n_migrations; i++)
        order[i] = i;
    for (size_t i = 1; i < scn->n_migrations; i++) /* stable insertion sort */
        for (size_t j = i; j > 0 && scn->migrations[order[j]].at < scn->migrations[order[j - 1]].at; j--) {
            size_t t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
}

vs_err_t mig_check_all(const scn_t *scn, mig_costs_t *costs)
{
    vs_err_t err = VS_OK;
    size_t np = scn->n_prouters ? scn->n_prouters : 1;
    occupancy_t o = {.host = calloc(scn->n_vrouters ? scn->n_vrouters : 1, sizeof *o.host),
                     .slots = calloc(np, sizeof *o.slots), .mem = calloc(np, sizeof *o.mem)};
    size_t *order = calloc(scn->n_migrations ? scn->n_migrations : 1, sizeof *order);
    if (!o.slots || !o.mem || !o.host || !order) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    if ((err = cp_image_curve(&o.curve)))
        goto out;
    for (size_t i = 0; i < scn->n_vrouters; i++) {
        o.host[i] = scn->vrouters[i].host;
        o.slots[o.host[i]]++;
        o.mem[o.host[i]] += cp_image_vr(&o.curve, &scn->vrouters[i]);
    }
    by_start(scn, order);
    for (size_t k = 0; k < scn->n_migrations && !err; k++) {
        const scn_migration_t *g = &scn->migrations[order[k]];
        size_t from = o.host[g->vr];
        int64_t image = cp_image_vr(&o.curve, &scn->vrouters[g->vr]);
        if ((err = check_room(scn, g, &o)) || (err = check_move(scn, g, from, image, o.curve.postcopy_state_bytes, &costs[order[k]]))) {
            err = at_migration(scn, g, err);
            break;
        }
        o.slots[from]--;
        o.mem[from] -= image;
        o.slots[g->to]++;
        o.mem[g->to] += image;
        o.host[g->vr] = g->to;
    }
out:
    free(o.slots);
    free(o.mem);
    free(o.host);
    free(order);
    return err;
}

/* A VR moves one migration at a time: another of its migrations that has begun and not
 * finished makes this one an error, which stops the run. */
static bool vr_busy(mig_t *m)
{
    const mig_set_t *set = m->set;
    for (size_t j = 0; j < set->n; j++) {
        const mig_t *o = &set->migs[j];
        if (o == m || o->cfg->vr != m->cfg->vr || !o->begun || o->res->done)
            continue;
        char a[32], b[32];
        m->set->err = vs_fail(VS_EINFEASIBLE,
                              "%s: migration %zu of '%s' (to '%s') starts at %s while its migration "
                              "%zu (to '%s', begun at %s) is still running; a VR moves one "
                              "migration at a time",
                              m->scn->path, (size_t)(m - set->migs), m->vr->name,
                              m->scn->prouters[m->cfg->to].name,
                              vs_fmt_duration(m->cfg->at, a, sizeof a), j,
                              m->scn->prouters[o->cfg->to].name,
                              vs_fmt_duration(o->cfg->at, b, sizeof b));
        return true;
    }
    return false;
}

static void mig_begin(sim_t *sim, void *ctx, uint64_t arg)
{
    mig_t *m = ctx;
    if (vr_busy(m)) {
        sim_stop(sim);
        return;
    }
    m->begun = true;
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
    set->n = scn->n_migrations;
    for (size_t k = 0; k < scn->n_migrations; k++) {
        const scn_migration_t *g = &scn->migrations[k];
        mig_t *m = &migs[k];
        mig_result_t *res = &results[k];
        const scn_vrouter_t *v = &scn->vrouters[g->vr];
        *m = (mig_t){.sim = sim, .net = net, .scn = scn, .cfg = g, .vr = v, .res = res,
                     .mech = mig_find(g->mechanism), .c = costs[k], .emu = emu, .set = set};
        char entity[160];
        snprintf(entity, sizeof entity, "migration/%zu/%s", k, v->name);
        net_rng(net, entity, &m->rng);
        *res = (mig_result_t){.vr = v->name, .to = scn->prouters[g->to].name,
                              .mechanism = g->mechanism, .memory = scn_memcopy_name(g->memory),
                              .image_bytes = costs[k].image_bytes, .downtime = -1};
        res->fib_entries = vr_fib_entries(v);
        for (size_t i = 0; i < scn->n_vlinks && m->n_ifaces < MIG_MAX_LINKS; i++)
            if (scn->vlinks[i].a == g->vr || scn->vlinks[i].b == g->vr)
                m->vlink_idx[m->n_ifaces++] = i;
        res->n_links = m->n_ifaces;
        sim_at(sim, g->at, mig_begin, m, k);
    }
    *out = set;
    return VS_OK;
}

vs_err_t mig_set_error(const mig_set_t *set)
{
    return set->err;
}

void mig_set_destroy(mig_set_t *set)
{
    if (set)
        free(set->migs);
    free(set);
}
