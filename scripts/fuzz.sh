#!/usr/bin/env bash
# Builds the fuzz harnesses with clang (libFuzzer + ASan + UBSan) and runs each
# for SECONDS (default 60), starting from the committed corpus and regression
# inputs. Prints the executions per harness; exits 1 when a harness crashed.
# New interesting inputs go to build-fuzz/corpus/<harness>/, crashes to
# build-fuzz/crashes/ (see docs/reliability.md for turning one into a test).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
./scripts/install-deps.sh --fuzz
dir=build-fuzz
cmake -S . -B "$dir" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DSLAPACK_FUZZ=ON -DSLAPACK_TESTS=OFF >/dev/null
cmake --build "$dir" -j"$(nproc)" >/dev/null
mkdir -p "$dir/crashes"
status=0
printf '%-16s %12s %8s  %s\n' harness executions exec/s result
for bin in "$dir"/fuzz/fuzz_*; do
    name=$(basename "$bin")
    mkdir -p "$dir/corpus/$name"
    log="$dir/$name.log"
    seeds=(fuzz/corpus/"$name")
    [ -d "tests/fixtures/regress/$name" ] && seeds+=("tests/fixtures/regress/$name")
    result=clean
    "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -artifact_prefix="$dir/crashes/$name-" "$dir/corpus/$name" "${seeds[@]}" \
        >"$log" 2>&1 || { result="CRASH (see $log)"; status=1; }
    runs=$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1 \2/p' "$log" | tail -1)
    set -- ${runs:-0 0}
    printf '%-16s %12s %8s  %s\n' "$name" "$1" "$(($1 / ($2 > 0 ? $2 : 1)))" "$result"
done
exit $status
