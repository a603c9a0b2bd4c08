#!/usr/bin/env bash
# vroomsim emulate --traffic: refusals first (no privilege needed), then one real run of
# examples/shaped-reno.yaml at 50% load with a 3 MB copy (tc htb on veth pairs, UDP probes,
# a TCP Reno transfer), checked field by field against what any working emulation gives;
# no namespace and no process of the run left afterwards. About 10 s. Skips (77) without
# root or network namespaces. Not in the sanitizer build (tests/CMakeLists.txt).
# Args: $1 = vroomsim binary, $2 = source dir.
set -u
V=$1
EX=$2/examples/shaped-reno.yaml
. "$(dirname "$0")/lib/check.sh"
. "$(dirname "$0")/lib/emu.sh"

check bic 2 "$V" emulate --traffic "$EX" --set data_plane.tcp=bic
contains bic "this kernel has no BIC"
check roundtrip 2 "$V" emulate --traffic "$EX" --set 'flows[udp].round_trip=true'
contains roundtrip "constant-rate one-way flows"
check delay 2 "$V" emulate --traffic "$EX" --set 'links[0].delay=1ms'
contains delay "cannot add propagation delay"
check noflow 2 "$V" emulate --traffic "$2/examples/diamond-emulate.yaml"
contains noflow "exactly one flow of the packet model"
[ "$fail" = 0 ] || exit 1

if [ "$(id -u)" != 0 ]; then echo "skipped: emulation needs root (network namespaces, tc)"; exit 77; fi
if ! ip netns list >/dev/null 2>&1; then echo "skipped: no network namespaces (ip netns)"; exit 77; fi

"$V" emulate --traffic "$EX" --set 'flows[udp].rate=50Mbps' --set 'virtual_routers[vrm].image=3MB' \
  --settle 500ms --json="$tmp/t.json" >"$tmp/out" 2>&1 &
pid=$!
wait $pid
rc=$?
left $pid
if [ $rc != 0 ]; then echo "FAIL: emulate --traffic exit $rc"; sed 's/^/    /' "$tmp/out"; exit 1; fi
jcheck "$tmp/t.json" <<'PY'
want(d["flow"] == "udp" and d["rate_mbps"] == 50 and d["packet_bytes"] == 1500, "the flow")
# the copy: every byte delivered, over Reno, through the 100 Mbps bottleneck (so slower than
# the 1 Gbps links would allow, and not faster than the bottleneck)
t = m["tcp"]
want(t["bytes"] == s["tcp"]["bytes"] == 3000000, "TCP bytes %s" % t)
want(t["congestion_control"] == "reno", "congestion control %s" % t)
want(0 <= t["spurious_retransmits"] <= t["retransmits"], "spurious retransmissions %s" % t)
want(t["timeouts"] is None or t["timeouts"] >= 0, "timeouts %s" % t)
want(5 < t["throughput_mbps"] < 100, "TCP throughput %s" % t)
# UDP at half the bottleneck, alone: nothing lost, sub-millisecond one-way delay
b = m["before"]
want(b["sent"] > 1000 and b["lost"] == 0 and b["delay_mean_ms"] < 1, "before: %s" % b)
# beside the copy: the bottleneck queue fills (1000 packets at 100 Mbps is 123 ms)
du = m["during"]
want(du["sent"] > 500 and du["delay_mean_ms"] > 10 and du["delay_max_ms"] < 200, "during: %s" % du)
want(m["bottleneck_fifo_drops"] >= du["lost"], "FIFO drops %s" % m["bottleneck_fifo_drops"])
want(s["during"]["sent"] > 0 and s["before"]["lost"] == 0, "simulated: %s" % s)
PY
[ "$fail" = 0 ] && echo ok
exit "$fail"
