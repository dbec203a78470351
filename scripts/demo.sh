#!/usr/bin/env bash
# Installs what is missing, builds slapack and produces the demo company's
# 2025-Q2 review pack from samples/ into output/2025-Q2/.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DSLAPACK_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)" >/dev/null
./build/slapack run --config samples/config.json --period 2025-Q2 --out output
echo "slapack: the demo pack is in output/2025-Q2/:"
ls -1 output/2025-Q2
