#!/usr/bin/env bash
# 1,000 concurrent /live/events streams held by one `forewarn serve` with 2 worker threads while incidents open and
# resolve on a few services every 2 s (so moods change and every stream receives events), and the home page's throughput (wrk) with and without them, measured in the same run.
# Target (#17): the home page keeps at least 80 % of its throughput while the streams are held.
set -euo pipefail
cd "$(dirname "$0")/.."
STREAMS=${BENCH_STREAMS:-1000}
DURATION=${BENCH_DURATION:-8}
CONNECTIONS=${BENCH_CONNECTIONS:-50}
OUT=bench-results
mkdir -p "$OUT"
DB="$OUT/sse.sqlite"
rm -f "$DB" "$DB-wal" "$DB-shm" "$OUT/sse-ready"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

source Benchmarks/bench_login.sh
.build/release/forewarn migrate --db "$DB" >/dev/null
.build/release/forewarn demo-data --db "$DB" --servers 500 >/dev/null
bench_user "$DB"
TOKEN=$(bench_token "$DB")
SERVICES=$(python3 -c "import sqlite3; print(' '.join(r[0] for r in sqlite3.connect('file:$DB?mode=ro', uri=True).execute('SELECT name FROM services ORDER BY id LIMIT 5')))")
.build/release/forewarn serve --db "$DB" --port "$PORT" --threads 2 --no-monitor --per-ip-limit $((STREAMS + 200)) \
  --max-streams $((STREAMS + 100)) --log-level warning >"$OUT/sse-serve.log" 2>&1 & F_PID=$!
trap 'kill $F_PID 2>/dev/null || true; [ -n "${C_PID:-}" ] && kill $C_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

COOKIE=$(bench_cookie "$PORT")
[ -n "$COOKIE" ] || { echo "could not sign in to the bench server"; exit 1; }
rps() { wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT/" | awk '/Requests\/sec/ {print $2}'; }
wrk -t2 -c"$CONNECTIONS" -d2s -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT/" >/dev/null
IDLE=$(rps)

python3 Benchmarks/sse_clients.py "$PORT" "$COOKIE" "$TOKEN" "$STREAMS" $((DURATION + 12)) "$OUT/sse-ready" $SERVICES >"$OUT/sse-clients.txt" & C_PID=$!
for _ in $(seq 1 600); do [ -s "$OUT/sse-ready" ] && break; sleep 0.1; done
sleep 2
FDS=$(ls /proc/$F_PID/fd | wc -l)
HELD=$(rps)
wait $C_PID
C_PID=
RSS=$(awk '/VmHWM/ {print $2}' /proc/$F_PID/status)

python3 - "$IDLE" "$HELD" "$STREAMS" "$FDS" "$RSS" "$(cat "$OUT/sse-clients.txt")" <<'PY'
import sys
idle, held = float(sys.argv[1]), float(sys.argv[2])
streams, fds, rss, clients = sys.argv[3], sys.argv[4], int(sys.argv[5]), sys.argv[6]
print(f"SSE: {clients}")
print(f"SSE: server held {fds} descriptors, peak RSS {rss / 1024:.0f} MiB")
print(f"SSE: home page {idle:.0f} req/s without streams (baseline), {held:.0f} req/s with {streams} streams held: ratio {held / idle:.2f}x "
      f"target >= 0.80x  {'OK' if held / idle >= 0.8 else 'BELOW TARGET'}")
PY
