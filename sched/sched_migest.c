#include "sched_migest.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cp_image.h"
#include "hw_profile.h"
#include "scenario.h"

struct sched_migest {
    const sched_inst_t *inst;
    const hw_profile_t **prof; /* distinct profiles loaded, n_prof of them */
    int n_prof;
    int *host, *fib;           /* per node: index into prof (routers only; -1 otherwise) */
    hw_image_profile_t curve;
};

/* Index of the profile named `name`, loading it the first time. */
static vs_err_t profile(sched_migest_t *e, const char *name, const char *section, int *out)
{
    for (int i = 0; i < e->n_prof; i++)
        if (!strcmp(e->prof[i]->path, name) || !strcmp(e->prof[i]->name, name)) {
            *out = i;
            return VS_OK;
        }
    const hw_profile_t *p;
    vs_err_t err = hw_profile_load(name, &p);
    if (err)
        return err;
    if (!hw_profile_has(p, section)) {
        err = vs_fail(VS_EINVAL, "profile '%s' (%s) has no '%s' section, which migrations need "
                                 "(docs/profiles.md)",
                      name, p->path, section);
        hw_profile_free(p);
        return err;
    }
    e->prof[e->n_prof] = p;
    *out = e->n_prof++;
    return VS_OK;
}

vs_err_t sched_migest_create(const sched_inst_t *inst, sched_migest_t **out)
{
    vs_err_t err = VS_OK;
    size_t n = (size_t)inst->n_nodes + 1;
    sched_migest_t *e = calloc(1, sizeof *e);
    if (!e || !(e->prof = calloc(2 * n, sizeof *e->prof)) || !(e->host = malloc(n * sizeof(int))) ||
        !(e->fib = malloc(n * sizeof(int)))) {
        sched_migest_destroy(e);
        return vs_fail(VS_ENOMEM, "out of memory");
    }
    e->inst = inst;
    for (int p = 0; p < inst->n_nodes; p++) {
        const sched_node_t *r = &inst->nodes[p];
        e->host[p] = e->fib[p] = -1;
        if (!r->router)
            continue;
        VS_TRY(profile(e, r->host_profile ? r->host_profile : SCN_DEFAULT_HOST_PROFILE, "checkpoint",
                       &e->host[p]));
        VS_TRY(profile(e, r->dp_profile ? r->dp_profile : SCN_DEFAULT_FIB_PROFILE, "fib",
                       &e->fib[p]));
    }
    VS_TRY(cp_image_curve(&e->curve));
    *out = e;
    e = NULL;
out:
    sched_migest_destroy(e);
    return err;
}

void sched_migest_destroy(sched_migest_t *e)
{
    if (!e)
        return;
    for (int i = 0; i < e->n_prof; i++)
        hw_profile_free(e->prof[i]);
    free(e->prof);
    free(e->host);
    free(e->fib);
    free(e);
}

int64_t sched_migest_image_bytes(const sched_migest_t *e, int v)
{
    const sched_vr_t *x = &e->inst->vrs[v];
    const sched_routing_t *r = x->routing;
    if (r && r->image_derived)
        return hw_image_bytes(&e->curve, r->ospf ? r->ospf_routes : 0, r->bgp ? r->bgp_routes : 0);
    return (int64_t)llround(x->mem_mb * 1e6);
}

/* FIB repopulation; a TCAM whose cost depends on the prefixes (hw_fib_repopulate_ns refuses
 * it) is taken as one write per route beside the per-route costs. */
static double fib_s(const hw_fib_profile_t *f, int64_t routes)
{
    sim_time_t total;
    if (hw_fib_repopulate_ns(f, routes, &total, NULL) == VS_OK)
        return total / 1e9;
    return (f->setup_ns + routes * (f->rpc_ns + f->install_ns + f->tcam_write_ns)) / 1e9;
}

double sched_migest_s(const sched_migest_t *e, int v, int from, int to, double bps)
{
    const sched_inst_t *inst = e->inst;
    const hw_profile_t *src = e->prof[e->host[from]], *dst = e->prof[e->host[to]];
    const sched_routing_t *r = inst->vrs[v].routing;
    int64_t image = sched_migest_image_bytes(e, v);
    int64_t routes = r ? (r->ospf ? r->ospf_routes : 0) + (r->bgp ? r->bgp_routes : 0) : 0;
    int ifaces = inst->nadj_off[v + 1] - inst->nadj_off[v];
    double delay = sched_dist(inst, from, to) / 1e3;
    if (isinf(delay))
        delay = 0;
    double s = src->host.tunnel_setup_ns * (double)ifaces / 1e9;
    s += hw_ckpt_copy_ns(&src->ckpt, src->ckpt.config_bytes, bps) / 1e9 + delay;
    s += (hw_ckpt_dump_ns(&src->ckpt, image) + hw_ckpt_copy_ns(&src->ckpt, image, bps) +
          hw_ckpt_resume_ns(&dst->ckpt, image)) / 1e9 + delay;
    s += fib_s(&e->prof[e->fib[to]]->fib, routes);
    if (ifaces > 0 && dst->has_rehome) {
        double mean = dst->rehome.mean_ns[HW_REHOME_OPTICAL] / 1e9;
        double spread = dst->rehome.spread_ns[HW_REHOME_OPTICAL] / 1e9;
        s += mean + spread * (ifaces - 1) / (ifaces + 1); /* expected max of n uniforms */
    }
    return s;
}
