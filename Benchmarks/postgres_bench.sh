#!/usr/bin/env bash
# make bench-postgres (issue #18): Forewarn on PostgreSQL against SQLite, measured in the same run, release build.
#  1. loading the demo inventory (`forewarn demo-data --servers N --seed 42`, one transaction): seconds, both engines;
#  2. durable declarations through the form (POST /downtimes, confirm=yes: a saved draft each) per second;
#  3. the home page, the impact preview (the form's first submit) and a read-heavy mix (3 home pages : 1 preview)
#     in requests per second: SQLite with one instance, PostgreSQL with one instance, and PostgreSQL with two
#     `forewarn serve` on one database behind nginx (round-robin, loopback). Ratios against SQLite, one instance.
# The cluster is durable (fsync, synchronous_commit on: PostgreSQL's defaults), like SQLite's own commits here.
# Besides requests per second (which on a shared, loaded machine also depend on how many threads each set-up has to
# compete for the cores), every read figure has its CPU per request: the forewarn processes, the PostgreSQL server
# processes and nginx of that set-up (from /proc, user + system), i.e. what limits throughput on a saturated machine.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-.build/release/forewarn}
OUT=bench-results/postgres
SERVERS=${BENCH_PG_SERVERS:-20000}
DURATION=${BENCH_DURATION:-8}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
rm -rf "$OUT"
mkdir -p "$OUT"
source Tests/postgres/cluster.sh
source Benchmarks/bench_login.sh
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; pg_cluster_stop; }
pg_cluster_start
trap cleanup EXIT
pg_sql -d postgres -c "CREATE DATABASE forewarn_bench"
PG="$PG_URL_BASE/forewarn_bench"
# PG_CONNECT=socket: the instances reach PostgreSQL through its Unix-domain socket (a database on the same machine)
# instead of TCP on loopback (the default; a database on another machine is reached by TCP).
[ "${PG_CONNECT:-tcp}" = socket ] && PG="postgres:///forewarn_bench?host=$PG_ROOT&port=$PG_PORT&user=forewarn"
SQLITE="$OUT/bench.sqlite"
KEY="$OUT/forewarn.key"

seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null; end=$(date +%s.%N); python3 -c "print(f'{$end - $start:.2f}')"; }
LOAD_BEFORE=$(cut -d" " -f1-3 /proc/loadavg)
LOAD_SQLITE=$(seconds "$BIN" demo-data --db "$SQLITE" --servers "$SERVERS" --seed 42)
LOAD_PG=$(seconds "$BIN" demo-data --db "$PG" --servers "$SERVERS" --seed 42)
# Statistics for the planner after the bulk load on both (what autovacuum / PRAGMA optimize do a moment later).
pg_sql -d forewarn_bench -c "VACUUM ANALYZE"
sqlite3 "$SQLITE" "ANALYZE"
bench_user "$SQLITE"
bench_user "$PG"
SERVER=$(sqlite3 "$SQLITE" "SELECT name FROM servers ORDER BY id LIMIT 1")
CLUSTER=$(sqlite3 "$SQLITE" "SELECT c.name FROM clusters c JOIN servers s ON s.cluster_id = c.id GROUP BY c.id ORDER BY count(*) DESC, c.id LIMIT 1")
[ "$(pg_sql -d forewarn_bench -Atc "SELECT count(*) FROM servers")" = "$(sqlite3 "$SQLITE" "SELECT count(*) FROM servers")" ] \
  || { echo "the two demo inventories differ"; exit 1; }

declare -A SERVE_PID
serve() { # db port -> starts `forewarn serve` (2 threads, no background workers' mail) in the background
  "$BIN" serve --db "$1" --port "$2" --threads 2 --log-level warning --secret-key-file "$KEY" >>"$OUT/serve-$2.log" 2>&1 &
  pids+=($!)
  SERVE_PID[$2]=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$2/healthz" >/dev/null && return; sleep 0.1; done
  echo "forewarn serve on $2 did not start: $(cat "$OUT/serve-$2.log")"; exit 1
}
stop_servers() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait "${pids[@]}" 2>/dev/null || true; pids=(); }
nginx_front() { # port upstream-port… -> nginx round-robin on loopback in the background
  local port=$1 dir="$OUT/nginx-$1" upstreams=""
  shift
  for p in "$@"; do upstreams+="server 127.0.0.1:$p; "; done
  mkdir -p "$dir"
  cat >"$dir/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $PWD/$dir/nginx.pid;
error_log $PWD/$dir/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $PWD/$dir/body;
  proxy_temp_path $PWD/$dir/proxy;
  upstream forewarn { $upstreams keepalive 32; }
  server {
    listen 127.0.0.1:$port;
    location / {
      proxy_pass http://forewarn;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
    }
  }
}
CONF
  nginx -p "$PWD/$dir" -c "$PWD/$dir/nginx.conf" -e "$PWD/$dir/error.log" &
  pids+=($!)
  NGINX_PID=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return; sleep 0.1; done
  echo "nginx on $port did not start: $(cat "$dir/error.log")"; exit 1
}

CSRF=bench-csrf-token-0123456789
form_body() { # confirm title -> the declaration form, url-encoded
  python3 -c 'import sys, urllib.parse; print(urllib.parse.urlencode({"_csrf": sys.argv[1], "title": sys.argv[2], "kind": "planned", "target_kind": sys.argv[3], "target_name": sys.argv[4], "starts_at": "2031-01-12T22:00", "ends_at": "2031-01-13T02:00", "time_zone": "UTC", **({"confirm": "yes"} if sys.argv[5] == "yes" else {})}))' \
    "$CSRF" "$2" "$3" "$4" "$1"
}
export PREVIEW_BODY DECLARE_BODY COOKIE ORIGIN
PREVIEW_BODY=$(form_body no "bench preview" cluster "$CLUSTER")
DECLARE_BODY=$(form_body yes "bench declaration" server "$SERVER")
cat >"$OUT/mix.lua" <<'LUA'
-- MIX=home | preview | declare | mix (3 home pages : 1 preview)
local mode = os.getenv("MIX")
local cookie = os.getenv("COOKIE") .. "; forewarn_csrf=bench-csrf-token-0123456789"
local n = 0
local form = { ["Cookie"] = cookie, ["Origin"] = os.getenv("ORIGIN"), ["Content-Type"] = "application/x-www-form-urlencoded" }
request = function()
  n = n + 1
  if mode == "declare" then return wrk.format("POST", "/downtimes", form, os.getenv("DECLARE_BODY")) end
  if mode == "preview" or (mode == "mix" and n % 4 == 0) then return wrk.format("POST", "/downtimes", form, os.getenv("PREVIEW_BODY")) end
  return wrk.format("GET", "/", { ["Cookie"] = cookie }, nil)
end
LUA
ticks_of() { # pid… -> their CPU (user + system, clock ticks) so far
  local pid total=0
  for pid in "$@"; do total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0))); done
  echo "$total"
}
cpu_ticks() { # pid… -> "forewarn postgres nginx" CPU ticks so far: forewarn pids as given, "postgres" for the
  # PostgreSQL server processes, "nginx:PID" for nginx's master and its worker (the worker does the proxying)
  local pid fw=0 pg=0 ng=0
  for pid in "$@"; do
    case "$pid" in
      postgres) pg=$((pg + $(ticks_of $(pgrep -P "$(head -1 "$PG_ROOT/data/postmaster.pid")")))) ;;
      nginx:*) ng=$((ng + $(ticks_of "${pid#nginx:}" $(pgrep -P "${pid#nginx:}")))) ;;
      *) fw=$((fw + $(ticks_of "$pid"))) ;;
    esac
  done
  echo "$fw $pg $ng"
}
CPU_PIDS=()
rate() { # port mode connections -> "requests-per-second cpu-ms-per-request forewarn-ms postgres-ms nginx-ms"
  # (CPU of CPU_PIDS per request, in all and by component; a warning on errors)
  local report before after
  before=$(cpu_ticks "${CPU_PIDS[@]}")
  report=$(MIX=$2 ORIGIN="http://127.0.0.1:$1" wrk -t2 -c"$3" -d"${DURATION}s" -s "$OUT/mix.lua" "http://127.0.0.1:$1/")
  after=$(cpu_ticks "${CPU_PIDS[@]}")
  if grep -q "Non-2xx or 3xx" <<<"$report"; then echo "  warning: $2 on port $1: $(grep 'Non-2xx' <<<"$report")" >&2; fi
  awk -v before="$before" -v after="$after" -v hz="$(getconf CLK_TCK)" '
    / requests in / {n = $1} /Requests\/sec/ {r = $2}
    END {
      split(before, b, " "); split(after, a, " ")
      f = n > 0 ? 1000 / hz / n : 0
      printf "%s %.3f %.3f %.3f %.3f\n", r, (a[1] - b[1] + a[2] - b[2] + a[3] - b[3]) * f, (a[1] - b[1]) * f, (a[2] - b[2]) * f, (a[3] - b[3]) * f
    }' <<<"$report"
}
declarations() { # port count-command… -> saved declarations per second (counted in the database)
  local port=$1 before after start end
  shift
  before=$("$@")
  start=$(date +%s.%N)
  rate "$port" declare 4 >/dev/null
  end=$(date +%s.%N)
  after=$("$@")
  python3 -c "print(f'{($after - $before) / ($end - $start):.1f}')"
}
count_sqlite() { sqlite3 "$SQLITE" "SELECT count(*) FROM downtimes"; }
count_pg() { pg_sql -d forewarn_bench -Atc "SELECT count(*) FROM downtimes"; }
measure() { # label port pid… -> RESULT_<label>_{home,preview,mix} (req/s) and CPU_<label>_… (ms per request)
  local port=$2 mode result
  CPU_PIDS=("${@:3}")
  COOKIE=$(bench_cookie "$port")
  [ -n "$COOKIE" ] || { echo "could not sign in on port $port"; exit 1; }
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $COOKIE" "http://127.0.0.1:$port/")" = 200 ] || { echo "home page on $port is not 200"; exit 1; }
  rate "$port" home "$CONNECTIONS" >/dev/null # warm-up
  for mode in home preview mix; do
    result=$(rate "$port" "$mode" "$CONNECTIONS")
    read -r "RESULT_$1_$mode" "CPU_$1_$mode" "SPLIT_$1_${mode}_fw" "SPLIT_$1_${mode}_pg" "SPLIT_$1_${mode}_ng" <<<"$result"
  done
}

# All three set-ups run at once (idle ones cost nothing); reads first, then the declarations, so that every read
# figure sees the same data.
P0=$(free_port); serve "$SQLITE" "$P0"
P1=$(free_port); serve "$PG" "$P1"
P2=$(free_port); serve "$PG" "$P2"
FRONT=$(free_port); nginx_front "$FRONT" "$P1" "$P2"
measure sqlite1 "$P0" "${SERVE_PID[$P0]}"
measure pg1 "$P1" "${SERVE_PID[$P1]}" postgres
measure pg2 "$FRONT" "${SERVE_PID[$P1]}" "${SERVE_PID[$P2]}" postgres "nginx:$NGINX_PID"
COOKIE=$(bench_cookie "$P0"); DECL_SQLITE=$(declarations "$P0" count_sqlite)
COOKIE=$(bench_cookie "$P1"); DECL_PG=$(declarations "$P1" count_pg)
COOKIE=$(bench_cookie "$FRONT"); DECL_PG2=$(declarations "$FRONT" count_pg)
stop_servers

SPLITS=""
for label in sqlite1 pg1 pg2; do for mode in home preview mix; do for part in fw pg ng; do v="SPLIT_${label}_${mode}_${part}"; SPLITS+="${!v} "; done; done; done
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
SPLITS="$SPLITS" LOAD_AFTER="$LOAD_AFTER" PG_CONNECT="${PG_CONNECT:-tcp}" python3 - "$SERVERS" "$LOAD_SQLITE" "$LOAD_PG" "$DECL_SQLITE" "$DECL_PG" "$DECL_PG2" \
  "$RESULT_sqlite1_home" "$RESULT_sqlite1_preview" "$RESULT_sqlite1_mix" "$RESULT_pg1_home" "$RESULT_pg1_preview" "$RESULT_pg1_mix" \
  "$RESULT_pg2_home" "$RESULT_pg2_preview" "$RESULT_pg2_mix" "$LOAD_BEFORE" \
  "$CPU_sqlite1_home" "$CPU_sqlite1_preview" "$CPU_sqlite1_mix" "$CPU_pg1_home" "$CPU_pg1_preview" "$CPU_pg1_mix" \
  "$CPU_pg2_home" "$CPU_pg2_preview" "$CPU_pg2_mix" <<'PY'
import sys
a = sys.argv[1:]
c1, c2, c3 = [list(map(float, a[i:i + 3])) for i in (16, 19, 22)]
servers, load_s, load_p, decl_s, decl_p, decl_p2 = int(a[0]), *map(float, a[1:6])
s1, p1, p2 = [list(map(float, a[i:i + 3])) for i in (6, 9, 12)]
print(f"PostgreSQL vs SQLite (release build, durable commits; load average before: {a[15]})")
print(f"demo-data --servers {servers}: SQLite {load_s:.2f} s, PostgreSQL {load_p:.2f} s  (PostgreSQL/SQLite {load_p / load_s:.1f}x the time)")
print(f"declarations through the form: SQLite {decl_s:.1f}/s, PostgreSQL {decl_p:.1f}/s ({decl_p / decl_s:.2f}x), two PostgreSQL instances behind nginx {decl_p2:.1f}/s ({decl_p2 / decl_s:.2f}x)")
print(f"{'req/s':24s} {'SQLite, 1':>12s} {'PG, 1':>12s} {'PG, 2+nginx':>12s}   PG 1/SQLite  PG 2/SQLite")
for i, name in enumerate(["home page", "impact preview", "read-heavy mix 3:1"]):
    print(f"{name:24s} {s1[i]:12.0f} {p1[i]:12.0f} {p2[i]:12.0f}   {p1[i] / s1[i]:10.2f}x {p2[i] / s1[i]:11.2f}x")
print(f"{'CPU ms per request':24s} {'SQLite, 1':>12s} {'PG, 1':>12s} {'PG, 2+nginx':>12s}   SQLite/PG 1  SQLite/PG 2   (forewarn + PostgreSQL + nginx)")
for i, name in enumerate(["home page", "impact preview", "read-heavy mix 3:1"]):
    print(f"{name:24s} {c1[i]:12.3f} {c2[i]:12.3f} {c3[i]:12.3f}   {c1[i] / c2[i] if c2[i] else 0:10.2f}x {c1[i] / c3[i] if c3[i] else 0:11.2f}x")
import os
split = list(map(float, os.environ["SPLITS"].split()))
print(f"CPU ms per request by process (forewarn / PostgreSQL / nginx); PostgreSQL reached by {os.environ['PG_CONNECT']}")
for i, name in enumerate(["home page", "impact preview", "read-heavy mix 3:1"]):
    cells = ["{:.3f} / {:.3f} / {:.3f}".format(*split[(setup * 3 + i) * 3:(setup * 3 + i) * 3 + 3]) for setup in range(3)]
    print(f"{name:24s} " + "   ".join(f"{c:>23s}" for c in cells))
print(f"load average after: {os.environ['LOAD_AFTER']}")
verdict = "OK" if p2[2] > s1[2] else "NOT MET"
print(f"target: the read-heavy mix on two PostgreSQL instances beats one SQLite instance: {p2[2] / s1[2]:.2f}x  {verdict}")
PY
