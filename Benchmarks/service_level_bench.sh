#!/usr/bin/env bash
# Service levels of 1,000 services recomputed after a burst of samples (target < 50 ms), steady passes, the next
# minute, and the steps (window sums with the current hour and day from the roll-ups or minute by minute). Release
# build of the tests; -enable-testing because some test targets import their module @testable (code stays optimized).
set -euo pipefail
cd "$(dirname "$0")/.."
FOREWARN_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter ServiceLevelBenchTests 2>&1 | grep -E "service levels:|✘|passed|failed" 
