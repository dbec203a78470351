# End to end: the demo company's 2025-Q2 run gives exactly the golden kpis.json
# and rejected.csv (regenerate with tests/golden/update.sh after an intended change).
. "$(dirname "$0")/common.bash"

cd "$SRC" || exit 1
export SOURCE_DATE_EPOCH=1751328000
if ! "$BIN" run --config samples/config.json --period 2025-Q2 --out "$TMP/out" 2>"$TMP/stderr"; then
    echo "FAIL: the demo run failed:"; cat "$TMP/stderr"; exit 1
fi
for f in kpis.json rejected.csv; do
    if ! diff -u "tests/golden/demo-2025-Q2.$f" "$TMP/out/2025-Q2/$f" >"$TMP/diff"; then
        echo "FAIL: $f differs from tests/golden/demo-2025-Q2.$f:"; head -40 "$TMP/diff"
        failures=$((failures + 1))
    fi
done
# On one thread with no child processes (SLAPACK_JOBS=1) every output is the
# same, byte for byte: the reading threads and the renderers' processes
# change nothing but the time taken.
if ! SLAPACK_JOBS=1 "$BIN" run --config samples/config.json --period 2025-Q2 --out "$TMP/one" \
    2>/dev/null; then
    echo "FAIL: the one-thread demo run failed"; failures=$((failures + 1))
fi
if ! diff -r "$TMP/out/2025-Q2" "$TMP/one/2025-Q2" >"$TMP/diff"; then
    echo "FAIL: SLAPACK_JOBS=1 changes the outputs:"; head -20 "$TMP/diff"
    failures=$((failures + 1))
fi
# The run's warnings name file, line and column of each rejected row.
grep -q '^slapack: samples/leads.csv:1024:1: warning: lead_id "L-001022" appears again in this file$' \
    "$TMP/stderr" || { echo "FAIL: warning text"; cat "$TMP/stderr"; failures=$((failures + 1)); }
finish
