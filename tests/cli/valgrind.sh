# The demo company's run under valgrind: no invalid access, no uninitialised
# read, and not one byte leaked or left reachable at exit (all leak kinds
# count as errors). Skipped when valgrind is missing, and in the sanitizer
# build (ASan and valgrind cannot watch the same process).
. "$(dirname "$0")/common.bash"

if ! command -v valgrind >/dev/null; then
    echo "valgrind is not installed: skipped (scripts/install-deps.sh --tests)"
    exit 77
fi
if grep -qa __asan_init "$BIN"; then
    echo "sanitizer build: skipped (ASan checks this build)"
    exit 77
fi
# One process: forked scorecard workers leave through _exit() with the
# parent's heap still mapped, which valgrind would report as reachable.
SLAPACK_JOBS=1 valgrind -q --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all \
    --error-exitcode=99 --log-file="$TMP/valgrind.log" \
    "$BIN" run --config "$SRC/samples/config.json" --period 2025-Q2 --out "$TMP/o" 2>/dev/null
status=$?
if [ "$status" != 0 ] || [ -s "$TMP/valgrind.log" ]; then
    echo "FAIL: demo under valgrind: exit status $status (99 = valgrind found errors)"
    sed 's/^/  /' "$TMP/valgrind.log" | head -60
    failures=$((failures + 1))
fi
check_file() {
    [ -s "$TMP/o/2025-Q2/$1" ] || { echo "FAIL: no $1"; failures=$((failures + 1)); }
}
check_file kpis.json
check_file sla-review-2025-Q2.xlsx
finish
