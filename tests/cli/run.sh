#!/usr/bin/env bash
# End to end: the vroomsim command as users type it. $1 = binary, $2 = source tree.
set -u
bin=$1
src=$2
. "$(dirname "${BASH_SOURCE[0]}")/lib/check.sh"

check version 0 "$bin" --version
contains version "vroomsim "
check help 0 "$bin" --help
contains help "reproduce"
check unknown-command 2 "$bin" frobnicate

# The default study runs and says what happened.
check default-study 0 "$bin" run
contains default-study "control-plane downtime"
contains default-study "vr5: chicago-1 -> chicago-2"

# Same inputs and seed: byte-identical JSON.
check json-a 0 "$bin" run "$src/examples/diamond-sd.yaml" --json="$tmp/a.json" --runs 3
check json-b 0 "$bin" run "$src/examples/diamond-sd.yaml" --json="$tmp/b.json" --runs 3
cmp -s "$tmp/a.json" "$tmp/b.json" || { echo "FAIL determinism: JSON differs"; fail=1; }
grep -q '"schema":	2' "$tmp/a.json" || { echo "FAIL json: no schema"; fail=1; }
check json-seed 0 "$bin" run "$src/examples/diamond-sd.yaml" --json="$tmp/c.json" --runs 3 --seed 5
cmp -s "$tmp/a.json" "$tmp/c.json" && { echo "FAIL seed: another seed gave the same JSON"; fail=1; }

# A migration that does not finish before 'until': no placeholder times, null in JSON.
check unfinished 0 "$bin" run "$src/examples/dumbbell-table3.yaml"
contains unfinished "t5 link migration         not reached"
contains unfinished "total migration time    did not finish before 'until'"
grep -q "at   0.000000 s" "$tmp/out" && { echo "FAIL unfinished: a step printed at 0 s"; fail=1; }
sed 's/migration_bandwidth: 1Gbps/migration_bandwidth: 1bps/' "$src/examples/diamond-sd.yaml" >"$tmp/slow.yaml"
check never-frozen 0 "$bin" run "$tmp/slow.yaml"
contains never-frozen "control-plane downtime  none before 'until' (never frozen)"
contains never-frozen "not begun before 'until'"
check never-frozen-json 0 "$bin" run "$tmp/slow.yaml" --json
contains never-frozen-json '"t3_suspend_s":	null'
contains never-frozen-json '"total_s":	null'

# Logs: -v shows each migration step with its simulated time, -vvv every event; a bad level
# is refused. The JSON results are the same with any logging.
check log-info 0 "$bin" -v run "$src/examples/diamond-sd.yaml" --json="$tmp/log.json"
contains log-info "[info mig t=1.000000000s] vr1 -> n3 (vroom): t0 tunnels"
VROOMSIM_LOG=trace check log-trace 0 "$bin" run "$src/examples/diamond-sd.yaml" --json="$tmp/trace.json"
contains log-trace "[trace sim t="
"$bin" run "$src/examples/diamond-sd.yaml" --json="$tmp/quiet.json" >/dev/null 2>&1
cmp -s "$tmp/trace.json" "$tmp/quiet.json" || { echo "FAIL log-trace: results differ with logging"; fail=1; }
VROOMSIM_LOG=bogus check log-bad 2 "$bin" run "$src/examples/diamond-sd.yaml"
contains log-bad "VROOMSIM_LOG: unknown log level 'bogus'"
check log-quiet 0 "$bin" -q run "$src/examples/diamond-sd.yaml"

# One rule for every path in a scenario: its folder. A host profile given as a relative path
# is found beside the scenario, wherever the command runs from.
mkdir -p "$tmp/study"
cp "$src/hwmodel/profiles/pc3000.yaml" "$tmp/study/myhost.yaml"
sed '/name: n3,/s/host: pc3000/host: myhost.yaml/' "$src/examples/diamond-sd.yaml" >"$tmp/study/s.yaml"
grep -q "host: myhost.yaml" "$tmp/study/s.yaml" || { echo "FAIL relative-profile: sed did not apply"; fail=1; }
check relative-profile 0 env -C / "$bin" run "$tmp/study/s.yaml"
contains relative-profile "vr1: n1 -> n3"

# A scenario on standard input, as a Unix tool reads one; errors name "stdin".
"$bin" run - --json="$tmp/stdin.json" <"$src/examples/diamond-sd.yaml" >/dev/null 2>&1 ||
    { echo "FAIL stdin: run - failed"; fail=1; }
"$bin" run "$src/examples/diamond-sd.yaml" --json="$tmp/file.json" >/dev/null 2>&1
cmp -s "$tmp/stdin.json" "$tmp/file.json" || { echo "FAIL stdin: results differ from the file's"; fail=1; }
printf 'version: 1\nfoo: 1\n' >"$tmp/foo.yaml"
check stdin-bad 2 sh -c "'$bin' run - <'$tmp/foo.yaml'"
contains stdin-bad "stdin:2:1: unknown key 'foo'"
# A power-study file given to validate says which command takes it.
check validate-study 2 "$bin" validate "$src/examples/power-abilene.yaml"
contains validate-study "this is a study file ('study:'), not a scenario: run it with 'vroomsim plan power --study FILE'"

# A misspelt key: status 2, file:line:column and a suggestion; nothing written.
sed 's/    memory: stall-and-copy/    memroy: stall-and-copy/' "$src/examples/abilene-vr5-bgp.yaml" >"$tmp/bad.yaml"
check misspelt-key 2 "$bin" run "$tmp/bad.yaml" --json="$tmp/bad.json"
contains misspelt-key "bad.yaml:"
contains misspelt-key "unknown key 'memroy' (did you mean 'memory'?)"
[ -e "$tmp/bad.json" ] && { echo "FAIL misspelt-key: wrote output"; fail=1; }
line=$(grep -n memroy "$tmp/bad.yaml" | cut -d: -f1)
contains misspelt-key "bad.yaml:$line:5:"
check validate-bad 2 "$bin" validate "$tmp/bad.yaml"
check validate-good 0 "$bin" validate "$src/examples/abilene-vr5-bgp.yaml" "$src/examples/diamond-sd.yaml"
check missing-file 2 "$bin" run "$tmp/none.yaml"
check bad-option 2 "$bin" run --runs=zero

# Reproduction: JSON shape of REPRODUCE.md; a target named but not implemented is exit 1.
check reproduce 0 "$bin" reproduce s08-table2-sd s08-table2-hd --json
contains reproduce '"id":	"s08-table2-sd"'
contains reproduce '"status":	"ok"'
contains reproduce '"tolerance":	"±10%"'
check reproduce-unknown 2 "$bin" reproduce no-such-target
check reproduce-list 0 "$bin" reproduce --list
contains reproduce-list "b10-cases"
# A target whose data is missing is an error of its own; the others still run; totals end it.
mkdir -p "$tmp/share/examples"
ln -s "$src/hwmodel/profiles" "$tmp/share/profiles"
ln -s "$src/topologies/data" "$tmp/share/topologies"
cp "$src/examples/power-abilene.yaml" "$tmp/share/examples/" # its SNDlib files are not beside this copy
VROOMSIM_DATA="$tmp/share" check reproduce-error 1 "$bin" reproduce s08-power b10-rules
contains reproduce-error "s08-power            prediction   error"
contains reproduce-error "power-abilene.yaml:12:11: topology: cannot read"
contains reproduce-error "b10-rules            prediction   ok"
contains reproduce-error "totals: 1 ok, 0 fail, 1 error"
VROOMSIM_DATA="$tmp/share" check reproduce-error-json 1 "$bin" reproduce s08-power --json
contains reproduce-error-json '"status":	"error"'
contains reproduce-error-json "need SNDlib's data, which vroomsim does not ship"

# The engine benchmark runs (small) and reports events_per_sec.
check bench-des 0 "$bin" bench des --pending 1000 --events 20000 --json
contains bench-des '"events_per_sec"'
check bench-des-timers 0 "$bin" bench des --pending 1000 --events 20000 --dist timers
check bench-bad 2 "$bin" bench des --dist gauss

# A recorded BGP update stream (needs ../shared/data): RIS 2016-08-11 16:00 against the
# default study's timeline; a RIB dump or a missing file is refused at the key.
ris="$src/../shared/data/bgp/ripe-bgpdump-testdata/test_data"
if [ -f "$ris/updates.20160811.1600.gz" ]; then
    check churn 0 "$bin" run "$src/examples/abilene-vr5-bgp-churn.yaml" --json=-
    contains churn '"bgp_updates":'
    contains churn '"messages":	16844'
    contains churn '"delayed_messages":	127'
    sed "s|updates: .*|updates: $ris/bview.20020722.2337.gz|" \
        "$src/examples/abilene-vr5-bgp-churn.yaml" > "$tmp/rib.yaml"
    check churn-rib 2 "$bin" validate "$tmp/rib.yaml"
    contains churn-rib "not a stream of BGP updates"
fi
sed "s|updates: .*|updates: $tmp/none.gz|" "$src/examples/abilene-vr5-bgp-churn.yaml" > "$tmp/nf.yaml"
check churn-missing 2 "$bin" validate "$tmp/nf.yaml"
contains churn-missing "nf.yaml:"

[ "$fail" -eq 0 ] && echo "cli run: all passed"
exit "$fail"
