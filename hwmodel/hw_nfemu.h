/* hw_nfemu — a register-level emulator of the NetFPGA reference router's LPM routing table,
 * so the netfpga backend can be developed and tested without a card.
 *
 * Register interface (as the reference router's software drives it): four staging registers
 * ENTRY_IP, ENTRY_MASK, ENTRY_NEXT_HOP_IP, ENTRY_OUTPUT_PORT; writing a row index to WR_ADDR
 * commits the staging registers to that row; writing a row index to RD_ADDR loads that row
 * into the staging registers for reading. Values are host-order IPv4 words; the output port
 * is one-hot (MAC port i is bit 2i, the CPU queue of port i bit 2i+1). Addresses are those of
 * the NetFPGA router's def_router.h (gengyl08/NetFPGA-10G, ported_router_10g). The hardware
 * searches rows in index order and takes the first match, so software keeps rows longest
 * prefix first. The reference design has 32 rows; the capacity here is configurable. */
#ifndef HW_NFEMU_H
#define HW_NFEMU_H

#include <stdint.h>

#include "vs_error.h"

#define HW_NF_ROUTE_ENTRY_IP 0x7660005cu
#define HW_NF_ROUTE_ENTRY_MASK 0x76600060u
#define HW_NF_ROUTE_ENTRY_NEXT_HOP_IP 0x76600064u
#define HW_NF_ROUTE_ENTRY_OUTPUT_PORT 0x76600068u
#define HW_NF_ROUTE_RD_ADDR 0x7660006cu
#define HW_NF_ROUTE_WR_ADDR 0x76600070u
#define HW_NF_REFERENCE_ROWS 32
/* One-hot output port bit of MAC port i (0..3). */
#define HW_NF_PORT_BIT(i) (UINT32_C(1) << (2 * (i)))

typedef struct hw_nfemu hw_nfemu_t;

/* rows >= 1. *out freed with hw_nfemu_destroy. */
vs_err_t hw_nfemu_create(int64_t rows, hw_nfemu_t **out);
void hw_nfemu_destroy(hw_nfemu_t *e);
/* Unknown address: VS_EINVAL; a row index past the table: VS_ERANGE (the write is dropped,
 * as the hardware would ignore it) - both counted. */
vs_err_t hw_nfemu_write(hw_nfemu_t *e, uint32_t addr, uint32_t val);
vs_err_t hw_nfemu_read(hw_nfemu_t *e, uint32_t addr, uint32_t *val);
int64_t hw_nfemu_rows(const hw_nfemu_t *e);
uint64_t hw_nfemu_writes(const hw_nfemu_t *e);
uint64_t hw_nfemu_bad_writes(const hw_nfemu_t *e);
/* The hardware's lookup: the first row with a non-zero port whose (ip & mask) equals its IP.
 * Returns the row index or -1; next hop and port through the pointers (may be NULL). */
int64_t hw_nfemu_lookup(const hw_nfemu_t *e, uint32_t ip, uint32_t *next_hop, uint32_t *port);

#endif
