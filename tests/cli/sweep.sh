#!/usr/bin/env bash
# vroomsim sweep end to end: points into SQLite, resume, retries, identity, workers, kill -9.
# $1 = binary, $2 = source tree.
set -u
bin=$1
src=$2
. "$(dirname "${BASH_SOURCE[0]}")/lib/check.sh"
. "$(dirname "${BASH_SOURCE[0]}")/lib/sqlite.sh"

cp "$src/examples/diamond-sd.yaml" "$tmp/base.yaml"
# 3 routes x 2 memory sizes at n3 x 2 seeds = 12 points; n3 with 1MB cannot take vr1's
# image, so those 6 points fail (run_scenario refuses the migration).
cat >"$tmp/s.yaml" <<'YAML'
sweep: 1
name: small
base: base.yaml
axes:
  - {path: "virtual_routers[vr1].ospf.routes", values: [1000, 2000, 3000]}
  - {path: "physical_routers[n3].memory", values: [1GB, 1MB]}
seeds: [1, 2]
metrics:
  - {name: downtime_s, path: "migrations[0].downtime.total_s"}
  - {name: rounds, path: "migrations[0].memory_copy.precopy_rounds"}
  - {name: missing, path: "migrations[0].no_such_key"}
YAML
cd "$tmp" || exit 1

check first 1 "$bin" sweep s.yaml --jobs 1 --quiet
contains first "small: 12 points: 12 done (6 ok, 6 failed, 0 crashed), 0 left; database s.db"
[ "$(q s.db "SELECT count(*) FROM points WHERE status='ok' AND downtime_s > 0 AND rounds = 0 AND missing IS NULL")" = 6 ] ||
    { echo "FAIL rows-ok: $(q s.db 'SELECT * FROM points')"; fail=1; }
[ "$(q s.db "SELECT count(*) FROM points WHERE status='failed' AND exit_status=2 AND \"physical_routers[n3].memory\"='1MB' AND message LIKE '%cannot migrate%image needs%' AND downtime_s IS NULL")" = 6 ] ||
    { echo "FAIL rows-failed: $(q s.db "SELECT idx, status, exit_status, message FROM points")"; fail=1; }
[ "$(q s.db "SELECT \"virtual_routers[vr1].ospf.routes\", \"virtual_routers[vr1].ospf.routes:num\", seed, version FROM points WHERE idx=3")" = "1000|1000.0|2|$("$bin" --version | cut -d' ' -f2)" ] ||
    { echo "FAIL row-order: $(q s.db 'SELECT * FROM points WHERE idx=3')"; fail=1; }
[ "$(q s.db "SELECT value FROM meta WHERE key='format'")" = vroomsim-sweep ] || { echo "FAIL meta"; fail=1; }
[ "$(q s.db "PRAGMA journal_mode")" = wal ] || { echo "FAIL wal"; fail=1; }

# A re-run skips what is there; --retry-failed runs the failed points (only) again.
check resume 1 "$bin" sweep s.yaml --json
contains resume '"ran":	0'
check retry 1 "$bin" sweep s.yaml --retry-failed --json
contains retry '"ran":	6'
contains retry '"schema":	1'
check status 0 "$bin" sweep s.yaml --status
contains status "12 done (6 ok, 6 failed, 0 crashed), 0 left"

# Progress on stderr (not a terminal here: a last line at the end), off with -q.
check progress 1 "$bin" sweep s.yaml --db p.db --jobs 2
contains progress "sweep: 12/12 points, 6 failed, "
contains progress " ETA 0s"
check quiet 1 "$bin" -q sweep s.yaml --db p.db --new
grep -q "points/s" "$tmp/out" && { echo "FAIL quiet: progress shown"; fail=1; }

# --jobs 2 gives the rows --jobs 1 gave, but for the timing and the worker.
rows() { q "$1" "SELECT idx, seed, \"virtual_routers[vr1].ospf.routes\", \"physical_routers[n3].memory\", status, exit_status, signal, message, downtime_s, rounds, missing, result, version FROM points ORDER BY idx"; }
check jobs2 1 "$bin" sweep s.yaml --jobs 2 --db j2.db --quiet
[ "$(rows s.db)" = "$(rows j2.db)" ] || { echo "FAIL jobs2: rows differ"; diff <(rows s.db) <(rows j2.db) | head; fail=1; }

# Summaries, from the database as it is (s.db: 12 rows, 6 ok). Means equal SQLite's AVG; the
# interval of a group of 2 is mean +- t(0.975, 1) sd / sqrt(2), t = 12.7062047.
check summary 0 "$bin" sweep s.yaml --summary --by memory --by seed
contains summary "physical_routers[n3].memory  seed  points  ok  metric"
contains summary "1MB                          2          3   0  downtime_s  0        -"
check summary-json 0 "$bin" sweep s.yaml --summary --by routes --json=sum.json --summary-csv sum.csv --csv rows.csv
jq_mean=$(python3 -c 'import json,sys; g=json.load(open("sum.json"))["groups"][0]["metrics"]["downtime_s"]; print("%.9f %.9f %.9f %d" % (g["mean"], g["ci95"][0], g["ci95"][1], g["n"]))')
want=$(q s.db "SELECT printf('%.9f', avg(downtime_s)), count(downtime_s) FROM points WHERE status='ok' AND \"virtual_routers[vr1].ospf.routes\"='1000'")
[ "${jq_mean%% *} ${jq_mean##* }" = "${want%%|*} ${want##*|}" ] || { echo "FAIL summary-mean: $jq_mean vs $want"; fail=1; }
python3 - "$jq_mean" "$(q s.db "SELECT group_concat(downtime_s) FROM points WHERE status='ok' AND \"virtual_routers[vr1].ospf.routes\"='1000'")" <<'PY' || fail=1
import math, sys
mean, lo, hi, n = (float(x) for x in sys.argv[1].split())
xs = [float(x) for x in sys.argv[2].split(",")]
m = sum(xs) / len(xs)
sd = math.sqrt(sum((x - m) ** 2 for x in xs) / (len(xs) - 1))
half = 12.7062047 * sd / math.sqrt(len(xs))
if abs(lo - (m - half)) > 1e-7 or abs(hi - (m + half)) > 1e-7:
    print("FAIL summary-ci: [%g, %g], expected [%g, %g]" % (lo, hi, m - half, m + half)); sys.exit(1)
PY
[ "$(head -1 sum.csv)" = "virtual_routers[vr1].ospf.routes,points,ok,metric,n,mean,sd,ci95_low,ci95_high,min,max" ] || { echo "FAIL summary-csv: $(head -2 sum.csv)"; fail=1; }
[ "$(grep -c "" sum.csv)" = 10 ] || { echo "FAIL summary-csv lines: $(cat sum.csv)"; fail=1; }
[ "$(grep -c "" rows.csv)" = 13 ] && head -1 rows.csv | grep -q '^idx,seed,virtual_routers\[vr1\].ospf.routes,' && ! grep -q '"schema"' rows.csv ||
    { echo "FAIL rows-csv: $(head -3 rows.csv)"; fail=1; }
ls | grep -q '\.tmp\.' && { echo "FAIL csv: a temporary file left: $(ls)"; fail=1; }
check by-unknown 2 "$bin" sweep s.yaml --summary --by nope
contains by-unknown "--by 'nope': not an axis of sweep s.yaml; expected one of 'virtual_routers[vr1].ospf.routes', 'physical_routers[n3].memory', 'seed'"
check by-twice 2 "$bin" sweep s.yaml --summary --by seed --by seed
contains by-twice "already grouped by"
check by-alone 2 "$bin" sweep s.yaml --by seed
check summary-new 2 "$bin" sweep s.yaml --summary --new
check summary-none 2 "$bin" sweep s.yaml --summary --db none.db
contains summary-none "no such database"
check csv-dir 2 "$bin" sweep s.yaml --csv .
[ -e none.db ] && { echo "FAIL summary-none: none.db made"; fail=1; }

# A point whose worker dies (the documented test hook kills it) is crashed; the rest go on.
VROOMSIM_SWEEP_TEST_CRASH=2 check crash 1 "$bin" sweep s.yaml --jobs 2 --db c.db --quiet
contains crash "12 done (6 ok, 5 failed, 1 crashed)"
[ "$(q c.db "SELECT status, signal FROM points WHERE idx=2")" = "crashed|9" ] || { echo "FAIL crashed-row"; fail=1; }
check crash-retry 1 "$bin" sweep s.yaml --db c.db --retry-failed --quiet
contains crash-retry "(6 ok, 6 failed, 0 crashed)"

# The file changed so that its points change: refused, until --new moves the old aside.
sed 's/seeds: \[1, 2\]/seeds: [1, 2, 3]/' s.yaml >s2.yaml && mv s2.yaml s.yaml
check changed 2 "$bin" sweep s.yaml --quiet
contains changed "made by a different sweep"
contains changed "--new"
check new 1 "$bin" sweep s.yaml --new --quiet
contains new "18 points: 18 done"
[ -f s.db.old ] || { echo "FAIL new: no s.db.old"; fail=1; }

# Databases that are not ours.
echo "not a database at all, just some text that is long enough" >text.db
check not-sqlite 2 "$bin" sweep s.yaml --db text.db --quiet
contains not-sqlite "not a vroomsim sweep database"
q other.db "CREATE TABLE t (x)" >/dev/null
check other-db 2 "$bin" sweep s.yaml --db other.db --quiet
contains other-db "not a vroomsim sweep database"
check status-none 2 "$bin" sweep s.yaml --db none.db --status
contains status-none "no such database"
: >empty.db
check status-empty 2 "$bin" sweep s.yaml --db empty.db --status
contains status-empty "an empty database"

# Bad sweep files name the place and what was expected.
printf 'sweep: 1\nname: x\nbase: base.yaml\naxes:\n  - {path: "migrations[0].memory", values: []}\n' >e.yaml
check empty-axis 2 "$bin" sweep e.yaml
contains empty-axis "e.yaml:5:"
contains empty-axis "expected at least one value"
printf 'sweep: 1\nname: x\nbase: base.yaml\naxes:\n  - {path: "migrations[0].memory", values: [pre-copy, warp]}\n' >e.yaml
check bad-value 2 "$bin" sweep e.yaml
contains bad-value "axis 'migrations[0].memory', value 'warp'"
printf 'sweep: 1\nname: x\nbase: base.yaml\naxes:\n  - {path: "virtual_routers[vr9].ospf.routes", values: [1]}\n' >e.yaml
check bad-path 2 "$bin" sweep e.yaml
contains bad-path "axis 'virtual_routers[vr9].ospf.routes', value '1'"
printf 'sweep: 1\nname: x\nbase: base.yaml\nsed: [1]\n' >e.yaml
check unknown-key 2 "$bin" sweep e.yaml
contains unknown-key "e.yaml:4:1: unknown key 'sed' (did you mean 'seeds'?)"
check scenario-not-sweep 2 "$bin" sweep base.yaml
contains scenario-not-sweep "not a sweep file"

# kill -9 mid-way leaves a readable database; the re-run completes it.
cat >k.yaml <<'YAML'
sweep: 1
name: killed
base: base.yaml
axes:
  - path: "virtual_routers[vr1].ospf.routes"
    range: {from: 1000, to: 300k, step: 1000}
runs: 4
YAML
"$bin" sweep k.yaml --jobs 2 --quiet >/dev/null 2>&1 &
pid=$!
for _ in $(seq 100); do
    n=0
    [ -f k.db ] && n=$(q k.db "SELECT count(*) FROM points")
    case $n in '' | *[!0-9]*) n=0 ;; esac
    [ "$n" -ge 20 ] && break
    sleep 0.05
done
kill -9 "$pid"
wait "$pid" 2>/dev/null
n=$(q k.db "SELECT count(*) FROM points")
case $n in
'' | *[!0-9]*) echo "FAIL killed: unreadable: $n"; fail=1 ;;
1200) echo "FAIL killed: the sweep ended before the kill; nothing shown" ;;
esac
[ "$(q k.db 'PRAGMA integrity_check')" = ok ] || { echo "FAIL killed: integrity"; fail=1; }
check killed-resume 0 "$bin" sweep k.yaml --quiet --json
contains killed-resume '"left":	0'
contains killed-resume '"points":	1200'
[ "$(q k.db "SELECT count(*), count(DISTINCT idx), min(idx), max(idx) FROM points WHERE status='ok'")" = "1200|1200|0|1199" ] ||
    { echo "FAIL killed-complete: $(q k.db 'SELECT count(*) FROM points')"; fail=1; }
# The benchmark runs (its figures are for people: only its keys are checked here).
check bench 0 "$bin" bench sweep --points 20 --no-mpi --json=bench.json
python3 - bench.json <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
t = d["timing"]
assert d["benchmark"] == "sweep" and d["points"] == 20 and d["mpi"] == "not asked (--no-mpi)", d
for k in ("alone_s", "jobs1_s", "jobs2_s", "overhead_ms_per_point", "speedup_jobs2",
          "overhead_cpu_ms_per_point"):
    assert isinstance(t[k], (int, float)), k
assert "speedup_mpi3" not in t
PY
exit "$fail"
