#!/usr/bin/env bash
# HTTP throughput of Forewarn against a C libmicrohttpd hello-world, measured in the same run.
# Targets (DESIGN.md, #14): static asset >= 0.9x the C baseline, home page (DB read + template) >= 0.5x;
# /healthz p99 <= 50 ms while 20 sign-ins and 5 large PDFs run at once (Benchmarks/busy_bench.sh).
# BIN= the binary measured (default .build/release/forewarn). The home page is asked for as a browser does after its
# first page (session and CSRF cookies: the page is kept) and, printed beside it, as a first visit (no CSRF cookie:
# rendered every time); Benchmarks/home_bench.sh measures it in detail. Loopback only, free ports.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${BENCH_DURATION:-8}
CONNECTIONS=${BENCH_CONNECTIONS:-50}
OUT=bench-results
mkdir -p "$OUT"
gcc -O2 -o "$OUT/hello" Benchmarks/hello.c $(pkg-config --cflags --libs libmicrohttpd)

BIN=${BIN:-.build/release/forewarn}
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
C_PORT=$(free_port)
F_PORT=$(free_port)
DB="$OUT/bench.sqlite"
rm -f "$DB" "$DB-wal" "$DB-shm"

source Benchmarks/bench_login.sh
"$BIN" migrate --db "$DB" >/dev/null
bench_user "$DB"
"$OUT/hello" $C_PORT 2 & C_PID=$!
"$BIN" serve --db "$DB" --port $F_PORT --threads 2 --log-level warning >"$OUT/serve.log" 2>&1 & F_PID=$!
trap 'kill $C_PID $F_PID 2>/dev/null || true' EXIT
for port in $C_PORT $F_PORT; do
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 || curl -sf "http://127.0.0.1:$port/" >/dev/null 2>&1 && break; sleep 0.1; done
done

COOKIE=$(bench_cookie $F_PORT)
[ -n "$COOKIE" ] || { echo "could not sign in to the bench server"; exit 1; }
rps() { # url [header] -> requests per second
  if [ $# -gt 1 ]; then wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -H "$2" "$1" | awk '/Requests\/sec/ {print $2}'
  else wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" "$1" | awk '/Requests\/sec/ {print $2}'; fi
}
# Warm up both, then measure.
wrk -t2 -c"$CONNECTIONS" -d2s "http://127.0.0.1:$C_PORT/" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d2s -H "Cookie: $COOKIE" "http://127.0.0.1:$F_PORT/" >/dev/null
C=$(rps "http://127.0.0.1:$C_PORT/")
STATIC=$(rps "http://127.0.0.1:$F_PORT/static/css/forewarn.css")
# What a browser fetches: the fingerprinted name from the layout, gzip accepted.
CSS_URL=$(curl -s "http://127.0.0.1:$F_PORT/login" | grep -o '/static/css/forewarn\.[0-9a-f]*\.css' | head -1)
STATIC_GZ=$(rps "http://127.0.0.1:$F_PORT$CSS_URL" "Accept-Encoding: gzip")
ICON=$(rps "http://127.0.0.1:$F_PORT/static/favicon.svg")
HOME_FIRST=$(rps "http://127.0.0.1:$F_PORT/" "Cookie: $COOKIE")
HOME_PAGE=$(rps "http://127.0.0.1:$F_PORT/" "Cookie: $COOKIE; forewarn_csrf=benchbenchbenchbenchbenchbenchbenchbench123")
HOME_STATUS=$(curl -s -o /dev/null -w "%{http_code}" -H "Cookie: $COOKIE" "http://127.0.0.1:$F_PORT/")
[ "$HOME_STATUS" = 200 ] || { echo "home page answered $HOME_STATUS, not 200: the measurement would be wrong"; exit 1; }
C2=$(rps "http://127.0.0.1:$C_PORT/")
BASE=$(python3 -c "print(max($C, $C2))")

python3 - "$BASE" "$STATIC" "$HOME_PAGE" "$STATIC_GZ" "$ICON" "$HOME_FIRST" "$BIN" <<'PY'
import sys
base, static, home, static_gz, icon, home_first = map(float, sys.argv[1:7])
print(f"binary: {sys.argv[7]}; load average {' '.join(open('/proc/loadavg').read().split()[:3])}")
print(f"C libmicrohttpd hello-world   {base:10.0f} req/s   (baseline, best of two runs)")
print(f"Forewarn CSS, fingerprinted, gzip (as browsers ask) {static_gz:10.0f} req/s   ratio {static_gz/base:.2f}x   target >= 0.90x  {'OK' if static_gz/base >= 0.9 else 'BELOW TARGET'}")
print(f"Forewarn favicon.svg (small)  {icon:10.0f} req/s   ratio {icon/base:.2f}x   target >= 0.90x  {'OK' if icon/base >= 0.9 else 'BELOW TARGET'}")
print(f"Forewarn CSS, 24 KB, no gzip  {static:10.0f} req/s   ratio {static/base:.2f}x   (bytes on loopback: the C server sends 12)")
print(f"Forewarn home page, signed in {home:10.0f} req/s   ratio {home/base:.2f}x   target >= 0.50x  {'OK' if home/base >= 0.5 else 'BELOW TARGET'}")
print(f"  the same, first visit (no CSRF cookie yet: rendered each time) {home_first:10.0f} req/s   ratio {home_first/base:.2f}x")
PY

bash Benchmarks/busy_bench.sh
