#!/usr/bin/env bash
# The comparison anchors for the benchmark: the SPEC §4 KPIs of a generated
# company computed by DuckDB (duckdb_kpis.mjs) and by pandas (pandas_kpis.py),
# each RUNS times, beside slapack's own bench/run.sh. Prints the median wall
# time and the peak RSS of the median run of each, and the time `cat` takes to
# read the same inputs from the page cache. Results are printed, never asserted.
#
#   bench/anchors/run.sh [RUNS] [CASE]     # default: 3 runs, case 1m
#
# CASE is a folder of bench/cache/ (1m or 100k), made by bench/run.sh. When this
# checkout has no bench/cache/ (a git worktree), the main worktree's is used;
# SLAPACK_BENCH_CACHE=DIR points elsewhere. Installs what is missing: the npm
# packages of package-lock.json (npm ci) and Debian's python3-pandas.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
runs=${1:-3}
case_name=${2:-1m}

cache=${SLAPACK_BENCH_CACHE:-}
if [ -z "$cache" ]; then
    cache=$root/bench/cache
    if [ ! -d "$cache/$case_name" ]; then
        main=$(git -C "$root" worktree list --porcelain | awk '/^worktree / {print $2; exit}')
        cache=$main/bench/cache
    fi
fi
dir=$cache/$case_name
if [ ! -f "$dir/config.json" ]; then
    echo "anchors: no generated company in $dir: run bench/run.sh first" >&2
    exit 1
fi

# ---- what is missing ----
sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
apt_install() {
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "$@" >/dev/null ||
        { $sudo apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "$@" >/dev/null; }
}
[ -x /usr/bin/time ] || apt_install time
command -v node >/dev/null || apt_install nodejs npm
if [ ! -d "$here/node_modules/@duckdb/node-api" ]; then
    echo "anchors: npm ci in bench/anchors ..."
    (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
if ! /usr/bin/python3 -c 'import pandas' 2>/dev/null; then
    echo "anchors: installing python3-pandas ..."
    apt_install python3-pandas
fi

inputs=("$dir/leads.csv" "$dir/activities.csv" "$dir/ma_events.jsonl")
# Rows and bytes as bench/run.sh counts them: the two CSVs (events come on top).
rows=$(( $(wc -l <"$dir/leads.csv") + $(wc -l <"$dir/activities.csv") - 2 ))
bytes=$(( $(stat -c %s "$dir/leads.csv") + $(stat -c %s "$dir/activities.csv") ))
all=$(stat -c %s "${inputs[@]}" | awk '{s += $1} END {print s}')

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "load average before the runs: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine slows the wall times)"
echo
echo "== anchors on $case_name: $rows CSV rows ($((bytes / 1048576)) MiB) + $(((all - bytes) / 1048576)) MiB of events, period 2025-Q2, $runs runs each"
cat "${inputs[@]}" >/dev/null # into the page cache, then time a read from it
t0=$(date +%s%N)
cat "${inputs[@]}" >/dev/null
t1=$(date +%s%N)
awk -v ns=$((t1 - t0)) -v b="$all" 'BEGIN {
    printf "%-40s wall %6.2f s | %4.0f MB/s (all three inputs)\n", "cat (page cache)", ns / 1e9, b / (ns / 1e9) / 1e6 }'

checks=()
# anchor NAME LABEL COMMAND...: run it $runs times, print the median line.
anchor() {
    local name=$1 label=$2
    shift 2
    local results=() i log out wall rss cpu
    for i in $(seq "$runs"); do
        cat "${inputs[@]}" >/dev/null # page cache before every run, as bench/run.sh does
        log=$(mktemp)
        out=$(mktemp)
        if ! /usr/bin/time -f "wall %e rss %M cpu %U %S" "$@" >"$out" 2>"$log"; then
            echo "$name: failed:" >&2
            cat "$log" >&2
            rm -f "$log" "$out"
            exit 1
        fi
        wall=$(awk '/^wall/ {print $2}' "$log")
        rss=$(awk '/^wall/ {print $4}' "$log")
        cpu=$(awk '/^wall/ {print $6 + $7}' "$log")
        results+=("$wall $rss $cpu")
        [ "$i" = 1 ] && checks+=("$(sed -n 2p "$out")")
        rm -f "$log" "$out"
    done
    set -- $(printf '%s\n' "${results[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p")
    awk -v n="$label" -v w="$1" -v m="$2" -v c="$3" -v r="$rows" -v b="$bytes" 'BEGIN {
        printf "%-40s median wall %6.2f s | %.2f M rows/s | %4.0f MB/s | peak RSS %5.0f MiB | cpu %.1f s\n",
               n, w, r / w / 1e6, b / w / 1e6, m / 1024, c }'
}

duck_version=$(node -p "require('$here/node_modules/@duckdb/node-api/package.json').version")
pandas_version=$(/usr/bin/python3 -c 'import pandas; print(pandas.__version__)')
anchor duckdb "duckdb (node-api $duck_version, $(nproc) threads)" node "$here/duckdb_kpis.mjs" "$dir"
anchor pandas "pandas $pandas_version (1 core)" /usr/bin/python3 "$here/pandas_kpis.py" "$dir"
echo "check (first run of each):"
printf '  %s\n' "${checks[@]}"
