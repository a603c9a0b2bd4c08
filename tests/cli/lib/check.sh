# Sourced by the end-to-end scripts in tests/cli: a scratch directory removed on exit, and
#   check NAME EXPECTED_STATUS COMMAND...   runs COMMAND, output in $tmp/out
#   contains NAME TEXT                      the last output holds TEXT
# Each failure prints the output and sets fail=1; a script ends with `exit "$fail"`.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() {
    local name=$1 want=$2
    shift 2
    "$@" >"$tmp/out" 2>&1
    local got=$?
    if [ "$got" -ne "$want" ]; then
        echo "FAIL $name: exit $got, expected $want"; sed 's/^/    /' "$tmp/out"; fail=1
    fi
}
contains() {
    grep -qF -- "$2" "$tmp/out" || { echo "FAIL $1: output lacks '$2'"; sed 's/^/    /' "$tmp/out"; fail=1; }
}
