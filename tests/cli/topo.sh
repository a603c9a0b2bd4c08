#!/usr/bin/env bash
# End to end: vroomsim topo. $1 = binary, $2 = source tree. Core checks need no shared data;
# the Zoo/SNDlib/Rocketfuel checks run when ../shared/data is there.
set -u
bin=$1
src=$2
data=$src/../shared/data
. "$(dirname "${BASH_SOURCE[0]}")/lib/check.sh"

check help 0 "$bin" topo info --help
contains help "routers-per-pop"
check list 0 "$bin" topo list
contains list "builtin:abilene"
contains list "Kdl.graphml"
check abilene 0 "$bin" topo info builtin:abilene
contains abilene "nodes      12"
contains abilene "POPs       11, 12 routers (1..2 per POP"
check pops 0 "$bin" topo info builtin:abilene --routers-per-pop 2 --router-model netfpga
contains pops "22 routers (2..2 per POP, 10 spare)"
contains pops "model netfpga"
check nodes 0 "$bin" topo info builtin:abilene --nodes
contains nodes "11	Chicago-2	Chicago"
check bundled 0 "$bin" topo info Abilene.graphml
contains bundled "links      14"
check json 0 "$bin" topo info builtin:diamond --json="$tmp/d.json"
grep -q '"hops":	2' "$tmp/d.json" || { echo "FAIL json: no diameter"; fail=1; }
check json2 0 "$bin" topo info builtin:diamond --json="$tmp/d2.json"
cmp -s "$tmp/d.json" "$tmp/d2.json" || { echo "FAIL determinism: JSON differs"; fail=1; }
check random-a 0 "$bin" topo info builtin:random:100:3 --json="$tmp/r1.json"
check random-b 0 "$bin" topo info builtin:random:100:3 --json="$tmp/r2.json"
cmp -s "$tmp/r1.json" "$tmp/r2.json" || { echo "FAIL determinism: random:100:3 differs"; fail=1; }

# Bad input: file:line and reason, status 2; usage errors status 2.
printf '<?xml version="1.0"?>\n<graphml>\n<graph>\n<node id="0">\n</graph>\n' >"$tmp/bad.graphml"
check bad-xml 2 "$bin" topo info "$tmp/bad.graphml"
contains bad-xml "bad.graphml:"
contains bad-xml "malformed XML"
printf 'A B 1\nC D\n' >"$tmp/weights.intra"
check bad-rocketfuel 2 "$bin" topo info "$tmp/weights.intra"
contains bad-rocketfuel "weights.intra:2: 2 fields, expected 3"
check missing 2 "$bin" topo info "$tmp/nope.graphml"
check unknown-builtin 2 "$bin" topo info builtin:moon
contains unknown-builtin "known: diamond"
check no-arg 2 "$bin" topo info
check bad-opt 2 "$bin" topo info builtin:diamond --routers-per-pop 0

if [ -d "$data/topology-zoo/graphml" ]; then
    # Every 10th Zoo file through the command (test_topo_zoo loads all 276 in-process).
    n=0
    for f in "$data"/topology-zoo/graphml/*.graphml; do
        if [ $((n % 10)) -eq 0 ]; then
            "$bin" topo info "$f" >"$tmp/out" 2>&1 || { echo "FAIL zoo: $f"; cat "$tmp/out"; fail=1; }
        fi
        n=$((n + 1))
    done
    [ "$n" -eq 276 ] || { echo "FAIL zoo: $n files, expected 276"; fail=1; }
    check sndlib-native 0 "$bin" topo info "$data/sndlib/networks-native/geant.txt"
    contains sndlib-native "links      36"
    check sndlib-xml 0 "$bin" topo info "$data/sndlib/networks-xml/geant.xml"
    contains sndlib-xml "links      36"
    check rocketfuel 0 "$bin" topo info "$data/rocketfuel/1755"
    contains rocketfuel "nodes      87"
else
    echo "note: $data absent, Zoo/SNDlib/Rocketfuel checks skipped"
fi
exit $fail
