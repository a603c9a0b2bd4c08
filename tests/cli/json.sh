#!/usr/bin/env bash
# End to end: one JSON convention for every command: the version key is "schema" at the
# top, and wall-clock figures (seconds, rates, ratios of rates) sit under "timing" only, so
# everything else is byte-identical for the same inputs and seed. $1 = binary, $2 = source
# tree. No shared data needed.
set -u
bin=$1
src=$2
. "$(dirname "${BASH_SOURCE[0]}")/lib/check.sh"

# name, then the command; its JSON goes to $tmp/NAME.json
json() {
    local name=$1
    shift
    check "$name" 0 "$@" --json="$tmp/$name.json"
}
json bench-des "$bin" bench des --pending 1000 --events 20000
json bench-packets "$bin" bench packets --repeat 1
json bench-fluid "$bin" bench fluid --topology "$src/topologies/data/Abilene.graphml"
json bench-sched "$bin" bench sched --routers 10 --vrs 20 --time-limit 2
json fib-sim "$bin" fib bench --backend sim --routes 1000
json topo "$bin" topo info builtin:abilene
json traffic "$bin" traffic info gravity --topology builtin:abilene
json bgp "$bin" traffic bgp synthetic:10
json timers "$bin" timers --proto ospf --hello 1s --dead 4s --downtime 1s
json run "$bin" run "$src/examples/diamond-sd.yaml"
json bench-plot "$bin" bench plot "$tmp/run.json" --repeat 1
if [ -d "$src/../shared/data/topology-zoo" ]; then # bench load reads the shared data
    json bench-load "$bin" bench load --data "$src/../shared/data"
fi

python3 - "$tmp" <<'PY' || fail=1
import json, os, re, sys
tmp = sys.argv[1]
wall = re.compile(r"seconds|per_sec|ratio")
bad = 0
for f in sorted(os.listdir(tmp)):
    if not f.endswith(".json"):
        continue
    name = f[:-5]
    d = json.load(open(os.path.join(tmp, f)))
    want = 2 if name == "run" else 1  # run results: schema 2 added fib.fill (docs/scenario.md)
    if d.get("schema") != want or "schema_version" in d:
        print(f"FAIL {name}: version key {[k for k in d if 'schema' in k]}, expected schema: {want}")
        bad = 1
    if not name.startswith("bench-"):
        continue
    def walk(node, path):
        global bad
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "timing":
                    continue
                if wall.search(k):
                    print(f"FAIL {name}: wall-clock figure {path + k} outside timing")
                    bad = 1
                walk(v, path + k + ".")
    walk(d, "")
sys.exit(bad)
PY
exit "$fail"
