#!/usr/bin/env bash
# Issue 7's measure: slapack's whole `run` against DuckDB computing only the
# KPIs, in pairs taken in turn (slapack, then DuckDB, PAIRS times), so that
# both see the same minute of a noisy machine. Prints each pair's wall times
# and ratio, then the median ratio. Results are printed, never asserted.
#
#   bench/ratio.sh [PAIRS] [CASE]     # default: 6 pairs on the 1m company
#
# Needs the generated company (bench/run.sh makes it) and the DuckDB anchor
# (bench/anchors/run.sh installs it).
set -euo pipefail
cd "$(dirname "$0")/.."
pairs=${1:-6}
case_name=${2:-1m}
dir=bench/cache/$case_name
if [ ! -f "$dir/config.json" ]; then
    echo "ratio: no generated company in $dir: run bench/run.sh first" >&2
    exit 1
fi
if [ ! -d bench/anchors/node_modules/@duckdb/node-api ]; then
    echo "ratio: the DuckDB anchor is not installed: run bench/anchors/run.sh first" >&2
    exit 1
fi
cmake -S . -B build-rel -DCMAKE_BUILD_TYPE=Release -DSLAPACK_TESTS=OFF >/dev/null
cmake --build build-rel -j"$(nproc)" >/dev/null

out=$(mktemp -d)
times=$(mktemp)
trap 'rm -rf "$out" "$times"' EXIT
# wall TIME_FILE COMMAND...: run it with the inputs in the page cache.
wall() {
    local file=$1
    shift
    cat "$dir"/*.csv "$dir"/*.jsonl >/dev/null
    /usr/bin/time -o "$file" -f "%e" "$@" >/dev/null 2>&1
}
ratios=()
for i in $(seq "$pairs"); do
    rm -rf "$out/run"
    wall "$times.slapack" build-rel/slapack run --config "$dir/config.json" --period 2025-Q2 \
        --out "$out/run"
    wall "$times.duckdb" node bench/anchors/duckdb_kpis.mjs "$dir"
    s=$(tail -1 "$times.slapack") d=$(tail -1 "$times.duckdb")
    r=$(awk -v s="$s" -v d="$d" 'BEGIN { printf "%.3f", s / d }')
    ratios+=("$r")
    printf 'pair %d: slapack %5.2f s | duckdb %5.2f s | ratio %s\n' "$i" "$s" "$d" "$r"
done
printf '%s\n' "${ratios[@]}" | sort -n |
    awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
        printf "median ratio %.3f (goal: 0.5 or less)\n", m }'
rm -f "$times.slapack" "$times.duckdb"
