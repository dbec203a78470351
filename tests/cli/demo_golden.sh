# End to end: the demo company's 2025-Q2 run gives exactly the golden kpis.json
# and rejected.csv (regenerate with tests/golden/update.sh after an intended change).
. "$(dirname "$0")/common.bash"

cd "$SRC" || exit 1
if ! "$BIN" run --config samples/config.json --period 2025-Q2 --out "$TMP/out" 2>"$TMP/stderr"; then
    echo "FAIL: the demo run failed:"; cat "$TMP/stderr"; exit 1
fi
for f in kpis.json rejected.csv; do
    if ! diff -u "tests/golden/demo-2025-Q2.$f" "$TMP/out/2025-Q2/$f" >"$TMP/diff"; then
        echo "FAIL: $f differs from tests/golden/demo-2025-Q2.$f:"; head -40 "$TMP/diff"
        failures=$((failures + 1))
    fi
done
# The run's warnings name file, line and column of each rejected row.
grep -q '^slapack: samples/leads.csv:1024:1: warning: lead_id "L-001022" appears again in this file$' \
    "$TMP/stderr" || { echo "FAIL: warning text"; cat "$TMP/stderr"; failures=$((failures + 1)); }
finish
