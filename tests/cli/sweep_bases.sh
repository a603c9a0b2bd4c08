#!/usr/bin/env bash
# vroomsim sweep over the non-scenario bases (docs/sweep.md, "Bases"): a power study with
# `plan power` options as axes and a list of topology files; a `timers` what-if with its
# options as axes. A point's result is what the command prints for the same options; bad
# axes and options are refused naming the place. Bundled inputs only (topologies/data, the
# gravity generator). $1 = binary, $2 = source tree.
set -u
bin=$1
src=$2
. "$(dirname "${BASH_SOURCE[0]}")/lib/check.sh"
. "$(dirname "${BASH_SOURCE[0]}")/lib/sqlite.sh"
# The JSON without its timing key, keys sorted: what must match between sweep and command.
norm() { python3 -c 'import json,sys; d=json.load(sys.stdin); d.pop("timing",None); print(json.dumps(d,sort_keys=True))'; }
cd "$tmp" || exit 1
mkdir topo
cp "$src/topologies/data/Abilene.graphml" "$src/topologies/data/Geant2012.graphml" topo/

# Power: a study file on the built-in Abilene, gravity traffic; hold x topology files.
cat >pw.yaml <<'YAML'
version: 1
study: power
name: tiny
topology: builtin:abilene
tm: gravity
interval: 1h
routers_per_pop: 2
hold: 2
YAML
cat >p.yaml <<'YAML'
sweep: 1
name: power
base: {power: pw.yaml, options: {days: 1}}
axes:
  - {option: hold, values: [0, 3]}
  - {option: topology, files: [topo/Abilene.graphml, topo/Geant2012.graphml]}
metrics:
  - {name: savings, path: savings_percent}
  - {name: inter_pop_savings, path: inter_pop.savings_percent}
  - {name: migrations, path: inter_pop.migrations}
YAML
check power 0 "$bin" sweep p.yaml --jobs 2 --quiet
contains power "power: 4 points: 4 done (4 ok, 0 failed, 0 crashed), 0 left"
[ "$(q p.db "SELECT count(*) FROM points WHERE inter_pop_savings > 0 AND migrations > 0 AND topology LIKE '%topo/Geant2012.graphml'")" = 2 ] ||
    { echo "FAIL power-rows: $(q p.db 'SELECT idx, hold, topology, savings, inter_pop_savings, migrations FROM points')"; fail=1; }
[ "$(q p.db "SELECT value FROM meta WHERE key='base_kind'")" = power ] || { echo "FAIL power-kind"; fail=1; }
# Point 3 (hold 3, Geant2012) is `plan power` with the same study and options.
q p.db "SELECT result FROM points WHERE idx=3" | norm >sweep.json
"$bin" plan power --study pw.yaml --days 1 --hold 3 --topology topo/Geant2012.graphml --seed 1 --json | norm >cmd.json
cmp -s sweep.json cmd.json || { echo "FAIL power-same: the row differs from plan power's output"; diff <(tr ',' '\n' <sweep.json) <(tr ',' '\n' <cmd.json) | head; fail=1; }
# plan te: target MLU as an axis over the built-in Abilene (local search: deterministic,
# where the MILP's result would depend on its time limit).
printf 'sweep: 1\nname: te\nbase: {plan: te, options: {solver: local}}\naxes:\n  - {option: target-mlu, values: [0.4, 0.45]}\nmetrics:\n  - {name: mlu_after, path: mlu_after}\n  - {name: migrations, path: migrations}\n' >te.yaml
check te 0 "$bin" sweep te.yaml --quiet
[ "$(q te.db "SELECT count(*) FROM points WHERE status='ok' AND mlu_after <= CAST(\"target-mlu\" AS REAL) AND migrations > 0")" = 2 ] ||
    { echo "FAIL te-rows: $(q te.db 'SELECT idx, status, mlu_after, migrations, message FROM points')"; fail=1; }
q te.db "SELECT result FROM points WHERE idx=1" | norm >sweep.json
"$bin" plan te --target-mlu 0.45 --solver local --seed 1 --json | norm >cmd.json
cmp -s sweep.json cmd.json || { echo "FAIL te-same: $(head -c 300 sweep.json) vs $(head -c 300 cmd.json)"; fail=1; }

# Timers: hello x freeze length, 2 seeds.
cat >t.yaml <<'YAML'
sweep: 1
name: timers
base:
  timers: {proto: ospf, runs: 200}
axes:
  - {option: hello, values: [1s, 2s]}
  - {option: downtime, range: {from: 2s, to: 8s, step: 3}}
seeds: [1, 2]
metrics:
  - {name: survival, path: survival_probability}
  - {name: hellos_lost, path: hellos_lost.mean}
YAML
check timers 0 "$bin" sweep t.yaml --jobs 2 --quiet
contains timers "timers: 12 points: 12 done (12 ok"
[ "$(q t.db "SELECT group_concat(survival) FROM (SELECT survival FROM points WHERE seed=1 ORDER BY idx)")" = "1.0,0.0,0.0,1.0,1.0,0.0" ] ||
    { echo "FAIL timers-rows: $(q t.db 'SELECT idx, hello, downtime, seed, survival FROM points')"; fail=1; }
q t.db "SELECT result FROM points WHERE idx=3" | norm >sweep.json
"$bin" timers --proto ospf --runs 200 --hello 1s --downtime 5s --seed 2 --json | norm >cmd.json
cmp -s sweep.json cmd.json || { echo "FAIL timers-same: $(cat sweep.json) vs $(cat cmd.json)"; fail=1; }
check timers-summary 0 "$bin" sweep t.yaml --summary --by hello
contains timers-summary "hello  points  ok  metric"
# A combination refused only together (dead below hello) is a failed point, not a bad file.
printf 'sweep: 1\nname: t2\nbase:\n  timers: {proto: ospf, dead: 3s, downtime: 1s}\naxes:\n  - {option: hello, values: [1s, 5s]}\n' >t2.yaml
check timers-failed 1 "$bin" sweep t2.yaml --quiet
[ "$(q t2.db "SELECT status, exit_status, message FROM points WHERE idx=1")" = "failed|2|--dead 3 s is not larger than --hello 5 s" ] ||
    { echo "FAIL timers-failed-row: $(q t2.db 'SELECT * FROM points')"; fail=1; }

# Bad input names the place and what was expected; nothing is written.
bad() { # NAME FILE-BODY EXPECTED-TEXT
    printf '%b' "$2" >bad.yaml
    check "$1" 2 "$bin" sweep bad.yaml --quiet
    contains "$1" "$3"
    [ -e bad.db ] && { echo "FAIL $1: bad.db written"; rm -f bad.db; fail=1; }
}
head='sweep: 1\nname: b\n'
bad unknown-option "${head}base: {timers: {proto: ospf}}\naxes:\n  - {option: helo, values: [1s]}\n" \
    "bad.yaml:5:5: axis 'helo', value '1s': 'helo' is not an option of timers"
bad bad-value "${head}base: {timers: {proto: ospf}}\naxes:\n  - {option: hello, values: [1s, 0]}\n" \
    "axis 'hello', value '0': --hello 0: a timer must be positive"
bad bad-unit "${head}base: {power: pw.yaml}\naxes:\n  - {option: interval, values: [1parsec]}\n" \
    "axis 'interval', value '1parsec': --interval: '1parsec'"
bad base-option "${head}base: {power: pw.yaml, options: {hold: -1}}\n" \
    "bad.yaml:3:34: option 'hold': --hold: '-1' is not an integer from 0 to 1000"
bad path-on-timers "${head}base: {timers: {proto: ospf}}\naxes:\n  - {path: hello, values: [1s]}\n" \
    "expected 'option' (an option of the base's command): this sweep's base is not a scenario"
bad option-on-scenario "${head}base: $src/examples/diamond-sd.yaml\naxes:\n  - {option: hold, values: [1]}\n" \
    "expected 'path' (a key path into the scenario)"
bad seed-option "${head}base: {timers: {proto: ospf}}\naxes:\n  - {option: seed, values: [1, 2]}\n" \
    "the seed is the sweep's: give it with 'seeds' or 'runs'"
bad missing-file "${head}base: {power: pw.yaml}\naxes:\n  - {option: tm, files: [no-such.tar.gz]}\n" \
    "bad.yaml:5:26: axis 'tm': cannot read 'no-such.tar.gz'"
bad empty-files "${head}base: {power: pw.yaml}\naxes:\n  - {option: tm, files: []}\n" \
    "axis 'tm': expected at least one file"
bad two-kinds "${head}base: {power: pw.yaml, timers: {proto: ospf}}\n" \
    "expected one of 'scenario', 'power', 'timers' or 'plan'"
bad te-no-target "${head}base: {plan: te}\n" "a plan te base needs target-mlu"
bad plan-maintenance "${head}base: {plan: maintenance}\n" "plan maintenance is not a sweep base"
bad te-bad-option "${head}base: {plan: te, options: {target-mlu: 0.5, hold: 2}}\n" "'hold' is not an option of plan te"
bad power-missing "${head}base: {power: nope.yaml}\n" "base power study: "
bad power-not-study "${head}base: {power: t.yaml}\n" "base power study: "
exit "$fail"
