/* Emulation runs: real backends under emulated routers (mig_emulate.h). */
#include "mig_emulate.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hw_backend.h"
#include "hw_prefix.h"
#include "mig_internal.h"

typedef struct {
    hw_backend_t *b;          /* NULL: not emulated */
    int vr;                   /* the FIB the migrated VRs are cloned into */
    char dev[HW_IFNAMSIZ];    /* interface bound to it, the routes' output interface */
    size_t installed;         /* migration whose routes the FIB holds, or SIZE_MAX */
} emu_router_t;

typedef struct {
    hw_route_t *routes;       /* the VR's FIB entries, NULL unless the destination emulates */
    size_t n;
} emu_mig_t;

struct mig_emu {
    const scn_t *scn;
    emu_router_t *routers;    /* [n_prouters] */
    emu_mig_t *migs;          /* [n_migrations] */
    vs_err_t err;             /* first failure during the runs */
    char errmsg[512];
};

static const char *emu_name(int kind)
{
    return kind == SCN_EMU_KERNEL ? "kernel" : "netfpga";
}

static int64_t mig_entries(const scn_t *scn, const scn_migration_t *g)
{
    const scn_vrouter_t *v = &scn->vrouters[g->vr];
    return v->fib_entries ? v->fib_entries
                          : (v->ospf ? v->ospf_routes : 0) + (v->bgp ? v->bgp_routes : 0);
}

void mig_emu_close(mig_emu_t *e)
{
    if (!e)
        return;
    for (size_t i = 0; e->routers && i < e->scn->n_prouters; i++)
        hw_backend_close(e->routers[i].b);
    for (size_t k = 0; e->migs && k < e->scn->n_migrations; k++)
        free(e->migs[k].routes);
    free(e->routers);
    free(e->migs);
    free(e);
    int sig = hw_backend_interrupted();
    if (sig) { /* everything is removed: die of the signal as the user asked */
        fprintf(stderr, "vroomsim: interrupted by signal %d; removed the routes, rules, links and "
                        "namespaces the emulated routers had created\n", sig);
        signal(sig, SIG_DFL);
        raise(sig);
    }
}

/* One router's backend, its interface and its FIB. */
static vs_err_t open_router(mig_emu_t *e, size_t i, int64_t capacity)
{
    const scn_prouter_t *p = &e->scn->prouters[i];
    emu_router_t *r = &e->routers[i];
    hw_backend_config_t cfg = {.kind = p->emulate == SCN_EMU_KERNEL ? HW_BACKEND_KERNEL
                                                                   : HW_BACKEND_NETFPGA,
                               .netns = p->netns,
                               .emulate = true,
                               .emu_capacity = capacity};
    r->installed = SIZE_MAX;
    vs_err_t err = hw_backend_open(&cfg, &r->b);
    if (err) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s", vs_errmsg());
        r->b = NULL;
        /* A missing namespace is the environment's problem, not the scenario's. */
        return vs_fail(err == VS_ENOTFOUND ? VS_EIO : err,
                       "%s: physical router '%s' (emulate: %s): %s", e->scn->path, p->name,
                       emu_name(p->emulate), msg);
    }
    if (p->emulate == SCN_EMU_KERNEL) {
        snprintf(r->dev, sizeof r->dev, "vsemu%u", (unsigned)(i % 100000)); /* IFNAMSIZ */
        if ((err = hw_backend_link_add(r->b, r->dev)))
            return err;
    } else {
        snprintf(r->dev, sizeof r->dev, "nf2c0");
    }
    if ((err = hw_backend_vr_create(r->b, p->name, &r->vr)))
        return err;
    return hw_backend_bind(r->b, r->vr, r->dev);
}

vs_err_t mig_emu_open(const scn_t *scn, uint64_t seed, mig_emu_t **out)
{
    *out = NULL;
    bool any = false;
    for (size_t i = 0; i < scn->n_prouters; i++)
        any |= scn->prouters[i].emulate != SCN_EMU_NONE;
    if (!any)
        return VS_OK;
    vs_err_t err = VS_OK;
    mig_emu_t *e = calloc(1, sizeof *e);
    if (!e)
        return vs_fail(VS_ENOMEM, "out of memory");
    e->scn = scn;
    e->routers = calloc(scn->n_prouters, sizeof *e->routers);
    e->migs = calloc(scn->n_migrations ? scn->n_migrations : 1, sizeof *e->migs);
    if (!e->routers || !e->migs) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < scn->n_prouters; i++) {
        if (scn->prouters[i].emulate == SCN_EMU_NONE)
            continue;
        /* The NetFPGA emulator holds the largest FIB cloned into it (the reference router's
         * 32 rows at least): the paper's modified table, not the shipped one. */
        int64_t cap = 32;
        for (size_t k = 0; k < scn->n_migrations; k++)
            if (scn->migrations[k].to == i && mig_entries(scn, &scn->migrations[k]) > cap)
                cap = mig_entries(scn, &scn->migrations[k]);
        VS_TRY(open_router(e, i, cap));
    }
    for (size_t k = 0; k < scn->n_migrations; k++) {
        const scn_migration_t *g = &scn->migrations[k];
        emu_router_t *r = &e->routers[g->to];
        int64_t n = mig_entries(scn, g);
        if (!r->b || n <= 0)
            continue;
        hw_prefix_list_t l = {0};
        const scn_prouter_t *p = &scn->prouters[g->to];
        if (!p->prefixes) {
            VS_TRY(hw_prefix_synth((size_t)n, seed + k, NULL, &l));
        } else {
            /* The first n of the file: the kernel takes IPv4 and IPv6, the NetFPGA IPv4. */
            if ((err = hw_prefix_list_read(p->prefixes, p->emulate == SCN_EMU_KERNEL ? 0 : 4,
                                           (size_t)n, &l))) {
                char msg[512];
                snprintf(msg, sizeof msg, "%s", vs_errmsg());
                err = vs_fail(err, "%s: physical router '%s': prefixes: %s", scn->path, p->name, msg);
                goto out;
            }
            if (l.n < (size_t)n) {
                err = vs_fail(VS_EINVAL, "%s: physical router '%s': %s holds %zu usable prefixes; "
                                         "'%s' needs %lld", scn->path, p->name, p->prefixes, l.n,
                              scn->vrouters[g->vr].name, (long long)n);
                hw_prefix_list_free(&l);
                goto out;
            }
        }
        e->migs[k].routes = calloc(l.n, sizeof *e->migs[k].routes);
        if (!e->migs[k].routes) {
            hw_prefix_list_free(&l);
            err = vs_fail(VS_ENOMEM, "out of memory");
            goto out;
        }
        for (size_t j = 0; j < l.n; j++) {
            e->migs[k].routes[j].dst = l.v[j];
            memcpy(e->migs[k].routes[j].dev, r->dev, sizeof r->dev);
        }
        e->migs[k].n = l.n;
        hw_prefix_list_free(&l);
    }
out:
    if (err) {
        mig_emu_close(e);
        return err;
    }
    *out = e;
    return VS_OK;
}

vs_err_t mig_emu_check(const scn_t *scn)
{
    mig_emu_t *e = NULL;
    vs_err_t err = mig_emu_open(scn, scn->seed, &e);
    mig_emu_close(e);
    return err;
}

vs_err_t mig_emu_error(const mig_emu_t *e)
{
    if (e && !e->err && hw_backend_interrupted())
        return vs_fail(VS_EIO, "interrupted by signal %d", hw_backend_interrupted());
    if (!e || !e->err)
        return VS_OK;
    return vs_fail(e->err, "%s", e->errmsg);
}

static void record(mig_emu_t *e, vs_err_t err, const char *what)
{
    if (e->err)
        return;
    e->err = err;
    snprintf(e->errmsg, sizeof e->errmsg, "%s: %s", what, vs_errmsg());
}

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void mig_emu_clone(struct mig *m)
{
    mig_emu_t *e = m->emu;
    if (!e)
        return;
    size_t k = (size_t)(m->cfg - m->scn->migrations);
    emu_router_t *r = &e->routers[m->cfg->to];
    emu_mig_t *g = &e->migs[k];
    if (!r->b)
        return;
    if (hw_backend_interrupted()) { /* SIGINT/SIGTERM while an emulated backend is open */
        sim_stop(m->sim);
        return;
    }
    char what[256];
    snprintf(what, sizeof what, "%s: emulated cloning of '%s' on '%s'", m->scn->path,
             m->vr->name, m->scn->prouters[m->cfg->to].name);
    vs_err_t err;
    sim_time_t cost = 0;
    size_t failed = 0, have = 0;
    /* The FIB starts empty, as the simulated clone assumes: the routes of the previous clone
     * into this router (an earlier migration or run) go first, untimed. */
    if (r->installed != SIZE_MAX) {
        const emu_mig_t *old = &e->migs[r->installed];
        r->installed = SIZE_MAX;
        if ((err = hw_backend_apply_many(r->b, r->vr, HW_OP_DELETE, old->routes, old->n, NULL,
                                         NULL, &failed, &cost))) {
            record(e, err, what);
            return;
        }
        cost = 0;
        failed = 0;
    }
    m->res->emu_backend = emu_name(m->scn->prouters[m->cfg->to].emulate);
    int64_t t0 = now_ns();
    err = hw_backend_clone(r->b, r->vr, g->routes, g->n, NULL, NULL, &failed, &cost);
    m->res->emu_wall_ns = now_ns() - t0;
    r->installed = k;
    m->res->emu_failed = (int64_t)failed;
    if (m->scn->prouters[m->cfg->to].emulate == SCN_EMU_NETFPGA)
        m->res->emu_modelled_ns = cost;
    if (err) {
        record(e, err, what);
        return;
    }
    if ((err = hw_backend_route_count(r->b, r->vr, &have))) {
        record(e, err, what);
        return;
    }
    m->res->emu_installed = (int64_t)have;
}
