#!/usr/bin/env bash
# Statements, round trips and CPU per request on PostgreSQL (issue #18), for the two pages of the read-heavy mix.
# `BIN=<release binary> bash Benchmarks/postgres_profile.sh` (~1 min). One instance, 20,000-server demo (as
# postgres_bench.sh), pg_stat_statements on: after a warm-up, N home pages and N impact previews one after another
# (curl, keep-alive), and for each page
#   - statements per request (pg_stat_statements calls, all statements, BEGIN/SET/SAVEPOINT included),
#   - round trips per request (the forewarn process's sendto/sendmsg calls to PostgreSQL, counted with strace -f),
#   - backend CPU and forewarn CPU per request (from /proc, user + system),
# and the statements of the page by calls.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/release/forewarn}
OUT=bench-results/postgres-profile
SERVERS=${BENCH_PG_SERVERS:-20000}
N=${PROFILE_REQUESTS:-200}
rm -rf "$OUT"
mkdir -p "$OUT"
source Tests/postgres/cluster.sh
source Benchmarks/bench_login.sh
pg_cluster_start shared_preload_libraries=pg_stat_statements pg_stat_statements.track=all pg_stat_statements.track_utility=on
pg_sql -d postgres -c "CREATE DATABASE forewarn_bench"
PG="$PG_URL_BASE/forewarn_bench"
# PG_CONNECT=socket: the instance connects through the cluster's Unix-domain socket instead of TCP on loopback.
[ "${PG_CONNECT:-tcp}" = socket ] && PG="postgres:///forewarn_bench?host=$PG_ROOT&port=$PG_PORT&user=forewarn"
"$BIN" demo-data --db "$PG" --servers "$SERVERS" --seed 42 >/dev/null
pg_sql -d forewarn_bench -c "VACUUM ANALYZE" -c "CREATE EXTENSION pg_stat_statements"
bench_user "$PG"
CLUSTER=$(pg_sql -d forewarn_bench -Atc "SELECT c.name FROM clusters c JOIN servers s ON s.cluster_id = c.id GROUP BY c.id ORDER BY count(*) DESC, c.id LIMIT 1")
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$BIN" serve --db "$PG" --port "$PORT" --threads 2 --log-level warning --secret-key-file "$OUT/forewarn.key" >"$OUT/serve.log" 2>&1 &
SERVE=$!
trap 'kill $SERVE 2>/dev/null || true; wait 2>/dev/null || true; pg_cluster_stop' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
COOKIE=$(bench_cookie "$PORT")
CSRF=bench-csrf-token-0123456789
BODY=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.urlencode({"_csrf": sys.argv[1], "title": "bench preview", "kind": "planned", "target_kind": "cluster", "target_name": sys.argv[2], "starts_at": "2031-01-12T22:00", "ends_at": "2031-01-13T02:00", "time_zone": "UTC"}))' "$CSRF" "$CLUSTER")
requests() { # page count -> the page `count` times over one keep-alive connection
  local args=() i
  [ "$2" -gt 0 ] || return 0
  # `--next` between requests: curl would join the --data of all requests into one body otherwise.
  for ((i = 0; i < $2; i++)); do
    [ "$i" -eq 0 ] || args+=(--next)
    args+=(-sf -o /dev/null -H "Cookie: $COOKIE; forewarn_csrf=$CSRF")
    if [ "$1" = home ]; then args+=("http://127.0.0.1:$PORT/"); else args+=(-H "Origin: http://127.0.0.1:$PORT" --data "$BODY" "http://127.0.0.1:$PORT/downtimes"); fi
  done
  curl "${args[@]}"
}
ticks() { # pid… -> user + system clock ticks
  local total=0 pid
  for pid in "$@"; do total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0))); done
  echo "$total"
}
backends() { pgrep -P "$(head -1 "$PG_ROOT/data/postmaster.pid")" | tr '\n' ' '; }
HZ=$(getconf CLK_TCK)
echo "PostgreSQL read path per request ($N requests each, one instance, $SERVERS servers, connected by ${PG_CONNECT:-tcp}; load average $(cut -d' ' -f1-3 /proc/loadavg))"
for page in home preview; do
  requests "$page" "${PROFILE_WARMUP:-20}"
  pg_sql -d forewarn_bench -Atc "SELECT pg_stat_statements_reset()" >/dev/null
  # shellcheck disable=SC2046
  before_pg=$(ticks $(backends)); before_fw=$(ticks "$SERVE")
  requests "$page" "$N"
  # shellcheck disable=SC2046
  after_pg=$(ticks $(backends)); after_fw=$(ticks "$SERVE")
  statements=$(pg_sql -d forewarn_bench -Atc "SELECT sum(calls) FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%'")
  jit=$(pg_sql -d forewarn_bench -Atc "SELECT coalesce(sum(jit_functions), 0) FROM pg_stat_statements")
  # Round trips: what forewarn sends to PostgreSQL (the access to the HTTP client is a different socket: count
  # only sends to the PostgreSQL port's peer by fd is fiddly, so count all sends and subtract the HTTP responses).
  strace -f -qq -e trace=sendto,sendmsg,write -o "$OUT/strace-$page.txt" -p "$SERVE" & STRACE=$!
  sleep 1
  requests "$page" 50
  sleep 0.5
  kill "$STRACE"; wait "$STRACE" 2>/dev/null || true
  sends=$(grep -c 'sendto(\|sendmsg(' "$OUT/strace-$page.txt" || true)
  python3 -c "import sys; n, s, pg, fw, hz, sends = map(float, sys.argv[1:7]); print(f'{sys.argv[7]:8s} JIT-compiled functions {sys.argv[8]}, statements {s / n:5.1f}/request  sendto/sendmsg {sends / 50:5.1f}/request (incl. the HTTP response)  backend CPU {pg * 1000 / hz / n:.3f} ms  forewarn CPU {fw * 1000 / hz / n:.3f} ms')" \
    "$N" "$statements" "$((after_pg - before_pg))" "$((after_fw - before_fw))" "$HZ" "$sends" "$page" "$jit"
  pg_sql -d forewarn_bench -Atc "SELECT 'profile-$page', calls, round(total_exec_time::numeric, 1) AS ms, left(regexp_replace(query, '\s+', ' ', 'g'), 110) FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%' ORDER BY calls DESC, total_exec_time DESC LIMIT 40" >"$OUT/statements-$page.txt"
done
echo "statements by calls: $OUT/statements-{home,preview}.txt"
if [ -n "${PROFILE_PERF:-}" ]; then # where the forewarn process and the backends spend the home page's CPU
  cat >"$OUT/home.lua" <<LUA
request = function() return wrk.format("GET", "/", { ["Cookie"] = "$COOKIE" }, nil) end
LUA
  wrk -t1 -c4 -d12s -s "$OUT/home.lua" "http://127.0.0.1:$PORT/" >"$OUT/wrk-home.txt" & WRK=$!
  sleep 2
  perf record -F 999 -g -o "$OUT/perf-forewarn.data" -p "$SERVE" -- sleep 8 >/dev/null 2>&1 &
  perf record -F 999 -g -o "$OUT/perf-postgres.data" -p "$(backends | tr ' ' ',' | sed 's/,$//')" -- sleep 8 >/dev/null 2>&1
  wait "$WRK"
  sleep 1
  for who in forewarn postgres; do
    perf report -i "$OUT/perf-$who.data" --no-children --sort dso,symbol --stdio 2>/dev/null | grep -v '^#' | grep '%' | head -40 >"$OUT/perf-$who.txt"
  done
  echo "perf: $OUT/perf-{forewarn,postgres}.txt"
fi
