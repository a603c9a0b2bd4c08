/* `plan power`'s options over a power study, by name (sched_power.h): the command applies
 * --ceiling and --scope through here, and sweeps (study/) every option an axis names, so a
 * value is read and checked the same way in both. */
#include "sched_power.h"

#include <stdio.h>
#include <string.h>

#include "vs_units.h"

const char *const SCHED_POWER_OPTIONS[] = {"topology", "tm", "interval", "days", "routers-per-pop",
                                           "hold", "ceiling", "scope", "solver", "time-limit",
                                           NULL};

static vs_err_t set_path(char *dst, size_t len, const char *opt, const char *value)
{
    if (!*value || strlen(value) >= len)
        return vs_fail(VS_EUSAGE, "--%s: '%s': expected a path of 1 to %zu characters", opt,
                       value, len - 1);
    snprintf(dst, len, "%s", value);
    return VS_OK;
}

static vs_err_t set_scope(sched_power_config_t *c, const char *value)
{
    static const struct { const char *name; sched_scope_t scope; } scopes[] = {
        {"pop", SCHED_SCOPE_POP}, {"region", SCHED_SCOPE_REGION}, {"any", SCHED_SCOPE_ANY}};
    for (size_t i = 0; i < sizeof scopes / sizeof scopes[0]; i++)
        if (!strcmp(value, scopes[i].name)) {
            c->scope = scopes[i].scope;
            return VS_OK;
        }
    return vs_fail(VS_EUSAGE, "--scope: '%s' is not pop, region or any", value);
}

/* The options whose value is a duration or a number. */
static vs_err_t set_number(sched_power_config_t *c, const char *name, const char *value)
{
    int64_t v = 0, ns = 0;
    double d = 0;
    vs_err_t err;
    if (!strcmp(name, "interval")) {
        if ((err = vs_opt_duration("--interval", value, &ns)))
            return err;
        if (ns < INT64_C(60000000000))
            return vs_fail(VS_EUSAGE, "--interval must be at least 1min");
        c->interval_ns = ns;
    } else if (!strcmp(name, "days")) {
        if ((err = vs_opt_double("--days", value, 0.01, 366, &d)))
            return err;
        c->duration_ns = (int64_t)(d * 86400e9);
    } else if (!strcmp(name, "routers-per-pop")) {
        if ((err = vs_opt_count("--routers-per-pop", value, 1, 64, &v)))
            return err;
        c->topo.routers_per_pop = (int)v;
    } else if (!strcmp(name, "hold")) {
        if ((err = vs_opt_count("--hold", value, 0, 1000, &v)))
            return err;
        c->hold = (int)v;
    } else if (!strcmp(name, "ceiling")) {
        if (!strcmp(value, "auto"))
            c->ceiling = 0;
        else if ((err = vs_opt_double("--ceiling", value, 0.01, 1.0, &c->ceiling)))
            return err;
    } else {
        if ((err = vs_opt_duration("--time-limit", value, &ns)))
            return err;
        if (ns <= 0)
            return vs_fail(VS_EUSAGE, "--time-limit must be positive");
        c->solve.time_limit_s = (double)ns / 1e9;
    }
    return VS_OK;
}

vs_err_t sched_power_option(sched_power_config_t *c, const char *name, const char *value)
{
    if (!strcmp(name, "topology"))
        return set_path(c->topology, sizeof c->topology, name, value);
    if (!strcmp(name, "tm"))
        return set_path(c->tm, sizeof c->tm, name, value);
    if (!strcmp(name, "scope"))
        return set_scope(c, value);
    if (!strcmp(name, "solver"))
        return sched_solver_parse(value, &c->solve.solver);
    for (size_t i = 0; SCHED_POWER_OPTIONS[i]; i++)
        if (!strcmp(name, SCHED_POWER_OPTIONS[i]))
            return set_number(c, name, value);
    return vs_fail(VS_EUSAGE, "'%s' is not an option of plan power (expected topology, tm, "
                   "interval, days, routers-per-pop, hold, ceiling, scope, solver or time-limit)",
                   name);
}

const char *const SCHED_TE_OPTIONS[] = {"target-mlu", "objective", "stretch", "topology", "tm",
                                        "interval", "routers-per-pop", "solver", "time-limit",
                                        NULL};

vs_err_t sched_te_option(sched_power_config_t *c, double *target, const char *name,
                         const char *value)
{
    if (!strcmp(name, "target-mlu"))
        return vs_opt_double("--target-mlu", value, 1e-6, 1.0, target);
    if (!strcmp(name, "objective"))
        return sched_objective_parse(value, &c->solve.objective);
    if (!strcmp(name, "stretch"))
        return vs_opt_double("--stretch", value, 1.0, 1000, &c->stretch);
    for (size_t i = 3; SCHED_TE_OPTIONS[i]; i++)
        if (!strcmp(name, SCHED_TE_OPTIONS[i]))
            return sched_power_option(c, name, value);
    return vs_fail(VS_EUSAGE, "'%s' is not an option of plan te (expected target-mlu, objective, "
                   "stretch, topology, tm, interval, routers-per-pop, solver or time-limit)", name);
}
