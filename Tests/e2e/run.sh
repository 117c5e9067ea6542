#!/usr/bin/env bash
# End-to-end browser test for Forewarn.
#
#   bash Tests/e2e/run.sh PATH_TO_FOREWARN_BINARY
#
# Seeds a throw-away demo database, starts the portal on a free port of
# 127.0.0.1, runs Tests/e2e/declare_downtime.py (downtimes, incidents, timeline) against it in headless
# Chromium, and always stops the server again. Every step has a timeout.
# The last line printed is `e2e: N passed, M failed`; the exit status is the
# Python test's (non-zero when anything failed or could not start).

set -u

HERE="$(cd "$(dirname "$0")" && pwd)"
RESOURCES="$(cd "$HERE/../../Resources" 2>/dev/null && pwd)"
PYTHON="${PYTHON:-python3}"
TEST_TIMEOUT="${E2E_TIMEOUT:-150}"         # watchdog inside the Python test
HARD_TIMEOUT=$((TEST_TIMEOUT + 15))         # kills the Python test (and its browser) if the watchdog fails
export NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}"
export no_proxy="$NO_PROXY"
export E2E_TIMEOUT="$TEST_TIMEOUT"

SERVER_PID=""
TMP=""

fail() {   # fail MESSAGE: report a set-up failure with the summary line
    echo "e2e: setup failed: $*" >&2
    echo "e2e: 0 passed, 1 failed"
    exit 1
}

cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$SERVER_PID" 2>/dev/null
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 0.2
        done
        kill -KILL "$SERVER_PID" 2>/dev/null
        wait "$SERVER_PID" 2>/dev/null
    fi
    [ -n "$TMP" ] && rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

[ $# -eq 1 ] || { echo "usage: bash $0 PATH_TO_FOREWARN_BINARY" >&2; echo "e2e: 0 passed, 1 failed"; exit 2; }
BIN="$1"
[ -x "$BIN" ] || fail "$BIN is not an executable file"
[ -d "$RESOURCES/Templates" ] || fail "no Resources/Templates next to $HERE/../.."

if ! "$PYTHON" -c 'import selenium' 2>/dev/null; then
    timeout 120 "$PYTHON" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -r "$HERE/requirements.txt" >&2 \
        || fail "could not install $HERE/requirements.txt"
fi

TMP="$(mktemp -d "${TMPDIR:-/tmp}/forewarn-e2e.XXXXXX")" || fail "mktemp"

timeout 30 "$BIN" demo-data --db "$TMP/e2e.sqlite" --servers 300 --seed 42 >"$TMP/demo.log" 2>&1 \
    || { cat "$TMP/demo.log" >&2; fail "demo-data failed"; }
export E2E_LOGIN=e2e-admin E2E_PASSWORD=e2e-admin-password
printf '%s\n' "$E2E_PASSWORD" | timeout 30 "$BIN" user add --admin --db "$TMP/e2e.sqlite" "$E2E_LOGIN" >>"$TMP/demo.log" 2>&1 \
    || { cat "$TMP/demo.log" >&2; fail "user add failed"; }
E2E_TOKEN="$(timeout 30 "$BIN" token create --db "$TMP/e2e.sqlite" --user "$E2E_LOGIN" --scope read)" || fail "token create failed"
export E2E_TOKEN

"$BIN" serve --db "$TMP/e2e.sqlite" --host 127.0.0.1 --port 0 --resources "$RESOURCES" \
    >"$TMP/server.out" 2>"$TMP/server.err" </dev/null &
SERVER_PID=$!

# Port 0 lets the server pick a free port; it prints
# "Forewarn 0.1.0 is running at http://127.0.0.1:PORT/ ..." once it listens.
URL=""
for _ in $(seq 1 100); do   # up to ~10 s
    URL="$(grep -o 'running at http://127\.0\.0\.1:[0-9]*/' "$TMP/server.out" 2>/dev/null | head -n 1 | sed 's/^running at //')"
    [ -n "$URL" ] && break
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
done
if [ -z "$URL" ]; then
    cat "$TMP/server.out" "$TMP/server.err" >&2
    fail "the server did not report its address"
fi
echo "e2e: server at $URL (pid $SERVER_PID, db $TMP/e2e.sqlite)"

# The test prints its own summary line; hold it back and print it last, after
# any server log, so it is always the final line of the output.
timeout --kill-after=5 "$HARD_TIMEOUT" "$PYTHON" -u "$HERE/declare_downtime.py" "$URL" 2>&1 \
    | tee "$TMP/test.log" | grep --line-buffered -v -E '^e2e: [0-9]+ passed, [0-9]+ failed$'
STATUS=${PIPESTATUS[0]}

SUMMARY="$(grep -E '^e2e: [0-9]+ passed, [0-9]+ failed$' "$TMP/test.log" | tail -n 1)"
if [ "$STATUS" -ne 0 ]; then
    echo "--- server log (last 30 lines) ---"
    tail -n 30 "$TMP/server.err"
    echo "----------------------------------"
fi
if [ -z "$SUMMARY" ]; then
    [ "$STATUS" -eq 0 ] && STATUS=1
    echo "e2e: the test stopped without a summary (status $STATUS)" >&2
    SUMMARY="e2e: 0 passed, 1 failed"
fi
echo "$SUMMARY"
exit "$STATUS"
