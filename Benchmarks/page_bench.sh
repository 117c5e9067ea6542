#!/usr/bin/env bash
# Compiled views (#14): the signed-in home page's throughput against the C libmicrohttpd hello server (same run,
# wrk -t2 -c50; target >= 0.5x) and the server time of the change-impact report page of the biggest cluster's
# downtime on the 100,000-server demo (6,947 table rows; target <= 150 ms, median of 20 from the access log).
# FOREWARN_BIN picks the binary (default the release build); BENCH_DB reuses a demo database made by demo-data.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${FOREWARN_BIN:-.build/release/forewarn}
OUT=bench-results
mkdir -p "$OUT"
DURATION=${BENCH_DURATION:-8}
C_PORT=${BENCH_C_PORT:-18191}
F_PORT=${BENCH_F_PORT:-18192}
R_PORT=${BENCH_R_PORT:-18193}
gcc -O2 -o "$OUT/hello" Benchmarks/hello.c $(pkg-config --cflags --libs libmicrohttpd)
source Benchmarks/bench_login.sh
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# 1. Home page, signed in, small database (what http_bench.sh measures).
HOME_DB="$OUT/page-home.sqlite"
rm -f "$HOME_DB" "$HOME_DB-wal" "$HOME_DB-shm"
"$BIN" migrate --db "$HOME_DB" >/dev/null
bench_user "$HOME_DB"
"$OUT/hello" "$C_PORT" 2 & C_PID=$!
"$BIN" serve --db "$HOME_DB" --port "$F_PORT" --threads 2 --log-level warning >"$OUT/page-home.log" 2>&1 & F_PID=$!
trap 'kill $C_PID $F_PID ${R_PID:-} 2>/dev/null || true' EXIT
for port in "$C_PORT" "$F_PORT"; do
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 || curl -sf "http://127.0.0.1:$port/" >/dev/null 2>&1 && break; sleep 0.1; done
done
COOKIE=$(bench_cookie "$F_PORT")
[ "$(curl -s -o /dev/null -w "%{http_code}" -H "Cookie: $COOKIE" "http://127.0.0.1:$F_PORT/")" = 200 ] || { echo "home page is not 200"; exit 1; }
rps() { wrk -t2 -c50 -d"${DURATION}s" "$@" | awk '/Requests\/sec/ {print $2}'; }
wrk -t2 -c50 -d2s "http://127.0.0.1:$C_PORT/" >/dev/null
wrk -t2 -c50 -d2s -H "Cookie: $COOKIE" "http://127.0.0.1:$F_PORT/" >/dev/null
C1=$(rps "http://127.0.0.1:$C_PORT/")
HOME_RPS=$(rps -H "Cookie: $COOKIE" "http://127.0.0.1:$F_PORT/")
C2=$(rps "http://127.0.0.1:$C_PORT/")
kill $C_PID $F_PID 2>/dev/null || true
python3 -c "
c = max($C1, $C2); h = $HOME_RPS
print(f'C hello {c:10.0f} req/s   signed-in home page {h:10.0f} req/s   ratio {h/c:.2f}x   target >= 0.50x  ' + ('OK' if h/c >= 0.5 else 'BELOW TARGET'))"

# 2. The change-impact report page at 100,000 servers.
DB=${BENCH_DB:-$OUT/page-100k.sqlite}
if [ ! -f "$DB" ]; then "$BIN" demo-data --db "$DB" --servers 100000 --seed 42 >/dev/null; fi
bench_user "$DB" 2>/dev/null || true
TOKEN=$(bench_token "$DB")
"$BIN" serve --db "$DB" --port "$R_PORT" --threads 2 --log-level info >"$OUT/page-report.log" 2>&1 & R_PID=$!
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$R_PORT/healthz" >/dev/null && break; sleep 0.1; done
RCOOKIE=$(bench_cookie "$R_PORT")
CLUSTER=$(sqlite3 "$DB" "SELECT c.name FROM clusters c JOIN servers s ON s.cluster_id = c.id GROUP BY c.id ORDER BY count(*) DESC, c.name LIMIT 1")
ID=$(curl -s -X POST -H 'Content-Type: application/json' -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$R_PORT/api/v1/downtimes" \
  -d "{\"title\":\"bench\",\"kind\":\"planned\",\"targets\":[{\"kind\":\"cluster\",\"name\":\"$CLUSTER\"}],\"starts_at\":\"2030-01-12T22:00:00\",\"ends_at\":\"2030-01-13T02:00:00\",\"time_zone\":\"UTC\"}" \
  | python3 -c "import json,sys; print(json.load(sys.stdin)['id'])")
curl -s -X POST -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$R_PORT/api/v1/downtimes/$ID/announce" >/dev/null
ROWS=$(curl -s -H "Cookie: $RCOOKIE" "http://127.0.0.1:$R_PORT/downtimes/$ID/report" | grep -o "<tr>" | wc -l)
for _ in 1 2 3; do curl -s -o /dev/null -H "Cookie: $RCOOKIE" "http://127.0.0.1:$R_PORT/downtimes/$ID/report"; done
: > "$OUT/page-times.txt"
for _ in $(seq 1 20); do
  rid=$(curl -s -D - -o /dev/null -H "Cookie: $RCOOKIE" "http://127.0.0.1:$R_PORT/downtimes/$ID/report" | awk -F': ' 'tolower($1)=="x-request-id" {print $2}' | tr -d '\r')
  sleep 0.01
  grep "id=$rid\$" "$OUT/page-report.log" | sed -E 's/.* ([0-9.]+)ms id=.*/\1/' >> "$OUT/page-times.txt"
done
python3 - "$ROWS" "$OUT/page-times.txt" <<'PY'
import statistics, sys
rows, path = sys.argv[1], sys.argv[2]
t = sorted(float(x) for x in open(path) if x.strip())
med = statistics.median(t)
print(f"change-impact report page ({rows} rows): median {med:.1f} ms  min {t[0]:.1f}  max {t[-1]:.1f} ms (server time, 20 runs)   target <= 150 ms  {'OK' if med <= 150 else 'OVER TARGET'}")
PY
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
