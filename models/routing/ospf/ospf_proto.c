/* OSPF as a routing plug-in (rt_proto.h): the adjacencies of a VR that will migrate, one per
 * virtual link to a VR that also runs OSPF, both ends of each simulated (ospf.h). */
#include <stdlib.h>

#include "ospf.h"
#include "rt_proto.h"
#include "scn_path.h"
#include "vs_log.h"

typedef struct {
    ospf_t *ospf;
    const scn_t *scn;
    size_t vr;
    size_t *nbr;       /* the neighbours' VR indices, in the instance's order */
    sim_time_t *reach; /* scratch for flood: when news reaches each neighbour */
    size_t n_nbr;
} ospf_inst_t;

static void ospf_inst_destroy(void *inst)
{
    ospf_inst_t *o = inst;
    if (!o)
        return;
    ospf_destroy(o->ospf);
    free(o->nbr);
    free(o->reach);
    free(o);
}

/* The VR's OSPF neighbours (into o->nbr, their names into names) and the longest substrate
 * delay to one: the instance takes one delay for all its links. */
static sim_time_t ospf_neighbours(ospf_inst_t *o, const char **names)
{
    const scn_t *scn = o->scn;
    const scn_vrouter_t *v = &scn->vrouters[o->vr];
    sim_time_t delay = 0;
    for (size_t i = 0; i < scn->n_vlinks; i++) {
        const scn_vlink_t *l = &scn->vlinks[i];
        size_t other = l->a == o->vr ? l->b : l->b == o->vr ? l->a : SIZE_MAX;
        if (other == SIZE_MAX || !scn->vrouters[other].ospf)
            continue;
        sim_time_t d = scn_delay(scn, v->host, scn->vrouters[other].host);
        if (d != SIM_TIME_MAX && d > delay)
            delay = d;
        names[o->n_nbr] = scn->vrouters[other].name;
        o->nbr[o->n_nbr++] = other;
    }
    return delay;
}

static vs_err_t ospf_inst_create(sim_t *sim, const scn_t *scn, size_t vr, void **out)
{
    *out = NULL;
    const scn_vrouter_t *v = &scn->vrouters[vr];
    if (!v->ospf)
        return VS_OK;
    size_t cap = scn->n_vlinks ? scn->n_vlinks : 1;
    ospf_inst_t *o = calloc(1, sizeof *o);
    const char **names = calloc(cap, sizeof *names);
    vs_err_t err = VS_OK;
    if (!o || !names || !(o->nbr = calloc(cap, sizeof *o->nbr)) ||
        !(o->reach = calloc(cap, sizeof *o->reach))) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    o->scn = scn;
    o->vr = vr;
    sim_time_t delay = ospf_neighbours(o, names);
    if (o->n_nbr == 0)
        goto out;
    ospf_params_t p = {
        .router = v->name, .neighbors = names, .n_neighbors = o->n_nbr,
        .hello = v->hello, .dead = v->dead, .rxmt = v->rxmt, .delay = delay,
        .clock = rt_proto_clock(scn), .seed = sim_seed(sim),
    };
    if ((err = ospf_create(sim, &p, &o->ospf)))
        goto out;
    *out = o;
    o = NULL;
out:
    free(names);
    ospf_inst_destroy(o);
    return err;
}

static void ospf_inst_freeze(sim_t *sim, void *inst)
{
    ospf_freeze(sim, ((ospf_inst_t *)inst)->ospf);
}

static void ospf_inst_resume(sim_t *sim, void *inst)
{
    ospf_resume(sim, ((ospf_inst_t *)inst)->ospf);
}

/* A topology change originates LSAs; each reaches the neighbours by flooding. */
static void ospf_inst_flood(sim_t *sim, void *inst, const sim_time_t *arrival)
{
    ospf_inst_t *o = inst;
    for (size_t i = 0; i < o->n_nbr; i++) {
        sim_time_t d = arrival[o->nbr[i]];
        o->reach[i] = d == SIM_TIME_MAX ? -1 : sim_now(sim) + d;
    }
    if (ospf_network_event(sim, o->ospf, sim_now(sim), o->reach, NULL) != VS_OK)
        VS_WARN("net", "%s: too many network events to track on '%s'; later LSAs ignored",
                o->scn->path, o->scn->vrouters[o->vr].name);
}

static void ospf_inst_effects(const void *inst, rt_effects_t *acc)
{
    ospf_result_t r;
    ospf_result(((const ospf_inst_t *)inst)->ospf, &r);
    acc->hellos_lost += (int)r.hellos_lost;
    if ((int)r.hellos_lost_max > acc->hellos_lost_max)
        acc->hellos_lost_max = (int)r.hellos_lost_max;
    acc->adjacencies_lost += (int)r.adjacencies_lost;
    acc->lsas_missed += (int)r.lsas_missed;
    if (r.staleness_max > acc->max_staleness)
        acc->max_staleness = r.staleness_max;
}

const rt_proto_t rt_ospf = {
    .name = "ospf",
    .create = ospf_inst_create,
    .destroy = ospf_inst_destroy,
    .freeze = ospf_inst_freeze,
    .resume = ospf_inst_resume,
    .flood = ospf_inst_flood,
    .effects = ospf_inst_effects,
};
