#!/usr/bin/env bash
# Log ingest figures (make bench): TCP syslog for DURATION s (count in == count stored), HTTP batches of 1,000,
# FTS over FTS_ROWS messages, each next to a C program inserting the same rows with prepared statements (the SQLite ceiling).
# Short run: DURATION=5 FTS_ROWS=200000 bash Benchmarks/ingest_bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/release/forewarn}
DURATION=${DURATION:-60}
FTS_ROWS=${FTS_ROWS:-5000000}
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
gcc -O2 -o "$WORK/baseline" Benchmarks/ingest/baseline.c -lsqlite3
count() { sqlite3 "file:$1?mode=ro" "SELECT count(*) FROM log_messages"; }

echo "== TCP syslog, octet counted RFC 5424, ${DURATION} s =="
"$BIN" migrate --db "$WORK/tcp.sqlite" >/dev/null
"$BIN" bridge --db "$WORK/tcp.sqlite" --syslog-tcp 127.0.0.1:0 >"$WORK/bridge.log" 2>&1 &
BRIDGE=$!
for _ in $(seq 100); do grep -q "tcp 127" "$WORK/bridge.log" && break; sleep 0.05; done
PORT=$(grep -o 'tcp 127.0.0.1:[0-9]*' "$WORK/bridge.log" | cut -d: -f2)
START=$(date +%s.%N)
SENT=$(python3 Benchmarks/ingest/tcp_load.py "$PORT" "$DURATION")
for _ in $(seq 600); do [ "$(count "$WORK/tcp.sqlite")" -ge "$SENT" ] && break; sleep 0.1; done
END=$(date +%s.%N)
STORED=$(count "$WORK/tcp.sqlite")
kill -TERM $BRIDGE; wait $BRIDGE || true
echo "sent $SENT, stored $STORED ($([ "$SENT" = "$STORED" ] && echo none lost || echo LOST $((SENT - STORED))))"
echo "stored per second (until the last one was stored): $(echo "$STORED / ($END - $START)" | bc)"
"$BIN" migrate --db "$WORK/base.sqlite" >/dev/null
echo -n "C baseline, same row count, 5,000 per transaction: "; "$WORK/baseline" "$WORK/base.sqlite" "$STORED" 5000

echo "== HTTP POST /api/v1/logs, batches of 1,000, ${DURATION} s =="
"$BIN" migrate --db "$WORK/http.sqlite" >/dev/null
echo "bench password 123456" | "$BIN" user add --admin --db "$WORK/http.sqlite" bench >/dev/null
TOKEN=$("$BIN" token create --db "$WORK/http.sqlite" --user bench --scope write | tail -1)
"$BIN" serve --db "$WORK/http.sqlite" --port 0 --log-level warning >"$WORK/serve.log" 2>&1 &
SERVE=$!
for _ in $(seq 100); do grep -q "is running at" "$WORK/serve.log" && break; sleep 0.05; done
HPORT=$(grep -o 'http://127.0.0.1:[0-9]*' "$WORK/serve.log" | head -1 | cut -d: -f3)
ACCEPTED=$(python3 Benchmarks/ingest/http_load.py "$HPORT" "$TOKEN" "$DURATION")
echo "accepted (202, committed) $ACCEPTED: $((ACCEPTED / DURATION)) messages/s; stored $(count "$WORK/http.sqlite")"
echo -n "C baseline, 1,000 per transaction: "; "$WORK/baseline" "$WORK/base.sqlite" "$ACCEPTED" 1000

echo "== FTS over $FTS_ROWS messages =="
"$BIN" migrate --db "$WORK/fts.sqlite" >/dev/null
echo -n "loading with the C baseline: "; "$WORK/baseline" "$WORK/fts.sqlite" "$FTS_ROWS" 5000
for q in "gateway" '"payment gateway"' "cust*"; do
  echo -n "q=$q (first page, 100 newest): "
  python3 - "$WORK/fts.sqlite" "$q" <<'PY'
import sqlite3, sys, time
db = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
sql = """SELECT m.id FROM log_messages m WHERE m.at >= '2000-01-01' AND m.at < '2100-01-01'
         AND m.id IN (SELECT rowid FROM log_messages_fts WHERE log_messages_fts MATCH ?) ORDER BY m.at DESC, m.id DESC LIMIT 101"""
db.execute(sql, (sys.argv[2],)).fetchall()
t = time.time(); rows = db.execute(sql, (sys.argv[2],)).fetchall(); print("%.1f ms (%d rows)" % ((time.time() - t) * 1000, len(rows)))
PY
done
kill -TERM $SERVE; wait $SERVE || true
