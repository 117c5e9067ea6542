#!/usr/bin/env bash
# Cost of queuing notices inside an action, and SMTP delivery throughput to a local aiosmtpd sink.
# Fixed data: demo inventory of 20,000 servers (seed 42), a downtime on its largest region.
# Baseline in the same run: cancelling a draft (same request path, nothing to queue) vs cancelling the announced one.
set -euo pipefail
cd "$(dirname "$0")/.."
B=${FOREWARN_BIN:-.build/release/forewarn}
WORK=$(mktemp -d)
trap 'kill $SERVE $SINK 2>/dev/null || true; rm -rf "$WORK"' EXIT
$B demo-data --db "$WORK/f.sqlite" --servers 20000 --seed 42 >/dev/null
printf '%s\n' 'a long enough password' | $B user add --admin --db "$WORK/f.sqlite" bench >/dev/null
TOKEN=$($B token create --db "$WORK/f.sqlite" --user bench --scope write)
mkdir "$WORK/mail"
python3 Tests/ForewarnTestSupport/Mail/smtp_sink.py "$WORK/mail" --timeout 900 > "$WORK/sink.port" & SINK=$!
sleep 1; SMTP_PORT=$(head -1 "$WORK/sink.port")
# Mail off at first, so queuing is measured without delivery competing for the CPU.
$B serve --db "$WORK/f.sqlite" --port 8097 --log-level warning > "$WORK/serve.log" 2>&1 & SERVE=$!
sleep 2
REGION=$(sqlite3 "$WORK/f.sqlite" "SELECT r.name FROM regions r JOIN servers s ON s.region_id = r.id OR s.cluster_id IN (SELECT id FROM clusters WHERE region_id = r.id) GROUP BY r.id ORDER BY count(*) DESC LIMIT 1")
api() { curl -s -o /dev/null -w "%{time_total}" -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" "$@"; }
declare_one() {
  curl -s -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" -d "{\"title\":\"Bench $1\",\"kind\":\"planned\",\"targets\":[{\"kind\":\"region\",\"name\":\"$REGION\"}],\"starts_at\":\"2027-0$1-10T22:00:00\",\"ends_at\":\"2027-0$1-11T02:00:00\",\"time_zone\":\"UTC\"}" http://127.0.0.1:8097/api/v1/downtimes | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'
}
best() { sort -n | head -1; }
BASE=""; WITH=""
for round in 1 2 3; do
  A=$(declare_one 1); D=$(declare_one 2)
  api -X POST "http://127.0.0.1:8097/api/v1/downtimes/$A/announce" >/dev/null
  BASE="$BASE $(api -X POST http://127.0.0.1:8097/api/v1/downtimes/$D/cancel)"
  WITH="$WITH $(api -X POST http://127.0.0.1:8097/api/v1/downtimes/$A/cancel)"
done
ROWS=$(sqlite3 "$WORK/f.sqlite" "SELECT count(*) FROM outbox o JOIN notice_events e ON e.id = o.notice_event_id WHERE e.event = 'cancel'")
B_S=$(echo $BASE | tr ' ' '\n' | best); W_S=$(echo $WITH | tr ' ' '\n' | best)
echo "notices: region $REGION, $((ROWS / 3)) recipients per event"
echo "notices: cancel of a draft (baseline) ${B_S}s, cancel queuing notices ${W_S}s, ratio $(python3 -c "print(round($W_S/$B_S, 2))")x"
TOTAL=$(sqlite3 "$WORK/f.sqlite" "SELECT count(*) FROM outbox")
kill $SERVE; wait $SERVE 2>/dev/null || true
START=$(date +%s.%N)
$B serve --db "$WORK/f.sqlite" --port 8097 --log-level warning --smtp-url "smtp://127.0.0.1:$SMTP_PORT" --mail-from bench@example.com > "$WORK/serve.log" 2>&1 & SERVE=$!
while [ "$(sqlite3 "$WORK/f.sqlite" "SELECT count(*) FROM outbox WHERE status = 'queued'")" != "0" ]; do sleep 0.5; done
END=$(date +%s.%N)
echo "notices: delivered $TOTAL messages to aiosmtpd in $(python3 -c "print(round($END-$START, 1))")s ($(python3 -c "print(round($TOTAL/($END-$START)))") msg/s, one SMTP connection per pass of 20)"
