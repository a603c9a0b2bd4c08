/* hw_netfpga — the NetFPGA-1G reference router's LPM table behind the backend interface
 * (seed 001 Section 5.1.2: virtd "uses the device driver to write to registers").
 *
 * The table is searched in row order, so rows are kept in blocks of equal prefix length,
 * longest first, as in hw_tcam.h; an insert shifts each non-empty shorter block by one row
 * (one row rewrite each) and a delete compacts the same way. A row write is 5 register
 * writes (4 entry registers, then WR_ADDR); a freed row is invalidated as the reference
 * software does (IP 0, mask 255.255.255.255, port 0), since an all-zero row would match every
 * address. Cost: the profile's install_ns per row write (7.4 us per entry, seed 001
 * Section 6.2), split evenly over its 5 register writes.
 *
 * Registers (addresses in hw_nfemu.h, from the NetFPGA-1G reference router's register map)
 * are reached through the in-process emulator or, on a machine with the card, the NetFPGA-1G
 * driver's SIOCREGWRITE ioctl on its interface. */
#include "hw_netfpga.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/sockios.h>

#include "hw_backend_internal.h"
#include "hw_pset.h"

/* NetFPGA-1G driver's register ioctls and their argument, as lib/C/common/nf2.h of the
 * NetFPGA-1G package (NetFPGA/netfpga 3.0.1) declares them: SIOCREGREAD is SIOCDEVPRIVATE,
 * SIOCREGWRITE SIOCDEVPRIVATE + 1, both on the card's interface (nf2c0) with ifr_data
 * pointing at {reg, val}. Only the write is used. */
#define NF2_SIOCREGWRITE (SIOCDEVPRIVATE + 1)
struct nf2reg {
    unsigned int reg;
    unsigned int val;
};

#define NF_PORTS 4    /* nf2c0..nf2c3: the card's four MAC ports */
#define REGS_PER_ROW 5 /* ENTRY_IP, ENTRY_MASK, ENTRY_NEXT_HOP_IP, ENTRY_OUTPUT_PORT, WR_ADDR */

typedef struct {
    uint32_t ip, mask, next_hop, port;
    hw_prefix_t pfx;
} row_t;

/* A freed row: RouterLib.pm invalidate_LPM_table_entry's values (matches only 0.0.0.0). */
static const row_t invalid_row = {.mask = HW_NF_INVALID_MASK};

typedef struct {
    hw_nfemu_t *emu;   /* or a real card: */
    int fd;
    char ifname[IFNAMSIZ];
    int64_t capacity;
    row_t *row;
    int64_t entries;
    int64_t count[33];
    hw_pset_t where;   /* prefix -> row */
    bool has_vr;
    uint64_t writes;
} nf_impl_t;

static vs_err_t reg_write(nf_impl_t *n, uint32_t addr, uint32_t val)
{
    n->writes++;
    if (n->emu)
        return hw_nfemu_write(n->emu, addr, val);
    struct nf2reg r = {.reg = addr, .val = val};
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "%s", n->ifname);
    ifr.ifr_data = (char *)&r;
    if (ioctl(n->fd, NF2_SIOCREGWRITE, &ifr) < 0)
        return vs_fail(VS_EIO, "NetFPGA %s: register write 0x%08x failed: %s", n->ifname, addr,
                       strerror(errno));
    return VS_OK;
}

static vs_err_t write_row(nf_impl_t *n, int64_t i, const row_t *r)
{
    vs_err_t err;
    if ((err = reg_write(n, HW_NF_ROUTE_ENTRY_IP, r->ip)) ||
        (err = reg_write(n, HW_NF_ROUTE_ENTRY_MASK, r->mask)) ||
        (err = reg_write(n, HW_NF_ROUTE_ENTRY_NEXT_HOP_IP, r->next_hop)) ||
        (err = reg_write(n, HW_NF_ROUTE_ENTRY_OUTPUT_PORT, r->port)) ||
        (err = reg_write(n, HW_NF_ROUTE_WR_ADDR, (uint32_t)i)))
        return err;
    n->row[i] = *r;
    if (r->port) {
        int64_t *w = hw_pset_find(&n->where, &r->pfx);
        if (w)
            *w = i;
    }
    return VS_OK;
}

static int64_t block_start(const nf_impl_t *n, int len)
{
    int64_t s = 0;
    for (int l = 32; l > len; l--)
        s += n->count[l];
    return s;
}

static vs_err_t nf_open(hw_backend_t *b, const hw_backend_config_t *cfg)
{
    nf_impl_t *n = calloc(1, sizeof *n);
    vs_err_t err = VS_OK;
    if (!n)
        return vs_fail(VS_ENOMEM, "out of memory");
    n->fd = -1;
    hw_pset_init(&n->where);
    if (!cfg->fib) { /* the per-row cost comes from the shipped profile */
        const hw_profile_t *p = NULL;
        if ((err = hw_profile_load("netfpga", &p)))
            goto out;
        if (!p->has_fib) {
            hw_profile_free(p);
            err = vs_fail(VS_EINVAL, "profile netfpga has no fib section");
            goto out;
        }
        b->fib = p->fib;
        hw_profile_free(p);
    }
    b->fib.tech = HW_FIB_NETFPGA;
    if (cfg->emulate) {
        n->capacity = cfg->emu_capacity > 0 ? cfg->emu_capacity : HW_NF_REFERENCE_ROWS;
        VS_TRY(hw_nfemu_create(n->capacity, &n->emu));
    } else {
        const char *dev = cfg->device && cfg->device[0] ? cfg->device : "nf2c0";
        char sys[128];
        struct stat st;
        snprintf(sys, sizeof sys, "/sys/class/net/%s", dev);
        if (strlen(dev) >= IFNAMSIZ || stat(sys, &st) != 0) {
            err = vs_fail(VS_ENODEV,
                          "no NetFPGA card: network interface '%s' does not exist (the NetFPGA "
                          "driver exposes the card's registers through it); use the "
                          "register-level emulator instead (--emulate)", dev);
            goto out;
        }
        snprintf(n->ifname, sizeof n->ifname, "%s", dev);
        n->fd = socket(AF_INET, SOCK_DGRAM, 0);
        if (n->fd < 0) {
            err = vs_fail(VS_EIO, "socket: %s", strerror(errno));
            goto out;
        }
        n->capacity = HW_NF_REFERENCE_ROWS;
    }
    n->row = calloc((size_t)n->capacity, sizeof *n->row);
    if (!n->row) {
        err = vs_fail(VS_ENOMEM, "out of memory");
        goto out;
    }
    b->impl = n;
out:
    if (err) {
        hw_nfemu_destroy(n->emu);
        if (n->fd >= 0)
            close(n->fd);
        hw_pset_free(&n->where);
        free(n->row);
        free(n);
    }
    return err;
}

static void nf_close(hw_backend_t *b)
{
    nf_impl_t *n = b->impl;
    if (!n)
        return;
    /* leave the card's table empty: invalidate every row we wrote */
    for (int64_t i = 0; i < n->entries; i++)
        if (write_row(n, i, &invalid_row))
            break;
    hw_nfemu_destroy(n->emu);
    if (n->fd >= 0)
        close(n->fd);
    hw_pset_free(&n->where);
    free(n->row);
    free(n);
}

hw_nfemu_t *hw_netfpga_emulator(hw_backend_t *b)
{
    if (!b || b->kind != HW_BACKEND_NETFPGA)
        return NULL;
    return ((nf_impl_t *)b->impl)->emu;
}

static vs_err_t nf_vr_create(hw_backend_t *b, int vr)
{
    nf_impl_t *n = b->impl;
    if (n->has_vr)
        return vs_fail(VS_EINVAL, "the NetFPGA reference router holds one FIB: it is not "
                                  "virtualised (seed 001 Section 5.1.1)");
    n->has_vr = true;
    return VS_OK;
}

static int port_of(const char *ifname)
{
    for (int i = 0; i < NF_PORTS; i++) {
        char name[16];
        snprintf(name, sizeof name, "nf2c%d", i);
        if (!strcmp(ifname, name))
            return i;
    }
    return -1;
}

static vs_err_t nf_link_add(hw_backend_t *b, const char *ifname)
{
    if (port_of(ifname) >= 0)
        return VS_OK;
    return vs_fail(VS_EINVAL, "the NetFPGA's ports are fixed (nf2c0..nf2c3); cannot add '%s'",
                   ifname);
}

static vs_err_t nf_bind(hw_backend_t *b, int vr, const char *ifname)
{
    if (port_of(ifname) < 0)
        return vs_fail(VS_ENOTFOUND, "unknown interface '%s' (the NetFPGA's ports are "
                                     "nf2c0..nf2c3)", ifname);
    return VS_OK; /* one FIB: every port is bound to it */
}

static vs_err_t make_row(const hw_route_t *rt, row_t *out, char *why, size_t len)
{
    char pfx[HW_PREFIX_STRLEN];
    hw_prefix_fmt(&rt->dst, pfx, sizeof pfx);
    memset(out, 0, sizeof *out);
    if (rt->dst.family != 4) {
        snprintf(why, len, "route %s: the NetFPGA reference router forwards IPv4 only", pfx);
        return VS_EINVAL;
    }
    int port = rt->dev[0] ? port_of(rt->dev) : -1;
    if (port < 0) {
        snprintf(why, len, "route %s: %s '%s' (expected nf2c0..nf2c3)", pfx,
                 rt->dev[0] ? "unknown interface" : "needs an output port, not", rt->dev);
        return VS_ENOTFOUND;
    }
    uint32_t ip;
    memcpy(&ip, rt->dst.addr, 4);
    out->ip = ntohl(ip);
    out->mask = rt->dst.len ? ~UINT32_C(0) << (32 - rt->dst.len) : 0;
    if (rt->gw_family == 4) {
        uint32_t gw;
        memcpy(&gw, rt->gw, 4);
        out->next_hop = ntohl(gw);
    }
    out->port = HW_NF_PORT_BIT(port);
    out->pfx = rt->dst;
    return VS_OK;
}

static vs_err_t insert(nf_impl_t *n, const row_t *r, int64_t *moves)
{
    vs_err_t err;
    int len = r->pfx.len;
    int64_t hole = n->entries; /* the free row at the end */
    *moves = 0;
    /* shortest block first: its first row moves into the hole after its last */
    for (int l = 0; l < len; l++) {
        if (!n->count[l])
            continue;
        int64_t first = block_start(n, l);
        row_t moved = n->row[first];
        if ((err = write_row(n, hole, &moved)))
            return err;
        hole = first;
        ++*moves;
    }
    if ((err = hw_pset_put(&n->where, &r->pfx, hole)))
        return err;
    if ((err = write_row(n, hole, r)))
        return err;
    n->count[len]++;
    n->entries++;
    return VS_OK;
}

static vs_err_t remove_row(nf_impl_t *n, const row_t *r, int64_t at, int64_t *moves)
{
    vs_err_t err;
    int len = r->pfx.len;
    int64_t last = block_start(n, len) + n->count[len] - 1;
    *moves = 0;
    hw_pset_del(&n->where, &r->pfx);
    if (at != last) {
        row_t moved = n->row[last];
        if ((err = write_row(n, at, &moved)))
            return err;
        ++*moves;
    }
    n->count[len]--;
    int64_t hole = last;
    for (int l = len - 1; l >= 0; l--) {
        if (!n->count[l])
            continue;
        int64_t blast = hole + n->count[l]; /* the block now starts at hole + 1 */
        row_t moved = n->row[blast];
        if ((err = write_row(n, hole, &moved)))
            return err;
        hole = blast;
        ++*moves;
    }
    if ((err = write_row(n, hole, &invalid_row)))
        return err;
    n->entries--;
    return VS_OK;
}

static vs_err_t nf_apply(hw_backend_t *b, int vr, hw_op_t op, const hw_route_t *r, size_t count,
                         void (*report)(hw_backend_t *, size_t, vs_err_t, const char *),
                         sim_time_t *cost_ns)
{
    nf_impl_t *n = b->impl;
    char why[200], pfx[HW_PREFIX_STRLEN];
    uint64_t w0 = n->writes;
    for (size_t i = 0; i < count; i++) {
        row_t row;
        int64_t moves = 0;
        vs_err_t e = make_row(&r[i], &row, why, sizeof why);
        if (e) {
            report(b, i, e, why);
            continue;
        }
        hw_prefix_fmt(&r[i].dst, pfx, sizeof pfx);
        int64_t *at = hw_pset_find(&n->where, &row.pfx);
        if (op == HW_OP_ADD) {
            if (at) {
                snprintf(why, sizeof why, "route %s: already in the table", pfx);
                report(b, i, VS_EINVAL, why);
                continue;
            }
            if (n->entries >= n->capacity) {
                snprintf(why, sizeof why, "route %s: the NetFPGA table is full (%lld rows)", pfx,
                         (long long)n->capacity);
                report(b, i, VS_ERANGE, why);
                continue;
            }
            e = insert(n, &row, &moves);
        } else if (!at) {
            snprintf(why, sizeof why, "route %s: not in the table", pfx);
            report(b, i, VS_ENOTFOUND, why);
            continue;
        } else if (op == HW_OP_REPLACE) {
            e = write_row(n, *at, &row);
        } else {
            e = remove_row(n, &n->row[*at], *at, &moves);
        }
        if (e) /* a register write failed: the card is in an unknown state, stop */
            return e;
        b->counters.moves += (uint64_t)moves;
    }
    uint64_t w = n->writes - w0;
    b->counters.reg_writes += w;
    b->counters.batches++;
    *cost_ns += (sim_time_t)w * b->fib.install_ns / REGS_PER_ROW;
    return VS_OK;
}

static vs_err_t nf_count(hw_backend_t *b, int vr, size_t *out)
{
    *out = (size_t)((nf_impl_t *)b->impl)->entries;
    return VS_OK;
}

const hw__ops_t hw__netfpga_ops = {
    .name = "netfpga",
    .open = nf_open,
    .close = nf_close,
    .vr_create = nf_vr_create,
    .link_add = nf_link_add,
    .bind = nf_bind,
    .apply = nf_apply,
    .count = nf_count,
};
