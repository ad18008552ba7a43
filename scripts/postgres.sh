#!/usr/bin/env bash
# Makes sure the PostgreSQL the tests use answers: 127.0.0.1:5432, trust authentication for local
# and 127.0.0.1 connections, a database `test`. Starts the installed cluster, or installs Debian's
# `postgresql` (as root) when there is none.
#
#   scripts/postgres.sh ensure   # default: install, start and configure when needed
#   scripts/postgres.sh status   # exit 0 when the test database answers, 1 otherwise
#
# Used by ./hearth test (and so by .ci/run), which then makes the PostgreSQL tests fail, not skip,
# when PostgreSQL cannot be reached.
set -euo pipefail

HOST=127.0.0.1
PORT="${HEARTH_TEST_POSTGRES_PORT:-5432}"
DB=test
USER_NAME=postgres
CLUSTER="${HEARTH_TEST_POSTGRES_CLUSTER:-main}" # the Debian cluster started when nothing answers
WAIT_SECS="${HEARTH_POSTGRES_WAIT_SECS:-60}"

say() { printf 'postgres: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

# Whether something accepts connections on the port (not yet whether we may log in).
answers() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h "$HOST" -p "$PORT" -t 2 >/dev/null 2>&1
  else
    (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null
  fi
}

# Runs one statement as the test user over TCP without a password (trust), printing the result.
sql() {
  PGCONNECT_TIMEOUT=3 psql -w -X -q -At -h "$HOST" -p "$PORT" -U "$USER_NAME" -d "$1" -c "$2" 2>/dev/null
}

can_log_in() { sql postgres 'SELECT 1' | grep -qx 1; }

has_test_db() { sql postgres "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -qx 1; }

# The newest installed cluster version, or nothing.
cluster_version() {
  [ -d /etc/postgresql ] || return 0
  ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1
}

need_root() {
  [ "$(id -u)" -eq 0 ] || die "$1 needs root. Run this script as root, or start PostgreSQL on $HOST:$PORT yourself
  with trust authentication for local connections and a database '$DB'."
}

install_postgres() {
  need_root "no PostgreSQL is installed, and installing one"
  command -v apt-get >/dev/null 2>&1 || die "no PostgreSQL answers on $HOST:$PORT and this is not a Debian-like system
  (no apt-get). Install and start PostgreSQL with trust authentication and a database '$DB', then run this again."
  say "installing Debian's postgresql (one time)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null || die "apt-get update failed; check the package sources"
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null \
    || die "apt-get install postgresql failed; see apt's output above"
  if [ -z "$(cluster_version)" ]; then
    local v
    v="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
    [ -n "$v" ] || die "postgresql is installed but no server version was found in /usr/lib/postgresql"
    pg_createcluster "$v" "$CLUSTER" >/dev/null || die "pg_createcluster $v $CLUSTER failed"
  fi
}

start_cluster() {
  local v
  v="$(cluster_version)"
  need_root "PostgreSQL $v is installed but not running, and starting it"
  say "starting the PostgreSQL $v cluster '$CLUSTER'..."
  install -d -o postgres -g postgres -m 2775 /var/run/postgresql
  pg_ctlcluster --skip-systemctl-redirect "$v" "$CLUSTER" start \
    || die "pg_ctlcluster $v $CLUSTER start failed; its log: /var/log/postgresql/postgresql-$v-$CLUSTER.log"
  local waited=0
  until answers; do
    sleep 0.5
    waited=$((waited + 1))
    if [ "$waited" -ge $((WAIT_SECS * 2)) ]; then
      tail -n 20 "/var/log/postgresql/postgresql-$v-$CLUSTER.log" >&2 || true
      die "PostgreSQL did not answer on $HOST:$PORT within ${WAIT_SECS}s; its log is above"
    fi
  done
}

# Puts trust rules for local and 127.0.0.1 connections first in the cluster's pg_hba.conf.
trust_local_connections() {
  local v hba
  v="$(cluster_version)"
  [ -n "$v" ] || die "PostgreSQL on $HOST:$PORT refuses user '$USER_NAME' without a password, and it is not a
  Debian cluster this script can configure. Allow trust authentication for $HOST yourself."
  need_root "PostgreSQL refuses user '$USER_NAME' without a password; allowing trust authentication"
  hba="/etc/postgresql/$v/$CLUSTER/pg_hba.conf"
  say "allowing trust authentication for local and $HOST connections in $hba..."
  local rules
  rules="$(printf '%s\n' '# Added by Hearth'"'"'s scripts/postgres.sh: the test database trusts this machine.' \
    'local   all   all                 trust' \
    'host    all   all   127.0.0.1/32  trust')"
  printf '%s\n%s\n' "$rules" "$(cat "$hba")" >"$hba.hearth" && mv "$hba.hearth" "$hba"
  chown postgres:postgres "$hba"
  pg_ctlcluster --skip-systemctl-redirect "$v" "$CLUSTER" reload || die "pg_ctlcluster $v $CLUSTER reload failed"
  local waited=0
  until can_log_in; do
    sleep 0.5
    waited=$((waited + 1))
    [ "$waited" -lt 20 ] || die "PostgreSQL still refuses user '$USER_NAME' without a password after the reload; see $hba"
  done
}

ensure() {
  if ! command -v psql >/dev/null 2>&1 && answers; then
    need_root "psql is missing; installing it"
    say "installing Debian's postgresql-client (one time)..."
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql-client >/dev/null \
      || die "apt-get install postgresql-client failed"
  fi
  if ! answers; then
    [ -n "$(cluster_version)" ] && command -v pg_ctlcluster >/dev/null 2>&1 || install_postgres
    start_cluster
  fi
  can_log_in || trust_local_connections
  if ! has_test_db; then
    say "creating the database '$DB'..."
    sql postgres "CREATE DATABASE $DB" >/dev/null || has_test_db || die "could not create the database '$DB'"
  fi
  say "PostgreSQL is up on $HOST:$PORT (database '$DB', user '$USER_NAME', trust)"
}

case "${1:-ensure}" in
  ensure) ensure ;;
  status) answers && can_log_in && has_test_db || exit 1 ;;
  *) die "usage: $0 [ensure|status]" ;;
esac
