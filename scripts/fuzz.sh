#!/usr/bin/env bash
# Fuzzing the readers (docs/fuzzing.md): builds the libFuzzer harnesses of fuzz/ with clang in
# build-fuzz, then
#   scripts/fuzz.sh [READER|all] [SECONDS]   a campaign: each reader (one process, one job)
#                                            for SECONDS (default 600), one after the other
#   scripts/fuzz.sh --ci [SECONDS]           CI: each harness replays its committed corpus and
#                                            tests/fuzz-regress/READER, then mutates for
#                                            SECONDS (default 8) from them
# A finding (crash, hang over 1 s, leak, sanitizer report) fails the run; the input is kept in
# build-fuzz/findings/READER/ (build-fuzz/ci/findings/READER/ for --ci). A campaign grows build-fuzz/corpus/READER (not committed) and
# logs to build-fuzz/logs/READER.log. FUZZ_SHARED=1 also seeds a campaign from ../shared/data
# (local only: some of it is under the ZIB Academic License and is never committed).
# FUZZ_TIMEOUT=S raises the hang limit (default 1 s) for a campaign run at low priority on a
# busy machine, where a starved process passes 1 s on inputs that take milliseconds; replay
# what it keeps with the default before calling it a hang.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
readers=(scenario plan study profile graphml sndlib sndlib_xml rocketfuel tm prefix mrt)

# Longest input per reader. The YAML readers take 16 KiB since the nesting limit counts
# aliases too and mappings check duplicates in O(n) (docs/limits.md): 16 KiB of '[', of
# aliases or of keys is refused in under 0.1 s.
max_len() {
    case $1 in
    scenario | plan | study | profile | graphml | sndlib_xml | tm) echo 16384 ;;
    *) echo 8192 ;;
    esac
}

build() {
    command -v clang >/dev/null ||
        { echo "fuzz: clang not found (Debian packages clang, libclang-rt-14-dev)" >&2; exit 3; }
    # -Werror stays off: the fuzz build is about findings, not clang's extra warnings.
    CC=clang cmake -S . -B build-fuzz -DVS_FUZZ=ON -DVS_WERROR=OFF \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    cmake --build build-fuzz -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
}

# Local seeds from ../shared/data, small pieces only (max_len cuts the rest anyway).
shared_seeds() { # READER DIR
    local d=../shared/data f n=0
    [ -d "$d" ] || return 0
    mkdir -p "$2"
    case $1 in
    graphml) for f in "$d"/topology-zoo/graphml/*.graphml; do
            [ "$(stat -c %s "$f")" -le 16384 ] && cp "$f" "$2/" && n=$((n + 1))
            [ $n -ge 40 ] && break
        done ;;
    sndlib) cp "$d"/sndlib/networks-native/*.txt "$2/" 2>/dev/null || true ;;
    sndlib_xml) cp "$d"/sndlib/networks-xml/*.xml "$2/" 2>/dev/null || true ;;
    rocketfuel) for f in "$d"/rocketfuel/*/*.intra; do
            head -c 8000 "$f" >"$2/$(basename "$(dirname "$f")")-$(basename "$f")"
        done ;;
    tm) for f in "$d"/sndlib/dynamic/samples/*/*.xml; do
            [ -f "$f" ] && cp "$f" "$2/" && n=$((n + 1))
            [ $n -ge 4 ] && break
        done ;;
    prefix) zcat "$d"/bgp/full-table-2023/prefixes.txt.gz 2>/dev/null | head -c 6000 >"$2/full-table-head.txt" ||
        true ;;
    mrt) for f in "$d"/bgp/ripe-bgpdump-testdata/test_data/*.gz; do
            zcat "$f" 2>/dev/null | head -c 6000 >"$2/$(basename "$f" .gz)-head" || true
        done ;;
    esac
}

# run READER SECONDS MODE: prints one summary line; returns non-zero on a finding.
run() {
    local r=$1 secs=$2 mode=$3 bin=build-fuzz/fuzz/fuzz_$1 corpus dirs=() rc=0 out=build-fuzz
    [ "$mode" = ci ] && out=build-fuzz/ci # a CI run beside a campaign keeps to its own files
    local log=$out/logs/$r.log findings=$out/findings/$r
    mkdir -p "$out/logs" "$findings"
    local opts=(-dict=fuzz/dict/$r.dict -max_len="$(max_len "$r")" -timeout="${FUZZ_TIMEOUT:-1}"
                -rss_limit_mb=2048
                -print_final_stats=1 -artifact_prefix="$findings/")
    if [ "$mode" = ci ]; then
        # Replay what is committed, then mutate from it in a scratch corpus.
        corpus=$(mktemp -d)
        dirs=(fuzz/corpus/$r)
        [ -d tests/fuzz-regress/$r ] && dirs+=(tests/fuzz-regress/$r)
        "$bin" "${opts[@]}" -runs=0 "${dirs[@]}" >"$log" 2>&1 || rc=$?
        if [ $rc -eq 0 ]; then
            "$bin" "${opts[@]}" -max_total_time="$secs" "$corpus" "${dirs[@]}" >>"$log" 2>&1 || rc=$?
        fi
        rm -rf "$corpus"
    else
        corpus=build-fuzz/corpus/$r
        mkdir -p "$corpus"
        dirs=(fuzz/corpus/$r)
        [ -d tests/fuzz-regress/$r ] && dirs+=(tests/fuzz-regress/$r)
        if [ "${FUZZ_SHARED:-0}" = 1 ]; then
            shared_seeds "$r" build-fuzz/seeds-shared/$r
            dirs+=(build-fuzz/seeds-shared/$r)
        fi
        "$bin" "${opts[@]}" -max_total_time="$secs" "$corpus" "${dirs[@]}" >"$log" 2>&1 || rc=$?
    fi
    local execs cov
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
    printf 'fuzz: %-11s %8ss %12s execs  cov %6s  %s\n' "$r" "$secs" "${execs:-?}" "${cov:-?}" \
        "$([ $rc -eq 0 ] && echo ok || echo "FINDING (exit $rc; $log, $findings/)")"
    return $rc
}

mode=campaign
if [ "${1:-}" = --ci ]; then
    mode=ci
    shift
    which=all
    secs=${1:-8}
else
    which=${1:-all}
    secs=${2:-600}
fi
if [ "$which" != all ]; then
    case " ${readers[*]} " in *" $which "*) ;; *)
        echo "usage: scripts/fuzz.sh [READER|all] [SECONDS] | --ci [SECONDS]; READER: ${readers[*]}" >&2
        exit 2 ;;
    esac
    readers=("$which")
fi
build
# Readers that take a path get each input through a file (fuzz/fuzz_io.c): in memory when
# /dev/shm is there (about twice the inputs per second of a file on disk, measured on the
# study harness).
if [ -z "${TMPDIR:-}" ] && [ -w /dev/shm ]; then
    export TMPDIR=/dev/shm
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
failed=0
for r in "${readers[@]}"; do
    run "$r" "$secs" "$mode" || failed=1
done
exit $failed
