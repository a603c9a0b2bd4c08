#include "study_file.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"
#include "scn_set.h"
#include "vs_units.h"
#include "vs_yaml.h"

static vs_err_t nomem(void)
{
    return vs_fail(VS_ENOMEM, "out of memory");
}

/* Splits "50k" / "1.5ms" into its number and the rest; false when it does not start with one. */
static bool split_number(const char *text, double *num, const char **suffix)
{
    char *end;
    errno = 0;
    *num = strtod(text, &end);
    if (end == text || errno || !isfinite(*num))
        return false;
    *suffix = end;
    return true;
}

/* A range bound in the unit of `from` (unit): written with the same unit or none; a bare
 * from also takes k, M, G (1000s) so counts read as people write them. */
static vs_err_t range_bound(const vs_ydoc_t *doc, const vs_ynode_t *node, const char *unit,
                            double *out)
{
    const char *suffix;
    if (node->kind != VS_Y_SCALAR || !split_number(node->scalar, out, &suffix))
        return vs_yerr(doc, node, VS_EUNIT, "expected a number%s%s", *unit ? " in " : "", unit);
    if (!strcmp(suffix, unit) || !*suffix)
        return VS_OK;
    static const struct { const char *s; double k; } mult[] = {{"k", 1e3}, {"M", 1e6}, {"G", 1e9}};
    for (size_t i = 0; !*unit && i < sizeof mult / sizeof mult[0]; i++)
        if (!strcmp(suffix, mult[i].s)) {
            *out *= mult[i].k;
            return VS_OK;
        }
    return vs_yerr(doc, node, VS_EUNIT, "'%s': expected the unit of 'from' ('%s')", node->scalar,
                   *unit ? unit : "none");
}

/* {from, to, step}: from, from+step, ... up to to (inclusive), in from's unit. */
static vs_err_t read_range(const vs_ydoc_t *doc, const vs_ynode_t *r, study_axis_t *ax)
{
    static const char *const keys[] = {"from", "to", "step", NULL};
    const vs_ynode_t *nf, *nt, *ns;
    double from, to, step;
    const char *unit;
    vs_err_t err;
    VS_TRY(vs_ycheck_keys(doc, r, keys));
    VS_TRY(vs_yrequire(doc, r, "from", &nf));
    VS_TRY(vs_yrequire(doc, r, "to", &nt));
    VS_TRY(vs_yrequire(doc, r, "step", &ns));
    if (nf->kind != VS_Y_SCALAR || !split_number(nf->scalar, &from, &unit))
        return vs_yerr(doc, nf, VS_EUNIT, "expected a number, with a unit or none");
    VS_TRY(range_bound(doc, nt, unit, &to));
    VS_TRY(range_bound(doc, ns, unit, &step));
    if (!(step > 0))
        return vs_yerr(doc, ns, VS_ERANGE, "expected a step above 0");
    if (to < from)
        return vs_yerr(doc, nt, VS_ERANGE, "expected 'to' at least 'from'");
    double n = floor((to - from) / step * (1 + 1e-12)) + 1;
    if (n > STUDY_MAX_POINTS)
        return vs_yerr(doc, r, VS_ERANGE, "%.0f values: more than %d", n, STUDY_MAX_POINTS);
    if (!(ax->values = calloc((size_t)n, sizeof *ax->values)))
        return nomem();
    for (size_t i = 0; i < (size_t)n; i++) {
        char buf[64];
        /* from + i*step, not a running sum, so no rounding drifts into the values. */
        snprintf(buf, sizeof buf, "%.15g%s", from + (double)i * step, unit);
        if (!(ax->values[ax->n_values++] = strdup(buf)))
            return nomem();
    }
out:
    return err;
}

/* `files: [...]`: each resolved against the sweep file's folder, and readable now. */
static vs_err_t read_files(const vs_ydoc_t *doc, const vs_ynode_t *list, const study_sweep_t *sw,
                           study_axis_t *ax)
{
    vs_err_t err = VS_OK;
    VS_TRY(vs_yexpect(doc, list, VS_Y_SEQ, "a list of files"));
    if (list->len == 0)
        return vs_yerr(doc, list, VS_EINVAL, "axis '%s': expected at least one file", ax->path);
    if (!(ax->values = calloc(list->len, sizeof *ax->values)))
        return nomem();
    for (size_t i = 0; i < list->len; i++) {
        const vs_ynode_t *n = list->vals[i];
        if (n->kind != VS_Y_SCALAR || !*n->scalar)
            return vs_yerr(doc, n, VS_EINVAL, "axis '%s': expected a file name", ax->path);
        if (!(ax->values[ax->n_values++] = study_resolve(sw->file, n->scalar)))
            return nomem();
        FILE *f = fopen(ax->values[i], "rb");
        if (!f)
            return vs_yerr(doc, n, VS_ENOTFOUND, "axis '%s': cannot read '%s': %s", ax->path,
                           ax->values[i], strerror(errno));
        fclose(f);
    }
out:
    return err;
}

static vs_err_t read_axis(const vs_ydoc_t *doc, const vs_ynode_t *node, const study_sweep_t *sw,
                          study_axis_t *ax)
{
    static const char *const keys[] = {"path", "option", "values", "range", "files", NULL};
    const char *path = NULL, *key = sw->kind == STUDY_BASE_SCENARIO ? "path" : "option";
    const vs_ynode_t *vals = NULL, *range = NULL, *files = NULL;
    vs_err_t err;
    VS_TRY(vs_yexpect(doc, node, VS_Y_MAP, "an axis {path: ..., values: [...]}"));
    VS_TRY(vs_ycheck_keys(doc, node, keys));
    if (vs_ynode_get(node, sw->kind == STUDY_BASE_SCENARIO ? "option" : "path"))
        return vs_yerr(doc, node, VS_EINVAL, "expected '%s' (%s): this sweep's base is %s", key,
                       sw->kind == STUDY_BASE_SCENARIO ? "a key path into the scenario"
                                                       : "an option of the base's command",
                       sw->kind == STUDY_BASE_SCENARIO ? "a scenario" : "not a scenario");
    VS_TRY(vs_yget_str(doc, node, key, true, &path));
    if (!(ax->path = strdup(path)))
        return nomem();
    vals = vs_ynode_get(node, "values");
    range = vs_ynode_get(node, "range");
    files = vs_ynode_get(node, "files");
    if (!!vals + !!range + !!files != 1)
        return vs_yerr(doc, node, VS_EINVAL, "axis '%s': expected one of 'values', 'range' or "
                       "'files'", path);
    if (files)
        return read_files(doc, files, sw, ax);
    if (range) {
        VS_TRY(vs_yexpect(doc, range, VS_Y_MAP, "a range {from: ..., to: ..., step: ...}"));
        return read_range(doc, range, ax);
    }
    VS_TRY(vs_yexpect(doc, vals, VS_Y_SEQ, "a list of values"));
    if (vals->len == 0)
        return vs_yerr(doc, vals, VS_EINVAL, "axis '%s': expected at least one value", path);
    if (!(ax->values = calloc(vals->len, sizeof *ax->values)))
        return nomem();
    for (size_t i = 0; i < vals->len; i++) {
        if (vals->vals[i]->kind != VS_Y_SCALAR)
            return vs_yerr(doc, vals->vals[i], VS_EINVAL, "axis '%s': expected a value", path);
        if (!(ax->values[ax->n_values++] = strdup(vals->vals[i]->scalar)))
            return nomem();
    }
out:
    return err;
}

/* Each value of each axis, alone, must make a scenario the base accepts: found now, at the
 * axis, rather than as a column of failed points. */
static vs_err_t check_axis(const vs_ydoc_t *doc, const vs_ynode_t *node, const study_sweep_t *sw,
                           const study_axis_t *ax)
{
    for (size_t v = 0; v < ax->n_values; v++) {
        vs_err_t err = study_try_value(sw, ax->path, ax->values[v]);
        if (err) {
            /* the check names the setting as --set PATH=VALUE or --OPTION; here the axis says it */
            char msg[1024], prefix[1100];
            snprintf(msg, sizeof msg, "%s", vs_errmsg());
            snprintf(prefix, sizeof prefix, "--set %s=%s: ", ax->path, ax->values[v]);
            size_t skip = strncmp(msg, prefix, strlen(prefix)) ? 0 : strlen(prefix);
            return vs_yerr(doc, node, err, "axis '%s', value '%s': %s", ax->path, ax->values[v],
                           msg + skip);
        }
    }
    return VS_OK;
}

static vs_err_t read_axes(const vs_ydoc_t *doc, const vs_ynode_t *root, study_sweep_t *sw)
{
    const vs_ynode_t *axes = vs_ynode_get(root, "axes");
    vs_err_t err = VS_OK;
    if (!axes)
        return VS_OK; /* seeds alone */
    VS_TRY(vs_yexpect(doc, axes, VS_Y_SEQ, "a list of axes"));
    if (!(sw->axes = calloc(axes->len ? axes->len : 1, sizeof *sw->axes)))
        return nomem();
    for (size_t i = 0; i < axes->len; i++) {
        study_axis_t *ax = &sw->axes[sw->n_axes++];
        VS_TRY(read_axis(doc, axes->vals[i], sw, ax));
        VS_TRY(check_axis(doc, axes->vals[i], sw, ax));
    }
out:
    return err;
}

static vs_err_t read_seeds(const vs_ydoc_t *doc, const vs_ynode_t *root, study_sweep_t *sw)
{
    const vs_ynode_t *seeds = vs_ynode_get(root, "seeds");
    int64_t runs = 1;
    vs_err_t err = VS_OK;
    if (seeds && vs_ynode_get(root, "runs"))
        return vs_yerr(doc, seeds, VS_EINVAL, "expected either 'seeds' or 'runs', not both");
    if (seeds) {
        VS_TRY(vs_yexpect(doc, seeds, VS_Y_SEQ, "a list of seeds"));
        if (seeds->len == 0)
            return vs_yerr(doc, seeds, VS_EINVAL, "expected at least one seed");
        runs = (int64_t)seeds->len;
    } else {
        VS_TRY(vs_yget_int(doc, root, "runs", false, 1, STUDY_MAX_POINTS, &runs));
    }
    if (!(sw->seeds = calloc((size_t)runs, sizeof *sw->seeds)))
        return nomem();
    for (size_t i = 0; i < (size_t)runs; i++) {
        int64_t s = (int64_t)i + 1;
        const vs_ynode_t *n = seeds ? seeds->vals[i] : NULL;
        if (n && (n->kind != VS_Y_SCALAR || vs_parse_int64(n->scalar, &s) || s < 0))
            return vs_yerr(doc, n, VS_EINVAL, "expected a seed (a whole number >= 0)");
        sw->seeds[sw->n_seeds++] = (uint64_t)s;
    }
out:
    return err;
}

static bool column_name(const char *s)
{
    if (!*s || !(islower((unsigned char)*s) || *s == '_'))
        return false;
    for (; *s; s++)
        if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '_'))
            return false;
    return true;
}

/* keys separated by '.', list items by [digits]: the grammar study_metric_get reads. */
static bool metric_path(const char *p)
{
    bool want_key = true;
    while (*p) {
        if (*p == '[') {
            size_t n = strspn(p + 1, "0123456789");
            if (n == 0 || p[1 + n] != ']')
                return false;
            p += n + 2;
            want_key = false;
        } else if (*p == '.' && !want_key) {
            p++;
            want_key = true;
        } else {
            size_t n = strcspn(p, ".[]");
            if (n == 0 || !want_key)
                return false;
            p += n;
            want_key = false;
        }
    }
    return !want_key;
}

static vs_err_t read_metrics(const vs_ydoc_t *doc, const vs_ynode_t *root, study_sweep_t *sw)
{
    static const char *const keys[] = {"name", "path", NULL};
    static const char *const reserved[] = {"idx", "seed", "status", "exit_status", "signal",
                                           "message", "result", "timing", "worker", "rank", "host",
                                           "version", "timing_s", NULL};
    const vs_ynode_t *ms = vs_ynode_get(root, "metrics");
    vs_err_t err = VS_OK;
    if (!ms)
        return VS_OK;
    VS_TRY(vs_yexpect(doc, ms, VS_Y_SEQ, "a list of metrics {name: ..., path: ...}"));
    if (!(sw->metrics = calloc(ms->len ? ms->len : 1, sizeof *sw->metrics)))
        return nomem();
    for (size_t i = 0; i < ms->len; i++) {
        const vs_ynode_t *m = ms->vals[i];
        const char *name = NULL, *path = NULL;
        VS_TRY(vs_yexpect(doc, m, VS_Y_MAP, "a metric {name: ..., path: ...}"));
        VS_TRY(vs_ycheck_keys(doc, m, keys));
        VS_TRY(vs_yget_str(doc, m, "name", true, &name));
        VS_TRY(vs_yget_str(doc, m, "path", true, &path));
        bool bad = !column_name(name);
        for (size_t r = 0; reserved[r]; r++)
            bad |= !strcmp(name, reserved[r]);
        for (size_t j = 0; j < sw->n_metrics; j++)
            bad |= !strcmp(name, sw->metrics[j].name);
        if (bad)
            return vs_yerr(doc, vs_ynode_get(m, "name"), VS_EINVAL,
                           "metric '%s': expected a new name of lower-case letters, digits and '_' "
                           "(not a column the database has already)", name);
        if (!metric_path(path))
            return vs_yerr(doc, vs_ynode_get(m, "path"), VS_EINVAL,
                           "metric '%s': path '%s': expected keys separated by '.' and list items "
                           "as [index], e.g. migrations[0].downtime.total_s", name, path);
        study_metric_t *mt = &sw->metrics[sw->n_metrics++];
        if (!(mt->name = strdup(name)) || !(mt->path = strdup(path)))
            return nomem();
    }
out:
    return err;
}

char *study_resolve(const char *sweep_file, const char *path)
{
    const char *slash = strrchr(sweep_file, '/');
    int dir = path[0] == '/' || !slash ? 0 : (int)(slash - sweep_file + 1);
    size_t len = (size_t)dir + strlen(path) + 1;
    char *out = malloc(len);
    if (out)
        snprintf(out, len, "%.*s%s", dir, sweep_file, path);
    return out;
}

const char *const STUDY_BASE_KINDS[] = {"scenario", "power", "timers", "te"};

vs_err_t study_base_config(const study_sweep_t *sw, const char *const *names,
                           const char *const *values, size_t n, study_config_t *cfg)
{
    vs_err_t err = VS_OK;
    cfg->target_mlu = 0;
    if (sw->kind == STUDY_BASE_TIMERS) {
        run_timers_defaults(&cfg->timers);
    } else if (sw->kind == STUDY_BASE_POWER) {
        cfg->plan = *sw->power;
    } else { /* te, as `plan te` starts: the defaults, solved for the fewest migrations */
        cfg->plan = SCHED_POWER_CONFIG_DEFAULT;
        cfg->plan.solve = SCHED_SOLVE_OPTS_PLAN;
        cfg->plan.solve.objective = SCHED_OBJ_MIGRATIONS;
        cfg->plan.stretch = 0;
    }
    for (size_t i = 0; !err && i < sw->n_options + n; i++) {
        const char *name = i < sw->n_options ? sw->options[i].name : names[i - sw->n_options];
        const char *value = i < sw->n_options ? sw->options[i].value : values[i - sw->n_options];
        err = sw->kind == STUDY_BASE_POWER  ? sched_power_option(&cfg->plan, name, value)
              : sw->kind == STUDY_BASE_TE   ? sched_te_option(&cfg->plan, &cfg->target_mlu, name,
                                                              value)
                                            : run_timers_option(&cfg->timers, name, value);
    }
    return err;
}

vs_err_t study_try_value(const study_sweep_t *sw, const char *name, const char *value)
{
    if (sw->kind != STUDY_BASE_SCENARIO && !strcmp(name, "seed"))
        return vs_fail(VS_EINVAL, "the seed is the sweep's: give it with 'seeds' or 'runs'");
    if (sw->kind != STUDY_BASE_SCENARIO) {
        study_config_t *cfg = malloc(sizeof *cfg);
        vs_err_t err = cfg ? study_base_config(sw, &name, &value, 1, cfg) : nomem();
        free(cfg);
        return err;
    }
    size_t len = strlen(name) + strlen(value) + 2;
    char *set = malloc(len);
    if (!set)
        return nomem();
    snprintf(set, len, "%s=%s", name, value);
    const char *sets[1] = {set};
    const scn_t *variant = NULL;
    vs_err_t err = scn_derive(sw->base, sets, 1, &variant);
    scn_free(variant);
    free(set);
    return err;
}

/* A base's `options: {name: value}`: each checked alone on the base as an axis value is. */
static vs_err_t read_options(const vs_ydoc_t *doc, const vs_ynode_t *map, study_sweep_t *sw)
{
    vs_err_t err = VS_OK;
    if (!map)
        return VS_OK;
    VS_TRY(vs_yexpect(doc, map, VS_Y_MAP, "options {name: value, ...}"));
    if (!(sw->options = calloc(map->len + 1, sizeof *sw->options)))
        return nomem();
    for (size_t i = 0; i < map->len; i++) {
        const vs_ynode_t *k = map->keys[i], *v = map->vals[i];
        if (v->kind != VS_Y_SCALAR)
            return vs_yerr(doc, v, VS_EINVAL, "option '%s': expected a value", k->scalar);
        study_option_t *o = &sw->options[sw->n_options++];
        if (!(o->name = strdup(k->scalar)) || !(o->value = strdup(v->scalar)))
            return nomem();
        if ((err = study_try_value(sw, o->name, o->value))) {
            char msg[1024];
            snprintf(msg, sizeof msg, "%s", vs_errmsg());
            return vs_yerr(doc, k, err, "option '%s': %s", k->scalar, msg);
        }
    }
out:
    return err;
}

/* The base's file, relative to the sweep file's folder, read by loader kind. */
static vs_err_t load_base_file(const vs_ydoc_t *doc, const vs_ynode_t *node, study_sweep_t *sw)
{
    static const char *const what[] = {"base scenario", "base power study", ""};
    vs_err_t err = VS_OK;
    if (node->kind != VS_Y_SCALAR || !*node->scalar)
        return vs_yerr(doc, node, VS_EINVAL, "expected the %s's file name", what[sw->kind]);
    if (!(sw->base_path = study_resolve(sw->file, node->scalar)))
        return nomem();
    if (sw->kind == STUDY_BASE_SCENARIO) {
        err = scn_load(sw->base_path, &sw->base);
    } else {
        if (!(sw->power = malloc(sizeof *sw->power)))
            return nomem();
        *sw->power = SCHED_POWER_CONFIG_DEFAULT;
        err = sched_power_study_load(sw->base_path, sw->power);
        /* as `plan power --study` solves it (cli/cmd_plan.c) */
        sw->power->solve = SCHED_SOLVE_OPTS_PLAN;
        sw->power->solve.objective = SCHED_OBJ_POWER;
    }
    if (err) {
        char msg[1024];
        snprintf(msg, sizeof msg, "%s", vs_errmsg());
        return vs_yerr(doc, node, err, "%s: %s", what[sw->kind], msg);
    }
    return VS_OK;
}

/* `base: FILE` (a scenario), or a map naming the kind: {scenario: FILE}, {power: FILE,
 * options: {...}}, {timers: {...}}. */
static vs_err_t read_base(const vs_ydoc_t *doc, const vs_ynode_t *root, study_sweep_t *sw)
{
    static const char *const keys[] = {"scenario", "power", "timers", "plan", "options", NULL};
    const vs_ynode_t *b, *n;
    vs_err_t err;
    VS_TRY(vs_yrequire(doc, root, "base", &b));
    if (b->kind == VS_Y_SCALAR)
        return load_base_file(doc, b, sw);
    VS_TRY(vs_yexpect(doc, b, VS_Y_MAP, "a base: a scenario file, or {scenario: FILE}, "
                      "{power: FILE, options: {...}} or {timers: {...}}"));
    VS_TRY(vs_ycheck_keys(doc, b, keys));
    if (!!vs_ynode_get(b, "scenario") + !!vs_ynode_get(b, "power") + !!vs_ynode_get(b, "timers") +
            !!vs_ynode_get(b, "plan") != 1)
        return vs_yerr(doc, b, VS_EINVAL, "expected one of 'scenario', 'power', 'timers' or 'plan'");
    if ((n = vs_ynode_get(b, "plan"))) {
        if (n->kind != VS_Y_SCALAR || strcmp(n->scalar, "te"))
            return vs_yerr(doc, n, VS_EINVAL, "expected 'te' (a power study is {power: STUDY}; "
                           "plan maintenance is not a sweep base)");
        sw->kind = STUDY_BASE_TE;
        return read_options(doc, vs_ynode_get(b, "options"), sw);
    }
    if ((n = vs_ynode_get(b, "scenario"))) {
        if (vs_ynode_get(b, "options"))
            return vs_yerr(doc, vs_ynode_get(b, "options"), VS_EINVAL, "a scenario base takes no "
                           "options: its axes are key paths");
        return load_base_file(doc, n, sw);
    }
    if ((n = vs_ynode_get(b, "power"))) {
        sw->kind = STUDY_BASE_POWER;
        VS_TRY(load_base_file(doc, n, sw));
        return read_options(doc, vs_ynode_get(b, "options"), sw);
    }
    sw->kind = STUDY_BASE_TIMERS;
    if (vs_ynode_get(b, "options"))
        return vs_yerr(doc, vs_ynode_get(b, "options"), VS_EINVAL, "a timers base's options go "
                       "under 'timers:' itself");
    return read_options(doc, vs_ynode_get(b, "timers"), sw);
out:
    return err;
}

/* Combinations: the product of the axes' lengths, or (zip) their common length. */
static vs_err_t count_points(const vs_ydoc_t *doc, const vs_ynode_t *root, study_sweep_t *sw)
{
    double combos = 1;
    for (size_t a = 0; a < sw->n_axes; a++) {
        if (sw->zip && sw->axes[a].n_values != sw->axes[0].n_values)
            return vs_yerr(doc, vs_ynode_get(root, "axes"), VS_EINVAL,
                           "combine: zip: axis '%s' has %zu values, axis '%s' %zu: expected "
                           "axes of one length", sw->axes[a].path, sw->axes[a].n_values,
                           sw->axes[0].path, sw->axes[0].n_values);
        combos = sw->zip ? (double)sw->axes[0].n_values : combos * (double)sw->axes[a].n_values;
    }
    if (combos * (double)sw->n_seeds > STUDY_MAX_POINTS)
        return vs_yerr(doc, root, VS_ERANGE, "%.0f points: more than %d", combos * (double)sw->n_seeds,
                       STUDY_MAX_POINTS);
    sw->n_points = (size_t)combos * sw->n_seeds;
    return VS_OK;
}

static vs_err_t read_file_bytes(const char *path, char **text, size_t *len)
{
    FILE *f = fopen(path, "rb");
    size_t cap = 1 << 16;
    *len = 0;
    if (!f)
        return vs_fail(VS_EIO, "%s: cannot read: %s", path, strerror(errno));
    if (!(*text = malloc(cap))) {
        fclose(f);
        return nomem();
    }
    for (size_t n; (n = fread(*text + *len, 1, cap - *len, f)) > 0;) {
        *len += n;
        char *bigger = *len == cap ? realloc(*text, cap *= 2) : *text;
        if (!bigger) {
            fclose(f);
            return nomem();
        }
        *text = bigger;
    }
    fclose(f);
    return VS_OK;
}

/* Whether the base's options or an axis name option. */
static bool names_option(const study_sweep_t *sw, const char *option)
{
    for (size_t o = 0; o < sw->n_options; o++)
        if (!strcmp(sw->options[o].name, option))
            return true;
    for (size_t a = 0; a < sw->n_axes; a++)
        if (!strcmp(sw->axes[a].path, option))
            return true;
    return false;
}

vs_err_t study_load(const char *path, study_sweep_t **out)
{
    static const char *const keys[] = {"sweep", "name", "base", "axes", "combine", "seeds",
                                       "runs", "metrics", NULL};
    static const char *const combines[] = {"product", "zip", NULL};
    study_sweep_t *sw = calloc(1, sizeof *sw);
    vs_ydoc_t *doc = NULL;
    char *base_text = NULL;
    size_t base_len = 0;
    int64_t version = 0;
    int combine = 0;
    const char *name = NULL;
    vs_err_t err;
    *out = NULL;
    if (!sw || !(sw->file = strdup(path)))
        VS_TRY(nomem());
    VS_TRY(vs_ydoc_load_file(path, &doc));
    const vs_ynode_t *root = vs_ydoc_root(doc);
    VS_TRY(vs_yexpect(doc, root, VS_Y_MAP, "a sweep (a mapping with 'sweep: 1')"));
    if (!vs_ynode_get(root, "sweep"))
        VS_TRY(vs_yerr(doc, root, VS_EINVAL, "not a sweep file: expected 'sweep: %d' (the "
                       "format version) at the top", STUDY_FORMAT));
    VS_TRY(vs_yget_int(doc, root, "sweep", true, STUDY_FORMAT, STUDY_FORMAT, &version));
    VS_TRY(vs_ycheck_keys(doc, root, keys));
    VS_TRY(vs_yget_str(doc, root, "name", true, &name));
    if (!(sw->name = strdup(name)))
        VS_TRY(nomem());
    VS_TRY(vs_yget_enum(doc, root, "combine", false, combines, &combine));
    sw->zip = combine == 1;
    VS_TRY(read_base(doc, root, sw));
    VS_TRY(read_axes(doc, root, sw));
    if (sw->kind == STUDY_BASE_TE && !names_option(sw, "target-mlu"))
        VS_TRY(vs_yerr(doc, vs_ynode_get(root, "base"), VS_EINVAL, "a plan te base needs "
                       "target-mlu, as one of its options or an axis"));
    VS_TRY(read_seeds(doc, root, sw));
    VS_TRY(read_metrics(doc, root, sw));
    VS_TRY(count_points(doc, root, sw));
    if (sw->base_path)
        VS_TRY(read_file_bytes(sw->base_path, &base_text, &base_len));
    sw->hash = study_hash(sw, base_text, base_len);
    *out = sw;
    sw = NULL;
out:
    free(base_text);
    vs_ydoc_free(doc);
    study_free(sw);
    return err;
}

void study_free(study_sweep_t *sw)
{
    if (!sw)
        return;
    for (size_t a = 0; a < sw->n_axes; a++) {
        for (size_t v = 0; v < sw->axes[a].n_values; v++)
            free(sw->axes[a].values[v]);
        free(sw->axes[a].values);
        free(sw->axes[a].path);
    }
    for (size_t m = 0; m < sw->n_metrics; m++) {
        free(sw->metrics[m].name);
        free(sw->metrics[m].path);
    }
    free(sw->axes);
    free(sw->metrics);
    free(sw->seeds);
    for (size_t o = 0; o < sw->n_options; o++) {
        free(sw->options[o].name);
        free(sw->options[o].value);
    }
    free(sw->options);
    free(sw->power);
    scn_free(sw->base);
    free(sw->base_path);
    free(sw->name);
    free(sw->file);
    free(sw);
}

void study_point(const study_sweep_t *sw, size_t i, const char **values, uint64_t *seed)
{
    size_t combo = i / sw->n_seeds;
    *seed = sw->seeds[i % sw->n_seeds];
    for (size_t a = sw->n_axes; a-- > 0;) {
        size_t n = sw->axes[a].n_values;
        values[a] = sw->axes[a].values[sw->zip ? combo : combo % n];
        if (!sw->zip)
            combo /= n;
    }
}

static uint64_t fnv(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++)
        h = (h ^ p[i]) * UINT64_C(0x100000001b3);
    return h;
}

/* Each string with its terminating NUL, so ("ab","c") and ("a","bc") differ. */
static uint64_t fnv_str(uint64_t h, const char *s)
{
    return fnv(h, s, strlen(s) + 1);
}

uint64_t study_hash(const study_sweep_t *sw, const char *base_text, size_t base_len)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    h = fnv(h, base_text, base_len);
    /* a scenario base hashes as before the other kinds existed: old databases stay valid */
    if (sw->kind != STUDY_BASE_SCENARIO)
        h = fnv_str(h, STUDY_BASE_KINDS[sw->kind]);
    for (size_t o = 0; o < sw->n_options; o++)
        h = fnv_str(fnv_str(h, sw->options[o].name), sw->options[o].value);
    h = fnv_str(h, sw->zip ? "zip" : "product");
    for (size_t a = 0; a < sw->n_axes; a++) {
        h = fnv_str(h, sw->axes[a].path);
        for (size_t v = 0; v < sw->axes[a].n_values; v++)
            h = fnv_str(h, sw->axes[a].values[v]);
        h = fnv_str(h, "");
    }
    for (size_t s = 0; s < sw->n_seeds; s++) {
        char buf[32];
        h = fnv_str(h, (snprintf(buf, sizeof buf, "%llu", (unsigned long long)sw->seeds[s]), buf));
    }
    for (size_t m = 0; m < sw->n_metrics; m++)
        h = fnv_str(fnv_str(h, sw->metrics[m].name), sw->metrics[m].path);
    return h;
}
