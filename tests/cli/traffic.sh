#!/usr/bin/env bash
# End to end: vroomsim traffic and vroomsim bench load. $1 = binary, $2 = source tree.
set -u
bin=$1
src=$2
data=$src/../shared/data
dyn=$data/sndlib/dynamic
. "$(dirname "${BASH_SOURCE[0]}")/lib/check.sh"

check help 0 "$bin" traffic info --help
contains help "--node-map"
# Gravity: seeded, reproducible, scaled to the requested peak.
check gravity 0 "$bin" traffic info gravity --topology builtin:abilene --peak-util 0.3
contains gravity "matrices   168 of 12 nodes, interval 1 h"
contains gravity "peak link utilisation 0.300"
check gravity-a 0 "$bin" traffic info gravity --topology builtin:abilene --seed 4 --json="$tmp/g1.json"
check gravity-b 0 "$bin" traffic info gravity --topology builtin:abilene --seed 4 --json="$tmp/g2.json"
cmp -s "$tmp/g1.json" "$tmp/g2.json" || { echo "FAIL determinism: gravity JSON differs"; fail=1; }
check gravity-c 0 "$bin" traffic info gravity --topology builtin:abilene --seed 5 --json="$tmp/g3.json"
cmp -s "$tmp/g1.json" "$tmp/g3.json" && { echo "FAIL seed: another seed gave the same JSON"; fail=1; }
check bgp 0 "$bin" traffic bgp synthetic:255000 --seed 2
contains bgp "255000 IPv4 prefixes"
check no-topo 2 "$bin" traffic info gravity
check bad-interval 2 "$bin" traffic info gravity --topology builtin:diamond --interval 0

# Bad TM input: file:line and reason, status 2.
mkdir "$tmp/set"
cat >"$tmp/set/demandMatrix-t-20040301-0000.xml" <<'XML'
<?xml version="1.0"?>
<network xmlns="http://sndlib.zib.de/network" version="1.0">
 <meta><granularity>5min</granularity><time>20040301-0000</time><unit>MBITPERSEC</unit></meta>
 <networkStructure><nodes><node id="A"/><node id="B"/></nodes><links/></networkStructure>
 <demands>
  <demand id="A_B"><source>A</source><target>B</target><demandValue> -1 </demandValue></demand>
 </demands>
</network>
XML
check negative 2 "$bin" traffic info "$tmp/set"
contains negative "demandMatrix-t-20040301-0000.xml:6: negative demand A -> B"
sed -i 's/ -1 / 1 /' "$tmp/set/demandMatrix-t-20040301-0000.xml"
check good-set 0 "$bin" traffic info "$tmp/set"
contains good-set "matrices   1 of 2 nodes, interval 5 min"
check not-in-topo 2 "$bin" traffic info "$tmp/set" --topology builtin:diamond
contains not-in-topo "traffic-matrix node 'A' is not a node of the topology"
printf 'A n0\nB n2\n' >"$tmp/ab.map"
check mapped 0 "$bin" traffic info "$tmp/set" --topology builtin:diamond --node-map "$tmp/ab.map"
contains mapped "peak link utilisation"

if [ -f "$dyn/directed-abilene-zhang-5min-over-6months-ALL.subset.tar.gz" ]; then
    check abilene 0 "$bin" traffic info "$dyn/directed-abilene-zhang-5min-over-6months-ALL.subset.tar.gz" \
        --interval 1h --topology Abilene.graphml --node-map "$src/traces/data/sndlib-abilene-to-zoo.map"
    contains abilene "matrices   408 of 11 nodes, interval 1 h"
    check geant 0 "$bin" traffic info "$dyn/directed-geant-uhlig-15min-over-4months-ALL.subset.tar.gz" --json="$tmp/ge.json"
    grep -q '"matrices":	324' "$tmp/ge.json" || { echo "FAIL geant: not 324 matrices"; fail=1; }
    check bench 0 "$bin" bench load --data "$data" --json="$tmp/b.json"
    grep -q '"zoo_loaded":	276' "$tmp/b.json" || { echo "FAIL bench: not 276 Zoo files"; fail=1; }
    grep -q '"seconds"' "$tmp/b.json" || { echo "FAIL bench: no timing.seconds"; fail=1; }
else
    echo "note: $dyn absent, SNDlib checks skipped"
fi
# MRT (RFC 6396): detected by content, summarised; a truncated file names the record's offset.
mrt=$data/bgp/ripe-bgpdump-testdata/test_data
if [ -f "$mrt/updates.20160811.1600.gz" ]; then
    check mrt-updates 0 "$bin" traffic bgp "$mrt/updates.20160811.1600.gz"
    contains mrt-updates "MRT, 17406 records (BGP4MP 17406,"
    contains mrt-updates "peers       45 (35 with routes)"
    contains mrt-updates "announced   IPv4 32710, IPv6 6546"
    contains mrt-updates "withdrawn   IPv4 1616, IPv6 340"
    contains mrt-updates "busiest     2016-08-11T16:00:22Z: 1130 updates/s"
    check mrt-et 0 "$bin" traffic bgp "$mrt/updates.et-header.2015.gz" --format mrt --json="$tmp/et.json"
    grep -q '"bgp4mp_et":	89686' "$tmp/et.json" || { echo "FAIL mrt-et: not 89686 BGP4MP_ET records"; fail=1; }
    grep -q '"ipv4":	577737' "$tmp/et.json" || { echo "FAIL mrt-et: not 577737 announcements"; fail=1; }
    check mrt-rib 0 "$bin" traffic bgp "$mrt/bview.20020722.2337.gz"
    contains mrt-rib "RIB entries IPv4 115521, IPv6 0; unique prefixes IPv4 112988, IPv6 0"
    contains mrt-rib "/24 62478"
    zcat "$mrt/updates.20070211.0141.gz" | head -c 1000 >"$tmp/cut.mrt"
    check mrt-truncated 2 "$bin" traffic bgp "$tmp/cut.mrt"
    contains mrt-truncated "cut.mrt: record at byte offset"
    contains mrt-truncated "truncated record"
    check mrt-as-list 2 "$bin" traffic bgp "$tmp/cut.mrt" --format list
    # --lines: bgpdump -m's lines up to the next hop (KEEPALIVEs are ours only).
    "$bin" traffic bgp "$mrt/updates.20160811.1600.gz" --lines | grep -v '|KEEPALIVE|' >"$tmp/lines"
    zcat "$data/bgp/ripe-bgpdump-testdata/test_expect/updates.20160811.1600.gz.bgp.gz" |
        cut -d'|' -f1-9 | sed 's/|$//' >"$tmp/expect"
    cmp -s "$tmp/lines" "$tmp/expect" || { echo "FAIL mrt-lines: differs from bgpdump -m"; diff "$tmp/lines" "$tmp/expect" | head -5; fail=1; }
    check mrt-lines-3 0 "$bin" traffic bgp "$mrt/updates.et-header.2015.gz" --lines=3
    contains mrt-lines-3 "BGP4MP_ET|1445565686.357523|OPEN|206.220.231.55|3856"
    [ "$(wc -l <"$tmp/out")" -eq 3 ] || { echo "FAIL mrt-lines-3: not 3 lines"; fail=1; }
    check mrt-lines-json 2 "$bin" traffic bgp "$mrt/updates.et-header.2015.gz" --lines --json
else
    echo "note: $mrt absent, MRT checks skipped"
fi
printf '10.0.0.0/8\n2001:db8::/32\n' >"$tmp/list.txt"
check list-auto 0 "$bin" traffic bgp "$tmp/list.txt"
contains list-auto "1 IPv4 prefixes, 1 IPv6 prefixes"
check list-as-mrt 2 "$bin" traffic bgp "$tmp/list.txt" --format mrt
check list-lines 2 "$bin" traffic bgp "$tmp/list.txt" --lines
check bad-format 2 "$bin" traffic bgp "$tmp/list.txt" --format xml
check mrt-help 0 "$bin" traffic bgp --help
contains mrt-help "--format auto|mrt|list"
check bench-nodata 2 "$bin" bench load --data "$tmp/nowhere"
exit $fail
