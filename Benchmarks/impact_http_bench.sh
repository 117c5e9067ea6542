#!/usr/bin/env bash
# Impact as users see it on the 100,000-server demo: `POST /api/v1/impact` (first page, and ?include=all) and the
# declaration form's preview (`POST /downtimes`) for cluster vm-ams-2 and region na-west. Server time and request CPU
# (`cpu=`) from the access log, median of 10; bytes per answer; the load average with each line. Targets (#14):
# cluster <= 50 ms, region <= 300 ms, API and form. The resolver alone is printed by impact-bench just before this.
# One command: `bash Benchmarks/impact_http_bench.sh` (BIN= the binary measured, default .build/release/forewarn;
# BASE= an older binary measured first in the same run, on the same database). Loopback only, free ports.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=bench-results
mkdir -p "$OUT"
DB="$OUT/inventory-100k.sqlite"
BINARIES=("${BIN:-.build/release/forewarn}")
[ -n "${BASE:-}" ] && BINARIES=("$BASE" "${BINARIES[0]}")
if [ ! -f "$DB" ]; then "${BINARIES[-1]}" demo-data --db "$DB" --servers 100000 --seed 42 >/dev/null; fi
source Benchmarks/bench_login.sh
CSRF=bench-csrf-token-0123456789

times_of() { # label target_ms -> reads request ids on stdin, prints median server time and bytes
  local label=$1 target=$2 ids bytes
  ids=$(cat)
  bytes=$(cat "$OUT/impact-bytes.txt")
  sleep 0.05
  for id in $ids; do grep "id=$id\$" "$OUT/impact-serve.log" | sed -E 's/.* cpu=([0-9.]+)ms ([0-9.]+)ms id=.*/\2 \1/'; done > "$OUT/impact-times.txt"
  python3 - "$label" "$target" "$bytes" "$OUT/impact-times.txt" <<'PY'
import statistics, sys
label, target, size, path = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rows = [tuple(map(float, x.split())) for x in open(path) if x.strip()]
med = statistics.median(r[0] for r in rows)
cpu = statistics.median(r[1] for r in rows)
verdict = "" if target <= 0 else ("OK" if med <= target else "OVER TARGET")
load = " ".join(open("/proc/loadavg").read().split()[:3])
print(f"{label:44s} server time median {med:7.1f} ms, CPU {cpu:6.1f} ms  {size/1e6:6.2f} MB  {'target <= %.0f ms ' % target if target > 0 else ''}{verdict:11s} load {load}")
PY
}
api() { # label json query target
  local label=$1 json=$2 query=$3 target=$4
  for _ in 1 2; do curl -s -o /dev/null -X POST -H 'Content-Type: application/json' -H "Authorization: Bearer $TOKEN" -d "$json" "http://127.0.0.1:$PORT/api/v1/impact$query"; done
  for _ in $(seq 1 10); do
    curl -s -D - -o "$OUT/impact-body" -X POST -H 'Content-Type: application/json' -H "Authorization: Bearer $TOKEN" -d "$json" "http://127.0.0.1:$PORT/api/v1/impact$query" \
      | awk -F': ' 'tolower($1)=="x-request-id" {print $2}' | tr -d '\r'
    wc -c < "$OUT/impact-body" > "$OUT/impact-bytes.txt"
  done | times_of "$label" "$target"
}
form() { # label kind name target
  local label=$1 kind=$2 name=$3 target=$4
  local data=(--data-urlencode "_csrf=$CSRF" --data-urlencode "title=bench preview" --data-urlencode "kind=planned"
              --data-urlencode "target_kind=$kind" --data-urlencode "target_name=$name" --data-urlencode "starts_at=2031-01-12T22:00"
              --data-urlencode "ends_at=2031-01-13T02:00" --data-urlencode "time_zone=UTC")
  for _ in $(seq 1 10); do
    curl -s -D - -o "$OUT/impact-body" -H "Cookie: $COOKIE; forewarn_csrf=$CSRF" -H "Origin: http://127.0.0.1:$PORT" "${data[@]}" "http://127.0.0.1:$PORT/downtimes" \
      | awk -F': ' 'tolower($1)=="x-request-id" {print $2}' | tr -d '\r'
    wc -c < "$OUT/impact-body" > "$OUT/impact-bytes.txt"
  done | times_of "$label" "$target"
  grep -q "Preview" "$OUT/impact-body" || grep -q "impact-summary" "$OUT/impact-body" || echo "  (the form did not show a preview: check $OUT/impact-body)"
}
when='"starts_at":"2031-01-12T22:00:00","ends_at":"2031-01-13T02:00:00","time_zone":"UTC"'
CLUSTER_JSON="{\"targets\":[{\"kind\":\"cluster\",\"name\":\"vm-ams-2\"}],$when}"
REGION_JSON="{\"targets\":[{\"kind\":\"region\",\"name\":\"na-west\"}],$when}"
for BIN in "${BINARIES[@]}"; do
  export BIN
  echo "$BIN"
  PORT=${BENCH_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
  bench_serve "$DB" "$PORT" info "$OUT/impact-serve.log"
  COOKIE=$(bench_cookie "$PORT")
  api "API cluster vm-ams-2 (first page)" "$CLUSTER_JSON" "" 50
  api "API region na-west (first page)" "$REGION_JSON" "" 300
  api "API cluster vm-ams-2 ?include=all" "$CLUSTER_JSON" "?include=all" 0
  api "API region na-west ?include=all" "$REGION_JSON" "?include=all" 0
  form "form preview cluster vm-ams-2" cluster vm-ams-2 50
  form "form preview region na-west" region na-west 300
  kill "$SERVE_PID"; wait "$SERVE_PID" 2>/dev/null || true
done
