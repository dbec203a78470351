# Shared by the CLI tests: run the binary, compare stderr and exit status exactly.
set -u
BIN=${SLAPACK_BIN:?SLAPACK_BIN not set (run through ctest)}
SRC=${SLAPACK_SOURCE_DIR:?}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/slapack-cli.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
failures=0

# expect STATUS 'STDERR' -- ARGS...: run slapack, compare exit status and stderr.
expect() {
    local want_status=$1 want_err=$2
    shift 3
    local got_err got_status
    got_err=$("$BIN" "$@" 2>&1 >/dev/null)
    got_status=$?
    if [ "$got_status" != "$want_status" ] || [ "$got_err" != "$want_err" ]; then
        printf 'FAIL: slapack %s\n  want status %s, stderr:\n%s\n  got status %s, stderr:\n%s\n' \
            "$*" "$want_status" "$want_err" "$got_status" "$got_err"
        failures=$((failures + 1))
    fi
}

# A copy of the KPI fixture to break in a test.
fixture_copy() {
    rm -rf "$TMP/fx" && cp -r "$SRC/tests/fixtures/kpi" "$TMP/fx"
}

finish() {
    if [ "$failures" -gt 0 ]; then
        echo "$failures check(s) failed"
        exit 1
    fi
    echo "all checks passed"
}
