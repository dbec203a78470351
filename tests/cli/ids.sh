# Lead and activity ids of mixed forms: numbered ones (L-0001, A-00001),
# which are kept by number, and look-alikes kept by hash (another width,
# another prefix, a letter at the end, a leading space), with repeats inside
# a file and across two snapshot files of each input, unknown ids of both
# kinds, and events joining by id and by e-mail. The run must give the
# golden kpis.json and rejected.csv, which were made by the version that
# kept every id by hash (regenerate with tests/golden/update.sh only after
# an intended change), and the same on one thread. The one-file variant
# (config.json) is checked against the Python reference in reference.sh.
. "$(dirname "$0")/common.bash"

cd "$SRC" || exit 1
export SOURCE_DATE_EPOCH=1751328000
config=tests/fixtures/ids/config-snapshots.json
for jobs in "" 1; do
    rm -rf "$TMP/out"
    if ! SLAPACK_JOBS=$jobs "$BIN" run --config $config --period 2025-05 --out "$TMP/out" \
        2>"$TMP/stderr"; then
        echo "FAIL: the run failed (SLAPACK_JOBS=$jobs):"; cat "$TMP/stderr"
        failures=$((failures + 1)); continue
    fi
    for f in kpis.json rejected.csv; do
        if ! diff -u "tests/golden/ids-snapshots-2025-05.$f" "$TMP/out/2025-05/$f" >"$TMP/diff"; then
            echo "FAIL: $f (SLAPACK_JOBS=$jobs) differs from the golden file:"; head -30 "$TMP/diff"
            failures=$((failures + 1))
        fi
    done
done
finish
