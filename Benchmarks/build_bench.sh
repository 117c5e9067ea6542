#!/usr/bin/env bash
# Clean release build time: `swift build -c release` from an empty scratch path (target <= 180 s on 2 cores).
# The machine may be shared: the load average before and after is printed with the time.
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-$(command -v swift || echo /opt/swift/usr/bin/swift)}
SCRATCH=.build-bench-release
rm -rf "$SCRATCH"
before=$(cut -d' ' -f1-3 /proc/loadavg)
start=$(date +%s.%N)
"$SWIFT" build -c release --scratch-path "$SCRATCH" >"bench-results/build-bench.log" 2>&1
end=$(date +%s.%N)
after=$(cut -d' ' -f1-3 /proc/loadavg)
rm -rf "$SCRATCH"
python3 - "$start" "$end" "$before" "$after" <<'PY'
import sys
start, end = float(sys.argv[1]), float(sys.argv[2])
took = end - start
print(f"clean release build {took:6.0f} s   target <= 180 s  {'OK' if took <= 180 else 'OVER TARGET'}   (load average before: {sys.argv[3]}, after: {sys.argv[4]} on {__import__('os').cpu_count()} cores)")
PY
