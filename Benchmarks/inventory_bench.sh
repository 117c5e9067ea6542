#!/usr/bin/env bash
# Inventory at scale: demo-data load of 100,000 servers (target < 60 s) and list-page server times on it
# (targets: a page of 50 <= 20 ms, search <= 20 ms: substrings of names and descriptions in any case through the
# trigram indexes, #20). Fixed seed and size.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=bench-results
mkdir -p "$OUT"
DB="$OUT/inventory-100k.sqlite"
PORT=18183
SERVERS=${BENCH_SERVERS:-100000}
rm -f "$DB" "$DB-wal" "$DB-shm"

start=$(date +%s.%N)
.build/release/forewarn demo-data --db "$DB" --servers "$SERVERS" --seed 42
end=$(date +%s.%N)
LOAD=$(python3 -c "print(f'{$end - $start:.1f}')")

source Benchmarks/bench_login.sh
bench_user "$DB"
TOKEN=$(bench_token "$DB")
.build/release/forewarn serve --db "$DB" --port $PORT --threads 2 --log-level info >"$OUT/inventory-serve.log" 2>&1 & PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
COOKIE=$(bench_cookie $PORT)

# Server time is what the access log records from request start to response queued; 20 runs each, median.
measure() { # label path target_ms
  local label=$1 path=$2 target=$3
  local status auth
  case "$path" in /api/*) auth="Authorization: Bearer $TOKEN" ;; *) auth="X-Bench: 1" ;; esac
  status=$(curl -s -o /dev/null -w "%{http_code}" -H "Cookie: $COOKIE" -H "$auth" "http://127.0.0.1:$PORT$path")
  [ "$status" = 200 ] || { echo "$path answered $status, not 200"; return 1; }
  for _ in $(seq 1 3); do curl -s -o /dev/null -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT$path"; done
  : > "$OUT/times.txt"
  for _ in $(seq 1 20); do
    id=$(curl -s -D - -o /dev/null -H "Cookie: $COOKIE" -H "$auth" "http://127.0.0.1:$PORT$path" | awk -F': ' 'tolower($1)=="x-request-id" {print $2}' | tr -d '\r')
    sleep 0.01
    grep "id=$id\$" "$OUT/inventory-serve.log" | sed -E 's/.* ([0-9.]+)ms id=.*/\1/' >> "$OUT/times.txt"
  done
  python3 - "$label" "$target" "$OUT/times.txt" <<'PY'
import statistics, sys
label, target, path = sys.argv[1], float(sys.argv[2]), sys.argv[3]
times = [float(x) for x in open(path) if x.strip()]
med = statistics.median(times)
print(f"{label:44s} median {med:7.2f} ms  p90 {sorted(times)[int(len(times)*0.9)-1]:7.2f} ms  {med/target:5.2f}x of the {target:.0f} ms target  {'OK' if med <= target else 'OVER TARGET'}")
PY
}
echo "demo-data --servers $SERVERS loaded in $LOAD s (target < 60 s)"
measure "servers list, page 1 of 50" "/servers" 20
measure "servers list, page 1000" "/servers?page=1000" 20
measure "servers search by name prefix" "/servers?q=srv-ams-0001" 20
measure "servers search, substring in any case" "/servers?q=MS-0001" 20
measure "servers search, substring (API)" "/api/v1/servers?q=lon-000" 20
measure "servers search, two letters (LIKE scan)" "/servers?q=Ms" 20
measure "servers search matching every server" "/servers?q=srv" 20
measure "clusters search, description word" "/clusters?q=CLUSTER%20OF%206" 20
measure "servers in a region with sub-regions" "/servers?region=eu" 20
measure "servers filtered by environment" "/servers?environment=DEV" 20
measure "servers filtered by region" "/servers?region=eu-west-1" 20
measure "API servers search by prefix" "/api/v1/servers?q=srv-lon" 20
measure "server detail page" "/servers/5000" 20

# The change-impact report page for a downtime with thousands of affected rows (a cluster whose services fan out).
CLUSTER=$(sqlite3 "$DB" "SELECT c.name FROM clusters c JOIN servers s ON s.cluster_id = c.id GROUP BY c.id ORDER BY count(*) DESC, c.name LIMIT 1" 2>/dev/null || echo "")
if [ -n "$CLUSTER" ]; then
  ID=$(curl -s -X POST -H 'Content-Type: application/json' -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/downtimes" \
    -d "{\"title\":\"bench\",\"kind\":\"planned\",\"targets\":[{\"kind\":\"cluster\",\"name\":\"$CLUSTER\"}],\"starts_at\":\"2030-01-12T22:00:00\",\"ends_at\":\"2030-01-13T02:00:00\",\"time_zone\":\"UTC\"}" \
    | python3 -c "import json,sys; print(json.load(sys.stdin)['id'])")
  curl -s -X POST -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/downtimes/$ID/announce" >/dev/null
  ROWS=$(curl -s -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT/downtimes/$ID/report" | grep -o "<tr>" | wc -l)
  echo "report of DT-$ID (cluster $CLUSTER): $ROWS table rows"
  # No target in DESIGN.md for the HTML page; 1 s is the budget we hold it to (the PDF has its own target).
  measure "change-impact report page ($ROWS rows)" "/downtimes/$ID/report" 1000
fi
