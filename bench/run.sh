#!/usr/bin/env bash
# The benchmark: slapack's whole `run` (ingest, KPIs, kpis.json, XLSX, PDF pack,
# scorecards) on generated companies, several times each. Prints the median
# wall time, throughput (rows/s, MB/s of CSV), peak RSS and the per-phase
# breakdown of the median run. Results are printed, never asserted.
#
#   bench/run.sh [RUNS]          # default 5 runs per case
#
# Cases: 1M leads / 40 reps (about 4.8M activities, 450 MiB of CSV and 170 MiB
# of marketing events), the issue's goal, and 100k leads / 200 reps, where the
# 200 scorecards are the cost to watch. Inputs are generated once into
# bench/cache/ (deterministic: the generator is seeded).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
cmake -S . -B build-rel -DCMAKE_BUILD_TYPE=Release -DSLAPACK_TESTS=OFF >/dev/null
cmake --build build-rel -j"$(nproc)" >/dev/null
bin=build-rel/slapack

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
for spec in "1m 1000000 40" "100k 100000 200"; do
    set -- $spec
    name=$1 leads=$2 reps=$3
    dir=bench/cache/$name
    if [ ! -f "$dir/.done-$leads-$reps" ]; then
        echo "generating $name ($leads leads, $reps reps) ..."
        rm -rf "$dir" && mkdir -p "$dir"
        build-rel/slapack-gen --out "$dir" --leads "$leads" --reps "$reps" 2>/dev/null
        touch "$dir/.done-$leads-$reps"
    fi
    rows=$(( $(wc -l <"$dir/leads.csv") + $(wc -l <"$dir/activities.csv") - 2 + $(wc -l <"$dir/ma_events.jsonl") ))
    bytes=$(( $(stat -c %s "$dir/leads.csv") + $(stat -c %s "$dir/activities.csv") + $(stat -c %s "$dir/ma_events.jsonl") ))
    results=()
    for i in $(seq "$runs"); do
        # Into the page cache before every run, as the anchors are: the kernel
        # may reclaim cached files between runs, and a run must not wait on the disk.
        cat "$dir"/*.csv "$dir"/*.jsonl >/dev/null
        out=$(mktemp -d)
        log=$(mktemp)
        SLAPACK_TIMING=1 /usr/bin/time -f "wall %e rss %M" "$bin" run --config "$dir/config.json" \
            --period 2025-Q2 --out "$out" 2>"$log" >/dev/null
        wall=$(awk '/^wall/ {print $2}' "$log")
        rss=$(awk '/^wall/ {print $4}' "$log")
        results+=("$wall $rss $log")
        rm -rf "$out"
    done
    median=$(printf '%s\n' "${results[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
    set -- $median
    wall=$1 rss=$2 log=$3
    echo
    echo "== $name: $leads leads, $rows input rows ($((bytes / 1048576)) MiB of CSV and JSON Lines), $reps reps, $runs runs"
    awk -v w="$wall" -v r="$rows" -v b="$bytes" -v m="$rss" 'BEGIN {
        printf "median wall %.2f s | %.2f M rows/s | %.0f MB/s | peak RSS %.0f MiB\n",
               w, r / w / 1e6, b / w / 1e6, m / 1024 }'
    grep '^slapack: timing:' "$log" | sed 's/^slapack: timing: /  /'
    for r in "${results[@]}"; do set -- $r; rm -f "$3"; done
done
