#!/usr/bin/env bash
# Layering: every #include "x.h" in the tree must name a header of the file's own folder or
# of a folder it may use (../shared/DESIGN.md's table, and README's layout for models/).
# CMake's PUBLIC links let a wrong include compile through a transitive dependency; this
# test does not. Usage: check_layers.sh SOURCE_DIR [FILE:HEADER...]; each extra argument
# plants an include of HEADER in FILE, so the test can show that it fails on one.
set -euo pipefail
src=${1:?usage: check_layers.sh SOURCE_DIR [FILE:HEADER...]}
shift
cd "$src"

# folder: the folders it uses directly (what they use, it may use too).
uses() {
    case $1 in
    base) echo "" ;;
    sim) echo "base" ;;
    hwmodel) echo "sim" ;;
    models/scenario) echo "sim hwmodel" ;;
    models/routing) echo "models/scenario" ;;
    models/routing/ospf | models/routing/bgp | models/routing/igp) echo "models/routing" ;;
    models/net) echo "models/routing/ospf models/routing/bgp models/routing/igp" ;;
    models/traffic | models/migration) echo "models/net" ;;
    models/run) echo "models/migration models/traffic" ;;
    topologies | traces) echo "models/run" ;;
    sched) echo "topologies traces" ;;
    emu) echo "models/run topologies" ;;
    plot) echo "base" ;;
    bench) echo "sched" ;;
    study) echo "bench" ;;
    cli) echo "study bench plot emu" ;;
    fuzz) echo "sched" ;;
    tests) echo "cli fuzz" ;;
    *) return 1 ;;
    esac
}

# Every folder a folder may include from: itself and the closure of uses.
declare -A allowed
closure() {
    local todo=("$1") seen=" $1 " f u
    while [ ${#todo[@]} -gt 0 ]; do
        f=${todo[0]}
        todo=("${todo[@]:1}")
        for u in $(uses "$f" 2>/dev/null); do
            case $seen in *" $u "*) continue ;; esac
            seen="$seen$u "
            todo+=("$u")
        done
    done
    echo "$seen"
}

files() { # the tree's files matching a pattern: git's list, or every one outside build dirs
    if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        git ls-files "$@"
    else
        local args=() p
        for p in "$@"; do args+=(-o -name "$p"); done
        find . -path './build*' -prune -o \( -false "${args[@]}" \) -printf '%P\n'
    fi
}

# Where each header lives (basenames are unique in the tree).
declare -A home
while read -r h; do
    home[$(basename "$h")]=$(dirname "$h")
done < <(files '*.h')

bad=0
check() { # file header line
    local dir hd
    dir=$(dirname "$1")
    hd=${home[$2]:-}
    [ -n "$hd" ] || return 0 # a system or library header included with quotes
    if ! uses "$dir" >/dev/null; then
        echo "$1:$3: folder '$dir' is not in the layering table (tests/check_layers.sh)" >&2
        bad=1
        return
    fi
    [ -n "${allowed[$dir]:-}" ] || allowed[$dir]=$(closure "$dir")
    case ${allowed[$dir]} in *" $hd "*) return 0 ;; esac
    echo "$1:$3: includes \"$2\" from $hd/, which $dir/ may not use (allowed: ${allowed[$dir]})" >&2
    bad=1
}

while IFS=: read -r file line text; do
    h=$(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' <<<"$text")
    [ -n "$h" ] && check "$file" "$(basename "$h")" "$line"
done < <(files '*.c' '*.h' | xargs grep -n '#[[:space:]]*include[[:space:]]*"' /dev/null)

for plant in "$@"; do
    check "${plant%%:*}" "${plant#*:}" 0
done

# No two modules include each other (a module is x.c with x.h and its x_internal.h), not even
# within one folder: the tree is one-way file by file, too.
cycles=$({ files '*.c' '*.h' | xargs grep -o '#[[:space:]]*include[[:space:]]*"[^"]*\.h"' /dev/null |
        sed 's/:#[[:space:]]*include[[:space:]]*"/ /; s/"$//'
        for plant in "$@"; do echo "${plant%%:*} ${plant#*:}"; done; } |
    awk '{ a = $1; sub(/.*\//, "", a); sub(/\.[ch]$/, "", a); sub(/_internal$/, "", a)
           b = $2; sub(/.*\//, "", b); sub(/\.h$/, "", b); sub(/_internal$/, "", b)
           if (a != b) edge[a " " b] = 1 }
         END { for (e in edge) { split(e, p, " ")
                 if ((p[2] " " p[1]) in edge && p[1] < p[2]) print p[1] " <-> " p[2] } }')
if [ -n "$cycles" ]; then
    echo "$cycles" | sed 's/^/check_layers: modules include each other: /' >&2
    bad=1
fi

if [ $bad -ne 0 ]; then
    echo "check_layers: includes cross the layering (README.md 'Layout', ../shared/DESIGN.md)" >&2
    exit 1
fi
echo "check_layers: every include stays within the layering"
