# Sourced by the bench scripts: creates a bench admin in DB (before the server starts) and signs in.
# bench_user DB            -> creates user "bench" (idempotent)
# bench_cookie PORT        -> prints "forewarn_session=..." for a signed-in admin session
# bench_token DB           -> prints a write API token for "bench"
BENCH_PASSWORD=bench-password-long
bench_user() {
  printf '%s\n' "$BENCH_PASSWORD" | "${BIN:-.build/release/forewarn}" user add --admin --if-missing --db "$1" bench >/dev/null
}
bench_token() {
  "${BIN:-.build/release/forewarn}" token create --db "$1" --user bench --scope write
}
bench_cookie() {
  local jar
  jar=$(mktemp)
  curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$1/login" >/dev/null
  local csrf
  csrf=$(awk '$6 == "forewarn_csrf" {print $7}' "$jar")
  curl -s -c "$jar" -b "$jar" -o /dev/null -H "Origin: http://127.0.0.1:$1" \
    --data-urlencode "_csrf=$csrf" --data-urlencode "login=bench" --data-urlencode "password=$BENCH_PASSWORD" "http://127.0.0.1:$1/login"
  awk '$6 == "forewarn_session" {print "forewarn_session=" $7}' "$jar"
  rm -f "$jar"
}
# bench_serve DB PORT LEVEL LOG -> starts `forewarn serve` ($THREADS request threads, default 2) in the background, stops it on exit, waits for
#                                  /healthz; sets SERVE_PID and TOKEN (a write token for "bench")
bench_serve() {
  bench_user "$1"
  TOKEN=$(bench_token "$1")
  "${BIN:-.build/release/forewarn}" serve --db "$1" --port "$2" --threads "${THREADS:-2}" --log-level "$3" >"$4" 2>&1 & SERVE_PID=$!
  trap 'kill $SERVE_PID 2>/dev/null || true; kill $(jobs -p) 2>/dev/null || true' EXIT
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$2/healthz" >/dev/null && break; sleep 0.1; done
}
