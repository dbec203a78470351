#!/usr/bin/env bash
# Regenerates the golden files from the current build after an intended change.
# Review the diff before committing it.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-build/slapack}
export SOURCE_DATE_EPOCH=1751328000 # as tests/cli/demo_golden.sh and ids.sh run
out=$(mktemp -d)
"$bin" run --config samples/config.json --period 2025-Q2 --out "$out" 2>/dev/null
cp "$out/2025-Q2/kpis.json" tests/golden/demo-2025-Q2.kpis.json
cp "$out/2025-Q2/rejected.csv" tests/golden/demo-2025-Q2.rejected.csv
"$bin" run --config tests/fixtures/ids/config-snapshots.json --period 2025-05 --out "$out" \
    2>/dev/null
cp "$out/2025-05/kpis.json" tests/golden/ids-snapshots-2025-05.kpis.json
cp "$out/2025-05/rejected.csv" tests/golden/ids-snapshots-2025-05.rejected.csv
rm -rf "$out"
git diff --stat tests/golden
