#!/usr/bin/env bash
# A mood change reaching 1,000 XMPP roster subscribers over one component connection (target < 1 s).
# Real parts: Debian's Prosody with a generated config in a temporary folder, 1,000 accounts, all signed in from one
# asyncio process (Benchmarks/xmpp_roster_clients.py) and subscribed to a service JID; `forewarn serve --xmpp-*`
# monitoring that service with an HTTP check against a local server (monitor_peer.py) that the script makes fail.
# Prints the fan-out (first to last subscriber receiving `dnd`) and the time from the check failing to the last one
# (which adds the check interval, the sample flush and the level pass, about 1–3 s).
#   bash Benchmarks/xmpp_presence_bench.sh [path/to/forewarn]     (XMPP_BENCH_SUBSCRIBERS=1000)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
BIN=${1:-.build/release/forewarn}
N=${XMPP_BENCH_SUBSCRIBERS:-1000}
[ -x "$BIN" ] || { echo "xmpp presence: build $BIN first (make release)"; exit 1; }
TMP=$(mktemp -d /tmp/forewarn-xmpp-bench.XXXXXX)
chmod 755 "$TMP"
SERVE_PID="" PEER_PID="" CLIENTS_PID=""
cleanup() {
    [ -n "$CLIENTS_PID" ] && kill "$CLIENTS_PID" 2>/dev/null || true
    [ -n "$SERVE_PID" ] && kill "$SERVE_PID" 2>/dev/null || true
    [ -n "$PEER_PID" ] && kill "$PEER_PID" 2>/dev/null || true
    pkill -f "$TMP/prosody.cfg.lua" 2>/dev/null || true
    sleep 0.5
    rm -rf "$TMP"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
C2S=$(free_port); COMPONENT=$(free_port)
cat > "$TMP/prosody.cfg.lua" <<CFG
pidfile = "$TMP/prosody.pid"
data_path = "$TMP/data"
log = { { levels = { min = "warn" }, to = "file", filename = "$TMP/prosody.log" } }
interfaces = { "127.0.0.1" }
c2s_ports = { $C2S }
s2s_ports = { }
component_ports = { $COMPONENT }
component_interfaces = { "127.0.0.1" }
http_ports = { }
https_ports = { }
c2s_require_encryption = false
allow_unencrypted_plain_auth = true
authentication = "internal_plain"
modules_enabled = { "roster"; "saslauth"; "disco"; "ping"; "presence"; "message" }
modules_disabled = { "s2s"; "tls"; "offline" }
VirtualHost "example.org"
Component "services.example.org"
    component_secret = "bench-secret"
CFG
mkdir -p "$TMP/data/example%2eorg/accounts"
# One prosodyctl register takes most of a second: write the accounts into Prosody's internal storage directly.
for i in $(seq 0 $((N - 1))); do printf 'return {\n\t["password"] = "bench-password";\n};\n' > "$TMP/data/example%2eorg/accounts/user$i.dat"; done
chown -R prosody "$TMP"
runuser -u prosody -- prosody --config "$TMP/prosody.cfg.lua" -F >/dev/null 2>&1 &
for _ in $(seq 1 100); do (echo > /dev/tcp/127.0.0.1/$C2S) 2>/dev/null && break; sleep 0.1; done

mkdir -p "$TMP/peer"
python3 Tests/ForewarnTestSupport/Mail/monitor_peer.py "$TMP/peer" --timeout 900 > "$TMP/peer.out" < /dev/zero 2>/dev/null &
PEER_PID=$!
for _ in $(seq 1 50); do [ -s "$TMP/peer.out" ] && break; sleep 0.1; done
PEER_PORT=$(head -1 "$TMP/peer.out")

"$BIN" demo-data --db "$TMP/fw.sqlite" --servers 100 > /dev/null
SERVICE=$(sqlite3 "$TMP/fw.sqlite" "SELECT name FROM services ORDER BY id LIMIT 1")
sqlite3 "$TMP/fw.sqlite" "INSERT INTO checks (name, kind, url, interval_seconds, service_id, created_at, updated_at, paused)
    SELECT 'bench', 'http', 'http://127.0.0.1:$PEER_PORT/', 1, id, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', 0 FROM services WHERE name = '$SERVICE'"
echo bench-secret > "$TMP/secret"
"$BIN" serve --db "$TMP/fw.sqlite" --port 0 --log-level warning --resources "$ROOT/Resources" --xmpp-component services.example.org \
    --xmpp-server "127.0.0.1:$COMPONENT" --xmpp-secret-file "$TMP/secret" --xmpp-anyone > "$TMP/serve.log" 2>&1 &
SERVE_PID=$!
NODE=$(python3 -c "import re,sys; print(re.sub(r'[^a-z0-9._-]+', '-', sys.argv[1].lower()).strip('-'))" "$SERVICE")
# Wait until the service is ok (its presence is then 'available').
for _ in $(seq 1 100); do
    [ "$(sqlite3 "$TMP/fw.sqlite" "SELECT mood FROM service_level_events WHERE service_id = (SELECT id FROM services WHERE name = '$SERVICE') ORDER BY id DESC LIMIT 1" 2>/dev/null)" = ok ] && break
    sleep 0.1
done

START=$(date +%s.%N)
python3 Benchmarks/xmpp_roster_clients.py "$C2S" "$NODE@services.example.org" --count "$N" --timeout 240 > "$TMP/clients.out" 2> "$TMP/clients.err" &
CLIENTS_PID=$!
for _ in $(seq 1 2300); do grep -q '"ready"' "$TMP/clients.out" 2>/dev/null && break; sleep 0.1; done
READY=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["ready"])' "$TMP/clients.out")
echo "xmpp presence: $READY of $N clients signed in and subscribed to $NODE@services.example.org in $(python3 -c "import time; print(round(time.time() - $START))") s"
sleep 1
FAIL=$(date +%s.%N)
python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$PEER_PORT/_mode?set=500').read()"
wait "$CLIENTS_PID" || true
CLIENTS_PID=""
python3 - "$TMP/clients.out" "$FAIL" "$N" <<'PY'
import json, sys
lines = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
result = next(line for line in lines if "received" in line)
fail, n = float(sys.argv[2]), int(sys.argv[3])
if not result["received"]:
    print(f"xmpp presence: no subscriber received dnd ({result.get('errors')})")
    sys.exit(1)
fan_out = (result["last"] - result["first"]) * 1000
print(f"xmpp presence: dnd reached {result['received']} of {n} subscribers; fan-out first to last {fan_out:.0f} ms (target < 1000 ms); "
      f"from the check failing to the last {(result['last'] - fail) * 1000:.0f} ms (includes detection)")
PY
