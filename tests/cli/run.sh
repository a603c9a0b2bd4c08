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
grep -q '"schema":	1' "$tmp/a.json" || { echo "FAIL json: no schema"; fail=1; }
check json-seed 0 "$bin" run "$src/examples/diamond-sd.yaml" --json="$tmp/c.json" --runs 3 --seed 5
cmp -s "$tmp/a.json" "$tmp/c.json" && { echo "FAIL seed: another seed gave the same JSON"; fail=1; }

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
