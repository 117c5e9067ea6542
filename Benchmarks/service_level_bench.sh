#!/usr/bin/env bash
# Service levels of 1,000 services recomputed after a burst of samples (target < 50 ms). Release build of the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
FOREWARN_BENCH=1 swift test -c release --filter ServiceLevelBenchTests 2>&1 | grep -E "service levels:|✘|passed|failed" 
