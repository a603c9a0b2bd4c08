#include "trace_sndlib.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "vs_units.h"

typedef struct {
    int64_t time_ns;
    double *m; /* n x n, bits/s */
    char *origin;
} parsed_t;

typedef struct {
    const char *path;
    char **names;
    size_t n;
    int64_t interval_ns;
    parsed_t *items;
    size_t count, cap;
    char name[256];
} ctx_t;

static xmlNodePtr first_el(xmlNodePtr p)
{
    for (xmlNodePtr n = p ? p->children : NULL; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE)
            return n;
    return NULL;
}

static xmlNodePtr next_el(xmlNodePtr n)
{
    for (n = n ? n->next : NULL; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE)
            return n;
    return NULL;
}

static int is(xmlNodePtr n, const char *name)
{
    return n && !strcmp((const char *)n->name, name);
}

static xmlNodePtr child(xmlNodePtr p, const char *name)
{
    for (xmlNodePtr n = first_el(p); n; n = next_el(n))
        if (is(n, name))
            return n;
    return NULL;
}

/* Trimmed text of a leaf element, pointer into buf. */
static const char *text(xmlNodePtr n, char *buf, size_t len)
{
    buf[0] = '\0';
    if (!n)
        return buf;
    const char *s = NULL;
    xmlChar *owned = NULL;
    if (n->children && !n->children->next && n->children->type == XML_TEXT_NODE)
        s = (const char *)n->children->content;
    else
        s = (const char *)(owned = xmlNodeGetContent(n));
    if (s) {
        while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
            s++;
        size_t k = strlen(s);
        while (k && (s[k - 1] == ' ' || s[k - 1] == '\n' || s[k - 1] == '\t' || s[k - 1] == '\r'))
            k--;
        if (k >= len)
            k = len - 1;
        memcpy(buf, s, k);
        buf[k] = '\0';
    }
    if (owned)
        xmlFree(owned);
    return buf;
}

static double unit_factor(const char *u)
{
    if (!strcmp(u, "BITSPERSEC"))
        return 1.0;
    if (!strcmp(u, "KBITPERSEC"))
        return 1e3;
    if (!strcmp(u, "MBITPERSEC"))
        return 1e6;
    if (!strcmp(u, "GBITPERSEC"))
        return 1e9;
    return 0.0;
}

/* "20040301-0000" → ns since the epoch, UTC. */
static int parse_time(const char *s, int64_t *out)
{
    int Y, M, D, h, mi;
    char tail;
    if (sscanf(s, "%4d%2d%2d-%2d%2d%c", &Y, &M, &D, &h, &mi, &tail) != 5)
        return -1;
    if (M < 1 || M > 12 || D < 1 || D > 31 || h > 23 || mi > 59 || h < 0 || mi < 0)
        return -1;
    struct tm tmv = {.tm_year = Y - 1900, .tm_mon = M - 1, .tm_mday = D, .tm_hour = h,
                     .tm_min = mi};
    *out = (int64_t)timegm(&tmv) * VS_NS_PER_S;
    return 0;
}

static vs_err_t parse_one(ctx_t *c, const char *origin, const char *buf, size_t len)
{
    vs_err_t err = VS_OK;
    char tb[256];
    double *m = NULL;
    long *map = NULL;
    char **local = NULL;
    size_t nlocal = 0;
    xmlResetLastError();
    xmlDocPtr doc = xmlReadMemory(buf, (int)len, origin, NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                      XML_PARSE_NOBLANKS | XML_PARSE_COMPACT |
                                      XML_PARSE_BIG_LINES);
    if (!doc) {
        const xmlError *e = xmlGetLastError();
        char msg[256] = "not well-formed XML";
        if (e && e->message) {
            snprintf(msg, sizeof msg, "%s", e->message);
            size_t k = strlen(msg);
            while (k && msg[k - 1] == '\n')
                msg[--k] = '\0';
        }
        return vs_fail(VS_EPARSE, "%s:%d: malformed XML: %s", origin, e ? e->line : 0, msg);
    }
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (!is(root, "network")) {
        err = vs_fail(VS_EPARSE, "%s: root element is not an SNDlib <network>", origin);
        goto out;
    }
    xmlNodePtr meta = child(root, "meta");
    double unit = 1e6;
    int64_t t_ns = 0, gran = 0;
    if (!meta || !child(meta, "time") ||
        parse_time(text(child(meta, "time"), tb, sizeof tb), &t_ns) != 0) {
        err = vs_fail(VS_EPARSE, "%s:%ld: <meta><time> missing or not YYYYMMDD-HHMM ('%s')",
                      origin, meta ? xmlGetLineNo(meta) : 0L, tb);
        goto out;
    }
    if (child(meta, "unit")) {
        unit = unit_factor(text(child(meta, "unit"), tb, sizeof tb));
        if (unit == 0) {
            err = vs_fail(VS_EPARSE, "%s:%ld: unknown <unit> '%s' (expected MBITPERSEC, "
                          "KBITPERSEC, GBITPERSEC or BITSPERSEC)", origin,
                          xmlGetLineNo(child(meta, "unit")), tb);
            goto out;
        }
    }
    if (child(meta, "granularity")) {
        text(child(meta, "granularity"), tb, sizeof tb);
        if (vs_parse_duration(tb, 0, &gran) != VS_OK || gran <= 0) {
            err = vs_fail(VS_EPARSE, "%s:%ld: <granularity> '%s' is not a duration like 5min",
                          origin, xmlGetLineNo(child(meta, "granularity")), tb);
            goto out;
        }
    }
    xmlNodePtr ns = child(root, "networkStructure");
    xmlNodePtr nodes = ns ? child(ns, "nodes") : NULL;
    if (!nodes) {
        err = vs_fail(VS_EPARSE, "%s: no <networkStructure><nodes>", origin);
        goto out;
    }
    size_t cnt = 0;
    for (xmlNodePtr n = first_el(nodes); n; n = next_el(n))
        cnt += is(n, "node");
    local = calloc(cnt ? cnt : 1, sizeof *local);
    if (!local) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    for (xmlNodePtr n = first_el(nodes); n; n = next_el(n)) {
        if (!is(n, "node"))
            continue;
        xmlChar *id = xmlGetProp(n, (const xmlChar *)"id");
        if (!id || !id[0]) {
            xmlFree(id);
            err = vs_fail(VS_EPARSE, "%s:%ld: <node> without an id", origin, xmlGetLineNo(n));
            goto out;
        }
        local[nlocal] = strdup((const char *)id);
        xmlFree(id);
        if (!local[nlocal++]) {
            err = vs_fail(VS_ENOMEM, "out of memory");
            goto out;
        }
    }
    if (!c->names) {
        /* The first file fixes the node set. */
        c->names = local;
        c->n = nlocal;
        local = NULL;
        nlocal = 0;
        c->interval_ns = gran;
    } else {
        int same = nlocal == c->n;
        for (size_t i = 0; same && i < nlocal; i++)
            same = !strcmp(local[i], c->names[i]);
        if (!same) {
            err = vs_fail(VS_EINVAL, "%s: its <nodes> differ from the first file's (%zu nodes, "
                          "first '%s'); all matrices of a set must name the same nodes", origin,
                          c->n, c->n ? c->names[0] : "");
            goto out;
        }
        if (gran && c->interval_ns && gran != c->interval_ns) {
            err = vs_fail(VS_EINVAL, "%s: <granularity> differs from the other files", origin);
            goto out;
        }
        if (!c->interval_ns)
            c->interval_ns = gran;
    }
    size_t n = c->n;
    m = calloc(n ? n * n : 1, sizeof *m);
    if (!m) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    xmlNodePtr demands = child(root, "demands");
    for (xmlNodePtr d = first_el(demands); d; d = next_el(d)) {
        if (!is(d, "demand"))
            continue;
        long line = xmlGetLineNo(d);
        char s[256], t[256], v[128];
        text(child(d, "source"), s, sizeof s);
        text(child(d, "target"), t, sizeof t);
        text(child(d, "demandValue"), v, sizeof v);
        long a = -1, b = -1;
        for (size_t i = 0; i < n; i++) {
            if (!strcmp(c->names[i], s))
                a = (long)i;
            if (!strcmp(c->names[i], t))
                b = (long)i;
        }
        if (a < 0 || b < 0) {
            err = vs_fail(VS_EINVAL, "%s:%ld: demand names node '%s', which <nodes> lacks",
                          origin, line, a < 0 ? s : t);
            goto out;
        }
        char *end;
        double val = strtod(v, &end);
        if (!v[0] || *end || !isfinite(val)) {
            err = vs_fail(VS_EPARSE, "%s:%ld: demandValue '%s' is not a number", origin, line, v);
            goto out;
        }
        if (val < 0) {
            err = vs_fail(VS_ERANGE, "%s:%ld: negative demand %s -> %s (%s)", origin, line, s, t,
                          v);
            goto out;
        }
        if (a != b)
            m[a * (long)n + b] += val * unit;
    }
    if (c->count == c->cap) {
        size_t nc = c->cap ? c->cap * 2 : 256;
        parsed_t *ni = realloc(c->items, nc * sizeof *ni);
        if (!ni) {
            err = vs_fail(VS_ENOMEM, "out of memory");
            goto out;
        }
        c->items = ni;
        c->cap = nc;
    }
    c->items[c->count].origin = strdup(origin);
    c->items[c->count].time_ns = t_ns;
    c->items[c->count++].m = m;
    m = NULL;
out:
    free(m);
    free(map);
    if (local)
        for (size_t i = 0; i < nlocal; i++)
            free(local[i]);
    free(local);
    xmlFreeDoc(doc);
    return err;
}

static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && !strcmp(s + a - b, suf);
}

static vs_err_t read_archive(ctx_t *c, const char *path)
{
    vs_err_t err = VS_OK;
    struct archive *a = archive_read_new();
    char *buf = NULL;
    size_t cap = 0;
    if (!a)
        return vs_fail(VS_ENOMEM, "out of memory");
    archive_read_support_filter_all(a);
    archive_read_support_format_tar(a);
    archive_read_support_format_gnutar(a);
    if (archive_read_open_filename(a, path, 1 << 16) != ARCHIVE_OK) {
        int e = archive_errno(a);
        err = vs_fail(e == ENOENT || e == EACCES || e == EIO ? VS_EIO : VS_EPARSE,
                      "%s: not a readable tar archive: %s", path, archive_error_string(a));
        goto out;
    }
    struct archive_entry *e;
    int r;
    while ((r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
        const char *name = archive_entry_pathname(e);
        if (archive_entry_filetype(e) != AE_IFREG || !name || !ends_with(name, ".xml"))
            continue;
        size_t len = 0;
        for (;;) {
            if (len + 65536 > cap) {
                size_t nc = cap ? cap * 2 : 1 << 17;
                char *nb = realloc(buf, nc);
                if (!nb) {
                    err = vs_fail(VS_ENOMEM, "out of memory");
                    goto out;
                }
                buf = nb;
                cap = nc;
            }
            la_ssize_t got = archive_read_data(a, buf + len, cap - len);
            if (got < 0) {
                err = vs_fail(VS_EPARSE, "%s: %s: %s", path, name, archive_error_string(a));
                goto out;
            }
            if (got == 0)
                break;
            len += (size_t)got;
        }
        char origin[1024];
        snprintf(origin, sizeof origin, "%s:%s", path, name);
        VS_TRY(parse_one(c, origin, buf, len));
    }
    if (r != ARCHIVE_EOF) {
        err = vs_fail(VS_EPARSE, "%s: not a readable tar archive: %s", path,
                      archive_error_string(a));
        goto out;
    }
out:
    free(buf);
    archive_read_free(a);
    return err;
}

static vs_err_t read_file(ctx_t *c, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return vs_fail(errno == ENOENT ? VS_ENOTFOUND : VS_EIO, "%s: cannot open: %s", path,
                       strerror(errno));
    char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len + 65536 > cap) {
            size_t nc = cap ? cap * 2 : 1 << 17;
            char *nb = realloc(buf, nc);
            if (!nb) {
                free(buf);
                fclose(f);
                return vs_fail(VS_ENOMEM, "out of memory");
            }
            buf = nb;
            cap = nc;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (!got)
            break;
    }
    fclose(f);
    vs_err_t err = parse_one(c, path, buf, len);
    free(buf);
    return err;
}

static int cmp_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static int xml_filter(const struct dirent *d)
{
    return ends_with(d->d_name, ".xml");
}

static int cmp_time(const void *x, const void *y)
{
    const parsed_t *a = x, *b = y;
    return a->time_ns < b->time_ns ? -1 : a->time_ns > b->time_ns;
}

vs_err_t trace_sndlib_load(const char *path, trace_tm_t **out)
{
    vs_err_t err = VS_OK;
    ctx_t c = {.path = path};
    trace_tm_t *tm = NULL;
    *out = NULL;
    struct stat st;
    if (stat(path, &st) != 0)
        return vs_fail(errno == ENOENT ? VS_ENOTFOUND : VS_EIO, "%s: cannot open: %s", path,
                       strerror(errno));
    if (S_ISDIR(st.st_mode)) {
        struct dirent **ents;
        int k = scandir(path, &ents, xml_filter, cmp_name);
        if (k < 0)
            return vs_fail(VS_EIO, "%s: cannot list: %s", path, strerror(errno));
        for (int i = 0; i < k; i++) {
            if (!err) {
                char p[4096];
                snprintf(p, sizeof p, "%s/%s", path, ents[i]->d_name);
                err = read_file(&c, p);
            }
            free(ents[i]);
        }
        free(ents);
        if (err)
            goto out;
    } else if (ends_with(path, ".tar.gz") || ends_with(path, ".tgz") || ends_with(path, ".tar") ||
               ends_with(path, ".tar.bz2") || ends_with(path, ".tar.xz")) {
        VS_TRY(read_archive(&c, path));
    } else {
        VS_TRY(read_file(&c, path));
    }
    if (c.count == 0) {
        err = vs_fail(VS_EINVAL, "%s: no SNDlib traffic matrices (*.xml) found", path);
        goto out;
    }
    qsort(c.items, c.count, sizeof *c.items, cmp_time);
    for (size_t k = 1; k < c.count; k++)
        if (c.items[k].time_ns == c.items[k - 1].time_ns) {
            err = vs_fail(VS_EINVAL, "%s and %s: two matrices for the same time",
                          c.items[k - 1].origin, c.items[k].origin);
            goto out;
        }
    if (!c.interval_ns) {
        /* No <granularity>: the smallest gap between matrices. */
        int64_t g = INT64_MAX;
        for (size_t k = 1; k < c.count; k++)
            if (c.items[k].time_ns - c.items[k - 1].time_ns < g)
                g = c.items[k].time_ns - c.items[k - 1].time_ns;
        c.interval_ns = g == INT64_MAX ? 300 * VS_NS_PER_S : g;
    }
    {
        const char *b = strrchr(path, '/');
        b = b && b[1] ? b + 1 : path;
        snprintf(c.name, sizeof c.name, "%s", b);
    }
    VS_TRY(trace_tm_create(c.name, "sndlib", (const char *const *)c.names, c.n, c.interval_ns,
                           &tm));
    for (size_t k = 0; k < c.count; k++)
        VS_TRY(trace_tm_append(tm, c.items[k].time_ns, c.items[k].m, NULL));
    *out = tm;
    tm = NULL;
out:
    for (size_t k = 0; k < c.count; k++) {
        free(c.items[k].m);
        free(c.items[k].origin);
    }
    free(c.items);
    for (size_t i = 0; i < c.n; i++)
        free(c.names[i]);
    free(c.names);
    trace_tm_destroy(tm);
    return err;
}
