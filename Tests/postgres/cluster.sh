# Sourced by Tests/postgres/run.sh and Benchmarks/postgres_bench.sh: a throwaway PostgreSQL 15 cluster (Debian's
# initdb/pg_ctl) in a temporary folder on a free loopback port, stopped and removed when the script exits.
# pg_cluster_start [server options…] -> sets PG_ROOT, PG_PORT, PG_URL_BASE (postgres://forewarn@127.0.0.1:PORT)
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
pg_as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg_cluster_start() {
  # In memory when there is room: a test run creates tens of thousands of small relation files.
  local base=/tmp
  if [ -d /dev/shm ] && [ "$(df -Pk /dev/shm | awk 'NR == 2 { print $4 }')" -gt 4194304 ]; then base=/dev/shm; fi
  PG_ROOT=$(mktemp -d "$base/forewarn-pg.XXXXXX")
  chmod 755 "$PG_ROOT"
  # initdb refuses root: the cluster then belongs to the postgres user, in a folder it owns.
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$PG_ROOT"; fi
  PG_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  pg_as_owner "$PGBIN/initdb" -D "$PG_ROOT/data" -A trust -U forewarn -E UTF8 --locale=C.UTF-8 >/dev/null
  local options="-p $PG_PORT -k $PG_ROOT -c listen_addresses=127.0.0.1 -c max_connections=400"
  for option in "$@"; do options+=" -c $option"; done
  pg_as_owner "$PGBIN/pg_ctl" -D "$PG_ROOT/data" -l "$PG_ROOT/server.log" -w -o "$options" start >/dev/null
  trap pg_cluster_stop EXIT
  PG_URL_BASE="postgres://forewarn@127.0.0.1:$PG_PORT"
}
pg_cluster_stop() { pg_as_owner "$PGBIN/pg_ctl" -D "$PG_ROOT/data" -m fast -w stop >/dev/null || true; rm -rf "$PG_ROOT"; }
pg_sql() { psql -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U forewarn "$@"; }
