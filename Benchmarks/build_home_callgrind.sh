#!/usr/bin/env bash
# Run-time cost of a build change, independent of the machine's load: instructions (callgrind Ir, every thread of the
# server process) for N uncached signed-in home pages, after 20 warm ones, for each forewarn binary given
# (docs/notes-build7.md: -Osize for PortalStore/PortalApp measured +2.3 %). Each binary gets a fresh database made the
# same way. Loopback only, free ports; stops its servers.
#   bash Benchmarks/build_home_callgrind.sh BIN [BIN...]        (N=200 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: build_home_callgrind.sh BIN [BIN...]" >&2; exit 2; }
N=${N:-200}
WORK=$(mktemp -d /tmp/build-home-callgrind.XXXXXX)
PID=""
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$WORK"' EXIT
source Benchmarks/bench_login.sh
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
for BIN in "$@"; do
  export BIN
  RUN="$WORK/$(date +%s%N)"; mkdir -p "$RUN"; DB="$RUN/db.sqlite"
  "$BIN" migrate --db "$DB" >/dev/null
  bench_user "$DB"
  PORT=$(free_port)
  valgrind --tool=callgrind --callgrind-out-file="$RUN/cg.out" "$BIN" serve --db "$DB" --port "$PORT" --threads 2 \
    --log-level warning >"$RUN/serve.log" 2>&1 & PID=$!
  for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
  COOKIE="$(bench_cookie "$PORT"); forewarn_csrf=benchbenchbenchbenchbenchbenchbenchbench123"
  python3 Benchmarks/home/requests.py "$PORT" "$COOKIE" 20
  callgrind_control -z "$PID" >/dev/null 2>&1
  HOME_BUMP="$DB" python3 Benchmarks/home/requests.py "$PORT" "$COOKIE" "$N"
  callgrind_control -d "$PID" >/dev/null 2>&1
  sleep 1
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
  IR=$(grep -h '^summary:\|^totals:' "$RUN"/cg.out.1 | head -1 | awk '{print $2}')
  python3 -c "import sys; ir = int(sys.argv[2]); print(f'{sys.argv[1]:40s} {ir:,} instructions for {sys.argv[3]} uncached home pages ({ir // int(sys.argv[3]):,} per page)')" "$BIN" "$IR" "$N"
done
echo "(load average: $(cut -d' ' -f1-3 /proc/loadavg); callgrind counts do not depend on it)"
