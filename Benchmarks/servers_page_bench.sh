#!/usr/bin/env bash
# Servers list page 1 at 100,000 servers (#14 target: <= 5 ms server time): median server time and request CPU
# (`cpu=` in the access log) of REQUESTS sequential signed-in requests, for this build and, with BASE=path, an older
# binary on the same database in the same run; BIN= the binary measured (default .build/release/forewarn). Loopback
# only, free ports, stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=bench-results
mkdir -p "$OUT"
REQUESTS=${REQUESTS:-30}
DB="$OUT/servers-page.sqlite"
BINARIES=("${BIN:-.build/release/forewarn}")
[ -n "${BASE:-}" ] && BINARIES=("$BASE" "${BINARIES[0]}")
source Benchmarks/bench_login.sh
if [ ! -s "$DB" ] || [ -n "${FRESH:-}" ]; then
  rm -f "$DB" "$DB-wal" "$DB-shm" "$DB-sessions"
  "${BINARIES[-1]}" demo-data --db "$DB" --servers 100000 --seed 42 >/dev/null
fi
for BIN in "${BINARIES[@]}"; do
  export BIN
  PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  bench_serve "$DB" "$PORT" info "$OUT/servers-page-serve.log"
  COOKIE=$(bench_cookie "$PORT")
  python3 Benchmarks/home/requests.py "$PORT" "$COOKIE" 5 /servers
  : >"$OUT/servers-page-serve.log"
  python3 Benchmarks/home/requests.py "$PORT" "$COOKIE" "$REQUESTS" /servers
  kill "$SERVE_PID"; wait "$SERVE_PID" 2>/dev/null || true
  python3 - "$BIN" "$OUT/servers-page-serve.log" <<'PY'
import os, re, statistics, sys
rows = [(float(m[2]), float(m[1])) for line in open(sys.argv[2], errors="replace")
        if (m := re.search(r"\] GET /servers 200 \S+ cpu=([0-9.]+)ms ([0-9.]+)ms id=", line))]
wall, cpu = [w for w, _ in rows], [c for _, c in rows]
print(f"{sys.argv[1]:40s} /servers page 1 at 100,000 servers, {len(rows)} requests: server time median {statistics.median(wall):6.2f} ms "
      f"(best {min(wall):.2f}), CPU median {statistics.median(cpu):5.2f} ms  target <= 5 ms; load average {' '.join(open('/proc/loadavg').read().split()[:3])}")
PY
done
