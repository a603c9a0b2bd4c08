/* hw_prefix — see hw_prefix.h. zlib's gzread reads both gzip and plain files. */
#include "hw_prefix.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "sim_rng.h"
#include "vs_limits.h"
#include "vs_progress.h"

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

/* The ris_2010_union column of the same CSV (RIPE RIS RIB of 2010-07-01, peers AS4777 +
 * AS2497, 323,487 prefixes), divided by its total. */
#define H(x) ((x) / 323487.0)
const double hw_prefix_hist_ipv4_2010[33] = {
    0, 0, 0, 0, 0, 0, 0, 0,
    H(20), H(10), H(25), H(68), H(196), H(406), H(707), H(1284),
    H(11161), H(5340), H(9130), H(18385), H(22791), H(22858), H(29899), H(29580),
    H(168394), H(1028), H(1319), H(708), H(118), H(47), H(6), H(0),
    H(7),
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

/* A list is held whole, 18 bytes a prefix (a full table of 2023, about a million IPv4 and
 * 200,000 IPv6 prefixes, is 22 MB); docs/limits.md. */
static const vs_limit_t prefixes_limit = {.env = "VROOMSIM_MAX_PREFIXES",
                                          .what = "a prefix list", .def = INT64_C(20000000),
                                          .unit = "prefixes"};

vs_err_t hw_prefix_list_read(const char *path, int family, size_t max, hw_prefix_list_t *out)
{
    hw_prefix_list_t l = {0};
    vs_err_t err = VS_OK;
    char line[512], what[300];
    long lineno = 0;
    int64_t limit;
    if ((err = vs_limit_get(&prefixes_limit, &limit)))
        return err;
    gzFile f = gzopen(path, "rb");
    if (!f)
        return vs_fail(errno == ENOENT ? VS_ENOTFOUND : VS_EIO, "%s: cannot open (%s)", path,
                       strerror(errno ? errno : EIO));
    vs_progress_t pr;
    snprintf(what, sizeof what, "reading %s", path);
    vs_progress_start(&pr, what, vs_progress_file_size(path));
    while ((max == 0 || l.n < max) && gzgets(f, line, sizeof line)) {
        lineno++;
        vs_progress_update(&pr, (uint64_t)gzoffset(f));
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
        if ((int64_t)l.n >= limit) {
            char who[400];
            snprintf(who, sizeof who, "%s:%ld", path, lineno);
            err = vs_limit_check(&prefixes_limit, who, (int64_t)l.n + 1);
            goto out;
        }
        VS_TRY(push(&l, &p));
    }
    int zerr;
    const char *zmsg = gzerror(f, &zerr);
    if (zerr != Z_OK && zerr != Z_STREAM_END) {
        err = vs_fail(VS_EIO, "%s: read error after line %ld (%s)", path, lineno, zmsg);
        goto out;
    }
out:
    vs_progress_end(&pr);
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

static int cmp_qsort(const void *a, const void *b)
{
    return hw_prefix_cmp(a, b);
}

void hw_prefix_list_sort_unique(hw_prefix_list_t *l)
{
    if (l->n > 1)
        qsort(l->v, l->n, sizeof *l->v, cmp_qsort);
    size_t w = 0;
    for (size_t i = 0; i < l->n; i++)
        if (!w || hw_prefix_cmp(&l->v[w - 1], &l->v[i]))
            l->v[w++] = l->v[i];
    l->n = w;
}

void hw_prefix_list_count(const hw_prefix_list_t *l, size_t *v4, size_t *v6, size_t hist4[33])
{
    *v4 = *v6 = 0;
    memset(hist4, 0, 33 * sizeof *hist4);
    for (size_t i = 0; i < l->n; i++) {
        if (l->v[i].family == 6) {
            ++*v6;
        } else {
            ++*v4;
            hist4[l->v[i].len]++;
        }
    }
}

/* Unicast space: first octets 1..223 other than 127 (no 0/8 "this network", 127/8 loopback,
 * 224/3 multicast and reserved; RFC 6890). A /L block is unicast when every first octet it
 * spans is. */
static bool unicast_octet(unsigned o)
{
    return o >= 1 && o <= 223 && o != 127;
}

static bool unicast_short_block(int len, unsigned v) /* len < 8 */
{
    unsigned span = 1u << (8 - len);
    for (unsigned o = v * span; o < (v + 1) * span; o++)
        if (!unicast_octet(o))
            return false;
    return true;
}

/* Number of unicast /len networks. */
static uint64_t unicast_room(int len)
{
    if (len >= 8)
        return (uint64_t)222 << (len - 8);
    uint64_t n = 0;
    for (unsigned v = 0; v < (1u << len); v++)
        n += unicast_short_block(len, v);
    return n;
}

/* The idx-th unicast /len network (idx < unicast_room(len)), host byte order. */
static uint32_t unicast_block(int len, uint64_t idx)
{
    if (len >= 8) {
        uint64_t per = (uint64_t)1 << (len - 8);
        unsigned k = (unsigned)(idx / per);
        unsigned o = k < 126 ? k + 1 : k + 2; /* the k-th unicast first octet: 1..126, 128..223 */
        uint32_t low = len > 8 ? (uint32_t)(idx % per) << (32 - len) : 0;
        return (uint32_t)o << 24 | low;
    }
    for (unsigned v = 0;; v++)
        if (unicast_short_block(len, v) && idx-- == 0)
            return len ? (uint32_t)v << (32 - len) : 0;
}

static uint64_t mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= UINT64_C(0xff51afd7ed558ccd);
    x ^= x >> 33;
    return x;
}

vs_err_t hw_prefix_synth(size_t n, uint64_t seed, const double *hist, hw_prefix_list_t *out)
{
    if (!hist)
        hist = hw_prefix_hist_ipv4_2023;
    double sum = 0;
    for (int l = 0; l <= 32; l++) {
        if (!(hist[l] >= 0) || !isfinite(hist[l]))
            return vs_fail(VS_EINVAL, "prefix-length mix: weight %g for /%d (expected >= 0)", hist[l], l);
        sum += hist[l];
    }
    if (sum <= 0 && n)
        return vs_fail(VS_EINVAL, "prefix-length mix: every weight is 0");
    if (n > (size_t)100000000)
        return vs_fail(VS_ERANGE, "%zu synthetic prefixes is too many (at most 10^8)", n);
    /* Exact counts by largest remainder (deterministic, no sampling noise in the mix). */
    size_t count[33] = {0}, given = 0;
    double rem[33];
    for (int l = 0; l <= 32; l++) {
        double share = sum > 0 ? (double)n * hist[l] / sum : 0;
        count[l] = (size_t)floor(share);
        rem[l] = share - (double)count[l];
        given += count[l];
    }
    while (given < n) {
        int best = -1;
        for (int l = 0; l <= 32; l++)
            if (hist[l] > 0 && (best < 0 || rem[l] > rem[best]))
                best = l;
        count[best]++;
        rem[best] = -1;
        given++;
    }
    /* A length holds at most its unicast networks; the excess moves to the longest lengths
     * with room. */
    size_t excess = 0;
    for (int l = 0; l <= 32; l++) {
        uint64_t room = unicast_room(l);
        if (count[l] > room) {
            excess += count[l] - (size_t)room;
            count[l] = (size_t)room;
        }
    }
    for (int l = 32; l >= 0 && excess; l--) {
        uint64_t room = unicast_room(l) - count[l];
        size_t add = excess < room ? excess : (size_t)room;
        count[l] += add;
        excess -= add;
    }
    hw_prefix_list_t lst = {0};
    size_t cap = 16;
    while (cap < n * 2 + 16)
        cap <<= 1;
    uint64_t *set = calloc(cap, sizeof *set); /* key + 1, so 0 is empty */
    lst.v = malloc((n ? n : 1) * sizeof *lst.v);
    if (!set || !lst.v) {
        free(set);
        free(lst.v);
        return vs_fail(VS_ENOMEM, "out of memory for %zu prefixes", n);
    }
    lst.cap = n ? n : 1;
    sim_rng_t rng;
    sim_rng_init_named(&rng, seed, "hw_prefix_synth");
    for (int l = 0; l <= 32; l++) {
        uint64_t room = unicast_room(l), offset = room ? sim_rng_u64(&rng) % room : 0;
        bool dense = count[l] * 2 > room; /* enumerate in a seeded order instead of drawing */
        for (size_t k = 0; k < count[l];) {
            /* 2654435761 is an odd prime, so k -> k * it + offset is a bijection mod room. */
            uint64_t idx = dense ? ((uint64_t)k * 2654435761u + offset) % room : sim_rng_u64(&rng) % room;
            uint32_t a = unicast_block(l, idx);
            uint64_t key = ((uint64_t)a << 8 | (uint64_t)l) + 1;
            size_t i = mix64(key) & (cap - 1);
            while (set[i] && set[i] != key)
                i = (i + 1) & (cap - 1);
            if (set[i])
                continue; /* drawn before: draw again */
            set[i] = key;
            hw_prefix_t p = {.family = 4, .len = (uint8_t)l};
            uint32_t be = htonl(a);
            memcpy(p.addr, &be, 4);
            lst.v[lst.n++] = p;
            k++;
        }
    }
    free(set);
    hw_prefix_list_sort_unique(&lst);
    *out = lst;
    return VS_OK;
}
