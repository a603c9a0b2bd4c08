/* Rocketfuel ISP maps with inferred weights and latencies (weights.intra, latencies.intra:
 * "<router> <router> <value>" per directed edge; Mahajan et al., IMW 2002).
 *
 * Both directions of a link are listed; the k-th a->b line is paired with the k-th b->a line
 * into one link (weight[0] a->b, weight[1] b->a), so parallel links stay parallel. A
 * direction without its reverse becomes a link with the same weight both ways. Latencies are
 * milliseconds (one-way); a link without a latency gets the default delay. Router names end
 * in a router number after the location ("San+Jose,+CA4062"): routers sharing the location
 * share a POP. Rocketfuel states no capacities: every link gets the default capacity. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "topo_internal.h"

typedef struct {
    uint32_t a, b; /* node indices */
    uint32_t seq;  /* occurrence of (a, b) in its file, from 0 */
    uint32_t order;
    double value;
    int used;
} rf_edge_t;

typedef struct {
    rf_edge_t *e;
    size_t n, cap;
} rf_list_t;

static int cmp_edge(const void *x, const void *y)
{
    const rf_edge_t *p = x, *q = y;
    uint32_t pl = p->a < p->b ? p->a : p->b, ql = q->a < q->b ? q->a : q->b;
    uint32_t ph = p->a < p->b ? p->b : p->a, qh = q->a < q->b ? q->b : q->a;
    if (pl != ql)
        return pl < ql ? -1 : 1;
    if (ph != qh)
        return ph < qh ? -1 : 1;
    return p->order < q->order ? -1 : p->order > q->order;
}

static int cmp_exact(const void *x, const void *y)
{
    const rf_edge_t *p = x, *q = y;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    if (p->b != q->b)
        return p->b < q->b ? -1 : 1;
    return p->order < q->order ? -1 : p->order > q->order;
}

/* Reads one file into list, adding routers to t. */
static vs_err_t read_file(const char *path, topo_t *t, rf_list_t *list)
{
    vs_err_t err = VS_OK;
    char *buf = NULL;
    size_t len;
    VS_TRY(topo__slurp(path, &buf, &len));
    int line_no = 0;
    for (char *line = buf, *next; line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        line_no++;
        char *p = line;
        while (isspace((unsigned char)*p))
            p++;
        if (!*p || *p == '#')
            continue;
        char *f[4] = {0};
        int nf = 0;
        char *save = NULL;
        for (char *tok = strtok_r(p, " \t\r", &save); tok; tok = strtok_r(NULL, " \t\r", &save))
            if (nf < 4)
                f[nf++] = tok;
            else
                nf++;
        if (nf != 3) {
            err = vs_fail(VS_EPARSE, "%s:%d: %d field%s, expected 3 ('<router> <router> <value>')",
                          path, line_no, nf, nf == 1 ? "" : "s");
            goto out;
        }
        char *end;
        double v = strtod(f[2], &end);
        if (*end || !isfinite(v) || v < 0) {
            err = vs_fail(VS_EPARSE, "%s:%d: value '%s' is not a non-negative number", path,
                          line_no, f[2]);
            goto out;
        }
        uint32_t idx[2];
        for (int k = 0; k < 2; k++) {
            long i = topo_find_node(t, f[k]);
            if (i < 0)
                VS_TRY(topo_add_node(t, f[k], NULL, &idx[k]));
            else
                idx[k] = (uint32_t)i;
        }
        if (idx[0] == idx[1])
            continue;
        if (list->n == list->cap) {
            list->cap = list->cap ? list->cap * 2 : 256;
            rf_edge_t *ne = realloc(list->e, list->cap * sizeof *ne);
            if (!ne) {
                err = vs_fail(VS_ENOMEM, "out of memory");
                goto out;
            }
            list->e = ne;
        }
        list->e[list->n] = (rf_edge_t){.a = idx[0], .b = idx[1], .order = (uint32_t)list->n,
                                       .value = v};
        list->n++;
    }
out:
    free(buf);
    return err;
}

/* Numbers each edge's occurrence of its exact (a, b) pair, then restores file order. */
static void number_occurrences(rf_list_t *l)
{
    if (!l->n)
        return;
    qsort(l->e, l->n, sizeof *l->e, cmp_exact);
    for (size_t i = 0; i < l->n; i++)
        l->e[i].seq = i && l->e[i - 1].a == l->e[i].a && l->e[i - 1].b == l->e[i].b
                          ? l->e[i - 1].seq + 1 : 0;
}

static int cmp_key(const void *x, const void *y)
{
    const rf_edge_t *p = x, *q = y;
    if (p->a != q->a)
        return p->a < q->a ? -1 : 1;
    if (p->b != q->b)
        return p->b < q->b ? -1 : 1;
    return p->seq < q->seq ? -1 : p->seq > q->seq;
}

static int file_exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

vs_err_t topo__read_rocketfuel(const char *path, topo_t **out)
{
    vs_err_t err = VS_OK;
    rf_list_t w = {0}, lat = {0};
    topo_t *t = NULL;
    *out = NULL;
    char wpath[4096] = "", lpath[4096] = "";
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        snprintf(wpath, sizeof wpath, "%s/weights.intra", path);
        snprintf(lpath, sizeof lpath, "%s/latencies.intra", path);
        if (!file_exists(wpath))
            wpath[0] = '\0';
        if (!file_exists(lpath))
            lpath[0] = '\0';
        if (!wpath[0] && !lpath[0])
            return vs_fail(VS_ENOTFOUND, "%s: a Rocketfuel directory needs weights.intra or "
                           "latencies.intra", path);
    } else if (strstr(path, "latencies")) {
        snprintf(lpath, sizeof lpath, "%s", path);
    } else {
        snprintf(wpath, sizeof wpath, "%s", path);
    }
    char name[256];
    {
        char tmp[4096];
        snprintf(tmp, sizeof tmp, "%s", path);
        size_t n = strlen(tmp);
        while (n > 1 && tmp[n - 1] == '/')
            tmp[--n] = '\0';
        if (!S_ISDIR(st.st_mode)) {
            char *sl = strrchr(tmp, '/');
            if (sl)
                *sl = '\0';
            else
                snprintf(tmp, sizeof tmp, ".");
        }
        const char *b = strrchr(tmp, '/');
        /* The directory's name (an AS number), cut to fit. */
        snprintf(name, sizeof name, "rocketfuel-%.200s", b ? b + 1 : tmp);
    }
    t = topo_create(name, "rocketfuel");
    if (!t)
        return vs_fail(VS_ENOMEM, "out of memory");
    if (wpath[0])
        VS_TRY(read_file(wpath, t, &w));
    if (lpath[0])
        VS_TRY(read_file(lpath, t, &lat));
    if (topo_node_count(t) == 0) {
        err = vs_fail(VS_EINVAL, "%s: no links in the file", path);
        goto out;
    }
    /* The primary list gives the links; the other contributes its values by (a, b, seq). */
    rf_list_t *prim = w.n ? &w : &lat, *other = w.n ? &lat : NULL;
    number_occurrences(prim);
    if (other && other->n) {
        number_occurrences(other);
        qsort(other->e, other->n, sizeof *other->e, cmp_key);
    }
    /* Group the primary by unordered pair in file order and pair directions. */
    if (prim->n)
        qsort(prim->e, prim->n, sizeof *prim->e, cmp_edge);
    for (size_t i = 0; i < prim->n;) {
        size_t j = i;
        uint32_t lo = prim->e[i].a < prim->e[i].b ? prim->e[i].a : prim->e[i].b;
        uint32_t hi = prim->e[i].a < prim->e[i].b ? prim->e[i].b : prim->e[i].a;
        while (j < prim->n && (prim->e[j].a < prim->e[j].b ? prim->e[j].a : prim->e[j].b) == lo &&
               (prim->e[j].a < prim->e[j].b ? prim->e[j].b : prim->e[j].a) == hi)
            j++;
        for (size_t k = i; k < j; k++) {
            rf_edge_t *e = &prim->e[k];
            if (e->used)
                continue;
            e->used = 1;
            rf_edge_t *rev = NULL;
            for (size_t m = k + 1; m < j; m++)
                if (!prim->e[m].used && prim->e[m].a == e->b && prim->e[m].seq == e->seq) {
                    rev = &prim->e[m];
                    rev->used = 1;
                    break;
                }
            topo_link_t l = {.a = e->a, .b = e->b, .capacity_bps = TOPO_DEFAULT_CAPACITY_BPS,
                             .capacity_source = TOPO_SRC_DEFAULT};
            double lat_ms = -1;
            if (prim == &w) {
                double w0 = e->value, w1 = rev ? rev->value : e->value;
                l.weight[0] = w0 < 1 ? 1u : (uint32_t)llround(w0);
                l.weight[1] = w1 < 1 ? 1u : (uint32_t)llround(w1);
                l.weight_source = TOPO_SRC_FILE;
                if (other && other->n) {
                    rf_edge_t key = {.a = e->a, .b = e->b, .seq = e->seq};
                    rf_edge_t *hit = bsearch(&key, other->e, other->n, sizeof key, cmp_key);
                    if (hit)
                        lat_ms = hit->value;
                }
            } else {
                l.weight[0] = l.weight[1] = TOPO_DEFAULT_WEIGHT;
                l.weight_source = TOPO_SRC_DEFAULT;
                lat_ms = e->value;
            }
            if (lat_ms >= 0) {
                l.delay_ns = (int64_t)llround(lat_ms * 1e6);
                l.delay_source = TOPO_SRC_FILE;
            } else {
                l.delay_ns = TOPO_DEFAULT_DELAY_NS;
                l.delay_source = TOPO_SRC_DEFAULT;
            }
            VS_TRY(topo_add_link(t, &l, NULL));
        }
        i = j;
    }
    /* POPs: routers whose names agree once the trailing router number is removed. */
    {
        topo_t *pops = topo_create("pops", "");
        if (!pops) {
            err = vs_fail(VS_ENOMEM, "out of memory");
            goto out;
        }
        uint32_t *first = calloc(topo_node_count(t) + 1, sizeof *first);
        uint32_t *to = malloc((topo_node_count(t) + 1) * sizeof *to);
        if (!first || !to) {
            free(first);
            free(to);
            topo_destroy(pops);
            err = vs_fail(VS_ENOMEM, "out of memory");
            goto out;
        }
        for (uint32_t i = 0; i < topo_node_count(t); i++) {
            char loc[512];
            snprintf(loc, sizeof loc, "%s", topo_node(t, i)->name);
            size_t n = strlen(loc);
            while (n > 1 && isdigit((unsigned char)loc[n - 1]))
                loc[--n] = '\0';
            long p = topo_find_node(pops, loc);
            to[i] = UINT32_MAX;
            if (p < 0) {
                uint32_t pi;
                if (topo_add_node(pops, loc, NULL, &pi) == VS_OK)
                    first[pi] = i;
            } else {
                to[i] = first[p];
            }
        }
        topo_share_pops(t, to); /* O(nodes), where one call per node was O(nodes^2) */
        free(to);
        for (uint32_t p = 0; p < topo_node_count(pops); p++)
            topo__set_pop_name(t, topo_node(t, first[p])->pop, topo_node(pops, p)->name);
        free(first);
        topo_destroy(pops);
    }
    *out = t;
    t = NULL;
out:
    free(w.e);
    free(lat.e);
    topo_destroy(t);
    return err;
}
