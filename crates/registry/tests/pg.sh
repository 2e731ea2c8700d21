#!/bin/sh
# Starts a throwaway PostgreSQL cluster for the registry tests and prints the
# line to export its URL:
#
#   eval "$(crates/registry/tests/pg.sh start)"   # sets ROOTWARD_TEST_POSTGRES_URL
#   cargo test -p rootward-registry
#   crates/registry/tests/pg.sh stop
#
# Needs the Debian package `postgresql` (initdb and pg_ctl under
# /usr/lib/postgresql/*/bin). The server runs as the `postgres` user when
# started as root (initdb refuses root), listens on 127.0.0.1 only, on port
# $ROOTWARD_PG_PORT (default 55432), with its data and socket in
# $ROOTWARD_PG_DIR (default /tmp/rootward-pg), trust authentication.
set -eu
DIR=${ROOTWARD_PG_DIR:-/tmp/rootward-pg}
PORT=${ROOTWARD_PG_PORT:-55432}
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$BIN" ]; then
  echo "pg.sh: PostgreSQL is not installed (apt-get install -y postgresql)" >&2
  exit 2
fi
as_pg() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$1"; else sh -c "$1"; fi
}
case "${1:-start}" in
  start)
    if [ ! -f "$DIR/PG_VERSION" ]; then
      mkdir -p "$DIR"
      [ "$(id -u)" = 0 ] && chown postgres "$DIR"
      as_pg "'$BIN/initdb' -D '$DIR' -U postgres --auth=trust >'$DIR.initdb.log' 2>&1"
    fi
    if ! as_pg "'$BIN/pg_ctl' -D '$DIR' status" >/dev/null 2>&1; then
      as_pg "'$BIN/pg_ctl' -D '$DIR' -l '$DIR/server.log' -w -o \"-p $PORT -k '$DIR' -c listen_addresses=127.0.0.1\" start" >&2
    fi
    echo "export ROOTWARD_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:$PORT/postgres"
    ;;
  stop)
    as_pg "'$BIN/pg_ctl' -D '$DIR' -m fast stop" >&2
    ;;
  *)
    echo "usage: pg.sh start|stop" >&2
    exit 2
    ;;
esac
