#include "sched_tasks.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sched_eval.h"
#include "vs_out.h"
#include "vs_yaml.h"

vs_err_t sched_task_drain(sched_inst_t *inst, const char *const *names, int n)
{
    for (int i = 0; i < n; i++) {
        int p = sched_node_find(inst, names[i]);
        int pop = p < 0 ? sched_pop_find(inst, names[i]) : -1;
        if (p >= 0 && !inst->nodes[p].router)
            return vs_fail(VS_EINVAL, "--drain: '%s' is a transport node, not a router", names[i]);
        if (p < 0 && pop < 0) {
            /* Suggest the nearest router or POP name. */
            int total = inst->n_nodes + inst->n_pops;
            const char **allowed = calloc((size_t)total + 1, sizeof *allowed);
            if (!allowed)
                return vs_fail(VS_ENOMEM, "out of memory");
            int k = 0;
            for (int j = 0; j < inst->n_pops; j++)
                allowed[k++] = inst->pops[j].name;
            for (int j = 0; j < inst->n_nodes; j++)
                if (inst->nodes[j].router)
                    allowed[k++] = inst->nodes[j].name;
            const char *near = vs_nearest(names[i], (const char *const *)allowed);
            vs_err_t e = vs_fail(VS_ENOTFOUND,
                                 "--drain: no router or POP named '%s'%s%s%s (e.g. router '%s', "
                                 "POP '%s')",
                                 names[i], near ? " (did you mean '" : "", near ? near : "",
                                 near ? "'?)" : "", k > inst->n_pops ? allowed[inst->n_pops] : "-",
                                 inst->n_pops ? inst->pops[0].name : "-");
            free(allowed);
            return e;
        }
        for (int q = 0; q < inst->n_nodes; q++)
            if (inst->nodes[q].router && (q == p || (pop >= 0 && inst->nodes[q].pop == pop)))
                inst->nodes[q].drained = true;
    }
    for (int v = 0; v < inst->n_vrs; v++)
        if (inst->nodes[inst->vrs[v].home].drained)
            inst->vrs[v].movable = true;
    return sched_inst_refresh(inst);
}

vs_err_t sched_result_json(cJSON *obj, const sched_inst_t *inst, const sched_solve_opts_t *opts,
                           const sched_result_t *r, cJSON *timing)
{
    (void)inst;
    cJSON *t = timing ? timing : vs_json_obj(obj, "timing");
    if (!t || !cJSON_AddStringToObject(obj, "solver", r->solver) ||
        !cJSON_AddStringToObject(obj, "status", r->status) ||
        !cJSON_AddStringToObject(obj, "objective_name", sched_objective_name(opts->objective)) ||
        !cJSON_AddNumberToObject(obj, "objective", r->objective))
        return vs_fail(VS_ENOMEM, "out of memory");
    if (isnan(r->bound))
        cJSON_AddNullToObject(obj, "bound");
    else
        cJSON_AddNumberToObject(obj, "bound", r->bound);
    if (isnan(r->gap))
        cJSON_AddNullToObject(obj, "gap");
    else
        cJSON_AddNumberToObject(obj, "gap", r->gap);
    if (r->rows) {
        cJSON *m = vs_json_obj(obj, "model");
        if (!m)
            return vs_fail(VS_ENOMEM, "out of memory");
        cJSON_AddNumberToObject(m, "rows", r->rows);
        cJSON_AddNumberToObject(m, "columns", r->cols);
        cJSON_AddNumberToObject(m, "nonzeros", r->nonzeros);
    }
    if (!cJSON_AddNumberToObject(t, "seconds", r->seconds))
        return vs_fail(VS_ENOMEM, "out of memory");
    return VS_OK;
}

vs_err_t sched_moves_json(cJSON *arr, const sched_inst_t *inst, const int *from, const int *to)
{
    for (int v = 0; v < inst->n_vrs; v++) {
        if (from[v] == to[v])
            continue;
        cJSON *m = vs_json_obj(arr, NULL);
        if (!m || !cJSON_AddStringToObject(m, "vr", inst->vrs[v].name) ||
            !cJSON_AddStringToObject(m, "from", inst->nodes[from[v]].name) ||
            !cJSON_AddStringToObject(m, "to", inst->nodes[to[v]].name))
            return vs_fail(VS_ENOMEM, "out of memory");
    }
    return VS_OK;
}
