#!/usr/bin/env python3
"""Writes the MRT seeds of fuzz/corpus/mrt/: small records built byte by byte as
tests/test_traces.c builds them (RFC 6396, RFC 4271, RFC 4760), so the corpus holds no
recorded data. Usage: gen_mrt_seeds.py DIR"""
import gzip
import os
import struct
import sys


def rec(t, typ, sub, body):
    return struct.pack(">IHHI", t, typ, sub, len(body)) + body


def bgp(as4, peer_as, peer_ip, typ, payload):
    if as4:
        h = struct.pack(">II", peer_as, 65000)
    else:
        h = struct.pack(">HH", peer_as, 65000)
    h += struct.pack(">HHII", 0, 1, peer_ip, 0xc0000202)
    return h + b"\xff" * 16 + struct.pack(">HB", 19 + len(payload), typ) + payload


def update(withdrawn, attrs, nlri):
    return struct.pack(">H", len(withdrawn)) + withdrawn + struct.pack(">H", len(attrs)) + attrs + nlri


def updates():
    aspath = struct.pack(">BB", 2, 2) + struct.pack(">II", 4200000000, 3356) + \
        struct.pack(">BB", 1, 2) + struct.pack(">II", 1, 2)
    attrs = bytes([0x40, 1, 1, 0]) + bytes([0x50, 2]) + struct.pack(">H", len(aspath)) + aspath + \
        bytes([0x40, 3, 4]) + struct.pack(">I", 0xc0000201)
    out = rec(1470931200, 16, 4, bgp(1, 4200000000, 0xc0000201, 2,
                                     update(bytes([8, 10]), attrs, bytes([24, 203, 0, 113, 25, 198, 51, 100, 0xff]))))
    nh6 = bytes([0x20, 0x01, 0x0d, 0xb8] + [0] * 11 + [1])
    mp_reach = struct.pack(">HBB", 2, 1, 16) + nh6 + b"\x00" + bytes([32]) + struct.pack(">I", 0x20010db8)
    mp_unreach = struct.pack(">HB", 2, 1) + bytes([48]) + struct.pack(">IH", 0x20010db8, 1)
    attrs6 = bytes([0x40, 1, 1, 2]) + bytes([0x40, 2, 4, 2, 1]) + struct.pack(">H", 65002) + \
        bytes([0x80, 14, len(mp_reach)]) + mp_reach + bytes([0x80, 15, len(mp_unreach)]) + mp_unreach
    out += rec(1470931201, 17, 1, struct.pack(">I", 250000) + bgp(0, 65002, 0xc0000203, 2, update(b"", attrs6, b"")))
    out += rec(1470931202, 16, 5, struct.pack(">IIHHIIHH", 65003, 65000, 0, 1, 0xc0000204, 0xc0000202, 6, 1))
    out += rec(1470931202, 16, 4, bgp(1, 65003, 0xc0000204, 4, b""))
    out += rec(1470931203, 99, 0, struct.pack(">I", 0xdeadbeef))
    return out


def as4_path():
    """A 2-byte UPDATE whose AS_PATH has AS_TRANS and an AS4_PATH with the real ASNs."""
    aspath = bytes([2, 3]) + struct.pack(">HHH", 65002, 23456, 23456)
    as4 = bytes([2, 2]) + struct.pack(">II", 4200000000, 4200000001)
    attrs = bytes([0x40, 1, 1, 0, 0x40, 2, len(aspath)]) + aspath + \
        bytes([0xc0, 17, len(as4)]) + as4 + bytes([0x40, 3, 4]) + struct.pack(">I", 0xc0000201)
    return rec(1470931200, 16, 1, bgp(0, 65002, 0xc0000201, 2, update(b"", attrs, bytes([24, 203, 0, 113]))))


def rib():
    ip6 = bytes([0x20, 0x01, 0x07, 0xf8] + [0] * 11 + [9])
    peers = struct.pack(">IHH", 0x0a000001, 0, 2) + bytes([2]) + struct.pack(">III", 1, 0xcaf902a9, 2497) + \
        bytes([1]) + struct.pack(">I", 2) + ip6 + struct.pack(">H", 4777)
    out = rec(1277971199, 13, 1, peers)
    body = struct.pack(">IBBBH", 0, 16, 1, 9, 2)
    for peer in range(2):
        attrs = bytes([0x40, 1, 1, 0, 0x40, 2, 10, 2, 2]) + struct.pack(">II", 2497 + peer, 4788)
        body += struct.pack(">HIH", peer, 1277900000, len(attrs)) + attrs
    out += rec(1277971199, 13, 2, body)
    attrs6 = bytes([0x80, 14, 17, 16]) + ip6
    out += rec(1277971199, 13, 4, struct.pack(">IBIH", 1, 32, 0x20010db8, 1) +
               struct.pack(">HIH", 1, 1277900000, len(attrs6)) + attrs6)
    return out


def table_dump():
    """TABLE_DUMP (type 12) AFI_IPv4: one entry."""
    attrs = bytes([0x40, 1, 1, 0, 0x40, 2, 4, 2, 1]) + struct.pack(">H", 3356) + \
        bytes([0x40, 3, 4]) + struct.pack(">I", 0xc0000201)
    body = struct.pack(">HHIBBIIHH", 0, 1, 0x0a000000, 8, 1, 1277900000, 0xc0000201, 3356, len(attrs)) + attrs
    return rec(1277971199, 12, 1, body)


def main():
    d = sys.argv[1]
    os.makedirs(d, exist_ok=True)
    seeds = {"updates.mrt": updates(), "as4-path.mrt": as4_path(), "rib-v2.mrt": rib(),
             "table-dump.mrt": table_dump()}
    for name, data in seeds.items():
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)
    with open(os.path.join(d, "updates.mrt.gz"), "wb") as f:
        f.write(gzip.compress(updates(), mtime=0))


main()
