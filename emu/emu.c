/* emu — building the emulated network, running the migration on it, taking it down. */
#define _GNU_SOURCE
#include "emu.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "emu_frr.h"
#include "emu_internal.h"
#include "emu_sys.h"
#include "vs_log.h"

#define SUBNET_LINK 0x0A000000u   /* 10.0.L.0/30 for virtual link L */
#define SUBNET_SRC 0x0A090000u    /* 10.9.0.0/24: the probes' source */
#define SUBNET_DST 0x0A090100u    /* 10.9.1.0/24: their destination */
#define EXTERNAL_BASE 0x64400000u /* 100.64.0.0/10 in /26s: the VR's routes (see below) */
#define ROUTER_ID_BASE 0x0AFF0000u /* 10.255.0.(vr + 1) */

/* ---- what can be emulated ------------------------------------------------------------ */

static int degree(const scn_t *scn, size_t v, int *first, int *second)
{
    int n = 0;
    for (size_t l = 0; l < scn->n_vlinks; l++)
        if (scn->vlinks[l].a == v || scn->vlinks[l].b == v) {
            size_t peer = scn->vlinks[l].a == v ? scn->vlinks[l].b : scn->vlinks[l].a;
            if (n == 0 && first)
                *first = (int)peer;
            if (n == 1 && second)
                *second = (int)peer;
            n++;
        }
    return n;
}

static vs_err_t check_vr(const scn_t *scn, size_t v)
{
    const scn_vrouter_t *vr = &scn->vrouters[v];
    if (!vr->ospf || vr->bgp)
        return vs_fail(VS_EINVAL, "%s: virtual router '%s': only OSPF control planes are "
                                  "emulated (FRR's ospfd); %s", scn->path, vr->name,
                       vr->bgp ? "it runs BGP" : "it has no ospf");
    if (vr->hello % SIM_S(1) || vr->dead % SIM_S(1))
        return vs_fail(VS_EINVAL, "%s: virtual router '%s': OSPF hello %.3f s / dead %.3f s: FRR "
                                  "takes whole seconds", scn->path, vr->name,
                       sim_to_s(vr->hello), sim_to_s(vr->dead));
    int d = degree(scn, v, NULL, NULL);
    if (d + 1 > EMU_MAX_IFS)
        return vs_fail(VS_EINVAL, "%s: virtual router '%s' has %d virtual links; at most %d are "
                                  "emulated", scn->path, vr->name, d, EMU_MAX_IFS - 1);
    return VS_OK;
}

vs_err_t emu_check(const scn_t *scn)
{
    if (scn->n_prouters > EMU_MAX_ROUTERS || scn->n_vrouters > EMU_MAX_ROUTERS)
        return vs_fail(VS_EINVAL, "%s: %zu physical and %zu virtual routers: emulation takes at "
                                  "most %d of each (a namespace and daemons for each)",
                       scn->path, scn->n_prouters, scn->n_vrouters, EMU_MAX_ROUTERS);
    if (scn->n_migrations != 1)
        return vs_fail(VS_EINVAL, "%s: %zu migrations: emulation runs exactly one", scn->path,
                       scn->n_migrations);
    if (scn->datacenter || scn->openflow)
        return vs_fail(VS_EINVAL, "%s: datacenter and openflow scenarios are not emulated",
                       scn->path);
    const scn_migration_t *g = &scn->migrations[0];
    if (strcmp(g->mechanism, "vroom"))
        return vs_fail(VS_EINVAL, "%s: migration mechanism '%s': emulation runs 'vroom'",
                       scn->path, g->mechanism);
    if (g->to == scn->vrouters[g->vr].host)
        return vs_fail(VS_EINVAL, "%s: the migration stays on its router", scn->path);
    for (size_t v = 0; v < scn->n_vrouters; v++) {
        vs_err_t err = check_vr(scn, v);
        if (err)
            return err;
    }
    const scn_vrouter_t *m = &scn->vrouters[g->vr];
    if (degree(scn, g->vr, NULL, NULL) < 2)
        return vs_fail(VS_EINVAL, "%s: virtual router '%s' needs two virtual links, for the "
                                  "probes to cross it", scn->path, m->name);
    if (m->ospf_routes > EMU_MAX_ROUTES)
        return vs_fail(VS_EINVAL, "%s: virtual router '%s' holds %lld routes; emulation takes at "
                                  "most %d", scn->path, m->name, (long long)m->ospf_routes,
                       EMU_MAX_ROUTES);
    return VS_OK;
}

vs_err_t emu_check_env(void)
{
    if (geteuid() != 0)
        return vs_fail(VS_EPERM, "emulation needs root (network namespaces, veth pairs, daemons)");
    char out[64];
    int status;
    char *argv[] = {(char *)"ip", (char *)"-V", NULL};
    if (emu_capture(argv, out, sizeof out, &status) || status)
        return vs_fail(VS_EDEPEND, "cannot run 'ip' (Debian package iproute2)");
    return emu_frr_check();
}

/* ---- building ------------------------------------------------------------------------ */

static void ipstr(uint32_t host_order, char *buf)
{
    uint32_t n = htonl(host_order);
    inet_ntop(AF_INET, &n, buf, INET_ADDRSTRLEN);
}

static vs_err_t add_ns(emu_t *e, char *name, const char *fmt, size_t i)
{
    snprintf(name, EMU_NS_LEN, fmt, e->tag, i);
    vs_err_t err = emu_netns_add(name, e->o->sysctls);
    if (emu_netns_exists(name)) /* removed at the end even when its set-up failed */
        snprintf(e->ns[e->n_ns++], EMU_NS_LEN, "%s", name);
    return err;
}

/* The interfaces of VR v: one per virtual link (the scenario's order, the simulator's
 * link_rehome order), then the stub when the probes enter or leave by it. */
static void plan_ifs(emu_t *e, size_t v)
{
    const scn_t *scn = e->scn;
    emu_vr_t *vr = &e->vr[v];
    for (size_t l = 0; l < scn->n_vlinks; l++) {
        const scn_vlink_t *vl = &scn->vlinks[l];
        if (vl->a != v && vl->b != v)
            continue;
        emu_if_t *f = &vr->ifs[vr->n_ifs];
        f->vlink = (int)l;
        f->peer = (int)(vl->a == v ? vl->b : vl->a);
        f->addr = SUBNET_LINK | (uint32_t)l << 8 | (vl->a == v ? 1u : 2u);
        f->plen = 30;
        snprintf(f->data, sizeof f->data, "l%u%c", (unsigned)(l & 0xffff), vl->a == v ? 'a' : 'b');
        vr->n_ifs++;
    }
    if (v == e->src_vr || v == e->dst_vr) {
        emu_if_t *f = &vr->ifs[vr->n_ifs++];
        f->vlink = f->peer = -1;
        f->addr = (v == e->src_vr ? SUBNET_SRC : SUBNET_DST) | 1u;
        f->plen = 24;
        snprintf(f->data, sizeof f->data, "h%zu", v);
    }
    unsigned vv = (unsigned)(v % EMU_MAX_ROUTERS); /* v < 16, k < 8 (emu_check) */
    for (int k = 0; k < vr->n_ifs; k++) {
        emu_if_t *f = &vr->ifs[k];
        unsigned kk = (unsigned)k % EMU_MAX_IFS;
        snprintf(f->br, sizeof f->br, "v%ui%u", vv, kk);
        snprintf(f->cp, sizeof f->cp, "e%u", kk);
        snprintf(f->att, sizeof f->att, "c%ui%u", vv, kk);
        snprintf(f->tun[0], sizeof f->tun[0], "t%ui%ua", vv, kk);
        snprintf(f->tun[1], sizeof f->tun[1], "t%ui%ub", vv, kk);
        snprintf(f->mac, sizeof f->mac, "02:76:73:%02x:%02x:01", vv, kk);
        f->addr = htonl(f->addr);
    }
}

/* The host's bridge of interface f in namespace ns: the VR's MAC and address. */
vs_err_t emu__host_bridge(const char *ns, const emu_if_t *f)
{
    char a[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &f->addr, a, sizeof a);
    vs_err_t err;
    if ((err = emu_ip("-n %s link add %s address %s type bridge", ns, f->br, f->mac)) ||
        (err = emu_ip("-n %s addr add %s/%d dev %s", ns, a, f->plen, f->br)))
        return err;
    return emu_ip("-n %s link set %s up", ns, f->br);
}

static vs_err_t build_if(emu_t *e, emu_vr_t *vr, int k)
{
    const emu_if_t *f = &vr->ifs[k];
    const char *hn = e->pr_ns[vr->host], *cn = vr->ns;
    char a[INET_ADDRSTRLEN], mac[18];
    inet_ntop(AF_INET, &f->addr, a, sizeof a);
    snprintf(mac, sizeof mac, "%.15s02", f->mac);
    vs_err_t err;
    if ((err = emu__host_bridge(hn, f)) ||
        (err = emu_ip("-n %s link add %s address %s type bridge", cn, f->cp, mac)) ||
        (err = emu_ip("-n %s link set %s arp off", cn, f->cp)) ||
        (err = emu_ip("-n %s addr add %s/%d dev %s", cn, a, f->plen, f->cp)) ||
        /* a port that never goes down keeps the bridge up while the attachment moves */
        (err = emu_ip("-n %s link add k%d type veth peer name kp%d", cn, k, k)) ||
        (err = emu_ip("-n %s link set k%d master %s up", cn, k, f->cp)) ||
        (err = emu_ip("-n %s link set kp%d up", cn, k)) ||
        (err = emu_ip("-n %s link add a%d type veth peer name %s netns %s", cn, k, f->att, hn)) ||
        (err = emu_ip("-n %s link set a%d master %s up", cn, k, f->cp)) ||
        (err = emu_ip("-n %s link set %s up", cn, f->cp)) ||
        (err = emu_ip("-n %s link set %s master %s up", hn, f->att, f->br)))
        return err;
    return hw_backend_bind(e->b[vr->host], vr->fib, f->br);
}

vs_err_t emu__neighbours(emu_t *e, size_t v, const char *ns)
{
    const emu_vr_t *vr = &e->vr[v];
    for (int k = 0; k < vr->n_ifs; k++) {
        const emu_if_t *f = &vr->ifs[k];
        if (f->vlink < 0)
            continue;
        const emu_vr_t *pv = &e->vr[f->peer];
        for (int j = 0; j < pv->n_ifs; j++) {
            const emu_if_t *g = &pv->ifs[j];
            if (g->vlink != f->vlink)
                continue;
            char a[INET_ADDRSTRLEN];
            inet_ntop(AF_INET, &g->addr, a, sizeof a);
            vs_err_t err = emu_ip("-n %s neigh replace %s lladdr %s dev %s nud permanent", ns, a,
                                  g->mac, f->br);
            if (err)
                return err;
        }
    }
    return VS_OK;
}

/* The data links: a veth pair per virtual link between the two hosts' bridges, and one from
 * each traffic end's stub to the probes' namespace. */
static vs_err_t build_links(emu_t *e)
{
    vs_err_t err = VS_OK;
    for (size_t v = 0; v < e->scn->n_vrouters; v++) {
        emu_vr_t *vr = &e->vr[v];
        for (int k = 0; k < vr->n_ifs; k++) {
            emu_if_t *f = &vr->ifs[k];
            const char *hn = e->pr_ns[vr->host];
            if (f->vlink >= 0 && f->data[strlen(f->data) - 1] == 'a') {
                const emu_vr_t *pv = &e->vr[f->peer];
                if ((err = emu_ip("-n %s link add %s type veth peer name l%db netns %s", hn,
                                  f->data, f->vlink, e->pr_ns[pv->host])))
                    return err;
            } else if (f->vlink < 0) {
                const char *ns = v == e->src_vr ? e->src_ns : e->dst_ns;
                uint32_t host = ntohl(f->addr) + 1, nh = htonl(host);
                char a[INET_ADDRSTRLEN], gw[INET_ADDRSTRLEN];
                inet_ntop(AF_INET, &nh, a, sizeof a);
                inet_ntop(AF_INET, &f->addr, gw, sizeof gw);
                if ((err = emu_ip("-n %s link add %s type veth peer name x0 netns %s", hn,
                                  f->data, ns)) ||
                    (err = emu_ip("-n %s addr add %s/24 dev x0", ns, a)) ||
                    (err = emu_ip("-n %s link set x0 up", ns)) ||
                    (err = emu_ip("-n %s route add default via %s", ns, gw)))
                    return err;
                if (v == e->src_vr)
                    e->src_ip = nh;
                else
                    e->dst_ip = nh;
            }
        }
    }
    for (size_t v = 0; v < e->scn->n_vrouters; v++)
        for (int k = 0; k < e->vr[v].n_ifs; k++)
            if ((err = emu_ip("-n %s link set %s master %s up", e->pr_ns[e->vr[v].host],
                              e->vr[v].ifs[k].data, e->vr[v].ifs[k].br)))
                return err;
    return VS_OK;
}

/* The moving VR's routes: as many as the scenario gives it, announced by the probes'
 * destination VR as external LSAs (kernel routes in its control plane's namespace, through
 * the destination host), so that every VR holds them. */
static vs_err_t add_external_routes(emu_t *e)
{
    int64_t n = e->scn->vrouters[e->mig_vr].ospf_routes;
    if (n <= 0)
        return VS_OK;
    char path[400], dst[INET_ADDRSTRLEN], gw[INET_ADDRSTRLEN];
    snprintf(path, sizeof path, "%s/routes.batch", e->work);
    FILE *f = fopen(path, "w");
    if (!f)
        return vs_fail(VS_EIO, "%s: %s", path, strerror(errno));
    const emu_vr_t *d = &e->vr[e->dst_vr];
    ipstr(SUBNET_DST | 2u, gw);
    for (int64_t i = 0; i < n; i++) {
        ipstr(EXTERNAL_BASE + (uint32_t)i * 64u, dst);
        fprintf(f, "route add %s/26 via %s dev %s\n", dst, gw, d->ifs[d->n_ifs - 1].cp);
    }
    if (fclose(f))
        return vs_fail(VS_EIO, "%s: %s", path, strerror(errno));
    return emu_ip_batch(d->ns, path);
}

static vs_err_t start_cp(emu_t *e, size_t v)
{
    const scn_vrouter_t *sv = &e->scn->vrouters[v];
    emu_vr_t *vr = &e->vr[v];
    emu_frr_if_t ifs[EMU_MAX_IFS];
    for (int k = 0; k < vr->n_ifs; k++)
        ifs[k] = (emu_frr_if_t){.ifname = vr->ifs[k].cp, .passive = vr->ifs[k].vlink < 0};
    snprintf(vr->dir, sizeof vr->dir, "%s/%s", e->work, sv->name);
    if (mkdir(vr->dir, 0755) && errno != EEXIST)
        return vs_fail(VS_EIO, "%s: %s", vr->dir, strerror(errno));
    emu_frr_conf_t c = {.name = sv->name, .dir = vr->dir,
                        .router_id = htonl(ROUTER_ID_BASE + (uint32_t)v + 1),
                        .hello_s = (int)(sv->hello / SIM_S(1)),
                        .dead_s = (int)(sv->dead / SIM_S(1)), .ifs = ifs, .n_ifs = vr->n_ifs,
                        .redistribute_kernel = v == e->dst_vr};
    vs_err_t err = emu_frr_write(&c);
    return err ? err : emu_frr_start(vr->ns, vr->dir, vr->pids);
}

static vs_err_t build(emu_t *e)
{
    const scn_t *scn = e->scn;
    vs_err_t err = VS_OK;
    for (size_t i = 0; i < scn->n_prouters; i++) {
        VS_TRY(add_ns(e, e->pr_ns[i], "%sp%zu", i));
        hw_backend_config_t cfg = {.kind = HW_BACKEND_KERNEL, .netns = e->pr_ns[i]};
        VS_TRY(hw_backend_open(&cfg, &e->b[i]));
    }
    VS_TRY(add_ns(e, e->src_ns, "%ss%zu", 0));
    VS_TRY(add_ns(e, e->dst_ns, "%sd%zu", 0));
    for (size_t v = 0; v < scn->n_vrouters; v++) {
        emu_vr_t *vr = &e->vr[v];
        vr->host = scn->vrouters[v].host;
        VS_TRY(add_ns(e, vr->ns, "%sc%zu", v));
        plan_ifs(e, v);
        VS_TRY(hw_backend_vr_create(e->b[vr->host], scn->vrouters[v].name, &vr->fib));
        for (int k = 0; k < vr->n_ifs; k++)
            VS_TRY(build_if(e, vr, k));
    }
    VS_TRY(build_links(e));
    for (size_t v = 0; v < scn->n_vrouters; v++)
        VS_TRY(emu__neighbours(e, v, e->pr_ns[e->vr[v].host]));
    VS_TRY(add_external_routes(e));
    for (size_t v = 0; v < scn->n_vrouters; v++)
        VS_TRY(start_cp(e, v));
out:
    return err;
}

/* ---- convergence and mirroring --------------------------------------------------------- */

static vs_err_t open_mirror(emu_t *e, size_t v)
{
    emu_vr_t *vr = &e->vr[v];
    const char *cp[EMU_MAX_IFS], *host[EMU_MAX_IFS];
    for (int k = 0; k < vr->n_ifs; k++) {
        cp[k] = vr->ifs[k].cp;
        host[k] = vr->ifs[k].br;
    }
    return emu_mirror_open(vr->ns, cp, host, (size_t)vr->n_ifs, &vr->mirror);
}

/* Every adjacency Full and every VR holding every prefix: the subnets of the virtual links,
 * the two stubs and the moving VR's routes. Then each VR's FIB is filled from its RIB and
 * kept up to date from then on. */
static vs_err_t converge(emu_t *e)
{
    const scn_t *scn = e->scn;
    size_t want = scn->n_vlinks + 2 + (size_t)scn->vrouters[e->mig_vr].ospf_routes;
    int64_t limit = emu_now() + SIM_S(60) + (int64_t)want * SIM_MS(1);
    vs_err_t err = VS_OK;
    for (size_t v = 0; v < scn->n_vrouters; v++)
        VS_TRY(open_mirror(e, v));
    for (size_t v = 0; v < scn->n_vrouters;) {
        emu_vr_t *vr = &e->vr[v];
        hw_route_t *rib = NULL;
        size_t n = 0;
        int full = emu_frr_full(vr->dir), need = degree(scn, v, NULL, NULL);
        if (full == need)
            VS_TRY(emu_mirror_rib(vr->mirror, &rib, &n));
        if (full == need && n >= want) {
            emu_mirror_target(vr->mirror, e->b[vr->host], vr->fib);
            err = hw_backend_add_many(e->b[vr->host], vr->fib, rib, n, NULL, NULL, NULL, NULL);
            free(rib);
            if (err)
                goto out;
            v++;
            continue;
        }
        free(rib);
        for (int i = 0; i < 2; i++)
            if (!emu_alive(vr->pids[i])) {
                err = vs_fail(VS_EIO, "%s of %s exited; its log is in %s",
                              i ? "ospfd" : "zebra", scn->vrouters[v].name, vr->dir);
                goto out;
            }
        if (emu_now() > limit) {
            err = vs_fail(VS_EIO, "OSPF did not converge: %s has %d of %d adjacencies Full and "
                                  "%zu of %zu routes; logs in %s", scn->vrouters[v].name, full,
                          need, n, want, vr->dir);
            e->keep = true;
            goto out;
        }
        VS_TRY(emu__wait(e, SIM_MS(200)));
    }
out:
    return err;
}

vs_err_t emu__wait(emu_t *e, int64_t ns)
{
    int64_t end = emu_now() + ns;
    for (;;) {
        for (size_t v = 0; v < e->scn->n_vrouters; v++)
            if (e->vr[v].mirror) {
                vs_err_t err = emu_mirror_poll(e->vr[v].mirror,
                                               v == e->mig_vr ? &e->res->mirrored_a : NULL);
                if (err)
                    return err;
            }
        int64_t left = end - emu_now();
        if (left <= 0)
            return VS_OK;
        vs_err_t err = emu_sleep(left < SIM_MS(5) ? left : SIM_MS(5));
        if (err)
            return err;
    }
}

/* ---- taking it down ------------------------------------------------------------------ */

/* Removes everything; reports (warning) anything that is left. */
static void teardown(emu_t *e)
{
    emu_probe_stop(e->probe, 0);
    emu_probe_free(e->probe);
    e->probe = NULL;
    pid_t pids[EMU_MAX_ROUTERS * 2];
    int n = 0;
    for (size_t v = 0; v < EMU_MAX_ROUTERS; v++) {
        emu_mirror_close(e->vr[v].mirror);
        e->vr[v].mirror = NULL;
        for (int i = 0; i < 2; i++)
            if (e->vr[v].pids[i] > 0)
                pids[n++] = e->vr[v].pids[i];
    }
    int killed = emu_stop(pids, n);
    if (killed)
        VS_WARN("emu", "%d daemons needed SIGKILL", killed);
    for (size_t i = 0; i < EMU_MAX_ROUTERS; i++) {
        hw_backend_close(e->b[i]);
        e->b[i] = NULL;
    }
    for (int i = 0; i < e->n_ns; i++)
        if (emu_ip("netns del %s", e->ns[i]))
            VS_WARN("emu", "could not remove namespace %s: %s", e->ns[i], vs_errmsg());
    e->n_ns = 0;
    emu_rmdir(e->work, e->keep || e->o->keep_dir);
}

/* ---- the run ------------------------------------------------------------------------- */

static vs_err_t simulate(const scn_t *scn, emu_result_t *r)
{
    run_opts_t ro = {.runs = 1};
    vs_err_t err = run_scenario(scn, &ro, &r->sim);
    if (err)
        return err;
    r->predicted = &r->sim->results[0];
    if (!r->predicted->done || r->predicted->downtime < 0)
        return vs_fail(VS_EINVAL, "%s: the simulated migration does not finish before 'until'; "
                                  "the emulation needs its predicted downtime", scn->path);
    return VS_OK;
}

static void versions(emu_result_t *r)
{
    struct utsname u;
    if (!uname(&u))
        snprintf(r->kernel, sizeof r->kernel, "%.63s", u.release);
    char out[256], bin[512];
    int status;
    snprintf(bin, sizeof bin, "%s/zebra", emu_frr_dir());
    char *argv[] = {bin, (char *)"--version", NULL};
    if (!emu_capture(argv, out, sizeof out, &status)) {
        out[strcspn(out, "\n")] = 0;
        snprintf(r->frr_version, sizeof r->frr_version, "%.63s", out);
    }
}

static vs_err_t emulate(emu_t *e)
{
    vs_err_t err = VS_OK;
    int64_t t = emu_now();
    VS_TRY(emu_mkwork(e->tag, e->o->keep_dir, e->work, sizeof e->work));
    VS_TRY(build(e));
    e->res->setup_ns = emu_now() - t;
    t = emu_now();
    VS_TRY(converge(e));
    e->res->converge_ns = emu_now() - t;
    /* room for the whole run: the waits the simulator sets (t0..t4), two settling periods,
     * and two minutes for the rest (cloning, links, the routing change) */
    const mig_result_t *p = e->res->predicted;
    int64_t span = p->t[MIG_T4_CLONE] - p->t[MIG_T0_TUNNELS] + 2 * e->o->settle_ns + SIM_S(120);
    int64_t max = span / e->o->interval_ns + 1000;
    emu_probe_config_t pc = {.src_ns = e->src_ns, .dst_ns = e->dst_ns, .src_ip = e->src_ip,
                             .dst_ip = e->dst_ip, .interval_ns = e->o->interval_ns, .echo = true,
                             .max_probes = max};
    VS_TRY(emu_probe_start(&pc, &e->probe));
    VS_TRY(emu__migrate(e));
out:
    return err;
}

vs_err_t emu_run(const scn_t *scn, const emu_opts_t *o, emu_result_t **out)
{
    emu_t *e = calloc(1, sizeof *e);
    emu_result_t *r = calloc(1, sizeof *r);
    vs_err_t err = VS_OK;
    if (!e || !r) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    VS_TRY(emu_check(scn));
    VS_TRY(simulate(scn, r));
    VS_TRY(emu_check_env());
    versions(r);
    r->interval_ns = o->interval_ns;
    e->scn = scn;
    e->o = o;
    e->res = r;
    e->mig_vr = scn->migrations[0].vr;
    int first = -1, second = -1;
    degree(scn, e->mig_vr, &first, &second);
    e->src_vr = (size_t)first;
    e->dst_vr = (size_t)second;
    snprintf(e->tag, sizeof e->tag, "vroomsim%ld", (long)getpid());
    emu_signals_install();
    err = emulate(e);
    teardown(e);
    emu_signals_end();
out:
    free(e);
    if (err) {
        emu_result_free(r);
        r = NULL;
    }
    *out = r;
    return err;
}

void emu_result_free(emu_result_t *r)
{
    if (!r)
        return;
    run_results_free(r->sim);
    free(r);
}
