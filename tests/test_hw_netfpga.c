/* hwmodel/ NetFPGA: the register sequence the netfpga backend sends is the one a NetFPGA-1G
 * reference router decodes (addresses, values, row indices, the 32-row table), and the
 * register emulator refuses what that card would not take in its table (hw_nfemu.h cites the
 * map). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vs_check.h"
#include "hw_backend.h"
#include "hw_netfpga.h"

/* What the emulator received, in order. */
typedef struct {
    bool write;
    uint32_t addr, val;
} access_t;

typedef struct {
    access_t a[512];
    size_t n;
} tape_t;

static void record(void *ctx, bool write, uint32_t addr, uint32_t val)
{
    tape_t *t = ctx;
    ck_assert_uint_lt(t->n, sizeof t->a / sizeof t->a[0]);
    t->a[t->n++] = (access_t){write, addr, val};
}

/* The 5 writes of one row, as RouterLib.pm add_LPM_table_entry sends them. */
static void expect_row(const tape_t *t, size_t at, uint32_t ip, uint32_t mask, uint32_t nh,
                       uint32_t port, uint32_t row)
{
    const uint32_t addr[5] = {HW_NF_ROUTE_ENTRY_IP, HW_NF_ROUTE_ENTRY_MASK,
                              HW_NF_ROUTE_ENTRY_NEXT_HOP_IP, HW_NF_ROUTE_ENTRY_OUTPUT_PORT,
                              HW_NF_ROUTE_WR_ADDR};
    const uint32_t val[5] = {ip, mask, nh, port, row};
    ck_assert_uint_le(at + 5, t->n);
    for (int i = 0; i < 5; i++) {
        ck_assert(t->a[at + i].write);
        ck_assert_uint_eq(t->a[at + i].addr, addr[i]);
        ck_assert_uint_eq(t->a[at + i].val, val[i]);
    }
}

/* Writes (address, value) pairs, each accepted. */
static void write_ok(hw_nfemu_t *e, const uint32_t (*aw)[2], size_t n)
{
    for (size_t i = 0; i < n; i++)
        ck_assert_int_eq(hw_nfemu_write(e, aw[i][0], aw[i][1]), VS_OK);
}

static void read_is(hw_nfemu_t *e, uint32_t addr, uint32_t want)
{
    uint32_t v = ~want;
    ck_assert_int_eq(hw_nfemu_read(e, addr, &v), VS_OK);
    ck_assert_uint_eq(v, want);
}

static hw_backend_t *open_emulated(int64_t rows, int *vr)
{
    hw_backend_t *b;
    hw_backend_config_t cfg = {.kind = HW_BACKEND_NETFPGA, .emulate = true, .emu_capacity = rows};
    ck_assert_int_eq(hw_backend_open(&cfg, &b), VS_OK);
    ck_assert_int_eq(hw_backend_vr_create(b, "hd", vr), VS_OK);
    return b;
}

START_TEST(nf_register_map)
{
    /* reg_defines_reference_router.h of a reference_router build (router_op_lut at
     * 0x2000000), not the NetFPGA-10G router's 0x766000xx */
    ck_assert_uint_eq(HW_NF_MAC_HI(0), 0x2000028);
    ck_assert_uint_eq(HW_NF_MAC_LO(3), 0x2000044);
    ck_assert_uint_eq(HW_NF_ROUTE_ENTRY_IP, 0x2000048);
    ck_assert_uint_eq(HW_NF_ROUTE_ENTRY_MASK, 0x200004c);
    ck_assert_uint_eq(HW_NF_ROUTE_ENTRY_NEXT_HOP_IP, 0x2000050);
    ck_assert_uint_eq(HW_NF_ROUTE_ENTRY_OUTPUT_PORT, 0x2000054);
    ck_assert_uint_eq(HW_NF_ROUTE_RD_ADDR, 0x2000058);
    ck_assert_uint_eq(HW_NF_ROUTE_WR_ADDR, 0x200005c);
    ck_assert_uint_eq(HW_NF_ARP_ENTRY_MAC_HI, 0x2000060);
    ck_assert_uint_eq(HW_NF_ARP_ENTRY_MAC_LO, 0x2000064);
    ck_assert_uint_eq(HW_NF_ARP_ENTRY_NEXT_HOP_IP, 0x2000068);
    ck_assert_uint_eq(HW_NF_ARP_RD_ADDR, 0x200006c);
    ck_assert_uint_eq(HW_NF_ARP_WR_ADDR, 0x2000070);
    ck_assert_uint_eq(HW_NF_FILTER_ENTRY_IP, 0x2000074);
    ck_assert_uint_eq(HW_NF_FILTER_RD_ADDR, 0x2000078);
    ck_assert_uint_eq(HW_NF_FILTER_WR_ADDR, 0x200007c);
    ck_assert_int_eq(HW_NF_REFERENCE_ROWS, 32);
    ck_assert_int_eq(HW_NF_ARP_ROWS, 32);
    ck_assert_int_eq(HW_NF_FILTER_ROWS, 32);
    /* one-hot ports: MAC port i is bit 2i (nf2c1 -> 0x04) */
    ck_assert_uint_eq(HW_NF_PORT_BIT(1), 0x04);
    ck_assert_uint_eq(HW_NF_PORT_BIT(3), 0x40);
}
END_TEST

START_TEST(nf_backend_sequence)
{
    int vr;
    hw_backend_t *b = open_emulated(0, &vr); /* 0: the reference router's 32 rows */
    hw_nfemu_t *emu = hw_netfpga_emulator(b);
    ck_assert_int_eq(hw_nfemu_rows(emu), 32);
    tape_t *t = calloc(1, sizeof *t);
    hw_nfemu_set_tap(emu, record, t);
    hw_route_t r8, r16;
    ck_assert_int_eq(hw_route_make("10.0.0.0/8", "nf2c1", &r8), VS_OK);
    ck_assert_int_eq(hw_route_make("10.1.0.0/16", "nf2c2", &r16), VS_OK);
    r16.gw_family = 4;
    memcpy(r16.gw, (uint8_t[4]){192, 0, 2, 1}, 4);

    /* first route: row 0 */
    ck_assert_int_eq(hw_backend_route_add(b, vr, &r8, NULL), VS_OK);
    ck_assert_uint_eq(t->n, 5);
    expect_row(t, 0, 0x0a000000, 0xff000000, 0, 0x04, 0);
    /* a longer prefix goes above it: the /8 moves to row 1 first, then the /16 takes row 0 */
    ck_assert_int_eq(hw_backend_route_add(b, vr, &r16, NULL), VS_OK);
    ck_assert_uint_eq(t->n, 15);
    expect_row(t, 5, 0x0a000000, 0xff000000, 0, 0x04, 1);
    expect_row(t, 10, 0x0a010000, 0xffff0000, 0xc0000201, 0x10, 0);

    /* reading a row back: RD_ADDR, then the entry registers (cli.c listip) */
    ck_assert_int_eq(hw_nfemu_write(emu, HW_NF_ROUTE_RD_ADDR, 1), VS_OK);
    read_is(emu, HW_NF_ROUTE_ENTRY_IP, 0x0a000000);
    read_is(emu, HW_NF_ROUTE_ENTRY_MASK, 0xff000000);
    read_is(emu, HW_NF_ROUTE_ENTRY_NEXT_HOP_IP, 0);
    read_is(emu, HW_NF_ROUTE_ENTRY_OUTPUT_PORT, 0x04);
    read_is(emu, HW_NF_ROUTE_RD_ADDR, 1);
    /* an untouched row reads as the reference software's invalid row */
    ck_assert_int_eq(hw_nfemu_write(emu, HW_NF_ROUTE_RD_ADDR, 31), VS_OK);
    read_is(emu, HW_NF_ROUTE_ENTRY_IP, 0);
    read_is(emu, HW_NF_ROUTE_ENTRY_MASK, 0xffffffff);

    /* lookups: first matching row, next hop as written */
    uint32_t nh, port;
    ck_assert_int_eq(hw_nfemu_lookup(emu, 0x0a010203, &nh, &port), 0);
    ck_assert_uint_eq(nh, 0xc0000201);
    ck_assert_uint_eq(port, 0x10);
    ck_assert_int_eq(hw_nfemu_lookup(emu, 0x0a020304, NULL, &port), 1);
    ck_assert_int_eq(hw_nfemu_lookup(emu, 0x0b000001, NULL, NULL), -1);
    ck_assert_int_eq(hw_nfemu_lookup(emu, 0, NULL, NULL), -1); /* invalid rows: no port */

    /* delete the /16: the /8 moves back to row 0, row 1 is invalidated */
    t->n = 0;
    ck_assert_int_eq(hw_backend_route_delete(b, vr, &r16, NULL), VS_OK);
    ck_assert_uint_eq(t->n, 10);
    expect_row(t, 0, 0x0a000000, 0xff000000, 0, 0x04, 0);
    expect_row(t, 5, 0, 0xffffffff, 0, 0, 1);
    ck_assert_uint_eq(hw_nfemu_bad_writes(emu), 0);

    /* close leaves the card's table empty: row 0 invalidated */
    t->n = 0;
    hw_backend_close(b);
    ck_assert_uint_eq(t->n, 5);
    expect_row(t, 0, 0, 0xffffffff, 0, 0, 0);
    free(t);
}
END_TEST

START_TEST(nf_backend_depth)
{
    /* the reference router's 32 rows: the 33rd route is refused before any register write */
    int vr;
    hw_backend_t *b = open_emulated(0, &vr);
    hw_nfemu_t *emu = hw_netfpga_emulator(b);
    hw_route_t r[33];
    char pfx[32];
    for (int i = 0; i < 33; i++) {
        snprintf(pfx, sizeof pfx, "10.%d.0.0/16", i);
        ck_assert_int_eq(hw_route_make(pfx, "nf2c0", &r[i]), VS_OK);
    }
    size_t failed = 0;
    ck_assert_int_eq(hw_backend_add_many(b, vr, r, 33, NULL, NULL, &failed, NULL), VS_ERANGE);
    ck_assert_uint_eq(failed, 1);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "full (32 rows)"));
    ck_assert_uint_eq(hw_nfemu_writes(emu), 32 * 5);
    ck_assert_uint_eq(hw_nfemu_bad_writes(emu), 0);
    ck_assert_int_eq(hw_nfemu_lookup(emu, 0x0a1f0001, NULL, NULL), 31);
    hw_backend_close(b);
}
END_TEST

START_TEST(nf_emulator_refuses)
{
    hw_nfemu_t *e;
    uint32_t v;
    ck_assert_int_eq(hw_nfemu_create(HW_NF_REFERENCE_ROWS, &e), VS_OK);
    const uint32_t row31[][2] = {{HW_NF_ROUTE_ENTRY_IP, 0x0a000000},
                                 {HW_NF_ROUTE_ENTRY_MASK, 0xff000000},
                                 {HW_NF_ROUTE_ENTRY_OUTPUT_PORT, 0x01},
                                 {HW_NF_ROUTE_WR_ADDR, 31}};
    write_ok(e, row31, 4);
    /* a row past the depth: the card would keep 5 bits and overwrite row 0 */
    ck_assert_int_eq(hw_nfemu_write(e, HW_NF_ROUTE_WR_ADDR, 32), VS_ERANGE);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "route table row 32 is past the table's 32 rows"));
    ck_assert_int_eq(hw_nfemu_lookup(e, 0x0a000001, NULL, NULL), 31);
    ck_assert_int_eq(hw_nfemu_write(e, HW_NF_ROUTE_RD_ADDR, 32), VS_ERANGE);
    /* a port mask wider than the 8 output queues; the staged port is kept */
    ck_assert_int_eq(hw_nfemu_write(e, HW_NF_ROUTE_ENTRY_OUTPUT_PORT, 0x100), VS_EINVAL);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "output port mask 0x100"));
    read_is(e, HW_NF_ROUTE_ENTRY_OUTPUT_PORT, 0x01);
    /* the NetFPGA-10G router's address is nothing on a 1G card */
    ck_assert_int_eq(hw_nfemu_write(e, 0x7660005c, 0x0a000000), VS_EINVAL);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "no writable register at 0x7660005c"));
    ck_assert_int_eq(hw_nfemu_read(e, 0x7660005c, &v), VS_EINVAL);
    ck_assert_int_eq(hw_nfemu_write(e, HW_NF_ROUTE_ENTRY_IP + 1, 0), VS_EINVAL); /* unaligned */
    ck_assert_uint_eq(hw_nfemu_bad_writes(e), 5);
    hw_nfemu_destroy(e);
}
END_TEST

START_TEST(nf_emulator_arp_filter)
{
    /* the other two tables of the block, same protocol, 32 rows each; each entry is
     * committed, the staging register overwritten, then the row loaded back */
    hw_nfemu_t *e;
    ck_assert_int_eq(hw_nfemu_create(HW_NF_REFERENCE_ROWS, &e), VS_OK);
    const uint32_t arp[][2] = {{HW_NF_ARP_ENTRY_NEXT_HOP_IP, 0xc0000201},
                               {HW_NF_ARP_ENTRY_MAC_HI, 0xcafe},
                               {HW_NF_ARP_ENTRY_MAC_LO, 0xf00d0001},
                               {HW_NF_ARP_WR_ADDR, 5},
                               {HW_NF_ARP_ENTRY_MAC_LO, 0},
                               {HW_NF_ARP_RD_ADDR, 5}};
    write_ok(e, arp, 6);
    read_is(e, HW_NF_ARP_ENTRY_MAC_LO, 0xf00d0001);
    ck_assert_int_eq(hw_nfemu_write(e, HW_NF_ARP_WR_ADDR, HW_NF_ARP_ROWS), VS_ERANGE);
    ck_assert_ptr_nonnull(strstr(vs_errmsg(), "ARP table row 32"));
    ck_assert_int_eq(hw_nfemu_write(e, HW_NF_ARP_ENTRY_MAC_HI, 0x10000), VS_EINVAL);
    const uint32_t filter[][2] = {{HW_NF_FILTER_ENTRY_IP, 0xc0000202},
                                  {HW_NF_FILTER_WR_ADDR, 31},
                                  {HW_NF_FILTER_ENTRY_IP, 0},
                                  {HW_NF_FILTER_RD_ADDR, 31},
                                  {HW_NF_MAC_HI(2), 0xcafe}}; /* the router's own MAC */
    write_ok(e, filter, 5);
    read_is(e, HW_NF_FILTER_ENTRY_IP, 0xc0000202);
    read_is(e, HW_NF_MAC_HI(2), 0xcafe);
    ck_assert_int_eq(hw_nfemu_write(e, HW_NF_FILTER_WR_ADDR, 32), VS_ERANGE);
    ck_assert_uint_eq(hw_nfemu_bad_writes(e), 3);
    hw_nfemu_destroy(e);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("hw_netfpga");
    TCase *tc = tcase_create("netfpga");
    tcase_add_test(tc, nf_register_map);
    tcase_add_test(tc, nf_backend_sequence);
    tcase_add_test(tc, nf_backend_depth);
    tcase_add_test(tc, nf_emulator_refuses);
    tcase_add_test(tc, nf_emulator_arp_filter);
    suite_add_tcase(s, tc);
    return vs_check_run(s) ? 1 : 0;
}
