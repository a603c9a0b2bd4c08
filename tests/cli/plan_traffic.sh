#!/bin/bash
# Plans that keep the traffic: plan maintenance|te --plan FILE writes the busiest interval it
# planned for (FILE.tm.xml) and a `traffic:` key; `vroomsim run FILE` then gives the numbers
# --simulate reports (downtime, adjacencies at risk, traffic lost and delayed per flow, links'
# peak utilisation). A scenario whose traffic matrix names nodes it lacks, or an interval the
# series does not have, is file:line:col, exit 2. Needs no shared data.
# $1 = vroomsim binary, $2 = source dir.
B="$1"
S="$2"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$B" plan maintenance --inventory "$S/examples/abilene-inventory.yaml" --drain Chicago \
    --plan "$T/plan.yaml" --simulate --json="$T/sim.json" > "$T/sim.txt" || fail "plan exit $?"
[ -s "$T/plan.yaml.tm.xml" ] || fail "no traffic file beside the plan"
grep -q '^traffic: {tm: "plan.yaml.tm.xml", from: ' "$T/plan.yaml" || fail "no traffic key: $(tail -3 "$T/plan.yaml")"
grep -q "peaks at" "$T/sim.txt" || fail "no link utilisation in the summary"
# The plan file moved elsewhere with its traffic still runs (the TM is named relative to it).
mkdir "$T/moved" && cp "$T/plan.yaml" "$T/plan.yaml.tm.xml" "$T/moved/" || exit 1
"$B" run "$T/moved/plan.yaml" --json="$T/run.json" > /dev/null || fail "run FILE exit $?"
python3 - "$T/sim.json" "$T/run.json" <<'PY' || exit 1
import json, sys
sim = json.load(open(sys.argv[1]))
run = json.load(open(sys.argv[2]))
migs = sim["simulation"]
assert len(migs) == len(run["migrations"]) > 0
for s, r in zip(migs, run["migrations"]):
    assert s["vr"] == r["vr"], (s["vr"], r["vr"])
    assert s["downtime_s"] == r["downtime"]["total_s"], (s, r["downtime"])
    assert s["ospf"]["adjacencies"] > 0 and s["ospf"]["dead_s"] == 40, s["ospf"]
    assert s["ospf"]["at_risk"] == 0 and s["downtime_s"] < 40 - 10, s
    assert "lost_bits" in s["traffic"] and "delayed_bits" in s["traffic"], s
tr = sim["simulation_traffic"]
flows = {f["name"]: f for f in run["traffic"]["flows"]}
assert run["traffic"]["model"] == "fluid"
assert tr["flows"] == len(flows) > 100, (tr["flows"], len(flows))
assert tr["packets_lost"] == sum(f["lost"] for f in flows.values())
assert tr["packets_sent"] == sum(f["sent"] for f in flows.values())
assert tr["packets_delayed"] > 0, tr
for w in tr["worst_flows"]:
    f = flows[w["name"]]
    assert (w["lost"], w["delay_max_s"]) == (f["lost"], f["delay_max_s"]), (w, f)
    assert w["delay_max_s"] > w["delay_base_s"] or w["lost"] > 0, w
u = tr["max_link_utilization"]
assert 0 < u == tr["links"][0]["peak_utilization"], tr["links"][:2]
PY
[ $? -eq 0 ] || fail "run FILE differs from --simulate"

# plan te writes its traffic the same way: the plan replays it.
"$B" plan te --target-mlu 0.45 --plan "$T/te.yaml" --simulate --json="$T/te.json" > /dev/null ||
    fail "plan te exit $?"
grep -q '^traffic: {tm: "te.yaml.tm.xml", from: ' "$T/te.yaml" || fail "te: no traffic key"
"$B" run "$T/te.yaml" --json="$T/te-run.json" > /dev/null || fail "te: run FILE exit $?"
python3 - "$T/te.json" "$T/te-run.json" <<'PY' || fail "te: run FILE differs from --simulate"
import json, sys
sim, run = (json.load(open(p)) for p in sys.argv[1:3])
tr = sim["simulation_traffic"]
assert tr["flows"] == len(run["traffic"]["flows"]) > 100, tr["flows"]
assert tr["packets_sent"] == sum(f["sent"] for f in run["traffic"]["flows"])
PY

# A TM whose nodes the scenario lacks; an interval the series does not hold.
cat > "$T/bad.yaml" <<'Y'
version: 1
name: bad-tm
until: 5s
physical_routers: [{name: p0}, {name: p1}]
links: [{a: p0, b: p1, bandwidth: 1Gbps, delay: 1ms}]
virtual_routers: [{name: v0, host: p0}, {name: v1, host: p1}]
virtual_links: [{a: v0, b: v1}]
traffic: {tm: moved/plan.yaml.tm.xml, from: busiest}
Y
"$B" run "$T/bad.yaml" > /dev/null 2> "$T/bad.err"; rc=$?
[ $rc -eq 2 ] || fail "bad TM nodes: exit $rc"
grep -q "bad.yaml:8:15: traffic matrix .*: node '.*' is neither a virtual router nor a POP" "$T/bad.err" ||
    fail "bad TM nodes: $(cat "$T/bad.err")"
sed -e 's/from: busiest/from: 1999-01-01T00:00/' -e 's#moved/plan.yaml.tm.xml#plan.yaml.tm.xml#' \
    "$T/bad.yaml" > "$T/bad2.yaml"
"$B" run "$T/bad2.yaml" > /dev/null 2> "$T/bad2.err"; rc=$?
[ $rc -eq 2 ] || fail "bad from: exit $rc"
grep -q "bad2.yaml:8:39: traffic: from: 1999-01-01T00:00 starts no 3600s interval" "$T/bad2.err" ||
    fail "bad from: $(cat "$T/bad2.err")"
echo "plan_traffic.sh: ok"
