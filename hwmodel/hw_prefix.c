/* hw_prefix — see hw_prefix.h. zlib's gzread reads both gzip and plain files. */
#include "hw_prefix.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "sim_rng.h"

/* Counts per length from ../shared/data/bgp/prefix_length_hist_ipv4.csv, column
 * iprbench_2023 (lengths 8..32; 0..7 are zero), divided by the total 901899. */
#define H(x) ((x) / 901899.0)
const double hw_prefix_hist_ipv4_2023[33] = {
    0, 0, 0, 0, 0, 0, 0, 0,
    H(16), H(13), H(38), H(103), H(299), H(581), H(1203), H(2100),
    H(13490), H(8235), H(13798), H(24870), H(42611), H(50750), H(108623), H(96510),
    H(537698), H(20), H(3), H(11), H(18), H(17), H(3), H(3),
    H(886),
};
#undef H

vs_err_t hw_prefix_parse(const char *text, hw_prefix_t *out)
{
    char buf[HW_PREFIX_STRLEN + 8];
    const char *slash;
    size_t alen;
    hw_prefix_t p;
    memset(&p, 0, sizeof p);
    if (!text)
        return vs_fail(VS_EINVAL, "missing prefix");
    slash = strchr(text, '/');
    alen = slash ? (size_t)(slash - text) : strlen(text);
    if (alen == 0 || alen >= sizeof buf)
        return vs_fail(VS_EINVAL, "'%s' is not an IP prefix (expected e.g. 10.1.0.0/16)", text);
    memcpy(buf, text, alen);
    buf[alen] = '\0';
    int max;
    if (inet_pton(AF_INET, buf, p.addr) == 1) {
        p.family = 4;
        max = 32;
    } else if (inet_pton(AF_INET6, buf, p.addr) == 1) {
        p.family = 6;
        max = 128;
    } else {
        return vs_fail(VS_EINVAL, "'%s' is not an IP prefix (expected e.g. 10.1.0.0/16 or "
                                  "2001:db8::/32)", text);
    }
    long len = max;
    if (slash) {
        char *end;
        errno = 0;
        len = strtol(slash + 1, &end, 10);
        if (end == slash + 1 || *end || errno || len < 0 || len > max)
            return vs_fail(VS_EINVAL, "'%s': prefix length must be 0 to %d", text, max);
    }
    p.len = (uint8_t)len;
    for (int bit = (int)len; bit < max; bit++)
        if (p.addr[bit / 8] & (0x80 >> (bit % 8))) {
            hw_prefix_t net = p;
            for (int b = (int)len; b < max; b++)
                net.addr[b / 8] &= (uint8_t) ~(0x80 >> (b % 8));
            char nb[HW_PREFIX_STRLEN];
            return vs_fail(VS_EINVAL, "'%s' has host bits set (the network is %s)", text,
                           hw_prefix_fmt(&net, nb, sizeof nb));
        }
    *out = p;
    return VS_OK;
}

char *hw_prefix_fmt(const hw_prefix_t *p, char *buf, size_t len)
{
    char a[INET6_ADDRSTRLEN];
    if (!inet_ntop(p->family == 6 ? AF_INET6 : AF_INET, p->addr, a, sizeof a))
        snprintf(a, sizeof a, "?");
    snprintf(buf, len, "%s/%u", a, p->len);
    return buf;
}

int hw_prefix_cmp(const hw_prefix_t *a, const hw_prefix_t *b)
{
    if (a->family != b->family)
        return a->family < b->family ? -1 : 1;
    int c = memcmp(a->addr, b->addr, a->family == 6 ? 16 : 4);
    if (c)
        return c;
    return (a->len > b->len) - (a->len < b->len);
}

static vs_err_t push(hw_prefix_list_t *l, const hw_prefix_t *p)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 1024;
        hw_prefix_t *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return vs_fail(VS_ENOMEM, "out of memory for %zu prefixes", cap);
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = *p;
    return VS_OK;
}

void hw_prefix_list_free(hw_prefix_list_t *l)
{
    if (!l)
        return;
    free(l->v);
    memset(l, 0, sizeof *l);
}

vs_err_t hw_prefix_list_read(const char *path, int family, size_t max, hw_prefix_list_t *out)
{
    hw_prefix_list_t l = {0};
    vs_err_t err = VS_OK;
    char line[512];
    long lineno = 0;
    gzFile f = gzopen(path, "rb");
    if (!f)
        return vs_fail(errno == ENOENT ? VS_ENOTFOUND : VS_EIO, "%s: cannot open (%s)", path,
                       strerror(errno ? errno : EIO));
    while ((max == 0 || l.n < max) && gzgets(f, line, sizeof line)) {
        lineno++;
        char *s = line, *e;
        while (isspace((unsigned char)*s))
            s++;
        for (e = s; *e && !isspace((unsigned char)*e) && *e != '#'; e++)
            ;
        *e = '\0';
        if (!*s)
            continue;
        hw_prefix_t p;
        if (hw_prefix_parse(s, &p) != VS_OK) {
            char msg[300];
            snprintf(msg, sizeof msg, "%s", vs_errmsg());
            err = vs_fail(VS_EINVAL, "%s:%ld: %s", path, lineno, msg);
            goto out;
        }
        if (family && p.family != family)
            continue;
        VS_TRY(push(&l, &p));
    }
    int zerr;
    const char *zmsg = gzerror(f, &zerr);
    if (zerr != Z_OK && zerr != Z_STREAM_END) {
        err = vs_fail(VS_EIO, "%s: read error after line %ld (%s)", path, lineno, zmsg);
        goto out;
    }
out:
    gzclose(f);
    if (err)
        hw_prefix_list_free(&l);
    else
        *out = l;
    return err;
}

vs_err_t hw_prefix_hist_read_csv(const char *path, const char *column, double hist[33])
{
    FILE *f = fopen(path, "r");
    char line[1024];
    int col = -1;
    long lineno = 0;
    double h[33] = {0}, total = 0;
    if (!f)
        return vs_fail(errno == ENOENT ? VS_ENOTFOUND : VS_EIO, "%s: cannot open (%s)", path,
                       strerror(errno));
    while (fgets(line, sizeof line, f)) {
        lineno++;
        if (line[0] == '#' || line[0] == '\n')
            continue;
        line[strcspn(line, "\r\n")] = '\0';
        char *fields[16];
        int nf = 0;
        for (char *tok = strtok(line, ","); tok && nf < 16; tok = strtok(NULL, ","))
            fields[nf++] = tok;
        if (col < 0) { /* header */
            for (int i = 1; i < nf; i++)
                if (!strcmp(fields[i], column))
                    col = i;
            if (col < 0) {
                fclose(f);
                return vs_fail(VS_EINVAL, "%s:%ld: no column '%s'", path, lineno, column);
            }
            continue;
        }
        if (!strcmp(fields[0], "total"))
            continue;
        char *end;
        long len = strtol(fields[0], &end, 10);
        if (*end || len < 0 || len > 32 || col >= nf) {
            fclose(f);
            return vs_fail(VS_EINVAL, "%s:%ld: expected 'length,count,...' with length 0..32",
                           path, lineno);
        }
        double v = strtod(fields[col], &end);
        if (*end || v < 0) {
            fclose(f);
            return vs_fail(VS_EINVAL, "%s:%ld: '%s' is not a count", path, lineno, fields[col]);
        }
        h[len] = v;
        total += v;
    }
    fclose(f);
    if (total <= 0)
        return vs_fail(VS_EINVAL, "%s: column '%s' holds no prefixes", path, column);
    for (int i = 0; i < 33; i++)
        hist[i] = h[i] / total;
    return VS_OK;
}

/* Open-addressing set of (address, length) keys for uniqueness. */
static uint64_t key_of(uint32_t a, int len)
{
    return ((uint64_t)a << 8) | (uint64_t)len;
}

static uint64_t mix(uint64_t x)
{
    x ^= x >> 33;
    x *= UINT64_C(0xff51afd7ed558ccd);
    x ^= x >> 33;
    return x;
}

vs_err_t hw_prefix_synth(size_t n, uint64_t seed, const double *hist, hw_prefix_list_t *out)
{
    hw_prefix_list_t l = {0};
    vs_err_t err = VS_OK;
    double cdf[33], acc = 0;
    if (!hist)
        hist = hw_prefix_hist_ipv4_2023;
    for (int i = 0; i < 33; i++) {
        if (hist[i] < 0)
            return vs_fail(VS_EINVAL, "prefix-length histogram: negative share for /%d", i);
        acc += hist[i];
        cdf[i] = acc;
    }
    if (acc <= 0)
        return vs_fail(VS_EINVAL, "prefix-length histogram is empty");
    /* Short lengths have few distinct prefixes: refuse counts that cannot be unique. */
    if (n > (size_t)100000000)
        return vs_fail(VS_ERANGE, "%zu synthetic prefixes is too many (at most 10^8)", n);
    size_t cap = 16;
    while (cap < n * 2 + 16)
        cap <<= 1;
    uint64_t *set = calloc(cap, sizeof *set); /* 0 = empty; keys never 0 (len >= 1 or addr) */
    if (!set)
        return vs_fail(VS_ENOMEM, "out of memory for %zu prefixes", n);
    sim_rng_t rng;
    sim_rng_init_named(&rng, seed, "hw_prefix_synth");
    size_t tries = 0;
    while (l.n < n) {
        if (++tries > n * 50 + 1000) {
            err = vs_fail(VS_ERANGE, "cannot draw %zu distinct prefixes from that length mix", n);
            goto out;
        }
        double u = sim_rng_uniform01(&rng) * acc;
        int len = 0;
        while (len < 32 && cdf[len] <= u)
            len++;
        uint32_t a;
        uint32_t first;
        do {
            a = (uint32_t)sim_rng_u64(&rng);
            first = a >> 24;
        } while (first == 0 || first == 127 || first >= 224);
        a = len ? a & (~UINT32_C(0) << (32 - len)) : 0;
        uint64_t k = key_of(a, len) + 1;
        size_t i = mix(k) & (cap - 1);
        bool dup = false;
        while (set[i]) {
            if (set[i] == k) {
                dup = true;
                break;
            }
            i = (i + 1) & (cap - 1);
        }
        if (dup)
            continue;
        set[i] = k;
        hw_prefix_t p = {.family = 4, .len = (uint8_t)len};
        uint32_t be = htonl(a);
        memcpy(p.addr, &be, 4);
        VS_TRY(push(&l, &p));
    }
out:
    free(set);
    if (err)
        hw_prefix_list_free(&l);
    else
        *out = l;
    return err;
}
