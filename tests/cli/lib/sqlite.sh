# Sourced by the sweep scripts after check.sh: the sqlite3 shell reads their databases
# (skipped without it, or failed under VS_REQUIRE_OPTIONAL=1), and q DB SQL runs a query.
if ! command -v sqlite3 >/dev/null; then
    [ "${VS_REQUIRE_OPTIONAL:-0}" = 1 ] && { echo "FAIL: the sqlite3 shell is needed to read the rows"; exit 1; }
    echo "SKIP: the sqlite3 shell is needed to read the rows"; exit 77
fi
q() { sqlite3 "$@" 2>&1; }
