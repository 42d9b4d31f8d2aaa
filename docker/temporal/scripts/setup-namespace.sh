#!/bin/sh
# Creates the namespace the CTG service uses and registers its custom search attributes
# (temporalio/admin-tools image, `temporal` CLI). Idempotent: runs at every `docker compose up`.
set -eu

ADDRESS="${TEMPORAL_ADDRESS:-temporal:7233}"
NAMESPACE="${TEMPORAL_NAMESPACE:-default}"
RETENTION="${TEMPORAL_NAMESPACE_RETENTION:-720h}"
# name:type pairs, space separated
SEARCH_ATTRIBUTES="${CTG_SEARCH_ATTRIBUTES:-CtgTerritoryId:Keyword CtgCafName:Keyword CtgPhase:Keyword}"
ATTEMPTS="${SETUP_ATTEMPTS:-60}"

retry() {
  # retry <description> <command...>
  what="$1"
  shift
  i=1
  until "$@"; do
    if [ "$i" -ge "$ATTEMPTS" ]; then
      echo "gave up: $what" >&2
      return 1
    fi
    echo "waiting: $what ($i/$ATTEMPTS)"
    i=$((i + 1))
    sleep 3
  done
}

retry "Temporal frontend at $ADDRESS" \
  temporal operator cluster health --address "$ADDRESS"

ensure_namespace() {
  if temporal operator namespace describe --address "$ADDRESS" --namespace "$NAMESPACE" >/dev/null 2>&1; then
    return 0
  fi
  echo "creating namespace $NAMESPACE (retention $RETENTION)"
  temporal operator namespace create --address "$ADDRESS" --namespace "$NAMESPACE" --retention "$RETENTION" || true
  # A new namespace takes a few seconds to reach every service's cache.
  temporal operator namespace describe --address "$ADDRESS" --namespace "$NAMESPACE" >/dev/null 2>&1
}
retry "namespace $NAMESPACE" ensure_namespace
echo "namespace $NAMESPACE exists"

ensure_search_attribute() {
  # ensure_search_attribute <name> <type>
  if temporal operator search-attribute list --address "$ADDRESS" --namespace "$NAMESPACE" | grep -qw "$1"; then
    return 0
  fi
  echo "registering search attribute $1 ($2)"
  temporal operator search-attribute create --address "$ADDRESS" --namespace "$NAMESPACE" --name "$1" --type "$2" || true
  temporal operator search-attribute list --address "$ADDRESS" --namespace "$NAMESPACE" | grep -qw "$1"
}

for pair in $SEARCH_ATTRIBUTES; do
  retry "search attribute ${pair%%:*}" ensure_search_attribute "${pair%%:*}" "${pair#*:}"
done

temporal operator search-attribute list --address "$ADDRESS" --namespace "$NAMESPACE"
echo "Temporal namespace $NAMESPACE is ready."
