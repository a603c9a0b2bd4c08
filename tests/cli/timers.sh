#!/usr/bin/env bash
# End to end: vroomsim timers. $1 = binary, $2 = source tree.
set -u
bin=$1
. "$(dirname "${BASH_SOURCE[0]}")/lib/check.sh"
# json_num FILE KEY: the first number after "KEY": in a cJSON-formatted file
json_num() { sed -n "s/^[[:space:]]*\"$2\":[[:space:]]*\([-0-9.e+]*\),\{0,1\}$/\1/p" "$1" | head -1; }

check help 0 "$bin" timers --help
contains help "--downtime"

# A 0.972 s freeze with 1 s hellos (seed 001 Sec. 6.4.1): always survives.
check ospf-1s 0 "$bin" timers --proto ospf --hello 1 --downtime 972ms --runs 300 --json="$tmp/o.json"
[ "$(json_num "$tmp/o.json" survival_probability)" = "1" ] || { echo "FAIL ospf-1s: survival not 1"; cat "$tmp/o.json"; fail=1; }
# Longer than the dead interval: never survives (either clock).
for clock in running paused; do
    check "ospf-long-$clock" 0 "$bin" timers --proto ospf --hello 10s --downtime 41 --clock $clock --runs 100 --json="$tmp/l.json"
    [ "$(json_num "$tmp/l.json" survival_probability)" = "0" ] || { echo "FAIL ospf-long-$clock"; fail=1; }
done
# Between dead - hello and dead with a running clock: ((40 - 35) / 10)^2 = 0.25.
check ospf-mid 0 "$bin" timers --proto ospf --hello 10 --dead 40 --downtime 35 --runs 2000 --json="$tmp/m.json"
p=$(json_num "$tmp/m.json" survival_probability)
awk -v p="$p" 'BEGIN { exit !(p > 0.21 && p < 0.29) }' || { echo "FAIL ospf-mid: $p not near 0.25"; fail=1; }

# The LSA from a flap during the freeze arrives by retransmission RxmtInterval later.
check lsa 0 "$bin" timers --proto ospf --hello 10 --downtime 972ms --lsa-at random --runs 100 --json="$tmp/lsa.json"
grep -q '"max_when_missed":	5' "$tmp/lsa.json" || { echo "FAIL lsa: staleness not 5 s"; cat "$tmp/lsa.json"; fail=1; }

# BGP with RFC 4271 timers survives seed 001 Sec. 6.4.2's 3.56 s freeze.
check bgp 0 "$bin" timers --proto bgp --downtime 3.56 --peers 4 --runs 200 --json="$tmp/b.json"
[ "$(json_num "$tmp/b.json" survival_probability)" = "1" ] || { echo "FAIL bgp: survival not 1"; fail=1; }
check bgp-text 0 "$bin" timers --proto bgp --keepalive 10 --hold 30 --downtime 40 --runs 50
contains bgp-text "survival probability 0.0000"

# --frozen-rx queue (SIGSTOP): the router's kernel acknowledges the peer's KEEPALIVEs, so no
# retransmission backoff delays them past the resume: keepalive 3, hold 9, a 5.8 s freeze
# always survives (both last messages are under 3 s old at the freeze: 3 + 5.8 <= 9), while
# with drop the backoff mostly loses it (docs/validation.md, FRR under SIGSTOP).
check bgp-queue 0 "$bin" timers --proto bgp --keepalive 3 --hold 9 --downtime 5.8 --frozen-rx queue --runs 500 --json="$tmp/q.json"
[ "$(json_num "$tmp/q.json" survival_probability)" = "1" ] || { echo "FAIL bgp-queue: not 1"; fail=1; }
grep -q '"frozen_rx":	"queue"' "$tmp/q.json" || { echo "FAIL bgp-queue: input not echoed"; fail=1; }
check bgp-drop 0 "$bin" timers --proto bgp --keepalive 3 --hold 9 --downtime 5.8 --runs 500 --json="$tmp/d.json"
p=$(json_num "$tmp/d.json" survival_probability)
awk -v p="$p" 'BEGIN { exit !(p < 0.2) }' || { echo "FAIL bgp-drop: $p"; fail=1; }
check bad-frozen-rx 2 "$bin" timers --proto ospf --downtime 1 --frozen-rx keep
contains bad-frozen-rx "--frozen-rx: 'keep' is neither drop nor queue"

# Same seed: byte-identical JSON; another seed: different.
check det-a 0 "$bin" timers --proto ospf --hello 1 --downtime 3.5 --neighbors 2 --lsa-at random --runs 300 --json="$tmp/a.json"
check det-b 0 "$bin" timers --proto ospf --hello 1 --downtime 3.5 --neighbors 2 --lsa-at random --runs 300 --json="$tmp/b2.json"
cmp -s "$tmp/a.json" "$tmp/b2.json" || { echo "FAIL determinism: JSON differs"; fail=1; }
check det-c 0 "$bin" timers --proto ospf --hello 1 --downtime 3.5 --neighbors 2 --lsa-at random --runs 300 --seed 9 --json="$tmp/c.json"
cmp -s "$tmp/a.json" "$tmp/c.json" && { echo "FAIL seed: another seed gave the same JSON"; fail=1; }
check det-bgp-a 0 "$bin" timers --proto bgp --keepalive 1 --hold 3 --downtime 1.5 --json="$tmp/ba.json"
check det-bgp-b 0 "$bin" timers --proto bgp --keepalive 1 --hold 3 --downtime 1.5 --json="$tmp/bb.json"
cmp -s "$tmp/ba.json" "$tmp/bb.json" || { echo "FAIL bgp determinism"; fail=1; }

# The trace shows the resume ordering of a hand case (running clock): the late hello goes
# out at the resume, then the router's own expired dead timer fires.
check trace 0 "$bin" timers --proto ospf --hello 10 --downtime 36 --runs 1 --freeze-at 101 --trace "$tmp/t.jsonl"
grep -q '"event":"freeze"' "$tmp/t.jsonl" && grep -q '"event":"resume"' "$tmp/t.jsonl" \
    && grep -q '"event":"lost_while_frozen"' "$tmp/t.jsonl" \
    || { echo "FAIL trace: missing events"; head "$tmp/t.jsonl"; fail=1; }
check bgp-trace 0 "$bin" timers --proto bgp --keepalive 1 --hold 3 --downtime 2 --runs 1 --trace "$tmp/bt.jsonl"
grep -q '"event":"tcp_retransmit"' "$tmp/bt.jsonl" || { echo "FAIL bgp-trace: no retransmission"; fail=1; }
check trace-bad-path 2 "$bin" timers --proto ospf --downtime 1 --trace /nonexistent-dir/t.jsonl

# Bad input: status 2 and the option named.
check zero-hello 2 "$bin" timers --proto ospf --hello 0 --downtime 1
contains zero-hello "--hello"
check neg-hello 2 "$bin" timers --proto ospf --hello -1s --downtime 1
contains neg-hello "--hello"
check dead-le-hello 2 "$bin" timers --proto ospf --hello 10 --dead 10 --downtime 1
contains dead-le-hello "--dead 10 s is not larger than --hello 10 s"
check hold-small 2 "$bin" timers --proto bgp --hold 2 --downtime 1
contains hold-small "--hold 2 s"
check hold-le-ka 2 "$bin" timers --proto bgp --keepalive 30 --hold 30 --downtime 1
contains hold-le-ka "--hold 30 s is not larger than --keepalive 30 s"
check wrong-proto-opt 2 "$bin" timers --proto bgp --hello 1 --downtime 1
contains wrong-proto-opt "--hello is an OSPF option"
check no-downtime 2 "$bin" timers --proto ospf
check bad-clock 2 "$bin" timers --proto ospf --downtime 1 --clock frozen
contains bad-clock "frozen"
check bad-duration 2 "$bin" timers --proto ospf --downtime 1parsec
contains bad-duration "--downtime"
# The freeze derived from a simulated migration (models/run/run_freeze.c): a PC3000-class host
# with an OSPF-only control plane freezes for about a second (seed 001 Sec. 6.4.1).
check routes 0 "$bin" timers --proto ospf --hello 1 --routes 0 --profile pc3000 --runs 100 --json="$tmp/r.json"
d=$(json_num "$tmp/r.json" downtime_s)
awk -v d="$d" 'BEGIN { exit !(d > 0.5 && d < 2) }' || { echo "FAIL routes: downtime $d"; fail=1; }
check routes-bad-profile 2 "$bin" timers --proto ospf --routes 10 --profile no-such-profile
check routes-and-downtime 2 "$bin" timers --proto ospf --routes 10 --profile pc3000 --downtime 1
check routes-no-profile 2 "$bin" timers --proto ospf --routes 10
exit $fail
