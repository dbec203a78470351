# slapack's kpis.json against an independent Python reference implementation
# (tests/reference/kpi_reference.py, written from the SPEC without reading src/):
# every KPI value, count and status of company, teams, reps, months and previous,
# the breaches and the data-quality counts must agree. Skipped without python3.
. "$(dirname "$0")/common.bash"

command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not found"; exit 77; }
REF=$SRC/tests/reference

# check LABEL CONFIG PERIOD [AS_OF]: run both on the same inputs and compare.
check() {
    local label=$1 config=$2 period=$3 as_of=${4:-}
    local args=(--config "$config" --period "$period")
    [ -n "$as_of" ] && args+=(--as-of "$as_of")
    rm -rf "$TMP/o"
    if ! "$BIN" run "${args[@]}" --out "$TMP/o" 2>"$TMP/err"; then
        printf 'FAIL: %s: slapack run failed:\n' "$label"; cat "$TMP/err"
        failures=$((failures + 1)); return
    fi
    if ! python3 "$REF/kpi_reference.py" "${args[@]}" >"$TMP/ref.json"; then
        echo "FAIL: $label: the reference script failed"
        failures=$((failures + 1)); return
    fi
    python3 "$REF/compare.py" "$label" "$TMP/o/$period/kpis.json" "$TMP/ref.json" >"$TMP/cmp" \
        || failures=$((failures + 1))
    cat "$TMP/cmp"
    compared=$((compared + $(sed -n 's/.*: \([0-9]*\) values compared.*/\1/p' "$TMP/cmp")))
}
compared=0

check "samples 2025-Q2" "$SRC/samples/config.json" 2025-Q2
check "samples 2025-05" "$SRC/samples/config.json" 2025-05
check "samples 2025-Q2 as of 2025-05-20 12:00" "$SRC/samples/config.json" 2025-Q2 "2025-05-20 12:00"
check "fixture 2025-05" "$SRC/tests/fixtures/kpi/config.json" 2025-05
check "ids fixture 2025-05" "$SRC/tests/fixtures/ids/config.json" 2025-05
echo "reference: $compared values compared over 5 runs"
finish
