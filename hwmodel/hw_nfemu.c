/* hw_nfemu — see hw_nfemu.h. */
#include "hw_nfemu.h"

#include <stdlib.h>

typedef struct {
    uint32_t ip, mask, next_hop, port;
} nf_row_t;

struct hw_nfemu {
    int64_t rows;
    nf_row_t *row;
    nf_row_t stage;
    uint64_t writes, bad;
};

vs_err_t hw_nfemu_create(int64_t rows, hw_nfemu_t **out)
{
    if (rows < 1 || rows > 100000000)
        return vs_fail(VS_ERANGE, "NetFPGA emulator: %lld rows (expected 1 to 10^8)",
                       (long long)rows);
    hw_nfemu_t *e = calloc(1, sizeof *e);
    if (e)
        e->row = calloc((size_t)rows, sizeof *e->row);
    if (!e || !e->row) {
        free(e);
        return vs_fail(VS_ENOMEM, "out of memory for %lld emulated rows", (long long)rows);
    }
    e->rows = rows;
    *out = e;
    return VS_OK;
}

void hw_nfemu_destroy(hw_nfemu_t *e)
{
    if (!e)
        return;
    free(e->row);
    free(e);
}

vs_err_t hw_nfemu_write(hw_nfemu_t *e, uint32_t addr, uint32_t val)
{
    e->writes++;
    switch (addr) {
    case HW_NF_ROUTE_ENTRY_IP:
        e->stage.ip = val;
        return VS_OK;
    case HW_NF_ROUTE_ENTRY_MASK:
        e->stage.mask = val;
        return VS_OK;
    case HW_NF_ROUTE_ENTRY_NEXT_HOP_IP:
        e->stage.next_hop = val;
        return VS_OK;
    case HW_NF_ROUTE_ENTRY_OUTPUT_PORT:
        e->stage.port = val;
        return VS_OK;
    case HW_NF_ROUTE_WR_ADDR:
    case HW_NF_ROUTE_RD_ADDR:
        if ((int64_t)val >= e->rows) {
            e->bad++;
            return vs_fail(VS_ERANGE, "NetFPGA: row %u is past the table's %lld rows", val,
                           (long long)e->rows);
        }
        if (addr == HW_NF_ROUTE_WR_ADDR)
            e->row[val] = e->stage;
        else
            e->stage = e->row[val];
        return VS_OK;
    default:
        e->bad++;
        return vs_fail(VS_EINVAL, "NetFPGA: no register at 0x%08x", addr);
    }
}

vs_err_t hw_nfemu_read(hw_nfemu_t *e, uint32_t addr, uint32_t *val)
{
    switch (addr) {
    case HW_NF_ROUTE_ENTRY_IP:
        *val = e->stage.ip;
        return VS_OK;
    case HW_NF_ROUTE_ENTRY_MASK:
        *val = e->stage.mask;
        return VS_OK;
    case HW_NF_ROUTE_ENTRY_NEXT_HOP_IP:
        *val = e->stage.next_hop;
        return VS_OK;
    case HW_NF_ROUTE_ENTRY_OUTPUT_PORT:
        *val = e->stage.port;
        return VS_OK;
    default:
        return vs_fail(VS_EINVAL, "NetFPGA: no readable register at 0x%08x", addr);
    }
}

int64_t hw_nfemu_rows(const hw_nfemu_t *e)
{
    return e->rows;
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
    for (int64_t i = 0; i < e->rows; i++) {
        const nf_row_t *r = &e->row[i];
        if (r->port && (ip & r->mask) == r->ip) {
            if (next_hop)
                *next_hop = r->next_hop;
            if (port)
                *port = r->port;
            return i;
        }
    }
    return -1;
}
