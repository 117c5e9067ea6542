#!/usr/bin/env bash
# make test-postgres: starts a throwaway PostgreSQL 15 cluster (Tests/postgres/cluster.sh), runs the tests against it
# (FOREWARN_TEST_DATABASE_URL), then stops it and removes the folder.
# Usage: Tests/postgres/run.sh   with POSTGRES_TEST_FILTER / POSTGRES_TEST_SKIP (swift test --filter / --skip patterns;
# the Makefile's defaults run the database-touching test targets and skip the tests that are SQLite-only).
set -euo pipefail
cd "$(dirname "$0")/../.."
SWIFT=${SWIFT:-swift}
filter=${POSTGRES_TEST_FILTER:-}
skip=${POSTGRES_TEST_SKIP:-}
source Tests/postgres/cluster.sh
# fsync off: a cluster that lives for one test run needs no crash safety.
pg_cluster_start fsync=off full_page_writes=off synchronous_commit=off
pg_sql -d postgres -c "CREATE DATABASE forewarn_test"
# Tests that migrate a schema of their own in forewarn_test find pg_trgm on their search path (…,public): an
# extension exists once per database.
pg_sql -d forewarn_test -c "CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public"
# Every other test gets a copy of one migrated database (CREATE DATABASE … TEMPLATE) instead of running every
# migration again: the template is migrated once here by the binary under test.
pg_sql -d postgres -c "CREATE DATABASE forewarn_template"
"${FOREWARN_BIN:-.build/debug/forewarn}" migrate --db "$PG_URL_BASE/forewarn_template" >/dev/null
export FOREWARN_TEST_DATABASE_URL="$PG_URL_BASE/forewarn_test"
export FOREWARN_TEST_TEMPLATE_DATABASE=forewarn_template
echo "PostgreSQL test cluster on 127.0.0.1:$PG_PORT ($PG_ROOT)"
args=(test --skip-build)
if [ -n "$filter" ]; then args+=(--filter "$filter"); fi
if [ -n "$skip" ]; then args+=(--skip "$skip"); fi
"$SWIFT" "${args[@]}"
