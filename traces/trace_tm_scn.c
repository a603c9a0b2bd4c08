#include "trace_tm_scn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "trace_sndlib.h"
#include "vs_out.h"
#include "vs_units.h"

const char *trace_tm_fmt_time(int64_t t_ns, char *buf, size_t len)
{
    time_t t = (time_t)(t_ns / VS_NS_PER_S);
    struct tm tmv;
    gmtime_r(&t, &tmv);
    strftime(buf, len, tmv.tm_sec ? "%Y-%m-%dT%H:%M:%S" : "%Y-%m-%dT%H:%M", &tmv);
    return buf;
}

/* "YYYY-MM-DDTHH:MM[:SS]" as UTC; a day that does not exist is refused. */
static vs_err_t parse_from(const char *s, int64_t *out)
{
    int Y, M, D, h, mi, sec = 0, n = 0, m = 0;
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d%n", &Y, &M, &D, &h, &mi, &n) != 5 || n != 16)
        return vs_fail(VS_ERANGE, "from: '%s' is not a UTC date and time (expected e.g. 2005-05-04T15:00)", s);
    const char *rest = s + n;
    if (*rest == ':' && sscanf(rest, ":%2d%n", &sec, &m) == 1 && m == 3)
        rest += 3;
    if (*rest || M < 1 || M > 12 || D < 1 || D > 31 || h > 23 || mi > 59 || sec > 59 || Y < 1970 || Y > 2200)
        return vs_fail(VS_ERANGE, "from: '%s' is not a UTC date and time (expected e.g. 2005-05-04T15:00)", s);
    struct tm tmv = {.tm_year = Y - 1900, .tm_mon = M - 1, .tm_mday = D, .tm_hour = h, .tm_min = mi, .tm_sec = sec};
    time_t t = timegm(&tmv);
    if (tmv.tm_mday != D || tmv.tm_mon != M - 1)
        return vs_fail(VS_ERANGE, "from: '%s' is not a day of the calendar", s);
    *out = (int64_t)t * VS_NS_PER_S;
    return VS_OK;
}

/* The bin of tm starting at `from`, or the busiest. */
static vs_err_t pick(const trace_tm_t *tm, const char *path, const char *from, size_t *k)
{
    size_t K = trace_tm_count(tm);
    if (K == 0)
        return vs_fail(VS_EINVAL, "%s: the traffic series holds no matrix", path);
    if (!from || !strcmp(from, "busiest")) {
        *k = 0;
        for (size_t i = 1; i < K; i++)
            if (trace_tm_total(tm, i) > trace_tm_total(tm, *k))
                *k = i;
        return VS_OK;
    }
    int64_t t = 0;
    vs_err_t err = parse_from(from, &t);
    if (err)
        return err;
    for (size_t i = 0; i < K; i++)
        if (trace_tm_time_ns(tm, i) == t) {
            *k = i;
            return VS_OK;
        }
    char a[32], b[32];
    return vs_fail(VS_ERANGE, "from: %s starts no %gs interval of %s (its intervals run from %s to %s)", from,
                   trace_tm_interval_ns(tm) / 1e9, path, trace_tm_fmt_time(trace_tm_time_ns(tm, 0), a, sizeof a),
                   trace_tm_fmt_time(trace_tm_time_ns(tm, K - 1), b, sizeof b));
}

static vs_err_t copy_out(const trace_tm_t *tm, size_t k, scn_tm_t *out)
{
    size_t n = trace_tm_nodes(tm);
    *out = (scn_tm_t){.n = n, .time_ns = trace_tm_time_ns(tm, k), .interval_ns = trace_tm_interval_ns(tm)};
    out->names = calloc(n ? n : 1, sizeof *out->names);
    out->bps = malloc((n ? n * n : 1) * sizeof *out->bps);
    if (!out->names || !out->bps) {
        scn_tm_free(out);
        return vs_fail(VS_ENOMEM, "out of memory");
    }
    memcpy(out->bps, trace_tm_matrix(tm, k), n * n * sizeof *out->bps);
    for (size_t i = 0; i < n; i++)
        if (!(out->names[i] = strdup(trace_tm_node_name(tm, i)))) {
            scn_tm_free(out);
            return vs_fail(VS_ENOMEM, "out of memory");
        }
    return VS_OK;
}

vs_err_t trace_tm_scn_read(const char *path, const char *from, sim_time_t interval, scn_tm_t *out)
{
    *out = (scn_tm_t){0};
    trace_tm_t *tm = NULL, *agg = NULL;
    vs_err_t err = trace_sndlib_load(path, &tm);
    if (!err && interval > trace_tm_interval_ns(tm) && !(err = trace_tm_aggregate(tm, interval, &agg))) {
        trace_tm_destroy(tm);
        tm = agg;
    }
    size_t k = 0;
    if (!err && !(err = pick(tm, path, from, &k)))
        err = copy_out(tm, k, out);
    trace_tm_destroy(tm);
    return err;
}

static void xml_text(FILE *f, const char *s)
{
    for (; *s; s++)
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(*s, f);
        }
}

vs_err_t trace_tm_write_sndlib(const trace_tm_t *tm, size_t k, const char *path)
{
    vs_outfile_t *of;
    vs_err_t err = vs_out_open(path, &of);
    if (err)
        return err;
    FILE *f = vs_out_stream(of);
    time_t t = (time_t)(trace_tm_time_ns(tm, k) / VS_NS_PER_S);
    struct tm tmv;
    char when[32];
    gmtime_r(&t, &tmv);
    strftime(when, sizeof when, "%Y%m%d-%H%M", &tmv);
    fprintf(f, "<?xml version=\"1.0\"?>\n<network xmlns=\"http://sndlib.zib.de/network\" version=\"1.0\">\n"
               " <meta>\n  <granularity>%llds</granularity>\n  <time>%s</time>\n  <unit>BITSPERSEC</unit>\n"
               "  <origin>",
            (long long)(trace_tm_interval_ns(tm) / VS_NS_PER_S), when);
    xml_text(f, trace_tm_source(tm));
    fprintf(f, " traffic written by vroomsim</origin>\n </meta>\n <networkStructure>\n  <nodes>\n");
    size_t n = trace_tm_nodes(tm);
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "   <node id=\"");
        xml_text(f, trace_tm_node_name(tm, i));
        fprintf(f, "\"/>\n");
    }
    fprintf(f, "  </nodes>\n </networkStructure>\n <demands>\n");
    const double *m = trace_tm_matrix(tm, k);
    for (size_t a = 0; a < n; a++)
        for (size_t b = 0; b < n; b++) {
            if (a == b || !(m[a * n + b] > 0))
                continue;
            fprintf(f, "  <demand id=\"%zu_%zu\"><source>", a, b);
            xml_text(f, trace_tm_node_name(tm, a));
            fprintf(f, "</source><target>");
            xml_text(f, trace_tm_node_name(tm, b));
            fprintf(f, "</target><demandValue>%.17g</demandValue></demand>\n", m[a * n + b]);
        }
    fprintf(f, " </demands>\n</network>\n");
    if (ferror(f)) {
        vs_out_abort(of);
        return vs_fail(VS_EIO, "%s: write failed", path);
    }
    return vs_out_commit(of);
}
