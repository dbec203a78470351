#!/usr/bin/env bash
# Installs what is missing, builds slapack twice (plain, and with AddressSanitizer
# + UndefinedBehaviorSanitizer) and runs the whole test suite under each.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh --tests
jobs=$(nproc)
status=0
for variant in plain asan; do
    dir=build-test-$variant
    flags=(-DCMAKE_BUILD_TYPE=Debug)
    [ "$variant" = asan ] && flags+=(-DSLAPACK_SANITIZE=ON)
    echo "== $variant build =="
    cmake -S . -B "$dir" "${flags[@]}" >/dev/null
    cmake --build "$dir" -j"$jobs" >/dev/null
    (cd "$dir" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
        ctest --output-on-failure -j"$jobs") || status=1
done
exit $status
