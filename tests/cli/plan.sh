#!/bin/bash
# vroomsim plan / bench sched end to end: JSON keys, exit statuses, messages, determinism,
# LP export, plan files that load as scenarios. Needs no shared data.
# $1 = vroomsim binary, $2 = source dir.
B="$1"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# Maintenance on a synthetic instance: the solver report and the plan.
"$B" plan maintenance --generate 30:80 --drain pop1 --json="$T/m.json" --plan "$T/plan.yaml" \
    --export-lp "$T/m.lp" --time-limit 20 > "$T/m.txt" || fail "maintenance exit $?"
python3 - "$T/m.json" <<'PY' || exit 1
import json, sys
d = json.load(open(sys.argv[1]))
r = d["result"]
for k in ("objective", "bound", "gap"):
    assert k in r, k
assert "seconds" in d["timing"], d["timing"]
assert d["metrics"]["migrations"] == len(d["migrations"]) > 0
for m in d["migrations"]:
    assert m["from"].startswith("pop1-"), m
    assert not m["to"].startswith("pop1-"), m
PY
grep -q "Subject To" "$T/m.lp" || fail "--export-lp wrote no CPLEX LP model"
grep -q "^version: 1" "$T/plan.yaml" && grep -q "^migrations:" "$T/plan.yaml" || fail "plan file"
"$B" validate "$T/plan.yaml" > /dev/null || fail "the plan does not load as a scenario"

# CBC on the same builder: JSON alone on stdout (CBC's own chatter silenced), the proven
# optimum; without CBC built in, status 3 saying how to get it.
"$B" plan maintenance --generate 30:80 --drain pop1 --solver cbc --json > "$T/c.json" 2> "$T/c.err"; rc=$?
if [ $rc -eq 3 ]; then
    grep -q "coinor-libcbc-dev" "$T/c.err" || fail "cbc absent: $(cat "$T/c.err")"
    [ "${VS_REQUIRE_OPTIONAL:-}" = 1 ] && fail "CBC not built in and VS_REQUIRE_OPTIONAL=1"
    echo "plan.sh: CBC not built in; only its exit status was checked"
else
    [ $rc -eq 0 ] || fail "cbc exit $rc $(cat "$T/c.err")"
    python3 - "$T/c.json" <<'PY' || fail "cbc JSON"
import json, sys
r = json.load(open(sys.argv[1]))["result"]
assert r["solver"] == "cbc" and r["status"] == "optimal" and r["gap"] == 0, r
PY
fi

# An inventory beside the topology: the worked Abilene example plans, its constraints hold
# (netflow, the second platform), its prices change the power cost; a bad one names
# file:line:column, exit 2.
S="$2"
"$B" plan maintenance --topology builtin:abilene --inventory "$S/examples/abilene-inventory.yaml" \
    --drain Chicago --solver local --json > "$T/inv.json" || fail "inventory example exit $?"
python3 - "$T/inv.json" <<'PY' || fail "inventory constraints"
import json, sys
m = {x["vr"]: x["to"] for x in json.load(open(sys.argv[1]))["migrations"]}
assert m["Chicago/vr0"] in ("Indianapolis/r0", "Kansas City/r0"), m   # needs netflow
assert m["Chicago/vr3"] == "Atlanta/r3", m                            # the other platform
PY
"$B" plan power --topology builtin:abilene --days 0.25 --json > "$T/p0.json" || fail "power"
"$B" plan power --topology builtin:abilene --days 0.25 --inventory "$S/examples/abilene-inventory.yaml" \
    --json > "$T/p1.json" || fail "power --inventory"
python3 - "$T/p0.json" "$T/p1.json" <<'PY' || fail "inventory prices"
import json, sys
a, b = (json.load(open(p))["totals"]["baseline_cost"] for p in sys.argv[1:3])
assert b > a * 1.1, (a, b)   # the example's prices are above the 0.094 $/kWh default
PY
# A power study names its inventory (relative to the study's folder): prices as with --inventory.
cp "$S/examples/abilene-inventory.yaml" "$T/inv.yaml"
printf 'version: 1\nstudy: power\ntopology: builtin:abilene\ntm: gravity\ndays: 0.25\ninventory: inv.yaml\n' > "$T/study.yaml"
"$B" plan power --study "$T/study.yaml" --json > "$T/p2.json" || fail "study with inventory"
python3 - "$T/p1.json" "$T/p2.json" <<'PY' || fail "study inventory prices"
import json, sys
a, b = (json.load(open(p))["totals"]["baseline_cost"] for p in sys.argv[1:3])
assert abs(a - b) < 1e-9 * a, (a, b)
PY
printf 'version: 1\nstudy: power\ntopology: builtin:abilene\ninventory: nope.yaml\n' > "$T/study2.yaml"
"$B" plan power --study "$T/study2.yaml" 2> "$T/se"; rc=$?
[ $rc -eq 2 ] && grep -q "study2.yaml:4:12: inventory: cannot read" "$T/se" || fail "study inventory missing: rc=$rc $(cat "$T/se")"
printf 'version: 1\nrouters:\n  Chicgo/r0: {cpu: 8}\n' > "$T/i1.yaml"
printf 'version: 1\nvirtual_routers:\n  Chicago/vr0: {partner: Chicago/vr9}\n' > "$T/i2.yaml"
printf 'version: 1\npops:\n  Atlanta: {regoin: east}\n' > "$T/i3.yaml"
printf 'version: 1\nvirtual_routers:\n  Chicago/vr0: {platform: ios-xr}\n' > "$T/i4.yaml"
for i in 1:3:3:Chicago/r0 2:3:26:Chicago/vr0 3:3:13:region 4:3:16:platform; do
    IFS=: read -r n l c want <<< "$i"
    "$B" plan maintenance --inventory "$T/i$n.yaml" --drain Chicago 2> "$T/ie" > /dev/null; rc=$?
    [ $rc -eq 2 ] && grep -q "i$n.yaml:$l:$c: .*$want" "$T/ie" || fail "inventory i$n: rc=$rc $(cat "$T/ie")"
done

# Routing from the inventory is kept in the plan and simulated: OSPF timers and BGP peers
# appear in the plan file; a 0.4 s dead interval loses adjacencies during a ~1 s downtime.
cat > "$T/ir.yaml" <<'EOF'
version: 1
defaults:
  virtual_router: {ospf: {routes: 500, hello: 100ms, dead: 400ms}, image: derived}
routers:
  Chicago/r0: {host: pc3000, data_plane: netfpga}
virtual_routers:
  Chicago/vr0: {bgp: {routes: 1000, keepalive: 10s, hold: 30s, peers: [Indianapolis/vr0]}}
EOF
"$B" plan maintenance --inventory "$T/ir.yaml" --drain Chicago --solver local --plan "$T/ir-plan.yaml" \
    --simulate --json > "$T/ir.json" || fail "routing inventory exit $?"
grep -q 'ospf: {routes: 500, hello: 0.1s, dead: 0.4s}' "$T/ir-plan.yaml" || fail "plan lost OSPF timers"
grep -q 'peers: \["Indianapolis/vr0"\]' "$T/ir-plan.yaml" || fail "plan lost BGP peers"
grep -q 'data_plane: "netfpga"' "$T/ir-plan.yaml" || fail "plan lost the data-plane profile"
python3 - "$T/ir.json" <<'PY' || fail "routing not simulated"
import json, sys
sim = json.load(open(sys.argv[1]))["simulation"]
assert len(sim) == 4 and all(m["done"] for m in sim), sim
assert sum(m["adjacencies_lost"] for m in sim) > 0, sim
PY
# Durations from the migration model: each migration's estimate within 10% of what the
# simulator then measures (default plan: 512 MB images; the routing inventory: images
# derived from the routes, BGP on one VR, a NetFPGA data plane at its source).
for inv in "" "$T/ir.yaml"; do
    "$B" plan maintenance ${inv:+--inventory "$inv"} --drain Chicago --solver local --simulate \
        --json > "$T/est.json" || fail "estimate run ($inv)"
    python3 - "$T/est.json" <<'PY' || fail "estimates off the simulation ($inv)"
import json, sys
for m in json.load(open(sys.argv[1]))["migrations"]:
    assert abs(m["estimated_s"] - m["duration_s"]) <= 0.10 * m["duration_s"], m
PY
done

printf 'version: 1\nvirtual_routers:\n  Chicago/vr0: {bgp: {peers: [Chicago/vr7]}}\n' > "$T/i5.yaml"
printf 'version: 1\nvirtual_routers:\n  Chicago/vr0: {ospf: {hello: 5s, dead: 5s}}\n' > "$T/i6.yaml"
for i in 5:3:31:Chicago/vr7 6:3:41:"must exceed hello"; do
    IFS=: read -r n l c want <<< "$i"
    "$B" plan maintenance --inventory "$T/i$n.yaml" --drain Chicago 2> "$T/ie" > /dev/null; rc=$?
    [ $rc -eq 2 ] && grep -q "i$n.yaml:$l:$c: .*$want" "$T/ie" || fail "inventory i$n: rc=$rc $(cat "$T/ie")"
done

# --return WINDOW: the moves back home after the window, simulated in the same run (a VR
# may migrate there and back; a migration to where it runs then is still refused).
"$B" plan maintenance --generate 20:50 --drain pop1 --solver local --return 30s --simulate \
    --json > "$T/ret.json" || fail "--return exit $?"
python3 - "$T/ret.json" <<'PY' || fail "--return plan"
import json, sys
d = json.load(open(sys.argv[1]))
mig, sim = d["migrations"], d["simulation"]
out = [m for m in mig if not m.get("return")]
back = [m for m in mig if m.get("return")]
assert len(out) == len(back) > 0 and len(sim) == len(mig), (len(out), len(back), len(sim))
assert sorted((m["vr"], m["from"], m["to"]) for m in out) == \
       sorted((m["vr"], m["to"], m["from"]) for m in back)
end = max(m["start_s"] + m["duration_s"] for m in out)
assert min(m["start_s"] for m in back) >= end + 30 - 1e-6, (end, back[0])
assert all(s["done"] for s in sim)
PY
printf 'version: 1\nphysical_routers: [{name: a}, {name: b}]\nlinks: [{a: a, b: b, bandwidth: 1Gbps, delay: 1ms}]\nvirtual_routers: [{name: v, host: a}]\nmigrations:\n  - {vr: v, to: b, at: 0s}\n  - {vr: v, to: a, at: 30s}\n  - {vr: v, to: a, at: 60s}\n' > "$T/twice.yaml"
"$B" validate "$T/twice.yaml" 2> "$T/tw"; rc=$?
[ $rc -eq 2 ] && grep -q "twice.yaml:8:5: 'v' already runs on 'a' when this migration starts" "$T/tw" \
    || fail "there and back: rc=$rc $(cat "$T/tw")"

# Same input and seed: the same JSON apart from timing.
"$B" plan maintenance --generate 30:80 --drain pop1 --solver local --json="$T/a.json" >/dev/null || fail "a"
"$B" plan maintenance --generate 30:80 --drain pop1 --solver local --json="$T/b.json" >/dev/null || fail "b"
python3 - "$T/a.json" "$T/b.json" <<'PY' || fail "not deterministic"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for d in (a, b):
    d.pop("timing")
    d["result"].pop("timing", None)
assert a == b
PY

# Bad input: unknown router, infeasible instance, unknown objective -> status 2 with a reason.
"$B" plan maintenance --generate 30:80 --drain pop9x 2> "$T/e1"; rc=$?
[ $rc -eq 2 ] && grep -q "did you mean" "$T/e1" || fail "unknown drain: rc=$rc $(cat "$T/e1")"
"$B" plan maintenance --generate 30:80 --drain pop0 --headroom 0.05 > "$T/o2" 2> "$T/e2"; rc=$?
[ $rc -eq 2 ] && grep -q "infeasible" "$T/e2" && grep -q "VR '" "$T/e2" || fail "infeasible: rc=$rc $(cat "$T/e2")"
[ ! -s "$T/o2" ] || fail "infeasible instance printed a plan"
"$B" plan maintenance --generate 30:80 --drain pop1 --objective bogus 2>/dev/null; [ $? -eq 2 ] || fail "bad objective"

# Power and TE on the built-in Abilene with the gravity/diurnal default.
"$B" plan power --topology builtin:abilene --json="$T/p.json" > /dev/null || fail "power exit $?"
python3 - "$T/p.json" <<'PY' || exit 1
import json, sys
d = json.load(open(sys.argv[1]))
assert "savings_percent" in d and "savings_percent" in d["totals"] and "inter_pop" in d
assert d["intervals"] == 24 and len(d["intervals_detail"]) == 24
assert d["totals"]["link_utilization_unchanged"] is True
assert 0 <= d["savings_percent"] < 100
PY
"$B" plan te --topology builtin:abilene --target-mlu 0.45 --json="$T/t.json" > /dev/null || fail "te exit $?"
python3 - "$T/t.json" <<'PY' || exit 1
import json, sys
d = json.load(open(sys.argv[1]))
assert d["mlu_before"] > 0.45 >= d["mlu_after"], d
assert d["migrations"] >= 1
PY

# --simulate: the plan runs through the simulator; waves re-timed with the simulated times.
"$B" plan maintenance --drain Chicago --simulate --json="$T/s.json" > /dev/null || fail "simulate exit $?"
python3 - "$T/s.json" <<'PY' || exit 1
import json, sys
d = json.load(open(sys.argv[1]))
sim, mig = d["simulation"], d["migrations"]
assert len(sim) == len(mig) == 4, (len(sim), len(mig))
for s, m in zip(sim, mig):
    assert s["vr"] == m["vr"] and s["done"] and s["downtime_s"] > 0
    assert abs(m["duration_s"] - s["total_s"]) < 1e-6
ends = {}
for m in mig:  # waves never overlap
    for n in mig:
        if n["wave"] == m["wave"] + 1:
            assert n["start_s"] >= m["start_s"] + m["duration_s"]
PY

# te --simulate: re-timed with the simulated durations too (three waves at 0.35 on Abilene).
"$B" plan te --topology builtin:abilene --target-mlu 0.35 --simulate --plan "$T/te.yaml" \
    --json="$T/ts.json" > /dev/null || fail "te simulate exit $?"
"$B" validate "$T/te.yaml" > /dev/null || fail "the re-timed te plan does not load as a scenario"
python3 - "$T/ts.json" <<'PY' || exit 1
import json, sys
d = json.load(open(sys.argv[1]))
sim, mig = d["simulation"], d["plan"]
assert d["retimed"] is True and len(sim) == len(mig) >= 2, d
assert max(m["wave"] for m in mig) >= 1
for s, m in zip(sim, mig):
    assert s["vr"] == m["vr"] and s["done"]
    assert abs(m["duration_s"] - s["total_s"]) < 1e-6, (m, s)
for m in mig:  # waves never overlap
    for n in mig:
        if n["wave"] == m["wave"] + 1:
            assert n["start_s"] >= m["start_s"] + m["duration_s"]
assert abs(d["plan_duration_s"] - max(m["start_s"] + m["duration_s"] for m in mig)) < 1e-6
PY

# An option the task does not take is refused, naming the tasks that take it (power writes no
# plan and no LP, and ran to exit 0 without either).
for opt in "--plan $T/pp.yaml" --simulate "--export-lp $T/pp.lp" "--drain x" "--headroom 0.5" \
    "--target-mlu 0.5" "--objective mlu"; do
    # shellcheck disable=SC2086
    "$B" plan power --topology builtin:abilene $opt > "$T/po.txt" 2>&1; rc=$?
    [ $rc -eq 2 ] || fail "plan power $opt: exit $rc, expected 2: $(cat "$T/po.txt")"
    grep -q "vroomsim plan power: ${opt%% *} does not apply to plan power (it is for " "$T/po.txt" ||
        fail "plan power $opt: $(cat "$T/po.txt")"
done
[ ! -e "$T/pp.yaml" ] && [ ! -e "$T/pp.lp" ] || fail "plan power wrote a file before refusing"
"$B" plan te --target-mlu 0.5 --hold 3 > "$T/po.txt" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q -- "--hold does not apply to plan te (it is for power)" "$T/po.txt" ||
    fail "plan te --hold: exit $rc: $(cat "$T/po.txt")"
"$B" plan maintenance --drain pop1 --generate 30:80 --ceiling 0.5 > "$T/po.txt" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q -- "--ceiling does not apply to plan maintenance (it is for power)" "$T/po.txt" ||
    fail "plan maintenance --ceiling: exit $rc: $(cat "$T/po.txt")"

# --set KEY=VALUE over a study file: the same result as the file edited so (the JSON but for
# its timing key); bad settings refused naming them, status 2.
printf 'version: 1\nstudy: power\nname: s\ntopology: builtin:abilene\ntm: gravity\nrouters_per_pop: 2\nhold: 2\nrouter:\n  linecards: 4\n' > "$T/st.yaml"
sed 's/^hold: 2/hold: 0/; s/linecards: 4/linecards: 2/' "$T/st.yaml" > "$T/st0.yaml"
nt() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d.pop("timing",None); d.pop("study",None); print(json.dumps(d,sort_keys=True))' "$1"; }
"$B" plan power --study "$T/st.yaml" --set hold=0 --set router.linecards=2 --json="$T/set.json" > /dev/null || fail "plan power --set exit $?"
"$B" plan power --study "$T/st0.yaml" --json="$T/edit.json" > /dev/null || fail "plan power edited exit $?"
[ "$(nt "$T/set.json")" = "$(nt "$T/edit.json")" ] || fail "plan power --set differs from the edited file"
for bad in "holdd=3|unknown key 'holdd' (did you mean 'hold'?)" "hold=abc|--set hold=abc: hold: 'abc' is not an integer" \
           "router.linecards=x|--set router.linecards=x: linecards" "hold|--set hold: expected KEY=VALUE" \
           "router[0]=1|this file has no lists to index" "name.x=1|'name' is not a mapping in the file"; do
    "$B" plan power --study "$T/st.yaml" --set "${bad%%|*}" > "$T/po.txt" 2>&1; rc=$?
    [ $rc -eq 2 ] && grep -qF -- "${bad#*|}" "$T/po.txt" || fail "plan power --set ${bad%%|*}: exit $rc: $(cat "$T/po.txt")"
done
"$B" plan power --set hold=1 > "$T/po.txt" 2>&1; rc=$?
[ $rc -eq 2 ] && grep -q -- "--set changes the study file's values: give --study FILE" "$T/po.txt" ||
    fail "plan power --set without --study: exit $rc: $(cat "$T/po.txt")"

# The benchmark on a small instance.
"$B" bench sched --seed 3 --routers 20 --vrs 40 --json="$T/bs.json" > /dev/null; rc=$?
[ $rc -eq 0 ] || [ $rc -eq 1 ] || fail "bench sched exit $rc"
python3 - "$T/bs.json" <<'PY' || exit 1
import json, sys
d = json.load(open(sys.argv[1]))
assert "objective" in d["local"] and "comparison" in d and "seconds" in d["timing"]["local"]
PY
# A tight instance binds: the proven optimum at least 10% above the value before the drain;
# the LP relaxation bounds every solver's objective from below.
"$B" bench sched --kind tight --seed 1 --routers 20 --vrs 50 --json="$T/bt.json" > /dev/null \
    || fail "bench sched --kind tight exit $?"
python3 - "$T/bt.json" <<'PY' || exit 1
import json, sys
d = json.load(open(sys.argv[1]))
assert d["kind"] == "tight" and d["binding"]["pre_drain_value"] == 0.5, d["binding"]
assert d["binding"]["binds"] is True and d["binding"]["proven_rise"] >= 0.10, d["binding"]
for s in ("local", "glpk", "cbc"):
    if d[s].get("status") == "unavailable":
        continue
    assert d[s]["objective"] >= d["lp_bound"] - 1e-9, (s, d[s], d["lp_bound"])
    assert d[s]["gap_to_lp"] >= -1e-9, d[s]
assert d["comparison"]["ok"] is True, d["comparison"]
PY
"$B" bench sched --kind bogus 2>/dev/null; [ $? -eq 2 ] || fail "bench sched --kind bogus"
echo ok
