#include "trace_bgp.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "sim_rng.h"

struct trace_bgp {
    trace_prefix4_t *v4;
    size_t n4, cap4;
    trace_prefix6_t *v6;
    size_t n6, cap6;
};

const double trace_bgp_default_mix[33] = {
    0,     0,     0,     0,     0,     0,     0,     0,      20,   10,    25,
    68,    196,   406,   707,   1284,  11161, 5340,  9130,   18385, 22791, 22858,
    29899, 29580, 168394, 1028, 1319,  708,   118,   47,     6,     0,     7,
};

void trace_bgp_destroy(trace_bgp_t *t)
{
    if (!t)
        return;
    free(t->v4);
    free(t->v6);
    free(t);
}

size_t trace_bgp_v4_count(const trace_bgp_t *t) { return t->n4; }
size_t trace_bgp_v6_count(const trace_bgp_t *t) { return t->n6; }
const trace_prefix4_t *trace_bgp_v4(const trace_bgp_t *t) { return t->v4; }
const trace_prefix6_t *trace_bgp_v6(const trace_bgp_t *t) { return t->v6; }

void trace_bgp_v4_hist(const trace_bgp_t *t, size_t hist[33])
{
    memset(hist, 0, 33 * sizeof *hist);
    for (size_t i = 0; i < t->n4; i++)
        hist[t->v4[i].len]++;
}

static int cmp4(const void *x, const void *y)
{
    const trace_prefix4_t *a = x, *b = y;
    if (a->addr != b->addr)
        return a->addr < b->addr ? -1 : 1;
    return (int)a->len - (int)b->len;
}

static int cmp6(const void *x, const void *y)
{
    const trace_prefix6_t *a = x, *b = y;
    int c = memcmp(a->addr, b->addr, 16);
    return c ? c : (int)a->len - (int)b->len;
}

static void sort_unique(trace_bgp_t *t)
{
    if (t->n4)
        qsort(t->v4, t->n4, sizeof *t->v4, cmp4);
    size_t w = 0;
    for (size_t i = 0; i < t->n4; i++)
        if (!w || cmp4(&t->v4[w - 1], &t->v4[i]))
            t->v4[w++] = t->v4[i];
    t->n4 = w;
    if (t->n6)
        qsort(t->v6, t->n6, sizeof *t->v6, cmp6);
    w = 0;
    for (size_t i = 0; i < t->n6; i++)
        if (!w || cmp6(&t->v6[w - 1], &t->v6[i]))
            t->v6[w++] = t->v6[i];
    t->n6 = w;
}

static uint32_t mask4(uint8_t len)
{
    return len == 0 ? 0 : 0xffffffffu << (32 - len);
}

vs_err_t trace_bgp_load(const char *path, trace_bgp_t **out)
{
    vs_err_t err = VS_OK;
    *out = NULL;
    gzFile f = gzopen(path, "rb");
    if (!f)
        return vs_fail(errno == ENOENT ? VS_ENOTFOUND : VS_EIO, "%s: cannot open: %s", path,
                       strerror(errno ? errno : EIO));
    gzbuffer(f, 1 << 17);
    trace_bgp_t *t = calloc(1, sizeof *t);
    if (!t) {
        gzclose(f);
        return vs_fail(VS_ENOMEM, "out of memory");
    }
    char line[512];
    long line_no = 0;
    while (gzgets(f, line, sizeof line)) {
        line_no++;
        char *p = line;
        while (isspace((unsigned char)*p))
            p++;
        size_t k = strlen(p);
        while (k && isspace((unsigned char)p[k - 1]))
            p[--k] = '\0';
        if (!*p || *p == '#')
            continue;
        char *slash = strchr(p, '/');
        char *end;
        long len = slash ? strtol(slash + 1, &end, 10) : -1;
        if (!slash || end == slash + 1 || *end) {
            err = vs_fail(VS_EPARSE, "%s:%ld: '%.60s' is not a prefix (expected ADDRESS/LENGTH)",
                          path, line_no, p);
            goto out;
        }
        *slash = '\0';
        if (strchr(p, ':')) {
            trace_prefix6_t px = {0};
            if (inet_pton(AF_INET6, p, px.addr) != 1 || len < 0 || len > 128) {
                err = vs_fail(VS_EPARSE, "%s:%ld: '%s/%ld' is not an IPv6 prefix", path, line_no,
                              p, len);
                goto out;
            }
            px.len = (uint8_t)len;
            for (int b = (int)len; b < 128; b++)
                px.addr[b / 8] &= (uint8_t)~(0x80u >> (b % 8));
            if (t->n6 == t->cap6) {
                t->cap6 = t->cap6 ? t->cap6 * 2 : 1024;
                trace_prefix6_t *n = realloc(t->v6, t->cap6 * sizeof *n);
                if (!n) {
                    err = vs_fail(VS_ENOMEM, "out of memory");
                    goto out;
                }
                t->v6 = n;
            }
            t->v6[t->n6++] = px;
        } else {
            struct in_addr a;
            if (inet_pton(AF_INET, p, &a) != 1 || len < 0 || len > 32) {
                err = vs_fail(VS_EPARSE, "%s:%ld: '%s/%ld' is not an IPv4 prefix", path, line_no,
                              p, len);
                goto out;
            }
            if (t->n4 == t->cap4) {
                t->cap4 = t->cap4 ? t->cap4 * 2 : 4096;
                trace_prefix4_t *n = realloc(t->v4, t->cap4 * sizeof *n);
                if (!n) {
                    err = vs_fail(VS_ENOMEM, "out of memory");
                    goto out;
                }
                t->v4 = n;
            }
            t->v4[t->n4++] = (trace_prefix4_t){ntohl(a.s_addr) & mask4((uint8_t)len),
                                               (uint8_t)len};
        }
    }
    int zerr;
    const char *zmsg = gzerror(f, &zerr);
    if (zerr != Z_OK && zerr != Z_STREAM_END) {
        err = vs_fail(VS_EPARSE, "%s: after line %ld: %s", path, line_no, zmsg);
        goto out;
    }
    sort_unique(t);
    *out = t;
    t = NULL;
out:
    gzclose(f);
    trace_bgp_destroy(t);
    return err;
}

vs_err_t trace_bgp_mix_load(const char *csv_path, const char *column, double weights[33])
{
    vs_err_t err = VS_OK;
    FILE *f = fopen(csv_path, "r");
    if (!f)
        return vs_fail(errno == ENOENT ? VS_ENOTFOUND : VS_EIO, "%s: cannot open: %s", csv_path,
                       strerror(errno));
    char line[1024];
    int line_no = 0, col = -1, seen = 0;
    for (int i = 0; i < 33; i++)
        weights[i] = 0;
    while (fgets(line, sizeof line, f)) {
        line_no++;
        if (line[0] == '#' || line[0] == '\n')
            continue;
        line[strcspn(line, "\r\n")] = '\0';
        char *save = NULL, *tok = strtok_r(line, ",", &save);
        if (col < 0) {
            for (int c = 0; tok; tok = strtok_r(NULL, ",", &save), c++)
                if (!strcmp(tok, column))
                    col = c;
            if (col <= 0) {
                err = vs_fail(VS_EINVAL, "%s:%d: no column '%s' in the header", csv_path,
                              line_no, column);
                goto out;
            }
            continue;
        }
        if (!strcmp(tok, "total"))
            continue;
        char *end;
        long len = strtol(tok, &end, 10);
        if (*end || len < 0 || len > 32) {
            err = vs_fail(VS_EPARSE, "%s:%d: prefix length '%s' not in 0..32", csv_path, line_no,
                          tok);
            goto out;
        }
        for (int c = 1; c <= col; c++)
            tok = strtok_r(NULL, ",", &save);
        double v = tok ? strtod(tok, &end) : -1;
        if (!tok || *end || !(v >= 0)) {
            err = vs_fail(VS_EPARSE, "%s:%d: column '%s' is not a count >= 0", csv_path,
                          line_no, column);
            goto out;
        }
        weights[len] = v;
        seen++;
    }
    if (!seen)
        err = vs_fail(VS_EPARSE, "%s: no rows", csv_path);
out:
    fclose(f);
    return err;
}

vs_err_t trace_bgp_synthetic(size_t n_routes, uint64_t seed, const double *weights,
                             trace_bgp_t **out)
{
    *out = NULL;
    if (!weights)
        weights = trace_bgp_default_mix;
    if (n_routes > 10000000)
        return vs_fail(VS_ERANGE, "synthetic BGP table: %zu routes (at most 10^7)", n_routes);
    double sum = 0;
    for (int l = 0; l <= 32; l++) {
        if (!(weights[l] >= 0) || !isfinite(weights[l]))
            return vs_fail(VS_ERANGE, "synthetic BGP table: weight for /%d is %g", l, weights[l]);
        sum += weights[l];
    }
    if (sum <= 0 && n_routes)
        return vs_fail(VS_EINVAL, "synthetic BGP table: the prefix-length weights are all 0");
    /* Largest remainder: exact total, deterministic. */
    size_t count[33] = {0}, given = 0;
    double rem[33];
    for (int l = 0; l <= 32; l++) {
        double share = n_routes * weights[l] / (sum > 0 ? sum : 1);
        count[l] = (size_t)floor(share);
        rem[l] = share - (double)count[l];
        given += count[l];
    }
    while (given < n_routes) {
        int best = -1;
        for (int l = 0; l <= 32; l++)
            if (weights[l] > 0 && (best < 0 || rem[l] > rem[best]))
                best = l;
        count[best]++;
        rem[best] = -1;
        given++;
    }
    /* Capacity of each length: 2^L prefixes; overflow moves to the longest length with room. */
    size_t excess = 0;
    for (int l = 0; l <= 32; l++) {
        uint64_t room = (uint64_t)1 << l;
        if (count[l] > room) {
            excess += count[l] - room;
            count[l] = (size_t)room;
        }
    }
    for (int l = 32; l >= 0 && excess; l--) {
        uint64_t room = ((uint64_t)1 << l) - count[l];
        size_t add = excess < room ? excess : (size_t)room;
        count[l] += add;
        excess -= add;
    }
    trace_bgp_t *t = calloc(1, sizeof *t);
    if (!t)
        return vs_fail(VS_ENOMEM, "out of memory");
    t->cap4 = n_routes ? n_routes : 1;
    t->v4 = malloc(t->cap4 * sizeof *t->v4);
    /* Hash set of (addr, len) for uniqueness, load <= 0.5. */
    size_t hcap = 1024;
    while (hcap < 2 * n_routes)
        hcap *= 2;
    uint64_t *set = calloc(hcap, sizeof *set); /* key = addr << 8 | len, + 1 so 0 is empty */
    if (!t->v4 || !set) {
        free(set);
        trace_bgp_destroy(t);
        return vs_fail(VS_ENOMEM, "out of memory");
    }
    sim_rng_t rng;
    sim_rng_init_named(&rng, seed, "bgp-synthetic");
    for (int l = 0; l <= 32; l++) {
        uint32_t mask = mask4((uint8_t)l);
        uint64_t room = (uint64_t)1 << l;
        uint64_t offset = sim_rng_u64(&rng) & (room - 1);
        for (size_t k = 0; k < count[l]; k++) {
            for (;;) {
                uint32_t a;
                if (count[l] * 2 > room) {
                    /* Dense length (e.g. /8 at 255k): enumerate in a seeded order instead. */
                    a = (uint32_t)((((uint64_t)k * 2654435761u + offset) % room) << (32 - l));
                } else {
                    a = (uint32_t)sim_rng_u64(&rng) & mask;
                }
                uint64_t key = (((uint64_t)a << 8) | (uint64_t)l) + 1;
                uint64_t h = key * 0x9E3779B97F4A7C15ull;
                size_t i = (size_t)(h >> 20) & (hcap - 1);
                while (set[i] && set[i] != key)
                    i = (i + 1) & (hcap - 1);
                if (set[i]) {
                    if (count[l] * 2 > room)
                        break; /* cannot happen: the enumeration is a bijection for odd mult */
                    continue;
                }
                set[i] = key;
                t->v4[t->n4++] = (trace_prefix4_t){a, (uint8_t)l};
                break;
            }
        }
    }
    free(set);
    sort_unique(t);
    *out = t;
    return VS_OK;
}
