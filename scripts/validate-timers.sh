#!/usr/bin/env bash
# Holds the OSPF/BGP timer models against real routing daemons (issue 23): FRR's ospfd or
# bgpd (each with its zebra) in two network namespaces joined by a veth pair; one side's
# daemons are frozen with SIGSTOP for D seconds and resumed with SIGCONT; the trial records
# whether the adjacency (session) survived, i.e. neither daemon logged it leaving Full
# (Established). `vroomsim timers` with the same settings predicts a survival probability,
# and a two-sided exact binomial test at 5% judges each grid point (docs/validation.md).
#
#   scripts/validate-timers.sh [grid|quick] [--only ospf|bgp] [--out DIR] [--vroomsim PATH]
#       run the full grid (default) or the quick one, or only one protocol's points, write
#       DIR/trials.tsv and DIR/table.md, print the table; exit 1 if a point disagrees
#   scripts/validate-timers.sh points SPEC... [--out DIR]   run the given points
#       SPEC = ospf:HELLO:DEAD:FREEZE:TRIALS or bgp:KEEPALIVE:HOLD:FREEZE:TRIALS (seconds)
#   scripts/validate-timers.sh compare TRIALS.TSV [--vroomsim PATH]
#       only the table, from trials already run (the model may have changed since)
#   scripts/validate-timers.sh binom K N P   the two-sided binomial p-value alone
#
# Needs root, network namespaces and FRR (Debian package frr; the daemons in
# /usr/lib/frr). Exit 77 with the reason when one is missing; a missing FRR or iproute2 is a
# failure (exit 3) instead under VS_REQUIRE_OPTIONAL=1 (set by `scripts/setup.sh test`).
# Nothing of the host is touched: two namespaces with unique names, the veth pair created
# inside them, the daemons this script started (killed by PID, waited for), all removed on
# exit, and checked to be gone.
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FRR=${VS_FRR_DIR:-/usr/lib/frr}
V=$here/build/cli/vroomsim
out=
mode=grid
specs=()
trials_in=
only=

while [ $# -gt 0 ]; do
    case $1 in
    grid|quick) mode=$1 ;;
    points) mode=points ;;
    compare) mode=compare; trials_in=${2:?compare needs a trials file}; shift ;;
    binom) mode=binom; specs=("${2:?}" "${3:?}" "${4:?}"); shift 3 ;;
    --out) out=${2:?}; shift ;;
    --vroomsim) V=${2:?}; shift ;;
    --only) only=${2:?}; shift ;;
    ospf:*|bgp:*) specs+=("$1") ;;
    -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "validate-timers: unknown argument '$1'" >&2; exit 2 ;;
    esac
    shift
done

# The grid (docs/validation.md): clear survival, clear loss, and freezes near the dead
# (hold) interval where the outcome depends on the timers' phases (>= 8 trials there).
GRID=(
    ospf:1:4:1.5:2  ospf:1:4:2.9:8  ospf:1:4:3.3:10 ospf:1:4:3.7:10 ospf:1:4:6:2
    ospf:2:8:4:2    ospf:2:8:6.5:8  ospf:2:8:7.4:8  ospf:2:8:11:2
    bgp:3:9:4:2     bgp:3:9:5.8:8   bgp:3:9:7:10    bgp:3:9:8.2:10  bgp:3:9:13:2
    bgp:1:3:1:2     bgp:1:3:2.3:8   bgp:1:3:5:2
)
QUICK=(ospf:1:4:1:1 ospf:1:4:6:1 bgp:1:3:0.5:1 bgp:1:3:5:1)

# skip REASON: exit 77 (a skip). missing REASON: the same for a package scripts/setup.sh
# installs (frr, iproute2), but a failure (exit 3) under VS_REQUIRE_OPTIONAL=1, as
# `scripts/setup.sh test` sets: there it has just been installed. Root and namespace support
# are the machine's, never a package's: those always skip.
skip() { echo "skipped: $*"; exit 77; }
missing() {
    if [ "${VS_REQUIRE_OPTIONAL:-0}" = 1 ]; then
        echo "validate-timers: FAIL (VS_REQUIRE_OPTIONAL=1): $*" >&2; exit 3
    fi
    echo "skipped: $*"; exit 77
}

# ---------------------------------------------------------------- the comparison
# binom_p K N P: two-sided exact binomial p-value (the sum of the probabilities of all
# outcomes no more likely than K), as R's binom.test computes it.
binom_p() {
    awk -v k="$1" -v n="$2" -v p="$3" 'BEGIN {
        if (p <= 0) { print (k == 0 ? 1 : 0); exit }
        if (p >= 1) { print (k == n ? 1 : 0); exit }
        lf[0] = n * log(1 - p)      # log-probabilities: no underflow for large n
        for (i = 0; i < n; i++) lf[i + 1] = lf[i] + log((n - i) / (i + 1)) + log(p / (1 - p))
        s = 0
        for (i = 0; i <= n; i++) if (lf[i] <= lf[k] + log(1 + 1e-7)) s += exp(lf[i])
        print (s > 1 ? 1 : s)
    }'
}

# predict PROTO A B FREEZE RX: the model's survival probability for a freeze with the clock
# running (SIGSTOP stops the process, not CLOCK_MONOTONIC) and packets to the frozen daemons
# queued (RX=queue, what SIGSTOP does) or dropped (RX=drop, the default for migrations).
predict() {
    local o
    if [ "$1" = ospf ]; then
        o=$("$V" timers --proto ospf --hello "$2" --dead "$3" --downtime "$4" --clock running \
            --frozen-rx "$5" --runs 20000 --json) || return 1
    else
        o=$("$V" timers --proto bgp --keepalive "$2" --hold "$3" --downtime "$4" --clock running \
            --frozen-rx "$5" --runs 20000 --json) || return 1
    fi
    echo "$o" | sed -n 's/^[[:space:]]*"survival_probability":[[:space:]]*\([0-9.e+-]*\),*$/\1/p' | head -1
}

# predict_mean PROTO A B RX D1 D2 ...: the mean prediction over the freezes actually applied
# (each trial's measured length, to 10 ms): under load a SIGCONT comes late, and near the
# boundary 100 ms matters. The expected number of survivals is the sum of the trials' own
# probabilities; the binomial test below then takes their mean.
declare -A pcache
predict_mean() {
    local proto=$1 a=$2 b=$3 rx=$4 sum=0 m k x
    shift 4
    for m in "$@"; do
        x=$(awk -v m="$m" 'BEGIN { printf "%.2f", m }')
        k=$proto:$a:$b:$rx:$x
        [ -n "${pcache[$k]:-}" ] || pcache[$k]=$(predict "$proto" "$a" "$b" "$x" "$rx") || return 1
        [ -n "${pcache[$k]}" ] || return 1
        sum=$(awk -v s="$sum" -v p="${pcache[$k]}" 'BEGIN { printf "%.6f", s + p }')
    done
    awk -v s="$sum" -v n=$# 'BEGIN { printf "%.6f", s / n }'
}

# verdict K N P: "agree" or "**disagree**" (two-sided exact binomial test at 5%), and the p-value
verdict() {
    local pv
    pv=$(binom_p "$1" "$2" "$3")
    if awk -v x="$pv" 'BEGIN { exit !(x < 0.05) }'; then echo "**disagree** $pv"; else echo "agree $pv"; fi
}

compare() { # compare TRIALS.TSV: the markdown table on stdout; returns 1 on a disagreement
    local f=$1 bad=0 key proto a b d n k p pv v p0 v0 pv0 causes ms dm
    [ -x "$V" ] || { echo "validate-timers: no vroomsim at $V (build first)" >&2; return 3; }
    echo "| protocol | timers (s) | freeze D (s) | measured D: mean, max (s) | real: survived k of n | model P, queue | p-value | verdict | model P, drop | verdict, drop | real losses (side:reason) |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|"
    for key in $(awk -F'\t' '!/^#/ { print $1":"$2":"$3":"$4 }' "$f" | awk '!seen[$0]++'); do
        IFS=: read -r proto a b d <<<"$key"
        n=$(awk -F'\t' -v k="$key" '!/^#/ && $1":"$2":"$3":"$4 == k' "$f" | wc -l)
        k=$(awk -F'\t' -v k="$key" '!/^#/ && $1":"$2":"$3":"$4 == k && $6 == "survived"' "$f" | wc -l)
        causes=$(awk -F'\t' -v k="$key" '!/^#/ && $1":"$2":"$3":"$4 == k && $6 == "lost" { c[$7]++ }
                 END { s = ""; for (x in c) s = s (s == "" ? "" : ", ") x " " c[x]; print (s == "" ? "-" : s) }' "$f")
        ms=$(awk -F'\t' -v k="$key" '!/^#/ && $1":"$2":"$3":"$4 == k { print $8 }' "$f")
        dm=$(echo "$ms" | awk '{ s += $1; if ($1 > m) m = $1 } END { printf "%.2f, %.2f", s / NR, m }')
        # shellcheck disable=SC2086
        p=$(predict_mean "$proto" "$a" "$b" queue $ms) || return 3
        # shellcheck disable=SC2086
        p0=$(predict_mean "$proto" "$a" "$b" drop $ms) || return 3
        [ -n "$p" ] && [ -n "$p0" ] || { echo "validate-timers: no prediction for $key" >&2; return 3; }
        read -r v pv <<<"$(verdict "$k" "$n" "$p")"
        read -r v0 pv0 <<<"$(verdict "$k" "$n" "$p0")"
        [ "$v" = agree ] || bad=1
        if [ "$proto" = ospf ]; then t="hello $a, dead $b"; else t="keepalive $a, hold $b"; fi
        printf '| %s | %s | %s | %s | %d / %d | %.3f | %.3g | %s | %.3f | %s | %s |\n' \
            "$proto" "$t" "$d" "$dm" "$k" "$n" "$p" "$pv" "$v" "$p0" "$v0" "$causes"
    done
    return $bad
}

if [ "$mode" = binom ]; then   # binom K N P: the test alone (tests/cli/real_timers.sh checks it)
    binom_p "${specs[@]}"; exit 0
fi
if [ "$mode" = compare ]; then
    compare "$trials_in"; exit $?
fi

# ---------------------------------------------------------------- the real daemons
case $mode in
grid) [ ${#specs[@]} -gt 0 ] || specs=("${GRID[@]}") ;;
quick) [ ${#specs[@]} -gt 0 ] || specs=("${QUICK[@]}") ;;
points) [ ${#specs[@]} -gt 0 ] || { echo "validate-timers: points needs SPEC..." >&2; exit 2; } ;;
esac
if [ -n "$only" ]; then
    kept=()
    for spec in "${specs[@]}"; do [ "${spec%%:*}" = "$only" ] && kept+=("$spec"); done
    [ ${#kept[@]} -gt 0 ] || { echo "validate-timers: no $only points" >&2; exit 2; }
    specs=("${kept[@]}")
fi
[ "$(id -u)" = 0 ] || skip "the FRR timer validation needs root (network namespaces)"
command -v ip >/dev/null || missing "iproute2 (ip) is not installed"
for d in zebra ospfd bgpd; do
    [ -x "$FRR/$d" ] || missing "FRR is not installed ($FRR/$d missing; Debian package frr)"
done
[ -x "$(command -v vtysh)" ] || missing "FRR's vtysh is not installed (Debian package frr)"
id frr >/dev/null 2>&1 || missing "no user frr (the Debian package frr creates it)"
[ -x "$V" ] || { echo "validate-timers: no vroomsim at $V (build first)" >&2; exit 3; }

tag=vsv$$                            # unique names: namespaces vsv<pid>a/b, veths in them only
nsA=${tag}a nsB=${tag}b
ip netns add "$nsA" 2>/dev/null || skip "cannot create a network namespace (no netns support?)"
ip netns add "$nsB" || { ip netns del "$nsA"; skip "cannot create a second network namespace"; }
work=$(mktemp -d /tmp/vs-frrtimers.XXXXXX)
chmod 755 "$work"
pids=()                              # every daemon this script started

stop_daemons() { # SIGTERM each PID we started, wait up to 10 s, then SIGKILL the rest
    local p i
    [ ${#pids[@]} -eq 0 ] && return 0
    for p in "${pids[@]}"; do kill -CONT "$p" 2>/dev/null; kill -TERM "$p" 2>/dev/null; done
    for i in $(seq 100); do
        local alive=0
        for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=1; done
        [ $alive = 0 ] && break
        sleep 0.1
    done
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null && { echo "validate-timers: PID $p still up after 10 s, SIGKILL" >&2; kill -KILL "$p"; }; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
    pids=()
}

cleanup() {
    stop_daemons
    ip netns del "$nsA" 2>/dev/null
    ip netns del "$nsB" 2>/dev/null
    local left=""
    ip netns list | grep -qE "^($nsA|$nsB)( |\$)" && left="$left namespaces"
    ip -o link show | grep -qE ": ${tag}[xy][@:]" && left="$left links"
    pgrep -f "$work" >/dev/null && left="$left processes:$(pgrep -f "$work" | tr '\n' ' ')"
    if [ -n "$left" ]; then echo "validate-timers: LEFT BEHIND:$left" >&2; leftover=1; fi
    [ -n "${keep:-}" ] || rm -rf "$work"
}
leftover=0
keep=${VS_KEEP:-}
trap 'cleanup; exit 130' INT TERM
trap 'cleanup' EXIT

ip -n "$nsA" link add "${tag}x" type veth peer name "${tag}y" netns "$nsB" || { echo "veth failed" >&2; exit 3; }
ip -n "$nsA" addr add 10.0.0.1/30 dev "${tag}x"
ip -n "$nsB" addr add 10.0.0.2/30 dev "${tag}y"
for ns in "$nsA" "$nsB"; do ip -n "$ns" link set lo up; done
ip -n "$nsA" link set "${tag}x" up
ip -n "$nsB" link set "${tag}y" up

# write_conf SIDE PROTO A B: zebra.conf and ospfd.conf/bgpd.conf for side a or b
write_conf() {
    local s=$1 proto=$2 a=$3 b=$4 dir=$work/$1 ifn id me peer as peeras
    if [ "$s" = a ]; then ifn=${tag}x id=1.1.1.1 peer=10.0.0.2 as=65001 peeras=65002
    else ifn=${tag}y id=2.2.2.2 peer=10.0.0.1 as=65002 peeras=65001; fi
    mkdir -p "$dir"; rm -f "$dir"/*.log; chown frr:frr "$dir"
    printf 'hostname %s\nlog file %s/zebra.log\nlog timestamp precision 3\n' "$s" "$dir" >"$dir/zebra.conf"
    if [ "$proto" = ospf ]; then
        cat >"$dir/ospfd.conf" <<EOF
hostname $s
log file $dir/ospfd.log
log timestamp precision 3
interface $ifn
 ip ospf network point-to-point
 ip ospf hello-interval $a
 ip ospf dead-interval $b
 ip ospf area 0
router ospf
 ospf router-id $id
 log-adjacency-changes detail
EOF
    else
        cat >"$dir/bgpd.conf" <<EOF
hostname $s
log file $dir/bgpd.log
log timestamp precision 3
router bgp $as
 bgp router-id $id
 no bgp ebgp-requires-policy
 bgp log-neighbor-changes
 timers bgp $a $b
 neighbor $peer remote-as $peeras
 neighbor $peer timers $a $b
 neighbor $peer timers connect 1
EOF
    fi
}

# start_side SIDE NS PROTO: zebra then the protocol daemon, in the namespace, as the user
# frr (FRR refuses root unless root is in its vty group; the host's groups are not ours to change)
side_pids_a=() side_pids_b=()
start_side() {
    local s=$1 ns=$2 proto=$3 dir=$work/$1 d p
    for d in zebra "${proto}d"; do
        ip netns exec "$ns" "$FRR/$d" -f "$dir/$d.conf" -i "$dir/$d.pid" -z "$dir/zserv.api" \
            --vty_socket "$dir" --log "file:$dir/$d.stderr" \
            $( [ "$d" = bgpd ] && echo "-l 10.0.0.$([ "$s" = a ] && echo 1 || echo 2)" ) \
            >"$dir/$d.out" 2>&1 &
        p=$!
        pids+=("$p")
        if [ "$s" = a ]; then side_pids_a+=("$p"); else side_pids_b+=("$p"); fi
        [ "$d" = zebra ] && for _ in $(seq 50); do [ -S "$dir/zserv.api" ] && break; sleep 0.1; done
    done
}

# up PROTO SIDE: is the adjacency Full / the session Established, as the daemon says?
up() {
    if [ "$1" = ospf ]; then
        vtysh --vty_socket "$work/$2" -d ospfd -c 'show ip ospf neighbor' 2>/dev/null | grep -q 'Full/'
    else
        vtysh --vty_socket "$work/$2" -d bgpd -c 'show bgp neighbors json' 2>/dev/null \
            | grep -q '"bgpState":"Established"'
    fi
}

# start PROTO A B: fresh daemons on both sides; waits (up to 60 s) for Full / Established
start() {
    local proto=$1 a=$2 b=$3 i
    stop_daemons; side_pids_a=() side_pids_b=()
    write_conf a "$proto" "$a" "$b"; write_conf b "$proto" "$a" "$b"
    start_side a "$nsA" "$proto"; start_side b "$nsB" "$proto"
    for i in $(seq 600); do
        up "$proto" a && up "$proto" b && return 0
        sleep 0.1
    done
    echo "validate-timers: $proto never came up; logs in $work" >&2
    keep=1
    return 1
}

# drop_lines PROTO SIDE: the daemon's log lines saying the adjacency (session) left Full
# (Established)
drop_lines() {
    local pat='NOTIFICATION: sent|ADJCHANGE.*Down'
    [ "$1" = ospf ] && pat='AdjChg.*Full -> '
    grep -E "$pat" "$work/$2/${1}d.log" 2>/dev/null
}
# drops PROTO: how many such lines both sides have logged, "A B"
drops() { echo "$(drop_lines "$1" a | wc -l) $(drop_lines "$1" b | wc -l)"; }
# why PROTO "A B": each side's first drop after the counts A B, as "side:reason"
why() {
    local s l n
    read -r -a n <<<"$2"
    for s in a b; do
        l=$(drop_lines "$1" $s | sed -n "$(( ${n[$([ $s = a ] && echo 0 || echo 1)]} + 1 ))p")
        [ -n "$l" ] || continue
        l=$(echo "$l" | sed -n 's/.*Full -> \([A-Za-z]*\) *(\([^)]*\)).*/\1:\2/p;
            s/.*NOTIFICATION: sent to neighbor [^ ]* [^ ]* (\([^)]*\)).*/sent:\1/p;
            s/.*ADJCHANGE.*Down \(.*\)$/\1/p' | tr ' ' '_')
        [ "$s" = a ] && echo "frozen:$l" || echo "peer:$l"
    done | paste -sd+ -
}

now() { date +%s.%N; }
sleep_s() { sleep "$(awk -v x="$1" 'BEGIN { printf "%.3f", (x < 0 ? 0 : x) }')"; }

# trial PROTO A B D: one freeze of side a's daemons; sets result ("survived\t-" or
# "lost\tCAUSE") and measured (the freeze as timed here, s). Not in a subshell: it may
# restart the daemons, whose PIDs the cleanup needs.
trial() {
    local proto=$1 a=$2 b=$3 d=$4 before after p t0 t1
    if [ "$dirty" = 1 ] || ! { up "$proto" a && up "$proto" b; }; then
        start "$proto" "$a" "$b" || return 1
    fi
    dirty=0
    # The two sides' phases must be independent, as the model draws them. They are not by
    # themselves: a resumed daemon re-arms its hello (keepalive) timer from the late one it
    # sends at the resume (ospf_ism.c ospf_hello_timer; bgp_keepalives.c peer_process), so
    # after a trial side a's phase is the previous resume instant, and after a restart the
    # two phases are as far apart as the start-up sequence makes them. So first side b is
    # stopped for a + U[0, a) s: one of its hellos (keepalives) falls due meanwhile and goes
    # out late at its resume, which sets its phase at random. Harmless in the model: no
    # message is then older than 3 intervals, and dead >= 4 hello (hold = 3 keepalive,
    # strictly more needed). A drop it caused anyway (a late SIGCONT) is caught below and the
    # trial repeated.
    # (Not in the quick run: its points are far from any boundary, and it must stay short.)
    local b0 pb
    b0=$(drops "$proto")
    if [ "$mode" != quick ]; then
        for pb in "${side_pids_b[@]}"; do kill -STOP "$pb"; done
        sleep_s "$(awk -v a="$a" -v r="$RANDOM" 'BEGIN { print a + a * r / 32768 }')"
        for pb in "${side_pids_b[@]}"; do kill -CONT "$pb"; done
    fi
    # Steady state, then a random phase: freeze after b + U[0, a) seconds.
    sleep_s "$(awk -v a="$a" -v b="$b" -v r="$RANDOM" 'BEGIN { print b + a * r / 32768 }')"
    before=$(drops "$proto")
    if [ "$before" != "$b0" ]; then
        echo "validate-timers: the phase shuffle dropped the adjacency; trial repeated" >&2
        dirty=1
        return 2
    fi
    t0=$(now)
    for p in "${side_pids_a[@]}"; do kill -STOP "$p"; done
    sleep_s "$(awk -v d="$d" -v t0="$t0" -v t="$(now)" 'BEGIN { print d - (t - t0) }')"
    for p in "${side_pids_a[@]}"; do kill -CONT "$p"; done
    t1=$(now)
    # Every timer the freeze can expire has fired by resume + dead (hold); +2 s for the
    # DD exchange that follows a one-sided drop.
    sleep_s "$(( b + 2 ))"
    after=$(drops "$proto")
    measured=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
    if [ "$after" != "$before" ]; then
        result="lost	$(why "$proto" "$before")"
        dirty=1   # fresh daemons before the next trial (bgpd backs off its reconnects)
    else
        result="survived	-"
    fi
}

[ -n "$out" ] || out=$work/out
mkdir -p "$out"
tsv=$out/trials.tsv
{
    echo "# validate-timers $(date -u +%Y-%m-%dT%H:%M:%SZ) $("$FRR/zebra" --version 2>/dev/null | head -1) kernel $(uname -r)"
    echo "# proto	a	b	freeze	trial	outcome	cause	measured_freeze_s"
} >"$tsv"
current=
dirty=0
rc=0
for spec in "${specs[@]}"; do
    IFS=: read -r proto a b d n <<<"$spec"
    if [ "$current" != "$proto:$a:$b" ]; then
        start "$proto" "$a" "$b" || { rc=1; break; }
        current=$proto:$a:$b
    fi
    for i in $(seq "$n"); do
        while :; do
            trial "$proto" "$a" "$b" "$d"
            case $? in 0) break ;; 2) continue ;; *) rc=1; break 3 ;; esac
        done
        printf '%s\t%s\t%s\t%s\t%d\t%b\t%s\n' "$proto" "$a" "$b" "$d" "$i" "$result" "$measured" >>"$tsv"
        if [ -t 2 ] || [ -n "${VS_PROGRESS:-}" ]; then echo "$proto $a/$b D=$d #$i: $result ($measured s)" >&2; fi
    done
done
stop_daemons
[ $rc = 0 ] || { echo "validate-timers: the run stopped early; trials so far in $tsv" >&2; keep=1; exit 1; }
compare "$tsv" | tee "$out/table.md"
crc=${PIPESTATUS[0]}
cleanup; trap - EXIT
[ "$leftover" = 0 ] || exit 1
exit "$crc"
