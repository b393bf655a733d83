#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests and the benchmark: a temporary directory, trust
# authentication for a superuser `delphi`, listening on 127.0.0.1 only.
#
#   eval "$(.ci/postgres.sh start)"         prints `export TEST_DATABASE_URL=...` and
#   eval "$(.ci/postgres.sh start --fast)"  `export PG_THROWAWAY_DIR=...`; --fast turns fsync off
#   .ci/postgres.sh stop [DIR]              stops the cluster in DIR ($PG_THROWAWAY_DIR) and removes it
#
# Only the export lines go to stdout; everything else goes to stderr.
set -euo pipefail

MARKER=.delphi-throwaway-postgres

die() {
  echo "postgres.sh: $*" >&2
  exit 1
}

# Debian installs the server binaries outside PATH; take the newest version there.
find_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
    echo "$dir"
  elif command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
  else
    die "initdb and pg_ctl not found under /usr/lib/postgresql/*/bin or on PATH"
  fi
}

# PostgreSQL refuses to run as root: then the server runs as the `postgres` system user.
as_server_user() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
  local fast=0
  for arg in "$@"; do
    case "$arg" in
      --fast) fast=1 ;;
      *) die "unknown option: $arg" ;;
    esac
  done

  local bin dir
  bin=$(find_bin)
  dir=$(mktemp -d "${TMPDIR:-/tmp}/delphi-pg.XXXXXX")
  touch "$dir/$MARKER"
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || die "running as root needs a 'postgres' system user"
    chown -R postgres: "$dir"
  fi
  # The server user may not be allowed into the caller's working directory.
  cd "$dir"

  # C collation compares bytes, as SQLite's default BINARY collation does, so ORDER BY on text
  # sorts the same on both databases.
  if ! as_server_user "$bin/initdb" -D "$dir/data" -U delphi --auth=trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    die "initdb failed"
  fi

  {
    echo "listen_addresses = '127.0.0.1'"
    echo "unix_socket_directories = '$dir'"
    echo "max_connections = 300"
    if [ "$fast" = 1 ]; then
      # For tests only: a crash loses the cluster, which is thrown away anyway.
      echo "fsync = off"
      echo "synchronous_commit = off"
      echo "full_page_writes = off"
    fi
  } >>"$dir/data/postgresql.conf"

  local port started=0
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    port=$((20000 + RANDOM % 40000))
    port_in_use "$port" && continue
    # Another process may take the port between the check and the start: then try another.
    if as_server_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 -o "-p $port" start >/dev/null 2>&1; then
      started=1
      break
    fi
  done
  if [ "$started" != 1 ]; then
    cat "$dir/postgres.log" >&2 2>/dev/null || true
    rm -rf "$dir"
    die "could not start PostgreSQL on a free port"
  fi

  if ! as_server_user "$bin/createdb" -h 127.0.0.1 -p "$port" -U delphi delphi >&2; then
    stop "$dir"
    die "createdb failed"
  fi

  echo "postgres.sh: PostgreSQL $("$bin/pg_ctl" --version | awk '{print $3}') on 127.0.0.1:$port, data in $dir" >&2
  echo "export TEST_DATABASE_URL=postgres://delphi@127.0.0.1:$port/delphi"
  echo "export PG_THROWAWAY_DIR=$dir"
}

stop() {
  local dir=${1:-${PG_THROWAWAY_DIR:-}}
  [ -n "$dir" ] || die "stop needs PG_THROWAWAY_DIR or a directory"
  [ -d "$dir" ] || return 0
  # Never remove a directory this script did not make.
  [ -f "$dir/$MARKER" ] || die "$dir is not a throwaway cluster"
  if [ -f "$dir/data/postmaster.pid" ]; then
    local bin
    bin=$(find_bin)
    (cd "$dir" && as_server_user "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null) || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start)
    shift
    start "$@"
    ;;
  stop)
    shift
    stop "$@"
    ;;
  *)
    echo "usage: $0 start [--fast] | stop [DIR]" >&2
    exit 2
    ;;
esac
