#!/bin/sh
# Creates or upgrades the Temporal schemas in PostgreSQL (temporalio/admin-tools image).
# Safe to run at every start: setup-schema is a no-op on an initialised database, and
# update-schema applies only the versioned migrations not yet applied, from the ones shipped
# with this admin-tools image (so keep admin-tools on the same version as the server).
# The databases and the "temporal" role are created by docker/postgres/initdb.
set -eu

: "${POSTGRES_SEEDS:?}" "${POSTGRES_USER:?}" "${SQL_PASSWORD:?}"
DB_PORT="${DB_PORT:-5432}"
DBNAME="${DBNAME:-temporal}"
VISIBILITY_DBNAME="${VISIBILITY_DBNAME:-temporal_visibility}"
SCHEMA_ROOT="${TEMPORAL_HOME:-/etc/temporal}/schema/postgresql/v12"
export SQL_PASSWORD

sql_tool() {
  db="$1"
  shift
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "$DB_PORT" -u "$POSTGRES_USER" --db "$db" "$@"
}

setup() {
  db="$1"
  dir="$2"
  echo "== $db: base schema"
  if ! sql_tool "$db" setup-schema -v 0.0; then
    echo "   (already initialised, continuing with update-schema)"
  fi
  echo "== $db: upgrade to the latest schema version"
  sql_tool "$db" update-schema -d "$dir"
}

# docker-compose.yml already waits for PostgreSQL to be healthy; this also covers other runners.
if command -v nc >/dev/null 2>&1; then
  i=0
  until nc -z "$POSTGRES_SEEDS" "$DB_PORT"; do
    i=$((i + 1))
    [ "$i" -lt 60 ] || { echo "PostgreSQL unreachable at $POSTGRES_SEEDS:$DB_PORT" >&2; exit 1; }
    echo "waiting for PostgreSQL at $POSTGRES_SEEDS:$DB_PORT..."
    sleep 2
  done
fi

setup "$DBNAME" "$SCHEMA_ROOT/temporal/versioned"
setup "$VISIBILITY_DBNAME" "$SCHEMA_ROOT/visibility/versioned"
echo "Temporal schemas are up to date."
