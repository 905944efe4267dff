# Sourced by scripts/test and scripts/bench: a throwaway PostgreSQL 15 cluster on loopback.
#
#   pg_start   initialises a cluster in ${TMPDIR:-/tmp}/intellimix-pg.XXXX, starts it on the first
#              free port from 55432 up, creates the database intellimix_test, and exports
#              INTELLIMIX_TEST_DATABASE_URL (also sets PGDIR, PGPORT)
#   pg_stop    stops the server and deletes its folder (safe to call twice, or before pg_start)
#
# The caller installs the traps that call pg_stop. Needs log() and die() from the caller.
# shellcheck shell=bash

PGBIN=/usr/lib/postgresql/15/bin
PGDIR=""
PGPORT=""

# as_pg CMD...: runs CMD as the postgres user when we are root (initdb refuses root).
as_pg() {
  if [[ $(id -u) -eq 0 ]]; then
    su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
  else
    "$@"
  fi
}

# port_in_use PORT: whether something accepts connections on 127.0.0.1:PORT.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pg_stop() {
  if [[ -n $PGDIR && -d $PGDIR ]]; then
    if [[ -f $PGDIR/data/postmaster.pid ]]; then
      log "stopping PostgreSQL on port $PGPORT"
      if ! as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -m fast -w -t 30 stop >/dev/null 2>&1; then
        # Only our own server: the first line of its pid file.
        local pid
        pid=$(head -n 1 "$PGDIR/data/postmaster.pid" 2>/dev/null || true)
        if [[ $pid =~ ^[0-9]+$ ]]; then kill -9 "$pid" 2>/dev/null || true; fi
      fi
    fi
    rm -rf "$PGDIR"
    log "removed $PGDIR"
  fi
  PGDIR=""
}

pg_start() {
  [[ -x $PGBIN/initdb ]] || die "PostgreSQL 15 is not installed ($PGBIN/initdb missing)"
  PGDIR=$(mktemp -d "${TMPDIR:-/tmp}/intellimix-pg.XXXX")
  if [[ $(id -u) -eq 0 ]]; then
    chown postgres:postgres "$PGDIR"
  fi
  # The server's socket path must stay short, and the postgres user must reach the folder.
  if (( ${#PGDIR} > 80 )) || ! as_pg test -w "$PGDIR"; then
    log "cannot use $PGDIR for the cluster (path too long or not writable by postgres); using /tmp"
    rm -rf "$PGDIR"
    PGDIR=$(mktemp -d /tmp/intellimix-pg.XXXX)
    if [[ $(id -u) -eq 0 ]]; then
      chown postgres:postgres "$PGDIR"
    fi
  fi
  log "initialising a throwaway PostgreSQL cluster in $PGDIR"
  as_pg "$PGBIN/initdb" -D "$PGDIR/data" -U postgres --auth=trust -E UTF8 --locale=C --no-sync \
    >"$PGDIR/initdb.log" 2>&1 || { cat "$PGDIR/initdb.log" >&2; die "initdb failed"; }

  # The first free port from 55432 up; if another process takes it before the server binds
  # it, the start fails and the next port is tried.
  local port
  for ((port = 55432; port < 55532; port++)); do
    port_in_use "$port" && continue
    if as_pg "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 30 \
      -o "-p $port -k $PGDIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null 2>&1; then
      PGPORT=$port
      break
    fi
    log "could not start on port $port; trying the next one"
  done
  [[ -n $PGPORT ]] || { cat "$PGDIR/server.log" >&2 || true; die "could not start PostgreSQL"; }
  "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
    -c "create database intellimix_test" >&2 || die "could not create the test database"
  export INTELLIMIX_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/intellimix_test"
  log "PostgreSQL 15 ready: $INTELLIMIX_TEST_DATABASE_URL"
}
