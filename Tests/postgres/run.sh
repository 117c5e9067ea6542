#!/usr/bin/env bash
# make test-postgres: starts a throwaway PostgreSQL 15 cluster (Debian's initdb/pg_ctl) in a temporary folder on a
# free loopback port, runs the tests against it (FOREWARN_TEST_DATABASE_URL), then stops it and removes the folder.
# Usage: Tests/postgres/run.sh   with POSTGRES_TEST_FILTER / POSTGRES_TEST_SKIP (swift test --filter / --skip patterns;
# the Makefile's defaults run the database-touching test targets and skip the tests that are not green yet).
set -euo pipefail
cd "$(dirname "$0")/../.."
SWIFT=${SWIFT:-swift}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
filter=${POSTGRES_TEST_FILTER:-}
skip=${POSTGRES_TEST_SKIP:-}
# In memory when there is room: a test run creates tens of thousands of small relation files.
base=/tmp
if [ -d /dev/shm ] && [ "$(df -Pk /dev/shm | awk 'NR == 2 { print $4 }')" -gt 2097152 ]; then base=/dev/shm; fi
root=$(mktemp -d "$base/forewarn-pg.XXXXXX")
chmod 755 "$root"
# initdb refuses root: the cluster then belongs to the postgres user, in a folder it owns.
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "$(id -u)" -eq 0 ]; then chown postgres "$root"; fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_owner "$PGBIN/initdb" -D "$root/data" -A trust -U forewarn -E UTF8 --locale=C.UTF-8 >/dev/null
# fsync off: a cluster that lives for one test run needs no crash safety.
as_owner "$PGBIN/pg_ctl" -D "$root/data" -l "$root/server.log" -w \
  -o "-p $port -k $root -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=400" start >/dev/null
stop() { as_owner "$PGBIN/pg_ctl" -D "$root/data" -m fast -w stop >/dev/null || true; rm -rf "$root"; }
trap stop EXIT
psql -q -h 127.0.0.1 -p "$port" -U forewarn -d postgres -c "CREATE DATABASE forewarn_test"
export FOREWARN_TEST_DATABASE_URL="postgres://forewarn@127.0.0.1:$port/forewarn_test"
echo "PostgreSQL test cluster on 127.0.0.1:$port ($root)"
args=(test --skip-build)
if [ -n "$filter" ]; then args+=(--filter "$filter"); fi
if [ -n "$skip" ]; then args+=(--skip "$skip"); fi
"$SWIFT" "${args[@]}"
