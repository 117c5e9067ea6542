#!/usr/bin/env bash
# HTTP throughput of Forewarn against a C libmicrohttpd hello-world, measured in the same run.
# Targets (DESIGN.md, #14): static asset >= 0.9x the C baseline, home page (DB read + template) >= 0.5x;
# /healthz p99 <= 50 ms while 20 sign-ins and 5 large PDFs run at once (Benchmarks/busy_bench.sh).
# BIN= the binary measured (default .build/release/forewarn). The home page is asked for as a browser does after its
# first page (session and CSRF cookies: the page is kept) and, printed beside it, as a first visit (no CSRF cookie:
# rendered every time); Benchmarks/home_bench.sh measures it in detail. Loopback only, free ports.
# The server runs with --log-level warning, as the C server logs nothing: static files then take the fast path
# (StaticFastPath; with the access log on they take the ordinary path, which logs them). BENCH_ROUNDS (3) interleaved
# rounds of BENCH_DURATION (5) seconds per address; Benchmarks/static_callgrind.sh counts instructions per request.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${BENCH_DURATION:-5}
CONNECTIONS=${BENCH_CONNECTIONS:-50}
OUT=bench-results
mkdir -p "$OUT"
gcc -O2 -o "$OUT/hello" Benchmarks/hello.c $(pkg-config --cflags --libs libmicrohttpd)

BIN=${BIN:-.build/release/forewarn}
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
C_PORT=$(free_port)
C_BIG_PORT=$(free_port)
F_PORT=$(free_port)
DB="$OUT/bench.sqlite"
rm -f "$DB" "$DB-wal" "$DB-shm"

source Benchmarks/bench_login.sh
"$BIN" migrate --db "$DB" >/dev/null
bench_user "$DB"
"$OUT/hello" $C_PORT 2 & C_PID=$!
# The C server again, answering a body as large as the compressed stylesheet (the kernel's share of a big asset).
CSS_GZ_BYTES=$(gzip -6 -c Resources/Public/css/forewarn.css | wc -c)
"$OUT/hello" $C_BIG_PORT 2 "$CSS_GZ_BYTES" & C_BIG_PID=$!
"$BIN" serve --db "$DB" --port $F_PORT --threads 2 --log-level warning >"$OUT/serve.log" 2>&1 & F_PID=$!
trap 'kill $C_PID $C_BIG_PID $F_PID 2>/dev/null || true' EXIT
for port in $C_PORT $C_BIG_PORT $F_PORT; do
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 || curl -sf "http://127.0.0.1:$port/" >/dev/null 2>&1 && break; sleep 0.1; done
done

COOKIE=$(bench_cookie $F_PORT)
[ -n "$COOKIE" ] || { echo "could not sign in to the bench server"; exit 1; }
rps() { # url [header] -> requests per second
  if [ $# -gt 1 ]; then wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -H "$2" "$1" | awk '/Requests\/sec/ {print $2}'
  else wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" "$1" | awk '/Requests\/sec/ {print $2}'; fi
}
# Warm up both, then measure in ROUNDS interleaved rounds (each: the C server, every Forewarn address, the C server
# again); a ratio is taken within its round against the better of that round's two C runs, and the median round is
# printed, so a build or another job starting halfway moves all figures of a round alike.
ROUNDS=${BENCH_ROUNDS:-3}
wrk -t2 -c"$CONNECTIONS" -d2s "http://127.0.0.1:$C_PORT/" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d2s -H "Cookie: $COOKIE" "http://127.0.0.1:$F_PORT/" >/dev/null
# What a browser fetches: the fingerprinted name from the layout, gzip accepted.
CSS_URL=$(curl -s "http://127.0.0.1:$F_PORT/login" | grep -o '/static/css/forewarn\.[0-9a-f]*\.css' | head -1)
HOME_STATUS=$(curl -s -o /dev/null -w "%{http_code}" -H "Cookie: $COOKIE" "http://127.0.0.1:$F_PORT/")
[ "$HOME_STATUS" = 200 ] || { echo "home page answered $HOME_STATUS, not 200: the measurement would be wrong"; exit 1; }
: >"$OUT/http-bench.rounds"
for _ in $(seq 1 "$ROUNDS"); do
  C=$(rps "http://127.0.0.1:$C_PORT/")
  STATIC_GZ=$(rps "http://127.0.0.1:$F_PORT$CSS_URL" "Accept-Encoding: gzip")
  C_BIG=$(rps "http://127.0.0.1:$C_BIG_PORT/")
  ICON=$(rps "http://127.0.0.1:$F_PORT/static/favicon.svg")
  STATIC=$(rps "http://127.0.0.1:$F_PORT/static/css/forewarn.css")
  HOME_FIRST=$(rps "http://127.0.0.1:$F_PORT/" "Cookie: $COOKIE")
  HOME_PAGE=$(rps "http://127.0.0.1:$F_PORT/" "Cookie: $COOKIE; forewarn_csrf=benchbenchbenchbenchbenchbenchbenchbench123")
  C2=$(rps "http://127.0.0.1:$C_PORT/")
  echo "$C $C2 $STATIC_GZ $C_BIG $ICON $STATIC $HOME_FIRST $HOME_PAGE $(cut -d' ' -f1 /proc/loadavg)" >>"$OUT/http-bench.rounds"
done

python3 - "$OUT/http-bench.rounds" "$BIN" "$CSS_GZ_BYTES" <<'PY'
import statistics, sys
rounds = [list(map(float, line.split())) for line in open(sys.argv[1]) if line.strip()]
gz_bytes = int(sys.argv[3])
def median(values): return statistics.median(values)
base = [max(r[0], r[1]) for r in rounds]
def ratio(i): return median([r[i] / b for r, b in zip(rounds, base)])
def rate(i): return median([r[i] for r in rounds])
print(f"binary: {sys.argv[2]}; {len(rounds)} interleaved rounds, load average at their ends {', '.join(f'{r[8]:.2f}' for r in rounds)}")
print(f"C libmicrohttpd hello-world   {median(base):10.0f} req/s   (baseline: the better of each round's two runs; median round)")
css_gz, icon = ratio(2), ratio(4)
print(f"Forewarn CSS, fingerprinted, gzip (as browsers ask) {rate(2):10.0f} req/s   ratio {css_gz:.2f}x   target >= 0.90x  {'OK' if css_gz >= 0.9 else 'BELOW TARGET'}")
print(f"  the same against the C server answering {gz_bytes} bytes ({rate(3):.0f} req/s): ratio {median([r[2] / r[3] for r in rounds]):.2f}x")
print(f"Forewarn favicon.svg (small)  {rate(4):10.0f} req/s   ratio {icon:.2f}x   target >= 0.90x  {'OK' if icon >= 0.9 else 'BELOW TARGET'}")
print(f"Forewarn CSS, 31 KB, no gzip  {rate(5):10.0f} req/s   ratio {ratio(5):.2f}x   (bytes on loopback: the C server sends 14)")
home = ratio(7)
print(f"Forewarn home page, signed in {rate(7):10.0f} req/s   ratio {home:.2f}x   target >= 0.50x  {'OK' if home >= 0.5 else 'BELOW TARGET'}")
print(f"  the same, first visit (no CSRF cookie yet: rendered each time) {rate(6):10.0f} req/s   ratio {ratio(6):.2f}x")
print("per round (C, C again, CSS gz, C 7 KB, favicon, CSS, home first, home, load):")
for r in rounds: print("  " + " ".join(f"{v:.0f}" for v in r[:8]) + f"  {r[8]:.2f}")
PY

bash Benchmarks/busy_bench.sh
