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
echo ok
