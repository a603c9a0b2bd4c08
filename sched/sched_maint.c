#include "sched_maint.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sched_gen.h"
#include "sched_power.h"
#include "sched_solve.h"
#include "sched_tasks.h"
#include "vs_out.h"
#include "vs_units.h"

void sched_maint_defaults(sched_maint_config_t *c)
{
    memset(c, 0, sizeof *c);
    c->headroom = -1;
    c->so = SCHED_SOLVE_OPTS_PLAN;
}

static vs_err_t add_drain(sched_maint_config_t *c, const char *value)
{
    size_t used = 0;
    for (int i = 0; i < c->n_drain; i++)
        used += strlen(c->drain[i]) + 1;
    for (const char *s = value; *s;) {
        size_t n = strcspn(s, ",");
        if (n && (c->n_drain == SCHED_MAINT_MAX_DRAIN || used + n + 1 > sizeof c->drain_text))
            return vs_fail(VS_EUSAGE, "--drain: more names than a plan takes");
        if (n) {
            memcpy(c->drain_text + used, s, n);
            c->drain_text[used + n] = '\0';
            c->drain[c->n_drain++] = c->drain_text + used;
            used += n + 1;
        }
        s += n + (s[n] == ',');
    }
    return VS_OK;
}

static vs_err_t copy_text(char *dst, size_t len, const char *opt, const char *value)
{
    if (!*value || strlen(value) >= len)
        return vs_fail(VS_EUSAGE, "--%s: '%s': expected 1 to %zu characters", opt, value, len - 1);
    snprintf(dst, len, "%s", value);
    return VS_OK;
}

static vs_err_t number_option(sched_maint_config_t *c, const char *name, const char *value)
{
    if (!strcmp(name, "headroom"))
        return vs_opt_double("--headroom", value, 1e-6, 1.0, &c->headroom);
    if (!strcmp(name, "stretch"))
        return vs_opt_double("--stretch", value, 1.0, 1000, &c->stretch);
    /* read as plan power reads them, the one place these three are checked */
    sched_power_config_t pc = SCHED_POWER_CONFIG_DEFAULT;
    vs_err_t err = sched_power_option(&pc, name, value);
    if (!err && !strcmp(name, "routers-per-pop"))
        c->routers_per_pop = pc.topo.routers_per_pop;
    else if (!err && !strcmp(name, "interval"))
        c->interval_ns = pc.interval_ns;
    else if (!err)
        c->so.time_limit_s = pc.solve.time_limit_s;
    return err;
}

vs_err_t sched_maint_option(sched_maint_config_t *c, const char *name, const char *value)
{
    static const char *const numbers[] = {"routers-per-pop", "interval", "headroom", "stretch",
                                          "time-limit", NULL};
    if (!strcmp(name, "drain"))
        return add_drain(c, value);
    if (!strcmp(name, "topology"))
        return copy_text(c->topology, sizeof c->topology, name, value);
    if (!strcmp(name, "generate"))
        return copy_text(c->generate, sizeof c->generate, name, value);
    if (!strcmp(name, "tm"))
        return copy_text(c->tm, sizeof c->tm, name, value);
    if (!strcmp(name, "solver"))
        return sched_solver_parse(value, &c->so.solver);
    if (!strcmp(name, "objective"))
        return sched_objective_parse(value, &c->so.objective);
    for (size_t i = 0; numbers[i]; i++)
        if (!strcmp(name, numbers[i]))
            return number_option(c, name, value);
    return vs_fail(VS_EUSAGE, "'%s' is not an option of plan maintenance (expected drain, "
                   "topology, generate, routers-per-pop, tm, interval, headroom, stretch, solver, "
                   "objective or time-limit)", name);
}

static vs_err_t parse_generate(const char *s, sched_gen_config_t *g)
{
    int r = 0, v = 0, p = 0;
    int n = sscanf(s, "%d:%d:%d", &r, &v, &p);
    if (n < 2 || r < 2 || v < 1 || p < 0)
        return vs_fail(VS_EUSAGE, "--generate: '%s' is not ROUTERS:VRS[:POPS]", s);
    g->routers = r;
    g->vrs = v;
    g->pops = n == 3 ? p : 0;
    return VS_OK;
}

/* The instance: synthetic, or the topology with the busiest interval of its traffic. */
static vs_err_t build_instance(const sched_maint_config_t *o, sched_inst_t **inst,
                               sched_topo_t **topo)
{
    const char *topology = o->topology[0] ? o->topology : "builtin:abilene";
    vs_err_t err;
    *topo = NULL;
    if (o->generate[0]) {
        sched_gen_config_t g = {.seed = o->so.seed};
        if ((err = parse_generate(o->generate, &g)) || (err = sched_gen(&g, inst)))
            return err;
    } else {
        sched_topo_config_t c = SCHED_TOPO_CONFIG_DEFAULT;
        if (o->routers_per_pop > 0)
            c.routers_per_pop = o->routers_per_pop;
        if ((err = sched_topo_build(topology, &c, topo)))
            return err;
        *inst = sched_topo_inst(*topo);
        /* Demands: the busiest interval of --tm (default the gravity/diurnal generator). */
        sched_power_config_t pc = SCHED_POWER_CONFIG_DEFAULT;
        snprintf(pc.topology, sizeof pc.topology, "%s", topology);
        if (o->tm[0])
            snprintf(pc.tm, sizeof pc.tm, "%s", o->tm);
        if (o->interval_ns > 0)
            pc.interval_ns = o->interval_ns;
        pc.solve.seed = o->so.seed;
        if ((err = sched_traffic_busiest(&pc, *topo)))
            return err;
    }
    if (o->headroom > 0)
        (*inst)->headroom = o->headroom;
    if (o->stretch > 0) {
        (*inst)->stretch_factor = o->stretch;
        (*inst)->stretch_slack_ms = 1.0;
    }
    return sched_inst_refresh(*inst);
}

vs_err_t sched_maint_solve(const sched_maint_config_t *c, sched_maint_t *m)
{
    vs_err_t err;
    memset(m, 0, sizeof *m);
    if (c->n_drain == 0)
        return vs_fail(VS_EUSAGE, "--drain ROUTER|POP is required");
    if (c->topology[0] && c->generate[0])
        return vs_fail(VS_EUSAGE, "--topology and --generate exclude each other");
    VS_TRY(build_instance(c, &m->inst, &m->topo));
    VS_TRY(sched_task_drain(m->inst, c->drain, c->n_drain));
    VS_TRY(sched_solve(m->inst, &c->so, &m->r));
    if (!(m->home = malloc(sizeof(int) * ((size_t)m->inst->n_vrs + 1))))
        VS_TRY(vs_fail(VS_ENOMEM, "out of memory"));
    for (int v = 0; v < m->inst->n_vrs; v++)
        m->home[v] = m->inst->vrs[v].home;
    sched_metrics(m->inst, m->home, &m->before);
    sched_metrics(m->inst, m->r.host, &m->after);
    err = sched_seq_build(m->inst, m->home, m->r.host, &SCHED_SEQ_CONFIG_DEFAULT, &m->seq);
out:
    return err;
}

static void metrics_json(cJSON *m, const sched_metrics_t *before, const sched_metrics_t *after)
{
    cJSON_AddNumberToObject(m, "mlu_before", before->mlu);
    cJSON_AddNumberToObject(m, "mlu_after", after->mlu);
    cJSON_AddNumberToObject(m, "max_cpu_after", after->max_cpu);
    cJSON_AddNumberToObject(m, "stretch_ms", after->stretch_ms);
    cJSON_AddNumberToObject(m, "shared_pop_pairs", after->shared_pop_pairs);
    cJSON_AddNumberToObject(m, "shared_link_pairs", after->shared_link_pairs);
    cJSON_AddNumberToObject(m, "shared_pairs", after->shared_pairs);
    cJSON_AddNumberToObject(m, "migrations", after->migrations);
}

vs_err_t sched_maint_json(const sched_maint_config_t *c, const sched_maint_t *m, cJSON **out)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *timing = root ? vs_json_obj(root, "timing") : NULL;
    cJSON *res = root ? vs_json_obj(root, "result") : NULL;
    vs_err_t err = VS_OK;
    *out = NULL;
    if (!timing || !res)
        VS_TRY(vs_fail(VS_ENOMEM, "out of memory"));
    cJSON_AddNumberToObject(root, "schema", 1);
    cJSON_AddStringToObject(root, "task", "maintenance");
    cJSON *dr = vs_json_arr(root, "drained");
    for (int i = 0; i < c->n_drain; i++)
        cJSON_AddItemToArray(dr, cJSON_CreateString(c->drain[i]));
    cJSON_AddNumberToObject(root, "routers", m->inst->n_nodes);
    cJSON_AddNumberToObject(root, "vrs", m->inst->n_vrs);
    VS_TRY(sched_result_json(res, m->inst, &c->so, &m->r, timing));
    metrics_json(vs_json_obj(root, "metrics"), &m->before, &m->after);
    VS_TRY(sched_seq_json(m->seq, m->inst, vs_json_arr(root, "migrations")));
    cJSON_AddNumberToObject(root, "plan_duration_s", sched_seq_duration_s(m->seq));
    *out = root;
    root = NULL;
out:
    cJSON_Delete(root);
    return err;
}

void sched_maint_free(sched_maint_t *m)
{
    sched_seq_destroy(m->seq);
    free(m->home);
    sched_result_free(&m->r);
    if (m->topo)
        sched_topo_destroy(m->topo);
    else
        sched_inst_destroy(m->inst);
    memset(m, 0, sizeof *m);
}
