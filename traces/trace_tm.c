#include "trace_tm.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vs_limits.h"

struct trace_tm {
    char *name, *source;
    char **names;
    size_t n;
    int64_t interval_ns;
    double *values; /* count * n * n */
    int64_t *times;
    size_t count, cap;
};

size_t trace_tm_nodes(const trace_tm_t *tm) { return tm->n; }
const char *trace_tm_node_name(const trace_tm_t *tm, size_t i) { return tm->names[i]; }
size_t trace_tm_count(const trace_tm_t *tm) { return tm->count; }
int64_t trace_tm_interval_ns(const trace_tm_t *tm) { return tm->interval_ns; }
int64_t trace_tm_time_ns(const trace_tm_t *tm, size_t k) { return tm->times[k]; }
const char *trace_tm_source(const trace_tm_t *tm) { return tm->source; }
const char *trace_tm_name(const trace_tm_t *tm) { return tm->name; }

const double *trace_tm_matrix(const trace_tm_t *tm, size_t k)
{
    return tm->values + k * tm->n * tm->n;
}

double trace_tm_demand(const trace_tm_t *tm, size_t k, size_t src, size_t dst)
{
    return tm->values[k * tm->n * tm->n + src * tm->n + dst];
}

double trace_tm_total(const trace_tm_t *tm, size_t k)
{
    const double *m = trace_tm_matrix(tm, k);
    double s = 0;
    for (size_t i = 0; i < tm->n * tm->n; i++)
        s += m[i];
    return s;
}

long trace_tm_find_node(const trace_tm_t *tm, const char *name)
{
    for (size_t i = 0; i < tm->n; i++)
        if (!strcmp(tm->names[i], name))
            return (long)i;
    return -1;
}

void trace_tm_destroy(trace_tm_t *tm)
{
    if (!tm)
        return;
    for (size_t i = 0; i < tm->n; i++)
        free(tm->names[i]);
    free(tm->names);
    free(tm->name);
    free(tm->source);
    free(tm->values);
    free(tm->times);
    free(tm);
}

vs_err_t trace_tm_create(const char *name, const char *source, const char *const *names,
                         size_t n, int64_t interval_ns, trace_tm_t **out)
{
    *out = NULL;
    if (interval_ns <= 0)
        return vs_fail(VS_ERANGE, "%s: traffic-matrix interval must be positive", name);
    if (n == 0)
        return vs_fail(VS_EINVAL, "%s: a traffic matrix needs at least one node", name);
    if (n > 100000)
        return vs_fail(VS_ERANGE, "%s: %zu nodes is too many for a traffic matrix", name, n);
    trace_tm_t *tm = calloc(1, sizeof *tm);
    if (!tm)
        return vs_fail(VS_ENOMEM, "out of memory");
    tm->name = strdup(name ? name : "");
    tm->source = strdup(source ? source : "");
    tm->names = calloc(n ? n : 1, sizeof *tm->names);
    tm->interval_ns = interval_ns;
    if (!tm->name || !tm->source || !tm->names) {
        trace_tm_destroy(tm);
        return vs_fail(VS_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        if (!names[i] || !names[i][0]) {
            trace_tm_destroy(tm);
            return vs_fail(VS_EINVAL, "%s: traffic-matrix node %zu has no name", name, i);
        }
        for (size_t j = 0; j < i; j++)
            if (!strcmp(names[i], names[j])) {
                vs_err_t e = vs_fail(VS_EINVAL, "%s: traffic-matrix node '%s' appears twice",
                                     name, names[i]);
                trace_tm_destroy(tm);
                return e;
            }
        tm->names[i] = strdup(names[i]);
        tm->n = i + 1;
        if (!tm->names[i]) {
            trace_tm_destroy(tm);
            return vs_fail(VS_ENOMEM, "out of memory");
        }
    }
    tm->n = n;
    *out = tm;
    return VS_OK;
}

static const vs_limit_t tm_limit = {.env = "VROOMSIM_MAX_TM",
                                    .what = "the traffic matrices of a set",
                                    .def = INT64_C(512000000), .bytes = true};

vs_err_t trace_tm_check_memory(const char *who, double bytes)
{
    return vs_limit_check(&tm_limit, who, bytes > 9e18 ? INT64_MAX : (int64_t)bytes);
}

vs_err_t trace_tm_append(trace_tm_t *tm, int64_t time_ns, const double *values, double **stored)
{
    if (tm->count && time_ns <= tm->times[tm->count - 1])
        return vs_fail(VS_EINVAL, "%s: matrices out of time order", tm->name);
    size_t nn = tm->n * tm->n;
    for (size_t i = 0; i < tm->n; i++)
        for (size_t j = 0; j < tm->n; j++) {
            double v = values[i * tm->n + j];
            if (i != j && (!(v >= 0) || !isfinite(v)))
                return vs_fail(VS_ERANGE, "%s: demand %s -> %s is %g (expected a finite value "
                               ">= 0)", tm->name, tm->names[i], tm->names[j], v);
        }
    if (tm->count == tm->cap) {
        double each = (double)(nn ? nn : 1) * sizeof *tm->values;
        vs_err_t err = trace_tm_check_memory(tm->name, each * (double)(tm->count + 1));
        if (err)
            return err;
        int64_t lim;
        (void)vs_limit_get(&tm_limit, &lim); /* valid: checked just above */
        size_t nc = tm->cap ? tm->cap * 2 : 64;
        if ((double)nc * each > (double)lim) /* grow to the limit, not past it */
            nc = (size_t)((double)lim / each);
        double *nv = realloc(tm->values, nc * (nn ? nn : 1) * sizeof *nv);
        if (!nv)
            return vs_fail(VS_ENOMEM, "out of memory");
        tm->values = nv;
        int64_t *nt = realloc(tm->times, nc * sizeof *nt);
        if (!nt)
            return vs_fail(VS_ENOMEM, "out of memory");
        tm->times = nt;
        tm->cap = nc;
    }
    double *m = tm->values + tm->count * nn;
    memcpy(m, values, nn * sizeof *m);
    for (size_t i = 0; i < tm->n; i++)
        m[i * tm->n + i] = 0.0;
    tm->times[tm->count++] = time_ns;
    if (stored)
        *stored = m;
    return VS_OK;
}

vs_err_t trace_tm_scale(trace_tm_t *tm, double factor)
{
    if (!(factor >= 0) || !isfinite(factor))
        return vs_fail(VS_ERANGE, "scale factor %g: expected a finite value >= 0", factor);
    size_t all = tm->count * tm->n * tm->n;
    for (size_t i = 0; i < all; i++)
        tm->values[i] *= factor;
    return VS_OK;
}

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

vs_err_t trace_tm_aggregate(const trace_tm_t *tm, int64_t interval_ns, trace_tm_t **out)
{
    vs_err_t err = VS_OK;
    *out = NULL;
    if (interval_ns <= 0)
        return vs_fail(VS_ERANGE, "aggregation interval must be positive");
    trace_tm_t *r = NULL;
    double *acc = NULL;
    VS_TRY(trace_tm_create(tm->name, tm->source, (const char *const *)tm->names, tm->n,
                           interval_ns, &r));
    size_t nn = tm->n * tm->n;
    acc = calloc(nn ? nn : 1, sizeof *acc);
    if (!acc) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t k = 0; k < tm->count;) {
        int64_t bin = floor_div(tm->times[k], interval_ns);
        size_t j = k, cnt = 0;
        memset(acc, 0, nn * sizeof *acc);
        while (j < tm->count && floor_div(tm->times[j], interval_ns) == bin) {
            const double *m = trace_tm_matrix(tm, j);
            for (size_t i = 0; i < nn; i++)
                acc[i] += m[i];
            j++;
            cnt++;
        }
        for (size_t i = 0; i < nn; i++)
            acc[i] /= (double)cnt;
        VS_TRY(trace_tm_append(r, bin * interval_ns, acc, NULL));
        k = j;
    }
    *out = r;
    r = NULL;
out:
    free(acc);
    trace_tm_destroy(r);
    return err;
}

/* Next whitespace-separated or "quoted" token of a map line; NULL at the end. */
static char *next_token(char **p)
{
    char *s = *p;
    while (*s == ' ' || *s == '\t' || *s == '\r')
        s++;
    if (!*s || *s == '#')
        return NULL;
    char *tok;
    if (*s == '"') {
        tok = ++s;
        while (*s && *s != '"')
            s++;
        if (*s)
            *s++ = '\0';
        else
            return NULL;
    } else {
        tok = s;
        while (*s && *s != ' ' && *s != '\t' && *s != '\r')
            s++;
        if (*s)
            *s++ = '\0';
    }
    *p = s;
    return tok;
}

vs_err_t trace_tm_remap(const trace_tm_t *tm, const char *map_path, trace_tm_t **out,
                        double *dropped_share)
{
    vs_err_t err = VS_OK;
    *out = NULL;
    FILE *f = fopen(map_path, "r");
    if (!f)
        return vs_fail(errno == ENOENT ? VS_ENOTFOUND : VS_EIO, "%s: cannot open node map: %s",
                       map_path, strerror(errno));
    long *to = malloc((tm->n ? tm->n : 1) * sizeof *to);
    char **tnames = calloc(tm->n ? tm->n : 1, sizeof *tnames);
    size_t nt = 0;
    trace_tm_t *r = NULL;
    double *m = NULL;
    if (!to || !tnames) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < tm->n; i++)
        to[i] = -1;
    char line[1024];
    int line_no = 0;
    while (fgets(line, sizeof line, f)) {
        line_no++;
        char *p = line, *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        char *a = next_token(&p);
        if (!a)
            continue;
        char *b = next_token(&p);
        char *extra = b ? next_token(&p) : NULL;
        if (!b || extra) {
            err = vs_fail(VS_EPARSE, "%s:%d: expected 'TM_NODE TOPOLOGY_NODE'%s", map_path,
                          line_no, b ? " and nothing more" : "");
            goto out;
        }
        long i = trace_tm_find_node(tm, a);
        if (i < 0) {
            err = vs_fail(VS_EINVAL, "%s:%d: '%s' is not a node of the traffic matrices (%s)",
                          map_path, line_no, a, tm->name);
            goto out;
        }
        if (to[i] >= 0) {
            err = vs_fail(VS_EINVAL, "%s:%d: '%s' is mapped twice", map_path, line_no, a);
            goto out;
        }
        long t = -1;
        for (size_t k = 0; k < nt; k++)
            if (!strcmp(tnames[k], b))
                t = (long)k;
        if (t < 0) {
            tnames[nt] = strdup(b);
            if (!tnames[nt]) {
                err = vs_fail(VS_ENOMEM, "out of memory");
                goto out;
            }
            t = (long)nt++;
        }
        to[i] = t;
    }
    for (size_t i = 0; i < tm->n; i++)
        if (to[i] < 0) {
            err = vs_fail(VS_EINVAL, "%s: traffic-matrix node '%s' is not mapped (add a line "
                          "'%s TOPOLOGY_NODE')", map_path, tm->names[i], tm->names[i]);
            goto out;
        }
    VS_TRY(trace_tm_create(tm->name, tm->source, (const char *const *)tnames, nt,
                           tm->interval_ns, &r));
    m = calloc(nt ? nt * nt : 1, sizeof *m);
    if (!m) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    double total = 0, dropped = 0;
    for (size_t k = 0; k < tm->count; k++) {
        memset(m, 0, nt * nt * sizeof *m);
        const double *src = trace_tm_matrix(tm, k);
        for (size_t i = 0; i < tm->n; i++)
            for (size_t j = 0; j < tm->n; j++) {
                double v = src[i * tm->n + j];
                total += v;
                if (to[i] == to[j])
                    dropped += v;
                else
                    m[to[i] * nt + to[j]] += v;
            }
        VS_TRY(trace_tm_append(r, tm->times[k], m, NULL));
    }
    if (dropped_share)
        *dropped_share = total > 0 ? dropped / total : 0.0;
    *out = r;
    r = NULL;
out:
    fclose(f);
    free(m);
    free(to);
    if (tnames)
        for (size_t k = 0; k < nt; k++)
            free(tnames[k]);
    free(tnames);
    trace_tm_destroy(r);
    return err;
}

vs_err_t trace_tm_check_nodes(const trace_tm_t *tm, const char *origin, const char *const *names,
                              size_t n)
{
    for (size_t i = 0; i < tm->n; i++) {
        size_t j = 0;
        while (j < n && strcmp(names[j], tm->names[i]))
            j++;
        if (j == n)
            return vs_fail(VS_EINVAL, "%s: traffic-matrix node '%s' is not a node of the "
                           "topology (use a node-name map: --node-map FILE)",
                           origin ? origin : tm->name, tm->names[i]);
    }
    return VS_OK;
}

vs_err_t trace_tm_peak_utilization(const trace_tm_t *tm, const trace_routing_t *r, double *peak,
                                   size_t *at_matrix, size_t *at_link)
{
    vs_err_t err = VS_OK;
    *peak = 0;
    if (at_matrix)
        *at_matrix = 0;
    if (at_link)
        *at_link = 0;
    size_t n = tm->n, cap = n + 1 > 64 ? n + 1 : 64;
    double *load = calloc(r->n_links ? r->n_links : 1, sizeof *load);
    uint32_t *path = malloc(cap * sizeof *path);
    /* Paths once: offsets into one array. */
    size_t *off = calloc(n * n + 1, sizeof *off);
    uint32_t *all = NULL;
    size_t used = 0, all_cap = 0;
    if (!load || !path || !off) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    for (size_t s = 0; s < n; s++)
        for (size_t d = 0; d < n; d++) {
            size_t len = s == d ? 0 : r->path(r->ctx, s, d, path, cap);
            if (len > cap) {
                /* Longer than the buffer: grow once and ask again. */
                uint32_t *np = realloc(path, len * sizeof *np);
                if (!np) {
                    err = vs_fail(VS_ENOMEM, "out of memory");
                    goto out;
                }
                path = np;
                cap = len;
                len = r->path(r->ctx, s, d, path, cap);
                if (len > cap) {
                    err = vs_fail(VS_EINVAL, "routing returned a path longer than %zu links",
                                  cap);
                    goto out;
                }
            }
            if (used + len > all_cap) {
                all_cap = (used + len) * 2 + 256;
                uint32_t *na = realloc(all, all_cap * sizeof *na);
                if (!na) {
                    err = vs_fail(VS_ENOMEM, "out of memory");
                    goto out;
                }
                all = na;
            }
            for (size_t i = 0; i < len; i++) {
                if (path[i] >= r->n_links) {
                    err = vs_fail(VS_EINVAL, "routing returned link %u of %zu", path[i],
                                  r->n_links);
                    goto out;
                }
                all[used + i] = path[i];
            }
            used += len;
            off[s * n + d + 1] = used;
        }
    for (size_t k = 0; k < tm->count; k++) {
        memset(load, 0, r->n_links * sizeof *load);
        const double *m = trace_tm_matrix(tm, k);
        for (size_t p = 0; p < n * n; p++)
            for (size_t i = off[p]; i < off[p + 1]; i++)
                load[all[i]] += m[p];
        for (size_t l = 0; l < r->n_links; l++) {
            double u = load[l] / r->capacity_bps[l];
            if (u > *peak) {
                *peak = u;
                if (at_matrix)
                    *at_matrix = k;
                if (at_link)
                    *at_link = l;
            }
        }
    }
out:
    free(load);
    free(path);
    free(off);
    free(all);
    return err;
}

vs_err_t trace_tm_scale_to_peak(trace_tm_t *tm, const trace_routing_t *r, double target,
                                double *factor)
{
    vs_err_t err;
    if (!(target > 0) || !isfinite(target))
        return vs_fail(VS_ERANGE, "target peak utilisation %g: expected > 0", target);
    double peak;
    if ((err = trace_tm_peak_utilization(tm, r, &peak, NULL, NULL)))
        return err;
    if (peak <= 0)
        return vs_fail(VS_EINVAL, "%s: the matrices load no link; cannot scale to a peak "
                       "utilisation", tm->name);
    double f = target / peak;
    if (factor)
        *factor = f;
    return trace_tm_scale(tm, f);
}

vs_err_t trace_tm_project(const trace_tm_t *tm, const char *origin, const char *const *names,
                          size_t n, trace_tm_t **out)
{
    vs_err_t err = VS_OK;
    *out = NULL;
    VS_TRY(trace_tm_check_nodes(tm, origin, names, n));
    trace_tm_t *r = NULL;
    long *pos = malloc(tm->n * sizeof *pos);
    double *m = calloc(n * n, sizeof *m);
    if (!pos || !m) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < tm->n; i++)
        for (size_t j = 0; j < n; j++)
            if (!strcmp(tm->names[i], names[j]))
                pos[i] = (long)j;
    if ((err = trace_tm_create(tm->name, tm->source, names, n, tm->interval_ns, &r)))
        goto done;
    for (size_t k = 0; k < tm->count && !err; k++) {
        const double *src = trace_tm_matrix(tm, k);
        memset(m, 0, n * n * sizeof *m);
        for (size_t i = 0; i < tm->n; i++)
            for (size_t j = 0; j < tm->n; j++)
                m[(size_t)pos[i] * n + (size_t)pos[j]] = src[i * tm->n + j];
        err = trace_tm_append(r, tm->times[k], m, NULL);
    }
    if (!err) {
        *out = r;
        r = NULL;
    }
done:
    trace_tm_destroy(r);
    free(pos);
    free(m);
out:
    return err;
}

long trace_tm_index_at(const trace_tm_t *tm, int64_t t_ns)
{
    size_t lo = 0, hi = tm->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (tm->times[mid] <= t_ns)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return -1;
    size_t k = lo - 1;
    return t_ns < tm->times[k] + tm->interval_ns ? (long)k : -1;
}
