#!/usr/bin/env bash
# Instruction counts per signed-in home page request (valgrind callgrind: exact, independent of machine load), and
# the functions they go to. usage: Benchmarks/home/callgrind.sh BINARY [REQUESTS] [PATH]
# -> prints Ir/request and the top 25. A PATH under /api/ is asked with a write API token instead of the session cookie.
# The session cookie comes with a CSRF cookie, as a browser sends after its first page (the home page is kept per
# session only then); NO_CSRF=1 leaves it out (every page rendered and a new token set, as before session 8).
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=$1; REQUESTS=${2:-200}; TARGET=${3:-/}
OUT=bench-results/callgrind-$(basename "$BIN")$(echo "$TARGET" | tr -c "a-z0-9\n" "-")
rm -rf "$OUT"; mkdir -p "$OUT"
export BIN
source Benchmarks/bench_login.sh
"$BIN" migrate --db "$OUT/db.sqlite" >/dev/null
bench_user "$OUT/db.sqlite"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$OUT/callgrind.out" \
  "$BIN" serve --db "$OUT/db.sqlite" --port "$PORT" --threads 2 --log-level warning >"$OUT/serve.log" 2>&1 & PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
if [[ "$TARGET" == /api/* ]]; then CREDENTIAL=$(bench_token "$OUT/db.sqlite"); else CREDENTIAL=$(bench_cookie "$PORT"); fi
if [[ "$TARGET" != /api/* && -z "${NO_CSRF:-}" ]]; then CREDENTIAL="$CREDENTIAL; forewarn_csrf=benchbenchbenchbenchbenchbenchbenchbench123"; fi
python3 Benchmarks/home/requests.py "$PORT" "$CREDENTIAL" 20 "$TARGET"
callgrind_control -i on "$PID" >/dev/null
python3 Benchmarks/home/requests.py "$PORT" "$CREDENTIAL" "$REQUESTS" "$TARGET"
callgrind_control -i off "$PID" >/dev/null
callgrind_control -d "$PID" >/dev/null
sleep 1
kill $PID; wait $PID 2>/dev/null || true
FILE=$(ls -S "$OUT"/callgrind.out* | head -1)
TOTAL=$(callgrind_annotate "$FILE" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
echo "$BIN: $((TOTAL / REQUESTS)) instructions per request to $TARGET ($REQUESTS requests)"
callgrind_annotate --inclusive=yes "$FILE" 2>/dev/null | grep -E "^ *[0-9,]+ \(" | head -60 > "$OUT/inclusive.txt"
callgrind_annotate "$FILE" 2>/dev/null | grep -E "^ *[0-9,]+ \(" | head -25
