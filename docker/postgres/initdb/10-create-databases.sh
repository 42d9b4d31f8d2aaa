#!/bin/sh
# Runs once, when the PostgreSQL data volume is initialised (docker-entrypoint-initdb.d).
# One server, three databases:
#   temporal, temporal_visibility  owned by the "temporal" role (schemas created by temporal-schema)
#   ctg                            owned by the "ctg" role (tables created by the service's migrations)
# The passwords come from the container environment (see docker-compose.yml).
# No `set -u`: the postgres entrypoint may source this file instead of executing it.
set -e

: "${TEMPORAL_DB_PASSWORD:?TEMPORAL_DB_PASSWORD must be set}"
: "${CTG_DB_PASSWORD:?CTG_DB_PASSWORD must be set}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "${POSTGRES_DB:-$POSTGRES_USER}" \
  -v temporal_password="$TEMPORAL_DB_PASSWORD" \
  -v ctg_password="$CTG_DB_PASSWORD" <<'EOSQL'
CREATE ROLE temporal LOGIN PASSWORD :'temporal_password';
CREATE DATABASE temporal OWNER temporal;
CREATE DATABASE temporal_visibility OWNER temporal;

CREATE ROLE ctg LOGIN PASSWORD :'ctg_password';
CREATE DATABASE ctg OWNER ctg;

-- The Temporal visibility schema needs btree_gin; create it as superuser so the
-- schema job does not depend on the extension being "trusted".
\connect temporal_visibility
CREATE EXTENSION IF NOT EXISTS btree_gin;
EOSQL
