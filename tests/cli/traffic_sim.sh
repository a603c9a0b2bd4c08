#!/usr/bin/env bash
# End to end: data traffic through `vroomsim run`, its JSON/CSV, bad input, and the
# reproduction target that needs no tolerance luck. $1 = binary, $2 = source tree.
set -u
bin=$1
src=$2
. "$(dirname "${BASH_SOURCE[0]}")/lib/check.sh"

check run-fluid-example 0 "$bin" run "$src/examples/dumbbell-fluid.yaml"
contains run-fluid-example "data traffic (packet model"
contains run-fluid-example "f1"

mkdir -p "$tmp/csv"
check json-and-csv 0 "$bin" run "$src/examples/dumbbell-fluid.yaml" --json="$tmp/a.json" --csv "$tmp/csv"
grep -q '"traffic"' "$tmp/a.json" || { echo "FAIL json-and-csv: no traffic key"; fail=1; }
grep -q '"throughput_bps"' "$tmp/a.json" || { echo "FAIL json-and-csv: no throughput"; fail=1; }
head -1 "$tmp/csv/flows.csv" | grep -q '^flow,t_s,sent,received,lost' || { echo "FAIL csv header"; fail=1; }
[ "$(wc -l <"$tmp/csv/flows.csv")" -gt 100 ] || { echo "FAIL csv: too few rows"; fail=1; }

# Same seed, same bytes.
check json-again 0 "$bin" run "$src/examples/dumbbell-fluid.yaml" --json="$tmp/b.json"
cmp -s "$tmp/a.json" "$tmp/b.json" || { echo "FAIL determinism: JSON differs between two runs"; fail=1; }

# A migration whose copy runs as TCP beside UDP: same seed, same bytes too.
check tcp-run-1 0 "$bin" run "$src/examples/dumbbell-table3.yaml" --json="$tmp/c.json"
check tcp-run-2 0 "$bin" run "$src/examples/dumbbell-table3.yaml" --json="$tmp/d.json"
cmp -s "$tmp/c.json" "$tmp/d.json" || { echo "FAIL determinism with TCP: JSON differs"; fail=1; }
grep -q '"retransmits"' "$tmp/c.json" || { echo "FAIL tcp-run: no TCP transfer in the results"; fail=1; }

# Bad input: status 2, file:line:col.
cat >"$tmp/bad.yaml" <<'YAML'
version: 1
physical_routers: [{name: a}, {name: b}, {name: c}]
links: [{a: a, b: b, bandwidth: 1Gbps, delay: 1ms}]
virtual_routers: [{name: x, host: a}, {name: y, host: b}, {name: z, host: c}]
virtual_links: [{a: x, b: y}]
flows:
  - {from: x, to: z, rate: 1Mbps}
YAML
check unconnected 2 "$bin" run "$tmp/bad.yaml"
contains unconnected "bad.yaml:7:5"
sed -i 's/to: z, rate: 1Mbps/to: y, rate: 5Gbps/' "$tmp/bad.yaml"
check too-fast 2 "$bin" run "$tmp/bad.yaml"
contains too-fast "could ever carry"
sed -i 's/rate: 5Gbps/rate: 1Mbps/' "$tmp/bad.yaml"
echo "data_plane: {buffer: 0 packets}" >>"$tmp/bad.yaml"
check zero-buffer 2 "$bin" run "$tmp/bad.yaml"
contains zero-buffer "bad.yaml:8:"

# Output destinations are checked before the run: a missing folder is the user's typo (2).
check csv-unwritable 2 "$bin" run "$src/examples/dumbbell-fluid.yaml" --csv "$tmp/no/such/dir"
contains csv-unwritable "no/such/dir: cannot write into it"
check json-unwritable 2 "$bin" run "$src/examples/dumbbell-fluid.yaml" --json="$tmp/no/such/r.json"
contains json-unwritable "cannot write: the folder $tmp/no/such does not exist"
check trace-unwritable 2 "$bin" run "$src/examples/dumbbell-fluid.yaml" --trace "$tmp/no/t.jsonl"

check repro-hd 0 "$bin" reproduce s08-hd-zero-impact
contains repro-hd "ok"

check bench-help 0 "$bin" bench packets --help
contains bench-help "packet_hops_per_sec"

# The paths benchmark, small: Kdl with 100 flows, twice (the runs must agree), and the
# scenario it writes runs on its own.
check bench-paths 0 "$bin" bench paths --repeat 2 --flows 100 --scenario "$tmp/kdl.yaml" --json
python3 - "$tmp/out" <<'PY' || { echo "FAIL bench-paths JSON"; fail=1; }
import json, sys
d = json.load(open(sys.argv[1]))
assert d["benchmark"] == "paths" and d["flows"] == 100 and d["vrouters"] == 754, d
assert d["prouters"] == 1508 and d["repeats"] == 2 and "seconds_median" in d["timing"], d
PY
check bench-paths-scenario 0 "$bin" validate "$tmp/kdl.yaml"
contains bench-paths-scenario "1508 physical routers"

exit $fail
