#!/usr/bin/env bash
# Clean release build time: `swift build -c release` from an empty scratch path (target <= 180 s on 2 cores).
# The machine may be shared: the load average before and after is printed with the time, and the CPU time of the
# whole build (user + system of swift build and every compiler it ran), which load does not inflate much.
set -euo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-$(command -v swift || echo /opt/swift/usr/bin/swift)}
SCRATCH=${SCRATCH:-.build-bench-release}
rm -rf "$SCRATCH"
before=$(cut -d' ' -f1-3 /proc/loadavg)
start=$(date +%s.%N)
mkdir -p bench-results
/usr/bin/time -f "%U %S" -o bench-results/build-bench.cpu "$SWIFT" build -c release --scratch-path "$SCRATCH" >"bench-results/build-bench.log" 2>&1
end=$(date +%s.%N)
after=$(cut -d' ' -f1-3 /proc/loadavg)
# Per-module end times (seconds from the start): the newest object file of each module. The critical path is the
# chain of modules whose end times follow one another (docs/notes-build6.md).
python3 - "$start" "$SCRATCH" >bench-results/build-bench.modules <<'PY'
import os, sys
start, scratch = float(sys.argv[1]), sys.argv[2]
rel = os.path.join(scratch, "release")
rows = []
for d in sorted(os.listdir(rel)):
    if not d.endswith(".build"):
        continue
    newest = max((os.stat(os.path.join(r, f)).st_mtime for r, _, fs in os.walk(os.path.join(rel, d)) for f in fs if f.endswith(".o")), default=0)
    if newest:
        rows.append((newest - start, d[:-len(".build")]))
for t, name in sorted(rows):
    print(f"  {t:6.0f} s  {name}")
PY
rm -rf "$SCRATCH"
echo "module end times (s from start):"
cat bench-results/build-bench.modules
python3 - "$start" "$end" "$before" "$after" "$(tail -1 bench-results/build-bench.cpu)" <<'PY'
import sys
start, end = float(sys.argv[1]), float(sys.argv[2])
took = end - start
cpu = sum(float(x) for x in sys.argv[5].split())
print(f"clean release build {took:6.0f} s   target <= 180 s  {'OK' if took <= 180 else 'OVER TARGET'}   CPU {cpu:.0f} s   (load average before: {sys.argv[3]}, after: {sys.argv[4]} on {__import__('os').cpu_count()} cores)")
PY
