#!/usr/bin/env bash
# Log ingest figures (make bench), release build:
#  - TCP syslog (octet-counted RFC 5424) for DURATION s from a load generator on loopback into `forewarn bridge`
#    (count in == count stored), next to a C program inserting the same number of rows with one prepared statement,
#    one transaction per 5,000 (the SQLite ceiling on this machine), with and without filling the full-text index behind
#    the commits; how long the index needed to catch up after the load;
#  - HTTP POST /api/v1/logs in batches of 1,000 for DURATION s into `forewarn serve`, next to the C program at 1,000 per
#    transaction; meanwhile a probe posts one message with a unique word every 0.25 s and times from its 202 until
#    `GET /api/v1/logs?q=` finds it (the search lag behind the commit; target under 1 s);
#  - full-text search over FTS_ROWS stored messages (seeded in bulk by the C program over 30 days, not through the
#    receiver): a word query and a phrase query through GET /api/v1/logs, and the first page of /logs, timed with curl
#    (median of 7 after one warm-up).
# Each ingest part runs RUNS times (the machine is shared: look at the spread). Targets: TCP >= 20,000 msg/s stored,
# HTTP >= 50,000 msg/s, FTS queries and /logs first page < 100 ms.
# Short run: DURATION=5 FTS_ROWS=200000 RUNS=1 bash Benchmarks/ingest_bench.sh
# FTS_DB=path reuses a database seeded by an earlier run (Benchmarks/ingest/baseline DB 5000000 5000 2592000);
# SKIP_FTS=1 stops after the ingest parts; SKIP_TCP=1 leaves out the TCP part.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/release/forewarn}
DURATION=${DURATION:-60}
FTS_ROWS=${FTS_ROWS:-5000000}
RUNS=${RUNS:-2}
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
source Benchmarks/bench_login.sh
gcc -O2 -o "$WORK/baseline" Benchmarks/ingest/baseline.c -lsqlite3
count() { sqlite3 "file:$1?mode=ro" "SELECT count(*) FROM log_messages"; }
rate() { echo "$1" | grep -o '[0-9]* rows/s' | cut -d' ' -f1; }
# CPU seconds (user + system) a running process has used so far.
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"; }
# The machine is shared: besides messages per second, CPU microseconds per message (user + system) compare the
# programs whatever share of the cores they got.
# start_serve DB: a bench user with a write token (TOKEN), then `forewarn serve` on DB (SERVE pid, HPORT port).
start_serve() {
  bench_user "$1"
  TOKEN=$(bench_token "$1" | tail -1)
  "$BIN" serve --db "$1" --port 0 --log-level warning --no-monitor >"$WORK/serve.log" 2>&1 &
  SERVE=$!
  for _ in $(seq 200); do grep -q "is running at" "$WORK/serve.log" && break; sleep 0.05; done
  HPORT=$(grep -o 'http://127.0.0.1:[0-9]*' "$WORK/serve.log" | head -1 | cut -d: -f3)
}
# baseline COUNT BATCH RATE CPU STORED FORMAT: the C program inserts COUNT rows with the load generator's text, BATCH
# per transaction, twice: the commit path alone (what a 202 waits for) and commit + index (the FTS5 index filled
# behind the commits every 5,000 rows, as Forewarn's indexer does: the whole work); prints its rates and Forewarn's
# (RATE messages/s, CPU seconds for STORED messages) against both.
baseline() {
  local mode every out cpu_s
  for mode in "commit path" "commit + index"; do
    every=$([ "$mode" = "commit path" ] && echo 0 || echo 5000)
    rm -f "$WORK"/base.sqlite*
    "$BIN" migrate --db "$WORK/base.sqlite" >/dev/null
    TIMEFORMAT='%U %S'
    { time "$WORK/baseline" "$WORK/base.sqlite" "$1" "$2" 3600 "$6" "$every" >"$WORK/base.out"; } 2>"$WORK/base.time"
    out=$(cat "$WORK/base.out")
    cpu_s=$(awk '{ print $1 + $2 }' "$WORK/base.time")
    echo "C baseline ($mode), same rows, $2 per transaction: $out; CPU $(python3 -c "print('%.1f' % ($cpu_s * 1e6 / $1))") µs per row"
    echo "  ratio forewarn / C ($mode): $(python3 -c "print('%.2f' % ($3 / $(rate "$out")))") in messages/s; $(python3 -c "print('%.2f' % (($cpu_s / $1) / ($4 / $5)))") in CPU per message (1.00 = as cheap as C)"
  done
}
# drain DB: seconds from now until every stored message is in the full-text index (the indexer's backlog after the load).
drain() {
  local start
  start=$(date +%s.%N)
  for _ in $(seq 600); do
    [ "$(sqlite3 "file:$1?mode=ro" "SELECT (SELECT coalesce(max(id), 0) FROM log_messages) - indexed_through FROM log_fts_progress")" -le 0 ] && break
    sleep 0.05
  done
  python3 -c "print('%.2f' % ($(date +%s.%N) - $start))"
}
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (shared with other builds: figures vary)"

for run in $(seq "$([ "${SKIP_TCP:-}" = 1 ] && echo 0 || echo "$RUNS")"); do
  echo "== TCP syslog, octet counted RFC 5424, ${DURATION} s (run $run of $RUNS) =="
  rm -f "$WORK"/tcp.sqlite*
  "$BIN" migrate --db "$WORK/tcp.sqlite" >/dev/null
  "$BIN" bridge --db "$WORK/tcp.sqlite" --syslog-tcp 127.0.0.1:0 >"$WORK/bridge.log" 2>&1 &
  BRIDGE=$!
  for _ in $(seq 200); do grep -q "tcp 127" "$WORK/bridge.log" && break; sleep 0.05; done
  PORT=$(grep -o 'tcp 127.0.0.1:[0-9]*' "$WORK/bridge.log" | cut -d: -f2)
  START=$(date +%s.%N)
  SENT=$(python3 Benchmarks/ingest/tcp_load.py "$PORT" "$DURATION")
  for _ in $(seq 1200); do [ "$(count "$WORK/tcp.sqlite")" -ge "$SENT" ] && break; sleep 0.1; done
  END=$(date +%s.%N)
  STORED=$(count "$WORK/tcp.sqlite")
  echo "full-text index caught up $(drain "$WORK/tcp.sqlite") s after the last message was stored"
  CPU=$(cpu $BRIDGE)
  kill -TERM $BRIDGE; wait $BRIDGE || true
  TCP_RATE=$(python3 -c "print(int($STORED / ($END - $START)))")
  echo "sent $SENT, stored $STORED ($([ "$SENT" = "$STORED" ] && echo none lost || echo LOST $((SENT - STORED))))"
  echo "forewarn bridge: $TCP_RATE messages/s stored (until the last one was stored; target 20,000); CPU $CPU s, $(python3 -c "print('%.1f' % ($CPU * 1e6 / $STORED))") µs per message"
  baseline "$STORED" 5000 "$TCP_RATE" "$CPU" "$STORED" "tcp bench %ld payment gateway timeout"
done

for run in $(seq "$RUNS"); do
  echo "== HTTP POST /api/v1/logs, batches of 1,000, ${HTTP_CLIENTS:-8} clients, ${DURATION} s (run $run of $RUNS) =="
  rm -f "$WORK"/http.sqlite*
  "$BIN" migrate --db "$WORK/http.sqlite" >/dev/null
  start_serve "$WORK/http.sqlite"
  START=$(date +%s.%N)
  ACCEPTED=$(python3 Benchmarks/ingest/http_load.py "$HPORT" "$TOKEN" "$DURATION" "${HTTP_CLIENTS:-8}" 2>"$WORK/lag.txt")
  END=$(date +%s.%N)
  cat "$WORK/lag.txt"
  echo "full-text index caught up $(drain "$WORK/http.sqlite") s after the last 202"
  STORED=$(count "$WORK/http.sqlite")
  CPU=$(cpu $SERVE)
  kill -TERM $SERVE; wait $SERVE || true
  HTTP_RATE=$(python3 -c "print(int($ACCEPTED / ($END - $START)))")
  echo "accepted (202, committed) $ACCEPTED, stored $STORED: $HTTP_RATE messages/s (target 50,000); CPU $CPU s, $(python3 -c "print('%.1f' % ($CPU * 1e6 / max(1, $STORED)))") µs per message (JSON parsing included)"
  baseline "$ACCEPTED" 1000 "$HTTP_RATE" "$CPU" "$STORED" "http bench 0 %ld 0 invoice retry"
done

[ "${SKIP_FTS:-}" = 1 ] && exit 0
FTS=${FTS_DB:-$WORK/fts.sqlite}
if [ -z "${FTS_DB:-}" ]; then
  echo "== FTS over $FTS_ROWS messages (30 days) =="
  "$BIN" migrate --db "$FTS" >/dev/null
  echo "seeded in bulk by the C program (prepared statement, 5,000 per transaction, indexed every 50,000): $("$WORK/baseline" "$FTS" "$FTS_ROWS" 5000 2592000 "" 50000)"
else
  echo "== FTS over $(count "$FTS") messages (30 days, seeded earlier: $FTS) =="
  "$BIN" migrate --db "$FTS" >/dev/null
fi
start_serve "$FTS"
COOKIE=$(bench_cookie "$HPORT")
FROM=$(date -u -d '31 days ago' +%Y-%m-%dT%H:%M:%SZ)
# median of 7 timed requests after one warm-up; prints "NN.N ms (HTTP status, N rows)"
timed() {
  local what=$1; shift
  curl -s -o "$WORK/body" "$@" >/dev/null
  local times=()
  for _ in 1 2 3 4 5 6 7; do times+=("$(curl -s -o "$WORK/body" -w '%{time_total} %{http_code}' "$@")"); done
  printf '%s' "$what: "
  printf '%s\n' "${times[@]}" | python3 -c '
import sys
rows = [l.split() for l in sys.stdin if l.strip()]
ms = sorted(float(t) * 1000 for t, _ in rows)
codes = {c for _, c in rows}
print("median %.1f ms (min %.1f, max %.1f; HTTP %s)" % (ms[len(ms) // 2], ms[0], ms[-1], ",".join(sorted(codes))))'
}
API=(-H "Authorization: Bearer $TOKEN")
timed "API q=gateway, 30 days, first 100" "${API[@]}" -G "http://127.0.0.1:$HPORT/api/v1/logs" --data-urlencode "q=gateway" --data-urlencode "from=$FROM" --data-urlencode "per_page=100"
timed "API q=\"payment gateway\", 30 days, first 100" "${API[@]}" -G "http://127.0.0.1:$HPORT/api/v1/logs" --data-urlencode 'q="payment gateway"' --data-urlencode "from=$FROM" --data-urlencode "per_page=100"
timed "API q=cust*, 30 days, first 100" "${API[@]}" -G "http://127.0.0.1:$HPORT/api/v1/logs" --data-urlencode "q=cust*" --data-urlencode "from=$FROM" --data-urlencode "per_page=100"
timed "API q=gateway, last hour" "${API[@]}" -G "http://127.0.0.1:$HPORT/api/v1/logs" --data-urlencode "q=gateway"
timed "/logs first page (default: last hour, histogram)" -H "Cookie: $COOKIE" "http://127.0.0.1:$HPORT/logs"
timed "/logs?q=gateway first page (last hour)" -H "Cookie: $COOKIE" -G "http://127.0.0.1:$HPORT/logs" --data-urlencode "q=gateway"
timed "/logs first page over 30 days (histogram of every minute)" -H "Cookie: $COOKIE" -G "http://127.0.0.1:$HPORT/logs" --data-urlencode "from=$FROM"
timed "/logs?q=\"payment gateway\" over 30 days" -H "Cookie: $COOKIE" -G "http://127.0.0.1:$HPORT/logs" --data-urlencode 'q="payment gateway"' --data-urlencode "from=$FROM"
grep -c '<tr' "$WORK/body" | sed 's/^/rows on the last page: /'
kill -TERM $SERVE; wait $SERVE || true
