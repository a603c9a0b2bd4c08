#!/usr/bin/env bash
# End to end: --set PATH=VALUE on run and validate (docs/scenario.md, "Variants").
# $1 = binary, $2 = source tree.
set -u
bin=$1
src=$2
. "$(dirname "${BASH_SOURCE[0]}")/lib/check.sh"

ex=$src/examples/diamond-sd.yaml
ab=$src/examples/abilene-vr5-bgp.yaml

# A value set is the value used: the same JSON as a file that says so.
sed 's/ospf: {routes: 10000}/ospf: {routes: 20000}/' "$ex" >"$tmp/edited.yaml"
check edited 0 "$bin" run "$tmp/edited.yaml" --runs 2 --json="$tmp/a.json"
check set 0 "$bin" run "$ex" --runs 2 --set 'virtual_routers[vr1].ospf.routes=20000' --json="$tmp/b.json"
cmp -s "$tmp/a.json" "$tmp/b.json" || { echo "FAIL set: JSON differs from the edited file's"; fail=1; }

# Several, by name, by a link's two ends, a whole list.
check several 0 "$bin" validate "$ex" --set 'links[n3,n1].delay=1ms' --set=migrations=[] \
    --set 'physical_routers[n3].data_plane=netfpga'
contains several "diamond-sd.yaml: ok (4 physical routers, 5 links, 3 virtual routers, 0 migrations)"

# Errors name the setting, status 2.
check unknown-vr 2 "$bin" validate "$ab" --set 'virtual_routers[vr99].ospf.hello=1s'
contains unknown-vr "--set virtual_routers[vr99].ospf.hello=1s: no virtual router named 'vr99' (have: vr1, vr2,"
check bad-value 2 "$bin" run "$ex" --set 'migrations[0].at=soon'
contains bad-value "--set migrations[0].at=soon: at: 'soon' is not a duration"
check bad-index 2 "$bin" run "$ex" --set 'migrations[1].at=2s'
contains bad-index "migrations[1]: no such item"
check unknown-key 2 "$bin" validate "$ab" --set 'virtual_routers[vr5].ospf.helo=1s'
contains unknown-key "unknown key 'helo' (did you mean 'hello'?)"
# dead (40 s in the file) must still exceed hello: the file's line and the setting are named.
check dead-hello 2 "$bin" validate "$ab" --set 'virtual_routers[vr5].ospf.hello=40s'
contains dead-hello "abilene-vr5-bgp.yaml:"
contains dead-hello "dead interval must be larger than the hello interval (with --set virtual_routers[vr5].ospf.hello=40s)"
check topology-link 2 "$bin" validate "$src/examples/abilene-topology.yaml" --set 'links[Chicago-1,Indianapolis].delay=1ms'
contains topology-link "is made from the topology file"
check no-value 2 "$bin" validate "$ex" --set
exit "$fail"
