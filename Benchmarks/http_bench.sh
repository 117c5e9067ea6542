#!/usr/bin/env bash
# HTTP throughput of Forewarn against a C libmicrohttpd hello-world, measured in the same run.
# Targets (DESIGN.md, #14): static asset >= 0.9x the C baseline, home page (DB read + template) >= 0.5x;
# /healthz p99 <= 50 ms while 20 sign-ins and 5 large PDFs run at once (Benchmarks/busy_bench.sh).
# BIN= the binary measured (default .build/release/forewarn). The home page is asked for as a browser does after its
# first page (session and CSRF cookies: the page is kept) and, printed beside it, as a first visit (no CSRF cookie:
# rendered every time); Benchmarks/home_bench.sh measures it in detail. Loopback only, free ports.
# The server runs with --log-level warning, as the C server logs nothing: static files then take the fast path
# (StaticFastPath; with the access log on they take the ordinary path, which logs them). BENCH_ROUNDS (5) interleaved
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
rps() { # pid url [header] -> requests per second and the server's CPU per request in µs (utime+stime of that process)
  local pid=$1; shift
  local before; before=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  local out
  if [ $# -gt 1 ]; then out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -H "$2" "$1"); else out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" "$1"); fi
  local after; after=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  local rate count
  rate=$(echo "$out" | awk '/Requests\/sec/ {print $2}'); count=$(echo "$out" | awk '/requests in/ {print $1}')
  python3 -c "import os; print(f'{$rate} {($after - $before) * 1e6 / os.sysconf(\"SC_CLK_TCK\") / $count:.3f}')"
}
# Warm up both, then measure in ROUNDS interleaved rounds (each: the C server, every Forewarn address, the C server
# again); a ratio is taken within its round against the mean of that round's two C runs (and, printed beside it, the better
# of the two), with the server CPU per request of each (from /proc), and the median round is
# printed, so a build or another job starting halfway moves all figures of a round alike.
ROUNDS=${BENCH_ROUNDS:-5}
wrk -t2 -c"$CONNECTIONS" -d2s "http://127.0.0.1:$C_PORT/" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d2s -H "Cookie: $COOKIE" "http://127.0.0.1:$F_PORT/" >/dev/null
# What a browser fetches: the fingerprinted name from the layout, gzip accepted.
CSS_URL=$(curl -s "http://127.0.0.1:$F_PORT/login" | grep -o '/static/css/forewarn\.[0-9a-f]*\.css' | head -1)
HOME_STATUS=$(curl -s -o /dev/null -w "%{http_code}" -H "Cookie: $COOKIE" "http://127.0.0.1:$F_PORT/")
[ "$HOME_STATUS" = 200 ] || { echo "home page answered $HOME_STATUS, not 200: the measurement would be wrong"; exit 1; }
: >"$OUT/http-bench.rounds"
for _ in $(seq 1 "$ROUNDS"); do
  C=$(rps $C_PID "http://127.0.0.1:$C_PORT/")
  STATIC_GZ=$(rps $F_PID "http://127.0.0.1:$F_PORT$CSS_URL" "Accept-Encoding: gzip")
  C_BIG=$(rps $C_BIG_PID "http://127.0.0.1:$C_BIG_PORT/")
  ICON=$(rps $F_PID "http://127.0.0.1:$F_PORT/static/favicon.svg")
  STATIC=$(rps $F_PID "http://127.0.0.1:$F_PORT/static/css/forewarn.css")
  HOME_FIRST=$(rps $F_PID "http://127.0.0.1:$F_PORT/" "Cookie: $COOKIE")
  HOME_PAGE=$(rps $F_PID "http://127.0.0.1:$F_PORT/" "Cookie: $COOKIE; forewarn_csrf=benchbenchbenchbenchbenchbenchbenchbench123")
  C2=$(rps $C_PID "http://127.0.0.1:$C_PORT/")
  echo "$C $STATIC_GZ $C_BIG $ICON $STATIC $HOME_FIRST $HOME_PAGE $C2 $(cut -d' ' -f1 /proc/loadavg)" >>"$OUT/http-bench.rounds"
done

python3 - "$OUT/http-bench.rounds" "$BIN" "$CSS_GZ_BYTES" <<'PY'
import statistics, sys
# Each line: (req/s, server CPU µs per request) for C, CSS gz, C 7 KB, favicon, CSS, home first, home, C again; load.
names = ["c", "css_gz", "c_big", "icon", "css", "home_first", "home", "c2"]
rounds = []
for line in open(sys.argv[1]):
    v = list(map(float, line.split()))
    if v: rounds.append({**{n: (v[2 * i], v[2 * i + 1]) for i, n in enumerate(names)}, "load": v[16]})
gz_bytes = int(sys.argv[3])
med = statistics.median
def c_rate(r): return (r["c"][0] + r["c2"][0]) / 2      # the C server at that moment: the mean of the runs around
def c_best(r): return max(r["c"][0], r["c2"][0])        # conservative: the better of the two
def c_cpu(r): return (r["c"][1] + r["c2"][1]) / 2
def line(label, key, target=None, against=c_rate, cpu=True):
    ratio = med([r[key][0] / against(r) for r in rounds]); best = med([r[key][0] / c_best(r) for r in rounds])
    verdict = f"   target >= {target:.2f}x  {'OK' if ratio >= target else 'BELOW TARGET'}" if target else ""
    extra = f"; CPU {med([r[key][1] for r in rounds]):.2f} µs/request, {med([c_cpu(r) / r[key][1] for r in rounds]):.2f}x the C server's" if cpu else ""
    print(f"{label:52s} {med([r[key][0] for r in rounds]):8.0f} req/s   ratio {ratio:.2f}x (against the better C run {best:.2f}x){verdict}{extra}")
loads = ", ".join(f"{r['load']:.2f}" for r in rounds)
print(f"binary: {sys.argv[2]}; {len(rounds)} interleaved rounds, load average at their ends {loads}")
print(f"C libmicrohttpd hello-world {med([c_rate(r) for r in rounds]):8.0f} req/s, {med([c_cpu(r) for r in rounds]):.2f} µs CPU/request   (baseline: the mean of the C runs before and after, per round; median round)")
line("Forewarn CSS, fingerprinted, gzip (as browsers ask)", "css_gz", 0.9)
print(f"  the same against the C server answering {gz_bytes} bytes ({med([r['c_big'][0] for r in rounds]):.0f} req/s): ratio {med([r['css_gz'][0] / r['c_big'][0] for r in rounds]):.2f}x")
line("Forewarn favicon.svg (small)", "icon", 0.9)
line("Forewarn CSS, 31 KB, no gzip (the C server sends 14)", "css")
line("Forewarn home page, signed in", "home", 0.5)
line("  the same, first visit (no CSRF cookie: rendered)", "home_first")
print("per round, req/s (C, CSS gz, C 7 KB, favicon, CSS, home first, home, C again) and load:")
for r in rounds: print("  " + " ".join(f"{r[n][0]:.0f}" for n in names) + f"  {r['load']:.2f}")
PY

bash Benchmarks/busy_bench.sh
