/* emu_migrate — the VROOM migration of seed 001 Sec. 4.2, step by step, on the emulated
 * network: what each step does to real namespaces, daemons and FIBs, and how long it took. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "emu_frr.h"
#include "emu_internal.h"
#include "emu_sys.h"
#include "vs_out.h"

typedef struct {
    emu_vr_t *vr;
    size_t a, b;          /* from, to */
    const char *na, *nb;  /* their namespaces */
    int fib_b;            /* the VR's FIB at B */
    int64_t t0;
    int64_t injected;     /* when the routing change of inject_change was made */
    size_t a_routes;      /* A's FIB then */
} move_t;

static int64_t mark(emu_t *e, move_t *m, mig_step_t s)
{
    int64_t now = emu_now();
    e->res->t[s] = now - m->t0;
    return now;
}

/* t0: for each interface a veth tunnel from A's bridge to a bridge at B with the VR's MAC and
 * address, and the VR's FIB at B, bound to them (empty until the clone). */
static vs_err_t tunnels(emu_t *e, move_t *m)
{
    vs_err_t err;
    if ((err = hw_backend_vr_create(e->b[m->b], e->scn->vrouters[e->mig_vr].name, &m->fib_b)))
        return err;
    for (int k = 0; k < m->vr->n_ifs; k++) {
        const emu_if_t *f = &m->vr->ifs[k];
        if ((err = emu__host_bridge(m->nb, f)) ||
            (err = emu_ip("-n %s link add %s type veth peer name %s netns %s", m->na, f->tun[0],
                          f->tun[1], m->nb)) ||
            (err = emu_ip("-n %s link set %s master %s up", m->na, f->tun[0], f->br)) ||
            (err = emu_ip("-n %s link set %s master %s up", m->nb, f->tun[1], f->br)) ||
            (err = hw_backend_bind(e->b[m->b], m->fib_b, f->br)))
            return err;
    }
    return VS_OK;
}

/* Moves veth end dev from A's namespace into B's, into bridge br there. */
static vs_err_t move_end(move_t *m, const char *dev, const char *br)
{
    vs_err_t err = emu_ip("-n %s link set %s netns %s", m->na, dev, m->nb);
    return err ? err : emu_ip("-n %s link set %s master %s up", m->nb, dev, br);
}

/* t3..t4: the control plane frozen for the simulator's downtime; meanwhile its attachments
 * move to B. */
static vs_err_t freeze(emu_t *e, move_t *m)
{
    emu_result_t *r = e->res;
    int64_t t3 = mark(e, m, MIG_T3_SUSPEND);
    for (int i = 0; i < 2; i++)
        kill(m->vr->pids[i], SIGSTOP);
    emu_mirror_target(m->vr->mirror, NULL, -1);
    vs_err_t err = VS_OK;
    for (int k = 0; k < m->vr->n_ifs && !err; k++)
        err = move_end(m, m->vr->ifs[k].att, m->vr->ifs[k].br);
    r->attach_ns = emu_now() - t3;
    int64_t left = r->predicted->downtime - (emu_now() - t3);
    if (!err && left > 0)
        err = emu_sleep(left); /* nothing to mirror: zebra is stopped */
    for (int i = 0; i < 2; i++)
        kill(m->vr->pids[i], SIGCONT);
    r->freeze_ns = emu_now() - t3;
    return err;
}

/* t4..t5: B's FIB cloned from the RIB while A's keeps forwarding; from then on B's
 * hypervisor forwards every update to A's FIB (the remote control plane). */
static vs_err_t clone_fib(emu_t *e, move_t *m)
{
    emu_result_t *r = e->res;
    hw_route_t *rib;
    size_t n;
    int64_t t4 = mark(e, m, MIG_T4_CLONE);
    vs_err_t err = emu__neighbours(e, e->mig_vr, m->nb);
    if (!err)
        err = emu_mirror_rib(m->vr->mirror, &rib, &n);
    if (err)
        return err;
    err = hw_backend_clone(e->b[m->b], m->fib_b, rib, n, NULL, NULL, &r->fill_failed, NULL);
    free(rib);
    r->fill_ns = emu_now() - t4;
    r->rib_routes = n;
    if (err)
        return err;
    if ((err = hw_backend_set_remote(e->b[m->b], m->fib_b, e->b[m->a], m->vr->fib)))
        return err;
    emu_mirror_target(m->vr->mirror, e->b[m->b], m->fib_b);
    mark(e, m, MIG_T5_LINKS);
    return emu__wait(e, 0);
}

/* At t5, a routing change while B is A's remote control plane: the probes' sink VR announces
 * a new network (an address on its stub), OSPF carries it to the moving VR's control plane,
 * zebra installs it, and the hypervisor at B writes it into B's FIB and forwards it to A's. */
#define REMOTE_NET "10.9.2.1/24"
static vs_err_t inject_change(emu_t *e, move_t *m)
{
    const emu_vr_t *d = &e->vr[e->dst_vr];
    hw_prefix_t p;
    vs_err_t err = hw_prefix_parse("10.9.2.0/24", &p);
    if (!err)
        err = hw_backend_route_count(e->b[m->a], m->vr->fib, &m->a_routes);
    if (err)
        return err;
    emu_mirror_watch(m->vr->mirror, &p);
    m->injected = emu_now();
    return emu_ip("-n %s addr add " REMOTE_NET " dev %s", d->ns, d->ifs[d->n_ifs - 1].cp);
}

/* Before A's data plane goes: waits (up to 20 s) for the change to have reached B's FIB, and
 * looks for it in A's. */
static vs_err_t check_change(emu_t *e, move_t *m)
{
    emu_result_t *r = e->res;
    vs_err_t err = VS_OK;
    for (int64_t end = emu_now() + SIM_S(20); !emu_mirror_watched(m->vr->mirror) && !err &&
                                              emu_now() < end;)
        err = emu__wait(e, SIM_MS(5));
    int64_t at = emu_mirror_watched(m->vr->mirror);
    r->remote_update_ns = at ? at - m->injected : -1;
    size_t now_a = 0;
    if (!err)
        err = hw_backend_route_count(e->b[m->a], m->vr->fib, &now_a);
    r->remote_in_a = now_a == m->a_routes + 1;
    return err;
}

/* t5..t6: each data link re-homed on its own, both data planes forwarding meanwhile. */
static vs_err_t rehome(emu_t *e, move_t *m)
{
    emu_result_t *r = e->res;
    vs_err_t err = VS_OK;
    for (int k = 0; k < m->vr->n_ifs && !err; k++) {
        const emu_if_t *f = &m->vr->ifs[k];
        emu_link_result_t *l = &r->link[r->n_links++];
        l->vlink = f->vlink;
        l->peer = f->peer >= 0 ? e->scn->vrouters[f->peer].name : "(stub)";
        int64_t t = emu_now();
        err = move_end(m, f->data, f->br);
        l->move_ns = emu_now() - t;
        if (!err)
            err = emu__wait(e, e->o->link_gap_ns);
        l->at_ns = t - m->t0;
    }
    return err;
}

/* t6: A's data plane removed: its FIB's routes deleted, then its bridges and the tunnels. */
static vs_err_t remove_a(emu_t *e, move_t *m)
{
    emu_result_t *r = e->res;
    int64_t t6 = mark(e, m, MIG_T6_DONE);
    vs_err_t err = hw_backend_set_remote(e->b[m->b], m->fib_b, NULL, 0);
    hw_route_t *rib = NULL;
    size_t n = 0;
    if (!err)
        err = emu_mirror_rib(m->vr->mirror, &rib, &n);
    if (!err)
        err = hw_backend_apply_many(e->b[m->a], m->vr->fib, HW_OP_DELETE, rib, n, NULL, NULL,
                                    NULL, NULL);
    free(rib);
    r->removed_routes = n;
    for (int k = 0; k < m->vr->n_ifs && !err; k++)
        err = emu_ip("-n %s link del %s", m->na, m->vr->ifs[k].br);
    for (int k = 0; k < m->vr->n_ifs && !err; k++)
        err = emu_ip("-n %s link del %s", m->na, m->vr->ifs[k].tun[0]);
    r->remove_ns = emu_now() - t6;
    m->vr->host = m->b;
    m->vr->fib = m->fib_b;
    return err;
}

static void adjacencies(emu_t *e)
{
    emu_result_t *r = e->res;
    for (size_t v = 0; v < e->scn->n_vrouters; v++) {
        const emu_vr_t *vr = &e->vr[v];
        for (int k = 0; k < vr->n_ifs; k++)
            r->adjacencies += vr->ifs[k].vlink >= 0;
        int full = emu_frr_full(vr->dir);
        r->full_after += full > 0 ? full : 0;
        r->adjacency_drops += emu_frr_drops(vr->dir);
    }
    r->adjacencies /= 2; /* each counted at both ends */
    r->full_after /= 2;
}

static void probe_windows(emu_t *e, const move_t *m, int64_t t6_abs)
{
    emu_result_t *r = e->res;
    int64_t settle = e->o->settle_ns;
    emu_probe_stats(e->probe, m->t0 - settle, m->t0, &r->before);
    emu_probe_stats(e->probe, m->t0, t6_abs, &r->during);
    emu_probe_stats(e->probe, m->t0, m->t0 + r->t[MIG_T5_LINKS], &r->unmoved);
    emu_probe_stats(e->probe, t6_abs, t6_abs + settle, &r->after);
    for (int k = 0; k < r->n_links; k++) {
        int64_t from = m->t0 + r->link[k].at_ns;
        emu_probe_stats(e->probe, from, from + r->link[k].move_ns + e->o->link_gap_ns,
                        &r->link[k].after);
    }
}

vs_err_t emu__migrate(emu_t *e)
{
    const scn_migration_t *g = &e->scn->migrations[0];
    emu_vr_t *vr = &e->vr[g->vr];
    move_t m = {.vr = vr, .a = vr->host, .b = g->to, .na = e->pr_ns[vr->host],
                .nb = e->pr_ns[g->to]};
    const mig_result_t *p = e->res->predicted;
    vs_err_t err = VS_OK;
    VS_TRY(emu__wait(e, e->o->settle_ns));
    m.t0 = emu_now();
    e->res->t[MIG_T0_TUNNELS] = 0;
    VS_TRY(tunnels(e, &m));
    /* t1, t2: the image and the pre-copy rounds travel while the control plane runs; their
     * bytes are the simulator's (checkpointing does not work here), their time is the simulator's. */
    mark(e, &m, MIG_T1_IMAGE);
    VS_TRY(emu__wait(e, p->t[MIG_T2_MEMORY] - p->t[MIG_T1_IMAGE]));
    mark(e, &m, MIG_T2_MEMORY);
    VS_TRY(emu__wait(e, p->t[MIG_T3_SUSPEND] - p->t[MIG_T2_MEMORY]));
    VS_TRY(freeze(e, &m));
    VS_TRY(clone_fib(e, &m));
    VS_TRY(inject_change(e, &m));
    VS_TRY(rehome(e, &m));
    VS_TRY(check_change(e, &m));
    VS_TRY(remove_a(e, &m));
    int64_t t6 = m.t0 + e->res->t[MIG_T6_DONE];
    VS_TRY(emu__wait(e, e->o->settle_ns));
    emu_probe_stop(e->probe, SIM_MS(200));
    probe_windows(e, &m, t6);
    adjacencies(e);
    if (e->o->probes_csv) {
        vs_outfile_t *f;
        VS_TRY(vs_out_open(e->o->probes_csv, &f));
        emu_probe_csv(e->probe, m.t0, vs_out_stream(f));
        VS_TRY(vs_out_commit(f));
    }
out:
    return err;
}
