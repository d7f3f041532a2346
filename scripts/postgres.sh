#!/usr/bin/env bash
# Runs a throwaway PostgreSQL 15 server in the background, for tests.
#   scripts/postgres.sh start DIR PORT   creates a cluster in DIR unless it holds one, starts the
#                                        server on 127.0.0.1:PORT with its socket and log (DIR/log)
#                                        in DIR, creates the database confide, prints its URI
#   scripts/postgres.sh stop DIR         stops that server (fast shutdown); DIR is kept
# DIR must be a path without spaces. As root the server runs as the postgres user (initdb
# refuses root): DIR is given to it, and it must be able to reach DIR (/tmp/... will do).
set -euo pipefail

bin=/usr/lib/postgresql/15/bin
database=confide

usage() {
  sed -n '3,8p' "$0" >&2
  exit 2
}

# Runs a server program as the user the server runs as, from DIR (a directory it may enter).
as_server() {
  if [[ $(id -u) -eq 0 ]]; then
    (cd "$dir" && runuser -u postgres -- "$@")
  else
    (cd "$dir" && "$@")
  fi
}

start() {
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  if [[ $(id -u) -eq 0 ]]; then
    chown postgres: "$dir"
    if ! runuser -u postgres -- test -w "$dir"; then
      echo "postgres.sh: the postgres user cannot reach $dir: every directory above it" \
        "must let others enter (as /tmp does)" >&2
      exit 1
    fi
  fi
  chmod 700 "$dir"
  if [[ ! -f $dir/PG_VERSION ]]; then
    local output
    if ! output=$(as_server "$bin/initdb" -D "$dir" -A trust -U postgres --locale=C.UTF-8 \
      -E UTF8 --no-sync 2>&1); then
      echo "$output" >&2
      exit 1
    fi
  fi
  if ! as_server "$bin/pg_ctl" -D "$dir" -l "$dir/log" -w -t 30 start \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1" >/dev/null; then
    tail -n 20 "$dir/log" >&2
    exit 1
  fi
  local exists
  exists=$("$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname = '$database'")
  [[ $exists == 1 ]] || "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$database"
  echo "postgresql://postgres@127.0.0.1:$port/$database"
}

stop() {
  [[ -d $dir ]] || return 0
  dir=$(cd "$dir" && pwd)
  if as_server "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
    as_server "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null
  fi
}

case "${1:-}" in
  start)
    [[ $# -eq 3 ]] || usage
    dir=$2 port=$3
    start
    ;;
  stop)
    [[ $# -eq 2 ]] || usage
    dir=$2
    stop
    ;;
  *) usage ;;
esac
