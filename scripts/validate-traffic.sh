#!/usr/bin/env bash
# The packet model against the kernel (docs/validation.md, last section): runs
# `vroomsim emulate --traffic` on examples/shaped-reno.yaml at each UDP load, N times, and
# prints the table of that page (model / kernel mean and range) from the JSON results.
#
#   scripts/validate-traffic.sh [--runs N] [--rates "50 60 70 80 90"] [--out DIR]
#                               [--vroomsim PATH] [-- EXTRA EMULATE OPTIONS...]
#
# Needs root and network namespaces (exit 77 without them, as a test would); about
# 4 x (1 + 2..10) s a run. The JSON of every run stays in DIR (default: a temporary one).
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
V=$here/build/cli/vroomsim
runs=3 rates="50 60 70 80 90" out= extra=()
while [ $# -gt 0 ]; do
    case $1 in
    --runs) runs=${2:?}; shift ;;
    --rates) rates=${2:?}; shift ;;
    --out) out=${2:?}; shift ;;
    --vroomsim) V=${2:?}; shift ;;
    --) shift; extra=("$@"); break ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "validate-traffic: unknown argument '$1'" >&2; exit 2 ;;
    esac
    shift
done
[ "$(id -u)" = 0 ] || { echo "skipped: needs root (network namespaces, tc)"; exit 77; }
[ -x "$V" ] || { echo "validate-traffic: no vroomsim at $V (build first)" >&2; exit 3; }
[ -n "$out" ] || { out=$(mktemp -d /tmp/vs-traffic.XXXXXX); }
mkdir -p "$out"
for r in $rates; do
    for i in $(seq "$runs"); do
        "$V" emulate --traffic "$here/examples/shaped-reno.yaml" --set "flows[udp].rate=${r}Mbps" \
            --json="$out/r$r-$i.json" "${extra[@]}" >/dev/null || {
            echo "validate-traffic: the run at $r Mbps failed (status $?)" >&2; exit 1; }
    done
done
python3 - "$out" "$runs" $rates <<'PY'
import json, sys
out, runs, rates = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
def cell(sim, vals, k):
    return "%.*f / %.*f (%.*f–%.*f)" % (k, sim, k, sum(vals) / len(vals), k, min(vals), k, max(vals))
print("| UDP load | UDP loss during the copy, % (model / kernel) | mean one-way delay, ms | "
      "delay sd, ms | IPDV, ms | copy, s | TCP retransmissions (spurious) |")
print("|---|---|---|---|---|---|---|")
for r in rates:
    ds = [json.load(open("%s/r%s-%d.json" % (out, r, i))) for i in range(1, runs + 1)]
    s, ms = ds[0]["simulated"], [d["measured"] for d in ds]
    row = ["%s Mbps" % r]
    for key, k in (("loss_pct", 2), ("delay_mean_ms", 1), ("delay_sd_ms", 1), ("ipdv_ms", 3)):
        row.append(cell(s["during"][key], [m["during"][key] for m in ms], k))
    row.append(cell(s["tcp"]["duration_s"], [m["tcp"]["duration_s"] for m in ms], 2))
    rt = [m["tcp"]["retransmits"] for m in ms]
    row.append("%d (%d) / %.0f (%d)" % (s["tcp"]["retransmits"], s["tcp"]["spurious_retransmits"],
                                        sum(rt) / len(rt), max(m["tcp"]["spurious_retransmits"] for m in ms)))
    print("| " + " | ".join(row) + " |")
PY
echo "(JSON of each run in $out)"
