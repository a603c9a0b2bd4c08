/* hw_nfemu — a register-level emulator of the NetFPGA-1G reference router's output port lookup
 * (its route table, ARP table and destination IP filter table), so the netfpga backend can be
 * developed and tested against the register map a card decodes, without a card.
 *
 * Register map: the NetFPGA-1G package, NetFPGA/netfpga on GitHub, release 3.0.1 (commit
 * be75ff7, 2011-11-16). The router_op_lut block's layout is
 * lib/verilog/core/output_port_lookup/cam_router/xml/cam_router.xml: ten counters, four MAC
 * addresses (hi, lo), then the route table, the ARP table and the filter table, each a set of
 * entry registers followed by RD_ADDR and WR_ADDR; 32 rows each (ROUTE_TABLE_DEPTH,
 * ARP_TABLE_DEPTH, DST_IP_FILTER_TABLE_DEPTH). The block's base address is chosen by the
 * register generator (bin/nf_register_gen.pl) when a bitfile is built, from
 * projects/reference_router/include/project.xml; the generated
 * projects/reference_router/lib/C/reg_defines_reference_router.h of a reference_router build
 * (as kept in dcardos/NetFPGA-Danilo, commit a6db58f) puts it at 0x2000000, which gives the
 * addresses below. The generator places the udp group's blocks (router_op_lut, in_arb,
 * output_queues) in Perl hash order, so another build may put it at 0x2000100, 0x2001000 or
 * 0x2001100 (seen by running the 3.0.1 generator with different hash seeds):
 * HW_NF_ROUTER_OP_LUT_BASE must match the bitfile's own reg_defines_reference_router.h
 * (docs/hardware.md).
 *
 * Protocol (router_op_lut_regs_non_cntr.v, RouterLib.pm): write the entry registers, then a
 * row index to WR_ADDR, which commits them to that row; write a row index to RD_ADDR, which
 * loads that row into the entry registers, then read them. Values are host-order IPv4 words.
 * The output port is an 8-bit one-hot mask over the 8 output queues: MAC port i is bit 2i,
 * the CPU queue of port i is bit 2i+1. The CAM takes the lowest-numbered matching row
 * (ip_lpm.v: "priority encoded for the smallest address"), so software keeps rows longest
 * prefix first. A row is invalidated by writing IP 0, mask 255.255.255.255, next hop 0,
 * port 0 (RouterLib.pm invalidate_LPM_table_entry), which matches only 0.0.0.0.
 *
 * What the emulator refuses that the card would silently take: a row index past the table
 * (the card keeps the low log2(depth) bits and writes another row), a port mask wider than
 * 8 bits (the card drops the high bits), a MAC high word wider than 16 bits, an address
 * outside the tables' and MAC registers. */
#ifndef HW_NFEMU_H
#define HW_NFEMU_H

#include <stdbool.h>
#include <stdint.h>

#include "vs_error.h"

/* router_op_lut block base of a reference_router build (see above). */
#define HW_NF_ROUTER_OP_LUT_BASE 0x2000000u
/* cam_router.xml offsets: 10 counters (0x00-0x24), MAC 0-3 hi/lo (0x28-0x44). */
#define HW_NF_MAC_HI(i) (HW_NF_ROUTER_OP_LUT_BASE + 0x28u + 8u * (uint32_t)(i))
#define HW_NF_MAC_LO(i) (HW_NF_MAC_HI(i) + 4u)
/* Route table (route_table_entry: ip, mask, next_hop_ip, output_port). */
#define HW_NF_ROUTE_ENTRY_IP (HW_NF_ROUTER_OP_LUT_BASE + 0x48u)
#define HW_NF_ROUTE_ENTRY_MASK (HW_NF_ROUTER_OP_LUT_BASE + 0x4cu)
#define HW_NF_ROUTE_ENTRY_NEXT_HOP_IP (HW_NF_ROUTER_OP_LUT_BASE + 0x50u)
#define HW_NF_ROUTE_ENTRY_OUTPUT_PORT (HW_NF_ROUTER_OP_LUT_BASE + 0x54u)
#define HW_NF_ROUTE_RD_ADDR (HW_NF_ROUTER_OP_LUT_BASE + 0x58u)
#define HW_NF_ROUTE_WR_ADDR (HW_NF_ROUTER_OP_LUT_BASE + 0x5cu)
/* ARP table (arp_table_entry: mac hi, mac lo, next_hop_ip). */
#define HW_NF_ARP_ENTRY_MAC_HI (HW_NF_ROUTER_OP_LUT_BASE + 0x60u)
#define HW_NF_ARP_ENTRY_MAC_LO (HW_NF_ROUTER_OP_LUT_BASE + 0x64u)
#define HW_NF_ARP_ENTRY_NEXT_HOP_IP (HW_NF_ROUTER_OP_LUT_BASE + 0x68u)
#define HW_NF_ARP_RD_ADDR (HW_NF_ROUTER_OP_LUT_BASE + 0x6cu)
#define HW_NF_ARP_WR_ADDR (HW_NF_ROUTER_OP_LUT_BASE + 0x70u)
/* Destination IP filter table (packets to these IPs go to the CPU). */
#define HW_NF_FILTER_ENTRY_IP (HW_NF_ROUTER_OP_LUT_BASE + 0x74u)
#define HW_NF_FILTER_RD_ADDR (HW_NF_ROUTER_OP_LUT_BASE + 0x78u)
#define HW_NF_FILTER_WR_ADDR (HW_NF_ROUTER_OP_LUT_BASE + 0x7cu)
/* cam_router.xml ROUTE_TABLE_DEPTH, ARP_TABLE_DEPTH, DST_IP_FILTER_TABLE_DEPTH. */
#define HW_NF_REFERENCE_ROWS 32
#define HW_NF_ARP_ROWS 32
#define HW_NF_FILTER_ROWS 32
/* Output port mask width: NUM_OUTPUT_QUEUES = 8 bits (reference_user_data_path's
 * user_data_path.v, sram_rr_output_queues.xml); the
 * reference software takes 1..0xff (cli.c setip, RouterLib.pm add_LPM_table_entry). */
#define HW_NF_PORT_MASK 0xffu
/* One-hot output port bit of MAC port i (0..3). */
#define HW_NF_PORT_BIT(i) (UINT32_C(1) << (2 * (i)))
/* The invalid row's mask (RouterLib.pm invalidate_LPM_table_entry). */
#define HW_NF_INVALID_MASK 0xffffffffu

typedef struct hw_nfemu hw_nfemu_t;

/* Called for every register access the emulator receives, accepted or not (write: the value
 * written; read: the value returned, 0 when refused). */
typedef void hw_nfemu_tap_fn(void *ctx, bool write, uint32_t addr, uint32_t val);

/* rows >= 1: the route table's depth (the reference design's is HW_NF_REFERENCE_ROWS; more
 * models a modified design with a deeper table, at the same addresses). Every route row starts
 * invalid. *out freed with hw_nfemu_destroy. */
vs_err_t hw_nfemu_create(int64_t rows, hw_nfemu_t **out);
void hw_nfemu_destroy(hw_nfemu_t *e);
/* Register write. Refused (nothing changes, counted as bad): an address outside the tables'
 * registers (VS_EINVAL), a row index past its table (VS_ERANGE), an output port with bits
 * above HW_NF_PORT_MASK (VS_EINVAL). */
vs_err_t hw_nfemu_write(hw_nfemu_t *e, uint32_t addr, uint32_t val);
/* Register read of an entry, RD_ADDR or WR_ADDR register; else VS_EINVAL. */
vs_err_t hw_nfemu_read(hw_nfemu_t *e, uint32_t addr, uint32_t *val);
/* Sees every access from now on; fn NULL stops. ctx is the caller's. */
void hw_nfemu_set_tap(hw_nfemu_t *e, hw_nfemu_tap_fn *fn, void *ctx);
int64_t hw_nfemu_rows(const hw_nfemu_t *e);
uint64_t hw_nfemu_writes(const hw_nfemu_t *e);
uint64_t hw_nfemu_bad_writes(const hw_nfemu_t *e);
/* The hardware's lookup: the lowest row whose IP matches ip under its mask, with a non-zero
 * port (a matching row with port 0 sends the packet nowhere: reported as -1 too). Returns the
 * row index or -1; the row's next hop (0: the destination itself, as ip_lpm.v forwards) and
 * port through the pointers (may be NULL). O(rows). */
int64_t hw_nfemu_lookup(const hw_nfemu_t *e, uint32_t ip, uint32_t *next_hop, uint32_t *port);

#endif
