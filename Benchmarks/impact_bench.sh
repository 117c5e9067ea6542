#!/usr/bin/env bash
# Impact of one region and one cluster on the 100,000-server demo inventory, resolver vs recursive CTE, same process.
set -euo pipefail
cd "$(dirname "$0")/.."
DB=bench-results/inventory-100k.sqlite
if [ ! -f "$DB" ]; then
  mkdir -p bench-results
  .build/release/forewarn demo-data --db "$DB" --servers 100000 --seed 42
fi
.build/release/impact-bench "$DB"
bash Benchmarks/impact_http_bench.sh
