#!/usr/bin/env bash
# Slow-headers (Slowloris) attack on loopback while a probe fetches /healthz once a second from another loopback
# address (127.0.0.2, so the per-IP connection limit that stops the attacker does not count the probe).
# Target: >= 99% of probes answered. Stops by itself after DURATION seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${STRESS_DURATION:-30}
CONNECTIONS=${STRESS_CONNECTIONS:-1000}
PORT=18184
OUT=bench-results
mkdir -p "$OUT"
DB="$OUT/stress.sqlite"
rm -f "$DB" "$DB-wal" "$DB-shm"
.build/release/forewarn serve --db "$DB" --port $PORT --log-level warning >"$OUT/stress-serve.log" 2>&1 & SERVER=$!
trap 'kill $SERVER $ATTACK 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done

slowhttptest -H -c "$CONNECTIONS" -r 200 -i 5 -x 24 -l "$DURATION" -p 3 -u "http://127.0.0.1:$PORT/" >"$OUT/slowhttptest.log" 2>&1 & ATTACK=$!
sleep 3
answered=0; total=0
end=$((SECONDS + DURATION - 5))
while [ $SECONDS -lt $end ]; do
  total=$((total + 1))
  if curl -sf --interface 127.0.0.2 --max-time 2 "http://127.0.0.1:$PORT/healthz" >/dev/null; then answered=$((answered + 1)); fi
  sleep 1
done
wait $ATTACK 2>/dev/null || true
held=$(grep -E "connected:" "$OUT/slowhttptest.log" | tail -1 || true)
python3 - "$answered" "$total" <<'PY'
import sys
answered, total = int(sys.argv[1]), int(sys.argv[2])
share = answered / total if total else 0
print(f"slow-headers attack: {answered} of {total} probes answered ({share:.1%}); target >= 99%  {'OK' if share >= 0.99 else 'BELOW TARGET'}")
PY
echo "attacker's last status line: ${held:-n/a}"
