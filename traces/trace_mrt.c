/* trace_mrt — see trace_mrt.h. Written by hand rather than through libbgpdump: that library
 * loads a whole record into malloc'ed per-record structures (attributes, AS path strings)
 * and prints on errors, where a simulation wants one event per prefix from one reused buffer
 * and an error value naming the record's offset. zlib's gzread reads gzip and plain files. */
#include "trace_mrt.h"

#include "vs_limits.h"
#include "vs_progress.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* MRT types and subtypes (RFC 6396 Section 4, RFC 8050 for ADD-PATH). */
enum { MRT_TABLE_DUMP = 12, MRT_TABLE_DUMP_V2 = 13, MRT_BGP4MP = 16, MRT_BGP4MP_ET = 17 };
enum { TD2_PEER_INDEX = 1, TD2_RIB_IPV4 = 2, TD2_RIB_IPV6 = 4, TD2_RIB_IPV4_AP = 8,
       TD2_RIB_IPV6_AP = 10 };
/* BGP path attributes (RFC 4271 4.3, RFC 4760). */
enum { ATTR_ORIGIN = 1, ATTR_AS_PATH = 2, ATTR_NEXT_HOP = 3, ATTR_MP_REACH = 14,
       ATTR_MP_UNREACH = 15, ATTR_AS4_PATH = 17 };

#define MRT_HEADER 12
/* No real record comes near this (a BGP message is at most 65,535 bytes; a TABLE_DUMP_V2 RIB
 * record is one prefix's entries); larger is a corrupt length field. The buffer grows with
 * the bytes that arrive, not with what the header claims (docs/limits.md). */
static const vs_limit_t mrt_record_limit = {.env = "VROOMSIM_MAX_MRT_RECORD",
                                            .what = "an MRT record",
                                            .def = INT64_C(64) << 20, .bytes = true};
/* The buffer grows by doubling from here as a record's bytes arrive. */
#define MRT_FIRST_CAP 4096u

typedef enum { M_NONE, M_PREFIXES, M_RIB, M_ONE } rd_mode_t;

/* A prefix section of an UPDATE: withdrawn routes, MP_UNREACH, NLRI, MP_REACH, in the order
 * bgpdump prints them. */
typedef struct {
    const uint8_t *p, *end;
    uint8_t family, safi;
} section_t;

typedef struct {
    hw_prefix_t ip;
    uint32_t as;
    int routes; /* summary: the peer announced, withdrew or had RIB entries */
} peer_t;

struct trace_mrt {
    char *path;
    gzFile f;
    uint64_t pos; /* uncompressed offset of the next record */
    uint8_t *buf; /* the current record's body; owned, grown to the largest record */
    size_t cap;
    trace_mrt_event_t base; /* the current record's common fields */
    rd_mode_t mode;
    int addpath, as_size;
    section_t sec[4];
    int cur;
    hw_prefix_t nh4, nh_mp;
    /* RIB record: remaining entries */
    const uint8_t *ep, *eend;
    size_t entries_left;
    peer_t *peers; /* TABLE_DUMP_V2 peer index table; owned */
    size_t npeers;
    int have_peers;
    uint32_t *as; /* decoded AS path; owned, grown */
    uint8_t *seg;
    size_t as_n, as_cap;
    trace_mrt_counts_t counts;
    int failed;
    vs_progress_t progress; /* when asked for (trace_mrt_show_progress) */
    char *progress_what;
    int at_end;             /* the end of the file was reached */
};

static const char *type_name(unsigned t, char *buf, size_t len)
{
    switch (t) {
    case MRT_TABLE_DUMP: return "TABLE_DUMP";
    case MRT_TABLE_DUMP_V2: return "TABLE_DUMP_V2";
    case MRT_BGP4MP: return "BGP4MP";
    case MRT_BGP4MP_ET: return "BGP4MP_ET";
    default: snprintf(buf, len, "type %u", t); return buf;
    }
}

static vs_err_t bad(trace_mrt_t *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static vs_err_t bad(trace_mrt_t *r, const char *fmt, ...)
{
    char msg[512], tb[32];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    r->failed = 1;
    return vs_fail(VS_EPARSE, "%s: record at byte offset %llu (%s subtype %u): %s", r->path,
                   (unsigned long long)r->base.offset, type_name(r->base.mrt_type, tb, sizeof tb),
                   r->base.mrt_subtype, msg);
}

/* A bounds-checked cursor over the record. */
typedef struct {
    const uint8_t *p, *end;
} cur_t;

static size_t left(const cur_t *c) { return (size_t)(c->end - c->p); }

#define NEED(c, n, what)                                                                  \
    do {                                                                                  \
        if (left(c) < (size_t)(n))                                                        \
            return bad(r, "truncated %s: needs %zu bytes, %zu left", what, (size_t)(n),   \
                       left(c));                                                          \
    } while (0)

static uint16_t get16(cur_t *c)
{
    uint16_t v = (uint16_t)(c->p[0] << 8 | c->p[1]);
    c->p += 2;
    return v;
}

static uint32_t get32(cur_t *c)
{
    uint32_t v = (uint32_t)c->p[0] << 24 | (uint32_t)c->p[1] << 16 | (uint32_t)c->p[2] << 8 |
                 c->p[3];
    c->p += 4;
    return v;
}

static void get_addr(cur_t *c, int family, hw_prefix_t *out)
{
    size_t n = family == 4 ? 4 : 16;
    memset(out, 0, sizeof *out);
    out->family = (uint8_t)family;
    out->len = (uint8_t)(n * 8);
    memcpy(out->addr, c->p, n);
    c->p += n;
}

/* An NLRI-encoded prefix (RFC 4271 4.3): [path id,] length in bits, ceil(len/8) bytes. */
static vs_err_t get_prefix(trace_mrt_t *r, cur_t *c, int family, int addpath, hw_prefix_t *out,
                           uint32_t *path_id)
{
    if (addpath) {
        NEED(c, 4, "ADD-PATH path identifier");
        *path_id = get32(c);
    } else {
        *path_id = 0;
    }
    NEED(c, 1, "prefix length");
    unsigned len = *c->p++, max = family == 4 ? 32 : 128;
    if (len > max)
        return bad(r, "IPv%d prefix length %u exceeds %u", family, len, max);
    size_t nb = (len + 7) / 8;
    NEED(c, nb, "prefix");
    memset(out, 0, sizeof *out);
    out->family = (uint8_t)family;
    out->len = (uint8_t)len;
    memcpy(out->addr, c->p, nb);
    if (len % 8)
        out->addr[nb - 1] &= (uint8_t)(0xff << (8 - len % 8));
    c->p += nb;
    return VS_OK;
}

static vs_err_t family_of_afi(trace_mrt_t *r, unsigned afi, int *family)
{
    if (afi == 1)
        *family = 4;
    else if (afi == 2)
        *family = 6;
    else
        return bad(r, "address family %u is neither 1 (IPv4) nor 2 (IPv6)", afi);
    return VS_OK;
}

/* Decodes AS_PATH segments of asz-byte ASNs into r->as/r->seg from index at on; r->as_n
 * becomes the end. */
static vs_err_t parse_as_path(trace_mrt_t *r, cur_t c, int asz, size_t at)
{
    size_t max = at + left(&c) / (size_t)asz;
    if (max > r->as_cap) {
        size_t cap = max < 64 ? 64 : max;
        uint32_t *a = realloc(r->as, cap * sizeof *a);
        if (!a)
            return vs_fail(VS_ENOMEM, "out of memory");
        r->as = a;
        uint8_t *s = realloc(r->seg, cap);
        if (!s)
            return vs_fail(VS_ENOMEM, "out of memory");
        r->seg = s;
        r->as_cap = cap;
    }
    r->as_n = at;
    while (left(&c)) {
        NEED(&c, 2, "AS_PATH segment header");
        unsigned type = *c.p++, n = *c.p++;
        if (type < 1 || type > 4)
            return bad(r, "AS_PATH segment type %u is not 1..4", type);
        NEED(&c, (size_t)n * (size_t)asz, "AS_PATH segment");
        for (unsigned i = 0; i < n; i++) {
            r->as[r->as_n] = asz == 4 ? get32(&c) : get16(&c);
            r->seg[r->as_n++] = (uint8_t)(type | (i == 0 ? 0x80 : 0));
        }
    }
    return VS_OK;
}

/* Path length as RFC 4271 9.1.2.2 counts it: a set counts one, confederation segments none. */
static size_t path_count(const uint8_t *seg, size_t from, size_t to)
{
    size_t n = 0;
    for (size_t i = from; i < to; i++) {
        unsigned t = seg[i] & 0x7f;
        n += t == TRACE_MRT_AS_SEQUENCE || (t == TRACE_MRT_AS_SET && (seg[i] & 0x80));
    }
    return n;
}

/* RFC 6793 4.2.3: a 2-byte speaker's AS_PATH (AS_TRANS 23456 for 4-byte ASNs) and the
 * AS4_PATH it carried: the leading N - M ASNs of AS_PATH, then AS4_PATH; AS4_PATH is ignored
 * when it is the longer. */
static vs_err_t merge_as4_path(trace_mrt_t *r, cur_t as4)
{
    size_t n2 = r->as_n;
    vs_err_t err;
    if ((err = parse_as_path(r, as4, 4, n2)))
        return err;
    size_t n = path_count(r->seg, 0, n2), m = path_count(r->seg, n2, r->as_n);
    if (n < m) {
        r->as_n = n2;
        return VS_OK;
    }
    size_t keep = 0, counted = 0;
    while (keep < n2) {
        unsigned t = r->seg[keep] & 0x7f;
        int counts = t == TRACE_MRT_AS_SEQUENCE || (t == TRACE_MRT_AS_SET && (r->seg[keep] & 0x80));
        if (counts && counted == n - m)
            break;
        counted += (size_t)counts;
        keep++;
    }
    /* Confederation segments of AS4_PATH are dropped (RFC 6793 4.2.3). */
    size_t o = keep;
    for (size_t i = n2; i < r->as_n; i++) {
        unsigned t = r->seg[i] & 0x7f;
        if (t == TRACE_MRT_AS_CONFED_SEQUENCE || t == TRACE_MRT_AS_CONFED_SET)
            continue;
        r->as[o] = r->as[i];
        r->seg[o] = r->seg[i];
        if (o == keep && keep && t == TRACE_MRT_AS_SEQUENCE &&
            (r->seg[keep - 1] & 0x7f) == t)
            r->seg[o] &= 0x7f; /* AS_PATH's kept part and AS4_PATH continue one segment */
        o++;
    }
    r->as_n = o;
    return VS_OK;
}

/* MP_REACH_NLRI in a RIB entry: RFC 6396 4.3.4 keeps only the next-hop length and next hop,
 * but some dumpers wrote the full attribute; tell them apart by the lengths. */
static void rib_mp_next_hop(trace_mrt_t *r, cur_t c)
{
    size_t n = left(&c);
    if (n >= 1 && (size_t)c.p[0] + 1 == n && (c.p[0] == 16 || c.p[0] == 32)) {
        c.p++;
    } else if (n >= 4 && (size_t)c.p[3] + 4 <= n && (c.p[3] == 16 || c.p[3] == 32)) {
        c.p += 4;
    } else {
        return; /* no IPv6 next hop we recognise: absent */
    }
    get_addr(&c, 6, &r->nh_mp);
}

/* Path attributes of an UPDATE (rib = 0) or a RIB entry (rib = 1). */
static vs_err_t parse_attrs(trace_mrt_t *r, cur_t c, int rib)
{
    vs_err_t err;
    cur_t as4 = {NULL, NULL};
    r->as_n = 0;
    r->base.origin = -1;
    memset(&r->nh4, 0, sizeof r->nh4);
    memset(&r->nh_mp, 0, sizeof r->nh_mp);
    while (left(&c)) {
        NEED(&c, 3, "path attribute header");
        unsigned flags = *c.p++, type = *c.p++;
        size_t len;
        if (flags & 0x10) {
            NEED(&c, 2, "path attribute extended length");
            len = get16(&c);
        } else {
            len = *c.p++;
        }
        if (left(&c) < len)
            return bad(r, "path attribute %u of %zu bytes runs past the attributes (%zu left)",
                       type, len, left(&c));
        cur_t v = {c.p, c.p + len};
        c.p += len;
        switch (type) {
        case ATTR_ORIGIN:
            if (len != 1)
                return bad(r, "ORIGIN attribute of %zu bytes, expected 1", len);
            r->base.origin = v.p[0];
            break;
        case ATTR_AS_PATH:
            if ((err = parse_as_path(r, v, r->as_size, 0)))
                return err;
            break;
        case ATTR_AS4_PATH:
            if (r->as_size == 2)
                as4 = v; /* merged once AS_PATH is known, whatever the order */
            break;
        case ATTR_NEXT_HOP:
            if (len != 4)
                return bad(r, "NEXT_HOP attribute of %zu bytes, expected 4", len);
            get_addr(&v, 4, &r->nh4);
            break;
        case ATTR_MP_REACH: {
            if (rib) {
                rib_mp_next_hop(r, v);
                break;
            }
            NEED(&v, 4, "MP_REACH_NLRI header");
            unsigned afi = get16(&v), safi = *v.p++, nhl = *v.p++;
            NEED(&v, (size_t)nhl + 1, "MP_REACH_NLRI next hop");
            cur_t nh = {v.p, v.p + nhl};
            v.p += nhl + 1; /* next hop, reserved octet */
            if ((afi != 1 && afi != 2) || safi < 1 || safi > 3) {
                r->counts.mp_skipped++;
                break;
            }
            int fam = afi == 1 ? 4 : 6;
            if ((fam == 4 && nhl >= 4) || (fam == 6 && nhl >= 16))
                get_addr(&nh, fam, &r->nh_mp);
            r->sec[3] = (section_t){v.p, v.end, (uint8_t)fam, (uint8_t)safi};
            break;
        }
        case ATTR_MP_UNREACH: {
            if (rib)
                break;
            NEED(&v, 3, "MP_UNREACH_NLRI header");
            unsigned afi = get16(&v), safi = *v.p++;
            if ((afi != 1 && afi != 2) || safi < 1 || safi > 3) {
                r->counts.mp_skipped++;
                break;
            }
            r->sec[1] = (section_t){v.p, v.end, (uint8_t)(afi == 1 ? 4 : 6), (uint8_t)safi};
            break;
        }
        default: break;
        }
    }
    if (as4.p && r->as_n && (err = merge_as4_path(r, as4)))
        return err;
    r->base.as_path = r->as;
    r->base.as_seg = r->seg;
    r->base.as_path_len = r->as_n;
    return VS_OK;
}

/* BGP4MP and BGP4MP_ET (RFC 6396 4.4, RFC 8050). */
static vs_err_t parse_bgp4mp(trace_mrt_t *r, cur_t c)
{
    unsigned sub = r->base.mrt_subtype;
    int state = sub == 0 || sub == 5;
    int as4 = sub == 4 || sub == 5 || sub == 7 || sub == 9 || sub == 11;
    if (!(state || sub == 1 || (sub >= 4 && sub <= 11))) {
        r->counts.skipped_subtype++;
        return VS_OK;
    }
    r->addpath = sub >= 8;
    r->as_size = as4 ? 4 : 2;
    int fam = 4;
    vs_err_t err;
    NEED(&c, 2 * (size_t)r->as_size + 4, "BGP4MP header");
    r->base.peer_as = as4 ? get32(&c) : get16(&c);
    c.p += r->as_size + 2; /* local AS, interface index */
    if ((err = family_of_afi(r, get16(&c), &fam)))
        return err;
    NEED(&c, fam == 4 ? 8 : 32, "BGP4MP peer and local addresses");
    get_addr(&c, fam, &r->base.peer);
    c.p += fam == 4 ? 4 : 16;
    if (state) {
        NEED(&c, 4, "BGP4MP state change");
        r->base.kind = TRACE_MRT_STATE;
        r->base.old_state = get16(&c);
        r->base.new_state = get16(&c);
        r->counts.state_changes++;
        r->mode = M_ONE;
        return VS_OK;
    }
    NEED(&c, 19, "BGP message header");
    for (int i = 0; i < 16; i++)
        if (c.p[i] != 0xff)
            return bad(r, "BGP message marker is not all ones (byte %d is 0x%02x)", i, c.p[i]);
    c.p += 16;
    size_t mlen = get16(&c);
    unsigned type = *c.p++;
    if (mlen < 19 || mlen - 19 > left(&c))
        return bad(r, "BGP message length %zu is not 19..%zu (the bytes the record has for it)",
                   mlen, left(&c) + 19);
    c.end = c.p + (mlen - 19);
    r->counts.bgp_msgs[type >= 1 && type <= 5 ? type : 0]++;
    if (type != 2) {
        r->base.kind = TRACE_MRT_MESSAGE;
        r->base.bgp_type = (uint8_t)type;
        r->mode = M_ONE;
        return VS_OK;
    }
    NEED(&c, 2, "UPDATE withdrawn-routes length");
    size_t wl = get16(&c);
    if (wl > left(&c))
        return bad(r, "UPDATE withdrawn-routes length %zu runs past the message (%zu left)", wl,
                   left(&c));
    memset(r->sec, 0, sizeof r->sec);
    r->sec[0] = (section_t){c.p, c.p + wl, 4, 1};
    c.p += wl;
    NEED(&c, 2, "UPDATE path-attributes length");
    size_t al = get16(&c);
    if (al > left(&c))
        return bad(r, "UPDATE path-attributes length %zu runs past the message (%zu left)", al,
                   left(&c));
    cur_t attrs = {c.p, c.p + al};
    c.p += al;
    r->sec[2] = (section_t){c.p, c.end, 4, 1};
    if ((err = parse_attrs(r, attrs, 0)))
        return err;
    r->cur = 0;
    r->mode = M_PREFIXES;
    return VS_OK;
}

static vs_err_t parse_table_dump(trace_mrt_t *r, cur_t c)
{
    unsigned sub = r->base.mrt_subtype;
    if (sub != 1 && sub != 2) {
        r->counts.skipped_subtype++;
        return VS_OK;
    }
    int fam = sub == 1 ? 4 : 6;
    size_t al = fam == 4 ? 4 : 16;
    vs_err_t err;
    NEED(&c, 4 + al + 2 + 4 + al + 2 + 2, "TABLE_DUMP entry");
    c.p += 4; /* view, sequence */
    hw_prefix_t *p = &r->base.prefix;
    get_addr(&c, fam, p);
    unsigned len = *c.p++;
    if (len > al * 8)
        return bad(r, "IPv%d prefix length %u exceeds %zu", fam, len, al * 8);
    p->len = (uint8_t)len;
    for (unsigned b = len; b < al * 8; b++)
        p->addr[b / 8] &= (uint8_t) ~(0x80 >> (b % 8));
    c.p += 5; /* status, originated time */
    get_addr(&c, fam, &r->base.peer);
    r->base.peer_as = get16(&c);
    size_t attl = get16(&c);
    if (attl > left(&c))
        return bad(r, "attribute length %zu runs past the record (%zu left)", attl, left(&c));
    r->as_size = 2;
    cur_t a = {c.p, c.p + attl};
    if ((err = parse_attrs(r, a, 1)))
        return err;
    r->base.kind = TRACE_MRT_RIB;
    r->base.safi = 1;
    r->base.next_hop = fam == 4 ? r->nh4 : r->nh_mp;
    r->base.path_id = 0;
    r->mode = M_ONE;
    return VS_OK;
}

static vs_err_t parse_peer_index(trace_mrt_t *r, cur_t c)
{
    NEED(&c, 6, "PEER_INDEX_TABLE header");
    c.p += 4; /* collector BGP ID */
    size_t vl = get16(&c);
    NEED(&c, vl + 2, "PEER_INDEX_TABLE view name and peer count");
    c.p += vl;
    size_t n = get16(&c);
    peer_t *p = realloc(r->peers, (n ? n : 1) * sizeof *p);
    if (!p)
        return vs_fail(VS_ENOMEM, "out of memory");
    r->peers = p;
    r->npeers = 0;
    for (size_t i = 0; i < n; i++) {
        NEED(&c, 1, "peer entry type");
        unsigned t = *c.p++;
        int fam = t & 1 ? 6 : 4;
        size_t asz = t & 2 ? 4 : 2;
        NEED(&c, 4 + (fam == 4 ? 4 : 16) + asz, "peer entry");
        c.p += 4; /* peer BGP ID */
        get_addr(&c, fam, &p[i].ip);
        p[i].as = asz == 4 ? get32(&c) : get16(&c);
        r->npeers++;
    }
    r->have_peers = 1;
    r->counts.peer_table_peers = n;
    return VS_OK;
}

static vs_err_t parse_table_dump_v2(trace_mrt_t *r, cur_t c)
{
    unsigned sub = r->base.mrt_subtype;
    if (sub == TD2_PEER_INDEX)
        return parse_peer_index(r, c);
    if (sub != TD2_RIB_IPV4 && sub != TD2_RIB_IPV6 && sub != TD2_RIB_IPV4_AP &&
        sub != TD2_RIB_IPV6_AP) {
        r->counts.skipped_subtype++;
        return VS_OK;
    }
    if (!r->have_peers)
        return bad(r, "RIB record before any PEER_INDEX_TABLE");
    int fam = sub == TD2_RIB_IPV4 || sub == TD2_RIB_IPV4_AP ? 4 : 6;
    uint32_t pid;
    vs_err_t err;
    NEED(&c, 4, "RIB sequence number");
    c.p += 4;
    if ((err = get_prefix(r, &c, fam, 0, &r->base.prefix, &pid)))
        return err;
    NEED(&c, 2, "RIB entry count");
    r->entries_left = get16(&c);
    r->addpath = sub >= TD2_RIB_IPV4_AP;
    r->as_size = 4;
    r->ep = c.p;
    r->eend = c.end;
    r->mode = M_RIB;
    return VS_OK;
}

static vs_err_t next_rib_entry(trace_mrt_t *r)
{
    cur_t c = {r->ep, r->eend};
    vs_err_t err;
    NEED(&c, 6 + (r->addpath ? 4 : 0) + 2, "RIB entry");
    size_t idx = get16(&c);
    c.p += 4; /* originated time */
    r->base.path_id = r->addpath ? get32(&c) : 0;
    size_t al = get16(&c);
    if (al > left(&c))
        return bad(r, "RIB entry attribute length %zu runs past the record (%zu left)", al,
                   left(&c));
    if (idx >= r->npeers)
        return bad(r, "RIB entry names peer %zu; the PEER_INDEX_TABLE has %zu", idx,
                   r->npeers);
    r->base.peer = r->peers[idx].ip;
    r->base.peer_as = r->peers[idx].as;
    cur_t a = {c.p, c.p + al};
    if ((err = parse_attrs(r, a, 1)))
        return err;
    r->ep = c.p + al;
    r->entries_left--;
    r->base.kind = TRACE_MRT_RIB;
    r->base.safi = 1;
    r->base.next_hop = r->base.prefix.family == 4 ? r->nh4 : r->nh_mp;
    return VS_OK;
}

/* Reads exactly n bytes; *got is how many came before the end of the file. */
static vs_err_t read_full(trace_mrt_t *r, uint8_t *dst, size_t n, size_t *got)
{
    *got = 0;
    while (*got < n) {
        size_t chunk = n - *got > (1u << 30) ? (1u << 30) : n - *got;
        int k = gzread(r->f, dst + *got, (unsigned)chunk);
        if (k < 0) {
            int zerr;
            const char *m = gzerror(r->f, &zerr);
            r->failed = 1;
            return vs_fail(zerr == Z_ERRNO ? VS_EIO : VS_EPARSE,
                           "%s: cannot read at byte offset %llu: %s", r->path,
                           (unsigned long long)(r->pos + *got), m);
        }
        if (k == 0)
            break;
        *got += (size_t)k;
    }
    return VS_OK;
}

/* Reads a record's len bytes into r->buf, growing it (by doubling) only as bytes arrive: a
 * length field that claims more than the file holds costs at most twice what is there. */
static vs_err_t read_body(trace_mrt_t *r, uint32_t len)
{
    size_t have = 0;
    for (;;) {
        if (!r->buf || (r->cap < len && have == r->cap)) { /* never a NULL cursor, even for 0 */
            size_t cap = r->cap ? 2 * r->cap : MRT_FIRST_CAP;
            if (r->cap && cap > len)
                cap = len;
            uint8_t *b = realloc(r->buf, cap);
            if (!b)
                return vs_fail(VS_ENOMEM, "out of memory");
            r->buf = b;
            r->cap = r->counts.buffer_bytes = cap;
        }
        size_t want = (len < r->cap ? len : r->cap) - have, got;
        vs_err_t err = read_full(r, r->buf + have, want, &got);
        if (err)
            return err;
        have += got;
        if (have == len)
            return VS_OK;
        if (got < want)
            return bad(r, "truncated record: the header says %u bytes, the file ends after %zu",
                       len, have);
    }
}

static vs_err_t read_record(trace_mrt_t *r, int *done)
{
    uint8_t h[MRT_HEADER];
    size_t got;
    vs_err_t err;
    if ((err = read_full(r, h, sizeof h, &got)))
        return err;
    if (got == 0) {
        *done = r->at_end = 1;
        return VS_OK;
    }
    memset(&r->base, 0, sizeof r->base);
    r->base.offset = r->pos;
    if (got < sizeof h) {
        r->failed = 1;
        return vs_fail(VS_EPARSE, "%s: record at byte offset %llu: truncated record header: %zu "
                                  "of %d bytes before the end of the file",
                       r->path, (unsigned long long)r->pos, got, MRT_HEADER);
    }
    uint32_t ts = (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | h[3];
    r->base.mrt_type = (uint16_t)(h[4] << 8 | h[5]);
    r->base.mrt_subtype = (uint16_t)(h[6] << 8 | h[7]);
    uint32_t len = (uint32_t)h[8] << 24 | (uint32_t)h[9] << 16 | (uint32_t)h[10] << 8 | h[11];
    char who[512];
    snprintf(who, sizeof who, "%s: record at byte offset %llu", r->path,
             (unsigned long long)r->pos);
    if ((err = vs_limit_check(&mrt_record_limit, who, len))) {
        r->failed = 1;
        return err;
    }
    if ((err = read_body(r, len)))
        return err;
    r->pos += MRT_HEADER + len;
    r->counts.records++;
    r->base.time_ns = (int64_t)ts * 1000000000;
    cur_t c = {r->buf, r->buf + len};
    switch (r->base.mrt_type) {
    case MRT_BGP4MP_ET:
        r->counts.bgp4mp_et++;
    {
        NEED(&c, 4, "BGP4MP_ET microsecond timestamp");
        uint32_t us = get32(&c);
        if (us > 999999)
            return bad(r, "microsecond timestamp %u exceeds 999999", us);
        r->base.time_ns += (int64_t)us * 1000;
        return parse_bgp4mp(r, c);
    }
    case MRT_BGP4MP:
        r->counts.bgp4mp++;
        return parse_bgp4mp(r, c);
    case MRT_TABLE_DUMP:
        r->counts.table_dump++;
        return parse_table_dump(r, c);
    case MRT_TABLE_DUMP_V2:
        r->counts.table_dump_v2++;
        return parse_table_dump_v2(r, c);
    default:
        r->counts.skipped_type++;
        return VS_OK;
    }
}

vs_err_t trace_mrt_next(trace_mrt_t *r, trace_mrt_event_t *ev, int *done)
{
    vs_err_t err;
    *done = 0;
    if (r->failed)
        return vs_fail(VS_EINVAL, "%s: the MRT reader already failed", r->path);
    for (;;) {
        switch (r->mode) {
        case M_PREFIXES:
            while (r->cur < 4) {
                section_t *s = &r->sec[r->cur];
                if (s->p == s->end) {
                    r->cur++;
                    continue;
                }
                cur_t c = {s->p, s->end};
                if ((err = get_prefix(r, &c, s->family, r->addpath, &r->base.prefix,
                                      &r->base.path_id)))
                    return err;
                s->p = c.p;
                r->base.kind = r->cur < 2 ? TRACE_MRT_WITHDRAW : TRACE_MRT_ANNOUNCE;
                r->base.safi = s->safi;
                if (r->cur == 2)
                    r->base.next_hop = r->nh4;
                else if (r->cur == 3)
                    r->base.next_hop = r->nh_mp;
                else
                    memset(&r->base.next_hop, 0, sizeof r->base.next_hop);
                *ev = r->base;
                if (r->base.kind == TRACE_MRT_WITHDRAW) {
                    ev->as_path_len = 0;
                    ev->origin = -1;
                }
                return VS_OK;
            }
            r->mode = M_NONE;
            break;
        case M_RIB:
            if (r->entries_left) {
                if ((err = next_rib_entry(r)))
                    return err;
                *ev = r->base;
                return VS_OK;
            }
            if (r->ep != r->eend)
                return bad(r, "%zu bytes after the last RIB entry", (size_t)(r->eend - r->ep));
            r->mode = M_NONE;
            break;
        case M_ONE:
            r->mode = M_NONE;
            *ev = r->base;
            return VS_OK;
        case M_NONE:
            if (r->progress_what)
                vs_progress_update(&r->progress, (uint64_t)gzoffset(r->f));
            if ((err = read_record(r, done)) || *done)
                return err;
            break;
        }
    }
}

vs_err_t trace_mrt_open(const char *path, trace_mrt_t **out)
{
    *out = NULL;
    trace_mrt_t *r = calloc(1, sizeof *r);
    if (!r || !(r->path = strdup(path))) {
        free(r);
        return vs_fail(VS_ENOMEM, "out of memory");
    }
    r->f = gzopen(path, "rb");
    if (!r->f) {
        int e = errno;
        free(r->path);
        free(r);
        return vs_fail(e == ENOENT ? VS_ENOTFOUND : VS_EIO, "%s: cannot open (%s)", path,
                       strerror(e ? e : EIO));
    }
    gzbuffer(r->f, 1 << 17);
    *out = r;
    return VS_OK;
}

const trace_mrt_counts_t *trace_mrt_counts(const trace_mrt_t *r) { return &r->counts; }

vs_err_t trace_mrt_show_progress(trace_mrt_t *r)
{
    size_t len = strlen(r->path) + sizeof "reading ";
    if (!(r->progress_what = malloc(len)))
        return vs_fail(VS_ENOMEM, "out of memory");
    snprintf(r->progress_what, len, "reading %s", r->path);
    vs_progress_start(&r->progress, r->progress_what, vs_progress_file_size(r->path));
    return VS_OK;
}

void trace_mrt_close(trace_mrt_t *r)
{
    if (!r)
        return;
    if (r->progress_what) {
        if (r->at_end)
            r->progress.done = r->progress.total;
        vs_progress_end(&r->progress);
        free(r->progress_what);
    }
    if (r->f)
        gzclose(r->f);
    free(r->buf);
    free(r->peers);
    free(r->as);
    free(r->seg);
    free(r->path);
    free(r);
}

char *trace_mrt_aspath_fmt(const trace_mrt_event_t *ev, char *buf, size_t len)
{
    static const char *const open[5] = {"", "{", "", "(", "["};
    static const char *const close[5] = {"", "}", "", ")", "]"};
    size_t o = 0;
    if (!len)
        return buf;
    buf[0] = '\0';
    for (size_t i = 0; i < ev->as_path_len && o < len; i++) {
        unsigned t = ev->as_seg[i] & 0x7f;
        int first = ev->as_seg[i] & 0x80;
        int last = i + 1 == ev->as_path_len || (ev->as_seg[i + 1] & 0x80);
        int set = t == TRACE_MRT_AS_SET || t == TRACE_MRT_AS_CONFED_SET;
        const char *sep = i == 0 ? "" : first || !set ? " " : ",";
        int k = snprintf(buf + o, len - o, "%s%s%u%s", sep, first ? open[t < 5 ? t : 0] : "",
                         ev->as_path[i], last ? close[t < 5 ? t : 0] : "");
        if (k < 0)
            break;
        o += (size_t)k;
    }
    return buf;
}

static void addr_fmt(const hw_prefix_t *a, char *buf, size_t len)
{
    buf[0] = '\0';
    if (a->family)
        inet_ntop(a->family == 4 ? AF_INET : AF_INET6, a->addr, buf, (socklen_t)len);
}

char *trace_mrt_event_fmt(const trace_mrt_event_t *ev, char *buf, size_t len)
{
    static const char *const origin[] = {"IGP", "EGP", "INCOMPLETE"};
    static const char *const msg[] = {"OTHER", "OPEN", "UPDATE", "NOTIFICATION", "KEEPALIVE",
                                      "ROUTE_REFRESH"};
    char t[40], peer[INET6_ADDRSTRLEN], pfx[HW_PREFIX_STRLEN], nh[INET6_ADDRSTRLEN], tb[32];
    char path[4096];
    const char *type = ev->mrt_type == MRT_TABLE_DUMP_V2 ? "TABLE_DUMP2"
                                                         : type_name(ev->mrt_type, tb, sizeof tb);
    long long sec = (long long)(ev->time_ns / 1000000000);
    if (ev->mrt_type == MRT_BGP4MP_ET)
        snprintf(t, sizeof t, "%lld.%06lld", sec, (long long)(ev->time_ns % 1000000000 / 1000));
    else
        snprintf(t, sizeof t, "%lld", sec);
    addr_fmt(&ev->peer, peer, sizeof peer);
    addr_fmt(&ev->next_hop, nh, sizeof nh);
    if (ev->prefix.family)
        hw_prefix_fmt(&ev->prefix, pfx, sizeof pfx);
    else
        pfx[0] = '\0';
    switch (ev->kind) {
    case TRACE_MRT_STATE:
        snprintf(buf, len, "%s|%s|STATE|%s|%u|%u|%u", type, t, peer, ev->peer_as, ev->old_state,
                 ev->new_state);
        break;
    case TRACE_MRT_MESSAGE:
        snprintf(buf, len, "%s|%s|%s|%s|%u", type, t, msg[ev->bgp_type <= 5 ? ev->bgp_type : 0],
                 peer, ev->peer_as);
        break;
    case TRACE_MRT_WITHDRAW:
        snprintf(buf, len, "%s|%s|W|%s|%u|%s", type, t, peer, ev->peer_as, pfx);
        break;
    default:
        snprintf(buf, len, "%s|%s|%s|%s|%u|%s|%s|%s|%s", type, t,
                 ev->kind == TRACE_MRT_RIB ? "B" : "A", peer, ev->peer_as, pfx,
                 trace_mrt_aspath_fmt(ev, path, sizeof path),
                 ev->origin >= 0 && ev->origin <= 2 ? origin[ev->origin] : "", nh);
    }
    return buf;
}

vs_err_t trace_mrt_sniff(const char *path, int *is_mrt)
{
    *is_mrt = 0;
    gzFile f = gzopen(path, "rb");
    if (!f) {
        int e = errno;
        return vs_fail(e == ENOENT ? VS_ENOTFOUND : VS_EIO, "%s: cannot open (%s)", path,
                       strerror(e ? e : EIO));
    }
    uint8_t h[MRT_HEADER];
    int k = gzread(f, h, sizeof h);
    if (k < 0) {
        int zerr;
        vs_err_t err = vs_fail(VS_EIO, "%s: cannot read (%s)", path, gzerror(f, &zerr));
        gzclose(f);
        return err;
    }
    gzclose(f);
    if (k < MRT_HEADER)
        return VS_OK;
    unsigned type = (unsigned)(h[4] << 8 | h[5]), sub = (unsigned)(h[6] << 8 | h[7]);
    /* Types of RFC 6396 (11 OSPFv2 .. 17 BGP4MP_ET, 32/33 ISIS, 48/49 OSPFv3); text bytes
     * there ("0.0.", "::/4") are never one of them. */
    int known = (type >= 11 && type <= 17) || type == 32 || type == 33 || type == 48 ||
                type == 49;
    *is_mrt = known && sub < 256;
    return VS_OK;
}

/* --- summary --- */

typedef struct {
    int64_t s;
    size_t n;
} second_t;

static int cmp_peer(const void *a, const void *b)
{
    const peer_t *x = a, *y = b;
    int c = hw_prefix_cmp(&x->ip, &y->ip);
    return c ? c : (x->as > y->as) - (x->as < y->as);
}

static size_t uniq_peers(peer_t *v, size_t n)
{
    if (!n)
        return 0;
    qsort(v, n, sizeof *v, cmp_peer);
    size_t k = 1;
    for (size_t i = 1; i < n; i++) {
        if (cmp_peer(&v[i], &v[k - 1]))
            v[k++] = v[i];
        else
            v[k - 1].routes |= v[i].routes;
    }
    return k;
}

static int cmp_second(const void *a, const void *b)
{
    const second_t *x = a, *y = b;
    return (x->s > y->s) - (x->s < y->s);
}

static size_t merge_seconds(second_t *v, size_t n)
{
    if (!n)
        return 0;
    qsort(v, n, sizeof *v, cmp_second);
    size_t k = 1;
    for (size_t i = 1; i < n; i++) {
        if (v[i].s == v[k - 1].s)
            v[k - 1].n += v[i].n;
        else
            v[k++] = v[i];
    }
    return k;
}

/* The summary's tables (distinct RIB prefixes, peers, seconds with updates) grow with what
 * a file holds, not with its size; a fabricated file of distinct values is refused at this. */
static const vs_limit_t summary_limit = {.env = "VROOMSIM_MAX_MRT_SUMMARY",
                                         .what = "the MRT summary's tables (distinct prefixes, "
                                                 "peers, seconds)",
                                         .def = INT64_C(1000000000), .bytes = true};

/* Appending to these arrays compacts (sort, merge) when full and grows only when compaction
 * freed less than half: memory stays within twice the distinct values. *held: the bytes of
 * all the tables, kept within summary_limit. */
static vs_err_t grow(void **v, size_t *cap, size_t size, size_t *held, const char *path)
{
    size_t c = *cap ? *cap * 2 : 1024;
    vs_err_t err = vs_limit_check(&summary_limit, path, (int64_t)(*held + (c - *cap) * size));
    if (err)
        return err;
    void *p = realloc(*v, c * size);
    if (!p)
        return vs_fail(VS_ENOMEM, "out of memory");
    *held += (c - *cap) * size;
    *v = p;
    *cap = c;
    return VS_OK;
}

#define GROW(v, cap)                                                                      \
    do {                                                                                  \
        void *p_ = v;                                                                     \
        if ((err = grow(&p_, &(cap), sizeof *(v), &held, path)))                          \
            goto out;                                                                     \
        v = p_;                                                                           \
    } while (0)

vs_err_t trace_mrt_summarize(const char *path, trace_mrt_summary_t *out)
{
    memset(out, 0, sizeof *out);
    trace_mrt_t *r = NULL;
    peer_t *peers = NULL;
    second_t *secs = NULL;
    hw_prefix_list_t pl = {0};
    size_t np = 0, pcap = 0, ns = 0, scap = 0, held = 0;
    int have_time = 0;
    vs_err_t err;
    VS_TRY(trace_mrt_open(path, &r));
    VS_TRY(trace_mrt_show_progress(r));
    for (;;) {
        trace_mrt_event_t ev;
        int done;
        VS_TRY(trace_mrt_next(r, &ev, &done));
        if (done)
            break;
        if (!have_time || ev.time_ns < out->first_ns)
            out->first_ns = ev.time_ns;
        if (!have_time || ev.time_ns > out->last_ns)
            out->last_ns = ev.time_ns;
        have_time = 1;
        if (!np || peers[np - 1].as != ev.peer_as || hw_prefix_cmp(&peers[np - 1].ip, &ev.peer)) {
            if (np == pcap && (np = uniq_peers(peers, np)) >= pcap / 2)
                GROW(peers, pcap);
            peers[np++] = (peer_t){ev.peer, ev.peer_as, 0};
        }
        if (ev.kind == TRACE_MRT_ANNOUNCE || ev.kind == TRACE_MRT_WITHDRAW ||
            ev.kind == TRACE_MRT_RIB)
            peers[np - 1].routes = 1;
        int v4 = ev.prefix.family == 4;
        switch (ev.kind) {
        case TRACE_MRT_ANNOUNCE:
        case TRACE_MRT_WITHDRAW: {
            if (ev.kind == TRACE_MRT_ANNOUNCE)
                *(v4 ? &out->announce4 : &out->announce6) += 1;
            else
                *(v4 ? &out->withdraw4 : &out->withdraw6) += 1;
            int64_t s = ev.time_ns / 1000000000;
            if (ns && secs[ns - 1].s == s) {
                secs[ns - 1].n++;
                break;
            }
            if (ns == scap && (ns = merge_seconds(secs, ns)) >= scap / 2)
                GROW(secs, scap);
            secs[ns++] = (second_t){s, 1};
            break;
        }
        case TRACE_MRT_RIB:
            *(v4 ? &out->rib4 : &out->rib6) += 1;
            if (pl.n && !hw_prefix_cmp(&pl.v[pl.n - 1], &ev.prefix))
                break;
            if (pl.n == pl.cap) {
                hw_prefix_list_sort_unique(&pl);
                if (pl.n >= pl.cap / 2)
                    GROW(pl.v, pl.cap);
            }
            pl.v[pl.n++] = ev.prefix;
            break;
        default: break;
        }
    }
    out->counts = *trace_mrt_counts(r);
    out->peers = uniq_peers(peers, np);
    for (size_t i = 0; i < out->peers; i++)
        out->peers_routes += peers[i].routes != 0;
    ns = merge_seconds(secs, ns);
    for (size_t i = 0; i < ns; i++)
        if (secs[i].n > out->busiest_updates) {
            out->busiest_updates = secs[i].n;
            out->busiest_s = secs[i].s;
        }
    hw_prefix_list_sort_unique(&pl);
    for (size_t i = 0; i < pl.n; i++) {
        if (pl.v[i].family == 4) {
            out->unique4++;
            out->hist4[pl.v[i].len]++;
        } else {
            out->unique6++;
            out->hist6[pl.v[i].len]++;
        }
    }
out:
    trace_mrt_close(r);
    free(peers);
    free(secs);
    hw_prefix_list_free(&pl);
    return err;
}
