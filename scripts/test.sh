#!/usr/bin/env bash
# Installs what is missing, builds slapack twice (plain, and with AddressSanitizer
# + UndefinedBehaviorSanitizer) and runs the whole test suite under each; then a
# ThreadSanitizer build runs the tests that go through threads (the readers, the KPIs).
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
echo "== tsan build (the tests that go through threads) =="
cmake -S . -B build-test-tsan -DCMAKE_BUILD_TYPE=Debug -DSLAPACK_TSAN=ON >/dev/null
cmake --build build-test-tsan -j"$jobs" >/dev/null
(cd build-test-tsan && TSAN_OPTIONS=halt_on_error=1 ctest --output-on-failure -j"$jobs" \
    -R '^(test_kpi|test_ingest_csv|test_ingest_json|test_csv_line_endings|cli_demo_golden|cli_profiles|cli_data_quality|cli_hostile|cli_ids|fuzz_csv|fuzz_events_fast|fuzz_pipeline)$') ||
    status=1
exit $status
