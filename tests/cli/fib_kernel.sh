#!/bin/bash
# vroomsim fib with the kernel backend: a private namespace (nothing touches the host), the
# ip -batch reference, a missing namespace. Needs root; skips (77) without it.
# Args: $1 = vroomsim binary, $2 = source dir.
set -u
V=$1
if [ "$(id -u)" != 0 ] || ! ip -V >/dev/null 2>&1; then
  echo "skipped: the kernel backend needs root and iproute2 (CI runs as root)"
  exit 77
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
snap() { ip -o route show table all; ip -o -6 route show table all; ip rule; ip -o link; }
before=$(snap)

out=$("$V" fib bench --backend kernel --routes 5000 --iproute2 20 --json) || fail "kernel bench exit $?"
echo "$out" | grep -q '"installed":[[:space:]]*5000' || fail "installed: $out"
echo "$out" | grep -q '"timing"' || fail "no timing: $out"
echo "$out" | grep -q '"us_per_route"' || fail "no us_per_route: $out"
echo "$out" | grep -q '"ip -batch' || fail "no ip -batch reference: $out"
echo "$out" | grep -q '"iproute2_process"' || fail "no iproute2 process figure: $out"

"$V" fib bench --backend kernel --routes 10 --netns vs_no_such_ns_$$ 2>"$T/err"; rc=$?
[ $rc -eq 2 ] || fail "missing namespace exit $rc"
grep -q "does not exist" "$T/err" || fail "message: $(cat "$T/err")"

# a prefix file with an IPv6 route among IPv4 ones, installed as given
printf '192.0.2.0/24\n2001:db8::/32\n198.51.100.0/24\n' >"$T/p.txt"
"$V" fib bench --backend kernel --prefixes "$T/p.txt" --routes 3 --no-ip-batch >/dev/null \
  || fail "mixed prefixes"

"$V" fib calibrate --backend kernel --routes 2000 -o "$T/k.yaml" >/dev/null || fail "calibrate"
"$V" fib bench --backend sim --profile "$T/k.yaml" --routes 100 >/dev/null || fail "reload"

after=$(snap)
[ "$before" = "$after" ] || fail "the host's routes, rules or links changed"
echo "ok"
