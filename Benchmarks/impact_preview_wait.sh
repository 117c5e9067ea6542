#!/usr/bin/env bash
# Where does the form preview's server time go when it is not CPU? Compare the access log's (server time - CPU)
# with the run-queue delay the kernel counts for the request threads (/proc/PID/task/TID/schedstat) over N requests.
# usage: bash Benchmarks/impact_preview_wait.sh [N] [KIND NAME]   (release build, 100,000-server demo database)
set -euo pipefail
cd "$(dirname "$0")/.."
BINARY=${BIN:-.build/release/forewarn}; PORT=${BENCH_PORT:-18188}; N=${1:-15}; KIND=${2:-cluster}; NAME=${3:-vm-ams-2}
OUT=bench-results; DB=$OUT/inventory-100k.sqlite
source Benchmarks/bench_login.sh
BIN=$BINARY bench_user "$DB"
$BINARY serve --db "$DB" --port $PORT --threads 2 --log-level info >"$OUT/wait-serve.log" 2>&1 & SPID=$!
trap 'kill $SPID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
COOKIE=$(bench_cookie $PORT)
CSRF=bench-csrf-token-0123456789
form() {
  curl -s -o /dev/null -H "Cookie: $COOKIE; forewarn_csrf=$CSRF" -H "Origin: http://127.0.0.1:$PORT" --data-urlencode "_csrf=$CSRF" --data-urlencode "title=bench preview" --data-urlencode "kind=planned" \
    --data-urlencode "target_kind=$KIND" --data-urlencode "target_name=$NAME" --data-urlencode "starts_at=2031-01-12T22:00" \
    --data-urlencode "ends_at=2031-01-13T02:00" --data-urlencode "time_zone=UTC" "http://127.0.0.1:$PORT/downtimes"
}
form; form; form
snap() { for t in /proc/$SPID/task/*; do if [ "$(cat $t/comm)" = MHD-worker ]; then cat $t/schedstat; fi; done | awk '{r+=$1; d+=$2} END {printf "%d %d\n", r, d}'; }
before=$(snap)
lines=$(wc -l < "$OUT/wait-serve.log")
for _ in $(seq 1 $N); do form; done
after=$(snap)
sleep 0.1
tail -n +$((lines + 1)) "$OUT/wait-serve.log" | grep 'POST /downtimes ' | sed -E 's/.* cpu=([0-9.]+)ms ([0-9.]+)ms id=.*/\1 \2/' > "$OUT/wait-times.txt"
python3 - "$before" "$after" "$OUT/wait-times.txt" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import sys, statistics
b = list(map(int, sys.argv[1].split())); a = list(map(int, sys.argv[2].split()))
rows = [tuple(map(float, l.split())) for l in open(sys.argv[3]) if l.strip()]
n = len(rows)
cpu = sum(r[0] for r in rows); server = sum(r[1] for r in rows)
ran = (a[0] - b[0]) / 1e6; delay = (a[1] - b[1]) / 1e6
print(f"{n} previews: server time {server/n:.1f} ms each (median {statistics.median(r[1] for r in rows):.1f}), request CPU {cpu/n:.1f} ms; "
      f"request threads ran {ran/n:.1f} ms and waited {delay/n:.1f} ms in the run queue per request; "
      f"unexplained (blocked: I/O, locks) {(server - cpu - delay)/n:.1f} ms; load {sys.argv[4]}")
PY
