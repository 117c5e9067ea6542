#!/usr/bin/env bash
# System calls per signed-in home page request (strace -c over 500 sequential requests after 50 warm-up ones):
# independent of the load. usage: Benchmarks/home/syscalls.sh BINARY
# The session cookie comes with a CSRF cookie (the page is kept per session only then), as home_bench.sh sends;
# NO_CSRF=1 leaves it out (a fresh token and a render on every request, as before session 8).
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=$1; N=500
D=$(mktemp -d)
export BIN
source Benchmarks/bench_login.sh
"$BIN" migrate --db $D/db.sqlite >/dev/null
bench_user $D/db.sqlite
PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
"$BIN" serve --db $D/db.sqlite --port $PORT --threads 2 --log-level warning > $D/serve.log 2>&1 & P=$!
for _ in $(seq 1 100); do curl -sf http://127.0.0.1:$PORT/healthz >/dev/null && break; sleep 0.1; done
COOKIE=$(bench_cookie $PORT)
[ -n "${NO_CSRF:-}" ] || COOKIE="$COOKIE; forewarn_csrf=benchbenchbenchbenchbenchbenchbenchbench123"
python3 Benchmarks/home/requests.py $PORT "$COOKIE" 50
strace -c -f -p $P -o $D/strace.txt & S=$!
sleep 1
python3 Benchmarks/home/requests.py $PORT "$COOKIE" $N
kill -INT $S; wait $S || true
kill $P
awk -v n=$N '$NF ~ /^(fcntl|pread64|futex|clock_gettime|sendmsg|sendto|writev|recvfrom|epoll_wait|total)$/ {printf "%s %.1f/req  ", $NF, $4/n} END {print ""}' $D/strace.txt
rm -rf $D
