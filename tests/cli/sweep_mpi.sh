#!/usr/bin/env bash
# vroomsim sweep under mpirun (docs/sweep.md, "Across machines: MPI"): rank 0 hands out the
# points and writes the database, the other ranks run them. The rows equal --jobs 1's but
# for timing and worker, and more than one rank ran points. Without MPI compiled in, a
# sweep started under a launcher is refused (status 3). Normal build only (tests/CMakeLists.txt:
# Open MPI's own allocations in MPI_Init are not this project's to fix).
# $1 = binary, $2 = source tree.
set -u
bin=$1
src=$2
. "$(dirname "${BASH_SOURCE[0]}")/lib/check.sh"
skip() {
    if [ "${VS_REQUIRE_OPTIONAL:-0}" = 1 ]; then echo "FAIL (VS_REQUIRE_OPTIONAL=1): $1"; exit 1; fi
    echo "SKIP: $1"; exit 77
}
. "$(dirname "${BASH_SOURCE[0]}")/lib/sqlite.sh"
cp "$src/examples/diamond-sd.yaml" "$tmp/base.yaml"
# 4 routes x 2 memory sizes at n3 x 3 seeds = 24 points, half of which fail (n3 with 1MB
# cannot take vr1's image).
cat >"$tmp/s.yaml" <<'YAML'
sweep: 1
name: mpi
base: base.yaml
axes:
  - {path: "virtual_routers[vr1].ospf.routes", values: [1000, 20000, 100000, 300000]}
  - {path: "physical_routers[n3].memory", values: [1GB, 1MB]}
seeds: [1, 2, 3]
metrics:
  - {name: downtime_s, path: "migrations[0].downtime.total_s"}
  - {name: copy_s, path: "migrations[0].downtime.copy_s"}
YAML
cd "$tmp" || exit 1

if ! "$bin" sweep --help | grep -q "MPI in this build: Open MPI"; then
    # What a launcher leaves in the environment is enough to be refused.
    OMPI_COMM_WORLD_SIZE=3 check no-mpi 3 "$bin" sweep s.yaml
    contains no-mpi "MPI is not compiled into this vroomsim"
    [ "$fail" = 0 ] || exit 1
    skip "MPI is not compiled into this build (install libopenmpi-dev and build again)"
fi
command -v mpirun >/dev/null || skip "mpirun is not installed (Debian package openmpi-bin)"
mpi=(mpirun -np 3 --oversubscribe --allow-run-as-root)

check jobs1 1 "$bin" sweep s.yaml --jobs 1 --db j1.db --quiet
check mpi 1 "${mpi[@]}" "$bin" sweep s.yaml --db m.db --quiet --json=m.json
grep -q '"ran":	24' m.json || { echo "FAIL mpi-json: $(cat m.json)"; fail=1; }
contains mpi "mpi: 24 points: 24 done (12 ok, 12 failed, 0 crashed), 0 left; database m.db"
rows() { q "$1" "SELECT idx, seed, \"virtual_routers[vr1].ospf.routes\", \"physical_routers[n3].memory\", status, exit_status, signal, message, downtime_s, copy_s, result, version FROM points ORDER BY idx"; }
[ "$(rows j1.db)" = "$(rows m.db)" ] || { echo "FAIL mpi-rows: rows differ from --jobs 1's"; diff <(rows j1.db) <(rows m.db) | head; fail=1; }
[ "$(q m.db "SELECT count(*) FROM points")" = 24 ] || { echo "FAIL mpi-count"; fail=1; }
# Ranks 1 and 2 ran points, rank 0 (the coordinator) none; outside MPI the rank is NULL.
[ "$(q m.db "SELECT group_concat(rank) FROM (SELECT DISTINCT rank FROM points ORDER BY rank)")" = "1,2" ] ||
    { echo "FAIL mpi-ranks: $(q m.db 'SELECT rank, count(*) FROM points GROUP BY rank')"; fail=1; }
[ "$(q j1.db "SELECT count(*) FROM points WHERE rank IS NULL AND host IS NOT NULL")" = 24 ] ||
    { echo "FAIL local-rank: $(q j1.db 'SELECT rank, host FROM points LIMIT 1')"; fail=1; }

# Resumes: nothing left to run; --retry-failed reruns the failed points only, on the ranks.
check mpi-resume 1 "${mpi[@]}" "$bin" sweep s.yaml --db m.db --quiet --json
contains mpi-resume '"ran":	0'
check mpi-retry 1 "${mpi[@]}" "$bin" sweep s.yaml --db m.db --quiet --retry-failed --json
contains mpi-retry '"ran":	12'
[ "$(rows j1.db)" = "$(rows m.db)" ] || { echo "FAIL mpi-retry-rows"; fail=1; }

# A point whose child dies is `crashed`; its rank and the job go on.
check mpi-crash 1 "${mpi[@]}" -x VROOMSIM_SWEEP_TEST_CRASH=6 "$bin" sweep s.yaml --db c.db --quiet
contains mpi-crash "24 done (11 ok, 12 failed, 1 crashed)"
[ "$(q c.db "SELECT status, signal FROM points WHERE idx=6")" = "crashed|9" ] || { echo "FAIL mpi-crash-row"; fail=1; }

# Bad input under mpirun: said once, status 2, nothing written.
printf 'sweep: 1\nname: x\nbase: base.yaml\naxes:\n  - {path: "migrations[0].memory", values: [warp]}\n' >e.yaml
check mpi-bad-file 2 "${mpi[@]}" "$bin" sweep e.yaml --db e.db
contains mpi-bad-file "e.yaml:5:5: axis 'migrations[0].memory', value 'warp'"
[ "$(grep -c "value 'warp'" out)" = 1 ] || { echo "FAIL mpi-bad-file: said $(grep -c "value 'warp'" out) times"; fail=1; }
[ -e e.db ] && { echo "FAIL mpi-bad-file: e.db written"; fail=1; }
echo "not a database at all, just some text that is long enough" >text.db
check mpi-bad-db 2 "${mpi[@]}" "$bin" sweep s.yaml --db text.db
contains mpi-bad-db "not a vroomsim sweep database"
check mpi-jobs 2 "${mpi[@]}" "$bin" sweep s.yaml --db m.db --jobs 2
contains mpi-jobs "--jobs does not apply"
exit "$fail"
