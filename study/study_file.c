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

static vs_err_t read_axis(const vs_ydoc_t *doc, const vs_ynode_t *node, study_axis_t *ax)
{
    static const char *const keys[] = {"path", "values", "range", NULL};
    const char *path = NULL;
    const vs_ynode_t *vals = NULL, *range = NULL;
    vs_err_t err;
    VS_TRY(vs_yexpect(doc, node, VS_Y_MAP, "an axis {path: ..., values: [...]}"));
    VS_TRY(vs_ycheck_keys(doc, node, keys));
    VS_TRY(vs_yget_str(doc, node, "path", true, &path));
    if (!(ax->path = strdup(path)))
        return nomem();
    vals = vs_ynode_get(node, "values");
    range = vs_ynode_get(node, "range");
    if (!vals == !range)
        return vs_yerr(doc, node, VS_EINVAL, "axis '%s': expected either 'values' or 'range'", path);
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
        size_t len = strlen(ax->path) + strlen(ax->values[v]) + 2;
        char *set = malloc(len);
        if (!set)
            return nomem();
        snprintf(set, len, "%s=%s", ax->path, ax->values[v]);
        const char *sets[1] = {set};
        const scn_t *variant = NULL;
        vs_err_t err = scn_derive(sw->base, sets, 1, &variant);
        scn_free(variant);
        if (err) {
            /* scn_derive names the setting as --set PATH=VALUE; here the axis says it. */
            char msg[1024], prefix[1100];
            snprintf(msg, sizeof msg, "%s", vs_errmsg());
            snprintf(prefix, sizeof prefix, "--set %s: ", set);
            size_t skip = strncmp(msg, prefix, strlen(prefix)) ? 0 : strlen(prefix);
            err = vs_yerr(doc, node, err, "axis '%s', value '%s': %s", ax->path, ax->values[v],
                          msg + skip);
        }
        free(set);
        if (err)
            return err;
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
        VS_TRY(read_axis(doc, axes->vals[i], ax));
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

/* The base scenario, relative to the sweep file's folder. */
static vs_err_t read_base(const vs_ydoc_t *doc, const vs_ynode_t *root, const char *file,
                          study_sweep_t *sw)
{
    const char *base = NULL;
    vs_err_t err;
    VS_TRY(vs_yget_str(doc, root, "base", true, &base));
    const char *slash = strrchr(file, '/');
    int dir = base[0] == '/' || !slash ? 0 : (int)(slash - file + 1);
    size_t len = (size_t)dir + strlen(base) + 1;
    if (!(sw->base_path = malloc(len)))
        return nomem();
    snprintf(sw->base_path, len, "%.*s%s", dir, file, base);
    if ((err = scn_load(sw->base_path, &sw->base))) {
        char msg[1024];
        snprintf(msg, sizeof msg, "%s", vs_errmsg());
        return vs_yerr(doc, vs_ynode_get(root, "base"), err, "base scenario: %s", msg);
    }
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
    VS_TRY(read_base(doc, root, path, sw));
    VS_TRY(read_axes(doc, root, sw));
    VS_TRY(read_seeds(doc, root, sw));
    VS_TRY(read_metrics(doc, root, sw));
    VS_TRY(count_points(doc, root, sw));
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
