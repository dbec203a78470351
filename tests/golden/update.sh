#!/usr/bin/env bash
# Regenerates the golden files from the current build after an intended change.
# Review the diff before committing it.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-build/slapack}
out=$(mktemp -d)
"$bin" run --config samples/config.json --period 2025-Q2 --out "$out" 2>/dev/null
cp "$out/2025-Q2/kpis.json" tests/golden/demo-2025-Q2.kpis.json
cp "$out/2025-Q2/rejected.csv" tests/golden/demo-2025-Q2.rejected.csv
rm -rf "$out"
git diff --stat tests/golden
