#include "trace_sndlib.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "vs_progress.h"
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

static const char *unit_name(double unit)
{
    return unit == 1.0 ? "bit/s" : unit == 1e3 ? "kbit/s" : unit == 1e9 ? "Gbit/s" : "Mbit/s";
}

/* Reads exactly n digits at *p into *out and advances *p. */
static bool take_digits(const char **p, int n, int *out)
{
    *out = 0;
    for (int i = 0; i < n; i++, (*p)++) {
        if (**p < '0' || **p > '9')
            return false;
        *out = *out * 10 + (**p - '0');
    }
    return true;
}

/* SNDlib's <time>, read as UTC: YYYYMMDD-HHMM for the 1 min .. 1 h series, YYYYMMDD for the
 * day-aggregated ones, YYYYMM for the month-aggregated ones. A date that does not exist
 * (20050231) is refused rather than normalised into the next month; years 1678..2261 only
 * (int64 nanoseconds since the epoch end there). */
static int parse_time(const char *s, int64_t *out)
{
    int Y, M, D = 1, h = 0, mi = 0;
    const char *p = s;
    if (!take_digits(&p, 4, &Y) || !take_digits(&p, 2, &M))
        return -1;
    if (*p && !take_digits(&p, 2, &D))
        return -1;
    if (*p && (*p++ != '-' || !take_digits(&p, 2, &h) || !take_digits(&p, 2, &mi)))
        return -1;
    if (*p || M < 1 || M > 12 || D < 1 || D > 31 || h > 23 || mi > 59 || Y < 1678 || Y > 2261)
        return -1;
    struct tm tmv = {.tm_year = Y - 1900, .tm_mon = M - 1, .tm_mday = D, .tm_hour = h,
                     .tm_min = mi};
    time_t t = timegm(&tmv);
    if (tmv.tm_mday != D || tmv.tm_mon != M - 1) /* timegm moved an impossible day on */
        return -1;
    *out = (int64_t)t * VS_NS_PER_S;
    return 0;
}

/* The mean Gregorian month (365.2425 / 12 days): the nominal interval of a month-aggregated
 * series, whose matrices start on the first of each month (their own <time>). */
#define SNDLIB_MONTH_S INT64_C(2629746)

/* SNDlib's <granularity>: a duration ("1min", "5min", "15min", "1h") or a count of days or
 * months ("1day", "1month"), as its series are named. */
static vs_err_t parse_granularity(const char *s, int64_t *out)
{
    if (vs_parse_duration(s, 0, out) == VS_OK)
        return *out > 0 ? VS_OK : VS_ERANGE;
    static const struct {
        const char *unit;
        int64_t seconds;
    } longer[] = {{"d", 86400},   {"day", 86400},   {"days", 86400},
                  {"week", 604800}, {"weeks", 604800},
                  {"month", SNDLIB_MONTH_S}, {"months", SNDLIB_MONTH_S}};
    char *end;
    long n = strtol(s, &end, 10);
    while (*end == ' ')
        end++;
    for (size_t i = 0; i < sizeof longer / sizeof longer[0]; i++)
        if (n > 0 && n <= 1200 && !strcmp(end, longer[i].unit)) {
            *out = n * longer[i].seconds * VS_NS_PER_S;
            return VS_OK;
        }
    return VS_EUNIT;
}

/* The matrices are read with libxml2's SAX2 interface rather than its tree: a set is
 * thousands of small documents (93 MB of XML for the Abilene subset) and building and freeing
 * a tree per file cost about half of the reading time in malloc/free (measured with perf on
 * this machine). Well-formedness checking and error positions are still libxml2's. */
enum { LEAF_NONE, LEAF_TIME, LEAF_UNIT, LEAF_GRAN, LEAF_SOURCE, LEAF_TARGET, LEAF_VALUE };

typedef struct {
    ctx_t *c;
    const char *origin;
    xmlParserCtxtPtr px;
    vs_err_t err;
    int in_meta, in_nodes, in_demands, in_demand, leaf;
    char text[256];
    size_t text_len;
    char time_s[64], unit_s[64], gran_s[64], src[256], dst[256], val[128];
    long demand_line, root_line, meta_line, time_line, gran_line; /* 0: not seen */
    char **local; /* node ids of this file */
    size_t nlocal, cap_local;
    int nodes_done;
    double unit;
    double *m;
    long last_a, last_b; /* the last demand's nodes */
} sax_t;

static long sax_line(sax_t *s)
{
    return (long)xmlSAX2GetLineNumber(s->px);
}

static void sax_stop(sax_t *s, vs_err_t err)
{
    if (!s->err)
        s->err = err;
    xmlStopParser(s->px);
}

static int sax_is(const xmlChar *name, const char *what)
{
    return !strcmp((const char *)name, what);
}

/* The file's nodes are complete: check them against the set's, allocate the matrix. */
static void sax_nodes_done(sax_t *s)
{
    ctx_t *c = s->c;
    s->nodes_done = 1;
    if (!c->names) {
        c->names = s->local;
        c->n = s->nlocal;
        s->local = NULL;
        s->nlocal = 0;
    } else {
        int same = s->nlocal == c->n;
        for (size_t i = 0; same && i < s->nlocal; i++)
            same = !strcmp(s->local[i], c->names[i]);
        if (!same) {
            sax_stop(s, vs_fail(VS_EINVAL, "%s:%ld: its <nodes> differ from the first file's (%zu "
                                "nodes, first '%s'); all matrices of a set must name the same "
                                "nodes", s->origin, sax_line(s), c->n, c->n ? c->names[0] : ""));
            return;
        }
    }
    /* Every matrix of the set is held until the series is built (and once more in it):
     * refuse, before the allocation, a set whose matrices would pass the limit. */
    double cells = (double)c->n * (double)c->n * (double)sizeof *s->m;
    char who[600];
    snprintf(who, sizeof who, "%s:%ld: %zu nodes, matrix %zu", s->origin, sax_line(s), c->n,
             c->count + 1);
    vs_err_t err = trace_tm_check_memory(who, cells * (double)(c->count + 1));
    if (err) {
        sax_stop(s, err);
        return;
    }
    s->m = calloc(c->n ? c->n * c->n : 1, sizeof *s->m);
    if (!s->m)
        sax_stop(s, vs_fail(VS_ENOMEM, "out of memory"));
}

static void sax_start(void *ctx, const xmlChar *name, const xmlChar *prefix, const xmlChar *uri,
                      int nb_ns, const xmlChar **ns, int nb_attr, int nb_def,
                      const xmlChar **attrs)
{
    sax_t *s = ctx;
    (void)prefix, (void)uri, (void)nb_ns, (void)ns, (void)nb_def;
    if (s->err)
        return;
    s->leaf = LEAF_NONE;
    s->text_len = 0;
    if (!s->root_line)
        s->root_line = sax_line(s);
    if (sax_is(name, "meta")) {
        s->in_meta = 1;
        s->meta_line = sax_line(s);
    } else if (s->in_meta) {
        s->leaf = sax_is(name, "time") ? LEAF_TIME : sax_is(name, "unit") ? LEAF_UNIT
                  : sax_is(name, "granularity") ? LEAF_GRAN : LEAF_NONE;
        if (s->leaf == LEAF_TIME)
            s->time_line = sax_line(s);
        else if (s->leaf == LEAF_GRAN)
            s->gran_line = sax_line(s);
    } else if (sax_is(name, "nodes")) {
        s->in_nodes = 1;
    } else if (s->in_nodes && sax_is(name, "node")) {
        if (s->nodes_done) { /* the node list was handed over when the demands began */
            sax_stop(s, vs_fail(VS_EPARSE, "%s:%ld: <node> after <demands> began (expected "
                                "every <node> before the demands)", s->origin, sax_line(s)));
            return;
        }
        const xmlChar *v = NULL, *e = NULL;
        for (int i = 0; i < nb_attr; i++)
            if (sax_is(attrs[5 * i], "id")) {
                v = attrs[5 * i + 3];
                e = attrs[5 * i + 4];
            }
        if (!v || e <= v) {
            sax_stop(s, vs_fail(VS_EPARSE, "%s:%ld: <node> without an id", s->origin,
                                sax_line(s)));
            return;
        }
        if (s->nlocal == s->cap_local) {
            s->cap_local = s->cap_local ? 2 * s->cap_local : 32;
            char **nl = realloc(s->local, s->cap_local * sizeof *nl);
            if (!nl) {
                sax_stop(s, vs_fail(VS_ENOMEM, "out of memory"));
                return;
            }
            s->local = nl;
        }
        s->local[s->nlocal] = strndup((const char *)v, (size_t)(e - v));
        if (!s->local[s->nlocal++])
            sax_stop(s, vs_fail(VS_ENOMEM, "out of memory"));
    } else if (sax_is(name, "demands")) {
        s->in_demands = 1;
        if (!s->nodes_done)
            sax_nodes_done(s);
    } else if (s->in_demands && sax_is(name, "demand")) {
        s->in_demand = 1;
        s->demand_line = sax_line(s);
        s->src[0] = s->dst[0] = s->val[0] = '\0';
    } else if (s->in_demand) {
        s->leaf = sax_is(name, "source") ? LEAF_SOURCE : sax_is(name, "target") ? LEAF_TARGET
                  : sax_is(name, "demandValue") ? LEAF_VALUE : LEAF_NONE;
    }
}

static void sax_chars(void *ctx, const xmlChar *ch, int len)
{
    sax_t *s = ctx;
    if (s->leaf == LEAF_NONE || s->err)
        return;
    size_t room = sizeof s->text - 1 - s->text_len;
    size_t k = (size_t)len < room ? (size_t)len : room;
    memcpy(s->text + s->text_len, ch, k);
    s->text_len += k;
}

/* The collected text, blanks trimmed, into dst. */
static void sax_take(sax_t *s, char *dst, size_t len)
{
    s->text[s->text_len] = '\0';
    const char *p = s->text;
    while (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r')
        p++;
    size_t k = strlen(p);
    while (k && (p[k - 1] == ' ' || p[k - 1] == '\n' || p[k - 1] == '\t' || p[k - 1] == '\r'))
        k--;
    if (k >= len)
        k = len - 1;
    memcpy(dst, p, k);
    dst[k] = '\0';
}

static void sax_demand(sax_t *s)
{
    ctx_t *c = s->c;
    if (!s->nodes_done)
        sax_nodes_done(s);
    if (s->err)
        return;
    long a = -1, b = -1;
    /* Files list demands source by source, targets in node order: try the last source and
     * the node after the last target first (a 750-node matrix has 560,000 demands). */
    if (s->last_a >= 0 && !strcmp(c->names[s->last_a], s->src))
        a = s->last_a;
    if (s->last_b + 1 < (long)c->n && !strcmp(c->names[s->last_b + 1], s->dst))
        b = s->last_b + 1;
    for (size_t i = 0; i < c->n && (a < 0 || b < 0); i++) {
        if (a < 0 && !strcmp(c->names[i], s->src))
            a = (long)i;
        if (b < 0 && !strcmp(c->names[i], s->dst))
            b = (long)i;
    }
    s->last_a = a;
    s->last_b = b;
    if (a < 0 || b < 0) {
        sax_stop(s, vs_fail(VS_EINVAL, "%s:%ld: demand names node '%s', which <nodes> lacks",
                            s->origin, s->demand_line, a < 0 ? s->src : s->dst));
        return;
    }
    char *end;
    double v = strtod(s->val, &end);
    if (!s->val[0] || *end || !isfinite(v)) {
        sax_stop(s, vs_fail(VS_EPARSE, "%s:%ld: demandValue '%s' is not a number", s->origin,
                            s->demand_line, s->val));
        return;
    }
    if (v < 0) {
        sax_stop(s, vs_fail(VS_ERANGE, "%s:%ld: negative demand %s -> %s (%s)", s->origin,
                            s->demand_line, s->src, s->dst, s->val));
        return;
    }
    if (a == b)
        return;
    double *cell = &s->m[(size_t)a * c->n + (size_t)b];
    /* Checked here, where the line is known: trace_tm_append would name only the series. */
    if (!isfinite(*cell + v * s->unit)) {
        sax_stop(s, vs_fail(VS_ERANGE, "%s:%ld: demand %s -> %s of %g %s is not a finite rate in "
                            "bit/s", s->origin, s->demand_line, s->src, s->dst, v,
                            unit_name(s->unit)));
        return;
    }
    *cell += v * s->unit;
}

static void sax_end(void *ctx, const xmlChar *name, const xmlChar *prefix, const xmlChar *uri)
{
    sax_t *s = ctx;
    (void)prefix, (void)uri;
    if (s->err)
        return;
    switch (s->leaf) {
    case LEAF_TIME: sax_take(s, s->time_s, sizeof s->time_s); break;
    case LEAF_UNIT:
        sax_take(s, s->unit_s, sizeof s->unit_s);
        s->unit = unit_factor(s->unit_s);
        if (s->unit == 0)
            sax_stop(s, vs_fail(VS_EPARSE, "%s:%ld: unknown <unit> '%s' (expected MBITPERSEC, "
                                "KBITPERSEC, GBITPERSEC or BITSPERSEC)", s->origin, sax_line(s),
                                s->unit_s));
        break;
    case LEAF_GRAN: sax_take(s, s->gran_s, sizeof s->gran_s); break;
    case LEAF_SOURCE: sax_take(s, s->src, sizeof s->src); break;
    case LEAF_TARGET: sax_take(s, s->dst, sizeof s->dst); break;
    case LEAF_VALUE: sax_take(s, s->val, sizeof s->val); break;
    default: break;
    }
    s->leaf = LEAF_NONE;
    s->text_len = 0;
    if (sax_is(name, "meta"))
        s->in_meta = 0;
    else if (sax_is(name, "nodes"))
        s->in_nodes = 0;
    else if (sax_is(name, "demands"))
        s->in_demands = 0;
    else if (s->in_demand && sax_is(name, "demand")) {
        s->in_demand = 0;
        sax_demand(s);
    }
}

static void sax_quiet(void *ctx, const xmlError *e)
{
    (void)ctx, (void)e; /* errors are read from the context after parsing */
}

/* Where a file's bytes come from: a file or an archive member. Reads up to cap bytes into
 * buf; *got 0 at the end. */
typedef vs_err_t (*chunk_fn)(void *src, char *buf, size_t cap, size_t *got);

#define CHUNK (1 << 16)

/* Feeds the bytes from next to the SAX parser a chunk at a time: memory holds one chunk and
 * the matrix, whatever the file's size. *rc: libxml2's result; *blank: nothing but white
 * space came. */
static vs_err_t feed(sax_t *s, chunk_fn next, void *src, uint64_t size, int *rc, bool *blank)
{
    char *buf = malloc(CHUNK);
    if (!buf)
        return vs_fail(VS_ENOMEM, "out of memory");
    vs_progress_t pr;
    char what[300];
    uint64_t total = 0;
    snprintf(what, sizeof what, "reading %s", s->origin);
    vs_progress_start(&pr, what, size);
    *blank = true;
    *rc = 0;
    for (;;) {
        size_t got;
        vs_err_t err = next(src, buf, CHUNK, &got);
        if (err) {
            vs_progress_end(&pr);
            free(buf);
            return err;
        }
        for (size_t i = 0; i < got && *blank; i++)
            *blank = buf[i] == ' ' || buf[i] == '\n' || buf[i] == '\t' || buf[i] == '\r';
        if (got == 0 || s->err || *rc)
            break;
        *rc = xmlParseChunk(s->px, buf, (int)got, 0);
        vs_progress_update(&pr, total += got);
    }
    if (!s->err && !*rc && !*blank)
        *rc = xmlParseChunk(s->px, NULL, 0, 1);
    vs_progress_end(&pr);
    free(buf);
    return VS_OK;
}

/* size: the bytes expected, for progress (0 unknown). */
static vs_err_t parse_one(ctx_t *c, const char *origin, chunk_fn next, void *src, uint64_t size)
{
    vs_err_t err = VS_OK;
    sax_t s = {.c = c, .origin = origin, .unit = 1e6, .last_a = -1, .last_b = -1};
    xmlSAXHandler h;
    memset(&h, 0, sizeof h);
    h.initialized = XML_SAX2_MAGIC;
    h.startElementNs = sax_start;
    h.endElementNs = sax_end;
    h.characters = sax_chars;
    h.serror = (xmlStructuredErrorFunc)sax_quiet;
    s.px = xmlCreatePushParserCtxt(&h, &s, NULL, 0, origin);
    if (!s.px)
        return vs_fail(VS_ENOMEM, "out of memory");
    xmlCtxtUseOptions(s.px, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                XML_PARSE_BIG_LINES);
    int rc = 0;
    bool blank = true;
    if ((err = feed(&s, next, src, size, &rc, &blank)))
        goto out;
    if (blank && !s.err) { /* libxml2 would say "Extra content at the end of the document" */
        err = vs_fail(VS_EPARSE, "%s: the file is empty (expected an SNDlib traffic matrix in "
                      "XML, <network> with <meta>, <nodes> and <demands>)", origin);
        goto out;
    }
    if (s.err) {
        err = s.err;
        goto out;
    }
    if (rc != 0 || !s.px->wellFormed) {
        const xmlError *e = xmlCtxtGetLastError(s.px);
        char msg[256] = "not well-formed XML";
        if (e && e->message) {
            snprintf(msg, sizeof msg, "%s", e->message);
            size_t k = strlen(msg);
            while (k && msg[k - 1] == '\n')
                msg[--k] = '\0';
        }
        err = vs_fail(VS_EPARSE, "%s:%d: malformed XML: %s", origin, e ? e->line : 0, msg);
        goto out;
    }
    if (!s.nodes_done) {
        err = vs_fail(VS_EPARSE, "%s: no SNDlib <nodes> and <demands>", origin);
        goto out;
    }
    int64_t t_ns, gran = 0;
    if (!s.time_line) {
        err = vs_fail(VS_EPARSE, "%s:%ld: %s has no <time> (expected the start of the matrix, "
                      "YYYYMMDD-HHMM, YYYYMMDD or YYYYMM)", origin,
                      s.meta_line ? s.meta_line : s.root_line, s.meta_line ? "<meta>" : "<network>");
        goto out;
    }
    if (parse_time(s.time_s, &t_ns) != 0) {
        err = vs_fail(VS_EPARSE, "%s:%ld: <time> '%s' is not a date and time (expected "
                      "YYYYMMDD-HHMM, YYYYMMDD or YYYYMM, UTC, year 1678..2261)", origin, s.time_line,
                      s.time_s);
        goto out;
    }
    /* Without it the interval each matrix covers would be a guess (the gaps between
     * matrices, which the SNDlib subsets have many of). */
    if (!s.gran_line) {
        err = vs_fail(VS_EPARSE, "%s:%ld: %s has no <granularity> (expected the interval each "
                      "matrix covers, e.g. <granularity>5min</granularity>)", origin,
                      s.meta_line ? s.meta_line : s.root_line, s.meta_line ? "<meta>" : "<network>");
        goto out;
    }
    if (parse_granularity(s.gran_s, &gran) != VS_OK) {
        err = vs_fail(VS_EPARSE, "%s:%ld: <granularity> '%s' is not an interval (expected e.g. "
                      "1min, 5min, 15min, 1h, 1day or 1month)", origin, s.gran_line, s.gran_s);
        goto out;
    }
    if (c->interval_ns && gran != c->interval_ns) {
        err = vs_fail(VS_EINVAL, "%s:%ld: <granularity> differs from the other files", origin,
                      s.gran_line);
        goto out;
    }
    if (!c->interval_ns)
        c->interval_ns = gran;
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
    c->items[c->count++].m = s.m;
    s.m = NULL;
out:
    free(s.m);
    for (size_t i = 0; i < s.nlocal; i++)
        free(s.local[i]);
    free(s.local);
    xmlFreeParserCtxt(s.px);
    return err;
}

static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && !strcmp(s + a - b, suf);
}

typedef struct {
    struct archive *a;
    const char *path, *name;
} member_t;

static vs_err_t member_chunk(void *src, char *buf, size_t cap, size_t *got)
{
    member_t *m = src;
    la_ssize_t n = archive_read_data(m->a, buf, cap);
    if (n < 0)
        return vs_fail(VS_EPARSE, "%s: %s: %s", m->path, m->name, archive_error_string(m->a));
    *got = (size_t)n;
    return VS_OK;
}

static vs_err_t read_archive(ctx_t *c, const char *path)
{
    vs_err_t err = VS_OK;
    struct archive *a = archive_read_new();
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
        char origin[1024];
        snprintf(origin, sizeof origin, "%s:%s", path, name);
        member_t m = {a, path, name};
        VS_TRY(parse_one(c, origin, member_chunk, &m,
                          archive_entry_size_is_set(e) ? (uint64_t)archive_entry_size(e) : 0));
    }
    if (r != ARCHIVE_EOF) {
        err = vs_fail(VS_EPARSE, "%s: not a readable tar archive: %s", path,
                      archive_error_string(a));
        goto out;
    }
out:
    archive_read_free(a);
    return err;
}

typedef struct {
    FILE *f;
    const char *path;
} file_src_t;

static vs_err_t file_chunk(void *src, char *buf, size_t cap, size_t *got)
{
    file_src_t *fs = src;
    *got = fread(buf, 1, cap, fs->f);
    if (*got == 0 && ferror(fs->f))
        return vs_fail(VS_EIO, "%s: read error", fs->path);
    return VS_OK;
}

static vs_err_t read_file(ctx_t *c, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return vs_fail(errno == ENOENT ? VS_ENOTFOUND : VS_EIO, "%s: cannot open: %s", path,
                       strerror(errno));
    file_src_t fs = {f, path};
    vs_err_t err = parse_one(c, path, file_chunk, &fs, vs_progress_file_size(path));
    fclose(f);
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
