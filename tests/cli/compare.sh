#!/usr/bin/env bash
# End to end: vroomsim compare. $1 = binary, $2 = source tree.
set -u
bin=$1
src=$2
. "$(dirname "${BASH_SOURCE[0]}")/lib/check.sh"

ex=$src/examples/compare-diamond.yaml
check table 0 "$bin" compare "$ex" --runs 1 --mechanisms vroom,vm-standard,vm-separated,stall-and-copy,cold-restart,cost-out --csv "$tmp/t.csv" --json="$tmp/t.json"
for m in vroom vm-standard vm-separated stall-and-copy cold-restart cost-out; do contains table "$m"; done
[ "$(wc -l <"$tmp/t.csv")" -eq 7 ] || { echo "FAIL csv: expected header + 6 rows"; fail=1; }
head -1 "$tmp/t.csv" | grep -q '^mechanism,vr,from,to,downtime_s' || { echo "FAIL csv header"; fail=1; }
grep -q '^vroom,vr1,n1,n3,' "$tmp/t.csv" || { echo "FAIL csv: no vroom row"; fail=1; }
# vroom and vm-separated lose no packet; vm-standard does.
awk -F, '$1=="vroom" && $8!=0 {exit 1} $1=="vm-separated" && $8!=0 {exit 1} $1=="vm-standard" && $8==0 {exit 1}' "$tmp/t.csv" \
    || { echo "FAIL csv: packet loss pattern"; cat "$tmp/t.csv"; fail=1; }
grep -q '"rows"' "$tmp/t.json" || { echo "FAIL json: no rows"; fail=1; }

# A scenario with packet-level flows: the loss column counts the flows' packets.
check flows 0 "$bin" compare "$src/examples/compare-xen-h07.yaml" --mechanisms vm-standard,vm-separated --csv "$tmp/f.csv"
awk -F, '$1=="vm-standard" && ($8<400 || $9!=40000) {exit 1} $1=="vm-separated" && $8!=0 {exit 1}' "$tmp/f.csv" \
    || { echo "FAIL flows: loss from the ping flow"; cat "$tmp/f.csv"; fail=1; }

# JSON to stdout only (no table), deterministic for the same seed.
check json-stdout 0 "$bin" compare "$ex" --runs 1 --mechanisms vm-standard --json
contains json-stdout '"schema":'
cp "$tmp/out" "$tmp/a"
check json-again 0 "$bin" compare "$ex" --runs 1 --mechanisms vm-standard --json
cmp -s "$tmp/a" "$tmp/out" || { echo "FAIL determinism"; fail=1; }

# Bad input: unknown mechanism, a mechanism that cannot apply, no scenario.
check unknown 2 "$bin" compare "$ex" --mechanisms vroom,teleport
contains unknown "unknown mechanism 'teleport'"
check duplicate 2 "$bin" compare "$ex" --mechanisms vroom,vm-standard,vroom
contains duplicate "--mechanisms: 'vroom' is named twice"
check empty-name 2 "$bin" compare "$ex" --mechanisms vroom,,vm-standard
contains empty-name "--mechanisms: an empty name in 'vroom,,vm-standard'"
check cannot-apply 2 "$bin" compare "$src/examples/compare-xen-p10.yaml" --mechanisms cost-out
contains cannot-apply "mechanism 'cost-out' needs"
# Runs that do not finish before 'until': no mean of placeholders, '-' in the table, empty in
# the CSV, null in JSON.
sed 's/^until: .*/until: 3s/' "$src/examples/compare-diamond.yaml" >"$tmp/short.yaml"
check unfinished 0 "$bin" compare "$tmp/short.yaml" --mechanisms vroom --csv "$tmp/short.csv"
contains unfinished "[not finished before 'until']"
grep -q '^vroom,vr1,n1,n3,[0-9.e-]*,[0-9.e-]*,,' "$tmp/short.csv" ||
    { echo "FAIL unfinished: total_s not empty in the CSV"; cat "$tmp/short.csv"; fail=1; }
check unfinished-json 0 "$bin" compare "$tmp/short.yaml" --mechanisms vroom --json
contains unfinished-json '"total_s":	null'
# --set changes the scenario as the file would: the same table as the edited file.
check set 0 "$bin" compare "$src/examples/compare-diamond.yaml" --mechanisms vroom --set until=3s --json="$tmp/set.json"
check set-file 0 "$bin" compare "$tmp/short.yaml" --mechanisms vroom --json="$tmp/file.json"
cmp -s "$tmp/set.json" "$tmp/file.json" || { echo "FAIL set: differs from the edited file"; fail=1; }
check set-bad 2 "$bin" compare "$src/examples/compare-diamond.yaml" --set 'virtual_routers[nope].ospf.hello=1s'
contains set-bad "no virtual router named 'nope'"
check no-args 2 "$bin" compare
check missing-file 2 "$bin" compare "$tmp/nope.yaml"
exit $fail
