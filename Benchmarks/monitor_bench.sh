#!/usr/bin/env bash
# Availability monitoring at scale (DESIGN.md: HTTP checks on schedule >= 99 %, lag p99 < 1 s):
#  1. 5,000 HTTP checks every 10 s against the C libmicrohttpd hello server on loopback for 60 s, run by
#     `forewarn monitor` (the split deployment): share of scheduled checks that ran, scheduling lag p99, CPU share;
#     the portal's home page throughput (`serve --no-monitor` on the same database) with and without the checker.
#  2. A 90-day availability + p99 query for one check from rollups (< 20 ms), and /monitoring with 5,000 checks
#     (< 100 ms), both as server time from the access log, median of 20.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=bench-results
mkdir -p "$OUT"
CHECKS=${BENCH_CHECKS:-5000}
SECONDS_RUN=${BENCH_MONITOR_SECONDS:-60}
INTERVAL=10
C_PORT=18281
F_PORT=18282
DB="$OUT/monitor.sqlite"
rm -f "$DB" "$DB-wal" "$DB-shm"
gcc -O2 -o "$OUT/hello" Benchmarks/hello.c $(pkg-config --cflags --libs libmicrohttpd)
source Benchmarks/bench_login.sh
F=.build/release/forewarn
$F migrate --db "$DB" >/dev/null
$F demo-data --db "$DB" --servers 50 --seed 42 >/dev/null
bench_user "$DB"
SERVICE=$(sqlite3 "$DB" "SELECT id FROM services ORDER BY id LIMIT 1")
NOW=$(date -u +%Y-%m-%dT%H:%M:%SZ)
sqlite3 "$DB" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $CHECKS)
  INSERT INTO checks (name, kind, service_id, url, interval_seconds, timeout_ms, created_at, updated_at)
  SELECT 'hello ' || i, 'http', $SERVICE, 'http://127.0.0.1:$C_PORT/?c=' || i, $INTERVAL, 5000, '$NOW', '$NOW' FROM n;"

"$OUT/hello" $C_PORT 2 & C_PID=$!
$F serve --db "$DB" --port $F_PORT --threads 2 --no-monitor --log-level info >"$OUT/monitor-serve.log" 2>&1 & S_PID=$!
M_PID=""
trap 'kill $C_PID $S_PID $M_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$F_PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
COOKIE=$(bench_cookie $F_PORT)
[ -n "$COOKIE" ] || { echo "could not sign in to the bench server"; exit 1; }
rps() { wrk -t2 -c20 -d8s -H "Cookie: $COOKIE" "http://127.0.0.1:$F_PORT/" | awk '/Requests\/sec/ {print $2}'; }
wrk -t2 -c20 -d2s -H "Cookie: $COOKIE" "http://127.0.0.1:$F_PORT/" >/dev/null
HOME_IDLE=$(rps)

# The checker alone for SECONDS_RUN seconds; the home page measured in the middle of the run.
$F monitor --db "$DB" --duration "$SECONDS_RUN" >"$OUT/monitor.log" 2>&1 & M_PID=$!
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
sleep 1
T0=$(ticks $M_PID); W0=$(date +%s.%N)
sleep 20
HOME_BUSY=$(rps)
sleep $((SECONDS_RUN - 31))
T1=$(ticks $M_PID); W1=$(date +%s.%N)
wait $M_PID || true
M_PID=""
FIGURES=$(grep "probes started" "$OUT/monitor.log" || echo "no figures")
SAMPLES=$(sqlite3 "$DB" "SELECT count(*) FROM check_samples")
AVAILABLE=$(sqlite3 "$DB" "SELECT count(*) FROM check_samples WHERE available = 1")

# A 90-day history for check 1 in the rollups (hours, plus minutes for the last day), then the query through the API.
sqlite3 "$DB" "WITH RECURSIVE h(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM h WHERE i < 90 * 24)
  INSERT OR REPLACE INTO check_rollups (check_id, resolution, bucket, samples, up, maintenance_samples, maintenance_up, timed, sum_ms, min_ms, max_ms, histogram)
  SELECT 1, 'hour', strftime('%Y-%m-%dT%H:00:00Z', 'now', '-' || i || ' hours'), 360, 358, 0, 0, 358, 358 * 12, 3, 250, '22:300 50:50 80:8'
  FROM h WHERE i > 0;
  WITH RECURSIVE m(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM m WHERE i < 24 * 60)
  INSERT OR REPLACE INTO check_rollups (check_id, resolution, bucket, samples, up, maintenance_samples, maintenance_up, timed, sum_ms, min_ms, max_ms, histogram)
  SELECT 1, 'minute', strftime('%Y-%m-%dT%H:%M:00Z', 'now', '-' || i || ' minutes'), 6, 6, 0, 0, 6, 72, 3, 40, '22:5 50:1'
  FROM m WHERE i > 0;"
TOKEN=$(bench_token "$DB")
FROM=$(date -u -d '-90 days' +%Y-%m-%dT%H:%M:%SZ)
for _ in $(seq 1 20); do curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$F_PORT/api/v1/checks/1?from=$FROM"; done
for _ in $(seq 1 20); do curl -s -o /dev/null -H "Cookie: $COOKIE" "http://127.0.0.1:$F_PORT/monitoring"; done
median() { grep -E "$1" "$OUT/monitor-serve.log" | grep " 200 " | sed -E 's/.* ([0-9.]+)ms .*/\1/' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
Q90=$(median "GET /api/v1/checks/1[ ?]")
LIST=$(median "GET /monitoring[ ?]")
CORES=$(nproc)

python3 - "$CHECKS" "$INTERVAL" "$SECONDS_RUN" "$SAMPLES" "$AVAILABLE" "$T0" "$T1" "$W0" "$W1" "$CORES" "$HOME_IDLE" "$HOME_BUSY" "$Q90" "$LIST" "$FIGURES" <<'PY'
import re, sys
checks, interval, run, samples, available, t0, t1, w0, w1, cores, idle, busy, q90, page = sys.argv[1:15]
figures = sys.argv[15]
checks, interval, run, samples, available = int(checks), float(interval), float(run), int(samples), int(available)
expected = checks * run / interval
lag = re.search(r"p99=([0-9.]+) ms", figures)
lag99 = float(lag.group(1)) if lag else float("nan")
cpu = (int(t1) - int(t0)) / 100 / (float(w1) - float(w0))
print(f"HTTP checks: {checks} every {interval:.0f} s for {run:.0f} s against the C hello server")
print(f"  samples stored            {samples:8d} of {expected:.0f} scheduled = {100 * samples / expected:6.2f} %   target >= 99 %  {'OK' if samples >= 0.99 * expected else 'BELOW TARGET'}")
print(f"  available                 {available:8d} ({100 * available / max(samples, 1):.2f} %)")
print(f"  scheduling lag p99        {lag99:8.1f} ms   target < 1000 ms  {'OK' if lag99 < 1000 else 'BELOW TARGET'}")
print(f"  forewarn monitor CPU      {100 * cpu:8.1f} % of one core ({100 * cpu / int(cores):.1f} % of the {cores}-core machine)")
print(f"  {figures}")
print(f"Portal home page: {float(idle):.0f} req/s without the checker, {float(busy):.0f} req/s during the run ({float(busy) / float(idle):.2f}x)")
print(f"90-day availability + p99 of one check from rollups (API, server time, median of 20): {q90} ms   target < 20 ms")
print(f"/monitoring with {checks} checks (server time, median of 20): {page} ms   target < 100 ms")
PY
