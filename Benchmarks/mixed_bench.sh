#!/usr/bin/env bash
# Mixed load (#14): the 20,000-server demo (seed 42), 16 connections for 20 s, 9 reads in 10 (`/servers?q=`,
# `/api/v1/servers?q=`, `/downtimes`, `/timeline`, `/status`) and 1 `POST /api/v1/downtimes` (Benchmarks/mixed/mixed.lua).
# Targets: p99 <= 100 ms, >= 4x the 127 req/s measured before #14 (a tester's run, recorded in the issue), 0 errors.
# Loopback only; stops by itself. The static-file rate of the same server is printed as this run's machine baseline.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=bench-results
mkdir -p "$OUT"
DB="$OUT/mixed${BENCH_TAG:-}.sqlite"
PORT=${BENCH_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
DURATION=${BENCH_DURATION:-20}
rm -f "$DB" "$DB-wal" "$DB-shm"
"${BIN:-.build/release/forewarn}" demo-data --db "$DB" --servers 20000 --seed 42 >/dev/null
source Benchmarks/bench_login.sh
bench_serve "$DB" $PORT info "$OUT/mixed-serve.log"
COOKIE=$(bench_cookie $PORT)
SERVERS=$(sqlite3 "$DB" "SELECT group_concat(name) FROM (SELECT name FROM servers ORDER BY id LIMIT 200)")
# A few downtimes to list from the start.
for i in 1 2 3 4 5; do
  curl -s -o /dev/null -X POST -H 'Content-Type: application/json' -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/downtimes" \
    -d "{\"title\":\"seed $i\",\"kind\":\"planned\",\"targets\":[{\"kind\":\"server\",\"name\":\"${SERVERS%%,*}\"}],\"starts_at\":\"2030-0$i-12T22:00:00\",\"ends_at\":\"2030-0$i-13T02:00:00\",\"time_zone\":\"UTC\"}"
done
BEFORE=$(sqlite3 "$DB" "SELECT count(*) FROM downtimes")
# CPU per thread of the server (utime+stime ticks) before and after: the process's CPU per request, and how the
# requests spread over the libmicrohttpd threads ("MHD-worker").
threads() { for t in /proc/$SERVE_PID/task/*; do echo "$(basename "$t") $(tr ' ' '_' <"$t/comm") $(cut -d')' -f2 "$t/stat" | awk '{print $12 + $13}')"; done; }
threads >"$OUT/mixed-threads-before.txt"
RESULT=$(MIXED_COOKIE="$COOKIE" MIXED_TOKEN="$TOKEN" MIXED_SERVERS="$SERVERS" \
  wrk -t2 -c16 -d"${DURATION}s" --timeout 10s -s Benchmarks/mixed/mixed.lua "http://127.0.0.1:$PORT" | grep '^MIXED')
threads >"$OUT/mixed-threads-after.txt"
AFTER=$(sqlite3 "$DB" "SELECT count(*) FROM downtimes")
python3 - "$RESULT" "$BEFORE" "$AFTER" "$(cut -d' ' -f1-3 /proc/loadavg)" "$OUT/mixed-serve.log" "$OUT/mixed-threads-before.txt" "$OUT/mixed-threads-after.txt" "$(getconf CLK_TCK)" <<'PY'
import os, re, statistics, sys
fields = dict(part.split("=") for part in sys.argv[1].split()[1:])
rps, p99, errors = float(fields["rps"]), float(fields["p99_ms"]), int(fields["errors"])
created = int(sys.argv[3]) - int(sys.argv[2])
print(f"mixed load, 16 connections: {float(fields['requests']):.0f} requests in {float(fields['seconds']):.1f} s = {rps:.0f} req/s "
      f"({rps / 127:.1f}x the 127 req/s before #14; target >= 4x {'OK' if rps >= 4 * 127 else 'UNDER TARGET'})")
print(f"  latency p50 {fields['p50_ms']} ms, p90 {fields['p90_ms']} ms, p99 {p99:.1f} ms (target <= 100 ms {'OK' if p99 <= 100 else 'OVER TARGET'}), max {fields['max_ms']} ms")
# Where the time goes: server time and request-thread CPU per route, from the access log.
routes = {}
for line in open(sys.argv[5], errors="replace"):
    m = re.search(r"\] (GET|POST) (\S+) (\d+) \S+ (?:cpu=([0-9.]+)ms )?([0-9.]+)ms id=", line)
    if m:
        routes.setdefault(f"{m[1]} {m[2]}", []).append((float(m[5]), float(m[4] or 0)))
for route, times in sorted(routes.items(), key=lambda kv: -len(kv[1])):
    if len(times) < 5: continue
    wall = sorted(t for t, _ in times)
    print(f"  {route:28s} {len(times):5d} answers, server time median {statistics.median(wall):7.1f} ms, p99 {wall[int(len(wall) * 0.99) - 1]:7.1f} ms, "
          f"request-thread CPU median {statistics.median(c for _, c in times):6.2f} ms")
before = {l.split()[0]: int(l.split()[2]) for l in open(sys.argv[6])}
used = {}
for line in open(sys.argv[7]):
    tid, name, ticks = line.split()
    used.setdefault(name, []).append((int(ticks) - before.get(tid, 0)) / int(sys.argv[8]))
total = sum(sum(v) for v in used.values())
workers = sorted(used.get("MHD-worker", []), reverse=True)
print(f"  server CPU {total:.2f} s = {total * 1000 / float(fields['requests']):.2f} ms per request; request threads (MHD-worker) "
      f"{' / '.join(f'{w:.2f}' for w in workers)} s; work pool {sum(v for k, vs in used.items() if k.startswith('forewarn-work') for v in vs):.2f} s")
print(f"  errors {errors} (non-2xx {fields['non2xx']}; target 0 {'OK' if errors == 0 else 'ERRORS'}); {created} downtimes created by the POSTs; load average {sys.argv[4]}")
PY
