#!/bin/bash
# vroomsim fib with the sim and netfpga (emulated) backends, calibrate round trip, bad input.
# Args: $1 = vroomsim binary, $2 = source dir. Needs no privilege.
set -u
V=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# Table 2's 1k-route HD cell: 7.4 us per entry, total 0.0973 s (the fitted cell)
out=$("$V" fib bench --backend sim --profile netfpga --routes 1000 --json) || fail "sim bench exit $?"
echo "$out" | grep -q '"us_per_route":[[:space:]]*7.4' || fail "netfpga us_per_route: $out"
echo "$out" | grep -q '"total_s":[[:space:]]*0.0973' || fail "netfpga total_s: $out"
echo "$out" | grep -q '"timing"' && fail "simulated figures must not be under timing"
# same seed, same output
out2=$("$V" fib bench --backend sim --profile netfpga --routes 1000 --json)
[ "$out" = "$out2" ] || fail "sim bench not deterministic"

# TCAM in the given order moves entries
out=$("$V" fib bench --backend sim --profile tcam --routes 2000 --unsorted --json) || fail "tcam"
echo "$out" | grep -Eq '"entry_moves":[[:space:]]*[1-9]' || fail "tcam moves: $out"

# NetFPGA: no card -> status 3 naming the way out; the emulator works
"$V" fib bench --backend netfpga --routes 10 2>"$T/err"; rc=$?
[ $rc -eq 3 ] || fail "netfpga without card: exit $rc"
grep -q -- "--emulate" "$T/err" || fail "netfpga message: $(cat "$T/err")"
"$V" fib bench --backend netfpga --emulate --routes 200 >/dev/null || fail "netfpga emulator"
"$V" fib bench --backend netfpga --emulate --capacity 32 --routes 40 2>"$T/err"; rc=$?
[ $rc -eq 2 ] || fail "full NetFPGA table: exit $rc"
grep -q "full (32 rows)" "$T/err" || fail "full table message: $(cat "$T/err")"
# the reference router's 32 rows fill exactly: 5 register writes a row, no moves when sorted
out=$("$V" fib bench --backend netfpga --emulate --capacity 32 --routes 32 --json) \
    || fail "32 routes into 32 rows: exit $?"
echo "$out" | grep -q '"register_writes":[[:space:]]*160,' || fail "32 rows: $out"
echo "$out" | grep -q '"entry_moves":[[:space:]]*0,' || fail "32 rows moves: $out"

# bad prefix file: status 2, file:line
printf '10.0.0.0/8\n10.1.0.1/16\n' >"$T/p.txt"
"$V" fib bench --backend sim --prefixes "$T/p.txt" 2>"$T/err"; rc=$?
[ $rc -eq 2 ] || fail "bad prefix exit $rc"
grep -q "p.txt:2:" "$T/err" || fail "bad prefix message: $(cat "$T/err")"
grep -q "10.1.0.0/16" "$T/err" || fail "bad prefix message: $(cat "$T/err")"
"$V" fib bench --backend sim --prefixes "$T/none.txt" 2>/dev/null; rc=$?
[ $rc -eq 2 ] || fail "missing prefix file exit $rc"

# usage errors
"$V" fib bench --backend sram 2>/dev/null; [ $? -eq 2 ] || fail "bad backend"
"$V" fib bench --routes 0 2>/dev/null; [ $? -eq 2 ] || fail "zero routes"
"$V" fib bench --backend sim --profile no-such-profile 2>"$T/err"; [ $? -eq 2 ] || fail "bad profile"
"$V" fib calibrate --backend sim 2>/dev/null; [ $? -eq 2 ] || fail "calibrate without -o"

# calibrate writes a profile that loads as it is
"$V" fib calibrate --backend sim --profile tcam --routes 500 -o "$T/cal.yaml" >/dev/null \
  || fail "calibrate"
grep -q "^version: 1" "$T/cal.yaml" || fail "calibrated profile: $(cat "$T/cal.yaml")"
"$V" fib bench --backend sim --profile "$T/cal.yaml" --routes 100 >/dev/null || fail "reload"
"$V" fib calibrate --backend netfpga --emulate --routes 300 -o "$T/nf.yaml" >/dev/null \
  || fail "calibrate netfpga"
grep -q "install: 7400ns" "$T/nf.yaml" || fail "netfpga calibrated install: $(cat "$T/nf.yaml")"
ls "$T"/*.tmp.* 2>/dev/null && fail "temporary files left"
echo "ok"
