#!/usr/bin/env bash
# vroomsim emulate: refusals first (no privilege needed), then one real emulation of the
# diamond (FRR in namespaces, hello 1 s and 2,000 routes to stay short) and one interrupted
# by SIGTERM; after each, no namespace and no process of the run is left (the run's
# namespaces and work directory carry vroomsim<PID>). About 35 s. Skips (77) without root,
# network namespaces or FRR; under VS_REQUIRE_OPTIONAL=1 (scripts/setup.sh test) a missing
# FRR fails instead. Not in the sanitizer build (tests/CMakeLists.txt): it times daemons.
# Args: $1 = vroomsim binary, $2 = source dir.
set -u
V=$1
EX=$2/examples/diamond-emulate.yaml
. "$(dirname "$0")/lib/check.sh"
. "$(dirname "$0")/lib/emu.sh"

# ---- bad scenarios: status 2 before anything is created
{
  echo "version: 1"; echo "name: big"; echo "physical_routers:"
  for i in $(seq 0 16); do echo "  - {name: p$i, host: pc3000, data_plane: linux-iproute2}"; done
  echo "links:"
  for i in $(seq 1 16); do echo "  - {a: p0, b: p$i, bandwidth: 1Gbps, delay: 0.1ms}"; done
  echo "virtual_routers:"
  echo "  - {name: a, host: p1, ospf: {}}"; echo "  - {name: b, host: p2, ospf: {}}"
  echo "  - {name: c, host: p3, ospf: {}}"
  echo "virtual_links:"; echo "  - {a: a, b: b}"; echo "  - {a: b, b: c}"
  echo "migrations:"; echo "  - {vr: b, to: p4, at: 1s}"
} >"$tmp/big.yaml"
check big 2 "$V" emulate "$tmp/big.yaml"
contains big "17 physical and 3 virtual routers: emulation takes at most 16"
check bgp 2 "$V" emulate "$EX" --set 'virtual_routers[vr1].bgp={}'
contains bgp "only OSPF control planes are emulated"
check two 2 "$V" emulate "$EX" --set 'migrations=[{vr: vr1, to: n3, at: 1s}, {vr: vr0, to: n3, at: 2s}]'
contains two "2 migrations: emulation runs exactly one"
check subsecond 2 "$V" emulate "$EX" --set 'virtual_routers[vr0].ospf.hello=500ms'
contains subsecond "FRR takes whole seconds"
check usage 2 "$V" emulate "$EX" --interval 1us
contains usage "expected 100us to 100ms"
[ "$fail" = 0 ] || exit 1

if [ "$(id -u)" != 0 ]; then
  echo "skipped: emulation needs root (network namespaces, daemons)"; exit 77
fi
if ! ip netns list >/dev/null 2>&1; then
  echo "skipped: no network namespaces (ip netns)"; exit 77
fi
if [ ! -x "${VS_FRR_DIR:-/usr/lib/frr}/ospfd" ] || ! command -v vtysh >/dev/null; then
  if [ "${VS_REQUIRE_OPTIONAL:-0}" = 1 ]; then echo "FAIL: FRR is not installed"; exit 1; fi
  echo "skipped: FRR is not installed (Debian package frr)"; exit 77
fi
# not root: status 3, nothing created
check nonroot 3 setpriv --reuid=65534 --regid=65534 --clear-groups "$V" emulate "$EX"
contains nonroot "emulation needs root"

fast=(--set 'virtual_routers[vr0].ospf.hello=1s' --set 'virtual_routers[vr1].ospf.hello=1s'
      --set 'virtual_routers[vr2].ospf.hello=1s' --set 'virtual_routers[vr1].ospf.routes=2000'
      --settle 500ms --link-gap 100ms)
"$V" emulate "$EX" "${fast[@]}" --json="$tmp/e.json" --csv "$tmp/p.csv" >"$tmp/out" 2>&1 &
pid=$!
wait $pid
rc=$?
left $pid
if [ $rc != 0 ]; then echo "FAIL: emulate exit $rc"; sed 's/^/    /' "$tmp/out"; exit 1; fi
jcheck "$tmp/e.json" "$tmp/p.csv" <<'PY'
want(d["vr"] == "vr1" and d["from"] == "n1" and d["to"] == "n3", "the migration")
# the freeze is the simulator's downtime, applied with SIGSTOP
want(abs(m["freeze_s"] - s["downtime_s"]) < 0.1, "freeze %s vs downtime %s" % (m["freeze_s"], s["downtime_s"]))
# B's FIB holds the 2,000 routes, the 2 virtual links' subnets and the 2 stubs
want(m["fib_entries"] == 2004 and m["fib_fill_refused"] == 0, "fib %s" % m["fib_entries"])
# a route announced at t5 reaches B's FIB and, through B (the remote control plane), A's
ru = m["remote_update"]
want(ru["ms"] is not None and ru["ms"] > 0 and ru["in_a_fib"] is True, "remote update %s" % ru)
want(m["a_routes_removed"] == 2005, "A's routes removed: %s" % m["a_routes_removed"])
want(len(m["links"]) == 2 == len(s["link_rehome_s"]), "links")
want(all(l["rehome_ms"] > 0 for l in m["links"]), "re-homing times")
want(m["adjacencies"] == 2 and m["adjacencies_full_after"] == 2 and m["adjacency_drops"] == 0,
     "adjacencies %s" % m)
steps = [m["steps_s"][k] for k in sorted(m["steps_s"])]
want(steps == sorted(steps), "steps out of order: %s" % steps)
p = m["probes"]
# 1 ms probes: the network forwards them all when nothing moves
for w in ("before", "after"):
    want(p[w]["sent"] > 400 and p[w]["lost_forward"] + p[w]["lost_back"] == 0, "%s: %s" % (w, p[w]))
want(p["during"]["sent"] > 1000 and p["during"]["rtt_max_ms"] is not None, "during: %s" % p["during"])
# the freeze and the cloning cost no data packet: A forwards until the links move (seed 001)
want(p["t0_t5"]["sent"] > 900 and p["t0_t5"]["lost_forward"] + p["t0_t5"]["lost_back"] == 0,
     "t0..t5: %s" % p["t0_t5"])
rows = open(sys.argv[2]).read().splitlines()
want(rows[0] == "seq,sent_s,there_s,back_s" and len(rows) > 2000, "probe csv")
PY

# SIGTERM in the middle (the daemons are up, OSPF converging): status 143, nothing left
"$V" emulate "$EX" "${fast[@]}" >"$tmp/out" 2>&1 &
pid=$!
sleep 4
kill -TERM $pid
wait $pid
rc=$?
left $pid
[ $rc = 143 ] || { echo "FAIL: SIGTERM: exit $rc"; sed 's/^/    /' "$tmp/out"; fail=1; }
contains sigterm "interrupted by signal 15"
[ "$fail" = 0 ] && echo ok
exit "$fail"
