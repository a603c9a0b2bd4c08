/* hw_nfemu — see hw_nfemu.h. The three tables share one protocol (entry registers, RD_ADDR,
 * WR_ADDR), so one table type serves them; they differ in entry width and depth. */
#include "hw_nfemu.h"

#include <stdlib.h>

#define MAX_WORDS 4     /* route_table_entry: ip, mask, next_hop_ip, output_port */
#define NF_MACS 4       /* MAC_0..MAC_3 */
#define MAC_HI_BITS 0xffffu /* mac[47:32]: 16 bits (router_op_lut_regs_non_cntr.v) */
enum { T_ROUTE, T_ARP, T_FILTER, T_COUNT };
enum { W_IP, W_MASK, W_NEXT_HOP, W_PORT }; /* route entry words, in register order */

typedef struct {
    const char *name;   /* in messages, as cam_router.xml names the table */
    uint32_t entry0;    /* first entry register; the others follow at 4-byte steps */
    int words;
    uint32_t rd_addr, wr_addr;
    int64_t rows;
    uint32_t *row;      /* rows x words */
    uint32_t stage[MAX_WORDS];
    uint32_t last_rd, last_wr;
} nf_table_t;

struct hw_nfemu {
    nf_table_t t[T_COUNT];
    uint32_t mac[2 * NF_MACS];
    hw_nfemu_tap_fn *tap;
    void *tap_ctx;
    uint64_t writes, bad;
};

static vs_err_t table_init(nf_table_t *t, const char *name, uint32_t entry0, int words,
                           int64_t rows)
{
    t->name = name;
    t->entry0 = entry0;
    t->words = words;
    t->rd_addr = entry0 + 4u * (uint32_t)words;
    t->wr_addr = t->rd_addr + 4u;
    t->rows = rows;
    t->row = calloc((size_t)rows * (size_t)words, sizeof *t->row);
    if (!t->row)
        return vs_fail(VS_ENOMEM, "out of memory for %lld emulated %s rows", (long long)rows,
                       name);
    return VS_OK;
}

vs_err_t hw_nfemu_create(int64_t rows, hw_nfemu_t **out)
{
    vs_err_t err = VS_OK;
    if (rows < 1 || rows > 100000000)
        return vs_fail(VS_ERANGE, "NetFPGA emulator: %lld rows (expected 1 to 10^8)",
                       (long long)rows);
    hw_nfemu_t *e = calloc(1, sizeof *e);
    if (!e)
        return vs_fail(VS_ENOMEM, "out of memory for the NetFPGA emulator");
    if ((err = table_init(&e->t[T_ROUTE], "route table", HW_NF_ROUTE_ENTRY_IP, 4, rows)) ||
        (err = table_init(&e->t[T_ARP], "ARP table", HW_NF_ARP_ENTRY_MAC_HI, 3,
                          HW_NF_ARP_ROWS)) ||
        (err = table_init(&e->t[T_FILTER], "destination IP filter table",
                          HW_NF_FILTER_ENTRY_IP, 1, HW_NF_FILTER_ROWS)))
        goto out;
    /* every route row invalid, as the reference software leaves a cleared table */
    for (int64_t i = 0; i < rows; i++)
        e->t[T_ROUTE].row[i * 4 + W_MASK] = HW_NF_INVALID_MASK;
    *out = e;
out:
    if (err)
        hw_nfemu_destroy(e);
    return err;
}

void hw_nfemu_destroy(hw_nfemu_t *e)
{
    if (!e)
        return;
    for (int i = 0; i < T_COUNT; i++)
        free(e->t[i].row);
    free(e);
}

/* The table whose registers include addr, or NULL. */
static nf_table_t *table_at(hw_nfemu_t *e, uint32_t addr)
{
    for (int i = 0; i < T_COUNT; i++)
        if (addr >= e->t[i].entry0 && addr <= e->t[i].wr_addr && !(addr & 3u))
            return &e->t[i];
    return NULL;
}

static vs_err_t check_value(const nf_table_t *t, int word, uint32_t val)
{
    if (t->entry0 == HW_NF_ROUTE_ENTRY_IP && word == W_PORT && (val & ~HW_NF_PORT_MASK))
        return vs_fail(VS_EINVAL,
                       "NetFPGA: output port mask 0x%x has bits above the reference router's "
                       "8 output queues (MAC port i = bit 2i, CPU queue i = bit 2i+1)", val);
    if (t->entry0 == HW_NF_ARP_ENTRY_MAC_HI && word == 0 && (val & ~MAC_HI_BITS))
        return vs_fail(VS_EINVAL, "NetFPGA: ARP MAC high word 0x%x is wider than 16 bits", val);
    return VS_OK;
}

static vs_err_t table_write(nf_table_t *t, uint32_t addr, uint32_t val)
{
    if (addr == t->rd_addr || addr == t->wr_addr) {
        if ((int64_t)val >= t->rows)
            return vs_fail(VS_ERANGE,
                           "NetFPGA: %s row %u is past the table's %lld rows (rows 0 to %lld; "
                           "a card would keep the index's low bits and write another row)",
                           t->name, val, (long long)t->rows, (long long)t->rows - 1);
        uint32_t *row = &t->row[(int64_t)val * t->words];
        for (int w = 0; w < t->words; w++) {
            if (addr == t->wr_addr)
                row[w] = t->stage[w];
            else
                t->stage[w] = row[w];
        }
        *(addr == t->wr_addr ? &t->last_wr : &t->last_rd) = val;
        return VS_OK;
    }
    int word = (int)((addr - t->entry0) / 4u);
    vs_err_t err = check_value(t, word, val);
    if (!err)
        t->stage[word] = val;
    return err;
}

static vs_err_t do_write(hw_nfemu_t *e, uint32_t addr, uint32_t val)
{
    nf_table_t *t = table_at(e, addr);
    if (t)
        return table_write(t, addr, val);
    for (int i = 0; i < NF_MACS; i++) {
        if (addr == HW_NF_MAC_HI(i) && (val & ~MAC_HI_BITS))
            return vs_fail(VS_EINVAL, "NetFPGA: MAC %d high word 0x%x is wider than 16 bits", i,
                           val);
        if (addr == HW_NF_MAC_HI(i) || addr == HW_NF_MAC_LO(i)) {
            e->mac[(addr - HW_NF_MAC_HI(0)) / 4u] = val;
            return VS_OK;
        }
    }
    return vs_fail(VS_EINVAL, "NetFPGA: no writable register at 0x%08x in the reference "
                              "router's map (router_op_lut at 0x%07x)", addr,
                   HW_NF_ROUTER_OP_LUT_BASE);
}

vs_err_t hw_nfemu_write(hw_nfemu_t *e, uint32_t addr, uint32_t val)
{
    e->writes++;
    if (e->tap)
        e->tap(e->tap_ctx, true, addr, val);
    vs_err_t err = do_write(e, addr, val);
    if (err)
        e->bad++;
    return err;
}

static vs_err_t do_read(hw_nfemu_t *e, uint32_t addr, uint32_t *val)
{
    nf_table_t *t = table_at(e, addr);
    if (t) {
        if (addr == t->rd_addr)
            *val = t->last_rd;
        else if (addr == t->wr_addr)
            *val = t->last_wr;
        else
            *val = t->stage[(addr - t->entry0) / 4u];
        return VS_OK;
    }
    if (addr >= HW_NF_MAC_HI(0) && addr <= HW_NF_MAC_LO(NF_MACS - 1) && !(addr & 3u)) {
        *val = e->mac[(addr - HW_NF_MAC_HI(0)) / 4u];
        return VS_OK;
    }
    return vs_fail(VS_EINVAL, "NetFPGA: no readable register at 0x%08x", addr);
}

vs_err_t hw_nfemu_read(hw_nfemu_t *e, uint32_t addr, uint32_t *val)
{
    uint32_t v = 0;
    vs_err_t err = do_read(e, addr, &v);
    if (e->tap)
        e->tap(e->tap_ctx, false, addr, v);
    if (!err)
        *val = v;
    return err;
}

void hw_nfemu_set_tap(hw_nfemu_t *e, hw_nfemu_tap_fn *fn, void *ctx)
{
    e->tap = fn;
    e->tap_ctx = ctx;
}

int64_t hw_nfemu_rows(const hw_nfemu_t *e)
{
    return e->t[T_ROUTE].rows;
}

uint64_t hw_nfemu_writes(const hw_nfemu_t *e)
{
    return e->writes;
}

uint64_t hw_nfemu_bad_writes(const hw_nfemu_t *e)
{
    return e->bad;
}

int64_t hw_nfemu_lookup(const hw_nfemu_t *e, uint32_t ip, uint32_t *next_hop, uint32_t *port)
{
    const nf_table_t *t = &e->t[T_ROUTE];
    for (int64_t i = 0; i < t->rows; i++) {
        const uint32_t *r = &t->row[i * 4];
        if ((ip ^ r[W_IP]) & r[W_MASK])
            continue;
        if (!r[W_PORT]) /* the CAM's first match, but it names no port: dropped */
            return -1;
        if (next_hop)
            *next_hop = r[W_NEXT_HOP];
        if (port)
            *port = r[W_PORT];
        return i;
    }
    return -1;
}
