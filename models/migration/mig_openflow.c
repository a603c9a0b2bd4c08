/* openflow: flow migration in an OpenFlow network (seed 002 Sec. 2.2, Fig. 3; prototype in
 * Sec. 3 with a NOX controller). The VR's traffic (the flows between its first two virtual
 * neighbours, both directions) crosses the switch the VR sits on; moving it means moving the
 * flows onto a path through the destination switch. Per direction, with D the first switch
 * common to the old and new paths (where they split):
 *   1. the controller adds the flow's entry on every switch of the new path after D that is
 *      not on the old one; a barrier waits until all are applied;
 *   2. it modifies D's entry to the new output port (packets switch paths here); barrier;
 *   3. it deletes the entries of the old path's switches after D that the new one lacks.
 * Messages leave the controller one after another (flow_mod_time each) and reach a switch
 * after the substrate delay controller->switch, where applying takes switch_apply_time; a
 * barrier reply returns over the same delay. Neither control plane nor data plane stops, so
 * the downtime is zero; packets are lost only when D switches before the new path is complete
 * or an old entry goes before D switched — which the barriers prevent; with `barriers: false`
 * every message leaves at once and the order they take effect in decides. Each flow-mod is
 * an event at its switch. Costs: the scenario's openflow section (of_scn.h) when it gives
 * them, otherwise the openflow section of profile OF_PROFILE (each value's source there).
 *
 * States: t0 adds sent -> t3 = t4 modify of D (the switch-over) -> t5 deletes -> t6 all
 * applied. */
#include <stdlib.h>

#include "mig_vm.h"
#include "of_scn.h"

#define OF_MAX_PATH 64
#define OF_PROFILE "nox-openflow"

/* A flow-mod's cost at the controller (send) and at its switch (apply): the scenario's
 * override, else the profile's. */
static sim_time_t of_send(const mig_t *m)
{
    sim_time_t t = m->scn->openflow->flow_mod_send;
    return t >= 0 ? t : m->c.openflow.flow_mod_send_ns;
}

static sim_time_t of_apply(const mig_t *m)
{
    sim_time_t t = m->scn->openflow->flow_mod_apply;
    return t >= 0 ? t : m->c.openflow.flow_mod_apply_ns;
}

/* a -> via -> b, joined at via. */
static size_t path_via(const scn_t *scn, size_t a, size_t via, size_t b, size_t *out)
{
    size_t p1[OF_MAX_PATH], p2[OF_MAX_PATH];
    size_t n1 = mig_vm_path(scn, a, via, p1, OF_MAX_PATH), n2 = mig_vm_path(scn, via, b, p2, OF_MAX_PATH);
    if (!n1 || !n2 || n1 + n2 - 1 > OF_MAX_PATH)
        return 0;
    for (size_t i = 0; i < n1; i++)
        out[i] = p1[i];
    for (size_t i = 1; i < n2; i++)
        out[n1 + i - 1] = p2[i];
    return n1 + n2 - 1;
}

static bool on_path(const size_t *p, size_t n, size_t x)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] == x)
            return true;
    return false;
}

/* The VR's first two virtual neighbours' hosts: the ends of its flows. */
static bool flow_ends(const scn_t *scn, size_t vr, size_t *x, size_t *y)
{
    size_t got = 0;
    for (size_t i = 0; i < scn->n_vlinks && got < 2; i++) {
        const scn_vlink_t *l = &scn->vlinks[i];
        size_t o = l->a == vr ? l->b : l->b == vr ? l->a : SIZE_MAX;
        if (o != SIZE_MAX)
            *(got++ ? y : x) = scn->vrouters[o].host;
    }
    return got == 2;
}

/* Messages per phase, for one direction: adds, 1 modify, deletes. */
typedef struct {
    size_t add[OF_MAX_PATH], del[OF_MAX_PATH], n_add, n_del, split;
} plan_t;

static bool plan(const scn_t *scn, const scn_migration_t *g, size_t from, bool reverse, plan_t *pl)
{
    size_t x, y, po[OF_MAX_PATH], pn[OF_MAX_PATH];
    if (!flow_ends(scn, g->vr, &x, &y))
        return false;
    if (reverse) {
        size_t t = x;
        x = y;
        y = t;
    }
    size_t no = path_via(scn, x, from, y, po), nn = path_via(scn, x, g->to, y, pn);
    if (!no || !nn)
        return false;
    size_t d = 0;
    while (d + 1 < no && d + 1 < nn && po[d + 1] == pn[d + 1])
        d++;
    *pl = (plan_t){.split = po[d]};
    for (size_t i = d + 1; i + 1 < nn; i++)
        if (!on_path(po, no, pn[i]))
            pl->add[pl->n_add++] = pn[i];
    for (size_t i = d + 1; i + 1 < no; i++)
        if (!on_path(pn, nn, po[i]))
            pl->del[pl->n_del++] = po[i];
    /* every router between the flow's ends must be an OpenFlow switch */
    const of_scn_t *of = scn->openflow;
    for (size_t i = 1; i + 1 < no; i++)
        if (!of->is_switch[po[i]])
            return false;
    for (size_t i = 1; i + 1 < nn; i++)
        if (!of->is_switch[pn[i]])
            return false;
    if (!of->is_switch[pl->split])
        return false;
    return true;
}

static vs_err_t of_check(const scn_t *scn, const scn_migration_t *g)
{
    const char *vr = scn->vrouters[g->vr].name;
    size_t x, y;
    plan_t pl;
    if (!scn->openflow)
        return vs_fail(VS_EINVAL,
                       "%s: mechanism 'openflow' needs OpenFlow switches and a controller: the scenario "
                       "has no 'openflow' section (docs/mechanisms.md)",
                       scn->path);
    if (!flow_ends(scn, g->vr, &x, &y))
        return vs_fail(VS_EINVAL,
                       "%s: mechanism 'openflow' needs flows through '%s': it has fewer than two virtual "
                       "neighbours",
                       scn->path, vr);
    for (int rev = 0; rev < 2; rev++) /* the flow's paths through the old and the new host */
        for (int to = 0; to < 2; to++) {
            size_t h = to ? g->to : scn->vrouters[g->vr].host;
            size_t l1 = mig_vm_path_len(scn, rev ? y : x, h), l2 = mig_vm_path_len(scn, h, rev ? x : y);
            if (l1 != SIZE_MAX && l2 != SIZE_MAX && l1 + l2 - 1 > OF_MAX_PATH)
                return vs_fail(VS_EINVAL,
                               "%s: mechanism 'openflow': the path of '%s''s flows through '%s' has "
                               "%zu routers; at most %d are modelled (OF_MAX_PATH in "
                               "models/migration/mig_openflow.c)",
                               scn->path, vr, scn->prouters[h].name, l1 + l2 - 1, OF_MAX_PATH);
        }
    for (int rev = 0; rev < 2; rev++)
        if (!plan(scn, g, scn->vrouters[g->vr].host, rev, &pl))
            return vs_fail(VS_EINVAL,
                           "%s: mechanism 'openflow' needs every router on the old and new paths of '%s' "
                           "(through '%s' and '%s') to be an OpenFlow switch listed under openflow.switches",
                           scn->path, vr, scn->prouters[scn->vrouters[g->vr].host].name,
                           scn->prouters[g->to].name);
    return VS_OK;
}

/* Message kinds, as the arg of on_apply. */
enum { OF_ADD, OF_MODIFY, OF_DELETE };

static int per_dir(const mig_t *m);
static void on_apply(sim_t *sim, void *ctx, uint64_t kind);

/* Sends per_switch messages to each switch of list (n of them), one after another from
 * *cursor; each is applied at its switch by an on_apply event. Returns when the last is
 * applied, or with barrier when its barrier reply is back at the controller. */
static sim_time_t send_all(mig_t *m, const size_t *list, size_t n, int per_switch, int kind, bool barrier,
                           sim_time_t *cursor)
{
    const of_scn_t *of = m->scn->openflow;
    sim_time_t last = *cursor;
    for (size_t i = 0; i < n; i++)
        for (int f = 0; f < per_switch; f++) {
            *cursor += of_send(m);
            sim_time_t d = mig_vm_delay(m, of->controller, list[i]);
            sim_time_t applied = *cursor + d + of_apply(m);
            sim_at(m->sim, applied, on_apply, m, (uint64_t)kind);
            if (kind == OF_ADD)
                m->links_pending++;
            if (applied + (barrier ? d : 0) > last)
                last = applied + (barrier ? d : 0);
            m->res->config_changes++;
        }
    return last;
}

/* Sends one phase (adds, modifies or deletes, both directions); returns its end. */
static sim_time_t phase(mig_t *m, int kind, bool barrier, sim_time_t *cursor)
{
    sim_time_t done = *cursor;
    for (int rev = 0; rev < 2; rev++) {
        plan_t pl;
        plan(m->scn, m->cfg, m->res->from_idx, rev, &pl);
        const size_t *list = kind == OF_ADD ? pl.add : kind == OF_MODIFY ? &pl.split : pl.del;
        size_t n = kind == OF_ADD ? pl.n_add : kind == OF_MODIFY ? 1 : pl.n_del;
        sim_time_t t = send_all(m, list, n, per_dir(m), kind, barrier, cursor);
        if (t > done)
            done = t;
    }
    return done;
}

static void on_added(sim_t *sim, void *ctx, uint64_t arg);
static void on_switched(sim_t *sim, void *ctx, uint64_t arg);
static void on_deleted(sim_t *sim, void *ctx, uint64_t arg);

/* Flows per direction: half of the configured flows each way (at least one). */
static int per_dir(const mig_t *m)
{
    int f = m->scn->openflow->flows / 2;
    return f < 1 ? 1 : f;
}

/* The mechanism keeps its counters in the run's scratch fields of mig_t:
 *   links_pending  add messages sent and not applied yet
 *   round_bytes    modify messages applied (2 * per_dir when all are)
 *   round_start    delete messages applied
 *   copy_start     when forwarding broke, or -1 while it works. */
static void of_start(mig_t *m)
{
    mig_vm_step(m, MIG_T0_TUNNELS, "flow-add");
    m->res->memory = "none"; /* only flow tables change */
    m->res->downtime = 0;    /* the controller never freezes the VR's control plane */
    mig_vm_step(m, MIG_T1_IMAGE, "flow-add");
    mig_vm_step(m, MIG_T2_MEMORY, "flow-add");
    m->links_pending = 0;
    m->round_bytes = 0;
    m->round_start = 0;
    m->copy_start = -1;
    sim_time_t cursor = sim_now(m->sim);
    if (m->scn->openflow->barriers) {
        sim_at(m->sim, phase(m, OF_ADD, true, &cursor), on_added, m, 0);
        return;
    }
    /* Without barriers every message leaves at once, in the algorithm's order. */
    sim_time_t a = phase(m, OF_ADD, false, &cursor), b = phase(m, OF_MODIFY, false, &cursor),
               c = phase(m, OF_DELETE, false, &cursor);
    sim_time_t end = a > b ? a : b;
    sim_at(m->sim, end > c ? end : c, on_deleted, m, 0);
}

/* A flow-mod took effect at its switch. The VR's traffic flows when each direction's split
 * switch points at a complete path: the old one (nothing deleted yet) before its modify, the
 * new one (every add applied) after. */
static void on_apply(sim_t *sim, void *ctx, uint64_t kind)
{
    mig_t *m = ctx;
    mig_result_t *res = m->res;
    int64_t n_mods = 2 * per_dir(m);
    if (kind == OF_ADD)
        m->links_pending--;
    else if (kind == OF_MODIFY)
        m->round_bytes++;
    else
        m->round_start++;
    bool ok = (m->links_pending == 0 || m->round_bytes == 0) && (m->round_start == 0 || m->round_bytes == n_mods);
    size_t vr = m->cfg->vr;
    if (!ok) {
        net_dp_remove(m->net, vr, res->from_idx);
        net_dp_remove(m->net, vr, m->cfg->to);
        if (m->copy_start < 0)
            m->copy_start = sim_now(sim);
        return;
    }
    if (m->copy_start >= 0) {
        res->data_downtime += sim_now(sim) - m->copy_start;
        m->copy_start = -1;
    }
    if (m->round_bytes > 0)
        net_dp_add(m->net, vr, m->cfg->to);
    else
        net_dp_add(m->net, vr, res->from_idx);
    if (m->round_bytes == n_mods)
        net_dp_remove(m->net, vr, res->from_idx);
    if (kind == OF_MODIFY && m->round_bytes == n_mods) {
        mig_vm_step(m, MIG_T3_SUSPEND, "switch-over");
        mig_vm_step(m, MIG_T4_CLONE, "switch-over");
        net_cp_resume(m->net, vr, m->cfg->to); /* the VR's traffic is handled at B now */
    }
}

/* Barrier replied: the new paths are complete. Modify the split switches. */
static void on_added(sim_t *sim, void *ctx, uint64_t arg)
{
    mig_t *m = ctx;
    sim_time_t cursor = sim_now(sim);
    sim_at(sim, phase(m, OF_MODIFY, true, &cursor), on_switched, m, 0);
}

/* The split switches point at the new paths: delete the old entries. */
static void on_switched(sim_t *sim, void *ctx, uint64_t arg)
{
    mig_t *m = ctx;
    mig_vm_step(m, MIG_T5_LINKS, "flow-delete");
    sim_time_t cursor = sim_now(sim);
    sim_at(sim, phase(m, OF_DELETE, false, &cursor), on_deleted, m, 0);
}

static void on_deleted(sim_t *sim, void *ctx, uint64_t arg)
{
    mig_t *m = ctx;
    if (!m->res->t[MIG_T5_LINKS])
        mig_vm_step(m, MIG_T5_LINKS, "flow-delete");
    mig_vm_step(m, MIG_T6_DONE, "done");
    m->res->done = true;
}

const mig_mechanism_t mig_openflow = {
    .name = "openflow",
    .summary = "OpenFlow flow migration: add new path, switch at the split switch, delete old (seed 002)",
    .profile = OF_PROFILE,
    .section = "openflow",
    .check = of_check,
    .start = of_start,
};
