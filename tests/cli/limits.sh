#!/usr/bin/env bash
# End to end: what one input may cost (docs/limits.md). Each limit, set low through its
# variable, refuses an input just over it with status 2 and a message naming the variable;
# long reads show progress ($VROOMSIM_PROGRESS=0 asks for it at once), -q silences it.
# $1 = binary, $2 = source tree.
set -u
bin=$1
src=$2
. "$(dirname "${BASH_SOURCE[0]}")/lib/check.sh"

# A scenario: within 64 MB by default, refused over a low VROOMSIM_MAX_YAML, from a file
# and from standard input.
scn=$src/examples/diamond-sd.yaml
check yaml-ok 0 "$bin" validate "$scn"
VROOMSIM_MAX_YAML=1KB check yaml-over 2 "$bin" validate "$scn"
contains yaml-over "diamond-sd.yaml: a YAML file of"
contains yaml-over "is over the limit of 1 KB (raise it with VROOMSIM_MAX_YAML=..., e.g. VROOMSIM_MAX_YAML="
VROOMSIM_MAX_YAML=1KB check yaml-stdin 2 "$bin" run - <"$scn"
contains yaml-stdin "stdin: a YAML file of"
VROOMSIM_MAX_YAML=lots check yaml-bad-var 2 "$bin" validate "$scn"
contains yaml-bad-var "VROOMSIM_MAX_YAML='lots': expected a size such as 64MB or 2GiB"

# A prefix list over VROOMSIM_MAX_PREFIXES; progress when asked, none with -q.
for i in $(seq 0 9); do echo "10.$i.0.0/16"; done >"$tmp/p.txt"
check prefix-ok 0 "$bin" traffic bgp "$tmp/p.txt"
contains prefix-ok "10 IPv4 prefixes"
VROOMSIM_MAX_PREFIXES=9 check prefix-over 2 "$bin" traffic bgp "$tmp/p.txt"
contains prefix-over "p.txt:10: a prefix list of 10 prefixes is over the limit of 9 prefixes (raise it with VROOMSIM_MAX_PREFIXES="
VROOMSIM_PROGRESS=0 check progress 0 "$bin" traffic bgp "$tmp/p.txt"
contains progress "reading $tmp/p.txt: 120 B of 120 B (100%)"
VROOMSIM_PROGRESS=0 check progress-quiet 0 "$bin" traffic bgp "$tmp/p.txt" -q
grep -q "reading " "$tmp/out" && { echo "FAIL progress-quiet: -q still shows progress"; fail=1; }

# An MRT record over VROOMSIM_MAX_MRT_RECORD: a header claiming 2,000 bytes of type 11
# (OSPFv2, which the reader skips).
{ printf '\x57\xac\x9d\x80\x00\x0b\x00\x00\x00\x00\x07\xd0'; head -c 2000 /dev/zero; } >"$tmp/r.mrt"
check mrt-ok 0 "$bin" traffic bgp "$tmp/r.mrt"
contains mrt-ok "1 records"
VROOMSIM_MAX_MRT_RECORD=1KB check mrt-over 2 "$bin" traffic bgp "$tmp/r.mrt"
contains mrt-over "r.mrt: record at byte offset 0: an MRT record of 2 KB is over the limit of 1 KB (raise it with VROOMSIM_MAX_MRT_RECORD="

# A topology file over VROOMSIM_MAX_TOPOLOGY, and all-pairs routes over
# VROOMSIM_MAX_ROUTES_NODES (traffic info gravity routes the matrix over the topology).
topo=$src/topologies/data/Abilene.graphml
[ -f "$topo" ] || topo=$(ls "$src"/topologies/data/*.graphml | head -1)
check topo-ok 0 "$bin" topo info "$topo"
VROOMSIM_MAX_TOPOLOGY=1KB check topo-over 2 "$bin" topo info "$topo"
contains topo-over "is over the limit of 1 KB (raise it with VROOMSIM_MAX_TOPOLOGY="
VROOMSIM_MAX_ROUTES_NODES=5 check routes-over 2 "$bin" traffic info gravity --topology builtin:abilene
contains routes-over "a topology for all-pairs routes of 12 nodes is over the limit of 5 nodes (raise it with VROOMSIM_MAX_ROUTES_NODES="

# A traffic matrix over VROOMSIM_MAX_TM (30 nodes: 7,200 bytes a matrix).
{
    echo '<?xml version="1.0"?><network xmlns="http://sndlib.zib.de/network">'
    echo '<meta><granularity>5min</granularity><time>20040301-0000</time><unit>MBITPERSEC</unit></meta>'
    echo '<networkStructure><nodes>'
    for i in $(seq 1 30); do echo "<node id=\"N$i\"/>"; done
    echo '</nodes></networkStructure><demands>'
    echo '<demand id="a"><source>N1</source><target>N2</target><demandValue>5</demandValue></demand>'
    echo '</demands></network>'
} >"$tmp/tm.xml"
check tm-ok 0 "$bin" traffic info "$tmp/tm.xml"
VROOMSIM_MAX_TM=7KB check tm-over 2 "$bin" traffic info "$tmp/tm.xml"
contains tm-over "tm.xml:34: 30 nodes, matrix 1: the traffic matrices of a set of 7.2 KB is over the limit of 7 KB (raise it with VROOMSIM_MAX_TM="
# The gravity generator's series (168 matrices of 12 x 12 doubles: 193.5 KB), refused before
# it is generated.
VROOMSIM_MAX_TM=100KB check gravity-over 2 "$bin" traffic info gravity --topology builtin:abilene
contains gravity-over "gravity model: the traffic matrices of a set of 193.5 KB is over the limit of 100 KB (raise it with VROOMSIM_MAX_TM="
exit "$fail"
