#!/usr/bin/env bash
# CPU of an idle `forewarn serve` on the 100,000-server demo (no signal arriving): the level worker must not redo the
# inventory every tick. Builds the demo database once with the given binary, copies it, starts `serve` on the copy,
# waits WARM seconds, then reads the process's CPU ticks (utime + stime from /proc) over MEASURE seconds.
#   bash Benchmarks/service_level_idle_bench.sh [path/to/forewarn] [WARM=90] [MEASURE=60]
# Compare two binaries (e.g. main's and a branch's) one after the other on the same machine; print the load average.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${1:-.build/release/forewarn}") WARM=${2:-90} MEASURE=${3:-60}
[ -x "$BIN" ] || { echo "idle bench: build $BIN first (make release)"; exit 1; }
export FOREWARN_RESOURCES=${FOREWARN_RESOURCES:-$(pwd)/Resources}
TMP=$(mktemp -d /tmp/forewarn-idle-bench.XXXXXX)
PID=""
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; sleep 1; rm -rf "$TMP"' EXIT
"$BIN" demo-data --db "$TMP/demo.sqlite" --servers 100000 --seed 42 --with-activity > "$TMP/demo.log" 2>&1
"$BIN" serve --db "$TMP/demo.sqlite" --port 0 > "$TMP/serve.log" 2>&1 &
PID=$!
sleep "$WARM"
ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
A=$(ticks); sleep "$MEASURE"; B=$(ticks)
echo "idle serve (100,000 servers, 5,000 services): $((B - A)) CPU ticks in ${MEASURE} s = $(python3 -c "print(f'{($B - $A) / $(getconf CLK_TCK) / $MEASURE * 100:.1f}')") % of a core; load average $(cut -d' ' -f1-3 /proc/loadavg); $(basename "$BIN")"
