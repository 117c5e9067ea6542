#!/usr/bin/env bash
# Instructions per static-file request (valgrind callgrind: exact, independent of machine load), Forewarn against
# the C libmicrohttpd hello server asked the same way (one keep-alive connection, Python's http.client).
# usage: Benchmarks/static_callgrind.sh [BINARY] [REQUESTS] [PATH]   (defaults: .build/release/forewarn 2000
# /static/favicon.svg) -> instructions per request of both, their ratio, and Forewarn's top 25 functions.
# User-space instructions only: the kernel's share (the same system calls for both) is not counted.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${1:-.build/release/forewarn}; REQUESTS=${2:-2000}; TARGET=${3:-/static/favicon.svg}
OUT=bench-results/static-callgrind
rm -rf "$OUT"; mkdir -p "$OUT"
gcc -O2 -o "$OUT/hello" Benchmarks/hello.c $(pkg-config --cflags --libs libmicrohttpd)
"$BIN" migrate --db "$OUT/db.sqlite" >/dev/null
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
count() { # name port path command... -> instructions per request
  local name=$1 port=$2 path=$3; shift 3
  valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$OUT/$name.out" "$@" >"$OUT/$name.log" 2>&1 & local pid=$!
  for _ in $(seq 1 600); do curl -sf -o /dev/null "http://127.0.0.1:$port$path" && break; sleep 0.2; done
  python3 -c "$CLIENT" "$port" 50 "$path"
  callgrind_control -i on "$pid" >/dev/null
  python3 -c "$CLIENT" "$port" "$REQUESTS" "$path"
  callgrind_control -i off "$pid" >/dev/null
  callgrind_control -d "$pid" >/dev/null
  sleep 1
  kill "$pid"; wait "$pid" 2>/dev/null || true
  local file; file=$(ls -S "$OUT/$name.out"* | head -1)
  local total; total=$(callgrind_annotate "$file" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
  echo $((total / REQUESTS))
}
CLIENT='
import http.client, sys
port, n, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
for _ in range(n):
    c.request("GET", path)
    r = c.getresponse(); r.read()
    if r.status != 200: sys.exit(f"{path} answered {r.status}")
'
C_PORT=$(free_port)
C=$(count hello "$C_PORT" / "$OUT/hello" "$C_PORT" 2)
F_PORT=$(free_port)
F=$(count forewarn "$F_PORT" "$TARGET" "$BIN" serve --db "$OUT/db.sqlite" --port "$F_PORT" --threads 2 --log-level warning)
echo "C hello: $C instructions per request; $BIN $TARGET: $F instructions per request; ratio $(python3 -c "print(f'{$F/$C:.2f}')")x ($REQUESTS requests each)"
callgrind_annotate "$(ls -S "$OUT"/forewarn.out* | head -1)" 2>/dev/null | grep -E "^ *[0-9,]+ \(" | head -25
