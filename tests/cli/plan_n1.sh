#!/bin/bash
# vroomsim plan ... --check n-1 end to end: the JSON section and its agreement with the
# summary, the waves checked, determinism, and the bad-input statuses. Needs no shared data.
# $1 = vroomsim binary, $2 = source dir.
B="$1"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# Abilene, two routers per POP and a tight headroom: re-routes overload links, and a
# router hosting a moved VR can take all of a neighbour's virtual links down with it.
"$B" plan maintenance --drain Chicago --routers-per-pop 2 --headroom 0.6 --check n-1 \
    --json="$T/n1.json" > "$T/n1.txt" || fail "maintenance --check n-1 exit $?"
python3 - "$T/n1.json" "$T/n1.txt" <<'PY' || exit 1
import json, re, sys
d = json.load(open(sys.argv[1]))
n1 = d["n_minus_1"]
waves = 1 + max(m["wave"] for m in d["migrations"])
assert n1["placements"] == waves, (n1["placements"], waves)
# the same failures after every wave: at least 11 POPs x 2 routers, their 22 access links
# and Abilene's links between POPs
per, rest = divmod(n1["checked"], waves)
assert rest == 0 and per > 22 + 22 + 14, n1["checked"]
assert n1["violations"], "a 0.6 headroom leaves no spare capacity: some failure must overload"
for v in n1["violations"]:
    assert v["kind"] in ("router", "link") and v["broken"], v
    assert 0 <= v["wave"] < waves, v
    for b in v["broken"]:
        if "overload" in b:
            assert b["utilization"] > b["ceiling"] == 0.6, b
text = open(sys.argv[2]).read()
m = re.search(r"N-1: (\d+) single failure\(s\) checked over (\d+) placement\(s\): (\d+) break", text)
assert m and int(m.group(1)) == n1["checked"] and int(m.group(3)) == len(n1["violations"]), text
PY
[ $? -eq 0 ] || exit 1
# Four routers per POP and the default headroom (0.8) absorb every single failure: the
# drained VRs spread so that no VR loses all its neighbours with one router.
"$B" plan maintenance --drain Chicago --check n-1 --json="$T/ok.json" >/dev/null ||
    fail "default exit $?"
python3 -c "import json,sys; assert json.load(open(sys.argv[1]))['n_minus_1']['violations'] == []" \
    "$T/ok.json" || fail "N-1 violations with four routers per POP"

# Deterministic apart from timing.
"$B" plan maintenance --drain Chicago --routers-per-pop 2 --headroom 0.6 --check n-1 \
    --json="$T/n1b.json" > /dev/null || fail "second run"
python3 - "$T/n1.json" "$T/n1b.json" <<'PY' || fail "N-1 results differ between two runs"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for d in (a, b):
    d.pop("timing", None); d["result"].pop("seconds", None)
assert a == b
PY

# --survive n-1: the drain that cut New York's VR off is repaired (the solver's objective
# restated for the placement returned), and the check finds nothing after either wave.
"$B" plan maintenance --drain Chicago --routers-per-pop 2 --survive n-1 --check n-1 \
    --json="$T/sv.json" > "$T/sv.txt" || fail "--survive exit $?"
python3 - "$T/sv.json" <<'PY' || exit 1
import json, sys
d = json.load(open(sys.argv[1]))
s = d["survive"]
assert s["criterion"] == "n-1" and s["method"] == "post-check with repair", s
assert s["breaks_before"] > 0 and s["breaks_after"] == 0 and s["moves"] > 0, s
assert d["n_minus_1"]["violations"] == [], d["n_minus_1"]
PY
[ $? -eq 0 ] || exit 1
grep -q -- "--survive n-1: [1-9][0-9]* break(s) under single failures before repair, 0 after" \
    "$T/sv.txt" || fail "--survive summary: $(cat "$T/sv.txt")"

# te takes both: all VRs movable, the budget may run out; the check of the last wave is the
# repaired placement, so its breaks are the repair's breaks_after.
"$B" plan te --target-mlu 0.45 --survive n-1 --check n-1 --json="$T/te.json" > "$T/te.txt" ||
    fail "te --survive exit $?"
python3 - "$T/te.json" <<'PY' || exit 1
import json, sys
d = json.load(open(sys.argv[1]))
s, n1 = d["survive"], d["n_minus_1"]
assert s["breaks_after"] < s["breaks_before"] and s["moves"] > 0, s
last = max(m["wave"] for m in d["plan"])
left = sum(len(v["broken"]) for v in n1["violations"] if v["wave"] == last)
assert left == s["breaks_after"], (left, s)
PY
[ $? -eq 0 ] || exit 1
grep -q "^N-1: " "$T/te.txt" || fail "te summary has no N-1 line"

# Bad input: an unknown criterion, and a task without one placement to check.
"$B" plan maintenance --drain Chicago --check n-2 2> "$T/e1"; rc=$?
[ $rc -eq 2 ] || fail "--check n-2: exit $rc"
grep -q "unknown criterion 'n-2'" "$T/e1" || fail "--check n-2 message: $(cat "$T/e1")"
"$B" plan maintenance --drain Chicago --survive n+1 2> "$T/e3"; rc=$?
[ $rc -eq 2 ] || fail "--survive n+1: exit $rc"
grep -q "survive: unknown criterion 'n+1'" "$T/e3" || fail "--survive n+1 message: $(cat "$T/e3")"
"$B" plan power --check n-1 2> "$T/e2"; rc=$?
[ $rc -eq 2 ] || fail "plan power --check: exit $rc"
grep -q -- "--check" "$T/e2" || fail "plan power --check message: $(cat "$T/e2")"
echo "plan_n1: ok"
